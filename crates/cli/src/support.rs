//! What the subcommands share: the error and its sentence, opening the database with its
//! passphrase, reading files, printing, the time.

use baohou_core::messages::UserError;
use baohou_core::messages::{portfolio_file_message, report_message, store_message};
use baohou_core::policy::Policy;
use baohou_core::report::ReportError;
use baohou_core::session::Session;
use baohou_core::store::attempts::Attempts;
use baohou_core::store::key::{self, FileKind};
use baohou_core::store::{DataFileKind, DbKey, Passphrase};
use baohou_core::tasks::portfolio_file::PortfolioFileError;
use baohou_core::{Locale, OpenMode, Store, StoreError};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// A coded value given to `option`, or a sentence naming the option and every code it takes
/// (the list comes from the enum itself).
pub(crate) fn coded_arg<T: Copy>(
    option: &str,
    text: &str,
    all: &[T],
    parse: impl Fn(&str) -> Result<T, baohou_core::i18n::UnknownCode>,
    code: impl Fn(T) -> &'static str,
    l: Locale,
) -> Result<T, CliError> {
    parse(text).map_err(|_| {
        let codes: Vec<&str> = all.iter().map(|&v| code(v)).collect();
        CliError::Message(format!(
            "{option} {text}: {}{}",
            l.pick("应为 ", "應為 ", "one of "),
            codes.join(", ")
        ))
    })
}

/// A value of a coded enum as typed on the command line (its code, or a label in any language),
/// or the list of its codes: the value lists come from the enums themselves.
pub(crate) fn coded<T: Copy>(
    text: &str,
    all: &[T],
    parse: impl Fn(&str) -> Result<T, baohou_core::i18n::UnknownCode>,
    code: impl Fn(T) -> &'static str,
) -> Result<T, String> {
    parse(text).map_err(|_| {
        let codes: Vec<&str> = all.iter().map(|&v| code(v)).collect();
        format!("{text}: {}", codes.join(", "))
    })
}

/// Everything a command can fail with.
pub(crate) enum CliError {
    Store(StoreError),
    Report(ReportError),
    Portfolio(PathBuf, PortfolioFileError),
    Read(PathBuf, std::io::Error),
    Sync(String),
    Export(baohou_core::privacy::ExportError),
    /// A document's refusal (a notice, the release, a withdrawal), or the store under it.
    Document(Box<dyn baohou_core::messages::Explain>),
    /// A sentence already in the user's language.
    Message(String),
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> CliError {
        CliError::Store(e)
    }
}

impl From<baohou_core::privacy::ExportError> for CliError {
    fn from(e: baohou_core::privacy::ExportError) -> CliError {
        CliError::Export(e)
    }
}

impl From<ReportError> for CliError {
    fn from(e: ReportError) -> CliError {
        CliError::Report(e)
    }
}

impl CliError {
    pub(crate) fn message(&self, l: Locale) -> String {
        match self {
            CliError::Store(e) => store_message(e, l),
            CliError::Report(e) => report_message(e, l),
            CliError::Portfolio(path, e) => format!(
                "{} {}: {}",
                l.pick("组合文件", "組合檔案", "portfolio file"),
                path.display(),
                portfolio_file_message(e, l)
            ),
            CliError::Read(path, e) => format!(
                "{} {}: {e}",
                l.pick("无法读取", "無法讀取", "cannot read"),
                path.display()
            ),
            CliError::Export(e) => baohou_core::messages::export_message(e, l),
            CliError::Document(e) => e.user_error(l).message,
            CliError::Sync(why) | CliError::Message(why) => why.clone(),
        }
    }
}

/// A passphrase from `var`, else asked on the terminal (twice when it is a new one).
pub(crate) fn passphrase(var: &str, new: bool, l: Locale) -> Result<Passphrase, CliError> {
    use std::io::IsTerminal;
    if let Some(v) = std::env::var_os(var).filter(|v| !v.is_empty()) {
        let text = v.into_string().map_err(|_| {
            CliError::Message(format!(
                "{var}{}",
                l.pick(
                    " 不是有效的 UTF-8 文本",
                    " 不是有效的 UTF-8 文字",
                    " is not valid UTF-8"
                )
            ))
        })?;
        return Ok(Passphrase::new(text));
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Message(format!(
            "{}{var}{}",
            l.pick(
                "需要数据库口令：请设置环境变量 ",
                "需要資料庫口令：請設定環境變數 ",
                "The database passphrase is needed: set "
            ),
            l.pick(
                "，或在终端中运行。",
                "，或在終端機中執行。",
                ", or run this in a terminal."
            )
        )));
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map(Passphrase::new)
            .map_err(|e| CliError::Read(PathBuf::from("/dev/tty"), e))
    };
    if !new {
        return ask(l.pick("数据库口令：", "資料庫口令：", "Database passphrase: "));
    }
    let first = ask(l.pick("设置新口令：", "設定新口令：", "New passphrase: "))?;
    let again = ask(l.pick("再输入一次：", "再輸入一次：", "Again: "))?;
    if first.as_str() != again.as_str() {
        return Err(CliError::Message(
            l.pick(
                "两次输入的口令不一致，未作任何改动。",
                "兩次輸入的口令不一致，未作任何改動。",
                "The two passphrases differ; nothing was changed.",
            )
            .to_owned(),
        ));
    }
    Ok(first)
}

/// Opens the encrypted database at `db`: a new file gets a new passphrase (checked), an
/// existing one is unlocked with its own.
pub(crate) fn open_store(db: &Path, mode: OpenMode, l: Locale) -> Result<Store, CliError> {
    let new = mode == OpenMode::CreateOrUpgrade && key::file_kind(db)? == FileKind::Missing;
    let pass = passphrase("BAOHOU_PASSPHRASE", new, l)?;
    if new {
        key::check_new_passphrase(pass.as_str())?;
    }
    // Another process may create the same new file meanwhile, under a salt of its own: then
    // this key does not fit, and the file's salt is read again.
    // An existing file's wrong passphrases are counted beside it and cost a growing wait, as in
    // the app (`store::attempts`).
    let attempts = Attempts::beside(db);
    if !new {
        attempts.check(SystemTime::now())?;
    }
    let mut attempt = 0;
    loop {
        let key = DbKey::for_file(db, pass.as_str())?;
        match Store::open(db, mode, &key) {
            Err(StoreError::WrongPassphrase { .. }) if new && attempt < 3 => {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(wrong @ StoreError::WrongPassphrase { .. }) if !new => {
                return Err(attempts
                    .failed_and_wait(SystemTime::now())
                    .unwrap_or(wrong)
                    .into());
            }
            result => {
                let store = result?;
                attempts.succeeded();
                return Ok(store);
            }
        }
    }
}

pub(crate) fn read_text(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|e| CliError::Read(path.to_path_buf(), e))
}

pub(crate) fn load_policy(path: Option<&PathBuf>) -> Result<Policy, CliError> {
    match path {
        None => Ok(Policy::builtin()),
        Some(p) => Policy::from_toml(&read_text(p)?, &p.display().to_string()).map_err(|error| {
            CliError::Store(StoreError::InvalidDataFile {
                kind: DataFileKind::Policy,
                error,
            })
        }),
    }
}

/// Writes a command's output at once. A reader that stops early (`| head`) is not an error:
/// what it did not read is simply not wanted.
pub(crate) fn emit(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        && !reader_gone(&e)
    {
        eprintln!("{e}");
    }
}

/// Whether a write failed because the reader closed its end: a broken pipe on Unix; on Windows
/// also ERROR_PIPE_NOT_CONNECTED (233), which a pipe whose reader is gone may answer instead of
/// ERROR_NO_DATA (232, Rust's BrokenPipe).
fn reader_gone(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::BrokenPipe || (cfg!(windows) && e.raw_os_error() == Some(233))
}

/// Writes a document the command made to `out`, whole or not at all.
pub(crate) fn write_out(out: &Path, bytes: &[u8]) -> Result<(), CliError> {
    baohou_core::files::write_whole(out, bytes).map_err(|source| {
        baohou_core::privacy::ExportError::Write {
            path: out.to_path_buf(),
            source,
        }
    })?;
    Ok(())
}

pub(crate) fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::Local::now().fixed_offset()
}

/// The database, unlocked as the window unlocks it.
pub(crate) fn session(db: &Path, l: Locale) -> Result<Session, CliError> {
    let pass = passphrase("BAOHOU_PASSPHRASE", false, l)?;
    let mut s = Session::open(db, OpenMode::Existing);
    s.unlock(l, pass.as_str()).map_err(user)?;
    Ok(s)
}

pub(crate) fn user(e: UserError) -> CliError {
    CliError::Message(e.message)
}
