//! The observed side of the read model: per channel, the evidence of the field (observations, complaints) and
//! its reachability, kept up to date one observation at a time — never recomputed for the whole catalog.
//! Separate from the catalog snapshot because observations arrive far more often than catalog edits.

use crate::domain::monitoring::ObservationFacts;
use crate::domain::reachability::{ChannelEvidence, Evidence, Reachability, ReachabilityParams, contradiction};
use crate::domain::{DeclaredState, FailureReason, ObservedState, Outcome};
use crate::store::observations::ObservationRecord;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

/// One observation as the monitoring figures see it, kept small: a million of them stay in memory.
#[derive(Debug, Clone, Copy)]
pub struct ObservationRow {
    pub channel_id: i64,
    pub occurred_at: DateTime<Utc>,
    pub outcome: Outcome,
    pub minutes_spent: u16,
    pub on_behalf: bool,
    pub failure_reason: Option<FailureReason>,
    /// Index in the index's organisations.
    pub organisation: u32,
}

/// A reporting organisation, as the monitoring figures filter on it.
#[derive(Debug, Clone)]
pub struct Organisation {
    pub name: String,
    /// Slug of the organisation's commune: the area of the monitoring figures.
    pub commune: Option<String>,
}

#[derive(Default)]
struct Rows {
    rows: Vec<ObservationRow>,
    organisations: Vec<Organisation>,
    by_name: HashMap<String, u32>,
}

impl ObservationRow {
    /// The row as the monitoring table needs it, with the institution and channel kind of the current catalog.
    pub fn facts(&self, s: &super::Snapshot) -> Option<ObservationFacts> {
        let channel = s.channel(self.channel_id)?;
        let institution = &s.institutions[s.procedures[channel.procedure].institution];
        Some(ObservationFacts {
            occurred_at: self.occurred_at,
            outcome: self.outcome,
            minutes_spent: u32::from(self.minutes_spent),
            on_behalf: self.on_behalf,
            failure_reason: self.failure_reason,
            institution: institution.slug.clone(),
            channel_kind: channel.kind,
        })
    }
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
    rows: RwLock<Rows>,
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

    /// Adds the monitoring row of a stored observation.
    /// Adds evidence read back at start-up: its transitions come from the database, not from replaying the formula.
    pub fn add_loaded(&self, channel_id: i64, evidence: Evidence) {
        let mut channels = self.channels.write().expect("observed index lock");
        let channel = channels.entry(channel_id).or_insert_with(|| {
            Mutex::new(ObservedChannel { evidence: ChannelEvidence::new(self.params), transitions: Vec::new() })
        });
        channel.get_mut().expect("observed channel lock").evidence.add(evidence);
    }

    pub fn add_loaded_transition(&self, channel_id: i64, t: Transition) {
        let mut channels = self.channels.write().expect("observed index lock");
        let channel = channels.entry(channel_id).or_insert_with(|| {
            Mutex::new(ObservedChannel { evidence: ChannelEvidence::new(self.params), transitions: Vec::new() })
        });
        channel.get_mut().expect("observed channel lock").transitions.push(t);
    }

    /// The transition a new piece of evidence would cause, if any (to be stored with the write).
    pub fn transition_with(
        &self,
        channel_id: i64,
        before: ObservedState,
        after: &Observed,
        at: DateTime<Utc>,
    ) -> Option<crate::store::observations::TransitionRecord> {
        (before != after.reachability.state).then(|| crate::store::observations::TransitionRecord {
            channel_id,
            state: after.reachability.state.as_str().to_string(),
            observations: after.reachability.observations as i32,
            complaints: after.reachability.complaints as i32,
            at: at.naive_utc(),
        })
    }

    fn reserve_rows(&self, n: usize) {
        self.rows.write().expect("observation rows lock").rows.reserve_exact(n);
    }

    pub fn add_row(&self, record: &ObservationRecord, organisation: &str, commune: Option<&str>) {
        let (Ok(outcome), Ok(minutes)) = (record.outcome.parse::<Outcome>(), u16::try_from(record.minutes_spent))
        else {
            return;
        };
        let mut rows = self.rows.write().expect("observation rows lock");
        let org = match rows.by_name.get(organisation) {
            Some(&i) => i,
            None => {
                let i = rows.organisations.len() as u32;
                rows.organisations
                    .push(Organisation { name: organisation.to_string(), commune: commune.map(str::to_string) });
                rows.by_name.insert(organisation.to_string(), i);
                i
            }
        };
        rows.rows.push(ObservationRow {
            channel_id: record.channel_id,
            occurred_at: record.occurred_at.and_utc(),
            outcome,
            minutes_spent: minutes,
            on_behalf: record.on_behalf,
            failure_reason: record.failure_reason.as_deref().and_then(|r| r.parse().ok()),
            organisation: org,
        });
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

    /// Runs `f` over all observation rows and the organisations they point to (read lock held meanwhile).
    pub fn with_rows<T>(&self, f: impl FnOnce(&[ObservationRow], &[Organisation]) -> T) -> T {
        let rows = self.rows.read().expect("observation rows lock");
        f(&rows.rows, &rows.organisations)
    }
}

/// Loads every stored observation and channel complaint, in the order they were recorded, page by page so that
/// a million observations never sit in memory twice.
pub fn load_observed(conn: &mut crate::store::DbConnection) -> Result<ObservedIndex, crate::store::StoreError> {
    use crate::domain::reachability::Evidence;
    const PAGE: i64 = 50_000;
    let index = ObservedIndex::new(ReachabilityParams::default());
    index.reserve_rows(crate::store::observations::count_observations(conn)? as usize);
    let organisations = crate::store::observations::load_organisations(conn)?;
    let complaints = crate::store::complaints::load_channel_complaints(conn)?;
    let mut next_complaint = 0;
    let mut after = 0;
    loop {
        let page = crate::store::observations::load_observations_page(conn, after, PAGE)?;
        for o in &page {
            // Complaints recorded before this observation come first.
            while let Some(&(channel, at)) = complaints.get(next_complaint).filter(|(_, at)| *at <= o.recorded_at) {
                index.add_loaded(channel, Evidence::complaint(at.and_utc()));
                next_complaint += 1;
            }
            let Ok(outcome) = o.record.outcome.parse() else { continue };
            index.add_loaded(o.record.channel_id, Evidence::observation(o.record.occurred_at.and_utc(), outcome));
            let (name, commune) = organisations.get(&o.record.organisation_id).cloned().unwrap_or_default();
            index.add_row(&o.record, &name, commune.as_deref());
        }
        match page.last() {
            Some(last) if page.len() as i64 == PAGE => after = last.id,
            _ => break,
        }
    }
    for &(channel, at) in &complaints[next_complaint..] {
        index.add_loaded(channel, Evidence::complaint(at.and_utc()));
    }
    for t in crate::store::observations::load_transitions(conn)? {
        let Ok(state) = t.state.parse() else { continue };
        let transition = Transition {
            at: t.at.and_utc(),
            state,
            observations: t.observations.max(0) as u32,
            complaints: t.complaints.max(0) as u32,
        };
        index.add_loaded_transition(t.channel_id, transition);
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
