//! Observed reachability of a channel: what the people who try it see, beside what the institution declares.
//!
//! # Formula
//!
//! The evidence of a channel is its observations (a social worker's dated attempt) and its complaints. Only the
//! evidence in the window `[now − window_days, now]` counts (default 90 days); evidence dated after `now` (a clock
//! a little ahead) counts as if it were `now`.
//!
//! - weight `w = 0.5^(age_days / half_life_days)` (half-life 21 days: a three-week-old attempt counts half), times
//!   `complaint_weight` (0.5) for a complaint, which is one-sided and unchecked;
//! - value `v = 1` for `completed`, `0.5` for `partial`, `0` for `not_completed` and for `redirected_online` (for an
//!   offline channel, being sent online is a failure), `0` for a complaint;
//! - `W = Σ w`, `score = Σ w·v / W`, the weighted success rate (none when the window holds no evidence);
//! - `state = unknown` if `W < min_evidence` (1.0); otherwise `reachable` if `score ≥ reachable_from` (0.7),
//!   `unreachable` if `score < unreachable_below` (0.3), `degraded` in between;
//! - `confidence = W / (W + 2)` (0 without evidence): 0.33 for one fresh attempt, 0.71 for five.
//!
//! Consequences worth knowing: a single observation is enough evidence only at age 0 (its weight drops below 1 at
//! once), so it takes two recent attempts to leave `unknown`; three recent complaints alone make a channel
//! `unreachable`, two do not; five failures two months old weigh less than one success yesterday.
//!
//! **Probes** of an online channel's page count apart from the weighted score: see `domain::probes::Probes`.
//!
//! `declared open` + `observed unreachable` is a [`contradiction`]: compliant on paper only.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, TimeDelta, Timelike, Utc};
use chrono_tz::Europe::Brussels;
use serde::Serialize;
use utoipa::ToSchema;

use super::enums::{DeclaredState, ObservedState, Outcome, ProbeOutcome};
use super::probes;

const MS_PER_DAY: f64 = 86_400_000.0;

/// Where a piece of evidence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EvidenceKind {
    /// A social worker's attempt through the channel.
    Observation,
    /// Someone used the right to complain: it always says the channel failed.
    Complaint,
}

/// One dated piece of evidence about a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    pub at: DateTime<Utc>,
    /// Ignored for a complaint (always a failure); use `not_completed`.
    pub outcome: Outcome,
    pub kind: EvidenceKind,
}

impl Evidence {
    pub fn observation(at: DateTime<Utc>, outcome: Outcome) -> Self {
        Evidence { at, outcome, kind: EvidenceKind::Observation }
    }

    pub fn complaint(at: DateTime<Utc>) -> Self {
        Evidence { at, outcome: Outcome::NotCompleted, kind: EvidenceKind::Complaint }
    }

    fn is_observation(&self) -> bool {
        self.kind == EvidenceKind::Observation
    }

    /// `v` of the formula.
    fn value(&self) -> f64 {
        match (self.kind, self.outcome) {
            (EvidenceKind::Complaint, _) => 0.0,
            (_, Outcome::Completed) => 1.0,
            (_, Outcome::Partial) => 0.5,
            (_, Outcome::NotCompleted | Outcome::RedirectedOnline) => 0.0,
        }
    }

    /// `w` of the formula.
    fn weight(&self, now: DateTime<Utc>, params: &ReachabilityParams) -> f64 {
        let age_days = (now - self.at).num_milliseconds().max(0) as f64 / MS_PER_DAY;
        let decay = 0.5_f64.powf(age_days / params.half_life_days);
        match self.kind {
            EvidenceKind::Observation => decay,
            EvidenceKind::Complaint => decay * params.complaint_weight,
        }
    }
}

/// The knobs of the formula (module documentation). `half_life_days` must be positive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReachabilityParams {
    pub window_days: i64,
    pub half_life_days: f64,
    pub min_evidence: f64,
    pub reachable_from: f64,
    pub unreachable_below: f64,
    pub complaint_weight: f64,
    /// Consecutive failing probes that make an online channel `unreachable` (`GUICHET_PROBE_FAILURES`).
    pub probe_failures: u32,
}

impl Default for ReachabilityParams {
    fn default() -> Self {
        ReachabilityParams {
            window_days: 90,
            half_life_days: 21.0,
            min_evidence: 1.0,
            reachable_from: 0.7,
            unreachable_below: 0.3,
            complaint_weight: 0.5,
            probe_failures: 3,
        }
    }
}

impl ReachabilityParams {
    /// The oldest instant still in the window ending at `now`; saturates rather than panics on absurd windows.
    fn window_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let window = TimeDelta::try_days(self.window_days).unwrap_or(TimeDelta::MAX);
        now.checked_sub_signed(window).unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    fn classify(&self, weight: f64, score: Option<f64>) -> ObservedState {
        match score {
            Some(_) if weight < self.min_evidence => ObservedState::Unknown,
            Some(s) if s >= self.reachable_from => ObservedState::Reachable,
            Some(s) if s < self.unreachable_below => ObservedState::Unreachable,
            Some(_) => ObservedState::Degraded,
            None => ObservedState::Unknown,
        }
    }
}

/// The observed status of a channel at one instant.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Reachability {
    pub state: ObservedState,
    /// Observations in the window.
    pub observations: u32,
    /// Observations in the window that completed.
    pub successes: u32,
    /// Observations in the window not completed or redirected online (partial ones count in neither).
    pub failures: u32,
    /// Complaints in the window.
    pub complaints: u32,
    /// The latest observation (complaints aside), even when it is older than the window.
    pub last_observed_at: Option<DateTime<Utc>>,
    /// Weighted success rate, 0 to 1; none without evidence in the window.
    pub score: Option<f64>,
    /// 0 to 1, grows with the weighted evidence `W`: `W / (W + 2)`; at least what the probes give (module
    /// documentation).
    pub confidence: f64,
    /// When guichet last fetched the channel's page (online channels with a URL, when probes are on).
    pub last_probed_at: Option<DateTime<Utc>>,
    /// What that probe found.
    pub last_probe: Option<ProbeOutcome>,
    /// Failing probes in a row up to the last one.
    pub failing_probes: u32,
}

/// Counts of the evidence in the window, kept as entries come in and expire.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Counts {
    observations: u32,
    successes: u32,
    failures: u32,
    complaints: u32,
}

impl Counts {
    fn of(e: &Evidence) -> Counts {
        match e.kind {
            EvidenceKind::Complaint => Counts { complaints: 1, ..Counts::default() },
            EvidenceKind::Observation => Counts {
                observations: 1,
                successes: u32::from(e.outcome == Outcome::Completed),
                failures: u32::from(matches!(e.outcome, Outcome::NotCompleted | Outcome::RedirectedOnline)),
                complaints: 0,
            },
        }
    }

    fn add(&mut self, e: &Evidence) {
        let c = Counts::of(e);
        self.observations += c.observations;
        self.successes += c.successes;
        self.failures += c.failures;
        self.complaints += c.complaints;
    }

    fn remove(&mut self, e: &Evidence) {
        let c = Counts::of(e);
        self.observations -= c.observations;
        self.successes -= c.successes;
        self.failures -= c.failures;
        self.complaints -= c.complaints;
    }
}

/// Incrementally maintained evidence of one channel: `add` is O(log n); `reachability(now)` drops what left the
/// window since the last call and weighs only what is in it, never the whole history.
#[derive(Debug, Clone)]
pub struct ChannelEvidence {
    params: ReachabilityParams,
    /// Everything ever added, in time order, equal instants in arrival order. A sorted vector rather than a tree:
    /// evidence nearly always arrives in order (an append), and a million of them must stay small.
    history: Vec<Evidence>,
    /// The evidence not yet expired is `history[from..]`: everything before `from` is older than `cut`, everything
    /// after it is not (the window is a part of the history, never a copy of it).
    from: usize,
    /// Where the window was last cut (none before the first query): older evidence never enters it.
    cut: Option<DateTime<Utc>>,
    counts: Counts,
    last_observed_at: Option<DateTime<Utc>>,
    probes: probes::Probes,
}

impl ChannelEvidence {
    pub fn new(params: ReachabilityParams) -> Self {
        ChannelEvidence {
            params,
            history: Vec::new(),
            from: 0,
            cut: None,
            counts: Counts::default(),
            last_observed_at: None,
            probes: probes::Probes::default(),
        }
    }

    /// One probe of the channel's page, in time order (a probe older than the latest one is ignored).
    pub fn add_probe(&mut self, at: DateTime<Utc>, outcome: ProbeOutcome) {
        self.probes.add(at, outcome);
    }

    pub fn add(&mut self, e: Evidence) {
        let place = self.history.partition_point(|x| x.at <= e.at);
        self.history.insert(place, e);
        if e.is_observation() && self.last_observed_at.is_none_or(|last| e.at > last) {
            self.last_observed_at = Some(e.at);
        }
        if self.cut.is_none_or(|cut| e.at >= cut) {
            // In the window: at or after `from`, since everything before it is older than the cut.
            self.counts.add(&e);
        } else {
            // Older than the cut: it goes before the window, which moves up by one.
            self.from += 1;
        }
    }

    /// Room for `n` more pieces of evidence, reserved exactly (a channel's known count, before loading it).
    pub fn reserve_exact(&mut self, n: usize) {
        self.history.reserve_exact(n);
    }

    /// Gives back what the history reserved to grow (once loading is done: a few elements per channel, a
    /// million in all).
    pub fn shrink_to_fit(&mut self) {
        self.history.shrink_to_fit();
    }

    /// The evidence not yet expired, in time order.
    fn window(&self) -> &[Evidence] {
        &self.history[self.from..]
    }

    pub fn reachability(&mut self, now: DateTime<Utc>) -> Reachability {
        self.expire(self.params.window_start(now));
        let (weight, weighted_value) = self
            .window()
            .iter()
            .map(|e| {
                let w = e.weight(now, &self.params);
                (w, w * e.value())
            })
            .fold((0.0, 0.0), |(sw, swv), (w, wv)| (sw + w, swv + wv));
        let score = (weight > 0.0).then(|| weighted_value / weight);
        let (state, confidence) = self.probes.decide(
            self.params.classify(weight, score),
            weight / (weight + 2.0),
            self.params.window_start(now),
            self.params.probe_failures,
        );
        let (last, failing) = (self.probes.last, self.probes.failing);
        Reachability {
            state,
            observations: self.counts.observations,
            successes: self.counts.successes,
            failures: self.counts.failures,
            complaints: self.counts.complaints,
            last_observed_at: self.last_observed_at,
            score,
            confidence,
            last_probed_at: last.map(|(at, _)| at),
            last_probe: last.map(|(_, o)| o),
            failing_probes: failing,
        }
    }

    /// Every evidence added, in time order, including the expired.
    pub fn evidence(&self) -> impl Iterator<Item = &Evidence> {
        self.history.iter()
    }

    /// A copy to work out what more evidence would make of the state at `now` (a write deciding its response
    /// and transition before it commits). When `now`'s window starts at or after the last cut — the usual case —
    /// the copy holds only the window, not the whole history: what `reachability(now)` reads is the same.
    pub fn fork(&self, now: DateTime<Utc>) -> ChannelEvidence {
        match self.cut {
            Some(cut) if self.params.window_start(now) >= cut => ChannelEvidence {
                params: self.params,
                history: self.window().to_vec(),
                from: 0,
                cut: Some(cut),
                counts: self.counts,
                last_observed_at: self.last_observed_at,
                probes: self.probes,
            },
            _ => self.clone(),
        }
    }

    /// Moves the window's start to `cut`: drops from the front, or rebuilds from history if asked about the past.
    fn expire(&mut self, cut: DateTime<Utc>) {
        if self.cut.is_some_and(|last| cut < last) {
            self.from = self.history.partition_point(|x| x.at < cut);
            let mut counts = Counts::default();
            self.window().iter().for_each(|e| counts.add(e));
            self.counts = counts;
        } else {
            while let Some(e) = self.history.get(self.from).filter(|e| e.at < cut).copied() {
                self.from += 1;
                self.counts.remove(&e);
            }
        }
        self.cut = Some(cut);
    }
}

/// Declared open but observed unreachable: compliant on paper only.
pub fn contradiction(declared: DeclaredState, observed: ObservedState) -> bool {
    declared == DeclaredState::Open && observed == ObservedState::Unreachable
}

/// How often attempts succeed in one hour of the week, Brussels time.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct HourSlot {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    /// 0 to 23, local time.
    pub hour: u8,
    pub attempts: u32,
    /// Attempts that completed (partial ones are attempts, not successes).
    pub successes: u32,
    pub success_rate: f64,
}

/// Success rate per weekday and hour, in Europe/Brussels local time (daylight saving included), from the
/// observations in the window ending at `now` (complaints carry no useful time of day); only slots with attempts,
/// sorted by weekday then hour.
pub fn by_hour_of_week(evidence: &[Evidence], now: DateTime<Utc>, params: &ReachabilityParams) -> Vec<HourSlot> {
    let cut = params.window_start(now);
    let mut slots: BTreeMap<(u8, u8), (u32, u32)> = BTreeMap::new();
    for e in evidence.iter().filter(|e| e.is_observation() && e.at >= cut) {
        let local = e.at.with_timezone(&Brussels);
        // 1 to 7 and 0 to 23: both fit a byte.
        let (day, hour) = (local.weekday().number_from_monday(), local.hour());
        let slot = slots.entry((u8::try_from(day).unwrap_or(0), u8::try_from(hour).unwrap_or(0))).or_default();
        slot.0 += 1;
        slot.1 += u32::from(e.outcome == Outcome::Completed);
    }
    slots
        .into_iter()
        .map(|((weekday, hour), (attempts, successes))| HourSlot {
            weekday,
            hour,
            attempts,
            successes,
            success_rate: f64::from(successes) / f64::from(attempts),
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap, clippy::cast_sign_loss)]
mod tests;
