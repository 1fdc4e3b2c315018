//! What the place finder made of where the person lives, in words, with the communes to choose from as links: the
//! search page and the orientation page say it the same way (`templates/place.html`). A place the finder cannot
//! read, or a Brussels postcode it cannot place, is answered with the list to choose from — never with "not in
//! Brussels".

use super::i18n::Tr;
use super::words::name;
use crate::catalog::Snapshot;
use crate::catalog::places::{Found, Place};

/// A commune to choose, as a link.
pub struct Choice {
    pub href: String,
    pub label: String,
}

#[derive(Default)]
pub struct PlaceAnswer {
    /// The commune or communes the results are for ("Bruxelles (Laeken)").
    pub label: Option<String>,
    /// A question ("Which one?") or what went wrong, above the choices.
    pub message: Option<String>,
    /// The communes to choose from.
    pub choices: Vec<Choice>,
    /// The place could not be placed (not an ambiguity): the results are for the whole Region.
    pub unplaced: bool,
}

/// "Bruxelles (Laeken)" when a section was named, else the commune's name, in the page's language.
pub fn found_label(tr: Tr, s: &Snapshot, f: &Found) -> String {
    let c = &s.communes[f.commune];
    let commune = name(tr, &c.name).text;
    match f.section.map(|i| &c.sections[i]) {
        Some(section) => format!("{} ({})", name(tr, &section.name).text, commune),
        None => commune,
    }
}

/// The answer to `place`, written `raw` by the person; `href` makes the link that searches again with a commune's
/// name in the place of `raw`.
pub fn answer(tr: Tr, s: &Snapshot, raw: &str, place: &Place, href: impl Fn(&str) -> String) -> PlaceAnswer {
    let choice = |i: usize| {
        let label = name(tr, &s.communes[i].name).text;
        Choice { href: href(&label), label }
    };
    let everywhere = || (0..s.communes.len()).map(choice).collect();
    match place {
        Place::Anywhere => PlaceAnswer::default(),
        Place::Communes(found) => {
            let labels: Vec<String> = found.iter().map(|f| found_label(tr, s, f)).collect();
            let several = found.len() > 1;
            PlaceAnswer {
                label: Some(labels.join(", ")),
                message: several.then(|| tr.t1("place-which", "place", raw.to_string())),
                choices: if several { found.iter().map(|f| choice(f.commune)).collect() } else { Vec::new() },
                unplaced: false,
            }
        }
        Place::Unknown => PlaceAnswer {
            message: Some(tr.t1("place-unknown", "place", raw.to_string())),
            choices: everywhere(),
            unplaced: true,
            ..Default::default()
        },
        Place::Outside => PlaceAnswer {
            message: Some(tr.t1("place-outside", "place", raw.to_string())),
            choices: everywhere(),
            unplaced: true,
            ..Default::default()
        },
    }
}
