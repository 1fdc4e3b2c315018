//! Rows → snapshot: resolve references, precompute search text, declared status in force and offline alternatives.

use super::*;
use crate::domain::channel::{
    ChannelFacts, Contact, DeclaredEntry, OfflineVerdict, current_declared, missing_to_act, offline_verdict,
};
use crate::domain::text::fold;
use crate::store::StoreError;
use crate::store::read::CatalogRows;
use crate::store::sql_types::Json;

fn json<T>(value: Option<Json<T>>) -> Option<T> {
    value.map(|j| j.0)
}

/// Fact → source key, as stored, to fact → source id.
fn fact_sources(
    what: &str,
    id: i64,
    keys: Json<BTreeMap<String, String>>,
    by_key: &HashMap<String, i64>,
) -> Result<BTreeMap<String, i64>, StoreError> {
    keys.0
        .into_iter()
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
        // Sized from the rows: a vector grown by doubling keeps up to twice what it holds (70,000 channels of
        // several hundred bytes each at Belgium scale).
        institutions: Vec::with_capacity(rows.institutions.len()),
        institutions_by_slug: HashMap::new(),
        locations: HashMap::new(),
        procedures: Vec::with_capacity(rows.procedures.len()),
        procedures_by_slug: HashMap::new(),
        channels: Vec::with_capacity(rows.channels.len()),
        channels_by_id: HashMap::with_capacity(rows.channels.len()),
        holidays: crate::domain::hours::HolidayBook::new(today.year() - 1, today.year() + 5),
        communes_by_postcode: HashMap::new(),
        search: Default::default(),
        ids: Default::default(),
    };

    let mut source_by_key: HashMap<String, i64> = HashMap::new();
    for (id, r) in rows.sources {
        source_by_key.insert(r.key.clone(), id);
        let source = Source {
            id,
            title: r.title.0,
            original_title: json(r.original_title),
            key: r.key,
            url: r.url,
            document: r.document,
            date: r.fact_date,
            read: r.read_on,
            uncertain: r.uncertain,
            marks: r.marks.0,
            note: json(r.note),
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
            postcodes: r.postcodes.0,
            sections: r
                .sections
                .0
                .into_iter()
                .map(|e| Section { name: name(&e.name.fr, &e.name.nl, &e.name.en), postcodes: e.postcodes })
                .collect(),
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
        // Its names, the short names people search with ("CSC", "ACV", "FMSB") and its slug.
        let search_text =
            fold_all(name_parts(&n).chain(r.short_names.0.iter().map(String::as_str)).chain([r.slug.as_str()]));
        s.institutions_by_slug.insert(r.slug.clone(), s.institutions.len());
        s.institutions.push(Institution {
            id,
            search_text,
            slug: r.slug,
            level: r.level,
            name: n,
            parent: r.parent_id.and_then(|p| institution_index.get(&p).copied()),
            website: r.website,
            commune: r.commune_id.and_then(|c| commune_index.get(&c).copied()),
            note: json(r.note),
            quotes: r.quotes.0,
            short_names: r.short_names.0,
            probe_patterns: r.probe_patterns.0,
            source: r.source_id,
            update_every_months: r
                .update_every_months
                .and_then(|m| u32::try_from(m).ok())
                .unwrap_or(super::verified::DEFAULT_UPDATE_EVERY_MONTHS),
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
            fact_sources: fact_sources("location", id, r.fact_sources, &source_by_key)?,
            note: json(r.note),
            postal_only: false,
        };
        s.locations.insert(id, location);
    }

    let mut procedure_index = HashMap::new();
    let mut folded = Vec::with_capacity(rows.procedures.len());
    for (id, updated_at, r) in rows.procedures {
        // A procedure of a withdrawn institution is not shown either.
        let Some(&institution) = institution_index.get(&r.institution_id) else { continue };
        let n = name(&r.name_fr, &r.name_nl, &r.name_en);
        let keywords: Vec<String> = r.keywords.0;
        let categories: Vec<String> = r.categories.0;
        let summary = Texts { fr: r.summary_fr, nl: r.summary_nl, en: r.summary_en };
        let title = fold_all(name_parts(&n).chain(keywords.iter().map(String::as_str)));
        let body = fold_all(
            summary
                .all()
                .map(|(_, t)| t.as_str())
                .chain(categories.iter().map(String::as_str))
                .chain([r.slug.as_str()]),
        );
        let identification = r.identification.0;
        procedure_index.insert(id, s.procedures.len());
        s.procedures_by_slug.insert(r.slug.clone(), s.procedures.len());
        s.institutions[institution].procedures.push(s.procedures.len());
        folded.push(search::FoldedProcedure { title, body });
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
            documents: r.documents.0,
            deadline: json(r.deadline).map(Box::new),
            helped_by: help_links(r.helped_by.0, &s.institutions_by_slug, &source_by_key),
            absent: absences(id, r.absent.0, &source_by_key)?,
            note: json(r.note).map(Box::new),
            quotes: r.quotes.0,
            source: r.source_id,
            updated_at,
            channels: Vec::new(),
            has_offline_alternative: false,
            has_unverified_alternative: false,
        });
    }

    let mut history: HashMap<i64, Vec<DeclaredStatus>> = HashMap::new();
    for (id, recorded_at, withdrawn_at, r) in rows.declared {
        history.entry(r.channel_id).or_default().push(DeclaredStatus {
            id,
            state: r.state,
            since: r.since,
            until: r.until,
            note: json(r.note).map(Box::new),
            quotes: r.quotes.0,
            source: r.source_id,
            recorded_at,
            withdrawn: withdrawn_at.is_some(),
        });
    }

    // Channels with the same opening hours (a counter's and its phone line's, often) share one text and one parsed
    // form; those with the same languages, one list.
    let mut parsed_hours: HashMap<String, (Arc<str>, Arc<crate::domain::hours::Hours>)> = HashMap::new();
    let mut language_lists: HashMap<Vec<String>, Arc<[String]>> = HashMap::new();
    for (id, updated_at, r) in rows.channels {
        let Some(&procedure) = procedure_index.get(&r.procedure_id) else { continue };
        let mut history = history.remove(&id).unwrap_or_default();
        history.shrink_to_fit();
        // Withdrawn entries stay in the history but are never in force.
        let in_force: Vec<usize> = (0..history.len()).filter(|&i| !history[i].withdrawn).collect();
        let entries: Vec<DeclaredEntry> = in_force
            .iter()
            .map(|&i| DeclaredEntry { state: history[i].state, since: history[i].since, until: history[i].until })
            .collect();
        let (declared, current) = current_declared(&entries, today);
        let current = current.map(|i| in_force[i]);
        let booking: Vec<BookingRoute> = r.booking.0;
        let (kind, completion) = (r.kind, r.completion);
        let contact = Contact {
            address: r.location_id.and_then(|l| s.locations.get(&l)).is_some_and(|l| l.address.is_some()),
            phone: r.phone.is_some(),
            email: r.email.is_some(),
            url: r.url.is_some() || (kind == ChannelKind::Online && s.procedures[procedure].online_url.is_some()),
            hours: r.opening_hours.is_some(),
        };
        let usable = missing_to_act(kind, &booking, &contact).is_empty();
        let verdict = offline_verdict(&ChannelFacts { kind, completion, booking: &booking, declared, usable });
        let offline_alternative = verdict == OfflineVerdict::Alternative;
        let (opening_hours, hours) = match r.opening_hours {
            Some(text) => {
                let (text, hours) = match parsed_hours.get(&text) {
                    Some((shared, hours)) => (Arc::clone(shared), Arc::clone(hours)),
                    None => {
                        let hours = Arc::new(
                            crate::domain::hours::parse_hours(&text)
                                .map_err(|e| StoreError::Corrupt(format!("channel {id}: opening hours: {e}")))?,
                        );
                        let shared: Arc<str> = Arc::from(text.as_str());
                        parsed_hours.insert(text, (Arc::clone(&shared), Arc::clone(&hours)));
                        (shared, hours)
                    }
                };
                (Some(text), Some(hours))
            }
            None => (None, None),
        };
        let languages = match language_lists.get(&r.languages.0) {
            Some(list) => Arc::clone(list),
            None => {
                let list: Arc<[String]> = Arc::from(r.languages.0.clone());
                language_lists.insert(r.languages.0, Arc::clone(&list));
                list
            }
        };
        let conditions = Texts { fr: r.conditions_fr, nl: r.conditions_nl, en: r.conditions_en };
        let conditions = (!conditions.is_empty()).then(|| Box::new(conditions));
        let level = s.institutions[s.procedures[procedure].institution].level;
        s.channels_by_id.insert(id, s.channels.len());
        s.procedures[procedure].channels.push(s.channels.len());
        s.procedures[procedure].has_offline_alternative |= offline_alternative;
        s.procedures[procedure].has_unverified_alternative |= verdict == OfflineVerdict::Unverified;
        s.channels.push(Channel {
            id,
            procedure,
            key: r.key,
            kind,
            completion,
            location: r.location_id,
            opening_hours,
            phone: r.phone,
            phone_cost: json(r.phone_cost).map(Box::new),
            email: r.email,
            url: r.url,
            booking,
            languages,
            wheelchair: r.wheelchair,
            cost: json(r.cost).map(Box::new),
            registered: r.registered,
            conditions,
            note: json(r.note).map(Box::new),
            quotes: r.quotes.0,
            source: r.source_id,
            fact_sources: fact_sources("channel", id, r.fact_sources, &source_by_key)?,
            updated_at,
            history,
            current,
            declared,
            offline_alternative,
            verdict,
            contact,
            usable,
            hours,
            calendar: crate::domain::hours::ClosureCalendar::for_level(level),
            verified: None,
            verify_by: None,
        });
    }
    // A location where every open channel with a place is by post is a postal address.
    let mut uses: HashMap<i64, bool> = HashMap::new();
    for c in &s.channels {
        let place = matches!(
            c.kind,
            ChannelKind::Counter | ChannelKind::Appointment | ChannelKind::Assisted | ChannelKind::Post
        );
        if let Some(l) = c.location.filter(|_| place && c.declared != DeclaredState::ClosedPermanently) {
            *uses.entry(l).or_insert(true) &= c.kind == ChannelKind::Post;
        }
    }
    for (l, postal) in uses {
        if let Some(location) = s.locations.get_mut(&l) {
            location.postal_only = postal;
        }
    }
    super::verified::apply(&mut s, &rows.verifications, &rows.campaigns);
    s.search = search::SearchIndex::build(&s, &folded);
    drop(folded);
    s.ids = ids::PublicIds::build(&s);
    Ok(s)
}

fn help_links(
    links: Vec<crate::import::files::HelpLinkEntry>,
    institutions: &HashMap<String, usize>,
    sources: &HashMap<String, i64>,
) -> Vec<HelpLink> {
    // A link to a withdrawn help place is dropped with it.
    links
        .into_iter()
        .filter_map(|l| {
            let institution = *institutions.get(&l.institution)?;
            Some(HelpLink { institution, source: *sources.get(&l.source)? })
        })
        .collect()
}

fn absences(
    id: i64,
    entries: Vec<crate::import::files::AbsenceEntry>,
    sources: &HashMap<String, i64>,
) -> Result<Vec<Absence>, StoreError> {
    entries
        .into_iter()
        .map(|a| {
            let source = *sources
                .get(&a.source)
                .ok_or_else(|| StoreError::Corrupt(format!("procedure {id}: unknown source `{}`", a.source)))?;
            let kinds = a
                .kinds
                .iter()
                .map(|k| k.parse().map_err(|e| StoreError::Corrupt(format!("procedure {id}: `{k}`: {e}"))))
                .collect::<Result<_, _>>()?;
            Ok(Absence { kinds, source, note: a.note, quotes: a.quotes })
        })
        .collect()
}
