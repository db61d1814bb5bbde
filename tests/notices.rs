//! The rest of a guarantee's life through the `baohou` CLI on the demo database: an overdue, its
//! bucket, the contact log with a promise that is broken, repayments to the 分, and the notices
//! to the borrower with their delivery and receipt, the PDFs read back with poppler.

use baohou_tests::*;
use chrono::{Days, NaiveDate};
use std::process::Output;

/// "8000000" → "8,000,000".
fn group(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}\n{}", stdout(o), stderr(o));
    stdout(o)
}

fn refused(o: &Output, words: &str) {
    assert!(!o.status.success(), "{}", stdout(o));
    assert!(stderr(o).contains(words), "{words} in: {}", stderr(o));
}

#[test]
fn an_overdue_is_collected_noticed_and_receipted_with_every_bad_entry_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    // An active guarantee that started at least 90 days before the demo's day, so that every day
    // below has passed (the CLI refuses days after today).
    let (id, start, amount_fen): (i64, String, i64) = laptop_db(&db)
        .query_row(
            "SELECT id, start_date, amount_fen FROM guarantees
             WHERE status = 'active' AND start_date <= '2026-08-01'
               AND EXISTS (SELECT 1 FROM counter_guarantees c WHERE c.guarantee_id = guarantees.id
                            AND c.kind IN ('mortgage', 'pledge'))
             ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let start: NaiveDate = start.parse().unwrap();
    let day = |n: u64| (start + Days::new(n)).to_string();
    let (db, id) = (db.to_str().unwrap(), id.to_string());
    let run = |args: &[&str]| {
        let mut all = vec![args[0], "--db", db];
        all.extend_from_slice(&args[1..]);
        baohou(&all)
    };
    let pdf = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();

    // No overdue yet: no overdue notice.
    refused(
        &run(&[
            "notice",
            "--guarantee",
            &id,
            "--kind",
            "overdue",
            "--out",
            &pdf("x.pdf"),
        ]),
        "没有未结清的逾期",
    );
    // The bank's notice cannot come before the day the payment fell due.
    refused(
        &run(&[
            "overdue",
            "--guarantee",
            &id,
            "--due-on",
            &day(30),
            "--known-on",
            &day(29),
            "--principal",
            "100000",
        ]),
        "获知日",
    );
    let out = ok(&run(&[
        "overdue",
        "--guarantee",
        &id,
        "--due-on",
        &day(30),
        "--known-on",
        &day(31),
        "--principal",
        "100000",
        "--interest",
        "1234.56",
    ]));
    assert!(out.contains("逾期余额 101,234.56 元"), "{out}");
    refused(
        &run(&[
            "overdue",
            "--guarantee",
            &id,
            "--due-on",
            &day(40),
            "--principal",
            "1",
        ]),
        "尚未结清",
    );

    // A promise from nobody reached is refused; the borrower's promise is kept in the log.
    refused(
        &run(&[
            "contact",
            "--guarantee",
            &id,
            "--channel",
            "phone",
            "--party",
            "nobody",
            "--summary",
            "关机",
            "--promise-amount",
            "1",
            "--promise-by",
            &day(40),
        ]),
        "未联系上任何人",
    );
    let at = format!("{}T10:30:00+08:00", day(32));
    ok(&run(&[
        "contact",
        "--guarantee",
        &id,
        "--channel",
        "电话",
        "--party",
        "borrower",
        "--person",
        "法定代表人",
        "--summary",
        "称货款未回笼，承诺先还 3 万",
        "--at",
        &at,
        "--promise-amount",
        "3万",
        "--promise-by",
        &day(35),
    ]));
    let out = ok(&run(&[
        "repay",
        "--guarantee",
        &id,
        "--paid-on",
        &day(34),
        "--principal",
        "20000",
        "--voucher",
        "HD-0001",
    ]));
    assert!(out.contains("逾期余额 81,234.56 元"), "{out}");
    // More principal than is outstanding of the amount guaranteed is refused.
    let rest = format!("{}.01", (amount_fen - 2_000_000) / 100);
    refused(
        &run(&[
            "repay",
            "--guarantee",
            &id,
            "--paid-on",
            &day(36),
            "--principal",
            &rest,
        ]),
        "超过尚未归还的本金",
    );

    // The promise passed with 20,000 of 30,000 paid: broken, its signal raised once.
    let out = ok(&run(&["collection", "--guarantee", &id]));
    assert!(
        out.contains("催收记录触发预警（承诺还款未兑现、逾期超过期限）：1"),
        "{out}"
    );
    assert!(out.contains("（未兑现）"), "{out}");
    assert!(out.contains("HD-0001"), "{out}");
    let out = ok(&run(&["collection", "--guarantee", &id]));
    assert!(!out.contains("触发预警"), "raised once: {out}");
    let signals: i64 = laptop_db(std::path::Path::new(db))
        .query_row(
            "SELECT count(*) FROM signals WHERE guarantee_id = ?1 AND code = 'X09'",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(signals, 1);

    // The agenda owes the next contact, the broken promise's follow-up and the first overdue
    // notice, each with its reason.
    let today = chrono::Local::now().date_naive().to_string();
    let out = ok(&run(&["due", "--as-of", &today]));
    for owed in ["逾期催收联系", "承诺还款未兑现跟进", "逾期催收通知书"] {
        assert!(out.contains(owed), "{owed} in the agenda");
    }

    // The overdue notice with its receipt page.
    let out = ok(&run(&[
        "notice",
        "--guarantee",
        &id,
        "--kind",
        "overdue",
        "--out",
        &pdf("cs.pdf"),
    ]));
    let no = out
        .split_whitespace()
        .find(|w| w.contains("-CS-"))
        .and_then(|w| w.split('：').next())
        .unwrap()
        .to_owned();
    let text = pdf_text(std::path::Path::new(&pdf("cs.pdf")));
    for words in [
        "逾期催收通知书",
        "回执",
        "逾期余额合计人民币81,234.56元",
        "尚欠本金人民币100,000.00元、利息人民币1,234.56元",
        &no,
        "借款人（盖章）",
    ] {
        assert!(text.contains(words), "{words} in {text}");
    }
    let info = std::process::Command::new("pdfinfo")
        .arg(pdf("cs.pdf"))
        .output()
        .unwrap();
    assert!(
        stdout(&info)
            .lines()
            .any(|l| l.starts_with("Pages:") && l.split_whitespace().last() == Some("2")),
        "{}",
        stdout(&info)
    );

    // One undelivered notice of a kind at a time; a receipt only after delivery, once.
    refused(
        &run(&[
            "notice",
            "--guarantee",
            &id,
            "--kind",
            "overdue",
            "--out",
            &pdf("cs2.pdf"),
        ]),
        "尚未登记送达",
    );
    refused(
        &run(&["notice-receipt", "--no", &no, "--on", &day(50)]),
        "尚未送达",
    );
    refused(
        &run(&["notice-delivered", "--no", &no, "--on", "2020-01-01"]),
        "早于通知书的签发日",
    );
    let today = chrono::Local::now().date_naive().to_string();
    ok(&run(&[
        "notice-delivered",
        "--no",
        &no,
        "--on",
        &today,
        "--method",
        "post",
        "--note",
        "EMS 1234",
    ]));
    refused(
        &run(&["notice-delivered", "--no", &no, "--on", &today]),
        "已于",
    );
    ok(&run(&["notice-receipt", "--no", &no, "--on", &today]));
    refused(
        &run(&["notice-receipt", "--no", &no, "--on", &today]),
        "已于",
    );

    // A maturity notice has no receipt.
    let out = ok(&run(&[
        "notice",
        "--guarantee",
        &id,
        "--kind",
        "maturity",
        "--out",
        &pdf("dq.pdf"),
    ]));
    let dq = out
        .split_whitespace()
        .find(|w| w.contains("-DQ-"))
        .and_then(|w| w.split('：').next())
        .unwrap()
        .to_owned();
    let text = pdf_text(std::path::Path::new(&pdf("dq.pdf")));
    assert!(
        text.contains("担保到期通知书") && !text.contains("回执"),
        "{text}"
    );
    ok(&run(&["notice-delivered", "--no", &dq, "--on", &today]));
    refused(
        &run(&["notice-receipt", "--no", &dq, "--on", &today]),
        "没有回执",
    );
    let out = ok(&run(&["notices", "--guarantee", &id]));
    assert!(
        out.contains(&format!("{no} 逾期催收通知书")) && out.contains("回执收回"),
        "{out}"
    );

    // Release: refused while principal is outstanding or the overdue is open; then the rest
    // repaid with its voucher, the confirmation and the archive checklist are issued.
    refused(
        &run(&[
            "release",
            "--guarantee",
            &id,
            "--on",
            &day(60),
            "--out",
            &pdf("jb.pdf"),
        ]),
        "逾期尚未结清",
    );
    let partial = format!("{}", (amount_fen - 2_000_000) / 100 - 1);
    let out = ok(&run(&[
        "repay",
        "--guarantee",
        &id,
        "--paid-on",
        &day(50),
        "--principal",
        &partial,
        "--interest",
        "1234.56",
        "--voucher",
        "工行回单 0091",
    ]));
    assert!(out.contains("逾期已结清"), "{out}");
    refused(
        &run(&[
            "release",
            "--guarantee",
            &id,
            "--on",
            &day(60),
            "--out",
            &pdf("jb.pdf"),
        ]),
        "还有本金 1.00 元未归还",
    );
    // The last 1.00 paid, its voucher scanned: a file that is not a whole image records nothing.
    let scan = dir.path().join("回单.jpg");
    image::RgbImage::from_fn(1200, 800, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x + y) % 239) as u8])
    })
    .save(&scan)
    .unwrap();
    let bytes = std::fs::read(&scan).unwrap();
    let cut = dir.path().join("cut.jpg");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let repay_last = |file: &std::path::Path| {
        run(&[
            "repay",
            "--guarantee",
            &id,
            "--paid-on",
            &day(55),
            "--principal",
            "1",
            "--voucher-file",
            file.to_str().unwrap(),
        ])
    };
    refused(&repay_last(&cut), "cut.jpg");
    let out = ok(&repay_last(&scan));
    let scanned = out
        .lines()
        .find(|l| l.contains("扫描件 回单.jpg"))
        .and_then(|l| l.trim().strip_prefix('['))
        .and_then(|l| l.split(']').next())
        .unwrap_or_else(|| panic!("the scan listed: {out}"))
        .to_owned();
    refused(
        &run(&[
            "voucher-scan",
            "--guarantee",
            &id,
            "--repayment",
            &scanned,
            "--file",
            scan.to_str().unwrap(),
        ]),
        "已附扫描件",
    );
    refused(
        &run(&[
            "release",
            "--guarantee",
            &id,
            "--on",
            &day(54),
            "--out",
            &pdf("jb.pdf"),
        ]),
        "早于最后一笔还款日",
    );
    let out = ok(&run(&[
        "release",
        "--guarantee",
        &id,
        "--on",
        &day(60),
        "--out",
        &pdf("jb.pdf"),
    ]));
    assert!(out.contains("已解保") && out.contains("-JB-"), "{out}");
    let text = pdf_text(std::path::Path::new(&pdf("jb.pdf")));
    for words in [
        "免除担保责任确认表",
        "档案移交清单（一户一档）",
        "工行回单0091",
        &format!("{}.00元已全部归还", group(amount_fen / 100)),
        "总经理意见",
        "接收人（档案管理部门）",
        "（扫描件附后）",
        "附：还款凭证扫描件",
        "回单.jpg",
    ] {
        assert!(text.contains(words), "{words} in {text}");
    }
    // The scan on a page of its own after the checklist, as an image.
    let info = std::process::Command::new("pdfinfo")
        .arg(pdf("jb.pdf"))
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&info.stdout)
            .lines()
            .any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(" 3")),
        "{}",
        String::from_utf8_lossy(&info.stdout)
    );
    let images = std::process::Command::new("pdfimages")
        .args(["-list", &pdf("jb.pdf")])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&images.stdout);
    assert!(
        listed.lines().any(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            // page 3, an image, 3:2 like the scan (the PDF keeps at most 1024 pixels a side)
            f.len() > 4 && f[0] == "3" && f[2] == "image" && f[3] == "1024" && f[4] == "683"
        }),
        "{listed}"
    );
    refused(
        &run(&[
            "archive",
            "--guarantee",
            &id,
            "--on",
            &day(59),
            "--receiver",
            "档案室",
        ]),
        "早于解保日",
    );
    ok(&run(&[
        "archive",
        "--guarantee",
        &id,
        "--on",
        &day(61),
        "--receiver",
        "档案室 王芳",
    ]));
    refused(
        &run(&[
            "archive",
            "--guarantee",
            &id,
            "--on",
            &day(62),
            "--receiver",
            "档案室",
        ]),
        "档案已于",
    );
    // Its mortgage's or pledge's 有权凭证 go back against a signed receipt (seed 003 "应将抵押、
    // 质押物的有权凭证交还抵押、质押人，并做好签收登记"): the agenda owes it until recorded, once.
    let titles = |on: &str, receiver: &str| {
        run(&[
            "titles-returned",
            "--guarantee",
            &id,
            "--on",
            on,
            "--receiver",
            receiver,
            "--documents",
            "不动产权证书 沪(2025)第0012345号、他项权利证书",
        ])
    };
    let owed = ok(&run(&["due", "--as-of", &day(62)]));
    assert!(owed.contains("交还有权凭证"), "{owed}");
    refused(&titles(&day(59), "抵押人 李强"), "早于解保日");
    refused(&titles(&day(61), " "), "请填写签收人");
    let out = ok(&titles(&day(61), "抵押人 李强"));
    assert!(
        out.contains("抵押人 李强") && out.contains("他项权利证书"),
        "{out}"
    );
    refused(&titles(&day(62), "抵押人 李强"), "已于");
    let record = pdf("record.pdf");
    ok(&run(&[
        "collection-record",
        "--guarantee",
        &id,
        "--out",
        &record,
    ]));
    let text = pdf_text(std::path::Path::new(&record)).replace([' ', '\n'], "");
    assert!(
        text.contains(
            "有权凭证（不动产权证书沪(2025)第0012345号、他项权利证书）交还，抵押人李强签收"
        ),
        "{text}"
    );
    refused(
        &run(&[
            "notice",
            "--guarantee",
            &id,
            "--kind",
            "overdue",
            "--out",
            &pdf("after.pdf"),
        ]),
        "已解保",
    );

    // A released guarantee gets no notice and no collection.
    let released: i64 = laptop_db(std::path::Path::new(db))
        .query_row(
            "SELECT id FROM guarantees WHERE status = 'released' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let released = released.to_string();
    refused(
        &run(&[
            "notice",
            "--guarantee",
            &released,
            "--kind",
            "maturity",
            "--out",
            &pdf("r.pdf"),
        ]),
        "已解保",
    );
    refused(
        &run(&[
            "overdue",
            "--guarantee",
            &released,
            "--due-on",
            &day(30),
            "--principal",
            "1",
        ]),
        "已解保",
    );
}

#[test]
fn a_withdrawal_is_proposed_with_its_evidence_printed_and_decided_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    // An active guarantee with an open warning signal and counter-guarantees, and another
    // guarantee's signal.
    let (id, signal, code): (i64, i64, String) = laptop_db(&db)
        .query_row(
            "SELECT g.id, s.id, s.code FROM signals s JOIN guarantees g ON g.id = s.guarantee_id
             WHERE g.status = 'active' AND s.status = 'open'
               AND EXISTS (SELECT 1 FROM counter_guarantees c WHERE c.guarantee_id = g.id)
             ORDER BY s.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let foreign: i64 = laptop_db(&db)
        .query_row(
            "SELECT id FROM signals WHERE guarantee_id <> ?1 LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    let (db, id) = (db.to_str().unwrap(), id.to_string());
    let pdf = dir.path().join("cb.pdf");
    let pdf_s = pdf.to_str().unwrap();
    let propose = |signal: i64| {
        baohou(&[
            "withdraw",
            "--db",
            db,
            "--guarantee",
            &id,
            "--ground",
            "funds_misused",
            "--ground",
            "major_risk",
            "--facts",
            "贷款 300 万元中 120 万元转入股东个人账户购买理财产品",
            "--signal",
            &signal.to_string(),
            "--proposal",
            "书面通知贷款银行撤保；要求借款人十日内归还挪用的 120 万元并追加抵押",
            "--proposer",
            "张伟",
            "--out",
            pdf_s,
        ])
    };
    refused(&propose(foreign), "不属于这笔担保");
    let out = ok(&propose(signal));
    let no = out
        .split_whitespace()
        .find(|w| w.contains("-CB-"))
        .and_then(|w| w.split('：').next())
        .unwrap()
        .to_owned();
    let text = pdf_text(&pdf);
    for words in [
        "撤销担保审批表",
        "■担保贷款未按担保审报时的用途使用",
        "□被担保企业提供虚假资料或具有欺诈行为",
        "■出现重大经营失误",
        &code,
        "120万元转入股东个人账户",
        "总经理意见",
        &no,
    ] {
        assert!(text.contains(words), "{words} in {text}");
    }
    // One proposal waits at a time, and the agenda owes its decision.
    refused(&propose(signal), "尚待总经理审批");
    let today = chrono::Local::now().date_naive().to_string();
    let out = ok(&baohou(&["due", "--db", db, "--as-of", &today]));
    assert!(out.contains("撤保审批"), "{out}");
    refused(
        &baohou(&[
            "withdraw-decision",
            "--db",
            db,
            "--no",
            &no,
            "--decision",
            "approved",
            "--on",
            "2020-01-01",
            "--by",
            "总经理 陈",
        ]),
        "早于申请日",
    );
    let out = ok(&baohou(&[
        "withdraw-decision",
        "--db",
        db,
        "--no",
        &no,
        "--decision",
        "approved",
        "--on",
        &today,
        "--by",
        "总经理 陈",
    ]));
    assert!(out.contains("同意撤保"), "{out}");
    refused(&propose(signal), "获批，无需再次申请");
    refused(
        &baohou(&[
            "withdraw-decision",
            "--db",
            db,
            "--no",
            &no,
            "--decision",
            "rejected",
            "--on",
            &today,
            "--by",
            "总经理 陈",
        ]),
        "已于",
    );
    let out = ok(&baohou(&["due", "--db", db, "--as-of", &today]));
    assert!(!out.contains("撤保审批"), "decided: {out}");

    // The approval sets in motion: the bank notice and the counter-guarantees' enforcement.
    assert!(out.contains("撤保通知贷款银行"), "{out}");
    assert!(out.contains("执行反担保"), "{out}");
    let bank = |on: &str| {
        baohou(&[
            "withdraw-bank-notice",
            "--db",
            db,
            "--no",
            &no,
            "--on",
            on,
            "--note",
            "撤保通知函专人送达贷款银行信贷部，经办人签收",
        ])
    };
    refused(&bank("2020-01-01"), "早于批准日");
    assert!(ok(&bank(&today)).contains("已通知贷款银行"));
    refused(&bank(&today), "已于");

    let out = ok(&baohou(&["enforcement", "--db", db, "--guarantee", &id]));
    assert!(out.contains("撤保获批"), "{out}");
    // The first counter-guarantee and its first step, as listed: "[7] 抵押：…" then "  · code …".
    let cg = out
        .lines()
        .find_map(|l| l.strip_prefix('[').and_then(|r| r.split(']').next()))
        .unwrap()
        .to_owned();
    let step = out
        .lines()
        .find_map(|l| l.strip_prefix("  · "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_owned();
    let enforce = |on: &str, note: &str| {
        baohou(&[
            "enforce",
            "--db",
            db,
            "--guarantee",
            &id,
            "--counter-guarantee",
            &cg,
            "--step",
            &step,
            "--on",
            on,
            "--note",
            note,
        ])
    };
    refused(&enforce("2020-01-01", "已办理"), "早于开始执行反担保之日");
    refused(&enforce(&today, " "), "请写明执行情况");
    ok(&enforce(&today, "（2026）浙0402财保 88 号，已查封"));
    let out = ok(&baohou(&["enforcement", "--db", db, "--guarantee", &id]));
    assert!(
        out.contains("已执行 （2026）浙0402财保 88 号，已查封"),
        "{out}"
    );
}
