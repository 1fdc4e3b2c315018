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
