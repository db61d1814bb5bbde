//! Head office under a company's load (issue 31): LAPTOPS laptops (default 200), each its own
//! enrolled device and officer, sync a day's reports (REPORTS each, default 3) at the same moment
//! to a real `baohou-hq` on loopback. Each report is a PDF (480 KB), its content and seal (sent
//! with the manifest) and 6 to 12 photos of a phone photo's size (0.3 to 2.8 MB of incompressible
//! bytes: a photo passed through WeChat to a camera's original), sent by the laptop's own client
//! in 1 MiB chunks. Prints the time per report (open to complete,
//! p50/p95/max), reports per second and megabytes per second, then checks that nothing was lost
//! or duplicated: head office lists exactly the reports sent, each complete, and each file it
//! holds hashes to its SHA-256.
//!
//! Records in SQLite unless BAOHOU_TEST_PG names a PostgreSQL server (scripts/pg.sh):
//! `cargo run --release -p baohou-tests --example bench_hq_load [LAPTOPS] [REPORTS]`

use baohou_core::digest::sha256_hex;
use baohou_core::protocol::Manifest;
use baohou_core::sealed::seal::LaptopKey;
use baohou_core::sync::claims::sample;
use baohou_core::sync::client::Server;
use baohou_hq::office::{HeadOffice, Storage};
use baohou_hq::records::postgres::create_scratch_database;
use baohou_hq::review::ReportFilter;
use baohou_tests::headoffice::send_report;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

/// Deterministic incompressible bytes (xorshift, eight bytes a step).
fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        out.extend_from_slice(&s.to_le_bytes());
    }
    out.truncate(len);
    out
}

fn document_no(laptop: u64, r: u64) -> String {
    format!("BHJC-K7Q2M-20261120-{:05}-V1", laptop * 100 + r)
}

/// The `r`th report of the day of `laptop`: 6 to 12 photos.
fn report(laptop: u64, r: u64) -> (Manifest, Vec<Vec<u8>>) {
    let no = document_no(laptop, r);
    let contract = format!("BH-LOAD-{laptop:03}");
    let officer = format!("officer-{laptop:03}");
    let mut report = sample::Report::new(&no, &contract, &officer);
    report.borrower = "负载测试有限公司";
    report.pdf_size = 480 * 1024;
    let photos = 6 + (laptop * 3 + r) % 7;
    report.photos = (0..photos)
        .map(|p| {
            (
                format!("photo-{p}.jpg"),
                bytes(
                    (laptop * 100 + r) * 100 + p + 2,
                    300_000 + ((laptop + r * 3 + p * 7) % 10) as usize * 280_000,
                ),
            )
        })
        .collect();
    let mut secret = [7u8; 32];
    secret[..8].copy_from_slice(&laptop.to_le_bytes());
    let upload = report.sealed(&LaptopKey::from_secret(&secret));
    (upload.manifest, upload.files)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<u64>().ok());
    let laptops = args.next().flatten().unwrap_or(200);
    let per_laptop = args.next().flatten().unwrap_or(2);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let database = std::env::var("BAOHOU_TEST_PG").ok().map(|server| {
        runtime
            .block_on(create_scratch_database(&server, "load"))
            .expect("a scratch database")
    });
    let records = if database.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let storage = Storage {
        data: dir.path().to_path_buf(),
        database,
        ..Storage::default()
    };
    let office = Arc::new(
        runtime
            .block_on(HeadOffice::open(&storage))
            .expect("head office's storage"),
    );
    let mut tokens = Vec::new();
    for l in 0..laptops {
        let officer = format!("officer-{l:03}");
        tokens.push(
            runtime
                .block_on(office.enroll(&officer, &format!("laptop {l}")))
                .expect("a token"),
        );
        runtime
            .block_on(office.assign(&officer, &format!("BH-LOAD-{l:03}")))
            .expect("assigned");
    }
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    runtime.spawn(baohou_hq::serve_on(listener, office.clone()));

    // All laptops start together.
    let start = Arc::new(Barrier::new(laptops as usize + 1));
    let handles: Vec<_> = tokens
        .iter()
        .enumerate()
        .map(|(l, token)| {
            let (url, token, start) = (url.clone(), token.clone(), start.clone());
            std::thread::spawn(move || {
                let server = Server::new(&url, &token, Duration::from_secs(600)).expect("a client");
                start.wait();
                let mut times = Vec::new();
                let mut payload = 0u64;
                // Each report made just before it is sent (a day's photos of 200 laptops held
                // at once would be gigabytes): its time counts from its opening.
                for (m, files) in (0..per_laptop).map(|r| report(l as u64, r)) {
                    let (m, files) = (&m, &files);
                    let began = Instant::now();
                    let sent = send_report(&server, m, files);
                    times.push((
                        began.elapsed(),
                        sent.map_err(|e| format!("{}: {e}", m.document_no)),
                    ));
                    payload += m.files.iter().map(|f| f.size).sum::<u64>();
                }
                (times, payload)
            })
        })
        .collect();
    start.wait();
    let began = Instant::now();
    let mut times = Vec::new();
    let mut failures = Vec::new();
    let mut payload = 0u64;
    for h in handles {
        let (t, p) = h.join().expect("a laptop");
        payload += p;
        for (took, sent) in t {
            match sent {
                Ok(_) => times.push(took),
                Err(e) => failures.push(e),
            }
        }
    }
    let wall = began.elapsed();
    times.sort();
    let reports = laptops * per_laptop;
    println!(
        "  {records}: {laptops} laptop(s) × {per_laptop} reports at once ({reports} reports, {:.0} MB): {:.1} s, {:.1} reports/s, {:.0} MB/s",
        payload as f64 / 1e6,
        wall.as_secs_f64(),
        times.len() as f64 / wall.as_secs_f64(),
        payload as f64 / 1e6 / wall.as_secs_f64()
    );
    if !times.is_empty() {
        println!(
            "  {records}: time per report p50 {:.2} s, p95 {:.2} s, max {:.2} s (open to complete, each laptop sending its reports one after another)",
            percentile(&times, 0.5).as_secs_f64(),
            percentile(&times, 0.95).as_secs_f64(),
            times.last().map_or(0.0, Duration::as_secs_f64)
        );
    }

    // Nothing lost, nothing twice: the list holds each report sent once, complete, and every
    // file head office holds is the bytes whose SHA-256 names it.
    let listed = runtime
        .block_on(office.reports(&ReportFilter::default(), 100_000))
        .expect("the reports");
    let mut numbers: Vec<&str> = listed.iter().map(|r| r.document_no.as_str()).collect();
    numbers.sort_unstable();
    let mut expected: Vec<String> = (0..laptops)
        .flat_map(|l| (0..per_laptop).map(move |r| document_no(l, r)))
        .collect();
    expected.sort_unstable();
    let incomplete = listed.iter().filter(|r| r.completed_at.is_none()).count();
    let mut checked = 0;
    let mut wrong = 0;
    for l in 0..laptops {
        let device = runtime
            .block_on(office.device(&tokens[l as usize]))
            .expect("a device");
        for r in 0..per_laptop {
            let status = runtime
                .block_on(office.status(&device, &document_no(l, r)))
                .expect("a status");
            for f in &status.files {
                let held = runtime.block_on(office.file(&f.sha256)).expect("a file");
                checked += 1;
                if !f.verified || sha256_hex(&held) != f.sha256 {
                    wrong += 1;
                }
            }
        }
    }
    let duplicates = numbers.windows(2).filter(|w| w[0] == w[1]).count();
    let matches = numbers == expected.iter().map(String::as_str).collect::<Vec<_>>();
    println!(
        "  {records}: listed {} of {reports} reports ({} incomplete, {duplicates} twice, {} failed); {checked} files read back, {wrong} wrong",
        listed.len(),
        incomplete,
        failures.len()
    );
    for f in failures.iter().take(5) {
        println!("    failed: {f}");
    }
    if !matches || incomplete > 0 || wrong > 0 || !failures.is_empty() {
        eprintln!("  LOST OR DUPLICATED: head office does not hold exactly the reports sent");
        std::process::exit(1);
    }
}
