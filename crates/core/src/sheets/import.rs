//! The portfolio taken in from the core system's spreadsheets (.xlsx, .xls, .csv in UTF-8 or
//! GBK): find the heading row, map its columns to fields (guessed from the headings people use,
//! confirmed once by the user and remembered for that layout), read every row into typed values
//! or a problem naming the row and the reason, and hand the good rows to the store, which shows
//! what would change and writes it in one transaction when asked ([`crate::store::imports`]).

use super::read::{Cell, Grid, ReadError, number_text, read_grid};
use crate::i18n::{Locale, code_enum};
use crate::money::Money;
use crate::portfolio::{CounterGuaranteeKind, FiveLevelClass, GuaranteeStatus, Product, RiskTier};
use crate::store::imports::{ChangedLine, ImportOutcome, ImportSource, NewLine};
use crate::store::sha256_hex;
use crate::store::{Store, StoreError};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

code_enum! {
    /// A guarantee's fact that an imported column can give.
    pub enum ImportField: "import field" {
        ContractNo = "contract_no" => ("合同编号", "合同編號", "Contract no."),
        Borrower = "borrower" => ("被担保人", "被擔保人", "Borrower"),
        CreditCode = "credit_code" => ("统一社会信用代码", "統一社會信用代碼", "Credit code"),
        LendingBank = "lending_bank" => ("贷款银行", "貸款銀行", "Lending bank"),
        Product = "product" => ("担保品种", "擔保品種", "Product"),
        Amount = "amount" => ("担保金额", "擔保金額", "Amount"),
        StartDate = "start_date" => ("起始日", "起始日", "Start date"),
        MaturityDate = "maturity_date" => ("到期日", "到期日", "Maturity date"),
        RiskTier = "risk_tier" => ("风险等级", "風險等級", "Risk tier"),
        FiveLevelClass = "five_level_class" => ("五级分类", "五級分類", "Five-level class"),
        Status = "status" => ("状态", "狀態", "Status"),
        OfficerA = "officer_a" => ("项目经理（A角）", "項目經理（A角）", "Officer (A)"),
        OfficerB = "officer_b" => ("B角", "B角", "Backup officer (B)"),
        CounterGuarantees = "counter_guarantees" => ("反担保方式", "反擔保方式", "Counter-guarantees"),
        LastOnSiteVisit = "last_on_site_visit" => ("上次实地检查日", "上次實地檢查日", "Last on-site check"),
        CreditRating = "credit_rating" => ("信用评级", "信用評級", "Credit rating"),
        Notes = "notes" => ("备注", "備註", "Notes"),
    }
}

impl ImportField {
    /// The facts a guarantee new to this laptop cannot do without.
    pub const NEEDED_FOR_NEW: [ImportField; 10] = [
        ImportField::ContractNo,
        ImportField::Borrower,
        ImportField::LendingBank,
        ImportField::Product,
        ImportField::Amount,
        ImportField::StartDate,
        ImportField::MaturityDate,
        ImportField::RiskTier,
        ImportField::FiveLevelClass,
        ImportField::OfficerA,
    ];

    /// Headings the core systems and offices use for the field (besides its labels), compared
    /// without spaces and without a bracketed unit ("担保金额（万元）" is 担保金额).
    fn synonyms(self) -> &'static [&'static str] {
        use ImportField::*;
        match self {
            ContractNo => &[
                "委托担保合同编号",
                "担保合同编号",
                "合同号",
                "合同编码",
                "项目编号",
                "业务编号",
            ],
            Borrower => &[
                "借款人",
                "客户名称",
                "企业名称",
                "借款企业",
                "被担保企业",
                "被担保人名称",
                "借款人名称",
            ],
            CreditCode => &["信用代码", "社会信用代码", "统一信用代码"],
            LendingBank => &["合作银行", "银行", "贷款机构", "债权银行", "放款银行"],
            Product => &["业务品种", "贷款品种", "担保产品", "品种", "产品"],
            Amount => &[
                "在保金额",
                "在保余额",
                "担保余额",
                "金额",
                "贷款金额",
                "担保额",
            ],
            StartDate => &[
                "起始日期",
                "开始日",
                "开始日期",
                "放款日",
                "起担日",
                "担保起始日",
                "贷款起始日",
                "起息日",
            ],
            MaturityDate => &["到期日期", "担保到期日", "贷款到期日", "终止日"],
            RiskTier => &["保后风险等级", "风险级别", "客户风险等级", "保后等级"],
            FiveLevelClass => &["风险分类", "五级分类结果", "贷款五级分类"],
            Status => &["担保状态", "业务状态", "项目状态"],
            OfficerA => &[
                "项目经理",
                "A角",
                "项目经理A角",
                "主办",
                "客户经理",
                "经办人",
                "主办人",
            ],
            OfficerB => &["协办", "项目经理B角", "协办人"],
            CounterGuarantees => &["反担保措施", "反担保", "反担保方式及内容"],
            LastOnSiteVisit => &[
                "上次检查日",
                "最近实地检查日",
                "上次保后检查日",
                "最近一次检查日期",
                "上次实地检查日期",
            ],
            CreditRating => &["评级", "外部评级", "信用等级"],
            Notes => &["说明", "备注说明"],
        }
    }

    /// The field a heading names, if any.
    pub fn from_heading(heading: &str) -> Option<ImportField> {
        let full = squash(heading);
        let base = strip_bracketed(&full);
        for field in ImportField::ALL {
            for candidate in [&full, &base] {
                if candidate.is_empty() {
                    continue;
                }
                if ImportField::from_name(candidate).ok() == Some(*field)
                    || squash(field.label(crate::Locale::ZhCn)) == *candidate
                    || field.synonyms().contains(&candidate.as_str())
                {
                    return Some(*field);
                }
            }
        }
        None
    }
}

/// A heading without spaces or line breaks, brackets made full-width.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            other => other,
        })
        .collect()
}

fn strip_bracketed(text: &str) -> String {
    match text.find('（') {
        Some(i) => text[..i].to_owned(),
        None => text.to_owned(),
    }
}

/// One column of the file and the field it gives (none: ignored).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ColumnMapping {
    /// 0-based position.
    pub column: u32,
    pub heading: String,
    pub field: Option<ImportField>,
}

/// The heading row found and its columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The heading row as the user numbers it (1-based).
    pub heading_row: usize,
    pub headings: Vec<String>,
    /// SHA-256 of the headings in order: the same layout next month gets the same mapping.
    pub signature: String,
}

/// Why a file cannot be imported at all (a broken row is a [`RowProblem`] instead).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("no heading row with a contract number column was found in the first {0} rows")]
    NoHeadingRow(usize),
    #[error("no column is mapped to the contract number")]
    NoContractColumn,
    #[error("columns {first} and {second} are both mapped to {field}")]
    FieldTwice {
        field: ImportField,
        first: String,
        second: String,
    },
    #[error("the mapping names column {0}, which the file does not have")]
    NoSuchColumn(u32),
    #[error("{path} cannot be read: {detail}")]
    CannotRead { path: String, detail: String },
    #[error("the file is {bytes} bytes, more than a ledger")]
    TooBig { bytes: u64 },
}

/// How far down a heading row is looked for (a title, a note and a two-row heading fit).
const HEADING_SEARCH_ROWS: usize = 20;

/// Finds the heading row: the one among the first rows naming the most fields, which must
/// include the contract number. A blank heading cell takes the one above it (a heading merged
/// down two rows in a file without merge records).
pub fn find_layout(grid: &Grid) -> Result<Layout, ImportError> {
    let width = grid.width();
    let mut best: Option<(usize, usize)> = None;
    for row in 0..grid.rows.len().min(HEADING_SEARCH_ROWS) {
        let fields: std::collections::HashSet<ImportField> = (0..width)
            .filter_map(|c| ImportField::from_heading(&heading_at(grid, row, c)))
            .collect();
        if fields.contains(&ImportField::ContractNo)
            && fields.len() >= 2
            && best.is_none_or(|(_, n)| fields.len() > n)
        {
            best = Some((row, fields.len()));
        }
    }
    let Some((row, _)) = best else {
        return Err(ImportError::NoHeadingRow(HEADING_SEARCH_ROWS));
    };
    let headings: Vec<String> = (0..width).map(|c| heading_at(grid, row, c)).collect();
    let joined = headings.join("\u{1f}");
    Ok(Layout {
        heading_row: row + 1,
        signature: sha256_hex(joined.as_bytes()),
        headings,
    })
}

fn heading_at(grid: &Grid, row: usize, column: usize) -> String {
    let own = grid.cell(row, column).text();
    if own.is_empty() && row > 0 {
        grid.cell(row - 1, column).text()
    } else {
        own
    }
}

/// The mapping guessed from the headings: each field to the first column that names it.
pub fn guess_mapping(layout: &Layout) -> Vec<ColumnMapping> {
    let mut taken = std::collections::HashSet::new();
    layout
        .headings
        .iter()
        .enumerate()
        .map(|(i, heading)| ColumnMapping {
            column: i as u32,
            heading: heading.clone(),
            field: ImportField::from_heading(heading).filter(|f| taken.insert(*f)),
        })
        .collect()
}

/// Checks a mapping against the layout: the contract number mapped, no field twice, no column
/// the file lacks.
pub fn check_mapping(layout: &Layout, mapping: &[ColumnMapping]) -> Result<(), ImportError> {
    let mut seen: HashMap<ImportField, &str> = HashMap::new();
    for m in mapping {
        if m.column as usize >= layout.headings.len() {
            return Err(ImportError::NoSuchColumn(m.column));
        }
        if let Some(field) = m.field
            && let Some(first) = seen.insert(field, &m.heading)
        {
            return Err(ImportError::FieldTwice {
                field,
                first: first.to_owned(),
                second: m.heading.clone(),
            });
        }
    }
    if !seen.contains_key(&ImportField::ContractNo) {
        return Err(ImportError::NoContractColumn);
    }
    Ok(())
}

/// An officer as a file names them: "王建国", or with the employee number "王建国（0012）".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficerName {
    pub name: String,
    pub code: Option<String>,
}

/// A row read into typed values. `None`: the file has no such column (the field is left as it
/// is); for a field that may be blank, `Some(None)` is a blank cell (the field is cleared).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportRow {
    /// The row as the user numbers it (1-based).
    pub row: usize,
    pub contract_no: String,
    pub borrower: Option<String>,
    pub credit_code: Option<Option<String>>,
    pub lending_bank: Option<String>,
    pub product: Option<Product>,
    pub amount: Option<Money>,
    pub start_date: Option<NaiveDate>,
    pub maturity_date: Option<NaiveDate>,
    pub risk_tier: Option<RiskTier>,
    pub five_level_class: Option<FiveLevelClass>,
    pub status: Option<GuaranteeStatus>,
    pub officer_a: Option<OfficerName>,
    pub officer_b: Option<Option<OfficerName>>,
    pub counter_guarantees: Option<Vec<CounterGuaranteeKind>>,
    pub last_on_site_visit: Option<Option<NaiveDate>>,
    pub credit_rating: Option<Option<String>>,
    pub notes: Option<Option<String>>,
}

/// What is wrong with a row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("{0} is blank")]
    Blank(ImportField),
    #[error("{field}: `{text}` is not a date")]
    BadDate { field: ImportField, text: String },
    #[error("`{0}` is not an amount of money")]
    BadAmount(String),
    #[error("the amount must be greater than zero, not {0}")]
    AmountNotPositive(String),
    #[error("`{0}` is not a product")]
    UnknownProduct(String),
    #[error("`{0}` is not a risk tier (1–4, 良好/正常/关注/风险)")]
    UnknownTier(String),
    #[error("`{0}` is not a five-level class")]
    UnknownClass(String),
    #[error("`{0}` is not a guarantee status")]
    UnknownStatus(String),
    #[error("`{0}` is not a counter-guarantee kind (抵押, 质押, 保证)")]
    UnknownCounterGuarantee(String),
    #[error("maturity {maturity} is not after the start {start}")]
    MaturityNotAfterStart {
        start: NaiveDate,
        maturity: NaiveDate,
    },
    #[error("contract {contract_no} is also on row {first_row}")]
    DuplicateContract {
        contract_no: String,
        first_row: usize,
    },
    #[error("A角 and B角 are the same officer")]
    SameOfficerTwice,
    #[error("the contract is new to this laptop and the file has no {0}")]
    NeededForNew(ImportField),
    #[error("{field} is longer than {limit} characters")]
    TooLong { field: ImportField, limit: usize },
    #[error("the credit code {file} differs from this laptop's {laptop} for the same borrower")]
    CreditCodeDiffers { file: String, laptop: String },
}

/// A row that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub row: usize,
    /// The contract number, when the row has one.
    pub contract_no: Option<String>,
    pub problem: Problem,
}

/// The rows of a file read under a mapping.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReadRows {
    pub rows: Vec<ImportRow>,
    pub problems: Vec<RowProblem>,
    /// Blank rows and rows of totals or notes, passed over.
    pub passed_over: usize,
}

/// The longest text a cell may bring into the store.
const CELL_LIMIT: usize = 500;

/// Reads every row below the heading under `mapping` (checked with [`check_mapping`] first).
pub fn read_rows(grid: &Grid, layout: &Layout, mapping: &[ColumnMapping]) -> ReadRows {
    let columns: HashMap<ImportField, usize> = mapping
        .iter()
        .filter_map(|m| m.field.map(|f| (f, m.column as usize)))
        .collect();
    let amount_in_wan = mapping
        .iter()
        .any(|m| m.field == Some(ImportField::Amount) && m.heading.contains('万'));
    let mut out = ReadRows::default();
    let mut first_row_of: HashMap<String, usize> = HashMap::new();
    for index in layout.heading_row..grid.rows.len() {
        let row_no = index + 1;
        let cells = &grid.rows[index];
        let filled = cells.iter().filter(|c| !c.is_empty()).count();
        let contract_no = columns
            .get(&ImportField::ContractNo)
            .map(|c| grid.cell(index, *c).text())
            .unwrap_or_default();
        // A blank row, a lone note ("制表人：…", even under the contract number) or a line of totals (whose label, merged
        // across the first columns, may fill the contract number's cell).
        let totals = cells.iter().any(|c| {
            matches!(
                squash(&c.text()).as_str(),
                "合计" | "合計" | "总计" | "總計" | "小计" | "小計" | "总合计"
            )
        });
        if totals || filled <= 1 {
            out.passed_over += 1;
            continue;
        }
        let mut reader = RowReader {
            grid,
            index,
            columns: &columns,
            problems: Vec::new(),
        };
        let row = reader.read(row_no, contract_no.clone(), amount_in_wan);
        let mut problems = reader.problems;
        if !contract_no.is_empty() {
            if let Some(first_row) = first_row_of.get(&contract_no) {
                problems.push(Problem::DuplicateContract {
                    contract_no: contract_no.clone(),
                    first_row: *first_row,
                });
            } else {
                first_row_of.insert(contract_no.clone(), row_no);
            }
        }
        if problems.is_empty() {
            out.rows.push(row);
        } else {
            let contract_no = (!contract_no.is_empty()).then_some(contract_no);
            out.problems
                .extend(problems.into_iter().map(|problem| RowProblem {
                    row: row_no,
                    contract_no: contract_no.clone(),
                    problem,
                }));
        }
    }
    out
}

struct RowReader<'a> {
    grid: &'a Grid,
    index: usize,
    columns: &'a HashMap<ImportField, usize>,
    problems: Vec<Problem>,
}

impl RowReader<'_> {
    fn cell(&self, field: ImportField) -> Option<&Cell> {
        self.columns
            .get(&field)
            .map(|c| self.grid.cell(self.index, *c))
    }

    /// The field's text: `None` without a column, `Some(None)` when blank.
    fn text(&mut self, field: ImportField) -> Option<Option<String>> {
        let text = self.cell(field)?.text();
        if text.chars().count() > CELL_LIMIT {
            self.problems.push(Problem::TooLong {
                field,
                limit: CELL_LIMIT,
            });
            return Some(None);
        }
        Some((!text.is_empty()).then_some(text))
    }

    /// A field that may not be blank when its column is there.
    fn required<T>(
        &mut self,
        field: ImportField,
        parse: impl FnOnce(&Cell) -> Result<T, Problem>,
    ) -> Option<T> {
        let cell = self.cell(field)?.clone();
        if cell.is_empty() {
            self.problems.push(Problem::Blank(field));
            return None;
        }
        match parse(&cell) {
            Ok(v) => Some(v),
            Err(p) => {
                self.problems.push(p);
                None
            }
        }
    }

    fn read(&mut self, row: usize, contract_no: String, amount_in_wan: bool) -> ImportRow {
        use ImportField as F;
        if contract_no.is_empty() {
            self.problems.push(Problem::Blank(F::ContractNo));
        } else if contract_no.chars().count() > CELL_LIMIT {
            self.problems.push(Problem::TooLong {
                field: F::ContractNo,
                limit: CELL_LIMIT,
            });
        }
        let borrower = self.required(F::Borrower, |c| Ok(c.text()));
        let lending_bank = self.required(F::LendingBank, |c| Ok(c.text()));
        let product = self.required(F::Product, |c| {
            Product::parse_name(&c.text()).map_err(|_| Problem::UnknownProduct(c.text()))
        });
        let amount = self.required(F::Amount, |c| parse_amount(c, amount_in_wan));
        let start_date = self.required(F::StartDate, |c| parse_date(c, F::StartDate));
        let maturity_date = self.required(F::MaturityDate, |c| parse_date(c, F::MaturityDate));
        let risk_tier = self.required(F::RiskTier, parse_tier);
        let five_level_class = self.required(F::FiveLevelClass, |c| {
            parse_class(&c.text()).ok_or_else(|| Problem::UnknownClass(c.text()))
        });
        let status = self.cell(F::Status).cloned().and_then(|c| {
            if c.is_empty() {
                return None;
            }
            match GuaranteeStatus::from_name(&c.text()) {
                Ok(s) => Some(s),
                Err(_) => {
                    self.problems.push(Problem::UnknownStatus(c.text()));
                    None
                }
            }
        });
        let officer_a = self.required(F::OfficerA, |c| Ok(officer_name(&c.text())));
        let officer_b = self.text(F::OfficerB).map(|t| t.map(|t| officer_name(&t)));
        if let (Some(a), Some(Some(b))) = (&officer_a, &officer_b)
            && a.name == b.name
        {
            self.problems.push(Problem::SameOfficerTwice);
        }
        let counter_guarantees = self.text(F::CounterGuarantees).map(|t| {
            let mut kinds = Vec::new();
            for part in t
                .unwrap_or_default()
                .split(['、', ',', '，', ';', '；', '/', '+', ' '])
                .filter(|p| !p.trim().is_empty())
            {
                match counter_kind(part) {
                    Some(k) if !kinds.contains(&k) => kinds.push(k),
                    Some(_) => {}
                    None => self
                        .problems
                        .push(Problem::UnknownCounterGuarantee(part.trim().to_owned())),
                }
            }
            kinds.sort();
            kinds
        });
        let last_on_site_visit = self.cell(F::LastOnSiteVisit).cloned().map(|c| {
            if c.is_empty() {
                return None;
            }
            match parse_date(&c, F::LastOnSiteVisit) {
                Ok(d) => Some(d),
                Err(p) => {
                    self.problems.push(p);
                    None
                }
            }
        });
        if let (Some(start), Some(maturity)) = (start_date, maturity_date)
            && maturity <= start
        {
            self.problems
                .push(Problem::MaturityNotAfterStart { start, maturity });
        }
        ImportRow {
            row,
            contract_no,
            borrower,
            credit_code: self.text(F::CreditCode),
            lending_bank,
            product,
            amount,
            start_date,
            maturity_date,
            risk_tier,
            five_level_class,
            status,
            officer_a,
            officer_b,
            counter_guarantees,
            last_on_site_visit,
            credit_rating: self.text(F::CreditRating),
            notes: self.text(F::Notes),
        }
    }
}

/// A date as a cell holds one: a date cell, an Excel serial number, or text as people write
/// dates (2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, 20260301), a time after it ignored.
pub fn parse_date(cell: &Cell, field: ImportField) -> Result<NaiveDate, Problem> {
    let bad = || Problem::BadDate {
        field,
        text: cell.text(),
    };
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Number(n) => excel_serial(*n).ok_or_else(bad),
        Cell::Text(t) => {
            let t = t.trim();
            let day = t.split([' ', 'T']).next().unwrap_or(t);
            if day.len() == 8 && day.bytes().all(|b| b.is_ascii_digit()) {
                return NaiveDate::parse_from_str(day, "%Y%m%d").map_err(|_| bad());
            }
            for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"] {
                if let Ok(d) = NaiveDate::parse_from_str(day, format) {
                    return Ok(d);
                }
            }
            // A serial number kept as text ("46082").
            match day.parse::<u32>() {
                Ok(n) => excel_serial(f64::from(n)).ok_or_else(bad),
                Err(_) => Err(bad()),
            }
        }
        Cell::Empty => Err(Problem::Blank(field)),
    }
}

/// An Excel date serial (1900 system; whole days only) between 1950 and 2100.
fn excel_serial(n: f64) -> Option<NaiveDate> {
    if n.fract() != 0.0 || !(18264.0..=73050.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n as u64))
}

/// An amount: a number in 元 (or in 万元 when the heading says so), or text with thousands
/// separators and a unit ("5,000,000.00", "500万", "500万元").
pub fn parse_amount(cell: &Cell, in_wan: bool) -> Result<Money, Problem> {
    let text = match cell {
        Cell::Number(n) => number_text(*n),
        other => other.text(),
    };
    let explicit_wan = text.contains('万');
    let money = if in_wan && !explicit_wan {
        let cleaned: String = text
            .trim()
            .trim_end_matches('元')
            .chars()
            .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
            .collect();
        Decimal::from_str_exact(&cleaned)
            .ok()
            .and_then(|wan| Money::from_wan(wan).ok())
    } else {
        text.parse::<Money>().ok()
    };
    match money {
        Some(m) if m.is_positive() => Ok(m),
        Some(_) => Err(Problem::AmountNotPositive(text)),
        None => Err(Problem::BadAmount(text)),
    }
}

/// A risk tier: 1–4 (also "2级", "二级", "第2级"), or its label in any locale.
pub fn parse_tier(cell: &Cell) -> Result<RiskTier, Problem> {
    let text = cell.text();
    let t = text
        .trim()
        .trim_start_matches('第')
        .trim_end_matches('级')
        .trim_end_matches('級');
    let n = match t {
        "1" | "一" | "Ⅰ" | "I" => Some(1),
        "2" | "二" | "Ⅱ" | "II" => Some(2),
        "3" | "三" | "Ⅲ" | "III" => Some(3),
        "4" | "四" | "Ⅳ" | "IV" => Some(4),
        _ => None,
    };
    if let Some(n) = n {
        return Ok(RiskTier::new(n).expect("1 to 4"));
    }
    RiskTier::ALL
        .into_iter()
        .find(|tier| {
            [crate::Locale::ZhCn, crate::Locale::ZhTw, crate::Locale::En]
                .into_iter()
                .any(|l| tier.label(l).eq_ignore_ascii_case(t))
        })
        .ok_or(Problem::UnknownTier(text))
}

fn parse_class(text: &str) -> Option<FiveLevelClass> {
    let t = text.trim().trim_end_matches('类').trim_end_matches('類');
    FiveLevelClass::from_name(t)
        .or_else(|_| FiveLevelClass::from_name(text))
        .ok()
}

fn counter_kind(text: &str) -> Option<CounterGuaranteeKind> {
    let t = text.trim();
    if let Ok(k) = CounterGuaranteeKind::from_name(t) {
        return Some(k);
    }
    // Longer names people write: 房产抵押, 股权质押, 连带责任保证, 个人保证.
    if t.contains("抵押") {
        Some(CounterGuaranteeKind::Mortgage)
    } else if t.contains("质押") || t.contains("質押") {
        Some(CounterGuaranteeKind::Pledge)
    } else if t.contains("保证") || t.contains("保證") {
        Some(CounterGuaranteeKind::Surety)
    } else {
        None
    }
}

fn officer_name(text: &str) -> OfficerName {
    let squashed = squash(text);
    match (squashed.find('（'), squashed.strip_suffix('）')) {
        (Some(i), Some(rest)) if i > 0 => OfficerName {
            name: squashed[..i].to_owned(),
            code: Some(rest[i + '（'.len_utf8()..].to_owned()).filter(|c| !c.is_empty()),
        },
        _ => OfficerName {
            name: squashed,
            code: None,
        },
    }
}

/// A file opened for import: its grid and heading row.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportFile {
    pub file_name: String,
    pub sha256: String,
    pub grid: Grid,
    pub layout: Layout,
}

/// The largest file taken (a 10,000-line ledger is about 1 MB).
pub const FILE_LIMIT: u64 = 200 * 1024 * 1024;

/// Reads the file at `path` (refused above [`FILE_LIMIT`]) and finds its heading row.
pub fn open_path(path: &std::path::Path) -> Result<ImportFile, ImportError> {
    let cannot = |e: std::io::Error| ImportError::CannotRead {
        path: path.display().to_string(),
        detail: e.to_string(),
    };
    let bytes = std::fs::metadata(path).map_err(cannot)?.len();
    if bytes > FILE_LIMIT {
        return Err(ImportError::TooBig { bytes });
    }
    let data = std::fs::read(path).map_err(cannot)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    open_file(&data, &name)
}

/// Reads the file and finds its heading row.
pub fn open_file(bytes: &[u8], file_name: &str) -> Result<ImportFile, ImportError> {
    let grid = read_grid(bytes)?;
    let layout = find_layout(&grid)?;
    Ok(ImportFile {
        file_name: file_name.to_owned(),
        sha256: sha256_hex(bytes),
        grid,
        layout,
    })
}

/// A row's problem as the user reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct ProblemView {
    #[specta(type = u32)]
    pub row: usize,
    pub contract_no: Option<String>,
    pub message: String,
}

/// What an import would do, or did: the mapping used, every row's fate, every problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct SheetImport {
    pub file_name: String,
    /// The sheet read (empty for a CSV).
    pub sheet: String,
    #[specta(type = u32)]
    pub heading_row: usize,
    pub mapping: Vec<ColumnMapping>,
    /// How the mapping came: "remembered" (confirmed before for this layout), "given" (set by
    /// the user now) or "guessed" (from the headings; to be confirmed before writing).
    pub mapping_source: MappingSource,
    #[specta(type = u32)]
    pub rows_read: usize,
    /// Blank rows, totals and notes.
    #[specta(type = u32)]
    pub passed_over: usize,
    pub new: Vec<NewLine>,
    pub changed: Vec<ChangedLine>,
    #[specta(type = u32)]
    pub unchanged: usize,
    pub problems: Vec<ProblemView>,
    /// Rows with at least one problem.
    #[specta(type = u32)]
    pub broken_rows: usize,
    pub new_officers: Vec<String>,
    pub new_borrowers: Vec<String>,
    /// Whether this report is of an import written (else a preview).
    pub written: bool,
}

code_enum! {
    /// Where an import's column mapping came from.
    pub enum MappingSource: "mapping source" {
        Remembered = "remembered" => ("已确认过的对应关系", "已確認過的對應關係", "Confirmed before"),
        Given = "given" => ("本次指定的对应关系", "本次指定的對應關係", "Set now"),
        Guessed = "guessed" => ("按标题推断的对应关系（待确认）", "按標題推斷的對應關係（待確認）", "Guessed from the headings (to be confirmed)"),
    }
}

/// What the user chose to do with the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportChoice {
    /// Show what would happen; write nothing.
    Preview,
    /// Write. With broken rows, only if `skip_broken` (they are left out and counted).
    Write { skip_broken: bool },
}

/// Why an import was not written.
#[derive(Debug, thiserror::Error)]
pub enum ImportRunError {
    #[error(transparent)]
    File(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the column mapping was guessed and has not been confirmed")]
    MappingNotConfirmed,
    #[error("{rows} rows have problems; nothing was imported")]
    BrokenRows { rows: usize },
}

/// Weighs, or writes, `file` under `mapping` (the user's), else the one remembered for its
/// layout, else the one guessed from its headings (which must be confirmed, i.e. given, before
/// it is written).
pub fn run_import(
    store: &mut Store,
    file: &ImportFile,
    mapping: Option<Vec<ColumnMapping>>,
    choice: ImportChoice,
    as_of: NaiveDate,
    at: DateTime<FixedOffset>,
    locale: crate::Locale,
) -> Result<SheetImport, ImportRunError> {
    let (mapping, mapping_source) = match mapping {
        Some(m) => (m, MappingSource::Given),
        None => match store.remembered_mapping(&file.layout.signature)? {
            Some(m) => (m, MappingSource::Remembered),
            None => (guess_mapping(&file.layout), MappingSource::Guessed),
        },
    };
    check_mapping(&file.layout, &mapping)?;
    let read = read_rows(&file.grid, &file.layout, &mapping);
    let file_broken: HashSet<usize> = read.problems.iter().map(|p| p.row).collect();
    let outcome = match choice {
        ImportChoice::Preview => store.weigh_import(&read.rows, locale)?,
        ImportChoice::Write { skip_broken } => {
            if mapping_source == MappingSource::Guessed {
                return Err(ImportRunError::MappingNotConfirmed);
            }
            let broken = |outcome: &ImportOutcome| {
                let rows: HashSet<usize> = file_broken
                    .iter()
                    .copied()
                    .chain(outcome.problems.iter().map(|p| p.row))
                    .collect();
                ImportRunError::BrokenRows { rows: rows.len() }
            };
            if !skip_broken && !file_broken.is_empty() {
                // Refused whatever the laptop says; weighed only to count every broken row.
                return Err(broken(&store.weigh_import(&read.rows, locale)?));
            }
            let outcome = store.write_import(
                &read.rows,
                &ImportSource {
                    file_name: &file.file_name,
                    sha256: &file.sha256,
                    signature: &file.layout.signature,
                    mapping: &mapping,
                    skipped: file_broken.len(),
                    at,
                },
                as_of,
                skip_broken,
                locale,
            )?;
            if outcome.import_id.is_none() {
                return Err(broken(&outcome));
            }
            outcome
        }
    };
    let mut problems: Vec<RowProblem> = read.problems;
    problems.extend(outcome.problems.iter().cloned());
    problems.sort_by_key(|p| p.row);
    let broken_rows = problems.iter().map(|p| p.row).collect::<HashSet<_>>().len();
    Ok(SheetImport {
        file_name: file.file_name.clone(),
        sheet: file.grid.sheet.clone(),
        heading_row: file.layout.heading_row,
        mapping,
        mapping_source,
        rows_read: outcome.new.len() + outcome.changed.len() + outcome.unchanged + broken_rows,
        passed_over: read.passed_over,
        new: outcome.new,
        changed: outcome.changed,
        unchanged: outcome.unchanged,
        problems: problems
            .into_iter()
            .map(|p| ProblemView {
                row: p.row,
                contract_no: p.contract_no,
                message: import_problem_message(&p.problem, locale),
            })
            .collect(),
        broken_rows,
        new_officers: outcome.new_officers,
        new_borrowers: outcome.new_borrowers,
        written: outcome.import_id.is_some(),
    })
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;

/// What is wrong with one row of an import, in the user's language (the row number is shown
/// beside it).
pub fn import_problem_message(p: &Problem, l: Locale) -> String {
    use Problem as P;
    if l == Locale::En {
        return match p {
            P::Blank(f) => format!("{} is blank", f.label(l)),
            P::BadDate { field, text } => format!(
                "{}: `{text}` is not a date (write 2026-03-01, 2026/3/1 or 2026年3月1日)",
                field.label(l)
            ),
            P::NeededForNew(f) => format!(
                "the contract is new to this laptop, and a new one needs {}, which the file lacks",
                f.label(l)
            ),
            P::TooLong { field, limit } => {
                format!("{} is longer than {limit} characters", field.label(l))
            }
            other => other.to_string(),
        };
    }
    let t = |cn: String, tw: String| if l == Locale::ZhTw { tw } else { cn };
    let field = |f: &crate::sheets::import::ImportField| f.label(l);
    match p {
        P::Blank(f) => t(
            format!("“{}”为空", field(f)),
            format!("「{}」為空", field(f)),
        ),
        P::BadDate { field: f, text } => t(
            format!(
                "“{}”的“{text}”不是日期（可写 2026-03-01、2026/3/1、2026年3月1日）",
                field(f)
            ),
            format!(
                "「{}」的「{text}」不是日期（可寫 2026-03-01、2026/3/1、2026年3月1日）",
                field(f)
            ),
        ),
        P::BadAmount(s) => t(
            format!("“{s}”不是金额（可写 5,000,000.00 或 500万）"),
            format!("「{s}」不是金額（可寫 5,000,000.00 或 500萬）"),
        ),
        P::AmountNotPositive(s) => t(
            format!("担保金额应大于 0，而不是 {s}"),
            format!("擔保金額應大於 0，而不是 {s}"),
        ),
        P::UnknownProduct(s) => t(
            format!(
                "“{s}”不是担保品种（流动资金贷款、银行承兑汇票、贸易融资、信用证、固定资产/项目贷款、消费类贷款）"
            ),
            format!(
                "「{s}」不是擔保品種（流動資金貸款、銀行承兌匯票、貿易融資、信用證、固定資產/項目貸款、消費類貸款）"
            ),
        ),
        P::UnknownTier(s) => t(
            format!("“{s}”不是风险等级（1–4，或 良好/正常/关注/风险）"),
            format!("「{s}」不是風險等級（1–4，或 良好/正常/關注/風險）"),
        ),
        P::UnknownClass(s) => t(
            format!("“{s}”不是五级分类（正常、关注、次级、可疑、损失）"),
            format!("「{s}」不是五級分類（正常、關注、次級、可疑、損失）"),
        ),
        P::UnknownStatus(s) => t(
            format!("“{s}”不是担保状态（在保、已解保、已代偿、追偿中）"),
            format!("「{s}」不是擔保狀態（在保、已解保、已代償、追償中）"),
        ),
        P::UnknownCounterGuarantee(s) => t(
            format!("“{s}”不是反担保方式（抵押、质押、保证）"),
            format!("「{s}」不是反擔保方式（抵押、質押、保證）"),
        ),
        P::MaturityNotAfterStart { start, maturity } => t(
            format!("到期日 {maturity} 不晚于起始日 {start}"),
            format!("到期日 {maturity} 不晚於起始日 {start}"),
        ),
        P::DuplicateContract {
            contract_no,
            first_row,
        } => t(
            format!("合同编号 {contract_no} 与第 {first_row} 行重复"),
            format!("合同編號 {contract_no} 與第 {first_row} 行重複"),
        ),
        P::SameOfficerTwice => t("A角和B角是同一人".into(), "A角和B角是同一人".into()),
        P::NeededForNew(f) => t(
            format!(
                "本机没有这笔担保，新增需要“{}”，但文件中没有这一列",
                field(f)
            ),
            format!(
                "本機沒有這筆擔保，新增需要「{}」，但檔案中沒有這一欄",
                field(f)
            ),
        ),
        P::TooLong { field: f, limit } => t(
            format!("“{}”超过 {limit} 个字", field(f)),
            format!("「{}」超過 {limit} 個字", field(f)),
        ),
        P::CreditCodeDiffers { file, laptop } => t(
            format!("统一社会信用代码 {file} 与本机记录的 {laptop} 不一致"),
            format!("統一社會信用代碼 {file} 與本機記錄的 {laptop} 不一致"),
        ),
    }
}
