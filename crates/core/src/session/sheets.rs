//! Spreadsheets from the window: an import previewed, then written with the mapping the officer
//! confirmed on screen; an export written where the officer chose.

use super::Session;
use crate::i18n::Locale;
use crate::messages::{UserError, import_run_message, sheet_message};
use crate::sheets::import::{self, ColumnMapping, ImportChoice, ImportRunError, SheetImport};
use crate::sheets::{ExportOptions, SheetKind};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;

/// A checklist template installed from a spreadsheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct TemplateInstalled {
    pub name: String,
    pub version: String,
    #[specta(type = u32)]
    pub items: usize,
    /// The very same template was installed before (it is in force again).
    pub again: bool,
}

/// A spreadsheet written by the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct SheetWritten {
    pub path: String,
    #[specta(type = u32)]
    pub lines: usize,
    #[specta(type = u32)]
    pub kilobytes: usize,
}

/// Writes a file the officer asked for where they chose, whole; a failure in their words.
pub(super) fn write_out(path: &Path, bytes: &[u8], locale: Locale) -> Result<(), UserError> {
    crate::files::write_whole(path, bytes).map_err(|source| {
        let e = crate::privacy::ExportError::Write {
            path: path.to_owned(),
            source,
        };
        UserError {
            code: crate::code::Code::ExportWrite,
            message: crate::messages::export_message(&e, locale),
        }
    })
}

pub(super) fn bad_path(locale: Locale) -> UserError {
    UserError {
        code: crate::code::Code::BadPath,
        message: locale
            .pick("请选择一个文件。", "請選擇一個檔案。", "Choose a file.")
            .into(),
    }
}

fn run_error(e: &ImportRunError, locale: Locale) -> UserError {
    UserError {
        code: match e {
            ImportRunError::File(_) => crate::code::Code::ImportFile,
            ImportRunError::Store(s) => s.code(),
            ImportRunError::MappingNotConfirmed => crate::code::Code::ImportMapping,
            ImportRunError::BrokenRows { .. } => crate::code::Code::ImportBrokenRows,
        },
        message: import_run_message(e, locale),
    }
}

impl Session {
    /// Reads `path` and shows what importing it would do, under `mapping` when the officer has
    /// set one on screen, else the remembered or guessed one. Writes nothing.
    pub fn preview_import(
        &mut self,
        locale: Locale,
        path: &Path,
        mapping: Option<Vec<ColumnMapping>>,
        today: NaiveDate,
    ) -> Result<SheetImport, UserError> {
        let path = self.granted(locale, super::PathPurpose::ImportSheet, path, false)?;
        self.import(locale, &path, mapping, ImportChoice::Preview, today)
    }

    /// Writes the import in one transaction under the mapping shown and confirmed on screen;
    /// broken rows are skipped only when the officer chose so.
    pub fn write_import(
        &mut self,
        locale: Locale,
        path: &Path,
        mapping: Vec<ColumnMapping>,
        skip_broken: bool,
        today: NaiveDate,
    ) -> Result<SheetImport, UserError> {
        let path = self.granted(locale, super::PathPurpose::ImportSheet, path, true)?;
        self.import(
            locale,
            &path,
            Some(mapping),
            ImportChoice::Write { skip_broken },
            today,
        )
    }

    fn import(
        &mut self,
        locale: Locale,
        path: &Path,
        mapping: Option<Vec<ColumnMapping>>,
        choice: ImportChoice,
        today: NaiveDate,
    ) -> Result<SheetImport, UserError> {
        if !path.is_absolute() {
            return Err(bad_path(locale));
        }
        let file =
            import::open_path(path).map_err(|e| run_error(&ImportRunError::File(e), locale))?;
        let store = self.store_mut(locale)?;
        import::run_import(
            store,
            &file,
            mapping,
            choice,
            today,
            super::visits::now(),
            locale,
        )
        .map_err(|e| run_error(&e, locale))
    }

    /// Writes the spreadsheet `kind` as of `today` to `path`.
    pub fn export_sheet(
        &mut self,
        locale: Locale,
        kind: SheetKind,
        path: &Path,
        today: NaiveDate,
    ) -> Result<SheetWritten, UserError> {
        if !path.is_absolute() {
            return Err(bad_path(locale));
        }
        let path = &self.granted(locale, super::PathPurpose::SaveSheet, path, true)?;
        let store = self.store(locale)?;
        let exported = crate::sheets::export(store, kind, today, &ExportOptions::default(), locale)
            .map_err(|e| UserError {
                code: crate::code::Code::ExportSheet,
                message: sheet_message(&e, locale),
            })?;
        write_out(path, &exported.bytes, locale)?;
        Ok(SheetWritten {
            path: path.display().to_string(),
            lines: exported.lines,
            kilobytes: exported.bytes.len().div_ceil(1024),
        })
    }

    /// Installs the checklist template edited in `path` (from the exported template): every line
    /// checked first; new visits start from it.
    pub fn install_template_sheet(
        &mut self,
        locale: Locale,
        path: &Path,
    ) -> Result<TemplateInstalled, UserError> {
        if !path.is_absolute() {
            return Err(bad_path(locale));
        }
        let path = &self.granted(locale, super::PathPurpose::TemplateSheet, path, true)?;
        let origin = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| UserError {
            code: crate::code::Code::TemplateRead,
            message: format!(
                "{}{origin}（{e}）",
                locale.pick("无法读取文件：", "無法讀取檔案：", "Cannot read the file: ")
            ),
        })?;
        let catalog = crate::signals::SignalCatalog::builtin();
        let (template, toml) = crate::sheets::template::read_template(&bytes, &origin, &catalog)
            .map_err(|e| UserError {
                code: crate::code::Code::TemplateSheet,
                message: crate::messages::template_sheet_message(&e, &origin, locale),
            })?;
        let store = self.store_mut(locale)?;
        let (_, outcome) = store
            .install_template(&toml, &origin, super::visits::now())
            .map_err(|e| UserError::from_store(&e, locale))?;
        Ok(TemplateInstalled {
            name: template.template.name.clone(),
            version: template.template.version.clone(),
            items: template.items.len(),
            again: outcome == crate::store::Installed::Again,
        })
    }

    /// The portfolio at a glance as of `today`.
    pub fn portfolio_overview(
        &self,
        locale: Locale,
        today: NaiveDate,
    ) -> Result<crate::overview::PortfolioOverview, UserError> {
        let store = self.store_unused(locale)?;
        let err = |e: crate::store::StoreError| UserError::from_store(&e, locale);
        let policy = store.policy_in_force().map_err(err)?;
        crate::overview::overview(
            store,
            &policy,
            &store.calendar().map_err(err)?,
            today,
            locale,
        )
        .map_err(err)
    }
}

impl Session {
    /// Each officer's evidence flags over the twelve months to `today` (visits completed with a
    /// visit date in them), judged by the policy in force: for managers.
    pub fn evidence_by_officer(
        &self,
        locale: Locale,
        today: NaiveDate,
    ) -> Result<crate::evidence::by_officer::EvidenceByOfficer, UserError> {
        let store = self.store_unused(locale)?;
        let err = |e: crate::store::StoreError| UserError::from_store(&e, locale);
        let rules = store.policy_in_force().map_err(err)?.evidence();
        let from = today
            .checked_sub_months(chrono::Months::new(12))
            .and_then(|d| d.succ_opt())
            .unwrap_or(today);
        let officers = store.evidence_counts(from, today, &rules).map_err(err)?;
        Ok(crate::evidence::by_officer::EvidenceByOfficer {
            from,
            to: today,
            copied_share: rules.copied_share,
            site_max_distance_m: rules.site_max_distance_m,
            officers,
        })
    }
}
