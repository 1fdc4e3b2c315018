//! `/`: to the visitor's language. `/{lang}/`: "What do you need to do?". `/{lang}/search`: the procedures that
//! match the person's words, where they live.

use super::forms::Fields;
use super::i18n::{Tr, negotiate};
use super::page::{Page, PageLang, WebError, html, see_other};
use super::words::{Loc, name, texts};
use crate::app::AppState;
use crate::catalog::Snapshot;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

/// `GET /`: the language the browser asks for (French when none of ours), remembered in the address from then on.
pub async fn root(req: HttpRequest) -> HttpResponse {
    let header = req.headers().get(actix_web::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let mut response = see_other(&format!("/{}/", negotiate(header).code()));
    response
        .headers_mut()
        .insert(actix_web::http::header::VARY, actix_web::http::header::HeaderValue::from_static("Accept-Language"));
    response
}

/// The needs people come with most. The Schaerbeek monitoring (seed-004) ranks population services, the CPAS,
/// unemployment and family allowances and taxes first; each button searches the person's words (a test checks that
/// each finds procedures in the shipped catalog).
pub const FREQUENT: [(&str, &str); 8] = [
    ("need-identity-card", "carte d'identité"),
    ("need-residence-certificate", "composition de ménage"),
    ("need-cpas", "revenu d'intégration"),
    ("need-unemployment", "chômage"),
    ("need-family-allowance", "allocations familiales"),
    ("need-taxes", "déclaration d'impôts"),
    ("need-change-of-address", "changement d'adresse"),
    ("need-study-grant", "bourse d'études"),
];

pub struct Frequent {
    pub label: String,
    pub href: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: Page,
    frequent: Vec<Frequent>,
}

#[tracing::instrument(skip_all)]
pub async fn home(req: HttpRequest, PageLang(lang): PageLang) -> Result<HttpResponse, WebError> {
    let tr = Tr::new(lang);
    let page = Page::new(lang, &req, tr.t("home-title"));
    let frequent = FREQUENT
        .iter()
        .map(|(key, words)| Frequent {
            label: tr.t(key),
            href: format!("/{}/search?{}", lang.code(), serde_urlencoded::to_string([("q", words)]).expect("encodes")),
        })
        .collect();
    Ok(html(StatusCode::OK, HomePage { page, frequent }.render()))
}

pub struct Hit {
    pub href: String,
    pub name: Loc,
    pub institution: Loc,
    pub summary: Option<Loc>,
    pub offline: bool,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    page: Page,
    q: String,
    place: String,
    place_label: Option<String>,
    place_unknown: bool,
    hits: Vec<Hit>,
}

pub use crate::catalog::places::find_place;

/// Procedures matching the words that serve the communes (all when none), best first.
pub fn search_procedures(s: &Snapshot, q: &str, communes: &[usize], limit: usize) -> Vec<usize> {
    let mut scored = crate::catalog::orientation::scored_procedures(s, q, communes);
    // A body of the person's own commune before regional and federal ones, at equal score (the sort is stable).
    let local = |i: usize| s.institutions[s.procedures[i].institution].commune.is_some_and(|c| communes.contains(&c));
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| local(b.1).cmp(&local(a.1))));
    scored.into_iter().take(limit).map(|(_, i)| i).collect()
}

#[tracing::instrument(skip_all)]
pub async fn search(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
) -> Result<HttpResponse, WebError> {
    let tr = Tr::new(lang);
    let fields = Fields::query(&req);
    let q: String = fields.text("q", 200);
    let place: String = fields.text("where", 100);
    let s = state.catalog.load();
    let communes = if place.is_empty() { Some(Vec::new()) } else { find_place(&s, &place) };
    let place_label = communes
        .as_ref()
        .filter(|c| !c.is_empty())
        .map(|c| c.iter().map(|&i| name(tr, &s.communes[i].name).text).collect::<Vec<_>>().join(", "));
    let hits = search_procedures(&s, &q, communes.as_deref().unwrap_or(&[]), 20)
        .into_iter()
        .map(|i| {
            let p = &s.procedures[i];
            Hit {
                href: format!("/{}/procedures/{}", lang.code(), p.slug),
                name: name(tr, &p.name),
                institution: name(tr, &s.institutions[p.institution].name),
                summary: texts(tr, &p.summary),
                offline: p.has_offline_alternative,
            }
        })
        .collect();
    let title = if q.is_empty() { tr.t("search-title") } else { tr.t1("search-title-for", "q", q.clone()) };
    let page = Page::new(lang, &req, title);
    let body = SearchPage { page, q, place_unknown: communes.is_none(), place, place_label, hits };
    Ok(html(StatusCode::OK, body.render()))
}
