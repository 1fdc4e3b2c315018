//! Verification campaigns: an admin opens one (a name, a deadline, a scope of levels, institutions and communes);
//! each editor in scope gets the list of their records to confirm; "still true" on a record stamps today with the
//! editor's organisation as the verification, audited, in one transaction; a change of its facts through the API
//! (`edit::edit_in`) counts too. The read model (`catalog::verified`) says which records are to verify. The API
//! and the editor pages call these functions.

use super::edit;
use super::error::{AppError, FieldError};
use super::input::Fields;
use super::state::AppState;
use crate::catalog::verified::Verification;
use crate::catalog::{Name, Snapshot};
use crate::domain::{ChannelKind, Level, Role};
use crate::store::audit::{self, AuditActor, AuditEntry};
use crate::store::tokens::Principal;
use crate::store::verification::{self as stored, Campaign, Scope, VerificationKind, Verifier};
use crate::store::{self, DbConnection, edits};
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::BTreeMap;

/// A campaign as asked for.
#[derive(Debug, Clone)]
pub struct NewCampaign {
    pub name: String,
    pub deadline: NaiveDate,
    pub scope: Scope,
}

/// A list of strings (`levels`, `institutions`, `communes`), each checked by `known`.
fn list(b: &mut Fields, name: &'static str, known: impl Fn(&str) -> bool) -> Vec<String> {
    let Some(v) = b.value(name) else { return Vec::new() };
    let Some(items) = v.as_array().and_then(|a| a.iter().map(Value::as_str).collect::<Option<Vec<&str>>>()) else {
        b.errors.push(FieldError::new(name, "expected a list of strings"));
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        if known(item) {
            if !out.iter().any(|o| o == item) {
                out.push(item.to_string());
            }
        } else {
            let shown: String = item.chars().take(100).collect();
            b.errors.push(FieldError::new(name, format!("`{shown}` is not known")));
        }
    }
    out
}

fn level(s: &str) -> Option<Level> {
    serde_json::from_value(Value::String(s.to_string())).ok()
}

/// Reads a campaign: `name` (through the privacy gate), `deadline` (a date after `today`), and a scope: at least
/// one of `levels`, `institutions` (slugs) and `communes` (slugs). Every bad field is named.
pub fn read_campaign(b: &mut Fields, s: &Snapshot, today: NaiveDate) -> Option<NewCampaign> {
    let name = b.free_text("name", 200);
    if name.is_none() && b.errors.iter().all(|e| e.field != "name") {
        b.missing("name");
    }
    let deadline = match b.string("deadline", 10) {
        None => {
            if b.errors.iter().all(|e| e.field != "deadline") {
                b.missing("deadline");
            }
            None
        }
        Some(raw) => match NaiveDate::parse_from_str(&raw, "%Y-%m-%d") {
            Ok(d) if d > today => Some(d),
            Ok(_) => {
                b.errors.push(FieldError::new("deadline", format!("must be after today ({today})")));
                None
            }
            Err(_) => {
                b.errors.push(FieldError::new("deadline", format!("`{raw}`: expected a date, YYYY-MM-DD")));
                None
            }
        },
    };
    let levels: Vec<Level> = list(b, "levels", |l| level(l).is_some()).iter().filter_map(|l| level(l)).collect();
    let institutions = list(b, "institutions", |i| s.institution(i).is_some());
    let communes = list(b, "communes", |c| s.commune(c).is_some());
    let scope = Scope { levels, institutions, communes };
    if scope == Scope::default()
        && b.errors.iter().all(|e| !["levels", "institutions", "communes"].contains(&e.field.as_str()))
    {
        b.errors.push(FieldError::new("scope", "give at least one of levels, institutions, communes"));
    }
    Some(NewCampaign { name: name?, deadline: deadline?, scope })
}

/// Opens a campaign (admins only: the door checks the role); audited; the read model reloaded, since a campaign
/// changes which records are to verify once its deadline passes.
pub async fn open_campaign(state: &AppState, principal: &Principal, new: NewCampaign) -> Result<Campaign, AppError> {
    if principal.role != Role::Admin {
        return Err(AppError::Forbidden { needed: Role::Admin.as_str() });
    }
    let actor = AuditActor::of(principal);
    let today = state.ctx().today;
    let campaign = edit::transaction(state, move |conn| {
        let at = edits::version_now();
        let id = stored::insert_campaign(conn, &new.name, today, new.deadline, &new.scope, actor.organisation_id, at)?;
        let entry = AuditEntry {
            actor: &actor,
            institution_id: None,
            resource: "campaign",
            resource_id: id,
            action: "open",
            before: None,
            after: Some(serde_json::json!({
                "name": new.name,
                "starts_on": today.to_string(),
                "deadline": new.deadline.to_string(),
                "levels": new.scope.levels,
                "institutions": new.scope.institutions,
                "communes": new.scope.communes,
            })),
        };
        audit::append(conn, at, &entry)?;
        store::sync::notify(conn, &store::sync::Change::Reload)?;
        stored::campaign(conn, id)?.ok_or_else(|| AppError::Internal("campaign not read back".into()))
    })
    .await?;
    edit::reload(state).await?;
    Ok(campaign)
}

/// The channels (indexes in the snapshot) a campaign is about; for an editor, only their institutions'.
fn records(s: &Snapshot, c: &Campaign, principal: &Principal) -> Vec<usize> {
    (0..s.channels.len())
        .filter(|&i| {
            let ch = &s.channels[i];
            s.in_scope(ch, &c.scope)
                && (principal.role == Role::Admin
                    || principal.institutions.contains(&s.institutions[s.procedures[ch.procedure].institution].id))
        })
        .collect()
}

/// The campaigns a principal may see: every one for an admin, those touching their institutions for an editor.
pub async fn list_campaigns(state: &AppState, principal: &Principal) -> Result<Vec<Campaign>, AppError> {
    let all = store::blocking(&state.pool, stored::campaigns).await?;
    let s = state.catalog.load();
    Ok(all.into_iter().filter(|c| principal.role == Role::Admin || !records(&s, c, principal).is_empty()).collect())
}

/// A campaign's progress for one institution.
#[derive(Debug, Clone)]
pub struct Progress {
    pub institution: String,
    pub name: Name,
    pub in_scope: usize,
    pub confirmed: usize,
    pub changed: usize,
    pub left: usize,
}

/// A record an editor is asked to confirm.
#[derive(Debug, Clone)]
pub struct ToConfirm {
    pub channel_id: i64,
    pub procedure: String,
    pub procedure_name: Name,
    pub kind: ChannelKind,
    /// What tells it apart: its number, its place's name, its e-mail or web address.
    pub label: Option<String>,
    /// The facts it states, by their catalog names.
    pub states: BTreeMap<&'static str, String>,
    pub verified: Option<Verification>,
    pub to_verify: bool,
}

/// A campaign with its progress per institution and, for an editor, the records left to confirm.
#[derive(Debug, Clone)]
pub struct Report {
    pub campaign: Campaign,
    pub progress: Vec<Progress>,
    pub records: Option<Vec<ToConfirm>>,
}

fn to_confirm(s: &Snapshot, i: usize, today: NaiveDate) -> ToConfirm {
    let c = &s.channels[i];
    let p = &s.procedures[c.procedure];
    let place = c.location.and_then(|l| s.locations.get(&l));
    let mut states = BTreeMap::new();
    let mut put = |k: &'static str, v: Option<String>| {
        if let Some(v) = v {
            states.insert(k, v);
        }
    };
    put("completion", Some(c.completion.as_str().to_string()));
    put("opening_hours", c.opening_hours.as_deref().map(str::to_string));
    put("phone", c.phone.clone());
    put("email", c.email.clone());
    put("url", c.url.clone());
    put("address", place.and_then(|l| l.address.clone()));
    put("postcode", place.and_then(|l| l.postcode.clone()));
    put(
        "booking",
        (!c.booking.is_empty()).then(|| c.booking.iter().map(|b| b.as_str()).collect::<Vec<_>>().join(", ")),
    );
    put("languages", (!c.languages.is_empty()).then(|| c.languages.join(", ")));
    put("declared", Some(c.declared.as_str().to_string()));
    ToConfirm {
        channel_id: c.id,
        procedure: p.slug.clone(),
        procedure_name: p.name.clone(),
        kind: c.kind,
        label: c
            .phone
            .clone()
            .or_else(|| place.map(|l| l.name.fr.clone()))
            .or_else(|| c.email.clone())
            .or_else(|| c.url.clone()),
        states,
        verified: c.verified.clone(),
        to_verify: c.to_verify(today),
    }
}

/// A campaign's report: admins see every institution in scope; an editor sees theirs, and their records left to
/// confirm (a campaign touching none of their institutions is not theirs: 404).
pub async fn campaign_report(state: &AppState, principal: &Principal, id: i64) -> Result<Report, AppError> {
    let not_found = || AppError::NotFound { what: "campaign", key: id.to_string() };
    let campaign = store::blocking(&state.pool, move |conn| stored::campaign(conn, id)).await?.ok_or_else(not_found)?;
    let starts = campaign.starts_on;
    let done = store::blocking(&state.pool, move |conn| stored::verified_since(conn, starts)).await?;
    let s = state.catalog.load();
    let today = state.ctx().today;
    let mine = records(&s, &campaign, principal);
    if mine.is_empty() && principal.role != Role::Admin {
        return Err(not_found());
    }
    let mut by_institution: BTreeMap<usize, Progress> = BTreeMap::new();
    let mut left = Vec::new();
    for &i in &mine {
        let inst = s.procedures[s.channels[i].procedure].institution;
        let p = by_institution.entry(inst).or_insert_with(|| Progress {
            institution: s.institutions[inst].slug.clone(),
            name: s.institutions[inst].name.clone(),
            in_scope: 0,
            confirmed: 0,
            changed: 0,
            left: 0,
        });
        p.in_scope += 1;
        match done.get(&s.channels[i].id) {
            Some(VerificationKind::Confirmed) => p.confirmed += 1,
            Some(VerificationKind::Changed) => p.changed += 1,
            None => {
                p.left += 1;
                left.push(i);
            }
        }
    }
    let mut progress: Vec<Progress> = by_institution.into_values().collect();
    progress.sort_by(|a, b| a.institution.cmp(&b.institution));
    let records = (principal.role != Role::Admin).then(|| left.into_iter().map(|i| to_confirm(&s, i, today)).collect());
    Ok(Report { campaign, progress, records })
}

/// Inside a write transaction: records that `actor` verified channel `id` on `on` (nothing for an actor without
/// an organisation: the command line verifies nothing).
pub fn record_in(
    conn: &mut DbConnection,
    actor: &AuditActor,
    id: i64,
    on: NaiveDate,
    kind: VerificationKind,
    at: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    let Some(display) = actor.organisation.as_deref() else { return Ok(()) };
    let by = Verifier { display, organisation_id: actor.organisation_id, actor_kind: actor.kind, actor_id: actor.id };
    stored::insert_verification(conn, id, on, kind, &by, at)?;
    Ok(())
}

/// "Still true": stamps today as the channel's verification by the principal's organisation, moves its version
/// on and audits it, in one transaction; returns the new ETag. Editors within their institutions, admins
/// everywhere; `If-Match` as for every write.
pub async fn verify_channel(
    state: &AppState,
    principal: &Principal,
    id: i64,
    if_match: Option<String>,
) -> Result<String, AppError> {
    let (institution_id, slug) = edit::institution_of(state, id)?;
    edit::authorize(principal, institution_id, &slug)?;
    let if_match = edit::required(if_match)?;
    let actor = AuditActor::of(principal);
    let today = state.ctx().today;
    let tag = edit::transaction(state, move |conn| {
        let stored = edit::current(conn, id, &if_match)?;
        let at = edits::version_now();
        if !edits::touch_channel(conn, id, stored.updated_at, at)? {
            return Err(edit::stale(id, conn));
        }
        record_in(conn, &actor, id, today, VerificationKind::Confirmed, at)?;
        let entry = AuditEntry {
            actor: &actor,
            institution_id: Some(stored.institution_id),
            resource: "channel",
            resource_id: id,
            action: "verify",
            before: None,
            after: Some(serde_json::json!({ "verified_on": today.to_string(), "verified_by": actor.organisation })),
        };
        audit::append(conn, at, &entry)?;
        store::sync::notify(conn, &store::sync::Change::Reload)?;
        Ok(edit::etag(id, at))
    })
    .await?;
    edit::reload(state).await?;
    Ok(tag)
}
