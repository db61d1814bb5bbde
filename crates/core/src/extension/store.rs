//! Extensions in the store: the application, then its decision, recorded once; an approval moves
//! the guarantee's maturity in the same transaction.

use super::{Extension, ExtensionDecision, ExtensionError, ExtensionRules, ExtensionVerdict};
use super::{NewExtension, check_application};
use crate::portfolio::GuaranteeId;
use crate::store::Store;
use crate::store::codec::{get_date, get_opt_date};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

const COLUMNS: &str = "SELECT id, guarantee_id, applied_on, original_maturity, new_maturity,
    reason, decision, decided_on, decided_by, interest_paid_on, note FROM extensions";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Extension> {
    let decision: Option<ExtensionDecision> = r.get(6)?;
    let verdict = match (decision, get_opt_date(r, 7)?) {
        (Some(decision), Some(on)) => Some(ExtensionVerdict {
            decision,
            on,
            by: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
            interest_paid_on: get_opt_date(r, 9)?,
            note: r.get(10)?,
        }),
        _ => None,
    };
    Ok(Extension {
        id: r.get(0)?,
        guarantee_id: r.get(1)?,
        applied_on: get_date(r, 2)?,
        original_maturity: get_date(r, 3)?,
        new_maturity: get_date(r, 4)?,
        reason: r.get(5)?,
        verdict,
    })
}

impl Store {
    /// Records the borrower's application for an extension, checked against the company's
    /// rules (in time, a later maturity, a reason; one awaiting its decision at a time).
    pub fn apply_for_extension(
        &mut self,
        id: GuaranteeId,
        e: &NewExtension,
        rules: &ExtensionRules,
        at: DateTime<FixedOffset>,
    ) -> Result<Extension, ExtensionError> {
        crate::store::check_texts(&[e.reason.as_str()])?;
        let calendar = self.calendar()?;
        self.transaction(|tx| {
            let g = crate::store::portfolio::guarantee_in(tx, id)?;
            if let Some(p) = pending_in(tx, id)? {
                return Err(ExtensionError::Pending(p.applied_on));
            }
            check_application(&g, e, rules, &calendar, at.date_naive())?;
            tx.execute(
                "INSERT INTO extensions (guarantee_id, applied_on, original_maturity, new_maturity,
                     reason, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id,
                    e.applied_on,
                    g.maturity_date,
                    e.new_maturity,
                    e.reason.trim(),
                    at.to_rfc3339()
                ],
            )?;
            let new_id = tx.last_insert_rowid();
            Ok(by_id(tx, new_id)?)
        })
    }

    /// Records the decision on the application awaiting one. An approval needs all interest
    /// paid (no overdue open, and the day it was paid up to) and moves the guarantee's maturity.
    pub fn decide_extension(
        &mut self,
        id: GuaranteeId,
        v: &ExtensionVerdict,
        at: DateTime<FixedOffset>,
    ) -> Result<Extension, ExtensionError> {
        let note = v.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
        crate::store::check_texts(&[v.by.as_str(), note.unwrap_or("")])?;
        if v.by.trim().is_empty() {
            return Err(ExtensionError::NoDecider);
        }
        let today = at.date_naive();
        if v.on > today {
            return Err(ExtensionError::InTheFuture { day: v.on, today });
        }
        self.transaction(|tx| {
            let p = pending_in(tx, id)?.ok_or(ExtensionError::NothingPending)?;
            if v.on < p.applied_on {
                return Err(ExtensionError::BeforeApplication {
                    on: v.on,
                    applied_on: p.applied_on,
                });
            }
            let approved = v.decision == ExtensionDecision::Approved;
            if approved {
                let open: Option<NaiveDate> = tx
                    .query_row(
                        "SELECT due_on FROM overdues WHERE guarantee_id = ?1 AND cleared_on IS NULL",
                        [id],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(since) = open {
                    return Err(ExtensionError::InterestUnpaid(since));
                }
                if v.interest_paid_on.is_none() {
                    return Err(ExtensionError::InterestNotConfirmed);
                }
                let g = crate::store::portfolio::guarantee_in(tx, id)?;
                if g.status != crate::portfolio::GuaranteeStatus::Active {
                    return Err(ExtensionError::NotActive(g.status));
                }
            }
            tx.execute(
                "UPDATE extensions SET decision = ?2, decided_on = ?3, decided_by = ?4,
                     interest_paid_on = ?5, note = ?6, decided_at = ?7
                 WHERE id = ?1",
                params![
                    p.id,
                    v.decision,
                    v.on,
                    v.by.trim(),
                    if approved { v.interest_paid_on } else { None },
                    note,
                    at.to_rfc3339()
                ],
            )?;
            if approved {
                tx.execute(
                    "UPDATE guarantees SET maturity_date = ?2 WHERE id = ?1",
                    params![id, p.new_maturity],
                )?;
            }
            Ok(by_id(tx, p.id)?)
        })
    }

    /// The guarantee's extensions, oldest first.
    pub fn extensions_of(&self, id: GuaranteeId) -> crate::store::StoreResult<Vec<Extension>> {
        let mut stmt = self.conn().prepare(&format!(
            "{COLUMNS} WHERE guarantee_id = ?1 ORDER BY applied_on, id"
        ))?;
        let rows = stmt.query_map([id], row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn pending_in(conn: &Connection, id: GuaranteeId) -> crate::store::StoreResult<Option<Extension>> {
    Ok(conn
        .query_row(
            &format!("{COLUMNS} WHERE guarantee_id = ?1 AND decision IS NULL"),
            [id],
            row,
        )
        .optional()?)
}

fn by_id(conn: &Connection, id: i64) -> crate::store::StoreResult<Extension> {
    Ok(conn.query_row(&format!("{COLUMNS} WHERE id = ?1"), [id], row)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collection::{NewOverdue, NewRepayment};
    use crate::money::Money;
    use crate::policy::Policy;
    use crate::signals::SignalCatalog;
    use crate::store::tests::{d, seed_minimal};
    use crate::tasks::{TaskKind, TaskState};

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    /// A refusal in full (its Debug form: the variant and every field), to compare.
    fn refused(r: Result<Extension, ExtensionError>) -> String {
        match r {
            Err(e) => format!("{e:?}"),
            Ok(e) => panic!("accepted: {e:?}"),
        }
    }

    fn shown(e: ExtensionError) -> String {
        format!("{e:?}")
    }

    /// Seed 003 第六条 "需续贷、转贷和展期的，要求在贷款到期15天前…申报"; 004 第二十五条 "在收回全部贷款
    /// 利息后方可为其办理展期手续". The guarantee matures Mon 2027-01-04.
    #[test]
    fn an_extension_is_applied_for_in_time_approved_once_interest_is_paid_and_moves_the_maturity() {
        let mut store = Store::open_in_memory().unwrap();
        let (_, gid) = seed_minimal(&mut store);
        let policy = Policy::builtin();
        let rules = policy.extension();
        let apply = |store: &mut Store, on: &str| {
            store.apply_for_extension(
                gid,
                &NewExtension {
                    applied_on: d(on),
                    new_maturity: d("2027-06-30"),
                    reason: "外贸订单回款延后约五个月，申请展期六个月".into(),
                },
                &rules,
                at(&format!("{on}T10:00:00+08:00")),
            )
        };
        // 15 days before 01-04 is Sun 12-20: the last day in time is Fri 12-18.
        assert_eq!(
            refused(apply(&mut store, "2026-12-19")),
            shown(ExtensionError::TooLate {
                applied_on: d("2026-12-19"),
                latest: d("2026-12-18"),
                maturity: d("2027-01-04"),
                before: "15 天".into(),
            })
        );
        let e = apply(&mut store, "2026-12-18").unwrap();
        assert_eq!(
            (e.original_maturity, e.new_maturity, e.verdict.clone()),
            (d("2027-01-04"), d("2027-06-30"), None)
        );
        assert_eq!(
            refused(apply(&mut store, "2026-12-18")),
            shown(ExtensionError::Pending(d("2026-12-18")))
        );

        // Owed its decision within 5 working days: Fri 12-25.
        let calendar = crate::calendar::WorkCalendar::builtin();
        let engine = crate::tasks::engine::Engine::new(&policy, &calendar);
        let due = |store: &Store, as_of: &str, kind: TaskKind| {
            crate::store::agenda_from_store(store, &engine, d(as_of), None)
                .unwrap()
                .tasks
                .into_iter()
                .find(|t| t.kind == kind && t.guarantee_id == Some(gid))
                .map(|t| (t.due, t.state, t.rule.to_string()))
        };
        assert_eq!(
            due(&store, "2026-12-21", TaskKind::ExtensionDecision),
            Some((
                d("2026-12-25"),
                TaskState::Upcoming,
                "extension.decision_within".to_owned()
            ))
        );

        let verdict = |on: &str, interest: Option<&str>| ExtensionVerdict {
            decision: ExtensionDecision::Approved,
            on: d(on),
            by: "总经理 陈立".into(),
            interest_paid_on: interest.map(d),
            note: None,
        };
        assert_eq!(
            refused(store.decide_extension(
                gid,
                &verdict("2026-12-22", None),
                at("2026-12-22T10:00:00+08:00")
            )),
            shown(ExtensionError::InterestNotConfirmed)
        );
        // Interest fell due on 12-21 and is unpaid: no extension until it is.
        store
            .record_overdue(
                gid,
                &NewOverdue {
                    due_on: d("2026-12-21"),
                    known_on: d("2026-12-22"),
                    principal: Money::ZERO,
                    interest: "18500".parse().unwrap(),
                    note: None,
                },
                &policy,
                &SignalCatalog::builtin(),
                at("2026-12-22T09:00:00+08:00"),
            )
            .unwrap();
        assert_eq!(
            refused(store.decide_extension(
                gid,
                &verdict("2026-12-23", Some("2026-12-21")),
                at("2026-12-23T10:00:00+08:00")
            )),
            shown(ExtensionError::InterestUnpaid(d("2026-12-21")))
        );
        store
            .record_repayment(
                gid,
                &NewRepayment {
                    paid_on: d("2026-12-23"),
                    principal: Money::ZERO,
                    interest: "18500".parse().unwrap(),
                    voucher: Some("利息回单 1223".into()),
                },
                at("2026-12-23T15:00:00+08:00"),
            )
            .unwrap();
        let e = store
            .decide_extension(
                gid,
                &verdict("2026-12-24", Some("2026-12-23")),
                at("2026-12-24T10:00:00+08:00"),
            )
            .unwrap();
        assert_eq!(
            e.verdict.as_ref().map(|v| (v.decision, v.interest_paid_on)),
            Some((ExtensionDecision::Approved, Some(d("2026-12-23"))))
        );
        assert_eq!(store.guarantee(gid).unwrap().maturity_date, d("2027-06-30"));
        // Decided once; the decision closes its task; the maturity's tasks follow the new day:
        // the 担保到期通知书 30 days before 06-30, Mon 05-31.
        assert_eq!(
            refused(store.decide_extension(
                gid,
                &verdict("2026-12-24", Some("2026-12-23")),
                at("2026-12-24T11:00:00+08:00")
            )),
            shown(ExtensionError::NothingPending)
        );
        assert_eq!(
            due(&store, "2026-12-28", TaskKind::ExtensionDecision).map(|t| t.1),
            Some(TaskState::Done)
        );
        assert_eq!(
            due(&store, "2027-04-01", TaskKind::MaturityNotice).map(|t| t.0),
            Some(d("2027-05-31"))
        );
        assert_eq!(store.extensions_of(gid).unwrap().len(), 1);
    }
}
