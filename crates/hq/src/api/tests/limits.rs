//! Head office's bounds (issue 29): the token is checked before the body is read, one laptop
//! holds at most its turns, a trickling body is cut, and a manifest beyond the server's limits is
//! refused before anything is looked up. Each refusal is the JSON sentence the laptop shows.

use super::*;
use crate::limits::Limits;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// A raw connection that sends a request's head announcing `length` bytes of body and `sent`
/// of them, then waits: what a slow or hostile client does.
fn half_request(s: &Running, token: &str, length: usize, sent: &[u8]) -> TcpStream {
    half_request_to(s, "/api/v1/reports", token, length, sent)
}

/// The same, to `path`.
fn half_request_to(s: &Running, path: &str, token: &str, length: usize, sent: &[u8]) -> TcpStream {
    let address = s
        .base
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let mut stream = TcpStream::connect(address).unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: hq\r\nAuthorization: Bearer {token}\r\nIdempotency-Key: D-1\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(sent).unwrap();
    stream.flush().unwrap();
    stream
}

/// The status line and body of the answer on a raw connection, waiting at most `wait`.
fn answer(stream: &mut TcpStream, wait: Duration) -> Option<(u16, String)> {
    stream.set_read_timeout(Some(wait)).unwrap();
    let mut text = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                text.extend_from_slice(&buffer[..n]);
                let t = String::from_utf8_lossy(&text);
                // The JSON sentence is short: the whole answer is in once its body closes.
                if t.contains("\r\n\r\n") && t.trim_end().ends_with('}') {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    let text = String::from_utf8_lossy(&text).into_owned();
    let status = text.split(' ').nth(1)?.parse().ok()?;
    Some((status, text))
}

#[test]
fn a_bad_token_is_refused_before_the_body_is_read() {
    let s = start(None);
    // Eight megabytes announced, none sent: the refusal comes at once, not after the body.
    let mut stream = half_request(&s, "bh_stolen_or_made_up", 8 << 20, b"");
    let started = Instant::now();
    let (status, text) = answer(&mut stream, Duration::from_secs(10)).expect("an answer");
    assert_eq!(status, 401, "{text}");
    assert!(text.contains("设备令牌无效"), "{text}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // A revoked device, the same.
    let token = s.enroll("张伟");
    let id = s.runtime.block_on(s.office.devices()).unwrap()[0].id;
    s.runtime.block_on(s.office.revoke(id)).unwrap();
    let mut stream = half_request(&s, &token, 8 << 20, b"");
    let (status, text) = answer(&mut stream, Duration::from_secs(10)).expect("an answer");
    assert_eq!(status, 401, "{text}");
    assert!(text.contains("停用"), "{text}");
}

#[test]
fn a_staff_token_is_checked_before_the_body_and_a_mark_is_bounded() {
    let s = start_limited(
        None,
        Limits {
            body_timeout: Duration::from_secs(2),
            ..Limits::default()
        },
    );
    let marks = "/api/v1/office/reports/BHJC-2026-000001/reviews";
    // A made-up staff token announcing eight megabytes and sending none: refused at once.
    let mut stream = half_request_to(&s, marks, "bhs_made_up", 8 << 20, b"");
    let started = Instant::now();
    let (status, text) = answer(&mut stream, Duration::from_secs(10)).expect("an answer");
    assert_eq!(status, 401, "{text}");
    assert!(started.elapsed() < Duration::from_secs(1), "{text}");
    // A real reviewer's mark is a sentence: a body over 64 KB is refused with the sentence …
    let token = s.add_staff("王敏", crate::review::StaffRole::Reviewer);
    let mut stream = half_request_to(&s, marks, &token, 1 << 20, &[b' '; 70 * 1024]);
    let (status, text) = answer(&mut stream, Duration::from_secs(10)).expect("an answer");
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("超过 64 KB 的上限"), "{text}");
    // … and one that trickles is cut at the deadline.
    let mut stream = half_request_to(&s, marks, &token, 1000, b"{\"deci");
    let (status, text) = answer(&mut stream, Duration::from_secs(10)).expect("an answer");
    assert_eq!(status, 408, "{text}");
    assert!(text.contains("2 秒内未传完"), "{text}");
    // The gate hands the handler who the reviewer is: a whole mark reaches it (no such report).
    let r = Client::new()
        .post(format!("{}{marks}", s.base.replace("/api/v1", "")))
        .bearer_auth(&token)
        .json(&serde_json::json!({"decision": "approved", "note": "可"}))
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
}

#[test]
fn one_laptop_holds_at_most_its_turns_and_a_trickling_body_is_cut() {
    let s = start_limited(
        None,
        Limits {
            device_requests: 2,
            body_timeout: Duration::from_secs(2),
            ..Limits::default()
        },
    );
    let token = s.enroll("张伟");
    let other = s.enroll("李娜");
    // Two requests that trickle hold this laptop's two turns.
    let mut held: Vec<TcpStream> = (0..2)
        .map(|_| half_request(&s, &token, 1000, b"{\"docu"))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let http = Client::new();
    let health = |token: &str| {
        http.get(format!("{}/updates", s.base))
            .bearer_auth(token)
            .send()
            .unwrap()
    };
    let (status, e) = error_of(health(&token));
    assert_eq!((status, e.code.as_str()), (429, "busy"));
    assert!(e.message.contains("超过 2 个"), "{}", e.message);
    // Another laptop is not held up by it.
    assert_eq!(health(&other).status().as_u16(), 200);
    // The trickling bodies are cut at their deadline, with the sentence, and the turns return.
    for stream in &mut held {
        let (status, text) = answer(stream, Duration::from_secs(10)).expect("an answer");
        assert_eq!(status, 408, "{text}");
        assert!(text.contains("2 秒内未传完"), "{text}");
    }
    assert_eq!(health(&token).status().as_u16(), 200);
}

#[test]
fn a_manifest_beyond_head_offices_limits_is_refused_before_any_lookup() {
    let s = start_limited(
        None,
        Limits {
            max_files: 20,
            max_file_bytes: 1 << 20,
            max_document_bytes: 3 << 20,
            ..Limits::default()
        },
    );
    let token = s.enroll("张伟");
    s.assign("张伟", "BH-1");
    let http = Client::new();
    let post = |m: &Manifest| {
        http.post(format!("{}/reports", s.base))
            .bearer_auth(&token)
            .header(IDEMPOTENCY_KEY, &m.document_no)
            .json(m)
            .send()
            .unwrap()
    };
    let upload = report("D-1", &[("a.jpg", b"0123456789")]);
    let refused = |change: &dyn Fn(&mut Manifest), says: &str| {
        let mut m = upload.manifest.clone();
        change(&mut m);
        let (status, e) = error_of(post(&m));
        assert_eq!((status, e.code.as_str()), (400, "bad_request"), "{says}");
        assert!(e.message.contains(says), "{} / {says}", e.message);
    };
    // 60,000 files (what fits in 8 MiB) would have cost 60,000 lookups in one request.
    refused(
        &|m| {
            let one = m.files[0].clone();
            m.files = (0..60_000)
                .map(|i| FileEntry {
                    name: format!("{i}"),
                    sha256: format!("{i:064x}"),
                    ..one.clone()
                })
                .collect();
        },
        "列出 60000 个文件，总部每份文书最多收 20 个",
    );
    refused(
        &|m| m.files[0].size = 5 << 20,
        "有 5 MB，总部每个文件最多收 1 MB",
    );
    refused(
        &|m| {
            let one = m.files[0].clone();
            m.files = (0..4)
                .map(|i| FileEntry {
                    sha256: format!("{i:064x}"),
                    size: 1 << 20,
                    ..one.clone()
                })
                .collect();
        },
        "共 4 MB，总部每份文书最多收 3 MB",
    );
    refused(
        &|m| m.files[0].name = "照".repeat(256),
        "文件名超过 255 个字符",
    );
    // Nothing was recorded; the real manifest is taken.
    assert_eq!(post(&upload.manifest).status().as_u16(), 201);
}

#[test]
fn a_staff_token_expires_and_the_review_page_runs_no_inline_script() {
    let s = start_limited(
        None,
        Limits {
            staff_token_days: 0,
            ..Limits::default()
        },
    );
    let token = s.add_staff("王敏", crate::review::StaffRole::Reviewer);
    let office = s.base.replace("/api/v1", "/api/v1/office");
    let r = Client::new()
        .get(format!("{office}/me"))
        .bearer_auth(&token)
        .send()
        .unwrap();
    let (status, e) = error_of(r);
    assert_eq!((status, e.code.as_str()), (401, "staff_expired"));
    assert!(e.message.contains("超过 0 天的有效期"), "{}", e.message);
    // Within its days it is taken.
    let s = start(None);
    let token = s.add_staff("王敏", crate::review::StaffRole::Reviewer);
    let office = s.base.replace("/api/v1", "/api/v1/office");
    let r = Client::new()
        .get(format!("{office}/me"))
        .bearer_auth(&token)
        .send()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);

    // The page: its script and style come from files, and the policy allows nothing inline.
    let root = s.base.replace("/api/v1", "");
    let page = Client::new().get(format!("{root}/office")).send().unwrap();
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        !csp.contains("unsafe-inline") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    let html = page.text().unwrap();
    assert!(
        !html.contains("<script>") && !html.contains("style="),
        "inline in the page"
    );
    assert!(html.contains(r#"<script src="/office/page.js"></script>"#));
    for (path, kind) in [
        ("/office/page.js", "text/javascript"),
        ("/office/page.css", "text/css"),
    ] {
        let r = Client::new().get(format!("{root}{path}")).send().unwrap();
        assert_eq!(r.status().as_u16(), 200, "{path}");
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with(kind)
        );
    }
    // Plain HTTP (loopback) sends no HSTS; over TLS every answer does (tests/sync.rs).
    let r = Client::new().get(format!("{root}/office")).send().unwrap();
    assert!(r.headers().get("strict-transport-security").is_none());
}
