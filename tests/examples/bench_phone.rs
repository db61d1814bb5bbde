//! Benchmark: 12 phone photos sent from the phone to the laptop over loopback, through the
//! phone's door (`crates/phone`) into the demo database, one at a time as the phone's page
//! sends them; each read and added to the visit as the app adds a photo from a file.
//!
//! `cargo run --release -p baohou-tests --example bench_phone [PHOTOS]` (default 12)
//!
//! The photos are 4032×3024 JPEGs of textured noise (the hardest kind to compress, 5 MB and
//! more each). Prints the whole upload's time, each photo's (sent to answered) median and
//! longest, and the laptop's throughput; exits 1 unless every photo is in the visit.

use baohou_phone::Answer;
use baohou_tests::phone_door::Laptop;
use std::time::Instant;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let count: u64 = std::env::args()
        .nth(1)
        .map_or(12, |a| a.parse().expect("PHOTOS is a number"));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let laptop = Laptop::on_demo(dir.path());
    let door = laptop.door().await;
    let photos: Vec<Vec<u8>> = (0..count)
        .map(baohou_core::demo::photos::noisy_phone_jpeg)
        .collect();
    let megabytes = photos.iter().map(Vec::len).sum::<usize>() as f64 / 1_048_576.0;
    let phone = reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .build()
        .expect("a client");
    let base = door.url().split_once('#').expect("a link").0.to_owned();
    let started = Instant::now();
    let mut each = Vec::new();
    for (i, bytes) in photos.into_iter().enumerate() {
        let t = Instant::now();
        let answer: Answer = phone
            .post(format!("{base}/photo?name=IMG_20261123_1015{i:02}.jpg"))
            .body(bytes)
            .send()
            .await
            .expect("sent")
            .json()
            .await
            .expect("an answer");
        assert!(answer.accepted, "{answer:?}");
        each.push(t.elapsed());
    }
    let all = started.elapsed();
    each.sort();
    let after = laptop.photos().len();
    println!(
        "{count} phone photos ({megabytes:.1} MB, 4032×3024) from the phone over loopback (HTTPS) into the visit: {:.2} s in all, {:.1} MB/s",
        all.as_secs_f64(),
        megabytes / all.as_secs_f64()
    );
    println!(
        "  each photo, sent to answered (read, page copy, thumbnail, stored): median {:.0} ms, longest {:.0} ms",
        each[each.len() / 2].as_secs_f64() * 1000.0,
        each[each.len() - 1].as_secs_f64() * 1000.0
    );
    println!("  in the visit: {} of {count}", after - laptop.before);
    if after - laptop.before != count as usize {
        std::process::exit(1);
    }
}
