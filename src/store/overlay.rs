//! What an import writes when records were created or edited through the API: the catalog files, overlaid with
//! them (`store/import.rs` then brings the tables in line with the result).
//!
//! - A record created through the API that the files do not have stays (with its channels, and the sources it
//!   cites): an import never withdraws it.
//! - A field of an institution, procedure or location edited through the API follows the channels' rule
//!   (`edits::protect_fields`): the edit stays while the files keep the value it started from; a file that
//!   changed it since is a conflict, applied only with `force`.
//! - A record withdrawn through the API stays withdrawn (`store/import.rs`, where the rows are written).
//!
//! The overlaid catalog is checked as files are: if the files and the edits no longer fit together (a file now
//! removes a source an edit cites, say), the import stops and says where, rather than write half of it.

use super::DbConnection;
use super::StoreError;
use super::edits::{self, Conflict};
use super::export;
use super::schema::*;
use crate::import::CatalogFiles;
use crate::import::files::{InstitutionEntry, LocationEntry, ProcedureEntry};
use diesel::prelude::*;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// The files as an import writes them, with the edits kept and the conflicts found.
pub struct Overlaid {
    pub catalog: CatalogFiles,
    pub kept: usize,
    pub conflicts: Vec<Conflict>,
}

type Marks = HashMap<i64, Vec<(String, Value)>>;

fn marks(conn: &mut DbConnection, resource: &str) -> QueryResult<Marks> {
    let mut out: Marks = HashMap::new();
    for (id, field, base) in edits::edited(conn, resource)? {
        out.entry(id).or_default().push((field, base));
    }
    Ok(out)
}

fn created(m: &[(String, Value)]) -> bool {
    m.iter().any(|(f, _)| f == "created")
}

fn has_fields(m: &[(String, Value)]) -> bool {
    m.iter().any(|(f, _)| !edits::NOT_FIELDS.contains(&f.as_str()))
}

fn json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// The overlaid files, or `None` when nothing was created or edited through the API but channels' fields (which
/// `store/import.rs` protects itself).
pub fn overlay(conn: &mut DbConnection, files: &CatalogFiles, force: bool) -> Result<Option<Overlaid>, StoreError> {
    let institution_marks = marks(conn, "institution")?;
    let procedure_marks = marks(conn, "procedure")?;
    let location_marks = marks(conn, "location")?;
    let channel_marks = marks(conn, "channel")?;
    let relevant = |m: &Marks| m.values().any(|m| created(m) || has_fields(m));
    if !relevant(&institution_marks)
        && !relevant(&procedure_marks)
        && !relevant(&location_marks)
        && !channel_marks.values().any(|m| created(m))
    {
        return Ok(None);
    }
    let current = export::catalog_files(conn)?;
    let mut out = Overlaid { catalog: files.clone(), kept: 0, conflicts: Vec::new() };

    let slugs: HashMap<i64, String> =
        institutions::table.select((institutions::id, institutions::slug)).load(conn)?.into_iter().collect();
    for (id, m) in &institution_marks {
        let Some(slug) = slugs.get(id) else { continue };
        let Some(now) = current.institutions.iter().find(|f| &f.institution.slug == slug) else { continue };
        match out.catalog.institutions.iter().position(|f| &f.institution.slug == slug) {
            Some(n) if has_fields(m) => {
                let file = &out.catalog.institutions[n].institution;
                let p = edits::protect_fields(
                    conn,
                    ("institution", *id, slug),
                    &json(&now.institution),
                    &json(file),
                    m,
                    force,
                )?;
                if let Ok(entry) = serde_json::from_value::<InstitutionEntry>(p.entry) {
                    out.catalog.institutions[n].institution = entry;
                }
                out.kept += p.kept;
                out.conflicts.extend(p.conflicts);
            }
            Some(_) => {}
            None if created(m) => {
                let mut file = now.clone();
                file.procedures.clear();
                file.locations.clear();
                file.sources.clear();
                out.catalog.institutions.push(file);
            }
            None => {}
        }
    }

    let slugs: HashMap<i64, String> =
        procedures::table.select((procedures::id, procedures::slug)).load(conn)?.into_iter().collect();
    for (id, m) in &procedure_marks {
        let Some(slug) = slugs.get(id) else { continue };
        let Some((owner, now)) = current.procedures().find(|(_, p)| &p.slug == slug) else { continue };
        let owner = owner.institution.slug.clone();
        let in_files = out
            .catalog
            .institutions
            .iter()
            .enumerate()
            .find_map(|(n, f)| f.procedures.iter().position(|p| &p.slug == slug).map(|k| (n, k)));
        match in_files {
            Some((n, k)) if has_fields(m) => {
                let file = &out.catalog.institutions[n].procedures[k];
                let strip = |p: &ProcedureEntry| {
                    let mut p = p.clone();
                    p.channels.clear();
                    json(&p)
                };
                let p = edits::protect_fields(conn, ("procedure", *id, slug), &strip(now), &strip(file), m, force)?;
                if let Ok(mut entry) = serde_json::from_value::<ProcedureEntry>(p.entry) {
                    entry.channels = std::mem::take(&mut out.catalog.institutions[n].procedures[k].channels);
                    out.catalog.institutions[n].procedures[k] = entry;
                }
                out.kept += p.kept;
                out.conflicts.extend(p.conflicts);
            }
            Some(_) => {}
            None if created(m) => {
                if let Some(f) = out.catalog.institutions.iter_mut().find(|f| f.institution.slug == owner) {
                    f.procedures.push(now.clone());
                }
            }
            None => {}
        }
    }

    let keys: HashMap<i64, String> =
        locations::table.select((locations::id, locations::key)).load(conn)?.into_iter().collect();
    for (id, m) in &location_marks {
        let Some(key) = keys.get(id) else { continue };
        let Some((owner, now)) =
            current.institutions.iter().find_map(|f| f.locations.iter().find(|l| &l.key == key).map(|l| (f, l)))
        else {
            continue;
        };
        let owner = owner.institution.slug.clone();
        let in_files = out
            .catalog
            .institutions
            .iter()
            .enumerate()
            .find_map(|(n, f)| f.locations.iter().position(|l| &l.key == key).map(|k| (n, k)));
        match in_files {
            Some((n, k)) if has_fields(m) => {
                let file = &out.catalog.institutions[n].locations[k];
                let p = edits::protect_fields(conn, ("location", *id, key), &json(now), &json(file), m, force)?;
                if let Ok(entry) = serde_json::from_value::<LocationEntry>(p.entry) {
                    out.catalog.institutions[n].locations[k] = entry;
                }
                out.kept += p.kept;
                out.conflicts.extend(p.conflicts);
            }
            Some(_) => {}
            None if created(m) => {
                let files = &mut out.catalog.institutions;
                let n = files.iter().position(|f| f.institution.slug == owner).or(if files.is_empty() {
                    None
                } else {
                    Some(0)
                });
                if let Some(n) = n {
                    files[n].locations.push(now.clone());
                }
            }
            None => {}
        }
    }

    let created_channels: Vec<i64> = channel_marks.iter().filter(|(_, m)| created(m)).map(|(id, _)| *id).collect();
    if !created_channels.is_empty() {
        let rows: Vec<(String, String)> = channels::table
            .inner_join(procedures::table)
            .filter(channels::id.eq_any(&created_channels))
            .select((procedures::slug, channels::key))
            .load(conn)?;
        for (procedure, key) in rows {
            let Some((_, now)) = current.procedures().find(|(_, p)| p.slug == procedure) else { continue };
            let Some(channel) = now.channels.iter().find(|c| c.key == key) else { continue };
            let target =
                out.catalog.institutions.iter_mut().flat_map(|f| f.procedures.iter_mut()).find(|p| p.slug == procedure);
            if let Some(p) = target
                && !p.channels.iter().any(|c| c.key == key)
            {
                p.channels.push(channel.clone());
            }
        }
    }

    // The sources the kept records cite that the files no longer define.
    let defined: HashSet<String> = out.catalog.all_sources().map(|s| s.id.clone()).collect();
    let missing: Vec<_> = export::referenced_sources(&out.catalog)
        .into_iter()
        .filter(|k| !defined.contains(k))
        .filter_map(|k| current.all_sources().find(|s| s.id == k).cloned())
        .collect();
    out.catalog.sources.extend(missing);

    let before = crate::import::check_catalog(files);
    let problems: Vec<String> = crate::import::check_catalog(&out.catalog)
        .into_iter()
        .filter(|e| !before.contains(e))
        .map(|e| e.to_string())
        .collect();
    if !problems.is_empty() {
        return Err(StoreError::Corrupt(format!(
            "the files and the records written through the API no longer fit together: {}",
            problems.join("; ")
        )));
    }
    Ok(Some(out))
}
