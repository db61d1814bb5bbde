//! Document numbers, unique across the company.
//!
//! Each laptop's database carries a **laptop code**: five characters drawn from the system's
//! randomness when the database is created (or upgraded from a version without one), from an
//! alphabet with no 0/O or 1/I look-alikes, so it can be read aloud and typed back. Every number
//! the laptop issues carries its code, and within one laptop the rest of the number (the day, the
//! visit or guarantee row and a version or sequence) is unique already; so two laptops issue the
//! same number only if they hold the same code.
//!
//! Head office records each laptop's code when the laptop first syncs and refuses a code another
//! laptop holds (`POST /api/v1/device/code`): the second laptop then draws a new code for what it
//! issues from then on ([`crate::store::Store::redraw_laptop_code`]). Among enrolled laptops the
//! codes are therefore unique, checked, not just probable; before enrolment two of 100 laptops
//! share a code with a probability of 100·99/2 / 32⁵ ≈ 1 in 6,800 (and their numbers then meet only
//! on the same day and row). Numbers issued before this change have no code and are kept as issued.

use crate::portfolio::GuaranteeId;
use crate::visit::VisitId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The code's alphabet: digits 2–9 and the letters without I and O (32 symbols).
pub const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Characters in a laptop code.
pub const CODE_LEN: usize = 5;

/// A laptop's code, e.g. `K7Q2M`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LaptopCode(String);

/// A text that is not a laptop code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a laptop code (five characters of 2–9 and A–Z without I and O)")]
pub struct NotALaptopCode(pub String);

impl LaptopCode {
    /// A new code from the system's randomness.
    pub fn draw() -> Result<LaptopCode, getrandom::Error> {
        let mut raw = [0u8; CODE_LEN];
        getrandom::fill(&mut raw)?;
        Ok(LaptopCode::from_bytes(raw))
    }

    /// The code five random bytes give (each byte's low five bits pick a symbol: 256 is a
    /// multiple of 32, so every symbol is equally likely).
    pub fn from_bytes(raw: [u8; CODE_LEN]) -> LaptopCode {
        LaptopCode(
            raw.iter()
                .map(|b| ALPHABET[usize::from(b & 31)] as char)
                .collect(),
        )
    }

    /// Reads a code as typed: surrounding spaces and lower case are forgiven.
    pub fn parse(text: &str) -> Result<LaptopCode, NotALaptopCode> {
        let code = text.trim().to_ascii_uppercase();
        if code.len() == CODE_LEN && code.bytes().all(|b| ALPHABET.contains(&b)) {
            Ok(LaptopCode(code))
        } else {
            Err(NotALaptopCode(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for LaptopCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for LaptopCode {
    type Error = NotALaptopCode;
    fn try_from(s: String) -> Result<LaptopCode, NotALaptopCode> {
        LaptopCode::parse(&s)
    }
}

impl From<LaptopCode> for String {
    fn from(c: LaptopCode) -> String {
        c.0
    }
}

impl rusqlite::types::ToSql for LaptopCode {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl rusqlite::types::FromSql for LaptopCode {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let text = v.as_str()?;
        LaptopCode::parse(text).map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
    }
}

fn day(d: NaiveDate) -> impl std::fmt::Display {
    d.format("%Y%m%d")
}

/// A 保后检查表: `BHJC-K7Q2M-20261123-0123-V1` (the laptop, the visit's day, the visit, the
/// report's version).
pub fn report(
    prefix: &str,
    code: &LaptopCode,
    visit_date: NaiveDate,
    visit: VisitId,
    version: u32,
) -> String {
    format!("{prefix}-{code}-{}-{visit:04}-V{version}", day(visit_date))
}

/// A notice: `BHJC-CS-K7Q2M-20261123-0045-2` (the kind's letters, the laptop, the day, the
/// guarantee and the notice's sequence among the guarantee's notices of that kind).
pub fn notice(
    prefix: &str,
    letters: &str,
    code: &LaptopCode,
    issued_on: NaiveDate,
    guarantee: GuaranteeId,
    sequence: u32,
) -> String {
    format!(
        "{prefix}-{letters}-{code}-{}-{guarantee:04}-{sequence}",
        day(issued_on)
    )
}

/// A withdrawal form: `BHJC-CB-K7Q2M-20261123-0045-1`.
pub fn withdrawal(
    prefix: &str,
    code: &LaptopCode,
    on: NaiveDate,
    guarantee: GuaranteeId,
    sequence: u32,
) -> String {
    notice(prefix, "CB", code, on, guarantee, sequence)
}

/// A collection record: `BHJC-CJ-K7Q2M-20261123-0045-2`.
pub fn collection_record(
    prefix: &str,
    code: &LaptopCode,
    on: NaiveDate,
    guarantee: GuaranteeId,
    sequence: u32,
) -> String {
    notice(prefix, "CJ", code, on, guarantee, sequence)
}

/// A quarterly analysis report: `BHJC-JF-K7Q2M-20260930-0045-1` (the quarter's last day).
pub fn quarterly(
    prefix: &str,
    code: &LaptopCode,
    quarter_end: NaiveDate,
    guarantee: GuaranteeId,
    sequence: u32,
) -> String {
    notice(prefix, "JF", code, quarter_end, guarantee, sequence)
}

/// A release confirmation: `BHJC-JB-K7Q2M-20261123-0045`.
pub fn release(prefix: &str, code: &LaptopCode, on: NaiveDate, guarantee: GuaranteeId) -> String {
    format!("{prefix}-JB-{code}-{}-{guarantee:04}", day(on))
}

/// The laptop code a document number carries, if it is a number of this format: the segment
/// after the prefix (a report), or after the prefix and the kind's two letters (the others). The
/// company's prefix is letters and digits (the policy checks it), so segments split on `-`.
/// Numbers from before laptop codes (`BHJC-20261123-000123-V1`) carry none.
pub fn code_in(number: &str) -> Option<LaptopCode> {
    let segments: Vec<&str> = number.split('-').collect();
    let candidate = match segments.as_slice() {
        [_, two, code, ..] if two.len() == 2 && two.bytes().all(|b| b.is_ascii_uppercase()) => code,
        [_, code, ..] => code,
        _ => return None,
    };
    // A code is exactly five symbols; a day (8 digits) or a row (4+ digits) is not one.
    (candidate.len() == CODE_LEN)
        .then(|| LaptopCode::parse(candidate).ok())
        .flatten()
        .filter(|c| c.as_str() == *candidate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_code_is_read_back_out_of_every_kind_of_number_and_old_numbers_carry_none() {
        let code = LaptopCode::parse("K7Q2M").unwrap();
        let day = d("2026-11-23");
        for number in [
            report("BHJC", &code, day, 123, 2),
            notice("BHJC", "CS", &code, day, 45, 2),
            withdrawal("ABC1", &code, day, 45, 1),
            collection_record("BHJC", &code, day, 45, 3),
            release("BH", &code, day, 45),
        ] {
            assert_eq!(code_in(&number), Some(code.clone()), "{number}");
        }
        for old in [
            "BHJC-20261123-000123-V1",
            "BHJC-CS-20261123-000045-2",
            "BHJC-JB-20261123-000045",
            "D-1",
            "",
            "BHJC-k7q2m-20261123-0001-V1",
        ] {
            assert_eq!(code_in(old), None, "{old}");
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn numbers_carry_the_laptop_code_after_the_prefix_and_the_kind() {
        let code = LaptopCode::parse("k7q2m").unwrap();
        assert_eq!(
            report("BHJC", &code, d("2026-11-23"), 123, 2),
            "BHJC-K7Q2M-20261123-0123-V2"
        );
        assert_eq!(
            notice("BHJC", "CS", &code, d("2026-11-23"), 45, 2),
            "BHJC-CS-K7Q2M-20261123-0045-2"
        );
        assert_eq!(
            withdrawal("BHJC", &code, d("2026-11-23"), 45, 1),
            "BHJC-CB-K7Q2M-20261123-0045-1"
        );
        assert_eq!(
            collection_record("BHJC", &code, d("2026-11-23"), 45, 3),
            "BHJC-CJ-K7Q2M-20261123-0045-3"
        );
        assert_eq!(
            release("BHJC", &code, d("2026-11-23"), 45),
            "BHJC-JB-K7Q2M-20261123-0045"
        );
        // A row past 9999 widens the number rather than wrapping.
        assert_eq!(
            report("BHJC", &code, d("2026-11-23"), 123_456, 1),
            "BHJC-K7Q2M-20261123-123456-V1"
        );
    }

    #[test]
    fn codes_without_look_alikes_are_read_back_and_others_refused() {
        for bad in [
            "K7Q2", "K7Q2MM", "K7Q0M", "K7QIM", "K7QOM", "K7Q1M", "K7-2M", "",
        ] {
            assert!(LaptopCode::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(LaptopCode::parse(" xz29a ").unwrap().as_str(), "XZ29A");
        let json = serde_json::to_string(&LaptopCode::parse("XZ29A").unwrap()).unwrap();
        assert_eq!(json, "\"XZ29A\"");
        assert!(serde_json::from_str::<LaptopCode>("\"XZ20A\"").is_err());
    }

    #[test]
    fn drawn_codes_differ() {
        let codes: std::collections::HashSet<LaptopCode> =
            (0..200).map(|_| LaptopCode::draw().unwrap()).collect();
        // 200 draws of 32^5: a repeat has a chance of about 1 in 1,700.
        assert!(codes.len() >= 199, "{}", codes.len());
    }

    proptest! {
        #[test]
        fn every_five_bytes_make_a_code_that_reads_back(raw in any::<[u8; 5]>()) {
            let code = LaptopCode::from_bytes(raw);
            prop_assert_eq!(LaptopCode::parse(code.as_str()).unwrap(), code);
        }

        /// Two laptops with different codes never issue the same number, whatever else the
        /// numbers hold.
        #[test]
        fn different_codes_never_give_the_same_number(
            a in any::<[u8; 5]>(), b in any::<[u8; 5]>(),
            day_a in 0u32..3650, day_b in 0u32..3650,
            row_a in 1i64..100_000, row_b in 1i64..100_000,
            v_a in 1u32..20, v_b in 1u32..20,
        ) {
            let (ca, cb) = (LaptopCode::from_bytes(a), LaptopCode::from_bytes(b));
            prop_assume!(ca != cb);
            let base = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
            let (da, db) = (base + chrono::Days::new(day_a.into()), base + chrono::Days::new(day_b.into()));
            prop_assert_ne!(report("BHJC", &ca, da, row_a, v_a), report("BHJC", &cb, db, row_b, v_b));
            prop_assert_ne!(
                notice("BHJC", "CS", &ca, da, row_a, v_a),
                notice("BHJC", "CS", &cb, db, row_b, v_b)
            );
            prop_assert_ne!(release("BHJC", &ca, da, row_a), release("BHJC", &cb, db, row_b));
        }
    }
}
