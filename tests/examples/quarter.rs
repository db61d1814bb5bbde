//! A company's quarter, simulated end to end (`baohou_tests::simulation`), with its figures:
//! twelve laptops and one head office through 2026's first quarter, syncing through a faulty
//! network. Head office keeps its records in SQLite, or in PostgreSQL when `BAOHOU_TEST_PG`
//! names a server (scripts/pg.sh). `tests/quarter.rs` holds the outcome to its promises.
//!
//! `bash scripts/quarter.sh`

use baohou_tests::headoffice::Backend;
use baohou_tests::simulation::{Habit, Plan, run};

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let backend = Backend {
        database: std::env::var("BAOHOU_TEST_PG")
            .ok()
            .map(|_| baohou_tests::scratch_database("quarter")),
        s3: None,
    };
    println!(
        "head office records: {}",
        if backend.database.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );
    let plan = Plan::default();
    let o = run(dir.path(), &backend, &plan);
    println!("{}", o.figures);
    let view = o.head_office_view();
    for l in &o.laptops {
        let habit = match l.habit {
            Habit::Diligent => "diligent".to_owned(),
            Habit::OftenOffline => "often offline".to_owned(),
            Habit::Lazy { stops } => format!("lazy from {stops}"),
        };
        println!(
            "{} ({}, laptop {}): visits {}, overdue on {} on the laptop {}, at head office {}",
            l.officer,
            habit,
            l.code,
            view[&l.officer]["visits"],
            plan.last_day,
            o.laptop_overdue(l).len(),
            view[&l.officer]["overdue"]
                .as_array()
                .map_or(0, |a| a.len())
        );
    }
}
