//! Encrypting a plain database in place, and changing the key of an encrypted one.
//!
//! Both copy the whole database into a new file under the new key (`sqlcipher_export`), fsync
//! it, prove the copy (it opens with the new key, passes `quick_check`, and holds the same rows),
//! then rename it over the original and fsync the folder. A crash at any point leaves either the
//! old file or the new one, whole; never a mixture, never nothing.

use super::key::{self, DbKey, FileKind};
use super::{OpenMode, Store, StoreError, StoreResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// Checks that `path` is a Baohou database from before encryption, so that it can be
/// encrypted; otherwise the error says what it is (missing, encrypted already, not ours).
pub fn require_unencrypted(path: &Path) -> StoreResult<()> {
    let path_buf = path.to_path_buf();
    match key::file_kind(path)? {
        FileKind::Plain { baohou: true } => Ok(()),
        FileKind::Plain { baohou: false } => Err(StoreError::NotBaohou { path: path_buf }),
        FileKind::Encrypted { .. } => Err(StoreError::AlreadyEncrypted { path: path_buf }),
        FileKind::Missing => Err(StoreError::NotFound { path: path_buf }),
        FileKind::Other => Err(StoreError::NotSqlite { path: path_buf }),
    }
}

/// Encrypts the plain Baohou database at `path` with `key`, in place.
pub fn encrypt_in_place(path: &Path, key: &DbKey) -> StoreResult<()> {
    require_unencrypted(path)?;
    let at = |e| StoreError::from_sqlite_at(path, e);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(at)?;
    conn.busy_timeout(super::BUSY_TIMEOUT).map_err(at)?;
    let check: String = conn
        .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
        .map_err(at)?;
    if check != "ok" {
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: check,
        });
    }
    let before = super::table_counts(&conn).map_err(at)?;
    let tmp = export(&conn, path, key)?;
    conn.close().map_err(|(_, e)| at(e))?;
    finish(path, &tmp, key, &before)
}

impl Store {
    /// Re-encrypts this database under `new_key` (a passphrase change) and returns it reopened
    /// with the new key. On an error the database is as it was, under the old key.
    pub fn rekey(self, new_key: &DbKey) -> StoreResult<Store> {
        let path = self.path.clone();
        let at = |e| StoreError::from_sqlite_at(&path, e);
        let before = super::table_counts(&self.conn).map_err(at)?;
        let tmp = export(&self.conn, &path, new_key)?;
        self.conn.close().map_err(|(_, e)| at(e))?;
        finish(&path, &tmp, new_key, &before)?;
        Store::open(&path, OpenMode::Existing, new_key)
    }
}

/// Where the new copy is written: next to the original (same file system, so the rename is
/// atomic), hidden.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "baohou.sqlite3".into());
    path.with_file_name(format!(".{name}.rekey"))
}

/// Copies the open database into a new file encrypted with `key`; returns its path.
fn export(conn: &Connection, path: &Path, key: &DbKey) -> StoreResult<PathBuf> {
    let tmp = temp_path(path);
    remove_if_present(&tmp)?;
    remove_if_present(&sibling(&tmp, "-journal"))?;
    let at = |e| StoreError::from_sqlite_at(&tmp, e);
    let tmp_text = tmp
        .to_str()
        .ok_or_else(|| StoreError::Invalid(format!("{}: path is not UTF-8", tmp.display())))?;
    let result = (|| {
        // The connection may lack the right to create files; an empty file is a new database.
        std::fs::File::create(&tmp).map_err(|source| StoreError::Io {
            path: tmp.clone(),
            source,
        })?;
        // The key in the statement's text, built at its final size and wiped after, not as a
        // bound parameter (a copy rusqlite's binding makes is not ours to wipe).
        conn.execute(
            &key.in_sql("ATTACH DATABASE ?1 AS rekeyed KEY \"", "\""),
            [tmp_text],
        )
        .map_err(at)?;
        let copied = (|| {
            conn.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
            let (version, app_id): (i64, i64) = conn.query_row(
                "SELECT (SELECT user_version FROM pragma_user_version()),
                        (SELECT application_id FROM pragma_application_id())",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            conn.execute_batch(&format!(
                "PRAGMA rekeyed.user_version = {version}; PRAGMA rekeyed.application_id = {app_id};"
            ))
        })();
        let detached = conn.execute("DETACH DATABASE rekeyed", []);
        copied.map_err(at)?;
        detached.map_err(at)?;
        // Opened for writing: Windows flushes only a file it may write (FlushFileBuffers).
        std::fs::OpenOptions::new()
            .write(true)
            .open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|source| StoreError::Io {
                path: tmp.clone(),
                source,
            })
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Proves the copy and puts it in place of the original.
fn finish(path: &Path, tmp: &Path, key: &DbKey, before: &[(String, i64)]) -> StoreResult<()> {
    let proved = (|| {
        // Read as it is (no upgrade yet): whole, readable with the new key, every row there.
        let at = |e| StoreError::from_sqlite_at(tmp, e);
        let copy = Connection::open_with_flags(
            tmp,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(at)?;
        super::apply_key(&copy, key, tmp)?;
        let check: String = copy
            .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
            .map_err(at)?;
        if check != "ok" || super::table_counts(&copy).map_err(at)? != before {
            return Err(StoreError::Invalid(format!(
                "{}: the encrypted copy does not check out ({check}); the original is kept",
                path.display()
            )));
        }
        copy.close().map_err(|(_, e)| at(e))?;
        // The original's write-ahead log must not outlive it: SQLite would replay it into the
        // new file. Its last connection closed above, so a log with content means another
        // program still has the database open.
        let wal = sibling(path, "-wal");
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            return Err(StoreError::Busy {
                path: path.to_path_buf(),
            });
        }
        remove_if_present(&wal)?;
        remove_if_present(&sibling(path, "-shm"))?;
        Ok(())
    })();
    if let Err(e) = proved {
        let _ = std::fs::remove_file(tmp);
        let _ = std::fs::remove_file(sibling(tmp, "-wal"));
        let _ = std::fs::remove_file(sibling(tmp, "-shm"));
        return Err(e);
    }
    std::fs::rename(tmp, path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    sync_folder(path)
}

/// `path` with `suffix` appended to its file name (`x.sqlite3` → `x.sqlite3-wal`).
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn remove_if_present(path: &Path) -> StoreResult<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Makes a rename in `path`'s folder durable ([`crate::files::sync_folder_of`]).
fn sync_folder(path: &Path) -> StoreResult<()> {
    crate::files::sync_folder_of(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })
}
