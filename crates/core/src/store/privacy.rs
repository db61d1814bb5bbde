//! A borrower's data on the laptop: what holds it here (an unreleased guarantee, an unfinished
//! visit, a report head office has not confirmed), which borrowers are past the policy's
//! retention after release, and their removal: every row about them deleted in one transaction
//! (completed visits let through the database's freeze by `erasures`), their audit entries'
//! before and after erased (the chain still checks out), the freed pages zeroed
//! (`secure_delete`) and the write-ahead log emptied, and the removal itself recorded.

use super::audit::{self, Entity};
use super::{Store, StoreError, StoreResult};
use crate::portfolio::{BorrowerId, GuaranteeId, GuaranteeStatus};
use crate::visit::VisitId;
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, params};
use serde::Serialize;

/// What keeps a borrower's data on the laptop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RemovalBlocker {
    /// A guarantee is not released (在保, 已代偿, 追偿中).
    NotReleased {
        contract_no: String,
        status: GuaranteeStatus,
    },
    /// A visit was started and never completed.
    UnfinishedVisit {
        #[specta(type = u32)]
        visit_id: VisitId,
        visit_date: NaiveDate,
    },
    /// A completed visit's report has not been confirmed by head office.
    ReportNotDelivered {
        #[specta(type = u32)]
        visit_id: VisitId,
        visit_date: NaiveDate,
    },
    /// A notice, release confirmation or withdrawal form has not been confirmed by head office.
    DocumentNotDelivered { document_no: String },
}

/// A borrower whose guarantees are all released, with when its data is due to leave the laptop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct RetentionItem {
    #[specta(type = u32)]
    pub borrower_id: BorrowerId,
    pub borrower: String,
    /// The latest release among its guarantees.
    pub released_on: NaiveDate,
    /// `released_on` plus the policy's retention.
    pub due_on: NaiveDate,
    pub guarantees: u32,
    /// Empty when it can be removed now.
    pub blockers: Vec<RemovalBlocker>,
}

/// What a removal took away.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct RemovalSummary {
    #[specta(type = u32)]
    pub borrower_id: BorrowerId,
    pub borrower: String,
    pub guarantees: u32,
    pub visits: u32,
    pub photos: u32,
    pub reports: u32,
    /// Audit entries whose before and after were erased.
    pub audit_erased: u32,
}

impl Store {
    /// The guarantees of a borrower with their contract numbers and status.
    fn borrower_guarantees(
        conn: &Connection,
        borrower_id: BorrowerId,
    ) -> StoreResult<Vec<(GuaranteeId, String, GuaranteeStatus)>> {
        let mut stmt = conn.prepare(
            "SELECT id, contract_no, status FROM guarantees WHERE borrower_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([borrower_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The guarantees of a borrower, oldest first.
    pub fn guarantees_of_borrower(&self, borrower_id: BorrowerId) -> StoreResult<Vec<GuaranteeId>> {
        Ok(Store::borrower_guarantees(self.conn(), borrower_id)?
            .into_iter()
            .map(|g| g.0)
            .collect())
    }

    /// What keeps a borrower's data on the laptop; empty when it may be removed.
    pub fn removal_blockers(&self, borrower_id: BorrowerId) -> StoreResult<Vec<RemovalBlocker>> {
        blockers(self.conn(), borrower_id)
    }

    /// Borrowers whose guarantees are all released, with the day each is due to leave the
    /// laptop after `retention_days`, soonest first.
    pub fn retention_items(&self, retention_days: u32) -> StoreResult<Vec<RetentionItem>> {
        let mut stmt = self.conn().prepare(
            "SELECT b.id, b.name, max(coalesce(g.released_on, g.maturity_date)), count(*)
             FROM borrowers b JOIN guarantees g ON g.borrower_id = b.id
             GROUP BY b.id
             HAVING sum(g.status <> 'released') = 0
             ORDER BY 3, b.id",
        )?;
        let rows: Vec<(BorrowerId, String, NaiveDate, u32)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(borrower_id, borrower, released_on, guarantees)| {
                Ok(RetentionItem {
                    blockers: blockers(self.conn(), borrower_id)?,
                    due_on: released_on + chrono::Days::new(u64::from(retention_days)),
                    borrower_id,
                    borrower,
                    released_on,
                    guarantees,
                })
            })
            .collect()
    }

    /// Removes everything about a borrower from the laptop, refused (changing nothing) while
    /// anything in [`Store::removal_blockers`] holds it.
    pub fn remove_borrower(
        &mut self,
        borrower_id: BorrowerId,
        now: DateTime<FixedOffset>,
    ) -> StoreResult<RemovalSummary> {
        let summary = self.in_transaction(|tx| {
            let borrower: String = tx
                .query_row(
                    "SELECT name FROM borrowers WHERE id = ?1",
                    [borrower_id],
                    |r| r.get(0),
                )
                .map_err(|_| StoreError::Invalid(format!("no borrower {borrower_id}")))?;
            let found = blockers(tx, borrower_id)?;
            if !found.is_empty() {
                return Err(StoreError::RemovalRefused {
                    borrower,
                    blockers: found,
                });
            }
            let guarantees: Vec<GuaranteeId> = Store::borrower_guarantees(tx, borrower_id)?
                .into_iter()
                .map(|g| g.0)
                .collect();
            let in_guarantees = |sql: &str| -> StoreResult<Vec<i64>> {
                let mut ids = Vec::new();
                let mut stmt = tx.prepare(sql)?;
                for g in &guarantees {
                    for id in stmt.query_map([g], |r| r.get(0))? {
                        ids.push(id?);
                    }
                }
                Ok(ids)
            };
            let visits = in_guarantees("SELECT id FROM visits WHERE guarantee_id = ?1")?;
            let signals = in_guarantees("SELECT id FROM signals WHERE guarantee_id = ?1")?;
            // Per guarantee: `?1` is its id.
            const ITS_VISITS: &str = "(SELECT id FROM visits WHERE guarantee_id = ?1)";
            let count = |table: &str| -> StoreResult<u32> {
                let sql = format!("SELECT count(*) FROM {table} WHERE visit_id IN {ITS_VISITS}");
                let mut n = 0;
                for g in &guarantees {
                    n += tx.query_row(&sql, [g], |r| r.get::<_, u32>(0))?;
                }
                Ok(n)
            };
            let photos = count("photos")?;
            let reports = count("reports")?;

            let at = now.to_rfc3339();
            let mut audit_erased = audit::erase(tx, Entity::Visit, &visits, &at)?;
            audit_erased += audit::erase(tx, Entity::Signal, &signals, &at)?;
            audit_erased += audit::erase(tx, Entity::Tier, &guarantees, &at)?;
            audit_erased += audit::erase(tx, Entity::Class, &guarantees, &at)?;
            audit_erased += audit::erase(tx, Entity::Task, &guarantees, &at)?;

            // Its completed visits pass the database's freeze as erasures, in this transaction
            // only; the visits' own rows go with them (ON DELETE CASCADE).
            for g in &guarantees {
                for sql in [
                    format!("INSERT INTO erasures (visit_id) SELECT id FROM {ITS_VISITS}"),
                    format!("DELETE FROM outbox WHERE visit_id IN {ITS_VISITS}"),
                    "DELETE FROM outbox WHERE guarantee_id = ?1".into(),
                    format!("DELETE FROM reports WHERE visit_id IN {ITS_VISITS}"),
                    "DELETE FROM collection_records WHERE guarantee_id = ?1".into(),
                    "DELETE FROM withdrawals WHERE guarantee_id = ?1".into(),
                    "DELETE FROM releases WHERE guarantee_id = ?1".into(),
                    "DELETE FROM notices WHERE guarantee_id = ?1".into(),
                    "DELETE FROM lost_contact_steps WHERE guarantee_id = ?1".into(),
                    "DELETE FROM enforcement_steps WHERE counter_guarantee_id IN
                         (SELECT id FROM counter_guarantees WHERE guarantee_id = ?1)"
                        .into(),
                    "DELETE FROM collection_contacts WHERE guarantee_id = ?1".into(),
                    "DELETE FROM repayment_scans WHERE repayment_id IN
                         (SELECT id FROM repayments WHERE guarantee_id = ?1)"
                        .into(),
                    "DELETE FROM repayments WHERE guarantee_id = ?1".into(),
                    "DELETE FROM overdues WHERE guarantee_id = ?1".into(),
                    "DELETE FROM signals WHERE guarantee_id = ?1".into(),
                    "DELETE FROM tasks WHERE guarantee_id = ?1".into(),
                    "DELETE FROM task_completions WHERE guarantee_id = ?1".into(),
                    "DELETE FROM classification_changes WHERE guarantee_id = ?1".into(),
                    "DELETE FROM guarantee_changes WHERE guarantee_id = ?1".into(),
                    "DELETE FROM recoveries WHERE guarantee_id = ?1".into(),
                    "DELETE FROM compensations WHERE guarantee_id = ?1".into(),
                    "DELETE FROM visits WHERE guarantee_id = ?1".into(),
                    "DELETE FROM counter_guarantees WHERE guarantee_id = ?1".into(),
                    "DELETE FROM guarantees WHERE id = ?1".into(),
                ] {
                    tx.execute(&sql, [g])?;
                }
            }
            tx.execute("DELETE FROM borrowers WHERE id = ?1", [borrower_id])?;
            tx.execute("DELETE FROM erasures", [])?;
            let summary = RemovalSummary {
                borrower_id,
                borrower,
                guarantees: u32::try_from(guarantees.len()).unwrap_or(u32::MAX),
                visits: u32::try_from(visits.len()).unwrap_or(u32::MAX),
                photos,
                reports,
                audit_erased: u32::try_from(audit_erased).unwrap_or(u32::MAX),
            };
            tx.execute(
                "INSERT INTO removals (borrower_id, borrower_name, removed_at, guarantees, visits,
                     audit_erased)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    borrower_id,
                    summary.borrower,
                    at,
                    summary.guarantees,
                    summary.visits,
                    summary.audit_erased
                ],
            )?;
            Ok(summary)
        })?;
        // The deleted rows' pages were zeroed (secure_delete); the log that still holds their
        // earlier versions is written back and emptied.
        self.conn()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(summary)
    }
}

fn blockers(conn: &Connection, borrower_id: BorrowerId) -> StoreResult<Vec<RemovalBlocker>> {
    let mut found = Vec::new();
    for (id, contract_no, status) in Store::borrower_guarantees(conn, borrower_id)? {
        if status != GuaranteeStatus::Released {
            found.push(RemovalBlocker::NotReleased {
                contract_no: contract_no.clone(),
                status,
            });
        }
        let mut stmt = conn.prepare(
            "SELECT v.id, v.visit_date, v.status,
                 EXISTS (SELECT 1 FROM outbox o WHERE o.visit_id = v.id AND o.state <> 'sent')
             FROM visits v WHERE v.guarantee_id = ?1 ORDER BY v.visit_date, v.id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, VisitId>(0)?,
                r.get::<_, NaiveDate>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
            ))
        })?;
        let mut docs = conn.prepare(
            "SELECT document_no FROM outbox
             WHERE guarantee_id = ?1 AND kind <> 'inspection_report' AND state <> 'sent'
             ORDER BY document_date, id",
        )?;
        for document_no in docs.query_map([id], |r| r.get::<_, String>(0))? {
            found.push(RemovalBlocker::DocumentNotDelivered {
                document_no: document_no?,
            });
        }
        for row in rows {
            let (visit_id, visit_date, status, undelivered) = row?;
            if status != "completed" {
                found.push(RemovalBlocker::UnfinishedVisit {
                    visit_id,
                    visit_date,
                });
            } else if undelivered {
                found.push(RemovalBlocker::ReportNotDelivered {
                    visit_id,
                    visit_date,
                });
            }
        }
    }
    Ok(found)
}
