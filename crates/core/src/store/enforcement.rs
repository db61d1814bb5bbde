//! The enforcement of a guarantee's counter-guarantees as stored: the steps ticked, each once per
//! counter-guarantee (a second tick corrects the first), and the plan read back with the policy's
//! steps and the official calendar.

use super::codec::get_date;
use super::{Store, StoreResult};
use crate::calendar::WorkCalendar;
use crate::enforcement::{
    self, EnforcementError, EnforcementPlan, EnforcementStart, EnforcementStepDone,
    NewEnforcementStep,
};
use crate::policy::Policy;
use crate::portfolio::{CounterGuaranteeKind, GuaranteeId, GuaranteeStatus};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

impl Store {
    /// Ticks a step of a counter-guarantee's enforcement with what was done or why it is not
    /// needed; answers every step recorded for the guarantee.
    pub fn record_enforcement_step(
        &mut self,
        id: GuaranteeId,
        entry: &NewEnforcementStep,
        officer: Option<&str>,
        policy: &Policy,
        at: DateTime<FixedOffset>,
    ) -> StoreResult<Vec<EnforcementStepDone>> {
        super::check_texts(&[entry.note.as_str(), officer.unwrap_or("")])?;
        let steps = policy.enforcement();
        self.in_transaction(|tx| {
            let kind: CounterGuaranteeKind = tx
                .query_row(
                    "SELECT kind FROM counter_guarantees WHERE id = ?1 AND guarantee_id = ?2",
                    params![entry.counter_guarantee_id, id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or(EnforcementError::ForeignCounterGuarantee(
                    entry.counter_guarantee_id,
                ))?;
            let g = super::portfolio::guarantee_in(tx, id)?;
            let start = if g.status == GuaranteeStatus::Released {
                None
            } else {
                start_in(tx, id)?
            };
            enforcement::check(entry, kind, start, &steps, at.date_naive())?;
            tx.execute(
                "INSERT INTO enforcement_steps (counter_guarantee_id, step, done_on, outcome, note,
                     officer, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (counter_guarantee_id, step) DO UPDATE SET done_on = excluded.done_on,
                     outcome = excluded.outcome, note = excluded.note, officer = excluded.officer,
                     recorded_at = excluded.recorded_at",
                params![
                    entry.counter_guarantee_id,
                    entry.step,
                    entry.done_on,
                    entry.outcome,
                    entry.note.trim(),
                    officer,
                    at.to_rfc3339()
                ],
            )?;
            steps_in(tx, id)
        })
    }

    /// The steps recorded for a guarantee's counter-guarantees.
    pub fn enforcement_steps(&self, id: GuaranteeId) -> StoreResult<Vec<EnforcementStepDone>> {
        steps_in(self.conn(), id)
    }

    /// The enforcement of a guarantee's counter-guarantees, once it began.
    pub fn enforcement_plan(
        &self,
        id: GuaranteeId,
        policy: &Policy,
        calendar: &WorkCalendar,
    ) -> StoreResult<Option<EnforcementPlan>> {
        let Some(start) = start_in(self.conn(), id)? else {
            return Ok(None);
        };
        let recovered_in_full = self
            .recovery_account(id)?
            .is_some_and(|a| !a.outstanding.is_positive());
        Ok(Some(enforcement::plan(
            start,
            &self.counter_guarantees(id)?,
            &policy.enforcement(),
            &self.enforcement_steps(id)?,
            calendar,
            recovered_in_full,
        )))
    }
}

fn start_in(conn: &Connection, id: GuaranteeId) -> StoreResult<Option<EnforcementStart>> {
    let (compensated, approved): (Option<NaiveDate>, Option<NaiveDate>) = conn.query_row(
        "SELECT g.compensated_on,
                (SELECT min(w.decided_on) FROM withdrawals w
                  WHERE w.guarantee_id = g.id AND w.decision = 'approved')
         FROM guarantees g WHERE g.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(enforcement::start(compensated, approved))
}

fn steps_in(conn: &Connection, id: GuaranteeId) -> StoreResult<Vec<EnforcementStepDone>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.counter_guarantee_id, e.step, e.done_on, e.outcome, e.note, e.officer
         FROM enforcement_steps e JOIN counter_guarantees c ON c.id = e.counter_guarantee_id
         WHERE c.guarantee_id = ?1 ORDER BY e.done_on, e.counter_guarantee_id, e.step",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(EnforcementStepDone {
            counter_guarantee_id: r.get(0)?,
            step: r.get(1)?,
            done_on: get_date(r, 2)?,
            outcome: r.get(3)?,
            note: r.get(4)?,
            officer: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enforcement::{EnforcementCause, StepOutcome};
    use crate::recovery::{NewCompensation, NewRecovery, RecoverySource};
    use crate::store::agenda_from_store;
    use crate::store::tests::seed_minimal;
    use crate::store::{OpenMode, StoreError, test_key};
    use crate::tasks::{TaskKind, TaskState};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(day: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("{day}T17:00:00+08:00")).unwrap()
    }

    fn step(cg: i64, code: &str, on: NaiveDate, note: &str) -> NewEnforcementStep {
        NewEnforcementStep {
            counter_guarantee_id: cg,
            step: code.into(),
            done_on: on,
            outcome: StepOutcome::Done,
            note: note.into(),
        }
    }

    #[test]
    fn the_pledge_is_enforced_step_by_step_after_the_compensation_until_recovered_in_full() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(
            dir.path().join("e.sqlite3"),
            OpenMode::CreateOrUpgrade,
            &test_key(),
        )
        .unwrap();
        let (_, g) = seed_minimal(&mut store);
        let policy = store.policy_in_force().unwrap();
        let calendar = WorkCalendar::builtin();
        let cg = store.counter_guarantees(g).unwrap()[0].id;

        // Nothing to enforce before the compensation.
        assert_eq!(store.enforcement_plan(g, &policy, &calendar).unwrap(), None);
        let refused = store.record_enforcement_step(
            g,
            &step(cg, "demand", d(2026, 2, 13), "送达"),
            None,
            &policy,
            at("2026-02-13"),
        );
        assert!(matches!(
            refused,
            Err(StoreError::Enforcement(EnforcementError::NotStarted))
        ));

        store
            .record_compensation(
                g,
                &NewCompensation {
                    paid_on: d(2026, 2, 13),
                    principal: "100000.00".parse().unwrap(),
                    interest: "0.00".parse().unwrap(),
                    reference: None,
                },
                at("2026-02-13"),
            )
            .unwrap();
        let plan = store
            .enforcement_plan(g, &policy, &calendar)
            .unwrap()
            .unwrap();
        assert_eq!(plan.start.cause, EnforcementCause::Compensation);
        assert_eq!(plan.items.len(), 1);
        let codes: Vec<&str> = plan.items[0]
            .steps
            .iter()
            .map(|s| s.code.as_str())
            .collect();
        assert_eq!(
            codes,
            [
                "stock_freeze",
                "demand",
                "registration_check",
                "valuation",
                "realisation"
            ]
        );
        // 1 working day from Fri 02-13 is the make-up Saturday 02-14.
        assert_eq!(plan.items[0].steps[0].due, d(2026, 2, 14));

        // Refused: a step of another kind, another guarantee's counter-guarantee, before the
        // compensation, without a note. Nothing is written.
        for (entry, code) in [
            (
                step(cg, "title_check", d(2026, 2, 14), "查询"),
                "enforcement_unknown_step",
            ),
            (
                step(cg + 100, "demand", d(2026, 2, 14), "送达"),
                "enforcement_foreign",
            ),
            (
                step(cg, "demand", d(2026, 2, 12), "送达"),
                "enforcement_before_start",
            ),
            (
                step(cg, "demand", d(2026, 2, 14), " "),
                "enforcement_no_note",
            ),
            (
                step(cg, "demand", d(2026, 2, 25), "送达"),
                "enforcement_in_the_future",
            ),
        ] {
            let e = store
                .record_enforcement_step(g, &entry, None, &policy, at("2026-02-24"))
                .unwrap_err();
            assert_eq!(e.code(), code, "{e}");
        }
        assert!(store.enforcement_steps(g).unwrap().is_empty());

        let done = store
            .record_enforcement_step(
                g,
                &step(
                    cg,
                    "stock_freeze",
                    d(2026, 2, 14),
                    "监管仓库存 118 吨，已通知冻结出库",
                ),
                Some("赵敏"),
                &policy,
                at("2026-02-14"),
            )
            .unwrap();
        assert_eq!(done.len(), 1);
        // A second tick corrects the first.
        let not_needed = NewEnforcementStep {
            outcome: StepOutcome::NotNeeded,
            ..step(
                cg,
                "registration_check",
                d(2026, 2, 24),
                "质押登记已于代偿前核实",
            )
        };
        store
            .record_enforcement_step(g, &not_needed, None, &policy, at("2026-02-24"))
            .unwrap();
        let done = store
            .record_enforcement_step(
                g,
                &step(
                    cg,
                    "stock_freeze",
                    d(2026, 2, 14),
                    "监管仓库存 118.5 吨，已冻结",
                ),
                Some("赵敏"),
                &policy,
                at("2026-02-24"),
            )
            .unwrap();
        assert_eq!(done.len(), 2);
        assert_eq!(done[0].note, "监管仓库存 118.5 吨，已冻结");
        assert_eq!(done[1].outcome, StepOutcome::NotNeeded);

        // The agenda, read from the store: the demand (1 working day) is the earliest open
        // step, overdue since 02-14.
        let engine = crate::tasks::engine::Engine::new(&policy, &calendar);
        let enforcement = |store: &Store| {
            agenda_from_store(store, &engine, d(2026, 2, 24), None)
                .unwrap()
                .tasks
                .into_iter()
                .filter(|t| t.kind == TaskKind::Enforcement)
                .map(|t| (t.due, t.state))
                .collect::<Vec<_>>()
        };
        assert_eq!(enforcement(&store), [(d(2026, 2, 14), TaskState::Overdue)]);

        // Recovered in full: nothing more is owed.
        store
            .record_recovery(
                g,
                &NewRecovery {
                    received_on: d(2026, 2, 24),
                    amount: "100000.00".parse().unwrap(),
                    source: RecoverySource::Collateral,
                    note: None,
                },
                at("2026-02-24"),
            )
            .unwrap();
        assert!(enforcement(&store).is_empty());
        assert!(
            store
                .enforcement_plan(g, &policy, &calendar)
                .unwrap()
                .unwrap()
                .recovered_in_full
        );
    }
}
