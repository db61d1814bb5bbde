//! The demo laptop with the phone's door open on its visit in draft: what tests/phone.rs and
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

    /// A door on loopback for the visit in draft, its photos added as the app adds them.
    pub async fn door(&self, named: &str) -> Door {
        let page = self
            .session
            .lock()
            .unwrap()
            .photo_page_spec(LOCALE, self.visit)
            .ok();
        assert!(page.is_some());
        let (into, visit) = (self.session.clone(), self.visit);
        let sink = visit_sink(LOCALE, page, move |photo| {
            into.lock()
                .unwrap()
                .add_photo(LOCALE, visit, photo)
                .map_err(|e| e.message)
        });
        Door::open(
            DoorSettings {
                address: "127.0.0.1".parse().unwrap(),
                port: 0,
                lifetime: Duration::from_secs(120),
                locale: LOCALE,
                visit: named.into(),
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
