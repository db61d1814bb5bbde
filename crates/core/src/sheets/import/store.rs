//! An import against the store: weighed to show what would change, then written in one
//! transaction that weighs again.

use super::weigh::*;
use super::write::write;
use super::{ColumnMapping, ImportField, ImportRow};
use crate::i18n::Locale;
use crate::store::{Store, StoreError, StoreResult};
use chrono::NaiveDate;
use rusqlite::OptionalExtension;

impl Store {
    /// Every import that recorded or changed guarantee `id`, oldest first.
    pub fn imported_changes_of(
        &self,
        id: crate::portfolio::GuaranteeId,
        locale: Locale,
    ) -> StoreResult<Vec<ImportedChanges>> {
        let mut stmt = self.conn().prepare(
            "SELECT r.id, substr(r.imported_at, 1, 10), r.file_name, c.field, c.old_value, c.new_value
             FROM guarantee_changes c JOIN import_runs r ON r.id = c.import_id
             WHERE c.guarantee_id = ?1 ORDER BY c.id",
        )?;
        let mut rows = stmt.query([id])?;
        let mut out: Vec<(i64, ImportedChanges)> = Vec::new();
        while let Some(r) = rows.next()? {
            let run: i64 = r.get(0)?;
            let day: String = r.get(1)?;
            let field: String = r.get(3)?;
            if out.last().is_none_or(|(last, _)| *last != run) {
                out.push((
                    run,
                    ImportedChanges {
                        imported_on: day
                            .parse()
                            .map_err(|_| StoreError::Invalid(format!("import {run}: {day}")))?,
                        file_name: r.get(2)?,
                        created: false,
                        changes: Vec::new(),
                    },
                ));
            }
            let entry = &mut out.last_mut().expect("pushed").1;
            if field == "created" {
                entry.created = true;
                continue;
            }
            let Ok(field) = ImportField::from_code(&field) else {
                continue;
            };
            if matches!(field, ImportField::RiskTier | ImportField::FiveLevelClass) {
                continue;
            }
            let (before, after): (Option<String>, Option<String>) = (r.get(4)?, r.get(5)?);
            entry.changes.push(FieldChange {
                field,
                before: shown_code(field, before.as_deref(), locale),
                after: shown_code(field, after.as_deref(), locale),
            });
        }
        Ok(out.into_iter().map(|(_, c)| c).collect())
    }

    /// The mapping confirmed for a layout, if the user has imported such a file before.
    pub fn remembered_mapping(&self, signature: &str) -> StoreResult<Option<Vec<ColumnMapping>>> {
        let json: Option<String> = self
            .conn()
            .query_row(
                "SELECT mapping FROM import_mappings WHERE signature = ?1",
                [signature],
                |r| r.get(0),
            )
            .optional()?;
        json.map(|j| serde_json::from_str(&j).map_err(|e| StoreError::Invalid(e.to_string())))
            .transpose()
    }

    /// What importing `rows` would do, writing nothing.
    pub fn weigh_import(&self, rows: &[ImportRow], locale: Locale) -> StoreResult<ImportOutcome> {
        Ok(weigh(self.conn(), rows, locale)?.outcome())
    }

    /// Imports `rows` in one transaction: new contracts recorded, changed fields updated and
    /// kept in `guarantee_changes` (tier and class also as classification changes, with the
    /// audit log), the import in `import_runs` and the mapping remembered for the layout. Rows
    /// the laptop's data makes impossible are left out and reported; with `allow_problems`
    /// false, any such row refuses the whole import: the outcome comes back unwritten
    /// (`import_id` none), its problems saying why.
    pub fn write_import(
        &mut self,
        rows: &[ImportRow],
        source: &ImportSource<'_>,
        as_of: NaiveDate,
        allow_problems: bool,
        locale: Locale,
    ) -> StoreResult<ImportOutcome> {
        self.in_transaction(|tx| {
            let plan = weigh(tx, rows, locale)?;
            let mut outcome = plan.outcome();
            if !plan.problems.is_empty() && !allow_problems {
                return Ok(outcome);
            }
            let import_id = write(tx, &plan, source, as_of)?;
            outcome.import_id = Some(import_id);
            Ok(outcome)
        })
    }
}
