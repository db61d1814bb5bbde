// The app's commands (src/command_names.rs) are declared in its manifest, so the window may call
// them only as far as capabilities/main.json grants, and nothing else of the app.
include!("src/command_names.rs");

fn main() {
    // The one tauri.conf.json lives at the repository root; src-tauri/tauri.conf.json links to
    // it, so that every Tauri tool reads it from here (see README, "Layout").
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .config_path("tauri.conf.json")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMAND_NAMES)),
    )
    .expect("tauri build script failed");
}
