//! The office's side: reviewers list, download and mark reports by the four-eyes rule, the core
//! system's export, and each officer's overdue work, visits and evidence.

use super::*;

#[test]
fn reviewers_list_download_and_mark_by_the_four_eyes_rule() {
    reviewers_and_the_core_system(start(None));
}

#[test]
#[ignore = "needs PostgreSQL: BAOHOU_TEST_PG (scripts/test.sh)"]
fn reviewers_list_download_and_mark_on_postgresql() {
    reviewers_and_the_core_system(start(Some(scratch_database())));
}

fn reviewers_and_the_core_system(s: Running) {
    use crate::review::{ReportDetail, ReportSummary, StaffRole};
    let device = s.enroll("张伟");
    s.assign("张伟", "BH-1");
    let photo: &[u8] = b"\xff\xd8 a photo";
    let first_report = report("BHJC-2026-000001", &[("门头.jpg", photo)]);
    let pdf: &[u8] = &pdf_of(&first_report);
    s.upload(&device, &first_report, true);
    let mut waiting = sample::Report::new("BHJC-2026-000002", "BH-1", "张伟");
    waiting.photos = vec![("门头.jpg".into(), b"other photo".to_vec())];
    waiting.date = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let waiting = waiting.sealed(&laptop_key());
    // Opened, nothing sent yet.
    assert_eq!(s.open(&device, &waiting.manifest).status().as_u16(), 201);

    let first = s.add_staff("王敏", StaffRole::Reviewer);
    let second = s.add_staff("赵强", StaffRole::Reviewer);
    let third = s.add_staff("孙丽", StaffRole::Reviewer);
    let fourth = s.add_staff("陈立", StaffRole::Reviewer);
    let system = s.add_staff("核心系统", StaffRole::System);
    let office = s.base.replace("/api/v1", "/api/v1/office");
    let http = Client::new();
    let get = |path: &str, token: &str| {
        http.get(format!("{office}{path}"))
            .bearer_auth(token)
            .send()
            .unwrap()
    };
    let list = |query: &str| -> Vec<String> {
        let r = get(&format!("/reports?{query}"), &system);
        assert_eq!(r.status().as_u16(), 200, "{query}");
        r.json::<Vec<ReportSummary>>()
            .unwrap()
            .into_iter()
            .map(|r| r.document_no)
            .collect()
    };

    // Staff only: no token, a laptop's token.
    assert_eq!(error_of(get("/reports", "")).0, 401);
    let (status, e) = error_of(get("/reports", &device));
    assert_eq!((status, e.code.as_str()), (401, "staff_unauthorized"));
    assert!(e.message.contains("重新登录"), "{}", e.message);

    // By officer, borrower, date and state.
    assert_eq!(
        list(""),
        ["BHJC-2026-000002", "BHJC-2026-000001"],
        "newest first"
    );
    assert_eq!(list("officer=张伟").len(), 2);
    assert!(list("officer=李娜").is_empty());
    assert_eq!(list("borrower=甲").len(), 2);
    assert!(list("borrower=乙").is_empty());
    assert_eq!(list("from=2026-11-21"), ["BHJC-2026-000002"]);
    assert_eq!(list("to=2026-11-20"), ["BHJC-2026-000001"]);
    assert_eq!(list("state=awaiting_first"), ["BHJC-2026-000001"]);
    assert_eq!(list("state=uploading"), ["BHJC-2026-000002"]);
    assert_eq!(list("limit=1").len(), 1);
    let (status, e) = error_of(get("/reports?from=20261121", &system));
    assert_eq!((status, e.code.as_str()), (400, "bad_request"));

    // A report with its files; each file downloads as received.
    let d: ReportDetail = get("/reports/BHJC-2026-000001", &system).json().unwrap();
    assert_eq!(d.report_files.len(), 4, "photo, PDF, content and seal");
    assert_eq!(d.summary.pdf_sha256.as_deref(), Some(sha(pdf).as_str()));
    assert_eq!(d.manifest["document_no"], "BHJC-2026-000001");
    let r = get(
        &format!("/reports/BHJC-2026-000001/files/{}", sha(pdf)),
        &system,
    );
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.bytes().unwrap().as_ref(), pdf);
    let r = get(
        &format!("/reports/BHJC-2026-000001/files/{}", sha(photo)),
        &system,
    );
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("UTF-8''%E9%97%A8%E5%A4%B4.jpg")
    );
    assert_eq!(r.bytes().unwrap().as_ref(), photo);
    let (status, _) = error_of(get(
        &format!("/reports/BHJC-2026-000002/files/{}", sha(b"other photo")),
        &system,
    ));
    assert_eq!(status, 404, "a file not yet received whole");
    assert_eq!(error_of(get("/reports/BHJC-9", &system)).0, 404);

    // Four eyes.
    let mark = |no: &str, token: &str, body: serde_json::Value| {
        http.post(format!("{office}/reports/{no}/reviews"))
            .bearer_auth(token)
            .json(&body)
            .send()
            .unwrap()
    };
    let approve = serde_json::json!({"decision": "approved", "note": "现场与台账一致"});
    let refused = |r: Response| {
        let (status, e) = error_of(r);
        assert_eq!(status, 409, "{e:?}");
        e.code
    };
    assert_eq!(
        refused(mark("BHJC-2026-000001", &system, approve.clone())),
        "not_reviewer"
    );
    assert_eq!(
        refused(mark("BHJC-2026-000002", &first, approve.clone())),
        "not_complete"
    );
    let r = mark("BHJC-2026-000001", &first, approve.clone());
    assert_eq!(r.status().as_u16(), 200);
    let d: ReportDetail = r.json().unwrap();
    assert_eq!(d.summary.reviews[0].reviewer, "王敏");
    assert_eq!(list("state=awaiting_second"), ["BHJC-2026-000001"]);
    let e = error_of(mark("BHJC-2026-000001", &first, approve.clone())).1;
    assert_eq!(e.code, "same_reviewer");
    assert!(e.message.contains("另一位审核人"), "{}", e.message);
    let (status, _) = error_of(mark(
        "BHJC-2026-000001",
        &second,
        serde_json::json!({"decision": "maybe"}),
    ));
    assert_eq!(status, 400);
    // The shipped policy's chain (seed 004): 业务部经理 → 风控部主管 → 风控部经理 → 总经理, each
    // step by another reviewer.
    assert_eq!(d.summary.reviews[0].step, "业务部经理");
    assert_eq!(d.summary.next_step.as_deref(), Some("风控部主管"));
    for (who, next) in [
        (&second, Some("风控部经理")),
        (&third, Some("总经理")),
        (&fourth, None),
    ] {
        let d: ReportDetail = mark("BHJC-2026-000001", who, approve.clone())
            .json()
            .unwrap();
        assert_eq!(d.summary.next_step.as_deref(), next);
    }
    let d: ReportDetail = get("/reports/BHJC-2026-000001", &system).json().unwrap();
    assert_eq!(d.summary.state, crate::review::ReviewState::Approved);
    let steps: Vec<&str> = d.summary.reviews.iter().map(|r| r.step.as_str()).collect();
    assert_eq!(steps, ["业务部经理", "风控部主管", "风控部经理", "总经理"]);
    assert_eq!(
        refused(mark("BHJC-2026-000001", &fourth, approve)),
        "review_done"
    );
    // The 审批单: each step, who, how and when, to print beside the report.
    let r = get("/reports/BHJC-2026-000001/approval.pdf", &system);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let sheet = r.bytes().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("approval.pdf");
    std::fs::write(&path, &sheet).unwrap();
    let text = std::process::Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout).replace(' ', "");
    for words in [
        "保后检查表审批单",
        "BHJC-2026-000001",
        "业务部经理",
        "王敏",
        "风控部经理",
        "孙丽",
        "总经理",
        "陈立",
        "已通过",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    assert_eq!(list("state=approved"), ["BHJC-2026-000001"]);

    // A revoked member of staff is refused.
    let id = s
        .runtime
        .block_on(s.office.staff_list())
        .unwrap()
        .into_iter()
        .find(|m| m.name == "赵强")
        .unwrap()
        .id;
    assert!(s.runtime.block_on(s.office.revoke_staff(id)).unwrap());
    assert_eq!(error_of(get("/reports", &second)).0, 401);

    // The page and the OpenAPI document.
    let root = s.base.replace("/api/v1", "");
    let page = http.get(format!("{root}/office")).send().unwrap();
    assert!(
        page.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert!(page.text().unwrap().contains("总部审核"));
    let doc: serde_json::Value = http
        .get(format!("{office}/openapi.json"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/office/me",
        "/api/v1/office/reports",
        "/api/v1/office/reports/{document_no}",
        "/api/v1/office/reports/{document_no}/files/{sha256}",
        "/api/v1/office/reports/{document_no}/reviews",
        "/api/v1/office/reports/{document_no}/approval.pdf",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    for schema in [
        "ReportSummary",
        "ReportDetail",
        "Review",
        "NewReview",
        "ApiError",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
}

#[test]
fn head_office_sees_each_officers_overdue_work_visits_and_evidence() {
    officers_view(start(None));
}

#[test]
#[ignore = "needs PostgreSQL: BAOHOU_TEST_PG (scripts/test.sh)"]
fn head_office_sees_each_officers_overdue_work_on_postgresql() {
    officers_view(start(Some(scratch_database())));
}

fn officers_view(s: Running) {
    use crate::company::OfficerView;
    use baohou_core::protocol::{AgendaReport, OverdueLine};
    let wei = s.enroll("张伟");
    let lina = s.enroll("李娜");
    s.assign("张伟", "BH-1");
    // Two reports of 张伟's: one with a re-used photo and one far from the site, one near copy.
    let mut r = sample::Report::new("E-1", "BH-1", "张伟");
    r.photos = vec![
        ("一.jpg".into(), b"one".to_vec()),
        ("二.jpg".into(), b"two".to_vec()),
    ];
    r.reused_photos = 1;
    r.far_from_site = 2;
    s.upload(&wei, &r.sealed(&laptop_key()), true);
    let mut r = sample::Report::new("E-2", "BH-1", "张伟");
    r.date = chrono::NaiveDate::from_ymd_opt(2026, 10, 9).unwrap();
    r.near_copy = true;
    s.upload(&wei, &r.sealed(&laptop_key()), true);
    // E-1 corrected: the same visit, counted once and by its newest version (the photo's
    // re-use now explained away by a fresh one).
    let mut r = sample::Report::new("E-1-2", "BH-1", "张伟");
    r.photos = vec![
        ("三.jpg".into(), b"three".to_vec()),
        ("二.jpg".into(), b"two".to_vec()),
    ];
    r.far_from_site = 2;
    r.version = 2;
    s.upload(&wei, &r.sealed(&laptop_key()), true);

    let line = |officer: &str, contract: &str, kind: &str, days: u32| OverdueLine {
        officer: Some(officer.into()),
        contract_no: Some(contract.into()),
        borrower: Some("甲公司".into()),
        kind: kind.into(),
        kind_name: None,
        anchor: "next".into(),
        due: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        days_overdue: days,
    };
    let put = |token: &str, report: &AgendaReport| {
        Client::new()
            .put(format!("{}/agenda", s.base))
            .bearer_auth(token)
            .json(report)
            .send()
            .unwrap()
    };
    // 张伟's laptop: two of his own, and one of 李娜's guarantees it backs up (not his).
    let report = AgendaReport {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        policy_version: "2026.1".into(),
        overdue: vec![
            line("张伟", "BH-1", "periodic_check", 3),
            line("张伟", "BH-2", "tier_review", 54),
            line("李娜", "BH-9", "maturity_notice", 5),
        ],
        audit: None,
    };
    assert_eq!(put(&wei, &report).status().as_u16(), 200);
    // A newer one replaces it: one task was done meanwhile.
    let mut newer = report.clone();
    newer.overdue.remove(0);
    newer.as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    assert_eq!(put(&wei, &newer).status().as_u16(), 200);
    assert_eq!(error_of(put("bh_wrong", &newer)).0, 401);

    let staff = s.add_staff("王敏", crate::review::StaffRole::Reviewer);
    let office = s.base.replace("/api/v1", "/api/v1/office");
    let get = |q: &str| -> Vec<OfficerView> {
        let r = Client::new()
            .get(format!("{office}/officers{q}"))
            .bearer_auth(&staff)
            .send()
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        r.json().unwrap()
    };
    let all = get("");
    let wei_view = all.iter().find(|v| v.officer == "张伟").unwrap();
    // Named as the laptop's agenda names the kind.
    let mut named = line("张伟", "BH-2", "tier_review", 54);
    named.kind_name = Some("季度分类复核".into());
    assert_eq!(wei_view.overdue, vec![named]);
    assert_eq!(
        wei_view.laptops[0].agenda_as_of.as_deref(),
        Some("2026-11-24")
    );
    assert_eq!(wei_view.visits, 2);
    // The key his reports were sealed with, as `baohou key` prints it on his laptop.
    assert_eq!(
        wei_view.laptops[0].key_fingerprint,
        Some(laptop_key().fingerprint())
    );
    assert_eq!(wei_view.evidence.reused_photos, 0);
    assert_eq!(wei_view.evidence.far_from_site, 2);
    assert_eq!(wei_view.evidence.near_copy_reports, 1);
    // 李娜 has a laptop but sent nothing: listed, with no agenda and no overdue from 张伟's.
    let lina_view = all.iter().find(|v| v.officer == "李娜").unwrap();
    assert!(lina_view.overdue.is_empty());
    assert_eq!(lina_view.laptops[0].agenda_as_of, None);
    assert_eq!(lina_view.laptops[0].key_fingerprint, None);
    let _ = &lina;
    // The window counts visits by their day.
    let november = get("?from=2026-11-01&to=2026-11-30");
    let w = november.iter().find(|v| v.officer == "张伟").unwrap();
    assert_eq!((w.visits, w.evidence.near_copy_reports), (1, 0));
    let r = Client::new()
        .get(format!("{office}/officers?from=2026-13-01"))
        .bearer_auth(&staff)
        .send()
        .unwrap();
    assert_eq!(error_of(r).0, 400);
}
