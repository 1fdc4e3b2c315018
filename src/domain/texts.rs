//! Texts a person reads, in the three languages of the site, and quotations that stay in their own language.

use serde::{Deserialize, Serialize};

/// The languages every catalog text a person reads must exist in.
pub const SITE_LANGUAGES: [&str; 3] = ["fr", "nl", "en"];

/// A text in French, Dutch and English. In the catalog files all three are required (`import --check --strict`);
/// older files wrote a plain string, read as English.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(try_from = "TextsRepr")]
pub struct Texts {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fr: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nl: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum TextsRepr {
    Plain(String),
    Table {
        fr: Option<String>,
        nl: Option<String>,
        en: Option<String>,
        // Any other key is refused below (an untagged enum cannot deny unknown fields itself).
        #[serde(flatten)]
        other: std::collections::BTreeMap<String, serde::de::IgnoredAny>,
    },
}

impl TryFrom<TextsRepr> for Texts {
    type Error = String;

    fn try_from(r: TextsRepr) -> Result<Self, String> {
        match r {
            TextsRepr::Plain(en) => Ok(Texts { fr: None, nl: None, en: Some(en) }),
            TextsRepr::Table { other, .. } if !other.is_empty() => {
                let keys: Vec<&str> = other.keys().map(String::as_str).collect();
                Err(format!("unknown language key(s) {}: a text has `fr`, `nl` and `en`", keys.join(", ")))
            }
            TextsRepr::Table { fr, nl, en, .. } => Ok(Texts { fr, nl, en }),
        }
    }
}

impl Texts {
    pub fn new(fr: &str, nl: &str, en: &str) -> Self {
        Texts { fr: Some(fr.into()), nl: Some(nl.into()), en: Some(en.into()) }
    }

    /// The texts present, with their language code.
    pub fn all(&self) -> impl Iterator<Item = (&'static str, &String)> {
        [("fr", &self.fr), ("nl", &self.nl), ("en", &self.en)]
            .into_iter()
            .filter_map(|(l, t)| t.as_ref().map(|t| (l, t)))
    }

    pub fn get(&self, lang: &str) -> Option<&str> {
        match lang {
            "fr" => self.fr.as_deref(),
            "nl" => self.nl.as_deref(),
            "en" => self.en.as_deref(),
            _ => None,
        }
    }

    /// The text in `lang` if there is one, else in English, French or Dutch: for outputs in one language.
    pub fn in_or_any(&self, lang: &str) -> Option<&str> {
        self.pick(lang, &["en", "fr", "nl"]).map(|(t, _)| t)
    }

    pub fn is_empty(&self) -> bool {
        self.fr.is_none() && self.nl.is_none() && self.en.is_none()
    }

    /// The site languages this text lacks.
    pub fn missing(&self) -> Vec<&'static str> {
        SITE_LANGUAGES.into_iter().filter(|l| self.get(l).is_none()).collect()
    }

    /// The text in `lang`, else in the first of `fallbacks` that has one, with the language it is in.
    pub fn pick<'a>(&'a self, lang: &str, fallbacks: &[&'static str]) -> Option<(&'a str, &'static str)> {
        SITE_LANGUAGES
            .into_iter()
            .filter(|l| *l == lang)
            .chain(fallbacks.iter().copied())
            .find_map(|l| self.get(l).map(|t| (t, l)))
    }
}

/// Words of a source, verbatim, in the language they were written in. Never translated.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub text: String,
    /// ISO 639-1 code of the quotation's language.
    pub lang: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        t: Texts,
    }

    #[test]
    fn a_table_and_a_legacy_string_both_read() {
        let h: Holder = toml::from_str(r#"t = { fr = "a", nl = "b", en = "c" }"#).unwrap();
        assert_eq!(h.t, Texts::new("a", "b", "c"));
        assert!(h.t.missing().is_empty());
        let h: Holder = toml::from_str(r#"t = "plain""#).unwrap();
        assert_eq!(h.t.en.as_deref(), Some("plain"));
        assert_eq!(h.t.missing(), ["fr", "nl"]);
        let bad: Result<Holder, _> = toml::from_str(r#"t = { fr = "a", de = "b" }"#);
        assert!(bad.err().unwrap().to_string().contains("de"));
    }

    #[test]
    fn pick_falls_back_in_order() {
        let t = Texts { fr: Some("bonjour".into()), nl: None, en: Some("hello".into()) };
        assert_eq!(t.pick("nl", &["en", "fr"]), Some(("hello", "en")));
        assert_eq!(t.pick("fr", &["en"]), Some(("bonjour", "fr")));
        assert_eq!(Texts::default().pick("fr", &["en"]), None);
    }
}
