//! Benchmark: the release app in a real window, driven through tauri-driver and WebKitWebDriver.
//! `scripts/bench.sh` builds the release app and the packages, starts the display and runs this:
//!
//! `cargo run --release -p baohou-tests --example bench_app [RUNS]` (default 5 runs)
//!
//! First WebKitGTK's floor: a hello-world window of the same engine (`tests/bench/webkit_floor.py`,
//! python3-gi and WebKit2 4.1), launched with the file cache dropped, its time to the page and its
//! processes' memory (median of up to 3); then the same window listing 200 rows of Chinese text
//! as the agenda lists its first page (no script), its memory. The app's memory is then printed
//! above both.
//!
//! It writes two laptop databases (the demo portfolio, whose visit in draft gets 50 phone-sized
//! photos, and a portfolio of 10,000 guarantees with five years of visits) and prints:
//! - the cold start, from launching the app to its lock screen plus from 解锁 to the agenda shown
//!   (the officer's typing left out), median of RUNS launches, with the file cache dropped before
//!   each when the machine allows it;
//! - the resident memory of the app and its WebKit processes once the agenda is shown (RSS, and
//!   PSS, which counts the pages they share once);
//! - the time to open a guarantee's file from the portfolio, and to open the visit with 50 photos
//!   and see them.
//!
//! The times include WebDriver's round trips (a few milliseconds each): the app is polled every
//! 5 ms for what the officer would see.

use baohou_core::demo::photos::camera_jpeg;
use baohou_core::demo::{LargePortfolio, write_demo, write_large_portfolio};
use baohou_core::store::DbKey;
use baohou_core::{OpenMode, Store};
use baohou_tests::window::{Driver, button, typed, wait};
use baohou_tests::{PASSPHRASE, laptop_db, repo_root};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;

const PHOTOS: usize = 50;
const AGENDA: &str = "//h2[contains(., '待办')]";
/// How many tasks the agenda shows at first (ui/src/lib/paged.svelte.ts).
const AGENDA_PAGE: usize = 200;

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .map_or(5, |a| a.parse().expect("RUNS is a number"));
    tokio::runtime::Runtime::new()
        .expect("a runtime")
        .block_on(run(runs.max(1)));
}

async fn run(runs: usize) {
    let app = app_path();
    let today = chrono::Local::now().date_naive();
    // The databases are kept in target/bench-app and reused on the same day (writing them takes
    // a minute); BAOHOU_BENCH_FRESH=1 writes them again.
    let dir = repo_root().join("target/bench-app");
    let ready = dir.join(format!("ready-{today}"));
    let demo = dir.join("demo.sqlite3");
    let large = dir.join("large.sqlite3");
    let contract_file = dir.join("contract");
    if !ready.exists() || std::env::var_os("BAOHOU_BENCH_FRESH").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("target/bench-app");
        let started = Instant::now();
        let (contract, borrower) = demo_with_photos(&demo, today);
        std::fs::write(&contract_file, format!("{contract}\n{borrower}")).expect("written");
        println!(
            "demo portfolio with {PHOTOS} photos ({:.0} MB) written in {:.1} s",
            file_mb(&demo),
            started.elapsed().as_secs_f64()
        );
        let started = Instant::now();
        let mut store = Store::open(&large, OpenMode::CreateOrUpgrade, &key()).expect("a database");
        let visits = write_large_portfolio(
            &mut store,
            LargePortfolio {
                guarantees: 10_000,
                years: 5,
            },
            today,
        )
        .expect("the large portfolio");
        drop(store);
        println!(
            "10,000 guarantees, {visits} visits over 5 years ({:.0} MB) written in {:.1} s",
            file_mb(&large),
            started.elapsed().as_secs_f64()
        );
        std::fs::write(&ready, "").expect("written");
    } else {
        println!(
            "reusing target/bench-app: the demo with {PHOTOS} photos ({:.0} MB), 10,000 guarantees ({:.0} MB)",
            file_mb(&demo),
            file_mb(&large)
        );
    }
    let saved = std::fs::read_to_string(&contract_file).expect("the demo's contract");
    let (contract, borrower) = saved.split_once('\n').expect("two lines");
    let (contract, borrower) = (contract.to_owned(), borrower.to_owned());
    let caches = drop_caches();
    println!(
        "app: {} ({:.1} MB); file cache {}",
        app.display(),
        file_mb(&app),
        if caches {
            "dropped before each launch"
        } else {
            "NOT dropped (needs root, or BAOHOU_BENCH_WARM set): warm starts"
        }
    );

    let mut floor_shown = Vec::new();
    let mut floors = Vec::new();
    for _ in 0..runs.min(3) {
        let (shown, memory) = floor_window(0);
        floor_shown.push(shown);
        floors.push(memory);
    }
    floors.sort_by(|a, b| a.pss.total_cmp(&b.pss));
    let floor = floors.swap_remove(floors.len() / 2);
    println!();
    println!(
        "WebKitGTK's floor (a hello-world window, python3-gi, WebKit2 4.1), median of {}:",
        floor_shown.len()
    );
    println!("  launch to its page drawn     {}", spread(&floor_shown));
    println!(
        "  resident: {:.0} MB PSS; {:.0} MB RSS in all (python {:.0}, WebKit web {:.0}, network {:.0})",
        floor.pss,
        floor.rss_total(),
        floor.app,
        floor.web,
        floor.network
    );

    // The same window listing 200 rows as the agenda lists its first page (no script): what the
    // list itself costs WebKit, the part of the app's agenda that no code of the app's can remove
    // short of showing fewer rows.
    let mut listed: Vec<Memory> = (0..runs.min(3))
        .map(|_| floor_window(AGENDA_PAGE).1)
        .collect();
    listed.sort_by(|a, b| a.pss.total_cmp(&b.pss));
    let listed = listed.swap_remove(listed.len() / 2);
    println!(
        "  with a list of {AGENDA_PAGE} rows of Chinese text like the agenda's: {:.0} MB PSS ({:+.0} MB; WebKit web {:.0} MB RSS)",
        listed.pss,
        listed.pss - floor.pss,
        listed.web
    );

    let driver = Driver::start_with(4490, app.clone());
    println!();
    for (name, db, n) in [
        ("demo portfolio", &demo, runs),
        ("10,000 guarantees", &large, runs.min(3)),
    ] {
        let mut launch = Vec::new();
        let mut from_exec = Vec::new();
        let mut unlock = Vec::new();
        let mut total = Vec::new();
        let mut memory = None;
        let mut locked = None;
        for i in 0..n {
            drop_caches();
            let last = i + 1 == n;
            let s = cold_start(&driver, db, &app, last).await;
            locked = locked.or(s.locked);
            launch.push(s.launch);
            from_exec.push(s.from_exec);
            unlock.push(s.unlock);
            total.push(s.launch + s.unlock);
            if last {
                // What the officer's laptop holds once the agenda is up and the screen idle.
                tokio::time::sleep(Duration::from_secs(3)).await;
                memory = app_memory(&app);
            }
            s.d.quit().await.expect("the app closes");
        }
        println!("{name}: cold start, median of {n} (range)");
        println!("  launch to the lock screen    {}", spread(&launch));
        println!(
            "    of which from the app's process start {}   (the rest: the WebDriver session and WebKitWebDriver starting it)",
            spread(&from_exec)
        );
        println!("  解锁 to the agenda shown     {}", spread(&unlock));
        println!(
            "  cold start to the agenda     {}   (target ≤ 1000 ms)",
            spread(&total)
        );
        if let Some(m) = locked {
            println!(
                "  resident memory at the lock screen: {:.0} MB RSS in all (app {:.0}, WebKit web {:.0}, network {:.0}); {:.0} MB PSS",
                m.rss_total(),
                m.app,
                m.web,
                m.network,
                m.pss
            );
        }
        match memory {
            Some(m) => {
                println!(
                    "  resident memory with the agenda shown: {:.0} MB PSS; {:.0} MB RSS in all (app {:.0}, WebKit web {:.0}, network {:.0}, other {:.0})",
                    m.pss,
                    m.rss_total(),
                    m.app,
                    m.web,
                    m.network,
                    m.other,
                );
                println!(
                    "  above WebKitGTK's floor: {:+.0} MB PSS ({:.0} against {:.0})   (target ≤ 40 MB)",
                    m.pss - floor.pss,
                    m.pss,
                    floor.pss
                );
                println!(
                    "    above the floor window listing {AGENDA_PAGE} rows: {:+.0} MB PSS",
                    m.pss - listed.pss
                );
            }
            None => println!("  resident memory: the app's process was not found"),
        }
    }

    println!();
    for (name, db, contract, borrower, photos) in [
        (
            "demo portfolio",
            &demo,
            contract.as_str(),
            borrower.as_str(),
            true,
        ),
        (
            "10,000 guarantees",
            &large,
            "BENCH-004321",
            "测试企业04321有限公司",
            false,
        ),
    ] {
        let d = driver.open(db).await;
        let mut file = Vec::new();
        for _ in 0..runs {
            button(&d, "在保项目").await;
            typed(&d, "//input[@type='search']", contract).await;
            let row = wait(&d, &format!("//td[normalize-space()='{contract}']")).await;
            let t = Instant::now();
            row.click().await.expect("the row opens");
            appears(&d, &format!("//h2[normalize-space()='{borrower}']")).await;
            file.push(t.elapsed());
        }
        println!(
            "{name}: the guarantee file from the portfolio  {}",
            spread(&file)
        );
        if photos {
            let t = Instant::now();
            button(&d, "继续填写检查").await;
            appears(&d, "//nav[@aria-label='检查表各部分']").await;
            let visit = t.elapsed();
            let t = Instant::now();
            let tab =
                "//nav[@aria-label='检查表各部分']//button[starts-with(normalize-space(), '照片')]";
            d.find(By::XPath(tab))
                .await
                .expect("照片")
                .click()
                .await
                .expect("a click");
            let shown = thumbnails(&d).await;
            let first_screen = t.elapsed();
            let t = Instant::now();
            d.execute(
                "document.querySelector('main figure:last-of-type')?.scrollIntoView()",
                vec![],
            )
            .await
            .expect("a scroll");
            thumbnails(&d).await;
            let last = t.elapsed();
            println!("{name}: the visit in draft with {PHOTOS} photos");
            println!("  the checklist opened              {:>7.0} ms", ms(visit));
            println!(
                "  its photos, the first screen ({shown:>2}) {:>7.0} ms",
                ms(first_screen)
            );
            println!(
                "  scrolled to the last, its screen     {:>7.0} ms",
                ms(last)
            );
        }
        d.quit().await.expect("the app closes");
    }
}

struct Start {
    d: WebDriver,
    launch: Duration,
    /// From the app's process start (its `starttime`) to the lock screen.
    from_exec: Duration,
    unlock: Duration,
    /// The memory at the lock screen, when asked for.
    locked: Option<Memory>,
}

/// Launches the app on `db`, then unlocks it: the time to the lock screen, and from 解锁 to the
/// agenda on the screen; with `memory`, the app's memory at the lock screen too.
async fn cold_start(driver: &Driver, db: &Path, app: &Path, memory: bool) -> Start {
    let t = Instant::now();
    let d = driver.open_locked(db).await;
    let field = appears(&d, "//input[@name='passphrase']").await;
    let launch = t.elapsed();
    let from_exec = process_age(app).expect("the app's process");
    let mut locked = None;
    if memory {
        tokio::time::sleep(Duration::from_secs(3)).await;
        locked = app_memory(app);
    }
    field.send_keys(PASSPHRASE).await.expect("typed");
    let unlock_button = wait(&d, "//button[normalize-space()='解锁']").await;
    let t = Instant::now();
    unlock_button.click().await.expect("a click");
    appears(&d, AGENDA).await;
    Start {
        d,
        launch,
        from_exec,
        unlock: t.elapsed(),
        locked,
    }
}

/// The element at `xpath` as soon as it is there (polled every 5 ms, for at most a minute).
async fn appears(d: &WebDriver, xpath: &str) -> WebElement {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(e) = d
            .find_all(By::XPath(xpath))
            .await
            .ok()
            .and_then(|v| v.into_iter().next())
        {
            return e;
        }
        assert!(Instant::now() < deadline, "nothing at {xpath} within 60 s");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Waits until the photo part shows its 50 figures and every thumbnail in view is decoded (they
/// load lazily, as they come into view); returns how many were decoded.
async fn thumbnails(d: &WebDriver) -> usize {
    let script = r"
        const imgs = [...document.querySelectorAll('main figure img')];
        const inView = (i) => { const r = i.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; };
        const wanted = imgs.filter(inView);
        const done = wanted.filter((i) => i.complete && i.naturalWidth > 0).length;
        return [imgs.length, wanted.length, done];";
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let r = d.execute(script, vec![]).await.expect("a script");
        let v: Vec<usize> = serde_json::from_value(r.json().clone()).expect("three numbers");
        if v[0] >= PHOTOS && v[1] > 0 && v[1] == v[2] {
            return v[2];
        }
        assert!(Instant::now() < deadline, "thumbnails not shown: {v:?}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The demo portfolio as of `today`, with its visit in draft holding 50 photos from a phone
/// (4032×3024 JPEGs with the time and place in EXIF), imported as the app imports them; returns
/// that guarantee's contract number and borrower.
fn demo_with_photos(path: &Path, today: NaiveDate) -> (String, String) {
    let mut store = Store::open(path, OpenMode::CreateOrUpgrade, &key()).expect("a database");
    write_demo(&mut store, today).expect("the demo");
    let (visit, contract, borrower): (i64, String, String) = laptop_db(path)
        .query_row(
            "SELECT v.id, g.contract_no, b.name FROM visits v JOIN guarantees g ON g.id = v.guarantee_id \
             JOIN borrowers b ON b.id = g.borrower_id WHERE v.status = 'draft' ORDER BY v.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("the demo's visit in draft");
    let had = store.visit_draft(visit).expect("the visit").photos.len();
    let taken = today.and_hms_opt(10, 12, 0);
    let site = Some(("30.2741".parse().unwrap(), "120.1551".parse().unwrap()));
    for i in had..PHOTOS {
        let shade = u8::try_from(i * 4).unwrap_or(200);
        let jpeg = camera_jpeg(4032, 3024, [200 - shade / 2, 150, 60 + shade], taken, site);
        let read =
            baohou_core::photos::from_bytes(&format!("IMG_{i:04}.JPG"), jpeg).expect("a photo");
        store
            .add_photo(visit, &read, chrono::Local::now().fixed_offset())
            .expect("stored");
    }
    (contract, borrower)
}

/// The key of both files: the test passphrase, derived once.
fn key() -> DbKey {
    static KEY: std::sync::OnceLock<DbKey> = std::sync::OnceLock::new();
    KEY.get_or_init(|| DbKey::fresh(PASSPHRASE).expect("a key"))
        .clone()
}

fn app_path() -> PathBuf {
    let app = std::env::var_os("BAOHOU_APP").map_or_else(
        || repo_root().join("target/release/baohou-app"),
        PathBuf::from,
    );
    assert!(
        app.is_file(),
        "{} is not built (run scripts/bench.sh)",
        app.display()
    );
    app
}

/// WebKitGTK's floor (`tests/bench/webkit_floor.py`: a hello-world window of the same engine,
/// one heading and one input): from its launch to its page drawn, with the file cache dropped
/// as for the app, and its processes' memory 3 s later, as the app's is measured.
/// The floor window, with `rows` rows of a list like the agenda's below its input (0: none).
fn floor_window(rows: usize) -> (Duration, Memory) {
    use std::io::BufRead;
    drop_caches();
    let t = Instant::now();
    let mut child = std::process::Command::new("/usr/bin/python3")
        .arg(repo_root().join("tests/bench/webkit_floor.py"))
        .arg(rows.to_string())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 with gir1.2-webkit2-4.1 (scripts/bench.sh installs it)");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("its output"))
        .read_line(&mut line)
        .expect("its first line");
    assert_eq!(line.trim(), "ready", "the floor window did not load");
    let shown = t.elapsed();
    std::thread::sleep(Duration::from_secs(3));
    let memory = tree_memory(child.id()).expect("the floor window's processes");
    let _ = child.kill();
    let _ = child.wait();
    (shown, memory)
}

/// Drops the kernel's file cache so that the next launch reads the app and its libraries from
/// disk; false where that is not allowed, or not wanted (`BAOHOU_BENCH_WARM=1`: warm starts,
/// to tell the time spent reading from disk from the rest).
fn drop_caches() -> bool {
    if std::env::var_os("BAOHOU_BENCH_WARM").is_some() {
        return false;
    }
    let _ = std::process::Command::new("sync").status();
    std::fs::write("/proc/sys/vm/drop_caches", "3").is_ok()
}

#[derive(Debug, Default)]
struct Memory {
    app: f64,
    web: f64,
    network: f64,
    other: f64,
    pss: f64,
}

impl Memory {
    fn rss_total(&self) -> f64 {
        self.app + self.web + self.network + self.other
    }
}

/// How long ago the process running `app` started (to the kernel's tick, 10 ms).
fn process_age(app: &Path) -> Option<Duration> {
    let app = std::fs::canonicalize(app).ok()?;
    let pid = std::fs::read_dir("/proc").ok()?.find_map(|e| {
        let pid: u32 = e.ok()?.file_name().to_str()?.parse().ok()?;
        (std::fs::read_link(format!("/proc/{pid}/exe")).ok()? == app).then_some(pid)
    })?;
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Field 22, starttime, in clock ticks since boot; the fields after `comm)` start at 3.
    let ticks: f64 = stat
        .rsplit_once(')')?
        .1
        .split_whitespace()
        .nth(19)?
        .parse()
        .ok()?;
    let uptime: f64 = std::fs::read_to_string("/proc/uptime")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    Some(Duration::from_secs_f64((uptime - ticks / 100.0).max(0.0)))
}

/// The resident memory (MB) of the running app and every process it started (WebKit's web and
/// network processes), read from /proc.
fn app_memory(app: &Path) -> Option<Memory> {
    let app = std::fs::canonicalize(app).ok()?;
    let root = std::fs::read_dir("/proc").ok()?.find_map(|e| {
        let pid: u32 = e.ok()?.file_name().to_str()?.parse().ok()?;
        (std::fs::read_link(format!("/proc/{pid}/exe")).ok()? == app).then_some(pid)
    })?;
    tree_memory(root)
}

/// The resident memory (MB) of the process `root` and every process it started.
fn tree_memory(root: u32) -> Option<Memory> {
    let procs: Vec<(u32, u32, String)> = std::fs::read_dir("/proc")
        .ok()?
        .filter_map(|e| {
            let pid: u32 = e.ok()?.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // pid (comm) state ppid ...: comm may hold spaces, so split after its ')'.
            let (head, rest) = stat.rsplit_once(')')?;
            let comm = head.split_once('(')?.1.to_owned();
            let ppid = rest.split_whitespace().nth(1)?.parse().ok()?;
            Some((pid, ppid, comm))
        })
        .collect();
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(procs.iter().filter(|p| p.1 == parent).map(|p| p.0));
        i += 1;
    }
    let mut m = Memory::default();
    for pid in tree {
        let comm = &procs.iter().find(|p| p.0 == pid)?.2;
        let rss = kb_field(&format!("/proc/{pid}/status"), "VmRSS:") / 1024.0;
        m.pss += kb_field(&format!("/proc/{pid}/smaps_rollup"), "Pss:") / 1024.0;
        match comm.as_str() {
            _ if pid == root => m.app += rss,
            "WebKitWebProces" => m.web += rss,
            "WebKitNetworkPr" => m.network += rss,
            _ => m.other += rss,
        }
    }
    Some(m)
}

fn kb_field(path: &str, field: &str) -> f64 {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0.0)
}

fn file_mb(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1_048_576.0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// "median ms (best–worst)".
fn spread(v: &[Duration]) -> String {
    let mut v = v.to_vec();
    v.sort();
    format!(
        "{:>7.0} ms ({:.0}–{:.0})",
        ms(v[v.len() / 2]),
        ms(v[0]),
        ms(v[v.len() - 1])
    )
}
