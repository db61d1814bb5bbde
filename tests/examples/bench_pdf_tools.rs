//! Benchmark: one visit's report made three ways, as whole processes in paired runs: Baohou's
//! PDF (`baohou report --draft` on the encrypted database, unlocking and checking it included);
//! the same report as a Word document converted by LibreOffice (`soffice --headless
//! --convert-to pdf`, the Word-template habit); and as HTML printed by headless Chromium
//! (`--print-to-pdf`). Prints each one's time, peak memory (the largest process's resident
//! peak, GNU time's %M) and size, and the ratios to Baohou's.
//!
//! The visit is the demo's visit in draft with 12 phone-sized photos (4032×3024) added as the app
//! adds them. The HTML holds the report's text and tables and the same photos as their page
//! copies (the same pixels and JPEG bytes Baohou's PDF embeds), inline; the .docx is that HTML
//! imported into LibreOffice Writer and saved as Word, once and untimed.
//!
//! `cargo build --release -p baohou-tests --bins && cargo run --release -p baohou-tests --example
//! bench_pdf_tools [RUNS]` (default 5 rounds); needs `chromium`, `libreoffice-writer` and GNU
//! `time` (scripts/bench.sh installs them).

use baohou_core::report::content::{self, ReportContent};
use baohou_core::signals::SignalCatalog;
use baohou_core::{OpenMode, Store};
use base64::Engine as _;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `s` with the HTML specials escaped.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The report as one HTML page for A4: what the 保后检查表 says, laid out as a company's Word
/// template would be, with each photo's page copy inline.
fn report_html(r: &ReportContent, photos: &[Vec<u8>]) -> String {
    let h = &r.header;
    let mut html = String::new();
    html.push_str(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>保后检查表</title>\
         <style>@page{size:A4;margin:15mm}body{font-family:'Noto Sans CJK SC',sans-serif;\
         font-size:9.5pt}h1{text-align:center;font-size:15pt}h2{font-size:11.5pt;\
         background:#e0e0e0;padding:3pt}table{border-collapse:collapse;width:100%}\
         td,th{border:0.5pt solid #555;padding:3pt;vertical-align:top}\
         .photos td{width:50%;text-align:center}.photos img{max-width:85mm;max-height:60mm}\
         .box{border:0.5pt solid #555;height:70pt;margin-bottom:6pt;padding:4pt}</style></head><body>",
    );
    let _ = write!(
        html,
        "<p style=\"text-align:center\">{}</p><h1>{}</h1><p>文件编号：{}（{}）</p>",
        esc(&r.company),
        esc(&r.title),
        esc(&r.document_no),
        esc(&r.variant)
    );
    html.push_str("<h2>一、基本情况</h2><table>");
    for (k, v) in [
        ("委托担保合同编号", h.contract_no.clone()),
        ("被担保企业", h.borrower.clone()),
        ("贷款银行", h.bank.clone()),
        ("担保品种", h.product.clone()),
        ("担保金额（元）", h.amount_yuan.clone()),
        (
            "担保期限",
            format!("{} 至 {}", h.start_date, h.maturity_date),
        ),
        ("风险等级", h.tier.clone()),
        ("五级分类", h.five_level_class.clone()),
        ("检查人员", h.visit_officer.clone()),
        ("检查日期", h.visit_date.to_string()),
        ("检查方式", format!("{} {}", h.kind, h.method)),
    ] {
        let _ = write!(html, "<tr><th>{}</th><td>{}</td></tr>", k, esc(&v));
    }
    html.push_str("</table>");
    for s in &r.sections {
        let _ = write!(
            html,
            "<h2>{}</h2><table><tr><th>编号</th><th>检查事项</th><th>情况</th><th>说明</th></tr>",
            esc(&s.title)
        );
        for a in &s.items {
            let _ = write!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&a.code),
                esc(&a.question),
                esc(&a.answer),
                esc(&a.note)
            );
        }
        html.push_str("</table>");
    }
    if !r.inventory.is_empty() {
        html.push_str(
            "<h2>存货盘点</h2><table><tr><th>品名</th><th>单位</th><th>账面</th><th>实盘</th>\
             <th>差异</th><th>说明</th></tr>",
        );
        for i in &r.inventory {
            let _ = write!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&i.goods),
                esc(&i.unit),
                esc(&i.book),
                esc(&i.counted),
                esc(i.vs_book.as_deref().unwrap_or("")),
                esc(&i.note)
            );
        }
        html.push_str("</table>");
    }
    if !r.signals.is_empty() {
        html.push_str("<h2>预警信号</h2><table>");
        for s in &r.signals {
            let _ = write!(
                html,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&s.code),
                esc(&s.title),
                esc(&s.severity),
                esc(&s.evidence)
            );
        }
        html.push_str("</table>");
    }
    let _ = write!(
        html,
        "<h2>检查结论</h2><p>{}</p><h2>风险防范措施</h2><p>{}</p><h2>审核意见</h2>",
        esc(&r.conclusion),
        esc(&r.measures)
    );
    for role in &r.approvers {
        let _ = write!(
            html,
            "<div class=\"box\">{}意见：<br><br><br>签字：________ 日期：____年__月__日</div>",
            esc(role)
        );
    }
    let _ = write!(
        html,
        "<h2 style=\"page-break-before:always\">附：现场照片（{} 张）</h2><table class=\"photos\">",
        r.photos.len()
    );
    for (row, pair) in r
        .photos
        .iter()
        .zip(photos)
        .collect::<Vec<_>>()
        .chunks(2)
        .enumerate()
    {
        html.push_str("<tr>");
        for (col, (p, jpeg)) in pair.iter().enumerate() {
            // Sized in the tag (85 × 60 mm at most, in CSS pixels), which Writer's import reads
            // where it does not read the style sheet's limits.
            let (w, h) = image::ImageReader::with_format(
                std::io::Cursor::new(jpeg),
                image::ImageFormat::Jpeg,
            )
            .into_dimensions()
            .expect("a page copy");
            let scale = (321.0 / f64::from(w)).min(227.0 / f64::from(h));
            let _ = write!(
                html,
                "<td><img width=\"{}\" height=\"{}\" src=\"data:image/jpeg;base64,{}\"><br>{}. {} {} {}</td>",
                (f64::from(w) * scale).round(),
                (f64::from(h) * scale).round(),
                base64::engine::general_purpose::STANDARD.encode(jpeg),
                row * 2 + col + 1,
                esc(&p.file_name),
                p.taken_at.map(|t| t.to_string()).unwrap_or_default(),
                &p.sha256[..16]
            );
        }
        html.push_str("</tr>");
    }
    html.push_str("</table></body></html>");
    html
}

/// One timed run of `cmd` under GNU time: (seconds, peak resident MB).
fn timed(cmd: &mut Command) -> (f64, f64) {
    let mut timed = Command::new("/usr/bin/time");
    timed.arg("-f").arg("BENCH %e %M").arg(cmd.get_program());
    timed.args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => timed.env(k, v),
            None => timed.env_remove(k),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        timed.current_dir(dir);
    }
    let out = timed
        .output()
        .expect("GNU time runs (apt-get install time)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{:?} failed:\n{stderr}",
        cmd.get_program()
    );
    let line = stderr
        .lines()
        .rfind(|l| l.starts_with("BENCH "))
        .expect("GNU time's line");
    let mut f = line.split_whitespace().skip(1);
    let secs: f64 = f.next().and_then(|s| s.parse().ok()).expect("seconds");
    let kb: f64 = f.next().and_then(|s| s.parse().ok()).expect("kilobytes");
    (secs, kb / 1024.0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dir = dir.path();
    let db = dir.join("demo.sqlite3");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
    baohou_core::demo::ensure_demo_file(&db, today).expect("the demo");
    let key = baohou_core::store::DbKey::for_file(&db, baohou_core::demo::DEMO_PASSPHRASE)
        .expect("the demo's key");
    let mut store = Store::open(&db, OpenMode::Existing, &key).expect("the demo database");
    // The demo's visit in draft (the file is encrypted: a second connection needs its key).
    let conn = rusqlite::Connection::open(&db).expect("the database");
    baohou_core::store::unlock_connection(&conn, &key, &db).expect("unlocked");
    let visit: i64 = conn
        .query_row(
            "SELECT id FROM visits WHERE status = 'draft' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("the demo's visit in draft");
    drop(conn);
    for i in 0..12u64 {
        let read = baohou_core::photos::from_bytes(
            &format!("IMG_20261120_1015{i:02}.jpg"),
            baohou_core::demo::photos::noisy_phone_jpeg(i),
        )
        .expect("a photo")
        .with_page_copy(store.visit_page_spec(visit).expect("the visit's settings"));
        store
            .add_photo(visit, &read, chrono::Local::now().fixed_offset())
            .expect("stored");
    }
    let content = content::gather(&store, &SignalCatalog::builtin(), visit).expect("the content");
    let spec =
        baohou_core::photos::PageSpec::of(&store.policy_in_force().expect("the policy").document());
    let photos: Vec<Vec<u8>> = content
        .photos
        .iter()
        .map(|p| {
            store
                .photo_page_copy(p.id, spec)
                .expect("read")
                .expect("a page copy")
        })
        .collect();
    drop(store);

    let html = dir.join("report.html");
    std::fs::write(&html, report_html(&content, &photos)).expect("the HTML");
    let lo_profile = format!("-env:UserInstallation=file://{}", dir.join("lo").display());
    let soffice = |args: &[&str]| {
        let mut c = Command::new("soffice");
        c.arg(&lo_profile)
            .arg("--headless")
            .args(args)
            .current_dir(dir);
        c
    };
    // The Word document, once: the HTML imported into Writer and saved as .docx.
    let made = soffice(&[
        "--infilter=HTML (StarWriter)",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "report.html",
    ])
    .output()
    .expect("soffice runs (apt-get install libreoffice-writer)");
    assert!(
        made.status.success() && dir.join("report.docx").exists(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    std::fs::create_dir_all(dir.join("lo-out")).expect("a folder");
    let chromium_profile = dir.join("chromium");
    let chromium = |out: &Path| {
        let mut c = Command::new("chromium");
        c.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", chromium_profile.display()))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(format!("file://{}", html.display()));
        c
    };
    let baohou_bin = {
        let exe = std::env::current_exe().expect("this example's path");
        // target/release/examples/bench_pdf_tools -> target/release/baohou-under-test
        exe.parent()
            .and_then(Path::parent)
            .expect("target/release")
            .join("baohou-under-test")
    };
    assert!(
        baohou_bin.exists(),
        "{}: cargo build --release -p baohou-tests --bins first",
        baohou_bin.display()
    );
    let baohou_pdf = dir.join("baohou.pdf");
    let baohou = || {
        let mut c = Command::new(&baohou_bin);
        c.env("BAOHOU_PASSPHRASE", baohou_core::demo::DEMO_PASSPHRASE)
            .args(["report", "--draft", "--db"])
            .arg(&db)
            .arg("--visit")
            .arg(visit.to_string())
            .arg("--out")
            .arg(&baohou_pdf);
        c
    };
    let chromium_pdf = dir.join("chromium.pdf");
    let lo_pdf = dir.join("lo-out/report.pdf");

    // One untimed round: LibreOffice's and Chromium's profiles made, the file cache warm.
    timed(&mut baohou());
    timed(&mut soffice(&[
        "--convert-to",
        "pdf",
        "--outdir",
        "lo-out",
        "report.docx",
    ]));
    timed(&mut chromium(&chromium_pdf));

    let mut results: Vec<(&str, Vec<f64>, Vec<f64>, PathBuf)> = vec![
        (
            "Baohou (baohou report)",
            Vec::new(),
            Vec::new(),
            baohou_pdf.clone(),
        ),
        (
            "LibreOffice (.docx to PDF)",
            Vec::new(),
            Vec::new(),
            lo_pdf.clone(),
        ),
        (
            "Chromium (HTML to PDF)",
            Vec::new(),
            Vec::new(),
            chromium_pdf.clone(),
        ),
    ];
    // Each round in another order; each output removed before its run and checked after it
    // (soffice answers 0 even when it wrote nothing).
    for round in 0..runs {
        for k in 0..results.len() {
            let i = (round + k) % results.len();
            let _ = std::fs::remove_file(&results[i].3);
            let (secs, mb) = match i {
                0 => timed(&mut baohou()),
                1 => timed(&mut soffice(&[
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    "lo-out",
                    "report.docx",
                ])),
                _ => timed(&mut chromium(&chromium_pdf)),
            };
            assert!(
                std::fs::metadata(&results[i].3).is_ok_and(|m| m.len() > 0),
                "{}: no PDF written",
                results[i].0
            );
            results[i].1.push(secs);
            results[i].2.push(mb);
        }
    }
    // BAOHOU_BENCH_KEEP=DIR keeps the three PDFs and the HTML there, to look at.
    if let Some(keep) = std::env::var_os("BAOHOU_BENCH_KEEP") {
        let keep = PathBuf::from(keep);
        std::fs::create_dir_all(&keep).expect("the folder to keep them in");
        for (from, to) in [
            (&baohou_pdf, "baohou.pdf"),
            (&lo_pdf, "libreoffice.pdf"),
            (&chromium_pdf, "chromium.pdf"),
            (&html, "report.html"),
        ] {
            std::fs::copy(from, keep.join(to)).expect("kept");
        }
    }
    println!(
        "the demo's visit with 12 phone photos, {} runs each, paired (medians):",
        runs
    );
    let base = (median(results[0].1.clone()), median(results[0].2.clone()));
    let base_size = std::fs::metadata(&baohou_pdf).map(|m| m.len()).unwrap_or(0) as f64;
    for (name, secs, mbs, pdf) in &results {
        let (t, m) = (median(secs.clone()), median(mbs.clone()));
        let size = std::fs::metadata(pdf).map(|m| m.len()).unwrap_or(0) as f64;
        let pages = Command::new("pdfinfo")
            .arg(pdf)
            .output()
            .ok()
            .and_then(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .find_map(|l| l.strip_prefix("Pages:").map(|p| p.trim().to_owned()))
            })
            .unwrap_or_default();
        println!(
            "  {name:28} {t:6.2} s ({:4.1}×)  {m:7.1} MB peak ({:4.1}×)  {:6.2} MB, {pages} pages ({:4.2}×)",
            t / base.0,
            m / base.1,
            size / 1_048_576.0,
            size / base_size
        );
    }
}
