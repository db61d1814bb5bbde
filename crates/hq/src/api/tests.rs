//! Bad input against a real server on loopback: each refusal has its status and a sentence, and
//! the server keeps running.

use super::*;
use baohou_core::sync::protocol::{FileEntry, FileKind, ReportStatus};
use reqwest::blocking::{Client, Response};

struct Running {
    base: String,
    db: Arc<Db>,
    _dir: tempfile::TempDir,
    _runtime: tokio::runtime::Runtime,
}

fn start() -> Running {
    let dir = tempfile::tempdir().unwrap();
    let db = Arc::new(Db::open(dir.path()).unwrap());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let base = format!("http://{}{API_PREFIX}", listener.local_addr().unwrap());
    let app = router(db.clone());
    runtime.spawn(async move { axum::serve(listener, app).await });
    Running {
        base,
        db,
        _dir: dir,
        _runtime: runtime,
    }
}

fn sha(bytes: &[u8]) -> String {
    baohou_core::store::sha256_hex(bytes)
}

fn manifest(no: &str, files: &[(&str, &[u8])]) -> Manifest {
    Manifest {
        document_no: no.into(),
        contract_no: "BH-1".into(),
        borrower: "甲公司".into(),
        officer: "张伟".into(),
        visit_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        visit_version: 1,
        content_sha256: sha(b"{}"),
        files: files
            .iter()
            .map(|(name, bytes)| FileEntry {
                name: (*name).into(),
                kind: FileKind::Photo,
                sha256: sha(bytes),
                size: bytes.len() as u64,
            })
            .collect(),
    }
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
    let s = start();
    let http = Client::new();
    let token = s.db.enroll("张伟", "").unwrap();
    s.db.assign("张伟", "BH-1").unwrap();
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
    let other = s.db.enroll("李娜", "").unwrap();
    let photo: &[u8] = b"0123456789";
    let m = manifest("D-1", &[("a.jpg", photo)]);
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
    let changed = manifest("D-1", &[("a.jpg", b"other bytes")]);
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
    let status: ReportStatus = complete().json().unwrap();
    assert!(status.complete && status.files[0].verified);
    assert_eq!(std::fs::read(s.db.file_path(&sha(photo))).unwrap(), photo);

    // Still serving.
    let r = http.get(format!("{}/health", s.base)).send().unwrap();
    assert_eq!(r.status().as_u16(), 200);
}
