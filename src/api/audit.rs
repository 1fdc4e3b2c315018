//! `GET /api/v1/audit`: every write to the catalog, for admins.

use super::auth;
use super::params::QueryParams;
use super::problem::{ApiError, Problem};
use crate::app::input::Pagination;
use crate::app::{AppState, audit};
use crate::domain::Role;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

/// One write: who, when, on what, and the record before and after.
#[derive(Serialize, ToSchema)]
pub struct AuditEntryView {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    /// `token`, `person` or `cli`.
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    /// The display name of the person who wrote, when a person did (`actor_kind` `person`): a named editor
    /// signed in on the editing pages.
    pub actor_name: Option<String>,
    pub organisation: Option<String>,
    /// The institution the record belongs to (slug), when it is in the catalog.
    pub institution: Option<String>,
    /// `channel`, `declared_status`, `suggestion`, `campaign`.
    pub resource: String,
    pub resource_id: i64,
    /// `update`, `withdraw`, `declare_status`, `accept`, `reject`, `verify` (a channel confirmed), `open` (a
    /// campaign).
    pub action: String,
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntryView>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// The audit log, newest first (admin tokens only).
#[utoipa::path(
    tag = "editing",
    params(
        ("institution" = Option<String>, Query, description = "Institution slug"),
        ("actor" = Option<String>, Query, description = "`token:ID` or `person:ID`", pattern = "^(token|person):[1-9][0-9]*$"),
        ("from" = Option<chrono::DateTime<chrono::Utc>>, Query, description = "From this instant (RFC 3339)"),
        ("until" = Option<chrono::DateTime<chrono::Utc>>, Query, description = "Before this instant (RFC 3339)"),
        Pagination,
    ),
    responses(
        (status = 200, body = AuditPage),
        (status = 400, description = "A parameter is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown, expired or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token is not an admin token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such institution; `errors` names the field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/audit")]
#[tracing::instrument(skip_all)]
pub async fn list_audit(
    state: web::Data<AppState>,
    req: HttpRequest,
    mut params: QueryParams,
) -> Result<HttpResponse, ApiError> {
    auth::require(&state, &req, &[Role::Admin]).await?;
    let s = state.catalog.load();
    let filter = audit::read_filter(&mut params, &s);
    let page = params.pagination();
    params.finish()?;
    let (items, total) = audit::list(&state, filter, page).await?;
    let items = items
        .into_iter()
        .map(|i| AuditEntryView {
            id: i.row.id,
            at: i.row.at.and_utc(),
            actor_kind: i.row.actor_kind,
            actor_id: i.row.actor_id,
            actor_name: i.actor_name,
            organisation: i.row.organisation,
            institution: i.institution,
            resource: i.row.resource,
            resource_id: i.row.resource_id,
            action: i.row.action,
            before: i.before,
            after: i.after,
        })
        .collect();
    Ok(HttpResponse::Ok().json(AuditPage { items, total, page: page.page, per_page: page.per_page }))
}
