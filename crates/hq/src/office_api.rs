//! Head office's own JSON API, for its reviewers' page and the company's core system: the
//! reports received (by officer, borrower, date and review state), each with its files to
//! download, and the marks along the approval chain. Staff authenticate with a bearer token (`baohou-hq staff
//! add`), checked before a body is read (`guard::staff_gate`). The OpenAPI document is generated from these handlers and served at
//! `/api/v1/office/openapi.json`.

use crate::company::OfficerView;
use crate::error::HqError;
use crate::office::HeadOffice;
use crate::refusal::Refusal;
use crate::review::{NewReview, ReportDetail, ReportFilter, ReportSummary, Staff};
use axum::Json;
use axum::extract::{Extension, Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use baohou_core::protocol::ApiError;
use serde::Deserialize;
use std::sync::Arc;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Where the office API lives.
pub const OFFICE_PREFIX: &str = "/api/v1/office";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "保后 Baohou head office API",
        description = "The inspection reports (保后检查表) received from the field officers' laptops, their files, and the marks along the company's approval chain (each step by another reviewer). Authenticate with a staff token: `Authorization: Bearer bhs_…` (issued by `baohou-hq staff add`). Errors are `{code, message}` with a Chinese sentence for people.",
    ),
    modifiers(&BearerAuth),
    security(("staff_token" = [])),
    components(schemas(ApiError))
)]
struct OfficeDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "staff_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The office API's routes, and its OpenAPI document.
pub fn router() -> (axum::Router<Arc<HeadOffice>>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(OfficeDoc::openapi())
        .routes(routes!(me))
        .routes(routes!(list_reports))
        .routes(routes!(report))
        .routes(routes!(report_file))
        .routes(routes!(mark_report))
        .routes(routes!(approval_sheet))
        .routes(routes!(officers))
        .split_for_parts()
}

/// The OpenAPI document of the office API (JSON), generated once.
pub fn openapi_json() -> &'static str {
    static JSON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    JSON.get_or_init(|| router().1.to_pretty_json().unwrap_or_default())
}

/// Who the token belongs to.
#[utoipa::path(
    get,
    path = "/api/v1/office/me",
    responses(
        (status = 200, description = "The member of staff", body = Staff),
        (status = 401, description = "No, an unknown or a revoked token", body = ApiError),
    )
)]
async fn me(Extension(staff): Extension<Staff>) -> Json<Staff> {
    Json(staff)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Limit {
    /// At most this many reports (default 200, at most 1000).
    limit: Option<u32>,
}

/// Reports received, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/office/reports",
    params(ReportFilter, Limit),
    responses(
        (status = 200, description = "The reports", body = [ReportSummary]),
        (status = 400, description = "A filter that cannot be read", body = ApiError),
        (status = 401, description = "No valid staff token", body = ApiError),
    )
)]
async fn list_reports(
    State(office): State<Arc<HeadOffice>>,
    filter: Result<Query<ReportFilter>, axum::extract::rejection::QueryRejection>,
    limit: Result<Query<Limit>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<ReportSummary>>, Refusal> {
    let bad = |e: axum::extract::rejection::QueryRejection| {
        Refusal(HqError::BadRequest(format!("the query: {}", e.body_text())))
    };
    let Query(filter) = filter.map_err(bad)?;
    let Query(limit) = limit.map_err(bad)?;
    let limit = limit.limit.unwrap_or(200).clamp(1, 1000);
    let filter = ReportFilter {
        officer: filter.officer.filter(|s| !s.trim().is_empty()),
        borrower: filter.borrower.filter(|s| !s.trim().is_empty()),
        ..filter
    };
    Ok(Json(office.reports(&filter, limit).await?))
}

/// One report, with its files and the manifest the laptop sent.
#[utoipa::path(
    get,
    path = "/api/v1/office/reports/{document_no}",
    params(("document_no" = String, Path, description = "The report's number, e.g. BHJC-2026-000123")),
    responses(
        (status = 200, description = "The report", body = ReportDetail),
        (status = 401, description = "No valid staff token", body = ApiError),
        (status = 404, description = "No such report", body = ApiError),
    )
)]
async fn report(
    State(office): State<Arc<HeadOffice>>,
    Path(document_no): Path<String>,
) -> Result<Json<ReportDetail>, Refusal> {
    Ok(Json(office.report(&document_no).await?))
}

/// A file of a report (the PDF, the visit's JSON, a photo, a signature), as received.
#[utoipa::path(
    get,
    path = "/api/v1/office/reports/{document_no}/files/{sha256}",
    params(
        ("document_no" = String, Path, description = "The report's number"),
        ("sha256" = String, Path, description = "The file's SHA-256, as listed in the report"),
    ),
    responses(
        (status = 200, description = "The file's bytes; the SHA-256 is in the ETag", content_type = "application/octet-stream"),
        (status = 401, description = "No valid staff token", body = ApiError),
        (status = 404, description = "No such file, or not yet received whole", body = ApiError),
    )
)]
async fn report_file(
    State(office): State<Arc<HeadOffice>>,
    Path((document_no, sha256)): Path<(String, String)>,
) -> Result<Response, Refusal> {
    let (file, body) = office.report_file(&document_no, &sha256).await?;
    let content_type = match file.kind.as_str() {
        "pdf" => "application/pdf",
        "visit_json" => "application/json",
        _ if file.name.ends_with(".png") => "image/png",
        _ if file.name.ends_with(".jpg") || file.name.ends_with(".jpeg") => "image/jpeg",
        _ => "application/octet-stream",
    };
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(file.size));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        file.name.replace(
            |c: char| !c.is_ascii_alphanumeric() && c != '.' && c != '-',
            "_"
        ),
        percent_encode(&file.name)
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("\"{}\"", file.sha256)) {
        h.insert(header::ETAG, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(r)
}

/// Marks a report at the next step of the company's approval chain (the policy's approvers), each
/// step by another reviewer; a report returned (退回, with its reason) at any step is closed and
/// goes back to its officer's laptops as an update.
#[utoipa::path(
    post,
    path = "/api/v1/office/reports/{document_no}/reviews",
    params(("document_no" = String, Path, description = "The report's number")),
    request_body = NewReview,
    responses(
        (status = 200, description = "The report with the new mark", body = ReportDetail),
        (status = 400, description = "A body that cannot be read", body = ApiError),
        (status = 401, description = "No valid staff token", body = ApiError),
        (status = 404, description = "No such report", body = ApiError),
        (status = 409, description = "The mark is refused (not complete, closed, every step marked, the same reviewer twice, not a reviewer)", body = ApiError),
    )
)]
async fn mark_report(
    State(office): State<Arc<HeadOffice>>,
    Path(document_no): Path<String>,
    Extension(reviewer): Extension<Staff>,
    body: Result<Json<NewReview>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<ReportDetail>, Refusal> {
    let Json(mark) =
        body.map_err(|e| Refusal(HqError::BadRequest(format!("the mark: {}", e.body_text()))))?;
    Ok(Json(office.review(&document_no, &reviewer, &mark).await?))
}

/// The 审批单: who marked the document at each step of the approval chain, when, and what they
/// wrote, as a PDF to print and file beside it.
#[utoipa::path(
    get,
    path = "/api/v1/office/reports/{document_no}/approval.pdf",
    params(("document_no" = String, Path, description = "The document's number")),
    responses(
        (status = 200, description = "The approval sheet", content_type = "application/pdf"),
        (status = 401, description = "No valid staff token", body = ApiError),
        (status = 404, description = "No such document", body = ApiError),
    )
)]
async fn approval_sheet(
    State(office): State<Arc<HeadOffice>>,
    Path(document_no): Path<String>,
) -> Result<Response, Refusal> {
    let pdf = office.approval_sheet(&document_no).await?;
    let mut r = pdf.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "inline; filename=\"approval.pdf\"; filename*=UTF-8''{}",
        percent_encode(&format!("{document_no}_审批单.pdf"))
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(r)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Window {
    /// Reports with a visit day on or after this day (YYYY-MM-DD).
    from: Option<chrono::NaiveDate>,
    /// Reports with a visit day on or before this day.
    to: Option<chrono::NaiveDate>,
}

/// Each officer: the overdue tasks as their laptops last reported them, the inspection reports
/// received whole in the window, and what their sealed content flags.
#[utoipa::path(
    get,
    path = "/api/v1/office/officers",
    params(Window),
    responses(
        (status = 200, description = "Every officer with a laptop or a report", body = [OfficerView]),
        (status = 400, description = "A day that cannot be read", body = ApiError),
        (status = 401, description = "No valid staff token", body = ApiError),
    )
)]
async fn officers(
    State(office): State<Arc<HeadOffice>>,
    window: Result<Query<Window>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<OfficerView>>, Refusal> {
    let Query(w) = window
        .map_err(|e| Refusal(HqError::BadRequest(format!("the query: {}", e.body_text()))))?;
    Ok(Json(office.officers(w.from, w.to).await?))
}

/// `filename*` in a Content-Disposition (RFC 5987): UTF-8, percent-encoded.
fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
