// The Baohou desktop shell: opens the database and exposes the core's questions as commands.
// Nothing here decides anything; see baohou-core.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use baohou_app::{
    AppState, bindings_builder, database_path, demo_requested, exit_on_termination, photo_response,
    print_folder, start_background_sync, start_idle_lock,
};
use baohou_core::OpenMode;
use baohou_core::session::Session;
use tauri::Manager;

// Every block the app's Rust code frees is zeroed before it is given back. The passphrase
// crosses the IPC bridge encrypted by the isolation frame; Tauri decrypts it into a buffer and
// parses that into a JSON value, both freed without a wipe of their own. With this allocator no
// freed copy of it (or of any decrypted page or report the Rust side held) stays readable in the
// process: `tests/e2e.rs` searches the app's memory for the passphrase after unlocking and
// after locking and finds none.
#[global_allocator]
static ALLOCATOR: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);

fn main() {
    // Windows: no WebView2 runtime, no window; the officer is told what to install.
    #[cfg(windows)]
    if !baohou_app::web_engine_present() {
        std::process::exit(baohou_app::EXIT_NO_WEB_ENGINE);
    }
    // The officer's data stays open for hours: SQLCipher wipes the memory it frees.
    baohou_core::store::wipe_freed_memory(true);
    let builder = bindings_builder();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .register_uri_scheme_protocol("photo", |ctx, request| {
            photo_response(ctx.app_handle(), request.uri().path())
        })
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let (path, mode) = match database_path(std::env::args(), std::env::var_os("BAOHOU_DB"))
            {
                Some(path) => (path, OpenMode::Existing),
                // The demo portfolio, written on first use (口令 baohou-demo).
                None if demo_requested(std::env::args()) => {
                    let path = app.path().app_data_dir()?.join("demo.sqlite3");
                    let today = chrono::Local::now().date_naive();
                    baohou_core::demo::ensure_demo_file(&path, today)
                        .map_err(|e| Box::new(e) as Box<dyn std::error::Error>)?;
                    (path, OpenMode::Existing)
                }
                None => {
                    let dir = app.path().app_data_dir()?;
                    std::fs::create_dir_all(&dir)?;
                    (dir.join("baohou.sqlite3"), OpenMode::CreateOrUpgrade)
                }
            };
            // Locked until the officer gives the passphrase (the lock screen).
            let mut session = Session::open(path, mode);
            session.read_ahead();
            session.set_print_folder(print_folder(app.handle()));
            app.manage(AppState::new(session));
            start_background_sync(app.handle().clone());
            start_idle_lock(app.handle().clone());
            exit_on_termination(app.handle().clone());
            Ok(())
        })
        .build(tauri::generate_context!("tauri.conf.json"))
        .unwrap_or_else(|e| baohou_app::cannot_open_window(e))
        .run(|app, event| {
            // Quitting, or the window closed, locks: no report printed in the clear outlives
            // the app.
            let ending = matches!(
                event,
                tauri::RunEvent::Exit
                    | tauri::RunEvent::WindowEvent {
                        event: tauri::WindowEvent::Destroyed,
                        ..
                    }
            );
            if ending && let Some(state) = app.try_state::<AppState>() {
                state.lock_on_exit();
            }
        });
}
