//! The editing pages: an editor (or an admin) signed in with their token sees their institutions' procedures and
//! ways, each with what is missing and how old its source is (`/{lang}/editor`); changes a way's facts on a plain
//! form with the week its hours give, shown before saving (`/{lang}/editor/channels/{id}`); declares its status.
//! No script: "preview" is a submit button. The writes are the API's (`app::stated`, on `app::edit`): the same
//! scope, the same checks as the catalog files, the version the form was read at (a form read before another
//! editor's change answers 409 with the current values), the same audit.

use super::editor_place::PlaceShown;
use super::fact_form::{self, FactForm};
use super::forms::{self, Fields, same};
use super::i18n::{Lang, Tr};
use super::label::channel_label;
use super::page::{Page, PageLang, WebError, html, see_other};
use super::report::{Choice, field_error, require_session};
use super::when::{day_hours, day_name};
use super::words::{Loc, declared_key, name};
use crate::app::stated::{self, Stated};
use crate::app::{AppError, AppState, FieldError};
use crate::catalog::Snapshot;
use crate::domain::{DeclaredState, Role};
use crate::store::sessions::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Datelike;
use serde_json::{Map, Value};

/// The signed-in editor or admin; a reporter's session is a 403 page; no session goes to the sign-in.
pub(super) async fn require_editor(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
) -> Result<Result<Session, HttpResponse>, WebError> {
    match require_session(state, req, lang).await? {
        Ok(s) if matches!(s.principal.role, Role::Editor | Role::Admin) => Ok(Ok(s)),
        Ok(_) => Err(WebError::Forbidden(lang, "editor-only")),
        Err(redirect) => Ok(Err(redirect)),
    }
}

/// Whether the session may edit the institution at `index` of the snapshot.
pub(super) fn in_scope(session: &Session, s: &Snapshot, index: usize) -> bool {
    session.principal.role == Role::Admin || session.principal.institutions.contains(&s.institutions[index].id)
}

pub struct WayRow {
    pub href: String,
    pub public_href: String,
    pub label: String,
    pub declared: String,
    pub not_known: Vec<String>,
    pub checked: String,
    pub old: bool,
}

pub struct ProcedureRows {
    pub name: Loc,
    pub ways: Vec<WayRow>,
}

pub struct InstitutionRows {
    pub slug: String,
    pub name: Loc,
    pub href: String,
    pub procedures: Vec<ProcedureRows>,
}

#[derive(Template)]
#[template(path = "editor.html")]
struct Dashboard {
    page: Page,
    /// The institutions in scope; only the chosen one (or the only one) has its procedures listed.
    institutions: Vec<InstitutionRows>,
    queue_href: String,
    /// The open campaigns touching these institutions: name, deadline in words, link.
    campaigns: Vec<(String, String, String)>,
}

pub async fn dashboard(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
) -> Result<HttpResponse, WebError> {
    let session = match require_editor(&state, &req, lang).await? {
        Ok(s) => s,
        Err(redirect) => return Ok(redirect),
    };
    let tr = Tr::new(lang);
    let s = state.catalog.load();
    let ctx = state.ctx();
    let chosen = Fields::query(&req).get("institution");
    let scope: Vec<usize> = (0..s.institutions.len()).filter(|&i| in_scope(&session, &s, i)).collect();
    let open_one = scope.len() == 1;
    let institutions = scope
        .iter()
        .map(|&i| {
            let inst = &s.institutions[i];
            let expanded = open_one || chosen.as_deref() == Some(inst.slug.as_str());
            let procedures = if expanded {
                s.procedures
                    .iter()
                    .filter(|p| p.institution == i)
                    .map(|p| ProcedureRows {
                        name: name(tr, &p.name),
                        ways: p
                            .channels
                            .iter()
                            .map(|&ci| {
                                let c = &s.channels[ci];
                                let (checked, old) = super::card::verification(tr, c, ctx.today);
                                WayRow {
                                    href: format!("/{}/editor/channels/{}", lang.code(), c.id),
                                    public_href: format!("/{}/procedures/{}#channel-{}", lang.code(), p.slug, c.id),
                                    label: channel_label(tr, &s, c),
                                    declared: tr.t(declared_key(c.declared)),
                                    not_known: super::way::not_known(tr, c),
                                    checked,
                                    old,
                                }
                            })
                            .collect(),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            InstitutionRows {
                slug: inst.slug.clone(),
                name: name(tr, &inst.name),
                href: format!("/{}/editor?institution={}", lang.code(), inst.slug),
                procedures,
            }
        })
        .collect();
    let campaigns = crate::app::verify::list_campaigns(&state, &session.principal)
        .await
        .map_err(WebError::app(lang))?
        .into_iter()
        .filter(|c| c.deadline >= ctx.today)
        .map(|c| {
            let deadline = super::when::day_words(tr, c.deadline);
            (c.name, deadline, format!("/{}/editor/campaigns/{}", lang.code(), c.id))
        })
        .collect();
    let mut page = Page::new(lang, &req, tr.t("editor-title"));
    page.signed_in = Some(super::report::signed_in_as(&session));
    let queue_href = format!("/{}/editor/suggestions", lang.code());
    let body = Dashboard { page, institutions, queue_href, campaigns };
    Ok(html(StatusCode::OK, body.render()))
}

#[derive(Template)]
#[template(path = "editor_channel.html")]
struct ChannelPage {
    page: Page,
    csrf: String,
    id: i64,
    etag: String,
    procedure: Loc,
    institution: Loc,
    public_href: String,
    declared: String,
    not_known: Vec<String>,
    /// "Last verified on … by …" / "To verify: …", and the version a "still true" confirms.
    verified: String,
    form: FactForm,
    /// The week the typed hours give (preview), or why they cannot be read.
    preview: Option<Result<Vec<(String, String)>, String>>,
    states: Vec<Choice>,
    status_since: String,
    status_until: String,
    status_note: [String; 3],
    /// Errors of the facts form, then of the status form.
    errors: Vec<(String, String)>,
    status_errors: Vec<(String, String)>,
    /// "Saved" / "nothing changed" / "changed by someone else meanwhile".
    notice: Option<(&'static str, String)>,
    /// The address of the way's place, for those who may change it.
    place: Option<PlaceShown>,
}

/// The way of `id` if it exists and the session may edit it.
pub(super) fn way_in_scope(s: &Snapshot, session: &Session, lang: Lang, id: i64) -> Result<usize, WebError> {
    let index = *s.channels_by_id.get(&id).ok_or(WebError::NotFound(lang))?;
    let institution = s.procedures[s.channels[index].procedure].institution;
    if !in_scope(session, s, institution) {
        return Err(WebError::Forbidden(lang, "editor-out-of-scope"));
    }
    Ok(index)
}

struct Shown {
    form: FactForm,
    etag: String,
    preview: Option<Result<Vec<(String, String)>, String>>,
    errors: Vec<(String, String)>,
    status_errors: Vec<(String, String)>,
    status_fields: Option<Fields>,
    notice: Option<(&'static str, String)>,
    /// The place form with what was typed and its errors; `None`: as stored.
    place: Option<PlaceShown>,
}

/// What a page of the way shows besides its stored facts (another form's answer).
pub(super) struct ChannelForm {
    pub place: Option<PlaceShown>,
    pub notice: Option<(&'static str, String)>,
}

/// The way's page with its facts as stored, and `f`.
pub(super) async fn channel_shown(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    session: &Session,
    index: usize,
    f: ChannelForm,
) -> Result<Result<String, askama::Error>, WebError> {
    let id = state.catalog.load().channels[index].id;
    let (form, etag) = stored_form(state, session, lang, id).await?;
    let shown = Shown {
        form,
        etag,
        preview: None,
        errors: Vec::new(),
        status_errors: Vec::new(),
        status_fields: None,
        notice: f.notice,
        place: f.place,
    };
    Ok(channel_page(req, state, lang, session, index, shown).await?.render())
}

async fn channel_page(
    req: &HttpRequest,
    state: &AppState,
    lang: Lang,
    session: &Session,
    index: usize,
    shown: Shown,
) -> Result<ChannelPage, WebError> {
    let tr = Tr::new(lang);
    let id = state.catalog.load().channels[index].id;
    let place = match shown.place {
        Some(p) => Some(p),
        None => super::editor_place::place_shown(state, session, lang, id).await?,
    };
    let s = state.catalog.load();
    let c = &s.channels[index];
    let p = &s.procedures[c.procedure];
    let chosen_state = shown.status_fields.as_ref().and_then(|f| f.get("state")).unwrap_or_default();
    let value = |n: &str| shown.status_fields.as_ref().and_then(|f| f.get(n)).unwrap_or_default();
    let label = channel_label(tr, &s, c);
    let mut page = Page::new(lang, req, tr.t1("editor-channel-title", "way", label.clone()));
    page.signed_in = Some(super::report::signed_in_as(session));
    Ok(ChannelPage {
        page,
        place,
        csrf: session.csrf.clone(),
        id: c.id,
        etag: shown.etag,
        procedure: name(tr, &p.name),
        institution: name(tr, &s.institutions[p.institution].name),
        public_href: format!("/{}/procedures/{}#channel-{}", lang.code(), p.slug, c.id),
        declared: tr.t(declared_key(c.declared)),
        not_known: super::way::not_known(tr, c),
        verified: super::card::verification(tr, c, state.ctx().today).0,
        form: shown.form,
        preview: shown.preview,
        states: DeclaredState::ALL
            .iter()
            .filter(|d| **d != DeclaredState::Unknown)
            .map(|d| Choice { value: d.as_str(), label: tr.t(declared_key(*d)), selected: chosen_state == d.as_str() })
            .collect(),
        status_since: value("since"),
        status_until: value("until"),
        status_note: [value("note_fr"), value("note_nl"), value("note_en")],
        errors: shown.errors,
        status_errors: shown.status_errors,
        notice: shown.notice,
    })
}

pub(super) fn way_id(req: &HttpRequest, lang: Lang) -> Result<i64, WebError> {
    req.match_info().get("id").and_then(|v| v.parse().ok()).ok_or(WebError::NotFound(lang))
}

/// The form as stored now: its fields and version.
async fn stored_form(state: &AppState, session: &Session, lang: Lang, id: i64) -> Result<(FactForm, String), WebError> {
    match stated::channel_entry(state, &session.principal, id).await {
        Ok((entry, etag)) => Ok((fact_form::from_entry(Tr::new(lang), &entry), etag)),
        Err(AppError::NotFound { .. }) => Err(WebError::NotFound(lang)),
        Err(AppError::OutOfScope { .. } | AppError::Forbidden { .. }) => {
            Err(WebError::Forbidden(lang, "editor-out-of-scope"))
        }
        Err(e) => Err(WebError::app(lang)(e)),
    }
}

pub async fn channel_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
) -> Result<HttpResponse, WebError> {
    let session = match require_editor(&state, &req, lang).await? {
        Ok(s) => s,
        Err(redirect) => return Ok(redirect),
    };
    let id = way_id(&req, lang)?;
    let index = way_in_scope(&state.catalog.load(), &session, lang, id)?;
    let (form, etag) = stored_form(&state, &session, lang, id).await?;
    let notice = match Fields::query(&req).get("done").as_deref() {
        Some("saved") => Some(("ok", Tr::new(lang).t("editor-saved"))),
        Some("unchanged") => Some(("ok", Tr::new(lang).t("editor-unchanged"))),
        Some("status") => Some(("ok", Tr::new(lang).t("editor-status-saved"))),
        Some("place") => Some(("ok", Tr::new(lang).t("editor-place-saved"))),
        Some("verified") => Some(("ok", Tr::new(lang).t("editor-verified"))),
        Some("stale") => Some(("bad", Tr::new(lang).t("editor-stale"))),
        _ => None,
    };
    let shown = Shown {
        form,
        etag,
        preview: None,
        errors: Vec::new(),
        status_errors: Vec::new(),
        status_fields: None,
        notice,
        place: None,
    };
    Ok(html(StatusCode::OK, channel_page(&req, &state, lang, &session, index, shown).await?.render()))
}

/// The week the typed hours give, from today, as the public card will show it.
fn week_preview(
    tr: Tr,
    s: &Snapshot,
    index: usize,
    now: chrono::DateTime<chrono::Utc>,
    hours: &str,
) -> Option<Result<Vec<(String, String)>, String>> {
    let hours = hours.trim();
    if hours.is_empty() {
        return None;
    }
    let c = &s.channels[index];
    Some(match crate::domain::hours::parse_hours(hours) {
        Ok(h) => Ok(h
            .week(&s.holidays, c.calendar, now)
            .iter()
            .map(|d| (format!("{} {}", day_name(tr, d.date.weekday()), d.date.day()), day_hours(tr, d)))
            .collect()),
        Err(e) => Err(tr.t1("editor-hours-unreadable", "reason", e)),
    })
}

/// The editor's form, posted with the session's anti-forgery token (shared by every editing page's POST).
pub(super) async fn posted_by_editor(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    body: &[u8],
) -> Result<Result<(Session, Fields), HttpResponse>, WebError> {
    let fields = forms::posted(lang, body)?;
    let session = match require_editor(state, req, lang).await? {
        Ok(s) => s,
        Err(redirect) => return Ok(Err(redirect)),
    };
    if !fields.get("csrf").is_some_and(|sent| same(&sent, &session.csrf)) {
        return Err(WebError::Forbidden(lang, "error-csrf"));
    }
    Ok(Ok((session, fields)))
}

/// The app's refusal of a form as the page shows it: the fields named (422), a stale version (409), else an
/// error page.
enum Refused {
    Fields(Vec<(String, String)>),
    Stale,
}

fn refused(tr: Tr, lang: Lang, e: AppError) -> Result<Refused, WebError> {
    match e {
        AppError::Unprocessable(errors) => Ok(Refused::Fields(errors.iter().map(|e| field_error(tr, e)).collect())),
        AppError::PreconditionFailed { .. } | AppError::PreconditionRequired { .. } => Ok(Refused::Stale),
        AppError::NotFound { .. } => Err(WebError::NotFound(lang)),
        AppError::OutOfScope { .. } | AppError::Forbidden { .. } => {
            Err(WebError::Forbidden(lang, "editor-out-of-scope"))
        }
        other => Err(WebError::app(lang)(other)),
    }
}

#[tracing::instrument(skip_all)]
pub async fn save_channel(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let tr = Tr::new(lang);
    let (session, fields) = match posted_by_editor(&state, &req, lang, &body).await? {
        Ok(found) => found,
        Err(redirect) => return Ok(redirect),
    };
    let id = way_id(&req, lang)?;
    let index = way_in_scope(&state.catalog.load(), &session, lang, id)?;
    let etag = fields.get("etag").unwrap_or_default();
    let posted_form = fact_form::from_fields(tr, &fields);
    let preview = week_preview(tr, &state.catalog.load(), index, chrono::Utc::now(), &posted_form.opening_hours);
    if fields.get("action").as_deref() == Some("preview") {
        let shown = Shown {
            form: posted_form,
            etag,
            preview,
            errors: Vec::new(),
            status_errors: Vec::new(),
            status_fields: None,
            notice: None,
            place: None,
        };
        return Ok(html(StatusCode::OK, channel_page(&req, &state, lang, &session, index, shown).await?.render()));
    }
    let wanted = fact_form::wanted(&fields);
    match stated::edit_channel(&state, &session.principal, id, etag.clone(), wanted).await {
        Ok(Stated::Changed(_)) => Ok(see_other(&format!("/{}/editor/channels/{id}?done=saved", lang.code()))),
        Ok(Stated::Unchanged) => Ok(see_other(&format!("/{}/editor/channels/{id}?done=unchanged", lang.code()))),
        Err(e) => match refused(tr, lang, e)? {
            Refused::Fields(errors) => {
                let shown = Shown {
                    form: posted_form,
                    etag,
                    preview,
                    errors,
                    status_errors: Vec::new(),
                    status_fields: None,
                    notice: None,
                    place: None,
                };
                Ok(html(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    channel_page(&req, &state, lang, &session, index, shown).await?.render(),
                ))
            }
            Refused::Stale => {
                // Someone changed the way since this form was read: the current values, and what was typed lost
                // only if the editor leaves the page (it is shown in the notice's words, not silently merged).
                let (form, etag) = stored_form(&state, &session, lang, id).await?;
                let notice = Some(("bad", tr.t("editor-stale")));
                let shown = Shown {
                    form,
                    etag,
                    preview: None,
                    errors: Vec::new(),
                    status_errors: Vec::new(),
                    status_fields: None,
                    notice,
                    place: None,
                };
                Ok(html(StatusCode::CONFLICT, channel_page(&req, &state, lang, &session, index, shown).await?.render()))
            }
        },
    }
}

/// The status form's fields as the API reads them (`note` in the three languages, all or none).
fn status_fields(fields: &Fields) -> Map<String, Value> {
    let mut map = Map::new();
    for name in ["state", "since", "until"] {
        if let Some(v) = fields.get(name).filter(|v| !v.is_empty()) {
            map.insert(name.into(), Value::String(v));
        }
    }
    if let Some(note) = fact_form::texts_of(fields, "note") {
        map.insert("note".into(), note);
    }
    map
}

#[tracing::instrument(skip_all)]
pub async fn declare_status(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let tr = Tr::new(lang);
    let (session, fields) = match posted_by_editor(&state, &req, lang, &body).await? {
        Ok(found) => found,
        Err(redirect) => return Ok(redirect),
    };
    let id = way_id(&req, lang)?;
    let index = way_in_scope(&state.catalog.load(), &session, lang, id)?;
    let etag = fields.get("etag").unwrap_or_default();
    let mut map = status_fields(&fields);
    if !map.contains_key("state") {
        // The API's "is required", in the form's words.
        let errors = vec![field_error(tr, &FieldError::new("state", "is required"))];
        let (form, current) = stored_form(&state, &session, lang, id).await?;
        let shown = Shown {
            form,
            etag: current,
            preview: None,
            errors: Vec::new(),
            status_errors: errors,
            status_fields: Some(fields),
            notice: None,
            place: None,
        };
        return Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            channel_page(&req, &state, lang, &session, index, shown).await?.render(),
        ));
    }
    map.remove("source");
    match stated::declare_status(&state, &session.principal, id, etag.clone(), map).await {
        Ok(_) => Ok(see_other(&format!("/{}/editor/channels/{id}?done=status", lang.code()))),
        Err(e) => {
            let (form, current) = stored_form(&state, &session, lang, id).await?;
            let (status, status_errors, notice) = match refused(tr, lang, e)? {
                Refused::Fields(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors, None),
                Refused::Stale => (StatusCode::CONFLICT, Vec::new(), Some(("bad", tr.t("editor-stale")))),
            };
            let shown = Shown {
                form,
                etag: current,
                preview: None,
                errors: Vec::new(),
                status_errors,
                status_fields: Some(fields),
                notice,
                place: None,
            };
            Ok(html(status, channel_page(&req, &state, lang, &session, index, shown).await?.render()))
        }
    }
}
