//! Head office's updates as the laptop applies them (`Store::apply_updates`): any page of
//! updates is applied whole or refused whole. Each input starts from the same laptop (the demo
//! portfolio as of 2026-11-20, copied from a template file written once), and after it:
//! - refused: nothing changed (the last update applied and the audit chain's head are as before);
//! - applied: the last update applied is the page's highest new number, and the audit chain,
//!   walked whole, still holds.
#![no_main]
use baohou_core::protocol::Updates;
use baohou_core::store::{DbKey, OpenMode, Store};
use chrono::{DateTime, NaiveDate};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

struct Laptop {
    template: PathBuf,
    work: PathBuf,
}

fn key() -> DbKey {
    DbKey::from_raw([0x42; 32], [0x24; 16])
}

fn laptop() -> &'static Laptop {
    static LAPTOP: OnceLock<Laptop> = OnceLock::new();
    LAPTOP.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("baohou-fuzz-apply-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let template = dir.join("template.sqlite3");
        let _ = std::fs::remove_file(&template);
        let mut store =
            Store::open(&template, OpenMode::CreateOrUpgrade, &key()).expect("a new laptop");
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).expect("a day");
        baohou_core::demo::write_demo(&mut store, today).expect("the demo portfolio");
        // Closed, its write-ahead log is folded into the one file copied for each input.
        drop(store);
        Laptop {
            work: dir.join("work.sqlite3"),
            template,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(page) = serde_json::from_slice::<Updates>(data) else {
        return;
    };
    let laptop = laptop();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", laptop.work.display()));
    }
    std::fs::copy(&laptop.template, &laptop.work).expect("a copy of the laptop");
    let mut store = Store::open(&laptop.work, OpenMode::Existing, &key()).expect("the copy opens");
    let through = store.updates_applied_through().expect("read");
    let before = store.verify_audit().expect("walk");
    let at = DateTime::parse_from_rfc3339("2026-11-23T09:00:00+08:00").expect("a time");
    match store.apply_updates(&page.updates, at) {
        Err(_) => {
            assert_eq!(store.updates_applied_through().expect("read"), through);
            let after = store.verify_audit().expect("walk");
            assert_eq!((after.entries, &after.head), (before.entries, &before.head));
        }
        Ok(applied) => {
            let fresh: Vec<i64> = page
                .updates
                .iter()
                .map(|u| u.seq)
                .filter(|seq| *seq > through)
                .collect();
            assert!(applied <= fresh.len());
            let now = store.updates_applied_through().expect("read");
            match fresh.iter().max() {
                Some(highest) => assert_eq!(now, *highest),
                None => assert_eq!(now, through),
            }
            let after = store.verify_audit().expect("walk");
            assert!(after.broken.is_none(), "{:?}", after.broken);
            assert!(after.entries >= before.entries);
        }
    }
});
