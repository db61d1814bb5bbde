//! The 保后检查表 as a reader gets it: `baohou report` on the demo database, read back with
//! poppler's tools (the text layer, the fonts, the page size) and page 1 rendered against a
//! reference image.

use baohou_tests::{baohou, demo_db, laptop_db, pdf_text, repo_root, stderr, stdout};
use std::path::{Path, PathBuf};
use std::process::Command;

fn tool(name: &str, args: &[&str]) -> String {
    let o = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} runs (poppler-utils, installed by scripts/setup.sh): {e}")
    });
    assert!(
        o.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The demo's showcase: the completed, corrected visit with photos.
fn showcase(db: &Path) -> i64 {
    let conn = laptop_db(db);
    conn.query_row(
        "SELECT v.id FROM visits v WHERE v.status = 'completed'
           AND EXISTS (SELECT 1 FROM photos p WHERE p.visit_id = v.id) ORDER BY v.id LIMIT 1",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

/// The demo database in `dir`, and its showcase visit's report issued to `dir/report.pdf` by the
/// CLI; returns both paths and what the CLI printed.
fn showcase_report(dir: &Path) -> (PathBuf, PathBuf, String) {
    let db = demo_db(dir, "2026-11-23");
    let id = showcase(&db).to_string();
    let pdf = dir.join("report.pdf");
    let o = baohou(&[
        "report",
        "--db",
        db.to_str().unwrap(),
        "--visit",
        &id,
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    (db, pdf, stdout(&o))
}

#[test]
fn the_report_reads_back_with_its_text_fonts_and_pages() {
    let dir = tempfile::tempdir().unwrap();
    let (db, pdf, printed) = showcase_report(dir.path());
    let id = showcase(&db);
    // The number carries the laptop's code: BHJC-{code}-20261120-….
    let no = printed.split('\t').nth(1).unwrap_or_default();
    let code = no
        .strip_prefix("BHJC-")
        .and_then(|r| r.get(..5))
        .unwrap_or_default();
    assert!(
        baohou_core::numbering::LaptopCode::parse(code).is_ok()
            && no.starts_with(&format!("BHJC-{code}-20261120-")),
        "{printed}"
    );

    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(
        info.contains("Page size:       595.276 x 841.89 pts (A4)"),
        "{info}"
    );
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(pages >= 5, "{pages} pages");

    // Every font is embedded and subset (emb, sub, uni all "yes").
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in &rows {
        assert!(row.contains("+NotoSansCJKsc-"), "{row}");
        assert!(
            row.contains("yes yes yes"),
            "not embedded and subset: {row}"
        );
    }

    let squeezed = pdf_text(&pdf);
    let conn = laptop_db(&db);
    let borrower: String = conn
        .query_row(
            "SELECT b.name FROM visits v JOIN guarantees g ON g.id = v.guarantee_id
             JOIN borrowers b ON b.id = g.borrower_id WHERE v.id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    for expected in [
        borrower.as_str(),
        "担保业务保后检查表",
        "定期检查报告",
        "更正版（第 2 版）",
        "一、检查事项",
        "A 生产经营",
        "D 担保落实",
        "二、库存盘点",
        "三、工人访谈",
        "四、财务状况",
        "五、预警信号",
        "六、检查结论",
        "七、风险防范措施及建议",
        "八、借款人确认意见",
        "九、检查人员签字",
        "十、审核意见",
        "业务部经理意见",
        "风控部主管意见",
        "风控部经理意见",
        "总经理意见",
        "附：现场照片",
        "拍摄时间与检查日期不符",
    ] {
        let expected: String = expected.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(
            squeezed.contains(&expected),
            "the text layer lacks {expected}"
        );
    }
    for page in 1..=pages {
        let footer = format!("第{page}页/共{pages}页");
        assert!(squeezed.contains(&footer), "no {footer}");
    }

    // The report is recorded as issued, with the digest the CLI printed.
    let (no, digest): (String, String) = conn
        .query_row(
            "SELECT document_no, content_sha256 FROM reports WHERE visit_id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(printed.contains(&no) && printed.contains(&digest));
    assert!(squeezed.contains(&format!("内容摘要SHA-256：{}", &digest[..16])));

    // The photos, and the two signatures drawn on screen, are pictures in it.
    let photos: i64 = conn
        .query_row(
            "SELECT count(*) FROM photos WHERE visit_id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    let images = tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
    assert_eq!(images.lines().count() as i64 - 2, photos + 2, "{images}");
}

#[test]
fn page_one_looks_like_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    let (_, pdf, _) = showcase_report(dir.path());
    let prefix = dir.path().join("page");
    tool(
        "pdftoppm",
        &[
            "-r",
            "50",
            "-gray",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let rendered = image::open(dir.path().join("page.png")).unwrap().to_luma8();
    let reference_path = repo_root().join("tests/reference/report-page-1.png");
    if std::env::var_os("UPDATE_REFERENCE").is_some() {
        rendered.save(&reference_path).unwrap();
    }
    let reference = image::open(&reference_path)
        .expect("tests/reference/report-page-1.png (UPDATE_REFERENCE=1 writes it)")
        .to_luma8();
    assert_eq!(rendered.dimensions(), reference.dimensions());
    let (mut total, mut far) = (0u64, 0u64);
    for (a, b) in rendered.pixels().zip(reference.pixels()) {
        let diff = u64::from(a[0].abs_diff(b[0]));
        total += diff;
        if diff > 96 {
            far += 1;
        }
    }
    let n = u64::from(rendered.width() * rendered.height());
    let mean = total as f64 / n as f64;
    // The generation time in the footer differs from run to run; everything else must match.
    assert!(
        mean < 1.5,
        "page 1 differs from the reference: mean difference {mean:.2}"
    );
    assert!(
        far * 1000 < n * 5,
        "{far} of {n} pixels differ strongly from the reference"
    );
}

#[test]
fn a_draft_is_marked_and_a_missing_visit_or_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let conn = laptop_db(&db);
    let draft: i64 = conn
        .query_row(
            "SELECT id FROM visits WHERE status = 'draft' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let draft = draft.to_string();
    let pdf = dir.path().join("draft.pdf");
    let dbs = db.to_str().unwrap();

    let o = baohou(&[
        "report",
        "--db",
        dbs,
        "--visit",
        &draft,
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("尚未完成"), "{}", stderr(&o));
    assert!(!pdf.exists());

    let o = baohou(&[
        "report",
        "--db",
        dbs,
        "--visit",
        &draft,
        "--draft",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(
        text.contains("草稿，非正式文件"),
        "the title says it is a draft"
    );
    let pages = text.matches('\u{c}').count();
    assert!(pages >= 2);
    assert!(
        text.matches("草稿，非正式文件").count() > pages,
        "the head of every page says it is a draft"
    );
    let issued: i64 = conn
        .query_row("SELECT count(*) FROM reports", [], |r| r.get(0))
        .unwrap();
    assert_eq!(issued, 0, "a draft is not recorded");

    let o = baohou(&[
        "report",
        "--db",
        dbs,
        "--visit",
        "999999",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("999999"), "{}", stderr(&o));

    let nowhere = dir.path().join("no/such/folder/r.pdf");
    let showcase = showcase(&db).to_string();
    let o = baohou(&[
        "report",
        "--db",
        dbs,
        "--visit",
        &showcase,
        "--out",
        nowhere.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("无法写入检查表文件") && stderr(&o).contains("no/such/folder"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn every_completed_visit_goes_out_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let out = dir.path().join("reports");
    let o = baohou(&[
        "report",
        "--db",
        db.to_str().unwrap(),
        "--all-completed",
        "--out-dir",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let conn = laptop_db(&db);
    let completed: i64 = conn
        .query_row(
            "SELECT count(*) FROM visits WHERE status = 'completed'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len() as i64, completed);
    assert!(
        files
            .iter()
            .all(|f| f.extension().is_some_and(|e| e == "pdf"))
    );
    assert!(
        files
            .iter()
            .all(|f| !f.file_name().unwrap().to_string_lossy().starts_with('.'))
    );
    let issued: i64 = conn
        .query_row("SELECT count(*) FROM reports", [], |r| r.get(0))
        .unwrap();
    assert_eq!(issued, completed);
}

/// 今日路线: the demo's day printed on one A4 sheet, the stops in the route's order with their
/// addresses, contacts and legs; the page kept as `artifacts/route-sheet.png` to look at.
#[test]
fn the_days_route_prints_on_one_a4_sheet_in_its_order_with_addresses_and_contacts() {
    use baohou_core::i18n::Locale;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let mut session = baohou_tests::demo_session(&db, dir.path().join("print"));
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    // One officer's day (the agenda filtered to them): the first with two stops or more.
    let (everyone, route) = baohou_tests::officers_routes(&session, day)
        .into_iter()
        .find(|(_, r)| r.stops.len() >= 2)
        .expect("an officer with two stops or more");
    // The officer puts the last stop first.
    let first = route.stops.last().unwrap().borrower_id;
    let file = session
        .print_day_route(Locale::ZhCn, day, &everyone, &[first])
        .unwrap();
    let mine = session
        .day_route(Locale::ZhCn, day, &everyone, &[first])
        .unwrap();
    let pdf = PathBuf::from(&file.path);
    assert_eq!(file.pages, 1, "one A4 sheet");
    assert!(tool("pdfinfo", &[pdf.to_str().unwrap()]).contains("595.276 x 841.89 pts (A4)"));
    // (pdftotext's text without its spaces.)
    let text = pdf_text(&pdf);
    let bare = |s: &str| s.replace(' ', "");
    assert!(text.contains("今日路线·2026-11-23"), "{text}");
    assert!(text.contains("检查人员调整后的顺序"), "{text}");
    assert!(text.contains("返回公司本部"), "{text}");
    // Each stop with its address and contact, in the officer's order.
    let mut at = 0;
    for stop in &mine.stops {
        let found = text[at..]
            .find(&bare(&stop.borrower))
            .unwrap_or_else(|| panic!("{} after {at}: {text}", stop.borrower));
        at += found;
        for part in [&stop.address, &stop.contact_phone].into_iter().flatten() {
            assert!(text.contains(&bare(part)), "{part}: {text}");
        }
    }
    assert_eq!(mine.stops[0].borrower_id, first);
    let png = repo_root().join("artifacts/route-sheet");
    std::fs::create_dir_all(repo_root().join("artifacts")).unwrap();
    let out = Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            "80",
            "-singlefile",
            pdf.to_str().unwrap(),
            png.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(out.success());
}

/// 检查前准备: one officer's day in one file, a page per stop in the route's order, each with the
/// borrower's contacts, the last visit, the open signals, what to count and the checklist's
/// questions; pages kept as `artifacts/briefing-*.png` to look at.
#[test]
fn the_days_briefing_is_one_page_per_stop_in_the_routes_order() {
    use baohou_core::i18n::Locale;
    use baohou_core::tasks::filter::AgendaFilter;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "2026-11-23");
    let mut session = baohou_tests::demo_session(&db, dir.path().join("print"));
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let (filter, route) = baohou_tests::officers_routes(&session, day)
        .into_iter()
        .max_by_key(|(_, r)| r.stops.len())
        .unwrap();
    assert!(route.stops.len() >= 3);
    let file = session
        .print_briefings(Locale::ZhCn, day, &filter, &[])
        .unwrap();
    let pdf = PathBuf::from(&file.path);
    std::fs::create_dir_all(repo_root().join("artifacts")).unwrap();
    for old in std::fs::read_dir(repo_root().join("artifacts")).unwrap() {
        let old = old.unwrap().path();
        if old
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("briefing-")
        {
            std::fs::remove_file(old).unwrap();
        }
    }
    let out = Command::new("pdftoppm")
        .args(["-png", "-r", "70"])
        .arg(&pdf)
        .arg(repo_root().join("artifacts/briefing"))
        .status()
        .unwrap();
    assert!(out.success());
    assert_eq!(file.pages as usize, route.stops.len(), "a page per stop");
    let bare = |s: &str| s.replace(' ', "");
    let conn = laptop_db(&db);
    for (i, stop) in route.stops.iter().enumerate() {
        let page = (i + 1).to_string();
        let text = tool(
            "pdftotext",
            &[
                "-f",
                &page,
                "-l",
                &page,
                "-layout",
                pdf.to_str().unwrap(),
                "-",
            ],
        );
        let text = bare(&text);
        assert!(
            text.contains(&format!("检查前准备·{}", bare(&stop.borrower))),
            "{text}"
        );
        for part in [&stop.address, &stop.contact_phone].into_iter().flatten() {
            assert!(text.contains(&bare(part)), "{part}: {text}");
        }
        assert!(
            text.contains("上次检查") && text.contains("检查表将询问") && text.contains("A01"),
            "{text}"
        );
        // The last completed visit's date and what must be counted, as the database has them.
        let last: Option<String> = conn
            .query_row(
                "SELECT max(v.visit_date) FROM visits v JOIN guarantees g ON g.id = v.guarantee_id
                 WHERE g.borrower_id = ?1 AND v.status = 'completed'",
                [stop.borrower_id],
                |r| r.get(0),
            )
            .unwrap();
        match last {
            Some(date) => assert!(text.contains(&date), "{date}: {text}"),
            None => assert!(text.contains("尚无已完成的检查"), "{text}"),
        }
        let mut pledged = conn
            .prepare(
                "SELECT c.description FROM counter_guarantees c JOIN guarantees g ON g.id = c.guarantee_id
                 WHERE g.borrower_id = ?1 AND c.minimum_stock IS NOT NULL",
            )
            .unwrap();
        let goods: Vec<String> = pledged
            .query_map([stop.borrower_id], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for g in &goods {
            assert!(text.contains(&bare(g)), "{g}: {text}");
        }
        if goods.is_empty() {
            assert!(text.contains("无质押存货"), "{text}");
        }
    }
    // The first day on which a stop's borrower has pledged goods (the whole company's day, no
    // officer chosen): still a page per stop, and the goods to count with their minimum.
    let everyone = AgendaFilter::everything();
    let has_goods = |borrower: i64| -> Vec<(String, String)> {
        let mut q = conn
            .prepare(
                "SELECT c.description, c.minimum_stock FROM counter_guarantees c
                 JOIN guarantees g ON g.id = c.guarantee_id
                 WHERE g.borrower_id = ?1 AND c.minimum_stock IS NOT NULL",
            )
            .unwrap();
        q.query_map([borrower], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let (later, all, goods) = (0..120)
        .map(|n| day + chrono::Days::new(n))
        .find_map(|d| {
            let route = session.day_route(Locale::ZhCn, d, &everyone, &[]).unwrap();
            let goods: Vec<(String, String)> = route
                .stops
                .iter()
                .flat_map(|s| has_goods(s.borrower_id))
                .collect();
            (!goods.is_empty()).then_some((d, route, goods))
        })
        .expect("a day with pledged goods to count");
    let file = session
        .print_briefings(Locale::ZhCn, later, &everyone, &[])
        .unwrap();
    let out = Command::new("pdftoppm")
        .args(["-png", "-r", "70"])
        .arg(&file.path)
        .arg(repo_root().join("artifacts/briefing-goods"))
        .status()
        .unwrap();
    assert!(out.success());
    assert_eq!(file.pages as usize, all.stops.len(), "{later}");
    let text = bare(&pdf_text(&PathBuf::from(&file.path)));
    assert!(text.contains("最低库存上次盘点"), "{text}");
    // The last visit's count of the pledged 螺纹钢, found by the name before its brackets.
    assert!(text.contains("18001422"), "{text}");
    for (description, minimum) in goods {
        let minimum = minimum
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_owned();
        assert!(
            text.contains(&bare(&description)) && text.contains(&minimum),
            "{description} {minimum}: {text}"
        );
    }
}
