//! What the task engine reads from the store: each guarantee that is not released, with the
//! visits of the window (plus unwritten reports and one aggregate of older on-site visits), the
//! signals that still matter, pledged-stock reports and completions.

use super::codec::{get_date, get_opt_date};
use super::{Store, StoreResult};
use crate::money::Money;
use crate::portfolio::GuaranteeId;
use crate::tasks::TaskKind;
use crate::tasks::engine::{
    ApprovedWithdrawal, Completion, CounterGuaranteeFact, ExtensionFact, GuaranteeFacts,
    NoticeFact, OverdueFact, PromiseFact, ReleasedFact, ReturnFact, SignalFact, StockFacts,
    VisitFact, VisitHistory,
};
use crate::tasks::filter::TaskFacets;
use crate::visit::VisitMethod;
use chrono::NaiveDate;
use rusqlite::{Connection, params};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The facts for the engine, and the officers' own completions (visit plans).
pub struct RuleFacts {
    pub guarantees: Vec<GuaranteeFacts>,
    pub officer_completions: Vec<(String, Completion)>,
}

impl Store {
    /// Loads what the engine needs for a window starting on `since` (its `window_start`).
    /// `officer`, when given, keeps the guarantees where that officer is A角 or B角.
    pub fn rule_facts(&self, since: NaiveDate, officer: Option<&str>) -> StoreResult<RuleFacts> {
        load(self.conn(), since, officer)
    }

    /// What the agenda's filters ask of each guarantee: its officers, tier, product and bank.
    pub fn task_facets(&self) -> StoreResult<HashMap<GuaranteeId, TaskFacets>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT g.id, oa.name, ob.name, g.risk_tier, g.product, g.lending_bank
             FROM guarantees g
             JOIN officers oa ON oa.id = g.officer_a_id
             LEFT JOIN officers ob ON ob.id = g.officer_b_id",
        )?;
        // Officers and banks repeat over thousands of guarantees: one shared string each.
        let mut names: HashSet<Arc<str>> = HashSet::new();
        let mut shared = |s: String| -> Arc<str> {
            if let Some(n) = names.get(s.as_str()) {
                return n.clone();
            }
            let n: Arc<str> = s.into();
            names.insert(n.clone());
            n
        };
        let mut facets = HashMap::new();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            facets.insert(
                r.get(0)?,
                TaskFacets {
                    officer_a: shared(r.get(1)?),
                    officer_b: r.get::<_, Option<String>>(2)?.map(&mut shared),
                    tier: r.get(3)?,
                    product: r.get(4)?,
                    bank: shared(r.get(5)?),
                },
            );
        }
        Ok(facets)
    }
}

impl Store {
    /// Computed tasks done without a visit (a notice sent, a review filed), as (kind, day, note).
    pub fn completions_of(
        &self,
        id: crate::portfolio::GuaranteeId,
    ) -> StoreResult<Vec<(String, NaiveDate, Option<String>)>> {
        let mut stmt = self.conn().prepare(
            "SELECT kind, done_on, note FROM task_completions WHERE guarantee_id = ?1 ORDER BY done_on",
        )?;
        let rows = stmt.query_map(params![id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

pub(crate) fn insert_completion(
    conn: &Connection,
    guarantee_id: Option<i64>,
    officer_id: Option<i64>,
    kind: TaskKind,
    anchor: &str,
    done_on: NaiveDate,
    note: Option<&str>,
) -> StoreResult<i64> {
    conn.execute(
        "INSERT INTO task_completions (guarantee_id, officer_id, kind, anchor, done_on, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![guarantee_id, officer_id, kind, anchor, done_on, note],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Records the day the company paid the bank for a guarantee (代偿).
pub(crate) fn set_compensated_on(
    conn: &Connection,
    guarantee_id: i64,
    paid: NaiveDate,
) -> StoreResult<()> {
    conn.execute(
        "UPDATE guarantees SET compensated_on = ?1 WHERE id = ?2",
        params![paid, guarantee_id],
    )?;
    Ok(())
}

pub(crate) fn insert_stock_report(
    conn: &Connection,
    counter_guarantee_id: i64,
    reported_on: NaiveDate,
    quantity: rust_decimal::Decimal,
    source: &str,
    reporter: Option<&str>,
) -> StoreResult<i64> {
    conn.execute(
        "INSERT INTO stock_reports (counter_guarantee_id, reported_on, quantity, source, reporter)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            counter_guarantee_id,
            reported_on,
            quantity.to_string(),
            source,
            reporter
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

fn load(conn: &Connection, since: NaiveDate, officer: Option<&str>) -> StoreResult<RuleFacts> {
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, g.contract_no, b.name, oa.name, g.product, g.amount_fen, g.start_date,
                g.maturity_date, g.risk_tier, g.status, g.credit_rating, g.compensated_on,
                (SELECT v.visit_date FROM visits v
                  WHERE v.guarantee_id = g.id AND v.method = 'on_site' AND v.visit_date < ?1
                  ORDER BY v.visit_date DESC LIMIT 1),
                g.prior_on_site_on,
                (SELECT v.visit_date FROM visits v
                  WHERE v.guarantee_id = g.id AND v.visit_date < ?1
                  ORDER BY v.visit_date DESC LIMIT 1)
         FROM guarantees g
         JOIN borrowers b ON b.id = g.borrower_id
         JOIN officers oa ON oa.id = g.officer_a_id
         LEFT JOIN officers ob ON ob.id = g.officer_b_id
         WHERE (g.status <> 'released'
                OR EXISTS (SELECT 1 FROM releases r WHERE r.guarantee_id = g.id
                            AND (r.archived_on IS NULL OR (r.titles_returned_on IS NULL
                                 AND EXISTS (SELECT 1 FROM counter_guarantees c
                                              WHERE c.guarantee_id = g.id
                                                AND c.kind IN ('mortgage', 'pledge'))))))
           AND (?2 IS NULL OR oa.name = ?2 OR ob.name = ?2)
         ORDER BY g.id",
    )?;
    let mut guarantees: Vec<GuaranteeFacts> = stmt
        .query_map(params![since, officer], |r| {
            // The last check the core system knows of, made before this app: an on-site visit
            // like any other, long ago or within the window.
            let prior: Option<NaiveDate> = get_opt_date(r, 13)?;
            let on_site_before: Option<NaiveDate> = get_opt_date(r, 12)?;
            let visited_before: Option<NaiveDate> = get_opt_date(r, 14)?;
            let (on_site_before, visits) = match prior {
                Some(p) if p < since => (on_site_before.max(Some(p)), Vec::new()),
                Some(p) => (
                    on_site_before,
                    vec![VisitFact {
                        visit_id: None,
                        date: p,
                        kind: crate::visit::VisitKind::Periodic,
                        on_site: true,
                        reported_on: Some(p),
                    }],
                ),
                None => (on_site_before, Vec::new()),
            };
            Ok(GuaranteeFacts {
                guarantee_id: Some(r.get(0)?),
                contract_no: r.get(1)?,
                borrower: r.get(2)?,
                officer: Some(r.get(3)?),
                product: r.get(4)?,
                amount: Money::from_fen(r.get(5)?).unwrap_or(Money::ZERO),
                start: get_date(r, 6)?,
                maturity: get_date(r, 7)?,
                tier: r.get(8)?,
                status: r.get(9)?,
                credit_rating: r.get(10)?,
                compensated_on: get_opt_date(r, 11)?,
                visits: VisitHistory {
                    since: Some(since),
                    any_before: visited_before.max(on_site_before),
                    on_site_before,
                    visits,
                },
                signals: Vec::new(),
                stock: None,
                completions: Vec::new(),
                collection: Default::default(),
            })
        })?
        .collect::<Result<_, _>>()?;
    let index: HashMap<i64, usize> = guarantees
        .iter()
        .enumerate()
        .filter_map(|(i, g)| g.guarantee_id.map(|id| (id, i)))
        .collect();
    let at = |id: i64| index.get(&id).copied();

    let mut stmt = conn.prepare_cached(
        // Two index searches (the window by date, the drafts by their partial index), sorted
        // here: an ORDER BY or an OR would make SQLite walk the whole table.
        "SELECT id, guarantee_id, visit_date, kind, method, reported_on FROM visits
         WHERE visit_date >= ?1
         UNION ALL
         SELECT id, guarantee_id, visit_date, kind, method, reported_on FROM visits
         WHERE status = 'draft' AND +visit_date < ?1",
    )?;
    let mut rows = stmt.query(params![since])?;
    while let Some(r) = rows.next()? {
        let Some(i) = at(r.get(1)?) else { continue };
        let method: VisitMethod = r.get(4)?;

        guarantees[i].visits.visits.push(VisitFact {
            visit_id: Some(r.get(0)?),
            date: get_date(r, 2)?,
            kind: r.get(3)?,
            on_site: method == VisitMethod::OnSite,
            reported_on: get_opt_date(r, 5)?,
        });
    }
    for g in &mut guarantees {
        g.visits.visits.sort_by_key(|v| (v.date, v.visit_id));
    }

    let mut stmt = conn.prepare_cached(
        "SELECT id, guarantee_id, code, title, severity, found_on, resolved_on FROM signals
         WHERE status = 'open' OR resolved_on >= ?1 ORDER BY found_on, id",
    )?;
    let mut rows = stmt.query(params![since])?;
    while let Some(r) = rows.next()? {
        let Some(i) = at(r.get(1)?) else { continue };
        guarantees[i].signals.push(SignalFact {
            signal_id: Some(r.get(0)?),
            code: r.get(2)?,
            title: r.get(3)?,
            severity: r.get(4)?,
            found: get_date(r, 5)?,
            resolved_on: get_opt_date(r, 6)?,
        });
    }

    // Pledged goods with a minimum need the daily check; the last report is the latest stock
    // report or visit with a stock count.
    let mut stmt = conn.prepare_cached(
        "SELECT cg.guarantee_id,
                MAX((SELECT MAX(sr.reported_on) FROM stock_reports sr WHERE sr.counter_guarantee_id = cg.id)),
                (SELECT MAX(v.visit_date) FROM visits v
                  WHERE v.guarantee_id = cg.guarantee_id
                    AND EXISTS (SELECT 1 FROM inventory_lines il WHERE il.visit_id = v.id))
         FROM counter_guarantees cg
         WHERE cg.kind = 'pledge' AND cg.minimum_stock IS NOT NULL
         GROUP BY cg.guarantee_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(i) = at(r.get(0)?) else { continue };
        let report: Option<NaiveDate> = r.get(1)?;
        let counted: Option<NaiveDate> = r.get(2)?;
        guarantees[i].stock = Some(StockFacts {
            last_report: report.max(counted),
        });
    }

    load_collection(conn, &mut guarantees, &at)?;

    let mut officer_completions = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT tc.guarantee_id, o.name, tc.kind, tc.anchor, tc.done_on
         FROM task_completions tc LEFT JOIN officers o ON o.id = tc.officer_id
         ORDER BY tc.id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let completion = Completion {
            kind: r.get(2)?,
            anchor: r.get(3)?,
            done_on: r.get(4)?,
        };
        match (r.get::<_, Option<i64>>(0)?, r.get::<_, Option<String>>(1)?) {
            (Some(gid), _) => {
                if let Some(i) = at(gid) {
                    guarantees[i].completions.push(completion);
                }
            }
            (None, Some(officer)) => officer_completions.push((officer, completion)),
            (None, None) => {}
        }
    }
    Ok(RuleFacts {
        guarantees,
        officer_completions,
    })
}

/// Open overdues with their balance, contact days, promises (kept or not by the payments in
/// their span) and the lost-contact steps done.
fn load_collection(
    conn: &Connection,
    guarantees: &mut [GuaranteeFacts],
    at: &impl Fn(i64) -> Option<usize>,
) -> StoreResult<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT o.guarantee_id, o.id, o.due_on, o.known_on,
                o.principal_fen + o.interest_fen
                  - (SELECT coalesce(sum(r.principal_fen + r.interest_fen), 0) FROM repayments r
                      WHERE r.overdue_id = o.id)
         FROM overdues o WHERE o.cleared_on IS NULL",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(i) = at(r.get(0)?) else { continue };
        guarantees[i].collection.overdue = Some(OverdueFact {
            id: r.get(1)?,
            due_on: get_date(r, 2)?,
            known_on: get_date(r, 3)?,
            balance: Money::from_fen(r.get::<_, i64>(4)?.max(0)).unwrap_or(Money::ZERO),
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT c.guarantee_id, c.id, c.contacted_on, c.promise_by, c.promise_amount_fen,
                c.promise_by IS NOT NULL AND
                (SELECT coalesce(sum(r.principal_fen + r.interest_fen), 0) FROM repayments r
                  WHERE r.guarantee_id = c.guarantee_id
                    AND r.paid_on BETWEEN c.contacted_on AND c.promise_by) >= c.promise_amount_fen
         FROM collection_contacts c ORDER BY c.contacted_on, c.id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(i) = at(r.get(0)?) else { continue };
        let made_on = get_date(r, 2)?;
        let c = &mut guarantees[i].collection;
        c.contact_days.push(made_on);
        if let (Some(by), Some(amount)) = (get_opt_date(r, 3)?, r.get::<_, Option<Money>>(4)?) {
            c.promises.push(PromiseFact {
                contact_id: r.get(1)?,
                made_on,
                by,
                amount,
                kept: r.get(5)?,
            });
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT guarantee_id, id, kind, overdue_id, issued_on, delivered_on, receipt_on
         FROM notices ORDER BY issued_on, id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(i) = at(r.get(0)?) else { continue };
        guarantees[i].collection.notices.push(NoticeFact {
            id: r.get(1)?,
            kind: r.get(2)?,
            overdue_id: r.get(3)?,
            issued_on: get_date(r, 4)?,
            delivered_on: get_opt_date(r, 5)?,
            receipt_on: get_opt_date(r, 6)?,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT guarantee_id, id, proposed_on FROM withdrawals WHERE decision IS NULL",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(i) = at(r.get(0)?) else { continue };
        guarantees[i].collection.pending_withdrawal = Some((r.get(1)?, get_date(r, 2)?));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT r.guarantee_id, r.id, r.document_no, r.step, r.returned_by, r.reason,
                r.returned_on,
                (SELECT min(date(n.generated_at)) FROM reports n
                  WHERE n.visit_id = r.visit_id AND n.visit_version > r.visit_version)
         FROM report_returns r ORDER BY r.returned_on, r.id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(i) = at(r.get(0)?) else { continue };
        guarantees[i].collection.returns.push(ReturnFact {
            id: r.get(1)?,
            document_no: r.get(2)?,
            step: r.get(3)?,
            by: r.get(4)?,
            reason: r.get(5)?,
            returned_on: get_date(r, 6)?,
            resubmitted_on: get_opt_date(r, 7)?,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT guarantee_id, id, applied_on, new_maturity, decided_on FROM extensions
         ORDER BY applied_on, id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(i) = at(r.get(0)?) else { continue };
        // The latest: rows come oldest first.
        guarantees[i].collection.extension = Some(ExtensionFact {
            id: r.get(1)?,
            applied_on: get_date(r, 2)?,
            new_maturity: get_date(r, 3)?,
            decided_on: get_opt_date(r, 4)?,
        });
    }
    let mut stmt =
        conn.prepare_cached("SELECT guarantee_id, demanded_on FROM compensation_demands")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(i) = at(r.get(0)?) else { continue };
        guarantees[i].collection.demanded_on = Some(get_date(r, 1)?);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT r.guarantee_id, r.released_on, r.archived_on, r.titles_returned_on,
                EXISTS (SELECT 1 FROM counter_guarantees c WHERE c.guarantee_id = r.guarantee_id
                         AND c.kind IN ('mortgage', 'pledge'))
         FROM releases r",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(i) = at(r.get(0)?) else { continue };
        guarantees[i].collection.released = Some(ReleasedFact {
            on: get_date(r, 1)?,
            archived_on: get_opt_date(r, 2)?,
            titles_returned_on: get_opt_date(r, 3)?,
            titles_owed: r.get(4)?,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT guarantee_id, id, decided_on, bank_notified_on FROM withdrawals
         WHERE decision = 'approved' ORDER BY decided_on DESC, id DESC",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(i) = at(r.get(0)?) else { continue };
        let e = &mut guarantees[i].collection.enforcement;
        // The earliest approval: rows come newest first.
        e.approved_withdrawal = Some(ApprovedWithdrawal {
            id: r.get(1)?,
            decided_on: get_date(r, 2)?,
            bank_notified_on: get_opt_date(r, 3)?,
        });
    }
    // Counter-guarantees and their enforcement, for the guarantees where it began.
    let mut stmt = conn.prepare_cached(
        "SELECT c.guarantee_id, c.id, c.kind, c.description,
                (SELECT coalesce(sum(r.amount_fen), 0) FROM recoveries r
                  WHERE r.guarantee_id = c.guarantee_id)
                  >= (SELECT p.principal_fen + p.interest_fen FROM compensations p
                       WHERE p.guarantee_id = c.guarantee_id)
         FROM counter_guarantees c JOIN guarantees g ON g.id = c.guarantee_id
         WHERE g.compensated_on IS NOT NULL
            OR EXISTS (SELECT 1 FROM withdrawals w
                        WHERE w.guarantee_id = g.id AND w.decision = 'approved')
         ORDER BY c.id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(i) = at(r.get(0)?) else { continue };
        let e = &mut guarantees[i].collection.enforcement;
        e.counter_guarantees.push(CounterGuaranteeFact {
            id: r.get(1)?,
            kind: r.get(2)?,
            description: r.get(3)?,
        });
        e.recovered_in_full = r.get::<_, Option<bool>>(4)?.unwrap_or(false);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT c.guarantee_id, e.counter_guarantee_id, e.step, e.done_on
         FROM enforcement_steps e JOIN counter_guarantees c ON c.id = e.counter_guarantee_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(i) = at(r.get(0)?) else { continue };
        guarantees[i].collection.enforcement.steps_done.push((
            r.get(1)?,
            r.get(2)?,
            get_date(r, 3)?,
        ));
    }
    let mut stmt =
        conn.prepare_cached("SELECT guarantee_id, step, done_on FROM lost_contact_steps")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(i) = at(r.get(0)?) else { continue };
        guarantees[i]
            .collection
            .search_steps
            .push((r.get(1)?, get_date(r, 2)?));
    }
    Ok(())
}

/// The agenda of a store on `as_of`: the computed tasks plus the open follow-ups kept by hand.
pub fn agenda_from_store(
    store: &Store,
    engine: &crate::tasks::engine::Engine<'_>,
    as_of: NaiveDate,
    officer: Option<&str>,
) -> StoreResult<crate::tasks::engine::Agenda> {
    let facts = store.rule_facts(engine.window_start(as_of), officer)?;
    let mut agenda = engine.agenda(as_of, &facts.guarantees, &facts.officer_completions);
    let by_id: std::collections::HashMap<GuaranteeId, &crate::tasks::engine::GuaranteeFacts> =
        facts
            .guarantees
            .iter()
            .filter_map(|g| g.guarantee_id.map(|id| (id, g)))
            .collect();
    for t in store.agenda_tasks(engine.window_start(as_of))? {
        let Some(g) = by_id.get(&t.guarantee_id) else {
            continue;
        };
        let done_on = t
            .done_on
            .filter(|_| t.status == crate::tasks::TaskStatus::Done);
        let (state, days_overdue) = crate::tasks::engine::state_of(t.due_date, done_on, as_of);
        agenda.tasks.push(crate::tasks::engine::DueTask {
            guarantee_id: Some(t.guarantee_id),
            contract_no: Some(g.contract_no.clone()),
            borrower: Some(g.borrower.clone()),
            officer: g.officer.clone(),
            kind: t.kind,
            anchor: format!("task:{}", t.id).into(),
            due: t.due_date,
            state,
            days_overdue,
            done_on,
            rule: crate::policy::PolicyKey::Plain("manual"),
            reason: crate::tasks::reason::Reason::Manual {
                title: t.title,
                reason: t.reason,
            },
            moved_from: None,
        });
    }
    crate::tasks::engine::sort_tasks(&mut agenda.tasks);
    Ok(agenda)
}

#[cfg(test)]
mod tests {
    use crate::calendar::WorkCalendar;
    use crate::demo::{LargePortfolio, write_large_portfolio};
    use crate::policy::Policy;
    use crate::store::Store;
    use crate::tasks::engine::Engine;
    use chrono::NaiveDate;

    #[test]
    fn the_store_window_gives_the_agenda_of_the_whole_history() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let visits = write_large_portfolio(
            &mut store,
            LargePortfolio {
                guarantees: 80,
                years: 2,
            },
            today,
        )
        .unwrap();
        assert!(visits > 1000, "{visits}");
        let (policy, calendar) = (Policy::builtin(), WorkCalendar::builtin());
        let engine = Engine::new(&policy, &calendar);
        let windowed = super::agenda_from_store(&store, &engine, today, None).unwrap();
        let everything = store
            .rule_facts(NaiveDate::from_ymd_opt(1900, 1, 1).unwrap(), None)
            .unwrap();
        assert!(
            everything
                .guarantees
                .iter()
                .map(|g| g.visits.visits.len())
                .sum::<usize>()
                > 1000
        );
        let whole = engine.agenda(
            today,
            &everything.guarantees,
            &everything.officer_completions,
        );
        assert!(windowed.tasks.len() > 300, "{}", windowed.tasks.len());
        assert_eq!(windowed, whole);
    }
}
