//! Property tests of the gate: generated national register numbers and IBANs, written with every separator, space,
//! dash and script that Unicode offers, are always refused; a wrong check digit is never taken for a national
//! register number; text without digits and without an at is always accepted. The generators are shared with the
//! validators' property tests (`app::observe`, `app::complain`).

use super::{PersonalData, check, findings, normalised};
use proptest::prelude::*;

/// Cases per property: enough variety, a fast suite.
pub const CASES: u32 = 256;

/// Zeros of some digit blocks: ASCII, fullwidth, Arabic-Indic, Extended Arabic-Indic, Devanagari, Bengali, Thai,
/// Myanmar, mathematical bold and monospace, segmented.
const SCRIPTS: &[u32] = &[0x30, 0xFF10, 0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0x1040, 0x1D7CE, 0x1D7F6, 0x1FBF0];

/// What people (or a filter's adversary) put between digits: nothing, spaces of every width, dots, dashes and
/// hyphens of every kind, slashes, invisible characters.
const SEPARATORS: &[&str] = &[
    "", "", "", " ", "  ", ".", "-", "/", " - ", ". ", "\u{a0}", "\u{2009}", "\u{2007}", "\u{202f}", "\u{3000}",
    "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}", "\u{fe63}", "\u{ff0d}",
    "\u{ff0e}", "\u{ff0f}", "\u{00b7}", "\u{2027}", "\u{200b}", "\u{00ad}", "\u{2060}", "\u{feff}", "_", "'",
    "\u{2019}", ",", ", ", ":",
];

/// A digit in one of the scripts.
fn digit(value: u32, script: u32) -> char {
    char::from_u32(script + value).unwrap_or('0')
}

/// Digits written with a script and a separator drawn for each position.
pub fn written(digits: Vec<u32>) -> impl Strategy<Value = String> {
    let n = digits.len();
    (
        proptest::collection::vec(proptest::sample::select(SCRIPTS), n),
        proptest::collection::vec(proptest::sample::select(SEPARATORS), n),
    )
        .prop_map(move |(scripts, seps)| {
            let mut out = String::new();
            for (i, d) in digits.iter().enumerate() {
                if i > 0 {
                    out.push_str(seps[i]);
                }
                out.push(digit(*d, scripts[i]));
            }
            out
        })
}

fn nrn_parts() -> impl Strategy<Value = (u64, bool)> {
    (0u64..100, prop_oneof![1u64..=12, 21u64..=32, 41u64..=52, Just(0u64)], 1u64..=28, 1u64..=997, any::<bool>())
        .prop_map(|(yy, mm, dd, seq, born_2000)| (yy * 10_000_000 + mm * 100_000 + dd * 1000 + seq, born_2000))
}

/// The two check digits of nine digits, for a birth before or from 2000.
pub fn nrn_check(base: u64, born_2000: bool) -> u64 {
    97 - (if born_2000 { 2_000_000_000 + base } else { base }) % 97
}

fn digits_of(n: u64, width: usize) -> Vec<u32> {
    format!("{n:0width$}").chars().filter_map(|c| c.to_digit(10)).collect()
}

/// A valid national register number's 11 digits.
pub fn nrn_digits() -> impl Strategy<Value = Vec<u32>> {
    nrn_parts().prop_map(|(base, born_2000)| {
        let mut d = digits_of(base, 9);
        d.extend(digits_of(nrn_check(base, born_2000), 2));
        d
    })
}

/// A valid national register number, written in any of the ways above.
pub fn nrn_written() -> impl Strategy<Value = String> {
    nrn_digits().prop_flat_map(written)
}

/// Letters of several scripts, with look-alikes, fullwidth and accented ones.
const LETTERS: &[char] = &[
    'a', 'b', 'c', 'd', 'e', 'i', 'l', 'n', 'o', 'r', 's', 't', 'u', 'x', 'z', 'A', 'B', 'E', 'O', 'T', 'é', 'è', 'ç',
    'à', 'ë', 'ï', 'ß', 'œ', 'а', 'е', 'о', 'т', 'я', 'ж', 'α', 'τ', 'ω', 'ب', 'ت', 'ع', 'م', 'ş', 'ğ', 'ı', 'ă', 'ț',
    'ｔ', 'ａ', 'Ａ', '中', '文', 'ñ', 'ø',
];

/// Words of several scripts, never an at in words ("at", "arobase"…), joined by spaces and punctuation: no digits, no
/// `@`, so nothing the gate may refuse.
pub fn clean_text() -> impl Strategy<Value = String> {
    let letter = proptest::sample::select(LETTERS);
    let word =
        proptest::collection::vec(letter, 1..12).prop_map(String::from_iter).prop_filter("an at in words", |w| {
            !matches!(normalised(w).as_str(), "at" | "arobase" | "apenstaartje" | "arroba" | "klammeraffe")
        });
    let sep = proptest::sample::select(&[" ", " ", ", ", ". ", "-", "/", " (", ") ", "; ", "'", "! ", "\n"][..]);
    proptest::collection::vec((word, sep), 0..16).prop_map(|parts| parts.into_iter().map(|(w, s)| w + s).collect())
}

/// Text around personal data: clean text, then a space (so that a word does not glue to what follows).
fn around() -> impl Strategy<Value = (String, String)> {
    (clean_text(), clean_text()).prop_map(|(a, b)| (format!("{a} "), format!(" {b}")))
}

/// IBAN countries and lengths.
const COUNTRIES: &[(&str, usize)] = &[
    ("BE", 16),
    ("NL", 18),
    ("FR", 27),
    ("DE", 22),
    ("GB", 22),
    ("LU", 20),
    ("ES", 24),
    ("IT", 27),
    ("PL", 28),
    ("CH", 21),
    ("NO", 15),
    ("MT", 31),
    ("TR", 26),
    ("MA", 28),
];

/// A valid IBAN (compact, upper case) of any of the countries, its account part mostly digits.
pub fn iban() -> impl Strategy<Value = String> {
    proptest::sample::select(COUNTRIES)
        .prop_flat_map(|(country, len)| {
            let part = prop_oneof![8 => (0u32..10).prop_map(|d| char::from_digit(d, 10).unwrap_or('0')),
                                   1 => proptest::char::range('A', 'Z')];
            // The last character a digit, as in every IBAN but the Seychelles' ("…USD", still refused: a long
            // number).
            (
                Just(country),
                proptest::collection::vec(part, len - 5),
                (0u32..10).prop_map(|d| char::from_digit(d, 10).unwrap_or('0')),
            )
        })
        .prop_map(|(country, mut bban, last)| {
            bban.push(last);
            (country, bban)
        })
        .prop_filter("8 digits in the account part", |(_, bban)| {
            bban.iter().filter(|c| c.is_ascii_digit()).count() >= 8
        })
        .prop_map(|(country, bban)| {
            let bban: String = bban.into_iter().collect();
            let mut rest = 0u32;
            for c in bban.chars().chain(country.chars()).chain("00".chars()) {
                let v = c.to_digit(36).unwrap_or(0);
                rest = if v < 10 { (rest * 10 + v) % 97 } else { (rest * 100 + v) % 97 };
            }
            format!("{country}{:02}{bban}", 98 - rest)
        })
}

/// An IBAN written in groups of four or not at all, in either case, with digits of any script and separators of
/// any kind, letters fullwidth or not.
pub fn iban_written() -> impl Strategy<Value = String> {
    (iban(), any::<bool>(), any::<bool>(), any::<bool>()).prop_flat_map(|(iban, grouped, lower, wide)| {
        let n = iban.chars().count();
        (
            Just(iban),
            proptest::collection::vec(proptest::sample::select(SCRIPTS), n),
            proptest::collection::vec(proptest::sample::select(SEPARATORS), n),
        )
            .prop_map(move |(iban, scripts, seps)| {
                let mut out = String::new();
                for (i, c) in iban.chars().enumerate() {
                    if grouped && i > 0 && i % 4 == 0 {
                        out.push_str(if seps[i].is_empty() { " " } else { seps[i] });
                    }
                    let c = if lower { c.to_ascii_lowercase() } else { c };
                    out.push(match c.to_digit(10) {
                        Some(d) => digit(d, scripts[i]),
                        None if wide => char::from_u32(u32::from(c) - 0x21 + 0xFF01).unwrap_or(c),
                        None => c,
                    });
                }
                out
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn a_national_register_number_is_always_refused(nrn in nrn_written(), (before, after) in around()) {
        let text = format!("{before}{nrn}{after}");
        prop_assert_eq!(check(&text), Err(PersonalData::NationalRegisterNumber), "{:?}", text);
    }

    #[test]
    fn a_wrong_check_digit_is_not_a_national_register_number(
        (base, born_2000) in nrn_parts(), wrong in 0u64..100, (before, after) in around()
    ) {
        prop_assume!(wrong != nrn_check(base, false) && wrong != nrn_check(base, true));
        let _ = born_2000;
        let mut digits = digits_of(base, 9);
        digits.extend(digits_of(wrong, 2));
        let text = format!("{before}{}{after}", digits.iter().map(u32::to_string).collect::<String>());
        prop_assert!(!findings(&text).iter().any(|f| f.kind == PersonalData::NationalRegisterNumber), "{:?}", text);
        // Still 11 digits in a row: refused, as a long number (or, by chance, with the words around, an IBAN).
        prop_assert!(matches!(check(&text), Err(PersonalData::Phone | PersonalData::Iban)), "{:?}", text);
    }

    #[test]
    fn an_iban_is_always_refused(iban in iban_written(), (before, after) in around()) {
        let text = format!("{before}{iban}{after}");
        prop_assert!(findings(&text).iter().any(|f| f.kind == PersonalData::Iban), "{:?}", text);
        prop_assert!(check(&text).is_err());
    }

    #[test]
    fn text_without_digits_or_at_is_always_accepted(text in clean_text()) {
        prop_assert_eq!(check(&text), Ok(()), "{:?}", text);
    }

    #[test]
    fn a_redacted_text_always_passes(nrn in nrn_written(), iban in iban_written(), (before, after) in around()) {
        let text = format!("{before}{nrn}{after} {iban}");
        let clean = super::redact(&text).unwrap_or_default();
        prop_assert_eq!(check(&clean), Ok(()), "{:?} → {:?}", text, clean);
        prop_assert!(!clean.is_empty());
    }
}
