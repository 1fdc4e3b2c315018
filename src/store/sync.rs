//! Telling the instances on the same PostgreSQL what changed: `NOTIFY guichet_changes, '<kind> <id>'`
//! inside the writing transaction, so it is delivered exactly when (and only if) the write commits.
//! On SQLite (one process per database file) this does nothing.

use super::DbConnection;
use diesel::prelude::*;

pub const CHANNEL: &str = "guichet_changes";

/// What a notification says changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Change {
    Observation(i64),
    Complaint(i64),
    /// The catalog, or many observations at once: reload everything.
    Reload,
}

pub fn notify(conn: &mut DbConnection, change: &Change) -> QueryResult<()> {
    notify_all(conn, std::slice::from_ref(change))
}

/// Several notifications in one round trip (the writes of one group commit), delivered in this order.
pub fn notify_all(conn: &mut DbConnection, changes: &[Change]) -> QueryResult<()> {
    // Only PostgreSQL has other instances to tell; SQLite is one process per database file.
    let Some(pg) = super::db_run!(conn, postgres pg => Some(pg), sqlite _s => None) else { return Ok(()) };
    match changes {
        [] => Ok(()),
        [one] => diesel::sql_query("SELECT pg_notify($1, $2)")
            .bind::<diesel::sql_types::Text, _>(CHANNEL)
            .bind::<diesel::sql_types::Text, _>(payload(one))
            .execute(pg)
            .map(drop),
        many => diesel::sql_query("SELECT count(pg_notify($1, p)) AS n FROM unnest($2::text[]) AS p")
            .bind::<diesel::sql_types::Text, _>(CHANNEL)
            .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(many.iter().map(payload).collect::<Vec<_>>())
            .execute(pg)
            .map(drop),
    }
}

fn payload(change: &Change) -> String {
    match change {
        Change::Observation(id) => format!("obs {id}"),
        Change::Complaint(id) => format!("complaint {id}"),
        Change::Reload => "reload 0".to_string(),
    }
}

/// The change a payload announces.
pub fn parse(payload: &str) -> Option<Change> {
    let mut parts = payload.split(' ');
    let (kind, id) = (parts.next()?, parts.next()?.parse::<i64>().ok()?);
    match kind {
        "obs" => Some(Change::Observation(id)),
        "complaint" => Some(Change::Complaint(id)),
        "reload" => Some(Change::Reload),
        _ => None,
    }
}
