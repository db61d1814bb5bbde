//! Head office's review page in a browser: reviewers mark a report along the approval chain.

use super::*;

/// `baohou-hq` on loopback with the demo's completed reports synced to it, and four reviewers'
/// tokens.
fn head_office_with_reports(dir: &Path) -> (Hq, [String; 4]) {
    let db = demo_db(dir, TODAY);
    let hq = Hq::start(&dir.join("hq"));
    let queued = outbox(&db);
    let token_file = dir.join("token");
    std::fs::write(
        &token_file,
        hq.admin(&["enroll", "--officer", &queued[0].0]),
    )
    .unwrap();
    for (officer, contract, _) in &queued {
        hq.admin(&["assign", "--officer", officer, "--contract", contract]);
    }
    let o = baohou(&[
        "sync",
        "--db",
        db.to_str().unwrap(),
        "--server",
        &hq.url,
        "--token-file",
        token_file.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let first = hq.admin(&["staff", "add", "--name", "王敏"]);
    let second = hq.admin(&["staff", "add", "--name", "赵强"]);
    let third = hq.admin(&["staff", "add", "--name", "孙丽"]);
    let fourth = hq.admin(&["staff", "add", "--name", "陈立"]);
    (hq, [first, second, third, fourth])
}

/// WebKitWebDriver driving MiniBrowser (both from WebKitGTK, as the app's own window is).
struct Browser {
    child: Child,
    port: u16,
}

impl Browser {
    fn start(port: u16) -> Browser {
        let child = Command::new("WebKitWebDriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("WebKitWebDriver (apt-get install webkit2gtk-driver)");
        std::thread::sleep(Duration::from_millis(800));
        Browser { child, port }
    }

    async fn open(&self) -> WebDriver {
        let mini = [
            "/usr/lib/x86_64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu",
            "/usr/lib",
        ]
        .iter()
        .map(|d| PathBuf::from(d).join("webkit2gtk-4.1/MiniBrowser"))
        .find(|p| p.is_file())
        .expect("MiniBrowser (package libwebkit2gtk-4.1-0)");
        let mut caps = thirtyfour::Capabilities::new();
        caps.insert(
            "webkitgtk:browserOptions".into(),
            serde_json::json!({"binary": mini, "args": ["--automation"]}),
        );
        WebDriver::new(format!("http://127.0.0.1:{}", self.port), caps)
            .await
            .expect("a MiniBrowser session")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
#[ignore = "needs WebKitWebDriver, MiniBrowser and a display: run scripts/e2e.sh"]
async fn head_office_reviewers_mark_a_report_along_the_approval_chain_on_the_review_page() {
    let dir = tempfile::tempdir().unwrap();
    let (hq, [first, second, third, fourth]) = head_office_with_reports(dir.path());
    let url = hq.url.clone();
    let browser = Browser::start(4470);
    let d = browser.open().await;
    d.set_window_rect(0, 0, 1366, 768).await.unwrap();

    let sign_in = |token: String| {
        let d = d.clone();
        let url = url.clone();
        async move {
            d.goto(format!("{url}/office")).await.unwrap();
            typed(&d, "//input[@id='token']", &token).await;
            button(&d, "登录").await;
            wait(&d, "//tr[contains(@class,'row')]").await;
        }
    };
    // A wrong token is refused in words.
    d.goto(format!("{url}/office")).await.unwrap();
    typed(&d, "//input[@id='token']", "bhs_wrong").await;
    button(&d, "登录").await;
    wait(&d, "//p[@id='login-error'][contains(., '令牌无效')]").await;

    // The chain of the shipped policy (seed 004): 业务部经理 first.
    sign_in(first.clone()).await;
    wait(&d, "//header[contains(., '王敏')]").await;
    click(&d, "//tr[contains(@class,'row')]/td[1]").await;
    wait(&d, "//aside//button[normalize-space()='下载']").await;
    shot(&d, "office-1-report").await;
    // 退回 needs a reason.
    button(&d, "退回").await;
    wait(&d, "//aside//p[contains(., '请写明原因')]").await;
    typed(&d, "//aside//textarea", "库存与台账一致").await;
    button(&d, "通过").await;
    wait(
        &d,
        "//aside//p[contains(., '业务部经理')][contains(., '王敏 通过')]",
    )
    .await;
    wait(&d, "//aside//p[contains(., '下一级须由另一位审核人审批')]").await;
    wait(
        &d,
        "//aside//span[contains(@class,'state')][normalize-space()='待风控部主管审批']",
    )
    .await;

    // 风控部主管, 风控部经理 and 总经理, each another reviewer.
    for token in [second.clone(), third.clone(), fourth.clone()] {
        button(&d, "退出").await;
        sign_in(token).await;
        click(&d, "//tr[contains(@class,'row')]/td[1]").await;
        wait(&d, "//aside//button[normalize-space()='通过']").await;
        button(&d, "通过").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    wait(
        &d,
        "//aside//span[contains(@class,'state')][normalize-space()='已通过']",
    )
    .await;
    wait(
        &d,
        "//tr[contains(@class,'row')]//td[contains(., '总经理 陈立 通过')]",
    )
    .await;
    shot(&d, "office-2-approved").await;

    // Filtered by state: the approved one is listed, none await a first mark.
    click(
        &d,
        "//select[@name='state']/option[@value='awaiting_first']",
    )
    .await;
    click(
        &d,
        "//form[@id='filters']//button[normalize-space()='查询']",
    )
    .await;
    wait(&d, "//p[@id='count'][normalize-space()='共 0 份']").await;

    // Head office's view of the officer: the laptop's agenda came with its sync.
    click(&d, "//button[@id='tab-officers']").await;
    let row = wait(&d, "//tbody[@id='officer-rows']/tr[contains(@class,'row')][td[3][number(.) > 0]][td[4][number(.) > 0]]").await;
    row.find(By::XPath("./td[1]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait(&d, "//tbody[@id='officer-rows']/tr[not(@hidden)]//ol[contains(@class,'overdue-list')]/li[contains(., '已逾期')]").await;
    shot(&d, "office-3-officers").await;

    d.quit().await.unwrap();
}
