//! `baohou done`: closes a task by recording what was done, through the same core call as the
//! window's 完成.

use crate::support::{CliError, open_store};
use baohou_core::closing::{CloseTask, ReportChannel, TaskRecord, TaskTarget, prepare};
use baohou_core::portfolio::{FiveLevelClass, RiskTier};
use baohou_core::tasks::TaskKind;
use baohou_core::tasks::engine::Engine;
use baohou_core::{Locale, OpenMode};
use chrono::{NaiveDate, NaiveTime};
use std::path::PathBuf;

/// 登记一项待办已完成（分类复核、回访计划表、当日报告、追偿方案、起诉或和解、跟进事项）
/// / Close a task by recording what was done
#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("whose").required(true).args(["contract", "officer"])))]
pub struct DoneArgs {
    /// 数据库文件 / Database file
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// 担保的合同编号 / The guarantee's contract number
    #[arg(long, value_name = "NO")]
    contract: Option<String>,
    /// 客户经理（其本人的待办，如回访计划表）/ The officer (their own task, such as the visit plan)
    #[arg(long, value_name = "NAME")]
    officer: Option<String>,
    /// 待办类型 / Task kind: tier_review, visit_plan, signal_report, head_report, demand_report,
    /// compensation_plan, compensation_report, shareholder_report, recovery_plan, recovery_notice,
    /// legal_adviser_notice, legal_action, authorities_contact, follow_up
    #[arg(long, value_name = "KIND", value_parser = task_kind)]
    kind: TaskKind,
    /// 待办的到期日 / The task's due day
    #[arg(long, value_name = "YYYY-MM-DD")]
    due: NaiveDate,
    /// 同一天到期的同类待办不止一项时，指明是哪一项（due --json 的 anchor）
    /// / Which one, when two of the kind are due that day (`anchor` in due --json)
    #[arg(long, value_name = "ANCHOR")]
    anchor: Option<String>,
    /// 做了什么：复核理由、报告内容、步骤说明 / What was done: the review's reason, what was
    /// reported, the step
    #[arg(long, value_name = "TEXT")]
    note: String,
    /// 完成日期（默认今天）/ The day it was done (default today)
    #[arg(long, value_name = "YYYY-MM-DD")]
    on: Option<NaiveDate>,
    /// 分类复核：复核后的风险等级 1–4（默认不变，记为确认）/ Tier review: the tier after it
    /// (default unchanged: a confirmation)
    #[arg(long, value_name = "1-4")]
    tier: Option<u8>,
    /// 分类复核：复核后的五级分类（默认不变）/ Tier review: the five-level class after it
    /// (default unchanged)
    #[arg(long, value_name = "CLASS", value_parser = five_level_class)]
    class: Option<FiveLevelClass>,
    /// 当日报告的报告对象，或回访计划表的提交对象（默认：预警报告部门负责人，代偿报告总经理，
    /// 计划表业务部经理）/ Whom it was reported or submitted to
    #[arg(long, value_name = "WHOM")]
    to: Option<String>,
    /// 报告方式（默认口头）/ How it was reported (default oral): oral, phone, written, message, email
    #[arg(long, value_name = "HOW", value_parser = report_channel)]
    how: Option<ReportChannel>,
    /// 报告时间 / The time it was reported
    #[arg(long, value_name = "HH:MM")]
    at: Option<NaiveTime>,
    /// 追偿方案、起诉或和解：文书或步骤（默认为待办名称）/ The document or step (default: the
    /// task's name)
    #[arg(long, value_name = "TEXT")]
    document: Option<String>,
    /// 文号或案号 / Its reference (文号, 案号)
    #[arg(long, value_name = "TEXT", default_value = "")]
    reference: String,
    /// 回访计划表另存为 .xlsx（其 SHA-256 记入登记；默认当前目录下“回访计划表-姓名-季度.xlsx”）
    /// / Where to save the visit plan submitted (its SHA-256 is recorded; default
    /// 回访计划表-NAME-QUARTER.xlsx in the current folder)
    #[arg(long, value_name = "FILE.xlsx")]
    out: Option<PathBuf>,
    /// 输出 JSON / Print JSON
    #[arg(long)]
    json: bool,
}

fn task_kind(text: &str) -> Result<TaskKind, String> {
    crate::support::coded(text, TaskKind::ALL, TaskKind::from_name, TaskKind::code)
}

fn five_level_class(text: &str) -> Result<FiveLevelClass, String> {
    crate::support::coded(
        text,
        FiveLevelClass::ALL,
        FiveLevelClass::from_name,
        FiveLevelClass::code,
    )
}

fn report_channel(text: &str) -> Result<ReportChannel, String> {
    crate::support::coded(
        text,
        ReportChannel::ALL,
        ReportChannel::from_name,
        ReportChannel::code,
    )
}

pub fn run(a: DoneArgs, l: Locale) -> Result<(), CliError> {
    let mut store = open_store(&a.db, OpenMode::Existing, l)?;
    let today = chrono::Local::now().date_naive();
    let on = a.on.unwrap_or(today);
    let target = match (&a.contract, &a.officer) {
        (Some(no), _) => TaskTarget::Contract(no.clone()),
        (None, Some(name)) => TaskTarget::Officer(name.clone()),
        (None, None) => unreachable!("clap requires one"),
    };
    let record = match a.kind {
        TaskKind::TierReview => {
            let id = match &target {
                TaskTarget::Contract(no) => store.guarantee_id_by_contract(no.trim())?,
                _ => None,
            };
            let current = id.map(|id| store.guarantee(id)).transpose()?;
            let tier = match (a.tier, &current) {
                (Some(t), _) => {
                    RiskTier::new(t).map_err(|e| CliError::Message(format!("--tier: {e}")))?
                }
                (None, Some(g)) => g.risk_tier,
                (None, None) => RiskTier::new(1).expect("tier 1"),
            };
            let class = a
                .class
                .or(current.as_ref().map(|g| g.five_level_class))
                .unwrap_or(FiveLevelClass::Normal);
            TaskRecord::TierReview {
                tier,
                class,
                reason: a.note.clone(),
            }
        }
        TaskKind::VisitPlan => TaskRecord::VisitPlan {
            submitted_to: a.to.clone().unwrap_or_else(|| "业务部经理".into()),
            note: a.note.clone(),
        },
        TaskKind::SignalReport
        | TaskKind::HeadReport
        | TaskKind::DemandReport
        | TaskKind::CompensationReport
        | TaskKind::ShareholderReport => TaskRecord::Report {
            // The seeds' recipients: a signal to the department head the same day, then in
            // writing to the general manager; a compensation to the general manager.
            to: a.to.clone().unwrap_or_else(|| match a.kind {
                TaskKind::SignalReport => "部门负责人".into(),
                TaskKind::ShareholderReport => "股东会".into(),
                _ => "总经理".into(),
            }),
            channel: a.how.unwrap_or(
                if matches!(a.kind, TaskKind::HeadReport | TaskKind::ShareholderReport) {
                    ReportChannel::Written
                } else {
                    ReportChannel::Oral
                },
            ),
            at: a.at,
            said: a.note.clone(),
        },
        TaskKind::CompensationPlan
        | TaskKind::RecoveryPlan
        | TaskKind::RecoveryNotice
        | TaskKind::LegalAdviserNotice
        | TaskKind::LegalAction
        | TaskKind::AuthoritiesContact => TaskRecord::Step {
            document: a
                .document
                .clone()
                .unwrap_or_else(|| a.kind.label(Locale::ZhCn).to_owned()),
            reference: a.reference.clone(),
            note: a.note.clone(),
        },
        _ => TaskRecord::FollowUp {
            note: a.note.clone(),
        },
    };
    let policy = store.policy_in_force()?;
    let calendar = store.calendar()?;
    let engine = Engine::new(&policy, &calendar);
    let refused = |e: baohou_core::closing::CloseError| CliError::Message(e.message(l));
    let officer = match &target {
        TaskTarget::Officer(name) => Some(name.trim().to_owned()),
        _ => None,
    };
    let prepared = prepare(
        &store,
        &engine,
        &CloseTask {
            target,
            kind: a.kind,
            due: a.due,
            anchor: a.anchor.clone(),
            on,
            record,
        },
        today,
    )
    .map_err(refused)?;
    // The plan is saved before it is recorded as submitted: one that cannot be saved is not.
    let saved = match prepared.plan() {
        Some(bytes) => {
            let path = a.out.clone().unwrap_or_else(|| {
                PathBuf::from(format!(
                    "回访计划表-{}-{}.xlsx",
                    officer.as_deref().unwrap_or_default(),
                    baohou_core::calendar::quarter_label(a.due)
                ))
            });
            baohou_core::files::write_whole(&path, bytes).map_err(|source| {
                CliError::Export(baohou_core::privacy::ExportError::Write {
                    path: path.clone(),
                    source,
                })
            })?;
            Some(path)
        }
        None => None,
    };
    let closed = prepared.commit(&mut store).map_err(refused)?;
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&closed).expect("a closed task serialises")
        );
    } else {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            closed.kind.label(l),
            closed.due,
            closed.anchor,
            closed.done_on,
            closed.note
        );
        if let Some(path) = &saved {
            println!("{}", path.display());
        }
    }
    Ok(())
}
