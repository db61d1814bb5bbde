//! Tasks: what an officer owes, by when, and why.
//!
//! Most tasks follow from the rules (first check, periodic check, maturity ...) and are computed
//! by [`engine`] from the guarantee's facts, the policy and the day; they are not stored. The
//! store keeps the tasks that carry state of their own: follow-ups an officer or manager adds by
//! hand, and the completion of a computed task that no visit shows (a notice sent, a plan filed).

pub mod engine;
pub mod filter;
pub mod portfolio_file;
pub mod reason;

use crate::i18n::code_enum;
pub use crate::policy::TaskKind;
use crate::portfolio::{GuaranteeId, OfficerId};
use crate::visit::VisitId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum! {
    /// Where a task stands on the day asked about.
    pub enum TaskState: "task state" {
        Upcoming = "upcoming" => ("未到期", "未到期", "Upcoming"),
        DueToday = "due_today" => ("今日到期", "今日到期", "Due today"),
        Overdue = "overdue" => ("已逾期", "已逾期", "Overdue"),
        Done = "done" => ("已完成", "已完成", "Done"),
    }
}

code_enum! {
    pub enum TaskStatus: "task status" {
        Open = "open" => ("待办", "待辦", "Open"),
        Done = "done" => ("已完成", "已完成", "Done"),
        Cancelled = "cancelled" => ("已取消", "已取消", "Cancelled"),
    }
}

/// A stored task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Task {
    pub id: i64,
    pub guarantee_id: GuaranteeId,
    pub kind: TaskKind,
    pub title: String,
    pub due_date: NaiveDate,
    /// Why it is owed: the rule or the person that asked for it.
    pub reason: String,
    pub assignee_id: Option<OfficerId>,
    pub status: TaskStatus,
    pub done_on: Option<NaiveDate>,
    pub visit_id: Option<VisitId>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NewTask {
    pub guarantee_id: GuaranteeId,
    pub kind: TaskKind,
    pub title: String,
    pub due_date: NaiveDate,
    pub reason: String,
    pub assignee_id: Option<OfficerId>,
}
