//! Interface strings: Project Fluent message files, one per language (`locales/<code>.ftl`), compiled into the
//! binary. French, Dutch and English carry every key; Arabic, Turkish, Spanish and Romanian carry the keys of the
//! printable sheet (`sheet-*`, `day-*`, `kind-*`), which is what a social worker hands over the desk.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Fr,
    Nl,
    En,
    Ar,
    Tr,
    Es,
    Ro,
}

impl Lang {
    /// The languages of the whole interface.
    pub const UI: [Lang; 3] = [Lang::Fr, Lang::Nl, Lang::En];
    /// The languages of the printable sheet.
    pub const SHEET: [Lang; 7] = [Lang::Fr, Lang::Nl, Lang::En, Lang::Ar, Lang::Tr, Lang::Es, Lang::Ro];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::Nl => "nl",
            Lang::En => "en",
            Lang::Ar => "ar",
            Lang::Tr => "tr",
            Lang::Es => "es",
            Lang::Ro => "ro",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::SHEET.into_iter().find(|l| l.code() == code)
    }

    /// The language's own name, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Fr => "Français",
            Lang::Nl => "Nederlands",
            Lang::En => "English",
            Lang::Ar => "العربية",
            Lang::Tr => "Türkçe",
            Lang::Es => "Español",
            Lang::Ro => "Română",
        }
    }

    pub fn is_ui(self) -> bool {
        Lang::UI.contains(&self)
    }

    pub fn dir(self) -> &'static str {
        if self == Lang::Ar { "rtl" } else { "ltr" }
    }

    /// The interface language a sheet language falls back to for catalog text: French, the region's majority
    /// language, for the languages the catalog does not have.
    pub fn catalog_lang(self) -> Lang {
        if self.is_ui() { self } else { Lang::Fr }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::Fr => include_str!("../../locales/fr.ftl"),
            Lang::Nl => include_str!("../../locales/nl.ftl"),
            Lang::En => include_str!("../../locales/en.ftl"),
            Lang::Ar => include_str!("../../locales/ar.ftl"),
            Lang::Tr => include_str!("../../locales/tr.ftl"),
            Lang::Es => include_str!("../../locales/es.ftl"),
            Lang::Ro => include_str!("../../locales/ro.ftl"),
        }
    }
}

/// Whether a key belongs to the printable sheet (present in every sheet language).
pub fn is_sheet_key(key: &str) -> bool {
    key.starts_with("sheet-") || key.starts_with("day-") || key.starts_with("kind-") || key.starts_with("way-")
}

type Bundle = FluentBundle<FluentResource>;

fn bundle(lang: Lang) -> Bundle {
    let resource = FluentResource::try_new(lang.source().to_string())
        .unwrap_or_else(|(_, errors)| panic!("locales/{}.ftl does not parse: {errors:?}", lang.code()));
    let id = lang.code().parse().expect("a valid language identifier");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Isolation marks around arguments would show as boxes on old phones; the pages set `dir` themselves.
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).unwrap_or_else(|e| panic!("locales/{}.ftl: {e:?}", lang.code()));
    bundle
}

static BUNDLES: LazyLock<Vec<(Lang, Bundle)>> = LazyLock::new(|| Lang::SHEET.iter().map(|&l| (l, bundle(l))).collect());

/// Every message id of a language's file, for the completeness test.
pub fn message_ids(lang: Lang) -> Vec<String> {
    let resource = FluentResource::try_new(lang.source().to_string()).expect("parses");
    let mut ids: Vec<String> = resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect();
    ids.sort();
    ids
}

/// The strings of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    fn format(&self, key: &str, args: Option<&FluentArgs>) -> String {
        let bundle = &BUNDLES.iter().find(|(l, _)| *l == self.lang).expect("every language is loaded").1;
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            // The completeness tests make this unreachable for shipped files; show the key rather than nothing.
            tracing::warn!(key, lang = self.lang.code(), "missing interface string");
            return key.to_string();
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors).into_owned();
        if !errors.is_empty() {
            tracing::warn!(key, lang = self.lang.code(), ?errors, "interface string formatted with errors");
        }
        text
    }

    pub fn t(&self, key: &str) -> String {
        self.format(key, None)
    }

    /// A string with one argument (numbers select the plural form).
    pub fn t1<'a>(&self, key: &str, name: &'static str, value: impl Into<FluentValue<'a>>) -> String {
        let mut args = FluentArgs::new();
        args.set(name, value);
        self.format(key, Some(&args))
    }

    pub fn t2<'a>(
        &self,
        key: &str,
        a: (&'static str, impl Into<FluentValue<'a>>),
        b: (&'static str, impl Into<FluentValue<'a>>),
    ) -> String {
        let mut args = FluentArgs::new();
        args.set(a.0, a.1);
        args.set(b.0, b.1);
        self.format(key, Some(&args))
    }
}

/// The interface language from `Accept-Language` (RFC 9110 quality values); French when nothing matches.
pub fn negotiate(header: Option<&str>) -> Lang {
    let mut best: Option<(f32, usize, Lang)> = None;
    for (position, part) in header.unwrap_or("").split(',').enumerate().take(20) {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = pieces
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        let Some(lang) = Lang::UI.into_iter().find(|l| l.code() == primary) else { continue };
        if q <= 0.0 {
            continue;
        }
        // Highest quality wins; equal qualities keep the order the browser gave.
        if best.is_none_or(|(bq, bp, _)| q > bq || (q == bq && position < bp)) {
            best = Some((q, position, lang));
        }
    }
    best.map_or(Lang::Fr, |(_, _, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_interface_language_has_every_key() {
        let en = message_ids(Lang::En);
        assert!(en.len() > 50, "English file looks truncated: {} keys", en.len());
        for lang in [Lang::Fr, Lang::Nl] {
            let ids = message_ids(lang);
            let missing: Vec<_> = en.iter().filter(|k| !ids.contains(k)).collect();
            let extra: Vec<_> = ids.iter().filter(|k| !en.contains(k)).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{}: missing {missing:?}, extra {extra:?}", lang.code());
        }
    }

    #[test]
    fn every_sheet_language_has_every_sheet_key() {
        let sheet: Vec<String> = message_ids(Lang::En).into_iter().filter(|k| is_sheet_key(k)).collect();
        assert!(sheet.len() > 20);
        for lang in [Lang::Ar, Lang::Tr, Lang::Es, Lang::Ro] {
            let ids = message_ids(lang);
            let missing: Vec<_> = sheet.iter().filter(|k| !ids.contains(k)).collect();
            let extra: Vec<_> = ids.iter().filter(|k| !is_sheet_key(k)).collect();
            assert!(missing.is_empty() && extra.is_empty(), "{}: missing {missing:?}, extra {extra:?}", lang.code());
        }
    }

    #[test]
    fn every_key_used_in_templates_and_code_exists() {
        let en = message_ids(Lang::En);
        let mut used = Vec::new();
        let roots =
            [concat!(env!("CARGO_MANIFEST_DIR"), "/templates"), concat!(env!("CARGO_MANIFEST_DIR"), "/src/web")];
        for root in roots {
            for entry in std::fs::read_dir(root).expect("readable") {
                let text = std::fs::read_to_string(entry.expect("entry").path()).expect("utf-8");
                for call in [".t(\"", ".t1(\"", ".t2(\""] {
                    for (i, _) in text.match_indices(call) {
                        let rest = &text[i + call.len()..];
                        let key = &rest[..rest.find('"').expect("closing quote")];
                        used.push(key.to_string());
                    }
                }
            }
        }
        assert!(used.len() > 50, "found only {} uses", used.len());
        let unknown: Vec<_> = used.iter().filter(|k| !en.contains(k)).collect();
        assert!(unknown.is_empty(), "keys used but not in locales/en.ftl: {unknown:?}");
    }

    /// Keys built at run time from the domain's codes: every code must have its words.
    #[test]
    fn every_code_shown_in_words_has_its_key() {
        use crate::domain::{BookingRoute, ComplaintProblem, ComplaintState, FailureReason, Level};
        let en = message_ids(Lang::En);
        let root = env!("CARGO_MANIFEST_DIR");
        let literals = |file: &str, call: &str| -> Vec<String> {
            let text = std::fs::read_to_string(format!("{root}/{file}")).expect("readable");
            text.match_indices(call)
                .map(|(i, _)| {
                    let rest = &text[i + call.len()..];
                    rest[..rest.find('"').expect("closing quote")].to_string()
                })
                .collect()
        };
        let mut wanted: Vec<String> = Vec::new();
        let dashed = |prefix: &str, code: &str| format!("{prefix}-{}", code.replace('_', "-"));
        wanted.extend(Level::expected().split(", ").map(|c| dashed("level", c)));
        wanted.extend(FailureReason::expected().split(", ").map(|c| dashed("reason", c)));
        wanted.extend(ComplaintProblem::expected().split(", ").map(|c| dashed("reason", c)));
        wanted.extend(BookingRoute::expected().split(", ").map(|c| dashed("way-booking", c)));
        wanted.extend(crate::domain::Outcome::expected().split(", ").map(|c| dashed("outcome", c)));
        wanted.extend(ComplaintState::expected().split(", ").map(|c| format!("complaint-state-{c}")));
        let why = literals("src/catalog/orientation.rs", "push(\"");
        assert!(why.len() > 20, "orientation reasons found: {}", why.len());
        wanted.extend(why.iter().map(|c| dashed("why", c)));
        wanted.extend(crate::domain::channel::Fact::ALL.iter().map(|f| dashed("way-fact", f.as_str())));
        for field in [
            "channel_id",
            "procedure",
            "occurred_at",
            "outcome",
            "minutes_spent",
            "on_behalf",
            "failure_reason",
            "wait_minutes",
            "reporter_role",
            "comment",
            "problem",
            "description",
            "email",
            "body",
        ] {
            wanted.push(dashed("field", field));
            wanted.push(format!("{}-error", dashed("field", field)));
        }
        // The fields the catalog's checks and the suggestion validator name, as the editing pages show them.
        for field in crate::app::edit::CHANNEL_FIELDS
            .iter()
            .filter(|f| !["kind", "completion", "registered", "source", "quotes"].contains(f))
            .chain(&["state", "since", "until", "changes", "fact", "seen", "seen_on", "proposed", "reason"])
        {
            wanted.push(dashed("field", field));
            wanted.push(format!("{}-error", dashed("field", field)));
        }
        wanted.extend(crate::app::suggest::subjects().map(|f| dashed("suggest-fact", f)));
        wanted.extend(["pending", "accepted", "rejected"].map(|s| format!("suggest-state-{s}")));
        wanted.extend(crate::domain::Wheelchair::expected().split(", ").map(|c| dashed("editor-wheelchair", c)));
        wanted.extend(super::super::fact_form::TEXTS.iter().map(|f| dashed("editor-field", f)));
        wanted.extend(["from", "to", "commune"].map(|f| format!("filter-{f}-error")));
        wanted.extend(["error-too-many-text", "error-too-many-signins"].map(String::from));
        let missing: Vec<_> = wanted.iter().filter(|k| !en.contains(k)).collect();
        assert!(missing.is_empty(), "no words for: {missing:?}");
    }

    #[test]
    fn plurals_and_arguments() {
        assert_eq!(Tr::new(Lang::En).t1("days-ago", "n", 1), "1 day ago");
        assert_eq!(Tr::new(Lang::En).t1("days-ago", "n", 12), "12 days ago");
        assert_eq!(Tr::new(Lang::Fr).t1("days-ago", "n", 12), "il y a 12 jours");
    }

    #[test]
    fn negotiation_follows_quality_then_order() {
        assert_eq!(negotiate(Some("nl-BE,nl;q=0.9,fr;q=0.8")), Lang::Nl);
        assert_eq!(negotiate(Some("ar,en;q=0.5,fr;q=0.7")), Lang::Fr);
        assert_eq!(negotiate(Some("de-DE")), Lang::Fr);
        assert_eq!(negotiate(Some("en;q=0, nl;q=0.1")), Lang::Nl);
        assert_eq!(negotiate(None), Lang::Fr);
    }
}
