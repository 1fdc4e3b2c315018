//! Editions: `guichet editions publish LABEL` freezes the gap results and the monitoring figures; the API lists them,
//! shows one, and diffs two — how a coalition shows progress or regression over time.

use super::gaps::evaluate_all;
use super::problem::{ApiError, Problem};
use crate::catalog::Snapshot;
use crate::catalog::observed::ObservedIndex;
use crate::domain::compliance::{Compliance, Rule};
use crate::domain::monitoring::{MonitoringTable, monitoring_table};
use crate::startup::AppState;
use crate::store::{self, editions::EditionRow};
use actix_web::{HttpResponse, get, web};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// One procedure's standing under one rule, as frozen in an edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FrozenResult {
    pub procedure: String,
    pub institution: String,
    pub level: String,
    pub rule: String,
    pub status: Compliance,
    pub declared: Compliance,
    pub observed: Compliance,
}

/// What an edition freezes: every applicable result, and the monitoring figures over all observations.
pub fn freeze(
    s: &Snapshot,
    observed: &ObservedIndex,
    rules: &[Rule],
    now: chrono::DateTime<chrono::Utc>,
) -> (Vec<FrozenResult>, MonitoringTable) {
    let results = evaluate_all(s, observed, rules, now)
        .into_iter()
        .filter(|(_, e)| e.status != Compliance::NotApplicable)
        .map(|(p, e)| {
            let proc = &s.procedures[p];
            let inst = &s.institutions[proc.institution];
            FrozenResult {
                procedure: proc.slug.clone(),
                institution: inst.slug.clone(),
                level: inst.level.to_string(),
                rule: e.rule,
                status: e.status,
                declared: e.declared,
                observed: e.observed,
            }
        })
        .collect();
    let table =
        observed.with_rows(|rows, _| monitoring_table(&rows.iter().filter_map(|r| r.facts(s)).collect::<Vec<_>>()));
    (results, table)
}

/// Label rules: what may appear in a URL path segment.
pub fn valid_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 50
        && label.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[derive(Serialize, ToSchema)]
pub struct EditionSummary {
    pub label: String,
    pub published_at: chrono::DateTime<chrono::Utc>,
    /// Per rule: how many procedures in each state.
    pub counts: BTreeMap<String, BTreeMap<String, usize>>,
}

#[derive(Serialize, ToSchema)]
pub struct Edition {
    pub label: String,
    pub published_at: chrono::DateTime<chrono::Utc>,
    pub results: Vec<FrozenResult>,
    pub monitoring: MonitoringTable,
}

fn parse(row: &EditionRow) -> Result<(Vec<FrozenResult>, MonitoringTable), ApiError> {
    let results = serde_json::from_str(&row.gaps).map_err(|e| ApiError::Internal(e.to_string()))?;
    let monitoring: serde_json::Value =
        serde_json::from_str(&row.monitoring).map_err(|e| ApiError::Internal(e.to_string()))?;
    let monitoring = monitoring_from_json(monitoring)?;
    Ok((results, monitoring))
}

fn monitoring_from_json(v: serde_json::Value) -> Result<MonitoringTable, ApiError> {
    serde_json::from_value(v).map_err(|e| ApiError::Internal(e.to_string()))
}

fn counts(results: &[FrozenResult]) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut out: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for r in results {
        *out.entry(r.rule.clone()).or_default().entry(r.status.as_str().to_string()).or_default() += 1;
    }
    out
}

async fn find(state: &AppState, label: &str) -> Result<EditionRow, ApiError> {
    if !valid_label(label) {
        return Err(ApiError::invalid("label", "1 to 50 letters, digits, `-`, `_` or `.`"));
    }
    let key = label.to_string();
    store::blocking(&state.pool, move |conn| store::editions::find(conn, &key))
        .await?
        .ok_or_else(|| ApiError::NotFound { what: "edition", key: label.to_string() })
}

/// The published editions, oldest first.
#[utoipa::path(tag = "gaps", responses((status = 200, body = Vec<EditionSummary>)))]
#[get("/api/v1/editions")]
pub async fn list_editions(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let rows = store::blocking(&state.pool, store::editions::list).await?;
    let mut out = Vec::new();
    for row in rows {
        let (results, _) = parse(&row)?;
        out.push(EditionSummary {
            label: row.label,
            published_at: row.published_at.and_utc(),
            counts: counts(&results),
        });
    }
    Ok(HttpResponse::Ok().json(out))
}

/// One edition: every frozen result and the monitoring figures.
#[utoipa::path(
    tag = "gaps",
    params(("label" = String, Path)),
    responses((status = 200, body = Edition), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[get("/api/v1/editions/{label}")]
pub async fn get_edition(state: web::Data<AppState>, label: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let row = find(&state, &label).await?;
    let (results, monitoring) = parse(&row)?;
    Ok(HttpResponse::Ok().json(Edition {
        label: row.label,
        published_at: row.published_at.and_utc(),
        results,
        monitoring,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct Change {
    pub procedure: String,
    pub institution: String,
    pub from: Option<Compliance>,
    pub to: Option<Compliance>,
}

#[derive(Serialize, ToSchema, Default)]
pub struct RuleDiff {
    /// Not compliant in the first edition, compliant in the second.
    pub became_compliant: Vec<Change>,
    /// Compliant in the first edition, not in the second.
    pub stopped_being_compliant: Vec<Change>,
    /// Other changes of status (e.g. non-compliant to compliant on paper only), and procedures present in one
    /// edition only (`from` or `to` null).
    pub other_changes: Vec<Change>,
}

#[derive(Serialize, ToSchema)]
pub struct EditionDiff {
    pub from: String,
    pub to: String,
    pub rules: BTreeMap<String, RuleDiff>,
}

pub fn diff(a: &[FrozenResult], b: &[FrozenResult]) -> BTreeMap<String, RuleDiff> {
    let key = |r: &FrozenResult| (r.rule.clone(), r.procedure.clone());
    let old: HashMap<_, &FrozenResult> = a.iter().map(|r| (key(r), r)).collect();
    let new: HashMap<_, &FrozenResult> = b.iter().map(|r| (key(r), r)).collect();
    let mut keys: Vec<_> = old.keys().chain(new.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    let mut out: BTreeMap<String, RuleDiff> = BTreeMap::new();
    for k in keys {
        let (from, to) = (old.get(&k).map(|r| r.status), new.get(&k).map(|r| r.status));
        if from == to {
            continue;
        }
        let institution = old.get(&k).or(new.get(&k)).map(|r| r.institution.clone()).unwrap_or_default();
        let change = Change { procedure: k.1.clone(), institution, from, to };
        let d = out.entry(k.0.clone()).or_default();
        match (from, to) {
            (Some(f), Some(Compliance::Compliant)) if f != Compliance::Compliant => d.became_compliant.push(change),
            (Some(Compliance::Compliant), Some(_)) => d.stopped_being_compliant.push(change),
            _ => d.other_changes.push(change),
        }
    }
    out
}

/// Which procedures became compliant or stopped being, per rule, between two editions.
#[utoipa::path(
    tag = "gaps",
    params(("label" = String, Path), ("other" = String, Path)),
    responses((status = 200, body = EditionDiff), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[get("/api/v1/editions/{label}/diff/{other}")]
pub async fn diff_editions(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (label, other) = path.into_inner();
    let (a, b) = (find(&state, &label).await?, find(&state, &other).await?);
    let (ra, _) = parse(&a)?;
    let (rb, _) = parse(&b)?;
    Ok(HttpResponse::Ok().json(EditionDiff { from: label, to: other, rules: diff(&ra, &rb) }))
}
