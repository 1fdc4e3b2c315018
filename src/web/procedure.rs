//! `/{lang}/procedures/{slug}`: what the procedure is, then every way to do it, in words, with whether it works.

use super::i18n::{Lang, Tr};
use super::page::{Page, PageLang, WebError, html};
use super::words::{Card, Loc, card, name, texts};
use crate::app::AppState;
use crate::app::Ctx;
use crate::catalog::{Procedure, Snapshot};
use crate::domain::Identification;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

pub struct SheetLink {
    pub code: &'static str,
    pub name: &'static str,
}

pub fn sheet_links() -> Vec<SheetLink> {
    Lang::SHEET.iter().map(|l| SheetLink { code: l.code(), name: l.native_name() }).collect()
}

#[derive(Template)]
#[template(path = "procedure.html")]
struct ProcedurePage {
    page: Page,
    slug: String,
    institution: Loc,
    institution_href: String,
    summary: Option<Loc>,
    documents: Vec<Loc>,
    identification: Vec<String>,
    online_url: Option<String>,
    offline: bool,
    /// No usable alternative, but channels that would be one lack the facts to use them.
    unverified: bool,
    deadline: Option<Loc>,
    /// What sources say the procedure does not offer, in words, with the source.
    absent: Vec<(String, Option<Loc>, Vec<String>, Loc)>,
    quotes: Vec<String>,
    cards: Vec<Card>,
    /// The online ways, gathered in one section: a website and the kiosks of a town hall are one "online".
    online: Vec<Card>,
    note: Option<Loc>,
    source_title: Loc,
    source_url: Option<String>,
    sheets: Vec<SheetLink>,
}

/// The channels in the order a person should consider them: offline alternatives that work first, online last.
pub fn ordered_cards(tr: Tr, s: &Snapshot, p: &Procedure, ctx: &Ctx) -> Vec<Card> {
    let mut cards: Vec<Card> = p.channels.iter().map(|&c| card(tr, s, &s.channels[c], ctx)).collect();
    let rank = |c: &Card| {
        let status = match c.status.class {
            "ok" => 0,
            "warn" => 1,
            "unknown" => 2,
            _ => 3,
        };
        (!c.offline, c.kind == "online" || c.kind == "email", status)
    };
    cards.sort_by_key(rank);
    cards
}

pub fn identification_words(tr: Tr, ids: &[Identification]) -> Vec<String> {
    ids.iter()
        .map(|i| {
            tr.t(match i {
                Identification::Eid => "id-eid",
                Identification::Itsme => "id-itsme",
                Identification::EmailAccount => "id-email-account",
                Identification::None => "id-none",
            })
        })
        .collect()
}

#[tracing::instrument(skip(state, req))]
pub async fn procedure_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let (_, slug) = path.into_inner();
    let tr = Tr::new(lang);
    let s = state.catalog.load();
    let p = s.procedure(&slug).ok_or(WebError::NotFound(lang))?;
    let ctx = state.ctx();
    let inst = &s.institutions[p.institution];
    let source = s.source(p.source);
    let (online, cards): (Vec<Card>, Vec<Card>) =
        ordered_cards(tr, &s, p, &ctx).into_iter().partition(|c| c.kind == "online");
    let body = ProcedurePage {
        page: Page::new(lang, &req, name(tr, &p.name).text),
        slug: p.slug.clone(),
        institution: name(tr, &inst.name),
        institution_href: format!("/{}/institutions/{}", lang.code(), inst.slug),
        summary: texts(tr, &p.summary),
        documents: p.documents.iter().filter_map(|d| texts(tr, d)).collect(),
        identification: identification_words(tr, &p.identification),
        online_url: p.online_url.clone(),
        offline: p.has_offline_alternative,
        unverified: !p.has_offline_alternative && p.has_unverified_alternative,
        deadline: super::words::opt_texts(tr, &p.deadline),
        absent: p
            .absent
            .iter()
            .map(|a| {
                let kinds: Vec<String> = a.kinds.iter().map(|&k| tr.t(super::words::kind_key(k))).collect();
                (
                    tr.t1("absent-kinds", "kinds", kinds.join(", ")),
                    super::words::opt_texts(tr, &a.note),
                    a.quotes.iter().map(|q| super::text::quote_html(tr, q)).collect(),
                    super::words::source_title(tr, s.source(a.source)),
                )
            })
            .collect(),
        quotes: p.quotes.iter().map(|q| super::text::quote_html(tr, q)).collect(),
        cards,
        online,
        note: super::words::opt_texts(tr, &p.note),
        source_title: super::words::source_title(tr, source),
        source_url: source.and_then(|s| s.url.clone()),
        sheets: sheet_links(),
    };
    Ok(html(StatusCode::OK, body.render()))
}
