//! A visit edited on the laptop: started from a template, changed one field at a time (each edit
//! its own transaction, so a crash loses at most the edit in flight), confirmed by the borrower
//! once nothing is missing, completed (frozen), and reopened for a correction as a new version
//! with the earlier one kept.

use super::audit::Entity;
use super::codec::decimal_text;
use super::signal_rows::insert_signal;
use super::visit_draft::read_draft;
use super::{Store, StoreError, StoreResult};
use crate::checklist::ChecklistTemplate;
use crate::draft::review::{self, Problem, parse_number};
use crate::draft::{
    InterviewValue, InventoryColumn, VisitDraft, VisitEdit, VisitStart, VisitVersion,
};
use crate::evidence::place::{Place, SiteError};
use crate::policy::Policy;
use crate::signals::{NewSignal, SignalCatalog};
use crate::visit::{VisitId, VisitStatus};
use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension, params};

/// What an edit did besides saving.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct EditOutcome {
    /// The row an edit added (a stock-count line, an interview, a signal).
    #[specta(type = Option<u32>)]
    pub new_id: Option<i64>,
    /// The borrower had confirmed; the change means the confirmation must be taken again.
    pub confirmation_voided: bool,
}

impl Store {
    /// Starts a visit from the template items for the guarantee's product, with the pledged goods
    /// already on the stock count (their minimum, and the last count of the same goods). The
    /// visit records the versions of the policy and the template it was started under. A
    /// guarantee with a visit still in draft gets that one back: a visit is resumed, not doubled.
    pub fn start_visit(
        &mut self,
        start: &VisitStart,
        policy: &Policy,
        template: &ChecklistTemplate,
        now: DateTime<FixedOffset>,
    ) -> StoreResult<VisitId> {
        self.in_transaction(|tx| {
            let existing: Option<VisitId> = tx
                .query_row(
                    "SELECT id FROM visits WHERE guarantee_id = ?1 AND status = 'draft'
                     ORDER BY id DESC LIMIT 1",
                    [start.guarantee_id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(id) = existing {
                return Ok(id);
            }
            let product: crate::portfolio::Product = tx
                .query_row(
                    "SELECT product FROM guarantees WHERE id = ?1",
                    [start.guarantee_id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or(StoreError::Missing {
                    what: "guarantee",
                    id: start.guarantee_id,
                })?;
            tx.execute(
                "INSERT INTO visits (guarantee_id, kind, method, visit_date, officer_id, status,
                     policy_version, template_version, started_from, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'draft', ?6, ?7, ?8, ?9)",
                params![
                    start.guarantee_id,
                    start.kind,
                    start.method,
                    start.visit_date,
                    start.officer_id,
                    policy.version(),
                    template.version(),
                    start.started_from,
                    now.to_rfc3339()
                ],
            )?;
            let id = tx.last_insert_rowid();
            let mut stmt = tx.prepare(
                "INSERT INTO checklist_answers (visit_id, position, section, item_code, question,
                     answer, note, item)
                 VALUES (?1, ?2, ?3, ?4, ?5, '', '', ?6)",
            )?;
            for (pos, item) in template.items_for(product).enumerate() {
                let json = serde_json::to_string(item)
                    .map_err(|e| StoreError::Invalid(e.to_string()))?;
                stmt.execute(params![id, pos as i64, item.section, item.code, item.question, json])?;
            }
            // The pledged goods, with the minimum and what the last count found.
            let mut pledges = tx.prepare(
                "SELECT cg.description, coalesce(cg.stock_unit, ''), cg.minimum_stock,
                    (SELECT l.counted_quantity FROM inventory_lines l JOIN visits v ON v.id = l.visit_id
                      WHERE v.guarantee_id = cg.guarantee_id AND v.status = 'completed'
                        AND l.goods_name = cg.description
                      ORDER BY v.visit_date DESC, v.id DESC LIMIT 1)
                 FROM counter_guarantees cg
                 WHERE cg.guarantee_id = ?1 AND cg.kind = 'pledge' AND cg.minimum_stock IS NOT NULL
                 ORDER BY cg.id",
            )?;
            let lines: Vec<(String, String, String, Option<String>)> = pledges
                .query_map([start.guarantee_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<Result<_, _>>()?;
            for (pos, (goods, unit, minimum, last)) in lines.into_iter().enumerate() {
                tx.execute(
                    "INSERT INTO inventory_lines (visit_id, position, goods_name, unit,
                         book_quantity, counted_quantity, last_count_quantity, pledged_minimum, note)
                     VALUES (?1, ?2, ?3, ?4, '', '', ?5, ?6, '')",
                    params![id, pos as i64, goods, unit, last, minimum],
                )?;
            }
            let after = serde_json::to_value(start).map_err(|e| StoreError::Invalid(e.to_string()))?;
            super::audit::append(tx, Entity::Visit, id, "start", None, Some(&after))?;
            Ok(id)
        })
    }

    /// Adds a photo read from disk to a visit being filled in. The same bytes twice on one visit
    /// are kept once (`Ok(None)`). Each photo is its own transaction: an import cut short keeps
    /// the photos already in.
    pub fn add_photo(
        &mut self,
        id: VisitId,
        read: &crate::photos::ReadPhoto,
        now: DateTime<FixedOffset>,
    ) -> StoreResult<Option<crate::visit::PhotoMeta>> {
        let same_picture = self.policy_in_force()?.evidence().photo_reuse_max_distance;
        // The copy a report prints, when the reader made it under the visit's settings (the
        // first report makes it otherwise: never here, under the database's lock).
        let page = self.visit_page_spec(id)?;
        let page_copy = read.page.as_ref().filter(|c| c.spec == page);
        self.in_transaction(|tx| {
            let status: VisitStatus = tx
                .query_row("SELECT status FROM visits WHERE id = ?1", [id], |r| r.get(0))
                .optional()?
                .ok_or(missing("visit", id))?;
            if status == VisitStatus::Completed {
                return Err(StoreError::VisitFrozen { visit_id: id });
            }
            let p = &read.photo;
            let sha = crate::digest::sha256_hex(&p.bytes);
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM photos WHERE visit_id = ?1 AND sha256 = ?2)",
                params![id, sha],
                |r| r.get(0),
            )?;
            if exists {
                return Ok(None);
            }
            tx.execute(
                "INSERT INTO photos (visit_id, position, file_name, sha256, mime_type, byte_size,
                     width, height, taken_at, latitude, longitude, caption, checklist_item, bytes,
                     print_jpeg, added_at)
                 VALUES (?1, (SELECT coalesce(max(position), -1) + 1 FROM photos WHERE visit_id = ?1),
                     ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                params![
                    id,
                    p.file_name,
                    sha,
                    p.mime_type,
                    i64::try_from(p.bytes.len()).unwrap_or(i64::MAX),
                    p.width,
                    p.height,
                    p.taken_at,
                    p.latitude.as_ref().map(decimal_text),
                    p.longitude.as_ref().map(decimal_text),
                    p.caption,
                    p.checklist_item,
                    p.bytes,
                    read.print,
                    now.to_rfc3339()
                ],
            )?;
            let photo_id = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO photo_thumbnails (photo_id, jpeg) VALUES (?1, ?2)",
                params![photo_id, read.thumbnail],
            )?;
            if let Some(copy) = page_copy {
                tx.execute(
                    "INSERT INTO photo_page_copies (photo_id, spec, jpeg) VALUES (?1, ?2, ?3)",
                    params![photo_id, copy.spec.key(), copy.jpeg],
                )?;
            }
            super::evidence::record_likeness(tx, photo_id, id, &read.likeness, same_picture)?;
            super::audit::append(
                tx,
                Entity::Visit,
                id,
                "add_photo",
                None,
                Some(&serde_json::json!({"photo": photo_id, "file": p.file_name, "sha256": sha})),
            )?;
            super::reports::void_confirmation(tx, id, now)?;
            Ok(super::visits::photos_of(tx, id)?
                .into_iter()
                .find(|m| m.id == photo_id))
        })
    }

    /// How visit `id`'s report prints its photos: its policy's document settings (the policy in
    /// force for a visit without one, or not found).
    pub fn visit_page_spec(&self, id: VisitId) -> StoreResult<crate::photos::PageSpec> {
        let version: Option<String> = self
            .conn()
            .query_row(
                "SELECT policy_version FROM visits WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        Ok(crate::photos::PageSpec::of(
            &self.policy_for_visit(version.as_deref())?.document(),
        ))
    }

    /// The thumbnail of a photo (JPEG), or the original bytes when it has none.
    pub fn photo_thumbnail(&self, photo_id: i64) -> StoreResult<(Vec<u8>, String)> {
        let conn = self.conn();
        let thumbnail: Option<Vec<u8>> = conn
            .query_row(
                "SELECT jpeg FROM photo_thumbnails WHERE photo_id = ?1",
                [photo_id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(jpeg) = thumbnail {
            return Ok((jpeg, "image/jpeg".to_owned()));
        }
        conn.query_row(
            "SELECT bytes, mime_type FROM photos WHERE id = ?1",
            [photo_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(missing("photo", photo_id))
    }

    pub fn photo_mime(&self, photo_id: i64) -> StoreResult<String> {
        self.conn()
            .query_row(
                "SELECT mime_type FROM photos WHERE id = ?1",
                [photo_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(missing("photo", photo_id))
    }

    /// The guarantee's visit in draft, if there is one.
    pub fn draft_visit_of(
        &self,
        id: crate::portfolio::GuaranteeId,
    ) -> StoreResult<Option<VisitId>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id FROM visits WHERE guarantee_id = ?1 AND status = 'draft'
                 ORDER BY id DESC LIMIT 1",
                params![id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// A visit as the editor shows it, draft or completed.
    pub fn visit_draft(&self, id: VisitId) -> StoreResult<VisitDraft> {
        read_draft(self.conn(), id)
    }

    /// Saves one edit. A completed visit is frozen: reopen it for a correction first.
    pub fn edit_visit(
        &mut self,
        id: VisitId,
        edit: &VisitEdit,
        policy: &Policy,
        catalog: &SignalCatalog,
        now: DateTime<FixedOffset>,
    ) -> StoreResult<EditOutcome> {
        self.edit_visit_and_read(id, edit, policy, catalog, now)
            .map(|(outcome, _)| outcome)
    }

    /// Saves one edit and returns the visit as it now stands (read once, for the audit log's
    /// "after" and for the screen alike).
    pub fn edit_visit_and_read(
        &mut self,
        id: VisitId,
        edit: &VisitEdit,
        policy: &Policy,
        catalog: &SignalCatalog,
        now: DateTime<FixedOffset>,
    ) -> StoreResult<(EditOutcome, VisitDraft)> {
        super::check_texts(&edit.texts())?;
        self.in_transaction(|tx| {
            let (status, confirmed): (VisitStatus, bool) = tx
                .query_row(
                    "SELECT status, borrower_confirmed_by IS NOT NULL FROM visits WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or(missing("visit", id))?;
            if status == VisitStatus::Completed {
                return Err(StoreError::VisitFrozen { visit_id: id });
            }
            // The visit before and after: the edit works from the one, the audit log records
            // what differs, and the screen shows the other.
            let before = read_draft(tx, id)?;
            let new_id = apply_edit(tx, &before, edit, policy, catalog, now)?;
            super::reports::void_confirmation(tx, id, now)?;
            let after = read_draft(tx, id)?;
            if let Some((was, is)) = super::audit::diff(&as_json(&before)?, &as_json(&after)?) {
                let kind = serde_json::to_value(edit)
                    .ok()
                    .and_then(|v| v.get("edit").and_then(|k| k.as_str().map(str::to_owned)))
                    .unwrap_or_else(|| "edit".into());
                super::audit::append(
                    tx,
                    Entity::Visit,
                    id,
                    &format!("edit:{kind}"),
                    Some(&was),
                    Some(&is),
                )?;
            }
            let outcome = EditOutcome {
                new_id,
                confirmation_voided: confirmed,
            };
            Ok((outcome, after))
        })
    }

    /// Takes the borrower's confirmation (借款人确认意见). Refused while anything else is
    /// missing: a confirmation is given on a complete checklist, never in advance.
    pub fn confirm_by_borrower(
        &mut self,
        id: VisitId,
        by: &str,
        policy: &Policy,
        catalog: &SignalCatalog,
        now: DateTime<FixedOffset>,
    ) -> StoreResult<()> {
        if by.trim().is_empty() {
            return Err(StoreError::Invalid(
                "the borrower's confirmation needs the name of who gave it".into(),
            ));
        }
        self.in_transaction(|tx| {
            let draft = read_draft(tx, id)?;
            if draft.status == VisitStatus::Completed {
                return Err(StoreError::VisitFrozen { visit_id: id });
            }
            let review = review::review(&draft, policy, catalog);
            if !review.ready_for_confirmation {
                return Err(StoreError::VisitNotReady {
                    problems: without_confirmation(review.problems),
                });
            }
            tx.execute(
                "UPDATE visits SET borrower_confirmed_by = ?2, borrower_confirmed_at = ?3,
                     updated_at = ?3 WHERE id = ?1",
                params![id, by.trim(), now.to_rfc3339()],
            )?;
            super::audit::append(
                tx,
                Entity::Visit,
                id,
                "confirm",
                None,
                Some(&serde_json::json!({"borrower_confirmed_by": by.trim()})),
            )?;
            Ok(())
        })
    }

    /// Completes a visit: every check passes, the borrower confirmed; numbers are written in
    /// their exact form and the visit is frozen. The report-writing task follows from it.
    pub fn complete_visit(
        &mut self,
        id: VisitId,
        policy: &Policy,
        catalog: &SignalCatalog,
        now: DateTime<FixedOffset>,
    ) -> StoreResult<()> {
        self.in_transaction(|tx| {
            let draft = read_draft(tx, id)?;
            if draft.status == VisitStatus::Completed {
                return Err(StoreError::VisitFrozen { visit_id: id });
            }
            let review = review::review(&draft, policy, catalog);
            if !review.ready_to_complete {
                return Err(StoreError::VisitNotReady {
                    problems: review.problems,
                });
            }
            // Exact numbers from here on: "1,422" is stored as 1422.
            for line in &draft.inventory {
                let canon = |t: &str| {
                    parse_number(t)
                        .ok()
                        .flatten()
                        .map(|d| decimal_text(&d.normalize()))
                };
                tx.execute(
                    "UPDATE inventory_lines SET book_quantity = ?2, counted_quantity = ?3,
                         last_count_quantity = ?4, pledged_minimum = ?5 WHERE id = ?1",
                    params![
                        line.id,
                        canon(&line.book_quantity),
                        canon(&line.counted_quantity),
                        canon(&line.last_count_quantity),
                        canon(&line.pledged_minimum)
                    ],
                )?;
            }
            for f in &draft.financials {
                match parse_number(&f.value).ok().flatten() {
                    Some(v) => tx.execute(
                        "UPDATE financial_figures SET value = ?3 WHERE visit_id = ?1 AND metric = ?2",
                        params![id, f.metric, decimal_text(&v.normalize())],
                    )?,
                    None => tx.execute(
                        "DELETE FROM financial_figures WHERE visit_id = ?1 AND metric = ?2",
                        params![id, f.metric],
                    )?,
                };
            }
            tx.execute(
                "UPDATE visits SET status = 'completed', completed_at = ?2, updated_at = ?2,
                     conclusion = trim(conclusion), measures = nullif(trim(measures), '')
                 WHERE id = ?1",
                params![id, now.to_rfc3339()],
            )?;
            let frozen = serde_json::to_string(&read_draft(tx, id)?)
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            super::audit::append(
                tx,
                Entity::Visit,
                id,
                "complete",
                None,
                Some(&serde_json::json!({
                    "version": draft.version,
                    "snapshot_sha256": crate::digest::sha256_hex(frozen.as_bytes()),
                })),
            )?;
            super::outbox::queue(tx, id, now)?;
            Ok(())
        })
    }

    /// Reopens a completed visit for a correction: the visit as completed is kept as a version
    /// with the reason, and the visit becomes a draft of the next version (the borrower confirms
    /// it again before it is completed again).
    pub fn reopen_visit(
        &mut self,
        id: VisitId,
        reason: &str,
        now: DateTime<FixedOffset>,
    ) -> StoreResult<u32> {
        super::check_texts(&[reason])?;
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid(
                "a correction needs the reason it is made".into(),
            ));
        }
        self.in_transaction(|tx| {
            let draft = read_draft(tx, id)?;
            let completed_at = match (draft.status, draft.completed_at) {
                (VisitStatus::Completed, Some(at)) => at,
                _ => {
                    return Err(StoreError::Invalid(format!(
                        "visit {id} is not completed; only a completed visit is corrected"
                    )));
                }
            };
            let snapshot =
                serde_json::to_string(&draft).map_err(|e| StoreError::Invalid(e.to_string()))?;
            tx.execute(
                "INSERT INTO visit_versions (visit_id, version, completed_at, reopened_at, reason,
                     snapshot)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id,
                    draft.version,
                    completed_at.to_rfc3339(),
                    now.to_rfc3339(),
                    reason.trim(),
                    snapshot
                ],
            )?;
            let next = draft.version + 1;
            tx.execute(
                "UPDATE visits SET status = 'draft', completed_at = NULL, version = ?2,
                     correction_reason = ?3, borrower_confirmed_by = NULL,
                     borrower_confirmed_at = NULL, updated_at = ?4
                 WHERE id = ?1",
                params![id, next, reason.trim(), now.to_rfc3339()],
            )?;
            // The corrected version is signed again, by both.
            tx.execute("DELETE FROM visit_signatures WHERE visit_id = ?1", [id])?;
            super::audit::append(
                tx,
                Entity::Visit,
                id,
                "reopen",
                Some(&serde_json::json!({
                    "version": draft.version,
                    "snapshot_sha256": crate::digest::sha256_hex(snapshot.as_bytes()),
                })),
                Some(&serde_json::json!({"version": next, "reason": reason.trim()})),
            )?;
            super::outbox::drop_unsent(tx, id)?;
            Ok(next)
        })
    }

    /// The earlier versions of a visit, oldest first.
    pub fn visit_versions(&self, id: VisitId) -> StoreResult<Vec<VisitVersion>> {
        let mut stmt = self.conn().prepare(
            "SELECT version, completed_at, reopened_at, reason FROM visit_versions
             WHERE visit_id = ?1 ORDER BY version",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(VisitVersion {
                version: r.get(0)?,
                completed_at: r.get(1)?,
                reopened_at: r.get(2)?,
                reason: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The draft as it was when version `version` was completed.
    pub fn visit_version_snapshot(&self, id: VisitId, version: u32) -> StoreResult<VisitDraft> {
        let text: String = self
            .conn()
            .query_row(
                "SELECT snapshot FROM visit_versions WHERE visit_id = ?1 AND version = ?2",
                params![id, version],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::Missing {
                what: "visit version",
                id: i64::from(version),
            })?;
        serde_json::from_str(&text).map_err(|e| StoreError::Invalid(e.to_string()))
    }
}

/// A visit as JSON, for the audit log's before and after.
fn as_json(draft: &VisitDraft) -> StoreResult<serde_json::Value> {
    serde_json::to_value(draft).map_err(|e| StoreError::Invalid(e.to_string()))
}

fn without_confirmation(problems: Vec<Problem>) -> Vec<Problem> {
    problems
        .into_iter()
        .filter(|p| *p != Problem::BorrowerNotConfirmed)
        .collect()
}

fn missing(what: &'static str, id: i64) -> StoreError {
    StoreError::Missing { what, id }
}

/// The visit as it stood before the edit, read the first time an edit asks for it.
/// Applies one edit inside the caller's transaction; returns the id of a row it added.
fn apply_edit(
    tx: &Connection,
    draft: &VisitDraft,
    edit: &VisitEdit,
    policy: &Policy,
    catalog: &SignalCatalog,
    now: DateTime<FixedOffset>,
) -> StoreResult<Option<i64>> {
    let id = draft.id;
    let changed = |n: usize, what: &'static str, row: i64| {
        if n == 0 {
            Err(missing(what, row))
        } else {
            Ok(None)
        }
    };
    match edit {
        VisitEdit::Method { method } => {
            tx.execute(
                "UPDATE visits SET method = ?2 WHERE id = ?1",
                params![id, method],
            )?;
            Ok(None)
        }
        VisitEdit::VisitDate { date } => {
            tx.execute(
                "UPDATE visits SET visit_date = ?2 WHERE id = ?1",
                params![id, date],
            )?;
            Ok(None)
        }
        VisitEdit::Answer { code, answer } => {
            let item = draft
                .answers
                .iter()
                .find(|a| a.item.code == *code)
                .ok_or_else(|| StoreError::Invalid(format!("no checklist item {code}")))?;
            if item.item.answer == crate::checklist::AnswerKind::Choice
                && !answer.is_empty()
                && !item.item.options.contains(answer)
            {
                return Err(StoreError::Invalid(format!(
                    "“{answer}” is not an option of {code}"
                )));
            }
            tx.execute(
                "UPDATE checklist_answers SET answer = ?3 WHERE visit_id = ?1 AND item_code = ?2",
                params![id, code, answer],
            )?;
            Ok(None)
        }
        VisitEdit::AnswerNote { code, note } => {
            let n = tx.execute(
                "UPDATE checklist_answers SET note = ?3 WHERE visit_id = ?1 AND item_code = ?2",
                params![id, code, note],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!("no checklist item {code}")));
            }
            Ok(None)
        }
        VisitEdit::AddInventoryLine => {
            tx.execute(
                "INSERT INTO inventory_lines (visit_id, position, goods_name, unit, book_quantity,
                     counted_quantity, note)
                 VALUES (?1, (SELECT coalesce(max(position), -1) + 1 FROM inventory_lines
                              WHERE visit_id = ?1), '', '', '', '', '')",
                [id],
            )?;
            Ok(Some(tx.last_insert_rowid()))
        }
        VisitEdit::InventoryText {
            line_id,
            column,
            text,
        } => {
            let col = match column {
                InventoryColumn::GoodsName => "goods_name",
                InventoryColumn::Unit => "unit",
                InventoryColumn::BookQuantity => "book_quantity",
                InventoryColumn::CountedQuantity => "counted_quantity",
                InventoryColumn::LastCountQuantity => "last_count_quantity",
                InventoryColumn::PledgedMinimum => "pledged_minimum",
                InventoryColumn::Note => "note",
            };
            let n = tx.execute(
                &format!("UPDATE inventory_lines SET {col} = ?3 WHERE id = ?2 AND visit_id = ?1"),
                params![id, line_id, text],
            )?;
            changed(n, "stock-count line", *line_id)
        }
        VisitEdit::RemoveInventoryLine { line_id } => {
            let n = tx.execute(
                "DELETE FROM inventory_lines WHERE id = ?2 AND visit_id = ?1",
                params![id, line_id],
            )?;
            changed(n, "stock-count line", *line_id)
        }
        VisitEdit::AddInterview => {
            tx.execute(
                "INSERT INTO worker_interviews (visit_id, position, role, wages_paid_on_time,
                     months_in_arrears, layoffs_seen, equipment_moved_out)
                 VALUES (?1, (SELECT coalesce(max(position), -1) + 1 FROM worker_interviews
                              WHERE visit_id = ?1), '', 1, 0, 0, 0)",
                [id],
            )?;
            Ok(Some(tx.last_insert_rowid()))
        }
        VisitEdit::Interview {
            interview_id,
            value,
        } => {
            let sql = |col: &str| {
                format!("UPDATE worker_interviews SET {col} = ?3 WHERE id = ?2 AND visit_id = ?1")
            };
            let n = match value {
                InterviewValue::Role(v) => {
                    tx.execute(&sql("role"), params![id, interview_id, v])?
                }
                InterviewValue::YearsAtFirm(v) => {
                    tx.execute(&sql("years_at_firm"), params![id, interview_id, v])?
                }
                InterviewValue::WagesPaidOnTime(v) => {
                    tx.execute(&sql("wages_paid_on_time"), params![id, interview_id, v])?
                }
                InterviewValue::MonthsInArrears(v) => {
                    tx.execute(&sql("months_in_arrears"), params![id, interview_id, v])?
                }
                InterviewValue::ShiftsPerDay(v) => {
                    tx.execute(&sql("shifts_per_day"), params![id, interview_id, v])?
                }
                InterviewValue::OrdersOnHand(v) => {
                    tx.execute(&sql("orders_on_hand"), params![id, interview_id, v])?
                }
                InterviewValue::LayoffsSeen(v) => {
                    tx.execute(&sql("layoffs_seen"), params![id, interview_id, v])?
                }
                InterviewValue::EquipmentMovedOut(v) => {
                    tx.execute(&sql("equipment_moved_out"), params![id, interview_id, v])?
                }
                InterviewValue::Notes(v) => {
                    tx.execute(&sql("notes"), params![id, interview_id, v])?
                }
            };
            changed(n, "interview", *interview_id)
        }
        VisitEdit::RemoveInterview { interview_id } => {
            let n = tx.execute(
                "DELETE FROM worker_interviews WHERE id = ?2 AND visit_id = ?1",
                params![id, interview_id],
            )?;
            changed(n, "interview", *interview_id)
        }
        VisitEdit::Figure { metric, text } => {
            if text.trim().is_empty() {
                tx.execute(
                    "DELETE FROM financial_figures WHERE visit_id = ?1 AND metric = ?2",
                    params![id, metric],
                )?;
            } else {
                tx.execute(
                    "INSERT INTO financial_figures (visit_id, metric, value) VALUES (?1, ?2, ?3)
                     ON CONFLICT (visit_id, metric) DO UPDATE SET value = excluded.value",
                    params![id, metric, text],
                )?;
            }
            Ok(None)
        }
        VisitEdit::Conclusion { text } => {
            tx.execute(
                "UPDATE visits SET conclusion = ?2 WHERE id = ?1",
                params![id, text],
            )?;
            Ok(None)
        }
        VisitEdit::Measures { text } => {
            tx.execute(
                "UPDATE visits SET measures = ?2 WHERE id = ?1",
                params![id, text],
            )?;
            Ok(None)
        }
        VisitEdit::ConfirmRepeatedText { field } => {
            let text = draft
                .texts()
                .into_iter()
                .find(|(f, _)| f == field)
                .map(|(_, t)| t.to_owned())
                .ok_or_else(|| StoreError::Invalid(format!("no text field {field}")))?;
            tx.execute(
                "INSERT INTO visit_text_confirmations (visit_id, field, sha256) VALUES (?1, ?2, ?3)
                 ON CONFLICT (visit_id, field) DO UPDATE SET sha256 = excluded.sha256",
                params![id, field, review::text_hash(&text)],
            )?;
            Ok(None)
        }
        VisitEdit::AcceptSignal { code } => {
            let review = review::review(draft, policy, catalog);
            let proposal = review
                .proposed
                .iter()
                .find(|p| p.code == *code)
                .ok_or_else(|| StoreError::Invalid(format!("signal {code} is not proposed")))?;
            raise(tx, draft, catalog, code, &proposal.evidence).map(Some)
        }
        VisitEdit::RaiseSignal { code, evidence } => {
            if evidence.trim().is_empty() {
                return Err(StoreError::Invalid(format!(
                    "signal {code} needs the evidence the officer saw"
                )));
            }
            raise(tx, draft, catalog, code, evidence.trim()).map(Some)
        }
        VisitEdit::WithdrawSignal { signal_id } => {
            let n = tx.execute(
                "DELETE FROM signals WHERE id = ?2 AND visit_id = ?1",
                params![id, signal_id],
            )?;
            changed(n, "signal", *signal_id)
        }
        VisitEdit::DismissSignal { code, reason } => {
            if reason.trim().is_empty() {
                return Err(StoreError::Invalid(format!(
                    "dismissing signal {code} needs the reason"
                )));
            }
            tx.execute(
                "INSERT INTO signal_dismissals (visit_id, code, reason, dismissed_at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (visit_id, code) DO UPDATE SET reason = excluded.reason,
                     dismissed_at = excluded.dismissed_at",
                params![id, code, reason.trim(), now.to_rfc3339()],
            )?;
            Ok(None)
        }
        VisitEdit::UndismissSignal { code } => {
            tx.execute(
                "DELETE FROM signal_dismissals WHERE visit_id = ?1 AND code = ?2",
                params![id, code],
            )?;
            Ok(None)
        }
        VisitEdit::PhotoCaption { photo_id, caption } => {
            let n = tx.execute(
                "UPDATE photos SET caption = ?3 WHERE id = ?2 AND visit_id = ?1",
                params![id, photo_id, caption],
            )?;
            changed(n, "photo", *photo_id)
        }
        VisitEdit::PhotoItem { photo_id, item } => {
            let n = tx.execute(
                "UPDATE photos SET checklist_item = ?3 WHERE id = ?2 AND visit_id = ?1",
                params![id, photo_id, item],
            )?;
            changed(n, "photo", *photo_id)
        }
        VisitEdit::RemovePhoto { photo_id } => {
            let n = tx.execute(
                "DELETE FROM photos WHERE id = ?2 AND visit_id = ?1",
                params![id, photo_id],
            )?;
            changed(n, "photo", *photo_id)
        }
        VisitEdit::ExplainPhotoReuse {
            photo_id,
            explanation,
        } => {
            let text = explanation.trim();
            let n = tx.execute(
                "UPDATE photo_reuse SET explanation = nullif(?3, ''), explained_at = ?4
                 WHERE photo_id = ?2 AND photo_id IN (SELECT id FROM photos WHERE visit_id = ?1)",
                params![
                    id,
                    photo_id,
                    text,
                    (!text.is_empty()).then(|| now.to_rfc3339())
                ],
            )?;
            changed(n, "flagged photo", *photo_id)
        }
        VisitEdit::RegisterSite {
            latitude,
            longitude,
        } => {
            if let Some(site) = draft.site {
                return Err(SiteError::AlreadyRegistered(site).into());
            }
            let site = Place::parse(latitude, longitude)?;
            let borrower: i64 = tx.query_row(
                "SELECT borrower_id FROM guarantees WHERE id = ?1",
                [draft.guarantee_id],
                |r| r.get(0),
            )?;
            tx.execute(
                "UPDATE borrowers SET site_latitude = ?2, site_longitude = ?3
                 WHERE id = ?1 AND site_latitude IS NULL",
                params![
                    borrower,
                    decimal_text(&site.latitude),
                    decimal_text(&site.longitude)
                ],
            )?;
            Ok(None)
        }
    }
}

fn raise(
    tx: &Connection,
    draft: &VisitDraft,
    catalog: &SignalCatalog,
    code: &str,
    evidence: &str,
) -> StoreResult<i64> {
    let def = catalog
        .get(code)
        .ok_or_else(|| StoreError::Invalid(format!("signal {code} is not in the catalogue")))?;
    insert_signal(
        tx,
        &NewSignal::from_catalog(
            def,
            draft.guarantee_id,
            Some(draft.id),
            evidence,
            draft.visit_date,
        ),
    )
}

#[cfg(test)]
mod tests;
