//! A notice to the borrower on A4, in the look of the 保后检查表: the company and the title, the
//! number and digest, the addressee, the body, the facts of the loan in a table, the company's
//! signature and seal line, and for an overdue notice the receipt (回执) on a page of its own. Every
//! page carries the number, page N of M, the generation time and the QR code.

use crate::notices::NoticeContent;
use crate::sealed::SealedContent;
use crate::sealed::form;
use crate::sealed::furniture::stamp;
use crate::sealed::layout::{Align, CONTENT_WIDTH, Composer, MARGIN_X, PAGE_WIDTH, Style};
use chrono::{DateTime, FixedOffset};

const BODY: Style = Style::regular(11.0);
const SMALL: Style = Style::regular(8.0);

/// Renders a notice. Returns the PDF and its number of pages.
pub fn render(n: &NoticeContent, generated_at: DateTime<FixedOffset>) -> (Vec<u8>, usize) {
    let (doc, mut c) = form::start(
        &n.title,
        &n.company,
        &format!("{} · {}", n.borrower, n.title),
        &n.document_no,
    );
    form::title(&mut c, &n.company, &n.title, &n.document_no, &n.digest());
    c.gap(4.0);
    c.paragraph(&format!("{}：", n.borrower), Style::bold(11.5), 0.0);
    c.gap(4.0);
    for p in &n.paragraphs {
        // A letter's paragraphs start two characters in.
        c.paragraph(&format!("\u{3000}\u{3000}{p}"), BODY, 0.0);
        c.gap(5.0);
    }
    c.gap(6.0);

    let mut rows = vec![
        ("委托担保合同编号", n.contract_no.clone()),
        ("贷款银行", n.lending_bank.clone()),
        ("担保品种", n.product.clone()),
        ("担保金额（元）", n.amount.grouped()),
        ("担保期限", format!("{} 至 {}", n.start, n.maturity)),
    ];
    if let Some(o) = &n.overdue {
        rows.extend([
            ("应还款日", o.due_on.to_string()),
            ("逾期天数", format!("{} 天（截至 {}）", o.days, n.issued_on)),
            ("逾期本金（元）", o.principal.grouped()),
            ("逾期利息（元）", o.interest.grouped()),
            ("逾期余额合计（元）", o.balance.grouped()),
            ("限期归还日", o.pay_by.to_string()),
        ]);
    }
    form::facts(&mut c, &rows);
    c.gap(24.0);

    // The company's signature and seal.
    c.ensure(70.0);
    let right = MARGIN_X + CONTENT_WIDTH;
    c.text_at(right, c.y + 11.0, &n.company, BODY, Align::Right);
    c.gap(20.0);
    c.text_at(right, c.y + 11.0, "（盖章）", BODY, Align::Right);
    c.gap(20.0);
    c.text_at(
        right,
        c.y + 11.0,
        &n.issued_on.format("%Y 年 %m 月 %d 日").to_string(),
        BODY,
        Align::Right,
    );
    c.gap(22.0);

    if n.receipt {
        receipt(&mut c, n);
    }
    stamp(
        &mut c,
        &format!("{} · {} · {}", n.company, n.title, n.borrower),
        &n.document_no,
        &n.qr_payload(),
        generated_at,
    );

    form::finish(doc, c)
}

/// The receipt (回执), on a page of its own.
fn receipt(c: &mut Composer<'_>, n: &NoticeContent) {
    // The receipt is a sheet of its own: the borrower keeps the notice and returns this page.
    c.new_page();
    c.text_at(
        PAGE_WIDTH / 2.0,
        c.y + 8.0,
        "（本页由借款人签章后交回）",
        SMALL.grey(0.3),
        Align::Center,
    );
    c.gap(26.0);
    c.text_at(
        PAGE_WIDTH / 2.0,
        c.y + 18.0,
        "回　　执",
        Style::bold(18.0),
        Align::Center,
    );
    c.gap(32.0);
    c.paragraph(&format!("{}：", n.company), Style::bold(11.5), 0.0);
    c.gap(4.0);
    let owed = n
        .overdue
        .as_ref()
        .map(|o| {
            format!(
                "本单位确认截至 {} 尚欠贷款本金人民币 {} 元、利息人民币 {} 元，逾期余额合计人民币 {} 元，",
                n.issued_on,
                o.principal.grouped(),
                o.interest.grouped(),
                o.balance.grouped()
            )
        })
        .unwrap_or_default();
    c.paragraph(
        &format!(
            "\u{3000}\u{3000}贵公司编号为 {} 的《{}》（委托担保合同编号 {}）本单位已于______年____月____日收到。{owed}并将按通知要求归还。",
            n.document_no, n.title, n.contract_no
        ),
        BODY,
        0.0,
    );
    c.gap(18.0);
    let half = CONTENT_WIDTH / 2.0;
    for (left, right) in [
        ("借款人（盖章）：", "法定代表人或授权代理人（签字）："),
        ("签收日期：______年____月____日", "联系电话："),
    ] {
        c.text_at(MARGIN_X, c.y + 11.0, left, BODY, Align::Left);
        c.text_at(MARGIN_X + half, c.y + 11.0, right, BODY, Align::Left);
        c.gap(34.0);
    }
}
