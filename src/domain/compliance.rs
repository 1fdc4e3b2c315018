//! Compliance rules (data: `catalog/rules.toml`) and their evaluation, per procedure, on declared and on observed
//! status. Pure: the caller gives the procedure's channels with both statuses.

use super::channel::{ChannelFacts, booked_online_only, is_offline_alternative};
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
    pub title: RuleText,
    pub scope: Vec<Level>,
    pub requires: Vec<Requirement>,
    /// `YYYY-MM-DD`: procedures are `not_applicable` before.
    pub applies_from: chrono::NaiveDate,
    pub source: RuleSource,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleText {
    pub fr: String,
    pub nl: Option<String>,
    pub en: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSource {
    pub title: String,
    pub url: Option<String>,
    pub document: Option<String>,
    pub date: String,
}

/// A procedure's standing under one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Compliance {
    Compliant,
    /// Declared channels satisfy the rule, observed ones do not.
    CompliantOnPaperOnly,
    NonCompliant,
    NotApplicable,
}

impl Compliance {
    pub fn as_str(self) -> &'static str {
        match self {
            Compliance::Compliant => "compliant",
            Compliance::CompliantOnPaperOnly => "compliant_on_paper_only",
            Compliance::NonCompliant => "non_compliant",
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
}

/// Why a requirement is met or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    /// A channel satisfies it, and is not observed unreachable.
    Met,
    /// No channel of the needed kind at all.
    Missing,
    /// Channels of the kind exist but are all declared closed.
    Closed,
    /// Only appointments booked online.
    BookedOnlineOnly,
    /// Declared channels satisfy it, but all of them are observed unreachable.
    ObservedUnreachable,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Evidence {
    pub requirement: Requirement,
    pub finding: Finding,
    /// The channels that satisfy it on declared data.
    pub channels: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Evaluation {
    pub rule: String,
    pub status: Compliance,
    /// On declared data alone.
    pub declared: Compliance,
    /// On observed data (declared channels that are observed unreachable do not count).
    pub observed: Compliance,
    pub evidence: Vec<Evidence>,
}

/// The kinds of channel that could meet a requirement, before their status is looked at.
fn candidate(req: Requirement, c: &ChannelStatus) -> bool {
    match req {
        Requirement::PhysicalReception => matches!(c.kind, ChannelKind::Counter | ChannelKind::Appointment),
        Requirement::Telephone => c.kind == ChannelKind::Phone,
        Requirement::Postal => c.kind == ChannelKind::Post,
        Requirement::WalkIn => {
            c.kind == ChannelKind::Counter && matches!(c.completion, Completion::Full | Completion::Submit)
        }
        Requirement::OfflineAlternative => {
            !matches!(c.kind, ChannelKind::Online | ChannelKind::Email | ChannelKind::Assisted)
                && matches!(c.completion, Completion::Full | Completion::Submit)
        }
    }
}

/// A candidate that meets the requirement on declared data.
fn meets_declared(req: Requirement, c: &ChannelStatus) -> bool {
    if c.declared.is_closed() {
        return false;
    }
    match req {
        Requirement::PhysicalReception => !(c.kind == ChannelKind::Appointment && booked_online_only(&c.booking)),
        Requirement::OfflineAlternative => is_offline_alternative(&ChannelFacts {
            kind: c.kind,
            completion: c.completion,
            booking: &c.booking,
            declared: c.declared,
        }),
        _ => true,
    }
}

fn evidence(req: Requirement, channels: &[ChannelStatus]) -> Evidence {
    let candidates: Vec<&ChannelStatus> = channels.iter().filter(|c| candidate(req, c)).collect();
    let declared: Vec<&ChannelStatus> = candidates.iter().copied().filter(|c| meets_declared(req, c)).collect();
    let finding = if candidates.is_empty() {
        Finding::Missing
    } else if declared.is_empty() {
        if candidates.iter().all(|c| c.declared.is_closed()) { Finding::Closed } else { Finding::BookedOnlineOnly }
    } else if declared.iter().all(|c| c.observed == ObservedState::Unreachable) {
        Finding::ObservedUnreachable
    } else {
        Finding::Met
    };
    Evidence { requirement: req, finding, channels: declared.iter().map(|c| c.id).collect() }
}

/// Evaluates one rule for one procedure of an institution of `level`, on date `on`.
pub fn evaluate(rule: &Rule, level: Level, channels: &[ChannelStatus], on: chrono::NaiveDate) -> Evaluation {
    if !rule.scope.contains(&level) || on < rule.applies_from {
        return Evaluation {
            rule: rule.id.clone(),
            status: Compliance::NotApplicable,
            declared: Compliance::NotApplicable,
            observed: Compliance::NotApplicable,
            evidence: Vec::new(),
        };
    }
    let evidence: Vec<Evidence> = rule.requires.iter().map(|&r| super::compliance::evidence(r, channels)).collect();
    let declared_ok = evidence.iter().all(|e| matches!(e.finding, Finding::Met | Finding::ObservedUnreachable));
    let observed_ok = evidence.iter().all(|e| e.finding == Finding::Met);
    let declared = if declared_ok { Compliance::Compliant } else { Compliance::NonCompliant };
    let observed = if observed_ok { Compliance::Compliant } else { Compliance::NonCompliant };
    let status = match (declared_ok, observed_ok) {
        (true, true) => Compliance::Compliant,
        (true, false) => Compliance::CompliantOnPaperOnly,
        _ => Compliance::NonCompliant,
    };
    Evaluation { rule: rule.id.clone(), status, declared, observed, evidence }
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
    use ObservedState as O;

    fn rule(requires: &[Requirement]) -> Rule {
        Rule {
            id: "r".into(),
            title: RuleText { fr: "r".into(), nl: None, en: None },
            scope: vec![Level::Region, Level::Commune],
            requires: requires.to_vec(),
            applies_from: chrono::NaiveDate::from_ymd_opt(2025, 9, 25).unwrap(),
            source: RuleSource { title: "t".into(), url: None, document: Some("d".into()), date: "2025".into() },
            note: None,
        }
    }

    fn ch(id: i64, kind: K, completion: C, booking: &[B], declared: D, observed: O) -> ChannelStatus {
        ChannelStatus { id, kind, completion, booking: booking.to_vec(), declared, observed }
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
        let online_only = vec![ch(9, K::Online, C::Full, &[], D::Open, O::Reachable)];
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
        let cases: Vec<(Vec<ChannelStatus>, Level, Compliance, Vec<Finding>)> = vec![
            (all(O::Reachable), Level::Commune, Compliance::Compliant, vec![Finding::Met, Finding::Met, Finding::Met]),
            (all(O::Unknown), Level::Commune, Compliance::Compliant, vec![Finding::Met, Finding::Met, Finding::Met]),
            (
                all(O::Unreachable),
                Level::Commune,
                Compliance::CompliantOnPaperOnly,
                vec![Finding::ObservedUnreachable, Finding::Met, Finding::Met],
            ),
            (online_only.clone(), Level::Region, Compliance::NonCompliant, vec![Finding::Missing; 3]),
            (online_only, Level::Federal, Compliance::NotApplicable, vec![]),
            (
                booked_online,
                Level::Commune,
                Compliance::NonCompliant,
                vec![Finding::BookedOnlineOnly, Finding::Met, Finding::Met],
            ),
            (closed_post, Level::Commune, Compliance::NonCompliant, vec![Finding::Met, Finding::Met, Finding::Closed]),
        ];
        for (channels, level, want, findings) in cases {
            let e = evaluate(&r, level, &channels, on);
            assert_eq!(e.status, want, "{channels:?}");
            assert_eq!(e.evidence.iter().map(|e| e.finding).collect::<Vec<_>>(), findings, "{channels:?}");
        }
    }

    #[test]
    fn assisted_help_never_counts_and_dates_matter() {
        use Requirement::*;
        let r = rule(&[OfflineAlternative]);
        let help = vec![ch(1, K::Assisted, C::Full, &[], D::Open, O::Reachable)];
        let on = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(evaluate(&r, Level::Commune, &help, on).status, Compliance::NonCompliant);
        let before = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        assert_eq!(evaluate(&r, Level::Commune, &help, before).status, Compliance::NotApplicable);
        let walk = rule(&[WalkIn]);
        let appointment = vec![ch(1, K::Appointment, C::Full, &[B::Phone], D::Open, O::Unknown)];
        assert_eq!(evaluate(&walk, Level::Commune, &appointment, on).status, Compliance::NonCompliant);
    }

    #[test]
    fn the_shipped_rules_parse() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog/rules.toml")).unwrap();
        let file: RulesFile = toml::from_str(&text).unwrap();
        let ids: Vec<&str> = file.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["bxl-numerique-art13", "associations-walk-in", "any-offline-alternative"]);
    }
}
