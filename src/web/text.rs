//! Catalog text in the page's language: a name or a text, and when it is not in the page's language, the language
//! it is in, marked (`lang`) and said in words.

use super::i18n::{Lang, Tr};
use crate::catalog::Name;
use crate::domain::texts::{Quote, Texts};

/// A catalog text in the page's language, or in another one, said so.
pub struct Loc {
    pub text: String,
    /// Set when the text is not in the page's language: its language code, for `lang` and the visible note.
    pub other: Option<&'static str>,
    pub note: String,
}

pub use crate::domain::text::escape_markup as esc;

impl Loc {
    /// The text, marked with its language when it is not the page's, and the visible note saying so.
    pub fn html(&self) -> String {
        match self.other {
            Some(code) => format!(
                "<span lang=\"{code}\">{}</span> <small class=\"fallback\">({})</small>",
                esc(&self.text),
                esc(&self.note)
            ),
            None => esc(&self.text),
        }
    }
}

fn pick<'a>(wanted: Lang, fr: Option<&'a str>, nl: Option<&'a str>, en: Option<&'a str>) -> Option<(Lang, &'a str)> {
    let by = |l: Lang| match l {
        Lang::Nl => nl,
        Lang::En => en,
        _ => fr,
    };
    let order = match wanted.catalog_lang() {
        Lang::Nl => [Lang::Nl, Lang::Fr, Lang::En],
        Lang::En => [Lang::En, Lang::Fr, Lang::Nl],
        _ => [Lang::Fr, Lang::Nl, Lang::En],
    };
    order.into_iter().find_map(|l| by(l).map(|t| (l, t)))
}

/// "en français", "in het Frans", "بالفرنسية": the language a text is in, said in the page's language.
pub fn in_language(tr: Tr, code: &str) -> String {
    match code {
        "fr" | "nl" | "en" => tr.t(&format!("sheet-in-{code}")),
        other => {
            let name = Lang::from_code(other).map_or_else(|| other.to_string(), |l| l.native_name().to_string());
            tr.t1("sheet-in-language", "language", name)
        }
    }
}

fn loc(tr: Tr, found: Option<(Lang, &str)>) -> Option<Loc> {
    let (l, text) = found?;
    let other = (l != tr.lang).then_some(l.code());
    let note = other.map(|code| in_language(tr, code)).unwrap_or_default();
    Some(Loc { text: text.to_string(), other, note })
}

/// A quotation: the source's own words, in their language, marked as such (and the language said when it is not
/// the page's).
pub fn quote_html(tr: Tr, q: &Quote) -> String {
    let lang =
        if q.lang.len() == 2 && q.lang.bytes().all(|b| b.is_ascii_lowercase()) { q.lang.as_str() } else { "und" };
    let mark = if lang == tr.lang.code() {
        String::new()
    } else {
        format!(" <small class=\"fallback\">({})</small>", esc(&in_language(tr, lang)))
    };
    format!("<q lang=\"{lang}\">{}</q>{mark}", esc(&q.text))
}

pub fn name(tr: Tr, n: &Name) -> Loc {
    loc(tr, pick(tr.lang, Some(&n.fr), n.nl.as_deref(), n.en.as_deref())).expect("French is always there")
}

pub fn texts(tr: Tr, t: &Texts) -> Option<Loc> {
    loc(tr, pick(tr.lang, t.fr.as_deref(), t.nl.as_deref(), t.en.as_deref()))
}

/// A boxed text (a channel's seldom-given ones) reads the same.
pub fn opt_texts<T: std::borrow::Borrow<Texts>>(tr: Tr, t: &Option<T>) -> Option<Loc> {
    t.as_ref().and_then(|t| texts(tr, t.borrow()))
}

/// A text the page must show; "unknown" in the page's language when the catalog has none.
pub fn texts_or_unknown(tr: Tr, t: &Option<Texts>) -> Loc {
    opt_texts(tr, t).unwrap_or_else(|| Loc { text: tr.t("unknown"), other: None, note: String::new() })
}

/// A source named for a person: its title in the page's language (never its key).
pub fn source_title(tr: Tr, source: Option<&crate::catalog::Source>) -> Loc {
    source.and_then(|s| texts(tr, &s.title)).unwrap_or_else(|| Loc {
        text: tr.t("unknown"),
        other: None,
        note: String::new(),
    })
}

/// A compliance rule's title in the page's language.
pub fn rule_title(tr: Tr, rule: &crate::domain::compliance::Rule) -> String {
    texts(tr, &rule.title).map(|l| l.text).unwrap_or_default()
}
