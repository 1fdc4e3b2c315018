//! A way's facts as a plain form: read from the stored entry, given back as typed after a refusal, and turned
//! into the fields the edit takes (`null` where a field was emptied). Shared by the editing form and the
//! suggestion queue's "accept" form.

use super::i18n::Tr;
use super::report::Choice;
use crate::domain::texts::Texts;
use crate::domain::{BookingRoute, Wheelchair};
use crate::import::files::ChannelEntry;
use serde_json::{Map, Value};

/// Single-line facts, as typed.
pub const LINES: [&str; 4] = ["opening_hours", "phone", "email", "url"];
/// Facts a person reads, in French, Dutch and English.
pub const TEXTS: [&str; 3] = ["cost", "phone_cost", "note"];

/// A fact in three languages: its form name, the id its errors link to, its label, its values (fr, nl, en).
pub struct TextsField {
    pub name: &'static str,
    pub id: String,
    pub label: String,
    pub values: [String; 3],
}

fn texts_field(tr: Tr, name: &'static str, values: [String; 3]) -> TextsField {
    let dashed = name.replace('_', "-");
    TextsField { name, id: format!("f-{dashed}"), label: tr.t(&format!("editor-field-{dashed}")), values }
}

pub struct FactForm {
    pub opening_hours: String,
    pub phone: String,
    pub email: String,
    pub url: String,
    pub languages: String,
    pub booking: Vec<Choice>,
    pub wheelchair: Vec<Choice>,
    pub texts: Vec<TextsField>,
}

fn choices(tr: Tr, booking: &[String], wheelchair: &str) -> (Vec<Choice>, Vec<Choice>) {
    let booking = BookingRoute::ALL
        .iter()
        .map(|r| Choice {
            value: r.as_str(),
            label: tr.t(&super::words::code_key("way-booking", r.as_str())),
            selected: booking.iter().any(|b| b == r.as_str()),
        })
        .collect();
    let wheelchair = Wheelchair::ALL
        .iter()
        .map(|w| Choice {
            value: w.as_str(),
            label: tr.t(&super::words::code_key("editor-wheelchair", w.as_str())),
            selected: wheelchair == w.as_str() || (wheelchair.is_empty() && *w == Wheelchair::Unknown),
        })
        .collect();
    (booking, wheelchair)
}

fn three(t: Option<&Texts>) -> [String; 3] {
    let get = |v: Option<&String>| v.cloned().unwrap_or_default();
    [get(t.and_then(|t| t.fr.as_ref())), get(t.and_then(|t| t.nl.as_ref())), get(t.and_then(|t| t.en.as_ref()))]
}

pub fn from_entry(tr: Tr, e: &ChannelEntry) -> FactForm {
    let (booking, wheelchair) = choices(tr, &e.booking, e.wheelchair.as_deref().unwrap_or(""));
    FactForm {
        opening_hours: e.opening_hours.clone().unwrap_or_default(),
        phone: e.phone.clone().unwrap_or_default(),
        email: e.email.clone().unwrap_or_default(),
        url: e.url.clone().unwrap_or_default(),
        languages: e.languages.join(", "),
        booking,
        wheelchair,
        texts: vec![
            texts_field(tr, "cost", three(e.cost.as_ref())),
            texts_field(tr, "phone_cost", three(e.phone_cost.as_ref())),
            texts_field(tr, "note", three(e.note.as_ref())),
        ],
    }
}

fn all(fields: &super::forms::Fields, name: &str) -> Vec<String> {
    fields.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.trim().to_string()).filter(|v| !v.is_empty()).collect()
}

/// The form as it was posted (to show it again after a refusal or with the preview).
pub fn from_fields(tr: Tr, f: &super::forms::Fields) -> FactForm {
    let get = |n: &str| f.get(n).unwrap_or_default();
    let (booking, wheelchair) = choices(tr, &all(f, "booking"), &get("wheelchair"));
    FactForm {
        opening_hours: get("opening_hours"),
        phone: get("phone"),
        email: get("email"),
        url: get("url"),
        languages: get("languages"),
        booking,
        wheelchair,
        texts: TEXTS
            .iter()
            .map(|&t| texts_field(tr, t, [get(&format!("{t}_fr")), get(&format!("{t}_nl")), get(&format!("{t}_en"))]))
            .collect(),
    }
}

/// `{name}_fr`, `{name}_nl`, `{name}_en` as a text object: `None` when all three are empty (a language left
/// empty is left out, and the catalog's check names it).
pub fn texts_of(f: &super::forms::Fields, name: &str) -> Option<Value> {
    let mut t = Map::new();
    for lang in ["fr", "nl", "en"] {
        if let Some(v) = f.get(&format!("{name}_{lang}")).filter(|v| !v.is_empty()) {
            t.insert(lang.into(), Value::String(v));
        }
    }
    (!t.is_empty()).then_some(Value::Object(t))
}

/// The facts as the edit takes them: every field of the form, `null` where it is empty.
pub fn wanted(f: &super::forms::Fields) -> Map<String, Value> {
    let mut out = Map::new();
    for name in LINES {
        out.insert(name.into(), f.get(name).filter(|v| !v.is_empty()).map_or(Value::Null, Value::String));
    }
    let list = |v: Vec<String>| {
        if v.is_empty() { Value::Null } else { Value::Array(v.into_iter().map(Value::String).collect()) }
    };
    out.insert("booking".into(), list(all(f, "booking")));
    let languages: Vec<String> = f
        .get("languages")
        .unwrap_or_default()
        .split([',', ';', ' '])
        .map(|l| l.trim().to_lowercase())
        .filter(|l| !l.is_empty())
        .collect();
    out.insert("languages".into(), list(languages));
    let wheelchair = f.get("wheelchair").filter(|w| !w.is_empty() && w != "unknown");
    out.insert("wheelchair".into(), wheelchair.map_or(Value::Null, Value::String));
    for name in TEXTS {
        out.insert(name.into(), texts_of(f, name).unwrap_or(Value::Null));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::forms::Fields;

    fn posted(pairs: &[(&str, &str)]) -> Fields {
        Fields(pairs.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect())
    }

    #[test]
    fn empty_fields_remove_and_lists_are_read() {
        let f = posted(&[
            ("phone", "02 279 22 11"),
            ("email", ""),
            ("booking", "phone"),
            ("booking", "email"),
            ("languages", "fr, NL;en"),
            ("wheelchair", "unknown"),
            ("cost_fr", "Gratuit"),
        ]);
        let w = wanted(&f);
        assert_eq!(w["phone"], Value::String("02 279 22 11".into()));
        assert_eq!(w["email"], Value::Null);
        assert_eq!(w["booking"], serde_json::json!(["phone", "email"]));
        assert_eq!(w["languages"], serde_json::json!(["fr", "nl", "en"]));
        assert_eq!(w["wheelchair"], Value::Null);
        assert_eq!(w["cost"], serde_json::json!({ "fr": "Gratuit" }));
        assert_eq!(w["note"], Value::Null);
    }
}
