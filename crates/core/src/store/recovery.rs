//! Compensations and recoveries in the store: the payment recorded with the guarantee's new
//! status in one transaction, each receipt checked against what is still owed.

use super::{Store, StoreResult};
use crate::portfolio::{GuaranteeId, GuaranteeStatus};
use crate::recovery::{
    NewCompensation, NewCompensationDemand, NewRecovery, Recovery, RecoveryAccount, RecoveryError,
    check_compensation, check_demand,
};
use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension, params};

impl Store {
    /// Records the company's payment to the bank: the guarantee becomes 已代偿 from that day, and
    /// the rules owe the same-day report, the recovery plan and legal action.
    pub fn record_compensation(
        &mut self,
        id: GuaranteeId,
        c: &NewCompensation,
        at: DateTime<FixedOffset>,
    ) -> StoreResult<RecoveryAccount> {
        super::check_texts(&[c.reference.as_deref().unwrap_or("")])?;
        self.in_transaction(|tx| {
            let g = super::portfolio::guarantee_in(tx, id)?;
            if let Some(account) = account_in(tx, id)? {
                return Err(RecoveryError::AlreadyCompensated(account.paid_on).into());
            }
            check_compensation(&g, c)?;
            tx.execute(
                "INSERT INTO compensations (guarantee_id, paid_on, principal_fen, interest_fen,
                     reference, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id,
                    c.paid_on,
                    c.principal,
                    c.interest,
                    c.reference,
                    at.to_rfc3339()
                ],
            )?;
            tx.execute(
                "UPDATE guarantees SET status = ?2 WHERE id = ?1",
                params![id, GuaranteeStatus::Compensated],
            )?;
            super::task_facts::set_compensated_on(tx, id, c.paid_on)?;
            Ok(account_in(tx, id)?.expect("just recorded"))
        })
    }

    /// Records money recovered, refused when it is more than is still owed.
    pub fn record_recovery(
        &mut self,
        id: GuaranteeId,
        r: &NewRecovery,
        at: DateTime<FixedOffset>,
    ) -> StoreResult<RecoveryAccount> {
        super::check_texts(&[r.note.as_deref().unwrap_or("")])?;
        self.in_transaction(|tx| {
            super::portfolio::guarantee_in(tx, id)?;
            let account = account_in(tx, id)?.ok_or(RecoveryError::NotCompensated)?;
            account.check(r)?;
            tx.execute(
                "INSERT INTO recoveries (guarantee_id, received_on, amount_fen, source, note,
                     recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id,
                    r.received_on,
                    r.amount,
                    r.source,
                    r.note,
                    at.to_rfc3339()
                ],
            )?;
            Ok(account_in(tx, id)?.expect("compensated"))
        })
    }

    /// The guarantee's compensation and recoveries, if it was compensated.
    pub fn recovery_account(&self, id: GuaranteeId) -> StoreResult<Option<RecoveryAccount>> {
        account_in(self.conn(), id)
    }

    /// Records the bank's demand that the company pay, once: the rules then owe the same-day
    /// report and the 代偿方案 (seed 004 二（二）). Refused for a guarantee not active, before it
    /// began, after today, or for no amount.
    pub fn record_compensation_demand(
        &mut self,
        id: GuaranteeId,
        d: &NewCompensationDemand,
        at: DateTime<FixedOffset>,
    ) -> StoreResult<NewCompensationDemand> {
        super::check_texts(&[d.reference.as_deref().unwrap_or("")])?;
        self.in_transaction(|tx| {
            let g = super::portfolio::guarantee_in(tx, id)?;
            if let Some(before) = demand_in(tx, id)? {
                return Err(RecoveryError::AlreadyDemanded(before.demanded_on).into());
            }
            check_demand(&g, d, at.date_naive())?;
            let reference = d
                .reference
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty());
            tx.execute(
                "INSERT INTO compensation_demands (guarantee_id, demanded_on, amount_fen,
                     reference, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, d.demanded_on, d.amount, reference, at.to_rfc3339()],
            )?;
            Ok(demand_in(tx, id)?.expect("just recorded"))
        })
    }

    /// The bank's demand for payment on the guarantee, if one was recorded.
    pub fn compensation_demand(
        &self,
        id: GuaranteeId,
    ) -> StoreResult<Option<NewCompensationDemand>> {
        demand_in(self.conn(), id)
    }
}

fn demand_in(conn: &Connection, id: GuaranteeId) -> StoreResult<Option<NewCompensationDemand>> {
    Ok(conn
        .query_row(
            "SELECT demanded_on, amount_fen, reference FROM compensation_demands
             WHERE guarantee_id = ?1",
            [id],
            |r| {
                Ok(NewCompensationDemand {
                    demanded_on: r.get(0)?,
                    amount: r.get(1)?,
                    reference: r.get(2)?,
                })
            },
        )
        .optional()?)
}

fn account_in(conn: &Connection, id: GuaranteeId) -> StoreResult<Option<RecoveryAccount>> {
    let compensation = conn
        .query_row(
            "SELECT paid_on, principal_fen, interest_fen, reference FROM compensations
             WHERE guarantee_id = ?1",
            [id],
            |r| {
                Ok(NewCompensation {
                    paid_on: r.get(0)?,
                    principal: r.get(1)?,
                    interest: r.get(2)?,
                    reference: r.get(3)?,
                })
            },
        )
        .optional()?;
    let Some(compensation) = compensation else {
        return Ok(None);
    };
    let mut stmt = conn.prepare(
        "SELECT id, received_on, amount_fen, source, note FROM recoveries
         WHERE guarantee_id = ?1 ORDER BY received_on, id",
    )?;
    let recoveries = stmt
        .query_map([id], |r| {
            Ok(Recovery {
                id: r.get(0)?,
                received_on: r.get(1)?,
                amount: r.get(2)?,
                source: r.get(3)?,
                note: r.get(4)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(RecoveryAccount::new(&compensation, recoveries)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::WorkCalendar;
    use crate::recovery::RecoverySource;
    use crate::store::agenda_from_store;
    use crate::store::tests::seed_minimal;
    use crate::store::{OpenMode, StoreError, test_key};
    use crate::tasks::TaskKind;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-02-13T17:00:00+08:00").unwrap()
    }

    fn yuan(s: &str) -> crate::money::Money {
        s.parse().unwrap()
    }

    fn store() -> (tempfile::TempDir, Store, GuaranteeId) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(
            dir.path().join("r.sqlite3"),
            OpenMode::CreateOrUpgrade,
            &test_key(),
        )
        .unwrap();
        let (_, g) = seed_minimal(&mut store);
        (dir, store, g)
    }

    fn payment(on: NaiveDate, principal: &str) -> NewCompensation {
        NewCompensation {
            paid_on: on,
            principal: yuan(principal),
            interest: yuan("1234.56"),
            reference: Some("代偿划款 2026-0213".into()),
        }
    }

    #[test]
    fn a_compensation_switches_the_status_and_starts_the_deadlines_on_the_official_calendar() {
        let (_dir, mut store, g) = store();
        let guarantee = store.guarantee(g).unwrap();
        let account = store
            .record_compensation(g, &payment(d(2026, 2, 13), "1000000.00"), at())
            .unwrap();
        assert_eq!(account.compensated, yuan("1001234.56"));
        assert_eq!(account.outstanding, account.compensated);
        assert_eq!(
            store.guarantee(g).unwrap().status,
            GuaranteeStatus::Compensated
        );

        // Paid on Friday 2026-02-13: the report that day; the recovery plan within 1 working
        // day (Saturday 02-14 is a make-up working day); legal action or settlement within 5
        // (02-14, then the Spring Festival holiday to 02-23, then 02-24 … 02-27).
        let policy = store.policy_in_force().unwrap();
        let calendar = WorkCalendar::builtin();
        let engine = crate::tasks::engine::Engine::new(&policy, &calendar);
        let agenda = agenda_from_store(&store, &engine, d(2026, 2, 13), None).unwrap();
        let due = |kind| {
            agenda
                .tasks
                .iter()
                .find(|t| t.guarantee_id == Some(g) && t.kind == kind)
                .map(|t| t.due)
        };
        assert_eq!(due(TaskKind::CompensationReport), Some(d(2026, 2, 13)));
        assert_eq!(due(TaskKind::RecoveryPlan), Some(d(2026, 2, 14)));
        assert_eq!(due(TaskKind::LegalAction), Some(d(2026, 2, 27)));
        assert!(guarantee.start_date < d(2026, 2, 13));

        // Only once.
        let again = store.record_compensation(g, &payment(d(2026, 2, 20), "1.00"), at());
        assert!(matches!(
            again,
            Err(StoreError::Recovery(RecoveryError::AlreadyCompensated(_)))
        ));
    }

    #[test]
    fn refused_payments_change_nothing() {
        let (_dir, mut store, g) = store();
        let start = store.guarantee(g).unwrap().start_date;
        let amount = store.guarantee(g).unwrap().amount;
        for (c, expected) in [
            (
                payment(start.pred_opt().unwrap(), "1000.00"),
                "compensation_before_start",
            ),
            (
                NewCompensation {
                    principal: amount.checked_add(yuan("0.01")).unwrap(),
                    ..payment(start, "0")
                },
                "compensation_above_guaranteed",
            ),
            (
                NewCompensation {
                    interest: yuan("0"),
                    ..payment(start, "0")
                },
                "amount_not_positive",
            ),
        ] {
            let e = store.record_compensation(g, &c, at()).unwrap_err();
            assert_eq!(e.code(), expected);
        }
        assert_eq!(store.recovery_account(g).unwrap(), None);
        assert_eq!(store.guarantee(g).unwrap().status, GuaranteeStatus::Active);
        let r = NewRecovery {
            received_on: start,
            amount: yuan("1.00"),
            source: RecoverySource::Borrower,
            note: None,
        };
        assert_eq!(
            store.record_recovery(g, &r, at()).unwrap_err().code(),
            "recovery_not_compensated"
        );
    }

    #[test]
    fn recoveries_are_kept_exactly_and_an_over_recovery_is_refused() {
        let (_dir, mut store, g) = store();
        store
            .record_compensation(g, &payment(d(2026, 2, 13), "1000000.00"), at())
            .unwrap();
        let receive = |on, amount: &str| NewRecovery {
            received_on: on,
            amount: yuan(amount),
            source: RecoverySource::Collateral,
            note: Some("拍卖厂房".into()),
        };
        store
            .record_recovery(g, &receive(d(2026, 5, 6), "600000.10"), at())
            .unwrap();
        let account = store
            .record_recovery(g, &receive(d(2026, 8, 1), "0.01"), at())
            .unwrap();
        assert_eq!(account.recovered, yuan("600000.11"));
        assert_eq!(account.outstanding, yuan("401234.45"));
        let over = store.record_recovery(g, &receive(d(2026, 9, 1), "401234.46"), at());
        assert_eq!(over.unwrap_err().code(), "recovery_more_than_owed");
        let account = store
            .record_recovery(g, &receive(d(2026, 9, 1), "401234.45"), at())
            .unwrap();
        assert_eq!(account.outstanding, yuan("0.00"));
        assert_eq!(account.recoveries.len(), 3);
        // A receipt once recorded is not edited.
        let edit = store
            .conn()
            .execute("UPDATE recoveries SET amount_fen = 1", []);
        assert!(edit.is_err());
    }
}
