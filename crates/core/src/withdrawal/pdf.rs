//! The 撤销担保审批表 on A4: the guarantee, the grounds of seed 000 ticked, what the check found,
//! the warning signals offered as evidence with what was seen, the reports to pull, the proposed
//! handling and the approval boxes; numbered, digested and QR-coded on every page.

use crate::sealed::SealedContent;
use crate::sealed::form::{self, columns};
use crate::sealed::layout::Style;
use crate::sealed::layout::{Align, Cell};
use crate::withdrawal::WithdrawalContent;
use chrono::{DateTime, FixedOffset};

const BODY: Style = Style::regular(10.5);
const SMALL: Style = Style::regular(8.0);
const CELL: Style = Style::regular(9.5);
const HEAD: Style = Style::bold(9.5);

/// Renders the form. Returns the PDF and its number of pages.
pub fn render(
    w: &WithdrawalContent,
    approvers: &[String],
    generated_at: DateTime<FixedOffset>,
) -> (Vec<u8>, usize) {
    let (doc, mut c) = form::start(
        "撤销担保审批表",
        &w.proposer,
        &format!("{} · 撤销担保审批表", w.borrower),
        &w.document_no,
    );
    form::title(
        &mut c,
        &w.company,
        "撤销担保审批表",
        &w.document_no,
        &w.digest(),
    );
    form::facts(
        &mut c,
        &[
            ("被担保人", w.borrower.clone()),
            ("委托担保合同编号", w.contract_no.clone()),
            ("贷款银行", w.lending_bank.clone()),
            ("担保品种", w.product.clone()),
            ("担保金额（元）", w.amount.grouped()),
            ("担保期限", format!("{} 至 {}", w.start, w.maturity)),
            ("提出人", w.proposer.clone()),
            ("提出日期", w.proposed_on.to_string()),
        ],
    );
    c.gap(10.0);

    c.heading("一、撤保事由（保后管理实施细则 第五条）", 60.0);
    for (label, claimed) in &w.grounds {
        let mark = if *claimed { "■" } else { "□" };
        c.paragraph(&format!("{mark} {label}"), BODY, 6.0);
    }
    c.gap(6.0);
    c.heading("二、检查情况", 40.0);
    c.paragraph(&w.facts, BODY, 0.0);
    c.gap(6.0);
    c.heading("三、证据：预警信号", 50.0);
    let sig_cols = columns(&[
        (0.1, Align::Left),
        (0.3, Align::Left),
        (0.1, Align::Center),
        (0.14, Align::Left),
        (0.36, Align::Left),
    ]);
    let header =
        ["代码", "预警信号", "级别", "发现日", "所见事实"].map(|t| Cell::new(t, HEAD).shaded(0.9));
    let rows: Vec<Vec<Cell>> = w
        .signals
        .iter()
        .map(|s| {
            vec![
                Cell::new(s.code.clone(), CELL),
                Cell::new(s.title.clone(), CELL),
                Cell::new(s.severity.clone(), CELL),
                Cell::new(s.found_on.to_string(), CELL),
                Cell::new(s.evidence.clone(), CELL),
            ]
        })
        .collect();
    c.table(&sig_cols, &header, &rows);
    c.gap(4.0);
    let reports = if w.reports.is_empty() {
        "无".to_owned()
    } else {
        w.reports.join("、")
    };
    c.paragraph(&format!("附保后检查表：{reports}"), SMALL, 0.0);
    c.gap(6.0);
    c.heading("四、处理意见", 40.0);
    c.paragraph(&w.proposal, BODY, 0.0);
    c.gap(8.0);

    c.heading("五、审批", 150.0);
    let mut steps = vec![format!("风险部（{}）", w.proposer)];
    steps.extend(approvers.iter().cloned());
    form::approvals(&mut c, &steps);

    crate::sealed::furniture::stamp(
        &mut c,
        &format!("{} · 撤销担保审批表 · {}", w.company, w.borrower),
        &w.document_no,
        &w.qr_payload(),
        generated_at,
    );
    form::finish(doc, c)
}
