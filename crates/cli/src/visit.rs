//! `baohou visit …`: a visit from the command line, through the same session calls as the
//! window (start, the autosave's edits by field name, photos, the review, completion), for head
//! office's scripts, the company simulation and checks outside this repository.

use crate::{CliError, passphrase};
use baohou_core::OpenMode;
use baohou_core::draft::{InterviewValue, InventoryColumn, VisitEdit, VisitStart};
use baohou_core::i18n::Locale;
use baohou_core::messages::UserError;
use baohou_core::session::{ReportTarget, Session, VisitScreen};
use baohou_core::visit::{FinancialMetric, SignatureRole, VisitKind, VisitMethod};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};

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
    crate::coded(text, VisitKind::ALL, VisitKind::from_name, VisitKind::code)
}

/// The database, unlocked as the window unlocks it.
fn session(db: &Path, l: Locale) -> Result<Session, CliError> {
    let pass = passphrase("BAOHOU_PASSPHRASE", false, l)?;
    let mut s = Session::open(db, OpenMode::Existing);
    s.unlock(l, pass.as_str()).map_err(user)?;
    Ok(s)
}

fn user(e: UserError) -> CliError {
    CliError::Message(e.message)
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

/// A field's value as given.
enum Value {
    Text(String),
    File(PathBuf, Vec<u8>),
}

impl Value {
    fn text(self, field: &str, l: Locale) -> Result<String, CliError> {
        match self {
            Value::Text(t) => Ok(t),
            Value::File(path, bytes) => String::from_utf8(bytes).map_err(|_| {
                CliError::Message(format!(
                    "{field}: {} {}",
                    path.display(),
                    l.pick("不是 UTF-8 文本", "不是 UTF-8 文字", "is not UTF-8 text")
                ))
            }),
        }
    }
}

/// What saving a field means.
enum Action {
    Edits(Vec<VisitEdit>),
    /// A column of a stock line not there yet (the next one): the line is added, then set.
    NewStockLine(InventoryColumn, String),
    /// A field of an interview not there yet (the next one).
    NewInterview(InterviewValue),
    Confirm(String),
    Sign(SignatureRole, Vec<u8>),
}

fn unknown_field(field: &str, l: Locale) -> CliError {
    CliError::Message(format!(
        "{}{field}{}",
        l.pick("没有字段 ", "沒有欄位 ", "No field "),
        l.pick(
            "（字段名见 baohou visit fields）",
            "（欄位名見 baohou visit fields）",
            " (see baohou visit fields)"
        )
    ))
}

fn yes(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "是" | "有" => Some(true),
        "no" | "n" | "false" | "0" | "否" | "无" | "無" => Some(false),
        _ => None,
    }
}

/// Reads a field name and its value into the edits the window's autosave would make.
fn parse_field(
    field: &str,
    value: Value,
    screen: &VisitScreen,
    l: Locale,
) -> Result<Action, CliError> {
    let parts: Vec<&str> = field.split('.').collect();
    let bad_value = |what: &str| {
        CliError::Message(format!(
            "{field}: {}{what}",
            l.pick("值应为", "值應為", "the value must be ")
        ))
    };
    let edits = |e: VisitEdit| Ok(Action::Edits(vec![e]));
    match parts.as_slice() {
        ["method"] => {
            let t = value.text(field, l)?;
            let method = VisitMethod::from_name(&t).map_err(|_| bad_value("on_site, phone"))?;
            edits(VisitEdit::Method { method })
        }
        ["date"] => {
            let t = value.text(field, l)?;
            let date = t.trim().parse().map_err(|_| bad_value("YYYY-MM-DD"))?;
            edits(VisitEdit::VisitDate { date })
        }
        ["conclusion"] => edits(VisitEdit::Conclusion {
            text: value.text(field, l)?,
        }),
        ["measures"] => edits(VisitEdit::Measures {
            text: value.text(field, l)?,
        }),
        ["answer", code] => edits(VisitEdit::Answer {
            code: (*code).to_owned(),
            answer: value.text(field, l)?,
        }),
        ["note", code] => edits(VisitEdit::AnswerNote {
            code: (*code).to_owned(),
            note: value.text(field, l)?,
        }),
        ["figure", metric] => {
            let metric = FinancialMetric::from_name(metric).map_err(|_| unknown_field(field, l))?;
            edits(VisitEdit::Figure {
                metric,
                text: value.text(field, l)?,
            })
        }
        ["confirm_repeated", rest @ ..] if !rest.is_empty() => {
            edits(VisitEdit::ConfirmRepeatedText {
                field: rest.join("."),
            })
        }
        ["site"] => {
            let t = value.text(field, l)?;
            let (lat, lon) = t
                .split_once(',')
                .ok_or_else(|| bad_value("\"30.2741, 120.1551\""))?;
            edits(VisitEdit::RegisterSite {
                latitude: lat.trim().to_owned(),
                longitude: lon.trim().to_owned(),
            })
        }
        ["confirmation"] => Ok(Action::Confirm(value.text(field, l)?)),
        ["signature", role] => {
            let role = SignatureRole::from_name(role).map_err(|_| unknown_field(field, l))?;
            match value {
                Value::File(_, png) => Ok(Action::Sign(role, png)),
                Value::Text(_) => Err(bad_value("--value-file FILE.png")),
            }
        }
        ["signal", "accept", code] => edits(VisitEdit::AcceptSignal {
            code: (*code).to_owned(),
        }),
        ["signal", "raise", code] => edits(VisitEdit::RaiseSignal {
            code: (*code).to_owned(),
            evidence: value.text(field, l)?,
        }),
        ["signal", "dismiss", code] => edits(VisitEdit::DismissSignal {
            code: (*code).to_owned(),
            reason: value.text(field, l)?,
        }),
        ["signal", "undismiss", code] => edits(VisitEdit::UndismissSignal {
            code: (*code).to_owned(),
        }),
        ["signal", "withdraw", id] => edits(VisitEdit::WithdrawSignal {
            signal_id: id.parse().map_err(|_| unknown_field(field, l))?,
        }),
        ["photo", id, what] => {
            let photo_id: i64 = id.parse().map_err(|_| unknown_field(field, l))?;
            if !screen.draft.photos.iter().any(|p| p.id == photo_id) {
                return Err(CliError::Message(format!(
                    "{field}: {}{photo_id}",
                    l.pick(
                        "这次检查没有照片 ",
                        "這次檢查沒有照片 ",
                        "this visit has no photo "
                    )
                )));
            }
            match *what {
                "caption" => edits(VisitEdit::PhotoCaption {
                    photo_id,
                    caption: value.text(field, l)?,
                }),
                "item" => {
                    let t = value.text(field, l)?;
                    edits(VisitEdit::PhotoItem {
                        photo_id,
                        item: Some(t.trim().to_owned()).filter(|t| !t.is_empty()),
                    })
                }
                "reuse_explanation" => edits(VisitEdit::ExplainPhotoReuse {
                    photo_id,
                    explanation: value.text(field, l)?,
                }),
                "remove" => edits(VisitEdit::RemovePhoto { photo_id }),
                _ => Err(unknown_field(field, l)),
            }
        }
        ["stock", n, column] => {
            let n: usize = n.parse().map_err(|_| unknown_field(field, l))?;
            let lines = &screen.draft.inventory;
            if n == 0 || n > lines.len() + 1 {
                return Err(CliError::Message(format!(
                    "{field}: {}{}",
                    l.pick(
                        "盘点行号应为 1 到 ",
                        "盤點行號應為 1 到 ",
                        "the stock line must be 1 to "
                    ),
                    lines.len() + 1
                )));
            }
            let existing = lines.get(n - 1).map(|line| line.id);
            if *column == "remove" {
                return match existing {
                    Some(line_id) => edits(VisitEdit::RemoveInventoryLine { line_id }),
                    None => Err(unknown_field(field, l)),
                };
            }
            let column = match *column {
                "goods" => InventoryColumn::GoodsName,
                "unit" => InventoryColumn::Unit,
                "book" => InventoryColumn::BookQuantity,
                "counted" => InventoryColumn::CountedQuantity,
                "last" => InventoryColumn::LastCountQuantity,
                "minimum" => InventoryColumn::PledgedMinimum,
                "note" => InventoryColumn::Note,
                _ => return Err(unknown_field(field, l)),
            };
            let text = value.text(field, l)?;
            match existing {
                Some(line_id) => edits(VisitEdit::InventoryText {
                    line_id,
                    column,
                    text,
                }),
                None => Ok(Action::NewStockLine(column, text)),
            }
        }
        ["interview", n, what] => {
            let n: usize = n.parse().map_err(|_| unknown_field(field, l))?;
            let rows = &screen.draft.interviews;
            if n == 0 || n > rows.len() + 1 {
                return Err(CliError::Message(format!(
                    "{field}: {}{}",
                    l.pick(
                        "访谈序号应为 1 到 ",
                        "訪談序號應為 1 到 ",
                        "the interview must be 1 to "
                    ),
                    rows.len() + 1
                )));
            }
            let existing = rows.get(n - 1).map(|r| r.id);
            if *what == "remove" {
                return match existing {
                    Some(interview_id) => edits(VisitEdit::RemoveInterview { interview_id }),
                    None => Err(unknown_field(field, l)),
                };
            }
            let t = value.text(field, l)?;
            let number = |t: &str| -> Result<Option<u32>, CliError> {
                if t.trim().is_empty() {
                    Ok(None)
                } else {
                    t.trim()
                        .parse()
                        .map(Some)
                        .map_err(|_| bad_value("0, 1, 2 …"))
                }
            };
            let flag = |t: &str| yes(t).ok_or_else(|| bad_value("yes, no"));
            let value = match *what {
                "role" => InterviewValue::Role(t),
                "years" => InterviewValue::YearsAtFirm(number(&t)?),
                "wages_on_time" => InterviewValue::WagesPaidOnTime(flag(&t)?),
                "months_in_arrears" => InterviewValue::MonthsInArrears(number(&t)?.unwrap_or(0)),
                "shifts" => InterviewValue::ShiftsPerDay(number(&t)?),
                "orders" => InterviewValue::OrdersOnHand(t),
                "layoffs" => InterviewValue::LayoffsSeen(flag(&t)?),
                "equipment_out" => InterviewValue::EquipmentMovedOut(flag(&t)?),
                "notes" => InterviewValue::Notes(t),
                _ => return Err(unknown_field(field, l)),
            };
            match existing {
                Some(interview_id) => edits(VisitEdit::Interview {
                    interview_id,
                    value,
                }),
                None => Ok(Action::NewInterview(value)),
            }
        }
        _ => Err(unknown_field(field, l)),
    }
}

/// One photo as `visit photos` reports it.
#[derive(Serialize)]
struct PhotoJson {
    file: String,
    /// accepted, duplicate (the same bytes are on this visit already) or refused.
    status: &'static str,
    reason: Option<String>,
    photo_id: Option<i64>,
    taken_at: Option<chrono::NaiveDateTime>,
    metres_from_site: Option<u32>,
    far_from_site: bool,
    far_from_visit: bool,
    ahead_of_clock_minutes: Option<u32>,
    reuses: Option<ReuseJson>,
}

#[derive(Serialize)]
struct ReuseJson {
    earlier_visit_date: NaiveDate,
    contract_no: String,
    borrower: String,
    distance_bits: u32,
}

fn photos(db: &Path, visit: i64, files: &[PathBuf], json: bool, l: Locale) -> Result<(), CliError> {
    let mut s = session(db, l)?;
    // Each file on its own, so that each gets its answer.
    let mut outcomes = Vec::new();
    for path in files {
        let mut sha = None;
        let report = baohou_core::photos::import(
            std::slice::from_ref(path),
            l,
            |photo| {
                sha = Some(baohou_core::store::sha256_hex(&photo.photo.bytes));
                s.add_photo(l, visit, photo).map_err(|e| e.message)
            },
            |_| {},
        );
        if let Some(why) = report.stopped {
            return Err(CliError::Message(why));
        }
        let status = if report.added > 0 {
            "accepted"
        } else if !report.duplicates.is_empty() {
            "duplicate"
        } else {
            "refused"
        };
        outcomes.push((path, status, report.refused.first().cloned(), sha));
    }
    let screen = s.visit(l, visit).map_err(user)?;
    let rows: Vec<PhotoJson> = outcomes
        .into_iter()
        .map(|(path, status, reason, sha)| {
            let meta = sha
                .as_ref()
                .filter(|_| status != "refused")
                .and_then(|sha| screen.draft.photos.iter().find(|p| &p.sha256 == sha));
            let check = meta.and_then(|m| screen.review.photos.iter().find(|c| c.photo_id == m.id));
            PhotoJson {
                file: path.display().to_string(),
                status,
                reason,
                photo_id: meta.map(|m| m.id),
                taken_at: meta.and_then(|m| m.taken_at),
                metres_from_site: check.and_then(|c| c.metres_from_site),
                far_from_site: check.is_some_and(|c| c.far_from_site),
                far_from_visit: check.is_some_and(|c| c.far_from_visit),
                ahead_of_clock_minutes: check.and_then(|c| c.ahead_of_clock_minutes),
                reuses: meta.and_then(|m| m.reused.as_ref()).map(|r| ReuseJson {
                    earlier_visit_date: r.earlier_visit_date,
                    contract_no: r.earlier_contract_no.clone(),
                    borrower: r.earlier_borrower.clone(),
                    distance_bits: r.distance,
                }),
            }
        })
        .collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&rows).expect("JSON"));
        return Ok(());
    }
    for r in &rows {
        let mut line = format!("{}\t{}", r.file, r.status);
        if let Some(why) = &r.reason {
            line.push_str(&format!("\t{why}"));
        }
        if let Some(id) = r.photo_id {
            line.push_str(&format!("\t#{id}"));
        }
        if let Some(t) = r.taken_at {
            line.push_str(&format!("\t{t}"));
        }
        if let Some(m) = r.metres_from_site {
            line.push_str(&format!("\t{m} m"));
        }
        if let Some(re) = &r.reuses {
            line.push_str(&format!(
                "\t{}{} {}",
                l.pick("重复使用 ", "重複使用 ", "re-uses "),
                re.earlier_visit_date,
                re.contract_no
            ));
        }
        println!("{line}");
    }
    Ok(())
}

/// `visit review --json`.
#[derive(Serialize)]
struct ReviewJson {
    visit_id: i64,
    status: String,
    /// What is missing before completion, in the user's language.
    missing: Vec<String>,
    /// The same, as codes (`unanswered`, `borrower_not_confirmed` …).
    problems: Vec<serde_json::Value>,
    proposed_signals: Vec<ProposedJson>,
    ready_for_confirmation: bool,
    ready_to_complete: bool,
}

#[derive(Serialize)]
struct ProposedJson {
    code: String,
    title: String,
    severity: String,
    evidence: String,
}

impl ReviewJson {
    fn of(screen: &VisitScreen, l: Locale) -> ReviewJson {
        ReviewJson {
            visit_id: screen.draft.id,
            status: screen.draft.status.code().to_owned(),
            missing: screen.problem_texts.clone(),
            problems: screen
                .review
                .problems
                .iter()
                .map(|p| serde_json::to_value(p).unwrap_or_default())
                .collect(),
            proposed_signals: screen
                .review
                .proposed
                .iter()
                .map(|p| ProposedJson {
                    code: p.code.clone(),
                    title: p.title.clone(),
                    severity: p.severity.label(l).to_owned(),
                    evidence: p.evidence.clone(),
                })
                .collect(),
            ready_for_confirmation: screen.review.ready_for_confirmation,
            ready_to_complete: screen.review.ready_to_complete,
        }
    }
}

/// One field name of `visit set`.
#[derive(Serialize)]
struct FieldJson {
    name: String,
    value: String,
    meaning: String,
}

fn fields(db: Option<&Path>, json: bool, l: Locale) -> Result<(), CliError> {
    let mut out: Vec<FieldJson> = Vec::new();
    let mut add = |name: &str, value: &str, zh: &str, en: &str| {
        out.push(FieldJson {
            name: name.to_owned(),
            value: value.to_owned(),
            meaning: l.pick(zh, zh, en).to_owned(),
        });
    };
    add(
        "method",
        "on_site | phone",
        "检查方式",
        "How the visit is made",
    );
    add("date", "YYYY-MM-DD", "检查日期", "The visit's day");
    add(
        "answer.CODE",
        "TEXT",
        "检查表题目的答复（选项或文字）",
        "A checklist item's answer",
    );
    add(
        "note.CODE",
        "TEXT",
        "题目的说明（异常答复须写明事实）",
        "An item's note",
    );
    for (column, zh, en) in [
        ("goods", "品名", "goods"),
        ("unit", "单位", "unit"),
        ("book", "账面数量", "book quantity"),
        ("counted", "实盘数量", "counted quantity"),
        ("last", "上次盘点数量", "last count"),
        ("minimum", "质押最低库存", "pledged minimum"),
        ("note", "备注", "note"),
    ] {
        add(
            &format!("stock.N.{column}"),
            "TEXT",
            &format!("第 N 行盘点的{zh}（N 为下一行时新增一行）"),
            &format!("Stock line N's {en} (N the next line adds one)"),
        );
    }
    add(
        "stock.N.remove",
        "-",
        "删除第 N 行盘点",
        "Removes stock line N",
    );
    for (name, value, zh, en) in [
        ("role", "TEXT", "岗位", "role"),
        ("years", "N", "在厂年限", "years at the firm"),
        (
            "wages_on_time",
            "yes | no",
            "工资按时发放",
            "wages paid on time",
        ),
        ("months_in_arrears", "N", "欠薪月数", "months of wages owed"),
        ("shifts", "N", "每日班次", "shifts a day"),
        ("orders", "TEXT", "在手订单", "orders on hand"),
        ("layoffs", "yes | no", "见到裁员", "layoffs seen"),
        (
            "equipment_out",
            "yes | no",
            "设备外运",
            "equipment moved out",
        ),
        ("notes", "TEXT", "记录", "notes"),
    ] {
        add(
            &format!("interview.N.{name}"),
            value,
            &format!("第 N 位工人访谈的{zh}"),
            &format!("Interview N's {en}"),
        );
    }
    add(
        "interview.N.remove",
        "-",
        "删除第 N 位访谈",
        "Removes interview N",
    );
    for m in FinancialMetric::ALL {
        add(
            &format!("figure.{}", m.code()),
            "NUMBER",
            m.label(Locale::ZhCn),
            m.label(Locale::En),
        );
    }
    add(
        "conclusion",
        "TEXT",
        "检查结论（须有事实）",
        "The conclusion (with facts)",
    );
    add(
        "measures",
        "TEXT",
        "风险防范措施与建议",
        "Measures and suggestions",
    );
    add(
        "confirm_repeated.FIELD",
        "-",
        "确认与上次报告雷同的文字仍属实（FIELD 如 conclusion）",
        "Confirms a text repeating the last report still holds",
    );
    add(
        "signal.accept.CODE",
        "-",
        "发出规则提示的预警信号",
        "Raises a proposed signal",
    );
    add(
        "signal.raise.CODE",
        "EVIDENCE",
        "手动发出预警信号及所见事实",
        "Raises a signal by hand",
    );
    add(
        "signal.dismiss.CODE",
        "REASON",
        "提示的信号不适用及理由",
        "Dismisses a proposed signal",
    );
    add(
        "signal.undismiss.CODE",
        "-",
        "撤回不适用",
        "Takes a dismissal back",
    );
    add(
        "signal.withdraw.ID",
        "-",
        "撤回本次发出的信号",
        "Withdraws a signal of this visit",
    );
    add("photo.ID.caption", "TEXT", "照片说明", "A photo's caption");
    add(
        "photo.ID.item",
        "CODE",
        "照片对应的题目",
        "The item a photo proves",
    );
    add(
        "photo.ID.reuse_explanation",
        "TEXT",
        "重复使用旧照片的说明",
        "Why a re-used picture is there",
    );
    add("photo.ID.remove", "-", "删除照片", "Removes a photo");
    add(
        "site",
        "LAT, LON",
        "登记企业地址（一次）",
        "Registers the borrower's site (once)",
    );
    add(
        "confirmation",
        "NAME",
        "借款人代表确认（姓名）",
        "The borrower's confirmation (who)",
    );
    add(
        "signature.officer",
        "--value-file PNG",
        "检查人员签名（PNG）",
        "The officer's signature (PNG)",
    );
    add(
        "signature.borrower",
        "--value-file PNG",
        "借款人代表签名（PNG，确认之后）",
        "The borrower's representative's signature (PNG, after confirming)",
    );
    let mut codes = Vec::new();
    if let Some(db) = db {
        let store = crate::open_store(db, OpenMode::Existing, l)?;
        for item in store.template_in_force()?.items {
            codes.push(item);
        }
    }
    let kinds: Vec<(&str, &str)> = VisitKind::ALL
        .iter()
        .map(|k| (k.code(), k.label(l)))
        .collect();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "fields": out,
                "visit_kinds": kinds.iter().map(|(c, n)| serde_json::json!({"code": c, "label": n})).collect::<Vec<_>>(),
                "checklist": codes.iter().map(|i| serde_json::json!({
                    "code": i.code, "section": i.section, "question": i.question, "answer": i.answer,
                    "options": i.options, "abnormal": i.abnormal,
                    "products": i.products,
                })).collect::<Vec<_>>(),
            }))
            .expect("JSON")
        );
        return Ok(());
    }
    println!(
        "{}",
        l.pick(
            "检查类型（--kind）：",
            "檢查類型（--kind）：",
            "Visit kinds (--kind):"
        )
    );
    for (c, n) in &kinds {
        println!("  {c}\t{n}");
    }
    println!(
        "{}",
        l.pick(
            "字段（--field）：",
            "欄位（--field）：",
            "Fields (--field):"
        )
    );
    for f in &out {
        println!("  {}\t{}\t{}", f.name, f.value, f.meaning);
    }
    if !codes.is_empty() {
        println!(
            "{}",
            l.pick(
                "现行检查表题目（CODE）：",
                "現行檢查表題目（CODE）：",
                "Checklist items (CODE):"
            )
        );
        for i in &codes {
            println!("  {}\t{}\t{}", i.code, i.question, i.options.join(" / "));
        }
    }
    Ok(())
}
