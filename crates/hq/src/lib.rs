//! `baohou-hq`: head office's receiver for the 保后检查表 the laptops send.
//!
//! - `baohou-hq serve --listen 127.0.0.1:8080 --data DIR`: the HTTP API (`api`) over head office
//!   (`office`): records (`records`: SQLite in the data folder, or PostgreSQL with `--database`)
//!   and files (`blobs`: the data folder, or an S3-compatible store with `--objects`). Plain HTTP
//!   is served on loopback only.
//! - `baohou-hq enroll --data DIR --officer NAME`: enrolls a laptop and prints its device token.
//! - `baohou-hq devices --data DIR` and `revoke --data DIR --device ID`.
//! - `baohou-hq assign --data DIR --officer NAME --contract NO`: who may upload for which guarantee.
//! - `baohou-hq publish policy|calendar|guarantee|tier …`: changes sent down to the laptops
//!   (`GET /api/v1/updates`), applied there in one transaction.
//! - `baohou-hq staff add --data DIR --name NAME [--role reviewer|system]`: a token for the
//!   review page (`/office`) and the office API (`office_api`, described at
//!   `/api/v1/office/openapi.json`); `staff list`, `staff revoke --id N`.

pub mod api;
pub mod blobs;
pub mod company;
pub mod error;
pub mod guard;
pub mod limits;
pub mod office;
pub mod office_api;
pub mod records;
pub mod refusal;
pub mod review;
pub mod staging;
pub mod tls;

use clap::{Parser, Subcommand};
use office::{HeadOffice, Storage};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "baohou-hq",
    version,
    about = "保后 Baohou head office: receives the laptops' inspection reports"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where head office keeps its records and files.
#[derive(clap::Args)]
struct StorageArgs {
    /// The data folder (the records, uploads in progress and files unless told otherwise).
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// PostgreSQL for the records, e.g. postgres://baohou@db.internal/baohou (default: SQLite in
    /// the data folder).
    #[arg(long, value_name = "URL", env = "BAOHOU_HQ_DATABASE")]
    database: Option<String>,
    /// The certificate authority (PEM) that signed PostgreSQL's certificate (default: the
    /// system's roots). PostgreSQL beyond this computer is reached over TLS only.
    #[arg(long, value_name = "FILE", env = "BAOHOU_HQ_DATABASE_CA")]
    database_ca: Option<PathBuf>,
    /// An S3-compatible object store for the files, s3://bucket/prefix; endpoint and credentials
    /// from AWS_ENDPOINT, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION (default: the
    /// data folder).
    #[arg(long, value_name = "URL", env = "BAOHOU_HQ_OBJECTS")]
    objects: Option<String>,
}

impl StorageArgs {
    fn storage(&self) -> Storage {
        Storage {
            data: self.data.clone(),
            database: self.database.clone(),
            database_ca: self.database_ca.clone(),
            objects: self.objects.clone(),
        }
    }
}

/// What head office takes from one laptop (`limits::Limits`; the defaults are its defaults).
#[derive(clap::Args)]
struct LimitArgs {
    /// The largest file a report may declare, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = limits::Limits::default().max_file_bytes >> 20)]
    max_file_mib: u64,
    /// The most files one report may have.
    #[arg(long, value_name = "N", default_value_t = limits::Limits::default().max_files)]
    max_files: usize,
    /// All of a report's files together, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = limits::Limits::default().max_document_bytes >> 20)]
    max_document_mib: u64,
    /// Seconds a laptop may take to send one request's body (a chunk).
    #[arg(long, value_name = "S", default_value_t = limits::Limits::default().body_timeout.as_secs())]
    body_timeout: u64,
    /// Requests one laptop may have in progress at once.
    #[arg(long, value_name = "N", default_value_t = limits::Limits::default().device_requests)]
    device_requests: usize,
    /// Days a staff token is good for after it was made.
    #[arg(long, value_name = "DAYS", default_value_t = limits::Limits::default().staff_token_days)]
    staff_token_days: u32,
}

impl LimitArgs {
    fn limits(&self) -> limits::Limits {
        limits::Limits {
            max_file_bytes: self.max_file_mib << 20,
            max_files: self.max_files,
            max_document_bytes: self.max_document_mib << 20,
            body_timeout: std::time::Duration::from_secs(self.body_timeout.max(1)),
            device_requests: self.device_requests.max(1),
            staff_token_days: self.staff_token_days,
            ..limits::Limits::default()
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Serves the API on an address: over TLS with --tls-cert and --tls-key, plain HTTP on
    /// loopback only.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        #[command(flatten)]
        storage: StorageArgs,
        /// The server's certificate chain (PEM).
        #[arg(long, value_name = "FILE", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// The certificate's private key (PEM).
        #[arg(long, value_name = "FILE", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Enrolls a laptop for an officer and prints its device token (shown this once).
    Enroll {
        #[command(flatten)]
        storage: StorageArgs,
        #[arg(long)]
        officer: String,
        #[arg(long, default_value = "")]
        label: String,
    },
    /// Lists the enrolled laptops.
    Devices {
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Revokes a laptop's token.
    Revoke {
        #[command(flatten)]
        storage: StorageArgs,
        #[arg(long)]
        device: i64,
    },
    /// Head office's staff: reviewers who mark reports, and the core system's account.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Sends a change down to the laptops with their next sync (applied there in one
    /// transaction): a policy, a new guarantee, a tier change.
    Publish {
        #[command(subcommand)]
        command: PublishCommand,
    },
    /// Prints the office API's OpenAPI document (JSON).
    Openapi,
    /// Assigns a guarantee (by contract number) to an officer.
    Assign {
        #[command(flatten)]
        storage: StorageArgs,
        #[arg(long)]
        officer: String,
        #[arg(long = "contract", required = true)]
        contracts: Vec<String>,
    },
}

#[derive(Subcommand)]
enum PublishCommand {
    /// A company policy file (TOML) for every laptop, to be the policy in force.
    Policy {
        #[command(flatten)]
        storage: StorageArgs,
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
    },
    /// One year of the official calendar (YYYY.toml: the State Council's holidays and make-up
    /// working days) for every laptop; deadlines are counted on it once it arrives.
    Calendar {
        #[command(flatten)]
        storage: StorageArgs,
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
    },
    /// A new guarantee (JSON: contract, borrower, officers A and B, counter-guarantees) for its
    /// officers' laptops; it is assigned to them.
    Guarantee {
        #[command(flatten)]
        storage: StorageArgs,
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
    },
    /// A guarantee's new risk tier, with the reason, for the laptops of its officers.
    Tier {
        #[command(flatten)]
        storage: StorageArgs,
        #[arg(long = "contract")]
        contract_no: String,
        #[arg(long)]
        tier: u8,
        #[arg(long)]
        reason: String,
        /// The date of the change (default today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<chrono::NaiveDate>,
    },
}

#[derive(Subcommand)]
enum StaffCommand {
    /// Gives a member of staff a token for the review page and the office API (shown this once).
    Add {
        #[command(flatten)]
        storage: StorageArgs,
        #[arg(long)]
        name: String,
        #[arg(long, value_enum, default_value = "reviewer")]
        role: review::StaffRole,
    },
    /// Lists head office's staff.
    List {
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Revokes a member of staff's token.
    Revoke {
        #[command(flatten)]
        storage: StorageArgs,
        #[arg(long)]
        id: i64,
    },
}

/// Parses the command line, runs the command and returns the exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = tokio::runtime::Runtime::new()
        .map_err(|e| e.to_string())
        .and_then(|runtime| runtime.block_on(run(cli.command)));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("baohou-hq: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn open(storage: &StorageArgs) -> Result<HeadOffice, String> {
    HeadOffice::open(&storage.storage())
        .await
        .map_err(|e| format!("{}: {e}", storage.data.display()))
}

async fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Serve {
            listen,
            storage,
            tls_cert,
            tls_key,
            limits,
        } => {
            let tls = match (tls_cert, tls_key) {
                (Some(cert), Some(key)) => Some(tls::TlsFiles { cert, key }),
                _ => None,
            };
            if tls.is_none() && !tls::plain_http_allowed(&listen) {
                return Err(format!(
                    "{listen} is not a loopback address: laptops on a network are served over TLS only (give --tls-cert and --tls-key, or listen on 127.0.0.1)"
                ));
            }
            // A certificate that cannot be used is said before anything is opened.
            let tls = match &tls {
                Some(files) => Some(tls::config(files).await?),
                None => None,
            };
            let office = Arc::new(open(&storage).await?.with_limits(limits.limits()));
            serve(listen, office, tls).await
        }
        Command::Enroll {
            storage,
            officer,
            label,
        } => {
            let token = open(&storage)
                .await?
                .enroll(&officer, &label)
                .await
                .map_err(|e| e.to_string())?;
            println!("{token}");
            Ok(())
        }
        Command::Devices { storage } => {
            for d in open(&storage)
                .await?
                .devices()
                .await
                .map_err(|e| e.to_string())?
            {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    d.id,
                    d.officer,
                    d.label,
                    d.codes.join(","),
                    d.key_fingerprint()
                        .map(|f| format!("key {f}"))
                        .unwrap_or_else(|| "no key yet".into()),
                    match (&d.audit_break, d.audit_entries) {
                        (Some(why), _) => format!("AUDIT CHAIN BROKEN {why}"),
                        (None, Some(n)) => format!("audit {n} entries"),
                        (None, None) => "no audit yet".into(),
                    },
                    d.enrolled_at,
                    d.revoked_at
                        .as_ref()
                        .map(|r| format!("revoked {r}"))
                        .unwrap_or_default()
                );
            }
            Ok(())
        }
        Command::Revoke { storage, device } => {
            if open(&storage)
                .await?
                .revoke(device)
                .await
                .map_err(|e| e.to_string())?
            {
                println!("device {device} revoked");
                Ok(())
            } else {
                Err(format!("no active device {device}"))
            }
        }
        Command::Openapi => {
            println!("{}", office_api::openapi_json());
            Ok(())
        }
        Command::Staff { command } => staff(command).await,
        Command::Publish { command } => publish(command).await,
        Command::Assign {
            storage,
            officer,
            contracts,
        } => {
            let office = open(&storage).await?;
            for c in &contracts {
                office
                    .assign(&officer, c)
                    .await
                    .map_err(|e| e.to_string())?;
            }
            println!("{} contract(s) assigned to {officer}", contracts.len());
            Ok(())
        }
    }
}

async fn publish(command: PublishCommand) -> Result<(), String> {
    use baohou_core::protocol::Change;
    let read = |path: &PathBuf| {
        std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let (storage, change) = match command {
        PublishCommand::Policy { storage, file } => {
            (storage, Change::Policy { toml: read(&file)? })
        }
        PublishCommand::Calendar { storage, file } => {
            (storage, Change::Calendar { toml: read(&file)? })
        }
        PublishCommand::Guarantee { storage, file } => {
            let doc = serde_json::from_str(&read(&file)?)
                .map_err(|e| format!("{}: {e}", file.display()))?;
            (storage, Change::Guarantee(Box::new(doc)))
        }
        PublishCommand::Tier {
            storage,
            contract_no,
            tier,
            reason,
            on,
        } => {
            let tier = baohou_core::portfolio::RiskTier::new(tier).map_err(|e| e.to_string())?;
            let on = on.unwrap_or_else(|| chrono::Local::now().date_naive());
            (
                storage,
                Change::Tier {
                    contract_no,
                    tier,
                    reason,
                    on,
                },
            )
        }
    };
    let seqs = open(&storage)
        .await?
        .publish(&change)
        .await
        .map_err(|e| e.to_string())?;
    println!("published as update {seqs:?}");
    Ok(())
}

async fn staff(command: StaffCommand) -> Result<(), String> {
    match command {
        StaffCommand::Add {
            storage,
            name,
            role,
        } => {
            let token = open(&storage)
                .await?
                .add_staff(&name, role)
                .await
                .map_err(|e| e.to_string())?;
            println!("{token}");
            Ok(())
        }
        StaffCommand::List { storage } => {
            for s in open(&storage)
                .await?
                .staff_list()
                .await
                .map_err(|e| e.to_string())?
            {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    s.id,
                    s.name,
                    s.role.as_str(),
                    s.created_at,
                    s.revoked_at
                        .map(|r| format!("revoked {r}"))
                        .unwrap_or_default()
                );
            }
            Ok(())
        }
        StaffCommand::Revoke { storage, id } => {
            if open(&storage)
                .await?
                .revoke_staff(id)
                .await
                .map_err(|e| e.to_string())?
            {
                println!("staff {id} revoked");
                Ok(())
            } else {
                Err(format!("no active member of staff {id}"))
            }
        }
    }
}

/// Binds `listen` and serves (over TLS when given) until Ctrl-C or SIGTERM. Prints `listening on
/// ADDR` (or `listening on ADDR (TLS)`) once the socket is bound (the tests wait for that line;
/// with port 0 it names the port chosen).
pub async fn serve(
    listen: SocketAddr,
    office: Arc<HeadOffice>,
    tls: Option<axum_server::tls_rustls::RustlsConfig>,
) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    match tls {
        None => {
            println!("listening on {bound}");
            serve_on(listener, office).await
        }
        Some(config) => {
            println!("listening on {bound} (TLS)");
            let listener = listener.into_std().map_err(|e| e.to_string())?;
            tls::serve(
                listener,
                config,
                api::router_over_tls(office),
                stop_signal(),
            )
            .await
        }
    }
}

/// Serves the API on a bound listener until Ctrl-C or SIGTERM.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    office: Arc<HeadOffice>,
) -> Result<(), String> {
    axum::serve(listener, api::router(office))
        .with_graceful_shutdown(stop_signal())
        .await
        .map_err(|e| e.to_string())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn stop_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(t) => t,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
