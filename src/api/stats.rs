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
    #[param(schema_with = date_or_datetime)]
    from: Option<String>,
    /// Until this date (Brussels time, inclusive) or date-time (RFC 3339); not before `from` (422).
    #[param(schema_with = date_or_datetime)]
    to: Option<String>,
    /// The area: observations by organisations working in this commune (slug).
    #[param(max_length = 200)]
    commune: Option<String>,
    /// Only attempts with this institution (slug).
    #[param(max_length = 200)]
    institution: Option<String>,
    /// Only attempts with institutions of this level.
    level: Option<Level>,
    /// Only attempts at procedures of this category.
    #[param(max_length = 200)]
    category: Option<String>,
    /// Only observations by this organisation (name).
    #[param(max_length = 200)]
    org: Option<String>,
}

/// A date (`YYYY-MM-DD`) or an RFC 3339 date-time: the two forms `from` and `to` accept.
fn date_or_datetime() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, OneOfBuilder, SchemaFormat, Type};
    let form = |f| ObjectBuilder::new().schema_type(Type::String).format(Some(SchemaFormat::KnownFormat(f)));
    OneOfBuilder::new().item(form(KnownFormat::Date)).item(form(KnownFormat::DateTime)).build().into()
}

/// The monitoring figures: reports, share not completed, share done on behalf, mean and median minutes, total
/// hours, and breakdowns by institution, failure reason, channel kind and week.
#[utoipa::path(
    tag = "observations",
    params(MonitoringFilter),
    responses(
        (status = 200, body = MonitoringTable),
        (status = 400, description = "A parameter is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A parameter names nothing known (a commune, an institution…); `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`to` is before `from`", body = Problem, content_type = "application/problem+json"),
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
