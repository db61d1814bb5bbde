//! The company's post-management policy (保后管理制度) as data: every deadline, interval and
//! threshold the rules apply, read from TOML (`assets/policy/default.toml` ships the defaults of
//! domain.md). Nothing here is a number in code.

use crate::calendar::Period;
use crate::datafile::{self, DataFileError};
use crate::i18n::Locale;
use crate::money::Money;
use crate::portfolio::{CounterGuaranteeKind, Product, RiskTier};
use rust_decimal::Decimal;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

mod kinds;

pub use kinds::{NoticeKind, Severity, TaskKind};

/// The policy shipped with the product.
pub const DEFAULT_POLICY_TOML: &str = include_str!("../../../assets/policy/default.toml");

/// A company's policy.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub policy: PolicyMeta,
    pub first_check: FirstCheck,
    pub periodic: Periodic,
    pub maturity_check: MaturityCheck,
    pub maturity_notice: MaturityNotice,
    pub emergency_check: EmergencyCheck,
    pub report: Report,
    pub quarterly_review: QuarterlyReview,
    pub stock: Stock,
    pub signals: SignalRules,
    pub visit: VisitRules,
    pub after_compensation: AfterCompensation,
    /// The check of a signal below the emergency check's severity; a policy written before it
    /// existed uses the shipped one's.
    #[serde(default)]
    pub signal_check: Option<SignalCheck>,
    /// The signals the records raise by themselves; a policy written before it existed uses the
    /// shipped one's.
    #[serde(default)]
    pub record_signals: Option<RecordSignals>,
    /// The department head's written report up the chain; a policy written before it existed
    /// uses the shipped one's.
    #[serde(default)]
    pub head_report: Option<HeadReport>,
    /// The printed form; a policy written before it existed uses the shipped one's.
    #[serde(default)]
    pub document: Option<DocumentSettings>,
    /// The laptop's locking and retention; a policy written before it existed uses the shipped
    /// one's.
    #[serde(default)]
    pub security: Option<SecuritySettings>,
    /// Notices to the borrower; a policy written before they existed uses the shipped one's.
    #[serde(default)]
    pub notices: Option<Notices>,
    /// Overdue and collection; a policy written before it existed uses the shipped one's.
    #[serde(default)]
    pub collection: Option<Collection>,
    /// The lost-contact search; a policy written before it existed uses the shipped one's.
    #[serde(default)]
    pub lost_contact: Option<LostContact>,
    /// Release and the archive; a policy written before it existed uses the shipped one's.
    #[serde(default)]
    pub release: Option<ReleaseRules>,
    /// Withdrawal proposals; a policy written before it existed uses the shipped one's.
    #[serde(default)]
    pub withdrawal: Option<WithdrawalRules>,
    /// Enforcing the counter-guarantees; a policy written before it existed uses the shipped
    /// one's.
    #[serde(default)]
    pub enforcement: Option<Enforcement>,
    /// Evidence checks (re-used photos); a policy written before it existed uses the shipped
    /// one's.
    #[serde(default)]
    pub evidence: Option<EvidenceRules>,
    /// Today's route (`route`): the office and how fast the officer travels; a policy written
    /// before it existed uses the shipped one's.
    #[serde(default)]
    pub route: Option<RouteSettings>,
    /// 展期: when the application is due and decided; a policy written before it existed uses
    /// the shipped one's.
    #[serde(default)]
    pub extension: Option<ExtensionRules>,
    /// The company's own names for the four tiers, in place of seed 004's (安全类 …).
    #[serde(default)]
    pub tier_names: Option<TierNames>,
}

/// A company's own names for the four tiers (policy `[tier_names]`): Simplified Chinese, and
/// optionally Traditional Chinese and English (a language left out reads the Simplified names,
/// or for English seed 004's in translation).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierNames {
    pub names: [String; 4],
    #[serde(default)]
    pub names_tw: Option<[String; 4]>,
    #[serde(default)]
    pub names_en: Option<[String; 4]>,
}

impl TierNames {
    pub fn label(&self, tier: RiskTier, l: Locale) -> String {
        let i = usize::from(tier.get().clamp(1, 4) - 1);
        match l {
            Locale::ZhCn => self.names[i].clone(),
            Locale::ZhTw => self.names_tw.as_ref().unwrap_or(&self.names)[i].clone(),
            Locale::En => self
                .names_en
                .as_ref()
                .map_or_else(|| tier.label(l).to_owned(), |n| n[i].clone()),
        }
    }
}

/// Today's route (`route`): where the day's visits start and end, and how a leg's distance and
/// time are reckoned from coordinates.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct RouteSettings {
    /// The office, as the printed route names it.
    pub office: String,
    /// The office's place, WGS-84 degrees (as the borrowers' registered sites).
    pub office_latitude: Decimal,
    pub office_longitude: Decimal,
    /// The road distance as a multiple of the straight line between two places.
    pub road_factor: Decimal,
    /// The average speed on the road, km/h.
    pub speed_kmh: u32,
}

/// How the evidence of a visit is checked (`evidence::likeness`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRules {
    /// A new photo this near an earlier one (bits of the 256 of a likeness hash) is the same
    /// picture re-used, and flagged.
    pub photo_reuse_max_distance: u32,
    /// A photo whose camera time is later than the laptop's clock when it was added, by more
    /// than this many minutes, is marked: the camera's clock runs ahead, or the time was
    /// written afterwards.
    pub photo_clock_ahead_minutes: u32,
    /// A photo taken farther than this many metres from the borrower's registered site is
    /// marked with its distance; a visit none of whose located photos is nearer is counted as
    /// far from the site.
    pub site_max_distance_m: u32,
    /// Two sentences are alike when this share of their character pairs is common (Dice,
    /// numbers, spaces and punctuation left out: `evidence::similarity`).
    #[serde(deserialize_with = "de_percent")]
    pub sentence_alike: Decimal,
    /// A text whose sentences alike to the last report's make up this share of it or more is a
    /// near copy: flagged for the officer to confirm or rewrite, and printed for head office.
    #[serde(deserialize_with = "de_percent")]
    pub copied_share: Decimal,
}

/// 执行反担保: the steps each counter-guarantee is worked through, by its kind, once the company
/// has paid the bank or approved a withdrawal.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enforcement {
    pub mortgage: Vec<EnforcementStep>,
    pub pledge: Vec<EnforcementStep>,
    pub surety: Vec<EnforcementStep>,
}

impl Enforcement {
    /// The steps of a counter-guarantee of `kind`, in order.
    pub fn steps(&self, kind: CounterGuaranteeKind) -> &[EnforcementStep] {
        match kind {
            CounterGuaranteeKind::Mortgage => &self.mortgage,
            CounterGuaranteeKind::Pledge => &self.pledge,
            CounterGuaranteeKind::Surety => &self.surety,
        }
    }
}

/// One step of enforcing a counter-guarantee, owed within `within` of the day enforcement began.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnforcementStep {
    pub code: String,
    pub text: String,
    pub within: Period,
}

/// 撤保: when a proposal is owed the general manager's decision.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithdrawalRules {
    pub decision_within: Period,
    /// Once approved, the lending bank is told within this; a policy written before it existed
    /// uses the shipped one's.
    #[serde(default)]
    pub bank_notice_within: Option<Period>,
}

/// 展期: the company's deadlines for an extension (`crate::extension`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtensionRules {
    /// The application is in at least this long before maturity.
    pub apply_before: Period,
    /// The decision is made within this of the application.
    pub decision_within: Period,
}

/// 解保: when the released guarantee's file is due at the archive.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseRules {
    pub archive_within: Period,
    /// The 有权凭证 of a mortgage or pledge go back to the provider within this; a policy
    /// written before it existed uses the shipped one's.
    #[serde(default)]
    pub title_return_within: Option<Period>,
}

/// The width in bits of a photo's likeness (`crate::evidence::likeness`), which bounds
/// `evidence.photo_reuse_max_distance`.
pub const LIKENESS_BITS: u32 = 256;

/// 通知书: when each notice to the borrower is owed.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notices {
    /// 还款提示通知书 before maturity for a loan of at most `short_term_at_most`.
    pub reminder_short_term_before: Period,
    /// … and for a longer one.
    pub reminder_long_term_before: Period,
    pub short_term_at_most: Period,
    /// The first 逾期催收通知书 after the overdue becomes known.
    pub overdue_first_within: Period,
    /// The borrower is asked to pay within this of the overdue notice.
    pub overdue_pay_within: Period,
    /// The signed 回执 is back within this of delivery.
    pub receipt_within: Period,
    /// How often an overdue notice is sent, by overdue balance, largest threshold first.
    pub overdue_every: Vec<BalanceEvery>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BalanceEvery {
    #[serde(deserialize_with = "de_money")]
    pub balance_at_least: Money,
    pub every: Period,
}

/// 逾期催收: buckets and how often the borrower is contacted.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collection {
    /// Upper bounds (days overdue, inclusive) of M1, M2 and M3; beyond the last is M3+.
    pub bucket_days: [u32; 3],
    pub first_contact_within: Period,
    pub follow_up_every: FollowUpEvery,
    pub broken_promise_within: Period,
    /// The signal a broken promise raises (a code of the catalogue).
    pub broken_promise_signal: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpEvery {
    #[serde(rename = "M1")]
    pub m1: Period,
    #[serde(rename = "M2")]
    pub m2: Period,
    #[serde(rename = "M3")]
    pub m3: Period,
    #[serde(rename = "M3+")]
    pub m3_plus: Period,
}

/// 失联查找: the steps worked through when the borrower cannot be reached.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LostContact {
    /// The catalogue's signal for a borrower who cannot be reached.
    pub signal: String,
    pub within: Period,
    pub steps: Vec<SearchStep>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct SearchStep {
    pub code: String,
    pub text: String,
}

/// How the laptop protects what it holds.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct SecuritySettings {
    /// The app locks (the key leaves memory) after this many minutes without use.
    pub idle_lock_minutes: u32,
    /// A released guarantee's borrower is due for removal from the laptop this many days after
    /// the release (once head office holds all its reports; the archive is head office's). A
    /// policy written before this setting existed uses the shipped policy's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released_retention_days: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct PolicyMeta {
    pub name: String,
    /// Recorded on every visit planned under this policy.
    pub version: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirstCheck {
    pub within: Period,
    /// A phone call (电话询问) counts as the first check, as the seeds allow: 000 第五条
    /// "检查方式可实地检查或电话询问"; 003 第四条 "检查方式可为实地检查、电话询问等方式". A company
    /// that wants it on site sets `false`. (The periodic check stays on site: 000 第六条, 003 第五条.)
    #[serde(default = "yes")]
    pub by_phone: bool,
    #[serde(default)]
    pub rule: Vec<WithinRule>,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithinRule {
    pub when: When,
    pub within: Period,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Periodic {
    pub every_by_tier: TierTable,
    #[serde(default)]
    pub written_suggestion_tiers: Vec<RiskTier>,
    #[serde(default)]
    pub rule: Vec<EveryRule>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EveryRule {
    pub when: When,
    pub every: Period,
}

/// One period per risk tier, all four present.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "TierFields")]
pub struct TierTable([Period; 4]);

impl TierTable {
    pub fn get(&self, tier: RiskTier) -> Period {
        self.0[usize::from(tier.get() - 1)]
    }
}

/// The table as written: named fields, so that a key other than 1–4 is refused at its own line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TierFields {
    #[serde(rename = "1")]
    t1: Option<Period>,
    #[serde(rename = "2")]
    t2: Option<Period>,
    #[serde(rename = "3")]
    t3: Option<Period>,
    #[serde(rename = "4")]
    t4: Option<Period>,
}

impl TryFrom<TierFields> for TierTable {
    type Error = &'static str;
    fn try_from(f: TierFields) -> Result<TierTable, Self::Error> {
        match (f.t1, f.t2, f.t3, f.t4) {
            (Some(a), Some(b), Some(c), Some(d)) => Ok(TierTable([a, b, c, d])),
            _ => Err("四个风险等级 1、2、3、4 都要有间隔 (all four tiers need an interval)"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaturityCheck {
    pub before: Period,
    /// An on-site visit this long before the due day, or later, counts as the maturity check.
    pub counts_from: Period,
    #[serde(default)]
    pub rule: Vec<BeforeRule>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BeforeRule {
    pub when: When,
    pub before: Period,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaturityNotice {
    pub before: Period,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmergencyCheck {
    #[serde(deserialize_with = "de_severity")]
    pub min_severity: Severity,
    pub within: Period,
    pub report_within: Period,
}

/// 预警提示检查 (seed 004 ②): a signal below the emergency check's severity is checked on site
/// within `within` of the day it became known.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignalCheck {
    pub within: Period,
}

/// 书面报告总经理 (seed 000): the department head reports a signal of the emergency check's
/// severity to the general manager in writing `within` of the day it was found, a 重大 one
/// `major_within`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadReport {
    pub within: Period,
    pub major_within: Period,
}

/// Signals raised by the records themselves, not on a visit (codes of the catalogue).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordSignals {
    /// Raised the day an overdue the bank reports becomes known.
    pub overdue: String,
    /// Raised when an overdue is still not cleared `long_overdue_after` after it fell due.
    pub long_overdue: String,
    pub long_overdue_after: Period,
    /// Raised when this many collection contacts in a row reached nobody (the borrower cannot
    /// be reached: the lost-contact search follows).
    pub unreachable: String,
    pub unreachable_after: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub within: Period,
    pub urgent_within: Period,
    /// A report returned by head office is corrected and issued again within this; a policy
    /// written before it existed uses the shipped one's.
    #[serde(default)]
    pub returned_within: Option<Period>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuarterlyReview {
    pub within_after_quarter_end: Period,
    #[serde(deserialize_with = "de_day_of_month")]
    pub visit_plan_day: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stock {
    pub check_every: Period,
    /// A change larger than this share (0.20 for "20%") raises a signal.
    #[serde(deserialize_with = "de_percent")]
    pub variance_threshold: Decimal,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignalRules {
    pub wage_arrears_months: u32,
    /// X03 needs this share of the workers interviewed owed wages (seed 000 "发生大面积严重拖欠
    /// 职工工资"); fewer is a fact to note. A policy written before it existed uses the shipped
    /// one's.
    #[serde(default, deserialize_with = "de_opt_percent")]
    pub wage_arrears_share: Option<Decimal>,
    /// W08 also fires on a fall of net cash flow larger than this share against the last
    /// visit's (seed 004 item 8 "净现金流量大量减少或出现负值"). A policy written before it existed
    /// uses the shipped one's.
    #[serde(default, deserialize_with = "de_opt_percent")]
    pub cash_flow_fall: Option<Decimal>,
    pub liabilities_over_assets: bool,
    pub negative_net_cash_flow: bool,
    pub turned_to_loss: bool,
    pub sales_up_profit_down: bool,
}

/// What a visit must hold before it can be confirmed and completed (the guards of seed 001).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitRules {
    /// Words that state no fact by themselves ("正常", "良好", "按规定执行").
    pub formality_phrases: Vec<String>,
    /// A conclusion needs this many characters besides those words, or a figure.
    pub conclusion_min_fact_chars: u32,
    /// Text repeated word for word from the last report is flagged from this many characters on.
    pub copied_min_chars: u32,
    /// Workers an on-site visit interviews at least.
    pub min_worker_interviews: u32,
    /// A photo whose camera time is further than this from the visit day is marked.
    pub photo_time_tolerance: Period,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AfterCompensation {
    pub report_within: Period,
    pub recovery_plan_within: Period,
    pub legal_action_within: Period,
    /// Seed 004 二（三）"在发生代偿的1个工作日内,总经理应向股东会报告". This and the three after it:
    /// a policy written before they existed uses the shipped one's.
    #[serde(default)]
    pub shareholders_within: Option<Period>,
    /// 004 二（四）1 "向被担保人和反担保人发出担保代偿追偿通知书,并附代偿的相关原始凭证复印件".
    #[serde(default)]
    pub recovery_notice_within: Option<Period>,
    /// 004 二（四）3 "公司向法律顾问单位预告担保代偿情况和追偿方案".
    #[serde(default)]
    pub legal_adviser_within: Option<Period>,
    /// 004 二（四）5 "取得工商、税务、政法等相关部门和贷款银行等单位的联系,争取他们的支持和帮助".
    #[serde(default)]
    pub authorities_within: Option<Period>,
    /// 004 二（二）"当银行等主债权人提出代偿要求的当日内,业务部和担保部经理应向总经理报告;总经理立即向
    /// 股东会报告": from the day the bank demands payment. This and the next: a policy written
    /// before they existed uses the shipped one's.
    #[serde(default)]
    pub demand_report_within: Option<Period>,
    /// 004 二（二）"业务部应会同相关部门制定代偿方案,经担保评审委员会审查和总经理审定后报股东会审批".
    #[serde(default)]
    pub compensation_plan_within: Option<Period>,
}

impl AfterCompensation {
    /// Each step owed once the bank demands payment, from the day of the demand: its task, its
    /// period and its key. A period this policy lacks is the shipped policy's.
    pub fn demand_steps(&self) -> Vec<(TaskKind, Period, &'static str)> {
        let shipped = || Policy::builtin().after_compensation;
        let or_shipped = |own: Option<Period>, pick: fn(&AfterCompensation) -> Option<Period>| {
            own.or_else(|| pick(&shipped()))
                .expect("the shipped policy names every step after a demand for payment")
        };
        vec![
            (
                TaskKind::DemandReport,
                or_shipped(self.demand_report_within, |a| a.demand_report_within),
                "after_compensation.demand_report_within",
            ),
            (
                TaskKind::CompensationPlan,
                or_shipped(self.compensation_plan_within, |a| {
                    a.compensation_plan_within
                }),
                "after_compensation.compensation_plan_within",
            ),
        ]
    }

    /// Each step owed after a compensation, in the seed's order: its task, its period from the
    /// day paid and its key. A period this policy lacks is the shipped policy's.
    pub fn steps(&self) -> Vec<(TaskKind, Period, &'static str)> {
        let shipped = || Policy::builtin().after_compensation;
        let or_shipped = |own: Option<Period>, pick: fn(&AfterCompensation) -> Option<Period>| {
            own.or_else(|| pick(&shipped()))
                .expect("the shipped policy names every step after a compensation")
        };
        vec![
            (
                TaskKind::CompensationReport,
                self.report_within,
                "after_compensation.report_within",
            ),
            (
                TaskKind::ShareholderReport,
                or_shipped(self.shareholders_within, |a| a.shareholders_within),
                "after_compensation.shareholders_within",
            ),
            (
                TaskKind::RecoveryPlan,
                self.recovery_plan_within,
                "after_compensation.recovery_plan_within",
            ),
            (
                TaskKind::RecoveryNotice,
                or_shipped(self.recovery_notice_within, |a| a.recovery_notice_within),
                "after_compensation.recovery_notice_within",
            ),
            (
                TaskKind::LegalAdviserNotice,
                or_shipped(self.legal_adviser_within, |a| a.legal_adviser_within),
                "after_compensation.legal_adviser_within",
            ),
            (
                TaskKind::LegalAction,
                self.legal_action_within,
                "after_compensation.legal_action_within",
            ),
            (
                TaskKind::AuthoritiesContact,
                or_shipped(self.authorities_within, |a| a.authorities_within),
                "after_compensation.authorities_within",
            ),
        ]
    }
}

/// The 保后检查表 as printed: who issues it, its numbers, who signs it, and its photos.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentSettings {
    /// The company printed at the head of every report.
    pub company: String,
    /// Report numbers read `{prefix}-{visit date}-{visit}-V{version}`.
    pub number_prefix: String,
    /// Who reviews and signs the paper after the officer (the four-eyes review), in order.
    pub approvers: Vec<String>,
    /// A photo's long edge in the PDF, in pixels (the original stays in the database).
    pub photo_long_edge: u32,
    /// JPEG quality of the photos in the PDF, 1–100.
    pub photo_jpeg_quality: u8,
}

/// The conditions of a rule; all that are given must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, try_from = "RawWhen")]
pub struct When {
    pub tier: Vec<RiskTier>,
    pub product: Vec<Product>,
    /// More than this amount.
    pub amount_above: Option<Money>,
    /// At most this amount.
    pub amount_at_most: Option<Money>,
    /// The borrower's credit rating is one of these (e.g. "AAA", "AA+").
    pub rating: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWhen {
    #[serde(default)]
    tier: Vec<RiskTier>,
    #[serde(default, deserialize_with = "de_products")]
    product: Vec<Product>,
    #[serde(default, deserialize_with = "de_money_opt")]
    amount_above: Option<Money>,
    #[serde(default, deserialize_with = "de_money_opt")]
    amount_at_most: Option<Money>,
    #[serde(default)]
    rating: Vec<String>,
}

impl TryFrom<RawWhen> for When {
    type Error = String;
    fn try_from(r: RawWhen) -> Result<When, String> {
        if let (Some(lo), Some(hi)) = (r.amount_above, r.amount_at_most)
            && lo >= hi
        {
            return Err(format!(
                "amount_above ({lo}) 应小于 amount_at_most ({hi})，否则没有金额能满足"
            ));
        }
        Ok(When {
            tier: r.tier,
            product: r.product,
            amount_above: r.amount_above,
            amount_at_most: r.amount_at_most,
            rating: r.rating.into_iter().map(|s| s.trim().to_owned()).collect(),
        })
    }
}

/// The facts of a guarantee the rules' conditions look at.
#[derive(Clone, Copy, Debug)]
pub struct Subject<'a> {
    pub tier: RiskTier,
    pub product: Product,
    pub amount: Money,
    pub rating: Option<&'a str>,
}

impl When {
    pub fn holds(&self, s: &Subject<'_>) -> bool {
        (self.tier.is_empty() || self.tier.contains(&s.tier))
            && (self.product.is_empty() || self.product.contains(&s.product))
            && self.amount_above.is_none_or(|lo| s.amount > lo)
            && self.amount_at_most.is_none_or(|hi| s.amount <= hi)
            && (self.rating.is_empty()
                || s.rating
                    .is_some_and(|r| self.rating.iter().any(|x| x == r.trim())))
    }
}

/// Which setting of the policy a period came from: its key, shown with every task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chosen {
    pub period: Period,
    /// e.g. `periodic.every_by_tier.3` or `periodic.rule[2]`.
    pub key: PolicyKey,
}

/// A policy key, e.g. `periodic.rule[2]`; written as that text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyKey {
    Plain(&'static str),
    Rule(&'static str, usize),
    Tier(RiskTier),
}

impl Serialize for PolicyKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::fmt::Display for PolicyKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PolicyKey::Plain(k) => f.write_str(k),
            PolicyKey::Rule(section, i) => write!(f, "{section}.rule[{}]", i + 1),
            PolicyKey::Tier(t) => write!(f, "periodic.every_by_tier.{}", t.get()),
        }
    }
}

impl Policy {
    /// The policy shipped with the product.
    /// The shipped policy, read once per process: the accessors fall back to it for every
    /// section a company's older policy lacks, on hot paths (a visit's review, the agenda).
    pub fn builtin() -> Policy {
        static SHIPPED: std::sync::OnceLock<Policy> = std::sync::OnceLock::new();
        SHIPPED
            .get_or_init(|| {
                Policy::from_toml(DEFAULT_POLICY_TOML, "assets/policy/default.toml")
                    .expect("the shipped policy is valid")
            })
            .clone()
    }

    /// Reads a policy; an error names the key and the line.
    pub fn from_toml(text: &str, origin: &str) -> Result<Policy, DataFileError> {
        let policy: Policy = datafile::parse(text, origin)?;
        let err =
            |key: &str, detail: &str| datafile::error_at_key(text, origin, key, detail.into());
        if policy.policy.version.trim().is_empty() {
            return Err(err(
                "policy.version",
                "版本号不能为空 (version must not be empty)",
            ));
        }
        for (t, p) in RiskTier::ALL
            .iter()
            .map(|t| (t, policy.periodic.every_by_tier.get(*t)))
        {
            if period_is_zero(p) {
                return Err(err(
                    &format!("periodic.every_by_tier.{}", t.get()),
                    "定期检查间隔不能为 0 (the interval must be longer than 0)",
                ));
            }
        }
        for (i, r) in policy.periodic.rule.iter().enumerate() {
            if period_is_zero(r.every) {
                return Err(err(
                    &format!("periodic.rule[{}].every", i + 1),
                    "定期检查间隔不能为 0 (the interval must be longer than 0)",
                ));
            }
            // A tier's interval is a 最大间隔期 (seed 004): a rule may shorten it, never
            // lengthen it, for any tier it applies to and on any start day.
            let tiers: &[RiskTier] = if r.when.tier.is_empty() {
                &RiskTier::ALL
            } else {
                &r.when.tier
            };
            if let Some(t) = tiers
                .iter()
                .find(|t| longer(r.every, policy.periodic.every_by_tier.get(**t)))
            {
                return Err(err(
                    &format!("periodic.rule[{}].every", i + 1),
                    &format!(
                        "定期检查间隔不得长于 {} 类的最大间隔期 {}（004：“最大间隔期”）；请用 when.tier 限定适用的风险等级 (a rule may shorten a tier's interval, never lengthen it)",
                        t.get(),
                        policy
                            .periodic
                            .every_by_tier
                            .get(*t)
                            .describe(crate::i18n::Locale::ZhCn)
                    ),
                ));
            }
        }
        if period_is_zero(policy.stock.check_every) {
            return Err(err("stock.check_every", "库存检查频率不能为 0"));
        }
        if !matches!(policy.visit.photo_time_tolerance, Period::Days(_)) {
            return Err(err(
                "visit.photo_time_tolerance",
                "照片时间容差以自然日计，例如 \"1 天\" (give it in calendar days)",
            ));
        }
        if let Some(d) = &policy.document {
            if d.company.trim().is_empty() {
                return Err(err(
                    "document.company",
                    "公司名称不能为空 (the company name is needed)",
                ));
            }
            if d.number_prefix.trim().is_empty()
                || !d.number_prefix.chars().all(|c| c.is_ascii_alphanumeric())
            {
                return Err(err(
                    "document.number_prefix",
                    "编号前缀只能用字母和数字 (letters and digits only)",
                ));
            }
            if !(200..=4000).contains(&d.photo_long_edge) {
                return Err(err(
                    "document.photo_long_edge",
                    "照片长边应在 200 到 4000 像素之间",
                ));
            }
            if !(1..=100).contains(&d.photo_jpeg_quality) {
                return Err(err(
                    "document.photo_jpeg_quality",
                    "JPEG 质量应在 1 到 100 之间",
                ));
            }
        }
        if let Some(ev) = &policy.evidence
            && !(1..LIKENESS_BITS / 2).contains(&ev.photo_reuse_max_distance)
        {
            return Err(err(
                "evidence.photo_reuse_max_distance",
                "照片相似距离应在 1 到 127 之间 (between 1 and 127 bits of 256)",
            ));
        }
        if let Some(route) = &policy.route {
            if route.office_latitude.abs() > Decimal::from(90) {
                return Err(err(
                    "route.office_latitude",
                    "办公地点纬度应在 -90 到 90 之间 (WGS-84 degrees)",
                ));
            }
            if route.office_longitude.abs() > Decimal::from(180) {
                return Err(err(
                    "route.office_longitude",
                    "办公地点经度应在 -180 到 180 之间 (WGS-84 degrees)",
                ));
            }
            if !(1..=200).contains(&route.speed_kmh) {
                return Err(err("route.speed_kmh", "车速应在 1 到 200 公里/小时之间"));
            }
            if route.road_factor < Decimal::ONE || route.road_factor > Decimal::from(3) {
                return Err(err(
                    "route.road_factor",
                    "道路系数应在 1 到 3 之间 (road distance over the straight line)",
                ));
            }
        }
        if let Some(ev) = &policy.evidence {
            if !(1..=1440).contains(&ev.photo_clock_ahead_minutes) {
                return Err(err(
                    "evidence.photo_clock_ahead_minutes",
                    "拍摄时间超前容差应在 1 到 1440 分钟之间 (between 1 and 1440 minutes)",
                ));
            }
            if !(50..=100_000).contains(&ev.site_max_distance_m) {
                return Err(err(
                    "evidence.site_max_distance_m",
                    "距登记地址的距离应在 50 米到 100 公里之间 (between 50 m and 100 km)",
                ));
            }
            let share = |d: Decimal| d > Decimal::new(1, 1) && d <= Decimal::ONE;
            if !share(ev.sentence_alike) {
                return Err(err(
                    "evidence.sentence_alike",
                    "句子相似度应大于 0.1、不超过 1 (above 0.1 and at most 1)",
                ));
            }
            if !share(ev.copied_share) {
                return Err(err(
                    "evidence.copied_share",
                    "报告雷同比例应大于 0.1、不超过 1 (above 0.1 and at most 1)",
                ));
            }
        }
        if let Some(sec) = &policy.security {
            if !(1..=480).contains(&sec.idle_lock_minutes) {
                return Err(err(
                    "security.idle_lock_minutes",
                    "闲置锁定时间应在 1 到 480 分钟之间 (between 1 and 480 minutes)",
                ));
            }
            if sec
                .released_retention_days
                .is_some_and(|d| !(1..=3650).contains(&d))
            {
                return Err(err(
                    "security.released_retention_days",
                    "解保后在本机保留的天数应在 1 到 3650 之间 (between 1 and 3650 days)",
                ));
            }
        }
        if let Some(n) = &policy.notices {
            check_notices(n).map_err(|(key, detail)| err(key, &detail))?;
        }
        if let Some(c) = &policy.collection {
            let [a, b, d] = c.bucket_days;
            if !(0 < a && a < b && b < d) {
                return Err(err(
                    "collection.bucket_days",
                    "逾期分段天数应从小到大且大于 0，如 [30, 60, 90] (increasing, above 0)",
                ));
            }
            let e = &c.follow_up_every;
            if [e.m1, e.m2, e.m3, e.m3_plus]
                .into_iter()
                .any(period_is_zero)
            {
                return Err(err(
                    "collection.follow_up_every",
                    "催收跟进间隔不能为 0 (the interval must be longer than 0)",
                ));
            }
        }
        if let Some(n) = &policy.tier_names {
            let lists = std::iter::once(&n.names)
                .chain(n.names_tw.as_ref())
                .chain(n.names_en.as_ref());
            for names in lists {
                let distinct: std::collections::BTreeSet<&str> =
                    names.iter().map(|s| s.trim()).collect();
                if names.iter().any(|s| s.trim().is_empty()) || distinct.len() != 4 {
                    return Err(err(
                        "tier_names",
                        "四个分类名称都要填写且互不相同 (four names, none empty, all different)",
                    ));
                }
            }
        }
        if policy
            .record_signals
            .as_ref()
            .is_some_and(|r| r.unreachable_after == 0)
        {
            return Err(err(
                "record_signals.unreachable_after",
                "连续未联系上的次数至少为 1 (at least 1 contact)",
            ));
        }
        if let Some(lc) = &policy.lost_contact {
            let mut seen = std::collections::BTreeSet::new();
            for (i, step) in lc.steps.iter().enumerate() {
                if step.code.trim().is_empty() || step.text.trim().is_empty() {
                    return Err(err(
                        &format!("lost_contact.steps[{}]", i + 1),
                        "查找步骤需要代码和说明 (a step needs a code and a text)",
                    ));
                }
                if !seen.insert(step.code.trim()) {
                    return Err(err(
                        &format!("lost_contact.steps[{}]", i + 1),
                        &format!("步骤代码“{}”重复 (codes must differ)", step.code),
                    ));
                }
            }
            if lc.steps.is_empty() {
                return Err(err(
                    "lost_contact.steps",
                    "至少需要一个查找步骤 (at least one step)",
                ));
            }
        }
        if let Some(e) = &policy.enforcement {
            for kind in CounterGuaranteeKind::ALL {
                let section = format!("enforcement.{}", kind.code());
                let steps = e.steps(*kind);
                if steps.is_empty() {
                    return Err(err(
                        &section,
                        "每种反担保至少需要一个执行步骤 (at least one step per kind)",
                    ));
                }
                let mut seen = std::collections::BTreeSet::new();
                for (i, step) in steps.iter().enumerate() {
                    let key = format!("{section}[{}]", i + 1);
                    if step.code.trim().is_empty() || step.text.trim().is_empty() {
                        return Err(err(
                            &key,
                            "执行步骤需要代码和说明 (a step needs a code and a text)",
                        ));
                    }
                    if !seen.insert(step.code.trim()) {
                        return Err(err(
                            &key,
                            &format!("步骤代码“{}”重复 (codes must differ)", step.code),
                        ));
                    }
                }
            }
        }
        if policy.stock.variance_threshold <= Decimal::ZERO {
            return Err(err("stock.variance_threshold", "阈值应大于 0%"));
        }
        Ok(policy)
    }

    pub fn version(&self) -> &str {
        &self.policy.version
    }

    /// The share of workers interviewed owed wages that raises X03: this policy's, or the
    /// shipped policy's when it has none.
    pub fn wage_arrears_share(&self) -> Decimal {
        self.signals.wage_arrears_share.unwrap_or_else(|| {
            Policy::builtin()
                .signals
                .wage_arrears_share
                .expect("the shipped policy has signals.wage_arrears_share")
        })
    }

    /// The fall of net cash flow that raises W08: this policy's, or the shipped policy's.
    pub fn cash_flow_fall(&self) -> Decimal {
        self.signals.cash_flow_fall.unwrap_or_else(|| {
            Policy::builtin()
                .signals
                .cash_flow_fall
                .expect("the shipped policy has signals.cash_flow_fall")
        })
    }

    /// The written report up the chain: this policy's, or the shipped policy's when it has none.
    pub fn head_report(&self) -> HeadReport {
        self.head_report.clone().unwrap_or_else(|| {
            Policy::builtin()
                .head_report
                .expect("the shipped policy has a [head_report] section")
        })
    }

    /// The signals the records raise: this policy's, or the shipped policy's when it has none.
    pub fn record_signals(&self) -> RecordSignals {
        self.record_signals.clone().unwrap_or_else(|| {
            Policy::builtin()
                .record_signals
                .expect("the shipped policy has a [record_signals] section")
        })
    }

    /// The check of a lesser signal: this policy's, or the shipped policy's when it has none.
    pub fn signal_check(&self) -> SignalCheck {
        self.signal_check.clone().unwrap_or_else(|| {
            Policy::builtin()
                .signal_check
                .expect("the shipped policy has a [signal_check] section")
        })
    }

    /// The printed form's settings: this policy's, or the shipped policy's when it has none.
    pub fn document(&self) -> DocumentSettings {
        match &self.document {
            Some(d) => d.clone(),
            None => Policy::builtin()
                .document
                .expect("the shipped policy has a [document] section"),
        }
    }

    /// Today's route: this policy's, or the shipped policy's when it has none.
    pub fn route(&self) -> RouteSettings {
        self.route.clone().unwrap_or_else(|| {
            Policy::builtin()
                .route
                .expect("the shipped policy has a [route] section")
        })
    }

    /// How evidence is checked: the policy's, or the shipped policy's when it has none.
    pub fn evidence(&self) -> EvidenceRules {
        self.evidence.clone().unwrap_or_else(|| {
            Policy::builtin()
                .evidence
                .expect("the shipped policy has an [evidence] section")
        })
    }

    pub fn security(&self) -> SecuritySettings {
        let shipped = || {
            Policy::builtin()
                .security
                .expect("the shipped policy has a [security] section")
        };
        match &self.security {
            Some(s) => SecuritySettings {
                released_retention_days: s
                    .released_retention_days
                    .or_else(|| shipped().released_retention_days),
                ..s.clone()
            },
            None => shipped(),
        }
    }

    /// Days a released guarantee's borrower stays on the laptop after the release.
    /// When notices are owed (the shipped settings where the policy has none).
    pub fn notices(&self) -> Notices {
        self.notices.clone().unwrap_or_else(|| {
            Policy::builtin()
                .notices
                .expect("the shipped policy has a [notices] section")
        })
    }

    /// Overdue buckets and the collection rhythm.
    pub fn collection(&self) -> Collection {
        self.collection.clone().unwrap_or_else(|| {
            Policy::builtin()
                .collection
                .expect("the shipped policy has a [collection] section")
        })
    }

    /// The lost-contact search.
    pub fn lost_contact(&self) -> LostContact {
        self.lost_contact.clone().unwrap_or_else(|| {
            Policy::builtin()
                .lost_contact
                .expect("the shipped policy has a [lost_contact] section")
        })
    }

    /// Release and the archive.
    pub fn release(&self) -> ReleaseRules {
        self.release.clone().unwrap_or_else(|| {
            Policy::builtin()
                .release
                .expect("the shipped policy has a [release] section")
        })
    }

    /// Withdrawal proposals.
    pub fn withdrawal(&self) -> WithdrawalRules {
        self.withdrawal.clone().unwrap_or_else(|| {
            Policy::builtin()
                .withdrawal
                .expect("the shipped policy has a [withdrawal] section")
        })
    }

    /// When the lending bank is told of an approved withdrawal.
    /// When a returned report is owed again: this policy's, or the shipped one's.
    pub fn report_returned_within(&self) -> Period {
        self.report
            .returned_within
            .or_else(|| Policy::builtin().report.returned_within)
            .expect("the shipped policy sets report.returned_within")
    }

    /// A tier's name: the company's (`[tier_names]`), or seed 004's.
    pub fn tier_label(&self, tier: RiskTier, l: Locale) -> String {
        match &self.tier_names {
            Some(n) => n.label(tier, l),
            None => tier.label(l).to_owned(),
        }
    }

    /// 展期: this policy's rules, or the shipped policy's when it has none.
    pub fn extension(&self) -> ExtensionRules {
        self.extension.clone().unwrap_or_else(|| {
            Policy::builtin()
                .extension
                .expect("the shipped policy has an [extension] section")
        })
    }

    /// When the 有权凭证 go back after a release: this policy's, or the shipped one's.
    pub fn release_title_return_within(&self) -> Period {
        self.release()
            .title_return_within
            .or_else(|| {
                Policy::builtin()
                    .release
                    .and_then(|r| r.title_return_within)
            })
            .expect("the shipped policy sets release.title_return_within")
    }

    pub fn withdrawal_bank_notice_within(&self) -> Period {
        self.withdrawal()
            .bank_notice_within
            .or_else(|| {
                Policy::builtin()
                    .withdrawal
                    .and_then(|w| w.bank_notice_within)
            })
            .expect("the shipped policy sets withdrawal.bank_notice_within")
    }

    /// The counter-guarantee enforcement steps.
    pub fn enforcement(&self) -> Enforcement {
        self.enforcement.clone().unwrap_or_else(|| {
            Policy::builtin()
                .enforcement
                .expect("the shipped policy has an [enforcement] section")
        })
    }

    pub fn released_retention_days(&self) -> u32 {
        self.security()
            .released_retention_days
            .expect("the shipped policy sets released_retention_days")
    }

    /// 首次检查 deadline period for a guarantee.
    pub fn first_check_within(&self, s: &Subject<'_>) -> Chosen {
        first_match(&self.first_check.rule, s, "first_check", |r| {
            (&r.when, r.within)
        })
        .unwrap_or(Chosen {
            period: self.first_check.within,
            key: PolicyKey::Plain("first_check.within"),
        })
    }

    /// 定期检查 interval for a guarantee: the first rule that holds, else the tier's.
    pub fn periodic_every(&self, s: &Subject<'_>) -> Chosen {
        first_match(&self.periodic.rule, s, "periodic", |r| (&r.when, r.every)).unwrap_or(Chosen {
            period: self.periodic.every_by_tier.get(s.tier),
            key: PolicyKey::Tier(s.tier),
        })
    }

    /// 到期检查 lead for a guarantee.
    pub fn maturity_check_before(&self, s: &Subject<'_>) -> Chosen {
        first_match(&self.maturity_check.rule, s, "maturity_check", |r| {
            (&r.when, r.before)
        })
        .unwrap_or(Chosen {
            period: self.maturity_check.before,
            key: PolicyKey::Plain("maturity_check.before"),
        })
    }

    pub fn wants_written_suggestion(&self, tier: RiskTier) -> bool {
        self.periodic.written_suggestion_tiers.contains(&tier)
    }
}

fn first_match<R>(
    rules: &[R],
    s: &Subject<'_>,
    section: &'static str,
    parts: impl Fn(&R) -> (&When, Period),
) -> Option<Chosen> {
    rules.iter().enumerate().find_map(|(i, r)| {
        let (when, period) = parts(r);
        when.holds(s).then_some(Chosen {
            period,
            key: PolicyKey::Rule(section, i),
        })
    })
}

/// Whether `a` can end after `b` when both start on the same day: by their numbers when they are
/// counted alike, else by the days they can span (90 天 is longer than 3 个月 from 31 January).
fn longer(a: Period, b: Period) -> bool {
    match (a, b) {
        (Period::Days(x), Period::Days(y))
        | (Period::WorkingDays(x), Period::WorkingDays(y))
        | (Period::Months(x), Period::Months(y))
        | (Period::Years(x), Period::Years(y)) => x > y,
        (Period::Months(x), Period::Years(y)) => x > y.saturating_mul(12),
        (Period::Years(x), Period::Months(y)) => x.saturating_mul(12) > y,
        _ => days_at_most(a) > days_at_least(b),
    }
}

/// The fewest days `p` spans from any start day (a month from 31 January is 28 or 29 days).
fn days_at_least(p: Period) -> i64 {
    span_days(p).0
}

/// The most days `p` spans from any start day; working days are counted with weekends and up to
/// a week of holidays.
fn days_at_most(p: Period) -> i64 {
    span_days(p).1
}

fn span_days(p: Period) -> (i64, i64) {
    match p {
        Period::Days(n) => (n.into(), n.into()),
        Period::WorkingDays(n) => {
            let n = i64::from(n);
            (n, n + 2 * (n / 5 + 1) + 7)
        }
        Period::Months(_) | Period::Years(_) => {
            let months = match p {
                Period::Years(n) => n.saturating_mul(12),
                Period::Months(n) | Period::Days(n) | Period::WorkingDays(n) => n,
            };
            // Every start day of a four-year cycle, leap year included.
            let first = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("a date");
            (0..1461)
                .map(|k| {
                    let d = first + chrono::Days::new(k);
                    (crate::calendar::add_months(d, months) - d).num_days()
                })
                .fold((i64::MAX, i64::MIN), |(lo, hi), n| (lo.min(n), hi.max(n)))
        }
    }
}

fn check_notices(n: &Notices) -> Result<(), (&'static str, String)> {
    let rows = &n.overdue_every;
    if rows.is_empty() {
        return Err((
            "notices.overdue_every",
            "需要至少一档催收频率 (at least one row)".into(),
        ));
    }
    if rows
        .windows(2)
        .any(|w| w[0].balance_at_least <= w[1].balance_at_least)
    {
        return Err((
            "notices.overdue_every",
            "各档逾期余额应从大到小排列 (largest threshold first, each smaller than the one before)"
                .into(),
        ));
    }
    if rows
        .last()
        .is_some_and(|r| r.balance_at_least.is_positive())
    {
        return Err((
            "notices.overdue_every",
            "最后一档应为 balance_at_least = \"0\"，让每笔逾期都有频率 (the last row must start at 0)"
                .into(),
        ));
    }
    if rows.iter().any(|r| period_is_zero(r.every)) {
        return Err((
            "notices.overdue_every",
            "催收通知书的间隔不能为 0 (the interval must be longer than 0)".into(),
        ));
    }
    Ok(())
}

fn period_is_zero(p: Period) -> bool {
    matches!(
        p,
        Period::Days(0) | Period::WorkingDays(0) | Period::Months(0) | Period::Years(0)
    )
}

fn de_severity<'de, D: Deserializer<'de>>(d: D) -> Result<Severity, D::Error> {
    let s = String::deserialize(d)?;
    Severity::from_name(&s).map_err(|_| {
        D::Error::custom(format!(
            "“{s}” 不是预警级别：一般 / 较大 / 重大 (general / significant / major)"
        ))
    })
}

fn de_products<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Product>, D::Error> {
    Vec::<String>::deserialize(d)?
        .iter()
        .map(|s| {
            Product::parse_name(s).map_err(|_| {
                D::Error::custom(format!(
                    "“{s}” 不是担保品种：流动资金贷款 / 银行承兑汇票 / 贸易融资 / 信用证 / 固定资产/项目贷款 / 消费类贷款"
                ))
            })
        })
        .collect()
}

fn de_money<'de, D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
    let s = String::deserialize(d)?;
    s.parse::<Money>()
        .map_err(|_| D::Error::custom(format!("“{s}” 不是金额，如 “5万” 或 “50000”")))
}

fn de_money_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Money>, D::Error> {
    let s = String::deserialize(d)?;
    s.parse::<Money>()
        .map(Some)
        .map_err(|_| D::Error::custom(format!("“{s}” 不是金额，如 “5万” 或 “50000”")))
}

/// "20%" → 0.20.
pub fn parse_percent(s: &str) -> Option<Decimal> {
    let t = s.trim().strip_suffix(['%', '％'])?.trim();
    let v = Decimal::from_str_exact(t).ok()?;
    (v >= Decimal::ZERO).then(|| v / Decimal::ONE_HUNDRED)
}

fn de_percent<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    let s = String::deserialize(d)?;
    parse_percent(&s).ok_or_else(|| D::Error::custom(format!("“{s}” 应写成百分比，如 “20%”")))
}

fn de_opt_percent<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    de_percent(d).map(Some)
}

fn de_day_of_month<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let n = u32::deserialize(d)?;
    if (1..=28).contains(&n) {
        Ok(n)
    } else {
        Err(D::Error::custom(format!(
            "{n} 应为 1–28 日 (a day every month has)"
        )))
    }
}

#[cfg(test)]
mod tests;
