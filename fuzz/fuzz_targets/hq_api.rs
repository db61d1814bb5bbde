//! Head office's HTTP handlers as a laptop or a member of staff reaches them: every request goes
//! through the real router (`baohou_hq::api::router`, its gates included) on a head office of its
//! own in a fresh data folder, with an enrolled laptop's token (its officer holds contract BH-1,
//! the seeds' manifest's) and a reviewer's token.
//!
//! An input is a session of requests separated by a line `#--`. Each request is a head line,
//! `ROUTE ARG…` (words separated by spaces), then its body. ROUTE is one of the laptop's routes
//! (`code`, `agenda`, `open`, `status`, `offset`, `chunk`, `complete`, `updates`) or the office
//! API's (`me`, `reports`, `report`, `file`, `mark`, `approval`, `officers`); the arguments are
//! the path's parts (a document's number, a file's SHA-256), a query, or for `chunk` the offset
//! and the checksum (`auto`: the body's own). A word `anon` sends no token, `forged` a made-up one.
//!
//! Whatever arrives, head office answers it: no panic, and no 5xx (an input head office cannot
//! take is the sender's fault, a 4xx with its sentence).
#![no_main]
use axum::body::Body;
use axum::http::{Method, Request};
use baohou_hq::office::{HeadOffice, Storage};
use baohou_hq::review::StaffRole;
use base64::Engine as _;
use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::sync::OnceLock;
use tower::ServiceExt as _;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
    })
}

/// Each path part percent-encoded whole, so that any text reaches the handler as its argument.
fn part(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A query as the input gives it, each byte a query may not hold percent-encoded.
fn query(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_graphic() && b != b'#' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

struct Call {
    method: Method,
    path: String,
    staff: bool,
    headers: Vec<(&'static str, String)>,
}

fn call(route: &str, args: &[&str], body: &[u8]) -> Option<Call> {
    let arg = |i: usize| args.get(i).copied().unwrap_or("");
    let laptop = |method, path: String| Call {
        method,
        path: format!("/api/v1{path}"),
        staff: false,
        headers: Vec::new(),
    };
    let office = |method, path: String| Call {
        method,
        path: format!("/api/v1/office{path}"),
        staff: true,
        headers: Vec::new(),
    };
    Some(match route {
        "code" => laptop(Method::POST, "/device/code".into()),
        "agenda" => laptop(Method::PUT, "/agenda".into()),
        "open" => {
            let mut c = laptop(Method::POST, "/reports".into());
            if !arg(0).is_empty() {
                c.headers.push(("Idempotency-Key", arg(0).to_owned()));
            }
            c
        }
        "status" => laptop(Method::GET, format!("/reports/{}", part(arg(0)))),
        "offset" => laptop(
            Method::HEAD,
            format!("/reports/{}/files/{}", part(arg(0)), part(arg(1))),
        ),
        "chunk" => {
            let mut c = laptop(
                Method::PATCH,
                format!("/reports/{}/files/{}", part(arg(0)), part(arg(1))),
            );
            c.headers.push(("Upload-Offset", arg(2).to_owned()));
            let checksum = match arg(3) {
                "auto" => format!(
                    "sha256 {}",
                    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(body))
                ),
                other => other.to_owned(),
            };
            c.headers.push(("Upload-Checksum", checksum));
            c
        }
        "complete" => laptop(Method::POST, format!("/reports/{}/complete", part(arg(0)))),
        "updates" => laptop(Method::GET, format!("/updates?{}", query(arg(0)))),
        "me" => office(Method::GET, "/me".into()),
        "reports" => office(Method::GET, format!("/reports?{}", query(arg(0)))),
        "report" => office(Method::GET, format!("/reports/{}", part(arg(0)))),
        "file" => office(
            Method::GET,
            format!("/reports/{}/files/{}", part(arg(0)), part(arg(1))),
        ),
        "mark" => office(Method::POST, format!("/reports/{}/reviews", part(arg(0)))),
        "approval" => office(
            Method::GET,
            format!("/reports/{}/approval.pdf", part(arg(0))),
        ),
        "officers" => office(Method::GET, format!("/officers?{}", query(arg(0)))),
        _ => return None,
    })
}

fuzz_target!(|data: &[u8]| {
    let runtime = runtime();
    let dir = tempfile::tempdir().expect("a data folder");
    let office = runtime
        .block_on(HeadOffice::open(&Storage::folder(dir.path())))
        .expect("head office opens");
    let device = runtime
        .block_on(office.enroll("张伟", "笔记本"))
        .expect("a laptop");
    runtime
        .block_on(office.assign("张伟", "BH-1"))
        .expect("the seeds' contract is the laptop's");
    let staff = runtime
        .block_on(office.add_staff("王敏", StaffRole::Reviewer))
        .expect("a reviewer");
    let router = baohou_hq::api::router(Arc::new(office));
    let mut rest = data;
    while !rest.is_empty() {
        let (request, next) = match rest.windows(4).position(|w| w == b"#--\n") {
            Some(at) => (&rest[..at], &rest[at + 4..]),
            None => (rest, &[][..]),
        };
        rest = next;
        let (head, body) = match request.iter().position(|b| *b == b'\n') {
            Some(at) => (&request[..at], &request[at + 1..]),
            None => (request, &[][..]),
        };
        let head = String::from_utf8_lossy(head);
        let words: Vec<&str> = head.split(' ').collect();
        let Some(c) = call(words[0], &words[1..], body) else {
            continue;
        };
        let token = if words.contains(&"anon") {
            None
        } else if words.contains(&"forged") {
            Some("bh_forged_token".to_owned())
        } else if c.staff {
            Some(staff.clone())
        } else {
            Some(device.clone())
        };
        let mut builder = Request::builder().method(c.method).uri(&c.path);
        if let Some(token) = token {
            builder = builder.header("Authorization", format!("Bearer {token}"));
        }
        for (name, value) in &c.headers {
            builder = builder.header(*name, value.as_str());
        }
        let Ok(request) = builder.body(Body::from(body.to_vec())) else {
            continue; // not a request the HTTP layer would hand head office
        };
        let response = runtime
            .block_on(router.clone().oneshot(request))
            .expect("the router always answers");
        assert!(
            !response.status().is_server_error(),
            "{} {}: {}",
            words[0],
            c.path,
            response.status()
        );
    }
});
