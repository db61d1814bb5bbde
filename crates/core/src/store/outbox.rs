//! The outbox: the documents still to reach head office (completed visits' reports, and the
//! notices, release confirmations and withdrawal forms issued), with how far each got, when to
//! try again, and why head office refused one.

use super::{Store, StoreResult};
use crate::protocol::DocumentKind;
use crate::visit::VisitId;
use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, params};
use serde::Serialize;

crate::i18n::code_enum! {
    /// Where a report stands on its way to head office.
    pub enum OutboxState: "outbox state" {
        Queued = "queued" => ("待发送", "待發送", "Queued"),
        Sending = "sending" => ("发送中", "發送中", "Sending"),
        Sent = "sent" => ("已送达总部", "已送達總部", "Sent"),
        Rejected = "rejected" => ("总部拒收", "總部拒收", "Rejected"),
    }
}

/// One document in the outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct OutboxEntry {
    #[specta(type = u32)]
    pub id: i64,
    pub kind: DocumentKind,
    /// The visit and version, for a 保后检查表.
    #[specta(type = Option<u32>)]
    pub visit_id: Option<VisitId>,
    pub visit_version: Option<u32>,
    pub state: OutboxState,
    pub document_no: Option<String>,
    pub attempts: u32,
    pub next_attempt_at: Option<DateTime<FixedOffset>>,
    /// Why the last attempt failed, or why head office refused it.
    pub last_error: Option<String>,
    #[specta(type = u32)]
    pub bytes_total: u64,
    #[specta(type = u32)]
    pub bytes_done: u64,
    pub queued_at: DateTime<FixedOffset>,
    pub sent_at: Option<DateTime<FixedOffset>>,
    pub contract_no: String,
    pub borrower: String,
    /// The visit's day, or the day the document was issued.
    pub date: chrono::NaiveDate,
}

/// Queues the version a visit was just completed as.
pub(super) fn queue(
    conn: &Connection,
    visit_id: VisitId,
    now: DateTime<FixedOffset>,
) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO outbox (visit_id, visit_version, queued_at)
         SELECT id, version, ?2 FROM visits WHERE id = ?1
         ON CONFLICT (visit_id, visit_version) DO NOTHING",
        params![visit_id, now.to_rfc3339()],
    )?;
    Ok(())
}

/// A reopened visit's version is not sent (its correction will be).
pub(super) fn drop_unsent(conn: &Connection, visit_id: VisitId) -> StoreResult<()> {
    conn.execute(
        "DELETE FROM outbox WHERE visit_id = ?1 AND state <> 'sent'",
        [visit_id],
    )?;
    Ok(())
}

const COLUMNS: &str = "SELECT ob.id, ob.visit_id, ob.visit_version, ob.state, ob.document_no,
    ob.attempts, ob.next_attempt_at, ob.last_error, ob.bytes_total, ob.bytes_done, ob.queued_at,
    ob.sent_at, g.contract_no, b.name, coalesce(v.visit_date, ob.document_date), ob.kind
    FROM outbox ob LEFT JOIN visits v ON v.id = ob.visit_id
    JOIN guarantees g ON g.id = coalesce(v.guarantee_id, ob.guarantee_id)
    JOIN borrowers b ON b.id = g.borrower_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutboxEntry> {
    Ok(OutboxEntry {
        id: r.get(0)?,
        visit_id: r.get(1)?,
        visit_version: r.get(2)?,
        state: r.get(3)?,
        document_no: r.get(4)?,
        attempts: r.get(5)?,
        next_attempt_at: r.get(6)?,
        last_error: r.get(7)?,
        bytes_total: r.get::<_, i64>(8)?.max(0) as u64,
        bytes_done: r.get::<_, i64>(9)?.max(0) as u64,
        queued_at: r.get(10)?,
        sent_at: r.get(11)?,
        contract_no: r.get(12)?,
        borrower: r.get(13)?,
        date: r.get(14)?,
        kind: r.get(15)?,
    })
}

impl Store {
    /// Every report in the outbox, newest first.
    pub fn outbox(&self) -> StoreResult<Vec<OutboxEntry>> {
        let mut stmt = self
            .conn()
            .prepare(&format!("{COLUMNS} ORDER BY ob.queued_at DESC, ob.id DESC"))?;
        let rows = stmt.query_map([], row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The reports to try now: queued or left sending (a sync cut off), whose wait is over;
    /// oldest first.
    pub fn outbox_due(&self, now: DateTime<FixedOffset>) -> StoreResult<Vec<OutboxEntry>> {
        let mut stmt = self.conn().prepare(&format!(
            "{COLUMNS} WHERE ob.state IN ('queued', 'sending') ORDER BY ob.queued_at, ob.id"
        ))?;
        let rows = stmt.query_map([], row)?;
        let all: Vec<OutboxEntry> = rows.collect::<Result<_, _>>()?;
        Ok(all
            .into_iter()
            .filter(|e| e.next_attempt_at.is_none_or(|at| at <= now))
            .collect())
    }

    /// Records how far an upload got.
    pub fn outbox_progress(
        &mut self,
        id: i64,
        document_no: &str,
        bytes_done: u64,
        bytes_total: u64,
    ) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE outbox SET state = 'sending', document_no = ?2, bytes_done = ?3,
                 bytes_total = ?4 WHERE id = ?1 AND state <> 'sent'",
            params![
                id,
                document_no,
                i64::try_from(bytes_done).unwrap_or(i64::MAX),
                i64::try_from(bytes_total).unwrap_or(i64::MAX)
            ],
        )?;
        Ok(())
    }

    /// Head office holds the report whole.
    pub fn outbox_sent(&mut self, id: i64, now: DateTime<FixedOffset>) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE outbox SET state = 'sent', sent_at = ?2, bytes_done = bytes_total,
                 last_error = NULL, next_attempt_at = NULL WHERE id = ?1",
            params![id, now.to_rfc3339()],
        )?;
        Ok(())
    }

    /// The attempt failed on the way (no network, a server error): try again at `next`.
    pub fn outbox_retry_later(
        &mut self,
        id: i64,
        error: &str,
        next: DateTime<FixedOffset>,
    ) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3
             WHERE id = ?1 AND state <> 'sent'",
            params![id, error, next.to_rfc3339()],
        )?;
        Ok(())
    }

    /// Head office refused the report: it stays, with the reason, until the officer retries it.
    pub fn outbox_rejected(&mut self, id: i64, reason: &str) -> StoreResult<()> {
        self.conn().execute(
            "UPDATE outbox SET state = 'rejected', attempts = attempts + 1, last_error = ?2,
                 next_attempt_at = NULL WHERE id = ?1 AND state <> 'sent'",
            params![id, reason],
        )?;
        Ok(())
    }

    /// Puts refused or waiting reports back in the queue for now ("sync now").
    pub fn outbox_retry_now(&mut self) -> StoreResult<usize> {
        Ok(self.conn().execute(
            "UPDATE outbox SET state = CASE state WHEN 'rejected' THEN 'queued' ELSE state END,
                 next_attempt_at = NULL WHERE state <> 'sent'",
            [],
        )?)
    }
}

/// A notice, release confirmation or withdrawal form as issued, to send to head office.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedDocument {
    pub document_no: String,
    pub contract_no: String,
    pub borrower: String,
    /// The officer in charge (A角).
    pub officer: String,
    pub date: chrono::NaiveDate,
    /// The canonical content as recorded; its SHA-256 is `content_sha256`.
    pub content: Vec<u8>,
    pub content_sha256: String,
    pub pdf: Vec<u8>,
    pub seal: Vec<u8>,
}

impl Store {
    /// A document other than the 保后检查表, as issued.
    pub fn issued_document(
        &self,
        kind: DocumentKind,
        document_no: &str,
    ) -> StoreResult<IssuedDocument> {
        let (table, day) = match kind {
            DocumentKind::Notice => ("notices", "issued_on"),
            DocumentKind::Release => ("releases", "released_on"),
            DocumentKind::Withdrawal => ("withdrawals", "proposed_on"),
            DocumentKind::CollectionRecord => ("collection_records", "issued_on"),
            DocumentKind::QuarterlyReport => ("quarterly_reports", "issued_on"),
            DocumentKind::InspectionReport => {
                return Err(super::StoreError::Invalid(format!(
                    "{document_no} is a report: it is sent from its visit"
                )));
            }
        };
        self.conn()
            .query_row(
                &format!(
                    "SELECT d.content, d.content_sha256, d.pdf, d.seal, d.{day}, g.contract_no,
                            b.name, o.name
                     FROM {table} d JOIN guarantees g ON g.id = d.guarantee_id
                     JOIN borrowers b ON b.id = g.borrower_id
                     JOIN officers o ON o.id = g.officer_a_id
                     WHERE d.document_no = ?1"
                ),
                [document_no],
                |r| {
                    Ok(IssuedDocument {
                        document_no: document_no.to_owned(),
                        content: r.get::<_, String>(0)?.into_bytes(),
                        content_sha256: r.get(1)?,
                        pdf: r.get(2)?,
                        seal: r.get::<_, String>(3)?.into_bytes(),
                        date: r.get(4)?,
                        contract_no: r.get(5)?,
                        borrower: r.get(6)?,
                        officer: r.get(7)?,
                    })
                },
            )
            .map_err(Into::into)
    }
}
