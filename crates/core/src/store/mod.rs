//! The offline store: one SQLite file per laptop.
//!
//! Opening checks the file before SQLite may write to it (a file that is not ours is never
//! touched), then upgrades the schema with numbered migrations in one transaction. WAL, foreign
//! keys on, full fsync. Every multi-row change runs in one transaction.

mod codec;
mod error;
mod installed;
mod migrations;
mod outbox;
mod portfolio;
mod reports;
mod rules;
mod signals;
mod tasks;
mod updates;
mod visit_edit;
mod visits;

pub use error::{StoreError, StoreResult};
pub use installed::{DataFileKind, Installed, InstalledFile};
pub use migrations::{LATEST_VERSION, MigrationReport};
pub use outbox::{OutboxEntry, OutboxState};
pub use reports::IssuedReport;
pub use rules::RuleFacts;
pub use signals::{NewStockReport, StockReportOutcome};
pub use visit_edit::EditOutcome;
pub use visits::sha256_hex;

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `PRAGMA application_id` of a Baohou database: "BHOU".
pub const APPLICATION_ID: i32 = 0x4248_4F55;
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";
/// Page cache per connection, in KiB (negative: SQLite's way of saying KiB, not pages).
const PAGE_CACHE_KIB: i64 = -32 * 1024;
/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How to treat a file that does not exist yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenMode {
    /// The file must exist and be a Baohou database (older versions are upgraded).
    Existing,
    /// Create the file if it is missing; an existing Baohou database is upgraded, never emptied.
    CreateOrUpgrade,
}

/// An open Baohou database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    migration: MigrationReport,
    /// The policy and template in force, parsed once per installed version.
    installed: installed::Cache,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (and if needed upgrades) the database at `path`.
    pub fn open(path: impl AsRef<Path>, mode: OpenMode) -> StoreResult<Store> {
        let path = path.as_ref().to_path_buf();
        let exists = check_file(&path, mode)?;
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if !exists {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(&path, flags)
            .map_err(|e| StoreError::from_sqlite_at(&path, e))?;
        Store::prepare(conn, path)
    }

    /// A private database in memory, for tests and previews.
    pub fn open_in_memory() -> StoreResult<Store> {
        let conn = Connection::open_in_memory()?;
        Store::prepare(conn, PathBuf::from(":memory:"))
    }

    fn prepare(mut conn: Connection, path: PathBuf) -> StoreResult<Store> {
        let at = |e| StoreError::from_sqlite_at(&path, e);
        conn.busy_timeout(BUSY_TIMEOUT).map_err(at)?;
        if conn.is_readonly(rusqlite::MAIN_DB).map_err(at)? {
            return Err(StoreError::ReadOnly { path });
        }
        // Read-only checks first: nothing below may write to a file that is not ours.
        // One statement, one snapshot: another process may be creating this file right now,
        // and must not be seen half-way (its tables without its application id).
        let (app_id, version, tables): (i32, u32, i64) = conn
            .query_row(
                "SELECT (SELECT application_id FROM pragma_application_id()),
                        (SELECT user_version FROM pragma_user_version()),
                        (SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(at)?;
        if app_id != APPLICATION_ID && (app_id != 0 || version != 0 || tables != 0) {
            return Err(StoreError::NotBaohou { path });
        }
        if version > LATEST_VERSION {
            return Err(StoreError::NewerSchema {
                path,
                found: version,
                supported: LATEST_VERSION,
            });
        }
        if tables > 0 {
            let check: String = conn
                .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
                .map_err(at)?;
            if check != "ok" {
                return Err(StoreError::Corrupt {
                    path,
                    detail: check,
                });
            }
        }
        // Ours (or new): now it is safe to configure and upgrade.
        let journal = switch_to_wal(&conn).map_err(at)?;
        if path.as_os_str() != ":memory:" && !journal.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Invalid(format!(
                "{}: could not switch to WAL journal (got {journal})",
                path.display()
            )));
        }
        conn.pragma_update(None, "foreign_keys", "ON").map_err(at)?;
        // 32 MiB of page cache (SQLite's default is 2 MiB): the agenda is recomputed often and
        // reads index pages all over a large portfolio's file.
        conn.pragma_update(None, "cache_size", PAGE_CACHE_KIB)
            .map_err(at)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(at)?;
        let migration = migrations::migrate(&mut conn, &path, LATEST_VERSION)?;
        Ok(Store {
            conn,
            path,
            migration,
            installed: installed::Cache::default(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What opening this store did to its schema.
    pub fn migration(&self) -> &MigrationReport {
        &self.migration
    }

    pub fn schema_version(&self) -> StoreResult<u32> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Reads a fact about this database file (see `store_meta`).
    pub fn meta(&self, key: &str) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM store_meta WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> StoreResult<()> {
        self.conn.execute(
            "INSERT INTO store_meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    /// Row counts of every table, in a stable order (used by `baohou info` and by tests that
    /// prove nothing was lost).
    pub fn row_counts(&self) -> StoreResult<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?;
        let names: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut counts = Vec::with_capacity(names.len());
        for name in names {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM \"{name}\""), [], |r| {
                        r.get(0)
                    })?;
            counts.push((name, n));
        }
        Ok(counts)
    }

    /// True when the database holds no portfolio yet.
    pub fn is_empty(&self) -> StoreResult<bool> {
        let n: i64 = self.conn.query_row(
            "SELECT (SELECT count(*) FROM guarantees) + (SELECT count(*) FROM borrowers) + (SELECT count(*) FROM officers)",
            [],
            |r| r.get(0),
        )?;
        Ok(n == 0)
    }

    /// Runs `f` in one IMMEDIATE transaction: all of it is written, or none.
    pub fn in_transaction<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| StoreError::from_sqlite_at(&path, e))?;
        let value = f(&tx)?;
        tx.commit()
            .map_err(|e| StoreError::from_sqlite_at(&path, e))?;
        Ok(value)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// Switches the journal to WAL. SQLite answers "busy" to this without calling the busy handler
/// when another connection is opening the same new file at that moment (it would risk a
/// deadlock), so the switch is retried here for as long as the busy timeout allows.
fn switch_to_wal(conn: &Connection) -> rusqlite::Result<String> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0)) {
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            result => return result,
        }
    }
}

/// Checks the file before SQLite sees it. Returns whether it exists.
fn check_file(path: &Path, mode: OpenMode) -> StoreResult<bool> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return match mode {
                OpenMode::Existing => Err(StoreError::NotFound {
                    path: path.to_path_buf(),
                }),
                OpenMode::CreateOrUpgrade => Ok(false),
            };
        }
        Err(source) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    if !meta.is_file() {
        return Err(StoreError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    // Respect the read-only mark even for root, who could otherwise write through it.
    if meta.permissions().readonly() {
        return Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    if meta.len() == 0 {
        return match mode {
            OpenMode::Existing => Err(StoreError::EmptyFile {
                path: path.to_path_buf(),
            }),
            OpenMode::CreateOrUpgrade => Ok(true),
        };
    }
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let read = file.read(&mut header).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if read < header.len() || &header != SQLITE_HEADER {
        return Err(StoreError::NotSqlite {
            path: path.to_path_buf(),
        });
    }
    Ok(true)
}

#[cfg(test)]
mod tests;

/// Row writers that work inside a caller's transaction (the demo and importers batch with them).
pub(crate) mod writers {
    pub(crate) use super::portfolio::{
        insert_borrower, insert_classification_change, insert_guarantee, insert_officer,
    };
    pub(crate) use super::rules::{insert_completion, insert_stock_report, set_compensated_on};
    pub(crate) use super::signals::{insert_signal, resolve_signal};
    pub(crate) use super::tasks::insert_task;
    pub(crate) use super::visits::insert_visit;
}
