//! Head office for the cross-crate tests: the real `baohou-hq` started on loopback over a data
//! folder, or over PostgreSQL and an S3 server (`Backend`), its admin commands and its records;
//! and the laptop's outbox as the tests read it.

use crate::{S3Server, hq_bin, scratch_database, stderr, stdout, wine};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
/// Where head office keeps its records and files: its data folder alone (SQLite and `files/`),
/// or PostgreSQL and an S3-compatible store.
#[derive(Clone, Default)]
pub struct Backend {
    pub database: Option<String>,
    pub s3: Option<Arc<S3Server>>,
}

impl Backend {
    /// PostgreSQL (a scratch database on `BAOHOU_TEST_PG`) and a real S3 server on loopback.
    pub fn postgresql_and_s3() -> Backend {
        Backend {
            database: Some(scratch_database("sync")),
            s3: Some(Arc::new(S3Server::start())),
        }
    }

    /// `baohou-hq SUBCOMMAND…` on this storage; with `BAOHOU_TEST_HQ_EXE` set to Windows'
    /// build (`baohou-hq.exe`), that program under wine (scripts/windows-test.sh).
    pub fn command(&self, data: &Path, subcommand: &[&str]) -> Command {
        let mut c = match std::env::var_os("BAOHOU_TEST_HQ_EXE") {
            Some(exe) => wine(Path::new(&exe)),
            None => Command::new(hq_bin()),
        };
        c.env_remove("BAOHOU_HQ_DATABASE")
            .env_remove("BAOHOU_HQ_OBJECTS");
        c.args(subcommand).arg("--data").arg(data);
        if let Some(url) = &self.database {
            c.args(["--database", url]);
        }
        if let Some(s3) = &self.s3 {
            c.args(["--objects", &format!("s3://{}/hq", s3.bucket)]);
            c.envs(s3.env());
        }
        c
    }
}

/// `baohou-hq serve` on a free loopback port, stopped when dropped.
pub struct Hq {
    pub child: Child,
    pub url: String,
    pub data: PathBuf,
    pub backend: Backend,
}

impl Hq {
    pub fn start(data: &Path) -> Hq {
        Hq::start_on(data, &Backend::default())
    }

    pub fn start_on(data: &Path, backend: &Backend) -> Hq {
        let mut child = backend
            .command(data, &["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("baohou-hq starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line}"))
            .to_owned();
        Hq {
            child,
            url: format!("http://{addr}"),
            data: data.to_path_buf(),
            backend: backend.clone(),
        }
    }

    pub fn admin(&self, args: &[&str]) -> String {
        let o = self.backend.command(&self.data, args).output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o).trim().to_owned()
    }

    /// The rows of a query on head office's records, each value as text.
    pub fn rows(&self, sql: &str) -> Vec<Vec<String>> {
        match &self.backend.database {
            None => {
                let db = rusqlite::Connection::open(self.data.join("hq.sqlite3")).unwrap();
                let mut stmt = db.prepare(sql).unwrap();
                let columns = stmt.column_count();
                stmt.query_map([], |r| {
                    (0..columns)
                        .map(|i| {
                            Ok(match r.get_ref(i)? {
                                rusqlite::types::ValueRef::Null => String::new(),
                                rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                                rusqlite::types::ValueRef::Real(x) => x.to_string(),
                                rusqlite::types::ValueRef::Text(t) => {
                                    String::from_utf8_lossy(t).into_owned()
                                }
                                rusqlite::types::ValueRef::Blob(b) => format!("{b:?}"),
                            })
                        })
                        .collect()
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
            }
            Some(url) => tokio::runtime::Runtime::new().unwrap().block_on(async {
                let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                    .await
                    .unwrap();
                tokio::spawn(connection);
                client
                    .simple_query(sql)
                    .await
                    .unwrap()
                    .into_iter()
                    .filter_map(|m| match m {
                        tokio_postgres::SimpleQueryMessage::Row(r) => Some(
                            (0..r.len())
                                .map(|i| r.get(i).unwrap_or_default().to_owned())
                                .collect(),
                        ),
                        _ => None,
                    })
                    .collect()
            }),
        }
    }

    /// A `SELECT count(*) …` on head office's records.
    pub fn count(&self, sql: &str) -> usize {
        self.rows(sql)[0][0].parse().unwrap()
    }

    /// Where head office keeps a whole file.
    pub fn file_path(&self, sha256: &str) -> PathBuf {
        match &self.backend.s3 {
            Some(s3) => s3.object_path(&format!("hq/files/{sha256}")),
            None => self.data.join("files").join(sha256),
        }
    }
}

impl Drop for Hq {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The officer and contract of each report waiting in a laptop's outbox.
pub fn outbox(db: &Path) -> Vec<(String, String, String)> {
    let conn = crate::laptop_db(db);
    let mut stmt = conn
        .prepare(
            "SELECT o.name, g.contract_no, ob.state FROM outbox ob
             JOIN visits v ON v.id = ob.visit_id JOIN officers o ON o.id = v.officer_id
             JOIN guarantees g ON g.id = v.guarantee_id ORDER BY ob.id",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Enrolls a laptop for the officer of the first report in `queued` (a laptop's outbox, see
/// [`outbox`]), assigns it every queued contract, and writes its device token into `dir/token`;
/// returns that file.
pub fn enroll_for(hq: &Hq, queued: &[(String, String, String)], dir: &Path) -> PathBuf {
    let (officer, _, _) = &queued[0];
    let token_file = dir.join("token");
    std::fs::write(&token_file, hq.admin(&["enroll", "--officer", officer])).unwrap();
    for (_, c, _) in queued {
        hq.admin(&["assign", "--officer", officer, "--contract", c]);
    }
    token_file
}

/// One report sent as the laptop's client sends it: announced, uploaded from head office's
/// offsets, completed. Returns the file bytes sent (the benchmark's and the soak's).
pub fn send_report(
    server: &baohou_core::sync::client::Server,
    m: &baohou_core::protocol::Manifest,
    files: &[Vec<u8>],
) -> Result<u64, String> {
    let status = server.open(m).map_err(|e| e.to_string())?;
    let mut sent = 0;
    for (f, b) in m.files.iter().zip(files) {
        let p = status
            .files
            .iter()
            .find(|p| p.sha256 == f.sha256)
            .ok_or("file missing from status")?;
        if !p.verified {
            sent += server
                .upload(&m.document_no, f, b, p.offset, |_| {})
                .map_err(|e| e.to_string())?;
        }
    }
    let done = server.complete(&m.document_no).map_err(|e| e.to_string())?;
    if done.complete {
        Ok(sent)
    } else {
        Err("not complete".into())
    }
}
