//! Sending completed reports to head office (`baohou-hq`): the protocol both sides speak, and
//! the laptop's client that empties the outbox.

pub mod claims;
pub mod client;
mod updates;
