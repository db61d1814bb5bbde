//! A visit's fields set by name from the command line, and the list of names.

use crate::support::CliError;
use baohou_core::OpenMode;
use baohou_core::draft::{InterviewValue, InventoryColumn, VisitEdit};
use baohou_core::i18n::Locale;
use baohou_core::session::VisitScreen;
use baohou_core::visit::{FinancialMetric, SignatureRole, VisitKind, VisitMethod};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A field's value as given.
pub(super) enum Value {
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
pub(super) enum Action {
    Edits(Vec<VisitEdit>),
    /// A column of a stock line not there yet (the next one): the line is added, then set.
    NewStockLine(InventoryColumn, String),
    /// A field of an interview not there yet (the next one).
    NewInterview(InterviewValue),
    Confirm(String),
    Sign(SignatureRole, Vec<u8>),
}

pub(super) fn unknown_field(field: &str, l: Locale) -> CliError {
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

pub(super) fn yes(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "是" | "有" => Some(true),
        "no" | "n" | "false" | "0" | "否" | "无" | "無" => Some(false),
        _ => None,
    }
}

/// Reads a field name and its value into the edits the window's autosave would make.
pub(super) fn parse_field(
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

/// One field name of `visit set`.
#[derive(Serialize)]
pub(super) struct FieldJson {
    name: String,
    value: String,
    meaning: String,
}

pub(super) fn fields(db: Option<&Path>, json: bool, l: Locale) -> Result<(), CliError> {
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
