//! The stored record of each catalog-file entry (institution, location, procedure, channel): what an import writes,
//! and what a write through the API writes once its entry was checked. Keys are resolved by the caller.

use super::models::*;
use super::sql_types::Json;
use crate::domain::Wheelchair;
use crate::import::files::{ChannelEntry, InstitutionEntry, LocationEntry, ProcedureEntry, Texts};
use crate::import::parsed;

pub(super) fn json<T: Clone>(value: &T) -> Json<T> {
    Json(value.clone())
}

pub(super) fn opt_json<T: Clone>(value: &Option<T>) -> Option<Json<T>> {
    value.as_ref().map(json)
}

/// A list of vocabulary values the catalog validated.
pub(super) fn vocabulary<T: std::str::FromStr<Err = String>>(values: &[String]) -> Vec<T> {
    values.iter().map(|v| parsed(v)).collect()
}

pub(super) fn split(t: &Texts) -> (Option<String>, Option<String>, Option<String>) {
    (t.fr.clone(), t.nl.clone(), t.en.clone())
}

/// The stored record of an institution entry.
pub fn institution_record(
    inst: &InstitutionEntry,
    parent_id: Option<i64>,
    commune_id: Option<i64>,
    source_id: i64,
    probe_patterns: &[crate::domain::probes::ProbePattern],
) -> InstitutionRecord {
    InstitutionRecord {
        slug: inst.slug.clone(),
        level: parsed(&inst.level),
        name_fr: inst.name.fr.clone(),
        name_nl: inst.name.nl.clone(),
        name_en: inst.name.en.clone(),
        parent_id,
        website: inst.website.clone(),
        commune_id,
        note: opt_json(&inst.note),
        quotes: json(&inst.quotes),
        short_names: json(&inst.short_names),
        probe_patterns: Json(probe_patterns.to_vec()),
        source_id,
        update_every_months: inst.update_every_months.and_then(|m| i32::try_from(m).ok()),
    }
}

/// The stored record of a location entry (`defined_in`: the file that defines it).
pub fn location_record(
    l: &LocationEntry,
    commune_id: Option<i64>,
    source_id: i64,
    defined_in: Option<String>,
) -> LocationRecord {
    LocationRecord {
        key: l.key.clone(),
        name_fr: l.name.fr.clone(),
        name_nl: l.name.nl.clone(),
        name_en: l.name.en.clone(),
        address: l.address.clone(),
        postcode: l.postcode.clone(),
        commune_id,
        lat: l.lat,
        lon: l.lon,
        source_id,
        fact_sources: json(&l.fact_sources),
        note: opt_json(&l.note),
        defined_in,
    }
}

/// The stored record of a procedure entry (its channels are records of their own).
pub fn procedure_record(p: &ProcedureEntry, institution_id: i64, source_id: i64) -> ProcedureRecord {
    let (summary_fr, summary_nl, summary_en) = split(&p.summary);
    ProcedureRecord {
        slug: p.slug.clone(),
        institution_id,
        name_fr: p.name.fr.clone(),
        name_nl: p.name.nl.clone(),
        name_en: p.name.en.clone(),
        summary_fr,
        summary_nl,
        summary_en,
        categories: json(&p.categories),
        keywords: json(&p.keywords),
        online_url: p.online_url.clone(),
        identification: Json(vocabulary(&p.identification)),
        documents: json(&p.documents),
        note: opt_json(&p.note),
        quotes: json(&p.quotes),
        absent: json(&p.absent),
        deadline: opt_json(&p.deadline),
        helped_by: json(&p.helped_by),
        source_id,
    }
}

pub fn channel_record(procedure_id: i64, c: &ChannelEntry, source_id: i64, location_id: Option<i64>) -> ChannelRecord {
    let (conditions_fr, conditions_nl, conditions_en) = split(&c.conditions);
    ChannelRecord {
        procedure_id,
        key: c.key.clone(),
        kind: parsed(&c.kind),
        completion: parsed(&c.completion),
        location_id,
        opening_hours: c.opening_hours.clone(),
        phone: c.phone.clone(),
        phone_cost: opt_json(&c.phone_cost),
        email: c.email.clone(),
        url: c.url.clone(),
        booking: Json(vocabulary(&c.booking)),
        languages: json(&c.languages),
        wheelchair: c.wheelchair.as_deref().map_or(Wheelchair::Unknown, parsed),
        cost: opt_json(&c.cost),
        conditions_fr,
        conditions_nl,
        conditions_en,
        note: opt_json(&c.note),
        quotes: json(&c.quotes),
        fact_sources: json(&c.fact_sources),
        registered: c.registered,
        source_id,
    }
}
