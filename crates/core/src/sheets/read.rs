//! Reading a spreadsheet someone else wrote: .xlsx, .xls or .csv (UTF-8 or GBK), into a grid of
//! cells numbered as the user sees them (row 1 is the sheet's first row).
//!
//! The kind of file is told by its first bytes, not its name: a ZIP is an .xlsx, an OLE compound
//! file is an .xls or a password-protected workbook (Excel wraps an encrypted .xlsx in one), and
//! anything else must be text to be a CSV. Merged cells take their top-left cell's value in every
//! cell they cover, so a two-row header whose group titles span columns reads like a flat one.

use super::limits::{MAX_COLUMNS, span_check};
pub use super::limits::{MAX_GRID_CELLS, ReadError};
use calamine::{Data, DataRef, Dimensions, Range, Reader, Xls, XlsError, Xlsx, XlsxError};
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

/// Reads the first sheet that has anything in it.
pub fn read_grid(bytes: &[u8]) -> Result<Grid, ReadError> {
    guarded(|| read_any(bytes))
}

fn read_any(bytes: &[u8]) -> Result<Grid, ReadError> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(ZIP) {
        let (sheet, cells, merges) = read_xlsx(bytes)?;
        grid_of(FileKind::Xlsx, sheet, cells, &merges)
    } else if bytes.starts_with(OLE) {
        let clean = clean_ole(bytes)?;
        let (sheet, cells, merges) = match Xls::new(Cursor::new(&clean[..])) {
            Ok(mut book) => {
                let (sheet, range) = first_sheet(&mut book).map_err(xls_error)?;
                let merges = book.worksheet_merge_cells(&sheet).unwrap_or_default();
                let cells = range
                    .used_cells()
                    .map(|(r, c, data)| {
                        let (r0, c0) = range.start().unwrap_or((0, 0));
                        (r0 + r as u32, c0 + c as u32, cell_of(data))
                    })
                    .collect();
                Ok((sheet, cells, merges))
            }
            Err(XlsError::Password) => Err(ReadError::PasswordProtected),
            Err(xls) => Err(ReadError::Damaged(xls.to_string())),
        }?;
        grid_of(FileKind::Xls, sheet, cells, &merges)
    } else {
        read_csv(bytes)
    }
}

/// calamine's reader of OLE containers (.xls, and the envelope of an encrypted .xlsx) trusts
/// the container's header and sector chains: a directory, FAT or mini-FAT declared gigabytes
/// long, or a chain that loops, has it allocate without end (5 KB files took 24 and 34 GB,
/// found by fuzzing). So it never reads the file as given: the cfb crate reads the container,
/// checking its header and following each chain with loop detection, and the workbook stream
/// is copied into a new container cfb writes itself, which is what calamine reads. An
/// encrypted workbook is told by its `EncryptedPackage` stream.
fn clean_ole(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    let damaged = |why: String| ReadError::Damaged(why);
    let mut container =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    if container.exists("/EncryptedPackage") {
        return Err(ReadError::PasswordProtected);
    }
    let name = container
        .walk_storage("/")
        .map_err(|e| damaged(e.to_string()))?
        .filter(|e| e.is_stream())
        .map(|e| e.name().to_owned())
        .find(|n| n.eq_ignore_ascii_case("workbook") || n.eq_ignore_ascii_case("book"))
        .ok_or_else(|| damaged("the file holds no workbook".into()))?;
    let path = format!("/{name}");
    let mut stream = container
        .open_stream(&path)
        .map_err(|e| damaged(e.to_string()))?;
    if stream.len() > bytes.len() as u64 {
        return Err(damaged("the workbook is longer than the file".into()));
    }
    let mut data = Vec::new();
    std::io::Read::read_to_end(&mut stream, &mut data).map_err(|e| damaged(e.to_string()))?;
    super::biff::check_workbook(&data)?;
    let write = |e: std::io::Error| damaged(e.to_string());
    // Version 3 (512-byte sectors), as Excel writes .xls: calamine takes an empty mini stream
    // in a version 4 file for an empty root.
    let mut clean =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))
            .map_err(write)?;
    {
        let mut out = clean.create_stream(&path).map_err(write)?;
        std::io::Write::write_all(&mut out, &data).map_err(write)?;
    }
    clean.flush().map_err(write)?;
    Ok(clean.into_inner().into_inner())
}

/// Runs the reader. On some damaged files calamine panics instead of answering an error (a slice
/// past the end on a broken sector chain or a short record of an .xls, found by the
/// spreadsheet_import fuzz target, still there in calamine 0.32): such a file is damaged, and
/// says so. The whole read is guarded, so no reader's panic reaches the officer's window.
fn guarded<T>(read: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|_| {
        Err(ReadError::Damaged(
            "the workbook's internal structure is broken".into(),
        ))
    })
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

type SparseCells = Vec<(u32, u32, Cell)>;

/// The most text merged cells may copy into the cells they cover: 256 MiB (a heading merged
/// over a few columns copies a few hundred bytes).
const MAX_MERGED_TEXT_BYTES: u64 = 256 << 20;

/// The first sheet with a cell in it, read cell by cell (calamine's whole-sheet read allocates
/// the sheet's full span first).
fn read_xlsx(bytes: &[u8]) -> Result<(String, SparseCells, Vec<Dimensions>), ReadError> {
    super::unpack::weigh_xlsx(bytes)?;
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    for name in book.sheet_names() {
        let mut cells = Vec::new();
        {
            let mut reader = book.worksheet_cells_reader(&name).map_err(xlsx_error)?;
            while let Some(cell) = reader.next_cell().map_err(xlsx_error)? {
                let (r, c) = cell.get_position();
                span_check(r, c)?;
                let value = cell_of_ref(cell.get_value());
                if !value.is_empty() {
                    // The same cell written over and over is held once per writing: the count
                    // of cells held is bounded as the span is.
                    if cells.len() as u64 >= MAX_GRID_CELLS {
                        return Err(ReadError::TooLarge {
                            rows: u64::from(r) + 1,
                            columns: u64::from(c) + 1,
                        });
                    }
                    cells.push((r, c, value));
                }
            }
        }
        if !cells.is_empty() {
            let merges = match book.worksheet_merge_cells(&name) {
                Some(m) => m.map_err(xlsx_error)?,
                None => Vec::new(),
            };
            return Ok((name, cells, merges));
        }
    }
    Ok((String::new(), Vec::new(), Vec::new()))
}

fn grid_of(
    kind: FileKind,
    sheet: String,
    cells: SparseCells,
    merges: &[Dimensions],
) -> Result<Grid, ReadError> {
    let height = cells
        .iter()
        .map(|(r, _, _)| *r as usize + 1)
        .max()
        .unwrap_or(0);
    let width = cells
        .iter()
        .map(|(_, c, _)| *c as usize + 1)
        .max()
        .unwrap_or(0);
    span_check(
        height.saturating_sub(1) as u32,
        width.saturating_sub(1) as u32,
    )?;
    let mut rows: Vec<Vec<Cell>> = vec![vec![Cell::Empty; width]; height];
    for (r, c, cell) in cells {
        rows[r as usize][c as usize] = cell;
    }
    // Merged cells take their top-left cell's value in every cell they cover: a long text merged
    // over a whole sheet would be copied millions of times. The copies are weighed first.
    let fill: u64 = merges
        .iter()
        .map(|m| {
            let (top, left) = (m.start.0 as usize, m.start.1 as usize);
            let text = rows
                .get(top)
                .and_then(|r| r.get(left))
                .map_or(0, |c| match c {
                    Cell::Text(t) => t.len() as u64,
                    _ => 0,
                });
            let covered_rows = (m.end.0 as usize + 1).min(height).saturating_sub(top) as u64;
            let covered_columns = (m.end.1 as usize + 1).min(width).saturating_sub(left) as u64;
            (covered_rows * covered_columns).saturating_mul(text + 1)
        })
        .fold(0u64, u64::saturating_add);
    if fill > MAX_MERGED_TEXT_BYTES {
        return Err(ReadError::TooHeavy {
            megabytes: fill >> 20,
        });
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
    Ok(Grid { kind, sheet, rows })
}

fn cell_of_ref(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::SharedString(s) => Cell::Text((*s).to_owned()),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::Int(i) => cell_of(&Data::Int(*i)),
        DataRef::Float(f) => cell_of(&Data::Float(*f)),
        DataRef::Bool(b) => cell_of(&Data::Bool(*b)),
        DataRef::DateTime(d) => cell_of(&Data::DateTime(*d)),
        DataRef::DateTimeIso(s) => cell_of(&Data::DateTimeIso(s.clone())),
        DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(_) | DataRef::Empty => Cell::Empty,
    }
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
    // Every row is widened to the widest, so the span (lines × widest line) is checked as each
    // line is read, and a line wider than a sheet can be is refused as soon as it is read: one
    // line of a million commas over 10,000 short lines would ask for 10^10 cells.
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut width = 0usize;
    let mut record = csv::ByteRecord::new();
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| ReadError::Damaged(e.to_string()))?
    {
        if record.len() as u64 > MAX_COLUMNS {
            return Err(ReadError::TooWide {
                columns: record.len() as u64,
            });
        }
        width = width.max(record.len());
        span_check(rows.len() as u32, (width as u32).saturating_sub(1))?;
        rows.push(
            record
                .iter()
                .map(|field| {
                    // The text was decoded to UTF-8 above, and csv splits only at ASCII bytes.
                    let field = String::from_utf8_lossy(field);
                    if field.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(field.into_owned())
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
    fn a_damaged_xls_that_makes_the_reader_panic_is_named_damaged() {
        // The .xls fixture with its sector chain broken by the fuzzer.
        let bytes = include_bytes!("fixtures/damaged-sector-chain.xls");
        assert!(matches!(read_grid(bytes), Err(ReadError::Damaged(_))));
    }

    #[test]
    fn an_xls_whose_chains_would_exhaust_memory_is_named_damaged() {
        // The .xls fixture with its directory length and chains garbled by the fuzzer, and with
        // a sheet's dimensions garbled: calamine alone allocated without end on them.
        for bytes in [
            &include_bytes!("fixtures/memory-bomb.xls")[..],
            &include_bytes!("fixtures/declares-billions-of-cells.xls")[..],
        ] {
            assert!(matches!(read_grid(bytes), Err(ReadError::Damaged(_))));
        }
        // One cell moved far away by the fuzzer: the sheet would span billions.
        assert!(matches!(
            read_grid(include_bytes!("fixtures/spans-billions-of-cells.xls")),
            Err(ReadError::TooLarge { .. })
        ));
        // The real ones still read.
        assert!(read_grid(include_bytes!("fixtures/core-system.xls")).is_ok());
        assert_eq!(
            read_grid(include_bytes!("fixtures/password-protected.xlsx")),
            Err(ReadError::PasswordProtected)
        );
    }

    #[test]
    fn a_workbook_with_one_far_away_cell_is_refused_not_held() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "合同编号").unwrap();
        sheet.write_string(1_000_000, 16_000, "x").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert_eq!(
            read_grid(&bytes),
            Err(ReadError::TooLarge {
                rows: 1_000_001,
                columns: 16_001
            })
        );
        // Within the limit it reads, the blanks between included.
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "合同编号").unwrap();
        sheet.write_string(99_999, 29, "x").unwrap();
        let grid = read_grid(&book.save_to_buffer().unwrap()).unwrap();
        assert_eq!((grid.rows.len(), grid.width()), (100_000, 30));
    }

    #[test]
    fn a_csv_whose_one_wide_line_would_widen_every_line_is_refused() {
        // 8 KB: one line of 3,000 commas over 1,500 short lines would be 4.5 million cells;
        // refused at the 1,000th line, where the span passes 3 million.
        let mut text = ",".repeat(3_000);
        text.push('\n');
        text.push_str(&"a\n".repeat(1_500));
        assert_eq!(
            read_grid(text.as_bytes()),
            Err(ReadError::TooLarge {
                rows: 1_000,
                columns: 3_001
            })
        );
        let fits = format!("{}\n{}", ",".repeat(29), "a\n".repeat(1_500));
        assert_eq!(read_grid(fits.as_bytes()).unwrap().width(), 30);
    }

    #[test]
    fn the_csv_of_a_million_commas_over_ten_thousand_lines_is_refused_as_read() {
        // Issue 29's file: 1 MB, one line of a million commas, then 10,000 short lines. Refused
        // at its first line, before the short lines are read.
        let mut text = ",".repeat(1_000_000);
        text.push('\n');
        text.push_str(&"a,b\n".repeat(10_000));
        assert_eq!(
            read_grid(text.as_bytes()),
            Err(ReadError::TooWide { columns: 1_000_001 })
        );
        // A line as wide as Excel's widest sheet reads; the span still bounds what it widens.
        let widest = format!("{}x\n", ",".repeat(16_383));
        assert_eq!(read_grid(widest.as_bytes()).unwrap().width(), 16_384);
        let tall = format!("{widest}{}", "a\n".repeat(200));
        assert_eq!(
            read_grid(tall.as_bytes()),
            Err(ReadError::TooLarge {
                rows: 184,
                columns: 16_384
            })
        );
    }

    #[test]
    fn an_xlsx_that_writes_one_cell_over_and_over_is_refused_not_held() {
        // A sheet part that repeats A1 four million times: the span is one cell, the cells held
        // would be four million. Made by hand (no writer repeats a cell), deflated to ~100 KB.
        let cell = r#"<c r="A1" t="inlineStr"><is><t>x</t></is></c>"#;
        let sheet = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">{}</row></sheetData></worksheet>"#,
            cell.repeat(3_000_001)
        );
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().write_string(0, 0, "合同编号").unwrap();
        let real = book.save_to_buffer().unwrap();
        let bytes = replace_part(&real, "xl/worksheets/sheet1.xml", sheet.as_bytes());
        assert_eq!(
            read_grid(&bytes),
            Err(ReadError::TooLarge {
                rows: 1,
                columns: 1
            })
        );
    }

    /// The workbook `zip` with one part's content replaced.
    fn replace_part(zip: &[u8], name: &str, content: &[u8]) -> Vec<u8> {
        use std::io::{Read, Write};
        let mut from = ::zip::ZipArchive::new(Cursor::new(zip)).unwrap();
        let mut to = ::zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = ::zip::write::SimpleFileOptions::default()
            .compression_method(::zip::CompressionMethod::Deflated);
        for i in 0..from.len() {
            let mut entry = from.by_index(i).unwrap();
            let entry_name = entry.name().to_owned();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            to.start_file(&entry_name, options).unwrap();
            to.write_all(if entry_name == name { content } else { &data })
                .unwrap();
        }
        to.finish().unwrap().into_inner()
    }

    #[test]
    fn a_long_text_merged_over_the_whole_sheet_is_refused_not_copied() {
        // Found by review: 1,000 characters merged over 2.7 million cells would be copied into
        // each (2.8 GB); the merge of a heading over a few columns reads as before.
        let long = "担".repeat(1_000);
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(60_000, 44, "x").unwrap();
        sheet
            .merge_range(0, 0, 60_000, 43, &long, &rust_xlsxwriter::Format::new())
            .unwrap();
        assert!(matches!(
            read_grid(&book.save_to_buffer().unwrap()),
            Err(ReadError::TooHeavy { megabytes }) if megabytes > 256
        ));
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet
            .merge_range(0, 0, 0, 3, "担保期限", &rust_xlsxwriter::Format::new())
            .unwrap();
        sheet.write_string(1, 0, "起始日").unwrap();
        sheet.write_string(1, 3, "到期日").unwrap();
        let grid = read_grid(&book.save_to_buffer().unwrap()).unwrap();
        assert_eq!(grid.cell(0, 3).text(), "担保期限");
    }

    #[test]
    fn numbers_read_as_people_typed_them() {
        assert_eq!(number_text(1234.56), "1234.56");
        assert_eq!(number_text(5_000_000.0), "5000000");
    }
}
