//! Closing tasks by a record on the demo portfolio, with its real dates.

use super::*;
use crate::calendar::WorkCalendar;
use crate::policy::Policy;
use crate::tasks::engine::Agenda;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The demo's "today".
const TODAY: &str = "2026-11-23";

fn demo() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    crate::demo::write_demo(&mut store, d(TODAY)).unwrap();
    store
}

fn agenda(store: &Store, on: NaiveDate) -> Agenda {
    let (policy, calendar) = (Policy::builtin(), WorkCalendar::builtin());
    agenda_from_store(store, &Engine::new(&policy, &calendar), on, None).unwrap()
}

fn close(store: &mut Store, c: &CloseTask) -> Result<ClosedTask, CloseError> {
    let (policy, calendar) = (Policy::builtin(), WorkCalendar::builtin());
    close_task(store, &Engine::new(&policy, &calendar), c, d(TODAY))
}

fn open_of(store: &Store, kind: TaskKind) -> Vec<DueTask> {
    agenda(store, d(TODAY))
        .tasks
        .into_iter()
        .filter(|t| t.kind == kind && t.state != TaskState::Done)
        .collect()
}

fn target(t: &DueTask) -> TaskTarget {
    match t.guarantee_id {
        Some(id) => TaskTarget::Guarantee(id),
        None => TaskTarget::Officer(t.officer.as_deref().unwrap().to_owned()),
    }
}

fn state_after(store: &Store, t: &DueTask) -> (TaskState, Option<NaiveDate>) {
    let again = agenda(store, d(TODAY))
        .tasks
        .into_iter()
        .find(|x| x.kind == t.kind && x.anchor == t.anchor && x.guarantee_id == t.guarantee_id)
        .expect("still listed, as done");
    (again.state, again.done_on)
}

#[test]
fn a_tier_review_with_the_tier_unchanged_is_a_confirmation_not_a_change() {
    let mut store = demo();
    let review = open_of(&store, TaskKind::TierReview)
        .into_iter()
        .find(|t| t.state == TaskState::Overdue)
        .expect("the demo has an overdue quarterly review");
    let gid = review.guarantee_id.unwrap();
    let g = store.guarantee(gid).unwrap();
    let changes_before = store.classification_changes(gid).unwrap().len();
    let closed = close(
        &mut store,
        &CloseTask {
            target: TaskTarget::Guarantee(gid),
            kind: TaskKind::TierReview,
            due: review.due,
            anchor: None,
            on: d(TODAY),
            record: TaskRecord::TierReview {
                tier: g.risk_tier,
                class: g.five_level_class,
                reason: "三季度销售与回款正常，库存与上季持平".into(),
            },
        },
    )
    .unwrap();
    assert!(closed.note.starts_with("确认风险等级"), "{}", closed.note);
    assert!(closed.note.contains("确认五级分类"), "{}", closed.note);
    assert!(!closed.note.contains('→'), "{}", closed.note);
    assert_eq!(
        store.classification_changes(gid).unwrap().len(),
        changes_before
    );
    assert_eq!(
        state_after(&store, &review),
        (TaskState::Done, Some(d(TODAY)))
    );
    // Kept in the guarantee's file and the audit log.
    let notes = store.completions_of(gid).unwrap();
    assert!(notes.iter().any(|(k, on, n)| k == "tier_review"
        && *on == d(TODAY)
        && n.as_deref() == Some(closed.note.as_str())));
    let audit = store
        .audit_entries(crate::store::audit::Entity::Task, gid)
        .unwrap();
    let last = audit.last().unwrap();
    assert_eq!(
        (last.entity.as_str(), last.action.as_str()),
        ("task", "close")
    );
    assert!(last.after.as_deref().unwrap().contains("三季度销售"));
    assert!(store.verify_audit().unwrap().broken.is_none());

    // Again: refused, it is done.
    let again = close(
        &mut store,
        &CloseTask {
            target: TaskTarget::Guarantee(gid),
            kind: TaskKind::TierReview,
            due: review.due,
            anchor: None,
            on: d(TODAY),
            record: TaskRecord::TierReview {
                tier: g.risk_tier,
                class: g.five_level_class,
                reason: "再次".into(),
            },
        },
    );
    assert!(
        matches!(again, Err(CloseError::AlreadyDone { done_on, .. }) if done_on == d(TODAY)),
        "{again:?}"
    );
}

#[test]
fn a_tier_review_that_changes_the_tier_records_the_change_with_its_reason() {
    let mut store = demo();
    let review = open_of(&store, TaskKind::TierReview)
        .into_iter()
        .next()
        .unwrap();
    let gid = review.guarantee_id.unwrap();
    let g = store.guarantee(gid).unwrap();
    let worse = RiskTier::new((g.risk_tier.get() % 4) + 1).unwrap();
    let closed = close(
        &mut store,
        &CloseTask {
            target: TaskTarget::Contract(g.contract_no.clone()),
            kind: TaskKind::TierReview,
            due: review.due,
            anchor: None,
            on: d(TODAY),
            record: TaskRecord::TierReview {
                tier: worse,
                class: g.five_level_class,
                reason: "主要客户流失，订单下降四成".into(),
            },
        },
    )
    .unwrap();
    assert!(closed.note.contains('→'), "{}", closed.note);
    assert_eq!(store.guarantee(gid).unwrap().risk_tier, worse);
    let last = store.classification_changes(gid).unwrap().pop().unwrap();
    assert_eq!(last.reason, "主要客户流失，订单下降四成");
    // Empty reasons are refused before anything changes.
    let other = open_of(&store, TaskKind::TierReview)
        .into_iter()
        .next()
        .unwrap();
    let og = store.guarantee(other.guarantee_id.unwrap()).unwrap();
    let refused = close(
        &mut store,
        &CloseTask {
            target: target(&other),
            kind: TaskKind::TierReview,
            due: other.due,
            anchor: None,
            on: d(TODAY),
            record: TaskRecord::TierReview {
                tier: og.risk_tier,
                class: og.five_level_class,
                reason: "  ".into(),
            },
        },
    );
    assert!(matches!(
        refused,
        Err(CloseError::Missing(RecordField::Reason))
    ));
}

#[test]
fn every_report_type_task_of_the_demo_closes_by_its_record() {
    let mut store = demo();
    let kinds = [
        TaskKind::TierReview,
        TaskKind::VisitPlan,
        TaskKind::SignalReport,
        TaskKind::CompensationReport,
        TaskKind::RecoveryPlan,
        TaskKind::LegalAction,
    ];
    let mut closed_kinds = std::collections::BTreeSet::new();
    for kind in kinds {
        for t in open_of(&store, kind) {
            // A review of a quarter not yet in its last month is not owed yet; it stays.
            if t.kind == TaskKind::TierReview && t.state == TaskState::Upcoming {
                continue;
            }
            let record = match kind {
                TaskKind::TierReview => {
                    let g = store.guarantee(t.guarantee_id.unwrap()).unwrap();
                    TaskRecord::TierReview {
                        tier: g.risk_tier,
                        class: g.five_level_class,
                        reason: "复核无变化".into(),
                    }
                }
                TaskKind::VisitPlan => TaskRecord::VisitPlan {
                    submitted_to: "业务部经理".into(),
                    note: String::new(),
                },
                TaskKind::SignalReport | TaskKind::CompensationReport => TaskRecord::Report {
                    to: "部门负责人 王强".into(),
                    channel: ReportChannel::Oral,
                    at: NaiveTime::from_hms_opt(16, 30, 0),
                    said: "说明了预警信号与下一步安排".into(),
                },
                _ => TaskRecord::Step {
                    document: "追偿方案（经总经理批准）".into(),
                    reference: "追字〔2026〕12号".into(),
                    note: String::new(),
                },
            };
            let on = d(TODAY);
            if matches!(record, TaskRecord::Step { .. }) {
                // The task's own name alone, with no reference and no note, says nothing done.
                let bare = close(
                    &mut store,
                    &CloseTask {
                        target: target(&t),
                        kind,
                        due: t.due,
                        anchor: Some(t.anchor.to_string()),
                        on,
                        record: TaskRecord::Step {
                            document: kind.label(crate::i18n::Locale::ZhCn).into(),
                            reference: " ".into(),
                            note: String::new(),
                        },
                    },
                );
                assert!(
                    matches!(bare, Err(CloseError::Missing(RecordField::StepDone))),
                    "{bare:?}"
                );
            }
            let closed = close(
                &mut store,
                &CloseTask {
                    target: target(&t),
                    kind,
                    due: t.due,
                    anchor: Some(t.anchor.to_string()),
                    on,
                    record,
                },
            )
            .unwrap_or_else(|e| panic!("{kind:?} due {}: {e}", t.due));
            assert_eq!(closed.done_on, on);
            closed_kinds.insert(kind);
        }
    }
    // The demo has each of these open or overdue.
    for kind in [
        TaskKind::TierReview,
        TaskKind::VisitPlan,
        TaskKind::SignalReport,
        TaskKind::RecoveryPlan,
        TaskKind::LegalAction,
    ] {
        assert!(closed_kinds.contains(&kind), "{kind:?}: {closed_kinds:?}");
    }
    let left: Vec<_> = agenda(&store, d(TODAY))
        .tasks
        .into_iter()
        .filter(|t| kinds.contains(&t.kind) && t.state == TaskState::Overdue)
        .map(|t| format!("{:?} {}", t.kind, t.due))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_task_closed_otherwise_says_what_closes_it_and_a_wrong_day_lists_the_open_ones() {
    let mut store = demo();
    let periodic = open_of(&store, TaskKind::PeriodicCheck).remove(0);
    let refused = close(
        &mut store,
        &CloseTask {
            target: target(&periodic),
            kind: TaskKind::PeriodicCheck,
            due: periodic.due,
            anchor: None,
            on: d(TODAY),
            record: TaskRecord::FollowUp {
                note: "看过了".into(),
            },
        },
    )
    .unwrap_err();
    assert!(matches!(
        refused,
        CloseError::ClosedOtherwise {
            by: ClosedBy::Visit,
            ..
        }
    ));
    assert!(ClosedBy::Visit.sentence(Locale::ZhCn).contains("开始检查"));

    let report = open_of(&store, TaskKind::SignalReport).remove(0);
    let wrong_day = close(
        &mut store,
        &CloseTask {
            target: target(&report),
            kind: TaskKind::SignalReport,
            due: report.due + chrono::Days::new(3),
            anchor: None,
            on: d(TODAY),
            record: TaskRecord::Report {
                to: "王强".into(),
                channel: ReportChannel::Phone,
                at: None,
                said: "已报告".into(),
            },
        },
    )
    .unwrap_err();
    match wrong_day {
        CloseError::NoSuchTask { open, .. } => assert!(open.contains(&report.due), "{open:?}"),
        other => panic!("{other:?}"),
    }
    // A record of another shape.
    let wrong = close(
        &mut store,
        &CloseTask {
            target: target(&report),
            kind: TaskKind::SignalReport,
            due: report.due,
            anchor: None,
            on: d(TODAY),
            record: TaskRecord::VisitPlan {
                submitted_to: "王强".into(),
                note: String::new(),
            },
        },
    )
    .unwrap_err();
    assert!(matches!(wrong, CloseError::WrongRecord { .. }));
    // A report dated before the signal was found.
    let early = close(
        &mut store,
        &CloseTask {
            target: target(&report),
            kind: TaskKind::SignalReport,
            due: report.due,
            anchor: None,
            on: report.due - chrono::Days::new(30),
            record: TaskRecord::Report {
                to: "王强".into(),
                channel: ReportChannel::Phone,
                at: None,
                said: "已报告".into(),
            },
        },
    )
    .unwrap_err();
    assert!(matches!(early, CloseError::BeforeOwed { .. }), "{early:?}");
}

#[test]
fn a_follow_up_added_by_hand_closes_with_a_note_and_shows_done() {
    let mut store = demo();
    let gid = store.guarantee_summaries().unwrap()[0].id;
    store
        .insert_task(&crate::tasks::NewTask {
            guarantee_id: gid,
            kind: TaskKind::FollowUp,
            title: "补充提供三季度报表".into(),
            due_date: d("2026-11-20"),
            reason: "业务部经理要求".into(),
            assignee_id: None,
        })
        .unwrap();
    let t = open_of(&store, TaskKind::FollowUp)
        .into_iter()
        .find(|t| t.guarantee_id == Some(gid))
        .unwrap();
    assert_eq!(t.state, TaskState::Overdue);
    close(
        &mut store,
        &CloseTask {
            target: TaskTarget::Guarantee(gid),
            kind: TaskKind::FollowUp,
            due: t.due,
            anchor: None,
            on: d(TODAY),
            record: TaskRecord::FollowUp {
                note: "已收到三季度报表".into(),
            },
        },
    )
    .unwrap();
    assert_eq!(state_after(&store, &t), (TaskState::Done, Some(d(TODAY))));
}

#[test]
fn of_two_tasks_of_a_kind_due_the_same_day_the_anchor_names_one_and_a_future_day_is_refused() {
    let mut store = demo();
    let gid = store.guarantee_summaries().unwrap()[1].id;
    for title in ["补充提供三季度报表", "核实新增对外担保"] {
        store
            .insert_task(&crate::tasks::NewTask {
                guarantee_id: gid,
                kind: TaskKind::FollowUp,
                title: title.into(),
                due_date: d("2026-11-20"),
                reason: "业务部经理要求".into(),
                assignee_id: None,
            })
            .unwrap();
    }
    let mine: Vec<DueTask> = open_of(&store, TaskKind::FollowUp)
        .into_iter()
        .filter(|t| t.guarantee_id == Some(gid) && t.due == d("2026-11-20"))
        .collect();
    assert_eq!(mine.len(), 2);
    let ask = |anchor: Option<String>, on: &str| CloseTask {
        target: TaskTarget::Guarantee(gid),
        kind: TaskKind::FollowUp,
        due: d("2026-11-20"),
        anchor,
        on: d(on),
        record: TaskRecord::FollowUp {
            note: "已收到报表".into(),
        },
    };
    let after_today = close(
        &mut store,
        &ask(Some(mine[1].anchor.to_string()), "2026-11-24"),
    );
    assert!(
        matches!(after_today, Err(CloseError::InFuture { .. })),
        "{after_today:?}"
    );
    // The one named closes, not the other; without a name, the first still open, and says so.
    close(&mut store, &ask(Some(mine[1].anchor.to_string()), TODAY)).unwrap();
    assert_eq!(state_after(&store, &mine[1]).0, TaskState::Done);
    assert_eq!(state_after(&store, &mine[0]).0, TaskState::Overdue);
    let closed = close(&mut store, &ask(None, TODAY)).unwrap();
    assert_eq!(closed.anchor, mine[0].anchor);
    assert_eq!(state_after(&store, &mine[0]).0, TaskState::Done);
    // Both done: a third is refused with the day.
    assert!(matches!(
        close(&mut store, &ask(None, TODAY)),
        Err(CloseError::AlreadyDone { .. })
    ));
    // Both records are in the guarantee's file.
    let notes = store.completions_of(gid).unwrap();
    assert_eq!(
        notes
            .iter()
            .filter(|(k, _, n)| k == "follow_up" && n.as_deref() == Some("已收到报表"))
            .count(),
        2
    );
}

#[test]
fn a_review_written_while_head_office_changed_the_tier_is_not_recorded() {
    let mut store = demo();
    let review = open_of(&store, TaskKind::TierReview)
        .into_iter()
        .find(|t| t.state == TaskState::Overdue)
        .unwrap();
    let gid = review.guarantee_id.unwrap();
    let g = store.guarantee(gid).unwrap();
    let (policy, calendar) = (Policy::builtin(), WorkCalendar::builtin());
    let engine = Engine::new(&policy, &calendar);
    let prepared = prepare(
        &store,
        &engine,
        &CloseTask {
            target: TaskTarget::Guarantee(gid),
            kind: TaskKind::TierReview,
            due: review.due,
            anchor: None,
            on: d(TODAY),
            record: TaskRecord::TierReview {
                tier: g.risk_tier,
                class: g.five_level_class,
                reason: "维持".into(),
            },
        },
        d(TODAY),
    )
    .unwrap();
    // Head office's tier change arrives with a sync meanwhile.
    let other = RiskTier::new((g.risk_tier.get() % 4) + 1).unwrap();
    store
        .change_risk_tier(gid, other, "总部：调整", d(TODAY), None)
        .unwrap();
    assert!(matches!(
        prepared.commit(&mut store),
        Err(CloseError::ChangedMeanwhile)
    ));
    assert_eq!(store.guarantee(gid).unwrap().risk_tier, other, "kept");
    assert_eq!(state_after(&store, &review).0, TaskState::Overdue);
}

#[test]
fn a_task_closed_by_two_records_at_once_is_recorded_once() {
    // The window and the CLI each check the task open, then each commit.
    let mut store = demo();
    let report = open_of(&store, TaskKind::SignalReport)
        .into_iter()
        .next()
        .unwrap();
    let gid = report.guarantee_id.unwrap();
    let (policy, calendar) = (Policy::builtin(), WorkCalendar::builtin());
    let engine = Engine::new(&policy, &calendar);
    let ask = |said: &str| CloseTask {
        target: TaskTarget::Guarantee(gid),
        kind: TaskKind::SignalReport,
        due: report.due,
        anchor: Some(report.anchor.to_string()),
        on: d(TODAY),
        record: TaskRecord::Report {
            to: "部门负责人".into(),
            channel: ReportChannel::Phone,
            at: None,
            said: said.into(),
        },
    };
    let first = prepare(&store, &engine, &ask("窗口里登记"), d(TODAY)).unwrap();
    let second = prepare(&store, &engine, &ask("命令行登记"), d(TODAY)).unwrap();
    first.commit(&mut store).unwrap();
    let refused = second.commit(&mut store);
    assert!(
        matches!(refused, Err(CloseError::AlreadyDone { done_on, .. }) if done_on == d(TODAY)),
        "{refused:?}"
    );
    let recorded = store
        .completions_of(gid)
        .unwrap()
        .into_iter()
        .filter(|(k, _, _)| k == "signal_report")
        .filter(|(_, _, n)| n.as_deref().is_some_and(|n| n.contains("登记")))
        .count();
    assert_eq!(recorded, 1);
}
