//! What the store keeps of a visit's evidence: each photo's likeness, and the flag of a photo
//! that is an earlier photo's picture re-used, with the officer's explanation.

use super::codec::get_opt_decimal;
use super::{StoreError, StoreResult};
use crate::evidence::by_officer::{self, OfficerEvidence, PhotoFacts, VisitFacts};
use crate::evidence::likeness::Likeness;
use crate::evidence::place::Place;
use crate::policy::EvidenceRules;
use crate::visit::VisitId;
use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, TransactionBehavior, params};
use std::collections::BTreeMap;

/// Keeps the likeness of a photo just added to visit `visit`, and flags it when an earlier
/// photo of another visit, anywhere in the portfolio on this laptop, is within `same_picture`
/// bits: the nearest such one (the oldest of equally near ones).
pub(super) fn record_likeness(
    conn: &Connection,
    photo_id: i64,
    visit: VisitId,
    likeness: &Likeness,
    same_picture: u32,
) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO photo_likeness (photo_id, hashes) VALUES (?1, ?2)",
        params![photo_id, likeness.to_bytes()],
    )?;
    let mut stmt = conn.prepare_cached(
        // The visit's own photos through its index; the likenesses alone scanned (joining each
        // to its photo's row would read a page of the file per photo).
        "SELECT l.photo_id, l.hashes FROM photo_likeness l
         WHERE l.photo_id NOT IN (SELECT id FROM photos WHERE visit_id = ?1)
         ORDER BY l.photo_id",
    )?;
    let mut rows = stmt.query([visit])?;
    let mut nearest: Option<(u32, i64)> = None;
    while let Some(r) = rows.next()? {
        let bytes: Vec<u8> = r.get(1)?;
        let earlier = Likeness::from_bytes(&bytes).ok_or_else(|| {
            StoreError::Invalid(format!(
                "photo {}: its likeness is damaged",
                r.get::<_, i64>(0).unwrap_or(0)
            ))
        })?;
        let d = likeness.distance(&earlier);
        if d <= same_picture && nearest.is_none_or(|(n, _)| d < n) {
            nearest = Some((d, r.get(0)?));
        }
    }
    if let Some((distance, earlier)) = nearest {
        conn.execute(
            "INSERT INTO photo_reuse (photo_id, earlier_photo_id, distance) VALUES (?1, ?2, ?3)",
            params![photo_id, earlier, distance],
        )?;
    }
    Ok(())
}

/// Schema 26's step: the likeness of every photo kept before it, from its print copy when it has
/// one (the picture the likeness of a new photo is taken of), so that a picture re-used from a
/// visit recorded before the upgrade is found too. The photos are not flagged among themselves:
/// only photos added from now on are. A photo that does not decode has no likeness.
pub(super) fn backfill_likeness(conn: &Connection) -> StoreResult<()> {
    let ids: Vec<i64> = conn
        .prepare(
            "SELECT id FROM photos WHERE id NOT IN (SELECT photo_id FROM photo_likeness)
             ORDER BY id",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut read = conn.prepare("SELECT coalesce(print_jpeg, bytes) FROM photos WHERE id = ?1")?;
    let mut insert =
        conn.prepare("INSERT INTO photo_likeness (photo_id, hashes) VALUES (?1, ?2)")?;
    for id in ids {
        let bytes: Vec<u8> = read.query_row([id], |r| r.get(0))?;
        if let Some(likeness) = crate::photos::likeness_of_stored(&bytes) {
            insert.execute(params![id, likeness.to_bytes()])?;
        }
    }
    Ok(())
}

impl super::Store {
    /// The facts of every visit completed with a visit date in `from..=to`, for the managers'
    /// counts (`evidence::by_officer`): its officer, its free texts and the texts of the
    /// guarantee's completed visit before it, the borrower's site, and its photos.
    pub fn visit_evidence(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<VisitFacts>> {
        self.visit_facts(from, to, None)
    }

    /// Each officer's evidence counts over the visits completed with a visit date in
    /// `from..=to`, judged under `rules` (`by_officer::count` of [`Store::visit_evidence`]). Each
    /// visit's flags are kept once judged (`evidence_judgements`, which the schema's triggers
    /// empty of a visit whose facts change): a visit is judged again only when it or the visit
    /// before it changed, or the policy's numbers or the judging did. The visits without flags
    /// are read, judged, kept and counted in one IMMEDIATE transaction, so that no other
    /// connection's change falls between the reading and the keeping. Flags are a cache: a store
    /// still being checked at unlock (read only), a database busy with another writer or a full
    /// disk has them judged and counted without keeping them.
    pub fn evidence_counts(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        rules: &EvidenceRules,
    ) -> StoreResult<Vec<OfficerEvidence>> {
        let fingerprint = by_officer::rules_fingerprint(rules);
        let conn = self.conn();
        if !self.read_only()?
            && conn.is_autocommit()
            && let Ok(tx) = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)
        {
            let kept = self
                .judge_unjudged(from, to, rules, &fingerprint, true)
                .and_then(|by_id| {
                    tx.commit()?;
                    Ok(by_id)
                });
            if let Ok(by_id) = kept {
                return Ok(by_officer::by_name(by_id));
            }
            // Rolled back as it is dropped: judged again below, not kept.
        }
        let by_id = self.judge_unjudged(from, to, rules, &fingerprint, false)?;
        Ok(by_officer::by_name(by_id))
    }

    /// The counts of the visits of `from..=to` by officer: those without flags kept under
    /// `fingerprint` judged now (and kept, when `keep`), with the kept flags of the others.
    fn judge_unjudged(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        rules: &EvidenceRules,
        fingerprint: &str,
        keep: bool,
    ) -> StoreResult<BTreeMap<i64, OfficerEvidence>> {
        let conn = self.conn();
        let unjudged = self.visit_facts(from, to, Some(fingerprint))?;
        let mut by_id: BTreeMap<i64, OfficerEvidence> = BTreeMap::new();
        let mut insert = conn.prepare_cached(
            "INSERT OR REPLACE INTO evidence_judgements
               (visit_id, rules, reused_photos, unexplained_photos, near_copy,
                far_from_site, photos_ahead_of_clock, photos_without_exif)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for v in &unjudged {
            let f = by_officer::judge(v, rules);
            if keep {
                insert.execute(params![
                    v.visit_id,
                    fingerprint,
                    f.reused_photos,
                    f.unexplained_photos,
                    f.near_copy,
                    f.far_from_site,
                    f.photos_ahead_of_clock,
                    f.photos_without_exif
                ])?;
            } else {
                by_id
                    .entry(v.officer_id)
                    .or_insert_with(|| OfficerEvidence::new(v.officer_id, &v.officer))
                    .add_visit(&f);
            }
        }
        let mut kept = conn.prepare_cached(
            "SELECT v.officer_id, o.name, count(*), sum(j.reused_photos),
                    sum(j.unexplained_photos), sum(j.near_copy), sum(j.far_from_site),
                    sum(j.photos_ahead_of_clock), sum(j.photos_without_exif)
             FROM visits v
             JOIN evidence_judgements j ON j.visit_id = v.id AND j.rules = ?3
             JOIN officers o ON o.id = v.officer_id
             WHERE v.status = 'completed' AND v.visit_date BETWEEN ?1 AND ?2
             GROUP BY v.officer_id",
        )?;
        let rows = kept.query_map(params![from, to, fingerprint], |r| {
            Ok(OfficerEvidence {
                officer_id: r.get(0)?,
                officer: r.get(1)?,
                visits: r.get(2)?,
                reused_photos: r.get(3)?,
                unexplained_photos: r.get(4)?,
                near_copy_reports: r.get(5)?,
                far_from_site_visits: r.get(6)?,
                photos_ahead_of_clock: r.get(7)?,
                photos_without_exif: r.get(8)?,
            })
        })?;
        for row in rows {
            let counts = row?;
            by_id
                .entry(counts.officer_id)
                .or_insert_with(|| OfficerEvidence::new(counts.officer_id, &counts.officer))
                .add(&counts);
        }
        Ok(by_id)
    }

    /// The facts of the visits completed in `from..=to`; with `unjudged_under`, only those
    /// without flags kept under that fingerprint.
    fn visit_facts(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        unjudged_under: Option<&str>,
    ) -> StoreResult<Vec<VisitFacts>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT v.id, v.officer_id, o.name, coalesce(v.conclusion, ''), coalesce(v.measures, ''),
                    b.site_latitude, b.site_longitude,
                    (SELECT p.id FROM visits p
                      WHERE p.guarantee_id = v.guarantee_id AND p.status = 'completed'
                        AND (p.visit_date, p.id) < (v.visit_date, v.id)
                      ORDER BY p.visit_date DESC, p.id DESC LIMIT 1)
             FROM visits v
             JOIN officers o ON o.id = v.officer_id
             JOIN guarantees g ON g.id = v.guarantee_id
             JOIN borrowers b ON b.id = g.borrower_id
             WHERE v.status = 'completed' AND v.visit_date BETWEEN ?1 AND ?2
               AND (?3 IS NULL OR NOT EXISTS (
                    SELECT 1 FROM evidence_judgements j WHERE j.visit_id = v.id AND j.rules = ?3))
             ORDER BY v.visit_date, v.id",
        )?;
        let rows = stmt
            .query_map(params![from, to, unjudged_under], |r| {
                Ok((
                    r.get::<_, VisitId>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    Place::from_parts(get_opt_decimal(r, 5)?, get_opt_decimal(r, 6)?),
                    r.get::<_, Option<VisitId>>(7)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let texts_of = |id: VisitId, conclusion: String, measures: String| {
            super::visit_draft::report_texts(conn, id, conclusion, measures)
                .map(|t| t.into_iter().map(|(_, text)| text).collect::<Vec<_>>())
        };
        let mut photos = conn.prepare_cached(
            "SELECT p.taken_at, p.added_at, p.latitude, p.longitude, r.photo_id IS NOT NULL,
                    r.explanation IS NOT NULL
             FROM photos p LEFT JOIN photo_reuse r ON r.photo_id = p.id
             WHERE p.visit_id = ?1 ORDER BY p.position",
        )?;
        let mut previous = conn.prepare_cached(
            "SELECT coalesce(conclusion, ''), coalesce(measures, '') FROM visits WHERE id = ?1",
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, officer_id, officer, conclusion, measures, site, previous_id) in rows {
            let previous_texts = match previous_id {
                Some(p) => {
                    let (c, m) = previous.query_row([p], |r| Ok((r.get(0)?, r.get(1)?)))?;
                    Some(texts_of(p, c, m)?)
                }
                None => None,
            };
            out.push(VisitFacts {
                visit_id: id,
                officer_id,
                officer,
                texts: texts_of(id, conclusion, measures)?,
                previous_texts,
                site,
                photos: photos
                    .query_map([id], |r| {
                        Ok(PhotoFacts {
                            taken_at: r.get(0)?,
                            added_at: r.get(1)?,
                            place: Place::from_parts(
                                get_opt_decimal(r, 2)?,
                                get_opt_decimal(r, 3)?,
                            ),
                            reused: r.get(4)?,
                            explained: r.get(5)?,
                        })
                    })?
                    .collect::<Result<_, _>>()?,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use crate::demo::{LargePortfolio, write_large_portfolio};
    use crate::evidence::by_officer::{OfficerEvidence, count};
    use crate::policy::{EvidenceRules, Policy};
    use crate::store::Store;
    use crate::visit::{NewVisit, VisitKind, VisitMethod, VisitStatus};
    use chrono::NaiveDate;
    use rust_decimal_macros::dec;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// The counts from the kept flags are the counts of every visit judged afresh, and every
    /// visit of the period has its flags kept afterwards.
    fn kept_agrees(store: &Store, rules: &EvidenceRules) -> Vec<OfficerEvidence> {
        let (from, to) = (d("2025-11-24"), d("2026-11-23"));
        let kept = store.evidence_counts(from, to, rules).unwrap();
        let fresh = count(&store.visit_evidence(from, to).unwrap(), rules);
        assert_eq!(kept, fresh);
        let unjudged: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM visits v WHERE v.status = 'completed'
                   AND v.visit_date BETWEEN ?1 AND ?2
                   AND v.id NOT IN (SELECT visit_id FROM evidence_judgements)",
                rusqlite::params![from, to],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(unjudged, 0);
        kept
    }

    #[test]
    fn the_kept_flags_count_as_judging_every_visit_afresh_whatever_changes() {
        let today = d("2026-11-23");
        let mut store = Store::open_in_memory().unwrap();
        write_large_portfolio(
            &mut store,
            LargePortfolio {
                guarantees: 60,
                years: 2,
            },
            today,
        )
        .unwrap();
        let rules = Policy::builtin().evidence();
        let before = kept_agrees(&store, &rules);
        let total = |c: &[OfficerEvidence], f: fn(&OfficerEvidence) -> u32| -> u32 {
            c.iter().map(f).sum()
        };
        // The generated portfolio has each kind of flag to count.
        assert!(total(&before, |o| o.near_copy_reports) > 10, "{before:?}");
        assert!(total(&before, |o| o.far_from_site_visits) > 0, "{before:?}");
        assert!(total(&before, |o| o.photos_without_exif) > 0, "{before:?}");

        // A borrower's site registered elsewhere: its visits' photos are now far from it.
        store
            .conn()
            .execute(
                "UPDATE borrowers SET site_latitude = '31.5' WHERE id = 2",
                [],
            )
            .unwrap();
        let moved = kept_agrees(&store, &rules);
        assert!(
            total(&moved, |o| o.far_from_site_visits) > total(&before, |o| o.far_from_site_visits)
        );

        // A completed visit recorded in the middle of a guarantee's year: the visit after it is
        // compared with it now.
        let g = store.guarantee(3).unwrap();
        store
            .insert_visit(&NewVisit {
                guarantee_id: g.id,
                kind: VisitKind::Periodic,
                method: VisitMethod::Phone,
                visit_date: d("2026-06-01"),
                officer_id: g.officer_a_id,
                companion_officer_id: None,
                status: VisitStatus::Completed,
                policy_version: None,
                conclusion: Some("电话回访，企业称经营正常。".into()),
                measures: None,
                completed_at: Some(
                    chrono::DateTime::parse_from_rfc3339("2026-06-01T17:00:00+08:00").unwrap(),
                ),
                answers: Vec::new(),
                inventory: Vec::new(),
                interviews: Vec::new(),
                financials: Vec::new(),
                photos: Vec::new(),
            })
            .unwrap();
        let added = kept_agrees(&store, &rules);
        assert_eq!(total(&added, |o| o.visits), total(&moved, |o| o.visits) + 1);

        // A photo flagged as re-used, then explained.
        let photo: i64 = store
            .conn()
            .query_row(
                "SELECT p.id FROM photos p JOIN visits v ON v.id = p.visit_id
                 WHERE v.visit_date > '2026-01-01' ORDER BY p.id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        store
            .conn()
            .execute(
                "INSERT INTO photo_reuse (photo_id, earlier_photo_id, distance) VALUES (?1, 1, 3)",
                [photo],
            )
            .unwrap();
        let flagged = kept_agrees(&store, &rules);
        assert_eq!(total(&flagged, |o| o.unexplained_photos), 1);
        store
            .conn()
            .execute(
                "UPDATE photo_reuse SET explanation = '同一台设备，位置未变' WHERE photo_id = ?1",
                [photo],
            )
            .unwrap();
        let explained = kept_agrees(&store, &rules);
        assert_eq!(
            (
                total(&explained, |o| o.reused_photos),
                total(&explained, |o| o.unexplained_photos)
            ),
            (1, 0)
        );

        // Other numbers in the policy, and back.
        let strict = EvidenceRules {
            copied_share: dec!(0.3),
            site_max_distance_m: 100,
            ..rules.clone()
        };
        let under_strict = kept_agrees(&store, &strict);
        assert_ne!(under_strict, explained);
        assert_eq!(kept_agrees(&store, &rules), explained);
    }
}
