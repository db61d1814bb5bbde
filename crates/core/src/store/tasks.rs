//! Stored tasks (follow-ups and the completion of computed ones), and tasks closed by a record.

use super::{Store, StoreResult};
use crate::portfolio::{FiveLevelClass, RiskTier};
use crate::tasks::engine::DueTask;
use crate::tasks::{NewTask, Task, TaskStatus};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// What became of a record of a task closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskClosed {
    Recorded,
    /// A quarter's review written against a tier or class the guarantee no longer has.
    ChangedMeanwhile,
    /// Another record closed the task first (the window and the CLI at once): nothing recorded.
    AlreadyDone {
        on: NaiveDate,
    },
}

/// A quarter's review as recorded: the tier and the class, each (before, after), and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reclassify {
    pub tier: (RiskTier, RiskTier),
    pub class: (FiveLevelClass, FiveLevelClass),
    pub reason: String,
}

const TASK_COLUMNS: &str = "SELECT id, guarantee_id, kind, title, due_date, reason, assignee_id,
    status, done_on, visit_id FROM tasks";

fn task_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Task> {
    Ok(Task {
        id: r.get(0)?,
        guarantee_id: r.get(1)?,
        kind: r.get(2)?,
        title: r.get(3)?,
        due_date: r.get(4)?,
        reason: r.get(5)?,
        assignee_id: r.get(6)?,
        status: r.get(7)?,
        done_on: r.get(8)?,
        visit_id: r.get(9)?,
    })
}

impl Store {
    pub fn insert_task(&mut self, task: &NewTask) -> StoreResult<i64> {
        self.in_transaction(|tx| insert_task(tx, task))
    }

    /// Open tasks, earliest due first.
    pub fn open_tasks(&self) -> StoreResult<Vec<Task>> {
        let mut stmt = self.conn().prepare(&format!(
            "{TASK_COLUMNS} WHERE status = 'open' ORDER BY due_date, id"
        ))?;
        let rows = stmt.query_map([], task_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The tasks an agenda from `window` on lists: the open ones, and those done in the window.
    pub fn agenda_tasks(&self, window: NaiveDate) -> StoreResult<Vec<Task>> {
        let mut stmt = self.conn().prepare(&format!(
            "{TASK_COLUMNS} WHERE status = 'open' OR (status = 'done' AND done_on >= ?1)
             ORDER BY due_date, id"
        ))?;
        let rows = stmt.query_map([window], task_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records a task closed on `on` by a record, in one transaction: a tier review's changes
    /// (a tier or class unchanged is a confirmation, recorded in the completion only), the
    /// completion with its note and details (or the stored follow-up marked done), and the
    /// audit entry.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn record_task_closed(
        &mut self,
        task: &DueTask,
        guarantee_id: Option<i64>,
        officer_id: Option<i64>,
        on: NaiveDate,
        note: &str,
        details: &serde_json::Value,
        reclassify: Option<&Reclassify>,
    ) -> StoreResult<TaskClosed> {
        self.in_transaction(|tx| {
            // Checked open when the record was made, and again here, where no other record can
            // come between the check and the write.
            let earlier: Option<NaiveDate> = tx
                .query_row(
                    "SELECT done_on FROM task_completions
                     WHERE kind = ?1 AND anchor = ?2
                       AND CASE WHEN ?3 IS NULL THEN guarantee_id IS NULL AND officer_id = ?4
                                ELSE guarantee_id = ?3 END
                     ORDER BY done_on LIMIT 1",
                    params![task.kind, task.anchor.to_string(), guarantee_id, officer_id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(done) = earlier {
                return Ok(TaskClosed::AlreadyDone { on: done });
            }
            let stored_task = task
                .anchor
                .strip_prefix("task:")
                .and_then(|id| id.parse::<i64>().ok());
            // A follow-up kept by hand is marked done where it is kept; every record also goes
            // to the completions, which the guarantee's timeline and the work log read.
            if let Some(id) = stored_task {
                let marked = tx.execute(
                    "UPDATE tasks SET status = 'done', done_on = ?2 WHERE id = ?1 AND status = 'open'",
                    params![id, on],
                )?;
                if marked == 0 {
                    let done: Option<NaiveDate> = tx
                        .query_row("SELECT done_on FROM tasks WHERE id = ?1", [id], |r| r.get(0))
                        .optional()?
                        .flatten();
                    return Ok(TaskClosed::AlreadyDone {
                        on: done.unwrap_or(on),
                    });
                }
            }
            if let (Some(r), Some(gid)) = (reclassify, guarantee_id) {
                // The review was written against the tier and class the guarantee had then.
                let now = super::portfolio::guarantee_in(tx, gid)?;
                if now.risk_tier != r.tier.0 || now.five_level_class != r.class.0 {
                    return Ok(TaskClosed::ChangedMeanwhile);
                }
                if r.tier.0 != r.tier.1 {
                    super::portfolio::change_risk_tier_in(
                        tx, gid, r.tier.0, r.tier.1, &r.reason, on, None,
                    )?;
                }
                if r.class.0 != r.class.1 {
                    super::portfolio::change_five_level_class_in(
                        tx, gid, r.class.0, r.class.1, &r.reason, on, None,
                    )?;
                }
            }
            let id = super::task_facts::insert_completion(
                tx,
                guarantee_id,
                officer_id,
                task.kind,
                &task.anchor,
                on,
                Some(note),
            )?;
            tx.execute(
                "UPDATE task_completions SET details = ?2 WHERE id = ?1",
                params![id, details.to_string()],
            )?;
            super::audit::append(
                tx,
                super::audit::Entity::Task,
                guarantee_id.unwrap_or(0),
                "close",
                None,
                Some(&serde_json::json!({
                    "kind": task.kind,
                    "anchor": task.anchor,
                    "due": task.due,
                    "done_on": on,
                    "officer": task.officer.as_deref(),
                    "note": note,
                    "details": details,
                })),
            )?;
            Ok(TaskClosed::Recorded)
        })
    }
}

pub(crate) fn insert_task(conn: &Connection, t: &NewTask) -> StoreResult<i64> {
    conn.execute(
        "INSERT INTO tasks (guarantee_id, kind, title, due_date, reason, assignee_id, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            t.guarantee_id,
            t.kind,
            t.title,
            t.due_date,
            t.reason,
            t.assignee_id,
            TaskStatus::Open
        ],
    )?;
    Ok(conn.last_insert_rowid())
}
