//! Times a sync over loopback and counts the bytes: REPORTS reports (default 100) of a PDF, the
//! content JSON (sent with the manifest, as its seal is) and 10 photos each (incompressible bytes of a phone photo's size) sent by the
//! laptop's client to a real `baohou-hq` server, then one report sent through a proxy that cuts
//! the connection in the middle of its upload, resumed, with the bytes re-sent counted.
//!
//! `cargo run --release -p baohou-tests --example bench_sync [REPORTS]`

use baohou_core::protocol::Manifest;
use baohou_core::sealed::seal::LaptopKey;
use baohou_core::sync::claims::sample;
use baohou_core::sync::client::Server;
use baohou_hq::office::{HeadOffice, Storage};
use baohou_hq::records::postgres::create_scratch_database;
use baohou_tests::headoffice::send_report;
use baohou_tests::proxy::{Fault, Proxy};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CHUNK: usize = 1024 * 1024;

/// Deterministic incompressible bytes.
fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 24) as u8
        })
        .collect()
}

fn report(i: u64) -> (Manifest, Vec<Vec<u8>>) {
    let no = format!("BHJC-K7Q2M-20261120-{i:04}-V1");
    let mut r = sample::Report::new(&no, "BH-BENCH", "张伟");
    r.borrower = "基准测试有限公司";
    r.pdf_size = 480 * 1024;
    r.photos = (0..10)
        .map(|p| (format!("photo-{p}.jpg"), bytes(i * 100 + 2 + p, 420 * 1024)))
        .collect();
    let upload = r.sealed(&LaptopKey::from_secret(&[5u8; 32]));
    (upload.manifest, upload.files)
}

fn main() {
    let reports: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    // With BAOHOU_TEST_PG set (scripts/pg.sh), head office keeps its records in PostgreSQL.
    let database = std::env::var("BAOHOU_TEST_PG").ok().map(|server| {
        runtime
            .block_on(create_scratch_database(&server, "bench"))
            .expect("a scratch database")
    });
    println!(
        "head office records: {}",
        if database.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );
    let storage = Storage {
        data: dir.path().to_path_buf(),
        database,
        ..Storage::default()
    };
    let db = Arc::new(
        runtime
            .block_on(HeadOffice::open(&storage))
            .expect("head office's storage"),
    );
    let token = runtime
        .block_on(db.enroll("张伟", "bench"))
        .expect("a token");
    runtime
        .block_on(db.assign("张伟", "BH-BENCH"))
        .expect("assigned");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("a port");
    let addr = listener.local_addr().expect("an address").to_string();
    runtime.spawn(baohou_hq::serve_on(listener, db.clone()));

    let mut server =
        Server::new(&format!("http://{addr}"), &token, Duration::from_secs(30)).expect("a client");
    server.chunk_size = CHUNK;
    let started = Instant::now();
    let mut payload = 0u64;
    let mut sent = 0u64;
    for i in 0..reports {
        let (m, files) = report(i);
        payload += m.files.iter().map(|f| f.size).sum::<u64>();
        sent += send_report(&server, &m, &files).expect("sent");
    }
    let took = started.elapsed();
    println!(
        "{reports} reports × 13 files ({:.1} MB): {:.2?}, {:.1} MB/s, {:.1} MB of file bytes sent",
        payload as f64 / 1e6,
        took,
        payload as f64 / 1e6 / took.as_secs_f64(),
        sent as f64 / 1e6
    );

    // The same number of reports again from 4 laptops at once: head office does not take its
    // uploads one at a time.
    let laptops = 4u64;
    let started = Instant::now();
    let handles: Vec<_> = (0..laptops)
        .map(|l| {
            let url = format!("http://{addr}");
            let token = token.clone();
            std::thread::spawn(move || {
                let mut server =
                    Server::new(&url, &token, Duration::from_secs(60)).expect("a client");
                server.chunk_size = CHUNK;
                let mut sent = 0;
                for i in (0..reports).filter(|i| i % laptops == l) {
                    let (m, files) = report(10_000 + i);
                    sent += send_report(&server, &m, &files).expect("sent");
                }
                sent
            })
        })
        .collect();
    let together: u64 = handles
        .into_iter()
        .map(|h| h.join().expect("a laptop"))
        .sum();
    let took = started.elapsed();
    println!(
        "{reports} reports from {laptops} laptops at once: {:.2?}, {:.1} MB/s",
        took,
        together as f64 / 1e6 / took.as_secs_f64()
    );

    // One more report through a proxy that cuts the first connection mid-upload.
    let (m, files) = report(reports + 1);
    let size: u64 = m.files.iter().map(|f| f.size).sum();
    let proxy = Proxy::start(
        &format!("http://{addr}"),
        vec![Fault::CutAfter((size / 2) as usize)],
    );
    let url = proxy.url.clone();
    let mut via = Server::new(&url, &token, Duration::from_secs(30)).expect("a client");
    via.chunk_size = CHUNK;
    let first = send_report(&via, &m, &files);
    // A new client: a new connection, as after the laptop reconnects.
    let mut again = Server::new(&url, &token, Duration::from_secs(30)).expect("a client");
    again.chunk_size = CHUNK;
    let resumed = send_report(&again, &m, &files).expect("resumed and complete");
    let wire = proxy.sent_up() as u64;
    println!(
        "cut at {:.2} MB of a {:.2} MB report (first attempt: {}), resumed: {:.2} MB sent after the cut; on the wire {:.2} MB, so {:.0} KB re-sent beyond the files (chunk {} KB, plus HTTP headers)",
        size as f64 / 2e6,
        size as f64 / 1e6,
        first.err().unwrap_or_else(|| "went through".into()),
        resumed as f64 / 1e6,
        wire as f64 / 1e6,
        (wire.saturating_sub(size)) as f64 / 1024.0,
        CHUNK / 1024
    );
}
