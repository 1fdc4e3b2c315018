//! The observed side of the read model: per channel, the evidence of the field (observations, complaints) and
//! its reachability, kept up to date one observation at a time — never recomputed for the whole catalog.
//! Separate from the catalog snapshot because observations arrive far more often than catalog edits.

pub use super::observation_rows::{ObservationRow, ObservationRows};
use crate::domain::reachability::{ChannelEvidence, Evidence, Reachability, ReachabilityParams, contradiction};
use crate::domain::{DeclaredState, ObservedState, ProbeOutcome};
use crate::store::observations::{ObservationRecord, TransitionRecord};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

/// How a piece of evidence reaches the index.
#[derive(Debug, Clone, Copy)]
pub enum Learned {
    /// Committed now (this instance's write, or another's heard through the database).
    At(DateTime<Utc>),
    /// Read back at start-up: transitions come from the database.
    Loading,
}

/// A reporting organisation, as the monitoring figures filter on it.
#[derive(Debug, Clone)]
pub struct Organisation {
    pub name: String,
    /// Slug of the organisation's commune: the area of the monitoring figures.
    pub commune: Option<String>,
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
    // Boxed: a map's buckets are allocated to a power of two above its size, and each would otherwise hold the
    // whole evidence state inline (70,000 channels: 131,072 buckets).
    channels: RwLock<HashMap<i64, Box<Mutex<ObservedChannel>>>>,
    rows: RwLock<ObservationRows>,
}

impl ObservedIndex {
    pub fn new(params: ReachabilityParams) -> Self {
        ObservedIndex { params, ..Default::default() }
    }

    /// Adds one piece of evidence. `Learned::At(now)`: a write committed now, a change of state is recorded at
    /// `now`; `Learned::Loading`: read back at start-up, its transitions come from the database instead.
    fn add(&self, channel_id: i64, evidence: Evidence, learned: Learned) {
        self.add_with(channel_id, learned, |e| e.add(evidence));
    }

    /// A probe of an online channel's page counts in its evidence (`ChannelEvidence::add_probe`).
    pub fn apply_probe(&self, channel_id: i64, at: DateTime<Utc>, outcome: ProbeOutcome, learned: Learned) {
        self.add_with(channel_id, learned, |e| e.add_probe(at, outcome));
    }

    fn add_with(&self, channel_id: i64, learned: Learned, add: impl FnOnce(&mut ChannelEvidence)) {
        let mut channels = self.channels.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        let channel = channels.entry(channel_id).or_insert_with(|| {
            Box::new(Mutex::new(ObservedChannel {
                evidence: ChannelEvidence::new(self.params),
                transitions: Vec::new(),
            }))
        });
        let channel = channel.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner);
        add(&mut channel.evidence);
        if let Learned::At(now) = learned {
            let r = channel.evidence.reachability(now);
            // The same rule as the stored history (`pending`): a change from the last transition, none meaning
            // `unknown`.
            if channel.transitions.last().map_or(ObservedState::Unknown, |t| t.state) != r.state {
                channel.transitions.push(Transition {
                    at: now,
                    state: r.state,
                    observations: r.observations,
                    complaints: r.complaints,
                });
            }
        }
    }

    /// A stored observation counts: as evidence of its channel, and as a row of the monitoring figures. The one
    /// way an observation enters the index — a write of this instance, another instance's, or start-up.
    pub fn apply_observation(
        &self,
        record: &ObservationRecord,
        organisation: &str,
        commune: Option<&str>,
        learned: Learned,
    ) {
        self.add(record.channel_id, Evidence::observation(record.occurred_at.and_utc(), record.outcome), learned);
        let Ok(minutes) = u16::try_from(record.minutes_spent) else { return };
        let mut rows = self.rows.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        let organisation = rows.organisation(organisation, commune);
        rows.push(ObservationRow {
            channel_id: record.channel_id,
            occurred_at: record.occurred_at.and_utc(),
            outcome: record.outcome,
            minutes_spent: minutes,
            on_behalf: record.on_behalf,
            failure_reason: record.failure_reason,
            organisation,
        });
    }

    /// A complaint about a channel counts in its evidence.
    pub fn apply_complaint(&self, channel_id: i64, at: DateTime<Utc>, learned: Learned) {
        self.add(channel_id, Evidence::complaint(at), learned);
    }

    fn add_loaded_transition(&self, channel_id: i64, t: Transition) {
        let mut channels = self.channels.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        let channel = channels.entry(channel_id).or_insert_with(|| {
            Box::new(Mutex::new(ObservedChannel {
                evidence: ChannelEvidence::new(self.params),
                transitions: Vec::new(),
            }))
        });
        channel.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner).transitions.push(t);
    }

    /// What one more piece of evidence, learned at `now`, would make of a channel's observed state — without
    /// adding it, since a write's response and its stored transition are made before it commits: the state with
    /// it, and the transition to store with the write when the state differs from `prior`, the state of the
    /// channel's last stored transition (none: `unknown`). Called under the channel's write lock (see
    /// `AppState::channel_gate` and `store::observations::last_transition_state`), so that concurrent writes
    /// each see the others' and never store the same transition twice.
    pub fn pending(
        &self,
        channel_id: i64,
        declared: DeclaredState,
        evidence: Evidence,
        prior: Option<ObservedState>,
        now: DateTime<Utc>,
    ) -> (Observed, Option<TransitionRecord>) {
        decide(&mut self.fork(channel_id, now), channel_id, declared, evidence, prior, now)
    }

    /// A copy of a channel's evidence, to decide what writes not yet committed make of it at `now` (see
    /// `ChannelEvidence::fork` and [`decide`]).
    pub fn fork(&self, channel_id: i64, now: DateTime<Utc>) -> ChannelEvidence {
        let channels = self.channels.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        match channels.get(&channel_id) {
            Some(c) => c.lock().unwrap_or_else(std::sync::PoisonError::into_inner).evidence.fork(now),
            None => ChannelEvidence::new(self.params),
        }
    }

    /// Makes each channel's evidence with room for its `n` known observations, all at once and in channel order:
    /// loading then never grows a history piece by piece, which would leave freed holes all over the heap.
    fn reserve_evidence(&self, counts: &[(i64, i64)]) {
        let mut channels = self.channels.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        channels.reserve(counts.len());
        for &(channel_id, n) in counts {
            let mut evidence = ChannelEvidence::new(self.params);
            evidence.reserve_exact(usize::try_from(n).unwrap_or(0));
            channels.insert(channel_id, Box::new(Mutex::new(ObservedChannel { evidence, transitions: Vec::new() })));
        }
    }

    /// Gives back what loading reserved to grow.
    fn shrink_to_fit(&self) {
        let mut channels = self.channels.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        for c in channels.values_mut() {
            let c = c.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner);
            c.evidence.shrink_to_fit();
            c.transitions.shrink_to_fit();
        }
    }

    fn reserve_rows(&self, n: usize) {
        self.rows.write().unwrap_or_else(std::sync::PoisonError::into_inner).reserve(n);
    }

    /// The observed status of a channel now; `unknown` without evidence.
    pub fn observed(&self, channel_id: i64, declared: DeclaredState, now: DateTime<Utc>) -> Observed {
        let channels = self.channels.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        let reachability = match channels.get(&channel_id) {
            Some(c) => c.lock().unwrap_or_else(std::sync::PoisonError::into_inner).evidence.reachability(now),
            None => ChannelEvidence::new(self.params).reachability(now),
        };
        let contradiction = contradiction(declared, reachability.state);
        Observed { reachability, contradiction }
    }

    pub fn transitions(&self, channel_id: i64) -> Vec<Transition> {
        let channels = self.channels.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        channels
            .get(&channel_id)
            .map(|c| c.lock().unwrap_or_else(std::sync::PoisonError::into_inner).transitions.clone())
            .unwrap_or_default()
    }

    pub fn evidence(&self, channel_id: i64) -> Vec<Evidence> {
        let channels = self.channels.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        channels
            .get(&channel_id)
            .map(|c| c.lock().unwrap_or_else(std::sync::PoisonError::into_inner).evidence.evidence().copied().collect())
            .unwrap_or_default()
    }

    pub fn params(&self) -> &ReachabilityParams {
        &self.params
    }

    /// Runs `f` over the observation rows and the organisations they point to (read lock held meanwhile).
    pub fn with_rows<T>(&self, f: impl FnOnce(&ObservationRows) -> T) -> T {
        f(&self.rows.read().unwrap_or_else(std::sync::PoisonError::into_inner))
    }
}

/// Adds `evidence` to `scratch` (a fork of the channel's evidence, with the writes before this one in it) and
/// says what the channel's observed state becomes at `now`, and the transition to store with the write when it
/// differs from `prior`, the state of the channel's last stored transition (none: `unknown`).
pub fn decide(
    scratch: &mut ChannelEvidence,
    channel_id: i64,
    declared: DeclaredState,
    evidence: Evidence,
    prior: Option<ObservedState>,
    now: DateTime<Utc>,
) -> (Observed, Option<TransitionRecord>) {
    scratch.add(evidence);
    settle(scratch, channel_id, declared, prior, now)
}

/// [`decide`] for a probe of the channel's page at `now`.
pub fn decide_probe(
    scratch: &mut ChannelEvidence,
    channel_id: i64,
    declared: DeclaredState,
    outcome: ProbeOutcome,
    prior: Option<ObservedState>,
    now: DateTime<Utc>,
) -> (Observed, Option<TransitionRecord>) {
    scratch.add_probe(now, outcome);
    settle(scratch, channel_id, declared, prior, now)
}

fn settle(
    scratch: &mut ChannelEvidence,
    channel_id: i64,
    declared: DeclaredState,
    prior: Option<ObservedState>,
    now: DateTime<Utc>,
) -> (Observed, Option<TransitionRecord>) {
    let reachability = scratch.reachability(now);
    let after = Observed { contradiction: contradiction(declared, reachability.state), reachability };
    let transition = (prior.unwrap_or(ObservedState::Unknown) != after.reachability.state).then(|| TransitionRecord {
        channel_id,
        state: after.reachability.state,
        observations: i32::try_from(after.reachability.observations).unwrap_or(i32::MAX),
        complaints: i32::try_from(after.reachability.complaints).unwrap_or(i32::MAX),
        at: now.naive_utc(),
    });
    (after, transition)
}

/// Loads every stored observation and channel complaint, in the order they were recorded, page by page so that
/// a million observations never sit in memory twice.
pub fn load_observed(
    conn: &mut crate::store::DbConnection,
    params: ReachabilityParams,
) -> Result<ObservedIndex, crate::store::StoreError> {
    const PAGE: i64 = 50_000;
    let index = ObservedIndex::new(params);
    let counts = crate::store::observations::count_observations_by_channel(conn)?;
    index.reserve_rows(usize::try_from(counts.iter().map(|(_, n)| n).sum::<i64>()).unwrap_or(0));
    index.reserve_evidence(&counts);
    drop(counts);
    let organisations = crate::store::observations::load_organisations(conn)?;
    let complaints = crate::store::complaints::load_channel_complaints(conn)?;
    let mut next_complaint = 0;
    let with_recorded_at = !complaints.is_empty();
    // One thread reads the pages (SQLite's work and decoding the rows) while this one puts them in the index:
    // the two halves cost about the same, and start-up waits for the longer of this and the catalog's build.
    let (pages, received) = std::sync::mpsc::sync_channel(2);
    let read = std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut after = 0;
            loop {
                let page = crate::store::observations::load_observations_page(conn, after, PAGE, with_recorded_at)?;
                let next = match page.last() {
                    Some(last) if i64::try_from(page.len()).is_ok_and(|n| n == PAGE) => Some(last.id),
                    _ => None,
                };
                // The receiver only goes away when this function returns.
                if pages.send(page).is_err() {
                    break;
                }
                match next {
                    Some(id) => after = id,
                    None => break,
                }
            }
            Ok::<_, crate::store::StoreError>(conn)
        });
        for page in received {
            for o in &page {
                // Complaints recorded before this observation come first.
                while let Some(&(channel, at)) = complaints.get(next_complaint).filter(|(_, at)| *at <= o.recorded_at) {
                    index.apply_complaint(channel, at.and_utc(), Learned::Loading);
                    next_complaint += 1;
                }
                let (name, commune) = organisations
                    .get(&o.record.organisation_id)
                    .map_or(("", None), |(n, c)| (n.as_str(), c.as_deref()));
                index.apply_observation(&o.record, name, commune, Learned::Loading);
            }
        }
        reader.join()
    });
    let conn = read.map_err(|_| crate::store::StoreError::Blocking("reading observations panicked".into()))??;
    for &(channel, at) in &complaints[next_complaint..] {
        index.apply_complaint(channel, at.and_utc(), Learned::Loading);
    }
    // A run of failing probes is decided by the latest ones: those of the last week are enough.
    let since = (Utc::now() - chrono::TimeDelta::days(7)).naive_utc();
    for p in crate::store::probes::load_since(conn, since)? {
        index.apply_probe(p.channel_id, p.at.and_utc(), p.outcome, Learned::Loading);
    }
    for t in crate::store::observations::load_transitions(conn)? {
        let transition = Transition {
            at: t.at.and_utc(),
            state: t.state,
            observations: u32::try_from(t.observations).unwrap_or(0),
            complaints: u32::try_from(t.complaints).unwrap_or(0),
        };
        index.add_loaded_transition(t.channel_id, transition);
    }
    index.shrink_to_fit();
    Ok(index)
}
