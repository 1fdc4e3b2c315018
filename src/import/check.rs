//! Field checks shared by every record of the catalog files: each failure names file, record and field.

use super::ImportError;
use super::files::{Names, Quote, Texts};
use crate::domain::PartialDate;
use std::collections::HashSet;

/// What a check of the whole catalog knows besides the record it looks at.
pub(super) struct Known<'a> {
    pub sources: HashSet<&'a str>,
    /// Source ids and slugs that must never appear in a text a person reads.
    pub internal_keys: Vec<&'a str>,
    /// Every text must exist in French, Dutch and English, and name no internal key.
    pub require_all_languages: bool,
}

/// Collects errors for one record.
pub(super) struct Check<'a> {
    pub file: &'a str,
    pub record: String,
    pub errors: &'a mut Vec<ImportError>,
}

impl Check<'_> {
    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(ImportError {
            file: self.file.to_string(),
            record: self.record.clone(),
            field: field.to_string(),
            message: message.into(),
        });
    }

    pub fn slug(&mut self, field: &str, value: &str) {
        if !is_slug(value) {
            self.fail(field, format!("`{value}` must be 1–100 characters of a-z, 0-9 and single dashes"));
        }
    }

    pub fn text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.fail(field, "must not be empty");
        } else if value.chars().count() > max {
            self.fail(field, format!("longer than {max} characters"));
        }
    }

    pub fn opt_text(&mut self, field: &str, value: &Option<String>, max: usize) {
        if let Some(v) = value {
            self.text(field, v, max);
        }
    }

    pub fn url(&mut self, field: &str, value: &Option<String>) {
        if let Some(v) = value {
            let ok = (v.starts_with("https://") || v.starts_with("http://"))
                && v.len() > 10
                && v.len() <= 2000
                && !v.chars().any(char::is_whitespace);
            if !ok {
                self.fail(field, format!("`{v}` is not an http(s) address"));
            }
        }
    }

    pub fn vocabulary<T: std::str::FromStr<Err = String>>(&mut self, field: &str, value: &str) {
        if let Err(e) = value.parse::<T>() {
            self.fail(field, format!("`{value}`: {e}"));
        }
    }

    pub fn date(&mut self, field: &str, value: &Option<String>) -> Option<PartialDate> {
        let v = value.as_ref()?;
        match v.parse::<PartialDate>() {
            Ok(d) => Some(d),
            Err(e) => {
                self.fail(field, e);
                None
            }
        }
    }

    pub fn source(&mut self, known: &Known<'_>, field: &str, value: &str) {
        if !known.sources.contains(value) {
            self.fail(field, format!("`{value}` is not defined in sources.toml or in this file's [[sources]]"));
        }
    }

    pub fn names(&mut self, n: &Names) {
        self.text("name.fr", &n.fr, 300);
        self.opt_text("name.nl", &n.nl, 300);
        self.opt_text("name.en", &n.en, 300);
    }

    /// A text a person reads: every language present is a real text without internal keys; with
    /// `require_all_languages`, all three are there.
    pub fn texts(&mut self, known: &Known<'_>, field: &str, t: &Texts, max: usize) {
        if t.is_empty() {
            self.fail(field, "needs a text in French, Dutch and English");
            return;
        }
        for (lang, text) in t.all() {
            let f = format!("{field}.{lang}");
            self.text(&f, text, max);
            if known.require_all_languages
                && let Some(key) = internal_key_in(text, &known.internal_keys)
            {
                self.fail(&f, format!("names the internal key `{key}`: name the document or the place instead"));
            }
        }
        if known.require_all_languages {
            let missing = t.missing();
            if !missing.is_empty() {
                self.fail(
                    field,
                    format!("missing in {}: every text a person reads exists in fr, nl and en", missing.join(", ")),
                );
            }
        }
    }

    pub fn opt_texts(&mut self, known: &Known<'_>, field: &str, t: &Option<Texts>, max: usize) {
        if let Some(t) = t {
            self.texts(known, field, t, max);
        }
    }

    pub fn quotes(&mut self, field: &str, quotes: &[Quote]) {
        for (i, q) in quotes.iter().enumerate() {
            self.quote(&format!("{field}[{i}]"), q);
        }
    }

    pub fn quote(&mut self, field: &str, q: &Quote) {
        self.text(&format!("{field}.text"), &q.text, 1000);
        if !is_language_code(&q.lang) {
            self.fail(&format!("{field}.lang"), format!("`{}` is not an ISO 639-1 code", q.lang));
        }
    }
}

/// The first internal key that occurs in `text` as a whole word.
fn internal_key_in<'k>(text: &str, keys: &[&'k str]) -> Option<&'k str> {
    let lower = text.to_lowercase();
    keys.iter().copied().find(|key| {
        lower.match_indices(key).any(|(at, _)| {
            let before = lower[..at].chars().next_back();
            let mut after = lower[at + key.len()..].chars();
            let (next, then) = (after.next(), after.next());
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
            // Part of an address: a host name ("cpas-schaerbeek.brussels"), a path or an e-mail.
            let address = before.is_some_and(|c| "./@".contains(c)) || (next == Some('.') && word(then));
            !word(before) && !word(next) && !address
        })
    })
}

pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

pub(super) fn is_word(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 50
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

pub(super) fn is_language_code(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase())
}

pub fn is_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (4..=15).contains(&digits) && s.chars().all(|c| c.is_ascii_digit() || " +/.()-".contains(c))
}

#[cfg(test)]
mod tests {
    use super::internal_key_in;

    #[test]
    fn internal_keys_are_found_as_whole_words_only() {
        let keys = ["seed-002", "commune-schaerbeek"];
        assert_eq!(internal_key_in("As seed-002 says", &keys), Some("seed-002"));
        assert_eq!(internal_key_in("(SEED-002)", &keys), Some("seed-002"));
        assert_eq!(internal_key_in("seed-0021 is another", &keys), None);
        assert_eq!(internal_key_in("the commune of Schaerbeek", &keys), None);
        assert_eq!(internal_key_in("see commune-schaerbeek.brussels", &keys), None);
        assert_eq!(internal_key_in("https://x.be/commune-schaerbeek", &keys), None);
        assert_eq!(internal_key_in("as seed-002.", &keys), Some("seed-002"));
    }
}
