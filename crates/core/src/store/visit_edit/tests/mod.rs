//! The visit editor against a real database file: start, edit field by field, the guards,
//! confirmation, completion, freezing and correction.

use super::*;
use crate::checklist::ChecklistTemplate;
use crate::draft::review::{Problem, review};
use crate::draft::{InterviewValue, InventoryColumn, VisitEdit, VisitStart};
use crate::evidence::place::Place;
use crate::store::OpenMode;
use crate::store::tests::{d, seed_minimal};
use crate::tasks::TaskKind;
use crate::visit::{FinancialMetric, VisitKind, VisitMethod};
use rust_decimal_macros::dec;

mod evidence;

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("{s}+08:00")).unwrap()
}

struct Bench {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    store: Store,
    policy: Policy,
    catalog: SignalCatalog,
    template: ChecklistTemplate,
    officer: i64,
    guarantee: i64,
}

impl Bench {
    fn new() -> Bench {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("visits.sqlite3");
        let mut store =
            Store::open(&path, OpenMode::CreateOrUpgrade, &crate::store::test_key()).unwrap();
        let (officer, guarantee) = seed_minimal(&mut store);
        Bench {
            _dir: dir,
            path,
            store,
            policy: Policy::builtin(),
            catalog: SignalCatalog::builtin(),
            template: ChecklistTemplate::builtin(),
            officer,
            guarantee,
        }
    }

    fn start(&mut self, date: &str) -> VisitId {
        let start = VisitStart {
            guarantee_id: self.guarantee,
            kind: VisitKind::Periodic,
            method: VisitMethod::OnSite,
            visit_date: d(date),
            officer_id: self.officer,
            started_from: Some(TaskKind::PeriodicCheck),
        };
        self.store
            .start_visit(
                &start,
                &self.policy,
                &self.template,
                at(&format!("{date}T09:00:00")),
            )
            .unwrap()
    }

    fn edit(&mut self, id: VisitId, edit: VisitEdit) -> EditOutcome {
        self.store
            .edit_visit(
                id,
                &edit,
                &self.policy,
                &self.catalog,
                at("2026-11-23T10:00:00"),
            )
            .unwrap_or_else(|e| panic!("{edit:?}: {e}"))
    }

    /// The borrower confirms at `hh:mm` on `day`, and the visit is completed five minutes later.
    fn confirm_and_complete(&mut self, id: VisitId, day: &str, hh_mm: &str) {
        let when = at(&format!("{day}T{hh_mm}:00"));
        self.store
            .confirm_by_borrower(id, "张厂长", &self.policy, &self.catalog, when)
            .unwrap();
        self.store
            .complete_visit(
                id,
                &self.policy,
                &self.catalog,
                when + chrono::Duration::minutes(5),
            )
            .unwrap();
    }

    fn problems(&self, id: VisitId) -> Vec<Problem> {
        review(
            &self.store.visit_draft(id).unwrap(),
            &self.policy,
            &self.catalog,
        )
        .problems
    }

    /// Answers every question normally (texts with facts), counts the pledged goods within the
    /// threshold, interviews three workers, enters figures, writes a factual conclusion.
    fn fill(&mut self, id: VisitId, conclusion: &str) {
        let draft = self.store.visit_draft(id).unwrap();
        for a in &draft.answers {
            let answer = match a.item.answer {
                crate::checklist::AnswerKind::Choice => a.item.options[0].clone(),
                crate::checklist::AnswerKind::Text => {
                    format!("{}：本次核实情况见附件{}", a.item.code, draft.visit_date)
                }
            };
            self.edit(
                id,
                VisitEdit::Answer {
                    code: a.item.code.clone(),
                    answer,
                },
            );
        }
        let line = draft.inventory[0].id;
        for (column, text) in [
            (InventoryColumn::BookQuantity, "140"),
            (InventoryColumn::CountedQuantity, "1,32.5"),
            (InventoryColumn::CountedQuantity, "132.5"),
        ] {
            self.edit(
                id,
                VisitEdit::InventoryText {
                    line_id: line,
                    column,
                    text: text.into(),
                },
            );
        }
        for role in ["挡车工", "仓库管理员", "机修工"] {
            let iid = self.edit(id, VisitEdit::AddInterview).new_id.unwrap();
            self.edit(
                id,
                VisitEdit::Interview {
                    interview_id: iid,
                    value: InterviewValue::Role(role.into()),
                },
            );
            self.edit(
                id,
                VisitEdit::Interview {
                    interview_id: iid,
                    value: InterviewValue::ShiftsPerDay(Some(2)),
                },
            );
        }
        for (metric, text) in [
            (FinancialMetric::TotalAssets, "5,200"),
            (FinancialMetric::TotalLiabilities, "3380"),
            (FinancialMetric::MonthlySales, "360"),
        ] {
            self.edit(
                id,
                VisitEdit::Figure {
                    metric,
                    text: text.into(),
                },
            );
        }
        self.edit(
            id,
            VisitEdit::Conclusion {
                text: conclusion.into(),
            },
        );
    }
}

#[test]
fn a_visit_starts_from_the_template_for_the_product_with_the_pledged_goods() {
    let mut b = Bench::new();
    let id = b.start("2026-11-20");
    let draft = b.store.visit_draft(id).unwrap();
    let expected: Vec<&str> = b
        .template
        .items_for(crate::portfolio::Product::WorkingCapitalLoan)
        .map(|i| i.code.as_str())
        .collect();
    assert_eq!(
        draft
            .answers
            .iter()
            .map(|a| a.item.code.as_str())
            .collect::<Vec<_>>(),
        expected
    );
    assert_eq!(draft.policy_version.as_deref(), Some("2026.2"));
    assert_eq!(draft.template_version.as_deref(), Some("2026.2"));
    assert_eq!(draft.started_from, Some(TaskKind::PeriodicCheck));
    assert_eq!(draft.inventory.len(), 1);
    assert_eq!(draft.inventory[0].goods_name, "棉纱");
    assert_eq!(draft.inventory[0].pledged_minimum, "120.5");
    assert_eq!(
        draft.inventory[0].last_count_quantity, "",
        "no earlier count"
    );
    // Starting again resumes the draft.
    assert_eq!(b.start("2026-11-21"), id);
}

#[test]
fn every_keystroke_is_on_disk_when_the_process_dies() {
    let mut b = Bench::new();
    let id = b.start("2026-11-20");
    let line = b.store.visit_draft(id).unwrap().inventory[0].id;
    // Half-typed numbers are kept as typed.
    b.edit(
        id,
        VisitEdit::InventoryText {
            line_id: line,
            column: InventoryColumn::CountedQuantity,
            text: "13".into(),
        },
    );
    b.edit(
        id,
        VisitEdit::InventoryText {
            line_id: line,
            column: InventoryColumn::CountedQuantity,
            text: "132.".into(),
        },
    );
    b.edit(
        id,
        VisitEdit::Conclusion {
            text: "实盘棉纱132".into(),
        },
    );
    // No close, no flush: the process is gone (the file is all there is).
    let path = b.path.clone();
    std::mem::forget(b.store);
    let store = Store::open(&path, OpenMode::Existing, &crate::store::test_key()).unwrap();
    let draft = store.visit_draft(id).unwrap();
    assert_eq!(draft.inventory[0].counted_quantity, "132.");
    assert_eq!(draft.conclusion, "实盘棉纱132");
}

#[test]
fn the_guards_hold_until_the_visit_is_complete_and_then_it_freezes() {
    let mut b = Bench::new();
    let id = b.start("2026-11-20");
    let p = b.problems(id);
    assert!(p.contains(&Problem::Unanswered { code: "A01".into() }));
    assert!(p.contains(&Problem::TooFewInterviews { need: 3, have: 0 }));
    assert!(p.contains(&Problem::ConclusionMissing));
    assert!(p.contains(&Problem::InventoryLineIncomplete {
        line_id: b.store.visit_draft(id).unwrap().inventory[0].id
    }));

    // Formality words alone are no conclusion.
    b.fill(id, "企业经营正常，生产情况良好，按规定执行。");
    assert_eq!(
        b.problems(id),
        [
            Problem::ConclusionWithoutFacts,
            Problem::BorrowerNotConfirmed
        ]
    );
    // The borrower cannot confirm an incomplete checklist.
    let err = b
        .store
        .confirm_by_borrower(
            id,
            "张厂长",
            &b.policy,
            &b.catalog,
            at("2026-11-20T16:00:00"),
        )
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::VisitNotReady { problems } if problems == &[Problem::ConclusionWithoutFacts]),
        "{err:?}"
    );
    assert!(
        crate::store::messages::store_message(&err, crate::i18n::Locale::ZhCn).contains("套话")
    );

    b.edit(
        id,
        VisitEdit::Conclusion {
            text: "开工3条线中的3条，实盘棉纱132.5吨高于最低库存120.5吨，工资按月发放。".into(),
        },
    );
    // An abnormal answer needs its facts; a change of people that is no 重大人事调整 proposes
    // nothing (seed 004 item 15), one that is proposes W15.
    b.edit(
        id,
        VisitEdit::Answer {
            code: "B01".into(),
            answer: "一般人员变动".into(),
        },
    );
    let p = b.problems(id);
    assert!(
        p.contains(&Problem::NoteNeeded { code: "B01".into() }),
        "{p:?}"
    );
    assert!(
        !p.iter()
            .any(|p| matches!(p, Problem::SignalUndecided { .. })),
        "{p:?}"
    );
    b.edit(
        id,
        VisitEdit::Answer {
            code: "B01".into(),
            answer: "重大人事调整，严重影响经营和偿债".into(),
        },
    );
    let p = b.problems(id);
    assert!(
        p.contains(&Problem::NoteNeeded { code: "B01".into() }),
        "{p:?}"
    );
    assert!(
        p.contains(&Problem::SignalUndecided { code: "W15".into() }),
        "{p:?}"
    );
    b.edit(
        id,
        VisitEdit::AnswerNote {
            code: "B01".into(),
            note: "9月起财务总监由李明接任".into(),
        },
    );
    let draft = b.store.visit_draft(id).unwrap();
    let r = review(&draft, &b.policy, &b.catalog);
    assert_eq!(r.proposed.len(), 1);
    assert_eq!(
        r.proposed[0].evidence,
        "股东、实际控制人及高级管理人员有无变动：重大人事调整，严重影响经营和偿债。9月起财务总监由李明接任"
    );
    // Dismissing needs a reason; with one, the proposal is decided.
    assert!(
        b.store
            .edit_visit(
                id,
                &VisitEdit::DismissSignal {
                    code: "W15".into(),
                    reason: " ".into()
                },
                &b.policy,
                &b.catalog,
                at("2026-11-20T15:00:00")
            )
            .is_err()
    );
    b.edit(
        id,
        VisitEdit::DismissSignal {
            code: "W15".into(),
            reason: "正常人事交接，非重大调整".into(),
        },
    );
    assert_eq!(b.problems(id), [Problem::BorrowerNotConfirmed]);

    b.store
        .confirm_by_borrower(
            id,
            "张厂长",
            &b.policy,
            &b.catalog,
            at("2026-11-20T16:00:00"),
        )
        .unwrap();
    // A change after the confirmation voids it.
    let out = b.edit(
        id,
        VisitEdit::Measures {
            text: "下月复核质押物".into(),
        },
    );
    assert!(out.confirmation_voided);
    assert!(
        b.store
            .complete_visit(id, &b.policy, &b.catalog, at("2026-11-20T17:00:00"))
            .is_err()
    );
    b.confirm_and_complete(id, "2026-11-20", "16:30");

    let done = b.store.visit_draft(id).unwrap();
    assert_eq!(done.status, VisitStatus::Completed);
    assert_eq!(done.borrower_confirmation.as_ref().unwrap().by, "张厂长");
    assert_eq!(
        done.financials
            .iter()
            .find(|f| f.metric == FinancialMetric::TotalAssets)
            .unwrap()
            .value,
        "5200"
    );
    // Frozen.
    let err = b
        .store
        .edit_visit(
            id,
            &VisitEdit::Conclusion { text: "改".into() },
            &b.policy,
            &b.catalog,
            at("2026-11-21T09:00:00"),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::VisitFrozen { .. }));
    // The frozen record reads as exact numbers.
    let v = b.store.visit(id).unwrap();
    assert_eq!(v.inventory[0].counted_quantity.to_string(), "132.5");
    assert_eq!(v.interviews.len(), 3);

    // The report is now owed, within the policy's 2 working days (Fri 11-20 → Tue 11-24).
    let calendar = crate::calendar::WorkCalendar::builtin();
    let engine = crate::tasks::engine::Engine::new(&b.policy, &calendar);
    let agenda = crate::store::agenda_from_store(&b.store, &engine, d("2026-11-23"), None).unwrap();
    let report = agenda
        .tasks
        .iter()
        .find(|t| t.kind == TaskKind::ReportDue)
        .expect("report task");
    assert_eq!(report.due, d("2026-11-24"));
    assert_eq!(report.done_on, None);
}

#[test]
fn an_on_site_visit_with_pledged_goods_is_not_completed_without_their_count() {
    // Seed 004: 盘点 "进入仓库查看库存"; the visit starts with a line for each pledged good.
    let mut b = Bench::new();
    let id = b.start("2026-11-20");
    let draft = b.store.visit_draft(id).unwrap();
    assert_eq!(draft.pledged_goods.len(), 1, "{:?}", draft.pledged_goods);
    let line = draft.inventory[0].id;
    b.edit(id, VisitEdit::RemoveInventoryLine { line_id: line });
    let missing = Problem::StockCountMissing {
        goods: draft.pledged_goods.clone(),
    };
    assert!(b.problems(id).contains(&missing));
    let told = crate::draft::review::visit_problem_message(&missing, crate::i18n::Locale::ZhCn);
    assert!(told.contains("须在实地检查时进入仓库盘点"), "{told}");
    // Counted again, the problem is gone.
    b.edit(id, VisitEdit::AddInventoryLine);
    assert!(!b.problems(id).contains(&missing));
}

#[test]
fn a_close_watch_visit_is_not_completed_without_its_written_suggestion() {
    // Seed 004: "四类:重点关注类,不定时进行调查,每次调查完出具书面建议或提示"; the policy's
    // written_suggestion_tiers = [4].
    let mut b = Bench::new();
    let facts = "开工3条线中的3条，实盘棉纱132.5吨高于最低库存120.5吨，工资按月发放。";
    let tier = |b: &Bench, n: u8| {
        b.store
            .conn()
            .execute(
                "UPDATE guarantees SET risk_tier = ?2 WHERE id = ?1",
                rusqlite::params![b.guarantee, n],
            )
            .unwrap();
    };
    tier(&b, 4);
    let id = b.start("2026-11-20");
    b.fill(id, facts);
    let four = crate::portfolio::RiskTier::new(4).unwrap();
    assert_eq!(
        b.problems(id),
        [
            Problem::SuggestionMissing { tier: four },
            Problem::BorrowerNotConfirmed
        ]
    );
    let told = crate::draft::review::visit_problem_message(
        &Problem::SuggestionMissing { tier: four },
        crate::i18n::Locale::ZhCn,
    );
    assert_eq!(
        told,
        "四类客户每次检查后须出具书面建议或提示：请在“风险防范措施与建议”中写明"
    );
    // Formality words are no suggestion.
    b.edit(
        id,
        VisitEdit::Measures {
            text: "继续关注，按规定执行。".into(),
        },
    );
    assert!(
        b.problems(id)
            .contains(&Problem::SuggestionMissing { tier: four })
    );
    b.edit(
        id,
        VisitEdit::Measures {
            text: "建议贷款银行冻结结算户余额，下周二前追加实际控制人夫妇连带保证。".into(),
        },
    );
    assert_eq!(b.problems(id), [Problem::BorrowerNotConfirmed]);
    b.confirm_and_complete(id, "2026-11-20", "16:30");

    // A tier 3 (风险类) visit needs none.
    tier(&b, 3);
    let id = b.start("2026-12-21");
    b.fill(id, facts);
    let problems = b.problems(id);
    assert!(
        !problems
            .iter()
            .any(|p| matches!(p, Problem::SuggestionMissing { .. })),
        "{problems:?}"
    );
}

#[test]
fn a_correction_is_a_new_version_and_the_old_one_is_kept() {
    let mut b = Bench::new();
    let id = b.start("2026-11-20");
    b.fill(id, "实盘棉纱132.5吨，开工正常。");
    b.confirm_and_complete(id, "2026-11-20", "16:00");
    assert!(
        b.store
            .reopen_visit(id, "  ", at("2026-11-21T09:00:00"))
            .is_err()
    );
    assert_eq!(
        b.store
            .reopen_visit(id, "账面数量抄错，应为145吨", at("2026-11-21T09:00:00"))
            .unwrap(),
        2
    );
    let draft = b.store.visit_draft(id).unwrap();
    assert_eq!((draft.status, draft.version), (VisitStatus::Draft, 2));
    assert!(
        draft.borrower_confirmation.is_none(),
        "the borrower confirms the corrected version"
    );
    let line = draft.inventory[0].id;
    b.edit(
        id,
        VisitEdit::InventoryText {
            line_id: line,
            column: InventoryColumn::BookQuantity,
            text: "145".into(),
        },
    );
    b.confirm_and_complete(id, "2026-11-21", "10:00");
    let versions = b.store.visit_versions(id).unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].reason, "账面数量抄错，应为145吨");
    let v1 = b.store.visit_version_snapshot(id, 1).unwrap();
    assert_eq!(v1.inventory[0].book_quantity, "140");
    assert_eq!(
        b.store.visit_draft(id).unwrap().inventory[0].book_quantity,
        "145"
    );
}

#[test]
fn text_repeated_from_the_last_report_must_be_confirmed() {
    let mut b = Bench::new();
    let first = b.start("2026-10-20");
    let conclusion = "实盘棉纱132.5吨，开工3条线，工资按月发放。";
    b.fill(first, conclusion);
    b.confirm_and_complete(first, "2026-10-20", "16:00");

    let second = b.start("2026-11-20");
    // The last count of the pledged goods comes from the first visit.
    assert_eq!(
        b.store.visit_draft(second).unwrap().inventory[0].last_count_quantity,
        "132.5"
    );
    b.fill(second, conclusion);
    let p = b.problems(second);
    assert!(
        p.contains(&Problem::RepeatedTextUnconfirmed {
            field: "conclusion".into()
        }),
        "{p:?}"
    );
    // Text answers filled the same way repeat too (same date in them would differ; these do not).
    b.edit(
        second,
        VisitEdit::ConfirmRepeatedText {
            field: "conclusion".into(),
        },
    );
    assert!(
        !b.problems(second)
            .contains(&Problem::RepeatedTextUnconfirmed {
                field: "conclusion".into()
            })
    );
    // Changing the text after the confirmation asks again: the confirmation was of other text,
    // and a sentence added to a copy leaves it mostly a copy (17 of its 26 characters).
    b.edit(
        second,
        VisitEdit::Conclusion {
            text: format!("{conclusion}补充：新增订单200万元。"),
        },
    );
    let r = review(&b.store.visit_draft(second).unwrap(), &b.policy, &b.catalog);
    let again = r.repeated.iter().find(|t| t.field == "conclusion").unwrap();
    assert_eq!((again.share, again.confirmed), (dec!(0.65), false));
    // The figures are compared with the first visit.
    let assets = r
        .figures
        .iter()
        .find(|f| f.metric == FinancialMetric::DebtRatio)
        .unwrap();
    assert_eq!(
        assets.previous.map(|v| v.to_string()).as_deref(),
        Some("65.00")
    );
}

#[test]
fn stock_and_interview_facts_propose_their_signals_and_accepting_raises_them() {
    let mut b = Bench::new();
    let id = b.start("2026-11-20");
    let line = b.store.visit_draft(id).unwrap().inventory[0].id;
    b.edit(
        id,
        VisitEdit::InventoryText {
            line_id: line,
            column: InventoryColumn::BookQuantity,
            text: "140".into(),
        },
    );
    b.edit(
        id,
        VisitEdit::InventoryText {
            line_id: line,
            column: InventoryColumn::CountedQuantity,
            text: "98".into(),
        },
    );
    let iid = b.edit(id, VisitEdit::AddInterview).new_id.unwrap();
    b.edit(
        id,
        VisitEdit::Interview {
            interview_id: iid,
            value: InterviewValue::Role("挡车工".into()),
        },
    );
    b.edit(
        id,
        VisitEdit::Interview {
            interview_id: iid,
            value: InterviewValue::WagesPaidOnTime(false),
        },
    );
    b.edit(
        id,
        VisitEdit::Interview {
            interview_id: iid,
            value: InterviewValue::MonthsInArrears(2),
        },
    );
    let draft = b.store.visit_draft(id).unwrap();
    let r = review(&draft, &b.policy, &b.catalog);
    assert!(r.inventory[0].over_threshold && r.inventory[0].under_minimum);
    assert_eq!(
        r.inventory[0].variance_vs_book,
        Some(rust_decimal_macros::dec!(-0.3))
    );
    let codes: Vec<&str> = r.proposed.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["X01", "X02", "X03"]);
    let sid = b
        .edit(id, VisitEdit::AcceptSignal { code: "X02".into() })
        .new_id
        .unwrap();
    let signals = b.store.signals_of(b.guarantee).unwrap();
    assert_eq!(signals.len(), 1);
    assert_eq!((signals[0].id, signals[0].found_on), (sid, d("2026-11-20")));
    assert!(
        signals[0].evidence.contains("低于质押最低库存量 120.5吨"),
        "{}",
        signals[0].evidence
    );
    // Accepting what is not proposed is refused; a raised signal can be withdrawn while a draft.
    assert!(
        b.store
            .edit_visit(
                id,
                &VisitEdit::AcceptSignal { code: "X02".into() },
                &b.policy,
                &b.catalog,
                at("2026-11-20T12:00:00")
            )
            .is_err()
    );
    b.edit(id, VisitEdit::WithdrawSignal { signal_id: sid });
    assert!(b.store.signals_of(b.guarantee).unwrap().is_empty());
    // A signal raised by hand needs its evidence.
    assert!(
        b.store
            .edit_visit(
                id,
                &VisitEdit::RaiseSignal {
                    code: "W20".into(),
                    evidence: "".into()
                },
                &b.policy,
                &b.catalog,
                at("2026-11-20T12:00:00")
            )
            .is_err()
    );
    b.edit(
        id,
        VisitEdit::RaiseSignal {
            code: "W20".into(),
            evidence: "实际控制人10月出境未归".into(),
        },
    );
    assert_eq!(b.store.signals_of(b.guarantee).unwrap()[0].code, "W20");
}
