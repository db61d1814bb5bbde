//! The fields an import reads, the heading row found in a sheet and the columns mapped to
//! fields (guessed from the headings people use, confirmed once by the user).

use crate::digest::sha256_hex;
use crate::i18n::code_enum;
use crate::sheets::read::{Grid, ReadError};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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
                    || squash(field.label(crate::i18n::Locale::ZhCn)) == *candidate
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
pub(super) fn squash(text: &str) -> String {
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
pub(super) const HEADING_SEARCH_ROWS: usize = 20;
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
