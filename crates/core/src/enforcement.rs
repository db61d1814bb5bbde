//! Enforcing the counter-guarantees (执行反担保, seed 004 保后 一、6 and 二（四）).
//!
//! From the day the company paid the bank (代偿) or the day the general manager approved a
//! withdrawal (撤保), whichever came first, every counter-guarantee of the guarantee is worked
//! through the steps the policy gives for its kind (mortgage, pledge, surety), each owed within
//! its own period of that day. A step is ticked with what was done, or marked not needed with the
//! reason; once the compensation is recovered in full nothing more is owed.

use crate::calendar::{CalendarGaps, WorkCalendar};
use crate::i18n::{Locale, code_enum};
use crate::policy::{Enforcement, EnforcementStep};
use crate::portfolio::{CounterGuarantee, CounterGuaranteeKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum! {
    /// What set the enforcement going.
    pub enum EnforcementCause: "enforcement cause" {
        Compensation = "compensation" => ("代偿", "代償", "Compensation"),
        Withdrawal = "withdrawal" => ("撤保获批", "撤保獲批", "Withdrawal approved"),
    }
}

code_enum! {
    /// How a step ended.
    pub enum StepOutcome: "step outcome" {
        Done = "done" => ("已执行", "已執行", "Done"),
        NotNeeded = "not_needed" => ("无需执行", "無需執行", "Not needed"),
    }
}

/// The day enforcement began and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct EnforcementStart {
    pub cause: EnforcementCause,
    pub on: NaiveDate,
}

/// The start: the compensation or the approval of a withdrawal, whichever came first (the
/// compensation on a tie: it is the stronger ground).
pub fn start(
    compensated_on: Option<NaiveDate>,
    withdrawal_approved_on: Option<NaiveDate>,
) -> Option<EnforcementStart> {
    let comp = compensated_on.map(|on| EnforcementStart {
        cause: EnforcementCause::Compensation,
        on,
    });
    let wd = withdrawal_approved_on.map(|on| EnforcementStart {
        cause: EnforcementCause::Withdrawal,
        on,
    });
    match (comp, wd) {
        (Some(c), Some(w)) => Some(if w.on < c.on { w } else { c }),
        (c, w) => c.or(w),
    }
}

/// A step as the officer records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NewEnforcementStep {
    #[specta(type = u32)]
    pub counter_guarantee_id: i64,
    /// The step's code in the policy (`preservation`, `demand` …).
    pub step: String,
    pub done_on: NaiveDate,
    pub outcome: StepOutcome,
    /// What was done (the court's case number, who was served), or why it is not needed.
    pub note: String,
}

/// A step as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct EnforcementStepDone {
    #[specta(type = u32)]
    pub counter_guarantee_id: i64,
    pub step: String,
    pub done_on: NaiveDate,
    pub outcome: StepOutcome,
    pub note: String,
    pub officer: Option<String>,
}

/// One step of one counter-guarantee: what it is, when it is owed, and how it ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct PlannedStep {
    pub code: String,
    pub text: String,
    pub due: NaiveDate,
    pub done: Option<EnforcementStepDone>,
}

/// One counter-guarantee and its steps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct EnforcementItem {
    pub counter_guarantee: CounterGuarantee,
    pub steps: Vec<PlannedStep>,
}

/// The enforcement of a guarantee's counter-guarantees.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct EnforcementPlan {
    pub start: EnforcementStart,
    pub items: Vec<EnforcementItem>,
    /// The compensation is recovered in full: nothing more is owed.
    pub recovered_in_full: bool,
}

/// The plan of `counter_guarantees` from `start`, with the steps recorded so far.
pub fn plan(
    start: EnforcementStart,
    counter_guarantees: &[CounterGuarantee],
    steps: &Enforcement,
    done: &[EnforcementStepDone],
    calendar: &WorkCalendar,
    recovered_in_full: bool,
) -> EnforcementPlan {
    let mut gaps = CalendarGaps::default();
    let items = counter_guarantees
        .iter()
        .map(|cg| EnforcementItem {
            counter_guarantee: cg.clone(),
            steps: step_dues(steps, cg.kind, start.on, calendar, &mut gaps)
                .into_iter()
                .map(|(s, due)| PlannedStep {
                    code: s.code.clone(),
                    text: s.text.clone(),
                    due,
                    done: done
                        .iter()
                        .find(|d| d.counter_guarantee_id == cg.id && d.step == s.code)
                        .cloned(),
                })
                .collect(),
        })
        .collect();
    EnforcementPlan {
        start,
        items,
        recovered_in_full,
    }
}

/// The steps of a counter-guarantee of `kind`, in the policy's order, each with the day it is
/// owed when enforcement began on `start` (years without calendar data noted in `gaps`).
pub fn step_dues<'s>(
    steps: &'s Enforcement,
    kind: CounterGuaranteeKind,
    start: NaiveDate,
    calendar: &WorkCalendar,
    gaps: &mut CalendarGaps,
) -> Vec<(&'s EnforcementStep, NaiveDate)> {
    steps
        .steps(kind)
        .iter()
        .map(|s| (s, s.within.after(start, calendar, gaps)))
        .collect()
}

/// Whether `entry` can be recorded for a counter-guarantee of `kind` once enforcement began on
/// `start` (or has not: `None`), on the day `today`.
pub fn check(
    entry: &NewEnforcementStep,
    kind: CounterGuaranteeKind,
    start: Option<EnforcementStart>,
    steps: &Enforcement,
    today: NaiveDate,
) -> Result<(), EnforcementError> {
    let Some(start) = start else {
        return Err(EnforcementError::NotStarted);
    };
    if !steps.steps(kind).iter().any(|s| s.code == entry.step) {
        return Err(EnforcementError::UnknownStep {
            step: entry.step.clone(),
            kind,
        });
    }
    if entry.note.trim().is_empty() {
        return Err(EnforcementError::NoNote(entry.outcome));
    }
    if entry.done_on < start.on {
        return Err(EnforcementError::BeforeStart {
            done_on: entry.done_on,
            start: start.on,
        });
    }
    if entry.done_on > today {
        return Err(EnforcementError::InTheFuture {
            day: entry.done_on,
            today,
        });
    }
    Ok(())
}

/// Why a step cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnforcementError {
    #[error(
        "the counter-guarantees are enforced only after a compensation or an approved withdrawal"
    )]
    NotStarted,
    #[error("counter-guarantee {0} is not one of this guarantee's")]
    ForeignCounterGuarantee(i64),
    #[error("{step} is not a step of enforcing a {kind:?}")]
    UnknownStep {
        step: String,
        kind: CounterGuaranteeKind,
    },
    #[error("write what was done, or why the step is not needed ({0:?})")]
    NoNote(StepOutcome),
    #[error("the step on {done_on} is before the enforcement began on {start}")]
    BeforeStart {
        done_on: NaiveDate,
        start: NaiveDate,
    },
    #[error("the day {day} is after today ({today})")]
    InTheFuture { day: NaiveDate, today: NaiveDate },
}

impl EnforcementError {
    pub fn code(&self) -> crate::code::Code {
        match self {
            EnforcementError::NotStarted => crate::code::Code::EnforcementNotStarted,
            EnforcementError::ForeignCounterGuarantee(_) => crate::code::Code::EnforcementForeign,
            EnforcementError::UnknownStep { .. } => crate::code::Code::EnforcementUnknownStep,
            EnforcementError::NoNote(_) => crate::code::Code::EnforcementNoNote,
            EnforcementError::BeforeStart { .. } => crate::code::Code::EnforcementBeforeStart,
            EnforcementError::InTheFuture { .. } => crate::code::Code::EnforcementInTheFuture,
        }
    }

    /// The message in `l` (English is the `Display`).
    pub fn message(&self, l: Locale) -> String {
        if l == Locale::En {
            return self.to_string();
        }
        let t = |cn: String, tw: String| if l == Locale::ZhTw { tw } else { cn };
        match self {
            EnforcementError::NotStarted => t(
                "尚未代偿，也没有获批的撤保，不需要执行反担保。".into(),
                "尚未代償，也沒有獲批的撤保，不需要執行反擔保。".into(),
            ),
            EnforcementError::ForeignCounterGuarantee(id) => t(
                format!("反担保 {id} 不属于这笔担保。"),
                format!("反擔保 {id} 不屬於這筆擔保。"),
            ),
            EnforcementError::UnknownStep { step, kind } => t(
                format!("“{step}”不是{}反担保的执行步骤。", kind.label(l)),
                format!("「{step}」不是{}反擔保的執行步驟。", kind.label(l)),
            ),
            EnforcementError::NoNote(StepOutcome::Done) => {
                t("请写明执行情况。".into(), "請寫明執行情況。".into())
            }
            EnforcementError::NoNote(StepOutcome::NotNeeded) => t(
                "请写明无需执行的原因。".into(),
                "請寫明無需執行的原因。".into(),
            ),
            EnforcementError::BeforeStart { done_on, start } => t(
                format!("执行日 {done_on} 早于开始执行反担保之日 {start}。"),
                format!("執行日 {done_on} 早於開始執行反擔保之日 {start}。"),
            ),
            EnforcementError::InTheFuture { day, today } => t(
                format!("日期 {day} 晚于今天（{today}）。"),
                format!("日期 {day} 晚於今天（{today}）。"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Policy;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cg(id: i64, kind: CounterGuaranteeKind) -> CounterGuarantee {
        CounterGuarantee {
            id,
            guarantee_id: 1,
            kind,
            description: format!("反担保 {id}"),
            provider: "嘉兴市恒达纺织有限公司".into(),
            collateral_value: None,
            minimum_stock: None,
            stock_unit: None,
            registration_no: None,
        }
    }

    fn done(cg: i64, step: &str, on: NaiveDate) -> EnforcementStepDone {
        EnforcementStepDone {
            counter_guarantee_id: cg,
            step: step.into(),
            done_on: on,
            outcome: StepOutcome::Done,
            note: "已办理".into(),
            officer: None,
        }
    }

    #[test]
    fn enforcement_starts_at_the_compensation_or_the_approval_whichever_came_first() {
        use EnforcementCause::*;
        // (compensated, approved, expected)
        let cases = [
            (None, None, None),
            (
                Some(d(2026, 3, 2)),
                None,
                Some((Compensation, d(2026, 3, 2))),
            ),
            (
                None,
                Some(d(2026, 2, 27)),
                Some((Withdrawal, d(2026, 2, 27))),
            ),
            (
                Some(d(2026, 3, 2)),
                Some(d(2026, 2, 27)),
                Some((Withdrawal, d(2026, 2, 27))),
            ),
            (
                Some(d(2026, 2, 27)),
                Some(d(2026, 3, 2)),
                Some((Compensation, d(2026, 2, 27))),
            ),
            (
                Some(d(2026, 2, 27)),
                Some(d(2026, 2, 27)),
                Some((Compensation, d(2026, 2, 27))),
            ),
        ];
        for (comp, wd, want) in cases {
            assert_eq!(
                start(comp, wd).map(|s| (s.cause, s.on)),
                want,
                "{comp:?} {wd:?}"
            );
        }
    }

    #[test]
    fn each_step_is_due_within_its_period_of_the_start_on_the_official_calendar() {
        let policy = Policy::builtin();
        let steps = policy.enforcement();
        let cal = WorkCalendar::builtin();
        // Paid on Wednesday 2026-09-30, the eve of National Day (10-01 … 10-07 off, Saturday
        // 10-10 a make-up working day).
        let s = EnforcementStart {
            cause: EnforcementCause::Compensation,
            on: d(2026, 9, 30),
        };
        let items = [
            cg(7, CounterGuaranteeKind::Mortgage),
            cg(8, CounterGuaranteeKind::Surety),
        ];
        let recorded = [done(7, "title_check", d(2026, 10, 8))];
        let p = plan(s, &items, &steps, &recorded, &cal, false);
        let dues = |i: usize| -> Vec<(&str, NaiveDate)> {
            p.items[i]
                .steps
                .iter()
                .map(|s| (s.code.as_str(), s.due))
                .collect()
        };
        assert_eq!(
            dues(0),
            [
                ("title_check", d(2026, 10, 8)), // 1 working day: the Thursday after the holiday
                ("demand", d(2026, 10, 8)),
                ("preservation", d(2026, 10, 13)), // 08, 09, 10 (make-up Saturday), 12, 13
                ("valuation", d(2026, 10, 20)),
                ("realisation", d(2026, 11, 17)),
            ]
        );
        assert_eq!(
            dues(1),
            [
                ("demand", d(2026, 10, 8)),
                ("ability", d(2026, 10, 10)),
                ("settle_or_sue", d(2026, 10, 13)),
            ]
        );
        // The mortgage's first step is done, nothing else of it or of the surety.
        let done =
            |i: usize| -> Vec<bool> { p.items[i].steps.iter().map(|s| s.done.is_some()).collect() };
        assert_eq!(done(0), [true, false, false, false, false]);
        assert_eq!(done(1), [false, false, false]);
    }

    #[test]
    fn a_step_is_refused_before_the_start_in_the_future_without_a_note_or_of_another_kind() {
        let policy = Policy::builtin();
        let steps = policy.enforcement();
        let today = d(2026, 11, 23);
        let s = Some(EnforcementStart {
            cause: EnforcementCause::Withdrawal,
            on: d(2026, 11, 18),
        });
        let entry = |step: &str, on: NaiveDate, note: &str| NewEnforcementStep {
            counter_guarantee_id: 7,
            step: step.into(),
            done_on: on,
            outcome: StepOutcome::Done,
            note: note.into(),
        };
        let ok = entry("preservation", d(2026, 11, 18), "（2026）浙0402财保123号");
        assert_eq!(
            check(&ok, CounterGuaranteeKind::Mortgage, s, &steps, today),
            Ok(())
        );
        assert_eq!(
            check(&ok, CounterGuaranteeKind::Mortgage, None, &steps, today),
            Err(EnforcementError::NotStarted)
        );
        assert!(matches!(
            check(&ok, CounterGuaranteeKind::Surety, s, &steps, today),
            Err(EnforcementError::UnknownStep { .. })
        ));
        assert!(matches!(
            check(
                &entry("preservation", d(2026, 11, 17), "查封"),
                CounterGuaranteeKind::Mortgage,
                s,
                &steps,
                today
            ),
            Err(EnforcementError::BeforeStart { .. })
        ));
        assert!(matches!(
            check(
                &entry("preservation", d(2026, 11, 24), "查封"),
                CounterGuaranteeKind::Mortgage,
                s,
                &steps,
                today
            ),
            Err(EnforcementError::InTheFuture { .. })
        ));
        let e = check(
            &entry("preservation", d(2026, 11, 20), "  "),
            CounterGuaranteeKind::Mortgage,
            s,
            &steps,
            today,
        )
        .unwrap_err();
        assert_eq!(e.message(Locale::ZhCn), "请写明执行情况。");
    }
}
