//! The text as the gate reads it. Each character of the original text becomes zero, one or more characters of
//! the normalised text, each of which remembers the bytes of the original character it came from (so that a
//! finding can be redacted in the original):
//!
//! 1. compatibility decomposition (NFKD, the decomposing half of NFKC): fullwidth `０１２`, `＠`, mathematical `𝟖`,
//!    circled `⑧`, superscripts, `﹫`, the no-break and the other fixed-width spaces become their plain forms;
//! 2. combining marks (accents, keycap `⃣`, variation selectors) and invisible characters (zero-width spaces and
//!    joiners, soft hyphen, bidirectional controls, tags) are dropped, so they can split nothing;
//! 3. every white space becomes `' '`; every dash and minus (`‐ ‑ ‒ – — ― − ﹘ ⁃ …`) becomes `'-'`; dot-like
//!    characters (`· • ‧ ∙ ⋅ 。`) `'.'`; slash-like ones `'/'`; quotes used as digit separators `'\''`;
//! 4. a decimal digit of any script (Arabic-Indic `٠`–`٩`, Extended Arabic-Indic `۰`–`۹`, Devanagari `०`–`९`, Bengali,
//!    Thai, …: every Unicode `Nd` block, table below) becomes its ASCII digit;
//! 5. Latin look-alikes from Cyrillic and Greek (`а е о р с х`, `Α Β Ε`, …) become their Latin letter, and ASCII
//!    letters are lowercased.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// One character of the normalised text, and the bytes `start..end` of the original character it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ch {
    pub c: char,
    pub start: usize,
    pub end: usize,
}

/// The zero of every block of Unicode decimal digits (`General_Category = Nd`, ten consecutive code points 0–9),
/// sorted. Generated from the Unicode Character Database (14.0) and completed with the blocks of 15.0.
const DIGIT_ZEROS: &[u32] = &[
    0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6,
    0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40,
    0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0,
    0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50,
    0x11DA0, 0x11F50, 0x16A60, 0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0,
    0x1E4F0, 0x1E950, 0x1FBF0,
];

/// The ASCII digit of a decimal digit of any script.
pub fn ascii_digit(c: char) -> Option<char> {
    let cp = u32::from(c);
    let i = DIGIT_ZEROS.partition_point(|&zero| zero <= cp);
    let zero = *DIGIT_ZEROS.get(i.checked_sub(1)?)?;
    let value = cp - zero;
    if value < 10 { char::from_digit(value, 10) } else { None }
}

fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
        | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
        || is_combining_mark(c)
        || c.is_control() && !c.is_whitespace()
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '\u{002D}' | '\u{058A}' | '\u{05BE}' | '\u{1400}' | '\u{1806}' | '\u{2010}'
            ..='\u{2015}'
                | '\u{2043}'
                | '\u{2212}'
                | '\u{2796}'
                | '\u{02D7}'
                | '\u{2E17}'
                | '\u{2E1A}'
                | '\u{2E3A}'
                | '\u{2E3B}'
                | '\u{2E40}'
                | '\u{2E5D}'
                | '\u{301C}'
                | '\u{3030}'
                | '\u{30A0}'
                | '\u{FE31}'
                | '\u{FE32}'
                | '\u{FE58}'
                | '\u{FE63}'
                | '\u{FF0D}'
                | '\u{10EAD}'
                | '\u{23AF}'
                | '\u{2500}'
                | '\u{2501}'
                | '\u{2574}'
                | '\u{2576}'
    )
}

fn is_dot(c: char) -> bool {
    matches!(
        c,
        '\u{00B7}'
            | '\u{0387}'
            | '\u{2022}'
            | '\u{2024}'
            | '\u{2027}'
            | '\u{2219}'
            | '\u{22C5}'
            | '\u{30FB}'
            | '\u{3002}'
            | '\u{FF61}'
            | '\u{FF65}'
            | '\u{2E33}'
            | '\u{16EB}'
            | '\u{0702}'
    )
}

fn is_slash(c: char) -> bool {
    matches!(c, '\u{2044}' | '\u{2215}' | '\u{29F8}' | '\u{2571}' | '\u{FF0F}' | '\u{29F5}' | '\u{FE68}' | '\u{2216}')
}

fn is_quote(c: char) -> bool {
    matches!(c, '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '\u{00B4}' | '\u{0060}')
}

/// Cyrillic and Greek letters that look like Latin ones, as the Latin letter (lowercase).
fn latin_look_alike(c: char) -> Option<char> {
    Some(match c {
        'а' | 'А' | 'α' | 'Α' => 'a',
        'в' | 'В' | 'β' | 'Β' => 'b',
        'с' | 'С' | 'ϲ' | 'Ϲ' => 'c',
        'е' | 'Е' | 'ε' | 'Ε' => 'e',
        'н' | 'Н' | 'Η' => 'h',
        'і' | 'І' | 'ι' | 'Ι' => 'i',
        'ј' | 'Ј' => 'j',
        'к' | 'К' | 'κ' | 'Κ' => 'k',
        'м' | 'М' | 'Μ' => 'm',
        'Ν' | 'ν' => 'n',
        'о' | 'О' | 'ο' | 'Ο' => 'o',
        'р' | 'Р' | 'ρ' | 'Ρ' => 'p',
        'ѕ' | 'Ѕ' => 's',
        'т' | 'Т' | 'τ' | 'Τ' => 't',
        'υ' | 'Υ' | 'у' | 'У' => 'y',
        'х' | 'Х' | 'χ' | 'Χ' => 'x',
        'Ζ' => 'z',
        _ => return None,
    })
}

/// One character of the decomposition, as the gate reads it (`None`: dropped).
fn fold(c: char) -> Option<char> {
    if c.is_whitespace() {
        return Some(' ');
    }
    if is_invisible(c) {
        return None;
    }
    if let Some(d) = ascii_digit(c) {
        return Some(d);
    }
    if is_dash(c) {
        return Some('-');
    }
    if is_dot(c) {
        return Some('.');
    }
    if is_slash(c) {
        return Some('/');
    }
    if is_quote(c) {
        return Some('\'');
    }
    Some(latin_look_alike(c).unwrap_or_else(|| c.to_ascii_lowercase()))
}

/// The normalised text, character by character with where each came from.
pub fn normalise(text: &str) -> Vec<Ch> {
    let mut out = Vec::with_capacity(text.len());
    for (start, original) in text.char_indices() {
        let end = start + original.len_utf8();
        decompose_compatible(original, |d| {
            if let Some(c) = fold(d) {
                out.push(Ch { c, start, end });
            }
        });
    }
    out
}

/// The normalised text as a string (for tests and messages).
pub fn normalised(text: &str) -> String {
    normalise(text).into_iter().map(|ch| ch.c).collect()
}

#[cfg(test)]
mod tests {
    use super::{DIGIT_ZEROS, ascii_digit, normalised};

    #[test]
    fn every_digit_block_maps_to_ascii() {
        assert!(DIGIT_ZEROS.windows(2).all(|w| w[0] + 10 <= w[1]), "sorted, not overlapping");
        for &zero in DIGIT_ZEROS {
            for value in 0..10u32 {
                let c = char::from_u32(zero + value).unwrap();
                assert!(c.is_numeric(), "{c:?} U+{:04X} is a digit", zero + value);
                assert_eq!(ascii_digit(c), char::from_digit(value, 10), "U+{:04X}", zero + value);
            }
        }
        for c in ['a', ' ', '/', '\u{065F}', '\u{066A}', '\u{2070}'] {
            assert_eq!(ascii_digit(c), None, "{c:?}");
        }
    }

    #[test]
    fn compatibility_forms_spaces_dashes_and_digits() {
        let cases = [
            ("８５．０７．３０－０３３．６１", "85.07.30-033.61"),
            ("٨٥٠٧٣٠٠٣٣٦١", "85073003361"),
            ("۸۵۰۷۳۰۰۳۳۶۱", "85073003361"),
            ("८५०७३०", "850730"),
            ("85\u{a0}07\u{2009}30\u{2007}033\u{202f}61", "85 07 30 033 61"),
            ("85\u{2010}07\u{2011}30\u{2012}033\u{2013}61\u{2014}1\u{2015}2\u{2212}3", "85-07-30-033-61-1-2-3"),
            ("8\u{200b}5\u{00ad}0\u{2060}7\u{feff}3", "85073"),
            ("𝟖𝟓⑧", "858"),
            ("ＪＥＡＮ＠ＥＸＡＭＰＬＥ．ＢＥ", "jean@example.be"),
            ("jean﹫example·be", "jean@example.be"),
            ("Іеаn аt ехаmрlе", "iean at example"),
            ("é", "e"),
        ];
        for (text, want) in cases {
            assert_eq!(normalised(text), want, "{text}");
        }
    }
}
