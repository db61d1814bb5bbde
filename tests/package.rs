//! The .deb installed on a clean Debian system: `scripts/clean-install.sh` builds that system with
//! debootstrap, installs the package into it with apt-get (its dependencies from Debian), puts
//! tauri-driver beside it, and runs this test against the app installed there. Ignored by a plain
//! `cargo test`, which has no such system.

use baohou_tests::window::{Driver, screenshot, unlock, wait};
use std::path::PathBuf;
use thirtyfour::prelude::*;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the clean system with the package installed: run scripts/clean-install.sh"]
async fn the_installed_package_opens_its_demo_and_unlocks_to_the_agenda() {
    let root = PathBuf::from(
        std::env::var_os("BAOHOU_CLEAN_SYSTEM")
            .expect("BAOHOU_CLEAN_SYSTEM: run scripts/clean-install.sh"),
    );
    // The installed app, as the menu entry's second action (打开演示数据) starts it; tauri-driver
    // runs inside the clean system (BAOHOU_TAURI_DRIVER is a wrapper that chroots into it).
    let driver = Driver::start_with(4520, PathBuf::from("/usr/bin/baohou-app"));
    let d = driver.launch(&["--demo"]).await;
    let lock = wait(&d, "//input[@name='passphrase']").await;
    let demo = root.join("root/.local/share/cn.baohou.desktop/demo.sqlite3");
    assert!(
        demo.is_file(),
        "the demo database was not written at {}",
        demo.display()
    );
    assert!(lock.is_displayed().await.unwrap());
    screenshot(&d, "clean-system-lock").await;

    unlock(&d, "baohou-demo").await;
    wait(&d, "//h2[contains(., '待办')]").await;
    let tasks = d
        .find_all(By::XPath("//ul[@aria-label='待办']/li"))
        .await
        .unwrap();
    assert!(!tasks.is_empty(), "the demo's agenda lists its tasks");
    screenshot(&d, "clean-system-agenda").await;
    d.quit().await.unwrap();
}
