//! A visit as the officer edits it: every field as typed (numbers too, so a half-typed "12." is
//! kept), saved one edit at a time. [`review`] checks it; completion freezes it.

pub mod review;

use crate::checklist::ChecklistItem;
use crate::policy::TaskKind;
use crate::portfolio::{GuaranteeId, OfficerId, Product};
use crate::signals::WarningSignal;
use crate::visit::{
    FinancialFigure, FinancialMetric, PhotoMeta, VisitId, VisitKind, VisitMethod, VisitStatus,
};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// One checklist question with what was answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DraftAnswer {
    /// The item as it was asked on the day.
    pub item: ChecklistItem,
    pub answer: String,
    pub note: String,
}

/// One line of the stock count, as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DraftInventoryLine {
    #[specta(type = u32)]
    pub id: i64,
    pub goods_name: String,
    pub unit: String,
    pub book_quantity: String,
    pub counted_quantity: String,
    pub last_count_quantity: String,
    pub pledged_minimum: String,
    pub note: String,
}

/// One worker interview, as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DraftInterview {
    #[specta(type = u32)]
    pub id: i64,
    pub role: String,
    pub years_at_firm: Option<u32>,
    pub wages_paid_on_time: bool,
    pub months_in_arrears: u32,
    pub shifts_per_day: Option<u32>,
    pub orders_on_hand: String,
    pub layoffs_seen: bool,
    pub equipment_moved_out: bool,
    pub notes: String,
}

/// A statement line, as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct DraftFigure {
    pub metric: FinancialMetric,
    pub value: String,
}

/// 借款人确认意见: who confirmed the checklist for the borrower, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct BorrowerConfirmation {
    pub by: String,
    pub at: DateTime<FixedOffset>,
}

/// A proposed signal the officer judged not to apply, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct Dismissal {
    pub code: String,
    pub reason: String,
}

/// What the last completed visit of the guarantee said, to flag text repeated word for word and to
/// compare the figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct PreviousReport {
    #[specta(type = u32)]
    pub visit_id: VisitId,
    pub visit_date: NaiveDate,
    /// (field key, text): `answer:A02`, `note:A01`, `conclusion`, `measures`.
    pub texts: Vec<(String, String)>,
    pub financials: Vec<FinancialFigure>,
}

/// A visit being filled in (or a completed one, read the same way).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct VisitDraft {
    #[specta(type = u32)]
    pub id: VisitId,
    #[specta(type = u32)]
    pub guarantee_id: GuaranteeId,
    pub contract_no: String,
    pub borrower: String,
    pub product: Product,
    /// The guarantee's risk tier now (the policy asks a written suggestion after a visit of some).
    pub risk_tier: crate::portfolio::RiskTier,
    /// The goods pledged with a minimum stock: an on-site visit counts them.
    pub pledged_goods: Vec<String>,
    pub kind: VisitKind,
    pub method: VisitMethod,
    pub visit_date: NaiveDate,
    #[specta(type = u32)]
    pub officer_id: OfficerId,
    pub officer: String,
    pub status: VisitStatus,
    pub version: u32,
    pub policy_version: Option<String>,
    pub template_version: Option<String>,
    pub started_from: Option<TaskKind>,
    /// Why a completed visit was reopened (set while a correction is under way).
    pub correction_reason: Option<String>,
    pub answers: Vec<DraftAnswer>,
    pub inventory: Vec<DraftInventoryLine>,
    pub interviews: Vec<DraftInterview>,
    pub financials: Vec<DraftFigure>,
    pub photos: Vec<PhotoMeta>,
    pub conclusion: String,
    pub measures: String,
    pub borrower_confirmation: Option<BorrowerConfirmation>,
    /// Field keys of repeated text the officer confirmed, with the hash of the text confirmed.
    pub confirmed_texts: Vec<(String, String)>,
    pub dismissals: Vec<Dismissal>,
    /// Signals raised on this visit.
    pub signals: Vec<WarningSignal>,
    pub previous: Option<PreviousReport>,
    /// The borrower's registered site, when known: photos are set against it.
    pub site: Option<crate::evidence::place::Place>,
    /// Signatures drawn on screen (officer, borrower's representative).
    #[serde(default)]
    pub signatures: Vec<crate::visit::Signature>,
    pub completed_at: Option<DateTime<FixedOffset>>,
    pub updated_at: Option<DateTime<FixedOffset>>,
}

impl VisitDraft {
    /// The free texts of the visit under their field keys (see [`PreviousReport::texts`]).
    pub fn texts(&self) -> Vec<(String, &str)> {
        let mut out = Vec::new();
        for a in &self.answers {
            if a.item.answer == crate::checklist::AnswerKind::Text {
                out.push((format!("answer:{}", a.item.code), a.answer.as_str()));
            }
            out.push((format!("note:{}", a.item.code), a.note.as_str()));
        }
        out.push(("conclusion".to_owned(), self.conclusion.as_str()));
        out.push(("measures".to_owned(), self.measures.as_str()));
        out
    }
}

/// Which typed column of a stock-count line an edit changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum InventoryColumn {
    GoodsName,
    Unit,
    BookQuantity,
    CountedQuantity,
    LastCountQuantity,
    PledgedMinimum,
    Note,
}

/// One field of a worker interview, with its new value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum InterviewValue {
    Role(String),
    YearsAtFirm(Option<u32>),
    WagesPaidOnTime(bool),
    MonthsInArrears(u32),
    ShiftsPerDay(Option<u32>),
    OrdersOnHand(String),
    LayoffsSeen(bool),
    EquipmentMovedOut(bool),
    Notes(String),
}

/// One change to a visit. Each is saved on its own, in one transaction, as it is made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum VisitEdit {
    Method {
        method: VisitMethod,
    },
    VisitDate {
        date: NaiveDate,
    },
    Answer {
        code: String,
        answer: String,
    },
    AnswerNote {
        code: String,
        note: String,
    },
    AddInventoryLine,
    InventoryText {
        #[specta(type = u32)]
        line_id: i64,
        column: InventoryColumn,
        text: String,
    },
    RemoveInventoryLine {
        #[specta(type = u32)]
        line_id: i64,
    },
    AddInterview,
    Interview {
        #[specta(type = u32)]
        interview_id: i64,
        value: InterviewValue,
    },
    RemoveInterview {
        #[specta(type = u32)]
        interview_id: i64,
    },
    Figure {
        metric: FinancialMetric,
        text: String,
    },
    Conclusion {
        text: String,
    },
    Measures {
        text: String,
    },
    /// The officer confirms that a text repeating the last report is still true.
    ConfirmRepeatedText {
        field: String,
    },
    /// Raise a signal the rules proposed, with their evidence.
    AcceptSignal {
        code: String,
    },
    /// Raise a signal of the catalogue by hand, with the evidence seen.
    RaiseSignal {
        code: String,
        evidence: String,
    },
    /// Take back a signal raised on this visit while it is not completed.
    WithdrawSignal {
        #[specta(type = u32)]
        signal_id: i64,
    },
    DismissSignal {
        code: String,
        reason: String,
    },
    UndismissSignal {
        code: String,
    },
    PhotoCaption {
        #[specta(type = u32)]
        photo_id: i64,
        caption: String,
    },
    PhotoItem {
        #[specta(type = u32)]
        photo_id: i64,
        item: Option<String>,
    },
    RemovePhoto {
        #[specta(type = u32)]
        photo_id: i64,
    },
    /// What the officer says of a photo flagged as an earlier photo's picture re-used (printed
    /// under it); empty takes it back.
    ExplainPhotoReuse {
        #[specta(type = u32)]
        photo_id: i64,
        explanation: String,
    },
    /// Registers the borrower's site, once, when none is registered: typed, or a photo's place
    /// taken on a first visit (the screen fills the degrees from the photo).
    RegisterSite {
        latitude: String,
        longitude: String,
    },
}

/// The longest text one field of a visit takes, in characters (about six printed A4 pages of
/// Chinese): a longer one is refused whole rather than cut, and never reaches the report.
pub const MAX_FIELD_CHARS: usize = 10_000;

impl VisitEdit {
    /// Every text this edit carries (what the officer typed, and the codes it names).
    pub fn texts(&self) -> Vec<&str> {
        match self {
            VisitEdit::Answer { code, answer } => vec![code, answer],
            VisitEdit::AnswerNote { code, note } => vec![code, note],
            VisitEdit::InventoryText { text, .. }
            | VisitEdit::Figure { text, .. }
            | VisitEdit::Conclusion { text }
            | VisitEdit::Measures { text } => vec![text],
            VisitEdit::Interview { value, .. } => match value {
                InterviewValue::Role(t)
                | InterviewValue::OrdersOnHand(t)
                | InterviewValue::Notes(t) => {
                    vec![t]
                }
                _ => vec![],
            },
            VisitEdit::ConfirmRepeatedText { field } => vec![field],
            VisitEdit::AcceptSignal { code } | VisitEdit::UndismissSignal { code } => vec![code],
            VisitEdit::RaiseSignal { code, evidence } => vec![code, evidence],
            VisitEdit::DismissSignal { code, reason } => vec![code, reason],
            VisitEdit::PhotoCaption { caption, .. } => vec![caption],
            VisitEdit::ExplainPhotoReuse { explanation, .. } => vec![explanation],
            VisitEdit::RegisterSite {
                latitude,
                longitude,
            } => vec![latitude, longitude],
            VisitEdit::PhotoItem { item, .. } => item.iter().map(String::as_str).collect(),
            VisitEdit::Method { .. }
            | VisitEdit::VisitDate { .. }
            | VisitEdit::AddInventoryLine
            | VisitEdit::RemoveInventoryLine { .. }
            | VisitEdit::AddInterview
            | VisitEdit::RemoveInterview { .. }
            | VisitEdit::WithdrawSignal { .. }
            | VisitEdit::RemovePhoto { .. } => vec![],
        }
    }
}

/// What starting a visit needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct VisitStart {
    #[specta(type = u32)]
    pub guarantee_id: GuaranteeId,
    pub kind: VisitKind,
    pub method: VisitMethod,
    pub visit_date: NaiveDate,
    #[specta(type = u32)]
    pub officer_id: OfficerId,
    pub started_from: Option<TaskKind>,
}

/// An earlier version of a corrected visit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct VisitVersion {
    pub version: u32,
    pub completed_at: DateTime<FixedOffset>,
    pub reopened_at: DateTime<FixedOffset>,
    pub reason: String,
}
