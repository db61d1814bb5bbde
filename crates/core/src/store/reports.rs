//! Signatures drawn on screen, and the 保后检查表 as issued: its document number, the digest of its
//! content and the PDF. Issuing a visit's first final report dates its report (`reported_on`),
//! which closes the report-writing task.

use super::{Store, StoreError, StoreResult};
use crate::digest::sha256_hex;
use crate::sealed::seal::{LaptopKey, ReportSeal};
use crate::visit::{Signature, SignatureRole, VisitId, VisitStatus};
use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use zeroize::Zeroizing;

/// A final report as issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct IssuedReport {
    #[specta(type = u32)]
    pub visit_id: VisitId,
    pub visit_version: u32,
    pub document_no: String,
    pub content_sha256: String,
    /// The shape of the content the digest was taken of.
    pub content_format: u32,
    pub pdf_sha256: String,
    #[specta(type = u32)]
    pub pdf_size: u64,
    pub generated_at: DateTime<FixedOffset>,
}

/// The largest signature image taken (a pad at 2× resolution is well under this).
const MAX_SIGNATURE_BYTES: usize = 2 * 1024 * 1024;

impl Store {
    /// Records a signature drawn on screen. The officer signs a visit before completing it; the
    /// borrower's representative signs with the confirmation, so only a confirmed visit takes
    /// theirs. A completed visit is frozen. Signing again replaces the earlier signature.
    pub fn sign_visit(
        &mut self,
        id: VisitId,
        role: SignatureRole,
        signer: &str,
        png: &[u8],
        now: DateTime<FixedOffset>,
    ) -> StoreResult<()> {
        super::check_texts(&[signer])?;
        if signer.trim().is_empty() {
            return Err(StoreError::Invalid(
                "a signature needs the signer's name".into(),
            ));
        }
        check_png(png)?;
        self.in_transaction(|tx| {
            let (status, confirmed): (VisitStatus, Option<String>) = tx
                .query_row(
                    "SELECT status, borrower_confirmed_by FROM visits WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or(StoreError::Missing { what: "visit", id })?;
            if status == VisitStatus::Completed {
                return Err(StoreError::VisitFrozen { visit_id: id });
            }
            if role == SignatureRole::Borrower && confirmed.is_none() {
                return Err(StoreError::NotConfirmed { visit_id: id });
            }
            tx.execute(
                "INSERT INTO visit_signatures (visit_id, role, signer, png, sha256, signed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (visit_id, role) DO UPDATE SET signer = excluded.signer,
                     png = excluded.png, sha256 = excluded.sha256, signed_at = excluded.signed_at",
                params![
                    id,
                    role,
                    signer.trim(),
                    png,
                    sha256_hex(png),
                    now.to_rfc3339()
                ],
            )?;
            super::audit::append(
                tx,
                super::audit::Entity::Visit,
                id,
                "sign",
                None,
                Some(&serde_json::json!({"role": role, "signer": signer.trim(), "sha256": sha256_hex(png)})),
            )?;
            Ok(())
        })
    }

    /// The signatures of a visit, officer first.
    pub fn signatures(&self, id: VisitId) -> StoreResult<Vec<Signature>> {
        signatures_of(self.conn(), id)
    }

    /// The final report issued for a version of a visit, if there is one.
    pub fn issued_report(&self, id: VisitId, version: u32) -> StoreResult<Option<IssuedReport>> {
        Ok(self
            .conn()
            .query_row(
                &format!("{ISSUED_COLUMNS} WHERE visit_id = ?1 AND visit_version = ?2"),
                params![id, version],
                issued_row,
            )
            .optional()?)
    }

    /// Every final report issued, newest first.
    pub fn issued_reports(&self) -> StoreResult<Vec<IssuedReport>> {
        let mut stmt = self.conn().prepare(&format!(
            "{ISSUED_COLUMNS} ORDER BY generated_at DESC, id DESC"
        ))?;
        let rows = stmt.query_map([], issued_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every completed visit, oldest first.
    pub fn completed_visit_ids(&self) -> StoreResult<Vec<VisitId>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id FROM visits WHERE status = 'completed' ORDER BY visit_date, id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The PDF of a report as issued.
    pub fn issued_pdf(&self, document_no: &str) -> StoreResult<Vec<u8>> {
        self.conn()
            .query_row(
                "SELECT pdf FROM reports WHERE document_no = ?1",
                [document_no],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::Invalid(format!("no report {document_no} was issued")))
    }

    /// Records a final report. The first report of a visit dates its report (`reported_on`);
    /// a report already issued for the same version is kept, and must have the same content.
    pub fn record_issued_report(
        &mut self,
        report: &IssuedReport,
        pdf: &[u8],
    ) -> StoreResult<IssuedReport> {
        self.in_transaction(|tx| {
            let existing = tx
                .query_row(
                    &format!("{ISSUED_COLUMNS} WHERE visit_id = ?1 AND visit_version = ?2"),
                    params![report.visit_id, report.visit_version],
                    issued_row,
                )
                .optional()?;
            if let Some(existing) = existing {
                // A newer program may gather the content in a newer shape: its digest is its own,
                // and the record keeps the report as first issued.
                if existing.content_format == report.content_format
                    && existing.content_sha256 != report.content_sha256
                {
                    return Err(StoreError::ReportChanged {
                        document_no: existing.document_no,
                        issued: existing.content_sha256,
                        now: report.content_sha256.clone(),
                    });
                }
                return Ok(existing);
            }
            tx.execute(
                "INSERT INTO reports (visit_id, visit_version, document_no, content_sha256,
                     content_format, pdf, pdf_sha256, generated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    report.visit_id,
                    report.visit_version,
                    report.document_no,
                    report.content_sha256,
                    report.content_format,
                    pdf,
                    report.pdf_sha256,
                    report.generated_at.to_rfc3339()
                ],
            )?;
            tx.execute(
                "UPDATE visits SET reported_on = coalesce(reported_on, ?2) WHERE id = ?1",
                params![report.visit_id, report.generated_at.date_naive()],
            )?;
            Ok(report.clone())
        })
    }
}

impl Store {
    /// This laptop's signing key, made from the system's randomness and kept (in this encrypted
    /// store only) the first time it is asked for.
    pub fn laptop_key(&mut self) -> StoreResult<LaptopKey> {
        if let Some(key) = self.stored_laptop_key()? {
            return Ok(key);
        }
        let key = LaptopKey::generate()
            .map_err(|e| StoreError::Invalid(format!("no randomness for a signing key: {e}")))?;
        self.conn().execute(
            "INSERT OR IGNORE INTO laptop_key (id, secret, created_at) VALUES (1, ?1, ?2)",
            params![key.secret().as_slice(), chrono::Utc::now().to_rfc3339()],
        )?;
        // Another process may have made one first: the stored key is the laptop's.
        self.stored_laptop_key()?
            .ok_or_else(|| StoreError::Invalid("the signing key was not kept".into()))
    }

    fn stored_laptop_key(&self) -> StoreResult<Option<LaptopKey>> {
        let secret: Option<Zeroizing<Vec<u8>>> = self
            .conn()
            .query_row("SELECT secret FROM laptop_key WHERE id = 1", [], |r| {
                r.get(0).map(Zeroizing::new)
            })
            .optional()?;
        let Some(secret) = secret else {
            return Ok(None);
        };
        let secret: Zeroizing<[u8; 32]> = Zeroizing::new(
            secret
                .as_slice()
                .try_into()
                .map_err(|_| StoreError::Invalid("the stored signing key is damaged".into()))?,
        );
        Ok(Some(LaptopKey::from_secret(&secret)))
    }

    /// The public key of this laptop's signing key, if it has one yet.
    pub fn laptop_public_key(&self) -> StoreResult<Option<String>> {
        Ok(self.stored_laptop_key()?.map(|k| k.public_key()))
    }

    /// A report's seal: the one on record, or (for a report issued before reports were sealed,
    /// or sealed by a process stopped in between) made now with this laptop's key and kept.
    pub fn report_seal(
        &mut self,
        issued: &IssuedReport,
        now: DateTime<FixedOffset>,
    ) -> StoreResult<ReportSeal> {
        if let Some(seal) = self.recorded_seal(&issued.document_no)? {
            return Ok(seal);
        }
        let seal = self.laptop_key()?.seal(
            &issued.document_no,
            &issued.content_sha256,
            &issued.pdf_sha256,
            now,
        );
        let json = String::from_utf8(seal.to_json()).expect("a seal is UTF-8");
        self.conn().execute(
            "UPDATE reports SET seal = ?2 WHERE document_no = ?1 AND seal IS NULL",
            params![issued.document_no, json],
        )?;
        self.recorded_seal(&issued.document_no)?.ok_or_else(|| {
            StoreError::Invalid(format!("no report {} was issued", issued.document_no))
        })
    }

    /// The PDF's SHA-256 and this laptop's seal (as JSON) over a document's content digest and
    /// PDF: what every issued document (notice, release, withdrawal form) is recorded with.
    pub(crate) fn seal_document(
        &mut self,
        document_no: &str,
        content_sha256: &str,
        pdf: &[u8],
        at: DateTime<FixedOffset>,
    ) -> StoreResult<(String, String)> {
        let pdf_sha256 = sha256_hex(pdf);
        let seal = self
            .laptop_key()?
            .seal(document_no, content_sha256, &pdf_sha256, at);
        let seal = String::from_utf8(seal.to_json()).expect("a seal is UTF-8");
        Ok((pdf_sha256, seal))
    }

    /// The seal recorded for a report.
    pub fn recorded_seal(&self, document_no: &str) -> StoreResult<Option<ReportSeal>> {
        let json: Option<Option<String>> = self
            .conn()
            .query_row(
                "SELECT seal FROM reports WHERE document_no = ?1",
                [document_no],
                |r| r.get(0),
            )
            .optional()?;
        json.flatten()
            .map(|j| {
                ReportSeal::from_json(j.as_bytes())
                    .map_err(|e| StoreError::Invalid(format!("the seal of {document_no}: {e}")))
            })
            .transpose()
    }
}

const ISSUED_COLUMNS: &str = "SELECT visit_id, visit_version, document_no, content_sha256,
    content_format, pdf_sha256, length(pdf), generated_at FROM reports";

fn issued_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<IssuedReport> {
    Ok(IssuedReport {
        visit_id: r.get(0)?,
        visit_version: r.get(1)?,
        document_no: r.get(2)?,
        content_sha256: r.get(3)?,
        content_format: r.get(4)?,
        pdf_sha256: r.get(5)?,
        pdf_size: r.get::<_, i64>(6)?.max(0) as u64,
        generated_at: r.get(7)?,
    })
}

pub(super) fn signatures_of(conn: &Connection, id: VisitId) -> StoreResult<Vec<Signature>> {
    let mut stmt = conn.prepare(
        "SELECT role, signer, png, sha256, signed_at FROM visit_signatures
         WHERE visit_id = ?1 ORDER BY role = 'borrower', role",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Signature {
            role: r.get(0)?,
            signer: r.get(1)?,
            png: r.get(2)?,
            sha256: r.get(3)?,
            signed_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The borrower's confirmation no longer holds (the checklist changed): it and the
/// representative's signature go.
pub(super) fn void_confirmation(
    conn: &Connection,
    id: VisitId,
    now: DateTime<FixedOffset>,
) -> StoreResult<()> {
    conn.execute(
        "UPDATE visits SET updated_at = ?2, borrower_confirmed_by = NULL,
             borrower_confirmed_at = NULL WHERE id = ?1",
        params![id, now.to_rfc3339()],
    )?;
    conn.execute(
        "DELETE FROM visit_signatures WHERE visit_id = ?1 AND role = 'borrower'",
        [id],
    )?;
    Ok(())
}

fn check_png(png: &[u8]) -> StoreResult<()> {
    if png.len() > MAX_SIGNATURE_BYTES {
        return Err(StoreError::BadSignature {
            detail: format!("{} bytes, more than a signature needs", png.len()),
        });
    }
    image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .map(|_| ())
        .map_err(|e| StoreError::BadSignature {
            detail: e.to_string(),
        })
}
