//! Privacy: a borrower's data on the laptop. The policy's `[security] released_retention_days`
//! says how long a released borrower stays after 解保 ([`retention`]); [`export_borrower`] writes
//! everything the laptop holds about one borrower to a folder the user chose (the one way it
//! leaves in the clear, on purpose); `Store::remove_borrower` takes it off the laptop once head
//! office holds its reports.

use crate::i18n::Locale;
use crate::policy::Policy;
use crate::portfolio::BorrowerId;
use crate::store::audit::{AuditEntry, Entity};
use crate::store::{RetentionItem, Store, StoreError};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The shape of `borrower.json`.
pub const EXPORT_FORMAT: u32 = 1;

/// What can stop an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Borrowers whose guarantees are all released, each with the day it is due to leave the
/// laptop under the policy in force and what still holds it; `due` is whether that day is
/// `today` or past.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct RetentionRow {
    pub item: RetentionItem,
    pub due: bool,
}

/// The released borrowers under `policy`'s retention, as of `today`.
pub fn retention(
    store: &Store,
    policy: &Policy,
    today: NaiveDate,
) -> Result<Vec<RetentionRow>, StoreError> {
    Ok(store
        .retention_items(policy.released_retention_days())?
        .into_iter()
        .map(|item| RetentionRow {
            due: item.due_on <= today,
            item,
        })
        .collect())
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct ExportSummary {
    pub folder: String,
    pub files: u32,
    #[specta(type = f64)]
    pub bytes: u64,
}

#[derive(Serialize)]
struct GuaranteeExport {
    guarantee: crate::portfolio::Guarantee,
    counter_guarantees: Vec<crate::portfolio::CounterGuarantee>,
    classification_changes: Vec<crate::portfolio::ClassificationChange>,
    signals: Vec<crate::signals::WarningSignal>,
    visits: Vec<crate::visit::Visit>,
    audit: Vec<AuditEntry>,
}

#[derive(Serialize)]
struct ReportExport {
    document_no: String,
    visit_id: i64,
    visit_version: u32,
    content_sha256: String,
    pdf_sha256: String,
    pdf_file: String,
    seal_file: Option<String>,
}

#[derive(Serialize)]
struct BorrowerExport {
    format: u32,
    exported_at: DateTime<FixedOffset>,
    borrower: crate::portfolio::Borrower,
    guarantees: Vec<GuaranteeExport>,
    reports: Vec<ReportExport>,
    photos: Vec<String>,
}

/// Writes everything the laptop holds about a borrower into a new folder inside `into`:
/// `borrower.json` (the borrower, each guarantee with its counter-guarantees, classification
/// history, signals, visits and audit entries), `reports/` (each issued PDF with its seal) and
/// `photos/` (each original). Every file is written whole (temporary file, fsync, rename) and the
/// folders are synced; an existing folder is never overwritten.
pub fn export_borrower(
    store: &Store,
    borrower_id: BorrowerId,
    into: &Path,
    now: DateTime<FixedOffset>,
) -> Result<ExportSummary, ExportError> {
    let borrower = store.borrower(borrower_id)?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut guarantees = Vec::new();
    let mut reports = Vec::new();
    let mut photos = Vec::new();
    let issued = store.issued_reports()?;
    for g in store.guarantees_of_borrower(borrower_id)? {
        let guarantee = store.guarantee(g)?;
        let mut visits = Vec::new();
        let mut audit = store.audit_entries(Entity::Tier, g)?;
        audit.extend(store.audit_entries(Entity::Class, g)?);
        for summary in store.visit_summaries(g)? {
            let visit = store.visit(summary.id)?;
            for p in &visit.photos {
                let name = format!(
                    "photos/{}-{}-{}",
                    visit.id,
                    p.id,
                    safe_file_name(&p.file_name)
                );
                files.push((name.clone(), store.photo_bytes(p.id)?));
                photos.push(name);
            }
            for r in issued.iter().filter(|r| r.visit_id == visit.id) {
                let pdf_file = format!("reports/{}.pdf", r.document_no);
                files.push((pdf_file.clone(), store.issued_pdf(&r.document_no)?));
                let seal_file = match store.recorded_seal(&r.document_no)? {
                    Some(seal) => {
                        let name = format!("reports/{}.seal.json", r.document_no);
                        files.push((name.clone(), seal.to_json()));
                        Some(name)
                    }
                    None => None,
                };
                reports.push(ReportExport {
                    document_no: r.document_no.clone(),
                    visit_id: r.visit_id,
                    visit_version: r.visit_version,
                    content_sha256: r.content_sha256.clone(),
                    pdf_sha256: r.pdf_sha256.clone(),
                    pdf_file,
                    seal_file,
                });
            }
            audit.extend(store.audit_entries(Entity::Visit, visit.id)?);
            visits.push(visit);
        }
        let signals = store.signals_of(g)?;
        for s in &signals {
            audit.extend(store.audit_entries(Entity::Signal, s.id)?);
        }
        audit.sort_by_key(|e| e.seq);
        guarantees.push(GuaranteeExport {
            counter_guarantees: store.counter_guarantees(g)?,
            classification_changes: store.classification_changes(g)?,
            signals,
            visits,
            audit,
            guarantee,
        });
    }
    let folder_name = format!("{}-{}", safe_file_name(&borrower.name), borrower.id);
    let export = BorrowerExport {
        format: EXPORT_FORMAT,
        exported_at: now,
        borrower,
        guarantees,
        reports,
        photos,
    };
    let mut json = serde_json::to_vec_pretty(&export).expect("an export serialises");
    json.push(b'\n');
    files.insert(0, ("borrower.json".to_owned(), json));

    let folder = into.join(folder_name);
    let fail = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ExportError::Write { path, source }
    };
    std::fs::create_dir(&folder).map_err(fail(&folder))?;
    let mut bytes = 0u64;
    for (name, content) in &files {
        let path = folder.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(fail(parent))?;
        }
        crate::files::write_whole(&path, content).map_err(fail(&path))?;
        bytes += content.len() as u64;
    }
    // Each file's own folder was synced as it was written; the folders made for them, and the
    // export's folder itself, are entries of their parents.
    crate::files::sync_dir(&folder).map_err(fail(&folder))?;
    crate::files::sync_dir(into).map_err(fail(into))?;
    Ok(ExportSummary {
        folder: folder.display().to_string(),
        files: u32::try_from(files.len()).unwrap_or(u32::MAX),
        bytes,
    })
}

/// A name safe in any file system: no separators, no characters Windows refuses, no controls.
fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "_".to_owned()
    } else {
        cleaned
    }
}

/// What stopped an export of a borrower's data, in the user's language.
pub fn export_message(err: &crate::privacy::ExportError, l: Locale) -> String {
    use crate::privacy::ExportError::*;
    match err {
        Store(e) => crate::store::messages::store_message(e, l),
        Write { path, source } => {
            let reason = crate::files::write_failure(source, l);
            format!(
                "{}{}（{reason}）{}",
                l.pick(
                    "无法写入导出文件：",
                    "無法寫入匯出檔案：",
                    "Cannot write the export: "
                ),
                path.display(),
                l.pick(
                    "。本机数据没有受影响。",
                    "。本機資料沒有受影響。",
                    ". Nothing on the laptop was affected."
                ),
            )
        }
    }
}

#[cfg(test)]
mod tests;
