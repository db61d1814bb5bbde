//! Every code a user-facing error carries, one enum: the window branches on these (the
//! TypeScript bindings carry the same list), never on a message's text. Each error type gives
//! its code beside its own definition.

use serde::{Deserialize, Serialize};

/// The stable code of an error the officer sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
pub enum Code {
    #[serde(rename = "already_overdue")]
    AlreadyOverdue,
    #[serde(rename = "amount_not_positive")]
    AmountNotPositive,
    #[serde(rename = "bad_authority")]
    BadAuthority,
    #[serde(rename = "bad_path")]
    BadPath,
    #[serde(rename = "bad_promise")]
    BadPromise,
    #[serde(rename = "bad_server_address")]
    BadServerAddress,
    #[serde(rename = "bad_signature")]
    BadSignature,
    #[serde(rename = "bad_update")]
    BadUpdate,
    #[serde(rename = "before_start")]
    BeforeStart,
    #[serde(rename = "calendar_version_taken")]
    CalendarVersionTaken,
    #[serde(rename = "cannot_open")]
    CannotOpen,
    #[serde(rename = "collection_closed")]
    CollectionClosed,
    #[serde(rename = "compensation_above_guaranteed")]
    CompensationAboveGuaranteed,
    #[serde(rename = "compensation_before_start")]
    CompensationBeforeStart,
    #[serde(rename = "compensation_demanded_twice")]
    CompensationDemandedTwice,
    #[serde(rename = "compensation_not_active")]
    CompensationNotActive,
    #[serde(rename = "compensation_twice")]
    CompensationTwice,
    #[serde(rename = "database")]
    Database,
    #[serde(rename = "db_already_encrypted")]
    DbAlreadyEncrypted,
    #[serde(rename = "db_busy")]
    DbBusy,
    #[serde(rename = "db_corrupt")]
    DbCorrupt,
    #[serde(rename = "db_empty_file")]
    DbEmptyFile,
    #[serde(rename = "db_newer_schema")]
    DbNewerSchema,
    #[serde(rename = "db_not_a_file")]
    DbNotAFile,
    #[serde(rename = "db_not_baohou")]
    DbNotBaohou,
    #[serde(rename = "db_not_empty")]
    DbNotEmpty,
    #[serde(rename = "db_not_encrypted")]
    DbNotEncrypted,
    #[serde(rename = "db_not_found")]
    DbNotFound,
    #[serde(rename = "db_not_sqlite")]
    DbNotSqlite,
    #[serde(rename = "db_read_only")]
    DbReadOnly,
    #[serde(rename = "disk_full")]
    DiskFull,
    #[serde(rename = "empty_summary")]
    EmptySummary,
    #[serde(rename = "enforcement_before_start")]
    EnforcementBeforeStart,
    #[serde(rename = "enforcement_foreign")]
    EnforcementForeign,
    #[serde(rename = "enforcement_in_the_future")]
    EnforcementInTheFuture,
    #[serde(rename = "enforcement_no_note")]
    EnforcementNoNote,
    #[serde(rename = "enforcement_not_started")]
    EnforcementNotStarted,
    #[serde(rename = "enforcement_unknown_step")]
    EnforcementUnknownStep,
    #[serde(rename = "export_sheet")]
    ExportSheet,
    #[serde(rename = "export_write")]
    ExportWrite,
    #[serde(rename = "extension_before_application")]
    ExtensionBeforeApplication,
    #[serde(rename = "extension_interest_unpaid")]
    ExtensionInterestUnpaid,
    #[serde(rename = "extension_no_decider")]
    ExtensionNoDecider,
    #[serde(rename = "extension_no_reason")]
    ExtensionNoReason,
    #[serde(rename = "extension_not_active")]
    ExtensionNotActive,
    #[serde(rename = "extension_not_later")]
    ExtensionNotLater,
    #[serde(rename = "extension_nothing_pending")]
    ExtensionNothingPending,
    #[serde(rename = "extension_pending")]
    ExtensionPending,
    #[serde(rename = "extension_too_late")]
    ExtensionTooLate,
    #[serde(rename = "import_broken_rows")]
    ImportBrokenRows,
    #[serde(rename = "import_file")]
    ImportFile,
    #[serde(rename = "import_mapping")]
    ImportMapping,
    #[serde(rename = "in_the_future")]
    InTheFuture,
    #[serde(rename = "internal")]
    Internal,
    #[serde(rename = "invalid_calendar")]
    InvalidCalendar,
    #[serde(rename = "invalid_input")]
    InvalidInput,
    #[serde(rename = "invalid_policy")]
    InvalidPolicy,
    #[serde(rename = "invalid_template")]
    InvalidTemplate,
    #[serde(rename = "io")]
    Io,
    #[serde(rename = "known_before_due")]
    KnownBeforeDue,
    #[serde(rename = "locked")]
    Locked,
    #[serde(rename = "manifest_contradicts_seal")]
    ManifestContradictsSeal,
    #[serde(rename = "more_than_outstanding")]
    MoreThanOutstanding,
    /// The laptop is on no network a phone could reach (the phone's door).
    #[serde(rename = "no_local_network")]
    NoLocalNetwork,
    #[serde(rename = "not_a_report")]
    NotAReport,
    #[serde(rename = "not_confirmed")]
    NotConfirmed,
    #[serde(rename = "not_found")]
    NotFound,
    #[serde(rename = "not_positive")]
    NotPositive,
    #[serde(rename = "notice_already_delivered")]
    NoticeAlreadyDelivered,
    #[serde(rename = "notice_already_receipted")]
    NoticeAlreadyReceipted,
    #[serde(rename = "notice_before_delivery")]
    NoticeBeforeDelivery,
    #[serde(rename = "notice_before_issue")]
    NoticeBeforeIssue,
    #[serde(rename = "notice_in_the_future")]
    NoticeInTheFuture,
    #[serde(rename = "notice_no_overdue")]
    NoticeNoOverdue,
    #[serde(rename = "notice_no_receipt")]
    NoticeNoReceipt,
    #[serde(rename = "notice_not_active")]
    NoticeNotActive,
    #[serde(rename = "notice_not_delivered")]
    NoticeNotDelivered,
    #[serde(rename = "notice_released")]
    NoticeReleased,
    #[serde(rename = "notice_undelivered")]
    NoticeUndelivered,
    #[serde(rename = "notice_unknown")]
    NoticeUnknown,
    #[serde(rename = "own_file_not_sealed")]
    OwnFileNotSealed,
    #[serde(rename = "policy_version_taken")]
    PolicyVersionTaken,
    #[serde(rename = "promise_from_nobody")]
    PromiseFromNobody,
    #[serde(rename = "quarter_not_ended")]
    QuarterNotEnded,
    #[serde(rename = "quarter_not_guaranteed")]
    QuarterNotGuaranteed,
    #[serde(rename = "quarterly_issued")]
    QuarterlyIssued,
    #[serde(rename = "quarterly_no_analysis")]
    QuarterlyNoAnalysis,
    #[serde(rename = "recovery_before_compensation")]
    RecoveryBeforeCompensation,
    #[serde(rename = "recovery_more_than_owed")]
    RecoveryMoreThanOwed,
    #[serde(rename = "recovery_not_compensated")]
    RecoveryNotCompensated,
    #[serde(rename = "release_already_archived")]
    ReleaseAlreadyArchived,
    #[serde(rename = "release_archive_before_release")]
    ReleaseArchiveBeforeRelease,
    #[serde(rename = "release_before_repayment")]
    ReleaseBeforeRepayment,
    #[serde(rename = "release_in_the_future")]
    ReleaseInTheFuture,
    #[serde(rename = "release_no_receiver")]
    ReleaseNoReceiver,
    #[serde(rename = "release_no_titles")]
    ReleaseNoTitles,
    #[serde(rename = "release_no_voucher")]
    ReleaseNoVoucher,
    #[serde(rename = "release_not_active")]
    ReleaseNotActive,
    #[serde(rename = "release_not_released")]
    ReleaseNotReleased,
    #[serde(rename = "release_outstanding")]
    ReleaseOutstanding,
    #[serde(rename = "release_overdue_open")]
    ReleaseOverdueOpen,
    #[serde(rename = "release_titles_before_release")]
    ReleaseTitlesBeforeRelease,
    #[serde(rename = "release_titles_returned")]
    ReleaseTitlesReturned,
    #[serde(rename = "release_titles_unsigned")]
    ReleaseTitlesUnsigned,
    #[serde(rename = "removal_refused")]
    RemovalRefused,
    #[serde(rename = "report_changed")]
    ReportChanged,
    #[serde(rename = "report_write")]
    ReportWrite,
    #[serde(rename = "scan_attached")]
    ScanAttached,
    #[serde(rename = "seal_bad_signature")]
    SealBadSignature,
    #[serde(rename = "seal_content_changed")]
    SealContentChanged,
    #[serde(rename = "seal_malformed")]
    SealMalformed,
    #[serde(rename = "seal_other_report")]
    SealOtherReport,
    #[serde(rename = "seal_pdf_changed")]
    SealPdfChanged,
    #[serde(rename = "seal_wrong_key")]
    SealWrongKey,
    #[serde(rename = "sealed_content_unreadable")]
    SealedContentUnreadable,
    #[serde(rename = "sealed_photo_missing")]
    SealedPhotoMissing,
    #[serde(rename = "signal_already_open")]
    SignalAlreadyOpen,
    #[serde(rename = "signal_no_evidence")]
    SignalNoEvidence,
    #[serde(rename = "signal_unknown")]
    SignalUnknown,
    #[serde(rename = "site_already_registered")]
    SiteAlreadyRegistered,
    #[serde(rename = "site_bad_coordinate")]
    SiteBadCoordinate,
    #[serde(rename = "sync_failed")]
    SyncFailed,
    #[serde(rename = "sync_not_configured")]
    SyncNotConfigured,
    #[serde(rename = "task_not_closed")]
    TaskNotClosed,
    #[serde(rename = "template_read")]
    TemplateRead,
    #[serde(rename = "template_sheet")]
    TemplateSheet,
    #[serde(rename = "template_version_taken")]
    TemplateVersionTaken,
    #[serde(rename = "text_too_long")]
    TextTooLong,
    #[serde(rename = "unknown_repayment")]
    UnknownRepayment,
    #[serde(rename = "unlock_wait")]
    UnlockWait,
    #[serde(rename = "unsigned_file")]
    UnsignedFile,
    #[serde(rename = "unsigned_upload")]
    UnsignedUpload,
    #[serde(rename = "visit_frozen")]
    VisitFrozen,
    #[serde(rename = "visit_not_completed")]
    VisitNotCompleted,
    #[serde(rename = "visit_not_ready")]
    VisitNotReady,
    #[serde(rename = "voucher_scan_unreadable")]
    VoucherScanUnreadable,
    #[serde(rename = "weak_passphrase")]
    WeakPassphrase,
    #[serde(rename = "withdrawal_already_approved")]
    WithdrawalAlreadyApproved,
    #[serde(rename = "withdrawal_already_decided")]
    WithdrawalAlreadyDecided,
    #[serde(rename = "withdrawal_bank_notice_before_approval")]
    WithdrawalBankNoticeBeforeApproval,
    #[serde(rename = "withdrawal_bank_notified_twice")]
    WithdrawalBankNotifiedTwice,
    #[serde(rename = "withdrawal_before_proposal")]
    WithdrawalBeforeProposal,
    #[serde(rename = "withdrawal_foreign_signal")]
    WithdrawalForeignSignal,
    #[serde(rename = "withdrawal_in_the_future")]
    WithdrawalInTheFuture,
    #[serde(rename = "withdrawal_no_decider")]
    WithdrawalNoDecider,
    #[serde(rename = "withdrawal_no_evidence")]
    WithdrawalNoEvidence,
    #[serde(rename = "withdrawal_no_facts")]
    WithdrawalNoFacts,
    #[serde(rename = "withdrawal_no_ground")]
    WithdrawalNoGround,
    #[serde(rename = "withdrawal_no_proposal")]
    WithdrawalNoProposal,
    #[serde(rename = "withdrawal_not_active")]
    WithdrawalNotActive,
    #[serde(rename = "withdrawal_not_approved")]
    WithdrawalNotApproved,
    #[serde(rename = "withdrawal_pending")]
    WithdrawalPending,
    #[serde(rename = "withdrawal_unknown")]
    WithdrawalUnknown,
    #[serde(rename = "wrong_passphrase")]
    WrongPassphrase,
}

impl Code {
    /// The code as the UI, the logs and head office's answers spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::AlreadyOverdue => "already_overdue",
            Code::AmountNotPositive => "amount_not_positive",
            Code::BadAuthority => "bad_authority",
            Code::BadPath => "bad_path",
            Code::BadPromise => "bad_promise",
            Code::BadServerAddress => "bad_server_address",
            Code::BadSignature => "bad_signature",
            Code::BadUpdate => "bad_update",
            Code::BeforeStart => "before_start",
            Code::CalendarVersionTaken => "calendar_version_taken",
            Code::CannotOpen => "cannot_open",
            Code::CollectionClosed => "collection_closed",
            Code::CompensationAboveGuaranteed => "compensation_above_guaranteed",
            Code::CompensationBeforeStart => "compensation_before_start",
            Code::CompensationDemandedTwice => "compensation_demanded_twice",
            Code::CompensationNotActive => "compensation_not_active",
            Code::CompensationTwice => "compensation_twice",
            Code::Database => "database",
            Code::DbAlreadyEncrypted => "db_already_encrypted",
            Code::DbBusy => "db_busy",
            Code::DbCorrupt => "db_corrupt",
            Code::DbEmptyFile => "db_empty_file",
            Code::DbNewerSchema => "db_newer_schema",
            Code::DbNotAFile => "db_not_a_file",
            Code::DbNotBaohou => "db_not_baohou",
            Code::DbNotEmpty => "db_not_empty",
            Code::DbNotEncrypted => "db_not_encrypted",
            Code::DbNotFound => "db_not_found",
            Code::DbNotSqlite => "db_not_sqlite",
            Code::DbReadOnly => "db_read_only",
            Code::DiskFull => "disk_full",
            Code::EmptySummary => "empty_summary",
            Code::EnforcementBeforeStart => "enforcement_before_start",
            Code::EnforcementForeign => "enforcement_foreign",
            Code::EnforcementInTheFuture => "enforcement_in_the_future",
            Code::EnforcementNoNote => "enforcement_no_note",
            Code::EnforcementNotStarted => "enforcement_not_started",
            Code::EnforcementUnknownStep => "enforcement_unknown_step",
            Code::ExportSheet => "export_sheet",
            Code::ExportWrite => "export_write",
            Code::ExtensionBeforeApplication => "extension_before_application",
            Code::ExtensionInterestUnpaid => "extension_interest_unpaid",
            Code::ExtensionNoDecider => "extension_no_decider",
            Code::ExtensionNoReason => "extension_no_reason",
            Code::ExtensionNotActive => "extension_not_active",
            Code::ExtensionNotLater => "extension_not_later",
            Code::ExtensionNothingPending => "extension_nothing_pending",
            Code::ExtensionPending => "extension_pending",
            Code::ExtensionTooLate => "extension_too_late",
            Code::ImportBrokenRows => "import_broken_rows",
            Code::ImportFile => "import_file",
            Code::ImportMapping => "import_mapping",
            Code::InTheFuture => "in_the_future",
            Code::Internal => "internal",
            Code::InvalidCalendar => "invalid_calendar",
            Code::InvalidInput => "invalid_input",
            Code::InvalidPolicy => "invalid_policy",
            Code::InvalidTemplate => "invalid_template",
            Code::Io => "io",
            Code::KnownBeforeDue => "known_before_due",
            Code::Locked => "locked",
            Code::ManifestContradictsSeal => "manifest_contradicts_seal",
            Code::MoreThanOutstanding => "more_than_outstanding",
            Code::NoLocalNetwork => "no_local_network",
            Code::NotAReport => "not_a_report",
            Code::NotConfirmed => "not_confirmed",
            Code::NotFound => "not_found",
            Code::NotPositive => "not_positive",
            Code::NoticeAlreadyDelivered => "notice_already_delivered",
            Code::NoticeAlreadyReceipted => "notice_already_receipted",
            Code::NoticeBeforeDelivery => "notice_before_delivery",
            Code::NoticeBeforeIssue => "notice_before_issue",
            Code::NoticeInTheFuture => "notice_in_the_future",
            Code::NoticeNoOverdue => "notice_no_overdue",
            Code::NoticeNoReceipt => "notice_no_receipt",
            Code::NoticeNotActive => "notice_not_active",
            Code::NoticeNotDelivered => "notice_not_delivered",
            Code::NoticeReleased => "notice_released",
            Code::NoticeUndelivered => "notice_undelivered",
            Code::NoticeUnknown => "notice_unknown",
            Code::OwnFileNotSealed => "own_file_not_sealed",
            Code::PolicyVersionTaken => "policy_version_taken",
            Code::PromiseFromNobody => "promise_from_nobody",
            Code::QuarterNotEnded => "quarter_not_ended",
            Code::QuarterNotGuaranteed => "quarter_not_guaranteed",
            Code::QuarterlyIssued => "quarterly_issued",
            Code::QuarterlyNoAnalysis => "quarterly_no_analysis",
            Code::RecoveryBeforeCompensation => "recovery_before_compensation",
            Code::RecoveryMoreThanOwed => "recovery_more_than_owed",
            Code::RecoveryNotCompensated => "recovery_not_compensated",
            Code::ReleaseAlreadyArchived => "release_already_archived",
            Code::ReleaseArchiveBeforeRelease => "release_archive_before_release",
            Code::ReleaseBeforeRepayment => "release_before_repayment",
            Code::ReleaseInTheFuture => "release_in_the_future",
            Code::ReleaseNoReceiver => "release_no_receiver",
            Code::ReleaseNoTitles => "release_no_titles",
            Code::ReleaseNoVoucher => "release_no_voucher",
            Code::ReleaseNotActive => "release_not_active",
            Code::ReleaseNotReleased => "release_not_released",
            Code::ReleaseOutstanding => "release_outstanding",
            Code::ReleaseOverdueOpen => "release_overdue_open",
            Code::ReleaseTitlesBeforeRelease => "release_titles_before_release",
            Code::ReleaseTitlesReturned => "release_titles_returned",
            Code::ReleaseTitlesUnsigned => "release_titles_unsigned",
            Code::RemovalRefused => "removal_refused",
            Code::ReportChanged => "report_changed",
            Code::ReportWrite => "report_write",
            Code::ScanAttached => "scan_attached",
            Code::SealBadSignature => "seal_bad_signature",
            Code::SealContentChanged => "seal_content_changed",
            Code::SealMalformed => "seal_malformed",
            Code::SealOtherReport => "seal_other_report",
            Code::SealPdfChanged => "seal_pdf_changed",
            Code::SealWrongKey => "seal_wrong_key",
            Code::SealedContentUnreadable => "sealed_content_unreadable",
            Code::SealedPhotoMissing => "sealed_photo_missing",
            Code::SignalAlreadyOpen => "signal_already_open",
            Code::SignalNoEvidence => "signal_no_evidence",
            Code::SignalUnknown => "signal_unknown",
            Code::SiteAlreadyRegistered => "site_already_registered",
            Code::SiteBadCoordinate => "site_bad_coordinate",
            Code::SyncFailed => "sync_failed",
            Code::SyncNotConfigured => "sync_not_configured",
            Code::TaskNotClosed => "task_not_closed",
            Code::TemplateRead => "template_read",
            Code::TemplateSheet => "template_sheet",
            Code::TemplateVersionTaken => "template_version_taken",
            Code::TextTooLong => "text_too_long",
            Code::UnknownRepayment => "unknown_repayment",
            Code::UnlockWait => "unlock_wait",
            Code::UnsignedFile => "unsigned_file",
            Code::UnsignedUpload => "unsigned_upload",
            Code::VisitFrozen => "visit_frozen",
            Code::VisitNotCompleted => "visit_not_completed",
            Code::VisitNotReady => "visit_not_ready",
            Code::VoucherScanUnreadable => "voucher_scan_unreadable",
            Code::WeakPassphrase => "weak_passphrase",
            Code::WithdrawalAlreadyApproved => "withdrawal_already_approved",
            Code::WithdrawalAlreadyDecided => "withdrawal_already_decided",
            Code::WithdrawalBankNoticeBeforeApproval => "withdrawal_bank_notice_before_approval",
            Code::WithdrawalBankNotifiedTwice => "withdrawal_bank_notified_twice",
            Code::WithdrawalBeforeProposal => "withdrawal_before_proposal",
            Code::WithdrawalForeignSignal => "withdrawal_foreign_signal",
            Code::WithdrawalInTheFuture => "withdrawal_in_the_future",
            Code::WithdrawalNoDecider => "withdrawal_no_decider",
            Code::WithdrawalNoEvidence => "withdrawal_no_evidence",
            Code::WithdrawalNoFacts => "withdrawal_no_facts",
            Code::WithdrawalNoGround => "withdrawal_no_ground",
            Code::WithdrawalNoProposal => "withdrawal_no_proposal",
            Code::WithdrawalNotActive => "withdrawal_not_active",
            Code::WithdrawalNotApproved => "withdrawal_not_approved",
            Code::WithdrawalPending => "withdrawal_pending",
            Code::WithdrawalUnknown => "withdrawal_unknown",
            Code::WrongPassphrase => "wrong_passphrase",
        }
    }
}

/// A code compared with its spelling (the tests and head office's answers hold codes as text).
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn every_code_serialises_as_it_is_spelt() {
        for code in ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }

    const ALL: &[Code] = &[
        Code::AlreadyOverdue,
        Code::AmountNotPositive,
        Code::BadAuthority,
        Code::BadPath,
        Code::BadPromise,
        Code::BadServerAddress,
        Code::BadSignature,
        Code::BadUpdate,
        Code::BeforeStart,
        Code::CalendarVersionTaken,
        Code::CannotOpen,
        Code::CollectionClosed,
        Code::CompensationAboveGuaranteed,
        Code::CompensationBeforeStart,
        Code::CompensationDemandedTwice,
        Code::CompensationNotActive,
        Code::CompensationTwice,
        Code::Database,
        Code::DbAlreadyEncrypted,
        Code::DbBusy,
        Code::DbCorrupt,
        Code::DbEmptyFile,
        Code::DbNewerSchema,
        Code::DbNotAFile,
        Code::DbNotBaohou,
        Code::DbNotEmpty,
        Code::DbNotEncrypted,
        Code::DbNotFound,
        Code::DbNotSqlite,
        Code::DbReadOnly,
        Code::DiskFull,
        Code::EmptySummary,
        Code::EnforcementBeforeStart,
        Code::EnforcementForeign,
        Code::EnforcementInTheFuture,
        Code::EnforcementNoNote,
        Code::EnforcementNotStarted,
        Code::EnforcementUnknownStep,
        Code::ExportSheet,
        Code::ExportWrite,
        Code::ExtensionBeforeApplication,
        Code::ExtensionInterestUnpaid,
        Code::ExtensionNoDecider,
        Code::ExtensionNoReason,
        Code::ExtensionNotActive,
        Code::ExtensionNotLater,
        Code::ExtensionNothingPending,
        Code::ExtensionPending,
        Code::ExtensionTooLate,
        Code::ImportBrokenRows,
        Code::ImportFile,
        Code::ImportMapping,
        Code::InTheFuture,
        Code::Internal,
        Code::InvalidCalendar,
        Code::InvalidInput,
        Code::InvalidPolicy,
        Code::InvalidTemplate,
        Code::Io,
        Code::KnownBeforeDue,
        Code::Locked,
        Code::ManifestContradictsSeal,
        Code::MoreThanOutstanding,
        Code::NoLocalNetwork,
        Code::NotAReport,
        Code::NotConfirmed,
        Code::NotFound,
        Code::NotPositive,
        Code::NoticeAlreadyDelivered,
        Code::NoticeAlreadyReceipted,
        Code::NoticeBeforeDelivery,
        Code::NoticeBeforeIssue,
        Code::NoticeInTheFuture,
        Code::NoticeNoOverdue,
        Code::NoticeNoReceipt,
        Code::NoticeNotActive,
        Code::NoticeNotDelivered,
        Code::NoticeReleased,
        Code::NoticeUndelivered,
        Code::NoticeUnknown,
        Code::OwnFileNotSealed,
        Code::PolicyVersionTaken,
        Code::PromiseFromNobody,
        Code::QuarterNotEnded,
        Code::QuarterNotGuaranteed,
        Code::QuarterlyIssued,
        Code::QuarterlyNoAnalysis,
        Code::RecoveryBeforeCompensation,
        Code::RecoveryMoreThanOwed,
        Code::RecoveryNotCompensated,
        Code::ReleaseAlreadyArchived,
        Code::ReleaseArchiveBeforeRelease,
        Code::ReleaseBeforeRepayment,
        Code::ReleaseInTheFuture,
        Code::ReleaseNoReceiver,
        Code::ReleaseNoTitles,
        Code::ReleaseNoVoucher,
        Code::ReleaseNotActive,
        Code::ReleaseNotReleased,
        Code::ReleaseOutstanding,
        Code::ReleaseOverdueOpen,
        Code::ReleaseTitlesBeforeRelease,
        Code::ReleaseTitlesReturned,
        Code::ReleaseTitlesUnsigned,
        Code::RemovalRefused,
        Code::ReportChanged,
        Code::ReportWrite,
        Code::ScanAttached,
        Code::SealBadSignature,
        Code::SealContentChanged,
        Code::SealMalformed,
        Code::SealOtherReport,
        Code::SealPdfChanged,
        Code::SealWrongKey,
        Code::SealedContentUnreadable,
        Code::SealedPhotoMissing,
        Code::SignalAlreadyOpen,
        Code::SignalNoEvidence,
        Code::SignalUnknown,
        Code::SiteAlreadyRegistered,
        Code::SiteBadCoordinate,
        Code::SyncFailed,
        Code::SyncNotConfigured,
        Code::TaskNotClosed,
        Code::TemplateRead,
        Code::TemplateSheet,
        Code::TemplateVersionTaken,
        Code::TextTooLong,
        Code::UnknownRepayment,
        Code::UnlockWait,
        Code::UnsignedFile,
        Code::UnsignedUpload,
        Code::VisitFrozen,
        Code::VisitNotCompleted,
        Code::VisitNotReady,
        Code::VoucherScanUnreadable,
        Code::WeakPassphrase,
        Code::WithdrawalAlreadyApproved,
        Code::WithdrawalAlreadyDecided,
        Code::WithdrawalBankNoticeBeforeApproval,
        Code::WithdrawalBankNotifiedTwice,
        Code::WithdrawalBeforeProposal,
        Code::WithdrawalForeignSignal,
        Code::WithdrawalInTheFuture,
        Code::WithdrawalNoDecider,
        Code::WithdrawalNoEvidence,
        Code::WithdrawalNoFacts,
        Code::WithdrawalNoGround,
        Code::WithdrawalNoProposal,
        Code::WithdrawalNotActive,
        Code::WithdrawalNotApproved,
        Code::WithdrawalPending,
        Code::WithdrawalUnknown,
        Code::WrongPassphrase,
    ];
}
