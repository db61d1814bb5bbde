//! The portfolio: officers, borrowers, guarantees (在保项目) and their counter-guarantees (反担保).

use crate::i18n::{Locale, code_enum};
use crate::money::Money;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub type OfficerId = i64;
pub type BorrowerId = i64;
pub type GuaranteeId = i64;

code_enum! {
    /// 担保品种: the kind of credit the guarantee covers.
    pub enum Product: "product" {
        WorkingCapitalLoan = "working_capital_loan" => ("流动资金贷款", "流動資金貸款", "Working-capital loan"),
        BankAcceptanceBill = "bank_acceptance_bill" => ("银行承兑汇票", "銀行承兌匯票", "Bank acceptance bill"),
        TradeFinance = "trade_finance" => ("贸易融资", "貿易融資", "Trade finance"),
        LetterOfCredit = "letter_of_credit" => ("信用证", "信用證", "Letter of credit"),
        FixedAssetLoan = "fixed_asset_loan" => ("固定资产/项目贷款", "固定資產/項目貸款", "Fixed-asset / project loan"),
        ConsumerLoan = "consumer_loan" => ("消费类贷款", "消費類貸款", "Consumer loan"),
    }
}

code_enum! {
    /// 贷款风险五级分类.
    pub enum FiveLevelClass: "five-level class" {
        Normal = "normal" => ("正常", "正常", "Pass"),
        SpecialMention = "special_mention" => ("关注", "關注", "Special mention"),
        Substandard = "substandard" => ("次级", "次級", "Substandard"),
        Doubtful = "doubtful" => ("可疑", "可疑", "Doubtful"),
        Loss = "loss" => ("损失", "損失", "Loss"),
    }
}

code_enum! {
    /// The state of a guarantee in its life.
    pub enum GuaranteeStatus: "guarantee status" {
        Active = "active" => ("在保", "在保", "Active"),
        Released = "released" => ("已解保", "已解保", "Released"),
        Compensated = "compensated" => ("已代偿", "已代償", "Compensated"),
        InRecovery = "in_recovery" => ("追偿中", "追償中", "In recovery"),
    }
}

code_enum! {
    /// 反担保方式.
    pub enum CounterGuaranteeKind: "counter-guarantee kind" {
        Mortgage = "mortgage" => ("抵押", "抵押", "Mortgage"),
        Pledge = "pledge" => ("质押", "質押", "Pledge"),
        Surety = "surety" => ("保证", "保證", "Surety"),
    }
}

impl Product {
    /// Like `from_name`, also taking the short names the seeds use for fixed-asset and project
    /// loans ("固定资产贷款", "项目贷款").
    pub fn parse_name(text: &str) -> Result<Product, crate::i18n::UnknownCode> {
        match text.trim() {
            "固定资产贷款" | "项目贷款" | "固定資產貸款" | "項目貸款" => {
                Ok(Product::FixedAssetLoan)
            }
            "流动资金" | "流资" | "流資" => Ok(Product::WorkingCapitalLoan),
            "银承" | "銀承" => Ok(Product::BankAcceptanceBill),
            other => Product::from_name(other),
        }
    }
}

/// 风险等级 1–4, as seed 004 names them: 一类 安全类, 二类 相对安全类, 三类 风险类, 四类 重点关注类.
/// How often the borrower is visited follows from it (policy).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, specta::Type,
)]
#[serde(try_from = "u8", into = "u8")]
pub struct RiskTier(#[specta(type = u8)] u8);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("risk tier must be 1 to 4, not {0}")]
pub struct InvalidTier(pub i64);

impl RiskTier {
    pub const ALL: [RiskTier; 4] = [RiskTier(1), RiskTier(2), RiskTier(3), RiskTier(4)];

    pub fn new(value: u8) -> Result<RiskTier, InvalidTier> {
        if (1..=4).contains(&value) {
            Ok(RiskTier(value))
        } else {
            Err(InvalidTier(value.into()))
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }

    pub fn label(self, locale: Locale) -> &'static str {
        match self.0 {
            // Seed 004: "一类:安全类…二类:相对安全类…三类:风险类…四类:重点关注类".
            1 => locale.pick("安全类", "安全類", "Safe"),
            2 => locale.pick("相对安全类", "相對安全類", "Relatively safe"),
            3 => locale.pick("风险类", "風險類", "Risk"),
            _ => locale.pick("重点关注类", "重點關注類", "Close watch"),
        }
    }
}

impl TryFrom<u8> for RiskTier {
    type Error = InvalidTier;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        RiskTier::new(value)
    }
}

impl From<RiskTier> for u8 {
    fn from(value: RiskTier) -> Self {
        value.0
    }
}

impl rusqlite::types::ToSql for RiskTier {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::from(i64::from(self.0)))
    }
}

impl rusqlite::types::FromSql for RiskTier {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let v = value.as_i64()?;
        u8::try_from(v)
            .ok()
            .and_then(|v| RiskTier::new(v).ok())
            .ok_or_else(|| rusqlite::types::FromSqlError::Other(Box::new(InvalidTier(v))))
    }
}

/// A field officer (项目经理 / 保后检查人员).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Officer {
    #[specta(type = u32)]
    pub id: OfficerId,
    /// Employee number, unique in the company.
    pub code: String,
    pub name: String,
    pub department: String,
    pub phone: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NewOfficer {
    pub code: String,
    pub name: String,
    pub department: String,
    pub phone: Option<String>,
}

/// The borrower (被担保人 / 借款人), usually a small manufacturing or trading firm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Borrower {
    #[specta(type = u32)]
    pub id: BorrowerId,
    pub name: String,
    /// 统一社会信用代码 (18 characters).
    pub credit_code: Option<String>,
    pub legal_representative: Option<String>,
    pub industry: Option<String>,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    /// Registered site, WGS-84 degrees, kept as exact decimals.
    pub site_latitude: Option<Decimal>,
    pub site_longitude: Option<Decimal>,
    pub employees: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NewBorrower {
    pub name: String,
    pub credit_code: Option<String>,
    pub legal_representative: Option<String>,
    pub industry: Option<String>,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub site_latitude: Option<Decimal>,
    pub site_longitude: Option<Decimal>,
    pub employees: Option<u32>,
}

impl NewBorrower {
    /// A borrower known only by name (and perhaps its credit code), the rest to be completed.
    pub fn named(name: impl Into<String>, credit_code: Option<String>) -> NewBorrower {
        NewBorrower {
            name: name.into(),
            credit_code,
            legal_representative: None,
            industry: None,
            address: None,
            contact_name: None,
            contact_phone: None,
            site_latitude: None,
            site_longitude: None,
            employees: None,
        }
    }
}

/// A guarantee the company has issued (在保项目), with its contract facts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Guarantee {
    #[specta(type = u32)]
    pub id: GuaranteeId,
    /// 委托担保合同编号.
    pub contract_no: String,
    #[specta(type = u32)]
    pub borrower_id: BorrowerId,
    pub lending_bank: String,
    pub product: Product,
    pub amount: Money,
    pub start_date: NaiveDate,
    pub maturity_date: NaiveDate,
    pub risk_tier: RiskTier,
    pub five_level_class: FiveLevelClass,
    pub status: GuaranteeStatus,
    /// A角: the officer responsible.
    #[specta(type = u32)]
    pub officer_a_id: OfficerId,
    /// B角: the backup officer.
    #[specta(type = Option<u32>)]
    pub officer_b_id: Option<OfficerId>,
    /// External credit rating (AA, A+ ...) where the policy varies by it.
    pub credit_rating: Option<String>,
    pub notes: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NewGuarantee {
    pub contract_no: String,
    pub borrower_id: BorrowerId,
    pub lending_bank: String,
    pub product: Product,
    pub amount: Money,
    pub start_date: NaiveDate,
    pub maturity_date: NaiveDate,
    pub risk_tier: RiskTier,
    pub five_level_class: FiveLevelClass,
    pub status: GuaranteeStatus,
    pub officer_a_id: OfficerId,
    pub officer_b_id: Option<OfficerId>,
    pub credit_rating: Option<String>,
    pub notes: Option<String>,
}

/// Why a guarantee's facts cannot be accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GuaranteeInvalid {
    #[error("contract number is empty")]
    EmptyContractNo,
    #[error("lending bank is empty")]
    EmptyBank,
    #[error("amount {0} must be greater than zero")]
    AmountNotPositive(Money),
    #[error("maturity {maturity} is not after start {start}")]
    MaturityNotAfterStart {
        start: NaiveDate,
        maturity: NaiveDate,
    },
    #[error("A角 and B角 are the same officer")]
    SameOfficerTwice,
}

impl NewGuarantee {
    pub fn validate(&self) -> Result<(), GuaranteeInvalid> {
        if self.contract_no.trim().is_empty() {
            return Err(GuaranteeInvalid::EmptyContractNo);
        }
        if self.lending_bank.trim().is_empty() {
            return Err(GuaranteeInvalid::EmptyBank);
        }
        if !self.amount.is_positive() {
            return Err(GuaranteeInvalid::AmountNotPositive(self.amount));
        }
        if self.maturity_date <= self.start_date {
            return Err(GuaranteeInvalid::MaturityNotAfterStart {
                start: self.start_date,
                maturity: self.maturity_date,
            });
        }
        if self.officer_b_id == Some(self.officer_a_id) {
            return Err(GuaranteeInvalid::SameOfficerTwice);
        }
        Ok(())
    }
}

/// A counter-guarantee (反担保): a mortgage, a pledge of goods or rights, or a third-party surety.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct CounterGuarantee {
    #[specta(type = u32)]
    pub id: i64,
    #[specta(type = u32)]
    pub guarantee_id: GuaranteeId,
    pub kind: CounterGuaranteeKind,
    /// What it is: "厂房及土地使用权 (浙(2023)嘉兴市不动产权第0012345号)", "棉纱 200 吨", "实际控制人个人连带责任保证".
    pub description: String,
    /// 抵押人 / 出质人 / 保证人.
    pub provider: String,
    /// Assessed value of the collateral; none for a surety.
    pub collateral_value: Option<Money>,
    /// For pledged goods: the minimum stock (最低库存量) that must stay in the warehouse.
    pub minimum_stock: Option<Decimal>,
    pub stock_unit: Option<String>,
    /// 他项权证 / registration number.
    pub registration_no: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NewCounterGuarantee {
    pub kind: CounterGuaranteeKind,
    pub description: String,
    pub provider: String,
    pub collateral_value: Option<Money>,
    pub minimum_stock: Option<Decimal>,
    pub stock_unit: Option<String>,
    pub registration_no: Option<String>,
}

/// A change of risk tier or five-level class, with the reason given (kept in the 一户一档 history).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ClassificationChange {
    pub changed_on: NaiveDate,
    /// "risk_tier" or "five_level_class".
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub reason: String,
    #[specta(type = Option<u32>)]
    pub officer_id: Option<OfficerId>,
}

/// One line of the portfolio list: what an officer scans to know a guarantee at a glance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct GuaranteeSummary {
    /// Row ids stay far below 2^53, so the UI reads them as plain numbers.
    #[specta(type = u32)]
    pub id: GuaranteeId,
    pub contract_no: String,
    pub borrower_name: String,
    pub lending_bank: String,
    pub product: Product,
    pub amount: Money,
    pub start_date: NaiveDate,
    pub maturity_date: NaiveDate,
    pub risk_tier: RiskTier,
    pub five_level_class: FiveLevelClass,
    pub status: GuaranteeStatus,
    pub officer_a: String,
    pub officer_b: Option<String>,
    pub counter_guarantee_kinds: Vec<CounterGuaranteeKind>,
    /// The last completed on-site visit, if any.
    pub last_on_site_visit: Option<NaiveDate>,
    pub open_signals: u32,
}

/// Counts over the whole portfolio, for the header of the list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct PortfolioTotals {
    pub guarantees: u32,
    pub active: u32,
    /// Sum of the amounts of the active guarantees (在保余额).
    pub active_amount: Money,
    pub by_tier: Vec<TierCount>,
    pub open_signals: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct TierCount {
    pub tier: RiskTier,
    pub count: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> NewGuarantee {
        NewGuarantee {
            contract_no: "WT-2026-001".into(),
            borrower_id: 1,
            lending_bank: "中国工商银行嘉兴分行".into(),
            product: Product::WorkingCapitalLoan,
            amount: "5000000".parse().unwrap(),
            start_date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            maturity_date: NaiveDate::from_ymd_opt(2027, 2, 28).unwrap(),
            risk_tier: RiskTier::new(2).unwrap(),
            five_level_class: FiveLevelClass::Normal,
            status: GuaranteeStatus::Active,
            officer_a_id: 1,
            officer_b_id: Some(2),
            credit_rating: None,
            notes: None,
        }
    }

    #[test]
    fn validation_table() {
        assert_eq!(sample().validate(), Ok(()));
        type Mutation = fn(&mut NewGuarantee);
        let cases: Vec<(Mutation, GuaranteeInvalid)> = vec![
            (
                |g| g.contract_no = " ".into(),
                GuaranteeInvalid::EmptyContractNo,
            ),
            (|g| g.lending_bank = "".into(), GuaranteeInvalid::EmptyBank),
            (
                |g| g.amount = Money::ZERO,
                GuaranteeInvalid::AmountNotPositive(Money::ZERO),
            ),
            (
                |g| g.maturity_date = g.start_date,
                GuaranteeInvalid::MaturityNotAfterStart {
                    start: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                    maturity: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                },
            ),
            (
                |g| g.officer_b_id = Some(1),
                GuaranteeInvalid::SameOfficerTwice,
            ),
        ];
        for (mutate, expected) in cases {
            let mut g = sample();
            mutate(&mut g);
            assert_eq!(g.validate(), Err(expected));
        }
    }

    #[test]
    fn tiers_are_one_to_four() {
        assert!(RiskTier::new(0).is_err());
        assert!(RiskTier::new(5).is_err());
        // Seed 004's names: an officer who reads "风险类" there finds tier 3 here.
        assert_eq!(RiskTier::new(3).unwrap().label(Locale::ZhCn), "风险类");
        assert_eq!(RiskTier::new(4).unwrap().label(Locale::ZhCn), "重点关注类");
        assert!(serde_json::from_str::<RiskTier>("7").is_err());
        assert_eq!(
            serde_json::to_string(&RiskTier::new(4).unwrap()).unwrap(),
            "4"
        );
    }

    #[test]
    fn codes_round_trip_and_unknown_codes_are_named() {
        for p in Product::ALL {
            assert_eq!(Product::from_code(p.code()).unwrap(), *p);
        }
        let err = Product::from_code("mortgage_loan").unwrap_err();
        assert_eq!(err.to_string(), "unknown product code `mortgage_loan`");
        assert_eq!(
            serde_json::to_string(&Product::BankAcceptanceBill).unwrap(),
            "\"bank_acceptance_bill\""
        );
    }
}
