use super::*;
use proptest::prelude::*;

mod collection;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn guarantee(product: Product, start: &str, maturity: &str, tier: u8) -> GuaranteeFacts {
    GuaranteeFacts {
        guarantee_id: None,
        contract_no: "WT-2026-001".into(),
        borrower: "常州恒力机械有限公司".into(),
        officer: None,
        product,
        amount: "500万".parse().unwrap(),
        start: d(start),
        maturity: d(maturity),
        tier: RiskTier::new(tier).unwrap(),
        status: GuaranteeStatus::Active,
        credit_rating: None,
        compensated_on: None,
        visits: VisitHistory::default(),
        signals: Vec::new(),
        stock: None,
        completions: Vec::new(),
        collection: Default::default(),
    }
}

fn on_site(date: &str) -> VisitFact {
    VisitFact {
        visit_id: None,
        date: d(date),
        kind: VisitKind::Periodic,
        on_site: true,
        reported_on: Some(d(date)),
    }
}

fn phone(date: &str) -> VisitFact {
    VisitFact {
        on_site: false,
        ..on_site(date)
    }
}

fn draft(date: &str) -> VisitFact {
    VisitFact {
        reported_on: None,
        ..on_site(date)
    }
}

fn signal(code: &str, severity: Severity, found: &str) -> SignalFact {
    SignalFact {
        signal_id: None,
        code: code.into(),
        title: "无法与被担保人取得正常联络".into(),
        severity,
        found: d(found),
        resolved_on: None,
    }
}

fn tasks(g: &GuaranteeFacts, as_of: &str) -> Agenda {
    let policy = Policy::builtin();
    let cal = WorkCalendar::builtin();
    Engine::new(&policy, &cal).agenda(d(as_of), std::slice::from_ref(g), &[])
}

fn find(agenda: &Agenda, kind: TaskKind) -> &DueTask {
    let found: Vec<&DueTask> = agenda.tasks.iter().filter(|t| t.kind == kind).collect();
    assert_eq!(found.len(), 1, "{kind:?} in {:#?}", agenda.tasks);
    found[0]
}

fn due_state(agenda: &Agenda, kind: TaskKind) -> (NaiveDate, TaskState, u32) {
    let t = find(agenda, kind);
    (t.due, t.state, t.days_overdue)
}

/// 000 第五条 "检查方式可实地检查或电话询问"; 003 第四条 "检查方式可为实地检查、电话询问等方式":
/// the first check may be a phone call. The periodic check stays on site (000 第六条, 003 第五条).
#[test]
fn first_check_is_due_15_days_after_the_start_and_a_visit_or_a_call_satisfies_it() {
    let mut g = guarantee(Product::WorkingCapitalLoan, "2026-11-10", "2027-11-09", 2);
    let a = tasks(&g, "2026-11-23");
    assert_eq!(
        due_state(&a, TaskKind::FirstCheck),
        (d("2026-11-25"), TaskState::Upcoming, 0)
    );
    let t = find(&a, TaskKind::FirstCheck);
    assert_eq!(t.rule.to_string(), "first_check.within");
    assert_eq!(
        t.reason_text(Locale::ZhCn),
        "担保起始日 2026-11-10 起15 天内完成首次检查（实地检查或电话询问，含资金用途）"
    );
    let a = tasks(&g, "2026-11-27");
    assert_eq!(
        due_state(&a, TaskKind::FirstCheck),
        (d("2026-11-25"), TaskState::Overdue, 2)
    );
    let mut visited = g.clone();
    g.visits.visits.push(phone("2026-11-20"));
    let a = tasks(&g, "2026-11-27");
    let t = find(&a, TaskKind::FirstCheck);
    assert_eq!(
        (t.state, t.done_on),
        (TaskState::Done, Some(d("2026-11-20"))),
        "a phone call is a first check (000 第五条)"
    );
    visited.visits.visits.push(on_site("2026-11-26"));
    let a = tasks(&visited, "2026-11-27");
    let t = find(&a, TaskKind::FirstCheck);
    assert_eq!(
        (t.state, t.done_on),
        (TaskState::Done, Some(d("2026-11-26")))
    );
}

/// A company that wants the first check on site says so in its policy; a phone call then does
/// not close it, and the reason says on site.
#[test]
fn a_policy_may_require_the_first_check_on_site() {
    let mut policy = Policy::builtin();
    policy.first_check.by_phone = false;
    let cal = WorkCalendar::builtin();
    let mut g = guarantee(Product::WorkingCapitalLoan, "2026-11-10", "2027-11-09", 2);
    g.visits.visits.push(phone("2026-11-20"));
    let a = Engine::new(&policy, &cal).agenda(d("2026-11-27"), std::slice::from_ref(&g), &[]);
    let t = find(&a, TaskKind::FirstCheck);
    assert_eq!(
        t.state,
        TaskState::Overdue,
        "a phone call is no first check here"
    );
    assert_eq!(
        t.reason_text(Locale::ZhCn),
        "担保起始日 2026-11-10 起15 天内完成首次检查（实地检查，含资金用途）"
    );
}

/// The periodic check is not closed by a call: 000 第六条 (定期检查 on site), 003 第五条.
#[test]
fn a_phone_call_does_not_close_the_periodic_check() {
    // Tier 2, every 3 months from the last on-site visit on 2026-08-03: due 2026-11-03.
    let mut g = guarantee(Product::WorkingCapitalLoan, "2026-07-01", "2027-06-30", 2);
    g.visits.visits.push(on_site("2026-07-06"));
    g.visits.visits.push(on_site("2026-08-03"));
    g.visits.visits.push(phone("2026-11-02"));
    let a = tasks(&g, "2026-11-05");
    assert_eq!(
        due_state(&a, TaskKind::PeriodicCheck),
        (d("2026-11-03"), TaskState::Overdue, 2)
    );
}

#[test]
fn periodic_checks_run_from_the_last_on_site_visit_by_tier_clamped_to_month_end() {
    // (tier, visits, as_of, expected due, state, days overdue)
    // (tier, start, visits, as_of, expected due, state, days overdue)
    type Row = (
        u8,
        &'static str,
        Vec<VisitFact>,
        &'static str,
        &'static str,
        TaskState,
        u32,
    );
    let table: [Row; 7] = [
        (
            3,
            "2026-01-10",
            vec![on_site("2026-10-31")],
            "2026-11-23",
            "2026-11-30",
            TaskState::Upcoming,
            0,
        ),
        (
            2,
            "2026-01-10",
            vec![on_site("2026-08-31")],
            "2026-11-23",
            "2026-11-30",
            TaskState::Upcoming,
            0,
        ),
        (
            1,
            "2026-01-10",
            vec![on_site("2026-05-31")],
            "2026-11-30",
            "2026-11-30",
            TaskState::DueToday,
            0,
        ),
        (
            4,
            "2026-01-10",
            vec![on_site("2026-11-01")],
            "2026-11-23",
            "2026-11-16",
            TaskState::Overdue,
            7,
        ),
        (
            3,
            "2026-01-10",
            vec![on_site("2026-09-15"), phone("2026-11-01")],
            "2026-11-23",
            "2026-10-15",
            TaskState::Overdue,
            39,
        ),
        (
            3,
            "2026-01-10",
            vec![],
            "2026-11-23",
            "2026-02-10",
            TaskState::Overdue,
            286,
        ),
        (
            2,
            "2025-06-01",
            vec![on_site("2025-11-30")],
            "2026-03-01",
            "2026-02-28",
            TaskState::Overdue,
            1,
        ),
    ];
    for (tier, start, visits, as_of, due, state, days) in table {
        let mut g = guarantee(Product::WorkingCapitalLoan, start, "2027-12-31", tier);
        g.visits.visits = visits;
        let a = tasks(&g, as_of);
        assert_eq!(
            due_state(&a, TaskKind::PeriodicCheck),
            (d(due), state, days),
            "tier {tier} as of {as_of}"
        );
    }
}

#[test]
fn the_periodic_reason_names_tier_interval_and_last_visit() {
    let mut g = guarantee(Product::WorkingCapitalLoan, "2026-01-10", "2027-12-31", 4);
    g.visits.visits.push(on_site("2026-11-01"));
    let t = find(&tasks(&g, "2026-11-23"), TaskKind::PeriodicCheck).clone();
    assert_eq!(t.rule.to_string(), "periodic.every_by_tier.4");
    assert_eq!(
        t.reason_text(Locale::ZhCn),
        // Seed 004: "四类:重点关注类,不定时进行调查,每次调查完出具书面建议或提示".
        "重点关注类：每 15 天 实地检查一次；上次实地检查 2026-11-01；每次检查后须出具书面建议或提示"
    );
    let policy = Policy::builtin();
    let cal = WorkCalendar::builtin();
    let en = Engine::new(&policy, &cal).agenda(d("2026-11-23"), &[g], &[]);
    let t = find(&en, TaskKind::PeriodicCheck);
    assert_eq!(
        t.reason_text(Locale::En),
        "Close watch: on-site every 15 days; last on-site visit 2026-11-01; a written suggestion or warning after each visit"
    );
}

#[test]
fn maturity_check_and_notice_count_back_from_maturity() {
    let g = guarantee(Product::WorkingCapitalLoan, "2026-01-10", "2026-12-31", 1);
    let a = tasks(&g, "2026-11-23");
    assert_eq!(
        due_state(&a, TaskKind::MaturityCheck),
        (d("2026-11-30"), TaskState::Upcoming, 0)
    );
    assert_eq!(
        find(&a, TaskKind::MaturityCheck).rule.to_string(),
        "maturity_check.before"
    );
    assert_eq!(
        due_state(&a, TaskKind::MaturityNotice),
        (d("2026-12-01"), TaskState::Upcoming, 0)
    );
    // Bank acceptance bills: 15 days.
    let bill = guarantee(Product::BankAcceptanceBill, "2026-07-01", "2026-12-31", 2);
    let a = tasks(&bill, "2026-11-23");
    let t = find(&a, TaskKind::MaturityCheck);
    assert_eq!(
        (t.due, &*t.rule.to_string()),
        (d("2026-12-16"), "maturity_check.rule[1]")
    );
    assert!(
        t.reason_text(Locale::ZhCn).contains("银行承兑汇票"),
        "{}",
        t.reason_text(Locale::ZhCn)
    );
    // Leap year: a month before 2028-03-31 is 2028-02-29.
    let leap = guarantee(Product::TradeFinance, "2026-03-31", "2028-03-31", 2);
    assert_eq!(
        find(&tasks(&leap, "2026-11-23"), TaskKind::MaturityCheck).due,
        d("2028-02-29")
    );
}

#[test]
fn an_on_site_visit_near_maturity_counts_as_the_maturity_check() {
    let mut bill = guarantee(Product::BankAcceptanceBill, "2026-07-01", "2026-12-31", 2);
    bill.visits.visits.push(on_site("2026-11-10"));
    let a = tasks(&bill, "2026-11-23");
    assert_eq!(
        find(&a, TaskKind::MaturityCheck).state,
        TaskState::Upcoming,
        "too early to count"
    );
    bill.visits.visits.push(on_site("2026-11-20"));
    let a = tasks(&bill, "2026-11-23");
    let t = find(&a, TaskKind::MaturityCheck);
    assert_eq!(
        (t.state, t.done_on),
        (TaskState::Done, Some(d("2026-11-20")))
    );
}

#[test]
fn the_periodic_check_stops_at_maturity_but_not_for_a_guarantee_still_open_after_it() {
    let mut g = guarantee(Product::WorkingCapitalLoan, "2026-01-10", "2026-12-20", 1);
    g.visits.visits.push(on_site("2026-10-15"));
    assert!(
        tasks(&g, "2026-11-23")
            .tasks
            .iter()
            .all(|t| t.kind != TaskKind::PeriodicCheck)
    );
    let a = tasks(&g, "2027-01-05");
    assert_eq!(find(&a, TaskKind::PeriodicCheck).due, d("2027-04-15"));
}

#[test]
fn a_significant_signal_brings_an_emergency_check_in_2_working_days_and_a_same_day_report() {
    let mut g = guarantee(Product::WorkingCapitalLoan, "2025-06-01", "2026-12-31", 3);
    g.signals.push(signal("W31", Severity::Major, "2026-02-13"));
    g.signals
        .push(signal("W03", Severity::General, "2026-02-13"));
    let a = tasks(&g, "2026-02-20");
    // Fri 02-13 → Sat 02-14 (make-up) → Tue 02-24 after the Spring Festival.
    assert_eq!(
        due_state(&a, TaskKind::EmergencyCheck),
        (d("2026-02-24"), TaskState::Upcoming, 0)
    );
    let t = find(&a, TaskKind::EmergencyCheck);
    assert_eq!(
        (&*t.rule.to_string(), &*t.anchor),
        ("emergency_check.within", "signal:W31@2026-02-13")
    );
    assert!(
        t.reason_text(Locale::ZhCn).contains("重大预警 W31"),
        "{}",
        t.reason_text(Locale::ZhCn)
    );
    assert_eq!(
        due_state(&a, TaskKind::SignalReport),
        (d("2026-02-13"), TaskState::Overdue, 7)
    );
    assert!(
        find(&a, TaskKind::SignalReport)
            .reason_text(Locale::ZhCn)
            .contains("当日")
    );
    g.visits.visits.push(on_site("2026-02-24"));
    let a = tasks(&g, "2026-02-25");
    assert_eq!(
        find(&a, TaskKind::EmergencyCheck).done_on,
        Some(d("2026-02-24"))
    );
    g.completions.push(Completion {
        kind: TaskKind::SignalReport,
        anchor: "signal:W31@2026-02-13".into(),
        done_on: d("2026-02-13"),
    });
    assert_eq!(
        find(&tasks(&g, "2026-02-25"), TaskKind::SignalReport).state,
        TaskState::Done
    );
}

#[test]
fn the_department_head_reports_up_the_chain_in_2_days_and_a_major_signal_at_once() {
    // Seed 000: "部门负责人应在2日内将存在问题和处理意见书面报告总经理。对发现重大问题，部门负责人应立即
    // 报告总经理".
    let mut g = guarantee(Product::WorkingCapitalLoan, "2025-06-01", "2027-06-30", 2);
    g.signals
        .push(signal("W02", Severity::Significant, "2026-02-13"));
    let a = tasks(&g, "2026-02-13");
    // Fri 02-13 + 2 days is Sun 02-15, in the Spring Festival: the last working day before it
    // is Sat 02-14, a 调休 working day.
    let t = find(&a, TaskKind::HeadReport);
    assert_eq!(
        (t.due, &*t.rule.to_string()),
        (d("2026-02-14"), "head_report.within")
    );
    assert!(
        t.reason_text(Locale::ZhCn).starts_with(
            "2026-02-13 发现较大预警 W02：部门负责人2 天内将存在问题和处理意见书面报告总经理"
        ),
        "{}",
        t.reason_text(Locale::ZhCn)
    );
    // A 重大 one at once; a 一般 one owes none (its warning check only).
    let mut g = guarantee(Product::WorkingCapitalLoan, "2025-06-01", "2027-06-30", 2);
    g.signals.push(signal("W31", Severity::Major, "2026-09-29"));
    g.signals
        .push(signal("W03", Severity::General, "2026-09-29"));
    let a = tasks(&g, "2026-09-29");
    let t = find(&a, TaskKind::HeadReport);
    assert_eq!(
        (t.due, &*t.rule.to_string(), &*t.anchor),
        (
            d("2026-09-29"),
            "head_report.major_within",
            "signal:W31@2026-09-29"
        )
    );
    assert!(
        t.reason_text(Locale::ZhCn)
            .contains("部门负责人立即将存在问题")
    );
    // Recorded as done, it is done.
    g.completions.push(Completion {
        kind: TaskKind::HeadReport,
        anchor: "signal:W31@2026-09-29".into(),
        done_on: d("2026-09-29"),
    });
    assert_eq!(
        find(&tasks(&g, "2026-09-30"), TaskKind::HeadReport).state,
        TaskState::Done
    );
}

#[test]
fn a_general_signal_brings_a_warning_check_on_the_policys_deadline() {
    // Seed 004 ② "预警提示检查：根据担保的预警提示…进行专项检查": every warning brings a check; a
    // 一般 one on the policy's signal_check.within (10 working days, the company's choice).
    let mut g = guarantee(Product::WorkingCapitalLoan, "2025-06-01", "2027-06-30", 2);
    g.signals
        .push(signal("W03", Severity::General, "2026-09-29"));
    let a = tasks(&g, "2026-09-30");
    // Tue 09-29 → Wed 09-30, National Day 10-01…10-07, Thu 10-08, Fri 10-09, Sat 10-10 (调休
    // working day), then Mon 10-12 … Mon 10-19 is the 10th working day.
    assert_eq!(
        due_state(&a, TaskKind::SignalCheck),
        (d("2026-10-19"), TaskState::Upcoming, 0)
    );
    let t = find(&a, TaskKind::SignalCheck);
    assert_eq!(
        (&*t.rule.to_string(), &*t.anchor),
        ("signal_check.within", "signal:W03@2026-09-29")
    );
    assert_eq!(
        t.reason_text(Locale::ZhCn),
        "2026-09-29 发现一般预警 W03「无法与被担保人取得正常联络」，10 个工作日内进行预警提示检查（实地专项检查）"
    );
    // No emergency check and no same-day report: those are for 较大 and above.
    assert!(
        a.tasks
            .iter()
            .all(|t| !matches!(t.kind, TaskKind::EmergencyCheck | TaskKind::SignalReport))
    );
    // A phone call does not close it; a visit on site does.
    g.visits.visits.push(phone("2026-10-12"));
    assert_eq!(
        find(&tasks(&g, "2026-10-13"), TaskKind::SignalCheck).done_on,
        None
    );
    g.visits.visits.push(on_site("2026-10-16"));
    let a = tasks(&g, "2026-10-20");
    assert_eq!(
        due_state(&a, TaskKind::SignalCheck),
        (d("2026-10-19"), TaskState::Done, 0)
    );
    // A significant signal gets the emergency check instead, never both.
    let mut g = guarantee(Product::WorkingCapitalLoan, "2025-06-01", "2027-06-30", 2);
    g.signals
        .push(signal("W02", Severity::Significant, "2026-09-29"));
    let a = tasks(&g, "2026-09-30");
    assert!(a.tasks.iter().all(|t| t.kind != TaskKind::SignalCheck));
    assert_eq!(find(&a, TaskKind::EmergencyCheck).due, d("2026-10-08"));
}

#[test]
fn a_report_is_due_2_working_days_after_the_visit_or_the_next_working_day_when_urgent() {
    let mut g = guarantee(Product::WorkingCapitalLoan, "2025-06-01", "2027-06-30", 2);
    g.visits.visits.push(draft("2026-09-30"));
    let a = tasks(&g, "2026-10-12");
    assert_eq!(
        due_state(&a, TaskKind::ReportDue),
        (d("2026-10-09"), TaskState::Overdue, 3)
    );
    g.signals
        .push(signal("X03", Severity::Significant, "2026-09-30"));
    let a = tasks(&g, "2026-10-12");
    let t = find(&a, TaskKind::ReportDue);
    assert_eq!(
        (t.due, &*t.rule.to_string()),
        (d("2026-10-08"), "report.urgent_within")
    );
    assert!(
        t.reason_text(Locale::ZhCn)
            .ends_with("（发现较大以上风险，从紧）"),
        "{}",
        t.reason_text(Locale::ZhCn)
    );
}

#[test]
fn a_released_guarantee_owes_nothing() {
    let mut g = guarantee(Product::WorkingCapitalLoan, "2025-06-01", "2026-06-30", 4);
    g.status = GuaranteeStatus::Released;
    g.signals.push(signal("W01", Severity::Major, "2026-05-01"));
    assert!(tasks(&g, "2026-11-23").tasks.is_empty());
}

#[test]
fn after_compensation_report_same_day_plan_in_1_and_action_in_5_working_days() {
    let mut g = guarantee(Product::WorkingCapitalLoan, "2025-06-01", "2026-06-30", 4);
    g.status = GuaranteeStatus::Compensated;
    g.compensated_on = Some(d("2026-02-13"));
    let a = tasks(&g, "2026-02-25");
    assert_eq!(
        due_state(&a, TaskKind::CompensationReport),
        (d("2026-02-13"), TaskState::Overdue, 12)
    );
    assert_eq!(
        due_state(&a, TaskKind::RecoveryPlan),
        (d("2026-02-14"), TaskState::Overdue, 11)
    );
    assert_eq!(
        due_state(&a, TaskKind::LegalAction),
        (d("2026-02-27"), TaskState::Upcoming, 0)
    );
    // Seed 004 二（三）、（四）: within 1 working day (Fri 02-13 → Sat 02-14, a 调休 working day)
    // the report to the shareholders, the 追偿通知书 and the legal adviser's briefing; within 5
    // working days (after the Spring Festival, Fri 02-27) the authorities and the bank.
    for (kind, due, key) in [
        (
            TaskKind::ShareholderReport,
            "2026-02-14",
            "after_compensation.shareholders_within",
        ),
        (
            TaskKind::RecoveryNotice,
            "2026-02-14",
            "after_compensation.recovery_notice_within",
        ),
        (
            TaskKind::LegalAdviserNotice,
            "2026-02-14",
            "after_compensation.legal_adviser_within",
        ),
        (
            TaskKind::AuthoritiesContact,
            "2026-02-27",
            "after_compensation.authorities_within",
        ),
    ] {
        let t = find(&a, kind);
        assert_eq!((t.due, &*t.rule.to_string()), (d(due), key), "{kind:?}");
    }
    assert_eq!(
        find(&a, TaskKind::RecoveryNotice).reason_text(Locale::ZhCn),
        "2026-02-13 代偿后1 个工作日内：发出担保代偿追偿通知书"
    );
    assert!(
        a.tasks
            .iter()
            .all(|t| !matches!(t.kind, TaskKind::PeriodicCheck | TaskKind::TierReview))
    );
    // A policy written before these steps existed owes them on the shipped deadlines.
    let text =
        crate::policy::DEFAULT_POLICY_TOML.replace("shareholders_within = \"1 个工作日\"\n", "");
    let policy = Policy::from_toml(&text, "p").unwrap();
    assert!(policy.after_compensation.shareholders_within.is_none());
    let cal = WorkCalendar::builtin();
    let a = Engine::new(&policy, &cal).agenda(d("2026-02-25"), std::slice::from_ref(&g), &[]);
    assert_eq!(find(&a, TaskKind::ShareholderReport).due, d("2026-02-14"));
}

#[test]
fn the_banks_demand_owes_the_same_day_report_and_the_compensation_plan() {
    // Seed 004 二（二）"当银行等主债权人提出代偿要求的当日内,业务部和担保部经理应向总经理报告;总经理
    // 立即向股东会报告;业务部应会同相关部门制定代偿方案,经担保评审委员会审查和总经理审定后报股东会
    // 审批". The plan's 5 working days are the company's choice.
    let mut g = guarantee(Product::WorkingCapitalLoan, "2025-06-01", "2026-09-30", 4);
    // The bank demands on Wed 2026-09-30, the eve of National Day (10-01…10-07 off).
    g.collection.demanded_on = Some(d("2026-09-30"));
    let a = tasks(&g, "2026-10-09");
    let report = find(&a, TaskKind::DemandReport);
    assert_eq!(
        (report.due, &*report.rule.to_string(), &*report.anchor),
        (
            d("2026-09-30"),
            "after_compensation.demand_report_within",
            "demand"
        )
    );
    assert_eq!(
        report.reason_text(Locale::ZhCn),
        "2026-09-30 贷款银行提出代偿要求，当日业务部和担保部经理向总经理报告，总经理立即向股东会报告"
    );
    // Thu 10-08, Fri 10-09, Sat 10-10 (a make-up working day), Mon 10-12, Tue 10-13.
    let plan = find(&a, TaskKind::CompensationPlan);
    assert_eq!(
        (plan.due, plan.state, &*plan.rule.to_string()),
        (
            d("2026-10-13"),
            TaskState::Upcoming,
            "after_compensation.compensation_plan_within"
        )
    );
    assert!(plan.reason_text(Locale::ZhCn).contains("报股东会审批"));
    // Still owed once the compensation is paid (the demand comes first; the plan may be late).
    g.status = GuaranteeStatus::Compensated;
    g.compensated_on = Some(d("2026-10-12"));
    let a = tasks(&g, "2026-10-14");
    assert_eq!(
        due_state(&a, TaskKind::CompensationPlan),
        (d("2026-10-13"), TaskState::Overdue, 1)
    );
    assert_eq!(find(&a, TaskKind::CompensationReport).due, d("2026-10-12"));
    // No demand, none of it.
    g.collection.demanded_on = None;
    assert!(
        tasks(&g, "2026-10-14")
            .tasks
            .iter()
            .all(|t| !matches!(t.kind, TaskKind::DemandReport | TaskKind::CompensationPlan))
    );
}

#[test]
fn pledged_goods_are_checked_daily_from_the_last_report() {
    let mut g = guarantee(Product::WorkingCapitalLoan, "2025-06-01", "2027-06-30", 2);
    g.stock = Some(StockFacts {
        last_report: Some(d("2026-11-22")),
    });
    assert_eq!(
        due_state(&tasks(&g, "2026-11-23"), TaskKind::StockCheck),
        (d("2026-11-23"), TaskState::DueToday, 0)
    );
    g.stock = Some(StockFacts {
        last_report: Some(d("2026-11-20")),
    });
    assert_eq!(
        due_state(&tasks(&g, "2026-11-23"), TaskKind::StockCheck),
        (d("2026-11-21"), TaskState::Overdue, 2)
    );
}

#[test]
fn quarterly_reviews_and_visit_plans() {
    let mut g = guarantee(Product::WorkingCapitalLoan, "2025-06-01", "2027-06-30", 2);
    g.officer = Some("王建国".into());
    let a = tasks(&g, "2026-11-23");
    let reviews: Vec<_> = a
        .tasks
        .iter()
        .filter(|t| t.kind == TaskKind::TierReview)
        .map(|t| (&*t.anchor, t.due, t.state))
        .collect();
    assert_eq!(
        reviews,
        [
            ("quarter:2026Q3", d("2026-09-30"), TaskState::Overdue),
            ("quarter:2026Q4", d("2026-12-31"), TaskState::Upcoming)
        ]
    );
    let plans: Vec<_> = a
        .tasks
        .iter()
        .filter(|t| t.kind == TaskKind::VisitPlan)
        .map(|t| (&*t.anchor, t.due, t.days_overdue, t.contract_no.is_none()))
        .collect();
    assert_eq!(
        plans,
        [
            ("quarter:2026Q4", d("2026-10-10"), 44, true),
            ("quarter:2027Q1", d("2027-01-10"), 0, true)
        ]
    );
    // A review filed long ago is not listed; a recent one shows as done.
    g.completions.push(Completion {
        kind: TaskKind::TierReview,
        anchor: "quarter:2026Q3".into(),
        done_on: d("2026-09-29"),
    });
    assert!(
        tasks(&g, "2026-11-23")
            .tasks
            .iter()
            .all(|t| t.anchor != "quarter:2026Q3")
    );
    let a = tasks(&g, "2026-10-15");
    let q3 = a
        .tasks
        .iter()
        .find(|t| t.anchor == "quarter:2026Q3")
        .unwrap();
    assert_eq!(
        (q3.state, q3.done_on),
        (TaskState::Done, Some(d("2026-09-29")))
    );
}

/// A deadline of calendar days or months that the arithmetic puts on a day off falls on the last
/// working day before it, by the official 2026 calendar (国庆 10-01..10-07 off; 09-20 and 10-10,
/// a Sunday and a Saturday, are 调休 working days). domain.md: "at least N days before D" (the
/// maturity notice, the maturity check) and "at most every N months / within N days" (the
/// periodic interval is a 最大间隔期, the first check within 15 days) "never lands on a day off:
/// it falls on the last working day on or before the day the arithmetic gives".
#[test]
fn a_calendar_day_deadline_on_a_day_off_falls_on_the_last_working_day_before() {
    // (kind, start, maturity, last on-site visit, as of, due, moved from)
    let cases = [
        // 担保到期通知书 30 天 before a maturity of 2026-10-31: 10-01 is National Day.
        (
            TaskKind::MaturityNotice,
            "2026-01-01",
            "2026-10-31",
            None,
            "2026-09-01",
            "2026-09-30",
            Some("2026-10-01"),
        ),
        // 到期检查 1 个月 before a maturity of 2026-11-01: 10-01 again.
        (
            TaskKind::MaturityCheck,
            "2026-01-01",
            "2026-11-01",
            None,
            "2026-09-01",
            "2026-09-30",
            Some("2026-10-01"),
        ),
        // 定期检查 every 3 months (tier 2) from an on-site visit of 07-07: 10-07 is off.
        (
            TaskKind::PeriodicCheck,
            "2026-06-01",
            "2027-05-31",
            Some("2026-07-07"),
            "2026-09-01",
            "2026-09-30",
            Some("2026-10-07"),
        ),
        // From 06-20: 09-20 is a Sunday but a 调休 working day, so it stays.
        (
            TaskKind::PeriodicCheck,
            "2026-06-01",
            "2027-05-31",
            Some("2026-06-20"),
            "2026-09-01",
            "2026-09-20",
            None,
        ),
        // From 07-10: 10-10 is a Saturday but a 调休 working day, so it stays.
        (
            TaskKind::PeriodicCheck,
            "2026-06-01",
            "2027-05-31",
            Some("2026-07-10"),
            "2026-09-01",
            "2026-10-10",
            None,
        ),
        // From 08-22: 11-22 is a Sunday, so Friday 11-20.
        (
            TaskKind::PeriodicCheck,
            "2026-06-01",
            "2027-05-31",
            Some("2026-08-22"),
            "2026-09-01",
            "2026-11-20",
            Some("2026-11-22"),
        ),
        // 首次检查 within 15 天 of a start on 2026-09-16: 10-01 is off, 09-30 is not.
        (
            TaskKind::FirstCheck,
            "2026-09-16",
            "2027-09-15",
            None,
            "2026-09-20",
            "2026-09-30",
            Some("2026-10-01"),
        ),
        // A deadline on a working day does not move.
        (
            TaskKind::MaturityNotice,
            "2026-01-01",
            "2026-12-31",
            None,
            "2026-11-23",
            "2026-12-01",
            None,
        ),
    ];
    for (kind, start, maturity, last, as_of, due, moved) in cases {
        let mut g = guarantee(Product::WorkingCapitalLoan, start, maturity, 2);
        if let Some(v) = last {
            g.visits.visits.push(on_site(v));
        }
        let a = tasks(&g, as_of);
        let t = find(&a, kind);
        assert_eq!(
            (t.due, t.moved_from),
            (d(due), moved.map(d)),
            "{kind:?} of a guarantee {start}..{maturity}, last visit {last:?}"
        );
        if let Some(from) = moved {
            assert!(
                t.reason_text(Locale::ZhCn)
                    .ends_with(&format!("（{from} 为休息日，提前至此前最后一个工作日）")),
                "{}",
                t.reason_text(Locale::ZhCn)
            );
        }
    }
}

#[test]
fn a_deadline_counted_into_a_year_without_data_is_flagged() {
    let mut g = guarantee(Product::WorkingCapitalLoan, "2025-06-01", "2027-06-30", 2);
    g.visits.visits.push(draft("2026-12-30"));
    let a = tasks(&g, "2026-12-30");
    assert_eq!(find(&a, TaskKind::ReportDue).due, d("2027-01-01"));
    assert_eq!(a.calendar_gaps, vec![2027]);
    let a = tasks(
        &guarantee(Product::WorkingCapitalLoan, "2025-06-01", "2027-06-30", 2),
        "2026-11-23",
    );
    assert!(a.calendar_gaps.is_empty());
}

#[test]
fn tasks_are_ordered_overdue_first() {
    let mut g = guarantee(Product::WorkingCapitalLoan, "2026-01-10", "2026-12-31", 4);
    g.visits.visits.push(on_site("2026-10-01"));
    let a = tasks(&g, "2026-11-23");
    let states: Vec<TaskState> = a.tasks.iter().map(|t| t.state).collect();
    let mut sorted = states.clone();
    sorted.sort_by_key(|s| match s {
        TaskState::Overdue => 0,
        TaskState::DueToday => 1,
        TaskState::Upcoming => 2,
        TaskState::Done => 3,
    });
    assert_eq!(states, sorted);
    assert_eq!(a.tasks[0].state, TaskState::Overdue);
}

// ---- properties ----

const CODES: [(&str, Severity); 4] = [
    ("W01", Severity::Major),
    ("W02", Severity::Significant),
    ("W03", Severity::General),
    ("X03", Severity::Significant),
];

fn day(n: i64) -> NaiveDate {
    d("2024-01-01") + chrono::Duration::days(n)
}

prop_compose! {
    fn any_visit()(at in 0i64..1100, kind in 0usize..4, on_site in any::<bool>(), late in proptest::option::of(0i64..20)) -> VisitFact {
        VisitFact {
            visit_id: None,
            date: day(at),
            kind: [VisitKind::First, VisitKind::Periodic, VisitKind::Maturity, VisitKind::Emergency][kind],
            on_site,
            reported_on: late.map(|l| day(at + l)),
        }
    }
}

prop_compose! {
    fn any_guarantee()(
        start in 0i64..900,
        months in 3u32..30,
        tier in 1u8..=4,
        product in 0usize..6,
        status in 0usize..4,
        mut visits in proptest::collection::vec(any_visit(), 0..25),
        signals in proptest::collection::vec((0i64..1100, 0usize..4, proptest::option::of(0i64..60)), 0..4),
        stock in proptest::option::of(proptest::option::of(0i64..1100)),
        paid in 0i64..1100,
    ) -> GuaranteeFacts {
        let start_d = day(start);
        visits.retain(|v| v.date >= start_d);
        visits.sort_by_key(|v| v.date);
        let status = GuaranteeStatus::ALL[status];
        GuaranteeFacts {
            guarantee_id: None,
            contract_no: format!("WT-{start}-{months}").into(),
            borrower: "甲".into(),
            officer: Some("王".into()),
            product: Product::ALL[product],
            amount: "300万".parse().unwrap(),
            start: start_d,
            maturity: crate::calendar::add_months(start_d, months),
            tier: RiskTier::new(tier).unwrap(),
            status,
            credit_rating: None,
            compensated_on: matches!(status, GuaranteeStatus::Compensated | GuaranteeStatus::InRecovery).then(|| day(paid)),
            visits: VisitHistory { since: None, on_site_before: None, any_before: None, visits },
            signals: signals.into_iter().map(|(f, c, r)| SignalFact {
                signal_id: None,
                code: CODES[c].0.into(),
                title: "t".into(),
                severity: CODES[c].1,
                found: day(f),
                resolved_on: r.map(|r| day(f + r)),
            }).collect(),
            stock: stock.map(|s| StockFacts { last_report: s.map(day) }),
            completions: Vec::new(),
            collection: Default::default(),
        }
    }
}

fn run(g: &GuaranteeFacts, as_of: NaiveDate) -> Agenda {
    let policy = Policy::builtin();
    let cal = WorkCalendar::builtin();
    Engine::new(&policy, &cal).agenda(as_of, std::slice::from_ref(g), &[])
}

/// What a store hands over: visits from the window on, unwritten reports, the latest on-site
/// visit before the window, and the signals that can still matter.
fn as_a_store_loads_it(g: &GuaranteeFacts, since: NaiveDate) -> GuaranteeFacts {
    let mut out = g.clone();
    out.visits = VisitHistory {
        since: Some(since),
        on_site_before: g
            .visits
            .visits
            .iter()
            .filter(|v| v.on_site && v.date < since)
            .map(|v| v.date)
            .max(),
        any_before: g
            .visits
            .visits
            .iter()
            .filter(|v| v.date < since)
            .map(|v| v.date)
            .max(),
        visits: g
            .visits
            .visits
            .iter()
            .filter(|v| v.date >= since || v.reported_on.is_none())
            .cloned()
            .collect(),
    };
    out.signals
        .retain(|s| s.resolved_on.is_none_or(|r| r >= since));
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn a_deadline_counted_in_working_days_is_never_a_day_off(g in any_guarantee(), as_of in 0i64..1100) {
        let cal = WorkCalendar::builtin();
        let a = run(&g, day(as_of));
        for t in &a.tasks {
            let working = matches!(&*t.rule.to_string(),
                "emergency_check.within" | "report.within" | "report.urgent_within"
                | "after_compensation.recovery_plan_within" | "after_compensation.legal_action_within");
            if working {
                prop_assert!(cal.is_working_day(t.due), "{t:?}");
            }
        }
    }

    #[test]
    fn adding_a_visit_never_makes_a_task_due_earlier(g in any_guarantee(), extra in any_visit(), as_of in 0i64..1100) {
        let as_of = day(as_of);
        let before = run(&g, as_of);
        let mut more = g.clone();
        more.visits.visits.push(extra);
        more.visits.visits.sort_by_key(|v| v.date);
        let after = run(&more, as_of);
        for t in &after.tasks {
            if let Some(old) = before.tasks.iter().find(|o| o.kind == t.kind && o.anchor == t.anchor) {
                prop_assert!(t.due >= old.due, "{:?} {} moved from {} to {}", t.kind, t.anchor, old.due, t.due);
            }
        }
    }

    #[test]
    fn the_store_window_gives_the_same_agenda_as_the_whole_history(g in any_guarantee(), as_of in 0i64..1100) {
        let as_of = day(as_of);
        let policy = Policy::builtin();
        let cal = WorkCalendar::builtin();
        let engine = Engine::new(&policy, &cal);
        let full = engine.agenda(as_of, std::slice::from_ref(&g), &[]);
        let windowed = engine.agenda(as_of, &[as_a_store_loads_it(&g, engine.window_start(as_of))], &[]);
        prop_assert_eq!(full, windowed);
    }

    #[test]
    fn overdue_days_are_the_days_past_due(g in any_guarantee(), as_of in 0i64..1100) {
        let as_of = day(as_of);
        for t in run(&g, as_of).tasks {
            match t.state {
                TaskState::Overdue => prop_assert_eq!(i64::from(t.days_overdue), (as_of - t.due).num_days()),
                TaskState::DueToday => prop_assert_eq!(t.due, as_of),
                TaskState::Upcoming => prop_assert!(t.due > as_of),
                TaskState::Done => prop_assert!(t.done_on.is_some()),
            }
        }
    }
}

#[test]
fn a_company_names_its_tiers_in_its_policy_and_every_label_follows() {
    // Issue 28: seed 004's names (一类 安全类 … 四类 重点关注类) are the default; "a company may
    // rename them in its policy".
    let text = format!(
        "{}\n[tier_names]\nnames = [\"A类（优良）\", \"B类（一般）\", \"C类（关注）\", \"D类（重点）\"]\n",
        crate::policy::DEFAULT_POLICY_TOML
    );
    let policy = Policy::from_toml(&text, "p").unwrap();
    let tier = |n| crate::portfolio::RiskTier::new(n).unwrap();
    assert_eq!(policy.tier_label(tier(2), Locale::ZhCn), "B类（一般）");
    assert_eq!(policy.tier_label(tier(2), Locale::ZhTw), "B类（一般）");
    assert_eq!(
        policy.tier_label(tier(2), Locale::En),
        tier(2).label(Locale::En),
        "a language the company did not name reads seed 004's"
    );
    assert_eq!(
        Policy::builtin().tier_label(tier(3), Locale::ZhCn),
        "风险类"
    );
    // The window's labels and the tasks' reasons speak the company's names.
    let labels = crate::session::labels_for(Locale::ZhCn, &policy);
    let names: Vec<&str> = labels.tiers.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(
        names,
        ["A类（优良）", "B类（一般）", "C类（关注）", "D类（重点）"]
    );
    let g = guarantee(Product::WorkingCapitalLoan, "2026-01-05", "2027-01-04", 2);
    let cal = WorkCalendar::builtin();
    let a = Engine::new(&policy, &cal).agenda(d("2026-11-23"), std::slice::from_ref(&g), &[]);
    let reason = find(&a, TaskKind::PeriodicCheck).reason_text(Locale::ZhCn);
    assert!(reason.contains("B类（一般）"), "{reason}");
    for t in a.tasks.iter().filter(|t| t.kind == TaskKind::TierReview) {
        let reason = t.reason_text(Locale::ZhCn);
        assert!(reason.contains("B类（一般）"), "{reason}");
    }
    // Four names, none empty, all different.
    for bad in [
        "names = [\"A类\", \"A类\", \"C类\", \"D类\"]",
        "names = [\"A类\", \" \", \"C类\", \"D类\"]",
    ] {
        let text = format!(
            "{}\n[tier_names]\n{bad}\n",
            crate::policy::DEFAULT_POLICY_TOML
        );
        let e = Policy::from_toml(&text, "p").unwrap_err().to_string();
        assert!(e.contains("tier_names"), "{e}");
    }
}
