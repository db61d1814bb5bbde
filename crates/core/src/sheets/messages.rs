//! What the officer reads when this module refuses or fails, in their language.

use crate::i18n::Locale;

/// Why a spreadsheet could not be made, in the user's language.
pub fn sheet_message(e: &crate::sheets::SheetError, l: Locale) -> String {
    match e {
        crate::sheets::SheetError::Store(e) => crate::store::messages::store_message(e, l),
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
        E::Read(R::TooWide { columns }) => {
            let limit = crate::sheets::limits::MAX_COLUMNS;
            match l {
                Locale::En => format!(
                    "A row of the file has {columns} columns, more than a sheet can have ({limit}): the file is not a ledger, or its separators are wrong."
                ),
                Locale::ZhTw => format!(
                    "檔案中有一行共 {columns} 欄，超過工作表最多的 {limit} 欄：這不是台帳檔案，或分隔符號有誤。"
                ),
                Locale::ZhCn => format!(
                    "文件中有一行共 {columns} 列，超过工作表最多的 {limit} 列：这不是台账文件，或分隔符有误。"
                ),
            }
        }
        E::Read(R::TooBigUnpacked { megabytes }) => match l {
            Locale::En => format!(
                "The workbook unpacks to more than {megabytes} MB, more than the app reads: keep only the sheet to import in a new workbook and import that."
            ),
            Locale::ZhTw => format!(
                "這個活頁簿解壓後超過 {megabytes} MB，超出本程式可讀取的大小：請把要匯入的工作表另存為新活頁簿後再匯入。"
            ),
            Locale::ZhCn => format!(
                "这个工作簿解压后超过 {megabytes} MB，超出本程序可读取的大小：请把要导入的工作表另存为新工作簿后再导入。"
            ),
        },
        E::Read(R::TooHeavy { megabytes }) => {
            let limit = crate::sheets::biff::MAX_WORKBOOK_BYTES >> 20;
            match l {
                Locale::En => format!(
                    "Reading this workbook would take about {megabytes} MB of memory, more than the app allows ({limit} MB): keep only the sheet to import, save it as .xlsx and import that."
                ),
                Locale::ZhTw => format!(
                    "讀取這個活頁簿約需 {megabytes} MB 記憶體，超出本程式允許的 {limit} MB：請只保留要匯入的工作表，另存為 .xlsx 後再匯入。"
                ),
                Locale::ZhCn => format!(
                    "读取这个工作簿约需 {megabytes} MB 内存，超出本程序允许的 {limit} MB：请只保留要导入的工作表，另存为 .xlsx 后再导入。"
                ),
            }
        }
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
        E::Store(e) => crate::store::messages::store_message(e, l),
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
