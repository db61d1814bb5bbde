//! An .xls workbook stream weighed before calamine reads it.
//!
//! calamine reads every sheet of an .xls when the workbook is opened and holds each whole, from
//! its first cell to its last, and it trusts what the records declare: a DIMENSIONS record makes
//! it reserve room for every cell it names, a text cell reserves the length its record states
//! whatever follows, a shared-string cell copies the whole shared string, and a sheet is read
//! from wherever its BOUNDSHEET record points, so a hundred BOUNDSHEET records pointing at one
//! place read the same cells a hundred times. Files of 5 KB asked for gigabytes (found by the
//! spreadsheet_import fuzz target). So before calamine sees a stream this module walks it as
//! calamine will (the globals up to their EOF, then each sheet from its BOUNDSHEET position to the
//! next EOF, every record joined with the CONTINUE records after it) and adds up a bound on what
//! calamine will hold. The bound leaves room for real workbooks (a full .xls sheet of 65,535
//! lines by 30 columns of text weighs 791 MiB by it, see the tests) and a stream over
//! [`MAX_WORKBOOK_BYTES`] is refused unread.

use super::limits::{ReadError, span_check};
use std::mem::size_of;

/// The most cells one DIMENSIONS record may declare (calamine reserves room for all of them):
/// an .xls sheet holds at most 65,536 lines, so the fullest 30-column ledger declares 1,966,080;
/// the bound is the grid's limit (3,000,000, `limits::MAX_GRID_CELLS`) with room to spare.
pub const MAX_DECLARED_CELLS: u64 = 4_000_000;

/// The most memory reading an .xls may take, by the bound this module computes: 1 GiB (the
/// fullest real sheet an .xls can hold weighs less, see the tests).
pub const MAX_WORKBOOK_BYTES: u64 = 1 << 30;

/// The most UTF-8 bytes one character unit of a workbook string decodes to. A UTF-16 unit is at
/// most 3, but calamine decodes each chunk looking for a byte-order mark, and a CODEPAGE record may
/// name a single-byte or UTF-8 encoding: a wide unit can then become two U+FFFD, 6 bytes.
const UTF8_PER_UNIT: u64 = 6;

/// The most sheets a workbook may name: each is walked to the end of the stream, so ten thousand
/// BOUNDSHEET records over a long stream take seconds.
pub const MAX_SHEETS: usize = 1024;

/// The longest formula (its tokens, in bytes) read: calamine writes a formula's text by inserting
/// characters one at a time, so a long run of space tokens takes time that grows with its square.
pub const MAX_FORMULA_BYTES: usize = 2048;

/// What calamine keeps for each defined name besides its name: the formula text, which names a
/// sheet.
const NAME_OVERHEAD: u64 = 80;

/// Weighs an .xls workbook stream: the bound in bytes of what calamine will hold reading it, or
/// `Err(TooLarge)` when a sheet spans more than [`super::limits::MAX_GRID_CELLS`] from A1,
/// `Err(TooHeavy)` when calamine would hold more than [`MAX_WORKBOOK_BYTES`], `Err(Damaged)`
/// when a sheet declares an impossible size.
pub fn check_workbook(stream: &[u8]) -> Result<u64, ReadError> {
    let globals = Globals::read(stream);
    if globals.sheet_positions.len() > MAX_SHEETS {
        return Err(ReadError::Damaged(format!(
            "the workbook names {} sheets, more than {MAX_SHEETS}",
            globals.sheet_positions.len()
        )));
    }
    let mut total = globals.strings_bytes;
    let mut heaviest_sheet = 0;
    for &position in &globals.sheet_positions {
        // calamine stops (panics, contained) at a position past the end.
        let Some(sheet) = stream.get(position..) else {
            break;
        };
        let weight = weigh_sheet(sheet, &globals)?;
        heaviest_sheet = heaviest_sheet.max(weight.copy_bytes);
        total = total.saturating_add(weight.bytes);
        // The sheet read is then copied twice more: `worksheet_range` clones it, and the grid is
        // built from the clone while both are held.
        if total.saturating_add(heaviest_sheet) > MAX_WORKBOOK_BYTES {
            return Err(ReadError::TooHeavy {
                megabytes: total.saturating_add(heaviest_sheet) >> 20,
            });
        }
    }
    Ok(total.saturating_add(heaviest_sheet))
}

/// One record with the CONTINUE records that follow it, as calamine's record reader joins them.
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    more: std::collections::VecDeque<&'a [u8]>,
}

/// The records from a position on; it ends where calamine's reader fails (a record longer than
/// what is left), since calamine stops reading there too.
struct Records<'a>(&'a [u8]);

impl<'a> Iterator for Records<'a> {
    type Item = Record<'a>;
    fn next(&mut self) -> Option<Record<'a>> {
        let typ = u16_at(self.0, 0)?;
        let length = usize::from(u16_at(self.0, 2)?);
        let data = self.0.get(4..4 + length)?;
        self.0 = &self.0[4 + length..];
        let mut more = std::collections::VecDeque::new();
        while self.0.len() > 4 && u16_at(self.0, 0) == Some(0x003C) {
            let length = usize::from(u16_at(self.0, 2)?);
            more.push_back(self.0.get(4..4 + length)?);
            self.0 = &self.0[4 + length..];
        }
        Some(Record { typ, data, more })
    }
}

impl<'a> Record<'a> {
    /// Moves on to the next CONTINUE record's data.
    fn next_part(&mut self) -> bool {
        match self.more.pop_front() {
            Some(part) => {
                self.data = part;
                true
            }
            None => false,
        }
    }

    /// Skips `n` bytes across CONTINUE records; `None` when they run out.
    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            if self.data.is_empty() && !self.next_part() {
                return None;
            }
            let step = n.min(self.data.len());
            self.data = &self.data[step..];
            n -= step;
        }
        Some(())
    }
}

/// What the workbook globals tell about the sheets.
struct Globals {
    /// Where each BOUNDSHEET record says a sheet starts.
    sheet_positions: Vec<usize>,
    /// The bound of each shared string's length in bytes, in the last SST record's order.
    shared_strings: Vec<u64>,
    /// The bound of all shared string tables' bytes.
    strings_bytes: u64,
    /// The longest sheet or defined name, in UTF-8 bytes: a formula names one for every 5 bytes.
    longest_name: u64,
    /// Defined names: how many, and their names' bytes.
    names: (u64, u64),
}

impl Globals {
    fn read(stream: &[u8]) -> Globals {
        let mut globals = Globals {
            sheet_positions: Vec::new(),
            shared_strings: Vec::new(),
            strings_bytes: 0,
            longest_name: "#REF!".len() as u64,
            names: (0, 0),
        };
        for mut record in Records(stream) {
            let data = record.data;
            match record.typ {
                // BOUNDSHEET8: the sheet's position, then its name's length at 6.
                0x0085 => {
                    if let Some(position) = u32_at(data, 0) {
                        globals.sheet_positions.push(position as usize);
                    }
                    globals.note_name(data.get(6));
                }
                // Lbl (a defined name): its name's length at 3; calamine keeps the name and its
                // formula's text.
                0x0018 => {
                    globals.note_name(data.get(3));
                    let bytes = data.get(3).map_or(0, |&n| u64::from(n) * UTF8_PER_UNIT);
                    globals.names = (globals.names.0 + 1, globals.names.1 + bytes);
                }
                0x00FC => {
                    globals.shared_strings = shared_string_lengths(&mut record);
                    let table: u64 = globals.shared_strings.iter().sum::<u64>()
                        + globals.shared_strings.len() as u64 * size_of::<String>() as u64;
                    globals.strings_bytes = globals.strings_bytes.saturating_add(table);
                }
                0x000A => break,
                _ => {}
            }
        }
        let (count, bytes) = globals.names;
        globals.strings_bytes = globals
            .strings_bytes
            .saturating_add(bytes)
            .saturating_add(count * (globals.longest_name + NAME_OVERHEAD));
        globals
    }

    fn note_name(&mut self, length: Option<&u8>) {
        if let Some(&n) = length {
            self.longest_name = self.longest_name.max(u64::from(n) * UTF8_PER_UNIT);
        }
    }

    /// A bound on the formula text calamine writes for a formula of `bytes` bytes: a token writes
    /// fewer than 64 characters a byte (a space token 255 from 4 bytes, a number up to 327 from
    /// 9); one naming a sheet or a defined name takes at least 5 bytes and writes the name.
    fn formula_bytes(&self, bytes: u64) -> u64 {
        bytes * (64 + self.longest_name.div_ceil(5))
    }
}

/// The bound of each string's UTF-8 length in an SST record ([MS-XLS] 2.4.265, 2.5.293),
/// read as calamine reads it: a string's characters may run on into the next CONTINUE record,
/// which starts with its own high-byte flag. Stops where calamine would fail.
fn shared_string_lengths(record: &mut Record<'_>) -> Vec<u64> {
    let mut lengths = Vec::new();
    let Some(rest) = record.data.get(8..) else {
        return lengths;
    };
    record.data = rest;
    while !record.data.is_empty() || record.next_part() {
        let data = record.data;
        if data.is_empty() {
            lengths.push(0);
            continue;
        }
        let (Some(units), Some(&flags)) = (u16_at(data, 0), data.get(2)) else {
            return lengths;
        };
        record.data = &data[3..];
        let mut runs = 0;
        if flags & 0x8 != 0 {
            let Some(n) = u16_at(record.data, 0) else {
                return lengths;
            };
            runs = usize::from(n) * 4;
            record.data = &record.data[2..];
        }
        let mut extra = 0;
        if flags & 0x4 != 0 {
            let Some(n) = u32_at(record.data, 0) else {
                return lengths;
            };
            extra = n as i32 as usize;
            record.data = &record.data[4..];
        }
        let mut left = usize::from(units);
        let mut wide = flags & 0x1 != 0;
        while left > 0 {
            let taken = if wide {
                (record.data.len() / 2).min(left)
            } else {
                record.data.len().min(left)
            };
            record.data = &record.data[if wide { 2 * taken } else { taken }..];
            left -= taken;
            if left > 0 {
                if !record.next_part() || record.data.is_empty() {
                    return lengths;
                }
                wide = record.data[0] & 0x1 != 0;
                record.data = &record.data[1..];
            }
        }
        lengths.push(u64::from(units) * UTF8_PER_UNIT);
        if record.skip(runs).is_none() || record.skip(extra).is_none() {
            return lengths;
        }
    }
    lengths
}

/// What reading one sheet holds.
struct SheetWeight {
    /// Everything: the sheet's two ranges (values and formulas), its strings and the list of
    /// cells calamine gathers before it builds them.
    bytes: u64,
    /// What the sheet's copies take when it is the one handed over: its range and its text
    /// twice, and the list of cells the grid is built from.
    copy_bytes: u64,
}

/// The smallest box holding some cells.
#[derive(Default)]
struct Span(Option<(u32, u32, u32, u32)>);

impl Span {
    fn add(&mut self, row: u32, column: u32) {
        let (top, bottom, left, right) = self.0.unwrap_or((row, row, column, column));
        self.0 = Some((
            top.min(row),
            bottom.max(row),
            left.min(column),
            right.max(column),
        ));
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |(top, bottom, left, right)| {
            (u64::from(bottom - top) + 1) * (u64::from(right - left) + 1)
        })
    }

    /// The far corner, counted from A1.
    fn far(&self) -> (u32, u32) {
        self.0
            .map_or((0, 0), |(_, bottom, _, right)| (bottom, right))
    }
}

/// Walks one sheet from its position to its EOF as calamine does, and weighs it.
fn weigh_sheet(stream: &[u8], globals: &Globals) -> Result<SheetWeight, ReadError> {
    let mut values = Span::default();
    let mut formulas = Span::default();
    let (mut cells, mut formula_count, mut declared) = (0u64, 0u64, 0u64);
    let mut text = 0u64;
    let mut formula_position = (0, 0);
    let at = |data: &[u8]| Some((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?)));
    for record in Records(stream) {
        let data = record.data;
        match record.typ {
            // DIMENSIONS: calamine reserves room for every cell declared.
            0x0200 => declared = declared.max(declared_cells(data)?),
            // NUMBER, BOOLERR, RK.
            0x0203 | 0x0205 | 0x027E => {
                if let Some((row, column)) = at(data) {
                    values.add(row, column);
                    cells += 1;
                }
            }
            // LABEL: the text's length is at 6, and calamine reserves it whatever follows.
            0x0204 => {
                if let Some((row, column)) = at(data) {
                    values.add(row, column);
                    cells += 1;
                    text += u64::from(u16_at(data, 6).unwrap_or(0)) * UTF8_PER_UNIT;
                }
            }
            // STRING: a formula's text value, in the last formula's cell.
            0x0207 => {
                values.add(formula_position.0, formula_position.1);
                cells += 1;
                text += u64::from(u16_at(data, 0).unwrap_or(0)) * UTF8_PER_UNIT;
            }
            // LABELSST: a copy of the shared string.
            0x00FD => {
                if let Some((row, column)) = at(data) {
                    values.add(row, column);
                    cells += 1;
                    let index = u32_at(data, 6).map_or(usize::MAX, |i| i as usize);
                    text += globals.shared_strings.get(index).copied().unwrap_or(0);
                }
            }
            // MULRK: a row of cells from one column to another.
            0x00BD => {
                if let (Some((row, first)), Some(last)) = (
                    at(data),
                    data.len().checked_sub(2).and_then(|i| u16_at(data, i)),
                ) {
                    let last = u32::from(last);
                    if last >= first {
                        values.add(row, first);
                        values.add(row, last);
                        cells += u64::from(last - first) + 1;
                    }
                }
            }
            // FORMULA: a value, its formula's text, and the cell a STRING after it fills.
            0x0006 if data.len() >= 20 => {
                if let Some((row, column)) = at(data) {
                    formula_position = (row, column);
                    values.add(row, column);
                    formulas.add(row, column);
                    cells += 1;
                    formula_count += 1;
                    // The formula's tokens: their length at 20, then themselves.
                    let length = u16_at(data, 20).map_or(0, usize::from).min(data.len() - 20);
                    if length > MAX_FORMULA_BYTES {
                        return Err(ReadError::Damaged(format!(
                            "a formula of {length} bytes, longer than {MAX_FORMULA_BYTES}"
                        )));
                    }
                    let length = length as u64;
                    text += size_of::<String>() as u64 + globals.formula_bytes(length);
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    let (row, column) = values.far();
    span_check(row, column)?;
    let range_bytes = values.cells() * size_of::<calamine::Data>() as u64;
    let gathered = (declared + cells) * size_of::<calamine::Cell<calamine::Data>>() as u64
        + formula_count * size_of::<calamine::Cell<String>>() as u64;
    let bytes = range_bytes
        .saturating_add(formulas.cells() * size_of::<String>() as u64)
        .saturating_add(text)
        .saturating_add(gathered);
    // A grid cell and its place in the list it is built from.
    const GRID_CELL: u64 = 80;
    let copy_bytes = range_bytes
        .saturating_add(text.saturating_mul(2))
        .saturating_add(cells.saturating_mul(GRID_CELL));
    Ok(SheetWeight { bytes, copy_bytes })
}

/// The cells a DIMENSIONS record declares, read as calamine reads it ([MS-XLS] 2.4.90: the last
/// row and column are one past the end; a first column past 255, or after the last, counts
/// from 0). A last row before the first would wrap round in calamine and ask for terabytes.
fn declared_cells(data: &[u8]) -> Result<u64, ReadError> {
    let (first_row, row_end, first_column, column_end) = match data.len() {
        10 => (
            u16_at(data, 0).map(u32::from),
            u16_at(data, 2).map(u32::from),
            u16_at(data, 4).map(u32::from),
            u16_at(data, 6).map(u32::from),
        ),
        14 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u16_at(data, 8).map(u32::from),
            u16_at(data, 10).map(u32::from),
        ),
        _ => return Ok(0),
    };
    let (Some(first_row), Some(row_end), Some(mut first_column), Some(column_end)) =
        (first_row, row_end, first_column, column_end)
    else {
        return Ok(0);
    };
    if first_column > 0xFF || column_end < first_column {
        first_column = 0;
    }
    if row_end == 0 || column_end == 0 {
        return Ok(0);
    }
    let (last_row, last_column) = (row_end - 1, column_end - 1);
    let cells = u64::from(last_row)
        .checked_sub(u64::from(first_row))
        .zip(u64::from(last_column).checked_sub(u64::from(first_column)))
        .map(|(rows, columns)| (rows + 1) * (columns + 1));
    match cells {
        Some(n) if n <= MAX_DECLARED_CELLS => Ok(n),
        _ => Err(ReadError::Damaged(format!(
            "a sheet declares rows {first_row}–{last_row} and columns {first_column}–{last_column}"
        ))),
    }
}

fn u16_at(data: &[u8], i: usize) -> Option<u16> {
    data.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(data: &[u8], i: usize) -> Option<u32> {
    data.get(i..i + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheets::read::{MAX_GRID_CELLS, read_grid};

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
        out
    }

    fn bof(kind: u16) -> Vec<u8> {
        let mut data = vec![0x00, 0x06];
        data.extend_from_slice(&kind.to_le_bytes());
        data.extend_from_slice(&[0; 12]);
        record(0x0809, &data)
    }

    fn eof() -> Vec<u8> {
        record(0x000A, &[])
    }

    /// XLUnicodeString in UTF-16: its length, the high-byte flag, its units.
    fn wide(text: &str, declared: Option<u16>) -> Vec<u8> {
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut out = declared
            .unwrap_or(units.len() as u16)
            .to_le_bytes()
            .to_vec();
        out.push(1);
        for unit in units {
            out.extend_from_slice(&unit.to_le_bytes());
        }
        out
    }

    fn position(row: u16, column: u16) -> Vec<u8> {
        let mut out = row.to_le_bytes().to_vec();
        out.extend_from_slice(&column.to_le_bytes());
        out.extend_from_slice(&[0x0F, 0]); // the cell's format
        out
    }

    fn label(row: u16, column: u16, text: &str, declared: Option<u16>) -> Vec<u8> {
        let mut data = position(row, column);
        data.extend(wide(text, declared));
        record(0x0204, &data)
    }

    fn label_sst(row: u16, column: u16, index: u32) -> Vec<u8> {
        let mut data = position(row, column);
        data.extend_from_slice(&index.to_le_bytes());
        record(0x00FD, &data)
    }

    fn dimensions(rows: u32, columns: u16) -> Vec<u8> {
        let mut data = 0u32.to_le_bytes().to_vec();
        data.extend_from_slice(&rows.to_le_bytes());
        data.extend_from_slice(&0u16.to_le_bytes());
        data.extend_from_slice(&columns.to_le_bytes());
        data.extend_from_slice(&[0, 0]);
        record(0x0200, &data)
    }

    /// A BIFF8 workbook stream whose `names` all point at the one sheet of `cells` written after
    /// the globals, which hold `globals` too (a shared string table).
    fn workbook(names: usize, globals: &[u8], cells: &[Vec<u8>]) -> Vec<u8> {
        let boundsheet = |i: usize, at: u32| {
            let name = format!("S{i}");
            let mut data = at.to_le_bytes().to_vec();
            data.extend_from_slice(&[0, 0, name.len() as u8, 0]);
            data.extend_from_slice(name.as_bytes());
            record(0x0085, &data)
        };
        let head = bof(0x0005).len()
            + (0..names).map(|i| boundsheet(i, 0).len()).sum::<usize>()
            + globals.len()
            + eof().len();
        let mut stream = bof(0x0005);
        for i in 0..names {
            stream.extend(boundsheet(i, head as u32));
        }
        stream.extend_from_slice(globals);
        stream.extend(eof());
        assert_eq!(stream.len(), head);
        stream.extend(bof(0x0010));
        for cell in cells {
            stream.extend_from_slice(cell);
        }
        stream.extend(eof());
        stream
    }

    /// The stream in an OLE container, as Excel saves an .xls.
    fn xls(stream: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut file = cfb::CompoundFile::create_with_version(
            cfb::Version::V3,
            std::io::Cursor::new(Vec::new()),
        )
        .unwrap();
        file.create_stream("/Workbook")
            .unwrap()
            .write_all(stream)
            .unwrap();
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    /// An SST record of `strings`, split into a CONTINUE record after `split` bytes of its data
    /// (in the middle of a string's characters, where the CONTINUE repeats the high-byte flag).
    fn shared_strings(strings: &[&str], split: usize) -> Vec<u8> {
        let mut data = (strings.len() as u32).to_le_bytes().to_vec();
        data.extend_from_slice(&(strings.len() as u32).to_le_bytes());
        for s in strings {
            data.extend(wide(s, None));
        }
        let split = split.min(data.len());
        let mut out = record(0x00FC, &data[..split]);
        if split < data.len() {
            let mut more = vec![1];
            more.extend_from_slice(&data[split..]);
            out.extend(record(0x003C, &more));
        }
        out
    }

    #[test]
    fn a_workbook_built_here_is_one_calamine_reads() {
        // The records these tests build are read by calamine as they are weighed here.
        let strings = shared_strings(
            &["合同编号", "嘉兴市恒达纺织有限公司", "x"],
            8 + 3 + 8 + 3 + 6,
        );
        let cells = [
            dimensions(3, 2),
            label(0, 0, "被担保人", None),
            label_sst(0, 1, 0),
            label_sst(1, 1, 1),
            label_sst(2, 1, 2),
        ];
        let stream = workbook(1, &strings, &cells);
        check_workbook(&stream).unwrap();
        let grid = read_grid(&xls(&stream)).unwrap();
        assert_eq!(grid.cell(0, 0).text(), "被担保人");
        assert_eq!(grid.cell(0, 1).text(), "合同编号");
        assert_eq!(grid.cell(1, 1).text(), "嘉兴市恒达纺织有限公司");
        assert_eq!(grid.cell(2, 1).text(), "x");
    }

    #[test]
    fn shared_strings_are_measured_across_continue_records() {
        // The second string's characters run on into the CONTINUE record.
        let bytes = shared_strings(&["合同编号", "嘉兴市恒达纺织有限公司", "x"], 8 + 11 + 7);
        let mut record = Records(&bytes).next().unwrap();
        assert_eq!(record.more.len(), 1);
        // Bounds of 6 bytes a unit (4, 11 and 1 units).
        assert_eq!(shared_string_lengths(&mut record), vec![24, 66, 6]);
        // A table cut short is measured as far as calamine reads it.
        let mut cut = Records(&bytes[..4 + 8 + 11 + 7]).next().unwrap();
        assert_eq!(shared_string_lengths(&mut cut), vec![24]);
    }

    #[test]
    fn one_sheet_named_many_times_is_weighed_every_time() {
        // calamine reads the sheet once for every BOUNDSHEET that points at it.
        let cells = [label(0, 0, "合同编号", None), label(9_999, 29, "x", None)];
        let once = workbook(1, &[], &cells);
        check_workbook(&once).unwrap();
        let grid = read_grid(&xls(&once)).unwrap();
        assert_eq!((grid.rows.len(), grid.width()), (10_000, 30));
        // 300,000 cells of 32 bytes, read 300 times, would be 2.9 GB.
        let many = workbook(300, &[], &cells);
        assert!(matches!(
            check_workbook(&many),
            Err(ReadError::TooHeavy { megabytes }) if megabytes >= 1024
        ));
        let refused = read_grid(&xls(&many)).unwrap_err();
        assert!(matches!(refused, ReadError::TooHeavy { .. }));
        // The officer is told what to do about it.
        let told = crate::sheets::messages::import_error_message(
            &crate::sheets::import::ImportError::Read(refused),
            crate::i18n::Locale::ZhCn,
        );
        assert!(
            told.contains("MB 内存") && told.contains("另存为 .xlsx"),
            "{told}"
        );
    }

    #[test]
    fn text_is_weighed_by_the_length_its_record_declares() {
        // A LABEL declaring 65,535 characters and holding none: calamine reserves them anyway.
        let hollow: Vec<_> = (0..3_000)
            .map(|row| label(row, 0, "", Some(u16::MAX)))
            .collect();
        assert!(matches!(
            check_workbook(&workbook(1, &[], &hollow)),
            Err(ReadError::TooHeavy { .. })
        ));
        // A shared string of 4,000 characters (12,000 bytes) copied into 80,000 cells is 960 MB.
        let long = "担".repeat(4_000);
        let table = shared_strings(&[&long], 8 + 3 + 2 * 1_995);
        let copies: Vec<_> = (0..40_000)
            .flat_map(|row| [label_sst(row, 0, 0), label_sst(row, 1, 0)])
            .collect();
        assert!(matches!(
            check_workbook(&workbook(1, &table, &copies)),
            Err(ReadError::TooHeavy { .. })
        ));
        // Copied into 100 cells it is light.
        check_workbook(&workbook(1, &table, &copies[..100])).unwrap();
    }

    #[test]
    fn the_largest_ledger_an_xls_holds_is_read() {
        // An .xls sheet has at most 65,536 rows: a ledger filling them, 30 columns of text.
        let table = shared_strings(&["嘉兴市恒达纺织有限公司"], usize::MAX);
        let mut cells = vec![dimensions(65_535, 30)];
        for row in 0..65_535u16 {
            cells.extend((0..30).map(|column| label_sst(row, column, 0)));
        }
        let weight = check_workbook(&workbook(1, &table, &cells)).unwrap();
        assert_eq!(weight >> 20, 791, "{weight} bytes");
    }

    #[test]
    fn too_many_sheets_and_too_long_a_formula_are_refused() {
        // Found by review: each sheet is walked to the stream's end (time grows with sheets ×
        // records), and a formula's text is written one character at a time.
        let cells = [label(0, 0, "合同编号", None)];
        assert!(check_workbook(&workbook(MAX_SHEETS, &[], &cells)).is_ok());
        assert!(matches!(
            check_workbook(&workbook(MAX_SHEETS + 1, &[], &cells)),
            Err(ReadError::Damaged(why)) if why.contains("1025 sheets")
        ));
        let formula = |tokens: usize| {
            let mut data = position(0, 1);
            data.extend_from_slice(&[0; 8]); // the value
            data.extend_from_slice(&[0; 6]); // flags and the cache
            data.extend_from_slice(&(tokens as u16).to_le_bytes());
            data.extend(std::iter::repeat_n(0x19u8, tokens)); // the tokens, as they come
            record(0x0006, &data)
        };
        assert!(check_workbook(&workbook(1, &[], &[formula(MAX_FORMULA_BYTES)])).is_ok());
        assert!(matches!(
            check_workbook(&workbook(1, &[], &[formula(MAX_FORMULA_BYTES + 1)])),
            Err(ReadError::Damaged(why)) if why.contains("formula")
        ));
    }

    #[test]
    fn declared_dimensions_are_bounded_and_a_far_cell_is_too_large() {
        let declares = |rows| workbook(1, &[], &[dimensions(rows, 30)]);
        check_workbook(&declares(100_000)).unwrap();
        assert!(matches!(
            check_workbook(&declares(1_000_000)),
            Err(ReadError::Damaged(_))
        ));
        let far = workbook(
            1,
            &[],
            &[label(0, 0, "a", None), label(60_000, 200, "b", None)],
        );
        assert_eq!(
            check_workbook(&far),
            Err(ReadError::TooLarge {
                rows: 60_001,
                columns: 201
            })
        );
        const { assert!(60_001 * 201 > MAX_GRID_CELLS) };
    }

    #[test]
    fn the_fuzzers_workbooks_are_refused_and_real_ones_read() {
        // Found by the spreadsheet_import fuzz target: 5,632 bytes that had calamine take more
        // than 2 GB. Read from where its BOUNDSHEET record points (not where the record before
        // it ends, as the walk before this module did), the sheet reaches row 4,353, column 10,501.
        let bomb = include_bytes!("fixtures/far-cell-where-the-sheet-starts.xls");
        assert_eq!(
            read_grid(bomb),
            Err(ReadError::TooLarge {
                rows: 4_353,
                columns: 10_501
            })
        );
        assert!(read_grid(include_bytes!("fixtures/core-system.xls")).is_ok());
    }
}
