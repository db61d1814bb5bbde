//! Head office's records: enrolled devices, who is assigned which guarantee, the reports received
//! and how far each of their files has arrived. One trait, two stores: SQLite in the data folder
//! (the embedded default) and PostgreSQL (a company with many officers). The files themselves
//! are kept by `blobs`.

pub mod postgres;
pub mod sqlite;

use crate::error::HqResult;
use crate::review::{Decision, ReportFile, ReportFilter, ReportSummary, Review, Staff, StaffRole};
use async_trait::async_trait;
use baohou_core::protocol::{FileProgress, Manifest, ReportStatus};
use baohou_core::sync::claims::EvidenceFlags;
use std::collections::HashSet;

/// An enrolled laptop as listed for head office.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceRecord {
    pub id: i64,
    pub officer: String,
    pub label: String,
    pub enrolled_at: String,
    pub revoked_at: Option<String>,
    /// The laptop codes it registered, oldest first.
    pub codes: Vec<String>,
    /// The Ed25519 public key (hex) its first sealed report bound it to, if it sent one.
    pub public_key: Option<String>,
    /// The length of its audit chain head office holds, if it sent one.
    pub audit_entries: Option<i64>,
    /// The last time its chain did not run through what head office held, and why.
    pub audit_break: Option<String>,
}

impl DeviceRecord {
    /// The fingerprint of its bound key, as `baohou key` prints it on the laptop, to compare.
    pub fn key_fingerprint(&self) -> Option<String> {
        self.public_key
            .as_deref()
            .map(baohou_core::sealed::seal::fingerprint)
    }
}

/// A device's audit chain as head office holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditAnchor {
    pub entries: i64,
    pub head: String,
    /// Head office asked the device to vouch for it (its last agenda did not).
    pub asked: bool,
}

/// What opening a report found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Opened {
    /// The report is new and now recorded with its files under `key`.
    Created { key: String },
    /// The device opened this report already (under `key`), with this manifest fingerprint.
    Held { key: String, fingerprint: String },
    /// The guarantee is not assigned to the device's officer.
    NotAssigned,
}

/// The key a report is recorded under: its number, or, when another device's report holds that
/// number already (two laptops of the time before laptop codes, or a device that lies), its
/// number qualified by the device (`{number}~{device id}`), so that no device's number ever
/// stands in another's way. A number with `~` is refused before it gets here.
pub(crate) fn qualified_key(document_no: &str, device_id: i64) -> String {
    format!("{document_no}~{device_id}")
}

/// A report to record, as its device opened it.
pub struct NewReport<'a> {
    pub device_id: i64,
    pub officer: &'a str,
    pub manifest: &'a Manifest,
    pub manifest_json: &'a str,
    pub fingerprint: &'a str,
    /// Files head office holds whole already (the same photo in an earlier report).
    pub held: &'a HashSet<String>,
    /// What an inspection report's sealed content flags (None for another document).
    pub evidence: Option<EvidenceFlags>,
    /// The number carries a laptop code another device registered: the report is that
    /// laptop's number, not this device's, and is recorded apart whatever else holds it.
    pub apart: bool,
}

/// What registering a laptop code for a device found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeRegistration {
    /// The code is the device's (now, or already).
    Registered,
    /// Another device that is not revoked, or another officer's, holds it.
    Taken,
    /// The device holds [`MAX_CODES_PER_DEVICE`] codes already.
    TooMany,
}

/// The most laptop codes one device registers (a database recreated now and then, and a code
/// redrawn when taken, stay far below): one device cannot reserve codes for ever.
pub const MAX_CODES_PER_DEVICE: i64 = 20;

/// A laptop with the newest agenda it reported, if it reported one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceAgenda {
    pub device: DeviceRecord,
    /// The laptop's day the agenda was computed for.
    pub as_of: Option<String>,
    pub received_at: Option<String>,
    /// The `AgendaReport` as received (JSON).
    pub json: Option<String>,
}

/// An officer's inspection reports received whole, and what their sealed content flags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OfficerActivity {
    pub officer: String,
    pub visits: u32,
    pub reused_photos: u32,
    pub far_from_site: u32,
    pub far_from_visit: u32,
    pub ahead_of_clock: u32,
    pub near_copy_reports: u32,
}

/// The records of one head office.
#[async_trait]
pub trait Records: Send + Sync {
    /// Records a device by the SHA-256 of its token; returns its id.
    async fn add_device(&self, token_sha256: &str, officer: &str, label: &str) -> HqResult<i64>;
    /// Revokes a device; `false` when there is no such device or it was revoked already.
    async fn revoke_device(&self, id: i64) -> HqResult<bool>;
    async fn devices(&self) -> HqResult<Vec<DeviceRecord>>;
    async fn device_by_token(&self, token_sha256: &str) -> HqResult<Option<DeviceRecord>>;
    /// Binds a device to the public key its first sealed report was signed with, unless it is
    /// bound already; returns the key the device is bound to.
    async fn bind_device_key(&self, device_id: i64, public_key: &str) -> HqResult<String>;
    /// The public key a device is bound to, if it is bound yet.
    async fn device_key(&self, device_id: i64) -> HqResult<Option<String>>;
    /// The audit chain a device last sent, if it sent one.
    async fn audit_anchor(&self, device_id: i64) -> HqResult<Option<AuditAnchor>>;
    /// Marks that head office asked the device to vouch for the held chain at its next sync.
    async fn ask_audit(&self, device_id: i64) -> HqResult<()>;
    /// Keeps a device's new chain length and head (and asks nothing of it); with `broken`,
    /// records first why its chain no longer runs through the one held.
    async fn set_audit_anchor(
        &self,
        device_id: i64,
        entries: i64,
        head: &str,
        broken: Option<&str>,
    ) -> HqResult<()>;
    async fn assign(&self, officer: &str, contract_no: &str) -> HqResult<()>;
    /// In one transaction: checks the assignment, then records the report and its files unless
    /// its document number is held.
    async fn open_report(&self, report: NewReport<'_>) -> HqResult<Opened>;
    /// The key of the report `device_id` opened with this number, if it opened one.
    async fn report_key(&self, device_id: i64, document_no: &str) -> HqResult<Option<String>>;
    /// Records a laptop code for a device (of `officer`). A code a revoked device of the same
    /// officer held passes to the one asking, with that device's reports: a laptop re-enrolled
    /// with a new token keeps its code, its numbers and its uploads in progress.
    async fn register_code(
        &self,
        device_id: i64,
        officer: &str,
        code: &str,
    ) -> HqResult<CodeRegistration>;
    /// The device that registered a laptop code, if one did.
    async fn code_holder(&self, code: &str) -> HqResult<Option<i64>>;
    /// Keeps a device's newest agenda report (replacing the one before).
    async fn put_agenda(&self, device_id: i64, as_of: &str, json: &str) -> HqResult<()>;
    /// Every device not revoked, with its newest agenda report.
    async fn device_agendas(&self) -> HqResult<Vec<DeviceAgenda>>;
    /// Per officer (the device's), the inspection reports received whole with a visit day in
    /// `[from, to]` (either end open), and the evidence their content flags.
    async fn officer_activity(
        &self,
        from: Option<&str>,
        to: Option<&str>,
    ) -> HqResult<Vec<OfficerActivity>>;
    async fn file_progress(
        &self,
        document_no: &str,
        sha256: &str,
    ) -> HqResult<Option<FileProgress>>;
    /// Moves a file's offset from `from` to `to` (and marks it verified), only if it is still at
    /// `from` and unverified: `false` when another request moved it first.
    async fn move_offset(
        &self,
        document_no: &str,
        sha256: &str,
        from: u64,
        to: u64,
        verified: bool,
    ) -> HqResult<bool>;
    async fn status(&self, document_no: &str) -> HqResult<Option<ReportStatus>>;
    /// Marks a report complete (once: the first time is kept).
    async fn mark_complete(&self, document_no: &str) -> HqResult<()>;

    /// Records a member of staff by the SHA-256 of their token; returns their id.
    async fn add_staff(&self, token_sha256: &str, name: &str, role: StaffRole) -> HqResult<i64>;
    async fn staff_by_token(&self, token_sha256: &str) -> HqResult<Option<Staff>>;
    async fn staff(&self) -> HqResult<Vec<Staff>>;
    async fn revoke_staff(&self, id: i64) -> HqResult<bool>;
    /// Reports matching `filter` (or the one `document_no`), newest first, at most `limit`,
    /// each with its marks (its `state` is for the caller to set).
    async fn reports(
        &self,
        filter: &ReportFilter,
        document_no: Option<&str>,
        limit: u32,
    ) -> HqResult<Vec<ReportSummary>>;
    async fn report_files(&self, document_no: &str) -> HqResult<Vec<ReportFile>>;
    async fn manifest_json(&self, document_no: &str) -> HqResult<Option<String>>;
    /// Records an update for laptops: for `officer`'s, or for every laptop when `None`. Returns
    /// its `seq`.
    async fn add_update(&self, officer: Option<&str>, payload_json: &str) -> HqResult<i64>;
    /// The payloads of the updates for every officer (policies, calendars), newest first.
    async fn global_updates(&self) -> HqResult<Vec<String>>;
    /// `(seq, payload)` of the updates for `officer` after `after`, oldest first.
    async fn updates_for(
        &self,
        officer: &str,
        after: i64,
        limit: u32,
    ) -> HqResult<Vec<(i64, String)>>;
    /// The officers a guarantee is assigned to.
    async fn assigned_officers(&self, contract_no: &str) -> HqResult<Vec<String>>;
    /// Records a mark; `false` when the stage is marked already or this reviewer marked the
    /// report already (the database holds the one-reviewer-a-step rule too).
    async fn add_review(
        &self,
        document_no: &str,
        stage: u8,
        reviewer: &Staff,
        decision: Decision,
        note: &str,
    ) -> HqResult<bool>;
}

/// A stored role, or `reviewer` for an unknown one (never more than reading and marking).
pub(crate) fn role_of(text: &str) -> StaffRole {
    StaffRole::parse(text).unwrap_or(StaffRole::Reviewer)
}

/// A stored decision, read back.
pub(crate) fn decision_of(text: &str) -> Decision {
    Decision::parse(text).unwrap_or(Decision::Returned)
}

/// Reviews as stored, attached to their reports in order.
pub(crate) fn attach_reviews(reports: &mut [ReportSummary], reviews: Vec<(String, Review)>) {
    for (no, review) in reviews {
        if let Some(r) = reports.iter_mut().find(|r| r.document_no == no) {
            r.reviews.push(review);
        }
    }
    for r in reports.iter_mut() {
        r.reviews.sort_by_key(|v| v.stage);
    }
}

/// The kind of a manifest file as stored (`photo`, `pdf`, ...).
pub(crate) fn kind_text(kind: baohou_core::protocol::FileKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A byte count for a signed 64-bit column.
pub(crate) fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A byte count read from a signed 64-bit column.
pub(crate) fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}
