//! The delivery worker: a background task that claims due deliveries (a compare-and-set in the database, so that
//! the instances on one PostgreSQL never send the same attempt twice), signs each event (Standard Webhooks,
//! `domain::webhooks`), posts it through the outbound guard, logs the attempt, and on failure schedules the next
//! one with exponential backoff and jitter, or marks the delivery `dead` after `max_attempts`. Everything it needs
//! is in the database: a restart loses nothing (a claim left by a killed instance runs out after its lease).

use super::WebhookSettings;
use crate::app::metrics::Family;
use crate::app::outbound::{Outbound, Request};
use crate::app::state::AppState;
use crate::domain::webhooks::{backoff, secret_key, signature};
use crate::store::webhooks::{Attempt, AttemptEnd, Outgoing};
use crate::store::{self, StoreError, tokens::random_bytes};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// One signed POST to a subscriber.
#[derive(Debug, Clone)]
pub struct Post {
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// Where the posts go: the outbound guard in the service; anything that answers a status, or says why there is
/// none, in a test.
pub trait Transport: Send + Sync + 'static {
    fn post(&self, post: Post) -> Pin<Box<dyn Future<Output = Result<u16, String>> + Send + '_>>;
}

impl Transport for Outbound {
    fn post(&self, post: Post) -> Pin<Box<dyn Future<Output = Result<u16, String>> + Send + '_>> {
        Box::pin(async move {
            let mut request = Request::post(post.url, "application/json", post.body);
            for (name, value) in post.headers {
                request = request.header(name, value);
            }
            self.send(request).await.map(|answer| answer.status).map_err(|e| format!("{}: {e}", e.kind()))
        })
    }
}

/// Deliveries sent at once by one instance.
const BATCH: i64 = 8;

/// Starts the worker on the current runtime, unless the settings turn it off.
pub fn spawn(state: Arc<AppState>, transport: Arc<dyn Transport>, settings: WebhookSettings, lease: Duration) {
    if !settings.enabled {
        tracing::info!("webhook delivery is off on this instance (GUICHET_WEBHOOKS=off)");
        return;
    }
    tokio::spawn(async move {
        loop {
            let sent = match round(&state, &transport, &settings, lease).await {
                Ok(n) => n,
                Err(e) => {
                    tracing::warn!(error = %e, "webhook delivery round failed");
                    0
                }
            };
            if sent == 0 {
                // Woken early by a re-send; else the next poll.
                let _ = tokio::time::timeout(settings.poll, state.webhook_wake.notified()).await;
            }
        }
    });
}

/// One round: claims up to `BATCH` due deliveries and sends them at once; returns how many were claimed.
pub async fn round(
    state: &Arc<AppState>,
    transport: &Arc<dyn Transport>,
    settings: &WebhookSettings,
    lease: Duration,
) -> Result<usize, StoreError> {
    let holder: String = random_bytes::<12>().iter().map(|b| format!("{b:02x}")).collect();
    let lease = chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::seconds(60));
    let claim_holder = holder.clone();
    let claimed: Vec<Outgoing> = store::blocking(&state.pool, move |conn| {
        let at = store::now();
        let mut claimed = Vec::new();
        for id in store::webhooks::due(conn, at, BATCH)? {
            if store::webhooks::claim(conn, id, &claim_holder, at, at + lease)?
                && let Some(out) = store::webhooks::outgoing(conn, id)?
            {
                claimed.push(out);
            }
        }
        Ok(claimed)
    })
    .await?;
    let n = claimed.len();
    let mut sends = tokio::task::JoinSet::new();
    for out in claimed {
        let (state, transport, settings, holder) = (state.clone(), transport.clone(), settings.clone(), holder.clone());
        sends.spawn(async move { deliver(&state, transport.as_ref(), &settings, &holder, out).await });
    }
    while let Some(done) = sends.join_next().await {
        match done {
            Ok(Err(e)) => tracing::warn!(error = %e, "a webhook attempt could not be logged"),
            Err(e) => tracing::warn!(error = %e, "a webhook attempt panicked"),
            Ok(Ok(())) => {}
        }
    }
    Ok(n)
}

/// The headers of one attempt (Standard Webhooks): the event id, the attempt's Unix time and the signature.
pub fn signed_headers(out: &Outgoing, timestamp: i64) -> Vec<(&'static str, String)> {
    let key = secret_key(&out.secret).unwrap_or_else(|| out.secret.as_bytes().to_vec());
    vec![
        ("webhook-id", out.event_id.clone()),
        ("webhook-timestamp", timestamp.to_string()),
        ("webhook-signature", signature(&key, &out.event_id, timestamp, out.body.as_bytes())),
    ]
}

async fn deliver(
    state: &AppState,
    transport: &dyn Transport,
    settings: &WebhookSettings,
    holder: &str,
    out: Outgoing,
) -> Result<(), StoreError> {
    let at = chrono::Utc::now();
    let headers = signed_headers(&out, at.timestamp());
    let started = Instant::now();
    let result = transport.post(Post { url: out.url.clone(), headers, body: out.body.clone().into_bytes() }).await;
    let duration_ms = i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX);
    let (status, error) = match result {
        Ok(status) if (200..300).contains(&status) => (Some(status), None),
        Ok(status) => (Some(status), Some(format!("the receiver answered {status}"))),
        Err(e) => (None, Some(e)),
    };
    let failures = u32::try_from(out.failures).unwrap_or(0) + 1;
    let end = if error.is_none() {
        AttemptEnd::Delivered
    } else if failures >= settings.max_attempts {
        AttemptEnd::Dead
    } else {
        let jitter = f64::from(u32::from_le_bytes(random_bytes::<4>())) / f64::from(u32::MAX);
        let wait = backoff(failures, settings.backoff_base, settings.backoff_cap, jitter);
        AttemptEnd::Retry(store::now() + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(6)))
    };
    let outcome = match end {
        AttemptEnd::Delivered => "delivered",
        AttemptEnd::Retry(_) => "failed",
        AttemptEnd::Dead => "dead",
    };
    state.metrics.outcome(Family::WebhookDeliveries, outcome);
    tracing::info!(delivery = out.delivery_id, event = %out.event_id, status, error = error.as_deref(), outcome, "webhook attempt");
    let attempt = Attempt { at: at.naive_utc(), status, error, duration_ms };
    let (holder, id) = (holder.to_string(), out.delivery_id);
    store::blocking(&state.pool, move |conn| store::webhooks::record_attempt(conn, id, &holder, &attempt, &end)).await
}
