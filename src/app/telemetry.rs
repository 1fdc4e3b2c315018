//! Logging: tracing to stderr, filtered by `GUICHET_LOG`.

use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

/// Installs the global subscriber once; later calls (tests) are no-ops.
pub fn init(filter: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    // A request's span (`RequestSpan`) closes with its number, method, path, route, status and time spent: one
    // line per request.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::stderr().is_terminal())
        .with_span_events(FmtSpan::CLOSE)
        .try_init();
}

/// The span of each request (`TracingLogger<RequestSpan>`), lighter than tracing-actix-web's default: its fields are
/// made only when the span is enabled (`GUICHET_LOG` at `info` or finer for this crate), and the route is recorded
/// at the end, from the route the request matched. The default builder matched the path against the whole route
/// table and drew a random UUID from the kernel for every request, logged or not — 15 % of a cached answer's time
/// (BENCHMARKS.md). The query is not logged: a search is what someone typed.
pub struct RequestSpan;

impl tracing_actix_web::RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &actix_web::dev::ServiceRequest) -> tracing::Span {
        static REQUESTS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        tracing::info_span!(
            "HTTP request",
            request = REQUESTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            http.method = %request.method(),
            http.target = %request.path(),
            http.route = tracing::field::Empty,
            http.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: actix_web::body::MessageBody>(
        span: tracing::Span,
        outcome: &Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
    ) {
        if span.is_disabled() {
            return;
        }
        if let Ok(response) = outcome {
            let route = super::metrics::route_of(response);
            span.record("http.route", route.as_deref().unwrap_or("unmatched"));
        }
        // The status, and an error's message and details.
        tracing_actix_web::DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}
