//! The languages a person may speak, by their ISO 639-1 code, their own name and their names in French, Dutch and
//! English: the orientation page lists them by their own names ("العربية", "Türkçe"), and the API reads `lang` as a
//! code or any of these names ("arabe", "Arabic", "arabisch", "العربية" and "ar" all mean `ar`).
//!
//! The list holds the languages of the printable sheet and every language a channel of the shipped catalog says it
//! serves in (a test keeps it so): the ones the orientation can match.

use super::text::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    /// ISO 639-1.
    pub code: &'static str,
    /// Its name in itself, as its speakers write it.
    pub own: &'static str,
    /// Its names in French, Dutch and English, and other usual names.
    pub names: &'static [&'static str],
    /// Written right to left.
    pub rtl: bool,
}

pub const LANGUAGES: [Language; 11] = [
    Language { code: "fr", own: "Français", names: &["français", "Frans", "French"], rtl: false },
    Language { code: "nl", own: "Nederlands", names: &["néerlandais", "Dutch", "flamand", "Vlaams"], rtl: false },
    Language { code: "en", own: "English", names: &["anglais", "Engels"], rtl: false },
    Language { code: "ar", own: "العربية", names: &["arabe", "Arabisch", "Arabic"], rtl: true },
    Language { code: "tr", own: "Türkçe", names: &["turc", "Turks", "Turkish"], rtl: false },
    Language { code: "es", own: "Español", names: &["espagnol", "Spaans", "Spanish", "castellano"], rtl: false },
    Language { code: "ro", own: "Română", names: &["roumain", "Roemeens", "Romanian"], rtl: false },
    Language { code: "de", own: "Deutsch", names: &["allemand", "Duits", "German"], rtl: false },
    Language { code: "it", own: "Italiano", names: &["italien", "Italiaans", "Italian"], rtl: false },
    Language { code: "pl", own: "Polski", names: &["polonais", "Pools", "Polish"], rtl: false },
    Language {
        code: "zh",
        own: "中文",
        names: &["chinois", "Chinees", "Chinese", "mandarin", "Mandarijn"],
        rtl: false,
    },
];

/// The language of this code, when the list has it.
pub fn by_code(code: &str) -> Option<&'static Language> {
    LANGUAGES.iter().find(|l| l.code == code)
}

/// The ISO 639-1 code a person means by `word`: a code in any case ("AR"), or a name in the language itself, in
/// French, Dutch or English, case and accents forgiven ("Arabic", "arabe", "العربية", "turc", "romana"). A
/// two-letter code the list does not hold is taken as written, lowercased (a channel may serve in it).
pub fn read_language(word: &str) -> Option<String> {
    let wanted = fold(word);
    if wanted.is_empty() {
        return None;
    }
    if let Some(l) = LANGUAGES
        .iter()
        .find(|l| l.code == wanted || fold(l.own) == wanted || l.names.iter().any(|n| fold(n) == wanted))
    {
        return Some(l.code.to_string());
    }
    (wanted.len() == 2 && wanted.bytes().all(|b| b.is_ascii_lowercase())).then_some(wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_is_read_from_its_code_or_any_of_its_names() {
        let cases = [
            ("ar", Some("ar")),
            ("AR", Some("ar")),
            ("arabe", Some("ar")),
            ("Arabe", Some("ar")),
            ("Arabic", Some("ar")),
            ("arabisch", Some("ar")),
            ("العربية", Some("ar")),
            ("Türkçe", Some("tr")),
            ("turkce", Some("tr")),
            ("turc", Some("tr")),
            ("Turks", Some("tr")),
            ("Español", Some("es")),
            ("espanol", Some("es")),
            ("espagnol", Some("es")),
            ("Română", Some("ro")),
            ("romana", Some("ro")),
            ("roumain", Some("ro")),
            ("Français", Some("fr")),
            ("francais", Some("fr")),
            ("FRANS", Some("fr")),
            ("Nederlands", Some("nl")),
            ("néerlandais", Some("nl")),
            ("Vlaams", Some("nl")),
            ("English", Some("en")),
            ("anglais", Some("en")),
            ("Engels", Some("en")),
            ("Deutsch", Some("de")),
            ("allemand", Some("de")),
            ("Polski", Some("pl")),
            ("Italiano", Some("it")),
            ("中文", Some("zh")),
            ("chinois", Some("zh")),
            // A code the list does not hold, as written.
            ("pt", Some("pt")),
            ("SQ", Some("sq")),
            // Not a language.
            ("arabic language", None),
            ("klingon", None),
            ("a", None),
            ("abc", None),
            ("", None),
            ("12", None),
        ];
        for (word, want) in cases {
            assert_eq!(read_language(word).as_deref(), want, "{word:?}");
        }
    }

    #[test]
    fn every_language_has_a_unique_code_and_names_that_mean_only_it() {
        for (i, l) in LANGUAGES.iter().enumerate() {
            assert_eq!(l.code.len(), 2, "{}", l.code);
            assert_eq!(read_language(l.own).as_deref(), Some(l.code), "{}", l.own);
            for n in l.names {
                assert_eq!(read_language(n).as_deref(), Some(l.code), "{n}");
            }
            assert!(LANGUAGES[..i].iter().all(|o| o.code != l.code), "{} twice", l.code);
        }
    }

    #[test]
    fn every_language_a_channel_of_the_catalog_serves_in_is_listed() {
        // The catalog files carry `languages = ["fr", "nl", …]` on channels: each must be offered by its name.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/institutions");
        let mut missing = Vec::new();
        for entry in std::fs::read_dir(dir).expect("catalog/institutions") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("utf-8");
            for line in text.lines().filter(|l| l.trim_start().starts_with("languages = [")) {
                for code in line.split('"').skip(1).step_by(2) {
                    if by_code(code).is_none() && !missing.contains(&code.to_string()) {
                        missing.push(code.to_string());
                    }
                }
            }
        }
        assert!(missing.is_empty(), "languages served by channels but not listed: {missing:?}");
    }
}
