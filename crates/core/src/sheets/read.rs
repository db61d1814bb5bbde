//! Reading a spreadsheet someone else wrote: .xlsx, .xls or .csv (UTF-8 or GBK), into a grid of
//! cells numbered as the user sees them (row 1 is the sheet's first row).
//!
//! The kind of file is told by its first bytes, not its name: a ZIP is an .xlsx, an OLE compound
//! file is an .xls or a password-protected workbook (Excel wraps an encrypted .xlsx in one), and
//! anything else must be text to be a CSV. Merged cells take their top-left cell's value in every
//! cell they cover, so a two-row header whose group titles span columns reads like a flat one.

use calamine::{Data, Dimensions, Range, Reader, Xls, XlsError, Xlsx, XlsxError};
use chrono::NaiveDate;
use std::io::Cursor;

/// One cell, as far as an import cares.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number as the file holds it (Excel keeps every number as a double).
    Number(f64),
    /// A cell formatted as a date.
    Date(NaiveDate),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, as a person would read it (numbers without a trailing `.0`).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_owned(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}

/// The shortest decimal that reads back as `n` ("1234.56", "5000000"), so an amount typed as
/// 1234.56 is 1234.56 and not 1234.5599999999999.
pub fn number_text(n: f64) -> String {
    format!("{n}")
}

/// What kind of file it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Xlsx,
    Xls,
    Csv,
}

/// The sheet read: its name and its rows, every row as wide as the widest.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    pub kind: FileKind,
    pub sheet: String,
    /// `rows[i]` is the sheet's row `i + 1`.
    pub rows: Vec<Vec<Cell>>,
}

impl Grid {
    pub fn cell(&self, row: usize, column: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(column))
            .unwrap_or(&Cell::Empty)
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// Why a file could not be read as a spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the file is not a spreadsheet (.xlsx, .xls or .csv)")]
    NotASpreadsheet,
    #[error("the workbook is password-protected")]
    PasswordProtected,
    #[error("the spreadsheet is damaged: {0}")]
    Damaged(String),
    #[error("the spreadsheet has no rows")]
    Empty,
}

/// Reads the first sheet that has anything in it.
pub fn read_grid(bytes: &[u8]) -> Result<Grid, ReadError> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(ZIP) {
        let mut book = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
        let (sheet, range) = first_sheet(&mut book).map_err(xlsx_error)?;
        let merges = match book.worksheet_merge_cells(&sheet) {
            Some(m) => m.map_err(xlsx_error)?,
            None => Vec::new(),
        };
        Ok(grid_of(FileKind::Xlsx, sheet, &range, &merges))
    } else if bytes.starts_with(OLE) {
        // Either a real .xls, or Excel's envelope round an encrypted .xlsx.
        match Xls::new(Cursor::new(bytes)) {
            Ok(mut book) => {
                let (sheet, range) = first_sheet(&mut book).map_err(xls_error)?;
                let merges = book.worksheet_merge_cells(&sheet).unwrap_or_default();
                Ok(grid_of(FileKind::Xls, sheet, &range, &merges))
            }
            Err(XlsError::Password) => Err(ReadError::PasswordProtected),
            Err(xls) => match Xlsx::new(Cursor::new(bytes)) {
                Err(XlsxError::Password) => Err(ReadError::PasswordProtected),
                _ => Err(ReadError::Damaged(xls.to_string())),
            },
        }
    } else {
        read_csv(bytes)
    }
}

fn xlsx_error(e: XlsxError) -> ReadError {
    match e {
        XlsxError::Password => ReadError::PasswordProtected,
        other => ReadError::Damaged(other.to_string()),
    }
}

fn xls_error(e: XlsError) -> ReadError {
    match e {
        XlsError::Password => ReadError::PasswordProtected,
        other => ReadError::Damaged(other.to_string()),
    }
}

/// The first sheet with a cell in it (or the first sheet, empty).
fn first_sheet<R, RS, E>(book: &mut R) -> Result<(String, Range<Data>), E>
where
    R: Reader<RS, Error = E>,
    RS: std::io::Read + std::io::Seek,
{
    let names = book.sheet_names();
    let mut first = None;
    for name in names {
        let range = book.worksheet_range(&name)?;
        if range
            .used_cells()
            .any(|(_, _, c)| !matches!(c, Data::Empty))
        {
            return Ok((name, range));
        }
        first.get_or_insert((name, range));
    }
    Ok(first.unwrap_or_else(|| (String::new(), Range::empty())))
}

fn grid_of(kind: FileKind, sheet: String, range: &Range<Data>, merges: &[Dimensions]) -> Grid {
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    if let (Some((r0, c0)), Some((r1, c1))) = (range.start(), range.end()) {
        let (r0, c0, r1, c1) = (r0 as usize, c0 as usize, r1 as usize, c1 as usize);
        rows = vec![vec![Cell::Empty; c1 + 1]; r1 + 1];
        for (r, row) in range.rows().enumerate() {
            for (c, data) in row.iter().enumerate() {
                rows[r0 + r][c0 + c] = cell_of(data);
            }
        }
    }
    for m in merges {
        let (top, left) = (m.start.0 as usize, m.start.1 as usize);
        let value = rows
            .get(top)
            .and_then(|r| r.get(left))
            .cloned()
            .unwrap_or(Cell::Empty);
        for row in rows.iter_mut().take(m.end.0 as usize + 1).skip(top) {
            for cell in row.iter_mut().take(m.end.1 as usize + 1).skip(left) {
                *cell = value.clone();
            }
        }
    }
    trim_trailing_empty(&mut rows);
    Grid { kind, sheet, rows }
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.into()),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if dt.is_datetime() => Cell::Date(t.date()),
            _ => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => {
            match NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d") {
                Ok(d) => Cell::Date(d),
                Err(_) => Cell::Text(s.clone()),
            }
        }
        Data::DurationIso(s) => Cell::Text(s.clone()),
    }
}

fn trim_trailing_empty(rows: &mut Vec<Vec<Cell>>) {
    while rows.last().is_some_and(|r| r.iter().all(Cell::is_empty)) {
        rows.pop();
    }
}

/// A CSV file: UTF-8 (with or without its byte-order mark), UTF-16 as Excel's "Unicode text",
/// or GBK as Excel saves CSV on a Chinese Windows. Commas, or tabs when the first line has tabs
/// and no commas.
fn read_csv(bytes: &[u8]) -> Result<Grid, ReadError> {
    let text = decode_text(bytes).ok_or(ReadError::NotASpreadsheet)?;
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = if first_line.contains('\t') && !first_line.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ReadError::Damaged(e.to_string()))?;
        rows.push(
            record
                .iter()
                .map(|field| {
                    if field.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(field.to_owned())
                    }
                })
                .collect::<Vec<_>>(),
        );
    }
    trim_trailing_empty(&mut rows);
    if rows.is_empty() {
        return Err(ReadError::Empty);
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    for r in &mut rows {
        r.resize(width, Cell::Empty);
    }
    Ok(Grid {
        kind: FileKind::Csv,
        sheet: String::new(),
        rows,
    })
}

/// The file's text, or `None` when it is not text in an encoding a spreadsheet program writes.
fn decode_text(bytes: &[u8]) -> Option<String> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (!had_errors && plain_text(&text)).then(|| text.into_owned());
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_owned(),
        Err(_) => encoding_rs::GBK
            .decode_without_bom_handling_and_without_replacement(bytes)?
            .into_owned(),
    };
    plain_text(&text).then_some(text)
}

/// Text a person wrote: no NUL or other control characters than tab and line ends (a binary
/// file that happens to decode as GBK has many).
fn plain_text(text: &str) -> bool {
    !text.is_empty()
        && !text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_utf8_gbk_and_utf16_reads_the_same() {
        let text = "合同编号,被担保人\nWT-1,嘉兴市恒达纺织有限公司\n";
        let utf8 = read_grid(text.as_bytes()).unwrap();
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        let (gbk, _, bad) = encoding_rs::GBK.encode(text);
        assert!(!bad);
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in text.replace(',', "\t").encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        for bytes in [bom, gbk.into_owned(), utf16] {
            assert_eq!(read_grid(&bytes).unwrap().rows, utf8.rows);
        }
        assert_eq!(utf8.cell(1, 1).text(), "嘉兴市恒达纺织有限公司");
        assert_eq!(utf8.kind, FileKind::Csv);
    }

    #[test]
    fn binary_files_are_not_spreadsheets() {
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        assert_eq!(read_grid(&png), Err(ReadError::NotASpreadsheet));
        assert_eq!(read_grid(b""), Err(ReadError::NotASpreadsheet));
        assert_eq!(read_grid(b"\n\n,,\n"), Err(ReadError::Empty));
        // A ZIP that is not a workbook, and an OLE file that is neither .xls nor encrypted.
        assert!(matches!(
            read_grid(b"PK\x03\x04garbage"),
            Err(ReadError::Damaged(_))
        ));
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend_from_slice(&[0; 600]);
        assert!(matches!(read_grid(&ole), Err(ReadError::Damaged(_))));
    }

    #[test]
    fn a_workbook_with_an_opening_password_is_named_as_such() {
        // A two-line workbook encrypted by msoffcrypto-tool (password "baohou"), as Excel's
        // "Encrypt with password" writes it: an OLE envelope round the encrypted package.
        let bytes = include_bytes!("fixtures/password-protected.xlsx");
        assert_eq!(read_grid(bytes), Err(ReadError::PasswordProtected));
    }

    #[test]
    fn numbers_read_as_people_typed_them() {
        assert_eq!(number_text(1234.56), "1234.56");
        assert_eq!(number_text(5_000_000.0), "5000000");
        assert_eq!(number_text(0.1 + 0.2), "0.30000000000000004");
    }
}
