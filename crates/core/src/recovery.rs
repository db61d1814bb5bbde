//! Compensation (代偿) and recovery (追偿): what the company paid the bank for a guarantee in
//! default, what it has recovered since, and what is still owed to it, to the 分.
//!
//! A compensation is refused for a guarantee that is not active, before the guarantee began, or
//! for a principal above the amount guaranteed; a recovery is refused before the compensation
//! or above what is still owed (an over-recovery is a mistake, not a credit).

use crate::i18n::Locale;
use crate::i18n::code_enum;
use crate::money::Money;
use crate::portfolio::{Guarantee, GuaranteeStatus};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

code_enum! {
    /// Where recovered money came from.
    pub enum RecoverySource: "recovery source" {
        Borrower = "borrower" => ("借款人还款", "借款人還款", "Borrower"),
        Guarantor = "guarantor" => ("反担保保证人", "反擔保保證人", "Counter-guarantor"),
        Collateral = "collateral" => ("处置抵（质）押物", "處置抵（質）押物", "Collateral sold"),
        Court = "court" => ("法院执行", "法院執行", "Court enforcement"),
        Other = "other" => ("其他", "其他", "Other"),
    }
}

/// The payment to the bank.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NewCompensation {
    pub paid_on: NaiveDate,
    pub principal: Money,
    pub interest: Money,
    /// The bank's or the payment's reference.
    pub reference: Option<String>,
}

/// The bank's demand that the company pay (代偿要求), the day it came, before anything is paid:
/// it starts seed 004 二（二）'s same-day report and the 代偿方案.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NewCompensationDemand {
    pub demanded_on: NaiveDate,
    /// What the bank asks the company to pay.
    pub amount: Money,
    /// The bank's letter or notice, its number, who brought it.
    pub reference: Option<String>,
}

/// Money received against the compensation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NewRecovery {
    pub received_on: NaiveDate,
    pub amount: Money,
    pub source: RecoverySource,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct Recovery {
    #[specta(type = u32)]
    pub id: i64,
    pub received_on: NaiveDate,
    pub amount: Money,
    pub source: RecoverySource,
    pub note: Option<String>,
}

/// A compensated guarantee's account: paid, recovered, still owed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct RecoveryAccount {
    pub paid_on: NaiveDate,
    pub principal: Money,
    pub interest: Money,
    /// Principal and interest paid to the bank.
    pub compensated: Money,
    pub recovered: Money,
    /// `compensated − recovered`, never below zero.
    pub outstanding: Money,
    pub recoveries: Vec<Recovery>,
}

impl RecoveryAccount {
    /// The account of a compensation and the recoveries against it (in any order).
    pub fn new(compensation: &NewCompensation, mut recoveries: Vec<Recovery>) -> RecoveryAccount {
        recoveries.sort_by_key(|r| (r.received_on, r.id));
        let compensated = add(compensation.principal, compensation.interest);
        let recovered = recoveries
            .iter()
            .fold(Money::ZERO, |sum, r| add(sum, r.amount));
        RecoveryAccount {
            paid_on: compensation.paid_on,
            principal: compensation.principal,
            interest: compensation.interest,
            compensated,
            recovered,
            outstanding: sub(compensated, recovered),
            recoveries,
        }
    }

    /// Whether a receipt can be recorded against this account.
    pub fn check(&self, r: &NewRecovery) -> Result<(), RecoveryError> {
        if !r.amount.is_positive() {
            return Err(RecoveryError::NotPositive(r.amount));
        }
        if r.received_on < self.paid_on {
            return Err(RecoveryError::BeforeCompensation {
                received_on: r.received_on,
                paid_on: self.paid_on,
            });
        }
        if r.amount > self.outstanding {
            return Err(RecoveryError::MoreThanOwed {
                amount: r.amount,
                outstanding: self.outstanding,
            });
        }
        Ok(())
    }
}

fn add(a: Money, b: Money) -> Money {
    // Both are at most a guarantee's amount; their sum stays far inside the range.
    a.checked_add(b).unwrap_or(a)
}

fn sub(a: Money, b: Money) -> Money {
    let d = a.yuan() - b.yuan();
    Money::from_yuan(d.max(rust_decimal::Decimal::ZERO)).unwrap_or(Money::ZERO)
}

/// Why a compensation or a recovery cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecoveryError {
    #[error("the guarantee is {0}, not active: only an active guarantee is compensated")]
    NotActive(GuaranteeStatus),
    #[error("the guarantee was compensated on {0} already")]
    AlreadyCompensated(NaiveDate),
    #[error("the payment on {paid_on} is before the guarantee began on {start}")]
    BeforeStart {
        paid_on: NaiveDate,
        start: NaiveDate,
    },
    #[error("the principal {principal} is more than the {guaranteed} guaranteed")]
    PrincipalAboveGuaranteed { principal: Money, guaranteed: Money },
    #[error("an amount must be greater than zero, not {0}")]
    NotPositive(Money),
    #[error("the guarantee has not been compensated")]
    NotCompensated,
    #[error("the receipt on {received_on} is before the compensation on {paid_on}")]
    BeforeCompensation {
        received_on: NaiveDate,
        paid_on: NaiveDate,
    },
    #[error("{amount} is more than the {outstanding} still owed")]
    MoreThanOwed { amount: Money, outstanding: Money },
    #[error("the bank's demand for payment was recorded already, on {0}")]
    AlreadyDemanded(NaiveDate),
    #[error("the demand on {demanded_on} is before the guarantee began on {start}")]
    DemandBeforeStart {
        demanded_on: NaiveDate,
        start: NaiveDate,
    },
    #[error("the day {day} is after today ({today})")]
    InTheFuture { day: NaiveDate, today: NaiveDate },
}

impl RecoveryError {
    pub fn code(&self) -> crate::code::Code {
        match self {
            RecoveryError::NotActive(_) => crate::code::Code::CompensationNotActive,
            RecoveryError::AlreadyCompensated(_) => crate::code::Code::CompensationTwice,
            RecoveryError::BeforeStart { .. } => crate::code::Code::CompensationBeforeStart,
            RecoveryError::PrincipalAboveGuaranteed { .. } => {
                crate::code::Code::CompensationAboveGuaranteed
            }
            RecoveryError::NotPositive(_) => crate::code::Code::AmountNotPositive,
            RecoveryError::NotCompensated => crate::code::Code::RecoveryNotCompensated,
            RecoveryError::BeforeCompensation { .. } => {
                crate::code::Code::RecoveryBeforeCompensation
            }
            RecoveryError::MoreThanOwed { .. } => crate::code::Code::RecoveryMoreThanOwed,
            RecoveryError::AlreadyDemanded(_) => crate::code::Code::CompensationDemandedTwice,
            RecoveryError::DemandBeforeStart { .. } => crate::code::Code::CompensationBeforeStart,
            RecoveryError::InTheFuture { .. } => crate::code::Code::InTheFuture,
        }
    }
}

/// Whether the payment can be recorded for `g`.
pub fn check_compensation(g: &Guarantee, c: &NewCompensation) -> Result<(), RecoveryError> {
    if g.status != GuaranteeStatus::Active {
        return Err(RecoveryError::NotActive(g.status));
    }
    if c.paid_on < g.start_date {
        return Err(RecoveryError::BeforeStart {
            paid_on: c.paid_on,
            start: g.start_date,
        });
    }
    let total = add(c.principal, c.interest);
    if !total.is_positive() {
        return Err(RecoveryError::NotPositive(total));
    }
    if c.principal > g.amount {
        return Err(RecoveryError::PrincipalAboveGuaranteed {
            principal: c.principal,
            guaranteed: g.amount,
        });
    }
    Ok(())
}

/// Whether the bank's demand can be recorded for `g` on `today`.
pub fn check_demand(
    g: &Guarantee,
    d: &NewCompensationDemand,
    today: NaiveDate,
) -> Result<(), RecoveryError> {
    if g.status != GuaranteeStatus::Active {
        return Err(RecoveryError::NotActive(g.status));
    }
    if d.demanded_on < g.start_date {
        return Err(RecoveryError::DemandBeforeStart {
            demanded_on: d.demanded_on,
            start: g.start_date,
        });
    }
    if d.demanded_on > today {
        return Err(RecoveryError::InTheFuture {
            day: d.demanded_on,
            today,
        });
    }
    if !d.amount.is_positive() {
        return Err(RecoveryError::NotPositive(d.amount));
    }
    Ok(())
}

pub fn recovery_message(e: &crate::recovery::RecoveryError, l: Locale) -> String {
    use crate::recovery::RecoveryError as E;
    if l == Locale::En {
        return e.to_string();
    }
    let t = |cn: String, tw: String| if l == Locale::ZhTw { tw } else { cn };
    let yuan = |m: &crate::money::Money| format!("{} 元", m.grouped());
    match e {
        E::NotActive(s) => t(
            format!(
                "这笔担保的状态是“{}”，只有在保的担保才能登记代偿。",
                s.label(l)
            ),
            format!(
                "這筆擔保的狀態是「{}」，只有在保的擔保才能登記代償。",
                s.label(l)
            ),
        ),
        E::AlreadyCompensated(d) => t(
            format!("这笔担保已于 {d} 登记代偿，不能重复登记。"),
            format!("這筆擔保已於 {d} 登記代償，不能重複登記。"),
        ),
        E::BeforeStart { paid_on, start } => t(
            format!("代偿日 {paid_on} 早于担保起始日 {start}。"),
            format!("代償日 {paid_on} 早於擔保起始日 {start}。"),
        ),
        E::PrincipalAboveGuaranteed {
            principal,
            guaranteed,
        } => t(
            format!(
                "代偿本金 {} 超过担保金额 {}。",
                yuan(principal),
                yuan(guaranteed)
            ),
            format!(
                "代償本金 {} 超過擔保金額 {}。",
                yuan(principal),
                yuan(guaranteed)
            ),
        ),
        E::NotPositive(m) => t(
            format!("金额应大于 0，而不是 {}。", yuan(m)),
            format!("金額應大於 0，而不是 {}。", yuan(m)),
        ),
        E::NotCompensated => t(
            "这笔担保没有登记代偿，不能登记追偿回款。".into(),
            "這筆擔保沒有登記代償，不能登記追償回款。".into(),
        ),
        E::BeforeCompensation {
            received_on,
            paid_on,
        } => t(
            format!("回款日 {received_on} 早于代偿日 {paid_on}。"),
            format!("回款日 {received_on} 早於代償日 {paid_on}。"),
        ),
        E::MoreThanOwed {
            amount,
            outstanding,
        } => t(
            format!(
                "回款 {} 超过尚未收回的 {}：多收的钱不是追偿款，请核对金额。",
                yuan(amount),
                yuan(outstanding)
            ),
            format!(
                "回款 {} 超過尚未收回的 {}：多收的錢不是追償款，請核對金額。",
                yuan(amount),
                yuan(outstanding)
            ),
        ),
        E::AlreadyDemanded(d) => t(
            format!("贷款银行的代偿要求已于 {d} 登记，不能重复登记。"),
            format!("貸款銀行的代償要求已於 {d} 登記，不能重複登記。"),
        ),
        E::DemandBeforeStart { demanded_on, start } => t(
            format!("代偿要求日 {demanded_on} 早于担保起始日 {start}。"),
            format!("代償要求日 {demanded_on} 早於擔保起始日 {start}。"),
        ),
        E::InTheFuture { day, today } => t(
            format!("日期 {day} 晚于今天（{today}）。"),
            format!("日期 {day} 晚於今天（{today}）。"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn yuan(s: &str) -> Money {
        s.parse().unwrap()
    }

    fn paid() -> NewCompensation {
        NewCompensation {
            paid_on: d(2026, 2, 13),
            principal: yuan("3000000.00"),
            interest: yuan("12345.67"),
            reference: None,
        }
    }

    fn receipt(id: i64, on: NaiveDate, amount: &str) -> Recovery {
        Recovery {
            id,
            received_on: on,
            amount: yuan(amount),
            source: RecoverySource::Collateral,
            note: None,
        }
    }

    #[test]
    fn partial_recoveries_leave_the_exact_balance() {
        let account = RecoveryAccount::new(
            &paid(),
            vec![
                receipt(2, d(2026, 6, 1), "0.01"),
                receipt(1, d(2026, 3, 20), "1000000.33"),
            ],
        );
        assert_eq!(account.compensated, yuan("3012345.67"));
        assert_eq!(account.recovered, yuan("1000000.34"));
        assert_eq!(account.outstanding, yuan("2012345.33"));
        assert_eq!(account.recoveries[0].id, 1, "in the order received");
        // The last 分 can be recovered; one more is refused.
        let last = NewRecovery {
            received_on: d(2026, 7, 1),
            amount: yuan("2012345.33"),
            source: RecoverySource::Court,
            note: None,
        };
        assert_eq!(account.check(&last), Ok(()));
        let over = NewRecovery {
            amount: yuan("2012345.34"),
            ..last.clone()
        };
        assert_eq!(
            account.check(&over),
            Err(RecoveryError::MoreThanOwed {
                amount: yuan("2012345.34"),
                outstanding: yuan("2012345.33")
            })
        );
        let early = NewRecovery {
            received_on: d(2026, 2, 12),
            ..last.clone()
        };
        assert!(matches!(
            account.check(&early),
            Err(RecoveryError::BeforeCompensation { .. })
        ));
        let zero = NewRecovery {
            amount: Money::ZERO,
            ..last
        };
        assert_eq!(
            account.check(&zero),
            Err(RecoveryError::NotPositive(Money::ZERO))
        );
    }

    proptest! {
        #[test]
        fn accepted_receipts_never_take_the_balance_below_zero(
            amounts in proptest::collection::vec(1i64..200_000_000, 0..20)
        ) {
            let c = paid();
            let mut recoveries = Vec::new();
            for (i, fen) in amounts.into_iter().enumerate() {
                let account = RecoveryAccount::new(&c, recoveries.clone());
                let r = NewRecovery {
                    received_on: d(2026, 3, 1),
                    amount: Money::from_fen(fen).unwrap(),
                    source: RecoverySource::Borrower,
                    note: None,
                };
                if account.check(&r).is_ok() {
                    recoveries.push(Recovery {
                        id: i as i64,
                        received_on: r.received_on,
                        amount: r.amount,
                        source: r.source,
                        note: None,
                    });
                } else {
                    prop_assert!(r.amount > account.outstanding);
                }
                let after = RecoveryAccount::new(&c, recoveries.clone());
                prop_assert_eq!(
                    after.recovered.checked_add(after.outstanding).unwrap(),
                    after.compensated
                );
            }
        }
    }
}
