//! Stored tasks (follow-ups and the completion of computed ones).

use super::{Store, StoreResult};
use crate::tasks::{NewTask, Task, TaskStatus};
use rusqlite::{Connection, params};

impl Store {
    pub fn insert_task(&mut self, task: &NewTask) -> StoreResult<i64> {
        self.in_transaction(|tx| insert_task(tx, task))
    }

    /// Open tasks, earliest due first.
    pub fn open_tasks(&self) -> StoreResult<Vec<Task>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, guarantee_id, kind, title, due_date, reason, assignee_id, status, done_on, visit_id
             FROM tasks WHERE status = 'open' ORDER BY due_date, id",
        )?;
        let rows = stmt.query_map([], |r| {
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
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
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
