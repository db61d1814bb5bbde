//! Warning signals in the store.

use super::signal_rows::{SIGNAL_COLUMNS, insert_signal, signal_row};
use super::{Store, StoreError, StoreResult};
use crate::policy::Policy;
use crate::portfolio::GuaranteeId;
use crate::signals::detect;
use crate::signals::{NewSignal, SignalCatalog, SignalStatus, WarningSignal};
use crate::visit::VisitId;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

/// A stock report of pledged goods, as the warehouse supervisor or the officer gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewStockReport {
    pub counter_guarantee_id: i64,
    pub reported_on: NaiveDate,
    pub quantity: rust_decimal::Decimal,
    /// `warehouse`, `on_site` or `phone`.
    pub source: String,
    pub reporter: Option<String>,
}

/// What recording a stock report did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StockReportOutcome {
    pub report_id: i64,
    /// The X02 signal raised because the goods are under the pledge's minimum, when one was.
    pub raised: Option<WarningSignal>,
}

impl Store {
    pub fn insert_signal(&mut self, signal: &NewSignal) -> StoreResult<i64> {
        if signal.evidence.trim().is_empty() {
            return Err(StoreError::Invalid(format!(
                "signal {} needs the evidence the officer saw",
                signal.code
            )));
        }
        self.in_transaction(|tx| insert_signal(tx, signal))
    }

    /// Signals of a guarantee, newest first.
    pub fn signals_of(&self, guarantee_id: GuaranteeId) -> StoreResult<Vec<WarningSignal>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {SIGNAL_COLUMNS} FROM signals WHERE guarantee_id = ?1
             ORDER BY found_on DESC, id DESC"
        ))?;
        let rows = stmt.query_map([guarantee_id], signal_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The signals the facts recorded on a visit raise by the company's rules (stock count,
    /// worker interviews, financial figures against the last visit that had them), less those
    /// already raised on this visit. Nothing is written: the officer sees them as proposals.
    pub fn proposed_signals(
        &self,
        visit_id: VisitId,
        policy: &Policy,
        catalog: &SignalCatalog,
    ) -> StoreResult<Vec<NewSignal>> {
        proposed_signals(self.conn(), visit_id, policy, catalog)
    }

    /// Raises every proposed signal of a visit, found on the visit's date, in one transaction.
    /// Running it again raises nothing twice. Returns the signals it raised.
    pub fn raise_signals_for_visit(
        &mut self,
        visit_id: VisitId,
        policy: &Policy,
        catalog: &SignalCatalog,
    ) -> StoreResult<Vec<WarningSignal>> {
        self.in_transaction(|tx| {
            let mut raised = Vec::new();
            for s in proposed_signals(tx, visit_id, policy, catalog)? {
                let id = insert_signal(tx, &s)?;
                raised.push(signal_by_id(tx, id)?);
            }
            Ok(raised)
        })
    }

    /// Records a stock report of pledged goods. Under the pledge's minimum stock it raises X02
    /// (质押物低于最低库存) the same day, unless an X02 of the guarantee is still open.
    pub fn record_stock_report(
        &mut self,
        report: &NewStockReport,
        catalog: &SignalCatalog,
    ) -> StoreResult<StockReportOutcome> {
        if report.quantity.is_sign_negative() {
            return Err(StoreError::Invalid(format!(
                "stock quantity {} is negative",
                report.quantity
            )));
        }
        self.in_transaction(|tx| {
            let report_id = super::task_facts::insert_stock_report(
                tx,
                report.counter_guarantee_id,
                report.reported_on,
                report.quantity,
                &report.source,
                report.reporter.as_deref(),
            )?;
            let (guarantee_id, goods, unit, minimum): (i64, String, Option<String>, Option<String>) = tx
                .query_row(
                    "SELECT guarantee_id, description, stock_unit, minimum_stock
                     FROM counter_guarantees WHERE id = ?1",
                    [report.counter_guarantee_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )?;
            let minimum = match minimum {
                Some(m) => Some(m.parse::<rust_decimal::Decimal>().map_err(|e| {
                    StoreError::Invalid(format!("minimum stock {m:?} of pledge {}: {e}", report.counter_guarantee_id))
                })?),
                None => None,
            };
            let detected = minimum.and_then(|m| {
                detect::detect_stock_report(&goods, unit.as_deref().unwrap_or(""), report.quantity, m)
            });
            let already_open: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM signals WHERE guarantee_id = ?1 AND code = 'X02' AND status = 'open')",
                [guarantee_id],
                |r| r.get(0),
            )?;
            let raised = match detected {
                Some(d) if !already_open => {
                    let def = catalog.get(d.code).ok_or_else(|| {
                        StoreError::Invalid(format!("signal {} is not in the catalogue", d.code))
                    })?;
                    let s = NewSignal::from_catalog(def, guarantee_id, None, d.evidence, report.reported_on);
                    let id = insert_signal(tx, &s)?;
                    Some(signal_by_id(tx, id)?)
                }
                _ => None,
            };
            Ok(StockReportOutcome { report_id, raised })
        })
    }

    /// Records a signal from the guarantee's file, without a visit (`signals::from_file`):
    /// refused while the same signal is open on the guarantee. The rules then owe its check and
    /// reports from the day found.
    pub fn record_file_signal(
        &mut self,
        id: GuaranteeId,
        entry: &crate::signals::from_file::NewFileSignal,
        catalog: &SignalCatalog,
        today: NaiveDate,
    ) -> StoreResult<WarningSignal> {
        super::check_texts(&[entry.evidence.as_str(), entry.code.as_str()])?;
        self.in_transaction(|tx| {
            let g = super::portfolio::guarantee_in(tx, id)?;
            let signal = crate::signals::from_file::signal_from_file(&g, entry, catalog, today)?;
            let open: Option<NaiveDate> = tx
                .query_row(
                    "SELECT min(found_on) FROM signals WHERE guarantee_id = ?1 AND code = ?2
                       AND status = 'open'",
                    params![id, signal.code],
                    |r| r.get(0),
                )
                .optional()?
                .flatten();
            if let Some(since) = open {
                return Err(crate::signals::from_file::FileSignalError::AlreadyOpen {
                    code: signal.code,
                    since,
                }
                .into());
            }
            let signal_id = insert_signal(tx, &signal)?;
            signal_by_id(tx, signal_id)
        })
    }

    pub fn resolve_signal(
        &mut self,
        signal_id: i64,
        resolved_on: NaiveDate,
        resolution: &str,
    ) -> StoreResult<()> {
        super::check_texts(&[resolution])?;
        self.in_transaction(|tx| resolve_signal(tx, signal_id, resolved_on, resolution))
    }
}

fn signal_by_id(conn: &Connection, id: i64) -> StoreResult<WarningSignal> {
    conn.query_row(
        &format!("SELECT {SIGNAL_COLUMNS} FROM signals WHERE id = ?1"),
        [id],
        signal_row,
    )
    .optional()?
    .ok_or(StoreError::Missing { what: "signal", id })
}

/// The signals the review of a visit proposes (its facts and abnormal answers), as signals to
/// raise: found on the visit's day, on the visit.
fn proposed_signals(
    conn: &Connection,
    visit_id: VisitId,
    policy: &Policy,
    catalog: &SignalCatalog,
) -> StoreResult<Vec<NewSignal>> {
    let draft = super::visit_draft::read_draft(conn, visit_id)?;
    crate::draft::review::review(&draft, policy, catalog)
        .proposed
        .into_iter()
        .map(|p| {
            let def = catalog.get(&p.code).ok_or_else(|| {
                StoreError::Invalid(format!("signal {} is not in the catalogue", p.code))
            })?;
            Ok(NewSignal::from_catalog(
                def,
                draft.guarantee_id,
                Some(visit_id),
                p.evidence,
                draft.visit_date,
            ))
        })
        .collect()
}

pub(crate) fn resolve_signal(
    conn: &Connection,
    signal_id: i64,
    resolved_on: NaiveDate,
    resolution: &str,
) -> StoreResult<()> {
    let n = conn.execute(
        "UPDATE signals SET status = ?2, resolved_on = ?3, resolution = ?4
         WHERE id = ?1 AND status = 'open'",
        params![signal_id, SignalStatus::Resolved, resolved_on, resolution],
    )?;
    if n == 0 {
        return Err(StoreError::Missing {
            what: "open signal",
            id: signal_id,
        });
    }
    super::audit::append(
        conn,
        super::audit::Entity::Signal,
        signal_id,
        "resolve",
        Some(&serde_json::json!({"status": "open"})),
        Some(
            &serde_json::json!({"status": "resolved", "resolved_on": resolved_on, "resolution": resolution}),
        ),
    )
}
