//! Evidence that cannot be faked: a photo re-used from an earlier visit is found by its
//! [`likeness`]; a photo's [`place`] is set against the borrower's registered site; a report
//! copied from the last one is found by its sentences' [`similarity`].

pub mod by_officer;
pub mod likeness;
pub mod place;
pub mod similarity;

/// Minutes a photo's camera time is later than the laptop's clock was when the photo was added,
/// when more than `tolerance` minutes (EXIF time has no zone: it is the camera's local time, set
/// against the laptop's local time then).
pub fn clock_ahead_minutes(
    taken_at: Option<chrono::NaiveDateTime>,
    added_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    tolerance: u32,
) -> Option<u32> {
    let (taken, added) = taken_at.zip(added_at)?;
    let minutes = (taken - added.naive_local()).num_minutes();
    (minutes > i64::from(tolerance)).then(|| u32::try_from(minutes).unwrap_or(u32::MAX))
}
