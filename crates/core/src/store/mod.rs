//! The offline store: one SQLite file per laptop, encrypted with SQLCipher.
//!
//! Opening checks the file before SQLite may write to it (a file that is not ours is never
//! touched), unlocks it with the key derived from the officer's passphrase ([`key`]), then
//! upgrades the schema with numbered migrations in one transaction. WAL, foreign keys on, full
//! fsync, temporary tables in memory only. Every multi-row change runs in one transaction.

pub mod attempts;
pub mod audit;
pub(crate) mod calendar_years;
pub(crate) mod codec;
pub mod collection;
mod enforcement;
mod error;
mod evidence;
pub(crate) mod installed;
mod integrity;
mod journal;
pub mod key;
mod laptop_code;
pub mod messages;
mod migrations;
mod outbox;
pub(crate) mod portfolio;
mod privacy;
mod recovery;
mod rekey;
mod reports;
mod signal_rows;
mod signals;
mod task_facts;
mod tasks;
mod visit_draft;
mod visit_edit;
mod visits;

pub use crate::digest::sha256_hex;
pub use calendar_years::InstalledYear;
pub use collection::SearchStepDone;
pub use error::{StoreError, StoreResult};
pub use installed::{DataFileKind, Installed, InstalledFile};
pub use journal::LogEntry;
pub use key::{DbKey, Passphrase};
pub use laptop_code::LaptopCodeInUse;
pub use migrations::{LATEST_VERSION, MigrationReport};
pub use outbox::{IssuedDocument, OutboxEntry, OutboxState};
pub use privacy::{RemovalBlocker, RemovalSummary, RetentionItem};
pub use rekey::{encrypt_in_place, require_unencrypted};
pub use reports::IssuedReport;
pub use signals::{NewStockReport, StockReportOutcome};
pub use task_facts::{RuleFacts, agenda_from_store};
pub use tasks::{Reclassify, TaskClosed};
pub use visit_edit::EditOutcome;

use rusqlite::{Connection, OpenFlags, OptionalExtension};
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
    /// Where the audit log's chain broke, found when the file was opened.
    audit_break: Option<audit::AuditBreak>,
    /// The whole-file check made at opening, passed or still running beside.
    integrity: integrity::IntegrityCheck,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (and if needed upgrades) the encrypted database at `path` with `key`; a new file
    /// is created encrypted with it.
    pub fn open(path: impl AsRef<Path>, mode: OpenMode, key: &DbKey) -> StoreResult<Store> {
        let path = path.as_ref().to_path_buf();
        let exists = check_file(&path, mode)?;
        let conn = open_keyed(&path, exists, key)?;
        Store::prepare(conn, path, None)
    }

    /// A private database in memory, for tests and previews.
    pub fn open_in_memory() -> StoreResult<Store> {
        let conn = Connection::open_in_memory()?;
        Store::prepare(conn, PathBuf::from(":memory:"), None)
    }

    /// Checks and configures a freshly opened connection and upgrades its schema. The whole-file
    /// check runs here, unless `check_beside` gives the key to run it on a connection of its own
    /// (only for a file that needs no upgrade: an upgrade writes).
    fn prepare(
        mut conn: Connection,
        path: PathBuf,
        check_beside: Option<&DbKey>,
    ) -> StoreResult<Store> {
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
        let check_beside = check_beside.filter(|_| tables > 0 && version == LATEST_VERSION);
        if tables > 0 && check_beside.is_none() {
            integrity::quick_check(&conn, &path)?;
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
        // Sorts and temporary indexes never reach the disk, even encrypted.
        conn.pragma_update(None, "temp_store", "MEMORY")
            .map_err(at)?;
        // Deleted rows are overwritten with zeros, so a borrower removed from the laptop
        // (store::privacy) is not left in free pages.
        conn.pragma_update(None, "secure_delete", "ON")
            .map_err(at)?;
        // Who the audit log records changes as made by (store::audit), per connection.
        conn.execute_batch("CREATE TEMP TABLE IF NOT EXISTS audit_context (actor TEXT NOT NULL)")
            .map_err(at)?;
        let migration = migrations::migrate(&mut conn, &path, LATEST_VERSION)?;
        let integrity = match check_beside {
            Some(key) => {
                // Nothing writes until the check has passed (Store::integrity).
                conn.pragma_update(None, "query_only", "ON").map_err(at)?;
                integrity::IntegrityCheck::start(&path, key)?
            }
            None => integrity::IntegrityCheck::passed(),
        };
        let mut store = Store {
            conn,
            path,
            migration,
            installed: installed::Cache::default(),
            audit_break: None,
            integrity,
        };
        // The whole chain is walked at every open; a break is reported, never hidden, and the
        // officer can still work (head office holds what was delivered).
        store.audit_break = store.verify_audit()?.broken;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where the audit log's chain was found broken when the file was opened, if it was.
    pub fn audit_break(&self) -> Option<&audit::AuditBreak> {
        self.audit_break.as_ref()
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
        Ok(table_counts(&self.conn)?)
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
        self.transaction(f)
    }

    /// [`Store::in_transaction`] for a caller above the store whose error wraps [`StoreError`]
    /// (a document's refusals): the closure refuses in its own words, the store's failures
    /// arrive wrapped.
    pub(crate) fn transaction<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        // A file still being checked is written only once it has passed.
        self.integrity(true)?;
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

/// Row counts of every table of the database on `conn`, by table name.
pub(crate) fn table_counts(conn: &Connection) -> rusqlite::Result<Vec<(String, i64)>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    names
        .into_iter()
        .map(|n| {
            let c = conn.query_row(&format!("SELECT count(*) FROM \"{n}\""), [], |r| r.get(0))?;
            Ok((n, c))
        })
        .collect()
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
    // An encrypted file, a plain Baohou database to be encrypted first, or not ours at all.
    key::file_salt(path)?;
    Ok(true)
}

/// Opens the file with SQLCipher and `key`, and proves the key right by reading the schema.
fn open_keyed(path: &Path, exists: bool, key: &DbKey) -> StoreResult<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if !exists {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let at = |e| StoreError::from_sqlite_at(path, e);
    let conn = Connection::open_with_flags(path, flags).map_err(at)?;
    apply_key(&conn, key, path)?;
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(conn),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            Err(StoreError::WrongPassphrase {
                path: path.to_path_buf(),
            })
        }
        Err(e) => Err(at(e)),
    }
}

/// Unlocks a bare SQLite connection to an encrypted Baohou database (for tools and tests that
/// read it with SQL directly). Nothing is read yet: a wrong key shows at the first query.
pub fn unlock_connection(conn: &Connection, key: &DbKey, path: &Path) -> StoreResult<()> {
    apply_key(conn, key, path)
}

/// Whether SQLCipher wipes (and locks) all the memory it allocates and frees: decrypted pages,
/// statements, the key's copies. See [`wipe_freed_memory`].
static WIPE_FREED_MEMORY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Has every database opened from now on in this process wipe the memory SQLCipher frees
/// (`PRAGMA cipher_memory_security`), so decrypted pages and the key's copies do not linger in
/// freed memory for a memory dump or the swap file to find. The desktop app, which holds the
/// officer's data for hours, turns it on at start. It costs writes: measured here (release), a
/// keystroke's autosave 1.5 → 8.0 ms, a 10,000-line import into an empty laptop 0.34 → 3.2 s,
/// the demo written 36 % slower, because SQLCipher then locks and wipes every allocation
/// (system time triples). Short-lived processes (the CLI, the tests) leave it off.
pub fn wipe_freed_memory(on: bool) {
    WIPE_FREED_MEMORY.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Gives SQLCipher the key, after making sure SQLCipher is what is linked (plain SQLite would
/// take `PRAGMA key` silently and write the data in the clear).
pub(crate) fn apply_key(conn: &Connection, key: &DbKey, path: &Path) -> StoreResult<()> {
    let at = |e| StoreError::from_sqlite_at(path, e);
    let version: Option<String> = conn
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .optional()
        .map_err(at)?;
    if version.is_none_or(|v| v.is_empty()) {
        return Err(StoreError::Invalid(
            "this build is not linked with SQLCipher; refusing to write in the clear".into(),
        ));
    }
    // A wrong key or a damaged page is reported to the caller, not logged to the terminal.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")
        .map_err(at)?;
    conn.execute_batch(
        if WIPE_FREED_MEMORY.load(std::sync::atomic::Ordering::Relaxed) {
            "PRAGMA cipher_memory_security = ON;"
        } else {
            "PRAGMA cipher_memory_security = OFF;"
        },
    )
    .map_err(at)?;
    let sql = key.in_sql("PRAGMA key = \"", "\";");
    conn.execute_batch(&sql).map_err(at)
}

#[cfg(test)]
pub(crate) mod tests;

/// The key every unit test's database file is encrypted with (no KDF: tests stay fast).
#[cfg(test)]
pub(crate) fn test_key() -> DbKey {
    DbKey::from_raw([0x42; 32], [0x24; key::SALT_LEN])
}

/// A bare connection to a test database, unlocked with [`test_key`] (to tamper with it).
#[cfg(test)]
pub(crate) fn keyed_connection(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    apply_key(&conn, &test_key(), path).unwrap();
    conn
}

/// Refuses, whole, a text longer than a visit's field takes
/// ([`crate::draft::MAX_FIELD_CHARS`]): every free text the officer types (a visit's
/// fields, a reason, a signer's name, a resolution) goes through it before it is stored.
pub(crate) fn check_texts(texts: &[&str]) -> StoreResult<()> {
    let max = crate::draft::MAX_FIELD_CHARS;
    match texts.iter().map(|t| t.chars().count()).find(|&n| n > max) {
        Some(chars) => Err(StoreError::TextTooLong { chars, max }),
        None => Ok(()),
    }
}

/// Databases for tests: the demo, and as an older Baohou wrote them, unencrypted (for the
/// migration tests).
#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;

    /// A new encrypted database in a temporary folder with the demo written as of `today`.
    pub(crate) fn demo_store(today: chrono::NaiveDate) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(
            dir.path().join("demo.sqlite3"),
            OpenMode::CreateOrUpgrade,
            &test_key(),
        )
        .unwrap();
        crate::demo::write_demo(&mut store, today).unwrap();
        (dir, store)
    }

    /// Writes the demo into an unencrypted Baohou database at `path`.
    pub(crate) fn write_plain_demo(path: &Path) {
        let dir = tempfile::tempdir().unwrap();
        let enc = dir.path().join("enc.sqlite3");
        let mut store = Store::open(&enc, OpenMode::CreateOrUpgrade, &test_key()).unwrap();
        crate::demo::write_demo(
            &mut store,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        )
        .unwrap();
        let conn = store.conn();
        conn.execute(
            "ATTACH DATABASE ?1 AS plain KEY ''",
            [path.to_str().unwrap()],
        )
        .unwrap();
        conn.query_row("SELECT sqlcipher_export('plain')", [], |_| Ok(()))
            .unwrap();
        let v = store.schema_version().unwrap();
        conn.execute_batch(&format!(
            "PRAGMA plain.user_version = {v}; PRAGMA plain.application_id = {APPLICATION_ID};"
        ))
        .unwrap();
        conn.execute("DETACH DATABASE plain", []).unwrap();
    }

    /// Drops the triggers that freeze completed visits, as someone editing the file with the key
    /// and a SQL shell could (the tests of what the program still catches then).
    pub(crate) fn unfreeze(conn: &Connection) {
        let names: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'
                 AND (name LIKE '%frozen%' OR name = 'completed_visit_kept')",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for name in names {
            conn.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
        }
    }

    /// Row counts of an unencrypted database.
    pub(crate) fn plain_counts(path: &Path) -> Vec<(String, i64)> {
        table_counts(&Connection::open(path).unwrap()).unwrap()
    }
}

/// Row writers that work inside a caller's transaction (the demo and importers batch with them).
pub(crate) mod writers {
    pub(crate) use super::portfolio::{
        insert_borrower, insert_classification_change, insert_guarantee, insert_officer,
    };
    pub(crate) use super::signal_rows::insert_signal;
    pub(crate) use super::signals::resolve_signal;
    pub(crate) use super::task_facts::{
        insert_completion, insert_stock_report, set_compensated_on,
    };
    pub(crate) use super::tasks::insert_task;
    pub(crate) use super::visits::insert_visit;
}
