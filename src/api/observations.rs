//! `POST /api/v1/observations` (reporters) and `GET /api/v1/channels/{id}/reachability`.

use super::auth;
use super::body;
use super::channels::channel_id;
use super::params::QueryParams;
use super::problem::{ApiError, FieldError, Problem};
use crate::app::AppState;
use crate::app::observe::{self, Idempotency, ObservationCreated, ObservedView, Recorded};
use crate::domain::reachability::{HourSlot, by_hour_of_week};
use crate::domain::{ChannelKind, FailureReason, Outcome, Role};
use crate::store::tokens::sha256_hex;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A social worker's report of one attempt through a channel: the "monitoring social 1030" questionnaire.
/// Never put anything here that identifies the person helped.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ObservationInput {
    /// The channel tried; or give `procedure` and `channel_kind`.
    #[schema(minimum = 1)]
    channel_id: Option<i64>,
    /// Procedure slug, with `channel_kind`, when the channel id is not known.
    #[schema(max_length = 100)]
    procedure: Option<String>,
    channel_kind: Option<ChannelKind>,
    /// When the attempt happened (RFC 3339); not in the future, not before 2000 (422). Past surveys are accepted.
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
    /// The reporter's job, e.g. "assistante sociale" (at most 100 characters); through the privacy gate as `comment`.
    #[schema(max_length = 100)]
    reporter_role: Option<String>,
    /// At most 500 characters; through the privacy gate (`domain::privacy`): refused (422, naming the field and the
    /// kind found) if it looks like a national register number, an IBAN, an e-mail address or a phone number, however
    /// written (other separators, spaces, dashes, fullwidth or other scripts' digits, `[at]`, `dot`…).
    #[schema(max_length = 500)]
    comment: Option<String>,
}

/// The longest idempotency key accepted.
const MAX_KEY: usize = 200;

/// Report an attempt through a channel.
///
/// Needs a bearer token of a reporting organisation (role `reporter`, `editor` or `admin`). With an
/// `Idempotency-Key` header, replaying the same body returns the first response and stores nothing new; the same
/// key with another body is a 409.
#[utoipa::path(
    tag = "observations",
    request_body = ObservationInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: at most 200 visible ASCII characters", pattern = "^[!-~]{1,200}$")),
    responses(
        (status = 201, body = ObservationCreated),
        (status = 400, description = "Malformed JSON or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Idempotency key reused with another body", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid, or fields do not go together (a `failure_reason` with `completed`, none with `not_completed`; neither `channel_id` nor `procedure` and `channel_kind`; an unknown channel or procedure; `occurred_at` before 2000 or in the future; personal data in a text); `errors` names them", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/observations")]
#[tracing::instrument(skip_all)]
pub async fn post_observation(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
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
    let mut b = body::json_fields(&req, payload).await?;
    let request_hash = sha256_hex(b.canonical().as_bytes());
    let s = state.catalog.load();
    let report = observe::parse_report(&s, &mut b, chrono::Utc::now());
    b.finish()?;
    let report = report.ok_or_else(|| ApiError::Internal("a valid report was not read".into()))?;
    let idempotency = key.map(|key| Idempotency { key, request_hash });
    match observe::record(&state, &principal, report, idempotency).await? {
        Recorded::Created(response) => Ok(HttpResponse::Created().content_type("application/json").body(response)),
        Recorded::Replayed(response) => Ok(HttpResponse::Created()
            .content_type("application/json")
            .insert_header(("Idempotent-Replayed", "true"))
            .body(response)),
        Recorded::Conflict => {
            Err(ApiError::Conflict("This Idempotency-Key was already used with another request body.".into()))
        }
    }
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
        ("by" = Option<String>, Query, description = "Only `hour_of_week` (the default)", pattern = "^hour_of_week$"),
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
    match params.typed("by").as_deref() {
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
