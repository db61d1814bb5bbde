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
    /// A row wider than any spreadsheet program writes ([`MAX_COLUMNS`]).
    #[error("a row has {columns} columns, more than a sheet can have")]
    TooWide { columns: u64 },
    /// An .xlsx (a ZIP) whose parts unpack to more than [`MAX_UNPACKED_BYTES`], or whose
    /// shared-strings table is larger than [`MAX_SHARED_STRINGS_BYTES`] (a zip bomb).
    #[error("the workbook unpacks to more than {megabytes} MB")]
    TooBigUnpacked { megabytes: u64 },
    /// Reading the workbook would take more memory than allowed (an .xls is read whole).
    #[error("reading the workbook would take about {megabytes} MB of memory")]
    TooHeavy { megabytes: u64 },
}

/// The most cells a sheet may span, blank ones included (from A1 to its last cell): 3,000,000,
/// a 100,000-line ledger of 30 columns. The grid is held whole, so a file whose one far cell
/// spans more is refused rather than filling the laptop's memory.
pub const MAX_GRID_CELLS: u64 = 3_000_000;

/// The most columns a row may have: 16,384, Excel's own limit (column XFD). A CSV line of a
/// million commas is refused as soon as it is read, not after.
pub const MAX_COLUMNS: u64 = 16_384;

/// The most an .xlsx may unpack to, all its parts together: 512 MiB. A 100,000-line ledger of
/// 30 columns unpacks to about 100 MB; a zip bomb of a few kilobytes unpacks to gigabytes.
pub const MAX_UNPACKED_BYTES: u64 = 512 << 20;

/// The most the shared-strings table (`xl/sharedStrings.xml`) may unpack to: 64 MiB. The
/// reader holds it whole in memory before the first cell is read; a ledger's is a few MB.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 64 << 20;

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
