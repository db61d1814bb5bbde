//! Why head office refuses or fails something; each maps to one HTTP status in `api`.

/// Why head office refuses something; each maps to one HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum HqError {
    #[error("missing or unknown device token")]
    Unauthorized,
    #[error("device token revoked")]
    Revoked,
    #[error("contract {contract_no} is not assigned to {officer}")]
    NotAssigned {
        officer: String,
        contract_no: String,
    },
    #[error("idempotency key {key} was used with a different manifest")]
    KeyReused { key: String },
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("request body over {limit} bytes")]
    TooLarge { limit: usize },
    #[error("more than {limit} requests at once from one device")]
    Busy { limit: usize },
    #[error("the request's body took more than {seconds} s")]
    TimedOut { seconds: u64 },
    #[error("no report {0}")]
    NoReport(String),
    #[error("report {document_no} has no file {sha256}")]
    NoFile { document_no: String, sha256: String },
    #[error("chunk at offset {sent}, but {expected} bytes have arrived")]
    WrongOffset { expected: u64, sent: u64 },
    #[error("chunk checksum does not match")]
    ChecksumMismatch,
    #[error("the file's SHA-256 is {actual}, the manifest says {expected}")]
    FileHashMismatch { expected: String, actual: String },
    #[error("files not yet received: {0:?}")]
    Incomplete(Vec<String>),
    #[error("report {document_no}: {error}")]
    Seal {
        document_no: String,
        error: baohou_core::sealed::seal::SealError,
    },
    #[error("document {document_no} refused: {error}")]
    Upload {
        document_no: String,
        error: baohou_core::sync::claims::UploadRefusal,
    },
    #[error("laptop code {0} is held by another device")]
    LaptopCodeTaken(baohou_core::numbering::LaptopCode),
    #[error("missing, unknown or revoked staff token")]
    StaffUnauthorized,
    #[error("the staff token is older than {days} days")]
    StaffExpired { days: u32 },
    #[error("the mark is refused: {0}")]
    ReviewRefused(#[from] crate::review::ReviewRefusal),
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL: {0}")]
    Postgres(String),
    #[error("object store: {0}")]
    Objects(String),
    #[error("settings: {0}")]
    Settings(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

pub type HqResult<T> = Result<T, HqError>;

impl From<tokio_postgres::Error> for HqError {
    fn from(e: tokio_postgres::Error) -> HqError {
        // The server's own message (a constraint, a lost connection) is in the source chain.
        let mut text = e.to_string();
        if let Some(db) = e.as_db_error() {
            text = format!("{text}: {}", db.message());
        }
        HqError::Postgres(text)
    }
}

impl From<deadpool_postgres::PoolError> for HqError {
    fn from(e: deadpool_postgres::PoolError) -> HqError {
        // The cause says what failed ("invalid peer certificate: UnknownIssuer").
        let mut text = e.to_string();
        let mut cause = std::error::Error::source(&e);
        while let Some(c) = cause {
            let more = c.to_string();
            if !text.contains(&more) {
                text = format!("{text}: {more}");
            }
            cause = c.source();
        }
        HqError::Postgres(text)
    }
}

impl From<object_store::Error> for HqError {
    fn from(e: object_store::Error) -> HqError {
        HqError::Objects(e.to_string())
    }
}
