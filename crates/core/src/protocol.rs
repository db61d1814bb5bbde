//! What the laptop and head office (`baohou-hq`) say to each other over HTTP, version 1.
//!
//! - `POST /api/v1/device/code` with a [`LaptopCodeClaim`]: head office records the laptop's code
//!   for this device (200), or refuses a code another device holds (409 `laptop_code_taken`), and
//!   the laptop draws a new one ([`crate::numbering`]).
//! - `POST /api/v1/reports` with `Idempotency-Key: {document number}` and a [`Manifest`] carrying
//!   the sealed content and seal: head office checks the manifest against what was signed
//!   (`crate::sync::claims`; a contradiction is refused, 422, and nothing is recorded), then opens the
//!   report (201) or answers what it already holds of it (200). The same key with a different
//!   manifest from the same device is refused (422), so a retry can never make a second record;
//!   a number another device sent is none of this device's business (its report is recorded
//!   apart).
//! - `HEAD /api/v1/reports/{no}/files/{sha256}` answers `Upload-Offset` (how much has arrived).
//! - `PATCH` the same address with `Upload-Offset` and `Upload-Checksum: sha256 {base64}` sends one
//!   chunk from that offset, in the manner of the tus protocol: a chunk at a wrong offset is
//!   refused (409), a chunk whose checksum does not match is refused (460) and not kept.
//! - `PUT /api/v1/agenda` with an [`AgendaReport`]: the laptop's overdue work as of its day, the
//!   newest replacing the one before, for head office's view of each officer.
//! - `POST /api/v1/reports/{no}/complete`: head office checks that every file of the manifest
//!   arrived whole with its SHA-256, verifies the report's seal (the laptop's Ed25519 signature
//!   over its content and PDF, by the key that laptop first sealed with) and marks the report
//!   complete; only then does the laptop mark it sent.
//!
//! Every request carries `Authorization: Bearer {device token}`. Errors are an [`ApiError`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The path prefix of version 1.
pub const API_PREFIX: &str = "/api/v1";
/// The header naming a report version's idempotency key.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";
/// How much of a file has arrived, or where a chunk starts.
pub const UPLOAD_OFFSET: &str = "Upload-Offset";
/// The size of a whole file.
pub const UPLOAD_LENGTH: &str = "Upload-Length";
/// `sha256 {base64 of the chunk's SHA-256}`.
pub const UPLOAD_CHECKSUM: &str = "Upload-Checksum";
/// The status tus answers for a chunk whose checksum does not match.
pub const CHECKSUM_MISMATCH: u16 = 460;

/// The error code of a file whose whole SHA-256 was not the manifest's: head office dropped what
/// it had of it, and the laptop sends it again from byte 0 at its next attempt.
pub const FILE_HASH_MISMATCH: &str = "file_hash_mismatch";

crate::i18n::code_enum! {
    /// What a document sent to head office is. A laptop from before the notices sent only
    /// 保后检查表 and no kind.
    #[derive(Default)]
    pub enum DocumentKind: "document kind" {
        #[default]
        InspectionReport = "inspection_report" => ("保后检查表", "保後檢查表", "Inspection report"),
        Notice = "notice" => ("通知书", "通知書", "Notice"),
        Release = "release" => ("免除担保责任确认表", "免除擔保責任確認表", "Release confirmation"),
        Withdrawal = "withdrawal" => ("撤销担保审批表", "撤銷擔保審批表", "Withdrawal form"),
        CollectionRecord = "collection_record" => ("催收与追偿记录", "催收與追償記錄", "Collection record"),
        QuarterlyReport = "quarterly_report" => ("季度保后分析报告", "季度保後分析報告", "Quarterly analysis report"),
    }
}

impl DocumentKind {
    pub fn is_inspection_report(&self) -> bool {
        *self == DocumentKind::InspectionReport
    }
}

/// What one file of a report is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// The 保后检查表 PDF as issued.
    Pdf,
    /// The document's canonical content as JSON (the visit's, for a report); its SHA-256 is the
    /// content digest.
    VisitJson,
    /// An original photo, byte for byte as taken.
    Photo,
    /// The laptop's seal over the content and the PDF (`sealed::seal::ReportSeal` as JSON):
    /// head office verifies it before it marks the report complete.
    Seal,
}

/// One file of a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub name: String,
    pub kind: FileKind,
    /// Lowercase hex SHA-256 of the whole file.
    pub sha256: String,
    pub size: u64,
}

/// A report version, or another document of a guarantee, as the laptop announces it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Left out for a 保后检查表, so that a report's manifest (and its idempotency fingerprint)
    /// reads as it did before other documents were sent.
    #[serde(default, skip_serializing_if = "DocumentKind::is_inspection_report")]
    pub kind: DocumentKind,
    pub document_no: String,
    pub contract_no: String,
    pub borrower: String,
    /// The officer who made the visit (the officer in charge, for another document).
    pub officer: String,
    /// The visit's day, or the day the document was issued.
    pub visit_date: NaiveDate,
    /// The report's version (1 for another document).
    pub visit_version: u32,
    /// SHA-256 of the canonical content (the `visit_json` file).
    pub content_sha256: String,
    pub files: Vec<FileEntry>,
    /// The sealed content and the seal themselves, so that head office checks every field above
    /// against what was signed before it records anything (`crate::sync::claims::check_upload`).
    /// Head office refuses a manifest without them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<SealedFiles>,
}

/// The content and the seal of a document, as sent with its manifest.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SealedFiles {
    /// The canonical content as JSON text (the `visit_json` file).
    pub content: String,
    /// The seal as JSON text (the `seal` file).
    pub seal: String,
}

impl Manifest {
    /// SHA-256 of the manifest as JSON, without the sealed content and seal it carries (their
    /// digests are in it already): what an idempotency key is bound to. A report opened by a
    /// laptop from before manifests carried them has the same fingerprint when it is sent again.
    pub fn fingerprint(&self) -> String {
        let bare = Manifest {
            sealed: None,
            ..self.clone()
        };
        crate::digest::sha256_hex(&serde_json::to_vec(&bare).expect("a manifest serialises"))
    }
}

/// How far one file has come.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileProgress {
    pub sha256: String,
    pub size: u64,
    /// Bytes received so far.
    pub offset: u64,
    /// Received whole, and its SHA-256 checked.
    pub verified: bool,
}

/// What head office holds of a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportStatus {
    pub document_no: String,
    /// Every file arrived and verified; the report is on record at head office.
    pub complete: bool,
    pub files: Vec<FileProgress>,
}

/// An error from head office: a stable code and a sentence for the officer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

/// The laptop's overdue work as of a day, sent with every sync (`PUT /api/v1/agenda`), so that
/// head office sees each officer's agenda as the officer's laptop computes it. The newest one of
/// each laptop replaces the one before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaReport {
    /// The laptop's day the agenda was computed for.
    pub as_of: NaiveDate,
    /// The policy version it was computed under.
    pub policy_version: String,
    /// Every open task overdue on that day.
    pub overdue: Vec<OverdueLine>,
    /// The laptop's audit chain as it stands (left out by laptops from before issue 29).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit: Option<AuditHead>,
}

/// The audit chain's length and head, and the laptop's own entry at the length head office
/// last acknowledged: head office checks that the chain still runs through what it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditHead {
    /// Entries in the chain (they are numbered 1…entries without gaps).
    pub entries: u64,
    /// The last entry's hash (the genesis value when there is none).
    pub head: String,
    /// The laptop's entry at the length head office last acknowledged, if it acknowledged one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchored: Option<AuditPoint>,
}

/// One entry of the chain: its number and hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPoint {
    pub entries: u64,
    pub hash: String,
}

/// Head office's answer to an agenda: the chain length it now holds for this device.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgendaAck {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_entries: Option<u64>,
}

/// One overdue task, as the laptop's agenda lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OverdueLine {
    /// The A角 of the guarantee, or the officer of an officer's own task.
    pub officer: Option<String>,
    pub contract_no: Option<String>,
    pub borrower: Option<String>,
    /// The task kind's code (`periodic_check`, `tier_review` …).
    pub kind: String,
    /// The kind's name in Chinese, as head office's views give it (a laptop leaves it out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind_name: Option<String>,
    /// What the task is about on the laptop (`maturity`, `quarter:2026Q4`, `signal:17` …).
    pub anchor: String,
    pub due: NaiveDate,
    pub days_overdue: u32,
}

/// The most overdue lines one agenda report carries (a portfolio of 10,000 guarantees owes a few
/// thousand at worst).
pub const MAX_OVERDUE_LINES: usize = 50_000;

/// A laptop's code, as it registers it with head office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaptopCodeClaim {
    pub code: crate::numbering::LaptopCode,
}

/// The error code head office answers a code another device holds with.
pub const LAPTOP_CODE_TAKEN: &str = "laptop_code_taken";

/// How many updates head office sends down in one answer.
pub const UPDATES_PAGE: usize = 100;

/// A guarantee head office assigns to an officer, as sent down to the laptop: the contract with
/// its borrower, its officers (matched by code) and counter-guarantees.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuaranteeDoc {
    pub contract_no: String,
    pub borrower: crate::portfolio::NewBorrower,
    pub lending_bank: String,
    pub product: crate::portfolio::Product,
    pub amount: crate::money::Money,
    pub start_date: NaiveDate,
    pub maturity_date: NaiveDate,
    pub risk_tier: crate::portfolio::RiskTier,
    pub five_level_class: crate::portfolio::FiveLevelClass,
    /// The officer in charge (A角).
    pub officer_a: crate::portfolio::NewOfficer,
    /// The second officer (B角).
    #[serde(default)]
    pub officer_b: Option<crate::portfolio::NewOfficer>,
    #[serde(default)]
    pub credit_rating: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub counter_guarantees: Vec<crate::portfolio::NewCounterGuarantee>,
}

/// One change head office sends down.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// A company policy file (TOML), to install as the policy in force.
    Policy { toml: String },
    /// One year of the official working-day calendar (TOML, as `assets/calendar/YYYY.toml`),
    /// published each autumn by the State Council: deadlines are counted on it once it arrives.
    Calendar { toml: String },
    /// A new guarantee for this laptop's officer.
    Guarantee(Box<GuaranteeDoc>),
    /// A guarantee's risk tier, changed at head office, with the reason.
    Tier {
        contract_no: String,
        tier: crate::portfolio::RiskTier,
        reason: String,
        on: NaiveDate,
    },
    /// A document returned at a step of head office's approval chain, with the reason: its
    /// officer corrects it and issues it again.
    Returned {
        document_no: String,
        /// The step that returned it (风控部经理 …).
        step: String,
        by: String,
        reason: String,
        on: NaiveDate,
    },
}

/// A change in head office's order (`seq` grows; a laptop asks for those after the last it
/// applied).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Update {
    pub seq: i64,
    #[serde(flatten)]
    pub change: Change,
}

/// The answer to `GET /api/v1/updates?after=SEQ`: at most [`UPDATES_PAGE`] updates, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Updates {
    pub updates: Vec<Update>,
}
