//! Spreadsheets: the portfolio imported from the core system, and the ledgers and plans exported.

use crate::support::*;
use baohou_core::{Locale, OpenMode};
use chrono::NaiveDate;
use clap::{Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum Command {
    /// 从核心系统导出的 Excel/CSV（UTF-8 或 GBK）导入在保项目：默认只预览，加 --apply 才写入
    /// / Import guarantees from the core system's .xlsx/.xls/.csv (UTF-8 or GBK): previews
    /// unless --apply
    Import {
        /// 要导入的文件 / The file to import
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// 数据库文件 / Database file
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 写入本机数据库（一个事务；默认只预览）/ Write it (one transaction; default: preview only)
        #[arg(long)]
        apply: bool,
        /// 确认按标题推断的列对应关系（某种格式第一次导入时需要，之后沿用）
        /// / Confirm the mapping guessed from the headings (needed the first time a layout is imported; remembered after)
        #[arg(long)]
        confirm_mapping: bool,
        /// 指定某列对应的字段，如 --map "客户名称=borrower"，字段写 none 表示不导入该列；可多次
        /// / Map a column to a field, e.g. --map "客户名称=borrower" (none: ignore the column); repeatable
        #[arg(long, value_name = "HEADING=FIELD")]
        map: Vec<String>,
        /// 跳过有问题的行，只导入其余各行 / Skip the rows with problems and import the rest
        #[arg(long)]
        skip_broken: bool,
        /// 导入日期（记入变更历史，默认今天）/ The day recorded with the changes (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
    },
    /// 导出 Excel 报表：保后管理台账、回访计划表、在保客户风险分类表、逾期工作统计、工作日志
    /// / Export a spreadsheet: the ledger, the quarter's visit plan, the risk classification
    /// table, overdue work by officer, the work log
    Export {
        #[arg(value_enum)]
        what: ExportWhat,
        /// 数据库文件 / Database file
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 输出文件 / Output file
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        /// 以哪一天计算下次应检查与逾期（默认今天）/ The day next checks and lateness are computed for (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        /// 计划表、分类表的季度，如 2027Q1（计划表默认：报送日前为本季度，之后为下季度；分类表默认本季度）
        /// / The quarter of the plan or the table, e.g. 2027Q1 (plan: this quarter until its due day, then the next; table: this quarter)
        #[arg(long, value_name = "YYYYQn")]
        quarter: Option<String>,
        /// 工作日志起止日期（默认本月 1 日至今天）/ The work log's first and last day (default: this month)
        #[arg(long, value_name = "YYYY-MM-DD")]
        from: Option<NaiveDate>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<NaiveDate>,
        /// 只导出这位项目经理的工作日志 / Only this officer's log
        #[arg(long, value_name = "NAME")]
        officer: Option<String>,
    },
}

pub fn run(command: Command, l: Locale) -> Result<(), CliError> {
    match command {
        Command::Import {
            file,
            db,
            apply,
            confirm_mapping,
            map,
            skip_broken,
            as_of,
        } => {
            import_file(
                &file,
                &db,
                ImportOptions {
                    apply,
                    confirm_mapping,
                    map,
                    skip_broken,
                    as_of: as_of.unwrap_or_else(|| chrono::Local::now().date_naive()),
                },
                l,
            )?;
        }
        Command::Export {
            what,
            db,
            out,
            as_of,
            quarter,
            from,
            to,
            officer,
        } => {
            use baohou_core::sheets::{self, SheetKind};
            let store = open_store(&db, OpenMode::Existing, l)?;
            let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
            let kind = match what {
                ExportWhat::Ledger => SheetKind::Ledger,
                ExportWhat::Plan => SheetKind::Plan,
                ExportWhat::RiskTable => SheetKind::RiskTable,
                ExportWhat::Overdue => SheetKind::Overdue,
                ExportWhat::Log => SheetKind::Log,
                ExportWhat::Checklist => SheetKind::Checklist,
            };
            let options = sheets::ExportOptions {
                quarter: quarter.map(|q| parse_quarter(&q, l)).transpose()?,
                from,
                to,
                officer,
            };
            let sheets::Exported { bytes, lines } =
                sheets::export(&store, kind, as_of, &options, l)
                    .map_err(|e| CliError::Message(baohou_core::messages::sheet_message(&e, l)))?;
            let unit = match kind {
                SheetKind::Ledger => l.pick("笔担保", "筆擔保", "guarantees"),
                SheetKind::Plan => l.pick("次检查", "次檢查", "checks"),
                SheetKind::RiskTable => l.pick("笔在保", "筆在保", "active guarantees"),
                SheetKind::Overdue => l.pick("项逾期", "項逾期", "overdue tasks"),
                SheetKind::Log => l.pick("条", "條", "entries"),
                SheetKind::Checklist => l.pick("个检查项", "個檢查項", "items"),
            };
            let what = kind.label(l);
            let count = lines;
            write_out(&out, &bytes)?;
            println!(
                "{}{what}{}{}（{count} {unit}，{} KB）",
                l.pick("已导出", "已匯出", "Written: "),
                l.pick("：", "：", ": "),
                out.display(),
                bytes.len().div_ceil(1024)
            );
        }
    }
    Ok(())
}

/// `2027Q1` (or `2027q1`, `2027-Q1`) as the quarter's first day.
fn parse_quarter(text: &str, l: Locale) -> Result<NaiveDate, CliError> {
    let t = text.trim().to_ascii_uppercase().replace('-', "");
    let parsed = t.split_once('Q').and_then(|(y, q)| {
        let (y, q) = (y.parse::<i32>().ok()?, q.parse::<u32>().ok()?);
        (1..=4)
            .contains(&q)
            .then(|| NaiveDate::from_ymd_opt(y, (q - 1) * 3 + 1, 1))
            .flatten()
    });
    parsed.ok_or_else(|| {
        CliError::Message(format!(
            "{text}: {}",
            l.pick(
                "季度应写成如 2027Q1",
                "季度應寫成如 2027Q1",
                "write the quarter as e.g. 2027Q1"
            )
        ))
    })
}

/// `baohou import`: the preview (or what was written), row by row.
fn import_file(path: &Path, db: &Path, options: ImportOptions, l: Locale) -> Result<(), CliError> {
    use baohou_core::messages::{import_error_message, import_run_message};
    use baohou_core::sheets::import::{self as imp, ImportChoice, ImportField};
    let file = imp::open_path(path).map_err(|e| CliError::Message(import_error_message(&e, l)))?;
    let mut store = open_store(db, OpenMode::Existing, l)?;
    let given = if options.map.is_empty() && !options.confirm_mapping {
        None
    } else {
        let mut mapping = match store.remembered_mapping(&file.layout.signature)? {
            Some(m) => m,
            None => imp::guess_mapping(&file.layout),
        };
        for spec in &options.map {
            let Some((heading, field)) = spec.rsplit_once('=') else {
                return Err(CliError::Message(format!(
                    "--map {spec}: {}",
                    l.pick(
                        "应写成 列标题=字段",
                        "應寫成 欄標題=欄位",
                        "write it as HEADING=FIELD"
                    )
                )));
            };
            let field = match field.trim() {
                "none" | "-" | "不导入" => None,
                f => Some(ImportField::from_name(f).map_err(|_| {
                    let fields: Vec<String> = ImportField::ALL
                        .iter()
                        .map(|f| format!("{}（{}）", f.code(), f.label(l)))
                        .collect();
                    CliError::Message(format!(
                        "--map {spec}: {}{}",
                        l.pick("字段应为 ", "欄位應為 ", "the field is one of "),
                        fields.join("、")
                    ))
                })?),
            };
            let Some(column) = mapping.iter_mut().find(|m| m.heading == heading.trim()) else {
                return Err(CliError::Message(format!(
                    "--map {spec}: {}{}",
                    l.pick(
                        "文件中没有这一列：",
                        "檔案中沒有這一欄：",
                        "no such column: "
                    ),
                    heading.trim()
                )));
            };
            column.field = field;
        }
        Some(mapping)
    };
    let choice = if options.apply {
        ImportChoice::Write {
            skip_broken: options.skip_broken,
        }
    } else {
        ImportChoice::Preview
    };
    let report = imp::run_import(
        &mut store,
        &file,
        given.clone(),
        choice,
        options.as_of,
        now(),
        l,
    );
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            // Show the preview with the reason, so the user sees what to fix.
            if let Ok(preview) = imp::run_import(
                &mut store,
                &file,
                given,
                ImportChoice::Preview,
                options.as_of,
                now(),
                l,
            ) {
                print_import_report(&preview, l);
            }
            return Err(CliError::Message(import_run_message(&e, l)));
        }
    };
    print_import_report(&report, l);
    Ok(())
}

struct ImportOptions {
    apply: bool,
    confirm_mapping: bool,
    map: Vec<String>,
    skip_broken: bool,
    as_of: NaiveDate,
}

fn print_import_report(r: &baohou_core::sheets::import::SheetImport, l: Locale) {
    let sheet = if r.sheet.is_empty() {
        String::new()
    } else {
        format!("（{}）", r.sheet)
    };
    println!(
        "{}{}{sheet}{}{}{}",
        l.pick("文件：", "檔案：", "File: "),
        r.file_name,
        l.pick("，标题在第 ", "，標題在第 ", ", headings on row "),
        r.heading_row,
        l.pick(" 行", " 行", "")
    );
    println!("{}{}", r.mapping_source.label(l), l.pick("：", "：", ":"));
    for m in &r.mapping {
        let field = m
            .field
            .map(|f| format!("{}（{}）", f.label(l), f.code()))
            .unwrap_or_else(|| l.pick("不导入", "不匯入", "ignored").into());
        println!("  {} → {field}", m.heading);
    }
    println!(
        "{} {}{} {}{} {}{} {}{} {}",
        l.pick("读到", "讀到", "Rows read:"),
        r.rows_read,
        l.pick(" 行：新增", " 行：新增", "; new"),
        r.new.len(),
        l.pick("，更新", "，更新", ", changed"),
        r.changed.len(),
        l.pick("，未变", "，未變", ", unchanged"),
        r.unchanged,
        l.pick("，有问题", "，有問題", ", with problems"),
        r.broken_rows
    );
    for n in &r.new {
        println!(
            "  {} {} {} {}",
            l.pick("新增", "新增", "new"),
            n.contract_no,
            n.borrower,
            row_label(n.row, l)
        );
    }
    for c in &r.changed {
        println!(
            "  {} {} {}",
            l.pick("更新", "更新", "changed"),
            c.contract_no,
            row_label(c.row, l)
        );
        for f in &c.changes {
            println!("    {}：{} → {}", f.field.label(l), f.before, f.after);
        }
    }
    for p in &r.problems {
        println!(
            "  {} {}{}",
            row_label(p.row, l),
            p.contract_no
                .as_deref()
                .map(|c| format!("{c} "))
                .unwrap_or_default(),
            p.message
        );
    }
    if !r.new_officers.is_empty() {
        println!(
            "{}{}",
            l.pick("将新建项目经理：", "將新建項目經理：", "New officers: "),
            r.new_officers.join("、")
        );
    }
    if !r.new_borrowers.is_empty() {
        println!(
            "{}{}",
            l.pick("将新建被担保人：", "將新建被擔保人：", "New borrowers: "),
            r.new_borrowers.join("、")
        );
    }
    if r.written {
        println!(
            "{}",
            l.pick(
                "已导入（一个事务）；变更已记入历史。",
                "已匯入（一個交易）；變更已記入歷史。",
                "Imported in one transaction; the changes are kept in history."
            )
        );
    } else {
        println!(
            "{}",
            l.pick(
                "以上为预览，未写入。确认无误后加 --apply 导入。",
                "以上為預覽，未寫入。確認無誤後加 --apply 匯入。",
                "This is a preview; nothing was written. Add --apply to import."
            )
        );
    }
}

fn row_label(row: usize, l: Locale) -> String {
    match l {
        Locale::En => format!("(row {row})"),
        _ => format!("（第 {row} 行）"),
    }
}

/// What `baohou export` writes.
#[derive(Clone, Copy, ValueEnum)]
pub enum ExportWhat {
    /// 保后管理台账: one line per guarantee
    Ledger,
    /// 回访计划表: every check of the quarter, by officer
    Plan,
    /// 在保客户风险分类表: tiers and classes of the quarter, with totals
    RiskTable,
    /// 逾期工作统计: overdue work by officer
    Overdue,
    /// 工作日志: visits, calls and tasks done, by day
    Log,
    /// 保后检查表模板 in force, to edit in Excel and install back with `baohou checklist`
    Checklist,
}
