//! The 保后检查表 from the app: a visit's report written to a PDF file (final or a marked draft),
//! the signatures drawn on screen, and the images the window shows (photos and signatures).

use super::Session;
use super::visits::{VisitScreen, now};
use crate::i18n::Locale;
use crate::messages::UserError;
use crate::report::{self, Kind, ReportError};
use crate::visit::{SignatureRole, VisitId};
use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A report written to disk, for the window to open, print or save elsewhere.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct ReportFile {
    /// Where the PDF was written.
    pub path: String,
    pub file_name: String,
    pub document_no: String,
    /// SHA-256 of the report's canonical content (also in the QR code on every page).
    pub content_sha256: String,
    pub pages: u32,
    #[specta(type = u32)]
    pub size_bytes: u64,
    /// False for a draft: marked 草稿 on every page and not recorded.
    pub is_final: bool,
    /// When this final report was first issued (the date of the visit's report).
    pub first_issued_at: Option<DateTime<FixedOffset>>,
    pub generated_at: DateTime<FixedOffset>,
}

/// Where a report goes.
#[derive(Clone, Copy, Debug)]
pub enum ReportTarget<'a> {
    /// Into this folder (created if missing), under the report's own file name.
    Folder(&'a Path),
    /// To exactly this file (the user's "save as").
    File(&'a Path),
    /// Into the session's private print folder (see [`Session::set_print_folder`]), emptied when
    /// the app locks: a report written to be opened and printed does not stay in the clear.
    Print,
}

/// An image the window shows, served from the database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServedImage {
    pub bytes: Vec<u8>,
    pub mime: String,
}

impl Session {
    /// Renders a visit's report and writes it. A final report needs a completed visit and is
    /// recorded with its document number and digest the first time; a draft can be printed at any
    /// time. A full disk or a bad folder is an error that leaves the database as it was.
    pub fn export_report(
        &mut self,
        locale: Locale,
        id: VisitId,
        draft: bool,
        target: ReportTarget<'_>,
    ) -> Result<ReportFile, UserError> {
        let err = |e: ReportError| UserError::from_report(&e, locale);
        // "Save as" writes only where the officer chose in the dialog, and only a PDF: the
        // file joins those the window may have the system open.
        if let ReportTarget::File(file) = target {
            let pdf = file
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("pdf"));
            if !pdf {
                return Err(UserError {
                    code: crate::code::Code::BadPath,
                    message: locale
                        .pick(
                            "检查表只能另存为 .pdf 文件。",
                            "檢查表只能另存為 .pdf 檔案。",
                            "A report is saved as a .pdf file only.",
                        )
                        .to_owned(),
                });
            }
            self.granted(locale, super::PathPurpose::SaveReport, file, true)?;
        }
        let print_folder = self.print_folder.clone();
        let (store, catalog) = self.store_and_catalog(locale)?;
        let kind = if draft { Kind::Draft } else { Kind::Final };
        let generated_at = now();
        let rendered = report::issue(store, catalog, id, kind, generated_at).map_err(err)?;
        let file_name = report::file_name(&rendered.content);
        let path = match target {
            ReportTarget::Folder(dir) => {
                std::fs::create_dir_all(dir).map_err(|source| {
                    err(ReportError::Write {
                        path: dir.to_path_buf(),
                        source,
                    })
                })?;
                dir.join(&file_name)
            }
            ReportTarget::File(file) => file.to_path_buf(),
            ReportTarget::Print => print_path(print_folder.as_deref(), &file_name).map_err(err)?,
        };
        report::write_pdf(&path, &rendered.pdf).map_err(err)?;
        self.written_reports.insert(path.clone());
        Ok(ReportFile {
            path: path.display().to_string(),
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or(file_name),
            document_no: rendered.content.document_no.clone(),
            content_sha256: rendered.digest,
            pages: u32::try_from(rendered.pages).unwrap_or(u32::MAX),
            size_bytes: rendered.pdf.len() as u64,
            is_final: rendered.content.is_final,
            first_issued_at: rendered.issued.map(|i| i.generated_at),
            generated_at,
        })
    }

    /// The file to open in the system's PDF viewer: only a report this session wrote (the
    /// window cannot have the system open anything else, a program or an address).
    pub fn report_to_open(&self, locale: Locale, path: &str) -> Result<PathBuf, UserError> {
        let path = PathBuf::from(path);
        if self.written_reports.contains(&path) && path.is_file() {
            return Ok(path);
        }
        Err(UserError {
            code: crate::code::Code::NotAReport,
            message: format!(
                "{}{}",
                locale.pick(
                    "只能打开本次生成的检查表：",
                    "只能開啟本次產生的檢查表：",
                    "Only a report written in this session can be opened: "
                ),
                path.display()
            ),
        })
    }

    /// A file of that name in the private print folder (made private first).
    pub(super) fn print_path(&self, locale: Locale, file_name: &str) -> Result<PathBuf, UserError> {
        print_path(self.print_folder.as_deref(), file_name)
            .map_err(|e| UserError::from_report(&e, locale))
    }

    /// Where reports written to be printed go: a folder only this user can read, emptied now
    /// (what an earlier run left) and whenever the app locks.
    pub fn set_print_folder(&mut self, dir: PathBuf) {
        let _ = report::clear_private_folder(&dir);
        self.print_folder = Some(dir);
    }

    /// Takes a signature drawn on screen (a PNG) for the officer, or for the borrower's
    /// representative once they confirmed; signing again replaces it.
    pub fn sign_visit(
        &mut self,
        locale: Locale,
        id: VisitId,
        role: SignatureRole,
        signer: &str,
        png: &[u8],
    ) -> Result<VisitScreen, UserError> {
        self.write(locale, |store, _, _| {
            store.sign_visit(id, role, signer, png, now())
        })?;
        self.screen(id, locale)
    }

    /// The image at a `photo://` path: `thumb-PHOTO`, `full-PHOTO`, or `sig-VISIT-ROLE-SHA`
    /// (the signature's hash makes a new signature a new address). `None` when there is none.
    pub fn image_at(&self, path: &str) -> Option<ServedImage> {
        let store = self.open.as_ref().map(|o| &o.store)?;
        store.integrity(false).ok()?;
        let mut parts = path.trim_start_matches('/').split('-');
        match (parts.next()?, parts.next()?.parse::<i64>().ok()?) {
            ("thumb", photo) => store
                .photo_thumbnail(photo)
                .ok()
                .map(|(bytes, mime)| ServedImage { bytes, mime }),
            ("full", photo) => Some(ServedImage {
                mime: store.photo_mime(photo).ok()?,
                bytes: store.photo_bytes(photo).ok()?,
            }),
            ("sig", visit) => {
                let role = SignatureRole::from_code(parts.next()?).ok()?;
                store
                    .signatures(visit)
                    .ok()?
                    .into_iter()
                    .find(|s| s.role == role)
                    .map(|s| ServedImage {
                        bytes: s.png,
                        mime: "image/png".into(),
                    })
            }
            _ => None,
        }
    }
}

/// A file in the private print folder, which is made private first.
fn print_path(folder: Option<&Path>, file_name: &str) -> Result<PathBuf, ReportError> {
    let dir = folder.ok_or_else(|| ReportError::Write {
        path: PathBuf::from("."),
        source: std::io::Error::other("no print folder set"),
    })?;
    report::private_folder(dir).map_err(|source| ReportError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    Ok(dir.join(file_name))
}

#[cfg(test)]
mod tests;
