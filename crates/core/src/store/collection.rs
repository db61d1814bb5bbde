//! Overdue and collection in the store: the overdue the bank reports (and the signal it raises),
//! the repayments counted against it (clearing it to the 分), the contact log with its promises,
//! the signals a broken promise and a long overdue raise, and the lost-contact search steps.

use super::codec::{get_date, get_opt_date};
use super::{Store, StoreResult};
use crate::collection::{
    CollectionError, CollectionFile, Contact, NewContact, NewOverdue, NewRepayment, NewSearchStep,
    Overdue, OverdueBucket, PromiseToPay, Repayment, VoucherScan, check_contact, check_overdue,
    check_repayment, less, promise_status, sum,
};
use crate::money::Money;
use crate::policy::Policy;
use crate::portfolio::{GuaranteeId, GuaranteeStatus};
use crate::signals::{NewSignal, SignalCatalog, SignalDefinition};
use chrono::{DateTime, Days, FixedOffset, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

/// One step of the lost-contact search as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct SearchStepDone {
    pub step: String,
    pub done_on: NaiveDate,
    pub finding: String,
    pub officer: Option<String>,
}

impl Store {
    /// Records an overdue the bank reported, and raises the policy's `record_signals.overdue`
    /// (W01 "已拖欠到期的本金或利息", seed 004 item 1) found the day it became known, unless that
    /// signal of the guarantee is still open. Refused for a released guarantee, while another is
    /// open, or with dates that cannot be.
    pub fn record_overdue(
        &mut self,
        id: GuaranteeId,
        o: &NewOverdue,
        policy: &Policy,
        catalog: &SignalCatalog,
        at: DateTime<FixedOffset>,
    ) -> StoreResult<CollectionFile> {
        super::check_texts(&[o.note.as_deref().unwrap_or("")])?;
        let today = at.date_naive();
        let signal = policy_signal(
            catalog,
            &policy.record_signals().overdue,
            "record_signals.overdue",
        )?;
        self.in_transaction(|tx| {
            let g = open_guarantee(tx, id)?;
            check_overdue(g.start_date, o, today)?;
            if let Some(open) = open_overdue(tx, id)? {
                return Err(CollectionError::AlreadyOverdue(open.due_on).into());
            }
            tx.execute(
                "INSERT INTO overdues (guarantee_id, due_on, known_on, principal_fen, interest_fen,
                     note, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    id,
                    o.due_on,
                    o.known_on,
                    o.principal,
                    o.interest,
                    o.note,
                    at.to_rfc3339()
                ],
            )?;
            if !signal_open(tx, id, &signal.code)? {
                let evidence = format!(
                    "贷款银行告知：{} 到期的本金 {} 元、利息 {} 元未还（{} 获知）",
                    o.due_on,
                    o.principal.grouped(),
                    o.interest.grouped(),
                    o.known_on
                );
                let s = NewSignal::from_catalog(signal, id, None, evidence, o.known_on);
                super::signal_rows::insert_signal(tx, &s)?;
            }
            file_in(tx, id, today)
        })
    }

    /// Records a repayment with its voucher. Counted against the open overdue when it was paid
    /// on or after the day that fell due; the overdue is cleared the day its balance reaches
    /// zero. More principal than is outstanding of the amount guaranteed is refused.
    pub fn record_repayment(
        &mut self,
        id: GuaranteeId,
        r: &NewRepayment,
        at: DateTime<FixedOffset>,
    ) -> StoreResult<CollectionFile> {
        super::check_texts(&[r.voucher.as_deref().unwrap_or("")])?;
        let today = at.date_naive();
        self.in_transaction(|tx| {
            let g = open_guarantee(tx, id)?;
            let repaid = principal_repaid(tx, id)?;
            check_repayment(g.start_date, less(g.amount, repaid), r, today)?;
            let overdue = open_overdue(tx, id)?.filter(|o| r.paid_on >= o.due_on);
            tx.execute(
                "INSERT INTO repayments (guarantee_id, overdue_id, paid_on, principal_fen,
                     interest_fen, voucher, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    id,
                    overdue.as_ref().map(|o| o.id),
                    r.paid_on,
                    r.principal,
                    r.interest,
                    r.voucher,
                    at.to_rfc3339()
                ],
            )?;
            if let Some(o) = overdue {
                let now = overdue_by_id(tx, o.id)?;
                if !now.balance.is_positive() {
                    tx.execute(
                        "UPDATE overdues SET cleared_on = ?2 WHERE id = ?1",
                        params![o.id, r.paid_on],
                    )?;
                }
            }
            file_in(tx, id, today)
        })
    }

    /// Attaches the scan of a repayment's voucher, once; refused for another guarantee's
    /// repayment and for a released guarantee (its confirmation is printed).
    pub fn attach_voucher_scan(
        &mut self,
        id: GuaranteeId,
        repayment_id: i64,
        scan: &crate::photos::ReadPhoto,
        at: DateTime<FixedOffset>,
    ) -> StoreResult<CollectionFile> {
        let p = &scan.photo;
        super::check_texts(&[p.file_name.as_str()])?;
        self.in_transaction(|tx| {
            open_guarantee(tx, id)?;
            let paid_on: NaiveDate = tx
                .query_row(
                    "SELECT paid_on FROM repayments WHERE id = ?1 AND guarantee_id = ?2",
                    params![repayment_id, id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or(CollectionError::UnknownRepayment(repayment_id))?;
            let inserted = tx.execute(
                "INSERT INTO repayment_scans (repayment_id, file_name, mime_type, bytes, sha256,
                     width, height, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (repayment_id) DO NOTHING",
                params![
                    repayment_id,
                    p.file_name,
                    p.mime_type,
                    p.bytes,
                    super::sha256_hex(&p.bytes),
                    p.width,
                    p.height,
                    at.to_rfc3339()
                ],
            )?;
            if inserted == 0 {
                return Err(CollectionError::ScanAttached(paid_on).into());
            }
            file_in(tx, id, at.date_naive())
        })
    }

    /// The bytes of a voucher scan, by its SHA-256.
    pub fn voucher_scan_bytes(&self, sha256: &str) -> StoreResult<Option<Vec<u8>>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT bytes FROM repayment_scans WHERE sha256 = ?1 LIMIT 1",
                [sha256],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Records a contact attempt by `officer`.
    pub fn record_contact(
        &mut self,
        id: GuaranteeId,
        c: &NewContact,
        officer: Option<&str>,
        at: DateTime<FixedOffset>,
    ) -> StoreResult<CollectionFile> {
        super::check_texts(&[
            c.summary.as_str(),
            c.person.as_deref().unwrap_or(""),
            officer.unwrap_or(""),
        ])?;
        let today = at.date_naive();
        self.in_transaction(|tx| {
            open_guarantee(tx, id)?;
            check_contact(c, today)?;
            tx.execute(
                "INSERT INTO collection_contacts (guarantee_id, contacted_at, contacted_on, channel,
                     party, person, summary, promise_amount_fen, promise_by, officer, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    id,
                    c.at.to_rfc3339(),
                    c.at.date_naive(),
                    c.channel,
                    c.party,
                    c.person.as_deref().map(str::trim).filter(|p| !p.is_empty()),
                    c.summary.trim(),
                    c.promise.as_ref().map(|p| p.amount),
                    c.promise.as_ref().map(|p| p.by),
                    officer,
                    at.to_rfc3339()
                ],
            )?;
            file_in(tx, id, today)
        })
    }

    /// The guarantee's overdue, repayments and contacts on `as_of`.
    pub fn collection_file(
        &self,
        id: GuaranteeId,
        as_of: NaiveDate,
        policy: &Policy,
    ) -> StoreResult<CollectionFile> {
        let mut file = file_in(self.conn(), id, as_of)?;
        file.bucket = OverdueBucket::of(file.days_overdue, &policy.collection());
        Ok(file)
    }

    /// Raises the signals the collection records show by `as_of` and that are not raised yet:
    /// the policy's broken-promise signal for every promise to pay that passed unpaid (found the
    /// day after the promised day), and its `record_signals.long_overdue` (W38 "长期或有意拖欠银行
    /// 贷款和利息", seed 004 item 38) for an overdue not cleared `long_overdue_after` after it fell
    /// due (found that day), and its `record_signals.unreachable` (W31 "无法与被担保人取得正常联络",
    /// item 31) when the last `unreachable_after` contacts all reached nobody (found the day of
    /// the last). Returns the signals raised.
    pub fn raise_signals_from_records(
        &mut self,
        as_of: NaiveDate,
        policy: &Policy,
        catalog: &SignalCatalog,
    ) -> StoreResult<Vec<i64>> {
        let code = policy.collection().broken_promise_signal;
        let definition = policy_signal(catalog, &code, "collection.broken_promise_signal")?;
        let records = policy.record_signals();
        let long = policy_signal(
            catalog,
            &records.long_overdue,
            "record_signals.long_overdue",
        )?;
        let unreachable =
            policy_signal(catalog, &records.unreachable, "record_signals.unreachable")?;
        let calendar = self.calendar()?;
        self.in_transaction(|tx| {
            let mut raised = long_overdues(tx, as_of, long, records.long_overdue_after, &calendar)?;
            raised.extend(unreachables(
                tx,
                as_of,
                unreachable,
                records.unreachable_after,
            )?);
            let mut stmt = tx.prepare(
                "SELECT c.id, c.guarantee_id, c.contacted_on, c.promise_amount_fen, c.promise_by,
                        c.person
                 FROM collection_contacts c JOIN guarantees g ON g.id = c.guarantee_id
                 WHERE c.promise_by IS NOT NULL AND c.promise_by < ?1 AND c.signal_id IS NULL
                   AND g.status <> 'released'",
            )?;
            let pending: Vec<(i64, GuaranteeId, NaiveDate, PromiseToPay, Option<String>)> = stmt
                .query_map([as_of], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        get_date(r, 2)?,
                        PromiseToPay {
                            amount: r.get(3)?,
                            by: get_date(r, 4)?,
                        },
                        r.get(5)?,
                    ))
                })?
                .collect::<Result<_, _>>()?;
            drop(stmt);
            for (contact_id, gid, made_on, promise, person) in pending {
                let repayments = repayments_in(tx, gid)?;
                let status = promise_status(&promise, made_on, &repayments, as_of);
                if status.state != crate::collection::PromiseState::Broken {
                    continue;
                }
                let who = person.map(|p| format!("（{p}）")).unwrap_or_default();
                let evidence = format!(
                    "{made_on} 催收联系{who}承诺于 {} 前还款 {} 元，到期仅收到 {} 元",
                    promise.by,
                    promise.amount.grouped(),
                    status.paid.grouped()
                );
                let found_on = promise.by + Days::new(1);
                let signal = NewSignal::from_catalog(definition, gid, None, evidence, found_on);
                let signal_id = super::signal_rows::insert_signal(tx, &signal)?;
                tx.execute(
                    "UPDATE collection_contacts SET signal_id = ?2 WHERE id = ?1",
                    params![contact_id, signal_id],
                )?;
                raised.push(signal_id);
            }
            Ok(raised)
        })
    }

    /// Ticks a step of the lost-contact search with what it found.
    pub fn record_search_step(
        &mut self,
        id: GuaranteeId,
        entry: &NewSearchStep,
        officer: Option<&str>,
        policy: &Policy,
        at: DateTime<FixedOffset>,
    ) -> StoreResult<Vec<SearchStepDone>> {
        let (step, done_on, finding) = (entry.step.as_str(), entry.done_on, entry.finding.as_str());
        super::check_texts(&[finding, officer.unwrap_or("")])?;
        let steps = policy.lost_contact().steps;
        if !steps.iter().any(|s| s.code == step) {
            return Err(super::StoreError::Invalid(format!(
                "{step} is not a step of the lost-contact search"
            )));
        }
        if finding.trim().is_empty() {
            return Err(CollectionError::EmptySummary.into());
        }
        if done_on > at.date_naive() {
            return Err(CollectionError::InTheFuture {
                what: "done_on",
                day: done_on,
                today: at.date_naive(),
            }
            .into());
        }
        self.in_transaction(|tx| {
            open_guarantee(tx, id)?;
            tx.execute(
                "INSERT INTO lost_contact_steps (guarantee_id, step, done_on, finding, officer,
                     recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (guarantee_id, step) DO UPDATE SET done_on = excluded.done_on,
                     finding = excluded.finding, officer = excluded.officer,
                     recorded_at = excluded.recorded_at",
                params![id, step, done_on, finding.trim(), officer, at.to_rfc3339()],
            )?;
            search_steps_in(tx, id)
        })
    }

    /// The lost-contact search steps done for a guarantee.
    pub fn search_steps(&self, id: GuaranteeId) -> StoreResult<Vec<SearchStepDone>> {
        search_steps_in(self.conn(), id)
    }
}

/// The catalogue's definition of a signal the policy names at `key`.
fn policy_signal<'c>(
    catalog: &'c SignalCatalog,
    code: &str,
    key: &str,
) -> StoreResult<&'c SignalDefinition> {
    catalog.get(code).ok_or_else(|| {
        super::StoreError::Invalid(format!("{key} {code} is not in the signal catalogue"))
    })
}

/// Whether a signal of this code is open on the guarantee.
fn signal_open(conn: &Connection, id: GuaranteeId, code: &str) -> StoreResult<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM signals WHERE guarantee_id = ?1 AND code = ?2
                         AND status = 'open')",
        params![id, code],
        |r| r.get(0),
    )?)
}

/// Raises `long` for every overdue not cleared `after` after it fell due, by `as_of`, unless the
/// guarantee has that signal open or raised since the overdue fell due.
fn long_overdues(
    conn: &Connection,
    as_of: NaiveDate,
    long: &SignalDefinition,
    after: crate::calendar::Period,
    calendar: &crate::calendar::WorkCalendar,
) -> StoreResult<Vec<i64>> {
    let mut stmt = conn.prepare(
        "SELECT o.id, o.guarantee_id FROM overdues o JOIN guarantees g ON g.id = o.guarantee_id
         WHERE o.due_on <= ?1 AND (o.cleared_on IS NULL OR o.cleared_on > ?1)
           AND g.status <> 'released'",
    )?;
    let open: Vec<(i64, GuaranteeId)> = stmt
        .query_map([as_of], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    drop(stmt);
    let mut raised = Vec::new();
    let mut gaps = crate::calendar::CalendarGaps::default();
    for (overdue_id, guarantee_id) in open {
        let o = overdue_by_id(conn, overdue_id)?;
        let day = after.after(o.due_on, calendar, &mut gaps);
        if day > as_of || o.cleared_on.is_some_and(|c| c <= day) {
            continue;
        }
        let already: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM signals WHERE guarantee_id = ?1 AND code = ?2
                             AND (status = 'open' OR found_on >= ?3))",
            params![guarantee_id, long.code, o.due_on],
            |r| r.get(0),
        )?;
        if already {
            continue;
        }
        let evidence = format!(
            "{} 到期的欠款逾期满 {} 仍未结清，余额 {} 元",
            o.due_on,
            after.describe(crate::i18n::Locale::ZhCn),
            o.balance.grouped()
        );
        let signal = NewSignal::from_catalog(long, guarantee_id, None, evidence, day);
        raised.push(super::signal_rows::insert_signal(conn, &signal)?);
    }
    Ok(raised)
}

/// Raises `unreachable` for every guarantee whose last `after` collection contacts by `as_of`
/// all reached nobody, found the day of the last, unless the guarantee has that signal open or
/// raised since the first of them.
fn unreachables(
    conn: &Connection,
    as_of: NaiveDate,
    unreachable: &SignalDefinition,
    after: u32,
) -> StoreResult<Vec<i64>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT c.guarantee_id FROM collection_contacts c
         JOIN guarantees g ON g.id = c.guarantee_id
         WHERE c.party = 'nobody' AND c.contacted_on <= ?1 AND g.status <> 'released'",
    )?;
    let candidates: Vec<GuaranteeId> = stmt
        .query_map([as_of], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    drop(stmt);
    let mut last = conn.prepare(
        "SELECT contacted_on, channel, party FROM collection_contacts
         WHERE guarantee_id = ?1 AND contacted_on <= ?2
         ORDER BY contacted_on DESC, contacted_at DESC, id DESC LIMIT ?3",
    )?;
    let mut raised = Vec::new();
    for gid in candidates {
        let rows: Vec<(NaiveDate, crate::collection::ContactChannel, String)> = last
            .query_map(params![gid, as_of, after], |r| {
                Ok((get_date(r, 0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<Result<_, _>>()?;
        if rows.len() < after as usize || rows.iter().any(|(_, _, party)| party != "nobody") {
            continue;
        }
        let (Some(first), Some(latest)) = (rows.last(), rows.first()) else {
            continue;
        };
        let already: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM signals WHERE guarantee_id = ?1 AND code = ?2
                             AND (status = 'open' OR found_on >= ?3))",
            params![gid, unreachable.code, first.0],
            |r| r.get(0),
        )?;
        if already {
            continue;
        }
        let tries: Vec<String> = rows
            .iter()
            .rev()
            .map(|(on, channel, _)| format!("{on} {}", channel.label(crate::i18n::Locale::ZhCn)))
            .collect();
        let evidence = format!(
            "连续 {} 次催收联系均未联系上：{}",
            rows.len(),
            tries.join("、")
        );
        let signal = NewSignal::from_catalog(unreachable, gid, None, evidence, latest.0);
        raised.push(super::signal_rows::insert_signal(conn, &signal)?);
    }
    Ok(raised)
}

/// The guarantee, refused when it is released (collection is for money still owed).
fn open_guarantee(conn: &Connection, id: GuaranteeId) -> StoreResult<crate::portfolio::Guarantee> {
    let g = super::portfolio::guarantee_in(conn, id)?;
    if g.status == GuaranteeStatus::Released {
        return Err(CollectionError::Closed(g.status).into());
    }
    Ok(g)
}

const OVERDUE_COLUMNS: &str = "SELECT o.id, o.due_on, o.known_on, o.principal_fen,
    o.interest_fen, o.cleared_on, o.note,
    (SELECT coalesce(sum(r.principal_fen + r.interest_fen), 0) FROM repayments r
      WHERE r.overdue_id = o.id)
    FROM overdues o";

fn overdue_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Overdue> {
    let principal: Money = r.get(3)?;
    let interest: Money = r.get(4)?;
    let repaid = Money::from_fen(r.get(7)?).unwrap_or(Money::ZERO);
    Ok(Overdue {
        id: r.get(0)?,
        due_on: get_date(r, 1)?,
        known_on: get_date(r, 2)?,
        principal,
        interest,
        balance: less(sum([principal, interest]), repaid),
        cleared_on: get_opt_date(r, 5)?,
        note: r.get(6)?,
    })
}

fn open_overdue(conn: &Connection, id: GuaranteeId) -> StoreResult<Option<Overdue>> {
    Ok(conn
        .query_row(
            &format!("{OVERDUE_COLUMNS} WHERE o.guarantee_id = ?1 AND o.cleared_on IS NULL"),
            [id],
            overdue_row,
        )
        .optional()?)
}

fn overdue_by_id(conn: &Connection, id: i64) -> StoreResult<Overdue> {
    Ok(conn.query_row(
        &format!("{OVERDUE_COLUMNS} WHERE o.id = ?1"),
        [id],
        overdue_row,
    )?)
}

/// The open overdue, or else the latest cleared one.
fn latest_overdue(conn: &Connection, id: GuaranteeId) -> StoreResult<Option<Overdue>> {
    Ok(conn
        .query_row(
            &format!(
                "{OVERDUE_COLUMNS} WHERE o.guarantee_id = ?1
                 ORDER BY o.cleared_on IS NULL DESC, o.due_on DESC, o.id DESC LIMIT 1"
            ),
            [id],
            overdue_row,
        )
        .optional()?)
}

fn principal_repaid(conn: &Connection, id: GuaranteeId) -> StoreResult<Money> {
    let fen: i64 = conn.query_row(
        "SELECT coalesce(sum(principal_fen), 0) FROM repayments WHERE guarantee_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    Ok(Money::from_fen(fen).unwrap_or(Money::ZERO))
}

pub(crate) fn repayments_in(conn: &Connection, id: GuaranteeId) -> StoreResult<Vec<Repayment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.paid_on, p.principal_fen, p.interest_fen, p.voucher, s.file_name,
                s.sha256, length(s.bytes)
         FROM repayments p LEFT JOIN repayment_scans s ON s.repayment_id = p.id
         WHERE p.guarantee_id = ?1 ORDER BY p.paid_on, p.id",
    )?;
    let rows = stmt.query_map([id], |r| {
        let scan = match (
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<String>>(6)?,
        ) {
            (Some(file_name), Some(sha256)) => Some(VoucherScan {
                file_name,
                sha256,
                size: r.get::<_, Option<u32>>(7)?.unwrap_or(0),
            }),
            _ => None,
        };
        Ok(Repayment {
            id: r.get(0)?,
            paid_on: get_date(r, 1)?,
            principal: r.get(2)?,
            interest: r.get(3)?,
            voucher: r.get(4)?,
            scan,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn contacts_in(
    conn: &Connection,
    id: GuaranteeId,
    repayments: &[Repayment],
    as_of: NaiveDate,
) -> StoreResult<Vec<Contact>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, contacted_at, channel, party, person, summary, promise_amount_fen, promise_by,
                officer, signal_id, contacted_on
         FROM collection_contacts WHERE guarantee_id = ?1
         ORDER BY contacted_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([id], |r| {
        let amount: Option<Money> = r.get(6)?;
        let by = get_opt_date(r, 7)?;
        let made_on = get_date(r, 10)?;
        let promise = amount.zip(by).map(|(amount, by)| {
            promise_status(&PromiseToPay { amount, by }, made_on, repayments, as_of)
        });
        Ok(Contact {
            id: r.get(0)?,
            at: r.get(1)?,
            channel: r.get(2)?,
            party: r.get(3)?,
            person: r.get(4)?,
            summary: r.get(5)?,
            promise,
            officer: r.get(8)?,
            signal_id: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn search_steps_in(conn: &Connection, id: GuaranteeId) -> StoreResult<Vec<SearchStepDone>> {
    let mut stmt = conn.prepare_cached(
        "SELECT step, done_on, finding, officer FROM lost_contact_steps
         WHERE guarantee_id = ?1 ORDER BY done_on, step",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(SearchStepDone {
            step: r.get(0)?,
            done_on: get_date(r, 1)?,
            finding: r.get(2)?,
            officer: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The collection file without the bucket (which needs the policy).
fn file_in(conn: &Connection, id: GuaranteeId, as_of: NaiveDate) -> StoreResult<CollectionFile> {
    let g = super::portfolio::guarantee_in(conn, id)?;
    let overdue = latest_overdue(conn, id)?;
    let repayments = repayments_in(conn, id)?;
    let contacts = contacts_in(conn, id, &repayments, as_of)?;
    let principal_repaid = sum(repayments.iter().map(|r| r.principal));
    let days_overdue = overdue
        .as_ref()
        .filter(|o| o.cleared_on.is_none())
        .map_or(0, |o| o.days(as_of));
    Ok(CollectionFile {
        as_of,
        days_overdue,
        bucket: None,
        overdue,
        principal_outstanding: less(g.amount, principal_repaid),
        principal_repaid,
        repayments,
        contacts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collection::{ContactChannel, ContactParty, PromiseState};
    use crate::store::tests::seed_minimal;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn yuan(s: &str) -> Money {
        s.parse().unwrap()
    }

    #[test]
    fn a_voucher_scan_is_attached_once_to_its_own_guarantees_repayment() {
        let mut store = Store::open_in_memory().unwrap();
        let (_, gid) = seed_minimal(&mut store);
        let now = at("2026-11-23T10:00:00+08:00");
        let file = store
            .record_repayment(
                gid,
                &NewRepayment {
                    paid_on: d(2026, 11, 20),
                    principal: yuan("1000"),
                    interest: Money::ZERO,
                    voucher: Some("工行回单 0091".into()),
                },
                now,
            )
            .unwrap();
        let rid = file.repayments[0].id;
        let mut png = Vec::new();
        image::RgbImage::from_pixel(40, 30, image::Rgb([200, 30, 30]))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let scan = crate::photos::from_bytes("回单.png", png.clone()).unwrap();

        let e = store
            .attach_voucher_scan(gid, rid + 1, &scan, now)
            .unwrap_err();
        assert_eq!(e.code(), "unknown_repayment");
        let file = store.attach_voucher_scan(gid, rid, &scan, now).unwrap();
        let attached = file.repayments[0].scan.clone().unwrap();
        assert_eq!(attached.file_name, "回单.png");
        assert_eq!(attached.sha256, crate::store::sha256_hex(&png));
        assert_eq!(attached.size as usize, png.len());
        assert_eq!(
            store.voucher_scan_bytes(&attached.sha256).unwrap(),
            Some(png)
        );
        // Once: a second scan of the same repayment is refused, the first stands.
        let e = store.attach_voucher_scan(gid, rid, &scan, now).unwrap_err();
        assert_eq!(e.code(), "scan_attached");
        assert!(
            crate::store::messages::store_message(&e, crate::i18n::Locale::ZhCn)
                .contains("2026-11-20 的还款凭证已附扫描件")
        );
    }

    #[test]
    fn repayments_clear_an_overdue_to_the_fen_and_more_principal_than_owed_is_refused() {
        let mut store = Store::open_in_memory().unwrap();
        let (_, gid) = seed_minimal(&mut store);
        let g = store.guarantee(gid).unwrap();
        let policy = Policy::builtin();
        let file = store
            .record_overdue(
                gid,
                &NewOverdue {
                    due_on: d(2026, 9, 21),
                    known_on: d(2026, 9, 22),
                    principal: yuan("100000"),
                    interest: yuan("2345.67"),
                    note: Some("银行通知：9 月 21 日应还本息未还".into()),
                },
                &crate::policy::Policy::builtin(),
                &crate::signals::SignalCatalog::builtin(),
                at("2026-09-22T09:00:00+08:00"),
            )
            .unwrap();
        assert_eq!(file.overdue.as_ref().unwrap().balance, yuan("102345.67"));
        // Another overdue while this one is open is refused.
        let again = store.record_overdue(
            gid,
            &NewOverdue {
                due_on: d(2026, 10, 21),
                known_on: d(2026, 10, 21),
                principal: yuan("1"),
                interest: Money::ZERO,
                note: None,
            },
            &crate::policy::Policy::builtin(),
            &crate::signals::SignalCatalog::builtin(),
            at("2026-10-22T09:00:00+08:00"),
        );
        assert!(matches!(
            again,
            Err(crate::store::StoreError::Collection(
                CollectionError::AlreadyOverdue(_)
            ))
        ));

        let file = store
            .collection_file(gid, d(2026, 11, 23), &policy)
            .unwrap();
        assert_eq!(file.days_overdue, 63);
        assert_eq!(file.bucket, Some(OverdueBucket::M3));

        let pay = |store: &mut Store, on: NaiveDate, p: &str, i: &str| {
            store.record_repayment(
                gid,
                &NewRepayment {
                    paid_on: on,
                    principal: yuan(p),
                    interest: yuan(i),
                    voucher: Some(format!("回单 {on}")),
                },
                at("2026-11-23T10:00:00+08:00"),
            )
        };
        let file = pay(&mut store, d(2026, 10, 30), "50000", "2345.66").unwrap();
        assert_eq!(file.overdue.as_ref().unwrap().balance, yuan("50000.01"));
        assert_eq!(file.overdue.as_ref().unwrap().cleared_on, None);
        let file = pay(&mut store, d(2026, 11, 20), "50000", "0.01").unwrap();
        let o = file.overdue.as_ref().unwrap();
        assert_eq!(
            (o.balance, o.cleared_on),
            (Money::ZERO, Some(d(2026, 11, 20)))
        );
        assert_eq!(file.days_overdue, 0);
        assert_eq!(
            o.days(d(2026, 11, 23)),
            60,
            "counted up to the day it was cleared"
        );
        assert_eq!(file.principal_repaid, yuan("100000"));
        assert_eq!(file.principal_outstanding, less(g.amount, yuan("100000")));

        // The rest of the principal, and one 分 more, is refused.
        let over = less(g.amount, yuan("100000")).yuan() + rust_decimal::Decimal::new(1, 2);
        let refused = pay(&mut store, d(2026, 11, 21), &over.to_string(), "0");
        assert!(
            matches!(
                refused,
                Err(crate::store::StoreError::Collection(
                    CollectionError::MoreThanOutstanding { .. }
                ))
            ),
            "{refused:?}"
        );
        // A future day is refused too.
        assert!(pay(&mut store, d(2026, 11, 24), "1", "0").is_err());
    }

    #[test]
    fn a_broken_promise_raises_its_signal_once_the_day_after() {
        let mut store = Store::open_in_memory().unwrap();
        let (_, gid) = seed_minimal(&mut store);
        let policy = Policy::builtin();
        let catalog = SignalCatalog::builtin();
        store
            .record_overdue(
                gid,
                &NewOverdue {
                    due_on: d(2026, 10, 20),
                    known_on: d(2026, 10, 21),
                    principal: yuan("80000"),
                    interest: Money::ZERO,
                    note: None,
                },
                &crate::policy::Policy::builtin(),
                &crate::signals::SignalCatalog::builtin(),
                at("2026-10-21T09:00:00+08:00"),
            )
            .unwrap();
        let file = store
            .record_contact(
                gid,
                &NewContact {
                    at: at("2026-11-02T10:30:00+08:00"),
                    channel: ContactChannel::Phone,
                    party: ContactParty::Borrower,
                    person: Some("法定代表人 王某".into()),
                    summary: "称货款未回笼，承诺月中先还一部分".into(),
                    promise: Some(PromiseToPay {
                        amount: yuan("30000"),
                        by: d(2026, 11, 13),
                    }),
                },
                Some("张伟"),
                at("2026-11-02T10:35:00+08:00"),
            )
            .unwrap();
        // On the day it was made the promise is pending.
        assert_eq!(
            file.contacts[0].promise.as_ref().unwrap().state,
            PromiseState::Pending
        );
        store
            .record_repayment(
                gid,
                &NewRepayment {
                    paid_on: d(2026, 11, 12),
                    principal: yuan("20000"),
                    interest: Money::ZERO,
                    voucher: None,
                },
                at("2026-11-12T15:00:00+08:00"),
            )
            .unwrap();
        // On the promised day nothing is raised yet.
        assert!(
            store
                .raise_signals_from_records(d(2026, 11, 13), &policy, &catalog)
                .unwrap()
                .is_empty()
        );
        let raised = store
            .raise_signals_from_records(d(2026, 11, 14), &policy, &catalog)
            .unwrap();
        assert_eq!(raised.len(), 1);
        let signal = store
            .signals_of(gid)
            .unwrap()
            .into_iter()
            .find(|s| s.id == raised[0])
            .unwrap();
        assert_eq!(signal.code, "X09");
        assert_eq!(signal.found_on, d(2026, 11, 14));
        assert!(signal.evidence.contains("30,000.00"), "{}", signal.evidence);
        assert!(signal.evidence.contains("20,000.00"), "{}", signal.evidence);
        // Raised once.
        assert!(
            store
                .raise_signals_from_records(d(2026, 11, 23), &policy, &catalog)
                .unwrap()
                .is_empty()
        );
        let file = store
            .collection_file(gid, d(2026, 11, 23), &policy)
            .unwrap();
        assert_eq!(file.contacts[0].signal_id, Some(raised[0]));

        // The rules engine reads the same facts from the store: the broken promise is owed a
        // follow-up from Mon 11-16 (the working day after Fri 11-13), the next contact from
        // 11-09 (M1 on 11-02: every 7 days), and the X09 signal (found Sat 11-14) its
        // emergency check within 2 working days, Tue 11-17.
        let calendar = crate::calendar::WorkCalendar::builtin();
        let engine = crate::tasks::engine::Engine::new(&policy, &calendar);
        let agenda =
            crate::store::agenda_from_store(&store, &engine, d(2026, 11, 23), None).unwrap();
        let due = |kind: crate::tasks::TaskKind| {
            agenda
                .tasks
                .iter()
                .find(|t| t.kind == kind && t.guarantee_id == Some(gid))
                .map(|t| (t.due, t.anchor.to_string()))
        };
        use crate::tasks::TaskKind;
        let contact_id = file.contacts[0].id;
        assert_eq!(
            due(TaskKind::BrokenPromise),
            Some((d(2026, 11, 16), format!("promise:{contact_id}")))
        );
        let overdue_id = file.overdue.as_ref().unwrap().id;
        assert_eq!(
            due(TaskKind::CollectionFollowUp),
            Some((d(2026, 11, 9), format!("overdue:{overdue_id}")))
        );
        let x09_id = store
            .signals_of(gid)
            .unwrap()
            .into_iter()
            .find(|s| s.code == "X09")
            .unwrap()
            .id;
        let x09 = agenda
            .tasks
            .iter()
            .find(|t| t.kind == TaskKind::EmergencyCheck && t.anchor == format!("signal:{x09_id}"))
            .map(|t| t.due);
        assert_eq!(x09, Some(d(2026, 11, 17)));
    }

    #[test]
    fn an_overdue_from_the_bank_raises_w01_and_one_unpaid_a_year_raises_w38() {
        // Seed 004 (三) item 1 "已拖欠到期的本金或利息" (and "应立即…核实"), item 38 "长期或有意拖欠银行
        // 贷款和利息"; the policy's record_signals (W01, W38 after 1 年).
        let mut store = Store::open_in_memory().unwrap();
        let (_, gid) = seed_minimal(&mut store);
        let policy = Policy::builtin();
        let catalog = SignalCatalog::builtin();
        store
            .record_overdue(
                gid,
                &NewOverdue {
                    due_on: d(2026, 9, 21),
                    known_on: d(2026, 9, 30),
                    principal: yuan("100000"),
                    interest: yuan("2345.67"),
                    note: None,
                },
                &policy,
                &catalog,
                at("2026-09-30T09:00:00+08:00"),
            )
            .unwrap();
        let signals = store.signals_of(gid).unwrap();
        let [w01] = &signals[..] else {
            panic!("{signals:?}")
        };
        assert_eq!((&*w01.code, w01.found_on), ("W01", d(2026, 9, 30)));
        assert_eq!(
            w01.evidence,
            "贷款银行告知：2026-09-21 到期的本金 100,000.00 元、利息 2,345.67 元未还（2026-09-30 获知）"
        );
        // Its emergency check within 2 working days of Wed 09-30: National Day, then Thu 10-08
        // and Fri 10-09; its same-day report on 09-30.
        let calendar = crate::calendar::WorkCalendar::builtin();
        let engine = crate::tasks::engine::Engine::new(&policy, &calendar);
        let agenda =
            crate::store::agenda_from_store(&store, &engine, d(2026, 10, 8), None).unwrap();
        let anchor = format!("signal:{}", w01.id);
        let due = |kind| {
            agenda
                .tasks
                .iter()
                .filter(|t| t.kind == kind && t.anchor == anchor)
                .map(|t| t.due)
                .collect::<Vec<_>>()
        };
        use crate::tasks::TaskKind;
        assert_eq!(due(TaskKind::EmergencyCheck), [d(2026, 10, 9)]);
        assert_eq!(due(TaskKind::SignalReport), [d(2026, 9, 30)]);

        // A year on, the sweep raises W38 the day the year is up, once.
        assert!(
            store
                .raise_signals_from_records(d(2027, 9, 20), &policy, &catalog)
                .unwrap()
                .is_empty()
        );
        let raised = store
            .raise_signals_from_records(d(2027, 9, 23), &policy, &catalog)
            .unwrap();
        assert_eq!(raised.len(), 1);
        let w38 = store
            .signals_of(gid)
            .unwrap()
            .into_iter()
            .find(|s| s.id == raised[0])
            .unwrap();
        assert_eq!((&*w38.code, w38.found_on), ("W38", d(2027, 9, 21)));
        assert_eq!(
            w38.evidence,
            "2026-09-21 到期的欠款逾期满 1 年 仍未结清，余额 102,345.67 元"
        );
        assert!(
            store
                .raise_signals_from_records(d(2027, 12, 1), &policy, &catalog)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn an_overdue_cleared_within_the_year_raises_no_w38_and_an_open_w01_is_not_raised_twice() {
        let mut store = Store::open_in_memory().unwrap();
        let (_, gid) = seed_minimal(&mut store);
        let policy = Policy::builtin();
        let catalog = SignalCatalog::builtin();
        let overdue = |due_on, known_on| NewOverdue {
            due_on,
            known_on,
            principal: yuan("50000"),
            interest: Money::ZERO,
            note: None,
        };
        store
            .record_overdue(
                gid,
                &overdue(d(2026, 3, 20), d(2026, 3, 23)),
                &policy,
                &catalog,
                at("2026-03-23T09:00:00+08:00"),
            )
            .unwrap();
        store
            .record_repayment(
                gid,
                &NewRepayment {
                    paid_on: d(2026, 6, 30),
                    principal: yuan("50000"),
                    interest: Money::ZERO,
                    voucher: None,
                },
                at("2026-06-30T15:00:00+08:00"),
            )
            .unwrap();
        assert!(
            store
                .raise_signals_from_records(d(2027, 6, 1), &policy, &catalog)
                .unwrap()
                .is_empty()
        );
        // A second overdue while the first W01 is still open raises no second W01.
        store
            .record_overdue(
                gid,
                &overdue(d(2026, 9, 21), d(2026, 9, 22)),
                &policy,
                &catalog,
                at("2026-09-22T09:00:00+08:00"),
            )
            .unwrap();
        let codes: Vec<String> = store
            .signals_of(gid)
            .unwrap()
            .into_iter()
            .map(|s| s.code)
            .collect();
        assert_eq!(codes, ["W01"]);
    }

    #[test]
    fn three_contacts_in_a_row_that_reach_nobody_raise_w31_and_the_search_follows() {
        // Seed 004 (三) item 31 "无法与被担保人取得正常联络"; seed 000 第八条 "约见困难，企业负责人不接听
        // 项目负责人或公司负责人电话"; the policy's record_signals.unreachable after 3 contacts.
        let mut store = Store::open_in_memory().unwrap();
        let (_, gid) = seed_minimal(&mut store);
        let policy = Policy::builtin();
        let catalog = SignalCatalog::builtin();
        store
            .record_overdue(
                gid,
                &NewOverdue {
                    due_on: d(2026, 10, 20),
                    known_on: d(2026, 10, 21),
                    principal: yuan("80000"),
                    interest: Money::ZERO,
                    note: None,
                },
                &policy,
                &catalog,
                at("2026-10-21T09:00:00+08:00"),
            )
            .unwrap();
        let contact = |store: &mut Store, when: &str, channel, party| {
            store
                .record_contact(
                    gid,
                    &NewContact {
                        at: at(when),
                        channel,
                        party,
                        person: None,
                        summary: "拨打法定代表人手机".into(),
                        promise: None,
                    },
                    Some("张伟"),
                    at(when),
                )
                .unwrap();
        };
        let w31s = |store: &Store| {
            store
                .signals_of(gid)
                .unwrap()
                .into_iter()
                .filter(|s| s.code == "W31")
                .collect::<Vec<_>>()
        };
        use ContactChannel::{Phone, Sms, Visit};
        use ContactParty::{Borrower, Nobody};
        contact(&mut store, "2026-11-02T10:00:00+08:00", Phone, Nobody);
        contact(&mut store, "2026-11-04T15:00:00+08:00", Sms, Nobody);
        // Two in a row are not yet three.
        store
            .raise_signals_from_records(d(2026, 11, 5), &policy, &catalog)
            .unwrap();
        assert!(w31s(&store).is_empty());
        // A contact that reached the borrower breaks the run.
        contact(&mut store, "2026-11-05T09:00:00+08:00", Phone, Borrower);
        contact(&mut store, "2026-11-09T09:00:00+08:00", Phone, Nobody);
        contact(&mut store, "2026-11-10T20:00:00+08:00", Phone, Nobody);
        store
            .raise_signals_from_records(d(2026, 11, 10), &policy, &catalog)
            .unwrap();
        assert!(w31s(&store).is_empty());
        // The third failure in a row (a visit to the premises, Thu 11-12) raises W31 that day.
        contact(&mut store, "2026-11-12T10:00:00+08:00", Visit, Nobody);
        let raised = store
            .raise_signals_from_records(d(2026, 11, 12), &policy, &catalog)
            .unwrap();
        let [w31] = &w31s(&store)[..] else {
            panic!("{:?}", store.signals_of(gid))
        };
        assert_eq!(raised, [w31.id]);
        assert_eq!(w31.found_on, d(2026, 11, 12));
        assert_eq!(
            w31.evidence,
            "连续 3 次催收联系均未联系上：2026-11-09 电话、2026-11-10 电话、2026-11-12 上门"
        );
        // Raised once, however often the screen opens and however many more fail.
        contact(&mut store, "2026-11-13T10:00:00+08:00", Phone, Nobody);
        assert!(
            store
                .raise_signals_from_records(d(2026, 11, 16), &policy, &catalog)
                .unwrap()
                .is_empty()
        );
        // The lost-contact search is owed within 10 working days of Thu 11-12: Thu 11-26; its
        // 重点检查 within 2 working days (W31 is 重大): Mon 11-16.
        let calendar = crate::calendar::WorkCalendar::builtin();
        let engine = crate::tasks::engine::Engine::new(&policy, &calendar);
        let agenda =
            crate::store::agenda_from_store(&store, &engine, d(2026, 11, 13), None).unwrap();
        let anchor = format!("signal:{}", w31.id);
        let due = |kind| {
            agenda
                .tasks
                .iter()
                .filter(|t| t.kind == kind && t.anchor == anchor)
                .map(|t| t.due)
                .collect::<Vec<_>>()
        };
        use crate::tasks::TaskKind;
        assert_eq!(due(TaskKind::LostContactSearch), [d(2026, 11, 26)]);
        assert_eq!(due(TaskKind::EmergencyCheck), [d(2026, 11, 16)]);
    }
}
