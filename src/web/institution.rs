//! `/{lang}/institutions/{slug}`: a body, its procedures, and how each meets the compliance rules.

use super::i18n::Tr;
use super::page::{Page, PageLang, WebError, html};
use super::words::{Loc, name, texts};
use crate::app::AppState;
use crate::app::gaps::evaluate_all;
use crate::domain::compliance::Compliance;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

pub struct Verdict {
    pub class: &'static str,
    pub symbol: &'static str,
    pub label: String,
}

pub fn verdict(tr: Tr, c: Compliance) -> Verdict {
    let (class, symbol, key) = match c {
        Compliance::Compliant => ("ok", "✓", "compliant"),
        Compliance::CompliantOnPaperOnly => ("warn", "!", "compliance-paper"),
        Compliance::NonCompliant => ("bad", "✕", "compliance-non"),
        Compliance::InsufficientData => ("na", "?", "compliance-insufficient"),
        Compliance::NotApplicable => ("na", "–", "compliance-na"),
    };
    Verdict { class, symbol, label: tr.t(key) }
}

pub struct ProcedureRow {
    pub name: Loc,
    pub href: String,
    pub summary: Option<Loc>,
    pub verdicts: Vec<Verdict>,
}

#[derive(Template)]
#[template(path = "institution.html")]
struct InstitutionPage {
    page: Page,
    level: String,
    commune: Option<Loc>,
    parent: Option<(Loc, String)>,
    website: Option<String>,
    note: Option<Loc>,
    source_title: Loc,
    source_url: Option<String>,
    rules: Vec<String>,
    procedures: Vec<ProcedureRow>,
}

#[tracing::instrument(skip(state, req))]
pub async fn institution_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let (_, slug) = path.into_inner();
    let tr = Tr::new(lang);
    let s = state.catalog.load();
    let inst = s.institution(&slug).ok_or(WebError::NotFound(lang))?;
    let all = evaluate_all(&s, &state.ctx(), &state.rules);
    let procedures = inst
        .procedures
        .iter()
        .map(|&i| {
            let p = &s.procedures[i];
            ProcedureRow {
                name: name(tr, &p.name),
                href: format!("/{}/procedures/{}", lang.code(), p.slug),
                summary: texts(tr, &p.summary),
                verdicts: state
                    .rules
                    .iter()
                    .map(|r| {
                        let status = all
                            .iter()
                            .find(|(pi, e)| *pi == i && e.rule == r.id)
                            .map_or(Compliance::NotApplicable, |(_, e)| e.status);
                        verdict(tr, status)
                    })
                    .collect(),
            }
        })
        .collect();
    let source = s.source(inst.source);
    let body = InstitutionPage {
        page: Page::new(lang, &req, name(tr, &inst.name).text),
        level: tr.t(&super::words::code_key("level", inst.level.as_str())),
        commune: inst.commune.map(|c| name(tr, &s.communes[c].name)),
        parent: inst.parent.map(|p| {
            let parent = &s.institutions[p];
            (name(tr, &parent.name), format!("/{}/institutions/{}", lang.code(), parent.slug))
        }),
        website: inst.website.clone(),
        note: super::words::opt_texts(tr, &inst.note),
        source_title: super::words::source_title(tr, source),
        source_url: source.and_then(|s| s.url.clone()),
        rules: state.rules.iter().map(|r| super::words::rule_title(tr, r)).collect(),
        procedures,
    };
    Ok(html(StatusCode::OK, body.render()))
}
