//! Writes to the catalog through the API: a channel as it stands (in catalog-file shape), its versions, the
//! fields edited since the last import, and the keys a written channel may refer to.

use super::models::{ChannelRecord, DeclaredStatusRecord};
use super::schema::*;
use super::{DbConnection, now};
use crate::domain::Wheelchair;
use crate::import::EditRefs;
use crate::import::files::ChannelEntry;
use diesel::prelude::*;

/// A stored channel, withdrawn or not, with the institution it belongs to.
#[derive(Debug, Clone)]
pub struct StoredChannel {
    pub id: i64,
    pub record: ChannelRecord,
    pub updated_at: chrono::NaiveDateTime,
    pub withdrawn: bool,
    pub institution_id: i64,
}

pub fn stored_channel(conn: &mut DbConnection, id: i64) -> QueryResult<Option<StoredChannel>> {
    let row: Option<(ChannelRecord, chrono::NaiveDateTime, Option<chrono::NaiveDateTime>, i64)> = channels::table
        .inner_join(procedures::table)
        .filter(channels::id.eq(id))
        .select((ChannelRecord::as_select(), channels::updated_at, channels::withdrawn_at, procedures::institution_id))
        .first(conn)
        .optional()?;
    Ok(row.map(|(record, updated_at, withdrawn_at, institution_id)| StoredChannel {
        id,
        record,
        updated_at,
        withdrawn: withdrawn_at.is_some(),
        institution_id,
    }))
}

fn source_key(conn: &mut DbConnection, id: i64) -> QueryResult<String> {
    sources::table.find(id).select(sources::key).first(conn)
}

fn source_id(conn: &mut DbConnection, key: &str) -> QueryResult<i64> {
    sources::table.filter(sources::key.eq(key)).select(sources::id).first(conn)
}

/// A stored channel as the catalog files would write it (no statuses: they have their own history).
pub fn entry_of(conn: &mut DbConnection, r: &ChannelRecord) -> QueryResult<ChannelEntry> {
    let location = match r.location_id {
        Some(id) => Some(locations::table.find(id).select(locations::key).first(conn)?),
        None => None,
    };
    let mut fact_sources = std::collections::BTreeMap::new();
    for (fact, key) in &r.fact_sources.0 {
        fact_sources.insert(fact.clone(), key.clone());
    }
    Ok(ChannelEntry {
        key: r.key.clone(),
        kind: r.kind.as_str().to_string(),
        completion: r.completion.as_str().to_string(),
        location,
        opening_hours: r.opening_hours.clone(),
        phone: r.phone.clone(),
        phone_cost: r.phone_cost.as_ref().map(|t| t.0.clone()),
        email: r.email.clone(),
        url: r.url.clone(),
        booking: r.booking.0.iter().map(|b| b.as_str().to_string()).collect(),
        languages: r.languages.0.clone(),
        wheelchair: (r.wheelchair != Wheelchair::Unknown).then(|| r.wheelchair.as_str().to_string()),
        cost: r.cost.as_ref().map(|t| t.0.clone()),
        registered: r.registered,
        conditions: crate::domain::texts::Texts {
            fr: r.conditions_fr.clone(),
            nl: r.conditions_nl.clone(),
            en: r.conditions_en.clone(),
        },
        source: source_key(conn, r.source_id)?,
        fact_sources,
        note: r.note.as_ref().map(|t| t.0.clone()),
        quotes: r.quotes.0.clone(),
        status: Vec::new(),
    })
}

/// The record a checked entry gives (its source and location resolved by key).
pub fn record_of(conn: &mut DbConnection, procedure_id: i64, e: &ChannelEntry) -> QueryResult<ChannelRecord> {
    let source = source_id(conn, &e.source)?;
    let location = match &e.location {
        Some(key) => Some(
            locations::table
                .filter(locations::key.eq(key).and(locations::withdrawn_at.is_null()))
                .select(locations::id)
                .first(conn)?,
        ),
        None => None,
    };
    Ok(super::import::channel_record(procedure_id, e, source, location))
}

/// The keys a channel written through the API may refer to, and the slugs its texts must not name.
pub fn edit_refs(conn: &mut DbConnection) -> QueryResult<EditRefs> {
    let mut slugs: Vec<String> = institutions::table.select(institutions::slug).load(conn)?;
    slugs.extend(procedures::table.select(procedures::slug).load::<String>(conn)?);
    Ok(EditRefs {
        sources: sources::table.select(sources::key).load(conn)?,
        locations: locations::table.filter(locations::withdrawn_at.is_null()).select(locations::key).load(conn)?,
        slugs,
    })
}

/// Writes the channel if it is still at `expected` (its `updated_at`); false when another write came first.
pub fn update_channel(
    conn: &mut DbConnection,
    id: i64,
    expected: chrono::NaiveDateTime,
    record: &ChannelRecord,
    withdrawn_at: Option<chrono::NaiveDateTime>,
    at: chrono::NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(channels::table.find(id).filter(channels::updated_at.eq(expected)))
        .set((record, channels::updated_at.eq(at), channels::withdrawn_at.eq(withdrawn_at)))
        .execute(conn)?;
    Ok(n == 1)
}

/// Moves the channel's version on without changing its record (a status declared); false when stale.
pub fn touch_channel(
    conn: &mut DbConnection,
    id: i64,
    expected: chrono::NaiveDateTime,
    at: chrono::NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(channels::table.find(id).filter(channels::updated_at.eq(expected)))
        .set(channels::updated_at.eq(at))
        .execute(conn)?;
    Ok(n == 1)
}

/// Creates a channel; its id, or `None` when its procedure already has one with this key (live or withdrawn).
pub fn insert_channel(
    conn: &mut DbConnection,
    record: &ChannelRecord,
    at: chrono::NaiveDateTime,
) -> QueryResult<Option<i64>> {
    let taken: i64 = channels::table
        .filter(channels::procedure_id.eq(record.procedure_id).and(channels::key.eq(&record.key)))
        .count()
        .get_result(conn)?;
    if taken > 0 {
        return Ok(None);
    }
    diesel::insert_into(channels::table).values((record, channels::updated_at.eq(at))).execute(conn)?;
    channels::table
        .filter(channels::procedure_id.eq(record.procedure_id).and(channels::key.eq(&record.key)))
        .select(channels::id)
        .first(conn)
        .map(Some)
}

/// The first version of a channel created through the API.
pub fn first_version(
    conn: &mut DbConnection,
    channel_id: i64,
    entry: &ChannelEntry,
    at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(channel_versions::table)
        .values((
            channel_versions::channel_id.eq(channel_id),
            channel_versions::version.eq(1),
            channel_versions::entry.eq(serde_json::to_string(entry).unwrap_or_default()),
            channel_versions::withdrawn.eq(false),
            channel_versions::recorded_at.eq(at),
        ))
        .execute(conn)
        .map(drop)
}

/// Appends a version of the channel (the one before the first edit too, when none is kept yet).
pub fn append_versions(
    conn: &mut DbConnection,
    channel_id: i64,
    before: &ChannelEntry,
    before_withdrawn: bool,
    after: &ChannelEntry,
    after_withdrawn: bool,
    at: chrono::NaiveDateTime,
) -> QueryResult<i32> {
    let last: Option<i32> = channel_versions::table
        .filter(channel_versions::channel_id.eq(channel_id))
        .select(diesel::dsl::max(channel_versions::version))
        .first(conn)?;
    let mut version = last.unwrap_or(0);
    let push = |conn: &mut DbConnection, e: &ChannelEntry, withdrawn: bool, v: i32| {
        diesel::insert_into(channel_versions::table)
            .values((
                channel_versions::channel_id.eq(channel_id),
                channel_versions::version.eq(v),
                channel_versions::entry.eq(serde_json::to_string(e).unwrap_or_default()),
                channel_versions::withdrawn.eq(withdrawn),
                channel_versions::recorded_at.eq(at),
            ))
            .execute(conn)
            .map(drop)
    };
    if version == 0 {
        version += 1;
        push(conn, before, before_withdrawn, version)?;
    }
    version += 1;
    push(conn, after, after_withdrawn, version)?;
    Ok(version)
}

/// One kept version: number, entry, withdrawn, when.
pub type Version = (i32, String, bool, chrono::NaiveDateTime);

pub fn versions(conn: &mut DbConnection, channel_id: i64) -> QueryResult<Vec<Version>> {
    channel_versions::table
        .filter(channel_versions::channel_id.eq(channel_id))
        .order(channel_versions::version)
        .select((
            channel_versions::version,
            channel_versions::entry,
            channel_versions::withdrawn,
            channel_versions::recorded_at,
        ))
        .load(conn)
}

/// Marks fields as edited through the API; a field already marked keeps the file value of its first edit.
pub fn mark_edited(
    conn: &mut DbConnection,
    resource: &str,
    record_id: i64,
    fields: &[(String, serde_json::Value)],
    at: chrono::NaiveDateTime,
) -> QueryResult<()> {
    for (field, file_value) in fields {
        let marked: i64 = edited_fields::table
            .filter(edited_fields::resource.eq(resource))
            .filter(edited_fields::record_id.eq(record_id))
            .filter(edited_fields::field.eq(field))
            .count()
            .get_result(conn)?;
        if marked == 0 {
            diesel::insert_into(edited_fields::table)
                .values((
                    edited_fields::resource.eq(resource),
                    edited_fields::record_id.eq(record_id),
                    edited_fields::field.eq(field),
                    edited_fields::file_value.eq(file_value.to_string()),
                    edited_fields::edited_at.eq(at),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// The fields of one kind of record edited through the API: (record id, field, the file's value then).
pub fn edited(conn: &mut DbConnection, resource: &str) -> QueryResult<Vec<(i64, String, serde_json::Value)>> {
    let rows: Vec<(i64, String, String)> = edited_fields::table
        .filter(edited_fields::resource.eq(resource))
        .select((edited_fields::record_id, edited_fields::field, edited_fields::file_value))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, f, v)| (id, f, serde_json::from_str(&v).unwrap_or(serde_json::Value::Null)))
        .collect())
}

/// Forgets the marks of fields a forced import replaced.
pub fn unmark(conn: &mut DbConnection, resource: &str, record_id: i64, field: &str) -> QueryResult<()> {
    diesel::delete(
        edited_fields::table
            .filter(edited_fields::resource.eq(resource))
            .filter(edited_fields::record_id.eq(record_id))
            .filter(edited_fields::field.eq(field)),
    )
    .execute(conn)
    .map(drop)
}

/// Records a status declared through the API (origin `api`: an import never withdraws it); returns its id.
pub fn declare_status(
    conn: &mut DbConnection,
    record: &DeclaredStatusRecord,
    at: chrono::NaiveDateTime,
) -> QueryResult<i64> {
    diesel::insert_into(declared_statuses::table)
        .values((record, declared_statuses::recorded_at.eq(at), declared_statuses::origin.eq("api")))
        .execute(conn)?;
    declared_statuses::table
        .filter(declared_statuses::channel_id.eq(record.channel_id))
        .order(declared_statuses::id.desc())
        .select(declared_statuses::id)
        .first(conn)
}

/// The source id of a key, if it exists.
pub fn source_of(conn: &mut DbConnection, key: &str) -> QueryResult<Option<i64>> {
    source_id(conn, key).optional()
}

/// "Now" for a write whose time is a version: to the microsecond, as both databases keep it.
pub fn version_now() -> chrono::NaiveDateTime {
    let t = now();
    chrono::DateTime::from_timestamp_micros(t.and_utc().timestamp_micros()).map_or(t, |d| d.naive_utc())
}

/// A field edited through the API that the catalog files now change too.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Conflict {
    /// channel, institution, procedure or location.
    pub resource: &'static str,
    pub record_id: i64,
    pub key: String,
    pub field: String,
    /// The files' value now, and the edited one (JSON).
    pub file: String,
    pub edited: String,
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} (`{}`) `{}`: the files now say {}, an edit through the API says {}",
            self.resource, self.record_id, self.key, self.field, self.file, self.edited
        )
    }
}

/// What an import does with the edited fields of one channel.
pub struct Protected {
    pub entry: ChannelEntry,
    /// Edited fields the files left as they were: the edit stays.
    pub kept: usize,
    pub conflicts: Vec<Conflict>,
}

/// The marks an import reads but that are not fields: the record was created, or withdrawn, through the API.
pub const NOT_FIELDS: [&str; 2] = ["withdrawn", "created"];

/// One record's fields under an import (`protect_fields`): the entry to write, edits kept, conflicts.
pub struct ProtectedJson {
    pub entry: serde_json::Value,
    pub kept: usize,
    pub conflicts: Vec<Conflict>,
}

/// The rule of every kind of record: an edited field whose file value is still the one the edit started from
/// keeps the edit; one the files changed since is a conflict — the edit stays unless `force`, which takes the
/// file's value and forgets the mark. `edited` and `file` are the record's entries as JSON objects.
pub fn protect_fields(
    conn: &mut DbConnection,
    (resource, record_id, key): (&'static str, i64, &str),
    edited: &serde_json::Value,
    file: &serde_json::Value,
    marks: &[(String, serde_json::Value)],
    force: bool,
) -> QueryResult<ProtectedJson> {
    use serde_json::Value;
    let mut out = file.clone();
    let mut kept = 0;
    let mut conflicts = Vec::new();
    for (field, base) in marks.iter().filter(|(f, _)| !NOT_FIELDS.contains(&f.as_str())) {
        let file_value = out.get(field).cloned().unwrap_or(Value::Null);
        let edited_value = edited.get(field).cloned().unwrap_or(Value::Null);
        if file_value == edited_value {
            continue;
        }
        if &file_value == base {
            kept += 1;
        } else {
            conflicts.push(Conflict {
                resource,
                record_id,
                key: key.to_string(),
                field: field.clone(),
                file: file_value.to_string(),
                edited: edited_value.to_string(),
            });
            if force {
                unmark(conn, resource, record_id, field)?;
                continue;
            }
        }
        if let Some(map) = out.as_object_mut() {
            if edited_value.is_null() {
                map.remove(field);
            } else {
                map.insert(field.clone(), edited_value);
            }
        }
    }
    Ok(ProtectedJson { entry: out, kept, conflicts })
}

/// The entry an import writes for a channel with fields edited through the API (`protect_fields`).
pub fn protect(
    conn: &mut DbConnection,
    channel_id: i64,
    stored: &ChannelRecord,
    file: &ChannelEntry,
    marks: &[(String, serde_json::Value)],
    force: bool,
) -> QueryResult<Protected> {
    let ser = |e: &ChannelEntry| serde_json::to_value(e).unwrap_or(serde_json::Value::Null);
    let edited = ser(&entry_of(conn, stored)?);
    let p = protect_fields(conn, ("channel", channel_id, &file.key), &edited, &ser(file), marks, force)?;
    let mut entry: ChannelEntry = serde_json::from_value(p.entry).unwrap_or_else(|_| file.clone());
    entry.status = file.status.clone();
    Ok(Protected { entry, kept: p.kept, conflicts: p.conflicts })
}
