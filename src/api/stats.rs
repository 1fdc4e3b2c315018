//! `GET /api/v1/stats/monitoring`: the "monitoring social 1030" table for any period and area.

use super::params::QueryParams;
use super::problem::{ApiError, Problem};
use crate::app::AppState;
use crate::app::monitoring::MonitoringFilter as Filter;
use crate::domain::Level;
use crate::domain::monitoring::MonitoringTable;
use actix_web::{HttpResponse, get, web};
use utoipa::IntoParams;

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct MonitoringFilter {
    /// From this date (Brussels time, inclusive) or date-time (RFC 3339).
    from: Option<String>,
    /// Until this date (Brussels time, inclusive) or date-time (RFC 3339).
    to: Option<String>,
    /// The area: observations by organisations working in this commune (slug).
    commune: Option<String>,
    /// Only attempts with this institution (slug).
    institution: Option<String>,
    /// Only attempts with institutions of this level.
    level: Option<Level>,
    /// Only attempts at procedures of this category.
    category: Option<String>,
    /// Only observations by this organisation (name).
    org: Option<String>,
}

/// The monitoring figures: reports, share not completed, share done on behalf, mean and median minutes, total
/// hours, and breakdowns by institution, failure reason, channel kind and week.
#[utoipa::path(
    tag = "observations",
    params(MonitoringFilter),
    responses(
        (status = 200, body = MonitoringTable),
        (status = 400, description = "A parameter is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/stats/monitoring")]
#[tracing::instrument(skip_all)]
pub async fn get_monitoring(state: web::Data<AppState>, params: QueryParams) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(monitoring(&state, params)?))
}

/// The monitoring table for the filters of `params` (shared with the CSV export).
pub fn monitoring(state: &AppState, mut params: QueryParams) -> Result<MonitoringTable, ApiError> {
    let s = state.catalog.load();
    let filter = Filter::read(&s, &mut params);
    params.finish()?;
    Ok(crate::app::monitoring::monitoring(&s, &state.observed(), &filter))
}
