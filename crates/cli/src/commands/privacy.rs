//! A borrower's data: what the retention rules keep, an export of one borrower, removal.

use crate::support::*;
use baohou_core::{Locale, OpenMode};
use chrono::NaiveDate;
use clap::Subcommand;
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
    /// 列出已全部解保的客户及其按制度保留期应从本机清除的日期
    /// / List borrowers whose guarantees are all released, with the day each is due to leave the laptop
    Retention {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 以哪一天判断是否到期（默认今天）/ The day to judge by (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
    },
    /// 把一位客户在本机的全部资料导出到一个新文件夹（检查表 PDF 与电子签名、照片、记录 JSON）
    /// / Export everything this laptop holds about one borrower into a new folder
    ExportBorrower {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 客户编号（见 baohou retention）/ Borrower id (see baohou retention)
        #[arg(long, value_name = "ID")]
        borrower: i64,
        /// 在此目录下新建文件夹 / The folder is made inside this directory
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// 总部已收到其全部检查表后，把一位已解保客户的资料从本机清除（不可恢复）
    /// / Remove a released borrower's data from this laptop once head office holds its reports (cannot be undone)
    RemoveBorrower {
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        #[arg(long, value_name = "ID")]
        borrower: i64,
    },
}

pub fn run(command: Command, l: Locale) -> Result<(), CliError> {
    match command {
        Command::Retention { db, as_of } => {
            let store = open_store(&db, OpenMode::Existing, l)?;
            let policy = store.policy_in_force()?;
            let today = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
            let rows = baohou_core::privacy::retention(&store, &policy, today)?;
            let mut out = String::new();
            let _ = writeln!(
                out,
                "{}{}{}",
                l.pick(
                    "解保后在本机保留 ",
                    "解保後在本機保留 ",
                    "Kept on the laptop for "
                ),
                policy.released_retention_days(),
                l.pick(
                    " 天（制度 [security]）",
                    " 天（制度 [security]）",
                    " days after release (policy [security])"
                )
            );
            for r in &rows {
                let state = if !r.item.blockers.is_empty() {
                    r.item
                        .blockers
                        .iter()
                        .map(|b| baohou_core::messages::removal_blocker_message(b, l))
                        .collect::<Vec<_>>()
                        .join(l.pick("；", "；", "; "))
                } else if r.due {
                    l.pick("已到期，可清除", "已到期，可清除", "due: can be removed")
                        .to_owned()
                } else {
                    l.pick("未到期", "未到期", "not yet due").to_owned()
                };
                let _ = writeln!(
                    out,
                    "{}\t{}\t{}{}\t{}{}\t{state}",
                    r.item.borrower_id,
                    r.item.borrower,
                    l.pick("解保 ", "解保 ", "released "),
                    r.item.released_on,
                    l.pick("应清除 ", "應清除 ", "due "),
                    r.item.due_on,
                );
            }
            emit(&out);
        }
        Command::ExportBorrower { db, borrower, out } => {
            let store = open_store(&db, OpenMode::Existing, l)?;
            let summary = baohou_core::privacy::export_borrower(&store, borrower, &out, now())?;
            println!(
                "{}{}（{} {}，{} KB）",
                l.pick("已导出：", "已匯出：", "Exported: "),
                summary.folder,
                summary.files,
                l.pick("个文件", "個檔案", "files"),
                summary.bytes.div_ceil(1024)
            );
        }
        Command::RemoveBorrower { db, borrower } => {
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let r = store.remove_borrower(borrower, now())?;
            println!(
                "{}{}{}{}{}{}{}{}{}",
                l.pick(
                    "已从本机清除 ",
                    "已從本機清除 ",
                    "Removed from this laptop: "
                ),
                r.borrower,
                l.pick("：担保 ", "：擔保 ", ": guarantees "),
                r.guarantees,
                l.pick("，检查 ", "，檢查 ", ", visits "),
                r.visits,
                l.pick("，照片 ", "，照片 ", ", photos "),
                r.photos,
                l.pick(
                    "（审计日志中的相关内容已抹去，哈希链仍完整）",
                    "（審計日誌中的相關內容已抹去，雜湊鏈仍完整）",
                    " (their audit entries' content erased; the hash chain still holds)"
                )
            );
        }
    }
    Ok(())
}
