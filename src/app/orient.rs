//! "Where do I send this person?": one reading of the question for the API and the orientation page — the need,
//! where the person lives, their constraints, the languages they speak, when.

use super::error::FieldError;
use super::input::Params;
use crate::catalog::Snapshot;
use crate::catalog::orientation::Situation;
use crate::catalog::places::find_place;
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

/// Reads `need`, `postcode` (a postcode or a commune's name), `commune` (slug), the constraints, `lang` (ISO
/// 639-1 codes separated by commas or spaces), `at` and `limit`. Bad values are left in `params`, each naming its
/// parameter; the question is still returned so a form can be shown again as it was filled in.
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
    if let Some(langs) = params.text("lang") {
        for l in langs.split([',', ' ']).map(|l| l.trim().to_lowercase()).filter(|l| !l.is_empty()) {
            if l.len() == 2 && l.bytes().all(|b| b.is_ascii_lowercase()) {
                if !situation.languages.contains(&l) {
                    situation.languages.push(l);
                }
            } else {
                params
                    .errors
                    .push(FieldError::new("lang", format!("`{l}` is not an ISO 639-1 code (e.g. ar, fr, nl)")));
            }
        }
    }
    let at = params.datetime("at").unwrap_or_else(Utc::now);
    let limit = match params.text("limit") {
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
            Some(found) => communes.extend(found),
            None if place.len() == 4 && place.bytes().all(|b| b.is_ascii_digit()) => params
                .errors
                .push(FieldError::new("postcode", format!("`{place}` is not a postcode of the catalog's communes"))),
            None => params.errors.push(FieldError::new(
                "postcode",
                format!("`{place}` is neither a Belgian postcode nor a commune of the catalog"),
            )),
        }
    }
    if let Some(slug) = &commune {
        match s.commune(slug) {
            Some(c) => {
                if postcode.is_some() && !communes.contains(&c) {
                    params.errors.push(FieldError::new("commune", "does not match the postcode"));
                }
                communes = vec![c];
            }
            None => params.errors.push(FieldError::new("commune", format!("`{slug}` is not a commune slug"))),
        }
    }
    Question { need, communes, situation, at, limit }
}
