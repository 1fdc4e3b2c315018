//! Creating, changing and withdrawing institutions, procedures and locations through the API (channels have
//! `edit.rs`). A write is checked the way the catalog files are, as a whole: the stored catalog is read back as
//! files (`store/export.rs`), the record is put in (or taken out), and the files' validator runs on the result.
//! Problems of the record itself are 422s naming its fields; problems it would cause elsewhere (a location
//! still used by a channel, a source an institution's file defined and others cite) are a 409 naming them.
//! Then, in the same transaction: the row at the version read (`If-Match`, 412 otherwise), the edited fields'
//! marks for later imports (`created`, `withdrawn` or each field with the file's value), the versions before and
//! after, the audit entry; the read model is reloaded after the commit.

use super::edit::{authorize, required, transaction};
use super::error::{AppError, FieldError};
use super::input::Fields;
use super::state::AppState;
use crate::domain::Role;
use crate::import::files::{InstitutionEntry, InstitutionFile, LocationEntry, ProcedureEntry};
use crate::import::{CatalogFiles, ImportError};
use crate::store::audit::{self, AuditActor, AuditEntry};
use crate::store::records::{self, RecordKind, StoredRecord};
use crate::store::tokens::Principal;
use crate::store::{self, DbConnection, edits, export};
use serde_json::{Map, Value};

/// The fields of an institution a write may set (its `slug` is its key).
pub const INSTITUTION_FIELDS: [&str; 10] =
    ["level", "name", "parent", "website", "commune", "source", "note", "quotes", "short_names", "update_every_months"];
/// The fields of a procedure a write may set (its `slug` is its key; its channels are written on their own).
pub const PROCEDURE_FIELDS: [&str; 13] = [
    "name",
    "summary",
    "categories",
    "keywords",
    "online_url",
    "identification",
    "documents",
    "deadline",
    "helped_by",
    "source",
    "note",
    "quotes",
    "absent",
];
/// The fields of a location a write may set (its `key` is its key).
pub const LOCATION_FIELDS: [&str; 9] =
    ["name", "address", "postcode", "commune", "lat", "lon", "source", "fact_sources", "note"];

/// The fields of a kind, its key's name, and how the files' validator names one of its records.
pub fn fields(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Institution => &INSTITUTION_FIELDS,
        RecordKind::Procedure => &PROCEDURE_FIELDS,
        RecordKind::Location => &LOCATION_FIELDS,
    }
}

pub fn key_field(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Location => "key",
        _ => "slug",
    }
}

fn label(kind: RecordKind, key: &str) -> String {
    format!("{} `{key}`", kind.resource())
}

/// What a write does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A new record; a procedure or location names the institution it belongs to (`institution`).
    Create,
    /// JSON merge patch (RFC 7396): the fields given replace theirs; `null` removes one.
    Patch,
    /// The whole record: a field not given is removed.
    Put,
    /// Hidden from every read, kept with its versions.
    Withdraw,
}

/// A record's version as an HTTP entity tag (the same form as a channel's).
pub fn etag(kind: RecordKind, id: i64, updated_at: chrono::NaiveDateTime) -> String {
    super::edit::etag_of(kind.resource(), id, updated_at)
}

/// The body's fields, as sent (`null` included): the kind's fields, its key, and (a procedure or a location)
/// `institution`: the one it belongs to, required when creating; a write may repeat it, not change it. Unknown fields are a 400 at `finish`.
pub fn read_body(b: &mut Fields, kind: RecordKind) -> Map<String, Value> {
    let mut names: Vec<&str> = fields(kind).to_vec();
    names.push(key_field(kind));
    if kind != RecordKind::Institution {
        names.push("institution");
    }
    names.into_iter().filter_map(|name| b.raw(name).map(|v| (name.to_string(), v))).collect()
}

/// A record as written: its entry (the files' shape, a procedure without its channels) and its version.
#[derive(Debug, Clone)]
pub struct RecordWritten {
    pub etag: String,
    pub entry: Value,
}

/// A record as it stands, for `GET …/entry`: its entry and version; withdrawn or unknown is 404.
pub async fn read_record(state: &AppState, kind: RecordKind, key: String) -> Result<RecordWritten, AppError> {
    let key_copy = key.clone();
    store::blocking(&state.pool, move |conn| {
        let Some(stored) = records::stored_record(conn, kind, &key)?.filter(|s| !s.withdrawn) else {
            return Ok(None);
        };
        let catalog = export::catalog_files(conn)?;
        Ok(find(&catalog, kind, &key)
            .map(|entry| RecordWritten { etag: etag(kind, stored.id, stored.updated_at), entry }))
    })
    .await?
    .ok_or_else(|| not_found(kind, &key_copy))
}

fn not_found(kind: RecordKind, key: &str) -> AppError {
    AppError::NotFound { what: kind.resource(), key: key.to_string() }
}

fn live(conn: &mut DbConnection, kind: RecordKind, key: &str) -> Result<StoredRecord, AppError> {
    records::stored_record(conn, kind, key)?.filter(|s| !s.withdrawn).ok_or_else(|| not_found(kind, key))
}

/// Creates, changes or withdraws a record (`key`: the path's; `None` when creating). Returns the new version and
/// entry (`None` once withdrawn).
pub async fn write_record(
    state: &AppState,
    principal: &Principal,
    kind: RecordKind,
    key: Option<String>,
    if_match: Option<String>,
    change: Change,
    body: Map<String, Value>,
) -> Result<Option<RecordWritten>, AppError> {
    if principal.role == Role::Reporter {
        return Err(AppError::Forbidden { needed: Role::Editor.as_str() });
    }
    // An institution comes into the catalog or leaves it by an admin; its editors keep its facts.
    let whole = matches!(change, Change::Create | Change::Withdraw);
    if kind == RecordKind::Institution && whole && principal.role != Role::Admin {
        return Err(AppError::Forbidden { needed: Role::Admin.as_str() });
    }
    if matches!(change, Change::Patch) && body.is_empty() {
        return Err(AppError::Unprocessable(vec![FieldError::new("body", "no field to change")]));
    }
    let principal = principal.clone();
    let written = transaction(state, move |conn| {
        write_in(conn, &principal, kind, key.as_deref(), if_match.as_deref(), &change, body)
    })
    .await?;
    super::edit::reload(state).await?;
    Ok(written)
}

/// `write_record` inside the caller's write transaction (the editing pages' statements); the caller reloads the
/// read model once committed.
pub fn write_in(
    conn: &mut DbConnection,
    principal: &Principal,
    kind: RecordKind,
    path_key: Option<&str>,
    if_match: Option<&str>,
    change: &Change,
    mut body: Map<String, Value>,
) -> Result<Option<RecordWritten>, AppError> {
    let key_name = key_field(kind);
    let institution = body.remove("institution");
    // The key: the path's (a body may repeat it, not change it), or the new record's.
    let mut renamed = None;
    let key = match path_key {
        Some(k) => {
            renamed = body.remove(key_name).filter(|v| v.as_str() != Some(k));
            k.to_string()
        }
        None => match body.remove(key_name) {
            Some(Value::String(k)) => k,
            _ => return Err(AppError::Unprocessable(vec![FieldError::new(key_name, "is required (text)")])),
        },
    };
    let before = export::catalog_files(conn)?;
    let (stored, current) = if *change == Change::Create {
        if let Some(s) = records::stored_record(conn, kind, &key)? {
            let why = if s.withdrawn { "a withdrawn record has this key (it is kept)" } else { "already exists" };
            return Err(AppError::Unprocessable(vec![FieldError::new(key_name, why)]));
        }
        (None, None)
    } else {
        let stored = live(conn, kind, &key)?;
        let current = find(&before, kind, &key).ok_or_else(|| not_found(kind, &key))?;
        if let Some(v) = renamed {
            return Err(AppError::Unprocessable(vec![FieldError::new(
                key_name,
                format!("{v} is not this record's {key_name} `{key}`: a {key_name} cannot be changed"),
            )]));
        }
        (Some(stored), Some(current))
    };
    // Whose editors may write it: the record's institution, or the one a new record names.
    let owner = match (&stored, kind) {
        (Some(s), _) => s.institution_id,
        (None, RecordKind::Institution) => None,
        (None, _) => Some(owner_of(conn, institution.as_ref())?),
    };
    let owner_slug = match owner {
        Some(id) => Some(slug_of(conn, id)?),
        None => None,
    };
    match (owner, &owner_slug) {
        (Some(id), Some(slug)) => authorize(principal, id, slug)?,
        // A location no institution's file defines, or a new institution: admins only.
        _ if principal.role != Role::Admin => return Err(AppError::Forbidden { needed: Role::Admin.as_str() }),
        _ => {}
    }
    if let (Some(_), Some(v)) = (&stored, institution.as_ref().filter(|v| !v.is_null()))
        && v.as_str() != owner_slug.as_deref()
    {
        let why = format!("{v} is not the institution it belongs to: a record cannot move to another institution");
        return Err(AppError::Unprocessable(vec![FieldError::new("institution", why)]));
    }
    // As for channels: the record, then who may change it, then the version (428 without one, 412 when stale).
    if let Some(s) = &stored {
        let tag = required(if_match.map(str::to_string))?;
        let current_tag = etag(kind, s.id, s.updated_at);
        if !tag.split(',').map(str::trim).any(|t| t == current_tag) {
            return Err(AppError::PreconditionFailed { current: current_tag });
        }
    }
    let after = match change {
        Change::Withdraw => None,
        _ => Some(merged(kind, &key, current.as_ref(), &body, change)?),
    };
    if after.is_some() && after == current {
        let s = stored.as_ref().ok_or_else(|| AppError::Internal("a new record equals nothing".into()))?;
        return Ok(Some(RecordWritten { etag: etag(kind, s.id, s.updated_at), entry: after.unwrap_or_default() }));
    }
    let mut next = before.clone();
    match &after {
        Some(entry) => place(&mut next, kind, &key, entry, owner_slug.as_deref())?,
        None => remove(&mut next, kind, &key),
    }
    // Sources the record cites that no other record cited yet are stored but not exported: put them in.
    let defined: std::collections::HashSet<String> = next.all_sources().map(|s| s.id.clone()).collect();
    let cited: Vec<String> = export::referenced_sources(&next).into_iter().filter(|k| !defined.contains(k)).collect();
    if !cited.is_empty() {
        next.sources.extend(records::source_entries(conn, &cited)?);
    }
    checked(kind, &key, &before, &next)?;

    let at = edits::version_now();
    let expected = stored.as_ref().map(|s| (s.id, s.updated_at));
    let id = match &after {
        Some(entry) => written_row(conn, kind, expected, owner_slug.as_deref(), entry, at)?,
        None => {
            let (id, updated_at) = expected.ok_or_else(|| AppError::Internal("withdrawing nothing".into()))?;
            records::withdraw(conn, kind, id, updated_at, at)?.then_some(id)
        }
    };
    let Some(id) = id else { return Err(stale(conn, kind, &key)) };
    let marks: Vec<(String, Value)> = match (change, &current, &after) {
        (Change::Create, _, _) => vec![("created".into(), Value::Null)],
        (Change::Withdraw, _, _) => vec![("withdrawn".into(), Value::Bool(false))],
        (_, Some(before), Some(after)) => fields(kind)
            .iter()
            .filter(|f| before.get(**f) != after.get(**f))
            .map(|f| ((*f).to_string(), before.get(*f).cloned().unwrap_or(Value::Null)))
            .collect(),
        _ => vec![],
    };
    edits::mark_edited(conn, kind.resource(), id, &marks, at)?;
    let version_after = after.clone().or_else(|| current.clone()).unwrap_or_default();
    records::append_versions(conn, kind, id, current.as_ref(), &version_after, after.is_none(), at)?;
    let actor = AuditActor::of(principal);
    let action = match change {
        Change::Create => "create",
        Change::Withdraw => "withdraw",
        _ => "update",
    };
    let audit_after = match &after {
        Some(a) => a.clone(),
        None => serde_json::json!({ "withdrawn": true, kind.resource(): current }),
    };
    let entry = AuditEntry {
        actor: &actor,
        institution_id: owner,
        resource: kind.resource(),
        resource_id: id,
        action,
        before: current.clone(),
        after: Some(audit_after),
    };
    audit::append(conn, at, &entry)?;
    store::sync::notify(conn, &store::sync::Change::Reload)?;
    Ok(after.map(|entry| RecordWritten { etag: etag(kind, id, at), entry }))
}

/// The 412 of a write that lost the race (or the 404 of a record withdrawn meanwhile).
fn stale(conn: &mut DbConnection, kind: RecordKind, key: &str) -> AppError {
    match records::stored_record(conn, kind, key) {
        Ok(Some(s)) if !s.withdrawn => AppError::PreconditionFailed { current: etag(kind, s.id, s.updated_at) },
        _ => not_found(kind, key),
    }
}

fn slug_of(conn: &mut DbConnection, institution_id: i64) -> Result<String, AppError> {
    use crate::store::schema::institutions;
    use diesel::prelude::*;
    Ok(institutions::table.find(institution_id).select(institutions::slug).first(conn)?)
}

/// The live institution a new procedure or location names in `institution`.
fn owner_of(conn: &mut DbConnection, institution: Option<&Value>) -> Result<i64, AppError> {
    let Some(slug) = institution.and_then(Value::as_str) else {
        return Err(AppError::Unprocessable(vec![FieldError::new(
            "institution",
            "is required: the slug of the institution it belongs to",
        )]));
    };
    match live(conn, RecordKind::Institution, slug) {
        Ok(s) => Ok(s.id),
        Err(AppError::NotFound { .. }) => Err(AppError::Unprocessable(vec![FieldError::new(
            "institution",
            format!("`{slug}` is not an institution"),
        )])),
        Err(e) => Err(e),
    }
}

/// The entry a body gives, from `current` (none when creating): every field that cannot be read is named.
fn merged(
    kind: RecordKind,
    key: &str,
    current: Option<&Value>,
    body: &Map<String, Value>,
    change: &Change,
) -> Result<Value, AppError> {
    let key_name = key_field(kind);
    let base: Map<String, Value> = match current {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    let mut out = match change {
        Change::Patch => base.clone(),
        _ => Map::from_iter([(key_name.to_string(), Value::String(key.to_string()))]),
    };
    for (k, v) in body {
        if v.is_null() {
            out.remove(k);
        } else {
            out.insert(k.clone(), v.clone());
        }
    }
    let mut errors = Vec::new();
    for (k, v) in body.iter().filter(|(_, v)| !v.is_null()) {
        // Each field alone on a record that is otherwise valid: a value of the wrong shape is named.
        let mut one = if base.is_empty() { minimal(kind, key) } else { base.clone() };
        one.insert(k.clone(), v.clone());
        if let Err(e) = typed(kind, Value::Object(one)) {
            errors.push(FieldError::new(k.clone(), e));
        }
    }
    for field in required_fields(kind) {
        if !out.contains_key(*field) {
            errors.push(FieldError::new(*field, "is required"));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Unprocessable(errors));
    }
    let value = Value::Object(out);
    typed(kind, value).map_err(|e| AppError::Unprocessable(vec![FieldError::new("body", e)]))
}

fn required_fields(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Institution => &["level", "name", "source"],
        _ => &["name", "source"],
    }
}

/// The least record of a kind that reads, to try one field on.
fn minimal(kind: RecordKind, key: &str) -> Map<String, Value> {
    let mut m = Map::from_iter([
        (key_field(kind).to_string(), Value::String(key.to_string())),
        ("name".to_string(), serde_json::json!({ "fr": "x" })),
        ("source".to_string(), Value::String("x".into())),
    ]);
    if kind == RecordKind::Institution {
        m.insert("level".into(), Value::String("commune".into()));
    }
    m
}

/// The value read as the kind's entry and written back: the files' shape, defaults left out.
fn typed(kind: RecordKind, value: Value) -> Result<Value, String> {
    fn round<T: serde::de::DeserializeOwned + serde::Serialize>(v: Value) -> Result<Value, String> {
        let entry: T = serde_json::from_value(v).map_err(|e| e.to_string())?;
        serde_json::to_value(entry).map_err(|e| e.to_string())
    }
    match kind {
        RecordKind::Institution => round::<InstitutionEntry>(value),
        RecordKind::Procedure => {
            let v = round::<ProcedureEntry>(value)?;
            if v.get("channels").is_some() {
                return Err("`channels` are written on their own (`/api/v1/channels`)".into());
            }
            Ok(v)
        }
        RecordKind::Location => round::<LocationEntry>(value),
    }
}

/// The record's entry in a catalog (a procedure without its channels).
pub fn find(catalog: &CatalogFiles, kind: RecordKind, key: &str) -> Option<Value> {
    match kind {
        RecordKind::Institution => catalog
            .institutions
            .iter()
            .find(|f| f.institution.slug == key)
            .and_then(|f| serde_json::to_value(&f.institution).ok()),
        RecordKind::Procedure => catalog.procedures().find(|(_, p)| p.slug == key).and_then(|(_, p)| {
            let mut p = p.clone();
            p.channels.clear();
            serde_json::to_value(p).ok()
        }),
        RecordKind::Location => catalog
            .institutions
            .iter()
            .flat_map(|f| f.locations.iter())
            .find(|l| l.key == key)
            .and_then(|l| serde_json::to_value(l).ok()),
    }
}

fn from<T: serde::de::DeserializeOwned>(entry: &Value) -> Result<T, AppError> {
    serde_json::from_value(entry.clone()).map_err(|e| AppError::Internal(e.to_string()))
}

/// Puts the entry in the catalog: in place of the record, or (a new one) in its institution's file.
fn place(
    catalog: &mut CatalogFiles,
    kind: RecordKind,
    key: &str,
    entry: &Value,
    owner: Option<&str>,
) -> Result<(), AppError> {
    let file_of = |catalog: &mut CatalogFiles, owner: Option<&str>| {
        let slug = owner.unwrap_or_default().to_string();
        catalog.institutions.iter().position(|f| f.institution.slug == slug)
    };
    match kind {
        RecordKind::Institution => {
            let institution: InstitutionEntry = from(entry)?;
            match catalog.institutions.iter_mut().find(|f| f.institution.slug == key) {
                Some(f) => f.institution = institution,
                None => catalog.institutions.push(InstitutionFile {
                    institution,
                    sources: vec![],
                    locations: vec![],
                    procedures: vec![],
                    probe_patterns: vec![],
                }),
            }
        }
        RecordKind::Procedure => {
            let mut procedure: ProcedureEntry = from(entry)?;
            let existing =
                catalog.institutions.iter_mut().flat_map(|f| f.procedures.iter_mut()).find(|p| p.slug == key);
            match existing {
                Some(p) => {
                    procedure.channels = std::mem::take(&mut p.channels);
                    *p = procedure;
                }
                None => {
                    let n = file_of(catalog, owner).ok_or_else(|| AppError::Internal("no institution file".into()))?;
                    catalog.institutions[n].procedures.push(procedure);
                }
            }
        }
        RecordKind::Location => {
            let location: LocationEntry = from(entry)?;
            let existing = catalog.institutions.iter_mut().flat_map(|f| f.locations.iter_mut()).find(|l| l.key == key);
            match existing {
                Some(l) => *l = location,
                None => {
                    let n = file_of(catalog, owner).ok_or_else(|| AppError::Internal("no institution file".into()))?;
                    catalog.institutions[n].locations.push(location);
                }
            }
        }
    }
    Ok(())
}

/// Takes the record out of the catalog. An institution's own sources and locations stay in the catalog (other
/// records may cite them; the database keeps them).
fn remove(catalog: &mut CatalogFiles, kind: RecordKind, key: &str) {
    match kind {
        RecordKind::Institution => {
            if let Some(n) = catalog.institutions.iter().position(|f| f.institution.slug == key) {
                let file = catalog.institutions.remove(n);
                catalog.sources.extend(file.sources);
                if let Some(other) = catalog.institutions.first_mut() {
                    other.locations.extend(file.locations);
                }
            }
        }
        RecordKind::Procedure => {
            for f in &mut catalog.institutions {
                f.procedures.retain(|p| p.slug != key);
            }
        }
        RecordKind::Location => {
            for f in &mut catalog.institutions {
                f.locations.retain(|l| l.key != key);
            }
        }
    }
}

/// The problems the write brings (those the catalog had before are not its own): the record's are 422s naming
/// its fields, those of other records a 409 naming them.
fn checked(kind: RecordKind, key: &str, before: &CatalogFiles, after: &CatalogFiles) -> Result<(), AppError> {
    let known = crate::import::check_catalog(before);
    let new: Vec<ImportError> =
        crate::import::check_catalog(after).into_iter().filter(|e| !known.contains(e)).collect();
    if new.is_empty() {
        return Ok(());
    }
    let own = label(kind, key);
    let (mine, others): (Vec<ImportError>, Vec<ImportError>) = new.into_iter().partition(|e| e.record == own);
    if !others.is_empty() {
        let listed: Vec<String> =
            others.iter().take(10).map(|e| format!("{}: `{}`: {}", e.record, e.field, e.message)).collect();
        let more = if others.len() > 10 { format!(" (and {} more)", others.len() - 10) } else { String::new() };
        return Err(AppError::Conflict(format!(
            "this would leave other records of the catalog wrong: {}{more}",
            listed.join("; ")
        )));
    }
    Err(AppError::Unprocessable(
        mine.into_iter()
            .map(|e| FieldError::new(if e.field.is_empty() { "body".into() } else { e.field }, e.message))
            .collect(),
    ))
}

/// Writes the row of a checked entry: created (`expected` `None`) or updated at the version read; `None` when
/// stale.
fn written_row(
    conn: &mut DbConnection,
    kind: RecordKind,
    expected: Option<(i64, chrono::NaiveDateTime)>,
    owner: Option<&str>,
    entry: &Value,
    at: chrono::NaiveDateTime,
) -> Result<Option<i64>, AppError> {
    Ok(match kind {
        RecordKind::Institution => records::write_institution(conn, expected, &from(entry)?, at)?,
        RecordKind::Procedure => {
            let institution = match (expected, owner) {
                (_, Some(slug)) => records::institution_id(conn, slug)?,
                _ => None,
            }
            .ok_or_else(|| AppError::Internal("a procedure without an institution".into()))?;
            records::write_procedure(conn, expected, institution, &from(entry)?, at)?
        }
        RecordKind::Location => records::write_location(conn, expected, owner.unwrap_or_default(), &from(entry)?, at)?,
    })
}
