//! What can go wrong in a use case, said without HTTP: each door turns it into its own answer (problem+json for
//! the API, a page in the visitor's language for the site, a line on stderr for the command line).

use crate::domain::privacy::PersonalData;
use crate::store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// One invalid field or parameter, named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// The parameter or body field name.
    pub field: String,
    pub message: String,
    /// The kind of personal data the privacy gate found in this field (the pages say it in words).
    #[serde(skip)]
    pub personal_data: Option<PersonalData>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), message: message.into(), personal_data: None }
    }

    /// A free text the privacy gate refused: names the kind found, never the value.
    pub fn personal_data(field: impl Into<String>, kind: PersonalData) -> Self {
        FieldError {
            field: field.into(),
            message: format!(
                "looks like it contains {}: write nothing that could identify a person (this text is stored and shown)",
                kind.describe()
            ),
            personal_data: Some(kind),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{what} `{key}` not found")]
    NotFound { what: &'static str, key: String },
    /// Query or path parameters that cannot be read.
    #[error("invalid parameters: {0:?}")]
    InvalidParameters(Vec<FieldError>),
    /// Query parameters well-formed but naming nothing known (a commune, an institution, a rule…).
    #[error("unknown parameters: {0:?}")]
    UnknownParameters(Vec<FieldError>),
    /// A body that is not what was asked for (not JSON, unknown fields).
    #[error("invalid body: {0:?}")]
    InvalidBody(Vec<FieldError>),
    /// Fields that are well-formed but not valid.
    #[error("unprocessable: {0:?}")]
    Unprocessable(Vec<FieldError>),
    /// A body in another format than the one asked for (`expected`, e.g. `application/json`).
    #[error("unsupported media type, expected {expected}")]
    UnsupportedMediaType { expected: &'static str },
    /// A body larger than `limit` bytes.
    #[error("body larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("missing or invalid token")]
    Unauthorized,
    #[error("this token's role may not do that")]
    Forbidden { needed: &'static str },
    /// An editor writing to an institution outside its scope.
    #[error("outside this editor's institutions: {institution}")]
    OutOfScope { institution: String },
    /// A write without `If-Match`.
    #[error("precondition required: {header}")]
    PreconditionRequired { header: &'static str },
    /// A write whose `If-Match` is not the record's current version.
    #[error("precondition failed: the current version is {current}")]
    PreconditionFailed { current: String },
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("database unavailable: {0}")]
    Unavailable(StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Pool(_)
            | StoreError::Connection(_)
            | StoreError::Unavailable(_)
            | StoreError::Query(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::ClosedConnection,
                _,
            )) => AppError::Unavailable(e),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        AppError::from(StoreError::from(e))
    }
}

impl AppError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::InvalidParameters(vec![FieldError::new(field, message)])
    }

    /// The field errors of a validation problem (empty for other kinds).
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            AppError::InvalidParameters(e)
            | AppError::UnknownParameters(e)
            | AppError::InvalidBody(e)
            | AppError::Unprocessable(e) => e,
            _ => &[],
        }
    }
}
