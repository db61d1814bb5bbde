//! The agenda: what is owed, by when and why.

use crate::support::*;
use baohou_core::calendar::WorkCalendar;
use baohou_core::messages::calendar_gap_message;
use baohou_core::signals::SignalCatalog;
use baohou_core::store::agenda_from_store;
use baohou_core::tasks::TaskState;
use baohou_core::tasks::engine::{Agenda, Engine};
use baohou_core::tasks::portfolio_file::{PortfolioFile, RaisedSignal};
use baohou_core::{Locale, OpenMode, StoreError};
use chrono::NaiveDate;
use clap::Subcommand;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
    /// 计算待办：每笔担保该做什么、何时到期、依据哪条制度
    /// / Compute what is owed: every task, its due date, and the policy rule it comes from
    #[command(group(clap::ArgGroup::new("source").required(true).args(["db", "portfolio"])))]
    Due {
        /// 数据库文件 / Database file
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
        /// 不用数据库：从 JSON 组合文件计算（格式见 docs/rules.md）
        /// / Compute from a self-contained JSON portfolio instead (format in docs/rules.md)
        #[arg(long, value_name = "FILE.json")]
        portfolio: Option<PathBuf>,
        /// 以哪一天计算（默认今天）/ The day to compute for (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        /// 公司制度文件（默认：数据库中现行的制度，未安装则用内置制度）
        /// / Company policy file (default: the policy installed in the database, else the built-in one)
        #[arg(long, value_name = "FILE.toml")]
        policy: Option<PathBuf>,
        /// 只看某位项目经理（A角或B角）/ Only one officer's guarantees (A or B)
        #[arg(long, value_name = "NAME")]
        officer: Option<String>,
        /// 输出 JSON / Print JSON
        #[arg(long)]
        json: bool,
    },
    /// 不经检查、从档案登记一项预警信号（银行通知、法院文书、公开信息、知情人反映）：其检查与报告随即排入待办
    /// / Record a warning signal from the guarantee's file, without a visit (a bank's or a court's
    /// notice, public records, someone who knows): its check and reports become owed
    Signal {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        guarantee: i64,
        /// 信号代码（见 docs/rules.md 的目录，如 W21、W26）/ The catalogue's code (W21, W26 …)
        #[arg(long, value_name = "CODE")]
        code: String,
        /// 发现日（默认今天）/ Day it became known (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        on: Option<NaiveDate>,
        /// 来源 / Source: bank_notice, court_notice, public_record, informant, other
        #[arg(long, default_value = "bank_notice")]
        source: String,
        /// 依据：文书名称与编号、数字，或谁反映了什么 / What the document or the person says
        #[arg(long)]
        evidence: String,
    },
}

pub fn run(command: Command, l: Locale) -> Result<(), CliError> {
    match command {
        Command::Due {
            db,
            portfolio,
            as_of,
            policy,
            officer,
            json,
        } => {
            let calendar = WorkCalendar::builtin();
            let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
            match (db, portfolio) {
                (_, Some(path)) => {
                    let policy = load_policy(policy.as_ref())?;
                    let engine = Engine::new(&policy, &calendar);
                    let text = read_text(&path)?;
                    let file = PortfolioFile::from_json(&text, &policy, &SignalCatalog::builtin())
                        .map_err(|e| CliError::Portfolio(path.clone(), e))?;
                    let mut guarantees = file.guarantees;
                    if let Some(name) = &officer {
                        guarantees.retain(|g| g.officer.as_deref() == Some(name.as_str()));
                    }
                    let agenda = engine.agenda(as_of, &guarantees, &[]);
                    print_agenda(&agenda, &file.raised, json, l)?;
                }
                (Some(db), None) => {
                    let store = open_store(&db, OpenMode::Existing, l)?;
                    let policy = match &policy {
                        Some(_) => load_policy(policy.as_ref())?,
                        None => store.policy_in_force()?,
                    };
                    let calendar = store.calendar()?;
                    let engine = Engine::new(&policy, &calendar);
                    let agenda = agenda_from_store(&store, &engine, as_of, officer.as_deref())?;
                    print_agenda(&agenda, &[], json, l)?;
                }
                (None, None) => unreachable!("clap requires --db or --portfolio"),
            }
        }
        Command::Signal {
            db,
            guarantee,
            code,
            on,
            source,
            evidence,
        } => {
            use baohou_core::signals::from_file::{NewFileSignal, SignalSource};
            let source = coded_arg(
                "--source",
                &source,
                SignalSource::ALL,
                SignalSource::from_name,
                SignalSource::code,
                l,
            )?;
            let today = chrono::Local::now().date_naive();
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let s = store.record_file_signal(
                guarantee,
                &NewFileSignal {
                    code,
                    found_on: on.unwrap_or(today),
                    source,
                    evidence,
                },
                &SignalCatalog::builtin(),
                today,
            )?;
            println!(
                "{}[{}] {} {} {}（{}）{}",
                l.pick("已登记预警信号：", "已登記預警信號：", "Signal recorded: "),
                s.id,
                s.code,
                s.title,
                s.found_on,
                s.severity.label(l),
                s.evidence
            );
        }
    }
    Ok(())
}

fn print_agenda(
    agenda: &Agenda,
    raised: &[RaisedSignal],
    json: bool,
    l: Locale,
) -> Result<(), CliError> {
    let warnings: Vec<CalendarWarningJson> = agenda
        .calendar_gaps
        .iter()
        .map(|y| CalendarWarningJson {
            year: *y,
            message: calendar_gap_message(*y, l),
        })
        .collect();
    if json {
        let out = DueJson {
            as_of: agenda.as_of,
            policy_version: &agenda.policy_version,
            tasks: agenda
                .tasks
                .iter()
                .map(|t| TaskJson {
                    contract_no: t.contract_no.as_deref(),
                    borrower: t.borrower.as_deref(),
                    officer: t.officer.as_deref(),
                    kind: t.kind,
                    anchor: &t.anchor,
                    due: t.due,
                    state: t.state,
                    days_overdue: t.days_overdue,
                    done_on: t.done_on,
                    rule: t.rule,
                    reason: t.reason_text(l),
                })
                .collect(),
            calendar_warnings: warnings,
            signals_raised: raised,
        };
        let text = serde_json::to_string_pretty(&out)
            .map_err(|e| CliError::Store(StoreError::Invalid(e.to_string())))?;
        emit(&format!("{text}\n"));
        return Ok(());
    }
    for w in &warnings {
        eprintln!("{}{}", l.pick("注意：", "注意：", "note: "), w.message);
    }
    let mut out = String::new();
    let count = |s: TaskState| agenda.tasks.iter().filter(|t| t.state == s).count();
    let _ = writeln!(
        out,
        "{} {} · {} {} · {} {} · {} {} · {} {}（{} {}）",
        agenda.as_of,
        l.pick("待办", "待辦", "agenda"),
        TaskState::Overdue.label(l),
        count(TaskState::Overdue),
        TaskState::DueToday.label(l),
        count(TaskState::DueToday),
        TaskState::Upcoming.label(l),
        count(TaskState::Upcoming),
        TaskState::Done.label(l),
        count(TaskState::Done),
        l.pick("制度版本", "制度版本", "policy"),
        agenda.policy_version
    );
    for r in raised {
        let _ = writeln!(
            out,
            "{} {} {} {} {}：{}",
            l.pick("新预警", "新預警", "new signal"),
            r.contract_no,
            r.found,
            r.code,
            r.title,
            r.evidence
        );
    }
    for t in &agenda.tasks {
        let state = match t.state {
            TaskState::Overdue => format!(
                "{} {}{}",
                t.state.label(l),
                t.days_overdue,
                l.pick("天", "天", "d")
            ),
            _ => t.state.label(l).to_owned(),
        };
        let _ = writeln!(
            out,
            "{state}\t{}\t{}\t{}\t{}\t{}\t[{}]",
            t.due,
            t.contract_no
                .as_deref()
                .or(t.officer.as_deref())
                .unwrap_or("-"),
            t.borrower.as_deref().unwrap_or("-"),
            t.kind.label(l),
            t.reason_text(l),
            t.rule
        );
    }
    emit(&out);
    Ok(())
}

/// `due --json` output.
#[derive(Serialize)]
struct DueJson<'a> {
    as_of: chrono::NaiveDate,
    policy_version: &'a str,
    tasks: Vec<TaskJson<'a>>,
    calendar_warnings: Vec<CalendarWarningJson>,
    signals_raised: &'a [RaisedSignal],
}

#[derive(Serialize)]
struct TaskJson<'a> {
    contract_no: Option<&'a str>,
    borrower: Option<&'a str>,
    officer: Option<&'a str>,
    kind: baohou_core::tasks::TaskKind,
    anchor: &'a str,
    due: chrono::NaiveDate,
    state: TaskState,
    days_overdue: u32,
    done_on: Option<chrono::NaiveDate>,
    rule: baohou_core::policy::PolicyKey,
    reason: String,
}

#[derive(Serialize)]
struct CalendarWarningJson {
    year: i32,
    message: String,
}
