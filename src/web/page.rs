//! What every page shares: its language, title, the language switch, the stylesheet address, and the HTML
//! errors (the pages never answer JSON).

use super::assets;
use super::i18n::{Lang, Tr};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use askama::Template;

/// A link to the same page in another language.
pub struct Alternate {
    pub code: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

pub struct Page {
    pub tr: Tr,
    pub lang: &'static str,
    pub dir: &'static str,
    pub title: String,
    pub alternates: Vec<Alternate>,
    pub css: String,
    pub icons: String,
    /// The reporter's organisation when signed in.
    pub signed_in: Option<String>,
}

impl Page {
    pub fn new(lang: Lang, req: &HttpRequest, title: String) -> Page {
        Page {
            tr: Tr::new(lang),
            lang: lang.code(),
            dir: lang.dir(),
            title,
            alternates: alternates(lang, req),
            css: assets::url("style.css"),
            icons: assets::url("icons.svg"),
            signed_in: None,
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    /// A link inside the site, in this page's language.
    pub fn href(&self, path: &str) -> String {
        format!("/{}{path}", self.lang)
    }

    pub fn icon(&self, name: &str) -> String {
        format!("{}#{name}", self.icons)
    }
}

/// The same path and query in each interface language.
fn alternates(lang: Lang, req: &HttpRequest) -> Vec<Alternate> {
    let path = req.path();
    let rest = path.get(3..).unwrap_or("/");
    let query = req.query_string();
    Lang::UI
        .into_iter()
        .map(|l| {
            let mut href = format!("/{}{}", l.code(), if rest.is_empty() { "/" } else { rest });
            if !query.is_empty() {
                href.push('?');
                href.push_str(query);
            }
            Alternate { code: l.code(), name: l.native_name(), href, current: l == lang }
        })
        .collect()
}

/// Renders a page: HTML with the security headers of every page. A `200` gets its caching from the middlewares:
/// `public, max-age=30` with an `ETag` when anonymous and in the read model (`app::cache`), `no-store` when it holds
/// a session, a form's token or a complaint (`app::http::headers`); any other status is never cached.
pub fn html(status: StatusCode, body: Result<String, askama::Error>) -> HttpResponse {
    match body {
        Ok(body) => {
            let mut res = HttpResponse::build(status);
            res.content_type("text/html; charset=utf-8")
                .insert_header(("Content-Security-Policy", CSP))
                .insert_header(("X-Content-Type-Options", "nosniff"))
                .insert_header(("Referrer-Policy", "same-origin"));
            if status != StatusCode::OK {
                res.insert_header(("Cache-Control", "private, no-cache"));
            }
            res.body(body)
        }
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            HttpResponse::InternalServerError().content_type("text/plain; charset=utf-8").body("Internal error")
        }
    }
}

/// No script, no third party: styles and images from this server only; forms post here only; never framed.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
frame-ancestors 'none'; base-uri 'none'";

/// What can go wrong on a page, shown as a page in the visitor's language.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("not found")]
    NotFound(Lang),
    #[error("form too large")]
    TooLarge(Lang),
    #[error("forbidden: {1}")]
    Forbidden(Lang, &'static str),
    /// Too many requests from this address: the message key (with `$minutes`) and the seconds to wait.
    #[error("too many requests")]
    TooMany(Lang, &'static str, u64),
    /// The database cannot be reached (within `GUICHET_DB_TIMEOUT`): 503, try again shortly.
    #[error("database unavailable: {1}")]
    Unavailable(Lang, String),
    #[error("internal: {0}")]
    Internal(String),
}

impl WebError {
    /// A use case's error on a page in `lang` (the database gone: the 503 page in that language).
    pub fn app(lang: Lang) -> impl FnOnce(crate::app::AppError) -> WebError {
        move |e| match e {
            crate::app::AppError::Unavailable(e) => WebError::Unavailable(lang, e.to_string()),
            other => WebError::Internal(other.to_string()),
        }
    }

    /// A store error on a page in `lang`.
    pub fn store(lang: Lang) -> impl FnOnce(crate::store::StoreError) -> WebError {
        move |e| WebError::app(lang)(e.into())
    }
}

impl From<crate::store::StoreError> for WebError {
    fn from(e: crate::store::StoreError) -> Self {
        WebError::store(Lang::Fr)(e)
    }
}

impl From<crate::app::AppError> for WebError {
    fn from(e: crate::app::AppError) -> Self {
        WebError::app(Lang::Fr)(e)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: Page,
    heading: String,
    message: String,
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match self {
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::Forbidden(..) => StatusCode::FORBIDDEN,
            WebError::TooMany(..) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Unavailable(..) => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let (lang, heading, message) = match self {
            WebError::NotFound(l) => (*l, "error-not-found", Tr::new(*l).t("error-not-found-text")),
            WebError::TooLarge(l) => (*l, "error-forbidden", Tr::new(*l).t("error-form-too-large")),
            WebError::Forbidden(l, why) => (*l, "error-forbidden", Tr::new(*l).t(why)),
            WebError::TooMany(l, key, secs) => {
                (*l, "error-too-many", Tr::new(*l).t1(key, "minutes", secs.div_ceil(60)))
            }
            WebError::Unavailable(l, e) => {
                tracing::warn!(error = %e, "page failed: database unavailable");
                (*l, "error-unavailable", Tr::new(*l).t("error-unavailable-text"))
            }
            WebError::Internal(e) => {
                tracing::error!(error = %e, "page failed");
                (Lang::Fr, "error-internal", Tr::new(Lang::Fr).t("error-internal-text"))
            }
        };
        let tr = Tr::new(lang);
        let page = Page {
            tr,
            lang: lang.code(),
            dir: lang.dir(),
            title: tr.t(heading),
            alternates: Vec::new(),
            css: assets::url("style.css"),
            icons: assets::url("icons.svg"),
            signed_in: None,
        };
        let mut response = html(self.status_code(), ErrorPage { heading: tr.t(heading), message, page }.render());
        let retry_after = match self {
            WebError::TooMany(_, _, secs) => Some(*secs),
            WebError::Unavailable(..) => Some(5),
            _ => None,
        };
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(actix_web::http::header::RETRY_AFTER, actix_web::http::header::HeaderValue::from(secs));
        }
        response
    }
}

/// The interface language of a path segment; anything else is a 404.
pub fn ui_lang(code: &str) -> Result<Lang, WebError> {
    Lang::from_code(code).filter(|l| l.is_ui()).ok_or(WebError::NotFound(Lang::Fr))
}

/// The interface language of the page's path (`/{lang}/…`), read once for every page handler; any other is the
/// 404 page.
pub struct PageLang(pub Lang);

impl actix_web::FromRequest for PageLang {
    type Error = WebError;
    type Future = std::future::Ready<Result<Self, WebError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(ui_lang(req.match_info().get("lang").unwrap_or_default()).map(PageLang))
    }
}

/// A 303 to another page (after a form, or to the visitor's language).
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header(("Location", location)).finish()
}
