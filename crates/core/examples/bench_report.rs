//! Times rendering the 保后检查表 and prints the file sizes: the demo's showcase visit as text
//! only, and a visit with 12 phone-sized photos (4032×3024 JPEGs of textured noise, the hardest
//! kind to compress) imported as the app imports them (each photo's page copy, scaled and
//! compressed as the policy says, made then) and issued from the database; and the same report
//! the first time for photos that came without page copies (a visit recorded elsewhere), which
//! makes them.
//!
//! `cargo run --release -p baohou-core --example bench_report [RUNS]`

use baohou_core::report::{self, Images, RenderOptions, content};
use baohou_core::signals::SignalCatalog;
use baohou_core::{OpenMode, Store};
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("bench.sqlite3");
    let mut store =
        Store::open(&path, OpenMode::CreateOrUpgrade, &bench_key()).expect("a new database");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
    baohou_core::demo::write_demo(&mut store, day).expect("the demo");
    let catalog = SignalCatalog::builtin();
    let showcase = store
        .completed_visit_ids()
        .expect("visits")
        .into_iter()
        .find(|id| !store.visit_draft(*id).expect("a visit").photos.is_empty())
        .expect("the showcase visit");
    let full = content::gather(&store, &catalog, showcase).expect("the content");
    let policy = store.policy_in_force().expect("the policy").document();
    let opts = RenderOptions {
        generated_at: chrono::Local::now().fixed_offset(),
        photo_quality: policy.photo_jpeg_quality,
    };

    let mut text_only = full.clone();
    text_only.photos.clear();
    let t = Instant::now();
    let (first, pages) = report::render(&text_only, &Images::default(), &opts);
    println!(
        "first render (parses the two fonts once per process): {:?}",
        t.elapsed()
    );
    let times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            report::render(&text_only, &Images::default(), &opts);
            t.elapsed()
        })
        .collect();
    println!(
        "text only: {pages} pages, {:.1} KB, median {:?} of {runs} runs (target < 100 ms, < 150 KB)",
        first.len() as f64 / 1024.0,
        median(times)
    );

    // Twelve phone photos imported into a visit as the app imports them (the print copy is made
    // then, once), and the report issued from the database as the app issues it.
    // The file is encrypted: a second connection needs its key too.
    let conn = rusqlite::Connection::open(&path).expect("the database");
    baohou_core::store::unlock_connection(&conn, &bench_key(), &path).expect("unlocked");
    let visit: baohou_core::visit::VisitId = conn
        .query_row(
            "SELECT id FROM visits WHERE status = 'draft' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("the demo's visit in draft");
    let mut original_bytes = 0;
    let mut import_times = Vec::new();
    for i in 0..12u64 {
        let bytes = baohou_core::demo::photos::noisy_phone_jpeg(i);
        original_bytes += bytes.len();
        let t = Instant::now();
        let read = baohou_core::photos::from_bytes(&format!("IMG_20261120_1015{i:02}.jpg"), bytes)
            .expect("a photo")
            .with_page_copy(store.visit_page_spec(visit).expect("the visit's settings"));
        store
            .add_photo(visit, &read, chrono::Local::now().fixed_offset())
            .expect("stored");
        import_times.push(t.elapsed());
    }
    println!(
        "import (once per photo: decode, print copy, thumbnail, store): median {:?}",
        median(import_times)
    );
    // The visit's screen shows each photo's thumbnail.
    let ids: Vec<i64> = store
        .visit_draft(visit)
        .expect("the visit")
        .photos
        .iter()
        .map(|p| p.id)
        .collect();
    let thumbnails: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            for id in &ids {
                store.photo_thumbnail(*id).expect("a thumbnail");
            }
            t.elapsed()
        })
        .collect();
    println!(
        "the visit's {} thumbnails read, as its screen shows them: median {:?}",
        ids.len(),
        median(thumbnails)
    );
    let photo_runs = runs.clamp(1, 5);
    let mut size = 0;
    let mut pages = 0;
    let times: Vec<Duration> = (0..photo_runs)
        .map(|_| {
            let t = Instant::now();
            let r = report::issue(
                &mut store,
                &catalog,
                visit,
                report::Kind::Draft,
                chrono::Local::now().fixed_offset(),
            )
            .expect("the report");
            let took = t.elapsed();
            size = r.pdf.len();
            pages = r.pages;
            took
        })
        .collect();
    println!(
        "12 photos ({:.1} MB of originals), issued from the database: {pages} pages, {:.2} MB, median {:?} of {photo_runs} runs (target < 100 ms, < 3 MB)",
        original_bytes as f64 / 1_048_576.0,
        size as f64 / 1_048_576.0,
        median(times)
    );

    // The page copies dropped, as for photos of a visit recorded elsewhere: the first report
    // makes them (from the print copies), the next finds them.
    let mut first_times = Vec::new();
    for _ in 0..photo_runs {
        conn.execute(
            "DELETE FROM photo_page_copies WHERE photo_id IN (SELECT id FROM photos WHERE visit_id = ?1)",
            [visit],
        )
        .expect("page copies dropped");
        let t = Instant::now();
        report::issue(
            &mut store,
            &catalog,
            visit,
            report::Kind::Draft,
            chrono::Local::now().fixed_offset(),
        )
        .expect("the report");
        first_times.push(t.elapsed());
    }
    println!(
        "12 photos without page copies, the first report (makes and keeps them): median {:?} of {photo_runs} runs",
        median(first_times)
    );
}

/// The database key of the benchmark files (the KDF is measured once, not per open).
fn bench_key() -> baohou_core::store::DbKey {
    static KEY: std::sync::OnceLock<baohou_core::store::DbKey> = std::sync::OnceLock::new();
    KEY.get_or_init(|| baohou_core::store::DbKey::fresh("基准测试口令 bench").expect("a key"))
        .clone()
}
