//! `GET /api/v1/rules`, `GET /api/v1/gaps`, `GET /api/v1/gaps/summary`: which procedures fail which compliance rule,
//! on declared data, on observed data, or both — computed from the read model at each request, so always current.

use super::params::{Pagination, QueryParams};
use super::problem::{ApiError, Problem};
use super::views::{InstitutionRef, ProcedureRef};
use crate::app::AppState;
use crate::app::gaps::{GapFilters, Tally, evaluate_all, is_gap, tally};
use crate::domain::Level;
use crate::domain::compliance::{Compliance, Evaluation, Evidence, Rule};
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct GapFilter {
    /// A rule id (see `/api/v1/rules`); default all; an unknown one is a 404.
    #[param(max_length = 200)]
    rule: Option<String>,
    /// `declared`, `observed` or `both` (default): a gap is `non_compliant` or `compliant_on_paper_only` on that
    /// basis; `insufficient_data` (nothing missing, something not known) is never a gap.
    #[param(pattern = "^(declared|observed|both)$")]
    basis: Option<String>,
    level: Option<Level>,
    /// Institution slug.
    #[param(max_length = 200)]
    institution: Option<String>,
    /// Commune slug: procedures available to its residents.
    #[param(max_length = 200)]
    commune: Option<String>,
    /// Category word, e.g. `population`.
    #[param(max_length = 200)]
    category: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Gap {
    pub procedure: ProcedureRef,
    pub institution: InstitutionRef,
    pub rule: String,
    /// The status on the requested basis.
    pub status: Compliance,
    pub declared: Compliance,
    pub observed: Compliance,
    /// Per requirement: met, missing, closed, booked online only, or observed unreachable, with the channels.
    pub evidence: Vec<Evidence>,
}

#[derive(Serialize, ToSchema)]
pub struct GapPage {
    pub items: Vec<Gap>,
    pub total: usize,
    pub page: u32,
    pub per_page: u32,
}

/// The compliance rules, as data.
#[utoipa::path(tag = "gaps", responses((status = 200, body = Vec<Rule>)))]
#[get("/api/v1/rules")]
pub async fn list_rules(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(&state.rules)
}

/// Procedures failing a rule, with the evidence.
#[utoipa::path(
    tag = "gaps",
    params(GapFilter, Pagination),
    responses(
        (status = 200, body = GapPage),
        (status = 400, description = "A parameter is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A parameter names nothing known (a commune, an institution…); `errors` names it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/gaps")]
#[tracing::instrument(skip_all)]
pub async fn list_gaps(state: web::Data<AppState>, mut params: QueryParams) -> Result<HttpResponse, ApiError> {
    let s = state.catalog.load();
    let f = GapFilters::read(&state.rules, &s, &mut params);
    let page = params.pagination();
    params.finish()?;
    let all = evaluate_all(&s, &state.ctx(), &state.rules);
    let mut gaps: Vec<&(usize, Evaluation)> =
        all.iter().filter(|(p, e)| f.selects(&s, *p, e) && is_gap(f.basis, e)).collect();
    gaps.sort_by(|a, b| s.procedures[a.0].slug.cmp(&s.procedures[b.0].slug).then(a.1.rule.cmp(&b.1.rule)));
    let (items, total) = page.slice(gaps);
    let items = items
        .into_iter()
        .map(|(p, e)| {
            let p = &s.procedures[*p];
            Gap {
                procedure: ProcedureRef { slug: p.slug.clone(), name: (&p.name).into() },
                institution: (&s.institutions[p.institution]).into(),
                rule: e.rule.clone(),
                status: f.basis.status(e),
                declared: e.declared,
                observed: e.observed,
                evidence: e.evidence.clone(),
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(GapPage { items, total, page: page.page, per_page: page.per_page }))
}

#[derive(Serialize, ToSchema)]
pub struct InstitutionCounts {
    pub institution: InstitutionRef,
    pub counts: Tally,
}

#[derive(Serialize, ToSchema)]
pub struct RuleSummary {
    pub rule: String,
    /// All the selected procedures.
    pub overall: Tally,
    pub by_level: BTreeMap<String, Tally>,
    pub by_institution: Vec<InstitutionCounts>,
}

/// Per rule, overall, per level and per institution: how many procedures are compliant, compliant on paper only,
/// non-compliant, of insufficient data or not concerned, and the coverage — the share of requirement findings
/// that rest on known facts (met or missing) rather than on what the catalog does not know (`unverified`).
#[utoipa::path(
    tag = "gaps",
    params(GapFilter),
    responses(
        (status = 200, body = Vec<RuleSummary>),
        (status = 400, description = "A parameter is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A parameter names nothing known (a commune, an institution…); `errors` names it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/gaps/summary")]
#[tracing::instrument(skip_all)]
pub async fn gaps_summary(state: web::Data<AppState>, mut params: QueryParams) -> Result<HttpResponse, ApiError> {
    let s = state.catalog.load();
    let f = GapFilters::read(&state.rules, &s, &mut params);
    params.finish()?;
    let all = evaluate_all(&s, &state.ctx(), &state.rules);
    let out: Vec<RuleSummary> = tally(&s, &state.rules, &f, &all)
        .into_iter()
        .map(|t| RuleSummary {
            rule: t.rule,
            overall: t.overall,
            by_level: t.by_level.into_iter().map(|(l, c)| (l.to_string(), c)).collect(),
            by_institution: t
                .by_institution
                .into_iter()
                .map(|(i, counts)| InstitutionCounts { institution: (&s.institutions[i]).into(), counts })
                .collect(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(out))
}
