//! `GET /api/v1/quality`

use crate::app::AppState;
use crate::catalog::quality::{QualityReport, quality_report};
use actix_web::{HttpResponse, get, web};

/// The catalog's data-quality report: coverage, and every channel missing a fact a person would need
/// (a phone number, opening hours, an address, a booking route, a recent source).
#[utoipa::path(tag = "catalog", responses((status = 200, body = QualityReport)))]
#[get("/api/v1/quality")]
#[tracing::instrument(skip_all)]
pub async fn get_quality(state: web::Data<AppState>) -> HttpResponse {
    let s = state.catalog.load();
    HttpResponse::Ok().json(quality_report(&s, state.ctx().today))
}
