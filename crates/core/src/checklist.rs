//! The visit checklist template (保后检查表模板) as data: the questions of sections A–F, which
//! products each applies to, which answers are abnormal and the signal they call for. A company
//! edits its own copy; the shipped one is `assets/checklist/default.toml`.

use crate::datafile::{self, DataFileError, error_at_key};
use crate::portfolio::Product;
use crate::signals::SignalCatalog;
use crate::visit::ChecklistSection;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// The template shipped with the product.
pub const DEFAULT_CHECKLIST_TOML: &str = include_str!("../../../assets/checklist/default.toml");

/// How an item is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum AnswerKind {
    /// One of the item's options.
    Choice,
    /// Facts in words.
    Text,
}

/// One question of the checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    /// Stable code, e.g. "A01"; answers are kept under it.
    pub code: String,
    pub section: ChecklistSection,
    pub question: String,
    pub answer: AnswerKind,
    #[serde(default)]
    pub options: Vec<String>,
    /// Options that are findings: they need a note with the facts, and propose `raises`.
    #[serde(default)]
    pub abnormal: Vec<String>,
    /// The catalogue signal an abnormal answer proposes.
    #[serde(default)]
    pub raises: Option<Raises>,
    /// Products the item applies to (codes or names); empty: every product.
    #[serde(default, deserialize_with = "de_products")]
    #[specta(type = Vec<Product>)]
    pub products: Vec<Product>,
    /// A reminder of what a factual answer looks like.
    #[serde(default)]
    pub hint: Option<String>,
    #[serde(default = "yes")]
    pub required: bool,
}

/// The signal an abnormal answer proposes: one for every abnormal option (`raises = "W07"`), or
/// one for each option named (`raises = { "被吊销、查封或冻结" = "W42" }`), an abnormal option not
/// named being a fact to note, not a warning (a lawsuit is W21 only when it is 重大 and the firm
/// cannot operate or repay, seed 004 item 21).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(untagged)]
pub enum Raises {
    Every(String),
    ByOption(BTreeMap<String, String>),
}

impl Raises {
    /// The signal codes named.
    pub fn codes(&self) -> Vec<&str> {
        match self {
            Raises::Every(code) => vec![code.as_str()],
            Raises::ByOption(by) => by.values().map(String::as_str).collect(),
        }
    }

    /// As a spreadsheet cell shows it: `W07`, or `被吊销、查封或冻结→W42；重大涉诉→W21`.
    pub fn text(&self) -> String {
        match self {
            Raises::Every(code) => code.clone(),
            Raises::ByOption(by) => by
                .iter()
                .map(|(option, code)| format!("{option}→{code}"))
                .collect::<Vec<_>>()
                .join("；"),
        }
    }

    /// Reads a cell as [`Raises::text`] writes it (`=` or `->` also separate an option from
    /// its code); `None` when empty.
    pub fn parse(text: &str) -> Option<Raises> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let arrow = |part: &str| {
            ["→", "->", "=", "＝"]
                .iter()
                .find_map(|sep| part.split_once(sep))
                .map(|(option, code)| (option.trim().to_owned(), code.trim().to_owned()))
        };
        if arrow(text).is_none() {
            return Some(Raises::Every(text.to_owned()));
        }
        let by = text
            .split(['；', ';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| arrow(p).unwrap_or_else(|| (p.to_owned(), String::new())))
            .collect();
        Some(Raises::ByOption(by))
    }
}

impl ChecklistItem {
    /// The signal this answer proposes, when it is an abnormal one that raises any.
    pub fn raised_by(&self, answer: &str) -> Option<&str> {
        let answer = answer.trim();
        if !self.abnormal.iter().any(|a| a == answer) {
            return None;
        }
        match self.raises.as_ref()? {
            Raises::Every(code) => Some(code),
            Raises::ByOption(by) => by.get(answer).map(String::as_str),
        }
    }
}

fn yes() -> bool {
    true
}

fn de_products<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Product>, D::Error> {
    let names: Vec<String> = Vec::deserialize(d)?;
    names
        .iter()
        .map(|n| {
            Product::parse_name(n)
                .map_err(|_| serde::de::Error::custom(format!("“{n}”不是担保品种 (not a product)")))
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct TemplateMeta {
    pub name: String,
    /// Recorded on every visit started from this template.
    pub version: String,
}

/// A checklist template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistTemplate {
    pub template: TemplateMeta,
    #[serde(rename = "item")]
    pub items: Vec<ChecklistItem>,
}

impl ChecklistTemplate {
    /// Reads and checks a template. Every problem names the key and the line.
    pub fn from_toml(
        text: &str,
        origin: &str,
        catalog: &SignalCatalog,
    ) -> Result<ChecklistTemplate, DataFileError> {
        let t: ChecklistTemplate = datafile::parse(text, origin)?;
        let fail = |i: usize, key: &str, detail: String| {
            error_at_key(text, origin, &format!("item[{}].{key}", i + 1), detail)
        };
        if t.items.is_empty() {
            return Err(error_at_key(
                text,
                origin,
                "item",
                "模板至少要有一个检查项 (a template needs at least one item)".into(),
            ));
        }
        let mut codes = HashSet::new();
        for (i, item) in t.items.iter().enumerate() {
            if !codes.insert(item.code.as_str()) {
                return Err(fail(
                    i,
                    "code",
                    format!("检查项编号 {} 重复 (item code appears twice)", item.code),
                ));
            }
            if item.question.trim().is_empty() {
                return Err(fail(i, "question", "问题不能为空 (empty question)".into()));
            }
            match item.answer {
                AnswerKind::Choice if item.options.len() < 2 => {
                    return Err(fail(
                        i,
                        "options",
                        "选择题至少要有两个选项 (a choice needs two options or more)".into(),
                    ));
                }
                AnswerKind::Text if !item.options.is_empty() || !item.abnormal.is_empty() => {
                    return Err(fail(
                        i,
                        "options",
                        "文字题没有选项 (a text item has no options)".into(),
                    ));
                }
                _ => {}
            }
            if let Some(a) = item.abnormal.iter().find(|a| !item.options.contains(a)) {
                return Err(fail(
                    i,
                    "abnormal",
                    format!("“{a}”不是本项的选项 (not one of the options)"),
                ));
            }
            if let Some(Raises::ByOption(by)) = &item.raises
                && let Some(option) = by.keys().find(|o| !item.abnormal.contains(o))
            {
                return Err(fail(
                    i,
                    "raises",
                    format!("“{option}”不是本项的异常选项 (not an abnormal option)"),
                ));
            }
            if let Some(code) = item
                .raises
                .iter()
                .flat_map(Raises::codes)
                .find(|code| catalog.get(code).is_none())
            {
                return Err(fail(
                    i,
                    "raises",
                    format!("预警信号目录中没有 {code} (no such signal)"),
                ));
            }
        }
        Ok(t)
    }

    pub fn builtin() -> ChecklistTemplate {
        ChecklistTemplate::from_toml(
            DEFAULT_CHECKLIST_TOML,
            "assets/checklist/default.toml",
            &SignalCatalog::builtin(),
        )
        .expect("the shipped checklist template is valid")
    }

    pub fn version(&self) -> &str {
        &self.template.version
    }

    /// The items asked for a guarantee of `product`, in template order.
    pub fn items_for(&self, product: Product) -> impl Iterator<Item = &ChecklistItem> {
        self.items
            .iter()
            .filter(move |i| i.products.is_empty() || i.products.contains(&product))
    }

    pub fn item(&self, code: &str) -> Option<&ChecklistItem> {
        self.items.iter().find(|i| i.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broken(find: &str, replace: &str) -> DataFileError {
        let text = DEFAULT_CHECKLIST_TOML.replacen(find, replace, 1);
        assert_ne!(text, DEFAULT_CHECKLIST_TOML, "{find}");
        ChecklistTemplate::from_toml(&text, "模板.toml", &SignalCatalog::builtin()).unwrap_err()
    }

    #[test]
    fn the_shipped_template_covers_every_section_and_varies_by_product() {
        let t = ChecklistTemplate::builtin();
        let sections: HashSet<ChecklistSection> = t.items.iter().map(|i| i.section).collect();
        assert_eq!(sections.len(), ChecklistSection::ALL.len());
        let general = t.items_for(Product::WorkingCapitalLoan).count();
        let bills: Vec<&str> = t
            .items_for(Product::BankAcceptanceBill)
            .map(|i| i.code.as_str())
            .collect();
        let project: Vec<&str> = t
            .items_for(Product::FixedAssetLoan)
            .map(|i| i.code.as_str())
            .collect();
        assert!(bills.contains(&"C04") && !bills.contains(&"A06"));
        assert!(project.contains(&"A06") && project.contains(&"A07") && !project.contains(&"C04"));
        assert_eq!(bills.len(), general + 1);
        // Seed 000 asks for the family, reputation and press on every visit: E03 is required.
        assert!(t.items.iter().find(|i| i.code == "E03").unwrap().required);
        // Every item with abnormal choices has one that proposes a signal, and the seed's
        // qualifiers hold (004 (三)): a lawsuit is W21 only when 重大 and the firm cannot operate
        // and repay, 吊销/查封/冻结 is W42, no real trade is W44, a change of people is W15 only when
        // it is a 重大人事调整, a lapsed registration is no W25.
        // Abnormal answers that propose no signal are facts to note: a lapsed registration, the
        // banking habits and the loan's conditions (seed 000's and 003's monitoring items with
        // no 004 item), missing loan papers.
        let facts_only: Vec<&str> = t
            .items
            .iter()
            .filter(|i| !i.abnormal.is_empty())
            .filter(|i| !i.abnormal.iter().any(|a| i.raised_by(a).is_some()))
            .map(|i| i.code.as_str())
            .collect();
        assert_eq!(facts_only, ["B05", "C05", "D03", "E04"]);
        let item = |code: &str| t.items.iter().find(|i| i.code == code).unwrap();
        for (code, answer, raised) in [
            ("A04", "有一般纠纷", None),
            ("A04", "重大诉讼或纠纷，不能正常经营和还贷", Some("W21")),
            ("B01", "一般人员变动", None),
            ("B01", "重大人事调整，严重影响经营和偿债", Some("W15")),
            ("B04", "有涉诉", None),
            ("B04", "重大涉诉，不能正常经营和还贷", Some("W21")),
            ("B04", "被吊销、查封或冻结", Some("W42")),
            ("C04", "开票量异常增加", Some("W45")),
            ("C04", "无真实贸易背景", Some("W44")),
            ("D03", "已失效", None),
            ("A03", "严重积压", Some("W07")),
            ("A03", "正常", None),
            // 000's monitoring items asked on the visit (第七–九条) and the checklist's gaps.
            ("B06", "约见困难、不接电话", None),
            ("B06", "无法取得联络", Some("W31")),
            ("C06", "压缩授信", None),
            ("C06", "提前收贷或退出", Some("W26")),
            ("C07", "非正常大量转移资金", Some("W09")),
            ("D04", "被再次抵押", Some("W30")),
            ("D05", "擅自置换或出库", Some("W30")),
            ("D06", "一户或多户出现较大风险", Some("W29")),
        ] {
            assert_eq!(item(code).raised_by(answer), raised, "{code} {answer}");
        }
    }

    #[test]
    fn raises_reads_back_as_a_spreadsheet_cell_writes_it() {
        let by: Raises = Raises::ByOption(
            [
                ("被吊销、查封或冻结", "W42"),
                ("重大涉诉，不能正常经营和还贷", "W21"),
            ]
            .map(|(o, c)| (o.to_owned(), c.to_owned()))
            .into(),
        );
        assert_eq!(Raises::parse(&by.text()), Some(by.clone()));
        assert_eq!(
            Raises::parse("被吊销、查封或冻结 = W42; 重大涉诉，不能正常经营和还贷->W21"),
            Some(by)
        );
        assert_eq!(Raises::parse(" W07 "), Some(Raises::Every("W07".into())));
        assert_eq!(Raises::parse("  "), None);
        // An option the item does not have as abnormal is refused, naming the key.
        let e = broken(
            "raises = { \"开票量异常增加\" = \"W45\", \"无真实贸易背景\" = \"W44\" }",
            "raises = { \"开票量增加\" = \"W45\" }",
        );
        assert!(
            e.key.ends_with("].raises") && e.detail.contains("开票量增加"),
            "{e}"
        );
        let e = broken(
            "raises = { \"开票量异常增加\" = \"W45\", \"无真实贸易背景\" = \"W44\" }",
            "raises = { \"开票量异常增加\" = \"W99\" }",
        );
        assert!(e.detail.contains("W99"), "{e}");
    }

    #[test]
    fn a_bad_template_is_refused_naming_the_key_and_line() {
        let e = broken("code = \"A02\"", "code = \"A01\"");
        assert_eq!(e.key, "item[2].code", "{e}");
        assert!(e.detail.contains("重复"), "{e}");
        let e = broken("raises = \"X04\"", "raises = \"W99\"");
        assert_eq!(e.key, "item[1].raises", "{e}");
        assert!(e.line > 0);
        let e = broken(
            "abnormal = [\"部分停产\", \"全面停产\"]",
            "abnormal = [\"停产\"]",
        );
        assert!(e.detail.contains("“停产”不是本项的选项"), "{e}");
        let e = broken("products = [\"fixed_asset_loan\"]", "products = [\"股票\"]");
        assert!(e.detail.contains("不是担保品种"), "{e}");
        let e = broken("section = \"A\"", "section = \"G\"");
        assert!(e.line > 0, "{e}");
    }
}
