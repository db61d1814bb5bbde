//! The guarantee's file in the real window: an overdue collected, its notice issued and delivered,
//! and report-type tasks closed from the agenda and the file.

use super::*;

/// Sets a date or time input as a person picking from its picker would (WebKit's date fields do
/// not take typed keys reliably).
async fn set_input(d: &WebDriver, xpath: &str, value: &str) {
    let e = wait(d, xpath).await;
    d.execute(
        "const [e, v] = arguments; e.value = v; e.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![e.to_json().unwrap(), serde_json::json!(value)],
    )
    .await
    .unwrap();
}

#[tokio::test]
#[ignore = "needs the built app, tauri-driver and a display: run scripts/e2e.sh"]
async fn an_overdue_is_collected_and_its_notice_issued_and_delivered_from_the_guarantee_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), TODAY);
    let (contract, amount_fen): (String, i64) = laptop_db(&db)
        .query_row(
            "SELECT contract_no, amount_fen FROM guarantees g
             WHERE status = 'active' AND start_date <= '2026-08-01'
               AND EXISTS (SELECT 1 FROM counter_guarantees c WHERE c.guarantee_id = g.id)
             ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let driver = Driver::start(4480);
    let d = driver.open(&db).await;
    button(&d, "在保项目").await;
    typed(&d, "//input[@type='search']", &contract).await;
    click(&d, &format!("//td[normalize-space()='{contract}']")).await;
    click(&d, "//button[@role='tab'][normalize-space()='催收与通知']").await;
    wait(
        &d,
        "//p[@data-testid='overdue-state'][contains(., '未逾期')]",
    )
    .await;

    // The bank reports 8万 and 1,234.56 of interest due on 10-20 and unpaid.
    button(&d, "登记逾期").await;
    set_input(
        &d,
        "//form[@aria-label='overdue']//label[contains(., '应还款日')]/input",
        "2026-10-20",
    )
    .await;
    set_input(
        &d,
        "//form[@aria-label='overdue']//label[contains(., '获知日')]/input",
        "2026-10-21",
    )
    .await;
    typed(
        &d,
        "//form[@aria-label='overdue']//input[@name='principal']",
        "8万",
    )
    .await;
    typed(
        &d,
        "//form[@aria-label='overdue']//input[@name='interest']",
        "1,234.56",
    )
    .await;
    button(&d, "保存").await;
    let state = wait(
        &d,
        "//p[@data-testid='overdue-state'][contains(., '逾期余额')]",
    )
    .await;
    let text = state.text().await.unwrap();
    assert!(text.contains("81,234.56") && text.contains("M2"), "{text}");

    // A typo in an amount is refused in words, and nothing is written.
    button(&d, "登记还款").await;
    typed(
        &d,
        "//form[@aria-label='repayment']//input[@name='principal']",
        "三万",
    )
    .await;
    button(&d, "保存").await;
    wait(&d, "//p[@role='alert'][contains(., '金额格式不对')]").await;
    button(&d, "取消").await;

    // A visit where the finance manager promised 3万 by 11-10, which passed unpaid.
    button(&d, "登记联系").await;
    set_input(
        &d,
        "//form[@aria-label='contact']//input[@type='datetime-local']",
        "2026-11-02T10:30",
    )
    .await;
    let channel = wait(&d, "//form[@aria-label='contact']//select[@name='channel']").await;
    SelectElement::new(&channel)
        .await
        .unwrap()
        .select_by_value("visit")
        .await
        .unwrap();
    let party = wait(&d, "//form[@aria-label='contact']//select[@name='party']").await;
    SelectElement::new(&party)
        .await
        .unwrap()
        .select_by_value("manager")
        .await
        .unwrap();
    typed(
        &d,
        "//form[@aria-label='contact']//input[@name='person']",
        "财务经理",
    )
    .await;
    typed(
        &d,
        "//form[@aria-label='contact']//textarea[@name='summary']",
        "称货款 11 月初回笼，承诺先还 3 万",
    )
    .await;
    typed(
        &d,
        "//form[@aria-label='contact']//input[@name='promise_amount']",
        "3万",
    )
    .await;
    set_input(
        &d,
        "//form[@aria-label='contact']//input[@name='promise_by']",
        "2026-11-10",
    )
    .await;
    button(&d, "保存").await;
    wait(
        &d,
        "//p[@role='status'][contains(., '催收记录触发预警（承诺还款未兑现、逾期超过期限）：1')]",
    )
    .await;
    wait(
        &d,
        "//p[contains(@class,'promise') and contains(@class,'broken')][contains(., '30,000.00')]",
    )
    .await;

    // The overdue notice, issued and delivered.
    button(&d, "签发逾期催收通知书").await;
    let written = wait(&d, "//p[contains(@class,'written')]")
        .await
        .text()
        .await
        .unwrap();
    assert!(written.contains("-CS-"), "{written}");
    click(&d, "//button[normalize-space()='登记送达']").await;
    button(&d, "保存").await;
    wait(&d, "//td[contains(., '送达') and contains(., '当面送达')]").await;
    wait(&d, "//button[normalize-space()='登记回执收回']").await;
    shot(&d, "18-collection").await;

    // The file's open tasks now owe the receipt and the broken promise's follow-up.
    let page = page_text(&d).await;
    assert!(
        page.contains("收回通知书回执") && page.contains("承诺还款未兑现跟进"),
        "{page}"
    );

    // A withdrawal proposed on the broken promise's signal, then decided by the manager.
    button(&d, "提出撤保申请").await;
    click(
        &d,
        "//form[@aria-label='withdrawal']//label[contains(., '重大经营失误')]/input",
    )
    .await;
    typed(
        &d,
        "//form[@aria-label='withdrawal']//textarea[@name='facts']",
        "承诺还款未兑现，货款回笼不实",
    )
    .await;
    click(
        &d,
        "//form[@aria-label='withdrawal']//label[contains(., 'X09')]/input",
    )
    .await;
    typed(
        &d,
        "//form[@aria-label='withdrawal']//textarea[@name='proposal']",
        "书面通知贷款银行撤保",
    )
    .await;
    button(&d, "保存").await;
    wait(&d, "//td[contains(., '待总经理审批')]").await;
    click(&d, "//button[normalize-space()='登记审批']").await;
    typed(
        &d,
        "//form[@aria-label='decision']//input[@name='by']",
        "总经理 陈",
    )
    .await;
    button(&d, "保存").await;
    wait(&d, "//td[contains(., '同意撤保')]").await;

    // The approval sets in motion the bank notice and the counter-guarantees' enforcement.
    click(&d, "//button[normalize-space()='登记通知银行']").await;
    typed(
        &d,
        "//form[@aria-label='bank']//input[@name='bank_note']",
        "撤保通知函专人送达信贷部",
    )
    .await;
    button(&d, "保存").await;
    wait(&d, "//td[contains(., '已通知贷款银行')]").await;
    wait(
        &d,
        "//section[@data-testid='enforcement']//h4[contains(., '撤保获批')]",
    )
    .await;
    // A step without a note is refused in words; with one it is ticked.
    click(
        &d,
        "(//section[@data-testid='enforcement']//button[normalize-space()='登记…'])[1]",
    )
    .await;
    set_input(
        &d,
        "//form[@aria-label='enforce']//label[contains(., '办理日期')]/input",
        "2020-01-01",
    )
    .await;
    typed(
        &d,
        "//form[@aria-label='enforce']//textarea[@name='enforcement_note']",
        "已查询不动产登记：抵押有效，未被查封",
    )
    .await;
    button(&d, "保存").await;
    wait(
        &d,
        "//p[@role='alert'][contains(., '早于开始执行反担保之日')]",
    )
    .await;
    set_input(
        &d,
        "//form[@aria-label='enforce']//label[contains(., '办理日期')]/input",
        TODAY,
    )
    .await;
    button(&d, "保存").await;
    wait(
        &d,
        "//section[@data-testid='enforcement']//li[contains(@class,'done')][contains(., '抵押有效，未被查封')]",
    )
    .await;
    let page = page_text(&d).await;
    // The bank notice is done; each counter-guarantee owes its next step.
    assert!(!page.contains("撤保通知贷款银行已逾期"), "{page}");
    assert!(page.contains("执行反担保未到期 2026-11-24"), "{page}");
    // No second proposal once one is approved.
    assert!(!page.contains("提出撤保申请"), "{page}");
    shot(&d, "18-enforcement").await;

    // No release while money is owed; the whole principal repaid with its voucher, it is.
    button(&d, "核实并解保").await;
    wait(&d, "//p[@role='alert'][contains(., '逾期尚未结清')]").await;
    button(&d, "登记还款").await;
    let principal = format!("{}", amount_fen / 100);
    typed(
        &d,
        "//form[@aria-label='repayment']//input[@name='principal']",
        &principal,
    )
    .await;
    typed(
        &d,
        "//form[@aria-label='repayment']//input[@name='interest']",
        "1,234.56",
    )
    .await;
    typed(
        &d,
        "//form[@aria-label='repayment']//input[@name='voucher']",
        "工行回单 0091",
    )
    .await;
    button(&d, "保存").await;
    wait(
        &d,
        "//p[@data-testid='overdue-state'][contains(., '逾期已结清')]",
    )
    .await;
    button(&d, "核实并解保").await;
    wait(&d, "//p[@data-testid='release-state'][contains(., '-JB-')]").await;
    wait(
        &d,
        "//span[contains(@class,'pill')][normalize-space()='已解保']",
    )
    .await;
    button(&d, "登记档案移交").await;
    typed(
        &d,
        "//form[@aria-label='archive']//input[@name='receiver']",
        "档案室 王芳",
    )
    .await;
    button(&d, "保存").await;
    wait(
        &d,
        "//p[@data-testid='release-state'][contains(., '档案室 王芳')]",
    )
    .await;
    shot(&d, "19-released").await;
    d.quit().await.unwrap();

    let conn = laptop_db(&db);
    let (notices, delivered, x09, released, approved): (i64, i64, i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM notices), (SELECT count(*) FROM notices WHERE delivered_on IS NOT NULL),
                    (SELECT count(*) FROM signals WHERE code = 'X09'),
                    (SELECT count(*) FROM releases WHERE archived_on IS NOT NULL),
                    (SELECT count(*) FROM withdrawals
                      WHERE decision = 'approved' AND bank_notified_on IS NOT NULL)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        (notices, delivered, x09, released, approved),
        (1, 1, 1, 1, 1)
    );
    let steps: i64 = conn
        .query_row("SELECT count(*) FROM enforcement_steps", [], |r| r.get(0))
        .unwrap();
    assert_eq!(steps, 1);
}

/// Report-type tasks close by doing them (issue 26): a quarter's review confirmed and a
/// same-day signal report recorded from the agenda's 完成, a recovery plan and the legal action
/// from the guarantee file, the visit plan saved and recorded as submitted; each is done on the
/// agenda `baohou due` computes and on the guarantee's timeline.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver and a display: run scripts/e2e.sh"]
async fn report_type_tasks_close_from_the_agenda_and_the_guarantee_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), TODAY);
    let driver = Driver::start(4490);
    let d = driver.open(&db).await;
    wait(&d, "//h2[contains(., '待办')]").await;
    click(
        &d,
        "//button[contains(@class,'chip')][starts-with(normalize-space(),'已逾期')]",
    )
    .await;
    let before: usize = wait(
        &d,
        "//button[contains(@class,'chip')][starts-with(normalize-space(),'已逾期')]",
    )
    .await
    .text()
    .await
    .unwrap()
    .trim_start_matches("已逾期")
    .trim()
    .parse()
    .unwrap();
    let list = "//ul[@aria-label='待办']";
    let form = "//form[@aria-label='登记完成']";

    // A quarter's review: the tier and class as they are, with the reason: a confirmation.
    let review = format!(
        "({list}/li[contains(@class,'overdue')][span[contains(@class,'kind')][normalize-space()='季度分类复核']])[1]"
    );
    let borrower = wait(&d, &format!("{review}//button[contains(@class,'link')]"))
        .await
        .text()
        .await
        .unwrap();
    click(&d, &format!("{review}//button[normalize-space()='完成']")).await;
    wait(
        &d,
        &format!("{form}//p[contains(@class,'same')][contains(., '记为确认')]"),
    )
    .await;
    typed(
        &d,
        &format!("{form}//textarea[@name='reason']"),
        "三季度销售收入与上季持平，回款正常，无新增负债；维持现有等级与分类。",
    )
    .await;
    shot(&d, "16-close-task").await;
    click(&d, &format!("{form}//button[@type='submit']")).await;
    wait(
        &d,
        "//p[contains(@class,'closed')][contains(., '已登记完成：确认风险等级')]",
    )
    .await;
    // The agenda is asked again: one overdue task fewer.
    let overdue =
        |n: usize| format!("//button[contains(@class,'chip')][normalize-space()='已逾期 {n}']");
    wait(&d, &overdue(before - 1)).await;
    shot(&d, "17-task-closed").await;

    // The newest signal's same-day report: to whom, how, what.
    let report = format!(
        "({list}/li[span[contains(@class,'kind')][normalize-space()='预警当日报告']][.//button[normalize-space()='完成']])[1]"
    );
    click(&d, &format!("{report}//button[normalize-space()='完成']")).await;
    typed(&d, &format!("{form}//input[@name='to']"), "风控部主管 王强").await;
    click(
        &d,
        &format!("{form}//select[@name='channel']/option[normalize-space()='电话']"),
    )
    .await;
    typed(
        &d,
        &format!("{form}//textarea[@name='said']"),
        "说明库存积压与欠薪迹象，约定两个工作日内重点检查。",
    )
    .await;
    click(&d, &format!("{form}//button[@type='submit']")).await;
    wait(
        &d,
        "//p[contains(@class,'closed')][contains(., '电话报告风控部主管 王强')]",
    )
    .await;

    // The recovery plan from the compensated guarantee's file.
    click(
        &d,
        "//button[contains(@class,'chip')][starts-with(normalize-space(),'全部')]",
    )
    .await;
    let plan_row = format!(
        "({list}/li[span[contains(@class,'kind')][normalize-space()='追偿方案']][not(contains(@class,'done'))])[1]"
    );
    click(&d, &format!("{plan_row}//button[contains(@class,'link')]")).await;
    let file_task = "//ul[contains(@class,'tasks')]/li[span[normalize-space()='追偿方案']]//button[normalize-space()='完成']";
    click(&d, file_task).await;
    typed(
        &d,
        &format!("{form}//input[@name='reference']"),
        "追字〔2026〕7号",
    )
    .await;
    click(&d, &format!("{form}//button[@type='submit']")).await;
    wait(
        &d,
        "//section[contains(@class,'timeline')]//li[.//strong[normalize-space()='追偿方案']]//p[contains(., '追字〔2026〕7号')]",
    )
    .await;
    shot(&d, "18-recovery-plan-recorded").await;
    // And its legal action (owed within 5 working days), from the same file.
    let legal = "//ul[contains(@class,'tasks')]/li[span[normalize-space()='起诉或和解']]//button[normalize-space()='完成']";
    click(&d, legal).await;
    typed(
        &d,
        &format!("{form}//input[@name='document']"),
        "向法院提起诉讼（民事起诉状）",
    )
    .await;
    typed(
        &d,
        &format!("{form}//input[@name='reference']"),
        "（2026）浙0106民初1234号",
    )
    .await;
    click(&d, &format!("{form}//button[@type='submit']")).await;
    wait(
        &d,
        "//section[contains(@class,'timeline')]//li[.//strong[normalize-space()='起诉或和解']]//p[contains(., '民初1234号')]",
    )
    .await;
    // The visit plan's 完成 asks where to save the plan in the system's file dialog, which
    // WebDriver cannot reach: the page calls the same command with the path the dialog gives.
    let plan = dir.path().join("回访计划表.xlsx");
    let agenda: serde_json::Value = serde_json::from_slice(
        &baohou(&[
            "due",
            "--db",
            db.to_str().unwrap(),
            "--as-of",
            TODAY,
            "--json",
        ])
        .stdout,
    )
    .unwrap();
    let owed = agenda["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "visit_plan" && t["state"] == "overdue")
        .expect("one officer's plan is overdue in the demo")
        .clone();
    let close = "const [officer, due, path, done] = arguments;
             window.__TAURI_INTERNALS__.invoke('close_task', {
               locale: 'zh-CN',
               request: { target: { by: 'officer', value: officer }, kind: 'visit_plan', due, anchor: null,
                          on: '2026-11-23', record: { record: 'visit_plan', submitted_to: '业务部经理 刘洋', note: '' } },
               savePlanTo: path,
               today: '2026-11-23',
             }).then((r) => done(JSON.stringify(r)), (e) => done('ERR ' + JSON.stringify(e)));";
    let args = vec![
        owed["officer"].clone(),
        owed["due"].clone(),
        serde_json::json!(plan.to_str().unwrap()),
    ];
    // A path the window names without the officer choosing it in the app's dialog: refused,
    // nothing written, the task still open.
    let answer = d.execute_async(close, args.clone()).await.unwrap();
    let answer = answer.json().as_str().unwrap().to_owned();
    assert!(
        answer.contains("bad_path") && answer.contains("不是刚才在本程序的对话框中选定的"),
        "{answer}"
    );
    assert!(!plan.exists());
    // Nor may the window open a file dialog of its own: the capability does not grant it.
    let own = d
        .execute_async(
            "const [done] = arguments;
             window.__TAURI_INTERNALS__.invoke('plugin:dialog|open', { options: {} })
               .then((r) => done('OK ' + JSON.stringify(r)), (e) => done('ERR ' + JSON.stringify(e)));",
            vec![],
        )
        .await
        .unwrap();
    let own = own.json().as_str().unwrap().to_owned();
    assert!(own.starts_with("ERR"), "{own}");
    // Chosen in the app's dialog (answered for the test), it is taken, once.
    driver.answer_dialogs(&[&[&plan]]);
    let chosen = d
        .execute_async(
            "const [done] = arguments;
             window.__TAURI_INTERNALS__.invoke('choose_path', { locale: 'zh-CN', purpose: 'save_plan', suggestedName: null })
               .then((r) => done(JSON.stringify(r)), (e) => done('ERR ' + JSON.stringify(e)));",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        chosen.json().as_str().unwrap().contains("回访计划表"),
        "{:?}",
        chosen.json()
    );
    let answer = d.execute_async(close, args).await.unwrap();
    let answer = answer.json().as_str().unwrap().to_owned();
    assert!(answer.contains("回访计划表"), "{answer}");
    assert_eq!(&std::fs::read(&plan).unwrap()[..2], b"PK");
    d.quit().await.unwrap();

    // The command line computes the same agenda: the three are done today.
    let o = baohou(&[
        "due",
        "--db",
        db.to_str().unwrap(),
        "--as-of",
        TODAY,
        "--json",
    ]);
    let agenda: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let done: Vec<(String, String)> = agenda["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["state"] == "done" && t["done_on"] == TODAY)
        .map(|t| {
            (
                t["kind"].as_str().unwrap().to_owned(),
                t["borrower"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert!(
        done.contains(&("tier_review".to_owned(), borrower.clone())),
        "{done:?}"
    );
    for kind in [
        "signal_report",
        "recovery_plan",
        "legal_action",
        "visit_plan",
    ] {
        assert!(done.iter().any(|(k, _)| k == kind), "{kind}: {done:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the built app, tauri-driver and a display: run scripts/e2e.sh"]
async fn an_extension_is_applied_for_and_approved_and_a_signal_recorded_from_the_file() {
    // Seed 003 第六条 (the application 15 days before maturity), 004 第二十五条 (all interest paid
    // first); 004 ② (a signal known without a visit brings its check).
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), TODAY);
    let (contract, maturity): (String, String) = laptop_db(&db)
        .query_row(
            "SELECT contract_no, maturity_date FROM guarantees g
             WHERE status = 'active' AND maturity_date BETWEEN '2026-12-20' AND '2027-06-30'
               AND NOT EXISTS (SELECT 1 FROM overdues o WHERE o.guarantee_id = g.id
                                AND o.cleared_on IS NULL)
             ORDER BY maturity_date, id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let maturity: chrono::NaiveDate = maturity.parse().unwrap();
    let new_maturity = (maturity + chrono::Months::new(6)).to_string();
    let driver = Driver::start(4500);
    let d = driver.open(&db).await;
    button(&d, "在保项目").await;
    typed(&d, "//input[@type='search']", &contract).await;
    click(&d, &format!("//td[normalize-space()='{contract}']")).await;

    // A bank's letter, recorded from the file: its 重点检查 joins the open tasks.
    button(&d, "登记预警信号").await;
    let code = wait(
        &d,
        "//form[@aria-label='登记预警信号']//select[@name='signal_code']",
    )
    .await;
    SelectElement::new(&code)
        .await
        .unwrap()
        .select_by_value("W26")
        .await
        .unwrap();
    typed(
        &d,
        "//form[@aria-label='登记预警信号']//textarea[@name='signal_evidence']",
        "农行来函：授信到期不再续作",
    )
    .await;
    button(&d, "保存").await;
    wait(
        &d,
        "//li[contains(@class,'signal_raised')][contains(., '贷款银行通知：农行来函')]",
    )
    .await;
    let page = page_text(&d).await;
    assert!(page.contains("重点检查"), "{page}");

    click(&d, "//button[@role='tab'][normalize-space()='催收与通知']").await;
    button(&d, "登记展期申请").await;
    set_input(
        &d,
        "//form[@aria-label='extend']//input[@name='new_maturity']",
        &new_maturity,
    )
    .await;
    typed(
        &d,
        "//form[@aria-label='extend']//textarea[@name='extend_reason']",
        "外贸订单回款延后，申请展期六个月",
    )
    .await;
    button(&d, "保存").await;
    wait(
        &d,
        "//section[@data-testid='extensions']//span[contains(., '待有权人审批')]",
    )
    .await;
    // An approval without the day interest was paid up to is not saved.
    click(
        &d,
        "//section[@data-testid='extensions']//button[normalize-space()='登记审批']",
    )
    .await;
    typed(
        &d,
        "//form[@aria-label='extend_decision']//input[@name='extend_by']",
        "总经理 陈立",
    )
    .await;
    set_input(
        &d,
        "//form[@aria-label='extend_decision']//input[@name='interest_paid_on']",
        TODAY,
    )
    .await;
    button(&d, "保存").await;
    wait(
        &d,
        "//section[@data-testid='extensions']//span[contains(., '同意展期')]",
    )
    .await;
    let section = wait(&d, "//section[@data-testid='extensions']").await;
    let shown = section.text().await.unwrap();
    assert!(shown.contains("同意展期（总经理 陈立）"), "{shown}");
    // Let the compositor catch up with the DOM before the picture is taken.
    tokio::time::sleep(Duration::from_millis(800)).await;
    shot(&d, "20-extension").await;
    // The file's term shows the new maturity, and its timeline the extension.
    click(&d, "//button[@role='tab'][normalize-space()='档案时间线']").await;
    let page = page_text(&d).await;
    assert!(
        page.contains(&format!("— {new_maturity}")) && page.contains("申请展期"),
        "{page}"
    );
    let stored: String = laptop_db(&db)
        .query_row(
            "SELECT maturity_date FROM guarantees WHERE contract_no = ?1",
            [&contract],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, new_maturity);

    // The quarter's analysis report (seed 000 "每季…写出全面的分析报告…送交贷款人一份"), issued from
    // the file and queued for head office.
    button(&d, "季度分析报告").await;
    typed(
        &d,
        "//form[@aria-label='季度分析报告']//textarea[@name='analysis']",
        "本季度经营正常，销售稳定；贷款银行不再续作授信，已申请展期六个月。",
    )
    .await;
    typed(
        &d,
        "//form[@aria-label='季度分析报告']//textarea[@name='suggestion']",
        "下季度每月电话回访，跟踪新的授信安排。",
    )
    .await;
    button(&d, "签发并打开").await;
    let written = wait(&d, "//p[@role='status'][contains(., '已签发季度分析报告')]")
        .await
        .text()
        .await
        .unwrap();
    assert!(written.contains("-JF-"), "{written}");
    let queued: i64 = laptop_db(&db)
        .query_row(
            "SELECT count(*) FROM outbox o JOIN guarantees g ON g.id = o.guarantee_id
             WHERE o.kind = 'quarterly_report' AND g.contract_no = ?1",
            [&contract],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(queued, 1);
}
