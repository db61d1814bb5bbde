//! Which paths the window may name. A path that reaches the core from the window is taken only
//! when the officer chose it for that very purpose in a native dialog the shell opened (a grant,
//! recorded by the shell with [`Session::grant_path`], never from anything the window sends),
//! used once, within [`GRANT_LIFETIME`]. So a window that ran someone else's script still could
//! not read `~/.ssh/id_ed25519` as a "spreadsheet", nor write a "report" over `~/.bashrc`. The
//! command-line companion grants what its user typed, as a dialog would.

use super::Session;
use crate::i18n::Locale;
use crate::messages::UserError;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a path chosen in a dialog stays usable.
pub const GRANT_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// What a path was chosen for: each opens its own dialog, with its own filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PathPurpose {
    /// A spreadsheet from the core system to import (.xlsx, .xls, .csv).
    ImportSheet,
    /// An edited checklist template to install (.xlsx, .xls).
    TemplateSheet,
    /// Where to save a 保后检查表 (.pdf).
    SaveReport,
    /// Where to save one of the office's spreadsheets (.xlsx).
    SaveSheet,
    /// Where to save the visit plan written when its task is closed (.xlsx).
    SavePlan,
    /// The folder a borrower's data is exported into.
    ExportFolder,
    /// Photos to add to a visit (files).
    Photos,
    /// A camera card's folder of photos to add to a visit.
    PhotoFolder,
    /// The scan of a repayment's voucher (an image).
    VoucherScan,
}

impl PathPurpose {
    /// Whether the dialog picks a folder rather than a file.
    pub fn is_folder(self) -> bool {
        matches!(self, PathPurpose::ExportFolder | PathPurpose::PhotoFolder)
    }

    /// Whether the dialog takes several files at once.
    pub fn many(self) -> bool {
        matches!(self, PathPurpose::Photos)
    }

    /// Whether the dialog saves (asks for a new file's name) rather than opens.
    pub fn saves(self) -> bool {
        matches!(
            self,
            PathPurpose::SaveReport | PathPurpose::SaveSheet | PathPurpose::SavePlan
        )
    }

    /// The file name extensions the dialog offers (none: any).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            PathPurpose::ImportSheet => &["xlsx", "xls", "csv", "txt"],
            PathPurpose::TemplateSheet => &["xlsx", "xls"],
            PathPurpose::SaveReport => &["pdf"],
            PathPurpose::SaveSheet | PathPurpose::SavePlan => &["xlsx"],
            PathPurpose::Photos | PathPurpose::VoucherScan => {
                &["jpg", "jpeg", "png", "webp", "tif", "tiff"]
            }
            PathPurpose::ExportFolder | PathPurpose::PhotoFolder => &[],
        }
    }

    /// The dialog's title.
    pub fn title(self, l: Locale) -> &'static str {
        match self {
            PathPurpose::ImportSheet => l.pick(
                "选择要导入的台账",
                "選擇要匯入的台帳",
                "Choose the ledger to import",
            ),
            PathPurpose::TemplateSheet => l.pick(
                "选择改好的检查表模板",
                "選擇改好的檢查表範本",
                "Choose the edited checklist template",
            ),
            PathPurpose::SaveReport => l.pick("检查表另存为", "檢查表另存為", "Save the report as"),
            PathPurpose::SaveSheet => l.pick("报表另存为", "報表另存為", "Save the spreadsheet as"),
            PathPurpose::SavePlan => l.pick(
                "回访计划表另存为",
                "回訪計劃表另存為",
                "Save the visit plan as",
            ),
            PathPurpose::ExportFolder => l.pick(
                "选择导出到哪个文件夹",
                "選擇匯出到哪個資料夾",
                "Choose the folder to export into",
            ),
            PathPurpose::Photos => l.pick("选择照片", "選擇照片", "Choose photos"),
            PathPurpose::PhotoFolder => l.pick(
                "选择相机存储卡上的文件夹",
                "選擇相機記憶卡上的資料夾",
                "Choose the camera card's folder",
            ),
            PathPurpose::VoucherScan => l.pick(
                "选择还款凭证扫描件",
                "選擇還款憑證掃描件",
                "Choose the voucher's scan",
            ),
        }
    }
}

/// A path the officer chose in a dialog, for a purpose, at a time.
#[derive(Clone, Debug)]
pub(super) struct PathGrant {
    purpose: PathPurpose,
    path: PathBuf,
    at: Instant,
}

impl Session {
    /// Records that the officer chose `path` for `purpose` in a native dialog the shell opened
    /// (or typed it on the command line). Never called with a path the window sent.
    pub fn grant_path(&mut self, purpose: PathPurpose, path: PathBuf) {
        let now = Instant::now();
        self.grants
            .retain(|g| now.duration_since(g.at) < GRANT_LIFETIME);
        self.grants.push(PathGrant {
            purpose,
            path,
            at: now,
        });
    }

    /// `path`, if it was chosen for `purpose` within [`GRANT_LIFETIME`]; `consume` ends the
    /// grant (a preview leaves it for the import that follows). Otherwise the refusal, in words.
    pub fn granted(
        &mut self,
        locale: Locale,
        purpose: PathPurpose,
        path: &Path,
        consume: bool,
    ) -> Result<PathBuf, UserError> {
        let now = Instant::now();
        let found = self.grants.iter().position(|g| {
            g.purpose == purpose && g.path == path && now.duration_since(g.at) < GRANT_LIFETIME
        });
        match found {
            Some(i) if consume => Ok(self.grants.remove(i).path),
            Some(i) => Ok(self.grants[i].path.clone()),
            None => Err(UserError {
                code: crate::code::Code::BadPath,
                message: format!(
                    "{}{}{}",
                    locale.pick(
                        "这个位置不是刚才在本程序的对话框中选定的，未读写：",
                        "這個位置不是剛才在本程式的對話框中選定的，未讀寫：",
                        "This location was not just chosen in the app's own dialog; nothing was read or written: "
                    ),
                    path.display(),
                    locale.pick(
                        "。请点“选择…”重新选择。",
                        "。請點「選擇…」重新選擇。",
                        ". Choose it again with the button."
                    )
                ),
            }),
        }
    }
}

impl Session {
    /// The photos (files, or a camera card's folder) the officer chose to add, each ending its
    /// grant; none is taken unless all were chosen.
    pub fn granted_photos(
        &mut self,
        locale: Locale,
        paths: &[PathBuf],
    ) -> Result<Vec<PathBuf>, UserError> {
        let purpose_of = |s: &mut Session, p: &Path| {
            s.granted(locale, PathPurpose::Photos, p, false)
                .map(|_| PathPurpose::Photos)
                .or_else(|_| {
                    s.granted(locale, PathPurpose::PhotoFolder, p, false)
                        .map(|_| PathPurpose::PhotoFolder)
                })
        };
        let mut purposes = Vec::with_capacity(paths.len());
        for p in paths {
            purposes.push(purpose_of(self, p)?);
        }
        paths
            .iter()
            .zip(purposes)
            .map(|(p, purpose)| self.granted(locale, purpose, p, true))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::OpenMode;

    #[test]
    fn a_path_is_taken_only_as_chosen_for_its_purpose_and_once() {
        let mut s = Session::open("/nonexistent/保后.sqlite3", OpenMode::Existing);
        let chosen = PathBuf::from("/home/officer/台账.xlsx");
        let refused = |s: &mut Session, purpose, path: &str, consume| {
            let e = s
                .granted(Locale::ZhCn, purpose, Path::new(path), consume)
                .unwrap_err();
            assert_eq!(e.code, crate::code::Code::BadPath);
            assert!(
                e.message.contains("不是刚才在本程序的对话框中选定的"),
                "{}",
                e.message
            );
        };
        // Nothing chosen: refused, whatever the window names.
        refused(
            &mut s,
            PathPurpose::ImportSheet,
            "/home/officer/.ssh/id_ed25519",
            false,
        );
        s.grant_path(PathPurpose::ImportSheet, chosen.clone());
        // Another path, or the same path for another purpose: refused.
        refused(
            &mut s,
            PathPurpose::ImportSheet,
            "/home/officer/.ssh/id_ed25519",
            false,
        );
        refused(
            &mut s,
            PathPurpose::SaveSheet,
            "/home/officer/台账.xlsx",
            true,
        );
        // The preview leaves it for the import, which ends it.
        assert_eq!(
            s.granted(Locale::ZhCn, PathPurpose::ImportSheet, &chosen, false)
                .unwrap(),
            chosen
        );
        s.granted(Locale::ZhCn, PathPurpose::ImportSheet, &chosen, true)
            .unwrap();
        refused(
            &mut s,
            PathPurpose::ImportSheet,
            "/home/officer/台账.xlsx",
            true,
        );
        // A grant ages out.
        s.grant_path(PathPurpose::Photos, PathBuf::from("/media/card"));
        if let Some(long_ago) = Instant::now().checked_sub(GRANT_LIFETIME + Duration::from_secs(1))
        {
            s.grants[0].at = long_ago;
            refused(&mut s, PathPurpose::Photos, "/media/card", true);
        }
    }
}
