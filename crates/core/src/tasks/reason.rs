//! Why a task is owed: the fact it runs from and the rule's period, worded in the officer's
//! language only when shown (the engine computes tens of thousands of tasks; few are read).

use super::TaskKind;
use crate::calendar::{Period, quarter_label};
use crate::i18n::Locale;
use crate::portfolio::{Product, RiskTier};
use crate::signals::Severity;
use crate::visit::VisitKind;
use chrono::NaiveDate;

/// Why a task is owed, as data; [`Reason::text`] words it in a locale at the edge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    FirstCheck {
        start: NaiveDate,
        within: Period,
    },
    Periodic {
        tier: RiskTier,
        every: Period,
        by_rule: bool,
        last_on_site: Option<NaiveDate>,
        start: NaiveDate,
        written_suggestion: bool,
    },
    MaturityCheck {
        maturity: NaiveDate,
        before: Period,
        product: Product,
    },
    MaturityNotice {
        maturity: NaiveDate,
        before: Period,
    },
    EmergencyCheck {
        found: NaiveDate,
        code: String,
        title: String,
        severity: Severity,
        within: Period,
    },
    SignalReport {
        found: NaiveDate,
        code: String,
        severity: Severity,
        within: Period,
    },
    Report {
        visit_date: NaiveDate,
        visit_kind: VisitKind,
        within: Period,
        urgent: bool,
    },
    StockCheck {
        every: Period,
        last: Option<NaiveDate>,
    },
    TierReview {
        /// Any day of the quarter reviewed.
        quarter: NaiveDate,
        tier: RiskTier,
    },
    VisitPlan {
        /// Any day of the quarter planned.
        quarter: NaiveDate,
        day: u32,
    },
    AfterCompensation {
        kind: TaskKind,
        paid: NaiveDate,
        within: Period,
    },
    /// A follow-up kept by hand: its title and the reason given.
    Manual {
        title: String,
        reason: String,
    },
}

/// "2 个工作日内", or "当日" for a zero period.
fn within(p: Period, l: Locale) -> String {
    match p {
        Period::Days(0) | Period::WorkingDays(0) => l.pick("当日", "當日", "the same day").into(),
        _ => match l {
            Locale::ZhCn => format!("{}内", p.describe(l)),
            Locale::ZhTw => format!("{}內", p.describe(l)),
            Locale::En => format!("within {}", p.describe(l)),
        },
    }
}

impl Reason {
    pub fn text(&self, l: Locale) -> String {
        let pick3 = |zh: String, tw: String, en: String| match l {
            Locale::ZhCn => zh,
            Locale::ZhTw => tw,
            Locale::En => en,
        };
        match self {
            Reason::FirstCheck { start, within: w } => pick3(
                format!(
                    "担保起始日 {start} 起{}完成首次检查（含资金用途）",
                    within(*w, l)
                ),
                format!(
                    "擔保起始日 {start} 起{}完成首次檢查（含資金用途）",
                    within(*w, l)
                ),
                format!(
                    "first check (incl. use of funds) {} of the start on {start}",
                    within(*w, l)
                ),
            ),
            Reason::Periodic {
                tier,
                every,
                by_rule,
                last_on_site,
                start,
                written_suggestion,
            } => {
                let p = every.describe(l);
                let basis = match (by_rule, l) {
                    (true, Locale::En) => "company rule".to_owned(),
                    (true, _) => l.pick("制度规则", "制度規則", "").to_owned(),
                    (false, _) => tier.label(l).to_owned(),
                };
                let from = match (last_on_site, l) {
                    (Some(d), Locale::ZhCn) => format!("上次实地检查 {d}"),
                    (Some(d), Locale::ZhTw) => format!("上次實地檢查 {d}"),
                    (Some(d), Locale::En) => format!("last on-site visit {d}"),
                    (None, Locale::ZhCn) => format!("尚无实地检查，自担保起始日 {start} 起算"),
                    (None, Locale::ZhTw) => format!("尚無實地檢查，自擔保起始日 {start} 起算"),
                    (None, Locale::En) => {
                        format!("no on-site visit yet, counted from the start on {start}")
                    }
                };
                let suggestion = if *written_suggestion {
                    l.pick(
                        "；每次检查后须提出书面意见",
                        "；每次檢查後須提出書面意見",
                        "; a written suggestion after each visit",
                    )
                } else {
                    ""
                };
                pick3(
                    format!("{basis}：每 {p} 实地检查一次；{from}{suggestion}"),
                    format!("{basis}：每 {p} 實地檢查一次；{from}{suggestion}"),
                    format!("{basis}: on-site every {p}; {from}{suggestion}"),
                )
            }
            Reason::MaturityCheck {
                maturity,
                before,
                product,
            } => {
                let p = before.describe(l);
                let product = product.label(l);
                pick3(
                    format!("到期日 {maturity} 前 {p} 检查还款能力（{product}）"),
                    format!("到期日 {maturity} 前 {p} 檢查還款能力（{product}）"),
                    format!(
                        "repayment-capacity check {p} before maturity on {maturity} ({product})"
                    ),
                )
            }
            Reason::MaturityNotice { maturity, before } => {
                let p = before.describe(l);
                pick3(
                    format!("到期日 {maturity} 前 {p} 向借款人发出担保到期通知书"),
                    format!("到期日 {maturity} 前 {p} 向借款人發出擔保到期通知書"),
                    format!("send the maturity notice {p} before maturity on {maturity}"),
                )
            }
            Reason::EmergencyCheck {
                found,
                code,
                title,
                severity,
                within: w,
            } => {
                let sev = severity.label(l);
                pick3(
                    format!(
                        "{found} 发现{sev}预警 {code}「{title}」，{}进行重点检查",
                        within(*w, l)
                    ),
                    format!(
                        "{found} 發現{sev}預警 {code}「{title}」，{}進行重點檢查",
                        within(*w, l)
                    ),
                    format!(
                        "{sev} signal {code} \"{title}\" found on {found}: emergency check {}",
                        within(*w, l)
                    ),
                )
            }
            Reason::SignalReport {
                found,
                code,
                severity,
                within: w,
            } => {
                let sev = severity.label(l);
                pick3(
                    format!(
                        "{found} 发现{sev}预警 {code}，{}向部门负责人口头报告，2 日内书面报告",
                        within(*w, l)
                    ),
                    format!(
                        "{found} 發現{sev}預警 {code}，{}向部門負責人口頭報告，2 日內書面報告",
                        within(*w, l)
                    ),
                    format!(
                        "{sev} signal {code} found on {found}: tell the department head {}",
                        within(*w, l)
                    ),
                )
            }
            Reason::Report {
                visit_date,
                visit_kind,
                within: w,
                urgent,
            } => {
                let kind = visit_kind.label(l);
                let urgent = if *urgent {
                    l.pick(
                        "（发现较大以上风险，从紧）",
                        "（發現較大以上風險，從緊）",
                        " (urgent risk found)",
                    )
                } else {
                    ""
                };
                pick3(
                    format!(
                        "{visit_date} {kind}后{}完成并签署保后检查表{urgent}",
                        within(*w, l)
                    ),
                    format!(
                        "{visit_date} {kind}後{}完成並簽署保後檢查表{urgent}",
                        within(*w, l)
                    ),
                    format!(
                        "write and sign the report of the {kind} on {visit_date} {}{urgent}",
                        within(*w, l)
                    ),
                )
            }
            Reason::StockCheck { every, last } => {
                let p = every.describe(l);
                let last = match (last, l) {
                    (Some(d), Locale::En) => format!("last report {d}"),
                    (Some(d), _) => format!("{}{d}", l.pick("上次报告 ", "上次報告 ", "")),
                    (None, _) => l
                        .pick("尚无库存报告", "尚無庫存報告", "no stock report yet")
                        .to_owned(),
                };
                pick3(
                    format!("质押存货每 {p} 核对库存量（可由仓库监管员报告）；{last}"),
                    format!("質押存貨每 {p} 核對庫存量（可由倉庫監管員報告）；{last}"),
                    format!(
                        "pledged goods: stock checked every {p} (a warehouse report will do); {last}"
                    ),
                )
            }
            Reason::TierReview { quarter, tier } => {
                let quarter = quarter_label(*quarter);
                let t = tier.label(l);
                pick3(
                    format!("{quarter} 季末复核风险等级（现为{t}）与五级分类"),
                    format!("{quarter} 季末複核風險等級（現為{t}）與五級分類"),
                    format!(
                        "{quarter} quarter-end review of the risk tier (now {t}) and five-level class"
                    ),
                )
            }
            Reason::VisitPlan { quarter, day } => {
                let quarter = quarter_label(*quarter);
                pick3(
                    format!("{quarter} 回访计划表，季度首月 {day} 日前报送"),
                    format!("{quarter} 回訪計劃表，季度首月 {day} 日前報送"),
                    format!("{quarter} visit plan, due by day {day} of the quarter's first month"),
                )
            }
            Reason::AfterCompensation {
                kind,
                paid,
                within: w,
            } => {
                let what = kind.label(l);
                pick3(
                    format!("{paid} 代偿后{}：{what}", within(*w, l)),
                    format!("{paid} 代償後{}：{what}", within(*w, l)),
                    format!(
                        "{what} {} of the compensation paid on {paid}",
                        within(*w, l)
                    ),
                )
            }
            Reason::Manual { title, reason } => match l {
                Locale::En => format!("{title} ({reason})"),
                _ => format!("{title}（{reason}）"),
            },
        }
    }
}
