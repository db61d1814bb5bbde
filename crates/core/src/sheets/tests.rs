//! The 台账 written from the demo database and read back with calamine.

use super::*;
use calamine::{Data, Reader, Xlsx};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

#[test]
fn the_ledger_has_a_line_per_guarantee_with_its_next_check_and_signals_and_reads_back() {
    let (_dir, store) = crate::store::tests_support::demo_store(today());
    let policy = store.policy_in_force().unwrap();
    let calendar = WorkCalendar::builtin();
    let rows = ledger_rows(&store, &policy, &calendar, today(), Locale::ZhCn).unwrap();
    let summaries = store.guarantee_summaries().unwrap();
    assert_eq!(rows.len(), summaries.len());
    assert!(
        rows.windows(2)
            .all(|w| w[0].contract_no <= w[1].contract_no)
    );
    assert!(
        rows.iter().any(|r| r.days_overdue > 0),
        "the demo has overdue work"
    );
    assert!(rows.iter().any(|r| !r.open_signals.is_empty()));
    assert!(
        rows.iter()
            .filter(|r| r.status == "在保")
            .all(|r| r.next_check.is_some()),
        "every active guarantee owes a check"
    );

    let bytes = write_ledger(&rows, &policy.document().company, today()).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("保后管理台账").unwrap();
    let cell = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert!(matches!(cell(0, 0), Data::String(s) if s.ends_with("保后管理台账")));
    for (c, h) in LEDGER_HEADINGS.iter().enumerate() {
        assert_eq!(cell(2, c as u32), Data::String((*h).to_owned()));
    }
    for (i, r) in rows.iter().enumerate() {
        let row = 3 + i as u32;
        assert_eq!(cell(row, 1), Data::String(r.contract_no.clone()));
        assert_eq!(cell(row, 2), Data::String(r.borrower.clone()));
        let Data::Float(amount) = cell(row, 5) else {
            panic!("amount is a number")
        };
        assert_eq!(
            rust_decimal::Decimal::from_f64_retain(amount)
                .unwrap()
                .round_dp(6),
            r.amount_wan.round_dp(6),
            "{}",
            r.contract_no
        );
        let Data::DateTime(start) = cell(row, 6) else {
            panic!("start is a date")
        };
        assert_eq!(start.as_datetime().unwrap().date(), r.start_date);
        match &r.next_check {
            Some((kind, due)) => {
                assert_eq!(cell(row, 15), Data::String(kind.clone()));
                let Data::DateTime(d) = cell(row, 16) else {
                    panic!("due is a date")
                };
                assert_eq!(d.as_datetime().unwrap().date(), *due);
            }
            None => assert_eq!(cell(row, 16), Data::Empty),
        }
        // A cell written with no text reads back empty.
        let signals = r.open_signals.join("；");
        let expected = if signals.is_empty() {
            Data::Empty
        } else {
            Data::String(signals)
        };
        assert_eq!(cell(row, 18), expected);
    }
    // The total line sums the amounts (its cached value is left for Excel to compute).
    let total_row = 3 + rows.len() as u32;
    assert_eq!(cell(total_row, 0), Data::String("合计".into()));
    let formulas = book.worksheet_formula("保后管理台账").unwrap();
    let f = formulas
        .get_value((total_row, 5))
        .cloned()
        .unwrap_or_default();
    assert_eq!(f, format!("SUM(F4:F{})", 3 + rows.len()));
}
