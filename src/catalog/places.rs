//! Where a person lives, as they write it: a postcode, or a commune's name.

use super::Snapshot;
use crate::domain::text::fold;

/// The communes a postcode or a commune name (French or Dutch, accents and case forgiven) points to.
pub fn find_place(s: &Snapshot, raw: &str) -> Option<Vec<usize>> {
    let raw = raw.trim();
    if raw.len() == 4 && raw.bytes().all(|b| b.is_ascii_digit()) {
        return s.communes_by_postcode.get(raw).cloned();
    }
    let wanted = fold(raw);
    let found: Vec<usize> = s
        .communes
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            fold(&c.name.fr) == wanted
                || c.name.nl.as_deref().is_some_and(|n| fold(n) == wanted)
                || c.slug == wanted.replace(' ', "-")
        })
        .map(|(i, _)| i)
        .collect();
    (!found.is_empty()).then_some(found)
}
