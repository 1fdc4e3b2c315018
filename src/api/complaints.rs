//! The right to complain: `POST /api/v1/complaints`, `GET` and `PATCH /api/v1/complaints/{tracking_code}`.

use super::auth;
use super::body;
use super::problem::{ApiError, Problem};
use crate::app::AppState;
use crate::app::complain;
use crate::domain::{ComplaintProblem, ComplaintState, Role};
use crate::store::complaints::{ComplaintEvent, ComplaintRow};
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A complaint: no account needed. The e-mail, if given, is only used to keep the person informed: it is stored
/// apart and never shown or exported.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ComplaintInput {
    /// The channel that does not work; or give only `procedure`.
    #[schema(minimum = 1)]
    channel_id: Option<i64>,
    /// Procedure slug (required when `channel_id` is absent).
    #[schema(max_length = 100)]
    procedure: Option<String>,
    problem: ComplaintProblem,
    /// What happened, at most 2,000 characters; shown to whoever has the tracking code, so it goes through
    /// the privacy gate (`domain::privacy`): refused (422, naming the field and the kind found) if it looks like a
    /// national register number, an IBAN, an e-mail address or a phone number, however written.
    #[schema(min_length = 1, max_length = 2000, pattern = "\\S")]
    description: String,
    /// To be kept informed (optional).
    #[schema(max_length = 254)]
    email: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ComplaintEventView {
    pub state: ComplaintState,
    pub note: Option<String>,
    pub at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct ComplaintView {
    /// Keep it: it is the only way to follow the complaint.
    pub tracking_code: String,
    pub procedure: String,
    pub channel_id: Option<i64>,
    pub problem: ComplaintProblem,
    pub description: String,
    pub state: ComplaintState,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Oldest first.
    pub history: Vec<ComplaintEventView>,
}

fn view(state: &AppState, row: ComplaintRow, events: Vec<ComplaintEvent>) -> ComplaintView {
    let s = state.catalog.load();
    let procedure =
        s.procedures.iter().find(|p| p.id == row.procedure_id).map_or_else(|| "(withdrawn)".into(), |p| p.slug.clone());
    ComplaintView {
        tracking_code: row.tracking_code,
        procedure,
        channel_id: row.channel_id,
        problem: row.problem,
        description: row.description,
        state: row.state,
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
        history: events
            .into_iter()
            .map(|e| ComplaintEventView { state: e.state, note: e.note, at: e.at.and_utc() })
            .collect(),
    }
}

/// Report that a channel does not work (the ordinance's right to complain). Limited per client address:
/// 429 with `Retry-After` beyond five at once, then one every ten minutes.
#[utoipa::path(
    tag = "complaints",
    request_body = ComplaintInput,
    responses(
        (status = 201, body = ComplaintView),
        (status = 400, description = "Malformed JSON, a duplicate key or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many complaints from this address; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/complaints")]
#[tracing::instrument(skip_all)]
pub async fn post_complaint(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let mut b = body::json_fields(&req, payload).await?;
    let s = state.catalog.load();
    let parsed = complain::parse_complaint(&s, &mut b);
    b.finish()?;
    let new = parsed.ok_or_else(|| ApiError::Internal("a valid complaint was not read".into()))?;
    let client = crate::app::http::client_address(&req, state.trust_forwarded);
    let row = complain::file(&state, client, new).await?;
    let events = vec![ComplaintEvent { state: ComplaintState::Received, note: None, at: row.created_at }];
    let code = row.tracking_code.clone();
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/complaints/{code}")))
        .json(view(&state, row, events)))
}

/// Where a complaint stands, with its history.
#[utoipa::path(
    tag = "complaints",
    params(("tracking_code" = String, Path, description = "XXXX-XXXX-XXXX, as given at submission", pattern = "^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$")),
    responses(
        (status = 200, body = ComplaintView),
        (status = 400, description = "Not a tracking code", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/complaints/{tracking_code}")]
#[tracing::instrument(skip(state))]
pub async fn get_complaint(state: web::Data<AppState>, code: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let (row, events) = complain::find(&state, &code).await?;
    Ok(HttpResponse::Ok().json(view(&state, row, events)))
}

/// Move a complaint on (`forwarded`, `answered`, `closed`), with a note; editors and admins only.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ComplaintUpdate {
    state: ComplaintState,
    /// At most 2,000 characters: shown to whoever has the tracking code, so it goes through
    /// the privacy gate (`domain::privacy`): refused (422, naming the field and the kind found) if it looks like a
    /// national register number, an IBAN, an e-mail address or a phone number, however written.
    #[schema(max_length = 2000)]
    note: Option<String>,
}

#[utoipa::path(
    tag = "complaints",
    request_body = ComplaintUpdate,
    params(("tracking_code" = String, Path, pattern = "^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$")),
    responses(
        (status = 200, body = ComplaintView),
        (status = 400, description = "Malformed JSON, a duplicate key, an unknown field or a malformed tracking code", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (personal data in the note); `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/api/v1/complaints/{tracking_code}")]
#[tracing::instrument(skip(state, req, payload))]
pub async fn patch_complaint(
    state: web::Data<AppState>,
    req: HttpRequest,
    code: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    auth::require(&state, &req, &[Role::Editor, Role::Admin]).await?;
    complain::tracking_code(&code)?;
    let mut b = body::json_fields(&req, payload).await?;
    let new_state: Option<ComplaintState> = b.parse_str("state");
    let note = b.free_text("note", 2000);
    if new_state.is_none() && !b.errors.iter().any(|e| e.field == "state") {
        b.missing("state");
    }
    b.finish()?;
    let new_state = new_state.ok_or_else(|| ApiError::Internal("a valid state was not read".into()))?;
    let (row, events) = complain::update(&state, &code, new_state, note).await?;
    Ok(HttpResponse::Ok().json(view(&state, row, events)))
}
