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

fn opt_list<T: serde::de::DeserializeOwned>(
    what: &str,
    id: i64,
    value: &Option<String>,
) -> Result<Option<T>, StoreError> {
    value.as_deref().map(|v| list(what, id, v)).transpose()
}

fn date(value: &Option<String>) -> Option<PartialDate> {
    value.as_ref().and_then(|d| d.parse().ok())
}

/// Fact → source key, as stored, to fact → source id.
fn fact_sources(
    what: &str,
    id: i64,
    value: &str,
    by_key: &HashMap<String, i64>,
) -> Result<std::collections::BTreeMap<String, i64>, StoreError> {
    let keys: std::collections::BTreeMap<String, String> = list(what, id, value)?;
    keys.into_iter()
        .map(|(fact, key)| match by_key.get(&key) {
            Some(&source) => Ok((fact, source)),
            None => Err(StoreError::Corrupt(format!("{what} {id}: unknown source `{key}` for {fact}"))),
        })
        .collect()
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

    let mut source_by_key: HashMap<String, i64> = HashMap::new();
    for (id, r) in rows.sources {
        source_by_key.insert(r.key.clone(), id);
        let source = Source {
            id,
            title: list("source", id, &r.title)?,
            original_title: opt_list("source", id, &r.original_title)?,
            key: r.key,
            url: r.url,
            document: r.document,
            date: date(&r.fact_date),
            read: date(&r.read_on),
            uncertain: r.uncertain,
            marks: list("source", id, &r.marks)?,
            note: opt_list("source", id, &r.note)?,
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
            note: opt_list("institution", id, &r.note)?,
            quotes: list("institution", id, &r.quotes)?,
            short_names: list("institution", id, &r.short_names)?,
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
            fact_sources: fact_sources("location", id, &r.fact_sources, &source_by_key)?,
            note: opt_list("location", id, &r.note)?,
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
            deadline: opt_list("procedure", id, &r.deadline)?,
            helped_by: help_links(id, &r.helped_by, &s.institutions_by_slug, &source_by_key)?,
            absent: absences(id, &r.absent, &source_by_key)?,
            note: opt_list("procedure", id, &r.note)?,
            quotes: list("procedure", id, &r.quotes)?,
            source: r.source_id,
            updated_at,
            channels: Vec::new(),
            title_text,
            body_text,
            has_offline_alternative: false,
        });
    }

    let mut history: HashMap<i64, Vec<DeclaredStatus>> = HashMap::new();
    for (id, recorded_at, withdrawn_at, r) in rows.declared {
        history.entry(r.channel_id).or_default().push(DeclaredStatus {
            id,
            state: vocab("declared status", id, &r.state)?,
            since: date(&r.since),
            until: date(&r.until),
            note: opt_list("declared status", id, &r.note)?,
            quotes: list("declared status", id, &r.quotes)?,
            source: r.source_id,
            recorded_at,
            withdrawn: withdrawn_at.is_some(),
        });
    }

    for (id, updated_at, r) in rows.channels {
        let Some(&procedure) = procedure_index.get(&r.procedure_id) else { continue };
        let history = history.remove(&id).unwrap_or_default();
        // Withdrawn entries stay in the history but are never in force.
        let in_force: Vec<usize> = (0..history.len()).filter(|&i| !history[i].withdrawn).collect();
        let entries: Vec<DeclaredEntry> = in_force
            .iter()
            .map(|&i| DeclaredEntry { state: history[i].state, since: history[i].since, until: history[i].until })
            .collect();
        let (declared, current) = current_declared(&entries, today);
        let current = current.map(|i| in_force[i]);
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
            phone_cost: opt_list("channel", id, &r.phone_cost)?,
            email: r.email,
            url: r.url,
            booking,
            languages: list("channel", id, &r.languages)?,
            wheelchair: vocab("channel", id, &r.wheelchair)?,
            cost: opt_list("channel", id, &r.cost)?,
            conditions: Texts { fr: r.conditions_fr, nl: r.conditions_nl, en: r.conditions_en },
            note: opt_list("channel", id, &r.note)?,
            quotes: list("channel", id, &r.quotes)?,
            source: r.source_id,
            fact_sources: fact_sources("channel", id, &r.fact_sources, &source_by_key)?,
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

fn help_links(
    id: i64,
    value: &str,
    institutions: &HashMap<String, usize>,
    sources: &HashMap<String, i64>,
) -> Result<Vec<HelpLink>, StoreError> {
    let links: Vec<crate::import::files::HelpLinkEntry> = list("procedure", id, value)?;
    // A link to a withdrawn help place is dropped with it.
    Ok(links
        .into_iter()
        .filter_map(|l| {
            let institution = *institutions.get(&l.institution)?;
            Some(HelpLink { institution, source: *sources.get(&l.source)? })
        })
        .collect())
}

fn absences(id: i64, value: &str, sources: &HashMap<String, i64>) -> Result<Vec<Absence>, StoreError> {
    let entries: Vec<crate::import::files::AbsenceEntry> = list("procedure", id, value)?;
    entries
        .into_iter()
        .map(|a| {
            let source = *sources
                .get(&a.source)
                .ok_or_else(|| StoreError::Corrupt(format!("procedure {id}: unknown source `{}`", a.source)))?;
            let kinds = a.kinds.iter().map(|k| vocab("procedure", id, k)).collect::<Result<_, _>>()?;
            Ok(Absence { kinds, source, note: a.note, quotes: a.quotes })
        })
        .collect()
}
