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
