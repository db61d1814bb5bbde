//! Store tests against real database files.

use super::*;
use crate::demo::write_demo;
use crate::portfolio::*;
use crate::visit::*;
use chrono::NaiveDate;
use rust_decimal_macros::dec;
use std::fs;

pub(crate) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

pub(crate) fn seed_minimal(store: &mut Store) -> (OfficerId, GuaranteeId) {
    let officer = store
        .insert_officer(&NewOfficer {
            code: "E9".into(),
            name: "赵敏".into(),
            department: "业务一部".into(),
            phone: None,
        })
        .unwrap();
    let borrower = store
        .insert_borrower(&NewBorrower {
            name: "测试纺织有限公司".into(),
            credit_code: None,
            legal_representative: None,
            industry: None,
            address: None,
            contact_name: None,
            contact_phone: None,
            site_latitude: Some(dec!(30.7522)),
            site_longitude: Some(dec!(120.7555)),
            employees: Some(12),
        })
        .unwrap();
    let g = store
        .insert_guarantee(
            &sample_guarantee("T-1", borrower, officer),
            &[NewCounterGuarantee {
                kind: CounterGuaranteeKind::Pledge,
                description: "棉纱".into(),
                provider: "测试纺织有限公司".into(),
                collateral_value: Some("3000000.01".parse().unwrap()),
                minimum_stock: Some(dec!(120.5)),
                stock_unit: Some("吨".into()),
                registration_no: None,
            }],
        )
        .unwrap();
    (officer, g)
}

/// A plain active working-capital guarantee, for tests that need one.
fn sample_guarantee(
    contract_no: &str,
    borrower_id: BorrowerId,
    officer: OfficerId,
) -> NewGuarantee {
    NewGuarantee {
        contract_no: contract_no.into(),
        borrower_id,
        lending_bank: "测试银行".into(),
        product: Product::WorkingCapitalLoan,
        amount: "1234567.89".parse().unwrap(),
        start_date: d("2026-01-05"),
        maturity_date: d("2027-01-04"),
        risk_tier: RiskTier::new(2).unwrap(),
        five_level_class: FiveLevelClass::Normal,
        status: GuaranteeStatus::Active,
        officer_a_id: officer,
        officer_b_id: None,
        credit_rating: None,
        notes: None,
    }
}

fn sha256_of_file(path: &std::path::Path) -> String {
    crate::digest::sha256_hex(&fs::read(path).unwrap())
}

#[test]
fn new_database_gets_the_latest_schema_wal_and_foreign_keys() {
    let dir = tmp();
    let path = dir.path().join("new.sqlite3");
    let store = Store::open(&path, OpenMode::CreateOrUpgrade, &crate::store::test_key()).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    assert_eq!(
        store.migration(),
        &MigrationReport {
            from_version: 0,
            to_version: LATEST_VERSION
        }
    );
    let mode: String = store
        .conn()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = store
        .conn()
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let app: i32 = store
        .conn()
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app, APPLICATION_ID);
}

#[test]
fn the_app_has_sqlcipher_wipe_the_memory_it_frees() {
    let dir = tmp();
    let path = dir.path().join("wiped.sqlite3");
    let setting = |store: &Store| -> String {
        store
            .conn()
            .pragma_query_value(None, "cipher_memory_security", |r| r.get(0))
            .unwrap()
    };
    // The setting is the process's: read while it is on, then turned off for the other tests.
    super::wipe_freed_memory(true);
    let on = Store::open(&path, OpenMode::CreateOrUpgrade, &crate::store::test_key())
        .map(|store| setting(&store));
    super::wipe_freed_memory(false);
    assert_eq!(on.unwrap(), "1");
}

/// Every schema version a Baohou shipped, written as that version left it (its migrations, then
/// a guarantee with two visits in the tables every version has), encrypted in place as an old
/// unencrypted file is, and opened by this build: it upgrades to the latest version, keeps the
/// rows, passes the whole-file check, and ends with exactly the schema a new database has.
#[test]
fn a_database_of_every_shipped_version_upgrades_to_the_schema_of_a_new_one() {
    let fresh = {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations::migrate_to_for_test(&mut conn, LATEST_VERSION).unwrap();
        migrations::schema_of(&conn).unwrap()
    };
    let dir = tmp();
    for version in 1..LATEST_VERSION {
        let path = dir.path().join(format!("v{version}.sqlite3"));
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            conn.pragma_update(None, "foreign_keys", "ON").unwrap();
            migrations::migrate_to_for_test(&mut conn, version).unwrap();
            conn.execute_batch(
                "INSERT INTO officers (code, name, department) VALUES ('E1', '张伟', '业务一部');
                 INSERT INTO borrowers (name) VALUES ('旧库企业');
                 INSERT INTO guarantees (contract_no, borrower_id, lending_bank, product,
                     amount_fen, start_date, maturity_date, risk_tier, five_level_class, status,
                     officer_a_id)
                 VALUES ('OLD-1', 1, '老银行', 'working_capital_loan', 123456789, '2025-01-01',
                     '2026-01-01', 3, 'normal', 'active', 1);
                 INSERT INTO visits (guarantee_id, kind, method, visit_date, officer_id, status,
                     completed_at)
                 VALUES (1, 'periodic', 'on_site', '2025-06-03', 1, 'completed',
                     '2025-06-04T18:00:00+08:00'),
                        (1, 'periodic', 'on_site', '2025-09-03', 1, 'draft', NULL);",
            )
            .unwrap_or_else(|e| panic!("version {version}: {e}"));
        }
        crate::store::encrypt_in_place(&path, &crate::store::test_key()).unwrap();
        let store = Store::open(&path, OpenMode::Existing, &crate::store::test_key())
            .unwrap_or_else(|e| panic!("version {version} does not open: {e}"));
        assert_eq!(
            store.migration(),
            &MigrationReport {
                from_version: version,
                to_version: LATEST_VERSION
            }
        );
        store.integrity(true).unwrap();
        let g = store.guarantee(1).unwrap();
        assert_eq!(
            (g.contract_no.as_str(), g.amount.to_string()),
            ("OLD-1", "1234567.89".to_owned()),
            "version {version}"
        );
        let visits: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM visits", [], |r| r.get(0))
            .unwrap();
        assert_eq!(visits, 2, "version {version}");
        let upgraded = migrations::schema_of(store.conn()).unwrap();
        if upgraded != fresh {
            let differs: Vec<&str> = upgraded
                .split("\n-- ")
                .filter(|part| !fresh.contains(part))
                .collect();
            panic!("version {version} upgraded to another schema than a new database: {differs:?}");
        }
    }
}

#[test]
fn upgrades_a_version_1_database_and_keeps_its_rows() {
    let dir = tmp();
    let path = dir.path().join("v1.sqlite3");
    {
        // A database as version 1 of Baohou left it.
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        migrations::migrate_to_for_test(&mut conn, 1).unwrap();
        conn.execute_batch(
            "INSERT INTO officers (code, name, department) VALUES ('E1', '张伟', '业务一部');
             INSERT INTO borrowers (name) VALUES ('旧库企业');
             INSERT INTO guarantees (contract_no, borrower_id, lending_bank, product, amount_fen,
                 start_date, maturity_date, risk_tier, five_level_class, status, officer_a_id)
             VALUES ('OLD-1', 1, '老银行', 'working_capital_loan', 123456789, '2025-01-01',
                 '2026-01-01', 3, 'normal', 'active', 1);
             INSERT INTO visits (guarantee_id, kind, method, visit_date, officer_id, status,
                 completed_at)
             VALUES (1, 'periodic', 'on_site', '2025-06-03', 1, 'completed',
                 '2025-06-04T18:00:00+08:00'),
                    (1, 'periodic', 'on_site', '2025-09-03', 1, 'draft', NULL);",
        )
        .unwrap();
        let v: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1);
    }
    // Version 1 was unencrypted: it is encrypted in place, then upgraded on opening.
    assert!(matches!(
        Store::open(&path, OpenMode::Existing, &crate::store::test_key()),
        Err(StoreError::NotEncrypted { .. })
    ));
    crate::store::encrypt_in_place(&path, &crate::store::test_key()).unwrap();
    let store = Store::open(&path, OpenMode::Existing, &crate::store::test_key()).unwrap();
    assert_eq!(
        store.migration(),
        &MigrationReport {
            from_version: 1,
            to_version: LATEST_VERSION
        }
    );
    let g = store.guarantee(1).unwrap();
    assert_eq!(g.contract_no, "OLD-1");
    assert_eq!(g.amount.to_string(), "1234567.89");
    assert_eq!(g.risk_tier.get(), 3);
    store.set_meta("k", "v").unwrap();
    assert_eq!(store.meta("k").unwrap().as_deref(), Some("v"));
    // Version 6 dates the report of a visit completed before it on its completion day.
    let reported: Vec<Option<String>> = store
        .conn()
        .prepare("SELECT reported_on FROM visits ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(reported, [Some("2025-06-04".to_owned()), None]);
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let dir = tmp();
    let path = dir.path().join("future.sqlite3");
    drop(Store::open(&path, OpenMode::CreateOrUpgrade, &crate::store::test_key()).unwrap());
    {
        let conn = crate::store::keyed_connection(&path);
        conn.pragma_update(None, "user_version", LATEST_VERSION + 7)
            .unwrap();
    }
    let before = sha256_of_file(&path);
    let err = Store::open(&path, OpenMode::Existing, &crate::store::test_key()).unwrap_err();
    match &err {
        StoreError::NewerSchema {
            found, supported, ..
        } => {
            assert_eq!(*found, LATEST_VERSION + 7);
            assert_eq!(*supported, LATEST_VERSION);
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    assert!(err.to_string().contains("future.sqlite3"));
    assert_eq!(sha256_of_file(&path), before);
}

#[test]
fn missing_file_is_named_and_not_created_when_opening_existing() {
    let dir = tmp();
    let path = dir.path().join("nope.sqlite3");
    let err = Store::open(&path, OpenMode::Existing, &crate::store::test_key()).unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }));
    assert!(err.to_string().contains("nope.sqlite3"));
    assert!(!path.exists());
}

#[test]
fn non_sqlite_file_is_refused_and_left_byte_for_byte() {
    let dir = tmp();
    for (name, content) in [
        (
            "notes.sqlite3",
            b"These are my notes, not a database.\n".to_vec(),
        ),
        ("short.db", b"SQLite".to_vec()),
        (
            "zip.db",
            vec![
                0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 9,
            ],
        ),
    ] {
        let path = dir.path().join(name);
        fs::write(&path, &content).unwrap();
        for mode in [OpenMode::Existing, OpenMode::CreateOrUpgrade] {
            let err = Store::open(&path, mode, &crate::store::test_key()).unwrap_err();
            assert!(
                matches!(err, StoreError::NotSqlite { .. }),
                "{name}: {err:?}"
            );
            assert_eq!(fs::read(&path).unwrap(), content, "{name} changed");
        }
        assert!(!dir.path().join(format!("{name}-wal")).exists());
    }
}

#[test]
fn another_programs_sqlite_database_is_refused_untouched() {
    let dir = tmp();
    let path = dir.path().join("other.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');")
            .unwrap();
    }
    let before = sha256_of_file(&path);
    for mode in [OpenMode::Existing, OpenMode::CreateOrUpgrade] {
        let err = Store::open(&path, mode, &crate::store::test_key()).unwrap_err();
        assert!(matches!(err, StoreError::NotBaohou { .. }), "{err:?}");
    }
    assert_eq!(sha256_of_file(&path), before);
    // Still in rollback-journal mode: we did not switch it to WAL.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
}

#[test]
fn corrupt_database_is_refused_untouched() {
    let dir = tmp();
    let path = dir.path().join("corrupt.sqlite3");
    {
        let mut store =
            Store::open(&path, OpenMode::CreateOrUpgrade, &crate::store::test_key()).unwrap();
        write_demo(&mut store, d("2026-11-23")).unwrap();
        store
            .conn()
            .pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .unwrap();
    }
    // Scribble over the middle of the file, as a failing disk would.
    let mut bytes = fs::read(&path).unwrap();
    assert!(bytes.len() > 64 * 1024, "demo database is large enough");
    for b in &mut bytes[40 * 1024..48 * 1024] {
        *b = 0xA5;
    }
    fs::write(&path, &bytes).unwrap();
    let before = sha256_of_file(&path);
    let err = Store::open(&path, OpenMode::Existing, &crate::store::test_key()).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("corrupt.sqlite3"));
    assert_eq!(sha256_of_file(&path), before);
}

#[test]
fn read_only_file_is_refused_untouched() {
    let dir = tmp();
    let path = dir.path().join("ro.sqlite3");
    drop(Store::open(&path, OpenMode::CreateOrUpgrade, &crate::store::test_key()).unwrap());
    let before = sha256_of_file(&path);
    let mut perms = fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&path, perms).unwrap();
    for mode in [OpenMode::Existing, OpenMode::CreateOrUpgrade] {
        let err = Store::open(&path, mode, &crate::store::test_key()).unwrap_err();
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
    }
    assert_eq!(sha256_of_file(&path), before);
}

#[test]
fn empty_file_is_refused_for_open_and_initialised_by_init() {
    let dir = tmp();
    let path = dir.path().join("empty.sqlite3");
    fs::write(&path, b"").unwrap();
    let err = Store::open(&path, OpenMode::Existing, &crate::store::test_key()).unwrap_err();
    assert!(matches!(err, StoreError::EmptyFile { .. }));
    assert_eq!(fs::metadata(&path).unwrap().len(), 0);
    let store = Store::open(&path, OpenMode::CreateOrUpgrade, &crate::store::test_key()).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
}

#[test]
fn a_directory_is_not_a_database() {
    let dir = tmp();
    let err = Store::open(
        dir.path(),
        OpenMode::CreateOrUpgrade,
        &crate::store::test_key(),
    )
    .unwrap_err();
    assert!(matches!(err, StoreError::NotAFile { .. }), "{err:?}");
}

#[test]
fn reopening_keeps_every_row() {
    let dir = tmp();
    let path = dir.path().join("demo.sqlite3");
    let counts = {
        let mut store =
            Store::open(&path, OpenMode::CreateOrUpgrade, &crate::store::test_key()).unwrap();
        write_demo(&mut store, d("2026-11-23")).unwrap();
        store.row_counts().unwrap()
    };
    let store = Store::open(&path, OpenMode::CreateOrUpgrade, &crate::store::test_key()).unwrap();
    assert!(!store.migration().upgraded());
    assert_eq!(store.row_counts().unwrap(), counts);
}

#[test]
fn two_processes_opening_a_new_file_at_once_both_succeed() {
    // Threads with their own connections behave as separate processes do towards SQLite's locks.
    let dir = tmp();
    let path = dir.path().join("shared.sqlite3");
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store =
                    Store::open(&path, OpenMode::CreateOrUpgrade, &crate::store::test_key())
                        .unwrap();
                store
                    .insert_officer(&NewOfficer {
                        code: format!("P{i}"),
                        name: format!("进程{i}"),
                        department: "测试".into(),
                        phone: None,
                    })
                    .unwrap();
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let store = Store::open(&path, OpenMode::Existing, &crate::store::test_key()).unwrap();
    assert_eq!(store.officers().unwrap().len(), 4);
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
}

#[test]
fn guarantee_and_counter_guarantee_round_trip_exactly() {
    let mut store = Store::open_in_memory().unwrap();
    let (_, gid) = seed_minimal(&mut store);
    let g = store.guarantee(gid).unwrap();
    assert_eq!(g.amount.yuan(), dec!(1234567.89));
    let cg = store.counter_guarantees(gid).unwrap();
    assert_eq!(cg[0].collateral_value.unwrap().yuan(), dec!(3000000.01));
    assert_eq!(cg[0].minimum_stock, Some(dec!(120.5)));
    let b = store.borrower(g.borrower_id).unwrap();
    assert_eq!(b.site_latitude, Some(dec!(30.7522)));
    let raw: i64 = store
        .conn()
        .query_row("SELECT amount_fen FROM guarantees", [], |r| r.get(0))
        .unwrap();
    assert_eq!(raw, 123_456_789);
    let typ: String = store
        .conn()
        .query_row("SELECT typeof(amount_fen) FROM guarantees", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(typ, "integer");
}

#[test]
fn a_visit_with_all_its_parts_round_trips_in_one_transaction() {
    let mut store = Store::open_in_memory().unwrap();
    let (officer, gid) = seed_minimal(&mut store);
    let new = NewVisit {
        guarantee_id: gid,
        kind: VisitKind::Periodic,
        method: VisitMethod::OnSite,
        visit_date: d("2026-04-10"),
        officer_id: officer,
        companion_officer_id: None,
        status: VisitStatus::Completed,
        policy_version: Some("2024.1".into()),
        conclusion: Some("实盘棉纱132.5吨".into()),
        measures: None,
        completed_at: Some("2026-04-11T17:30:00+08:00".parse().unwrap()),
        answers: vec![ChecklistAnswer {
            section: ChecklistSection::Operations,
            item_code: "A01".into(),
            question: "开工情况".into(),
            answer: "正常".into(),
            note: Some("三班倒".into()),
        }],
        inventory: vec![InventoryLine {
            goods_name: "棉纱".into(),
            unit: "吨".into(),
            book_quantity: dec!(140.25),
            counted_quantity: dec!(132.5),
            last_count_quantity: Some(dec!(150)),
            pledged_minimum: Some(dec!(120.5)),
            note: None,
        }],
        interviews: vec![WorkerInterview {
            role: "仓库管理员".into(),
            years_at_firm: Some(4),
            wages_paid_on_time: false,
            months_in_arrears: 1,
            shifts_per_day: Some(2),
            orders_on_hand: None,
            layoffs_seen: false,
            equipment_moved_out: true,
            notes: None,
        }],
        financials: vec![FinancialFigure {
            metric: FinancialMetric::DebtRatio,
            value: dec!(61.25),
            period: Some("2026-03".into()),
        }],
        photos: vec![NewPhoto {
            file_name: "仓库.jpg".into(),
            bytes: vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3],
            mime_type: "image/jpeg".into(),
            width: Some(4000),
            height: Some(3000),
            taken_at: Some(d("2026-04-10").and_hms_opt(10, 5, 0).unwrap()),
            latitude: Some(dec!(30.7530)),
            longitude: Some(dec!(120.7561)),
            caption: Some("质押棉纱堆位".into()),
            checklist_item: Some("D02".into()),
        }],
    };
    let vid = store.insert_visit(&new).unwrap();
    let v = store.visit(vid).unwrap();
    assert_eq!(v.answers, new.answers);
    assert_eq!(v.inventory, new.inventory);
    assert_eq!(v.interviews, new.interviews);
    assert_eq!(v.financials, new.financials);
    assert_eq!(v.completed_at, new.completed_at);
    assert_eq!(v.photos.len(), 1);
    assert_eq!(v.photos[0].byte_size, 7);
    assert_eq!(
        v.photos[0].sha256,
        crate::digest::sha256_hex(&new.photos[0].bytes)
    );
    assert_eq!(
        store.photo_bytes(v.photos[0].id).unwrap(),
        new.photos[0].bytes
    );

    // A visit whose part breaks a rule is not written at all.
    let mut bad = new.clone();
    bad.answers.push(bad.answers[0].clone()); // duplicate item code
    assert!(store.insert_visit(&bad).is_err());
    assert_eq!(store.visit_summaries(gid).unwrap().len(), 1);
    let lines: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM inventory_lines", [], |r| r.get(0))
        .unwrap();
    assert_eq!(lines, 1, "the failed visit left no rows behind");
}

#[test]
fn foreign_keys_are_enforced() {
    let mut store = Store::open_in_memory().unwrap();
    let (officer, _) = seed_minimal(&mut store);
    let err = store
        .insert_guarantee(&sample_guarantee("T-2", 999, officer), &[])
        .unwrap_err();
    assert!(matches!(err, StoreError::Sqlite(_)), "{err:?}");
}

#[test]
fn tier_change_is_kept_with_its_reason() {
    let mut store = Store::open_in_memory().unwrap();
    let (officer, gid) = seed_minimal(&mut store);
    assert!(
        store
            .change_risk_tier(gid, RiskTier::new(3).unwrap(), " ", d("2026-05-01"), None)
            .is_err()
    );
    store
        .change_risk_tier(
            gid,
            RiskTier::new(3).unwrap(),
            "工资拖欠两个月",
            d("2026-05-01"),
            Some(officer),
        )
        .unwrap();
    assert_eq!(store.guarantee(gid).unwrap().risk_tier.get(), 3);
    let changes = store.classification_changes(gid).unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].old_value.as_str(), changes[0].new_value.as_str()),
        ("2", "3")
    );
    assert!(
        store
            .change_five_level_class(
                gid,
                FiveLevelClass::SpecialMention,
                "",
                d("2026-06-30"),
                None
            )
            .is_err()
    );
    store
        .change_five_level_class(
            gid,
            FiveLevelClass::SpecialMention,
            "连续两月欠息",
            d("2026-06-30"),
            None,
        )
        .unwrap();
    assert_eq!(
        store.guarantee(gid).unwrap().five_level_class,
        FiveLevelClass::SpecialMention
    );
    let changes = store.classification_changes(gid).unwrap();
    assert_eq!(
        (
            changes[1].field.as_str(),
            changes[1].old_value.as_str(),
            changes[1].new_value.as_str()
        ),
        ("five_level_class", "normal", "special_mention")
    );
}

#[test]
fn demo_portfolio_is_realistic() {
    let mut store = Store::open_in_memory().unwrap();
    let today = d("2026-11-23");
    let summary = write_demo(&mut store, today).unwrap();
    assert!((38..=45).contains(&summary.guarantees), "{summary:?}");
    let list = store.guarantee_summaries().unwrap();
    assert_eq!(list.len(), summary.guarantees);
    for tier in 1..=4 {
        assert!(
            list.iter().any(|g| g.risk_tier.get() == tier),
            "tier {tier} present"
        );
    }
    for product in Product::ALL {
        assert!(list.iter().any(|g| g.product == *product), "{product:?}");
    }
    for status in GuaranteeStatus::ALL {
        assert!(list.iter().any(|g| g.status == *status), "{status:?}");
    }
    // Visits spread over the past two years.
    let oldest: NaiveDate = store
        .conn()
        .query_row("SELECT min(visit_date) FROM visits", [], |r| r.get(0))
        .unwrap();
    assert!((today - oldest).num_days() > 540, "oldest visit {oldest}");
    assert!(summary.visits > 150, "{summary:?}");
    assert!(summary.signals >= 10);
    // Some work is overdue: active tier-3 guarantees not visited on site for over 45 days.
    let overdue = list
        .iter()
        .filter(|g| g.status == GuaranteeStatus::Active && g.risk_tier.get() == 3)
        .filter(|g| {
            g.last_on_site_visit
                .is_none_or(|v| (today - v).num_days() > 45)
        })
        .count();
    assert!(overdue >= 2, "overdue tier-3 guarantees: {overdue}");
    assert!(
        store
            .open_tasks()
            .unwrap()
            .iter()
            .any(|t| t.due_date < today)
    );
    // Money adds up exactly.
    let totals = store.portfolio_totals().unwrap();
    let sum = list
        .iter()
        .filter(|g| g.status == GuaranteeStatus::Active)
        .fold(crate::money::Money::ZERO, |acc, g| {
            acc.checked_add(g.amount).unwrap()
        });
    assert_eq!(totals.active_amount, sum);
    // Refuses to write twice.
    assert!(matches!(
        write_demo(&mut store, today),
        Err(StoreError::NotEmpty { .. })
    ));
}

#[test]
fn demo_is_deterministic_for_a_date() {
    let a = {
        let mut s = Store::open_in_memory().unwrap();
        write_demo(&mut s, d("2026-11-23")).unwrap();
        serde_json::to_string(&s.guarantee_summaries().unwrap()).unwrap()
    };
    let b = {
        let mut s = Store::open_in_memory().unwrap();
        write_demo(&mut s, d("2026-11-23")).unwrap();
        serde_json::to_string(&s.guarantee_summaries().unwrap()).unwrap()
    };
    assert_eq!(a, b);
}

/// A visit of `gid` on `date` with only the given parts.
fn bare_visit(gid: GuaranteeId, officer: OfficerId, date: &str) -> NewVisit {
    NewVisit {
        guarantee_id: gid,
        kind: VisitKind::Periodic,
        method: VisitMethod::OnSite,
        visit_date: d(date),
        officer_id: officer,
        companion_officer_id: None,
        status: VisitStatus::Draft,
        policy_version: None,
        conclusion: None,
        measures: None,
        completed_at: None,
        answers: Vec::new(),
        inventory: Vec::new(),
        interviews: Vec::new(),
        financials: Vec::new(),
        photos: Vec::new(),
    }
}

fn figure(metric: FinancialMetric, value: rust_decimal::Decimal) -> FinancialFigure {
    FinancialFigure {
        metric,
        value,
        period: None,
    }
}

#[test]
fn a_stored_visit_raises_the_signals_its_facts_call_for_once() {
    use crate::policy::Policy;
    use crate::signals::SignalCatalog;
    let (policy, catalog) = (Policy::builtin(), SignalCatalog::builtin());
    let mut store = Store::open_in_memory().unwrap();
    let (officer, gid) = seed_minimal(&mut store);
    let mut earlier = bare_visit(gid, officer, "2026-08-10");
    earlier.status = VisitStatus::Completed;
    earlier.completed_at = Some("2026-08-10T18:00:00+08:00".parse().unwrap());
    earlier.financials = vec![
        figure(FinancialMetric::MonthlySales, dec!(320)),
        // Already a loss: a larger one now is W12 (004 item 12 "亏损额呈逐步增加").
        figure(FinancialMetric::MonthlyProfit, dec!(-1.5)),
    ];
    store.insert_visit(&earlier).unwrap();
    // A completed visit in between with no figures: the comparison skips it.
    let mut between = bare_visit(gid, officer, "2026-09-10");
    between.status = VisitStatus::Completed;
    between.completed_at = Some("2026-09-10T18:00:00+08:00".parse().unwrap());
    store.insert_visit(&between).unwrap();
    let mut visit = bare_visit(gid, officer, "2026-10-12");
    visit.inventory = vec![
        InventoryLine {
            goods_name: "棉纱".into(),
            unit: "吨".into(),
            book_quantity: dec!(140),
            counted_quantity: dec!(100),
            last_count_quantity: None,
            pledged_minimum: Some(dec!(120.5)),
            note: None,
        },
        InventoryLine {
            goods_name: "坯布".into(),
            unit: "米".into(),
            book_quantity: dec!(9000),
            counted_quantity: dec!(5000),
            last_count_quantity: None,
            pledged_minimum: None,
            note: None,
        },
    ];
    visit.interviews = vec![WorkerInterview {
        role: "挡车工".into(),
        years_at_firm: Some(2),
        wages_paid_on_time: false,
        months_in_arrears: 2,
        shifts_per_day: Some(2),
        orders_on_hand: None,
        layoffs_seen: false,
        equipment_moved_out: false,
        notes: None,
    }];
    visit.financials = vec![
        figure(FinancialMetric::MonthlySales, dec!(360)),
        figure(FinancialMetric::MonthlyProfit, dec!(-4.5)),
    ];
    let vid = store.insert_visit(&visit).unwrap();

    let proposed = store.proposed_signals(vid, &policy, &catalog).unwrap();
    let codes: Vec<&str> = proposed.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(codes, ["W06", "W12", "X01", "X02", "X03"]);
    // Two lines off their books are one X01 finding naming both.
    let x01 = &proposed[2];
    assert!(
        x01.evidence.contains("棉纱") && x01.evidence.contains("坯布"),
        "{}",
        x01.evidence
    );
    assert!(
        proposed
            .iter()
            .all(|s| s.found_on == d("2026-10-12") && s.visit_id == Some(vid))
    );
    assert!(
        proposed[0].evidence.contains("320 → 360"),
        "{}",
        proposed[0].evidence
    );

    // The officer raised X03 by hand already: it is not proposed again.
    store
        .insert_signal(&crate::signals::NewSignal::from_catalog(
            catalog.get("X03").unwrap(),
            gid,
            Some(vid),
            "挡车工反映8、9月工资未发",
            d("2026-10-12"),
        ))
        .unwrap();
    let raised = store
        .raise_signals_for_visit(vid, &policy, &catalog)
        .unwrap();
    assert_eq!(raised.len(), 4);
    assert!(raised.iter().all(|s| s.id > 0 && s.guarantee_id == gid));
    assert!(
        store
            .raise_signals_for_visit(vid, &policy, &catalog)
            .unwrap()
            .is_empty(),
        "running it again raises nothing twice"
    );
    assert_eq!(store.signals_of(gid).unwrap().len(), 5);
    assert!(matches!(
        store.proposed_signals(9999, &policy, &catalog),
        Err(StoreError::Missing { what: "visit", .. })
    ));
}

#[test]
fn a_stock_report_under_the_minimum_raises_x02_until_it_is_resolved() {
    use crate::signals::SignalCatalog;
    use crate::store::NewStockReport;
    let catalog = SignalCatalog::builtin();
    let mut store = Store::open_in_memory().unwrap();
    let (_, gid) = seed_minimal(&mut store);
    let pledge = store.counter_guarantees(gid).unwrap()[0].id;
    let report = |day: &str, qty| NewStockReport {
        counter_guarantee_id: pledge,
        reported_on: d(day),
        quantity: qty,
        source: "warehouse".into(),
        reporter: Some("仓库监管员".into()),
    };
    let ok = store
        .record_stock_report(&report("2026-11-02", dec!(120.5)), &catalog)
        .unwrap();
    assert!(ok.raised.is_none(), "at the minimum is not under it");
    let low = store
        .record_stock_report(&report("2026-11-03", dec!(98)), &catalog)
        .unwrap();
    let signal = low.raised.expect("X02 raised");
    assert_eq!(signal.code, "X02");
    assert_eq!(signal.found_on, d("2026-11-03"));
    assert_eq!(
        signal.evidence,
        "棉纱库存报告 98吨，低于质押最低库存量 120.5吨"
    );
    // Still low the next day: the open signal stands, no second one.
    let again = store
        .record_stock_report(&report("2026-11-04", dec!(97)), &catalog)
        .unwrap();
    assert!(again.raised.is_none());
    store
        .resolve_signal(signal.id, d("2026-11-06"), "补足质押物至130吨")
        .unwrap();
    let after = store
        .record_stock_report(&report("2026-11-20", dec!(110)), &catalog)
        .unwrap();
    assert!(
        after.raised.is_some(),
        "a new shortfall after resolution is raised"
    );
    assert!(
        store
            .record_stock_report(&report("2026-11-21", dec!(-1)), &catalog)
            .is_err()
    );
    let reports: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM stock_reports", [], |r| r.get(0))
        .unwrap();
    assert_eq!(reports, 4, "the refused report left no row");
}
