use super::*;
use rust_decimal_macros::dec;

fn subject(
    tier: u8,
    product: Product,
    amount: &str,
    rating: Option<&'static str>,
) -> Subject<'static> {
    Subject {
        tier: RiskTier::new(tier).unwrap(),
        product,
        amount: amount.parse().unwrap(),
        rating,
    }
}

const EXAMPLES: [(&str, &str); 3] = [
    (
        "by-product",
        include_str!("../../../../assets/policy/examples/by-product.toml"),
    ),
    (
        "by-amount",
        include_str!("../../../../assets/policy/examples/by-amount.toml"),
    ),
    (
        "by-rating",
        include_str!("../../../../assets/policy/examples/by-rating.toml"),
    ),
];

fn example(name: &str) -> Policy {
    let (_, text) = EXAMPLES.iter().find(|(n, _)| *n == name).unwrap();
    Policy::from_toml(text, name).unwrap()
}

#[test]
fn the_default_policy_holds_the_numbers_of_domain_md() {
    let p = Policy::builtin();
    assert_eq!(p.version(), "2026.2");
    let wc = subject(2, Product::WorkingCapitalLoan, "500万", None);
    assert_eq!(p.first_check_within(&wc).period, Period::Days(15));
    let tiers: Vec<Period> = RiskTier::ALL
        .iter()
        .map(|t| p.periodic.every_by_tier.get(*t))
        .collect();
    assert_eq!(
        tiers,
        [
            Period::Months(6),
            Period::Months(3),
            Period::Months(1),
            Period::Days(15)
        ]
    );
    assert!(p.wants_written_suggestion(RiskTier::new(4).unwrap()));
    assert!(!p.wants_written_suggestion(RiskTier::new(3).unwrap()));
    assert_eq!(p.maturity_check_before(&wc).period, Period::Months(1));
    let bill = subject(2, Product::BankAcceptanceBill, "500万", None);
    let chosen = p.maturity_check_before(&bill);
    assert_eq!(chosen.period, Period::Days(15));
    assert_eq!(chosen.key.to_string(), "maturity_check.rule[1]");
    assert_eq!(p.maturity_notice.before, Period::Days(30));
    assert_eq!(p.emergency_check.within, Period::WorkingDays(2));
    assert_eq!(p.emergency_check.min_severity, Severity::Significant);
    assert_eq!(p.emergency_check.report_within, Period::Days(0));
    assert_eq!(p.report.within, Period::WorkingDays(2));
    assert_eq!(p.report.urgent_within, Period::WorkingDays(1));
    assert_eq!(p.quarterly_review.visit_plan_day, 10);
    assert_eq!(p.stock.variance_threshold, dec!(0.20));
    assert_eq!(p.stock.check_every, Period::Days(1));
    assert_eq!(
        p.after_compensation.recovery_plan_within,
        Period::WorkingDays(1)
    );
    assert_eq!(
        p.after_compensation.legal_action_within,
        Period::WorkingDays(5)
    );
    assert_eq!(p.signals.wage_arrears_months, 1);
}

#[test]
fn the_tier_interval_comes_with_its_key() {
    let p = Policy::builtin();
    let c = p.periodic_every(&subject(3, Product::TradeFinance, "100万", None));
    assert_eq!(c.period, Period::Months(1));
    assert_eq!(c.key.to_string(), "periodic.every_by_tier.3");
}

/// Seed 004: "固定资产贷款及项目贷款企业:日常性检查的最大间隔期为90天;其他贷款企业日常性检查的最大间隔期
/// 为45天", with the tiers' own intervals: the shorter applies.
#[test]
fn the_product_variant_gives_90_days_for_project_loans_and_45_for_the_rest() {
    let p = example("by-product");
    let table = [
        (
            1,
            Product::FixedAssetLoan,
            Period::Days(90),
            "periodic.rule[1]",
        ),
        (
            2,
            Product::FixedAssetLoan,
            Period::Months(3),
            "periodic.rule[2]",
        ),
        (
            1,
            Product::WorkingCapitalLoan,
            Period::Days(45),
            "periodic.rule[3]",
        ),
        (
            1,
            Product::BankAcceptanceBill,
            Period::Days(45),
            "periodic.rule[3]",
        ),
        (
            2,
            Product::ConsumerLoan,
            Period::Days(45),
            "periodic.rule[3]",
        ),
        // Tiers 3 and 4 keep their shorter intervals.
        (
            3,
            Product::FixedAssetLoan,
            Period::Months(1),
            "periodic.every_by_tier.3",
        ),
        (
            4,
            Product::WorkingCapitalLoan,
            Period::Days(15),
            "periodic.every_by_tier.4",
        ),
    ];
    for (tier, product, period, key) in table {
        let c = p.periodic_every(&subject(tier, product, "800万", None));
        assert_eq!(
            (c.period, c.key.to_string().as_str()),
            (period, key),
            "tier {tier}, {product:?}"
        );
    }
}

#[test]
fn the_amount_variant_visits_larger_exposures_more_often() {
    let p = example("by-amount");
    let table = [
        (1, "50000", Period::Months(6)),
        (1, "50000.01", Period::Months(3)),
        (1, "500万", Period::Months(3)),
        (1, "500.01万", Period::Months(1)),
        (2, "300万", Period::Months(3)),
        (2, "800万", Period::Months(1)),
        (4, "800万", Period::Days(15)),
    ];
    for (tier, amount, expected) in table {
        let c = p.periodic_every(&subject(tier, Product::ConsumerLoan, amount, None));
        assert_eq!(c.period, expected, "tier {tier}, {amount}");
    }
}

#[test]
fn the_rating_variant_and_first_check_in_working_days() {
    let p = example("by-rating");
    let table = [
        (Some("AAA"), 1, Period::Months(6)),
        (Some("AA"), 4, Period::Days(15)),
        (Some("A+"), 1, Period::Months(3)),
        (Some("BBB"), 2, Period::Months(1)),
        (Some("BBB"), 3, Period::Months(1)),
        (None, 1, Period::Months(6)),
    ];
    for (rating, tier, expected) in table {
        let c = p.periodic_every(&subject(tier, Product::WorkingCapitalLoan, "100万", rating));
        assert_eq!(c.period, expected, "{rating:?} tier {tier}");
    }
    let s = subject(2, Product::WorkingCapitalLoan, "100万", None);
    assert_eq!(p.first_check_within(&s).period, Period::WorkingDays(5));
}

/// 004 names each tier's interval a "最大间隔期": a rule that would lengthen it, for a tier it
/// applies to or on some start day, is refused when the policy is checked, naming the rule.
#[test]
fn a_rule_may_shorten_a_tiers_interval_but_never_lengthen_it() {
    let refused = [
        // Every tier, 6 months: longer than tiers 2, 3 and 4.
        "[[periodic.rule]]\nwhen = { rating = [\"AAA\"] }\nevery = \"6 个月\"\n",
        // Tier 2 is 3 months, which can be 89 days (from 31 January).
        "[[periodic.rule]]\nwhen = { tier = [2] }\nevery = \"90 天\"\n",
        // Tier 4 is 15 days; 12 working days can be 18 days or more.
        "[[periodic.rule]]\nwhen = { tier = [4] }\nevery = \"12 个工作日\"\n",
    ];
    for rule in refused {
        let text = format!("{DEFAULT_POLICY_TOML}\n{rule}");
        let e = Policy::from_toml(&text, "company.toml").unwrap_err();
        let shown = e.to_string();
        assert!(
            shown.contains("periodic.rule[1].every") && shown.contains("最大间隔期"),
            "{rule}: {shown}"
        );
    }
    let allowed = [
        "[[periodic.rule]]\nwhen = { tier = [2] }\nevery = \"89 天\"\n",
        "[[periodic.rule]]\nwhen = { tier = [2] }\nevery = \"3 个月\"\n",
        "[[periodic.rule]]\nwhen = { tier = [1, 2] }\nevery = \"1 个月\"\n",
        "[[periodic.rule]]\nwhen = { tier = [4] }\nevery = \"1 个工作日\"\n",
    ];
    for rule in allowed {
        let text = format!("{DEFAULT_POLICY_TOML}\n{rule}");
        Policy::from_toml(&text, "company.toml").unwrap_or_else(|e| panic!("{rule}: {e}"));
    }
}

fn broken(find: &str, replace: &str) -> DataFileError {
    assert!(DEFAULT_POLICY_TOML.contains(find), "{find}");
    Policy::from_toml(
        &DEFAULT_POLICY_TOML.replacen(find, replace, 1),
        "company.toml",
    )
    .unwrap_err()
}

fn line_of(needle: &str) -> usize {
    DEFAULT_POLICY_TOML
        .lines()
        .position(|l| l.starts_with(needle))
        .unwrap()
        + 1
}

#[test]
fn invalid_policy_names_the_key_and_the_line() {
    // (what is changed, into what, expected key, expected line, words in the detail)
    let cases = [
        (
            "within = \"15 天\"",
            "within = \"15 周\"",
            "first_check.within",
            line_of("within = \"15 天\""),
            "不是期限",
        ),
        (
            "3 = \"1 个月\"",
            "3 = \"one month\"",
            "periodic.every_by_tier.3",
            line_of("3 = \"1 个月\""),
            "不是期限",
        ),
        (
            "min_severity = \"较大\"",
            "min_severity = \"很大\"",
            "emergency_check.min_severity",
            line_of("min_severity"),
            "不是预警级别",
        ),
        (
            "variance_threshold = \"20%\"",
            "variance_threshold = \"0.2\"",
            "stock.variance_threshold",
            line_of("variance_threshold"),
            "百分比",
        ),
        (
            "visit_plan_day = 10",
            "visit_plan_day = 31",
            "quarterly_review.visit_plan_day",
            line_of("visit_plan_day"),
            "1–28",
        ),
        (
            "when = { product = [\"银行承兑汇票\"] }",
            "when = { product = [\"股票质押\"] }",
            "maturity_check.rule[1].when",
            line_of("when = { product"),
            "不是担保品种",
        ),
        (
            "wage_arrears_months = 1",
            "wage_arears_months = 1",
            "signals.wage_arears_months",
            line_of("wage_arrears_months"),
            "wage_arears_months",
        ),
        (
            "4 = \"15 天\"",
            "5 = \"15 天\"",
            "periodic.every_by_tier.5",
            line_of("4 = \"15 天\""),
            "unknown field `5`",
        ),
        (
            "1 = \"6 个月\"",
            "1 = \"0 个月\"",
            "periodic.every_by_tier.1",
            line_of("1 = \"6 个月\""),
            "不能为 0",
        ),
        (
            "speed_kmh = 40",
            "speed_kmh = 0",
            "route.speed_kmh",
            line_of("speed_kmh = 40"),
            "车速",
        ),
        (
            "road_factor = \"1.3\"",
            "road_factor = \"0.8\"",
            "route.road_factor",
            line_of("road_factor"),
            "道路系数",
        ),
        (
            "office_latitude = \"29.8740\"",
            "office_latitude = \"129.8740\"",
            "route.office_latitude",
            line_of("office_latitude"),
            "纬度",
        ),
        (
            "office_longitude = \"121.5500\"",
            "office_longitude = \"-181\"",
            "route.office_longitude",
            line_of("office_longitude"),
            "经度",
        ),
    ];
    for (find, replace, key, line, words) in cases {
        let e = broken(find, replace);
        assert_eq!(e.key, key, "{replace}: {e}");
        assert_eq!(e.line, line, "{replace}: {e}");
        assert!(e.detail.contains(words), "{replace}: {e}");
        assert!(
            e.to_string()
                .starts_with(&format!("company.toml, line {line}, key `{key}`")),
            "{e}"
        );
    }
}

#[test]
fn a_missing_tier_or_section_is_named() {
    let e = broken("4 = \"15 天\"", "");
    assert!(e.detail.contains("四个风险等级"), "{e}");
    assert_eq!(e.key, "periodic.every_by_tier");
    let e = broken("[maturity_notice]\nbefore = \"30 天\"", "");
    assert!(e.detail.contains("maturity_notice"), "{e}");
}

#[test]
fn an_amount_band_that_nothing_can_match_is_refused() {
    let band = "when = { tier = [1], amount_above = \"5万\" }";
    assert!(EXAMPLES[1].1.contains(band));
    let text = EXAMPLES[1].1.replacen(
        band,
        "when = { tier = [1], amount_above = \"5万\", amount_at_most = \"1万\" }",
        1,
    );
    let e = Policy::from_toml(&text, "p").unwrap_err();
    assert_eq!(e.key, "periodic.rule[2].when", "{e}");
    assert!(e.detail.contains("amount_above"), "{e}");
}

#[test]
fn percents() {
    assert_eq!(parse_percent("20%"), Some(dec!(0.20)));
    assert_eq!(parse_percent("12.5 %"), Some(dec!(0.125)));
    assert_eq!(parse_percent("20"), None);
    assert_eq!(parse_percent("-5%"), None);
}

#[test]
fn enforcement_steps_are_data_per_counter_guarantee_kind() {
    let p = Policy::builtin();
    let e = p.enforcement();
    for kind in crate::portfolio::CounterGuaranteeKind::ALL {
        assert!(!e.steps(*kind).is_empty(), "{kind:?}");
    }
    assert_eq!(
        e.steps(crate::portfolio::CounterGuaranteeKind::Surety)[0].code,
        "demand"
    );
    assert_eq!(
        e.steps(crate::portfolio::CounterGuaranteeKind::Mortgage)[2].within,
        Period::WorkingDays(5)
    );
    assert_eq!(p.withdrawal_bank_notice_within(), Period::WorkingDays(1));

    // A policy written before the section (and the bank notice) existed uses the shipped ones.
    let start = DEFAULT_POLICY_TOML.find("\n[enforcement]\n").unwrap() + 1;
    let end = DEFAULT_POLICY_TOML[start..].find("\n\n").unwrap() + start;
    let old = DEFAULT_POLICY_TOML
        .replace(&DEFAULT_POLICY_TOML[start..end], "")
        .replace("bank_notice_within = \"1 个工作日\"\n", "");
    let old = Policy::from_toml(&old, "old.toml").unwrap();
    assert!(old.enforcement.is_none());
    assert_eq!(old.enforcement(), e);
    assert_eq!(old.withdrawal_bank_notice_within(), Period::WorkingDays(1));

    // A company's own steps are checked like the lost-contact search's.
    let e = broken("{ code = \"ability\", text", "{ code = \"demand\", text");
    assert_eq!(e.key, "enforcement.surety[2]", "{e}");
    assert!(e.detail.contains("重复"), "{e}");
    let e = broken(
        "{ code = \"valuation\", text = \"评估质押物",
        "{ code = \" \", text = \"评估质押物",
    );
    assert_eq!(e.key, "enforcement.pledge[4]", "{e}");
    let e = broken("within = \"30 个工作日\" },", "within = \"30 周\" },");
    assert!(e.detail.contains("不是期限"), "{e}");
}
