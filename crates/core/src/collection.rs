//! Overdue and collection (逾期与催收): how long a borrower has been overdue and in which bucket
//! (M1, M2, M3, M3+), the repayments received, every contact attempt with what was said, and the
//! promises to pay pinned to an amount and a day (seed 003: 预约还款时间和实际还款时间落实到具体时间点).
//!
//! Everything here is exact: balances in [`Money`], days in calendar dates. The buckets and the
//! rhythm of follow-ups are the policy's ([`crate::policy::Collection`]).

use crate::calendar::Period;
use crate::i18n::Locale;
use crate::i18n::code_enum;
use crate::money::Money;
use crate::policy::Collection;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

code_enum! {
    /// 逾期分段, by days overdue.
    pub enum OverdueBucket: "overdue bucket" {
        M1 = "m1" => ("M1（逾期 1–30 天）", "M1（逾期 1–30 天）", "M1 (1–30 days)"),
        M2 = "m2" => ("M2（逾期 31–60 天）", "M2（逾期 31–60 天）", "M2 (31–60 days)"),
        M3 = "m3" => ("M3（逾期 61–90 天）", "M3（逾期 61–90 天）", "M3 (61–90 days)"),
        M3Plus = "m3_plus" => ("M3+（逾期 90 天以上）", "M3+（逾期 90 天以上）", "M3+ (over 90 days)"),
    }
}

impl OverdueBucket {
    /// The short name, as collectors say it: M1, M2, M3, M3+.
    pub fn short(self) -> &'static str {
        match self {
            OverdueBucket::M1 => "M1",
            OverdueBucket::M2 => "M2",
            OverdueBucket::M3 => "M3",
            OverdueBucket::M3Plus => "M3+",
        }
    }

    /// The bucket of `days` overdue under the policy's bounds (`None` when not overdue).
    pub fn of(days: u32, policy: &Collection) -> Option<OverdueBucket> {
        let [m1, m2, m3] = policy.bucket_days;
        match days {
            0 => None,
            d if d <= m1 => Some(OverdueBucket::M1),
            d if d <= m2 => Some(OverdueBucket::M2),
            d if d <= m3 => Some(OverdueBucket::M3),
            _ => Some(OverdueBucket::M3Plus),
        }
    }

    /// How often the borrower is contacted in this bucket.
    pub fn follow_up_every(self, policy: &Collection) -> Period {
        let e = &policy.follow_up_every;
        match self {
            OverdueBucket::M1 => e.m1,
            OverdueBucket::M2 => e.m2,
            OverdueBucket::M3 => e.m3,
            OverdueBucket::M3Plus => e.m3_plus,
        }
    }
}

/// Days overdue on `as_of` for a payment due on `due_on`: 1 the day after it fell due unpaid.
pub fn days_overdue(due_on: NaiveDate, as_of: NaiveDate) -> u32 {
    u32::try_from((as_of - due_on).num_days().max(0)).unwrap_or(u32::MAX)
}

code_enum! {
    /// How the borrower was contacted.
    pub enum ContactChannel: "contact channel" {
        Phone = "phone" => ("电话", "電話", "Phone call"),
        Sms = "sms" => ("短信", "簡訊", "Text message"),
        Visit = "visit" => ("上门", "上門", "Visit"),
        Meeting = "meeting" => ("约见面谈", "約見面談", "Meeting"),
        Letter = "letter" => ("信函", "信函", "Letter"),
        LawyerLetter = "lawyer_letter" => ("律师函", "律師函", "Lawyer's letter"),
    }
}

code_enum! {
    /// Who was reached.
    pub enum ContactParty: "contact party" {
        Borrower = "borrower" => ("借款人或其法定代表人", "借款人或其法定代表人", "Borrower or its legal representative"),
        Manager = "manager" => ("企业主要管理人员", "企業主要管理人員", "A manager of the firm"),
        Guarantor = "guarantor" => ("反担保人", "反擔保人", "Counter-guarantor"),
        Family = "family" => ("家属", "家屬", "Family"),
        Other = "other" => ("其他知情人", "其他知情人", "Someone else"),
        Nobody = "nobody" => ("未联系上", "未聯繫上", "Nobody reached"),
    }
}

/// What the bank reports as overdue: the day the payment fell due unpaid and how much.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NewOverdue {
    /// The day the principal or interest fell due and was not paid.
    pub due_on: NaiveDate,
    /// The day the company learned of it (the bank's notice); deadlines count from here.
    pub known_on: NaiveDate,
    pub principal: Money,
    pub interest: Money,
    pub note: Option<String>,
}

/// An overdue as recorded, with what has been repaid against it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct Overdue {
    #[specta(type = u32)]
    pub id: i64,
    pub due_on: NaiveDate,
    pub known_on: NaiveDate,
    pub principal: Money,
    pub interest: Money,
    /// Principal and interest overdue, less the repayments received since.
    pub balance: Money,
    /// The day the balance came to nothing.
    pub cleared_on: Option<NaiveDate>,
    pub note: Option<String>,
}

impl Overdue {
    /// Days overdue on `as_of` (up to the day it was cleared).
    pub fn days(&self, as_of: NaiveDate) -> u32 {
        days_overdue(self.due_on, self.cleared_on.map_or(as_of, |c| c.min(as_of)))
    }
}

/// Money the borrower paid the bank, with its voucher (还款凭证).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NewRepayment {
    pub paid_on: NaiveDate,
    pub principal: Money,
    pub interest: Money,
    /// The bank's voucher or transaction number, kept as the evidence.
    pub voucher: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Repayment {
    #[specta(type = u32)]
    pub id: i64,
    pub paid_on: NaiveDate,
    pub principal: Money,
    pub interest: Money,
    pub voucher: Option<String>,
    /// The voucher's scan, once attached. Left out of a release issued before scans were kept,
    /// so its content reads (and digests) as issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan: Option<VoucherScan>,
}

/// The scan of a repayment's voucher (还款凭证复印件), kept byte for byte.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct VoucherScan {
    pub file_name: String,
    /// Lowercase hex SHA-256 of the file as attached.
    pub sha256: String,
    pub size: u32,
}

impl Repayment {
    pub fn total(&self) -> Money {
        sum([self.principal, self.interest])
    }
}

/// A promise to pay: an amount by a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct PromiseToPay {
    pub amount: Money,
    pub by: NaiveDate,
}

/// One contact attempt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NewContact {
    pub at: DateTime<FixedOffset>,
    pub channel: ContactChannel,
    pub party: ContactParty,
    /// The person spoken to (name and role), or the number dialled when nobody answered.
    pub person: Option<String>,
    /// What was said: the reason given for not paying, what was asked, what was agreed.
    pub summary: String,
    pub promise: Option<PromiseToPay>,
}

/// A step of the lost-contact search, done, with what it found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NewSearchStep {
    /// The step's code in the policy's list.
    pub step: String,
    pub done_on: NaiveDate,
    pub finding: String,
}

code_enum! {
    /// Where a promise to pay stands.
    pub enum PromiseState: "promise state" {
        Pending = "pending" => ("待兑现", "待兌現", "Pending"),
        Kept = "kept" => ("已兑现", "已兌現", "Kept"),
        Broken = "broken" => ("未兑现", "未兌現", "Broken"),
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct PromiseStatus {
    pub amount: Money,
    pub by: NaiveDate,
    pub state: PromiseState,
    /// Paid from the day of the promise to its day.
    pub paid: Money,
    /// The day the payments reached the amount.
    pub kept_on: Option<NaiveDate>,
}

/// A contact attempt as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct Contact {
    #[specta(type = u32)]
    pub id: i64,
    pub at: DateTime<FixedOffset>,
    pub channel: ContactChannel,
    pub party: ContactParty,
    pub person: Option<String>,
    pub summary: String,
    pub officer: Option<String>,
    pub promise: Option<PromiseStatus>,
    /// The signal raised when the promise was broken.
    #[specta(type = Option<u32>)]
    pub signal_id: Option<i64>,
}

/// Where a promise made on `made_on` stands on `as_of`, given the repayments received.
pub fn promise_status(
    promise: &PromiseToPay,
    made_on: NaiveDate,
    repayments: &[Repayment],
    as_of: NaiveDate,
) -> PromiseStatus {
    let mut in_time: Vec<&Repayment> = repayments
        .iter()
        .filter(|r| r.paid_on >= made_on && r.paid_on <= promise.by && r.paid_on <= as_of)
        .collect();
    in_time.sort_by_key(|r| (r.paid_on, r.id));
    let mut paid = Money::ZERO;
    let mut kept_on = None;
    for r in in_time {
        paid = sum([paid, r.total()]);
        if kept_on.is_none() && paid >= promise.amount {
            kept_on = Some(r.paid_on);
        }
    }
    let state = if kept_on.is_some() {
        PromiseState::Kept
    } else if as_of > promise.by {
        PromiseState::Broken
    } else {
        PromiseState::Pending
    };
    PromiseStatus {
        amount: promise.amount,
        by: promise.by,
        state,
        paid,
        kept_on,
    }
}

/// A guarantee's collection file: the overdue, the repayments, the contacts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct CollectionFile {
    pub as_of: NaiveDate,
    /// The overdue still open, or the latest one cleared.
    pub overdue: Option<Overdue>,
    pub days_overdue: u32,
    pub bucket: Option<OverdueBucket>,
    /// Principal repaid in all, and what of the amount guaranteed is still outstanding.
    pub principal_repaid: Money,
    pub principal_outstanding: Money,
    pub repayments: Vec<Repayment>,
    /// Newest first.
    pub contacts: Vec<Contact>,
}

/// Sums amounts that are each at most a guarantee's amount (far inside the range).
pub fn sum(amounts: impl IntoIterator<Item = Money>) -> Money {
    amounts
        .into_iter()
        .fold(Money::ZERO, |a, b| a.checked_add(b).unwrap_or(a))
}

/// `a − b`, never below zero.
pub fn less(a: Money, b: Money) -> Money {
    Money::from_yuan((a.yuan() - b.yuan()).max(rust_decimal::Decimal::ZERO)).unwrap_or(Money::ZERO)
}

/// Why an overdue, a repayment or a contact cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CollectionError {
    #[error("the guarantee is released: collection is for money still owed")]
    Closed(crate::portfolio::GuaranteeStatus),
    #[error("an overdue since {0} is still open")]
    AlreadyOverdue(NaiveDate),
    #[error("the day {day} is before the guarantee's start on {start}")]
    BeforeStart {
        what: &'static str,
        day: NaiveDate,
        start: NaiveDate,
    },
    #[error("the day {day} is after today ({today})")]
    InTheFuture {
        what: &'static str,
        day: NaiveDate,
        today: NaiveDate,
    },
    #[error("the bank's notice on {known_on} is before the payment fell due on {due_on}")]
    KnownBeforeDue {
        due_on: NaiveDate,
        known_on: NaiveDate,
    },
    #[error("the amount must be more than zero")]
    NotPositive,
    #[error("{principal} yuan of principal is more than the {outstanding} yuan still outstanding")]
    MoreThanOutstanding {
        principal: Money,
        outstanding: Money,
    },
    #[error("write down what was said (or found)")]
    EmptySummary,
    #[error("a promise to pay needs an amount above zero and a day from {made_on} on, not {by}")]
    BadPromise { made_on: NaiveDate, by: NaiveDate },
    #[error("a promise to pay is made by someone reached, not when nobody was")]
    PromiseFromNobody,
    #[error("repayment {0} is not one of this guarantee's")]
    UnknownRepayment(i64),
    #[error("the voucher of the repayment on {0} has a scan already")]
    ScanAttached(NaiveDate),
}

impl CollectionError {
    pub fn code(&self) -> crate::code::Code {
        match self {
            CollectionError::Closed(_) => crate::code::Code::CollectionClosed,
            CollectionError::AlreadyOverdue(_) => crate::code::Code::AlreadyOverdue,
            CollectionError::BeforeStart { .. } => crate::code::Code::BeforeStart,
            CollectionError::InTheFuture { .. } => crate::code::Code::InTheFuture,
            CollectionError::KnownBeforeDue { .. } => crate::code::Code::KnownBeforeDue,
            CollectionError::NotPositive => crate::code::Code::NotPositive,
            CollectionError::MoreThanOutstanding { .. } => crate::code::Code::MoreThanOutstanding,
            CollectionError::EmptySummary => crate::code::Code::EmptySummary,
            CollectionError::BadPromise { .. } => crate::code::Code::BadPromise,
            CollectionError::PromiseFromNobody => crate::code::Code::PromiseFromNobody,
            CollectionError::UnknownRepayment(_) => crate::code::Code::UnknownRepayment,
            CollectionError::ScanAttached(_) => crate::code::Code::ScanAttached,
        }
    }
}

/// Checks an overdue against the guarantee and the day it is recorded.
pub fn check_overdue(
    start: NaiveDate,
    o: &NewOverdue,
    today: NaiveDate,
) -> Result<(), CollectionError> {
    if o.due_on < start {
        return Err(CollectionError::BeforeStart {
            what: "due_on",
            day: o.due_on,
            start,
        });
    }
    if o.known_on < o.due_on {
        return Err(CollectionError::KnownBeforeDue {
            due_on: o.due_on,
            known_on: o.known_on,
        });
    }
    if o.known_on > today {
        return Err(CollectionError::InTheFuture {
            what: "known_on",
            day: o.known_on,
            today,
        });
    }
    if !sum([o.principal, o.interest]).is_positive() {
        return Err(CollectionError::NotPositive);
    }
    Ok(())
}

/// Checks a repayment: positive, not before the start, not in the future, and no more principal
/// than is still outstanding of the amount guaranteed.
pub fn check_repayment(
    start: NaiveDate,
    outstanding: Money,
    r: &NewRepayment,
    today: NaiveDate,
) -> Result<(), CollectionError> {
    if !sum([r.principal, r.interest]).is_positive() {
        return Err(CollectionError::NotPositive);
    }
    if r.paid_on < start {
        return Err(CollectionError::BeforeStart {
            what: "paid_on",
            day: r.paid_on,
            start,
        });
    }
    if r.paid_on > today {
        return Err(CollectionError::InTheFuture {
            what: "paid_on",
            day: r.paid_on,
            today,
        });
    }
    if r.principal > outstanding {
        return Err(CollectionError::MoreThanOutstanding {
            principal: r.principal,
            outstanding,
        });
    }
    Ok(())
}

/// Checks a contact attempt.
pub fn check_contact(c: &NewContact, today: NaiveDate) -> Result<(), CollectionError> {
    if c.summary.trim().is_empty() {
        return Err(CollectionError::EmptySummary);
    }
    let made_on = c.at.date_naive();
    if made_on > today {
        return Err(CollectionError::InTheFuture {
            what: "at",
            day: made_on,
            today,
        });
    }
    if let Some(p) = &c.promise {
        if c.party == ContactParty::Nobody {
            return Err(CollectionError::PromiseFromNobody);
        }
        if !p.amount.is_positive() || p.by < made_on {
            return Err(CollectionError::BadPromise { made_on, by: p.by });
        }
    }
    Ok(())
}

pub fn collection_message(e: &crate::collection::CollectionError, l: Locale) -> String {
    use crate::collection::CollectionError as E;
    if l == Locale::En {
        return e.to_string();
    }
    let t = |cn: String, tw: String| if l == Locale::ZhTw { tw } else { cn };
    let yuan = |m: &crate::money::Money| format!("{} 元", m.grouped());
    match e {
        E::Closed(_) => t(
            "这笔担保已解保，不再登记逾期、还款或催收。".into(),
            "這筆擔保已解保，不再登記逾期、還款或催收。".into(),
        ),
        E::AlreadyOverdue(d) => t(
            format!("这笔担保 {d} 起的逾期尚未结清，还款请登记在这笔逾期下。"),
            format!("這筆擔保 {d} 起的逾期尚未結清，還款請登記在這筆逾期下。"),
        ),
        E::BeforeStart { day, start, .. } => t(
            format!("日期 {day} 早于担保起始日 {start}。"),
            format!("日期 {day} 早於擔保起始日 {start}。"),
        ),
        E::InTheFuture { day, today, .. } => t(
            format!("日期 {day} 晚于今天（{today}），只能登记已经发生的事。"),
            format!("日期 {day} 晚於今天（{today}），只能登記已經發生的事。"),
        ),
        E::KnownBeforeDue { due_on, known_on } => t(
            format!("获知日 {known_on} 早于应还款日 {due_on}：逾期只能在应还日之后获知。"),
            format!("獲知日 {known_on} 早於應還款日 {due_on}：逾期只能在應還日之後獲知。"),
        ),
        E::NotPositive => t(
            "本金与利息合计应大于 0。".into(),
            "本金與利息合計應大於 0。".into(),
        ),
        E::MoreThanOutstanding {
            principal,
            outstanding,
        } => t(
            format!(
                "还款本金 {} 超过尚未归还的本金 {}（担保金额减去已登记的还款）。",
                yuan(principal),
                yuan(outstanding)
            ),
            format!(
                "還款本金 {} 超過尚未歸還的本金 {}（擔保金額減去已登記的還款）。",
                yuan(principal),
                yuan(outstanding)
            ),
        ),
        E::EmptySummary => t(
            "请写明沟通内容或查找结果。".into(),
            "請寫明溝通內容或查找結果。".into(),
        ),
        E::BadPromise { made_on, by } => t(
            format!("承诺还款需要大于 0 的金额，日期不能早于联系日 {made_on}（填的是 {by}）。"),
            format!("承諾還款需要大於 0 的金額，日期不能早於聯繫日 {made_on}（填的是 {by}）。"),
        ),
        E::PromiseFromNobody => t(
            "未联系上任何人时不能登记承诺还款。".into(),
            "未聯繫上任何人時不能登記承諾還款。".into(),
        ),
        E::UnknownRepayment(id) => t(
            format!("还款记录 {id} 不属于这笔担保。"),
            format!("還款記錄 {id} 不屬於這筆擔保。"),
        ),
        E::ScanAttached(day) => t(
            format!("{day} 的还款凭证已附扫描件，不能替换。"),
            format!("{day} 的還款憑證已附掃描件，不能替換。"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Policy;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn yuan(s: &str) -> Money {
        s.parse().unwrap()
    }

    fn repayment(id: i64, paid_on: NaiveDate, principal: &str, interest: &str) -> Repayment {
        Repayment {
            scan: None,
            id,
            paid_on,
            principal: yuan(principal),
            interest: yuan(interest),
            voucher: None,
        }
    }

    #[test]
    fn buckets_follow_the_days_overdue_on_real_dates() {
        let policy = Policy::builtin().collection();
        // Due on Sat 2026-01-31 (a month end) and unpaid.
        let due = d(2026, 1, 31);
        let table = [
            (d(2026, 1, 31), 0, None),
            (d(2026, 2, 1), 1, Some(OverdueBucket::M1)),
            // 30 days later, across the Spring Festival: still M1.
            (d(2026, 3, 2), 30, Some(OverdueBucket::M1)),
            (d(2026, 3, 3), 31, Some(OverdueBucket::M2)),
            (d(2026, 4, 1), 60, Some(OverdueBucket::M2)),
            (d(2026, 4, 2), 61, Some(OverdueBucket::M3)),
            (d(2026, 5, 1), 90, Some(OverdueBucket::M3)),
            (d(2026, 5, 2), 91, Some(OverdueBucket::M3Plus)),
            (d(2027, 1, 31), 365, Some(OverdueBucket::M3Plus)),
        ];
        for (as_of, days, bucket) in table {
            assert_eq!(days_overdue(due, as_of), days, "{as_of}");
            assert_eq!(OverdueBucket::of(days, &policy), bucket, "{as_of}");
        }
        // A leap year's February counts its 29th.
        assert_eq!(days_overdue(d(2028, 2, 1), d(2028, 3, 2)), 30);
    }

    #[test]
    fn a_promise_is_kept_by_payments_between_its_day_and_its_date_to_the_fen() {
        let promise = PromiseToPay {
            amount: yuan("50000.00"),
            by: d(2026, 11, 30),
        };
        let made = d(2026, 11, 20);
        let before = repayment(1, d(2026, 11, 19), "40000", "0");
        let part = repayment(2, d(2026, 11, 25), "30000", "0");
        let rest_short = repayment(3, d(2026, 11, 30), "19999.99", "0");
        let last_fen = repayment(4, d(2026, 11, 30), "0", "0.01");
        let late = repayment(5, d(2026, 12, 1), "50000", "0");

        let s = promise_status(&promise, made, std::slice::from_ref(&part), d(2026, 11, 28));
        assert_eq!((s.state, s.paid), (PromiseState::Pending, yuan("30000")));

        // A payment before the promise does not keep it; one after its day neither.
        let s = promise_status(
            &promise,
            made,
            &[before, part.clone(), rest_short.clone(), late],
            d(2026, 12, 2),
        );
        assert_eq!(s.state, PromiseState::Broken);
        assert_eq!(s.paid, yuan("49999.99"));

        let s = promise_status(
            &promise,
            made,
            &[last_fen, part, rest_short],
            d(2026, 12, 2),
        );
        assert_eq!(s.state, PromiseState::Kept);
        assert_eq!(s.paid, yuan("50000.00"));
        assert_eq!(s.kept_on, Some(d(2026, 11, 30)));
    }

    #[test]
    fn bad_entries_are_refused_with_their_reason() {
        let start = d(2026, 3, 1);
        let today = d(2026, 11, 23);
        let overdue = NewOverdue {
            due_on: d(2026, 10, 21),
            known_on: d(2026, 10, 23),
            principal: yuan("100000"),
            interest: yuan("1234.56"),
            note: None,
        };
        assert_eq!(check_overdue(start, &overdue, today), Ok(()));
        let early = NewOverdue {
            due_on: d(2026, 2, 28),
            ..overdue.clone()
        };
        assert!(matches!(
            check_overdue(start, &early, today),
            Err(CollectionError::BeforeStart { .. })
        ));
        let known_first = NewOverdue {
            known_on: d(2026, 10, 20),
            ..overdue.clone()
        };
        assert!(matches!(
            check_overdue(start, &known_first, today),
            Err(CollectionError::KnownBeforeDue { .. })
        ));
        let nothing = NewOverdue {
            principal: Money::ZERO,
            interest: Money::ZERO,
            ..overdue
        };
        assert_eq!(
            check_overdue(start, &nothing, today),
            Err(CollectionError::NotPositive)
        );

        let r = NewRepayment {
            paid_on: d(2026, 11, 2),
            principal: yuan("300000.01"),
            interest: Money::ZERO,
            voucher: None,
        };
        assert_eq!(
            check_repayment(start, yuan("300000"), &r, today),
            Err(CollectionError::MoreThanOutstanding {
                principal: yuan("300000.01"),
                outstanding: yuan("300000"),
            })
        );
        let exact = NewRepayment {
            principal: yuan("300000"),
            ..r
        };
        assert_eq!(
            check_repayment(start, yuan("300000"), &exact, today),
            Ok(())
        );

        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        let nobody = NewContact {
            at: at("2026-11-23T10:00:00+08:00"),
            channel: ContactChannel::Phone,
            party: ContactParty::Nobody,
            person: Some("138 0000 0000".into()),
            summary: "关机".into(),
            promise: Some(PromiseToPay {
                amount: yuan("1"),
                by: today,
            }),
        };
        assert_eq!(
            check_contact(&nobody, today),
            Err(CollectionError::PromiseFromNobody)
        );
        let backwards = NewContact {
            party: ContactParty::Borrower,
            promise: Some(PromiseToPay {
                amount: yuan("1"),
                by: d(2026, 11, 22),
            }),
            ..nobody.clone()
        };
        assert!(matches!(
            check_contact(&backwards, today),
            Err(CollectionError::BadPromise { .. })
        ));
        let blank = NewContact {
            summary: "  ".into(),
            promise: None,
            ..nobody
        };
        assert_eq!(
            check_contact(&blank, today),
            Err(CollectionError::EmptySummary)
        );
    }

    proptest! {
        /// Whatever the payments, a promise is kept exactly when the payments in its span reach
        /// its amount, and what is counted as paid is their exact sum.
        #[test]
        fn kept_exactly_when_the_payments_in_time_reach_the_amount(
            amount_fen in 1i64..10_000_000,
            payments in proptest::collection::vec((0i64..20, 0i64..5_000_000), 0..8),
        ) {
            let made = d(2026, 11, 1);
            let promise = PromiseToPay { amount: Money::from_fen(amount_fen).unwrap(), by: d(2026, 11, 10) };
            let repayments: Vec<Repayment> = payments
                .iter()
                .enumerate()
                .map(|(i, (day, fen))| Repayment {
                    scan: None,
                    id: i as i64,
                    paid_on: d(2026, 10, 28) + chrono::Days::new(*day as u64),
                    principal: Money::from_fen(*fen).unwrap(),
                    interest: Money::ZERO,
                    voucher: None,
                })
                .collect();
            let in_time: i64 = repayments
                .iter()
                .filter(|r| r.paid_on >= made && r.paid_on <= promise.by)
                .map(|r| r.principal.to_fen().unwrap())
                .sum();
            let s = promise_status(&promise, made, &repayments, d(2026, 12, 1));
            prop_assert_eq!(s.paid.to_fen().unwrap(), in_time);
            prop_assert_eq!(s.state == PromiseState::Kept, in_time >= amount_fen);
            prop_assert_eq!(s.state == PromiseState::Broken, in_time < amount_fen);
        }
    }
}
