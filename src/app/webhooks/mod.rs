//! Webhooks: subscribers (registered with an organisation's admin token) get a signed JSON event when something
//! they follow changes. Events are written to the outbox in the transaction of the change (`store::webhooks::
//! enqueue`, called by the writes themselves); `worker.rs` delivers them through the outbound guard, with retries.
//!
//! | file | what it holds |
//! |---|---|
//! | `mod.rs` | the settings, reading a subscription, and the use cases of the API (create, list, delete, log, re-send) |
//! | `worker.rs` | the delivery worker: due deliveries claimed, signed, sent, logged, retried or dead |
//! | `gaps.rs` | the gap watcher: each procedure's standing under each rule stored, and `gap_status.changed` told |

pub mod gaps;
pub mod worker;

use super::config::ConfigError;
use super::error::{AppError, FieldError};
use super::input::{Fields, Pagination};
use super::state::AppState;
use crate::domain::webhooks::{Filter, secret_of};
use crate::domain::{EventKind, Level};
use crate::store::tokens::{Principal, random_bytes};
use crate::store::webhooks::{DeliveryInfo, Subscription};
use crate::store::{self};
use std::time::Duration;

/// `GUICHET_WEBHOOK_*`.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookSettings {
    /// `GUICHET_WEBHOOKS`: `off` stops the delivery worker of this instance (events are still stored; another
    /// instance, or this one once on again, delivers them). Default `on`.
    pub enabled: bool,
    /// `GUICHET_WEBHOOK_MAX_ATTEMPTS`: attempts of one delivery before it is dead (default 8, from 1 to 50).
    pub max_attempts: u32,
    /// `GUICHET_WEBHOOK_BACKOFF_MS`: the wait after the first failure, doubled after each (default 30,000 ms).
    pub backoff_base: Duration,
    /// `GUICHET_WEBHOOK_BACKOFF_MAX_MS`: the longest wait between two attempts (default 6 hours).
    pub backoff_cap: Duration,
    /// `GUICHET_WEBHOOK_POLL_MS`: how often the worker looks for due deliveries (default 1,000 ms).
    pub poll: Duration,
    /// `GUICHET_GAP_WATCH_MS`: how often the gap watcher looks whether the read model or the day moved, and then
    /// stores the standings that changed with their `gap_status.changed` events (default 60,000 ms; `gaps.rs`).
    pub gap_watch: Duration,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        WebhookSettings {
            enabled: true,
            max_attempts: 8,
            backoff_base: Duration::from_secs(30),
            backoff_cap: Duration::from_secs(6 * 3600),
            poll: Duration::from_secs(1),
            gap_watch: Duration::from_secs(60),
        }
    }
}

impl WebhookSettings {
    /// The settings from the variables `get` gives (the environment, or a table in tests).
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Result<WebhookSettings, ConfigError> {
        let get = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        let d = WebhookSettings::default();
        let number =
            |var: &'static str, range: std::ops::RangeInclusive<u64>, default: u64| -> Result<u64, ConfigError> {
                let Some(text) = get(var) else { return Ok(default) };
                text.trim().parse::<u64>().ok().filter(|n| range.contains(n)).ok_or_else(|| ConfigError {
                    var,
                    message: format!("`{text}`: expected a number from {} to {}", range.start(), range.end()),
                })
            };
        let enabled = match get("GUICHET_WEBHOOKS").as_deref().map(str::trim) {
            None | Some("on" | "true" | "1") => true,
            Some("off" | "false" | "0") => false,
            Some(other) => {
                return Err(ConfigError { var: "GUICHET_WEBHOOKS", message: format!("`{other}`: expected on or off") });
            }
        };
        let ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        Ok(WebhookSettings {
            enabled,
            max_attempts: u32::try_from(number("GUICHET_WEBHOOK_MAX_ATTEMPTS", 1..=50, u64::from(d.max_attempts))?)
                .unwrap_or(d.max_attempts),
            backoff_base: Duration::from_millis(number(
                "GUICHET_WEBHOOK_BACKOFF_MS",
                1..=86_400_000,
                ms(d.backoff_base),
            )?),
            backoff_cap: Duration::from_millis(number(
                "GUICHET_WEBHOOK_BACKOFF_MAX_MS",
                1..=7 * 86_400_000,
                ms(d.backoff_cap),
            )?),
            poll: Duration::from_millis(number("GUICHET_WEBHOOK_POLL_MS", 10..=600_000, ms(d.poll))?),
            gap_watch: Duration::from_millis(number("GUICHET_GAP_WATCH_MS", 10..=86_400_000, ms(d.gap_watch))?),
        })
    }
}

/// A subscription to create, as read.
#[derive(Debug, Clone)]
pub struct NewSubscription {
    pub url: String,
    pub description: Option<String>,
    pub filter: Filter,
}

/// A list of strings (absent: empty), each checked by `check`.
fn list<T>(b: &mut Fields, name: &'static str, check: impl Fn(&str) -> Result<T, String>) -> Vec<T> {
    let Some(value) = b.value(name) else { return Vec::new() };
    let Some(items) = value.as_array() else {
        b.errors.push(FieldError::new(name, "expected a list of strings"));
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        match item.as_str().map(|s| check(s.trim())) {
            Some(Ok(v)) => out.push(v),
            Some(Err(message)) => b.errors.push(FieldError::new(name, message)),
            None => b.errors.push(FieldError::new(name, "expected a list of strings")),
        }
    }
    out
}

/// Reads `url` (http or https), `description`, and the filter lists `kinds`, `institutions`, `communes` (slugs of
/// the catalog) and `levels`, naming every bad field.
pub fn parse_subscription(state: &AppState, b: &mut Fields) -> Option<NewSubscription> {
    let s = state.catalog.load();
    let url = b.string("url", 2000);
    match &url {
        None if !b.errors.iter().any(|e| e.field == "url") => b.missing("url"),
        Some(u) if !(u.starts_with("https://") || u.starts_with("http://")) || u.contains(char::is_whitespace) => {
            b.errors.push(FieldError::new("url", "expected an http:// or https:// address"));
        }
        _ => {}
    }
    let description = b.free_text("description", 200);
    let kinds = list(b, "kinds", |k| k.parse::<EventKind>().map_err(|e| format!("`{k}`: {e}")));
    let levels = list(b, "levels", |l| l.parse::<Level>().map_err(|e| format!("`{l}`: {e}")));
    let institutions = list(b, "institutions", |i| {
        s.institution(i).map(|_| i.to_string()).ok_or_else(|| format!("no institution `{i}`"))
    });
    let communes =
        list(b, "communes", |c| s.commune(c).map(|_| c.to_string()).ok_or_else(|| format!("no commune `{c}`")));
    if !b.errors.is_empty() {
        return None;
    }
    Some(NewSubscription { url: url?, description, filter: Filter { kinds, institutions, communes, levels } })
}

/// Creates a subscription of the principal's organisation; the answer carries its secret, shown only now.
pub async fn create(state: &AppState, principal: &Principal, new: NewSubscription) -> Result<Subscription, AppError> {
    let secret = secret_of(&random_bytes::<24>());
    let organisation = principal.organisation_id;
    Ok(store::blocking(&state.pool, move |conn| {
        store::webhooks::create_subscription(
            conn,
            organisation,
            &new.url,
            &secret,
            new.description.as_deref(),
            &new.filter,
        )
    })
    .await?)
}

pub async fn list_subscriptions(state: &AppState, principal: &Principal) -> Result<Vec<Subscription>, AppError> {
    let organisation = principal.organisation_id;
    Ok(store::blocking(&state.pool, move |conn| store::webhooks::list_subscriptions(conn, organisation)).await?)
}

fn not_found(id: i64) -> AppError {
    AppError::NotFound { what: "webhook subscription", key: id.to_string() }
}

pub async fn delete(state: &AppState, principal: &Principal, id: i64) -> Result<(), AppError> {
    let organisation = principal.organisation_id;
    let deleted =
        store::blocking(&state.pool, move |conn| store::webhooks::delete_subscription(conn, organisation, id)).await?;
    if deleted { Ok(()) } else { Err(not_found(id)) }
}

/// A subscription's deliveries, newest first, with every attempt; and how many there are.
pub async fn deliveries(
    state: &AppState,
    principal: &Principal,
    id: i64,
    page: Pagination,
) -> Result<(Vec<DeliveryInfo>, i64), AppError> {
    let organisation = principal.organisation_id;
    let offset = i64::from(page.page - 1) * i64::from(page.per_page);
    let limit = i64::from(page.per_page);
    store::blocking(&state.pool, move |conn| {
        Ok(match store::webhooks::find_subscription(conn, organisation, id)? {
            None => None,
            Some(_) => Some(store::webhooks::list_deliveries(conn, id, offset, limit)?),
        })
    })
    .await?
    .ok_or_else(|| not_found(id))
}

/// Sends a delivery again now (same event id, a new chain of attempts).
pub async fn resend(state: &AppState, principal: &Principal, id: i64, delivery: i64) -> Result<(), AppError> {
    let organisation = principal.organisation_id;
    let found = store::blocking(&state.pool, move |conn| {
        Ok(match store::webhooks::find_subscription(conn, organisation, id)? {
            None => None,
            Some(_) => Some(store::webhooks::resend(conn, id, delivery)?),
        })
    })
    .await?;
    match found {
        None => Err(not_found(id)),
        Some(false) => Err(AppError::NotFound { what: "delivery", key: delivery.to_string() }),
        Some(true) => {
            state.webhook_wake.notify_one();
            Ok(())
        }
    }
}
