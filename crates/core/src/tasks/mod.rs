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
use crate::portfolio::{GuaranteeId, OfficerId};
use crate::visit::VisitId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum! {
    /// 任务类型. The codes are those `baohou due --json` prints.
    pub enum TaskKind: "task kind" {
        FirstCheck = "first_check" => ("首次检查", "首次檢查", "First check"),
        PeriodicCheck = "periodic_check" => ("定期检查", "定期檢查", "Periodic check"),
        MaturityCheck = "maturity_check" => ("到期检查", "到期檢查", "Pre-maturity check"),
        MaturityNotice = "maturity_notice" => ("担保到期通知书", "擔保到期通知書", "Maturity notice"),
        EmergencyCheck = "emergency_check" => ("重点检查", "重點檢查", "Emergency check"),
        SignalReport = "signal_report" => ("预警当日报告", "預警當日報告", "Same-day signal report"),
        ReportDue = "report_due" => ("撰写保后检查表", "撰寫保後檢查表", "Write the inspection report"),
        StockCheck = "stock_check" => ("日常库存量检查", "日常庫存量檢查", "Daily stock check"),
        TierReview = "tier_review" => ("季度分类复核", "季度分類複核", "Quarterly tier review"),
        VisitPlan = "visit_plan" => ("回访计划表", "回訪計劃表", "Quarterly visit plan"),
        CompensationReport = "compensation_report" => ("代偿当日报告", "代償當日報告", "Compensation report"),
        RecoveryPlan = "recovery_plan" => ("追偿方案", "追償方案", "Recovery plan"),
        LegalAction = "legal_action" => ("起诉或和解", "起訴或和解", "Legal action or settlement"),
        RepaymentReminder = "repayment_reminder" => ("还款提示通知书", "還款提示通知書", "Repayment reminder"),
        OverdueNotice = "overdue_notice" => ("逾期催收通知书", "逾期催收通知書", "Overdue notice"),
        NoticeReceipt = "notice_receipt" => ("收回通知书回执", "收回通知書回執", "Receipt of a notice"),
        CollectionFollowUp = "collection_follow_up" => ("逾期催收联系", "逾期催收聯繫", "Collection contact"),
        BrokenPromise = "broken_promise" => ("承诺还款未兑现跟进", "承諾還款未兌現跟進", "Broken promise follow-up"),
        LostContactSearch = "lost_contact_search" => ("失联查找", "失聯查找", "Lost-contact search"),
        WithdrawalDecision = "withdrawal_decision" => ("撤保审批", "撤保審批", "Withdrawal decision"),
        WithdrawalBankNotice = "withdrawal_bank_notice" => ("撤保通知贷款银行", "撤保通知貸款銀行", "Tell the bank of the withdrawal"),
        Enforcement = "enforcement" => ("执行反担保", "執行反擔保", "Enforce a counter-guarantee"),
        ArchiveHandover = "archive_handover" => ("解保档案移交", "解保檔案移交", "Hand the file to the archive"),
        FollowUp = "follow_up" => ("跟进事项", "跟進事項", "Follow-up"),
    }
}

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

/// The agenda of a store on `as_of`: the computed tasks plus the open follow-ups kept by hand.
pub fn agenda_from_store(
    store: &crate::store::Store,
    engine: &engine::Engine<'_>,
    as_of: NaiveDate,
    officer: Option<&str>,
) -> crate::store::StoreResult<engine::Agenda> {
    let facts = store.rule_facts(engine.window_start(as_of), officer)?;
    let mut agenda = engine.agenda(as_of, &facts.guarantees, &facts.officer_completions);
    let by_id: std::collections::HashMap<GuaranteeId, &engine::GuaranteeFacts> = facts
        .guarantees
        .iter()
        .filter_map(|g| g.guarantee_id.map(|id| (id, g)))
        .collect();
    for t in store.agenda_tasks(engine.window_start(as_of))? {
        let Some(g) = by_id.get(&t.guarantee_id) else {
            continue;
        };
        let done_on = t.done_on.filter(|_| t.status == TaskStatus::Done);
        let (state, days_overdue) = engine::state_of(t.due_date, done_on, as_of);
        agenda.tasks.push(engine::DueTask {
            guarantee_id: Some(t.guarantee_id),
            contract_no: Some(g.contract_no.clone()),
            borrower: Some(g.borrower.clone()),
            officer: g.officer.clone(),
            kind: t.kind,
            anchor: format!("task:{}", t.id).into(),
            due: t.due_date,
            state,
            days_overdue,
            done_on,
            rule: crate::policy::PolicyKey::Plain("manual"),
            reason: reason::Reason::Manual {
                title: t.title,
                reason: t.reason,
            },
        });
    }
    engine::sort_tasks(&mut agenda.tasks);
    Ok(agenda)
}

#[cfg(test)]
mod tests {
    use super::engine::Engine;
    use crate::calendar::WorkCalendar;
    use crate::demo::{LargePortfolio, write_large_portfolio};
    use crate::policy::Policy;
    use crate::store::Store;
    use chrono::NaiveDate;

    #[test]
    fn the_store_window_gives_the_agenda_of_the_whole_history() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let visits = write_large_portfolio(
            &mut store,
            LargePortfolio {
                guarantees: 80,
                years: 2,
            },
            today,
        )
        .unwrap();
        assert!(visits > 1000, "{visits}");
        let (policy, calendar) = (Policy::builtin(), WorkCalendar::builtin());
        let engine = Engine::new(&policy, &calendar);
        let windowed = super::agenda_from_store(&store, &engine, today, None).unwrap();
        let everything = store
            .rule_facts(NaiveDate::from_ymd_opt(1900, 1, 1).unwrap(), None)
            .unwrap();
        assert!(
            everything
                .guarantees
                .iter()
                .map(|g| g.visits.visits.len())
                .sum::<usize>()
                > 1000
        );
        let whole = engine.agenda(
            today,
            &everything.guarantees,
            &everything.officer_completions,
        );
        assert!(windowed.tasks.len() > 300, "{}", windowed.tasks.len());
        assert_eq!(windowed, whole);
    }
}
