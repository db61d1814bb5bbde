//! Importing into a real store: new contracts, the same file again, an update of a few fields
//! kept in history, rows the laptop's data refuses, and the 台账 exported then imported.

use super::*;
use crate::calendar::WorkCalendar;
use crate::sheets::import::{ImportFile, check_mapping, guess_mapping, open_file, read_rows};
use crate::store::Store;
use crate::store::tests::seed_minimal;
use crate::store::{OpenMode, test_key};
use rust_decimal_macros::dec;

fn at() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-23T09:00:00+08:00").unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(
        dir.path().join("i.sqlite3"),
        OpenMode::CreateOrUpgrade,
        &test_key(),
    )
    .unwrap();
    (dir, store)
}

/// The file's rows under the guessed mapping, with no problem in the file itself.
fn rows_of(file: &ImportFile) -> (Vec<ColumnMapping>, Vec<ImportRow>) {
    let mapping = guess_mapping(&file.layout);
    check_mapping(&file.layout, &mapping).unwrap();
    let read = read_rows(&file.grid, &file.layout, &mapping);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    (mapping, read.rows)
}

fn write_all(store: &mut Store, file: &ImportFile) -> ImportOutcome {
    let (mapping, rows) = rows_of(file);
    store
        .write_import(
            &rows,
            &ImportSource {
                file_name: &file.file_name,
                sha256: &file.sha256,
                signature: &file.layout.signature,
                mapping: &mapping,
                skipped: 0,
                at: at(),
            },
            today(),
            false,
            Locale::ZhCn,
        )
        .unwrap()
}

fn csv(text: &str) -> ImportFile {
    open_file(text.as_bytes(), "明细.csv").unwrap()
}

const HEAD: &str = "合同编号,被担保人,贷款银行,担保品种,担保金额（万元）,起始日,到期日,风险等级,五级分类,项目经理,B角,反担保方式,上次实地检查日\n";

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn new_contracts_are_recorded_and_the_same_file_again_changes_nothing() {
    let (_dir, mut store) = store();
    seed_minimal(&mut store);
    let file = csv(&format!(
        "{HEAD}\
         WT-1,嘉兴市恒达纺织有限公司,中国工商银行嘉兴分行,流动资金贷款,500,2026-03-02,2027-03-01,2,正常,赵敏,李娜,抵押、保证,2026-09-15\n\
         WT-2,嘉兴市恒达纺织有限公司,中国工商银行嘉兴分行,银行承兑汇票,\"1,200.5\",2026/4/1,2027/3/31,关注,关注,李娜,,,\n"
    ));
    let (_, rows) = rows_of(&file);
    let preview = store.weigh_import(&rows, Locale::ZhCn).unwrap();
    assert_eq!(preview.new.len(), 2);
    assert_eq!(preview.new_officers, ["李娜"], "赵敏 is on the laptop");
    assert_eq!(preview.new_borrowers, ["嘉兴市恒达纺织有限公司"], "once");
    assert_eq!(
        count(&store, "SELECT count(*) FROM guarantees"),
        1,
        "a preview writes nothing"
    );

    let written = write_all(&mut store, &file);
    assert_eq!(written.new, preview.new);
    assert!(written.import_id.is_some());
    let summaries = store.guarantee_summaries().unwrap();
    let wt1 = summaries.iter().find(|s| s.contract_no == "WT-1").unwrap();
    assert_eq!(wt1.amount.yuan(), dec!(5000000));
    assert_eq!(wt1.officer_a, "赵敏");
    assert_eq!(wt1.officer_b.as_deref(), Some("李娜"));
    assert_eq!(
        wt1.counter_guarantee_kinds,
        [CounterGuaranteeKind::Mortgage, CounterGuaranteeKind::Surety]
    );
    assert_eq!(
        wt1.last_on_site_visit,
        NaiveDate::from_ymd_opt(2026, 9, 15),
        "the core system's last check counts"
    );
    let wt2 = summaries.iter().find(|s| s.contract_no == "WT-2").unwrap();
    assert_eq!(wt2.amount.yuan(), dec!(12005000));
    assert_eq!(wt2.risk_tier.get(), 3);
    assert_eq!(wt2.officer_b, None);

    // The same file again: nothing new, nothing changed, nothing written but the run itself.
    let again = write_all(&mut store, &file);
    assert!(
        again.new.is_empty() && again.changed.is_empty(),
        "{again:?}"
    );
    assert_eq!(again.unchanged, 2);
    assert_eq!(count(&store, "SELECT count(*) FROM guarantees"), 3);
    assert_eq!(count(&store, "SELECT count(*) FROM officers"), 2);
    assert_eq!(count(&store, "SELECT count(*) FROM counter_guarantees"), 3);
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM guarantee_changes WHERE field <> 'created'"
        ),
        0
    );
    assert_eq!(count(&store, "SELECT count(*) FROM import_runs"), 2);

    // The mapping is remembered for files laid out the same way.
    let (mapping, _) = rows_of(&file);
    assert_eq!(
        store.remembered_mapping(&file.layout.signature).unwrap(),
        Some(mapping)
    );
}

#[test]
fn an_update_changes_only_what_changed_and_keeps_it_in_history() {
    let (_dir, mut store) = store();
    seed_minimal(&mut store);
    write_all(
        &mut store,
        &csv(&format!(
            "{HEAD}WT-1,嘉兴市恒达纺织有限公司,中国工商银行嘉兴分行,流动资金贷款,500,2026-03-02,2027-03-01,2,正常,赵敏,,抵押,2026-09-15\n"
        )),
    );
    // Next month's file: tier up, class down, amount and maturity changed, a surety added,
    // an older check date (the laptop's later one stands); the other contract, T-1, is absent.
    let update = csv(&format!(
        "{HEAD}WT-1,嘉兴市恒达纺织有限公司,中国工商银行嘉兴分行,流动资金贷款,450,2026-03-02,2027-06-30,3,关注,赵敏,,抵押、保证,2026-08-01\n"
    ));
    let (_, rows) = rows_of(&update);
    let preview = store.weigh_import(&rows, Locale::ZhCn).unwrap();
    assert!(preview.new.is_empty() && preview.problems.is_empty());
    let [line] = &preview.changed[..] else {
        panic!("{preview:?}")
    };
    let shown: Vec<(ImportField, &str, &str)> = line
        .changes
        .iter()
        .map(|c| (c.field, c.before.as_str(), c.after.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            (ImportField::Amount, "5,000,000.00 元", "4,500,000.00 元"),
            (ImportField::MaturityDate, "2027-03-01", "2027-06-30"),
            (ImportField::RiskTier, "2（相对安全类）", "3（风险类）"),
            (ImportField::FiveLevelClass, "正常", "关注"),
            (ImportField::CounterGuarantees, "抵押", "抵押、保证"),
        ]
    );
    let written = write_all(&mut store, &update);
    assert_eq!(written.changed, preview.changed);

    let id: i64 = store
        .conn()
        .query_row(
            "SELECT id FROM guarantees WHERE contract_no = 'WT-1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let g = store.guarantee(id).unwrap();
    assert_eq!(g.amount.yuan(), dec!(4500000));
    assert_eq!(
        g.maturity_date,
        NaiveDate::from_ymd_opt(2027, 6, 30).unwrap()
    );
    assert_eq!(g.risk_tier.get(), 3);
    assert_eq!(g.five_level_class, FiveLevelClass::SpecialMention);
    let history: Vec<(String, Option<String>, Option<String>)> = store
        .conn()
        .prepare(
            "SELECT field, old_value, new_value FROM guarantee_changes
             WHERE guarantee_id = ?1 AND field <> 'created' ORDER BY id",
        )
        .unwrap()
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let some = |s: &str| Some(s.to_owned());
    assert_eq!(
        history,
        [
            ("amount".into(), some("5000000.00"), some("4500000.00")),
            (
                "maturity_date".into(),
                some("2027-03-01"),
                some("2027-06-30")
            ),
            ("risk_tier".into(), some("2"), some("3")),
            (
                "five_level_class".into(),
                some("normal"),
                some("special_mention")
            ),
            (
                "counter_guarantees".into(),
                some("mortgage"),
                some("mortgage,surety")
            ),
        ]
    );
    // Tier and class changes are classification changes with their reason, in the audit log.
    let changes = store.classification_changes(id).unwrap();
    assert_eq!(changes.len(), 2);
    assert!(
        changes
            .iter()
            .all(|c| c.reason == "台账导入：明细.csv 第 2 行")
    );
    let audit = store.verify_audit().unwrap();
    assert_eq!((audit.entries, audit.broken), (2, None));
    // The guarantee's file shows both imports, tier and class left to their own entries.
    let imports = store.imported_changes_of(id, Locale::ZhCn).unwrap();
    assert_eq!(imports.len(), 2);
    assert!(imports[0].created && imports[0].changes.is_empty());
    let shown: Vec<String> = imports[1]
        .changes
        .iter()
        .map(|c| {
            format!(
                "{}：{} → {}",
                c.field.label(Locale::ZhCn),
                c.before,
                c.after
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            "担保金额：5,000,000.00 元 → 4,500,000.00 元",
            "到期日：2027-03-01 → 2027-06-30",
            "反担保方式：抵押 → 抵押、保证",
        ]
    );
    // T-1 was not in the file and is untouched.
    assert_eq!(count(&store, "SELECT count(*) FROM guarantees"), 2);
}

#[test]
fn rows_the_laptop_cannot_take_are_shown_and_nothing_is_written_unless_skipped() {
    let (_dir, mut store) = store();
    seed_minimal(&mut store);
    // A tier update: T-1 is on the laptop; WT-9 is new and the file lacks what a new one needs.
    let file =
        csv("合同编号,风险等级,到期日\nT-1,4,2027-06-30\nWT-9,2,2027-01-01\nT-1x,1,2027-01-01\n");
    let mapping = guess_mapping(&file.layout);
    let read = read_rows(&file.grid, &file.layout, &mapping);
    assert_eq!(read.problems.len(), 0);
    let preview = store.weigh_import(&read.rows, Locale::ZhCn).unwrap();
    assert_eq!(preview.changed.len(), 1);
    let needed: Vec<(usize, &Problem)> = preview
        .problems
        .iter()
        .map(|p| (p.row, &p.problem))
        .collect();
    assert!(needed.contains(&(3, &Problem::NeededForNew(ImportField::Borrower))));
    assert!(needed.contains(&(4, &Problem::NeededForNew(ImportField::Amount))));
    assert!(
        !needed
            .iter()
            .any(|(_, p)| **p == Problem::NeededForNew(ImportField::RiskTier)),
        "the file has the tier"
    );
    let source = ImportSource {
        file_name: "tiers.csv",
        sha256: &file.sha256,
        signature: &file.layout.signature,
        mapping: &mapping,
        skipped: 0,
        at: at(),
    };
    let refused = store
        .write_import(&read.rows, &source, today(), false, Locale::ZhCn)
        .unwrap();
    assert_eq!(refused.import_id, None);
    assert_eq!(refused.problems, preview.problems);
    assert_eq!(count(&store, "SELECT count(*) FROM import_runs"), 0);
    assert_eq!(
        count(
            &store,
            "SELECT risk_tier FROM guarantees WHERE contract_no = 'T-1'"
        ),
        2
    );

    let written = store
        .write_import(&read.rows, &source, today(), true, Locale::ZhCn)
        .unwrap();
    assert_eq!(written.changed.len(), 1);
    assert_eq!(
        count(
            &store,
            "SELECT risk_tier FROM guarantees WHERE contract_no = 'T-1'"
        ),
        4
    );
    assert_eq!(count(&store, "SELECT rows_skipped FROM import_runs"), 2);
    assert_eq!(count(&store, "SELECT count(*) FROM guarantees"), 1);

    // A maturity that, with the laptop's start, comes first is refused for that row.
    let file = csv("合同编号,到期日\nT-1,2020-01-01\n");
    let (_, rows) = rows_of(&file);
    let preview = store.weigh_import(&rows, Locale::ZhCn).unwrap();
    assert!(matches!(
        preview.problems[0].problem,
        Problem::MaturityNotAfterStart { .. }
    ));
}

#[test]
fn the_ledger_exported_then_imported_changes_nothing() {
    let (_dir, mut store) = crate::store::tests_support::demo_store(today());
    let policy = store.policy_in_force().unwrap();
    let calendar = WorkCalendar::builtin();
    let ledger =
        crate::sheets::ledger_rows(&store, &policy, &calendar, today(), Locale::ZhCn).unwrap();
    let bytes = crate::sheets::write_ledger(&ledger, "测试担保", today()).unwrap();
    let file = open_file(&bytes, "台账.xlsx").unwrap();
    assert_eq!(file.layout.heading_row, 3);
    let (_, rows) = rows_of(&file);
    assert_eq!(rows.len(), ledger.len());
    let outcome = store.weigh_import(&rows, Locale::ZhCn).unwrap();
    assert!(
        outcome.new.is_empty() && outcome.changed.is_empty() && outcome.problems.is_empty(),
        "{:?}",
        outcome.changed
    );
    assert_eq!(outcome.unchanged, ledger.len());
    let before = crate::store::table_counts(store.conn()).unwrap();
    write_all(&mut store, &file);
    let after: Vec<(String, i64)> = crate::store::table_counts(store.conn())
        .unwrap()
        .into_iter()
        .filter(|(t, _)| !["import_runs", "import_mappings"].contains(&t.as_str()))
        .collect();
    let before: Vec<(String, i64)> = before
        .into_iter()
        .filter(|(t, _)| !["import_runs", "import_mappings"].contains(&t.as_str()))
        .collect();
    assert_eq!(before, after);
    let again =
        crate::sheets::ledger_rows(&store, &policy, &calendar, today(), Locale::ZhCn).unwrap();
    assert_eq!(again, ledger);
}

#[test]
fn the_core_systems_last_check_moves_the_next_periodic_check() {
    let (_dir, mut store) = store();
    seed_minimal(&mut store);
    let policy = store.policy_in_force().unwrap();
    let calendar = WorkCalendar::builtin();
    let next = |store: &Store| {
        crate::sheets::ledger_rows(store, &policy, &calendar, today(), Locale::ZhCn)
            .unwrap()
            .into_iter()
            .find(|r| r.contract_no == "T-1")
            .unwrap()
    };
    let before = next(&store);
    assert_eq!(before.last_on_site_visit, None);
    let outcome = write_all(
        &mut store,
        &csv("合同编号,上次实地检查日\nT-1,2026-11-02\n"),
    );
    assert_eq!(outcome.changed.len(), 1, "{outcome:?}");
    let after = next(&store);
    assert_eq!(
        after.last_on_site_visit,
        NaiveDate::from_ymd_opt(2026, 11, 2)
    );
    // Before, the first check was owed since January; now it is done (by the core system's
    // check); the next is the pre-maturity check (a periodic one from that visit would fall
    // after the January maturity).
    assert_eq!(
        before.next_check.map(|(kind, _)| kind).as_deref(),
        Some("首次检查")
    );
    let (kind, due) = after.next_check.expect("a check follows");
    assert_eq!(kind, "到期检查");
    assert!(
        due > today(),
        "the next check is after a visit three weeks ago: {due}"
    );
}
