//! Named editors of an organisation (`app/people.rs`): created with their institutions, listed and revoked by the
//! organisation's admin token; they sign in on the web pages with their password or a one-time link and change
//! their institutions' records on the editing pages. A reporter's id is not an editor's (404).

use super::auth;
use super::params::{Pagination, QueryParams};
use super::problem::{ApiError, FieldError, Problem};
use super::reporters::{SignIn, SignInLink, link};
use crate::app::AppState;
use crate::app::{people, reporters};
use crate::domain::Role;
use crate::store::people::PersonInfo;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use serde::Serialize;
use utoipa::ToSchema;

/// An editor to create: a password, or (without one) a one-time sign-in link to hand over; the institutions
/// whose records they may change.
#[derive(serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct EditorInput {
    /// 3 to 50 visible characters (no spaces), unique across organisations and roles; compared without case.
    #[schema(min_length = 3, max_length = 50, example = "lea.v")]
    user_name: String,
    /// The name shown when signed in and in the audit log, at most 100 characters.
    #[schema(max_length = 100, example = "Léa V.")]
    display_name: String,
    /// At least 12 characters (at most 200); hashed with Argon2id, never stored or shown. Leave it out to get a
    /// one-time sign-in link instead.
    #[schema(min_length = 12, max_length = 200, format = Password)]
    password: Option<String>,
    /// The language of the page the sign-in link opens: `fr` (default), `nl` or `en`.
    #[schema(pattern = "^(fr|nl|en)$")]
    lang: Option<String>,
    /// The institutions (slugs) whose records the editor may change: at least one, each in the catalog and not
    /// withdrawn.
    #[schema(min_items = 1, max_items = 100, example = json!(["commune-schaerbeek"]))]
    institutions: Vec<String>,
}

/// A named editor of the organisation. Never a password or a hash.
#[derive(Serialize, ToSchema)]
pub struct EditorView {
    pub id: i64,
    pub user_name: String,
    pub display_name: String,
    pub role: Role,
    pub sign_in: SignIn,
    /// The institutions (slugs) whose records the editor may change, in alphabetical order.
    pub institutions: Vec<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Set once revoked: the editor can no longer sign in and their sessions have ended.
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Serialize, ToSchema)]
pub struct EditorCreated {
    pub editor: EditorView,
    /// Present when no password was given.
    pub sign_in_link: Option<SignInLink>,
    /// What to tell the editor.
    pub note: String,
}

#[derive(Serialize, ToSchema)]
pub struct EditorPage {
    pub items: Vec<EditorView>,
    pub total: usize,
    pub page: u32,
    pub per_page: u32,
}

const LINK_NOTE: &str =
    "Hand the sign-in link to the editor: it is shown only now, signs in once, and expires in 7 days.";

fn view(p: PersonInfo) -> EditorView {
    EditorView {
        id: p.id,
        user_name: p.user_name,
        display_name: p.display_name,
        role: p.role,
        sign_in: if p.has_password { SignIn::Password } else { SignIn::Link },
        institutions: p.institutions,
        created_at: p.created_at.and_utc(),
        revoked_at: p.revoked_at.map(|t| t.and_utc()),
    }
}

fn editor_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::invalid("id", format!("`{raw}` is not an editor id (a positive whole number)")))
}

/// Create a named editor of the organisation, with the institutions whose records they may change.
///
/// Needs a bearer token of the organisation with the role `admin`. With `password`, the editor signs in with
/// their user name and that password; without, the answer carries a one-time sign-in link (valid 7 days, spent
/// at first use) to hand to the editor. Signed in, they use the editing pages (`/{lang}/editor`) for their
/// institutions only; the audit log names them.
#[utoipa::path(
    tag = "editors",
    request_body = EditorInput,
    responses(
        (status = 201, body = EditorCreated),
        (status = 400, description = "Malformed JSON or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token is not an admin token", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid, the user name is taken, or an institution is missing, unknown or withdrawn; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/editors")]
#[tracing::instrument(skip_all)]
pub async fn post_editor(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Admin]).await?;
    let mut b = super::body::json_fields(&req, payload).await?;
    let new = people::parse_new_editor(&mut b);
    b.finish()?;
    let new = new.ok_or_else(|| ApiError::Internal("a valid editor was not read".into()))?;
    let created = people::create_editor_for(&state, &principal, new).await?;
    let note = match &created.link {
        Some(_) => LINK_NOTE,
        None => "A password was set: the editor signs in with their user name and that password.",
    };
    let body = EditorCreated {
        sign_in_link: created.link.as_ref().map(|l| link(&state, &req, l)),
        editor: view(created.reporter),
        note: note.into(),
    };
    Ok(HttpResponse::Created().json(body))
}

/// The organisation's named editors with their institutions, revoked ones included.
#[utoipa::path(
    tag = "editors",
    params(Pagination),
    responses(
        (status = 200, body = EditorPage),
        (status = 400, description = "A parameter is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token is not an admin token", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/editors")]
#[tracing::instrument(skip_all)]
pub async fn list_editors(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut params: QueryParams,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Admin]).await?;
    let page = params.pagination();
    params.finish()?;
    let (items, total) = people::list(&state, &principal, Role::Editor, page).await?;
    let items = items.into_iter().map(view).collect();
    Ok(HttpResponse::Ok().json(EditorPage { items, total, page: page.page, per_page: page.per_page }))
}

/// Revoke one of the organisation's editors: they can no longer sign in, and their sessions end now.
///
/// Revoking twice is no error. Another organisation's editor, or a reporter, is not found.
#[utoipa::path(
    tag = "editors",
    params(("id" = i64, Path, description = "Editor id", minimum = 1)),
    responses(
        (status = 204, description = "Revoked"),
        (status = 400, description = "Not an id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token is not an admin token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The organisation has no such editor", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/api/v1/editors/{id}")]
#[tracing::instrument(skip(state, req))]
pub async fn delete_editor(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Admin]).await?;
    let id = editor_id(&id)?;
    people::revoke(&state, &principal, Role::Editor, id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A new one-time sign-in link for one of the organisation's editors (a new device, a link lost or used).
///
/// The editor's earlier links stay valid until used or expired. `lang` (query): the language of the page the
/// link opens, `fr` (default), `nl` or `en`.
#[utoipa::path(
    tag = "editors",
    params(
        ("id" = i64, Path, description = "Editor id", minimum = 1),
        ("lang" = Option<String>, Query, description = "`fr` (default), `nl` or `en`", pattern = "^(fr|nl|en)$"),
    ),
    responses(
        (status = 201, body = EditorCreated),
        (status = 400, description = "Not an id, or an unknown language", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token is not an admin token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The organisation has no such live editor", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/editors/{id}/links")]
#[tracing::instrument(skip(state, req, params))]
pub async fn post_editor_link(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    mut params: QueryParams,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Admin]).await?;
    let id = editor_id(&id)?;
    let lang = match params.typed("lang") {
        None => Some("fr"),
        Some(l) => {
            let found = reporters::LINK_LANGS.iter().find(|c| **c == l).copied();
            if found.is_none() {
                params.errors.push(FieldError::new("lang", format!("`{l}`: expected fr, nl or en")));
            }
            found
        }
    };
    params.finish()?;
    let lang = lang.ok_or_else(|| ApiError::Internal("a valid language was not read".into()))?;
    let (person, issued) = people::issue_link(&state, &principal, Role::Editor, id, lang).await?;
    let body =
        EditorCreated { editor: view(person), sign_in_link: Some(link(&state, &req, &issued)), note: LINK_NOTE.into() };
    Ok(HttpResponse::Created().json(body))
}
