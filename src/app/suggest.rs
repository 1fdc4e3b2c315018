//! Suggestions from the field: a reporter or any visitor proposes a correction on a channel (what they saw and
//! when); it is kept apart from the facts, in a queue for the institution's editors and the admins, who accept it
//! (it becomes a fact whose source is "reported by <organisation> on <date>", audited) or reject it with a
//! reason the proposer reads with the tracking code. Who proposed is never shown publicly.

use super::edit::{self, Mode};
use super::error::{AppError, FieldError};
use super::input::{Fields, Pagination};
use super::state::AppState;
use crate::domain::Role;
use crate::domain::texts::Texts;
use crate::store::audit::{self, AuditActor, AuditEntry};
use crate::store::suggestions::{self as rows, NewSuggestion, SuggestionRow};
use crate::store::tokens::Principal;
use crate::store::{self, edits};
use serde_json::{Map, Value};
use std::net::IpAddr;

/// What a suggestion may be about besides a channel's own facts (`import::files::CHANNEL_FACTS`): the place's
/// address, the status, or something else.
const OTHER_SUBJECTS: [&str; 3] = ["address", "status", "other"];

/// Everything a suggestion may be about, in the order an error lists them.
pub fn subjects() -> impl Iterator<Item = &'static str> {
    crate::import::files::CHANNEL_FACTS.iter().chain(OTHER_SUBJECTS.iter()).copied()
}

/// What a proposer says: the fact, what they saw, the day they saw it.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub fact: String,
    pub seen: String,
    pub seen_on: chrono::NaiveDate,
    /// The fact's value now, as the proposer gives it.
    pub proposed: Option<String>,
}

/// Reads `fact` (default `other`), `seen` (through the privacy gate) and `seen_on` (a day, not after `today`).
pub fn parse_proposal(b: &mut Fields, today: chrono::NaiveDate) -> Option<Proposal> {
    let fact = b.string("fact", 30).unwrap_or_else(|| "other".into());
    if !subjects().any(|f| f == fact) {
        let expected = subjects().collect::<Vec<_>>().join(", ");
        b.errors.push(FieldError::new("fact", format!("`{fact}`: expected one of {expected}")));
    }
    let seen = b.free_text("seen", 1000);
    if seen.is_none() && !b.errors.iter().any(|e| e.field == "seen") {
        b.missing("seen");
    }
    let seen_on = match b.string("seen_on", 10) {
        None => {
            b.missing("seen_on");
            None
        }
        Some(raw) => match chrono::NaiveDate::parse_from_str(&raw, "%Y-%m-%d") {
            Ok(d) if d > today => {
                b.errors.push(FieldError::new("seen_on", "is after today"));
                None
            }
            Ok(d) if d.year_ce().1 < 2000 => {
                b.errors.push(FieldError::new("seen_on", "is before 2000"));
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                b.errors.push(FieldError::new("seen_on", format!("`{raw}`: expected a day, e.g. 2026-03-02")));
                None
            }
        },
    };
    let proposed = proposed_value(b, &fact);
    if !b.errors.is_empty() {
        return None;
    }
    Some(Proposal { fact, seen: seen?, seen_on: seen_on?, proposed })
}

use chrono::Datelike;

/// `proposed`: a public number for `phone` (digits and separators only: a phone number, nothing else), opening
/// hours that parse for `opening_hours`; any other fact's value is a free text through the privacy gate (the
/// description, `seen`, always is: it cannot hold the number, so the number has its own field).
fn proposed_value(b: &mut Fields, fact: &str) -> Option<String> {
    match fact {
        "phone" => {
            let v = b.string("proposed", 40)?;
            if crate::import::is_phone(&v) {
                Some(v)
            } else {
                b.errors.push(FieldError::new("proposed", format!("`{v}` is not a phone number")));
                None
            }
        }
        "opening_hours" => {
            let v = b.string("proposed", 500)?;
            match crate::domain::hours::parse_hours(&v) {
                Ok(_) => Some(v),
                Err(e) => {
                    b.errors.push(FieldError::new("proposed", format!("`{v}`: {e}")));
                    None
                }
            }
        }
        _ => b.free_text("proposed", 500),
    }
}

/// Stores a proposal on a channel of the read model. Without a token or a session (`principal`), the
/// per-address limit of anonymous reports applies (shared with complaints).
pub async fn propose(
    state: &AppState,
    client: IpAddr,
    principal: Option<&Principal>,
    channel_id: i64,
    p: Proposal,
) -> Result<SuggestionRow, AppError> {
    if state.catalog.load().channel(channel_id).is_none() {
        return Err(AppError::NotFound { what: "channel", key: channel_id.to_string() });
    }
    if principal.is_none() {
        state
            .complaint_limiter
            .check(client)
            .map_err(|retry_after_secs| AppError::TooManyRequests { retry_after_secs })?;
    }
    let new = NewSuggestion {
        channel_id,
        fact: p.fact,
        seen: p.seen,
        seen_on: p.seen_on.format("%Y-%m-%d").to_string(),
        proposed: p.proposed,
        organisation_id: principal.map(|p| p.organisation_id),
        actor: principal.map(|p| (p.actor.kind(), p.actor.id())),
    };
    Ok(store::blocking(&state.pool, move |conn| rows::create(conn, &new)).await?)
}

/// A suggestion by tracking code (as a person types it).
pub async fn follow(state: &AppState, raw_code: &str) -> Result<SuggestionRow, AppError> {
    let code = super::complain::tracking_code(raw_code)?;
    let key = code.clone();
    store::blocking(&state.pool, move |conn| Ok(rows::find(conn, &key)?))
        .await?
        .ok_or(AppError::NotFound { what: "suggestion", key: code })
}

/// The queue: editors see their institutions' suggestions, admins every one. Each with the proposing
/// organisation's name (never a person's).
pub async fn queue(
    state: &AppState,
    principal: &Principal,
    wanted: &str,
    page: Pagination,
) -> Result<(Vec<rows::Queued>, i64), AppError> {
    let scope = match principal.role {
        Role::Admin => None,
        Role::Editor => Some(principal.institutions.clone()),
        Role::Reporter => return Err(AppError::Forbidden { needed: Role::Editor.as_str() }),
    };
    let wanted = wanted.to_string();
    let offset = i64::from(page.page - 1) * i64::from(page.per_page);
    let limit = i64::from(page.per_page);
    Ok(store::blocking(&state.pool, move |conn| rows::queue(conn, &wanted, scope.as_deref(), offset, limit)).await?)
}

/// The pending suggestion of `raw_code`, which `principal` may decide.
async fn decidable(state: &AppState, principal: &Principal, raw_code: &str) -> Result<SuggestionRow, AppError> {
    let row = follow(state, raw_code).await?;
    let (institution_id, slug) = edit::institution_of(state, row.channel_id)?;
    edit::authorize(principal, institution_id, &slug)?;
    if row.state != "pending" {
        return Err(AppError::Conflict(format!("this suggestion was already {}", row.state)));
    }
    Ok(row)
}

/// "Reported by <organisation> on <date>" (or by a visitor of the site), in the three languages.
pub fn reported_by(organisation: Option<&str>, seen_on: &str) -> Texts {
    match organisation {
        Some(o) => Texts::new(
            &format!("Signalé par {o} le {seen_on}"),
            &format!("Gemeld door {o} op {seen_on}"),
            &format!("Reported by {o} on {seen_on}"),
        ),
        None => Texts::new(
            &format!("Signalé par un visiteur du site le {seen_on}"),
            &format!("Gemeld door een bezoeker van de site op {seen_on}"),
            &format!("Reported by a visitor of the site on {seen_on}"),
        ),
    }
}

/// Accepts a suggestion: the editor's `changes` (a merge patch of the channel) and/or `status` (a declared
/// status without its source) become facts whose source is the report; needs the channel's `If-Match`.
/// Returns the decided suggestion and the channel's new ETag.
pub async fn accept(
    state: &AppState,
    principal: &Principal,
    raw_code: &str,
    if_match: Option<String>,
    changes: Map<String, Value>,
    status: Option<Map<String, Value>>,
) -> Result<(SuggestionRow, String), AppError> {
    let row = decidable(state, principal, raw_code).await?;
    let if_match = edit::required(if_match)?;
    if changes.is_empty() && status.is_none() {
        return Err(AppError::Unprocessable(vec![FieldError::new(
            "changes",
            "give the facts as they now are (`changes`), a `status`, or both",
        )]));
    }
    let actor = AuditActor::of(principal);
    let changed_fields: Vec<String> = changes.keys().cloned().collect();
    let status_state = status.as_ref().and_then(|s| s.get("state")).cloned();
    let decided = edit::transaction(state, move |conn| {
        let mut stored = edit::current(conn, row.channel_id, &if_match)?;
        let organisation = rows::organisation_name(conn, row.organisation_id)?;
        // Not the tracking code: the source key is public, the code is the proposer's.
        let key = format!("suggestion-{}", row.id);
        let seen_on: crate::domain::PartialDate =
            row.seen_on.parse().map_err(|e: String| AppError::Internal(format!("stored seen_on: {e}")))?;
        let source_id = rows::add_source(conn, &key, reported_by(organisation.as_deref(), &row.seen_on), seen_on)?;
        let mut tag = edit::etag(stored.id, stored.updated_at);
        if !changes.is_empty() {
            let sourced: Vec<(&str, &str)> = changes
                .keys()
                .filter(|k| crate::import::files::CHANNEL_FACTS.contains(&k.as_str()))
                .map(|k| (k.as_str(), key.as_str()))
                .collect();
            tag = edit::edit_in(conn, &actor, &stored, &changes, Mode::Patch, &sourced)?;
            stored = edit::current(conn, row.channel_id, &tag)?;
        }
        if let Some(mut status) = status {
            if status.contains_key("source") {
                return Err(AppError::Unprocessable(vec![FieldError::new(
                    "status.source",
                    "the source of an accepted suggestion is the report itself",
                )]));
            }
            status.insert("source".into(), Value::String(key.clone()));
            let entry = edit::status_entry(status).map_err(|e| prefixed(e, "status."))?;
            tag = edit::declare_in(conn, &actor, &stored, &entry, "declare_status")
                .map_err(|e| prefixed(e, "status."))?
                .0;
        }
        let at = edits::version_now();
        if !rows::decide(conn, row.id, "accepted", None, Some(source_id), at)? {
            return Err(AppError::Conflict("this suggestion was decided meanwhile".into()));
        }
        audit::append(
            conn,
            at,
            &AuditEntry {
                actor: &actor,
                institution_id: Some(stored.institution_id),
                resource: "suggestion",
                resource_id: row.id,
                action: "accept",
                before: Some(serde_json::json!({ "state": "pending" })),
                after: Some(serde_json::json!({ "state": "accepted", "source": key })),
            },
        )?;
        // Subscribers learn what changed and on what report; never who proposed it nor the tracking code.
        let data = serde_json::json!({
            "fact": row.fact,
            "seen_on": row.seen_on,
            "source": key,
            "changed": changed_fields,
            "status": status_state,
        });
        store::webhooks::enqueue(
            conn,
            crate::domain::EventKind::SuggestionAccepted,
            store::webhooks::About::Channel(row.channel_id),
            &data,
        )?;
        let decided = rows::find(conn, &row.tracking_code)?.ok_or(diesel::result::Error::NotFound)?;
        Ok((decided, tag))
    })
    .await?;
    edit::reload(state).await?;
    Ok(decided)
}

fn prefixed(e: AppError, prefix: &str) -> AppError {
    match e {
        AppError::Unprocessable(errors) => AppError::Unprocessable(
            errors.into_iter().map(|f| FieldError { field: format!("{prefix}{}", f.field), ..f }).collect(),
        ),
        other => other,
    }
}

/// Rejects a suggestion with a reason the proposer reads (through the privacy gate).
pub async fn reject(
    state: &AppState,
    principal: &Principal,
    raw_code: &str,
    reason: String,
) -> Result<SuggestionRow, AppError> {
    let row = decidable(state, principal, raw_code).await?;
    let actor = AuditActor::of(principal);
    let institution_id = edit::institution_of(state, row.channel_id)?.0;
    edit::transaction(state, move |conn| {
        let at = edits::version_now();
        if !rows::decide(conn, row.id, "rejected", Some(&reason), None, at)? {
            return Err(AppError::Conflict("this suggestion was decided meanwhile".into()));
        }
        audit::append(
            conn,
            at,
            &AuditEntry {
                actor: &actor,
                institution_id: Some(institution_id),
                resource: "suggestion",
                resource_id: row.id,
                action: "reject",
                before: Some(serde_json::json!({ "state": "pending" })),
                after: Some(serde_json::json!({ "state": "rejected", "reason": reason })),
            },
        )?;
        Ok(rows::find(conn, &row.tracking_code)?.ok_or(diesel::result::Error::NotFound)?)
    })
    .await
}
