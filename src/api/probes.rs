//! `GET /api/v1/channels/{id}/probes`: what guichet's probes of an online channel's page found, newest first.

use super::channels::channel_id;
use super::params::QueryParams;
use super::problem::{ApiError, Problem};
use crate::app::AppState;
use crate::app::probes::{MAX_LIMIT, recent};
use crate::domain::ProbeOutcome;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

/// One fetch of the channel's page through the outbound guard.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProbeView {
    pub at: chrono::DateTime<chrono::Utc>,
    pub outcome: ProbeOutcome,
    /// The HTTP status of the answer, when there was one.
    pub http_status: Option<u16>,
    /// From the request to the last byte read (or the failure).
    pub latency_ms: u32,
    /// The institution's known error or maintenance message the page showed (`error_page`), as its source
    /// quotes it.
    pub matched: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProbeList {
    pub items: Vec<ProbeView>,
}

/// The latest probes of a channel (online channels with a URL, when probes are on), newest first.
#[utoipa::path(
    tag = "observations",
    params(
        ("id" = i64, Path, description = "Channel id", minimum = 1),
        ("limit" = Option<u32>, Query, description = "How many, newest first (1 to 200, default 50)", minimum = 1, maximum = 200),
    ),
    responses(
        (status = 200, body = ProbeList),
        (status = 400, description = "The id or `limit` is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/channels/{id}/probes")]
#[tracing::instrument(skip(state, params))]
pub async fn list_probes(
    state: web::Data<AppState>,
    id: web::Path<String>,
    mut params: QueryParams,
) -> Result<HttpResponse, ApiError> {
    let id = channel_id(&id)?;
    let max = u32::try_from(MAX_LIMIT).unwrap_or(200);
    let limit = params.whole("limit", 1, max, 50);
    params.finish()?;
    let items = recent(&state, id, i64::from(limit))
        .await?
        .into_iter()
        .map(|p| ProbeView {
            at: p.at.and_utc(),
            outcome: p.outcome,
            http_status: p.http_status.and_then(|s| u16::try_from(s).ok()),
            latency_ms: u32::try_from(p.latency_ms).unwrap_or(0),
            matched: p.matched,
        })
        .collect();
    Ok(HttpResponse::Ok().json(ProbeList { items }))
}
