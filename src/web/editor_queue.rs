//! The suggestion queue on the pages: an editor sees the pending suggestions on their institutions' ways (admins
//! every one), opens one, and accepts it — the way's facts as they now are, on the facts form, prefilled with the
//! proposed value, and/or a declared status; the source is "reported by <organisation> on <date>" — or rejects it
//! with a reason the proposer reads with their tracking code.

use super::editor::{in_scope, require_editor};
use super::fact_form::{self, FactForm};
use super::forms::Fields;
use super::i18n::{Lang, Tr};
use super::label::channel_label;
use super::page::{Page, PageLang, WebError, html, see_other};
use super::report::{Choice, field_error};
use super::suggest::fact_words;
use super::words::{Loc, declared_key, name};
use crate::app::input::{Fields as Input, Pagination};
use crate::app::{AppError, AppState, stated, suggest};
use crate::domain::DeclaredState;
use crate::store::sessions::Session;
use crate::store::suggestions::SuggestionRow;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde_json::{Map, Value};

const PER_PAGE: u32 = 50;

pub struct Item {
    pub href: String,
    pub procedure: Loc,
    pub way: String,
    pub fact: String,
    pub seen_on: String,
    pub from: String,
}

#[derive(Template)]
#[template(path = "editor_queue.html")]
struct QueuePage {
    page: Page,
    items: Vec<Item>,
    total: i64,
    number: u32,
    previous: Option<String>,
    next: Option<String>,
    notice: Option<String>,
}

fn from_words(tr: Tr, organisation: Option<&str>) -> String {
    organisation.map_or_else(|| tr.t("suggest-from-visitor"), str::to_string)
}

pub async fn queue(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
) -> Result<HttpResponse, WebError> {
    let session = match require_editor(&state, &req, lang).await? {
        Ok(s) => s,
        Err(redirect) => return Ok(redirect),
    };
    let tr = Tr::new(lang);
    let query = Fields::query(&req);
    let number =
        query.get("page").and_then(|p| p.parse::<u32>().ok()).filter(|p| (1..=100_000).contains(p)).unwrap_or(1);
    let (rows, total) =
        suggest::queue(&state, &session.principal, "pending", Pagination { page: number, per_page: PER_PAGE })
            .await
            .map_err(WebError::app(lang))?;
    let s = state.catalog.load();
    let items = rows
        .iter()
        .filter_map(|(row, organisation)| {
            let c = s.channel(row.channel_id)?;
            Some(Item {
                href: format!("/{}/editor/suggestions/{}", lang.code(), row.tracking_code),
                procedure: name(tr, &s.procedures[c.procedure].name),
                way: channel_label(tr, &s, c),
                fact: fact_words(tr, &row.fact),
                seen_on: row.seen_on.clone(),
                from: from_words(tr, organisation.as_deref()),
            })
        })
        .collect();
    let link = |n: u32| format!("/{}/editor/suggestions?page={n}", lang.code());
    let pages = u32::try_from((total + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE)).unwrap_or(u32::MAX);
    let notice = match query.get("done").as_deref() {
        Some("accepted") => Some(tr.t("editor-suggestion-accepted")),
        Some("rejected") => Some(tr.t("editor-suggestion-rejected")),
        _ => None,
    };
    let mut page = Page::new(lang, &req, tr.t("editor-queue-title"));
    page.signed_in = Some(super::report::signed_in_as(&session));
    let body = QueuePage {
        page,
        items,
        total,
        number,
        previous: (number > 1).then(|| link(number - 1)),
        next: (number < pages).then(|| link(number + 1)),
        notice,
    };
    Ok(html(StatusCode::OK, body.render()))
}

#[derive(Template)]
#[template(path = "editor_suggestion.html")]
struct ReviewPage {
    page: Page,
    csrf: String,
    code: String,
    etag: String,
    procedure: Loc,
    way: String,
    public_href: String,
    fact: String,
    seen: String,
    seen_on: String,
    proposed: Option<String>,
    from: String,
    pending: bool,
    decided: String,
    form: FactForm,
    states: Vec<Choice>,
    reason: String,
    errors: Vec<(String, String)>,
    notice: Option<String>,
}

/// The suggestion of the path's code, on a way the session may edit (403 otherwise), with its organisation.
async fn in_scope_suggestion(
    state: &AppState,
    session: &Session,
    req: &HttpRequest,
    lang: Lang,
) -> Result<(SuggestionRow, usize), WebError> {
    let code = req.match_info().get("code").unwrap_or_default();
    let row = match suggest::follow(state, code).await {
        Ok(row) => row,
        Err(AppError::NotFound { .. } | AppError::InvalidParameters(_)) => return Err(WebError::NotFound(lang)),
        Err(e) => return Err(WebError::app(lang)(e)),
    };
    let s = state.catalog.load();
    let index = *s.channels_by_id.get(&row.channel_id).ok_or(WebError::NotFound(lang))?;
    if !in_scope(session, &s, s.procedures[s.channels[index].procedure].institution) {
        return Err(WebError::Forbidden(lang, "editor-out-of-scope"));
    }
    Ok((row, index))
}

struct Typed {
    form: Option<FactForm>,
    fields: Option<Fields>,
    errors: Vec<(String, String)>,
    notice: Option<String>,
}

async fn review_page(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    session: &Session,
    row: &SuggestionRow,
    index: usize,
    typed: Typed,
) -> Result<ReviewPage, WebError> {
    let tr = Tr::new(lang);
    let (entry, etag) =
        stated::channel_entry(state, &session.principal, row.channel_id).await.map_err(|e| match e {
            AppError::NotFound { .. } => WebError::NotFound(lang),
            other => WebError::app(lang)(other),
        })?;
    let form = typed.form.unwrap_or_else(|| {
        let mut form = fact_form::from_entry(tr, &entry);
        // The proposed value where it goes, for the editor to check before accepting.
        if let Some(v) = row.proposed.clone() {
            match row.fact.as_str() {
                "opening_hours" => form.opening_hours = v,
                "phone" => form.phone = v,
                "email" => form.email = v,
                "url" => form.url = v,
                _ => {}
            }
        }
        form
    });
    let organisation = crate::store::blocking(&state.pool, {
        let id = row.organisation_id;
        move |conn| Ok(crate::store::suggestions::organisation_name(conn, id)?)
    })
    .await
    .map_err(WebError::store(lang))?;
    let s = state.catalog.load();
    let c = &s.channels[index];
    let p = &s.procedures[c.procedure];
    let chosen = typed.fields.as_ref().and_then(|f| f.get("state")).unwrap_or_default();
    let mut page = Page::new(lang, req, tr.t("editor-suggestion-title"));
    page.signed_in = Some(super::report::signed_in_as(session));
    Ok(ReviewPage {
        page,
        csrf: session.csrf.clone(),
        code: row.tracking_code.clone(),
        etag,
        procedure: name(tr, &p.name),
        way: channel_label(tr, &s, c),
        public_href: format!("/{}/procedures/{}#channel-{}", lang.code(), p.slug, c.id),
        fact: fact_words(tr, &row.fact),
        seen: row.seen.clone(),
        seen_on: row.seen_on.clone(),
        proposed: row.proposed.clone(),
        from: from_words(tr, organisation.as_deref()),
        pending: row.state == "pending",
        decided: tr.t(&format!("suggest-state-{}", row.state)),
        form,
        states: DeclaredState::ALL
            .iter()
            .filter(|d| **d != DeclaredState::Unknown)
            .map(|d| Choice { value: d.as_str(), label: tr.t(declared_key(*d)), selected: chosen == d.as_str() })
            .collect(),
        reason: typed.fields.as_ref().and_then(|f| f.get("reason")).unwrap_or_default(),
        errors: typed.errors,
        notice: typed.notice,
    })
}

pub async fn review(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
) -> Result<HttpResponse, WebError> {
    let session = match require_editor(&state, &req, lang).await? {
        Ok(s) => s,
        Err(redirect) => return Ok(redirect),
    };
    let (row, index) = in_scope_suggestion(&state, &session, &req, lang).await?;
    let typed = Typed { form: None, fields: None, errors: Vec::new(), notice: None };
    Ok(html(StatusCode::OK, review_page(&state, &req, lang, &session, &row, index, typed).await?.render()))
}

async fn posted(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    body: &[u8],
) -> Result<Result<(Session, Fields, SuggestionRow, usize), HttpResponse>, WebError> {
    let (session, fields) = match super::editor::posted_by_editor(state, req, lang, body).await? {
        Ok(found) => found,
        Err(redirect) => return Ok(Err(redirect)),
    };
    let (row, index) = in_scope_suggestion(state, &session, req, lang).await?;
    Ok(Ok((session, fields, row, index)))
}

/// An app refusal shown on the review page: fields named (422), decided meanwhile or stale (409). `typed` holds
/// what the editor posted; its errors and notice are filled in here.
async fn refused(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    session: &Session,
    (row, index): (&SuggestionRow, usize),
    mut typed: Typed,
    e: AppError,
) -> Result<HttpResponse, WebError> {
    let tr = Tr::new(lang);
    let status = match e {
        AppError::Unprocessable(errors) => {
            typed.errors = errors.iter().map(|e| field_error(tr, e)).collect();
            StatusCode::UNPROCESSABLE_ENTITY
        }
        AppError::PreconditionFailed { .. } => {
            (typed.form, typed.notice) = (None, Some(tr.t("editor-stale")));
            StatusCode::CONFLICT
        }
        AppError::Conflict(_) => {
            (typed.form, typed.notice) = (None, Some(tr.t("editor-suggestion-decided")));
            StatusCode::CONFLICT
        }
        AppError::OutOfScope { .. } | AppError::Forbidden { .. } => {
            return Err(WebError::Forbidden(lang, "editor-out-of-scope"));
        }
        AppError::NotFound { .. } => return Err(WebError::NotFound(lang)),
        other => return Err(WebError::app(lang)(other)),
    };
    // A suggestion decided meanwhile is shown as it now stands.
    let row = suggest::follow(state, &row.tracking_code).await.unwrap_or_else(|_| row.clone());
    Ok(html(status, review_page(state, req, lang, session, &row, index, typed).await?.render()))
}

#[tracing::instrument(skip_all)]
pub async fn accept(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let (session, fields, row, index) = match posted(&state, &req, lang, &body).await? {
        Ok(found) => found,
        Err(redirect) => return Ok(redirect),
    };
    let wanted = fact_form::wanted(&fields);
    let status = fields.get("state").filter(|v| !v.is_empty()).map(|v| {
        let mut m = Map::from_iter([("state".to_string(), Value::String(v))]);
        if let Some(since) = fields.get("since").filter(|v| !v.is_empty()) {
            m.insert("since".into(), Value::String(since));
        }
        m
    });
    let etag = fields.get("etag").unwrap_or_default();
    match stated::accept_suggestion(&state, &session.principal, &row.tracking_code, etag, wanted, status).await {
        Ok(_) => Ok(see_other(&format!("/{}/editor/suggestions?done=accepted", lang.code()))),
        Err(e) => {
            let form = Some(fact_form::from_fields(Tr::new(lang), &fields));
            let typed = Typed { form, fields: Some(fields), errors: Vec::new(), notice: None };
            refused(&state, &req, lang, &session, (&row, index), typed, e).await
        }
    }
}

#[tracing::instrument(skip_all)]
pub async fn reject(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let (session, fields, row, index) = match posted(&state, &req, lang, &body).await? {
        Ok(found) => found,
        Err(redirect) => return Ok(redirect),
    };
    // The reason through the privacy gate, as the API reads it.
    let mut map = Map::new();
    if let Some(v) = fields.get("reason").filter(|v| !v.is_empty()) {
        map.insert("reason".into(), Value::String(v));
    }
    let mut b = Input::from_map(map);
    let reason = b.free_text("reason", 1000);
    if reason.is_none() && b.errors.is_empty() {
        b.missing("reason");
    }
    let result = match reason.filter(|_| b.errors.is_empty()) {
        Some(reason) => suggest::reject(&state, &session.principal, &row.tracking_code, reason).await.map(|_| ()),
        None => Err(AppError::Unprocessable(b.errors)),
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/{}/editor/suggestions?done=rejected", lang.code()))),
        Err(e) => {
            let typed = Typed { form: None, fields: Some(fields), errors: Vec::new(), notice: None };
            refused(&state, &req, lang, &session, (&row, index), typed, e).await
        }
    }
}
