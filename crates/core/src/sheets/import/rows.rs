//! Every row of a sheet read into typed values, or a problem naming the row and the reason, in
//! the user's language.

use super::fields::{ColumnMapping, ImportField, Layout, squash};
use crate::i18n::Locale;
use crate::money::Money;
use crate::portfolio::{CounterGuaranteeKind, FiveLevelClass, GuaranteeStatus, Product, RiskTier};
use crate::sheets::read::{Cell, Grid, number_text};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

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
    #[error("`{0}` is not a risk tier (1–4, 一类–四类, 安全类/相对安全类/风险类/重点关注类)")]
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
/// A risk tier: 1–4 (also "2级", "二级", "第2级", "三类"), or its name in any locale (seed 004's
/// 安全类, 相对安全类, 风险类, 重点关注类). The names of the app's first versions, 良好, 正常 and
/// 关注, still read as 1, 2 and 3; its 风险 (4) is refused, as 风险类 is now 3.
pub fn parse_tier(cell: &Cell) -> Result<RiskTier, Problem> {
    let text = cell.text();
    let t = text
        .trim()
        .trim_start_matches('第')
        .trim_end_matches(['级', '級', '类', '類']);
    let n = match t {
        "1" | "一" | "Ⅰ" | "I" | "良好" => Some(1),
        "2" | "二" | "Ⅱ" | "II" | "正常" => Some(2),
        "3" | "三" | "Ⅲ" | "III" | "关注" | "關注" => Some(3),
        "4" | "四" | "Ⅳ" | "IV" => Some(4),
        _ => None,
    };
    if let Some(n) = n {
        return Ok(RiskTier::new(n).expect("1 to 4"));
    }
    RiskTier::ALL
        .into_iter()
        .find(|tier| {
            [
                crate::i18n::Locale::ZhCn,
                crate::i18n::Locale::ZhTw,
                crate::i18n::Locale::En,
            ]
            .into_iter()
            .any(|l| tier.label(l).eq_ignore_ascii_case(text.trim()))
        })
        .ok_or(Problem::UnknownTier(text))
}
pub(super) fn parse_class(text: &str) -> Option<FiveLevelClass> {
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
            format!("“{s}”不是风险等级（1–4、一类–四类，或 安全类/相对安全类/风险类/重点关注类）"),
            format!(
                "「{s}」不是風險等級（1–4、一類–四類，或 安全類/相對安全類/風險類/重點關注類）"
            ),
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
