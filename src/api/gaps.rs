//! `GET /api/v1/rules`, `GET /api/v1/gaps`, `GET /api/v1/gaps/summary`: which procedures fail which compliance rule,
//! on declared data, on observed data, or both — computed from the read model at each request, so always current.

use super::params::{Pagination, QueryParams};
use super::problem::{ApiError, FieldError, Problem};
use super::views::{InstitutionRef, ProcedureRef};
use crate::catalog::Snapshot;
use crate::catalog::observed::ObservedIndex;
use crate::domain::Level;
use crate::domain::compliance::{ChannelStatus, Compliance, Evaluation, Evidence, Rule, evaluate};
use crate::startup::AppState;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// Every rule's result for every procedure, at `now`.
pub fn evaluate_all(
    s: &Snapshot,
    observed: &ObservedIndex,
    rules: &[Rule],
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<(usize, Evaluation)> {
    let today = now.with_timezone(&chrono_tz::Europe::Brussels).date_naive();
    let mut out = Vec::with_capacity(s.procedures.len() * rules.len());
    for (i, p) in s.procedures.iter().enumerate() {
        let level = s.institutions[p.institution].level;
        let channels: Vec<ChannelStatus> = p
            .channels
            .iter()
            .map(|&c| {
                let c = &s.channels[c];
                ChannelStatus {
                    id: c.id,
                    kind: c.kind,
                    completion: c.completion,
                    booking: c.booking.clone(),
                    declared: c.declared,
                    observed: observed.observed(c.id, c.declared, now).reachability.state,
                }
            })
            .collect();
        for rule in rules {
            out.push((i, evaluate(rule, level, &channels, today)));
        }
    }
    out
}

/// Which result counts as a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    Declared,
    Observed,
    Both,
}

impl std::str::FromStr for Basis {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "declared" => Ok(Basis::Declared),
            "observed" => Ok(Basis::Observed),
            "both" => Ok(Basis::Both),
            _ => Err("expected one of: declared, observed, both".into()),
        }
    }
}

impl Basis {
    /// The status this basis reads.
    pub fn status(self, e: &Evaluation) -> Compliance {
        match self {
            Basis::Declared => e.declared,
            Basis::Observed => e.observed,
            Basis::Both => e.status,
        }
    }
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct GapFilter {
    /// A rule id (see `/api/v1/rules`); default all.
    rule: Option<String>,
    /// `declared`, `observed` or `both` (default): with `both`, a gap is `non_compliant` or `compliant_on_paper_only`.
    basis: Option<String>,
    level: Option<Level>,
    /// Institution slug.
    institution: Option<String>,
    /// Commune slug: procedures available to its residents.
    commune: Option<String>,
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

struct Filters {
    rule: Option<String>,
    basis: Basis,
    level: Option<Level>,
    institution: Option<usize>,
    commune: Option<usize>,
    category: Option<String>,
}

fn filters(state: &AppState, s: &Snapshot, params: &mut QueryParams) -> Filters {
    let rule = params.text("rule");
    if let Some(r) = &rule
        && !state.rules.iter().any(|x| &x.id == r)
    {
        params.errors.push(FieldError::new("rule", format!("`{r}` is not a rule id (see /api/v1/rules)")));
    }
    let basis = params.parse::<Basis>("basis").unwrap_or(Basis::Both);
    let level: Option<Level> = params.parse("level");
    let institution = params.institution(s);
    let commune = params.commune(s);
    let category = params.text("category");
    Filters { rule, basis, level, institution, commune, category }
}

fn selected<'a>(
    s: &'a Snapshot,
    f: &'a Filters,
    all: &'a [(usize, Evaluation)],
) -> impl Iterator<Item = &'a (usize, Evaluation)> {
    all.iter().filter(move |(p, e)| {
        let proc = &s.procedures[*p];
        let inst = &s.institutions[proc.institution];
        f.rule.as_ref().is_none_or(|r| &e.rule == r)
            && f.level.is_none_or(|l| inst.level == l)
            && f.institution.is_none_or(|i| proc.institution == i)
            && f.commune.is_none_or(|c| s.serves_commune(inst, c))
            && f.category.as_ref().is_none_or(|c| proc.categories.contains(c))
    })
}

pub fn is_gap(basis: Basis, e: &Evaluation) -> bool {
    matches!(basis.status(e), Compliance::NonCompliant | Compliance::CompliantOnPaperOnly)
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
    )
)]
#[get("/api/v1/gaps")]
#[tracing::instrument(skip_all)]
pub async fn list_gaps(state: web::Data<AppState>, mut params: QueryParams) -> Result<HttpResponse, ApiError> {
    let s = state.catalog.load();
    let f = filters(&state, &s, &mut params);
    let page = params.pagination();
    params.finish()?;
    let all = evaluate_all(&s, &state.observed(), &state.rules, chrono::Utc::now());
    let mut gaps: Vec<&(usize, Evaluation)> = selected(&s, &f, &all).filter(|(_, e)| is_gap(f.basis, e)).collect();
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

/// How many procedures are in each state.
#[derive(Serialize, ToSchema, Default)]
pub struct Counts {
    pub compliant: usize,
    pub compliant_on_paper_only: usize,
    pub non_compliant: usize,
    pub not_applicable: usize,
}

impl Counts {
    fn add(&mut self, c: Compliance) {
        match c {
            Compliance::Compliant => self.compliant += 1,
            Compliance::CompliantOnPaperOnly => self.compliant_on_paper_only += 1,
            Compliance::NonCompliant => self.non_compliant += 1,
            Compliance::NotApplicable => self.not_applicable += 1,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct InstitutionCounts {
    pub institution: InstitutionRef,
    pub counts: Counts,
}

#[derive(Serialize, ToSchema)]
pub struct RuleSummary {
    pub rule: String,
    pub by_level: BTreeMap<String, Counts>,
    pub by_institution: Vec<InstitutionCounts>,
}

/// Per rule, per level and per institution: how many procedures are compliant, compliant on paper only,
/// non-compliant or not concerned.
#[utoipa::path(
    tag = "gaps",
    params(GapFilter),
    responses(
        (status = 200, body = Vec<RuleSummary>),
        (status = 400, description = "A parameter is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/gaps/summary")]
#[tracing::instrument(skip_all)]
pub async fn gaps_summary(state: web::Data<AppState>, mut params: QueryParams) -> Result<HttpResponse, ApiError> {
    let s = state.catalog.load();
    let f = filters(&state, &s, &mut params);
    params.finish()?;
    let all = evaluate_all(&s, &state.observed(), &state.rules, chrono::Utc::now());
    let mut out = Vec::new();
    for rule in state.rules.iter().filter(|r| f.rule.as_ref().is_none_or(|x| x == &r.id)) {
        let mut by_level: BTreeMap<String, Counts> = BTreeMap::new();
        let mut by_institution: BTreeMap<usize, Counts> = BTreeMap::new();
        for (p, e) in selected(&s, &f, &all).filter(|(_, e)| e.rule == rule.id) {
            let inst = s.procedures[*p].institution;
            let status = f.basis.status(e);
            by_level.entry(s.institutions[inst].level.to_string()).or_default().add(status);
            by_institution.entry(inst).or_default().add(status);
        }
        let by_institution = by_institution
            .into_iter()
            .map(|(i, counts)| InstitutionCounts { institution: (&s.institutions[i]).into(), counts })
            .collect();
        out.push(RuleSummary { rule: rule.id.clone(), by_level, by_institution });
    }
    Ok(HttpResponse::Ok().json(out))
}
