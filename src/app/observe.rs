//! Recording an observation — the "monitoring social 1030" questionnaire made permanent. One set of rules for
//! the JSON API, the web form and paper questionnaires: validate, store (with its idempotency key and the
//! observed-state change it causes, in one transaction with the reports sent at the same moment:
//! `group_commit.rs`), and count it in the read model once committed.

use super::error::{AppError, FieldError};
use super::group_commit::{self, Submission};
use super::input::Fields;
use super::state::AppState;
use crate::catalog::Snapshot;
use crate::catalog::observed::Observed;
use crate::domain::{ChannelKind, FailureReason, ObservedState, Outcome};
use crate::store::observations::ObservationRecord;
use crate::store::tokens::Principal;
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Clock skew tolerated for `occurred_at`.
const SKEW_MINUTES: i64 = 5;

/// A valid report of one attempt through a channel.
#[derive(Debug, Clone)]
pub struct Report {
    pub channel_id: i64,
    pub occurred_at: chrono::DateTime<chrono::Utc>,
    pub outcome: Outcome,
    pub minutes_spent: u32,
    pub on_behalf: bool,
    pub failure_reason: Option<FailureReason>,
    pub wait_minutes: Option<u32>,
    pub reporter_role: Option<String>,
    pub comment: Option<String>,
}

impl Report {
    pub fn record(&self, organisation_id: i64) -> ObservationRecord {
        ObservationRecord {
            channel_id: self.channel_id,
            organisation_id,
            occurred_at: self.occurred_at.naive_utc(),
            outcome: self.outcome,
            minutes_spent: i32::try_from(self.minutes_spent).unwrap_or(i32::MAX),
            on_behalf: self.on_behalf,
            failure_reason: self.failure_reason,
            wait_minutes: self.wait_minutes.map(|m| i32::try_from(m).unwrap_or(i32::MAX)),
            reporter_role: self.reporter_role.clone(),
            comment: self.comment.clone(),
        }
    }
}

/// Resolves `channel_id`, or `procedure` + `channel_kind`, against the catalog.
fn resolve_channel(
    s: &Snapshot,
    b: &mut Fields,
    id: Option<i64>,
    procedure: Option<String>,
    kind: Option<ChannelKind>,
) -> Option<i64> {
    match (id, procedure) {
        (Some(id), _) => {
            if s.channel(id).is_none() {
                b.errors.push(FieldError::new("channel_id", format!("no channel {id}")));
            }
            Some(id)
        }
        (None, Some(slug)) => {
            let Some(p) = s.procedure(&slug) else {
                b.errors.push(FieldError::new("procedure", format!("no procedure `{slug}`")));
                return None;
            };
            let Some(kind) = kind else {
                b.errors.push(FieldError::new("channel_kind", "is required with `procedure`"));
                return None;
            };
            let matching: Vec<i64> =
                p.channels.iter().map(|&c| &s.channels[c]).filter(|c| c.kind == kind).map(|c| c.id).collect();
            match matching.as_slice() {
                [one] => Some(*one),
                [] => {
                    b.errors.push(FieldError::new("channel_kind", format!("`{slug}` has no `{kind}` channel")));
                    None
                }
                _ => {
                    b.errors.push(FieldError::new(
                        "channel_kind",
                        format!("`{slug}` has {} `{kind}` channels: give `channel_id`", matching.len()),
                    ));
                    None
                }
            }
        }
        (None, None) => {
            b.errors.push(FieldError::new("channel_id", "is required (or `procedure` with `channel_kind`)"));
            None
        }
    }
}

/// Reads and checks a report; every invalid field is left in `b`.
pub fn parse_report(s: &Snapshot, b: &mut Fields, now: chrono::DateTime<chrono::Utc>) -> Option<Report> {
    let id = b.integer("channel_id", 1, i64::MAX);
    let procedure = b.string("procedure", 100);
    let kind: Option<ChannelKind> = b.parse_str("channel_kind");
    let channel_id = resolve_channel(s, b, id, procedure, kind);
    let occurred_at = b.datetime("occurred_at");
    let outcome: Option<Outcome> = b.parse_str("outcome");
    let minutes_spent = b.integer("minutes_spent", 0, 600);
    let on_behalf = b.boolean("on_behalf");
    let failure_reason: Option<FailureReason> = b.parse_str("failure_reason");
    let wait_minutes = b.integer("wait_minutes", 0, 1440);
    let reporter_role = b.free_text("reporter_role", 100);
    let comment = b.free_text("comment", 500);

    for (name, present) in [
        ("occurred_at", occurred_at.is_some()),
        ("outcome", outcome.is_some()),
        ("minutes_spent", minutes_spent.is_some()),
        ("on_behalf", on_behalf.is_some()),
    ] {
        if !present && !b.errors.iter().any(|e| e.field == name) {
            b.missing(name);
        }
    }
    if let Some(at) = occurred_at {
        if at > now + chrono::Duration::minutes(SKEW_MINUTES) {
            b.errors.push(FieldError::new("occurred_at", "is in the future"));
        } else if at.year_ce().1 < 2000 {
            b.errors.push(FieldError::new("occurred_at", "is before 2000"));
        }
    }
    match (outcome, failure_reason) {
        (Some(Outcome::NotCompleted | Outcome::RedirectedOnline), None)
            if !b.errors.iter().any(|e| e.field == "failure_reason") =>
        {
            b.errors.push(FieldError::new("failure_reason", "is required when the attempt did not complete"));
        }
        (Some(Outcome::Completed), Some(_)) => {
            b.errors.push(FieldError::new("failure_reason", "must be empty when the attempt completed"));
        }
        _ => {}
    }
    if !b.errors.is_empty() {
        return None;
    }
    Some(Report {
        channel_id: channel_id?,
        occurred_at: occurred_at?,
        outcome: outcome?,
        minutes_spent: u32::try_from(minutes_spent?).ok()?,
        on_behalf: on_behalf?,
        failure_reason,
        wait_minutes: wait_minutes.and_then(|m| u32::try_from(m).ok()),
        reporter_role,
        comment,
    })
}

/// The status as observed by the people who try the channel: social workers' observations and complaints of the
/// last 90 days, weighted towards recent ones (see ARCHITECTURE.md, "Observed reachability").
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ObservedView {
    pub state: ObservedState,
    /// Observations in the window.
    pub observations: u32,
    pub successes: u32,
    pub failures: u32,
    /// Complaints about this channel in the window.
    pub complaints: u32,
    /// The latest observation, even older than the window.
    pub last_observed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Weighted success rate, 0 to 1; `null` without evidence.
    pub score: Option<f64>,
    /// 0 to 1: how much recent evidence there is.
    pub confidence: f64,
    /// Declared `open` while observed `unreachable`: "compliant on paper only".
    pub contradiction: bool,
    /// When guichet last fetched the page of this online channel (probes on, a URL known); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_probed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// What that probe found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_probe: Option<crate::domain::ProbeOutcome>,
    /// Failing probes in a row up to the last one (`GUICHET_PROBE_FAILURES` of them make it `unreachable`).
    #[serde(default)]
    pub failing_probes: u32,
}

impl From<Observed> for ObservedView {
    fn from(o: Observed) -> Self {
        let r = o.reachability;
        ObservedView {
            state: r.state,
            observations: r.observations,
            successes: r.successes,
            failures: r.failures,
            complaints: r.complaints,
            last_observed_at: r.last_observed_at,
            score: r.score,
            confidence: r.confidence,
            contradiction: o.contradiction,
            last_probed_at: r.last_probed_at,
            last_probe: r.last_probe,
            failing_probes: r.failing_probes,
        }
    }
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ObservationView {
    pub id: i64,
    pub channel_id: i64,
    pub organisation: String,
    pub occurred_at: chrono::DateTime<chrono::Utc>,
    pub outcome: Outcome,
    pub minutes_spent: u32,
    pub on_behalf: bool,
    pub failure_reason: Option<FailureReason>,
    pub wait_minutes: Option<u32>,
    pub reporter_role: Option<String>,
    pub comment: Option<String>,
    pub recorded_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ChannelObserved {
    pub id: i64,
    pub observed: ObservedView,
}

/// What a stored observation answers: it, and the channel's observed status with it counted.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ObservationCreated {
    pub observation: ObservationView,
    /// The channel's observed status with this observation counted.
    pub channel: ChannelObserved,
}

/// The `Idempotency-Key` of a request and a hash of its canonical body.
pub struct Idempotency {
    pub key: String,
    pub request_hash: String,
}

/// What became of a valid report: its `ObservationCreated` JSON, first time or replayed, or a key conflict.
pub enum Recorded {
    Created(String),
    Replayed(String),
    /// The key was used with another body.
    Conflict,
}

/// Stores a valid report for the principal's organisation, then counts it in the read model: the very next read
/// shows it. With an idempotency key, a replay of the same body answers the first response and stores nothing.
/// The report is written with the others waiting at the same moment, in one transaction (`group_commit`); the
/// answer comes once that transaction has committed.
pub async fn record(
    state: &actix_web::web::Data<AppState>,
    principal: &Principal,
    report: Report,
    idempotency: Option<Idempotency>,
) -> Result<Recorded, AppError> {
    let s = state.catalog.load();
    let channel =
        s.channel(report.channel_id).ok_or_else(|| AppError::Internal("report against another snapshot".into()))?;
    let submission = Submission {
        organisation_id: principal.organisation_id,
        organisation: principal.organisation.clone(),
        commune: principal.commune.clone(),
        declared: channel.declared,
        report,
        idempotency,
    };
    let recorded = group_commit::submit(state, submission).await;
    if let Ok(Recorded::Created(_)) = &recorded {
        state.metrics.observation_accepted();
    }
    recorded
}

pub(super) fn created(
    id: i64,
    at: chrono::NaiveDateTime,
    r: &Report,
    organisation: &str,
    preview: &Observed,
) -> Result<String, diesel::result::Error> {
    let created = ObservationCreated {
        observation: ObservationView {
            id,
            channel_id: r.channel_id,
            organisation: organisation.to_string(),
            occurred_at: r.occurred_at,
            outcome: r.outcome,
            minutes_spent: r.minutes_spent,
            on_behalf: r.on_behalf,
            failure_reason: r.failure_reason,
            wait_minutes: r.wait_minutes,
            reporter_role: r.reporter_role.clone(),
            comment: r.comment.clone(),
            recorded_at: at.and_utc(),
        },
        channel: ChannelObserved { id: r.channel_id, observed: preview.clone().into() },
    };
    serde_json::to_string(&created).map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))
}
