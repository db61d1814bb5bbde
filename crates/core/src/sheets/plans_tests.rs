//! The quarter's paperwork written from the demo database and read back with calamine.

use super::*;
use calamine::{Data, Reader, Xlsx};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 23)
}

fn demo() -> (tempfile::TempDir, Store) {
    crate::store::tests_support::demo_store(today())
}

fn sheet(bytes: Vec<u8>, name: &str) -> calamine::Range<Data> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    book.worksheet_range(name).unwrap()
}

fn text(range: &calamine::Range<Data>, r: u32, c: u32) -> String {
    match range.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::DateTime(t)) => t.as_datetime().unwrap().date().to_string(),
        _ => String::new(),
    }
}

#[test]
fn the_plan_is_for_this_quarter_until_its_due_day_then_the_next() {
    let (_dir, store) = demo();
    let policy = store.policy_in_force().unwrap();
    assert_eq!(policy.quarterly_review.visit_plan_day, 10);
    for (day, quarter) in [
        (d(2026, 11, 23), d(2027, 1, 1)),
        (d(2026, 12, 31), d(2027, 1, 1)),
        (d(2027, 1, 1), d(2027, 1, 1)),
        (d(2027, 1, 10), d(2027, 1, 1)),
        (d(2027, 1, 11), d(2027, 4, 1)),
        (d(2027, 2, 5), d(2027, 4, 1)),
        (d(2026, 7, 10), d(2026, 7, 1)),
    ] {
        assert_eq!(plan_quarter(day, &policy), quarter, "{day}");
    }
    assert_eq!(quarter_name(d(2027, 2, 5)), "2027年第1季度");
}

#[test]
fn the_visit_plan_lists_every_check_of_the_quarter_by_officer() {
    let (_dir, store) = demo();
    let policy = store.policy_in_force().unwrap();
    let calendar = WorkCalendar::builtin();
    let q = plan_quarter(today(), &policy);
    let rows = visit_plan_rows(&store, &policy, &calendar, q, today(), Locale::ZhCn).unwrap();
    assert!(!rows.is_empty());
    let (qs, qe) = (d(2027, 1, 1), d(2027, 3, 31));
    for r in &rows {
        assert!(r.planned <= qe, "{r:?}");
        assert_eq!(r.carried_over, r.planned < qs, "{r:?}");
        assert!(r.planned <= r.maturity || r.kind != TaskKind::PeriodicCheck || !r.projected);
    }
    assert!(
        rows.windows(2)
            .all(|w| (&w[0].officer, w[0].planned) <= (&w[1].officer, w[1].planned))
    );
    // A tier-3 guarantee (monthly) maturing after the quarter is planned about monthly.
    let summaries = store.guarantee_summaries().unwrap();
    let monthly = summaries
        .iter()
        .filter(|g| {
            g.risk_tier.get() == 3 && g.maturity_date > qe && g.status == GuaranteeStatus::Active
        })
        .collect::<Vec<_>>();
    assert!(!monthly.is_empty(), "the demo has tier-3 guarantees");
    for g in monthly {
        let in_quarter = rows
            .iter()
            .filter(|r| r.contract_no == g.contract_no && r.planned >= qs)
            .count();
        assert!(
            in_quarter >= 2,
            "{} has {in_quarter} checks in Q1",
            g.contract_no
        );
    }
    assert!(rows.iter().any(|r| r.projected));

    let bytes = write_visit_plan(&rows, "测试担保", q, &policy, today(), Locale::ZhCn).unwrap();
    let range = sheet(bytes, "回访计划表");
    assert_eq!(text(&range, 0, 0), "测试担保 2027年第1季度回访计划表");
    assert!(
        text(&range, 1, 0).contains("应于 2027-01-10 前报送"),
        "{}",
        text(&range, 1, 0)
    );
    for (c, h) in PLAN_HEADINGS.iter().enumerate() {
        assert_eq!(text(&range, 2, c as u32), *h);
    }
    assert_eq!(text(&range, 3, 2), rows[0].contract_no);
    assert_eq!(text(&range, 3, 8), rows[0].planned.to_string());
    assert_eq!(range.height(), 3 + rows.len());
}

#[test]
fn the_risk_table_shows_each_tier_at_the_quarter_before_and_now_with_the_reason() {
    let (_dir, mut store) = demo();
    let g = store
        .guarantee_summaries()
        .unwrap()
        .into_iter()
        .find(|g| g.status == GuaranteeStatus::Active && g.risk_tier.get() == 2)
        .unwrap();
    store
        .change_risk_tier(
            g.id,
            RiskTier::new(3).unwrap(),
            "应收账款大幅增加",
            d(2026, 11, 2),
            None,
        )
        .unwrap();
    let rows = risk_table_rows(&store, today(), Locale::ZhCn).unwrap();
    let active = store
        .guarantee_summaries()
        .unwrap()
        .iter()
        .filter(|s| s.status == GuaranteeStatus::Active)
        .count();
    assert_eq!(rows.len(), active);
    let row = rows
        .iter()
        .find(|r| r.contract_no == g.contract_no)
        .unwrap();
    assert_eq!((row.tier_before.get(), row.tier_after.get()), (2, 3));
    assert!(
        row.changes
            .iter()
            .any(|c| c == "2026-11-02 风险等级 2→3：应收账款大幅增加"),
        "{:?}",
        row.changes
    );
    // In the quarter before, the change had not happened.
    let q3 = risk_table_rows(&store, d(2026, 8, 1), Locale::ZhCn).unwrap();
    let before = q3.iter().find(|r| r.contract_no == g.contract_no).unwrap();
    assert_eq!(before.tier_after.get(), 2);
    assert!(before.changes.iter().all(|c| !c.contains("应收账款")));
    // Highest tier first.
    assert!(rows.windows(2).all(|w| w[0].tier_after >= w[1].tier_after));

    let bytes = write_risk_table(
        &rows,
        "测试担保",
        today(),
        today(),
        &crate::policy::Policy::builtin(),
        Locale::ZhCn,
    )
    .unwrap();
    let range = sheet(bytes.clone(), "风险分类表");
    assert_eq!(
        text(&range, 0, 0),
        "测试担保 2026年第4季度在保客户风险分类表"
    );
    let line = (3..range.height() as u32)
        .find(|r| text(&range, *r, 2) == g.contract_no)
        .unwrap();
    assert_eq!(text(&range, line, 8), "2（相对安全类）");
    assert_eq!(text(&range, line, 9), "3（风险类）");
    assert_eq!(text(&range, line, 10), "上调");
    let totals = sheet(bytes, "分类汇总");
    let tier3: f64 = match totals.get_value((5, 2)) {
        Some(Data::Float(f)) => *f,
        other => panic!("{other:?}"),
    };
    assert_eq!(text(&totals, 5, 0), "风险等级 3（风险类）");
    assert_eq!(
        tier3 as usize,
        rows.iter().filter(|r| r.tier_after.get() == 3).count()
    );
}

#[test]
fn overdue_work_is_counted_by_officer_and_listed() {
    let (_dir, store) = demo();
    let policy = store.policy_in_force().unwrap();
    let calendar = WorkCalendar::builtin();
    let rows = overdue_rows(&store, &policy, &calendar, today(), Locale::ZhCn).unwrap();
    assert!(!rows.is_empty(), "the demo has overdue work");
    assert!(rows.iter().all(|r| r.days_overdue > 0 && r.due < today()));
    let bytes = write_overdue(&rows, "测试担保", today(), Locale::ZhCn).unwrap();
    let summary = sheet(bytes.clone(), "按项目经理汇总");
    let mut listed = 0.0;
    for r in 3..summary.height() as u32 {
        if let Some(Data::Float(n)) = summary.get_value((r, 1)) {
            listed += n;
        }
    }
    assert_eq!(listed as usize, rows.len());
    let detail = sheet(bytes, "逾期明细");
    assert_eq!(detail.height(), 3 + rows.len());
}

#[test]
fn the_work_log_has_every_visit_and_call_of_the_period() {
    let (_dir, store) = demo();
    let (from, to) = (d(2026, 10, 1), d(2026, 11, 23));
    let entries = store.work_log(from, to, None).unwrap();
    assert!(entries.iter().any(|e| e.method == "on_site"));
    assert!(entries.windows(2).all(|w| w[0].day <= w[1].day));
    assert!(entries.iter().all(|e| e.day >= from && e.day <= to));
    let officer = entries[0].officer.clone();
    let mine = store.work_log(from, to, Some(&officer)).unwrap();
    assert!(!mine.is_empty() && mine.len() < entries.len());
    assert!(
        mine.iter()
            .all(|e| e.officer == officer || e.companion.as_deref() == Some(officer.as_str()))
    );
    let bytes = write_work_log(&mine, "测试担保", from, to, Some(&officer), Locale::ZhCn).unwrap();
    let range = sheet(bytes, "工作日志");
    assert_eq!(text(&range, 0, 0), format!("测试担保 {officer} 工作日志"));
    for (c, h) in LOG_HEADINGS.iter().enumerate() {
        assert_eq!(text(&range, 2, c as u32), *h);
    }
    assert_eq!(text(&range, 3, 0), mine[0].day.to_string());
    assert_eq!(range.height(), 3 + mine.len());
}
