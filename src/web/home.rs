//! `/`: to the visitor's language. `/{lang}/`: "What do you need to do?". `/{lang}/search`: the procedures that
//! match the person's words, where they live.

use super::forms::Fields;
use super::i18n::{Tr, negotiate};
use super::page::{Page, PageLang, WebError, html, see_other};
use super::places::{PlaceAnswer, answer};
use super::words::{Loc, name, texts};
use crate::app::AppState;
use crate::catalog::Snapshot;
use crate::catalog::places::find_place;
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

/// One result: a procedure, or the identical procedures of several communes with a "which commune?" choice.
pub struct Hit {
    pub href: String,
    pub name: Loc,
    /// The institution; for a group, none (each choice names its commune).
    pub institution: Option<Loc>,
    pub summary: Option<Loc>,
    /// It has an offline alternative (a group: one of its procedures at least; each choice then says its own).
    pub offline: bool,
    /// Identical procedures of several communes, one link each.
    pub choices: Vec<CommuneChoice>,
}

pub struct CommuneChoice {
    pub href: String,
    pub label: Loc,
    pub offline: bool,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    page: Page,
    q: String,
    place: String,
    answer: PlaceAnswer,
    hits: Vec<Hit>,
}

/// Procedures matching the words that serve the communes (all when none), best first.
pub fn search_procedures(s: &Snapshot, q: &str, communes: &[usize], limit: usize) -> Vec<usize> {
    let mut scored = crate::catalog::orientation::scored_procedures(s, q, communes);
    // A body of the person's own commune before regional and federal ones, at equal score (the sort is stable).
    let local = |i: usize| s.institutions[s.procedures[i].institution].commune.is_some_and(|c| communes.contains(&c));
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| local(b.1).cmp(&local(a.1))));
    scored.into_iter().take(limit).map(|(_, i)| i).collect()
}

/// Results shown on one page.
const RESULTS: usize = 20;

/// The results as hits: procedures of local bodies (a commune, a CPAS) with the same title in the page's language
/// become one hit, where the first of them ranked, with a link per commune.
fn hits(tr: Tr, s: &Snapshot, lang: &str, found: &[usize]) -> Vec<Hit> {
    let href = |i: usize| format!("/{lang}/procedures/{}", s.procedures[i].slug);
    let local = |i: usize| s.institutions[s.procedures[i].institution].commune;
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &i in found {
        let title = name(tr, &s.procedures[i].name).text;
        let same = groups
            .iter_mut()
            .find(|g| local(i).is_some() && local(g[0]).is_some() && name(tr, &s.procedures[g[0]].name).text == title);
        match same {
            Some(g) => g.push(i),
            None => groups.push(vec![i]),
        }
    }
    groups
        .into_iter()
        .take(RESULTS)
        .map(|g| {
            let first = &s.procedures[g[0]];
            if g.len() == 1 {
                return Hit {
                    href: href(g[0]),
                    name: name(tr, &first.name),
                    institution: Some(name(tr, &s.institutions[first.institution].name)),
                    summary: texts(tr, &first.summary),
                    offline: first.has_offline_alternative,
                    choices: Vec::new(),
                };
            }
            // A commune named twice (its administration and its CPAS) is told apart by the institution's name.
            let communes: Vec<Option<usize>> = g.iter().map(|&i| local(i)).collect();
            let unique = communes.iter().enumerate().all(|(n, c)| !communes[..n].contains(c));
            let mut choices: Vec<CommuneChoice> = g
                .iter()
                .map(|&i| {
                    let p = &s.procedures[i];
                    let label = match local(i).filter(|_| unique) {
                        Some(c) => name(tr, &s.communes[c].name),
                        None => name(tr, &s.institutions[p.institution].name),
                    };
                    CommuneChoice { href: href(i), label, offline: p.has_offline_alternative }
                })
                .collect();
            choices.sort_by(|a, b| {
                crate::domain::text::fold(&a.label.text).cmp(&crate::domain::text::fold(&b.label.text))
            });
            let summaries: Vec<Option<String>> =
                g.iter().map(|&i| texts(tr, &s.procedures[i].summary).map(|l| l.text)).collect();
            let same_summary = summaries.iter().all(|x| *x == summaries[0]);
            // None with an offline alternative: said once, for the group, not on every commune.
            let none = choices.iter().all(|c| !c.offline);
            if none {
                choices.iter_mut().for_each(|c| c.offline = true);
            }
            Hit {
                href: href(g[0]),
                name: name(tr, &first.name),
                institution: None,
                summary: if same_summary { texts(tr, &first.summary) } else { None },
                offline: !none,
                choices,
            }
        })
        .collect()
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
    let found = find_place(&s, &place);
    let again = |commune: &str| {
        let query = serde_urlencoded::to_string([("q", q.as_str()), ("where", commune)]).expect("encodes");
        format!("/{}/search?{query}", lang.code())
    };
    let answer = answer(tr, &s, &place, &found, again);
    let matches = search_procedures(&s, &q, &found.communes(), usize::MAX);
    let hits = hits(tr, &s, lang.code(), &matches);
    let title = if q.is_empty() { tr.t("search-title") } else { tr.t1("search-title-for", "q", q.clone()) };
    let page = Page::new(lang, &req, title);
    let body = SearchPage { page, q, place, answer, hits };
    Ok(html(StatusCode::OK, body.render()))
}
