//! The quarterly analysis report (季度保后分析报告): seed 000 "每季…对被担保企业的生产经营、财务状况
//! …写出全面的分析报告…送交贷款人一份", and 000 "每季度前…提交上一季度的《保后检查表》". For a guarantee
//! and a quarter it gathers what the laptop holds of that quarter (the visits and their reports,
//! the signals raised and lifted, the financial figures against the quarter before, the stock
//! counts, the overdue, the tier and class changes), with the officer's analysis and suggestion,
//! and issues it numbered, digested and sealed like the other documents: once per guarantee and
//! quarter, queued for head office, printable for the lending bank.

mod pdf;
mod store;

use crate::calendar::{quarter_end, quarter_label, quarter_start};
use crate::i18n::Locale;
use crate::money::Money;
use crate::portfolio::{GuaranteeId, GuaranteeStatus};
use crate::store::{Store, StoreError};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What the officer writes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct QuarterlyInput {
    /// Any day of the quarter (`2026-09-30` for 2026Q3).
    pub quarter: NaiveDate,
    /// 全面的分析: operations, finances, the counter-guarantees, the risk.
    pub analysis: String,
    /// 意见与建议: what the company should do next quarter.
    pub suggestion: String,
}

/// A visit of the quarter as the report lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct QuarterVisit {
    pub date: NaiveDate,
    pub kind: String,
    pub method: String,
    pub officer: String,
    /// The 保后检查表's number, when one was issued.
    pub document_no: Option<String>,
    pub conclusion: String,
}

/// A signal raised or lifted in the quarter, or still open at its end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct QuarterSignal {
    pub code: String,
    pub title: String,
    pub severity: String,
    pub found_on: NaiveDate,
    pub resolved_on: Option<NaiveDate>,
}

/// A financial figure: the quarter's latest against the quarter before's latest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct QuarterFigure {
    pub metric: String,
    pub this_quarter: Decimal,
    pub before: Option<Decimal>,
}

/// A stock count of pledged goods in the quarter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct QuarterCount {
    pub date: NaiveDate,
    pub goods: String,
    pub counted: Decimal,
    pub minimum: Option<Decimal>,
    pub unit: String,
}

/// The report as issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct QuarterlyContent {
    pub format: u32,
    pub document_no: String,
    pub company: String,
    /// `2026Q3`.
    pub quarter: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub issued_on: NaiveDate,
    pub borrower: String,
    pub contract_no: String,
    pub lending_bank: String,
    pub product: String,
    pub amount: Money,
    pub start: NaiveDate,
    pub maturity: NaiveDate,
    pub tier: String,
    pub class: String,
    pub officer: String,
    pub visits: Vec<QuarterVisit>,
    pub signals: Vec<QuarterSignal>,
    pub figures: Vec<QuarterFigure>,
    pub counts: Vec<QuarterCount>,
    /// The tier and class changes of the quarter, in words.
    pub changes: Vec<String>,
    /// The overdue at the quarter's end, in words, if any.
    pub overdue: Option<String>,
    pub analysis: String,
    pub suggestion: String,
    pub approvers: Vec<String>,
}

pub const QUARTERLY_FORMAT: u32 = 1;

impl crate::sealed::SealedContent for QuarterlyContent {
    fn document_no(&self) -> &str {
        &self.document_no
    }
}

/// A quarterly report as the store keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct QuarterlyReport {
    #[specta(type = u32)]
    pub guarantee_id: GuaranteeId,
    pub quarter: String,
    pub document_no: String,
    pub issued_on: NaiveDate,
    pub content_sha256: String,
}

/// Why a quarterly report cannot be issued.
#[derive(Debug, thiserror::Error)]
pub enum QuarterlyError {
    #[error("the quarter {quarter} ends on {end}, after today ({today})")]
    NotEnded {
        quarter: String,
        end: NaiveDate,
        today: NaiveDate,
    },
    #[error("the guarantee began on {start}, after the quarter {quarter}")]
    NotYetGuaranteed { quarter: String, start: NaiveDate },
    #[error("the report of {quarter} was issued already: {document_no}")]
    AlreadyIssued {
        quarter: String,
        document_no: String,
    },
    #[error("the report needs the officer's analysis and suggestion")]
    NoAnalysis,
    #[error("the guarantee was released")]
    Released,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for QuarterlyError {
    fn from(e: rusqlite::Error) -> Self {
        QuarterlyError::Store(e.into())
    }
}

impl QuarterlyError {
    pub fn code(&self) -> crate::code::Code {
        use crate::code::Code;
        match self {
            QuarterlyError::NotEnded { .. } => Code::QuarterNotEnded,
            QuarterlyError::NotYetGuaranteed { .. } => Code::QuarterNotGuaranteed,
            QuarterlyError::AlreadyIssued { .. } => Code::QuarterlyIssued,
            QuarterlyError::NoAnalysis => Code::QuarterlyNoAnalysis,
            QuarterlyError::Released => Code::CollectionClosed,
            QuarterlyError::Store(e) => e.code(),
        }
    }
}

pub fn quarterly_message(e: &QuarterlyError, l: Locale) -> String {
    use QuarterlyError as E;
    if l == Locale::En && !matches!(e, E::Store(_)) {
        return e.to_string();
    }
    let t = |cn: String, tw: String| if l == Locale::ZhTw { tw } else { cn };
    match e {
        E::Store(e) => crate::store::messages::store_message(e, l),
        E::NotEnded {
            quarter,
            end,
            today,
        } => t(
            format!("{quarter} 到 {end} 才结束（今天 {today}）：季度分析报告在季度结束后出具。"),
            format!("{quarter} 到 {end} 才結束（今天 {today}）：季度分析報告在季度結束後出具。"),
        ),
        E::NotYetGuaranteed { quarter, start } => t(
            format!("担保自 {start} 起，{quarter} 尚未在保。"),
            format!("擔保自 {start} 起，{quarter} 尚未在保。"),
        ),
        E::AlreadyIssued {
            quarter,
            document_no,
        } => t(
            format!("{quarter} 的季度分析报告已出具：{document_no}。"),
            format!("{quarter} 的季度分析報告已出具：{document_no}。"),
        ),
        E::NoAnalysis => t(
            "请写明全面的分析和意见建议。".into(),
            "請寫明全面的分析和意見建議。".into(),
        ),
        E::Released => t("这笔担保已解保。".into(), "這筆擔保已解保。".into()),
    }
}

/// A report issued: as recorded, its content, its PDF and pages.
pub struct IssuedQuarterly {
    pub report: QuarterlyReport,
    pub content: QuarterlyContent,
    pub pdf: Vec<u8>,
    pub pages: usize,
}

/// Gathers the quarter of `input` for the guarantee, checks it, and issues the report.
pub fn issue(
    store: &mut Store,
    id: GuaranteeId,
    input: &QuarterlyInput,
    now: DateTime<FixedOffset>,
) -> Result<IssuedQuarterly, QuarterlyError> {
    let content = gather(store, id, input, now.date_naive())?;
    let (pdf, pages) = pdf::render(&content, now);
    let report = store.record_quarterly(id, &content, &pdf, now)?;
    Ok(IssuedQuarterly {
        report,
        content,
        pdf,
        pages,
    })
}

/// The report's content: the quarter's facts as the laptop holds them, and the officer's words.
pub fn gather(
    store: &Store,
    id: GuaranteeId,
    input: &QuarterlyInput,
    today: NaiveDate,
) -> Result<QuarterlyContent, QuarterlyError> {
    let l = Locale::ZhCn;
    let (from, to) = (quarter_start(input.quarter), quarter_end(input.quarter));
    let quarter = quarter_label(input.quarter);
    if to >= today {
        return Err(QuarterlyError::NotEnded {
            quarter,
            end: to,
            today,
        });
    }
    let (analysis, suggestion) = (input.analysis.trim(), input.suggestion.trim());
    crate::store::check_texts(&[analysis, suggestion])?;
    if analysis.is_empty() || suggestion.is_empty() {
        return Err(QuarterlyError::NoAnalysis);
    }
    let g = store.guarantee(id)?;
    if g.status == GuaranteeStatus::Released {
        return Err(QuarterlyError::Released);
    }
    if g.start_date > to {
        return Err(QuarterlyError::NotYetGuaranteed {
            quarter,
            start: g.start_date,
        });
    }
    if let Some(done) = store.quarterly_of(id, &quarter)? {
        return Err(QuarterlyError::AlreadyIssued {
            quarter,
            document_no: done.document_no,
        });
    }
    let in_quarter = |d: NaiveDate| from <= d && d <= to;
    let numbers: std::collections::HashMap<i64, String> = store
        .issued_reports()?
        .into_iter()
        .rev()
        .map(|r| (r.visit_id, r.document_no))
        .collect();
    let summaries = store.visit_summaries(id)?;
    let mut visits = Vec::new();
    let mut this_figures: Vec<(crate::visit::FinancialMetric, Decimal)> = Vec::new();
    let mut before_figures: Vec<(crate::visit::FinancialMetric, Decimal)> = Vec::new();
    let mut counts = Vec::new();
    let mut sorted: Vec<_> = summaries
        .iter()
        .filter(|v| v.status == crate::visit::VisitStatus::Completed && v.visit_date <= to)
        .collect();
    sorted.sort_by_key(|v| (v.visit_date, v.id));
    for v in sorted {
        let draft = store.visit_draft(v.id)?;
        let target = if in_quarter(v.visit_date) {
            &mut this_figures
        } else {
            &mut before_figures
        };
        for f in &draft.financials {
            // The draft keeps figures as typed; a completed visit's parse.
            let Ok(value) = f.value.trim().parse::<Decimal>() else {
                continue;
            };
            target.retain(|(m, _)| *m != f.metric);
            target.push((f.metric, value));
        }
        if !in_quarter(v.visit_date) {
            continue;
        }
        for line in &draft.inventory {
            let Ok(counted) = line.counted_quantity.trim().parse::<Decimal>() else {
                continue;
            };
            counts.push(QuarterCount {
                date: v.visit_date,
                goods: line.goods_name.clone(),
                counted,
                minimum: line.pledged_minimum.trim().parse().ok(),
                unit: line.unit.clone(),
            });
        }
        visits.push(QuarterVisit {
            date: v.visit_date,
            kind: v.kind.label(l).to_owned(),
            method: v.method.label(l).to_owned(),
            officer: v.officer.clone(),
            document_no: numbers.get(&v.id).cloned(),
            conclusion: v.conclusion.clone().unwrap_or_default(),
        });
    }
    let figures = this_figures
        .iter()
        .map(|(m, value)| QuarterFigure {
            metric: m.label(l).to_owned(),
            this_quarter: *value,
            before: before_figures.iter().find(|(b, _)| b == m).map(|(_, v)| *v),
        })
        .collect();
    let mut signals: Vec<QuarterSignal> = store
        .signals_of(id)?
        .into_iter()
        .filter(|s| {
            s.found_on <= to && (in_quarter(s.found_on) || s.resolved_on.is_none_or(|r| r >= from))
        })
        .map(|s| QuarterSignal {
            code: s.code,
            title: s.title,
            severity: s.severity.label(l).to_owned(),
            found_on: s.found_on,
            resolved_on: s.resolved_on.filter(|r| *r <= to),
        })
        .collect();
    signals.sort_by_key(|s| (s.found_on, s.code.clone()));
    let changes = store
        .classification_changes(id)?
        .into_iter()
        .filter(|c| in_quarter(c.changed_on))
        .map(|c| {
            format!(
                "{} {} {} → {}：{}",
                c.changed_on,
                if c.field == "risk_tier" {
                    "风险分类"
                } else {
                    "五级分类"
                },
                c.old_value,
                c.new_value,
                c.reason
            )
        })
        .collect();
    let policy = store.policy_in_force()?;
    let file = store.collection_file(id, to, &policy)?;
    let overdue = file
        .overdue
        .filter(|o| o.due_on <= to && o.cleared_on.is_none_or(|c| c > to))
        .map(|o| {
            format!(
                "{} 起逾期，至季末 {} 天，本息 {} 元",
                o.due_on,
                o.days(to),
                crate::collection::sum([o.principal, o.interest]).grouped()
            )
        });
    let document = policy.document();
    let officer = store.officer(g.officer_a_id)?.name;
    let sequence = 1;
    let document_no = crate::numbering::quarterly(
        &document.number_prefix,
        &store.laptop_code()?,
        to,
        id,
        sequence,
    );
    Ok(QuarterlyContent {
        format: QUARTERLY_FORMAT,
        document_no,
        company: document.company,
        quarter,
        from,
        to,
        issued_on: today,
        borrower: store.borrower(g.borrower_id)?.name,
        contract_no: g.contract_no,
        lending_bank: g.lending_bank,
        product: g.product.label(l).to_owned(),
        amount: g.amount,
        start: g.start_date,
        maturity: g.maturity_date,
        tier: format!(
            "{} {}",
            g.risk_tier.get(),
            policy.tier_label(g.risk_tier, l)
        ),
        class: g.five_level_class.label(l).to_owned(),
        officer,
        visits,
        signals,
        figures,
        counts,
        changes,
        overdue,
        analysis: analysis.to_owned(),
        suggestion: suggestion.to_owned(),
        approvers: document.approvers,
    })
}
