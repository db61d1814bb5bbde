//! Benchmark: the 保后管理台账 of a large portfolio exported to .xlsx, and imported back (into
//! the same laptop, where nothing changes, and into an empty one, where every line is new).
//!
//! `cargo run --release -p baohou-core --example bench_sheets [GUARANTEES] [RUNS]` (default
//! 10000 guarantees with 2 years of visits, 5 runs). Prints the median and best of each step.

use baohou_core::calendar::WorkCalendar;
use baohou_core::demo::{LargePortfolio, write_large_portfolio};
use baohou_core::sheets::import::{self, ImportChoice};
use baohou_core::sheets::{ledger_rows, write_ledger};
use baohou_core::{Locale, OpenMode, Store};
use chrono::{DateTime, NaiveDate};
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let guarantees: usize = args
        .next()
        .map_or(10_000, |a| a.parse().expect("GUARANTEES"));
    let runs: usize = args.next().map_or(5, |a| a.parse().expect("RUNS"));
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let at = DateTime::parse_from_rfc3339("2026-11-23T09:00:00+08:00").expect("time");
    let dir = tempfile::tempdir().expect("temp dir");
    let key = baohou_core::store::DbKey::fresh("基准测试口令 bench").expect("a key");

    let path = dir.path().join("bench.sqlite3");
    let mut store = Store::open(&path, OpenMode::CreateOrUpgrade, &key).expect("create");
    let started = Instant::now();
    let visits = write_large_portfolio(
        &mut store,
        LargePortfolio {
            guarantees,
            years: 2,
        },
        today,
    )
    .expect("write");
    println!(
        "portfolio: {guarantees} guarantees, {visits} visits, written in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let policy = store.policy_in_force().expect("policy");
    let calendar = WorkCalendar::builtin();

    let mut export = Vec::new();
    let mut bytes = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let rows = ledger_rows(&store, &policy, &calendar, today, Locale::ZhCn).expect("rows");
        bytes = write_ledger(&rows, "基准担保", today).expect("xlsx");
        export.push(t.elapsed());
        assert_eq!(rows.len(), guarantees);
    }

    // Writes `file` into `store` under the mapping its headings suggest (taken as confirmed).
    let import_all = |store: &mut Store, file: &import::ImportFile| {
        let mapping = import::guess_mapping(&file.layout);
        import::run_import(
            store,
            file,
            Some(mapping),
            ImportChoice::Write { skip_broken: false },
            today,
            at,
            Locale::ZhCn,
        )
        .expect("import")
    };

    let mut read = Vec::new();
    let mut same = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let file = import::open_file(&bytes, "台账.xlsx").expect("open");
        read.push(t.elapsed());
        let t = Instant::now();
        let report = import_all(&mut store, &file);
        same.push(t.elapsed());
        assert_eq!(
            report.unchanged, guarantees,
            "the same ledger changes nothing"
        );
    }

    let mut fresh = Vec::new();
    for run in 0..runs {
        let mut empty = Store::open(
            dir.path().join(format!("empty{run}.sqlite3")),
            OpenMode::CreateOrUpgrade,
            &key,
        )
        .expect("create");
        let t = Instant::now();
        let file = import::open_file(&bytes, "台账.xlsx").expect("open");
        let report = import_all(&mut empty, &file);
        fresh.push(t.elapsed());
        assert_eq!(report.new.len(), guarantees);
    }

    let stats = |v: &mut Vec<Duration>| {
        v.sort();
        (v[v.len() / 2].as_secs_f64(), v[0].as_secs_f64())
    };
    println!(
        "ledger of {guarantees} guarantees, {:.1} MB, median of {runs} runs (best in brackets):",
        bytes.len() as f64 / 1e6
    );
    for (label, v) in [
        ("export: rows from the store and .xlsx written", &mut export),
        ("import: .xlsx read and heading found", &mut read),
        ("import: the same ledger back (all unchanged)", &mut same),
        ("import: into an empty laptop (all new)", &mut fresh),
    ] {
        let (median, best) = stats(v);
        println!("  {label:48} {median:6.2} s ({best:.2})");
    }
}
