//! The guarantee file (一户一档): the guarantee with its borrower, counter-guarantees and tasks,
//! and its history on one timeline; the month calendar of the agenda.

use super::{Session, TaskView};
use crate::i18n::Locale;
use crate::messages::UserError;
use crate::portfolio::{
    Borrower, CounterGuarantee, FiveLevelClass, Guarantee, GuaranteeId, Officer, RiskTier,
};
use crate::signals::Severity;
use crate::store::StoreError;
use crate::tasks::TaskKind;
use crate::visit::VisitId;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// What kind of event a timeline line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    Visit,
    VisitCorrected,
    ReportIssued,
    SignalRaised,
    SignalResolved,
    TierChanged,
    ClassChanged,
    TaskDone,
    /// Recorded or changed by an import from the core system's spreadsheet.
    Imported,
    /// An application for an extension (展期), or its decision.
    Extension,
}

/// One event in a guarantee's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct TimelineEntry {
    pub date: NaiveDate,
    pub kind: TimelineKind,
    pub title: String,
    pub detail: String,
    #[specta(type = Option<u32>)]
    pub visit_id: Option<VisitId>,
    pub severity: Option<Severity>,
}

/// The guarantee file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct GuaranteeFile {
    pub guarantee: Guarantee,
    pub borrower: Borrower,
    pub officer_a: String,
    pub officer_b: Option<String>,
    pub counter_guarantees: Vec<CounterGuarantee>,
    /// Its tasks on the day asked, from the rules.
    pub tasks: Vec<TaskView>,
    /// Newest first.
    pub timeline: Vec<TimelineEntry>,
    /// The visit in draft, to resume.
    #[specta(type = Option<u32>)]
    pub draft_visit: Option<VisitId>,
}

/// A change of tier or class, asked with its reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum Reclassification {
    RiskTier(RiskTier),
    FiveLevelClass(FiveLevelClass),
}

/// One day of the month calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub working: bool,
    /// The holiday's name, for a day off or a make-up working day (调休上班).
    pub holiday: Option<String>,
    pub make_up: bool,
}

fn label_of_class(code: &str, locale: Locale) -> String {
    FiveLevelClass::from_code(code)
        .map(|c| c.label(locale).to_owned())
        .unwrap_or_else(|_| code.to_owned())
}

impl Session {
    /// The guarantee file as of `as_of`.
    pub fn guarantee_file(
        &self,
        locale: Locale,
        id: GuaranteeId,
        as_of: NaiveDate,
    ) -> Result<GuaranteeFile, UserError> {
        let store = self.store(locale)?;
        let err = |e: StoreError| UserError::from_store(&e, locale);
        let guarantee = store.guarantee(id).map_err(err)?;
        let borrower = store.borrower(guarantee.borrower_id).map_err(err)?;
        let officers = store.officers().map_err(err)?;
        let name = |oid: i64| {
            officers
                .iter()
                .find(|o| o.id == oid)
                .map(|o| o.name.clone())
                .unwrap_or_default()
        };
        let tasks = self
            .agenda_of(locale, as_of, |t| t.guarantee_id == Some(id))?
            .tasks;

        let mut timeline = Vec::new();
        let l = locale;
        let issued = store.issued_reports().map_err(err)?;
        for v in store.visit_summaries(id).map_err(err)? {
            timeline.push(TimelineEntry {
                date: v.visit_date,
                kind: TimelineKind::Visit,
                title: format!(
                    "{} · {} · {}",
                    v.kind.label(l),
                    v.method.label(l),
                    v.status.label(l)
                ),
                detail: format!(
                    "{}{}",
                    v.officer,
                    v.conclusion.map(|c| format!("：{c}")).unwrap_or_default()
                ),
                visit_id: Some(v.id),
                severity: None,
            });
            for ver in store.visit_versions(v.id).map_err(err)? {
                timeline.push(TimelineEntry {
                    date: ver.reopened_at.date_naive(),
                    kind: TimelineKind::VisitCorrected,
                    title: format!(
                        "{} {} → {}",
                        l.pick("更正检查", "更正檢查", "Visit corrected"),
                        ver.version,
                        ver.version + 1
                    ),
                    detail: ver.reason,
                    visit_id: Some(v.id),
                    severity: None,
                });
            }
            for r in issued.iter().filter(|r| r.visit_id == v.id) {
                timeline.push(TimelineEntry {
                    date: r.generated_at.date_naive(),
                    kind: TimelineKind::ReportIssued,
                    title: format!(
                        "{} {}",
                        l.pick("出具保后检查表", "出具保後檢查表", "Report issued"),
                        r.document_no
                    ),
                    detail: format!(
                        "{} {}",
                        l.pick("内容摘要", "內容摘要", "content SHA-256"),
                        r.content_sha256
                    ),
                    visit_id: Some(v.id),
                    severity: None,
                });
            }
        }
        for s in store.signals_of(id).map_err(err)? {
            timeline.push(TimelineEntry {
                date: s.found_on,
                kind: TimelineKind::SignalRaised,
                title: format!("{} {} · {}", s.code, s.title, s.severity.label(l)),
                detail: s.evidence.clone(),
                visit_id: s.visit_id,
                severity: Some(s.severity),
            });
            if let Some(on) = s.resolved_on {
                timeline.push(TimelineEntry {
                    date: on,
                    kind: TimelineKind::SignalResolved,
                    title: format!("{} {} · {}", s.code, s.title, s.status.label(l)),
                    detail: s.resolution.unwrap_or_default(),
                    visit_id: None,
                    severity: Some(s.severity),
                });
            }
        }
        let policy = store.policy_in_force().map_err(err)?;
        for c in store.classification_changes(id).map_err(err)? {
            let (kind, title) = if c.field == "risk_tier" {
                let tier = |v: &str| {
                    v.parse::<u8>()
                        .ok()
                        .and_then(|n| RiskTier::new(n).ok())
                        .map(|t| format!("{} {}", t.get(), policy.tier_label(t, l)))
                        .unwrap_or_else(|| v.to_owned())
                };
                (
                    TimelineKind::TierChanged,
                    format!(
                        "{} {} → {}",
                        l.pick("风险分类", "風險分類", "Risk tier"),
                        tier(&c.old_value),
                        tier(&c.new_value)
                    ),
                )
            } else {
                (
                    TimelineKind::ClassChanged,
                    format!(
                        "{} {} → {}",
                        l.pick("五级分类", "五級分類", "Five-level class"),
                        label_of_class(&c.old_value, l),
                        label_of_class(&c.new_value, l)
                    ),
                )
            };
            timeline.push(TimelineEntry {
                date: c.changed_on,
                kind,
                title,
                detail: c.reason,
                visit_id: None,
                severity: None,
            });
        }
        for import in store.imported_changes_of(id, l).map_err(err)? {
            let mut lines: Vec<String> = import
                .changes
                .iter()
                .map(|c| format!("{}：{} → {}", c.field.label(l), c.before, c.after))
                .collect();
            if import.created {
                lines.insert(
                    0,
                    l.pick("由台账导入建立", "由台賬匯入建立", "Recorded by the import")
                        .to_owned(),
                );
            }
            if lines.is_empty() {
                continue;
            }
            timeline.push(TimelineEntry {
                date: import.imported_on,
                kind: TimelineKind::Imported,
                title: format!(
                    "{}{}",
                    l.pick("台账导入：", "台賬匯入：", "Imported from "),
                    import.file_name
                ),
                detail: lines.join("；"),
                visit_id: None,
                severity: None,
            });
        }
        for (kind, done_on, note) in store.completions_of(id).map_err(err)? {
            timeline.push(TimelineEntry {
                date: done_on,
                kind: TimelineKind::TaskDone,
                title: TaskKind::from_code(&kind)
                    .map(|k| k.label(l).to_owned())
                    .unwrap_or(kind),
                detail: note.unwrap_or_default(),
                visit_id: None,
                severity: None,
            });
        }
        for e in store.extensions_of(id).map_err(err)? {
            timeline.push(TimelineEntry {
                date: e.applied_on,
                kind: TimelineKind::Extension,
                title: format!(
                    "{} {} → {}",
                    l.pick("申请展期", "申請展期", "Extension applied for"),
                    e.original_maturity,
                    e.new_maturity
                ),
                detail: e.reason.clone(),
                visit_id: None,
                severity: None,
            });
            if let Some(v) = e.verdict {
                timeline.push(TimelineEntry {
                    date: v.on,
                    kind: TimelineKind::Extension,
                    title: format!(
                        "{}（{}）",
                        v.decision.label(l),
                        l.pick("展期", "展期", "extension")
                    ),
                    detail: format!(
                        "{}{}{}",
                        v.by,
                        v.interest_paid_on
                            .map(|d| l
                                .pick("，利息结清至 ", "，利息結清至 ", "; interest paid to ")
                                .to_owned()
                                + &d.to_string())
                            .unwrap_or_default(),
                        v.note.map(|n| format!("：{n}")).unwrap_or_default()
                    ),
                    visit_id: None,
                    severity: None,
                });
            }
        }
        timeline.sort_by_key(|e| std::cmp::Reverse(e.date));

        let draft_visit = store.draft_visit_of(id).map_err(err)?;
        Ok(GuaranteeFile {
            officer_a: name(guarantee.officer_a_id),
            officer_b: guarantee.officer_b_id.map(name),
            counter_guarantees: store.counter_guarantees(id).map_err(err)?,
            guarantee,
            borrower,
            tasks,
            timeline,
            draft_visit,
        })
    }

    /// Changes the tier or the five-level class, keeping the reason in the history.
    pub fn reclassify(
        &mut self,
        locale: Locale,
        id: GuaranteeId,
        change: &Reclassification,
        reason: &str,
        on: NaiveDate,
    ) -> Result<(), UserError> {
        let store = self.store_mut(locale)?;
        match change {
            Reclassification::RiskTier(t) => store.change_risk_tier(id, *t, reason, on, None),
            Reclassification::FiveLevelClass(c) => {
                store.change_five_level_class(id, *c, reason, on, None)
            }
        }
        .map_err(|e| UserError::from_store(&e, locale))
    }

    /// Records a signal from the guarantee's file, without a visit (a bank's or a court's notice,
    /// public records, someone who knows): its check and reports become owed from the day found.
    pub fn record_signal(
        &mut self,
        locale: Locale,
        id: GuaranteeId,
        entry: &crate::signals::from_file::NewFileSignal,
        today: NaiveDate,
    ) -> Result<crate::signals::WarningSignal, UserError> {
        self.write(locale, |store, _, catalog| {
            store.record_file_signal(id, entry, catalog, today)
        })
    }

    pub fn officers(&self, locale: Locale) -> Result<Vec<Officer>, UserError> {
        self.store(locale)?
            .officers()
            .map_err(|e| UserError::from_store(&e, locale))
    }

    /// Every day of a month with its working-day status from the official calendar.
    pub fn month(&self, year: i32, month: u32) -> Vec<CalendarDay> {
        let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
            return Vec::new();
        };
        // The store's calendar (with the years head office published); the shipped one while
        // the database is locked.
        let calendar = self
            .open
            .as_ref()
            .and_then(|o| o.store.calendar().ok())
            .unwrap_or_else(crate::calendar::WorkCalendar::builtin);
        first
            .iter_days()
            .take_while(|d| d.month() == month)
            .map(|date| {
                use crate::calendar::DayKind;
                let (holiday, make_up) = match calendar.day_kind(date) {
                    DayKind::Holiday(n) => (Some(n), false),
                    DayKind::MakeUpWorkday(n) => (Some(n), true),
                    DayKind::Workday | DayKind::Weekend => (None, false),
                };
                CalendarDay {
                    date,
                    working: calendar.is_working_day(date),
                    holiday,
                    make_up,
                }
            })
            .collect()
    }
}
