//! "Where do I send this person?": one reading of the question for the API and the orientation page — the need,
//! where the person lives, their constraints, the languages they speak, when.

use super::error::FieldError;
use super::input::Params;
use crate::catalog::Snapshot;
use crate::catalog::orientation::Situation;
use crate::catalog::places::{BRUSSELS_POSTCODES, Place, find_place};
use crate::domain::languages::read_language;
use chrono::{DateTime, Utc};

/// The constraints a person may have, by parameter name.
pub const CONSTRAINTS: [&str; 6] =
    ["no_internet", "no_smartphone", "no_eid", "cannot_phone", "cannot_read", "wheelchair"];

/// A question, read and checked.
#[derive(Debug, Clone)]
pub struct Question {
    /// A procedure slug or the person's words; `None` when not asked yet (an empty form).
    pub need: Option<String>,
    /// The communes the person may live in (a postcode can be shared).
    pub communes: Vec<usize>,
    pub situation: Situation,
    pub at: DateTime<Utc>,
    /// Options returned, 1 to 50.
    pub limit: u32,
}

/// Reads `need`, `postcode` (a postcode, a commune's name, or both: the place finder's), `commune` (a slug, or a
/// commune's name that names one only), the constraints, `lang` (languages by ISO 639-1 code or by name —
/// "ar", "arabe", "Arabic", "العربية" —, separated by commas or spaces, or given several times), `at` and `limit`.
/// Bad values are left in `params`, each naming its parameter; the question is still returned so a form can be
/// shown again as it was filled in.
pub fn read_question(s: &Snapshot, params: &mut Params) -> Question {
    let need = params.text("need");
    let postcode = params.text("postcode");
    let commune = params.text("commune");
    let mut flag = |name: &str| params.boolean(name).unwrap_or(false);
    let mut situation = Situation {
        no_internet: flag("no_internet"),
        no_smartphone: flag("no_smartphone"),
        no_eid: flag("no_eid"),
        cannot_phone: flag("cannot_phone"),
        cannot_read: flag("cannot_read"),
        wheelchair: flag("wheelchair"),
        languages: Vec::new(),
    };
    for langs in params.all("lang") {
        for l in langs.split([',', ';', ' ']).map(str::trim).filter(|l| !l.is_empty()) {
            match read_language(l) {
                Some(code) if !situation.languages.contains(&code) => situation.languages.push(code),
                Some(_) => {}
                None => params.unknown(
                    "lang",
                    format!("`{l}` is not a language we can read: give its ISO 639-1 code or its name (ar, arabe, Arabic, العربية)"),
                ),
            }
        }
    }
    let at = params.datetime("at").unwrap_or_else(Utc::now);
    let limit = match params.typed("limit") {
        None => 10,
        Some(raw) => match raw.parse::<u32>() {
            Ok(n) if (1..=50).contains(&n) => n,
            _ => {
                params.errors.push(FieldError::new("limit", format!("`{raw}`: expected 1 to 50")));
                10
            }
        },
    };
    let mut communes: Vec<usize> = Vec::new();
    if let Some(place) = &postcode {
        match find_place(s, place) {
            Place::Communes(found) => communes.extend(found.iter().map(|f| f.commune)),
            Place::Anywhere => {}
            not_found => params.unknown("postcode", not_placed(s, place, &not_found)),
        }
    }
    if let Some(raw) = &commune {
        let found = match s.commune(raw) {
            Some(c) => Place::Communes(vec![crate::catalog::places::Found { commune: c, section: None }]),
            None => find_place(s, raw),
        };
        match found {
            Place::Communes(found) if found.len() == 1 => {
                let c = found[0].commune;
                if postcode.is_some() && !communes.contains(&c) {
                    params.unprocessable("commune", "does not match the postcode");
                }
                communes = vec![c];
            }
            Place::Communes(found) => {
                let slugs: Vec<&str> = found.iter().map(|f| s.communes[f.commune].slug.as_str()).collect();
                params.unprocessable(
                    "commune",
                    format!("`{raw}` may be several communes: give one of {}", slugs.join(", ")),
                );
            }
            other => params.unknown("commune", not_placed(s, raw, &other)),
        }
    }
    Question { need, communes, situation, at, limit }
}

/// Why a place was not placed, with the communes to choose from: never "not in Brussels" for a Brussels postcode.
fn not_placed(s: &Snapshot, raw: &str, place: &Place) -> String {
    let choices: Vec<&str> = s.communes.iter().map(|c| c.slug.as_str()).collect();
    let choose = format!("give the commune by its name or slug, one of: {}", choices.join(", "));
    let number = raw.trim().parse::<u16>().ok().filter(|_| raw.trim().len() == 4);
    match (place, number) {
        (Place::Outside, _) => format!(
            "`{raw}` is not a postcode of the Brussels-Capital Region ({}–{}); {choose}",
            BRUSSELS_POSTCODES.start(),
            BRUSSELS_POSTCODES.end()
        ),
        (_, Some(_)) => format!("`{raw}` is a Brussels postcode the catalog does not place in a commune; {choose}"),
        _ => format!("`{raw}`: we cannot tell which commune this is; {choose}"),
    }
}
