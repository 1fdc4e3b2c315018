//! Liveness and readiness.

use super::problem::{ApiError, Problem};
use crate::app::AppState;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct Readiness {
    pub status: &'static str,
    pub database: &'static str,
    /// Counts of the catalog snapshot being served.
    pub institutions: usize,
    pub procedures: usize,
    pub channels: usize,
    pub catalog_built_at: chrono::DateTime<chrono::Utc>,
}

/// The process is alive.
#[utoipa::path(tag = "operations", responses((status = 200, body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The database answers and a catalog is loaded.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, body = Readiness),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    // At once: a load balancer must learn that the database is gone without waiting out a request's timeout.
    let within = state.db_timeout.min(std::time::Duration::from_secs(1));
    crate::store::ping_within(&state.pool, within).await.map_err(ApiError::Unavailable)?;
    let s = state.catalog.load();
    Ok(HttpResponse::Ok().json(Readiness {
        status: "ok",
        database: state.backend_name(),
        institutions: s.institutions.len(),
        procedures: s.procedures.len(),
        channels: s.channels.len(),
        catalog_built_at: s.built_at,
    }))
}

/// The service's figures in the Prometheus text format: requests by route pattern and status, latency
/// histograms, observations accepted, probes and webhook deliveries by outcome, the catalog snapshot's age,
/// database pool usage. Nothing in it names a person or an organisation.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, description = "Prometheus text exposition format 0.0.4", body = String, content_type = "text/plain; version=0.0.4"))
)]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    let built = state.catalog.load().built_at;
    let pool = state.pool.state();
    let gauges = crate::app::metrics::Gauges {
        snapshot_age: (chrono::Utc::now() - built).to_std().unwrap_or_default(),
        pool_connections: pool.connections,
        pool_idle: pool.idle_connections,
        pool_max: state.pool.max_size(),
    };
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(state.metrics.render(gauges))
}
