//! `GET /api/v1/stats/monitoring`: the "monitoring social 1030" table for any period and area.

use super::params::QueryParams;
use super::problem::{ApiError, FieldError, Problem};
use crate::domain::Level;
use crate::domain::monitoring::{MonitoringTable, monitoring_table};
use crate::startup::AppState;
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Brussels;
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

/// A date is the whole day in Brussels; a date-time is taken as given.
fn instant(raw: &str, end_of_day: bool) -> Result<DateTime<Utc>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Ok(t.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| format!("`{raw}`: expected YYYY-MM-DD or an RFC 3339 date-time"))?;
    let day = if end_of_day { day.succ_opt().ok_or("date out of range")? } else { day };
    let midnight = day.and_hms_opt(0, 0, 0).expect("midnight exists");
    let local = Brussels.from_local_datetime(&midnight).earliest().ok_or("no such local time")?;
    let t = local.with_timezone(&Utc);
    Ok(if end_of_day { t - chrono::Duration::nanoseconds(1) } else { t })
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
    let bound = |name: &str, end: bool, params: &mut QueryParams| {
        params.text(name).and_then(|raw| match instant(&raw, end) {
            Ok(t) => Some(t),
            Err(e) => {
                params.errors.push(FieldError::new(name, e));
                None
            }
        })
    };
    let from = bound("from", false, &mut params);
    let to = bound("to", true, &mut params);
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        params.errors.push(FieldError::new("to", "is before `from`"));
    }
    let commune = params.text("commune");
    let institution = params.text("institution");
    let level: Option<Level> = params.parse("level");
    let category = params.text("category");
    let org = params.text("org");
    let s = state.catalog.load();
    if let Some(c) = &commune
        && s.commune(c).is_none()
    {
        params.errors.push(FieldError::new("commune", format!("`{c}` is not a commune slug")));
    }
    if let Some(i) = &institution
        && s.institution(i).is_none()
    {
        params.errors.push(FieldError::new("institution", format!("`{i}` is not an institution slug")));
    }
    params.finish()?;

    let table = state.observed().with_rows(|rows, organisations| {
        let selected: Vec<_> = rows
            .iter()
            .filter(|r| from.is_none_or(|f| r.occurred_at >= f))
            .filter(|r| to.is_none_or(|t| r.occurred_at <= t))
            .filter(|r| {
                let o = &organisations[r.organisation as usize];
                (commune.is_none() || o.commune == commune) && org.as_ref().is_none_or(|name| &o.name == name)
            })
            .filter_map(|r| r.facts(&s).map(|f| (r, f)))
            .filter(|(_, f)| institution.as_ref().is_none_or(|i| &f.institution == i))
            .filter(|(_, f)| level.is_none_or(|l| s.institution(&f.institution).is_some_and(|i| i.level == l)))
            .filter(|(r, _)| {
                category.as_ref().is_none_or(|c| {
                    s.channel(r.channel_id).is_some_and(|ch| s.procedures[ch.procedure].categories.contains(c))
                })
            })
            .map(|(_, f)| f)
            .collect();
        monitoring_table(&selected)
    });
    Ok(table)
}
