//! `/{lang}/orientation`: for social workers. The need, the postcode, the person's constraints as checkboxes;
//! the options ranked with their reasons, what was left out and why, and help places when nothing is left.

use super::forms::Fields;
use super::i18n::Tr;
use super::page::{Page, PageLang, WebError, html};
use super::places::{PlaceAnswer, answer};
use super::words::{Card, Loc, card, name};
use crate::app::AppState;
use crate::app::input::Params;
use crate::app::orient::read_question;
use crate::catalog::orientation::{Role, orient};
use crate::catalog::places::find_place;
use crate::domain::languages::{LANGUAGES, by_code};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

pub struct Constraint {
    pub name: &'static str,
    pub label: String,
    pub checked: bool,
}

pub struct Option_ {
    pub procedure: Loc,
    /// Who runs it: a help place is named by its organisation when it has no place name.
    pub institution: Loc,
    pub procedure_href: String,
    pub slug: String,
    pub card: Card,
    pub why: Vec<String>,
    pub role: String,
}

/// A language the person may speak, by its own name.
pub struct LanguageBox {
    pub code: String,
    pub own: String,
    pub dir: &'static str,
    pub checked: bool,
}

pub struct Left {
    pub label: String,
    pub why: Vec<String>,
}

#[derive(Template)]
#[template(path = "orientation.html")]
struct OrientationPage {
    page: Page,
    need: String,
    postcode: String,
    answer: PlaceAnswer,
    languages: Vec<LanguageBox>,
    constraints: Vec<Constraint>,
    errors: Vec<String>,
    searched: bool,
    /// The matched procedures: name, page, deadline.
    procedures: Vec<(Loc, String, Option<Loc>)>,
    options: Vec<Option_>,
    help: Vec<Option_>,
    excluded: Vec<Left>,
    message: Option<String>,
    sheets: Vec<super::procedure::SheetLink>,
}

const CONSTRAINTS: [(&str, &str); 6] = [
    ("no_internet", "constraint-no-internet"),
    ("no_smartphone", "constraint-no-smartphone"),
    ("no_eid", "constraint-no-eid"),
    ("cannot_phone", "constraint-cannot-phone"),
    ("cannot_read", "constraint-cannot-read"),
    ("wheelchair", "constraint-wheelchair"),
];

/// A reason code of the orientation in words.
pub fn why_words(tr: Tr, code: &str) -> String {
    match code.strip_prefix("speaks_") {
        Some(l) => tr.t1("why-speaks", "language", by_code(l).map_or_else(|| l.to_uppercase(), |l| l.own.to_string())),
        None => tr.t(&format!("why-{}", code.replace('_', "-"))),
    }
}

#[tracing::instrument(skip_all)]
pub async fn orientation_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
) -> Result<HttpResponse, WebError> {
    let tr = Tr::new(lang);
    let fields = Fields::query(&req);
    let need: String = fields.text("need", 200);
    let postcode: String = fields.text("postcode", 20);
    let constraints: Vec<Constraint> =
        CONSTRAINTS.iter().map(|(n, key)| Constraint { name: n, label: tr.t(key), checked: fields.flag(n) }).collect();
    // The question is read by the same rules as the API's; only the words of the errors are the page's.
    let s = state.catalog.load();
    let mut params = Params::from_pairs(fields.0.clone());
    let question = read_question(&s, &mut params);
    // Where the person lives, in words: a commune to choose when the finder found several or none.
    let again = |commune: &str| {
        let mut pairs: Vec<(String, String)> = fields.0.iter().filter(|(k, _)| k != "postcode").cloned().collect();
        pairs.push(("postcode".into(), commune.into()));
        format!("/{}/orientation?{}", lang.code(), serde_urlencoded::to_string(&pairs).expect("encodes"))
    };
    let mut answer = answer(tr, &s, &postcode, &find_place(&s, &postcode), again);
    answer.label = None;
    let mut languages: Vec<LanguageBox> = LANGUAGES
        .iter()
        .map(|l| LanguageBox {
            code: l.code.into(),
            own: l.own.into(),
            dir: if l.rtl { "rtl" } else { "ltr" },
            checked: question.situation.languages.iter().any(|c| c == l.code),
        })
        .collect();
    // A code the list does not hold, given in the address, stays in the form.
    for code in question.situation.languages.iter().filter(|c| by_code(c).is_none()) {
        languages.push(LanguageBox { code: code.clone(), own: code.to_uppercase(), dir: "ltr", checked: true });
    }
    let mut errors: Vec<String> = Vec::new();
    for e in &params.errors {
        let words = match e.field.as_str() {
            "lang" => tr.t("orientation-languages-error"),
            "postcode" | "commune" => match (&answer.message, answer.unplaced) {
                (Some(m), true) => m.clone(),
                _ => tr.t1("place-unknown", "place", fields.text(&e.field, 100)),
            },
            _ => continue,
        };
        if !errors.contains(&words) {
            errors.push(words);
        }
    }
    let (who, communes) = (question.situation, question.communes);
    let searched = !need.is_empty() && errors.is_empty();
    let mut body = OrientationPage {
        page: Page::new(lang, &req, tr.t("orientation-title")),
        need: need.clone(),
        postcode,
        answer,
        languages,
        constraints,
        errors,
        searched,
        procedures: Vec::new(),
        options: Vec::new(),
        help: Vec::new(),
        excluded: Vec::new(),
        message: None,
        sheets: super::procedure::sheet_links(),
    };
    if !fields.0.is_empty() && need.is_empty() {
        body.errors.push(tr.t("error-need"));
    }
    let status = if body.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    if searched {
        let ctx = state.ctx_at(question.at);
        let result = orient(&s, &ctx.observed, &need, &communes, &who, ctx.now);
        let option = |r: &crate::catalog::orientation::Ranked| {
            let c = &s.channels[r.channel];
            let p = &s.procedures[c.procedure];
            Option_ {
                procedure: name(tr, &p.name),
                institution: name(tr, &s.institutions[p.institution].name),
                procedure_href: format!("/{}/procedures/{}", lang.code(), p.slug),
                slug: p.slug.clone(),
                card: card(tr, &s, c, &ctx),
                why: r.why.iter().map(|w| why_words(tr, w)).collect(),
                role: tr.t(match r.role {
                    Role::Alternative => "role-alternative",
                    Role::ToVerify => "role-to-verify",
                    Role::Online => "role-online",
                    Role::Information => "role-information",
                    Role::Help => "role-help",
                }),
            }
        };
        body.procedures = result
            .procedures
            .iter()
            .map(|&p| {
                let p = &s.procedures[p];
                (
                    name(tr, &p.name),
                    format!("/{}/procedures/{}", lang.code(), p.slug),
                    super::words::opt_texts(tr, &p.deadline),
                )
            })
            .collect();
        body.options = result.options.iter().take(10).map(option).collect();
        body.help = result
            .help
            .iter()
            .map(|r| {
                // A help place says why it is listed: linked to this procedure, or in the person's commune.
                let mut o = option(r);
                o.why = r
                    .why
                    .iter()
                    .filter(|w| matches!(w.as_str(), "help_place_linked" | "in_your_commune"))
                    .map(|w| why_words(tr, w))
                    .collect();
                o
            })
            .collect();
        body.excluded = result
            .excluded
            .iter()
            .map(|e| Left {
                label: super::label::channel_label(tr, &s, &s.channels[e.channel]),
                why: e.why.iter().map(|w| why_words(tr, w)).collect(),
            })
            .collect();
        body.message = if result.procedures.is_empty() {
            Some(tr.t("orientation-no-match"))
        } else if result.no_offline_alternative {
            Some(tr.t("orientation-no-alternative"))
        } else {
            None
        };
    }
    Ok(html(status, body.render()))
}
