//! Bad input against a real server on loopback: each refusal has its status and a sentence, and
//! the server keeps running.

use super::*;
use baohou_core::protocol::{ApiError, CHECKSUM_MISMATCH, FileEntry, FileKind, ReportStatus};
use baohou_core::sealed::seal::{LaptopKey, ReportSeal};
use baohou_core::sync::claims::sample::{self, Upload};
use reqwest::blocking::{Client, Response};

mod audit;
mod limits;
mod office;

struct Running {
    base: String,
    office: Arc<HeadOffice>,
    _dir: tempfile::TempDir,
    runtime: tokio::runtime::Runtime,
}

impl Running {
    fn enroll(&self, officer: &str) -> String {
        self.runtime
            .block_on(self.office.enroll(officer, ""))
            .unwrap()
    }

    fn assign(&self, officer: &str, contract_no: &str) {
        self.runtime
            .block_on(self.office.assign(officer, contract_no))
            .unwrap();
    }

    fn file(&self, sha256: &str) -> Vec<u8> {
        self.runtime
            .block_on(self.office.file(sha256))
            .unwrap()
            .to_vec()
    }
}

/// A head office on loopback over `storage` (a fresh data folder when `None`).
fn start(database: Option<String>) -> Running {
    start_limited(database, crate::limits::Limits::default())
}

/// The same under other bounds.
fn start_limited(database: Option<String>, limits: crate::limits::Limits) -> Running {
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let storage = crate::office::Storage {
        data: dir.path().to_path_buf(),
        database,
        ..Default::default()
    };
    let office = Arc::new(
        runtime
            .block_on(HeadOffice::open(&storage))
            .unwrap()
            .with_limits(limits),
    );
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let base = format!("http://{}{API_PREFIX}", listener.local_addr().unwrap());
    let app = router(office.clone());
    runtime.spawn(async move { axum::serve(listener, app).await });
    Running {
        base,
        office,
        _dir: dir,
        runtime,
    }
}

fn sha(bytes: &[u8]) -> String {
    baohou_core::store::sha256_hex(bytes)
}

/// The laptop key the tests seal with.
fn laptop_key() -> LaptopKey {
    LaptopKey::from_secret(&[3u8; 32])
}

/// A report of contract BH-1 by 张伟 with `photos`, sealed by [`laptop_key`], as a laptop
/// uploads it.
fn report(no: &str, photos: &[(&str, &[u8])]) -> Upload {
    report_by(no, photos, &laptop_key())
}

fn report_by(no: &str, photos: &[(&str, &[u8])], key: &LaptopKey) -> Upload {
    let mut r = sample::Report::new(no, "BH-1", "张伟");
    r.photos = photos
        .iter()
        .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
        .collect();
    r.sealed(key)
}

/// The PDF's bytes of an upload.
fn pdf_of(u: &Upload) -> Vec<u8> {
    let f = u
        .manifest
        .files
        .iter()
        .find(|f| f.kind == FileKind::Pdf)
        .unwrap();
    u.bytes_of(&f.sha256).to_vec()
}

fn error_of(r: Response) -> (u16, ApiError) {
    let status = r.status().as_u16();
    (status, r.json().unwrap())
}

fn checksum(chunk: &[u8]) -> String {
    format!(
        "sha256 {}",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(chunk))
    )
}

#[test]
fn every_bad_request_is_refused_with_its_status_and_the_server_keeps_running() {
    every_bad_request_is_refused(start(None));
}

/// The same on PostgreSQL: `BAOHOU_TEST_PG` names an empty database (scripts/test.sh starts one
/// on loopback and runs the ignored tests).
#[test]
#[ignore = "needs PostgreSQL: BAOHOU_TEST_PG (scripts/test.sh)"]
fn every_bad_request_is_refused_on_postgresql() {
    every_bad_request_is_refused(start(Some(scratch_database())));
}

/// An empty database of its own on the server `BAOHOU_TEST_PG` names.
fn scratch_database() -> String {
    let server = std::env::var("BAOHOU_TEST_PG").expect("BAOHOU_TEST_PG names a PostgreSQL server");
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(crate::records::postgres::create_scratch_database(
            &server, "hq_api",
        ))
        .unwrap()
}

fn every_bad_request_is_refused(s: Running) {
    let http = Client::new();
    let token = s.enroll("张伟");
    s.assign("张伟", "BH-1");
    let post = |no: &str, body: Vec<u8>, token: &str| {
        http.post(format!("{}/reports", s.base))
            .bearer_auth(token)
            .header(IDEMPOTENCY_KEY, no)
            .body(body)
            .send()
            .unwrap()
    };

    // No token, a bad token.
    let r = http.post(format!("{}/reports", s.base)).send().unwrap();
    assert_eq!(error_of(r).0, 401);
    let (status, e) = error_of(post("D-1", b"{}".to_vec(), "bh_wrong"));
    assert_eq!((status, e.code.as_str()), (401, "unauthorized"));
    assert!(e.message.contains("设备令牌无效"));

    // Malformed JSON.
    let (status, e) = error_of(post("D-1", b"{\"document_no\":".to_vec(), &token));
    assert_eq!((status, e.code.as_str()), (400, "bad_request"));
    assert!(e.message.contains("JSON"), "{}", e.message);

    // Too large a body.
    let (status, e) = error_of(post("D-1", vec![b' '; MAX_BODY + 1], &token));
    assert_eq!((status, e.code.as_str()), (413, "too_large"));
    assert!(e.message.contains("超过 8 MB"), "{}", e.message);

    // Someone else's guarantee.
    let other = s.enroll("李娜");
    let photo: &[u8] = b"0123456789";
    let upload = report("D-1", &[("a.jpg", photo)]);
    let m = upload.manifest.clone();
    let (status, e) = error_of(post("D-1", serde_json::to_vec(&m).unwrap(), &other));
    assert_eq!((status, e.code.as_str()), (403, "not_assigned"));

    // Opened once; the same key with another manifest is refused.
    let r = post("D-1", serde_json::to_vec(&m).unwrap(), &token);
    assert_eq!(r.status().as_u16(), 201);
    let r = post("D-1", serde_json::to_vec(&m).unwrap(), &token);
    assert_eq!(
        r.status().as_u16(),
        200,
        "the same manifest again is answered"
    );
    let changed = report("D-1", &[("a.jpg", b"other bytes")]).manifest;
    let (status, e) = error_of(post("D-1", serde_json::to_vec(&changed).unwrap(), &token));
    assert_eq!((status, e.code.as_str()), (422, "idempotency_key_reused"));

    // Another officer cannot see or touch it.
    let url = format!("{}/reports/D-1/files/{}", s.base, sha(photo));
    let r = http.head(&url).bearer_auth(&other).send().unwrap();
    assert_eq!(r.status().as_u16(), 404);

    // A chunk at the wrong offset, a chunk with a bad checksum.
    let patch = |offset: u64, chunk: &[u8], sum: String| {
        http.patch(&url)
            .bearer_auth(&token)
            .header(UPLOAD_OFFSET, offset)
            .header(UPLOAD_CHECKSUM, sum)
            .body(chunk.to_vec())
            .send()
            .unwrap()
    };
    let r = patch(4, &photo[4..], checksum(&photo[4..]));
    assert_eq!(r.status().as_u16(), 409);
    assert_eq!(r.headers()[UPLOAD_OFFSET], "0");
    let r = patch(0, &photo[..4], checksum(b"not these"));
    assert_eq!(r.status().as_u16(), CHECKSUM_MISMATCH);

    // Not complete until every file arrived.
    let complete = || {
        http.post(format!("{}/reports/D-1/complete", s.base))
            .bearer_auth(&token)
            .send()
            .unwrap()
    };
    assert_eq!(error_of(complete()).1.code, "incomplete");

    // Whole bytes that do not match the manifest's SHA-256 are dropped.
    let wrong: &[u8] = b"9876543210";
    let r = patch(0, wrong, checksum(wrong));
    let (status, e) = error_of(r);
    assert_eq!((status, e.code.as_str()), (422, "file_hash_mismatch"));
    let r = http.head(&url).bearer_auth(&token).send().unwrap();
    assert_eq!(r.headers()[UPLOAD_OFFSET], "0");

    // In two chunks, then complete.
    let r = patch(0, &photo[..4], checksum(&photo[..4]));
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(r.headers()[UPLOAD_OFFSET], "4");
    let r = patch(4, &photo[4..], checksum(&photo[4..]));
    assert_eq!(r.headers()[UPLOAD_OFFSET], "10");
    assert_eq!(
        error_of(complete()).1.code,
        "incomplete",
        "the PDF is still to come (the content and seal came with the manifest)"
    );
    s.send_file(&token, "D-1", &pdf_of(&upload));
    let status: ReportStatus = complete().json().unwrap();
    assert!(status.complete && status.files.iter().all(|f| f.verified));
    assert_eq!(s.file(&sha(photo)), photo);

    // Updates for laptops: the device's token, a readable query.
    let r = http
        .get(format!("{}/updates?after=0", s.base))
        .send()
        .unwrap();
    assert_eq!(error_of(r).0, 401);
    let r = http
        .get(format!("{}/updates?after=soon", s.base))
        .bearer_auth(&token)
        .send()
        .unwrap();
    assert_eq!(error_of(r).0, 400);
    let r = http
        .get(format!("{}/updates?after=0", s.base))
        .bearer_auth(&token)
        .send()
        .unwrap();
    assert_eq!(r.text().unwrap(), r#"{"updates":[]}"#);
    let tier = baohou_core::protocol::Change::Tier {
        contract_no: "BH-1".into(),
        tier: baohou_core::portfolio::RiskTier::new(3).unwrap(),
        reason: "回款逾期".into(),
        on: chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap(),
    };
    let seqs = s.runtime.block_on(s.office.publish(&tier)).unwrap();
    let policy = baohou_core::protocol::Change::Policy {
        toml: "not a policy".into(),
    };
    assert!(s.runtime.block_on(s.office.publish(&policy)).is_err());
    // A calendar year that contradicts itself (a make-up working day on a Monday) is refused.
    let calendar = baohou_core::protocol::Change::Calendar {
        toml: "year = 2027\nsource = \"测试\"\n[[holiday]]\nname = \"春节\"\nfrom = 2027-02-05\nto = 2027-02-13\nwork = [2027-02-01]\n".into(),
    };
    let e = s.runtime.block_on(s.office.publish(&calendar)).unwrap_err();
    assert!(e.to_string().contains("不是周末"), "{e}");
    let got: baohou_core::protocol::Updates = http
        .get(format!("{}/updates?after=0", s.base))
        .bearer_auth(&token)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(got.updates.len(), 1);
    assert_eq!(
        (got.updates[0].seq, &got.updates[0].change),
        (seqs[0], &tier)
    );
    let other: baohou_core::protocol::Updates = http
        .get(format!("{}/updates?after=0", s.base))
        .bearer_auth(&other)
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert!(
        other.updates.is_empty(),
        "another officer's laptop gets none"
    );

    // Still serving.
    let r = http.get(format!("{}/health", s.base)).send().unwrap();
    assert_eq!(r.status().as_u16(), 200);
}

impl Running {
    fn add_staff(&self, name: &str, role: crate::review::StaffRole) -> String {
        self.runtime
            .block_on(self.office.add_staff(name, role))
            .unwrap()
    }

    /// Uploads a report whole (each file head office does not hold yet in one chunk);
    /// completes it when `complete`.
    fn upload(&self, token: &str, u: &Upload, complete: bool) {
        let r = self.open(token, &u.manifest);
        assert_eq!(r.status().as_u16(), 201);
        let held: ReportStatus = r.json().unwrap();
        for f in held.files.iter().filter(|f| !f.verified) {
            self.send_file(token, &u.manifest.document_no, u.bytes_of(&f.sha256));
        }
        if complete {
            let r = self.complete(token, &u.manifest.document_no);
            assert_eq!(r.status().as_u16(), 200);
        }
    }

    fn open(&self, token: &str, m: &Manifest) -> Response {
        Client::new()
            .post(format!("{}/reports", self.base))
            .bearer_auth(token)
            .header(IDEMPOTENCY_KEY, &m.document_no)
            .json(m)
            .send()
            .unwrap()
    }

    /// Sends one whole file in one chunk.
    fn send_file(&self, token: &str, no: &str, bytes: &[u8]) {
        let r = Client::new()
            .patch(format!("{}/reports/{no}/files/{}", self.base, sha(bytes)))
            .bearer_auth(token)
            .header(UPLOAD_OFFSET, 0)
            .header(UPLOAD_CHECKSUM, checksum(bytes))
            .body(bytes.to_vec())
            .send()
            .unwrap();
        assert_eq!(r.status().as_u16(), 204);
    }

    fn complete(&self, token: &str, no: &str) -> Response {
        Client::new()
            .post(format!("{}/reports/{no}/complete", self.base))
            .bearer_auth(token)
            .send()
            .unwrap()
    }
}

#[test]
fn a_report_is_kept_only_with_a_seal_by_its_laptops_key() {
    reports_are_kept_only_sealed(start(None));
}

#[test]
#[ignore = "needs PostgreSQL: BAOHOU_TEST_PG (scripts/test.sh)"]
fn a_report_is_kept_only_with_a_seal_by_its_laptops_key_on_postgresql() {
    reports_are_kept_only_sealed(start(Some(scratch_database())));
}

fn reports_are_kept_only_sealed(s: Running) {
    let token = s.enroll("张伟");
    s.assign("张伟", "BH-1");
    let send = |u: &Upload| {
        let r = s.open(&token, &u.manifest);
        if r.status().as_u16() != 201 {
            return r;
        }
        let held: ReportStatus = r.json().unwrap();
        for f in held.files.iter().filter(|f| !f.verified) {
            s.send_file(&token, &u.manifest.document_no, u.bytes_of(&f.sha256));
        }
        s.complete(&token, &u.manifest.document_no)
    };
    // Refused at once, and nothing of it kept: head office holds no such report afterwards.
    let refused = |u: &Upload| {
        let (status, e) = error_of(send(u));
        assert_eq!(status, 422, "{e:?}");
        assert!(e.message.contains("未保存任何内容"), "{}", e.message);
        let after = s.complete(&token, &u.manifest.document_no);
        assert_eq!(error_of(after).1.code, "no_report");
        e
    };
    let seal_refused = |u: &Upload| {
        let e = refused(u);
        assert!(e.message.contains("电子签名"), "{}", e.message);
        e.code
    };
    // Sets the seal (text and file entry) of an upload.
    let with_seal = |u: &mut Upload, seal: Vec<u8>| {
        let entry = u
            .manifest
            .files
            .iter_mut()
            .find(|f| f.kind == FileKind::Seal)
            .unwrap();
        entry.sha256 = sha(&seal);
        entry.size = seal.len() as u64;
        u.manifest.sealed.as_mut().unwrap().seal = String::from_utf8(seal).unwrap();
    };

    // No sealed content at all.
    let mut u = report("S-1", &[]);
    u.manifest.sealed = None;
    assert_eq!(refused(&u).code, "unsigned_upload");
    // A seal whose signature does not hold (one hex digit of it changed).
    let mut u = report("S-2", &[]);
    let mut seal =
        ReportSeal::from_json(u.manifest.sealed.as_ref().unwrap().seal.as_bytes()).unwrap();
    let flipped = if seal.signature.starts_with('0') {
        "1"
    } else {
        "0"
    };
    seal.signature.replace_range(0..1, flipped);
    with_seal(&mut u, seal.to_json());
    assert_eq!(seal_refused(&u), "seal_bad_signature");
    // A content other than the one sealed, the manifest made to agree with it.
    let mut u = report("S-3", &[]);
    let sealed = u.manifest.sealed.as_mut().unwrap();
    sealed.content = sealed.content.replace("甲公司", "乙公司");
    let content_sha = sha(sealed.content.as_bytes());
    u.manifest.borrower = "乙公司".into();
    u.manifest.content_sha256 = content_sha.clone();
    for f in &mut u.manifest.files {
        if f.kind == FileKind::VisitJson {
            f.sha256 = content_sha.clone();
        }
    }
    assert_eq!(seal_refused(&u), "seal_content_changed");
    // A PDF other than the one sealed.
    let mut u = report("S-4", &[]);
    for f in &mut u.manifest.files {
        if f.kind == FileKind::Pdf {
            f.sha256 = sha(b"%PDF-1.7 a forged page");
        }
    }
    assert_eq!(seal_refused(&u), "seal_pdf_changed");
    // Another report's seal.
    let mut u = report("S-5", &[]);
    let other_seal = report("S-1", &[]).manifest.sealed.unwrap().seal;
    with_seal(&mut u, other_seal.into_bytes());
    assert_eq!(seal_refused(&u), "seal_other_report");

    // None of those bound the device to a key; the first good seal does.
    let r = send(&report("S-6", &[]));
    assert_eq!(r.status().as_u16(), 200);
    // A report sealed by another key (another laptop's database under this token) is refused.
    let other = LaptopKey::from_secret(&[4u8; 32]);
    assert_eq!(
        seal_refused(&report_by("S-7", &[], &other)),
        "seal_wrong_key"
    );
    // The laptop's own key still is.
    let r = send(&report("S-8", &[]));
    assert_eq!(r.status().as_u16(), 200);
    // Another laptop (its own token) binds its own key.
    let second = s.enroll("张伟");
    let u = report_by("S-9", &[], &other);
    s.upload(&second, &u, true);
    let status: ReportStatus = s.complete(&token, "S-6").json().unwrap();
    assert!(status.complete);
}

#[test]
fn a_manifest_that_contradicts_the_sealed_content_is_refused_naming_the_field() {
    manifests_are_checked_against_the_seal(start(None));
}

#[test]
#[ignore = "needs PostgreSQL: BAOHOU_TEST_PG (scripts/test.sh)"]
fn a_manifest_that_contradicts_the_sealed_content_is_refused_on_postgresql() {
    manifests_are_checked_against_the_seal(start(Some(scratch_database())));
}

fn manifests_are_checked_against_the_seal(s: Running) {
    let token = s.enroll("张伟");
    s.assign("张伟", "BH-1");
    s.assign("张伟", "BH-2");
    let photo: &[u8] = b"\xff\xd8 the gate";
    let refused = |m: &Manifest, code: &str, words: &str| {
        let (status, e) = error_of(s.open(&token, m));
        assert_eq!((status, e.code.as_str()), (422, code), "{}", e.message);
        assert!(e.message.contains(words), "{words}: {}", e.message);
        assert!(e.message.contains("未保存任何内容"), "{}", e.message);
        // Nothing recorded: not even a report to ask about.
        assert_eq!(
            error_of(s.complete(&token, &m.document_no)).1.code,
            "no_report"
        );
    };
    let honest = report("F-1", &[("门头.jpg", photo)]).manifest;
    let field = |change: &dyn Fn(&mut Manifest), words: &str| {
        let mut m = honest.clone();
        change(&mut m);
        refused(&m, "manifest_contradicts_seal", words);
    };
    // A signed report about BH-1 filed under BH-2 (also this officer's).
    field(&|m| m.contract_no = "BH-2".into(), "合同编号");
    field(&|m| m.borrower = "乙公司".into(), "借款人");
    field(&|m| m.officer = "李娜".into(), "客户经理");
    field(
        &|m| m.visit_date = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        "检查或出具日期",
    );
    field(&|m| m.visit_version = 2, "版本");
    // An unsigned photo beside the sealed ones, and a sealed photo left out.
    let mut m = honest.clone();
    m.files.push(FileEntry {
        name: "补拍.jpg".into(),
        kind: FileKind::Photo,
        sha256: sha(b"not in the report"),
        size: 17,
    });
    refused(&m, "unsigned_file", "补拍.jpg");
    let mut m = honest.clone();
    m.files.retain(|f| f.kind != FileKind::Photo);
    refused(&m, "sealed_photo_missing", "照片");
    // The honest one is taken, filed under its sealed contract.
    s.upload(&token, &report("F-1", &[("门头.jpg", photo)]), true);
}

#[test]
fn the_officer_is_the_devices_and_a_number_another_device_holds_is_none_of_its_business() {
    devices_own_their_numbers_and_codes(start(None));
}

#[test]
#[ignore = "needs PostgreSQL: BAOHOU_TEST_PG (scripts/test.sh)"]
fn the_officer_is_the_devices_and_numbers_and_codes_are_the_devices_on_postgresql() {
    devices_own_their_numbers_and_codes(start(Some(scratch_database())));
}

fn devices_own_their_numbers_and_codes(s: Running) {
    // 李娜's laptop sends a report whose visit 张伟 made (the signed content says so).
    let lina = s.enroll("李娜");
    s.assign("李娜", "BH-1");
    s.upload(&lina, &report("DUP-1", &[]), true);
    let rows = s
        .runtime
        .block_on(
            s.office
                .reports(&crate::review::ReportFilter::default(), 10),
        )
        .unwrap();
    assert_eq!(rows[0].officer, "李娜", "filed under the device's officer");

    // Another laptop, another officer, the same number (two laptops of the time before laptop
    // codes): recorded apart, answered as new, and each laptop sees its own.
    let wei = s.enroll("张伟");
    s.assign("张伟", "BH-1");
    let mine = report_by(
        "DUP-1",
        &[("一.jpg", b"one")],
        &LaptopKey::from_secret(&[9u8; 32]),
    );
    let r = s.open(&wei, &mine.manifest);
    assert_eq!(
        r.status().as_u16(),
        201,
        "not a refusal: the number is not its business"
    );
    let held: ReportStatus = r.json().unwrap();
    assert_eq!(held.document_no, "DUP-1");
    assert!(!held.complete);
    for f in held.files.iter().filter(|f| !f.verified) {
        s.send_file(&wei, "DUP-1", mine.bytes_of(&f.sha256));
    }
    let done: ReportStatus = s.complete(&wei, "DUP-1").json().unwrap();
    assert!(done.complete && done.files.len() == 4);
    let first: ReportStatus = s.complete(&lina, "DUP-1").json().unwrap();
    assert_eq!(first.files.len(), 3, "李娜's report is still hers");
    let all = s
        .runtime
        .block_on(
            s.office
                .reports(&crate::review::ReportFilter::default(), 10),
        )
        .unwrap();
    assert_eq!(all.len(), 2);

    // Laptop codes: each device's own; a code another device holds is refused with its code.
    let code = |token: &str, code: &str| {
        Client::new()
            .post(format!("{}/device/code", s.base))
            .bearer_auth(token)
            .json(&serde_json::json!({ "code": code }))
            .send()
            .unwrap()
    };
    assert_eq!(code(&lina, "K7Q2M").status().as_u16(), 200);
    assert_eq!(
        code(&lina, "K7Q2M").status().as_u16(),
        200,
        "again: the same"
    );
    let (status, e) = error_of(code(&wei, "k7q2m"));
    assert_eq!((status, e.code.as_str()), (409, "laptop_code_taken"));
    assert!(e.message.contains("K7Q2M"), "{}", e.message);
    assert_eq!(code(&wei, "X3P9R").status().as_u16(), 200);
    assert_eq!(error_of(code(&wei, "K7Q2")).0, 400, "not a code");
    let devices = s.runtime.block_on(s.office.devices()).unwrap();
    assert_eq!(devices[0].codes, ["K7Q2M"]);
    assert_eq!(devices[1].codes, ["X3P9R"]);
    // 李娜's laptop re-enrolled with a new token (the old one revoked) keeps its code.
    assert!(s.runtime.block_on(s.office.revoke(devices[0].id)).unwrap());
    let again = s.enroll("李娜");
    assert_eq!(code(&again, "K7Q2M").status().as_u16(), 200);
    let devices = s.runtime.block_on(s.office.devices()).unwrap();
    assert!(devices[0].codes.is_empty());
    assert_eq!(devices[2].codes, ["K7Q2M"]);
    // …with the reports the old token sent: they are this laptop's still.
    let kept: ReportStatus = s.complete(&again, "DUP-1").json().unwrap();
    assert!(kept.complete && kept.files.len() == 3);
    // One device registers at most 20 codes: it holds one; 19 more pass, the next is refused.
    let fresh = |n: u8| baohou_core::numbering::LaptopCode::from_bytes([n, 9, 9, 9, 9]).to_string();
    for n in 0..19 {
        assert_eq!(code(&again, &fresh(n)).status().as_u16(), 200, "{n}");
    }
    let (status, e) = error_of(code(&again, &fresh(19)));
    assert_eq!(status, 400);
    assert!(e.message.contains("20 个本机编号"), "{}", e.message);
    assert_eq!(
        s.runtime.block_on(s.office.devices()).unwrap()[2]
            .codes
            .len(),
        20
    );
    // A code a working laptop holds stays refused; a revoked laptop's passes only to its officer.
    assert_eq!(error_of(code(&again, "X3P9R")).0, 409);
    let (_, e) = error_of(code(&wei, "K7Q2M"));
    assert_eq!(e.code, "laptop_code_taken");

    // A number carrying 李娜's registered code, sent by 张伟's laptop first (a copied database,
    // or a lie), is recorded apart; 李娜's own report of it gets the number.
    let hers = "BHJC-K7Q2M-20261120-0009-V1";
    let mut taken = sample::Report::new(hers, "BH-1", "张伟");
    taken.photos = vec![("x.jpg".into(), b"not hers".to_vec())];
    s.upload(
        &wei,
        &taken.sealed(&LaptopKey::from_secret(&[9u8; 32])),
        true,
    );
    s.upload(&again, &report_by(hers, &[], &laptop_key()), true);
    let keys: Vec<(String, String)> = s
        .runtime
        .block_on(
            s.office
                .reports(&crate::review::ReportFilter::default(), 10),
        )
        .unwrap()
        .into_iter()
        .filter(|r| r.document_no.starts_with(hers))
        .map(|r| (r.document_no, r.officer))
        .collect();
    assert!(
        keys.contains(&(hers.to_owned(), "李娜".to_owned())),
        "{keys:?}"
    );
    assert!(
        keys.iter()
            .any(|(k, o)| k.starts_with(&format!("{hers}~")) && o == "张伟"),
        "{keys:?}"
    );

    // 张伟's laptop re-enrolled (the old token revoked) finds its reports recorded apart too,
    // under the keys its old device had: asked again, each is the same report, not a new one.
    let old_wei = s.runtime.block_on(s.office.devices()).unwrap()[1].id;
    assert!(s.runtime.block_on(s.office.revoke(old_wei)).unwrap());
    let wei_again = s.enroll("张伟");
    assert_eq!(code(&wei_again, "X3P9R").status().as_u16(), 200);
    let kept: ReportStatus = s.complete(&wei_again, "DUP-1").json().unwrap();
    assert!(kept.complete && kept.files.len() == 4, "{kept:?}");
    assert_eq!(s.open(&wei_again, &mine.manifest).status().as_u16(), 200);
    let kept: ReportStatus = s.complete(&wei_again, hers).json().unwrap();
    assert!(kept.complete, "{kept:?}");
    let all = s
        .runtime
        .block_on(
            s.office
                .reports(&crate::review::ReportFilter::default(), 10),
        )
        .unwrap();
    assert_eq!(all.len(), 4, "nothing recorded twice");
}
