//! The demo laptop with the phone's door open on its visit in draft, and headless Chromium as
//! the officer's phone: what tests/phone.rs, the end-to-end test of the dialog (tests/e2e) and
//! the phone benchmark (examples/bench_phone.rs) share.

use crate::{demo_db, laptop_db, laptop_key};
use baohou_core::OpenMode;
use baohou_core::i18n::Locale;
use baohou_core::session::Session;
use baohou_core::visit::PhotoMeta;
use baohou_phone::{Door, DoorSettings, visit_sink};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The locale the laptop and its door speak.
pub const LOCALE: Locale = Locale::ZhCn;

/// The demo laptop, unlocked, and its visit in draft.
pub struct Laptop {
    pub session: Arc<Mutex<Session>>,
    pub visit: i64,
    /// The visit's photos before the phone sent any.
    pub before: usize,
}

impl Laptop {
    /// The demo database written in `dir` as of 2026-11-23, unlocked.
    pub fn on_demo(dir: &Path) -> Laptop {
        let db = demo_db(dir, "2026-11-23");
        let visit: i64 = laptop_db(&db)
            .query_row(
                "SELECT id FROM visits WHERE status = 'draft' ORDER BY id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let session =
            Session::open_with_key(&db, OpenMode::Existing, laptop_key(&db)).expect("the demo");
        let before = session.visit(LOCALE, visit).unwrap().draft.photos.len();
        Laptop {
            session: Arc::new(Mutex::new(session)),
            visit,
            before,
        }
    }

    /// A door on loopback for the visit in draft, as the app opens it: named and its photos'
    /// page copies made as the core says, its photos added as the app adds them.
    pub async fn door(&self) -> Door {
        let visit = self
            .session
            .lock()
            .unwrap()
            .photo_door_visit(LOCALE, self.visit)
            .expect("the visit in draft takes photos");
        assert!(visit.page.is_some());
        let (into, id) = (self.session.clone(), self.visit);
        let sink = visit_sink(LOCALE, visit.page, move |photo| {
            into.lock()
                .unwrap()
                .add_photo(LOCALE, id, photo)
                .map_err(|e| e.message)
        });
        Door::open(
            DoorSettings {
                address: "127.0.0.1".parse().unwrap(),
                port: 0,
                lifetime: Duration::from_secs(120),
                locale: LOCALE,
                visit: visit.title,
            },
            sink,
        )
        .await
        .unwrap()
    }

    /// The visit's photos as its screen lists them.
    pub fn photos(&self) -> Vec<PhotoMeta> {
        let session = self.session.lock().unwrap();
        session.visit(LOCALE, self.visit).unwrap().draft.photos
    }
}

/// The page's list of photos once `n` of them are answered (each its class, "ok" or "no", and
/// its text) in the order the page lists them (the script puts the newest first, the page
/// without script lists them as sent); the screen kept as `artifacts/NAME`.
pub async fn answered(
    phone: &thirtyfour::WebDriver,
    n: usize,
    name: &str,
) -> Vec<(String, String)> {
    use thirtyfour::prelude::*;
    let mut rows = Vec::new();
    for _ in 0..300 {
        rows.clear();
        for li in phone
            .find_all(By::Css("#sent li"))
            .await
            .unwrap_or_default()
        {
            rows.push((
                li.class_name().await.unwrap().unwrap_or_default(),
                li.text().await.unwrap(),
            ));
        }
        if rows.len() == n && rows.iter().all(|(class, _)| !class.is_empty()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let artifacts = crate::repo_root().join("artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    phone.screenshot(&artifacts.join(name)).await.unwrap();
    rows
}

/// WeChat's built-in browser on Android, as it names itself: the phone browser officers use most.
pub const WECHAT: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 7 Build/UQ1A.240205.004; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0.6478.188 Mobile Safari/537.36 XWEB/1260117 MMWEBSDK/20240501 MMWEBID/1234 MicroMessenger/8.0.50.2701(0x28003253) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64";

/// chromedriver on `port`, stopped when dropped.
pub struct ChromeDriver(std::process::Child);

impl ChromeDriver {
    pub fn start(port: u16) -> ChromeDriver {
        let child = std::process::Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("chromedriver (Debian's chromium-driver; scripts/setup.sh installs it)");
        std::thread::sleep(Duration::from_millis(500));
        ChromeDriver(child)
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Headless Chromium as the officer's phone: a phone's screen, WeChat's browser's name, and the
/// door's certificate accepted by its pin alone (as the officer accepts it after comparing).
/// With `script` false the browser runs no script, as a locked-down browser may not: the page
/// must work as a plain form. (chromedriver's mobile emulation needs script itself, so without
/// it the phone's screen and browser name are given as plain switches.)
pub async fn phone_browser(port: u16, pin: &str, script: bool) -> thirtyfour::WebDriver {
    use thirtyfour::prelude::*;
    let mut caps = DesiredCapabilities::chrome();
    caps.set_binary("/usr/bin/chromium").unwrap();
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        &format!("--ignore-certificate-errors-spki-list={pin}"),
    ] {
        caps.add_arg(arg).unwrap();
    }
    if script {
        caps.add_experimental_option(
            "mobileEmulation",
            serde_json::json!({
                "deviceMetrics": {"width": 412, "height": 915, "pixelRatio": 2.0},
                "userAgent": WECHAT,
            }),
        )
        .unwrap();
    } else {
        caps.add_arg(&format!("--user-agent={WECHAT}")).unwrap();
        caps.add_arg("--window-size=412,915").unwrap();
        caps.add_experimental_option(
            "prefs",
            serde_json::json!({"profile.managed_default_content_settings.javascript": 2}),
        )
        .unwrap();
    }
    let mut last = None;
    for _ in 0..20 {
        match WebDriver::new(format!("http://127.0.0.1:{port}"), caps.clone()).await {
            Ok(d) => return d,
            Err(e) => last = Some(e.to_string()),
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    panic!("no Chromium session: {last:?}");
}
