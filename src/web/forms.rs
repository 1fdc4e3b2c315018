//! Form and query fields of the pages, and the anti-forgery tokens: the session's own token for signed-in
//! reporters; for the forms anyone may send (complaint, sign-in), a random cookie and, in the form, its HMAC under
//! the server's key (`app::state::form_token`) — a pair only the server can issue.

use super::i18n::Lang;
use super::page::WebError;
use crate::app::AppState;
use crate::app::state::form_token;
use crate::store::sessions::{Session, find_session, random_token};
use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite};

pub use crate::app::http::SESSION_COOKIE;
pub const CSRF_COOKIE: &str = "guichet_csrf";
/// The largest form body accepted (an observation or a complaint is well under 4 KB).
pub const MAX_FORM: usize = 16 * 1024;

/// A posted form, refused whole (413) when larger than `MAX_FORM`.
pub fn posted(lang: Lang, body: &[u8]) -> Result<Fields, WebError> {
    if body.len() > MAX_FORM {
        return Err(WebError::TooLarge(lang));
    }
    Ok(Fields::parse(body))
}

/// A posted form anyone may send: it must carry the visitor's own double-submit token (403 otherwise).
pub fn posted_anonymous(req: &HttpRequest, lang: Lang, body: &[u8]) -> Result<Fields, WebError> {
    let fields = posted(lang, body)?;
    if anonymous_csrf_ok(req, &fields) { Ok(fields) } else { Err(WebError::Forbidden(lang, "error-csrf")) }
}

/// Fields of a query string or an `application/x-www-form-urlencoded` body, in order; a name may repeat.
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub fn parse(raw: &[u8]) -> Fields {
        Fields(serde_urlencoded::from_bytes::<Vec<(String, String)>>(raw).unwrap_or_default())
    }

    pub fn query(req: &HttpRequest) -> Fields {
        Fields::parse(req.query_string().as_bytes())
    }

    /// The first non-empty value, trimmed.
    pub fn get(&self, name: &str) -> Option<String> {
        self.0.iter().find(|(k, v)| k == name && !v.trim().is_empty()).map(|(_, v)| v.trim().to_string())
    }

    /// The value cut to `max` characters (empty when absent): what a search box may echo back.
    pub fn text(&self, name: &str, max: usize) -> String {
        self.get(name).unwrap_or_default().chars().take(max).collect()
    }

    pub fn flag(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| v == "true" || v == "on" || v == "1")
    }
}

/// Equal without telling by its timing how much matched.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn secure(req: &HttpRequest) -> bool {
    req.connection_info().scheme() == "https"
}

pub fn cookie<'a>(req: &HttpRequest, name: &'a str, value: String, max_age_secs: i64) -> Cookie<'a> {
    Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(if name == SESSION_COOKIE { SameSite::Lax } else { SameSite::Strict })
        .secure(secure(req))
        .max_age(actix_web::cookie::time::Duration::seconds(max_age_secs))
        .finish()
}

fn form_key(req: &HttpRequest) -> &[u8] {
    req.app_data::<actix_web::web::Data<AppState>>().map_or(&[], |state| state.form_key.as_slice())
}

fn well_formed(cookie: &str) -> bool {
    cookie.len() == 64 && cookie.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The anti-forgery token of this visitor's form, signed for the visitor's cookie (a new cookie to set when they
/// have none).
pub fn anonymous_csrf(req: &HttpRequest) -> (String, Option<Cookie<'static>>) {
    match req.cookie(CSRF_COOKIE).map(|c| c.value().to_string()).filter(|v| well_formed(v)) {
        Some(value) => (form_token(form_key(req), &value), None),
        None => {
            let value = random_token();
            (form_token(form_key(req), &value), Some(cookie(req, CSRF_COOKIE, value, 24 * 3600)))
        }
    }
}

/// Whether a posted anonymous form carries the token the server signed for the visitor's cookie.
pub fn anonymous_csrf_ok(req: &HttpRequest, fields: &Fields) -> bool {
    match (req.cookie(CSRF_COOKIE), fields.get("csrf")) {
        (Some(c), Some(sent)) => well_formed(c.value()) && same(&form_token(form_key(req), c.value()), &sent),
        _ => false,
    }
}

/// The signed-in reporter, if the session cookie is live.
pub async fn session(state: &AppState, req: &HttpRequest) -> Result<Option<Session>, crate::store::StoreError> {
    let Some(cookie) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string()) else { return Ok(None) };
    if cookie.len() != 64 || !cookie.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    crate::store::blocking(&state.pool, move |conn| find_session(conn, &cookie)).await
}
