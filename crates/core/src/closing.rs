//! Closing a task by doing it: the tasks no visit or notice shows are closed by a record of what
//! was done (季度分类复核, 回访计划表, 预警当日报告, 代偿当日报告, 追偿方案, 起诉或和解, and the
//! follow-ups added by hand), kept in the guarantee's file (the timeline), the work log and the
//! audit log. Every other task says what closes it.

use crate::i18n::{Locale, code_enum};
use crate::portfolio::{FiveLevelClass, GuaranteeId, RiskTier};
use crate::store::agenda_from_store;
use crate::store::{Store, StoreError, TaskClosed};
use crate::tasks::engine::{DueTask, Engine};
use crate::tasks::{TaskKind, TaskState};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

code_enum! {
    /// How a report was made.
    pub enum ReportChannel: "report channel" {
        Oral = "oral" => ("口头（当面）", "口頭（當面）", "Oral, in person"),
        Phone = "phone" => ("电话", "電話", "Phone"),
        Written = "written" => ("书面", "書面", "Written"),
        Message = "message" => ("即时消息", "即時訊息", "Instant message"),
        Email = "email" => ("电子邮件", "電子郵件", "Email"),
    }
}

/// What was done, by the kind of task it closes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum TaskRecord {
    /// 季度分类复核: the tier and the five-level class after the review, and why. Either may be
    /// the one the guarantee has: that is recorded as a confirmation.
    TierReview {
        tier: RiskTier,
        class: FiveLevelClass,
        reason: String,
    },
    /// 回访计划表: the quarter's plan, exported and submitted to someone.
    VisitPlan { submitted_to: String, note: String },
    /// 预警当日报告, 代偿当日报告: whom it was reported to, how, when, and what was said.
    Report {
        to: String,
        channel: ReportChannel,
        /// The time of day, if noted.
        at: Option<NaiveTime>,
        said: String,
    },
    /// 追偿方案, 起诉或和解: the document made or the step taken, its reference (文号, 案号) if
    /// any, and a note.
    Step {
        document: String,
        reference: String,
        note: String,
    },
    /// A follow-up added by hand.
    FollowUp { note: String },
}

/// Whose task it is: a guarantee's, or an officer's own (the visit plan).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "by", content = "value", rename_all = "snake_case")]
pub enum TaskTarget {
    #[specta(type = u32)]
    Guarantee(GuaranteeId),
    Contract(String),
    Officer(String),
}

/// A task to close: the target, its kind and due day (and, when several of that kind fall due
/// that day, which one: the agenda's anchor), the day it was done, and the record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct CloseTask {
    pub target: TaskTarget,
    pub kind: TaskKind,
    pub due: NaiveDate,
    /// What the task is about on the agenda (`signal:17`, `task:3` …); needed only when the
    /// target owes two of the kind on the day.
    #[serde(default)]
    pub anchor: Option<String>,
    pub on: NaiveDate,
    pub record: TaskRecord,
}

/// What closes a task of each kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ClosedBy {
    /// A record of what was done ([`TaskRecord`]).
    Record,
    /// An on-site visit, started and completed.
    Visit,
    /// The visit's report completed and signed.
    ReportCompleted,
    /// The notice issued and its delivery recorded.
    NoticeDelivered,
    /// The notice's signed receipt recorded.
    NoticeReceipt,
    /// A collection contact recorded.
    Contact,
    /// The lost-contact search's steps recorded.
    SearchStep,
    /// The general manager's decision on the withdrawal recorded.
    WithdrawalDecision,
    /// The bank's notice of the approved withdrawal recorded.
    BankNotice,
    /// Each enforcement step recorded.
    EnforcementStep,
    /// A stock report of the pledged goods (the warehouse's, a call, or a count).
    StockReport,
    /// The decision on the extension recorded.
    Extension,
    /// A new version of the returned report issued.
    Resubmitted,
    /// The 有权凭证 handed back and signed for.
    TitleReturn,
    /// The release's file handed to the archive.
    Archive,
}

impl TaskKind {
    /// What closes a task of this kind.
    pub fn closed_by(self) -> ClosedBy {
        use TaskKind::*;
        match self {
            TierReview | VisitPlan | SignalReport | HeadReport | DemandReport
            | CompensationPlan | CompensationReport | ShareholderReport | RecoveryPlan
            | RecoveryNotice | LegalAdviserNotice | LegalAction | AuthoritiesContact | FollowUp => {
                ClosedBy::Record
            }
            FirstCheck | PeriodicCheck | MaturityCheck | EmergencyCheck | SignalCheck => {
                ClosedBy::Visit
            }
            ReportDue => ClosedBy::ReportCompleted,
            MaturityNotice | RepaymentReminder | OverdueNotice => ClosedBy::NoticeDelivered,
            NoticeReceipt => ClosedBy::NoticeReceipt,
            CollectionFollowUp | BrokenPromise => ClosedBy::Contact,
            LostContactSearch => ClosedBy::SearchStep,
            WithdrawalDecision => ClosedBy::WithdrawalDecision,
            WithdrawalBankNotice => ClosedBy::BankNotice,
            Enforcement => ClosedBy::EnforcementStep,
            StockCheck => ClosedBy::StockReport,
            TitleReturn => ClosedBy::TitleReturn,
            ExtensionDecision => ClosedBy::Extension,
            ReportReturned => ClosedBy::Resubmitted,
            ArchiveHandover => ClosedBy::Archive,
        }
    }

    /// Whether a record closes it (the agenda shows 完成 on it).
    pub fn closes_by_record(self) -> bool {
        self.closed_by() == ClosedBy::Record
    }
}

impl ClosedBy {
    /// What closes such a task, in a sentence.
    pub fn sentence(self, l: Locale) -> &'static str {
        match self {
            ClosedBy::Record => l.pick(
                "登记所做的事即可完成（待办中的“完成”，或 baohou done）。",
                "登記所做的事即可完成（待辦中的「完成」，或 baohou done）。",
                "It is closed by recording what was done (完成 on the agenda, or baohou done).",
            ),
            ClosedBy::Visit => l.pick(
                "完成一次实地检查后自动关闭：在待办或担保档案中“开始检查”，填完并完成检查表。",
                "完成一次實地檢查後自動關閉：在待辦或擔保檔案中「開始檢查」，填完並完成檢查表。",
                "It closes when an on-site visit is completed: start a visit from the agenda or the guarantee file and complete its checklist.",
            ),
            ClosedBy::ReportCompleted => l.pick(
                "该次检查的检查表完成并签字后自动关闭。",
                "該次檢查的檢查表完成並簽字後自動關閉。",
                "It closes when that visit's report is completed and signed.",
            ),
            ClosedBy::NoticeDelivered => l.pick(
                "签发该通知书并登记送达后自动关闭（担保档案“催收与通知”，或 baohou notice / notice-delivered）。",
                "簽發該通知書並登記送達後自動關閉（擔保檔案「催收與通知」，或 baohou notice / notice-delivered）。",
                "It closes when the notice is issued and its delivery recorded (催收与通知 in the guarantee file, or baohou notice / notice-delivered).",
            ),
            ClosedBy::NoticeReceipt => l.pick(
                "登记借款人签章的回执收回后自动关闭（baohou notice-receipt）。",
                "登記借款人簽章的回執收回後自動關閉（baohou notice-receipt）。",
                "It closes when the borrower's signed receipt is recorded (baohou notice-receipt).",
            ),
            ClosedBy::Contact => l.pick(
                "登记一次催收联系后自动关闭（baohou contact）。",
                "登記一次催收聯繫後自動關閉（baohou contact）。",
                "It closes when a collection contact is recorded (baohou contact).",
            ),
            ClosedBy::SearchStep => l.pick(
                "逐项登记失联查找的步骤后自动关闭。",
                "逐項登記失聯查找的步驟後自動關閉。",
                "It closes when the lost-contact search's steps are recorded.",
            ),
            ClosedBy::WithdrawalDecision => l.pick(
                "登记总经理对撤保申请的审批后自动关闭（baohou withdraw-decision）。",
                "登記總經理對撤保申請的審批後自動關閉（baohou withdraw-decision）。",
                "It closes when the general manager's decision is recorded (baohou withdraw-decision).",
            ),
            ClosedBy::BankNotice => l.pick(
                "登记已书面通知贷款银行后自动关闭（baohou withdraw-bank-notice）。",
                "登記已書面通知貸款銀行後自動關閉（baohou withdraw-bank-notice）。",
                "It closes when the notice to the lending bank is recorded (baohou withdraw-bank-notice).",
            ),
            ClosedBy::EnforcementStep => l.pick(
                "逐项登记反担保执行步骤后自动关闭（baohou enforce）。",
                "逐項登記反擔保執行步驟後自動關閉（baohou enforce）。",
                "It closes when each enforcement step is recorded (baohou enforce).",
            ),
            ClosedBy::StockReport => l.pick(
                "登记一次库存报告（仓库监管员报告、电话或实地盘点）后自动关闭。",
                "登記一次庫存報告（倉庫監管員報告、電話或實地盤點）後自動關閉。",
                "It closes when a stock report is recorded (the warehouse's, a call, or a count).",
            ),
            ClosedBy::Resubmitted => l.pick(
                "重新打开该次检查，按退回意见修改、完成并重新签发后自动关闭；新版本随下次同步送总部重新审批。",
                "重新打開該次檢查，按退回意見修改、完成並重新簽發後自動關閉；新版本隨下次同步送總部重新審批。",
                "It closes when the visit is reopened, corrected as asked, completed and issued again; the new version goes to head office with the next sync.",
            ),
            ClosedBy::Extension => l.pick(
                "登记有权人对展期申请的审批后自动关闭（担保档案“展期”，或 baohou extend-decision）。",
                "登記有權人對展期申請的審批後自動關閉（擔保檔案「展期」，或 baohou extend-decision）。",
                "It closes when the decision on the extension is recorded (展期 in the guarantee file, or baohou extend-decision).",
            ),
            ClosedBy::TitleReturn => l.pick(
                "登记有权凭证已交还抵押、质押人并签收后自动关闭（担保档案“解保”，或 baohou titles-returned）。",
                "登記有權憑證已交還抵押、質押人並簽收後自動關閉（擔保檔案「解保」，或 baohou titles-returned）。",
                "It closes when the title documents' return, signed for by the mortgagor or pledgor, is recorded (解保 in the guarantee file, or baohou titles-returned).",
            ),
            ClosedBy::Archive => l.pick(
                "登记解保档案已移交档案管理部门后自动关闭（baohou archive）。",
                "登記解保檔案已移交檔案管理部門後自動關閉（baohou archive）。",
                "It closes when the file's handover to the archive is recorded (baohou archive).",
            ),
        }
    }
}

/// Why a task cannot be closed as asked.
#[derive(Debug, thiserror::Error)]
pub enum CloseError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no guarantee with contract number {0}")]
    NoContract(String),
    #[error("no {kind} task due {due}")]
    NoSuchTask {
        kind: TaskKind,
        due: NaiveDate,
        /// The due days of the target's open tasks of that kind.
        open: Vec<NaiveDate>,
    },
    #[error("the {kind} task due {due} was done on {done_on}")]
    AlreadyDone {
        kind: TaskKind,
        due: NaiveDate,
        done_on: NaiveDate,
    },
    #[error("a {kind} task is not closed by a record")]
    ClosedOtherwise { kind: TaskKind, by: ClosedBy },
    #[error("a {kind} task is not closed by this kind of record")]
    WrongRecord { kind: TaskKind },
    #[error("the record needs {0}")]
    Missing(RecordField),
    #[error("the task cannot be recorded as done on {on}, before it became owed on {owed}")]
    BeforeOwed { on: NaiveDate, owed: NaiveDate },
    #[error("the visit plan cannot be written: {0}")]
    Plan(String),
    #[error("a task cannot be recorded as done on {on}, after today {today}")]
    InFuture { on: NaiveDate, today: NaiveDate },
    #[error("the guarantee's tier or class changed while the review was written")]
    ChangedMeanwhile,
}

impl From<crate::sheets::SheetError> for CloseError {
    fn from(e: crate::sheets::SheetError) -> CloseError {
        match e {
            crate::sheets::SheetError::Store(e) => CloseError::Store(e),
            other => CloseError::Plan(other.to_string()),
        }
    }
}

code_enum! {
    /// A field of a task record.
    pub enum RecordField: "record field" {
        Reason = "reason" => ("理由", "理由", "the reason"),
        SubmittedTo = "submitted_to" => ("提交对象", "提交對象", "whom it was submitted to"),
        To = "to" => ("报告对象", "報告對象", "whom it was reported to"),
        Said = "said" => ("报告内容", "報告內容", "what was said"),
        Document = "document" => ("文书或步骤", "文書或步驟", "the document or step"),
        Note = "note" => ("说明", "說明", "a note"),
        StepDone = "step_done" => ("文号、案号或说明", "文號、案號或說明", "its reference or a note"),
    }
}

/// A task closed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct ClosedTask {
    pub kind: TaskKind,
    pub due: NaiveDate,
    /// Which task it was (`signal:17`, `quarter:2026Q4` …).
    pub anchor: String,
    pub done_on: NaiveDate,
    pub contract_no: Option<String>,
    pub officer: Option<String>,
    /// What was recorded, in words (the line in the guarantee file and the work log).
    pub note: String,
    /// The 回访计划表 submitted (.xlsx), for a visit plan: the caller saves it where the officer
    /// says; its SHA-256 is in the record.
    #[serde(skip)]
    #[specta(skip)]
    pub plan: Option<Vec<u8>>,
}

/// The most a record's text may hold.
const MAX_TEXT: usize = 2000;

fn required(text: &str, field: RecordField) -> Result<String, CloseError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(CloseError::Missing(field));
    }
    crate::store::check_texts(&[t])?;
    if t.chars().count() > MAX_TEXT {
        return Err(StoreError::TextTooLong {
            chars: t.chars().count(),
            max: MAX_TEXT,
        }
        .into());
    }
    Ok(t.to_owned())
}

fn optional(text: &str) -> Result<String, CloseError> {
    if text.trim().is_empty() {
        Ok(String::new())
    } else {
        required(text, RecordField::Note)
    }
}

/// Closes the task `close` names, by its record: checks that such a task is on the agenda of
/// `close.on` and open, and that the record fits it, then in one transaction records the
/// completion (with the record as details), applies a tier review's changes, and appends the
/// audit entry.
pub fn close_task(
    store: &mut Store,
    engine: &Engine<'_>,
    close: &CloseTask,
    today: NaiveDate,
) -> Result<ClosedTask, CloseError> {
    prepare(store, engine, close, today)?.commit(store)
}

/// A task checked and its record made, not yet recorded: the visit plan it submits can be
/// saved first ([`Prepared::plan`]), so that a plan that cannot be saved is not recorded as
/// submitted.
pub struct Prepared {
    task: DueTask,
    guarantee_id: Option<GuaranteeId>,
    officer_id: Option<i64>,
    on: NaiveDate,
    recorded: Recorded,
}

impl Prepared {
    /// The 回访计划表 to submit (.xlsx), for a visit plan.
    pub fn plan(&self) -> Option<&[u8]> {
        self.recorded.plan.as_deref()
    }

    /// Records it, in one transaction.
    pub fn commit(self, store: &mut Store) -> Result<ClosedTask, CloseError> {
        let Prepared {
            task,
            guarantee_id,
            officer_id,
            on,
            recorded,
        } = self;
        let recorded_now = store.record_task_closed(
            &task,
            guarantee_id,
            officer_id,
            on,
            &recorded.note,
            &recorded.details,
            recorded.reclassify.as_ref(),
        )?;
        match recorded_now {
            TaskClosed::Recorded => {}
            TaskClosed::ChangedMeanwhile => return Err(CloseError::ChangedMeanwhile),
            TaskClosed::AlreadyDone { on: done_on } => {
                return Err(CloseError::AlreadyDone {
                    kind: task.kind,
                    due: task.due,
                    done_on,
                });
            }
        }
        Ok(ClosedTask {
            kind: task.kind,
            due: task.due,
            anchor: task.anchor.to_string(),
            done_on: on,
            contract_no: task.contract_no.as_deref().map(str::to_owned),
            officer: task.officer.as_deref().map(str::to_owned),
            note: recorded.note,
            plan: recorded.plan,
        })
    }
}

/// Checks the task `close` names (done no later than `today`) and makes its record, recording
/// nothing yet.
pub fn prepare(
    store: &Store,
    engine: &Engine<'_>,
    close: &CloseTask,
    today: NaiveDate,
) -> Result<Prepared, CloseError> {
    if close.on > today {
        return Err(CloseError::InFuture {
            on: close.on,
            today,
        });
    }
    let by = close.kind.closed_by();
    if by != ClosedBy::Record {
        return Err(CloseError::ClosedOtherwise {
            kind: close.kind,
            by,
        });
    }
    let (guarantee_id, officer) = match &close.target {
        TaskTarget::Guarantee(id) => (Some(*id), None),
        TaskTarget::Contract(no) => (
            Some(
                store
                    .guarantee_id_by_contract(no.trim())?
                    .ok_or_else(|| CloseError::NoContract(no.trim().to_owned()))?,
            ),
            None,
        ),
        TaskTarget::Officer(name) => (None, Some(name.trim().to_owned())),
    };
    let task = find_task(store, engine, close, guarantee_id, officer.as_deref())?;
    let owed_from = owed_from(&task);
    if close.on < owed_from {
        return Err(CloseError::BeforeOwed {
            on: close.on,
            owed: owed_from,
        });
    }
    let recorded = Recorded::of(store, engine, close, &task, guarantee_id)?;
    let officer_id = match &task.officer {
        Some(name) if guarantee_id.is_none() => store.officer_id_by_name(name)?,
        _ => None,
    };
    Ok(Prepared {
        task,
        guarantee_id,
        officer_id,
        on: close.on,
        recorded,
    })
}

/// The first day a task may be recorded as done: a report of a signal or a compensation not
/// before the day found or paid, a quarter's review not before the quarter's last month, a plan
/// not before the quarter before it began. The engine's reason holds those days; the due day
/// bounds the rest loosely (a task is never done a year before it is due).
fn owed_from(task: &DueTask) -> NaiveDate {
    use crate::tasks::reason::Reason;
    use chrono::Datelike;
    match &task.reason {
        Reason::SignalReport { found, .. } | Reason::HeadReport { found, .. } => *found,
        Reason::AfterCompensation { paid, .. } => *paid,
        Reason::AfterDemand { demanded, .. } => *demanded,
        Reason::TierReview { quarter, .. } => quarter.with_day(1).unwrap_or(*quarter),
        Reason::VisitPlan { quarter, .. } => {
            crate::calendar::quarter_start(*quarter - chrono::Days::new(1))
        }
        _ => task.due - chrono::Days::new(366),
    }
}

/// The agenda's task of the kind and due day asked, open.
fn find_task(
    store: &Store,
    engine: &Engine<'_>,
    close: &CloseTask,
    guarantee_id: Option<GuaranteeId>,
    officer: Option<&str>,
) -> Result<DueTask, CloseError> {
    // The guarantee's officers' agenda holds its tasks; an officer's holds their plan.
    let scope = match guarantee_id {
        Some(id) => Some(store.officer(store.guarantee(id)?.officer_a_id)?.name),
        None => officer.map(str::to_owned),
    };
    let agenda = agenda_from_store(store, engine, close.on, scope.as_deref())?;
    let mine = |t: &&DueTask| {
        t.kind == close.kind
            && match guarantee_id {
                Some(id) => t.guarantee_id == Some(id),
                None => t.guarantee_id.is_none() && t.officer.as_deref() == officer,
            }
    };
    let candidates: Vec<&DueTask> = agenda.tasks.iter().filter(mine).collect();
    // The one the anchor names; without one, the first still open of those due that day (the
    // window always names it; `baohou done` says which it closed).
    let mut that_day: Vec<&&DueTask> = candidates
        .iter()
        .filter(|t| t.due == close.due)
        .filter(|t| close.anchor.as_deref().is_none_or(|a| a == t.anchor))
        .collect();
    that_day.sort_by_key(|t| (t.state == TaskState::Done, t.anchor.clone()));
    match that_day.first() {
        Some(t) if t.state == TaskState::Done => Err(CloseError::AlreadyDone {
            kind: t.kind,
            due: t.due,
            done_on: t.done_on.unwrap_or(close.on),
        }),
        Some(t) => Ok((**t).clone()),
        None => {
            let mut open: Vec<NaiveDate> = candidates
                .iter()
                .filter(|t| t.state != TaskState::Done)
                .map(|t| t.due)
                .collect();
            open.sort();
            open.dedup();
            Err(CloseError::NoSuchTask {
                kind: close.kind,
                due: close.due,
                open,
            })
        }
    }
}

/// A record made ready to store: the note in words, the details as JSON, and the tier review's
/// changes.
struct Recorded {
    note: String,
    details: serde_json::Value,
    reclassify: Option<crate::store::Reclassify>,
    plan: Option<Vec<u8>>,
}

impl Recorded {
    fn of(
        store: &Store,
        engine: &Engine<'_>,
        close: &CloseTask,
        task: &DueTask,
        guarantee_id: Option<GuaranteeId>,
    ) -> Result<Recorded, CloseError> {
        let zh = Locale::ZhCn;
        let wrong = || CloseError::WrongRecord { kind: close.kind };
        match (&close.record, close.kind) {
            (
                TaskRecord::TierReview {
                    tier,
                    class,
                    reason,
                },
                TaskKind::TierReview,
            ) => {
                let reason = required(reason, RecordField::Reason)?;
                let g = store.guarantee(guarantee_id.ok_or_else(wrong)?)?;
                let part = |what: &str, from: String, to: String| {
                    if from == to {
                        format!("确认{what} {to}")
                    } else {
                        format!("{what} {from} → {to}")
                    }
                };
                let tier_text =
                    |t: RiskTier| format!("{} {}", t.get(), engine.policy.tier_label(t, zh));
                let note = format!(
                    "{}，{}。理由：{reason}",
                    part("风险等级", tier_text(g.risk_tier), tier_text(*tier)),
                    part(
                        "五级分类",
                        g.five_level_class.label(zh).to_owned(),
                        class.label(zh).to_owned()
                    ),
                );
                Ok(Recorded {
                    note,
                    details: serde_json::json!({
                        "record": "tier_review",
                        "tier": { "before": g.risk_tier, "after": tier, "confirmed": g.risk_tier == *tier },
                        "class": { "before": g.five_level_class, "after": class, "confirmed": g.five_level_class == *class },
                        "reason": reason,
                    }),
                    reclassify: Some(crate::store::Reclassify {
                        tier: (g.risk_tier, *tier),
                        class: (g.five_level_class, *class),
                        reason,
                    }),
                    plan: None,
                })
            }
            (TaskRecord::VisitPlan { submitted_to, note }, TaskKind::VisitPlan) => {
                let to = required(submitted_to, RecordField::SubmittedTo)?;
                let note = optional(note)?;
                let quarter = match &task.reason {
                    crate::tasks::reason::Reason::VisitPlan { quarter, .. } => *quarter,
                    _ => close.due,
                };
                let officer = task.officer.as_deref().unwrap_or_default();
                let plan = visit_plan_of(store, engine, officer, quarter, close.on)?;
                let sha256 = crate::store::sha256_hex(&plan.bytes);
                let quarter_name = crate::sheets::plans::quarter_name(quarter);
                let mut text = format!(
                    "{quarter_name}回访计划表（{} 项检查）已导出并提交{to}，SHA-256 {}",
                    plan.rows,
                    &sha256[..16]
                );
                if !note.is_empty() {
                    text.push_str(&format!("。{note}"));
                }
                Ok(Recorded {
                    note: text,
                    details: serde_json::json!({
                        "record": "visit_plan", "submitted_to": to, "note": note,
                        "quarter": crate::calendar::quarter_label(quarter),
                        "rows": plan.rows, "sha256": sha256,
                    }),
                    reclassify: None,
                    plan: Some(plan.bytes),
                })
            }
            (
                TaskRecord::Report {
                    to,
                    channel,
                    at,
                    said,
                },
                TaskKind::SignalReport
                | TaskKind::HeadReport
                | TaskKind::DemandReport
                | TaskKind::CompensationReport
                | TaskKind::ShareholderReport,
            ) => {
                let to = required(to, RecordField::To)?;
                let said = required(said, RecordField::Said)?;
                let when = match at {
                    Some(t) => format!("{} {}", close.on, t.format("%H:%M")),
                    None => close.on.to_string(),
                };
                Ok(Recorded {
                    note: format!("{when} {}报告{to}：{said}", channel.label(zh)),
                    details: serde_json::json!({
                        "record": "report", "to": to, "channel": channel, "at": at, "said": said,
                    }),
                    reclassify: None,
                    plan: None,
                })
            }
            (
                TaskRecord::Step {
                    document,
                    reference,
                    note,
                },
                TaskKind::CompensationPlan
                | TaskKind::RecoveryPlan
                | TaskKind::RecoveryNotice
                | TaskKind::LegalAdviserNotice
                | TaskKind::LegalAction
                | TaskKind::AuthoritiesContact,
            ) => {
                let document = required(document, RecordField::Document)?;
                let reference = optional(reference)?;
                let note = optional(note)?;
                // The document's name alone (the form starts from the task's) says nothing was
                // done: its reference (文号, 案号) or a note says which.
                if reference.is_empty() && note.is_empty() {
                    return Err(CloseError::Missing(RecordField::StepDone));
                }
                let mut text = document.clone();
                if !reference.is_empty() {
                    text.push_str(&format!("（{reference}）"));
                }
                if !note.is_empty() {
                    text.push_str(&format!("：{note}"));
                }
                Ok(Recorded {
                    note: text,
                    details: serde_json::json!({
                        "record": "step", "document": document, "reference": reference, "note": note,
                    }),
                    reclassify: None,
                    plan: None,
                })
            }
            (TaskRecord::FollowUp { note }, TaskKind::FollowUp) => {
                let note = required(note, RecordField::Note)?;
                Ok(Recorded {
                    details: serde_json::json!({ "record": "follow_up", "note": note }),
                    note,
                    reclassify: None,
                    plan: None,
                })
            }
            _ => Err(wrong()),
        }
    }
}

/// One officer's 回访计划表 of a quarter, as of a day.
struct PlanMade {
    bytes: Vec<u8>,
    rows: usize,
}

fn visit_plan_of(
    store: &Store,
    engine: &Engine<'_>,
    officer: &str,
    quarter: NaiveDate,
    on: NaiveDate,
) -> Result<PlanMade, CloseError> {
    use crate::sheets::plans;
    let locale = Locale::ZhCn;
    let rows: Vec<_> =
        plans::visit_plan_rows(store, engine.policy, engine.calendar, quarter, on, locale)?
            .into_iter()
            .filter(|r| r.officer == officer)
            .collect();
    let company = engine.policy.document().company;
    let bytes = plans::write_visit_plan(&rows, &company, quarter, engine.policy, on, locale)?;
    Ok(PlanMade {
        bytes,
        rows: rows.len(),
    })
}

#[cfg(test)]
mod tests;

impl CloseError {
    /// What the officer reads, in their language.
    pub fn message(&self, l: Locale) -> String {
        match self {
            CloseError::Store(e) => crate::store::messages::store_message(e, l),
            CloseError::NoContract(no) => format!(
                "{}{no}",
                l.pick("没有这个合同编号的担保：", "沒有這個合同編號的擔保：", "No guarantee has contract number ")
            ),
            CloseError::NoSuchTask { kind, due, open } => {
                let open: Vec<String> = open.iter().map(NaiveDate::to_string).collect();
                let listed = if open.is_empty() {
                    l.pick("没有未完成的这类待办", "沒有未完成的這類待辦", "none of this kind is open")
                        .to_owned()
                } else {
                    format!(
                        "{}{}",
                        l.pick("未完成的到期日为：", "未完成的到期日為：", "the open ones are due "),
                        open.join(l.pick("、", "、", ", "))
                    )
                };
                match l {
                    Locale::En => format!("There is no {} task due {due}: {listed}.", kind.label(l)),
                    _ => format!(
                        "{}{due}{}“{}”{}：{listed}。",
                        l.pick("没有", "沒有", ""),
                        l.pick(" 到期的", " 到期的", ""),
                        kind.label(l),
                        l.pick("待办", "待辦", "")
                    ),
                }
            }
            CloseError::AlreadyDone { kind, due, done_on } => match l {
                Locale::En => format!("The {} task due {due} was done on {done_on} already.", kind.label(l)),
                _ => format!(
                    "{due} {}“{}”{}{done_on}{}",
                    l.pick("到期的", "到期的", ""),
                    kind.label(l),
                    l.pick("已于 ", "已於 ", ""),
                    l.pick(" 完成，无需再次登记。", " 完成，無需再次登記。", "")
                ),
            },
            CloseError::ClosedOtherwise { kind, by } => format!(
                "“{}”{}{}",
                kind.label(l),
                l.pick("不能直接登记完成：", "不能直接登記完成：", " is not closed by a record: "),
                by.sentence(l)
            ),
            CloseError::WrongRecord { kind } => format!(
                "“{}”{}",
                kind.label(l),
                l.pick(
                    "须用对应的登记内容完成（分类复核填风险等级、五级分类与理由；当日报告填报告对象、方式与内容；追偿与诉讼填文书或步骤）。",
                    "須用對應的登記內容完成（分類複核填風險等級、五級分類與理由；當日報告填報告對象、方式與內容；追償與訴訟填文書或步驟）。",
                    " needs the record of its kind (a review: tier, class and reason; a report: to whom, how and what; recovery or legal action: the document or step)."
                )
            ),
            CloseError::Missing(field) => format!(
                "{}{}",
                l.pick("请填写", "請填寫", "Please give "),
                field.label(l)
            ),
            CloseError::BeforeOwed { on, owed } => match l {
                Locale::En => format!("It cannot be recorded as done on {on}: it is owed from {owed}."),
                _ => format!(
                    "{}{on}{}{owed}{}",
                    l.pick("不能登记为 ", "不能登記為 ", ""),
                    l.pick(" 完成：该待办自 ", " 完成：該待辦自 ", ""),
                    l.pick(" 起才应办理。", " 起才應辦理。", "")
                ),
            },
            CloseError::Plan(why) => format!(
                "{}{why}",
                l.pick("回访计划表无法生成：", "回訪計劃表無法生成：", "The visit plan cannot be written: ")
            ),
            CloseError::InFuture { on, today } => match l {
                Locale::En => format!("It cannot be recorded as done on {on}, after today ({today})."),
                _ => format!(
                    "{}{on}{}{today}{}",
                    l.pick("不能登记为 ", "不能登記為 ", ""),
                    l.pick(" 完成：晚于今天（", " 完成：晚於今天（", ""),
                    l.pick("）。", "）。", "")
                ),
            },
            CloseError::ChangedMeanwhile => l
                .pick(
                    "填写复核期间该担保的风险等级或五级分类已有变化（例如总部刚下发调整），未登记；请重新打开复核再填。",
                    "填寫複核期間該擔保的風險等級或五級分類已有變化（例如總部剛下發調整），未登記；請重新打開複核再填。",
                    "The guarantee's tier or class changed while the review was written (head office may have just sent a change); nothing was recorded: open the review again.",
                )
                .to_owned(),
        }
    }
}
