//! The real app window, driven through tauri-driver and WebKitWebDriver: what the end-to-end
//! tests (e2e.rs) and the app benchmark (examples/bench_app.rs) share.

use crate::{PASSPHRASE, repo_root};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use thirtyfour::prelude::*;

/// tauri-driver on its port, stopped when dropped.
pub struct Driver {
    child: Child,
    /// The port tauri-driver listens on.
    pub port: u16,
    app: PathBuf,
    /// What the app's native file dialogs answer (a debug build reads it: see
    /// src-tauri/src/dialogs.rs), as the officer would pick there.
    answers: PathBuf,
}

impl Driver {
    /// tauri-driver on `port` (its native driver on the next one), launching the debug build of
    /// the app, or the one `BAOHOU_APP` names.
    pub fn start(port: u16) -> Driver {
        let app = std::env::var_os("BAOHOU_APP")
            .map(PathBuf::from)
            .unwrap_or_else(|| repo_root().join("target/debug/baohou-app"));
        Driver::start_with(port, app)
    }

    /// tauri-driver on `port`, launching the app at `app`.
    pub fn start_with(port: u16, app: PathBuf) -> Driver {
        // A native driver left over from a run that was itself killed would hold the port.
        let _ = Command::new("pkill")
            .args(["-f", &format!("WebKitWebDriver.*{}", port + 1)])
            .status();
        let exe = std::env::var_os("BAOHOU_TAURI_DRIVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| repo_root().join("target/tools/bin/tauri-driver"));
        let log =
            std::fs::File::create(repo_root().join(format!("artifacts/tauri-driver-{port}.log")))
                .expect("a log file in artifacts");
        let answers = repo_root().join(format!("target/e2e-dialog-answers-{port}.txt"));
        let _ = std::fs::remove_file(&answers);
        let child = Command::new(&exe)
            .env("BAOHOU_DIALOG_ANSWERS", &answers)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &(port + 1).to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e} (run scripts/e2e.sh)", exe.display()));
        std::thread::sleep(Duration::from_millis(800));
        Driver {
            child,
            port,
            app,
            answers,
        }
    }

    /// The next native dialogs' answers, in order: each the paths the officer picks there.
    pub fn answer_dialogs(&self, answers: &[&[&Path]]) {
        let lines: Vec<String> = answers
            .iter()
            .map(|paths| {
                paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        std::fs::write(&self.answers, lines.join("\n")).expect("the dialog answers");
    }

    /// The app on `db`, unlocked with the test passphrase.
    pub async fn open(&self, db: &Path) -> WebDriver {
        let d = self.open_locked(db).await;
        unlock(&d, PASSPHRASE).await;
        wait(&d, "//h2[contains(., '待办')]").await;
        d
    }

    /// The app on `db`, at its lock screen.
    pub async fn open_locked(&self, db: &Path) -> WebDriver {
        self.launch(&["--db", db.to_str().expect("a UTF-8 path")])
            .await
    }

    /// The app started with `args`: a WebDriver session on its window.
    pub async fn launch(&self, args: &[&str]) -> WebDriver {
        let mut caps = thirtyfour::Capabilities::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({"application": self.app, "args": args}),
        );
        let mut last = None;
        for _ in 0..20 {
            let url = format!("http://127.0.0.1:{}", self.port);
            match tokio::time::timeout(Duration::from_secs(30), WebDriver::new(url, caps.clone()))
                .await
            {
                Ok(Ok(d)) => return d,
                Ok(Err(e)) => last = Some(e.to_string()),
                Err(_) => last = Some("no answer within 30 s".into()),
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        panic!("no WebDriver session: {last:?}");
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: tauri-driver stops its native driver on the way out.
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// Saves what the window shows to `artifacts/<stem>.png`.
pub async fn screenshot(d: &WebDriver, stem: &str) {
    let dir = repo_root().join("artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts/");
    d.screenshot(&dir.join(format!("{stem}.png")))
        .await
        .expect("a screenshot");
}

/// Types `passphrase` on the lock screen and presses 解锁.
pub async fn unlock(d: &WebDriver, passphrase: &str) {
    let field = wait(d, "//input[@name='passphrase']").await;
    field.clear().await.unwrap();
    field.send_keys(passphrase).await.unwrap();
    click(d, "//button[normalize-space()='解锁']").await;
}

pub async fn wait(d: &WebDriver, xpath: &str) -> WebElement {
    d.query(By::XPath(xpath))
        .wait(Duration::from_secs(20), Duration::from_millis(200))
        .first()
        .await
        .unwrap_or_else(|e| panic!("nothing at {xpath}: {e}"))
}

pub async fn click(d: &WebDriver, xpath: &str) {
    wait(d, xpath)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click {xpath}: {e}"));
}

pub async fn button(d: &WebDriver, text: &str) {
    click(d, &format!("//button[normalize-space()='{text}']")).await;
}

pub async fn typed(d: &WebDriver, xpath: &str, text: &str) {
    let e = wait(d, xpath).await;
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

/// The processes whose command line contains `pattern` (pgrep -f), oldest first.
pub fn processes(pattern: &str) -> Vec<u32> {
    let out = Command::new("pgrep")
        .args(["-f", pattern])
        .output()
        .expect("pgrep");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect()
}

/// How many times `needle` occurs in the writable memory of process `pid` (its heap, stacks and
/// anonymous mappings that hold pages, as /proc/PID/smaps lists them, read through
/// /proc/PID/mem): what a memory dump of the running app would show.
pub fn occurrences_in_memory(pid: u32, needle: &[u8]) -> usize {
    use std::io::{Read, Seek, SeekFrom};
    let smaps =
        std::fs::read_to_string(format!("/proc/{pid}/smaps")).expect("the process's mappings");
    let mut mem = std::fs::File::open(format!("/proc/{pid}/mem")).expect("the process's memory");
    // Each mapping: its range, whether it is writable, and how much of it is in memory.
    let mut regions: Vec<(u64, u64, bool, u64)> = Vec::new();
    for line in smaps.lines() {
        let mut fields = line.split_whitespace();
        let first = fields.next().unwrap_or("");
        if let Some((start, end)) = first.split_once('-')
            && let (Ok(start), Ok(end)) =
                (u64::from_str_radix(start, 16), u64::from_str_radix(end, 16))
        {
            let writable = fields.next().is_some_and(|p| p.starts_with("rw"));
            regions.push((start, end, writable, 0));
        } else if first == "Rss:"
            && let Some(last) = regions.last_mut()
        {
            last.3 = fields.next().and_then(|k| k.parse().ok()).unwrap_or(0);
        }
    }
    let finder = memchr::memmem::Finder::new(needle);
    let mut found = 0;
    for (start, end, writable, rss_kib) in regions {
        if !writable || rss_kib == 0 {
            continue;
        }
        // In pieces that overlap by the needle's length, so that one across a boundary is seen
        // once; a piece that cannot be read ends the region.
        const PIECE: u64 = 16 << 20;
        let mut at = start;
        let mut piece = Vec::new();
        while at < end {
            let len = PIECE.min(end - at) as usize;
            piece.resize(len, 0);
            if mem.seek(SeekFrom::Start(at)).is_err() || mem.read_exact(&mut piece).is_err() {
                break;
            }
            found += finder.find_iter(&piece).count();
            if at + len as u64 >= end {
                break;
            }
            at += (len - (needle.len() - 1)) as u64;
        }
    }
    found
}

/// `text` as JavaScript engines hold strings that are not Latin-1: UTF-16, little-endian.
pub fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}
