//! The rules after a payment is missed, on real calendar dates: collection contacts by bucket,
//! broken promises, the lost-contact search, the notices, the archive, the withdrawal and
//! enforcement.

use super::*;

fn overdue(due_on: &str, known_on: &str) -> OverdueFact {
    OverdueFact {
        id: 4,
        due_on: d(due_on),
        known_on: d(known_on),
        balance: "102345.67".parse().unwrap(),
    }
}

fn promise(contact_id: i64, made_on: &str, by: &str, kept: bool) -> PromiseFact {
    PromiseFact {
        contact_id,
        made_on: d(made_on),
        by: d(by),
        amount: "3万".parse().unwrap(),
        kept,
    }
}

#[test]
fn collection_contacts_follow_the_bucket_of_the_last_contact_on_the_official_calendar() {
    let mut g = guarantee(Product::WorkingCapitalLoan, "2026-03-02", "2027-03-01", 3);
    // Due on Wed 2026-09-30 and unpaid, known that day: the first contact is owed within
    // 1 working day, which is Thu 10-08 after the National Day holiday.
    g.collection.overdue = Some(overdue("2026-09-30", "2026-09-30"));
    type Row<'a> = (&'a [&'a str], &'a str, (&'a str, TaskState, u32), &'a str);
    let table: [Row<'_>; 5] = [
        (
            &[],
            "2026-10-01",
            ("2026-10-08", TaskState::Upcoming, 0),
            "collection.first_contact_within",
        ),
        (
            &[],
            "2026-10-09",
            ("2026-10-08", TaskState::Overdue, 1),
            "collection.first_contact_within",
        ),
        // Contacted on day 9 (M1): every 7 days.
        (
            &["2026-10-09"],
            "2026-10-12",
            ("2026-10-16", TaskState::Upcoming, 0),
            "collection.follow_up_every.M1",
        ),
        // Contacted on day 36 (M2): every 5 days, so owed again on 11-10, and late on 11-23.
        (
            &["2026-10-09", "2026-11-05"],
            "2026-11-23",
            ("2026-11-10", TaskState::Overdue, 13),
            "collection.follow_up_every.M2",
        ),
        // Contacted on day 91 (M3+): every 2 days, across the new year.
        (
            &["2026-10-09", "2026-12-30"],
            "2026-12-31",
            ("2027-01-01", TaskState::Upcoming, 0),
            "collection.follow_up_every.M3+",
        ),
    ];
    for (contacts, as_of, (due, state, late), key) in table {
        g.collection.contact_days = contacts.iter().map(|c| d(c)).collect();
        let agenda = tasks(&g, as_of);
        assert_eq!(
            due_state(&agenda, TaskKind::CollectionFollowUp),
            (d(due), state, late),
            "{as_of} after {contacts:?}"
        );
        let t = find(&agenda, TaskKind::CollectionFollowUp);
        assert_eq!(t.rule.to_string(), key);
        assert_eq!(t.anchor, "overdue:4");
    }
    let agenda = tasks(&g, "2026-11-23");
    let reason = find(&agenda, TaskKind::CollectionFollowUp).reason_text(Locale::ZhCn);
    assert!(reason.contains("2026-09-30 起逾期 54 天"), "{reason}");
    assert!(reason.contains("102,345.67"), "{reason}");
    // Cleared (no open overdue): nothing owed.
    g.collection.overdue = None;
    assert!(
        tasks(&g, "2026-11-23")
            .tasks
            .iter()
            .all(|t| t.kind != TaskKind::CollectionFollowUp)
    );
}

#[test]
fn a_broken_promise_is_followed_up_the_next_working_day_and_a_later_contact_does_it() {
    let mut g = guarantee(Product::WorkingCapitalLoan, "2025-03-03", "2026-03-02", 3);
    g.collection.overdue = Some(overdue("2026-01-20", "2026-01-21"));
    // Promised by Fri 2026-02-13: the next working day is Sat 02-14 (a make-up working day
    // before the Spring Festival).
    g.collection.promises = vec![
        promise(7, "2026-02-02", "2026-02-13", false),
        promise(8, "2026-02-02", "2026-02-13", true),
    ];
    g.collection.contact_days = vec![d("2026-02-02")];
    let agenda = tasks(&g, "2026-02-13");
    assert!(
        agenda
            .tasks
            .iter()
            .all(|t| t.kind != TaskKind::BrokenPromise),
        "not broken on its day"
    );
    let agenda = tasks(&g, "2026-02-24");
    assert_eq!(
        due_state(&agenda, TaskKind::BrokenPromise),
        (d("2026-02-14"), TaskState::Overdue, 10)
    );
    assert_eq!(find(&agenda, TaskKind::BrokenPromise).anchor, "promise:7");
    let reason = find(&agenda, TaskKind::BrokenPromise).reason_text(Locale::ZhCn);
    assert!(
        reason.contains("承诺于 2026-02-13 前还款 30,000.00 元"),
        "{reason}"
    );
    // A contact after the promised day follows it up.
    g.collection.contact_days.push(d("2026-02-24"));
    let agenda = tasks(&g, "2026-02-25");
    let t = find(&agenda, TaskKind::BrokenPromise);
    assert_eq!(
        (t.state, t.done_on),
        (TaskState::Done, Some(d("2026-02-24")))
    );
}

#[test]
fn the_lost_contact_search_is_owed_in_10_working_days_and_done_when_every_step_is() {
    let mut g = guarantee(Product::WorkingCapitalLoan, "2025-03-03", "2026-09-02", 3);
    let mut lost = signal("W31", Severity::Major, "2026-02-13");
    lost.signal_id = Some(31);
    g.signals = vec![lost];
    // From Fri 02-13: 02-14 (make-up), 02-24 … 02-27, 02-28 (make-up), 03-02 … 03-05.
    let agenda = tasks(&g, "2026-02-24");
    assert_eq!(
        due_state(&agenda, TaskKind::LostContactSearch),
        (d("2026-03-05"), TaskState::Upcoming, 0)
    );
    let steps: Vec<String> = Policy::builtin()
        .lost_contact()
        .steps
        .into_iter()
        .map(|s| s.code)
        .collect();
    // Every step but one, and one done before the signal (it does not count).
    g.collection.search_steps = steps
        .iter()
        .skip(1)
        .map(|c| (c.clone(), d("2026-03-02")))
        .chain([(steps[0].clone(), d("2026-02-01"))])
        .collect();
    let agenda = tasks(&g, "2026-03-06");
    assert_eq!(
        due_state(&agenda, TaskKind::LostContactSearch),
        (d("2026-03-05"), TaskState::Overdue, 1)
    );
    let reason = find(&agenda, TaskKind::LostContactSearch).reason_text(Locale::ZhCn);
    assert!(
        reason.contains(&format!("{}/{}", steps.len() - 1, steps.len())),
        "{reason}"
    );
    g.collection
        .search_steps
        .push((steps[0].clone(), d("2026-03-06")));
    let t = find(&tasks(&g, "2026-03-06"), TaskKind::LostContactSearch).clone();
    assert_eq!(
        (t.state, t.done_on),
        (TaskState::Done, Some(d("2026-03-06")))
    );
}

fn notice(id: i64, kind: crate::policy::NoticeKind, issued: &str) -> NoticeFact {
    NoticeFact {
        id,
        kind,
        overdue_id: Some(4),
        issued_on: d(issued),
        delivered_on: None,
        receipt_on: None,
    }
}

#[test]
fn the_repayment_reminder_is_a_week_before_a_short_loan_and_a_month_before_a_longer_one() {
    use crate::policy::NoticeKind;
    // One year from Mon 2026-03-02: short-term, 7 days before maturity.
    let short = guarantee(Product::WorkingCapitalLoan, "2026-03-02", "2027-03-01", 2);
    let t = find(&tasks(&short, "2027-02-01"), TaskKind::RepaymentReminder).clone();
    assert_eq!(
        (t.due, t.rule.to_string()),
        (d("2027-02-22"), "notices.reminder_short_term_before".into())
    );
    assert!(
        t.reason_text(Locale::ZhCn)
            .contains("短期贷款于 2027-03-01 到期")
    );
    // Two years: a month before.
    let mut long = guarantee(Product::WorkingCapitalLoan, "2025-03-03", "2027-03-02", 2);
    let t = find(&tasks(&long, "2027-01-15"), TaskKind::RepaymentReminder).clone();
    assert_eq!(
        (t.due, t.rule.to_string()),
        (d("2027-02-02"), "notices.reminder_long_term_before".into())
    );
    // Delivered: done on the day it was delivered; the maturity notice likewise.
    let mut reminder = notice(1, NoticeKind::RepaymentReminder, "2027-01-20");
    reminder.delivered_on = Some(d("2027-01-21"));
    let mut maturity = notice(2, NoticeKind::Maturity, "2027-01-20");
    maturity.delivered_on = Some(d("2027-01-22"));
    long.collection.notices = vec![reminder, maturity];
    let agenda = tasks(&long, "2027-01-25");
    let r = find(&agenda, TaskKind::RepaymentReminder);
    assert_eq!(
        (r.state, r.done_on),
        (TaskState::Done, Some(d("2027-01-21")))
    );
    let m = find(&agenda, TaskKind::MaturityNotice);
    assert_eq!(
        (m.state, m.done_on),
        (TaskState::Done, Some(d("2027-01-22")))
    );
}

#[test]
fn overdue_notices_follow_the_balance_rows_of_seed_004_and_receipts_come_back_in_15_days() {
    use crate::policy::NoticeKind;
    let mut g = guarantee(Product::WorkingCapitalLoan, "2026-03-02", "2027-03-01", 3);
    g.collection.overdue = Some(overdue("2026-09-30", "2026-09-30"));
    // The first within 5 working days of Wed 09-30: 10-08, 10-09, Sat 10-10 (make-up), 10-12,
    // 10-13.
    let t = find(&tasks(&g, "2026-10-09"), TaskKind::OverdueNotice).clone();
    assert_eq!((t.due, t.state), (d("2026-10-13"), TaskState::Upcoming));
    assert_eq!(t.anchor, "overdue:4");

    let mut sent = notice(9, NoticeKind::Overdue, "2026-10-12");
    g.collection.notices = vec![sent.clone()];
    // 102,345.67 yuan (10万 and above): every quarter; 8万: every half year; 3万: every year.
    for (balance, due) in [
        ("102345.67", "2027-01-12"),
        ("100000", "2027-01-12"),
        ("99999.99", "2027-04-12"),
        ("50000", "2027-04-12"),
        ("49999.99", "2027-10-12"),
    ] {
        g.collection.overdue.as_mut().unwrap().balance = balance.parse().unwrap();
        let t = find(&tasks(&g, "2026-10-20"), TaskKind::OverdueNotice).clone();
        assert_eq!(t.due, d(due), "{balance}");
        assert_eq!(t.rule.to_string(), "notices.overdue_every");
    }
    // An undelivered notice owes no receipt yet; delivered Wed 10-14, it is owed by 10-29.
    assert!(
        tasks(&g, "2026-10-20")
            .tasks
            .iter()
            .all(|t| t.kind != TaskKind::NoticeReceipt)
    );
    sent.delivered_on = Some(d("2026-10-14"));
    g.collection.notices = vec![sent.clone()];
    let agenda = tasks(&g, "2026-10-30");
    assert_eq!(
        due_state(&agenda, TaskKind::NoticeReceipt),
        (d("2026-10-29"), TaskState::Overdue, 1)
    );
    assert_eq!(find(&agenda, TaskKind::NoticeReceipt).anchor, "notice:9");
    sent.receipt_on = Some(d("2026-10-20"));
    g.collection.notices = vec![sent];
    let r = find(&tasks(&g, "2026-10-30"), TaskKind::NoticeReceipt).clone();
    assert_eq!(
        (r.state, r.done_on),
        (TaskState::Done, Some(d("2026-10-20")))
    );
}

#[test]
fn a_released_file_goes_to_the_archive_within_5_working_days() {
    let mut g = guarantee(Product::WorkingCapitalLoan, "2025-02-13", "2026-02-13", 2);
    g.status = GuaranteeStatus::Released;
    // Not released here (an import or the core system): nothing owed.
    assert!(tasks(&g, "2026-02-14").tasks.is_empty());
    // Released Fri 02-13: 02-14 (make-up), 02-24, 02-25, 02-26, 02-27.
    let released = ReleasedFact {
        on: d("2026-02-13"),
        archived_on: None,
        titles_owed: false,
        titles_returned_on: None,
    };
    g.collection.released = Some(released);
    let agenda = tasks(&g, "2026-03-02");
    assert_eq!(agenda.tasks.len(), 1, "{:#?}", agenda.tasks);
    assert_eq!(
        due_state(&agenda, TaskKind::ArchiveHandover),
        (d("2026-02-27"), TaskState::Overdue, 3)
    );
    g.collection.released = Some(ReleasedFact {
        archived_on: Some(d("2026-02-26")),
        ..released
    });
    let t = find(&tasks(&g, "2026-03-02"), TaskKind::ArchiveHandover).clone();
    assert_eq!(
        (t.state, t.done_on),
        (TaskState::Done, Some(d("2026-02-26")))
    );
}

#[test]
fn a_mortgage_or_pledge_released_owes_its_title_documents_back_within_5_working_days() {
    // Seed 003: "还清全部贷款后，应将抵押、质押物的有权凭证交还抵押、质押人，并做好签收登记";
    // release.title_return_within (5 个工作日, the company's choice).
    let mut g = guarantee(Product::WorkingCapitalLoan, "2025-09-30", "2026-09-30", 2);
    g.status = GuaranteeStatus::Released;
    // Released Wed 09-30: National Day 10-01…10-07 off; Thu 10-08, Fri 10-09, Sat 10-10 (a
    // make-up working day), Mon 10-12, Tue 10-13.
    let released = ReleasedFact {
        on: d("2026-09-30"),
        archived_on: None,
        titles_owed: true,
        titles_returned_on: None,
    };
    g.collection.released = Some(released);
    let agenda = tasks(&g, "2026-10-15");
    assert_eq!(
        due_state(&agenda, TaskKind::TitleReturn),
        due_state(&agenda, TaskKind::ArchiveHandover),
        "both owed within 5 working days of the release"
    );
    let (due, state, _) = due_state(&agenda, TaskKind::TitleReturn);
    assert_eq!((due, state), (d("2026-10-13"), TaskState::Overdue));
    let reason = find(&agenda, TaskKind::TitleReturn).reason_text(Locale::ZhCn);
    assert!(
        reason.contains("有权凭证交还抵押、质押人并做好签收登记"),
        "{reason}"
    );
    // Signed for on 10-13: done; the archive is still owed.
    g.collection.released = Some(ReleasedFact {
        titles_returned_on: Some(d("2026-10-13")),
        ..released
    });
    let agenda = tasks(&g, "2026-10-15");
    let t = find(&agenda, TaskKind::TitleReturn);
    assert_eq!(
        (t.state, t.done_on),
        (TaskState::Done, Some(d("2026-10-13")))
    );
    assert_eq!(
        find(&agenda, TaskKind::ArchiveHandover).state,
        TaskState::Overdue
    );
    // A surety alone holds no title documents: nothing owed.
    g.collection.released = Some(ReleasedFact {
        titles_owed: false,
        ..released
    });
    assert!(
        tasks(&g, "2026-10-15")
            .tasks
            .iter()
            .all(|t| t.kind != TaskKind::TitleReturn)
    );
}

fn counter_guarantee(id: i64, kind: CounterGuaranteeKind) -> CounterGuaranteeFact {
    CounterGuaranteeFact {
        id,
        kind,
        description: format!("反担保 {id}"),
    }
}

/// The enforcement tasks by counter-guarantee.
fn enforcement_tasks(a: &Agenda) -> Vec<(String, NaiveDate, TaskState, Option<NaiveDate>)> {
    let mut out: Vec<_> = a
        .tasks
        .iter()
        .filter(|t| t.kind == TaskKind::Enforcement)
        .map(|t| (t.anchor.to_string(), t.due, t.state, t.done_on))
        .collect();
    out.sort();
    out
}

#[test]
fn an_approved_withdrawal_is_told_to_the_bank_next_working_day_and_sets_enforcement_going() {
    let mut g = guarantee(Product::WorkingCapitalLoan, "2025-09-30", "2026-12-31", 4);
    g.collection.enforcement.counter_guarantees = vec![
        counter_guarantee(7, CounterGuaranteeKind::Mortgage),
        counter_guarantee(8, CounterGuaranteeKind::Surety),
    ];
    // Counter-guarantees alone set nothing going.
    assert!(enforcement_tasks(&tasks(&g, "2026-10-09")).is_empty());
    // Approved on Wed 09-30, the eve of National Day (10-01 … 10-07 off, Sat 10-10 worked).
    g.collection.enforcement.approved_withdrawal = Some(ApprovedWithdrawal {
        id: 3,
        decided_on: d("2026-09-30"),
        bank_notified_on: None,
    });
    let a = tasks(&g, "2026-10-09");
    assert_eq!(
        due_state(&a, TaskKind::WithdrawalBankNotice),
        (d("2026-10-08"), TaskState::Overdue, 1)
    );
    // Each counter-guarantee is due when its earliest open step is: the 追偿通知书 and the title
    // check, both 1 working day.
    assert_eq!(
        enforcement_tasks(&a),
        [
            (
                "counter_guarantee:7".into(),
                d("2026-10-08"),
                TaskState::Overdue,
                None
            ),
            (
                "counter_guarantee:8".into(),
                d("2026-10-08"),
                TaskState::Overdue,
                None
            ),
        ]
    );
    let reason_of = |a: &Agenda, anchor: &str, l: Locale| {
        a.tasks
            .iter()
            .find(|t| t.anchor == anchor)
            .unwrap()
            .reason_text(l)
    };
    let reason = reason_of(&a, "counter_guarantee:7", Locale::ZhCn);
    assert!(
        reason.starts_with("2026-09-30 撤保获批，执行抵押反担保“反担保 7”：下一步 查询不动产登记"),
        "{reason}"
    );
    assert!(reason.contains("已完成 0/5 步"), "{reason}");

    // The bank told, the mortgage's first two steps done: its next is preservation, 5 working
    // days (10-08, 09, 10, 12, 13).
    g.collection
        .enforcement
        .approved_withdrawal
        .as_mut()
        .unwrap()
        .bank_notified_on = Some(d("2026-10-08"));
    g.collection.enforcement.steps_done = vec![
        (7, "title_check".into(), d("2026-10-08")),
        (7, "demand".into(), d("2026-10-09")),
    ];
    let a = tasks(&g, "2026-10-12");
    let t = find(&a, TaskKind::WithdrawalBankNotice);
    assert_eq!(
        (t.state, t.done_on),
        (TaskState::Done, Some(d("2026-10-08")))
    );
    assert_eq!(enforcement_tasks(&a)[0].1, d("2026-10-13"));
    assert_eq!(enforcement_tasks(&a)[0].2, TaskState::Upcoming);
    let reason = reason_of(&a, "counter_guarantee:7", Locale::En);
    assert!(reason.contains("2 of 5 steps done"), "{reason}");

    // Every surety step ended (one not needed counts): done on the last of them.
    for (code, day) in [
        ("demand", "2026-10-08"),
        ("ability", "2026-10-09"),
        ("settle_or_sue", "2026-10-12"),
    ] {
        g.collection
            .enforcement
            .steps_done
            .push((8, code.into(), d(day)));
    }
    let a = tasks(&g, "2026-10-12");
    assert_eq!(
        enforcement_tasks(&a)[1],
        (
            "counter_guarantee:8".into(),
            d("2026-10-13"),
            TaskState::Done,
            Some(d("2026-10-12"))
        )
    );
}

#[test]
fn enforcement_after_compensation_stops_once_the_compensation_is_recovered_in_full() {
    let mut g = guarantee(Product::WorkingCapitalLoan, "2025-06-01", "2026-06-30", 4);
    g.status = GuaranteeStatus::InRecovery;
    g.compensated_on = Some(d("2026-02-13"));
    g.collection.enforcement.counter_guarantees =
        vec![counter_guarantee(9, CounterGuaranteeKind::Pledge)];
    // A withdrawal approved later does not move the start; no bank notice after compensation.
    g.collection.enforcement.approved_withdrawal = Some(ApprovedWithdrawal {
        id: 4,
        decided_on: d("2026-02-27"),
        bank_notified_on: None,
    });
    // From Fri 02-13: 1 working day is Sat 02-14 (a make-up day).
    let a = tasks(&g, "2026-02-24");
    assert_eq!(
        enforcement_tasks(&a),
        [(
            "counter_guarantee:9".into(),
            d("2026-02-14"),
            TaskState::Overdue,
            None
        )]
    );
    assert!(
        a.tasks
            .iter()
            .all(|t| t.kind != TaskKind::WithdrawalBankNotice)
    );
    assert_eq!(
        find(&a, TaskKind::Enforcement).rule.to_string(),
        "enforcement.pledge"
    );
    g.collection.enforcement.recovered_in_full = true;
    assert!(enforcement_tasks(&tasks(&g, "2026-02-24")).is_empty());
}

#[test]
fn a_report_returned_by_head_office_is_owed_again_within_2_working_days() {
    // Seed 004: the report goes 项目经理 → 业务部经理 → 风控部主管/经理 → 总经理, each signing or
    // sending it back; report.returned_within (2 个工作日, the company's choice).
    let mut g = guarantee(Product::WorkingCapitalLoan, "2026-01-05", "2027-01-04", 2);
    let returned = ReturnFact {
        id: 7,
        document_no: "BHJC-K7Q2M-20261120-0012-V1".into(),
        step: "风控部经理".into(),
        by: "孙丽".into(),
        reason: "库存数与台账不符，请重新盘点".into(),
        // Fri 2026-11-27: Mon 11-30, Tue 12-01.
        returned_on: d("2026-11-27"),
        resubmitted_on: None,
    };
    g.collection.returns = vec![returned.clone()];
    let agenda = tasks(&g, "2026-12-02");
    let t = find(&agenda, TaskKind::ReportReturned);
    assert_eq!(
        (t.due, t.state, &*t.anchor, t.rule.to_string()),
        (
            d("2026-12-01"),
            TaskState::Overdue,
            "returned:7",
            "report.returned_within".to_owned()
        )
    );
    assert_eq!(
        t.reason_text(Locale::ZhCn),
        "2026-11-27 总部风控部经理（孙丽）退回 BHJC-K7Q2M-20261120-0012-V1：库存数与台账不符，请重新盘点；2 个工作日内修改并重新签发"
    );
    // Its visit corrected and issued again on 12-01: done.
    g.collection.returns = vec![ReturnFact {
        resubmitted_on: Some(d("2026-12-01")),
        ..returned
    }];
    let t = find(&tasks(&g, "2026-12-02"), TaskKind::ReportReturned).clone();
    assert_eq!(
        (t.state, t.done_on),
        (TaskState::Done, Some(d("2026-12-01")))
    );
}
