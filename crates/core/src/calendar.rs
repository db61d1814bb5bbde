//! The working-day calendar: weekends, the official mainland China holidays and the make-up working
//! days (调休上班), kept as data, one file per year (`assets/calendar/YYYY.toml`).
//!
//! A date in a year the calendar has no file for falls back to "weekends off, weekdays on"; every
//! computation that counted such a day records the year in [`CalendarGaps`], so the app and the
//! CLI can say that the answer assumed no holidays.
//!
//! "Within N working days of D" is the Nth working day strictly after D. Calendar months clamp to
//! the month's end (Jan 31 + 1 month = Feb 28/29).

use crate::datafile::{self, DataFileError, de_date, de_dates};
use crate::i18n::Locale;
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::str::FromStr;

/// The year files shipped with the product.
pub const BUILTIN_YEARS: [(&str, &str); 3] = [
    (
        "assets/calendar/2024.toml",
        include_str!("../../../assets/calendar/2024.toml"),
    ),
    (
        "assets/calendar/2025.toml",
        include_str!("../../../assets/calendar/2025.toml"),
    ),
    (
        "assets/calendar/2026.toml",
        include_str!("../../../assets/calendar/2026.toml"),
    ),
];

/// One declared holiday of a year file.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub name: String,
    /// First and last day off, inclusive.
    #[serde(deserialize_with = "de_date")]
    pub from: NaiveDate,
    #[serde(deserialize_with = "de_date")]
    pub to: NaiveDate,
    /// Weekend days declared working days (调休上班) for this holiday.
    #[serde(deserialize_with = "de_dates", default)]
    pub work: Vec<NaiveDate>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearFile {
    year: i32,
    source: String,
    #[serde(rename = "holiday", default)]
    holidays: Vec<Holiday>,
}

/// What a day is, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DayKind {
    Workday,
    Weekend,
    /// A declared day off, with the holiday's name.
    Holiday(String),
    /// A weekend day declared a working day, with the holiday it makes up for.
    MakeUpWorkday(String),
}

/// Years a computation touched without calendar data (weekends-only was assumed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CalendarGaps(pub BTreeSet<i32>);

impl CalendarGaps {
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.0.iter().copied()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The official working-day calendar.
#[derive(Clone, Debug, Default)]
pub struct WorkCalendar {
    sources: BTreeMap<i32, String>,
    days: HashMap<NaiveDate, DayKind>,
}

impl WorkCalendar {
    /// The calendar with the shipped years (2024–2026).
    pub fn builtin() -> WorkCalendar {
        let mut cal = WorkCalendar::default();
        for (origin, text) in BUILTIN_YEARS {
            cal.add_year(text, origin)
                .expect("the shipped calendar files are valid");
        }
        cal
    }

    /// The shipped years, each replaced by an installed file (text, origin) of that year, and the
    /// installed years beyond them.
    pub fn with_installed(installed: &[(String, String)]) -> Result<WorkCalendar, DataFileError> {
        let mut cal = WorkCalendar::default();
        let mut years = std::collections::BTreeSet::new();
        for (text, origin) in installed {
            years.insert(cal.add_year(text, origin)?);
        }
        for (origin, text) in BUILTIN_YEARS {
            let year = year_of(text).expect("the shipped calendar files name their year");
            if !years.contains(&year) {
                cal.add_year(text, origin)
                    .expect("the shipped calendar files are valid");
            }
        }
        Ok(cal)
    }

    /// Adds one year file. The year must not be present already.
    pub fn add_year(&mut self, text: &str, origin: &str) -> Result<i32, DataFileError> {
        let file: YearFile = datafile::parse(text, origin)?;
        let err = |key: &str, detail: String| datafile::error_at_key(text, origin, key, detail);
        if !(2000..=2100).contains(&file.year) {
            return Err(err("year", format!("年份 {} 不合理", file.year)));
        }
        if self.sources.contains_key(&file.year) {
            return Err(err("year", format!("{} 年的放假安排已存在", file.year)));
        }
        let mut days = HashMap::new();
        for (i, h) in file.holidays.iter().enumerate() {
            let key = format!("holiday[{}]", i + 1);
            if h.from > h.to {
                return Err(err(
                    &format!("{key}.to"),
                    format!("结束日 {} 早于开始日 {}", h.to, h.from),
                ));
            }
            if h.from.year() != file.year || h.to.year() != file.year {
                return Err(err(
                    &format!("{key}.from"),
                    format!("{}放假日期不在 {} 年内", h.name, file.year),
                ));
            }
            let mut d = h.from;
            while d <= h.to {
                if days.insert(d, DayKind::Holiday(h.name.clone())).is_some() {
                    return Err(err(&format!("{key}.from"), format!("{d} 重复声明")));
                }
                d = d + Days::new(1);
            }
            for w in &h.work {
                if !is_weekend(*w) {
                    return Err(err(
                        &format!("{key}.work"),
                        format!("调休上班日 {w} 不是周末，无需声明"),
                    ));
                }
                if days
                    .insert(*w, DayKind::MakeUpWorkday(h.name.clone()))
                    .is_some()
                {
                    return Err(err(&format!("{key}.work"), format!("{w} 重复声明")));
                }
            }
        }
        if days.keys().any(|d| self.days.contains_key(d)) {
            return Err(err("holiday", "与已有年份的日期重叠".into()));
        }
        self.days.extend(days);
        self.sources.insert(file.year, file.source);
        Ok(file.year)
    }

    pub fn covers(&self, year: i32) -> bool {
        self.sources.contains_key(&year)
    }

    /// The notice a year's data was taken from.
    pub fn source(&self, year: i32) -> Option<&str> {
        self.sources.get(&year).map(String::as_str)
    }

    pub fn day_kind(&self, date: NaiveDate) -> DayKind {
        match self.days.get(&date) {
            Some(kind) => kind.clone(),
            None if is_weekend(date) => DayKind::Weekend,
            None => DayKind::Workday,
        }
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.days.get(&date) {
            Some(DayKind::MakeUpWorkday(_)) => true,
            Some(_) => false,
            None => !is_weekend(date),
        }
    }

    fn note(&self, date: NaiveDate, gaps: &mut CalendarGaps) {
        if !self.covers(date.year()) {
            gaps.0.insert(date.year());
        }
    }

    /// The `n`th working day strictly after `date` (`date` itself for n = 0).
    pub fn working_days_after(
        &self,
        date: NaiveDate,
        n: u32,
        gaps: &mut CalendarGaps,
    ) -> NaiveDate {
        self.step_working_days(date, n, true, gaps)
    }

    /// The `n`th working day strictly before `date` (`date` itself for n = 0).
    pub fn working_days_before(
        &self,
        date: NaiveDate,
        n: u32,
        gaps: &mut CalendarGaps,
    ) -> NaiveDate {
        self.step_working_days(date, n, false, gaps)
    }

    fn step_working_days(
        &self,
        date: NaiveDate,
        n: u32,
        forward: bool,
        gaps: &mut CalendarGaps,
    ) -> NaiveDate {
        let mut d = date;
        let mut left = n;
        while left > 0 {
            d = if forward {
                d.succ_opt().unwrap_or(d)
            } else {
                d.pred_opt().unwrap_or(d)
            };
            self.note(d, gaps);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }
}

/// The year a year file declares, if it reads.
fn year_of(text: &str) -> Option<i32> {
    toml::from_str::<YearFile>(text).ok().map(|f| f.year)
}

/// The notice a year file names as its source, if it reads.
pub fn year_source(text: &str) -> Option<String> {
    toml::from_str::<YearFile>(text).ok().map(|f| f.source)
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// A length of time as the company's rules state it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, specta::Type)]
#[specta(type = String)]
pub enum Period {
    Days(u32),
    WorkingDays(u32),
    Months(u32),
    Years(u32),
}

impl Period {
    /// The day this period ends when it starts on `date`.
    pub fn after(self, date: NaiveDate, cal: &WorkCalendar, gaps: &mut CalendarGaps) -> NaiveDate {
        match self {
            Period::Days(n) => date + Days::new(n.into()),
            Period::WorkingDays(n) => cal.working_days_after(date, n, gaps),
            Period::Months(n) => add_months(date, n),
            Period::Years(n) => add_months(date, n.saturating_mul(12)),
        }
    }

    /// The day this period starts when it ends on `date`.
    pub fn before(self, date: NaiveDate, cal: &WorkCalendar, gaps: &mut CalendarGaps) -> NaiveDate {
        match self {
            Period::Days(n) => date - Days::new(n.into()),
            Period::WorkingDays(n) => cal.working_days_before(date, n, gaps),
            Period::Months(n) => sub_months(date, n),
            Period::Years(n) => sub_months(date, n.saturating_mul(12)),
        }
    }

    pub fn describe(self, locale: Locale) -> String {
        let (n, unit) = match self {
            Period::Days(n) => (n, locale.pick("天", "天", "days")),
            Period::WorkingDays(n) => (n, locale.pick("个工作日", "個工作日", "working days")),
            Period::Months(n) => (n, locale.pick("个月", "個月", "months")),
            Period::Years(n) => (n, locale.pick("年", "年", "years")),
        };
        format!("{n} {unit}")
    }
}

/// Adds calendar months; a day past the end of the target month clamps to its last day.
pub fn add_months(date: NaiveDate, n: u32) -> NaiveDate {
    date.checked_add_months(Months::new(n))
        .unwrap_or(NaiveDate::MAX)
}

/// Subtracts calendar months, clamping like [`add_months`].
pub fn sub_months(date: NaiveDate, n: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(n))
        .unwrap_or(NaiveDate::MIN)
}

/// The last day of the quarter `date` is in.
pub fn quarter_end(date: NaiveDate) -> NaiveDate {
    let last_month = (date.month0() / 3) * 3 + 3;
    let first_of_next = if last_month == 12 {
        NaiveDate::from_ymd_opt(date.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(date.year(), last_month + 1, 1)
    };
    first_of_next.and_then(|d| d.pred_opt()).unwrap_or(date)
}

/// The first day of the quarter `date` is in.
pub fn quarter_start(date: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(date.year(), (date.month0() / 3) * 3 + 1, 1).unwrap_or(date)
}

/// `2026Q4`.
pub fn quarter_label(date: NaiveDate) -> String {
    format!("{}Q{}", date.year(), date.month0() / 3 + 1)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "“{0}” 不是期限：请写如 “15 天”、“2 个工作日”、“6 个月”、“1 年” (not a period: write e.g. \"15 days\", \"2 working days\", \"6 months\", \"1 year\")"
)]
pub struct InvalidPeriod(pub String);

impl FromStr for Period {
    type Err = InvalidPeriod;

    fn from_str(s: &str) -> Result<Period, InvalidPeriod> {
        let bad = || InvalidPeriod(s.to_owned());
        let t = s.trim();
        let digits_end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        if digits_end == 0 {
            return Err(bad());
        }
        let n: u32 = t[..digits_end].parse().map_err(|_| bad())?;
        let unit: String = t[digits_end..]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        let period = match unit.as_str() {
            "天" | "日" | "d" | "day" | "days" | "calendardays" => Period::Days(n),
            "个工作日" | "個工作日" | "工作日" | "wd" | "workingday" | "workingdays" => {
                Period::WorkingDays(n)
            }
            "个月" | "個月" | "月" | "m" | "month" | "months" => Period::Months(n),
            "年" | "y" | "year" | "years" => Period::Years(n),
            _ => return Err(bad()),
        };
        Ok(period)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Locale::ZhCn))
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Period, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// What the app and CLI say when a deadline was counted in a year without calendar data.
pub fn calendar_gap_message(year: i32, locale: Locale) -> String {
    match locale {
        Locale::ZhCn => format!(
            "{year} 年尚无官方放假安排数据，该年的工作日按“周一至周五上班、周末休息”计算，节假日与调休未计入。国务院公布后，总部发布的 {year} 年放假安排随下次同步自动更新（到期日随之重算）；也可由管理员用 baohou calendar {year}.toml --install 安装。"
        ),
        Locale::ZhTw => format!(
            "{year} 年尚無官方放假安排資料，該年的工作日按「週一至週五上班、週末休息」計算，節假日與調休未計入。國務院公布後，總部發布的 {year} 年放假安排隨下次同步自動更新（到期日隨之重算）；也可由管理員用 baohou calendar {year}.toml --install 安裝。"
        ),
        Locale::En => format!(
            "no official holiday calendar for {year}: its working days were counted as Monday to Friday, without holidays or make-up days. Once the State Council publishes it, head office's {year} calendar arrives with the next sync and the deadlines are counted again; an administrator can also install it with baohou calendar {year}.toml --install"
        ),
    }
}

#[cfg(test)]
mod tests;
