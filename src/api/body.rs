//! JSON request bodies: `application/json` only (415 otherwise, a missing `Content-Type` included — a form or
//! `text/plain` body is what another website can make a browser send), at most `MAX_BODY` bytes (413), then read
//! by `Fields::parse` (one object, no duplicate keys, unknown fields refused at `finish`).

use super::problem::ApiError;
use crate::app::input::{Fields, MAX_BODY};
use actix_web::http::header;
use actix_web::{HttpRequest, web};

pub const JSON: &str = "application/json";

/// Whether the request says its body is JSON (`application/json`, with parameters such as `charset` or not).
pub fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case(JSON))
}

/// The JSON object of a request body.
pub async fn json_fields(req: &HttpRequest, payload: web::Payload) -> Result<Fields, ApiError> {
    if !is_json(req) {
        return Err(ApiError::UnsupportedMediaType { expected: JSON });
    }
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(ApiError::TooLarge { limit: MAX_BODY });
    }
    let body = payload
        .to_bytes_limited(MAX_BODY)
        .await
        .map_err(|_| ApiError::TooLarge { limit: MAX_BODY })?
        .map_err(|e| ApiError::InvalidBody(vec![crate::app::error::FieldError::new("body", e.to_string())]))?;
    Fields::parse(&body)
}
