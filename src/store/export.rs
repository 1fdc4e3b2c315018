//! The catalog as stored, back in the shapes of the catalog files (`guichet export`): what the files would say
//! for the database to stay as it is. Withdrawn records and statuses no longer in force are left out; every
//! source and location goes back to the file that defined it (`defined_in`), so an export of an unedited database
//! is the shipped catalog again, record for record.

use super::models::*;
use super::schema::*;
use super::{DbConnection, StoreError};
use crate::domain::Wheelchair;
use crate::import::files::*;
use crate::import::{CatalogFiles, SHARED_SOURCES, institution_file_name};
use diesel::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Reads the whole catalog and gives it as catalog files.
pub fn export_catalog(conn: &mut DbConnection) -> Result<CatalogFiles, StoreError> {
    Ok(catalog_files(conn)?)
}

/// `export_catalog` inside a transaction of the caller (an edit, an import).
pub fn catalog_files(conn: &mut DbConnection) -> QueryResult<CatalogFiles> {
    let sources: Vec<(i64, SourceRecord)> =
        sources::table.order(sources::id).select((sources::id, SourceRecord::as_select())).load(conn)?;
    let communes: Vec<(i64, CommuneRecord)> =
        communes::table.order(communes::id).select((communes::id, CommuneRecord::as_select())).load(conn)?;
    let institutions: Vec<(i64, InstitutionRecord)> = institutions::table
        .filter(institutions::withdrawn_at.is_null())
        .order(institutions::id)
        .select((institutions::id, InstitutionRecord::as_select()))
        .load(conn)?;
    let locations: Vec<(i64, LocationRecord)> = locations::table
        .filter(locations::withdrawn_at.is_null())
        .order(locations::id)
        .select((locations::id, LocationRecord::as_select()))
        .load(conn)?;
    let procedures: Vec<(i64, ProcedureRecord)> = procedures::table
        .filter(procedures::withdrawn_at.is_null())
        .order(procedures::id)
        .select((procedures::id, ProcedureRecord::as_select()))
        .load(conn)?;
    let channels: Vec<(i64, ChannelRecord)> = channels::table
        .filter(channels::withdrawn_at.is_null())
        .order(channels::id)
        .select((channels::id, ChannelRecord::as_select()))
        .load(conn)?;
    let statuses: Vec<DeclaredStatusRecord> = declared_statuses::table
        .filter(declared_statuses::withdrawn_at.is_null())
        .order(declared_statuses::id)
        .select(DeclaredStatusRecord::as_select())
        .load(conn)?;
    Ok(Rows { sources, communes, institutions, locations, procedures, channels, statuses }.into_files())
}

struct Rows {
    sources: Vec<(i64, SourceRecord)>,
    communes: Vec<(i64, CommuneRecord)>,
    institutions: Vec<(i64, InstitutionRecord)>,
    locations: Vec<(i64, LocationRecord)>,
    procedures: Vec<(i64, ProcedureRecord)>,
    channels: Vec<(i64, ChannelRecord)>,
    statuses: Vec<DeclaredStatusRecord>,
}

fn texts(t: &Option<super::sql_types::Json<Texts>>) -> Option<Texts> {
    t.as_ref().map(|j| j.0.clone())
}

fn joined(fr: &Option<String>, nl: &Option<String>, en: &Option<String>) -> Texts {
    Texts { fr: fr.clone(), nl: nl.clone(), en: en.clone() }
}

fn names(fr: &str, nl: &Option<String>, en: &Option<String>) -> Names {
    Names { fr: fr.to_string(), nl: nl.clone(), en: en.clone() }
}

impl Rows {
    fn into_files(self) -> CatalogFiles {
        let source_key: HashMap<i64, &str> = self.sources.iter().map(|(id, s)| (*id, s.key.as_str())).collect();
        let key = |id: &i64| source_key[id].to_string();
        let commune_slug: HashMap<i64, &str> = self.communes.iter().map(|(id, c)| (*id, c.slug.as_str())).collect();
        let commune = |id: &Option<i64>| id.map(|id| commune_slug[&id].to_string());
        let institution_slug: HashMap<i64, &str> =
            self.institutions.iter().map(|(id, i)| (*id, i.slug.as_str())).collect();
        let location_key: HashMap<i64, &str> = self.locations.iter().map(|(id, l)| (*id, l.key.as_str())).collect();

        let mut statuses: HashMap<i64, Vec<StatusEntry>> = HashMap::new();
        for st in &self.statuses {
            statuses.entry(st.channel_id).or_default().push(StatusEntry {
                state: st.state.as_str().to_string(),
                since: st.since.map(|d| d.to_string()),
                until: st.until.map(|d| d.to_string()),
                note: texts(&st.note),
                quotes: st.quotes.0.clone(),
                source: key(&st.source_id),
            });
        }
        let mut channels: HashMap<i64, Vec<ChannelEntry>> = HashMap::new();
        // The institution whose channels first use a location: its file, when no file defines the location.
        let procedure_institution: HashMap<i64, i64> =
            self.procedures.iter().map(|(id, p)| (*id, p.institution_id)).collect();
        let mut first_user: HashMap<i64, i64> = HashMap::new();
        for (id, c) in &self.channels {
            let Some(institution) = procedure_institution.get(&c.procedure_id) else { continue };
            if let Some(location) = c.location_id {
                first_user.entry(location).or_insert(*institution);
            }
            channels.entry(c.procedure_id).or_default().push(channel_entry(
                c,
                key(&c.source_id),
                c.location_id.and_then(|l| location_key.get(&l)).map(ToString::to_string),
                statuses.remove(id).unwrap_or_default(),
            ));
        }
        let mut files: BTreeMap<i64, InstitutionFile> = BTreeMap::new();
        for (id, i) in &self.institutions {
            let parent = i.parent_id.and_then(|p| institution_slug.get(&p)).map(ToString::to_string);
            let institution = institution_entry(i, parent, commune(&i.commune_id), key(&i.source_id));
            files.insert(
                *id,
                InstitutionFile {
                    institution,
                    sources: vec![],
                    locations: vec![],
                    procedures: vec![],
                    probe_patterns: i.probe_patterns.0.clone(),
                },
            );
        }
        for (id, p) in &self.procedures {
            let Some(file) = files.get_mut(&p.institution_id) else { continue };
            file.procedures.push(procedure_entry(p, key(&p.source_id), channels.remove(id).unwrap_or_default()));
        }
        let file_of: HashMap<String, i64> =
            self.institutions.iter().map(|(id, i)| (institution_file_name(&i.slug), *id)).collect();
        for (id, l) in &self.locations {
            let owner = l.defined_in.as_ref().and_then(|f| file_of.get(f)).or_else(|| first_user.get(id));
            let Some(file) = owner.and_then(|owner| files.get_mut(owner)) else { continue };
            file.locations.push(location_entry(l, commune(&l.commune_id), key(&l.source_id)));
        }
        let communes: Vec<CommuneEntry> = self
            .communes
            .iter()
            .map(|(_, c)| CommuneEntry {
                slug: c.slug.clone(),
                name: names(&c.name_fr, &c.name_nl, &None),
                nis_code: c.nis_code.clone(),
                postcodes: c.postcodes.0.clone(),
                sections: c.sections.0.clone(),
                source: key(&c.source_id),
            })
            .collect();
        let mut catalog = CatalogFiles { sources: vec![], communes, institutions: vec![] };
        let mut files: Vec<InstitutionFile> = files.into_values().collect();
        files.sort_by(|a, b| a.institution.slug.cmp(&b.institution.slug));
        catalog.institutions = files;
        // Sources: in the file that defines them; one no file defines but a record names goes to the shared file.
        let used = referenced_sources(&catalog);
        let index: HashMap<String, usize> =
            catalog.institutions.iter().enumerate().map(|(n, f)| (f.file_name(), n)).collect();
        for (_, s) in self.sources {
            let entry = source_entry(&s);
            match s.defined_in.as_deref().and_then(|f| index.get(f)) {
                Some(&n) => catalog.institutions[n].sources.push(entry),
                None if s.defined_in.as_deref() == Some(SHARED_SOURCES) || used.contains(&s.key) => {
                    catalog.sources.push(entry);
                }
                None => {}
            }
        }
        catalog
    }
}

/// A stored source as the files write it.
pub fn source_entry(s: &SourceRecord) -> SourceEntry {
    SourceEntry {
        id: s.key.clone(),
        title: s.title.0.clone(),
        original_title: s.original_title.as_ref().map(|q| q.0.clone()),
        url: s.url.clone(),
        document: s.document.clone(),
        date: s.fact_date.map(|d| d.to_string()),
        read: s.read_on.map(|d| d.to_string()),
        uncertain: s.uncertain,
        marks: s.marks.0.clone(),
        note: texts(&s.note),
    }
}

/// A stored procedure as the files write it, with its channels.
pub fn procedure_entry(p: &ProcedureRecord, source: String, channels: Vec<ChannelEntry>) -> ProcedureEntry {
    ProcedureEntry {
        slug: p.slug.clone(),
        name: names(&p.name_fr, &p.name_nl, &p.name_en),
        summary: joined(&p.summary_fr, &p.summary_nl, &p.summary_en),
        categories: p.categories.0.clone(),
        keywords: p.keywords.0.clone(),
        online_url: p.online_url.clone(),
        identification: p.identification.0.iter().map(|i| i.as_str().to_string()).collect(),
        documents: p.documents.0.clone(),
        deadline: texts(&p.deadline),
        helped_by: p.helped_by.0.clone(),
        source,
        note: texts(&p.note),
        quotes: p.quotes.0.clone(),
        absent: p.absent.0.clone(),
        channels,
    }
}

pub fn channel_entry(
    c: &ChannelRecord,
    source: String,
    location: Option<String>,
    status: Vec<StatusEntry>,
) -> ChannelEntry {
    ChannelEntry {
        key: c.key.clone(),
        kind: c.kind.as_str().to_string(),
        completion: c.completion.as_str().to_string(),
        location,
        opening_hours: c.opening_hours.clone(),
        phone: c.phone.clone(),
        phone_cost: texts(&c.phone_cost),
        email: c.email.clone(),
        url: c.url.clone(),
        booking: c.booking.0.iter().map(|b| b.as_str().to_string()).collect(),
        languages: c.languages.0.clone(),
        // Not said in the files is what `unknown` means.
        wheelchair: (c.wheelchair != Wheelchair::Unknown).then(|| c.wheelchair.as_str().to_string()),
        cost: texts(&c.cost),
        registered: c.registered,
        conditions: joined(&c.conditions_fr, &c.conditions_nl, &c.conditions_en),
        source,
        fact_sources: c.fact_sources.0.clone(),
        note: texts(&c.note),
        quotes: c.quotes.0.clone(),
        status,
    }
}

/// A stored institution as the files write it.
pub fn institution_entry(
    i: &InstitutionRecord,
    parent: Option<String>,
    commune: Option<String>,
    source: String,
) -> InstitutionEntry {
    InstitutionEntry {
        slug: i.slug.clone(),
        level: i.level.as_str().to_string(),
        name: names(&i.name_fr, &i.name_nl, &i.name_en),
        parent,
        website: i.website.clone(),
        commune,
        source,
        note: texts(&i.note),
        quotes: i.quotes.0.clone(),
        short_names: i.short_names.0.clone(),
        update_every_months: i.update_every_months.and_then(|m| u32::try_from(m).ok()),
    }
}

/// A stored location as the files write it.
pub fn location_entry(l: &LocationRecord, commune: Option<String>, source: String) -> LocationEntry {
    LocationEntry {
        key: l.key.clone(),
        name: names(&l.name_fr, &l.name_nl, &l.name_en),
        address: l.address.clone(),
        postcode: l.postcode.clone(),
        commune,
        lat: l.lat,
        lon: l.lon,
        source,
        fact_sources: l.fact_sources.0.clone(),
        note: texts(&l.note),
    }
}

/// Every source key a record of the catalog names.
pub fn referenced_sources(catalog: &CatalogFiles) -> HashSet<String> {
    let mut used: HashSet<String> = HashSet::new();
    used.extend(catalog.communes.iter().map(|c| c.source.clone()));
    for file in &catalog.institutions {
        used.insert(file.institution.source.clone());
        for l in &file.locations {
            used.insert(l.source.clone());
            used.extend(l.fact_sources.values().cloned());
        }
        for p in &file.procedures {
            used.insert(p.source.clone());
            used.extend(p.helped_by.iter().map(|h| h.source.clone()));
            used.extend(p.absent.iter().map(|a| a.source.clone()));
            for c in &p.channels {
                used.insert(c.source.clone());
                used.extend(c.fact_sources.values().cloned());
                used.extend(c.status.iter().map(|s| s.source.clone()));
            }
        }
    }
    used
}
