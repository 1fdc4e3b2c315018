//! Suggestions from the field: stored apart from the facts, followed with a tracking code.

use super::models::SourceRecord;
use super::schema::{channels, organisations, procedures, sources, suggestions};
use super::sql_types::Json;
use super::{DbConnection, StoreError};
use crate::domain::PartialDate;
use crate::domain::texts::Texts;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = suggestions)]
pub struct SuggestionRow {
    pub id: i64,
    pub tracking_code: String,
    pub channel_id: i64,
    pub fact: String,
    pub seen: String,
    pub seen_on: String,
    pub proposed: Option<String>,
    pub organisation_id: Option<i64>,
    pub state: String,
    pub reason: Option<String>,
    pub created_at: chrono::NaiveDateTime,
    pub decided_at: Option<chrono::NaiveDateTime>,
}

/// A new suggestion: the channel, the fact, what was seen and when, and who (kept, never shown publicly).
#[derive(Debug, Clone)]
pub struct NewSuggestion {
    pub channel_id: i64,
    pub fact: String,
    pub seen: String,
    pub seen_on: String,
    pub proposed: Option<String>,
    pub organisation_id: Option<i64>,
    pub actor: Option<(&'static str, i64)>,
}

/// Stores a suggestion under a new tracking code; returns it.
pub fn create(conn: &mut DbConnection, new: &NewSuggestion) -> Result<SuggestionRow, StoreError> {
    let code = super::complaints::new_tracking_code();
    super::write_transaction(conn, |conn| {
        diesel::insert_into(suggestions::table)
            .values((
                suggestions::tracking_code.eq(&code),
                suggestions::channel_id.eq(new.channel_id),
                suggestions::fact.eq(&new.fact),
                suggestions::seen.eq(&new.seen),
                suggestions::seen_on.eq(&new.seen_on),
                suggestions::proposed.eq(&new.proposed),
                suggestions::organisation_id.eq(new.organisation_id),
                suggestions::actor_kind.eq(new.actor.map(|a| a.0)),
                suggestions::actor_id.eq(new.actor.map(|a| a.1)),
                suggestions::state.eq("pending"),
                suggestions::created_at.eq(super::now()),
            ))
            .execute(conn)?;
        suggestions::table.filter(suggestions::tracking_code.eq(&code)).select(SuggestionRow::as_select()).first(conn)
    })
    .map_err(StoreError::from)
}

pub fn find(conn: &mut DbConnection, code: &str) -> QueryResult<Option<SuggestionRow>> {
    suggestions::table
        .filter(suggestions::tracking_code.eq(code))
        .select(SuggestionRow::as_select())
        .first(conn)
        .optional()
}

/// The name of the organisation a suggestion came from (for the source of an accepted one).
pub fn organisation_name(conn: &mut DbConnection, id: Option<i64>) -> QueryResult<Option<String>> {
    match id {
        Some(id) => organisations::table.find(id).select(organisations::name).first(conn).optional(),
        None => Ok(None),
    }
}

/// A suggestion in the queue, with its organisation's name.
pub type Queued = (SuggestionRow, Option<String>);

/// A page of the queue: suggestions in `state`, of channels of `institutions` (all when `None`), oldest first,
/// each with its organisation's name; and the total.
pub fn queue(
    conn: &mut DbConnection,
    state: &str,
    institutions: Option<&[i64]>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<Queued>, i64), StoreError> {
    let base = || {
        let mut q = suggestions::table
            .inner_join(channels::table.inner_join(procedures::table))
            .left_join(organisations::table)
            .filter(suggestions::state.eq(state.to_string()))
            .into_boxed();
        if let Some(ids) = institutions {
            q = q.filter(procedures::institution_id.eq_any(ids.to_vec()));
        }
        q
    };
    let total: i64 = base().count().get_result(conn)?;
    let rows = base()
        .order(suggestions::id)
        .offset(offset)
        .limit(limit)
        .select((SuggestionRow::as_select(), organisations::name.nullable()))
        .load(conn)?;
    Ok((rows, total))
}

/// Decides a pending suggestion (inside the caller's transaction); false when it was no longer pending.
pub fn decide(
    conn: &mut DbConnection,
    id: i64,
    state: &str,
    reason: Option<&str>,
    source_id: Option<i64>,
    at: chrono::NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(suggestions::table.find(id).filter(suggestions::state.eq("pending")))
        .set((
            suggestions::state.eq(state),
            suggestions::reason.eq(reason),
            suggestions::source_id.eq(source_id),
            suggestions::decided_at.eq(Some(at)),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Adds the source of an accepted suggestion ("reported by … on …", dated the day it was seen); returns its id.
pub fn add_source(conn: &mut DbConnection, key: &str, title: Texts, seen_on: PartialDate) -> QueryResult<i64> {
    let record = SourceRecord {
        key: key.to_string(),
        title: Json(title),
        url: None,
        // The record of the suggestion is the document (a catalog source needs a URL or a document).
        document: Some(format!("guichet, {key}")),
        fact_date: Some(seen_on),
        read_on: None,
        uncertain: false,
        original_title: None,
        marks: Json(Vec::new()),
        note: None,
        // No catalog file defines it: `guichet export` puts it in the shared `sources.toml`.
        defined_in: None,
    };
    diesel::insert_into(sources::table).values((&record, sources::updated_at.eq(super::now()))).execute(conn)?;
    sources::table.filter(sources::key.eq(key)).select(sources::id).first(conn)
}
