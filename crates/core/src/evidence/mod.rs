//! Evidence that cannot be faked: a photo re-used from an earlier visit is found by its
//! [`likeness`].

pub mod likeness;
