//! A released borrower's data from the window: when each is due to leave the laptop, an export
//! to a folder the officer chose, and the removal once head office holds its reports.

use super::Session;
use crate::i18n::Locale;
use crate::messages::{UserError, export_message, removal_blocker_message};
use crate::portfolio::BorrowerId;
use crate::privacy::{self, ExportSummary};
use crate::store::{RemovalSummary, StoreError};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;

/// One released borrower on the 本机资料 list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct RetentionEntry {
    #[specta(type = u32)]
    pub borrower_id: BorrowerId,
    pub borrower: String,
    pub released_on: NaiveDate,
    pub due_on: NaiveDate,
    /// The due day is today or past.
    pub due: bool,
    /// What keeps it on the laptop, worded; empty when it can be removed.
    pub held_by: Vec<String>,
}

/// The released borrowers and the policy's retention.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct RetentionView {
    pub retention_days: u32,
    pub entries: Vec<RetentionEntry>,
}

impl Session {
    /// Borrowers whose guarantees are all released, as of `today`.
    pub fn retention(&self, locale: Locale, today: NaiveDate) -> Result<RetentionView, UserError> {
        let store = self.store(locale)?;
        let err = |e: StoreError| UserError::from_store(&e, locale);
        let policy = store.policy_in_force().map_err(err)?;
        let entries = privacy::retention(store, &policy, today)
            .map_err(err)?
            .into_iter()
            .map(|r| RetentionEntry {
                held_by: r
                    .item
                    .blockers
                    .iter()
                    .map(|b| removal_blocker_message(b, locale))
                    .collect(),
                borrower_id: r.item.borrower_id,
                borrower: r.item.borrower,
                released_on: r.item.released_on,
                due_on: r.item.due_on,
                due: r.due,
            })
            .collect();
        Ok(RetentionView {
            retention_days: policy.released_retention_days(),
            entries,
        })
    }

    /// Writes everything about a borrower into a new folder inside `folder`.
    pub fn export_borrower(
        &mut self,
        locale: Locale,
        borrower_id: BorrowerId,
        folder: &Path,
    ) -> Result<ExportSummary, UserError> {
        if !folder.is_absolute() {
            return Err(UserError {
                code: crate::code::Code::BadPath,
                message: locale
                    .pick(
                        "请选择一个文件夹。",
                        "請選擇一個資料夾。",
                        "Choose a folder.",
                    )
                    .to_owned(),
            });
        }
        let folder = &self.granted(locale, super::PathPurpose::ExportFolder, folder, true)?;
        let store = self.store(locale)?;
        privacy::export_borrower(store, borrower_id, folder, super::visits::now()).map_err(|e| {
            UserError {
                code: match &e {
                    privacy::ExportError::Store(s) => s.code(),
                    privacy::ExportError::Write { .. } => crate::code::Code::ExportWrite,
                },
                message: export_message(&e, locale),
            }
        })
    }

    /// Removes a released borrower's data from the laptop (refused while anything holds it).
    pub fn remove_borrower(
        &mut self,
        locale: Locale,
        borrower_id: BorrowerId,
    ) -> Result<RemovalSummary, UserError> {
        let store = self.store_mut(locale)?;
        store
            .remove_borrower(borrower_id, super::visits::now())
            .map_err(|e| UserError::from_store(&e, locale))
    }
}
