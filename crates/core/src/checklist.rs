//! The visit checklist template (保后检查表模板) as data: the questions of sections A–F, which
//! products each applies to, which answers are abnormal and the signal they call for. A company
//! edits its own copy; the shipped one is `assets/checklist/default.toml`.

use crate::datafile::{self, DataFileError, error_at_key};
use crate::portfolio::Product;
use crate::signals::SignalCatalog;
use crate::visit::ChecklistSection;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

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
    pub raises: Option<String>,
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
            if let Some(code) = &item.raises
                && catalog.get(code).is_none()
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
        // Every abnormal choice of the shipped template proposes a signal.
        assert!(
            t.items
                .iter()
                .filter(|i| !i.abnormal.is_empty())
                .all(|i| i.raises.is_some())
        );
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
