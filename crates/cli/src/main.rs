//! `baohou`: the command-line companion of the Baohou app, over the same core.

use baohou_core::demo::write_demo;
use baohou_core::messages::store_message;
use baohou_core::{Locale, OpenMode, Store, StoreError};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "baohou",
    version,
    about = "保后管理命令行工具：建库、演示数据、查看在保项目\nBaohou post-guarantee management: create databases, write the demo, list guarantees",
    after_help = "示例 / Examples:\n  baohou init --db 保后.sqlite3\n  baohou demo --db demo.sqlite3\n  baohou list --db demo.sqlite3 --json"
)]
struct Cli {
    /// 输出语言（默认按 LANG 环境变量）/ Output language (default: from LANG)
    #[arg(long, global = true, value_enum)]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Lang {
    #[value(name = "zh-CN")]
    ZhCn,
    #[value(name = "zh-TW")]
    ZhTw,
    #[value(name = "en")]
    En,
}

#[derive(Subcommand)]
enum Command {
    /// 新建数据库，或把旧版本数据库升级到当前版本（不删改任何数据）
    /// / Create a database, or upgrade an older one in place (no data is changed)
    Init {
        /// 数据库文件 / Database file
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
    },
    /// 把演示用的在保项目写入一个空数据库（约40笔担保，近两年检查记录）
    /// / Write the demo portfolio (about 40 guarantees, two years of visits) into an empty database
    Demo {
        /// 数据库文件（不存在则新建）/ Database file (created if missing)
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 以哪一天为“今天”生成（默认今天）/ The date the demo is written as of (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<NaiveDate>,
    },
    /// 查看数据库概况：版本、各表行数、在保余额
    /// / Show a database's schema version, row counts and active balance
    Info {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
    },
    /// 列出全部担保项目 / List every guarantee
    List {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 输出 JSON（供脚本使用）/ Print JSON for scripts
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let locale = match cli.lang {
        Some(Lang::ZhCn) => Locale::ZhCn,
        Some(Lang::ZhTw) => Locale::ZhTw,
        Some(Lang::En) => Locale::En,
        None => std::env::var("LANG")
            .map(|l| Locale::from_posix(&l))
            .unwrap_or_default(),
    };
    match run(cli.command, locale) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!(
                "{}{}",
                locale.pick("错误：", "錯誤：", "error: "),
                store_message(&err, locale)
            );
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command, l: Locale) -> Result<(), StoreError> {
    match command {
        Command::Init { db } => {
            let store = Store::open(&db, OpenMode::CreateOrUpgrade)?;
            let m = store.migration();
            if m.from_version == 0 {
                println!(
                    "{}{}（{} {}）",
                    l.pick("已新建数据库：", "已建立資料庫：", "Created database: "),
                    db.display(),
                    l.pick("版本", "版本", "version"),
                    m.to_version
                );
            } else if m.upgraded() {
                println!(
                    "{}{}（{} → {}）",
                    l.pick("已升级数据库：", "已升級資料庫：", "Upgraded database: "),
                    db.display(),
                    m.from_version,
                    m.to_version
                );
            } else {
                println!(
                    "{}{}（{} {}）",
                    l.pick(
                        "数据库已是最新版本：",
                        "資料庫已是最新版本：",
                        "Database is up to date: "
                    ),
                    db.display(),
                    l.pick("版本", "版本", "version"),
                    m.to_version
                );
            }
        }
        Command::Demo { db, today } => {
            let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
            let mut store = Store::open(&db, OpenMode::CreateOrUpgrade)?;
            let s = write_demo(&mut store, today)?;
            println!(
                "{}{}",
                l.pick("已写入演示数据：", "已寫入示範資料：", "Demo written: "),
                db.display()
            );
            println!(
                "  {} {} · {} {} · {} {} · {} {} · {} {} · {} {}",
                l.pick("担保项目", "擔保項目", "guarantees"),
                s.guarantees,
                l.pick("借款人", "借款人", "borrowers"),
                s.borrowers,
                l.pick("检查记录", "檢查記錄", "visits"),
                s.visits,
                l.pick("预警信号", "預警信號", "signals"),
                s.signals,
                l.pick("待办", "待辦", "tasks"),
                s.tasks,
                l.pick("人员", "人員", "officers"),
                s.officers
            );
        }
        Command::Info { db } => {
            let store = Store::open(&db, OpenMode::Existing)?;
            let totals = store.portfolio_totals()?;
            println!(
                "{}{}",
                l.pick("数据库：", "資料庫：", "Database: "),
                db.display()
            );
            println!(
                "{}{}",
                l.pick("结构版本：", "結構版本：", "Schema version: "),
                store.schema_version()?
            );
            if let Some(as_of) = store.meta("demo_as_of")? {
                println!(
                    "{}{as_of}",
                    l.pick("演示数据，日期：", "示範資料，日期：", "Demo data as of: ")
                );
            }
            println!(
                "{}{} / {}",
                l.pick("在保 / 全部：", "在保 / 全部：", "Active / all: "),
                totals.active,
                totals.guarantees
            );
            println!(
                "{}{} {} ({} {})",
                l.pick("在保余额：", "在保餘額：", "Active balance: "),
                totals.active_amount.grouped(),
                l.pick("元", "元", "CNY"),
                totals.active_amount.wan_display(),
                l.pick("万元", "萬元", "×10k CNY")
            );
            for (table, n) in store.row_counts()? {
                println!("  {table:<24} {n}");
            }
        }
        Command::List { db, json } => {
            let store = Store::open(&db, OpenMode::Existing)?;
            let list = store.guarantee_summaries()?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&list)
                        .map_err(|e| StoreError::Invalid(e.to_string()))?
                );
            } else {
                for g in list {
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        g.contract_no,
                        g.borrower_name,
                        g.lending_bank,
                        g.product.label(l),
                        g.amount.grouped(),
                        g.risk_tier.label(l),
                        g.five_level_class.label(l),
                        g.status.label(l)
                    );
                }
            }
        }
    }
    Ok(())
}
