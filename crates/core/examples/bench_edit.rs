//! Times one autosaved keystroke as the app makes it: `Session::edit_visit` (one transaction with
//! a full fsync, then the visit re-read and reviewed for the screen), on the demo database's
//! fully filled visit and on a file on disk.
//!
//! `cargo run --release -p baohou-core --example bench_edit [EDITS]`

use baohou_core::draft::{VisitEdit, VisitStart};
use baohou_core::session::Session;
use baohou_core::visit::{VisitKind, VisitMethod};
use baohou_core::{Locale, OpenMode, Store};
use std::time::Instant;

fn main() {
    let edits: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(300);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("bench.sqlite3");
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
    {
        let mut store =
            Store::open(&path, OpenMode::CreateOrUpgrade, &bench_key()).expect("a new database");
        baohou_core::demo::write_demo(&mut store, day).expect("the demo");
    }
    let mut session =
        Session::open_with_key(&path, OpenMode::Existing, bench_key()).expect("unlocked");
    let guarantee = session.guarantees(Locale::ZhCn).expect("guarantees")[0].id;
    let officer = session.officers(Locale::ZhCn).expect("officers")[0].id;
    let screen = session
        .start_visit(
            Locale::ZhCn,
            &VisitStart {
                guarantee_id: guarantee,
                kind: VisitKind::Periodic,
                method: VisitMethod::OnSite,
                visit_date: day,
                officer_id: officer,
                started_from: None,
            },
        )
        .expect("a visit");
    let id = screen.draft.id;
    let text =
        "开工3条线，实盘螺纹钢1,422吨，低于最低库存1,800吨，仓库搬运工反映九、十月工资未发放";
    let chars: Vec<char> = text.chars().collect();
    let mut times = Vec::with_capacity(edits);
    for i in 0..edits {
        let typed: String = chars[..(i % chars.len()) + 1].iter().collect();
        let start = Instant::now();
        session
            .edit_visit(Locale::ZhCn, id, &VisitEdit::Conclusion { text: typed })
            .expect("an edit");
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    println!(
        "{edits} keystrokes saved and re-reviewed: median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        pct(0.5),
        pct(0.95),
        pct(1.0)
    );
}

/// The database key of the benchmark files (the KDF is measured once, not per open).
fn bench_key() -> baohou_core::store::DbKey {
    static KEY: std::sync::OnceLock<baohou_core::store::DbKey> = std::sync::OnceLock::new();
    KEY.get_or_init(|| baohou_core::store::DbKey::fresh("基准测试口令 bench").expect("a key"))
        .clone()
}
