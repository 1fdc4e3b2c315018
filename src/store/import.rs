//! Writing a validated catalog into the database, idempotently by slug/key, in one transaction.
//!
//! - A record whose content is unchanged is not written (its `updated_at` stays).
//! - A record that left the files is *withdrawn* (hidden from reads), never deleted: observations and history
//!   point at it. It comes back if the files bring it back.
//! - Declared statuses are append-only: an entry of the files not yet stored is recorded; nothing is rewritten.

use super::models::*;
use super::schema::*;
use super::sql_types::Json;
use super::{DbConnection, StoreError, now};
use crate::domain::DeclaredState;
use crate::domain::PartialDate;
use crate::domain::texts::Quote;
use crate::import::files::{InstitutionEntry, Texts};
use crate::import::{CatalogFiles, parsed};
use diesel::prelude::*;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;

pub use super::entry_records::{channel_record, institution_record, location_record, procedure_record};
use super::entry_records::{json, opt_json};
pub use super::import_report::{ImportReport, KindCount};

/// A date the catalog validated.
fn date(value: &Option<String>) -> Option<PartialDate> {
    value.as_deref().map(parsed)
}

/// Stored row: id, content, and whether it is withdrawn.
struct Stored<R> {
    id: i64,
    record: R,
    withdrawn: bool,
}

fn stored_by<K: Hash + Eq, R>(
    rows: Vec<(i64, Option<chrono::NaiveDateTime>, R)>,
    key: impl Fn(&R) -> K,
) -> HashMap<K, Stored<R>> {
    rows.into_iter().map(|(id, w, record)| (key(&record), Stored { id, record, withdrawn: w.is_some() })).collect()
}

/// For tables whose rows are never withdrawn.
fn never_withdrawn<R>(rows: Vec<(i64, R)>) -> Vec<(i64, Option<chrono::NaiveDateTime>, R)> {
    rows.into_iter().map(|(id, r)| (id, None, r)).collect()
}

/// What `sync` leaves to its caller.
struct Synced<K> {
    ids: HashMap<K, i64>,
    /// Stored, not withdrawn, and no longer in the files.
    gone: Vec<i64>,
}

/// Brings one table in line with what the files want.
fn sync<K, R>(
    conn: &mut DbConnection,
    count: &mut KindCount,
    mut stored: HashMap<K, Stored<R>>,
    wanted: Vec<(K, R)>,
    insert: impl Fn(&mut DbConnection, &R) -> QueryResult<i64>,
    update: impl Fn(&mut DbConnection, i64, &R) -> QueryResult<()>,
) -> QueryResult<Synced<K>>
where
    K: Hash + Eq + Clone,
    R: PartialEq,
{
    let mut ids = HashMap::with_capacity(wanted.len());
    for (key, record) in wanted {
        let id = match stored.remove(&key) {
            Some(s) if s.record == record && !s.withdrawn => {
                count.unchanged += 1;
                s.id
            }
            Some(s) => {
                update(conn, s.id, &record)?;
                count.updated += 1;
                s.id
            }
            None => {
                count.created += 1;
                insert(conn, &record)?
            }
        };
        ids.insert(key, id);
    }
    let gone: Vec<i64> = stored.into_values().filter(|s| !s.withdrawn).map(|s| s.id).collect();
    Ok(Synced { ids, gone })
}

/// Imports the catalog in one transaction: all of it, or nothing. A field edited through the API keeps its edit
/// (`import_catalog_with` to force the files' values).
pub fn import_catalog(conn: &mut DbConnection, catalog: &CatalogFiles) -> Result<ImportReport, StoreError> {
    import_catalog_with(conn, catalog, false)
}

/// What an import would do, without writing anything (the transaction is rolled back): its counts and conflicts.
pub fn dry_run(conn: &mut DbConnection, catalog: &CatalogFiles) -> Result<ImportReport, StoreError> {
    let mut out = None;
    let result = super::write_transaction(conn, |conn| {
        out = Some(apply(conn, catalog, false)?);
        Err::<(), StoreError>(diesel::result::Error::RollbackTransaction.into())
    });
    match (result, out) {
        (Err(StoreError::Query(diesel::result::Error::RollbackTransaction)), Some(report)) => Ok(report),
        (Err(e), _) => Err(e),
        (Ok(()), _) => Err(StoreError::Corrupt("a dry run committed".into())),
    }
}

/// Imports the catalog; with `force`, the files' values replace fields edited through the API that they changed.
pub fn import_catalog_with(
    conn: &mut DbConnection,
    catalog: &CatalogFiles,
    force: bool,
) -> Result<ImportReport, StoreError> {
    super::write_transaction(conn, |conn| {
        let report = apply(conn, catalog, force)?;
        if !report.is_noop() {
            super::sync::notify(conn, &super::sync::Change::Reload)?;
        }
        Ok::<_, StoreError>(report)
    })
}

/// The files overlaid with what was written through the API (`store/overlay.rs`), then written.
fn apply(conn: &mut DbConnection, files: &CatalogFiles, force: bool) -> Result<ImportReport, StoreError> {
    let overlaid = super::overlay::overlay(conn, files, force)?;
    let catalog = overlaid.as_ref().map_or(files, |o| &o.catalog);
    let mut report = apply_catalog(conn, catalog, force)?;
    if let Some(o) = overlaid {
        report.edits_kept += o.kept;
        report.conflicts.extend(o.conflicts);
    }
    Ok(report)
}

/// What `hold_withdrawn` leaves: the records to write, and the (key, id) of those it held.
type Held<R> = (Vec<(String, R)>, Vec<(String, i64)>);

/// Takes out of `wanted` the records withdrawn through the API (`kept`): they stay as they are; their ids are
/// given back so that what refers to them still finds them.
fn hold_withdrawn<R>(wanted: Vec<(String, R)>, stored: &HashMap<String, Stored<R>>, kept: &HashSet<i64>) -> Held<R> {
    let mut held = Vec::new();
    let wanted = wanted
        .into_iter()
        .filter(|(key, _)| match stored.get(key) {
            Some(s) if s.withdrawn && kept.contains(&s.id) => {
                held.push((key.clone(), s.id));
                false
            }
            _ => true,
        })
        .collect();
    (wanted, held)
}

/// The records of one kind withdrawn through the API: they stay withdrawn when the files still have them, unless
/// `force` (which forgets the mark, so the files bring them back).
fn withdrawn_through_api(conn: &mut DbConnection, resource: &str, force: bool) -> QueryResult<HashSet<i64>> {
    let ids: HashSet<i64> = super::edits::edited(conn, resource)?
        .into_iter()
        .filter(|(_, f, _)| f == "withdrawn")
        .map(|(id, _, _)| id)
        .collect();
    if force {
        for id in &ids {
            super::edits::unmark(conn, resource, *id, "withdrawn")?;
        }
        return Ok(HashSet::new());
    }
    Ok(ids)
}

const NOT_WITHDRAWN: Option<chrono::NaiveDateTime> = None;

fn apply_catalog(conn: &mut DbConnection, catalog: &CatalogFiles, force: bool) -> QueryResult<ImportReport> {
    let mut report = ImportReport::default();
    let at = now();

    // Sources.
    let rows = never_withdrawn(sources::table.select((sources::id, SourceRecord::as_select())).load(conn)?);
    let wanted = catalog
        .sources_by_file()
        .map(|(file, s)| {
            let r = SourceRecord {
                key: s.id.clone(),
                title: json(&s.title),
                url: s.url.clone(),
                document: s.document.clone(),
                fact_date: date(&s.date),
                read_on: date(&s.read),
                uncertain: s.uncertain,
                original_title: opt_json(&s.original_title),
                marks: json(&s.marks),
                note: opt_json(&s.note),
                defined_in: Some(file),
            };
            (s.id.clone(), r)
        })
        .collect();
    let synced = sync(
        conn,
        report.records.entry("sources").or_default(),
        stored_by(rows, |r: &SourceRecord| r.key.clone()),
        wanted,
        |conn, r| {
            diesel::insert_into(sources::table).values((r, sources::updated_at.eq(at))).execute(conn)?;
            sources::table.filter(sources::key.eq(&r.key)).select(sources::id).first(conn)
        },
        |conn, id, r| {
            diesel::update(sources::table.find(id)).set((r, sources::updated_at.eq(at))).execute(conn).map(drop)
        },
    )?;
    // Sources are never withdrawn (old facts keep naming them); one no file defines any more says so.
    diesel::update(sources::table.filter(sources::id.eq_any(&synced.gone).and(sources::defined_in.is_not_null())))
        .set(sources::defined_in.eq(None::<String>))
        .execute(conn)?;
    let source_ids = synced.ids;
    let source = |key: &str| source_ids[key];

    // Communes.
    let rows = never_withdrawn(communes::table.select((communes::id, CommuneRecord::as_select())).load(conn)?);
    let wanted = catalog
        .communes
        .iter()
        .map(|c| {
            let r = CommuneRecord {
                slug: c.slug.clone(),
                name_fr: c.name.fr.clone(),
                name_nl: c.name.nl.clone(),
                nis_code: c.nis_code.clone(),
                postcodes: json(&c.postcodes),
                source_id: source(&c.source),
                sections: json(&c.sections),
            };
            (c.slug.clone(), r)
        })
        .collect();
    let commune_ids = sync(
        conn,
        report.records.entry("communes").or_default(),
        stored_by(rows, |r: &CommuneRecord| r.slug.clone()),
        wanted,
        |conn, r| {
            diesel::insert_into(communes::table).values((r, communes::updated_at.eq(at))).execute(conn)?;
            communes::table.filter(communes::slug.eq(&r.slug)).select(communes::id).first(conn)
        },
        |conn, id, r| {
            diesel::update(communes::table.find(id)).set((r, communes::updated_at.eq(at))).execute(conn).map(drop)
        },
    )?
    .ids;
    let commune = |slug: &Option<String>| slug.as_ref().map(|s| commune_ids[s]);

    // Institutions, parents first so a child can point at its parent's id.
    let rows = institutions::table
        .select((institutions::id, institutions::withdrawn_at, InstitutionRecord::as_select()))
        .load(conn)?;
    let mut stored = stored_by(rows, |r: &InstitutionRecord| r.slug.clone());
    let mut institution_ids: HashMap<String, i64> = HashMap::new();
    let mut count = KindCount::default();
    let patterns: HashMap<&str, &Vec<crate::domain::probes::ProbePattern>> =
        catalog.institutions.iter().map(|f| (f.institution.slug.as_str(), &f.probe_patterns)).collect();
    let kept_withdrawn = withdrawn_through_api(conn, "institution", force)?;
    for inst in parents_first(catalog) {
        if let Some(s) = stored.get(&inst.slug).filter(|s| s.withdrawn && kept_withdrawn.contains(&s.id)) {
            institution_ids.insert(inst.slug.clone(), s.id);
            stored.remove(&inst.slug);
            count.unchanged += 1;
            continue;
        }
        let parent_id = inst.parent.as_ref().map(|p| institution_ids[p]);
        let probe_patterns = patterns.get(inst.slug.as_str()).copied().map_or(&[][..], |p| p.as_slice());
        let record = institution_record(inst, parent_id, commune(&inst.commune), source(&inst.source), probe_patterns);
        let one = stored.remove(&inst.slug).into_iter().map(|s| (inst.slug.clone(), s)).collect();
        let synced = sync(
            conn,
            &mut count,
            one,
            vec![(inst.slug.clone(), record)],
            |conn, r| {
                diesel::insert_into(institutions::table).values((r, institutions::updated_at.eq(at))).execute(conn)?;
                institutions::table.filter(institutions::slug.eq(&r.slug)).select(institutions::id).first(conn)
            },
            |conn, id, r| {
                diesel::update(institutions::table.find(id))
                    .set((r, institutions::updated_at.eq(at), institutions::withdrawn_at.eq(NOT_WITHDRAWN)))
                    .execute(conn)
                    .map(drop)
            },
        )?;
        institution_ids.extend(synced.ids);
    }
    for s in stored.into_values().filter(|s| !s.withdrawn) {
        diesel::update(institutions::table.find(s.id)).set(institutions::withdrawn_at.eq(Some(at))).execute(conn)?;
        count.withdrawn += 1;
    }
    report.records.insert("institutions", count);

    // Locations.
    let rows =
        locations::table.select((locations::id, locations::withdrawn_at, LocationRecord::as_select())).load(conn)?;
    let wanted: Vec<(String, LocationRecord)> = catalog
        .institutions
        .iter()
        .flat_map(|f| f.locations.iter().map(move |l| (f.file_name(), l)))
        .map(|(file, l)| {
            let r = location_record(l, commune(&l.commune), source(&l.source), Some(file));
            (l.key.clone(), r)
        })
        .collect();
    let stored = stored_by(rows, |r: &LocationRecord| r.key.clone());
    let (wanted, held) = hold_withdrawn(wanted, &stored, &withdrawn_through_api(conn, "location", force)?);
    let synced = sync(
        conn,
        report.records.entry("locations").or_default(),
        stored,
        wanted,
        |conn, r| {
            diesel::insert_into(locations::table).values((r, locations::updated_at.eq(at))).execute(conn)?;
            locations::table.filter(locations::key.eq(&r.key)).select(locations::id).first(conn)
        },
        |conn, id, r| {
            diesel::update(locations::table.find(id))
                .set((r, locations::updated_at.eq(at), locations::withdrawn_at.eq(NOT_WITHDRAWN)))
                .execute(conn)
                .map(drop)
        },
    )?;
    diesel::update(
        locations::table.filter(locations::id.eq_any(&synced.gone).and(locations::defined_in.is_not_null())),
    )
    .set(locations::defined_in.eq(None::<String>))
    .execute(conn)?;
    let mut location_ids = synced.ids;
    location_ids.extend(held);

    // Procedures.
    let rows = procedures::table
        .select((procedures::id, procedures::withdrawn_at, ProcedureRecord::as_select()))
        .load(conn)?;
    let wanted: Vec<(String, ProcedureRecord)> = catalog
        .procedures()
        .map(|(f, p)| {
            let r = procedure_record(p, institution_ids[&f.institution.slug], source(&p.source));
            (p.slug.clone(), r)
        })
        .collect();
    let stored = stored_by(rows, |r: &ProcedureRecord| r.slug.clone());
    let (wanted, held) = hold_withdrawn(wanted, &stored, &withdrawn_through_api(conn, "procedure", force)?);
    let count = report.records.entry("procedures").or_default();
    let synced = sync(
        conn,
        count,
        stored,
        wanted,
        |conn, r| {
            diesel::insert_into(procedures::table).values((r, procedures::updated_at.eq(at))).execute(conn)?;
            procedures::table.filter(procedures::slug.eq(&r.slug)).select(procedures::id).first(conn)
        },
        |conn, id, r| {
            diesel::update(procedures::table.find(id))
                .set((r, procedures::updated_at.eq(at), procedures::withdrawn_at.eq(NOT_WITHDRAWN)))
                .execute(conn)
                .map(drop)
        },
    )?;
    for id in &synced.gone {
        diesel::update(procedures::table.find(id)).set(procedures::withdrawn_at.eq(Some(at))).execute(conn)?;
    }
    count.withdrawn += synced.gone.len();
    let mut procedure_ids = synced.ids;
    procedure_ids.extend(held);

    // Channels, keyed by (procedure, key).
    let rows = channels::table.select((channels::id, channels::withdrawn_at, ChannelRecord::as_select())).load(conn)?;
    // Fields edited through the API (`store/edits.rs`): kept when the files did not change them.
    let mut marks: HashMap<i64, Vec<(String, serde_json::Value)>> = HashMap::new();
    for (id, field, base) in super::edits::edited(conn, "channel")? {
        marks.entry(id).or_default().push((field, base));
    }
    let by_key: HashMap<(i64, String), (i64, ChannelRecord)> =
        rows.iter().map(|(id, _, r)| ((r.procedure_id, r.key.clone()), (*id, r.clone()))).collect();
    let mut kept_withdrawn: Vec<((i64, String), i64)> = Vec::new();
    let mut wanted: Vec<((i64, String), ChannelRecord)> = Vec::new();
    for (_, p, c) in catalog.channels() {
        let k = (procedure_ids[&p.slug], c.key.clone());
        let edited = by_key.get(&k).and_then(|(id, r)| marks.get(id).map(|m| (*id, r, m)));
        let record = match edited {
            // Withdrawn through the API: stays withdrawn unless forced.
            Some((id, _, m)) if !force && m.iter().any(|(f, _)| f == "withdrawn") => {
                kept_withdrawn.push((k, id));
                continue;
            }
            Some((id, stored, m)) => {
                if force && m.iter().any(|(f, _)| f == "withdrawn") {
                    super::edits::unmark(conn, "channel", id, "withdrawn")?;
                }
                let protected = super::edits::protect(conn, id, stored, c, m, force)?;
                report.edits_kept += protected.kept;
                report.conflicts.extend(protected.conflicts);
                super::edits::record_of(conn, k.0, &protected.entry)?
            }
            None => {
                let location = c.location.as_ref().map(|l| location_ids[l]);
                channel_record(k.0, c, source(&c.source), location)
            }
        };
        wanted.push((k, record));
    }
    let count = report.records.entry("channels").or_default();
    let synced = sync(
        conn,
        count,
        stored_by(rows, |r: &ChannelRecord| (r.procedure_id, r.key.clone())),
        wanted,
        |conn, r| {
            diesel::insert_into(channels::table).values((r, channels::updated_at.eq(at))).execute(conn)?;
            channels::table
                .filter(channels::procedure_id.eq(r.procedure_id).and(channels::key.eq(&r.key)))
                .select(channels::id)
                .first(conn)
        },
        |conn, id, r| {
            diesel::update(channels::table.find(id))
                .set((r, channels::updated_at.eq(at), channels::withdrawn_at.eq(NOT_WITHDRAWN)))
                .execute(conn)
                .map(drop)
        },
    )?;
    for id in &synced.gone {
        diesel::update(channels::table.find(id)).set(channels::withdrawn_at.eq(Some(at))).execute(conn)?;
    }
    count.withdrawn += synced.gone.len();
    let mut channel_ids = synced.ids;
    channel_ids.extend(kept_withdrawn);

    // Declared statuses: append what is not yet recorded; an entry that left the files of a channel the files
    // still describe is withdrawn (kept in history, no longer in force). Channels the files no longer describe
    // keep their history as it is.
    // Statuses declared through the API are not the files': an import never withdraws them.
    let recorded: Vec<(i64, Option<chrono::NaiveDateTime>, DeclaredStatusRecord)> = declared_statuses::table
        .filter(declared_statuses::origin.eq("file"))
        .select((declared_statuses::id, declared_statuses::withdrawn_at, DeclaredStatusRecord::as_select()))
        .load(conn)?;
    let mut recorded: HashMap<StatusKey, (i64, bool)> =
        recorded.into_iter().map(|(id, w, r)| (status_key(r), (id, w.is_some()))).collect();
    let described: HashSet<i64> = channel_ids.values().copied().collect();
    // Declared changes go to the webhooks' outbox; with no subscriber (a first import) there is nothing to tell.
    let hooks = super::webhooks::any_subscription(conn)?;
    let mut wanted: HashSet<StatusKey> = HashSet::new();
    for (_, p, c) in catalog.channels() {
        let channel_id = channel_ids[&(procedure_ids[&p.slug], c.key.clone())];
        for st in &c.status {
            let record = DeclaredStatusRecord {
                channel_id,
                state: parsed(&st.state),
                since: date(&st.since),
                until: date(&st.until),
                note: opt_json(&st.note),
                quotes: json(&st.quotes),
                source_id: source(&st.source),
            };
            let key = status_key(record.clone());
            wanted.insert(key.clone());
            match recorded.get(&key) {
                None => {
                    diesel::insert_into(declared_statuses::table)
                        .values((&record, declared_statuses::recorded_at.eq(at)))
                        .execute(conn)?;
                    if hooks {
                        declared_event(conn, &record, "recorded")?;
                    }
                    recorded.insert(key, (0, false));
                    report.statuses_recorded += 1;
                }
                // Back in the files: in force again.
                Some(&(id, true)) => {
                    diesel::update(declared_statuses::table.find(id))
                        .set(declared_statuses::withdrawn_at.eq(NOT_WITHDRAWN))
                        .execute(conn)?;
                    if hooks {
                        declared_event(conn, &record, "recorded")?;
                    }
                    report.statuses_recorded += 1;
                }
                Some(_) => {}
            }
        }
    }
    for (key, (id, withdrawn)) in &recorded {
        if !withdrawn && *id != 0 && described.contains(&key.0) && !wanted.contains(key) {
            diesel::update(declared_statuses::table.find(id))
                .set(declared_statuses::withdrawn_at.eq(Some(at)))
                .execute(conn)?;
            let (channel_id, state, since, until, note, quotes, source_id) = key.clone();
            let record = DeclaredStatusRecord { channel_id, state, since, until, note, quotes, source_id };
            if hooks {
                declared_event(conn, &record, "withdrawn")?;
            }
            report.statuses_withdrawn += 1;
        }
    }
    Ok(report)
}

/// A `declared_status.changed` event in the outbox (inside the writing transaction: the import's, or an edit's): a
/// status `recorded` (new, declared through the API or the pages, or back in the files) or `withdrawn` (no longer in
/// the files).
pub fn declared_event(conn: &mut DbConnection, r: &DeclaredStatusRecord, change: &str) -> QueryResult<()> {
    let source: Option<String> = sources::table.find(r.source_id).select(sources::key).first(conn).optional()?;
    let data = serde_json::json!({
        "change": change,
        "state": r.state,
        "since": r.since.as_ref().map(ToString::to_string),
        "until": r.until.as_ref().map(ToString::to_string),
        "note": r.note.as_ref().map(|n| &n.0),
        "source": source,
    });
    let about = super::webhooks::About::Channel(r.channel_id);
    super::webhooks::enqueue(conn, crate::domain::EventKind::DeclaredStatusChanged, about, &data).map(drop)
}

/// Institutions ordered so that every parent comes before its children (validation refuses cycles).
fn parents_first(catalog: &CatalogFiles) -> Vec<&InstitutionEntry> {
    let mut ordered: Vec<&InstitutionEntry> = Vec::new();
    let mut placed: HashSet<&str> = HashSet::new();
    let mut pending: Vec<&InstitutionEntry> = catalog.institutions.iter().map(|f| &f.institution).collect();
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|i| {
            let ready = i.parent.as_deref().is_none_or(|p| placed.contains(p));
            if ready {
                ordered.push(i);
                placed.insert(&i.slug);
            }
            !ready
        });
        assert!(pending.len() < before, "institution parent cycle passed validation");
    }
    ordered
}

type StatusKey =
    (i64, DeclaredState, Option<PartialDate>, Option<PartialDate>, Option<Json<Texts>>, Json<Vec<Quote>>, i64);

fn status_key(r: DeclaredStatusRecord) -> StatusKey {
    (r.channel_id, r.state, r.since, r.until, r.note, r.quotes, r.source_id)
}
