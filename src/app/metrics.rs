//! The figures `GET /metrics` gives in the Prometheus text format (version 0.0.4): requests by route and status,
//! latency histograms, observations accepted, probes and webhook deliveries by outcome, snapshot age, pool usage.
//! Counters live in the running state (one set per instance, as Prometheus expects: it sums instances itself).
//! Routes are the matched pattern (`/api/v1/procedures/{slug}`), never the raw path, so that a scan of random
//! URLs cannot grow the table: everything unmatched is counted under one `unmatched` route.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds (the last, `+Inf`, is implied).
const BUCKETS: [f64; 12] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

#[derive(Debug, Clone, Default)]
struct Histogram {
    /// Observations at or below each bound of `BUCKETS` (not cumulative; summed when rendered).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
            self.buckets[i] += 1;
        }
        self.count += 1;
        self.sum += seconds;
    }
}

#[derive(Debug, Default)]
pub struct Metrics {
    /// (route, method, status) → count.
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// (route, method) → latency.
    latency: Mutex<BTreeMap<(String, String), Histogram>>,
    observations_accepted: AtomicU64,
    /// Group commits of observations (`group_commit.rs`) and the reports they carried: their ratio is the mean
    /// group, how much durability's flushes are shared.
    observation_groups: AtomicU64,
    observation_group_reports: AtomicU64,
    /// (family, outcome) → count, for the background work: probes and webhook deliveries.
    outcomes: Mutex<BTreeMap<(Family, String), u64>>,
}

/// The outcome counters other parts of the service feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    Probes,
    WebhookDeliveries,
}

impl Family {
    const ALL: [Family; 2] = [Family::Probes, Family::WebhookDeliveries];

    fn name(self) -> &'static str {
        match self {
            Family::Probes => "guichet_probes_total",
            Family::WebhookDeliveries => "guichet_webhook_deliveries_total",
        }
    }

    fn help(self) -> &'static str {
        match self {
            Family::Probes => "Probes of online channels, by outcome.",
            Family::WebhookDeliveries => "Webhook delivery attempts, by outcome.",
        }
    }
}

/// What is read at scrape time rather than counted.
#[derive(Debug, Clone, Copy)]
pub struct Gauges {
    pub snapshot_age: Duration,
    pub pool_connections: u32,
    pub pool_idle: u32,
    pub pool_max: u32,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding the lock leaves counts that are still counts.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Metrics {
    pub fn record_request(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        *lock(&self.requests).entry((route.to_string(), method.to_string(), status)).or_default() += 1;
        lock(&self.latency).entry((route.to_string(), method.to_string())).or_default().observe(elapsed.as_secs_f64());
    }

    pub fn observation_accepted(&self) {
        self.observations_accepted.fetch_add(1, Ordering::Relaxed);
    }

    /// A group commit of `reports` reports was tried.
    pub fn observation_group(&self, reports: usize) {
        self.observation_groups.fetch_add(1, Ordering::Relaxed);
        self.observation_group_reports.fetch_add(u64::try_from(reports).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    pub fn outcome(&self, family: Family, outcome: &str) {
        *lock(&self.outcomes).entry((family, outcome.to_string())).or_default() += 1;
    }

    /// The exposition text.
    pub fn render(&self, gauges: Gauges) -> String {
        let mut out = String::with_capacity(4096);
        header(
            &mut out,
            "guichet_http_requests_total",
            "HTTP requests answered, by route pattern, method and status.",
            "counter",
        );
        for ((route, method, status), n) in lock(&self.requests).iter() {
            let _ = writeln!(
                out,
                "guichet_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{status}\"}} {n}",
                label(route),
                label(method)
            );
        }
        header(
            &mut out,
            "guichet_http_request_duration_seconds",
            "Time from request to response head, by route pattern and method.",
            "histogram",
        );
        for ((route, method), h) in lock(&self.latency).iter() {
            let labels = format!("route=\"{}\",method=\"{}\"", label(route), label(method));
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(h.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "guichet_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(out, "guichet_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}", h.count);
            let _ = writeln!(out, "guichet_http_request_duration_seconds_sum{{{labels}}} {}", h.sum);
            let _ = writeln!(out, "guichet_http_request_duration_seconds_count{{{labels}}} {}", h.count);
        }
        header(
            &mut out,
            "guichet_observations_accepted_total",
            "Field observations stored and acknowledged.",
            "counter",
        );
        let _ =
            writeln!(out, "guichet_observations_accepted_total {}", self.observations_accepted.load(Ordering::Relaxed));
        header(&mut out, "guichet_observation_groups_total", "Group commits of observations tried.", "counter");
        let _ = writeln!(out, "guichet_observation_groups_total {}", self.observation_groups.load(Ordering::Relaxed));
        header(
            &mut out,
            "guichet_observation_group_reports_total",
            "Reports carried by those group commits (divided by the groups: the mean group).",
            "counter",
        );
        let _ = writeln!(
            out,
            "guichet_observation_group_reports_total {}",
            self.observation_group_reports.load(Ordering::Relaxed)
        );
        let outcomes = lock(&self.outcomes);
        for family in Family::ALL {
            header(&mut out, family.name(), family.help(), "counter");
            for ((_, outcome), n) in outcomes.range((family, String::new())..).take_while(|((f, _), _)| *f == family) {
                let _ = writeln!(out, "{}{{outcome=\"{}\"}} {n}", family.name(), label(outcome));
            }
        }
        drop(outcomes);
        header(&mut out, "guichet_snapshot_age_seconds", "Age of the catalog read model being served.", "gauge");
        let _ = writeln!(out, "guichet_snapshot_age_seconds {}", gauges.snapshot_age.as_secs_f64());
        header(&mut out, "guichet_db_pool_connections", "Database connections of this instance, by state.", "gauge");
        let idle = gauges.pool_idle.min(gauges.pool_connections);
        let _ = writeln!(out, "guichet_db_pool_connections{{state=\"idle\"}} {idle}");
        let _ = writeln!(out, "guichet_db_pool_connections{{state=\"in_use\"}} {}", gauges.pool_connections - idle);
        header(&mut out, "guichet_db_pool_max_connections", "Most connections the pool opens.", "gauge");
        let _ = writeln!(out, "guichet_db_pool_max_connections {}", gauges.pool_max);
        out
    }
}

fn header(out: &mut String, name: &str, help: &str, kind: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// A label value as the text format writes it: backslash, double quote and line feed escaped.
fn label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// The route pattern a cached answer was made by (`cache.rs` puts it in the request's extensions on a hit, which
/// never reaches the router: matching its path against the whole route table again cost more than the hit).
#[derive(Clone)]
pub struct CachedRoute(pub Option<std::sync::Arc<str>>);

/// The route pattern of an answered request: the cached answer's, or the one the router matched.
pub fn route_of<B>(response: &actix_web::dev::ServiceResponse<B>) -> Option<String> {
    if let Some(CachedRoute(route)) = actix_web::HttpMessage::extensions(response.request()).get::<CachedRoute>() {
        return route.as_deref().map(str::to_string);
    }
    response.request().match_pattern()
}

/// Counts every request by its matched route, method and status, and times it to the response head.
pub async fn middleware(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let started = std::time::Instant::now();
    let state = req.app_data::<actix_web::web::Data<super::AppState>>().cloned();
    let method = req.method().as_str().to_string();
    let res = next.call(req).await;
    if let Some(state) = state {
        let (route, status) = match &res {
            Ok(r) => (route_of(r), r.status().as_u16()),
            Err(e) => (None, e.as_response_error().status_code().as_u16()),
        };
        let route = route.unwrap_or_else(|| "unmatched".to_string());
        state.metrics.record_request(&route, &method, status, started.elapsed());
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gauges() -> Gauges {
        Gauges { snapshot_age: Duration::from_millis(1500), pool_connections: 3, pool_idle: 2, pool_max: 8 }
    }

    #[test]
    fn histogram_buckets_are_cumulative_and_end_at_the_count() {
        let m = Metrics::default();
        for ms in [0.2, 3.0, 3.0, 40.0, 9_000.0] {
            m.record_request("/x", "GET", 200, Duration::from_secs_f64(ms / 1000.0));
        }
        let text = m.render(gauges());
        let bucket = |le: &str| {
            let prefix =
                format!("guichet_http_request_duration_seconds_bucket{{route=\"/x\",method=\"GET\",le=\"{le}\"}} ");
            text.lines().find_map(|l| l.strip_prefix(&prefix)).unwrap().to_string()
        };
        assert_eq!(bucket("0.0005"), "1");
        assert_eq!(bucket("0.005"), "3");
        assert_eq!(bucket("0.05"), "4");
        assert_eq!(bucket("2.5"), "4", "9 s is past the last bound");
        assert_eq!(bucket("+Inf"), "5");
        assert!(text.contains("guichet_http_requests_total{route=\"/x\",method=\"GET\",status=\"200\"} 5\n"));
    }

    #[test]
    fn label_values_are_escaped() {
        let m = Metrics::default();
        m.outcome(Family::Probes, "a\"b\\c\nd");
        assert!(m.render(gauges()).contains("guichet_probes_total{outcome=\"a\\\"b\\\\c\\nd\"} 1\n"));
    }

    #[test]
    fn outcomes_are_counted_per_family() {
        let m = Metrics::default();
        m.outcome(Family::Probes, "up");
        m.outcome(Family::Probes, "up");
        m.outcome(Family::WebhookDeliveries, "up");
        let text = m.render(gauges());
        assert!(text.contains("guichet_probes_total{outcome=\"up\"} 2\n"));
        assert!(text.contains("guichet_webhook_deliveries_total{outcome=\"up\"} 1\n"));
        assert!(text.contains("guichet_db_pool_connections{state=\"in_use\"} 1\n"));
    }
}
