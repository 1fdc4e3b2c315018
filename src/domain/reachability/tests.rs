use super::*;
use ObservedState as O;
use Outcome::{Completed as OK, NotCompleted as KO, Partial as PA, RedirectedOnline as RO};

fn now() -> DateTime<Utc> {
    "2026-06-15T12:00:00Z".parse().unwrap()
}

fn ago(days: f64) -> DateTime<Utc> {
    now() - TimeDelta::milliseconds((days * MS_PER_DAY) as i64)
}

fn obs(days_ago: f64, outcome: Outcome) -> Evidence {
    Evidence::observation(ago(days_ago), outcome)
}

fn complaint(days_ago: f64) -> Evidence {
    Evidence::complaint(ago(days_ago))
}

fn channel(evidence: &[Evidence]) -> ChannelEvidence {
    let mut ch = ChannelEvidence::new(ReachabilityParams::default());
    evidence.iter().for_each(|e| ch.add(*e));
    ch
}

/// One attempt a day over the last `n` days, all with the same outcome.
fn daily(n: u32, outcome: Outcome) -> Vec<Evidence> {
    (1..=n).map(|d| obs(f64::from(d), outcome)).collect()
}

#[test]
fn reachability_table() {
    let mut recovery = [58.0, 59.0, 60.0, 61.0, 62.0].map(|d| obs(d, KO)).to_vec();
    recovery.extend([1.0, 3.0, 5.0].map(|d| obs(d, OK)));
    let mixed = [[1.0, 3.0, 5.0].map(|d| obs(d, OK)), [2.0, 4.0, 6.0].map(|d| obs(d, KO))].concat();
    // (name, evidence, state, [observations, successes, failures, complaints])
    let cases: Vec<(&str, Vec<Evidence>, O, [u32; 4])> = vec![
        ("no evidence", vec![], O::Unknown, [0, 0, 0, 0]),
        ("one old failure (80 days)", vec![obs(80.0, KO)], O::Unknown, [1, 0, 1, 0]),
        ("one failure outside the window", vec![obs(100.0, KO)], O::Unknown, [0, 0, 0, 0]),
        ("one failure yesterday: weight below 1", vec![obs(1.0, KO)], O::Unknown, [1, 0, 1, 0]),
        ("one failure right now: weight exactly 1", vec![obs(0.0, KO)], O::Unreachable, [1, 0, 1, 0]),
        ("two failures this week", daily(2, KO), O::Unreachable, [2, 0, 2, 0]),
        ("five recent failures", daily(5, KO), O::Unreachable, [5, 0, 5, 0]),
        ("five recent successes", daily(5, OK), O::Reachable, [5, 5, 0, 0]),
        ("recovery: 5 failures 2 months ago, 3 successes this week", recovery, O::Reachable, [8, 3, 5, 0]),
        ("mixed: half success, half failure", mixed, O::Degraded, [6, 3, 3, 0]),
        ("redirected online is a failure", daily(3, RO), O::Unreachable, [3, 0, 3, 0]),
        ("partial counts half", daily(4, PA), O::Degraded, [4, 0, 0, 0]),
        ("three recent complaints alone", [1.0, 2.0, 3.0].map(complaint).into(), O::Unreachable, [0, 0, 0, 3]),
        ("two recent complaints alone", [1.0, 2.0].map(complaint).into(), O::Unknown, [0, 0, 0, 2]),
        ("evidence after now counts as now", vec![obs(-1.0, OK), obs(-2.0, OK)], O::Reachable, [2, 2, 0, 0]),
    ];
    for (name, evidence, state, counts) in cases {
        let r = channel(&evidence).reachability(now());
        assert_eq!(r.state, state, "{name}: {r:?}");
        assert_eq!([r.observations, r.successes, r.failures, r.complaints], counts, "{name}: {r:?}");
        let in_window = counts[0] + counts[3] > 0;
        assert_eq!(r.score.is_some(), in_window, "{name}: {r:?}");
        assert!((0.0..1.0).contains(&r.confidence), "{name}: {r:?}");
        assert_eq!(r.confidence == 0.0, !in_window, "{name}: {r:?}");
    }
}

#[test]
fn figures_of_the_formula() {
    let r = channel(&daily(5, KO)).reachability(now());
    assert_eq!(r.score, Some(0.0));
    assert!(r.confidence > 0.6, "{r:?}");

    // Two fresh attempts, one success one partial: W = 2, score = 1.5 / 2, confidence = 2 / 4.
    let r = channel(&[obs(0.0, OK), obs(0.0, PA)]).reachability(now());
    assert_eq!((r.score, r.confidence, r.state), (Some(0.75), 0.5, O::Reachable));

    // A 21-day-old success weighs half a fresh failure: score = 0.5 / 1.5.
    let r = channel(&[obs(21.0, OK), obs(0.0, KO)]).reachability(now());
    assert!((r.score.unwrap() - 1.0 / 3.0).abs() < 1e-12, "{r:?}");

    // A complaint weighs half an observation: one success and two fresh complaints give 1 / 2.
    let r = channel(&[obs(0.0, OK), complaint(0.0), complaint(0.0)]).reachability(now());
    assert_eq!((r.score, r.state), (Some(0.5), O::Degraded));
}

#[test]
fn thresholds_table() {
    let p = ReachabilityParams::default();
    let cases = [
        (0.99, Some(1.0), O::Unknown),
        (1.0, Some(1.0), O::Reachable),
        (5.0, Some(0.7), O::Reachable),
        (5.0, Some(0.69), O::Degraded),
        (5.0, Some(0.3), O::Degraded),
        (5.0, Some(0.29), O::Unreachable),
        (5.0, Some(0.0), O::Unreachable),
        (0.0, None, O::Unknown),
    ];
    for (weight, score, want) in cases {
        assert_eq!(p.classify(weight, score), want, "W = {weight}, score = {score:?}");
    }
}

#[test]
fn last_observation_ignores_complaints_and_the_window() {
    let mut ch = channel(&[obs(100.0, KO), complaint(1.0)]);
    assert_eq!(ch.reachability(now()).last_observed_at, Some(ago(100.0)));
    ch.add(obs(120.0, OK)); // older: does not move it
    assert_eq!(ch.reachability(now()).last_observed_at, Some(ago(100.0)));
}

#[test]
fn out_of_order_adds_give_the_same_result() {
    let in_order =
        vec![obs(200.0, OK), obs(62.0, KO), complaint(45.0), obs(30.0, PA), obs(10.0, RO), obs(3.0, OK), obs(1.0, OK)];
    let want = channel(&in_order).reachability(now());
    let orders: [&[usize]; 3] = [&[6, 5, 4, 3, 2, 1, 0], &[3, 0, 6, 1, 5, 2, 4], &[5, 6, 4, 3, 2, 1, 0]];
    for order in orders {
        let mut ch = ChannelEvidence::new(ReachabilityParams::default());
        // The first two go in before a query, the rest after: late imports into a live window.
        for (i, &k) in order.iter().enumerate() {
            if i == 2 {
                ch.reachability(now());
            }
            ch.add(in_order[k]);
        }
        assert_eq!(ch.reachability(now()), want, "{order:?}");
        assert_eq!(ch.evidence().copied().collect::<Vec<_>>(), in_order, "{order:?}");
    }
}

#[test]
fn expiry_and_going_back_in_time() {
    let mut ch = channel(&daily(5, KO));
    let today = ch.reachability(now());
    assert_eq!((today.state, today.observations), (O::Unreachable, 5));

    let later = ch.reachability(now() + TimeDelta::days(100));
    assert_eq!((later.state, later.observations, later.failures, later.score), (O::Unknown, 0, 0, None));
    assert_eq!(later.last_observed_at, Some(ago(1.0)));
    assert_eq!(ch.evidence().count(), 5, "history is kept");

    // Evidence older than the last cut (now + 10 days) stays out of the window, newer goes in.
    ch.add(obs(-5.0, KO));
    ch.add(obs(-50.0, KO));
    assert_eq!(ch.reachability(now() + TimeDelta::days(100)).observations, 1);

    // Asking about an earlier instant rebuilds the window from the history (later evidence counts as now).
    let back = ch.reachability(now());
    assert_eq!((back.state, back.observations, back.failures), (O::Unreachable, 7, 7));
}

#[test]
fn contradiction_table() {
    for declared in DeclaredState::ALL {
        for observed in ObservedState::ALL {
            let want = *declared == DeclaredState::Open && *observed == O::Unreachable;
            assert_eq!(contradiction(*declared, *observed), want, "{declared} / {observed}");
        }
    }
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[test]
fn by_hour_of_week_in_brussels_time() {
    let evidence = [
        // Sunday 29 March 2026: summer time started at 01:00 UTC, so 08:30 UTC is 10:30 in Brussels.
        Evidence::observation(at("2026-03-29T08:30:00Z"), OK),
        Evidence::observation(at("2026-03-29T08:45:00Z"), KO),
        Evidence::observation(at("2026-03-29T08:59:00Z"), PA),
        // Still winter time that night: 00:30 UTC is 01:30 in Brussels.
        Evidence::observation(at("2026-03-29T00:30:00Z"), OK),
        // Thursday 15 January 2026, winter time: 08:30 UTC is 9:30.
        Evidence::observation(at("2026-01-15T08:30:00Z"), OK),
        // Wednesday 23:30 UTC is already Thursday in Brussels.
        Evidence::observation(at("2026-01-14T23:30:00Z"), RO),
        // Ignored: a complaint, and an observation older than the window.
        Evidence::complaint(at("2026-01-15T08:40:00Z")),
        Evidence::observation(at("2025-10-01T08:30:00Z"), OK),
    ];
    let slot = |weekday, hour, attempts, successes, success_rate| HourSlot {
        weekday,
        hour,
        attempts,
        successes,
        success_rate,
    };
    let want = vec![slot(4, 0, 1, 0, 0.0), slot(4, 9, 1, 1, 1.0), slot(7, 1, 1, 1, 1.0), slot(7, 10, 3, 1, 1.0 / 3.0)];
    let got = by_hour_of_week(&evidence, at("2026-04-01T12:00:00Z"), &ReachabilityParams::default());
    assert_eq!(got, want);
}

#[test]
fn a_fork_decides_as_the_whole_history_would() {
    let mut evidence = daily(120, OK);
    evidence.extend([2.5, 1.5, 0.5].map(|d| obs(d, KO)));
    for asked in [None, Some(ago(30.0)), Some(now()), Some(now() + TimeDelta::days(1))] {
        let mut whole = channel(&evidence);
        if let Some(at) = asked {
            whole.reachability(at);
        }
        let mut fork = whole.fork(now());
        let mut copy = whole.clone();
        for e in [obs(0.2, KO), obs(0.1, KO), complaint(0.05)] {
            fork.add(e);
            copy.add(e);
            assert_eq!(fork.reachability(now()), copy.reachability(now()), "asked at {asked:?}");
        }
        // A fork of a cut window holds only the window (what is at or after the cut), else everything.
        let kept = match whole.cut {
            Some(cut) if asked.is_some_and(|at| at <= now()) => copy.evidence().filter(|e| e.at >= cut).count(),
            _ => copy.evidence().count(),
        };
        assert_eq!(fork.evidence().count(), kept, "asked at {asked:?}");
        if asked == Some(now()) {
            assert!(kept < copy.evidence().count(), "the fork sheds what is older than the window");
        }
    }
}

#[test]
fn by_hour_of_week_without_observations() {
    assert_eq!(by_hour_of_week(&[], now(), &ReachabilityParams::default()), vec![]);
    assert_eq!(by_hour_of_week(&[complaint(1.0)], now(), &ReachabilityParams::default()), vec![]);
}
