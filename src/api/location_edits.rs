//! Writes of locations (the places where counters are): `GET`, `PATCH`, `PUT` and `DELETE /api/v1/locations/{key}`,
//! `POST /api/v1/locations` (the editors of the institution whose file defines it, admins).

use super::entries::{self, LocationInput};
use super::problem::{ApiError, Problem};
use crate::app::AppState;
use crate::app::edit_records::Change;
use crate::store::records::RecordKind;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};

/// A location in the catalog files' shape, with its version in `ETag` (what a write's `If-Match` names).
#[utoipa::path(
    tag = "editing",
    params(("key" = String, Path, description = "A location key")),
    responses(
        (status = 200, body = LocationInput, headers(("ETag" = String, description = "Its current version"))),
        (status = 404, description = "Unknown or withdrawn", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/locations/{key}")]
#[tracing::instrument(skip(state))]
pub async fn get_location_entry(state: web::Data<AppState>, key: web::Path<String>) -> Result<HttpResponse, ApiError> {
    entries::read(&state, RecordKind::Location, key.into_inner()).await
}

/// Create a location in an institution's file (`institution`: its editors, admins). Checked as the catalog files are: every text a person reads in French, Dutch and
/// English, references that exist, keys not taken (a withdrawn record keeps its key).
#[utoipa::path(
    tag = "editing",
    request_body(content = LocationInput, content_type = "application/json"),
    responses(
        (status = 201, description = "Created; its version in `ETag`, its entry at `Location`", body = LocationInput),
        (status = 400, description = "Malformed JSON, a duplicate key or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown, expired or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor or admin token, or outside the editor's institutions", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/locations")]
#[tracing::instrument(skip(state, req, payload))]
pub async fn post_location(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    entries::write(state, req, Some(payload), RecordKind::Location, None, Change::Create).await
}

/// Change some of the fields of a location (JSON merge patch: `null` removes a field).
#[utoipa::path(
    tag = "editing",
    params(
        ("key" = String, Path, description = "A location key"),
        ("If-Match" = String, Header, description = "The ETag of the version read"),
    ),
    request_body(content = LocationInput, content_type = "application/json"),
    responses(
        (status = 200, description = "Changed (or already so); the new version in `ETag`", body = LocationInput),
        (status = 400, description = "Malformed JSON, a duplicate key or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown, expired or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor or admin token, or outside the editor's institutions", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` is not the current version (its ETag is in `ETag`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/api/v1/locations/{key}")]
#[tracing::instrument(skip(state, req, payload))]
pub async fn patch_location(
    state: web::Data<AppState>,
    req: HttpRequest,
    key: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    entries::write(state, req, Some(payload), RecordKind::Location, Some(key.into_inner()), Change::Patch).await
}

/// Replace a location (a field not given is removed).
#[utoipa::path(
    tag = "editing",
    params(
        ("key" = String, Path, description = "A location key"),
        ("If-Match" = String, Header, description = "The ETag of the version read"),
    ),
    request_body(content = LocationInput, content_type = "application/json"),
    responses(
        (status = 200, description = "Changed (or already so); the new version in `ETag`", body = LocationInput),
        (status = 400, description = "Malformed JSON, a duplicate key or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown, expired or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor or admin token, or outside the editor's institutions", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` is not the current version (its ETag is in `ETag`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/api/v1/locations/{key}")]
#[tracing::instrument(skip(state, req, payload))]
pub async fn put_location(
    state: web::Data<AppState>,
    req: HttpRequest,
    key: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    entries::write(state, req, Some(payload), RecordKind::Location, Some(key.into_inner()), Change::Put).await
}

/// Withdraw a location: hidden from every list and page, never erased (its versions are kept); refused while a channel is there.
#[utoipa::path(
    tag = "editing",
    params(
        ("key" = String, Path, description = "A location key"),
        ("If-Match" = String, Header, description = "The ETag of the version read"),
    ),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 401, description = "Missing, unknown, expired or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor or admin token, or outside the editor's institutions", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Other records still need it (named in the detail)", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` is not the current version", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/api/v1/locations/{key}")]
#[tracing::instrument(skip(state, req))]
pub async fn delete_location(
    state: web::Data<AppState>,
    req: HttpRequest,
    key: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    entries::write(state, req, None, RecordKind::Location, Some(key.into_inner()), Change::Withdraw).await
}
