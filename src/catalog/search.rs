//! Finding procedures and institutions by the words people use: an index from folded words to procedures, built
//! once per snapshot, so a search costs the size of the vocabulary and of the matches, not of the whole catalog.

use super::Snapshot;
use crate::domain::text::{fold, within_edits, words};
use std::collections::HashMap;

/// A folded query, ready to match.
#[derive(Debug, Clone)]
pub struct Query {
    words: Vec<String>,
}

impl Query {
    pub fn new(text: &str) -> Self {
        let all: Vec<String> = words(&fold(text)).map(str::to_string).collect();
        // One-letter words ("d" of "carte d'identité") match everything: ignored when there are others.
        let long: Vec<String> = all.iter().filter(|w| w.chars().count() > 1).cloned().collect();
        Query { words: if long.is_empty() { all } else { long } }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn matches_text(&self, folded: &str) -> bool {
        self.words.iter().all(|w| folded.contains(w.as_str()))
    }
}

/// Where a word occurs in a procedure.
const IN_NAMES: u8 = 2;
const IN_BODY: u8 = 1;

#[derive(Debug, Default)]
pub struct SearchIndex {
    /// Distinct folded words of the catalog.
    words: Vec<String>,
    /// For each word: the procedures it occurs in, and where (`IN_NAMES` beats `IN_BODY`).
    postings: Vec<Vec<(u32, u8)>>,
}

impl SearchIndex {
    pub fn build(s: &Snapshot) -> Self {
        let mut index: HashMap<&str, HashMap<u32, u8>> = HashMap::new();
        for (i, p) in s.procedures.iter().enumerate() {
            let institution = &s.institutions[p.institution];
            let fields = [
                (p.title_text.as_str(), IN_NAMES),
                (p.body_text.as_str(), IN_BODY),
                (institution.search_text.as_str(), IN_BODY),
            ];
            for (text, field) in fields {
                for w in words(text).filter(|w| *w != "|") {
                    let at = index.entry(w).or_default().entry(i as u32).or_insert(field);
                    *at = (*at).max(field);
                }
            }
        }
        let mut entries: Vec<(&str, HashMap<u32, u8>)> = index.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = SearchIndex::default();
        for (word, postings) in entries {
            out.words.push(word.to_string());
            let mut list: Vec<(u32, u8)> = postings.into_iter().collect();
            list.sort_unstable();
            out.postings.push(list);
        }
        out
    }

    /// Procedures matching every word of `q`, with their score: per word 3 when a name or keyword starts with
    /// it, 2 when one contains it, 1 when the summary, category or institution does. With `fuzzy`, a word may also
    /// be one letter off (two for long words) a name or keyword, scoring 1.
    pub fn search(&self, q: &Query, fuzzy: bool) -> Vec<(u32, usize)> {
        let mut total: Option<HashMap<u32, u32>> = None;
        for w in &q.words {
            let allowed = match w.chars().count() {
                0..=3 => None,
                4..=7 => Some(1),
                _ => Some(2),
            };
            let mut found: HashMap<u32, u32> = HashMap::new();
            for (v, postings) in self.words.iter().zip(&self.postings) {
                let (in_names, in_body) = if v.starts_with(w.as_str()) {
                    (3, 1)
                } else if v.contains(w.as_str()) {
                    (2, 1)
                } else if fuzzy && allowed.is_some_and(|a| within_edits(w, v, a)) {
                    (1, 0)
                } else {
                    continue;
                };
                for &(p, field) in postings {
                    let score = if field == IN_NAMES { in_names } else { in_body };
                    if score > 0 {
                        let best = found.entry(p).or_insert(0);
                        *best = (*best).max(score);
                    }
                }
            }
            total = Some(match total {
                None => found,
                Some(mut acc) => {
                    acc.retain(|p, _| found.contains_key(p));
                    for (p, score) in acc.iter_mut() {
                        *score += found[p];
                    }
                    acc
                }
            });
            if total.as_ref().is_some_and(|t| t.is_empty()) {
                return Vec::new();
            }
        }
        total.unwrap_or_default().into_iter().map(|(p, score)| (score, p as usize)).collect()
    }
}
