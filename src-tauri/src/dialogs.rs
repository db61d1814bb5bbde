//! The native file dialogs, opened by the shell for a purpose (never by the window): what the
//! officer picks there is what `choose_path` grants.

use baohou_core::Locale;
use baohou_core::messages::UserError;
use baohou_core::session::PathPurpose;
use std::path::PathBuf;
use tauri_plugin_dialog::{DialogExt, FilePath};

/// The dialog for `purpose`; the paths chosen, none when cancelled.
pub async fn ask(
    app: &tauri::AppHandle,
    locale: Locale,
    purpose: PathPurpose,
    suggested_name: Option<String>,
) -> Result<Vec<PathBuf>, UserError> {
    #[cfg(debug_assertions)]
    if let Some(answer) = test_answer() {
        return Ok(answer);
    }
    let mut dialog = app.dialog().file().set_title(purpose.title(locale));
    if !purpose.extensions().is_empty() {
        let upper: Vec<String> = purpose
            .extensions()
            .iter()
            .map(|x| x.to_uppercase())
            .collect();
        let mut all: Vec<&str> = purpose.extensions().to_vec();
        all.extend(upper.iter().map(String::as_str));
        dialog = dialog.add_filter(purpose.title(locale), &all);
    }
    if let Some(name) = suggested_name.filter(|n| !n.contains(['/', '\\'])) {
        dialog = dialog.set_file_name(name);
    }
    let picked: Vec<FilePath> = tauri::async_runtime::spawn_blocking(move || {
        if purpose.is_folder() {
            dialog.blocking_pick_folder().into_iter().collect()
        } else if purpose.saves() {
            dialog.blocking_save_file().into_iter().collect()
        } else if purpose.many() {
            dialog.blocking_pick_files().unwrap_or_default()
        } else {
            dialog.blocking_pick_file().into_iter().collect()
        }
    })
    .await
    .map_err(|e| UserError {
        code: baohou_core::code::Code::Internal,
        message: e.to_string(),
    })?;
    Ok(picked
        .into_iter()
        .filter_map(|p| p.into_path().ok())
        .collect())
}

/// The end-to-end tests' stand-in for the officer at a native dialog (which WebDriver cannot
/// reach): in a debug build only, `BAOHOU_DIALOG_ANSWERS` names a file whose first line is the
/// next dialog's answer (paths separated by `|`, an empty line for cancel), taken off as it is
/// used. A release build has no such door.
#[cfg(debug_assertions)]
fn test_answer() -> Option<Vec<PathBuf>> {
    let file = std::env::var_os("BAOHOU_DIALOG_ANSWERS")?;
    let text = std::fs::read_to_string(&file).ok()?;
    let mut lines = text.lines();
    let first = lines.next()?;
    let rest: Vec<&str> = lines.collect();
    std::fs::write(&file, rest.join("\n")).ok()?;
    Some(
        first
            .split('|')
            .filter(|p| !p.trim().is_empty())
            .map(PathBuf::from)
            .collect(),
    )
}
