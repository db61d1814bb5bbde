//! One file per group of subcommands, each with its clap arguments and its handler; `lib.rs`
//! holds what they share (the error, opening the database, printing).

pub mod agenda;
pub mod collection;
pub mod company;
pub mod database;
pub mod documents;
pub mod done;
pub mod evidence;
pub mod privacy;
pub mod sheets;
pub mod sync;
pub mod visit;
