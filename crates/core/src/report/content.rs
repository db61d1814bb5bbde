//! What a 保后检查表 says, gathered from the store into one canonical value. Its SHA-256 is the
//! report's content digest: printed in the QR code of every page, recorded when the report is
//! issued, and the same every time an unchanged visit is rendered (the generation time and the
//! page layout are not part of it).

use crate::draft::VisitDraft;
use crate::draft::review;
use crate::i18n::Locale;
use crate::sealed::{digest_of, qr_payload};
use crate::signals::SignalCatalog;
use crate::store::{Store, StoreResult};
use crate::visit::finance::Trend;
use crate::visit::{ChecklistSection, SignatureRole, VisitId, VisitKind, VisitStatus};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::Serialize;

const ZH: Locale = Locale::ZhCn;

/// Bumped when the canonical content changes shape, so digests of different shapes never meet.
pub const CONTENT_FORMAT: u32 = 2;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReportContent {
    pub format: u32,
    pub document_no: String,
    /// False for a draft: a visit not completed renders only as a marked draft.
    pub is_final: bool,
    pub company: String,
    pub title: String,
    /// 首次检查报告, 定期检查报告, 到期检查报告, 重点检查报告.
    pub variant: String,
    pub visit_id: VisitId,
    pub version: u32,
    /// Why this version corrects the one before it.
    pub correction_reason: Option<String>,
    pub header: Header,
    pub sections: Vec<Section>,
    pub inventory: Vec<InventoryRow>,
    pub interviews: Vec<InterviewRow>,
    pub previous_visit_date: Option<NaiveDate>,
    pub figures: Vec<FigureLine>,
    pub signals: Vec<SignalLine>,
    /// Signals the rules proposed that the officer judged not to apply, with the reason.
    pub dismissed: Vec<(String, String)>,
    pub conclusion: String,
    pub measures: String,
    /// The free text against the last report's (None without a last report).
    pub copied: Option<CopiedLine>,
    /// The borrower's registered site ("30.2741, 120.1551"), None when not registered.
    pub site: Option<String>,
    pub borrower_confirmation: Option<(String, DateTime<FixedOffset>)>,
    pub signatures: Vec<SignatureLine>,
    pub approvers: Vec<String>,
    pub photos: Vec<PhotoLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Header {
    pub contract_no: String,
    pub borrower: String,
    pub credit_code: Option<String>,
    pub bank: String,
    pub product: String,
    /// "5,000,000.00".
    pub amount_yuan: String,
    /// "500.00".
    pub amount_wan: String,
    pub start_date: NaiveDate,
    pub maturity_date: NaiveDate,
    /// "3 关注".
    pub tier: String,
    pub five_level_class: String,
    pub officer_a: String,
    pub officer_b: Option<String>,
    pub visit_officer: String,
    pub visit_date: NaiveDate,
    pub kind: String,
    pub method: String,
    pub policy_version: Option<String>,
    pub template_version: Option<String>,
    pub completed_at: Option<DateTime<FixedOffset>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    pub title: String,
    pub items: Vec<AnswerLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnswerLine {
    pub code: String,
    pub question: String,
    pub answer: String,
    pub note: String,
    /// An answer the template marks as a finding.
    pub abnormal: bool,
    /// The question is answered in words rather than by an option.
    pub in_words: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InventoryRow {
    pub goods: String,
    pub unit: String,
    pub book: String,
    pub counted: String,
    /// "−12.5%".
    pub vs_book: Option<String>,
    pub last_count: Option<String>,
    pub vs_last: Option<String>,
    pub minimum: Option<String>,
    pub over_threshold: bool,
    pub under_minimum: bool,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InterviewRow {
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FigureLine {
    pub metric: String,
    pub value: Option<String>,
    pub previous: Option<String>,
    /// "↑", "↓", "—", "新".
    pub change: String,
    /// "好转", "恶化" or empty.
    pub judgement: String,
    pub computed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SignalLine {
    pub code: String,
    pub title: String,
    pub severity: String,
    pub evidence: String,
    pub found_on: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SignatureLine {
    pub role: SignatureRole,
    pub signer: String,
    /// SHA-256 of the PNG as drawn.
    pub sha256: String,
    pub signed_at: DateTime<FixedOffset>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PhotoLine {
    #[serde(skip)]
    pub id: i64,
    pub file_name: String,
    /// SHA-256 of the original bytes.
    pub sha256: String,
    pub caption: String,
    pub checklist_item: Option<String>,
    pub taken_at: Option<NaiveDateTime>,
    pub latitude: Option<String>,
    pub longitude: Option<String>,
    /// Taken further from the visit day than the policy allows.
    pub far_from_visit: bool,
    /// Minutes the camera's time was ahead of the laptop's clock, beyond the policy.
    pub ahead_of_clock_minutes: Option<u32>,
    /// Metres from the registered site.
    pub metres_from_site: Option<u32>,
    pub far_from_site: bool,
    /// Set when the photo is an earlier photo's picture re-used (left out otherwise, so the
    /// content of a report without one is as before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reused: Option<ReusedPhoto>,
}

/// The report's free text against the last report's, for head office's reviewers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CopiedLine {
    pub previous_visit_date: NaiveDate,
    /// The part of all free text in sentences alike to the last report's: "87%".
    pub share: String,
    /// The policy's share from which a text is a near copy: "60%".
    pub threshold: String,
    pub near_copy: bool,
    /// The fields mostly the last report's again.
    pub fields: Vec<CopiedField>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CopiedField {
    /// "检查结论", "A02 答复".
    pub field: String,
    pub share: String,
    /// The officer confirmed it still holds.
    pub confirmed: bool,
}

/// The earlier photo a photo's picture is, and what the officer said of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReusedPhoto {
    pub earlier_visit_date: chrono::NaiveDate,
    pub earlier_contract_no: String,
    pub earlier_borrower: String,
    /// Bits apart, of 256.
    pub distance: u32,
    pub explanation: Option<String>,
}

impl ReportContent {
    /// SHA-256 of the canonical content (its JSON, fields in declaration order).
    pub fn digest(&self) -> String {
        digest_of(self)
    }

    /// What the QR code of every page carries.
    pub fn qr_payload(&self) -> String {
        qr_payload(&self.document_no, &self.digest())
    }
}

/// The title's variant by visit kind.
pub fn variant(kind: VisitKind) -> &'static str {
    match kind {
        VisitKind::First => "首次检查报告",
        VisitKind::Periodic => "定期检查报告",
        VisitKind::Maturity => "到期检查报告",
        VisitKind::Emergency => "重点检查报告",
    }
}

/// A decimal as printed: no trailing zeros, grouped thousands.
pub fn number(d: Decimal) -> String {
    let d = d.normalize();
    let text = d.abs().to_string();
    let (int_part, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_owned(), Some(f.to_owned())),
        None => (text.clone(), None),
    };
    let mut grouped = String::new();
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if d.is_sign_negative() && !d.is_zero() {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A signed fraction as a percentage with one decimal: "+12.5%", "−3.0%".
pub fn percent(fraction: Decimal) -> String {
    let p = (fraction * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let sign = if p.is_sign_positive() && !p.is_zero() {
        "+"
    } else if p.is_zero() {
        ""
    } else {
        "−"
    };
    format!("{sign}{:.1}%", p.abs())
}

/// Gathers a visit's report from the store. The thresholds, the company's name and the approvers
/// come from the policy the visit was planned under, so a later policy does not rewrite an
/// issued report.
pub fn gather(store: &Store, catalog: &SignalCatalog, id: VisitId) -> StoreResult<ReportContent> {
    let draft = store.visit_draft(id)?;
    let policy = store.policy_for_visit(draft.policy_version.as_deref())?;
    let guarantee = store.guarantee(draft.guarantee_id)?;
    let borrower = store.borrower(guarantee.borrower_id)?;
    let officers = store.officers()?;
    let name_of = |id: i64| {
        officers
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.name.clone())
            .unwrap_or_else(|| format!("#{id}"))
    };
    let document = policy.document();
    let is_final = draft.status == VisitStatus::Completed;
    let review = review::review(&draft, &policy, catalog);
    // A report issued keeps its number (one issued before laptop codes has none); a report not
    // yet issued is numbered with the laptop's code in use.
    let document_no = match store.issued_report(id, draft.version)? {
        Some(issued) => issued.document_no,
        None => crate::numbering::report(
            &document.number_prefix,
            &store.laptop_code()?,
            draft.visit_date,
            id,
            draft.version,
        ),
    };
    Ok(ReportContent {
        format: CONTENT_FORMAT,
        document_no,
        is_final,
        company: document.company.clone(),
        title: "担保业务保后检查表".to_owned(),
        variant: variant(draft.kind).to_owned(),
        visit_id: id,
        version: draft.version,
        correction_reason: draft
            .correction_reason
            .clone()
            .filter(|_| draft.version > 1),
        header: Header {
            contract_no: guarantee.contract_no.clone(),
            borrower: borrower.name.clone(),
            credit_code: borrower.credit_code.clone(),
            bank: guarantee.lending_bank.clone(),
            product: guarantee.product.label(ZH).to_owned(),
            amount_yuan: guarantee.amount.grouped(),
            amount_wan: guarantee.amount.wan_display(),
            start_date: guarantee.start_date,
            maturity_date: guarantee.maturity_date,
            tier: format!(
                "{} {}",
                guarantee.risk_tier.get(),
                policy.tier_label(guarantee.risk_tier, ZH)
            ),
            five_level_class: guarantee.five_level_class.label(ZH).to_owned(),
            officer_a: name_of(guarantee.officer_a_id),
            officer_b: guarantee.officer_b_id.map(name_of),
            visit_officer: draft.officer.clone(),
            visit_date: draft.visit_date,
            kind: draft.kind.label(ZH).to_owned(),
            method: draft.method.label(ZH).to_owned(),
            policy_version: draft.policy_version.clone(),
            template_version: draft.template_version.clone(),
            completed_at: draft.completed_at,
        },
        sections: sections(&draft),
        inventory: inventory(&draft, &review),
        interviews: interviews(&draft),
        previous_visit_date: draft.previous.as_ref().map(|p| p.visit_date),
        figures: figures(&review),
        signals: signals(&draft),
        dismissed: draft
            .dismissals
            .iter()
            .map(|d| (d.code.clone(), d.reason.trim().to_owned()))
            .collect(),
        conclusion: draft.conclusion.trim().to_owned(),
        measures: draft.measures.trim().to_owned(),
        copied: copied(&review),
        site: draft
            .site
            .map(|p| format!("{}, {}", p.latitude.normalize(), p.longitude.normalize())),
        borrower_confirmation: draft
            .borrower_confirmation
            .as_ref()
            .map(|c| (c.by.clone(), c.at)),
        signatures: draft
            .signatures
            .iter()
            .map(|s| SignatureLine {
                role: s.role,
                signer: s.signer.clone(),
                sha256: s.sha256.clone(),
                signed_at: s.signed_at,
            })
            .collect(),
        approvers: document.approvers,
        photos: photos(&draft, &review),
    })
}

/// The checklist's answers by section, sections without items left out.
fn sections(draft: &VisitDraft) -> Vec<Section> {
    ChecklistSection::ALL
        .iter()
        .filter_map(|section| {
            let items: Vec<AnswerLine> = draft
                .answers
                .iter()
                .filter(|a| a.item.section == *section)
                .map(|a| AnswerLine {
                    code: a.item.code.clone(),
                    question: a.item.question.clone(),
                    answer: a.answer.trim().to_owned(),
                    note: a.note.trim().to_owned(),
                    abnormal: a.item.abnormal.iter().any(|x| x == a.answer.trim()),
                    in_words: a.item.answer == crate::checklist::AnswerKind::Text,
                })
                .collect();
            (!items.is_empty()).then(|| Section {
                title: section.label(ZH).to_owned(),
                items,
            })
        })
        .collect()
}

/// The stock count with the review's variances and flags; numbers as forms print them.
fn inventory(draft: &VisitDraft, review: &review::VisitReview) -> Vec<InventoryRow> {
    let num = |t: &str| {
        review::parse_number(t)
            .ok()
            .flatten()
            .map(number)
            .unwrap_or_else(|| t.trim().to_owned())
    };
    let opt_num = |t: &str| Some(num(t)).filter(|s| !s.is_empty());
    draft
        .inventory
        .iter()
        .map(|line| {
            let check = review.inventory.iter().find(|c| c.line_id == line.id);
            InventoryRow {
                goods: line.goods_name.trim().to_owned(),
                unit: line.unit.trim().to_owned(),
                book: num(&line.book_quantity),
                counted: num(&line.counted_quantity),
                vs_book: check.and_then(|c| c.variance_vs_book).map(percent),
                last_count: opt_num(&line.last_count_quantity),
                vs_last: check.and_then(|c| c.variance_vs_last).map(percent),
                minimum: opt_num(&line.pledged_minimum),
                over_threshold: check.is_some_and(|c| c.over_threshold),
                under_minimum: check.is_some_and(|c| c.under_minimum),
                note: line.note.trim().to_owned(),
            }
        })
        .collect()
}

fn interviews(draft: &VisitDraft) -> Vec<InterviewRow> {
    draft
        .interviews
        .iter()
        .map(|i| InterviewRow {
            role: i.role.trim().to_owned(),
            years_at_firm: i.years_at_firm,
            wages_paid_on_time: i.wages_paid_on_time,
            months_in_arrears: i.months_in_arrears,
            shifts_per_day: i.shifts_per_day,
            orders_on_hand: i.orders_on_hand.trim().to_owned(),
            layoffs_seen: i.layoffs_seen,
            equipment_moved_out: i.equipment_moved_out,
            notes: i.notes.trim().to_owned(),
        })
        .collect()
}

/// The statement lines entered now or last time, against the last visit.
fn figures(review: &review::VisitReview) -> Vec<FigureLine> {
    review
        .figures
        .iter()
        .filter(|r| r.value.is_some() || r.previous.is_some())
        .map(|r| FigureLine {
            metric: r.metric.label(ZH).to_owned(),
            value: r.value.map(number),
            previous: r.previous.map(number),
            change: match (r.trend, r.relative, r.difference) {
                (Trend::Same, ..) => "—".to_owned(),
                (Trend::New, ..) => "新".to_owned(),
                (_, Some(rel), _) => percent(rel),
                (_, None, Some(diff)) => {
                    let points = number(diff.abs().round_dp(2));
                    if diff.is_sign_negative() {
                        format!("−{points} 个百分点")
                    } else {
                        format!("+{points} 个百分点")
                    }
                }
                (Trend::Up, ..) => "↑".to_owned(),
                (Trend::Down, ..) => "↓".to_owned(),
            },
            judgement: match r.better {
                Some(true) => "好转",
                Some(false) => "恶化",
                None => "",
            }
            .to_owned(),
            computed: r.computed,
        })
        .collect()
}

fn signals(draft: &VisitDraft) -> Vec<SignalLine> {
    draft
        .signals
        .iter()
        .map(|s| SignalLine {
            code: s.code.clone(),
            title: s.title.clone(),
            severity: s.severity.label(ZH).to_owned(),
            evidence: s.evidence.trim().to_owned(),
            found_on: s.found_on,
        })
        .collect()
}

/// A share as a whole percentage: "87%".
fn whole_percent(share: Decimal) -> String {
    format!(
        "{}%",
        (share * Decimal::ONE_HUNDRED)
            .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::ToZero)
            .normalize()
    )
}

/// A free-text field's name on the form: "检查结论", "A02 答复", "A01 说明".
fn field_label(field: &str) -> String {
    match field.split_once(':') {
        Some(("answer", code)) => format!("{code} 答复"),
        Some(("note", code)) => format!("{code} 说明"),
        _ if field == "conclusion" => "检查结论".to_owned(),
        _ if field == "measures" => "风险防范措施及建议".to_owned(),
        _ => field.to_owned(),
    }
}

fn copied(review: &review::VisitReview) -> Option<CopiedLine> {
    let c = review.copied.as_ref()?;
    Some(CopiedLine {
        previous_visit_date: c.previous_visit_date,
        share: whole_percent(c.share),
        threshold: whole_percent(c.threshold),
        near_copy: c.near_copy,
        fields: review
            .repeated
            .iter()
            .map(|r| CopiedField {
                field: field_label(&r.field),
                share: whole_percent(r.share),
                confirmed: r.confirmed,
            })
            .collect(),
    })
}

fn photos(draft: &VisitDraft, review: &review::VisitReview) -> Vec<PhotoLine> {
    draft
        .photos
        .iter()
        .map(|p| (p, review.photos.iter().find(|c| c.photo_id == p.id)))
        .map(|(p, check)| PhotoLine {
            id: p.id,
            file_name: p.file_name.clone(),
            sha256: p.sha256.clone(),
            caption: p.caption.clone().unwrap_or_default().trim().to_owned(),
            checklist_item: p.checklist_item.clone(),
            taken_at: p.taken_at,
            latitude: p.latitude.map(|d| d.normalize().to_string()),
            longitude: p.longitude.map(|d| d.normalize().to_string()),
            far_from_visit: check.is_some_and(|c| c.far_from_visit),
            ahead_of_clock_minutes: check.and_then(|c| c.ahead_of_clock_minutes),
            metres_from_site: check.and_then(|c| c.metres_from_site),
            far_from_site: check.is_some_and(|c| c.far_from_site),
            reused: p.reused.as_ref().map(|r| ReusedPhoto {
                earlier_visit_date: r.earlier_visit_date,
                earlier_contract_no: r.earlier_contract_no.clone(),
                earlier_borrower: r.earlier_borrower.clone(),
                distance: r.distance,
                explanation: r.explanation.clone(),
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn numbers_print_as_forms_print_them() {
        assert_eq!(number(dec!(1422.500)), "1,422.5");
        assert_eq!(number(dec!(1000000)), "1,000,000");
        assert_eq!(number(dec!(-0.25)), "-0.25");
        assert_eq!(number(dec!(0)), "0");
        assert_eq!(percent(dec!(0.125)), "+12.5%");
        assert_eq!(percent(dec!(-0.3333)), "−33.3%");
        assert_eq!(percent(dec!(0)), "0.0%");
    }
}
