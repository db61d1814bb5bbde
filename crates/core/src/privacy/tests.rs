//! Retention, export and removal of one borrower on the demo database.

use super::*;
use crate::store::{OpenMode, RemovalBlocker, test_key};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("{s}+08:00")).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn demo(dir: &Path) -> Store {
    let mut store = Store::open(
        dir.join("demo.sqlite3"),
        OpenMode::CreateOrUpgrade,
        &test_key(),
    )
    .unwrap();
    crate::demo::write_demo(&mut store, today()).unwrap();
    store
}

/// Every text cell in the database that contains `needle`, as `table.column`.
fn mentions(store: &Store, needle: &str) -> Vec<String> {
    let conn = store.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut found = Vec::new();
    for t in tables {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for c in columns {
            let n: i64 = conn
                .query_row(
                    &format!(
                        "SELECT count(*) FROM \"{t}\" WHERE instr(CAST(\"{c}\" AS TEXT), ?1) > 0"
                    ),
                    [needle],
                    |r| r.get(0),
                )
                .unwrap();
            if n > 0 {
                found.push(format!("{t}.{c}"));
            }
        }
    }
    found
}

#[test]
fn released_borrowers_are_due_after_the_policys_retention() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(dir.path());
    let policy = store.policy_in_force().unwrap();
    assert_eq!(policy.released_retention_days(), 180);
    let rows = retention(&store, &policy, today()).unwrap();
    assert!(!rows.is_empty(), "the demo has released borrowers");
    for r in &rows {
        assert_eq!(r.item.due_on, r.item.released_on + chrono::Days::new(180));
        assert_eq!(r.due, r.item.due_on <= today());
    }
    // A shorter retention makes them due sooner; a policy without the setting uses the shipped one.
    let text = crate::policy::DEFAULT_POLICY_TOML.replace(
        "released_retention_days = 180",
        "released_retention_days = 1",
    );
    let short = crate::policy::Policy::from_toml(&text, "short").unwrap();
    let due = retention(&store, &short, today()).unwrap();
    assert!(due.iter().filter(|r| r.due).count() >= rows.iter().filter(|r| r.due).count());
    let old = crate::policy::Policy::from_toml(
        &crate::policy::DEFAULT_POLICY_TOML.replace("released_retention_days = 180", ""),
        "old",
    )
    .unwrap();
    assert_eq!(old.released_retention_days(), 180);
    let bad = crate::policy::Policy::from_toml(
        &crate::policy::DEFAULT_POLICY_TOML.replace(
            "released_retention_days = 180",
            "released_retention_days = 0",
        ),
        "bad",
    );
    assert!(bad.is_err());
}

#[test]
fn a_borrower_still_held_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    let active: BorrowerId = store
        .conn()
        .query_row(
            "SELECT borrower_id FROM guarantees WHERE status = 'active' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let before = crate::store::table_counts(store.conn()).unwrap();
    let err = store
        .remove_borrower(active, at("2026-11-29T10:00:00"))
        .unwrap_err();
    let StoreError::RemovalRefused { blockers, .. } = &err else {
        panic!("{err}");
    };
    assert!(
        blockers
            .iter()
            .any(|b| matches!(b, RemovalBlocker::NotReleased { .. }))
    );
    let m = crate::store::messages::store_message(&err, crate::i18n::Locale::ZhCn);
    assert!(m.contains("尚未解保"), "{m}");
    assert_eq!(crate::store::table_counts(store.conn()).unwrap(), before);
}

#[test]
fn a_released_borrower_is_exported_then_removed_leaving_no_trace_but_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = demo(dir.path());
    // The released borrower with the most visits.
    let (id, name): (BorrowerId, String) = store
        .conn()
        .query_row(
            "SELECT b.id, b.name FROM borrowers b JOIN guarantees g ON g.borrower_id = b.id
             LEFT JOIN visits v ON v.guarantee_id = g.id
             GROUP BY b.id HAVING sum(g.status <> 'released') = 0
             ORDER BY count(v.id) DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    // Its visits' reports are issued (sealed) and one waits in the outbox: that holds it.
    let visits: Vec<i64> = store
        .conn()
        .prepare(
            "SELECT v.id FROM visits v JOIN guarantees g ON g.id = v.guarantee_id
             WHERE g.borrower_id = ?1 AND v.status = 'completed'",
        )
        .unwrap()
        .query_map([id], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!visits.is_empty());
    // An audited change naming the borrower in its reason.
    let g = store.guarantees_of_borrower(id).unwrap()[0];
    store
        .change_risk_tier(
            g,
            crate::portfolio::RiskTier::new(2).unwrap(),
            &format!("{name} 解保前复核"),
            today(),
            None,
        )
        .unwrap();
    let catalog = crate::signals::SignalCatalog::builtin();
    for v in &visits {
        crate::report::issue(
            &mut store,
            &catalog,
            *v,
            crate::report::Kind::Final,
            at("2026-11-29T09:00:00"),
        )
        .unwrap();
    }
    store
        .conn()
        .execute(
            "INSERT INTO outbox (visit_id, visit_version, queued_at) VALUES (?1, 1, ?2)",
            rusqlite::params![visits[0], "2026-11-29T09:00:00+08:00"],
        )
        .unwrap();
    assert!(matches!(
        store.removal_blockers(id).unwrap()[..],
        [RemovalBlocker::ReportNotDelivered { .. }]
    ));
    assert!(
        store
            .remove_borrower(id, at("2026-11-29T10:00:00"))
            .is_err()
    );

    // The export holds the borrower, the sealed reports and the photos.
    let out = tempfile::tempdir().unwrap();
    let summary = export_borrower(&store, id, out.path(), at("2026-11-29T09:30:00")).unwrap();
    let folder = PathBuf::from(&summary.folder);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join("borrower.json")).unwrap()).unwrap();
    assert_eq!(json["borrower"]["name"], name.as_str());
    assert_eq!(json["reports"].as_array().unwrap().len(), visits.len());
    for r in json["reports"].as_array().unwrap() {
        let pdf = std::fs::read(folder.join(r["pdf_file"].as_str().unwrap())).unwrap();
        let seal = crate::sealed::seal::ReportSeal::from_json(
            &std::fs::read(folder.join(r["seal_file"].as_str().unwrap())).unwrap(),
        )
        .unwrap();
        seal.verify().unwrap();
        seal.verify_digests(
            r["content_sha256"].as_str().unwrap(),
            Some(&crate::store::sha256_hex(&pdf)),
        )
        .unwrap();
    }
    for p in json["photos"].as_array().unwrap() {
        assert!(folder.join(p.as_str().unwrap()).is_file());
    }
    assert!(
        !std::fs::read_dir(&folder).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".part"))
    );
    // A second export to the same place refuses to overwrite the first.
    assert!(matches!(
        export_borrower(&store, id, out.path(), at("2026-11-29T09:31:00")),
        Err(ExportError::Write { .. })
    ));

    // Once head office has the report, it goes, all of it.
    store
        .conn()
        .execute(
            "UPDATE outbox SET state = 'sent', sent_at = '2026-11-29T09:40:00+08:00'",
            [],
        )
        .unwrap();
    assert!(store.removal_blockers(id).unwrap().is_empty());
    let others_before: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM visits", [], |r| r.get(0))
        .unwrap();
    assert!(!mentions(&store, &name).is_empty());
    let removed = store
        .remove_borrower(id, at("2026-11-29T10:00:00"))
        .unwrap();
    // Nothing unfinished holds it, so its visits are the completed ones.
    assert_eq!(removed.visits as usize, visits.len());
    assert_eq!(removed.reports as usize, visits.len());
    assert!(removed.audit_erased > 0, "its tier change was audited");
    assert_eq!(
        mentions(&store, &name),
        ["removals.borrower_name"],
        "only the record of the removal names it"
    );
    let others_after: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM visits", [], |r| r.get(0))
        .unwrap();
    assert_eq!(others_after, others_before - visits.len() as i64);
    assert_eq!(
        store.verify_audit().unwrap().broken,
        None,
        "the chain still checks out"
    );
    assert!(
        store
            .remove_borrower(id, at("2026-11-29T10:01:00"))
            .is_err()
    );
}
