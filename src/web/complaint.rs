//! "Signal a problem": the complaint form anyone may send (no account), and the tracking page of its code.

use super::forms::{Fields, anonymous_csrf};
use super::i18n::{Lang, Tr};
use super::page::{Page, PageLang, WebError, html, see_other};
use super::words::{Loc, name};
use crate::app::AppState;
use crate::app::complain::{self, tracking_code};
use crate::app::input::Fields as Input;
use crate::app::{AppError, FieldError};
use crate::domain::{ComplaintProblem, ComplaintState};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde_json::{Map, Value};

#[derive(Template)]
#[template(path = "complaint.html")]
struct ComplaintPage {
    page: Page,
    csrf: String,
    procedure: Option<(String, Loc)>,
    channels: Vec<(i64, String, bool)>,
    problems: Vec<super::report::Choice>,
    description: String,
    email: String,
    errors: Vec<(String, String)>,
}

fn complaint_page(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    fields: &Fields,
    errors: Vec<(String, String)>,
) -> (ComplaintPage, Option<actix_web::cookie::Cookie<'static>>) {
    let tr = Tr::new(lang);
    let s = state.catalog.load();
    let chosen = fields.get("channel_id").or_else(|| fields.get("channel")).and_then(|c| c.parse::<i64>().ok());
    let procedure = chosen
        .and_then(|id| s.channel(id))
        .map(|c| c.procedure)
        .or_else(|| fields.get("procedure").and_then(|slug| s.procedures_by_slug.get(&slug).copied()));
    let channels = procedure
        .map(|p| {
            s.procedures[p]
                .channels
                .iter()
                .map(|&c| {
                    let ch = &s.channels[c];
                    (ch.id, super::label::channel_label(tr, &s, ch), Some(ch.id) == chosen)
                })
                .collect()
        })
        .unwrap_or_default();
    let problem = fields.get("problem").unwrap_or_default();
    let (csrf, set) = anonymous_csrf(req);
    let page = ComplaintPage {
        page: Page::new(lang, req, tr.t("complaint-title")),
        csrf,
        procedure: procedure.map(|p| (s.procedures[p].slug.clone(), name(tr, &s.procedures[p].name))),
        channels,
        problems: ComplaintProblem::ALL
            .iter()
            .map(|p| super::report::Choice {
                value: p.as_str(),
                label: tr.t(&super::gaps::failure_reason_key(p.as_str())),
                selected: problem == p.as_str(),
            })
            .collect(),
        description: fields.get("description").unwrap_or_default(),
        email: fields.get("email").unwrap_or_default(),
        errors,
    };
    (page, set)
}

fn respond(status: StatusCode, page: &ComplaintPage, set: Option<actix_web::cookie::Cookie<'static>>) -> HttpResponse {
    let mut response = html(status, page.render());
    if let Some(c) = set {
        let _ = response.add_cookie(&c);
    }
    response
}

pub async fn complaint_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
) -> Result<HttpResponse, WebError> {
    let (page, set) = complaint_page(&req, &state, lang, &Fields::query(&req), Vec::new());
    if page.procedure.is_none() {
        return Err(WebError::NotFound(lang));
    }
    Ok(respond(StatusCode::OK, &page, set))
}

#[tracing::instrument(skip_all)]
pub async fn complaint(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let tr = Tr::new(lang);
    let fields = super::forms::posted_anonymous(&req, lang, &body)?;
    let mut map = Map::new();
    if let Some(v) = fields.get("channel_id") {
        map.insert("channel_id".into(), v.parse::<i64>().map(Value::from).unwrap_or(Value::String(v)));
    }
    for name in ["procedure", "problem", "description", "email"] {
        if let Some(v) = fields.get(name) {
            map.insert(name.into(), Value::String(v));
        }
    }
    let mut b = Input::from_map(map);
    let s = state.catalog.load();
    let parsed = complain::parse_complaint(&s, &mut b);
    let invalid = |errors: &[FieldError]| {
        let errors = errors.iter().map(|e| super::report::field_error(tr, e)).collect();
        let (page, set) = complaint_page(&req, &state, lang, &fields, errors);
        respond(StatusCode::UNPROCESSABLE_ENTITY, &page, set)
    };
    let Some(new) = parsed.filter(|_| b.errors.is_empty()) else {
        return Ok(invalid(&b.errors));
    };
    let client = crate::app::http::client_address(&req, state.trust_forwarded);
    match complain::file(&state, client, new).await {
        Ok(row) => Ok(see_other(&format!("/{}/complaints/{}", lang.code(), row.tracking_code))),
        Err(AppError::TooManyRequests { retry_after_secs }) => {
            Err(WebError::TooMany(lang, "error-too-many-text", retry_after_secs))
        }
        Err(e) => Err(WebError::app(lang)(e)),
    }
}

/// `GET /{lang}/complaints/track?code=…`: the form on the tracking page.
pub async fn track(req: HttpRequest, PageLang(lang): PageLang) -> Result<HttpResponse, WebError> {
    match Fields::query(&req).get("code").and_then(|c| tracking_code(&c).ok()) {
        Some(code) => Ok(see_other(&format!("/{}/complaints/{code}", lang.code()))),
        None => Err(WebError::NotFound(lang)),
    }
}

pub struct Event {
    pub state: String,
    pub at: String,
    pub note: Option<String>,
}

#[derive(Template)]
#[template(path = "complaint_track.html")]
struct TrackingPage {
    page: Page,
    code: String,
    procedure: Option<(Loc, String)>,
    problem: String,
    state: String,
    history: Vec<Event>,
}

fn state_words(tr: Tr, state: ComplaintState) -> String {
    tr.t(&format!("complaint-state-{state}"))
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
    let (row, events) = match complain::find(&state, &code).await {
        Ok(found) => found,
        Err(AppError::NotFound { .. } | AppError::InvalidParameters(_)) => return Err(WebError::NotFound(lang)),
        Err(e) => return Err(WebError::app(lang)(e)),
    };
    let s = state.catalog.load();
    let procedure = s
        .procedures
        .iter()
        .find(|p| p.id == row.procedure_id)
        .map(|p| (name(tr, &p.name), format!("/{}/procedures/{}", lang.code(), p.slug)));
    let when = |t: chrono::NaiveDateTime| {
        t.and_utc().with_timezone(&chrono_tz::Europe::Brussels).format("%d/%m/%Y %H:%M").to_string()
    };
    let body = TrackingPage {
        page: Page::new(lang, &req, tr.t("complaint-tracking-title")),
        code: row.tracking_code.clone(),
        procedure,
        problem: tr.t(&super::gaps::failure_reason_key(row.problem.as_str())),
        state: state_words(tr, row.state),
        history: events
            .into_iter()
            .map(|e| Event { state: state_words(tr, e.state), at: when(e.at), note: e.note })
            .collect(),
    };
    Ok(html(StatusCode::OK, body.render()))
}
