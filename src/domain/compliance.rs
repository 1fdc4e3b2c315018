//! Compliance rules (data: `catalog/rules.toml`) and their evaluation, per procedure, on declared and on observed
//! status. Pure: the caller gives the procedure's channels with both statuses.

use super::channel::{ChannelFacts, OfflineVerdict, booked_online_only, offline_verdict};
use super::texts::Texts;
use super::{BookingRoute, ChannelKind, Completion, DeclaredState, Level, ObservedState};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a rule can require of a procedure's channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    PhysicalReception,
    Telephone,
    Postal,
    WalkIn,
    OfflineAlternative,
}

/// One rule, as written in `catalog/rules.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub title: Texts,
    pub scope: Vec<Level>,
    pub requires: Vec<Requirement>,
    /// `YYYY-MM-DD`: procedures are `not_applicable` before.
    pub applies_from: chrono::NaiveDate,
    pub source: RuleSource,
    #[serde(default)]
    pub note: Option<Texts>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSource {
    pub title: Texts,
    pub url: Option<String>,
    pub document: Option<String>,
    pub date: String,
}

/// A procedure's standing under one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Compliance {
    /// Every requirement is met by a channel a person can use.
    Compliant,
    /// Declared channels satisfy the rule, observed ones do not.
    CompliantOnPaperOnly,
    /// A requirement is missing: a source says there is none, or the only such channels are closed, booked
    /// online only, or observed unreachable.
    NonCompliant,
    /// Nothing is missing, but the catalog cannot tell for some requirement: not known is never a breach.
    InsufficientData,
    NotApplicable,
}

impl Compliance {
    pub const ALL: [Compliance; 5] = [
        Compliance::Compliant,
        Compliance::CompliantOnPaperOnly,
        Compliance::NonCompliant,
        Compliance::InsufficientData,
        Compliance::NotApplicable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Compliance::Compliant => "compliant",
            Compliance::CompliantOnPaperOnly => "compliant_on_paper_only",
            Compliance::NonCompliant => "non_compliant",
            Compliance::InsufficientData => "insufficient_data",
            Compliance::NotApplicable => "not_applicable",
        }
    }
}

/// What the evaluator needs of one channel.
#[derive(Debug, Clone)]
pub struct ChannelStatus {
    pub id: i64,
    pub kind: ChannelKind,
    pub completion: Completion,
    pub booking: Vec<BookingRoute>,
    pub declared: DeclaredState,
    pub observed: ObservedState,
    /// The catalog carries what a person needs to use it (an address, a number, a booking route).
    pub usable: bool,
    /// Not verified within its institution's update frequency: what it states may no longer be true.
    pub to_verify: bool,
}

/// What the evaluator needs of one procedure.
#[derive(Debug, Clone, Default)]
pub struct ProcedureStatus {
    pub channels: Vec<ChannelStatus>,
    /// Kinds of channel a source says the procedure does not offer.
    pub absent: Vec<ChannelKind>,
}

/// The three truths of a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    Met,
    Missing,
    /// The catalog does not know: nothing catalogued either way, or only channels without the facts to use them.
    Unverified,
}

/// Why a requirement is met, missing or unverified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// A channel satisfies it and carries what a person needs to use it.
    Usable,
    /// A source says the procedure has no channel of the needed kind.
    SourceSaysNone,
    /// The only channels of the needed kind are declared closed.
    Closed,
    /// The only such channels are appointments booked online only.
    BookedOnlineOnly,
    /// Declared channels satisfy it, but all of them are observed unreachable.
    ObservedUnreachable,
    /// Channels of the needed kind exist but lack what a person needs to use them (address, number, booking).
    LacksFacts,
    /// The only channels that would meet it are to verify: not verified within their institution's frequency.
    ToVerify,
    /// Nothing in the catalog speaks to it.
    NotCatalogued,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Evidence {
    pub requirement: Requirement,
    /// On the result's basis: declared data, or declared and observed.
    pub finding: Finding,
    pub reason: Reason,
    /// The channels that satisfy it on declared data.
    pub channels: Vec<i64>,
    /// Channels that would satisfy it but lack the facts to use them (to verify).
    pub unverified_channels: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Evaluation {
    pub rule: String,
    pub status: Compliance,
    /// On declared data alone.
    pub declared: Compliance,
    /// On observed data (declared channels that are observed unreachable do not count).
    pub observed: Compliance,
    /// Per requirement, on observed data (what the field shows).
    pub evidence: Vec<Evidence>,
}

/// The kinds of channel that could meet a requirement, before their status is looked at.
fn candidate(req: Requirement, c: &ChannelStatus) -> bool {
    kinds(req).contains(&c.kind)
        && match req {
            Requirement::WalkIn | Requirement::OfflineAlternative => {
                matches!(c.completion, Completion::Full | Completion::Submit)
            }
            _ => true,
        }
}

/// The channel kinds a requirement is about: a source saying all of them are absent makes it missing.
pub fn kinds(req: Requirement) -> &'static [ChannelKind] {
    match req {
        Requirement::PhysicalReception => &[ChannelKind::Counter, ChannelKind::Appointment],
        Requirement::Telephone => &[ChannelKind::Phone],
        Requirement::Postal => &[ChannelKind::Post],
        Requirement::WalkIn => &[ChannelKind::Counter],
        Requirement::OfflineAlternative => {
            &[ChannelKind::Counter, ChannelKind::Appointment, ChannelKind::Phone, ChannelKind::Post]
        }
    }
}

/// A candidate that is open for the requirement on declared data (facts aside).
fn open_for(req: Requirement, c: &ChannelStatus) -> bool {
    if c.declared.is_closed() {
        return false;
    }
    match req {
        Requirement::PhysicalReception => !(c.kind == ChannelKind::Appointment && booked_online_only(&c.booking)),
        Requirement::OfflineAlternative => {
            let facts = ChannelFacts {
                kind: c.kind,
                completion: c.completion,
                booking: &c.booking,
                declared: c.declared,
                usable: true,
            };
            offline_verdict(&facts) == OfflineVerdict::Alternative
        }
        _ => true,
    }
}

/// One requirement, on declared data (`observed: false`) or with the field's observations.
fn evidence(req: Requirement, p: &ProcedureStatus, with_observed: bool) -> Evidence {
    let candidates: Vec<&ChannelStatus> = p.channels.iter().filter(|c| candidate(req, c)).collect();
    let open: Vec<&ChannelStatus> = candidates.iter().copied().filter(|c| open_for(req, c)).collect();
    // A usable channel counts only when verified: one to verify is neither met nor missing.
    let usable: Vec<&ChannelStatus> = open.iter().copied().filter(|c| c.usable && !c.to_verify).collect();
    let unverified: Vec<i64> = open.iter().filter(|c| !c.usable || c.to_verify).map(|c| c.id).collect();
    let (finding, reason) = if !usable.is_empty() {
        if with_observed && usable.iter().all(|c| c.observed == ObservedState::Unreachable) {
            (Finding::Missing, Reason::ObservedUnreachable)
        } else {
            (Finding::Met, Reason::Usable)
        }
    } else if open.iter().any(|c| c.usable) {
        (Finding::Unverified, Reason::ToVerify)
    } else if !open.is_empty() {
        (Finding::Unverified, Reason::LacksFacts)
    } else if !candidates.is_empty() {
        let reason =
            if candidates.iter().all(|c| c.declared.is_closed()) { Reason::Closed } else { Reason::BookedOnlineOnly };
        (Finding::Missing, reason)
    } else if kinds(req).iter().all(|k| p.absent.contains(k)) {
        (Finding::Missing, Reason::SourceSaysNone)
    } else {
        (Finding::Unverified, Reason::NotCatalogued)
    };
    Evidence {
        requirement: req,
        finding,
        reason,
        channels: usable.iter().map(|c| c.id).collect(),
        unverified_channels: unverified,
    }
}

fn status_of(evidence: &[Evidence]) -> Compliance {
    if evidence.iter().any(|e| e.finding == Finding::Missing) {
        Compliance::NonCompliant
    } else if evidence.iter().any(|e| e.finding == Finding::Unverified) {
        Compliance::InsufficientData
    } else {
        Compliance::Compliant
    }
}

/// Evaluates one rule for one procedure of an institution of `level`, on date `on`.
pub fn evaluate(rule: &Rule, level: Level, p: &ProcedureStatus, on: chrono::NaiveDate) -> Evaluation {
    if !rule.scope.contains(&level) || on < rule.applies_from {
        return Evaluation {
            rule: rule.id.clone(),
            status: Compliance::NotApplicable,
            declared: Compliance::NotApplicable,
            observed: Compliance::NotApplicable,
            evidence: Vec::new(),
        };
    }
    let on_paper: Vec<Evidence> = rule.requires.iter().map(|&r| evidence(r, p, false)).collect();
    let in_the_field: Vec<Evidence> = rule.requires.iter().map(|&r| evidence(r, p, true)).collect();
    let declared = status_of(&on_paper);
    let observed = status_of(&in_the_field);
    let status = match (declared, observed) {
        (Compliance::Compliant, Compliance::NonCompliant) => Compliance::CompliantOnPaperOnly,
        (_, observed) => observed,
    };
    Evaluation { rule: rule.id.clone(), status, declared, observed, evidence: in_the_field }
}

/// Share of requirement findings that are not `unverified`: how much of a result rests on known facts.
pub fn coverage<'a>(evaluations: impl IntoIterator<Item = &'a Evaluation>) -> Option<f64> {
    let (mut known, mut all) = (0usize, 0usize);
    for e in evaluations {
        for f in &e.evidence {
            all += 1;
            known += usize::from(f.finding != Finding::Unverified);
        }
    }
    (all > 0).then(|| known as f64 / all as f64)
}

/// The rules file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    pub rules: Vec<Rule>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use BookingRoute as B;
    use ChannelKind as K;
    use Completion as C;
    use DeclaredState as D;
    use Finding::*;
    use ObservedState as O;
    use Reason as R;

    fn rule(requires: &[Requirement]) -> Rule {
        Rule {
            id: "r".into(),
            title: Texts::new("r", "r", "r"),
            scope: vec![Level::Region, Level::Commune],
            requires: requires.to_vec(),
            applies_from: chrono::NaiveDate::from_ymd_opt(2025, 9, 25).unwrap(),
            source: RuleSource {
                title: Texts::new("t", "t", "t"),
                url: None,
                document: Some("d".into()),
                date: "2025".into(),
            },
            note: None,
        }
    }

    fn ch(id: i64, kind: K, completion: C, booking: &[B], declared: D, observed: O) -> ChannelStatus {
        ChannelStatus {
            id,
            kind,
            completion,
            booking: booking.to_vec(),
            declared,
            observed,
            usable: true,
            to_verify: false,
        }
    }

    fn unusable(c: ChannelStatus) -> ChannelStatus {
        ChannelStatus { usable: false, ..c }
    }

    fn procedure(channels: Vec<ChannelStatus>) -> ProcedureStatus {
        ProcedureStatus { channels, absent: Vec::new() }
    }

    #[test]
    fn art13_table() {
        use Requirement::*;
        let r = rule(&[PhysicalReception, Telephone, Postal]);
        let on = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let all = |observed_counter: O| {
            vec![
                ch(1, K::Counter, C::Full, &[], D::Open, observed_counter),
                ch(2, K::Phone, C::Info, &[], D::Open, O::Unknown),
                ch(3, K::Post, C::Submit, &[], D::Open, O::Unknown),
            ]
        };
        let booked_online = vec![
            ch(1, K::Appointment, C::Full, &[B::Online], D::Open, O::Unknown),
            ch(2, K::Phone, C::Info, &[], D::Open, O::Unknown),
            ch(3, K::Post, C::Submit, &[], D::Open, O::Unknown),
        ];
        let closed_post = vec![
            ch(1, K::Counter, C::Full, &[], D::Open, O::Unknown),
            ch(2, K::Phone, C::Info, &[], D::Open, O::Unknown),
            ch(3, K::Post, C::Submit, &[], D::ClosedPermanently, O::Unknown),
        ];
        // Channels the catalog cannot say how to use: not known, never missing, never met.
        let empty_channels = vec![
            unusable(ch(1, K::Counter, C::Full, &[], D::Unknown, O::Unknown)),
            ch(2, K::Phone, C::Info, &[], D::Open, O::Unknown),
            unusable(ch(3, K::Post, C::Submit, &[], D::Open, O::Unknown)),
        ];
        let online_only = vec![ch(9, K::Online, C::Full, &[], D::Open, O::Reachable)];
        // A counter not verified within its institution's frequency: neither met nor missing.
        let stale_counter = vec![
            ChannelStatus { to_verify: true, ..ch(1, K::Counter, C::Full, &[], D::Open, O::Reachable) },
            ch(2, K::Phone, C::Info, &[], D::Open, O::Unknown),
            ch(3, K::Post, C::Submit, &[], D::Open, O::Unknown),
        ];
        type Case = (Vec<ChannelStatus>, Vec<K>, Level, Compliance, Vec<(Finding, Reason)>);
        let cases: Vec<Case> = vec![
            (all(O::Reachable), vec![], Level::Commune, Compliance::Compliant, vec![(Met, R::Usable); 3]),
            (all(O::Unknown), vec![], Level::Commune, Compliance::Compliant, vec![(Met, R::Usable); 3]),
            (
                stale_counter,
                vec![],
                Level::Commune,
                Compliance::InsufficientData,
                vec![(Unverified, R::ToVerify), (Met, R::Usable), (Met, R::Usable)],
            ),
            (
                all(O::Unreachable),
                vec![],
                Level::Commune,
                Compliance::CompliantOnPaperOnly,
                vec![(Missing, R::ObservedUnreachable), (Met, R::Usable), (Met, R::Usable)],
            ),
            // Nothing catalogued: insufficient data, not a breach.
            (
                online_only.clone(),
                vec![],
                Level::Region,
                Compliance::InsufficientData,
                vec![(Unverified, R::NotCatalogued); 3],
            ),
            // A source says there is none: missing.
            (
                online_only.clone(),
                vec![K::Counter, K::Appointment, K::Phone],
                Level::Region,
                Compliance::NonCompliant,
                vec![(Missing, R::SourceSaysNone), (Missing, R::SourceSaysNone), (Unverified, R::NotCatalogued)],
            ),
            // "No counter" alone does not say there is no appointment.
            (
                online_only.clone(),
                vec![K::Counter],
                Level::Region,
                Compliance::InsufficientData,
                vec![(Unverified, R::NotCatalogued); 3],
            ),
            (online_only, vec![], Level::Federal, Compliance::NotApplicable, vec![]),
            (
                booked_online,
                vec![],
                Level::Commune,
                Compliance::NonCompliant,
                vec![(Missing, R::BookedOnlineOnly), (Met, R::Usable), (Met, R::Usable)],
            ),
            (
                closed_post,
                vec![],
                Level::Commune,
                Compliance::NonCompliant,
                vec![(Met, R::Usable), (Met, R::Usable), (Missing, R::Closed)],
            ),
            (
                empty_channels,
                vec![],
                Level::Commune,
                Compliance::InsufficientData,
                vec![(Unverified, R::LacksFacts), (Met, R::Usable), (Unverified, R::LacksFacts)],
            ),
        ];
        for (channels, absent, level, want, findings) in cases {
            let p = ProcedureStatus { channels, absent };
            let e = evaluate(&r, level, &p, on);
            assert_eq!(e.status, want, "{p:?}");
            assert_eq!(e.evidence.iter().map(|e| (e.finding, e.reason)).collect::<Vec<_>>(), findings, "{p:?}");
        }
    }

    #[test]
    fn a_usable_channel_beside_an_empty_one_meets_the_requirement() {
        let r = rule(&[Requirement::OfflineAlternative]);
        let on = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let p = procedure(vec![
            unusable(ch(1, K::Counter, C::Full, &[], D::Open, O::Unknown)),
            ch(2, K::Post, C::Submit, &[], D::Open, O::Unknown),
        ]);
        let e = evaluate(&r, Level::Commune, &p, on);
        assert_eq!(e.status, Compliance::Compliant);
        assert_eq!((e.evidence[0].channels.clone(), e.evidence[0].unverified_channels.clone()), (vec![2], vec![1]));
        assert_eq!(coverage([&e]), Some(1.0));
        let only_empty = procedure(vec![unusable(ch(1, K::Counter, C::Full, &[], D::Open, O::Unknown))]);
        let e = evaluate(&r, Level::Commune, &only_empty, on);
        assert_eq!(e.status, Compliance::InsufficientData);
        assert_eq!(coverage([&e]), Some(0.0));
    }

    #[test]
    fn assisted_help_never_counts_and_dates_matter() {
        use Requirement::*;
        let r = rule(&[OfflineAlternative]);
        let help = procedure(vec![ch(1, K::Assisted, C::Full, &[], D::Open, O::Reachable)]);
        let on = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(evaluate(&r, Level::Commune, &help, on).status, Compliance::InsufficientData);
        let before = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        assert_eq!(evaluate(&r, Level::Commune, &help, before).status, Compliance::NotApplicable);
        let walk = rule(&[WalkIn]);
        let appointment = procedure(vec![ch(1, K::Appointment, C::Full, &[B::Phone], D::Open, O::Unknown)]);
        // An appointment is not a counter: walk-in is not known from it (no source says there is no counter).
        assert_eq!(evaluate(&walk, Level::Commune, &appointment, on).status, Compliance::InsufficientData);
        let said = ProcedureStatus { absent: vec![K::Counter], ..appointment };
        assert_eq!(evaluate(&walk, Level::Commune, &said, on).status, Compliance::NonCompliant);
    }

    #[test]
    fn the_shipped_rules_parse() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/rules.toml")).unwrap();
        let file: RulesFile = toml::from_str(&text).unwrap();
        let ids: Vec<&str> = file.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["bxl-numerique-art13", "associations-walk-in", "any-offline-alternative"]);
    }
}
