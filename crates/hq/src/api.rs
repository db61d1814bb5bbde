//! The HTTP API of version 1 (see `baohou_core::protocol`): each handler authenticates the
//! device, makes one call into [`HeadOffice`], and answers JSON.

use crate::error::HqError;
use crate::office::{Device, HeadOffice};
use crate::refusal::Refusal;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Extension, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use baohou_core::protocol::{
    API_PREFIX, AgendaReport, IDEMPOTENCY_KEY, LaptopCodeClaim, Manifest, UPLOAD_CHECKSUM,
    UPLOAD_LENGTH, UPLOAD_OFFSET,
};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::sync::Arc;

pub use crate::limits::MAX_BODY;

/// The router over a data folder.
pub fn router(office: Arc<HeadOffice>) -> Router {
    // The office API's routes: the staff token is checked before the body is read (`guard`).
    let (office_api, _) = crate::office_api::router();
    let office_api = office_api.route_layer(axum::middleware::from_fn_with_state(
        office.clone(),
        crate::guard::staff_gate,
    ));
    // The laptops' routes: the device's token is checked from the headers before the body is
    // read, then the device takes a turn and the body is read within its deadline (`guard`).
    let laptops = Router::new()
        .route(&format!("{API_PREFIX}/device/code"), post(register_code))
        .route(
            &format!("{API_PREFIX}/agenda"),
            axum::routing::put(put_agenda),
        )
        .route(&format!("{API_PREFIX}/reports"), post(open_report))
        .route(&format!("{API_PREFIX}/reports/{{no}}"), get(report_status))
        .route(
            &format!("{API_PREFIX}/reports/{{no}}/files/{{sha}}"),
            axum::routing::head(file_offset).patch(append_chunk),
        )
        .route(
            &format!("{API_PREFIX}/reports/{{no}}/complete"),
            post(complete_report),
        )
        .route(&format!("{API_PREFIX}/updates"), get(updates))
        .route_layer(axum::middleware::from_fn_with_state(
            office.clone(),
            crate::guard::device_gate,
        ));
    Router::new()
        .route(
            "/",
            get(|| async { axum::response::Redirect::to("/office") }),
        )
        .route("/office", get(office_page))
        .route("/office/page.js", get(office_script))
        .route("/office/page.css", get(office_style))
        .route(
            &format!("{}/openapi.json", crate::office_api::OFFICE_PREFIX),
            get(openapi),
        )
        .merge(office_api)
        .route(&format!("{API_PREFIX}/health"), get(health))
        .merge(laptops)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(office)
}

/// The review page's policy: its script and style from head office only, never inline, no
/// plugins, no framing, no form posted elsewhere.
pub const OFFICE_PAGE_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The reviewers' page: an HTML file, its script and its style, which use the office API.
async fn office_page() -> Response {
    page_file("text/html; charset=utf-8", include_str!("office_page.html"))
}

async fn office_script() -> Response {
    page_file(
        "text/javascript; charset=utf-8",
        include_str!("office_page.js"),
    )
}

async fn office_style() -> Response {
    page_file("text/css; charset=utf-8", include_str!("office_page.css"))
}

fn page_file(content_type: &'static str, body: &'static str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static(content_type),
    );
    h.insert(
        "Content-Security-Policy",
        HeaderValue::from_static(OFFICE_PAGE_CSP),
    );
    h.insert(
        "X-Content-Type-Options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("Referrer-Policy", HeaderValue::from_static("no-referrer"));
    r
}

/// The router as served over TLS: every answer tells browsers to come back over HTTPS only
/// (HSTS, a year), so a reviewer's staff token never goes over plain HTTP.
pub fn router_over_tls(office: Arc<HeadOffice>) -> Router {
    router(office).layer(axum::middleware::map_response(
        |mut r: Response| async move {
            r.headers_mut().insert(
                axum::http::header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static("max-age=31536000"),
            );
            r
        },
    ))
}

async fn openapi() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        crate::office_api::openapi_json(),
    )
        .into_response()
}

fn header_u64(headers: &HeaderMap, name: &str) -> Result<u64, Refusal> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| Refusal(HqError::BadRequest(format!("the {name} header is missing"))))
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({"service": "baohou-hq", "version": env!("CARGO_PKG_VERSION")}))
}

async fn open_report(
    State(db): State<Arc<HeadOffice>>,
    Extension(device): Extension<Device>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Refusal> {
    let key = headers
        .get(IDEMPOTENCY_KEY)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .ok_or_else(|| {
            Refusal(HqError::BadRequest(
                "the Idempotency-Key header is missing".into(),
            ))
        })?;
    let manifest: Manifest = serde_json::from_slice(&body).map_err(|e| {
        Refusal(HqError::BadRequest(format!(
            "the manifest is not valid JSON: {e}"
        )))
    })?;
    let (created, status) = db.open_report(&device, &key, &manifest).await?;
    let code = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((code, Json(status)).into_response())
}

async fn register_code(
    State(db): State<Arc<HeadOffice>>,
    Extension(device): Extension<Device>,
    body: Bytes,
) -> Result<Response, Refusal> {
    let claim: LaptopCodeClaim = serde_json::from_slice(&body)
        .map_err(|e| Refusal(HqError::BadRequest(format!("the laptop code: {e}"))))?;
    db.register_code(&device, &claim.code).await?;
    Ok(Json(serde_json::json!({ "code": claim.code, "officer": device.officer })).into_response())
}

async fn put_agenda(
    State(db): State<Arc<HeadOffice>>,
    Extension(device): Extension<Device>,
    body: Bytes,
) -> Result<Response, Refusal> {
    let report: AgendaReport = serde_json::from_slice(&body)
        .map_err(|e| Refusal(HqError::BadRequest(format!("the agenda: {e}"))))?;
    Ok(Json(db.put_agenda(&device, &report).await?).into_response())
}

async fn report_status(
    State(db): State<Arc<HeadOffice>>,
    Path(no): Path<String>,
    Extension(device): Extension<Device>,
) -> Result<Response, Refusal> {
    let status = db.status(&device, &no).await?;
    Ok(Json(status).into_response())
}

async fn file_offset(
    State(db): State<Arc<HeadOffice>>,
    Path((no, sha)): Path<(String, String)>,
    Extension(device): Extension<Device>,
) -> Result<Response, Refusal> {
    let (offset, size) = db.offset(&device, &no, &sha).await?;
    let mut r = StatusCode::OK.into_response();
    r.headers_mut()
        .insert(UPLOAD_OFFSET, HeaderValue::from(offset));
    r.headers_mut()
        .insert(UPLOAD_LENGTH, HeaderValue::from(size));
    r.headers_mut()
        .insert("Cache-Control", HeaderValue::from_static("no-store"));
    Ok(r)
}

async fn append_chunk(
    State(db): State<Arc<HeadOffice>>,
    Path((no, sha)): Path<(String, String)>,
    Extension(device): Extension<Device>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Refusal> {
    let offset = header_u64(&headers, UPLOAD_OFFSET)?;
    let claimed = headers
        .get(UPLOAD_CHECKSUM)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("sha256 "))
        .and_then(|b| {
            base64::engine::general_purpose::STANDARD
                .decode(b.trim())
                .ok()
        })
        .ok_or_else(|| {
            Refusal(HqError::BadRequest(
                "the Upload-Checksum header (sha256 BASE64) is missing".into(),
            ))
        })?;
    if Sha256::digest(&body).as_slice() != claimed.as_slice() {
        return Err(Refusal(HqError::ChecksumMismatch));
    }
    let end = db.append(&device, &no, &sha, offset, body).await?;
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut()
        .insert(UPLOAD_OFFSET, HeaderValue::from(end));
    Ok(r)
}

async fn complete_report(
    State(db): State<Arc<HeadOffice>>,
    Path(no): Path<String>,
    Extension(device): Extension<Device>,
) -> Result<Response, Refusal> {
    let status = db.complete(&device, &no).await?;
    Ok(Json(status).into_response())
}

#[derive(serde::Deserialize)]
struct After {
    #[serde(default)]
    after: i64,
}

async fn updates(
    State(db): State<Arc<HeadOffice>>,
    Extension(device): Extension<Device>,
    after: Result<axum::extract::Query<After>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Refusal> {
    let axum::extract::Query(after) =
        after.map_err(|e| Refusal(HqError::BadRequest(format!("the query: {}", e.body_text()))))?;
    Ok(Json(db.updates(&device, after.after).await?).into_response())
}

#[cfg(test)]
mod tests;
