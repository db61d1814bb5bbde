//! Head office's records: enrolled devices, who is assigned which guarantee, the reports
//! received and their files. SQLite in the data folder, files beside it: a chunk is appended to
//! `uploads/{document}/{sha256}.part` and synced before its offset is recorded; a file received
//! whole and verified moves to `files/{sha256}` (content-addressed: a photo in two reports is
//! kept once).

use baohou_core::store::sha256_hex;
use baohou_core::sync::protocol::{FileProgress, Manifest, ReportStatus};
use rusqlite::{Connection, OptionalExtension, params};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// Why head office refuses something; each maps to one HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum HqError {
    #[error("missing or unknown device token")]
    Unauthorized,
    #[error("device token revoked")]
    Revoked,
    #[error("contract {contract_no} is not assigned to {officer}")]
    NotAssigned {
        officer: String,
        contract_no: String,
    },
    #[error("idempotency key {key} was used with a different manifest")]
    KeyReused { key: String },
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("request body over {limit} bytes")]
    TooLarge { limit: usize },
    #[error("no report {0}")]
    NoReport(String),
    #[error("report {document_no} has no file {sha256}")]
    NoFile { document_no: String, sha256: String },
    #[error("chunk at offset {sent}, but {expected} bytes have arrived")]
    WrongOffset { expected: u64, sent: u64 },
    #[error("chunk checksum does not match")]
    ChecksumMismatch,
    #[error("the file's SHA-256 is {actual}, the manifest says {expected}")]
    FileHashMismatch { expected: String, actual: String },
    #[error("files not yet received: {0:?}")]
    Incomplete(Vec<String>),
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

pub type HqResult<T> = Result<T, HqError>;

/// An enrolled laptop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    pub id: i64,
    pub officer: String,
}

/// An enrolled laptop as listed for head office.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceRecord {
    pub id: i64,
    pub officer: String,
    pub label: String,
    pub enrolled_at: String,
    pub revoked_at: Option<String>,
}

/// The data folder and its database.
pub struct Db {
    conn: Mutex<Connection>,
    dir: PathBuf,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS devices (
    id INTEGER PRIMARY KEY,
    token_sha256 TEXT NOT NULL UNIQUE,
    officer TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    enrolled_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS assignments (
    contract_no TEXT NOT NULL,
    officer TEXT NOT NULL,
    PRIMARY KEY (contract_no, officer)
);
CREATE TABLE IF NOT EXISTS reports (
    document_no TEXT PRIMARY KEY,
    manifest_sha256 TEXT NOT NULL,
    manifest TEXT NOT NULL,
    contract_no TEXT NOT NULL,
    borrower TEXT NOT NULL,
    officer TEXT NOT NULL,
    visit_date TEXT NOT NULL,
    device_id INTEGER NOT NULL REFERENCES devices(id),
    received_at TEXT NOT NULL,
    completed_at TEXT
);
CREATE TABLE IF NOT EXISTS report_files (
    document_no TEXT NOT NULL REFERENCES reports(document_no),
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    size INTEGER NOT NULL,
    received INTEGER NOT NULL DEFAULT 0,
    verified INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (document_no, sha256)
);
";

fn now() -> String {
    chrono::Local::now().fixed_offset().to_rfc3339()
}

impl Db {
    /// Opens (creating) the data folder `dir`.
    pub fn open(dir: &Path) -> HqResult<Db> {
        std::fs::create_dir_all(dir.join("files"))?;
        std::fs::create_dir_all(dir.join("uploads"))?;
        let conn = Connection::open(dir.join("hq.sqlite3"))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(SCHEMA)?;
        Ok(Db {
            conn: Mutex::new(conn),
            dir: dir.to_path_buf(),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Enrolls a laptop for `officer` and returns its token (shown once; only its hash is kept).
    pub fn enroll(&self, officer: &str, label: &str) -> HqResult<String> {
        if officer.trim().is_empty() {
            return Err(HqError::BadRequest("an officer's name is needed".into()));
        }
        let mut raw = [0u8; 32];
        getrandom::fill(&mut raw).map_err(|e| std::io::Error::other(e.to_string()))?;
        let token = format!("bh_{}", hex(&raw));
        self.conn().execute(
            "INSERT INTO devices (token_sha256, officer, label, enrolled_at) VALUES (?1, ?2, ?3, ?4)",
            params![sha256_hex(token.as_bytes()), officer.trim(), label, now()],
        )?;
        Ok(token)
    }

    /// Revokes a device: its token is refused from now on. `false` when there is no such device
    /// or it was revoked already.
    pub fn revoke(&self, device_id: i64) -> HqResult<bool> {
        let n = self.conn().execute(
            "UPDATE devices SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
            params![device_id, now()],
        )?;
        Ok(n == 1)
    }

    /// Every enrolled device.
    pub fn devices(&self) -> HqResult<Vec<DeviceRecord>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT id, officer, label, enrolled_at, revoked_at FROM devices ORDER BY id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(DeviceRecord {
                    id: r.get(0)?,
                    officer: r.get(1)?,
                    label: r.get(2)?,
                    enrolled_at: r.get(3)?,
                    revoked_at: r.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Assigns a guarantee to an officer.
    pub fn assign(&self, officer: &str, contract_no: &str) -> HqResult<()> {
        self.conn().execute(
            "INSERT OR IGNORE INTO assignments (contract_no, officer) VALUES (?1, ?2)",
            params![contract_no.trim(), officer.trim()],
        )?;
        Ok(())
    }

    /// The device a bearer token belongs to.
    pub fn device(&self, token: &str) -> HqResult<Device> {
        let row: Option<(i64, String, Option<String>)> = self
            .conn()
            .query_row(
                "SELECT id, officer, revoked_at FROM devices WHERE token_sha256 = ?1",
                [sha256_hex(token.as_bytes())],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        match row {
            None => Err(HqError::Unauthorized),
            Some((_, _, Some(_))) => Err(HqError::Revoked),
            Some((id, officer, None)) => Ok(Device { id, officer }),
        }
    }

    /// Opens a report for upload, or answers what is held of it. `Ok((true, _))` when new.
    pub fn open_report(
        &self,
        device: &Device,
        key: &str,
        manifest: &Manifest,
    ) -> HqResult<(bool, ReportStatus)> {
        if key != manifest.document_no {
            return Err(HqError::BadRequest(
                "the Idempotency-Key must be the report's document number".into(),
            ));
        }
        check_manifest(manifest)?;
        let fingerprint = manifest.fingerprint();
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let assigned: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM assignments WHERE contract_no = ?1 AND officer = ?2)",
            params![manifest.contract_no, device.officer],
            |r| r.get(0),
        )?;
        if !assigned {
            return Err(HqError::NotAssigned {
                officer: device.officer.clone(),
                contract_no: manifest.contract_no.clone(),
            });
        }
        let existing: Option<String> = tx
            .query_row(
                "SELECT manifest_sha256 FROM reports WHERE document_no = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?;
        let created =
            match existing {
                Some(f) if f == fingerprint => false,
                Some(_) => {
                    return Err(HqError::KeyReused {
                        key: key.to_owned(),
                    });
                }
                None => {
                    tx.execute(
                        "INSERT INTO reports (document_no, manifest_sha256, manifest, contract_no,
                         borrower, officer, visit_date, device_id, received_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        params![
                            key,
                            fingerprint,
                            serde_json::to_string(manifest).unwrap_or_default(),
                            manifest.contract_no,
                            manifest.borrower,
                            manifest.officer,
                            manifest.visit_date.to_string(),
                            device.id,
                            now()
                        ],
                    )?;
                    for f in &manifest.files {
                        // A file head office already holds whole (the same photo in another report)
                        // needs no upload.
                        let held = self.file_path(&f.sha256).is_file();
                        tx.execute(
                        "INSERT OR IGNORE INTO report_files (document_no, sha256, name, kind, size,
                             received, verified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![
                            key,
                            f.sha256,
                            f.name,
                            serde_json::to_value(f.kind)
                                .ok()
                                .and_then(|v| v.as_str().map(str::to_owned))
                                .unwrap_or_default(),
                            i64::try_from(f.size).unwrap_or(i64::MAX),
                            if held { i64::try_from(f.size).unwrap_or(0) } else { 0 },
                            held
                        ],
                    )?;
                    }
                    true
                }
            };
        tx.commit()?;
        let status = status_of(&conn, key)?;
        Ok((created, status))
    }

    /// What is held of a report uploaded by `device`'s officer.
    pub fn status(&self, device: &Device, document_no: &str) -> HqResult<ReportStatus> {
        let conn = self.conn();
        owner_check(&conn, device, document_no)?;
        status_of(&conn, document_no)
    }

    /// `(received, size)` of one file of a report.
    pub fn offset(&self, device: &Device, document_no: &str, sha256: &str) -> HqResult<(u64, u64)> {
        let conn = self.conn();
        owner_check(&conn, device, document_no)?;
        file_row(&conn, document_no, sha256).map(|(received, size, _)| (received, size))
    }

    /// Appends one chunk at `offset`. The chunk is on disk before its offset is recorded; a file
    /// received whole is verified against its SHA-256 (and dropped, to be sent again, if wrong).
    /// Returns the new offset.
    pub fn append(
        &self,
        device: &Device,
        document_no: &str,
        sha256: &str,
        offset: u64,
        chunk: &[u8],
    ) -> HqResult<u64> {
        let conn = self.conn();
        owner_check(&conn, device, document_no)?;
        let (received, size, verified) = file_row(&conn, document_no, sha256)?;
        if verified || offset != received {
            return Err(HqError::WrongOffset {
                expected: received,
                sent: offset,
            });
        }
        let end = offset + chunk.len() as u64;
        if end > size {
            return Err(HqError::BadRequest(format!(
                "the chunk ends at byte {end} of a {size}-byte file"
            )));
        }
        let folder = self.dir.join("uploads").join(safe_name(document_no));
        std::fs::create_dir_all(&folder)?;
        let part = folder.join(format!("{}.part", safe_name(sha256)));
        {
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&part)?;
            // A chunk cut off earlier may have left bytes past the recorded offset.
            f.set_len(offset)?;
            f.write_all(chunk)?;
            f.sync_all()?;
        }
        let mut verified = false;
        if end == size {
            let actual = sha256_hex(&std::fs::read(&part)?);
            if actual != sha256 {
                std::fs::remove_file(&part)?;
                conn.execute(
                    "UPDATE report_files SET received = 0 WHERE document_no = ?1 AND sha256 = ?2",
                    params![document_no, sha256],
                )?;
                return Err(HqError::FileHashMismatch {
                    expected: sha256.to_owned(),
                    actual,
                });
            }
            std::fs::rename(&part, self.file_path(sha256))?;
            verified = true;
        }
        conn.execute(
            "UPDATE report_files SET received = ?3, verified = ?4 WHERE document_no = ?1 AND sha256 = ?2",
            params![document_no, sha256, i64::try_from(end).unwrap_or(i64::MAX), verified],
        )?;
        Ok(end)
    }

    /// Marks a report complete when every file arrived and verified.
    pub fn complete(&self, device: &Device, document_no: &str) -> HqResult<ReportStatus> {
        let conn = self.conn();
        owner_check(&conn, device, document_no)?;
        let status = status_of(&conn, document_no)?;
        let missing: Vec<String> = status
            .files
            .iter()
            .filter(|f| !f.verified)
            .map(|f| f.sha256.clone())
            .collect();
        if !missing.is_empty() {
            return Err(HqError::Incomplete(missing));
        }
        conn.execute(
            "UPDATE reports SET completed_at = coalesce(completed_at, ?2) WHERE document_no = ?1",
            params![document_no, now()],
        )?;
        status_of(&conn, document_no)
    }

    /// The path of a file held whole.
    pub fn file_path(&self, sha256: &str) -> PathBuf {
        self.dir.join("files").join(safe_name(sha256))
    }
}

fn check_manifest(m: &Manifest) -> HqResult<()> {
    let bad = |what: &str| Err(HqError::BadRequest(what.to_owned()));
    if m.document_no.trim().is_empty() || m.contract_no.trim().is_empty() {
        return bad("the manifest needs a document number and a contract number");
    }
    if m.files.is_empty() {
        return bad("the manifest lists no files");
    }
    for f in &m.files {
        if f.sha256.len() != 64 || !f.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return bad("a file's sha256 must be 64 hex digits");
        }
    }
    Ok(())
}

fn owner_check(conn: &Connection, device: &Device, document_no: &str) -> HqResult<()> {
    let officer: Option<String> = conn
        .query_row(
            "SELECT d.officer FROM reports r JOIN devices d ON d.id = r.device_id
             WHERE r.document_no = ?1",
            [document_no],
            |r| r.get(0),
        )
        .optional()?;
    match officer {
        Some(o) if o == device.officer => Ok(()),
        // Someone else's report is answered as if it did not exist.
        _ => Err(HqError::NoReport(document_no.to_owned())),
    }
}

fn file_row(conn: &Connection, document_no: &str, sha256: &str) -> HqResult<(u64, u64, bool)> {
    conn.query_row(
        "SELECT received, size, verified FROM report_files WHERE document_no = ?1 AND sha256 = ?2",
        params![document_no, sha256],
        |r| {
            Ok((
                r.get::<_, i64>(0)?.max(0) as u64,
                r.get::<_, i64>(1)?.max(0) as u64,
                r.get(2)?,
            ))
        },
    )
    .optional()?
    .ok_or_else(|| HqError::NoFile {
        document_no: document_no.to_owned(),
        sha256: sha256.to_owned(),
    })
}

fn status_of(conn: &Connection, document_no: &str) -> HqResult<ReportStatus> {
    let completed: Option<Option<String>> = conn
        .query_row(
            "SELECT completed_at FROM reports WHERE document_no = ?1",
            [document_no],
            |r| r.get(0),
        )
        .optional()?;
    let Some(completed) = completed else {
        return Err(HqError::NoReport(document_no.to_owned()));
    };
    let mut stmt = conn.prepare(
        "SELECT sha256, size, received, verified FROM report_files WHERE document_no = ?1
         ORDER BY rowid",
    )?;
    let files = stmt
        .query_map([document_no], |r| {
            Ok(FileProgress {
                sha256: r.get(0)?,
                size: r.get::<_, i64>(1)?.max(0) as u64,
                offset: r.get::<_, i64>(2)?.max(0) as u64,
                verified: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ReportStatus {
        document_no: document_no.to_owned(),
        complete: completed.is_some(),
        files,
    })
}

/// A path component from a name that came over the network.
fn safe_name(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
