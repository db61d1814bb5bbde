//! Numbered schema migrations. The list only grows; a shipped file is never edited.

use super::{APPLICATION_ID, StoreError, StoreResult};
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;

/// (version, SQL): applying version N brings a database from N-1 to N.
const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("migrations/0001_initial.sql")),
    (2, include_str!("migrations/0002_store_meta.sql")),
    (3, include_str!("migrations/0003_rules.sql")),
    (4, include_str!("migrations/0004_visit_window_index.sql")),
    (5, include_str!("migrations/0005_policies.sql")),
    (6, include_str!("migrations/0006_visit_editing.sql")),
    (7, include_str!("migrations/0007_photo_thumbnails.sql")),
    (8, include_str!("migrations/0008_checklist_templates.sql")),
    (9, include_str!("migrations/0009_reports.sql")),
    (10, include_str!("migrations/0010_photo_print.sql")),
    (11, include_str!("migrations/0011_outbox.sql")),
    (12, include_str!("migrations/0012_audit_log.sql")),
    (13, include_str!("migrations/0013_report_seals.sql")),
    (
        14,
        include_str!("migrations/0014_privacy_and_frozen_visits.sql"),
    ),
    (15, include_str!("migrations/0015_audit_erasure.sql")),
    (16, include_str!("migrations/0016_spreadsheet_imports.sql")),
    (
        17,
        include_str!("migrations/0017_compensation_recovery.sql"),
    ),
    (18, include_str!("migrations/0018_collection.sql")),
    (19, include_str!("migrations/0019_notices.sql")),
    (20, include_str!("migrations/0020_releases.sql")),
    (21, include_str!("migrations/0021_withdrawals.sql")),
    (22, include_str!("migrations/0022_enforcement.sql")),
    (23, include_str!("migrations/0023_document_outbox.sql")),
    (24, include_str!("migrations/0024_voucher_scans.sql")),
    (25, include_str!("migrations/0025_collection_records.sql")),
    (26, include_str!("migrations/0026_photo_likeness.sql")),
    (27, include_str!("migrations/0027_laptop_code.sql")),
    (28, include_str!("migrations/0028_task_records.sql")),
    (29, include_str!("migrations/0029_calendar_years.sql")),
    (30, include_str!("migrations/0030_title_return.sql")),
    (31, include_str!("migrations/0031_compensation_demands.sql")),
    (32, include_str!("migrations/0032_extensions.sql")),
    (33, include_str!("migrations/0033_quarterly_reports.sql")),
    (34, include_str!("migrations/0034_report_returns.sql")),
    (35, include_str!("migrations/0035_audit_anchors.sql")),
    (36, include_str!("migrations/0036_evidence_judgements.sql")),
    (37, include_str!("migrations/0037_photo_page_copies.sql")),
    (
        38,
        include_str!("migrations/0038_photo_thumbnails_apart.sql"),
    ),
];

/// Steps in the program that follow a version's SQL, in the same transaction.
type Step = fn(&Connection) -> StoreResult<()>;
const STEPS: &[(u32, Step)] = &[
    (14, super::audit::rechain),
    (26, super::evidence::backfill_likeness),
    (27, super::laptop_code::draw_first),
];

/// The schema version this build writes.
pub const LATEST_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// What opening did to the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
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
pub(crate) fn migrate(
    conn: &mut Connection,
    path: &Path,
    target: u32,
) -> StoreResult<MigrationReport> {
    let at = |e| StoreError::from_sqlite_at(path, e);
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(at)?;
    // Read inside the write lock: another process may have just migrated.
    let from: u32 = tx
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(at)?;
    if from > LATEST_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: from,
            supported: LATEST_VERSION,
        });
    }
    for (version, sql) in MIGRATIONS {
        if *version > from && *version <= target {
            tx.execute_batch(sql).map_err(at)?;
            for (_, step) in STEPS.iter().filter(|(v, _)| v == version) {
                step(&tx)?;
            }
        }
    }
    if target > from {
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(at)?;
        tx.pragma_update(None, "user_version", target).map_err(at)?;
    }
    tx.commit().map_err(at)?;
    Ok(MigrationReport {
        from_version: from,
        to_version: target.max(from),
    })
}

#[cfg(test)]
pub(crate) fn migrate_to_for_test(conn: &mut Connection, target: u32) -> StoreResult<()> {
    migrate(conn, Path::new(":memory:"), target).map(|_| ())
}

/// The schema a new database has, as SQL: every table, index, trigger and view as SQLite keeps
/// it (a column added by a later migration is in its table's statement), in a stable order.
/// Committed as `schema.sql` beside the migrations, so that a reader sees the tables in one file
/// and a review sees what a migration changed.
#[cfg(test)]
fn schema_sql() -> StoreResult<String> {
    let mut conn = Connection::open_in_memory()?;
    migrate(&mut conn, Path::new(":memory:"), LATEST_VERSION)?;
    schema_of(&conn)
}

/// The schema of the database on `conn`, as [`schema_sql`] writes it.
#[cfg(test)]
pub(crate) fn schema_of(conn: &Connection) -> StoreResult<String> {
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM sqlite_master
         WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'
         ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END,
                  name",
    )?;
    let mut out = format!(
        "-- The schema of a new Baohou database, version {LATEST_VERSION}: generated from the \
         migrations, never edited.\n-- `UPDATE_SCHEMA=1 cargo test -p baohou-core \
         schema_snapshot_is_current` rewrites it.\n"
    );
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (kind, name, sql) = row?;
        out.push_str(&format!("\n-- {kind} {name}\n{};\n", sql.trim_end()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Like the UI's bindings: the committed snapshot is what the migrations make, or the test
    /// says how to bring it up to date.
    #[test]
    fn schema_snapshot_is_current() {
        let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/schema.sql");
        let fresh = schema_sql().unwrap();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(&committed, &fresh).unwrap();
        }
        let current = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            fresh == current,
            "crates/core/src/store/schema.sql is out of date with the migrations: run \
             `UPDATE_SCHEMA=1 cargo test -p baohou-core schema_snapshot_is_current` and commit it"
        );
        // It holds what the store is made of.
        for table in [
            "guarantees",
            "visits",
            "reports",
            "outbox",
            "audit_log",
            "laptop_codes",
        ] {
            assert!(
                fresh.contains(&format!("-- table {table}\n")),
                "{table} is not in the snapshot"
            );
        }
    }

    #[test]
    fn versions_are_numbered_one_by_one() {
        for (i, (v, _)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(*v as usize, i + 1, "migration {v} is out of sequence");
        }
    }
}
