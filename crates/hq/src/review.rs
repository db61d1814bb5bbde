//! Head office's review of the reports received: who may look (staff with a token: reviewers,
//! and the company's core system), what a reviewer sees (`ReportSummary`, `ReportDetail`), and
//! the approval chain: a complete report is marked step by step along the company policy's
//! approvers (`[document] approvers`: 业务部经理 → 风控部主管 → 风控部经理 → 总经理 in the shipped
//! policy, seed 004 "项目经理…业务部经理…风控部主管/经理…总经理"), each step by a different reviewer
//! (four eyes and more); a report returned at any step is closed and goes back to its officer.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a member of staff may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// Reads the reports and marks them.
    Reviewer,
    /// The company's core system: reads the reports, marks nothing.
    System,
}

impl StaffRole {
    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Reviewer => "reviewer",
            StaffRole::System => "system",
        }
    }

    pub fn parse(s: &str) -> Option<StaffRole> {
        match s {
            "reviewer" => Some(StaffRole::Reviewer),
            "system" => Some(StaffRole::System),
            _ => None,
        }
    }
}

/// A member of head office's staff with a token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Staff {
    pub id: i64,
    pub name: String,
    pub role: StaffRole,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// A reviewer's decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// 通过
    Approved,
    /// 退回: the report goes back to its officer; review ends.
    Returned,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        match s {
            "approved" => Some(Decision::Approved),
            "returned" => Some(Decision::Returned),
            _ => None,
        }
    }
}

/// One reviewer's mark on a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Review {
    /// The step of the chain, from 1.
    pub stage: u8,
    /// The step's name in the company's policy (业务部经理, 风控部经理 …).
    #[serde(default)]
    pub step: String,
    pub reviewer_id: i64,
    pub reviewer: String,
    pub decision: Decision,
    pub note: String,
    pub at: String,
}

/// Where a report stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// Files are still arriving.
    Uploading,
    /// Awaiting the chain's first step.
    AwaitingFirst,
    /// Marked at one step or more, awaiting a later one.
    AwaitingSecond,
    Approved,
    Returned,
}

impl ReviewState {
    /// Where a report stands along a chain of `steps` steps (at least one).
    pub fn of(complete: bool, reviews: &[Review], steps: usize) -> ReviewState {
        if !complete {
            ReviewState::Uploading
        } else if reviews.iter().any(|r| r.decision == Decision::Returned) {
            ReviewState::Returned
        } else if reviews.len() >= steps.max(1) {
            ReviewState::Approved
        } else if reviews.is_empty() {
            ReviewState::AwaitingFirst
        } else {
            ReviewState::AwaitingSecond
        }
    }

    pub fn parse(s: &str) -> Option<ReviewState> {
        serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
    }
}

/// Why a mark is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReviewRefusal {
    #[error("the report's files have not all arrived")]
    NotComplete,
    #[error("the report was returned; its review is closed")]
    Closed,
    #[error("the report has every step's mark already")]
    Done,
    #[error("each step must be marked by another reviewer")]
    SameReviewer,
    #[error("only a reviewer marks reports")]
    NotReviewer,
}

/// The step `reviewer` would mark next along a chain of `steps` steps: each by a different
/// reviewer.
pub fn next_stage(
    complete: bool,
    reviews: &[Review],
    reviewer: &Staff,
    steps: usize,
) -> Result<u8, ReviewRefusal> {
    if reviewer.role != StaffRole::Reviewer {
        return Err(ReviewRefusal::NotReviewer);
    }
    match ReviewState::of(complete, reviews, steps) {
        ReviewState::Uploading => Err(ReviewRefusal::NotComplete),
        ReviewState::Returned => Err(ReviewRefusal::Closed),
        ReviewState::Approved => Err(ReviewRefusal::Done),
        ReviewState::AwaitingFirst => Ok(1),
        ReviewState::AwaitingSecond => {
            if reviews.iter().any(|r| r.reviewer_id == reviewer.id) {
                Err(ReviewRefusal::SameReviewer)
            } else {
                Ok(u8::try_from(reviews.len() + 1).unwrap_or(u8::MAX))
            }
        }
    }
}

/// Which reports to list. Every field narrows; none lists everything (newest first).
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportFilter {
    /// The officer's name, exactly.
    pub officer: Option<String>,
    /// Part of the borrower's name.
    pub borrower: Option<String>,
    /// Visits on or after this date (YYYY-MM-DD).
    pub from: Option<chrono::NaiveDate>,
    /// Visits on or before this date (YYYY-MM-DD).
    pub to: Option<chrono::NaiveDate>,
    /// Only reports in this state.
    pub state: Option<ReviewState>,
}

/// A report received, as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportSummary {
    pub document_no: String,
    /// inspection_report (保后检查表), notice, release or withdrawal.
    pub kind: String,
    pub contract_no: String,
    pub borrower: String,
    pub officer: String,
    /// YYYY-MM-DD
    pub visit_date: String,
    pub received_at: String,
    pub completed_at: Option<String>,
    pub files: u32,
    pub bytes: u64,
    /// The SHA-256 of the report's PDF, to download it.
    pub pdf_sha256: Option<String>,
    pub state: ReviewState,
    pub reviews: Vec<Review>,
    /// The step awaited (its name in the company's policy), while one is.
    #[serde(default)]
    pub next_step: Option<String>,
}

/// One file of a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportFile {
    pub name: String,
    /// pdf, visit_json, photo, signature
    pub kind: String,
    pub sha256: String,
    pub size: u64,
    pub verified: bool,
}

/// A report with its files and the manifest the laptop sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReportDetail {
    #[serde(flatten)]
    pub summary: ReportSummary,
    pub report_files: Vec<ReportFile>,
    /// The manifest as the laptop sent it.
    #[schema(value_type = Object)]
    pub manifest: serde_json::Value,
}

/// A mark to make.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct NewReview {
    pub decision: Decision,
    #[serde(default)]
    pub note: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff(id: i64, role: StaffRole) -> Staff {
        Staff {
            id,
            name: format!("审核员{id}"),
            role,
            created_at: String::new(),
            revoked_at: None,
        }
    }

    fn mark(stage: u8, by: i64, decision: Decision) -> Review {
        Review {
            stage,
            step: String::new(),
            reviewer_id: by,
            reviewer: format!("审核员{by}"),
            decision,
            note: String::new(),
            at: String::new(),
        }
    }

    /// The shipped policy's chain: 业务部经理 → 风控部主管 → 风控部经理 → 总经理 (seed 004).
    #[test]
    fn four_steps_each_by_another_reviewer() {
        use Decision::*;
        let who: Vec<Staff> = (1..=5).map(|i| staff(i, StaffRole::Reviewer)).collect();
        let mut marks = Vec::new();
        for step in 1..=4u8 {
            assert_eq!(
                next_stage(true, &marks, &who[usize::from(step) - 1], 4),
                Ok(step)
            );
            if step > 1 {
                assert_eq!(
                    next_stage(true, &marks, &who[0], 4),
                    Err(ReviewRefusal::SameReviewer)
                );
            }
            marks.push(mark(step, i64::from(step), Approved));
        }
        assert_eq!(ReviewState::of(true, &marks, 4), ReviewState::Approved);
        assert_eq!(
            next_stage(true, &marks, &who[4], 4),
            Err(ReviewRefusal::Done)
        );
        // Returned by the third step (风控部经理): closed.
        marks.truncate(2);
        marks.push(mark(3, 3, Returned));
        assert_eq!(ReviewState::of(true, &marks, 4), ReviewState::Returned);
        assert_eq!(
            next_stage(true, &marks, &who[4], 4),
            Err(ReviewRefusal::Closed)
        );
    }

    #[test]
    fn the_four_eyes_rule() {
        use Decision::*;
        use ReviewRefusal::*;
        let a = staff(1, StaffRole::Reviewer);
        let b = staff(2, StaffRole::Reviewer);
        let system = staff(3, StaffRole::System);
        // (upload complete, marks so far, who marks, the stage or the refusal)
        type Case<'a> = (bool, Vec<Review>, &'a Staff, Result<u8, ReviewRefusal>);
        let cases: Vec<Case> = vec![
            (false, vec![], &a, Err(NotComplete)),
            (true, vec![], &a, Ok(1)),
            (true, vec![], &system, Err(NotReviewer)),
            (true, vec![mark(1, 1, Approved)], &a, Err(SameReviewer)),
            (true, vec![mark(1, 1, Approved)], &b, Ok(2)),
            (true, vec![mark(1, 1, Returned)], &b, Err(Closed)),
            (
                true,
                vec![mark(1, 1, Approved), mark(2, 2, Approved)],
                &b,
                Err(Done),
            ),
            (
                true,
                vec![mark(1, 1, Approved), mark(2, 2, Returned)],
                &a,
                Err(Closed),
            ),
        ];
        for (complete, reviews, who, expected) in cases {
            assert_eq!(
                next_stage(complete, &reviews, who, 2),
                expected,
                "{complete} {reviews:?} {}",
                who.name
            );
        }
    }

    #[test]
    fn the_state_follows_the_marks() {
        assert_eq!(ReviewState::of(false, &[], 2), ReviewState::Uploading);
        assert_eq!(ReviewState::of(true, &[], 2), ReviewState::AwaitingFirst);
        let first = mark(1, 1, Decision::Approved);
        assert_eq!(
            ReviewState::of(true, std::slice::from_ref(&first), 2),
            ReviewState::AwaitingSecond
        );
        assert_eq!(
            ReviewState::of(true, &[first.clone(), mark(2, 2, Decision::Approved)], 2),
            ReviewState::Approved
        );
        assert_eq!(
            ReviewState::of(true, &[first, mark(2, 2, Decision::Returned)], 2),
            ReviewState::Returned
        );
        assert_eq!(
            ReviewState::parse("awaiting_second"),
            Some(ReviewState::AwaitingSecond)
        );
    }
}
