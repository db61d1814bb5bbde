//! The 审批单 head office prints for a document: who marked it at each step of the company's
//! approval chain (seed 004 "项目经理…业务部经理…风控部主管/风控部经理…总经理"), when, and what they
//! wrote, under the document's number and its PDF's digest. The document itself stays as it was
//! sealed on the laptop; this sheet goes beside it in the file.

use super::form::{self, columns};
use super::layout::{Align, CONTENT_WIDTH, Cell, MARGIN_X, PAGE_WIDTH, Style};
use chrono::{DateTime, FixedOffset};

const SMALL: Style = Style::regular(8.0);
const CELL: Style = Style::regular(9.5);
const HEAD: Style = Style::bold(9.5);

/// One step of the chain, marked or awaited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApprovalLine {
    /// The step's name (业务部经理 …).
    pub step: String,
    /// Who marked it, and how (通过 / 退回), at what time; `None` while awaited.
    pub mark: Option<(String, String, String)>,
    pub note: String,
}

/// The sheet's facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApprovalSheet {
    pub company: String,
    /// 保后检查表, 通知书 …
    pub kind: String,
    pub document_no: String,
    pub pdf_sha256: String,
    pub borrower: String,
    pub contract_no: String,
    pub officer: String,
    pub document_date: String,
    pub received_at: String,
    /// 已通过, 已退回, 待风控部经理审批 …
    pub state: String,
    pub lines: Vec<ApprovalLine>,
}

/// Renders the sheet. Returns the PDF and its number of pages.
pub fn render(s: &ApprovalSheet, generated_at: DateTime<FixedOffset>) -> (Vec<u8>, usize) {
    let title = format!("{}审批单", s.kind);
    let (doc, mut c) = form::start(&title, &s.officer, &s.borrower, &s.document_no);
    let centre = PAGE_WIDTH / 2.0;
    c.text_at(
        centre,
        c.y + 13.0,
        &s.company,
        Style::bold(13.0),
        Align::Center,
    );
    c.gap(24.0);
    c.text_at(centre, c.y + 20.0, &title, Style::bold(20.0), Align::Center);
    c.gap(34.0);
    c.text_at(
        MARGIN_X,
        c.y + 8.0,
        &format!("文件编号：{}", s.document_no),
        SMALL.grey(0.25),
        Align::Left,
    );
    c.text_at(
        MARGIN_X + CONTENT_WIDTH,
        c.y + 8.0,
        &format!(
            "文件 PDF SHA-256：{}",
            s.pdf_sha256.get(..16).unwrap_or(&s.pdf_sha256)
        ),
        SMALL.grey(0.25),
        Align::Right,
    );
    c.gap(18.0);
    form::facts(
        &mut c,
        &[
            ("被担保人", s.borrower.clone()),
            ("委托担保合同编号", s.contract_no.clone()),
            ("项目经理（A角）", s.officer.clone()),
            ("文件日期", s.document_date.clone()),
            ("总部收到", s.received_at.clone()),
            ("审批状态", s.state.clone()),
        ],
    );
    c.gap(12.0);
    let cols = columns(&[
        (0.18, Align::Left),
        (0.16, Align::Left),
        (0.1, Align::Left),
        (0.2, Align::Left),
        (0.36, Align::Left),
    ]);
    let header: Vec<Cell> = ["审批环节", "审批人", "意见", "时间", "说明"]
        .iter()
        .map(|t| Cell::new(*t, HEAD).shaded(0.9))
        .collect();
    let rows: Vec<Vec<Cell>> = s
        .lines
        .iter()
        .map(|l| {
            let (by, decision, at) = l
                .mark
                .clone()
                .unwrap_or_else(|| ("—".into(), "待审批".into(), String::new()));
            vec![
                Cell::new(l.step.clone(), HEAD),
                Cell::new(by, CELL),
                Cell::new(decision, CELL),
                Cell::new(at, CELL),
                Cell::new(l.note.clone(), CELL),
            ]
        })
        .collect();
    c.table(&cols, &header, &rows);
    super::furniture::stamp(
        &mut c,
        &format!("{} · {title} · {}", s.company, s.borrower),
        &s.document_no,
        &s.document_no,
        generated_at,
    );
    form::finish(doc, c)
}
