//! Photos added to a visit from files, with what was refused and what looks re-used.

use crate::support::CliError;
use crate::support::*;
use baohou_core::i18n::Locale;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One photo as `visit photos` reports it.
#[derive(Serialize)]
pub(super) struct PhotoJson {
    file: String,
    /// accepted, duplicate (the same bytes are on this visit already) or refused.
    status: &'static str,
    reason: Option<String>,
    photo_id: Option<i64>,
    taken_at: Option<chrono::NaiveDateTime>,
    metres_from_site: Option<u32>,
    far_from_site: bool,
    far_from_visit: bool,
    ahead_of_clock_minutes: Option<u32>,
    reuses: Option<ReuseJson>,
}

#[derive(Serialize)]
pub(super) struct ReuseJson {
    earlier_visit_date: NaiveDate,
    contract_no: String,
    borrower: String,
    distance_bits: u32,
}

pub(super) fn photos(
    db: &Path,
    visit: i64,
    files: &[PathBuf],
    json: bool,
    l: Locale,
) -> Result<(), CliError> {
    let mut s = session(db, l)?;
    let page = s.photo_page_spec(l, visit).ok();
    // Each file on its own, so that each gets its answer.
    let mut outcomes = Vec::new();
    for path in files {
        let mut sha = None;
        let report = baohou_core::photos::import(
            std::slice::from_ref(path),
            l,
            page,
            |photo| {
                sha = Some(baohou_core::store::sha256_hex(&photo.photo.bytes));
                s.add_photo(l, visit, photo).map_err(|e| e.message)
            },
            |_| {},
        );
        if let Some(why) = report.stopped {
            return Err(CliError::Message(why));
        }
        let status = if report.added > 0 {
            "accepted"
        } else if !report.duplicates.is_empty() {
            "duplicate"
        } else {
            "refused"
        };
        outcomes.push((path, status, report.refused.first().cloned(), sha));
    }
    let screen = s.visit(l, visit).map_err(user)?;
    let rows: Vec<PhotoJson> = outcomes
        .into_iter()
        .map(|(path, status, reason, sha)| {
            let meta = sha
                .as_ref()
                .filter(|_| status != "refused")
                .and_then(|sha| screen.draft.photos.iter().find(|p| &p.sha256 == sha));
            let check = meta.and_then(|m| screen.review.photos.iter().find(|c| c.photo_id == m.id));
            PhotoJson {
                file: path.display().to_string(),
                status,
                reason,
                photo_id: meta.map(|m| m.id),
                taken_at: meta.and_then(|m| m.taken_at),
                metres_from_site: check.and_then(|c| c.metres_from_site),
                far_from_site: check.is_some_and(|c| c.far_from_site),
                far_from_visit: check.is_some_and(|c| c.far_from_visit),
                ahead_of_clock_minutes: check.and_then(|c| c.ahead_of_clock_minutes),
                reuses: meta.and_then(|m| m.reused.as_ref()).map(|r| ReuseJson {
                    earlier_visit_date: r.earlier_visit_date,
                    contract_no: r.earlier_contract_no.clone(),
                    borrower: r.earlier_borrower.clone(),
                    distance_bits: r.distance,
                }),
            }
        })
        .collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&rows).expect("JSON"));
        return Ok(());
    }
    for r in &rows {
        let mut line = format!("{}\t{}", r.file, r.status);
        if let Some(why) = &r.reason {
            line.push_str(&format!("\t{why}"));
        }
        if let Some(id) = r.photo_id {
            line.push_str(&format!("\t#{id}"));
        }
        if let Some(t) = r.taken_at {
            line.push_str(&format!("\t{t}"));
        }
        if let Some(m) = r.metres_from_site {
            line.push_str(&format!("\t{m} m"));
        }
        if let Some(re) = &r.reuses {
            line.push_str(&format!(
                "\t{}{} {}",
                l.pick("重复使用 ", "重複使用 ", "re-uses "),
                re.earlier_visit_date,
                re.contract_no
            ));
        }
        println!("{line}");
    }
    Ok(())
}
