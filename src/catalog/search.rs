//! Finding procedures and institutions by the words people use.

use super::{Procedure, Snapshot};
use crate::domain::text::{fold, words};

/// A folded query, ready to match.
#[derive(Debug, Clone)]
pub struct Query {
    words: Vec<String>,
}

impl Query {
    pub fn new(text: &str) -> Self {
        Query { words: words(&fold(text)).map(str::to_string).collect() }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Every word must occur in the procedure's texts; words found in its names and keywords score higher.
    /// `None` when the procedure does not match.
    pub fn score_procedure(&self, snapshot: &Snapshot, p: &Procedure) -> Option<u32> {
        let institution = &snapshot.institutions[p.institution];
        let mut score = 0;
        for w in &self.words {
            if contains_word_start(&p.title_text, w) {
                score += 3;
            } else if p.title_text.contains(w.as_str()) {
                score += 2;
            } else if p.body_text.contains(w.as_str()) || institution.search_text.contains(w.as_str()) {
                score += 1;
            } else {
                return None;
            }
        }
        Some(score)
    }

    /// Like `score_procedure`, but a word may also be one or two letters off a word of the names and keywords
    /// ("alocation", "studietoelag"): for the person's words, typed in a hurry.
    pub fn score_procedure_fuzzy(&self, snapshot: &Snapshot, p: &Procedure) -> Option<u32> {
        let institution = &snapshot.institutions[p.institution];
        let mut score = 0;
        for w in &self.words {
            if p.title_text.contains(w.as_str()) {
                score += 2;
            } else if p.body_text.contains(w.as_str()) || institution.search_text.contains(w.as_str()) {
                score += 1;
            } else {
                let allowed = match w.chars().count() {
                    0..=3 => return None,
                    4..=7 => 1,
                    _ => 2,
                };
                if !crate::domain::text::words(&p.title_text).any(|t| crate::domain::text::within_edits(w, t, allowed))
                {
                    return None;
                }
                score += 1;
            }
        }
        Some(score)
    }

    pub fn matches_text(&self, folded: &str) -> bool {
        self.words.iter().all(|w| folded.contains(w.as_str()))
    }
}

/// `word` starts a word of `text` (both folded).
fn contains_word_start(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| i == 0 || text.as_bytes()[i - 1] == b' ')
}
