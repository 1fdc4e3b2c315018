//! Publishing editions (frozen gap results and monitoring figures) and reading them back.

use super::context::Ctx;
use super::error::AppError;
use super::gaps::evaluate_all;
use crate::catalog::Snapshot;
use crate::domain::compliance::{Compliance, Rule};
use crate::domain::editions::{FrozenResult, valid_label};
use crate::domain::monitoring::{MonitoringTable, monitoring_table};
use crate::store::editions::EditionRow;
use crate::store::{self, DbConnection, DbPool, StoreError};

/// What an edition freezes: every applicable result, and the monitoring figures over all observations.
pub fn freeze(s: &Snapshot, ctx: &Ctx, rules: &[Rule]) -> (Vec<FrozenResult>, MonitoringTable) {
    let results = evaluate_all(s, ctx, rules)
        .into_iter()
        .filter(|(_, e)| e.status != Compliance::NotApplicable)
        .map(|(p, e)| {
            let proc = &s.procedures[p];
            let inst = &s.institutions[proc.institution];
            FrozenResult {
                procedure: proc.slug.clone(),
                institution: inst.slug.clone(),
                level: inst.level.to_string(),
                rule: e.rule,
                status: e.status,
                declared: e.declared,
                observed: e.observed,
            }
        })
        .collect();
    let table =
        ctx.observed.with_rows(|rows| monitoring_table(&rows.iter().filter_map(|r| r.facts(s)).collect::<Vec<_>>()));
    (results, table)
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("LABEL: 1 to 50 letters, digits, `-`, `_` or `.`")]
    Label,
    #[error("edition `{0}` exists already: editions are never replaced")]
    Exists(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Freezes the current results under `label`; an existing label is never replaced.
pub fn publish(
    conn: &mut DbConnection,
    label: &str,
    s: &Snapshot,
    ctx: &Ctx,
    rules: &[Rule],
) -> Result<(Vec<FrozenResult>, MonitoringTable), PublishError> {
    if !valid_label(label) {
        return Err(PublishError::Label);
    }
    let (results, table) = freeze(s, ctx, rules);
    if !store::editions::publish(conn, label, &results, &table)? {
        return Err(PublishError::Exists(label.to_string()));
    }
    Ok((results, table))
}

/// One edition by label (a label that cannot exist is a 400, an unknown one a 404).
pub async fn find(pool: &DbPool, label: &str) -> Result<EditionRow, AppError> {
    if !valid_label(label) {
        return Err(AppError::invalid("label", "1 to 50 letters, digits, `-`, `_` or `.`"));
    }
    let key = label.to_string();
    store::blocking(pool, move |conn| store::editions::find(conn, &key))
        .await?
        .ok_or_else(|| AppError::NotFound { what: "edition", key: label.to_string() })
}

/// Every published edition, oldest first.
pub async fn list(pool: &DbPool) -> Result<Vec<EditionRow>, AppError> {
    Ok(store::blocking(pool, store::editions::list).await?)
}
