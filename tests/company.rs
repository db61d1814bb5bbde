//! A company, not a laptop (issue 26), through the `baohou` command line: document numbers no
//! two laptops share, and every task on the agenda closed by doing it.

use baohou_tests::{baohou, demo_db, stderr, stdout};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn due_json(db: &Path, as_of: Option<&str>) -> Value {
    let mut args = vec!["due", "--db", db.to_str().unwrap(), "--json"];
    if let Some(day) = as_of {
        args.extend(["--as-of", day]);
    }
    let o = baohou(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

/// The numbers of every report a database issues (`report --all-completed`).
fn issued_numbers(db: &Path, out: &Path) -> BTreeSet<String> {
    let o = baohou(&[
        "report",
        "--db",
        db.to_str().unwrap(),
        "--all-completed",
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
        .lines()
        .filter_map(|l| l.split('\t').nth(1))
        .map(str::to_owned)
        .collect()
}

fn laptop_code(db: &Path) -> String {
    let o = baohou(&["info", "--db", db.to_str().unwrap()]);
    let line = stdout(&o)
        .lines()
        .find(|l| l.starts_with("本机编号"))
        .unwrap()
        .to_owned();
    let code = line.split('：').nth(1).unwrap()[..5].to_owned();
    assert!(line.contains("尚未在总部登记"), "{line}");
    code
}

#[test]
fn two_demo_databases_of_the_same_day_issue_no_number_in_common() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (db_a, db_b) = (
        demo_db(a.path(), "2026-11-23"),
        demo_db(b.path(), "2026-11-23"),
    );
    let (code_a, code_b) = (laptop_code(&db_a), laptop_code(&db_b));
    assert_ne!(code_a, code_b);
    let numbers_a = issued_numbers(&db_a, &a.path().join("out"));
    let numbers_b = issued_numbers(&db_b, &b.path().join("out"));
    // The same history, visit by visit: as many reports, each numbered with its laptop's code.
    assert!(numbers_a.len() > 200, "{}", numbers_a.len());
    assert_eq!(numbers_a.len(), numbers_b.len());
    assert!(
        numbers_a
            .iter()
            .all(|n| n.starts_with(&format!("BHJC-{code_a}-")))
    );
    assert!(
        numbers_b
            .iter()
            .all(|n| n.starts_with(&format!("BHJC-{code_b}-")))
    );
    let shared: Vec<_> = numbers_a.intersection(&numbers_b).collect();
    assert!(shared.is_empty(), "{shared:?}");
}

/// The report-type kinds, closed by a record.
const RECORDED: [&str; 6] = [
    "tier_review",
    "visit_plan",
    "signal_report",
    "compensation_report",
    "recovery_plan",
    "legal_action",
];

#[test]
fn every_report_type_task_of_the_demo_closes_through_baohou_done() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let agenda = due_json(&db, Some("2026-11-23"));
    let open: Vec<&Value> = agenda["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| RECORDED.contains(&t["kind"].as_str().unwrap()))
        // Everything owed (a review only once its quarter's last month has come).
        .filter(|t| t["state"] != "done")
        .filter(|t| !(t["kind"] == "tier_review" && t["state"] == "upcoming"))
        .collect();
    let kinds: BTreeSet<&str> = open.iter().map(|t| t["kind"].as_str().unwrap()).collect();
    for kind in [
        "tier_review",
        "visit_plan",
        "signal_report",
        "recovery_plan",
        "legal_action",
    ] {
        assert!(kinds.contains(kind), "the demo owes a {kind}: {kinds:?}");
    }
    let plan = dir.path().join("回访计划表.xlsx");
    for t in &open {
        let (kind, due) = (t["kind"].as_str().unwrap(), t["due"].as_str().unwrap());
        let mut args = vec![
            "done",
            "--db",
            db.to_str().unwrap(),
            "--kind",
            kind,
            "--due",
            due,
            "--on",
            "2026-11-23",
            "--note",
        ];
        let note = format!("{kind} 已办理（测试）");
        args.push(&note);
        let contract;
        let officer;
        match t["contract_no"].as_str() {
            Some(no) => {
                contract = no.to_owned();
                args.extend(["--contract", &contract]);
            }
            None => {
                officer = t["officer"].as_str().unwrap().to_owned();
                args.extend(["--officer", &officer, "--out", plan.to_str().unwrap()]);
            }
        }
        let o = baohou(&args);
        assert!(o.status.success(), "{kind} {due}: {}", stderr(&o));
    }
    // The visit plan was written, as submitted.
    let bytes = std::fs::read(&plan).unwrap();
    assert_eq!(&bytes[..2], b"PK");
    let after = due_json(&db, Some("2026-11-23"));
    let still: Vec<String> = after["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| RECORDED.contains(&t["kind"].as_str().unwrap()))
        .filter(|t| t["state"] != "done")
        .filter(|t| !(t["kind"] == "tier_review" && t["state"] == "upcoming"))
        .map(|t| format!("{} {}", t["kind"], t["due"]))
        .collect();
    assert!(still.is_empty(), "{still:?}");
    let done = after["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["state"] == "done" && t["done_on"] == "2026-11-23")
        .count();
    assert!(done >= open.len(), "{done} of {}", open.len());

    // Closing one again is refused with the day it was done.
    let t = open[0];
    let mut args = vec![
        "done",
        "--db",
        db.to_str().unwrap(),
        "--kind",
        t["kind"].as_str().unwrap(),
        "--due",
        t["due"].as_str().unwrap(),
        "--on",
        "2026-11-23",
        "--note",
        "再次",
    ];
    let no;
    match t["contract_no"].as_str() {
        Some(c) => {
            no = c.to_owned();
            args.extend(["--contract", &no]);
        }
        None => {
            no = t["officer"].as_str().unwrap().to_owned();
            args.extend(["--officer", &no]);
        }
    }
    let o = baohou(&args);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("已于 2026-11-23 完成"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_task_a_visit_or_a_notice_closes_is_refused_with_what_closes_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let agenda = due_json(&db, Some("2026-11-23"));
    let first = |kind: &str| {
        agenda["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["kind"] == kind && t["state"] != "done")
            .unwrap_or_else(|| panic!("the demo owes a {kind}"))
            .clone()
    };
    for (kind, says) in [
        ("periodic_check", "开始检查"),
        ("maturity_notice", "登记送达"),
    ] {
        let t = first(kind);
        let o = baohou(&[
            "done",
            "--db",
            db.to_str().unwrap(),
            "--contract",
            t["contract_no"].as_str().unwrap(),
            "--kind",
            kind,
            "--due",
            t["due"].as_str().unwrap(),
            "--note",
            "做了",
        ]);
        assert!(!o.status.success());
        assert!(stderr(&o).contains(says), "{kind}: {}", stderr(&o));
    }
    // A day with no such task lists the open ones.
    let t = first("signal_report");
    let o = baohou(&[
        "done",
        "--db",
        db.to_str().unwrap(),
        "--contract",
        t["contract_no"].as_str().unwrap(),
        "--kind",
        "signal_report",
        "--due",
        "2020-01-01",
        "--note",
        "已报告",
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains(t["due"].as_str().unwrap()),
        "{}",
        stderr(&o)
    );
}

/// The command line as scripts outside this repository call it: no days given, today's
/// database, `done` then `due --json` lists the task done.
#[test]
fn done_then_due_without_days_works_on_todays_database() {
    let dir = tempfile::tempdir().unwrap();
    let today = chrono::Local::now().date_naive().to_string();
    let db = demo_db(dir.path(), &today);
    let agenda = due_json(&db, None);
    let t = agenda["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "signal_report" && t["state"] != "done")
        .expect("the demo's newest signal is not reported yet")
        .clone();
    let o = baohou(&[
        "done",
        "--db",
        db.to_str().unwrap(),
        "--contract",
        t["contract_no"].as_str().unwrap(),
        "--kind",
        "signal_report",
        "--due",
        t["due"].as_str().unwrap(),
        "--note",
        "已电话报告部门负责人，约定明日重点检查",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let after = due_json(&db, None);
    let same = after["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "signal_report" && x["anchor"] == t["anchor"])
        .unwrap();
    assert_eq!(same["state"], "done");
    assert_eq!(same["done_on"].as_str(), Some(today.as_str()));
}

fn ok(args: &[&str]) -> String {
    let o = baohou(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// A whole visit from the command line, through the window's own calls: started from the
/// agenda's periodic check, every field by its name, photos with their answers, the review's
/// sentences, completion; then the agenda shows the check done.
#[test]
fn a_visit_is_made_whole_from_the_command_line() {
    use baohou_core::demo::photos::{camera_jpeg, signature_png, warehouse_jpeg};
    use baohou_core::demo::warehouse::Shot;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let dbs = db.to_str().unwrap();
    let agenda = due_json(&db, Some("2026-11-23"));
    let task = agenda["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "periodic_check" && t["state"] == "overdue")
        .unwrap()
        .clone();
    let contract = task["contract_no"].as_str().unwrap();

    // Field names and kinds are listed, with the checklist in force.
    let fields: Value =
        serde_json::from_str(&ok(&["visit", "fields", "--db", dbs, "--json"])).unwrap();
    let names: Vec<&str> = fields["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    for name in [
        "conclusion",
        "stock.N.counted",
        "interview.N.role",
        "figure.monthly_sales",
        "signature.borrower",
    ] {
        assert!(names.contains(&name), "{name}: {names:?}");
    }
    let checklist = fields["checklist"].as_array().unwrap().clone();

    let id = ok(&[
        "visit",
        "start",
        "--db",
        dbs,
        "--contract",
        contract,
        "--kind",
        "periodic",
        "--date",
        "2026-11-23",
    ])
    .trim()
    .to_owned();
    id.parse::<i64>().expect("the visit's id");
    let set = |field: &str, value: &str| {
        ok(&[
            "visit", "set", "--db", dbs, "--visit", &id, "--field", field, "--value", value,
        ]);
    };
    let review = || -> Value {
        serde_json::from_str(&ok(&[
            "visit", "review", "--db", dbs, "--visit", &id, "--json",
        ]))
        .unwrap()
    };

    // Not complete yet: refused with the review's sentences.
    let o = baohou(&["visit", "complete", "--db", dbs, "--visit", &id]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("检查表尚不完整"), "{}", stderr(&o));
    let first = review();
    assert!(!first["missing"].as_array().unwrap().is_empty());
    // An unknown field is named.
    let o = baohou(&[
        "visit", "set", "--db", dbs, "--visit", &id, "--field", "colour", "--value", "red",
    ]);
    assert!(stderr(&o).contains("没有字段 colour"), "{}", stderr(&o));

    // Every unanswered item: the first option that is not a finding, or facts in words.
    for p in first["problems"].as_array().unwrap() {
        if p["problem"] != "unanswered" {
            continue;
        }
        let code = p["code"].as_str().unwrap();
        let item = checklist.iter().find(|i| i["code"] == code).unwrap();
        let abnormal: Vec<&str> = item["abnormal"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        let answer = match item["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_str().unwrap())
            .find(|o| !abnormal.contains(o))
        {
            Some(option) => option.to_owned(),
            None => format!("{code}：现场查看，与上次检查一致，主要客户与订单未变。"),
        };
        set(&format!("answer.{code}"), &answer);
    }
    set("stock.1.goods", "棉纱");
    set("stock.1.unit", "吨");
    set("stock.1.book", "120");
    set("stock.1.counted", "118.5");
    for n in 1..=3 {
        set(&format!("interview.{n}.role"), &format!("车间工人{n}"));
        set(&format!("interview.{n}.wages_on_time"), "yes");
    }
    set("figure.monthly_sales", "612.5");
    set(
        "conclusion",
        "实盘棉纱118.5吨，较账面少1.3%；开工3条线，访谈3名工人工资按月发放；月销售收入612.5万元。",
    );
    set("measures", "下月复查库存与回款，关注主要客户订单变化。");

    // Photos: two from the warehouse with time and place, one damaged file refused by name.
    let taken =
        chrono::NaiveDateTime::parse_from_str("2026-11-23 10:12:00", "%Y-%m-%d %H:%M:%S").ok();
    let site = Some(("30.2741".parse().unwrap(), "120.1551".parse().unwrap()));
    let a = dir.path().join("IMG_0001.JPG");
    let b = dir.path().join("IMG_0002.JPG");
    let bad = dir.path().join("IMG_0003.JPG");
    std::fs::write(
        &a,
        warehouse_jpeg(601, Shot::default(), 1600, 1200, taken, site),
    )
    .unwrap();
    std::fs::write(
        &b,
        warehouse_jpeg(602, Shot::default(), 1600, 1200, taken, site),
    )
    .unwrap();
    let mut broken = camera_jpeg(400, 300, [1, 2, 3], None, None);
    broken[4..300].fill(0x5A);
    std::fs::write(&bad, broken).unwrap();
    let photos: Value = serde_json::from_str(&ok(&[
        "visit",
        "photos",
        "--db",
        dbs,
        "--visit",
        &id,
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        bad.to_str().unwrap(),
        "--json",
    ]))
    .unwrap();
    let photos = photos.as_array().unwrap();
    assert_eq!(photos[0]["status"], "accepted");
    assert_eq!(photos[0]["taken_at"], "2026-11-23T10:12:00");
    assert_eq!(photos[1]["status"], "accepted");
    assert_eq!(photos[2]["status"], "refused");
    assert!(
        photos[2]["reason"]
            .as_str()
            .unwrap()
            .contains("IMG_0003.JPG"),
        "{:?}",
        photos[2]
    );
    // The same file again is a duplicate, not a second photo.
    let again: Value = serde_json::from_str(&ok(&[
        "visit",
        "photos",
        "--db",
        dbs,
        "--visit",
        &id,
        a.to_str().unwrap(),
        "--json",
    ]))
    .unwrap();
    assert_eq!(again[0]["status"], "duplicate");
    let photo_id = photos[0]["photo_id"].as_i64().unwrap().to_string();
    set(&format!("photo.{photo_id}.caption"), "原料仓库全景");

    // The signals the rules propose, each decided.
    for s in review()["proposed_signals"].as_array().unwrap() {
        set(
            &format!("signal.dismiss.{}", s["code"].as_str().unwrap()),
            "经核实属季节性波动，不构成预警",
        );
    }
    let r = review();
    let left: Vec<&Value> = r["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["problem"] != "borrower_not_confirmed")
        .collect();
    assert!(left.is_empty(), "{left:?} {:?}", r["missing"]);
    assert_eq!(r["ready_for_confirmation"], true);

    // The borrower confirms; both sign from PNG files; complete.
    set("confirmation", "吴厂长");
    let sig = dir.path().join("sig.png");
    std::fs::write(&sig, signature_png(7)).unwrap();
    for role in ["officer", "borrower"] {
        ok(&[
            "visit",
            "set",
            "--db",
            dbs,
            "--visit",
            &id,
            "--field",
            &format!("signature.{role}"),
            "--value-file",
            sig.to_str().unwrap(),
        ]);
    }
    assert_eq!(review()["ready_to_complete"], true);
    let done = ok(&["visit", "complete", "--db", dbs, "--visit", &id]);
    assert!(done.contains("BHJC-"), "{done}");

    let after = due_json(&db, Some("2026-11-23"));
    let tasks = after["tasks"].as_array().unwrap();
    assert!(
        !tasks.iter().any(|t| t["kind"] == "periodic_check"
            && t["contract_no"] == contract
            && t["state"] == "overdue"),
        "the periodic check is done"
    );
    let report = tasks
        .iter()
        .find(|t| t["kind"] == "report_due" && t["anchor"] == format!("visit:{id}"))
        .expect("the visit's report task");
    assert_eq!(report["state"], "done");
}

/// Next year's calendar, by hand on one laptop (head office publishes it to all of them with the
/// sync: tests/quarter.rs): the agenda's warning about the year goes, and a deadline in the
/// Spring Festival moves past it.
#[test]
fn next_years_calendar_is_installed_and_the_agenda_counted_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let before = due_json(&db, Some("2026-11-23"));
    let warnings = before["calendar_warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w["year"] == 2027
            && w["message"]
                .as_str()
                .unwrap()
                .contains("随下次同步自动更新")),
        "{warnings:?}"
    );
    let year = dir.path().join("2027.toml");
    std::fs::write(
        &year,
        r#"year = 2027
source = "测试用：2027年部分节假日安排"

[[holiday]]
name = "元旦"
from = 2027-01-01
to = 2027-01-03
work = []

[[holiday]]
name = "春节"
from = 2027-02-05
to = 2027-02-13
work = [2027-01-31, 2027-02-20]
"#,
    )
    .unwrap();
    // A file that contradicts itself is refused, naming the key and the line.
    let bad = dir.path().join("2027-bad.toml");
    std::fs::write(
        &bad,
        std::fs::read_to_string(&year)
            .unwrap()
            .replace("work = [2027-01-31", "work = [2027-02-01"),
    )
    .unwrap();
    let o = baohou(&[
        "calendar",
        bad.to_str().unwrap(),
        "--install",
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("不是周末"), "{}", stderr(&o));
    let o = baohou(&[
        "calendar",
        year.to_str().unwrap(),
        "--install",
        "--db",
        db.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("到期日按此放假安排重算"),
        "{}",
        stdout(&o)
    );
    let after = due_json(&db, Some("2026-11-23"));
    assert!(
        !after["calendar_warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["year"] == 2027),
        "{}",
        after["calendar_warnings"]
    );
    // A deadline in working days across the Spring Festival moves past it: a visit of Thu
    // 2027-02-04 owes its report within 2 working days: Mon 02-08 counted on weekends alone,
    // Tue 02-16 once 02-05 … 02-13 are known to be the holiday.
    let report_due = |a: &Value, id: &str| -> String {
        a["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["kind"] == "report_due" && t["anchor"] == format!("visit:{id}"))
            .unwrap_or_else(|| panic!("the report of visit {id}"))["due"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let other = tempfile::tempdir().unwrap();
    let fresh = demo_db(other.path(), "2026-11-23");
    let contract = due_json(&fresh, Some("2026-11-23"))["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "periodic_check")
        .unwrap()["contract_no"]
        .as_str()
        .unwrap()
        .to_owned();
    let id = ok(&[
        "visit",
        "start",
        "--db",
        fresh.to_str().unwrap(),
        "--contract",
        &contract,
        "--kind",
        "periodic",
        "--date",
        "2027-02-04",
    ])
    .trim()
    .to_owned();
    assert_eq!(
        report_due(&due_json(&fresh, Some("2027-02-04")), &id),
        "2027-02-08"
    );
    ok(&[
        "calendar",
        year.to_str().unwrap(),
        "--install",
        "--db",
        fresh.to_str().unwrap(),
    ]);
    assert_eq!(
        report_due(&due_json(&fresh, Some("2027-02-04")), &id),
        "2027-02-16"
    );
}

/// Two laptops holding the same code (1 in 32⁵ before enrolment; forced here): the first to sync
/// keeps it; head office refuses it to the second, which draws a new code and says so. The one
/// document the second issued under the old code (the same number as the first laptop's) is
/// kept at head office apart, not refused; everything it issues from then on carries its new
/// code.
#[test]
fn a_laptop_code_another_laptop_holds_is_redrawn_and_nothing_is_refused() {
    use baohou_tests::headoffice::{Hq, outbox};
    use baohou_tests::laptop_db;
    let dir = tempfile::tempdir().unwrap();
    let (a_dir, b_dir) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&a_dir).unwrap();
    std::fs::create_dir_all(&b_dir).unwrap();
    let (a, b) = (demo_db(&a_dir, "2026-11-23"), demo_db(&b_dir, "2026-11-23"));
    let code_a = laptop_code(&a);
    laptop_db(&b)
        .execute(
            "UPDATE laptop_codes SET code = ?1 WHERE retired_at IS NULL",
            [&code_a],
        )
        .unwrap();
    // The same history, the same code: both issue the showcase visit's report as the same number.
    let showcase: i64 = laptop_db(&a)
        .query_row(
            "SELECT max(id) FROM visits WHERE status = 'completed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let issue = |db: &Path, out: &Path| -> String {
        let o = ok(&[
            "report",
            "--db",
            db.to_str().unwrap(),
            "--visit",
            &showcase.to_string(),
            "--out",
            out.to_str().unwrap(),
        ]);
        o.split('\t').nth(1).unwrap().to_owned()
    };
    let no_a = issue(&a, &a_dir.join("a.pdf"));
    let no_b = issue(&b, &b_dir.join("b.pdf"));
    assert_eq!(no_a, no_b, "forced: the same number on two laptops");

    let hq = Hq::start(&dir.path().join("hq"));
    let queued = outbox(&a);
    let enroll = |officer: &str, file: &Path| {
        std::fs::write(file, hq.admin(&["enroll", "--officer", officer])).unwrap();
    };
    let officer = &queued[0].0;
    enroll(officer, &dir.path().join("token-a"));
    enroll(officer, &dir.path().join("token-b"));
    for (o, contract, _) in &queued {
        hq.admin(&["assign", "--officer", o, "--contract", contract]);
    }
    let sync = |db: &Path, token: &str| {
        baohou(&[
            "sync",
            "--db",
            db.to_str().unwrap(),
            "--server",
            &hq.url,
            "--token-file",
            dir.path().join(token).to_str().unwrap(),
        ])
    };
    let o = sync(&a, "token-a");
    assert!(o.status.success(), "{}", stderr(&o));
    let o = sync(&b, "token-b");
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let said = stdout(&o);
    assert!(
        said.contains(&format!("本机编号 {code_a} 已被另一台笔记本在总部登记")),
        "{said}"
    );
    assert!(
        outbox(&b).iter().all(|(_, _, s)| s == "sent"),
        "nothing refused"
    );
    let code_b = laptop_code_any(&b);
    assert_ne!(code_b, code_a);
    // Head office: the shared number twice (the second apart), every other number once.
    assert_eq!(
        hq.count(&format!(
            "SELECT count(*) FROM reports WHERE document_no IN ('{no_a}', '{no_a}~2')"
        )),
        2
    );
    let numbers = hq.rows("SELECT document_no FROM reports");
    let b_numbers = numbers
        .iter()
        .filter(|r| r[0].contains(&format!("-{code_b}-")))
        .count();
    assert_eq!(
        b_numbers + 1,
        queued.len(),
        "all but the one issued before carry the new code"
    );
    let devices = hq.admin(&["devices"]);
    assert!(
        devices.contains(&code_a) && devices.contains(&code_b),
        "{devices}"
    );
}

/// The laptop code `baohou info` prints, registered or not.
fn laptop_code_any(db: &Path) -> String {
    let o = baohou(&["info", "--db", db.to_str().unwrap()]);
    let line = stdout(&o)
        .lines()
        .find(|l| l.starts_with("本机编号"))
        .unwrap()
        .to_owned();
    line.split('：').nth(1).unwrap()[..5].to_owned()
}
