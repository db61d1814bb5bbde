//! The visit screens: start a visit, read it with its review, save one edit, take the borrower's
//! confirmation, complete, reopen for a correction.

use super::Session;
use crate::draft::review::{VisitReview, review};
use crate::draft::{VisitDraft, VisitEdit, VisitStart, VisitVersion};
use crate::i18n::Locale;
use crate::messages::{UserError, visit_problem_message};
use crate::signals::SignalCatalog;
use crate::store::EditOutcome;
use crate::visit::VisitId;
use chrono::{DateTime, FixedOffset};
use serde::Serialize;

/// A visit on screen: what was typed, what the rules make of it, and what is missing, worded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct VisitScreen {
    pub draft: VisitDraft,
    pub review: VisitReview,
    /// One sentence per problem, in the officer's language, in the order of `review.problems`.
    pub problem_texts: Vec<String>,
    pub versions: Vec<VisitVersion>,
    /// The final report issued of this version of the visit, if any.
    pub issued: Option<crate::store::IssuedReport>,
}

/// A visit as the phone's door needs it ([`Session::photo_door_visit`]).
#[derive(Clone, Debug)]
pub struct PhotoDoorVisit {
    /// How the phone's page names the visit: the borrower and the visit's date.
    pub title: String,
    /// The page copy each photo gets, as for a photo from a file.
    pub page: Option<crate::photos::PageSpec>,
}

/// What an edit did, with the visit as it now stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct EditResult {
    pub outcome: EditOutcome,
    pub screen: VisitScreen,
    /// The session's count of visit edits with this one: answers to saves of different fields
    /// can reach the window out of order, and only one with a higher count is newer.
    pub revision: u32,
}

pub(super) fn now() -> DateTime<FixedOffset> {
    chrono::Local::now().fixed_offset()
}

impl Session {
    /// Runs a write against the store with the policy in force and the catalogue.
    pub(super) fn write<T, E: crate::messages::Explain>(
        &mut self,
        locale: Locale,
        f: impl FnOnce(&mut crate::store::Store, &crate::policy::Policy, &SignalCatalog) -> Result<T, E>,
    ) -> Result<T, UserError> {
        let (store, catalog) = self.store_and_catalog(locale)?;
        let policy = store
            .policy_in_force()
            .map_err(|e| UserError::from_store(&e, locale))?;
        f(store, &policy, catalog).map_err(|e| e.user_error(locale))
    }

    pub(super) fn screen(&self, id: VisitId, locale: Locale) -> Result<VisitScreen, UserError> {
        let draft = self
            .store(locale)?
            .visit_draft(id)
            .map_err(|e| UserError::from_store(&e, locale))?;
        self.screen_of(draft, locale)
    }

    /// The screen of a visit already read.
    fn screen_of(&self, draft: VisitDraft, locale: Locale) -> Result<VisitScreen, UserError> {
        let store = self.store(locale)?;
        let err = |e| UserError::from_store(&e, locale);
        let policy = store.policy_in_force().map_err(err)?;
        let id = draft.id;
        let review = review(&draft, &policy, &self.catalog);
        Ok(VisitScreen {
            problem_texts: review
                .problems
                .iter()
                .map(|p| visit_problem_message(p, locale))
                .collect(),
            versions: store.visit_versions(id).map_err(err)?,
            issued: store.issued_report(id, draft.version).map_err(err)?,
            draft,
            review,
        })
    }

    /// Starts a visit (or resumes the guarantee's draft) and returns it.
    pub fn start_visit(
        &mut self,
        locale: Locale,
        start: &VisitStart,
    ) -> Result<VisitScreen, UserError> {
        let id = self.write(locale, |store, policy, _| {
            let template = store.template_in_force()?;
            store.start_visit(start, policy, &template, now())
        })?;
        self.screen(id, locale)
    }

    pub fn visit(&self, locale: Locale, id: VisitId) -> Result<VisitScreen, UserError> {
        self.screen(id, locale)
    }

    /// Saves one edit at once and returns the visit as it now stands.
    pub fn edit_visit(
        &mut self,
        locale: Locale,
        id: VisitId,
        edit: &VisitEdit,
    ) -> Result<EditResult, UserError> {
        let (outcome, draft) = self.write(locale, |store, policy, catalog| {
            store.edit_visit_and_read(id, edit, policy, catalog, now())
        })?;
        self.edits = self.edits.wrapping_add(1);
        Ok(EditResult {
            outcome,
            screen: self.screen_of(draft, locale)?,
            revision: self.edits,
        })
    }

    pub fn confirm_visit(
        &mut self,
        locale: Locale,
        id: VisitId,
        by: &str,
    ) -> Result<VisitScreen, UserError> {
        self.write(locale, |store, policy, catalog| {
            store.confirm_by_borrower(id, by, policy, catalog, now())
        })?;
        self.screen(id, locale)
    }

    pub fn complete_visit(
        &mut self,
        locale: Locale,
        id: VisitId,
    ) -> Result<VisitScreen, UserError> {
        self.write(locale, |store, policy, catalog| {
            store.complete_visit(id, policy, catalog, now())
        })?;
        self.screen(id, locale)
    }

    pub fn reopen_visit(
        &mut self,
        locale: Locale,
        id: VisitId,
        reason: &str,
    ) -> Result<VisitScreen, UserError> {
        self.write(locale, |store, _, _| store.reopen_visit(id, reason, now()))?;
        self.screen(id, locale)
    }

    /// How visit `id`'s report prints photos: asked before an import, so that each photo's page
    /// copy is made on the import's thread ([`crate::photos::import`]), not under this lock.
    pub fn photo_page_spec(
        &self,
        locale: Locale,
        id: VisitId,
    ) -> Result<crate::photos::PageSpec, UserError> {
        self.store_unused(locale)?
            .visit_page_spec(id)
            .map_err(|e| UserError::from_store(&e, locale))
    }

    /// What the phone's door (baohou-phone) needs of visit `id` before it opens: how its page
    /// names the visit (borrower and visit date) and how the visit's report prints photos. A
    /// completed visit takes no photos, from the phone as from a file.
    pub fn photo_door_visit(
        &self,
        locale: Locale,
        id: VisitId,
    ) -> Result<PhotoDoorVisit, UserError> {
        let draft = self
            .store(locale)?
            .visit_draft(id)
            .map_err(|e| UserError::from_store(&e, locale))?;
        if draft.status == crate::visit::VisitStatus::Completed {
            let frozen = crate::store::StoreError::VisitFrozen { visit_id: id };
            return Err(UserError::from_store(&frozen, locale));
        }
        Ok(PhotoDoorVisit {
            title: format!("{} · {}", draft.borrower, draft.visit_date),
            page: self.photo_page_spec(locale, id).ok(),
        })
    }

    /// Stores one photo read from disk on a visit; `Ok(false)` when the same bytes were there.
    pub fn add_photo(
        &mut self,
        locale: Locale,
        id: VisitId,
        photo: &crate::photos::ReadPhoto,
    ) -> Result<bool, UserError> {
        self.write(locale, |store, _, _| {
            store.add_photo(id, photo, now()).map(|m| m.is_some())
        })
    }

    /// The signal catalogue, to raise one by hand.
    pub fn signal_catalog(&self) -> &SignalCatalog {
        &self.catalog
    }
}
