//! The last known standing of each procedure under each rule (the gap watcher's memory).

use super::DbConnection;
use super::schema::gap_statuses;
use diesel::prelude::*;
use std::collections::HashMap;

/// (procedure id, rule id) → standing, as stored.
pub fn load(conn: &mut DbConnection) -> QueryResult<HashMap<(i64, String), String>> {
    let rows: Vec<(i64, String, String)> = gap_statuses::table
        .select((gap_statuses::procedure_id, gap_statuses::rule, gap_statuses::status))
        .load(conn)?;
    Ok(rows.into_iter().map(|(p, r, s)| ((p, r), s)).collect())
}

/// A standing seen for the first time (a new procedure or rule, or the first watch).
pub fn insert(
    conn: &mut DbConnection,
    procedure_id: i64,
    rule: &str,
    status: &str,
    at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(gap_statuses::table)
        .values((
            gap_statuses::procedure_id.eq(procedure_id),
            gap_statuses::rule.eq(rule),
            gap_statuses::status.eq(status),
            gap_statuses::updated_at.eq(at),
        ))
        .execute(conn)
        .map(drop)
}

/// Moves a standing from `from` to `to`; false when it was no longer `from` (another instance told of it).
pub fn change(
    conn: &mut DbConnection,
    procedure_id: i64,
    rule: &str,
    from: &str,
    to: &str,
    at: chrono::NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        gap_statuses::table
            .filter(gap_statuses::procedure_id.eq(procedure_id))
            .filter(gap_statuses::rule.eq(rule))
            .filter(gap_statuses::status.eq(from)),
    )
    .set((gap_statuses::status.eq(to), gap_statuses::updated_at.eq(at)))
    .execute(conn)?;
    Ok(n == 1)
}
