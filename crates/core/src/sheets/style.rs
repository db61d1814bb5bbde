//! How every exported sheet looks: a title naming the company and the document, a note line,
//! bold headings frozen with a filter, thin borders, 宋体, dates as dates, amounts as numbers in
//! 万元; printed landscape on A4, one page wide, the headings repeated on each page.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Worksheet, XlsxError,
};

pub(crate) struct Styles {
    pub title: Format,
    pub note: Format,
    pub heading: Format,
    pub cell: Format,
    pub wrap: Format,
    pub date: Format,
    pub money: Format,
    pub late: Format,
    pub total: Format,
}

impl Styles {
    pub fn new() -> Styles {
        let font = "宋体";
        let heading = Format::new()
            .set_bold()
            .set_font_name(font)
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        let cell = Format::new()
            .set_font_name(font)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_font_name(font)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            note: Format::new().set_font_name(font).set_font_size(10),
            wrap: cell.clone().set_text_wrap(),
            date: cell.clone().set_num_format("yyyy-mm-dd"),
            money: cell.clone().set_num_format("#,##0.00####"),
            late: cell.clone().set_font_color(Color::RGB(0xB3261E)).set_bold(),
            total: heading.clone().set_num_format("#,##0.00####"),
            heading,
            cell,
        }
    }
}

/// A day as Excel keeps it.
pub(crate) fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(1900),
        d.month() as u8,
        d.day() as u8,
    )
}

/// Writes the title (row 1), the note (row 2) and the headings (row 3) with the column widths;
/// returns the headings' row (0-based).
pub(crate) fn head(
    sheet: &mut Worksheet,
    s: &Styles,
    title: &str,
    note: &str,
    headings: &[&str],
    widths: &[f64],
) -> Result<u32, XlsxError> {
    let last_col = (headings.len() - 1) as u16;
    sheet.merge_range(0, 0, 0, last_col, title, &s.title)?;
    sheet.set_row_height(0, 28)?;
    sheet.merge_range(1, 0, 1, last_col, note, &s.note)?;
    let head_row = 2;
    for (c, h) in headings.iter().enumerate() {
        sheet.write_string_with_format(head_row, c as u16, *h, &s.heading)?;
    }
    sheet.set_row_height(head_row, 30)?;
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    Ok(head_row)
}

/// The filter over the headings and lines, the headings frozen (with `frozen_columns` on the
/// left), and the page set up for printing.
pub(crate) fn finish(
    sheet: &mut Worksheet,
    head_row: u32,
    last_row: u32,
    last_col: u16,
    frozen_columns: u16,
) -> Result<(), XlsxError> {
    sheet.autofilter(head_row, 0, last_row.max(head_row + 1), last_col)?;
    sheet.set_freeze_panes(head_row + 1, frozen_columns)?;
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(head_row, head_row)?;
    Ok(())
}

/// Writes a day, or a bordered blank.
pub(crate) fn write_opt_date(
    sheet: &mut Worksheet,
    s: &Styles,
    row: u32,
    col: u16,
    day: Option<NaiveDate>,
) -> Result<(), XlsxError> {
    match day {
        Some(d) => sheet.write_datetime_with_format(row, col, &excel_date(d)?, &s.date)?,
        None => sheet.write_blank(row, col, &s.cell)?,
    };
    Ok(())
}

/// An amount in 万元 as the number Excel sums (exact up to 10^13 元 with its 分).
pub(crate) fn wan_number(wan: rust_decimal::Decimal) -> f64 {
    rust_decimal::prelude::ToPrimitive::to_f64(&wan).unwrap_or(f64::NAN)
}
