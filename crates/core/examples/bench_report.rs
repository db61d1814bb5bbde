//! Times rendering the 保后检查表 and prints the file sizes: the demo's showcase visit as text
//! only, and the same visit with 12 phone-sized photos (4032×3024 JPEGs of textured noise, the
//! hardest kind to compress), downscaled and recompressed for the PDF as the policy says.
//!
//! `cargo run --release -p baohou-core --example bench_report [RUNS]`

use baohou_core::report::{self, Images, RenderOptions, content};
use baohou_core::signals::SignalCatalog;
use baohou_core::{OpenMode, Store};
use rand::{RngExt, SeedableRng};
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// A phone photo's worth of pixels: texture and noise, as a JPEG at quality 90.
fn phone_photo(seed: u64) -> Vec<u8> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let img = image::RgbImage::from_fn(4032, 3024, |x, y| {
        let n: u8 = rng.random_range(0..48);
        image::Rgb([
            ((x / 9) % 200) as u8 + n,
            ((y / 7) % 180) as u8 + n,
            (((x + y) / 13) % 160) as u8 + n,
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img)
        .expect("a JPEG");
    out
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("bench.sqlite3");
    let mut store = Store::open(&path, OpenMode::CreateOrUpgrade).expect("a new database");
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
        photo_long_edge: policy.photo_long_edge,
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

    let template = full.photos[0].clone();
    let mut with_photos = full.clone();
    let mut images = Images::default();
    let mut original_bytes = 0;
    with_photos.photos = (0..12)
        .map(|i| {
            let mut p = template.clone();
            p.id = 1000 + i;
            p.file_name = format!("IMG_20261120_1015{i:02}.jpg");
            let bytes = phone_photo(i as u64);
            original_bytes += bytes.len();
            p.sha256 = baohou_core::store::sha256_hex(&bytes);
            images.photos.insert(p.id, bytes);
            p
        })
        .collect();
    {
        let bytes = images.photos.values().next().expect("a photo");
        let t = Instant::now();
        let img = baohou_core::photos::decode_upright(bytes).expect("decodes");
        let decode = t.elapsed();
        let t = Instant::now();
        let small = img.resize(1000, 1000, image::imageops::FilterType::Triangle);
        let resize = t.elapsed();
        let t = Instant::now();
        let _ = img.thumbnail(1000, 1000);
        println!(
            "one photo: decode {decode:?}, resize {resize:?}, thumbnail {:?} ({}x{})",
            t.elapsed(),
            small.width(),
            small.height()
        );
    }
    let photo_runs = runs.clamp(1, 5);
    let mut size = 0;
    let mut pages = 0;
    let times: Vec<Duration> = (0..photo_runs)
        .map(|_| {
            let t = Instant::now();
            let (pdf, n) = report::render(&with_photos, &images, &opts);
            let took = t.elapsed();
            size = pdf.len();
            pages = n;
            took
        })
        .collect();
    println!(
        "12 photos ({:.1} MB of originals): {pages} pages, {:.2} MB, median {:?} of {photo_runs} runs (target < 1 s, < 3 MB)",
        original_bytes as f64 / 1_048_576.0,
        size as f64 / 1_048_576.0,
        median(times)
    );
}
