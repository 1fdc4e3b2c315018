//! The observed side of the read model: per channel, the evidence of the field (observations, complaints) and
//! its reachability, kept up to date one observation at a time — never recomputed for the whole catalog.
//! Separate from the catalog snapshot because observations arrive far more often than catalog edits.

use crate::domain::monitoring::ObservationFacts;
use crate::domain::reachability::{ChannelEvidence, Evidence, Reachability, ReachabilityParams, contradiction};
use crate::domain::{DeclaredState, ObservedState};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

/// One observation as the monitoring figures see it.
#[derive(Debug, Clone)]
pub struct ObservationRow {
    pub facts: ObservationFacts,
    pub channel_id: i64,
    pub organisation: String,
    /// Slug of the organisation's commune: the area of the monitoring figures.
    pub organisation_commune: Option<String>,
}

/// A change of observed state, at the time guichet learned of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub at: DateTime<Utc>,
    pub state: ObservedState,
    pub observations: u32,
    pub complaints: u32,
}

struct ObservedChannel {
    evidence: ChannelEvidence,
    transitions: Vec<Transition>,
}

/// The observed status of one channel at one instant, with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    pub reachability: Reachability,
    pub contradiction: bool,
}

#[derive(Default)]
pub struct ObservedIndex {
    params: ReachabilityParams,
    channels: RwLock<HashMap<i64, Mutex<ObservedChannel>>>,
    rows: RwLock<Vec<ObservationRow>>,
}

impl ObservedIndex {
    pub fn new(params: ReachabilityParams) -> Self {
        ObservedIndex { params, ..Default::default() }
    }

    /// Adds one piece of evidence, learned at `now`, and records a transition when the state changes.
    pub fn add(&self, channel_id: i64, evidence: Evidence, now: DateTime<Utc>) {
        let mut channels = self.channels.write().expect("observed index lock");
        let channel = channels.entry(channel_id).or_insert_with(|| {
            Mutex::new(ObservedChannel { evidence: ChannelEvidence::new(self.params), transitions: Vec::new() })
        });
        let channel = channel.get_mut().expect("observed channel lock");
        channel.evidence.add(evidence);
        let r = channel.evidence.reachability(now);
        if channel.transitions.last().is_none_or(|t| t.state != r.state) {
            channel.transitions.push(Transition {
                at: now,
                state: r.state,
                observations: r.observations,
                complaints: r.complaints,
            });
        }
    }

    pub fn add_row(&self, row: ObservationRow) {
        self.rows.write().expect("observation rows lock").push(row);
    }

    /// The observed status of a channel now; `unknown` without evidence.
    pub fn observed(&self, channel_id: i64, declared: DeclaredState, now: DateTime<Utc>) -> Observed {
        let channels = self.channels.read().expect("observed index lock");
        let reachability = match channels.get(&channel_id) {
            Some(c) => c.lock().expect("observed channel lock").evidence.reachability(now),
            None => ChannelEvidence::new(self.params).reachability(now),
        };
        let contradiction = contradiction(declared, reachability.state);
        Observed { reachability, contradiction }
    }

    pub fn transitions(&self, channel_id: i64) -> Vec<Transition> {
        let channels = self.channels.read().expect("observed index lock");
        channels
            .get(&channel_id)
            .map(|c| c.lock().expect("observed channel lock").transitions.clone())
            .unwrap_or_default()
    }

    pub fn evidence(&self, channel_id: i64) -> Vec<Evidence> {
        let channels = self.channels.read().expect("observed index lock");
        channels
            .get(&channel_id)
            .map(|c| c.lock().expect("observed channel lock").evidence.evidence().copied().collect())
            .unwrap_or_default()
    }

    pub fn params(&self) -> &ReachabilityParams {
        &self.params
    }

    /// Runs `f` over all observation rows (read lock held meanwhile).
    pub fn with_rows<T>(&self, f: impl FnOnce(&[ObservationRow]) -> T) -> T {
        f(&self.rows.read().expect("observation rows lock"))
    }
}

/// The monitoring row of an observation on a channel of the snapshot (`None` for a channel no longer shown).
pub fn observation_row(
    s: &super::Snapshot,
    channel_id: i64,
    record: &crate::store::observations::ObservationRecord,
    organisation: &str,
    organisation_commune: Option<&str>,
) -> Option<ObservationRow> {
    let channel = s.channel(channel_id)?;
    let institution = &s.institutions[s.procedures[channel.procedure].institution];
    Some(ObservationRow {
        facts: ObservationFacts {
            occurred_at: record.occurred_at.and_utc(),
            outcome: record.outcome.parse().ok()?,
            minutes_spent: u32::try_from(record.minutes_spent).unwrap_or(0),
            on_behalf: record.on_behalf,
            failure_reason: record.failure_reason.as_deref().and_then(|r| r.parse().ok()),
            institution: institution.slug.clone(),
            channel_kind: channel.kind,
        },
        channel_id,
        organisation: organisation.to_string(),
        organisation_commune: organisation_commune.map(str::to_string),
    })
}

/// Loads every stored observation and channel complaint, in the order they were recorded.
pub fn load_observed(
    conn: &mut crate::store::DbConnection,
    s: &super::Snapshot,
) -> Result<ObservedIndex, crate::store::StoreError> {
    use crate::domain::reachability::Evidence;
    let index = ObservedIndex::new(ReachabilityParams::default());
    let observations = crate::store::observations::load_observations(conn)?;
    let complaints = crate::store::complaints::load_channel_complaints(conn)?;
    let mut events: Vec<(chrono::NaiveDateTime, Option<usize>, i64)> = Vec::new();
    events.extend(observations.iter().enumerate().map(|(i, o)| (o.recorded_at, Some(i), o.record.channel_id)));
    events.extend(complaints.iter().map(|(channel, at)| (*at, None, *channel)));
    events.sort_by_key(|e| e.0);
    for (recorded_at, observation, channel_id) in events {
        let learned = recorded_at.and_utc();
        match observation {
            Some(i) => {
                let o = &observations[i];
                let Ok(outcome) = o.record.outcome.parse() else { continue };
                index.add(channel_id, Evidence::observation(o.record.occurred_at.and_utc(), outcome), learned);
                if let Some(row) =
                    observation_row(s, channel_id, &o.record, &o.organisation, o.organisation_commune.as_deref())
                {
                    index.add_row(row);
                }
            }
            None => index.add(channel_id, Evidence::complaint(learned), learned),
        }
    }
    Ok(index)
}

impl ObservedIndex {
    /// What the observed status would be with one more piece of evidence, without adding it: the response of a
    /// write is built before its transaction commits.
    pub fn preview(
        &self,
        channel_id: i64,
        evidence: crate::domain::reachability::Evidence,
        declared: DeclaredState,
        now: DateTime<Utc>,
    ) -> Observed {
        let mut scratch = ChannelEvidence::new(self.params);
        for e in self.evidence(channel_id) {
            scratch.add(e);
        }
        scratch.add(evidence);
        let reachability = scratch.reachability(now);
        Observed { contradiction: contradiction(declared, reachability.state), reachability }
    }
}
