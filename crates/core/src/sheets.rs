//! Spreadsheets the office already works with (issue 9). This first part writes the
//! 保后管理台账: one line per guarantee with its contract facts, tier and class, last on-site
//! visit, next check due under the policy (with how late it is), and open warning signals, as a
//! formatted .xlsx with Chinese headings (rust_xlsxwriter).
//!
//! Amounts are written in 万元 as numbers so a manager can sum them; a spreadsheet cell is a
//! double, so the exact `Money` becomes one only here, at the file's edge (an amount of up to
//! 10^13 元 with its 分 keeps every digit in a double's 15–16).

pub mod biff;
pub mod import;
pub mod limits;
pub mod messages;
pub mod plans;
pub mod read;
mod style;
pub mod template;
mod unpack;

use crate::calendar::WorkCalendar;
use crate::i18n::{Locale, code_enum};
use crate::policy::Policy;
use crate::portfolio::GuaranteeId;
use crate::signals::SignalStatus;
use crate::store::agenda_from_store;
use crate::store::{Store, StoreError};
use crate::tasks::engine::Engine;
use crate::tasks::{TaskKind, TaskState};
use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;
use std::collections::HashMap;
use style::Styles;

/// What can stop a spreadsheet.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the spreadsheet cannot be written: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

code_enum! {
    /// The spreadsheets the app writes.
    pub enum SheetKind: "sheet" {
        Ledger = "ledger" => ("保后管理台账", "保後管理台賬", "Post-guarantee ledger"),
        Plan = "plan" => ("回访计划表", "回訪計劃表", "Quarterly visit plan"),
        RiskTable = "risk_table" => ("在保客户风险分类表", "在保客戶風險分類表", "Risk classification table"),
        Overdue = "overdue" => ("逾期工作统计", "逾期工作統計", "Overdue work by officer"),
        Log = "log" => ("工作日志", "工作日誌", "Work log"),
        Checklist = "checklist" => ("保后检查表模板", "保後檢查表範本", "Checklist template"),
    }
}

/// What an export may be narrowed to; each kind reads what concerns it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Any day of the quarter, for the plan (default: [`plans::plan_quarter`]) and the risk
    /// table (default: the quarter of the day).
    pub quarter: Option<NaiveDate>,
    /// The work log's first and last day (default: the month so far).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Only this officer's work log.
    pub officer: Option<String>,
}

/// A spreadsheet written, and how many lines it has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exported {
    pub bytes: Vec<u8>,
    pub lines: usize,
}

/// Writes the spreadsheet `kind` as of `as_of` under the policy in force.
pub fn export(
    store: &Store,
    kind: SheetKind,
    as_of: NaiveDate,
    options: &ExportOptions,
    locale: Locale,
) -> Result<Exported, SheetError> {
    let policy = store.policy_in_force()?;
    let calendar = store.calendar()?;
    let company = policy.document().company;
    let (bytes, lines) = match kind {
        SheetKind::Ledger => {
            let rows = ledger_rows(store, &policy, &calendar, as_of, locale)?;
            (write_ledger(&rows, &company, as_of)?, rows.len())
        }
        SheetKind::Plan => {
            let q = options
                .quarter
                .unwrap_or_else(|| plans::plan_quarter(as_of, &policy));
            let rows = plans::visit_plan_rows(store, &policy, &calendar, q, as_of, locale)?;
            let bytes = plans::write_visit_plan(&rows, &company, q, &policy, as_of, locale)?;
            (bytes, rows.len())
        }
        SheetKind::RiskTable => {
            let q = options.quarter.unwrap_or(as_of);
            let rows = plans::risk_table_rows(store, q, locale)?;
            (
                plans::write_risk_table(&rows, &company, q, as_of, &policy, locale)?,
                rows.len(),
            )
        }
        SheetKind::Overdue => {
            let rows = plans::overdue_rows(store, &policy, &calendar, as_of, locale)?;
            (
                plans::write_overdue(&rows, &company, as_of, locale)?,
                rows.len(),
            )
        }
        SheetKind::Log => {
            let to = options.to.unwrap_or(as_of);
            let from = options
                .from
                .unwrap_or_else(|| chrono::Datelike::with_day(&to, 1).unwrap_or(to));
            let officer = options.officer.as_deref();
            let entries = store.work_log(from, to, officer)?;
            let bytes = plans::write_work_log(&entries, &company, from, to, officer, locale)?;
            (bytes, entries.len())
        }
        SheetKind::Checklist => {
            let template = store.template_in_force()?;
            let catalog = crate::signals::SignalCatalog::builtin();
            let bytes = template::write_template(&template, &catalog, locale)?;
            (bytes, template.items.len())
        }
    };
    Ok(Exported { bytes, lines })
}

/// One line of the 台账.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerRow {
    pub contract_no: String,
    pub borrower: String,
    pub lending_bank: String,
    pub product: String,
    /// 万元, exact.
    pub amount_wan: rust_decimal::Decimal,
    pub start_date: NaiveDate,
    pub maturity_date: NaiveDate,
    pub risk_tier: String,
    pub five_level_class: String,
    pub status: String,
    pub officer_a: String,
    pub officer_b: Option<String>,
    pub counter_guarantees: String,
    pub last_on_site_visit: Option<NaiveDate>,
    /// The earliest check (first, periodic, pre-maturity, emergency) not yet done.
    pub next_check: Option<(String, NaiveDate)>,
    /// Days the most overdue open task of the guarantee (any kind) is late (0 when none is).
    pub days_overdue: u32,
    /// Open warning signals, as `W07 标题`.
    pub open_signals: Vec<String>,
}

pub(crate) const CHECKS: [TaskKind; 5] = [
    TaskKind::FirstCheck,
    TaskKind::PeriodicCheck,
    TaskKind::MaturityCheck,
    TaskKind::EmergencyCheck,
    TaskKind::SignalCheck,
];

/// The 台账's lines as of `as_of`, in contract order.
pub fn ledger_rows(
    store: &Store,
    policy: &Policy,
    calendar: &WorkCalendar,
    as_of: NaiveDate,
    locale: Locale,
) -> Result<Vec<LedgerRow>, StoreError> {
    let agenda = agenda_from_store(store, &Engine::new(policy, calendar), as_of, None)?;
    let mut next: HashMap<GuaranteeId, (String, NaiveDate)> = HashMap::new();
    let mut late: HashMap<GuaranteeId, u32> = HashMap::new();
    for t in agenda.tasks.iter().filter(|t| t.state != TaskState::Done) {
        let Some(id) = t.guarantee_id else { continue };
        let worst = late.entry(id).or_default();
        *worst = (*worst).max(t.days_overdue);
        if CHECKS.contains(&t.kind) && next.get(&id).is_none_or(|(_, due)| t.due < *due) {
            next.insert(id, (t.kind.label(locale).to_owned(), t.due));
        }
    }
    let mut rows = Vec::new();
    for g in store.guarantee_summaries()? {
        let open_signals = open_signal_labels(store, g.id)?;
        rows.push(LedgerRow {
            contract_no: g.contract_no,
            borrower: g.borrower_name,
            lending_bank: g.lending_bank,
            product: g.product.label(locale).to_owned(),
            amount_wan: g.amount.wan(),
            start_date: g.start_date,
            maturity_date: g.maturity_date,
            risk_tier: policy.tier_label(g.risk_tier, locale),
            five_level_class: g.five_level_class.label(locale).to_owned(),
            status: g.status.label(locale).to_owned(),
            officer_a: g.officer_a,
            officer_b: g.officer_b,
            counter_guarantees: g
                .counter_guarantee_kinds
                .iter()
                .map(|k| k.label(locale))
                .collect::<Vec<_>>()
                .join("、"),
            last_on_site_visit: g.last_on_site_visit,
            next_check: next.remove(&g.id),
            days_overdue: late.get(&g.id).copied().unwrap_or(0),
            open_signals,
        });
    }
    rows.sort_by(|a, b| a.contract_no.cmp(&b.contract_no));
    Ok(rows)
}

/// A guarantee's open warning signals, as `W07 标题`.
pub(crate) fn open_signal_labels(
    store: &Store,
    id: GuaranteeId,
) -> Result<Vec<String>, StoreError> {
    Ok(store
        .signals_of(id)?
        .into_iter()
        .filter(|s| s.status == SignalStatus::Open)
        .map(|s| format!("{} {}", s.code, s.title))
        .collect())
}

/// The 台账's column headings, in order.
pub const LEDGER_HEADINGS: [&str; 19] = [
    "序号",
    "合同编号",
    "被担保人",
    "贷款银行",
    "担保品种",
    "担保金额（万元）",
    "起始日",
    "到期日",
    "风险等级",
    "五级分类",
    "状态",
    "项目经理（A角）",
    "B角",
    "反担保方式",
    "上次实地检查日",
    "下次应检查",
    "应检查日",
    "逾期天数（任一待办）",
    "未解除预警信号",
];

/// The 保后管理台账 as an .xlsx file: a title naming the company and the day, the headings
/// frozen above the lines with a filter on them, dates as dates, amounts as numbers in 万元 with
/// a total, overdue lines marked.
pub fn write_ledger(
    rows: &[LedgerRow],
    company: &str,
    as_of: NaiveDate,
) -> Result<Vec<u8>, SheetError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("保后管理台账")?;
    let s = Styles::new();
    let head_row = style::head(
        sheet,
        &s,
        &format!("{company} 保后管理台账"),
        &format!(
            "截至 {as_of}（下次应检查与逾期天数按现行制度计算）　共 {} 笔",
            rows.len()
        ),
        &LEDGER_HEADINGS,
        &[
            6.0, 18.0, 30.0, 22.0, 14.0, 14.0, 11.0, 11.0, 9.0, 9.0, 8.0, 12.0, 10.0, 16.0, 13.0,
            12.0, 11.0, 9.0, 40.0,
        ],
    )?;
    let (cell, wrap, date, money, late) = (&s.cell, &s.wrap, &s.date, &s.money, &s.late);
    let (heading, total) = (&s.heading, &s.total);
    for (i, r) in rows.iter().enumerate() {
        let row = head_row + 1 + i as u32;
        sheet.write_number_with_format(row, 0, (i + 1) as f64, cell)?;
        sheet.write_string_with_format(row, 1, &r.contract_no, cell)?;
        sheet.write_string_with_format(row, 2, &r.borrower, wrap)?;
        sheet.write_string_with_format(row, 3, &r.lending_bank, wrap)?;
        sheet.write_string_with_format(row, 4, &r.product, cell)?;
        sheet.write_number_with_format(row, 5, style::wan_number(r.amount_wan), money)?;
        sheet.write_datetime_with_format(row, 6, &style::excel_date(r.start_date)?, date)?;
        sheet.write_datetime_with_format(row, 7, &style::excel_date(r.maturity_date)?, date)?;
        sheet.write_string_with_format(row, 8, &r.risk_tier, cell)?;
        sheet.write_string_with_format(row, 9, &r.five_level_class, cell)?;
        sheet.write_string_with_format(row, 10, &r.status, cell)?;
        sheet.write_string_with_format(row, 11, &r.officer_a, cell)?;
        sheet.write_string_with_format(row, 12, r.officer_b.as_deref().unwrap_or(""), cell)?;
        sheet.write_string_with_format(row, 13, &r.counter_guarantees, wrap)?;
        style::write_opt_date(sheet, &s, row, 14, r.last_on_site_visit)?;
        match &r.next_check {
            Some((kind, due)) => {
                sheet.write_string_with_format(row, 15, kind, cell)?;
                sheet.write_datetime_with_format(row, 16, &style::excel_date(*due)?, date)?;
            }
            None => {
                sheet.write_blank(row, 15, cell)?;
                sheet.write_blank(row, 16, cell)?;
            }
        }
        if r.days_overdue > 0 {
            sheet.write_number_with_format(row, 17, f64::from(r.days_overdue), late)?;
        } else {
            sheet.write_blank(row, 17, cell)?;
        }
        sheet.write_string_with_format(row, 18, r.open_signals.join("；"), wrap)?;
    }
    let last = head_row + rows.len() as u32;
    let total_row = last + 1;
    sheet.merge_range(total_row, 0, total_row, 4, "合计", heading)?;
    sheet.write_formula_with_format(
        total_row,
        5,
        format!("=SUM(F{}:F{})", head_row + 2, last + 1).as_str(),
        total,
    )?;
    style::finish(sheet, head_row, last, (LEDGER_HEADINGS.len() - 1) as u16, 3)?;
    Ok(book.save_to_buffer()?)
}

#[cfg(test)]
mod tests;
