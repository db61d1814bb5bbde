//! Reading the core system's files: a workbook with a title, a two-row merged heading, blank
//! rows, dates as serials and as text, amounts in 万元 with separators, broken rows; a GBK CSV.

use super::fields::HEADING_SEARCH_ROWS;
use super::rows::parse_class;
use super::*;
use crate::money::Money;
use crate::portfolio::{CounterGuaranteeKind, FiveLevelClass, Product, RiskTier};
use crate::sheets::read::FileKind;
use crate::sheets::read::{Cell, ReadError};
use proptest::prelude::*;
use rust_decimal_macros::dec;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A 在保项目明细表 as a core system exports it: title and date lines, a heading over two rows
/// (担保期限 spanning 起始日 and 到期日, the rest merged down), then rows of every kind.
pub(crate) fn core_system_workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("在保明细").unwrap();
    let plain = Format::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .merge_range(
            0,
            0,
            0,
            11,
            "嘉兴市融信融资担保有限公司 在保项目明细表",
            &plain,
        )
        .unwrap();
    sheet.write_string(1, 0, "数据日期：2026-11-20").unwrap();
    let down = [
        (0, "合同编号"),
        (1, "被担保人"),
        (2, "贷款银行"),
        (3, "担保品种"),
        (4, "担保金额(万元)"),
        (7, "风险等级"),
        (8, "五级分类"),
        (9, "项目经理"),
        (10, "反担保方式"),
        (11, "上次实地检查日"),
    ];
    for (c, h) in down {
        sheet.merge_range(2, c, 3, c, h, &plain).unwrap();
    }
    sheet.merge_range(2, 5, 2, 6, "担保期限", &plain).unwrap();
    sheet.write_string(3, 5, "起始日").unwrap();
    sheet.write_string(3, 6, "到期日").unwrap();
    let serial = |y: u16, m: u8, day: u8| ExcelDateTime::from_ymd(y, m, day).unwrap();

    // Row 5: numbers and date cells.
    sheet.write_string(4, 0, "WT-2026-101").unwrap();
    sheet.write_string(4, 1, "嘉兴市恒达纺织有限公司").unwrap();
    sheet.write_string(4, 2, "中国工商银行嘉兴分行").unwrap();
    sheet.write_string(4, 3, "流动资金贷款").unwrap();
    sheet.write_number(4, 4, 500).unwrap();
    sheet
        .write_datetime_with_format(4, 5, serial(2026, 3, 2), &date)
        .unwrap();
    sheet
        .write_datetime_with_format(4, 6, serial(2027, 3, 1), &date)
        .unwrap();
    sheet.write_number(4, 7, 2).unwrap();
    sheet.write_string(4, 8, "正常").unwrap();
    sheet.write_string(4, 9, "王建国").unwrap();
    sheet.write_string(4, 10, "抵押、保证").unwrap();
    sheet
        .write_datetime_with_format(4, 11, serial(2026, 9, 15), &date)
        .unwrap();
    // Row 6 blank. Row 7: text everywhere, thousands separators, slashes and 年月日.
    let texts = [
        "WT-2026-102",
        "海宁市金盛皮革制品有限公司",
        "浙江海宁农村商业银行",
        "银承",
        "1,200.50",
        "2026/3/1",
        "2027年2月28日",
        "风险类",
        "关注类",
        "李娜（0021）",
        "房产抵押",
        "",
    ];
    for (c, t) in texts.iter().enumerate() {
        sheet.write_string(6, c as u16, *t).unwrap();
    }
    // Row 8: ISO and dotted dates, a serial number kept as a plain number, an amount with 万.
    let texts = [
        "WT-2026-103",
        "平湖市远洋箱包有限公司",
        "中国农业银行平湖支行",
        "贸易融资",
        "80万",
        "2026-03-01",
        "2027.03.01",
        "第3级",
        "次级",
        "王建国",
        "",
        "",
    ];
    for (c, t) in texts.iter().enumerate() {
        sheet.write_string(7, c as u16, *t).unwrap();
    }
    sheet.write_number(7, 11, 46235).unwrap(); // 2026-08-01
    // Row 9: broken three ways. Row 10: row 5's contract again. Row 11: totals.
    let texts = [
        "WT-2026-104",
        "桐乡市新锐五金有限公司",
        "中国银行桐乡支行",
        "流动资金贷款",
        "abc",
        "2026-02-30",
        "2027-02-28",
        "5",
        "正常",
        "王建国",
        "",
        "",
    ];
    for (c, t) in texts.iter().enumerate() {
        sheet.write_string(8, c as u16, *t).unwrap();
    }
    sheet.write_string(9, 0, "WT-2026-101").unwrap();
    sheet.write_string(9, 1, "嘉兴市恒达纺织有限公司").unwrap();
    sheet.merge_range(10, 0, 10, 3, "合计", &plain).unwrap();
    sheet.write_formula(10, 4, "=SUM(E5:E10)").unwrap();
    sheet.write_string(12, 0, "制表人：张敏").unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn a_core_system_workbook_is_read_with_its_merged_heading_and_every_kind_of_cell() {
    let file = open_file(&core_system_workbook(), "在保明细.xlsx").unwrap();
    assert_eq!(file.grid.kind, FileKind::Xlsx);
    assert_eq!(file.grid.sheet, "在保明细");
    // The second heading row, where 起始日 and 到期日 are; the merged cells fill the rest.
    assert_eq!(file.layout.heading_row, 4);
    let mapping = guess_mapping(&file.layout);
    let fields: Vec<Option<ImportField>> = mapping.iter().map(|m| m.field).collect();
    use ImportField as F;
    assert_eq!(
        fields,
        [
            F::ContractNo,
            F::Borrower,
            F::LendingBank,
            F::Product,
            F::Amount,
            F::StartDate,
            F::MaturityDate,
            F::RiskTier,
            F::FiveLevelClass,
            F::OfficerA,
            F::CounterGuarantees,
            F::LastOnSiteVisit,
        ]
        .map(Some)
    );
    check_mapping(&file.layout, &mapping).unwrap();
    let read = read_rows(&file.grid, &file.layout, &mapping);

    assert_eq!(read.rows.len(), 3, "{read:#?}");
    let [a, b, c] = &read.rows[..] else {
        unreachable!()
    };
    assert_eq!(a.row, 5);
    assert_eq!(a.amount, Some(Money::from_wan(dec!(500)).unwrap()));
    assert_eq!(
        (a.start_date, a.maturity_date),
        (Some(d(2026, 3, 2)), Some(d(2027, 3, 1)))
    );
    assert_eq!(a.risk_tier, Some(RiskTier::new(2).unwrap()));
    assert_eq!(
        a.counter_guarantees,
        Some(vec![
            CounterGuaranteeKind::Mortgage,
            CounterGuaranteeKind::Surety
        ])
    );
    assert_eq!(a.last_on_site_visit, Some(Some(d(2026, 9, 15))));
    assert_eq!(a.officer_b, None, "no B角 column: left as it is");

    assert_eq!(b.row, 7);
    assert_eq!(b.amount, Some(Money::from_wan(dec!(1200.50)).unwrap()));
    assert_eq!(b.product, Some(Product::BankAcceptanceBill));
    assert_eq!(
        (b.start_date, b.maturity_date),
        (Some(d(2026, 3, 1)), Some(d(2027, 2, 28)))
    );
    assert_eq!(b.risk_tier, Some(RiskTier::new(3).unwrap()));
    assert_eq!(b.five_level_class, Some(FiveLevelClass::SpecialMention));
    assert_eq!(
        b.officer_a,
        Some(OfficerName {
            name: "李娜".into(),
            code: Some("0021".into())
        })
    );
    assert_eq!(b.last_on_site_visit, Some(None));

    assert_eq!(c.amount, Some(Money::from_wan(dec!(80)).unwrap()));
    assert_eq!(
        (c.start_date, c.maturity_date),
        (Some(d(2026, 3, 1)), Some(d(2027, 3, 1)))
    );
    assert_eq!(c.last_on_site_visit, Some(Some(d(2026, 8, 1))));
    assert_eq!(c.counter_guarantees, Some(vec![]));

    // Row 9 broken three ways, row 10 a second WT-2026-101 (with its blanks); the blank row,
    // the totals and the note are passed over.
    let problems: Vec<(usize, &Problem)> =
        read.problems.iter().map(|p| (p.row, &p.problem)).collect();
    assert!(problems.contains(&(9, &Problem::BadAmount("abc".into()))));
    assert!(problems.contains(&(
        9,
        &Problem::BadDate {
            field: F::StartDate,
            text: "2026-02-30".into()
        }
    )));
    assert!(problems.contains(&(9, &Problem::UnknownTier("5".into()))));
    assert!(problems.contains(&(
        10,
        &Problem::DuplicateContract {
            contract_no: "WT-2026-101".into(),
            first_row: 5
        }
    )));
    assert!(problems.contains(&(10, &Problem::Blank(F::LendingBank))));
    assert!(
        problems.iter().all(|(row, _)| [9, 10].contains(row)),
        "{problems:?}"
    );
    assert_eq!(
        read.passed_over, 4,
        "rows 6 and 12 blank, 11 totals, 13 a note"
    );
}

#[test]
fn a_gbk_csv_with_a_two_row_heading_and_amounts_in_yuan_reads_the_same_way() {
    let text = "在保项目明细\n\
        合同编号,借款人,合作银行,业务品种,担保金额（元）,担保期限,,风险等级,五级分类,客户经理,B角\n\
        ,,,,,起始日期,到期日期,,,,\n\
        WT-9,常州恒力机械有限公司,江苏银行常州分行,流动资金贷款,\"5,000,000.00\",2026-03-02,2027-03-01,良好,正常,王建国,李娜\n\
        ,,,,,,,,,,\n\
        WT-10,常州恒力机械有限公司,江苏银行常州分行,流资,300万,2026/4/1,2027/3/31,4,损失,李娜,\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    let file = open_file(&gbk, "明细.csv").unwrap();
    assert_eq!(file.grid.kind, FileKind::Csv);
    assert_eq!(file.layout.heading_row, 3);
    let mapping = guess_mapping(&file.layout);
    check_mapping(&file.layout, &mapping).unwrap();
    let read = read_rows(&file.grid, &file.layout, &mapping);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    assert_eq!(read.passed_over, 1);
    let [a, b] = &read.rows[..] else {
        panic!("{read:?}")
    };
    assert_eq!(a.borrower.as_deref(), Some("常州恒力机械有限公司"));
    assert_eq!(a.amount, Some(Money::from_yuan(dec!(5000000)).unwrap()));
    assert_eq!(a.risk_tier, Some(RiskTier::new(1).unwrap()));
    assert_eq!(
        a.officer_b,
        Some(Some(OfficerName {
            name: "李娜".into(),
            code: None
        }))
    );
    assert_eq!(b.amount, Some(Money::from_wan(dec!(300)).unwrap()));
    assert_eq!(b.product, Some(Product::WorkingCapitalLoan));
    assert_eq!(b.five_level_class, Some(FiveLevelClass::Loss));
    assert_eq!(b.officer_b, Some(None), "a blank B角 clears it");
}

#[test]
fn an_old_xls_with_merged_headings_reads_like_the_xlsx() {
    // Written by xlwt as the older core systems do: a merged title, a two-row heading with
    // 担保期限 spanning 起始日 and 到期日, a date cell and text dates.
    let file = open_file(include_bytes!("../fixtures/core-system.xls"), "明细.xls").unwrap();
    assert_eq!(file.grid.kind, FileKind::Xls);
    assert_eq!(file.layout.heading_row, 3);
    let mapping = guess_mapping(&file.layout);
    check_mapping(&file.layout, &mapping).unwrap();
    let read = read_rows(&file.grid, &file.layout, &mapping);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let [a, b] = &read.rows[..] else {
        panic!("{read:?}")
    };
    assert_eq!(a.contract_no, "WT-XLS-1");
    assert_eq!(a.amount, Some(Money::from_wan(dec!(500)).unwrap()));
    assert_eq!(
        (a.start_date, a.maturity_date),
        (Some(d(2026, 3, 2)), Some(d(2027, 3, 1)))
    );
    assert_eq!(b.amount, Some(Money::from_wan(dec!(1200.50)).unwrap()));
    assert_eq!(b.maturity_date, Some(d(2027, 2, 28)));
    assert_eq!(b.risk_tier, Some(RiskTier::new(3).unwrap()));
}

#[test]
fn a_path_is_read_whole_unless_missing_or_larger_than_a_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("无此文件.xlsx");
    assert!(matches!(
        open_path(&missing),
        Err(ImportError::CannotRead { .. })
    ));
    // A sparse file: no disk is spent on it.
    let huge = dir.path().join("huge.csv");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(FILE_LIMIT + 1)
        .unwrap();
    assert_eq!(
        open_path(&huge),
        Err(ImportError::TooBig {
            bytes: FILE_LIMIT + 1
        })
    );
    let ok = dir.path().join("明细.csv");
    std::fs::write(&ok, "合同编号,被担保人\nWT-1,某公司\n").unwrap();
    let file = open_path(&ok).unwrap();
    assert_eq!(file.file_name, "明细.csv");
    assert_eq!(file.layout.heading_row, 1);
}

#[test]
fn files_that_cannot_be_imported_say_why() {
    assert_eq!(
        open_file(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "photo.csv"),
        Err(ImportError::Read(ReadError::NotASpreadsheet))
    );
    assert_eq!(
        open_file("姓名,电话\n王建国,138\n".as_bytes(), "x.csv"),
        Err(ImportError::NoHeadingRow(HEADING_SEARCH_ROWS))
    );
    let layout =
        find_layout(&read_grid("合同编号,被担保人,贷款银行\n".as_bytes()).unwrap()).unwrap();
    let mut mapping = guess_mapping(&layout);
    mapping[2].field = Some(ImportField::Borrower);
    assert_eq!(
        check_mapping(&layout, &mapping),
        Err(ImportError::FieldTwice {
            field: ImportField::Borrower,
            first: "被担保人".into(),
            second: "贷款银行".into()
        })
    );
    mapping[0].field = None;
    mapping[2].field = None;
    assert_eq!(
        check_mapping(&layout, &mapping),
        Err(ImportError::NoContractColumn)
    );
}

#[test]
fn dates_are_read_the_ways_people_write_them() {
    let f = ImportField::StartDate;
    let text = |t: &str| Cell::Text(t.into());
    for (cell, expected) in [
        (text("2026-03-01"), d(2026, 3, 1)),
        (text("2026/3/1"), d(2026, 3, 1)),
        (text("2026.3.1"), d(2026, 3, 1)),
        (text("2026年3月1日"), d(2026, 3, 1)),
        (text("20260301"), d(2026, 3, 1)),
        (text("2026-03-01 00:00:00"), d(2026, 3, 1)),
        (text("46082"), d(2026, 3, 1)),
        (Cell::Number(46082.0), d(2026, 3, 1)),
        (Cell::Date(d(2024, 2, 29)), d(2024, 2, 29)),
        (text("2024年2月29日"), d(2024, 2, 29)),
    ] {
        assert_eq!(parse_date(&cell, f), Ok(expected), "{cell:?}");
    }
    for bad in [
        "2026-02-30",
        "2025年2月29日",
        "3/1/2026",
        "明天",
        "46082.5",
        "12",
    ] {
        assert!(parse_date(&text(bad), f).is_err(), "{bad}");
    }
    assert!(parse_date(&Cell::Number(46082.5), f).is_err());
}

#[test]
fn amounts_tiers_and_classes_are_read_as_offices_write_them() {
    let text = |t: &str| Cell::Text(t.into());
    for (cell, in_wan, yuan) in [
        (text("5,000,000.00"), false, dec!(5000000)),
        (text("500万"), false, dec!(5000000)),
        (text("500万元"), true, dec!(5000000)),
        (text("1,200.5"), true, dec!(12005000)),
        (Cell::Number(1234.56), false, dec!(1234.56)),
        (Cell::Number(0.5), true, dec!(5000)),
    ] {
        assert_eq!(
            parse_amount(&cell, in_wan).map(Money::yuan),
            Ok(yuan),
            "{cell:?}"
        );
    }
    assert_eq!(
        parse_amount(&text("0"), false),
        Err(Problem::AmountNotPositive("0".into()))
    );
    assert_eq!(
        parse_amount(&text("12.345"), false),
        Err(Problem::BadAmount("12.345".into()))
    );
    for (t, tier) in [
        ("1", 1),
        ("2级", 2),
        ("三级", 3),
        ("第4级", 4),
        ("三类", 3),
        ("四類", 4),
        // Seed 004's names (一类:安全类 … 四类:重点关注类), in each language.
        ("安全类", 1),
        ("相對安全類", 2),
        ("风险类", 3),
        ("重点关注类", 4),
        ("Close watch", 4),
        // The first versions' 良好, 正常 and 关注 read as before.
        ("良好", 1),
        ("正常", 2),
        ("關注", 3),
    ] {
        assert_eq!(parse_tier(&text(t)).map(RiskTier::get), Ok(tier), "{t}");
    }
    // Their 风险 (4) is refused: 风险类 is tier 3 in seed 004.
    for old in ["风险", "風險", "At risk"] {
        assert_eq!(
            parse_tier(&text(old)),
            Err(Problem::UnknownTier(old.into()))
        );
    }
    assert_eq!(parse_tier(&Cell::Number(2.0)).map(RiskTier::get), Ok(2));
    assert!(parse_tier(&text("5")).is_err());
    assert_eq!(parse_class("关注类"), Some(FiveLevelClass::SpecialMention));
    assert_eq!(parse_class("可疑"), Some(FiveLevelClass::Doubtful));
    assert_eq!(parse_class("差"), None);
}

proptest! {
    #[test]
    fn any_day_reads_back_from_each_way_of_writing_it(days in 0u64..36_500) {
        let day = d(1960, 1, 1).checked_add_days(chrono::Days::new(days)).unwrap();
        let f = ImportField::MaturityDate;
        for format in ["%Y-%m-%d", "%Y/%-m/%-d", "%Y年%-m月%-d日", "%Y%m%d"] {
            let cell = Cell::Text(day.format(format).to_string());
            prop_assert_eq!(parse_date(&cell, f), Ok(day));
        }
        let serial = (day - d(1899, 12, 30)).num_days() as f64;
        prop_assert_eq!(parse_date(&Cell::Number(serial), f), Ok(day));
    }

    #[test]
    fn any_amount_reads_back_grouped_or_in_wan(fen in 1i64..100_000_000_000_000) {
        let money = Money::from_fen(fen).unwrap();
        prop_assert_eq!(parse_amount(&Cell::Text(money.grouped()), false), Ok(money));
        let wan = crate::sheets::read::number_text(
            rust_decimal::prelude::ToPrimitive::to_f64(&money.wan()).unwrap(),
        );
        prop_assert_eq!(parse_amount(&Cell::Text(wan), true), Ok(money));
    }
}
