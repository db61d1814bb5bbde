//! What the officer reads when this module refuses or fails, in their language.

use super::StoreError;
use crate::i18n::Locale;

/// The user-facing sentence for a store error.
pub fn store_message(err: &StoreError, locale: Locale) -> String {
    use StoreError::*;
    let l = locale;
    match err {
        NotFound { path } => format!(
            "{}{}{}",
            l.pick("找不到数据库文件：", "找不到資料庫檔案：", "Database file not found: "),
            path.display(),
            l.pick(
                "。请检查路径，或用 baohou init 新建。",
                "。請檢查路徑，或用 baohou init 新建。",
                ". Check the path, or create one with `baohou init`."
            )
        ),
        NotAFile { path } => format!(
            "{}{}",
            l.pick("不是数据库文件（是文件夹或特殊文件）：", "不是資料庫檔案（是資料夾或特殊檔案）：", "Not a database file (a folder or special file): "),
            path.display()
        ),
        ReadOnly { path } => format!(
            "{}{}{}",
            l.pick("数据库文件只读，无法写入：", "資料庫檔案唯讀，無法寫入：", "The database file is read-only: "),
            path.display(),
            l.pick(
                "。请取消只读属性或换一个位置。文件未被改动。",
                "。請取消唯讀屬性或換一個位置。檔案未被改動。",
                ". Make it writable or use another location. The file was not changed."
            )
        ),
        EmptyFile { path } => format!(
            "{}{}{}",
            l.pick("数据库文件是空的：", "資料庫檔案是空的：", "The database file is empty: "),
            path.display(),
            l.pick("。请用 baohou init 初始化。", "。請用 baohou init 初始化。", ". Initialise it with `baohou init`.")
        ),
        NotSqlite { path } => format!(
            "{}{}{}",
            l.pick("不是保后数据库（不是 SQLite 文件）：", "不是保後資料庫（不是 SQLite 檔案）：", "Not a Baohou database (not an SQLite file): "),
            path.display(),
            l.pick("。文件未被改动。", "。檔案未被改動。", ". The file was not changed.")
        ),
        NotBaohou { path } => format!(
            "{}{}{}",
            l.pick("这是其他程序的 SQLite 数据库，不是保后数据库：", "這是其他程式的 SQLite 資料庫，不是保後資料庫：", "An SQLite database of another program, not Baohou's: "),
            path.display(),
            l.pick("。文件未被改动。", "。檔案未被改動。", ". The file was not changed.")
        ),
        NotEncrypted { path } => format!(
            "{}{}{}",
            l.pick("这个保后数据库还没有加密：", "這個保後資料庫還沒有加密：", "This Baohou database is not encrypted yet: "),
            path.display(),
            l.pick(
                "。请先设置口令加密（应用会提示，或运行 baohou encrypt --db 文件）；文件未被改动。",
                "。請先設定口令加密（應用會提示，或執行 baohou encrypt --db 檔案）；檔案未被改動。",
                ". Set a passphrase to encrypt it first (the app offers to, or run `baohou encrypt --db FILE`); the file was not changed."
            )
        ),
        AlreadyEncrypted { path } => format!(
            "{}{}{}",
            l.pick("数据库已经加密：", "資料庫已經加密：", "The database is already encrypted: "),
            path.display(),
            l.pick(
                "。要换口令请用 baohou passwd；文件未被改动。",
                "。要換口令請用 baohou passwd；檔案未被改動。",
                ". To change its passphrase use `baohou passwd`; the file was not changed."
            )
        ),
        WrongPassphrase { path } => format!(
            "{}{}{}",
            l.pick("口令不对，无法打开：", "口令不對，無法開啟：", "Wrong passphrase, cannot open: "),
            path.display(),
            l.pick(
                "。请重新输入（注意大小写和输入法）。若口令确实无误，则文件已损坏。文件未被改动。",
                "。請重新輸入（注意大小寫和輸入法）。若口令確實無誤，則檔案已損壞。檔案未被改動。",
                ". Type it again (mind the case and the input method). If it is right, the file is damaged. The file was not changed."
            )
        ),
        TextTooLong { chars, max } => format!(
            "{}{chars}{}{max}{}",
            l.pick("内容太长（", "內容太長（", "The text is too long ("),
            l.pick(" 个字符，一栏最多 ", " 個字元，一欄最多 ", " characters; a field takes at most "),
            l.pick(
                " 个字符），未保存这次修改；之前保存的内容不变。",
                " 個字元），未儲存這次修改；之前儲存的內容不變。",
                "). This change was not saved; what was saved before is unchanged."
            )
        ),
        WeakPassphrase { min_chars } => format!(
            "{}{min_chars}{}",
            l.pick("口令太短：至少需要 ", "口令太短：至少需要 ", "The passphrase is too short: at least "),
            l.pick(
                " 个字符。忘记口令将无法在本机恢复数据（已送达总部的检查表不受影响）。",
                " 個字元。忘記口令將無法在本機恢復資料（已送達總部的檢查表不受影響）。",
                " characters. A forgotten passphrase cannot be recovered on this laptop (reports already at head office are safe)."
            )
        ),
        GuessablePassphrase { why } => {
            use super::key::Guessable::*;
            let reason = match why {
                Digits => l.pick("只有数字", "只有數字", "it is only digits"),
                Repeated => l.pick(
                    "是同一个字符的重复",
                    "是同一個字元的重複",
                    "it is one character repeated",
                ),
                Run => l.pick(
                    "是键盘或字母表上连着的一串",
                    "是鍵盤或字母表上連著的一串",
                    "it is a run of the keyboard or the alphabet",
                ),
                Common => l.pick(
                    "是泄露的口令库中最常见的口令之一",
                    "是外洩的口令庫中最常見的口令之一",
                    "it is among the passphrases most often found in leaked lists",
                ),
            };
            match l {
                Locale::En => format!(
                    "This passphrase is too easy to guess: {reason}. Use a phrase of your own, e.g. a few words with a number."
                ),
                _ => format!(
                    "{}{reason}{}",
                    l.pick("口令太容易被猜中：", "口令太容易被猜中：", ""),
                    l.pick(
                        "。请用自己的一句话，例如几个词加一个数字。",
                        "。請用自己的一句話，例如幾個詞加一個數字。",
                        ""
                    )
                ),
            }
        }
        UnlockWait { failures, seconds } => {
            let wait = if *seconds >= 60 {
                match l {
                    Locale::En => format!("{} min {} s", seconds / 60, seconds % 60),
                    _ => format!("{} 分 {} 秒", seconds / 60, seconds % 60),
                }
            } else {
                match l {
                    Locale::En => format!("{seconds} s"),
                    _ => format!("{seconds} 秒"),
                }
            };
            match l {
                Locale::En => format!(
                    "The passphrase was wrong {failures} times in a row: try again in {wait}. The wait doubles with each further wrong one (at most 15 minutes); the right passphrase ends it."
                ),
                Locale::ZhTw => format!(
                    "口令已連續輸錯 {failures} 次：請在 {wait}後再試。再輸錯一次，等待時間加倍（最長 15 分鐘）；輸入正確即恢復。"
                ),
                Locale::ZhCn => format!(
                    "口令已连续输错 {failures} 次：请在 {wait}后再试。再输错一次，等待时间加倍（最长 15 分钟）；输入正确即恢复。"
                ),
            }
        }
        Corrupt { path, detail } => format!(
            "{}{}{}{}",
            l.pick("数据库文件已损坏：", "資料庫檔案已損壞：", "The database file is corrupt: "),
            path.display(),
            l.pick("（", "（", " ("),
            format_args!(
                "{detail}{}",
                l.pick(
                    "）。请勿继续使用，联系总部恢复备份；文件未被改动。",
                    "）。請勿繼續使用，聯繫總部恢復備份；檔案未被改動。",
                    "). Stop using it and ask head office to restore a backup; the file was not changed."
                )
            )
        ),
        NewerSchema { path, found, supported } => format!(
            "{}{}{}{found}{}{supported}{}",
            l.pick("数据库由更新版本的保后创建：", "資料庫由更新版本的保後建立：", "The database was written by a newer Baohou: "),
            path.display(),
            l.pick("（版本 ", "（版本 ", " (version "),
            l.pick("，本程序支持到 ", "，本程式支援到 ", ", this program supports up to "),
            l.pick("）。请升级保后后再打开。", "）。請升級保後後再開啟。", "). Install the newer Baohou to open it.")
        ),
        Busy { path } => format!(
            "{}{}{}",
            l.pick("数据库正被其他程序占用：", "資料庫正被其他程式佔用：", "The database is in use by another program: "),
            path.display(),
            l.pick("。请稍后重试。", "。請稍後重試。", ". Try again in a moment.")
        ),
        DiskFull { path } => format!(
            "{}{}{}",
            l.pick("磁盘已满，无法写入：", "磁碟已滿，無法寫入：", "The disk is full, cannot write: "),
            path.display(),
            l.pick("。已保存的内容没有丢失，请腾出空间后重试。", "。已儲存的內容沒有遺失，請騰出空間後重試。", ". Nothing saved was lost; free some space and try again.")
        ),
        NotEmpty { path } => format!(
            "{}{}{}",
            l.pick("数据库中已有数据，演示数据只写入空数据库：", "資料庫中已有資料，示範資料只寫入空資料庫：", "The database already holds data; the demo is written only into an empty one: "),
            path.display(),
            l.pick("。原有数据未被改动。", "。原有資料未被改動。", ". Existing data was not changed.")
        ),
        Io { path, source } => format!(
            "{}{}（{source}）",
            l.pick("无法读写文件：", "無法讀寫檔案：", "Cannot read or write the file: "),
            path.display()
        ),
        Missing { what, id } => format!(
            "{}{what} {id}",
            l.pick("记录不存在：", "記錄不存在：", "No such record: ")
        ),
        InvalidDataFile { kind, error } => {
            format!("{}{error}", data_file_name(*kind, l).1)
        }
        VersionTaken { kind, version } => {
            let (name, _) = data_file_name(*kind, l);
            match l {
                Locale::ZhCn => format!(
                    "{name}版本 {version} 已安装过，但内容不同。请为新文件标注新的版本号；现行{name}未改动。"
                ),
                Locale::ZhTw => format!(
                    "{name}版本 {version} 已安裝過，但內容不同。請為新檔案標註新的版本號；現行{name}未改動。"
                ),
                Locale::En => format!(
                    "{name} version {version} is already installed with different text. Give the new file a new version; the {} in force was not changed.",
                    name.to_lowercase()
                ),
            }
        }
        VisitFrozen { .. } => l
            .pick(
                "检查已完成并封存，不能再改。如需更正，请先“更正”并写明原因，原版本会保留。",
                "檢查已完成並封存，不能再改。如需更正，請先「更正」並寫明原因，原版本會保留。",
                "The visit is completed and frozen. To correct it, reopen it with a reason; the earlier version is kept.",
            )
            .to_owned(),
        VisitNotReady { problems } => format!(
            "{}{}",
            l.pick("检查表尚不完整：", "檢查表尚不完整：", "The checklist is not complete: "),
            problems
                .iter()
                .map(|p| crate::draft::review::visit_problem_message(p, l))
                .collect::<Vec<_>>()
                .join(l.pick("；", "；", "; "))
        ),
        BadSignature { .. } => l
            .pick(
                "签名图像无法读取，请重新签名。检查表的内容没有改动。",
                "簽名圖像無法讀取，請重新簽名。檢查表的內容沒有改動。",
                "The signature image cannot be read; please sign again. The checklist was not changed.",
            )
            .to_owned(),
        NotConfirmed { .. } => l
            .pick(
                "借款人代表在确认检查表时签名，请先取得借款人确认意见。",
                "借款人代表在確認檢查表時簽名，請先取得借款人確認意見。",
                "The borrower's representative signs when confirming the checklist; take the confirmation first.",
            )
            .to_owned(),
        ReportChanged { document_no, .. } => format!(
            "{}{document_no}{}",
            l.pick("检查表 ", "檢查表 ", "Report "),
            l.pick(
                " 出具后，记录被改动过：现在的内容与出具时的摘要不符。请联系风控部核查，原出具的文件仍保存在数据库中。",
                " 出具後，記錄被改動過：現在的內容與出具時的摘要不符。請聯絡風控部核查，原出具的檔案仍保存在資料庫中。",
                " was changed after it was issued: the record no longer matches the digest issued. Ask risk control to check; the PDF as issued is still in the database.",
            )
        ),
        RemovalRefused { borrower, blockers } => format!(
            "{borrower}{}{}",
            l.pick(
                " 的资料暂不能从本机清除：",
                " 的資料暫不能從本機清除：",
                "'s data cannot leave this laptop yet: ",
            ),
            blockers
                .iter()
                .map(|b| removal_blocker_message(b, l))
                .collect::<Vec<_>>()
                .join(l.pick("；", "；", "; "))
        ),
        Recovery(e) => crate::recovery::recovery_message(e, l),
        FileSignal(e) => crate::signals::from_file::file_signal_message(e, l),
        Collection(e) => crate::collection::collection_message(e, l),
        Enforcement(e) => e.message(l),
        Site(e) => e.message(l),
        Invalid(detail) => format!(
            "{}{detail}",
            l.pick("输入有误：", "輸入有誤：", "Invalid input: ")
        ),
        BadUpdate { seq, detail } => format!(
            "{seq}{}{detail}{}",
            l.pick(
                " 号总部更新无法应用（",
                " 號總部更新無法套用（",
                ": head office's update cannot be applied (",
            ),
            l.pick(
                "）。这一批更新都没有应用，本机数据未变；请联系总部更正。",
                "）。這一批更新都沒有套用，本機資料未變；請聯絡總部更正。",
                "). None of its batch was applied and nothing here changed; ask head office to correct it.",
            )
        ),
        Sqlite(e) => format!(
            "{}{e}",
            l.pick("数据库错误：", "資料庫錯誤：", "Database error: ")
        ),
    }
}

/// The sentence for a broken audit chain.
pub fn audit_break_message(b: &crate::store::audit::AuditBreak, l: Locale) -> String {
    let why = match b.reason.as_str() {
        r if r.contains("missing") => {
            l.pick("该条记录被删除", "該條記錄被刪除", "the entry was removed")
        }
        r if r.contains("follow") => l.pick(
            "记录顺序被改动",
            "記錄順序被改動",
            "entries were reordered or inserted",
        ),
        _ => l.pick(
            "记录内容被改动",
            "記錄內容被改動",
            "the entry's content was changed",
        ),
    };
    format!(
        "{}{}{}{why}{}",
        l.pick("审计日志校验失败：第 ", "審計日誌校驗失敗：第 ", "The audit log does not check out: entry "),
        b.seq,
        l.pick(" 条起，", " 條起，", ", "),
        l.pick(
            "。数据库曾在本应用之外被修改，请联系总部核对；已送达总部的检查表以总部为准。",
            "。資料庫曾在本應用之外被修改，請聯繫總部核對；已送達總部的檢查表以總部為準。",
            ". The database was changed outside this app: tell head office; reports it holds stand as delivered."
        )
    )
}

/// Why a borrower's data stays on the laptop, in the user's language.
pub fn removal_blocker_message(b: &crate::store::RemovalBlocker, l: Locale) -> String {
    use crate::store::RemovalBlocker::*;
    match b {
        NotReleased {
            contract_no,
            status,
        } => {
            format!(
                "{}{contract_no}{}{}",
                l.pick("合同 ", "合同 ", "contract "),
                l.pick(" 尚未解保（", " 尚未解保（", " is not released ("),
                status.label(l)
            ) + l.pick("）", "）", ")")
        }
        UnfinishedVisit { visit_date, .. } => format!(
            "{}{visit_date}{}",
            l.pick("", "", "the visit of "),
            l.pick(" 的检查尚未完成", " 的檢查尚未完成", " is not completed")
        ),
        DocumentNotDelivered { document_no } => format!(
            "{document_no}{}",
            l.pick(
                " 总部尚未确认收到",
                " 總部尚未確認收到",
                " has not been confirmed by head office"
            )
        ),
        ReportNotDelivered { visit_date, .. } => format!(
            "{}{visit_date}{}",
            l.pick("", "", "the report of "),
            l.pick(
                " 的检查表总部尚未确认收到",
                " 的檢查表總部尚未確認收到",
                " has not been confirmed by head office"
            )
        ),
    }
}

/// A company data file's name, and the words that introduce its errors.
pub(crate) fn data_file_name(
    kind: crate::store::DataFileKind,
    l: Locale,
) -> (&'static str, &'static str) {
    use crate::store::DataFileKind as K;
    match kind {
        K::Policy => (
            l.pick("制度", "制度", "Policy"),
            l.pick("制度文件有误：", "制度檔案有誤：", "Invalid policy: "),
        ),
        K::Template => (
            l.pick("检查表模板", "檢查表範本", "Checklist template"),
            l.pick(
                "检查表模板有误：",
                "檢查表範本有誤：",
                "Invalid checklist template: ",
            ),
        ),
        K::Calendar => (
            l.pick("工作日历", "工作日曆", "Working-day calendar"),
            l.pick(
                "放假安排文件有误：",
                "放假安排檔案有誤：",
                "Invalid calendar year: ",
            ),
        ),
    }
}
