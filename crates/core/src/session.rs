//! What the desktop shell calls: one open database and the questions the UI asks of it, each
//! answering in the officer's language. The Tauri commands are one-line calls into this.

use crate::calendar::WorkCalendar;
use crate::i18n::Locale;
use crate::messages::UserError;
use crate::messages::calendar_gap_message;
use crate::portfolio::{
    CounterGuaranteeKind, FiveLevelClass, GuaranteeStatus, GuaranteeSummary, PortfolioTotals,
    Product, RiskTier,
};
use crate::signals::{Severity, SignalCatalog};
use crate::store::{DbKey, OpenMode, Store, StoreError};
use crate::tasks::engine::Engine;
use crate::tasks::{TaskKind, TaskState, agenda_from_store};
use crate::visit::{ChecklistSection, FinancialMetric, VisitKind, VisitMethod, VisitStatus};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};

mod collection;
mod file;
mod lock;
mod privacy;
mod reports;
mod sheets;
mod sync;
mod visits;

pub use collection::{CollectionEntry, CollectionScreen, LostContactView, SearchStepView};
pub use file::{CalendarDay, GuaranteeFile, Reclassification, TimelineEntry, TimelineKind};
pub use lock::{LockState, LockStatus};
pub use privacy::{RetentionEntry, RetentionView};
pub use reports::{ReportFile, ReportTarget, ServedImage};
pub use sheets::{SheetWritten, TemplateInstalled};
pub use sync::{OutboxRow, OutboxView, SyncAccess, SyncOutcome, sync_due, sync_now};
pub use visits::{EditResult, VisitScreen};

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
    calendar: WorkCalendar,
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

/// One task, with its labels and reason in the requested language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct TaskView {
    #[specta(type = Option<u32>)]
    pub guarantee_id: Option<i64>,
    pub contract_no: Option<String>,
    pub borrower: Option<String>,
    pub officer: Option<String>,
    pub kind: TaskKind,
    pub kind_label: String,
    pub due: NaiveDate,
    pub state: TaskState,
    pub state_label: String,
    pub days_overdue: u32,
    /// The policy key the deadline came from.
    pub rule: String,
    pub reason: String,
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
            catalog: SignalCatalog::builtin(),
            calendar: WorkCalendar::builtin(),
            edits: 0,
        }
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

    fn store(&self, locale: Locale) -> Result<&Store, UserError> {
        self.last_use.set(std::time::Instant::now());
        self.store_unused(locale)
    }

    /// The store, for a question the window asks on its own (a screen refreshing itself), which
    /// does not count as the officer's use.
    fn store_unused(&self, locale: Locale) -> Result<&Store, UserError> {
        self.open
            .as_ref()
            .map(|o| &o.store)
            .ok_or_else(|| lock::locked_error(locale))
    }

    /// The open store with the signal catalogue beside it (one borrow of each).
    fn store_and_catalog(
        &mut self,
        locale: Locale,
    ) -> Result<(&mut Store, &SignalCatalog), UserError> {
        self.last_use.set(std::time::Instant::now());
        match self.open.as_mut() {
            Some(o) => Ok((&mut o.store, &self.catalog)),
            None => Err(lock::locked_error(locale)),
        }
    }

    fn store_mut(&mut self, locale: Locale) -> Result<&mut Store, UserError> {
        self.last_use.set(std::time::Instant::now());
        self.open
            .as_mut()
            .map(|o| &mut o.store)
            .ok_or_else(|| lock::locked_error(locale))
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

    /// The agenda's tasks that `keep` keeps, counted and worded (only those are worded).
    fn agenda_of(
        &self,
        locale: Locale,
        as_of: NaiveDate,
        keep: impl Fn(&crate::tasks::engine::DueTask) -> bool,
    ) -> Result<AgendaView, UserError> {
        let store = self.store(locale)?;
        let err = |e: StoreError| UserError::from_store(&e, locale);
        // Read on every call: a policy installed while the app is open applies at once.
        let policy = store.policy_in_force().map_err(err)?;
        let engine = Engine::new(&policy, &self.calendar);
        let mut agenda = agenda_from_store(store, &engine, as_of, None).map_err(err)?;
        agenda.tasks.retain(|t| keep(t));
        let count = |s: TaskState| {
            u32::try_from(agenda.tasks.iter().filter(|t| t.state == s).count()).unwrap_or(u32::MAX)
        };
        Ok(AgendaView {
            as_of,
            policy_version: agenda.policy_version.clone(),
            overdue: count(TaskState::Overdue),
            due_today: count(TaskState::DueToday),
            upcoming: count(TaskState::Upcoming),
            done: count(TaskState::Done),
            calendar_warnings: agenda
                .calendar_gaps
                .iter()
                .map(|y| calendar_gap_message(*y, locale))
                .collect(),
            tasks: agenda
                .tasks
                .iter()
                .map(|t| TaskView {
                    guarantee_id: t.guarantee_id,
                    contract_no: t.contract_no.as_deref().map(str::to_owned),
                    borrower: t.borrower.as_deref().map(str::to_owned),
                    officer: t.officer.as_deref().map(str::to_owned),
                    kind: t.kind,
                    kind_label: t.kind.label(locale).to_owned(),
                    due: t.due,
                    state: t.state,
                    state_label: t.state.label(locale).to_owned(),
                    days_overdue: t.days_overdue,
                    rule: t.rule.to_string(),
                    reason: t.reason_text(locale),
                })
                .collect(),
        })
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
                .replace("version = \"2026.1\"", "version = \"2027.1\"");
            let at = chrono::DateTime::parse_from_rfc3339("2026-12-30T08:00:00+08:00").unwrap();
            store.install_policy(&text, "制度.toml", at).unwrap();
        }
        assert_eq!(
            session.agenda(Locale::ZhCn, day).unwrap().policy_version,
            "2027.1"
        );
    }

    #[test]
    fn the_guarantee_file_and_a_visit_through_the_session() {
        use crate::visit::draft::{VisitEdit, VisitStart};
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
                "风险分类 {} {} → 4 风险",
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
                .replace("version = \"2026.1\"", "version = \"2026.2\"");
            let at = chrono::DateTime::parse_from_rfc3339("2026-11-23T08:00:00+08:00").unwrap();
            store.install_template(&text, "检查表.toml", at).unwrap();
        }
        let screen = session.start_visit(Locale::ZhCn, &start).unwrap();
        assert_eq!(screen.draft.template_version.as_deref(), Some("2026.2"));
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
