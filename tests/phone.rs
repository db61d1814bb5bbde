//! Photos from the officer's phone (issue 32), through the phone's door (`crates/phone`) into a
//! real laptop database: what arrives is in this visit with its EXIF time and place, what the
//! laptop refuses from a file it refuses from the phone, with the same sentence. The phone is a
//! plain HTTP client here, and headless Chromium (as WeChat's browser on a phone's screen) below.

use baohou_core::demo::photos::camera_jpeg;
use baohou_phone::Answer;
use baohou_tests::laptop_db;
use baohou_tests::phone_door::{ChromeDriver, LOCALE, Laptop, answered, phone_browser};
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// When and where the test's photos were taken (their EXIF).
fn taken() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(10, 15, 0)
        .unwrap()
}

const PLACE: (Decimal, Decimal) = (dec!(31.2304), dec!(121.4737));

/// A phone's JPEG in `colour`, with its time and place.
fn shot(colour: [u8; 3]) -> Vec<u8> {
    camera_jpeg(1600, 1200, colour, Some(taken()), Some(PLACE))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_from_the_phone_arrive_in_this_visit_with_their_exif_and_the_same_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let laptop = Laptop::on_demo(dir.path());
    let door = laptop.door().await;
    let phone = reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    let base = door.url().split_once('#').unwrap().0.to_owned();
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

    let photos = laptop.photos();
    assert_eq!(photos.len(), laptop.before + 2);
    for name in ["IMG_0101.jpg", "IMG_0102.jpg"] {
        let p = photos.iter().find(|p| p.file_name == name).expect(name);
        assert_eq!(p.taken_at, Some(taken()));
        assert_eq!((p.latitude, p.longitude), (Some(PLACE.0), Some(PLACE.1)));
        assert_eq!((p.width, p.height), (Some(1600), Some(1200)));
    }
    door.close();
}

#[test]
fn a_completed_visit_opens_no_door() {
    let dir = tempfile::tempdir().unwrap();
    let laptop = Laptop::on_demo(dir.path());
    let db = dir.path().join("demo.sqlite3");
    let completed: i64 = laptop_db(&db)
        .query_row(
            "SELECT id FROM visits WHERE status = 'completed' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let session = laptop.session.lock().unwrap();
    let refused = session.photo_door_visit(LOCALE, completed).unwrap_err();
    assert_eq!(refused.code, baohou_core::code::Code::VisitFrozen);
    assert!(session.photo_door_visit(LOCALE, laptop.visit).is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_phone_page_in_chromium_sends_each_photo_with_its_progress_and_says_what_was_refused() {
    use thirtyfour::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let laptop = Laptop::on_demo(dir.path());
    let door = laptop.door().await;
    let photos = dir.path().join("DCIM");
    std::fs::create_dir_all(&photos).unwrap();
    let mut files = Vec::new();
    for (i, colour) in [[200, 40, 40], [40, 200, 40], [40, 40, 200]]
        .into_iter()
        .enumerate()
    {
        let path = photos.join(format!("IMG_02{i}1.jpg"));
        std::fs::write(&path, shot(colour)).unwrap();
        files.push(path);
    }
    let mut cut = shot([90, 90, 90]);
    cut.truncate(cut.len() / 2);
    let path = photos.join("IMG_0299.jpg");
    std::fs::write(&path, cut).unwrap();
    files.push(path);

    let _driver = ChromeDriver::start(4520);
    let phone = phone_browser(4520, door.pin(), true).await;
    phone.goto(door.url()).await.unwrap();
    let title = phone
        .find(By::Tag("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(title, "保后 · 用手机拍照");
    let body = phone
        .find(By::Tag("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // The page names the visit the photos go to: its borrower and date.
    let draft = laptop
        .session
        .lock()
        .unwrap()
        .visit(LOCALE, laptop.visit)
        .unwrap()
        .draft;
    let named = format!("{} · {}", draft.borrower, draft.visit_date);
    assert!(
        body.contains(&named) && !body.contains(door.pin()),
        "{named}: {body}"
    );
    std::fs::create_dir_all(baohou_tests::repo_root().join("artifacts")).unwrap();
    phone
        .screenshot(&baohou_tests::repo_root().join("artifacts/phone-1-page.png"))
        .await
        .unwrap();
    // Choosing the photos sends them, one at a time.
    let chosen: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    phone
        .find(By::Id("photos"))
        .await
        .unwrap()
        .send_keys(chosen.join("\n"))
        .await
        .unwrap();
    let mut rows = answered(&phone, 4, "phone-2-sent.png").await;
    // Newest first.
    rows.reverse();
    assert_eq!(rows.len(), 4, "{rows:?}");
    for (row, name) in rows
        .iter()
        .zip(["IMG_0201.jpg", "IMG_0211.jpg", "IMG_0221.jpg"])
    {
        assert_eq!(row.0, "ok", "{row:?}");
        assert!(
            row.1.contains(name) && row.1.contains("电脑已收下"),
            "{row:?}"
        );
    }
    assert_eq!(rows[3].0, "no");
    assert!(
        rows[3].1.contains("电脑未收下") && rows[3].1.contains("照片文件不完整"),
        "{:?}",
        rows[3]
    );
    assert_eq!(laptop.photos().len(), laptop.before + 3);

    // Another token in the same browser: refused, saying why.
    let base = door.url().split_once('#').unwrap().0.to_owned();
    let wrong = format!("{}x", base);
    phone.goto(&wrong).await.unwrap();
    let body = phone
        .find(By::Tag("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("此链接无效或已过期"), "{body}");
    door.close();
    phone.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_script_the_page_sends_the_form_and_answers_with_a_page() {
    use thirtyfour::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let laptop = Laptop::on_demo(dir.path());
    let door = laptop.door().await;
    let good = dir.path().join("IMG_0301.jpg");
    std::fs::write(&good, shot([120, 60, 30])).unwrap();
    let text = dir.path().join("清单.txt");
    std::fs::write(&text, "不是照片").unwrap();

    let _driver = ChromeDriver::start(4522);
    let phone = phone_browser(4522, door.pin(), false).await;
    phone.goto(door.url()).await.unwrap();
    let chosen = format!("{}\n{}", good.display(), text.display());
    phone
        .find(By::Id("photos"))
        .await
        .unwrap()
        .send_keys(chosen)
        .await
        .unwrap();
    // Without script nothing is sent until the form is.
    assert!(
        phone
            .find_all(By::Css("#sent li"))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(laptop.photos().len(), laptop.before);
    phone
        .find(By::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let rows = answered(&phone, 2, "phone-3-without-script.png").await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].0, "ok");
    assert!(
        rows[0].1.contains("IMG_0301.jpg") && rows[0].1.contains("电脑已收下"),
        "{rows:?}"
    );
    assert_eq!(rows[1].0, "no");
    assert!(
        rows[1].1.contains("清单.txt") && rows[1].1.contains("不是可识别的照片"),
        "{rows:?}"
    );
    assert_eq!(laptop.photos().len(), laptop.before + 1);
    door.close();
    phone.quit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_chromium_another_visits_token_and_an_expired_one_are_refused() {
    use baohou_phone::{Door, DoorSettings, Sink};
    use std::sync::Arc;
    use std::time::Duration;
    use thirtyfour::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let laptop = Laptop::on_demo(dir.path());
    let first = laptop.door().await;
    // A second visit's door, its photos kept apart.
    let kept = Arc::new(std::sync::Mutex::new(0usize));
    let into = kept.clone();
    let sink: Sink = Arc::new(move |_: &str, _: Vec<u8>| {
        *into.lock().unwrap() += 1;
        Ok(String::new())
    });
    let settings = |lifetime| DoorSettings {
        address: "127.0.0.1".parse().unwrap(),
        port: 0,
        lifetime,
        locale: LOCALE,
        visit: "另一家 · 2026-11-23".into(),
    };
    let second = Door::open(settings(Duration::from_secs(120)), sink.clone())
        .await
        .unwrap();
    let _driver = ChromeDriver::start(4526);
    // Each door has a certificate of its own: the phone accepts both keys.
    let phone = phone_browser(4526, &format!("{},{}", first.pin(), second.pin()), true).await;
    let body = |phone: &WebDriver| {
        let phone = phone.clone();
        async move {
            phone
                .find(By::Tag("body"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    // The second visit's token at the first visit's door: refused, saying why.
    let on_first = format!("https://{}/p/{}", first.address(), second.token());
    phone.goto(&on_first).await.unwrap();
    let refused = body(&phone).await;
    assert!(refused.contains("此链接无效或已过期"), "{refused}");
    assert!(!refused.contains("拍照或选择照片"), "{refused}");
    // Its own door serves it.
    phone.goto(second.url()).await.unwrap();
    assert!(body(&phone).await.contains("另一家 · 2026-11-23"));

    // A door whose minutes are up: the page that opened serves no more.
    let short = Door::open(settings(Duration::from_secs(3)), sink)
        .await
        .unwrap();
    let phone = {
        phone.quit().await.unwrap();
        phone_browser(4526, short.pin(), true).await
    };
    phone.goto(short.url()).await.unwrap();
    assert!(body(&phone).await.contains("拍照或选择照片"));
    tokio::time::sleep(Duration::from_secs(4)).await;
    let _ = phone.refresh().await;
    let after = body(&phone).await;
    assert!(!after.contains("拍照或选择照片"), "{after}");
    assert_eq!(*kept.lock().unwrap(), 0);
    assert_eq!(laptop.photos().len(), laptop.before);
    phone.quit().await.unwrap();
}
