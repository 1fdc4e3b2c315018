//! Rows → snapshot: resolve references, parse vocabularies, precompute search text and offline alternatives.

use super::*;
use crate::domain::channel::{ChannelFacts, DeclaredEntry, current_declared, is_offline_alternative};
use crate::domain::text::fold;
use crate::store::StoreError;
use crate::store::read::CatalogRows;

fn vocab<T: std::str::FromStr<Err = String>>(what: &str, id: i64, value: &str) -> Result<T, StoreError> {
    value.parse().map_err(|e| StoreError::Corrupt(format!("{what} {id}: `{value}`: {e}")))
}

fn list<T: serde::de::DeserializeOwned>(what: &str, id: i64, value: &str) -> Result<T, StoreError> {
    serde_json::from_str(value).map_err(|e| StoreError::Corrupt(format!("{what} {id}: {e}")))
}

fn date(value: &Option<String>) -> Option<PartialDate> {
    value.as_ref().and_then(|d| d.parse().ok())
}

fn name(fr: &str, nl: &Option<String>, en: &Option<String>) -> Name {
    Name { fr: fr.to_string(), nl: nl.clone(), en: en.clone() }
}

fn fold_all<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts.into_iter().map(fold).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" | ")
}

fn name_parts(n: &Name) -> impl Iterator<Item = &str> {
    std::iter::once(n.fr.as_str()).chain(n.nl.as_deref()).chain(n.en.as_deref())
}

/// Builds the read model. `today` decides which declared statuses are still in force.
pub fn build_snapshot(rows: CatalogRows, today: chrono::NaiveDate) -> Result<Snapshot, StoreError> {
    use chrono::Datelike;
    let mut s = Snapshot {
        built_at: chrono::Utc::now(),
        sources: HashMap::new(),
        communes: Vec::new(),
        communes_by_slug: HashMap::new(),
        institutions: Vec::new(),
        institutions_by_slug: HashMap::new(),
        locations: HashMap::new(),
        procedures: Vec::new(),
        procedures_by_slug: HashMap::new(),
        channels: Vec::new(),
        channels_by_id: HashMap::new(),
        holidays: crate::domain::hours::HolidayBook::new(today.year() - 1, today.year() + 5),
        communes_by_postcode: HashMap::new(),
        search: Default::default(),
    };

    for (id, r) in rows.sources {
        let source = Source {
            id,
            key: r.key,
            title: r.title,
            url: r.url,
            document: r.document,
            date: r.fact_date.parse().ok(),
            uncertain: r.uncertain,
            note: r.note,
        };
        s.sources.insert(id, source);
    }
    let mut commune_index = HashMap::new();
    for (id, r) in rows.communes {
        commune_index.insert(id, s.communes.len());
        s.communes_by_slug.insert(r.slug.clone(), s.communes.len());
        s.communes.push(Commune {
            id,
            slug: r.slug,
            name: name(&r.name_fr, &r.name_nl, &None),
            nis_code: r.nis_code,
            postcodes: list("commune", id, &r.postcodes)?,
            source: r.source_id,
        });
    }
    for (i, c) in s.communes.iter().enumerate() {
        for pc in &c.postcodes {
            s.communes_by_postcode.entry(pc.clone()).or_default().push(i);
        }
    }

    let mut institution_index = HashMap::new();
    for (i, (id, _, _)) in rows.institutions.iter().enumerate() {
        institution_index.insert(*id, i);
    }
    for (id, updated_at, r) in rows.institutions {
        let n = name(&r.name_fr, &r.name_nl, &r.name_en);
        s.institutions_by_slug.insert(r.slug.clone(), s.institutions.len());
        s.institutions.push(Institution {
            id,
            search_text: fold_all(name_parts(&n).chain([r.slug.as_str()])),
            slug: r.slug,
            level: vocab("institution", id, &r.level)?,
            name: n,
            parent: r.parent_id.and_then(|p| institution_index.get(&p).copied()),
            website: r.website,
            commune: r.commune_id.and_then(|c| commune_index.get(&c).copied()),
            note: r.note,
            source: r.source_id,
            updated_at,
            procedures: Vec::new(),
        });
    }

    for (id, r) in rows.locations {
        let location = Location {
            id,
            key: r.key,
            name: name(&r.name_fr, &r.name_nl, &r.name_en),
            address: r.address,
            postcode: r.postcode,
            commune: r.commune_id.and_then(|c| commune_index.get(&c).copied()),
            lat: r.lat,
            lon: r.lon,
            source: r.source_id,
        };
        s.locations.insert(id, location);
    }

    let mut procedure_index = HashMap::new();
    for (id, updated_at, r) in rows.procedures {
        // A procedure of a withdrawn institution is not shown either.
        let Some(&institution) = institution_index.get(&r.institution_id) else { continue };
        let n = name(&r.name_fr, &r.name_nl, &r.name_en);
        let keywords: Vec<String> = list("procedure", id, &r.keywords)?;
        let categories: Vec<String> = list("procedure", id, &r.categories)?;
        let summary = Texts { fr: r.summary_fr, nl: r.summary_nl, en: r.summary_en };
        let title_text = fold_all(name_parts(&n).chain(keywords.iter().map(String::as_str)));
        let body_text = fold_all(
            summary
                .all()
                .map(|(_, t)| t.as_str())
                .chain(categories.iter().map(String::as_str))
                .chain([r.slug.as_str()]),
        );
        let identification = list::<Vec<String>>("procedure", id, &r.identification)?
            .iter()
            .map(|v| vocab("procedure", id, v))
            .collect::<Result<_, _>>()?;
        procedure_index.insert(id, s.procedures.len());
        s.procedures_by_slug.insert(r.slug.clone(), s.procedures.len());
        s.institutions[institution].procedures.push(s.procedures.len());
        s.procedures.push(Procedure {
            id,
            slug: r.slug,
            institution,
            name: n,
            summary,
            categories,
            keywords,
            online_url: r.online_url,
            identification,
            documents: list("procedure", id, &r.documents)?,
            note: r.note,
            source: r.source_id,
            updated_at,
            channels: Vec::new(),
            title_text,
            body_text,
            has_offline_alternative: false,
        });
    }

    let mut history: HashMap<i64, Vec<DeclaredStatus>> = HashMap::new();
    for (id, recorded_at, r) in rows.declared {
        history.entry(r.channel_id).or_default().push(DeclaredStatus {
            id,
            state: vocab("declared status", id, &r.state)?,
            since: date(&r.since),
            until: date(&r.until),
            note: r.note,
            source: r.source_id,
            recorded_at,
        });
    }

    for (id, updated_at, r) in rows.channels {
        let Some(&procedure) = procedure_index.get(&r.procedure_id) else { continue };
        let history = history.remove(&id).unwrap_or_default();
        let entries: Vec<DeclaredEntry> =
            history.iter().map(|h| DeclaredEntry { state: h.state, since: h.since, until: h.until }).collect();
        let (declared, current) = current_declared(&entries, today);
        let booking: Vec<BookingRoute> = list::<Vec<String>>("channel", id, &r.booking)?
            .iter()
            .map(|b| vocab("channel", id, b))
            .collect::<Result<_, _>>()?;
        let kind = vocab("channel", id, &r.kind)?;
        let completion = vocab("channel", id, &r.completion)?;
        let offline_alternative =
            is_offline_alternative(&ChannelFacts { kind, completion, booking: &booking, declared });
        let hours = match &r.opening_hours {
            Some(text) => Some(
                crate::domain::hours::parse_hours(text)
                    .map_err(|e| StoreError::Corrupt(format!("channel {id}: opening hours: {e}")))?,
            ),
            None => None,
        };
        let level = s.institutions[s.procedures[procedure].institution].level;
        s.channels_by_id.insert(id, s.channels.len());
        s.procedures[procedure].channels.push(s.channels.len());
        s.procedures[procedure].has_offline_alternative |= offline_alternative;
        s.channels.push(Channel {
            id,
            procedure,
            key: r.key,
            kind,
            completion,
            location: r.location_id,
            opening_hours: r.opening_hours,
            phone: r.phone,
            phone_cost: r.phone_cost,
            email: r.email,
            url: r.url,
            booking,
            languages: list("channel", id, &r.languages)?,
            wheelchair: vocab("channel", id, &r.wheelchair)?,
            cost: r.cost,
            conditions: Texts { fr: r.conditions_fr, nl: r.conditions_nl, en: r.conditions_en },
            note: r.note,
            source: r.source_id,
            updated_at,
            history,
            current,
            declared,
            offline_alternative,
            hours,
            calendar: crate::domain::hours::ClosureCalendar::for_level(level),
        });
    }
    s.search = super::search::SearchIndex::build(&s);
    Ok(s)
}
