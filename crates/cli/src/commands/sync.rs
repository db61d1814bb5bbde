//! Reports to head office: the outbox sent.

use crate::support::*;
use baohou_core::messages::sync_message;
use baohou_core::sync;
use baohou_core::{Locale, OpenMode};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
    /// 把已完成的检查表发送到总部（一次完整同步）/ Send completed reports to head office (one full sync)
    Sync {
        /// 数据库文件 / Database file
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// 总部服务器地址（https://；http:// 仅限本机）/ Head office's address (https://; http:// on this computer only)
        #[arg(long, value_name = "URL")]
        server: String,
        /// 总部证书的根证书（PEM，公司自建 CA 时使用）/ Certificate authority of head office's certificate (PEM, for a company's own CA)
        #[arg(long, value_name = "FILE")]
        ca_file: Option<PathBuf>,
        /// 存放设备令牌的文件 / File holding this laptop's device token
        #[arg(long, value_name = "FILE")]
        token_file: PathBuf,
        /// 等待总部应答的秒数 / Seconds to wait for head office
        #[arg(long, default_value_t = 30)]
        timeout: u64,
        /// 上传分块大小（KB），网络差时可调小 / Upload chunk size in KB (smaller on a poor link)
        #[arg(long, value_name = "KB", default_value_t = 1024)]
        chunk_kb: usize,
    },
}

pub fn run(command: Command, l: Locale) -> Result<(), CliError> {
    match command {
        Command::Sync {
            db,
            server,
            token_file,
            timeout,
            chunk_kb,
            ca_file,
        } => {
            let token = read_text(&token_file)?;
            let authority = ca_file.as_deref().map(read_text).transpose()?;
            let mut store = open_store(&db, OpenMode::Existing, l)?;
            let mut server = sync::client::Server::with_authority(
                &server,
                &token,
                std::time::Duration::from_secs(timeout.max(1)),
                authority.as_deref().map(str::as_bytes),
            )
            .map_err(|e| CliError::Sync(sync_message(&e, l)))?;
            server.chunk_size = chunk_kb.clamp(4, 4 * 1024) * 1024;
            let summary = sync::client::sync_outbox(
                l,
                &mut store,
                &server,
                true,
                &baohou_core::session::documents_before_sync,
            )?;
            if let Some((taken, new)) = &summary.code_redrawn {
                println!(
                    "{}",
                    baohou_core::messages::laptop_code_redrawn(taken, new, l)
                );
            }
            if let Some(why) = &summary.code_failed {
                eprintln!("{why}");
            }
            for no in &summary.sent {
                println!("{}\t{no}", l.pick("已送达", "已送達", "sent"));
            }
            for (no, why) in &summary.rejected {
                println!("{}\t{no}\t{why}", l.pick("被拒收", "被拒收", "rejected"));
            }
            for (no, why) in &summary.retrying {
                println!(
                    "{}\t{no}\t{why}",
                    l.pick("稍后重试", "稍後重試", "retrying")
                );
            }
            let waiting = store
                .outbox()?
                .iter()
                .filter(|e| e.state != baohou_core::store::OutboxState::Sent)
                .count();
            println!(
                "{} {} · {} {} · {} {} · {} {} KB",
                l.pick("送达", "送達", "sent"),
                summary.sent.len(),
                l.pick("拒收", "拒收", "rejected"),
                summary.rejected.len(),
                l.pick("待发送", "待發送", "waiting"),
                waiting,
                l.pick("发送", "發送", "uploaded"),
                summary.bytes_sent / 1024
            );
            if summary.updates_applied > 0 {
                println!(
                    "{} {}",
                    l.pick(
                        "已应用总部更新",
                        "已套用總部更新",
                        "head office updates applied:"
                    ),
                    summary.updates_applied
                );
            }
            match (&summary.agenda_sent, &summary.agenda_failed) {
                (Some(n), _) => println!(
                    "{} {n}",
                    l.pick(
                        "已向总部报送待办，逾期",
                        "已向總部報送待辦，逾期",
                        "agenda sent to head office, overdue:"
                    )
                ),
                (None, Some(why)) => eprintln!("{why}"),
                (None, None) => {}
            }
            if let Some(why) = &summary.updates_failed {
                return Err(CliError::Sync(why.clone()));
            }
            if !summary.rejected.is_empty() || !summary.retrying.is_empty() {
                return Err(CliError::Sync(
                    l.pick(
                        "部分检查表未送达总部，已保留在待发送队列中",
                        "部分檢查表未送達總部，已保留在待發送佇列中",
                        "some reports did not reach head office; they stay in the outbox",
                    )
                    .to_owned(),
                ));
            }
        }
    }
    Ok(())
}
