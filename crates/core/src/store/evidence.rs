//! What the store keeps of a visit's evidence: each photo's likeness, and the flag of a photo
//! that is an earlier photo's picture re-used, with the officer's explanation.

use super::codec::get_opt_decimal;
use super::{StoreError, StoreResult};
use crate::evidence::by_officer::{PhotoFacts, VisitFacts};
use crate::evidence::likeness::Likeness;
use crate::evidence::place::Place;
use crate::visit::VisitId;
use chrono::NaiveDate;
use rusqlite::{Connection, params};

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
             ORDER BY v.visit_date, v.id",
        )?;
        let rows = stmt
            .query_map(params![from, to], |r| {
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
