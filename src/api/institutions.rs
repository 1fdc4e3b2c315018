//! `GET /api/v1/institutions[/{slug}]`

use super::params::{Pagination, QueryParams};
use super::problem::{ApiError, Problem};
use super::views::{InstitutionPage, InstitutionView, institution_view};
use crate::app::AppState;
use crate::catalog::search::Query;
use crate::domain::Level;
use actix_web::{HttpResponse, get, web};
use utoipa::IntoParams;

/// Filters of the institution list.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct InstitutionFilter {
    /// Only institutions of this level.
    level: Option<Level>,
    /// Only institutions that serve this commune (slug): its own bodies and the regional/federal ones.
    #[param(max_length = 200)]
    commune: Option<String>,
    /// Words of the name, in French, Dutch or English (case and accents ignored).
    #[param(max_length = 200)]
    q: Option<String>,
}

/// List institutions.
#[utoipa::path(
    tag = "catalog",
    params(InstitutionFilter, Pagination),
    responses(
        (status = 200, body = InstitutionPage),
        (status = 400, description = "A parameter is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A parameter names nothing known (a commune, an institution…); `errors` names it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/institutions")]
#[tracing::instrument(skip_all)]
pub async fn list_institutions(state: web::Data<AppState>, mut params: QueryParams) -> Result<HttpResponse, ApiError> {
    let level: Option<Level> = params.parse("level");
    let q = params.text("q").map(|q| Query::new(&q));
    let page = params.pagination();
    let s = state.catalog.load();
    let commune = params.commune(&s);
    params.finish()?;
    let today = state.ctx().today;
    let found: Vec<_> = s
        .institutions
        .iter()
        .filter(|i| level.is_none_or(|l| i.level == l))
        .filter(|i| commune.is_none_or(|c| s.serves_commune(i, c)))
        .filter(|i| q.as_ref().is_none_or(|q| q.matches_text(&i.search_text)))
        .collect();
    let (items, total) = page.slice(found);
    let items = items.into_iter().map(|i| institution_view(&s, i, false, today)).collect();
    Ok(HttpResponse::Ok().json(InstitutionPage { items, total, page: page.page, per_page: page.per_page }))
}

/// One institution, with its procedures.
#[utoipa::path(
    tag = "catalog",
    params(("slug" = String, Path, description = "Institution slug")),
    responses(
        (status = 200, body = InstitutionView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/institutions/{slug}")]
#[tracing::instrument(skip(state))]
pub async fn get_institution(state: web::Data<AppState>, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let s = state.catalog.load();
    let i = s.institution(&slug).ok_or_else(|| ApiError::NotFound { what: "institution", key: slug.to_string() })?;
    Ok(HttpResponse::Ok().json(institution_view(&s, i, true, state.ctx().today)))
}
