//! The Tauri commands: each is one call into `baohou_core::session`.

mod command_names;
mod hardening;
mod web_engine;
pub use command_names::COMMAND_NAMES;
#[cfg(windows)]
pub use web_engine::web_engine_present;
pub use web_engine::{EXIT_NO_WEB_ENGINE, WEBVIEW2_MISSING, cannot_open_window};

use baohou_core::Locale;
use baohou_core::closing::{CloseTask, ClosedTask};
use baohou_core::draft::{VisitEdit, VisitStart};
use baohou_core::evidence::by_officer::EvidenceByOfficer;
use baohou_core::messages::UserError;
use baohou_core::notices::NoticeKind;
use baohou_core::overview::PortfolioOverview;
use baohou_core::photos::{ImportProgress, ImportReport};
use baohou_core::portfolio::Officer;
use baohou_core::portfolio::{GuaranteeSummary, PortfolioTotals};
use baohou_core::privacy::ExportSummary;
use baohou_core::quarterly::QuarterlyInput;
use baohou_core::route::DayRoute;
use baohou_core::session::PathPurpose;
use baohou_core::session::{
    AgendaPage, CalendarDay, EditResult, GuaranteeFile, Labels, LockStatus, OutboxView,
    Reclassification, ReportFile, ReportTarget, Session, SessionInfo, SyncOutcome, VisitScreen,
};
use baohou_core::session::{CollectionEntry, CollectionScreen};
use baohou_core::session::{RetentionView, SheetWritten, TemplateInstalled};
use baohou_core::sheets::SheetKind;
use baohou_core::sheets::import::{ColumnMapping, SheetImport};
use baohou_core::signals::from_file::NewFileSignal;
use baohou_core::signals::{SignalDefinition, WarningSignal};
use baohou_core::store::{Passphrase, RemovalSummary};
use baohou_core::tasks::filter::AgendaFilter;
use baohou_core::visit::SignatureRole;
use baohou_core::withdrawal::NewWithdrawal;
use baohou_phone::{Door, DoorStatus, DoorView};
use chrono::NaiveDate;
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use tauri::{Manager, State};

mod dialogs;

/// The open database (SQLite connections are not shared between threads, hence the lock), and
/// the phone's door while a visit's 用手机拍照 dialog is open.
pub struct AppState {
    session: Mutex<Session>,
    door: Mutex<Option<Door>>,
}

impl AppState {
    pub fn new(session: Session) -> AppState {
        AppState {
            session: Mutex::new(session),
            door: Mutex::new(None),
        }
    }

    /// Locks at the app's exit: the phone's door closes, the key leaves memory and the print
    /// folder is emptied (the managed state is not dropped when the event loop ends the process).
    pub fn lock_on_exit(&self) {
        self.lock();
    }

    /// Locks now: the database, then the phone's door (nothing is served while the app is
    /// locked: a door being opened meanwhile sees the lock before it is kept, see
    /// `open_phone_door`). Locks are taken door first, then session, and never the other way.
    fn lock(&self) {
        self.session().lock();
        self.close_door();
    }

    fn session(&self) -> MutexGuard<'_, Session> {
        // A panic in another command must not lock the officer out of their data.
        self.session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn door(&self) -> MutexGuard<'_, Option<Door>> {
        self.door
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Closes the phone's door if one is open (waiting for a photo being added, with no lock
    /// held meanwhile).
    fn close_door(&self) {
        let door = self.door().take();
        if let Some(door) = door {
            door.close();
        }
    }

    /// Closes the phone's door if it is door `serial` (a dialog closes its own door only).
    fn close_door_numbered(&self, serial: u32) {
        let door = {
            let mut slot = self.door();
            match slot.as_ref() {
                Some(d) if d.serial() == serial => slot.take(),
                _ => None,
            }
        };
        if let Some(door) = door {
            door.close();
        }
    }
}

#[tauri::command]
#[specta::specta]
fn session_info(state: State<'_, AppState>, locale: Locale) -> Result<SessionInfo, UserError> {
    state.session().info(locale)
}

#[tauri::command]
#[specta::specta]
fn labels(state: State<'_, AppState>, locale: Locale) -> Labels {
    state.session().labels(locale)
}

#[tauri::command]
#[specta::specta]
fn list_guarantees(
    state: State<'_, AppState>,
    locale: Locale,
) -> Result<Vec<GuaranteeSummary>, UserError> {
    state.session().guarantees(locale)
}

#[tauri::command]
#[specta::specta]
fn portfolio_totals(
    state: State<'_, AppState>,
    locale: Locale,
) -> Result<PortfolioTotals, UserError> {
    state.session().totals(locale)
}

#[tauri::command]
#[specta::specta]
fn agenda(
    state: State<'_, AppState>,
    locale: Locale,
    as_of: NaiveDate,
    filter: AgendaFilter,
    limit: u32,
) -> Result<AgendaPage, UserError> {
    state.session().agenda_page(locale, as_of, &filter, limit)
}

/// The officer's order of the day's stops, as the core names borrowers.
fn borrower_ids(order: Vec<u32>) -> Vec<i64> {
    order.into_iter().map(i64::from).collect()
}

/// Today's route: the day's site visits under the agenda's filter, in the suggested order or
/// the officer's (`order`: borrower ids).
#[tauri::command]
#[specta::specta]
fn day_route(
    state: State<'_, AppState>,
    locale: Locale,
    day: NaiveDate,
    filter: AgendaFilter,
    order: Vec<u32>,
) -> Result<DayRoute, UserError> {
    state
        .session()
        .day_route(locale, day, &filter, &borrower_ids(order))
}

/// Writes today's route on one A4 sheet into the print folder.
#[tauri::command]
#[specta::specta]
fn print_day_route(
    state: State<'_, AppState>,
    locale: Locale,
    day: NaiveDate,
    filter: AgendaFilter,
    order: Vec<u32>,
) -> Result<ReportFile, UserError> {
    state
        .session()
        .print_day_route(locale, day, &filter, &borrower_ids(order))
}

/// Writes the day's 检查前准备 (a page per stop of today's route, in its order) into the print
/// folder.
#[tauri::command]
#[specta::specta]
fn print_briefings(
    state: State<'_, AppState>,
    locale: Locale,
    day: NaiveDate,
    filter: AgendaFilter,
    order: Vec<u32>,
) -> Result<ReportFile, UserError> {
    state
        .session()
        .print_briefings(locale, day, &filter, &borrower_ids(order))
}

#[tauri::command]
#[specta::specta]
fn guarantee_file(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
    as_of: NaiveDate,
) -> Result<GuaranteeFile, UserError> {
    state.session().guarantee_file(locale, id.into(), as_of)
}

/// Closes a task by the record of what was done (完成); a visit plan is saved to `save_plan_to`.
#[tauri::command]
#[specta::specta]
fn close_task(
    state: State<'_, AppState>,
    locale: Locale,
    request: CloseTask,
    save_plan_to: Option<String>,
    today: NaiveDate,
) -> Result<ClosedTask, UserError> {
    state.session().close_task(
        locale,
        &request,
        save_plan_to.as_deref().map(std::path::Path::new),
        today,
    )
}

/// Records a warning signal from the guarantee's file, without a visit.
#[tauri::command]
#[specta::specta]
fn record_signal(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
    entry: NewFileSignal,
    today: NaiveDate,
) -> Result<WarningSignal, UserError> {
    state
        .session()
        .record_signal(locale, id.into(), &entry, today)
}

#[tauri::command]
#[specta::specta]
fn reclassify(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
    change: Reclassification,
    reason: String,
    on: NaiveDate,
) -> Result<(), UserError> {
    state
        .session()
        .reclassify(locale, id.into(), &change, &reason, on)
}

#[tauri::command]
#[specta::specta]
fn officers(state: State<'_, AppState>, locale: Locale) -> Result<Vec<Officer>, UserError> {
    state.session().officers(locale)
}

#[tauri::command]
#[specta::specta]
fn month_calendar(state: State<'_, AppState>, year: i32, month: u32) -> Vec<CalendarDay> {
    state.session().month(year, month)
}

#[tauri::command]
#[specta::specta]
fn signal_catalog(state: State<'_, AppState>) -> Vec<SignalDefinition> {
    state.session().signal_catalog().signals.clone()
}

#[tauri::command]
#[specta::specta]
fn start_visit(
    state: State<'_, AppState>,
    locale: Locale,
    start: VisitStart,
) -> Result<VisitScreen, UserError> {
    state.session().start_visit(locale, &start)
}

#[tauri::command]
#[specta::specta]
fn visit(state: State<'_, AppState>, locale: Locale, id: u32) -> Result<VisitScreen, UserError> {
    state.session().visit(locale, id.into())
}

#[tauri::command]
#[specta::specta]
fn edit_visit(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
    edit: VisitEdit,
) -> Result<EditResult, UserError> {
    state.session().edit_visit(locale, id.into(), &edit)
}

#[tauri::command]
#[specta::specta]
fn confirm_visit(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
    by: String,
) -> Result<VisitScreen, UserError> {
    state.session().confirm_visit(locale, id.into(), &by)
}

#[tauri::command]
#[specta::specta]
fn complete_visit(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
) -> Result<VisitScreen, UserError> {
    state.session().complete_visit(locale, id.into())
}

#[tauri::command]
#[specta::specta]
fn reopen_visit(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
    reason: String,
) -> Result<VisitScreen, UserError> {
    state.session().reopen_visit(locale, id.into(), &reason)
}

#[tauri::command]
#[specta::specta]
fn sign_visit(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
    role: SignatureRole,
    signer: String,
    png: Vec<u8>,
) -> Result<VisitScreen, UserError> {
    state
        .session()
        .sign_visit(locale, id.into(), role, &signer, &png)
}

/// Ends the app as a quit does when the system asks it to stop (SIGTERM at logout or shutdown,
/// SIGHUP when its terminal closes, SIGINT for Ctrl-C): the event loop's exit then locks and
/// empties the print folder. A killed process (SIGKILL, power cut) cannot clean up; the next
/// start empties the folder.
pub fn exit_on_termination(app: tauri::AppHandle) {
    #[cfg(unix)]
    tauri::async_runtime::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut hup), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
            signal(SignalKind::interrupt()),
        ) else {
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = hup.recv() => {}
            _ = int.recv() => {}
        }
        app.exit(0);
    });
    #[cfg(not(unix))]
    tauri::async_runtime::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            app.exit(0);
        }
    });
}

/// Where reports written to be opened and printed go: the user's runtime folder (memory-backed,
/// private, gone at logout) when there is one, else the app's cache folder (on Windows
/// %LOCALAPPDATA%\cn.baohou.desktop, under the user's own profile, which %TEMP% need not be);
/// the core keeps it private and empties it when the app starts, locks and ends. "另存为" is
/// how a report is kept on purpose.
pub fn print_folder(app: &tauri::AppHandle) -> PathBuf {
    match std::env::var_os("XDG_RUNTIME_DIR") {
        Some(runtime) => PathBuf::from(runtime).join("baohou-print"),
        None => app
            .path()
            .app_cache_dir()
            .map(|d| d.join("print"))
            .unwrap_or_else(|_| std::env::temp_dir().join("baohou-print")),
    }
}

/// Writes a visit's 保后检查表 (final, or a draft) into the private print folder.
#[tauri::command]
#[specta::specta]
fn export_report(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
    draft: bool,
) -> Result<ReportFile, UserError> {
    state
        .session()
        .export_report(locale, id.into(), draft, ReportTarget::Print)
}

/// Writes a visit's 保后检查表 to the file the officer chose.
#[tauri::command]
#[specta::specta]
fn save_report_as(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
    draft: bool,
    path: String,
) -> Result<ReportFile, UserError> {
    state.session().export_report(
        locale,
        id.into(),
        draft,
        ReportTarget::File(std::path::Path::new(&path)),
    )
}

/// Opens a written report in the system's PDF viewer, from which it is printed.
#[tauri::command]
#[specta::specta]
fn open_report(state: State<'_, AppState>, locale: Locale, path: String) -> Result<(), UserError> {
    let path = state.session().report_to_open(locale, &path)?;
    open::that_detached(&path).map_err(|e| {
        baohou_core::messages::cannot_open(&path.display().to_string(), &e.to_string(), locale)
    })
}

#[tauri::command]
#[specta::specta]
fn outbox(state: State<'_, AppState>, locale: Locale) -> Result<OutboxView, UserError> {
    state.session().outbox(locale)
}

#[tauri::command]
#[specta::specta]
fn set_sync_settings(
    state: State<'_, AppState>,
    locale: Locale,
    server: String,
    token: String,
) -> Result<OutboxView, UserError> {
    state.session().set_sync_settings(locale, &server, &token)
}

#[tauri::command]
#[specta::specta]
fn set_sync_authority(
    state: State<'_, AppState>,
    locale: Locale,
    pem: String,
) -> Result<OutboxView, UserError> {
    state.session().set_sync_authority(locale, &pem)
}

/// Released borrowers and when each is due to leave the laptop.
#[tauri::command]
#[specta::specta]
fn retention(
    state: State<'_, AppState>,
    locale: Locale,
    as_of: NaiveDate,
) -> Result<RetentionView, UserError> {
    state.session().retention(locale, as_of)
}

/// Writes one borrower's data into a new folder inside the folder the officer chose.
#[tauri::command]
#[specta::specta]
fn export_borrower(
    state: State<'_, AppState>,
    locale: Locale,
    borrower_id: u32,
    folder: String,
) -> Result<ExportSummary, UserError> {
    state
        .session()
        .export_borrower(locale, borrower_id.into(), std::path::Path::new(&folder))
}

/// What importing a spreadsheet would do: the mapping (as set on screen, else remembered or
/// guessed), each row's fate and every problem. Writes nothing.
#[tauri::command]
#[specta::specta]
fn preview_import(
    state: State<'_, AppState>,
    locale: Locale,
    path: String,
    mapping: Option<Vec<ColumnMapping>>,
    today: NaiveDate,
) -> Result<SheetImport, UserError> {
    state
        .session()
        .preview_import(locale, std::path::Path::new(&path), mapping, today)
}

/// Imports a spreadsheet in one transaction under the mapping confirmed on screen.
#[tauri::command]
#[specta::specta]
fn write_import(
    state: State<'_, AppState>,
    locale: Locale,
    path: String,
    mapping: Vec<ColumnMapping>,
    skip_broken: bool,
    today: NaiveDate,
) -> Result<SheetImport, UserError> {
    state.session().write_import(
        locale,
        std::path::Path::new(&path),
        mapping,
        skip_broken,
        today,
    )
}

/// Writes one of the office's spreadsheets (台账, 回访计划表 …) where the officer chose.
#[tauri::command]
#[specta::specta]
fn export_sheet(
    state: State<'_, AppState>,
    locale: Locale,
    kind: SheetKind,
    path: String,
    today: NaiveDate,
) -> Result<SheetWritten, UserError> {
    state
        .session()
        .export_sheet(locale, kind, std::path::Path::new(&path), today)
}

/// The portfolio at a glance: shares by tier, class, product and bank, the overdue trend of the
/// last 12 month ends, the guarantees maturing in the next 90 days.
#[tauri::command]
#[specta::specta]
fn portfolio_overview(
    state: State<'_, AppState>,
    locale: Locale,
    today: NaiveDate,
) -> Result<PortfolioOverview, UserError> {
    state.session().portfolio_overview(locale, today)
}

/// Each officer's evidence flags over the twelve months to `today`: re-used photos, near-copy
/// reports, visits far from the registered site, photos ahead of the clock or without EXIF.
#[tauri::command]
#[specta::specta]
fn evidence_by_officer(
    state: State<'_, AppState>,
    locale: Locale,
    today: NaiveDate,
) -> Result<EvidenceByOfficer, UserError> {
    state.session().evidence_by_officer(locale, today)
}

/// A guarantee's overdue, repayments, contacts, notices, lost-contact search and recovery;
/// broken promises raise their signal first.
#[tauri::command]
#[specta::specta]
fn collection(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
    today: NaiveDate,
) -> Result<CollectionScreen, UserError> {
    state.session().collection(locale, id.into(), today)
}

/// Records an overdue, a repayment, a contact, a search step, a notice's delivery or receipt, a
/// compensation or a recovery.
#[tauri::command]
#[specta::specta]
fn record_collection(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
    entry: CollectionEntry,
    today: NaiveDate,
) -> Result<CollectionScreen, UserError> {
    state
        .session()
        .record_collection(locale, id.into(), entry, today)
}

/// Issues a notice to the borrower and writes its PDF into the private print folder.
#[tauri::command]
#[specta::specta]
fn issue_notice(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
    kind: NoticeKind,
    today: NaiveDate,
) -> Result<ReportFile, UserError> {
    state.session().issue_notice(locale, id.into(), kind, today)
}

/// Writes a notice as issued into the private print folder again, to print another copy.
#[tauri::command]
#[specta::specta]
fn open_notice(
    state: State<'_, AppState>,
    locale: Locale,
    document_no: String,
) -> Result<ReportFile, UserError> {
    state.session().open_notice(locale, &document_no)
}

/// Releases a repaid guarantee (解保): the 免除担保责任确认表 and the archive checklist are issued
/// into the private print folder and the guarantee is closed.
#[tauri::command]
#[specta::specta]
fn release_guarantee(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
    on: NaiveDate,
) -> Result<ReportFile, UserError> {
    state.session().release_guarantee(locale, id.into(), on)
}

/// Writes the release confirmation as issued into the private print folder again.
#[tauri::command]
#[specta::specta]
fn open_release(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
) -> Result<ReportFile, UserError> {
    state.session().open_release(locale, id.into())
}

/// Proposes a withdrawal (撤保) with its evidence: the 撤销担保审批表 goes into the print folder.
#[tauri::command]
#[specta::specta]
fn propose_withdrawal(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
    proposal: NewWithdrawal,
    proposer: String,
    today: NaiveDate,
) -> Result<ReportFile, UserError> {
    state
        .session()
        .propose_withdrawal(locale, id.into(), &proposal, &proposer, today)
}

/// Attaches the scan of a repayment's voucher (a file the officer picked in the dialog).
#[tauri::command]
#[specta::specta]
fn attach_voucher_scan(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
    repayment_id: u32,
    path: String,
    as_of: NaiveDate,
) -> Result<CollectionScreen, UserError> {
    state.session().attach_voucher_scan(
        locale,
        id.into(),
        repayment_id.into(),
        std::path::Path::new(&path),
        as_of,
    )
}

/// The guarantee's 催收与追偿记录 (issued anew if anything changed) into the print folder.
#[tauri::command]
#[specta::specta]
fn print_collection_record(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
) -> Result<ReportFile, UserError> {
    state.session().print_collection_record(locale, id.into())
}

/// Issues the guarantee's quarterly analysis report and writes it into the print folder.
#[tauri::command]
#[specta::specta]
fn issue_quarterly_report(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
    input: QuarterlyInput,
) -> Result<ReportFile, UserError> {
    state
        .session()
        .issue_quarterly_report(locale, id.into(), &input)
}

/// Writes a withdrawal proposal as issued into the print folder again.
#[tauri::command]
#[specta::specta]
fn open_withdrawal(
    state: State<'_, AppState>,
    locale: Locale,
    id: u32,
    document_no: String,
) -> Result<ReportFile, UserError> {
    state
        .session()
        .open_withdrawal(locale, id.into(), &document_no)
}

/// Installs a checklist template edited as a spreadsheet; new visits start from it.
#[tauri::command]
#[specta::specta]
fn install_template_sheet(
    state: State<'_, AppState>,
    locale: Locale,
    path: String,
) -> Result<TemplateInstalled, UserError> {
    state
        .session()
        .install_template_sheet(locale, std::path::Path::new(&path))
}

/// Removes a released borrower's data from the laptop once head office holds its reports.
#[tauri::command]
#[specta::specta]
fn remove_borrower(
    state: State<'_, AppState>,
    locale: Locale,
    borrower_id: u32,
) -> Result<RemovalSummary, UserError> {
    state.session().remove_borrower(locale, borrower_id.into())
}

/// Sends every waiting report now, on a worker thread with its own database connection.
#[tauri::command]
#[specta::specta]
async fn sync_now(app: tauri::AppHandle, locale: Locale) -> Result<SyncOutcome, UserError> {
    let access = app.state::<AppState>().session().sync_access(locale)?;
    tauri::async_runtime::spawn_blocking(move || baohou_core::session::sync_now(&access, locale))
        .await
        .map_err(internal)?
}

fn internal(e: impl std::fmt::Display) -> UserError {
    UserError {
        code: baohou_core::code::Code::Internal,
        message: e.to_string(),
    }
}

/// Every minute, sends the reports whose wait is over (on its own thread and connection);
/// nothing while locked.
pub fn start_background_sync(app: tauri::AppHandle) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(std::time::Duration::from_secs(60));
            let access = app.state::<AppState>().session().sync_access(Locale::ZhCn);
            if let Ok(access) = access {
                let _ = baohou_core::session::sync_due(&access, Locale::ZhCn);
            }
        }
    });
}

/// Every ten seconds, locks the database when the policy's idle time has passed.
pub fn start_idle_lock(app: tauri::AppHandle) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(std::time::Duration::from_secs(10));
            let state = app.state::<AppState>();
            let locked = state.session().lock_if_idle(std::time::Instant::now());
            if locked {
                state.close_door();
            }
        }
    });
}

#[tauri::command]
#[specta::specta]
fn lock_status(state: State<'_, AppState>, locale: Locale) -> LockStatus {
    state.session().lock_status(locale)
}

/// Runs `f` on the session on a worker thread (key derivation and re-encryption take a moment;
/// the window must not freeze meanwhile).
async fn on_worker<T: Send + 'static>(
    app: tauri::AppHandle,
    f: impl FnOnce(&mut Session) -> Result<T, UserError> + Send + 'static,
) -> Result<T, UserError> {
    tauri::async_runtime::spawn_blocking(move || f(&mut app.state::<AppState>().session()))
        .await
        .map_err(internal)?
}

#[tauri::command]
#[specta::specta]
async fn unlock(
    app: tauri::AppHandle,
    locale: Locale,
    passphrase: String,
) -> Result<(), UserError> {
    let passphrase = Passphrase::new(passphrase);
    on_worker(app, move |s| s.unlock(locale, passphrase.as_str())).await
}

#[tauri::command]
#[specta::specta]
async fn set_first_passphrase(
    app: tauri::AppHandle,
    locale: Locale,
    passphrase: String,
) -> Result<(), UserError> {
    let passphrase = Passphrase::new(passphrase);
    on_worker(app, move |s| {
        s.set_first_passphrase(locale, passphrase.as_str())
    })
    .await
}

#[tauri::command]
#[specta::specta]
async fn change_passphrase(
    app: tauri::AppHandle,
    locale: Locale,
    old_passphrase: String,
    new_passphrase: String,
) -> Result<(), UserError> {
    let (old, new) = (
        Passphrase::new(old_passphrase),
        Passphrase::new(new_passphrase),
    );
    on_worker(app, move |s| {
        s.change_passphrase(locale, old.as_str(), new.as_str())
    })
    .await
}

#[tauri::command]
#[specta::specta]
fn lock(state: State<'_, AppState>) {
    state.lock();
}

/// Opens the phone's door for visit `id` (用手机拍照) on the laptop's address `address`, or its
/// likeliest; a door already open closes first. Photos the phone sends are read and added as a
/// photo from a file is.
#[tauri::command]
#[specta::specta]
async fn open_phone_door(
    app: tauri::AppHandle,
    locale: Locale,
    id: u32,
    address: Option<String>,
) -> Result<DoorView, UserError> {
    let state = app.state::<AppState>();
    state.close_door();
    let visit = state.session().photo_door_visit(locale, id.into())?;
    let into = app.clone();
    let sink = baohou_phone::visit_sink(locale, visit.page, move |photo| {
        into.state::<AppState>()
            .session()
            .add_photo(locale, id.into(), photo)
            .map_err(|e| e.message)
    });
    let (door, view) = baohou_phone::open_on_network(address.as_deref(), locale, visit.title, sink)
        .await
        .map_err(|e| e.user_error(locale))?;
    // Kept only if the app is still unlocked, checked with the door's slot held: a lock
    // meanwhile (the idle lock) locks the session first, then empties this slot, so it either
    // is seen here or closes the door once kept. The locked session's own error is the answer.
    let previous = {
        let mut slot = state.door();
        if let Err(locked) = state.session().photo_door_visit(locale, id.into()) {
            drop(slot);
            door.close();
            return Err(locked);
        }
        slot.replace(door)
    };
    if let Some(previous) = previous {
        previous.close();
    }
    Ok(view)
}

/// How the phone's door number `serial` stands (`None` once it is no longer the open one), for
/// its dialog to follow.
#[tauri::command]
#[specta::specta]
fn phone_door_status(state: State<'_, AppState>, serial: u32) -> Option<DoorStatus> {
    state
        .door()
        .as_ref()
        .filter(|d| d.serial() == serial)
        .map(Door::status)
}

/// Closes the phone's door number `serial` (its dialog closed); another dialog's door stays.
#[tauri::command]
#[specta::specta]
fn close_phone_door(state: State<'_, AppState>, serial: u32) {
    state.close_door_numbered(serial);
}

/// The officer is at the window: the idle time starts again.
#[tauri::command]
#[specta::specta]
fn touch(state: State<'_, AppState>) {
    state.session().touch();
}

/// Reads photos (files, or the images of a folder) and adds them to a visit. Decoding and
/// thumbnails run on a worker thread, the database is locked only for each insert, and each file
/// done is reported on `on_progress`, so the window stays responsive.
/// Opens the native dialog for `purpose` (its title and file types) and grants what the officer
/// chose there, for that purpose, once: the only way a path the window later names is taken
/// (see `baohou_core::session::grants`). Answers the chosen paths (none when cancelled).
#[tauri::command]
#[specta::specta]
async fn choose_path(
    app: tauri::AppHandle,
    locale: Locale,
    purpose: PathPurpose,
    suggested_name: Option<String>,
) -> Result<Vec<String>, UserError> {
    let chosen = dialogs::ask(&app, locale, purpose, suggested_name).await?;
    let state = app.state::<AppState>();
    let mut session = state.session();
    for path in &chosen {
        session.grant_path(purpose, path.clone());
    }
    Ok(chosen.iter().map(|p| p.display().to_string()).collect())
}

#[tauri::command]
#[specta::specta]
async fn import_photos(
    app: tauri::AppHandle,
    locale: Locale,
    id: u32,
    paths: Vec<String>,
    on_progress: tauri::ipc::Channel<ImportProgress>,
) -> Result<ImportReport, UserError> {
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    let (paths, page) = {
        let state = app.state::<AppState>();
        let mut session = state.session();
        (
            session.granted_photos(locale, &paths)?,
            session.photo_page_spec(locale, id.into()).ok(),
        )
    };
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        baohou_core::photos::import(
            &paths,
            locale,
            page,
            |photo| {
                state
                    .session()
                    .add_photo(locale, id.into(), photo)
                    .map_err(|e| e.message)
            },
            |progress| {
                let _ = on_progress.send(progress);
            },
        )
    })
    .await
    .map_err(|e| UserError {
        code: baohou_core::code::Code::Internal,
        message: e.to_string(),
    })
}

/// Serves `photo://localhost/thumb-ID`, `full-ID` and `sig-VISIT-ROLE-HASH` from the database
/// (the UI builds them with `convertFileSrc`, which gives `http://photo.localhost/...` on Windows).
pub fn photo_response(app: &tauri::AppHandle, path: &str) -> tauri::http::Response<Vec<u8>> {
    match app.state::<AppState>().session().image_at(path) {
        Some(image) => tauri::http::Response::builder()
            .header("Content-Type", image.mime)
            .header("Cache-Control", "max-age=31536000, immutable")
            .body(image.bytes),
        None => tauri::http::Response::builder()
            .status(404)
            .body(Vec::new()),
    }
    .unwrap_or_else(|_| tauri::http::Response::new(Vec::new()))
}

/// The command list, shared by the app and by the bindings export.
pub fn bindings_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new().commands(tauri_specta::collect_commands![
        lock_status,
        unlock,
        set_first_passphrase,
        change_passphrase,
        lock,
        touch,
        session_info,
        labels,
        list_guarantees,
        portfolio_totals,
        agenda,
        day_route,
        print_day_route,
        print_briefings,
        guarantee_file,
        reclassify,
        close_task,
        officers,
        month_calendar,
        signal_catalog,
        record_signal,
        start_visit,
        visit,
        edit_visit,
        confirm_visit,
        complete_visit,
        reopen_visit,
        sign_visit,
        choose_path,
        import_photos,
        open_phone_door,
        phone_door_status,
        close_phone_door,
        export_report,
        save_report_as,
        open_report,
        outbox,
        set_sync_settings,
        set_sync_authority,
        sync_now,
        retention,
        export_borrower,
        remove_borrower,
        preview_import,
        write_import,
        export_sheet,
        install_template_sheet,
        portfolio_overview,
        evidence_by_officer,
        collection,
        record_collection,
        issue_notice,
        open_notice,
        release_guarantee,
        open_release,
        propose_withdrawal,
        open_withdrawal,
        attach_voucher_scan,
        print_collection_record,
        issue_quarterly_report,
    ])
}

/// Where the generated TypeScript lives, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/lib/bindings.ts";

/// Writes the TypeScript bindings for every command and type to `path`.
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    bindings_builder()
        .export(
            specta_typescript::Typescript::default()
                .header("// Generated from the Rust types by src-tauri (bindings_are_current). Do not edit.\n/* eslint-disable */"),
            path,
        )
        .map_err(|e| e.to_string())
}

/// Whether the command line asks for the demo database (`--demo`, the menu entry's second
/// action): written into the app's data folder on first use, passphrase
/// [`baohou_core::demo::DEMO_PASSPHRASE`].
pub fn demo_requested(args: impl IntoIterator<Item = String>) -> bool {
    args.into_iter().skip(1).any(|a| a == "--demo")
}

/// The database named on the command line (`--db FILE` or `--db=FILE`), else by `BAOHOU_DB`.
pub fn database_path(
    args: impl IntoIterator<Item = String>,
    env: Option<OsString>,
) -> Option<PathBuf> {
    let mut args = args.into_iter().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(v) = arg.strip_prefix("--db=") {
            return Some(PathBuf::from(v));
        }
    }
    env.filter(|v| !v.is_empty()).map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_is_asked_for_by_its_flag_alone() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(demo_requested(args(&["baohou-app", "--demo"])));
        assert!(!demo_requested(args(&["baohou-app", "--db", "x.sqlite3"])));
        // The program's own name is not an argument.
        assert!(!demo_requested(args(&["--demo"])));
    }

    #[test]
    fn bindings_are_current() {
        let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH);
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            export_bindings(&committed).unwrap();
        }
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("bindings.ts");
        export_bindings(&fresh).unwrap();
        let fresh = std::fs::read_to_string(fresh).unwrap();
        let current = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            fresh == current,
            "ui/src/lib/bindings.ts is out of date with the Rust types: run `UPDATE_BINDINGS=1 cargo test -p baohou-app bindings_are_current` and commit it"
        );
    }

    /// A Rust type named like a TypeScript global (`Promise`, `Date` …) would shadow it in the
    /// generated file and break every command's return type.
    #[test]
    fn no_generated_type_shadows_a_typescript_global() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("bindings.ts");
        export_bindings(&fresh).unwrap();
        let text = std::fs::read_to_string(fresh).unwrap();
        for global in [
            "Promise", "Date", "Map", "Set", "Error", "Record", "Array", "Object", "String",
            "Number", "Boolean", "Symbol", "Event", "File", "Blob", "Response", "Request",
        ] {
            assert!(
                !text.contains(&format!("export type {global} =")),
                "a generated type is named {global}: rename the Rust type"
            );
        }
    }

    #[test]
    fn database_path_comes_from_args_then_env() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            database_path(args(&["app", "--db", "/d/x.sqlite3"]), None),
            Some(PathBuf::from("/d/x.sqlite3"))
        );
        assert_eq!(
            database_path(args(&["app", "--db=/d/y.sqlite3"]), Some("/e".into())),
            Some(PathBuf::from("/d/y.sqlite3"))
        );
        assert_eq!(
            database_path(args(&["app"]), Some("/e/z.sqlite3".into())),
            Some(PathBuf::from("/e/z.sqlite3"))
        );
        assert_eq!(database_path(args(&["app"]), Some("".into())), None);
        assert_eq!(database_path(args(&["app"]), None), None);
    }
}
