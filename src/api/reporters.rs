//! Named reporters of an organisation (`app/reporters.rs`): created, listed and revoked by the organisation's
//! admin token; they sign in on the web pages with their password or a one-time link.

use super::auth;
use super::params::{Pagination, QueryParams};
use super::problem::{ApiError, FieldError, Problem};
use crate::app::AppState;
use crate::app::reporters::{self, IssuedLink};
use crate::domain::Role;
use crate::store::people::PersonInfo;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use serde::Serialize;
use utoipa::ToSchema;

/// A reporter to create: a password, or (without one) a one-time sign-in link to hand over.
#[derive(serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ReporterInput {
    /// 3 to 50 visible characters (no spaces), unique across organisations; compared without case.
    #[schema(min_length = 3, max_length = 50, example = "amina.b")]
    user_name: String,
    /// The name shown when signed in, at most 100 characters.
    #[schema(max_length = 100, example = "Amina B.")]
    display_name: String,
    /// At least 12 characters (at most 200); hashed with Argon2id, never stored or shown. Leave it out to get a
    /// one-time sign-in link instead.
    #[schema(min_length = 12, max_length = 200, format = Password)]
    password: Option<String>,
    /// The language of the page the sign-in link opens: `fr` (default), `nl` or `en`.
    #[schema(pattern = "^(fr|nl|en)$")]
    lang: Option<String>,
}

/// How a reporter (or an editor) signs in.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignIn {
    Password,
    Link,
}

/// A named reporter of the organisation. Never a password or a hash.
#[derive(Serialize, ToSchema)]
pub struct ReporterView {
    pub id: i64,
    pub user_name: String,
    pub display_name: String,
    pub role: Role,
    pub sign_in: SignIn,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Set once revoked: the reporter can no longer sign in and their sessions have ended.
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A one-time sign-in link: shown only now; it signs the reporter (or the editor) in once, until `expires_at`.
#[derive(Serialize, ToSchema)]
pub struct SignInLink {
    pub url: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct ReporterCreated {
    pub reporter: ReporterView,
    /// Present when no password was given.
    pub sign_in_link: Option<SignInLink>,
    /// What to tell the reporter.
    pub note: String,
}

#[derive(Serialize, ToSchema)]
pub struct ReporterPage {
    pub items: Vec<ReporterView>,
    pub total: usize,
    pub page: u32,
    pub per_page: u32,
}

fn view(p: PersonInfo) -> ReporterView {
    ReporterView {
        id: p.id,
        user_name: p.user_name,
        display_name: p.display_name,
        role: p.role,
        sign_in: if p.has_password { SignIn::Password } else { SignIn::Link },
        created_at: p.created_at.and_utc(),
        revoked_at: p.revoked_at.map(|t| t.and_utc()),
    }
}

/// A link as handed out: the site's public address before its path.
pub(super) fn link(state: &AppState, req: &HttpRequest, issued: &IssuedLink) -> SignInLink {
    let base = crate::app::http::public_base(state.public_url.as_deref(), req);
    SignInLink { url: format!("{base}{}", issued.path), expires_at: issued.expires_at }
}

fn reporter_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::invalid("id", format!("`{raw}` is not a reporter id (a positive whole number)")))
}

/// Create a named reporter of the organisation.
///
/// Needs a bearer token of the organisation with the role `admin`. With `password`, the reporter signs in with
/// their user name and that password; without, the answer carries a one-time sign-in link (valid 7 days, spent
/// at first use) to hand to the reporter.
#[utoipa::path(
    tag = "reporters",
    request_body = ReporterInput,
    responses(
        (status = 201, body = ReporterCreated),
        (status = 400, description = "Malformed JSON or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token is not an admin token", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid or the user name is taken; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/reporters")]
#[tracing::instrument(skip_all)]
pub async fn post_reporter(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Admin]).await?;
    let mut b = super::body::json_fields(&req, payload).await?;
    let new = reporters::parse_new_reporter(&mut b);
    b.finish()?;
    let new = new.ok_or_else(|| ApiError::Internal("a valid reporter was not read".into()))?;
    let created = reporters::create_for(&state, &principal, new).await?;
    let note = match &created.link {
        Some(_) => "Hand the sign-in link to the reporter: it is shown only now, signs in once, and expires in 7 days.",
        None => "A password was set: the reporter signs in with their user name and that password.",
    };
    let body = ReporterCreated {
        sign_in_link: created.link.as_ref().map(|l| link(&state, &req, l)),
        reporter: view(created.reporter),
        note: note.into(),
    };
    Ok(HttpResponse::Created().json(body))
}

/// The organisation's named reporters, revoked ones included.
#[utoipa::path(
    tag = "reporters",
    params(Pagination),
    responses(
        (status = 200, body = ReporterPage),
        (status = 400, description = "A parameter is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token is not an admin token", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/reporters")]
#[tracing::instrument(skip_all)]
pub async fn list_reporters(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut params: QueryParams,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Admin]).await?;
    let page = params.pagination();
    params.finish()?;
    let (items, total) = reporters::list(&state, &principal, page).await?;
    let items = items.into_iter().map(view).collect();
    Ok(HttpResponse::Ok().json(ReporterPage { items, total, page: page.page, per_page: page.per_page }))
}

/// Revoke one of the organisation's reporters: they can no longer sign in, and their sessions end now.
///
/// Revoking twice is no error. Another organisation's reporter is not found.
#[utoipa::path(
    tag = "reporters",
    params(("id" = i64, Path, description = "Reporter id", minimum = 1)),
    responses(
        (status = 204, description = "Revoked"),
        (status = 400, description = "Not an id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token is not an admin token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The organisation has no such reporter", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/api/v1/reporters/{id}")]
#[tracing::instrument(skip(state, req))]
pub async fn delete_reporter(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Admin]).await?;
    let id = reporter_id(&id)?;
    reporters::revoke(&state, &principal, id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A new one-time sign-in link for one of the organisation's reporters (a new device, a link lost or used).
///
/// The reporter's earlier links stay valid until used or expired. `lang` (query): the language of the page
/// the link opens, `fr` (default), `nl` or `en`.
#[utoipa::path(
    tag = "reporters",
    params(
        ("id" = i64, Path, description = "Reporter id", minimum = 1),
        ("lang" = Option<String>, Query, description = "`fr` (default), `nl` or `en`", pattern = "^(fr|nl|en)$"),
    ),
    responses(
        (status = 201, body = ReporterCreated),
        (status = 400, description = "Not an id, or an unknown language", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token is not an admin token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The organisation has no such live reporter", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/reporters/{id}/links")]
#[tracing::instrument(skip(state, req, params))]
pub async fn post_reporter_link(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    mut params: QueryParams,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Admin]).await?;
    let id = reporter_id(&id)?;
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
    let (person, issued) = reporters::issue_link(&state, &principal, id, lang).await?;
    let body = ReporterCreated {
        reporter: view(person),
        sign_in_link: Some(link(&state, &req, &issued)),
        note: "Hand the sign-in link to the reporter: it is shown only now, signs in once, and expires in 7 days."
            .into(),
    };
    Ok(HttpResponse::Created().json(body))
}
