//! The database file: create or upgrade it, the demo, encryption and passphrase, the audit chain, the laptop's key, what it holds.

use crate::support::*;
use baohou_core::demo::write_demo;
use baohou_core::store::DbKey;
use baohou_core::store::key::{self};
use baohou_core::{Locale, OpenMode, StoreError};
use chrono::NaiveDate;
use clap::Subcommand;
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
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
    /// 给旧版未加密的数据库设置口令并就地加密（先写好加密副本并核对，再替换原文件）
    /// / Encrypt an old unencrypted database in place with a new passphrase (the encrypted copy
    /// is written and checked before it replaces the original)
    Encrypt {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
    },
    /// 修改数据库口令（整个数据库用新口令重新加密）
    /// / Change the database's passphrase (the whole database is re-encrypted)
    Passwd {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
    },
    /// 校验审计日志的哈希链（被改动、删除或插入的记录都会被发现）
    /// / Verify the audit log's hash chain (an edited, removed or inserted entry is found)
    Verify {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
    },
    /// 显示本机签名密钥的公钥和指纹（私钥从不离开本机；密钥在出具第一份正式检查表时生成）
    /// / Show this laptop's signing key: its public key and fingerprint (the private key never
    /// leaves it; the key is made with the first final report)
    Key {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
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

pub fn run(command: Command, l: Locale) -> Result<(), CliError> {
    match command {
        Command::Init { db } => {
            let store = open_store(&db, OpenMode::CreateOrUpgrade, l)?;
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
            let mut store = open_store(&db, OpenMode::CreateOrUpgrade, l)?;
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
        Command::Encrypt { db } => {
            // Refused before a passphrase is asked when the file is not a plain Baohou database.
            baohou_core::store::require_unencrypted(&db)?;
            let pass = passphrase("BAOHOU_PASSPHRASE", true, l)?;
            key::check_new_passphrase(pass.as_str())?;
            baohou_core::store::encrypt_in_place(&db, &DbKey::fresh(pass.as_str())?)?;
            println!(
                "{}{}",
                l.pick("已加密：", "已加密：", "Encrypted: "),
                db.display()
            );
            println!(
                "{}",
                l.pick(
                    "请牢记口令：忘记口令将无法在本机恢复数据（已送达总部的检查表不受影响）。",
                    "請牢記口令：忘記口令將無法在本機恢復資料（已送達總部的檢查表不受影響）。",
                    "Remember the passphrase: if it is forgotten, this laptop's data cannot be recovered (reports already at head office are safe)."
                )
            );
        }
        Command::Passwd { db } => {
            let store = open_store(&db, OpenMode::Existing, l)?;
            let new = passphrase("BAOHOU_NEW_PASSPHRASE", true, l)?;
            key::check_new_passphrase(new.as_str())?;
            store.rekey(&DbKey::fresh(new.as_str())?)?;
            println!(
                "{}{}",
                l.pick("口令已修改：", "口令已修改：", "Passphrase changed: "),
                db.display()
            );
        }
        Command::Verify { db } => {
            let store = open_store(&db, OpenMode::Existing, l)?;
            let check = store.verify_audit()?;
            match &check.broken {
                None => println!(
                    "{}{}{}{}",
                    l.pick("审计日志完整：", "審計日誌完整：", "Audit log intact: "),
                    check.entries,
                    l.pick(" 条记录，链头 ", " 條記錄，鏈頭 ", " entries, head "),
                    check.head
                ),
                Some(b) => {
                    return Err(CliError::Message(
                        baohou_core::messages::audit_break_message(b, l),
                    ));
                }
            }
        }
        Command::Key { db } => {
            // Shown, never made here: the key is made with the laptop's first final report.
            let store = open_store(&db, OpenMode::Existing, l)?;
            match store.laptop_public_key()? {
                Some(public_key) => {
                    println!(
                        "{}{public_key}",
                        l.pick("签名公钥：", "簽名公鑰：", "Signing public key: ")
                    );
                    println!(
                        "{}{}",
                        l.pick("指纹：", "指紋：", "Fingerprint: "),
                        baohou_core::sealed::seal::fingerprint(&public_key)
                    );
                }
                None => println!(
                    "{}",
                    l.pick(
                        "本机尚无签名密钥：出具第一份正式检查表时生成。",
                        "本機尚無簽名金鑰：出具第一份正式檢查表時產生。",
                        "This laptop has no signing key yet: it is made with the first final report."
                    )
                ),
            }
        }
        Command::Info { db } => {
            let store = open_store(&db, OpenMode::Existing, l)?;
            // Written at once: a reader that stops early (`| head`) is not an error.
            let mut out = String::new();
            let totals = store.portfolio_totals()?;
            let _ = writeln!(
                out,
                "{}{}",
                l.pick("数据库：", "資料庫：", "Database: "),
                db.display()
            );
            let _ = writeln!(
                out,
                "{}{}",
                l.pick("结构版本：", "結構版本：", "Schema version: "),
                store.schema_version()?
            );
            let policy = store.policy_in_force()?;
            let _ = writeln!(
                out,
                "{}{}（{} {}）",
                l.pick("现行制度：", "現行制度：", "Policy in force: "),
                policy.policy.name,
                l.pick("版本", "版本", "version"),
                policy.version()
            );
            if let Some(as_of) = store.meta("demo_as_of")? {
                let _ = writeln!(
                    out,
                    "{}{as_of}",
                    l.pick("演示数据，日期：", "示範資料，日期：", "Demo data as of: ")
                );
            }
            let code = store.laptop_code_in_use()?;
            let _ = writeln!(
                out,
                "{}{}{}",
                l.pick(
                    "本机编号（文书编号中的一段）：",
                    "本機編號（文書編號中的一段）：",
                    "Laptop code (in every document number): "
                ),
                code.code,
                match &code.registered_with {
                    Some(with) => format!(
                        "（{}{}）",
                        l.pick("已在总部登记：", "已在總部登記：", "registered with "),
                        with.split('#').next().unwrap_or_default()
                    ),
                    None => l
                        .pick(
                            "（尚未在总部登记）",
                            "（尚未在總部登記）",
                            " (not yet registered)"
                        )
                        .to_owned(),
                }
            );
            let _ = writeln!(
                out,
                "{}{} / {}",
                l.pick("在保 / 全部：", "在保 / 全部：", "Active / all: "),
                totals.active,
                totals.guarantees
            );
            let _ = writeln!(
                out,
                "{}{} {} ({} {})",
                l.pick("在保余额：", "在保餘額：", "Active balance: "),
                totals.active_amount.grouped(),
                l.pick("元", "元", "CNY"),
                totals.active_amount.wan_display(),
                l.pick("万元", "萬元", "×10k CNY")
            );
            for (table, n) in store.row_counts()? {
                let _ = writeln!(out, "  {table:<24} {n}");
            }
            emit(&out);
        }
        Command::List { db, json } => {
            let store = open_store(&db, OpenMode::Existing, l)?;
            let list = store.guarantee_summaries()?;
            if json {
                let text = serde_json::to_string_pretty(&list)
                    .map_err(|e| CliError::Store(StoreError::Invalid(e.to_string())))?;
                emit(&format!("{text}\n"));
            } else {
                let policy = store.policy_in_force()?;
                let mut out = String::new();
                for g in list {
                    let _ = writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        g.contract_no,
                        g.borrower_name,
                        g.lending_bank,
                        g.product.label(l),
                        g.amount.grouped(),
                        policy.tier_label(g.risk_tier, l),
                        g.five_level_class.label(l),
                        g.status.label(l)
                    );
                }
                emit(&out);
            }
        }
    }
    Ok(())
}
