use super::*;

#[test]
fn the_demo_file_is_written_once_with_the_demo_passphrase_and_then_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("演示").join("demo.sqlite3");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    assert!(ensure_demo_file(&path, today).unwrap());
    let key = crate::store::DbKey::for_file(&path, DEMO_PASSPHRASE).unwrap();
    let store = Store::open(&path, crate::store::OpenMode::Existing, &key).unwrap();
    assert!(!store.is_empty().unwrap());
    drop(store);
    let before = std::fs::read(&path).unwrap();
    assert!(!ensure_demo_file(&path, today).unwrap());
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // Another passphrase does not open it.
    let wrong = crate::store::DbKey::for_file(&path, "not-the-demo").unwrap();
    assert!(Store::open(&path, crate::store::OpenMode::Existing, &wrong).is_err());
}

#[test]
fn credit_codes_carry_a_valid_check_character() {
    for i in 0..BORROWERS.len() {
        let code = credit_code(i, false);
        assert_eq!(code.chars().count(), 18, "{code}");
    }
    let codes: std::collections::HashSet<_> = (0..BORROWERS.len())
        .map(|i| credit_code(i, false))
        .collect();
    assert_eq!(codes.len(), BORROWERS.len(), "credit codes are unique");
}

#[test]
fn every_scenario_names_a_real_borrower_and_signal_codes_exist() {
    let catalog = SignalCatalog::builtin();
    for sc in scenarios() {
        assert!(sc.borrower < BORROWERS.len());
    }
    for code in [
        "X03", "W08", "W36", "X04", "X02", "X01", "W07", "W01", "W20", "W31", "W21", "W03", "W05",
        "W34", "W45", "W06",
    ] {
        assert!(catalog.get(code).is_some(), "{code}");
    }
}

#[test]
fn the_demos_reports_read_like_real_work_not_copies_of_the_last() {
    // Issue 28: "its conclusions vary in wording"; a near copy is the policy's copied_share (60%)
    // of a report's free text in sentences alike to the last report's.
    let mut store = crate::store::Store::open_in_memory().unwrap();
    let today: chrono::NaiveDate = "2026-11-23".parse().unwrap();
    crate::demo::write_demo(&mut store, today).unwrap();
    let rules = store.policy_in_force().unwrap().evidence();
    let visits = store
        .visit_evidence("2025-11-24".parse().unwrap(), today)
        .unwrap();
    let officers = crate::evidence::by_officer::count(&visits, &rules);
    let shown: Vec<String> = officers
        .iter()
        .map(|o| format!("{} {}/{}", o.officer, o.near_copy_reports, o.visits))
        .collect();
    eprintln!("{shown:?}");
    for o in &officers {
        assert!(
            o.near_copy_reports * 10 <= o.visits,
            "{}: {} of {} reports near copies ({shown:?})",
            o.officer,
            o.near_copy_reports,
            o.visits
        );
    }
}
