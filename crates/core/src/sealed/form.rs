//! What the documents other than the 保后检查表 share (notices, the release confirmation, the
//! withdrawal form): the document and its fonts, the title block with number and digest, the
//! label-value table of the guarantee, the approval boxes, and the finished PDF.

use super::layout::{Align, CONTENT_WIDTH, Cell, Column, Composer, MARGIN_X, PAGE_WIDTH, Style};
use super::typeset;
use printpdf::{Mm, PdfDocument, PdfPage, PdfSaveOptions};

const SMALL: Style = Style::regular(8.0);
const CELL: Style = Style::regular(9.5);
const HEAD: Style = Style::bold(9.5);

/// A new PDF with its metadata and a composer on its fonts.
pub fn start(
    title: &str,
    author: &str,
    subject: &str,
    document_no: &str,
) -> (PdfDocument, Composer<'static>) {
    let fonts = typeset::fonts();
    let mut doc = PdfDocument::new(&format!("{title} {document_no}"));
    doc.metadata.info.author = author.to_owned();
    doc.metadata.info.creator = "Baohou 保后".to_owned();
    doc.metadata.info.subject = subject.to_owned();
    doc.metadata.info.identifier = document_no.to_owned();
    let regular = doc.add_font(&fonts.regular);
    let bold = doc.add_font(&fonts.bold);
    (doc, Composer::new(fonts, regular, bold))
}

/// Columns of the content width in these shares.
pub fn columns(shares: &[(f32, Align)]) -> Vec<Column> {
    let total: f32 = shares.iter().map(|s| s.0).sum();
    shares
        .iter()
        .map(|&(share, align)| Column {
            width: CONTENT_WIDTH * share / total,
            align,
        })
        .collect()
}

/// The company and the title, centred: the head of every document and working paper.
pub fn company_and_title(c: &mut Composer<'_>, company: &str, title: &str) {
    let centre = PAGE_WIDTH / 2.0;
    c.text_at(
        centre,
        c.y + 13.0,
        company,
        Style::bold(13.0),
        Align::Center,
    );
    c.gap(24.0);
    c.text_at(centre, c.y + 20.0, title, Style::bold(20.0), Align::Center);
    c.gap(34.0);
}

/// The company, the title, then the number and the digest's first 16 digits.
pub fn title(c: &mut Composer<'_>, company: &str, title: &str, document_no: &str, digest: &str) {
    company_and_title(c, company, title);
    c.text_at(
        MARGIN_X,
        c.y + 8.0,
        &format!("编号：{document_no}"),
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
}

/// Label-value pairs, two to a row, labels shaded.
pub fn facts(c: &mut Composer<'_>, pairs: &[(&str, String)]) {
    let cols = columns(&[
        (0.17, Align::Left),
        (0.33, Align::Left),
        (0.17, Align::Left),
        (0.33, Align::Left),
    ]);
    let rows: Vec<Vec<Cell>> = pairs
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .flat_map(|(k, v)| [Cell::new(*k, HEAD).shaded(0.93), Cell::new(v.clone(), CELL)])
                .chain(std::iter::repeat_with(|| Cell::new("", CELL)))
                .take(4)
                .collect()
        })
        .collect();
    c.table(&cols, &[], &rows);
}

/// A table of text at 9 pt with a shaded header row, then a gap: the lines of a record (its
/// repayments, contacts, visits, signals …).
pub fn text_table(
    c: &mut Composer<'_>,
    shares: &[(f32, Align)],
    header: &[&str],
    rows: Vec<Vec<String>>,
) {
    let (cell, head) = (Style::regular(9.0), Style::bold(9.0));
    let cols = columns(shares);
    let header: Vec<Cell> = header
        .iter()
        .map(|t| Cell::new(*t, head).shaded(0.9))
        .collect();
    let rows: Vec<Vec<Cell>> = rows
        .into_iter()
        .map(|r| r.into_iter().map(|t| Cell::new(t, cell)).collect())
        .collect();
    c.table(&cols, &header, &rows);
    c.gap(8.0);
}

/// An approval box for each step, to sign and date.
pub fn approvals(c: &mut Composer<'_>, steps: &[String]) {
    let cols = columns(&[(0.3, Align::Left), (0.7, Align::Left)]);
    let rows: Vec<Vec<Cell>> = steps
        .iter()
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
    c.table(&cols, &[], &rows);
}

/// The pages as A4 and the saved PDF with its page count.
pub fn finish(mut doc: PdfDocument, c: Composer<'_>) -> (Vec<u8>, usize) {
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
