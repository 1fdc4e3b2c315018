//! Writes of procedures: `GET /api/v1/procedures/{slug}/entry`, `POST /api/v1/procedures`, `PATCH`, `PUT` and
//! `DELETE /api/v1/procedures/{slug}`, and a new channel: `POST /api/v1/procedures/{slug}/channels` (the
//! institution's editors, admins). `app/edit_records.rs` and `app/edit_channel_create.rs` do the work.

use super::entries::{self, ProcedureInput};
use super::problem::{ApiError, Problem};
use super::views::ChannelView;
use crate::app::AppState;
use crate::app::edit_records::Change;
use crate::store::records::RecordKind;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};

/// A procedure in the catalog files' shape, with its version in `ETag` (what a write's `If-Match` names).
#[utoipa::path(
    tag = "editing",
    params(("slug" = String, Path, description = "A procedure slug")),
    responses(
        (status = 200, body = ProcedureInput, headers(("ETag" = String, description = "Its current version"))),
        (status = 404, description = "Unknown or withdrawn", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/procedures/{slug}/entry")]
#[tracing::instrument(skip(state))]
pub async fn get_procedure_entry(
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    entries::read(&state, RecordKind::Procedure, slug.into_inner()).await
}

/// Create a procedure of an institution (`institution`: its editors, admins). Checked as the catalog files are: every text a person reads in French, Dutch and
/// English, references that exist, keys not taken (a withdrawn record keeps its key).
#[utoipa::path(
    tag = "editing",
    request_body(content = ProcedureInput, content_type = "application/json"),
    responses(
        (status = 201, description = "Created; its version in `ETag`, its entry at `Location`", body = ProcedureInput),
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
#[post("/api/v1/procedures")]
#[tracing::instrument(skip(state, req, payload))]
pub async fn post_procedure(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    entries::write(state, req, Some(payload), RecordKind::Procedure, None, Change::Create).await
}

/// Change some of the fields of a procedure (JSON merge patch: `null` removes a field).
#[utoipa::path(
    tag = "editing",
    params(
        ("slug" = String, Path, description = "A procedure slug"),
        ("If-Match" = String, Header, description = "The ETag of the version read"),
    ),
    request_body(content = ProcedureInput, content_type = "application/json"),
    responses(
        (status = 200, description = "Changed (or already so); the new version in `ETag`", body = ProcedureInput),
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
#[patch("/api/v1/procedures/{slug}")]
#[tracing::instrument(skip(state, req, payload))]
pub async fn patch_procedure(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    entries::write(state, req, Some(payload), RecordKind::Procedure, Some(slug.into_inner()), Change::Patch).await
}

/// Replace a procedure (a field not given is removed).
#[utoipa::path(
    tag = "editing",
    params(
        ("slug" = String, Path, description = "A procedure slug"),
        ("If-Match" = String, Header, description = "The ETag of the version read"),
    ),
    request_body(content = ProcedureInput, content_type = "application/json"),
    responses(
        (status = 200, description = "Changed (or already so); the new version in `ETag`", body = ProcedureInput),
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
#[put("/api/v1/procedures/{slug}")]
#[tracing::instrument(skip(state, req, payload))]
pub async fn put_procedure(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    entries::write(state, req, Some(payload), RecordKind::Procedure, Some(slug.into_inner()), Change::Put).await
}

/// Withdraw a procedure: hidden from every list and page, never erased (its versions are kept); its channels are hidden with it.
#[utoipa::path(
    tag = "editing",
    params(
        ("slug" = String, Path, description = "A procedure slug"),
        ("If-Match" = String, Header, description = "The ETag of the version read"),
    ),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 401, description = "Missing, unknown, expired or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor or admin token, or outside the editor's institutions", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` is not the current version", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/api/v1/procedures/{slug}")]
#[tracing::instrument(skip(state, req))]
pub async fn delete_procedure(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    entries::write(state, req, None, RecordKind::Procedure, Some(slug.into_inner()), Change::Withdraw).await
}

/// Add a channel to a procedure: the fields of a channel (`key`, `kind`, `completion` and `source` required),
/// checked as the catalog files' channels are.
#[utoipa::path(
    tag = "editing",
    params(("slug" = String, Path, description = "Procedure slug")),
    request_body(content = NewChannelInput, content_type = "application/json"),
    responses(
        (status = 201, description = "Created; its version in `ETag`, the channel at `Location`", body = ChannelView),
        (status = 400, description = "Malformed JSON, a duplicate key or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown, expired or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor or admin token, or outside the editor's institutions", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid or the key is taken; `errors` names it", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/procedures/{slug}/channels")]
#[tracing::instrument(skip(state, req, payload))]
pub async fn post_procedure_channel(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let principal =
        super::auth::require(&state, &req, &[crate::domain::Role::Editor, crate::domain::Role::Admin]).await?;
    let mut b = super::body::json_fields(&req, payload).await?;
    let mut fields = crate::app::edit::read_patch(&mut b);
    if let Some(key) = b.raw("key") {
        fields.insert("key".into(), key);
    }
    b.finish()?;
    let (id, tag) = crate::app::edit_channel_create::create_channel(&state, &principal, &slug, fields).await?;
    let mut created = super::editing::written(&state, id, &tag, true)?;
    if let Ok(v) = actix_web::http::header::HeaderValue::from_str(&format!("/api/v1/channels/{id}")) {
        created.headers_mut().insert(actix_web::http::header::LOCATION, v);
    }
    Ok(created)
}

/// A new channel: its `key` in its procedure and the fields of a channel, as in the catalog files
/// (`catalog/FORMAT.md`; the same fields as `ChannelInput`).
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct NewChannelInput {
    /// Unique in its procedure (a withdrawn channel keeps its key).
    key: String,
    /// online, counter, appointment, phone, post, email, assisted
    kind: String,
    /// full, submit, booking, info
    completion: String,
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
    source: String,
    /// The source of one fact when it is not `source`.
    fact_sources: Option<std::collections::BTreeMap<String, String>>,
    note: Option<crate::domain::texts::Texts>,
    quotes: Option<Vec<crate::domain::texts::Quote>>,
}
