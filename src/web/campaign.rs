//! A verification campaign on the editing pages: its deadline, its progress per institution, and for an editor
//! the ways left to confirm, each with what it states and a "Still true" button (one action: today's date, the
//! editor's organisation as the one who verified it) or a link to change it on the facts form.

use super::editor::require_editor;
use super::i18n::Tr;
use super::label::channel_label;
use super::page::{Page, PageLang, WebError, html, see_other};
use super::when::day_words;
use super::words::{Loc, declared_key, name};
use crate::app::{AppError, AppState, verify};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

pub struct Row {
    pub name: Loc,
    pub in_scope: usize,
    pub confirmed: usize,
    pub changed: usize,
    pub left: usize,
}

pub struct Left {
    pub id: i64,
    pub etag: String,
    pub procedure: Loc,
    pub way: String,
    pub edit_href: String,
    /// What it states, in words: (what, value).
    pub states: Vec<(String, String)>,
    pub verified: String,
}

#[derive(Template)]
#[template(path = "editor_campaign.html")]
struct CampaignPage {
    page: Page,
    csrf: String,
    deadline: String,
    here: String,
    progress: Vec<Row>,
    left: Option<Vec<Left>>,
    notice: Option<String>,
}

pub async fn campaign_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
) -> Result<HttpResponse, WebError> {
    let session = match require_editor(&state, &req, lang).await? {
        Ok(s) => s,
        Err(redirect) => return Ok(redirect),
    };
    let tr = Tr::new(lang);
    let id: i64 = req.match_info().get("id").and_then(|v| v.parse().ok()).ok_or(WebError::NotFound(lang))?;
    let report = match verify::campaign_report(&state, &session.principal, id).await {
        Ok(r) => r,
        Err(AppError::NotFound { .. }) => return Err(WebError::NotFound(lang)),
        Err(e) => return Err(WebError::app(lang)(e)),
    };
    let s = state.catalog.load();
    let today = state.ctx().today;
    let progress = report
        .progress
        .iter()
        .map(|p| Row {
            name: name(tr, &p.name),
            in_scope: p.in_scope,
            confirmed: p.confirmed,
            changed: p.changed,
            left: p.left,
        })
        .collect();
    let left = report.records.map(|records| {
        records
            .iter()
            .filter_map(|r| {
                let c = s.channel(r.channel_id)?;
                let states = r
                    .states
                    .iter()
                    .filter_map(|(k, v)| {
                        let what = match *k {
                            "opening_hours" => "editor-field-opening-hours",
                            "phone" => "editor-field-phone",
                            "email" => "editor-field-email",
                            "url" => "editor-field-url",
                            "address" => "way-address",
                            "languages" => "editor-field-languages",
                            "declared" => return Some((tr.t("declared"), tr.t(declared_key(c.declared)))),
                            _ => return None,
                        };
                        Some((tr.t(what), v.clone()))
                    })
                    .collect();
                Some(Left {
                    id: c.id,
                    etag: crate::app::edit::etag(c.id, c.updated_at),
                    procedure: name(tr, &r.procedure_name),
                    way: channel_label(tr, &s, c),
                    edit_href: format!("/{}/editor/channels/{}", lang.code(), c.id),
                    states,
                    verified: super::card::verification(tr, c, today).0,
                })
            })
            .collect()
    });
    let notice =
        super::forms::Fields::query(&req).get("done").filter(|d| d == "verified").map(|_| tr.t("editor-verified"));
    let mut page = Page::new(lang, &req, report.campaign.name.clone());
    page.signed_in = Some(super::report::signed_in_as(&session));
    let body = CampaignPage {
        page,
        csrf: session.csrf.clone(),
        deadline: day_words(tr, report.campaign.deadline),
        here: format!("/{}/editor/campaigns/{id}", lang.code()),
        progress,
        left,
        notice,
    };
    Ok(html(StatusCode::OK, body.render()))
}

/// `POST /{lang}/editor/channels/{id}/verify`: "still true", at the version the page showed; back to the page
/// it came from (an editing page of this site), with a word that it is done.
#[tracing::instrument(skip_all)]
pub async fn still_true(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let (session, fields) = match super::editor::posted_by_editor(&state, &req, lang, &body).await? {
        Ok(found) => found,
        Err(redirect) => return Ok(redirect),
    };
    let id: i64 = req.match_info().get("id").and_then(|v| v.parse().ok()).ok_or(WebError::NotFound(lang))?;
    let editing = format!("/{}/editor", lang.code());
    let back = fields
        .get("next")
        .filter(|n| n.starts_with(&editing) && !n.contains("//") && !n.contains('\\') && !n.contains('?'))
        .unwrap_or_else(|| format!("/{}/editor/channels/{id}", lang.code()));
    match verify::verify_channel(&state, &session.principal, id, fields.get("etag")).await {
        Ok(_) => Ok(see_other(&format!("{back}?done=verified"))),
        // Changed since the page was read: the form shows it as it is now.
        Err(AppError::PreconditionFailed { .. } | AppError::PreconditionRequired { .. }) => {
            Ok(see_other(&format!("/{}/editor/channels/{id}?done=stale", lang.code())))
        }
        Err(AppError::NotFound { .. }) => Err(WebError::NotFound(lang)),
        Err(AppError::OutOfScope { .. } | AppError::Forbidden { .. }) => {
            Err(WebError::Forbidden(lang, "editor-out-of-scope"))
        }
        Err(e) => Err(WebError::app(lang)(e)),
    }
}
