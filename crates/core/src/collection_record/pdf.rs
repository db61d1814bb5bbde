//! The 催收与追偿记录 on A4: the guarantee, then one table per kind of entry it holds (the
//! overdue, repayments, contacts, notices, the lost-contact search, withdrawal, compensation and
//! recoveries, the counter-guarantees' enforcement, the release); numbered, digested and
//! QR-coded on every page like the other documents. Sections with nothing recorded are left out.

use crate::collection_record::CollectionRecordContent;
use crate::i18n::Locale;
use crate::sealed::SealedContent;
use crate::sealed::form;
use crate::sealed::layout::{Align, Style};
use chrono::{DateTime, FixedOffset};

const BODY: Style = Style::regular(10.5);

/// Renders the record. Returns the PDF and its number of pages.
pub fn render(
    r: &CollectionRecordContent,
    generated_at: DateTime<FixedOffset>,
) -> (Vec<u8>, usize) {
    let b = &r.body;
    let l = Locale::ZhCn;
    let (doc, mut c) = form::start(
        "催收与追偿记录",
        &b.officer,
        &format!("{} · 催收与追偿记录", b.borrower),
        &r.document_no,
    );
    let digest = r.digest();
    form::title(
        &mut c,
        &r.company,
        "催收与追偿记录",
        &r.document_no,
        &digest,
    );
    let overdue_state = match &b.overdue {
        Some(o) if o.cleared_on.is_none() => format!(
            "{} 起逾期 {} 天{}，余额 {} 元",
            o.due_on,
            r.days_overdue,
            r.bucket
                .as_deref()
                .map(|x| format!("，{x}"))
                .unwrap_or_default(),
            o.balance.grouped()
        ),
        Some(o) => format!(
            "{} 的逾期已于 {} 结清",
            o.due_on,
            o.cleared_on.map(|d| d.to_string()).unwrap_or_default()
        ),
        None => "未逾期".into(),
    };
    form::facts(
        &mut c,
        &[
            ("被担保人", b.borrower.clone()),
            ("委托担保合同编号", b.contract_no.clone()),
            ("贷款银行", b.lending_bank.clone()),
            ("担保品种", b.product.clone()),
            ("担保金额（元）", b.amount.grouped()),
            ("担保期限", format!("{} 至 {}", b.start, b.maturity)),
            ("状态", b.status.clone()),
            ("A角", b.officer.clone()),
            ("逾期情况", overdue_state),
            (
                "本金",
                format!(
                    "已还 {} 元，尚未归还 {} 元",
                    b.principal_repaid.grouped(),
                    b.principal_outstanding.grouped()
                ),
            ),
        ],
    );
    c.gap(10.0);

    if !b.repayments.is_empty() {
        c.heading("还款记录", 40.0);
        form::text_table(
            &mut c,
            &[
                (0.16, Align::Left),
                (0.2, Align::Right),
                (0.18, Align::Right),
                (0.46, Align::Left),
            ],
            &["还款日", "本金（元）", "利息（元）", "还款凭证"],
            b.repayments
                .iter()
                .map(|p| {
                    let scan = p
                        .scan
                        .as_ref()
                        .map(|s| format!("（扫描件 {}）", s.file_name))
                        .unwrap_or_default();
                    vec![
                        p.paid_on.to_string(),
                        p.principal.grouped(),
                        p.interest.grouped(),
                        format!("{}{scan}", p.voucher.as_deref().unwrap_or("")),
                    ]
                })
                .collect(),
        );
    }
    if !b.contacts.is_empty() {
        c.heading("催收联系记录", 40.0);
        form::text_table(
            &mut c,
            &[
                (0.17, Align::Left),
                (0.17, Align::Left),
                (0.42, Align::Left),
                (0.24, Align::Left),
            ],
            &["时间", "方式 · 对象", "沟通内容", "承诺还款"],
            b.contacts
                .iter()
                .map(|x| {
                    vec![
                        x.at.format("%Y-%m-%d %H:%M").to_string(),
                        format!(
                            "{} · {}{}",
                            x.channel.label(l),
                            x.party.label(l),
                            x.person
                                .as_deref()
                                .map(|p| format!(" {p}"))
                                .unwrap_or_default()
                        ),
                        format!(
                            "{}{}",
                            x.summary,
                            x.officer
                                .as_deref()
                                .map(|o| format!("（{o}）"))
                                .unwrap_or_default()
                        ),
                        x.promise
                            .as_ref()
                            .map(|p| {
                                format!(
                                    "{} 元，{} 前；{}",
                                    p.amount.grouped(),
                                    p.by,
                                    p.state.label(l)
                                )
                            })
                            .unwrap_or_default(),
                    ]
                })
                .collect(),
        );
    }
    if !b.notices.is_empty() {
        c.heading("通知书", 40.0);
        form::text_table(
            &mut c,
            &[
                (0.3, Align::Left),
                (0.18, Align::Left),
                (0.14, Align::Left),
                (0.2, Align::Left),
                (0.18, Align::Left),
            ],
            &["编号", "种类", "签发", "送达", "回执"],
            b.notices
                .iter()
                .map(|n| {
                    vec![
                        n.document_no.clone(),
                        n.kind.label(l).to_owned(),
                        n.issued_on.to_string(),
                        n.delivered_on
                            .map(|d| {
                                format!(
                                    "{d} {}",
                                    n.delivery_method.map(|m| m.label(l)).unwrap_or("")
                                )
                            })
                            .unwrap_or_else(|| "未送达".into()),
                        match (n.kind.needs_receipt(), n.receipt_on) {
                            (false, _) => "—".into(),
                            (true, Some(d)) => d.to_string(),
                            (true, None) => "未收回".into(),
                        },
                    ]
                })
                .collect(),
        );
    }
    if !b.search_steps.is_empty() {
        c.heading("失联查找", 40.0);
        form::text_table(
            &mut c,
            &[(0.16, Align::Left), (0.24, Align::Left), (0.6, Align::Left)],
            &["日期", "步骤", "查找结果"],
            b.search_steps
                .iter()
                .map(|s| vec![s.done_on.to_string(), s.step.clone(), s.finding.clone()])
                .collect(),
        );
    }
    if !b.withdrawals.is_empty() {
        c.heading("撤保", 40.0);
        form::text_table(
            &mut c,
            &[(0.3, Align::Left), (0.16, Align::Left), (0.54, Align::Left)],
            &["编号", "提出", "审批与通知银行"],
            b.withdrawals
                .iter()
                .map(|w| {
                    let decision = match (w.decision, w.decided_on) {
                        (Some(d), Some(on)) => format!(
                            "{} {on} {}",
                            d.label(l),
                            w.decided_by.as_deref().unwrap_or("")
                        ),
                        _ => "待总经理审批".into(),
                    };
                    let bank = w
                        .bank_notified_on
                        .map(|d| format!("；{d} 已通知贷款银行"))
                        .unwrap_or_default();
                    vec![
                        w.document_no.clone(),
                        format!("{} {}", w.proposed_on, w.proposer),
                        format!("{decision}{bank}"),
                    ]
                })
                .collect(),
        );
    }
    if let Some(a) = &b.recovery {
        c.heading("代偿与追偿", 60.0);
        c.paragraph(
            &format!(
                "{} 代偿本息 {} 元（本金 {}，利息 {}），已追回 {} 元，尚欠 {} 元。",
                a.paid_on,
                a.compensated.grouped(),
                a.principal.grouped(),
                a.interest.grouped(),
                a.recovered.grouped(),
                a.outstanding.grouped()
            ),
            BODY,
            0.0,
        );
        c.gap(4.0);
        if !a.recoveries.is_empty() {
            form::text_table(
                &mut c,
                &[
                    (0.16, Align::Left),
                    (0.24, Align::Left),
                    (0.2, Align::Right),
                    (0.4, Align::Left),
                ],
                &["收回日", "来源", "金额（元）", "说明"],
                a.recoveries
                    .iter()
                    .map(|x| {
                        vec![
                            x.received_on.to_string(),
                            x.source.label(l).to_owned(),
                            x.amount.grouped(),
                            x.note.clone().unwrap_or_default(),
                        ]
                    })
                    .collect(),
            );
        }
    }
    if let Some(plan) = &b.enforcement {
        c.heading(
            &format!(
                "执行反担保（{} {}起）",
                plan.start.on,
                plan.start.cause.label(l)
            ),
            60.0,
        );
        let rows: Vec<Vec<String>> = plan
            .items
            .iter()
            .flat_map(|item| {
                let cg = &item.counter_guarantee;
                let what = format!("{}：{}", cg.kind.label(l), cg.description);
                item.steps.iter().map(move |s| {
                    vec![
                        what.clone(),
                        s.text.clone(),
                        s.due.to_string(),
                        s.done
                            .as_ref()
                            .map(|d| format!("{} {}：{}", d.done_on, d.outcome.label(l), d.note))
                            .unwrap_or_else(|| "未办理".into()),
                    ]
                })
            })
            .collect();
        form::text_table(
            &mut c,
            &[
                (0.2, Align::Left),
                (0.34, Align::Left),
                (0.12, Align::Left),
                (0.34, Align::Left),
            ],
            &["反担保", "步骤", "应办日", "办理情况"],
            rows,
        );
    }
    if !b.extensions.is_empty() {
        c.heading("展期", 40.0);
        for e in &b.extensions {
            let decided = match &e.verdict {
                Some(v) => format!(
                    "{} {}{}（{}）{}",
                    v.on,
                    v.decision.label(crate::i18n::Locale::ZhCn),
                    v.interest_paid_on
                        .map(|d| format!("，利息结清至 {d}"))
                        .unwrap_or_default(),
                    v.by,
                    v.note
                        .as_deref()
                        .map(|n| format!("：{n}"))
                        .unwrap_or_default()
                ),
                None => "待审批".into(),
            };
            c.paragraph(
                &format!(
                    "{} 申请展期，到期日 {} → {}；理由：{}。审批：{}。",
                    e.applied_on, e.original_maturity, e.new_maturity, e.reason, decided
                ),
                BODY,
                0.0,
            );
        }
    }
    if let Some(d) = &b.compensation_demand {
        c.heading("代偿要求", 40.0);
        c.paragraph(
            &format!(
                "{} 贷款银行提出代偿要求，金额 {} 元{}。",
                d.demanded_on,
                d.amount.grouped(),
                d.reference
                    .as_deref()
                    .map(|r| format!("（{r}）"))
                    .unwrap_or_default()
            ),
            BODY,
            0.0,
        );
    }
    if let Some(rel) = &b.release {
        c.heading("解保", 40.0);
        c.paragraph(
            &format!(
                "{} 解保，《免除担保责任确认表》{}；{}{}",
                rel.released_on,
                rel.document_no,
                match (&rel.titles_returned, rel.titles_owed) {
                    (Some(t), _) => format!(
                        "{} 有权凭证（{}）交还，{} 签收；",
                        t.on, t.documents, t.receiver
                    ),
                    (None, true) => "有权凭证尚未交还；".into(),
                    (None, false) => String::new(),
                },
                match (rel.archived_on, rel.archive_receiver.as_deref()) {
                    (Some(d), Some(who)) => format!("{d} 档案移交 {who}。"),
                    _ => "档案尚未移交。".into(),
                }
            ),
            BODY,
            0.0,
        );
    }

    crate::sealed::furniture::stamp(
        &mut c,
        &format!("{} · 催收与追偿记录 · {}", r.company, b.borrower),
        &r.document_no,
        &r.qr_payload(),
        generated_at,
    );
    form::finish(doc, c)
}
