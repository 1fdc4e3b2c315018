//! Facts an editor states on the editing pages. A person at a counter does not know the catalog's source keys:
//! what they change or declare gets a source of its own, "Stated by <organisation> on <date>", dated today, as
//! the source of exactly the facts that changed (`fact_sources`). The API's writes (`edit.rs`) name their sources.

use super::edit::{self, Mode};
use super::error::{AppError, FieldError};
use super::state::AppState;
use crate::domain::texts::Texts;
use crate::import::files::ChannelEntry;
use crate::store::audit::AuditActor;
use crate::store::records::RecordKind;
use crate::store::tokens::Principal;
use crate::store::{self, DbConnection, edits};
use serde_json::{Map, Value};

/// A channel as the forms start from: its catalog entry and its version (`ETag`).
pub async fn channel_entry(
    state: &AppState,
    principal: &Principal,
    id: i64,
) -> Result<(ChannelEntry, String), AppError> {
    let (institution_id, slug) = edit::institution_of(state, id)?;
    edit::authorize(principal, institution_id, &slug)?;
    store::blocking(&state.pool, move |conn| {
        let stored = edits::stored_channel(conn, id)?.filter(|s| !s.withdrawn);
        let Some(stored) = stored else { return Ok(None) };
        let entry = edits::entry_of(conn, &stored.record)?;
        Ok(Some((entry, edit::etag(id, stored.updated_at))))
    })
    .await?
    .ok_or_else(|| AppError::NotFound { what: "channel", key: id.to_string() })
}

/// "Stated by <organisation> on <date>", in the three languages.
pub fn stated_by(organisation: &str, on: &str) -> Texts {
    Texts::new(
        &format!("Indiqué par {organisation} le {on}"),
        &format!("Opgegeven door {organisation} op {on}"),
        &format!("Stated by {organisation} on {on}"),
    )
}

/// The fields of `wanted` whose value differs from the entry's (a field absent and `null` are the same; so are
/// `wheelchair` absent and `"unknown"`, its default).
pub fn changes(before: &ChannelEntry, wanted: &Map<String, Value>) -> Result<Map<String, Value>, AppError> {
    let before = serde_json::to_value(before).map_err(|e| AppError::Internal(e.to_string()))?;
    let normal = |field: &str, v: Option<&Value>| match v {
        None | Some(Value::Null) => Value::Null,
        Some(Value::String(s)) if field == "wheelchair" && s == "unknown" => Value::Null,
        Some(Value::Array(a)) if a.is_empty() => Value::Null,
        Some(v) => v.clone(),
    };
    Ok(wanted
        .iter()
        .filter(|(k, v)| normal(k, before.get(k.as_str())) != normal(k, Some(v)))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect())
}

/// A new source for what `principal` states today (its key is public and says nothing of the person).
fn add_stated_source(conn: &mut DbConnection, principal_org: &str, about: &str) -> Result<String, AppError> {
    let today = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Brussels).date_naive();
    let on = today.format("%Y-%m-%d").to_string();
    let key = format!("stated-{about}-{}", chrono::Utc::now().timestamp_micros());
    let date: crate::domain::PartialDate = on.parse().map_err(|e: String| AppError::Internal(e))?;
    store::suggestions::add_source(conn, &key, stated_by(principal_org, &on), date)?;
    Ok(key)
}

/// What the forms did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stated {
    /// Written: the channel's new version.
    Changed(String),
    /// The form changed nothing: nothing written.
    Unchanged,
}

/// Changes the channel's facts to `wanted` (the form's fields, `null` to remove), at the version the form was
/// read at. Only the fields that differ are written, each sourced by the editor's statement.
pub async fn edit_channel(
    state: &AppState,
    principal: &Principal,
    id: i64,
    if_match: String,
    wanted: Map<String, Value>,
) -> Result<Stated, AppError> {
    let (institution_id, slug) = edit::institution_of(state, id)?;
    edit::authorize(principal, institution_id, &slug)?;
    let actor = AuditActor::of(principal);
    let organisation = principal.organisation.clone();
    let done = edit::transaction(state, move |conn| {
        let stored = edit::current(conn, id, &if_match)?;
        let before = edits::entry_of(conn, &stored.record)?;
        let patch = changes(&before, &wanted)?;
        if patch.is_empty() {
            return Ok(Stated::Unchanged);
        }
        let key = add_stated_source(conn, &organisation, &id.to_string())?;
        let sourced: Vec<(&str, &str)> = patch
            .keys()
            .filter(|k| crate::import::files::CHANNEL_FACTS.contains(&k.as_str()))
            .map(|k| (k.as_str(), key.as_str()))
            .collect();
        // A fact removed has no source to keep.
        let sourced: Vec<(&str, &str)> = sourced.into_iter().filter(|(k, _)| !patch[*k].is_null()).collect();
        Ok(Stated::Changed(edit::edit_in(conn, &actor, &stored, &patch, Mode::Patch, &sourced)?))
    })
    .await?;
    if matches!(done, Stated::Changed(_)) {
        edit::reload(state).await?;
    }
    Ok(done)
}

/// A channel's place as the page's address form starts from: its key, its entry (the files' shape) and version;
/// `None` when the channel has no place.
pub async fn channel_place(
    state: &AppState,
    principal: &Principal,
    id: i64,
) -> Result<Option<(String, super::edit_records::RecordWritten)>, AppError> {
    let (institution_id, slug) = edit::institution_of(state, id)?;
    edit::authorize(principal, institution_id, &slug)?;
    let key = {
        let s = state.catalog.load();
        let c = s.channel(id).ok_or_else(|| AppError::NotFound { what: "channel", key: id.to_string() })?;
        c.location.and_then(|l| s.locations.get(&l)).map(|l| l.key.clone())
    };
    let Some(key) = key else { return Ok(None) };
    let place = super::edit_records::read_record(state, RecordKind::Location, key.clone()).await?;
    Ok(Some((key, place)))
}

/// Changes a place's address and postcode (`None` removes one) at the version the form was read at; what changed
/// is sourced by the editor's statement.
pub async fn edit_place(
    state: &AppState,
    principal: &Principal,
    key: String,
    if_match: String,
    address: Option<String>,
    postcode: Option<String>,
) -> Result<Stated, AppError> {
    let principal = principal.clone();
    let done = edit::transaction(state, move |conn| {
        let current = super::edit_records::find(&store::export::catalog_files(conn)?, RecordKind::Location, &key)
            .ok_or_else(|| AppError::NotFound { what: "location", key: key.clone() })?;
        let mut patch = Map::new();
        let mut fact_sources = current.get("fact_sources").and_then(Value::as_object).cloned().unwrap_or_default();
        let mut changed = Vec::new();
        for (name, wanted) in [("address", address), ("postcode", postcode)] {
            let wanted = wanted.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
            if current.get(name).and_then(Value::as_str) != wanted.as_deref() {
                patch.insert(name.into(), wanted.clone().map_or(Value::Null, Value::String));
                changed.push((name, wanted.is_some()));
            }
        }
        if patch.is_empty() {
            return Ok(Stated::Unchanged);
        }
        let source = add_stated_source(conn, &principal.organisation, "place")?;
        for (name, present) in changed {
            if present {
                fact_sources.insert(name.into(), Value::String(source.clone()));
            } else {
                fact_sources.remove(name);
            }
        }
        patch.insert("fact_sources".into(), Value::Object(fact_sources));
        let written = super::edit_records::write_in(
            conn,
            &principal,
            RecordKind::Location,
            Some(&key),
            Some(&if_match),
            &super::edit_records::Change::Patch,
            patch,
        )?;
        Ok(Stated::Changed(written.map(|w| w.etag).unwrap_or_default()))
    })
    .await?;
    if matches!(done, Stated::Changed(_)) {
        edit::reload(state).await?;
    }
    Ok(done)
}

/// Declares a status (`state`, `since`, `until`, `note` as the API reads them) whose source is the editor's
/// statement; returns the channel's new version.
pub async fn declare_status(
    state: &AppState,
    principal: &Principal,
    id: i64,
    if_match: String,
    mut fields: Map<String, Value>,
) -> Result<String, AppError> {
    let (institution_id, slug) = edit::institution_of(state, id)?;
    edit::authorize(principal, institution_id, &slug)?;
    if fields.contains_key("source") {
        return Err(AppError::Unprocessable(vec![FieldError::new("source", "the source is the editor's statement")]));
    }
    // Checked before anything is written (the source key is filled in once the source exists).
    fields.insert("source".into(), Value::String("stated".into()));
    // What an editor declares holds from today unless they say since when: without a date, an older dated
    // status would stay the one in force.
    if !fields.contains_key("since") {
        let today = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Brussels).date_naive();
        fields.insert("since".into(), Value::String(today.format("%Y-%m-%d").to_string()));
    }
    let mut status = edit::status_entry(fields)?;
    let actor = AuditActor::of(principal);
    let organisation = principal.organisation.clone();
    let tag = edit::transaction(state, move |conn| {
        let stored = edit::current(conn, id, &if_match)?;
        status.source = add_stated_source(conn, &organisation, &id.to_string())?;
        Ok(edit::declare_in(conn, &actor, &stored, &status, "declare_status")?.0)
    })
    .await?;
    edit::reload(state).await?;
    Ok(tag)
}

/// Accepts a suggestion from the queue's form: the facts as the editor leaves them (`wanted`, the whole form) —
/// only those that differ from the stored way become facts sourced by the report — and/or a `status`.
pub async fn accept_suggestion(
    state: &AppState,
    principal: &Principal,
    code: &str,
    if_match: String,
    wanted: Map<String, Value>,
    status: Option<Map<String, Value>>,
) -> Result<(crate::store::suggestions::SuggestionRow, String), AppError> {
    let row = super::suggest::follow(state, code).await?;
    let (entry, current) = channel_entry(state, principal, row.channel_id).await?;
    if current != if_match {
        return Err(AppError::PreconditionFailed { current });
    }
    let changed = changes(&entry, &wanted)?;
    // A state the report is about holds from the day it was seen, unless the editor says since when.
    let status = status.map(|mut s| {
        s.entry("since").or_insert_with(|| Value::String(row.seen_on.clone()));
        s
    });
    super::suggest::accept(state, principal, code, Some(if_match), changed, status).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry() -> ChannelEntry {
        serde_json::from_value(json!({
            "key": "phone", "kind": "phone", "completion": "info", "phone": "02 279 22 11",
            "languages": ["fr", "nl"], "source": "s1"
        }))
        .unwrap()
    }

    #[test]
    fn only_what_differs_is_a_change() {
        let wanted = json!({
            "phone": "02 279 22 11", "languages": ["fr", "nl"], "email": null, "wheelchair": "unknown",
            "booking": [], "url": "https://example.be"
        });
        let Value::Object(wanted) = wanted else { unreachable!() };
        let got = changes(&entry(), &wanted).unwrap();
        assert_eq!(got.keys().collect::<Vec<_>>(), vec!["url"]);
    }

    #[test]
    fn a_removed_or_changed_fact_is_a_change() {
        let Value::Object(wanted) = json!({ "phone": null, "languages": ["fr"] }) else { unreachable!() };
        let got = changes(&entry(), &wanted).unwrap();
        assert_eq!(got.get("phone"), Some(&Value::Null));
        assert_eq!(got.get("languages"), Some(&json!(["fr"])));
    }

    #[test]
    fn the_statement_exists_in_three_languages() {
        let t = stated_by("CPAS de Schaerbeek", "2026-12-02");
        assert!(t.missing().is_empty());
        assert!(t.en.unwrap().contains("CPAS de Schaerbeek"));
    }
}
