//! The probes' background task, started by `startup.rs` only with `GUICHET_PROBES=on`: a round over every online
//! channel with a URL every `interval` (each wait drawn within ±10 %, so that instances and restarts do not fall
//! into step), then the probes past the retention deleted.

use super::{ProbeSettings, round, targets};
use crate::app::outbound::Outbound;
use crate::app::state::AppState;
use crate::store::{self, tokens::random_bytes};
use std::sync::Arc;
use std::time::Duration;

/// Starts the task on the current runtime, unless the settings leave probes off.
pub fn spawn(state: Arc<AppState>, outbound: Outbound, settings: ProbeSettings) {
    if !settings.enabled {
        tracing::info!("probes of online channels are off (GUICHET_PROBES=on starts them)");
        return;
    }
    tokio::spawn(async move {
        loop {
            let started = std::time::Instant::now();
            let list = match targets(&state.catalog.load(), None) {
                Ok(list) => list,
                Err(e) => {
                    tracing::warn!(error = %e, "no probe targets");
                    Vec::new()
                }
            };
            let n = list.len();
            let results = round(&state, &outbound, list, settings.concurrency, settings.host_delay).await;
            let up = results.iter().filter(|p| p.outcome == crate::domain::ProbeOutcome::Up).count();
            tracing::info!(probed = n, up, elapsed_ms = started.elapsed().as_millis(), "probe round done");
            prune(&state, settings.retention_days).await;
            tokio::time::sleep(jittered(settings.interval, unit())).await;
        }
    });
}

/// `interval` times a factor from 0.9 to 1.1 drawn by `draw` (from 0 to 1).
pub fn jittered(interval: Duration, draw: f64) -> Duration {
    interval.mul_f64(0.9 + 0.2 * draw.clamp(0.0, 1.0))
}

/// A number from 0 to 1 from the system's random source.
fn unit() -> f64 {
    let bits = u64::from_le_bytes(random_bytes::<8>()) >> 11;
    bits as f64 / (1u64 << 53) as f64
}

async fn prune(state: &AppState, retention_days: u32) {
    let before = (chrono::Utc::now() - chrono::TimeDelta::days(i64::from(retention_days))).naive_utc();
    match store::blocking(&state.pool, move |conn| store::probes::prune(conn, before)).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(deleted = n, "probes past the retention deleted"),
        Err(e) => tracing::warn!(error = %e, "probes could not be pruned"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_stays_within_ten_percent() {
        let hour = Duration::from_secs(3600);
        assert_eq!(jittered(hour, 0.0), Duration::from_secs(3240));
        assert_eq!(jittered(hour, 1.0), Duration::from_secs(3960));
        assert_eq!(jittered(hour, 0.5), hour);
        assert_eq!(jittered(hour, 7.0), Duration::from_secs(3960));
        for _ in 0..100 {
            let u = unit();
            assert!((0.0..1.0).contains(&u), "{u}");
        }
    }
}
