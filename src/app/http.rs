//! What the two HTTP doors (API and pages) both need to know of a request.

use actix_web::HttpRequest;
use std::net::IpAddr;

/// The client address per-client limits apply to: the peer, or behind a trusted reverse proxy the address in
/// `Forwarded` / `X-Forwarded-For` (never trusted by default: the header can be forged).
pub fn client_address(req: &HttpRequest, trust_forwarded: bool) -> IpAddr {
    let peer = req.peer_addr().map_or(IpAddr::from([0, 0, 0, 0]), |a| a.ip());
    if !trust_forwarded {
        return peer;
    }
    let info = req.connection_info();
    info.realip_remote_addr()
        .and_then(|a| a.parse::<IpAddr>().ok().or_else(|| a.parse::<std::net::SocketAddr>().ok().map(|s| s.ip())))
        .unwrap_or(peer)
}

/// The site's address for links handed out (sheets' QR codes, sign-in links): `GUICHET_PUBLIC_URL` when set
/// (behind a proxy, and so that a forged `Host` header cannot put another site in them), else the request's own
/// scheme and host.
pub fn public_base(public_url: Option<&str>, req: &HttpRequest) -> String {
    if let Some(base) = public_url {
        return base.trim_end_matches('/').to_string();
    }
    let info = req.connection_info();
    format!("{}://{}", info.scheme(), info.host())
}
/// The security headers of every response, whichever door answered it (API JSON, exports, feeds, the API's
/// documentation, pages, errors, 404s). A header a handler already set is kept (pages send their own CSP and
/// referrer policy); `Cache-Control: no-store` replaces any other caching when the response must not be kept:
/// it answers a bearer token or a session, follows a complaint, or sets a cookie.
pub mod headers {
    use actix_web::body::{BoxBody, MessageBody};
    use actix_web::dev::{ServiceRequest, ServiceResponse};
    use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
    use actix_web::middleware::Next;

    /// JSON, CSV, GeoJSON, Atom, redirects, errors: nothing to run, load or frame.
    pub const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";
    /// Swagger UI, vendored and served from `/docs/`: its own scripts and styles, the inline styles its components
    /// set, its data-URI images, and the spec fetched from here.
    pub const DOCS_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// Whether the response to this request must never be stored, judged from the request alone.
    pub fn must_not_store(path: &str, authorised: bool, session: bool) -> bool {
        if authorised || session {
            return true;
        }
        if path.starts_with("/api/v1/complaints") {
            return true;
        }
        // Pages are `/{lang}/…`: the complaint forms and tracking, sign-in and the report form.
        let rest = path.strip_prefix('/').and_then(|p| p.split_once('/')).map_or("", |(_, rest)| rest);
        ["complaints", "signin", "signout", "report"].iter().any(|p| rest == *p || rest.starts_with(&format!("{p}/")))
    }

    /// Adds the headers to a response of `path`.
    pub fn apply(headers: &mut HeaderMap, path: &str, no_store: bool) {
        let csp = if path == "/docs" || path.starts_with("/docs/") { DOCS_CSP } else { API_CSP };
        let defaults: [(HeaderName, &'static str); 4] = [
            (header::CONTENT_SECURITY_POLICY, csp),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::X_FRAME_OPTIONS, "DENY"),
            (header::REFERRER_POLICY, "no-referrer"),
        ];
        for (name, value) in defaults {
            if !headers.contains_key(&name) {
                headers.insert(name, HeaderValue::from_static(value));
            }
        }
        if no_store || headers.contains_key(header::SET_COOKIE) {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
    }

    /// The middleware (`actix_web::middleware::from_fn`), outermost.
    pub async fn middleware(
        req: ServiceRequest,
        next: Next<impl MessageBody + 'static>,
    ) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
        let path = req.path().to_string();
        let authorised = req.headers().contains_key(header::AUTHORIZATION);
        let session = req.cookie(crate::app::http::SESSION_COOKIE).is_some();
        let no_store = must_not_store(&path, authorised, session);
        // Handlers' and extractors' errors arrive here as responses; only a failing middleware inside this one
        // would return an `Err` (none does).
        let mut res = next.call(req).await?.map_into_boxed_body();
        apply(res.headers_mut(), &path, no_store);
        Ok(res)
    }
}

/// `HEAD` answered wherever `GET` is: the request is routed as a `GET`; the server sends the headers only (the
/// HTTP/1 codec remembers that the request was a `HEAD`).
pub async fn head_as_get(
    mut req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    if req.method() == actix_web::http::Method::HEAD {
        req.head_mut().method = actix_web::http::Method::GET;
    }
    next.call(req).await
}

/// The name of the reporters' session cookie (set by the pages; it marks a response as private to its holder).
pub const SESSION_COOKIE: &str = "guichet_session";
