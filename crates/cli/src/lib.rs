//! `baohou`: the command-line companion of the Baohou app, over the same core.
//!
//! The whole program is this library's [`main`], so that the cross-crate tests in `tests/` can
//! build the same program as a binary of their own (with the exact features of the test build).

mod commands;
mod support;

use baohou_core::Locale;
use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;
use support::*;

#[derive(Parser)]
#[command(
    name = "baohou",
    version,
    about = "保后管理命令行工具：建库、演示数据、查看在保项目\nBaohou post-guarantee management: create databases, write the demo, list guarantees",
    after_help = "数据库已加密：口令取自环境变量 BAOHOU_PASSPHRASE，未设置时在终端询问（新口令用 BAOHOU_NEW_PASSPHRASE）。\nThe database is encrypted: the passphrase comes from BAOHOU_PASSPHRASE, else it is asked on the terminal (a new one from BAOHOU_NEW_PASSPHRASE).\n\n示例 / Examples:\n  baohou init --db 保后.sqlite3\n  baohou demo --db demo.sqlite3\n  baohou list --db demo.sqlite3 --json\n  baohou due --db demo.sqlite3 --as-of 2026-11-23 --officer 张伟\n  baohou due --portfolio 组合.json --as-of 2026-11-23 --json\n  baohou policy 制度2027.toml --install --db 保后.sqlite3\n  baohou checklist 检查表2027.toml --install --db 保后.sqlite3"
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
    #[command(flatten)]
    Database(commands::database::Command),
    #[command(flatten)]
    Evidence(commands::evidence::Command),
    #[command(flatten)]
    Privacy(commands::privacy::Command),
    #[command(flatten)]
    Collection(commands::collection::Command),
    #[command(flatten)]
    Documents(commands::documents::Command),
    #[command(flatten)]
    Sheets(commands::sheets::Command),
    #[command(flatten)]
    Agenda(commands::agenda::Command),
    #[command(flatten)]
    Company(commands::company::Command),
    #[command(flatten)]
    Sync(commands::sync::Command),
    /// 登记一项待办已完成：季度分类复核、回访计划表、预警/代偿当日报告、追偿方案、起诉或和解、跟进事项
    /// / Close a task by recording what was done: a tier review, the visit plan, a same-day
    /// report, the recovery plan, legal action, a follow-up
    Done(commands::done::DoneArgs),
    /// 检查：开始、按字段名逐项填写、导入照片、查看尚缺、完成（与窗口同一套核心调用）
    /// / A visit from the command line: start, set fields by name, photos, review, complete
    Visit {
        #[command(subcommand)]
        command: commands::visit::VisitCommand,
    },
}

/// Parses the command line, runs the command and returns the exit status.
pub fn main() -> ExitCode {
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
                err.message(locale)
            );
            ExitCode::FAILURE
        }
    }
}

macro_rules! document_errors {
    ($($ty:ty),*) => {$(
        impl From<$ty> for CliError {
            fn from(e: $ty) -> CliError {
                CliError::Document(Box::new(e))
            }
        }
    )*};
}

document_errors!(
    baohou_core::notices::NoticeError,
    baohou_core::release::ReleaseError,
    baohou_core::withdrawal::WithdrawalError,
    baohou_core::quarterly::QuarterlyError,
    baohou_core::extension::ExtensionError
);

fn run(command: Command, l: Locale) -> Result<(), CliError> {
    match command {
        Command::Database(c) => commands::database::run(c, l)?,
        Command::Evidence(c) => commands::evidence::run(c, l)?,
        Command::Privacy(c) => commands::privacy::run(c, l)?,
        Command::Collection(c) => commands::collection::run(c, l)?,
        Command::Documents(c) => commands::documents::run(c, l)?,
        Command::Sheets(c) => commands::sheets::run(c, l)?,
        Command::Agenda(c) => commands::agenda::run(c, l)?,
        Command::Company(c) => commands::company::run(c, l)?,
        Command::Sync(c) => commands::sync::run(c, l)?,
        Command::Done(args) => commands::done::run(args, l)?,
        Command::Visit { command } => commands::visit::run(command, l)?,
    }
    Ok(())
}
