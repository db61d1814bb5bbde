use super::*;
use proptest::prelude::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn working_days_after_follow_the_official_calendar() {
    let cal = WorkCalendar::builtin();
    // (from, n, expected, why)
    let table = [
        (
            "2026-02-13",
            2,
            "2026-02-24",
            "domain example: Sat 02-14 make-up, 02-15…23 Spring Festival",
        ),
        ("2026-02-13", 1, "2026-02-14", "make-up Saturday counts"),
        (
            "2026-02-14",
            1,
            "2026-02-24",
            "the whole Spring Festival is skipped",
        ),
        (
            "2026-02-27",
            1,
            "2026-02-28",
            "Sat 02-28 is a make-up working day",
        ),
        ("2026-09-30", 2, "2026-10-09", "National Day 10-01…07"),
        (
            "2026-09-30",
            3,
            "2026-10-10",
            "Sat 10-10 is a make-up working day",
        ),
        (
            "2026-09-18",
            1,
            "2026-09-20",
            "Sun 09-20 is a make-up working day, Sat 09-19 is not",
        ),
        ("2026-09-24", 1, "2026-09-28", "中秋 09-25…27"),
        ("2026-04-30", 1, "2026-05-06", "劳动节 05-01…05"),
        ("2026-05-08", 1, "2026-05-09", "Sat 05-09 make-up"),
        ("2026-06-18", 1, "2026-06-22", "端午 06-19…21"),
        (
            "2025-12-31",
            1,
            "2026-01-04",
            "元旦 2026-01-01…03, Sun 01-04 make-up, across the year",
        ),
        ("2025-09-26", 1, "2025-09-28", "Sun 2025-09-28 make-up"),
        (
            "2025-09-30",
            2,
            "2025-10-10",
            "2025 National Day and Mid-Autumn 10-01…08",
        ),
        ("2025-10-10", 1, "2025-10-11", "Sat 2025-10-11 make-up"),
        (
            "2025-01-24",
            1,
            "2025-01-26",
            "Sun 2025-01-26 make-up before Spring Festival",
        ),
        (
            "2025-01-24",
            3,
            "2025-02-05",
            "2025 Spring Festival 01-28…02-04",
        ),
        ("2025-04-03", 1, "2025-04-07", "清明 2025-04-04…06"),
        ("2025-04-25", 1, "2025-04-27", "Sun 2025-04-27 make-up"),
        (
            "2024-02-08",
            1,
            "2024-02-09",
            "2024 除夕 was officially a working day",
        ),
        (
            "2024-02-08",
            2,
            "2024-02-18",
            "2024 Spring Festival 02-10…17, Sun 02-18 make-up",
        ),
        (
            "2024-06-07",
            1,
            "2024-06-11",
            "端午 2024-06-10 with the weekend",
        ),
        ("2026-11-20", 2, "2026-11-24", "an ordinary weekend"),
        (
            "2026-11-23",
            0,
            "2026-11-23",
            "zero working days is the day itself",
        ),
    ];
    for (from, n, expected, why) in table {
        let mut gaps = CalendarGaps::default();
        assert_eq!(
            cal.working_days_after(d(from), n, &mut gaps),
            d(expected),
            "{from} + {n} working days: {why}"
        );
        assert!(gaps.is_empty(), "{from}: {why}");
    }
}

#[test]
fn working_days_before_mirror_after() {
    let cal = WorkCalendar::builtin();
    let mut gaps = CalendarGaps::default();
    assert_eq!(
        cal.working_days_before(d("2026-02-24"), 2, &mut gaps),
        d("2026-02-13")
    );
    assert_eq!(
        cal.working_days_before(d("2026-10-09"), 2, &mut gaps),
        d("2026-09-30")
    );
    assert_eq!(
        cal.working_days_before(d("2026-01-05"), 1, &mut gaps),
        d("2026-01-04")
    );
}

#[test]
fn a_year_without_data_falls_back_to_weekends_and_says_so() {
    let cal = WorkCalendar::builtin();
    let mut gaps = CalendarGaps::default();
    // 2027-01-01 is a Friday; without 2027 data it counts as a working day.
    assert_eq!(
        cal.working_days_after(d("2026-12-31"), 1, &mut gaps),
        d("2027-01-01")
    );
    assert_eq!(gaps.years().collect::<Vec<_>>(), vec![2027]);
    let mut gaps = CalendarGaps::default();
    assert_eq!(
        cal.working_days_after(d("2027-03-05"), 1, &mut gaps),
        d("2027-03-08")
    );
    assert_eq!(gaps.years().collect::<Vec<_>>(), vec![2027]);
    assert!(!cal.covers(2027));
    assert!(cal.covers(2024) && cal.covers(2025) && cal.covers(2026));
}

#[test]
fn day_kinds_name_the_holiday() {
    let cal = WorkCalendar::builtin();
    assert_eq!(
        cal.day_kind(d("2026-02-17")),
        DayKind::Holiday("春节".into())
    );
    assert_eq!(
        cal.day_kind(d("2026-02-14")),
        DayKind::MakeUpWorkday("春节".into())
    );
    assert_eq!(cal.day_kind(d("2026-11-22")), DayKind::Weekend);
    assert_eq!(cal.day_kind(d("2026-11-23")), DayKind::Workday);
    assert_eq!(
        cal.day_kind(d("2025-10-08")),
        DayKind::Holiday("国庆节、中秋节".into())
    );
    assert!(cal.source(2026).unwrap().contains("2026年部分节假日安排"));
}

#[test]
fn each_shipped_year_has_its_official_count_of_days_off_and_make_up_days() {
    let cal = WorkCalendar::builtin();
    // (year, declared days off incl. weekends inside spans, make-up working days)
    for (year, off, work) in [(2024, 28, 8), (2025, 28, 5), (2026, 33, 6)] {
        let mut n_off = 0;
        let mut n_work = 0;
        let mut day = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        while day.year() == year {
            match cal.day_kind(day) {
                DayKind::Holiday(_) => n_off += 1,
                DayKind::MakeUpWorkday(_) => n_work += 1,
                _ => {}
            }
            day = day.succ_opt().unwrap();
        }
        assert_eq!((n_off, n_work), (off, work), "{year}");
    }
}

#[test]
fn calendar_months_clamp_to_month_end() {
    let table = [
        ("2026-01-31", 1, "2026-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2024-08-31", 6, "2025-02-28"),
        ("2026-05-31", 1, "2026-06-30"),
        ("2026-11-23", 3, "2027-02-23"),
        ("2025-12-31", 2, "2026-02-28"),
    ];
    for (from, n, expected) in table {
        assert_eq!(add_months(d(from), n), d(expected), "{from} + {n} months");
    }
    assert_eq!(sub_months(d("2026-03-31"), 1), d("2026-02-28"));
    assert_eq!(sub_months(d("2024-03-30"), 1), d("2024-02-29"));
    let cal = WorkCalendar::builtin();
    let mut gaps = CalendarGaps::default();
    assert_eq!(
        Period::Years(1).after(d("2024-02-29"), &cal, &mut gaps),
        d("2025-02-28")
    );
    assert_eq!(
        Period::Days(15).before(d("2026-03-10"), &cal, &mut gaps),
        d("2026-02-23")
    );
}

#[test]
fn quarters() {
    assert_eq!(quarter_end(d("2026-11-23")), d("2026-12-31"));
    assert_eq!(quarter_end(d("2026-02-10")), d("2026-03-31"));
    assert_eq!(quarter_end(d("2024-05-05")), d("2024-06-30"));
    assert_eq!(quarter_end(d("2026-09-30")), d("2026-09-30"));
    assert_eq!(quarter_start(d("2026-11-23")), d("2026-10-01"));
    assert_eq!(quarter_label(d("2026-11-23")), "2026Q4");
}

#[test]
fn periods_read_in_chinese_and_english() {
    let table = [
        ("15 天", Period::Days(15)),
        ("15天", Period::Days(15)),
        ("15 days", Period::Days(15)),
        ("2 个工作日", Period::WorkingDays(2)),
        ("2個工作日", Period::WorkingDays(2)),
        ("2 working days", Period::WorkingDays(2)),
        ("6 个月", Period::Months(6)),
        ("1 month", Period::Months(1)),
        ("1 年", Period::Years(1)),
        ("0 天", Period::Days(0)),
    ];
    for (text, expected) in table {
        assert_eq!(text.parse::<Period>(), Ok(expected), "{text}");
        assert_eq!(expected.to_string().parse::<Period>(), Ok(expected));
    }
    for bad in ["", "天", "15 周", "-1 天", "1.5 个月", "fifteen days"] {
        assert!(bad.parse::<Period>().is_err(), "{bad}");
    }
}

#[test]
fn a_bad_year_file_names_key_and_line() {
    let text = "year = 2027\nsource = \"x\"\n\n[[holiday]]\nname = \"元旦\"\nfrom = 2027-01-01\nto = 2027-01-01\nwork = []\n\n[[holiday]]\nname = \"春节\"\nfrom = 2027-02-06\nto = 2027-02-12\nwork = [2027-02-15]\n";
    let mut cal = WorkCalendar::builtin();
    let e = cal.add_year(text, "2027.toml").unwrap_err();
    assert_eq!((e.line, e.key.as_str()), (14, "holiday[2].work"), "{e}");
    assert!(e.detail.contains("不是周末"), "{e}");

    let bad_date = text.replace("2027-02-12", "2027-02-30");
    let e = cal.add_year(&bad_date, "2027.toml").unwrap_err();
    assert_eq!(e.line, 13, "{e}");

    let dup = BUILTIN_YEARS[2].1;
    let e = cal.add_year(dup, "again.toml").unwrap_err();
    assert_eq!(e.key, "year", "{e}");

    let good = text.replace("[2027-02-15]", "[2027-02-20]");
    assert_eq!(cal.add_year(&good, "2027.toml"), Ok(2027));
    assert!(cal.covers(2027));
    assert!(!cal.is_working_day(d("2027-02-08")));
    assert!(cal.is_working_day(d("2027-02-20")));
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0i64..(4 * 366)).prop_map(|n| d("2024-01-01") + chrono::Duration::days(n))
}

proptest! {
    #[test]
    fn the_nth_working_day_is_a_working_day_with_n_working_days_between(
        from in any_date(), n in 1u32..30,
    ) {
        let cal = WorkCalendar::builtin();
        let mut gaps = CalendarGaps::default();
        let due = cal.working_days_after(from, n, &mut gaps);
        prop_assert!(due > from);
        prop_assert!(cal.is_working_day(due));
        let mut count = 0;
        let mut day = from.succ_opt().unwrap();
        while day <= due {
            if cal.is_working_day(day) { count += 1; }
            day = day.succ_opt().unwrap();
        }
        prop_assert_eq!(count, n);
    }

    #[test]
    fn a_later_start_never_gives_an_earlier_working_day(
        a in any_date(), b in any_date(), n in 0u32..20,
    ) {
        let cal = WorkCalendar::builtin();
        let mut gaps = CalendarGaps::default();
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(cal.working_days_after(lo, n, &mut gaps) <= cal.working_days_after(hi, n, &mut gaps));
    }

    #[test]
    fn before_undoes_after_on_working_days(from in any_date(), n in 1u32..20) {
        let cal = WorkCalendar::builtin();
        let mut gaps = CalendarGaps::default();
        let due = cal.working_days_after(from, n, &mut gaps);
        let back = cal.working_days_before(due, n, &mut gaps);
        prop_assert!(back <= from);
        prop_assert_eq!(cal.working_days_after(back, n, &mut gaps), due);
    }

    #[test]
    fn months_never_overflow_into_the_next_month(from in any_date(), n in 0u32..40) {
        let to = add_months(from, n);
        let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
        prop_assert_eq!(months, n as i32);
        prop_assert!(to.day() <= from.day());
    }
}
