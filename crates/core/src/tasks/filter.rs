//! Which of the agenda's tasks the officer is looking at: a scope (overdue, due today, this week,
//! everything), one day picked on the calendar, and the officer, tier, product and bank of the
//! guarantee. The core filters, so the window receives one page of tasks, never the whole
//! portfolio's.

use super::TaskState;
use super::engine::DueTask;
use crate::portfolio::{Product, RiskTier};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// "This week": overdue and due-today tasks, and those due within this many days.
pub const WEEK_DAYS: i64 = 7;

/// The scope chips above the agenda.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type,
)]
#[serde(rename_all = "snake_case")]
pub enum AgendaScope {
    Overdue,
    Today,
    /// Overdue, due today, and due within [`WEEK_DAYS`].
    #[default]
    Week,
    /// Everything the agenda lists, done tasks included.
    All,
}

/// What the officer asked the agenda to show. `None` is "all" for each filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct AgendaFilter {
    /// A角 or B角 of the guarantee, or the officer of an officer's own task (the visit plan).
    pub officer: Option<String>,
    pub tier: Option<RiskTier>,
    pub product: Option<Product>,
    pub bank: Option<String>,
    pub scope: AgendaScope,
    /// One day of the calendar: only tasks due that day (any scope).
    pub day: Option<NaiveDate>,
}

/// What the filters ask of a guarantee besides its tasks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskFacets {
    pub officer_a: Arc<str>,
    pub officer_b: Option<Arc<str>>,
    pub tier: RiskTier,
    pub product: Product,
    pub bank: Arc<str>,
}

impl AgendaFilter {
    /// Everything the agenda lists, unfiltered.
    pub fn everything() -> AgendaFilter {
        AgendaFilter {
            scope: AgendaScope::All,
            ..AgendaFilter::default()
        }
    }

    /// Whether the task falls in the scope and on the day picked.
    pub fn in_scope(&self, task: &DueTask, as_of: NaiveDate) -> bool {
        if self.day.is_some_and(|d| d != task.due) {
            return false;
        }
        match self.scope {
            AgendaScope::Overdue => task.state == TaskState::Overdue,
            AgendaScope::Today => task.state == TaskState::DueToday,
            AgendaScope::Week => match task.state {
                TaskState::Overdue | TaskState::DueToday => true,
                TaskState::Upcoming => (task.due - as_of).num_days() <= WEEK_DAYS,
                TaskState::Done => false,
            },
            AgendaScope::All => true,
        }
    }

    /// Whether the task's guarantee (`facets`, `None` for an officer's own task) passes the
    /// officer, tier, product and bank filters. An officer's own task passes only the officer
    /// filter, and only for its officer.
    pub fn matches(&self, task: &DueTask, facets: Option<&TaskFacets>) -> bool {
        if let Some(officer) = &self.officer {
            let ours = match facets {
                Some(f) => {
                    *f.officer_a == **officer || f.officer_b.as_deref() == Some(officer.as_str())
                }
                None => task.officer.as_deref() == Some(officer.as_str()),
            };
            if !ours {
                return false;
            }
        }
        if self.tier.is_none() && self.product.is_none() && self.bank.is_none() {
            return true;
        }
        let Some(f) = facets else { return false };
        self.tier.is_none_or(|t| t == f.tier)
            && self.product.is_none_or(|p| p == f.product)
            && self.bank.as_deref().is_none_or(|b| b == &*f.bank)
    }
}

/// The open tasks (not done) that pass the filters, counted per due day, whatever the scope and
/// the day picked: the numbers on the month calendar.
pub fn open_by_day<'t>(
    tasks: impl IntoIterator<Item = (&'t DueTask, Option<&'t TaskFacets>)>,
    filter: &AgendaFilter,
) -> BTreeMap<NaiveDate, u32> {
    let mut counts = BTreeMap::new();
    for (task, facets) in tasks {
        if task.state != TaskState::Done && filter.matches(task, facets) {
            *counts.entry(task.due).or_insert(0) += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicyKey;
    use crate::tasks::TaskKind;
    use crate::tasks::engine::state_of;
    use crate::tasks::reason::Reason;
    use proptest::prelude::*;

    const AS_OF: (i32, u32, u32) = (2026, 11, 23);

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).unwrap()
    }

    fn task(guarantee: Option<i64>, officer: &str, due: &str, done: bool) -> DueTask {
        let due = day(due);
        let (state, days_overdue) = state_of(due, done.then_some(due), as_of());
        DueTask {
            guarantee_id: guarantee,
            contract_no: None,
            borrower: None,
            officer: Some(officer.into()),
            kind: if guarantee.is_some() {
                TaskKind::PeriodicCheck
            } else {
                TaskKind::VisitPlan
            },
            anchor: "test".into(),
            due,
            state,
            days_overdue,
            done_on: done.then_some(due),
            rule: PolicyKey::Plain("test"),
            reason: Reason::Manual {
                title: "t".into(),
                reason: "r".into(),
            },
            moved_from: None,
        }
    }

    fn facets(a: &str, b: Option<&str>, tier: u8, product: Product, bank: &str) -> TaskFacets {
        TaskFacets {
            officer_a: a.into(),
            officer_b: b.map(Into::into),
            tier: RiskTier::new(tier).unwrap(),
            product,
            bank: bank.into(),
        }
    }

    /// Guarantee 1: 张伟/李娜, tier 2, working capital, 工商银行; guarantee 2: 王强 alone, tier 4,
    /// acceptance bill, 湖州银行. On 2026-11-23 (a Monday).
    fn portfolio() -> (Vec<DueTask>, Vec<Option<TaskFacets>>) {
        let one = facets(
            "张伟",
            Some("李娜"),
            2,
            Product::WorkingCapitalLoan,
            "工商银行湖州分行",
        );
        let two = facets("王强", None, 4, Product::BankAcceptanceBill, "湖州银行");
        let tasks = vec![
            task(Some(1), "张伟", "2026-11-20", false), // overdue 3 days
            task(Some(1), "张伟", "2026-11-23", false), // due today
            task(Some(2), "王强", "2026-11-25", false), // this week
            task(Some(2), "王强", "2026-11-30", false), // the 7th day: still this week
            task(Some(2), "王强", "2026-12-01", false), // the 8th day: not
            task(Some(1), "张伟", "2026-11-02", true),  // done
            task(None, "王强", "2026-11-30", false),    // 王强's visit plan
        ];
        let f = tasks
            .iter()
            .map(|t| match t.guarantee_id {
                Some(1) => Some(one.clone()),
                Some(_) => Some(two.clone()),
                None => None,
            })
            .collect();
        (tasks, f)
    }

    fn kept(filter: &AgendaFilter) -> Vec<String> {
        let (tasks, facets) = portfolio();
        tasks
            .iter()
            .zip(&facets)
            .filter(|(t, f)| filter.in_scope(t, as_of()) && filter.matches(t, f.as_ref()))
            .map(|(t, _)| {
                format!(
                    "{}{}",
                    t.guarantee_id.map_or(0, |g| g),
                    t.due.format("-%m%d")
                )
            })
            .collect()
    }

    #[test]
    fn the_scopes_on_a_real_monday() {
        let f = |scope| AgendaFilter {
            scope,
            ..AgendaFilter::default()
        };
        assert_eq!(kept(&f(AgendaScope::Overdue)), ["1-1120"]);
        assert_eq!(kept(&f(AgendaScope::Today)), ["1-1123"]);
        assert_eq!(
            kept(&f(AgendaScope::Week)),
            ["1-1120", "1-1123", "2-1125", "2-1130", "0-1130"],
            "the week ends on the 7th day after (30 Nov); done tasks are not pressing"
        );
        assert_eq!(kept(&f(AgendaScope::All)).len(), 7);
        assert_eq!(AgendaFilter::default().scope, AgendaScope::Week);
    }

    #[test]
    fn a_day_picked_keeps_that_day_only_in_any_scope() {
        let picked = AgendaFilter {
            day: Some(day("2026-11-30")),
            ..AgendaFilter::everything()
        };
        assert_eq!(kept(&picked), ["2-1130", "0-1130"]);
        let later = AgendaFilter {
            day: Some(day("2026-12-01")),
            ..AgendaFilter::default()
        };
        assert!(kept(&later).is_empty(), "the week scope still applies");
    }

    #[test]
    fn officers_match_a_or_b_and_their_own_tasks() {
        let by = |name: &str| AgendaFilter {
            officer: Some(name.into()),
            ..AgendaFilter::everything()
        };
        assert_eq!(kept(&by("李娜")), ["1-1120", "1-1123", "1-1102"], "B角");
        assert_eq!(
            kept(&by("王强")).len(),
            4,
            "three of guarantee 2 and the visit plan"
        );
        assert!(kept(&by("赵六")).is_empty());
    }

    #[test]
    fn tier_product_and_bank_keep_guarantee_tasks_only() {
        let tier = AgendaFilter {
            tier: RiskTier::new(4).ok(),
            ..AgendaFilter::everything()
        };
        assert_eq!(kept(&tier), ["2-1125", "2-1130", "2-1201"]);
        let product = AgendaFilter {
            product: Some(Product::WorkingCapitalLoan),
            ..AgendaFilter::everything()
        };
        assert_eq!(kept(&product), ["1-1120", "1-1123", "1-1102"]);
        let bank = AgendaFilter {
            bank: Some("湖州银行".into()),
            officer: Some("王强".into()),
            ..AgendaFilter::everything()
        };
        assert_eq!(kept(&bank).len(), 3, "the visit plan has no bank");
        let none = AgendaFilter {
            bank: Some("湖州银行".into()),
            tier: RiskTier::new(2).ok(),
            ..AgendaFilter::everything()
        };
        assert!(kept(&none).is_empty(), "filters combine with AND");
    }

    #[test]
    fn the_calendar_counts_open_tasks_under_the_filters_not_the_scope() {
        let (tasks, facets) = portfolio();
        let pairs = || tasks.iter().zip(facets.iter().map(Option::as_ref));
        let filter = AgendaFilter {
            scope: AgendaScope::Overdue,
            day: Some(day("2026-11-20")),
            officer: Some("王强".into()),
            ..AgendaFilter::default()
        };
        let counts = open_by_day(pairs(), &filter);
        assert_eq!(
            counts.into_iter().collect::<Vec<_>>(),
            [
                (day("2026-11-25"), 1),
                (day("2026-11-30"), 2),
                (day("2026-12-01"), 1)
            ]
        );
        let all = open_by_day(pairs(), &AgendaFilter::everything());
        assert_eq!(all.values().sum::<u32>(), 6, "the done task is not counted");
    }

    proptest! {
        /// Every scope keeps a subset of "all"; overdue and today are inside the week; the week
        /// holds no done task and nothing due later than 7 days on.
        #[test]
        fn scopes_nest(offsets in proptest::collection::vec((-60i64..60, any::<bool>()), 0..40)) {
            let tasks: Vec<DueTask> = offsets
                .iter()
                .map(|(d, done)| {
                    let due = as_of() + chrono::Duration::days(*d);
                    task(Some(1), "张伟", &due.to_string(), *done)
                })
                .collect();
            let keep = |scope| -> Vec<usize> {
                let f = AgendaFilter { scope, ..AgendaFilter::default() };
                (0..tasks.len()).filter(|i| f.in_scope(&tasks[*i], as_of())).collect()
            };
            let week = keep(AgendaScope::Week);
            prop_assert_eq!(keep(AgendaScope::All).len(), tasks.len());
            for i in keep(AgendaScope::Overdue).into_iter().chain(keep(AgendaScope::Today)) {
                prop_assert!(week.contains(&i));
            }
            for i in week {
                prop_assert!(tasks[i].state != TaskState::Done);
                prop_assert!((tasks[i].due - as_of()).num_days() <= WEEK_DAYS);
            }
        }
    }
}
