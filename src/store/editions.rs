//! Editions: immutable snapshots of the gap results and monitoring figures.

use super::schema::editions;
use super::sql_types::Json;
use super::{DbConnection, StoreError, now};
use crate::domain::editions::FrozenResult;
use crate::domain::monitoring::MonitoringTable;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = editions)]
pub struct EditionRow {
    pub label: String,
    pub published_at: chrono::NaiveDateTime,
    pub gaps: Json<Vec<FrozenResult>>,
    pub monitoring: Json<MonitoringTable>,
}

/// Stores a new edition; `Ok(false)` when the label is taken (editions are never replaced).
pub fn publish(
    conn: &mut DbConnection,
    label: &str,
    gaps: &[FrozenResult],
    monitoring: &MonitoringTable,
) -> Result<bool, StoreError> {
    let result = diesel::insert_into(editions::table)
        .values((
            editions::label.eq(label),
            editions::published_at.eq(now()),
            editions::gaps.eq(Json(gaps.to_vec())),
            editions::monitoring.eq(Json(monitoring.clone())),
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
