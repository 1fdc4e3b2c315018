//! E-mail addresses in the normalised text, as people write them to get past a filter: `a@b.be`, `a @ b . be`,
//! `a(at)b.be`, `a [at] b [dot] be`, `a at b dot be`, `a arobase b point be`, `a{@}b(.)be`.
//!
//! The `@` and the bracketed or spelled-out forms (`[at]`, `(@)`, `arobase`, `apenstaartje`, `arroba`) are strong:
//! whatever dot follows (`.`, `dot`, `punt`, `point`, bracketed or not, spaces around or not) makes an address.
//! The bare English word `at` is weak, because it is a common word ("we arrived at noon. Nobody…"): it makes an
//! address only with a dot written as `dot`, `punt`, a bracketed dot, or a `.` with no space on either side, and a
//! last label made of letters.

use super::normal::Ch;
use super::{Finding, PersonalData};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Word,
    Space,
    /// `true`: strong.
    At(bool),
    Dot(DotKind),
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DotKind {
    /// A plain `.`.
    Plain,
    /// `[dot]`, `(.)`, `{punt}`…
    Bracketed,
    /// `dot`, `punt`.
    Word,
    /// `point`, `punto`: common words, only after a strong at.
    WeakWord,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '%' | '+' | '-' | '\'')
}

fn word_token(word: &str) -> Tok {
    match word {
        "at" => Tok::At(false),
        "arobase" | "apenstaartje" | "arroba" | "klammeraffe" => Tok::At(true),
        "dot" | "punt" => Tok::Dot(DotKind::Word),
        "point" | "punto" | "punkt" => Tok::Dot(DotKind::WeakWord),
        _ if word.chars().any(char::is_alphanumeric) => Tok::Word,
        _ => Tok::Other,
    }
}

/// Tokens with their character ranges in the normalised text.
fn tokens(chars: &[Ch]) -> Vec<(Tok, usize, usize)> {
    let text: Vec<char> = chars.iter().map(|ch| ch.c).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let start = i;
        let c = text[i];
        let tok = if c == ' ' {
            while i < text.len() && text[i] == ' ' {
                i += 1;
            }
            Tok::Space
        } else if c == '@' {
            i += 1;
            Tok::At(true)
        } else if c == '.' {
            i += 1;
            Tok::Dot(DotKind::Plain)
        } else if let Some((tok, end)) = bracketed(&text, i) {
            i = end;
            tok
        } else if is_word_char(c) {
            while i < text.len() && is_word_char(text[i]) {
                i += 1;
            }
            word_token(&text[start..i].iter().collect::<String>())
        } else {
            i += 1;
            Tok::Other
        };
        out.push((tok, start, i));
    }
    out
}

/// `(at)`, `[ @ ]`, `{dot}`, `<.>`… starting at `i`: the token and the index after the closing bracket.
fn bracketed(text: &[char], i: usize) -> Option<(Tok, usize)> {
    let close = match text[i] {
        '(' => ')',
        '[' => ']',
        '{' => '}',
        '<' => '>',
        _ => return None,
    };
    let mut j = i + 1;
    let skip = |mut j: usize| {
        while j < text.len() && text[j] == ' ' {
            j += 1;
        }
        j
    };
    j = skip(j);
    let inner_start = j;
    while j < text.len() && (text[j].is_alphanumeric() || text[j] == '@' || text[j] == '.') && j - inner_start < 12 {
        j += 1;
    }
    let inner: String = text[inner_start..j].iter().collect();
    j = skip(j);
    if text.get(j) != Some(&close) {
        return None;
    }
    let tok = match inner.as_str() {
        "at" | "@" | "arobase" | "apenstaartje" | "arroba" => Tok::At(true),
        "dot" | "." | "punt" | "point" | "punto" | "punkt" => Tok::Dot(DotKind::Bracketed),
        _ => return None,
    };
    Some((tok, j + 1))
}

/// E-mail addresses: a word, an at, a label, then one or more (dot, label).
pub fn email_findings(chars: &[Ch], out: &mut Vec<Finding>) {
    let toks = tokens(chars);
    let text: Vec<char> = chars.iter().map(|ch| ch.c).collect();
    for (i, &(tok, _, _)) in toks.iter().enumerate() {
        let Tok::At(strong) = tok else { continue };
        // The local part: the word before, spaces allowed (`jean @ example.be`).
        let mut j = i;
        while j > 0 && toks[j - 1].0 == Tok::Space {
            j -= 1;
        }
        if j == 0 || toks[j - 1].0 != Tok::Word {
            continue;
        }
        let local = j - 1;
        // The domain: label (dot label)+.
        let next_non_space = |mut k: usize| {
            while k < toks.len() && toks[k].0 == Tok::Space {
                k += 1;
            }
            k
        };
        let mut k = next_non_space(i + 1);
        if toks.get(k).map(|t| t.0) != Some(Tok::Word) {
            continue;
        }
        let mut last = k;
        loop {
            let dot = next_non_space(last + 1);
            let Some(&(Tok::Dot(kind), _, _)) = toks.get(dot) else { break };
            let label = next_non_space(dot + 1);
            if toks.get(label).map(|t| t.0) != Some(Tok::Word) {
                break;
            }
            let spaced = dot > last + 1 || label > dot + 1;
            let accepted = if strong {
                true
            } else {
                let (_, from, to) = toks[label];
                let letters = text[from..to].iter().all(|c| c.is_alphabetic());
                letters
                    && match kind {
                        DotKind::Bracketed | DotKind::Word => true,
                        DotKind::Plain => !spaced,
                        DotKind::WeakWord => false,
                    }
            };
            if !accepted {
                break;
            }
            last = label;
            k = label;
        }
        if k == next_non_space(i + 1) {
            // No dot after the first label: a handle (`@guichet`) or a phrase, not an address.
            continue;
        }
        let from = chars[toks[local].1].start;
        let to = chars[toks[last].2 - 1].end;
        out.push(Finding { kind: PersonalData::Email, span: from..to });
    }
}
