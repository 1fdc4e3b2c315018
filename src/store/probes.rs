//! Probes of online channels: each fetch of a channel's page, stored in the transaction of any observed transition
//! it causes (`app::probes`), listed per channel, and pruned past a retention so the table stays bounded.

use super::schema::probes;
use super::{DbConnection, StoreError};
use crate::domain::ProbeOutcome;
use diesel::prelude::*;

/// One probe as stored.
#[derive(Debug, Clone, PartialEq, Insertable, Queryable, Selectable)]
#[diesel(table_name = probes)]
pub struct ProbeRecord {
    pub channel_id: i64,
    pub at: chrono::NaiveDateTime,
    pub outcome: ProbeOutcome,
    pub http_status: Option<i32>,
    pub latency_ms: i32,
    /// The text of the institution's pattern the page matched (`error_page`).
    pub matched: Option<String>,
}

pub fn insert_probe(conn: &mut DbConnection, p: &ProbeRecord) -> QueryResult<()> {
    diesel::insert_into(probes::table).values(p).execute(conn).map(|_| ())
}

/// A channel's latest probes, newest first.
pub fn recent(conn: &mut DbConnection, channel_id: i64, limit: i64) -> Result<Vec<ProbeRecord>, StoreError> {
    Ok(probes::table
        .filter(probes::channel_id.eq(channel_id))
        .order((probes::at.desc(), probes::id.desc()))
        .limit(limit)
        .select(ProbeRecord::as_select())
        .load(conn)?)
}

/// Every probe since `since`, oldest first (the observed index at start-up).
pub fn load_since(conn: &mut DbConnection, since: chrono::NaiveDateTime) -> Result<Vec<ProbeRecord>, StoreError> {
    Ok(probes::table
        .filter(probes::at.ge(since))
        .order((probes::at.asc(), probes::id.asc()))
        .select(ProbeRecord::as_select())
        .load(conn)?)
}

/// Deletes the probes older than `before`; how many.
pub fn prune(conn: &mut DbConnection, before: chrono::NaiveDateTime) -> Result<usize, StoreError> {
    Ok(diesel::delete(probes::table.filter(probes::at.lt(before))).execute(conn)?)
}
