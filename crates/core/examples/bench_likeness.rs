//! Benchmark: checking a new photo against 10,000 earlier ones for a re-used picture.
//!
//! `cargo run --release -p baohou-core --example bench_likeness [EARLIER] [RUNS]` (default
//! 10000 earlier photos, 20 runs). The earlier photos' likenesses are those the store keeps;
//! 200 are of drawn warehouses (one of them the picture re-used), the rest random hashes, which
//! cost the same to compare. Prints the time to make the new photo's likeness (from a phone-
//! sized picture) and to compare it with every earlier one, and which one it matched.
//!
//! Then the same through the store, as the app does it: an encrypted database holding the demo
//! portfolio and EARLIER photos on completed visits (small drawn pictures: the likeness, not the
//! picture, is what the check reads), and `Store::add_photo` timed whole: the photo written, its
//! likeness read against every earlier one in the file, the flag and the audit entry.

use baohou_core::demo::warehouse::{Shot, Warehouse};
use baohou_core::evidence::likeness::{HASHES, Likeness};
use image::DynamicImage;
use rand::{RngExt, SeedableRng};
use std::time::{Duration, Instant};

/// The shipped policy's threshold (`photos.reuse_max_distance`).
const SAME_PICTURE: u32 = 70;

fn main() {
    let mut args = std::env::args().skip(1);
    let earlier_count: usize = args.next().map_or(10_000, |a| a.parse().expect("EARLIER"));
    let runs: usize = args.next().map_or(20, |a| a.parse().expect("RUNS"));

    let started = Instant::now();
    let mut earlier: Vec<Likeness> = (0..200u64)
        .map(|i| {
            Likeness::of(&Warehouse::new(i / 4).shoot(Shot {
                x: (i % 4) as f32 * 0.12 - 0.18,
                noise_seed: i,
                ..Shot::default()
            }))
        })
        .collect();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    while earlier.len() < earlier_count {
        earlier.push(Likeness(
            (0..HASHES)
                .map(|_| [rng.random(), rng.random(), rng.random(), rng.random()])
                .collect(),
        ));
    }
    println!(
        "{} earlier photos' likenesses made in {:.1} s",
        earlier.len(),
        started.elapsed().as_secs_f64()
    );

    // The re-used picture: warehouse 10's second shot, 8% cut off the top, 4032×3024 as a
    // phone's, recompressed.
    let reused = Warehouse::new(10).shoot(Shot {
        x: 0.12 - 0.18,
        noise_seed: 41,
        ..Shot::default()
    });
    let (w, h) = (reused.width(), reused.height());
    let cropped = reused.crop_imm(0, h * 8 / 100, w, h * 92 / 100);
    let phone = DynamicImage::ImageRgb8(image::imageops::resize(
        &cropped.to_rgb8(),
        4032,
        3024,
        image::imageops::FilterType::Triangle,
    ));

    let mut make = Vec::new();
    let mut compare = Vec::new();
    let mut found = None;
    for _ in 0..runs {
        let t = Instant::now();
        let new = Likeness::of(&phone);
        make.push(t.elapsed());
        let t = Instant::now();
        let nearest = earlier
            .iter()
            .enumerate()
            .map(|(i, e)| (new.distance(e), i))
            .min()
            .expect("earlier photos");
        compare.push(t.elapsed());
        found = Some(nearest);
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2].as_secs_f64() * 1e3
    };
    let (d, i) = found.expect("a run");
    println!("a new 4032×3024 photo, median of {runs} runs:");
    println!(
        "  its likeness (36 hashes)            {:7.1} ms",
        median(&mut make)
    );
    println!(
        "  compared with {} earlier photos   {:7.1} ms",
        earlier.len(),
        median(&mut compare)
    );
    println!(
        "  nearest: earlier photo {i}, {d} bits apart ({})   (target for the check: < 50 ms)",
        if d <= SAME_PICTURE {
            "the same picture"
        } else {
            "not the same"
        }
    );
    assert_eq!(i, 41, "the re-used picture is found");
    through_the_store(earlier_count, runs);
}

fn through_the_store(earlier_count: usize, runs: usize) {
    use baohou_core::demo::photos::warehouse_jpeg;
    use baohou_core::store::{DbKey, OpenMode, Store};
    use baohou_core::visit::{NewVisit, VisitKind, VisitMethod, VisitStatus};
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("bench.sqlite3");
    let key = DbKey::for_file(&path, baohou_core::demo::DEMO_PASSPHRASE).expect("a key");
    let mut store = Store::open(&path, OpenMode::CreateOrUpgrade, &key).expect("a store");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
    let t = Instant::now();
    baohou_core::demo::write_demo(&mut store, today).expect("the demo");
    eprintln!("demo written in {:.1} s", t.elapsed().as_secs_f64());
    let guarantee = store.guarantee_summaries().expect("guarantees")[0].id;
    let officer = store.officers().expect("officers")[0].id;
    let visit = |status: VisitStatus, photos| NewVisit {
        guarantee_id: guarantee,
        kind: VisitKind::Periodic,
        method: VisitMethod::OnSite,
        visit_date: today,
        officer_id: officer,
        companion_officer_id: None,
        status,
        policy_version: None,
        conclusion: Some("企业生产经营正常。".into()),
        measures: None,
        completed_at: (status == VisitStatus::Completed)
            .then(|| chrono::Local::now().fixed_offset()),
        answers: Vec::new(),
        inventory: Vec::new(),
        interviews: Vec::new(),
        financials: Vec::new(),
        photos,
    };
    let started = Instant::now();
    // Fifty warehouses drawn once (drawing is the slow part), each photo one of them with a
    // pixel of its own: every photo's bytes differ.
    let drawn: Vec<image::RgbImage> = (0..50u64)
        .map(|seed| {
            image::load_from_memory(&warehouse_jpeg(seed, Shot::default(), 96, 72, None, None))
                .expect("a drawn warehouse")
                .to_rgb8()
        })
        .collect();
    let per_visit = 200;
    let mut written = 0;
    while written < earlier_count {
        let photos = (0..per_visit.min(earlier_count - written))
            .map(|i| {
                let n = written + i;
                let mut img = drawn[n % drawn.len()].clone();
                let p = (n / drawn.len()) as u32;
                img.put_pixel(p % 96, (p / 96) % 72, image::Rgb([255, 0, (n % 251) as u8]));
                let mut bytes = Vec::new();
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 85)
                    .encode_image(&img)
                    .expect("a JPEG");
                baohou_core::photos::from_bytes(&format!("IMG_{n}.JPG"), bytes)
                    .expect("a photo")
                    .photo
            })
            .collect::<Vec<_>>();
        written += photos.len();
        let t = Instant::now();
        store
            .insert_visit(&visit(VisitStatus::Completed, photos))
            .expect("a visit");
        eprintln!(
            "{written}: {:.2} s to insert, {:.1} s so far",
            t.elapsed().as_secs_f64(),
            started.elapsed().as_secs_f64()
        );
    }
    let draft = store
        .insert_visit(&visit(VisitStatus::Draft, Vec::new()))
        .expect("a draft");
    println!(
        "a store with {written} earlier photos on completed visits written in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut add = Vec::new();
    let mut flagged = 0;
    for run in 0..runs {
        // Earlier photo 37's picture again, recompressed: found each time.
        let bytes = warehouse_jpeg(
            37,
            Shot {
                noise_seed: run as u64 + 1000,
                ..Shot::default()
            },
            640,
            480,
            None,
            None,
        );
        let read = baohou_core::photos::from_bytes("IMG_NEW.JPG", bytes).expect("a photo");
        let now = chrono::Local::now().fixed_offset();
        let t = Instant::now();
        let meta = store.add_photo(draft, &read, now).expect("added");
        add.push(t.elapsed());
        flagged += usize::from(meta.is_some_and(|m| m.reused.is_some()));
    }
    add.sort();
    println!(
        "  Store::add_photo against {written} earlier photos, median of {runs}: {:7.1} ms (slowest {:.1} ms; {flagged} of {runs} flagged as re-used)   (target: < 50 ms)",
        add[add.len() / 2].as_secs_f64() * 1e3,
        add[add.len() - 1].as_secs_f64() * 1e3,
    );
}
