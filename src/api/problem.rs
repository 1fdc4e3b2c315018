//! Errors as `application/problem+json` (RFC 9457), with a stable `type` per kind of problem.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A stable identifier of the kind of problem, e.g. `/problems/invalid-parameter`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// For validation problems: each failing field or parameter and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

pub use crate::app::error::FieldError;

/// The API's errors are the use cases' (`AppError`), answered as problem documents.
pub use crate::app::error::AppError as ApiError;

/// The problem document of an error (its `type`, title, detail and field errors).
pub fn problem_of(e: &ApiError) -> Problem {
    problem(e, status_of(e))
}

fn problem(e: &ApiError, status: StatusCode) -> Problem {
    let (kind, title, detail, errors) = match e {
        ApiError::NotFound { what: "route", .. } => {
            ("not-found", "Not found", Some("No such route. See /docs.".to_string()), vec![])
        }
        ApiError::NotFound { what, key } => ("not-found", "Not found", Some(format!("No {what} `{key}`.")), vec![]),
        ApiError::InvalidParameters(errors) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            let detail = format!("Invalid: {}.", fields.join(", "));
            ("invalid-parameter", "Invalid parameter", Some(detail), errors.clone())
        }
        ApiError::UnknownParameters(errors) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            ("not-found", "Not found", Some(format!("Nothing known by: {}.", fields.join(", "))), errors.clone())
        }
        ApiError::InvalidBody(errors) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            ("invalid-body", "Invalid request body", Some(format!("Invalid: {}.", fields.join(", "))), errors.clone())
        }
        ApiError::Unprocessable(errors) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            ("invalid-field", "Invalid field", Some(format!("Invalid: {}.", fields.join(", "))), errors.clone())
        }
        ApiError::UnsupportedMediaType { expected } => (
            "unsupported-media-type",
            "Unsupported media type",
            Some(format!("Send the body as `Content-Type: {expected}`.")),
            vec![FieldError::new("Content-Type", format!("expected {expected}"))],
        ),
        ApiError::TooLarge { limit } => (
            "payload-too-large",
            "Payload too large",
            Some(format!("The body is larger than {limit} bytes.")),
            vec![FieldError::new("body", format!("larger than {limit} bytes"))],
        ),
        ApiError::Unauthorized => (
            "unauthorized",
            "Unauthorized",
            Some("Send `Authorization: Bearer <token>` with a valid, unrevoked token.".to_string()),
            vec![],
        ),
        ApiError::Forbidden { needed } => {
            ("forbidden", "Forbidden", Some(format!("This needs a token with the role `{needed}`.")), vec![])
        }
        ApiError::OutOfScope { institution } => (
            "out-of-scope",
            "Forbidden",
            Some(format!("This token may not change the institution `{institution}`: it is outside its scope.")),
            vec![],
        ),
        ApiError::PreconditionRequired { header } => (
            "precondition-required",
            "Precondition required",
            Some(format!("Send `{header}` with the ETag of the version you read (GET the record first).")),
            vec![FieldError::new(*header, "required")],
        ),
        ApiError::PreconditionFailed { current } => (
            "precondition-failed",
            "Precondition failed",
            Some(format!(
                "The record changed since you read it (its current ETag is {current}): read it again and redo the change."
            )),
            vec![FieldError::new("If-Match", "not the current version")],
        ),
        ApiError::Conflict(detail) => ("conflict", "Conflict", Some(detail.clone()), vec![]),
        ApiError::TooManyRequests { retry_after_secs } => (
            "too-many-requests",
            "Too many requests",
            Some(format!("Try again in {retry_after_secs} seconds.")),
            vec![],
        ),
        // Internals are logged, never sent.
        ApiError::Unavailable(_) => (
            "unavailable",
            "Service unavailable",
            Some("The database cannot be reached; try again shortly.".to_string()),
            vec![],
        ),
        ApiError::Internal(_) => {
            ("internal", "Internal error", Some("Something went wrong on our side. It was logged.".to_string()), vec![])
        }
    };
    Problem { kind: format!("/problems/{kind}"), title: title.into(), status: status.as_u16(), detail, errors }
}

/// The route table's default answer: no such route.
pub fn no_route() -> ApiError {
    ApiError::NotFound { what: "route", key: String::new() }
}

/// A known path asked with a method it does not answer: 405 with `Allow`.
pub fn method_not_allowed(allow: &[&str]) -> HttpResponse {
    let allow = allow.join(", ");
    let problem = Problem {
        kind: "/problems/method-not-allowed".into(),
        title: "Method not allowed".into(),
        status: 405,
        detail: Some(format!("This path answers {allow}.")),
        errors: Vec::new(),
    };
    let mut response = problem_response(&problem);
    if let Ok(value) = header::HeaderValue::from_str(&allow) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

fn status_of(e: &ApiError) -> StatusCode {
    match e {
        ApiError::NotFound { .. } | ApiError::UnknownParameters(_) => StatusCode::NOT_FOUND,
        ApiError::InvalidParameters(_) | ApiError::InvalidBody(_) => StatusCode::BAD_REQUEST,
        ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
        ApiError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
        ApiError::Forbidden { .. } | ApiError::OutOfScope { .. } => StatusCode::FORBIDDEN,
        ApiError::PreconditionRequired { .. } => StatusCode::PRECONDITION_REQUIRED,
        ApiError::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
        ApiError::Conflict(_) => StatusCode::CONFLICT,
        ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
        ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        status_of(self)
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(e) => tracing::error!(error = %e, "internal error"),
            ApiError::Unavailable(e) => tracing::warn!(error = %e, "database unavailable"),
            _ => {}
        }
        let mut response = problem_response(&problem_of(self));
        let headers = response.headers_mut();
        match self {
            ApiError::Unauthorized => {
                headers.insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
            }
            ApiError::TooManyRequests { retry_after_secs } => {
                headers.insert(header::RETRY_AFTER, header::HeaderValue::from(*retry_after_secs));
            }
            ApiError::PreconditionFailed { current } => {
                if let Ok(v) = header::HeaderValue::from_str(current) {
                    headers.insert(header::ETAG, v);
                }
            }
            _ => {}
        }
        response
    }
}

pub fn problem_response(problem: &Problem) -> HttpResponse {
    HttpResponse::build(StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .content_type(PROBLEM_JSON)
        .json(problem)
}
