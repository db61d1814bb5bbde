//! Warning signals in the store.

use super::{Store, StoreError, StoreResult};
use crate::portfolio::GuaranteeId;
use crate::signals::{NewSignal, SignalStatus, WarningSignal};
use chrono::NaiveDate;
use rusqlite::{Connection, params};

impl Store {
    pub fn insert_signal(&mut self, signal: &NewSignal) -> StoreResult<i64> {
        if signal.evidence.trim().is_empty() {
            return Err(StoreError::Invalid(format!(
                "signal {} needs the evidence the officer saw",
                signal.code
            )));
        }
        self.in_transaction(|tx| insert_signal(tx, signal))
    }

    /// Signals of a guarantee, newest first.
    pub fn signals_of(&self, guarantee_id: GuaranteeId) -> StoreResult<Vec<WarningSignal>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, guarantee_id, visit_id, code, title, category, severity, evidence,
                    found_on, status, resolved_on, resolution
             FROM signals WHERE guarantee_id = ?1 ORDER BY found_on DESC, id DESC",
        )?;
        let rows = stmt.query_map([guarantee_id], |r| {
            Ok(WarningSignal {
                id: r.get(0)?,
                guarantee_id: r.get(1)?,
                visit_id: r.get(2)?,
                code: r.get(3)?,
                title: r.get(4)?,
                category: r.get(5)?,
                severity: r.get(6)?,
                evidence: r.get(7)?,
                found_on: r.get(8)?,
                status: r.get(9)?,
                resolved_on: r.get(10)?,
                resolution: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn resolve_signal(
        &mut self,
        signal_id: i64,
        resolved_on: NaiveDate,
        resolution: &str,
    ) -> StoreResult<()> {
        self.in_transaction(|tx| resolve_signal(tx, signal_id, resolved_on, resolution))
    }
}

pub(crate) fn insert_signal(conn: &Connection, s: &NewSignal) -> StoreResult<i64> {
    conn.execute(
        "INSERT INTO signals (guarantee_id, visit_id, code, title, category, severity, evidence,
             found_on, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            s.guarantee_id,
            s.visit_id,
            s.code,
            s.title,
            s.category,
            s.severity,
            s.evidence,
            s.found_on,
            SignalStatus::Open,
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn resolve_signal(
    conn: &Connection,
    signal_id: i64,
    resolved_on: NaiveDate,
    resolution: &str,
) -> StoreResult<()> {
    let n = conn.execute(
        "UPDATE signals SET status = ?2, resolved_on = ?3, resolution = ?4
         WHERE id = ?1 AND status = 'open'",
        params![signal_id, SignalStatus::Resolved, resolved_on, resolution],
    )?;
    if n == 0 {
        return Err(StoreError::Missing {
            what: "open signal",
            id: signal_id,
        });
    }
    Ok(())
}
