//! Writes of institutions: `GET /api/v1/institutions/{slug}/entry`, `POST /api/v1/institutions` (admins),
//! `PATCH`, `PUT` and `DELETE /api/v1/institutions/{slug}` (its editors, admins). `app/edit_records.rs` does the work.

use super::entries::{self, InstitutionInput};
use super::problem::{ApiError, Problem};
use crate::app::AppState;
use crate::app::edit_records::Change;
use crate::store::records::RecordKind;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};

/// An institution in the catalog files' shape, with its version in `ETag` (what a write's `If-Match` names).
#[utoipa::path(
    tag = "editing",
    params(("slug" = String, Path, description = "An institution slug")),
    responses(
        (status = 200, body = InstitutionInput, headers(("ETag" = String, description = "Its current version"))),
        (status = 404, description = "Unknown or withdrawn", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/institutions/{slug}/entry")]
#[tracing::instrument(skip(state))]
pub async fn get_institution_entry(
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    entries::read(&state, RecordKind::Institution, slug.into_inner()).await
}

/// Create an institution (admin tokens). Checked as the catalog files are: every text a person reads in French, Dutch and
/// English, references that exist, keys not taken (a withdrawn record keeps its key).
#[utoipa::path(
    tag = "editing",
    request_body(content = InstitutionInput, content_type = "application/json"),
    responses(
        (status = 201, description = "Created; its version in `ETag`, its entry at `Location`", body = InstitutionInput),
        (status = 400, description = "Malformed JSON, a duplicate key or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown, expired or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor or admin token, or outside the editor's institutions", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It would leave other records of the catalog wrong; the detail names them", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/institutions")]
#[tracing::instrument(skip(state, req, payload))]
pub async fn post_institution(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    entries::write(state, req, Some(payload), RecordKind::Institution, None, Change::Create).await
}

/// Change some of the fields of an institution (JSON merge patch: `null` removes a field).
#[utoipa::path(
    tag = "editing",
    params(
        ("slug" = String, Path, description = "An institution slug"),
        ("If-Match" = String, Header, description = "The ETag of the version read"),
    ),
    request_body(content = InstitutionInput, content_type = "application/json"),
    responses(
        (status = 200, description = "Changed (or already so); the new version in `ETag`", body = InstitutionInput),
        (status = 400, description = "Malformed JSON, a duplicate key or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown, expired or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor or admin token, or outside the editor's institutions", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It would leave other records of the catalog wrong; the detail names them", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` is not the current version (its ETag is in `ETag`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/api/v1/institutions/{slug}")]
#[tracing::instrument(skip(state, req, payload))]
pub async fn patch_institution(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    entries::write(state, req, Some(payload), RecordKind::Institution, Some(slug.into_inner()), Change::Patch).await
}

/// Replace an institution (a field not given is removed).
#[utoipa::path(
    tag = "editing",
    params(
        ("slug" = String, Path, description = "An institution slug"),
        ("If-Match" = String, Header, description = "The ETag of the version read"),
    ),
    request_body(content = InstitutionInput, content_type = "application/json"),
    responses(
        (status = 200, description = "Changed (or already so); the new version in `ETag`", body = InstitutionInput),
        (status = 400, description = "Malformed JSON, a duplicate key or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown, expired or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor or admin token, or outside the editor's institutions", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It would leave other records of the catalog wrong; the detail names them", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` is not the current version (its ETag is in `ETag`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/api/v1/institutions/{slug}")]
#[tracing::instrument(skip(state, req, payload))]
pub async fn put_institution(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    entries::write(state, req, Some(payload), RecordKind::Institution, Some(slug.into_inner()), Change::Put).await
}

/// Withdraw an institution: hidden from every list and page, never erased (its versions are kept); its procedures and their channels are hidden with it.
#[utoipa::path(
    tag = "editing",
    params(
        ("slug" = String, Path, description = "An institution slug"),
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
#[delete("/api/v1/institutions/{slug}")]
#[tracing::instrument(skip(state, req))]
pub async fn delete_institution(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    entries::write(state, req, None, RecordKind::Institution, Some(slug.into_inner()), Change::Withdraw).await
}
