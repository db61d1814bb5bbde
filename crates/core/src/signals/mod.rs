//! Warning signals (预警信号): the catalogue a company keeps as data, and the signals raised on
//! a guarantee with the evidence the officer saw.

pub mod detect;
pub mod from_file;

use crate::i18n::code_enum;
pub use crate::policy::Severity;
use crate::portfolio::GuaranteeId;
use crate::visit::VisitId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

code_enum! {
    pub enum SignalCategory: "signal category" {
        Repayment = "repayment" => ("还款", "還款", "Repayment"),
        Financial = "financial" => ("财务", "財務", "Financial"),
        Operations = "operations" => ("经营", "經營", "Operations"),
        Management = "management" => ("管理", "管理", "Management"),
        Collateral = "collateral" => ("担保", "擔保", "Counter-guarantee"),
        Credit = "credit" => ("信用", "信用", "Credit"),
        External = "external" => ("外部", "外部", "External"),
    }
}

code_enum! {
    pub enum SignalStatus: "signal status" {
        Open = "open" => ("未解除", "未解除", "Open"),
        Resolved = "resolved" => ("已解除", "已解除", "Resolved"),
    }
}

/// One kind of signal in the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct SignalDefinition {
    pub code: String,
    pub title: String,
    pub category: SignalCategory,
    pub severity: Severity,
}

/// One monitoring item of 保后管理制度 (seed 000, 第五条–第十条): what a visit looks at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(deny_unknown_fields)]
pub struct MonitoringItem {
    pub code: String,
    /// The article of the regulation, e.g. "第七条".
    pub article: String,
    /// The checklist area: A–F section letters, or `credit`.
    pub area: String,
    pub text: String,
    /// The signal a finding of this item calls for.
    pub raises: Option<String>,
}

/// The catalogue of signal kinds, and the monitoring items that lead to them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignalCatalog {
    #[serde(rename = "signal")]
    pub signals: Vec<SignalDefinition>,
    #[serde(rename = "monitoring", default)]
    pub monitoring: Vec<MonitoringItem>,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("signal catalogue: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("signal catalogue: code {0} appears twice")]
    DuplicateCode(String),
    #[error("signal catalogue: monitoring item {item} raises unknown signal {code}")]
    UnknownRaise { item: String, code: String },
}

/// The catalogue shipped with the product (assets/catalog/signals.toml).
pub const DEFAULT_CATALOG_TOML: &str = include_str!("../../../../assets/catalog/signals.toml");

impl SignalCatalog {
    pub fn from_toml(text: &str) -> Result<SignalCatalog, CatalogError> {
        let catalog: SignalCatalog = toml::from_str(text)?;
        let mut seen = HashSet::new();
        for s in &catalog.signals {
            if !seen.insert(s.code.as_str()) {
                return Err(CatalogError::DuplicateCode(s.code.clone()));
            }
        }
        for m in &catalog.monitoring {
            if !seen.insert(m.code.as_str()) {
                return Err(CatalogError::DuplicateCode(m.code.clone()));
            }
            if let Some(code) = &m.raises
                && catalog.get(code).is_none()
            {
                return Err(CatalogError::UnknownRaise {
                    item: m.code.clone(),
                    code: code.clone(),
                });
            }
        }
        Ok(catalog)
    }

    pub fn builtin() -> SignalCatalog {
        SignalCatalog::from_toml(DEFAULT_CATALOG_TOML).expect("the shipped signal catalogue parses")
    }

    pub fn get(&self, code: &str) -> Option<&SignalDefinition> {
        self.signals.iter().find(|s| s.code == code)
    }
}

/// A signal raised on a guarantee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct WarningSignal {
    #[specta(type = u32)]
    pub id: i64,
    #[specta(type = u32)]
    pub guarantee_id: GuaranteeId,
    /// The visit where it was seen, if it was seen on a visit.
    #[specta(type = Option<u32>)]
    pub visit_id: Option<VisitId>,
    pub code: String,
    pub title: String,
    pub category: SignalCategory,
    pub severity: Severity,
    /// What the officer saw: figures, documents, who said what.
    pub evidence: String,
    /// The day it became known; deadlines run from here.
    pub found_on: NaiveDate,
    pub status: SignalStatus,
    pub resolved_on: Option<NaiveDate>,
    pub resolution: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NewSignal {
    pub guarantee_id: GuaranteeId,
    pub visit_id: Option<VisitId>,
    pub code: String,
    pub title: String,
    pub category: SignalCategory,
    pub severity: Severity,
    pub evidence: String,
    pub found_on: NaiveDate,
}

impl NewSignal {
    /// A signal of a catalogue kind, with the catalogue's title, category and severity.
    pub fn from_catalog(
        definition: &SignalDefinition,
        guarantee_id: GuaranteeId,
        visit_id: Option<VisitId>,
        evidence: impl Into<String>,
        found_on: NaiveDate,
    ) -> NewSignal {
        NewSignal {
            guarantee_id,
            visit_id,
            code: definition.code.clone(),
            title: definition.title.clone(),
            category: definition.category,
            severity: definition.severity,
            evidence: evidence.into(),
            found_on,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_has_the_45_signals_of_seed_004_and_the_checklist_ones() {
        let catalog = SignalCatalog::builtin();
        let w = catalog
            .signals
            .iter()
            .filter(|s| s.code.starts_with('W'))
            .count();
        assert_eq!(w, 45);
        assert_eq!(catalog.get("W01").unwrap().severity, Severity::Major);
        assert_eq!(
            catalog.get("W31").unwrap().title,
            "无法与被担保人取得正常联络"
        );
        assert!(catalog.get("X02").is_some());
    }

    #[test]
    fn the_monitoring_items_of_seed_000_articles_5_to_10_are_data() {
        let catalog = SignalCatalog::builtin();
        let articles: HashSet<&str> = catalog
            .monitoring
            .iter()
            .map(|m| m.article.as_str())
            .collect();
        assert_eq!(articles.len(), 6);
        assert_eq!(catalog.monitoring.len(), 25);
        let wages = catalog
            .monitoring
            .iter()
            .find(|m| m.code == "M0705")
            .unwrap();
        assert_eq!(wages.raises.as_deref(), Some("X03"));
        let text = DEFAULT_CATALOG_TOML.replace("raises = \"X03\"", "raises = \"W99\"");
        assert!(
            matches!(SignalCatalog::from_toml(&text), Err(CatalogError::UnknownRaise { code, .. }) if code == "W99")
        );
    }

    #[test]
    fn duplicate_codes_are_refused() {
        let text = r#"
[[signal]]
code = "W01"
title = "a"
category = "repayment"
severity = "major"
[[signal]]
code = "W01"
title = "b"
category = "repayment"
severity = "major"
"#;
        assert!(matches!(
            SignalCatalog::from_toml(text),
            Err(CatalogError::DuplicateCode(c)) if c == "W01"
        ));
    }

    #[test]
    fn unknown_severity_names_the_line() {
        let text = "[[signal]]\ncode = \"W01\"\ntitle = \"a\"\ncategory = \"repayment\"\nseverity = \"huge\"\n";
        let err = SignalCatalog::from_toml(text).unwrap_err().to_string();
        assert!(err.contains("line 5"), "{err}");
    }
}
