//! Evidence that cannot be faked: a photo re-used from an earlier visit is found by its
//! [`likeness`]; a photo's [`place`] is set against the borrower's registered site; a report
//! copied from the last one is found by its sentences' [`similarity`].

pub mod likeness;
pub mod place;
pub mod similarity;
