//! Storing observations, with `Idempotency-Key` replay, and reading them back for the observed index.

use super::schema::{communes, idempotency_keys, observations, observed_transitions, organisations};
use super::{DbConnection, StoreError, now};
use crate::domain::{FailureReason, ObservedState, Outcome};
use diesel::prelude::*;
use diesel::result::Error as DieselError;

#[derive(Debug, Clone, PartialEq, Insertable, Queryable, Selectable)]
#[diesel(table_name = observations)]
pub struct ObservationRecord {
    pub channel_id: i64,
    pub organisation_id: i64,
    pub occurred_at: chrono::NaiveDateTime,
    pub outcome: Outcome,
    pub minutes_spent: i32,
    pub on_behalf: bool,
    pub failure_reason: Option<FailureReason>,
    pub wait_minutes: Option<i32>,
    pub reporter_role: Option<String>,
    pub comment: Option<String>,
}

/// A change of observed state caused by a write, stored with it.
#[derive(Debug, Clone, PartialEq, Insertable, Queryable, Selectable)]
#[diesel(table_name = observed_transitions)]
pub struct TransitionRecord {
    pub channel_id: i64,
    pub state: ObservedState,
    pub observations: i32,
    pub complaints: i32,
    pub at: chrono::NaiveDateTime,
}

/// Stores a change of observed state, and its `observed_state.changed` event in the outbox (same transaction).
pub fn insert_transition(conn: &mut DbConnection, t: &TransitionRecord) -> QueryResult<()> {
    let from: Option<ObservedState> = observed_transitions::table
        .filter(observed_transitions::channel_id.eq(t.channel_id))
        .order(observed_transitions::id.desc())
        .select(observed_transitions::state)
        .first(conn)
        .optional()?;
    diesel::insert_into(observed_transitions::table).values(t).execute(conn)?;
    let data = serde_json::json!({
        "from": from.unwrap_or(ObservedState::Unknown),
        "to": t.state,
        "observations": t.observations,
        "complaints": t.complaints,
        "at": t.at.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    });
    let about = super::webhooks::About::Channel(t.channel_id);
    super::webhooks::enqueue(conn, crate::domain::EventKind::ObservedStateChanged, about, &data)?;
    Ok(())
}

/// The state of the channel's last stored transition, read inside a write transaction and under the channel's
/// write lock, so that two concurrent writes can never both decide the same transition: on SQLite the
/// transaction holds the database's write lock from `BEGIN IMMEDIATE`; on PostgreSQL a transaction-scoped
/// advisory lock on the channel serialises the writers of every instance until commit.
pub fn last_transition_state(conn: &mut DbConnection, channel_id: i64) -> QueryResult<Option<ObservedState>> {
    lock_channels(conn, &[channel_id])?;
    observed_transitions::table
        .filter(observed_transitions::channel_id.eq(channel_id))
        .order(observed_transitions::id.desc())
        .select(observed_transitions::state)
        .first(conn)
        .optional()
}

/// Takes the write lock of these channels until the transaction ends. On PostgreSQL, a transaction-scoped
/// advisory lock per channel (class 4711002; 4711001 is the migrations' lock), taken in ascending order of key so
/// that two writers of several channels each — in this instance or another — never wait for each other in a
/// circle; on SQLite, `BEGIN IMMEDIATE` already holds the whole database's.
pub fn lock_channels(conn: &mut DbConnection, channel_ids: &[i64]) -> QueryResult<()> {
    let mut keys: Vec<i32> =
        channel_ids.iter().map(|id| i32::try_from(id.rem_euclid(i64::from(i32::MAX))).unwrap_or(0)).collect();
    keys.sort_unstable();
    keys.dedup();
    super::db_run!(conn,
        postgres pg => {
            // One round trip; the ordered subquery feeds the locks one key after the other.
            diesel::sql_query(
                "SELECT count(pg_advisory_xact_lock(4711002, k)) AS n FROM (SELECT unnest($1::int4[]) AS k ORDER BY 1) s",
            )
            .bind::<diesel::sql_types::Array<diesel::sql_types::Integer>, _>(keys)
            .execute(pg)
            .map(drop)
        },
        sqlite _s => Ok(())
    )
}

/// The state of the last stored transition of each of these channels that has one (under their write lock:
/// [`lock_channels`] first).
pub fn last_transition_states(
    conn: &mut DbConnection,
    channel_ids: &[i64],
) -> QueryResult<std::collections::HashMap<i64, ObservedState>> {
    let t = diesel::alias!(observed_transitions as last_of_channel);
    let last = t
        .filter(t.field(observed_transitions::channel_id).eq_any(channel_ids.to_vec()))
        .group_by(t.field(observed_transitions::channel_id))
        .select(diesel::dsl::max(t.field(observed_transitions::id)));
    let rows: Vec<(i64, ObservedState)> = observed_transitions::table
        .filter(observed_transitions::id.nullable().eq_any(last))
        .select((observed_transitions::channel_id, observed_transitions::state))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// Every stored transition, oldest first.
pub fn load_transitions(conn: &mut DbConnection) -> Result<Vec<TransitionRecord>, StoreError> {
    Ok(observed_transitions::table.order(observed_transitions::id).select(TransitionRecord::as_select()).load(conn)?)
}

/// How many observations each channel has (by the `observations_channel` index), to size the read model's
/// evidence before it is loaded.
pub fn count_observations_by_channel(conn: &mut DbConnection) -> Result<Vec<(i64, i64)>, StoreError> {
    Ok(observations::table
        .group_by(observations::channel_id)
        .select((observations::channel_id, diesel::dsl::count_star()))
        .order(observations::channel_id)
        .load(conn)?)
}

/// The request hash and response stored with an `Idempotency-Key` of this organisation, if it was seen.
pub fn find_idempotent(
    conn: &mut DbConnection,
    organisation_id: i64,
    key: &str,
) -> QueryResult<Option<(String, String)>> {
    idempotency_keys::table
        .find((organisation_id, key))
        .select((idempotency_keys::request_hash, idempotency_keys::response))
        .first(conn)
        .optional()
}

/// Remembers the response to a request with an `Idempotency-Key` (the key is the primary key: a concurrent
/// request with the same key fails with a unique violation).
pub fn insert_idempotency(
    conn: &mut DbConnection,
    organisation_id: i64,
    key: &str,
    request_hash: &str,
    response: &str,
    at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::organisation_id.eq(organisation_id),
            idempotency_keys::key.eq(key),
            idempotency_keys::request_hash.eq(request_hash),
            idempotency_keys::response.eq(response),
            idempotency_keys::created_at.eq(at),
        ))
        .execute(conn)
        .map(drop)
}

/// Stores one observation; returns its id.
pub fn insert_observation(
    conn: &mut DbConnection,
    record: &ObservationRecord,
    at: chrono::NaiveDateTime,
) -> QueryResult<i64> {
    let values = (record, observations::recorded_at.eq(at));
    // MultiConnection has no RETURNING: ask each backend its own way.
    super::db_run!(conn,
        postgres pg => diesel::insert_into(observations::table).values(values).returning(observations::id).get_result(pg),
        sqlite sqlite => {
            diesel::insert_into(observations::table).values(values).execute(sqlite)?;
            diesel::select(last_insert_rowid()).get_result(sqlite)
        }
    )
}

diesel::define_sql_function!(fn last_insert_rowid() -> diesel::sql_types::BigInt);

#[derive(QueryableByName)]
struct ReservedId {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
}

/// PostgreSQL: `n` new observation ids from the table's sequence, ascending, for [`insert_observations`] (one
/// round trip for a whole group instead of one per observation); `None` on SQLite, where each observation is
/// inserted by itself (in-process, no round trip to save). An id taken and not used leaves a gap, as a rolled
/// back insert would.
pub fn reserve_ids(conn: &mut DbConnection, n: usize) -> QueryResult<Option<Vec<i64>>> {
    let Some(pg) = super::db_run!(conn, postgres pg => Some(pg), sqlite _s => None) else { return Ok(None) };
    let n = i32::try_from(n).unwrap_or(i32::MAX);
    let mut ids: Vec<i64> = diesel::sql_query(
        "SELECT nextval(pg_get_serial_sequence('observations', 'id')) AS id FROM generate_series(1, $1)",
    )
    .bind::<diesel::sql_types::Integer, _>(n)
    .load::<ReservedId>(pg)?
    .into_iter()
    .map(|r| r.id)
    .collect();
    ids.sort_unstable();
    Ok(Some(ids))
}

/// Stores observations under ids from [`reserve_ids`], in one statement (PostgreSQL; on SQLite one by one).
pub fn insert_observations(
    conn: &mut DbConnection,
    rows: &[(i64, ObservationRecord)],
    at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    let values: Vec<_> =
        rows.iter().map(|(id, record)| (observations::id.eq(*id), record, observations::recorded_at.eq(at))).collect();
    super::db_run!(conn,
        postgres pg => diesel::insert_into(observations::table).values(values).execute(pg).map(drop),
        sqlite sqlite => values.into_iter().try_for_each(|v| diesel::insert_into(observations::table).values(v).execute(sqlite).map(drop))
    )
}

/// An observation as the read model loads it (its free texts and wait left out; `recorded_at` only when asked).
pub struct StoredObservation {
    pub id: i64,
    pub record: ObservationRecord,
    pub recorded_at: chrono::NaiveDateTime,
}

/// Organisation id → (name, commune slug).
pub fn load_organisations(
    conn: &mut DbConnection,
) -> Result<std::collections::HashMap<i64, (String, Option<String>)>, StoreError> {
    let orgs: Vec<(i64, String, Option<i64>)> =
        organisations::table.select((organisations::id, organisations::name, organisations::commune_id)).load(conn)?;
    let commune_slugs: std::collections::HashMap<i64, String> =
        communes::table.select((communes::id, communes::slug)).load::<(i64, String)>(conn)?.into_iter().collect();
    Ok(orgs
        .into_iter()
        .map(|(id, name, commune)| (id, (name, commune.and_then(|c| commune_slugs.get(&c).cloned()))))
        .collect())
}

/// Up to `limit` observations with an id above `after`, in id (recording) order.
pub fn load_observations_page(
    conn: &mut DbConnection,
    after: i64,
    limit: i64,
    with_recorded_at: bool,
) -> Result<Vec<StoredObservation>, StoreError> {
    type Facts = (i64, i64, chrono::NaiveDateTime, Outcome, i32, bool, Option<FailureReason>);
    let facts = (
        observations::channel_id,
        observations::organisation_id,
        observations::occurred_at,
        observations::outcome,
        observations::minutes_spent,
        observations::on_behalf,
        observations::failure_reason,
    );
    // The read model needs neither the free texts nor the wait: they are not read, so a million strings are not
    // made at start-up. The recording time only orders complaints among observations: without complaints it is
    // not read either (a million timestamps less to parse).
    let page = observations::table.filter(observations::id.gt(after)).order(observations::id).limit(limit);
    let rows: Vec<(i64, chrono::NaiveDateTime, Facts)> = if with_recorded_at {
        page.select((observations::id, observations::recorded_at, facts)).load(conn)?
    } else {
        let rows: Vec<(i64, Facts)> = page.select((observations::id, facts)).load(conn)?;
        rows.into_iter().map(|(id, f)| (id, chrono::NaiveDateTime::MIN, f)).collect()
    };
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                recorded_at,
                (channel_id, organisation_id, occurred_at, outcome, minutes_spent, on_behalf, reason),
            )| {
                let record = ObservationRecord {
                    channel_id,
                    organisation_id,
                    occurred_at,
                    outcome,
                    minutes_spent,
                    on_behalf,
                    failure_reason: reason,
                    wait_minutes: None,
                    reporter_role: None,
                    comment: None,
                };
                StoredObservation { id, record, recorded_at }
            },
        )
        .collect())
}

/// The organisation's id by name.
pub fn find_organisation(conn: &mut DbConnection, name: &str) -> Result<Option<(i64, Option<String>)>, StoreError> {
    let row: Option<(i64, Option<i64>)> = organisations::table
        .filter(organisations::name.eq(name))
        .select((organisations::id, organisations::commune_id))
        .first(conn)
        .optional()?;
    let Some((id, commune)) = row else { return Ok(None) };
    let slug = match commune {
        Some(c) => communes::table.find(c).select(communes::slug).first(conn).optional()?,
        None => None,
    };
    Ok(Some((id, slug)))
}

/// Stores many observations in one transaction (paper questionnaires): all or none.
pub fn record_many(conn: &mut DbConnection, records: &[ObservationRecord]) -> Result<Vec<i64>, StoreError> {
    Ok(super::write_transaction(conn, |conn| {
        let at = now();
        let ids = records.iter().map(|r| insert_observation(conn, r, at)).collect::<QueryResult<Vec<i64>>>()?;
        super::sync::notify(conn, &super::sync::Change::Reload)?;
        Ok::<_, DieselError>(ids)
    })?)
}

/// One stored observation by id, with its organisation's name and commune (for another instance's notification).
pub fn find_observation(
    conn: &mut DbConnection,
    id: i64,
) -> Result<Option<(StoredObservation, String, Option<String>)>, StoreError> {
    let row: Option<(chrono::NaiveDateTime, ObservationRecord)> = observations::table
        .find(id)
        .select((observations::recorded_at, ObservationRecord::as_select()))
        .first(conn)
        .optional()?;
    let Some((recorded_at, record)) = row else { return Ok(None) };
    let (name, commune): (String, Option<i64>) = organisations::table
        .find(record.organisation_id)
        .select((organisations::name, organisations::commune_id))
        .first(conn)?;
    let organisation_commune = match commune {
        Some(c) => communes::table.find(c).select(communes::slug).first(conn).optional()?,
        None => None,
    };
    Ok(Some((StoredObservation { id, record, recorded_at }, name, organisation_commune)))
}
