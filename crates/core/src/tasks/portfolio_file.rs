//! A self-contained portfolio as JSON, for `baohou due --portfolio FILE.json`: the guarantees,
//! their visits and signals, without a database. Every field is checked; a bad one is rejected
//! with the guarantee's contract number and the field's name, and nothing partial is answered.
//!
//! ```json
//! {"guarantees": [{
//!   "contract_no": "WT-2026-018", "borrower": "常州恒力机械有限公司",
//!   "product": "流动资金贷款", "amount": "500万", "start": "2026-03-02",
//!   "maturity": "2027-03-01", "tier": 3, "status": "在保",
//!   "officer": "王建国", "credit_rating": "A", "compensated_on": null,
//!   "visits": [{"date": "2026-10-12", "kind": "periodic", "on_site": true,
//!               "draft": false, "reported": "2026-10-13",
//!               "inventory": [...], "interviews": [...], "financials": {...}}],
//!   "signals": [{"code": "W34", "found": "2026-11-02", "resolved": null}],
//!   "pledged_stock": {"goods": "瓦楞原纸", "unit": "吨", "minimum": "520",
//!                     "reports": [{"date": "2026-11-22", "quantity": "610"}]},
//!   "completed": [{"kind": "maturity_notice", "anchor": "maturity", "date": "2026-11-20"}]
//! }]}
//! ```

use crate::i18n::Locale;
use crate::money::Money;
use crate::policy::Policy;
use crate::portfolio::{GuaranteeStatus, Product, RiskTier};
use crate::signals::SignalCatalog;
use crate::signals::detect::{self, Observations};
use crate::tasks::TaskKind;
use crate::tasks::engine::{
    Completion, GuaranteeFacts, SignalFact, StockFacts, VisitFact, VisitHistory, anchor,
};
use crate::visit::{FinancialFigure, FinancialMetric, InventoryLine, VisitKind, WorkerInterview};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashSet;

/// Why a portfolio file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortfolioFileError {
    #[error("not valid JSON at line {line}, column {column}: {detail}")]
    Syntax {
        line: usize,
        column: usize,
        detail: String,
    },
    #[error("the file must be an object with a \"guarantees\" list")]
    Shape,
    #[error("guarantee {contract_no} (no. {index}), field `{field}`: {problem}")]
    Field {
        /// 1-based position in the list.
        index: usize,
        /// The contract number, or "?" when that is what is missing.
        contract_no: String,
        field: String,
        problem: FieldProblem,
    },
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldProblem {
    #[error("missing")]
    Missing,
    #[error("`{0}` is not a date (YYYY-MM-DD)")]
    BadDate(String),
    #[error("`{0}` is not an amount of money")]
    BadAmount(String),
    #[error("the amount must be positive, not {0}")]
    NotPositive(String),
    #[error(
        "`{0}` is not a product (流动资金贷款, 银行承兑汇票, 贸易融资, 信用证, 固定资产/项目贷款, 消费类贷款)"
    )]
    UnknownProduct(String),
    #[error("`{0}` is not a status (在保, 已解保, 已代偿, 追偿中)")]
    UnknownStatus(String),
    #[error("`{0}` is not a visit kind (first, periodic, maturity, emergency)")]
    UnknownVisitKind(String),
    #[error("`{0}` is not a task kind")]
    UnknownTaskKind(String),
    #[error("`{0}` is not a risk tier (1 to 4)")]
    BadTier(String),
    #[error("`{0}` is not a code of the signal catalogue")]
    UnknownSignal(String),
    #[error("maturity {maturity} is not after the start {start}")]
    MaturityBeforeStart {
        start: NaiveDate,
        maturity: NaiveDate,
    },
    #[error("expected {0}")]
    WrongType(&'static str),
    #[error("contract number appears twice")]
    Duplicate,
    #[error("`{0}` is not a number")]
    BadNumber(String),
}

/// A signal the facts of a visit in the file raised (not listed in the file itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RaisedSignal {
    pub contract_no: String,
    pub code: String,
    pub title: String,
    pub found: NaiveDate,
    pub evidence: String,
}

/// The file read into what the engine needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortfolioFile {
    pub guarantees: Vec<GuaranteeFacts>,
    pub raised: Vec<RaisedSignal>,
}

struct Reader<'a> {
    index: usize,
    contract_no: String,
    obj: &'a Map<String, Value>,
    prefix: String,
}

type R<T> = Result<T, PortfolioFileError>;

impl<'a> Reader<'a> {
    fn fail(&self, field: &str, problem: FieldProblem) -> PortfolioFileError {
        PortfolioFileError::Field {
            index: self.index,
            contract_no: self.contract_no.clone(),
            field: format!("{}{field}", self.prefix),
            problem,
        }
    }

    fn nested(&self, obj: &'a Map<String, Value>, prefix: String) -> Reader<'a> {
        Reader {
            index: self.index,
            contract_no: self.contract_no.clone(),
            obj,
            prefix,
        }
    }

    fn get(&self, field: &str) -> Option<&'a Value> {
        self.obj.get(field).filter(|v| !v.is_null())
    }

    fn text_opt(&self, field: &str) -> R<Option<String>> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_owned())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(_) => Err(self.fail(field, FieldProblem::WrongType("text"))),
        }
    }

    fn text(&self, field: &str) -> R<String> {
        self.text_opt(field)?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| self.fail(field, FieldProblem::Missing))
    }

    fn date_opt(&self, field: &str) -> R<Option<NaiveDate>> {
        match self.text_opt(field)? {
            None => Ok(None),
            Some(s) => NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| self.fail(field, FieldProblem::BadDate(s))),
        }
    }

    fn date(&self, field: &str) -> R<NaiveDate> {
        self.date_opt(field)?
            .ok_or_else(|| self.fail(field, FieldProblem::Missing))
    }

    fn decimal_opt(&self, field: &str) -> R<Option<Decimal>> {
        match self.text_opt(field)? {
            None => Ok(None),
            Some(s) => Decimal::from_str_exact(s.replace(',', "").trim())
                .map(Some)
                .map_err(|_| self.fail(field, FieldProblem::BadNumber(s))),
        }
    }

    fn decimal(&self, field: &str) -> R<Decimal> {
        self.decimal_opt(field)?
            .ok_or_else(|| self.fail(field, FieldProblem::Missing))
    }

    fn bool_or(&self, field: &str, default: bool) -> R<bool> {
        match self.get(field) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.fail(field, FieldProblem::WrongType("true or false"))),
        }
    }

    fn list(&self, field: &str) -> R<Vec<&'a Map<String, Value>>> {
        match self.get(field) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    v.as_object().ok_or_else(|| {
                        self.fail(
                            &format!("{field}[{i}]"),
                            FieldProblem::WrongType("an object"),
                        )
                    })
                })
                .collect(),
            Some(_) => Err(self.fail(field, FieldProblem::WrongType("a list"))),
        }
    }
}

impl PortfolioFile {
    /// Reads and checks a portfolio file; signals its visits' facts raise are added.
    pub fn from_json(
        text: &str,
        policy: &Policy,
        catalog: &SignalCatalog,
    ) -> Result<PortfolioFile, PortfolioFileError> {
        let root: Value = serde_json::from_str(text).map_err(|e| PortfolioFileError::Syntax {
            line: e.line(),
            column: e.column(),
            detail: e.to_string(),
        })?;
        let list = root
            .get("guarantees")
            .and_then(Value::as_array)
            .ok_or(PortfolioFileError::Shape)?;
        let mut seen = HashSet::new();
        let mut out = PortfolioFile {
            guarantees: Vec::with_capacity(list.len()),
            raised: Vec::new(),
        };
        for (i, item) in list.iter().enumerate() {
            let obj = item.as_object().ok_or(PortfolioFileError::Shape)?;
            let mut r = Reader {
                index: i + 1,
                contract_no: "?".into(),
                obj,
                prefix: String::new(),
            };
            let contract_no = r.text("contract_no")?;
            r.contract_no = contract_no.clone();
            if !seen.insert(contract_no.clone()) {
                return Err(r.fail("contract_no", FieldProblem::Duplicate));
            }
            let g = read_guarantee(&r, contract_no, policy, catalog, &mut out.raised)?;
            out.guarantees.push(g);
        }
        Ok(out)
    }
}

fn read_guarantee(
    r: &Reader<'_>,
    contract_no: String,
    policy: &Policy,
    catalog: &SignalCatalog,
    raised: &mut Vec<RaisedSignal>,
) -> R<GuaranteeFacts> {
    let borrower = r.text("borrower")?;
    let product_text = r.text("product")?;
    let product = Product::parse_name(&product_text)
        .map_err(|_| r.fail("product", FieldProblem::UnknownProduct(product_text)))?;
    let amount_text = r.text("amount")?;
    let amount: Money = amount_text
        .parse()
        .map_err(|_| r.fail("amount", FieldProblem::BadAmount(amount_text.clone())))?;
    if !amount.is_positive() {
        return Err(r.fail("amount", FieldProblem::NotPositive(amount_text)));
    }
    let start = r.date("start")?;
    let maturity = r.date("maturity")?;
    if maturity <= start {
        return Err(r.fail(
            "maturity",
            FieldProblem::MaturityBeforeStart { start, maturity },
        ));
    }
    let tier_text = r.text("tier")?;
    let tier = tier_text
        .parse::<u8>()
        .ok()
        .and_then(|t| RiskTier::new(t).ok())
        .ok_or_else(|| r.fail("tier", FieldProblem::BadTier(tier_text)))?;
    let status = match r.text_opt("status")? {
        None => GuaranteeStatus::Active,
        Some(s) => GuaranteeStatus::from_name(&s)
            .map_err(|_| r.fail("status", FieldProblem::UnknownStatus(s)))?,
    };

    let mut visits = Vec::new();
    let mut signals = Vec::new();
    let mut previous_financials: Vec<FinancialFigure> = Vec::new();
    let mut raw_visits = r.list("visits")?;
    raw_visits.sort_by_key(|v| {
        v.get("date")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    });
    for (i, v) in raw_visits.into_iter().enumerate() {
        let vr = r.nested(v, format!("visits[{i}]."));
        let date = vr.date("date")?;
        let kind_text = vr.text_opt("kind")?.unwrap_or_else(|| "periodic".into());
        let kind = VisitKind::from_name(&kind_text)
            .map_err(|_| vr.fail("kind", FieldProblem::UnknownVisitKind(kind_text)))?;
        let on_site = vr.bool_or("on_site", true)?;
        let draft = vr.bool_or("draft", false)?;
        let reported_on = if draft {
            None
        } else {
            Some(vr.date_opt("reported")?.unwrap_or(date))
        };
        let inventory = read_inventory(&vr)?;
        let interviews = read_interviews(&vr)?;
        let financials = read_financials(&vr)?;
        let obs = Observations {
            inventory: &inventory,
            interviews: &interviews,
            financials: &financials,
            previous_financials: &previous_financials,
        };
        for d in detect::detect(&obs, policy) {
            push_raised(&contract_no, catalog, date, d, &mut signals, raised);
        }
        if !financials.is_empty() {
            previous_financials = financials;
        }
        visits.push(VisitFact {
            visit_id: None,
            date,
            kind,
            on_site,
            reported_on,
        });
    }

    for (i, s) in r.list("signals")?.into_iter().enumerate() {
        let sr = r.nested(s, format!("signals[{i}]."));
        let code = sr.text("code")?;
        let def = catalog
            .get(&code)
            .ok_or_else(|| sr.fail("code", FieldProblem::UnknownSignal(code.clone())))?;
        signals.push(SignalFact {
            signal_id: None,
            code: def.code.clone(),
            title: def.title.clone(),
            severity: def.severity,
            found: sr.date("found")?,
            resolved_on: sr.date_opt("resolved")?,
        });
    }

    let stock = match r.get("pledged_stock") {
        None => None,
        Some(Value::Object(obj)) => {
            let sr = r.nested(obj, "pledged_stock.".into());
            let goods = sr.text_opt("goods")?.unwrap_or_else(|| "质押存货".into());
            let unit = sr.text_opt("unit")?.unwrap_or_default();
            let minimum = sr.decimal_opt("minimum")?;
            let mut last = None;
            for (i, rep) in sr.list("reports")?.into_iter().enumerate() {
                let rr = sr.nested(rep, format!("pledged_stock.reports[{i}]."));
                let date = rr.date("date")?;
                let quantity = rr.decimal("quantity")?;
                if let Some(d) =
                    minimum.and_then(|m| detect::detect_stock_report(&goods, &unit, quantity, m))
                {
                    push_raised(&contract_no, catalog, date, d, &mut signals, raised);
                }
                last = last.max(Some(date));
            }
            Some(StockFacts { last_report: last })
        }
        Some(_) => return Err(r.fail("pledged_stock", FieldProblem::WrongType("an object"))),
    };

    let mut completions = Vec::new();
    for (i, c) in r.list("completed")?.into_iter().enumerate() {
        let cr = r.nested(c, format!("completed[{i}]."));
        let kind_text = cr.text("kind")?;
        let kind = TaskKind::from_name(&kind_text)
            .map_err(|_| cr.fail("kind", FieldProblem::UnknownTaskKind(kind_text)))?;
        // Kinds a guarantee has one task of need no anchor; the others must say which task
        // (a signal, a visit, a quarter), or the completion would match nothing.
        let anchor = match (cr.text_opt("anchor")?, anchor::single(kind)) {
            (Some(a), _) => a,
            (None, Some(a)) => a.to_owned(),
            (None, None) => return Err(cr.fail("anchor", FieldProblem::Missing)),
        };
        completions.push(Completion {
            kind,
            anchor,
            done_on: cr.date("date")?,
        });
    }

    signals.sort_by_key(|s| s.found);
    Ok(GuaranteeFacts {
        guarantee_id: None,
        contract_no: contract_no.into(),
        borrower: borrower.into(),
        officer: r.text_opt("officer")?.map(Into::into),
        product,
        amount,
        start,
        maturity,
        tier,
        status,
        credit_rating: r.text_opt("credit_rating")?,
        compensated_on: r.date_opt("compensated_on")?,
        visits: VisitHistory {
            since: None,
            on_site_before: None,
            any_before: None,
            visits,
        },
        signals,
        stock,
        completions,
        collection: Default::default(),
    })
}

fn push_raised(
    contract_no: &str,
    catalog: &SignalCatalog,
    found: NaiveDate,
    d: detect::Detected,
    signals: &mut Vec<SignalFact>,
    raised: &mut Vec<RaisedSignal>,
) {
    let Some(def) = catalog.get(d.code) else {
        return;
    };
    signals.push(SignalFact {
        signal_id: None,
        code: def.code.clone(),
        title: def.title.clone(),
        severity: def.severity,
        found,
        resolved_on: None,
    });
    raised.push(RaisedSignal {
        contract_no: contract_no.to_owned(),
        code: def.code.clone(),
        title: def.title.clone(),
        found,
        evidence: d.evidence,
    });
}

fn read_inventory(vr: &Reader<'_>) -> R<Vec<InventoryLine>> {
    let mut out = Vec::new();
    for (i, obj) in vr.list("inventory")?.into_iter().enumerate() {
        let lr = vr.nested(obj, format!("{}inventory[{i}].", vr.prefix));
        out.push(InventoryLine {
            goods_name: lr.text("goods")?,
            unit: lr.text_opt("unit")?.unwrap_or_default(),
            book_quantity: lr.decimal("book")?,
            counted_quantity: lr.decimal("counted")?,
            last_count_quantity: lr.decimal_opt("last_count")?,
            pledged_minimum: lr.decimal_opt("pledged_minimum")?,
            note: None,
        });
    }
    Ok(out)
}

fn read_interviews(vr: &Reader<'_>) -> R<Vec<WorkerInterview>> {
    let mut out = Vec::new();
    for (i, obj) in vr.list("interviews")?.into_iter().enumerate() {
        let ir = vr.nested(obj, format!("{}interviews[{i}].", vr.prefix));
        let months = ir.decimal_opt("months_in_arrears")?.unwrap_or_default();
        let months = u32::try_from(months.trunc().mantissa()).map_err(|_| {
            ir.fail(
                "months_in_arrears",
                FieldProblem::BadNumber(months.to_string()),
            )
        })?;
        out.push(WorkerInterview {
            role: ir.text_opt("role")?.unwrap_or_else(|| "工人".into()),
            years_at_firm: None,
            wages_paid_on_time: ir.bool_or("wages_paid_on_time", months == 0)?,
            months_in_arrears: months,
            shifts_per_day: None,
            orders_on_hand: None,
            layoffs_seen: ir.bool_or("layoffs_seen", false)?,
            equipment_moved_out: ir.bool_or("equipment_moved_out", false)?,
            notes: None,
        });
    }
    Ok(out)
}

fn read_financials(vr: &Reader<'_>) -> R<Vec<FinancialFigure>> {
    let Some(value) = vr.get("financials") else {
        return Ok(Vec::new());
    };
    let obj = value
        .as_object()
        .ok_or_else(|| vr.fail("financials", FieldProblem::WrongType("an object")))?;
    let fr = vr.nested(obj, format!("{}financials.", vr.prefix));
    let mut out = Vec::new();
    for metric in FinancialMetric::ALL {
        if let Some(v) = fr.decimal_opt(metric.code())? {
            out.push(FinancialFigure {
                metric: *metric,
                value: v,
                period: None,
            });
        }
    }
    Ok(out)
}

/// A refused portfolio file, in the officer's language.
pub fn portfolio_file_message(
    e: &crate::tasks::portfolio_file::PortfolioFileError,
    locale: Locale,
) -> String {
    use crate::tasks::portfolio_file::{FieldProblem as P, PortfolioFileError as E};
    if locale == Locale::En {
        return e.to_string();
    }
    // Simplified or Traditional: the same sentence, written in each script.
    let t = |cn: String, tw: String| if locale == Locale::ZhTw { tw } else { cn };
    match e {
        E::Syntax { line, column, .. } => t(
            format!("不是有效的 JSON（第 {line} 行第 {column} 列）"),
            format!("不是有效的 JSON（第 {line} 行第 {column} 列）"),
        ),
        E::Shape => t(
            "文件应为含 \"guarantees\" 列表的 JSON 对象".into(),
            "檔案應為含 \"guarantees\" 列表的 JSON 物件".into(),
        ),
        E::Field {
            index,
            contract_no,
            field,
            problem,
        } => {
            let what = match problem {
                P::Missing => t("缺少此项".into(), "缺少此項".into()),
                P::BadDate(s) => t(
                    format!("“{s}”不是日期（应为 YYYY-MM-DD）"),
                    format!("「{s}」不是日期（應為 YYYY-MM-DD）"),
                ),
                P::BadAmount(s) => t(format!("“{s}”不是金额"), format!("「{s}」不是金額")),
                P::NotPositive(s) => t(
                    format!("金额应大于 0，而不是 {s}"),
                    format!("金額應大於 0，而不是 {s}"),
                ),
                P::UnknownProduct(s) => t(
                    format!(
                        "“{s}”不是担保品种（流动资金贷款、银行承兑汇票、贸易融资、信用证、固定资产/项目贷款、消费类贷款）"
                    ),
                    format!(
                        "「{s}」不是擔保品種（流動資金貸款、銀行承兌匯票、貿易融資、信用證、固定資產/項目貸款、消費類貸款）"
                    ),
                ),
                P::UnknownStatus(s) => t(
                    format!("“{s}”不是担保状态（在保、已解保、已代偿、追偿中）"),
                    format!("「{s}」不是擔保狀態（在保、已解保、已代償、追償中）"),
                ),
                P::UnknownVisitKind(s) => t(
                    format!("“{s}”不是检查类型（first、periodic、maturity、emergency）"),
                    format!("「{s}」不是檢查類型（first、periodic、maturity、emergency）"),
                ),
                P::UnknownTaskKind(s) => {
                    t(format!("“{s}”不是任务类型"), format!("「{s}」不是任務類型"))
                }
                P::BadTier(s) => t(
                    format!("“{s}”不是风险等级（1–4）"),
                    format!("「{s}」不是風險等級（1–4）"),
                ),
                P::UnknownSignal(s) => t(
                    format!("“{s}”不在预警信号目录中"),
                    format!("「{s}」不在預警信號目錄中"),
                ),
                P::MaturityBeforeStart { start, maturity } => t(
                    format!("到期日 {maturity} 不晚于起始日 {start}"),
                    format!("到期日 {maturity} 不晚於起始日 {start}"),
                ),
                P::WrongType(w) => t(
                    format!("类型不对（应为 {w}）"),
                    format!("類型不對（應為 {w}）"),
                ),
                P::Duplicate => t("合同号重复".into(), "合同號重複".into()),
                P::BadNumber(s) => t(format!("“{s}”不是数字"), format!("「{s}」不是數字")),
            };
            t(
                format!("担保合同 {contract_no}（第 {index} 笔）字段 `{field}`：{what}"),
                format!("擔保合同 {contract_no}（第 {index} 筆）欄位 `{field}`：{what}"),
            )
        }
    }
}

#[cfg(test)]
mod tests;
