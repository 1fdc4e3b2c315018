//! "Suggest a correction": anyone (no account; a signed-in reporter's organisation is kept, never shown) proposes
//! a change to a way — what they saw and the day — and follows it with a tracking code, as for complaints. The
//! proposal is checked by the API's own validator (`app::suggest::parse_proposal`, the privacy gate included).

use super::forms::{self, Fields, anonymous_csrf};
use super::i18n::{Lang, Tr};
use super::label::channel_label;
use super::page::{Page, PageLang, WebError, html, see_other};
use super::report::{Choice, field_error};
use super::words::{Loc, name};
use crate::app::complain::tracking_code;
use crate::app::input::Fields as Input;
use crate::app::suggest;
use crate::app::{AppError, AppState};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde_json::{Map, Value};

/// The words of a subject a suggestion may be about.
pub(super) fn fact_words(tr: Tr, fact: &str) -> String {
    tr.t(&super::words::code_key("suggest-fact", fact))
}

#[derive(Template)]
#[template(path = "suggest.html")]
struct SuggestPage {
    page: Page,
    csrf: String,
    id: i64,
    procedure: Loc,
    procedure_href: String,
    label: String,
    facts: Vec<Choice>,
    seen: String,
    seen_on: String,
    proposed: String,
    errors: Vec<(String, String)>,
}

fn way(req: &HttpRequest, state: &AppState, lang: Lang) -> Result<usize, WebError> {
    let id: i64 = req.match_info().get("id").and_then(|v| v.parse().ok()).ok_or(WebError::NotFound(lang))?;
    state.catalog.load().channels_by_id.get(&id).copied().ok_or(WebError::NotFound(lang))
}

fn suggest_page(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    index: usize,
    fields: &Fields,
    errors: Vec<(String, String)>,
) -> (SuggestPage, Option<actix_web::cookie::Cookie<'static>>) {
    let tr = Tr::new(lang);
    let s = state.catalog.load();
    let c = &s.channels[index];
    let p = &s.procedures[c.procedure];
    let chosen = fields.get("fact").unwrap_or_default();
    let (csrf, set) = anonymous_csrf(req);
    let page = SuggestPage {
        page: Page::new(lang, req, tr.t("suggest-title")),
        csrf,
        id: c.id,
        procedure: name(tr, &p.name),
        procedure_href: format!("/{}/procedures/{}#channel-{}", lang.code(), p.slug, c.id),
        label: channel_label(tr, &s, c),
        facts: suggest::subjects()
            .map(|f| Choice { value: f, label: fact_words(tr, f), selected: chosen == f })
            .collect(),
        seen: fields.get("seen").unwrap_or_default(),
        seen_on: fields.get("seen_on").unwrap_or_else(|| crate::app::brussels_date(chrono::Utc::now()).to_string()),
        proposed: fields.get("proposed").unwrap_or_default(),
        errors,
    };
    (page, set)
}

fn respond(status: StatusCode, page: &SuggestPage, set: Option<actix_web::cookie::Cookie<'static>>) -> HttpResponse {
    let mut response = html(status, page.render());
    if let Some(c) = set {
        let _ = response.add_cookie(&c);
    }
    response
}

pub async fn suggest_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
) -> Result<HttpResponse, WebError> {
    let index = way(&req, &state, lang)?;
    let (page, set) = suggest_page(&req, &state, lang, index, &Fields::query(&req), Vec::new());
    Ok(respond(StatusCode::OK, &page, set))
}

#[tracing::instrument(skip_all)]
pub async fn suggest(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let tr = Tr::new(lang);
    let fields = forms::posted_anonymous(&req, lang, &body)?;
    let index = way(&req, &state, lang)?;
    let mut map = Map::new();
    for name in ["fact", "seen", "seen_on", "proposed"] {
        if let Some(v) = fields.get(name).filter(|v| !v.is_empty()) {
            map.insert(name.into(), Value::String(v));
        }
    }
    let mut b = Input::from_map(map);
    let ctx = state.ctx();
    let parsed = suggest::parse_proposal(&mut b, ctx.today);
    let Some(proposal) = parsed.filter(|_| b.errors.is_empty()) else {
        let errors = b.errors.iter().map(|e| field_error(tr, e)).collect();
        let (page, set) = suggest_page(&req, &state, lang, index, &fields, errors);
        return Ok(respond(StatusCode::UNPROCESSABLE_ENTITY, &page, set));
    };
    // A signed-in reporter's organisation is kept with the proposal (never shown publicly).
    let session = forms::session(&state, &req).await.map_err(WebError::store(lang))?;
    let client = crate::app::http::client_address(&req, state.trust_forwarded);
    let id = state.catalog.load().channels[index].id;
    match suggest::propose(&state, client, session.as_ref().map(|s| &s.principal), id, proposal).await {
        Ok(row) => Ok(see_other(&format!("/{}/suggestions/{}", lang.code(), row.tracking_code))),
        Err(AppError::TooManyRequests { retry_after_secs }) => {
            Err(WebError::TooMany(lang, "error-too-many-text", retry_after_secs))
        }
        Err(AppError::NotFound { .. }) => Err(WebError::NotFound(lang)),
        Err(e) => Err(WebError::app(lang)(e)),
    }
}

/// `GET /{lang}/suggestions/track?code=…`.
pub async fn track(req: HttpRequest, PageLang(lang): PageLang) -> Result<HttpResponse, WebError> {
    match Fields::query(&req).get("code").and_then(|c| tracking_code(&c).ok()) {
        Some(code) => Ok(see_other(&format!("/{}/suggestions/{code}", lang.code()))),
        None => Err(WebError::NotFound(lang)),
    }
}

#[derive(Template)]
#[template(path = "suggestion_track.html")]
struct TrackingPage {
    page: Page,
    code: String,
    procedure: Option<(Loc, String)>,
    way: Option<String>,
    fact: String,
    seen_on: String,
    state: String,
    decided: Option<String>,
    reason: Option<String>,
}

#[tracing::instrument(skip(state, req))]
pub async fn tracking_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let (_, code) = path.into_inner();
    let tr = Tr::new(lang);
    let row = match suggest::follow(&state, &code).await {
        Ok(row) => row,
        Err(AppError::NotFound { .. } | AppError::InvalidParameters(_)) => return Err(WebError::NotFound(lang)),
        Err(e) => return Err(WebError::app(lang)(e)),
    };
    let s = state.catalog.load();
    let c = s.channel(row.channel_id);
    let procedure = c.map(|c| {
        let p = &s.procedures[c.procedure];
        (name(tr, &p.name), format!("/{}/procedures/{}#channel-{}", lang.code(), p.slug, c.id))
    });
    let when = |t: chrono::NaiveDateTime| {
        t.and_utc().with_timezone(&chrono_tz::Europe::Brussels).format("%d/%m/%Y").to_string()
    };
    let body = TrackingPage {
        page: Page::new(lang, &req, tr.t("suggest-tracking-title")),
        code: row.tracking_code.clone(),
        procedure,
        way: c.map(|c| channel_label(tr, &s, c)),
        fact: fact_words(tr, &row.fact),
        seen_on: row.seen_on.clone(),
        state: tr.t(&format!("suggest-state-{}", row.state)),
        decided: row.decided_at.map(when),
        reason: row.reason.clone(),
    };
    Ok(html(StatusCode::OK, body.render()))
}
