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
