//! The ordinance's right to complain: anyone may report that a channel does not work, without an account. A
//! complaint is stored with a tracking code, counts in its channel's observed state, and is followed by code.

use super::error::{AppError, FieldError};
use super::input::Fields;
use super::state::AppState;
use crate::catalog::Snapshot;
use crate::catalog::observed::Learned;
use crate::domain::reachability::Evidence;
use crate::domain::{ComplaintProblem, ComplaintState};
use crate::store::complaints::{self, ComplaintEvent, ComplaintRow, NewComplaint};
use crate::store::sync::Change;
use crate::store::{self, StoreError};
use std::net::IpAddr;

fn valid_email(e: &str) -> bool {
    e.len() <= 254
        && !e.contains(char::is_whitespace)
        && e.split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.'))
}

/// Reads and checks a complaint; every invalid field is left in `b`.
pub fn parse_complaint(s: &Snapshot, b: &mut Fields) -> Option<NewComplaint> {
    let channel_id = b.integer("channel_id", 1, i64::MAX);
    let procedure = b.string("procedure", 100);
    let problem: Option<ComplaintProblem> = b.parse_str("problem");
    let description = b.free_text("description", 2000);
    let email = b.string("email", 254);
    let procedure_id = match (channel_id, &procedure) {
        (Some(id), _) => match s.channel(id) {
            Some(c) => {
                let p = &s.procedures[c.procedure];
                if procedure.as_ref().is_some_and(|slug| slug != &p.slug) {
                    b.errors.push(FieldError::new("procedure", "is not the procedure of this channel"));
                }
                Some(p.id)
            }
            None => {
                b.errors.push(FieldError::new("channel_id", format!("no channel {id}")));
                None
            }
        },
        (None, Some(slug)) => match s.procedure(slug) {
            Some(p) => Some(p.id),
            None => {
                b.errors.push(FieldError::new("procedure", format!("no procedure `{slug}`")));
                None
            }
        },
        (None, None) => {
            b.errors.push(FieldError::new("channel_id", "is required (or `procedure`)"));
            None
        }
    };
    if problem.is_none() && !b.errors.iter().any(|e| e.field == "problem") {
        b.missing("problem");
    }
    if description.is_none() && !b.errors.iter().any(|e| e.field == "description") {
        b.missing("description");
    }
    if let Some(e) = &email
        && !valid_email(e)
    {
        b.errors.push(FieldError::new("email", "is not an e-mail address"));
    }
    if !b.errors.is_empty() {
        return None;
    }
    Some(NewComplaint { procedure_id: procedure_id?, channel_id, problem: problem?, description: description?, email })
}

/// Files a valid complaint from `client` under the per-address limit, and counts it against its channel once
/// committed.
pub async fn file(
    state: &actix_web::web::Data<AppState>,
    client: IpAddr,
    new: NewComplaint,
) -> Result<ComplaintRow, AppError> {
    state.complaint_limiter.check(client).map_err(|retry_after_secs| AppError::TooManyRequests { retry_after_secs })?;
    let s = state.catalog.load();
    let now = chrono::Utc::now();
    let declared = new.channel_id.and_then(|id| s.channel(id)).map(|c| c.declared);
    let writer = state.clone();
    let row = store::blocking(&state.pool, move |conn| {
        // Held until the complaint is in the read model: the next write on this channel counts this one.
        let _gate = new.channel_id.map(|id| writer.channel_gate(id));
        let observed = writer.observed();
        // A tracking-code collision (1 in 2^60): draw another.
        for _ in 0..3 {
            let code = complaints::new_tracking_code();
            let attempt = store::write_transaction(conn, |conn| {
                let row = complaints::insert_complaint(conn, &new, &code)?;
                if let (Some(id), Some(declared)) = (new.channel_id, declared) {
                    // Decided under the channel's write lock, against the stored history.
                    let prior = store::observations::last_transition_state(conn, id)?;
                    let (_, transition) = observed.pending(id, declared, Evidence::complaint(now), prior, now);
                    if let Some(t) = &transition {
                        store::observations::insert_transition(conn, t)?;
                    }
                }
                // Before commit, so that our own notification can never come back before we know it is ours.
                writer.mark_own(Change::Complaint(row.id));
                Ok::<_, diesel::result::Error>(row)
            });
            match attempt {
                // Another draw.
                Err(e) if store::is_unique_violation(&e) => {}
                Ok(row) => {
                    // Committed: now it counts for everyone.
                    if let Some(channel) = row.channel_id {
                        let at = row.created_at.and_utc();
                        observed.apply_complaint(channel, at, Learned::At(at));
                    }
                    return Ok(row);
                }
                Err(e) => return Err(StoreError::from(e)),
            }
        }
        Err(StoreError::Corrupt("could not draw a free tracking code".into()))
    })
    .await?;
    Ok(row)
}

/// A tracking code as typed by a person (case and surrounding spaces forgiven), or a 400 naming it.
pub fn tracking_code(raw: &str) -> Result<String, AppError> {
    let code = raw.trim().to_ascii_uppercase();
    let ok = code.len() == 14
        && code.char_indices().all(|(i, c)| if i % 5 == 4 { c == '-' } else { c.is_ascii_alphanumeric() });
    if ok { Ok(code) } else { Err(AppError::invalid("tracking_code", "expected XXXX-XXXX-XXXX")) }
}

/// A complaint and its history by tracking code.
pub async fn find(state: &AppState, raw_code: &str) -> Result<(ComplaintRow, Vec<ComplaintEvent>), AppError> {
    let code = tracking_code(raw_code)?;
    let key = code.clone();
    store::blocking(&state.pool, move |conn| complaints::find_complaint(conn, &key))
        .await?
        .ok_or(AppError::NotFound { what: "complaint", key: code })
}

/// Moves a complaint on, with a note the person will read.
pub async fn update(
    state: &AppState,
    raw_code: &str,
    to: ComplaintState,
    note: Option<String>,
) -> Result<(ComplaintRow, Vec<ComplaintEvent>), AppError> {
    let code = tracking_code(raw_code)?;
    let key = code.clone();
    store::blocking(&state.pool, move |conn| {
        if !complaints::set_complaint_state(conn, &key, to, note.as_deref())? {
            return Ok(None);
        }
        complaints::find_complaint(conn, &key)
    })
    .await?
    .ok_or(AppError::NotFound { what: "complaint", key: code })
}
