//! Benchmark: checking a new photo against 10,000 earlier ones for a re-used picture.
//!
//! `cargo run --release -p baohou-core --example bench_likeness [EARLIER] [RUNS]` (default
//! 10000 earlier photos, 20 runs). The earlier photos' likenesses are those the store keeps;
//! 200 are of drawn warehouses (one of them the picture re-used), the rest random hashes, which
//! cost the same to compare. Prints the time to make the new photo's likeness (from a phone-
//! sized picture) and to compare it with every earlier one, and which one it matched.

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
}
