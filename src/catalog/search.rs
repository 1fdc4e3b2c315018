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

    /// One query per word, for matching some of the words when no procedure matches them all.
    fn each_word(&self) -> Vec<Query> {
        self.words.iter().map(|w| Query { words: vec![w.clone()] }).collect()
    }

    pub fn matches_text(&self, folded: &str) -> bool {
        self.words.iter().all(|w| folded.contains(w.as_str()))
    }
}

/// Where a word occurs in a procedure: its names and keywords and its institution's names and short names, or its
/// summary and categories.
const IN_NAMES: u8 = 2;
const IN_BODY: u8 = 1;

/// A procedure's words, folded, for building the index only: 20,000 procedures would otherwise keep about
/// 9 MB of text no read uses.
pub struct FoldedProcedure {
    /// Names and keywords: a match here ranks higher.
    pub title: String,
    /// Summaries, categories and the slug.
    pub body: String,
}

#[derive(Debug, Default)]
pub struct SearchIndex {
    /// Distinct folded words of the catalog.
    words: Vec<String>,
    /// For each word: the procedures it occurs in, and where (`IN_NAMES` beats `IN_BODY`).
    postings: Vec<Vec<(u32, u8)>>,
    /// How many procedures the snapshot has.
    procedures: usize,
    /// Every suffix of every word, as (word, byte offset), sorted by text: a query word is found inside the
    /// vocabulary by binary search ("toelage" in "studietoelage") instead of a scan.
    suffixes: Vec<(u32, u16)>,
}

impl SearchIndex {
    /// The index of a snapshot's procedures, from their folded texts (`folded[i]`: the names and keywords, then
    /// the summaries, categories and slug of `s.procedures[i]`), which the snapshot does not keep.
    pub fn build(s: &Snapshot, folded: &[FoldedProcedure]) -> Self {
        let mut index: HashMap<&str, HashMap<u32, u8>> = HashMap::new();
        for (i, (p, texts)) in s.procedures.iter().zip(folded).enumerate() {
            let institution = &s.institutions[p.institution];
            // The institution's names and short names count as the procedure's own: a person who types
            // "Solidaris", "CSC" or "ACV" means that body's procedures, before those that only mention it.
            let fields = [
                (texts.title.as_str(), IN_NAMES),
                (texts.body.as_str(), IN_BODY),
                (institution.search_text.as_str(), IN_NAMES),
            ];
            // Procedure indexes are stored as u32 (half the memory of usize): a catalog has far fewer.
            let Ok(id) = u32::try_from(i) else { break };
            for (text, field) in fields {
                for w in words(text).filter(|w| *w != "|") {
                    let at = index.entry(w).or_default().entry(id).or_insert(field);
                    *at = (*at).max(field);
                }
            }
        }
        let mut entries: Vec<(&str, HashMap<u32, u8>)> = index.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = SearchIndex { procedures: s.procedures.len(), ..Default::default() };
        for (word, postings) in entries {
            out.words.push(word.to_string());
            let mut list: Vec<(u32, u8)> = postings.into_iter().collect();
            list.sort_unstable();
            out.postings.push(list);
        }
        for (i, w) in out.words.iter().enumerate() {
            let Ok(word) = u32::try_from(i) else { break };
            for (offset, _) in w.char_indices() {
                // Words longer than 65,535 bytes keep the suffixes that fit.
                let Ok(offset) = u16::try_from(offset) else { break };
                out.suffixes.push((word, offset));
            }
        }
        let words = &out.words;
        out.suffixes
            .sort_unstable_by(|a, b| words[a.0 as usize][a.1 as usize..].cmp(&words[b.0 as usize][b.1 as usize..]));
        out
    }

    fn suffix(&self, (word, offset): (u32, u16)) -> &str {
        &self.words[word as usize][offset as usize..]
    }

    /// The vocabulary words containing `w`, each with whether it starts with it.
    fn containing(&self, w: &str) -> Vec<(usize, bool)> {
        let start = self.suffixes.partition_point(|&s| self.suffix(s) < w);
        let mut found: Vec<(usize, bool)> = self.suffixes[start..]
            .iter()
            .take_while(|&&s| self.suffix(s).starts_with(w))
            .map(|&(word, offset)| (word as usize, offset == 0))
            .collect();
        // A word may contain `w` several times: keep one entry, a prefix match if there is one.
        found.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        found.dedup_by_key(|f| f.0);
        found
    }

    /// Procedures matching every word of `q`, with their score: per word 3 when a name or keyword (or a name or
    /// short name of the institution) starts with it, 2 when one contains it, 1 when the summary or a category does. With `fuzzy`, a word may also
    /// be one letter off (two for long words) a name or keyword, scoring 1.
    pub fn search(&self, q: &Query, fuzzy: bool) -> Vec<(u32, usize)> {
        // Dense arrays over procedures: clearing them costs less than hashing every posting.
        let mut total = vec![0u32; self.procedures];
        let mut matched = vec![0u16; self.procedures];
        let mut best = vec![0u8; self.procedures];
        for (n, w) in q.words.iter().enumerate() {
            let allowed = match w.chars().count() {
                0..=3 => None,
                4..=7 => Some(1),
                _ => Some(2),
            };
            best.iter_mut().for_each(|b| *b = 0);
            let mut any = false;
            // Exact: every vocabulary word containing `w`. Fuzzy: a scan of the vocabulary, only asked for when
            // nothing matched as typed.
            let candidates: Vec<(usize, (u8, u8))> = if fuzzy {
                (0..self.words.len())
                    .filter(|&i| allowed.is_some_and(|a| within_edits(w, &self.words[i], a)))
                    .map(|i| (i, (1, 0)))
                    .chain(self.containing(w).into_iter().map(|(i, prefix)| (i, if prefix { (3, 1) } else { (2, 1) })))
                    .collect()
            } else {
                self.containing(w).into_iter().map(|(i, prefix)| (i, if prefix { (3, 1) } else { (2, 1) })).collect()
            };
            for (i, (in_names, in_body)) in candidates {
                for &(p, field) in &self.postings[i] {
                    let score = if field == IN_NAMES { in_names } else { in_body };
                    let slot = &mut best[p as usize];
                    if score > *slot && matched[p as usize] as usize == n {
                        *slot = score;
                        any = true;
                    }
                }
            }
            if !any {
                return Vec::new();
            }
            for p in 0..self.procedures {
                if best[p] > 0 {
                    total[p] += u32::from(best[p]);
                    matched[p] += 1;
                }
            }
        }
        let Ok(words) = u16::try_from(q.words.len()) else { return Vec::new() };
        (0..self.procedures).filter(|&p| matched[p] == words && words > 0).map(|p| (total[p], p)).collect()
    }

    /// When no procedure matches every word ("allocations de chômage non payées": nothing is "non payées"): the
    /// procedures matching the most words, typos forgiven, if that is at least half of the words that tell
    /// procedures apart. A word found in more than half of the procedures ("de") tells nothing and is not counted.
    pub fn search_most_words(&self, q: &Query) -> Vec<(u32, usize)> {
        let parts = q.each_word();
        if parts.len() < 2 {
            return Vec::new();
        }
        let mut matched = vec![0usize; self.procedures];
        let mut total = vec![0u32; self.procedures];
        let mut telling = 0;
        for part in &parts {
            let hits = self.search(part, true);
            if hits.is_empty() || hits.len() * 2 > self.procedures {
                continue;
            }
            telling += 1;
            for (score, p) in hits {
                matched[p] += 1;
                total[p] += score;
            }
        }
        let best = matched.iter().copied().max().unwrap_or(0);
        if best == 0 || best * 2 < telling {
            return Vec::new();
        }
        (0..self.procedures).filter(|&p| matched[p] == best).map(|p| (total[p], p)).collect()
    }
}
