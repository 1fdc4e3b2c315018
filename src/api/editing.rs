//! Writes to the catalog: `PATCH`, `PUT` and `DELETE /api/v1/channels/{id}`, `POST /api/v1/channels/{id}/statuses`.
//! Editor tokens within their institutions, admin tokens everywhere; every write needs the `If-Match` of the
//! version it read (`GET /api/v1/channels/{id}` gives it as `ETag`).

use super::auth;
use super::body;
use super::channels::channel_id;
use super::problem::{ApiError, Problem};
use super::views::{ChannelView, channel_view};
use crate::app::AppState;
use crate::app::edit::{self, Mode};
use crate::domain::Role;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, patch, post, put, web};
use serde::Deserialize;
use utoipa::ToSchema;

/// The fields of a channel, as in the catalog files (`catalog/FORMAT.md`); `key` and `status` cannot be set here.
/// With `PATCH` (a JSON merge patch) only the fields given change and `null` removes one; with `PUT` the body is
/// the whole channel. The result is checked as the catalog files are: opening hours in OpenStreetMap syntax,
/// phone numbers, every text a person reads in French, Dutch and English, sources and locations that exist.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ChannelInput {
    /// online, counter, appointment, phone, post, email, assisted
    kind: Option<String>,
    /// full, submit, booking, info
    completion: Option<String>,
    /// A location key of the catalog.
    location: Option<String>,
    /// OpenStreetMap `opening_hours`, e.g. `Mo-Fr 08:30-12:00; PH off`.
    opening_hours: Option<String>,
    phone: Option<String>,
    phone_cost: Option<crate::domain::texts::Texts>,
    email: Option<String>,
    url: Option<String>,
    /// Booking routes: phone, counter, email, online, post.
    booking: Option<Vec<String>>,
    /// ISO 639-1 codes.
    languages: Option<Vec<String>>,
    /// yes, limited, no
    wheelchair: Option<String>,
    cost: Option<crate::domain::texts::Texts>,
    registered: Option<bool>,
    conditions: Option<crate::domain::texts::Texts>,
    /// The key of the source of these facts.
    source: Option<String>,
    /// The source of one fact when it is not `source`.
    fact_sources: Option<std::collections::BTreeMap<String, String>>,
    note: Option<crate::domain::texts::Texts>,
    quotes: Option<Vec<crate::domain::texts::Quote>>,
}

/// A declared status, in force from now on and kept in the channel's history.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct StatusInput {
    /// open, restricted, closed_temporarily, closed_permanently, unknown
    state: String,
    /// In French, Dutch and English.
    note: Option<crate::domain::texts::Texts>,
    /// A date, `2025`, `2025-03` or `2025-03-01`.
    since: Option<String>,
    until: Option<String>,
    /// The key of the source that says so (its date is the fact's date).
    source: String,
    quotes: Option<Vec<crate::domain::texts::Quote>>,
}

fn if_match(req: &HttpRequest) -> Option<String> {
    req.headers().get(header::IF_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// The channel as it now stands in the read model, with its ETag.
pub fn written(state: &AppState, id: i64, tag: &str, created: bool) -> Result<HttpResponse, ApiError> {
    let s = state.catalog.load();
    let c = s.channel(id).ok_or_else(|| ApiError::NotFound { what: "channel", key: id.to_string() })?;
    let mut r = if created { HttpResponse::Created() } else { HttpResponse::Ok() };
    Ok(r.insert_header((header::ETAG, tag.to_string())).json(channel_view(&s, c, &state.ctx())))
}

async fn write(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    payload: web::Payload,
    mode: Mode,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Editor, Role::Admin]).await?;
    let id = channel_id(&id)?;
    let mut b = body::json_fields(&req, payload).await?;
    let patch = edit::read_patch(&mut b);
    b.finish()?;
    let tag = edit::edit_channel(&state, &principal, id, if_match(&req), patch, mode).await?;
    written(&state, id, &tag, false)
}

/// Change some of a channel's facts (JSON merge patch).
#[utoipa::path(
    tag = "editing",
    params(
        ("id" = i64, Path, description = "Channel id", minimum = 1),
        ("If-Match" = String, Header, description = "The ETag of the version read"),
    ),
    request_body(content = ChannelInput, content_type = "application/json"),
    responses(
        (status = 200, description = "Changed (or already so); the new version in `ETag`", body = ChannelView),
        (status = 400, description = "Malformed JSON, a duplicate key or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown, expired or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor or admin token, or the channel's institution is outside the editor's", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` is not the current version (its ETag is in `ETag`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/api/v1/channels/{id}")]
#[tracing::instrument(skip(state, req, payload))]
pub async fn patch_channel(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    write(state, req, id, payload, Mode::Patch).await
}

/// Replace a channel's facts (a field not given is removed; `kind`, `completion` and `source` are required).
#[utoipa::path(
    tag = "editing",
    params(
        ("id" = i64, Path, description = "Channel id", minimum = 1),
        ("If-Match" = String, Header, description = "The ETag of the version read"),
    ),
    request_body(content = ChannelInput, content_type = "application/json"),
    responses(
        (status = 200, description = "Replaced (or already so); the new version in `ETag`", body = ChannelView),
        (status = 400, description = "Malformed JSON, a duplicate key or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown, expired or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor or admin token, or the channel's institution is outside the editor's", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` is not the current version (its ETag is in `ETag`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/api/v1/channels/{id}")]
#[tracing::instrument(skip(state, req, payload))]
pub async fn put_channel(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    write(state, req, id, payload, Mode::Put).await
}

/// Withdraw a channel: hidden from every list and page, never erased (its versions and history are kept).
#[utoipa::path(
    tag = "editing",
    params(
        ("id" = i64, Path, description = "Channel id", minimum = 1),
        ("If-Match" = String, Header, description = "The ETag of the version read"),
    ),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 400, description = "The id is not a positive whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown, expired or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor or admin token, or the channel's institution is outside the editor's", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` is not the current version", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/api/v1/channels/{id}")]
#[tracing::instrument(skip(state, req))]
pub async fn delete_channel(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Editor, Role::Admin]).await?;
    let id = channel_id(&id)?;
    edit::withdraw_channel(&state, &principal, id, if_match(&req)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Declare a new status of a channel (state, note in three languages, since/until, the source that says so).
#[utoipa::path(
    tag = "editing",
    params(
        ("id" = i64, Path, description = "Channel id", minimum = 1),
        ("If-Match" = String, Header, description = "The ETag of the version read"),
    ),
    request_body(content = StatusInput, content_type = "application/json"),
    responses(
        (status = 201, description = "Declared; the channel with its new version in `ETag`", body = ChannelView),
        (status = 400, description = "Malformed JSON, a duplicate key or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown, expired or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor or admin token, or the channel's institution is outside the editor's", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` is not the current version", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/channels/{id}/statuses")]
#[tracing::instrument(skip(state, req, payload))]
pub async fn post_channel_status(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Editor, Role::Admin]).await?;
    let id = channel_id(&id)?;
    let mut b = body::json_fields(&req, payload).await?;
    let fields = edit::read_status(&mut b);
    b.finish()?;
    let (tag, _) = edit::declare_status(&state, &principal, id, if_match(&req), fields).await?;
    written(&state, id, &tag, true)
}
