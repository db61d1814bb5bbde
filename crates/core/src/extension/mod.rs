//! 展期 (extension): the borrower applies before maturity (seed 003 第六条 "需续贷、转贷和展期的，
//! 要求在贷款到期15天前…按照正常程序进行申报"; 003 "客户在借款前30[天]提交贷款展期申请书，并由有权人
//! 审批后，签订贷款展期合同"), the one with authority decides, and an extension is granted only once
//! all interest is paid (004 第二十五条 "在收回全部贷款利息后方可为其办理展期手续"). Once approved the
//! guarantee's maturity is the new one and every task that runs from maturity is planned anew.

mod store;

use crate::calendar::Period;
use crate::i18n::{Locale, code_enum};
pub use crate::policy::ExtensionRules;
use crate::portfolio::{Guarantee, GuaranteeId, GuaranteeStatus};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum! {
    /// The decision on an application.
    pub enum ExtensionDecision: "extension decision" {
        Approved = "approved" => ("同意展期", "同意展期", "Approved"),
        Rejected = "rejected" => ("不同意展期", "不同意展期", "Rejected"),
    }
}

/// The borrower's application (贷款展期申请书).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NewExtension {
    pub applied_on: NaiveDate,
    /// The maturity asked for.
    pub new_maturity: NaiveDate,
    /// Why: what the borrower's application gives and what the officer found.
    pub reason: String,
}

/// The decision as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ExtensionVerdict {
    pub decision: ExtensionDecision,
    pub on: NaiveDate,
    /// Who decided (有权人).
    pub by: String,
    /// For an approval: the day all interest was paid up to (004 第二十五条).
    pub interest_paid_on: Option<NaiveDate>,
    pub note: Option<String>,
}

/// An application and, once made, its decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Extension {
    #[specta(type = u32)]
    pub id: i64,
    #[specta(type = u32)]
    pub guarantee_id: GuaranteeId,
    pub applied_on: NaiveDate,
    /// The maturity before the extension.
    pub original_maturity: NaiveDate,
    pub new_maturity: NaiveDate,
    pub reason: String,
    pub verdict: Option<ExtensionVerdict>,
}

/// Why an extension cannot be applied for or decided.
#[derive(Debug, thiserror::Error)]
pub enum ExtensionError {
    /// The store failed underneath (a file, a disk, a lock).
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("the guarantee is {0}: only an active guarantee is extended")]
    NotActive(GuaranteeStatus),
    #[error("applied on {applied_on}, after {latest}, {before} before the maturity {maturity}")]
    TooLate {
        applied_on: NaiveDate,
        latest: NaiveDate,
        maturity: NaiveDate,
        before: String,
    },
    #[error("the new maturity {new_maturity} is not after the maturity {maturity}")]
    NotLater {
        new_maturity: NaiveDate,
        maturity: NaiveDate,
    },
    #[error("the application of {0} still awaits its decision")]
    Pending(NaiveDate),
    #[error("an application needs its reason")]
    NoReason,
    #[error("the day {day} is after today ({today})")]
    InTheFuture { day: NaiveDate, today: NaiveDate },
    #[error("no application awaits a decision")]
    NothingPending,
    #[error("the decision on {on} is before the application on {applied_on}")]
    BeforeApplication {
        on: NaiveDate,
        applied_on: NaiveDate,
    },
    #[error("interest is unpaid: the overdue since {0} is still open")]
    InterestUnpaid(NaiveDate),
    #[error("an approval needs the day all interest was paid up to")]
    InterestNotConfirmed,
    #[error("the decision needs who made it")]
    NoDecider,
}

impl From<rusqlite::Error> for ExtensionError {
    fn from(e: rusqlite::Error) -> Self {
        ExtensionError::Store(e.into())
    }
}

impl ExtensionError {
    pub fn code(&self) -> crate::code::Code {
        use crate::code::Code;
        match self {
            ExtensionError::Store(e) => e.code(),
            ExtensionError::NotActive(_) => Code::ExtensionNotActive,
            ExtensionError::TooLate { .. } => Code::ExtensionTooLate,
            ExtensionError::NotLater { .. } => Code::ExtensionNotLater,
            ExtensionError::Pending(_) => Code::ExtensionPending,
            ExtensionError::NoReason => Code::ExtensionNoReason,
            ExtensionError::InTheFuture { .. } => Code::InTheFuture,
            ExtensionError::NothingPending => Code::ExtensionNothingPending,
            ExtensionError::BeforeApplication { .. } => Code::ExtensionBeforeApplication,
            ExtensionError::InterestUnpaid(_) | ExtensionError::InterestNotConfirmed => {
                Code::ExtensionInterestUnpaid
            }
            ExtensionError::NoDecider => Code::ExtensionNoDecider,
        }
    }
}

/// Whether the application can be made on guarantee `g`, by the company's rules, on `today`.
pub fn check_application(
    g: &Guarantee,
    e: &NewExtension,
    rules: &ExtensionRules,
    calendar: &crate::calendar::WorkCalendar,
    today: NaiveDate,
) -> Result<(), ExtensionError> {
    if g.status != GuaranteeStatus::Active {
        return Err(ExtensionError::NotActive(g.status));
    }
    if e.reason.trim().is_empty() {
        return Err(ExtensionError::NoReason);
    }
    if e.applied_on > today {
        return Err(ExtensionError::InTheFuture {
            day: e.applied_on,
            today,
        });
    }
    if e.new_maturity <= g.maturity_date {
        return Err(ExtensionError::NotLater {
            new_maturity: e.new_maturity,
            maturity: g.maturity_date,
        });
    }
    let latest = latest_application(g.maturity_date, rules, calendar);
    if e.applied_on > latest {
        return Err(ExtensionError::TooLate {
            applied_on: e.applied_on,
            latest,
            maturity: g.maturity_date,
            before: rules.apply_before.describe(Locale::ZhCn),
        });
    }
    Ok(())
}

/// The last day an application is in time: `apply_before` before maturity, or, where that is a
/// day off, the last working day before it (as every "at least N days before" deadline).
pub fn latest_application(
    maturity: NaiveDate,
    rules: &ExtensionRules,
    calendar: &crate::calendar::WorkCalendar,
) -> NaiveDate {
    let mut day = rules.apply_before.before(
        maturity,
        calendar,
        &mut crate::calendar::CalendarGaps::default(),
    );
    if !matches!(rules.apply_before, Period::WorkingDays(_)) {
        while !calendar.is_working_day(day) {
            match day.pred_opt() {
                Some(d) => day = d,
                None => break,
            }
        }
    }
    day
}

pub fn extension_message(e: &ExtensionError, l: Locale) -> String {
    use ExtensionError as E;
    if l == Locale::En && !matches!(e, E::Store(_)) {
        return e.to_string();
    }
    let t = |cn: String, tw: String| if l == Locale::ZhTw { tw } else { cn };
    match e {
        E::Store(e) => crate::store::messages::store_message(e, l),
        E::NotActive(s) => t(
            format!("这笔担保的状态是“{}”，只有在保的担保才能展期。", s.label(l)),
            format!(
                "這筆擔保的狀態是「{}」，只有在保的擔保才能展期。",
                s.label(l)
            ),
        ),
        E::TooLate {
            applied_on,
            latest,
            maturity,
            before,
        } => t(
            format!(
                "展期申请应在到期日 {maturity} 前 {before}提交，即不晚于 {latest}；{applied_on} 已逾期，请按续贷或逾期处理。"
            ),
            format!(
                "展期申請應在到期日 {maturity} 前 {before}提交，即不晚於 {latest}；{applied_on} 已逾期，請按續貸或逾期處理。"
            ),
        ),
        E::NotLater {
            new_maturity,
            maturity,
        } => t(
            format!("展期后的到期日 {new_maturity} 应晚于原到期日 {maturity}。"),
            format!("展期後的到期日 {new_maturity} 應晚於原到期日 {maturity}。"),
        ),
        E::Pending(d) => t(
            format!("{d} 的展期申请尚未审批，不能重复申请。"),
            format!("{d} 的展期申請尚未審批，不能重複申請。"),
        ),
        E::NoReason => t("请写明展期理由。".into(), "請寫明展期理由。".into()),
        E::InTheFuture { day, today } => t(
            format!("日期 {day} 晚于今天（{today}）。"),
            format!("日期 {day} 晚於今天（{today}）。"),
        ),
        E::NothingPending => t(
            "没有待审批的展期申请。".into(),
            "沒有待審批的展期申請。".into(),
        ),
        E::BeforeApplication { on, applied_on } => t(
            format!("审批日 {on} 早于申请日 {applied_on}。"),
            format!("審批日 {on} 早於申請日 {applied_on}。"),
        ),
        E::InterestUnpaid(since) => t(
            format!("{since} 起的逾期尚未结清：收回全部贷款利息后方可办理展期。"),
            format!("{since} 起的逾期尚未結清：收回全部貸款利息後方可辦理展期。"),
        ),
        E::InterestNotConfirmed => t(
            "同意展期须填写利息结清日：收回全部贷款利息后方可办理展期。".into(),
            "同意展期須填寫利息結清日：收回全部貸款利息後方可辦理展期。".into(),
        ),
        E::NoDecider => t(
            "请填写审批人（有权人）。".into(),
            "請填寫審批人（有權人）。".into(),
        ),
    }
}
