//! `GET /api/v1/exports/…`: the catalog, the gaps and the monitoring aggregates as CSV (for spreadsheets) and
//! GeoJSON (for GIS). Column names are stable; CSV is UTF-8 with a byte-order mark (so spreadsheet software detects
//! UTF-8), a header row, commas, RFC 4180 quoting and CRLF line ends. Lists inside a cell are joined with `;`.
//! Never exported: observation comments, complaint texts and e-mails.

use super::params::QueryParams;
use super::problem::{ApiError, Problem};
use super::stats::monitoring;
use crate::app::AppState;
use crate::app::gaps::{Basis, evaluate_all, is_gap};
use crate::catalog::{Channel, Snapshot};
use crate::domain::compliance::Finding;
use actix_web::{HttpResponse, get, web};

const CSV: &str = "text/csv; charset=utf-8";
const GEOJSON: &str = "application/geo+json";

fn csv_response(name: &str, header: &[&str], rows: Vec<Vec<String>>) -> Result<HttpResponse, ApiError> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        let fail = |e: csv::Error| ApiError::Internal(e.to_string());
        w.write_record(header).map_err(fail)?;
        for row in rows {
            w.write_record(&row).map_err(fail)?;
        }
        w.flush().map_err(|e| ApiError::Internal(e.to_string()))?;
    }
    Ok(HttpResponse::Ok()
        .content_type(CSV)
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{name}\"")))
        .body(out))
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// A text of the catalog in one cell: English, else the language there is.
fn text<T: std::borrow::Borrow<crate::catalog::Texts>>(v: &Option<T>) -> String {
    v.as_ref().and_then(|t| t.borrow().in_or_any("en")).unwrap_or_default().to_string()
}

fn source_cells(s: &Snapshot, id: i64) -> [String; 4] {
    match s.source(id) {
        Some(src) => [
            src.title.in_or_any("en").unwrap_or_default().to_string(),
            src.url.clone().or_else(|| src.document.clone()).unwrap_or_default(),
            src.date.map(|d| d.to_string()).unwrap_or_default(),
            src.uncertain.to_string(),
        ],
        None => Default::default(),
    }
}

/// Every procedure, one row each.
#[utoipa::path(tag = "exports", responses((status = 200, description = "CSV: slug, name_fr, name_nl, name_en, institution, institution_level, categories, online_url, identification, channel_kinds, has_offline_alternative, source_title, source_url, source_date, source_uncertain, updated_at", content_type = "text/csv")))]
#[get("/api/v1/exports/procedures.csv")]
pub async fn procedures_csv(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let s = state.catalog.load();
    let rows = s
        .procedures
        .iter()
        .map(|p| {
            let inst = &s.institutions[p.institution];
            let mut kinds: Vec<&str> = p.channels.iter().map(|&c| s.channels[c].kind.as_str()).collect();
            kinds.sort();
            kinds.dedup();
            let [title, url, date, uncertain] = source_cells(&s, p.source);
            vec![
                p.slug.clone(),
                p.name.fr.clone(),
                opt(&p.name.nl),
                opt(&p.name.en),
                inst.slug.clone(),
                inst.level.to_string(),
                p.categories.join(";"),
                opt(&p.online_url),
                p.identification.iter().map(|i| i.as_str()).collect::<Vec<_>>().join(";"),
                kinds.join(";"),
                p.has_offline_alternative.to_string(),
                title,
                url,
                date,
                uncertain,
                p.updated_at.and_utc().to_rfc3339(),
            ]
        })
        .collect();
    csv_response(
        "procedures.csv",
        &[
            "slug",
            "name_fr",
            "name_nl",
            "name_en",
            "institution",
            "institution_level",
            "categories",
            "online_url",
            "identification",
            "channel_kinds",
            "has_offline_alternative",
            "source_title",
            "source_url",
            "source_date",
            "source_uncertain",
            "updated_at",
        ],
        rows,
    )
}

const CHANNEL_COLUMNS: &[&str] = &[
    "channel_id",
    "procedure",
    "institution",
    "kind",
    "completion",
    "offline_alternative",
    "declared_state",
    "declared_since",
    "observed_state",
    "observed_observations",
    "observed_confidence",
    "contradiction",
    "address",
    "postcode",
    "commune",
    "lat",
    "lon",
    "opening_hours",
    "phone",
    "phone_cost",
    "email",
    "url",
    "booking",
    "languages",
    "wheelchair",
    "cost",
    "source_title",
    "source_url",
    "source_date",
    "source_uncertain",
];

fn channel_row(s: &Snapshot, state: &AppState, c: &Channel, now: chrono::DateTime<chrono::Utc>) -> Vec<String> {
    let p = &s.procedures[c.procedure];
    let location = c.location.and_then(|l| s.locations.get(&l));
    let observed = state.observed().observed(c.id, c.declared, now);
    let since = c.current.and_then(|i| c.history[i].since).map(|d| d.to_string()).unwrap_or_default();
    let [title, url, date, uncertain] = source_cells(s, c.source);
    vec![
        c.id.to_string(),
        p.slug.clone(),
        s.institutions[p.institution].slug.clone(),
        c.kind.to_string(),
        c.completion.to_string(),
        c.offline_alternative.to_string(),
        c.declared.to_string(),
        since,
        observed.reachability.state.to_string(),
        observed.reachability.observations.to_string(),
        format!("{:.3}", observed.reachability.confidence),
        observed.contradiction.to_string(),
        location.and_then(|l| l.address.clone()).unwrap_or_default(),
        location.and_then(|l| l.postcode.clone()).unwrap_or_default(),
        location.and_then(|l| l.commune).map(|i| s.communes[i].slug.clone()).unwrap_or_default(),
        location.and_then(|l| l.lat).map(|v| v.to_string()).unwrap_or_default(),
        location.and_then(|l| l.lon).map(|v| v.to_string()).unwrap_or_default(),
        c.opening_hours.as_deref().unwrap_or_default().to_string(),
        opt(&c.phone),
        text(&c.phone_cost),
        opt(&c.email),
        opt(&c.url),
        c.booking.iter().map(|b| b.as_str()).collect::<Vec<_>>().join(";"),
        c.languages.join(";"),
        c.wheelchair.to_string(),
        text(&c.cost),
        title,
        url,
        date,
        uncertain,
    ]
}

/// Every channel, with its declared and observed status and its source.
#[utoipa::path(tag = "exports", responses((status = 200, description = "CSV: channel_id, procedure, institution, kind, completion, offline_alternative, declared_state, declared_since, observed_state, observed_observations, observed_confidence, contradiction, address, postcode, commune, lat, lon, opening_hours, phone, phone_cost, email, url, booking, languages, wheelchair, cost, source_title, source_url, source_date, source_uncertain", content_type = "text/csv")))]
#[get("/api/v1/exports/channels.csv")]
pub async fn channels_csv(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let s = state.catalog.load();
    let now = chrono::Utc::now();
    let rows = s.channels.iter().map(|c| channel_row(&s, &state, c, now)).collect();
    csv_response("channels.csv", CHANNEL_COLUMNS, rows)
}

/// The gaps on both bases: one row per failing procedure and rule.
#[utoipa::path(tag = "exports", responses((status = 200, description = "CSV: procedure, institution, institution_level, rule, status, declared, observed, findings (requirement:finding:reason;… for each requirement not met)", content_type = "text/csv")))]
#[get("/api/v1/exports/gaps.csv")]
pub async fn gaps_csv(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let s = state.catalog.load();
    let all = evaluate_all(&s, &state.ctx(), &state.rules);
    let rows = all
        .iter()
        .filter(|(_, e)| is_gap(Basis::Both, e))
        .map(|(p, e)| {
            let p = &s.procedures[*p];
            let inst = &s.institutions[p.institution];
            let findings: Vec<String> = e
                .evidence
                .iter()
                .filter(|x| x.finding != Finding::Met)
                .map(|x| format!("{}:{}:{}", json_str(&x.requirement), json_str(&x.finding), json_str(&x.reason)))
                .collect();
            vec![
                p.slug.clone(),
                inst.slug.clone(),
                inst.level.to_string(),
                e.rule.clone(),
                e.status.as_str().into(),
                e.declared.as_str().into(),
                e.observed.as_str().into(),
                findings.join(";"),
            ]
        })
        .collect();
    csv_response(
        "gaps.csv",
        &["procedure", "institution", "institution_level", "rule", "status", "declared", "observed", "findings"],
        rows,
    )
}

fn json_str<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The monitoring figures as rows (aggregates only), with the same filters as `/api/v1/stats/monitoring`.
#[utoipa::path(
    tag = "exports",
    params(super::stats::MonitoringFilter),
    responses(
        (status = 200, description = "CSV: dimension (total, not_completed_share, partial_share, on_behalf_share, mean_minutes, median_minutes, total_hours, institution, failure_reason, channel_kind, week), key, count, share, value", content_type = "text/csv"),
        (status = 400, description = "A parameter is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A parameter names nothing known (a commune, an institution…); `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`to` is before `from`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/exports/monitoring.csv")]
pub async fn monitoring_csv(state: web::Data<AppState>, params: QueryParams) -> Result<HttpResponse, ApiError> {
    let t = monitoring(&state, params)?;
    let f = |v: f64| format!("{v:.6}");
    let mut rows = vec![
        vec!["total".into(), String::new(), t.total.to_string(), String::new(), String::new()],
        vec![
            "not_completed_share".into(),
            String::new(),
            t.not_completed.to_string(),
            f(t.not_completed_share),
            String::new(),
        ],
        vec!["partial_share".into(), String::new(), String::new(), f(t.partial_share), String::new()],
        vec!["on_behalf_share".into(), String::new(), String::new(), f(t.on_behalf_share), String::new()],
        vec![
            "mean_minutes".into(),
            String::new(),
            String::new(),
            String::new(),
            t.mean_minutes.map(f).unwrap_or_default(),
        ],
        vec![
            "median_minutes".into(),
            String::new(),
            String::new(),
            String::new(),
            t.median_minutes.map(f).unwrap_or_default(),
        ],
        vec!["total_hours".into(), String::new(), String::new(), String::new(), f(t.total_hours)],
    ];
    for (dimension, shares) in [
        ("institution", &t.by_institution),
        ("failure_reason", &t.by_failure_reason),
        ("channel_kind", &t.by_channel_kind),
    ] {
        for sh in shares {
            rows.push(vec![dimension.into(), sh.key.clone(), sh.count.to_string(), f(sh.share), String::new()]);
        }
    }
    for w in &t.by_week {
        rows.push(vec![
            "week".into(),
            w.week_start.to_string(),
            w.count.to_string(),
            String::new(),
            w.not_completed.to_string(),
        ]);
    }
    csv_response("monitoring.csv", &["dimension", "key", "count", "share", "value"], rows)
}

fn feature(
    s: &Snapshot,
    c: &Channel,
    mut properties: serde_json::Map<String, serde_json::Value>,
) -> Option<serde_json::Value> {
    let l = c.location.and_then(|l| s.locations.get(&l))?;
    let (lat, lon) = (l.lat?, l.lon?);
    let p = &s.procedures[c.procedure];
    properties.insert("channel_id".into(), c.id.into());
    properties.insert("procedure".into(), p.slug.clone().into());
    properties.insert("institution".into(), s.institutions[p.institution].slug.clone().into());
    properties.insert("kind".into(), c.kind.as_str().into());
    properties.insert("location".into(), l.name.fr.clone().into());
    properties.insert("address".into(), l.address.clone().into());
    // RFC 7946: WGS84, longitude first.
    Some(serde_json::json!({
        "type": "Feature",
        "geometry": { "type": "Point", "coordinates": [lon, lat] },
        "properties": properties,
    }))
}

fn geojson(features: &[serde_json::Value]) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(GEOJSON)
        .json(serde_json::json!({ "type": "FeatureCollection", "features": features }))
}

/// Channels whose place has coordinates (from a source), as GeoJSON points.
#[utoipa::path(tag = "exports", responses((status = 200, description = "GeoJSON FeatureCollection (RFC 7946); properties: channel_id, procedure, institution, kind, location, address, declared_state, observed_state, offline_alternative", content_type = "application/geo+json")))]
#[get("/api/v1/exports/channels.geojson")]
pub async fn channels_geojson(state: web::Data<AppState>) -> HttpResponse {
    let s = state.catalog.load();
    let now = chrono::Utc::now();
    let features: Vec<serde_json::Value> = s
        .channels
        .iter()
        .filter_map(|c| {
            let mut props = serde_json::Map::new();
            props.insert("declared_state".into(), c.declared.as_str().into());
            let observed = state.observed().observed(c.id, c.declared, now).reachability.state;
            props.insert("observed_state".into(), observed.as_str().into());
            props.insert("offline_alternative".into(), c.offline_alternative.into());
            feature(&s, c, props)
        })
        .collect();
    geojson(&features)
}

/// The gaps (both bases) at the places of the failing procedures' channels that have coordinates.
#[utoipa::path(tag = "exports", responses((status = 200, description = "GeoJSON FeatureCollection (RFC 7946); properties: channel_id, procedure, institution, kind, location, address, rule, status", content_type = "application/geo+json")))]
#[get("/api/v1/exports/gaps.geojson")]
pub async fn gaps_geojson(state: web::Data<AppState>) -> HttpResponse {
    let s = state.catalog.load();
    let all = evaluate_all(&s, &state.ctx(), &state.rules);
    let mut features = Vec::new();
    for (p, e) in all.iter().filter(|(_, e)| is_gap(Basis::Both, e)) {
        for &c in &s.procedures[*p].channels {
            let mut props = serde_json::Map::new();
            props.insert("rule".into(), e.rule.clone().into());
            props.insert("status".into(), e.status.as_str().into());
            features.extend(feature(&s, &s.channels[c], props));
        }
    }
    geojson(&features)
}
