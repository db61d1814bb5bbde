//! The window's web engine, checked before the window is built. On Windows it is Microsoft's
//! Evergreen WebView2 runtime: Windows 11 has it, and so do most Windows 10 machines, but a
//! locked-down or long-offline one may not. Without it Tauri cannot make the window and the
//! app would end with nothing on screen; instead the officer reads what to install (the same
//! sentence the installer shows, `scripts/windows/installer.nsi`) in a message box. The same
//! sentence goes to stderr, which a Windows program without a console shows only where it is
//! redirected (`baohou-app.exe 2> why.txt`, as the tests under wine do).

/// What the officer reads when WebView2 is missing: Simplified Chinese, then English (the app's
/// own language setting is inside the locked database, not readable yet).
pub const WEBVIEW2_MISSING: &str = "这台电脑还没有安装 Microsoft Edge WebView2 运行时，保后需要它才能打开窗口。\
请让信息部门安装 WebView2 运行时（离线安装包：MicrosoftEdgeWebView2RuntimeInstallerX64.exe），之后再打开保后。\n\n\
This computer does not have the Microsoft Edge WebView2 runtime, which Baohou needs to open its window. \
Have IT install the WebView2 runtime (offline installer: MicrosoftEdgeWebView2RuntimeInstallerX64.exe), then start Baohou again.";

/// The exit status of an app that could not open its window for want of a working WebView2.
pub const EXIT_NO_WEB_ENGINE: i32 = 3;

/// Whether the web engine the window needs is installed; when it is not, the officer has been
/// told what to install by the time this returns (the message box waits for 确定).
#[cfg(windows)]
pub fn web_engine_present() -> bool {
    match tauri::webview_version() {
        Ok(_) => true,
        Err(e) => {
            eprintln!("{WEBVIEW2_MISSING}\n({e})");
            error_box(WEBVIEW2_MISSING);
            false
        }
    }
}

/// The window could not be built although the check passed (on Windows, a WebView2 runtime too
/// old or damaged; elsewhere, no display or a broken WebKit): the officer is told why, on
/// Windows in a message box naming the offline installer, and the app ends.
pub fn cannot_open_window(error: tauri::Error) -> ! {
    let sentence = format!("保后无法打开窗口：{error}\nBaohou cannot open its window: {error}");
    eprintln!("{sentence}");
    #[cfg(windows)]
    {
        error_box(&format!("{sentence}\n\n{WEBVIEW2_MISSING}"));
        std::process::exit(EXIT_NO_WEB_ENGINE);
    }
    #[cfg(not(windows))]
    std::process::exit(1);
}

/// An error message box titled 保后 Baohou with one OK button; returns once it is pressed.
#[cfg(windows)]
fn error_box(text: &str) {
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title("保后 Baohou")
        .set_description(text)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
}

#[cfg(test)]
mod tests {
    use super::WEBVIEW2_MISSING;

    /// The app and the installer name the same offline installer, in the same words.
    #[test]
    fn the_app_and_the_installer_name_the_same_offline_installer() {
        let nsi = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../scripts/windows/installer.nsi"),
        )
        .unwrap();
        let installer = "MicrosoftEdgeWebView2RuntimeInstallerX64.exe";
        assert_eq!(WEBVIEW2_MISSING.matches(installer).count(), 2);
        let zh = nsi
            .lines()
            .find(|l| l.starts_with("LangString WebView2Missing ${LANG_SIMPCHINESE}"))
            .expect("the installer's Simplified Chinese sentence");
        assert!(zh.contains(installer));
        // The app's first sentence is the installer's, word for word.
        let first = WEBVIEW2_MISSING.split('。').next().unwrap();
        assert!(zh.contains(first), "{first}");
    }
}
