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
        /// Whether a phone call counts (the policy's `first_check.by_phone`).
        by_phone: bool,
    },
    Periodic {
        tier: RiskTier,
        /// The company's own tier names, if its policy gives them.
        names: Option<std::sync::Arc<crate::policy::TierNames>>,
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
    SignalCheck {
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
    HeadReport {
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
        names: Option<std::sync::Arc<crate::policy::TierNames>>,
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
    AfterDemand {
        kind: TaskKind,
        demanded: NaiveDate,
        within: Period,
    },
    RepaymentReminder {
        maturity: NaiveDate,
        before: Period,
        short_term: bool,
    },
    OverdueNotice {
        due_on: NaiveDate,
        known_on: NaiveDate,
        balance: crate::money::Money,
        last: Option<NaiveDate>,
        /// The interval and the balance threshold it applies from.
        every: Option<(Period, crate::money::Money)>,
    },
    NoticeReceipt {
        kind: crate::policy::NoticeKind,
        issued_on: NaiveDate,
        delivered_on: NaiveDate,
        within: Period,
    },
    CollectionFollowUp {
        due_on: NaiveDate,
        days: u32,
        bucket: crate::collection::OverdueBucket,
        balance: crate::money::Money,
        last_contact: Option<NaiveDate>,
        within: Period,
    },
    BrokenPromise {
        made_on: NaiveDate,
        by: NaiveDate,
        amount: crate::money::Money,
        within: Period,
    },
    LostContactSearch {
        found: NaiveDate,
        steps_done: u32,
        steps_total: u32,
        within: Period,
    },
    ArchiveHandover {
        released: NaiveDate,
        within: Period,
    },
    TitleReturn {
        released: NaiveDate,
        within: Period,
    },
    ExtensionDecision {
        applied: NaiveDate,
        new_maturity: NaiveDate,
        within: Period,
    },
    ReportReturned {
        document_no: String,
        step: String,
        by: String,
        reason: String,
        returned_on: NaiveDate,
        within: Period,
    },
    WithdrawalDecision {
        proposed: NaiveDate,
        within: Period,
    },
    WithdrawalBankNotice {
        approved: NaiveDate,
        within: Period,
    },
    Enforcement {
        cause: crate::enforcement::EnforcementCause,
        started: NaiveDate,
        kind: crate::portfolio::CounterGuaranteeKind,
        /// The counter-guarantee as described.
        what: String,
        /// The text of the earliest-due step still open.
        next_step: Option<String>,
        steps_done: u32,
        steps_total: u32,
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

/// A tier's name: the company's, or seed 004's.
fn tier_name(
    tier: RiskTier,
    names: &Option<std::sync::Arc<crate::policy::TierNames>>,
    l: Locale,
) -> String {
    match names {
        Some(n) => n.label(tier, l),
        None => tier.label(l).to_owned(),
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
            Reason::FirstCheck {
                start,
                within: w,
                by_phone,
            } => pick3(
                format!(
                    "担保起始日 {start} 起{}完成首次检查（{}，含资金用途）",
                    within(*w, l),
                    if *by_phone {
                        "实地检查或电话询问"
                    } else {
                        "实地检查"
                    }
                ),
                format!(
                    "擔保起始日 {start} 起{}完成首次檢查（{}，含資金用途）",
                    within(*w, l),
                    if *by_phone {
                        "實地檢查或電話詢問"
                    } else {
                        "實地檢查"
                    }
                ),
                format!(
                    "first check ({}, incl. use of funds) {} of the start on {start}",
                    if *by_phone {
                        "on site or by phone"
                    } else {
                        "on site"
                    },
                    within(*w, l)
                ),
            ),
            Reason::Periodic {
                tier,
                names,
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
                    (false, _) => tier_name(*tier, names, l),
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
                        "；每次检查后须出具书面建议或提示",
                        "；每次檢查後須出具書面建議或提示",
                        "; a written suggestion or warning after each visit",
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
            Reason::SignalCheck {
                found,
                code,
                title,
                severity,
                within: w,
            } => {
                let sev = severity.label(l);
                pick3(
                    format!(
                        "{found} 发现{sev}预警 {code}「{title}」，{}进行预警提示检查（实地专项检查）",
                        within(*w, l)
                    ),
                    format!(
                        "{found} 發現{sev}預警 {code}「{title}」，{}進行預警提示檢查（實地專項檢查）",
                        within(*w, l)
                    ),
                    format!(
                        "{sev} signal {code} \"{title}\" found on {found}: warning check on site {}",
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
                        "{found} 发现{sev}预警 {code}，{}向部门负责人口头报告",
                        within(*w, l)
                    ),
                    format!(
                        "{found} 發現{sev}預警 {code}，{}向部門負責人口頭報告",
                        within(*w, l)
                    ),
                    format!(
                        "{sev} signal {code} found on {found}: tell the department head {}",
                        within(*w, l)
                    ),
                )
            }
            Reason::HeadReport {
                found,
                code,
                severity,
                within: w,
            } => {
                let sev = severity.label(l);
                let when = match w {
                    Period::Days(0) | Period::WorkingDays(0) => {
                        l.pick("立即", "立即", "at once").to_owned()
                    }
                    _ => within(*w, l),
                };
                pick3(
                    format!(
                        "{found} 发现{sev}预警 {code}：部门负责人{when}将存在问题和处理意见书面报告总经理"
                    ),
                    format!(
                        "{found} 發現{sev}預警 {code}：部門負責人{when}將存在問題和處理意見書面報告總經理"
                    ),
                    format!(
                        "{sev} signal {code} found on {found}: the department head reports the problem and the proposed handling to the general manager in writing {when}"
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
            Reason::TierReview {
                quarter,
                tier,
                names,
            } => {
                let quarter = quarter_label(*quarter);
                let t = tier_name(*tier, names, l);
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
            Reason::AfterDemand {
                kind,
                demanded,
                within: w,
            } => {
                let (cn, tw, en) = match kind {
                    TaskKind::DemandReport => (
                        "业务部和担保部经理向总经理报告，总经理立即向股东会报告",
                        "業務部和擔保部經理向總經理報告，總經理立即向股東會報告",
                        "the managers report to the general manager, who reports at once to the shareholders' meeting",
                    ),
                    _ => (
                        "制定代偿方案，经担保评审委员会审查和总经理审定后报股东会审批",
                        "制定代償方案，經擔保評審委員會審查和總經理審定後報股東會審批",
                        "draw up the compensation plan for the review committee, the general manager and the shareholders' meeting to approve",
                    ),
                };
                pick3(
                    format!("{demanded} 贷款银行提出代偿要求，{}{cn}", within(*w, l)),
                    format!("{demanded} 貸款銀行提出代償要求，{}{tw}", within(*w, l)),
                    format!(
                        "the bank demanded payment on {demanded}: {en} {}",
                        within(*w, l)
                    ),
                )
            }
            Reason::RepaymentReminder {
                maturity,
                before,
                short_term,
            } => {
                let p = before.describe(l);
                let (cn, tw, en) = if *short_term {
                    ("短期贷款", "短期貸款", "a short-term loan")
                } else {
                    ("中长期贷款", "中長期貸款", "a medium or long-term loan")
                };
                pick3(
                    format!("{cn}于 {maturity} 到期，到期前 {p} 向借款人发出还款提示通知书"),
                    format!("{tw}於 {maturity} 到期，到期前 {p} 向借款人發出還款提示通知書"),
                    format!("{en} matures on {maturity}: send the repayment reminder {p} before"),
                )
            }
            Reason::OverdueNotice {
                due_on,
                known_on,
                balance,
                last,
                every,
            } => {
                let amount = balance.grouped();
                match (last, every) {
                    (Some(last), Some((p, from))) => {
                        let p = p.describe(l);
                        let from = from.grouped();
                        pick3(
                            format!(
                                "{due_on} 起逾期，逾期余额 {amount} 元（{from} 元以上档）每 {p} 发一次逾期催收通知书，上次 {last}"
                            ),
                            format!(
                                "{due_on} 起逾期，逾期餘額 {amount} 元（{from} 元以上檔）每 {p} 發一次逾期催收通知書，上次 {last}"
                            ),
                            format!(
                                "overdue since {due_on}, {amount} yuan (the {from} yuan and above row): an overdue notice every {p}, last on {last}"
                            ),
                        )
                    }
                    _ => pick3(
                        format!(
                            "{due_on} 起逾期（{known_on} 获知），逾期余额 {amount} 元，发出首份逾期催收通知书"
                        ),
                        format!(
                            "{due_on} 起逾期（{known_on} 獲知），逾期餘額 {amount} 元，發出首份逾期催收通知書"
                        ),
                        format!(
                            "overdue since {due_on} (known on {known_on}), {amount} yuan: send the first overdue notice"
                        ),
                    ),
                }
            }
            Reason::NoticeReceipt {
                kind,
                issued_on,
                delivered_on,
                within: w,
            } => {
                let what = kind.label(l);
                pick3(
                    format!(
                        "{issued_on} 签发的{what}已于 {delivered_on} 送达，回执应于送达后{}收回",
                        within(*w, l)
                    ),
                    format!(
                        "{issued_on} 簽發的{what}已於 {delivered_on} 送達，回執應於送達後{}收回",
                        within(*w, l)
                    ),
                    format!(
                        "the {what} of {issued_on} was delivered on {delivered_on}: its signed receipt is due back {}",
                        within(*w, l)
                    ),
                )
            }
            Reason::CollectionFollowUp {
                due_on,
                days,
                bucket,
                balance,
                last_contact,
                within: w,
            } => {
                let b = bucket.short();
                let amount = balance.grouped();
                let p = w.describe(l);
                match last_contact {
                    None => pick3(
                        format!(
                            "{due_on} 起逾期 {days} 天（{b}），逾期余额 {amount} 元，{}联系借款人",
                            within(*w, l)
                        ),
                        format!(
                            "{due_on} 起逾期 {days} 天（{b}），逾期餘額 {amount} 元，{}聯繫借款人",
                            within(*w, l)
                        ),
                        format!(
                            "overdue since {due_on}, {days} days ({b}), {amount} yuan overdue: contact the borrower {}",
                            within(*w, l)
                        ),
                    ),
                    Some(last) => pick3(
                        format!(
                            "{due_on} 起逾期 {days} 天，逾期余额 {amount} 元；上次联系 {last} 时为 {b}，每 {p} 跟进一次"
                        ),
                        format!(
                            "{due_on} 起逾期 {days} 天，逾期餘額 {amount} 元；上次聯繫 {last} 時為 {b}，每 {p} 跟進一次"
                        ),
                        format!(
                            "overdue since {due_on}, {days} days, {amount} yuan overdue; at the last contact on {last} it was {b}, followed up every {p}"
                        ),
                    ),
                }
            }
            Reason::BrokenPromise {
                made_on,
                by,
                amount,
                within: w,
            } => {
                let amount = amount.grouped();
                pick3(
                    format!(
                        "{made_on} 承诺于 {by} 前还款 {amount} 元，未兑现；{}再次联系并上报",
                        within(*w, l)
                    ),
                    format!(
                        "{made_on} 承諾於 {by} 前還款 {amount} 元，未兌現；{}再次聯繫並上報",
                        within(*w, l)
                    ),
                    format!(
                        "the promise of {made_on} to pay {amount} yuan by {by} was broken: contact again and report {}",
                        within(*w, l)
                    ),
                )
            }
            Reason::LostContactSearch {
                found,
                steps_done,
                steps_total,
                within: w,
            } => pick3(
                format!(
                    "{found} 起无法与借款人取得联络，{}完成失联查找（已完成 {steps_done}/{steps_total} 步）",
                    within(*w, l)
                ),
                format!(
                    "{found} 起無法與借款人取得聯絡，{}完成失聯查找（已完成 {steps_done}/{steps_total} 步）",
                    within(*w, l)
                ),
                format!(
                    "the borrower cannot be reached since {found}: finish the search {} ({steps_done} of {steps_total} steps done)",
                    within(*w, l)
                ),
            ),
            Reason::WithdrawalDecision {
                proposed,
                within: w,
            } => pick3(
                format!("{proposed} 提出撤保申请，{}报总经理审批", within(*w, l)),
                format!("{proposed} 提出撤保申請，{}報總經理審批", within(*w, l)),
                format!(
                    "the withdrawal proposed on {proposed} goes to the general manager {}",
                    within(*w, l)
                ),
            ),
            Reason::WithdrawalBankNotice {
                approved,
                within: w,
            } => pick3(
                format!(
                    "{approved} 总经理同意撤保，{}书面通知贷款银行",
                    within(*w, l)
                ),
                format!(
                    "{approved} 總經理同意撤保，{}書面通知貸款銀行",
                    within(*w, l)
                ),
                format!(
                    "the withdrawal was approved on {approved}: tell the lending bank in writing {}",
                    within(*w, l)
                ),
            ),
            Reason::Enforcement {
                cause,
                started,
                kind,
                what,
                next_step,
                steps_done,
                steps_total,
            } => {
                let cause = cause.label(l);
                let kind = kind.label(l);
                match next_step {
                    Some(step) => pick3(
                        format!(
                            "{started} {cause}，执行{kind}反担保“{what}”：下一步 {step}（已完成 {steps_done}/{steps_total} 步）"
                        ),
                        format!(
                            "{started} {cause}，執行{kind}反擔保「{what}」：下一步 {step}（已完成 {steps_done}/{steps_total} 步）"
                        ),
                        format!(
                            "{cause} on {started}: enforce the {kind} \"{what}\", next: {step} ({steps_done} of {steps_total} steps done)"
                        ),
                    ),
                    None => pick3(
                        format!("{started} {cause}，{kind}反担保“{what}”已执行完毕"),
                        format!("{started} {cause}，{kind}反擔保「{what}」已執行完畢"),
                        format!("{cause} on {started}: the {kind} \"{what}\" is enforced"),
                    ),
                }
            }
            Reason::ArchiveHandover {
                released,
                within: w,
            } => pick3(
                format!(
                    "{released} 解保，{}将档案（一户一档）移交档案管理部门",
                    within(*w, l)
                ),
                format!(
                    "{released} 解保，{}將檔案（一戶一檔）移交檔案管理部門",
                    within(*w, l)
                ),
                format!(
                    "released on {released}: hand its file to the archive {}",
                    within(*w, l)
                ),
            ),
            Reason::ReportReturned {
                document_no,
                step,
                by,
                reason,
                returned_on,
                within: w,
            } => pick3(
                format!(
                    "{returned_on} 总部{step}（{by}）退回 {document_no}：{reason}；{}修改并重新签发",
                    within(*w, l)
                ),
                format!(
                    "{returned_on} 總部{step}（{by}）退回 {document_no}：{reason}；{}修改並重新簽發",
                    within(*w, l)
                ),
                format!(
                    "head office's {step} ({by}) returned {document_no} on {returned_on}: {reason}; correct and issue it again {}",
                    within(*w, l)
                ),
            ),
            Reason::ExtensionDecision {
                applied,
                new_maturity,
                within: w,
            } => pick3(
                format!(
                    "{applied} 借款人申请展期至 {new_maturity}，{}由有权人审批（收回全部贷款利息后方可展期）",
                    within(*w, l)
                ),
                format!(
                    "{applied} 借款人申請展期至 {new_maturity}，{}由有權人審批（收回全部貸款利息後方可展期）",
                    within(*w, l)
                ),
                format!(
                    "the borrower applied on {applied} to extend to {new_maturity}: decide {} (only once all interest is paid)",
                    within(*w, l)
                ),
            ),
            Reason::TitleReturn {
                released,
                within: w,
            } => pick3(
                format!(
                    "{released} 解保，{}将抵押、质押物的有权凭证交还抵押、质押人并做好签收登记",
                    within(*w, l)
                ),
                format!(
                    "{released} 解保，{}將抵押、質押物的有權憑證交還抵押、質押人並做好簽收登記",
                    within(*w, l)
                ),
                format!(
                    "released on {released}: return the title documents of the mortgages and pledges to their providers against a signed receipt {}",
                    within(*w, l)
                ),
            ),
            Reason::Manual { title, reason } => match l {
                Locale::En => format!("{title} ({reason})"),
                _ => format!("{title}（{reason}）"),
            },
        }
    }
}
