//! The `baohou` CLI against real database files, as head-office staff and scripts use it.

use baohou_tests::*;
use std::fs;

#[test]
fn help_speaks_chinese_and_english() {
    let o = baohou(&["--help"]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.contains("保后管理命令行工具"), "{text}");
    assert!(text.contains("Baohou post-guarantee management"), "{text}");
    for sub in ["init", "demo", "info", "list"] {
        assert!(text.contains(sub), "{sub} listed");
    }
    let o = baohou(&["init", "--help"]);
    let text = stdout(&o);
    assert!(
        text.contains("新建数据库") && text.contains("Create a database"),
        "{text}"
    );
}

#[test]
fn demo_then_init_keeps_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let db_s = db.to_str().unwrap();
    let o = baohou(&["demo", "--db", db_s, "--today", "2026-11-23"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已写入演示数据"));
    let before = fingerprint(&db);
    assert!(
        before.matches('\n').count() > 1000,
        "the demo holds a real portfolio"
    );

    let o = baohou(&["init", "--db", db_s]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("数据库已是最新版本"), "{}", stdout(&o));
    assert_eq!(fingerprint(&db), before);

    // Writing the demo again is refused and changes nothing.
    let o = baohou(&["demo", "--db", db_s]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("已有数据"), "{}", stderr(&o));
    assert_eq!(fingerprint(&db), before);
}

#[test]
fn list_and_info_read_the_portfolio() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let db_s = db.to_str().unwrap();
    let o = baohou(&["list", "--db", db_s, "--json"]);
    assert!(o.status.success());
    let list: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(list.len() >= 38);
    let amount = list[0]["amount"].as_str().unwrap();
    assert!(
        amount.ends_with(".00"),
        "money is an exact decimal string: {amount}"
    );
    let o = baohou(&["info", "--db", db_s]);
    let text = stdout(&o);
    assert!(text.contains("演示数据，日期：2026-11-23"), "{text}");
    assert!(text.contains("在保余额"), "{text}");
    let o = baohou(&["--lang", "en", "info", "--db", db_s]);
    assert!(stdout(&o).contains("Active balance"));
}

#[test]
fn an_old_version_database_is_upgraded_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v1.sqlite3");
    {
        // Version 1 wrote an unencrypted file.
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(include_str!(
            "../crates/core/src/store/migrations/0001_initial.sql"
        ))
        .unwrap();
        conn.execute_batch(
            "PRAGMA application_id = 1112035157; PRAGMA user_version = 1;
             INSERT INTO officers (code, name, department) VALUES ('E1', '张伟', '业务一部');",
        )
        .unwrap();
    }
    // It must be encrypted first; until then it is refused untouched, with the way out named.
    let before = sha256_file(&db);
    let o = baohou(&["init", "--db", db.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("还没有加密"), "{}", stderr(&o));
    assert!(stderr(&o).contains("baohou encrypt"), "{}", stderr(&o));
    assert_eq!(sha256_file(&db), before);
    let weak = baohou_cmd()
        .args(["encrypt", "--db", db.to_str().unwrap()])
        .env("BAOHOU_PASSPHRASE", "short")
        .output()
        .unwrap();
    assert_eq!(weak.status.code(), Some(1));
    assert!(stderr(&weak).contains("口令太短"), "{}", stderr(&weak));
    assert_eq!(sha256_file(&db), before);
    let o = baohou(&["encrypt", "--db", db.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("请牢记口令"), "{}", stdout(&o));
    let raw = fs::read(&db).unwrap();
    assert!(!raw.windows("张伟".len()).any(|w| w == "张伟".as_bytes()));
    let o = baohou(&["encrypt", "--db", db.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "encrypting twice is refused");
    assert!(stderr(&o).contains("数据库已经加密"), "{}", stderr(&o));
    let missing = dir.path().join("无.sqlite3");
    let o = baohou(&["encrypt", "--db", missing.to_str().unwrap()]);
    assert!(stderr(&o).contains("找不到数据库文件"), "{}", stderr(&o));
    assert!(!missing.exists());

    let o = baohou(&["init", "--db", db.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已升级数据库"), "{}", stdout(&o));
    let upgraded = format!("1 → {}", baohou_core::store::LATEST_VERSION);
    assert!(stdout(&o).contains(&upgraded), "{}", stdout(&o));
    assert!(fingerprint(&db).contains("张伟"));
}

#[test]
fn the_passphrase_opens_the_database_and_a_wrong_or_missing_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let db_s = db.to_str().unwrap();
    let before = sha256_file(&db);
    let wrong = baohou_cmd()
        .args(["info", "--db", db_s])
        .env("BAOHOU_PASSPHRASE", "baohou-demO")
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        stderr(&wrong).starts_with("错误：口令不对"),
        "{}",
        stderr(&wrong)
    );
    assert!(
        stderr(&wrong).contains("文件未被改动"),
        "{}",
        stderr(&wrong)
    );
    // No passphrase and no terminal to ask on: said so, nothing asked, nothing changed.
    let none = baohou_cmd()
        .args(["list", "--db", db_s])
        .env_remove("BAOHOU_PASSPHRASE")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(1));
    assert!(
        stderr(&none).contains("BAOHOU_PASSPHRASE"),
        "{}",
        stderr(&none)
    );
    assert_eq!(sha256_file(&db), before);
    // The one file beside it: the count of wrong passphrases, which costs a wait from the
    // fourth in a row and survives the process (store::attempts).
    let beside: Vec<String> = dir
        .path()
        .read_dir()
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.as_str() != db.file_name().unwrap().to_str().unwrap())
        .collect();
    let count = format!("{}.attempts", db.file_name().unwrap().to_string_lossy());
    assert_eq!(beside, std::slice::from_ref(&count));
    assert!(
        fs::read_to_string(dir.path().join(&count))
            .unwrap()
            .starts_with("failures=1\n")
    );
    for _ in 0..3 {
        let _ = baohou_cmd()
            .args(["info", "--db", db_s])
            .env("BAOHOU_PASSPHRASE", "baohou-demO")
            .output()
            .unwrap();
    }
    let waits = baohou(&["info", "--db", db_s]);
    assert_eq!(waits.status.code(), Some(1));
    assert!(
        stderr(&waits).starts_with("错误：口令已连续输错 4 次：请在 5 秒后再试")
            || stderr(&waits).starts_with("错误：口令已连续输错 4 次：请在 4 秒后再试"),
        "even the right one waits: {}",
        stderr(&waits)
    );
    std::thread::sleep(std::time::Duration::from_secs(5));
    assert!(baohou(&["info", "--db", db_s]).status.success());
    assert!(
        !dir.path().join(&count).exists(),
        "the right one ends the count"
    );

    // A new passphrase re-encrypts the whole file; the old one no longer opens it.
    let changed = baohou_cmd()
        .args(["passwd", "--db", db_s])
        .env("BAOHOU_NEW_PASSPHRASE", "新口令 new passphrase")
        .output()
        .unwrap();
    assert!(changed.status.success(), "{}", stderr(&changed));
    assert_eq!(baohou(&["info", "--db", db_s]).status.code(), Some(1));
    let list = baohou_cmd()
        .args(["list", "--db", db_s])
        .env("BAOHOU_PASSPHRASE", "新口令 new passphrase")
        .output()
        .unwrap();
    assert!(list.status.success(), "{}", stderr(&list));
    assert!(stdout(&list).lines().count() >= 38);
}

#[test]
fn bad_files_get_a_message_naming_them_and_are_never_touched() {
    let dir = tempfile::tempdir().unwrap();
    // Missing.
    let missing = dir.path().join("没有这个文件.sqlite3");
    let o = baohou(&["info", "--db", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("找不到数据库文件") && err.contains("没有这个文件.sqlite3"),
        "{err}"
    );
    assert!(!missing.exists());

    // Not SQLite: a spreadsheet exported by mistake.
    let text = dir.path().join("台账.csv");
    fs::write(&text, "合同编号,被担保人\nBH-1,某公司\n").unwrap();
    let before = sha256_file(&text);
    for cmd in ["init", "demo", "info", "list"] {
        let o = baohou(&[cmd, "--db", text.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{cmd}");
        let err = stderr(&o);
        assert!(
            err.contains("不是保后数据库") && err.contains("台账.csv"),
            "{cmd}: {err}"
        );
    }
    assert_eq!(sha256_file(&text), before);

    // Read-only.
    let ro = dir.path().join("只读.sqlite3");
    assert!(
        baohou(&["init", "--db", ro.to_str().unwrap()])
            .status
            .success()
    );
    let mut perms = fs::metadata(&ro).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(&ro, perms).unwrap();
    let before = sha256_file(&ro);
    let o = baohou(&["demo", "--db", ro.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("只读"), "{}", stderr(&o));
    assert_eq!(sha256_file(&ro), before);

    // English on request.
    let o = baohou(&["--lang", "en", "info", "--db", missing.to_str().unwrap()]);
    assert!(
        stderr(&o).contains("Database file not found"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn several_processes_on_one_new_file_are_safe() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.sqlite3");
    let db_s = db.to_str().unwrap().to_owned();
    let children: Vec<_> = (0..4)
        .map(|_| baohou_cmd().args(["init", "--db", &db_s]).output())
        .collect();
    for c in children {
        let o = c.unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    }
    // One writes the demo while others read it.
    let writer = baohou_cmd()
        .args(["demo", "--db", &db_s, "--today", "2026-11-23"])
        .spawn()
        .unwrap();
    let readers: Vec<_> = (0..3)
        .map(|_| {
            baohou_cmd()
                .args(["list", "--db", &db_s, "--json"])
                .output()
                .unwrap()
        })
        .collect();
    let status = writer.wait_with_output().unwrap().status;
    assert!(status.success());
    for r in readers {
        assert!(r.status.success(), "{}", stderr(&r));
        // A reader sees the portfolio either not yet written or whole: never half of it.
        let list: Vec<serde_json::Value> = serde_json::from_slice(&r.stdout).unwrap();
        assert!(
            list.is_empty() || list.len() >= 38,
            "saw {} guarantees",
            list.len()
        );
    }
}

#[test]
fn due_from_a_portfolio_file_prints_tasks_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("组合.json");
    fs::write(
        &file,
        r#"{"guarantees":[{"contract_no":"WT-1","borrower":"甲","product":"银行承兑汇票","amount":"300万",
            "start":"2026-01-05","maturity":"2026-12-31","tier":2,"status":"在保",
            "visits":[{"date":"2026-01-12","kind":"first","on_site":true},{"date":"2026-11-20","kind":"periodic","on_site":true,"draft":true}],
            "signals":[{"code":"W31","found":"2026-11-20"}]}]}"#,
    )
    .unwrap();
    let o = baohou(&[
        "due",
        "--portfolio",
        file.to_str().unwrap(),
        "--as-of",
        "2026-11-23",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let task = |kind: &str| {
        v["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["kind"] == kind)
            .cloned()
            .unwrap_or_else(|| panic!("{kind}: {v}"))
    };
    // W31 is major: emergency check within 2 working days of Fri 11-20, i.e. Tue 11-24.
    assert_eq!(task("emergency_check")["due"], "2026-11-24");
    assert_eq!(
        task("emergency_check")["state"],
        "done",
        "the visit that day was on site"
    );
    // The visit found an urgent risk: its report is due the next working day, Mon 11-23.
    assert_eq!(task("report_due")["due"], "2026-11-23");
    assert_eq!(task("report_due")["state"], "due_today");
    assert_eq!(task("report_due")["rule"], "report.urgent_within");
    assert_eq!(task("maturity_check")["due"], "2026-12-16");
    assert_eq!(task("signal_report")["days_overdue"], 3);
    assert_eq!(v["calendar_warnings"], serde_json::json!([]));
}

#[test]
fn due_refuses_a_bad_portfolio_naming_contract_and_field_and_prints_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.json");
    fs::write(
        &file,
        r#"{"guarantees":[{"contract_no":"WT-1","borrower":"甲","product":"信用证","amount":"1","start":"2026-01-05","maturity":"2026-12-31","tier":2},
                          {"contract_no":"WT-2","borrower":"乙","product":"信用证","amount":"-100","start":"2026-01-05","maturity":"2026-12-31","tier":2}]}"#,
    )
    .unwrap();
    let o = baohou(&[
        "due",
        "--portfolio",
        file.to_str().unwrap(),
        "--as-of",
        "2026-11-23",
        "--json",
    ]);
    assert!(!o.status.success());
    assert_eq!(stdout(&o), "");
    assert!(
        stderr(&o).contains("WT-2") && stderr(&o).contains("`amount`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn due_from_the_demo_database_says_when_the_calendar_runs_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-12-30");
    let o = baohou(&[
        "due",
        "--db",
        db.to_str().unwrap(),
        "--as-of",
        "2026-12-30",
        "--officer",
        "张伟",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已逾期"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("2027 年尚无官方放假安排数据"),
        "{}",
        stderr(&o)
    );
    let json = baohou(&[
        "due",
        "--db",
        db.to_str().unwrap(),
        "--as-of",
        "2026-12-30",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert!(v["tasks"].as_array().unwrap().len() > 40);
    assert_eq!(v["calendar_warnings"][0]["year"], 2027);
    assert!(
        v["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["rule"].as_str().is_some_and(|r| !r.is_empty()))
    );
    let bad_policy = dir.path().join("p.toml");
    fs::write(&bad_policy, "[policy]\nname = \"x\"\nversion = \"1\"\n").unwrap();
    let o = baohou(&[
        "due",
        "--db",
        db.to_str().unwrap(),
        "--as-of",
        "2026-12-30",
        "--policy",
        bad_policy.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("制度文件有误") && stderr(&o).contains("first_check"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let db = db.to_str().unwrap();
    // The JSON agenda is larger than a pipe's buffer, so the write meets the closed pipe.
    assert!(
        baohou(&["due", "--db", db, "--as-of", "2026-11-23", "--json"])
            .stdout
            .len()
            > 70_000
    );
    let mut child = baohou_cmd()
        .args(["due", "--db", db, "--as-of", "2026-11-23", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}

#[test]
fn an_installed_policy_is_in_force_for_due_and_a_changed_text_needs_a_new_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let db = db.to_str().unwrap();
    let notices = || {
        let o = baohou(&["due", "--db", db, "--as-of", "2026-11-23", "--json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        let n = v["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["kind"] == "maturity_notice" && t["state"] == "overdue")
            .count();
        (v["policy_version"].as_str().unwrap().to_owned(), n)
    };
    let (version, before) = notices();
    assert_eq!(version, "2026.2");

    let default = include_str!("../assets/policy/default.toml");
    let longer = default
        .replace("version = \"2026.2\"", "version = \"2027.1\"")
        .replace(
            "[maturity_notice]\nbefore = \"30 天\"",
            "[maturity_notice]\nbefore = \"120 天\"",
        );
    assert_ne!(longer, default);
    let file = dir.path().join("制度2027.toml");
    fs::write(&file, &longer).unwrap();
    let o = baohou(&["policy", file.to_str().unwrap(), "--install", "--db", db]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已安装为现行制度"), "{}", stdout(&o));
    let (version, after) = notices();
    assert_eq!(version, "2027.1");
    // Due 120 days before maturity instead of 30: more notices are already late.
    assert!(after > before, "overdue notices {before} → {after}");
    let info = stdout(&baohou(&["info", "--db", db]));
    assert!(
        info.contains("现行制度：保后管理制度（默认）（版本 2027.1）"),
        "{info}"
    );

    // Same version, other text: refused, and the policy in force stays.
    fs::write(&file, longer.replace("120 天", "90 天")).unwrap();
    let o = baohou(&["policy", file.to_str().unwrap(), "--install", "--db", db]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("制度版本 2027.1 已安装过，但内容不同"),
        "{}",
        stderr(&o)
    );
    assert_eq!(notices(), ("2027.1".to_owned(), after));
    // --db alone (without --install) is a usage error, not a silent check.
    assert!(
        !baohou(&["policy", file.to_str().unwrap(), "--db", db])
            .status
            .success()
    );
}

#[test]
fn a_company_checklist_template_is_checked_and_installed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.sqlite3");
    let db = db.to_str().unwrap();
    assert!(baohou(&["init", "--db", db]).status.success());
    let default = include_str!("../assets/checklist/default.toml");
    let file = dir.path().join("检查表.toml");
    fs::write(
        &file,
        default.replace("raises = \"X04\"", "raises = \"W99\""),
    )
    .unwrap();
    let o = baohou(&["checklist", file.to_str().unwrap(), "--install", "--db", db]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("检查表模板有误") && stderr(&o).contains("item[1].raises"),
        "{}",
        stderr(&o)
    );
    fs::write(
        &file,
        default.replace("version = \"2026.2\"", "version = \"2027.1\""),
    )
    .unwrap();
    let o = baohou(&["checklist", file.to_str().unwrap(), "--install", "--db", db]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("版本 2027.1"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("今后新开始的检查使用此模板"),
        "{}",
        stdout(&o)
    );
    let conn = laptop_db(std::path::Path::new(db));
    let version: String = conn
        .query_row("SELECT version FROM checklist_templates", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, "2027.1");
}

/// A released borrower past the retention: listed as due, exported to a folder of its own, then
/// removed; the audit chain still verifies, a second removal finds nothing, a borrower with an
/// active guarantee is refused with the reason.
#[test]
fn a_released_borrower_past_retention_is_exported_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let db_arg = db.to_str().unwrap();
    let o = baohou(&["retention", "--db", db_arg, "--as-of", "2027-01-01"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let listing = stdout(&o);
    assert!(listing.starts_with("解保后在本机保留 180 天"), "{listing}");
    let due = listing
        .lines()
        .find(|l| l.ends_with("已到期，可清除"))
        .unwrap_or_else(|| panic!("a borrower is due: {listing}"));
    let (id, name) = {
        let mut f = due.split('\t');
        (f.next().unwrap().to_owned(), f.next().unwrap().to_owned())
    };
    // `baohou key` shows the key and never makes one: the demo has issued no final report here.
    let o = baohou(&["key", "--db", db_arg]);
    assert!(stdout(&o).contains("本机尚无签名密钥"), "{}", stdout(&o));
    let out = dir.path().join("exports");
    fs::create_dir(&out).unwrap();
    let o = baohou(&[
        "export-borrower",
        "--db",
        db_arg,
        "--borrower",
        &id,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json = fs::read_to_string(out.join(format!("{name}-{id}")).join("borrower.json")).unwrap();
    assert!(json.contains(&name) && json.contains("\"visits\""));

    let o = baohou(&["remove-borrower", "--db", db_arg, "--borrower", &id]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("已从本机清除 {name}")),
        "{}",
        stdout(&o)
    );
    let o = baohou(&["verify", "--db", db_arg]);
    assert!(
        o.status.success() && stdout(&o).contains("审计日志完整"),
        "{}",
        stderr(&o)
    );
    let o = baohou(&["retention", "--db", db_arg, "--as-of", "2027-01-01"]);
    assert!(!stdout(&o).contains(&name));
    let left: i64 = laptop_db(&db)
        .query_row(
            "SELECT count(*) FROM borrowers WHERE name = ?1",
            [&name],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);

    let active: i64 = laptop_db(&db)
        .query_row(
            "SELECT borrower_id FROM guarantees WHERE status = 'active' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let o = baohou(&[
        "remove-borrower",
        "--db",
        db_arg,
        "--borrower",
        &active.to_string(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("尚未解保"), "{}", stderr(&o));
}

/// `baohou export ledger` writes the 保后管理台账 as an .xlsx (a zip) with one line per
/// guarantee, and a folder that does not exist is a clear error.
#[test]
fn the_ledger_is_exported_as_a_spreadsheet() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let out = dir.path().join("台账.xlsx");
    let o = baohou(&[
        "export",
        "ledger",
        "--db",
        db.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2026-11-23",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已导出保后管理台账"), "{}", stdout(&o));
    assert!(stdout(&o).contains("43 笔担保"), "{}", stdout(&o));
    let bytes = fs::read(&out).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip");
    let o = baohou(&[
        "export",
        "ledger",
        "--db",
        db.to_str().unwrap(),
        "--out",
        dir.path().join("无此目录/台账.xlsx").to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("无法写入导出文件")
            && stderr(&o).contains("无此目录")
            && stderr(&o).contains("所在文件夹不存在"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_gbk_csv_is_previewed_then_imported_once_and_the_ledger_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let db = db.to_str().unwrap();
    let csv = dir.path().join("在保明细.csv");
    let text = "合同编号,被担保人,贷款银行,担保品种,担保金额（万元）,起始日,到期日,风险等级,五级分类,项目经理,反担保方式\n\
        WT-NEW-1,新客户有限公司,中国银行嘉兴分行,流资,\"1,000\",2026/5/1,2027年4月30日,2,正常,张伟,抵押\n\
        WT-NEW-2,另一客户有限公司,中国银行嘉兴分行,流资,abc,2026-02-30,2027-01-01,5,正常,张伟,抵押\n";
    fs::write(&csv, encoding_rs::GBK.encode(text).0).unwrap();
    let file = csv.to_str().unwrap();
    let count = |o: &std::process::Output| stdout(o).matches("新增 WT-").count();

    // A preview: the good row, the broken one with its row number and reasons; nothing written.
    let o = baohou(&["import", file, "--db", db]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("按标题推断的对应关系（待确认）"), "{out}");
    assert!(out.contains("新增 WT-NEW-1 新客户有限公司"), "{out}");
    assert!(out.contains("（第 3 行） WT-NEW-2 “abc”不是金额"), "{out}");
    assert!(
        out.contains("（第 3 行） WT-NEW-2 “起始日”的“2026-02-30”不是日期"),
        "{out}"
    );
    assert!(out.contains("未写入"), "{out}");

    // Writing needs the mapping confirmed, then a choice about the broken row.
    let o = baohou(&["import", file, "--db", db, "--apply"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("第一次导入"), "{}", stderr(&o));
    let o = baohou(&["import", file, "--db", db, "--apply", "--confirm-mapping"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("有 1 行存在问题，未导入任何内容"),
        "{}",
        stderr(&o)
    );
    let o = baohou(&[
        "import",
        file,
        "--db",
        db,
        "--apply",
        "--confirm-mapping",
        "--skip-broken",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已导入"), "{}", stdout(&o));
    assert_eq!(count(&o), 1);

    // Again: the mapping is remembered and nothing is new.
    let o = baohou(&["import", file, "--db", db]);
    assert!(stdout(&o).contains("已确认过的对应关系"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("新增 0，更新 0，未变 1，有问题 1"),
        "{}",
        stdout(&o)
    );

    // The ledger, exported and imported, changes nothing (44 guarantees now).
    let ledger = dir.path().join("台账.xlsx");
    let o = baohou(&[
        "export",
        "ledger",
        "--db",
        db,
        "--out",
        ledger.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = baohou(&["import", ledger.to_str().unwrap(), "--db", db]);
    assert!(
        stdout(&o).contains("读到 44 行：新增 0，更新 0，未变 44，有问题 0"),
        "{}",
        stdout(&o)
    );

    // Files that are not spreadsheets say so.
    let photo = dir.path().join("photo.xlsx");
    fs::write(&photo, [0x89, b'P', b'N', b'G', 0, 0, 0, 0x0D, 1, 2, 3]).unwrap();
    let o = baohou(&["import", photo.to_str().unwrap(), "--db", db]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("不是电子表格"), "{}", stderr(&o));
}

/// A ledger copied from an older Chinese system keeps its name's GBK bytes (Linux; Windows names
/// are Unicode, and scripts/windows-test.sh skips this one): it is read, and named as its author
/// wrote it, not as "�ڱ���ϸ.csv".
#[cfg(unix)]
#[test]
fn a_file_whose_name_is_gbk_bytes_is_read_and_named_legibly() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let (name, _, bad) = encoding_rs::GBK.encode("在保明细.csv");
    assert!(!bad);
    let csv = dir.path().join(std::ffi::OsStr::from_bytes(&name));
    assert!(csv.to_str().is_none(), "a name that is not UTF-8");
    let text = "合同编号,被担保人,贷款银行,担保品种,担保金额（万元）,起始日,到期日,风险等级,五级分类,项目经理,反担保方式\n\
        WT-NEW-1,新客户有限公司,中国银行嘉兴分行,流资,\"1,000\",2026/5/1,2027年4月30日,2,正常,张伟,抵押\n";
    fs::write(&csv, encoding_rs::GBK.encode(text).0).unwrap();
    let o = baohou_cmd()
        .arg("import")
        .arg(&csv)
        .args(["--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("文件：在保明细.csv"), "{out}");
    assert!(out.contains("新增 WT-NEW-1 新客户有限公司"), "{out}");
}

#[test]
fn the_quarters_paperwork_is_exported_as_spreadsheets() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let db = db.to_str().unwrap();
    for (what, said, extra) in [
        ("plan", "已导出回访计划表", vec![]),
        ("plan", "已导出回访计划表", vec!["--quarter", "2027q2"]),
        ("risk-table", "已导出在保客户风险分类表", vec![]),
        ("overdue", "已导出逾期工作统计", vec![]),
        (
            "log",
            "已导出工作日志",
            vec!["--from", "2026-10-01", "--officer", "李娜"],
        ),
    ] {
        let out = dir.path().join(format!("{what}.xlsx"));
        let mut args = vec![
            "export",
            what,
            "--db",
            db,
            "--out",
            out.to_str().unwrap(),
            "--as-of",
            "2026-11-23",
        ];
        args.extend(extra);
        let o = baohou(&args);
        assert!(o.status.success(), "{what}: {}", stderr(&o));
        assert!(stdout(&o).contains(said), "{}", stdout(&o));
        assert_eq!(&fs::read(&out).unwrap()[..2], b"PK");
    }
    let o = baohou(&[
        "export",
        "plan",
        "--db",
        db,
        "--out",
        dir.path().join("x.xlsx").to_str().unwrap(),
        "--quarter",
        "2027Q5",
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("季度应写成如 2027Q1"), "{}", stderr(&o));
}

#[test]
fn the_checklist_template_is_edited_as_a_spreadsheet_and_installed_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let db = db.to_str().unwrap();
    let xlsx = dir.path().join("模板.xlsx");
    let o = baohou(&[
        "export",
        "checklist",
        "--db",
        db,
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("33 个检查项"), "{}", stdout(&o));

    // Edited as a person would (saved here as CSV): a new version and a question of its own.
    let grid = baohou_core::sheets::read::read_grid(&fs::read(&xlsx).unwrap()).unwrap();
    let mut rows: Vec<Vec<String>> = grid
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.text()).collect())
        .collect();
    let to_csv = |rows: &[Vec<String>]| {
        rows.iter()
            .map(|r| {
                r.iter()
                    .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    rows[1][12] = "2027.1".into();
    let mut new = vec![String::new(); rows[0].len()];
    for (c, v) in [
        "G01",
        "E 其他",
        "厂区消防通道是否畅通",
        "选择",
        "畅通；堵塞",
        "堵塞",
        "W36",
    ]
    .iter()
    .enumerate()
    {
        new[c] = (*v).into();
    }
    new[9] = "否".into();
    rows.push(new);
    let edited = dir.path().join("模板-2027.csv");
    fs::write(&edited, to_csv(&rows)).unwrap();
    let o = baohou(&[
        "checklist",
        edited.to_str().unwrap(),
        "--install",
        "--db",
        db,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("版本 2027.1，检查项 34"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("已安装"), "{}", stdout(&o));

    // A broken line is named by its row and column, and nothing is installed.
    rows[1][12] = "2027.2".into();
    rows[3][3] = "打分".into();
    let broken = dir.path().join("模板-坏.csv");
    fs::write(&broken, to_csv(&rows)).unwrap();
    let o = baohou(&[
        "checklist",
        broken.to_str().unwrap(),
        "--install",
        "--db",
        db,
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("第 4 行“答案类型”列：“打分”不是答案类型"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_compensation_and_its_recoveries_are_recorded_to_the_fen() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let (id, start, amount_fen, contract): (i64, String, i64, String) = laptop_db(&db)
        .query_row(
            "SELECT id, start_date, amount_fen, contract_no FROM guarantees
             WHERE status = 'active' ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    let db = db.to_str().unwrap();
    let id = id.to_string();
    let start: chrono::NaiveDate = start.parse().unwrap();
    let before = (start - chrono::Days::new(1)).to_string();
    let demanded = (start + chrono::Days::new(35)).to_string();
    let paid = (start + chrono::Days::new(40)).to_string();
    let principal = format!("{}.{:02}", amount_fen / 100 / 2, 0);

    // The bank's demand comes first (seed 004 二（二）): the same-day report and the 代偿方案
    // approved by the shareholders' meeting are owed from it.
    let demand = |on: &str| {
        baohou(&[
            "demand",
            "--db",
            db,
            "--guarantee",
            &id,
            "--on",
            on,
            "--amount",
            &principal,
            "--reference",
            "工行代偿通知书 2026-017",
        ])
    };
    let o = demand(&before);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("代偿要求日"), "{}", stderr(&o));
    let o = demand("2099-01-04");
    assert!(!o.status.success());
    assert!(stderr(&o).contains("晚于今天"), "{}", stderr(&o));
    let o = demand(&demanded);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已登记代偿要求"), "{}", stdout(&o));
    let o = demand(&demanded);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("不能重复登记"), "{}", stderr(&o));
    let o = baohou(&["due", "--db", db, "--as-of", &paid, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let owed = |kind: &str| {
        v["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["kind"] == kind && t["contract_no"] == contract.as_str())
            .cloned()
            .unwrap_or_else(|| panic!("{kind} owed: {v}"))
    };
    assert_eq!(owed("demand_report")["due"], demanded.as_str());
    assert_eq!(
        owed("demand_report")["rule"],
        "after_compensation.demand_report_within"
    );
    let plan = owed("compensation_plan");
    assert_eq!(plan["rule"], "after_compensation.compensation_plan_within");
    let o = baohou(&[
        "done",
        "--db",
        db,
        "--contract",
        &contract,
        "--kind",
        "compensation_plan",
        "--due",
        plan["due"].as_str().unwrap(),
        "--on",
        &demanded,
        "--reference",
        "股东会决议〔2026〕3号",
        "--note",
        "担保评审委员会审查、总经理审定，股东会批准",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = baohou(&["due", "--db", db, "--as-of", &paid, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let plan = v["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "compensation_plan" && t["contract_no"] == contract.as_str())
        .cloned()
        .unwrap_or_default();
    assert_eq!(plan["state"], "done", "{plan}");

    let o = baohou(&[
        "compensate",
        "--db",
        db,
        "--guarantee",
        &id,
        "--paid-on",
        &before,
        "--principal",
        "1000",
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("早于担保起始日"), "{}", stderr(&o));

    let o = baohou(&[
        "compensate",
        "--db",
        db,
        "--guarantee",
        &id,
        "--paid-on",
        &paid,
        "--principal",
        &principal,
        "--interest",
        "1,234.56",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("尚未收回"), "{}", stdout(&o));
    let status: String = laptop_db(std::path::Path::new(db))
        .query_row("SELECT status FROM guarantees WHERE id = ?1", [&id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(status, "compensated");

    let o = baohou(&[
        "recover",
        "--db",
        db,
        "--guarantee",
        &id,
        "--received-on",
        &paid,
        "--amount",
        "0.01",
        "--source",
        "borrower",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已收回 0.01 元"), "{}", stdout(&o));
    let o = baohou(&[
        "recover",
        "--db",
        db,
        "--guarantee",
        &id,
        "--received-on",
        &paid,
        "--amount",
        "1亿",
        "--source",
        "court",
    ]);
    assert!(!o.status.success());
    let o = baohou(&[
        "recover",
        "--db",
        db,
        "--guarantee",
        &id,
        "--received-on",
        &paid,
        "--amount",
        "99999999",
        "--source",
        "court",
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("超过尚未收回的"), "{}", stderr(&o));
}

#[test]
fn a_signal_recorded_from_the_file_owes_its_check_and_report_and_is_not_recorded_twice() {
    // Seed 004 ② "根据担保的预警提示…进行专项检查": a signal known from a bank's notice, without a
    // visit, owes the same check and reports as one seen on a visit.
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let (id, contract): (i64, String) = laptop_db(&db)
        .query_row(
            "SELECT g.id, g.contract_no FROM guarantees g WHERE g.status = 'active'
               AND NOT EXISTS (SELECT 1 FROM signals s WHERE s.guarantee_id = g.id
                                AND s.code = 'W26' AND s.status = 'open')
             ORDER BY g.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let (db, id) = (db.to_str().unwrap(), id.to_string());
    let signal = |code: &str, on: &str, evidence: &str| {
        baohou(&[
            "signal",
            "--db",
            db,
            "--guarantee",
            &id,
            "--code",
            code,
            "--on",
            on,
            "--source",
            "bank_notice",
            "--evidence",
            evidence,
        ])
    };
    let notice = "农行来函（2026）第 88 号：授信 1,200 万元到期不再续作，要求 12 月 31 日前归还";
    let o = signal("W99", "2026-11-20", notice);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("不是预警信号目录中的代码"),
        "{}",
        stderr(&o)
    );
    let o = signal("W26", "2026-11-20", " ");
    assert!(!o.status.success());
    assert!(stderr(&o).contains("请写明依据"), "{}", stderr(&o));
    let o = signal("W26", "2099-01-05", notice);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("晚于今天"), "{}", stderr(&o));
    let o = signal("W26", "2026-11-20", notice);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("W26") && stdout(&o).contains("贷款银行通知：农行来函"),
        "{}",
        stdout(&o)
    );
    let o = signal("W26", "2026-11-21", notice);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("自 2026-11-20 起仍未解除"),
        "{}",
        stderr(&o)
    );
    // W26 is 较大: its 重点检查 within 2 working days of Fri 11-20 (Tue 11-24) and the same-day
    // report.
    let o = baohou(&["due", "--db", db, "--as-of", "2026-11-23", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let signal_id: i64 = laptop_db(std::path::Path::new(db))
        .query_row(
            "SELECT id FROM signals WHERE guarantee_id = ?1 AND code = 'W26' AND visit_id IS NULL",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    let anchor = format!("signal:{signal_id}");
    let due = |kind: &str| {
        v["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| {
                t["kind"] == kind
                    && t["contract_no"] == contract.as_str()
                    && t["anchor"] == anchor.as_str()
            })
            .map(|t| t["due"].as_str().unwrap().to_owned())
            .unwrap_or_else(|| panic!("{kind} for {anchor}: {v}"))
    };
    assert_eq!(due("emergency_check"), "2026-11-24");
    assert_eq!(due("signal_report"), "2026-11-20");
}
