//! The portfolio taken in from the core system's spreadsheets (.xlsx, .xls, .csv in UTF-8 or
//! GBK): find the heading row, map its columns to fields (guessed from the headings people use,
//! confirmed once by the user and remembered for that layout), read every row into typed values
//! or a problem naming the row and the reason, and hand the good rows to the store, which shows
//! what would change and writes it in one transaction when asked ([`weigh`]).

use crate::i18n::code_enum;
mod fields;
mod rows;
mod store;
mod weigh;
mod write;

use crate::sheets::read::{Grid, read_grid};
pub use fields::{
    ColumnMapping, ImportError, ImportField, Layout, check_mapping, find_layout, guess_mapping,
};
pub use rows::{
    ImportRow, OfficerName, Problem, ReadRows, RowProblem, import_problem_message, parse_amount,
    parse_date, parse_tier, read_rows,
};

use crate::digest::sha256_hex;
use crate::store::{Store, StoreError};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use std::collections::HashSet;
pub use weigh::{ChangedLine, FieldChange, ImportOutcome, ImportSource, ImportedChanges, NewLine};

/// A file opened for import: its grid and heading row.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportFile {
    pub file_name: String,
    pub sha256: String,
    pub grid: Grid,
    pub layout: Layout,
}

/// The largest file taken (a 10,000-line ledger is about 1 MB).
pub const FILE_LIMIT: u64 = 200 * 1024 * 1024;

/// Reads the file at `path` (refused above [`FILE_LIMIT`]) and finds its heading row.
pub fn open_path(path: &std::path::Path) -> Result<ImportFile, ImportError> {
    let cannot = |e: std::io::Error| ImportError::CannotRead {
        path: path.display().to_string(),
        detail: e.to_string(),
    };
    let bytes = std::fs::metadata(path).map_err(cannot)?.len();
    if bytes > FILE_LIMIT {
        return Err(ImportError::TooBig { bytes });
    }
    let data = std::fs::read(path).map_err(cannot)?;
    open_file(&data, &crate::files::shown_name(path))
}

/// Reads the file and finds its heading row.
pub fn open_file(bytes: &[u8], file_name: &str) -> Result<ImportFile, ImportError> {
    let grid = read_grid(bytes)?;
    let layout = find_layout(&grid)?;
    Ok(ImportFile {
        file_name: file_name.to_owned(),
        sha256: sha256_hex(bytes),
        grid,
        layout,
    })
}

/// A row's problem as the user reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct ProblemView {
    #[specta(type = u32)]
    pub row: usize,
    pub contract_no: Option<String>,
    pub message: String,
}

/// What an import would do, or did: the mapping used, every row's fate, every problem.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct SheetImport {
    pub file_name: String,
    /// The sheet read (empty for a CSV).
    pub sheet: String,
    #[specta(type = u32)]
    pub heading_row: usize,
    pub mapping: Vec<ColumnMapping>,
    /// How the mapping came: "remembered" (confirmed before for this layout), "given" (set by
    /// the user now) or "guessed" (from the headings; to be confirmed before writing).
    pub mapping_source: MappingSource,
    #[specta(type = u32)]
    pub rows_read: usize,
    /// Blank rows, totals and notes.
    #[specta(type = u32)]
    pub passed_over: usize,
    pub new: Vec<NewLine>,
    pub changed: Vec<ChangedLine>,
    #[specta(type = u32)]
    pub unchanged: usize,
    pub problems: Vec<ProblemView>,
    /// Rows with at least one problem.
    #[specta(type = u32)]
    pub broken_rows: usize,
    pub new_officers: Vec<String>,
    pub new_borrowers: Vec<String>,
    /// Whether this report is of an import written (else a preview).
    pub written: bool,
}

code_enum! {
    /// Where an import's column mapping came from.
    pub enum MappingSource: "mapping source" {
        Remembered = "remembered" => ("已确认过的对应关系", "已確認過的對應關係", "Confirmed before"),
        Given = "given" => ("本次指定的对应关系", "本次指定的對應關係", "Set now"),
        Guessed = "guessed" => ("按标题推断的对应关系（待确认）", "按標題推斷的對應關係（待確認）", "Guessed from the headings (to be confirmed)"),
    }
}

/// What the user chose to do with the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportChoice {
    /// Show what would happen; write nothing.
    Preview,
    /// Write. With broken rows, only if `skip_broken` (they are left out and counted).
    Write { skip_broken: bool },
}

/// Why an import was not written.
#[derive(Debug, thiserror::Error)]
pub enum ImportRunError {
    #[error(transparent)]
    File(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the column mapping was guessed and has not been confirmed")]
    MappingNotConfirmed,
    #[error("{rows} rows have problems; nothing was imported")]
    BrokenRows { rows: usize },
}

/// Weighs, or writes, `file` under `mapping` (the user's), else the one remembered for its
/// layout, else the one guessed from its headings (which must be confirmed, i.e. given, before
/// it is written).
pub fn run_import(
    store: &mut Store,
    file: &ImportFile,
    mapping: Option<Vec<ColumnMapping>>,
    choice: ImportChoice,
    as_of: NaiveDate,
    at: DateTime<FixedOffset>,
    locale: crate::i18n::Locale,
) -> Result<SheetImport, ImportRunError> {
    let (mapping, mapping_source) = match mapping {
        Some(m) => (m, MappingSource::Given),
        None => match store.remembered_mapping(&file.layout.signature)? {
            Some(m) => (m, MappingSource::Remembered),
            None => (guess_mapping(&file.layout), MappingSource::Guessed),
        },
    };
    check_mapping(&file.layout, &mapping)?;
    let read = read_rows(&file.grid, &file.layout, &mapping);
    let file_broken: HashSet<usize> = read.problems.iter().map(|p| p.row).collect();
    let outcome = match choice {
        ImportChoice::Preview => store.weigh_import(&read.rows, locale)?,
        ImportChoice::Write { skip_broken } => {
            if mapping_source == MappingSource::Guessed {
                return Err(ImportRunError::MappingNotConfirmed);
            }
            let broken = |outcome: &ImportOutcome| {
                let rows: HashSet<usize> = file_broken
                    .iter()
                    .copied()
                    .chain(outcome.problems.iter().map(|p| p.row))
                    .collect();
                ImportRunError::BrokenRows { rows: rows.len() }
            };
            if !skip_broken && !file_broken.is_empty() {
                // Refused whatever the laptop says; weighed only to count every broken row.
                return Err(broken(&store.weigh_import(&read.rows, locale)?));
            }
            let outcome = store.write_import(
                &read.rows,
                &ImportSource {
                    file_name: &file.file_name,
                    sha256: &file.sha256,
                    signature: &file.layout.signature,
                    mapping: &mapping,
                    skipped: file_broken.len(),
                    at,
                },
                as_of,
                skip_broken,
                locale,
            )?;
            if outcome.import_id.is_none() {
                return Err(broken(&outcome));
            }
            outcome
        }
    };
    let mut problems: Vec<RowProblem> = read.problems;
    problems.extend(outcome.problems.iter().cloned());
    problems.sort_by_key(|p| p.row);
    let broken_rows = problems.iter().map(|p| p.row).collect::<HashSet<_>>().len();
    Ok(SheetImport {
        file_name: file.file_name.clone(),
        sheet: file.grid.sheet.clone(),
        heading_row: file.layout.heading_row,
        mapping,
        mapping_source,
        rows_read: outcome.new.len() + outcome.changed.len() + outcome.unchanged + broken_rows,
        passed_over: read.passed_over,
        new: outcome.new,
        changed: outcome.changed,
        unchanged: outcome.unchanged,
        problems: problems
            .into_iter()
            .map(|p| ProblemView {
                row: p.row,
                contract_no: p.contract_no,
                message: import_problem_message(&p.problem, locale),
            })
            .collect(),
        broken_rows,
        new_officers: outcome.new_officers,
        new_borrowers: outcome.new_borrowers,
        written: outcome.import_id.is_some(),
    })
}

#[cfg(test)]
mod tests;
