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
    /// A new passphrase found among the common ones, all digits, one character repeated or a
    /// run of the keyboard or the alphabet.
    #[error("the new passphrase is too easy to guess ({why:?})")]
    GuessablePassphrase { why: super::key::Guessable },
    /// Too many wrong passphrases in a row: the next try waits.
    #[error("{failures} wrong passphrases in a row; try again in {seconds} s")]
    UnlockWait { failures: u32, seconds: u64 },
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
    /// A signal recorded from the guarantee's file was refused.
    #[error(transparent)]
    FileSignal(#[from] crate::signals::from_file::FileSignalError),
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
    pub fn code(&self) -> crate::code::Code {
        match self {
            StoreError::NotFound { .. } => crate::code::Code::DbNotFound,
            StoreError::NotAFile { .. } => crate::code::Code::DbNotAFile,
            StoreError::ReadOnly { .. } => crate::code::Code::DbReadOnly,
            StoreError::EmptyFile { .. } => crate::code::Code::DbEmptyFile,
            StoreError::NotSqlite { .. } => crate::code::Code::DbNotSqlite,
            StoreError::NotBaohou { .. } => crate::code::Code::DbNotBaohou,
            StoreError::NotEncrypted { .. } => crate::code::Code::DbNotEncrypted,
            StoreError::AlreadyEncrypted { .. } => crate::code::Code::DbAlreadyEncrypted,
            StoreError::WrongPassphrase { .. } => crate::code::Code::WrongPassphrase,
            StoreError::WeakPassphrase { .. } | StoreError::GuessablePassphrase { .. } => {
                crate::code::Code::WeakPassphrase
            }
            StoreError::UnlockWait { .. } => crate::code::Code::UnlockWait,
            StoreError::TextTooLong { .. } => crate::code::Code::TextTooLong,
            StoreError::Corrupt { .. } => crate::code::Code::DbCorrupt,
            StoreError::NewerSchema { .. } => crate::code::Code::DbNewerSchema,
            StoreError::Busy { .. } => crate::code::Code::DbBusy,
            StoreError::DiskFull { .. } => crate::code::Code::DiskFull,
            StoreError::NotEmpty { .. } => crate::code::Code::DbNotEmpty,
            StoreError::Io { .. } => crate::code::Code::Io,
            StoreError::Missing { .. } => crate::code::Code::NotFound,
            StoreError::InvalidDataFile { kind, .. } => match kind {
                super::DataFileKind::Policy => crate::code::Code::InvalidPolicy,
                super::DataFileKind::Template => crate::code::Code::InvalidTemplate,
                super::DataFileKind::Calendar => crate::code::Code::InvalidCalendar,
            },
            StoreError::VersionTaken { kind, .. } => match kind {
                super::DataFileKind::Policy => crate::code::Code::PolicyVersionTaken,
                super::DataFileKind::Template => crate::code::Code::TemplateVersionTaken,
                super::DataFileKind::Calendar => crate::code::Code::CalendarVersionTaken,
            },
            StoreError::VisitFrozen { .. } => crate::code::Code::VisitFrozen,
            StoreError::VisitNotReady { .. } => crate::code::Code::VisitNotReady,
            StoreError::BadSignature { .. } => crate::code::Code::BadSignature,
            StoreError::NotConfirmed { .. } => crate::code::Code::NotConfirmed,
            StoreError::ReportChanged { .. } => crate::code::Code::ReportChanged,
            StoreError::RemovalRefused { .. } => crate::code::Code::RemovalRefused,
            StoreError::Invalid(_) => crate::code::Code::InvalidInput,
            StoreError::Recovery(e) => e.code(),
            StoreError::FileSignal(e) => e.code(),
            StoreError::Collection(e) => e.code(),
            StoreError::Enforcement(e) => e.code(),
            StoreError::Site(e) => e.code(),
            StoreError::BadUpdate { .. } => crate::code::Code::BadUpdate,
            StoreError::Sqlite(_) => crate::code::Code::Database,
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
