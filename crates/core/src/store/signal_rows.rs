//! The signals table's rows: its columns, a row read back, a signal inserted. The signals' own
//! workflow (raise, resolve, stock reports) is `signals.rs`; a visit's edits insert through here.

use super::StoreResult;
use crate::signals::{NewSignal, SignalStatus, WarningSignal};
use rusqlite::{Connection, params};

pub(crate) const SIGNAL_COLUMNS: &str = "id, guarantee_id, visit_id, code, title, category, severity, \
     evidence, found_on, status, resolved_on, resolution";

pub(crate) fn signal_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<WarningSignal> {
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
    let id = conn.last_insert_rowid();
    super::audit::append(
        conn,
        super::audit::Entity::Signal,
        id,
        "raise",
        None,
        Some(&serde_json::json!({
            "guarantee": s.guarantee_id, "visit": s.visit_id, "code": s.code,
            "severity": s.severity, "evidence": s.evidence, "found_on": s.found_on,
        })),
    )?;
    Ok(id)
}
