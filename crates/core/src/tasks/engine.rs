//! The task engine: from a guarantee's facts, the company's policy and a day, every task the
//! officer owes, with its due date, its state, the policy key it came from and the reason in
//! words.
//!
//! The engine reads no database and no file: the store ([`crate::store`]) and the portfolio file
//! ([`crate::tasks::portfolio_file`]) both hand it [`GuaranteeFacts`]. A store hands over only the
//! visits of the look-back window plus one aggregate (the latest on-site visit before it), and
//! the engine gives the same answer as with the whole history; a property test holds it to that.

use super::reason::Reason;
use super::{TaskKind, TaskState};
use crate::calendar::{CalendarGaps, Period, WorkCalendar, quarter_end, quarter_start};
use crate::collection::{OverdueBucket, days_overdue};
use crate::i18n::Locale;
use crate::money::Money;
use crate::policy::{
    Collection, Enforcement, HeadReport, LostContact, Notices, Policy, PolicyKey, Subject,
};
use crate::portfolio::{CounterGuaranteeKind, GuaranteeId, GuaranteeStatus, Product, RiskTier};
use crate::signals::Severity;
use crate::visit::{VisitId, VisitKind};
use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

mod collection_rules;
mod notice_rules;

/// What the engine knows of one guarantee.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuaranteeFacts {
    pub guarantee_id: Option<GuaranteeId>,
    /// Shared with every task of the guarantee.
    pub contract_no: Arc<str>,
    pub borrower: Arc<str>,
    /// The A角 in charge, when known.
    pub officer: Option<Arc<str>>,
    pub product: Product,
    pub amount: Money,
    pub start: NaiveDate,
    pub maturity: NaiveDate,
    pub tier: RiskTier,
    pub status: GuaranteeStatus,
    pub credit_rating: Option<String>,
    /// The day the company paid the bank (代偿), for compensated guarantees.
    pub compensated_on: Option<NaiveDate>,
    pub visits: VisitHistory,
    pub signals: Vec<SignalFact>,
    /// Set when pledged goods need a daily stock check.
    pub stock: Option<StockFacts>,
    /// Computed tasks marked done by hand (a notice sent, a review filed).
    pub completions: Vec<Completion>,
    /// Overdue, contacts, promises and the lost-contact search.
    pub collection: CollectionFacts,
}

/// What collection the engine follows for a guarantee.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CollectionFacts {
    /// The overdue still open.
    pub overdue: Option<OverdueFact>,
    /// The days of every contact attempt, sorted.
    pub contact_days: Vec<NaiveDate>,
    pub promises: Vec<PromiseFact>,
    /// The lost-contact search steps done: (step code, day).
    pub search_steps: Vec<(String, NaiveDate)>,
    /// Notices issued to the borrower, oldest first.
    pub notices: Vec<NoticeFact>,
    /// 保后检查表 returned by head office's approval chain.
    pub returns: Vec<ReturnFact>,
    /// The latest application for an extension (展期): its id, day, asked maturity, and the day
    /// it was decided.
    pub extension: Option<ExtensionFact>,
    /// The day the bank demanded that the company pay (代偿要求).
    pub demanded_on: Option<NaiveDate>,
    /// Released here: the day, the archive, the title documents.
    pub released: Option<ReleasedFact>,
    /// A withdrawal proposal awaiting the decision: its id and day.
    pub pending_withdrawal: Option<(i64, NaiveDate)>,
    /// What the counter-guarantees' enforcement needs, once it began.
    pub enforcement: EnforcementFacts,
}

/// A report returned at a step of head office's approval chain, and the day a corrected version
/// was issued.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnFact {
    pub id: i64,
    pub document_no: String,
    pub step: String,
    pub by: String,
    pub reason: String,
    pub returned_on: NaiveDate,
    pub resubmitted_on: Option<NaiveDate>,
}

/// An application for an extension, and the day it was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExtensionFact {
    pub id: i64,
    pub applied_on: NaiveDate,
    pub new_maturity: NaiveDate,
    pub decided_on: Option<NaiveDate>,
}

/// A guarantee released here, and what is owed after the release.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReleasedFact {
    pub on: NaiveDate,
    /// The day its file reached the archive.
    pub archived_on: Option<NaiveDate>,
    /// It had a mortgage or pledge, whose 有权凭证 go back to the provider.
    pub titles_owed: bool,
    /// The day they were handed back and signed for.
    pub titles_returned_on: Option<NaiveDate>,
}

/// An approved withdrawal, set in motion, and the enforcement of the counter-guarantees.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnforcementFacts {
    pub approved_withdrawal: Option<ApprovedWithdrawal>,
    /// Loaded for a guarantee compensated or with an approved withdrawal.
    pub counter_guarantees: Vec<CounterGuaranteeFact>,
    /// The steps ended: (counter-guarantee, step code, day).
    pub steps_done: Vec<(i64, String, NaiveDate)>,
    /// The compensation is recovered in full.
    pub recovered_in_full: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApprovedWithdrawal {
    pub id: i64,
    pub decided_on: NaiveDate,
    pub bank_notified_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CounterGuaranteeFact {
    pub id: i64,
    pub kind: CounterGuaranteeKind,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeFact {
    pub id: i64,
    pub kind: crate::policy::NoticeKind,
    pub overdue_id: Option<i64>,
    pub issued_on: NaiveDate,
    pub delivered_on: Option<NaiveDate>,
    pub receipt_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverdueFact {
    pub id: i64,
    pub due_on: NaiveDate,
    pub known_on: NaiveDate,
    pub balance: Money,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromiseFact {
    pub contact_id: i64,
    pub made_on: NaiveDate,
    pub by: NaiveDate,
    pub amount: Money,
    /// The payments from `made_on` to `by` reached `amount`.
    pub kept: bool,
}

/// The visits of a guarantee: all of them, or those from `since` on plus an aggregate of the rest.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VisitHistory {
    /// `None`: `visits` is the whole history. `Some(d)`: `visits` holds every visit on or after
    /// `d` and every visit whose report is still unwritten.
    pub since: Option<NaiveDate>,
    /// The latest on-site visit before `since` (unused when `since` is `None`).
    pub on_site_before: Option<NaiveDate>,
    /// The latest visit of any method (on site or by phone) before `since`.
    pub any_before: Option<NaiveDate>,
    /// Sorted by date.
    pub visits: Vec<VisitFact>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VisitFact {
    pub visit_id: Option<VisitId>,
    pub date: NaiveDate,
    pub kind: VisitKind,
    pub on_site: bool,
    /// The day the report was completed and signed; `None` while it is a draft.
    pub reported_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignalFact {
    pub signal_id: Option<i64>,
    pub code: String,
    pub title: String,
    pub severity: Severity,
    pub found: NaiveDate,
    pub resolved_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StockFacts {
    /// The latest stock report (on-site count or warehouse supervisor's report).
    pub last_report: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub kind: TaskKind,
    pub anchor: String,
    pub done_on: NaiveDate,
}

/// A computed (or stored) task as the officer sees it on the day asked about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct DueTask {
    #[specta(type = Option<u32>)]
    pub guarantee_id: Option<GuaranteeId>,
    /// `None` for tasks of an officer rather than a guarantee (the quarterly visit plan).
    #[specta(type = Option<String>)]
    pub contract_no: Option<Arc<str>>,
    #[specta(type = Option<String>)]
    pub borrower: Option<Arc<str>>,
    #[specta(type = Option<String>)]
    pub officer: Option<Arc<str>>,
    pub kind: TaskKind,
    /// What the task is about, stable across runs ([`anchor`]): `start`, `maturity`,
    /// `signal:17`, `visit:2026-11-02`, `quarter:2026Q4` ...
    #[specta(type = String)]
    pub anchor: Cow<'static, str>,
    pub due: NaiveDate,
    pub state: TaskState,
    pub days_overdue: u32,
    pub done_on: Option<NaiveDate>,
    /// The policy key the deadline came from, e.g. `periodic.every_by_tier.3`.
    #[specta(type = String)]
    pub rule: PolicyKey,
    /// Why it is owed; [`DueTask::reason_text`] words it.
    #[serde(skip)]
    #[specta(skip)]
    pub reason: Reason,
    /// The day the arithmetic gave, when it was a day off and the deadline fell on the last
    /// working day before it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_from: Option<NaiveDate>,
}

impl DueTask {
    /// Why it is owed, in `locale`, and why on that day when it was moved off a day off.
    pub fn reason_text(&self, locale: Locale) -> String {
        let reason = self.reason.text(locale);
        match self.moved_from {
            None => reason,
            Some(from) => match locale {
                Locale::En => format!(
                    "{reason}; {from} is a day off, so it falls on the last working day before"
                ),
                Locale::ZhTw => format!("{reason}（{from} 為休息日，提前至此前最後一個工作日）"),
                Locale::ZhCn => format!("{reason}（{from} 为休息日，提前至此前最后一个工作日）"),
            },
        }
    }
}

/// Everything due on a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct Agenda {
    pub as_of: NaiveDate,
    pub policy_version: String,
    pub tasks: Vec<DueTask>,
    /// Years a deadline was counted in without official calendar data (weekends only assumed).
    pub calendar_gaps: Vec<i32>,
}

/// How the engine is asked.
pub struct Engine<'a> {
    pub policy: &'a Policy,
    pub calendar: &'a WorkCalendar,
    /// Done tasks are listed when they were done within this many days before `as_of`.
    pub show_done_days: u32,
    /// The policy's sections that fall back to the shipped ones, resolved once.
    notices: Notices,
    collection: Collection,
    lost_contact: LostContact,
    archive_within: Period,
    title_return_within: Period,
    extension_within: Period,
    returned_within: Period,
    withdrawal_within: Period,
    bank_notice_within: Period,
    enforcement: Enforcement,
    signal_check_within: Period,
    head_report: HeadReport,
    tier_names: Option<std::sync::Arc<crate::policy::TierNames>>,
    compensation_steps: Vec<(TaskKind, Period, &'static str)>,
    demand_steps: Vec<(TaskKind, Period, &'static str)>,
}

/// Days of done tasks shown by default.
pub const DEFAULT_SHOW_DONE_DAYS: u32 = 30;

impl<'a> Engine<'a> {
    pub fn new(policy: &'a Policy, calendar: &'a WorkCalendar) -> Engine<'a> {
        Engine {
            policy,
            calendar,
            show_done_days: DEFAULT_SHOW_DONE_DAYS,
            notices: policy.notices(),
            collection: policy.collection(),
            lost_contact: policy.lost_contact(),
            archive_within: policy.release().archive_within,
            title_return_within: policy.release_title_return_within(),
            extension_within: policy.extension().decision_within,
            returned_within: policy.report_returned_within(),
            withdrawal_within: policy.withdrawal().decision_within,
            bank_notice_within: policy.withdrawal_bank_notice_within(),
            enforcement: policy.enforcement(),
            signal_check_within: policy.signal_check().within,
            head_report: policy.head_report(),
            tier_names: policy.tier_names.clone().map(std::sync::Arc::new),
            compensation_steps: policy.after_compensation.steps(),
            demand_steps: policy.after_compensation.demand_steps(),
        }
    }

    /// The first day whose done tasks are still listed; a store loads visits from here on.
    pub fn window_start(&self, as_of: NaiveDate) -> NaiveDate {
        as_of - Days::new(self.show_done_days.into())
    }

    /// Every task of every guarantee, plus the officers' quarterly visit plans.
    pub fn agenda(
        &self,
        as_of: NaiveDate,
        guarantees: &[GuaranteeFacts],
        officer_completions: &[(String, Completion)],
    ) -> Agenda {
        let mut gaps = CalendarGaps::default();
        let mut tasks = Vec::new();
        for g in guarantees {
            self.guarantee_tasks(as_of, g, &mut gaps, &mut tasks);
        }
        let officers: BTreeSet<&str> = guarantees
            .iter()
            .filter(|g| g.status == GuaranteeStatus::Active)
            .filter_map(|g| g.officer.as_deref())
            .collect();
        for officer in officers {
            self.visit_plans(as_of, officer, officer_completions, &mut tasks);
        }
        sort_tasks(&mut tasks);
        Agenda {
            as_of,
            policy_version: self.policy.version().to_owned(),
            tasks,
            calendar_gaps: gaps.years().collect(),
        }
    }

    /// The tasks of one guarantee, appended to `out`.
    pub fn guarantee_tasks(
        &self,
        as_of: NaiveDate,
        g: &GuaranteeFacts,
        gaps: &mut CalendarGaps,
        out: &mut Vec<DueTask>,
    ) {
        let mut ctx = Ctx {
            policy: self.policy,
            notices: &self.notices,
            collection: &self.collection,
            lost_contact: &self.lost_contact,
            archive_within: self.archive_within,
            title_return_within: self.title_return_within,
            extension_within: self.extension_within,
            returned_within: self.returned_within,
            signal_check_within: self.signal_check_within,
            head_report: &self.head_report,
            tier_names: &self.tier_names,
            compensation_steps: &self.compensation_steps,
            demand_steps: &self.demand_steps,
            withdrawal_within: self.withdrawal_within,
            bank_notice_within: self.bank_notice_within,
            enforcement: &self.enforcement,
            calendar: self.calendar,
            as_of,
            window: self.window_start(as_of),
            g,
            gaps,
            out,
            moved: None,
        };
        match g.status {
            GuaranteeStatus::Released => {
                ctx.title_return();
                ctx.archive_handover();
            }
            GuaranteeStatus::Compensated | GuaranteeStatus::InRecovery => {
                ctx.after_demand();
                ctx.after_compensation();
                ctx.enforcement();
                ctx.lost_contact_search();
                ctx.notice_receipts();
            }
            GuaranteeStatus::Active => {
                ctx.report_returned();
                ctx.extension_decision();
                ctx.after_demand();
                ctx.withdrawal_decision();
                ctx.withdrawal_bank_notice();
                ctx.enforcement();
                ctx.repayment_reminder();
                ctx.overdue_notice();
                ctx.notice_receipts();
                ctx.collection_follow_up();
                ctx.broken_promises();
                ctx.lost_contact_search();
                ctx.first_check();
                ctx.periodic_check();
                ctx.maturity_check();
                ctx.maturity_notice();
                ctx.signal_tasks();
                ctx.reports();
                ctx.stock_check();
                ctx.tier_reviews();
            }
        }
    }

    fn visit_plans(
        &self,
        as_of: NaiveDate,
        officer: &str,
        completions: &[(String, Completion)],
        out: &mut Vec<DueTask>,
    ) {
        let day = self.policy.quarterly_review.visit_plan_day;
        let this_q = quarter_start(as_of);
        let next_q = quarter_end(as_of) + Days::new(1);
        for q in [this_q, next_q] {
            let Some(due) = NaiveDate::from_ymd_opt(q.year(), q.month(), day) else {
                continue;
            };
            let anchor = anchor::quarter(q);
            let done_on = completions
                .iter()
                .find(|(o, c)| o == officer && c.kind == TaskKind::VisitPlan && c.anchor == anchor)
                .map(|(_, c)| c.done_on);
            if done_on.is_some_and(|d| d < self.window_start(as_of)) {
                continue;
            }
            let (state, days_overdue) = state_of(due, done_on, as_of);
            out.push(DueTask {
                guarantee_id: None,
                contract_no: None,
                borrower: None,
                officer: Some(officer.into()),
                kind: TaskKind::VisitPlan,
                anchor: anchor.into(),
                due,
                state,
                days_overdue,
                done_on,
                rule: PolicyKey::Plain("quarterly_review.visit_plan_day"),
                reason: Reason::VisitPlan { quarter: q, day },
                moved_from: None,
            });
        }
    }
}

/// Overdue first (longest first), then due today, then upcoming by date, then done. The sort is
/// stable: tasks due the same day keep the order they were computed in (guarantee by guarantee,
/// as the store or the file lists them).
pub fn sort_tasks(tasks: &mut [DueTask]) {
    fn rank(s: TaskState) -> u8 {
        match s {
            TaskState::Overdue => 0,
            TaskState::DueToday => 1,
            TaskState::Upcoming => 2,
            TaskState::Done => 3,
        }
    }
    tasks.sort_by_key(|t| (rank(t.state), t.due));
}

/// The state of a task due on `due` on the day `as_of`.
pub fn state_of(due: NaiveDate, done_on: Option<NaiveDate>, as_of: NaiveDate) -> (TaskState, u32) {
    if done_on.is_some() {
        (TaskState::Done, 0)
    } else if as_of > due {
        let days = (as_of - due).num_days();
        (TaskState::Overdue, u32::try_from(days).unwrap_or(u32::MAX))
    } else if as_of == due {
        (TaskState::DueToday, 0)
    } else {
        (TaskState::Upcoming, 0)
    }
}

/// When a visit that satisfies a task happened.
enum Satisfied {
    On(NaiveDate),
    /// Before the look-back window: done, and too long ago to list.
    LongAgo,
    No,
}

impl VisitHistory {
    /// The first on-site visit on or after `from`.
    fn first_on_site_from(&self, from: NaiveDate) -> Satisfied {
        self.first_from(from, true)
    }

    /// The first visit on or after `from`: on site only, or by phone too.
    fn first_from(&self, from: NaiveDate, on_site_only: bool) -> Satisfied {
        let before = if on_site_only {
            self.on_site_before
        } else {
            self.any_before
        };
        if let Some(since) = self.since
            && from < since
            && before.is_some_and(|d| d >= from)
        {
            return Satisfied::LongAgo;
        }
        let floor = self.since.map_or(from, |s| s.max(from));
        match self
            .visits
            .iter()
            .find(|v| (v.on_site || !on_site_only) && v.date >= floor)
        {
            Some(v) => Satisfied::On(v.date),
            None => Satisfied::No,
        }
    }

    /// The latest on-site visit of the whole history.
    pub fn last_on_site(&self) -> Option<NaiveDate> {
        let recent = self
            .visits
            .iter()
            .filter(|v| v.on_site && self.since.is_none_or(|s| v.date >= s))
            .map(|v| v.date)
            .max();
        recent.max(self.on_site_before)
    }
}

struct Ctx<'e, 'a> {
    policy: &'a Policy,
    notices: &'a Notices,
    collection: &'a Collection,
    lost_contact: &'a LostContact,
    archive_within: Period,
    title_return_within: Period,
    extension_within: Period,
    returned_within: Period,
    withdrawal_within: Period,
    bank_notice_within: Period,
    enforcement: &'a Enforcement,
    signal_check_within: Period,
    head_report: &'a HeadReport,
    tier_names: &'a Option<std::sync::Arc<crate::policy::TierNames>>,
    compensation_steps: &'a [(TaskKind, Period, &'static str)],
    demand_steps: &'a [(TaskKind, Period, &'static str)],
    calendar: &'a WorkCalendar,
    as_of: NaiveDate,
    window: NaiveDate,
    g: &'e GuaranteeFacts,
    gaps: &'e mut CalendarGaps,
    out: &'e mut Vec<DueTask>,
    /// The last deadline counted, when it was moved off a day off: (the day the arithmetic
    /// gave, the working day it fell on). Each count overwrites it and each task pushed takes it,
    /// so a count that led to no task is never taken for another's.
    moved: Option<(NaiveDate, NaiveDate)>,
}

/// Signals of `min` severity or above that still matter on a window: open, or resolved in it.
fn live_signals(
    g: &GuaranteeFacts,
    min: Severity,
    window: NaiveDate,
) -> impl Iterator<Item = &SignalFact> {
    g.signals
        .iter()
        .filter(move |s| s.severity >= min && s.resolved_on.is_none_or(|r| r >= window))
}

impl<'e> Ctx<'e, '_> {
    fn subject(&self) -> Subject<'e> {
        let g = self.g;
        Subject {
            tier: g.tier,
            product: g.product,
            amount: g.amount,
            rating: g.credit_rating.as_deref(),
        }
    }

    /// The deadline `p` after `d`.
    fn after(&mut self, p: Period, d: NaiveDate) -> NaiveDate {
        let due = p.after(d, self.calendar, self.gaps);
        self.off_days_off(p, d, due)
    }

    /// The deadline `p` before `d` (at least `p` ahead of it).
    fn before(&mut self, p: Period, d: NaiveDate) -> NaiveDate {
        let due = p.before(d, self.calendar, self.gaps);
        self.off_days_off(p, NaiveDate::MIN, due)
    }

    /// A deadline counted in calendar days, months or years that lands on a day off (a weekend
    /// or a holiday of the official calendar; a make-up working day is a working day) falls on
    /// the last working day before it, if that is after `floor`: "at least 30 days before" and
    /// "at most every 3 months" (a 最大间隔期) can still be met on a working day, and a rhythm
    /// ("every day") never falls due on the day it was last done. A deadline counted in working
    /// days is on one already. In a year whose calendar is not installed yet only weekends are
    /// days off; the deadline moves again when the year arrives (it is counted afresh on every
    /// agenda), and the agenda's calendar warning stays for the working-day counts.
    fn off_days_off(&mut self, p: Period, floor: NaiveDate, due: NaiveDate) -> NaiveDate {
        self.moved = None;
        if matches!(p, Period::WorkingDays(_)) || self.calendar.is_working_day(due) {
            return due;
        }
        let mut day = due;
        while let Some(prev) = day.pred_opt() {
            if prev <= floor {
                return due;
            }
            if self.calendar.is_working_day(prev) {
                self.moved = Some((due, prev));
                return prev;
            }
            day = prev;
        }
        due
    }

    fn completion(&self, kind: TaskKind, anchor: &str) -> Option<NaiveDate> {
        self.g
            .completions
            .iter()
            .filter(|c| c.kind == kind && c.anchor == anchor)
            .map(|c| c.done_on)
            .min()
    }

    /// Adds a task unless it was done before the window.
    fn push(
        &mut self,
        kind: TaskKind,
        anchor: impl Into<Cow<'static, str>>,
        due: NaiveDate,
        done: Satisfied,
        rule: PolicyKey,
        reason: Reason,
    ) {
        let moved = self.moved.take();
        let anchor = anchor.into();
        let by_hand = self.completion(kind, &anchor);
        let done_on = match (done, by_hand) {
            (_, Some(d)) => Some(d),
            (Satisfied::On(d), None) => Some(d),
            (Satisfied::LongAgo, None) => return,
            (Satisfied::No, None) => None,
        };
        if done_on.is_some_and(|d| d < self.window) {
            return;
        }
        let (state, days_overdue) = state_of(due, done_on, self.as_of);
        let moved_from = moved.filter(|(_, to)| *to == due).map(|(from, _)| from);
        self.out.push(DueTask {
            guarantee_id: self.g.guarantee_id,
            contract_no: Some(self.g.contract_no.clone()),
            borrower: Some(self.g.borrower.clone()),
            officer: self.g.officer.clone(),
            kind,
            anchor,
            due,
            state,
            days_overdue,
            done_on,
            rule,
            reason,
            moved_from,
        });
    }

    fn first_check(&mut self) {
        let g = self.g;
        let chosen = self.policy.first_check_within(&self.subject());
        let due = self.after(chosen.period, g.start);
        let by_phone = self.policy.first_check.by_phone;
        let done = g.visits.first_from(g.start, !by_phone);
        let reason = Reason::FirstCheck {
            start: g.start,
            within: chosen.period,
            by_phone,
        };
        self.push(
            TaskKind::FirstCheck,
            anchor::START,
            due,
            done,
            chosen.key,
            reason,
        );
    }

    fn periodic_check(&mut self) {
        let g = self.g;
        let chosen = self.policy.periodic_every(&self.subject());
        // A visit before the guarantee began (a pre-guarantee check) does not start the clock.
        let last = g.visits.last_on_site().filter(|d| *d >= g.start);
        let from = last.unwrap_or(g.start);
        let due = self.after(chosen.period, from);
        // Past maturity the maturity check is the last routine visit, unless the guarantee is
        // still open after its maturity day (then the watch goes on).
        if due > g.maturity && self.as_of <= g.maturity {
            return;
        }
        let reason = Reason::Periodic {
            tier: g.tier,
            names: self.tier_names.clone(),
            every: chosen.period,
            by_rule: matches!(chosen.key, PolicyKey::Rule(..)),
            last_on_site: last,
            start: g.start,
            written_suggestion: self.policy.wants_written_suggestion(g.tier),
        };
        self.push(
            TaskKind::PeriodicCheck,
            anchor::NEXT,
            due,
            Satisfied::No,
            chosen.key,
            reason,
        );
    }

    fn maturity_check(&mut self) {
        let g = self.g;
        let chosen = self.policy.maturity_check_before(&self.subject());
        let due = self.before(chosen.period, g.maturity);
        // Where a visit starts to count: a window's edge, not a deadline.
        let counts_from =
            self.policy
                .maturity_check
                .counts_from
                .before(due, self.calendar, self.gaps);
        let done = g.visits.first_on_site_from(counts_from);
        let reason = Reason::MaturityCheck {
            maturity: g.maturity,
            before: chosen.period,
            product: g.product,
        };
        self.push(
            TaskKind::MaturityCheck,
            anchor::MATURITY,
            due,
            done,
            chosen.key,
            reason,
        );
    }

    fn signal_tasks(&mut self) {
        let (g, ec) = (self.g, &self.policy.emergency_check);
        for s in live_signals(g, ec.min_severity, self.window) {
            let anchor = anchor::signal(s.signal_id, &s.code, s.found);
            let due = self.after(ec.within, s.found);
            let done = g.visits.first_on_site_from(s.found);
            let reason = Reason::EmergencyCheck {
                found: s.found,
                code: s.code.clone(),
                title: s.title.clone(),
                severity: s.severity,
                within: ec.within,
            };
            self.push(
                TaskKind::EmergencyCheck,
                anchor.clone(),
                due,
                done,
                PolicyKey::Plain("emergency_check.within"),
                reason,
            );
            let due = self.after(ec.report_within, s.found);
            let reason = Reason::SignalReport {
                found: s.found,
                code: s.code.clone(),
                severity: s.severity,
                within: ec.report_within,
            };
            self.push(
                TaskKind::SignalReport,
                anchor.clone(),
                due,
                Satisfied::No,
                PolicyKey::Plain("emergency_check.report_within"),
                reason,
            );
            // Seed 000: "部门负责人应在2日内将存在问题和处理意见书面报告总经理。对发现重大问题，部门负责人
            // 应立即报告总经理".
            let (within, key) = if s.severity >= Severity::Major {
                (self.head_report.major_within, "head_report.major_within")
            } else {
                (self.head_report.within, "head_report.within")
            };
            let due = self.after(within, s.found);
            let reason = Reason::HeadReport {
                found: s.found,
                code: s.code.clone(),
                severity: s.severity,
                within,
            };
            self.push(
                TaskKind::HeadReport,
                anchor,
                due,
                Satisfied::No,
                PolicyKey::Plain(key),
                reason,
            );
        }
        // Seed 004 ② "预警提示检查：根据担保的预警提示…进行专项检查": a lesser signal is checked too.
        let within = self.signal_check_within;
        for s in
            live_signals(g, Severity::General, self.window).filter(|s| s.severity < ec.min_severity)
        {
            let due = self.after(within, s.found);
            let reason = Reason::SignalCheck {
                found: s.found,
                code: s.code.clone(),
                title: s.title.clone(),
                severity: s.severity,
                within,
            };
            self.push(
                TaskKind::SignalCheck,
                anchor::signal(s.signal_id, &s.code, s.found),
                due,
                g.visits.first_on_site_from(s.found),
                PolicyKey::Plain("signal_check.within"),
                reason,
            );
        }
    }

    fn reports(&mut self) {
        let (g, report) = (self.g, &self.policy.report);
        let urgent_days: BTreeSet<NaiveDate> =
            live_signals(g, self.policy.emergency_check.min_severity, self.window)
                .map(|s| s.found)
                .collect();
        let window = self.window;
        for v in g
            .visits
            .visits
            .iter()
            .filter(|v| v.reported_on.is_none() || v.date >= window)
        {
            let urgent = urgent_days.contains(&v.date);
            let (period, key) = if urgent {
                (report.urgent_within, "report.urgent_within")
            } else {
                (report.within, "report.within")
            };
            let due = self.after(period, v.date);
            let done = v.reported_on.map_or(Satisfied::No, Satisfied::On);
            let reason = Reason::Report {
                visit_date: v.date,
                visit_kind: v.kind,
                within: period,
                urgent,
            };
            let anchor = anchor::visit(v.visit_id, v.date);
            self.push(
                TaskKind::ReportDue,
                anchor,
                due,
                done,
                PolicyKey::Plain(key),
                reason,
            );
        }
    }

    fn stock_check(&mut self) {
        let Some(stock) = &self.g.stock else { return };
        let every = self.policy.stock.check_every;
        let last = stock.last_report;
        let due = match last {
            Some(d) => self.after(every, d),
            None => self.g.start,
        };
        let reason = Reason::StockCheck { every, last };
        self.push(
            TaskKind::StockCheck,
            anchor::STOCK,
            due,
            Satisfied::No,
            PolicyKey::Plain("stock.check_every"),
            reason,
        );
    }

    fn tier_reviews(&mut self) {
        let within = self.policy.quarterly_review.within_after_quarter_end;
        let this_end = quarter_end(self.as_of);
        let previous_end = quarter_start(self.as_of) - Days::new(1);
        for end in [previous_end, this_end] {
            if self.g.start > end {
                continue;
            }
            let due = self.after(within, end);
            let reason = Reason::TierReview {
                quarter: end,
                tier: self.g.tier,
                names: self.tier_names.clone(),
            };
            self.push(
                TaskKind::TierReview,
                anchor::quarter(end),
                due,
                Satisfied::No,
                PolicyKey::Plain("quarterly_review.within_after_quarter_end"),
                reason,
            );
        }
    }
}

/// What a task is about, written the same way by the engine, the store, the demo and the
/// portfolio file, so that a recorded completion finds its task.
pub mod anchor {
    use super::TaskKind;
    use crate::calendar::quarter_label;
    use chrono::NaiveDate;

    /// The first check.
    pub const START: &str = "start";
    /// The rolling periodic check.
    pub const NEXT: &str = "next";
    /// The maturity check and the maturity notice.
    pub const MATURITY: &str = "maturity";
    /// The rolling daily stock check.
    pub const STOCK: &str = "stock";
    /// The after-compensation steps.
    pub const COMPENSATION: &str = "compensation";
    /// The steps after the bank's demand for payment.
    pub const DEMAND: &str = "demand";
    /// The archive handover after the release.
    pub const RELEASE: &str = "release";

    /// `quarter:2026Q4` for any day of that quarter (tier reviews, visit plans).
    pub fn quarter(day: NaiveDate) -> String {
        format!("quarter:{}", quarter_label(day))
    }

    /// `signal:17` for a stored signal, `signal:W31@2026-02-13` for one from a file.
    pub fn signal(id: Option<i64>, code: &str, found: NaiveDate) -> String {
        match id {
            Some(id) => format!("signal:{id}"),
            None => format!("signal:{code}@{found}"),
        }
    }

    /// `overdue:4`: the collection of an overdue.
    pub fn overdue(id: i64) -> String {
        format!("overdue:{id}")
    }

    /// `counter_guarantee:5`: the enforcement of a counter-guarantee.
    pub fn counter_guarantee(id: i64) -> String {
        format!("counter_guarantee:{id}")
    }

    /// `notice:9`: the receipt of a notice.
    pub fn notice(id: i64) -> String {
        format!("notice:{id}")
    }

    /// `promise:12`: the follow-up of a broken promise (the contact it was made in).
    pub fn promise(contact_id: i64) -> String {
        format!("promise:{contact_id}")
    }

    /// `visit:33` for a stored visit, `visit:2026-11-02` for one from a file.
    pub fn visit(id: Option<i64>, date: NaiveDate) -> String {
        match id {
            Some(id) => format!("visit:{id}"),
            None => format!("visit:{date}"),
        }
    }

    /// The anchor of a kind a guarantee has one task of, if the kind is such.
    pub fn single(kind: TaskKind) -> Option<&'static str> {
        match kind {
            TaskKind::FirstCheck => Some(START),
            TaskKind::PeriodicCheck => Some(NEXT),
            TaskKind::MaturityCheck | TaskKind::MaturityNotice | TaskKind::RepaymentReminder => {
                Some(MATURITY)
            }
            TaskKind::StockCheck => Some(STOCK),
            TaskKind::CompensationReport
            | TaskKind::ShareholderReport
            | TaskKind::RecoveryPlan
            | TaskKind::RecoveryNotice
            | TaskKind::LegalAdviserNotice
            | TaskKind::LegalAction
            | TaskKind::AuthoritiesContact => Some(COMPENSATION),
            TaskKind::ArchiveHandover | TaskKind::TitleReturn => Some(RELEASE),
            TaskKind::DemandReport | TaskKind::CompensationPlan => Some(DEMAND),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
