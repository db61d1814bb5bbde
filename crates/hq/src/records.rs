//! Head office's records: enrolled devices, who is assigned which guarantee, the reports received
//! and how far each of their files has arrived. One trait, two stores: SQLite in the data folder
//! (the embedded default) and PostgreSQL (a company with many officers). The files themselves
//! are kept by `blobs`.

pub mod postgres;
pub mod sqlite;

use crate::error::HqResult;
use crate::review::{Decision, ReportFile, ReportFilter, ReportSummary, Review, Staff, StaffRole};
use async_trait::async_trait;
use baohou_core::sync::protocol::{FileProgress, Manifest, ReportStatus};
use std::collections::HashSet;

/// An enrolled laptop as listed for head office.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceRecord {
    pub id: i64,
    pub officer: String,
    pub label: String,
    pub enrolled_at: String,
    pub revoked_at: Option<String>,
}

/// What opening a report found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Opened {
    /// The report is new and now recorded with its files.
    Created,
    /// The report was held already, opened with this manifest fingerprint.
    Held { fingerprint: String },
    /// The guarantee is not assigned to the device's officer.
    NotAssigned,
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
    async fn assign(&self, officer: &str, contract_no: &str) -> HqResult<()>;
    /// In one transaction: checks the assignment, then records the report and its files unless
    /// its document number is held.
    async fn open_report(&self, report: NewReport<'_>) -> HqResult<Opened>;
    /// The officer whose device opened a report.
    async fn report_officer(&self, document_no: &str) -> HqResult<Option<String>>;
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
    /// report already (the database holds the four-eyes rule too).
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
pub(crate) fn kind_text(kind: baohou_core::sync::protocol::FileKind) -> String {
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
