//! A refusal as head office answers it: an [`HqError`] as an HTTP status, a stable code and a
//! sentence for the officer (or head office's staff), for the laptops' API and the office API
//! alike; and the bearer token a request authenticates with.

use crate::error::HqError;
use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use baohou_core::protocol::{ApiError, CHECKSUM_MISMATCH, LAPTOP_CODE_TAKEN, UPLOAD_OFFSET};

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
                if *limit >= 1024 * 1024 {
                    format!(
                        "请求内容超过 {} MB 的上限，总部拒收；文件请分块上传。",
                        limit / (1024 * 1024)
                    )
                } else {
                    format!("请求内容超过 {} KB 的上限，总部拒收。", limit / 1024)
                },
            ),
            Busy { limit } => (
                StatusCode::TOO_MANY_REQUESTS,
                "busy",
                format!("这台电脑同时发给总部的请求超过 {limit} 个，其余的稍后自动重试。"),
            ),
            TimedOut { seconds } => (
                StatusCode::REQUEST_TIMEOUT,
                "timed_out",
                format!("请求内容在 {seconds} 秒内未传完，总部已断开；网络好转后自动续传。"),
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
                baohou_core::protocol::FILE_HASH_MISMATCH,
                format!(
                    "文件的 SHA-256 为 {actual}，与清单中的 {expected} 不符，已丢弃；下次同步时从头重传。"
                ),
            ),
            Incomplete(missing) => (
                StatusCode::CONFLICT,
                "incomplete",
                format!("还有 {} 个文件未收齐。", missing.len()),
            ),
            Seal { document_no, error } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                error.code().as_str(),
                format!(
                    "检查表 {document_no} 的电子签名未通过总部验证，总部不予收存：{}",
                    baohou_core::messages::seal_message(error, baohou_core::i18n::Locale::ZhCn)
                ),
            ),
            Upload { document_no, error } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                error.code().as_str(),
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
            StaffExpired { days } => (
                StatusCode::UNAUTHORIZED,
                "staff_expired",
                format!(
                    "总部人员令牌已超过 {days} 天的有效期，请由管理员用 baohou-hq staff add 重新发放。"
                ),
            ),
            ReviewRefused(why) => {
                use crate::review::ReviewRefusal::*;
                let (code, message) = match why {
                    NotComplete => ("not_complete", "检查表的文件尚未收齐，不能审核。"),
                    Closed => ("review_closed", "检查表已被退回，审核已结束。"),
                    Done => ("review_done", "检查表已走完审批流程的每一级。"),
                    SameReviewer => (
                        "same_reviewer",
                        "下一级须由另一位审核人审批（每一级各由不同的人），您已审核过这份检查表。",
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

fn file_kind_zh(kind: baohou_core::protocol::FileKind) -> &'static str {
    use baohou_core::protocol::FileKind::*;
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
