//! Probes of online channels: every online channel with a URL has its page fetched through the outbound guard,
//! the result classified (`domain::probes`), stored, counted in `guichet_probes_total{outcome}` and fed to the
//! channel's observed reachability (`domain::reachability`: a run of failing probes makes it `unreachable`).
//!
//! | file | what it holds |
//! |---|---|
//! | `mod.rs` | the settings, the targets of a round, one probe, its write, a round, the recent probes of a channel |
//! | `scheduler.rs` | the background task (`GUICHET_PROBES=on`): a round every interval with jitter, a global limit, one request at a time per host with a politeness delay, and the pruning |

pub mod scheduler;

use super::config::ConfigError;
use super::error::AppError;
use super::metrics::Family;
use super::outbound::Outbound;
use super::state::AppState;
use crate::catalog::Snapshot;
use crate::catalog::observed::{Learned, decide_probe};
use crate::domain::probes::{Fetch, ProbePattern, classify};
use crate::domain::{ChannelKind, ProbeOutcome};
use crate::store::probes::ProbeRecord;
use crate::store::{self, StoreError};
use std::sync::Arc;
use std::time::Duration;

/// `GUICHET_PROBE*`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProbeSettings {
    /// `GUICHET_PROBES`: `on` starts the probes on this instance (default `off`: nothing calls the internet).
    pub enabled: bool,
    /// `GUICHET_PROBE_INTERVAL`: seconds between two rounds, each drawn within ±10 % (default 3600, 10 to 604800).
    pub interval: Duration,
    /// `GUICHET_PROBE_CONCURRENCY`: probes in flight at most (default 8, 1 to 256).
    pub concurrency: usize,
    /// `GUICHET_PROBE_HOST_DELAY_MS`: the pause between two requests to one host (default 1000, 0 to 60000).
    pub host_delay: Duration,
    /// `GUICHET_PROBE_FAILURES`: consecutive failing probes that make a channel `unreachable` (default 3, 1 to 100).
    pub failures: u32,
    /// `GUICHET_PROBE_RETENTION_DAYS`: probes older than this are deleted (default 30, 1 to 3650).
    pub retention_days: u32,
}

impl Default for ProbeSettings {
    fn default() -> Self {
        ProbeSettings {
            enabled: false,
            interval: Duration::from_secs(3600),
            concurrency: 8,
            host_delay: Duration::from_millis(1000),
            failures: 3,
            retention_days: 30,
        }
    }
}

impl ProbeSettings {
    /// The reachability formula with this instance's run of failing probes.
    pub fn reachability(&self) -> crate::domain::reachability::ReachabilityParams {
        crate::domain::reachability::ReachabilityParams { probe_failures: self.failures, ..Default::default() }
    }

    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Result<ProbeSettings, ConfigError> {
        let get = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        let d = ProbeSettings::default();
        let number = |var: &'static str, range: std::ops::RangeInclusive<u64>, default: u64| {
            let Some(text) = get(var) else { return Ok(default) };
            text.trim().parse::<u64>().ok().filter(|n| range.contains(n)).ok_or_else(|| ConfigError {
                var,
                message: format!("`{text}`: expected a number from {} to {}", range.start(), range.end()),
            })
        };
        let enabled = match get("GUICHET_PROBES").as_deref().map(str::trim) {
            None | Some("off" | "false" | "0") => false,
            Some("on" | "true" | "1") => true,
            Some(other) => {
                return Err(ConfigError { var: "GUICHET_PROBES", message: format!("`{other}`: expected on or off") });
            }
        };
        let small = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(ProbeSettings {
            enabled,
            interval: Duration::from_secs(number("GUICHET_PROBE_INTERVAL", 10..=604_800, d.interval.as_secs())?),
            concurrency: usize::try_from(number("GUICHET_PROBE_CONCURRENCY", 1..=256, 8)?).unwrap_or(8),
            host_delay: Duration::from_millis(number("GUICHET_PROBE_HOST_DELAY_MS", 0..=60_000, 1000)?),
            failures: small(number("GUICHET_PROBE_FAILURES", 1..=100, 3)?),
            retention_days: small(number("GUICHET_PROBE_RETENTION_DAYS", 1..=3650, 30)?),
        })
    }
}

/// One page to fetch.
#[derive(Debug, Clone)]
pub struct Target {
    pub channel_id: i64,
    pub procedure: String,
    pub url: String,
    /// The institution's known messages.
    pub patterns: Arc<Vec<ProbePattern>>,
}

impl Target {
    /// The host (and port) the politeness delay applies to.
    pub fn host(&self) -> String {
        let rest = self.url.split_once("://").map_or(self.url.as_str(), |(_, r)| r);
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        authority.rsplit_once('@').map_or(authority, |(_, h)| h).to_ascii_lowercase()
    }
}

/// Every online channel with a URL (its own, else its procedure's online address), of one procedure or all,
/// or a 404 for an unknown procedure.
pub fn targets(s: &Snapshot, procedure: Option<&str>) -> Result<Vec<Target>, AppError> {
    if let Some(slug) = procedure
        && s.procedure(slug).is_none()
    {
        return Err(AppError::NotFound { what: "procedure", key: slug.to_string() });
    }
    let mut patterns: Vec<Option<Arc<Vec<ProbePattern>>>> = vec![None; s.institutions.len()];
    let mut out = Vec::new();
    for c in s.channels.iter().filter(|c| c.kind == ChannelKind::Online) {
        let p = &s.procedures[c.procedure];
        if procedure.is_some_and(|slug| slug != p.slug) {
            continue;
        }
        let Some(url) = c.url.clone().or_else(|| p.online_url.clone()) else { continue };
        let of = patterns[p.institution]
            .get_or_insert_with(|| Arc::new(s.institutions[p.institution].probe_patterns.clone()))
            .clone();
        out.push(Target { channel_id: c.id, procedure: p.slug.clone(), url, patterns: of });
    }
    Ok(out)
}

/// What one probe found.
#[derive(Debug, Clone, PartialEq)]
pub struct Probed {
    pub channel_id: i64,
    pub url: String,
    pub outcome: ProbeOutcome,
    pub http_status: Option<u16>,
    pub latency: Duration,
    pub matched: Option<String>,
}

/// Fetches one target's page through the guard and classifies the answer.
pub async fn probe(outbound: &Outbound, target: &Target) -> Probed {
    let started = std::time::Instant::now();
    let fetched = outbound.get(&target.url).await;
    let latency = started.elapsed();
    let (outcome, status, matched) = match &fetched {
        Ok(f) => {
            let (outcome, pattern) = classify(Fetch::Answered { status: f.status, body: &f.body }, &target.patterns);
            (outcome, Some(f.status), pattern.map(|p| p.text.clone()))
        }
        Err(e) => {
            let status = match e {
                super::outbound::OutboundError::TooLarge { status, .. } => Some(*status),
                _ => None,
            };
            (classify(Fetch::Failed { kind: e.kind() }, &[]).0, status, None)
        }
    };
    Probed { channel_id: target.channel_id, url: target.url.clone(), outcome, http_status: status, latency, matched }
}

/// Stores a probe, and the observed transition it causes in the same transaction (its webhook event with it),
/// under the channel's write gate; once committed it counts in the read model.
pub async fn record(state: &Arc<AppState>, probed: &Probed) -> Result<(), StoreError> {
    let s = state.catalog.load();
    let Some(declared) = s.channel(probed.channel_id).map(|c| c.declared) else { return Ok(()) };
    let writer = Arc::clone(state);
    let p = probed.clone();
    store::blocking(&state.pool, move |conn| {
        let _gate = writer.channel_gate(p.channel_id);
        let observed = writer.observed();
        let now = chrono::Utc::now();
        let record = ProbeRecord {
            channel_id: p.channel_id,
            at: now.naive_utc(),
            outcome: p.outcome,
            http_status: p.http_status.map(i32::from),
            latency_ms: i32::try_from(p.latency.as_millis()).unwrap_or(i32::MAX),
            matched: p.matched.clone(),
        };
        store::write_transaction(conn, |conn| {
            let prior = store::observations::last_transition_state(conn, p.channel_id)?;
            let mut scratch = observed.fork(p.channel_id, now);
            let (_, transition) = decide_probe(&mut scratch, p.channel_id, declared, p.outcome, prior, now);
            store::probes::insert_probe(conn, &record)?;
            if let Some(t) = &transition {
                store::observations::insert_transition(conn, t)?;
            }
            Ok::<_, diesel::result::Error>(())
        })?;
        observed.apply_probe(p.channel_id, now, p.outcome, Learned::At(now));
        Ok(())
    })
    .await?;
    state.reads.observed_changed();
    state.metrics.outcome(Family::Probes, probed.outcome.as_str());
    Ok(())
}

/// One round over `targets`: at most `concurrency` at once, one request at a time per host with `host_delay`
/// between two; each result recorded as it comes. The results in the order of `targets`.
pub async fn round(
    state: &Arc<AppState>,
    outbound: &Outbound,
    targets: Vec<Target>,
    concurrency: usize,
    host_delay: Duration,
) -> Vec<Probed> {
    let limit = Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let mut by_host: std::collections::BTreeMap<String, Vec<(usize, Target)>> = Default::default();
    for (i, t) in targets.into_iter().enumerate() {
        by_host.entry(t.host()).or_default().push((i, t));
    }
    let total = by_host.values().map(Vec::len).sum();
    let mut tasks = tokio::task::JoinSet::new();
    for (_, queue) in by_host {
        let (state, outbound, limit) = (Arc::clone(state), outbound.clone(), Arc::clone(&limit));
        tasks.spawn(async move {
            let mut done = Vec::with_capacity(queue.len());
            for (n, (i, target)) in queue.into_iter().enumerate() {
                if n > 0 && !host_delay.is_zero() {
                    tokio::time::sleep(host_delay).await;
                }
                let probed = {
                    let Ok(_permit) = limit.acquire().await else { break };
                    probe(&outbound, &target).await
                };
                if let Err(e) = record(&state, &probed).await {
                    tracing::warn!(error = %e, channel = probed.channel_id, "a probe could not be stored");
                }
                done.push((i, probed));
            }
            done
        });
    }
    let mut results: Vec<(usize, Probed)> = Vec::with_capacity(total);
    while let Some(done) = tasks.join_next().await {
        match done {
            Ok(d) => results.extend(d),
            Err(e) => tracing::warn!(error = %e, "a probe task failed"),
        }
    }
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, p)| p).collect()
}

/// A round's results as a table for a terminal: channel, URL, outcome, status, milliseconds.
pub fn table(results: &[Probed]) -> String {
    let url_width = results.iter().map(|p| p.url.chars().count()).max().unwrap_or(3).clamp(3, 80);
    let mut out = format!("{:>8}  {:<url_width$}  {:<10}  {:>6}  {:>6}\n", "channel", "URL", "outcome", "status", "ms");
    for p in results {
        let status = p.http_status.map_or_else(|| "-".to_string(), |s| s.to_string());
        out.push_str(&format!(
            "{:>8}  {:<url_width$}  {:<10}  {:>6}  {:>6}\n",
            p.channel_id,
            p.url,
            p.outcome.as_str(),
            status,
            p.latency.as_millis()
        ));
    }
    let up = results.iter().filter(|p| p.outcome == ProbeOutcome::Up).count();
    out.push_str(&format!("{} probed, {up} up\n", results.len()));
    out
}

/// The largest `limit` of `GET /api/v1/channels/{id}/probes`.
pub const MAX_LIMIT: i64 = 200;

/// A channel's latest probes, newest first, or a 404 for a channel not in the catalog.
pub async fn recent(state: &AppState, channel_id: i64, limit: i64) -> Result<Vec<ProbeRecord>, AppError> {
    if state.catalog.load().channel(channel_id).is_none() {
        return Err(AppError::NotFound { what: "channel", key: channel_id.to_string() });
    }
    let limit = limit.clamp(1, MAX_LIMIT);
    Ok(store::blocking(&state.pool, move |conn| store::probes::recent(conn, channel_id, limit)).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(vars: &[(&str, &str)]) -> Result<ProbeSettings, ConfigError> {
        ProbeSettings::from_vars(|name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_string()))
    }

    #[test]
    fn off_by_default_and_every_variable_read() {
        assert_eq!(from(&[]).unwrap(), ProbeSettings::default());
        assert!(!ProbeSettings::default().enabled);
        let s = from(&[
            ("GUICHET_PROBES", "on"),
            ("GUICHET_PROBE_INTERVAL", "60"),
            ("GUICHET_PROBE_CONCURRENCY", "32"),
            ("GUICHET_PROBE_HOST_DELAY_MS", "0"),
            ("GUICHET_PROBE_FAILURES", "5"),
            ("GUICHET_PROBE_RETENTION_DAYS", "7"),
        ])
        .unwrap();
        assert!(s.enabled);
        assert_eq!((s.interval, s.concurrency, s.host_delay), (Duration::from_secs(60), 32, Duration::ZERO));
        assert_eq!((s.failures, s.retention_days), (5, 7));
        assert_eq!(from(&[("GUICHET_PROBES", "maybe")]).unwrap_err().var, "GUICHET_PROBES");
        assert_eq!(from(&[("GUICHET_PROBE_CONCURRENCY", "0")]).unwrap_err().var, "GUICHET_PROBE_CONCURRENCY");
        assert_eq!(from(&[("GUICHET_PROBE_FAILURES", "x")]).unwrap_err().var, "GUICHET_PROBE_FAILURES");
    }

    #[test]
    fn the_host_of_a_target() {
        let t = |url: &str| Target { channel_id: 1, procedure: "p".into(), url: url.into(), patterns: Arc::default() };
        assert_eq!(t("https://Mon.Espace.be/x?y").host(), "mon.espace.be");
        assert_eq!(t("http://127.0.0.2:8080/form").host(), "127.0.0.2:8080");
        assert_eq!(t("https://user:pw@site.be#top").host(), "site.be");
    }
}
