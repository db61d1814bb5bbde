//! The HTTP API of version 1 (see `baohou_core::sync::protocol`): each handler authenticates the
//! device, makes one call into [`HeadOffice`], and answers JSON.

use crate::error::HqError;
use crate::office::{Device, HeadOffice};
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use baohou_core::sync::protocol::{
    API_PREFIX, AgendaReport, ApiError, CHECKSUM_MISMATCH, IDEMPOTENCY_KEY, LAPTOP_CODE_TAKEN,
    LaptopCodeClaim, Manifest, UPLOAD_CHECKSUM, UPLOAD_LENGTH, UPLOAD_OFFSET,
};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The largest request body: one chunk of a file, or a manifest.
pub const MAX_BODY: usize = 8 * 1024 * 1024;

/// The router over a data folder.
pub fn router(office: Arc<HeadOffice>) -> Router {
    let (office_api, _) = crate::office_api::router();
    Router::new()
        .route(
            "/",
            get(|| async { axum::response::Redirect::to("/office") }),
        )
        .route("/office", get(office_page))
        .route(
            &format!("{}/openapi.json", crate::office_api::OFFICE_PREFIX),
            get(openapi),
        )
        .merge(office_api)
        .route(&format!("{API_PREFIX}/health"), get(health))
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
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(office)
}

/// An [`HqError`] as an HTTP answer with a sentence for the officer (or head office's staff).
pub(crate) struct Refusal(pub(crate) HqError);

impl From<HqError> for Refusal {
    fn from(e: HqError) -> Refusal {
        Refusal(e)
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        use HqError::*;
        let (status, code, message) = match &self.0 {
            Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "设备令牌无效：请由总部为这台电脑重新登记。".to_owned(),
            ),
            Revoked => (
                StatusCode::UNAUTHORIZED,
                "revoked",
                "这台电脑的设备令牌已被总部停用。".to_owned(),
            ),
            NotAssigned {
                officer,
                contract_no,
            } => (
                StatusCode::FORBIDDEN,
                "not_assigned",
                format!("合同 {contract_no} 未分配给 {officer}，不能由这台电脑上传其检查表。"),
            ),
            KeyReused { key } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                format!("检查表 {key} 已以不同的内容上传过，总部拒收这一份。"),
            ),
            BadRequest(why) => (
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("请求有误：{why}"),
            ),
            TooLarge { limit } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!(
                    "请求内容超过 {} MB 的上限，总部拒收；文件请分块上传。",
                    limit / (1024 * 1024)
                ),
            ),
            NoReport(no) => (
                StatusCode::NOT_FOUND,
                "no_report",
                format!("总部没有检查表 {no}。"),
            ),
            NoFile {
                document_no,
                sha256,
            } => (
                StatusCode::NOT_FOUND,
                "no_file",
                format!("检查表 {document_no} 的清单中没有文件 {sha256}。"),
            ),
            WrongOffset { expected, sent } => {
                let mut r = (
                    StatusCode::CONFLICT,
                    Json(ApiError {
                        code: "wrong_offset".into(),
                        message: format!(
                            "分块应从第 {expected} 字节开始，收到的是第 {sent} 字节。"
                        ),
                    }),
                )
                    .into_response();
                if let Ok(v) = HeaderValue::from_str(&expected.to_string()) {
                    r.headers_mut().insert(UPLOAD_OFFSET, v);
                }
                return r;
            }
            ChecksumMismatch => (
                StatusCode::from_u16(CHECKSUM_MISMATCH).unwrap_or(StatusCode::BAD_REQUEST),
                "checksum_mismatch",
                "分块校验和不符，未保存，请重发。".to_owned(),
            ),
            FileHashMismatch { expected, actual } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "file_hash_mismatch",
                format!("文件的 SHA-256 为 {actual}，与清单中的 {expected} 不符，已丢弃。"),
            ),
            Incomplete(missing) => (
                StatusCode::CONFLICT,
                "incomplete",
                format!("还有 {} 个文件未收齐。", missing.len()),
            ),
            Seal { document_no, error } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                error.code(),
                format!(
                    "检查表 {document_no} 的电子签名未通过总部验证，总部不予收存：{}",
                    baohou_core::messages::seal_message(error, baohou_core::i18n::Locale::ZhCn)
                ),
            ),
            Upload { document_no, error } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                error.code(),
                format!(
                    "文书 {document_no} 总部不予收存，未保存任何内容：{}",
                    upload_refusal_zh(error)
                ),
            ),
            LaptopCodeTaken(code) => (
                StatusCode::CONFLICT,
                LAPTOP_CODE_TAKEN,
                format!(
                    "本机编号 {code} 已由另一台已登记的笔记本使用；本机将改用新编号，此前出具的文书编号不变。"
                ),
            ),
            StaffUnauthorized => (
                StatusCode::UNAUTHORIZED,
                "staff_unauthorized",
                "总部人员令牌无效或已停用，请重新登录。".to_owned(),
            ),
            ReviewRefused(why) => {
                use crate::review::ReviewRefusal::*;
                let (code, message) = match why {
                    NotComplete => ("not_complete", "检查表的文件尚未收齐，不能审核。"),
                    Closed => ("review_closed", "检查表已被退回，审核已结束。"),
                    Done => ("review_done", "检查表已有初审和复审两道审核。"),
                    SameReviewer => (
                        "same_reviewer",
                        "复审须由另一位审核人完成（双人复核），您已审核过这份检查表。",
                    ),
                    NotReviewer => ("not_reviewer", "这个账号只能查看，不能审核。"),
                };
                (StatusCode::CONFLICT, code, message.to_owned())
            }
            Sqlite(_) | Postgres(_) | Objects(_) | Settings(_) | Io(_) => {
                eprintln!("baohou-hq: {}", self.0);
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "总部服务器内部错误，请稍后重试。".to_owned(),
                )
            }
        };
        (
            status,
            Json(ApiError {
                code: code.into(),
                message,
            }),
        )
            .into_response()
    }
}

use axum::Json;

/// A refused upload in the officer's words, naming the field or file.
fn upload_refusal_zh(e: &baohou_core::sync::claims::UploadRefusal) -> String {
    use baohou_core::sync::claims::UploadRefusal::*;
    let zh = baohou_core::i18n::Locale::ZhCn;
    match e {
        Unsigned => "上传未附带签名的文书内容和电子签名，总部只认签名的内容。".to_owned(),
        ContentUnreadable(why) => format!("签名的文书内容无法读取（{why}）。"),
        ContentLacks(field) => format!("签名的文书内容缺少字段 {field}。"),
        Contradicts {
            field,
            sealed,
            claimed,
        } => format!(
            "清单的“{}”为“{claimed}”，与签名内容中的“{sealed}”不符。",
            field.label(zh)
        ),
        OwnFileCount { kind, count } => format!(
            "清单列出 {count} 个“{}”文件，一份文书须恰好一个。",
            file_kind_zh(*kind)
        ),
        OwnFileNotSealed { kind, name } => format!(
            "清单中的“{}”文件 {name} 不是签名时的那一个。",
            file_kind_zh(*kind)
        ),
        UnsignedFile { name } => {
            format!("文件 {name} 不在签名内容所列的照片中，未经签名的文件不予收存。")
        }
        SealedPhotoMissing { sha256 } => {
            format!("签名内容所列的照片（SHA-256 {sha256}）不在清单中。")
        }
        Seal(error) => format!(
            "电子签名未通过验证：{}",
            baohou_core::messages::seal_message(error, zh)
        ),
    }
}

fn file_kind_zh(kind: baohou_core::sync::protocol::FileKind) -> &'static str {
    use baohou_core::sync::protocol::FileKind::*;
    match kind {
        Pdf => "PDF",
        VisitJson => "文书内容",
        Photo => "照片",
        Seal => "电子签名",
    }
}

/// The bearer token of a request.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

async fn device(db: &HeadOffice, headers: &HeaderMap) -> Result<Device, Refusal> {
    let token = bearer(headers).ok_or(Refusal(HqError::Unauthorized))?;
    Ok(db.device(&token).await?)
}

/// The reviewers' page: one self-contained HTML file that uses the office API.
async fn office_page() -> Response {
    let mut r = axum::response::Html(include_str!("office_page.html")).into_response();
    r.headers_mut().insert(
        "Content-Security-Policy",
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; frame-ancestors 'none'",
        ),
    );
    r.headers_mut().insert(
        "X-Content-Type-Options",
        HeaderValue::from_static("nosniff"),
    );
    r
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

/// The request body, or the refusal of one that is too large (or cut off) in head office's words.
fn body_of(body: Result<Bytes, BytesRejection>) -> Result<Bytes, Refusal> {
    body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Refusal(HqError::TooLarge { limit: MAX_BODY })
        } else {
            Refusal(HqError::BadRequest(format!(
                "the body could not be read: {e}"
            )))
        }
    })
}

async fn open_report(
    State(db): State<Arc<HeadOffice>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Refusal> {
    let body = body_of(body)?;
    let device = device(&db, &headers).await?;
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
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Refusal> {
    let body = body_of(body)?;
    let device = device(&db, &headers).await?;
    let claim: LaptopCodeClaim = serde_json::from_slice(&body)
        .map_err(|e| Refusal(HqError::BadRequest(format!("the laptop code: {e}"))))?;
    db.register_code(&device, &claim.code).await?;
    Ok(Json(serde_json::json!({ "code": claim.code, "officer": device.officer })).into_response())
}

async fn put_agenda(
    State(db): State<Arc<HeadOffice>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Refusal> {
    let body = body_of(body)?;
    let device = device(&db, &headers).await?;
    let report: AgendaReport = serde_json::from_slice(&body)
        .map_err(|e| Refusal(HqError::BadRequest(format!("the agenda: {e}"))))?;
    db.put_agenda(&device, &report).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn report_status(
    State(db): State<Arc<HeadOffice>>,
    Path(no): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let device = device(&db, &headers).await?;
    let status = db.status(&device, &no).await?;
    Ok(Json(status).into_response())
}

async fn file_offset(
    State(db): State<Arc<HeadOffice>>,
    Path((no, sha)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let device = device(&db, &headers).await?;
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
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Refusal> {
    let body = body_of(body)?;
    let device = device(&db, &headers).await?;
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
    headers: HeaderMap,
) -> Result<Response, Refusal> {
    let device = device(&db, &headers).await?;
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
    headers: HeaderMap,
    after: Result<axum::extract::Query<After>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Refusal> {
    let device = device(&db, &headers).await?;
    let axum::extract::Query(after) =
        after.map_err(|e| Refusal(HqError::BadRequest(format!("the query: {}", e.body_text()))))?;
    Ok(Json(db.updates(&device, after.after).await?).into_response())
}

#[cfg(test)]
mod tests;
