//! Soak: FAULTS faulted connections (default 1,000) between a laptop's sync client and the real
//! `baohou-hq`, with head office killed and restarted as a new process on the same data every
//! few seconds while uploads are under way. Each connection through the fault proxy gets one
//! fault, drawn at random: cut after a random number of bytes (60 %), a 500 (30 %), a stall the
//! client times out on (5 %), a slow link (5 %). (A garbled byte is `tests/sync.rs`'s: on a link
//! without TLS it may land in a manifest, which nothing but TLS protects; beyond loopback TLS is
//! required.) Reports are sent one after another, each retried
//! from what head office holds until it is complete; at the end every report must be at head
//! office exactly once, every file byte-identical. Prints the figures; exits 1 on a loss or a
//! duplicate.
//!
//! `cargo run --release -p baohou-tests --example soak_sync [FAULTS]` (scripts/soak.sh)

use baohou_core::protocol::Manifest;
use baohou_core::sealed::seal::LaptopKey;
use baohou_core::sync::claims::sample;
use baohou_core::sync::client::Server;
use baohou_tests::headoffice::{Hq, send_report};
use baohou_tests::proxy::{Fault, Proxy};
use baohou_tests::sha256_file;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A small random generator (xorshift), seeded.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut d = Draw(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    (0..len).map(|_| (d.next() >> 24) as u8).collect()
}

fn report(i: u64) -> (Manifest, Vec<Vec<u8>>) {
    let no = format!("BHJC-K7Q2M-20261120-{i:04}-V1");
    let mut r = sample::Report::new(&no, "BH-SOAK", "张伟");
    r.borrower = "浸泡测试有限公司";
    r.pdf_size = 96 * 1024;
    r.photos = (0..3)
        .map(|p| (format!("photo-{p}.jpg"), bytes(i * 10 + p, 120 * 1024)))
        .collect();
    let upload = r.sealed(&LaptopKey::from_secret(&[5u8; 32]));
    (upload.manifest, upload.files)
}

fn main() {
    let faults: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let data = dir.path().join("hq");
    let hq = Hq::start(&data);
    let token = hq.admin(&["enroll", "--officer", "张伟"]);
    hq.admin(&["assign", "--officer", "张伟", "--contract", "BH-SOAK"]);

    let mut draw = Draw(0x5EED_2026_1205);
    let plan: Vec<Fault> = (0..faults)
        .map(|_| match draw.below(20) {
            0..=11 => Fault::CutAfter(1 + draw.below(400 * 1024) as usize),
            12..=17 => Fault::ServerError,
            18 => Fault::Stall,
            _ => Fault::Slow,
        })
        .collect();
    let proxy = Arc::new(Proxy::start(&hq.url, plan));
    let mut server = Server::new(&proxy.url, &token, Duration::from_secs(1)).expect("a client");
    server.chunk_size = 32 * 1024;

    // Head office is killed and started again on the same data every 2 to 5 seconds, whatever
    // is under way.
    let hq = Arc::new(Mutex::new(Some(hq)));
    let stop = Arc::new(AtomicBool::new(false));
    let restarts = Arc::new(AtomicUsize::new(0));
    let restarter = {
        let (hq, stop, restarts, proxy, data) = (
            hq.clone(),
            stop.clone(),
            restarts.clone(),
            proxy.clone(),
            data.clone(),
        );
        std::thread::spawn(move || {
            let mut draw = Draw(0xBEEF);
            while !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(2_000 + draw.below(3_000)));
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let mut held = hq.lock().expect("head office");
                drop(held.take());
                let fresh = Hq::start(&data);
                proxy.point_at(&fresh.url);
                *held = Some(fresh);
                restarts.fetch_add(1, Ordering::SeqCst);
            }
        })
    };

    let started = Instant::now();
    let (mut sent, mut attempts, mut failed) = (0u64, 0u64, 0u64);
    let mut i = 0u64;
    // Reports until every fault was met, then until the last one is through.
    loop {
        let (m, files) = report(i);
        loop {
            attempts += 1;
            match send_report(&server, &m, &files) {
                Ok(_) => break,
                Err(_) => {
                    failed += 1;
                    std::thread::sleep(Duration::from_millis(20));
                }
            }
            assert!(attempts < 100_000, "no end of attempts");
        }
        sent += 1;
        i += 1;
        if proxy.faulted() >= faults {
            break;
        }
        if started.elapsed() > Duration::from_secs(3_600) {
            eprintln!("soak_sync: an hour passed");
            break;
        }
    }
    stop.store(true, Ordering::SeqCst);
    restarter.join().expect("the restarter");
    let took = started.elapsed();

    let hq_cell = hq;
    let held = hq_cell.lock().expect("head office");
    let hq = held.as_ref().expect("head office running");
    let complete = hq.count("SELECT count(*) FROM reports WHERE completed_at IS NOT NULL");
    let rows = hq.count("SELECT count(*) FROM reports");
    let unverified = hq.count("SELECT count(*) FROM report_files WHERE NOT verified");
    let mut mismatched = 0;
    for row in hq.rows("SELECT sha256 FROM report_files") {
        if sha256_file(&hq.file_path(&row[0])) != row[0] {
            mismatched += 1;
        }
    }
    println!(
        "soak_sync: {} faulted connections (of {faults} drawn), {} restarts of head office, {sent} reports sent in {attempts} attempts ({failed} failed and retried), {:.0?}",
        proxy.faulted(),
        restarts.load(Ordering::SeqCst),
        took
    );
    println!(
        "soak_sync: at head office {rows} reports, {complete} complete, {unverified} files unverified, {mismatched} files not byte-identical; lost {}, duplicated {}",
        sent.saturating_sub(complete as u64),
        rows.saturating_sub(sent as usize)
    );
    let ok = complete as u64 == sent && rows as u64 == sent && unverified == 0 && mismatched == 0;
    // Head office's process ends with it (exit skips destructors).
    drop(held);
    if let Ok(mut held) = hq_cell.lock() {
        drop(held.take());
    }
    std::process::exit(if ok { 0 } else { 1 });
}
