//! Suggestions from the field: `POST /api/v1/channels/{id}/suggestions` (anyone), `GET
//! /api/v1/suggestions/{tracking_code}` (the proposer), the queue `GET /api/v1/suggestions` and its decisions
//! (editors within their institutions, admins).

use super::auth;
use super::body;
use super::channels::channel_id;
use super::editing::StatusInput;
use super::params::QueryParams;
use super::problem::{ApiError, Problem};
use crate::app::input::Pagination;
use crate::app::{AppState, suggest};
use crate::domain::Role;
use crate::store::suggestions::SuggestionRow;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A correction seen in the field. `seen` goes through the privacy gate (no national register number, IBAN,
/// e-mail address or personal phone number, however written): it is read by the institution's editors.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct SuggestionInput {
    /// The fact it is about: a channel fact (`phone`, `opening_hours`, …), `address`, `status` or `other` (default).
    fact: Option<String>,
    /// What you saw ("the number changed to …", "closed on Fridays since March").
    #[schema(min_length = 1, max_length = 1000)]
    seen: String,
    /// The day you saw it (not after today).
    #[schema(format = Date)]
    seen_on: String,
    /// The fact's value now, if you know it: for `phone` the number (a phone number only), for
    /// `opening_hours` OpenStreetMap hours (`Mo-Th 09:00-12:00`); for other facts a text through the privacy gate.
    #[schema(max_length = 500)]
    proposed: Option<String>,
}

/// A suggestion as its proposer follows it (who proposed is never shown).
#[derive(Serialize, ToSchema)]
pub struct SuggestionView {
    /// Keep it: it is the only way to follow the suggestion.
    pub tracking_code: String,
    pub channel_id: i64,
    pub fact: String,
    pub seen: String,
    #[schema(format = Date)]
    pub seen_on: String,
    pub proposed: Option<String>,
    /// pending, accepted, rejected
    pub state: String,
    /// Why it was rejected.
    pub reason: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub decided_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A suggestion in the queue: with the proposing organisation's name (none for a visitor of the site).
#[derive(Serialize, ToSchema)]
pub struct QueuedSuggestion {
    #[serde(flatten)]
    pub suggestion: SuggestionView,
    pub organisation: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SuggestionPage {
    pub items: Vec<QueuedSuggestion>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// Accept: the facts as they now are (`changes`, a merge patch of the channel as in `PATCH
/// /api/v1/channels/{id}`) and/or a `status`; the report becomes their source.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct AcceptInput {
    changes: Option<super::editing::ChannelInput>,
    /// Without `source`: it is the report.
    status: Option<StatusInput>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct RejectInput {
    /// Read by the proposer with the tracking code; goes through the privacy gate.
    #[schema(min_length = 1, max_length = 1000)]
    reason: String,
}

pub fn view(row: SuggestionRow) -> SuggestionView {
    SuggestionView {
        tracking_code: row.tracking_code,
        channel_id: row.channel_id,
        fact: row.fact,
        seen: row.seen,
        seen_on: row.seen_on,
        proposed: row.proposed,
        state: row.state,
        reason: row.reason,
        created_at: row.created_at.and_utc(),
        decided_at: row.decided_at.map(|t| t.and_utc()),
    }
}

/// Propose a correction on a channel. With a token the organisation is kept (never shown publicly); without,
/// the per-address limit of anonymous reports applies (429 with `Retry-After`).
#[utoipa::path(
    tag = "editing",
    params(("id" = i64, Path, description = "Channel id", minimum = 1)),
    request_body(content = SuggestionInput, content_type = "application/json"),
    responses(
        (status = 201, body = SuggestionView),
        (status = 400, description = "Malformed JSON, a duplicate key or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is unknown, expired or revoked", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (personal data in `seen` included); `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many reports from this address; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    ),
    security((), ("bearer" = []))
)]
#[post("/api/v1/channels/{id}/suggestions")]
#[tracing::instrument(skip_all)]
pub async fn post_suggestion(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let principal = if req.headers().contains_key(header::AUTHORIZATION) {
        Some(auth::require(&state, &req, &[Role::Reporter, Role::Editor, Role::Admin]).await?)
    } else {
        None
    };
    let id = channel_id(&id)?;
    let mut b = body::json_fields(&req, payload).await?;
    let proposal = suggest::parse_proposal(&mut b, state.ctx().today);
    b.finish()?;
    let proposal = proposal.ok_or_else(|| ApiError::Internal("a valid suggestion was not read".into()))?;
    let client = crate::app::http::client_address(&req, state.trust_forwarded);
    let row = suggest::propose(&state, client, principal.as_ref(), id, proposal).await?;
    let code = row.tracking_code.clone();
    Ok(HttpResponse::Created().insert_header(("Location", format!("/api/v1/suggestions/{code}"))).json(view(row)))
}

/// Where a suggestion stands (for its proposer).
#[utoipa::path(
    tag = "editing",
    params(("tracking_code" = String, Path, pattern = "^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$")),
    responses(
        (status = 200, body = SuggestionView),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/suggestions/{tracking_code}")]
#[tracing::instrument(skip(state))]
pub async fn get_suggestion(state: web::Data<AppState>, code: web::Path<String>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(view(suggest::follow(&state, &code).await?)))
}

/// The queue: pending suggestions (or `state=accepted|rejected`) of the editor's institutions, every one for an
/// admin; oldest first.
#[utoipa::path(
    tag = "editing",
    params(
        ("state" = Option<String>, Query, description = "`pending` (default), `accepted` or `rejected`", pattern = "^(pending|accepted|rejected)$"),
        Pagination,
    ),
    responses(
        (status = 200, body = SuggestionPage),
        (status = 400, description = "A parameter is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown, expired or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor or admin token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/suggestions")]
#[tracing::instrument(skip_all)]
pub async fn list_suggestions(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut params: QueryParams,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Editor, Role::Admin]).await?;
    let wanted = params.typed("state").unwrap_or_else(|| "pending".into());
    if !["pending", "accepted", "rejected"].contains(&wanted.as_str()) {
        params.errors.push(crate::app::FieldError::new("state", "expected pending, accepted or rejected"));
    }
    let page = params.pagination();
    params.finish()?;
    let (rows, total) = suggest::queue(&state, &principal, &wanted, page).await?;
    let items =
        rows.into_iter().map(|(row, organisation)| QueuedSuggestion { suggestion: view(row), organisation }).collect();
    Ok(HttpResponse::Ok().json(SuggestionPage { items, total, page: page.page, per_page: page.per_page }))
}

/// Accept a suggestion: the facts given become the channel's, sourced "reported by <organisation> on <date>".
#[utoipa::path(
    tag = "editing",
    params(
        ("tracking_code" = String, Path, pattern = "^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$"),
        ("If-Match" = String, Header, description = "The ETag of the channel as read"),
    ),
    request_body(content = AcceptInput, content_type = "application/json"),
    responses(
        (status = 200, description = "Accepted; the channel's new version in `ETag`", body = SuggestionView),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor or admin token, or outside the editor's institutions", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already decided", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` is not the channel's current version", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/suggestions/{tracking_code}/accept")]
#[tracing::instrument(skip(state, req, payload))]
pub async fn accept_suggestion(
    state: web::Data<AppState>,
    req: HttpRequest,
    code: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Editor, Role::Admin]).await?;
    let mut b = body::json_fields(&req, payload).await?;
    let object = |b: &mut crate::app::input::Fields, name: &'static str| match b.raw(name) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::Object(m)) => Ok(Some(m)),
        Some(_) => Err(ApiError::Unprocessable(vec![crate::app::FieldError::new(name, "expected an object")])),
    };
    let changes = object(&mut b, "changes")?.unwrap_or_default();
    let status = object(&mut b, "status")?;
    b.finish()?;
    let unknown: Vec<_> = changes
        .keys()
        .filter(|k| !crate::app::edit::CHANNEL_FIELDS.contains(&k.as_str()))
        .map(|k| crate::app::FieldError::new(format!("changes.{k}"), "unknown field"))
        .collect();
    if !unknown.is_empty() {
        return Err(ApiError::InvalidBody(unknown));
    }
    let if_match = req.headers().get(header::IF_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string);
    let (row, tag) = suggest::accept(&state, &principal, &code, if_match, changes, status).await?;
    Ok(HttpResponse::Ok().insert_header((header::ETAG, tag)).json(view(row)))
}

/// Reject a suggestion, with a reason its proposer reads.
#[utoipa::path(
    tag = "editing",
    params(("tracking_code" = String, Path, pattern = "^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$")),
    request_body(content = RejectInput, content_type = "application/json"),
    responses(
        (status = 200, body = SuggestionView),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor or admin token, or outside the editor's institutions", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already decided", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/suggestions/{tracking_code}/reject")]
#[tracing::instrument(skip(state, req, payload))]
pub async fn reject_suggestion(
    state: web::Data<AppState>,
    req: HttpRequest,
    code: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Editor, Role::Admin]).await?;
    let mut b = body::json_fields(&req, payload).await?;
    let reason = b.free_text("reason", 1000);
    if reason.is_none() && !b.errors.iter().any(|e| e.field == "reason") {
        b.missing("reason");
    }
    b.finish()?;
    let reason = reason.ok_or_else(|| ApiError::Internal("a valid reason was not read".into()))?;
    Ok(HttpResponse::Ok().json(view(suggest::reject(&state, &principal, &code, reason).await?)))
}
