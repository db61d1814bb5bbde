//! Helpers for the cross-crate tests: the built `baohou` binary and database fingerprints.

pub mod headoffice;
pub mod phone_door;
pub mod proxy;
pub mod simulation;
pub mod window;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The workspace's root folder.
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
}

/// The `baohou` program under test: this package's `baohou-under-test` binary (bin/baohou.rs),
/// which cargo builds next to the test executables before it runs them.
pub fn baohou_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| built_here("baohou-under-test"))
}

/// The save stream the kill -9 test interrupts (bin/save_stream.rs).
pub fn save_stream_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| built_here("save-stream"))
}

/// The `baohou-hq` server under test (bin/baohou_hq.rs).
pub fn hq_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| built_here("baohou-hq-under-test"))
}

/// A binary of this package, which cargo builds next to the test executables before it runs them.
fn built_here(name: &str) -> PathBuf {
    let test_exe = std::env::current_exe().expect("the test executable's path");
    // target/<profile>/deps/<test>-<hash> -> target/<profile>/<name>
    let bin = test_exe
        .parent()
        .and_then(Path::parent)
        .expect("the test executable sits in target/<profile>/deps")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} was not built: run the tests with cargo test",
        bin.display()
    );
    bin
}

/// The passphrase of every laptop database the tests write (the demo's, as in the README).
pub const PASSPHRASE: &str = baohou_core::demo::DEMO_PASSPHRASE;

/// `baohou`, in Simplified Chinese, with the test databases' passphrase in its environment.
///
/// With `BAOHOU_TEST_EXE` set to a Windows build (`baohou.exe`, scripts/windows.sh), the same
/// tests run that program under wine: the CLI and report suites on Windows' build
/// (scripts/windows-test.sh).
pub fn baohou_cmd() -> Command {
    let c = match std::env::var_os("BAOHOU_TEST_EXE") {
        Some(exe) => wine(Path::new(&exe)),
        None => Command::new(baohou_bin()),
    };
    with_test_passphrase(c)
}

/// This machine's own `baohou`, whatever `BAOHOU_TEST_EXE` says (a Linux laptop beside a
/// Windows one).
pub fn linux_baohou_cmd() -> Command {
    with_test_passphrase(Command::new(baohou_bin()))
}

fn with_test_passphrase(mut c: Command) -> Command {
    c.env("LANG", "zh_CN.UTF-8")
        .env("BAOHOU_PASSPHRASE", PASSPHRASE);
    c
}

/// A Windows program run under wine (`BAOHOU_TEST_WINE`, default Debian's wine64), in the
/// prefix `WINEPREFIX` names (scripts/windows-test.sh makes it).
pub fn wine(exe: &Path) -> Command {
    let program =
        std::env::var_os("BAOHOU_TEST_WINE").unwrap_or_else(|| "/usr/lib/wine/wine64".into());
    let mut c = Command::new(program);
    // Wine turns the arguments into UTF-16 through the Unix locale's encoding: a UTF-8 one that
    // every Debian has, or Chinese file names arrive garbled.
    c.arg(exe).env("WINEDEBUG", "-all").env("LC_ALL", "C.UTF-8");
    c
}

/// Runs `baohou` with `args`, in Simplified Chinese unless the args say otherwise.
pub fn baohou(args: &[&str]) -> Output {
    baohou_cmd().args(args).output().expect("baohou runs")
}

/// The key of a laptop database written with [`PASSPHRASE`] (derived once per file salt).
pub fn laptop_key(db: &Path) -> baohou_core::store::DbKey {
    use baohou_core::store::{DbKey, key};
    use std::collections::HashMap;
    use std::sync::Mutex;
    static KEYS: OnceLock<Mutex<HashMap<[u8; 16], DbKey>>> = OnceLock::new();
    let salt = key::file_salt(db)
        .expect("an encrypted laptop database")
        .expect("the file exists");
    let mut keys = KEYS.get_or_init(Default::default).lock().unwrap();
    keys.entry(salt)
        .or_insert_with(|| DbKey::derive(PASSPHRASE, salt).unwrap())
        .clone()
}

/// A bare SQLite connection to an encrypted laptop database, unlocked with [`PASSPHRASE`].
pub fn laptop_db(db: &Path) -> rusqlite::Connection {
    laptop_db_with(db, rusqlite::OpenFlags::default())
}

pub fn laptop_db_with(db: &Path, flags: rusqlite::OpenFlags) -> rusqlite::Connection {
    let key = laptop_key(db);
    let conn = rusqlite::Connection::open_with_flags(db, flags).expect("open the laptop database");
    baohou_core::store::unlock_connection(&conn, &key, db).expect("unlock");
    conn
}

/// Writes the demo portfolio as of `today` into a new `demo.sqlite3` in `dir`.
pub fn demo_db(dir: &Path, today: &str) -> PathBuf {
    let db = dir.join("demo.sqlite3");
    let o = baohou(&[
        "demo",
        "--db",
        db.to_str().expect("a UTF-8 path"),
        "--today",
        today,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    db
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every row of every table, as text, in a stable order: equal fingerprints mean no row was
/// added, lost or changed.
pub fn fingerprint(db: &Path) -> String {
    let conn = laptop_db_with(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY);
    let mut out = String::new();
    let mut tables = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap();
    let names: Vec<String> = tables
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for name in names {
        out.push_str(&format!("## {name}\n"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{name}\" ORDER BY rowid"))
            .unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                let v: rusqlite::types::Value = row.get(i).unwrap();
                out.push_str(&format!("{v:?}|"));
            }
            out.push('\n');
        }
    }
    out
}

pub fn sha256_file(path: &Path) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(std::fs::read(path).unwrap());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A PDF's text layer (poppler's pdftotext) with all white space removed: Chinese lines wrap
/// anywhere, and pdftotext drops or adds narrow spaces between ideographs.
pub fn pdf_text(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils, installed by scripts/setup.sh)");
    assert!(o.status.success(), "pdftotext: {}", stderr(&o));
    String::from_utf8_lossy(&o.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A real S3-compatible server on loopback (s3s-fs: objects as files in a folder), for head office
/// on an object store. Stopped with the test process.
pub struct S3Server {
    /// `http://127.0.0.1:PORT`
    pub endpoint: String,
    pub bucket: String,
    pub root: tempfile::TempDir,
    _runtime: tokio::runtime::Runtime,
}

impl S3Server {
    pub const ACCESS_KEY: &'static str = "baohou-test";
    pub const SECRET_KEY: &'static str = "baohou-test-secret";

    pub fn start() -> S3Server {
        use hyper_util::rt::{TokioExecutor, TokioIo};
        use hyper_util::server::conn::auto::Builder;
        let root = tempfile::tempdir().unwrap();
        let bucket = "baohou".to_owned();
        std::fs::create_dir_all(root.path().join(&bucket)).unwrap();
        let fs = s3s_fs::FileSystem::new(root.path()).unwrap();
        let mut builder = s3s::service::S3ServiceBuilder::new(fs);
        builder.set_auth(s3s::auth::SimpleAuth::from_single(
            S3Server::ACCESS_KEY,
            S3Server::SECRET_KEY,
        ));
        let service = builder.build();
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        runtime.spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let service = service.clone();
                tokio::spawn(async move {
                    let _ = Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(socket), service)
                        .await;
                });
            }
        });
        S3Server {
            endpoint,
            bucket,
            root,
            _runtime: runtime,
        }
    }

    /// The environment `baohou-hq` reads its object store's endpoint and credentials from.
    pub fn env(&self) -> Vec<(String, String)> {
        [
            ("AWS_ENDPOINT", self.endpoint.as_str()),
            ("AWS_ACCESS_KEY_ID", S3Server::ACCESS_KEY),
            ("AWS_SECRET_ACCESS_KEY", S3Server::SECRET_KEY),
            ("AWS_REGION", "us-east-1"),
            ("AWS_ALLOW_HTTP", "true"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    /// Where the server keeps the object `key` of its bucket.
    pub fn object_path(&self, key: &str) -> PathBuf {
        self.root.path().join(&self.bucket).join(key)
    }
}

/// An empty PostgreSQL database of its own on the server `BAOHOU_TEST_PG` names (scripts/pg.sh).
pub fn scratch_database(prefix: &str) -> String {
    let server = std::env::var("BAOHOU_TEST_PG")
        .expect("BAOHOU_TEST_PG names a PostgreSQL server (scripts/test.sh starts one)");
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(baohou_hq::records::postgres::create_scratch_database(
            &server, prefix,
        ))
        .unwrap()
}

/// The demo laptop's session on `db`, unlocked, writing what it prints into `print`.
pub fn demo_session(db: &Path, print: PathBuf) -> baohou_core::session::Session {
    let mut session = baohou_core::session::Session::open_with_key(
        db,
        baohou_core::OpenMode::Existing,
        laptop_key(db),
    )
    .expect("the demo database");
    session.set_print_folder(print);
    session
}

/// Each officer's route for `day` (the agenda filtered to them), in the agenda's order of
/// officers: what 今日路线 shows once an officer is chosen.
pub fn officers_routes(
    session: &baohou_core::session::Session,
    day: chrono::NaiveDate,
) -> Vec<(
    baohou_core::tasks::filter::AgendaFilter,
    baohou_core::route::DayRoute,
)> {
    use baohou_core::i18n::Locale;
    use baohou_core::tasks::filter::AgendaFilter;
    let officers = session
        .agenda_page(Locale::ZhCn, day, &AgendaFilter::everything(), 0)
        .expect("the agenda")
        .officers;
    officers
        .into_iter()
        .map(|o| {
            let filter = AgendaFilter {
                officer: Some(o),
                ..AgendaFilter::everything()
            };
            let route = session
                .day_route(Locale::ZhCn, day, &filter, &[])
                .expect("the route");
            (filter, route)
        })
        .collect()
}
