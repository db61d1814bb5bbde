use std::path::PathBuf;

/// Everything that can go wrong with the store. Messages here are for developers and logs; the
/// words an officer reads come from [`crate::messages`].
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: no such database file")]
    NotFound { path: PathBuf },
    #[error("{path}: is a directory or special file, not a database file")]
    NotAFile { path: PathBuf },
    #[error("{path}: the file is read-only")]
    ReadOnly { path: PathBuf },
    #[error("{path}: the file is empty; create a database with `baohou init`")]
    EmptyFile { path: PathBuf },
    #[error("{path}: not an SQLite database")]
    NotSqlite { path: PathBuf },
    #[error("{path}: an SQLite database, but not a Baohou one")]
    NotBaohou { path: PathBuf },
    /// A Baohou database from before encryption: `baohou encrypt` (or the app) encrypts it.
    #[error("{path}: an unencrypted Baohou database; encrypt it first")]
    NotEncrypted { path: PathBuf },
    #[error("{path}: already encrypted")]
    AlreadyEncrypted { path: PathBuf },
    /// The key does not open the file: a wrong passphrase, or the file's first page is damaged
    /// (SQLCipher cannot tell the two apart).
    #[error("{path}: wrong passphrase, or the file is damaged")]
    WrongPassphrase { path: PathBuf },
    #[error("a text of {chars} characters is longer than the {max} a field takes")]
    TextTooLong { chars: usize, max: usize },
    #[error("a new passphrase needs at least {min_chars} characters")]
    WeakPassphrase { min_chars: usize },
    #[error("{path}: database is corrupt ({detail})")]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "{path}: database schema version {found} is newer than this program supports ({supported}); install the newer Baohou"
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("{path}: database is locked by another program")]
    Busy { path: PathBuf },
    #[error("{path}: the disk is full")]
    DiskFull { path: PathBuf },
    #[error("{path}: already holds data; the demo is written only into an empty database")]
    NotEmpty { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{what} {id} does not exist")]
    Missing { what: &'static str, id: i64 },
    /// A company policy or checklist template that does not check out.
    #[error("{error}")]
    InvalidDataFile {
        kind: super::DataFileKind,
        error: crate::datafile::DataFileError,
    },
    #[error(
        "{kind:?} version {version} is already installed with different text; give the new file a new version"
    )]
    VersionTaken {
        kind: super::DataFileKind,
        version: String,
    },
    #[error("visit {visit_id} is completed and frozen; reopen it for a correction first")]
    VisitFrozen { visit_id: i64 },
    #[error("the visit is not ready: {problems:?}")]
    VisitNotReady {
        problems: Vec<crate::draft::review::Problem>,
    },
    #[error("the signature is not a readable PNG image: {detail}")]
    BadSignature { detail: String },
    #[error(
        "visit {visit_id}: the borrower's representative signs with the confirmation, which is not given"
    )]
    NotConfirmed { visit_id: i64 },
    #[error(
        "report {document_no} was issued with content {issued}, but the visit now gives {now}; the record was changed"
    )]
    ReportChanged {
        document_no: String,
        issued: String,
        now: String,
    },
    /// A borrower's data cannot leave the laptop yet.
    #[error("{borrower} cannot be removed from the laptop yet: {blockers:?}")]
    RemovalRefused {
        borrower: String,
        blockers: Vec<super::RemovalBlocker>,
    },
    #[error("invalid input: {0}")]
    Invalid(String),
    /// A compensation or recovery the guarantee's state refuses.
    #[error(transparent)]
    Recovery(#[from] crate::recovery::RecoveryError),
    #[error(transparent)]
    Collection(#[from] crate::collection::CollectionError),
    #[error(transparent)]
    Enforcement(#[from] crate::enforcement::EnforcementError),
    /// The borrower's site cannot be registered as asked.
    #[error(transparent)]
    Site(#[from] crate::evidence::place::SiteError),
    /// An update from head office cannot be applied; none of its batch was.
    #[error("head office's update {seq} cannot be applied: {detail}")]
    BadUpdate { seq: i64, detail: String },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    /// A stable code for the UI to branch on (never on message text).
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::NotFound { .. } => "db_not_found",
            StoreError::NotAFile { .. } => "db_not_a_file",
            StoreError::ReadOnly { .. } => "db_read_only",
            StoreError::EmptyFile { .. } => "db_empty_file",
            StoreError::NotSqlite { .. } => "db_not_sqlite",
            StoreError::NotBaohou { .. } => "db_not_baohou",
            StoreError::NotEncrypted { .. } => "db_not_encrypted",
            StoreError::AlreadyEncrypted { .. } => "db_already_encrypted",
            StoreError::WrongPassphrase { .. } => "wrong_passphrase",
            StoreError::WeakPassphrase { .. } => "weak_passphrase",
            StoreError::TextTooLong { .. } => "text_too_long",
            StoreError::Corrupt { .. } => "db_corrupt",
            StoreError::NewerSchema { .. } => "db_newer_schema",
            StoreError::Busy { .. } => "db_busy",
            StoreError::DiskFull { .. } => "disk_full",
            StoreError::NotEmpty { .. } => "db_not_empty",
            StoreError::Io { .. } => "io",
            StoreError::Missing { .. } => "not_found",
            StoreError::InvalidDataFile { kind, .. } => match kind {
                super::DataFileKind::Policy => "invalid_policy",
                super::DataFileKind::Template => "invalid_template",
                super::DataFileKind::Calendar => "invalid_calendar",
            },
            StoreError::VersionTaken { kind, .. } => match kind {
                super::DataFileKind::Policy => "policy_version_taken",
                super::DataFileKind::Template => "template_version_taken",
                super::DataFileKind::Calendar => "calendar_version_taken",
            },
            StoreError::VisitFrozen { .. } => "visit_frozen",
            StoreError::VisitNotReady { .. } => "visit_not_ready",
            StoreError::BadSignature { .. } => "bad_signature",
            StoreError::NotConfirmed { .. } => "not_confirmed",
            StoreError::ReportChanged { .. } => "report_changed",
            StoreError::RemovalRefused { .. } => "removal_refused",
            StoreError::Invalid(_) => "invalid_input",
            StoreError::Recovery(e) => e.code(),
            StoreError::Collection(e) => e.code(),
            StoreError::Enforcement(e) => e.code(),
            StoreError::Site(e) => e.code(),
            StoreError::BadUpdate { .. } => "bad_update",
            StoreError::Sqlite(_) => "database",
        }
    }

    /// Names a low-level SQLite failure in the terms of the file it happened to.
    pub(crate) fn from_sqlite_at(path: &std::path::Path, err: rusqlite::Error) -> StoreError {
        use rusqlite::ffi::ErrorCode;
        let path = path.to_path_buf();
        match err.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::NotSqlite { path },
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
                path,
                detail: err.to_string(),
            },
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
                StoreError::Busy { path }
            }
            Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
            Some(ErrorCode::CannotOpen) => StoreError::Io {
                path,
                source: std::io::Error::other(err.to_string()),
            },
            _ => StoreError::Sqlite(err),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
