//! `gap_status.changed`: a procedure's standing under a compliance rule is computed from the read model at each
//! request (`app::gaps`), so nothing is written when it changes. The watcher makes it a stored fact: after the
//! read model moved (a write, a reload, another instance's change) or the day changed (rules apply from a date,
//! verifications age), it evaluates every procedure and, in one write transaction, stores each standing that
//! changed and its event in the outbox. The first watch of a database stores every standing without events
//! (a new catalog is not a burst of changes); a procedure seen for the first time is stored likewise. An update
//! is conditional on the standing it replaces, so of two instances only one tells of a change.

use super::super::gaps::evaluate_all;
use super::super::state::AppState;
use crate::app::AppError;
use crate::domain::EventKind;
use crate::store::gap_statuses;
use crate::store::webhooks::{About, enqueue};
use std::sync::Arc;
use std::time::Duration;

/// What the read model was when last watched: its generations and the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Seen {
    catalog: u64,
    observed: u64,
    day: Option<chrono::NaiveDate>,
}

/// One watch: returns the number of changes told (events stored).
pub async fn watch(state: &AppState) -> Result<usize, AppError> {
    let s = state.catalog.load();
    let ctx = state.ctx();
    let now: Vec<(i64, String, crate::domain::compliance::Evaluation)> = evaluate_all(&s, &ctx, &state.rules)
        .into_iter()
        .map(|(i, e)| (s.procedures[i].id, e.rule.clone(), e))
        .collect();
    let told = super::super::edit::transaction(state, move |conn| {
        let stored = gap_statuses::load(conn)?;
        let first = stored.is_empty();
        let at = crate::store::edits::version_now();
        let mut told = 0;
        for (procedure_id, rule, e) in &now {
            let to = e.status.as_str();
            match stored.get(&(*procedure_id, rule.clone())) {
                None => gap_statuses::insert(conn, *procedure_id, rule, to, at)?,
                Some(from) if from == to => {}
                Some(from) => {
                    if !first && gap_statuses::change(conn, *procedure_id, rule, from, to, at)? {
                        let data = serde_json::json!({
                            "rule": rule,
                            "from": from,
                            "to": to,
                            "declared": e.declared.as_str(),
                            "observed": e.observed.as_str(),
                        });
                        enqueue(conn, EventKind::GapStatusChanged, About::Procedure(*procedure_id), &data)?;
                        told += 1;
                    }
                }
            }
        }
        Ok(told)
    })
    .await?;
    if told > 0 {
        state.webhook_wake.notify_one();
    }
    Ok(told)
}

/// Watches every `every` while the read model or the day moved (a changed read model is seen within `every`).
pub fn spawn(state: Arc<AppState>, every: Duration) {
    tokio::spawn(async move {
        let mut seen: Option<Seen> = None;
        loop {
            // The first watch waits one period: a starting instance serves before it stores anything.
            tokio::time::sleep(every).await;
            let g = state.reads.generations();
            let now = Seen { catalog: g.catalog, observed: g.observed, day: Some(state.ctx().today) };
            if seen != Some(now) {
                match watch(&state).await {
                    Ok(n) => {
                        if n > 0 {
                            tracing::info!(changes = n, "gap statuses changed");
                        }
                        seen = Some(now);
                    }
                    Err(e) => tracing::warn!(error = %e, "gap watch failed"),
                }
            }
        }
    });
}
