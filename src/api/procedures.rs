//! `GET /api/v1/procedures[/{slug}]`

use super::params::{Pagination, QueryParams};
use super::problem::{ApiError, Problem};
use super::views::{ProcedureDetail, ProcedurePage, procedure_detail, procedure_summary};
use crate::app::AppState;
use crate::catalog::search::Query;
use crate::domain::ChannelKind;
use actix_web::{HttpResponse, get, web};
use utoipa::IntoParams;

/// Filters of the procedure list.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ProcedureFilter {
    /// Words people use, in French, Dutch or English; case and accents ignored. Every word must match.
    /// Results are ranked by relevance when given.
    #[param(max_length = 200)]
    q: Option<String>,
    /// Institution slug.
    #[param(max_length = 200)]
    institution: Option<String>,
    /// Category word, e.g. `population`.
    #[param(max_length = 200)]
    category: Option<String>,
    /// Commune slug: procedures available to its residents (its local bodies and the regional/federal ones).
    #[param(max_length = 200)]
    commune: Option<String>,
    /// Only procedures with a channel of this kind.
    channel: Option<ChannelKind>,
    /// `true`: only procedures with an offline alternative; `false`: only those without one.
    offline: Option<bool>,
}

/// Search and list procedures.
#[utoipa::path(
    tag = "catalog",
    params(ProcedureFilter, Pagination),
    responses(
        (status = 200, body = ProcedurePage),
        (status = 400, description = "A parameter is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A parameter names nothing known (a commune, an institution…); `errors` names it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/procedures")]
#[tracing::instrument(skip_all)]
pub async fn list_procedures(state: web::Data<AppState>, mut params: QueryParams) -> Result<HttpResponse, ApiError> {
    let q = params.text("q").map(|q| Query::new(&q)).filter(|q| !q.is_empty());
    let category = params.text("category");
    let channel: Option<ChannelKind> = params.parse("channel");
    let offline = params.boolean("offline");
    let page = params.pagination();
    let s = state.catalog.load();
    let institution = params.institution(&s);
    let commune = params.commune(&s);
    params.finish()?;

    let candidates: Vec<(u32, usize)> = match &q {
        Some(q) => s.search.search(q, false),
        None => (0..s.procedures.len()).map(|i| (0, i)).collect(),
    };
    let mut found: Vec<(u32, usize)> = candidates
        .into_iter()
        .map(|(score, i)| (score, i, &s.procedures[i]))
        .filter(|(_, _, p)| institution.is_none_or(|i| p.institution == i))
        .filter(|(_, _, p)| category.as_ref().is_none_or(|c| p.categories.iter().any(|pc| pc == c)))
        .filter(|(_, _, p)| commune.is_none_or(|c| s.serves_commune(&s.institutions[p.institution], c)))
        .filter(|(_, _, p)| channel.is_none_or(|k| p.channels.iter().any(|&c| s.channels[c].kind == k)))
        .filter(|(_, _, p)| offline.is_none_or(|o| p.has_offline_alternative == o))
        .map(|(score, i, _)| (score, i))
        .collect();
    // Best match first; the slug keeps the order stable between pages.
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| s.procedures[a.1].slug.cmp(&s.procedures[b.1].slug)));
    let (items, total) = page.slice(found);
    let items = items.into_iter().map(|(_, i)| procedure_summary(&s, &s.procedures[i])).collect();
    Ok(HttpResponse::Ok().json(ProcedurePage { items, total, page: page.page, per_page: page.per_page }))
}

/// One procedure with all its channels, each with its declared and observed status and their evidence.
#[utoipa::path(
    tag = "catalog",
    params(("slug" = String, Path, description = "Procedure slug")),
    responses(
        (status = 200, body = ProcedureDetail),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/procedures/{slug}")]
#[tracing::instrument(skip(state))]
pub async fn get_procedure(state: web::Data<AppState>, slug: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let s = state.catalog.load();
    let p = s.procedure(&slug).ok_or_else(|| ApiError::NotFound { what: "procedure", key: slug.to_string() })?;
    Ok(HttpResponse::Ok().json(procedure_detail(&s, p, &state.ctx())))
}
