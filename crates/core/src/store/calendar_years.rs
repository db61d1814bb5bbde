//! The calendar years installed in the store (published by head office, or installed by hand
//! with `baohou calendar FILE --install`): with the shipped years, the calendar every deadline is
//! counted on.

use super::{Installed, Store, StoreError, StoreResult};
use crate::calendar::WorkCalendar;
use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

/// A year of the official calendar as installed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct InstalledYear {
    pub year: i32,
    pub source: String,
    pub sha256: String,
    pub installed_at: DateTime<FixedOffset>,
    pub installed_from: Option<String>,
}

impl Store {
    /// Checks `text` as one year of the official calendar and installs it (replacing the shipped
    /// or an earlier installed file of that year). Returns the year.
    pub fn install_calendar_year(
        &mut self,
        text: &str,
        origin: &str,
        installed_at: DateTime<FixedOffset>,
    ) -> StoreResult<(i32, Installed)> {
        let year = check_year(text, origin)?;
        let outcome = self.in_transaction(|tx| install_in(tx, year, text, origin, installed_at))?;
        Ok((year, outcome))
    }

    /// The working-day calendar: the shipped years, each replaced by an installed file of that
    /// year, and the years installed beyond them. Read once per change of what is installed.
    pub fn calendar(&self) -> StoreResult<WorkCalendar> {
        let key: Option<String> = self.conn().query_row(
            "SELECT group_concat(sha256, ',') FROM (SELECT sha256 FROM calendar_years ORDER BY year)",
            [],
            |r| r.get(0),
        )?;
        if let Some((cached, calendar)) = &*self.installed.calendar.borrow()
            && *cached == key
        {
            return Ok(calendar.clone());
        }
        let mut stmt = self
            .conn()
            .prepare("SELECT year, toml, installed_from FROM calendar_years ORDER BY year")?;
        let years: Vec<(i32, String, Option<String>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let installed: Vec<(String, String)> = years
            .into_iter()
            .map(|(year, text, from)| {
                let origin = format!(
                    "{}（已安装）",
                    from.unwrap_or_else(|| format!("calendar {year}"))
                );
                (text, origin)
            })
            .collect();
        let calendar = WorkCalendar::with_installed(&installed).map_err(|error| {
            StoreError::InvalidDataFile {
                kind: super::DataFileKind::Calendar,
                error,
            }
        })?;
        *self.installed.calendar.borrow_mut() = Some((key, calendar.clone()));
        Ok(calendar)
    }

    /// The calendar years installed, oldest first.
    pub fn installed_calendar_years(&self) -> StoreResult<Vec<InstalledYear>> {
        let mut stmt = self.conn().prepare(
            "SELECT year, source, sha256, installed_at, installed_from FROM calendar_years ORDER BY year",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(InstalledYear {
                year: r.get(0)?,
                source: r.get(1)?,
                sha256: r.get(2)?,
                installed_at: r.get(3)?,
                installed_from: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Checks a year file on its own (every date in its year, no day both off and working, make-up
/// days on weekends); returns its year.
pub(crate) fn check_year(text: &str, origin: &str) -> StoreResult<i32> {
    WorkCalendar::default()
        .add_year(text, origin)
        .map_err(|error| StoreError::InvalidDataFile {
            kind: super::DataFileKind::Calendar,
            error,
        })
}

/// Installs a checked year within the caller's transaction (head office's updates install it in
/// the same transaction as the rest of their batch).
pub(crate) fn install_in(
    tx: &Connection,
    year: i32,
    text: &str,
    origin: &str,
    installed_at: DateTime<FixedOffset>,
) -> StoreResult<Installed> {
    let sha256 = crate::digest::sha256_hex(text.as_bytes());
    let existing: Option<String> = tx
        .query_row(
            "SELECT sha256 FROM calendar_years WHERE year = ?1",
            [year],
            |r| r.get(0),
        )
        .optional()?;
    if existing.as_deref() == Some(sha256.as_str()) {
        return Ok(Installed::Again);
    }
    let source = crate::calendar::year_source(text).unwrap_or_default();
    tx.execute(
        "INSERT INTO calendar_years (year, toml, sha256, source, installed_at, installed_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (year) DO UPDATE SET toml = excluded.toml, sha256 = excluded.sha256,
             source = excluded.source, installed_at = excluded.installed_at,
             installed_from = excluded.installed_from",
        params![
            year,
            text,
            sha256,
            source,
            installed_at.to_rfc3339(),
            origin
        ],
    )?;
    Ok(Installed::New)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::calendar::CalendarGaps;
    use chrono::NaiveDate;

    /// The 2027 arrangement as the State Council's notice would read (a test file: the product
    /// ships no 2027 data until the notice is out).
    pub(crate) const YEAR_2027: &str = r#"
year = 2027
source = "测试用：2027年部分节假日安排"

[[holiday]]
name = "春节"
from = 2027-02-05
to = 2027-02-13
work = [2027-01-31, 2027-02-20]
"#;

    fn at() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-12-01T09:00:00+08:00").unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_installed_year_is_counted_and_its_gap_closes() {
        let mut store = Store::open_in_memory().unwrap();
        let before = store.calendar().unwrap();
        assert!(!before.covers(2027));
        let mut gaps = CalendarGaps::default();
        // Fri 2027-02-05 is a holiday only once 2027 is known.
        assert!(before.is_working_day(d("2027-02-05")));
        before.working_days_after(d("2027-02-04"), 2, &mut gaps);
        assert_eq!(gaps.years().collect::<Vec<_>>(), [2027]);

        let (year, outcome) = store
            .install_calendar_year(YEAR_2027, "2027.toml", at())
            .unwrap();
        assert_eq!((year, outcome), (2027, Installed::New));
        let after = store.calendar().unwrap();
        assert!(after.covers(2027));
        assert!(!after.is_working_day(d("2027-02-05")));
        assert!(after.is_working_day(d("2027-01-31")), "a make-up Sunday");
        let mut gaps = CalendarGaps::default();
        // Two working days after Thu 02-04: the holiday runs to 02-13, so Mon 02-15 and Tue 02-16.
        assert_eq!(
            after.working_days_after(d("2027-02-04"), 2, &mut gaps),
            d("2027-02-16")
        );
        assert!(gaps.is_empty());
        assert!(after.covers(2026), "the shipped years stay");
        // The same text again changes nothing; a corrected text replaces it.
        assert_eq!(
            store
                .install_calendar_year(YEAR_2027, "2027.toml", at())
                .unwrap()
                .1,
            Installed::Again
        );
        // Fri 02-12 off as published, a working day once corrected.
        assert!(!store.calendar().unwrap().is_working_day(d("2027-02-12")));
        let corrected = YEAR_2027.replace("to = 2027-02-13", "to = 2027-02-11");
        store
            .install_calendar_year(&corrected, "2027-更正.toml", at())
            .unwrap();
        assert!(store.calendar().unwrap().is_working_day(d("2027-02-12")));
        assert_eq!(store.installed_calendar_years().unwrap().len(), 1);
    }

    #[test]
    fn a_year_that_contradicts_itself_is_refused_naming_the_key() {
        let mut store = Store::open_in_memory().unwrap();
        for (text, says) in [
            // A make-up day that is a weekday.
            (YEAR_2027.replace("2027-01-31", "2027-02-01"), "不是周末"),
            // A day both off and working.
            (YEAR_2027.replace("2027-01-31", "2027-02-06"), "重复声明"),
            // A date outside its year.
            (
                YEAR_2027.replace("from = 2027-02-05", "from = 2026-12-31"),
                "不在 2027 年内",
            ),
        ] {
            let err = store
                .install_calendar_year(&text, "2027.toml", at())
                .unwrap_err();
            let message = crate::store::messages::store_message(&err, crate::i18n::Locale::ZhCn);
            assert!(message.contains(says), "{message}");
            assert!(message.contains("2027.toml"), "{message}");
        }
        assert!(store.installed_calendar_years().unwrap().is_empty());
    }
}
