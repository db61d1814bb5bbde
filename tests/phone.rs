//! Photos from the officer's phone (issue 32), through the phone's door (`crates/phone`) into a
//! real laptop database: what arrives is in this visit with its EXIF time and place, what the
//! laptop refuses from a file it refuses from the phone, with the same sentence.

use baohou_core::OpenMode;
use baohou_core::demo::photos::camera_jpeg;
use baohou_core::i18n::Locale;
use baohou_core::session::Session;
use baohou_phone::{Answer, Door, DoorSettings, visit_sink};
use baohou_tests::{demo_db, laptop_db, laptop_key};
use chrono::NaiveDate;
use rust_decimal_macros::dec;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const TODAY: &str = "2026-11-23";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_from_the_phone_arrive_in_this_visit_with_their_exif_and_the_same_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), TODAY);
    let visit: i64 = laptop_db(&db)
        .query_row(
            "SELECT id FROM visits WHERE status = 'draft' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let session =
        Session::open_with_key(&db, OpenMode::Existing, laptop_key(&db)).expect("the demo");
    let locale = Locale::ZhCn;
    let before = session.visit(locale, visit).unwrap().draft.photos.len();
    let page = session.photo_page_spec(locale, visit).ok();
    assert!(page.is_some());
    let session = Arc::new(Mutex::new(session));
    let into = session.clone();
    let sink = visit_sink(locale, page, move |photo| {
        into.lock()
            .unwrap()
            .add_photo(locale, visit, photo)
            .map_err(|e| e.message)
    });
    let door = Door::open(
        DoorSettings {
            address: "127.0.0.1".parse().unwrap(),
            port: 0,
            lifetime: Duration::from_secs(120),
            locale,
            visit: "华信精密 · 2026-11-23".into(),
        },
        sink,
    )
    .await
    .unwrap();
    let phone = reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    let base = door.url().split_once('#').unwrap().0.to_owned();
    let taken = NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 15, 0)
        .unwrap();
    let place = (dec!(31.2304), dec!(121.4737));
    let shot = |colour| camera_jpeg(1600, 1200, colour, Some(taken), Some(place));
    let first = shot([200, 40, 40]);
    let mut cut = shot([40, 200, 40]);
    cut.truncate(cut.len() / 2);
    let sent = [
        ("IMG_0101.jpg", first.clone()),
        ("IMG_0102.jpg", shot([40, 40, 200])),
        ("IMG_0103.jpg", cut),
        ("note.txt", "不是照片".as_bytes().to_vec()),
        ("IMG_0101 (copy).jpg", first),
    ];
    let mut answers = Vec::new();
    for (name, bytes) in sent {
        let answer: Answer = phone
            .post(format!("{base}/photo?name={name}"))
            .body(bytes)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        answers.push(answer);
    }
    let said: Vec<(bool, &str)> = answers
        .iter()
        .map(|a| (a.accepted, a.message.as_str()))
        .collect();
    assert_eq!(said[0], (true, "电脑已收下"));
    assert_eq!(said[1], (true, "电脑已收下"));
    assert!(
        !said[2].0 && said[2].1.contains("照片文件不完整"),
        "{:?}",
        said[2]
    );
    assert!(
        !said[3].0 && said[3].1.contains("不是可识别的照片"),
        "{:?}",
        said[3]
    );
    assert_eq!(said[4], (true, "这张照片已在这次检查中"));
    assert_eq!(door.answers(), answers);

    let screen = session.lock().unwrap().visit(locale, visit).unwrap();
    let photos = &screen.draft.photos;
    assert_eq!(photos.len(), before + 2);
    for name in ["IMG_0101.jpg", "IMG_0102.jpg"] {
        let p = photos.iter().find(|p| p.file_name == name).expect(name);
        assert_eq!(p.taken_at, Some(taken));
        assert_eq!((p.latitude, p.longitude), (Some(place.0), Some(place.1)));
        assert_eq!((p.width, p.height), (Some(1600), Some(1200)));
    }
    door.close();
}
