//! Where a person lives, as they write it: "1030", "Schaerbeek 1030", "St-Josse", "Sint-Joost-ten-Node", "Ville de
//! Bruxelles", "Laeken", "ixelle", "rue de la Loi 16, 1000 Bruxelles". The one place finder of the search page, the
//! orientation page and the API's `postcode`.
//!
//! The words are folded (case, accents, hyphens), "Saint", "Sainte", "Sint", "St" and "Ste" are one word, words such
//! as "ville", "commune", "gemeente" or "de" are left out, and a postcode may come before or after the name. A name is
//! matched, best first: as a whole (with or without spaces); as words of one name ("Molenbeek", "Woluwe",
//! "Saint-Josse"); a letter or two off ("Shaerbeek"); inside longer words (an address). When several communes match
//! equally, all are returned, for the person to choose: the finder never guesses between two.

use super::{Commune, Name, Snapshot};
use crate::domain::text::{fold, within_edits, words};

/// The postcodes of the Brussels-Capital Region are in this range: a postcode in it is a Brussels resident's, even
/// when the catalog does not place it in a commune.
pub const BRUSSELS_POSTCODES: std::ops::RangeInclusive<u16> = 1000..=1299;

/// One commune the place points to, and the section of it that was named ("Laeken"), if one was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub commune: usize,
    pub section: Option<usize>,
}

/// What the finder made of a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Nothing was written.
    Anywhere,
    /// One commune, or several for the person to choose from (a shared postcode, a word of two names), best first.
    Communes(Vec<Found>),
    /// A postcode of the Region's range that the catalog does not place in a commune, or words the finder cannot
    /// read: the person chooses among the communes.
    Unknown,
    /// A Belgian postcode outside the Region's range, and no name of a commune.
    Outside,
}

impl Place {
    /// The communes found (none for every other answer).
    pub fn communes(&self) -> Vec<usize> {
        match self {
            Place::Communes(found) => found.iter().map(|f| f.commune).collect(),
            _ => Vec::new(),
        }
    }

    /// Several communes to choose from.
    pub fn is_ambiguous(&self) -> bool {
        matches!(self, Place::Communes(found) if found.len() > 1)
    }
}

/// The place a person wrote, in the snapshot's communes.
pub fn find_place(s: &Snapshot, raw: &str) -> Place {
    find(&s.communes, raw)
}

/// Words that say what kind of place follows, not which: "Ville de Bruxelles", "Gemeente Schaarbeek".
const FILLERS: [&str; 14] =
    ["ville", "stad", "city", "commune", "gemeente", "municipality", "de", "d", "la", "le", "l", "van", "of", "the"];

/// Words that name the City as a whole, and, in a postal address ("1030 Bruxelles"), any of the 19.
const CITY: [&str; 3] = ["bruxelles", "brussel", "brussels"];

/// The finder's form of a folded word: every "saint" is one word.
fn canonical(word: &str) -> &str {
    match word {
        "saint" | "sainte" | "sint" | "st" | "ste" | "sts" => "st",
        w => w,
    }
}

/// Folded words, with digits and letters apart ("1030schaerbeek" is two words).
fn split(raw: &str) -> Vec<String> {
    let mut spaced = String::with_capacity(raw.len() + 4);
    let mut last: Option<bool> = None;
    for c in fold(raw).chars() {
        let digit = c.is_ascii_digit();
        if c != ' ' && last.is_some_and(|d| d != digit) {
            spaced.push(' ');
        }
        last = (c != ' ').then_some(digit);
        spaced.push(c);
    }
    words(&spaced).map(|w| canonical(w).to_string()).collect()
}

/// A name's words as the finder compares them.
fn name_forms(n: &Name) -> Vec<Vec<String>> {
    let mut forms: Vec<Vec<String>> = std::iter::once(n.fr.as_str())
        .chain(n.nl.as_deref())
        .chain(n.en.as_deref())
        .map(|t| split(t).into_iter().filter(|w| !FILLERS.contains(&w.as_str())).collect::<Vec<_>>())
        .filter(|f| !f.is_empty())
        .collect();
    forms.dedup();
    forms
}

/// How many letters a word may be off: none for short words, one up to seven letters, two beyond.
fn allowance(word: &str) -> Option<usize> {
    match word.chars().count() {
        0..=3 => None,
        4..=7 => Some(1),
        _ => Some(2),
    }
}

/// How well the person's words name a form: 4 the whole name, 3 words of it, 2 the name a letter or two off, 1 the
/// name inside longer words (an address), 0 not at all.
fn level(query: &[String], form: &[String]) -> u8 {
    let joined_q: String = query.concat();
    let joined_f: String = form.concat();
    if joined_q == joined_f {
        return 4;
    }
    let is_word_of = |q: &String| form.iter().any(|f| f == q || (q.chars().count() >= 4 && f.starts_with(q.as_str())));
    if query.iter().all(is_word_of) {
        return 3;
    }
    let near = |q: &String| allowance(q).is_some_and(|a| form.iter().any(|f| within_edits(q, f, a)) || is_word_of(q));
    if allowance(&joined_q).is_some_and(|a| within_edits(&joined_q, &joined_f, a)) || query.iter().all(near) {
        return 2;
    }
    if form.iter().all(|f| query.contains(f)) {
        return 1;
    }
    0
}

/// The communes (and sections) whose names the words name best; empty when none does.
fn by_name(communes: &[Commune], query: &[String]) -> Vec<Found> {
    if query.is_empty() {
        return Vec::new();
    }
    let mut best = 0u8;
    let mut found: Vec<Found> = Vec::new();
    for (i, c) in communes.iter().enumerate() {
        let own = name_forms(&c.name).into_iter().chain([vec![c.slug.replace('-', "")]]).map(|f| (f, None));
        let sections = c
            .sections
            .iter()
            .enumerate()
            .flat_map(|(n, sec)| name_forms(&sec.name).into_iter().map(move |f| (f, Some(n))));
        let mut here: Option<(u8, Option<usize>)> = None;
        for (form, section) in own.chain(sections) {
            let l = level(query, &form);
            // The commune's own name beats one of its sections at the same level.
            if l > 0 && here.is_none_or(|(h, _)| l > h) {
                here = Some((l, section));
            }
        }
        let Some((l, section)) = here else { continue };
        if l > best {
            best = l;
            found.clear();
        }
        if l == best {
            found.push(Found { commune: i, section });
        }
    }
    found
}

/// The communes with this postcode, the one whose main postcode it is first (1040: Etterbeek, then the City).
fn by_postcode(communes: &[Commune], postcode: &str) -> Vec<Found> {
    let mut found: Vec<(usize, Found)> = communes
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let rank = c.postcodes.iter().position(|p| p == postcode)?;
            let section = c.sections.iter().position(|s| s.postcodes.iter().any(|p| p == postcode));
            Some((rank, Found { commune: i, section }))
        })
        .collect();
    found.sort_by_key(|(rank, f)| (*rank, f.commune));
    found.into_iter().map(|(_, f)| f).collect()
}

/// The place a person wrote, among `communes`.
pub fn find(communes: &[Commune], raw: &str) -> Place {
    let all = split(raw);
    if all.is_empty() {
        return Place::Anywhere;
    }
    let mut postcodes: Vec<&str> = Vec::new();
    let mut unreadable_number = false;
    let mut name: Vec<String> = Vec::new();
    let mut city_marker = false;
    for w in &all {
        if w.bytes().all(|b| b.is_ascii_digit()) {
            if w.len() == 4 {
                postcodes.push(w);
            } else {
                unreadable_number = true;
            }
        } else if FILLERS.contains(&w.as_str()) {
            city_marker |= matches!(w.as_str(), "ville" | "stad" | "city");
        } else {
            name.push(w.clone());
        }
    }
    let by_code: Vec<Found> = postcodes.iter().flat_map(|p| by_postcode(communes, p)).fold(Vec::new(), |mut acc, f| {
        if !acc.iter().any(|a: &Found| a.commune == f.commune) {
            acc.push(f);
        }
        acc
    });
    // In a postal address "Bruxelles" is the post town of all 19 communes ("1030 Bruxelles" is Schaerbeek): with a
    // postcode, it says nothing more, unless the person wrote "Ville de Bruxelles".
    if !by_code.is_empty() && !city_marker {
        name.retain(|w| !CITY.contains(&w.as_str()));
    }
    let by_words = by_name(communes, &name);
    let found: Vec<Found> = match (by_code.is_empty(), by_words.is_empty()) {
        (false, true) => by_code,
        (true, false) => by_words,
        (false, false) => {
            let both: Vec<Found> =
                by_words.iter().copied().filter(|w| by_code.iter().any(|c| c.commune == w.commune)).collect();
            if both.is_empty() {
                // The name and the postcode disagree: the person chooses.
                let extra: Vec<Found> =
                    by_code.into_iter().filter(|c| !by_words.iter().any(|w| w.commune == c.commune)).collect();
                by_words.into_iter().chain(extra).collect()
            } else {
                both
            }
        }
        (true, true) => {
            let outside = !postcodes.is_empty()
                && !unreadable_number
                && postcodes.iter().all(|p| p.parse::<u16>().is_ok_and(|n| !BRUSSELS_POSTCODES.contains(&n)));
            return if outside { Place::Outside } else { Place::Unknown };
        }
    };
    Place::Communes(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::files::CommunesFile;

    /// The shipped catalog's communes.
    fn communes() -> Vec<Commune> {
        let text = include_str!("../../catalog/communes.toml");
        let file: CommunesFile = toml::from_str(text).expect("communes.toml reads");
        let name = |n: &crate::import::files::Names| Name { fr: n.fr.clone(), nl: n.nl.clone(), en: n.en.clone() };
        file.communes
            .iter()
            .map(|c| Commune {
                id: 0,
                slug: c.slug.clone(),
                name: name(&c.name),
                nis_code: c.nis_code.clone(),
                postcodes: c.postcodes.clone(),
                sections: c
                    .sections
                    .iter()
                    .map(|s| super::super::Section { name: name(&s.name), postcodes: s.postcodes.clone() })
                    .collect(),
                source: 0,
            })
            .collect()
    }

    fn slugs(all: &[Commune], place: &Place) -> Vec<String> {
        place.communes().into_iter().map(|i| all[i].slug.clone()).collect()
    }

    #[test]
    fn every_usual_spelling_finds_its_commune() {
        let all = communes();
        let cases: &[(&str, &[&str])] = &[
            // The spellings.
            ("Molenbeek", &["molenbeek-saint-jean"]),
            ("Saint-Josse", &["saint-josse-ten-noode"]),
            ("St-Josse", &["saint-josse-ten-noode"]),
            ("Sint-Joost", &["saint-josse-ten-noode"]),
            ("Woluwe", &["woluwe-saint-lambert", "woluwe-saint-pierre"]),
            ("Bruxelles-Ville", &["bruxelles"]),
            ("Ville de Bruxelles", &["bruxelles"]),
            ("Laeken", &["bruxelles"]),
            ("1030 Schaerbeek", &["schaerbeek"]),
            ("Schaerbeek 1030", &["schaerbeek"]),
            ("ixelle", &["ixelles"]),
            ("Shaerbeek", &["schaerbeek"]),
            ("Haren", &["bruxelles"]),
            ("Neder-Over-Heembeek", &["bruxelles"]),
            ("neder over heembeek", &["bruxelles"]),
            ("1020", &["bruxelles"]),
            ("1120", &["bruxelles"]),
            ("1130", &["bruxelles"]),
            ("1020 Laeken", &["bruxelles"]),
            // Case, accents, hyphens, "Saint" and its short forms, French and Dutch.
            ("SCHAERBEEK", &["schaerbeek"]),
            ("Schaarbeek", &["schaerbeek"]),
            ("schaerbeek", &["schaerbeek"]),
            ("Elsene", &["ixelles"]),
            ("Saint Gilles", &["saint-gilles"]),
            ("saintgilles", &["saint-gilles"]),
            ("St Gilles", &["saint-gilles"]),
            ("St.-Gilles", &["saint-gilles"]),
            ("Sint-Gillis", &["saint-gilles"]),
            ("Saint-Josse-ten-Noode", &["saint-josse-ten-noode"]),
            ("St-Josse-ten-Noode", &["saint-josse-ten-noode"]),
            ("Sint-Joost-ten-Node", &["saint-josse-ten-noode"]),
            ("Woluwe-Saint-Lambert", &["woluwe-saint-lambert"]),
            ("Woluwé St Lambert", &["woluwe-saint-lambert"]),
            ("Sint-Lambrechts-Woluwe", &["woluwe-saint-lambert"]),
            ("Woluwe-St-Pierre", &["woluwe-saint-pierre"]),
            ("Sint-Pieters-Woluwe", &["woluwe-saint-pierre"]),
            ("Berchem-Sainte-Agathe", &["berchem-sainte-agathe"]),
            ("Berchem-Ste-Agathe", &["berchem-sainte-agathe"]),
            ("Sint-Agatha-Berchem", &["berchem-sainte-agathe"]),
            ("Berchem", &["berchem-sainte-agathe"]),
            ("Molenbeek-Saint-Jean", &["molenbeek-saint-jean"]),
            ("Sint-Jans-Molenbeek", &["molenbeek-saint-jean"]),
            ("Watermael-Boitsfort", &["watermael-boitsfort"]),
            ("Watermael Boitsfort", &["watermael-boitsfort"]),
            ("Boitsfort", &["watermael-boitsfort"]),
            ("Watermaal-Bosvoorde", &["watermael-boitsfort"]),
            ("Oudergem", &["auderghem"]),
            ("Ukkel", &["uccle"]),
            ("Vorst", &["forest"]),
            ("Bruxelles", &["bruxelles"]),
            ("Brussel", &["bruxelles"]),
            ("Stad Brussel", &["bruxelles"]),
            ("City of Brussels", &["bruxelles"]),
            ("Commune de Schaerbeek", &["schaerbeek"]),
            ("Gemeente Schaarbeek", &["schaerbeek"]),
            // A typo of one or two letters.
            ("Anderlect", &["anderlecht"]),
            ("Etterbeeck", &["etterbeek"]),
            ("Koekelberch", &["koekelberg"]),
            ("Laken", &["bruxelles"]),
            // Postcodes, alone, before or after, glued.
            ("1030", &["schaerbeek"]),
            ("1000", &["bruxelles"]),
            ("1210", &["saint-josse-ten-noode"]),
            ("1030schaerbeek", &["schaerbeek"]),
            ("B-1030", &["schaerbeek"]),
            // Shared postcodes: the commune whose main postcode it is first, then the City.
            ("1040", &["etterbeek", "bruxelles"]),
            ("1050", &["ixelles", "bruxelles"]),
            ("1050 Ixelles", &["ixelles"]),
            ("1050 Bruxelles", &["ixelles", "bruxelles"]),
            ("1040 Ville de Bruxelles", &["bruxelles"]),
            // A postal address: "Bruxelles" is every commune's post town.
            ("1030 Bruxelles", &["schaerbeek"]),
            ("Place Colignon, 1030 Schaerbeek", &["schaerbeek"]),
            ("rue de la Loi 16, 1000 Bruxelles", &["bruxelles"]),
            ("CPAS de Schaerbeek", &["schaerbeek"]),
            // The name and the postcode disagree: both, for the person to choose.
            ("1030 Ixelles", &["ixelles", "schaerbeek"]),
            // A mistyped postcode outside Brussels with a commune's name: the name.
            ("1300 Uccle", &["uccle"]),
            // Several communes share the word: all of them.
            (
                "Saint",
                &[
                    "berchem-sainte-agathe",
                    "molenbeek-saint-jean",
                    "saint-gilles",
                    "saint-josse-ten-noode",
                    "woluwe-saint-lambert",
                    "woluwe-saint-pierre",
                ],
            ),
        ];
        let mut failures = Vec::new();
        for (raw, want) in cases {
            let place = find(&all, raw);
            let got = slugs(&all, &place);
            if got != *want {
                failures.push(format!("{raw:?}: got {got:?} ({place:?}), want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn a_section_is_named_as_such() {
        let all = communes();
        let Place::Communes(found) = find(&all, "Laeken") else { panic!("Laeken is found") };
        let section = found[0].section.map(|s| all[found[0].commune].sections[s].name.fr.clone());
        assert_eq!(section.as_deref(), Some("Laeken"));
        let Place::Communes(found) = find(&all, "Bruxelles") else { panic!("Bruxelles is found") };
        assert_eq!(found[0].section, None, "the City's own name is not one of its sections");
    }

    #[test]
    fn every_commune_is_found_by_each_of_its_names_and_postcodes() {
        let all = communes();
        assert_eq!(all.len(), 19);
        for c in &all {
            let mut spellings: Vec<String> =
                [Some(c.name.fr.clone()), c.name.nl.clone(), Some(c.slug.clone())].into_iter().flatten().collect();
            spellings.push(c.name.fr.to_uppercase());
            spellings.push(c.name.fr.replace('-', " "));
            spellings.push(c.name.fr.replace("Saint-", "St-").replace("Sainte-", "Ste-"));
            if let Some(nl) = &c.name.nl {
                spellings.push(nl.replace("Sint-", "St-"));
            }
            spellings.push(format!("{} {}", c.postcodes[0], c.name.fr));
            spellings.push(format!("{} {}", c.name.fr, c.postcodes[0]));
            for raw in spellings {
                let place = find(&all, &raw);
                assert_eq!(slugs(&all, &place), std::slice::from_ref(&c.slug), "{raw:?}");
            }
            for pc in &c.postcodes {
                assert!(slugs(&all, &find(&all, pc)).contains(&c.slug), "{pc} finds {}", c.slug);
            }
        }
    }

    #[test]
    fn no_brussels_resident_is_told_she_lives_elsewhere() {
        let all = communes();
        // Every postcode of the Region's range is either placed or answered with the list to choose from.
        for n in BRUSSELS_POSTCODES {
            let place = find(&all, &n.to_string());
            assert!(matches!(place, Place::Communes(_) | Place::Unknown), "{n}: {place:?}");
        }
        for raw in ["1005", "1099", "Brucity", "xyz", "10300", "103"] {
            assert_eq!(find(&all, raw), Place::Unknown, "{raw}");
        }
        for raw in ["4000", "9999", "1300", "1930 Zaventem"] {
            assert_eq!(find(&all, raw), Place::Outside, "{raw}");
        }
        for raw in ["", "  ", "-"] {
            assert_eq!(find(&all, raw), Place::Anywhere, "{raw:?}");
        }
        assert!(find(&all, "Woluwe").is_ambiguous());
        assert!(!find(&all, "1030").is_ambiguous());
    }
}
