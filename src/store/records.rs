//! Writes of institutions, procedures and locations through the API (`app/edit_records.rs`): a record as it
//! stands (id, version, withdrawn or not, the institution whose editors may change it), written only at the
//! version read, and every version kept (`record_versions`). Keys in entries (parent, commune, source) are
//! resolved here; the entries were checked as catalog files before.

use super::DbConnection;
use super::import::{institution_record, location_record, procedure_record};
use super::models::{InstitutionRecord, LocationRecord, ProcedureRecord};
use super::schema::*;
use crate::import::files::{InstitutionEntry, LocationEntry, ProcedureEntry};
use crate::import::institution_file_name;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// The kinds of record this file writes (channels have `store/edits.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Institution,
    Procedure,
    Location,
}

impl RecordKind {
    /// Its name in the audit log, the edited-field marks and the versions.
    pub fn resource(self) -> &'static str {
        match self {
            RecordKind::Institution => "institution",
            RecordKind::Procedure => "procedure",
            RecordKind::Location => "location",
        }
    }
}

/// A stored record, withdrawn or not.
#[derive(Debug, Clone)]
pub struct StoredRecord {
    pub id: i64,
    pub updated_at: NaiveDateTime,
    pub withdrawn: bool,
    /// The institution whose editors may change it (a location: the institution whose file defines it).
    pub institution_id: Option<i64>,
}

/// The institution of a catalog file name (`institutions/<slug>.toml`).
fn institution_of_file(conn: &mut DbConnection, file: &str) -> QueryResult<Option<i64>> {
    let Some(slug) = file.strip_prefix("institutions/").and_then(|f| f.strip_suffix(".toml")) else {
        return Ok(None);
    };
    institution_id(conn, slug)
}

/// A live or withdrawn institution's id.
pub fn institution_id(conn: &mut DbConnection, slug: &str) -> QueryResult<Option<i64>> {
    institutions::table.filter(institutions::slug.eq(slug)).select(institutions::id).first(conn).optional()
}

pub fn stored_record(conn: &mut DbConnection, kind: RecordKind, key: &str) -> QueryResult<Option<StoredRecord>> {
    Ok(match kind {
        RecordKind::Institution => institutions::table
            .filter(institutions::slug.eq(key))
            .select((institutions::id, institutions::updated_at, institutions::withdrawn_at))
            .first::<(i64, NaiveDateTime, Option<NaiveDateTime>)>(conn)
            .optional()?
            .map(|(id, updated_at, w)| StoredRecord {
                id,
                updated_at,
                withdrawn: w.is_some(),
                institution_id: Some(id),
            }),
        RecordKind::Procedure => {
            type Row = (i64, NaiveDateTime, Option<NaiveDateTime>, Option<NaiveDateTime>, i64);
            let row: Option<Row> = procedures::table
                .inner_join(institutions::table)
                .filter(procedures::slug.eq(key))
                .select((
                    procedures::id,
                    procedures::updated_at,
                    procedures::withdrawn_at,
                    institutions::withdrawn_at,
                    procedures::institution_id,
                ))
                .first(conn)
                .optional()?;
            // A procedure of a withdrawn institution is withdrawn with it.
            row.map(|(id, updated_at, w, iw, institution_id)| StoredRecord {
                id,
                updated_at,
                withdrawn: w.is_some() || iw.is_some(),
                institution_id: Some(institution_id),
            })
        }
        RecordKind::Location => {
            let row: Option<(i64, NaiveDateTime, Option<NaiveDateTime>, Option<String>)> = locations::table
                .filter(locations::key.eq(key))
                .select((locations::id, locations::updated_at, locations::withdrawn_at, locations::defined_in))
                .first(conn)
                .optional()?;
            match row {
                Some((id, updated_at, w, file)) => {
                    let institution_id = match file {
                        Some(f) => institution_of_file(conn, &f)?,
                        None => None,
                    };
                    Some(StoredRecord { id, updated_at, withdrawn: w.is_some(), institution_id })
                }
                None => None,
            }
        }
    })
}

fn source_id(conn: &mut DbConnection, key: &str) -> QueryResult<i64> {
    sources::table.filter(sources::key.eq(key)).select(sources::id).first(conn)
}

fn commune_id(conn: &mut DbConnection, slug: &Option<String>) -> QueryResult<Option<i64>> {
    match slug {
        Some(s) => communes::table.filter(communes::slug.eq(s)).select(communes::id).first(conn).map(Some),
        None => Ok(None),
    }
}

/// The stored sources of these keys, as the files write them (a source a write cites that no record cited yet,
/// such as an editor's statement just made, is not in an export).
pub fn source_entries(conn: &mut DbConnection, keys: &[String]) -> QueryResult<Vec<crate::import::files::SourceEntry>> {
    let rows: Vec<super::models::SourceRecord> =
        sources::table.filter(sources::key.eq_any(keys)).select(super::models::SourceRecord::as_select()).load(conn)?;
    Ok(rows.iter().map(super::export::source_entry).collect())
}

/// What a write gives: the record's id, or `None` when another write came first (stale).
pub type Written = Option<i64>;

/// Creates (`at_version` `None`) or updates, at the version read, an institution.
pub fn write_institution(
    conn: &mut DbConnection,
    at_version: Option<(i64, NaiveDateTime)>,
    e: &InstitutionEntry,
    at: NaiveDateTime,
) -> QueryResult<Written> {
    let parent = match &e.parent {
        Some(p) => institution_id(conn, p)?,
        None => None,
    };
    let commune = commune_id(conn, &e.commune)?;
    let source = source_id(conn, &e.source)?;
    match at_version {
        None => {
            let r = institution_record(e, parent, commune, source, &[]);
            diesel::insert_into(institutions::table).values((&r, institutions::updated_at.eq(at))).execute(conn)?;
            institution_id(conn, &e.slug)
        }
        Some((id, expected)) => {
            // Probe patterns are not edited through the API: the stored ones stay.
            let patterns: super::sql_types::Json<Vec<crate::domain::probes::ProbePattern>> =
                institutions::table.find(id).select(institutions::probe_patterns).first(conn)?;
            let r: InstitutionRecord = institution_record(e, parent, commune, source, &patterns.0);
            let n = diesel::update(institutions::table.find(id).filter(institutions::updated_at.eq(expected)))
                .set((&r, institutions::updated_at.eq(at)))
                .execute(conn)?;
            Ok((n == 1).then_some(id))
        }
    }
}

/// Creates (in `institution_id`) or updates, at the version read, a procedure.
pub fn write_procedure(
    conn: &mut DbConnection,
    at_version: Option<(i64, NaiveDateTime)>,
    institution_id: i64,
    e: &ProcedureEntry,
    at: NaiveDateTime,
) -> QueryResult<Written> {
    let source = source_id(conn, &e.source)?;
    let r: ProcedureRecord = procedure_record(e, institution_id, source);
    match at_version {
        None => {
            diesel::insert_into(procedures::table).values((&r, procedures::updated_at.eq(at))).execute(conn)?;
            procedures::table.filter(procedures::slug.eq(&e.slug)).select(procedures::id).first(conn).map(Some)
        }
        Some((id, expected)) => {
            let n = diesel::update(procedures::table.find(id).filter(procedures::updated_at.eq(expected)))
                .set((&r, procedures::updated_at.eq(at)))
                .execute(conn)?;
            Ok((n == 1).then_some(id))
        }
    }
}

/// Creates (defined in the file of `institution`) or updates, at the version read, a location.
pub fn write_location(
    conn: &mut DbConnection,
    at_version: Option<(i64, NaiveDateTime)>,
    institution: &str,
    e: &LocationEntry,
    at: NaiveDateTime,
) -> QueryResult<Written> {
    let commune = commune_id(conn, &e.commune)?;
    let source = source_id(conn, &e.source)?;
    match at_version {
        None => {
            let r: LocationRecord = location_record(e, commune, source, Some(institution_file_name(institution)));
            diesel::insert_into(locations::table).values((&r, locations::updated_at.eq(at))).execute(conn)?;
            locations::table.filter(locations::key.eq(&e.key)).select(locations::id).first(conn).map(Some)
        }
        Some((id, expected)) => {
            let defined_in: Option<String> = locations::table.find(id).select(locations::defined_in).first(conn)?;
            let r: LocationRecord = location_record(e, commune, source, defined_in);
            let n = diesel::update(locations::table.find(id).filter(locations::updated_at.eq(expected)))
                .set((&r, locations::updated_at.eq(at)))
                .execute(conn)?;
            Ok((n == 1).then_some(id))
        }
    }
}

/// Withdraws a record at the version read (hidden from every read, kept); false when stale. What belongs to it
/// (an institution's procedures, a procedure's channels) is hidden with it by the read model.
pub fn withdraw(
    conn: &mut DbConnection,
    kind: RecordKind,
    id: i64,
    expected: NaiveDateTime,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let n = match kind {
        RecordKind::Institution => {
            diesel::update(institutions::table.find(id).filter(institutions::updated_at.eq(expected)))
                .set((institutions::withdrawn_at.eq(Some(at)), institutions::updated_at.eq(at)))
                .execute(conn)?
        }
        RecordKind::Procedure => diesel::update(procedures::table.find(id).filter(procedures::updated_at.eq(expected)))
            .set((procedures::withdrawn_at.eq(Some(at)), procedures::updated_at.eq(at)))
            .execute(conn)?,
        RecordKind::Location => diesel::update(locations::table.find(id).filter(locations::updated_at.eq(expected)))
            .set((locations::withdrawn_at.eq(Some(at)), locations::updated_at.eq(at)))
            .execute(conn)?,
    };
    Ok(n == 1)
}

/// Appends a version of a record (the one before its first write through the API too, when there was one).
pub fn append_versions(
    conn: &mut DbConnection,
    kind: RecordKind,
    record_id: i64,
    before: Option<&serde_json::Value>,
    after: &serde_json::Value,
    withdrawn: bool,
    at: NaiveDateTime,
) -> QueryResult<i32> {
    let resource = kind.resource();
    let last: Option<i32> = record_versions::table
        .filter(record_versions::resource.eq(resource).and(record_versions::record_id.eq(record_id)))
        .select(diesel::dsl::max(record_versions::version))
        .first(conn)?;
    let mut version = last.unwrap_or(0);
    let mut push = |conn: &mut DbConnection, entry: &serde_json::Value, withdrawn: bool| {
        version += 1;
        diesel::insert_into(record_versions::table)
            .values((
                record_versions::resource.eq(resource),
                record_versions::record_id.eq(record_id),
                record_versions::version.eq(version),
                record_versions::entry.eq(entry.to_string()),
                record_versions::withdrawn.eq(withdrawn),
                record_versions::recorded_at.eq(at),
            ))
            .execute(conn)
            .map(drop)
    };
    if let Some(before) = before.filter(|_| last.is_none()) {
        push(conn, before, false)?;
    }
    push(conn, after, withdrawn)?;
    Ok(version)
}

/// One kept version: number, entry (JSON), withdrawn, when.
pub type RecordVersion = (i32, String, bool, NaiveDateTime);

pub fn record_versions(conn: &mut DbConnection, kind: RecordKind, record_id: i64) -> QueryResult<Vec<RecordVersion>> {
    record_versions::table
        .filter(record_versions::resource.eq(kind.resource()).and(record_versions::record_id.eq(record_id)))
        .order(record_versions::version)
        .select((
            record_versions::version,
            record_versions::entry,
            record_versions::withdrawn,
            record_versions::recorded_at,
        ))
        .load(conn)
}
