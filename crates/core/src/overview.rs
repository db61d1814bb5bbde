//! The portfolio at a glance, for the officer and the manager: counts and balances by tier,
//! five-level class, product and bank; how much work stood overdue at each of the last 12 month
//! ends; and the guarantees maturing in the next 90 days.
//!
//! The trend replays the rules as they stood on each month end: the facts are cut to what was
//! known that day (visits made, signals found and resolved, tasks done, stock reported by then;
//! guarantees begun by then), so a check done late counts as overdue in the months it was late.
//! Guarantees released since are no longer on the laptop's active list and are not counted.

use crate::calendar::WorkCalendar;
use crate::i18n::Locale;
use crate::money::Money;
use crate::policy::Policy;
use crate::portfolio::{GuaranteeId, GuaranteeStatus, RiskTier};
use crate::store::{Store, StoreError};
use crate::tasks::TaskState;
use crate::tasks::engine::{Engine, GuaranteeFacts};
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// One bar or slice: a group's label, its count and its balance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct Share {
    /// The coded value where there is one ("3", "special_mention", "working_capital_loan"), the
    /// bank's name otherwise (and "" for the banks folded into "other").
    pub code: String,
    pub label: String,
    pub count: u32,
    pub amount: Money,
}

/// Overdue work on one month end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct OverduePoint {
    pub day: NaiveDate,
    /// Overdue tasks of every kind.
    pub tasks: u32,
    /// Of which checks (first, periodic, pre-maturity, emergency).
    pub checks: u32,
    /// Guarantees with at least one overdue task.
    pub guarantees: u32,
}

/// A guarantee maturing soon.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct Maturing {
    #[specta(type = u32)]
    pub guarantee_id: GuaranteeId,
    pub contract_no: String,
    pub borrower: String,
    pub maturity: NaiveDate,
    pub days_left: u32,
    pub amount: Money,
    pub tier: RiskTier,
    pub officer: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct PortfolioOverview {
    pub as_of: NaiveDate,
    /// Active guarantees only.
    pub by_tier: Vec<Share>,
    pub by_class: Vec<Share>,
    pub by_product: Vec<Share>,
    /// The largest banks by balance, the rest folded into one line.
    pub by_bank: Vec<Share>,
    /// The last 12 month ends, oldest first, then `as_of` itself.
    pub overdue_trend: Vec<OverduePoint>,
    /// Active guarantees maturing within `maturing_days`, soonest first.
    pub maturing: Vec<Maturing>,
    pub maturing_days: u32,
}

/// How many banks are named before the rest are folded together.
const BANKS_SHOWN: usize = 8;
/// How far ahead maturities are listed.
pub const MATURING_DAYS: u32 = 90;

pub fn overview(
    store: &Store,
    policy: &Policy,
    calendar: &WorkCalendar,
    as_of: NaiveDate,
    locale: Locale,
) -> Result<PortfolioOverview, StoreError> {
    let active: Vec<_> = store
        .guarantee_summaries()?
        .into_iter()
        .filter(|g| g.status == GuaranteeStatus::Active)
        .collect();
    fn add(
        map: &mut BTreeMap<String, (String, u32, Money)>,
        code: String,
        label: String,
        amount: Money,
    ) {
        let e = map.entry(code).or_insert((label, 0, Money::ZERO));
        e.1 += 1;
        e.2 = e.2.checked_add(amount).unwrap_or(e.2);
    }
    let shares = |map: BTreeMap<String, (String, u32, Money)>| -> Vec<Share> {
        map.into_iter()
            .map(|(code, (label, count, amount))| Share {
                code,
                label,
                count,
                amount,
            })
            .collect()
    };
    let (mut tier, mut class, mut product, mut bank) = (
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
        BTreeMap::new(),
    );
    for t in RiskTier::ALL {
        tier.insert(
            t.get().to_string(),
            (policy.tier_label(t, locale), 0, Money::ZERO),
        );
    }
    for g in &active {
        add(
            &mut tier,
            g.risk_tier.get().to_string(),
            policy.tier_label(g.risk_tier, locale),
            g.amount,
        );
        add(
            &mut class,
            g.five_level_class.code().into(),
            g.five_level_class.label(locale).into(),
            g.amount,
        );
        add(
            &mut product,
            g.product.code().into(),
            g.product.label(locale).into(),
            g.amount,
        );
        add(
            &mut bank,
            g.lending_bank.clone(),
            g.lending_bank.clone(),
            g.amount,
        );
    }
    // Classes and products in their own order, not the codes' alphabetical one.
    let mut by_class = shares(class);
    by_class.sort_by_key(|s| {
        crate::portfolio::FiveLevelClass::ALL
            .iter()
            .position(|c| c.code() == s.code)
    });
    let mut by_product = shares(product);
    by_product.sort_by_key(|s| {
        crate::portfolio::Product::ALL
            .iter()
            .position(|p| p.code() == s.code)
    });
    let mut by_bank = shares(bank);
    by_bank.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.label.cmp(&b.label)));
    if by_bank.len() > BANKS_SHOWN + 1 {
        let rest = by_bank.split_off(BANKS_SHOWN);
        by_bank.push(Share {
            code: String::new(),
            label: format!(
                "{}{}{}",
                locale.pick("其他 ", "其他 ", "Other "),
                rest.len(),
                locale.pick(" 家", " 家", " banks")
            ),
            count: rest.iter().map(|s| s.count).sum(),
            amount: rest
                .iter()
                .fold(Money::ZERO, |a, s| a.checked_add(s.amount).unwrap_or(a)),
        });
    }

    let mut maturing: Vec<Maturing> = active
        .iter()
        .filter(|g| {
            g.maturity_date >= as_of && g.maturity_date <= as_of + Days::new(MATURING_DAYS.into())
        })
        .map(|g| Maturing {
            guarantee_id: g.id,
            contract_no: g.contract_no.clone(),
            borrower: g.borrower_name.clone(),
            maturity: g.maturity_date,
            days_left: u32::try_from((g.maturity_date - as_of).num_days()).unwrap_or(0),
            amount: g.amount,
            tier: g.risk_tier,
            officer: g.officer_a.clone(),
        })
        .collect();
    maturing.sort_by_key(|m| (m.maturity, m.contract_no.clone()));

    Ok(PortfolioOverview {
        as_of,
        by_tier: shares(tier),
        by_class,
        by_product,
        by_bank,
        overdue_trend: overdue_trend(store, policy, calendar, as_of)?,
        maturing,
        maturing_days: MATURING_DAYS,
    })
}

/// The month ends of the 12 months before `as_of`, then `as_of`.
pub fn trend_days(as_of: NaiveDate) -> Vec<NaiveDate> {
    let first_of_month = as_of.with_day(1).unwrap_or(as_of);
    let mut days: Vec<NaiveDate> = (1..=12)
        .rev()
        .filter_map(|n| first_of_month.checked_sub_months(Months::new(n - 1)))
        .filter_map(|first| first.pred_opt())
        .collect();
    days.push(as_of);
    days.dedup();
    days
}

fn overdue_trend(
    store: &Store,
    policy: &Policy,
    calendar: &WorkCalendar,
    as_of: NaiveDate,
) -> Result<Vec<OverduePoint>, StoreError> {
    let engine = Engine::new(policy, calendar);
    let days = trend_days(as_of);
    let since = engine.window_start(days[0]);
    let facts = store.rule_facts(since, None)?;
    let mut points = Vec::with_capacity(days.len());
    for day in days {
        let then: Vec<GuaranteeFacts> = facts
            .guarantees
            .iter()
            .filter(|g| g.start <= day)
            .map(|g| as_known_on(g, day))
            .collect();
        let completions: Vec<_> = facts
            .officer_completions
            .iter()
            .filter(|(_, c)| c.done_on <= day)
            .cloned()
            .collect();
        let agenda = engine.agenda(day, &then, &completions);
        let overdue: Vec<_> = agenda
            .tasks
            .iter()
            .filter(|t| t.state == TaskState::Overdue)
            .collect();
        let mut guarantees: Vec<GuaranteeId> =
            overdue.iter().filter_map(|t| t.guarantee_id).collect();
        guarantees.sort_unstable();
        guarantees.dedup();
        points.push(OverduePoint {
            day,
            tasks: overdue.len() as u32,
            checks: overdue
                .iter()
                .filter(|t| crate::sheets::CHECKS.contains(&t.kind))
                .count() as u32,
            guarantees: guarantees.len() as u32,
        });
    }
    Ok(points)
}

/// A guarantee's facts as they were known at the end of `day`.
fn as_known_on(g: &GuaranteeFacts, day: NaiveDate) -> GuaranteeFacts {
    let mut then = g.clone();
    then.visits.visits.retain(|v| v.date <= day);
    for v in &mut then.visits.visits {
        if v.reported_on.is_some_and(|r| r > day) {
            v.reported_on = None;
        }
    }
    then.signals.retain(|s| s.found <= day);
    for s in &mut then.signals {
        if s.resolved_on.is_some_and(|r| r > day) {
            s.resolved_on = None;
        }
    }
    then.completions.retain(|c| c.done_on <= day);
    if let Some(stock) = &mut then.stock
        && stock.last_report.is_some_and(|r| r > day)
    {
        // The latest report by then is not kept; the check restarts from the start.
        stock.last_report = None;
    }
    if then.compensated_on.is_some_and(|c| c > day) {
        then.compensated_on = None;
    }
    then
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_trend_is_the_last_twelve_month_ends_then_today() {
        let days = trend_days(d(2026, 11, 23));
        assert_eq!(days.len(), 13);
        assert_eq!(days[0], d(2025, 11, 30));
        assert_eq!(days[1], d(2025, 12, 31));
        assert_eq!(days[3], d(2026, 2, 28));
        assert_eq!(days[11], d(2026, 10, 31));
        assert_eq!(days[12], d(2026, 11, 23));
        // On a month end, today is that month end (not listed twice).
        let days = trend_days(d(2024, 2, 29));
        assert_eq!(days[0], d(2023, 2, 28));
        assert_eq!(days[11], d(2024, 1, 31));
        assert_eq!(days[12], d(2024, 2, 29));
    }

    #[test]
    fn the_demo_overview_adds_up_and_the_trend_ends_where_the_agenda_stands() {
        let today = d(2026, 11, 23);
        let (_dir, store) = crate::store::tests_support::demo_store(today);
        let policy = store.policy_in_force().unwrap();
        let calendar = WorkCalendar::builtin();
        let o = overview(&store, &policy, &calendar, today, Locale::ZhCn).unwrap();
        let totals = store.portfolio_totals().unwrap();
        for shares in [&o.by_tier, &o.by_class, &o.by_product, &o.by_bank] {
            assert_eq!(shares.iter().map(|s| s.count).sum::<u32>(), totals.active);
            let sum = shares
                .iter()
                .fold(Money::ZERO, |a, s| a.checked_add(s.amount).unwrap());
            assert_eq!(sum, totals.active_amount);
        }
        assert_eq!(o.by_tier.len(), 4, "every tier, even an empty one");
        assert!(o.by_bank.len() <= BANKS_SHOWN + 1);
        assert_eq!(o.overdue_trend.len(), 13);
        // Today's point is today's agenda, computed tasks only.
        let engine = Engine::new(&policy, &calendar);
        let facts = store.rule_facts(engine.window_start(today), None).unwrap();
        let agenda = engine.agenda(today, &facts.guarantees, &facts.officer_completions);
        let overdue = agenda
            .tasks
            .iter()
            .filter(|t| t.state == TaskState::Overdue)
            .count() as u32;
        assert_eq!(o.overdue_trend[12].tasks, overdue);
        assert!(o.overdue_trend.iter().all(|p| p.checks <= p.tasks));
        assert!(
            o.overdue_trend.iter().any(|p| p.tasks != overdue),
            "the past differs from today"
        );
        assert!(
            o.maturing
                .iter()
                .all(|m| m.maturity >= today && m.days_left <= MATURING_DAYS)
        );
        assert!(
            o.maturing
                .windows(2)
                .all(|w| w[0].maturity <= w[1].maturity)
        );
        assert!(
            !o.maturing.is_empty(),
            "the demo has guarantees maturing soon"
        );
    }
}
