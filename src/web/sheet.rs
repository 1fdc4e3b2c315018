//! `/{lang}/procedures/{slug}/sheet/{channel}`: the printable A4 sheet a social worker hands over the desk, in
//! the person's language — French, Dutch, English, Arabic (right to left), Turkish, Spanish or Romanian — with a
//! QR code of this very page. Catalog text the catalog lacks in that language shows in French, said so.

use super::i18n::{Lang, Tr};
use super::page::{Page, WebError, html};
use super::words::{Loc, clock, kind_key, name, texts};
use crate::app::AppState;
use crate::domain::DeclaredState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::Datelike;

pub struct SheetDay {
    pub name: String,
    pub hours: String,
}

#[derive(Template)]
#[template(path = "sheet.html")]
struct SheetPage {
    page: Page,
    procedure: Loc,
    institution: Loc,
    kind: &'static str,
    kind_label: String,
    place: Option<Loc>,
    address: Option<String>,
    days: Vec<SheetDay>,
    hours_matter: bool,
    phone: Option<(String, String)>,
    email: Option<String>,
    booking: Option<String>,
    documents: Vec<Loc>,
    status: String,
    checked: String,
    qr: Option<String>,
    url: String,
    back: String,
    printed: String,
    languages: Vec<(&'static str, &'static str, String)>,
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
    let address = location.and_then(|l| {
        let a = l.address.clone()?;
        Some(match &l.postcode {
            Some(pc) => format!("{a}, {pc} {}", l.commune.map(|i| s.communes[i].name.fr.clone()).unwrap_or_default()),
            None => a,
        })
    });
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
    let booking = (!c.booking.is_empty()).then(|| super::words::booking_routes(tr, &c.booking, "sheet-booking"));
    let status = tr.t(match c.declared {
        DeclaredState::Open => "sheet-status-open",
        DeclaredState::Restricted => "sheet-status-restricted",
        DeclaredState::ClosedTemporarily | DeclaredState::ClosedPermanently => "sheet-status-closed",
        DeclaredState::Unknown => "sheet-status-unknown",
    });
    let source_date = s.source(c.source).and_then(|s| s.date).map(|d| d.to_string());
    let checked = match source_date {
        Some(d) => tr.t1("sheet-checked", "date", d),
        None => tr.t("sheet-checked-unknown"),
    };
    let path = format!("/{}/procedures/{}/sheet/{}", lang.code(), p.slug, c.id);
    let url = format!("{}{path}", public_base(&state, &req));
    let procedure = name(tr, &p.name);
    let mut page = Page::new(ui, &req, procedure.text.clone());
    page.tr = tr;
    page.lang = lang.code();
    page.dir = lang.dir();
    page.alternates.clear();
    let body = SheetPage {
        institution: name(tr, &s.institutions[p.institution].name),
        kind: c.kind.as_str(),
        kind_label: tr.t(kind_key(c.kind)),
        place: location.map(|l| name(tr, &l.name)),
        address,
        hours_matter: c.hours.is_some()
            || matches!(c.kind, crate::domain::ChannelKind::Counter | crate::domain::ChannelKind::Phone),
        days,
        phone: c.phone.as_ref().map(|n| {
            let cost = match &c.phone_cost {
                Some(t) if t.en.as_deref() == Some("free") => tr.t("sheet-free"),
                Some(t) => t.in_or_any(tr.lang.code()).unwrap_or_default().to_string(),
                None => tr.t("sheet-cost-unknown"),
            };
            (n.clone(), cost)
        }),
        email: c.email.clone(),
        booking,
        documents: p.documents.iter().filter_map(|d| texts(tr, d)).collect(),
        status,
        checked,
        qr: super::qr::svg(&url, &tr.t("sheet-qr-label")),
        url,
        back: format!("/{}/procedures/{}", ui.code(), p.slug),
        printed: tr.t1("sheet-printed-on", "date", ctx.today.format("%d/%m/%Y").to_string()),
        languages: Lang::SHEET
            .iter()
            .map(|l| (l.code(), l.native_name(), format!("/{}/procedures/{}/sheet/{}", l.code(), p.slug, c.id)))
            .collect(),
        procedure,
        page,
    };
    Ok(html(StatusCode::OK, body.render()))
}
