//! Benchmark: every task of a large portfolio, from the store.
//!
//! `cargo run --release -p baohou-core --example bench_due [GUARANTEES] [YEARS]`
//! (default 10000 guarantees, 5 years of visits). Prints the size of what it built and the time
//! to load the facts and compute the agenda, over repeated runs on a warm file.

use baohou_core::calendar::WorkCalendar;
use baohou_core::demo::{LargePortfolio, write_large_portfolio};
use baohou_core::policy::Policy;
use baohou_core::store::agenda_from_store;
use baohou_core::tasks::engine::Engine;
use baohou_core::{OpenMode, Store};
use chrono::NaiveDate;
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let guarantees: usize = args
        .next()
        .map_or(10_000, |a| a.parse().expect("GUARANTEES"));
    let years: u32 = args.next().map_or(5, |a| a.parse().expect("YEARS"));
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let dir = tempfile::tempdir().expect("temp dir");
    // BAOHOU_BENCH_DB keeps the file for a look afterwards, or reuses one written before.
    let path = std::env::var_os("BAOHOU_BENCH_DB")
        .map_or_else(|| dir.path().join("bench.sqlite3"), Into::into);

    let started = Instant::now();
    let visits = if path.exists() {
        println!("reusing {}", path.display());
        0
    } else {
        let mut store =
            Store::open(&path, OpenMode::CreateOrUpgrade, &bench_key()).expect("create");
        write_large_portfolio(&mut store, LargePortfolio { guarantees, years }, today)
            .expect("write")
    };
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "portfolio: {guarantees} guarantees, {visits} visits over {years} years, {:.1} MB, written in {:.1} s",
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let key = baohou_core::store::DbKey::for_file(&path, "基准测试口令 bench").expect("a key");
    let store = Store::open(&path, OpenMode::Existing, &key).expect("open");
    let policy = Policy::builtin();
    let calendar = WorkCalendar::builtin();
    let engine = Engine::new(&policy, &calendar);

    let runs = 20;
    let mut load = Vec::new();
    let mut compute = Vec::new();
    let mut total = Vec::new();
    let mut tasks = 0;
    for _ in 0..runs {
        let t0 = Instant::now();
        let facts = store
            .rule_facts(engine.window_start(today), None)
            .expect("facts");
        let t1 = Instant::now();
        let agenda = engine.agenda(today, &facts.guarantees, &facts.officer_completions);
        let t2 = Instant::now();
        let full = agenda_from_store(&store, &engine, today, None).expect("agenda");
        let t3 = Instant::now();
        tasks = full.tasks.len();
        assert_eq!(
            agenda.tasks.len() + store.open_tasks().expect("tasks").len(),
            tasks
        );
        load.push(t1 - t0);
        compute.push(t2 - t1);
        total.push(t3 - t2);
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2].as_secs_f64() * 1e3
    };
    let best = |v: &Vec<Duration>| v[0].as_secs_f64() * 1e3;
    let (l, c, t) = (median(&mut load), median(&mut compute), median(&mut total));
    println!("agenda: {tasks} tasks, median of {runs} runs (best in brackets):");
    println!(
        "  load facts from the store  {l:7.1} ms ({:.1})",
        best(&load)
    );
    println!(
        "  compute tasks              {c:7.1} ms ({:.1})",
        best(&compute)
    );
    println!(
        "  agenda_from_store, total   {t:7.1} ms ({:.1})",
        best(&total)
    );
}

/// The database key of the benchmark files (the KDF is measured once, not per open).
fn bench_key() -> baohou_core::store::DbKey {
    static KEY: std::sync::OnceLock<baohou_core::store::DbKey> = std::sync::OnceLock::new();
    KEY.get_or_init(|| baohou_core::store::DbKey::fresh("基准测试口令 bench").expect("a key"))
        .clone()
}
