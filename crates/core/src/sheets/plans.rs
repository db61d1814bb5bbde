//! The quarter's paperwork as spreadsheets: the 回访计划表 (every check owed in a quarter, by
//! officer, due by the policy's `visit_plan_day` of the quarter's first month), the
//! 在保客户风险分类表 (each active guarantee's tier and class at the quarter's start and end, the
//! changes and their reasons, with totals by tier and class), overdue work by officer, and the
//! 工作日志 (every visit and call, and every task done without a visit, by day).

use super::style::{self, Styles};
use super::{CHECKS, SheetError};
use crate::calendar::{CalendarGaps, WorkCalendar, quarter_end, quarter_label, quarter_start};
use crate::i18n::Locale;
use crate::policy::{Policy, Subject};
use crate::portfolio::{FiveLevelClass, GuaranteeId, GuaranteeStatus, RiskTier};
use crate::store::agenda_from_store;
use crate::store::{Store, StoreError};
use crate::tasks::engine::Engine;
use crate::tasks::{TaskKind, TaskState};
use crate::visit::{VisitKind, VisitMethod};
use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use rust_xlsxwriter::Workbook;
use std::collections::{BTreeMap, HashMap};

/// The quarter a 回访计划表 made on `day` is for: the current one until its plan is due (the
/// policy's day of the quarter's first month), the next one after.
pub fn plan_quarter(day: NaiveDate, policy: &Policy) -> NaiveDate {
    let start = quarter_start(day);
    let due_day = policy.quarterly_review.visit_plan_day;
    if day.month() == start.month() && day.day() <= due_day {
        start
    } else {
        quarter_end(day) + Days::new(1)
    }
}

/// `2027年第1季度`.
pub fn quarter_name(day: NaiveDate) -> String {
    format!("{}年第{}季度", day.year(), day.month0() / 3 + 1)
}

/// One check planned for the quarter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanRow {
    pub officer: String,
    pub contract_no: String,
    pub borrower: String,
    pub tier: RiskTier,
    pub amount_wan: Decimal,
    pub maturity: NaiveDate,
    pub kind: TaskKind,
    pub planned: NaiveDate,
    /// Owed before the quarter and not yet done.
    pub carried_over: bool,
    /// Projected from the previous planned check (not yet a task of its own).
    pub projected: bool,
    pub last_on_site: Option<NaiveDate>,
    /// Why, in the user's words: the rule and its numbers.
    pub basis: String,
}

/// Every check owed in the quarter of `quarter_of`, as of `as_of`: the open first, periodic,
/// pre-maturity and emergency checks due by the quarter's end (those due before it carried
/// over), then the periodic checks that follow within the quarter if each is done on its day.
pub fn visit_plan_rows(
    store: &Store,
    policy: &Policy,
    calendar: &WorkCalendar,
    quarter_of: NaiveDate,
    as_of: NaiveDate,
    locale: Locale,
) -> Result<Vec<PlanRow>, StoreError> {
    let (qs, qe) = (quarter_start(quarter_of), quarter_end(quarter_of));
    let engine = Engine::new(policy, calendar);
    let facts = store.rule_facts(engine.window_start(as_of), None)?;
    let by_id: HashMap<GuaranteeId, _> = facts
        .guarantees
        .iter()
        .filter_map(|g| g.guarantee_id.map(|id| (id, g)))
        .collect();
    let agenda = agenda_from_store(store, &engine, as_of, None)?;
    let mut rows = Vec::new();
    let mut gaps = CalendarGaps::default();
    for t in agenda.tasks.iter() {
        let Some(g) = t.guarantee_id.and_then(|id| by_id.get(&id)) else {
            continue;
        };
        if t.state == TaskState::Done
            || !CHECKS.contains(&t.kind)
            || t.due > qe
            || g.status != GuaranteeStatus::Active
        {
            continue;
        }
        let row = |kind, planned, projected, basis| PlanRow {
            officer: t.officer.as_deref().unwrap_or_default().to_owned(),
            contract_no: g.contract_no.to_string(),
            borrower: g.borrower.to_string(),
            tier: g.tier,
            amount_wan: g.amount.wan(),
            maturity: g.maturity,
            kind,
            planned,
            carried_over: planned < qs,
            projected,
            last_on_site: g.visits.last_on_site(),
            basis,
        };
        rows.push(row(t.kind, t.due, false, t.reason_text(locale)));
        if t.kind == TaskKind::PeriodicCheck {
            let every = policy
                .periodic_every(&Subject {
                    tier: g.tier,
                    product: g.product,
                    amount: g.amount,
                    rating: g.credit_rating.as_deref(),
                })
                .period;
            let mut next = every.after(t.due.max(qs), calendar, &mut gaps);
            while next <= qe && next <= g.maturity {
                let basis = match locale {
                    Locale::En => {
                        format!("every {} after the check before", every.describe(locale))
                    }
                    _ => format!(
                        "{}{}{}",
                        locale.pick("上次计划检查后每 ", "上次計劃檢查後每 ", ""),
                        every.describe(locale),
                        locale.pick("（预计）", "（預計）", "")
                    ),
                };
                rows.push(row(TaskKind::PeriodicCheck, next, true, basis));
                next = every.after(next, calendar, &mut gaps);
            }
        }
    }
    rows.sort_by(|a, b| {
        (&a.officer, a.planned, &a.contract_no).cmp(&(&b.officer, b.planned, &b.contract_no))
    });
    Ok(rows)
}

pub const PLAN_HEADINGS: [&str; 12] = [
    "序号",
    "项目经理",
    "合同编号",
    "被担保人",
    "风险等级",
    "担保金额（万元）",
    "到期日",
    "检查类型",
    "计划检查日",
    "上次实地检查日",
    "依据",
    "备注",
];

/// The 回访计划表 of a quarter as .xlsx.
pub fn write_visit_plan(
    rows: &[PlanRow],
    company: &str,
    quarter_of: NaiveDate,
    policy: &Policy,
    made_on: NaiveDate,
    locale: Locale,
) -> Result<Vec<u8>, SheetError> {
    let qs = quarter_start(quarter_of);
    let due = NaiveDate::from_ymd_opt(
        qs.year(),
        qs.month(),
        policy.quarterly_review.visit_plan_day,
    )
    .unwrap_or(qs);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("回访计划表")?;
    let s = Styles::new();
    let head_row = style::head(
        sheet,
        &s,
        &format!("{company} {}回访计划表", quarter_name(qs)),
        &format!(
            "计划期 {qs} 至 {}；应于 {due} 前报送（季度首月 {} 日前）；编制日 {made_on}；制度版本 {}；共 {} 次检查",
            quarter_end(qs),
            policy.quarterly_review.visit_plan_day,
            policy.version(),
            rows.len()
        ),
        &PLAN_HEADINGS,
        &[
            6.0, 10.0, 18.0, 30.0, 10.0, 14.0, 11.0, 12.0, 12.0, 13.0, 44.0, 18.0,
        ],
    )?;
    // A check owed from before the quarter: its day in red.
    let late_date = s.late.clone().set_num_format("yyyy-mm-dd");
    for (i, r) in rows.iter().enumerate() {
        let row = head_row + 1 + i as u32;
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &s.cell)?;
        sheet.write_string_with_format(row, 1, &r.officer, &s.cell)?;
        sheet.write_string_with_format(row, 2, &r.contract_no, &s.cell)?;
        sheet.write_string_with_format(row, 3, &r.borrower, &s.wrap)?;
        sheet.write_string_with_format(
            row,
            4,
            format!("{}（{}）", r.tier.get(), policy.tier_label(r.tier, locale)),
            &s.cell,
        )?;
        sheet.write_number_with_format(row, 5, style::wan_number(r.amount_wan), &s.money)?;
        style::write_opt_date(sheet, &s, row, 6, Some(r.maturity))?;
        sheet.write_string_with_format(row, 7, r.kind.label(locale), &s.cell)?;
        let planned = style::excel_date(r.planned)?;
        let format = if r.carried_over { &late_date } else { &s.date };
        sheet.write_datetime_with_format(row, 8, &planned, format)?;
        style::write_opt_date(sheet, &s, row, 9, r.last_on_site)?;
        sheet.write_string_with_format(row, 10, &r.basis, &s.wrap)?;
        let note = if r.carried_over {
            locale.pick(
                "上季度前应完成，尚未完成",
                "上季度前應完成，尚未完成",
                "Overdue from before the quarter",
            )
        } else if r.projected {
            locale.pick(
                "按计划日完成上次检查推算",
                "按計劃日完成上次檢查推算",
                "Projected from the check before",
            )
        } else {
            ""
        };
        sheet.write_string_with_format(row, 11, note, &s.wrap)?;
    }
    let last = head_row + rows.len() as u32;
    style::finish(sheet, head_row, last, (PLAN_HEADINGS.len() - 1) as u16, 4)?;
    Ok(book.save_to_buffer()?)
}

/// One active guarantee's classification over a quarter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskRow {
    pub borrower: String,
    pub contract_no: String,
    pub product: String,
    pub lending_bank: String,
    pub amount_wan: Decimal,
    pub start: NaiveDate,
    pub maturity: NaiveDate,
    pub tier_before: RiskTier,
    pub tier_after: RiskTier,
    pub class_before: FiveLevelClass,
    pub class_after: FiveLevelClass,
    /// The changes made in the quarter: `2026-11-02 风险等级 2→3：原因`.
    pub changes: Vec<String>,
    pub open_signals: Vec<String>,
    pub officer: String,
}

/// Each active guarantee's tier and class at the end of the quarter before and at the end of the
/// quarter of `quarter_of` (the value then, with later changes undone), and the changes between.
pub fn risk_table_rows(
    store: &Store,
    quarter_of: NaiveDate,
    locale: Locale,
) -> Result<Vec<RiskRow>, StoreError> {
    let (qs, qe) = (quarter_start(quarter_of), quarter_end(quarter_of));
    let before_day = qs.pred_opt().unwrap_or(qs);
    let mut rows = Vec::new();
    for g in store.guarantee_summaries()? {
        if g.status != GuaranteeStatus::Active || g.start_date > qe {
            continue;
        }
        let mut changes = store.classification_changes(g.id)?;
        changes.sort_by_key(|c| c.changed_on);
        // The value on a day: the current one with every later change undone, latest first.
        let tier_on = |day: NaiveDate| {
            changes
                .iter()
                .rev()
                .filter(|c| c.field == "risk_tier" && c.changed_on > day)
                .fold(g.risk_tier, |tier, c| {
                    c.old_value
                        .parse::<u8>()
                        .ok()
                        .and_then(|v| RiskTier::new(v).ok())
                        .unwrap_or(tier)
                })
        };
        let class_on = |day: NaiveDate| {
            changes
                .iter()
                .rev()
                .filter(|c| c.field == "five_level_class" && c.changed_on > day)
                .fold(g.five_level_class, |class, c| {
                    FiveLevelClass::from_code(&c.old_value).unwrap_or(class)
                })
        };
        let in_quarter = changes
            .iter()
            .filter(|c| c.changed_on >= qs && c.changed_on <= qe)
            .map(|c| {
                let (what, old, new) = if c.field == "risk_tier" {
                    (
                        locale.pick("风险等级", "風險等級", "Risk tier"),
                        c.old_value.clone(),
                        c.new_value.clone(),
                    )
                } else {
                    let label = |code: &str| {
                        FiveLevelClass::from_code(code)
                            .map(|c| c.label(locale).to_owned())
                            .unwrap_or_else(|_| code.to_owned())
                    };
                    (
                        locale.pick("五级分类", "五級分類", "Class"),
                        label(&c.old_value),
                        label(&c.new_value),
                    )
                };
                format!("{} {what} {old}→{new}：{}", c.changed_on, c.reason)
            })
            .collect();
        let open_signals = super::open_signal_labels(store, g.id)?;
        rows.push(RiskRow {
            borrower: g.borrower_name,
            contract_no: g.contract_no,
            product: g.product.label(locale).to_owned(),
            lending_bank: g.lending_bank,
            amount_wan: g.amount.wan(),
            start: g.start_date,
            maturity: g.maturity_date,
            tier_before: tier_on(before_day),
            tier_after: tier_on(qe),
            class_before: class_on(before_day),
            class_after: class_on(qe),
            changes: in_quarter,
            open_signals,
            officer: g.officer_a,
        });
    }
    rows.sort_by(|a, b| {
        (std::cmp::Reverse(a.tier_after), &a.contract_no)
            .cmp(&(std::cmp::Reverse(b.tier_after), &b.contract_no))
    });
    Ok(rows)
}

pub const RISK_HEADINGS: [&str; 16] = [
    "序号",
    "被担保人",
    "合同编号",
    "担保品种",
    "贷款银行",
    "担保金额（万元）",
    "起始日",
    "到期日",
    "上季末风险等级",
    "本季风险等级",
    "变动",
    "上季末五级分类",
    "本季五级分类",
    "调整情况及原因",
    "未解除预警信号",
    "项目经理",
];

/// The 在保客户风险分类表 as .xlsx: the lines, then a sheet of totals by tier and by class.
pub fn write_risk_table(
    rows: &[RiskRow],
    company: &str,
    quarter_of: NaiveDate,
    made_on: NaiveDate,
    policy: &Policy,
    locale: Locale,
) -> Result<Vec<u8>, SheetError> {
    let qs = quarter_start(quarter_of);
    let mut book = Workbook::new();
    let s = Styles::new();
    let tier_text = |t: RiskTier| format!("{}（{}）", t.get(), policy.tier_label(t, locale));
    {
        let sheet = book.add_worksheet();
        sheet.set_name("风险分类表")?;
        let head_row = style::head(
            sheet,
            &s,
            &format!("{company} {}在保客户风险分类表", quarter_name(qs)),
            &format!(
                "分类期 {qs} 至 {}（{}）；编制日 {made_on}；在保 {} 笔；按本季风险等级由高到低排列",
                quarter_end(qs),
                quarter_label(qs),
                rows.len()
            ),
            &RISK_HEADINGS,
            &[
                6.0, 30.0, 18.0, 14.0, 22.0, 14.0, 11.0, 11.0, 11.0, 11.0, 8.0, 11.0, 11.0, 40.0,
                32.0, 10.0,
            ],
        )?;
        for (i, r) in rows.iter().enumerate() {
            let row = head_row + 1 + i as u32;
            sheet.write_number_with_format(row, 0, (i + 1) as f64, &s.cell)?;
            sheet.write_string_with_format(row, 1, &r.borrower, &s.wrap)?;
            sheet.write_string_with_format(row, 2, &r.contract_no, &s.cell)?;
            sheet.write_string_with_format(row, 3, &r.product, &s.cell)?;
            sheet.write_string_with_format(row, 4, &r.lending_bank, &s.wrap)?;
            sheet.write_number_with_format(row, 5, style::wan_number(r.amount_wan), &s.money)?;
            style::write_opt_date(sheet, &s, row, 6, Some(r.start))?;
            style::write_opt_date(sheet, &s, row, 7, Some(r.maturity))?;
            sheet.write_string_with_format(row, 8, tier_text(r.tier_before), &s.cell)?;
            let changed = r.tier_after != r.tier_before;
            let after_format = if r.tier_after > r.tier_before {
                &s.late
            } else {
                &s.cell
            };
            sheet.write_string_with_format(row, 9, tier_text(r.tier_after), after_format)?;
            let movement = match r.tier_after.cmp(&r.tier_before) {
                std::cmp::Ordering::Greater => locale.pick("上调", "上調", "Up"),
                std::cmp::Ordering::Less => locale.pick("下调", "下調", "Down"),
                std::cmp::Ordering::Equal => locale.pick("不变", "不變", "—"),
            };
            sheet.write_string_with_format(
                row,
                10,
                movement,
                if changed { after_format } else { &s.cell },
            )?;
            sheet.write_string_with_format(row, 11, r.class_before.label(locale), &s.cell)?;
            sheet.write_string_with_format(row, 12, r.class_after.label(locale), &s.cell)?;
            sheet.write_string_with_format(row, 13, r.changes.join("\n"), &s.wrap)?;
            sheet.write_string_with_format(row, 14, r.open_signals.join("；"), &s.wrap)?;
            sheet.write_string_with_format(row, 15, &r.officer, &s.cell)?;
        }
        let last = head_row + rows.len() as u32;
        style::finish(sheet, head_row, last, (RISK_HEADINGS.len() - 1) as u16, 3)?;
    }
    // Totals: count and amount by tier and by class, at the quarter's end and the one before.
    let sheet = book.add_worksheet();
    sheet.set_name("分类汇总")?;
    let headings = [
        "分类",
        "上季末笔数",
        "本季笔数",
        "本季金额（万元）",
        "本季占比",
    ];
    let head_row = style::head(
        sheet,
        &s,
        &format!("{company} {}风险分类汇总", quarter_name(qs)),
        &format!("编制日 {made_on}"),
        &headings,
        &[18.0, 12.0, 12.0, 16.0, 10.0],
    )?;
    let total: Decimal = rows.iter().map(|r| r.amount_wan).sum();
    let mut lines: Vec<(String, usize, usize, Decimal)> = Vec::new();
    for tier in RiskTier::ALL {
        let before = rows.iter().filter(|r| r.tier_before == tier).count();
        let now: Vec<&RiskRow> = rows.iter().filter(|r| r.tier_after == tier).collect();
        lines.push((
            format!(
                "{}{}",
                locale.pick("风险等级 ", "風險等級 ", "Tier "),
                tier_text(tier)
            ),
            before,
            now.len(),
            now.iter().map(|r| r.amount_wan).sum(),
        ));
    }
    for class in FiveLevelClass::ALL {
        let before = rows.iter().filter(|r| r.class_before == *class).count();
        let now: Vec<&RiskRow> = rows.iter().filter(|r| r.class_after == *class).collect();
        lines.push((
            format!(
                "{}{}",
                locale.pick("五级分类 ", "五級分類 ", "Class "),
                class.label(locale)
            ),
            before,
            now.len(),
            now.iter().map(|r| r.amount_wan).sum(),
        ));
    }
    let percent = s.cell.clone().set_num_format("0.0%");
    for (i, (label, before, now, amount)) in lines.iter().enumerate() {
        let row = head_row + 1 + i as u32;
        sheet.write_string_with_format(row, 0, label, &s.cell)?;
        sheet.write_number_with_format(row, 1, *before as f64, &s.cell)?;
        sheet.write_number_with_format(row, 2, *now as f64, &s.cell)?;
        sheet.write_number_with_format(row, 3, style::wan_number(*amount), &s.money)?;
        let share = if total.is_zero() {
            Decimal::ZERO
        } else {
            amount / total
        };
        sheet.write_number_with_format(row, 4, style::wan_number(share), &percent)?;
    }
    Ok(book.save_to_buffer()?)
}

/// One overdue task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverdueRow {
    pub officer: String,
    pub contract_no: Option<String>,
    pub borrower: Option<String>,
    pub kind: TaskKind,
    pub due: NaiveDate,
    pub days_overdue: u32,
    pub basis: String,
}

/// Every overdue task as of `as_of`, by officer, the latest first.
pub fn overdue_rows(
    store: &Store,
    policy: &Policy,
    calendar: &WorkCalendar,
    as_of: NaiveDate,
    locale: Locale,
) -> Result<Vec<OverdueRow>, StoreError> {
    let agenda = agenda_from_store(store, &Engine::new(policy, calendar), as_of, None)?;
    let mut rows: Vec<OverdueRow> = agenda
        .tasks
        .iter()
        .filter(|t| t.state == TaskState::Overdue)
        .map(|t| OverdueRow {
            officer: t.officer.as_deref().unwrap_or_default().to_owned(),
            contract_no: t.contract_no.as_deref().map(str::to_owned),
            borrower: t.borrower.as_deref().map(str::to_owned),
            kind: t.kind,
            due: t.due,
            days_overdue: t.days_overdue,
            basis: t.reason_text(locale),
        })
        .collect();
    rows.sort_by(|a, b| {
        (
            &a.officer,
            std::cmp::Reverse(a.days_overdue),
            &a.contract_no,
        )
            .cmp(&(
                &b.officer,
                std::cmp::Reverse(b.days_overdue),
                &b.contract_no,
            ))
    });
    Ok(rows)
}

/// Overdue work as .xlsx: a summary by officer, then every task.
pub fn write_overdue(
    rows: &[OverdueRow],
    company: &str,
    as_of: NaiveDate,
    locale: Locale,
) -> Result<Vec<u8>, SheetError> {
    let mut book = Workbook::new();
    let s = Styles::new();
    let mut by_officer: BTreeMap<&str, Vec<&OverdueRow>> = BTreeMap::new();
    for r in rows {
        by_officer.entry(r.officer.as_str()).or_default().push(r);
    }
    {
        let sheet = book.add_worksheet();
        sheet.set_name("按项目经理汇总")?;
        let headings = [
            "项目经理",
            "逾期事项",
            "其中检查",
            "涉及担保笔数",
            "最长逾期天数",
        ];
        let head_row = style::head(
            sheet,
            &s,
            &format!("{company} 逾期工作统计（按项目经理）"),
            &format!("截至 {as_of}；逾期事项共 {} 项", rows.len()),
            &headings,
            &[12.0, 10.0, 10.0, 13.0, 13.0],
        )?;
        for (i, (officer, tasks)) in by_officer.iter().enumerate() {
            let row = head_row + 1 + i as u32;
            let checks = tasks.iter().filter(|t| CHECKS.contains(&t.kind)).count();
            let guarantees = tasks
                .iter()
                .filter_map(|t| t.contract_no.as_deref())
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            let worst = tasks.iter().map(|t| t.days_overdue).max().unwrap_or(0);
            sheet.write_string_with_format(row, 0, *officer, &s.cell)?;
            sheet.write_number_with_format(row, 1, tasks.len() as f64, &s.cell)?;
            sheet.write_number_with_format(row, 2, checks as f64, &s.cell)?;
            sheet.write_number_with_format(row, 3, guarantees as f64, &s.cell)?;
            sheet.write_number_with_format(row, 4, f64::from(worst), &s.late)?;
        }
        let last = head_row + by_officer.len() as u32;
        style::finish(sheet, head_row, last, (headings.len() - 1) as u16, 1)?;
    }
    let sheet = book.add_worksheet();
    sheet.set_name("逾期明细")?;
    let headings = [
        "序号",
        "项目经理",
        "合同编号",
        "被担保人",
        "事项",
        "应完成日",
        "逾期天数",
        "依据",
    ];
    let head_row = style::head(
        sheet,
        &s,
        &format!("{company} 逾期工作明细"),
        &format!("截至 {as_of}"),
        &headings,
        &[6.0, 10.0, 18.0, 30.0, 16.0, 11.0, 9.0, 50.0],
    )?;
    for (i, r) in rows.iter().enumerate() {
        let row = head_row + 1 + i as u32;
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &s.cell)?;
        sheet.write_string_with_format(row, 1, &r.officer, &s.cell)?;
        sheet.write_string_with_format(row, 2, r.contract_no.as_deref().unwrap_or(""), &s.cell)?;
        sheet.write_string_with_format(row, 3, r.borrower.as_deref().unwrap_or(""), &s.wrap)?;
        sheet.write_string_with_format(row, 4, r.kind.label(locale), &s.cell)?;
        style::write_opt_date(sheet, &s, row, 5, Some(r.due))?;
        sheet.write_number_with_format(row, 6, f64::from(r.days_overdue), &s.late)?;
        sheet.write_string_with_format(row, 7, &r.basis, &s.wrap)?;
    }
    let last = head_row + rows.len() as u32;
    style::finish(sheet, head_row, last, (headings.len() - 1) as u16, 3)?;
    Ok(book.save_to_buffer()?)
}

pub const LOG_HEADINGS: [&str; 13] = [
    "日期",
    "项目经理",
    "同行人员",
    "被担保人",
    "合同编号",
    "事项",
    "方式",
    "情况摘要",
    "发现的预警信号",
    "检查表编号",
    "完成日期",
    "部门负责人阅示",
    "阅示日期",
];

/// The 工作日志 from `from` to `to` as .xlsx, with blank columns for the department head's
/// reading (read within 2 working days under the policy).
pub fn write_work_log(
    entries: &[crate::store::LogEntry],
    company: &str,
    from: NaiveDate,
    to: NaiveDate,
    officer: Option<&str>,
    locale: Locale,
) -> Result<Vec<u8>, SheetError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("工作日志")?;
    let s = Styles::new();
    let who = officer.map(|o| format!("{o} ")).unwrap_or_default();
    let head_row = style::head(
        sheet,
        &s,
        &format!("{company} {who}工作日志"),
        &format!("{from} 至 {to}；共 {} 条", entries.len()),
        &LOG_HEADINGS,
        &[
            11.0, 10.0, 10.0, 28.0, 18.0, 14.0, 8.0, 44.0, 30.0, 22.0, 11.0, 16.0, 11.0,
        ],
    )?;
    for (i, e) in entries.iter().enumerate() {
        let row = head_row + 1 + i as u32;
        let (what, how) = if e.method == "task" {
            (
                TaskKind::from_code(&e.kind)
                    .map(|k| k.label(locale).to_owned())
                    .unwrap_or_else(|_| e.kind.clone()),
                "—".to_owned(),
            )
        } else {
            (
                VisitKind::from_code(&e.kind)
                    .map(|k| k.label(locale).to_owned())
                    .unwrap_or_else(|_| e.kind.clone()),
                VisitMethod::from_code(&e.method)
                    .map(|m| m.label(locale).to_owned())
                    .unwrap_or_else(|_| e.method.clone()),
            )
        };
        style::write_opt_date(sheet, &s, row, 0, Some(e.day))?;
        sheet.write_string_with_format(row, 1, &e.officer, &s.cell)?;
        sheet.write_string_with_format(row, 2, e.companion.as_deref().unwrap_or(""), &s.cell)?;
        sheet.write_string_with_format(row, 3, e.borrower.as_deref().unwrap_or(""), &s.wrap)?;
        sheet.write_string_with_format(row, 4, e.contract_no.as_deref().unwrap_or(""), &s.cell)?;
        sheet.write_string_with_format(row, 5, what, &s.cell)?;
        sheet.write_string_with_format(row, 6, how, &s.cell)?;
        let summary = match (&e.summary, e.completed_on) {
            (Some(t), _) => t.clone(),
            (None, None) if e.method != "task" => locale
                .pick("（草稿，未完成）", "（草稿，未完成）", "(draft)")
                .to_owned(),
            _ => String::new(),
        };
        sheet.write_string_with_format(row, 7, summary, &s.wrap)?;
        sheet.write_string_with_format(row, 8, e.signals.join("；"), &s.wrap)?;
        sheet.write_string_with_format(row, 9, e.report_no.as_deref().unwrap_or(""), &s.cell)?;
        style::write_opt_date(sheet, &s, row, 10, e.completed_on)?;
        sheet.write_blank(row, 11, &s.cell)?;
        sheet.write_blank(row, 12, &s.cell)?;
    }
    let last = head_row + entries.len() as u32;
    style::finish(sheet, head_row, last, (LOG_HEADINGS.len() - 1) as u16, 2)?;
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
#[path = "plans_tests.rs"]
mod tests;
