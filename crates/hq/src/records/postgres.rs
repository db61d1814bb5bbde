//! The records in PostgreSQL, for a company with many officers: a connection pool, the same
//! tables as the SQLite store, created on first start.

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
use chrono::{DateTime, Local, Utc};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use std::str::FromStr;
use tokio_postgres::NoTls;
use tokio_postgres::config::SslMode;

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
CREATE TABLE IF NOT EXISTS device_audit (
    device_id BIGINT PRIMARY KEY REFERENCES devices(id),
    entries BIGINT NOT NULL,
    head TEXT NOT NULL,
    asked BOOLEAN NOT NULL DEFAULT false,
    anchored_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS device_audit_breaks (
    id BIGSERIAL PRIMARY KEY,
    device_id BIGINT NOT NULL REFERENCES devices(id),
    found_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS device_codes (
    code TEXT PRIMARY KEY,
    device_id BIGINT NOT NULL REFERENCES devices(id),
    registered_at TIMESTAMPTZ NOT NULL DEFAULT now()
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
    stage SMALLINT NOT NULL CHECK (stage BETWEEN 1 AND 9),
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
CREATE TABLE IF NOT EXISTS device_agendas (
    device_id BIGINT PRIMARY KEY REFERENCES devices(id),
    as_of DATE NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    report JSONB NOT NULL
);
CREATE TABLE IF NOT EXISTS report_evidence (
    document_no TEXT PRIMARY KEY REFERENCES reports(document_no),
    reused_photos INTEGER NOT NULL,
    far_from_site INTEGER NOT NULL,
    far_from_visit INTEGER NOT NULL,
    ahead_of_clock INTEGER NOT NULL,
    near_copy BOOLEAN NOT NULL
);
";

fn text_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).fixed_offset().to_rfc3339()
}

/// A PostgreSQL database, by URL (`postgres://user@host:port/db`).
pub struct PgRecords {
    pool: Pool,
    /// The uploads' turns on their files (see `staging_pool`).
    staging_pool: Pool,
}

impl PgRecords {
    /// Connects, and creates the tables on first start.
    ///
    /// PostgreSQL beyond this computer is reached over TLS only (`sslmode=require`, whatever
    /// the URL says short of `disable`, which is refused), its certificate checked against the
    /// system's roots or `authority`. On loopback or a Unix socket the URL decides; a given
    /// `authority` or `sslmode=require` asks for TLS there too.
    pub async fn connect(url: &str, authority: Option<&std::path::Path>) -> HqResult<PgRecords> {
        let mut config = tokio_postgres::Config::from_str(url)
            .map_err(|e| HqError::Settings(format!("the database URL: {e}")))?;
        let local = config.get_hosts().iter().all(|host| match host {
            tokio_postgres::config::Host::Tcp(name) => {
                name.eq_ignore_ascii_case("localhost")
                    || name
                        .trim_start_matches('[')
                        .trim_end_matches(']')
                        .parse::<std::net::IpAddr>()
                        .is_ok_and(|ip| ip.is_loopback())
            }
            #[cfg(unix)]
            tokio_postgres::config::Host::Unix(_) => true,
        });
        let disabled = config.get_ssl_mode() == SslMode::Disable;
        if !local && disabled {
            return Err(HqError::Settings(
                "PostgreSQL is not on this computer: it is reached over TLS only (remove sslmode=disable)".into(),
            ));
        }
        let tls = !local || authority.is_some() || config.get_ssl_mode() == SslMode::Require;
        let recycling = || ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        };
        let tls = tls && !disabled;
        if tls {
            config.ssl_mode(SslMode::Require);
        }
        let connector = if tls {
            Some(tokio_postgres_rustls::MakeRustlsConnect::new(tls_config(
                authority,
            )?))
        } else {
            None
        };
        // Two pools of 16: the records', and the uploads' turns (`staging`), each of which holds
        // its connection while it works on a file and asks the records' pool meanwhile, so the
        // two never wait on each other. At most 32 connections per instance.
        let pool = || {
            let manager = match &connector {
                Some(tls) => Manager::from_config(config.clone(), tls.clone(), recycling()),
                None => Manager::from_config(config.clone(), NoTls, recycling()),
            };
            Pool::builder(manager)
                .max_size(16)
                .build()
                .map_err(|e| HqError::Settings(e.to_string()))
        };
        let (records_pool, staging_pool) = (pool()?, pool()?);
        let pool = records_pool;
        let client = pool.get().await?;
        client.batch_execute(SCHEMA).await?;
        // A database from before the approval chain allowed two review stages only.
        client
            .batch_execute(
                "ALTER TABLE reviews DROP CONSTRAINT IF EXISTS reviews_stage_check;
                 ALTER TABLE reviews ADD CONSTRAINT reviews_stage_check
                     CHECK (stage BETWEEN 1 AND 9);",
            )
            .await?;
        Ok(PgRecords { pool, staging_pool })
    }

    /// The pool of the uploads' turns on their files (`staging`).
    pub fn staging_pool(&self) -> Pool {
        self.staging_pool.clone()
    }
}

/// rustls (ring) trusting `authority`'s certificates, or the system's roots.
fn tls_config(authority: Option<&std::path::Path>) -> HqResult<rustls::ClientConfig> {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;
    crate::tls::install_crypto();
    let mut roots = rustls::RootCertStore::empty();
    match authority {
        Some(path) => {
            let unusable = |why: String| {
                HqError::Settings(format!(
                    "the database's certificate authority {}: {why}",
                    path.display()
                ))
            };
            let mut added = 0;
            for cert in CertificateDer::pem_file_iter(path).map_err(|e| unusable(e.to_string()))? {
                let cert = cert.map_err(|e| unusable(e.to_string()))?;
                roots.add(cert).map_err(|e| unusable(e.to_string()))?;
                added += 1;
            }
            if added == 0 {
                return Err(unusable("no certificate in the file".into()));
            }
        }
        None => {
            let found = rustls_native_certs::load_native_certs();
            let (added, _) = roots.add_parsable_certificates(found.certs);
            if added == 0 {
                return Err(HqError::Settings(
                    "no system certificate authority to check PostgreSQL's certificate with: give --database-ca".into(),
                ));
            }
        }
    }
    Ok(rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth())
}

fn device_row(r: &tokio_postgres::Row) -> DeviceRecord {
    DeviceRecord {
        id: r.get(0),
        officer: r.get(1),
        label: r.get(2),
        enrolled_at: text_time(r.get(3)),
        revoked_at: r.get::<_, Option<DateTime<Utc>>>(4).map(text_time),
        codes: r.get::<_, Option<Vec<String>>>(5).unwrap_or_default(),
        public_key: r.get(6),
        audit_entries: r.get(7),
        audit_break: r.get(8),
    }
}

/// A device's columns and its newest agenda report.
const DEVICE_COLUMNS_AGENDA: &str = "SELECT d.id, d.officer, d.label, d.enrolled_at, d.revoked_at,
    (SELECT array_agg(code ORDER BY registered_at, code) FROM device_codes WHERE device_id = d.id),
    (SELECT public_key FROM device_keys WHERE device_id = d.id),
    (SELECT entries FROM device_audit WHERE device_id = d.id),
    (SELECT to_char(found_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC ' || reason
        FROM device_audit_breaks WHERE device_id = d.id ORDER BY id DESC LIMIT 1),
    a.as_of, a.received_at, a.report::text
    FROM devices d LEFT JOIN device_agendas a ON a.device_id = d.id";

/// A device's columns, its codes oldest first.
const DEVICE_COLUMNS: &str = "SELECT d.id, d.officer, d.label, d.enrolled_at, d.revoked_at,
    (SELECT array_agg(code ORDER BY registered_at, code) FROM device_codes WHERE device_id = d.id),
    (SELECT public_key FROM device_keys WHERE device_id = d.id),
    (SELECT entries FROM device_audit WHERE device_id = d.id),
    (SELECT to_char(found_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC ' || reason
        FROM device_audit_breaks WHERE device_id = d.id ORDER BY id DESC LIMIT 1)
    FROM devices d";

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
            .query(&format!("{DEVICE_COLUMNS} ORDER BY d.id"), &[])
            .await?;
        Ok(rows.iter().map(device_row).collect())
    }

    async fn device_by_token(&self, token_sha256: &str) -> HqResult<Option<DeviceRecord>> {
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                &format!("{DEVICE_COLUMNS} WHERE d.token_sha256 = $1"),
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

    async fn device_key(&self, device_id: i64) -> HqResult<Option<String>> {
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                "SELECT public_key FROM device_keys WHERE device_id = $1",
                &[&device_id],
            )
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    async fn audit_anchor(&self, device_id: i64) -> HqResult<Option<AuditAnchor>> {
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                "SELECT entries, head, asked FROM device_audit WHERE device_id = $1",
                &[&device_id],
            )
            .await?;
        Ok(row.map(|r| AuditAnchor {
            entries: r.get(0),
            head: r.get(1),
            asked: r.get(2),
        }))
    }

    async fn ask_audit(&self, device_id: i64) -> HqResult<()> {
        let c = self.pool.get().await?;
        c.execute(
            "UPDATE device_audit SET asked = true WHERE device_id = $1",
            &[&device_id],
        )
        .await?;
        Ok(())
    }

    async fn set_audit_anchor(
        &self,
        device_id: i64,
        entries: i64,
        head: &str,
        broken: Option<&str>,
    ) -> HqResult<()> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        if let Some(reason) = broken {
            tx.execute(
                "INSERT INTO device_audit_breaks (device_id, reason) VALUES ($1, $2)",
                &[&device_id, &reason],
            )
            .await?;
        }
        tx.execute(
            "INSERT INTO device_audit (device_id, entries, head) VALUES ($1, $2, $3)
             ON CONFLICT (device_id) DO UPDATE SET entries = excluded.entries,
                 head = excluded.head, asked = false, anchored_at = now()",
            &[&device_id, &entries, &head],
        )
        .await?;
        tx.commit().await?;
        Ok(())
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
        let qualified = qualified_key(&m.document_no, report.device_id);
        let held = "SELECT document_no, manifest_sha256 FROM reports
                    WHERE device_id = $1 AND (document_no = $2
                      OR left(document_no, length($2) + 1) = $2 || '~')
                    ORDER BY document_no = $2 DESC LIMIT 1";
        if let Some(r) = tx
            .query_opt(held, &[&report.device_id, &m.document_no])
            .await?
        {
            return Ok(Opened::Held {
                key: r.get(0),
                fingerprint: r.get(1),
            });
        }
        // Two requests for one new report: the second waits on the first's row, then finds it.
        // A number another device's report holds is recorded apart under the qualified key.
        let insert_report = tx
            .prepare(
                "INSERT INTO reports (document_no, manifest_sha256, manifest, contract_no,
                     borrower, officer, visit_date, device_id)
                 VALUES ($1, $2, $3::text::jsonb, $4, $5, $6, $7, $8)
                 ON CONFLICT (document_no) DO NOTHING",
            )
            .await?;
        let mut key = None;
        let candidates: &[&String] = if report.apart {
            &[&qualified]
        } else {
            &[&m.document_no, &qualified]
        };
        for candidate in candidates.iter().copied() {
            let inserted = tx
                .execute(
                    &insert_report,
                    &[
                        candidate,
                        &report.fingerprint,
                        &report.manifest_json,
                        &m.contract_no,
                        &m.borrower,
                        &report.officer,
                        &m.visit_date,
                        &report.device_id,
                    ],
                )
                .await?;
            if inserted == 1 {
                key = Some(candidate.clone());
                break;
            }
            // The same device's own request may have recorded it meanwhile.
            if let Some(r) = tx
                .query_opt(held, &[&report.device_id, &m.document_no])
                .await?
            {
                return Ok(Opened::Held {
                    key: r.get(0),
                    fingerprint: r.get(1),
                });
            }
        }
        let Some(key) = key else {
            return Err(HqError::Postgres(format!(
                "report {} could not be recorded under its number nor {qualified}",
                m.document_no
            )));
        };
        if let Some(e) = report.evidence {
            let n = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
            tx.execute(
                "INSERT INTO report_evidence (document_no, reused_photos, far_from_site,
                     far_from_visit, ahead_of_clock, near_copy) VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    &key,
                    &n(e.reused_photos),
                    &n(e.far_from_site),
                    &n(e.far_from_visit),
                    &n(e.ahead_of_clock),
                    &e.near_copy,
                ],
            )
            .await?;
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
                    &key,
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
        Ok(Opened::Created { key })
    }

    async fn report_key(&self, device_id: i64, document_no: &str) -> HqResult<Option<String>> {
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                "SELECT document_no FROM reports WHERE device_id = $1
                   AND (document_no = $2 OR left(document_no, length($2) + 1) = $2 || '~')
                 ORDER BY document_no = $2 DESC LIMIT 1",
                &[&device_id, &document_no],
            )
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    async fn put_agenda(&self, device_id: i64, as_of: &str, json: &str) -> HqResult<()> {
        let as_of: chrono::NaiveDate = as_of
            .parse()
            .map_err(|_| HqError::BadRequest(format!("the agenda's day {as_of}")))?;
        let c = self.pool.get().await?;
        c.execute(
            "INSERT INTO device_agendas (device_id, as_of, report) VALUES ($1, $2, $3::text::jsonb)
             ON CONFLICT (device_id) DO UPDATE SET as_of = excluded.as_of,
                 received_at = now(), report = excluded.report",
            &[&device_id, &as_of, &json],
        )
        .await?;
        Ok(())
    }

    async fn device_agendas(&self) -> HqResult<Vec<DeviceAgenda>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                &format!(
                    "{DEVICE_COLUMNS_AGENDA} WHERE d.revoked_at IS NULL ORDER BY d.officer, d.id"
                ),
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| DeviceAgenda {
                device: device_row(r),
                as_of: r
                    .get::<_, Option<chrono::NaiveDate>>(9)
                    .map(|d| d.to_string()),
                received_at: r.get::<_, Option<DateTime<Utc>>>(10).map(text_time),
                json: r.get(11),
            })
            .collect())
    }

    async fn officer_activity(
        &self,
        from: Option<&str>,
        to: Option<&str>,
    ) -> HqResult<Vec<OfficerActivity>> {
        let day = |d: Option<&str>| -> HqResult<Option<chrono::NaiveDate>> {
            d.map(|d| {
                d.parse()
                    .map_err(|_| HqError::BadRequest(format!("the day {d}")))
            })
            .transpose()
        };
        let (from, to) = (day(from)?, day(to)?);
        let c = self.pool.get().await?;
        let rows = c
            .query(
                // A visit counts once, by its newest version received (a corrected report
                // is the same visit: same laptop, contract and day).
                "SELECT l.officer, count(*)::BIGINT, coalesce(sum(e.reused_photos), 0)::BIGINT,
                        coalesce(sum(e.far_from_site), 0)::BIGINT,
                        coalesce(sum(e.far_from_visit), 0)::BIGINT,
                        coalesce(sum(e.ahead_of_clock), 0)::BIGINT,
                        count(*) FILTER (WHERE e.near_copy)::BIGINT
                 FROM (SELECT r.officer, r.document_no,
                              row_number() OVER (
                                  PARTITION BY r.device_id, r.contract_no, r.visit_date
                                  ORDER BY (r.manifest->>'visit_version')::INT DESC
                              ) AS nth
                       FROM reports r
                       WHERE r.completed_at IS NOT NULL AND r.manifest->>'kind' IS NULL
                         AND ($1::DATE IS NULL OR r.visit_date >= $1)
                         AND ($2::DATE IS NULL OR r.visit_date <= $2)) l
                 LEFT JOIN report_evidence e ON e.document_no = l.document_no
                 WHERE l.nth = 1
                 GROUP BY l.officer ORDER BY l.officer",
                &[&from, &to],
            )
            .await?;
        let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
        Ok(rows
            .iter()
            .map(|r| OfficerActivity {
                officer: r.get(0),
                visits: n(r.get(1)),
                reused_photos: n(r.get(2)),
                far_from_site: n(r.get(3)),
                far_from_visit: n(r.get(4)),
                ahead_of_clock: n(r.get(5)),
                near_copy_reports: n(r.get(6)),
            })
            .collect())
    }

    async fn register_code(
        &self,
        device_id: i64,
        officer: &str,
        code: &str,
    ) -> HqResult<CodeRegistration> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        // One registration of a device at a time: the count and the insert agree.
        tx.execute(
            "SELECT 1 FROM devices WHERE id = $1 FOR UPDATE",
            &[&device_id],
        )
        .await?;
        let holder = tx
            .query_opt(
                "SELECT dc.device_id, d.revoked_at IS NOT NULL, d.officer FROM device_codes dc
                 JOIN devices d ON d.id = dc.device_id WHERE dc.code = $1 FOR UPDATE OF dc",
                &[&code],
            )
            .await?;
        let outcome = match holder {
            Some(r) if r.get::<_, i64>(0) == device_id => CodeRegistration::Registered,
            Some(r) if r.get::<_, bool>(1) && r.get::<_, String>(2) == officer => {
                let holder: i64 = r.get(0);
                tx.execute(
                    "UPDATE device_codes SET device_id = $2, registered_at = now() WHERE code = $1",
                    &[&code, &device_id],
                )
                .await?;
                tx.execute(
                    "UPDATE reports SET device_id = $2 WHERE device_id = $1",
                    &[&holder, &device_id],
                )
                .await?;
                CodeRegistration::Registered
            }
            Some(_) => CodeRegistration::Taken,
            None => {
                let held: i64 = tx
                    .query_one(
                        "SELECT count(*) FROM device_codes WHERE device_id = $1",
                        &[&device_id],
                    )
                    .await?
                    .get(0);
                if held >= MAX_CODES_PER_DEVICE {
                    CodeRegistration::TooMany
                } else {
                    let inserted = tx
                        .execute(
                            "INSERT INTO device_codes (code, device_id) VALUES ($1, $2)
                             ON CONFLICT (code) DO NOTHING",
                            &[&code, &device_id],
                        )
                        .await?;
                    if inserted == 1 {
                        CodeRegistration::Registered
                    } else {
                        // Another device registered it this very moment.
                        CodeRegistration::Taken
                    }
                }
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    async fn code_holder(&self, code: &str) -> HqResult<Option<i64>> {
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                "SELECT device_id FROM device_codes WHERE code = $1",
                &[&code],
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
                next_step: None,
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
                        step: String::new(),
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

    async fn global_updates(&self) -> HqResult<Vec<String>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT payload::text FROM updates WHERE officer IS NULL ORDER BY seq DESC",
                &[],
            )
            .await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
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
