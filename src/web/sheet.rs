//! `/{lang}/procedures/{slug}/sheet/{channel}`: the printable A4 sheet a social worker hands over the desk, in
//! the person's language — French, Dutch, English, Arabic (right to left), Turkish, Spanish or Romanian — with a
//! QR code of this very page. Catalog text the catalog lacks in that language shows in French, said so.

use super::i18n::{Lang, Tr};
use super::page::{Page, WebError, html};
use super::way;
use super::words::{Loc, clock, name, opt_texts, texts};
use crate::app::AppState;
use crate::domain::{ChannelKind, DeclaredState};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Datelike;

pub struct SheetDay {
    pub name: String,
    pub hours: String,
}

/// Another number of the same procedure, for questions: the number and what the call costs.
pub struct SheetNumber {
    pub number: String,
    pub cost: Option<Loc>,
}

#[derive(Template)]
#[template(path = "sheet.html")]
struct SheetPage {
    page: Page,
    procedure: Loc,
    institution: Loc,
    kind: &'static str,
    title: String,
    place: Option<Loc>,
    address: Option<String>,
    days: Vec<SheetDay>,
    phone: Option<SheetNumber>,
    email: Option<String>,
    url: Option<String>,
    booking: Option<String>,
    cost: Option<Loc>,
    conditions: Option<Loc>,
    deadline: Option<Loc>,
    documents: Vec<Loc>,
    languages: Option<String>,
    wheelchair: Option<String>,
    not_known: Vec<String>,
    questions: Vec<SheetNumber>,
    status: String,
    checked: String,
    qr: Option<String>,
    sheet_url: String,
    back: String,
    printed: String,
    sheet_languages: Vec<(&'static str, &'static str, String)>,
}

/// "09/2022": a source's date in figures, readable in every sheet language.
fn figures(d: crate::domain::PartialDate) -> String {
    match (d.month, d.day) {
        (Some(m), Some(day)) => format!("{day:02}/{m:02}/{}", d.year),
        (Some(m), None) => format!("{m:02}/{}", d.year),
        _ => d.year.to_string(),
    }
}

/// The address of this site for the QR code: `GUICHET_PUBLIC_URL` when set (behind a proxy, and so that a forged
/// `Host` header cannot put another site on paper), else the request's own scheme and host.
fn public_base(state: &AppState, req: &HttpRequest) -> String {
    if let Some(base) = &state.public_url {
        return base.clone();
    }
    let info = req.connection_info();
    format!("{}://{}", info.scheme(), info.host())
}

#[tracing::instrument(skip(state, req))]
pub async fn sheet_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, WebError> {
    let (code, slug, channel) = path.into_inner();
    let lang = Lang::from_code(&code).ok_or(WebError::NotFound(Lang::Fr))?;
    let ui = lang.catalog_lang();
    let tr = Tr::new(lang);
    let s = state.catalog.load();
    let p = s.procedure(&slug).ok_or(WebError::NotFound(ui))?;
    let c = channel
        .parse::<i64>()
        .ok()
        .and_then(|id| s.channel(id))
        .filter(|c| c.procedure == s.procedures_by_slug[&slug])
        .ok_or(WebError::NotFound(ui))?;
    let ctx = state.ctx();
    let location = c.location.and_then(|l| s.locations.get(&l));
    let mut days: Vec<SheetDay> = Vec::new();
    if let Some(hours) = &c.hours {
        let mut week = hours.week(&s.holidays, c.calendar, ctx.now);
        week.sort_by_key(|d| d.date.weekday().num_days_from_monday());
        for d in week {
            let hours = if d.holiday.is_some() {
                tr.t1("sheet-closed-holiday", "date", format!("{:02}/{:02}", d.date.day(), d.date.month()))
            } else if d.intervals.is_empty() {
                tr.t("sheet-closed")
            } else {
                d.intervals
                    .iter()
                    .map(|i| format!("{}–{}", clock(&i.from), clock(&i.to)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            days.push(SheetDay { name: super::words::day_name(tr, d.date.weekday()), hours });
        }
    }
    let status = tr.t(match c.declared {
        DeclaredState::Open => "sheet-status-open",
        DeclaredState::Restricted => "sheet-status-restricted",
        DeclaredState::ClosedTemporarily | DeclaredState::ClosedPermanently => "sheet-status-closed",
        DeclaredState::Unknown => "sheet-status-unknown",
    });
    let source = s.source(c.source);
    let checked = match (source.and_then(|s| s.date), source.and_then(|s| s.read)) {
        (Some(d), _) => tr.t1("sheet-checked", "date", figures(d)),
        // An undated page: when it was read, never as the fact's date.
        (None, Some(read)) => tr.t1("sheet-checked-undated", "read", figures(read)),
        (None, None) => tr.t("sheet-checked-unknown"),
    };
    // The procedure's phone lines, for a person who has a question about this way (not on a phone line's own sheet).
    let questions: Vec<SheetNumber> = if c.kind == ChannelKind::Phone {
        Vec::new()
    } else {
        p.channels
            .iter()
            .map(|&i| &s.channels[i])
            .filter(|o| o.id != c.id && o.kind == ChannelKind::Phone && !o.declared.is_closed())
            .filter_map(|o| Some(SheetNumber { number: o.phone.clone()?, cost: way::call_cost(tr, o) }))
            .fold(Vec::new(), |mut acc: Vec<SheetNumber>, n| {
                if acc.len() < 2 && !acc.iter().any(|a| a.number == n.number) {
                    acc.push(n);
                }
                acc
            })
    };
    let path = format!("/{}/procedures/{}/sheet/{}", lang.code(), p.slug, c.id);
    let sheet_url = format!("{}{path}", public_base(&state, &req));
    let procedure = name(tr, &p.name);
    let mut page = Page::new(ui, &req, procedure.text.clone());
    page.tr = tr;
    page.lang = lang.code();
    page.dir = lang.dir();
    page.alternates.clear();
    let body = SheetPage {
        institution: name(tr, &s.institutions[p.institution].name),
        kind: c.kind.as_str(),
        title: tr.t(way::title_key(c)),
        place: location.map(|l| name(tr, &l.name)),
        address: location.and_then(|l| way::address_line(tr, &s, l)),
        days,
        phone: c.phone.as_ref().map(|n| SheetNumber { number: n.clone(), cost: way::call_cost(tr, c) }),
        email: c.email.clone(),
        url: c.url.clone().or_else(|| (c.kind == ChannelKind::Online).then(|| p.online_url.clone()).flatten()),
        booking: way::booking(tr, c),
        cost: opt_texts(tr, &c.cost),
        conditions: opt_texts(tr, &c.conditions),
        deadline: opt_texts(tr, &p.deadline),
        documents: p.documents.iter().filter_map(|d| texts(tr, d)).collect(),
        languages: (!c.languages.is_empty()).then(|| super::card::language_list(&c.languages)),
        wheelchair: way::wheelchair(tr, c.wheelchair),
        not_known: way::not_known(tr, c),
        questions,
        status,
        checked,
        qr: super::qr::svg(&sheet_url, &tr.t("sheet-qr-label")),
        sheet_url,
        back: format!("/{}/procedures/{}", ui.code(), p.slug),
        printed: tr.t1("sheet-printed-on", "date", ctx.today.format("%d/%m/%Y").to_string()),
        sheet_languages: Lang::SHEET
            .iter()
            .map(|l| (l.code(), l.native_name(), format!("/{}/procedures/{}/sheet/{}", l.code(), p.slug, c.id)))
            .collect(),
        procedure,
        page,
    };
    Ok(html(StatusCode::OK, body.render()))
}
