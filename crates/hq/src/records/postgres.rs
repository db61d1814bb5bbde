//! The records in PostgreSQL, for a company with many officers: a connection pool, the same
//! tables as the SQLite store, created on first start.

use super::{
    DeviceRecord, NewReport, Opened, Records, attach_reviews, decision_of, kind_text, role_of,
    to_i64, to_u64,
};
use crate::error::{HqError, HqResult};
use crate::review::{
    Decision, ReportFile, ReportFilter, ReportSummary, Review, ReviewState, Staff, StaffRole,
};
use async_trait::async_trait;
use baohou_core::sync::protocol::{FileProgress, ReportStatus};
use chrono::{DateTime, Local, Utc};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use std::str::FromStr;
use tokio_postgres::NoTls;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS devices (
    id BIGSERIAL PRIMARY KEY,
    token_sha256 TEXT NOT NULL UNIQUE,
    officer TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    enrolled_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at TIMESTAMPTZ
);
CREATE TABLE IF NOT EXISTS device_keys (
    device_id BIGINT PRIMARY KEY REFERENCES devices(id),
    public_key TEXT NOT NULL,
    bound_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS assignments (
    contract_no TEXT NOT NULL,
    officer TEXT NOT NULL,
    PRIMARY KEY (contract_no, officer)
);
CREATE TABLE IF NOT EXISTS reports (
    document_no TEXT PRIMARY KEY,
    manifest_sha256 TEXT NOT NULL,
    manifest JSONB NOT NULL,
    contract_no TEXT NOT NULL,
    borrower TEXT NOT NULL,
    officer TEXT NOT NULL,
    visit_date DATE NOT NULL,
    device_id BIGINT NOT NULL REFERENCES devices(id),
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at TIMESTAMPTZ
);
CREATE TABLE IF NOT EXISTS report_files (
    document_no TEXT NOT NULL REFERENCES reports(document_no),
    sha256 TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    size BIGINT NOT NULL,
    received BIGINT NOT NULL DEFAULT 0,
    verified BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (document_no, sha256)
);
CREATE TABLE IF NOT EXISTS staff (
    id BIGSERIAL PRIMARY KEY,
    token_sha256 TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at TIMESTAMPTZ
);
CREATE TABLE IF NOT EXISTS reviews (
    document_no TEXT NOT NULL REFERENCES reports(document_no),
    stage SMALLINT NOT NULL CHECK (stage IN (1, 2)),
    staff_id BIGINT NOT NULL REFERENCES staff(id),
    decision TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (document_no, stage),
    UNIQUE (document_no, staff_id)
);
CREATE TABLE IF NOT EXISTS updates (
    seq BIGSERIAL PRIMARY KEY,
    officer TEXT,
    payload JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
";

fn text_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).fixed_offset().to_rfc3339()
}

/// A PostgreSQL database, by URL (`postgres://user@host:port/db`).
pub struct PgRecords {
    pool: Pool,
}

impl PgRecords {
    /// Connects, and creates the tables on first start.
    pub async fn connect(url: &str) -> HqResult<PgRecords> {
        let config = tokio_postgres::Config::from_str(url)
            .map_err(|e| HqError::Settings(format!("the database URL: {e}")))?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(16)
            .build()
            .map_err(|e| HqError::Settings(e.to_string()))?;
        let client = pool.get().await?;
        client.batch_execute(SCHEMA).await?;
        Ok(PgRecords { pool })
    }
}

fn device_row(r: &tokio_postgres::Row) -> DeviceRecord {
    DeviceRecord {
        id: r.get(0),
        officer: r.get(1),
        label: r.get(2),
        enrolled_at: text_time(r.get(3)),
        revoked_at: r.get::<_, Option<DateTime<Utc>>>(4).map(text_time),
    }
}

fn staff_row(r: &tokio_postgres::Row) -> Staff {
    Staff {
        id: r.get(0),
        name: r.get(1),
        role: role_of(r.get(2)),
        created_at: text_time(r.get(3)),
        revoked_at: r.get::<_, Option<DateTime<Utc>>>(4).map(text_time),
    }
}

fn progress_row(r: &tokio_postgres::Row) -> FileProgress {
    FileProgress {
        sha256: r.get(0),
        size: to_u64(r.get(1)),
        offset: to_u64(r.get(2)),
        verified: r.get(3),
    }
}

#[async_trait]
impl Records for PgRecords {
    async fn add_device(&self, token_sha256: &str, officer: &str, label: &str) -> HqResult<i64> {
        let c = self.pool.get().await?;
        let row = c
            .query_one(
                "INSERT INTO devices (token_sha256, officer, label) VALUES ($1, $2, $3) RETURNING id",
                &[&token_sha256, &officer, &label],
            )
            .await?;
        Ok(row.get(0))
    }

    async fn revoke_device(&self, id: i64) -> HqResult<bool> {
        let c = self.pool.get().await?;
        let n = c
            .execute(
                "UPDATE devices SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL",
                &[&id],
            )
            .await?;
        Ok(n == 1)
    }

    async fn devices(&self) -> HqResult<Vec<DeviceRecord>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT id, officer, label, enrolled_at, revoked_at FROM devices ORDER BY id",
                &[],
            )
            .await?;
        Ok(rows.iter().map(device_row).collect())
    }

    async fn device_by_token(&self, token_sha256: &str) -> HqResult<Option<DeviceRecord>> {
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                "SELECT id, officer, label, enrolled_at, revoked_at FROM devices
                 WHERE token_sha256 = $1",
                &[&token_sha256],
            )
            .await?;
        Ok(row.as_ref().map(device_row))
    }

    async fn bind_device_key(&self, device_id: i64, public_key: &str) -> HqResult<String> {
        let c = self.pool.get().await?;
        c.execute(
            "INSERT INTO device_keys (device_id, public_key) VALUES ($1, $2)
             ON CONFLICT (device_id) DO NOTHING",
            &[&device_id, &public_key],
        )
        .await?;
        let row = c
            .query_one(
                "SELECT public_key FROM device_keys WHERE device_id = $1",
                &[&device_id],
            )
            .await?;
        Ok(row.get(0))
    }

    async fn assign(&self, officer: &str, contract_no: &str) -> HqResult<()> {
        let c = self.pool.get().await?;
        c.execute(
            "INSERT INTO assignments (contract_no, officer) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&contract_no, &officer],
        )
        .await?;
        Ok(())
    }

    async fn open_report(&self, report: NewReport<'_>) -> HqResult<Opened> {
        let m = report.manifest;
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        let assigned: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM assignments WHERE contract_no = $1 AND officer = $2)",
                &[&m.contract_no, &report.officer],
            )
            .await?
            .get(0);
        if !assigned {
            return Ok(Opened::NotAssigned);
        }
        // Two requests for one new report: the second waits on the first's row, then finds it.
        let inserted = tx
            .execute(
                "INSERT INTO reports (document_no, manifest_sha256, manifest, contract_no,
                     borrower, officer, visit_date, device_id)
                 VALUES ($1, $2, $3::text::jsonb, $4, $5, $6, $7, $8)
                 ON CONFLICT (document_no) DO NOTHING",
                &[
                    &m.document_no,
                    &report.fingerprint,
                    &report.manifest_json,
                    &m.contract_no,
                    &m.borrower,
                    &m.officer,
                    &m.visit_date,
                    &report.device_id,
                ],
            )
            .await?;
        if inserted == 0 {
            let fingerprint: String = tx
                .query_one(
                    "SELECT manifest_sha256 FROM reports WHERE document_no = $1",
                    &[&m.document_no],
                )
                .await?
                .get(0);
            return Ok(Opened::Held { fingerprint });
        }
        let insert = tx
            .prepare(
                "INSERT INTO report_files (document_no, sha256, position, name, kind, size,
                     received, verified) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT DO NOTHING",
            )
            .await?;
        for (position, f) in m.files.iter().enumerate() {
            let whole = report.held.contains(&f.sha256);
            let position = i32::try_from(position).unwrap_or(i32::MAX);
            tx.execute(
                &insert,
                &[
                    &m.document_no,
                    &f.sha256,
                    &position,
                    &f.name,
                    &kind_text(f.kind),
                    &to_i64(f.size),
                    &if whole { to_i64(f.size) } else { 0 },
                    &whole,
                ],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(Opened::Created)
    }

    async fn report_officer(&self, document_no: &str) -> HqResult<Option<String>> {
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                "SELECT d.officer FROM reports r JOIN devices d ON d.id = r.device_id
                 WHERE r.document_no = $1",
                &[&document_no],
            )
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    async fn file_progress(
        &self,
        document_no: &str,
        sha256: &str,
    ) -> HqResult<Option<FileProgress>> {
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                "SELECT sha256, size, received, verified FROM report_files
                 WHERE document_no = $1 AND sha256 = $2",
                &[&document_no, &sha256],
            )
            .await?;
        Ok(row.as_ref().map(progress_row))
    }

    async fn move_offset(
        &self,
        document_no: &str,
        sha256: &str,
        from: u64,
        to: u64,
        verified: bool,
    ) -> HqResult<bool> {
        let c = self.pool.get().await?;
        let n = c
            .execute(
                "UPDATE report_files SET received = $4, verified = $5
                 WHERE document_no = $1 AND sha256 = $2 AND received = $3 AND NOT verified",
                &[&document_no, &sha256, &to_i64(from), &to_i64(to), &verified],
            )
            .await?;
        Ok(n == 1)
    }

    async fn status(&self, document_no: &str) -> HqResult<Option<ReportStatus>> {
        let c = self.pool.get().await?;
        let Some(report) = c
            .query_opt(
                "SELECT completed_at IS NOT NULL FROM reports WHERE document_no = $1",
                &[&document_no],
            )
            .await?
        else {
            return Ok(None);
        };
        let files = c
            .query(
                "SELECT sha256, size, received, verified FROM report_files WHERE document_no = $1
                 ORDER BY position",
                &[&document_no],
            )
            .await?;
        Ok(Some(ReportStatus {
            document_no: document_no.to_owned(),
            complete: report.get(0),
            files: files.iter().map(progress_row).collect(),
        }))
    }

    async fn mark_complete(&self, document_no: &str) -> HqResult<()> {
        let c = self.pool.get().await?;
        c.execute(
            "UPDATE reports SET completed_at = coalesce(completed_at, now()) WHERE document_no = $1",
            &[&document_no],
        )
        .await?;
        Ok(())
    }

    async fn add_staff(&self, token_sha256: &str, name: &str, role: StaffRole) -> HqResult<i64> {
        let c = self.pool.get().await?;
        let row = c
            .query_one(
                "INSERT INTO staff (token_sha256, name, role) VALUES ($1, $2, $3) RETURNING id",
                &[&token_sha256, &name, &role.as_str()],
            )
            .await?;
        Ok(row.get(0))
    }

    async fn staff_by_token(&self, token_sha256: &str) -> HqResult<Option<Staff>> {
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                "SELECT id, name, role, created_at, revoked_at FROM staff WHERE token_sha256 = $1",
                &[&token_sha256],
            )
            .await?;
        Ok(row.as_ref().map(staff_row))
    }

    async fn staff(&self) -> HqResult<Vec<Staff>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT id, name, role, created_at, revoked_at FROM staff ORDER BY id",
                &[],
            )
            .await?;
        Ok(rows.iter().map(staff_row).collect())
    }

    async fn revoke_staff(&self, id: i64) -> HqResult<bool> {
        let c = self.pool.get().await?;
        let n = c
            .execute(
                "UPDATE staff SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL",
                &[&id],
            )
            .await?;
        Ok(n == 1)
    }

    async fn reports(
        &self,
        filter: &ReportFilter,
        document_no: Option<&str>,
        limit: u32,
    ) -> HqResult<Vec<ReportSummary>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT r.document_no, r.contract_no, r.borrower, r.officer, r.visit_date,
                        r.received_at, r.completed_at,
                        (SELECT count(*) FROM report_files f WHERE f.document_no = r.document_no),
                        (SELECT coalesce(sum(size), 0)::bigint FROM report_files f
                          WHERE f.document_no = r.document_no),
                        (SELECT sha256 FROM report_files f
                          WHERE f.document_no = r.document_no AND f.kind = 'pdf' LIMIT 1),
                        coalesce(r.manifest ->> 'kind', 'inspection_report')
                 FROM reports r
                 WHERE ($1::text IS NULL OR r.officer = $1)
                   AND ($2::text IS NULL OR strpos(r.borrower, $2) > 0)
                   AND ($3::date IS NULL OR r.visit_date >= $3)
                   AND ($4::date IS NULL OR r.visit_date <= $4)
                   AND ($5::text IS NULL OR r.document_no = $5)
                 ORDER BY r.received_at DESC, r.document_no
                 LIMIT $6",
                &[
                    &filter.officer,
                    &filter.borrower,
                    &filter.from,
                    &filter.to,
                    &document_no,
                    &i64::from(limit),
                ],
            )
            .await?;
        let mut reports: Vec<ReportSummary> = rows
            .iter()
            .map(|r| ReportSummary {
                document_no: r.get(0),
                contract_no: r.get(1),
                borrower: r.get(2),
                officer: r.get(3),
                visit_date: r.get::<_, chrono::NaiveDate>(4).to_string(),
                received_at: text_time(r.get(5)),
                completed_at: r.get::<_, Option<DateTime<Utc>>>(6).map(text_time),
                files: u32::try_from(r.get::<_, i64>(7)).unwrap_or(0),
                bytes: to_u64(r.get(8)),
                pdf_sha256: r.get(9),
                kind: r.get(10),
                state: ReviewState::Uploading,
                reviews: Vec::new(),
            })
            .collect();
        let numbers: Vec<String> = reports.iter().map(|r| r.document_no.clone()).collect();
        let marks = c
            .query(
                "SELECT v.document_no, v.stage, v.staff_id, s.name, v.decision, v.note, v.at
                 FROM reviews v JOIN staff s ON s.id = v.staff_id
                 WHERE v.document_no = ANY($1)",
                &[&numbers],
            )
            .await?;
        let reviews = marks
            .iter()
            .map(|r| {
                (
                    r.get::<_, String>(0),
                    Review {
                        stage: u8::try_from(r.get::<_, i16>(1)).unwrap_or(0),
                        reviewer_id: r.get(2),
                        reviewer: r.get(3),
                        decision: decision_of(r.get(4)),
                        note: r.get(5),
                        at: text_time(r.get(6)),
                    },
                )
            })
            .collect();
        attach_reviews(&mut reports, reviews);
        Ok(reports)
    }

    async fn report_files(&self, document_no: &str) -> HqResult<Vec<ReportFile>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT name, kind, sha256, size, verified FROM report_files
                 WHERE document_no = $1 ORDER BY position",
                &[&document_no],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| ReportFile {
                name: r.get(0),
                kind: r.get(1),
                sha256: r.get(2),
                size: to_u64(r.get(3)),
                verified: r.get(4),
            })
            .collect())
    }

    async fn manifest_json(&self, document_no: &str) -> HqResult<Option<String>> {
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                "SELECT manifest::text FROM reports WHERE document_no = $1",
                &[&document_no],
            )
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    async fn add_update(&self, officer: Option<&str>, payload_json: &str) -> HqResult<i64> {
        let c = self.pool.get().await?;
        let row = c
            .query_one(
                "INSERT INTO updates (officer, payload) VALUES ($1, $2::text::jsonb) RETURNING seq",
                &[&officer, &payload_json],
            )
            .await?;
        Ok(row.get(0))
    }

    async fn updates_for(
        &self,
        officer: &str,
        after: i64,
        limit: u32,
    ) -> HqResult<Vec<(i64, String)>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT seq, payload::text FROM updates
                 WHERE seq > $1 AND (officer IS NULL OR officer = $2) ORDER BY seq LIMIT $3",
                &[&after, &officer, &i64::from(limit)],
            )
            .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    async fn assigned_officers(&self, contract_no: &str) -> HqResult<Vec<String>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT officer FROM assignments WHERE contract_no = $1 ORDER BY officer",
                &[&contract_no],
            )
            .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    async fn add_review(
        &self,
        document_no: &str,
        stage: u8,
        reviewer: &Staff,
        decision: Decision,
        note: &str,
    ) -> HqResult<bool> {
        let c = self.pool.get().await?;
        let inserted = c
            .execute(
                "INSERT INTO reviews (document_no, stage, staff_id, decision, note)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                &[
                    &document_no,
                    &i16::from(stage),
                    &reviewer.id,
                    &decision.as_str(),
                    &note,
                ],
            )
            .await?;
        Ok(inserted == 1)
    }
}

/// Creates an empty database on the server of `server_url` and returns its URL: each test (and a
/// trial install) gets its own, named `{prefix}_{random}`.
pub async fn create_scratch_database(server_url: &str, prefix: &str) -> HqResult<String> {
    let config = tokio_postgres::Config::from_str(server_url)
        .map_err(|e| HqError::Settings(format!("the database URL: {e}")))?;
    let (client, connection) = config.connect(NoTls).await?;
    let task = tokio::spawn(connection);
    let mut raw = [0u8; 6];
    getrandom::fill(&mut raw).map_err(|e| std::io::Error::other(e.to_string()))?;
    let suffix: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    let name = format!(
        "{}_{suffix}",
        prefix
            .to_ascii_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
    );
    client
        .batch_execute(&format!("CREATE DATABASE \"{name}\""))
        .await?;
    drop(client);
    let _ = task.await;
    let mut base = server_url.to_owned();
    // Replace (or add) the database name: the path after the authority.
    let authority_end = base
        .find("://")
        .map(|i| i + 3)
        .and_then(|start| base[start..].find('/').map(|j| start + j))
        .unwrap_or(base.len());
    let query = base[authority_end..]
        .find('?')
        .map(|q| base[authority_end + q..].to_owned());
    base.truncate(authority_end);
    Ok(format!("{base}/{name}{}", query.unwrap_or_default()))
}
