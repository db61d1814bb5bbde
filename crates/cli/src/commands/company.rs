//! The company's data files: the policy, the calendar, the checklist template, checked and installed.

use crate::support::*;
use baohou_core::calendar::WorkCalendar;
use baohou_core::checklist::ChecklistTemplate;
use baohou_core::signals::SignalCatalog;
use baohou_core::store::{DataFileKind, Installed};
use baohou_core::{Locale, OpenMode, StoreError};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum Command {
    /// 检查公司制度文件；加 --install 则安装为数据库的现行制度
    /// / Check a company policy file; with --install, make it the database's policy in force
    Policy {
        #[arg(value_name = "FILE.toml")]
        file: PathBuf,
        #[command(flatten)]
        install: InstallInto,
    },
    /// 检查一年的放假安排（国务院公布的节假日与调休上班日，TOML）；加 --install 则安装到数据库，到期日随之重算
    /// / Check one year of the official calendar (holidays and make-up working days, TOML); with
    /// --install, deadlines in the database are counted on it
    Calendar {
        #[arg(value_name = "YYYY.toml")]
        file: PathBuf,
        #[command(flatten)]
        install: InstallInto,
    },
    /// 检查保后检查表模板（.toml，或由 export checklist 导出后编辑的 .xlsx）；加 --install 则安装为数据库今后新检查所用的模板
    /// / Check a visit checklist template (.toml, or an .xlsx edited from `export checklist`); with --install, new visits in the database start from it
    Checklist {
        #[arg(value_name = "FILE.toml|FILE.xlsx")]
        file: PathBuf,
        #[command(flatten)]
        install: InstallInto,
    },
}

pub fn run(command: Command, l: Locale) -> Result<(), CliError> {
    match command {
        Command::Policy { file, install } => {
            let policy = load_policy(Some(&file))?;
            println!(
                "{}{}（{} {}）",
                l.pick("制度文件有效：", "制度檔案有效：", "Policy is valid: "),
                policy.policy.name,
                l.pick("版本", "版本", "version"),
                policy.version()
            );
            if let Some(db) = install.db {
                let mut store = open_store(&db, OpenMode::Existing, l)?;
                let (_, outcome) =
                    store.install_policy(&read_text(&file)?, &file.display().to_string(), now())?;
                print_installed(DataFileKind::Policy, outcome, &db, l);
            }
        }
        Command::Calendar { file, install } => {
            let text = read_text(&file)?;
            let origin = file.display().to_string();
            let mut calendar = WorkCalendar::default();
            let year = calendar.add_year(&text, &origin).map_err(|error| {
                CliError::Store(StoreError::InvalidDataFile {
                    kind: DataFileKind::Calendar,
                    error,
                })
            })?;
            println!(
                "{}{year}（{}）",
                l.pick(
                    "放假安排有效：",
                    "放假安排有效：",
                    "Calendar year is valid: "
                ),
                calendar.source(year).unwrap_or_default()
            );
            if let Some(db) = install.db {
                let mut store = open_store(&db, OpenMode::Existing, l)?;
                let (_, outcome) = store.install_calendar_year(&text, &origin, now())?;
                print_installed(DataFileKind::Calendar, outcome, &db, l);
            }
        }
        Command::Checklist { file, install } => {
            let origin = file.display().to_string();
            let bytes = std::fs::read(&file).map_err(|e| CliError::Read(file.clone(), e))?;
            // A spreadsheet (edited from `baohou export checklist`) or the TOML file itself.
            let is_sheet = bytes.starts_with(b"PK\x03\x04")
                || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
                || file
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            let (template, text) = if is_sheet {
                baohou_core::sheets::template::read_template(
                    &bytes,
                    &origin,
                    &SignalCatalog::builtin(),
                )
                .map_err(|e| {
                    CliError::Message(baohou_core::messages::template_sheet_message(
                        &e, &origin, l,
                    ))
                })?
            } else {
                let text = read_text(&file)?;
                let template =
                    ChecklistTemplate::from_toml(&text, &origin, &SignalCatalog::builtin())
                        .map_err(|error| {
                            CliError::Store(StoreError::InvalidDataFile {
                                kind: DataFileKind::Template,
                                error,
                            })
                        })?;
                (template, text)
            };
            println!(
                "{}{}（{} {}，{} {}）",
                l.pick(
                    "检查表模板有效：",
                    "檢查表範本有效：",
                    "Template is valid: "
                ),
                template.template.name,
                l.pick("版本", "版本", "version"),
                template.version(),
                l.pick("检查项", "檢查項", "items"),
                template.items.len()
            );
            if let Some(db) = install.db {
                let mut store = open_store(&db, OpenMode::Existing, l)?;
                let (_, outcome) = store.install_template(&text, &origin, now())?;
                print_installed(DataFileKind::Template, outcome, &db, l);
            }
        }
    }
    Ok(())
}

/// Where a checked company file is installed, if anywhere.
#[derive(clap::Args)]
pub struct InstallInto {
    /// 安装到 --db 指定的数据库 / Install it into the database named by --db
    #[arg(long, requires = "db")]
    install: bool,
    /// 数据库文件 / Database file
    #[arg(long, value_name = "FILE", requires = "install")]
    db: Option<PathBuf>,
}

/// What installing a policy or template did, in a sentence.
fn print_installed(kind: DataFileKind, outcome: Installed, db: &std::path::Path, l: Locale) {
    let text = match (kind, outcome) {
        (DataFileKind::Policy, Installed::New) => l.pick(
            "已安装为现行制度：",
            "已安裝為現行制度：",
            "Installed as the policy in force: ",
        ),
        (DataFileKind::Template, Installed::New) => l.pick(
            "已安装，今后新开始的检查使用此模板：",
            "已安裝，今後新開始的檢查使用此範本：",
            "Installed; visits started from now on use it: ",
        ),
        (DataFileKind::Calendar, Installed::New) => l.pick(
            "已安装，到期日按此放假安排重算：",
            "已安裝，到期日按此放假安排重算：",
            "Installed; deadlines are counted on it from now on: ",
        ),
        (_, Installed::Again) => l.pick(
            "此版本已安装过，现重新启用：",
            "此版本已安裝過，現重新啟用：",
            "This version was installed before; it is in use again: ",
        ),
    };
    println!("{text}{}", db.display());
}
