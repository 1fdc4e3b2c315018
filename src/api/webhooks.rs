//! Webhook subscriptions (`app/webhooks`): created, listed and deleted with the organisation's admin token; each
//! one's delivery log, and re-sending a delivery. The JSON shapes live beside the handlers.

use super::params::{Pagination, QueryParams};
use super::problem::{ApiError, Problem};
use super::{auth, body};
use crate::app::AppState;
use crate::app::webhooks;
use crate::domain::{DeliveryState, EventKind, Level, Role};
use crate::store::webhooks::{DeliveryInfo, Subscription};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use serde::Serialize;
use utoipa::ToSchema;

/// A subscription to create. Every filter list is optional; an empty or absent list lets everything through.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct WebhookInput {
    /// Where events are posted: an `http://` or `https://` address the outbound guard lets through.
    #[schema(max_length = 2000, example = "https://example.org/guichet-events")]
    url: String,
    /// What this subscription is for, at most 200 characters (no personal data).
    description: Option<String>,
    /// The kinds of events wanted.
    kinds: Option<Vec<EventKind>>,
    /// Institution slugs.
    institutions: Option<Vec<String>>,
    /// Commune slugs: the events of bodies that serve one of them (a communal body of that commune, or a body
    /// that serves every commune).
    communes: Option<Vec<String>>,
    levels: Option<Vec<Level>>,
}

/// What a subscription receives.
#[derive(Serialize, ToSchema)]
pub struct WebhookFilter {
    pub kinds: Vec<EventKind>,
    pub institutions: Vec<String>,
    pub communes: Vec<String>,
    pub levels: Vec<Level>,
}

/// A subscription. Its secret is never shown again after creation.
#[derive(Serialize, ToSchema)]
pub struct WebhookView {
    pub id: i64,
    pub url: String,
    pub description: Option<String>,
    pub filter: WebhookFilter,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookCreated {
    pub webhook: WebhookView,
    /// `whsec_` + base64 of 24 random bytes: the signing key is the decoded bytes. Shown only now.
    pub secret: String,
    pub note: String,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookList {
    pub items: Vec<WebhookView>,
    pub total: usize,
}

/// One attempt to deliver.
#[derive(Serialize, ToSchema)]
pub struct AttemptView {
    /// 1, 2, … across re-sends.
    pub number: i32,
    pub at: chrono::DateTime<chrono::Utc>,
    /// The receiver's HTTP status; absent when there was no answer.
    pub status: Option<i32>,
    /// Why the attempt failed (a status outside 2xx, a timeout, an address the guard refused, …).
    pub error: Option<String>,
    pub duration_ms: i64,
}

/// The delivery of one event to this subscription.
#[derive(Serialize, ToSchema)]
pub struct DeliveryView {
    pub id: i64,
    /// The event's id (`webhook-id`), the same on every attempt and re-send.
    pub event_id: String,
    pub kind: EventKind,
    pub state: DeliveryState,
    /// Failed attempts in the current chain (since creation or the last re-send).
    pub failures: i32,
    /// When a pending delivery is tried next.
    pub next_attempt_at: Option<chrono::DateTime<chrono::Utc>>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub delivered_at: Option<chrono::DateTime<chrono::Utc>>,
    pub attempts: Vec<AttemptView>,
}

#[derive(Serialize, ToSchema)]
pub struct DeliveryPage {
    pub items: Vec<DeliveryView>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

fn view(s: Subscription) -> WebhookView {
    WebhookView {
        id: s.id,
        url: s.url,
        description: s.description,
        filter: WebhookFilter {
            kinds: s.filter.kinds,
            institutions: s.filter.institutions,
            communes: s.filter.communes,
            levels: s.filter.levels,
        },
        created_at: s.created_at.and_utc(),
    }
}

fn delivery_view(d: DeliveryInfo) -> DeliveryView {
    DeliveryView {
        id: d.id,
        event_id: d.event_id,
        kind: d.kind,
        state: d.state,
        failures: d.failures,
        next_attempt_at: (d.state == DeliveryState::Pending).then(|| d.next_attempt_at.and_utc()),
        created_at: d.created_at.and_utc(),
        delivered_at: d.delivered_at.map(|t| t.and_utc()),
        attempts: d
            .attempts
            .into_iter()
            .map(|a| AttemptView {
                number: a.number,
                at: a.at.and_utc(),
                status: a.status,
                error: a.error,
                duration_ms: a.duration_ms,
            })
            .collect(),
    }
}

fn id_of(name: &'static str, raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::invalid(name, format!("`{raw}` is not an id (a positive whole number)")))
}

/// Subscribe to events.
///
/// Needs an admin token. Each event is a JSON object `{"id", "kind", "timestamp", "subject", "data"}` posted to
/// `url` and signed in the Standard Webhooks scheme: headers `webhook-id` (the event id, the same on every
/// attempt: drop a repeat by it), `webhook-timestamp` (Unix seconds of the attempt) and `webhook-signature:
/// v1,<base64 of HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")>`, where the key is the base64-decoded
/// part of the secret after `whsec_`. Any 2xx acknowledges; anything else, or no answer within the outbound
/// timeout, is retried with exponential backoff and jitter, and the delivery is `dead` after
/// `GUICHET_WEBHOOK_MAX_ATTEMPTS` (default 8). Kinds: `declared_status.changed`, `observed_state.changed`,
/// `gap_status.changed`, `complaint.filed`, `suggestion.accepted`.
#[utoipa::path(
    tag = "webhooks",
    request_body = WebhookInput,
    responses(
        (status = 201, body = WebhookCreated),
        (status = 400, description = "Malformed JSON or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token is not an admin token", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "A body larger than 16 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "A body not sent as `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/webhooks")]
#[tracing::instrument(skip_all)]
pub async fn post_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Admin]).await?;
    // The same reading as every JSON body: 415 unless JSON, 413 past 16 KiB, 400 for malformed JSON.
    let mut b = body::json_fields(&req, payload).await?;
    let new = webhooks::parse_subscription(&state, &mut b);
    b.finish()?;
    let new = new.ok_or_else(|| ApiError::Internal("a valid subscription was not read".into()))?;
    let created = webhooks::create(&state, &principal, new).await?;
    let secret = created.secret.clone();
    Ok(HttpResponse::Created().json(WebhookCreated {
        webhook: view(created),
        secret,
        note: "Keep the secret: it is shown only now, and it is how you verify each event's signature.".into(),
    }))
}

/// The organisation's subscriptions (never their secrets).
#[utoipa::path(
    tag = "webhooks",
    responses(
        (status = 200, body = WebhookList),
        (status = 401, description = "Missing, unknown or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token is not an admin token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/webhooks")]
#[tracing::instrument(skip_all)]
pub async fn list_webhooks(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Admin]).await?;
    let items: Vec<WebhookView> =
        webhooks::list_subscriptions(&state, &principal).await?.into_iter().map(view).collect();
    Ok(HttpResponse::Ok().json(WebhookList { total: items.len(), items }))
}

/// Delete a subscription: no more events; its pending deliveries are cancelled, its log kept.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = i64, Path, description = "Subscription id", minimum = 1)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "Not an id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token is not an admin token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The organisation has no such subscription", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/api/v1/webhooks/{id}")]
#[tracing::instrument(skip(state, req))]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Admin]).await?;
    let id = id_of("id", &id)?;
    webhooks::delete(&state, &principal, id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A subscription's deliveries, newest first, each with every attempt (status, error, duration).
#[utoipa::path(
    tag = "webhooks",
    params(("id" = i64, Path, description = "Subscription id", minimum = 1), Pagination),
    responses(
        (status = 200, body = DeliveryPage),
        (status = 400, description = "Not an id, or a bad parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token is not an admin token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The organisation has no such subscription", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/api/v1/webhooks/{id}/deliveries")]
#[tracing::instrument(skip(state, req, params))]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    mut params: QueryParams,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Admin]).await?;
    let id = id_of("id", &id)?;
    let page = params.pagination();
    params.finish()?;
    let (items, total) = webhooks::deliveries(&state, &principal, id, page).await?;
    let items = items.into_iter().map(delivery_view).collect();
    Ok(HttpResponse::Ok().json(DeliveryPage { items, total, page: page.page, per_page: page.per_page }))
}

/// Send a delivery again now, with the same event id (a new chain of attempts). A pending one is left as it is.
#[utoipa::path(
    tag = "webhooks",
    params(
        ("id" = i64, Path, description = "Subscription id", minimum = 1),
        ("delivery" = i64, Path, description = "Delivery id", minimum = 1),
    ),
    responses(
        (status = 202, description = "Queued"),
        (status = 400, description = "Not an id", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, unknown or revoked token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The token is not an admin token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such subscription of the organisation, or no such delivery of it", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/webhooks/{id}/deliveries/{delivery}/resend")]
#[tracing::instrument(skip(state, req))]
pub async fn resend_delivery(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let principal = auth::require(&state, &req, &[Role::Admin]).await?;
    let (id, delivery) = path.into_inner();
    let id = id_of("id", &id)?;
    let delivery = id_of("delivery", &delivery)?;
    webhooks::resend(&state, &principal, id, delivery).await?;
    Ok(HttpResponse::Accepted().finish())
}
