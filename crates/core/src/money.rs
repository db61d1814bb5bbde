//! Money: an exact amount of 人民币 in 元, at most two decimal places (分).
//!
//! Held as `rust_decimal::Decimal`, written to JSON as a decimal string ("5000000.00"), and stored
//! in SQLite as an INTEGER count of 分, so that the database can sum and sort it exactly.
//! No floating point anywhere.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An exact amount in 元 with at most two decimal places.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    specta::Type,
)]
#[serde(try_from = "Decimal", into = "Decimal")]
#[specta(transparent)]
// On the wire a Money is a decimal string such as "5000000.00".
pub struct Money(#[specta(type = String)] Decimal);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("amount `{0}` has more than two decimal places (finer than 1 分)")]
    TooPrecise(String),
    #[error("amount `{0}` is out of range")]
    OutOfRange(String),
    #[error("`{0}` is not an amount of money")]
    NotANumber(String),
}

/// The largest amount we accept: 10^15 分 (10 万亿元), far above any guarantee and inside i64.
const MAX_FEN: i64 = 1_000_000_000_000_000;

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Builds an amount from 元, refusing anything finer than 1 分.
    pub fn from_yuan(yuan: Decimal) -> Result<Money, MoneyError> {
        let normalized = yuan.normalize();
        if normalized.scale() > 2 {
            return Err(MoneyError::TooPrecise(yuan.to_string()));
        }
        let mut value = normalized;
        value.rescale(2);
        let money = Money(value);
        money.to_fen()?;
        Ok(money)
    }

    /// Builds an amount from whole 分.
    pub fn from_fen(fen: i64) -> Result<Money, MoneyError> {
        if fen.unsigned_abs() > MAX_FEN as u64 {
            return Err(MoneyError::OutOfRange(fen.to_string()));
        }
        Ok(Money(Decimal::new(fen, 2)))
    }

    /// Builds an amount from 万元 (ten thousand yuan), as contracts often state it.
    pub fn from_wan(wan: Decimal) -> Result<Money, MoneyError> {
        let yuan = wan
            .checked_mul(Decimal::from(10_000))
            .ok_or_else(|| MoneyError::OutOfRange(wan.to_string()))?;
        Money::from_yuan(yuan)
    }

    /// The amount in 元, always with two decimal places.
    pub fn yuan(self) -> Decimal {
        self.0
    }

    /// The amount in 万元, exact (not rounded).
    pub fn wan(self) -> Decimal {
        (self.0 / Decimal::from(10_000)).normalize()
    }

    /// Whole 分, as the store keeps it.
    pub fn to_fen(self) -> Result<i64, MoneyError> {
        let fen = self
            .0
            .checked_mul(Decimal::from(100))
            .ok_or_else(|| MoneyError::OutOfRange(self.0.to_string()))?;
        let fen: i64 = fen
            .try_into()
            .map_err(|_| MoneyError::OutOfRange(self.0.to_string()))?;
        if fen.unsigned_abs() > MAX_FEN as u64 {
            return Err(MoneyError::OutOfRange(self.0.to_string()));
        }
        Ok(fen)
    }

    pub fn is_positive(self) -> bool {
        self.0 > Decimal::ZERO
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        Money::from_yuan(self.0.checked_add(other.0)?).ok()
    }

    /// "5,000,000.00" — grouped 元 with two decimals, as Chinese financial forms print amounts.
    pub fn grouped(self) -> String {
        let text = format!("{:.2}", self.0.abs());
        let (int_part, frac) = text.split_once('.').unwrap_or((&text, "00"));
        let mut grouped = String::with_capacity(int_part.len() + int_part.len() / 3 + 4);
        for (i, ch) in int_part.chars().enumerate() {
            if i > 0 && (int_part.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        let sign = if self.0.is_sign_negative() && !self.0.is_zero() {
            "-"
        } else {
            ""
        };
        format!("{sign}{grouped}.{frac}")
    }

    /// "500.00" 万元, rounded half-up to two decimals for display; use [`Money::wan`] for exact maths.
    pub fn wan_display(self) -> String {
        let wan = self
            .wan()
            .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        format!("{wan:.2}")
    }
}

impl TryFrom<Decimal> for Money {
    type Error = MoneyError;
    fn try_from(value: Decimal) -> Result<Self, Self::Error> {
        Money::from_yuan(value)
    }
}

impl From<Money> for Decimal {
    fn from(value: Money) -> Self {
        value.0
    }
}

impl FromStr for Money {
    type Err = MoneyError;
    /// Accepts "5000000", "5000000.00", "5,000,000.00", with an optional 元 or ¥, and amounts
    /// in 万元 such as "500万" or "5 万元".
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let cleaned: String = s
            .trim()
            .trim_start_matches(['¥', '￥'])
            .trim_end_matches('元')
            .chars()
            .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
            .collect();
        let (digits, in_wan) = match cleaned.strip_suffix('万') {
            Some(d) => (d, true),
            None => (cleaned.as_str(), false),
        };
        let value =
            Decimal::from_str_exact(digits).map_err(|_| MoneyError::NotANumber(s.to_owned()))?;
        if in_wan {
            Money::from_wan(value)
        } else {
            Money::from_yuan(value)
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

impl rusqlite::types::ToSql for Money {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        let fen = self
            .to_fen()
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        Ok(rusqlite::types::ToSqlOutput::from(fen))
    }
}

impl rusqlite::types::FromSql for Money {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let fen = value.as_i64()?;
        Money::from_fen(fen).map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
    }
}

/// Text typed where a number belongs that is not one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a number")]
pub struct NotANumber;

/// A number as people type it: "1,422", "1 422.5", full-width digits. Empty is `Ok(None)`.
pub fn parse_number(text: &str) -> Result<Option<Decimal>, NotANumber> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter_map(|c| match c {
            ',' | '，' | ' ' | '\u{3000}' => None,
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '．' => Some('.'),
            '－' => Some('-'),
            c => Some(c),
        })
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    cleaned.parse::<Decimal>().map(Some).map_err(|_| NotANumber)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    #[test]
    fn accepts_fen_and_refuses_finer() {
        assert_eq!(Money::from_yuan(dec!(12.3)).unwrap().to_string(), "12.30");
        assert_eq!(Money::from_yuan(dec!(12.300)).unwrap().to_string(), "12.30");
        assert!(matches!(
            Money::from_yuan(dec!(12.345)),
            Err(MoneyError::TooPrecise(_))
        ));
    }

    #[test]
    fn parses_the_ways_people_write_amounts() {
        for (text, yuan) in [
            ("5000000", dec!(5000000.00)),
            ("5,000,000.00", dec!(5000000.00)),
            ("¥1,234.5", dec!(1234.50)),
            ("1234.56元", dec!(1234.56)),
            ("300万", dec!(3000000.00)),
            ("5 万元", dec!(50000.00)),
            ("0.5万", dec!(5000.00)),
        ] {
            assert_eq!(text.parse::<Money>().unwrap().yuan(), yuan, "{text}");
        }
        // Found by the portfolio_json fuzz target: an amount near Decimal's largest overflowed
        // (a panic) on its way to 分, instead of being refused as out of range.
        for text in [
            "808104048831025778553287万",
            "79228162514264337593543950335",
        ] {
            assert!(
                matches!(text.parse::<Money>(), Err(MoneyError::OutOfRange(_))),
                "{text}"
            );
        }
        for text in ["abc", "1.2.3", "12.345", "万", "1万万", "0.0000001万"] {
            assert!(text.parse::<Money>().is_err(), "{text}");
        }
    }

    #[test]
    fn wan_conversions_are_exact() {
        let m = Money::from_wan(dec!(1234.5678)).unwrap();
        assert_eq!(m.yuan(), dec!(12345678.00));
        assert_eq!(m.wan(), dec!(1234.5678));
        assert_eq!(m.wan_display(), "1234.57");
        assert_eq!(Money::from_wan(dec!(0.000001)).unwrap().to_string(), "0.01");
        assert!(Money::from_wan(dec!(0.0000001)).is_err());
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(
            Money::from_fen(500_000_000).unwrap().grouped(),
            "5,000,000.00"
        );
        assert_eq!(Money::from_fen(-123_456).unwrap().grouped(), "-1,234.56");
        assert_eq!(Money::from_fen(5).unwrap().grouped(), "0.05");
        assert_eq!(Money::ZERO.grouped(), "0.00");
    }

    #[test]
    fn json_is_a_decimal_string_and_refuses_fractions_of_fen() {
        let m = Money::from_fen(123_456_789).unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"1234567.89\"");
        let back: Money = serde_json::from_str("\"1234567.89\"").unwrap();
        assert_eq!(back, m);
        assert!(serde_json::from_str::<Money>("\"0.001\"").is_err());
    }

    proptest! {
        #[test]
        fn fen_round_trip(fen in -MAX_FEN..=MAX_FEN) {
            let m = Money::from_fen(fen).unwrap();
            prop_assert_eq!(m.to_fen().unwrap(), fen);
            let json = serde_json::to_string(&m).unwrap();
            let back: Money = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, m);
            let reparsed: Money = m.grouped().parse().unwrap();
            prop_assert_eq!(reparsed, m);
        }

        #[test]
        fn wan_times_ten_thousand_is_yuan(fen in 0..MAX_FEN) {
            let m = Money::from_fen(fen).unwrap();
            prop_assert_eq!(m.wan() * Decimal::from(10_000), m.yuan());
        }
    }
}
