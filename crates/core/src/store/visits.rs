//! Visits and their parts in the store. A visit and all its parts are written in one transaction.

use super::codec::{decimal_text, get_date, get_decimal, get_opt_decimal, opt_decimal_text};
use super::{Store, StoreError, StoreResult};
use crate::digest::sha256_hex;
use crate::portfolio::GuaranteeId;
use crate::visit::{
    ChecklistAnswer, FinancialFigure, InventoryLine, NewVisit, PhotoMeta, Visit, VisitId,
    VisitStatus, VisitSummary, WorkerInterview,
};
use rusqlite::{Connection, OptionalExtension, params};

impl Store {
    pub fn insert_visit(&mut self, visit: &NewVisit) -> StoreResult<VisitId> {
        self.in_transaction(|tx| insert_visit(tx, visit))
    }

    /// A visit with all its parts (photo bytes excepted: see [`Store::photo_bytes`]).
    pub fn visit(&self, id: VisitId) -> StoreResult<Visit> {
        visit(self.conn(), id)
    }

    /// The original bytes of a photo, exactly as they were added.
    pub fn photo_bytes(&self, photo_id: i64) -> StoreResult<Vec<u8>> {
        self.conn()
            .query_row("SELECT bytes FROM photos WHERE id = ?1", [photo_id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(StoreError::Missing {
                what: "photo",
                id: photo_id,
            })
    }

    /// The bytes to print a photo from with its long edge at most `long_edge` pixels: the print
    /// copy made at import when it is large enough, else the original.
    pub fn photo_print_bytes(&self, photo_id: i64, long_edge: u32) -> StoreResult<Vec<u8>> {
        let use_copy = long_edge <= crate::photos::PRINT_SIZE;
        self.conn()
            .query_row(
                "SELECT CASE WHEN ?2 AND print_jpeg IS NOT NULL THEN print_jpeg ELSE bytes END
                 FROM photos WHERE id = ?1",
                params![photo_id, use_copy],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::Missing {
                what: "photo",
                id: photo_id,
            })
    }

    /// A photo as a report's page prints it under `spec`, when a copy was made under it
    /// ([`crate::photos::page_copy`]).
    pub fn photo_page_copy(
        &self,
        photo_id: i64,
        spec: crate::photos::PageSpec,
    ) -> StoreResult<Option<Vec<u8>>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT jpeg FROM photo_page_copies WHERE photo_id = ?1 AND spec = ?2",
                params![photo_id, spec.key()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Keeps each `(photo, jpeg)` as the photo's page copy under `spec`, replacing one made
    /// under other settings, in one transaction. Copies are derived data: a store still being
    /// checked at unlock (read only) does not keep them, and says so with `false`.
    pub fn keep_photo_page_copies(
        &self,
        copies: &[(i64, &[u8])],
        spec: crate::photos::PageSpec,
    ) -> StoreResult<bool> {
        let conn = self.conn();
        if copies.is_empty() || self.read_only()? {
            return Ok(false);
        }
        let tx = conn
            .is_autocommit()
            .then(|| conn.unchecked_transaction())
            .transpose()?;
        {
            let mut stmt = conn.prepare_cached(
                "INSERT OR REPLACE INTO photo_page_copies (photo_id, spec, jpeg) VALUES (?1, ?3, ?2)",
            )?;
            for (photo_id, jpeg) in copies {
                stmt.execute(params![photo_id, jpeg, spec.key()])?;
            }
        }
        if let Some(tx) = tx {
            tx.commit()?;
        }
        Ok(true)
    }

    /// The visits of a guarantee, newest first.
    pub fn visit_summaries(&self, guarantee_id: GuaranteeId) -> StoreResult<Vec<VisitSummary>> {
        let mut stmt = self.conn().prepare(
            "SELECT v.id, v.kind, v.method, v.visit_date, o.name, v.status, v.conclusion
             FROM visits v JOIN officers o ON o.id = v.officer_id
             WHERE v.guarantee_id = ?1 ORDER BY v.visit_date DESC, v.id DESC",
        )?;
        let rows = stmt.query_map([guarantee_id], |r| {
            Ok(VisitSummary {
                id: r.get(0)?,
                kind: r.get(1)?,
                method: r.get(2)?,
                visit_date: r.get(3)?,
                officer: r.get(4)?,
                status: r.get(5)?,
                conclusion: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

pub(crate) fn visit(conn: &Connection, id: VisitId) -> StoreResult<Visit> {
    let mut visit = conn
        .query_row(
            "SELECT id, guarantee_id, kind, method, visit_date, officer_id, companion_officer_id,
                    status, policy_version, conclusion, measures, completed_at
             FROM visits WHERE id = ?1",
            [id],
            |r| {
                Ok(Visit {
                    id: r.get(0)?,
                    guarantee_id: r.get(1)?,
                    kind: r.get(2)?,
                    method: r.get(3)?,
                    visit_date: r.get(4)?,
                    officer_id: r.get(5)?,
                    companion_officer_id: r.get(6)?,
                    status: r.get(7)?,
                    policy_version: r.get(8)?,
                    conclusion: r.get(9)?,
                    measures: r.get(10)?,
                    completed_at: r.get(11)?,
                    answers: Vec::new(),
                    inventory: Vec::new(),
                    interviews: Vec::new(),
                    financials: Vec::new(),
                    photos: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or(StoreError::Missing { what: "visit", id })?;

    let mut stmt = conn.prepare(
        "SELECT section, item_code, question, answer, note FROM checklist_answers
         WHERE visit_id = ?1 ORDER BY position",
    )?;
    visit.answers = stmt
        .query_map([id], |r| {
            Ok(ChecklistAnswer {
                section: r.get(0)?,
                item_code: r.get(1)?,
                question: r.get(2)?,
                answer: r.get(3)?,
                note: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;

    let mut stmt = conn.prepare(
        "SELECT goods_name, unit, book_quantity, counted_quantity, last_count_quantity,
                pledged_minimum, note
         FROM inventory_lines WHERE visit_id = ?1 ORDER BY position",
    )?;
    visit.inventory = stmt
        .query_map([id], |r| {
            Ok(InventoryLine {
                goods_name: r.get(0)?,
                unit: r.get(1)?,
                book_quantity: get_decimal(r, 2)?,
                counted_quantity: get_decimal(r, 3)?,
                last_count_quantity: get_opt_decimal(r, 4)?,
                pledged_minimum: get_opt_decimal(r, 5)?,
                note: r.get(6)?,
            })
        })?
        .collect::<Result<_, _>>()?;

    let mut stmt = conn.prepare(
        "SELECT role, years_at_firm, wages_paid_on_time, months_in_arrears, shifts_per_day,
                orders_on_hand, layoffs_seen, equipment_moved_out, notes
         FROM worker_interviews WHERE visit_id = ?1 ORDER BY position",
    )?;
    visit.interviews = stmt
        .query_map([id], |r| {
            Ok(WorkerInterview {
                role: r.get(0)?,
                years_at_firm: r.get(1)?,
                wages_paid_on_time: r.get(2)?,
                months_in_arrears: r.get(3)?,
                shifts_per_day: r.get(4)?,
                orders_on_hand: r.get(5)?,
                layoffs_seen: r.get(6)?,
                equipment_moved_out: r.get(7)?,
                notes: r.get(8)?,
            })
        })?
        .collect::<Result<_, _>>()?;

    let mut stmt = conn.prepare(
        "SELECT metric, value, period FROM financial_figures WHERE visit_id = ?1 ORDER BY id",
    )?;
    visit.financials = stmt
        .query_map([id], |r| {
            Ok(FinancialFigure {
                metric: r.get(0)?,
                value: get_decimal(r, 1)?,
                period: r.get(2)?,
            })
        })?
        .collect::<Result<_, _>>()?;

    visit.photos = photos_of(conn, id)?;
    Ok(visit)
}

/// The photos of a visit, without their bytes, in order.
pub(crate) fn photos_of(conn: &Connection, id: VisitId) -> StoreResult<Vec<PhotoMeta>> {
    let mut stmt = conn.prepare(
        "SELECT p.id, p.file_name, p.sha256, p.mime_type, p.byte_size, p.width, p.height,
            p.taken_at, p.latitude, p.longitude, p.caption, p.checklist_item,
            r.earlier_photo_id, ev.id, ev.visit_date, g.contract_no, b.name, r.distance,
            r.explanation, p.added_at
     FROM photos p
     LEFT JOIN photo_reuse r ON r.photo_id = p.id
     LEFT JOIN photos ep ON ep.id = r.earlier_photo_id
     LEFT JOIN visits ev ON ev.id = ep.visit_id
     LEFT JOIN guarantees g ON g.id = ev.guarantee_id
     LEFT JOIN borrowers b ON b.id = g.borrower_id
     WHERE p.visit_id = ?1 ORDER BY p.position",
    )?;
    let photos = stmt
        .query_map([id], |r| {
            Ok(PhotoMeta {
                id: r.get(0)?,
                file_name: r.get(1)?,
                sha256: r.get(2)?,
                mime_type: r.get(3)?,
                byte_size: r.get::<_, i64>(4)?.unsigned_abs(),
                width: r.get(5)?,
                height: r.get(6)?,
                taken_at: r.get(7)?,
                latitude: get_opt_decimal(r, 8)?,
                longitude: get_opt_decimal(r, 9)?,
                caption: r.get(10)?,
                checklist_item: r.get(11)?,
                reused: match r.get::<_, Option<i64>>(12)? {
                    Some(earlier_photo_id) => Some(crate::visit::PhotoReuse {
                        earlier_photo_id,
                        earlier_visit_id: r.get(13)?,
                        earlier_visit_date: get_date(r, 14)?,
                        earlier_contract_no: r.get(15)?,
                        earlier_borrower: r.get(16)?,
                        distance: r.get(17)?,
                        explanation: r.get(18)?,
                    }),
                    None => None,
                },
                added_at: r.get(19)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(photos)
}

/// Writes a whole visit at once (the demo, imports, visits recorded elsewhere). A completed visit
/// written this way had its report the day it was completed. The visit is written as a draft
/// with everything in it and completed last (the database freezes a completed visit).
pub(crate) fn insert_visit(conn: &Connection, v: &NewVisit) -> StoreResult<VisitId> {
    conn.execute(
        "INSERT INTO visits (guarantee_id, kind, method, visit_date, officer_id,
             companion_officer_id, status, policy_version, conclusion, measures)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'draft', ?7, ?8, ?9)",
        params![
            v.guarantee_id,
            v.kind,
            v.method,
            v.visit_date,
            v.officer_id,
            v.companion_officer_id,
            v.policy_version,
            v.conclusion,
            v.measures,
        ],
    )?;
    let id = conn.last_insert_rowid();
    insert_visit_parts(conn, id, v)?;
    if v.status != VisitStatus::Draft || v.completed_at.is_some() {
        conn.execute(
            "UPDATE visits SET status = ?2, completed_at = ?3, reported_on = substr(?3, 1, 10)
             WHERE id = ?1",
            params![id, v.status, v.completed_at],
        )?;
    }
    Ok(id)
}

fn insert_visit_parts(conn: &Connection, id: VisitId, v: &NewVisit) -> StoreResult<()> {
    let mut stmt = conn.prepare(
        "INSERT INTO checklist_answers (visit_id, position, section, item_code, question, answer, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, a) in v.answers.iter().enumerate() {
        stmt.execute(params![
            id,
            i as i64,
            a.section,
            a.item_code,
            a.question,
            a.answer,
            a.note
        ])?;
    }

    let mut stmt = conn.prepare(
        "INSERT INTO inventory_lines (visit_id, position, goods_name, unit, book_quantity,
             counted_quantity, last_count_quantity, pledged_minimum, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (i, l) in v.inventory.iter().enumerate() {
        stmt.execute(params![
            id,
            i as i64,
            l.goods_name,
            l.unit,
            decimal_text(&l.book_quantity),
            decimal_text(&l.counted_quantity),
            opt_decimal_text(&l.last_count_quantity),
            opt_decimal_text(&l.pledged_minimum),
            l.note,
        ])?;
    }

    let mut stmt = conn.prepare(
        "INSERT INTO worker_interviews (visit_id, position, role, years_at_firm, wages_paid_on_time,
             months_in_arrears, shifts_per_day, orders_on_hand, layoffs_seen, equipment_moved_out, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (i, w) in v.interviews.iter().enumerate() {
        stmt.execute(params![
            id,
            i as i64,
            w.role,
            w.years_at_firm,
            w.wages_paid_on_time,
            w.months_in_arrears,
            w.shifts_per_day,
            w.orders_on_hand,
            w.layoffs_seen,
            w.equipment_moved_out,
            w.notes,
        ])?;
    }

    let mut stmt = conn.prepare(
        "INSERT INTO financial_figures (visit_id, metric, value, period) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for f in &v.financials {
        stmt.execute(params![id, f.metric, decimal_text(&f.value), f.period])?;
    }

    let mut stmt = conn.prepare(
        "INSERT INTO photos (visit_id, position, file_name, sha256, mime_type, byte_size, width,
             height, taken_at, latitude, longitude, caption, checklist_item, bytes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for (i, p) in v.photos.iter().enumerate() {
        stmt.execute(params![
            id,
            i as i64,
            p.file_name,
            sha256_hex(&p.bytes),
            p.mime_type,
            p.bytes.len() as i64,
            p.width,
            p.height,
            p.taken_at,
            opt_decimal_text(&p.latitude),
            opt_decimal_text(&p.longitude),
            p.caption,
            p.checklist_item,
            p.bytes,
        ])?;
        if let Some(likeness) = crate::photos::likeness_of_stored(&p.bytes) {
            conn.execute(
                "INSERT INTO photo_likeness (photo_id, hashes) VALUES (?1, ?2)",
                params![conn.last_insert_rowid(), likeness.to_bytes()],
            )?;
        }
    }
    Ok(())
}
