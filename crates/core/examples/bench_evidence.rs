//! Benchmark: 证据核查 on 概览, each officer's evidence counts over the last twelve months, for a
//! large portfolio (every completed visit with a report, every visit on site with two photos'
//! records: `demo::write_large_portfolio`).
//!
//! `cargo run --release -p baohou-core --example bench_evidence [GUARANTEES] [RUNS]` (default
//! 10000 guarantees with 2 years of visits, 20 runs). Prints the time to open the counts the
//! first time (every visit of the year judged and its flags kept), every time after (read from
//! the kept flags: the target, under 200 ms), after a visit was added (its guarantee's visits
//! judged again), and, for comparison, judging every visit again as before the flags were kept.

use baohou_core::demo::{LargePortfolio, write_large_portfolio};
use baohou_core::evidence::by_officer;
use baohou_core::visit::{NewVisit, VisitKind, VisitMethod, VisitStatus};
use baohou_core::{OpenMode, Store};
use chrono::{DateTime, NaiveDate};
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let guarantees: usize = args
        .next()
        .map_or(10_000, |a| a.parse().expect("GUARANTEES"));
    let runs: usize = args.next().map_or(20, |a| a.parse().expect("RUNS"));
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let from = NaiveDate::from_ymd_opt(2025, 11, 24).expect("date");
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
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "portfolio: {guarantees} guarantees, {visits} visits over 2 years, {:.1} MB, written in {:.1} s",
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    drop(store);
    let key = baohou_core::store::DbKey::for_file(&path, "基准测试口令 bench").expect("a key");
    let mut store = Store::open(&path, OpenMode::Existing, &key).expect("open");

    // What 证据核查 does on opening (Session::evidence_by_officer): the policy, then the counts.
    let open = |store: &Store| {
        let rules = store.policy_in_force().expect("policy").evidence();
        store.evidence_counts(from, today, &rules).expect("counts")
    };

    let t = Instant::now();
    let first = open(&store);
    let first_time = t.elapsed();
    let year: u32 = first.iter().map(|o| o.visits).sum();
    println!(
        "counts: {} officers, {year} visits completed in the twelve months, {} near copies, {} far \
         from the site, {} photos without EXIF",
        first.len(),
        first.iter().map(|o| o.near_copy_reports).sum::<u32>(),
        first.iter().map(|o| o.far_from_site_visits).sum::<u32>(),
        first.iter().map(|o| o.photos_without_exif).sum::<u32>(),
    );

    let mut kept = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        assert_eq!(open(&store), first);
        kept.push(t.elapsed());
    }

    // A visit completed on each of `runs` guarantees, one before each opening.
    let guarantee_ids: Vec<i64> = (1..=runs as i64).collect();
    let mut after_visit = Vec::new();
    for g in guarantee_ids {
        let officer = store.guarantee(g).expect("a guarantee").officer_a_id;
        store
            .insert_visit(&NewVisit {
                guarantee_id: g,
                kind: VisitKind::Periodic,
                method: VisitMethod::Phone,
                visit_date: today,
                officer_id: officer,
                companion_officer_id: None,
                status: VisitStatus::Completed,
                policy_version: None,
                conclusion: Some("电话了解生产经营正常。".into()),
                measures: None,
                completed_at: Some(
                    DateTime::parse_from_rfc3339("2026-11-23T17:00:00+08:00").expect("time"),
                ),
                answers: Vec::new(),
                inventory: Vec::new(),
                interviews: Vec::new(),
                financials: Vec::new(),
                photos: Vec::new(),
            })
            .expect("a visit");
        let t = Instant::now();
        let counts = open(&store);
        after_visit.push(t.elapsed());
        assert_eq!(
            counts.iter().map(|o| o.visits).sum::<u32>(),
            year + g as u32
        );
    }

    let mut judged_again = Vec::new();
    for _ in 0..3.min(runs) {
        let t = Instant::now();
        let rules = store.policy_in_force().expect("policy").evidence();
        let facts = store.visit_evidence(from, today).expect("facts");
        let counts = by_officer::count(&facts, &rules);
        judged_again.push(t.elapsed());
        assert_eq!(counts, open(&store));
    }

    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2].as_secs_f64() * 1000.0
    };
    println!("证据核查 over {year} visits (median of runs, ms):");
    println!(
        "  {:52} {:8.1}",
        "first opening (every visit judged, flags kept)",
        first_time.as_secs_f64() * 1000.0
    );
    println!(
        "  {:52} {:8.1}   (target < 200 ms)",
        "each opening after",
        median(&mut kept)
    );
    println!(
        "  {:52} {:8.1}",
        "after a visit was completed",
        median(&mut after_visit)
    );
    println!(
        "  {:52} {:8.1}",
        "every visit judged again (before the flags were kept)",
        median(&mut judged_again)
    );
}
