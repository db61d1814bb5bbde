//! The visit checklist template (保后检查表模板) as a spreadsheet a company edits to fit its own
//! 制度: one line per question (section, question, answer type, options, which answers are
//! abnormal and which signal they raise, products, hint, required). Read back, every line is
//! checked and a problem names its row and column; the template is then written as the TOML the
//! store installs, and read once more by [`ChecklistTemplate::from_toml`] before it is used.

use super::SheetError;
use super::read::{Cell, Grid, ReadError, read_grid};
use super::style::{self, Styles};
use crate::checklist::{AnswerKind, ChecklistItem, ChecklistTemplate, Raises, TemplateMeta};
use crate::i18n::Locale;
use crate::portfolio::Product;
use crate::signals::SignalCatalog;
use crate::visit::ChecklistSection;
use rust_xlsxwriter::{DataValidation, Workbook};
use std::collections::HashSet;

/// The question sheet's headings, in order.
pub const TEMPLATE_HEADINGS: [&str; 10] = [
    "编号",
    "部分",
    "检查问题",
    "答案类型",
    "选项",
    "异常选项",
    "触发预警信号",
    "适用担保品种",
    "填写提示",
    "必填",
];

const ITEMS_SHEET: &str = "检查项";
const META_SHEET_LABELS: [&str; 2] = ["模板名称", "模板版本"];
/// Lists inside a cell are separated by one of these (not 、, which options themselves use:
/// “被吊销、查封或冻结”).
const SEPARATORS: [char; 4] = ['；', ';', '|', '\n'];

/// Why an edited template cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateSheetError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("the heading row (编号, 部分, 检查问题 …) was not found")]
    NoHeadings,
    #[error("column {0} is missing")]
    MissingColumn(&'static str),
    #[error("the template's {0} (模板名称 / 模板版本, above the headings) is missing")]
    MissingMeta(&'static str),
    #[error("row {row}, {column}: {problem}")]
    Row {
        row: usize,
        column: &'static str,
        problem: String,
    },
    #[error("the template has no questions")]
    NoItems,
}

/// The template as .xlsx: its name and version above the questions, drop-down lists for the
/// answer type, section and required columns, and the signal catalogue on a second sheet for
/// reference.
pub fn write_template(
    template: &ChecklistTemplate,
    catalog: &SignalCatalog,
    locale: Locale,
) -> Result<Vec<u8>, SheetError> {
    let mut book = Workbook::new();
    let s = Styles::new();
    {
        let sheet = book.add_worksheet();
        sheet.set_name(ITEMS_SHEET)?;
        let note = format!(
            "{}：{}　{}：{}　（改动后请同时改版本号；列表项用“；”分隔；适用担保品种留空表示全部品种）",
            META_SHEET_LABELS[0],
            template.template.name,
            META_SHEET_LABELS[1],
            template.template.version
        );
        let head_row = style::head(
            sheet,
            &s,
            &format!("保后检查表模板：{}", template.template.name),
            &note,
            &TEMPLATE_HEADINGS,
            &[7.0, 12.0, 46.0, 9.0, 30.0, 18.0, 11.0, 22.0, 40.0, 6.0],
        )?;
        // Name and version in cells of their own, for the reader (the note repeats them).
        sheet.write_string_with_format(0, 11, META_SHEET_LABELS[0], &s.heading)?;
        sheet.write_string_with_format(0, 12, &template.template.name, &s.cell)?;
        sheet.write_string_with_format(1, 11, META_SHEET_LABELS[1], &s.heading)?;
        sheet.write_string_with_format(1, 12, &template.template.version, &s.cell)?;
        sheet.set_column_width(11, 10)?;
        sheet.set_column_width(12, 24)?;
        for (i, item) in template.items.iter().enumerate() {
            let row = head_row + 1 + i as u32;
            let list = |v: &[String]| v.join("；");
            sheet.write_string_with_format(row, 0, &item.code, &s.cell)?;
            sheet.write_string_with_format(row, 1, item.section.label(Locale::ZhCn), &s.cell)?;
            sheet.write_string_with_format(row, 2, &item.question, &s.wrap)?;
            sheet.write_string_with_format(row, 3, answer_name(item.answer), &s.cell)?;
            sheet.write_string_with_format(row, 4, list(&item.options), &s.wrap)?;
            sheet.write_string_with_format(row, 5, list(&item.abnormal), &s.wrap)?;
            let raises = item.raises.as_ref().map(Raises::text).unwrap_or_default();
            sheet.write_string_with_format(row, 6, raises, &s.wrap)?;
            let products: Vec<String> = item
                .products
                .iter()
                .map(|p| p.label(Locale::ZhCn).to_owned())
                .collect();
            sheet.write_string_with_format(row, 7, products.join("；"), &s.wrap)?;
            sheet.write_string_with_format(row, 8, item.hint.as_deref().unwrap_or(""), &s.wrap)?;
            sheet.write_string_with_format(
                row,
                9,
                if item.required { "是" } else { "否" },
                &s.cell,
            )?;
        }
        let last = head_row + template.items.len() as u32;
        // Room to add questions under the lists' checks.
        let open_end = last + 200;
        let sections: Vec<&str> = ChecklistSection::ALL
            .iter()
            .map(|c| c.label(Locale::ZhCn))
            .collect();
        sheet.add_data_validation(
            head_row + 1,
            1,
            open_end,
            1,
            &DataValidation::new().allow_list_strings(&sections)?,
        )?;
        sheet.add_data_validation(
            head_row + 1,
            3,
            open_end,
            3,
            &DataValidation::new().allow_list_strings(&["选择", "文字"])?,
        )?;
        sheet.add_data_validation(
            head_row + 1,
            9,
            open_end,
            9,
            &DataValidation::new().allow_list_strings(&["是", "否"])?,
        )?;
        style::finish(
            sheet,
            head_row,
            last,
            (TEMPLATE_HEADINGS.len() - 1) as u16,
            1,
        )?;
    }
    let sheet = book.add_worksheet();
    sheet.set_name("预警信号目录")?;
    let headings = ["信号编号", "名称", "严重程度"];
    let head_row = style::head(
        sheet,
        &s,
        "预警信号目录（“触发预警信号”一列填这里的编号）",
        "",
        &headings,
        &[10.0, 50.0, 12.0],
    )?;
    for (i, def) in catalog.signals.iter().enumerate() {
        let row = head_row + 1 + i as u32;
        sheet.write_string_with_format(row, 0, &def.code, &s.cell)?;
        sheet.write_string_with_format(row, 1, &def.title, &s.wrap)?;
        sheet.write_string_with_format(row, 2, def.severity.label(locale), &s.cell)?;
    }
    Ok(book.save_to_buffer()?)
}

fn answer_name(kind: AnswerKind) -> &'static str {
    match kind {
        AnswerKind::Choice => "选择",
        AnswerKind::Text => "文字",
    }
}

/// Reads an edited template: every line checked, then the TOML the store installs (checked
/// again as any template file is). Returns the template and its TOML.
pub fn read_template(
    bytes: &[u8],
    origin: &str,
    catalog: &SignalCatalog,
) -> Result<(ChecklistTemplate, String), TemplateSheetError> {
    let grid = read_grid(bytes)?;
    let head = (0..grid.rows.len().min(20))
        .find(|r| {
            grid.cell(*r, 0).text() == TEMPLATE_HEADINGS[0]
                && column_of(&grid, *r, "检查问题").is_some()
        })
        .ok_or(TemplateSheetError::NoHeadings)?;
    let col = |name: &'static str| {
        column_of(&grid, head, name).ok_or(TemplateSheetError::MissingColumn(name))
    };
    let columns = [
        col("编号")?,
        col("部分")?,
        col("检查问题")?,
        col("答案类型")?,
        col("选项")?,
        col("异常选项")?,
        col("触发预警信号")?,
        col("适用担保品种")?,
        col("填写提示")?,
        col("必填")?,
    ];
    let meta = |label: &'static str| -> Result<String, TemplateSheetError> {
        for r in 0..head {
            for c in 0..grid.width() {
                if grid.cell(r, c).text() == label {
                    let value = grid.cell(r, c + 1).text();
                    if !value.is_empty() {
                        return Ok(value);
                    }
                }
            }
        }
        Err(TemplateSheetError::MissingMeta(label))
    };
    let template = TemplateMeta {
        name: meta(META_SHEET_LABELS[0])?,
        version: meta(META_SHEET_LABELS[1])?,
    };
    let mut items = Vec::new();
    let mut codes = HashSet::new();
    for r in head + 1..grid.rows.len() {
        let cell = |i: usize| grid.cell(r, columns[i]);
        if (0..columns.len()).all(|i| cell(i).is_empty()) {
            continue;
        }
        let row = r + 1;
        let bad = |column: &'static str, problem: String| TemplateSheetError::Row {
            row,
            column,
            problem,
        };
        let code = cell(0).text();
        if code.is_empty() {
            return Err(bad("编号", "编号为空".into()));
        }
        if !codes.insert(code.clone()) {
            return Err(bad("编号", format!("编号 {code} 重复")));
        }
        let section = parse_section(&cell(1).text()).ok_or_else(|| {
            bad(
                "部分",
                format!("“{}”不是部分（A–F，如 A 生产经营）", cell(1).text()),
            )
        })?;
        let question = cell(2).text();
        if question.is_empty() {
            return Err(bad("检查问题", "问题为空".into()));
        }
        let answer = match cell(3).text().as_str() {
            "选择" | "选择题" | "choice" => AnswerKind::Choice,
            "文字" | "文字题" | "text" => AnswerKind::Text,
            other => {
                return Err(bad(
                    "答案类型",
                    format!("“{other}”不是答案类型（选择 或 文字）"),
                ));
            }
        };
        let options = list(cell(4));
        let abnormal = list(cell(5));
        match answer {
            AnswerKind::Choice if options.len() < 2 => {
                return Err(bad("选项", "选择题至少要有两个选项".into()));
            }
            AnswerKind::Text if !options.is_empty() || !abnormal.is_empty() => {
                return Err(bad("选项", "文字题没有选项和异常选项".into()));
            }
            _ => {}
        }
        if let Some(a) = abnormal.iter().find(|a| !options.contains(a)) {
            return Err(bad("异常选项", format!("“{a}”不是本项的选项")));
        }
        let raises = Raises::parse(&cell(6).text());
        if let Some(Raises::ByOption(by)) = &raises
            && let Some(option) = by.keys().find(|o| !abnormal.contains(o))
        {
            return Err(bad(
                "触发预警信号",
                format!("“{option}”不是本项的异常选项（写作 异常选项→信号编号，以“；”分隔）"),
            ));
        }
        if let Some(code) = raises
            .iter()
            .flat_map(Raises::codes)
            .find(|code| catalog.get(code).is_none())
        {
            return Err(bad("触发预警信号", format!("预警信号目录中没有 {code}")));
        }
        if raises.is_some() && abnormal.is_empty() {
            return Err(bad("触发预警信号", "没有异常选项，信号不会被触发".into()));
        }
        let products = list(cell(7))
            .iter()
            .map(|p| {
                Product::parse_name(p)
                    .map_err(|_| bad("适用担保品种", format!("“{p}”不是担保品种")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let required = match cell(9).text().as_str() {
            "" | "是" | "必填" | "Y" | "y" | "yes" => true,
            "否" | "选填" | "N" | "n" | "no" => false,
            other => return Err(bad("必填", format!("“{other}”应为 是 或 否"))),
        };
        items.push(ChecklistItem {
            code,
            section,
            question,
            answer,
            options,
            abnormal,
            raises,
            products,
            hint: Some(cell(8).text()).filter(|t| !t.is_empty()),
            required,
        });
    }
    if items.is_empty() {
        return Err(TemplateSheetError::NoItems);
    }
    let template = ChecklistTemplate { template, items };
    let toml = template_toml(&template);
    // The same checks as any template file, on the text the store will keep.
    let checked = ChecklistTemplate::from_toml(&toml, origin, catalog).map_err(|e| {
        TemplateSheetError::Row {
            row: 0,
            column: "",
            problem: e.to_string(),
        }
    })?;
    Ok((checked, toml))
}

/// The template as the TOML the store installs, with a header saying where it came from.
fn template_toml(template: &ChecklistTemplate) -> String {
    let body = toml::to_string(template).expect("a template serializes");
    format!("# 保后检查表模板，由 Excel 表格导入 (imported from a spreadsheet)\n\n{body}")
}

fn column_of(grid: &Grid, row: usize, name: &str) -> Option<usize> {
    (0..grid.width()).find(|c| grid.cell(row, *c).text() == name)
}

fn list(cell: &Cell) -> Vec<String> {
    cell.text()
        .split(SEPARATORS)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn parse_section(text: &str) -> Option<ChecklistSection> {
    let t = text.trim();
    if let Ok(s) = ChecklistSection::from_name(t) {
        return Some(s);
    }
    if let Some(first) = t.chars().next().filter(|c| c.is_ascii_alphabetic())
        && let Ok(s) = ChecklistSection::from_code(&first.to_ascii_uppercase().to_string())
    {
        return Some(s);
    }
    ChecklistSection::ALL.iter().copied().find(|s| {
        let label = s.label(Locale::ZhCn);
        label.split_once(' ').map_or(label, |(_, name)| name) == t
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(bytes: &[u8], f: impl FnOnce(&mut Vec<Vec<String>>)) -> Vec<u8> {
        // Rewrites the questions through a grid of texts, as a person edits them in Excel.
        let grid = read_grid(bytes).unwrap();
        let mut rows: Vec<Vec<String>> = grid
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::text).collect())
            .collect();
        f(&mut rows);
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    sheet.write_string(r as u32, c as u16, text).unwrap();
                }
            }
        }
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn the_shipped_template_round_trips_through_a_spreadsheet() {
        let catalog = SignalCatalog::builtin();
        let builtin = ChecklistTemplate::builtin();
        let bytes = write_template(&builtin, &catalog, Locale::ZhCn).unwrap();
        let (read, toml) = read_template(&bytes, "模板.xlsx", &catalog).unwrap();
        assert_eq!(read, builtin);
        assert_eq!(
            ChecklistTemplate::from_toml(&toml, "x", &catalog).unwrap(),
            builtin
        );
    }

    #[test]
    fn an_edited_template_is_taken_and_each_bad_line_is_named() {
        let catalog = SignalCatalog::builtin();
        let bytes = write_template(&ChecklistTemplate::builtin(), &catalog, Locale::ZhCn).unwrap();
        // The company adds a question of its own and raises the version.
        let edited = edit(&bytes, |rows| {
            rows[1][12] = "2027.1".into();
            let mut new = vec![String::new(); 10];
            new[0] = "G01".into();
            new[1] = "E".into();
            new[2] = "厂区消防通道是否畅通".into();
            new[3] = "选择".into();
            new[4] = "畅通；堵塞".into();
            new[5] = "堵塞".into();
            new[6] = "W36".into();
            new[9] = "否".into();
            rows.push(new);
        });
        let (t, _) = read_template(&edited, "x.xlsx", &catalog).unwrap();
        assert_eq!(t.version(), "2027.1");
        let added = t.item("G01").unwrap();
        assert_eq!(added.section, ChecklistSection::Other);
        assert_eq!(added.options, ["畅通", "堵塞"]);
        assert!(!added.required);

        let first = 4; // the first question's row (title, note, headings above)
        for (mutate, row, column) in [
            (
                Box::new(|rows: &mut Vec<Vec<String>>| rows[3][3] = "打分".into())
                    as Box<dyn FnOnce(&mut Vec<Vec<String>>)>,
                first,
                "答案类型",
            ),
            (
                Box::new(|rows| rows[4][0] = rows[3][0].clone()),
                first + 1,
                "编号",
            ),
            (
                Box::new(|rows| rows[3][5] = "不存在的选项".into()),
                first,
                "异常选项",
            ),
            (
                Box::new(|rows| rows[3][6] = "W99".into()),
                first,
                "触发预警信号",
            ),
            (
                Box::new(|rows| rows[5][7] = "房贷".into()),
                first + 2,
                "适用担保品种",
            ),
            (Box::new(|rows| rows[3][1] = "Z".into()), first, "部分"),
            (
                Box::new(|rows| rows[3][2] = String::new()),
                first,
                "检查问题",
            ),
        ] {
            let bad = edit(&bytes, mutate);
            match read_template(&bad, "x.xlsx", &catalog) {
                Err(TemplateSheetError::Row {
                    row: r, column: c, ..
                }) => {
                    assert_eq!((r, c), (row, column));
                }
                other => panic!("{column}: {other:?}"),
            }
        }
        let no_version = edit(&bytes, |rows| rows[1][12] = String::new());
        assert_eq!(
            read_template(&no_version, "x", &catalog),
            Err(TemplateSheetError::MissingMeta("模板版本"))
        );
        assert!(matches!(
            read_template(b"\x89PNG\r\n\x1a\n\0\0", "x", &catalog),
            Err(TemplateSheetError::Read(ReadError::NotASpreadsheet))
        ));
    }
}
