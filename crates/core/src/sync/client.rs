//! The laptop's side of a sync: each report due in the outbox is issued (if it was not yet), its
//! files announced with an idempotency key, sent in checksummed chunks from wherever head office
//! says it got to, and marked sent only when head office confirms every file arrived whole.
//! A network failure or a server error waits with exponential backoff and jitter; a refusal
//! (bad token, someone else's guarantee, a changed report) stays in the outbox with its reason.

use super::claims;
use crate::i18n::Locale;
use crate::numbering::LaptopCode;
use crate::protocol::SealedFiles;
use crate::protocol::{
    API_PREFIX, AgendaAck, AgendaReport, ApiError, CHECKSUM_MISMATCH, DocumentKind,
    FILE_HASH_MISMATCH, FileEntry, FileKind, IDEMPOTENCY_KEY, LAPTOP_CODE_TAKEN, LaptopCodeClaim,
    Manifest, OverdueLine, ReportStatus, UPLOAD_CHECKSUM, UPLOAD_OFFSET, Update, Updates,
};
use crate::report::{self, ReportError};
use crate::signals::SignalCatalog;
use crate::store::{OutboxEntry, Store, StoreError, sha256_hex};
use base64::Engine as _;
use chrono::{DateTime, FixedOffset};
use sha2::{Digest, Sha256};
use std::time::Duration;

/// Head office, as the laptop reaches it.
pub struct Server {
    base: String,
    token: String,
    http: reqwest::blocking::Client,
    /// The size of one upload chunk.
    pub chunk_size: usize,
}

/// How long to wait after failed attempts: `base`·2^attempts, at most `max`, less a random part
/// of up to half (jitter, so that laptops back online together do not retry together).
#[derive(Clone, Copy, Debug)]
pub struct Backoff {
    pub base: Duration,
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff {
            base: Duration::from_secs(30),
            max: Duration::from_secs(60 * 60),
        }
    }
}

impl Backoff {
    /// The wait after `attempts` failures, with `unit` a random number in [0, 1).
    pub fn delay(&self, attempts: u32, unit: f64) -> Duration {
        let factor = 2u32.saturating_pow(attempts.min(20));
        let full = self.base.saturating_mul(factor).min(self.max);
        full.mul_f64(1.0 - 0.5 * unit.clamp(0.0, 1.0))
    }
}

/// What stopped one report, or the whole sync.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Report(#[from] ReportError),
    /// Head office could not be reached, or the connection dropped.
    #[error("head office unreachable: {0}")]
    Unreachable(String),
    /// Head office failed (5xx): try again later.
    #[error("head office error {status}: {message}")]
    ServerFailed { status: u16, message: String },
    /// Head office refused the report; it stays in the outbox with the reason.
    #[error("refused ({status}): {}", .error.message)]
    Refused { status: u16, error: ApiError },
    /// Head office's address would send the device token in the clear (plain HTTP beyond this
    /// computer), or cannot be read.
    #[error("head office's address {0} is not https:// (plain http:// is for this computer only)")]
    Insecure(String),
    /// A document's content no longer matches the digest it was issued with.
    #[error("{0} was changed after it was issued")]
    DocumentChanged(String),
    /// The certificate authority file given for head office cannot be used.
    #[error("the certificate authority file cannot be used: {0}")]
    BadAuthority(String),
    /// Head office holds this laptop code for another laptop.
    #[error("laptop code {0} is held by another laptop at head office")]
    LaptopCodeTaken(LaptopCode),
}

impl SyncError {
    /// Worth trying again later without anyone changing anything.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            SyncError::Unreachable(_) | SyncError::ServerFailed { .. }
        )
    }
}

/// What one sync did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncSummary {
    /// Document numbers now held whole at head office.
    pub sent: Vec<String>,
    /// (document number or visit, reason) refused by head office.
    pub rejected: Vec<(String, String)>,
    /// (document number or visit, reason) to try again later.
    pub retrying: Vec<(String, String)>,
    /// File bytes sent in chunks (not counting what head office already had).
    pub bytes_sent: u64,
    /// Head office could not be reached; the sync stopped there.
    pub offline: bool,
    /// Head office's updates applied (policies, new guarantees, tier changes).
    pub updates_applied: usize,
    /// Why head office's updates were not applied, if they were not.
    pub updates_failed: Option<String>,
    /// The laptop code head office found taken, and the one drawn instead.
    pub code_redrawn: Option<(LaptopCode, LaptopCode)>,
    /// Why the laptop code could not be registered, if it could not.
    pub code_failed: Option<String>,
    /// The overdue tasks head office was told of (None when the agenda was not sent).
    pub agenda_sent: Option<usize>,
    /// Why the agenda could not be sent, if it could not.
    pub agenda_failed: Option<String>,
}

impl Server {
    /// `base` like `http://127.0.0.1:8080`; `token` the device token head office enrolled.
    pub fn new(base: &str, token: &str, timeout: Duration) -> Result<Server, SyncError> {
        Server::with_authority(base, token, timeout, None)
    }

    /// A client that also trusts the certificate authority in `authority_pem` (a company's own
    /// CA for head office's certificate). Head office is reached over https://; plain http:// is
    /// refused unless head office is on this computer (the device token would travel in clear).
    pub fn with_authority(
        base: &str,
        token: &str,
        timeout: Duration,
        authority_pem: Option<&[u8]>,
    ) -> Result<Server, SyncError> {
        let local = check_address(base)?;
        let mut builder = reqwest::blocking::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .https_only(!local);
        if let Some(pem) = authority_pem {
            let certificates = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| SyncError::BadAuthority(e.to_string()))?;
            if certificates.is_empty() {
                return Err(SyncError::BadAuthority("no certificate in the file".into()));
            }
            for c in certificates {
                builder = builder.add_root_certificate(c);
            }
        }
        let http = builder.build().map_err(|e| {
            if authority_pem.is_some() {
                // A certificate that does not parse is found when the client is built.
                SyncError::BadAuthority(with_causes(&e))
            } else {
                SyncError::Unreachable(e.to_string())
            }
        })?;
        Ok(Server {
            base: base.trim_end_matches('/').to_owned(),
            token: token.trim().to_owned(),
            http,
            chunk_size: 1024 * 1024,
        })
    }

    /// Head office's address, as given.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Head office and the device this laptop is enrolled as there: the address and a short
    /// hash of the token (a laptop enrolled again, with a new token, registers its code again).
    pub fn identity(&self) -> String {
        format!("{}#{}", self.base, &sha256_hex(self.token.as_bytes())[..16])
    }

    /// Registers this laptop's code for the device; [`SyncError::LaptopCodeTaken`] when another
    /// device holds it.
    pub fn register_code(&self, code: &LaptopCode) -> Result<(), SyncError> {
        let r = self.send(
            self.http
                .post(self.url("/device/code"))
                .json(&LaptopCodeClaim { code: code.clone() }),
            true,
        )?;
        if r.status().as_u16() == 409 {
            let body = r.bytes().unwrap_or_default();
            return match serde_json::from_slice::<ApiError>(&body) {
                Ok(e) if e.code == LAPTOP_CODE_TAKEN => {
                    Err(SyncError::LaptopCodeTaken(code.clone()))
                }
                _ => Err(SyncError::ServerFailed {
                    status: 409,
                    message: String::from_utf8_lossy(&body).into_owned(),
                }),
            };
        }
        Ok(())
    }

    fn url(&self, path: &str) -> String {
        format!("{}{API_PREFIX}{path}", self.base)
    }

    /// Sends a request with the device token. An error status is a [`SyncError`], except a
    /// 409 when `conflict_is_answer` (an upload reads the right offset from it).
    fn send(
        &self,
        request: reqwest::blocking::RequestBuilder,
        conflict_is_answer: bool,
    ) -> Result<reqwest::blocking::Response, SyncError> {
        let response = request
            .bearer_auth(&self.token)
            .send()
            .map_err(|e| SyncError::Unreachable(with_causes(&e)))?;
        let status = response.status().as_u16();
        if status < 400 || (status == 409 && conflict_is_answer) {
            return Ok(response);
        }
        let body = response.bytes().unwrap_or_default();
        let error = serde_json::from_slice::<ApiError>(&body).unwrap_or_else(|_| ApiError {
            code: format!("http_{status}"),
            message: String::from_utf8_lossy(&body).trim().to_owned(),
        });
        if answered_later(status, &error.code) {
            Err(SyncError::ServerFailed {
                status,
                message: error.message,
            })
        } else {
            Err(SyncError::Refused { status, error })
        }
    }

    /// The bytes of `chunk` at `offset` of a file, sent; a chunk garbled on the way (head office
    /// found its checksum wrong and kept nothing) is sent again at once, twice at most.
    fn send_chunk(
        &self,
        url: &str,
        offset: u64,
        chunk: &[u8],
    ) -> Result<reqwest::blocking::Response, SyncError> {
        let checksum = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(chunk));
        let mut tries = 0;
        loop {
            let sent = self.send(
                self.http
                    .patch(url)
                    .header(UPLOAD_OFFSET, offset)
                    .header(UPLOAD_CHECKSUM, format!("sha256 {checksum}"))
                    .header("Content-Type", "application/offset+octet-stream")
                    .body(chunk.to_vec()),
                true,
            );
            match sent {
                Err(SyncError::ServerFailed {
                    status: CHECKSUM_MISMATCH,
                    ..
                }) if tries < 2 => tries += 1,
                other => return other,
            }
        }
    }

    fn json<T: serde::de::DeserializeOwned>(
        response: reqwest::blocking::Response,
    ) -> Result<T, SyncError> {
        response
            .json()
            .map_err(|e| SyncError::Unreachable(format!("answer cut off: {}", with_causes(&e))))
    }

    /// Announces a report: what head office holds of it.
    pub fn open(&self, manifest: &Manifest) -> Result<ReportStatus, SyncError> {
        let r = self.send(
            self.http
                .post(self.url("/reports"))
                .header(IDEMPOTENCY_KEY, &manifest.document_no)
                .json(manifest),
            false,
        )?;
        Server::json(r)
    }

    /// Sends `bytes` from `offset` in chunks; `on_chunk` hears the bytes sent each time.
    /// Returns the bytes sent. Starts again from head office's offset after a 409.
    pub fn upload(
        &self,
        document_no: &str,
        file: &FileEntry,
        bytes: &[u8],
        mut offset: u64,
        mut on_chunk: impl FnMut(u64),
    ) -> Result<u64, SyncError> {
        let url = self.url(&format!("/reports/{document_no}/files/{}", file.sha256));
        let mut sent = 0;
        while offset < bytes.len() as u64 {
            let start = usize::try_from(offset)
                .unwrap_or(usize::MAX)
                .min(bytes.len());
            let end = (start + self.chunk_size).min(bytes.len());
            let chunk = &bytes[start..end];
            let r = self.send_chunk(&url, offset, chunk)?;
            let told = r
                .headers()
                .get(UPLOAD_OFFSET)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok());
            if r.status().as_u16() == 409 {
                // Head office holds a different amount (a chunk whose answer was lost): resume
                // from there.
                offset = told.ok_or_else(|| SyncError::ServerFailed {
                    status: 409,
                    message: "offset conflict without Upload-Offset".into(),
                })?;
                continue;
            }
            sent += chunk.len() as u64;
            on_chunk(chunk.len() as u64);
            offset = told.unwrap_or(end as u64);
        }
        Ok(sent)
    }

    /// Asks head office to check every file and put the report on record.
    pub fn complete(&self, document_no: &str) -> Result<ReportStatus, SyncError> {
        let r = self.send(
            self.http
                .post(self.url(&format!("/reports/{document_no}/complete"))),
            false,
        )?;
        Server::json(r)
    }

    /// Tells head office the laptop's overdue work (the newest replaces the one before) and its
    /// audit chain; answers the chain length head office now holds for this laptop (none from a
    /// head office from before issue 29, which answers 204).
    pub fn send_agenda(&self, report: &AgendaReport) -> Result<AgendaAck, SyncError> {
        let r = self.send(self.http.put(self.url("/agenda")).json(report), false)?;
        if r.status().as_u16() == 204 {
            return Ok(AgendaAck::default());
        }
        Server::json(r)
    }

    /// Head office's updates for this laptop after `after`, oldest first (at most a page).
    pub fn updates(&self, after: i64) -> Result<Vec<Update>, SyncError> {
        let r = self.send(
            self.http
                .get(self.url("/updates"))
                .query(&[("after", after)]),
            false,
        )?;
        Server::json::<Updates>(r).map(|u| u.updates)
    }
}

/// Whether head office's error answer is put right by trying again later, from what head office
/// holds, rather than by someone changing something: a server error (5xx); a conflict (head
/// office holds a different state, e.g. a file still missing); too many requests at once from
/// this laptop (429) or a body that took too long (408); a chunk or a whole file whose bytes
/// arrived garbled (head office kept none of them). Anything else is a refusal, kept with its
/// reason.
fn answered_later(status: u16, code: &str) -> bool {
    status >= 500
        || matches!(status, 408 | 409 | 429 | CHECKSUM_MISMATCH)
        || code == FILE_HASH_MISMATCH
}

/// Checks head office's address by the rule the client keeps: https://, or http:// to this
/// computer only (a device token must not travel in clear). `Ok(true)` when it is this computer.
pub fn check_address(base: &str) -> Result<bool, SyncError> {
    let insecure = || SyncError::Insecure(base.trim().to_owned());
    let url = reqwest::Url::parse(base.trim()).map_err(|_| insecure())?;
    let host = url
        .host_str()
        .unwrap_or_default()
        .trim_start_matches('[')
        .trim_end_matches(']');
    let local = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if url.scheme() == "https" || (url.scheme() == "http" && local) {
        Ok(local)
    } else {
        Err(insecure())
    }
}

/// Fetches head office's updates after the last applied and applies them, a page at a time, each
/// page in one transaction. Returns how many were applied.
pub fn pull_updates(
    store: &mut Store,
    server: &Server,
    now: impl Fn() -> DateTime<FixedOffset>,
) -> Result<usize, SyncError> {
    let mut applied = 0;
    loop {
        let page = server.updates(store.updates_applied_through()?)?;
        if page.is_empty() {
            return Ok(applied);
        }
        let full = page.len() >= crate::protocol::UPDATES_PAGE;
        applied += store.apply_updates(&page, now())?;
        if !full {
            return Ok(applied);
        }
    }
}

/// The laptop's overdue work on `as_of`, under its policy and calendar, for head office.
pub fn agenda_report(store: &Store, as_of: chrono::NaiveDate) -> Result<AgendaReport, StoreError> {
    let policy = store.policy_in_force()?;
    let calendar = store.calendar()?;
    let engine = crate::tasks::engine::Engine::new(&policy, &calendar);
    let agenda = crate::store::agenda_from_store(store, &engine, as_of, None)?;
    Ok(AgendaReport {
        as_of,
        policy_version: agenda.policy_version,
        overdue: agenda
            .tasks
            .into_iter()
            .filter(|t| t.state == crate::tasks::TaskState::Overdue)
            .map(|t| OverdueLine {
                officer: t.officer.as_deref().map(str::to_owned),
                contract_no: t.contract_no.as_deref().map(str::to_owned),
                borrower: t.borrower.as_deref().map(str::to_owned),
                kind: t.kind.code().to_owned(),
                kind_name: None,
                anchor: t.anchor.into_owned(),
                due: t.due,
                days_overdue: t.days_overdue,
            })
            .collect(),
        audit: None,
    })
}

/// An error with its causes ("error sending request …: operation timed out"): the first line
/// alone hides whether the connection was refused, cut or timed out.
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// A report made ready to send: its manifest and the bytes of each file.
pub struct Package {
    pub manifest: Manifest,
    pub files: Vec<Vec<u8>>,
}

/// The final report of an outbox entry as issued (issued now if it never was) and its files: the
/// PDF as recorded, the canonical content as JSON, and every original photo.
pub fn package(
    store: &mut Store,
    catalog: &SignalCatalog,
    entry: &OutboxEntry,
    now: DateTime<FixedOffset>,
) -> Result<Package, SyncError> {
    let Some(visit_id) = entry.visit_id else {
        return package_document(store, entry);
    };
    let report::AsIssued {
        content,
        digest,
        pdf,
        seal,
    } = report::as_issued(store, catalog, visit_id, now)?;
    let json = serde_json::to_vec(&content).expect("report content serialises");
    let mut entries = vec![
        (report::file_name(&content), FileKind::Pdf, pdf),
        (
            format!("{}.json", content.document_no),
            FileKind::VisitJson,
            json,
        ),
        (
            format!("{}.seal.json", content.document_no),
            FileKind::Seal,
            seal.to_json(),
        ),
    ];
    for p in &content.photos {
        entries.push((
            p.file_name.clone(),
            FileKind::Photo,
            store.photo_bytes(p.id)?,
        ));
    }
    sealed_package(DocumentKind::InspectionReport, &digest, entries)
}

/// The package of a document's files (PDF, content, seal, photos): its manifest states what the
/// sealed content says, and carries the content and the seal for head office to check.
fn sealed_package(
    kind: DocumentKind,
    content_sha256: &str,
    entries: Vec<(String, FileKind, Vec<u8>)>,
) -> Result<Package, SyncError> {
    let own = |k: FileKind| {
        entries
            .iter()
            .find(|(_, kind, _)| *kind == k)
            .map(|(_, _, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .unwrap_or_default()
    };
    let sealed = SealedFiles {
        content: own(FileKind::VisitJson),
        seal: own(FileKind::Seal),
    };
    let claims = claims::read(kind, sealed.content.as_bytes())
        .map_err(|e| SyncError::DocumentChanged(format!("{content_sha256}: {e}")))?;
    let (listed, files) = listed_once(entries);
    Ok(Package {
        manifest: Manifest {
            kind,
            document_no: claims.document_no,
            contract_no: claims.contract_no,
            borrower: claims.borrower,
            officer: claims.officer,
            visit_date: claims.date,
            visit_version: claims.version,
            content_sha256: content_sha256.to_owned(),
            files: listed,
            sealed: Some(sealed),
        },
        files,
    })
}

/// A notice, release confirmation or withdrawal form as recorded: its PDF, its content as JSON
/// and its seal. Refused when the content no longer matches its recorded digest.
fn package_document(store: &Store, entry: &OutboxEntry) -> Result<Package, SyncError> {
    let no = entry.document_no.as_deref().unwrap_or_default();
    let doc = store.issued_document(entry.kind, no)?;
    if sha256_hex(&doc.content) != doc.content_sha256 {
        return Err(SyncError::DocumentChanged(doc.document_no));
    }
    let entries = vec![
        (format!("{no}.pdf"), FileKind::Pdf, doc.pdf),
        (format!("{no}.json"), FileKind::VisitJson, doc.content),
        (format!("{no}.seal.json"), FileKind::Seal, doc.seal),
    ];
    sealed_package(entry.kind, &doc.content_sha256, entries)
}

/// The files of a package, each with its entry; the same bytes twice (a photo added under two
/// names) travel once.
fn listed_once(entries: Vec<(String, FileKind, Vec<u8>)>) -> (Vec<FileEntry>, Vec<Vec<u8>>) {
    let mut files = Vec::new();
    let mut listed: Vec<FileEntry> = Vec::new();
    for (name, kind, bytes) in entries {
        let sha256 = sha256_hex(&bytes);
        // The same bytes twice (a photo added under two names) travel once.
        if listed.iter().any(|f| f.sha256 == sha256) {
            continue;
        }
        listed.push(FileEntry {
            name,
            kind,
            sha256,
            size: bytes.len() as u64,
        });
        files.push(bytes);
    }
    (listed, files)
}

/// Sends one report whole, adding the file bytes it sends to `sent` (an attempt cut off midway
/// counts what it sent too).
pub fn send_report(
    store: &mut Store,
    server: &Server,
    entry: &OutboxEntry,
    package: &Package,
    sent: &mut u64,
) -> Result<(), SyncError> {
    let m = &package.manifest;
    let status = server.open(m)?;
    let total: u64 = m.files.iter().map(|f| f.size).sum();
    let mut done: u64 = status
        .files
        .iter()
        .map(|f| if f.verified { f.size } else { f.offset })
        .sum();
    store.outbox_progress(entry.id, &m.document_no, done, total)?;
    if !status.complete {
        for (file, bytes) in m.files.iter().zip(&package.files) {
            let Some(progress) = status.files.iter().find(|f| f.sha256 == file.sha256) else {
                continue;
            };
            if progress.verified {
                continue;
            }
            let mut since_saved = 0u64;
            server.upload(&m.document_no, file, bytes, progress.offset, |n| {
                *sent += n;
                done += n;
                since_saved += n;
                // Progress on disk every few chunks, for the window's "sending N%".
                if since_saved >= 4 * 1024 * 1024 {
                    since_saved = 0;
                    let _ = store.outbox_progress(entry.id, &m.document_no, done, total);
                }
            })?;
            store.outbox_progress(entry.id, &m.document_no, done, total)?;
        }
    }
    let confirmed = server.complete(&m.document_no)?;
    if !confirmed.complete {
        return Err(SyncError::ServerFailed {
            status: 200,
            message: "head office did not confirm the report".into(),
        });
    }
    Ok(())
}

/// What the laptop issues before it sends, once head office has accepted its code: the caller
/// decides (the session's pre-sync step brings the collection records up to date); the
/// transport only runs it at that point. Returns the numbers issued.
pub type BeforeSend<'a> =
    &'a dyn Fn(&mut Store, DateTime<FixedOffset>) -> Result<Vec<String>, StoreError>;

/// One full sync as the app and the CLI run it: `before_send`, the shipped signal catalogue,
/// the default backoff, the local clock and a time-seeded jitter; `retry_all` first puts
/// refused and waiting reports back in the queue ("sync now").
pub fn sync_outbox(
    locale: crate::i18n::Locale,
    store: &mut Store,
    server: &Server,
    retry_all: bool,
    before_send: BeforeSend<'_>,
) -> Result<SyncSummary, StoreError> {
    sync_outbox_at(locale, store, server, retry_all, before_send, &|| {
        chrono::Local::now().fixed_offset()
    })
}

/// [`sync_outbox`] on the clock `now` (the company simulation runs a quarter in minutes): what
/// the laptop issues before sending, the outbox, head office's updates, then the agenda as of
/// `now`'s day with those updates applied, for head office's view of the officer.
pub fn sync_outbox_at(
    locale: crate::i18n::Locale,
    store: &mut Store,
    server: &Server,
    retry_all: bool,
    before_send: BeforeSend<'_>,
    now: &dyn Fn() -> DateTime<FixedOffset>,
) -> Result<SyncSummary, StoreError> {
    if retry_all {
        store.outbox_retry_now()?;
    }
    // The laptop code first: what is issued now (the collection records) carries one head office
    // accepted. (sync_once registers too, for its own callers: then it is a no-op.)
    let mut early = None;
    match register_laptop_code(store, server) {
        Ok(redrawn) => early = redrawn,
        Err(RegisterError::Store(e)) => return Err(e),
        Err(RegisterError::Sync(_)) => {}
    }
    // What the caller issues now goes with the rest, numbered under the accepted code.
    before_send(store, now())?;
    // xorshift, seeded by the clock: jitter needs no more than this.
    let mut state = u64::from(now().timestamp_subsec_nanos()) | 1;
    let mut summary = sync_once(
        locale,
        store,
        &SignalCatalog::builtin(),
        server,
        Backoff::default(),
        now,
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 1_000_000) as f64 / 1_000_000.0
        },
    )?;
    if summary.code_redrawn.is_none() {
        summary.code_redrawn = early;
    }
    // Then what head office sends down, unless it could not be reached.
    if !summary.offline {
        match pull_updates(store, server, now) {
            Ok(n) => summary.updates_applied = n,
            Err(SyncError::Unreachable(_)) => summary.offline = true,
            Err(e) => summary.updates_failed = Some(sync_message(&e, locale)),
        }
    }
    // Head office's view of this officer: the agenda as of today, with what came down.
    if !summary.offline {
        let mut report = agenda_report(store, now().date_naive())?;
        // The audit chain's head goes with it, vouching for what head office holds of it.
        let identity = server.identity();
        report.audit = Some(store.audit_head(&identity)?);
        match server.send_agenda(&report) {
            Ok(ack) => {
                summary.agenda_sent = Some(report.overdue.len());
                if let Some(entries) = ack.audit_entries {
                    store.audit_anchored(&identity, entries, now())?;
                }
            }
            Err(SyncError::Unreachable(_)) => summary.offline = true,
            Err(e) => summary.agenda_failed = Some(sync_message(&e, locale)),
        }
    }
    Ok(summary)
}

enum RegisterError {
    Store(StoreError),
    Sync(SyncError),
}

/// Registers the laptop's code in use with head office, unless this server accepted it already;
/// a code head office finds taken by another laptop is retired and a new one drawn and
/// registered. Returns the code found taken and its replacement, if one was.
fn register_laptop_code(
    store: &mut Store,
    server: &Server,
) -> Result<Option<(LaptopCode, LaptopCode)>, RegisterError> {
    let in_use = store.laptop_code_in_use().map_err(RegisterError::Store)?;
    let identity = server.identity();
    if in_use.registered_with.as_deref() == Some(identity.as_str()) {
        return Ok(None);
    }
    let (mut code, mut redrawn) = (in_use.code, None);
    // Another taken code in a row is 1 in 32^5 per laptop enrolled; three tries say it.
    for _ in 0..3 {
        match server.register_code(&code) {
            Ok(()) => {
                store
                    .laptop_code_registered(&code, &identity)
                    .map_err(RegisterError::Store)?;
                return Ok(redrawn);
            }
            Err(SyncError::LaptopCodeTaken(taken)) => {
                let new = store
                    .redraw_laptop_code(&taken, "taken at head office by another laptop")
                    .map_err(RegisterError::Store)?;
                let first = redrawn.map_or(taken, |(first, _)| first);
                redrawn = Some((first, new.clone()));
                code = new;
            }
            Err(e) => return Err(RegisterError::Sync(e)),
        }
    }
    Err(RegisterError::Sync(SyncError::LaptopCodeTaken(code)))
}

/// One full sync: every report due is sent, refused, or set to wait. Stops early when head office
/// cannot be reached (the rest wait their turn without an attempt counted).
pub fn sync_once(
    locale: crate::i18n::Locale,
    store: &mut Store,
    catalog: &SignalCatalog,
    server: &Server,
    backoff: Backoff,
    now: impl Fn() -> DateTime<FixedOffset>,
    mut jitter: impl FnMut() -> f64,
) -> Result<SyncSummary, StoreError> {
    let mut summary = SyncSummary::default();
    match register_laptop_code(store, server) {
        Ok(redrawn) => summary.code_redrawn = redrawn,
        Err(RegisterError::Store(e)) => return Err(e),
        // Head office out of reach: the first document meets it too, and waits its turn.
        Err(RegisterError::Sync(e)) if e.is_transient() => {}
        // The documents still go (head office files them under this device); the reason is
        // said.
        Err(RegisterError::Sync(e)) => summary.code_failed = Some(sync_message(&e, locale)),
    }
    for entry in store.outbox_due(now())? {
        let label = entry
            .document_no
            .clone()
            .unwrap_or_else(|| format!("#{}", entry.visit_id.unwrap_or(entry.id)));
        let result = package(store, catalog, &entry, now()).and_then(|p| {
            send_report(store, server, &entry, &p, &mut summary.bytes_sent)
                .map(|()| p.manifest.document_no)
        });
        match result {
            Ok(document_no) => {
                store.outbox_sent(entry.id, now())?;
                summary.sent.push(document_no);
            }
            Err(e) if e.is_transient() => {
                let wait = backoff.delay(entry.attempts, jitter());
                let next = now() + chrono::Duration::from_std(wait).unwrap_or_default();
                let reason = sync_message(&e, locale);
                store.outbox_retry_later(entry.id, &reason, next)?;
                summary.retrying.push((label, reason));
                if matches!(e, SyncError::Unreachable(_)) {
                    summary.offline = true;
                    break;
                }
            }
            Err(SyncError::Refused { error, .. }) => {
                store.outbox_rejected(entry.id, &error.message)?;
                summary.rejected.push((label, error.message));
            }
            Err(SyncError::Store(e)) => return Err(e),
            Err(e) => {
                // The report itself cannot be made (changed after issue, not completed):
                // refused here, kept with the reason.
                let reason = sync_message(&e, locale);
                store.outbox_rejected(entry.id, &reason)?;
                summary.rejected.push((label, reason));
            }
        }
    }
    Ok(summary)
}

/// Why a report did not reach head office, in the officer's language.
pub fn sync_message(err: &crate::sync::client::SyncError, l: Locale) -> String {
    use crate::sync::client::SyncError::*;
    match err {
        Store(e) => crate::store::messages::store_message(e, l),
        Report(e) => crate::report::report_message(e, l),
        Unreachable(detail) => format!(
            "{}（{detail}）",
            l.pick(
                "连不上总部服务器，联网后将自动重试",
                "連不上總部伺服器，連網後將自動重試",
                "Head office cannot be reached; it will be retried once online",
            )
        ),
        ServerFailed { status, message } => format!(
            "{}（{status}：{message}）",
            l.pick(
                "总部服务器出错，稍后自动重试",
                "總部伺服器出錯，稍後自動重試",
                "Head office failed; it will be retried",
            )
        ),
        // Head office words its refusals itself.
        Refused { error, .. } => error.message.clone(),
        Insecure(address) => format!(
            "{}{address}",
            l.pick(
                "总部地址须以 https:// 开头（明文 http:// 只能用于本机测试，否则设备令牌会以明文传输）：",
                "總部位址須以 https:// 開頭（明文 http:// 只能用於本機測試，否則設備令牌會以明文傳輸）：",
                "Head office's address must start with https:// (plain http:// is for this computer only; the device token would travel in clear): ",
            )
        ),
        DocumentChanged(no) => format!(
            "{no}{}",
            l.pick(
                " 签发后内容被改动，与签发时的摘要不符，不予上传",
                " 簽發後內容被改動，與簽發時的摘要不符，不予上傳",
                " was changed after it was issued: it does not match its digest and is not sent",
            )
        ),
        BadAuthority(detail) => format!(
            "{}（{detail}）",
            l.pick(
                "总部证书的根证书文件无法使用",
                "總部憑證的根憑證檔案無法使用",
                "The certificate authority file for head office cannot be used",
            )
        ),
        LaptopCodeTaken(code) => format!(
            "{code}{}",
            l.pick(
                "：总部连续发现本机编号已被其他笔记本使用，请联系总部管理员",
                "：總部連續發現本機編號已被其他筆記型電腦使用，請聯絡總部管理員",
                ": head office found this laptop's code held by another laptop again; ask head office's administrator",
            )
        ),
    }
}

/// Head office found the laptop's code held by another laptop, and a new one was drawn.
pub fn laptop_code_redrawn(
    taken: &crate::numbering::LaptopCode,
    new: &crate::numbering::LaptopCode,
    l: Locale,
) -> String {
    match l {
        Locale::ZhCn => format!(
            "本机编号 {taken} 已被另一台笔记本在总部登记，已改用新编号 {new}：今后出具的文书编号带 {new}，此前出具的文书编号不变，照常送达总部。"
        ),
        Locale::ZhTw => format!(
            "本機編號 {taken} 已被另一台筆記型電腦在總部登記，已改用新編號 {new}：今後出具的文書編號帶 {new}，此前出具的文書編號不變，照常送達總部。"
        ),
        Locale::En => format!(
            "This laptop's code {taken} is registered at head office by another laptop; it now uses {new}: documents issued from now on carry {new}, those issued before keep their numbers and are delivered as usual."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn head_office_is_reached_over_https_and_plain_http_only_on_this_computer() {
        let second = Duration::from_secs(1);
        for (address, allowed) in [
            ("https://hq.example.com", true),
            ("https://10.0.0.5:8443/", true),
            ("http://127.0.0.1:8080", true),
            ("http://localhost:8080", true),
            ("http://[::1]:8080", true),
            ("http://10.0.0.5:8080", false),
            ("http://hq.example.com", false),
            ("ftp://hq.example.com", false),
            ("hq.example.com", false),
            ("", false),
        ] {
            let made = Server::new(address, "bh_x", second);
            assert_eq!(made.is_ok(), allowed, "{address}");
            if !allowed {
                assert!(matches!(made, Err(SyncError::Insecure(_))), "{address}");
                let message = crate::sync::client::sync_message(
                    &made.err().unwrap(),
                    crate::i18n::Locale::ZhCn,
                );
                assert!(message.contains("https://"), "{message}");
            }
        }
        let bad =
            Server::with_authority("https://hq.example.com", "bh_x", second, Some(b"nonsense"));
        assert!(
            matches!(bad, Err(SyncError::BadAuthority(_))),
            "{:?}",
            bad.err()
        );
    }

    #[test]
    fn garbled_bytes_busy_and_slow_answers_are_tried_again_and_refusals_are_kept() {
        for (status, code, later) in [
            (500, "internal", true),
            (503, "http_503", true),
            (409, "incomplete", true),
            (408, "timed_out", true),
            (429, "busy", true),
            (CHECKSUM_MISMATCH, "checksum_mismatch", true),
            // The whole file's hash was wrong: head office dropped it and holds offset 0.
            (422, FILE_HASH_MISMATCH, true),
            (422, "idempotency_key_reused", false),
            (422, "upload_contradicts", false),
            (403, "not_assigned", false),
            (401, "unauthorized", false),
            (400, "bad_request", false),
            (413, "too_large", false),
        ] {
            assert_eq!(answered_later(status, code), later, "{status} {code}");
        }
    }

    #[test]
    fn the_wait_doubles_up_to_the_cap_and_jitter_takes_at_most_half() {
        let b = Backoff::default();
        assert_eq!(b.delay(0, 0.0), Duration::from_secs(30));
        assert_eq!(b.delay(1, 0.0), Duration::from_secs(60));
        assert_eq!(b.delay(3, 0.0), Duration::from_secs(240));
        assert_eq!(b.delay(3, 0.999_999).as_secs(), 120);
        assert_eq!(b.delay(7, 0.0), Duration::from_secs(3600));
        assert_eq!(b.delay(u32::MAX, 0.0), Duration::from_secs(3600));
    }

    proptest! {
        #[test]
        fn the_wait_is_never_above_the_cap_nor_below_half_the_full_wait(attempts in 0u32..100, unit in 0.0f64..1.0) {
            let b = Backoff::default();
            let d = b.delay(attempts, unit);
            let full = b.base.saturating_mul(2u32.saturating_pow(attempts.min(20))).min(b.max);
            prop_assert!(d <= b.max);
            prop_assert!(d >= full / 2);
            prop_assert!(d <= full);
        }
    }
}
