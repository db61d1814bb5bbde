//! Closing a task from the window (完成 on the agenda and in the guarantee file): the same core
//! call as `baohou done`; a visit plan is saved where the officer chose before it is recorded as
//! submitted.

use super::Session;
use crate::closing::{self, CloseTask, ClosedTask};
use crate::i18n::Locale;
use crate::messages::UserError;
use crate::tasks::engine::Engine;
use std::path::Path;

impl Session {
    /// Closes the task `request` names by its record, done no later than `today` (the app's
    /// day). A visit plan is written to `save_plan_to` first (an absolute path the officer
    /// chose); nothing is recorded if it cannot be.
    pub fn close_task(
        &mut self,
        locale: Locale,
        request: &CloseTask,
        save_plan_to: Option<&Path>,
        today: chrono::NaiveDate,
    ) -> Result<ClosedTask, UserError> {
        if save_plan_to.is_some_and(|p| !p.is_absolute()) {
            return Err(super::sheets::bad_path(locale));
        }
        let save_plan_to = match save_plan_to {
            Some(p) => Some(self.granted(locale, super::PathPurpose::SavePlan, p, true)?),
            None => None,
        };
        let save_plan_to = save_plan_to.as_deref();
        let refused = |e: closing::CloseError| UserError {
            code: crate::code::Code::TaskNotClosed,
            message: e.message(locale),
        };
        let store = self.store_mut(locale)?;
        let policy = store
            .policy_in_force()
            .map_err(|e| UserError::from_store(&e, locale))?;
        let calendar = store
            .calendar()
            .map_err(|e| UserError::from_store(&e, locale))?;
        let engine = Engine::new(&policy, &calendar);
        let prepared = closing::prepare(store, &engine, request, today).map_err(refused)?;
        if let (Some(path), Some(plan)) = (save_plan_to, prepared.plan()) {
            super::sheets::write_out(path, plan, locale)?;
        }
        prepared.commit(store).map_err(refused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::closing::{TaskRecord, TaskTarget};
    use crate::tasks::{TaskKind, TaskState};
    use chrono::NaiveDate;

    #[test]
    fn the_window_closes_a_visit_plan_and_saves_it_where_the_officer_chose() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let (dir, mut session) = crate::session::demo_session(today);
        let agenda = session.agenda(Locale::ZhCn, today).unwrap();
        let plan = agenda
            .tasks
            .iter()
            .find(|t| t.kind == TaskKind::VisitPlan && t.state == TaskState::Overdue)
            .expect("one officer's plan is missing in the demo")
            .clone();
        assert!(plan.closes_by_record);
        let request = CloseTask {
            target: TaskTarget::Officer(plan.officer.clone().unwrap()),
            kind: TaskKind::VisitPlan,
            due: plan.due,
            anchor: None,
            on: today,
            record: TaskRecord::VisitPlan {
                submitted_to: "业务部经理 刘洋".into(),
                note: String::new(),
            },
        };
        // A relative path is refused before anything is written or recorded.
        let refused = session
            .close_task(Locale::ZhCn, &request, Some(Path::new("plan.xlsx")), today)
            .unwrap_err();
        assert_eq!(refused.code, "bad_path");
        // A path the officer did not choose in the dialog: refused, nothing written.
        let path = dir.path().join("回访计划表.xlsx");
        let refused = session
            .close_task(Locale::ZhCn, &request, Some(&path), today)
            .unwrap_err();
        assert_eq!(refused.code, "bad_path");
        assert!(!path.exists());
        // A folder that does not exist: the plan cannot be saved, and it is not recorded.
        let nowhere = dir.path().join("no such folder").join("plan.xlsx");
        session.grant_path(crate::session::PathPurpose::SavePlan, nowhere.clone());
        let refused = session
            .close_task(Locale::ZhCn, &request, Some(&nowhere), today)
            .unwrap_err();
        assert_eq!(refused.code, "export_write");
        let still = session.agenda(Locale::ZhCn, today).unwrap();
        assert!(still.tasks.iter().any(|t| t.kind == TaskKind::VisitPlan
            && t.due == plan.due
            && t.state == TaskState::Overdue));

        session.grant_path(crate::session::PathPurpose::SavePlan, path.clone());
        let closed = session
            .close_task(Locale::ZhCn, &request, Some(&path), today)
            .unwrap();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        let digest = crate::store::sha256_hex(&bytes);
        assert!(closed.note.contains(&digest[..16]), "{}", closed.note);
        assert!(closed.note.contains("刘洋"), "{}", closed.note);
        let after = session.agenda(Locale::ZhCn, today).unwrap();
        assert!(after.tasks.iter().any(|t| t.kind == TaskKind::VisitPlan
            && t.due == plan.due
            && t.state == TaskState::Done));
        // A periodic check says what closes it.
        let periodic = after
            .tasks
            .iter()
            .find(|t| t.kind == TaskKind::PeriodicCheck)
            .unwrap();
        assert!(!periodic.closes_by_record);
        assert!(
            periodic.closed_by.contains("开始检查"),
            "{}",
            periodic.closed_by
        );
    }
}
