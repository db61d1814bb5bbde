//! Notices in the store: each as issued (content, digest, PDF, seal), then its delivery and its
//! receipt, each recorded once.

use crate::notices::{DeliveryMethod, Notice, NoticeContent, NoticeError, NoticeKind};
use crate::portfolio::GuaranteeId;
use crate::sealed::SealedContent;
use crate::store::codec::{get_date, get_opt_date};
use crate::store::{Store, StoreError, StoreResult};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

type Result<T> = std::result::Result<T, NoticeError>;

const COLUMNS: &str = "SELECT id, guarantee_id, kind, document_no, issued_on, content_sha256,
    pdf_sha256, length(pdf), overdue_id, delivered_on, delivery_method, delivery_note, receipt_on,
    receipt_note FROM notices";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Notice> {
    Ok(Notice {
        id: r.get(0)?,
        guarantee_id: r.get(1)?,
        kind: r.get(2)?,
        document_no: r.get(3)?,
        issued_on: get_date(r, 4)?,
        content_sha256: r.get(5)?,
        pdf_sha256: r.get(6)?,
        pdf_size: r.get::<_, i64>(7)?.max(0) as u64,
        overdue_id: r.get(8)?,
        delivered_on: get_opt_date(r, 9)?,
        delivery_method: r.get(10)?,
        delivery_note: r.get(11)?,
        receipt_on: get_opt_date(r, 12)?,
        receipt_note: r.get(13)?,
    })
}

impl Store {
    /// Records a notice as issued, sealed with this laptop's key.
    pub fn record_notice(
        &mut self,
        id: GuaranteeId,
        content: &NoticeContent,
        pdf: &[u8],
        at: DateTime<FixedOffset>,
    ) -> Result<Notice> {
        let digest = content.digest();
        let (pdf_sha256, seal) = self.seal_document(&content.document_no, &digest, pdf, at)?;
        let json = serde_json::to_string(content).expect("notice content serialises");
        self.transaction(|tx| {
            tx.execute(
                "INSERT INTO notices (guarantee_id, kind, overdue_id, document_no, issued_on,
                     content, content_sha256, pdf, pdf_sha256, seal, generated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    id,
                    content.kind,
                    content.overdue.as_ref().map(|o| o.overdue_id),
                    content.document_no,
                    content.issued_on,
                    json,
                    digest,
                    pdf,
                    pdf_sha256,
                    seal,
                    at.to_rfc3339()
                ],
            )?;
            notice_in(tx, &content.document_no)
        })
    }

    /// Every notice of a guarantee, newest first.
    pub fn notices_of(&self, id: GuaranteeId) -> StoreResult<Vec<Notice>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{COLUMNS} WHERE guarantee_id = ?1 ORDER BY issued_on DESC, id DESC"
        ))?;
        let rows = stmt.query_map([id], row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// How many notices of `kind` a guarantee has had.
    pub fn notice_count(&self, id: GuaranteeId, kind: NoticeKind) -> StoreResult<u32> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM notices WHERE guarantee_id = ?1 AND kind = ?2",
            params![id, kind],
            |r| r.get(0),
        )?)
    }

    /// A notice by its number.
    pub fn notice(&self, document_no: &str) -> Result<Notice> {
        notice_in(self.conn(), document_no)
    }

    /// The PDF of a notice as issued.
    pub fn notice_pdf(&self, document_no: &str) -> Result<Vec<u8>> {
        self.conn()
            .query_row(
                "SELECT pdf FROM notices WHERE document_no = ?1",
                [document_no],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| NoticeError::Unknown(document_no.to_owned()))
    }

    /// The content of a notice as issued.
    pub fn notice_content(&self, document_no: &str) -> Result<NoticeContent> {
        let json: String = self
            .conn()
            .query_row(
                "SELECT content FROM notices WHERE document_no = ?1",
                [document_no],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| NoticeError::Unknown(document_no.to_owned()))?;
        serde_json::from_str(&json)
            .map_err(|e| StoreError::Invalid(format!("the content of {document_no}: {e}")).into())
    }

    /// Records that a notice reached the borrower.
    pub fn record_delivery(
        &mut self,
        document_no: &str,
        on: NaiveDate,
        method: DeliveryMethod,
        note: Option<&str>,
        at: DateTime<FixedOffset>,
    ) -> Result<Notice> {
        crate::store::check_texts(&[note.unwrap_or("")])?;
        self.transaction(|tx| {
            let n = notice_in(tx, document_no)?;
            if let Some(d) = n.delivered_on {
                return Err(NoticeError::AlreadyDelivered {
                    document_no: n.document_no,
                    on: d,
                });
            }
            check_day(on, n.issued_on, at)?;
            tx.execute(
                "UPDATE notices SET delivered_on = ?2, delivery_method = ?3, delivery_note = ?4
                 WHERE id = ?1",
                params![n.id, on, method, note],
            )?;
            notice_in(tx, document_no)
        })
    }

    /// Records that the signed receipt (回执) of a delivered notice came back.
    pub fn record_receipt(
        &mut self,
        document_no: &str,
        on: NaiveDate,
        note: Option<&str>,
        at: DateTime<FixedOffset>,
    ) -> Result<Notice> {
        crate::store::check_texts(&[note.unwrap_or("")])?;
        self.transaction(|tx| {
            let n = notice_in(tx, document_no)?;
            if !n.kind.needs_receipt() {
                return Err(NoticeError::NoReceipt(n.document_no));
            }
            let Some(delivered_on) = n.delivered_on else {
                return Err(NoticeError::NotDelivered(n.document_no));
            };
            if let Some(d) = n.receipt_on {
                return Err(NoticeError::AlreadyReceipted {
                    document_no: n.document_no,
                    on: d,
                });
            }
            if on < delivered_on {
                return Err(NoticeError::BeforeDelivery {
                    day: on,
                    delivered_on,
                });
            }
            check_day(on, n.issued_on, at)?;
            tx.execute(
                "UPDATE notices SET receipt_on = ?2, receipt_note = ?3 WHERE id = ?1",
                params![n.id, on, note],
            )?;
            notice_in(tx, document_no)
        })
    }
}

fn check_day(day: NaiveDate, issued_on: NaiveDate, at: DateTime<FixedOffset>) -> Result<()> {
    if day < issued_on {
        return Err(NoticeError::BeforeIssue { day, issued_on });
    }
    if day > at.date_naive() {
        return Err(NoticeError::InTheFuture {
            day,
            today: at.date_naive(),
        });
    }
    Ok(())
}

fn notice_in(conn: &Connection, document_no: &str) -> Result<Notice> {
    conn.query_row(
        &format!("{COLUMNS} WHERE document_no = ?1"),
        [document_no],
        row,
    )
    .optional()?
    .ok_or_else(|| NoticeError::Unknown(document_no.to_owned()))
}
