//! What a spreadsheet may not be: the reasons a file is refused, and the span a sheet may have.
//! Shared by the reader (`read`) and the .xls weigher (`biff`), so neither imports the other's
//! internals.

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
    #[error("the sheet spans {rows} rows by {columns} columns, more than can be held")]
    TooLarge { rows: u64, columns: u64 },
    /// Reading the workbook would take more memory than allowed (an .xls is read whole).
    #[error("reading the workbook would take about {megabytes} MB of memory")]
    TooHeavy { megabytes: u64 },
}

/// The most cells a sheet may span, blank ones included (from A1 to its last cell): 3,000,000,
/// a 100,000-line ledger of 30 columns. The grid is held whole, so a file whose one far cell
/// spans more is refused rather than filling the laptop's memory.
pub const MAX_GRID_CELLS: u64 = 3_000_000;

/// Refuses a sheet whose far corner, counted from A1, spans more than [`MAX_GRID_CELLS`].
pub(super) fn span_check(row: u32, column: u32) -> Result<(), ReadError> {
    if (u64::from(row) + 1) * (u64::from(column) + 1) > MAX_GRID_CELLS {
        return Err(ReadError::TooLarge {
            rows: u64::from(row) + 1,
            columns: u64::from(column) + 1,
        });
    }
    Ok(())
}
