//! Locales and the labels of coded values.
//!
//! Every enum the store keeps as a code (product, status, five-level class, ...) is declared with
//! [`code_enum!`], which gives it a stable storage code and its label in each locale, so the CLI,
//! the PDF and the UI name things the same way. The UI asks the core for the labels
//! (`labels_for`) instead of keeping a second copy.

use serde::{Deserialize, Serialize};

/// The languages the product speaks. Simplified Chinese first.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type,
)]
pub enum Locale {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "zh-TW")]
    ZhTw,
    #[serde(rename = "en")]
    En,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::ZhCn, Locale::ZhTw, Locale::En];

    /// Picks a locale from a POSIX locale string such as `zh_CN.UTF-8`, `zh_TW`, `en_US`.
    /// Anything unknown falls back to Simplified Chinese.
    pub fn from_posix(value: &str) -> Locale {
        let v = value.to_ascii_lowercase();
        if v.starts_with("zh_tw") || v.starts_with("zh_hk") || v.starts_with("zh-tw") {
            Locale::ZhTw
        } else if v.starts_with("en") {
            Locale::En
        } else {
            Locale::ZhCn
        }
    }

    /// Chooses among the three renderings of a text.
    pub fn pick<'a>(self, zh_cn: &'a str, zh_tw: &'a str, en: &'a str) -> &'a str {
        match self {
            Locale::ZhCn => zh_cn,
            Locale::ZhTw => zh_tw,
            Locale::En => en,
        }
    }
}

/// An unknown code read from the database or from input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} code `{code}`")]
pub struct UnknownCode {
    pub kind: &'static str,
    pub code: String,
}

/// Declares an enum whose variants have a stable storage code and a label per locale.
///
/// The code is what serde writes and what the database stores; it never changes once shipped.
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : $kind:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal => ($zh_cn:literal, $zh_tw:literal, $en:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize, specta::Type)]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $code)] $variant ),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable storage code.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Result<Self, $crate::i18n::UnknownCode> {
                match code {
                    $($code => Ok($name::$variant),)+
                    other => Err($crate::i18n::UnknownCode { kind: $kind, code: other.to_owned() }),
                }
            }

            /// Reads a code, or a label in any locale (English ignoring case), as people type
            /// them in files: "bank_acceptance_bill", "银行承兑汇票", "Bank acceptance bill".
            pub fn from_name(text: &str) -> Result<Self, $crate::i18n::UnknownCode> {
                let t = text.trim();
                $(
                    if t == $code || t == $zh_cn || t == $zh_tw || t.eq_ignore_ascii_case($en) {
                        return Ok($name::$variant);
                    }
                )+
                Err($crate::i18n::UnknownCode { kind: $kind, code: t.to_owned() })
            }

            /// The label shown to people, in the given locale.
            pub fn label(self, locale: $crate::i18n::Locale) -> &'static str {
                match self { $($name::$variant => locale.pick($zh_cn, $zh_tw, $en)),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label($crate::i18n::Locale::ZhCn))
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.code()))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                $name::from_code(text).map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}
pub(crate) use code_enum;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posix_locales_map_to_ours() {
        assert_eq!(Locale::from_posix("zh_CN.UTF-8"), Locale::ZhCn);
        assert_eq!(Locale::from_posix("zh_TW.UTF-8"), Locale::ZhTw);
        assert_eq!(Locale::from_posix("zh_HK"), Locale::ZhTw);
        assert_eq!(Locale::from_posix("en_US.UTF-8"), Locale::En);
        assert_eq!(Locale::from_posix("C"), Locale::ZhCn);
    }
}
