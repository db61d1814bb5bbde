//! `baohou-hq`: head office's receiver for the 保后检查表 the laptops send.
//!
//! - `baohou-hq serve --listen 127.0.0.1:8080 --data DIR`: the HTTP API (`api`) over a data folder
//!   (`db`: SQLite and the files). Plain HTTP is served on loopback only.
//! - `baohou-hq enroll --data DIR --officer NAME`: enrolls a laptop and prints its device token.
//! - `baohou-hq devices --data DIR` and `revoke --data DIR --device ID`.
//! - `baohou-hq assign --data DIR --officer NAME --contract NO`: who may upload for which guarantee.

pub mod api;
pub mod db;

use clap::{Parser, Subcommand};
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

#[derive(Subcommand)]
enum Command {
    /// Serves the API on an address (loopback only without TLS).
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
    },
    /// Enrolls a laptop for an officer and prints its device token (shown this once).
    Enroll {
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        #[arg(long)]
        officer: String,
        #[arg(long, default_value = "")]
        label: String,
    },
    /// Lists the enrolled laptops.
    Devices {
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
    },
    /// Revokes a laptop's token.
    Revoke {
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        #[arg(long)]
        device: i64,
    },
    /// Assigns a guarantee (by contract number) to an officer.
    Assign {
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        #[arg(long)]
        officer: String,
        #[arg(long = "contract", required = true)]
        contracts: Vec<String>,
    },
}

/// Parses the command line, runs the command and returns the exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("baohou-hq: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<(), String> {
    let open = |dir: &PathBuf| db::Db::open(dir).map_err(|e| format!("{}: {e}", dir.display()));
    match command {
        Command::Serve { listen, data } => {
            if !listen.ip().is_loopback() {
                return Err(format!(
                    "{listen} is not a loopback address: plain HTTP is served on loopback only (put a TLS-terminating proxy in front, or listen on 127.0.0.1)"
                ));
            }
            let db = Arc::new(open(&data)?);
            let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
            runtime.block_on(serve(listen, db))
        }
        Command::Enroll {
            data,
            officer,
            label,
        } => {
            let token = open(&data)?
                .enroll(&officer, &label)
                .map_err(|e| e.to_string())?;
            println!("{token}");
            Ok(())
        }
        Command::Devices { data } => {
            for d in open(&data)?.devices().map_err(|e| e.to_string())? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    d.id,
                    d.officer,
                    d.label,
                    d.enrolled_at,
                    d.revoked_at
                        .map(|r| format!("revoked {r}"))
                        .unwrap_or_default()
                );
            }
            Ok(())
        }
        Command::Revoke { data, device } => {
            if open(&data)?.revoke(device).map_err(|e| e.to_string())? {
                println!("device {device} revoked");
                Ok(())
            } else {
                Err(format!("no active device {device}"))
            }
        }
        Command::Assign {
            data,
            officer,
            contracts,
        } => {
            let db = open(&data)?;
            for c in &contracts {
                db.assign(&officer, c).map_err(|e| e.to_string())?;
            }
            println!("{} contract(s) assigned to {officer}", contracts.len());
            Ok(())
        }
    }
}

/// Binds `listen` and serves until Ctrl-C or SIGTERM. Prints `listening on ADDR` once the socket is bound (the
/// tests wait for that line; with port 0 it names the port chosen).
pub async fn serve(listen: SocketAddr, db: Arc<db::Db>) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    println!("listening on {bound}");
    serve_on(listener, db).await
}

/// Serves the API on a bound listener until Ctrl-C or SIGTERM.
pub async fn serve_on(listener: tokio::net::TcpListener, db: Arc<db::Db>) -> Result<(), String> {
    axum::serve(listener, api::router(db))
        .with_graceful_shutdown(async {
            let ctrl_c = tokio::signal::ctrl_c();
            #[cfg(unix)]
            {
                let mut term =
                    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                    {
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
        })
        .await
        .map_err(|e| e.to_string())
}
