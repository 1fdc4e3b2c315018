//! The outbound guard: the one HTTP client through which guichet calls anything outside itself (probes of online
//! channels, webhooks). `tests/architecture.rs` fails on a `reqwest::` path anywhere else in `src/`.
//!
//! What a call may do:
//! - `http` and `https` only;
//! - reach only the public internet, unless `GUICHET_OUTBOUND_ALLOW` names a range or block (`ranges.rs`): the
//!   address of an IP-literal URL is checked before sending, and a name's addresses are filtered by the client's
//!   own DNS resolver (`resolver.rs`) before the connector sees them, so the address connected to is one the
//!   policy allows; no proxy is taken from the environment (it would be connected to instead);
//! - follow at most `max_redirects` redirects (GET and HEAD only; other methods get the 3xx back), each new
//!   address checked as the first was, credentials dropped when the origin changes;
//! - take at most `connect_timeout` to connect and `timeout` for everything, body included;
//! - read at most `max_bytes` of body, as it streams in: past that the connection is dropped.
//!
//! | file | what it holds |
//! |---|---|
//! | `ranges.rs` | the address ranges that are not the public internet, CIDR blocks, the `Policy` |
//! | `resolver.rs` | the DNS resolver that drops refused addresses |
//! | `settings.rs` | `GUICHET_OUTBOUND_*` |
//! | `tests.rs` | every protection against local servers the tests start |

pub mod ranges;
pub mod resolver;
pub mod settings;
#[cfg(test)]
mod tests;

pub use ranges::{Policy, Range};
pub use resolver::Lookup;
pub use settings::OutboundSettings;

use reqwest::header::{AUTHORIZATION, COOKIE, HeaderMap, HeaderName, HeaderValue, LOCATION, PROXY_AUTHORIZATION};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Why an outbound call did not give an answer. `kind` is its stable name (probe results store it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutboundError {
    #[error("`{url}` is not a URL: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("`{scheme}:` addresses are not called: only http and https")]
    Scheme { scheme: String },
    #[error("{host} is {addr}, a {range} address, which outbound calls may not reach (GUICHET_OUTBOUND_ALLOW)")]
    Forbidden { host: String, addr: IpAddr, range: Range },
    #[error("{host}: no address ({reason})")]
    Dns { host: String, reason: String },
    #[error("no connection within {0:?}")]
    ConnectTimeout(Duration),
    #[error("could not connect: {0}")]
    Connect(String),
    #[error("TLS: {0}")]
    Tls(String),
    #[error("no complete answer within {0:?}")]
    Timeout(Duration),
    #[error("more than {limit} redirects")]
    TooManyRedirects { limit: usize },
    #[error("a redirect to `{location}`, which is not a URL")]
    BadRedirect { location: String },
    #[error("an answer ({status}) larger than {limit} bytes")]
    TooLarge { status: u16, limit: usize },
    #[error("HTTP: {0}")]
    Http(String),
}

impl OutboundError {
    pub fn kind(&self) -> &'static str {
        match self {
            OutboundError::BadUrl { .. } => "bad_url",
            OutboundError::Scheme { .. } => "scheme",
            OutboundError::Forbidden { .. } => "forbidden",
            OutboundError::Dns { .. } => "dns",
            OutboundError::ConnectTimeout(_) => "connect_timeout",
            OutboundError::Connect(_) => "connect",
            OutboundError::Tls(_) => "tls",
            OutboundError::Timeout(_) => "timeout",
            OutboundError::TooManyRedirects { .. } => "too_many_redirects",
            OutboundError::BadRedirect { .. } => "bad_redirect",
            OutboundError::TooLarge { .. } => "too_large",
            OutboundError::Http(_) => "http",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
}

/// One call: a method, an address, headers and a body.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<Vec<u8>>,
}

impl Request {
    pub fn get(url: impl Into<String>) -> Request {
        Request { method: Method::Get, url: url.into(), headers: Vec::new(), body: None }
    }

    pub fn post(url: impl Into<String>, content_type: &str, body: Vec<u8>) -> Request {
        Request {
            method: Method::Post,
            url: url.into(),
            headers: vec![("content-type", content_type.to_string())],
            body: Some(body),
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Request {
        self.headers.push((name, value.into()));
        self
    }
}

/// An answer, read whole within the limits.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub status: u16,
    /// The address that answered, after redirects.
    pub url: String,
    pub redirects: usize,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// From the first byte sent to the last byte read.
    pub elapsed: Duration,
}

impl Fetched {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The guarded client. Build one at start-up and share it: its connections are pooled.
#[derive(Debug, Clone)]
pub struct Outbound {
    client: reqwest::Client,
    policy: Arc<Policy>,
    settings: Arc<OutboundSettings>,
}

impl Outbound {
    pub fn new(settings: OutboundSettings) -> Result<Outbound, OutboundError> {
        Outbound::with_lookup(settings, Lookup::System)
    }

    /// With names resolved by `lookup` (tests give a fixed table; the guard applies to its answers too).
    pub fn with_lookup(settings: OutboundSettings, lookup: Lookup) -> Result<Outbound, OutboundError> {
        let policy = Arc::new(settings.policy.clone());
        let resolver = resolver::GuardedResolver { policy: Arc::clone(&policy), lookup };
        let client = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(resolver))
            .connect_timeout(settings.connect_timeout)
            .user_agent(concat!("guichet/", env!("CARGO_PKG_VERSION")))
            .pool_idle_timeout(Duration::from_secs(30))
            .pool_max_idle_per_host(2)
            .build()
            .map_err(|e| OutboundError::Http(chain(&e)))?;
        Ok(Outbound { client, policy, settings: Arc::new(settings) })
    }

    pub fn settings(&self) -> &OutboundSettings {
        &self.settings
    }

    pub async fn get(&self, url: &str) -> Result<Fetched, OutboundError> {
        self.send(Request::get(url)).await
    }

    /// Sends `request`, following redirects within the limits; everything within `timeout`.
    pub async fn send(&self, request: Request) -> Result<Fetched, OutboundError> {
        let timeout = self.settings.timeout;
        tokio::time::timeout(timeout, self.send_unbounded(request))
            .await
            .map_err(|_| OutboundError::Timeout(timeout))?
    }

    async fn send_unbounded(&self, request: Request) -> Result<Fetched, OutboundError> {
        let started = Instant::now();
        let mut url = self.check_url(&request.url)?;
        let first_origin = url.origin();
        let follows = matches!(request.method, Method::Get | Method::Head);
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Head => reqwest::Method::HEAD,
            Method::Post => reqwest::Method::POST,
        };
        let mut headers = HeaderMap::new();
        for (name, value) in &request.headers {
            let value = HeaderValue::from_str(value).map_err(|e| OutboundError::Http(format!("header {name}: {e}")))?;
            headers.append(HeaderName::from_static(name), value);
        }
        let mut redirects = 0;
        loop {
            let mut call = self.client.request(method.clone(), url.clone()).headers(headers.clone());
            if let Some(body) = &request.body {
                call = call.body(body.clone());
            }
            let mut response = call.send().await.map_err(|e| self.error(&e))?;
            // A second look at the address actually connected (the resolver and the IP-literal check already
            // decided it; a way round them would be a bug).
            if let Some(remote) = response.remote_addr()
                && let Err(range) = self.policy.check(remote.ip())
            {
                let host = url.host_str().unwrap_or_default().to_string();
                return Err(OutboundError::Forbidden { host, addr: remote.ip(), range });
            }
            let status = response.status();
            if follows
                && matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
                && let Some(location) = response.headers().get(LOCATION)
            {
                if redirects >= self.settings.max_redirects {
                    return Err(OutboundError::TooManyRedirects { limit: self.settings.max_redirects });
                }
                redirects += 1;
                let location = String::from_utf8_lossy(location.as_bytes()).into_owned();
                let next =
                    url.join(&location).map_err(|_| OutboundError::BadRedirect { location: location.clone() })?;
                url = self.check_url(next.as_str())?;
                if url.origin() != first_origin {
                    for name in [AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION] {
                        headers.remove(name);
                    }
                }
                continue;
            }
            let body = read_capped(&mut response, self.settings.max_bytes).await.map_err(|e| match e {
                Capped::Over => OutboundError::TooLarge { status: status.as_u16(), limit: self.settings.max_bytes },
                Capped::Failed(e) => self.error(&e),
            })?;
            return Ok(Fetched {
                status: status.as_u16(),
                url: url.to_string(),
                redirects,
                headers: response.headers().clone(),
                body,
                elapsed: started.elapsed(),
            });
        }
    }

    /// The scheme, and the address of an IP-literal host (a name's addresses are checked by the resolver).
    fn check_url(&self, text: &str) -> Result<reqwest::Url, OutboundError> {
        let url = reqwest::Url::parse(text)
            .map_err(|e| OutboundError::BadUrl { url: text.to_string(), reason: e.to_string() })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(OutboundError::Scheme { scheme: url.scheme().to_string() });
        }
        let Some(host) = url.host_str() else {
            return Err(OutboundError::BadUrl { url: text.to_string(), reason: "no host".into() });
        };
        // The URL parser writes every IPv4 spelling (`2130706433`, `0x7f.1`) as a dotted quad, IPv6 in brackets.
        let literal = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host).parse::<IpAddr>();
        if let Ok(addr) = literal
            && let Err(range) = self.policy.check(addr)
        {
            return Err(OutboundError::Forbidden { host: host.to_string(), addr, range });
        }
        Ok(url)
    }

    /// What a reqwest error was: the guard's own refusal (from the resolver), TLS, a timeout, a connection.
    fn error(&self, e: &reqwest::Error) -> OutboundError {
        // An `io::Error`'s `source` skips the error it wraps: look inside it instead.
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
        while let Some(s) = source {
            if let Some(ours) = s.downcast_ref::<OutboundError>() {
                return ours.clone();
            }
            if let Some(tls) = s.downcast_ref::<rustls::Error>() {
                return OutboundError::Tls(tls.to_string());
            }
            source = match s.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref()) {
                Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
                None => s.source(),
            };
        }
        if e.is_connect() && e.is_timeout() {
            OutboundError::ConnectTimeout(self.settings.connect_timeout)
        } else if e.is_timeout() {
            OutboundError::Timeout(self.settings.timeout)
        } else if e.is_connect() {
            OutboundError::Connect(chain(e))
        } else {
            OutboundError::Http(chain(e))
        }
    }
}

enum Capped {
    Over,
    Failed(reqwest::Error),
}

/// The body, chunk by chunk, abandoned as soon as it would pass `limit` (a declared length past it is not read).
async fn read_capped(response: &mut reqwest::Response, limit: usize) -> Result<Vec<u8>, Capped> {
    if response.content_length().is_some_and(|n| usize::try_from(n).map_or(true, |n| n > limit)) {
        return Err(Capped::Over);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Capped::Failed)? {
        if body.len() + chunk.len() > limit {
            return Err(Capped::Over);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// An error and its causes on one line.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    text
}
