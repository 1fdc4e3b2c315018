//! A new channel of a procedure, through the API (`POST /api/v1/procedures/{slug}/channels`): checked as the
//! catalog files' channels are, stored with its first version, marked `created` (a later import of files that do
//! not have it keeps it), audited, and counted as verified by whoever made it.

use super::edit::{Mode, authorize, checked, json_of, merged, reload, transaction};
use super::error::{AppError, FieldError};
use super::state::AppState;
use crate::domain::Role;
use crate::import::files::ChannelEntry;
use crate::store::audit::{self, AuditActor, AuditEntry};
use crate::store::tokens::Principal;
use crate::store::{self, edits};
use serde_json::{Map, Value};

/// Creates a channel of the procedure `slug`; returns its id and ETag.
pub async fn create_channel(
    state: &AppState,
    principal: &Principal,
    slug: &str,
    mut body: Map<String, Value>,
) -> Result<(i64, String), AppError> {
    if principal.role == Role::Reporter {
        return Err(AppError::Forbidden { needed: Role::Editor.as_str() });
    }
    let (procedure_id, institution_id, institution_slug) = {
        let s = state.catalog.load();
        let p = s.procedure(slug).ok_or_else(|| AppError::NotFound { what: "procedure", key: slug.to_string() })?;
        let i = &s.institutions[p.institution];
        (p.id, i.id, i.slug.clone())
    };
    authorize(principal, institution_id, &institution_slug)?;
    let Some(Value::String(key)) = body.remove("key") else {
        return Err(AppError::Unprocessable(vec![FieldError::new("key", "is required (text)")]));
    };
    // A channel with nothing but its key: what a whole-channel write (`Put`) starts from.
    let blank: ChannelEntry = serde_json::from_value(serde_json::json!({
        "key": key, "kind": "online", "completion": "info", "source": "x"
    }))
    .map_err(|e| AppError::Unprocessable(vec![FieldError::new("key", e.to_string())]))?;
    let entry = merged(&blank, &body, Mode::Put)?;
    let actor = AuditActor::of(principal);
    let done = transaction(state, move |conn| {
        checked(conn, &entry)?;
        let record = edits::record_of(conn, procedure_id, &entry)?;
        let at = edits::version_now();
        let Some(id) = edits::insert_channel(conn, &record, at)? else {
            return Err(AppError::Unprocessable(vec![FieldError::new(
                "key",
                "this procedure already has a channel with this key (a withdrawn one is kept)",
            )]));
        };
        edits::mark_edited(conn, "channel", id, &[("created".to_string(), Value::Null)], at)?;
        edits::first_version(conn, id, &entry, at)?;
        let today = super::context::brussels_date(chrono::Utc::now());
        super::verify::record_in(conn, &actor, id, today, store::verification::VerificationKind::Changed, at)?;
        let audit = AuditEntry {
            actor: &actor,
            institution_id: Some(institution_id),
            resource: "channel",
            resource_id: id,
            action: "create",
            before: None,
            after: Some(json_of(&entry)?),
        };
        audit::append(conn, at, &audit)?;
        store::sync::notify(conn, &store::sync::Change::Reload)?;
        Ok((id, super::edit::etag(id, at)))
    })
    .await?;
    reload(state).await?;
    Ok(done)
}
