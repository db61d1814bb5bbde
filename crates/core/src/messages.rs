//! What an officer reads when something goes wrong: one sentence, in their language, naming the
//! file and what to do. The CLI prints it; the app shows it with the error's stable code.

use crate::i18n::Locale;
// Each error's sentence lives beside the error; this is where the window and the CLI find them.
pub use crate::calendar::calendar_gap_message;
pub use crate::collection::collection_message;
pub use crate::draft::review::visit_problem_message;
pub use crate::extension::extension_message;
pub use crate::notices::notice_message;
pub use crate::photos::photo_error_message;
pub use crate::privacy::export_message;
pub use crate::quarterly::quarterly_message;
pub use crate::recovery::recovery_message;
pub use crate::release::release_message;
pub use crate::report::report_message;
pub use crate::sealed::seal::seal_message;
pub use crate::sheets::import::import_problem_message;
pub use crate::sheets::messages::{
    import_error_message, import_run_message, sheet_message, template_sheet_message,
};
use crate::store::StoreError;
pub use crate::store::messages::{audit_break_message, removal_blocker_message, store_message};
pub use crate::sync::client::{laptop_code_redrawn, sync_message};
pub use crate::tasks::portfolio_file::portfolio_file_message;
pub use crate::withdrawal::withdrawal_message;
use serde::Serialize;

/// An error as it crosses to the UI: a stable code to branch on and a message to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct UserError {
    pub code: crate::code::Code,
    pub message: String,
}

/// An error the officer reads: its stable code and its sentence in the officer's language.
pub trait Explain {
    fn user_error(&self, locale: Locale) -> UserError;
}

impl Explain for StoreError {
    fn user_error(&self, locale: Locale) -> UserError {
        UserError::from_store(self, locale)
    }
}

macro_rules! explain {
    ($($ty:ty => $message:ident),* $(,)?) => {$(
        impl Explain for $ty {
            fn user_error(&self, locale: Locale) -> UserError {
                UserError {
                    code: self.code(),
                    message: $message(self, locale),
                }
            }
        }
    )*};
}

explain! {
    crate::notices::NoticeError => notice_message,
    crate::release::ReleaseError => release_message,
    crate::withdrawal::WithdrawalError => withdrawal_message,
    crate::quarterly::QuarterlyError => quarterly_message,
    crate::extension::ExtensionError => extension_message,
}

impl UserError {
    pub fn from_store(err: &StoreError, locale: Locale) -> UserError {
        UserError {
            code: err.code(),
            message: store_message(err, locale),
        }
    }

    pub fn from_report(err: &crate::report::ReportError, locale: Locale) -> UserError {
        UserError {
            code: err.code(),
            message: report_message(err, locale),
        }
    }
}

/// The system could not open a written file (no PDF viewer, or the file went missing).
pub fn cannot_open(path: &str, detail: &str, l: Locale) -> UserError {
    UserError {
        code: crate::code::Code::CannotOpen,
        message: format!(
            "{}{path}（{detail}）{}",
            l.pick("无法打开文件：", "無法開啟檔案：", "Cannot open the file: "),
            l.pick(
                "。可以在文件管理器中找到它，或用“另存为”换个位置。",
                "。可以在檔案管理員中找到它，或用「另存新檔」換個位置。",
                ". Find it in the file manager, or use Save as to put it elsewhere.",
            )
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn messages_name_the_file_in_every_locale() {
        let path = PathBuf::from("/data/保后.sqlite3");
        let errors = [
            StoreError::NotFound { path: path.clone() },
            StoreError::ReadOnly { path: path.clone() },
            StoreError::NotSqlite { path: path.clone() },
            StoreError::NotBaohou { path: path.clone() },
            StoreError::Corrupt {
                path: path.clone(),
                detail: "page 3".into(),
            },
            StoreError::NewerSchema {
                path: path.clone(),
                found: 9,
                supported: 2,
            },
            StoreError::EmptyFile { path: path.clone() },
        ];
        for err in &errors {
            for locale in Locale::ALL {
                let m = store_message(err, locale);
                assert!(m.contains("/data/保后.sqlite3"), "{locale:?}: {m}");
            }
        }
        assert!(store_message(&errors[0], Locale::ZhCn).starts_with("找不到数据库文件"));
        assert!(store_message(&errors[5], Locale::ZhCn).contains("版本 9"));
        assert!(store_message(&errors[5], Locale::En).contains("up to 2"));
    }

    #[test]
    fn a_refused_portfolio_reads_in_each_script() {
        use crate::tasks::portfolio_file::{FieldProblem, PortfolioFileError};
        let e = PortfolioFileError::Field {
            index: 2,
            contract_no: "WT-2".into(),
            field: "amount".into(),
            problem: FieldProblem::NotPositive("-100".into()),
        };
        assert_eq!(
            portfolio_file_message(&e, Locale::ZhCn),
            "担保合同 WT-2（第 2 笔）字段 `amount`：金额应大于 0，而不是 -100"
        );
        assert_eq!(
            portfolio_file_message(&e, Locale::ZhTw),
            "擔保合同 WT-2（第 2 筆）欄位 `amount`：金額應大於 0，而不是 -100"
        );
        assert!(
            portfolio_file_message(&e, Locale::En)
                .starts_with("guarantee WT-2 (no. 2), field `amount`")
        );
    }
}
