//! The 《免除担保责任确认表》 on A4, then the archive handover checklist (档案移交清单) on a page of
//! its own; numbered, digested and QR-coded on every page like the 保后检查表.

use crate::release::ReleaseContent;
use crate::sealed::SealedContent;
use crate::sealed::form::{self, columns};
use crate::sealed::layout::{Align, CONTENT_WIDTH, Cell, MARGIN_X, Style};
use chrono::{DateTime, FixedOffset};

const BODY: Style = Style::regular(10.5);
const CELL: Style = Style::regular(9.5);
const HEAD: Style = Style::bold(9.5);

/// A voucher scan's long edge on the page, in pixels: legible figures and seals.
const SCAN_LONG_EDGE: u32 = 1600;

/// Renders the confirmation, the checklist, and each voucher scan on a page of its own (`scans`
/// are (SHA-256, bytes) of the repayments' scans). Returns the PDF and its number of pages.
pub fn render(
    r: &ReleaseContent,
    scans: &[(String, Vec<u8>)],
    generated_at: DateTime<FixedOffset>,
) -> (Vec<u8>, usize) {
    let (mut doc, mut c) = form::start(
        "免除担保责任确认表",
        &r.officer,
        &format!("{} · 免除担保责任确认表", r.borrower),
        &r.document_no,
    );
    let digest = r.digest();
    form::title(
        &mut c,
        &r.company,
        "免除担保责任确认表",
        &r.document_no,
        &digest,
    );
    form::facts(
        &mut c,
        &[
            ("被担保人", r.borrower.clone()),
            ("委托担保合同编号", r.contract_no.clone()),
            ("贷款银行", r.lending_bank.clone()),
            ("担保品种", r.product.clone()),
            ("担保金额（元）", r.amount.grouped()),
            ("担保期限", format!("{} 至 {}", r.start, r.maturity)),
            ("已还本金（元）", r.principal_repaid.grouped()),
            ("已付利息（元）", r.interest_paid.grouped()),
        ],
    );
    c.gap(10.0);

    c.heading("一、本息归还情况（还款凭证复印件留存）", 40.0);
    let rep_cols = columns(&[
        (0.18, Align::Left),
        (0.24, Align::Right),
        (0.2, Align::Right),
        (0.38, Align::Left),
    ]);
    let header = ["还款日", "归还本金（元）", "支付利息（元）", "还款凭证"]
        .map(|t| Cell::new(t, HEAD).shaded(0.9));
    let rows: Vec<Vec<Cell>> = r
        .repayments
        .iter()
        .map(|p| {
            vec![
                Cell::new(p.paid_on.to_string(), CELL),
                Cell::new(p.principal.grouped(), CELL),
                Cell::new(p.interest.grouped(), CELL),
                Cell::new(p.voucher.clone().unwrap_or_default(), CELL),
            ]
        })
        .collect();
    c.table(&rep_cols, &header, &rows);
    c.gap(6.0);
    c.paragraph(
        &format!(
            "经核实，上述担保项下贷款本金人民币 {} 元已全部归还，利息已结清，无逾期。",
            r.principal_repaid.grouped()
        ),
        BODY,
        0.0,
    );
    c.gap(8.0);

    c.heading("二、反担保措施的解除", 30.0);
    if r.counter_guarantees.is_empty() {
        c.paragraph("无反担保措施。", BODY, 0.0);
    }
    for (i, cg) in r.counter_guarantees.iter().enumerate() {
        c.paragraph(
            &format!(
                "{}. {cg}：予以解除，退还有关权利凭证并办理注销登记。",
                i + 1
            ),
            BODY,
            0.0,
        );
    }
    c.gap(8.0);

    c.heading("三、审批", 150.0);
    let mut steps = vec![format!("经办人（{}）", r.officer)];
    steps.extend(r.approvers.iter().cloned());
    form::approvals(&mut c, &steps);
    c.gap(8.0);
    c.paragraph(
        &format!(
            "解保日期：{}。核准后担保责任解除，档案移交公司档案管理部门。",
            r.released_on
        ),
        BODY,
        0.0,
    );

    // The archive handover on its own page, for the archive to sign.
    c.new_page();
    form::title(
        &mut c,
        &r.company,
        "档案移交清单（一户一档）",
        &r.document_no,
        &digest,
    );
    c.paragraph(
        &format!(
            "{} · {} · 解保日期 {}",
            r.borrower, r.contract_no, r.released_on
        ),
        BODY,
        0.0,
    );
    c.gap(8.0);
    let check_cols = columns(&[
        (0.06, Align::Center),
        (0.38, Align::Left),
        (0.4, Align::Left),
        (0.16, Align::Center),
    ]);
    let header = ["序号", "档案内容", "本机记录", "核对"].map(|t| Cell::new(t, HEAD).shaded(0.9));
    let rows: Vec<Vec<Cell>> = r
        .archive
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mark = match a.held {
                Some(true) => "齐全 □",
                Some(false) => "缺失 □",
                None => "□",
            };
            vec![
                Cell::new((i + 1).to_string(), CELL),
                Cell::new(a.item.clone(), CELL),
                Cell::new(a.detail.clone(), CELL),
                Cell::new(mark, if a.held == Some(false) { HEAD } else { CELL }),
            ]
        })
        .collect();
    c.table(&check_cols, &header, &rows);

    c.gap(24.0);
    let half = CONTENT_WIDTH / 2.0;
    for (left, right) in [
        ("移交人（风险部）：", "接收人（档案管理部门）："),
        (
            "移交日期：______年____月____日",
            "接收日期：______年____月____日",
        ),
    ] {
        c.text_at(MARGIN_X, c.y + 11.0, left, BODY, Align::Left);
        c.text_at(MARGIN_X + half, c.y + 11.0, right, BODY, Align::Left);
        c.gap(32.0);
    }

    // The voucher scans, one a page, after the checklist that lists them.
    for p in &r.repayments {
        let Some(scan) = &p.scan else { continue };
        c.new_page();
        c.heading(&format!("附：还款凭证扫描件（{} 还款）", p.paid_on), 200.0);
        c.paragraph(
            &format!(
                "归还本金 {} 元，支付利息 {} 元{}",
                p.principal.grouped(),
                p.interest.grouped(),
                p.voucher
                    .as_deref()
                    .map(|v| format!("，凭证 {v}"))
                    .unwrap_or_default()
            ),
            BODY,
            0.0,
        );
        c.paragraph(
            &format!("{} · SHA-256 {}", scan.file_name, scan.sha256),
            Style::regular(7.5),
            0.0,
        );
        c.gap(6.0);
        let pixels = scans
            .iter()
            .find(|(sha, _)| *sha == scan.sha256)
            .and_then(|(_, bytes)| scan_pixels(bytes));
        match pixels {
            Some(raw) => {
                let size = (raw.width as u32, raw.height as u32);
                let id = doc.add_image(&raw);
                let (w, h) = crate::sealed::furniture::fit(size, CONTENT_WIDTH, c.room() - 4.0);
                let top = c.y;
                c.image(&id, size, MARGIN_X + (CONTENT_WIDTH - w) / 2.0, top, w, h);
                c.y = top + h;
            }
            None => c.paragraph("扫描件无法读取", HEAD, 0.0),
        }
    }

    crate::sealed::furniture::stamp(
        &mut c,
        &format!("{} · 免除担保责任确认表 · {}", r.company, r.borrower),
        &r.document_no,
        &r.qr_payload(),
        generated_at,
    );
    form::finish(doc, c)
}

/// A scan decoded upright, scaled to [`SCAN_LONG_EDGE`] and flattened onto white (a PNG's
/// transparent parts print as paper, not black).
fn scan_pixels(bytes: &[u8]) -> Option<printpdf::RawImage> {
    let img = crate::sealed::furniture::upright_within(bytes, SCAN_LONG_EDGE)?;
    Some(crate::sealed::furniture::on_white(&img.to_rgba8()))
}
