//! The officer's 工作日志 as the store knows it: every visit (on site or by phone) and every task
//! done without a visit (a notice sent, a plan filed), by day.

use super::{Store, StoreResult};
use chrono::NaiveDate;
use rusqlite::params;

/// One line of the log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    pub day: NaiveDate,
    pub officer: String,
    pub companion: Option<String>,
    pub contract_no: Option<String>,
    pub borrower: Option<String>,
    /// For a visit: its kind code ("periodic" …); for a task done: the task kind code.
    pub kind: String,
    /// "on_site", "phone", or "task" for a task done without a visit.
    pub method: String,
    /// The visit's conclusion, or the note of the task done.
    pub summary: Option<String>,
    /// Signals the visit raised, as `W07 标题`.
    pub signals: Vec<String>,
    /// The visit's report number and the day it was completed (none while a draft).
    pub report_no: Option<String>,
    pub completed_on: Option<NaiveDate>,
}

impl Store {
    /// The log from `from` to `to` (both included), by day, for one officer (by name) or all.
    pub fn work_log(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        officer: Option<&str>,
    ) -> StoreResult<Vec<LogEntry>> {
        let mut out = Vec::new();
        let mut stmt = self.conn().prepare(
            "SELECT v.visit_date, o.name, c.name, g.contract_no, b.name, v.kind, v.method,
                    v.conclusion, substr(v.completed_at, 1, 10),
                    (SELECT r.document_no FROM reports r WHERE r.visit_id = v.id
                      ORDER BY r.id DESC LIMIT 1),
                    (SELECT group_concat(s.code || ' ' || s.title, '；') FROM signals s
                      WHERE s.visit_id = v.id)
             FROM visits v
             JOIN officers o ON o.id = v.officer_id
             LEFT JOIN officers c ON c.id = v.companion_officer_id
             JOIN guarantees g ON g.id = v.guarantee_id
             JOIN borrowers b ON b.id = g.borrower_id
             WHERE v.visit_date BETWEEN ?1 AND ?2
               AND (?3 IS NULL OR o.name = ?3 OR c.name = ?3)",
        )?;
        let mut rows = stmt.query(params![from, to, officer])?;
        while let Some(r) = rows.next()? {
            let signals: Option<String> = r.get(10)?;
            let completed: Option<String> = r.get(8)?;
            out.push(LogEntry {
                day: r.get(0)?,
                officer: r.get(1)?,
                companion: r.get(2)?,
                contract_no: r.get(3)?,
                borrower: r.get(4)?,
                kind: r.get(5)?,
                method: r.get(6)?,
                summary: r.get(7)?,
                signals: signals
                    .map(|s| s.split('；').map(str::to_owned).collect())
                    .unwrap_or_default(),
                report_no: r.get(9)?,
                completed_on: completed.and_then(|d| d.parse().ok()),
            });
        }
        let mut stmt = self.conn().prepare(
            "SELECT tc.done_on, coalesce(o.name, oa.name), g.contract_no, b.name, tc.kind, tc.note
             FROM task_completions tc
             LEFT JOIN officers o ON o.id = tc.officer_id
             LEFT JOIN guarantees g ON g.id = tc.guarantee_id
             LEFT JOIN officers oa ON oa.id = g.officer_a_id
             LEFT JOIN borrowers b ON b.id = g.borrower_id
             WHERE tc.done_on BETWEEN ?1 AND ?2
               AND (?3 IS NULL OR coalesce(o.name, oa.name) = ?3)",
        )?;
        let mut rows = stmt.query(params![from, to, officer])?;
        while let Some(r) = rows.next()? {
            let officer: Option<String> = r.get(1)?;
            out.push(LogEntry {
                day: r.get(0)?,
                officer: officer.unwrap_or_default(),
                companion: None,
                contract_no: r.get(2)?,
                borrower: r.get(3)?,
                kind: r.get(4)?,
                method: "task".into(),
                summary: r.get(5)?,
                signals: Vec::new(),
                report_no: None,
                completed_on: None,
            });
        }
        out.sort_by(|a, b| {
            (a.day, &a.officer, &a.contract_no).cmp(&(b.day, &b.officer, &b.contract_no))
        });
        Ok(out)
    }
}
