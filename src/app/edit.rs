//! Editing the catalog through the API: a channel changed (merge patch or full replacement), withdrawn, or given
//! a new declared status. Each write checks the editor's scope and the version it read (`If-Match`), checks the
//! result as the catalog files are checked, and stores it with its version, its edited fields and its audit entry
//! in one transaction; then the read model is reloaded so the pages show it.

use super::error::{AppError, FieldError};
use super::input::Fields;
use super::state::AppState;
use crate::domain::Role;
use crate::import::files::{ChannelEntry, StatusEntry};
use crate::store::audit::{self, AuditActor, AuditEntry};
use crate::store::models::DeclaredStatusRecord;
use crate::store::tokens::Principal;
use crate::store::{self, DbConnection, StoreError, edits};
use serde_json::{Map, Value};

/// The fields of a channel a write may set (the catalog file's names; `key` and `status` are not among them).
pub const CHANNEL_FIELDS: [&str; 18] = [
    "kind",
    "completion",
    "location",
    "opening_hours",
    "phone",
    "phone_cost",
    "email",
    "url",
    "booking",
    "languages",
    "wheelchair",
    "cost",
    "registered",
    "conditions",
    "source",
    "fact_sources",
    "note",
    "quotes",
];

/// How a body changes a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// JSON merge patch (RFC 7396): the fields given replace theirs; `null` removes one.
    Patch,
    /// The whole channel: a field not given is removed.
    Put,
}

/// A channel's version as an HTTP entity tag: a hash of its id and the instant of its last write.
pub fn etag(id: i64, updated_at: chrono::NaiveDateTime) -> String {
    etag_of("channel", id, updated_at)
}

/// A record's version as an HTTP entity tag: a hash of its kind, id and the instant of its last write.
pub fn etag_of(resource: &str, id: i64, updated_at: chrono::NaiveDateTime) -> String {
    let micros = updated_at.and_utc().timestamp_micros();
    let hash = store::tokens::sha256_hex(format!("{resource}/{id}/{micros}").as_bytes());
    format!("\"{}\"", &hash[..24])
}

/// Whether `principal` may change a record of `institution_id` (slug for the message): admins everything,
/// editors their institutions.
pub fn authorize(principal: &Principal, institution_id: i64, slug: &str) -> Result<(), AppError> {
    match principal.role {
        Role::Admin => Ok(()),
        Role::Editor if principal.institutions.contains(&institution_id) => Ok(()),
        Role::Editor => Err(AppError::OutOfScope { institution: slug.to_string() }),
        Role::Reporter => Err(AppError::Forbidden { needed: Role::Editor.as_str() }),
    }
}

/// The channel's institution (id, slug) in the read model; a channel not there (withdrawn or unknown) is 404.
pub fn institution_of(state: &AppState, id: i64) -> Result<(i64, String), AppError> {
    let s = state.catalog.load();
    let c = s.channel(id).ok_or_else(|| AppError::NotFound { what: "channel", key: id.to_string() })?;
    let i = &s.institutions[s.procedures[c.procedure].institution];
    Ok((i.id, i.slug.clone()))
}

/// The `If-Match` a write needs: 428 without it.
pub fn required(if_match: Option<String>) -> Result<String, AppError> {
    if_match.filter(|v| !v.trim().is_empty()).ok_or(AppError::PreconditionRequired { header: "If-Match" })
}

/// `If-Match` names the current version (`*` is not enough: a write says which version it read).
fn matches(if_match: &str, current: &str) -> bool {
    if_match.split(',').map(str::trim).any(|tag| tag == current)
}

/// Runs `f` in a write transaction on a blocking thread.
pub async fn transaction<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let pool = state.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().map_err(StoreError::from)?;
        store::write_transaction(&mut conn, f)
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

/// Held while the read model is rebuilt and replaced, by a write's `reload` and by the listener of other instances'
/// changes (`sync.rs`): the later rebuild reads the later state, so an older snapshot never replaces a newer.
pub(super) static RELOAD: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Rebuilds the read model after a committed write (one at a time, so an older read never replaces a newer).
pub async fn reload(state: &AppState) -> Result<(), AppError> {
    let _turn = RELOAD.lock().await;
    let snapshot = store::blocking(&state.pool, super::catalog::reload_snapshot).await?;
    state.catalog.replace(snapshot);
    Ok(())
}

/// The body's channel fields, as sent (`null` included). Unknown fields are a 400 at `finish`.
pub fn read_patch(b: &mut Fields) -> Map<String, Value> {
    CHANNEL_FIELDS.iter().filter_map(|&name| b.raw(name).map(|v| (name.to_string(), v))).collect()
}

pub(super) fn json_of(e: &ChannelEntry) -> Result<Value, AppError> {
    serde_json::to_value(e).map_err(|e| AppError::Internal(e.to_string()))
}

/// The entry a patch gives from `before`: every field that cannot be read is named.
pub(super) fn merged(before: &ChannelEntry, patch: &Map<String, Value>, mode: Mode) -> Result<ChannelEntry, AppError> {
    let before_json = json_of(before)?;
    let Value::Object(base) = before_json else { return Err(AppError::Internal("a channel is an object".into())) };
    let mut out = match mode {
        Mode::Patch => base.clone(),
        Mode::Put => Map::from_iter([("key".to_string(), Value::String(before.key.clone()))]),
    };
    for (k, v) in patch {
        if v.is_null() {
            out.remove(k);
        } else {
            out.insert(k.clone(), v.clone());
        }
    }
    out.remove("status");
    let mut errors = Vec::new();
    for field in ["kind", "completion", "source"] {
        if !out.contains_key(field) {
            errors.push(FieldError::new(field, "is required"));
        }
    }
    // Each field alone on the channel as it was: a value of the wrong shape is named.
    for (k, v) in patch.iter().filter(|(_, v)| !v.is_null()) {
        let mut one = base.clone();
        one.remove("status");
        one.insert(k.clone(), v.clone());
        if let Err(e) = serde_json::from_value::<ChannelEntry>(Value::Object(one)) {
            errors.push(FieldError::new(k.clone(), e.to_string()));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Unprocessable(errors));
    }
    serde_json::from_value(Value::Object(out))
        .map_err(|e| AppError::Unprocessable(vec![FieldError::new("body", e.to_string())]))
}

/// The catalog files' checks of an entry, as field errors (a status's fields named without their index).
pub(super) fn checked(conn: &mut DbConnection, entry: &ChannelEntry) -> Result<(), AppError> {
    let refs = edits::edit_refs(conn)?;
    let errors = crate::import::check_channel_edit(&refs, entry);
    if errors.is_empty() {
        return Ok(());
    }
    Err(AppError::Unprocessable(
        errors
            .into_iter()
            .map(|e| FieldError::new(e.field.strip_prefix("status[0].").unwrap_or(&e.field).to_string(), e.message))
            .collect(),
    ))
}

/// The stored channel a write starts from, at the version `if_match` names (412 otherwise).
pub fn current(conn: &mut DbConnection, id: i64, if_match: &str) -> Result<edits::StoredChannel, AppError> {
    let stored = edits::stored_channel(conn, id)?
        .filter(|s| !s.withdrawn)
        .ok_or_else(|| AppError::NotFound { what: "channel", key: id.to_string() })?;
    let tag = etag(id, stored.updated_at);
    if matches(if_match, &tag) { Ok(stored) } else { Err(AppError::PreconditionFailed { current: tag }) }
}

/// The 412 of a write that lost the race (or the 404 of a channel gone meanwhile).
pub fn stale(id: i64, conn: &mut DbConnection) -> AppError {
    match edits::stored_channel(conn, id) {
        Ok(Some(s)) => AppError::PreconditionFailed { current: etag(id, s.updated_at) },
        _ => AppError::NotFound { what: "channel", key: id.to_string() },
    }
}

/// Changes a channel; returns its new ETag (the same when the body changes nothing).
pub async fn edit_channel(
    state: &AppState,
    principal: &Principal,
    id: i64,
    if_match: Option<String>,
    patch: Map<String, Value>,
    mode: Mode,
) -> Result<String, AppError> {
    let (institution_id, slug) = institution_of(state, id)?;
    authorize(principal, institution_id, &slug)?;
    let if_match = required(if_match)?;
    if patch.is_empty() && mode == Mode::Patch {
        return Err(AppError::Unprocessable(vec![FieldError::new("body", "no field to change")]));
    }
    let actor = AuditActor::of(principal);
    let tag = transaction(state, move |conn| {
        let stored = current(conn, id, &if_match)?;
        edit_in(conn, &actor, &stored, &patch, mode, &[])
    })
    .await?;
    reload(state).await?;
    Ok(tag)
}

/// Inside a write transaction: changes `stored` by `patch`, checked, versioned, marked and audited; the facts named
/// in `sourced` get `source_key` as their own source (`fact_sources`). Returns the new ETag (the same when
/// nothing changes).
pub fn edit_in(
    conn: &mut DbConnection,
    actor: &AuditActor,
    stored: &edits::StoredChannel,
    patch: &Map<String, Value>,
    mode: Mode,
    sourced: &[(&str, &str)],
) -> Result<String, AppError> {
    let id = stored.id;
    let before = edits::entry_of(conn, &stored.record)?;
    let mut after = merged(&before, patch, mode)?;
    for (fact, key) in sourced {
        after.fact_sources.insert((*fact).to_string(), (*key).to_string());
    }
    checked(conn, &after)?;
    let record = edits::record_of(conn, stored.record.procedure_id, &after)?;
    if record == stored.record {
        return Ok(etag(id, stored.updated_at));
    }
    let at = edits::version_now();
    if !edits::update_channel(conn, id, stored.updated_at, &record, None, at)? {
        return Err(stale(id, conn));
    }
    let (before_json, after_json) = (json_of(&before)?, json_of(&after)?);
    let changed: Vec<(String, Value)> = CHANNEL_FIELDS
        .iter()
        .filter(|f| before_json.get(**f) != after_json.get(**f))
        .map(|f| ((*f).to_string(), before_json.get(*f).cloned().unwrap_or(Value::Null)))
        .collect();
    edits::mark_edited(conn, "channel", id, &changed, at)?;
    edits::append_versions(conn, id, &before, false, &after, false, at)?;
    // A change of its facts is a verification by whoever made it.
    let today = super::context::brussels_date(chrono::Utc::now());
    super::verify::record_in(conn, actor, id, today, store::verification::VerificationKind::Changed, at)?;
    let entry = AuditEntry {
        actor,
        institution_id: Some(stored.institution_id),
        resource: "channel",
        resource_id: id,
        action: "update",
        before: Some(before_json),
        after: Some(after_json),
    };
    audit::append(conn, at, &entry)?;
    store::sync::notify(conn, &store::sync::Change::Reload)?;
    Ok(etag(id, at))
}

/// Withdraws a channel: hidden from every read, kept with its history.
pub async fn withdraw_channel(
    state: &AppState,
    principal: &Principal,
    id: i64,
    if_match: Option<String>,
) -> Result<(), AppError> {
    let (institution_id, slug) = institution_of(state, id)?;
    authorize(principal, institution_id, &slug)?;
    let if_match = required(if_match)?;
    let actor = AuditActor::of(principal);
    transaction(state, move |conn| {
        let stored = current(conn, id, &if_match)?;
        let before = edits::entry_of(conn, &stored.record)?;
        let at = edits::version_now();
        if !edits::update_channel(conn, id, stored.updated_at, &stored.record, Some(at), at)? {
            return Err(stale(id, conn));
        }
        edits::mark_edited(conn, "channel", id, &[("withdrawn".to_string(), Value::Bool(false))], at)?;
        edits::append_versions(conn, id, &before, false, &before, true, at)?;
        let json = json_of(&before)?;
        let entry = AuditEntry {
            actor: &actor,
            institution_id: Some(stored.institution_id),
            resource: "channel",
            resource_id: id,
            action: "withdraw",
            before: Some(json.clone()),
            after: Some(serde_json::json!({ "withdrawn": true, "channel": json })),
        };
        audit::append(conn, at, &entry)?;
        store::sync::notify(conn, &store::sync::Change::Reload)?;
        Ok(())
    })
    .await?;
    reload(state).await
}

/// A declared status as sent: `state`, `note` (fr, nl, en), `since`, `until`, `source` (a source key), `quotes`.
pub fn read_status(b: &mut Fields) -> Map<String, Value> {
    ["state", "note", "since", "until", "source", "quotes"]
        .iter()
        .filter_map(|&name| b.raw(name).filter(|v| !v.is_null()).map(|v| (name.to_string(), v)))
        .collect()
}

pub fn status_entry(fields: Map<String, Value>) -> Result<StatusEntry, AppError> {
    let mut errors = Vec::new();
    for field in ["state", "source"] {
        if !fields.contains_key(field) {
            errors.push(FieldError::new(field, "is required"));
        }
    }
    for (k, v) in &fields {
        let mut one = Map::from_iter([
            ("state".to_string(), Value::String("open".into())),
            ("source".to_string(), Value::String("x".into())),
        ]);
        one.insert(k.clone(), v.clone());
        if let Err(e) = serde_json::from_value::<StatusEntry>(Value::Object(one)) {
            errors.push(FieldError::new(k.clone(), e.to_string()));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Unprocessable(errors));
    }
    serde_json::from_value(Value::Object(fields))
        .map_err(|e| AppError::Unprocessable(vec![FieldError::new("body", e.to_string())]))
}

/// Declares a new status of a channel (in force from now on, kept in its history); returns the new ETag and the
/// status's id.
pub async fn declare_status(
    state: &AppState,
    principal: &Principal,
    id: i64,
    if_match: Option<String>,
    fields: Map<String, Value>,
) -> Result<(String, i64), AppError> {
    let (institution_id, slug) = institution_of(state, id)?;
    authorize(principal, institution_id, &slug)?;
    let if_match = required(if_match)?;
    let status = status_entry(fields)?;
    let actor = AuditActor::of(principal);
    let done = transaction(state, move |conn| {
        let stored = current(conn, id, &if_match)?;
        declare_in(conn, &actor, &stored, &status, "declare_status")
    })
    .await?;
    reload(state).await?;
    Ok(done)
}

/// Inside a write transaction: checks and records a status of `stored`, moves the channel's version on and
/// audits it (`action`); returns the new ETag and the status's id.
pub fn declare_in(
    conn: &mut DbConnection,
    actor: &AuditActor,
    stored: &edits::StoredChannel,
    status: &StatusEntry,
    action: &'static str,
) -> Result<(String, i64), AppError> {
    let id = stored.id;
    let mut entry = edits::entry_of(conn, &stored.record)?;
    entry.status = vec![status.clone()];
    checked(conn, &entry)?;
    let source_id = edits::source_of(conn, &status.source)?
        .ok_or_else(|| AppError::Unprocessable(vec![FieldError::new("source", "not a source key")]))?;
    let record = DeclaredStatusRecord {
        channel_id: id,
        state: crate::import::parsed(&status.state),
        since: status.since.as_deref().map(crate::import::parsed),
        until: status.until.as_deref().map(crate::import::parsed),
        note: status.note.clone().map(store::sql_types::Json),
        quotes: store::sql_types::Json(status.quotes.clone()),
        source_id,
    };
    let at = edits::version_now();
    if !edits::touch_channel(conn, id, stored.updated_at, at)? {
        return Err(stale(id, conn));
    }
    let status_id = edits::declare_status(conn, &record, at)?;
    store::import::declared_event(conn, &record, "recorded")?;
    let entry = AuditEntry {
        actor,
        institution_id: Some(stored.institution_id),
        resource: "declared_status",
        resource_id: status_id,
        action,
        before: None,
        after: Some(serde_json::json!({ "channel_id": id, "status": status })),
    };
    audit::append(conn, at, &entry)?;
    store::sync::notify(conn, &store::sync::Change::Reload)?;
    Ok((etag(id, at), status_id))
}
