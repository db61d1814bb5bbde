use super::*;

fn read(text: &str) -> Result<PortfolioFile, PortfolioFileError> {
    PortfolioFile::from_json(text, &Policy::builtin(), &SignalCatalog::builtin())
}

fn one(fields: &str) -> String {
    format!(
        r#"{{"guarantees":[
            {{"contract_no":"WT-2026-001","borrower":"甲公司","product":"流动资金贷款","amount":"300万",
              "start":"2026-01-05","maturity":"2027-01-04","tier":2,"status":"在保"}},
            {{"contract_no":"WT-2026-002","borrower":"乙公司","product":"银行承兑汇票","amount":"1000000",
              "start":"2026-03-01","maturity":"2026-09-01","tier":3{fields}}}
        ]}}"#
    )
}

#[test]
fn a_valid_file_reads_into_facts() {
    let f = read(&one(
        r#","status":"active","officer":"王建国","visits":[{"date":"2026-05-10","kind":"periodic","on_site":true},
           {"date":"2026-03-10","kind":"first","on_site":true},{"date":"2026-06-01","kind":"periodic","on_site":false,"draft":true}],
           "signals":[{"code":"W34","found":"2026-06-02"}],"completed":[{"kind":"maturity_notice","date":"2026-08-01"}]"#,
    ))
    .unwrap();
    assert_eq!(f.guarantees.len(), 2);
    let g = &f.guarantees[1];
    assert_eq!(g.product, Product::BankAcceptanceBill);
    assert_eq!(g.amount.to_string(), "1000000.00");
    assert_eq!(
        g.visits
            .visits
            .iter()
            .map(|v| v.date.to_string())
            .collect::<Vec<_>>(),
        ["2026-03-10", "2026-05-10", "2026-06-01"]
    );
    assert_eq!(g.visits.visits[2].reported_on, None);
    assert_eq!(
        g.visits.visits[0].reported_on,
        Some(g.visits.visits[0].date)
    );
    assert_eq!(
        g.signals[0].title,
        "无正当理由不按时报送财务报表，多次提醒仍不纠正"
    );
    assert_eq!(g.completions[0].anchor, "maturity");
    assert_eq!(g.officer.as_deref(), Some("王建国"));
}

#[test]
fn bad_fields_are_refused_with_the_contract_number_and_the_field() {
    // (fields replacing the second guarantee's, field named, words in the message)
    let cases = [
        (r#","start":"2026-02-30""#, "start", "is not a date"),
        (
            r#","maturity":"2026-02-01""#,
            "maturity",
            "is not after the start",
        ),
        (r#","product":"股票质押""#, "product", "is not a product"),
        (r#","amount":"-5000""#, "amount", "must be positive"),
        (r#","amount":"五百万""#, "amount", "not an amount"),
        (r#","tier":7"#, "tier", "not a risk tier"),
        (r#","status":"正常""#, "status", "not a status"),
        (
            r#","visits":[{"date":"2026/05/10"}]"#,
            "visits[0].date",
            "is not a date",
        ),
        (
            r#","visits":[{"date":"2026-05-10","kind":"social"}]"#,
            "visits[0].kind",
            "not a visit kind",
        ),
        (
            r#","signals":[{"code":"W99","found":"2026-05-01"}]"#,
            "signals[0].code",
            "signal catalogue",
        ),
        (
            r#","signals":[{"code":"W01"}]"#,
            "signals[0].found",
            "missing",
        ),
        (
            r#","completed":[{"kind":"tier_review","date":"2026-09-30"}]"#,
            "completed[0].anchor",
            "missing",
        ),
        (
            r#","visits":[{"date":"2026-05-10","inventory":[{"goods":"钢材","book":"1,000","counted":"x"}]}]"#,
            "visits[0].inventory[0].counted",
            "not a number",
        ),
    ];
    for (fields, field, words) in cases {
        let e = read(&one(fields)).unwrap_err();
        let msg = e.to_string();
        assert!(
            matches!(&e, PortfolioFileError::Field { contract_no, field: f, index: 2, .. } if contract_no == "WT-2026-002" && f == field),
            "{fields}: {msg}"
        );
        assert!(msg.starts_with("guarantee WT-2026-002 (no. 2)"), "{msg}");
        assert!(msg.contains(words), "{fields}: {msg}");
    }
}

#[test]
fn structure_errors() {
    assert!(matches!(
        read("{\"guarantees\": [").unwrap_err(),
        PortfolioFileError::Syntax { line: 1, .. }
    ));
    assert_eq!(read("[]").unwrap_err(), PortfolioFileError::Shape);
    let e = read(r#"{"guarantees":[{"borrower":"甲"}]}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "guarantee ? (no. 1), field `contract_no`: missing"
    );
    let dup = r#"{"guarantees":[{"contract_no":"A","borrower":"甲","product":"信用证","amount":"1","start":"2026-01-01","maturity":"2026-02-01","tier":1},
                                 {"contract_no":"A"}]}"#;
    assert!(read(dup).unwrap_err().to_string().contains("appears twice"));
}

#[test]
fn the_facts_of_a_visit_raise_signals() {
    let f = read(&one(
        r#","visits":[
            {"date":"2026-04-10","financials":{"monthly_sales":"300","monthly_profit":"-1"}},
            {"date":"2026-05-10","inventory":[{"goods":"螺纹钢","unit":"吨","book":"1000","counted":"620","pledged_minimum":"700"}],
             "interviews":[{"role":"焊工","months_in_arrears":2},{"role":"叉车司机"}],
             "financials":{"monthly_sales":"340","monthly_profit":"-3","net_cash_flow":"-15"}}],
           "pledged_stock":{"goods":"螺纹钢","unit":"吨","minimum":"700","reports":[{"date":"2026-05-20","quantity":"650"}]}"#,
    ))
    .unwrap();
    let codes: Vec<(&str, String)> = f
        .raised
        .iter()
        .map(|r| (r.code.as_str(), r.found.to_string()))
        .collect();
    assert_eq!(
        codes,
        [
            ("W06", "2026-05-10".into()),
            ("W08", "2026-05-10".into()),
            ("W12", "2026-05-10".into()),
            ("X01", "2026-05-10".into()),
            ("X02", "2026-05-10".into()),
            ("X03", "2026-05-10".into()),
            ("X02", "2026-05-20".into()),
        ]
    );
    assert!(f.raised.iter().all(|r| r.contract_no == "WT-2026-002"));
    assert_eq!(f.guarantees[1].signals.len(), 7);
    assert_eq!(
        f.guarantees[1].stock,
        Some(StockFacts {
            last_report: NaiveDate::from_ymd_opt(2026, 5, 20)
        })
    );
}
