//! Reporting an attempt from a phone: `/{lang}/signin` turns a reporter's user name and password (or a
//! one-time link, or the organisation's token) into a session cookie — a working day, or a working week on a
//! device the reporter chose to remember; `/{lang}/report` is the observation form, checked by the API's own validator, protected by the session's
//! anti-forgery token, and made safe to resubmit by a one-time key in the form.

use super::forms::{self, CSRF_COOKIE, Fields, SESSION_COOKIE, anonymous_csrf, same};
use super::i18n::{Lang, Tr};
use super::label::channel_label;
use super::page::{Page, PageLang, WebError, html, see_other};
use super::words::{Loc, name};
use crate::app::AppState;
use crate::app::FieldError;
use crate::app::input::Fields as Input;
use crate::app::observe::{self, Idempotency, ObservationCreated, Recorded};
use crate::app::reporters::{self, MIN_PASSWORD};
use crate::domain::{FailureReason, Outcome, Role};
use crate::store::sessions::{Length, Session, close_session, open_session, random_token};
use crate::store::tokens::{Actor, sha256_hex};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::TimeZone;
use chrono_tz::Europe::Brussels;
use serde_json::{Map, Value};

#[derive(Template)]
#[template(path = "signin.html")]
struct SigninPage {
    page: Page,
    csrf: String,
    next: String,
    /// The key of the message saying why the last attempt failed.
    failed: Option<&'static str>,
    /// The user name tried, given back (never the password).
    user_name: String,
    password_min: usize,
}

/// Only a report page or an editing page of this site may follow sign-in (never another site).
fn safe_next(lang: Lang, next: Option<String>) -> String {
    let fallback = format!("/{}/report", lang.code());
    let editor = format!("/{}/editor", lang.code());
    match next {
        Some(n) if (n.starts_with(&fallback) || n.starts_with(&editor)) && !n.contains("//") && !n.contains('\\') => n,
        _ => fallback,
    }
}

/// Where a person lands once signed in: `next`, except that an editor (or admin) sent to the bare report page —
/// the default, when no page asked for sign-in — lands on the editing pages' dashboard.
fn landing(lang: Lang, next: String, session: &Session) -> String {
    let bare = format!("/{}/report", lang.code());
    if next == bare && matches!(session.principal.role, Role::Editor | Role::Admin) {
        format!("/{}/editor", lang.code())
    } else {
        next
    }
}

fn signin_page(
    req: &HttpRequest,
    lang: Lang,
    next: String,
    failed: Option<&'static str>,
    user_name: String,
    status: StatusCode,
) -> HttpResponse {
    let (csrf, set) = anonymous_csrf(req);
    let page = Page::new(lang, req, Tr::new(lang).t("signin-title"));
    let body = SigninPage { page, csrf, next, failed, user_name, password_min: MIN_PASSWORD };
    let mut response = html(status, body.render());
    if let Some(c) = set {
        let _ = response.add_cookie(&c);
    }
    response
}

pub async fn signin_form(req: HttpRequest, PageLang(lang): PageLang) -> Result<HttpResponse, WebError> {
    let next = safe_next(lang, Fields::query(&req).get("next"));
    Ok(signin_page(&req, lang, next, None, String::new(), StatusCode::OK))
}

/// The signed-in answer: to `next`, with the session cookie for as long as the session lasts.
fn signed_in(req: &HttpRequest, next: &str, cookie: String, length: Length) -> HttpResponse {
    let mut response = see_other(next);
    let _ = response.add_cookie(&forms::cookie(req, SESSION_COOKIE, cookie, length.seconds()));
    response
}

/// A posted sign-in: a person's user name and password (with "remember this device"), or an organisation's
/// token. Attempts are limited per address; a failure says nothing of which part was wrong.
#[tracing::instrument(skip_all)]
pub async fn signin(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let fields = forms::posted_anonymous(&req, lang, &body)?;
    let next = safe_next(lang, fields.get("next"));
    let client = crate::app::http::client_address(&req, state.trust_forwarded);
    state.signin_limiter.check(client).map_err(|secs| WebError::TooMany(lang, "error-too-many-signins", secs))?;
    if let Some(token) = fields.get("token") {
        let opened = match Some(token).filter(|t| t.len() <= 200) {
            Some(token) => crate::store::blocking(&state.pool, move |conn| open_session(conn, &token))
                .await
                .map_err(WebError::store(lang))?,
            None => None,
        };
        return Ok(match opened {
            Some((cookie, _)) => signed_in(&req, &next, cookie, Length::WorkingDay),
            None => signin_page(&req, lang, next, Some("signin-failed"), String::new(), StatusCode::UNAUTHORIZED),
        });
    }
    let user_name: String = fields.text("user_name", 200);
    // The password as typed: spaces are part of it.
    let password = fields.0.iter().find(|(k, _)| k == "password").map(|(_, v)| v.clone()).unwrap_or_default();
    let length = if fields.flag("remember") { Length::WorkingWeek } else { Length::WorkingDay };
    match reporters::sign_in_with_password(&state, &user_name, password, length).await? {
        Some((cookie, session)) => Ok(signed_in(&req, &landing(lang, next, &session), cookie, length)),
        None => {
            let status = StatusCode::UNAUTHORIZED;
            Ok(signin_page(&req, lang, next, Some("reporters-signin-failed"), user_name, status))
        }
    }
}

/// `/{lang}/signin/link/{token}`: a one-time sign-in link, spent now. Its session lasts the working week: a
/// link is handed to one person for their own device. A link unknown, spent or expired is a 410 with the
/// sign-in form.
#[tracing::instrument(skip_all)]
pub async fn signin_link(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
) -> Result<HttpResponse, WebError> {
    let client = crate::app::http::client_address(&req, state.trust_forwarded);
    state.signin_limiter.check(client).map_err(|secs| WebError::TooMany(lang, "error-too-many-signins", secs))?;
    let token = req.match_info().get("token").unwrap_or_default().to_string();
    let next = safe_next(lang, None);
    match reporters::sign_in_with_link(&state, &token, Length::WorkingWeek).await? {
        Some((cookie, session)) => Ok(signed_in(&req, &landing(lang, next, &session), cookie, Length::WorkingWeek)),
        None => Ok(signin_page(&req, lang, next, Some("reporters-link-gone"), String::new(), StatusCode::GONE)),
    }
}

pub async fn signout(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
) -> Result<HttpResponse, WebError> {
    if let Some(cookie) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string()) {
        crate::store::blocking(&state.pool, move |conn| close_session(conn, &cookie))
            .await
            .map_err(WebError::store(lang))?;
    }
    let mut response = see_other(&format!("/{}/", lang.code()));
    let _ = response.add_cookie(&forms::cookie(&req, SESSION_COOKIE, String::new(), 0));
    let _ = response.add_cookie(&forms::cookie(&req, CSRF_COOKIE, String::new(), 0));
    Ok(response)
}

pub struct Choice {
    pub value: &'static str,
    pub label: String,
    pub selected: bool,
}

pub struct ChannelChoice {
    pub href: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    page: Page,
    csrf: String,
    idem: String,
    /// The channel reported on, once chosen.
    channel: Option<(i64, Loc, String)>,
    q: String,
    found: Vec<(Loc, Vec<ChannelChoice>)>,
    occurred_at: String,
    outcomes: Vec<Choice>,
    reasons: Vec<Choice>,
    /// The usual durations, one tap each; `minutes` (typed) wins over them.
    minute_picks: Vec<Choice>,
    minutes: String,
    wait: String,
    on_behalf: bool,
    role: String,
    comment: String,
    errors: Vec<(String, String)>,
}

/// The durations most attempts take, offered as one-tap choices.
const MINUTE_PICKS: [&str; 5] = ["5", "10", "15", "30", "60"];

/// The outcomes in the order a worker thinks of them: it worked, partly, not at all, sent back online.
const OUTCOMES: [Outcome; 4] = [Outcome::Completed, Outcome::Partial, Outcome::NotCompleted, Outcome::RedirectedOnline];

pub(super) async fn require_session(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
) -> Result<Result<Session, HttpResponse>, WebError> {
    match forms::session(state, req).await.map_err(WebError::store(lang))? {
        Some(session) => Ok(Ok(session)),
        None => {
            let here = format!(
                "{}{}",
                req.path(),
                if req.query_string().is_empty() { String::new() } else { format!("?{}", req.query_string()) }
            );
            let next = serde_urlencoded::to_string([("next", safe_next(lang, Some(here)))]).expect("encodes");
            Ok(Err(see_other(&format!("/{}/signin?{next}", lang.code()))))
        }
    }
}

/// "Amina B., SSQ 1030" for a person; the organisation alone for its token.
pub(super) fn signed_in_as(session: &Session) -> String {
    match &session.principal.actor {
        Actor::Person { display_name, .. } => format!("{display_name}, {}", session.principal.organisation),
        Actor::Token { .. } => session.principal.organisation.clone(),
    }
}

fn now_local() -> String {
    chrono::Utc::now().with_timezone(&Brussels).format("%Y-%m-%dT%H:%M").to_string()
}

#[allow(clippy::too_many_arguments)]
fn report_page(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    session: &Session,
    channel: Option<i64>,
    q: String,
    fields: Option<&Fields>,
    errors: Vec<(String, String)>,
) -> ReportPage {
    let tr = Tr::new(lang);
    let s = state.catalog.load();
    let channel = channel.and_then(|id| s.channel(id)).map(|c| {
        let p = &s.procedures[c.procedure];
        (c.id, name(tr, &p.name), channel_label(tr, &s, c))
    });
    let found = if channel.is_none() && !q.is_empty() {
        super::home::search_procedures(&s, &q, &[], 8)
            .into_iter()
            .map(|i| {
                let p = &s.procedures[i];
                let choices = p
                    .channels
                    .iter()
                    .map(|&c| ChannelChoice {
                        href: format!("/{}/report?channel={}", lang.code(), s.channels[c].id),
                        label: channel_label(tr, &s, &s.channels[c]),
                    })
                    .collect();
                (name(tr, &p.name), choices)
            })
            .collect()
    } else {
        Vec::new()
    };
    let value = |n: &str| fields.and_then(|f| f.get(n)).unwrap_or_default();
    let outcome = value("outcome");
    let reason = value("failure_reason");
    let pick = value("minutes_pick");
    let mut page = Page::new(lang, req, tr.t("report-title"));
    page.signed_in = Some(signed_in_as(session));
    ReportPage {
        page,
        csrf: session.csrf.clone(),
        idem: fields.and_then(|f| f.get("idem")).filter(|k| k.len() == 64).unwrap_or_else(random_token),
        channel,
        q,
        found,
        occurred_at: fields.and_then(|f| f.get("occurred_at")).unwrap_or_else(now_local),
        outcomes: OUTCOMES
            .iter()
            .map(|o| Choice {
                value: o.as_str(),
                label: tr.t(&super::words::code_key("outcome", o.as_str())),
                selected: outcome == o.as_str(),
            })
            .collect(),
        reasons: FailureReason::ALL
            .iter()
            .map(|r| Choice {
                value: r.as_str(),
                label: tr.t(&super::gaps::failure_reason_key(r.as_str())),
                selected: reason == r.as_str(),
            })
            .collect(),
        minute_picks: MINUTE_PICKS
            .iter()
            .map(|&m| Choice { value: m, label: tr.t1("reporters-minutes-pick", "n", m), selected: pick == m })
            .collect(),
        minutes: value("minutes_spent"),
        wait: value("wait_minutes"),
        on_behalf: fields.is_some_and(|f| f.flag("on_behalf")),
        role: value("reporter_role"),
        comment: value("comment"),
        errors,
    }
}

pub async fn report_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
) -> Result<HttpResponse, WebError> {
    let session = match require_session(&state, &req, lang).await? {
        Ok(s) => s,
        Err(redirect) => return Ok(redirect),
    };
    let query = Fields::query(&req);
    let channel = query.get("channel").and_then(|c| c.parse::<i64>().ok());
    let q: String = query.text("q", 200);
    let body = report_page(&req, &state, lang, &session, channel, q, None, Vec::new());
    Ok(html(StatusCode::OK, body.render()))
}

#[derive(Template)]
#[template(path = "report_done.html")]
struct ReportDone {
    page: Page,
    procedure: Loc,
    procedure_href: String,
    channel: String,
    observed: String,
    again: String,
}

/// A form field as the JSON value the API validator expects: numbers as numbers when they are numbers (else the
/// text, which the validator then names as invalid).
fn number_or_text(raw: String) -> Value {
    raw.parse::<i64>().map(Value::from).unwrap_or(Value::String(raw))
}

/// The Brussels wall-clock time of a `datetime-local` field, as RFC 3339.
fn local_to_rfc3339(raw: &str) -> Option<String> {
    let naive = chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    Some(Brussels.from_local_datetime(&naive).earliest()?.with_timezone(&chrono::Utc).to_rfc3339())
}

/// A validator's error as the form shows it: the field's id to link to, and the field's name and hint in words.
pub(super) fn field_error(tr: Tr, e: &FieldError) -> (String, String) {
    let key = super::words::code_key("field", &e.field);
    let id = format!("f-{}", e.field.replace('_', "-"));
    let label = tr.t(&key);
    let message = match e.personal_data {
        // What the privacy gate found, in words; never the value.
        Some(kind) => tr.t(&super::words::code_key("privacy", kind.as_str())),
        None => tr.t(&format!("{key}-error")),
    };
    (id, tr.t2("error-field", ("field", label), ("message", message)))
}

#[tracing::instrument(skip_all)]
pub async fn report(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let tr = Tr::new(lang);
    let fields = forms::posted(lang, &body)?;
    let session = match require_session(&state, &req, lang).await? {
        Ok(s) => s,
        Err(redirect) => return Ok(redirect),
    };
    if !fields.get("csrf").is_some_and(|sent| same(&sent, &session.csrf)) {
        return Err(WebError::Forbidden(lang, "error-csrf"));
    }
    let mut map = Map::new();
    if let Some(v) = fields.get("channel_id") {
        map.insert("channel_id".into(), number_or_text(v));
    }
    let mut bad_time = false;
    if let Some(v) = fields.get("occurred_at") {
        match local_to_rfc3339(&v) {
            Some(t) => {
                map.insert("occurred_at".into(), Value::String(t));
            }
            None => bad_time = true,
        }
    }
    for name in ["outcome", "failure_reason", "reporter_role", "comment"] {
        if let Some(v) = fields.get(name) {
            map.insert(name.into(), Value::String(v));
        }
    }
    // Typed minutes win over a one-tap choice.
    if let Some(v) = fields.get("minutes_spent").or_else(|| fields.get("minutes_pick")) {
        map.insert("minutes_spent".into(), number_or_text(v));
    }
    if let Some(v) = fields.get("wait_minutes") {
        map.insert("wait_minutes".into(), number_or_text(v));
    }
    map.insert("on_behalf".into(), Value::Bool(fields.flag("on_behalf")));
    let mut b = Input::from_map(map);
    let request_hash = sha256_hex(b.canonical().as_bytes());
    let s = state.catalog.load();
    let parsed = observe::parse_report(&s, &mut b, chrono::Utc::now());
    let mut errors: Vec<FieldError> = b.errors;
    if bad_time {
        errors.retain(|e| e.field != "occurred_at");
        errors.push(FieldError::new("occurred_at", "not a date and time"));
    }
    let channel = fields.get("channel_id").and_then(|c| c.parse::<i64>().ok());
    let Some(p) = parsed.filter(|_| errors.is_empty()) else {
        let errors = errors.iter().map(|e| field_error(tr, e)).collect();
        let page = report_page(&req, &state, lang, &session, channel, String::new(), Some(&fields), errors);
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page.render()));
    };
    let idempotency = fields
        .get("idem")
        .filter(|k| k.len() == 64 && k.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|k| Idempotency { key: format!("web-{k}"), request_hash });
    let response =
        match observe::record(&state, &session.principal, p, idempotency).await.map_err(WebError::app(lang))? {
            Recorded::Created(r) | Recorded::Replayed(r) => r,
            Recorded::Conflict => return Err(WebError::Forbidden(lang, "error-resubmitted")),
        };
    let created: ObservationCreated = serde_json::from_str(&response).map_err(|e| WebError::Internal(e.to_string()))?;
    let observed_state = created.channel.observed.state;
    let c = s.channel(created.observation.channel_id).ok_or(WebError::NotFound(lang))?;
    let p = &s.procedures[c.procedure];
    let mut page = Page::new(lang, &req, tr.t("report-done-title"));
    page.signed_in = Some(signed_in_as(&session));
    let done = ReportDone {
        page,
        procedure: name(tr, &p.name),
        procedure_href: format!("/{}/procedures/{}#channel-{}", lang.code(), p.slug, c.id),
        channel: channel_label(tr, &s, c),
        observed: tr.t(super::words::observed_key(observed_state)),
        again: format!("/{}/report?channel={}", lang.code(), c.id),
    };
    Ok(html(StatusCode::OK, done.render()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_report_pages_follow_sign_in() {
        assert_eq!(safe_next(Lang::Fr, Some("/fr/report?channel=3".into())), "/fr/report?channel=3");
        assert_eq!(safe_next(Lang::Fr, Some("https://evil.example/".into())), "/fr/report");
        assert_eq!(safe_next(Lang::Fr, Some("/fr/report//evil.example".into())), "/fr/report");
        assert_eq!(safe_next(Lang::Nl, None), "/nl/report");
    }

    #[test]
    fn local_times_are_brussels_wall_clock() {
        assert_eq!(local_to_rfc3339("2026-11-23T09:30").as_deref(), Some("2026-11-23T08:30:00+00:00"));
        assert_eq!(local_to_rfc3339("2026-07-01T09:30").as_deref(), Some("2026-07-01T07:30:00+00:00"));
        assert_eq!(local_to_rfc3339("yesterday"), None);
    }

    #[test]
    fn a_refused_free_text_is_said_with_its_kind_in_every_language() {
        use crate::domain::privacy::PersonalData;
        for lang in [Lang::Fr, Lang::Nl, Lang::En] {
            let ids = super::super::i18n::message_ids(lang);
            for kind in PersonalData::ALL {
                let key = crate::web::words::code_key("privacy", kind.as_str());
                assert!(ids.contains(&key), "{}: {key}", lang.code());
            }
        }
        let e = FieldError::personal_data("description", PersonalData::Iban);
        let (id, message) = field_error(Tr::new(Lang::En), &e);
        assert_eq!(id, "f-description");
        assert!(message.contains("IBAN"), "{message}");
        let (_, message) = field_error(Tr::new(Lang::Nl), &e);
        assert!(message.contains("bankrekeningnummer"), "{message}");
    }
}
