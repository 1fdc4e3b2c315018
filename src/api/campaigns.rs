//! Verification campaigns: `POST /api/v1/campaigns` (admins), `GET /api/v1/campaigns` and
//! `GET /api/v1/campaigns/{id}` (admins, and editors for the campaigns touching their institutions), and
//! `POST /api/v1/channels/{id}/verify`, "still true" on a record (editors within their institutions, admins).

use super::auth;
use super::body;
use super::channels::channel_id;
use super::editing::written;
use super::problem::{ApiError, Problem};
use super::verification::{CampaignList, CampaignReport, CampaignView, campaign_view, report_view};
use super::views::ChannelView;
use crate::app::AppState;
use crate::app::verify;
use crate::domain::Role;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

/// A campaign to open.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct CampaignInput {
    /// What the editors read (at most 200 characters; no personal data).
    name: String,
    /// `YYYY-MM-DD`, after today (Brussels): the day records in scope are to be confirmed by.
    deadline: chrono::NaiveDate,
    /// Institution levels (`commune`, `cpas`, `region`, …).
    levels: Option<Vec<crate::domain::Level>>,
    /// Institution slugs.
    institutions: Option<Vec<String>>,
    /// Commune slugs: records whose place or institution is in one of them.
    communes: Option<Vec<String>>,
}

fn campaign_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::invalid("id", format!("`{raw}` is not a campaign id (a positive whole number)")))
}

/// Open a verification campaign (admin tokens only). At least one of `levels`, `institutions`, `communes`.
#[utoipa::path(
    tag = "verification",
    request_body(content = CampaignInput, content_type = "application/json"),
    responses(
        (status = 201, description = "Opened", body = CampaignView),
        (status = 400, description = "Malformed JSON, a duplicate key or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown, expired or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin token", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (a deadline not after today, an unknown slug, no scope); `errors` names it", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/campaigns")]
#[tracing::instrument(skip_all)]
pub async fn post_campaign(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Admin]).await?;
    let mut b = body::json_fields(&req, payload).await?;
    let today = state.ctx().today;
    let new = verify::read_campaign(&mut b, &state.catalog.load(), today);
    b.finish()?;
    let new = new.ok_or_else(|| ApiError::Internal("a campaign read without errors".into()))?;
    let campaign = verify::open_campaign(&state, &principal, new).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/campaigns/{}", campaign.id)))
        .json(campaign_view(&campaign, today)))
}

/// The campaigns, newest first: every one for an admin, those touching their institutions for an editor.
#[utoipa::path(
    tag = "verification",
    responses(
        (status = 200, body = CampaignList),
        (status = 401, description = "Missing, unknown, expired or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor or admin token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/campaigns")]
#[tracing::instrument(skip_all)]
pub async fn list_campaigns(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Editor, Role::Admin]).await?;
    let today = state.ctx().today;
    let items = verify::list_campaigns(&state, &principal).await?;
    Ok(HttpResponse::Ok().json(CampaignList { items: items.iter().map(|c| campaign_view(c, today)).collect() }))
}

/// A campaign: its progress per institution (records in scope, confirmed, changed, left) and, for an editor,
/// their records left to confirm.
#[utoipa::path(
    tag = "verification",
    params(("id" = i64, Path, description = "Campaign id", minimum = 1)),
    responses(
        (status = 200, body = CampaignReport),
        (status = 400, description = "The id is not a positive whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown, expired or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor or admin token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such campaign, or none of the editor's institutions is in its scope", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/campaigns/{id}")]
#[tracing::instrument(skip(state, req))]
pub async fn get_campaign(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Editor, Role::Admin]).await?;
    let id = campaign_id(&id)?;
    let report = verify::campaign_report(&state, &principal, id).await?;
    let today = state.ctx().today;
    Ok(HttpResponse::Ok().json(report_view(&state.catalog.load(), report, today)))
}

/// "Still true": stamps today as the channel's verification, by the caller's organisation; it counts for every
/// campaign whose scope holds the channel. A changed fact goes through `PATCH /api/v1/channels/{id}`.
#[utoipa::path(
    tag = "verification",
    params(
        ("id" = i64, Path, description = "Channel id", minimum = 1),
        ("If-Match" = String, Header, description = "The ETag of the version read"),
    ),
    responses(
        (status = 200, description = "Verified; the channel with its new version in `ETag`", body = ChannelView),
        (status = 400, description = "The id is not a positive whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown, expired or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor or admin token, or the channel's institution is outside the editor's", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "`If-Match` is not the current version (its ETag is in `ETag`)", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/channels/{id}/verify")]
#[tracing::instrument(skip(state, req))]
pub async fn verify_channel(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Editor, Role::Admin]).await?;
    let id = channel_id(&id)?;
    let if_match = req.headers().get(header::IF_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string);
    let tag = verify::verify_channel(&state, &principal, id, if_match).await?;
    written(&state, id, &tag, false)
}
