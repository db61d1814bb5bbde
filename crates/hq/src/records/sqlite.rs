//! The records in SQLite, `hq.sqlite3` in the data folder: one connection, each call run off the
//! async threads. The chunks' offsets, the most frequent write by far, are committed in groups:
//! whoever holds the connection commits every offset move queued meanwhile in one transaction
//! (one flush of the log), and each caller is answered once the commit holding its move is
//! durable.

use super::{
    AuditAnchor, CodeRegistration, DeviceAgenda, DeviceRecord, MAX_CODES_PER_DEVICE, NewReport,
    OfficerActivity, Opened, Records, attach_reviews, decision_of, kind_text, qualified_key,
    role_of, to_i64, to_u64,
};
use crate::error::{HqError, HqResult};
use crate::review::{
    Decision, ReportFile, ReportFilter, ReportSummary, Review, ReviewState, Staff, StaffRole,
};
use async_trait::async_trait;
use baohou_core::protocol::{FileProgress, ReportStatus};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;
use std::sync::{Arc, Mutex};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS devices (
    id INTEGER PRIMARY KEY,
    token_sha256 TEXT NOT NULL UNIQUE,
    officer TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    enrolled_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS device_keys (
    device_id INTEGER PRIMARY KEY REFERENCES devices(id),
    public_key TEXT NOT NULL,
    bound_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS device_audit (
    device_id INTEGER PRIMARY KEY REFERENCES devices(id),
    entries INTEGER NOT NULL,
    head TEXT NOT NULL,
    asked INTEGER NOT NULL DEFAULT 0,
    anchored_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS device_audit_breaks (
    id INTEGER PRIMARY KEY,
    device_id INTEGER NOT NULL REFERENCES devices(id),
    found_at TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS device_codes (
    code TEXT PRIMARY KEY,
    device_id INTEGER NOT NULL REFERENCES devices(id),
    registered_at TEXT NOT NULL
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
CREATE TABLE IF NOT EXISTS staff (
    id INTEGER PRIMARY KEY,
    token_sha256 TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS reviews (
    document_no TEXT NOT NULL REFERENCES reports(document_no),
    stage INTEGER NOT NULL CHECK (stage BETWEEN 1 AND 9),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    decision TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    PRIMARY KEY (document_no, stage),
    UNIQUE (document_no, staff_id)
);
CREATE TABLE IF NOT EXISTS updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    officer TEXT,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS device_agendas (
    device_id INTEGER PRIMARY KEY REFERENCES devices(id),
    as_of TEXT NOT NULL,
    received_at TEXT NOT NULL,
    report TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS report_evidence (
    document_no TEXT PRIMARY KEY REFERENCES reports(document_no),
    reused_photos INTEGER NOT NULL,
    far_from_site INTEGER NOT NULL,
    far_from_visit INTEGER NOT NULL,
    ahead_of_clock INTEGER NOT NULL,
    near_copy INTEGER NOT NULL
);
";

fn now() -> String {
    chrono::Local::now().fixed_offset().to_rfc3339()
}

/// `hq.sqlite3` in a data folder.
pub struct SqliteRecords {
    conn: Arc<Mutex<Connection>>,
    /// Offset moves waiting for the next group commit.
    moves: Arc<Mutex<Vec<OffsetMove>>>,
}

/// One file's offset to move from `from` to `to`, and where to answer whether it moved.
struct OffsetMove {
    document_no: String,
    sha256: String,
    from: u64,
    to: u64,
    verified: bool,
    answer: tokio::sync::oneshot::Sender<Result<bool, String>>,
}

/// Commits every queued offset move in one transaction, in the order they were queued (a move
/// of a file sees the moves of it before), and answers each once that is durable; when the
/// commit fails, each is answered with why and none is recorded.
fn commit_moves(c: &mut Connection, moves: &Mutex<Vec<OffsetMove>>) {
    let batch = std::mem::take(&mut *moves.lock().unwrap_or_else(|p| p.into_inner()));
    if batch.is_empty() {
        return;
    }
    let applied = (|| -> rusqlite::Result<Vec<bool>> {
        let t = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut moved = Vec::with_capacity(batch.len());
        {
            let mut update = t.prepare_cached(
                "UPDATE report_files SET received = ?4, verified = ?5
                 WHERE document_no = ?1 AND sha256 = ?2 AND received = ?3 AND NOT verified",
            )?;
            for m in &batch {
                let n = update.execute(params![
                    m.document_no,
                    m.sha256,
                    to_i64(m.from),
                    to_i64(m.to),
                    m.verified
                ])?;
                moved.push(n == 1);
            }
        }
        t.commit()?;
        Ok(moved)
    })();
    match applied {
        Ok(moved) => {
            for (m, ok) in batch.into_iter().zip(moved) {
                let _ = m.answer.send(Ok(ok));
            }
        }
        Err(e) => {
            for m in batch {
                let _ = m.answer.send(Err(e.to_string()));
            }
        }
    }
}

impl SqliteRecords {
    pub fn open(file: &Path) -> HqResult<SqliteRecords> {
        let conn = Connection::open(file)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(SCHEMA)?;
        widen_review_stages(&conn)?;
        Ok(SqliteRecords {
            conn: Arc::new(Mutex::new(conn)),
            moves: Arc::default(),
        })
    }

    /// Runs `f` on the connection off the async threads.
    async fn with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> HqResult<T> + Send + 'static,
    ) -> HqResult<T> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut conn)
        })
        .await
        .map_err(|e| HqError::Io(std::io::Error::other(e.to_string())))?
    }
}

fn device_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DeviceRecord> {
    Ok(DeviceRecord {
        id: r.get(0)?,
        officer: r.get(1)?,
        label: r.get(2)?,
        enrolled_at: r.get(3)?,
        revoked_at: r.get(4)?,
        codes: r
            .get::<_, Option<String>>(5)?
            .map(|c| c.split(',').map(str::to_owned).collect())
            .unwrap_or_default(),
        public_key: r.get(6)?,
        audit_entries: r.get(7)?,
        audit_break: r.get(8)?,
    })
}

/// A device's columns and its newest agenda report.
const DEVICE_COLUMNS_AGENDA: &str = "SELECT d.id, d.officer, d.label, d.enrolled_at, d.revoked_at,
    (SELECT group_concat(code, ',') FROM
        (SELECT code FROM device_codes WHERE device_id = d.id ORDER BY registered_at, code)),
    (SELECT public_key FROM device_keys WHERE device_id = d.id),
    (SELECT entries FROM device_audit WHERE device_id = d.id),
    (SELECT found_at || ' ' || reason FROM device_audit_breaks WHERE device_id = d.id
        ORDER BY id DESC LIMIT 1),
    a.as_of, a.received_at, a.report
    FROM devices d LEFT JOIN device_agendas a ON a.device_id = d.id";

/// A device's columns, its codes joined by commas (oldest first).
const DEVICE_COLUMNS: &str = "SELECT d.id, d.officer, d.label, d.enrolled_at, d.revoked_at,
    (SELECT group_concat(code, ',') FROM
        (SELECT code FROM device_codes WHERE device_id = d.id ORDER BY registered_at, code)),
    (SELECT public_key FROM device_keys WHERE device_id = d.id),
    (SELECT entries FROM device_audit WHERE device_id = d.id),
    (SELECT found_at || ' ' || reason FROM device_audit_breaks WHERE device_id = d.id
        ORDER BY id DESC LIMIT 1)
    FROM devices d";

#[async_trait]
impl Records for SqliteRecords {
    async fn add_device(&self, token_sha256: &str, officer: &str, label: &str) -> HqResult<i64> {
        let (token, officer, label) = (
            token_sha256.to_owned(),
            officer.to_owned(),
            label.to_owned(),
        );
        self.with(move |c| {
            c.execute(
                "INSERT INTO devices (token_sha256, officer, label, enrolled_at) VALUES (?1, ?2, ?3, ?4)",
                params![token, officer, label, now()],
            )?;
            Ok(c.last_insert_rowid())
        })
        .await
    }

    async fn revoke_device(&self, id: i64) -> HqResult<bool> {
        self.with(move |c| {
            let n = c.execute(
                "UPDATE devices SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                params![id, now()],
            )?;
            Ok(n == 1)
        })
        .await
    }

    async fn devices(&self) -> HqResult<Vec<DeviceRecord>> {
        self.with(|c| {
            let mut stmt = c.prepare(&format!("{DEVICE_COLUMNS} ORDER BY d.id"))?;
            let rows = stmt.query_map([], device_row)?.collect::<Result<_, _>>()?;
            Ok(rows)
        })
        .await
    }

    async fn device_by_token(&self, token_sha256: &str) -> HqResult<Option<DeviceRecord>> {
        let token = token_sha256.to_owned();
        self.with(move |c| {
            Ok(c.query_row(
                &format!("{DEVICE_COLUMNS} WHERE d.token_sha256 = ?1"),
                [token],
                device_row,
            )
            .optional()?)
        })
        .await
    }

    async fn bind_device_key(&self, device_id: i64, public_key: &str) -> HqResult<String> {
        let key = public_key.to_owned();
        self.with(move |c| {
            c.execute(
                "INSERT OR IGNORE INTO device_keys (device_id, public_key, bound_at)
                 VALUES (?1, ?2, ?3)",
                params![device_id, key, now()],
            )?;
            Ok(c.query_row(
                "SELECT public_key FROM device_keys WHERE device_id = ?1",
                [device_id],
                |r| r.get(0),
            )?)
        })
        .await
    }

    async fn device_key(&self, device_id: i64) -> HqResult<Option<String>> {
        self.with(move |c| {
            Ok(c.query_row(
                "SELECT public_key FROM device_keys WHERE device_id = ?1",
                [device_id],
                |r| r.get(0),
            )
            .optional()?)
        })
        .await
    }

    async fn audit_anchor(&self, device_id: i64) -> HqResult<Option<AuditAnchor>> {
        self.with(move |c| {
            Ok(c.query_row(
                "SELECT entries, head, asked FROM device_audit WHERE device_id = ?1",
                [device_id],
                |r| {
                    Ok(AuditAnchor {
                        entries: r.get(0)?,
                        head: r.get(1)?,
                        asked: r.get::<_, i64>(2)? != 0,
                    })
                },
            )
            .optional()?)
        })
        .await
    }

    async fn ask_audit(&self, device_id: i64) -> HqResult<()> {
        self.with(move |c| {
            c.execute(
                "UPDATE device_audit SET asked = 1 WHERE device_id = ?1",
                [device_id],
            )?;
            Ok(())
        })
        .await
    }

    async fn set_audit_anchor(
        &self,
        device_id: i64,
        entries: i64,
        head: &str,
        broken: Option<&str>,
    ) -> HqResult<()> {
        let (head, broken) = (head.to_owned(), broken.map(str::to_owned));
        self.with(move |c| {
            let tx = c.transaction()?;
            if let Some(reason) = &broken {
                tx.execute(
                    "INSERT INTO device_audit_breaks (device_id, found_at, reason)
                     VALUES (?1, ?2, ?3)",
                    params![device_id, now(), reason],
                )?;
            }
            tx.execute(
                "INSERT INTO device_audit (device_id, entries, head, anchored_at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (device_id) DO UPDATE SET entries = excluded.entries,
                     head = excluded.head, asked = 0, anchored_at = excluded.anchored_at",
                params![device_id, entries, head, now()],
            )?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn assign(&self, officer: &str, contract_no: &str) -> HqResult<()> {
        let (officer, contract) = (officer.to_owned(), contract_no.to_owned());
        self.with(move |c| {
            c.execute(
                "INSERT OR IGNORE INTO assignments (contract_no, officer) VALUES (?1, ?2)",
                params![contract, officer],
            )?;
            Ok(())
        })
        .await
    }

    async fn open_report(&self, report: NewReport<'_>) -> HqResult<Opened> {
        let m = report.manifest.clone();
        let (device_id, officer) = (report.device_id, report.officer.to_owned());
        let (json, fingerprint) = (
            report.manifest_json.to_owned(),
            report.fingerprint.to_owned(),
        );
        let held = report.held.clone();
        let evidence = report.evidence;
        let apart = report.apart;
        self.with(move |c| {
            let tx = c.transaction()?;
            let assigned: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM assignments WHERE contract_no = ?1 AND officer = ?2)",
                params![m.contract_no, officer],
                |r| r.get(0),
            )?;
            if !assigned {
                return Ok(Opened::NotAssigned);
            }
            if let Some((key, fingerprint)) = tx
                .query_row(
                    "SELECT document_no, manifest_sha256 FROM reports
                     WHERE device_id = ?1 AND (document_no = ?2
                       OR substr(document_no, 1, length(?2) + 1) = ?2 || '~')
                     ORDER BY document_no = ?2 DESC LIMIT 1",
                    params![device_id, m.document_no],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
            {
                return Ok(Opened::Held { key, fingerprint });
            }
            // Another device's report with this number: recorded apart, and nothing said.
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM reports WHERE document_no = ?1)",
                [&m.document_no],
                |r| r.get(0),
            )?;
            let key = if taken || apart {
                qualified_key(&m.document_no, device_id)
            } else {
                m.document_no.clone()
            };
            tx.execute(
                "INSERT INTO reports (document_no, manifest_sha256, manifest, contract_no,
                     borrower, officer, visit_date, device_id, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    key,
                    fingerprint,
                    json,
                    m.contract_no,
                    m.borrower,
                    officer,
                    m.visit_date.to_string(),
                    device_id,
                    now()
                ],
            )?;
            if let Some(e) = evidence {
                tx.execute(
                    "INSERT INTO report_evidence (document_no, reused_photos, far_from_site,
                         far_from_visit, ahead_of_clock, near_copy) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        key,
                        e.reused_photos,
                        e.far_from_site,
                        e.far_from_visit,
                        e.ahead_of_clock,
                        e.near_copy
                    ],
                )?;
            }
            for f in &m.files {
                let whole = held.contains(&f.sha256);
                tx.execute(
                    "INSERT OR IGNORE INTO report_files (document_no, sha256, name, kind, size,
                         received, verified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        key,
                        f.sha256,
                        f.name,
                        kind_text(f.kind),
                        to_i64(f.size),
                        if whole { to_i64(f.size) } else { 0 },
                        whole
                    ],
                )?;
            }
            tx.commit()?;
            Ok(Opened::Created { key })
        })
        .await
    }

    async fn report_key(&self, device_id: i64, document_no: &str) -> HqResult<Option<String>> {
        let no = document_no.to_owned();
        self.with(move |c| {
            Ok(c.query_row(
                "SELECT document_no FROM reports WHERE device_id = ?1
                   AND (document_no = ?2 OR substr(document_no, 1, length(?2) + 1) = ?2 || '~')
                 ORDER BY document_no = ?2 DESC LIMIT 1",
                params![device_id, no],
                |r| r.get(0),
            )
            .optional()?)
        })
        .await
    }

    async fn put_agenda(&self, device_id: i64, as_of: &str, json: &str) -> HqResult<()> {
        let (as_of, json) = (as_of.to_owned(), json.to_owned());
        self.with(move |c| {
            c.execute(
                "INSERT INTO device_agendas (device_id, as_of, received_at, report)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (device_id) DO UPDATE SET as_of = excluded.as_of,
                     received_at = excluded.received_at, report = excluded.report",
                params![device_id, as_of, now(), json],
            )?;
            Ok(())
        })
        .await
    }

    async fn device_agendas(&self) -> HqResult<Vec<DeviceAgenda>> {
        self.with(|c| {
            let mut stmt = c.prepare(&format!(
                "{DEVICE_COLUMNS_AGENDA} WHERE d.revoked_at IS NULL ORDER BY d.officer, d.id"
            ))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok(DeviceAgenda {
                        device: device_row(r)?,
                        as_of: r.get(9)?,
                        received_at: r.get(10)?,
                        json: r.get(11)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        })
        .await
    }

    async fn officer_activity(
        &self,
        from: Option<&str>,
        to: Option<&str>,
    ) -> HqResult<Vec<OfficerActivity>> {
        let (from, to) = (from.map(str::to_owned), to.map(str::to_owned));
        self.with(move |c| {
            let mut stmt = c.prepare(
                // A visit counts once, by its newest version received (a corrected report
                // is the same visit: same laptop, contract and day).
                "SELECT l.officer, count(*), coalesce(sum(e.reused_photos), 0),
                        coalesce(sum(e.far_from_site), 0), coalesce(sum(e.far_from_visit), 0),
                        coalesce(sum(e.ahead_of_clock), 0), coalesce(sum(e.near_copy), 0)
                 FROM (SELECT r.officer, r.document_no,
                              row_number() OVER (
                                  PARTITION BY r.device_id, r.contract_no, r.visit_date
                                  ORDER BY json_extract(r.manifest, '$.visit_version') DESC
                              ) AS nth
                       FROM reports r
                       WHERE r.completed_at IS NOT NULL
                         AND json_extract(r.manifest, '$.kind') IS NULL
                         AND (?1 IS NULL OR r.visit_date >= ?1)
                         AND (?2 IS NULL OR r.visit_date <= ?2)) l
                 LEFT JOIN report_evidence e ON e.document_no = l.document_no
                 WHERE l.nth = 1
                 GROUP BY l.officer ORDER BY l.officer",
            )?;
            let rows = stmt
                .query_map(params![from, to], |r| {
                    Ok(OfficerActivity {
                        officer: r.get(0)?,
                        visits: r.get(1)?,
                        reused_photos: r.get(2)?,
                        far_from_site: r.get(3)?,
                        far_from_visit: r.get(4)?,
                        ahead_of_clock: r.get(5)?,
                        near_copy_reports: r.get(6)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        })
        .await
    }

    async fn register_code(
        &self,
        device_id: i64,
        officer: &str,
        code: &str,
    ) -> HqResult<CodeRegistration> {
        let (code, officer) = (code.to_owned(), officer.to_owned());
        self.with(move |c| {
            let tx = c.transaction()?;
            let holder: Option<(i64, Option<String>, String)> = tx
                .query_row(
                    "SELECT dc.device_id, d.revoked_at, d.officer FROM device_codes dc
                     JOIN devices d ON d.id = dc.device_id WHERE dc.code = ?1",
                    [&code],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let outcome = match holder {
                Some((holder, _, _)) if holder == device_id => CodeRegistration::Registered,
                Some((holder, Some(_), holder_officer)) if holder_officer == officer => {
                    tx.execute(
                        "UPDATE device_codes SET device_id = ?2, registered_at = ?3 WHERE code = ?1",
                        params![code, device_id, now()],
                    )?;
                    tx.execute(
                        "UPDATE reports SET device_id = ?2 WHERE device_id = ?1",
                        params![holder, device_id],
                    )?;
                    CodeRegistration::Registered
                }
                Some(_) => CodeRegistration::Taken,
                None => {
                    let held: i64 = tx.query_row(
                        "SELECT count(*) FROM device_codes WHERE device_id = ?1",
                        [device_id],
                        |r| r.get(0),
                    )?;
                    if held >= MAX_CODES_PER_DEVICE {
                        CodeRegistration::TooMany
                    } else {
                        tx.execute(
                            "INSERT INTO device_codes (code, device_id, registered_at)
                             VALUES (?1, ?2, ?3)",
                            params![code, device_id, now()],
                        )?;
                        CodeRegistration::Registered
                    }
                }
            };
            tx.commit()?;
            Ok(outcome)
        })
        .await
    }

    async fn code_holder(&self, code: &str) -> HqResult<Option<i64>> {
        let code = code.to_owned();
        self.with(move |c| {
            Ok(c.query_row(
                "SELECT device_id FROM device_codes WHERE code = ?1",
                [code],
                |r| r.get(0),
            )
            .optional()?)
        })
        .await
    }

    async fn file_progress(
        &self,
        document_no: &str,
        sha256: &str,
    ) -> HqResult<Option<FileProgress>> {
        let (no, sha) = (document_no.to_owned(), sha256.to_owned());
        self.with(move |c| {
            Ok(c.query_row(
                "SELECT sha256, size, received, verified FROM report_files
                 WHERE document_no = ?1 AND sha256 = ?2",
                params![no, sha],
                progress_row,
            )
            .optional()?)
        })
        .await
    }

    async fn move_offset(
        &self,
        document_no: &str,
        sha256: &str,
        from: u64,
        to: u64,
        verified: bool,
    ) -> HqResult<bool> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        self.moves
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(OffsetMove {
                document_no: document_no.to_owned(),
                sha256: sha256.to_owned(),
                from,
                to,
                verified,
                answer,
            });
        // Whoever takes the connection first commits every move queued by then, this one among
        // them; a caller that finds the queue empty was committed by another.
        let moves = self.moves.clone();
        self.with(move |c| {
            commit_moves(c, &moves);
            Ok(())
        })
        .await?;
        match answered.await {
            Ok(Ok(moved)) => Ok(moved),
            Ok(Err(why)) => Err(HqError::Io(std::io::Error::other(format!(
                "the records: {why}"
            )))),
            Err(_) => Err(HqError::Io(std::io::Error::other(
                "the records: the offset's commit was dropped",
            ))),
        }
    }

    async fn status(&self, document_no: &str) -> HqResult<Option<ReportStatus>> {
        let no = document_no.to_owned();
        self.with(move |c| {
            let completed: Option<Option<String>> = c
                .query_row(
                    "SELECT completed_at FROM reports WHERE document_no = ?1",
                    [&no],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(completed) = completed else {
                return Ok(None);
            };
            let mut stmt = c.prepare(
                "SELECT sha256, size, received, verified FROM report_files WHERE document_no = ?1
                 ORDER BY rowid",
            )?;
            let files = stmt
                .query_map([&no], progress_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some(ReportStatus {
                document_no: no.clone(),
                complete: completed.is_some(),
                files,
            }))
        })
        .await
    }

    async fn mark_complete(&self, document_no: &str) -> HqResult<()> {
        let no = document_no.to_owned();
        self.with(move |c| {
            c.execute(
                "UPDATE reports SET completed_at = coalesce(completed_at, ?2) WHERE document_no = ?1",
                params![no, now()],
            )?;
            Ok(())
        })
        .await
    }

    async fn add_staff(&self, token_sha256: &str, name: &str, role: StaffRole) -> HqResult<i64> {
        let (token, name) = (token_sha256.to_owned(), name.to_owned());
        self.with(move |c| {
            c.execute(
                "INSERT INTO staff (token_sha256, name, role, created_at) VALUES (?1, ?2, ?3, ?4)",
                params![token, name, role.as_str(), now()],
            )?;
            Ok(c.last_insert_rowid())
        })
        .await
    }

    async fn staff_by_token(&self, token_sha256: &str) -> HqResult<Option<Staff>> {
        let token = token_sha256.to_owned();
        self.with(move |c| {
            Ok(c.query_row(
                "SELECT id, name, role, created_at, revoked_at FROM staff WHERE token_sha256 = ?1",
                [token],
                staff_row,
            )
            .optional()?)
        })
        .await
    }

    async fn staff(&self) -> HqResult<Vec<Staff>> {
        self.with(|c| {
            let mut stmt =
                c.prepare("SELECT id, name, role, created_at, revoked_at FROM staff ORDER BY id")?;
            let rows = stmt.query_map([], staff_row)?.collect::<Result<_, _>>()?;
            Ok(rows)
        })
        .await
    }

    async fn revoke_staff(&self, id: i64) -> HqResult<bool> {
        self.with(move |c| {
            let n = c.execute(
                "UPDATE staff SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                params![id, now()],
            )?;
            Ok(n == 1)
        })
        .await
    }

    async fn reports(
        &self,
        filter: &ReportFilter,
        document_no: Option<&str>,
        limit: u32,
    ) -> HqResult<Vec<ReportSummary>> {
        let filter = filter.clone();
        let no = document_no.map(str::to_owned);
        self.with(move |c| {
            let mut stmt = c.prepare(
                "SELECT r.document_no, r.contract_no, r.borrower, r.officer, r.visit_date,
                        r.received_at, r.completed_at,
                        (SELECT count(*) FROM report_files f WHERE f.document_no = r.document_no),
                        (SELECT coalesce(sum(size), 0) FROM report_files f
                          WHERE f.document_no = r.document_no),
                        (SELECT sha256 FROM report_files f
                          WHERE f.document_no = r.document_no AND f.kind = 'pdf' LIMIT 1),
                        coalesce(json_extract(r.manifest, '$.kind'), 'inspection_report')
                 FROM reports r
                 WHERE (?1 IS NULL OR r.officer = ?1)
                   AND (?2 IS NULL OR instr(r.borrower, ?2) > 0)
                   AND (?3 IS NULL OR r.visit_date >= ?3)
                   AND (?4 IS NULL OR r.visit_date <= ?4)
                   AND (?5 IS NULL OR r.document_no = ?5)
                 ORDER BY r.received_at DESC, r.document_no
                 LIMIT ?6",
            )?;
            let mut reports = stmt
                .query_map(
                    params![
                        filter.officer,
                        filter.borrower,
                        filter.from.map(|d| d.to_string()),
                        filter.to.map(|d| d.to_string()),
                        no,
                        limit
                    ],
                    |r| {
                        Ok(ReportSummary {
                            document_no: r.get(0)?,
                            contract_no: r.get(1)?,
                            borrower: r.get(2)?,
                            officer: r.get(3)?,
                            visit_date: r.get(4)?,
                            received_at: r.get(5)?,
                            completed_at: r.get(6)?,
                            files: u32::try_from(r.get::<_, i64>(7)?).unwrap_or(0),
                            bytes: to_u64(r.get(8)?),
                            pdf_sha256: r.get(9)?,
                            kind: r.get(10)?,
                            state: ReviewState::Uploading,
                            reviews: Vec::new(),
                            next_step: None,
                        })
                    },
                )?
                .collect::<Result<Vec<_>, _>>()?;
            let mut reviews = Vec::new();
            let mut stmt = c.prepare(
                "SELECT v.stage, v.staff_id, s.name, v.decision, v.note, v.at
                 FROM reviews v JOIN staff s ON s.id = v.staff_id WHERE v.document_no = ?1",
            )?;
            for report in &reports {
                for review in stmt.query_map([&report.document_no], |r| {
                    Ok(Review {
                        stage: r.get(0)?,
                        step: String::new(),
                        reviewer_id: r.get(1)?,
                        reviewer: r.get(2)?,
                        decision: decision_of(&r.get::<_, String>(3)?),
                        note: r.get(4)?,
                        at: r.get(5)?,
                    })
                })? {
                    reviews.push((report.document_no.clone(), review?));
                }
            }
            attach_reviews(&mut reports, reviews);
            Ok(reports)
        })
        .await
    }

    async fn report_files(&self, document_no: &str) -> HqResult<Vec<ReportFile>> {
        let no = document_no.to_owned();
        self.with(move |c| {
            let mut stmt = c.prepare(
                "SELECT name, kind, sha256, size, verified FROM report_files
                 WHERE document_no = ?1 ORDER BY rowid",
            )?;
            let files = stmt
                .query_map([no], |r| {
                    Ok(ReportFile {
                        name: r.get(0)?,
                        kind: r.get(1)?,
                        sha256: r.get(2)?,
                        size: to_u64(r.get(3)?),
                        verified: r.get(4)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            Ok(files)
        })
        .await
    }

    async fn manifest_json(&self, document_no: &str) -> HqResult<Option<String>> {
        let no = document_no.to_owned();
        self.with(move |c| {
            Ok(c.query_row(
                "SELECT manifest FROM reports WHERE document_no = ?1",
                [no],
                |r| r.get(0),
            )
            .optional()?)
        })
        .await
    }

    async fn add_update(&self, officer: Option<&str>, payload_json: &str) -> HqResult<i64> {
        let (officer, payload) = (officer.map(str::to_owned), payload_json.to_owned());
        self.with(move |c| {
            c.execute(
                "INSERT INTO updates (officer, payload, created_at) VALUES (?1, ?2, ?3)",
                params![officer, payload, now()],
            )?;
            Ok(c.last_insert_rowid())
        })
        .await
    }

    async fn global_updates(&self) -> HqResult<Vec<String>> {
        self.with(move |c| {
            let mut stmt =
                c.prepare("SELECT payload FROM updates WHERE officer IS NULL ORDER BY seq DESC")?;
            let rows = stmt
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        })
        .await
    }

    async fn updates_for(
        &self,
        officer: &str,
        after: i64,
        limit: u32,
    ) -> HqResult<Vec<(i64, String)>> {
        let officer = officer.to_owned();
        self.with(move |c| {
            let mut stmt = c.prepare(
                "SELECT seq, payload FROM updates
                 WHERE seq > ?1 AND (officer IS NULL OR officer = ?2) ORDER BY seq LIMIT ?3",
            )?;
            let rows = stmt
                .query_map(params![after, officer, limit], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        })
        .await
    }

    async fn assigned_officers(&self, contract_no: &str) -> HqResult<Vec<String>> {
        let contract = contract_no.to_owned();
        self.with(move |c| {
            let mut stmt = c.prepare(
                "SELECT officer FROM assignments WHERE contract_no = ?1 ORDER BY officer",
            )?;
            let rows = stmt
                .query_map([contract], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        })
        .await
    }

    async fn add_review(
        &self,
        document_no: &str,
        stage: u8,
        reviewer: &Staff,
        decision: Decision,
        note: &str,
    ) -> HqResult<bool> {
        let (no, note, staff_id) = (document_no.to_owned(), note.to_owned(), reviewer.id);
        self.with(move |c| {
            match c.execute(
                "INSERT INTO reviews (document_no, stage, staff_id, decision, note, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![no, stage, staff_id, decision.as_str(), note, now()],
            ) {
                Ok(_) => Ok(true),
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    Ok(false)
                }
                Err(e) => Err(e.into()),
            }
        })
        .await
    }
}

/// A data folder from before the approval chain allowed two review stages only: its reviews
/// table is rebuilt with the wider check, marks kept.
fn widen_review_stages(conn: &Connection) -> rusqlite::Result<()> {
    let sql: String = conn.query_row(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'reviews'",
        [],
        |r| r.get(0),
    )?;
    if !sql.contains("IN (1, 2)") {
        return Ok(());
    }
    conn.execute_batch(
        "BEGIN;
         CREATE TABLE reviews_wide (
             document_no TEXT NOT NULL REFERENCES reports(document_no),
             stage INTEGER NOT NULL CHECK (stage BETWEEN 1 AND 9),
             staff_id INTEGER NOT NULL REFERENCES staff(id),
             decision TEXT NOT NULL,
             note TEXT NOT NULL DEFAULT '',
             at TEXT NOT NULL,
             PRIMARY KEY (document_no, stage),
             UNIQUE (document_no, staff_id)
         );
         INSERT INTO reviews_wide SELECT document_no, stage, staff_id, decision, note, at FROM reviews;
         DROP TABLE reviews;
         ALTER TABLE reviews_wide RENAME TO reviews;
         COMMIT;",
    )
}

fn staff_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Staff> {
    Ok(Staff {
        id: r.get(0)?,
        name: r.get(1)?,
        role: role_of(&r.get::<_, String>(2)?),
        created_at: r.get(3)?,
        revoked_at: r.get(4)?,
    })
}

fn progress_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FileProgress> {
    Ok(FileProgress {
        sha256: r.get(0)?,
        size: to_u64(r.get(1)?),
        offset: to_u64(r.get(2)?),
        verified: r.get(3)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Offset moves from many requests at once, committed in groups: each answered as if alone
    /// (moved when its offset was the file's; of two moves from one offset, one), every moved
    /// offset in the file afterwards, also after reopening it.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn offsets_moved_at_once_are_each_answered_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("hq.sqlite3");
        let records = Arc::new(SqliteRecords::open(&file).unwrap());
        let device = records.add_device("t", "张伟", "").await.unwrap();
        records
            .with(move |c| {
                c.execute(
                    "INSERT INTO reports (document_no, manifest_sha256, manifest, contract_no,
                     borrower, officer, visit_date, device_id, received_at)
                     VALUES ('N-1', '', '{}', 'C', 'B', '张伟', '2026-11-20', ?1, '')",
                    [device],
                )?;
                for f in 0..64 {
                    c.execute(
                        "INSERT INTO report_files (document_no, sha256, name, kind, size)
                         VALUES ('N-1', ?1, 'p.jpg', 'photo', 4000)",
                        [format!("f{f:02}")],
                    )?;
                }
                Ok(())
            })
            .await
            .unwrap();
        // 64 files, each moved 0 -> 1000 by two requests at once, then 1000 -> 4000 verified.
        let mut tasks = Vec::new();
        for f in 0..64 {
            for _ in 0..2 {
                let records = records.clone();
                tasks.push(tokio::spawn(async move {
                    records
                        .move_offset("N-1", &format!("f{f:02}"), 0, 1000, false)
                        .await
                        .unwrap()
                }));
            }
        }
        // Each answered (a move never answered would hang its request: here it fails).
        let answered = |t| tokio::time::timeout(std::time::Duration::from_secs(30), t);
        let mut moved = 0;
        for t in tasks {
            moved += usize::from(answered(t).await.expect("answered").unwrap());
        }
        assert_eq!(moved, 64, "one of each two moves from 0");
        let mut tasks = Vec::new();
        for f in 0..64 {
            let records = records.clone();
            tasks.push(tokio::spawn(async move {
                records
                    .move_offset("N-1", &format!("f{f:02}"), 1000, 4000, true)
                    .await
                    .unwrap()
            }));
        }
        for t in tasks {
            assert!(answered(t).await.expect("answered").unwrap());
        }
        // A verified file's offset moves no more.
        assert!(
            !records
                .move_offset("N-1", "f00", 4000, 0, false)
                .await
                .unwrap()
        );
        drop(records);
        let reopened = SqliteRecords::open(&file).unwrap();
        for f in 0..64 {
            let p = reopened
                .file_progress("N-1", &format!("f{f:02}"))
                .await
                .unwrap()
                .unwrap();
            assert_eq!((p.offset, p.verified), (4000, true));
        }
    }
}
