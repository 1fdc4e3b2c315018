//! `POST /api/v1/observations` (reporters) and `GET /api/v1/channels/{id}/reachability`.

use super::auth;
use super::body::{Body, MAX_BODY};
use super::channels::channel_id;
use super::params::QueryParams;
use super::problem::{ApiError, FieldError, Problem};
use super::views::ObservedView;
use crate::catalog::Snapshot;
use crate::domain::privacy::find_personal_data;
use crate::domain::reachability::{Evidence, HourSlot, by_hour_of_week};
use crate::domain::{ChannelKind, FailureReason, Outcome, Role};
use crate::startup::AppState;
use crate::store::{self, observations::*, tokens::sha256_hex};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A social worker's report of one attempt through a channel: the "monitoring social 1030" questionnaire.
/// Never put anything here that identifies the person helped.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct ObservationInput {
    /// The channel tried; or give `procedure` and `channel_kind`.
    channel_id: Option<i64>,
    /// Procedure slug, with `channel_kind`, when the channel id is not known.
    procedure: Option<String>,
    channel_kind: Option<ChannelKind>,
    /// When the attempt happened (RFC 3339); not in the future. Past surveys are accepted.
    occurred_at: chrono::DateTime<chrono::Utc>,
    outcome: Outcome,
    /// 0 to 600.
    #[schema(minimum = 0, maximum = 600)]
    minutes_spent: u32,
    /// Did the worker do it in the person's place?
    on_behalf: bool,
    /// Required when the outcome is `not_completed` or `redirected_online`; refused when `completed`.
    failure_reason: Option<FailureReason>,
    /// Minutes waited (queue, phone hold), 0 to 1440.
    #[schema(minimum = 0, maximum = 1440)]
    wait_minutes: Option<u32>,
    /// The reporter's job, e.g. "assistante sociale" (at most 100 characters).
    reporter_role: Option<String>,
    /// At most 500 characters; refused (422) if it looks like a national register number, an e-mail address,
    /// a phone number or an IBAN.
    comment: Option<String>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ObservationView {
    pub id: i64,
    pub channel_id: i64,
    pub organisation: String,
    pub occurred_at: chrono::DateTime<chrono::Utc>,
    pub outcome: Outcome,
    pub minutes_spent: u32,
    pub on_behalf: bool,
    pub failure_reason: Option<FailureReason>,
    pub wait_minutes: Option<u32>,
    pub reporter_role: Option<String>,
    pub comment: Option<String>,
    pub recorded_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct ChannelObserved {
    pub id: i64,
    pub observed: ObservedView,
}

#[derive(Serialize, ToSchema)]
pub struct ObservationCreated {
    pub observation: ObservationView,
    /// The channel's observed status with this observation counted.
    pub channel: ChannelObserved,
}

/// The longest idempotency key accepted.
const MAX_KEY: usize = 200;
/// Clock skew tolerated for `occurred_at`.
const SKEW_MINUTES: i64 = 5;

pub(crate) struct Parsed {
    channel_id: i64,
    occurred_at: chrono::DateTime<chrono::Utc>,
    outcome: Outcome,
    minutes_spent: u32,
    on_behalf: bool,
    failure_reason: Option<FailureReason>,
    wait_minutes: Option<u32>,
    reporter_role: Option<String>,
    comment: Option<String>,
}

/// Resolves `channel_id`, or `procedure` + `channel_kind`, against the catalog.
fn resolve_channel(
    s: &Snapshot,
    b: &mut Body,
    id: Option<i64>,
    procedure: Option<String>,
    kind: Option<ChannelKind>,
) -> Option<i64> {
    match (id, procedure) {
        (Some(id), _) => {
            if s.channel(id).is_none() {
                b.errors.push(FieldError::new("channel_id", format!("no channel {id}")));
            }
            Some(id)
        }
        (None, Some(slug)) => {
            let Some(p) = s.procedure(&slug) else {
                b.errors.push(FieldError::new("procedure", format!("no procedure `{slug}`")));
                return None;
            };
            let Some(kind) = kind else {
                b.errors.push(FieldError::new("channel_kind", "is required with `procedure`"));
                return None;
            };
            let matching: Vec<i64> =
                p.channels.iter().map(|&c| &s.channels[c]).filter(|c| c.kind == kind).map(|c| c.id).collect();
            match matching.as_slice() {
                [one] => Some(*one),
                [] => {
                    b.errors.push(FieldError::new("channel_kind", format!("`{slug}` has no `{kind}` channel")));
                    None
                }
                _ => {
                    b.errors.push(FieldError::new(
                        "channel_kind",
                        format!("`{slug}` has {} `{kind}` channels: give `channel_id`", matching.len()),
                    ));
                    None
                }
            }
        }
        (None, None) => {
            b.errors.push(FieldError::new("channel_id", "is required (or `procedure` with `channel_kind`)"));
            None
        }
    }
}

pub(crate) fn parse_observation(s: &Snapshot, b: &mut Body, now: chrono::DateTime<chrono::Utc>) -> Option<Parsed> {
    let id = b.integer("channel_id", 1, i64::MAX);
    let procedure = b.string("procedure", 100);
    let kind: Option<ChannelKind> = b.parse_str("channel_kind");
    let channel_id = resolve_channel(s, b, id, procedure, kind);
    let occurred_at = b.datetime("occurred_at");
    let outcome: Option<Outcome> = b.parse_str("outcome");
    let minutes_spent = b.integer("minutes_spent", 0, 600);
    let on_behalf = b.boolean("on_behalf");
    let failure_reason: Option<FailureReason> = b.parse_str("failure_reason");
    let wait_minutes = b.integer("wait_minutes", 0, 1440);
    let reporter_role = b.string("reporter_role", 100);
    let comment = b.string("comment", 500);

    for (name, present) in [
        ("occurred_at", occurred_at.is_some()),
        ("outcome", outcome.is_some()),
        ("minutes_spent", minutes_spent.is_some()),
        ("on_behalf", on_behalf.is_some()),
    ] {
        if !present && !b.errors.iter().any(|e| e.field == name) {
            b.missing(name);
        }
    }
    if let Some(at) = occurred_at {
        if at > now + chrono::Duration::minutes(SKEW_MINUTES) {
            b.errors.push(FieldError::new("occurred_at", "is in the future"));
        } else if at.year_ce().1 < 2000 {
            b.errors.push(FieldError::new("occurred_at", "is before 2000"));
        }
    }
    match (outcome, failure_reason) {
        (Some(Outcome::NotCompleted | Outcome::RedirectedOnline), None)
            if !b.errors.iter().any(|e| e.field == "failure_reason") =>
        {
            b.errors.push(FieldError::new("failure_reason", "is required when the attempt did not complete"))
        }
        (Some(Outcome::Completed), Some(_)) => {
            b.errors.push(FieldError::new("failure_reason", "must be empty when the attempt completed"))
        }
        _ => {}
    }
    for (name, text) in [("comment", &comment), ("reporter_role", &reporter_role)] {
        if let Some(kind) = text.as_deref().and_then(find_personal_data) {
            b.errors.push(FieldError::new(
                name,
                format!(
                    "looks like it contains {}: observations must never identify the person helped",
                    kind.describe()
                ),
            ));
        }
    }
    if !b.errors.is_empty() {
        return None;
    }
    Some(Parsed {
        channel_id: channel_id?,
        occurred_at: occurred_at?,
        outcome: outcome?,
        minutes_spent: minutes_spent? as u32,
        on_behalf: on_behalf?,
        failure_reason,
        wait_minutes: wait_minutes.map(|m| m as u32),
        reporter_role,
        comment,
    })
}

use chrono::Datelike;

pub(crate) fn record_of(p: &Parsed, organisation_id: i64) -> ObservationRecord {
    ObservationRecord {
        channel_id: p.channel_id,
        organisation_id,
        occurred_at: p.occurred_at.naive_utc(),
        outcome: p.outcome.as_str().into(),
        minutes_spent: p.minutes_spent as i32,
        on_behalf: p.on_behalf,
        failure_reason: p.failure_reason.map(|r| r.as_str().into()),
        wait_minutes: p.wait_minutes.map(|m| m as i32),
        reporter_role: p.reporter_role.clone(),
        comment: p.comment.clone(),
    }
}

/// Report an attempt through a channel.
///
/// Needs a bearer token of a reporting organisation (role `reporter`, `editor` or `admin`). With an
/// `Idempotency-Key` header, replaying the same body returns the first response and stores nothing new; the same
/// key with another body is a 409.
#[utoipa::path(
    tag = "observations",
    request_body = ObservationInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: at most 200 visible ASCII characters")),
    responses(
        (status = 201, body = ObservationCreated),
        (status = 400, description = "Malformed JSON or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token's role may not report", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Idempotency key reused with another body", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/observations")]
#[tracing::instrument(skip_all)]
pub async fn post_observation(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Reporter, Role::Editor, Role::Admin]).await?;
    let key = match req.headers().get("Idempotency-Key") {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .filter(|k| !k.is_empty() && k.len() <= MAX_KEY && k.bytes().all(|b| b.is_ascii_graphic()))
                .ok_or_else(|| ApiError::invalid("Idempotency-Key", "1 to 200 visible ASCII characters"))?
                .to_string(),
        ),
    };
    if body.len() > MAX_BODY {
        return Err(ApiError::InvalidBody(vec![FieldError::new("body", format!("larger than {MAX_BODY} bytes"))]));
    }
    let mut b = Body::parse(&body)?;
    let request_hash = sha256_hex(b.canonical().as_bytes());
    let s = state.catalog.load();
    let parsed = parse_observation(&s, &mut b, chrono::Utc::now());
    b.finish()?;
    let p = parsed.expect("no errors, so parsed");
    match store_observation(&state, &principal, p, key, request_hash).await? {
        Stored::Created(response) => Ok(HttpResponse::Created().content_type("application/json").body(response)),
        Stored::Replayed(response) => Ok(HttpResponse::Created()
            .content_type("application/json")
            .insert_header(("Idempotent-Replayed", "true"))
            .body(response)),
        Stored::Conflict => {
            Err(ApiError::Conflict("This Idempotency-Key was already used with another request body.".into()))
        }
    }
}

/// What became of a valid observation: its `ObservationCreated` JSON, first time or replayed, or a key conflict.
pub(crate) enum Stored {
    Created(String),
    Replayed(String),
    Conflict,
}

/// Stores a validated observation (shared by the API and the web form) and counts it in the observed index once
/// committed.
pub(crate) async fn store_observation(
    state: &web::Data<AppState>,
    principal: &crate::store::tokens::Principal,
    p: Parsed,
    key: Option<String>,
    request_hash: String,
) -> Result<Stored, ApiError> {
    let now = chrono::Utc::now();
    let s = state.catalog.load();
    let channel = s.channel(p.channel_id).expect("resolved against this snapshot");
    let record = record_of(&p, principal.organisation_id);
    let evidence = Evidence::observation(p.occurred_at, p.outcome);
    let before = state.observed().observed(p.channel_id, channel.declared, now).reachability.state;
    let preview = state.observed().preview(p.channel_id, evidence, channel.declared, now);
    let transition = state.observed().transition_with(p.channel_id, before, &preview, now);
    let organisation = principal.organisation.clone();
    let respond = {
        let record = record.clone();
        let state = state.clone();
        move |id: i64, recorded_at: chrono::NaiveDateTime| {
            // Before commit, so that our own notification can never come back before we know it is ours.
            state.mark_own(crate::store::sync::Change::Observation(id));
            let created = ObservationCreated {
                observation: ObservationView {
                    id,
                    channel_id: record.channel_id,
                    organisation: organisation.clone(),
                    occurred_at: record.occurred_at.and_utc(),
                    outcome: p.outcome,
                    minutes_spent: p.minutes_spent,
                    on_behalf: p.on_behalf,
                    failure_reason: p.failure_reason,
                    wait_minutes: p.wait_minutes,
                    reporter_role: p.reporter_role.clone(),
                    comment: p.comment.clone(),
                    recorded_at: recorded_at.and_utc(),
                },
                channel: ChannelObserved { id: record.channel_id, observed: preview.clone().into() },
            };
            serde_json::to_string(&created).expect("serialises")
        }
    };
    let stored = {
        let record = record.clone();
        store::blocking(&state.pool, move |conn| {
            let idem = key.as_deref().map(|key| Idempotency { key, request_hash: &request_hash });
            record_observation(conn, &record, transition.as_ref(), idem, respond)
        })
        .await?
    };
    Ok(match stored {
        Recorded::Created { recorded_at, response, .. } => {
            // Committed: now it counts for everyone.
            state.observed().add(record.channel_id, evidence, recorded_at.and_utc());
            state.observed().add_row(&record, &principal.organisation, principal.commune.as_deref());
            Stored::Created(response)
        }
        Recorded::Replayed { response } => Stored::Replayed(response),
        Recorded::Conflict => Stored::Conflict,
    })
}

/// When does this channel answer? Success rate per weekday and hour (Europe/Brussels), from the observations
/// of the last 90 days.
#[derive(Serialize, ToSchema)]
pub struct ReachabilityByHour {
    pub channel_id: i64,
    pub observed: ObservedView,
    /// Only slots with attempts, by weekday (1 = Monday) then hour.
    pub slots: Vec<HourSlot>,
}

/// A channel's observed reachability by hour of the week ("saturated 9–11h, answers after 14h").
#[utoipa::path(
    tag = "observations",
    params(
        ("id" = i64, Path, description = "Channel id", minimum = 1),
        ("by" = String, Query, description = "Only `hour_of_week`"),
    ),
    responses(
        (status = 200, body = ReachabilityByHour),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/channels/{id}/reachability")]
#[tracing::instrument(skip(state, params))]
pub async fn get_reachability(
    state: web::Data<AppState>,
    id: web::Path<String>,
    mut params: QueryParams,
) -> Result<HttpResponse, ApiError> {
    let id = channel_id(&id)?;
    match params.text("by").as_deref() {
        None | Some("hour_of_week") => {}
        Some(other) => params.errors.push(FieldError::new("by", format!("`{other}`: expected hour_of_week"))),
    }
    params.finish()?;
    let s = state.catalog.load();
    let c = s.channel(id).ok_or_else(|| ApiError::NotFound { what: "channel", key: id.to_string() })?;
    let now = chrono::Utc::now();
    let evidence = state.observed().evidence(id);
    let slots = by_hour_of_week(&evidence, now, state.observed().params());
    let observed = state.observed().observed(id, c.declared, now).into();
    Ok(HttpResponse::Ok().json(ReachabilityByHour { channel_id: id, observed, slots }))
}
