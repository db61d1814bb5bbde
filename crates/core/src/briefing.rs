//! 检查前准备 (issue 32): for each stop of the day, one page the officer reads before going in:
//! the borrower and what brings the officer there, the last visit's figures and conclusion, the
//! open signals and tasks, what must be counted (the pledged goods, their minimum and last
//! count), the questions the checklist will ask, and the contacts. The day's pages print in one
//! file (`sheet`), in the route's order.

use crate::i18n::Locale;
use crate::route::{RouteStop, RouteTask};
use crate::signals::SignalStatus;
use crate::store::{Store, StoreResult};
use crate::visit::VisitStatus;
use chrono::NaiveDate;

pub mod sheet;

/// One stop's page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Briefing {
    pub borrower: String,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub legal_representative: Option<String>,
    /// What brings the officer there (the route's tasks).
    pub tasks: Vec<RouteTask>,
    /// Each guarantee: contract, product, amount, maturity, tier, bank.
    pub guarantees: Vec<String>,
    pub last_visit: Option<LastVisit>,
    /// Open signals: code, title, severity, since when, evidence.
    pub open_signals: Vec<String>,
    /// The guarantees' other open tasks (not the visit itself).
    pub open_tasks: Vec<String>,
    pub to_count: Vec<CountLine>,
    /// The checklist's questions for these products: code and question.
    pub questions: Vec<(String, String)>,
}

/// The last completed visit of the borrower's guarantees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LastVisit {
    pub date: NaiveDate,
    /// Kind and method, and who went.
    pub what: String,
    pub conclusion: String,
    pub measures: String,
    /// Financial figures as entered: label and value.
    pub figures: Vec<(String, String)>,
}

/// A pledged good to count, with its minimum and what the last visit counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountLine {
    pub goods: String,
    pub unit: String,
    pub minimum: String,
    pub last_count: Option<String>,
}

/// Gathers `stop`'s page from the store; `open_tasks` are its guarantees' open tasks as the
/// agenda words them.
pub fn gather(
    store: &Store,
    stop: &RouteStop,
    open_tasks: Vec<String>,
    locale: Locale,
) -> StoreResult<Briefing> {
    let borrower = store.borrower(stop.borrower_id)?;
    let policy = store.policy_in_force()?;
    let template = store.template_in_force()?;
    // Each guarantee once, in the order its tasks come.
    let mut guarantee_ids: Vec<i64> = Vec::new();
    for task in &stop.tasks {
        if !guarantee_ids.contains(&task.guarantee_id) {
            guarantee_ids.push(task.guarantee_id);
        }
    }
    let mut guarantees = Vec::new();
    let mut questions: Vec<(String, String)> = Vec::new();
    let mut to_count = Vec::new();
    let mut open_signals = Vec::new();
    let mut last: Option<(NaiveDate, i64, String)> = None;
    for &id in &guarantee_ids {
        let g = store.guarantee(id)?;
        guarantees.push(format!(
            "{} · {} · {} 元 · {} 至 {} · {}类 {} · {}",
            g.contract_no,
            g.product.label(locale),
            g.amount.grouped(),
            g.start_date,
            g.maturity_date,
            g.risk_tier.get(),
            policy.tier_label(g.risk_tier, locale),
            g.lending_bank
        ));
        for item in template.items_for(g.product) {
            if !questions.iter().any(|(code, _)| *code == item.code) {
                questions.push((item.code.clone(), item.question.clone()));
            }
        }
        for c in store.counter_guarantees(id)? {
            if let Some(minimum) = c.minimum_stock {
                to_count.push(CountLine {
                    goods: c.description.clone(),
                    unit: c.stock_unit.clone().unwrap_or_default(),
                    minimum: minimum.normalize().to_string(),
                    last_count: None,
                });
            }
        }
        for s in store.signals_of(id)? {
            if s.status == SignalStatus::Open {
                open_signals.push(format!(
                    "{} {}（{}，{} 起）：{}",
                    s.code,
                    s.title,
                    s.severity.label(locale),
                    s.found_on,
                    s.evidence
                ));
            }
        }
        for v in store.visit_summaries(id)? {
            // The latest; on the same day, the later recorded.
            let newer = last
                .as_ref()
                .is_none_or(|(d, vid, _)| (v.visit_date, v.id) > (*d, *vid));
            if v.status == VisitStatus::Completed && newer {
                let what = format!(
                    "{} · {} · {}",
                    v.kind.label(locale),
                    v.method.label(locale),
                    v.officer
                );
                last = Some((v.visit_date, v.id, what));
            }
        }
    }
    let last_visit = match last {
        Some((date, id, what)) => {
            let draft = store.visit_draft(id)?;
            for line in &mut to_count {
                line.last_count = draft
                    .inventory
                    .iter()
                    .find(|i| {
                        // A count line names the good as its pledge does, or by the name before
                        // the pledge's note in brackets (螺纹钢 for 螺纹钢（动产质押…）).
                        let bare = line.goods.split('（').next().unwrap_or_default();
                        let named = i.goods_name == line.goods || i.goods_name == bare;
                        named && !i.counted_quantity.is_empty()
                    })
                    .map(|i| i.counted_quantity.clone());
            }
            Some(LastVisit {
                date,
                what,
                conclusion: draft.conclusion,
                measures: draft.measures,
                figures: draft
                    .financials
                    .iter()
                    .filter(|f| !f.value.is_empty())
                    .map(|f| (f.metric.label(locale).to_owned(), f.value.clone()))
                    .collect(),
            })
        }
        None => None,
    };
    Ok(Briefing {
        borrower: borrower.name,
        address: borrower.address,
        contact_name: borrower.contact_name,
        contact_phone: borrower.contact_phone,
        legal_representative: borrower.legal_representative,
        tasks: stop.tasks.clone(),
        guarantees,
        last_visit,
        open_signals,
        open_tasks,
        to_count,
        questions,
    })
}
