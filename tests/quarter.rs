//! A company's quarter, simulated end to end (issue 26; `simulation.rs`): twelve laptops, one
//! head office, 2026's first quarter with its holidays, syncs through a faulty network. At the
//! end: every document at head office exactly once and byte for byte as its laptop sealed it, no
//! two documents sharing a number, a diligent officer's agenda with nothing overdue, and a lazy
//! officer's overdue tasks matching head office's view of them line for line.

use baohou_tests::headoffice::Backend;
use baohou_tests::simulation::{Habit, Outcome, Plan, run};
use std::collections::{BTreeMap, BTreeSet};

fn hold_to_its_promises(o: &Outcome) {
    eprintln!("{}", o.figures);
    // Head office's records: every report complete, numbers unique, none recorded apart.
    let rows = o.hq.rows(
        "SELECT r.document_no, r.device_id, r.completed_at, f.sha256, f.kind
         FROM reports r JOIN report_files f ON f.document_no = r.document_no
         WHERE f.kind IN ('pdf', 'visit_json') ORDER BY r.document_no",
    );
    let mut at_hq: BTreeMap<String, (String, String)> = BTreeMap::new();
    for r in &rows {
        assert!(!r[2].is_empty(), "{} is not complete at head office", r[0]);
        assert!(
            !r[0].contains('~'),
            "{} was recorded apart: a number shared",
            r[0]
        );
        let e = at_hq.entry(r[0].clone()).or_default();
        if r[4] == "pdf" {
            e.0 = r[3].clone();
        } else {
            e.1 = r[3].clone();
        }
    }
    // Every document each laptop issued is there once, byte for byte.
    let mut all_numbers = BTreeSet::new();
    let mut documents = 0;
    for l in &o.laptops {
        for (no, pdf, content) in o.laptop_documents(l) {
            assert!(all_numbers.insert(no.clone()), "{no} issued twice");
            let (hq_pdf, hq_content) = at_hq
                .get(&no)
                .unwrap_or_else(|| panic!("{no} of {} is not at head office", l.officer));
            assert_eq!(hq_pdf, &pdf, "{no}: the PDF differs");
            assert_eq!(hq_content, &content, "{no}: the content differs");
            // The file head office keeps is those bytes.
            let kept = std::fs::read(o.hq.file_path(&pdf)).expect("the kept PDF");
            assert_eq!(baohou_core::store::sha256_hex(&kept), pdf, "{no}");
            documents += 1;
        }
    }
    assert_eq!(
        documents,
        at_hq.len(),
        "head office holds only the laptops' documents"
    );
    assert!(documents > 100, "{documents}");
    // Each laptop's numbers carry its own code, and the codes differ.
    let codes: BTreeSet<String> = o.codes().iter().map(|c| c.to_string()).collect();
    assert_eq!(codes.len(), o.laptops.len());
    for l in &o.laptops {
        for (no, _, _) in o.laptop_documents(l) {
            assert!(no.contains(&format!("-{}-", l.code)), "{no} of {}", l.code);
        }
    }

    let view = o.head_office_view();
    for l in &o.laptops {
        let overdue = o.laptop_overdue(l);
        let seen: Vec<serde_json::Value> = view[&l.officer]["overdue"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        match l.habit {
            Habit::Diligent | Habit::OftenOffline => {
                assert!(overdue.is_empty(), "{} owes {overdue:?}", l.officer);
                assert!(
                    seen.is_empty(),
                    "head office sees {} owing {seen:?}",
                    l.officer
                );
            }
            Habit::Lazy { .. } => {
                assert!(
                    overdue.len() >= 5,
                    "the lazy officer owes little: {overdue:?}"
                );
                let mut laptop: Vec<serde_json::Value> = overdue
                    .iter()
                    .map(|x| serde_json::to_value(x).unwrap())
                    .collect();
                let key = |v: &serde_json::Value| {
                    (
                        v["contract_no"].to_string(),
                        v["kind"].to_string(),
                        v["anchor"].to_string(),
                        v["due"].to_string(),
                    )
                };
                laptop.sort_by_key(key);
                // Head office names each kind; the rest is the laptop's line as sent.
                let mut seen: Vec<serde_json::Value> = seen
                    .into_iter()
                    .map(|mut v| {
                        let named = v
                            .as_object_mut()
                            .and_then(|o| o.remove("kind_name"))
                            .and_then(|n| n.as_str().map(str::to_owned));
                        assert!(named.is_some_and(|n| !n.is_empty()), "{v} unnamed");
                        v
                    })
                    .collect();
                seen.sort_by_key(key);
                assert_eq!(laptop, seen, "head office's view of {}", l.officer);
            }
        }
        // Visits received whole: as many as the laptop completed.
        let completed: i64 = baohou_tests::laptop_db(&l.db)
            .query_row(
                "SELECT count(*) FROM visits WHERE status = 'completed'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            view[&l.officer]["visits"].as_i64(),
            Some(completed),
            "{}",
            l.officer
        );
    }
}

#[test]
fn a_company_quarter_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &Backend::default(), &Plan::default());
    hold_to_its_promises(&o);
}

/// The same quarter with head office on PostgreSQL (`BAOHOU_TEST_PG`, scripts/test.sh).
#[test]
#[ignore = "needs PostgreSQL: BAOHOU_TEST_PG (scripts/test.sh)"]
fn a_company_quarter_on_postgresql() {
    let dir = tempfile::tempdir().unwrap();
    let backend = Backend {
        database: Some(baohou_tests::scratch_database("quarter")),
        s3: None,
    };
    let o = run(dir.path(), &backend, &Plan::default());
    hold_to_its_promises(&o);
}
