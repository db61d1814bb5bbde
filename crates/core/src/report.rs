//! The 保后检查表 (post-guarantee inspection report) as a PDF that holds up as evidence.
//!
//! - [`content`]: what the report says, as one canonical value with a SHA-256 digest;
//! - `typeset`: the shipped CJK fonts, widths, line breaking, stand-ins for missing characters;
//! - `layout`: A4 pages, tables that keep rows whole, the QR code;
//! - `pdf`: the form itself.
//!
//! [`issue`] renders a visit: a completed visit as the final report (recorded, with its number
//! and digest, the first time), anything else only as a marked draft.

pub mod content;
mod pdf;
mod styles;
mod tables;

pub use content::ReportContent;
pub use pdf::{Images, RenderOptions, render};

use crate::i18n::Locale;
use crate::sealed::seal;
use crate::signals::SignalCatalog;
use crate::store::{IssuedReport, Store, StoreError, sha256_hex};
use crate::visit::VisitId;
use chrono::{DateTime, FixedOffset};
use std::path::{Path, PathBuf};

/// What can stop a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A final report was asked of a visit that is not completed.
    #[error("visit {visit_id} is not completed; only a draft can be printed")]
    NotCompleted { visit_id: VisitId },
    #[error("{path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl ReportError {
    pub fn code(&self) -> crate::code::Code {
        match self {
            ReportError::Store(e) => e.code(),
            ReportError::NotCompleted { .. } => crate::code::Code::VisitNotCompleted,
            ReportError::Write { .. } => crate::code::Code::ReportWrite,
        }
    }
}

/// Final or draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The report of a completed visit; refused for a draft visit.
    Final,
    /// Whatever the visit holds now, marked 草稿 on every page and not recorded.
    Draft,
}

/// A rendered report.
pub struct Rendered {
    pub content: ReportContent,
    /// SHA-256 of the canonical content.
    pub digest: String,
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// The issue record, for a final report (sealed by the laptop: `Store::report_seal`).
    pub issued: Option<IssuedReport>,
}

/// Renders a visit's report. A final report is recorded the first time it is issued (dating the
/// visit's report); issuing it again renders it afresh and checks that the content is unchanged.
pub fn issue(
    store: &mut Store,
    catalog: &SignalCatalog,
    id: VisitId,
    kind: Kind,
    now: DateTime<FixedOffset>,
) -> Result<Rendered, ReportError> {
    let content = content::gather(store, catalog, id)?;
    if kind == Kind::Final && !content.is_final {
        return Err(ReportError::NotCompleted { visit_id: id });
    }
    let mut content = content;
    if kind == Kind::Draft {
        content.is_final = false;
    }
    let policy = store.policy_for_visit(content.header.policy_version.as_deref())?;
    let document = policy.document();
    let images = images_of(store, &content, crate::photos::PageSpec::of(&document))?;
    let (pdf, pages) = pdf::render(
        &content,
        &images,
        &RenderOptions {
            generated_at: now,
            photo_quality: document.photo_jpeg_quality,
        },
    );
    let digest = content.digest();
    let issued = match kind {
        Kind::Draft => None,
        Kind::Final => {
            let issued = store.record_issued_report(
                &IssuedReport {
                    visit_id: id,
                    visit_version: content.version,
                    document_no: content.document_no.clone(),
                    content_sha256: digest.clone(),
                    content_format: content.format,
                    pdf_sha256: sha256_hex(&pdf),
                    pdf_size: pdf.len() as u64,
                    generated_at: now,
                },
                &pdf,
            )?;
            // Sealed as first issued (its recorded PDF, which an issue again does not replace).
            store.report_seal(&issued, now)?;
            Some(issued)
        }
    };
    Ok(Rendered {
        content,
        digest,
        pdf,
        pages,
        issued,
    })
}

/// A final report as it was first issued: its content, digest, the PDF then recorded and the
/// laptop's seal over them.
pub struct AsIssued {
    pub content: ReportContent,
    pub digest: String,
    pub pdf: Vec<u8>,
    pub seal: seal::ReportSeal,
}

/// The final report of a completed visit as issued, issuing it first if it never was. A report
/// already on record is not rendered again: its content is gathered and checked against the
/// recorded digest (a record changed since is an error), and the recorded PDF is returned.
pub fn as_issued(
    store: &mut Store,
    catalog: &SignalCatalog,
    id: VisitId,
    now: DateTime<FixedOffset>,
) -> Result<AsIssued, ReportError> {
    let content = content::gather(store, catalog, id)?;
    if !content.is_final {
        return Err(ReportError::NotCompleted { visit_id: id });
    }
    match store.issued_report(id, content.version)? {
        Some(issued) => {
            let digest = content.digest();
            if issued.content_format == content.format && issued.content_sha256 != digest {
                return Err(StoreError::ReportChanged {
                    document_no: issued.document_no,
                    issued: issued.content_sha256,
                    now: digest,
                }
                .into());
            }
            Ok(AsIssued {
                pdf: store.issued_pdf(&issued.document_no)?,
                seal: store.report_seal(&issued, now)?,
                content,
                digest,
            })
        }
        None => {
            let r = issue(store, catalog, id, Kind::Final, now)?;
            let issued = r.issued.expect("a final report is recorded");
            Ok(AsIssued {
                seal: store.report_seal(&issued, now)?,
                content: r.content,
                digest: r.digest,
                pdf: r.pdf,
            })
        }
    }
}

/// The report's pictures: each photo's page copy under `spec`, the one kept, or made now from
/// its print bytes (all at once, on every core) and kept for the next report; and the
/// signatures. A photo whose bytes cannot be read is left out (the report lists it as
/// unreadable).
fn images_of(
    store: &Store,
    content: &ReportContent,
    spec: crate::photos::PageSpec,
) -> Result<Images, StoreError> {
    let mut images = Images::default();
    let mut missing = Vec::new();
    for p in &content.photos {
        match store.photo_page_copy(p.id, spec)? {
            Some(jpeg) => {
                images.photos.insert(p.id, jpeg);
            }
            None => {
                if let Ok(bytes) = store.photo_print_bytes(p.id, spec.long_edge) {
                    missing.push((p.id, bytes));
                }
            }
        }
    }
    let sources: Vec<&[u8]> = missing.iter().map(|(_, b)| b.as_slice()).collect();
    let made: Vec<(i64, Vec<u8>)> = missing
        .iter()
        .zip(crate::photos::page_copies(&sources, spec))
        .filter_map(|((id, _), copy)| Some((*id, copy?)))
        .collect();
    let keep: Vec<(i64, &[u8])> = made.iter().map(|(id, j)| (*id, j.as_slice())).collect();
    // Copies not kept (a full disk) are made again next time: the report goes ahead.
    let _ = store.keep_photo_page_copies(&keep, spec);
    images.photos.extend(made);
    images.signatures = store
        .signatures(content.visit_id)?
        .into_iter()
        .map(|s| (s.role, s.png))
        .collect();
    Ok(images)
}

/// Writes a report's PDF whole ([`crate::files::write_whole`]): never half a report under its
/// name.
pub fn write_pdf(path: &Path, pdf: &[u8]) -> Result<(), ReportError> {
    crate::files::write_whole(path, pdf).map_err(|source| ReportError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Makes `dir` a folder only this user may enter (0700 on Unix), for the PDFs written to be
/// printed: they hold the borrower's name and figures in the clear, so they live there only
/// until the app locks or starts again ([`clear_private_folder`]).
pub fn private_folder(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Deletes the reports written into the private print folder; returns how many. A file that
/// cannot be deleted (on Windows, the one a PDF viewer still holds open) does not stop the
/// others from going; the first such failure is returned once all were tried.
pub fn clear_private_folder(dir: &Path) -> std::io::Result<usize> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    let mut failure = None;
    for entry in entries {
        let path = match entry {
            Ok(entry) => entry.path(),
            Err(e) => {
                failure.get_or_insert(e);
                continue;
            }
        };
        let ours = path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("pdf") || x.eq_ignore_ascii_case("part"));
        if ours && path.is_file() {
            match std::fs::remove_file(&path) {
                Ok(()) => removed += 1,
                Err(e) => {
                    failure.get_or_insert(e);
                }
            }
        }
    }
    match failure {
        Some(e) => Err(e),
        None => Ok(removed),
    }
}

/// A file name for a report: `BHJC-20261123-000123-V1_浙江华东纺织有限公司.pdf`.
pub fn file_name(content: &ReportContent) -> String {
    let borrower: String = content
        .header
        .borrower
        .chars()
        .filter(|c| {
            !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') && !c.is_control()
        })
        .collect();
    let draft = if content.is_final { "" } else { "_草稿" };
    format!("{}_{}{draft}.pdf", content.document_no, borrower.trim())
}

/// What stopped a report, in the user's language.
pub fn report_message(err: &crate::report::ReportError, l: Locale) -> String {
    use crate::report::ReportError::*;
    match err {
        Store(e) => crate::store::messages::store_message(e, l),
        NotCompleted { .. } => l
            .pick(
                "这次检查尚未完成，不能出具正式检查表；可以先打印标有“草稿”的版本。",
                "這次檢查尚未完成，不能出具正式檢查表；可以先列印標有「草稿」的版本。",
                "The visit is not completed, so no final report can be issued; a copy marked DRAFT can be printed.",
            )
            .to_owned(),
        Write { path, source } => {
            format!(
                "{}{}（{}）",
                l.pick("无法写入检查表文件：", "無法寫入檢查表檔案：", "Cannot write the report file: "),
                path.display(),
                crate::files::write_failure(source, l)
            ) + l.pick(
                "。数据库中的记录没有受影响。",
                "。資料庫中的記錄沒有受影響。",
                ". Nothing in the database was affected.",
            )
        }
    }
}

#[cfg(test)]
mod tests;
