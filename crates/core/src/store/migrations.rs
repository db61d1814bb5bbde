//! Numbered schema migrations. The list only grows; a shipped file is never edited.

use super::{APPLICATION_ID, StoreError, StoreResult};
use rusqlite::{Connection, TransactionBehavior};

/// (version, SQL): applying version N brings a database from N-1 to N.
const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("migrations/0001_initial.sql")),
    (2, include_str!("migrations/0002_store_meta.sql")),
];

/// The schema version this build writes.
pub const LATEST_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// What opening did to the schema.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
pub struct MigrationReport {
    pub from_version: u32,
    pub to_version: u32,
}

impl MigrationReport {
    pub fn upgraded(&self) -> bool {
        self.from_version != self.to_version
    }
}

/// Brings the database up to `target`, all steps in one IMMEDIATE transaction, so that two
/// processes opening the same new file migrate it once, and a failure leaves it as it was.
pub(crate) fn migrate(conn: &mut Connection, target: u32) -> StoreResult<MigrationReport> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Read inside the write lock: another process may have just migrated.
    let from: u32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if from > LATEST_VERSION {
        return Err(StoreError::NewerSchema {
            path: Default::default(),
            found: from,
            supported: LATEST_VERSION,
        });
    }
    for (version, sql) in MIGRATIONS {
        if *version > from && *version <= target {
            tx.execute_batch(sql)?;
        }
    }
    if target > from {
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", target)?;
    }
    tx.commit()?;
    Ok(MigrationReport {
        from_version: from,
        to_version: target.max(from),
    })
}

#[cfg(test)]
pub(crate) fn migrate_to_for_test(conn: &mut Connection, target: u32) -> StoreResult<()> {
    migrate(conn, target).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_numbered_one_by_one() {
        for (i, (v, _)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(*v as usize, i + 1, "migration {v} is out of sequence");
        }
    }
}
