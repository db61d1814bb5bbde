//! What the desktop shell calls: one open database and the questions the UI asks of it, each
//! answering in the officer's language. The Tauri commands are one-line calls into this.

use crate::i18n::Locale;
use crate::messages::UserError;
use crate::messages::calendar_gap_message;
use crate::portfolio::GuaranteeId;
use crate::portfolio::{
    CounterGuaranteeKind, FiveLevelClass, GuaranteeStatus, GuaranteeSummary, PortfolioTotals,
    Product, RiskTier,
};
use crate::signals::{Severity, SignalCatalog};
use crate::store::agenda_from_store;
use crate::store::{DbKey, OpenMode, Store, StoreError};
use crate::tasks::engine::{Agenda, DueTask, Engine};
use crate::tasks::filter::{AgendaFilter, TaskFacets, open_by_day};
use crate::tasks::{TaskKind, TaskState};
use crate::visit::{ChecklistSection, FinancialMetric, VisitKind, VisitMethod, VisitStatus};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

mod closing;
mod collection;
mod file;
mod grants;
mod lock;
mod privacy;
mod reports;
mod route;
mod sheets;
mod sync;
mod visits;

pub use collection::{CollectionEntry, CollectionScreen, LostContactView, SearchStepView};
pub use file::{CalendarDay, GuaranteeFile, Reclassification, TimelineEntry, TimelineKind};
pub use grants::{GRANT_LIFETIME, PathPurpose};
pub use lock::{LockState, LockStatus};
pub use privacy::{RetentionEntry, RetentionView};
pub use reports::{ReportFile, ReportTarget, ServedImage};
pub use route::SITE_VISIT_KINDS;
pub use sheets::{SheetWritten, TemplateInstalled};
pub use sync::{
    OutboxRow, OutboxView, SyncAccess, SyncOutcome, documents_before_sync, sync_due, sync_now,
};
pub use visits::{EditResult, PhotoDoorVisit, VisitScreen};

/// The database the app works on: locked (only its path is known) until the officer's
/// passphrase opens it, and locked again when idle.
pub struct Session {
    db_path: PathBuf,
    mode: OpenMode,
    /// The open database and its key, while unlocked.
    open: Option<lock::Unlocked>,
    /// When the officer last used the window (every question asked counts).
    last_use: std::cell::Cell<std::time::Instant>,
    /// Held for reading by a sync on its own connection, for writing while the file is replaced
    /// (a passphrase change), so a sync never writes into the file being replaced.
    file_lock: std::sync::Arc<std::sync::RwLock<()>>,
    /// Reports written to be printed (private, emptied on locking).
    print_folder: Option<PathBuf>,
    /// The reports this session wrote: the only files the window may ask to open.
    written_reports: std::collections::HashSet<PathBuf>,
    /// Paths the officer chose in the shell's dialogs: the only ones the window may name.
    grants: Vec<grants::PathGrant>,
    catalog: SignalCatalog,
    /// Visit edits answered in this session. Each answer carries the count, so the window can
    /// tell an answer that comes back late from a newer one.
    edits: u32,
}

/// What is owed on a day, worded for the officer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct AgendaView {
    pub as_of: NaiveDate,
    pub policy_version: String,
    pub overdue: u32,
    pub due_today: u32,
    pub upcoming: u32,
    pub done: u32,
    pub tasks: Vec<TaskView>,
    /// One sentence per year counted without official holiday data.
    pub calendar_warnings: Vec<String>,
}

/// One page of the agenda as the officer filtered it, with the counts, the month calendar's
/// numbers and the filters' choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct AgendaPage {
    pub as_of: NaiveDate,
    pub policy_version: String,
    /// The whole agenda's tasks by state, whatever the filters.
    pub overdue: u32,
    pub due_today: u32,
    pub upcoming: u32,
    pub done: u32,
    /// Every task of the agenda, whatever the filters.
    pub total: u32,
    /// One sentence per year counted without official holiday data.
    pub calendar_warnings: Vec<String>,
    /// How many tasks the filter keeps; `tasks` holds the first of them, in the agenda's order
    /// (overdue first).
    pub matched: u32,
    pub tasks: Vec<TaskView>,
    /// Open tasks per due day under the officer, tier, product and bank filters (not the scope
    /// or the day picked), for the month calendar.
    pub open_by_day: Vec<DayCount>,
    /// Every officer and every lending bank of the portfolio, sorted: the filters' choices.
    pub officers: Vec<String>,
    pub banks: Vec<String>,
}

/// Open tasks due on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct DayCount {
    pub day: NaiveDate,
    pub open: u32,
}

/// One task, with its labels and reason in the requested language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct TaskView {
    #[specta(type = Option<u32>)]
    pub guarantee_id: Option<i64>,
    pub contract_no: Option<String>,
    pub borrower: Option<String>,
    /// The A角 of the guarantee, or the officer of an officer's own task.
    pub officer: Option<String>,
    /// The guarantee's tier; `None` for an officer's own task.
    pub risk_tier: Option<RiskTier>,
    pub kind: TaskKind,
    pub kind_label: String,
    /// What the task is about (`quarter:2026Q4`, `signal:17` …), to close this one.
    pub anchor: String,
    pub due: NaiveDate,
    pub state: TaskState,
    pub state_label: String,
    pub days_overdue: u32,
    /// The policy key the deadline came from.
    pub rule: String,
    pub reason: String,
    /// A record of what was done closes it (完成 on the line); otherwise `closed_by` says what
    /// does.
    pub closes_by_record: bool,
    pub closed_by: String,
}

/// Facts about the open database, for the header of the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct SessionInfo {
    pub db_path: String,
    pub schema_version: u32,
    /// Set when this is the demo database, with the date it was written as of.
    pub demo_as_of: Option<String>,
    /// Set when opening upgraded an older database.
    pub upgraded_from: Option<u32>,
    /// Set when the audit log's chain is broken: someone changed the file outside the app.
    pub audit_warning: Option<String>,
}

/// A coded value with its label in the requested language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct Labelled<T> {
    pub code: T,
    pub label: String,
}

/// Labels of every coded value the UI shows, in one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct Labels {
    pub products: Vec<Labelled<Product>>,
    pub five_level_classes: Vec<Labelled<FiveLevelClass>>,
    pub statuses: Vec<Labelled<GuaranteeStatus>>,
    pub counter_guarantee_kinds: Vec<Labelled<CounterGuaranteeKind>>,
    pub tiers: Vec<Labelled<RiskTier>>,
    pub visit_kinds: Vec<Labelled<VisitKind>>,
    pub visit_methods: Vec<Labelled<VisitMethod>>,
    pub visit_statuses: Vec<Labelled<VisitStatus>>,
    pub sections: Vec<Labelled<ChecklistSection>>,
    pub financial_metrics: Vec<Labelled<FinancialMetric>>,
    pub severities: Vec<Labelled<Severity>>,
    pub import_fields: Vec<Labelled<crate::sheets::import::ImportField>>,
    pub mapping_sources: Vec<Labelled<crate::sheets::import::MappingSource>>,
    pub sheet_kinds: Vec<Labelled<crate::sheets::SheetKind>>,
    pub contact_channels: Vec<Labelled<crate::collection::ContactChannel>>,
    pub contact_parties: Vec<Labelled<crate::collection::ContactParty>>,
    pub promise_states: Vec<Labelled<crate::collection::PromiseState>>,
    pub notice_kinds: Vec<Labelled<crate::notices::NoticeKind>>,
    pub delivery_methods: Vec<Labelled<crate::notices::DeliveryMethod>>,
    pub recovery_sources: Vec<Labelled<crate::recovery::RecoverySource>>,
    pub withdrawal_grounds: Vec<Labelled<crate::withdrawal::WithdrawalGround>>,
    pub withdrawal_decisions: Vec<Labelled<crate::withdrawal::WithdrawalDecision>>,
    pub enforcement_causes: Vec<Labelled<crate::enforcement::EnforcementCause>>,
    pub step_outcomes: Vec<Labelled<crate::enforcement::StepOutcome>>,
    pub report_channels: Vec<Labelled<crate::closing::ReportChannel>>,
    pub signal_sources: Vec<Labelled<crate::signals::from_file::SignalSource>>,
}

/// The labels for `locale` under a company's policy: its own tier names, if it gives them.
pub fn labels_for(locale: Locale, policy: &crate::policy::Policy) -> Labels {
    let mut labels = labels(locale);
    labels.tiers = RiskTier::ALL
        .iter()
        .map(|&code| Labelled {
            code,
            label: policy.tier_label(code, locale),
        })
        .collect();
    labels
}

/// The labels for `locale`.
pub fn labels(locale: Locale) -> Labels {
    fn all<T: Copy>(items: &[T], label: impl Fn(T) -> &'static str) -> Vec<Labelled<T>> {
        items
            .iter()
            .map(|&code| Labelled {
                code,
                label: label(code).to_owned(),
            })
            .collect()
    }
    Labels {
        products: all(Product::ALL, |p| p.label(locale)),
        five_level_classes: all(FiveLevelClass::ALL, |c| c.label(locale)),
        statuses: all(GuaranteeStatus::ALL, |s| s.label(locale)),
        counter_guarantee_kinds: all(CounterGuaranteeKind::ALL, |k| k.label(locale)),
        tiers: all(&RiskTier::ALL, |t| t.label(locale)),
        visit_kinds: all(VisitKind::ALL, |k| k.label(locale)),
        visit_methods: all(VisitMethod::ALL, |m| m.label(locale)),
        visit_statuses: all(VisitStatus::ALL, |s| s.label(locale)),
        sections: all(ChecklistSection::ALL, |s| s.label(locale)),
        financial_metrics: all(FinancialMetric::ALL, |m| m.label(locale)),
        severities: all(Severity::ALL, |s| s.label(locale)),
        import_fields: all(crate::sheets::import::ImportField::ALL, |f| f.label(locale)),
        mapping_sources: all(crate::sheets::import::MappingSource::ALL, |m| {
            m.label(locale)
        }),
        sheet_kinds: all(crate::sheets::SheetKind::ALL, |k| k.label(locale)),
        contact_channels: all(crate::collection::ContactChannel::ALL, |x| x.label(locale)),
        contact_parties: all(crate::collection::ContactParty::ALL, |x| x.label(locale)),
        promise_states: all(crate::collection::PromiseState::ALL, |x| x.label(locale)),
        notice_kinds: all(crate::notices::NoticeKind::ALL, |x| x.label(locale)),
        delivery_methods: all(crate::notices::DeliveryMethod::ALL, |x| x.label(locale)),
        recovery_sources: all(crate::recovery::RecoverySource::ALL, |x| x.label(locale)),
        withdrawal_grounds: all(crate::withdrawal::WithdrawalGround::ALL, |x| {
            x.label(locale)
        }),
        withdrawal_decisions: all(crate::withdrawal::WithdrawalDecision::ALL, |x| {
            x.label(locale)
        }),
        enforcement_causes: all(crate::enforcement::EnforcementCause::ALL, |x| {
            x.label(locale)
        }),
        step_outcomes: all(crate::enforcement::StepOutcome::ALL, |x| x.label(locale)),
        report_channels: all(crate::closing::ReportChannel::ALL, |x| x.label(locale)),
        signal_sources: all(crate::signals::from_file::SignalSource::ALL, |x| {
            x.label(locale)
        }),
    }
}

/// A session that ends (the app quits, a CLI command returns) locks: the key leaves memory and
/// the reports written to be printed are deleted, so no PDF in the clear outlives the app. Only
/// a killed process leaves them, until the next start empties the folder.
impl Drop for Session {
    fn drop(&mut self) {
        self.lock();
    }
}

impl Session {
    /// A locked session on `path`. An explicitly named file must exist; the default file is
    /// created, encrypted, when the officer first sets a passphrase.
    pub fn open(path: impl AsRef<Path>, mode: OpenMode) -> Session {
        Session {
            db_path: path.as_ref().to_path_buf(),
            mode,
            open: None,
            last_use: std::cell::Cell::new(std::time::Instant::now()),
            file_lock: Default::default(),
            print_folder: None,
            written_reports: Default::default(),
            grants: Vec::new(),
            catalog: SignalCatalog::builtin(),
            edits: 0,
        }
    }

    /// Reads the database file into the system's file cache on a thread of its own, while the
    /// lock screen waits for the passphrase: unlocking then reads from memory, not from disk.
    pub fn read_ahead(&self) {
        let _ = crate::readahead::read_ahead(crate::readahead::database_files(&self.db_path));
    }

    /// A session unlocked with a key already derived (tools and tests).
    pub fn open_with_key(
        path: impl AsRef<Path>,
        mode: OpenMode,
        key: DbKey,
    ) -> Result<Session, StoreError> {
        let mut session = Session::open(path, mode);
        let store = Store::open(&session.db_path, mode, &key)?;
        session.unlocked(store, key);
        Ok(session)
    }

    /// The labels for `locale` under the policy in force (the shipped names while locked).
    pub fn labels(&self, locale: Locale) -> Labels {
        match self
            .store_unused(locale)
            .ok()
            .and_then(|s| s.policy_in_force().ok())
        {
            Some(policy) => labels_for(locale, &policy),
            None => labels(locale),
        }
    }

    fn store(&self, locale: Locale) -> Result<&Store, UserError> {
        self.last_use.set(std::time::Instant::now());
        self.store_unused(locale)
    }

    /// The store, for a question the window asks on its own (a screen refreshing itself), which
    /// does not count as the officer's use.
    fn store_unused(&self, locale: Locale) -> Result<&Store, UserError> {
        let store = self
            .open
            .as_ref()
            .map(|o| &o.store)
            .ok_or_else(|| lock::locked_error(locale))?;
        // The open-time check may still run beside: a read goes ahead, a failed check refuses.
        store
            .integrity(false)
            .map_err(|e| UserError::from_store(&e, locale))?;
        Ok(store)
    }

    /// The open store with the signal catalogue beside it (one borrow of each).
    fn store_and_catalog(
        &mut self,
        locale: Locale,
    ) -> Result<(&mut Store, &SignalCatalog), UserError> {
        self.store_mut(locale)?;
        match self.open.as_mut() {
            Some(o) => Ok((&mut o.store, &self.catalog)),
            None => Err(lock::locked_error(locale)),
        }
    }

    /// The store, to write: once the open-time check has passed (waiting for it if it runs).
    fn store_mut(&mut self, locale: Locale) -> Result<&mut Store, UserError> {
        self.last_use.set(std::time::Instant::now());
        let store = self
            .open
            .as_mut()
            .map(|o| &mut o.store)
            .ok_or_else(|| lock::locked_error(locale))?;
        store
            .integrity(true)
            .map_err(|e| UserError::from_store(&e, locale))?;
        Ok(store)
    }

    pub fn info(&self, locale: Locale) -> Result<SessionInfo, UserError> {
        let store = self.store(locale)?;
        let err = |e: StoreError| UserError::from_store(&e, locale);
        let migration = store.migration();
        Ok(SessionInfo {
            db_path: self.db_path.display().to_string(),
            schema_version: store.schema_version().map_err(err)?,
            demo_as_of: store.meta("demo_as_of").map_err(err)?,
            upgraded_from: migration
                .upgraded()
                .then_some(migration.from_version)
                .filter(|v| *v > 0),
            audit_warning: store
                .audit_break()
                .map(|b| crate::messages::audit_break_message(b, locale)),
        })
    }

    pub fn guarantees(&self, locale: Locale) -> Result<Vec<GuaranteeSummary>, UserError> {
        self.store(locale)?
            .guarantee_summaries()
            .map_err(|e| UserError::from_store(&e, locale))
    }

    pub fn totals(&self, locale: Locale) -> Result<PortfolioTotals, UserError> {
        self.store(locale)?
            .portfolio_totals()
            .map_err(|e| UserError::from_store(&e, locale))
    }

    /// Everything owed on `as_of`, under the company policy, with reasons in `locale`.
    pub fn agenda(&self, locale: Locale, as_of: NaiveDate) -> Result<AgendaView, UserError> {
        self.agenda_of(locale, as_of, |_| true)
    }

    /// The agenda as the home screen shows it: the tasks `filter` keeps, the first `limit` of
    /// them worded, with the counts, the calendar's numbers and the filters' choices. Only the
    /// page shown is worded and sent, whatever the size of the portfolio.
    pub fn agenda_page(
        &self,
        locale: Locale,
        as_of: NaiveDate,
        filter: &AgendaFilter,
        limit: u32,
    ) -> Result<AgendaPage, UserError> {
        let (agenda, facets) = self.computed_agenda(locale, as_of)?;
        let facets_of = |t: &DueTask| t.guarantee_id.and_then(|id| facets.get(&id));
        let counts = StateCounts::of(&agenda.tasks);
        let mut matched = 0u32;
        let mut tasks = Vec::new();
        for t in &agenda.tasks {
            if filter.in_scope(t, as_of) && filter.matches(t, facets_of(t)) {
                matched += 1;
                if tasks.len() < limit as usize {
                    tasks.push(task_view(t, facets_of(t), locale));
                }
            }
        }
        let open_by_day = open_by_day(agenda.tasks.iter().map(|t| (t, facets_of(t))), filter)
            .into_iter()
            .map(|(day, open)| DayCount { day, open })
            .collect();
        let mut officers: BTreeSet<&str> = facets
            .values()
            .flat_map(|f| std::iter::once(&*f.officer_a).chain(f.officer_b.as_deref()))
            .collect();
        officers.extend(agenda.tasks.iter().filter_map(|t| t.officer.as_deref()));
        let banks: BTreeSet<&str> = facets.values().map(|f| &*f.bank).collect();
        Ok(AgendaPage {
            as_of,
            policy_version: agenda.policy_version.clone(),
            overdue: counts.overdue,
            due_today: counts.due_today,
            upcoming: counts.upcoming,
            done: counts.done,
            total: u32::try_from(agenda.tasks.len()).unwrap_or(u32::MAX),
            calendar_warnings: calendar_warnings(&agenda, locale),
            matched,
            tasks,
            open_by_day,
            officers: officers.into_iter().map(str::to_owned).collect(),
            banks: banks.into_iter().map(str::to_owned).collect(),
        })
    }

    /// The agenda's tasks that `keep` keeps, counted and worded (only those are worded).
    fn agenda_of(
        &self,
        locale: Locale,
        as_of: NaiveDate,
        keep: impl Fn(&DueTask) -> bool,
    ) -> Result<AgendaView, UserError> {
        let (mut agenda, facets) = self.computed_agenda(locale, as_of)?;
        agenda.tasks.retain(|t| keep(t));
        let counts = StateCounts::of(&agenda.tasks);
        Ok(AgendaView {
            as_of,
            policy_version: agenda.policy_version.clone(),
            overdue: counts.overdue,
            due_today: counts.due_today,
            upcoming: counts.upcoming,
            done: counts.done,
            calendar_warnings: calendar_warnings(&agenda, locale),
            tasks: agenda
                .tasks
                .iter()
                .map(|t| task_view(t, t.guarantee_id.and_then(|id| facets.get(&id)), locale))
                .collect(),
        })
    }

    /// Every task owed on `as_of` under the policy in force, and each guarantee's facets.
    fn computed_agenda(
        &self,
        locale: Locale,
        as_of: NaiveDate,
    ) -> Result<(Agenda, HashMap<GuaranteeId, TaskFacets>), UserError> {
        let store = self.store(locale)?;
        let err = |e: StoreError| UserError::from_store(&e, locale);
        // Read on every call: a policy installed while the app is open applies at once.
        let policy = store.policy_in_force().map_err(err)?;
        let calendar = store.calendar().map_err(err)?;
        let engine = Engine::new(&policy, &calendar);
        let agenda = agenda_from_store(store, &engine, as_of, None).map_err(err)?;
        Ok((agenda, store.task_facets().map_err(err)?))
    }
}

/// Tasks counted by state.
struct StateCounts {
    overdue: u32,
    due_today: u32,
    upcoming: u32,
    done: u32,
}

impl StateCounts {
    fn of(tasks: &[DueTask]) -> StateCounts {
        let count = |s: TaskState| {
            u32::try_from(tasks.iter().filter(|t| t.state == s).count()).unwrap_or(u32::MAX)
        };
        StateCounts {
            overdue: count(TaskState::Overdue),
            due_today: count(TaskState::DueToday),
            upcoming: count(TaskState::Upcoming),
            done: count(TaskState::Done),
        }
    }
}

fn calendar_warnings(agenda: &Agenda, locale: Locale) -> Vec<String> {
    agenda
        .calendar_gaps
        .iter()
        .map(|y| calendar_gap_message(*y, locale))
        .collect()
}

/// A task worded in `locale`, with its guarantee's tier when it has one.
fn task_view(t: &DueTask, facets: Option<&TaskFacets>, locale: Locale) -> TaskView {
    TaskView {
        guarantee_id: t.guarantee_id,
        contract_no: t.contract_no.as_deref().map(str::to_owned),
        borrower: t.borrower.as_deref().map(str::to_owned),
        officer: t.officer.as_deref().map(str::to_owned),
        risk_tier: facets.map(|f| f.tier),
        kind: t.kind,
        kind_label: t.kind.label(locale).to_owned(),
        anchor: t.anchor.to_string(),
        due: t.due,
        state: t.state,
        state_label: t.state.label(locale).to_owned(),
        days_overdue: t.days_overdue,
        rule: t.rule.to_string(),
        reason: t.reason_text(locale),
        closes_by_record: t.kind.closes_by_record(),
        closed_by: t.kind.closed_by().sentence(locale).to_owned(),
    }
}

/// A session on the demo database written as of `day` into a new temporary folder (kept alive
/// by the returned handle); the database is `demo.sqlite3` in it.
#[cfg(test)]
pub(crate) fn demo_session(day: NaiveDate) -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.sqlite3");
    {
        let mut store =
            Store::open(&path, OpenMode::CreateOrUpgrade, &crate::store::test_key()).unwrap();
        crate::demo::write_demo(&mut store, day).unwrap();
    }
    let session =
        Session::open_with_key(&path, OpenMode::Existing, crate::store::test_key()).unwrap();
    (dir, session)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_on_a_missing_file_answers_with_the_reason_in_chinese() {
        let dir = tempfile::tempdir().unwrap();
        let mut session = Session::open(dir.path().join("无.sqlite3"), OpenMode::Existing);
        let status = session.lock_status(Locale::ZhCn);
        assert_eq!(status.state, LockState::Unusable);
        let problem = status.problem.unwrap();
        assert!(problem.contains("找不到数据库文件"), "{problem}");
        assert!(problem.contains("无.sqlite3"));
        let err = session
            .unlock(Locale::En, "whatever passphrase")
            .unwrap_err();
        assert_eq!(err.code, "db_not_found");
        assert!(err.message.starts_with("Database file not found"));
        assert_eq!(session.guarantees(Locale::ZhCn).unwrap_err().code, "locked");
    }

    #[test]
    fn a_session_on_the_demo_lists_the_portfolio() {
        let (_dir, session) = demo_session(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        let info = session.info(Locale::ZhCn).unwrap();
        assert_eq!(info.demo_as_of.as_deref(), Some("2026-11-23"));
        assert_eq!(info.upgraded_from, None);
        assert!(session.guarantees(Locale::ZhCn).unwrap().len() >= 38);
        assert!(session.totals(Locale::ZhCn).unwrap().active > 30);
    }

    #[test]
    fn the_agenda_is_worded_in_the_language_asked_and_warns_of_missing_calendar_years() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 30).unwrap();
        let (_dir, session) = demo_session(day);
        let path = session.db_path().to_path_buf();
        let zh = session.agenda(Locale::ZhCn, day).unwrap();
        assert!(zh.overdue > 0 && zh.upcoming > 0);
        assert_eq!(
            zh.tasks.len() as u32,
            zh.overdue + zh.due_today + zh.upcoming + zh.done
        );
        assert!(zh.calendar_warnings[0].starts_with("2027 年尚无官方放假安排数据"));
        let en = session.agenda(Locale::En, day).unwrap();
        assert_eq!(en.tasks.len(), zh.tasks.len());
        assert_eq!(en.tasks[0].state_label, "Overdue");
        assert!(en.calendar_warnings[0].starts_with("no official holiday calendar for 2027"));
        let tw = session.agenda(Locale::ZhTw, day).unwrap();
        assert!(tw.tasks.iter().any(|t| t.reason.contains("檢查")));

        // A policy installed into the database is in force for the next agenda.
        {
            let mut store =
                Store::open(&path, OpenMode::Existing, &crate::store::test_key()).unwrap();
            let text = crate::policy::DEFAULT_POLICY_TOML
                .replace("version = \"2026.2\"", "version = \"2027.1\"");
            let at = chrono::DateTime::parse_from_rfc3339("2026-12-30T08:00:00+08:00").unwrap();
            store.install_policy(&text, "制度.toml", at).unwrap();
        }
        assert_eq!(
            session.agenda(Locale::ZhCn, day).unwrap().policy_version,
            "2027.1"
        );
    }

    #[test]
    fn the_agenda_page_is_the_filtered_agenda_cut_to_its_limit() {
        use crate::tasks::filter::AgendaScope;
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let (_dir, session) = demo_session(day);
        let whole = session.agenda(Locale::ZhCn, day).unwrap();
        let rows = session.guarantees(Locale::ZhCn).unwrap();
        let officer = rows[0].officer_a.clone();
        let tier = rows.iter().map(|g| g.risk_tier).max().unwrap();

        let page = session
            .agenda_page(Locale::ZhCn, day, &AgendaFilter::everything(), 20)
            .unwrap();
        assert_eq!(page.total as usize, whole.tasks.len());
        assert_eq!(page.matched, page.total);
        assert_eq!(
            page.tasks[..],
            whole.tasks[..20],
            "the first 20, in the agenda's order"
        );
        assert_eq!(
            (page.overdue, page.due_today, page.upcoming, page.done),
            (whole.overdue, whole.due_today, whole.upcoming, whole.done)
        );
        assert_eq!(
            page.open_by_day.iter().map(|d| d.open).sum::<u32>(),
            page.total - page.done
        );
        assert!(page.open_by_day.windows(2).all(|w| w[0].day < w[1].day));
        assert!(page.officers.contains(&officer) && page.officers.is_sorted());
        assert!(page.banks.contains(&rows[0].lending_bank) && page.banks.is_sorted());

        // Filtered: the same tasks, and the same counts, as the window used to compute from the
        // whole agenda and the portfolio's rows.
        let by_id: HashMap<i64, &GuaranteeSummary> = rows.iter().map(|g| (g.id, g)).collect();
        let filter = AgendaFilter {
            officer: Some(officer.clone()),
            tier: Some(tier),
            scope: AgendaScope::All,
            ..AgendaFilter::default()
        };
        let expected: Vec<&TaskView> = whole
            .tasks
            .iter()
            .filter(|t| {
                // An officer's own task (the visit plan) has no tier: the tier filter drops it.
                let Some(g) = t.guarantee_id.map(|id| by_id[&id]) else {
                    return false;
                };
                (g.officer_a == officer || g.officer_b.as_ref() == Some(&officer))
                    && g.risk_tier == tier
            })
            .collect();
        assert!(!expected.is_empty());
        let page = session
            .agenda_page(Locale::ZhCn, day, &filter, 1000)
            .unwrap();
        assert_eq!(page.matched as usize, expected.len());
        assert_eq!(page.tasks.iter().collect::<Vec<_>>(), expected);
        assert!(page.tasks.iter().all(|t| t.risk_tier == Some(tier)));
        assert_eq!(
            page.total as usize,
            whole.tasks.len(),
            "the total ignores filters"
        );

        // This week, in English, none worded past the limit.
        let week = session
            .agenda_page(Locale::En, day, &AgendaFilter::default(), 0)
            .unwrap();
        assert!(week.matched > 0 && week.tasks.is_empty());
        assert!(week.matched < page.total);
    }

    #[test]
    fn the_guarantee_file_and_a_visit_through_the_session() {
        use crate::draft::{VisitEdit, VisitStart};
        use crate::visit::{VisitKind, VisitMethod};
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let (_dir, mut session) = demo_session(day);
        let path = session.db_path().to_path_buf();
        let list = session.guarantees(Locale::ZhCn).unwrap();
        let g = list.iter().find(|g| g.open_signals > 0).unwrap();
        let file = session.guarantee_file(Locale::ZhCn, g.id, day).unwrap();
        assert_eq!(file.guarantee.contract_no, g.contract_no);
        assert!(file.timeline.iter().any(|e| e.kind == TimelineKind::Visit));
        assert!(
            file.timeline
                .iter()
                .any(|e| e.kind == TimelineKind::SignalRaised)
        );
        assert!(file.timeline.windows(2).all(|w| w[0].date >= w[1].date));

        // Tier change with its reason lands on the timeline.
        let tier = crate::portfolio::RiskTier::new(4).unwrap();
        assert_eq!(
            session
                .reclassify(
                    Locale::ZhCn,
                    g.id,
                    &Reclassification::RiskTier(tier),
                    " ",
                    day
                )
                .unwrap_err()
                .code,
            "invalid_input"
        );
        session
            .reclassify(
                Locale::ZhCn,
                g.id,
                &Reclassification::RiskTier(tier),
                "连续两月欠息",
                day,
            )
            .unwrap();
        let file = session.guarantee_file(Locale::ZhCn, g.id, day).unwrap();
        let change = file
            .timeline
            .iter()
            .find(|e| e.kind == TimelineKind::TierChanged)
            .unwrap();
        assert_eq!(
            change.title,
            format!(
                "风险分类 {} {} → 4 重点关注类",
                g.risk_tier.get(),
                g.risk_tier.label(Locale::ZhCn)
            )
        );
        assert_eq!(change.detail, "连续两月欠息");

        let officer = session.officers(Locale::ZhCn).unwrap()[0].id;
        let start = VisitStart {
            guarantee_id: g.id,
            kind: VisitKind::Emergency,
            method: VisitMethod::OnSite,
            visit_date: day,
            officer_id: officer,
            started_from: Some(TaskKind::EmergencyCheck),
        };
        // New visits start from the template installed last.
        {
            let mut store =
                Store::open(&path, OpenMode::Existing, &crate::store::test_key()).unwrap();
            let text = crate::checklist::DEFAULT_CHECKLIST_TOML
                .replace("version = \"2026.2\"", "version = \"2026.8\"");
            let at = chrono::DateTime::parse_from_rfc3339("2026-11-23T08:00:00+08:00").unwrap();
            store.install_template(&text, "检查表.toml", at).unwrap();
        }
        let screen = session.start_visit(Locale::ZhCn, &start).unwrap();
        assert_eq!(screen.draft.template_version.as_deref(), Some("2026.8"));
        assert!(
            screen
                .problem_texts
                .iter()
                .any(|t| t.contains("至少随机访谈 3 名工人")),
            "{:?}",
            screen.problem_texts
        );
        let id = screen.draft.id;
        let r = session
            .edit_visit(
                Locale::En,
                id,
                &VisitEdit::Conclusion {
                    text: "一切正常".into(),
                },
            )
            .unwrap();
        assert!(
            r.screen
                .problem_texts
                .iter()
                .any(|t| t.contains("formality"))
        );
        // Every answer counts the edits so far: a later answer is told from an earlier one.
        let again = session
            .edit_visit(
                Locale::En,
                id,
                &VisitEdit::Conclusion {
                    text: "库存积压约2.6万箱".into(),
                },
            )
            .unwrap();
        assert_eq!(again.revision, r.revision + 1);
        let err = session.complete_visit(Locale::ZhCn, id).unwrap_err();
        assert_eq!(err.code, "visit_not_ready");
        assert!(err.message.starts_with("检查表尚不完整"), "{}", err.message);
        let file = session.guarantee_file(Locale::ZhCn, g.id, day).unwrap();
        assert_eq!(file.draft_visit, Some(id));
        assert_eq!(
            session.month(2026, 10).iter().filter(|d| d.make_up).count(),
            1
        );
        assert_eq!(session.month(2026, 2).len(), 28);
    }

    #[test]
    fn labels_cover_every_code_in_every_locale() {
        for locale in Locale::ALL {
            let l = labels(locale);
            assert_eq!(l.products.len(), Product::ALL.len());
            assert_eq!(l.tiers.len(), 4);
            assert!(l.products.iter().all(|p| !p.label.is_empty()));
        }
        assert_eq!(labels(Locale::ZhTw).statuses[3].label, "追償中");
    }
}
