//! Benchmark: the day's 检查前准备 for one officer's day of 4 site visits on the demo portfolio,
//! written as one PDF (a page per stop), as the agenda's 今日路线 prints it.
//!
//! `cargo run --release -p baohou-tests --example bench_briefing`
//!
//! Prints the day and officer found, the pages, the file's size, and the time to gather and write
//! it (median and longest of 7 runs); exits 1 unless there is a page per stop.

use baohou_core::i18n::Locale;
use std::time::{Duration, Instant};

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let db = baohou_tests::demo_db(dir.path(), "2026-11-23");
    let mut session = baohou_tests::demo_session(&db, dir.path().join("print"));
    let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a day");
    // The first day and officer with exactly 4 stops.
    let (day, filter) = (0..60)
        .map(|n| start + chrono::Days::new(n))
        .find_map(|day| {
            baohou_tests::officers_routes(&session, day)
                .into_iter()
                .find(|(_, route)| route.stops.len() == 4)
                .map(|(filter, _)| (day, filter))
        })
        .expect("a day of 4 visits");
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..7 {
        let t = Instant::now();
        let file = session
            .print_briefings(Locale::ZhCn, day, &filter, &[])
            .expect("written");
        times.push(t.elapsed());
        last = Some(file);
    }
    let file = last.expect("a file");
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "检查前准备 for {} on {day}, 4 site visits: {} pages, {:.0} KB, gathered and written in {:.0} ms median ({:.0} ms longest of 7)",
        filter.officer.as_deref().unwrap_or_default(),
        file.pages,
        file.size_bytes as f64 / 1024.0,
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
    );
    if file.pages != 4 {
        eprintln!("expected a page per stop, got {} pages", file.pages);
        std::process::exit(1);
    }
}
