//! `baohou visit …`: a visit from the command line, through the same session calls as the
//! window (start, the autosave's edits by field name, photos, the review, completion), for head
//! office's scripts, the company simulation and checks outside this repository.

use crate::support::{CliError, session, user};
use baohou_core::draft::{VisitEdit, VisitStart};
use baohou_core::i18n::Locale;
use baohou_core::session::ReportTarget;
use baohou_core::visit::{SignatureRole, VisitKind, VisitMethod};
use chrono::NaiveDate;
use std::path::PathBuf;

mod fields;
mod photos;
mod review;

use fields::{Action, Value, fields, parse_field, unknown_field};
use photos::photos;
use review::ReviewJson;

/// 检查：开始、逐项填写、导入照片、查看尚缺、完成（与窗口同一套核心调用）
/// / A visit: start it, set its fields, import photos, review it, complete it (the window's
/// own core calls)
#[derive(clap::Subcommand)]
pub enum VisitCommand {
    /// 开始一次检查（已有草稿则继续该草稿），输出检查编号 / Start a visit (or resume the
    /// guarantee's draft); prints its id
    Start {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 合同编号 / Contract number
        #[arg(long, value_name = "NO")]
        contract: String,
        /// 检查类型 / Kind: first, periodic, maturity, emergency
        #[arg(long, value_name = "KIND", value_parser = visit_kind)]
        kind: VisitKind,
        /// 电话检查（默认实地）/ A phone check (default on site)
        #[arg(long)]
        phone: bool,
        /// 检查日期（默认今天）/ The visit's day (default today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<NaiveDate>,
        /// 检查人员（默认该担保的 A角）/ The officer (default the guarantee's A角)
        #[arg(long, value_name = "NAME")]
        officer: Option<String>,
    },
    /// 保存一个字段（字段名同窗口自动保存，见 baohou visit fields）/ Save one field, by the
    /// autosave's field names (see `baohou visit fields`)
    #[command(group(clap::ArgGroup::new("what").required(true).args(["value", "value_file"])))]
    Set {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        visit: i64,
        #[arg(long, value_name = "NAME")]
        field: String,
        #[arg(long, value_name = "TEXT")]
        value: Option<String>,
        /// 从文件读取值（签名为 PNG 文件）/ The value from a file (a signature: a PNG)
        #[arg(long, value_name = "FILE")]
        value_file: Option<PathBuf>,
        /// 签名人（签名字段；默认检查人员或确认借款人的代表）/ Who signed (signature fields)
        #[arg(long, value_name = "NAME")]
        signer: Option<String>,
    },
    /// 导入照片，逐张输出收下或拒收及原因、拍摄时间、距企业地址的距离、是否重复使用旧照片
    /// / Import photos; for each: accepted or refused with the reason, its time, its distance
    /// from the registered site, and an earlier photo it re-uses
    Photos {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        visit: i64,
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// 尚缺什么、规则提示的预警信号 / What is missing, and the signals the rules propose
    Review {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        visit: i64,
        #[arg(long)]
        json: bool,
    },
    /// 完成检查并出具保后检查表（不完整则列出尚缺并拒绝），输出文书编号
    /// / Complete the visit and issue its report (refused with what is missing); prints the
    /// document number
    Complete {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        visit: i64,
        /// 保后检查表 PDF 另存为 / Save the report's PDF here
        #[arg(long, value_name = "FILE.pdf")]
        out: Option<PathBuf>,
    },
    /// 列出字段名与检查类型 / List the field names and visit kinds
    Fields {
        /// 列出该数据库现行检查表模板的题目编号 / With the codes of the database's checklist
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

fn visit_kind(text: &str) -> Result<VisitKind, String> {
    crate::support::coded(text, VisitKind::ALL, VisitKind::from_name, VisitKind::code)
}

pub fn run(command: VisitCommand, l: Locale) -> Result<(), CliError> {
    match command {
        VisitCommand::Start {
            db,
            contract,
            kind,
            phone,
            date,
            officer,
        } => {
            let mut s = session(&db, l)?;
            let g = s
                .guarantees(l)
                .map_err(user)?
                .into_iter()
                .find(|g| g.contract_no == contract.trim())
                .ok_or_else(|| {
                    CliError::Message(format!(
                        "{}{contract}",
                        l.pick(
                            "没有这个合同编号的担保：",
                            "沒有這個合同編號的擔保：",
                            "No guarantee has contract number "
                        )
                    ))
                })?;
            let name = officer.unwrap_or(g.officer_a);
            let officer_id = s
                .officers(l)
                .map_err(user)?
                .into_iter()
                .find(|o| o.name == name.trim())
                .map(|o| o.id)
                .ok_or_else(|| {
                    CliError::Message(format!(
                        "{}{name}",
                        l.pick("没有这位人员：", "沒有這位人員：", "No officer named ")
                    ))
                })?;
            let id = g.id;
            let screen = s
                .start_visit(
                    l,
                    &VisitStart {
                        guarantee_id: id,
                        kind,
                        method: if phone {
                            VisitMethod::Phone
                        } else {
                            VisitMethod::OnSite
                        },
                        visit_date: date.unwrap_or_else(|| chrono::Local::now().date_naive()),
                        officer_id,
                        started_from: None,
                    },
                )
                .map_err(user)?;
            println!("{}", screen.draft.id);
        }
        VisitCommand::Set {
            db,
            visit,
            field,
            value,
            value_file,
            signer,
        } => {
            let mut s = session(&db, l)?;
            let value = match (value, value_file) {
                (Some(v), _) => Value::Text(v),
                (None, Some(path)) => {
                    let bytes =
                        std::fs::read(&path).map_err(|e| CliError::Read(path.clone(), e))?;
                    Value::File(path, bytes)
                }
                (None, None) => unreachable!("clap requires one"),
            };
            let screen = s.visit(l, visit).map_err(user)?;
            let action = parse_field(&field, value, &screen, l)?;
            let screen = match action {
                Action::Edits(edits) => {
                    let mut last = None;
                    for edit in edits {
                        last = Some(s.edit_visit(l, visit, &edit).map_err(user)?.screen);
                    }
                    last.unwrap_or(screen)
                }
                Action::NewStockLine(column, text) => {
                    let added = s
                        .edit_visit(l, visit, &VisitEdit::AddInventoryLine)
                        .map_err(user)?;
                    let line_id = added
                        .screen
                        .draft
                        .inventory
                        .last()
                        .map(|line| line.id)
                        .ok_or_else(|| unknown_field(&field, l))?;
                    let edit = VisitEdit::InventoryText {
                        line_id,
                        column,
                        text,
                    };
                    s.edit_visit(l, visit, &edit).map_err(user)?.screen
                }
                Action::NewInterview(value) => {
                    let added = s
                        .edit_visit(l, visit, &VisitEdit::AddInterview)
                        .map_err(user)?;
                    let interview_id = added
                        .screen
                        .draft
                        .interviews
                        .last()
                        .map(|i| i.id)
                        .ok_or_else(|| unknown_field(&field, l))?;
                    let edit = VisitEdit::Interview {
                        interview_id,
                        value,
                    };
                    s.edit_visit(l, visit, &edit).map_err(user)?.screen
                }
                Action::Confirm(by) => s.confirm_visit(l, visit, &by).map_err(user)?,
                Action::Sign(role, png) => {
                    let who = signer.unwrap_or_else(|| match role {
                        SignatureRole::Officer => screen.draft.officer.clone(),
                        SignatureRole::Borrower => screen
                            .draft
                            .borrower_confirmation
                            .as_ref()
                            .map(|c| c.by.clone())
                            .unwrap_or_default(),
                    });
                    s.sign_visit(l, visit, role, &who, &png).map_err(user)?
                }
            };
            println!(
                "{}\t{}",
                field,
                if screen.review.ready_to_complete {
                    l.pick("可以完成", "可以完成", "ready to complete")
                } else {
                    l.pick("已保存", "已儲存", "saved")
                }
            );
        }
        VisitCommand::Photos {
            db,
            visit,
            files,
            json,
        } => photos(&db, visit, &files, json, l)?,
        VisitCommand::Review { db, visit, json } => {
            let s = session(&db, l)?;
            let screen = s.visit(l, visit).map_err(user)?;
            let out = ReviewJson::of(&screen, l);
            if json {
                println!("{}", serde_json::to_string_pretty(&out).expect("JSON"));
            } else {
                for m in &out.missing {
                    println!("{}\t{m}", l.pick("尚缺", "尚缺", "missing"));
                }
                for p in &out.proposed_signals {
                    println!(
                        "{}\t{} {}（{}）：{}",
                        l.pick("提示预警", "提示預警", "signal"),
                        p.code,
                        p.title,
                        p.severity,
                        p.evidence
                    );
                }
                if out.ready_to_complete {
                    println!("{}", l.pick("可以完成", "可以完成", "ready to complete"));
                }
            }
        }
        VisitCommand::Complete { db, visit, out } => {
            let mut s = session(&db, l)?;
            let screen = s.visit(l, visit).map_err(user)?;
            if !screen.review.ready_to_complete {
                return Err(CliError::Message(format!(
                    "{}\n{}",
                    l.pick(
                        "检查表尚不完整，未完成：",
                        "檢查表尚不完整，未完成：",
                        "The checklist is not complete yet:"
                    ),
                    screen.problem_texts.join("\n")
                )));
            }
            s.complete_visit(l, visit).map_err(user)?;
            // Issued at once, as the window does when it completes: numbered, digested, sealed.
            let scratch =
                tempfile::tempdir().map_err(|e| CliError::Read(std::env::temp_dir(), e))?;
            // What the user typed is what a dialog would have granted.
            if let Some(file) = &out {
                s.grant_path(baohou_core::session::PathPurpose::SaveReport, file.clone());
            }
            let target = match &out {
                Some(file) => ReportTarget::File(file),
                None => ReportTarget::Folder(scratch.path()),
            };
            let issued = s.export_report(l, visit, false, target).map_err(user)?;
            println!("{visit}\t{}", issued.document_no);
            if let Some(file) = &out {
                println!("{}", file.display());
            }
        }
        VisitCommand::Fields { db, json } => fields(db.as_deref(), json, l)?,
    }
    Ok(())
}
