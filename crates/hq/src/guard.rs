//! The gate every laptop request passes before its handler runs: the device token is checked
//! first, from the headers alone, so a request without a valid token costs one lookup and not
//! the reading of its body (up to 8 MiB); then the device takes one of its turns (at most
//! [`Limits::device_requests`] at once, so one laptop, or a stolen token, cannot hold every
//! connection); then the body is read whole, within [`MAX_BODY`] and
//! [`Limits::body_timeout`], so a connection that trickles is cut rather than held. The handler
//! finds the [`Device`] in the request's extensions and the body read.
//!
//! The office API's routes pass [`staff_gate`] the same way: the staff token first, then a body
//! of at most [`STAFF_MAX_BODY`] (a review mark is a sentence), read within the same deadline;
//! the handler finds the [`Staff`] in the request's extensions.

use crate::error::HqError;
use crate::limits::{Limits, MAX_BODY};
use crate::office::{Device, HeadOffice};
use crate::refusal::{Refusal, bearer};
use crate::review::Staff;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::OwnedSemaphorePermit;

/// The largest body a member of staff may send (a review mark: a decision and a note).
pub const STAFF_MAX_BODY: usize = 64 * 1024;

/// The middleware of the laptops' routes (`axum::middleware::from_fn_with_state`).
pub async fn device_gate(
    State(office): State<Arc<HeadOffice>>,
    request: Request,
    next: Next,
) -> Response {
    match admit(&office, request).await {
        Ok((request, _turn)) => next.run(request).await,
        Err(refusal) => refusal.into_response(),
    }
}

async fn admit(
    office: &HeadOffice,
    request: Request,
) -> Result<(Request, OwnedSemaphorePermit), Refusal> {
    let token = bearer(request.headers()).ok_or(Refusal(HqError::Unauthorized))?;
    let device: Device = office.device(&token).await?;
    let limits: &Limits = office.limits();
    let turn = office
        .turns()
        .take(device.id, limits.device_requests)
        .ok_or(Refusal(HqError::Busy {
            limit: limits.device_requests,
        }))?;
    let (mut parts, bytes) = read_body(request, MAX_BODY, limits.body_timeout).await?;
    parts.extensions.insert(device);
    Ok((Request::from_parts(parts, Body::from(bytes)), turn))
}

/// The middleware of the office API's routes (`axum::middleware::from_fn_with_state`).
pub async fn staff_gate(
    State(office): State<Arc<HeadOffice>>,
    request: Request,
    next: Next,
) -> Response {
    match admit_staff(&office, request).await {
        Ok(request) => next.run(request).await,
        Err(refusal) => refusal.into_response(),
    }
}

async fn admit_staff(office: &HeadOffice, request: Request) -> Result<Request, Refusal> {
    let token = bearer(request.headers()).ok_or(Refusal(HqError::StaffUnauthorized))?;
    let staff: Staff = office.staff(&token).await?;
    let (mut parts, bytes) =
        read_body(request, STAFF_MAX_BODY, office.limits().body_timeout).await?;
    parts.extensions.insert(staff);
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// Reads a request's body whole, at most `limit` bytes within `deadline`; a body over the limit,
/// one that stops arriving, or one that cannot be read is refused with its sentence.
async fn read_body(
    request: Request,
    limit: usize,
    deadline: Duration,
) -> Result<(axum::http::request::Parts, axum::body::Bytes), Refusal> {
    let (parts, body) = request.into_parts();
    let read = axum::body::to_bytes(body, limit);
    let bytes = match tokio::time::timeout(deadline, read).await {
        Err(_) => {
            return Err(Refusal(HqError::TimedOut {
                seconds: deadline.as_secs(),
            }));
        }
        Ok(Err(e)) => {
            // A body over the limit is told by the error's cause ("length limit exceeded").
            let mut too_large = false;
            let mut cause: Option<&dyn std::error::Error> = Some(&e);
            while let Some(c) = cause {
                too_large |= c.to_string().contains("length limit");
                cause = c.source();
            }
            return Err(Refusal(if too_large {
                HqError::TooLarge { limit }
            } else {
                HqError::BadRequest(format!("the body could not be read: {e}"))
            }));
        }
        Ok(Ok(bytes)) => bytes,
    };
    Ok((parts, bytes))
}
