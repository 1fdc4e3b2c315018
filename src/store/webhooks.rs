//! Webhooks in the database: subscriptions, the outbox (`enqueue`, called inside the transaction of the change an
//! event tells of, so the event exists exactly when the change does), one delivery per event and subscriber,
//! claimed by one worker at a time (`claim`: a compare-and-set on `claimed_until`, so two instances on one
//! PostgreSQL never send the same attempt), and every attempt logged.

use super::schema::{
    channels, communes, institutions, procedures, webhook_attempts, webhook_deliveries, webhook_events,
    webhook_subscriptions,
};
use super::sql_types::Json;
use super::tokens::random_bytes;
use super::{DbConnection, StoreError, now};
use crate::domain::webhooks::{Filter, Topic};
use crate::domain::{ChannelKind, DeliveryState, EventKind, Level};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

/// A subscription as stored (the secret included: every attempt is signed with it; never shown again).
#[derive(Debug, Clone)]
pub struct Subscription {
    pub id: i64,
    pub url: String,
    pub secret: String,
    pub description: Option<String>,
    pub filter: Filter,
    pub created_at: NaiveDateTime,
}

type SubscriptionRow = (
    i64,
    String,
    String,
    Option<String>,
    Json<Vec<EventKind>>,
    Json<Vec<String>>,
    Json<Vec<String>>,
    Json<Vec<Level>>,
    NaiveDateTime,
);

fn subscription(
    (id, url, secret, description, kinds, institutions, communes, levels, created_at): SubscriptionRow,
) -> Subscription {
    let filter = Filter { kinds: kinds.0, institutions: institutions.0, communes: communes.0, levels: levels.0 };
    Subscription { id, url, secret, description, filter, created_at }
}

macro_rules! subscription_columns {
    () => {
        (
            webhook_subscriptions::id,
            webhook_subscriptions::url,
            webhook_subscriptions::secret,
            webhook_subscriptions::description,
            webhook_subscriptions::kinds,
            webhook_subscriptions::institutions,
            webhook_subscriptions::communes,
            webhook_subscriptions::levels,
            webhook_subscriptions::created_at,
        )
    };
}

/// Stores a subscription of the organisation; returns it.
pub fn create_subscription(
    conn: &mut DbConnection,
    organisation_id: i64,
    url: &str,
    secret: &str,
    description: Option<&str>,
    filter: &Filter,
) -> Result<Subscription, StoreError> {
    Ok(super::write_transaction(conn, |conn| {
        diesel::insert_into(webhook_subscriptions::table)
            .values((
                webhook_subscriptions::organisation_id.eq(organisation_id),
                webhook_subscriptions::url.eq(url),
                webhook_subscriptions::secret.eq(secret),
                webhook_subscriptions::description.eq(description),
                webhook_subscriptions::kinds.eq(Json(filter.kinds.clone())),
                webhook_subscriptions::institutions.eq(Json(filter.institutions.clone())),
                webhook_subscriptions::communes.eq(Json(filter.communes.clone())),
                webhook_subscriptions::levels.eq(Json(filter.levels.clone())),
                webhook_subscriptions::created_at.eq(now()),
            ))
            .execute(conn)?;
        // The secret is random: it finds the row just written.
        webhook_subscriptions::table
            .filter(webhook_subscriptions::secret.eq(secret))
            .select(subscription_columns!())
            .first::<SubscriptionRow>(conn)
            .map(subscription)
    })?)
}

/// The organisation's live subscriptions, oldest first.
pub fn list_subscriptions(conn: &mut DbConnection, organisation_id: i64) -> Result<Vec<Subscription>, StoreError> {
    let rows: Vec<SubscriptionRow> = webhook_subscriptions::table
        .filter(webhook_subscriptions::organisation_id.eq(organisation_id))
        .filter(webhook_subscriptions::deleted_at.is_null())
        .order(webhook_subscriptions::id)
        .select(subscription_columns!())
        .load(conn)?;
    Ok(rows.into_iter().map(subscription).collect())
}

/// One of the organisation's live subscriptions.
pub fn find_subscription(
    conn: &mut DbConnection,
    organisation_id: i64,
    id: i64,
) -> Result<Option<Subscription>, StoreError> {
    let row: Option<SubscriptionRow> = webhook_subscriptions::table
        .find(id)
        .filter(webhook_subscriptions::organisation_id.eq(organisation_id))
        .filter(webhook_subscriptions::deleted_at.is_null())
        .select(subscription_columns!())
        .first(conn)
        .optional()?;
    Ok(row.map(subscription))
}

/// Deletes one of the organisation's subscriptions: it gets no more events, its pending deliveries are cancelled,
/// its log is kept. False when there is no such live subscription.
pub fn delete_subscription(conn: &mut DbConnection, organisation_id: i64, id: i64) -> Result<bool, StoreError> {
    Ok(super::write_transaction(conn, |conn| {
        let n = diesel::update(
            webhook_subscriptions::table
                .find(id)
                .filter(webhook_subscriptions::organisation_id.eq(organisation_id))
                .filter(webhook_subscriptions::deleted_at.is_null()),
        )
        .set(webhook_subscriptions::deleted_at.eq(Some(now())))
        .execute(conn)?;
        if n == 1 {
            diesel::update(
                webhook_deliveries::table
                    .filter(webhook_deliveries::subscription_id.eq(id))
                    .filter(webhook_deliveries::state.eq(DeliveryState::Pending)),
            )
            .set(webhook_deliveries::state.eq(DeliveryState::Cancelled))
            .execute(conn)?;
        }
        Ok::<_, diesel::result::Error>(n == 1)
    })?)
}

/// What an event is about, as its body says it (`subject`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Subject {
    pub institution: String,
    pub level: Level,
    /// The commune of a communal body; `None` for a body that serves every commune.
    pub commune: Option<String>,
    pub procedure: String,
    /// The channel (`/api/v1/channels/{id}`), when the event is about one.
    pub channel_id: Option<i64>,
    pub channel_key: Option<String>,
    pub channel_kind: Option<ChannelKind>,
}

/// The subject of an event about a channel.
pub fn channel_subject(conn: &mut DbConnection, channel_id: i64) -> QueryResult<Option<Subject>> {
    let row: Option<(i64, String, ChannelKind)> = channels::table
        .find(channel_id)
        .select((channels::procedure_id, channels::key, channels::kind))
        .first(conn)
        .optional()?;
    let Some((procedure_id, key, kind)) = row else { return Ok(None) };
    Ok(procedure_subject(conn, procedure_id)?.map(|s| Subject {
        channel_id: Some(channel_id),
        channel_key: Some(key),
        channel_kind: Some(kind),
        ..s
    }))
}

/// The subject of an event about a procedure.
pub fn procedure_subject(conn: &mut DbConnection, procedure_id: i64) -> QueryResult<Option<Subject>> {
    let row: Option<(String, String, Level, Option<i64>)> = procedures::table
        .inner_join(institutions::table)
        .filter(procedures::id.eq(procedure_id))
        .select((procedures::slug, institutions::slug, institutions::level, institutions::commune_id))
        .first(conn)
        .optional()?;
    let Some((procedure, institution, level, commune_id)) = row else { return Ok(None) };
    let commune = match commune_id {
        Some(id) => communes::table.find(id).select(communes::slug).first(conn).optional()?,
        None => None,
    };
    Ok(Some(Subject {
        institution,
        level,
        commune,
        procedure,
        channel_id: None,
        channel_key: None,
        channel_kind: None,
    }))
}

/// A live subscription's id and filter lists.
type FilterRow = (i64, Json<Vec<EventKind>>, Json<Vec<String>>, Json<Vec<String>>, Json<Vec<Level>>);

/// What an event is about: the subject is read from it inside the transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    Channel(i64),
    Procedure(i64),
}

/// The outbox: stores the event and one pending delivery per live subscription whose filter wants it, in the
/// caller's transaction (call it inside the write that causes the event). With no live subscription this is one
/// small query and nothing is stored. Returns the number of deliveries.
pub fn enqueue(conn: &mut DbConnection, kind: EventKind, about: About, data: &serde_json::Value) -> QueryResult<usize> {
    let live: Vec<FilterRow> = webhook_subscriptions::table
        .filter(webhook_subscriptions::deleted_at.is_null())
        .select((
            webhook_subscriptions::id,
            webhook_subscriptions::kinds,
            webhook_subscriptions::institutions,
            webhook_subscriptions::communes,
            webhook_subscriptions::levels,
        ))
        .load(conn)?;
    if live.is_empty() {
        return Ok(0);
    }
    let subject = match about {
        About::Channel(id) => channel_subject(conn, id)?,
        About::Procedure(id) => procedure_subject(conn, id)?,
    };
    let Some(subject) = subject else { return Ok(0) };
    let topic =
        Topic { kind, institution: &subject.institution, level: subject.level, commune: subject.commune.as_deref() };
    let wanted: Vec<i64> = live
        .into_iter()
        .filter(|(_, k, i, c, l)| {
            Filter { kinds: k.0.clone(), institutions: i.0.clone(), communes: c.0.clone(), levels: l.0.clone() }
                .matches(&topic)
        })
        .map(|(id, ..)| id)
        .collect();
    if wanted.is_empty() {
        return Ok(0);
    }
    let at = now();
    let event_id = format!("evt_{}", random_bytes::<16>().iter().map(|b| format!("{b:02x}")).collect::<String>());
    let body = serde_json::json!({
        "id": event_id,
        "kind": kind,
        "timestamp": at.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "subject": subject,
        "data": data,
    })
    .to_string();
    diesel::insert_into(webhook_events::table)
        .values((
            webhook_events::event_id.eq(&event_id),
            webhook_events::kind.eq(kind),
            webhook_events::body.eq(&body),
            webhook_events::created_at.eq(at),
        ))
        .execute(conn)?;
    let id: i64 =
        webhook_events::table.filter(webhook_events::event_id.eq(&event_id)).select(webhook_events::id).first(conn)?;
    for subscription in &wanted {
        diesel::insert_into(webhook_deliveries::table)
            .values((
                webhook_deliveries::subscription_id.eq(subscription),
                webhook_deliveries::event_id.eq(id),
                webhook_deliveries::state.eq(DeliveryState::Pending),
                webhook_deliveries::attempts.eq(0),
                webhook_deliveries::next_attempt_at.eq(at),
                webhook_deliveries::created_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(wanted.len())
}

/// Pending deliveries due at `at` and not claimed by a live claim, oldest first.
pub fn due(conn: &mut DbConnection, at: NaiveDateTime, limit: i64) -> Result<Vec<i64>, StoreError> {
    Ok(webhook_deliveries::table
        .filter(webhook_deliveries::state.eq(DeliveryState::Pending))
        .filter(webhook_deliveries::next_attempt_at.le(at))
        .filter(webhook_deliveries::claimed_until.is_null().or(webhook_deliveries::claimed_until.lt(at)))
        .order(webhook_deliveries::next_attempt_at)
        .limit(limit)
        .select(webhook_deliveries::id)
        .load(conn)?)
}

/// Claims a due delivery until `until` under `claim` (a compare-and-set: of two workers, one wins).
pub fn claim(
    conn: &mut DbConnection,
    id: i64,
    claim: &str,
    at: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<bool, StoreError> {
    let n = diesel::update(
        webhook_deliveries::table
            .find(id)
            .filter(webhook_deliveries::state.eq(DeliveryState::Pending))
            .filter(webhook_deliveries::next_attempt_at.le(at))
            .filter(webhook_deliveries::claimed_until.is_null().or(webhook_deliveries::claimed_until.lt(at))),
    )
    .set((webhook_deliveries::claimed_until.eq(Some(until)), webhook_deliveries::claim.eq(Some(claim))))
    .execute(conn)?;
    Ok(n == 1)
}

/// What one attempt sends.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub delivery_id: i64,
    /// Failed attempts so far in this chain (since creation or the last re-send).
    pub failures: i32,
    pub url: String,
    pub secret: String,
    pub event_id: String,
    pub body: String,
}

/// What a claimed delivery sends; `None` when its subscription was deleted meanwhile.
pub fn outgoing(conn: &mut DbConnection, id: i64) -> Result<Option<Outgoing>, StoreError> {
    let row: Option<(i32, String, String, String, String)> = webhook_deliveries::table
        .inner_join(webhook_subscriptions::table)
        .inner_join(webhook_events::table)
        .filter(webhook_deliveries::id.eq(id))
        .filter(webhook_subscriptions::deleted_at.is_null())
        .select((
            webhook_deliveries::attempts,
            webhook_subscriptions::url,
            webhook_subscriptions::secret,
            webhook_events::event_id,
            webhook_events::body,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(failures, url, secret, event_id, body)| Outgoing {
        delivery_id: id,
        failures,
        url,
        secret,
        event_id,
        body,
    }))
}

/// How an attempt ended, and so what becomes of its delivery.
#[derive(Debug, Clone, PartialEq)]
pub enum AttemptEnd {
    Delivered,
    /// Failed; tried again at this instant.
    Retry(NaiveDateTime),
    /// Failed for the last time.
    Dead,
}

/// One attempt as logged.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub at: NaiveDateTime,
    pub status: Option<u16>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

/// Logs an attempt and moves its delivery on, releasing the claim (only the claim's holder does).
pub fn record_attempt(
    conn: &mut DbConnection,
    id: i64,
    holder: &str,
    attempt: &Attempt,
    end: &AttemptEnd,
) -> Result<(), StoreError> {
    super::write_transaction(conn, |conn| {
        let logged: i64 =
            webhook_attempts::table.filter(webhook_attempts::delivery_id.eq(id)).count().get_result(conn)?;
        diesel::insert_into(webhook_attempts::table)
            .values((
                webhook_attempts::delivery_id.eq(id),
                webhook_attempts::number.eq(i32::try_from(logged + 1).unwrap_or(i32::MAX)),
                webhook_attempts::at.eq(attempt.at),
                webhook_attempts::status.eq(attempt.status.map(i32::from)),
                webhook_attempts::error.eq(&attempt.error),
                webhook_attempts::duration_ms.eq(attempt.duration_ms),
            ))
            .execute(conn)?;
        let mine = webhook_deliveries::table.find(id).filter(webhook_deliveries::claim.eq(holder));
        let release =
            (webhook_deliveries::claimed_until.eq(None::<NaiveDateTime>), webhook_deliveries::claim.eq(None::<String>));
        match end {
            AttemptEnd::Delivered => diesel::update(mine)
                .set((
                    webhook_deliveries::state.eq(DeliveryState::Delivered),
                    webhook_deliveries::delivered_at.eq(Some(attempt.at)),
                    release,
                ))
                .execute(conn)?,
            AttemptEnd::Retry(next) => diesel::update(mine)
                .set((
                    webhook_deliveries::attempts.eq(webhook_deliveries::attempts + 1),
                    webhook_deliveries::next_attempt_at.eq(next),
                    release,
                ))
                .execute(conn)?,
            AttemptEnd::Dead => diesel::update(mine)
                .set((
                    webhook_deliveries::state.eq(DeliveryState::Dead),
                    webhook_deliveries::attempts.eq(webhook_deliveries::attempts + 1),
                    release,
                ))
                .execute(conn)?,
        };
        Ok::<_, diesel::result::Error>(())
    })?;
    Ok(())
}

/// A delivery and its attempts, for the log.
#[derive(Debug, Clone)]
pub struct DeliveryInfo {
    pub id: i64,
    pub event_id: String,
    pub kind: EventKind,
    pub state: DeliveryState,
    pub failures: i32,
    pub next_attempt_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
    pub attempts: Vec<AttemptInfo>,
}

#[derive(Debug, Clone)]
pub struct AttemptInfo {
    pub number: i32,
    pub at: NaiveDateTime,
    pub status: Option<i32>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

/// Delivery id, number, time, status, error, duration.
type AttemptRow = (i64, i32, NaiveDateTime, Option<i32>, Option<String>, i64);

type DeliveryRow = (i64, String, EventKind, DeliveryState, i32, NaiveDateTime, NaiveDateTime, Option<NaiveDateTime>);

/// A subscription's deliveries, newest first, `limit` from `offset`, with their attempts; and how many there are.
pub fn list_deliveries(
    conn: &mut DbConnection,
    subscription_id: i64,
    offset: i64,
    limit: i64,
) -> Result<(Vec<DeliveryInfo>, i64), StoreError> {
    let total: i64 = webhook_deliveries::table
        .filter(webhook_deliveries::subscription_id.eq(subscription_id))
        .count()
        .get_result(conn)?;
    let rows: Vec<DeliveryRow> = webhook_deliveries::table
        .inner_join(webhook_events::table)
        .filter(webhook_deliveries::subscription_id.eq(subscription_id))
        .order(webhook_deliveries::id.desc())
        .offset(offset)
        .limit(limit)
        .select((
            webhook_deliveries::id,
            webhook_events::event_id,
            webhook_events::kind,
            webhook_deliveries::state,
            webhook_deliveries::attempts,
            webhook_deliveries::next_attempt_at,
            webhook_deliveries::created_at,
            webhook_deliveries::delivered_at,
        ))
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let attempts: Vec<AttemptRow> = webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq_any(&ids))
        .order(webhook_attempts::id)
        .select((
            webhook_attempts::delivery_id,
            webhook_attempts::number,
            webhook_attempts::at,
            webhook_attempts::status,
            webhook_attempts::error,
            webhook_attempts::duration_ms,
        ))
        .load(conn)?;
    let items = rows
        .into_iter()
        .map(|(id, event_id, kind, state, failures, next_attempt_at, created_at, delivered_at)| DeliveryInfo {
            id,
            event_id,
            kind,
            state,
            failures,
            next_attempt_at,
            created_at,
            delivered_at,
            attempts: attempts
                .iter()
                .filter(|a| a.0 == id)
                .map(|(_, number, at, status, error, duration_ms)| AttemptInfo {
                    number: *number,
                    at: *at,
                    status: *status,
                    error: error.clone(),
                    duration_ms: *duration_ms,
                })
                .collect(),
        })
        .collect();
    Ok((items, total))
}

/// Sends a delivery of this subscription again, now, with the same event id (a new chain of attempts: its
/// failures start from zero). False when the subscription has no such delivery; a delivery already pending is
/// left as it is (true).
pub fn resend(conn: &mut DbConnection, subscription_id: i64, delivery_id: i64) -> Result<bool, StoreError> {
    Ok(super::write_transaction(conn, |conn| {
        let state: Option<DeliveryState> = webhook_deliveries::table
            .find(delivery_id)
            .filter(webhook_deliveries::subscription_id.eq(subscription_id))
            .select(webhook_deliveries::state)
            .first(conn)
            .optional()?;
        match state {
            None => Ok::<_, diesel::result::Error>(false),
            Some(DeliveryState::Pending) => Ok(true),
            Some(_) => {
                diesel::update(webhook_deliveries::table.find(delivery_id))
                    .set((
                        webhook_deliveries::state.eq(DeliveryState::Pending),
                        webhook_deliveries::attempts.eq(0),
                        webhook_deliveries::next_attempt_at.eq(now()),
                        webhook_deliveries::claimed_until.eq(None::<NaiveDateTime>),
                        webhook_deliveries::claim.eq(None::<String>),
                        webhook_deliveries::delivered_at.eq(None::<NaiveDateTime>),
                    ))
                    .execute(conn)?;
                Ok(true)
            }
        }
    })?)
}

/// Whether any live subscription exists (the worker sleeps longer when none does).
pub fn any_subscription(conn: &mut DbConnection) -> QueryResult<bool> {
    let n: i64 =
        webhook_subscriptions::table.filter(webhook_subscriptions::deleted_at.is_null()).count().get_result(conn)?;
    Ok(n > 0)
}
