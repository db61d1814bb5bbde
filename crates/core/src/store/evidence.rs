//! What the store keeps of a visit's evidence: each photo's likeness, and the flag of a photo
//! that is an earlier photo's picture re-used, with the officer's explanation.

use super::{StoreError, StoreResult};
use crate::evidence::likeness::Likeness;
use crate::visit::VisitId;
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
        "SELECT l.photo_id, l.hashes FROM photo_likeness l JOIN photos p ON p.id = l.photo_id
         WHERE p.visit_id <> ?1 ORDER BY l.photo_id",
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
