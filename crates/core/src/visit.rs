//! A visit (保后检查) and what it records: checklist answers, the stock count (盘点), worker
//! interviews (工人访谈), financial figures and photos.

use crate::i18n::code_enum;
use crate::portfolio::{GuaranteeId, OfficerId};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub mod finance;

pub type VisitId = i64;

code_enum! {
    /// 检查类型.
    pub enum VisitKind: "visit kind" {
        First = "first" => ("首次检查", "首次檢查", "First check"),
        Periodic = "periodic" => ("定期检查", "定期檢查", "Periodic check"),
        Maturity = "maturity" => ("到期检查", "到期檢查", "Pre-maturity check"),
        Emergency = "emergency" => ("重点检查", "重點檢查", "Emergency check"),
    }
}

code_enum! {
    /// 检查方式.
    pub enum VisitMethod: "visit method" {
        OnSite = "on_site" => ("实地检查", "實地檢查", "On site"),
        Phone = "phone" => ("电话检查", "電話檢查", "By phone"),
    }
}

code_enum! {
    pub enum VisitStatus: "visit status" {
        Draft = "draft" => ("填写中", "填寫中", "Draft"),
        Completed = "completed" => ("已完成", "已完成", "Completed"),
    }
}

code_enum! {
    /// Sections of the 保后检查表 (domain.md, "What a visit checks").
    pub enum ChecklistSection: "checklist section" {
        Operations = "A" => ("A 生产经营", "A 生產經營", "A Operations"),
        Management = "B" => ("B 企业管理", "B 企業管理", "B Management"),
        Finance = "C" => ("C 财务状况", "C 財務狀況", "C Finances"),
        Collateral = "D" => ("D 担保落实", "D 擔保落實", "D Counter-guarantees"),
        Other = "E" => ("E 其他", "E 其他", "E Other"),
        UseOfFunds = "F" => ("资金用途", "資金用途", "Use of funds"),
    }
}

code_enum! {
    /// Financial figures tracked across visits (C 财务状况): statement lines the officer enters,
    /// and the ratios computed from them (see [`finance`]).
    pub enum FinancialMetric: "financial metric" {
        TotalAssets = "total_assets" => ("资产总额(万元)", "資產總額(萬元)", "Total assets (10k CNY)"),
        TotalLiabilities = "total_liabilities" => ("负债总额(万元)", "負債總額(萬元)", "Total liabilities (10k CNY)"),
        CurrentAssets = "current_assets" => ("流动资产(万元)", "流動資產(萬元)", "Current assets (10k CNY)"),
        CurrentLiabilities = "current_liabilities" => ("流动负债(万元)", "流動負債(萬元)", "Current liabilities (10k CNY)"),
        Inventory = "inventory" => ("存货(万元)", "存貨(萬元)", "Inventory (10k CNY)"),
        AccountsReceivable = "accounts_receivable" => ("应收账款(万元)", "應收賬款(萬元)", "Accounts receivable (10k CNY)"),
        MonthlySales = "monthly_sales" => ("月销售收入(万元)", "月銷售收入(萬元)", "Monthly sales (10k CNY)"),
        MonthlyCostOfSales = "monthly_cost_of_sales" => ("月销售成本(万元)", "月銷售成本(萬元)", "Monthly cost of sales (10k CNY)"),
        MonthlyProfit = "monthly_profit" => ("月利润(万元)", "月利潤(萬元)", "Monthly profit (10k CNY)"),
        NetCashFlow = "net_cash_flow" => ("经营活动净现金流(万元)", "經營活動淨現金流(萬元)", "Net operating cash flow (10k CNY)"),
        DebtRatio = "debt_ratio" => ("资产负债率(%)", "資產負債率(%)", "Debt ratio (%)"),
        CurrentRatio = "current_ratio" => ("流动比率", "流動比率", "Current ratio"),
        QuickRatio = "quick_ratio" => ("速动比率", "速動比率", "Quick ratio"),
        InventoryTurnover = "inventory_turnover" => ("存货周转率(次/年)", "存貨周轉率(次/年)", "Inventory turnover (per year)"),
        ReceivablesTurnover = "receivables_turnover" => ("应收账款周转率(次/年)", "應收賬款周轉率(次/年)", "Receivables turnover (per year)"),
    }
}

/// One answered question of the checklist. The question text is kept with the answer, so a later
/// edit of the template never rewrites what was asked on the day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ChecklistAnswer {
    pub section: ChecklistSection,
    /// The template's item code, e.g. "A03".
    pub item_code: String,
    pub question: String,
    pub answer: String,
    pub note: Option<String>,
}

/// One line of the stock count (盘点).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct InventoryLine {
    pub goods_name: String,
    pub unit: String,
    /// Quantity on the borrower's books (账面数量).
    pub book_quantity: Decimal,
    /// Quantity counted in the warehouse (实盘数量).
    pub counted_quantity: Decimal,
    /// What the last count found, if there was one.
    pub last_count_quantity: Option<Decimal>,
    /// For pledged goods: the minimum the pledge requires (最低库存量).
    pub pledged_minimum: Option<Decimal>,
    pub note: Option<String>,
}

/// One worker interviewed at random, recorded without a name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct WorkerInterview {
    /// 岗位, e.g. "车间操作工".
    pub role: String,
    pub years_at_firm: Option<u32>,
    pub wages_paid_on_time: bool,
    /// Months of wages in arrears (0 when paid on time).
    pub months_in_arrears: u32,
    pub shifts_per_day: Option<u32>,
    /// What the worker says about orders on hand ("订单饱满，排到明年一月").
    pub orders_on_hand: Option<String>,
    pub layoffs_seen: bool,
    pub equipment_moved_out: bool,
    pub notes: Option<String>,
}

/// A financial figure as read from the statements on the day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct FinancialFigure {
    pub metric: FinancialMetric,
    pub value: Decimal,
    /// The period the figure is for, e.g. "2026-09" or "2026Q3".
    pub period: Option<String>,
}

/// A photo's description; the bytes stay in the store and are read on demand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct PhotoMeta {
    #[specta(type = u32)]
    pub id: i64,
    pub file_name: String,
    /// SHA-256 of the original bytes, lowercase hex.
    pub sha256: String,
    pub mime_type: String,
    #[specta(type = u32)]
    pub byte_size: u64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// EXIF capture time as the camera wrote it (no zone in EXIF; kept as local time).
    pub taken_at: Option<chrono::NaiveDateTime>,
    pub latitude: Option<Decimal>,
    pub longitude: Option<Decimal>,
    pub caption: Option<String>,
    /// The checklist item this photo proves, e.g. "D02".
    pub checklist_item: Option<String>,
    /// Set when the photo is an earlier photo's picture re-used (`evidence::likeness`).
    pub reused: Option<PhotoReuse>,
    /// The laptop's clock when the photo was added (None for photos written whole: the demo,
    /// visits recorded elsewhere).
    pub added_at: Option<chrono::DateTime<chrono::FixedOffset>>,
}

/// A photo found to be an earlier photo's picture, re-used: where the earlier one is, how near,
/// and what the officer said of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct PhotoReuse {
    #[specta(type = u32)]
    pub earlier_photo_id: i64,
    #[specta(type = u32)]
    pub earlier_visit_id: i64,
    pub earlier_visit_date: chrono::NaiveDate,
    pub earlier_contract_no: String,
    pub earlier_borrower: String,
    /// Bits apart, of 256.
    pub distance: u32,
    /// The officer's explanation, once given.
    pub explanation: Option<String>,
}

/// A photo to be stored with a visit: its original bytes and what was read from them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPhoto {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub mime_type: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub taken_at: Option<chrono::NaiveDateTime>,
    pub latitude: Option<Decimal>,
    pub longitude: Option<Decimal>,
    pub caption: Option<String>,
    pub checklist_item: Option<String>,
}

code_enum! {
    /// Who signed a visit on screen.
    pub enum SignatureRole: "signature role" {
        Officer = "officer" => ("检查人员", "檢查人員", "Officer"),
        Borrower = "borrower" => ("借款人代表", "借款人代表", "Borrower's representative"),
    }
}

/// A signature drawn on screen (PNG), with who signed and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Signature {
    pub role: SignatureRole,
    pub signer: String,
    #[serde(skip)]
    pub png: Vec<u8>,
    pub sha256: String,
    pub signed_at: DateTime<FixedOffset>,
}

/// A visit with everything it recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Visit {
    pub id: VisitId,
    pub guarantee_id: GuaranteeId,
    pub kind: VisitKind,
    pub method: VisitMethod,
    pub visit_date: NaiveDate,
    pub officer_id: OfficerId,
    pub companion_officer_id: Option<OfficerId>,
    pub status: VisitStatus,
    /// The version of the company policy the visit was planned under.
    pub policy_version: Option<String>,
    /// 检查结论: facts, not "正常、良好".
    pub conclusion: Option<String>,
    /// 风险防范措施 / suggestions.
    pub measures: Option<String>,
    pub completed_at: Option<DateTime<FixedOffset>>,
    pub answers: Vec<ChecklistAnswer>,
    pub inventory: Vec<InventoryLine>,
    pub interviews: Vec<WorkerInterview>,
    pub financials: Vec<FinancialFigure>,
    pub photos: Vec<PhotoMeta>,
}

/// A visit to be recorded, with its parts; written in one transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewVisit {
    pub guarantee_id: GuaranteeId,
    pub kind: VisitKind,
    pub method: VisitMethod,
    pub visit_date: NaiveDate,
    pub officer_id: OfficerId,
    pub companion_officer_id: Option<OfficerId>,
    pub status: VisitStatus,
    pub policy_version: Option<String>,
    pub conclusion: Option<String>,
    pub measures: Option<String>,
    pub completed_at: Option<DateTime<FixedOffset>>,
    pub answers: Vec<ChecklistAnswer>,
    pub inventory: Vec<InventoryLine>,
    pub interviews: Vec<WorkerInterview>,
    pub financials: Vec<FinancialFigure>,
    pub photos: Vec<NewPhoto>,
}

/// A visit as a line of the guarantee's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct VisitSummary {
    pub id: VisitId,
    pub kind: VisitKind,
    pub method: VisitMethod,
    pub visit_date: NaiveDate,
    pub officer: String,
    pub status: VisitStatus,
    pub conclusion: Option<String>,
}
