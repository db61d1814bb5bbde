//! A visit read back whole as the officer edits it ([`VisitDraft`]): its answers, lines,
//! figures, photos, signatures and signals, and what the last report of the guarantee said (to
//! catch a conclusion copied from it).

use super::codec::get_opt_decimal;
use super::signal_rows::signal_row;
use super::{StoreError, StoreResult};
use crate::checklist::ChecklistItem;
use crate::draft::review::parse_number;
use crate::draft::{
    BorrowerConfirmation, Dismissal, DraftAnswer, DraftFigure, DraftInterview, DraftInventoryLine,
    PreviousReport, VisitDraft,
};
use crate::visit::{FinancialFigure, VisitId};
use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension, params};

fn missing(what: &'static str, id: i64) -> StoreError {
    StoreError::Missing { what, id }
}

/// Reads a visit with all it holds, and the last completed visit before it.
pub(crate) fn read_draft(conn: &Connection, id: VisitId) -> StoreResult<VisitDraft> {
    let mut draft = conn
        .query_row(
            "SELECT v.id, v.guarantee_id, g.contract_no, b.name, g.product, v.kind, v.method,
                    v.visit_date, v.officer_id, o.name, v.status, v.version, v.policy_version,
                    v.template_version, v.started_from, v.correction_reason,
                    coalesce(v.conclusion, ''), coalesce(v.measures, ''),
                    v.borrower_confirmed_by, v.borrower_confirmed_at, v.completed_at, v.updated_at,
                    b.site_latitude, b.site_longitude, g.risk_tier
             FROM visits v
             JOIN guarantees g ON g.id = v.guarantee_id
             JOIN borrowers b ON b.id = g.borrower_id
             JOIN officers o ON o.id = v.officer_id
             WHERE v.id = ?1",
            [id],
            |r| {
                let by: Option<String> = r.get(18)?;
                let at: Option<DateTime<FixedOffset>> = r.get(19)?;
                Ok(VisitDraft {
                    id: r.get(0)?,
                    guarantee_id: r.get(1)?,
                    contract_no: r.get(2)?,
                    borrower: r.get(3)?,
                    product: r.get(4)?,
                    risk_tier: r.get(24)?,
                    pledged_goods: Vec::new(),
                    kind: r.get(5)?,
                    method: r.get(6)?,
                    visit_date: r.get(7)?,
                    officer_id: r.get(8)?,
                    officer: r.get(9)?,
                    status: r.get(10)?,
                    version: r.get(11)?,
                    policy_version: r.get(12)?,
                    template_version: r.get(13)?,
                    started_from: r.get(14)?,
                    correction_reason: r.get(15)?,
                    conclusion: r.get(16)?,
                    measures: r.get(17)?,
                    borrower_confirmation: by
                        .zip(at)
                        .map(|(by, at)| BorrowerConfirmation { by, at }),
                    completed_at: r.get(20)?,
                    updated_at: r.get(21)?,
                    answers: Vec::new(),
                    inventory: Vec::new(),
                    interviews: Vec::new(),
                    financials: Vec::new(),
                    photos: Vec::new(),
                    confirmed_texts: Vec::new(),
                    dismissals: Vec::new(),
                    signals: Vec::new(),
                    previous: None,
                    site: crate::evidence::place::Place::from_parts(
                        get_opt_decimal(r, 22)?,
                        get_opt_decimal(r, 23)?,
                    ),
                    signatures: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or(missing("visit", id))?;
    draft.signatures = super::reports::signatures_of(conn, id)?;

    let mut stmt = conn.prepare_cached(
        "SELECT section, item_code, question, answer, coalesce(note, ''), item
         FROM checklist_answers WHERE visit_id = ?1 ORDER BY position",
    )?;
    let mut pledges = conn.prepare(
        "SELECT description FROM counter_guarantees
         WHERE guarantee_id = ?1 AND kind = 'pledge' AND minimum_stock IS NOT NULL ORDER BY id",
    )?;
    draft.pledged_goods = pledges
        .query_map([draft.guarantee_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    drop(pledges);
    draft.answers = stmt
        .query_map([id], |r| {
            let json: Option<String> = r.get(5)?;
            // Visits written whole (imports, the demo) have no template item: a text question.
            let item = json
                .and_then(|j| serde_json::from_str::<ChecklistItem>(&j).ok())
                .unwrap_or_else(|| ChecklistItem {
                    code: r.get(1).unwrap_or_default(),
                    section: r.get(0).unwrap_or(crate::visit::ChecklistSection::Other),
                    question: r.get(2).unwrap_or_default(),
                    answer: crate::checklist::AnswerKind::Text,
                    options: Vec::new(),
                    abnormal: Vec::new(),
                    raises: None,
                    products: Vec::new(),
                    hint: None,
                    required: false,
                });
            Ok(DraftAnswer {
                item,
                answer: r.get(3)?,
                note: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;

    let mut stmt = conn.prepare_cached(
        "SELECT id, goods_name, unit, book_quantity, counted_quantity,
                coalesce(last_count_quantity, ''), coalesce(pledged_minimum, ''), coalesce(note, '')
         FROM inventory_lines WHERE visit_id = ?1 ORDER BY position, id",
    )?;
    draft.inventory = stmt
        .query_map([id], |r| {
            Ok(DraftInventoryLine {
                id: r.get(0)?,
                goods_name: r.get(1)?,
                unit: r.get(2)?,
                book_quantity: r.get(3)?,
                counted_quantity: r.get(4)?,
                last_count_quantity: r.get(5)?,
                pledged_minimum: r.get(6)?,
                note: r.get(7)?,
            })
        })?
        .collect::<Result<_, _>>()?;

    let mut stmt = conn.prepare_cached(
        "SELECT id, role, years_at_firm, wages_paid_on_time, months_in_arrears, shifts_per_day,
                coalesce(orders_on_hand, ''), layoffs_seen, equipment_moved_out, coalesce(notes, '')
         FROM worker_interviews WHERE visit_id = ?1 ORDER BY position, id",
    )?;
    draft.interviews = stmt
        .query_map([id], |r| {
            Ok(DraftInterview {
                id: r.get(0)?,
                role: r.get(1)?,
                years_at_firm: r.get(2)?,
                wages_paid_on_time: r.get(3)?,
                months_in_arrears: r.get(4)?,
                shifts_per_day: r.get(5)?,
                orders_on_hand: r.get(6)?,
                layoffs_seen: r.get(7)?,
                equipment_moved_out: r.get(8)?,
                notes: r.get(9)?,
            })
        })?
        .collect::<Result<_, _>>()?;

    let mut stmt = conn.prepare_cached(
        "SELECT metric, value FROM financial_figures WHERE visit_id = ?1 ORDER BY id",
    )?;
    draft.financials = stmt
        .query_map([id], |r| {
            Ok(DraftFigure {
                metric: r.get(0)?,
                value: r.get(1)?,
            })
        })?
        .collect::<Result<_, _>>()?;

    draft.photos = super::visits::photos_of(conn, id)?;

    let mut stmt = conn.prepare_cached(
        "SELECT field, sha256 FROM visit_text_confirmations WHERE visit_id = ?1 ORDER BY field",
    )?;
    draft.confirmed_texts = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;

    let mut stmt = conn.prepare_cached(
        "SELECT code, reason FROM signal_dismissals WHERE visit_id = ?1 ORDER BY code",
    )?;
    draft.dismissals = stmt
        .query_map([id], |r| {
            Ok(Dismissal {
                code: r.get(0)?,
                reason: r.get(1)?,
            })
        })?
        .collect::<Result<_, _>>()?;

    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {} FROM signals WHERE visit_id = ?1 ORDER BY id",
        super::signal_rows::SIGNAL_COLUMNS
    ))?;
    draft.signals = stmt
        .query_map([id], signal_row)?
        .collect::<Result<_, _>>()?;

    draft.previous = previous_report(conn, &draft)?;
    Ok(draft)
}

/// A visit's free texts under their field keys (`answer:A02` for text questions, `note:A01`,
/// `conclusion`, `measures`), as [`VisitDraft::texts`] gives a draft's.
pub(crate) fn report_texts(
    conn: &Connection,
    visit_id: VisitId,
    conclusion: String,
    measures: String,
) -> StoreResult<Vec<(String, String)>> {
    let mut texts = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT item_code, answer, coalesce(note, ''), item FROM checklist_answers
         WHERE visit_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([visit_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    for row in rows {
        let (code, answer, note, item) = row?;
        let is_choice = item.is_some_and(|j| j.contains("\"answer\":\"choice\""));
        if !is_choice {
            texts.push((format!("answer:{code}"), answer));
        }
        texts.push((format!("note:{code}"), note));
    }
    texts.push(("conclusion".to_owned(), conclusion));
    texts.push(("measures".to_owned(), measures));
    Ok(texts)
}

/// The last completed visit of the guarantee before this one.
fn previous_report(conn: &Connection, draft: &VisitDraft) -> StoreResult<Option<PreviousReport>> {
    let prev: Option<(VisitId, chrono::NaiveDate, String, String)> = conn
        .query_row(
            "SELECT p.id, p.visit_date, coalesce(p.conclusion, ''), coalesce(p.measures, '')
             FROM visits p
             WHERE p.guarantee_id = ?1 AND p.status = 'completed' AND p.id <> ?2
               AND (p.visit_date, p.id) < (?3, ?2)
             ORDER BY p.visit_date DESC, p.id DESC LIMIT 1",
            params![draft.guarantee_id, draft.id, draft.visit_date],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((visit_id, visit_date, conclusion, measures)) = prev else {
        return Ok(None);
    };
    let texts = report_texts(conn, visit_id, conclusion, measures)?;

    // The figures come from the last visit that had any, which may be older still.
    let mut stmt = conn.prepare_cached(
        "SELECT f.metric, f.value FROM financial_figures f
         WHERE f.visit_id = (
             SELECT p.id FROM visits p
             WHERE p.guarantee_id = ?1 AND p.status = 'completed' AND p.id <> ?2
               AND (p.visit_date, p.id) < (?3, ?2)
               AND EXISTS (SELECT 1 FROM financial_figures x WHERE x.visit_id = p.id)
             ORDER BY p.visit_date DESC, p.id DESC LIMIT 1)",
    )?;
    let financials = stmt
        .query_map(
            params![draft.guarantee_id, draft.id, draft.visit_date],
            |r| {
                Ok((
                    r.get::<_, crate::visit::FinancialMetric>(0)?,
                    r.get::<_, String>(1)?,
                ))
            },
        )?
        .filter_map(|row| match row {
            Ok((metric, text)) => parse_number(&text).ok().flatten().map(|value| {
                Ok(FinancialFigure {
                    metric,
                    value,
                    period: None,
                })
            }),
            Err(e) => Some(Err(e)),
        })
        .collect::<Result<_, _>>()?;
    Ok(Some(PreviousReport {
        visit_id,
        visit_date,
        texts,
        financials,
    }))
}
