//! What an officer reads when something goes wrong: one sentence, in their language, naming the
//! file and what to do. The CLI prints it; the app shows it with the error's stable code.

use crate::i18n::Locale;
pub use crate::photos::photo_error_message;
pub use crate::sheets::import::import_problem_message;
use crate::store::StoreError;
use serde::Serialize;

/// An error as it crosses to the UI: a stable code to branch on and a message to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct UserError {
    pub code: String,
    pub message: String,
}

impl UserError {
    pub fn from_store(err: &StoreError, locale: Locale) -> UserError {
        UserError {
            code: err.code().to_owned(),
            message: store_message(err, locale),
        }
    }

    pub fn from_report(err: &crate::report::ReportError, locale: Locale) -> UserError {
        UserError {
            code: err.code().to_owned(),
            message: report_message(err, locale),
        }
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
                .map(|p| visit_problem_message(p, l))
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
        Recovery(e) => recovery_message(e, l),
        Collection(e) => collection_message(e, l),
        Notice(e) => notice_message(e, l),
        Release(e) => release_message(e, l),
        Withdrawal(e) => withdrawal_message(e, l),
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

/// Why a file could not be written, in the user's language (the system's own words for a cause
/// without a sentence of ours).
fn write_failure(source: &std::io::Error, l: Locale) -> String {
    use std::io::ErrorKind::*;
    match source.kind() {
        _ if source.raw_os_error() == Some(28) => {
            l.pick("磁盘已满", "磁碟已滿", "the disk is full")
        }
        StorageFull => l.pick("磁盘已满", "磁碟已滿", "the disk is full"),
        AlreadyExists => l.pick(
            "该文件夹已存在，未覆盖",
            "該資料夾已存在，未覆蓋",
            "the folder exists already and was not overwritten",
        ),
        NotFound => l.pick(
            "所在文件夹不存在",
            "所在資料夾不存在",
            "its folder does not exist",
        ),
        PermissionDenied => l.pick("没有写入权限", "沒有寫入權限", "permission denied"),
        _ => return source.to_string(),
    }
    .to_owned()
}

/// What stopped an export of a borrower's data, in the user's language.
pub fn export_message(err: &crate::privacy::ExportError, l: Locale) -> String {
    use crate::privacy::ExportError::*;
    match err {
        Store(e) => store_message(e, l),
        Write { path, source } => {
            let reason = write_failure(source, l);
            format!(
                "{}{}（{reason}）{}",
                l.pick(
                    "无法写入导出文件：",
                    "無法寫入匯出檔案：",
                    "Cannot write the export: "
                ),
                path.display(),
                l.pick(
                    "。本机数据没有受影响。",
                    "。本機資料沒有受影響。",
                    ". Nothing on the laptop was affected."
                ),
            )
        }
    }
}

/// What stopped a report, in the user's language.
pub fn report_message(err: &crate::report::ReportError, l: Locale) -> String {
    use crate::report::ReportError::*;
    match err {
        Store(e) => store_message(e, l),
        NotCompleted { .. } => l
            .pick(
                "这次检查尚未完成，不能出具正式检查表；可以先打印标有“草稿”的版本。",
                "這次檢查尚未完成，不能出具正式檢查表；可以先列印標有「草稿」的版本。",
                "The visit is not completed, so no final report can be issued; a copy marked DRAFT can be printed.",
            )
            .to_owned(),
        Write { path, source } => {
            format!(
                "{}{}（{}）",
                l.pick("无法写入检查表文件：", "無法寫入檢查表檔案：", "Cannot write the report file: "),
                path.display(),
                write_failure(source, l)
            ) + l.pick(
                "。数据库中的记录没有受影响。",
                "。資料庫中的記錄沒有受影響。",
                ". Nothing in the database was affected.",
            )
        }
    }
}

/// Why a report's seal (its electronic signature) does not hold, in the reader's language.
pub fn seal_message(err: &crate::report::seal::SealError, l: Locale) -> String {
    use crate::report::seal::SealError::*;
    match err {
        Malformed(detail) => format!(
            "{}（{detail}）",
            l.pick("电子签名文件无法读取", "電子簽名檔案無法讀取", "The signature file cannot be read")
        ),
        UnknownFormat(n) => format!(
            "{}{n}",
            l.pick(
                "电子签名文件的格式本程序不认识：",
                "電子簽名檔案的格式本程式不認識：",
                "This program does not know the signature file's format: ",
            )
        ),
        BadSignature => l
            .pick(
                "电子签名与签名内容不符：签名或其中的摘要在签名后被改动过。",
                "電子簽名與簽名內容不符：簽名或其中的摘要在簽名後被改動過。",
                "The signature does not match what it signs: the signature or the digests in it were changed after signing.",
            )
            .to_owned(),
        OtherReport { sealed, given } => format!(
            "{}{sealed}{}{given}{}",
            l.pick("这份电子签名属于检查表 ", "這份電子簽名屬於檢查表 ", "The signature is for report "),
            l.pick("，不是 ", "，不是 ", ", not "),
            l.pick("。", "。", "."),
        ),
        ContentChanged { sealed, actual } => {
            let what = l.pick("检查表内容", "檢查表內容", "The report's content");
            changed_after_signing(what, sealed, actual, l)
        }
        PdfChanged { sealed, actual } => {
            let what = l.pick("检查表 PDF ", "檢查表 PDF ", "The report's PDF");
            changed_after_signing(what, sealed, actual, l)
        }
        WrongKey { expected, actual } => format!(
            "{}{}{}{}{}",
            l.pick(
                "签名所用的密钥（指纹 ",
                "簽名所用的金鑰（指紋 ",
                "The report was signed with key ",
            ),
            crate::report::seal::fingerprint(actual),
            l.pick(
                "）不是这台电脑登记的密钥（指纹 ",
                "）不是這台電腦登記的金鑰（指紋 ",
                ", not this laptop's registered key ",
            ),
            crate::report::seal::fingerprint(expected),
            l.pick("）。", "）。", "."),
        ),
    }
}

/// "`what` was changed after signing (SHA-256 when signed …, now …)".
fn changed_after_signing(what: &str, sealed: &str, actual: &str, l: Locale) -> String {
    format!(
        "{what}{}{sealed}{}{actual}{}",
        l.pick(
            "在签名后被改动过（签名时 SHA-256 ",
            "在簽名後被改動過（簽名時 SHA-256 ",
            " was changed after signing (SHA-256 when signed ",
        ),
        l.pick("，现在 ", "，現在 ", ", now "),
        l.pick("）。", "）。", ")."),
    )
}

/// Why a report did not reach head office, in the officer's language.
pub fn sync_message(err: &crate::sync::client::SyncError, l: Locale) -> String {
    use crate::sync::client::SyncError::*;
    match err {
        Store(e) => store_message(e, l),
        Report(e) => report_message(e, l),
        Unreachable(detail) => format!(
            "{}（{detail}）",
            l.pick(
                "连不上总部服务器，联网后将自动重试",
                "連不上總部伺服器，連網後將自動重試",
                "Head office cannot be reached; it will be retried once online",
            )
        ),
        ServerFailed { status, message } => format!(
            "{}（{status}：{message}）",
            l.pick(
                "总部服务器出错，稍后自动重试",
                "總部伺服器出錯，稍後自動重試",
                "Head office failed; it will be retried",
            )
        ),
        // Head office words its refusals itself.
        Refused { error, .. } => error.message.clone(),
        Insecure(address) => format!(
            "{}{address}",
            l.pick(
                "总部地址须以 https:// 开头（明文 http:// 只能用于本机测试，否则设备令牌会以明文传输）：",
                "總部位址須以 https:// 開頭（明文 http:// 只能用於本機測試，否則設備令牌會以明文傳輸）：",
                "Head office's address must start with https:// (plain http:// is for this computer only; the device token would travel in clear): ",
            )
        ),
        DocumentChanged(no) => format!(
            "{no}{}",
            l.pick(
                " 签发后内容被改动，与签发时的摘要不符，不予上传",
                " 簽發後內容被改動，與簽發時的摘要不符，不予上傳",
                " was changed after it was issued: it does not match its digest and is not sent",
            )
        ),
        BadAuthority(detail) => format!(
            "{}（{detail}）",
            l.pick(
                "总部证书的根证书文件无法使用",
                "總部憑證的根憑證檔案無法使用",
                "The certificate authority file for head office cannot be used",
            )
        ),
        LaptopCodeTaken(code) => format!(
            "{code}{}",
            l.pick(
                "：总部连续发现本机编号已被其他笔记本使用，请联系总部管理员",
                "：總部連續發現本機編號已被其他筆記型電腦使用，請聯絡總部管理員",
                ": head office found this laptop's code held by another laptop again; ask head office's administrator",
            )
        ),
    }
}

/// Head office found the laptop's code held by another laptop, and a new one was drawn.
pub fn laptop_code_redrawn(
    taken: &crate::numbering::LaptopCode,
    new: &crate::numbering::LaptopCode,
    l: Locale,
) -> String {
    match l {
        Locale::ZhCn => format!(
            "本机编号 {taken} 已被另一台笔记本在总部登记，已改用新编号 {new}：今后出具的文书编号带 {new}，此前出具的文书编号不变，照常送达总部。"
        ),
        Locale::ZhTw => format!(
            "本機編號 {taken} 已被另一台筆記型電腦在總部登記，已改用新編號 {new}：今後出具的文書編號帶 {new}，此前出具的文書編號不變，照常送達總部。"
        ),
        Locale::En => format!(
            "This laptop's code {taken} is registered at head office by another laptop; it now uses {new}: documents issued from now on carry {new}, those issued before keep their numbers and are delivered as usual."
        ),
    }
}

/// The system could not open a written file (no PDF viewer, or the file went missing).
pub fn cannot_open(path: &str, detail: &str, l: Locale) -> UserError {
    UserError {
        code: "cannot_open".into(),
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

/// A company data file's name, and the words that introduce its errors.
fn data_file_name(kind: crate::store::DataFileKind, l: Locale) -> (&'static str, &'static str) {
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

/// One thing a visit still lacks, in the officer's words.
pub fn visit_problem_message(p: &crate::visit::review::Problem, l: Locale) -> String {
    use crate::visit::review::Problem as P;
    match p {
        P::Unanswered { code } => format!("{code} {}", l.pick("未填写", "未填寫", "is not answered")),
        P::NoteNeeded { code } => format!(
            "{code} {}",
            l.pick(
                "选了异常项，请在说明中写明事实",
                "選了異常項，請在說明中寫明事實",
                "is abnormal: write the facts in its note"
            )
        ),
        P::BadNumber { text, .. } => format!(
            "“{text}”{}",
            l.pick("不是数字", "不是數字", " is not a number")
        ),
        P::InventoryLineIncomplete { .. } => l
            .pick(
                "盘点行缺少品名、账面数量或实盘数量",
                "盤點行缺少品名、賬面數量或實盤數量",
                "a stock-count line lacks the goods, the book or the counted quantity",
            )
            .to_owned(),
        P::InterviewIncomplete { .. } => l
            .pick("访谈缺少岗位", "訪談缺少崗位", "an interview lacks the worker's role")
            .to_owned(),
        P::TooFewInterviews { need, have } => match l {
            Locale::ZhCn => format!("实地检查至少随机访谈 {need} 名工人，现有 {have} 名"),
            Locale::ZhTw => format!("實地檢查至少隨機訪談 {need} 名工人，現有 {have} 名"),
            Locale::En => format!("an on-site visit interviews at least {need} workers; {have} so far"),
        },
        P::ConclusionMissing => l
            .pick("检查结论未填写", "檢查結論未填寫", "the conclusion is empty")
            .to_owned(),
        P::ConclusionWithoutFacts => l
            .pick(
                "检查结论只有“正常、良好、按规定执行”之类的套话，请写出看到的事实和数字",
                "檢查結論只有「正常、良好、按規定執行」之類的套話，請寫出看到的事實和數字",
                "the conclusion is formality words only (\"正常、良好、按规定执行\"): state the facts and figures seen",
            )
            .to_owned(),
        P::RepeatedTextUnconfirmed { field } => format!(
            "{field} {}",
            l.pick(
                "与上次报告一字不差，请核实后确认",
                "與上次報告一字不差，請核實後確認",
                "repeats the last report word for word: check and confirm it"
            )
        ),
        P::SignalUndecided { code } => format!(
            "{code} {}",
            l.pick(
                "为规则提示的预警信号，请确认发出或说明不适用的理由",
                "為規則提示的預警信號，請確認發出或說明不適用的理由",
                "was proposed by the rules: raise it, or dismiss it with a reason"
            )
        ),
        P::BorrowerNotConfirmed => l
            .pick(
                "尚未取得借款人确认意见",
                "尚未取得借款人確認意見",
                "the borrower has not confirmed",
            )
            .to_owned(),
    }
}

/// What the app and CLI say when a deadline was counted in a year without calendar data.
pub fn calendar_gap_message(year: i32, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!(
            "{year} 年尚无官方放假安排数据，该年的工作日按“周一至周五上班、周末休息”计算，节假日与调休未计入。国务院公布后，总部发布的 {year} 年放假安排随下次同步自动更新（到期日随之重算）；也可由管理员用 baohou calendar {year}.toml --install 安装。"
        ),
        Locale::ZhTw => format!(
            "{year} 年尚無官方放假安排資料，該年的工作日按「週一至週五上班、週末休息」計算，節假日與調休未計入。國務院公布後，總部發布的 {year} 年放假安排隨下次同步自動更新（到期日隨之重算）；也可由管理員用 baohou calendar {year}.toml --install 安裝。"
        ),
        Locale::En => format!(
            "no official holiday calendar for {year}: its working days were counted as Monday to Friday, without holidays or make-up days. Once the State Council publishes it, head office's {year} calendar arrives with the next sync and the deadlines are counted again; an administrator can also install it with baohou calendar {year}.toml --install"
        ),
    }
}

/// A refused portfolio file, in the officer's language.
pub fn portfolio_file_message(
    e: &crate::tasks::portfolio_file::PortfolioFileError,
    locale: Locale,
) -> String {
    use crate::tasks::portfolio_file::{FieldProblem as P, PortfolioFileError as E};
    if locale == Locale::En {
        return e.to_string();
    }
    // Simplified or Traditional: the same sentence, written in each script.
    let t = |cn: String, tw: String| if locale == Locale::ZhTw { tw } else { cn };
    match e {
        E::Syntax { line, column, .. } => t(
            format!("不是有效的 JSON（第 {line} 行第 {column} 列）"),
            format!("不是有效的 JSON（第 {line} 行第 {column} 列）"),
        ),
        E::Shape => t(
            "文件应为含 \"guarantees\" 列表的 JSON 对象".into(),
            "檔案應為含 \"guarantees\" 列表的 JSON 物件".into(),
        ),
        E::Field {
            index,
            contract_no,
            field,
            problem,
        } => {
            let what = match problem {
                P::Missing => t("缺少此项".into(), "缺少此項".into()),
                P::BadDate(s) => t(
                    format!("“{s}”不是日期（应为 YYYY-MM-DD）"),
                    format!("「{s}」不是日期（應為 YYYY-MM-DD）"),
                ),
                P::BadAmount(s) => t(format!("“{s}”不是金额"), format!("「{s}」不是金額")),
                P::NotPositive(s) => t(
                    format!("金额应大于 0，而不是 {s}"),
                    format!("金額應大於 0，而不是 {s}"),
                ),
                P::UnknownProduct(s) => t(
                    format!(
                        "“{s}”不是担保品种（流动资金贷款、银行承兑汇票、贸易融资、信用证、固定资产/项目贷款、消费类贷款）"
                    ),
                    format!(
                        "「{s}」不是擔保品種（流動資金貸款、銀行承兌匯票、貿易融資、信用證、固定資產/項目貸款、消費類貸款）"
                    ),
                ),
                P::UnknownStatus(s) => t(
                    format!("“{s}”不是担保状态（在保、已解保、已代偿、追偿中）"),
                    format!("「{s}」不是擔保狀態（在保、已解保、已代償、追償中）"),
                ),
                P::UnknownVisitKind(s) => t(
                    format!("“{s}”不是检查类型（first、periodic、maturity、emergency）"),
                    format!("「{s}」不是檢查類型（first、periodic、maturity、emergency）"),
                ),
                P::UnknownTaskKind(s) => {
                    t(format!("“{s}”不是任务类型"), format!("「{s}」不是任務類型"))
                }
                P::BadTier(s) => t(
                    format!("“{s}”不是风险等级（1–4）"),
                    format!("「{s}」不是風險等級（1–4）"),
                ),
                P::UnknownSignal(s) => t(
                    format!("“{s}”不在预警信号目录中"),
                    format!("「{s}」不在預警信號目錄中"),
                ),
                P::MaturityBeforeStart { start, maturity } => t(
                    format!("到期日 {maturity} 不晚于起始日 {start}"),
                    format!("到期日 {maturity} 不晚於起始日 {start}"),
                ),
                P::WrongType(w) => t(
                    format!("类型不对（应为 {w}）"),
                    format!("類型不對（應為 {w}）"),
                ),
                P::Duplicate => t("合同号重复".into(), "合同號重複".into()),
                P::BadNumber(s) => t(format!("“{s}”不是数字"), format!("「{s}」不是數字")),
            };
            t(
                format!("担保合同 {contract_no}（第 {index} 笔）字段 `{field}`：{what}"),
                format!("擔保合同 {contract_no}（第 {index} 筆）欄位 `{field}`：{what}"),
            )
        }
    }
}

/// Why a compensation or a recovery was refused, in the user's language.
pub fn withdrawal_message(e: &crate::withdrawal::WithdrawalError, l: Locale) -> String {
    use crate::withdrawal::WithdrawalError as E;
    if l == Locale::En {
        return e.to_string();
    }
    let t = |cn: String, tw: String| if l == Locale::ZhTw { tw } else { cn };
    match e {
        E::NotActive(s) => t(
            format!("这笔担保的状态是“{}”，只有在保的担保才能撤保。", s.label(l)),
            format!(
                "這筆擔保的狀態是「{}」，只有在保的擔保才能撤保。",
                s.label(l)
            ),
        ),
        E::NoGround => t(
            "请勾选至少一项撤保事由。".into(),
            "請勾選至少一項撤保事由。".into(),
        ),
        E::NoFacts => t("请写明检查情况。".into(), "請寫明檢查情況。".into()),
        E::NoProposal => t("请写明处理意见。".into(), "請寫明處理意見。".into()),
        E::NoEvidence => t(
            "请选择至少一条预警信号作为证据。".into(),
            "請選擇至少一條預警信號作為證據。".into(),
        ),
        E::ForeignSignal(id) => t(
            format!("预警信号 {id} 不属于这笔担保。"),
            format!("預警信號 {id} 不屬於這筆擔保。"),
        ),
        E::Pending(no) => t(
            format!("撤保申请 {no} 尚待总经理审批，不能再提新的申请。"),
            format!("撤保申請 {no} 尚待總經理審批，不能再提新的申請。"),
        ),
        E::Unknown(no) => t(
            format!("没有编号为 {no} 的撤保申请。"),
            format!("沒有編號為 {no} 的撤保申請。"),
        ),
        E::AlreadyDecided { document_no, on } => t(
            format!("撤保申请 {document_no} 已于 {on} 审批。"),
            format!("撤保申請 {document_no} 已於 {on} 審批。"),
        ),
        E::BeforeProposal { on, proposed_on } => t(
            format!("审批日 {on} 早于申请日 {proposed_on}。"),
            format!("審批日 {on} 早於申請日 {proposed_on}。"),
        ),
        E::InTheFuture { day, today } => t(
            format!("日期 {day} 晚于今天（{today}）。"),
            format!("日期 {day} 晚於今天（{today}）。"),
        ),
        E::NoDecider => t("请填写审批人。".into(), "請填寫審批人。".into()),
        E::AlreadyApproved { document_no, on } => t(
            format!("撤保申请 {document_no} 已于 {on} 获批，无需再次申请。"),
            format!("撤保申請 {document_no} 已於 {on} 獲批，無需再次申請。"),
        ),
        E::NotApproved(no) => t(
            format!("撤保申请 {no} 未获批准，无需通知贷款银行。"),
            format!("撤保申請 {no} 未獲批准，無需通知貸款銀行。"),
        ),
        E::BankAlreadyNotified { document_no, on } => t(
            format!("撤保 {document_no} 已于 {on} 通知贷款银行。"),
            format!("撤保 {document_no} 已於 {on} 通知貸款銀行。"),
        ),
        E::BeforeApproval { on, decided_on } => t(
            format!("通知银行日 {on} 早于批准日 {decided_on}。"),
            format!("通知銀行日 {on} 早於批准日 {decided_on}。"),
        ),
    }
}

pub fn release_message(e: &crate::release::ReleaseError, l: Locale) -> String {
    use crate::release::ReleaseError as E;
    if l == Locale::En {
        return e.to_string();
    }
    let t = |cn: String, tw: String| if l == Locale::ZhTw { tw } else { cn };
    match e {
        E::NotActive(s) => t(
            format!("这笔担保的状态是“{}”，只有在保的担保才能解保。", s.label(l)),
            format!(
                "這筆擔保的狀態是「{}」，只有在保的擔保才能解保。",
                s.label(l)
            ),
        ),
        E::Outstanding { outstanding } => t(
            format!(
                "还有本金 {} 元未归还，不能解保：请先登记还款及凭证。",
                outstanding.grouped()
            ),
            format!(
                "還有本金 {} 元未歸還，不能解保：請先登記還款及憑證。",
                outstanding.grouped()
            ),
        ),
        E::OverdueOpen(d) => t(
            format!("{d} 起的逾期尚未结清，不能解保。"),
            format!("{d} 起的逾期尚未結清，不能解保。"),
        ),
        E::NoVoucher => t(
            "还款记录中没有还款凭证号：解保须留存还款凭证复印件。".into(),
            "還款記錄中沒有還款憑證號：解保須留存還款憑證影本。".into(),
        ),
        E::BeforeRepayment { on, last } => t(
            format!("解保日 {on} 早于最后一笔还款日 {last}。"),
            format!("解保日 {on} 早於最後一筆還款日 {last}。"),
        ),
        E::InTheFuture { day, today } => t(
            format!("日期 {day} 晚于今天（{today}）。"),
            format!("日期 {day} 晚於今天（{today}）。"),
        ),
        E::NotReleased => t(
            "这笔担保没有在本机办理解保。".into(),
            "這筆擔保沒有在本機辦理解保。".into(),
        ),
        E::AlreadyArchived(d) => t(
            format!("档案已于 {d} 移交。"),
            format!("檔案已於 {d} 移交。"),
        ),
        E::ArchiveBeforeRelease { on, released_on } => t(
            format!("移交日 {on} 早于解保日 {released_on}。"),
            format!("移交日 {on} 早於解保日 {released_on}。"),
        ),
        E::NoReceiver => t("请填写档案接收人。".into(), "請填寫檔案接收人。".into()),
    }
}

pub fn notice_message(e: &crate::notices::NoticeError, l: Locale) -> String {
    use crate::notices::NoticeError as E;
    if l == Locale::En {
        return e.to_string();
    }
    let t = |cn: String, tw: String| if l == Locale::ZhTw { tw } else { cn };
    match e {
        E::Released => t(
            "这笔担保已解保，不能再发通知书。".into(),
            "這筆擔保已解保，不能再發通知書。".into(),
        ),
        E::NotActive(s) => t(
            format!(
                "这笔担保的状态是“{}”，到期通知与还款提示只发给在保的担保。",
                s.label(l)
            ),
            format!(
                "這筆擔保的狀態是「{}」，到期通知與還款提示只發給在保的擔保。",
                s.label(l)
            ),
        ),
        E::NoOverdue => t(
            "这笔担保没有未结清的逾期，不能发逾期催收通知书；请先登记逾期。".into(),
            "這筆擔保沒有未結清的逾期，不能發逾期催收通知書；請先登記逾期。".into(),
        ),
        E::Undelivered(no) => t(
            format!("同类通知书 {no} 尚未登记送达，请先登记送达再发新的。"),
            format!("同類通知書 {no} 尚未登記送達，請先登記送達再發新的。"),
        ),
        E::Unknown(no) => t(
            format!("没有编号为 {no} 的通知书。"),
            format!("沒有編號為 {no} 的通知書。"),
        ),
        E::AlreadyDelivered { document_no, on } => t(
            format!("通知书 {document_no} 已于 {on} 登记送达。"),
            format!("通知書 {document_no} 已於 {on} 登記送達。"),
        ),
        E::NoReceipt(no) => t(
            format!("通知书 {no} 没有回执。"),
            format!("通知書 {no} 沒有回執。"),
        ),
        E::NotDelivered(no) => t(
            format!("通知书 {no} 尚未送达，回执不可能已收回；请先登记送达。"),
            format!("通知書 {no} 尚未送達，回執不可能已收回；請先登記送達。"),
        ),
        E::AlreadyReceipted { document_no, on } => t(
            format!("通知书 {document_no} 的回执已于 {on} 登记收回。"),
            format!("通知書 {document_no} 的回執已於 {on} 登記收回。"),
        ),
        E::BeforeIssue { day, issued_on } => t(
            format!("日期 {day} 早于通知书的签发日 {issued_on}。"),
            format!("日期 {day} 早於通知書的簽發日 {issued_on}。"),
        ),
        E::BeforeDelivery { day, delivered_on } => t(
            format!("回执收回日 {day} 早于送达日 {delivered_on}。"),
            format!("回執收回日 {day} 早於送達日 {delivered_on}。"),
        ),
        E::InTheFuture { day, today } => t(
            format!("日期 {day} 晚于今天（{today}）。"),
            format!("日期 {day} 晚於今天（{today}）。"),
        ),
    }
}

pub fn collection_message(e: &crate::collection::CollectionError, l: Locale) -> String {
    use crate::collection::CollectionError as E;
    if l == Locale::En {
        return e.to_string();
    }
    let t = |cn: String, tw: String| if l == Locale::ZhTw { tw } else { cn };
    let yuan = |m: &crate::money::Money| format!("{} 元", m.grouped());
    match e {
        E::Closed(_) => t(
            "这笔担保已解保，不再登记逾期、还款或催收。".into(),
            "這筆擔保已解保，不再登記逾期、還款或催收。".into(),
        ),
        E::AlreadyOverdue(d) => t(
            format!("这笔担保 {d} 起的逾期尚未结清，还款请登记在这笔逾期下。"),
            format!("這筆擔保 {d} 起的逾期尚未結清，還款請登記在這筆逾期下。"),
        ),
        E::BeforeStart { day, start, .. } => t(
            format!("日期 {day} 早于担保起始日 {start}。"),
            format!("日期 {day} 早於擔保起始日 {start}。"),
        ),
        E::InTheFuture { day, today, .. } => t(
            format!("日期 {day} 晚于今天（{today}），只能登记已经发生的事。"),
            format!("日期 {day} 晚於今天（{today}），只能登記已經發生的事。"),
        ),
        E::KnownBeforeDue { due_on, known_on } => t(
            format!("获知日 {known_on} 早于应还款日 {due_on}：逾期只能在应还日之后获知。"),
            format!("獲知日 {known_on} 早於應還款日 {due_on}：逾期只能在應還日之後獲知。"),
        ),
        E::NotPositive => t(
            "本金与利息合计应大于 0。".into(),
            "本金與利息合計應大於 0。".into(),
        ),
        E::MoreThanOutstanding {
            principal,
            outstanding,
        } => t(
            format!(
                "还款本金 {} 超过尚未归还的本金 {}（担保金额减去已登记的还款）。",
                yuan(principal),
                yuan(outstanding)
            ),
            format!(
                "還款本金 {} 超過尚未歸還的本金 {}（擔保金額減去已登記的還款）。",
                yuan(principal),
                yuan(outstanding)
            ),
        ),
        E::EmptySummary => t(
            "请写明沟通内容或查找结果。".into(),
            "請寫明溝通內容或查找結果。".into(),
        ),
        E::BadPromise { made_on, by } => t(
            format!("承诺还款需要大于 0 的金额，日期不能早于联系日 {made_on}（填的是 {by}）。"),
            format!("承諾還款需要大於 0 的金額，日期不能早於聯繫日 {made_on}（填的是 {by}）。"),
        ),
        E::PromiseFromNobody => t(
            "未联系上任何人时不能登记承诺还款。".into(),
            "未聯繫上任何人時不能登記承諾還款。".into(),
        ),
        E::UnknownRepayment(id) => t(
            format!("还款记录 {id} 不属于这笔担保。"),
            format!("還款記錄 {id} 不屬於這筆擔保。"),
        ),
        E::ScanAttached(day) => t(
            format!("{day} 的还款凭证已附扫描件，不能替换。"),
            format!("{day} 的還款憑證已附掃描件，不能替換。"),
        ),
    }
}

pub fn recovery_message(e: &crate::recovery::RecoveryError, l: Locale) -> String {
    use crate::recovery::RecoveryError as E;
    if l == Locale::En {
        return e.to_string();
    }
    let t = |cn: String, tw: String| if l == Locale::ZhTw { tw } else { cn };
    let yuan = |m: &crate::money::Money| format!("{} 元", m.grouped());
    match e {
        E::NotActive(s) => t(
            format!(
                "这笔担保的状态是“{}”，只有在保的担保才能登记代偿。",
                s.label(l)
            ),
            format!(
                "這筆擔保的狀態是「{}」，只有在保的擔保才能登記代償。",
                s.label(l)
            ),
        ),
        E::AlreadyCompensated(d) => t(
            format!("这笔担保已于 {d} 登记代偿，不能重复登记。"),
            format!("這筆擔保已於 {d} 登記代償，不能重複登記。"),
        ),
        E::BeforeStart { paid_on, start } => t(
            format!("代偿日 {paid_on} 早于担保起始日 {start}。"),
            format!("代償日 {paid_on} 早於擔保起始日 {start}。"),
        ),
        E::PrincipalAboveGuaranteed {
            principal,
            guaranteed,
        } => t(
            format!(
                "代偿本金 {} 超过担保金额 {}。",
                yuan(principal),
                yuan(guaranteed)
            ),
            format!(
                "代償本金 {} 超過擔保金額 {}。",
                yuan(principal),
                yuan(guaranteed)
            ),
        ),
        E::NotPositive(m) => t(
            format!("金额应大于 0，而不是 {}。", yuan(m)),
            format!("金額應大於 0，而不是 {}。", yuan(m)),
        ),
        E::NotCompensated => t(
            "这笔担保没有登记代偿，不能登记追偿回款。".into(),
            "這筆擔保沒有登記代償，不能登記追償回款。".into(),
        ),
        E::BeforeCompensation {
            received_on,
            paid_on,
        } => t(
            format!("回款日 {received_on} 早于代偿日 {paid_on}。"),
            format!("回款日 {received_on} 早於代償日 {paid_on}。"),
        ),
        E::MoreThanOwed {
            amount,
            outstanding,
        } => t(
            format!(
                "回款 {} 超过尚未收回的 {}：多收的钱不是追偿款，请核对金额。",
                yuan(amount),
                yuan(outstanding)
            ),
            format!(
                "回款 {} 超過尚未收回的 {}：多收的錢不是追償款，請核對金額。",
                yuan(amount),
                yuan(outstanding)
            ),
        ),
    }
}

/// Why a spreadsheet could not be made, in the user's language.
pub fn sheet_message(e: &crate::sheets::SheetError, l: Locale) -> String {
    match e {
        crate::sheets::SheetError::Store(e) => store_message(e, l),
        crate::sheets::SheetError::Xlsx(x) => format!(
            "{}{x}",
            l.pick(
                "无法生成电子表格：",
                "無法產生電子表格：",
                "The spreadsheet could not be made: "
            )
        ),
    }
}

/// Why an edited checklist template cannot be used, in the user's language.
pub fn template_sheet_message(
    e: &crate::sheets::template::TemplateSheetError,
    origin: &str,
    l: Locale,
) -> String {
    use crate::sheets::template::TemplateSheetError as E;
    let what = match e {
        E::Read(r) => {
            return import_error_message(&crate::sheets::import::ImportError::Read(r.clone()), l);
        }
        E::NoHeadings => l
            .pick(
                "找不到标题行（编号、部分、检查问题 …）：请从 baohou export checklist 导出的表格改起。",
                "找不到標題行（编号、部分、检查问题 …）：請從 baohou export checklist 匯出的表格改起。",
                "The heading row (编号, 部分, 检查问题 …) was not found: start from the sheet `baohou export checklist` writes.",
            )
            .to_owned(),
        E::MissingColumn(c) => format!("{}{c}", l.pick("缺少列：", "缺少欄：", "Missing column: ")),
        E::MissingMeta(m) => format!(
            "{}{m}",
            l.pick("标题上方缺少：", "標題上方缺少：", "Missing above the headings: ")
        ),
        E::Row {
            row: 0, problem, ..
        } => problem.clone(),
        E::Row {
            row,
            column,
            problem,
        } => match l {
            Locale::En => format!("row {row}, column {column}: {problem}"),
            _ => format!("第 {row} 行“{column}”列：{problem}"),
        },
        E::NoItems => l
            .pick("模板中没有检查项。", "範本中沒有檢查項。", "The template has no questions.")
            .to_owned(),
    };
    format!(
        "{}{origin}{}{what}",
        l.pick("检查表模板 ", "檢查表範本 ", "Checklist template "),
        l.pick("：", "：", ": ")
    )
}

/// Why a file cannot be imported at all, in the user's language.
pub fn import_error_message(e: &crate::sheets::import::ImportError, l: Locale) -> String {
    use crate::sheets::import::ImportError as E;
    use crate::sheets::read::ReadError as R;
    match e {
        E::Read(R::NotASpreadsheet) => l
            .pick(
                "这个文件不是电子表格：请选择 .xlsx、.xls 或 .csv 文件（CSV 可为 UTF-8 或 GBK 编码）。",
                "這個檔案不是電子表格：請選擇 .xlsx、.xls 或 .csv 檔案（CSV 可為 UTF-8 或 GBK 編碼）。",
                "This file is not a spreadsheet: choose an .xlsx, .xls or .csv file (CSV in UTF-8 or GBK).",
            )
            .into(),
        E::Read(R::PasswordProtected) => l
            .pick(
                "这个工作簿设有打开密码，无法读取。请在 Excel 中打开它，另存为不带密码的副本，再导入副本。",
                "這個活頁簿設有開啟密碼，無法讀取。請在 Excel 中開啟它，另存為不帶密碼的副本，再匯入副本。",
                "This workbook is password-protected and cannot be read. Open it in Excel, save a copy without the password and import the copy.",
            )
            .into(),
        E::Read(R::Damaged(detail)) => format!(
            "{}{detail}",
            l.pick(
                "电子表格已损坏，无法读取：",
                "電子表格已損壞，無法讀取：",
                "The spreadsheet is damaged and cannot be read: "
            )
        ),
        E::Read(R::Empty) => l
            .pick("电子表格是空的。", "電子表格是空的。", "The spreadsheet is empty.")
            .into(),
        E::Read(R::TooLarge { rows, columns }) => match l {
            Locale::En => format!(
                "The sheet spans {rows} rows by {columns} columns, more than the app holds ({} cells): delete the stray cells far below or to the right, or split the file.",
                crate::sheets::read::MAX_GRID_CELLS
            ),
            Locale::ZhTw => format!(
                "工作表跨越 {rows} 行 × {columns} 欄，超出本程式可容納的 {} 個儲存格：請刪除遠處零散的儲存格，或把檔案拆開。",
                crate::sheets::read::MAX_GRID_CELLS
            ),
            Locale::ZhCn => format!(
                "工作表跨越 {rows} 行 × {columns} 列，超出本程序可容纳的 {} 个单元格：请删除远处零散的单元格，或把文件拆开。",
                crate::sheets::read::MAX_GRID_CELLS
            ),
        },
        E::NoHeadingRow(n) => match l {
            Locale::En => format!(
                "No heading row with a contract number column (合同编号) was found in the first {n} rows."
            ),
            Locale::ZhTw => format!("前 {n} 行中找不到含「合同編號」欄的標題行。"),
            Locale::ZhCn => format!("前 {n} 行中找不到含“合同编号”列的标题行。"),
        },
        E::NoContractColumn => l
            .pick(
                "请把一列对应到“合同编号”：导入按合同编号找到每笔担保。",
                "請把一欄對應到「合同編號」：匯入按合同編號找到每筆擔保。",
                "Map one column to the contract number: the import finds each guarantee by it.",
            )
            .into(),
        E::FieldTwice {
            field,
            first,
            second,
        } => match l {
            Locale::En => format!(
                "Columns “{first}” and “{second}” are both mapped to {}; map one of them only.",
                field.label(l)
            ),
            Locale::ZhTw => format!(
                "「{first}」和「{second}」兩欄都對應到「{}」，請只保留一欄。",
                field.label(l)
            ),
            Locale::ZhCn => format!(
                "“{first}”和“{second}”两列都对应到“{}”，请只保留一列。",
                field.label(l)
            ),
        },
        E::CannotRead { path, detail } => format!(
            "{}{path}（{detail}）",
            l.pick("无法读取文件：", "無法讀取檔案：", "Cannot read the file: ")
        ),
        E::TooBig { bytes } => match l {
            Locale::En => format!(
                "The file is {} MB, more than any ledger; choose the core system's export.",
                bytes / (1024 * 1024)
            ),
            Locale::ZhTw => format!(
                "檔案有 {} MB，不像是台賬：請選擇核心系統匯出的檔案。",
                bytes / (1024 * 1024)
            ),
            Locale::ZhCn => format!(
                "文件有 {} MB，不像是台账：请选择核心系统导出的文件。",
                bytes / (1024 * 1024)
            ),
        },
        E::NoSuchColumn(c) => match l {
            Locale::En => format!("The mapping names column {}, which the file lacks.", c + 1),
            _ => format!(
                "{}{}{}",
                l.pick("对应关系中的第 ", "對應關係中的第 ", ""),
                c + 1,
                l.pick(" 列在文件中不存在。", " 欄在檔案中不存在。", "")
            ),
        },
    }
}

/// Why an import was not written, in the user's language.
pub fn import_run_message(e: &crate::sheets::import::ImportRunError, l: Locale) -> String {
    use crate::sheets::import::ImportRunError as E;
    match e {
        E::File(e) => import_error_message(e, l),
        E::Store(e) => store_message(e, l),
        E::MappingNotConfirmed => l
            .pick(
                "这种表格第一次导入：请先核对各列对应的字段并确认，之后同样格式的文件会沿用。未导入任何内容。",
                "這種表格第一次匯入：請先核對各欄對應的欄位並確認，之後同樣格式的檔案會沿用。未匯入任何內容。",
                "This layout is imported for the first time: check and confirm which field each column gives; files laid out the same way will use it. Nothing was imported.",
            )
            .into(),
        E::BrokenRows { rows } => match l {
            Locale::En => format!(
                "{rows} rows have problems, so nothing was imported. Correct them, or choose to import the other rows and skip these."
            ),
            Locale::ZhTw => format!(
                "有 {rows} 行存在問題，未匯入任何內容。請修正這些行，或選擇跳過它們、只匯入其餘各行。"
            ),
            Locale::ZhCn => format!(
                "有 {rows} 行存在问题，未导入任何内容。请修正这些行，或选择跳过它们、只导入其余各行。"
            ),
        },
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
