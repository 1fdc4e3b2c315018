//! Editions: `guichet editions publish LABEL` freezes the gap results and the monitoring figures; the API lists them,
//! shows one, and diffs two — how a coalition shows progress or regression over time.

use super::problem::{ApiError, Problem};
use crate::app::AppState;
use crate::app::editions::{find, list};
use crate::domain::editions::{FrozenResult, RuleDiff, counts, diff};
use crate::domain::monitoring::MonitoringTable;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct EditionSummary {
    pub label: String,
    pub published_at: chrono::DateTime<chrono::Utc>,
    /// Per rule: how many procedures in each state.
    pub counts: BTreeMap<String, BTreeMap<String, usize>>,
}

#[derive(Serialize, ToSchema)]
pub struct Edition {
    pub label: String,
    pub published_at: chrono::DateTime<chrono::Utc>,
    pub results: Vec<FrozenResult>,
    pub monitoring: MonitoringTable,
}

/// The published editions, oldest first.
#[utoipa::path(tag = "gaps", responses((status = 200, body = Vec<EditionSummary>), (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),))]
#[get("/api/v1/editions")]
pub async fn list_editions(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let out: Vec<EditionSummary> = list(&state.pool)
        .await?
        .into_iter()
        .map(|row| EditionSummary {
            counts: counts(&row.gaps.0),
            label: row.label,
            published_at: row.published_at.and_utc(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(out))
}

/// One edition: every frozen result and the monitoring figures.
#[utoipa::path(
    tag = "gaps",
    params(("label" = String, Path, description = "1 to 50 letters, digits, `-`, `_` or `.`", pattern = "^[A-Za-z0-9._-]{1,50}$")),
    responses((status = 200, body = Edition), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),)
)]
#[get("/api/v1/editions/{label}")]
pub async fn get_edition(state: web::Data<AppState>, label: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let row = find(&state.pool, &label).await?;
    Ok(HttpResponse::Ok().json(Edition {
        label: row.label,
        published_at: row.published_at.and_utc(),
        results: row.gaps.0,
        monitoring: row.monitoring.0,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct EditionDiff {
    pub from: String,
    pub to: String,
    pub rules: BTreeMap<String, RuleDiff>,
}

/// Which procedures became compliant or stopped being, per rule, between two editions.
#[utoipa::path(
    tag = "gaps",
    params(
        ("label" = String, Path, description = "1 to 50 letters, digits, `-`, `_` or `.`", pattern = "^[A-Za-z0-9._-]{1,50}$"),
        ("other" = String, Path, description = "1 to 50 letters, digits, `-`, `_` or `.`", pattern = "^[A-Za-z0-9._-]{1,50}$"),
    ),
    responses((status = 200, body = EditionDiff), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),)
)]
#[get("/api/v1/editions/{label}/diff/{other}")]
pub async fn diff_editions(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (label, other) = path.into_inner();
    let (a, b) = (find(&state.pool, &label).await?, find(&state.pool, &other).await?);
    Ok(HttpResponse::Ok().json(EditionDiff { from: label, to: other, rules: diff(&a.gaps.0, &b.gaps.0) }))
}
