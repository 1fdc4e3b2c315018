//! Several instances, one PostgreSQL: each instance listens on `guichet_changes` and applies what the others
//! wrote (an observation, a complaint, or "reload" after a catalog import) to its own read model, within a
//! fraction of a second. The notifications are sent inside the writing transactions (`store::sync`), so they arrive
//! only for committed writes, in commit order.

use super::catalog::reload_snapshot;
use super::state::AppState;
use crate::catalog::observed::{Learned, load_observed};
use crate::store::sync::{CHANNEL, Change, parse};
use crate::store::{self, DatabaseUrl};
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use std::sync::Arc;
use std::time::Duration;

/// How often the listening connection is polled for notifications.
const POLL: Duration = Duration::from_millis(100);

/// Starts the listener thread on PostgreSQL; nothing to do on SQLite.
pub fn spawn_listener(url: &DatabaseUrl, state: Arc<AppState>) {
    if url.backend != store::Backend::Postgres {
        return;
    }
    let url = url.target.clone();
    std::thread::Builder::new()
        .name("guichet-sync".into())
        .spawn(move || {
            let mut reconnecting = false;
            loop {
                if let Err(e) = listen(&url, &state, reconnecting) {
                    tracing::warn!(error = %e, "change listener lost its connection; reconnecting");
                }
                std::thread::sleep(Duration::from_secs(1));
                reconnecting = true;
            }
        })
        .map_or_else(|e| tracing::error!(error = %e, "could not start the change listener"), drop);
}

fn listen(url: &str, state: &AppState, reconnecting: bool) -> Result<(), String> {
    let mut conn = PgConnection::establish(url).map_err(|e| e.to_string())?;
    conn.batch_execute(&format!("LISTEN {CHANNEL}")).map_err(|e| e.to_string())?;
    if reconnecting {
        // Whatever was written while we were not listening: start again from the database's state.
        apply(state, &Change::Reload);
    }
    loop {
        std::thread::sleep(POLL);
        // A round trip makes libpq read the notifications the server has sent.
        conn.batch_execute("SELECT 1").map_err(|e| e.to_string())?;
        let changes: Vec<Change> =
            conn.notifications_iter().filter_map(Result::ok).filter_map(|n| parse(&n.payload)).collect();
        for change in changes {
            apply(state, &change);
        }
    }
}

fn apply(state: &AppState, change: &Change) {
    if state.take_own(change) {
        return;
    }
    let result = (|| -> Result<(), String> {
        let mut conn = state.pool.get().map_err(|e| e.to_string())?;
        match change {
            Change::Observation(id) => {
                let Some((o, organisation, commune)) =
                    store::observations::find_observation(&mut conn, *id).map_err(|e| e.to_string())?
                else {
                    return Ok(());
                };
                let learned = Learned::At(o.recorded_at.and_utc());
                state.observed().apply_observation(&o.record, &organisation, commune.as_deref(), learned);
                state.reads.observed_changed();
            }
            Change::Complaint(id) => {
                if let Some((Some(channel), at)) =
                    store::complaints::find_complaint_evidence(&mut conn, *id).map_err(|e| e.to_string())?
                {
                    state.observed().apply_complaint(channel, at.and_utc(), Learned::At(at.and_utc()));
                    state.reads.observed_changed();
                }
            }
            // One rebuild at a time with this instance's own writes (`edit::RELOAD`; this is the listener's own
            // thread, never a runtime's, so it may block on it).
            Change::Reload => {
                let _turn = super::edit::RELOAD.blocking_lock();
                let snapshot = reload_snapshot(&mut conn).map_err(|e| e.to_string())?;
                let observed = load_observed(&mut conn, *state.observed().params()).map_err(|e| e.to_string())?;
                state.catalog.replace(snapshot);
                state.observed.store(Arc::new(observed));
                state.reads.catalog_changed();
                state.reads.observed_changed();
            }
        }
        Ok(())
    })();
    if let Err(e) = result {
        tracing::warn!(error = %e, ?change, "could not apply a change from another instance");
    }
}
