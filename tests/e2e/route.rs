//! 今日路线 in the real window: one officer's day from the agenda, in the order the core
//! suggests; a stop moved down; the order printed on one A4 sheet, looked at as PNG.

use super::*;

/// The stops' names as the panel lists them, in order.
async fn stops(d: &WebDriver) -> Vec<String> {
    let mut names = Vec::new();
    for e in d
        .find_all(By::XPath(
            "//section[@aria-label='今日路线']//ol[contains(@class,'stops')]//div[contains(@class,'who')]/strong",
        ))
        .await
        .unwrap()
    {
        names.push(e.text().await.unwrap());
    }
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the built app, tauri-driver and a display: run scripts/e2e.sh"]
async fn todays_route_is_ordered_from_the_office_reordered_by_the_officer_and_printed_on_one_sheet()
{
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), TODAY);
    let day = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    // The officer with the most stops that day, and the order the core suggests for them.
    let (officer, expected) = {
        let session = baohou_tests::demo_session(&db, dir.path().join("print"));
        baohou_tests::officers_routes(&session, day)
            .into_iter()
            .map(|(filter, route)| {
                let names: Vec<String> = route.stops.into_iter().map(|s| s.borrower).collect();
                (filter.officer.unwrap_or_default(), names)
            })
            .max_by_key(|(_, names)| names.len())
            .unwrap()
    };
    assert!(expected.len() >= 3, "{officer}: {expected:?}");

    let driver = Driver::start(4540);
    let d = driver.open(&db).await;
    let choice = wait(&d, "//select[@aria-label='项目经理']").await;
    SelectElement::new(&choice)
        .await
        .unwrap()
        .select_by_visible_text(&officer)
        .await
        .unwrap();
    button(&d, "今日路线").await;
    wait(
        &d,
        "//section[@aria-label='今日路线']//p[@role='status'][contains(., '建议顺序')]",
    )
    .await;
    let mut shown = Vec::new();
    for _ in 0..50 {
        shown = stops(&d).await;
        if shown == expected {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        shown, expected,
        "the panel lists the core's suggested order"
    );
    let panel = wait(&d, "//section[@aria-label='今日路线']")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        panel.contains("从公司本部出发")
            && panel.contains("返回 公司本部")
            && panel.contains("公里"),
        "{panel}"
    );
    shot(&d, "64-route").await;

    // The officer moves the first stop down one.
    click(&d, &format!("//button[@aria-label='下移 {}']", expected[0])).await;
    wait(
        &d,
        "//section[@aria-label='今日路线']//p[@role='status'][contains(., '已按您的调整排序')]",
    )
    .await;
    let mut reordered = expected.clone();
    reordered.swap(0, 1);
    for _ in 0..50 {
        shown = stops(&d).await;
        if shown == reordered {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(shown, reordered);

    // Printed: one A4 sheet in that order, with the officer named.
    button(&d, "打印今日路线…").await;
    let path = PathBuf::from(
        wait(&d, "//section[@aria-label='今日路线']//p[contains(@class,'written')]/span[contains(@class,'path')]")
            .await
            .text()
            .await
            .unwrap(),
    );
    shot(&d, "65-route-printed").await;
    let text = pdf_text(&path);
    assert!(text.contains(&format!("检查人员{officer}")), "{text}");
    let mut at = 0;
    for name in &reordered {
        at += text[at..]
            .find(name.as_str())
            .unwrap_or_else(|| panic!("{name} in order: {text}"));
    }
    let png = baohou_tests::repo_root().join("artifacts/e2e-66-route-sheet");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-singlefile"])
        .arg(&path)
        .arg(&png)
        .status()
        .unwrap();
    assert!(status.success());

    // 检查前准备 for the same day, in the same order: a page per stop.
    button(&d, "打印检查前准备…").await;
    let written = wait(
        &d,
        "//section[@aria-label='今日路线']//p[contains(@class,'written')][contains(., '检查前准备')]",
    )
    .await;
    let path = PathBuf::from(
        written
            .find(By::XPath(".//span[contains(@class,'path')]"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    shot(&d, "67-briefings-printed").await;
    let info = Command::new("pdfinfo").arg(&path).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    assert!(
        info.contains(&format!("Pages:           {}", reordered.len())),
        "{info}"
    );
    let text = pdf_text(&path);
    let mut at = 0;
    for name in &reordered {
        at += text[at..]
            .find(&format!("检查前准备·{name}"))
            .unwrap_or_else(|| panic!("{name}'s page in order: {text}"));
    }
    let png = baohou_tests::repo_root().join("artifacts/e2e-68-briefing-page-1");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&path)
        .arg(&png)
        .status()
        .unwrap();
    assert!(status.success());
    d.quit().await.unwrap();
}
