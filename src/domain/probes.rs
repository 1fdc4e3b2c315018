//! One probe of an online channel: what the fetch of its page through the outbound guard says about it.
//!
//! - The guard gave no answer: its failure's stable name (`app::outbound::OutboundError::kind`) decides the
//!   outcome (`timeout`, `dns`, `tls`, `connect`, `too_large`, `redirects`, `refused` when the guard refused the
//!   address, `other`).
//! - An answer 4xx or 5xx: `http_error`.
//! - Any other answer whose first [`SCANNED_BYTES`] contain one of the institution's known error or maintenance
//!   messages (compared without case and with every run of white space as one space): `error_page`.
//! - Otherwise `up`.
//!
//! `refused` says nothing about the site (guichet chose not to call it): it is recorded, never counted as a failure.
//!
//! # In the observed reachability
//!
//! Probes are a machine's evidence: they see whether the page works, not whether a person got the procedure done,
//! so they stay out of the weighted score of `domain::reachability`. They decide two things, when the latest probe
//! is in the window ([`Probes::decide`]):
//! - after `probe_failures` (3) failing probes in a row the state is `unreachable`, whatever the observations say,
//!   with confidence at least `n / (n + 2)` for `n` failures in a row (0.6 for three);
//! - when a probe in the window found the page up, no run of failures has reached that number since, and the
//!   observations are too few (`unknown`), it is `reachable`, with confidence at least 1/3 (one fresh attempt's):
//!   one or two failures in a row do not yet undo a working page.
//!
//! A later `up` ends the run of failures: the state is the observations' again. `refused` probes leave the run as
//! it was.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::enums::{ObservedState, PatternKind, ProbeOutcome};

/// How much of a body is searched for the patterns: error messages are near the top of a page.
pub const SCANNED_BYTES: usize = 64 * 1024;

/// An institution's known message, as its source quotes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProbePattern {
    /// The words as they appear on the page, in their language (a quotation).
    pub text: String,
    /// ISO 639-1 code of the quotation's language.
    pub lang: String,
    pub kind: PatternKind,
    /// The source key that quotes it.
    pub source: String,
    /// When the source saw it (a partial date).
    pub seen: String,
}

/// What the guard made of the call, as the probe needs it.
#[derive(Debug, Clone, Copy)]
pub enum Fetch<'a> {
    Answered {
        status: u16,
        body: &'a [u8],
    },
    /// The guard's failure, by its stable name.
    Failed {
        kind: &'a str,
    },
}

/// The outcome of one probe, and the text of the pattern matched for `error_page`.
pub fn classify<'p>(fetch: Fetch<'_>, patterns: &'p [ProbePattern]) -> (ProbeOutcome, Option<&'p ProbePattern>) {
    match fetch {
        Fetch::Failed { kind } => (failure(kind), None),
        Fetch::Answered { status, .. } if status >= 400 => (ProbeOutcome::HttpError, None),
        Fetch::Answered { body, .. } => match matching(body, patterns) {
            Some(p) => (ProbeOutcome::ErrorPage, Some(p)),
            None => (ProbeOutcome::Up, None),
        },
    }
}

/// The outcome for an outbound failure's `kind`.
pub fn failure(kind: &str) -> ProbeOutcome {
    match kind {
        "forbidden" | "scheme" => ProbeOutcome::Refused,
        "timeout" | "connect_timeout" => ProbeOutcome::Timeout,
        "dns" => ProbeOutcome::Dns,
        "tls" => ProbeOutcome::Tls,
        "connect" => ProbeOutcome::Connect,
        "too_large" => ProbeOutcome::TooLarge,
        "too_many_redirects" | "bad_redirect" => ProbeOutcome::Redirects,
        _ => ProbeOutcome::Other,
    }
}

/// Whether an outcome is evidence that the online channel does not work (`refused` is no evidence either way).
pub fn is_failure(outcome: ProbeOutcome) -> bool {
    !matches!(outcome, ProbeOutcome::Up | ProbeOutcome::Refused)
}

/// Whether an outcome is evidence at all about the site.
pub fn is_evidence(outcome: ProbeOutcome) -> bool {
    outcome != ProbeOutcome::Refused
}

/// The probes' part of a channel's evidence: the latest, and the run of failures up to it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Probes {
    pub last: Option<(DateTime<Utc>, ProbeOutcome)>,
    pub failing: u32,
    /// The latest probe that found the page up.
    pub last_up: Option<DateTime<Utc>>,
}

impl Probes {
    /// One more probe, in time order (one older than the latest is ignored, as is `refused`).
    pub fn add(&mut self, at: DateTime<Utc>, outcome: ProbeOutcome) {
        if !is_evidence(outcome) || self.last.is_some_and(|(last, _)| at < last) {
            return;
        }
        self.failing = if is_failure(outcome) { self.failing.saturating_add(1) } else { 0 };
        if outcome == ProbeOutcome::Up {
            self.last_up = Some(at);
        }
        self.last = Some((at, outcome));
    }

    /// The observations' state and confidence, as the probes since `window_start` change them (module docs).
    pub fn decide(
        &self,
        state: ObservedState,
        confidence: f64,
        window_start: DateTime<Utc>,
        threshold: u32,
    ) -> (ObservedState, f64) {
        let recent = |at: &DateTime<Utc>| *at >= window_start;
        if self.last.is_some_and(|(at, _)| recent(&at)) && self.failing >= threshold.max(1) {
            let n = f64::from(self.failing);
            (ObservedState::Unreachable, confidence.max(n / (n + 2.0)))
        } else if self.last_up.as_ref().is_some_and(recent) && state == ObservedState::Unknown {
            (ObservedState::Reachable, confidence.max(1.0 / 3.0))
        } else {
            (state, confidence)
        }
    }
}

/// The first pattern found in the first [`SCANNED_BYTES`] of `body`.
pub fn matching<'p>(body: &[u8], patterns: &'p [ProbePattern]) -> Option<&'p ProbePattern> {
    if patterns.is_empty() {
        return None;
    }
    let head = &body[..body.len().min(SCANNED_BYTES)];
    let page = fold(&String::from_utf8_lossy(head));
    patterns.iter().find(|p| {
        let needle = fold(&p.text);
        !needle.is_empty() && page.contains(&needle)
    })
}

/// Lower case, every run of white space (no-break spaces included) one space, typographic apostrophes as `'`.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02bc}' => out.push('\''),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FWB: &str = "Nous rencontrons un problème lors de la récupération de vos données";

    fn patterns() -> Vec<ProbePattern> {
        vec![ProbePattern {
            text: FWB.into(),
            lang: "fr".into(),
            kind: PatternKind::Error,
            source: "seed-002".into(),
            seen: "2022".into(),
        }]
    }

    #[test]
    fn answers_and_failures_each_have_their_outcome() {
        let p = patterns();
        let error_page = format!("<html><p>{FWB}.</p></html>");
        let cases: &[(Fetch<'_>, ProbeOutcome)] = &[
            (Fetch::Answered { status: 200, body: b"<html>Mon Espace</html>" }, ProbeOutcome::Up),
            (Fetch::Answered { status: 204, body: b"" }, ProbeOutcome::Up),
            (Fetch::Answered { status: 500, body: error_page.as_bytes() }, ProbeOutcome::HttpError),
            (Fetch::Answered { status: 404, body: b"" }, ProbeOutcome::HttpError),
            (Fetch::Answered { status: 200, body: error_page.as_bytes() }, ProbeOutcome::ErrorPage),
            (Fetch::Failed { kind: "timeout" }, ProbeOutcome::Timeout),
            (Fetch::Failed { kind: "connect_timeout" }, ProbeOutcome::Timeout),
            (Fetch::Failed { kind: "dns" }, ProbeOutcome::Dns),
            (Fetch::Failed { kind: "tls" }, ProbeOutcome::Tls),
            (Fetch::Failed { kind: "connect" }, ProbeOutcome::Connect),
            (Fetch::Failed { kind: "too_large" }, ProbeOutcome::TooLarge),
            (Fetch::Failed { kind: "too_many_redirects" }, ProbeOutcome::Redirects),
            (Fetch::Failed { kind: "bad_redirect" }, ProbeOutcome::Redirects),
            (Fetch::Failed { kind: "forbidden" }, ProbeOutcome::Refused),
            (Fetch::Failed { kind: "http" }, ProbeOutcome::Other),
            (Fetch::Failed { kind: "bad_url" }, ProbeOutcome::Other),
        ];
        for (fetch, expected) in cases {
            assert_eq!(classify(*fetch, &p).0, *expected, "{fetch:?}");
        }
        let (_, matched) = classify(Fetch::Answered { status: 200, body: error_page.as_bytes() }, &p);
        assert_eq!(matched.map(|m| m.text.as_str()), Some(FWB));
    }

    #[test]
    fn patterns_match_without_case_and_across_white_space() {
        let p = patterns();
        let cases: &[(&str, bool)] = &[
            ("Nous rencontrons un problème lors de la récupération de vos données", true),
            ("<p>NOUS RENCONTRONS un PROBLÈME lors de la récupération de vos données.</p>", true),
            ("Nous rencontrons\n    un problème lors\tde la récupération\u{a0}de vos données", true),
            ("Nous rencontrons un problème", false),
            ("Nous rencontrons un probleme lors de la recuperation de vos donnees", false),
            ("", false),
        ];
        for (body, expected) in cases {
            assert_eq!(matching(body.as_bytes(), &p).is_some(), *expected, "{body:?}");
        }
        assert!(matching(FWB.as_bytes(), &[]).is_none());
    }

    #[test]
    fn only_the_head_of_a_page_is_searched() {
        let p = patterns();
        let mut late = vec![b' '; SCANNED_BYTES];
        late.extend_from_slice(FWB.as_bytes());
        assert!(matching(&late, &p).is_none());
        let mut early = FWB.as_bytes().to_vec();
        early.extend(vec![b'x'; 3 * SCANNED_BYTES]);
        assert!(matching(&early, &p).is_some());
    }

    #[test]
    fn refused_is_no_evidence_and_every_other_failure_is_one() {
        for outcome in ProbeOutcome::ALL {
            let expected = !matches!(outcome, ProbeOutcome::Up | ProbeOutcome::Refused);
            assert_eq!(is_failure(*outcome), expected, "{outcome}");
            assert_eq!(is_evidence(*outcome), *outcome != ProbeOutcome::Refused, "{outcome}");
        }
    }

    mod evidence {
        //! How probes enter a channel's observed reachability (`domain::reachability`).
        use crate::domain::enums::{ObservedState as O, Outcome, ProbeOutcome};
        use crate::domain::reachability::{ChannelEvidence, Evidence, ReachabilityParams};
        use chrono::{DateTime, TimeDelta, Utc};

        fn now() -> DateTime<Utc> {
            "2026-06-15T12:00:00Z".parse().unwrap()
        }

        fn channel(evidence: &[Evidence]) -> ChannelEvidence {
            let mut ch = ChannelEvidence::new(ReachabilityParams::default());
            evidence.iter().for_each(|e| ch.add(*e));
            ch
        }

        /// One attempt a day over the last `n` days, all with the same outcome.
        fn daily(n: i64, outcome: Outcome) -> Vec<Evidence> {
            (1..=n).map(|d| Evidence::observation(now() - TimeDelta::days(d), outcome)).collect()
        }

        const OK: Outcome = Outcome::Completed;
        const KO: Outcome = Outcome::NotCompleted;

        #[test]
        fn probes_table() {
            use ProbeOutcome::{ErrorPage as EP, HttpError as HE, Refused as RF, Timeout as TO, Up as UP};
            let hours = |h: i64| now() - TimeDelta::hours(h);
            // (name, observations, probes oldest first (hours ago, outcome), state, failing probes)
            type Case = (&'static str, Vec<Evidence>, Vec<(i64, ProbeOutcome)>, O, u32);
            let cases: Vec<Case> = vec![
                ("no probes, no observations", vec![], vec![], O::Unknown, 0),
                ("one probe up, nothing else", vec![], vec![(1, UP)], O::Reachable, 0),
                ("two failures: still up", vec![], vec![(2, UP), (1, EP), (0, HE)], O::Reachable, 2),
                ("two failures, never up", vec![], vec![(1, EP), (0, HE)], O::Unknown, 2),
                ("three failures in a row", vec![], vec![(3, UP), (2, EP), (1, TO), (0, EP)], O::Unreachable, 3),
                (
                    "three failures beat good observations",
                    daily(5, OK),
                    vec![(2, EP), (1, EP), (0, EP)],
                    O::Unreachable,
                    3,
                ),
                ("a later up restores", vec![], vec![(3, EP), (2, EP), (1, EP), (0, UP)], O::Reachable, 0),
                (
                    "up restores the observations' state",
                    daily(5, KO),
                    vec![(2, EP), (1, EP), (0, UP)],
                    O::Unreachable,
                    0,
                ),
                ("up does not hide failed observations", daily(5, KO), vec![(0, UP)], O::Unreachable, 0),
                ("refused is no evidence", vec![], vec![(3, EP), (2, EP), (1, RF), (0, EP)], O::Unreachable, 3),
                ("only refused", vec![], vec![(0, RF)], O::Unknown, 0),
                (
                    "probes outside the window",
                    vec![],
                    vec![(100 * 24, EP), (99 * 24, EP), (98 * 24, EP)],
                    O::Unknown,
                    3,
                ),
            ];
            for (name, evidence, probes, state, failing) in cases {
                let mut ch = channel(&evidence);
                probes.iter().for_each(|(h, o)| ch.add_probe(hours(*h), *o));
                let r = ch.reachability(now());
                assert_eq!((r.state, r.failing_probes), (state, failing), "{name}");
                if state == O::Unreachable && evidence.is_empty() {
                    assert!((r.confidence - 0.6).abs() < 1e-9, "{name}: {}", r.confidence);
                }
                // A fork decides as the original does.
                assert_eq!(ch.fork(now()).reachability(now()).state, state, "{name} (fork)");
            }
        }

        #[test]
        fn a_probe_older_than_the_latest_is_ignored_and_the_threshold_is_a_parameter() {
            let params = ReachabilityParams { probe_failures: 1, ..ReachabilityParams::default() };
            let mut ch = ChannelEvidence::new(params);
            ch.add_probe(now(), ProbeOutcome::Up);
            ch.add_probe(now() - TimeDelta::hours(1), ProbeOutcome::ErrorPage);
            let r = ch.reachability(now());
            assert_eq!((r.state, r.last_probe, r.last_probed_at), (O::Reachable, Some(ProbeOutcome::Up), Some(now())));
            ch.add_probe(now(), ProbeOutcome::Dns);
            assert_eq!(ch.reachability(now()).state, O::Unreachable);
        }
    }
}
