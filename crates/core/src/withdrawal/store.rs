//! Withdrawal proposals in the store: each as issued (content, digest, PDF, seal), then the
//! general manager's decision, recorded once.

use crate::portfolio::GuaranteeId;
use crate::sealed::SealedContent;
use crate::store::codec::{get_date, get_opt_date};
use crate::store::{Store, StoreResult};
use crate::withdrawal::{
    Withdrawal, WithdrawalContent, WithdrawalDecision, WithdrawalError, WithdrawalGround,
};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

type Result<T> = std::result::Result<T, WithdrawalError>;

const COLUMNS: &str = "SELECT id, guarantee_id, document_no, proposed_on, grounds, proposer,
    content_sha256, decision, decided_on, decided_by, decision_note, bank_notified_on,
    bank_notice_note FROM withdrawals";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Withdrawal> {
    let grounds: String = r.get(4)?;
    Ok(Withdrawal {
        id: r.get(0)?,
        guarantee_id: r.get(1)?,
        document_no: r.get(2)?,
        proposed_on: get_date(r, 3)?,
        grounds: grounds
            .split(',')
            .filter_map(|c| WithdrawalGround::from_code(c).ok())
            .collect(),
        proposer: r.get(5)?,
        content_sha256: r.get(6)?,
        decision: r.get(7)?,
        decided_on: get_opt_date(r, 8)?,
        decided_by: r.get(9)?,
        decision_note: r.get(10)?,
        bank_notified_on: get_opt_date(r, 11)?,
        bank_notice_note: r.get(12)?,
    })
}

impl Store {
    /// Records a proposal as issued, sealed with this laptop's key.
    pub fn record_withdrawal(
        &mut self,
        id: GuaranteeId,
        grounds: &[WithdrawalGround],
        content: &WithdrawalContent,
        pdf: &[u8],
        at: DateTime<FixedOffset>,
    ) -> Result<Withdrawal> {
        crate::store::check_texts(&[&content.facts, &content.proposal, &content.proposer])?;
        let digest = content.digest();
        let (pdf_sha256, seal) = self.seal_document(&content.document_no, &digest, pdf, at)?;
        let json = serde_json::to_string(content).expect("withdrawal content serialises");
        let codes: Vec<&str> = grounds.iter().map(|g| g.code()).collect();
        self.transaction(|tx| {
            tx.execute(
                "INSERT INTO withdrawals (guarantee_id, document_no, proposed_on, grounds, proposer,
                     content, content_sha256, pdf, pdf_sha256, seal, generated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    id,
                    content.document_no,
                    content.proposed_on,
                    codes.join(","),
                    content.proposer,
                    json,
                    digest,
                    pdf,
                    pdf_sha256,
                    seal,
                    at.to_rfc3339()
                ],
            )?;
            withdrawal_in(tx, &content.document_no)
        })
    }

    /// A guarantee's proposals, newest first.
    pub fn withdrawals_of(&self, id: GuaranteeId) -> StoreResult<Vec<Withdrawal>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "{COLUMNS} WHERE guarantee_id = ?1 ORDER BY proposed_on DESC, id DESC"
        ))?;
        let rows = stmt.query_map([id], row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// A proposal's PDF as issued.
    pub fn withdrawal_pdf(&self, document_no: &str) -> Result<Vec<u8>> {
        self.conn()
            .query_row(
                "SELECT pdf FROM withdrawals WHERE document_no = ?1",
                [document_no],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| WithdrawalError::Unknown(document_no.to_owned()))
    }

    /// Records the general manager's decision on a proposal.
    pub fn record_withdrawal_decision(
        &mut self,
        document_no: &str,
        decision: WithdrawalDecision,
        on: NaiveDate,
        by: &str,
        note: Option<&str>,
        at: DateTime<FixedOffset>,
    ) -> Result<Withdrawal> {
        crate::store::check_texts(&[by, note.unwrap_or("")])?;
        if by.trim().is_empty() {
            return Err(WithdrawalError::NoDecider);
        }
        self.transaction(|tx| {
            let w = withdrawal_in(tx, document_no)?;
            if let Some(d) = w.decided_on {
                return Err(WithdrawalError::AlreadyDecided {
                    document_no: w.document_no,
                    on: d,
                });
            }
            if on < w.proposed_on {
                return Err(WithdrawalError::BeforeProposal {
                    on,
                    proposed_on: w.proposed_on,
                });
            }
            if on > at.date_naive() {
                return Err(WithdrawalError::InTheFuture {
                    day: on,
                    today: at.date_naive(),
                });
            }
            tx.execute(
                "UPDATE withdrawals SET decision = ?2, decided_on = ?3, decided_by = ?4,
                     decision_note = ?5 WHERE id = ?1",
                params![w.id, decision, on, by.trim(), note],
            )?;
            withdrawal_in(tx, document_no)
        })
    }

    /// Records the day the lending bank was told of an approved withdrawal, once.
    pub fn record_withdrawal_bank_notice(
        &mut self,
        document_no: &str,
        on: NaiveDate,
        note: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<Withdrawal> {
        crate::store::check_texts(&[note])?;
        self.transaction(|tx| {
            let w = withdrawal_in(tx, document_no)?;
            let (Some(WithdrawalDecision::Approved), Some(decided_on)) = (w.decision, w.decided_on)
            else {
                return Err(WithdrawalError::NotApproved(w.document_no));
            };
            if let Some(on) = w.bank_notified_on {
                return Err(WithdrawalError::BankAlreadyNotified {
                    document_no: w.document_no,
                    on,
                });
            }
            if on < decided_on {
                return Err(WithdrawalError::BeforeApproval { on, decided_on });
            }
            if on > at.date_naive() {
                return Err(WithdrawalError::InTheFuture {
                    day: on,
                    today: at.date_naive(),
                });
            }
            let note = Some(note.trim()).filter(|n| !n.is_empty());
            tx.execute(
                "UPDATE withdrawals SET bank_notified_on = ?2, bank_notice_note = ?3 WHERE id = ?1",
                params![w.id, on, note],
            )?;
            withdrawal_in(tx, document_no)
        })
    }

    /// The numbers of the 保后检查表 issued for a guarantee's visits, oldest first.
    pub fn report_numbers(&self, id: GuaranteeId) -> StoreResult<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT r.document_no FROM reports r JOIN visits v ON v.id = r.visit_id
             WHERE v.guarantee_id = ?1 ORDER BY v.visit_date, r.visit_version",
        )?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

fn withdrawal_in(conn: &Connection, document_no: &str) -> Result<Withdrawal> {
    conn.query_row(
        &format!("{COLUMNS} WHERE document_no = ?1"),
        [document_no],
        row,
    )
    .optional()?
    .ok_or_else(|| WithdrawalError::Unknown(document_no.to_owned()))
}
