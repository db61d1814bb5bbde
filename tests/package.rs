//! The packages installed on clean Debian systems: `scripts/clean-install.sh` builds each system
//! with debootstrap, installs the .deb into one with apt-get (its dependencies from Debian) and
//! puts the AppImage on another that has no WebKitGTK or GTK, with tauri-driver beside them, and
//! runs one test here against each. Ignored by a plain `cargo test`, which has no such system.

use baohou_tests::PASSPHRASE;
use baohou_tests::window::{Driver, screenshot, unlock, wait};
use std::path::{Path, PathBuf};
use thirtyfour::prelude::*;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the clean system with the package installed: run scripts/clean-install.sh"]
async fn the_installed_deb_opens_its_demo_and_unlocks_to_the_agenda() {
    demo_unlocks_to_the_agenda(Path::new("/usr/bin/baohou-app"), 4520, "clean-system").await;
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the clean desktop with the AppImage: run scripts/clean-install.sh"]
async fn the_appimage_runs_its_demo_on_a_desktop_without_webkit() {
    demo_unlocks_to_the_agenda(Path::new("/opt/baohou.AppImage"), 4530, "clean-desktop").await;
}

/// Starts `app` (a path inside the clean system) as the menu entry's second action (打开演示数据)
/// does, through tauri-driver running inside that system (BAOHOU_TAURI_DRIVER chroots into it):
/// the demo is written into the officer's data folder, the lock screen shows, and the demo
/// passphrase opens the agenda with its tasks.
async fn demo_unlocks_to_the_agenda(app: &Path, port: u16, shots: &str) {
    let root = PathBuf::from(
        std::env::var_os("BAOHOU_CLEAN_SYSTEM")
            .expect("BAOHOU_CLEAN_SYSTEM: run scripts/clean-install.sh"),
    );
    let driver = Driver::start_with(port, app.to_path_buf());
    let d = driver.launch(&["--demo"]).await;
    let lock = wait(&d, "//input[@name='passphrase']").await;
    assert!(lock.is_displayed().await.unwrap());
    let demo = root.join("root/.local/share/cn.baohou.desktop/demo.sqlite3");
    assert!(
        demo.is_file(),
        "the demo database was not written at {}",
        demo.display()
    );
    screenshot(&d, &format!("{shots}-lock")).await;

    unlock(&d, PASSPHRASE).await;
    wait(&d, "//h2[contains(., '待办')]").await;
    let tasks = d
        .find_all(By::XPath("//ul[@aria-label='待办']/li"))
        .await
        .unwrap();
    assert!(!tasks.is_empty(), "the demo's agenda lists its tasks");
    screenshot(&d, &format!("{shots}-agenda")).await;
    d.quit().await.unwrap();
}
