//! What a visit still lacks, as the window's review shows it, printed or as JSON.

use baohou_core::i18n::Locale;
use baohou_core::session::VisitScreen;
use serde::Serialize;

/// `visit review --json`.
#[derive(Serialize)]
pub(super) struct ReviewJson {
    pub(super) visit_id: i64,
    pub(super) status: String,
    /// What is missing before completion, in the user's language.
    pub(super) missing: Vec<String>,
    /// The same, as codes (`unanswered`, `borrower_not_confirmed` …).
    pub(super) problems: Vec<serde_json::Value>,
    pub(super) proposed_signals: Vec<ProposedJson>,
    pub(super) ready_for_confirmation: bool,
    pub(super) ready_to_complete: bool,
}

#[derive(Serialize)]
pub(super) struct ProposedJson {
    pub(super) code: String,
    pub(super) title: String,
    pub(super) severity: String,
    pub(super) evidence: String,
}

impl ReviewJson {
    pub(super) fn of(screen: &VisitScreen, l: Locale) -> ReviewJson {
        ReviewJson {
            visit_id: screen.draft.id,
            status: screen.draft.status.code().to_owned(),
            missing: screen.problem_texts.clone(),
            problems: screen
                .review
                .problems
                .iter()
                .map(|p| serde_json::to_value(p).unwrap_or_default())
                .collect(),
            proposed_signals: screen
                .review
                .proposed
                .iter()
                .map(|p| ProposedJson {
                    code: p.code.clone(),
                    title: p.title.clone(),
                    severity: p.severity.label(l).to_owned(),
                    evidence: p.evidence.clone(),
                })
                .collect(),
            ready_for_confirmation: screen.review.ready_for_confirmation,
            ready_to_complete: screen.review.ready_to_complete,
        }
    }
}
