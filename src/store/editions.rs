//! Editions: immutable snapshots of the gap results and monitoring figures.

use super::schema::editions;
use super::{DbConnection, StoreError, now};
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = editions)]
pub struct EditionRow {
    pub label: String,
    pub published_at: chrono::NaiveDateTime,
    /// JSON.
    pub gaps: String,
    /// JSON.
    pub monitoring: String,
}

/// Stores a new edition; `Ok(false)` when the label is taken (editions are never replaced).
pub fn publish(conn: &mut DbConnection, label: &str, gaps: &str, monitoring: &str) -> Result<bool, StoreError> {
    let result = diesel::insert_into(editions::table)
        .values((
            editions::label.eq(label),
            editions::published_at.eq(now()),
            editions::gaps.eq(gaps),
            editions::monitoring.eq(monitoring),
        ))
        .execute(conn);
    match result {
        Ok(_) => Ok(true),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

pub fn list(conn: &mut DbConnection) -> Result<Vec<EditionRow>, StoreError> {
    Ok(editions::table.order(editions::published_at).select(EditionRow::as_select()).load(conn)?)
}

pub fn find(conn: &mut DbConnection, label: &str) -> Result<Option<EditionRow>, StoreError> {
    Ok(editions::table.filter(editions::label.eq(label)).select(EditionRow::as_select()).first(conn).optional()?)
}
