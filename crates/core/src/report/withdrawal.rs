//! The 撤销担保审批表 on A4: the guarantee, the grounds of seed 000 ticked, what the check found,
//! the warning signals offered as evidence with what was seen, the reports to pull, the proposed
//! handling and the approval boxes; numbered, digested and QR-coded on every page.

use super::layout::{Align, CONTENT_WIDTH, Cell, Column, Composer, MARGIN_X, PAGE_WIDTH, Style};
use super::typeset;
use crate::withdrawal::WithdrawalContent;
use chrono::{DateTime, FixedOffset};
use printpdf::{Mm, PdfDocument, PdfPage, PdfSaveOptions};

const BODY: Style = Style::regular(10.5);
const SMALL: Style = Style::regular(8.0);
const CELL: Style = Style::regular(9.5);
const HEAD: Style = Style::bold(9.5);

fn columns(shares: &[(f32, Align)]) -> Vec<Column> {
    let total: f32 = shares.iter().map(|s| s.0).sum();
    shares
        .iter()
        .map(|&(share, align)| Column {
            width: CONTENT_WIDTH * share / total,
            align,
        })
        .collect()
}

/// Renders the form. Returns the PDF and its number of pages.
pub fn render(
    w: &WithdrawalContent,
    approvers: &[String],
    generated_at: DateTime<FixedOffset>,
) -> (Vec<u8>, usize) {
    let fonts = typeset::fonts();
    let mut doc = PdfDocument::new(&format!("撤销担保审批表 {}", w.document_no));
    doc.metadata.info.author = w.proposer.clone();
    doc.metadata.info.creator = "Baohou 保后".to_owned();
    doc.metadata.info.subject = format!("{} · 撤销担保审批表", w.borrower);
    doc.metadata.info.identifier = w.document_no.clone();
    let regular = doc.add_font(&fonts.regular);
    let bold = doc.add_font(&fonts.bold);
    let mut c = Composer::new(fonts, regular, bold);
    let digest = w.digest();

    let centre = PAGE_WIDTH / 2.0;
    c.text_at(
        centre,
        c.y + 13.0,
        &w.company,
        Style::bold(13.0),
        Align::Center,
    );
    c.gap(24.0);
    c.text_at(
        centre,
        c.y + 20.0,
        "撤销担保审批表",
        Style::bold(20.0),
        Align::Center,
    );
    c.gap(34.0);
    c.text_at(
        MARGIN_X,
        c.y + 8.0,
        &format!("编号：{}", w.document_no),
        SMALL.grey(0.25),
        Align::Left,
    );
    c.text_at(
        MARGIN_X + CONTENT_WIDTH,
        c.y + 8.0,
        &format!("内容摘要 SHA-256：{}", &digest[..16]),
        SMALL.grey(0.25),
        Align::Right,
    );
    c.gap(18.0);

    let four = columns(&[
        (0.17, Align::Left),
        (0.33, Align::Left),
        (0.17, Align::Left),
        (0.33, Align::Left),
    ]);
    let facts = [
        (
            "被担保人",
            w.borrower.clone(),
            "委托担保合同编号",
            w.contract_no.clone(),
        ),
        (
            "贷款银行",
            w.lending_bank.clone(),
            "担保品种",
            w.product.clone(),
        ),
        (
            "担保金额（元）",
            w.amount.grouped(),
            "担保期限",
            format!("{} 至 {}", w.start, w.maturity),
        ),
        (
            "提出人",
            w.proposer.clone(),
            "提出日期",
            w.proposed_on.to_string(),
        ),
    ];
    let rows: Vec<Vec<Cell>> = facts
        .into_iter()
        .map(|(a, b, x, y)| {
            vec![
                Cell::new(a, HEAD).shaded(0.93),
                Cell::new(b, CELL),
                Cell::new(x, HEAD).shaded(0.93),
                Cell::new(y, CELL),
            ]
        })
        .collect();
    c.table(&four, &[], &rows);
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
    let approve_cols = columns(&[(0.3, Align::Left), (0.7, Align::Left)]);
    let mut steps = vec![format!("风险部（{}）", w.proposer)];
    steps.extend(approvers.iter().cloned());
    let rows: Vec<Vec<Cell>> = steps
        .into_iter()
        .map(|s| {
            vec![
                Cell::new(format!("{s}意见"), HEAD),
                Cell::new(
                    "\n签字：                    日期：______年____月____日",
                    CELL,
                ),
            ]
        })
        .collect();
    c.table(&approve_cols, &[], &rows);

    super::notice::stamp(
        &mut c,
        &format!("{} · 撤销担保审批表 · {}", w.company, w.borrower),
        &w.document_no,
        &w.qr_payload(),
        generated_at,
    );
    let page_count = c.page_count();
    let pages = c
        .into_pages()
        .into_iter()
        .map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops))
        .collect();
    (
        doc.with_pages(pages)
            .save(&PdfSaveOptions::default(), &mut Vec::new()),
        page_count,
    )
}
