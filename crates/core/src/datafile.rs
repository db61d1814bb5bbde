//! The company's data files (policy, working-day calendar): TOML read with errors that name the
//! file, the key and the line, so the person editing the file can find the mistake.

use chrono::NaiveDate;
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use std::collections::HashMap;
use std::fmt;

/// A data file that could not be read as what it should be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct DataFileError {
    /// Where the text came from: a path, or the name of a built-in file.
    pub origin: String,
    /// 1-based line and column of the offending text (0 when the parser gave no position).
    pub line: usize,
    pub column: usize,
    /// The dotted key at that place, e.g. `periodic.every_by_tier.3` or `holiday[2].work`.
    pub key: String,
    /// What is wrong, as the parser or the check said it.
    pub detail: String,
}

impl fmt::Display for DataFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.origin)?;
        if self.line > 0 {
            write!(f, ", line {}", self.line)?;
        }
        if !self.key.is_empty() {
            write!(f, ", key `{}`", self.key)?;
        }
        write!(f, ": {}", self.detail)
    }
}

/// Parses `text` as `T`; an error names the key and line where it went wrong.
pub fn parse<T: DeserializeOwned>(text: &str, origin: &str) -> Result<T, DataFileError> {
    toml::from_str(text).map_err(|e| {
        let (line, column, key) = match e.span() {
            Some(span) => {
                let (line, column) = line_col(text, span.start);
                (line, column, key_at(text, span.start))
            }
            None => (0, 0, String::new()),
        };
        DataFileError {
            origin: origin.to_owned(),
            line,
            column,
            key,
            detail: in_chinese_too(e.message().trim()),
        }
    })
}

/// The parser speaks English; the two messages an editor of these files meets most often get
/// their Chinese in front.
fn in_chinese_too(message: &str) -> String {
    let prefix = if message.starts_with("unknown field") {
        "没有这一项，请检查拼写 / "
    } else if message.starts_with("missing field") {
        "缺少必填项 / "
    } else {
        ""
    };
    format!("{prefix}{message}")
}

/// An error about a key found after parsing (a check across several keys): located by the key.
pub fn error_at_key(text: &str, origin: &str, key: &str, detail: String) -> DataFileError {
    let line = find_key_line(text, key).unwrap_or(0);
    DataFileError {
        origin: origin.to_owned(),
        line,
        column: if line > 0 { 1 } else { 0 },
        key: key.to_owned(),
        detail,
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count() + 1)
        .unwrap_or(1);
    (line, column)
}

/// For each line of a TOML text, the dotted key it sets (`periodic.every_by_tier.3`,
/// `holiday[2].work`), or the table it opens or lies in; and whether it is a table header.
fn line_keys(text: &str) -> Vec<(String, bool)> {
    let mut header = String::new();
    let mut array_counts: HashMap<String, usize> = HashMap::new();
    text.lines()
        .map(|line| {
            let t = line.trim();
            if let Some(name) = t.strip_prefix("[[").and_then(|r| r.split("]]").next()) {
                let name = name.trim();
                let n = array_counts.entry(name.to_owned()).or_default();
                *n += 1;
                header = format!("{name}[{n}]");
                (header.clone(), true)
            } else if let Some(name) = t.strip_prefix('[').and_then(|r| r.split(']').next()) {
                header = name.trim().to_owned();
                (header.clone(), true)
            } else {
                let key = match bare_key(line) {
                    Some(k) if header.is_empty() => k.to_owned(),
                    Some(k) => format!("{header}.{k}"),
                    None => header.clone(),
                };
                (key, false)
            }
        })
        .collect()
}

fn bare_key(line: &str) -> Option<&str> {
    let l = line.trim_start();
    if l.starts_with('#') || l.starts_with('[') {
        return None;
    }
    let (k, _) = l.split_once('=')?;
    let k = k.trim().trim_matches('"');
    (!k.is_empty()).then_some(k)
}

fn key_at(text: &str, offset: usize) -> String {
    let (line, _) = line_col(text, offset);
    line_keys(text)
        .into_iter()
        .nth(line - 1)
        .map(|(key, _)| key)
        .unwrap_or_default()
}

/// The 1-based line where a dotted key (as [`key_at`] writes it) is set, else where the table of
/// that name opens.
fn find_key_line(text: &str, key: &str) -> Option<usize> {
    let keys = line_keys(text);
    keys.iter()
        .position(|(k, header)| !header && k == key)
        .or_else(|| keys.iter().position(|(k, header)| *header && k == key))
        .map(|i| i + 1)
}

/// Reads a TOML local date (`2026-02-14`) or a quoted one (`"2026-02-14"`).
pub fn de_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Toml(toml::value::Datetime),
        Text(String),
    }
    match Raw::deserialize(d)? {
        Raw::Toml(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(date), None, None) => {
                NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
                    .ok_or_else(|| {
                        D::Error::custom(format!("{dt} 不是有效日期 (not a valid date)"))
                    })
            }
            _ => Err(D::Error::custom(format!(
                "{dt} 应为日期，如 2026-02-14 (expected a date such as 2026-02-14)"
            ))),
        },
        Raw::Text(s) => NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| {
            D::Error::custom(format!(
                "“{s}” 应为日期，如 2026-02-14 (expected a date such as 2026-02-14)"
            ))
        }),
    }
}

/// A list of dates, each as [`de_date`] reads it.
pub fn de_dates<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<NaiveDate>, D::Error> {
    #[derive(Deserialize)]
    struct One(#[serde(deserialize_with = "de_date")] NaiveDate);
    Ok(Vec::<One>::deserialize(d)?
        .into_iter()
        .map(|o| o.0)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        name: String,
        section: Section,
        item: Vec<Item>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Section {
        days: u32,
    }
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        #[serde(deserialize_with = "de_date")]
        on: NaiveDate,
    }

    #[test]
    fn a_wrong_type_names_key_and_line() {
        let text = "name = \"x\"\n\n[section]\ndays = \"fifteen\"\n";
        let e = parse::<Doc>(text, "policy.toml").unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (4, "section.days"), "{e}");
        assert!(
            e.to_string()
                .starts_with("policy.toml, line 4, key `section.days`")
        );
    }

    #[test]
    fn an_error_in_the_second_array_table_says_which() {
        let text = "name = \"x\"\n[section]\ndays = 1\n[[item]]\non = 2026-02-14\n[[item]]\non = 2026-02-30\n";
        let e = parse::<Doc>(text, "t").unwrap_err();
        assert_eq!((e.line, e.key.as_str()), (7, "item[2].on"), "{e}");
    }

    #[test]
    fn an_unknown_key_is_refused_by_name() {
        let text = "name = \"x\"\n[section]\ndays = 1\nweeks = 2\n";
        let e = parse::<Doc>(text, "t").unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        assert!(e.detail.contains("weeks"), "{e}");
        assert!(e.detail.starts_with("没有这一项"), "{e}");
    }

    #[test]
    fn a_key_checked_after_parsing_is_found_in_the_text() {
        let text = "name = \"x\"\n[section]\ndays = 1\n";
        let e = error_at_key(text, "t", "section.days", "must be positive".into());
        assert_eq!(e.line, 3);
        let e = error_at_key(text, "t", "section", "bad".into());
        assert_eq!(e.line, 2);
    }
}
