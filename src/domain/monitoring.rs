//! The "monitoring social 1030" table: how many attempts social workers made in the institutions' place, how many
//! failed, how long they took, for which institutions.
//!
//! The CASS survey (Schaerbeek, 14 Sept – 30 Nov 2022, `../shared/seeds/004_…`) reports exactly these figures: 416
//! procedures, 27 % not completed, 24 minutes on average, over 160 hours in all, FWB 20 %, the commune 19 %, social
//! security 16 %. [`monitoring_table`] computes them from the rows; [`MonitoringAccumulator`] keeps the same figures
//! up to date one observation at a time.
//!
//! "Not completed" counts `not_completed` and `redirected_online`: being sent online is not an offline answer.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use chrono_tz::Europe::Brussels;
use serde::Serialize;
use utoipa::ToSchema;

use super::enums::{ChannelKind, FailureReason, Outcome};

/// What the table needs to know of one observation.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservationFacts {
    pub occurred_at: DateTime<Utc>,
    pub outcome: Outcome,
    pub minutes_spent: u32,
    pub on_behalf: bool,
    pub failure_reason: Option<FailureReason>,
    /// Institution slug.
    pub institution: String,
    pub channel_kind: ChannelKind,
}

/// One line of a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, ToSchema)]
pub struct Share {
    pub key: String,
    pub count: u64,
    /// `count` over the breakdown's base, 0 to 1.
    pub share: f64,
}

/// The observations of one week.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, ToSchema)]
pub struct WeekCount {
    /// The Monday the week starts on, Brussels time.
    pub week_start: NaiveDate,
    pub count: u64,
    /// Outcomes `not_completed` and `redirected_online`.
    pub not_completed: u64,
}

/// The monitoring figures over a set of observations.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, ToSchema)]
pub struct MonitoringTable {
    pub total: u64,
    /// Outcomes `not_completed` and `redirected_online`.
    pub not_completed: u64,
    /// `not_completed` over `total` (0 when there is none).
    pub not_completed_share: f64,
    pub partial_share: f64,
    /// Done by the worker in the person's place.
    pub on_behalf_share: f64,
    pub mean_minutes: Option<f64>,
    /// The mean of the two middle values for an even count.
    pub median_minutes: Option<f64>,
    pub total_hours: f64,
    /// Count descending, then key; share of `total`.
    pub by_institution: Vec<Share>,
    /// Count descending, then key; share of the attempts that give a reason.
    pub by_failure_reason: Vec<Share>,
    /// Count descending, then key; share of `total`.
    pub by_channel_kind: Vec<Share>,
    /// Ascending, only weeks with observations.
    pub by_week: Vec<WeekCount>,
}

fn is_not_completed(outcome: Outcome) -> bool {
    matches!(outcome, Outcome::NotCompleted | Outcome::RedirectedOnline)
}

/// The Monday starting the Brussels-time week of `at`.
pub fn week_start(at: DateTime<Utc>) -> NaiveDate {
    let local = at.with_timezone(&Brussels).date_naive();
    local - Days::new(u64::from(local.weekday().num_days_from_monday()))
}

fn ratio(count: u64, base: u64) -> f64 {
    if base == 0 { 0.0 } else { count as f64 / base as f64 }
}

/// A breakdown, count descending then key ascending, so equal counts always come out in the same order.
fn shares(counts: impl IntoIterator<Item = (String, u64)>, base: u64) -> Vec<Share> {
    let mut lines: Vec<Share> =
        counts.into_iter().map(|(key, count)| Share { share: ratio(count, base), key, count }).collect();
    lines.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    lines
}

/// The median of `n` values given the `k`-th smallest (0-based).
fn median(n: u64, nth: impl Fn(u64) -> u32) -> Option<f64> {
    match n {
        0 => None,
        n if n % 2 == 1 => Some(f64::from(nth(n / 2))),
        n => Some((f64::from(nth(n / 2 - 1)) + f64::from(nth(n / 2))) / 2.0),
    }
}

fn mean(sum: u64, n: u64) -> Option<f64> {
    (n > 0).then(|| sum as f64 / n as f64)
}

fn weeks(by_week: BTreeMap<NaiveDate, (u64, u64)>) -> Vec<WeekCount> {
    by_week
        .into_iter()
        .map(|(week_start, (count, not_completed))| WeekCount { week_start, count, not_completed })
        .collect()
}

/// The table over `rows`, computed from scratch (the reference the accumulator is tested against).
pub fn monitoring_table(rows: &[ObservationFacts]) -> MonitoringTable {
    let total = rows.len() as u64;
    let count = |keep: fn(&ObservationFacts) -> bool| rows.iter().filter(|r| keep(r)).count() as u64;
    let not_completed = count(|r| is_not_completed(r.outcome));
    let minutes: u64 = rows.iter().map(|r| u64::from(r.minutes_spent)).sum();
    let mut sorted: Vec<u32> = rows.iter().map(|r| r.minutes_spent).collect();
    sorted.sort_unstable();

    let mut institutions: BTreeMap<&str, u64> = BTreeMap::new();
    let mut reasons: BTreeMap<FailureReason, u64> = BTreeMap::new();
    let mut kinds: BTreeMap<ChannelKind, u64> = BTreeMap::new();
    let mut by_week: BTreeMap<NaiveDate, (u64, u64)> = BTreeMap::new();
    for r in rows {
        *institutions.entry(&r.institution).or_default() += 1;
        if let Some(reason) = r.failure_reason {
            *reasons.entry(reason).or_default() += 1;
        }
        *kinds.entry(r.channel_kind).or_default() += 1;
        let week = by_week.entry(week_start(r.occurred_at)).or_default();
        week.0 += 1;
        week.1 += u64::from(is_not_completed(r.outcome));
    }
    let with_reason = reasons.values().sum();

    MonitoringTable {
        total,
        not_completed,
        not_completed_share: ratio(not_completed, total),
        partial_share: ratio(count(|r| r.outcome == Outcome::Partial), total),
        on_behalf_share: ratio(count(|r| r.on_behalf), total),
        mean_minutes: mean(minutes, total),
        median_minutes: median(total, |k| usize::try_from(k).map_or(0, |k| sorted[k])),
        total_hours: minutes as f64 / 60.0,
        by_institution: shares(institutions.into_iter().map(|(k, n)| (k.to_owned(), n)), total),
        by_failure_reason: shares(reasons.into_iter().map(|(k, n)| (k.as_str().to_owned(), n)), with_reason),
        by_channel_kind: shares(kinds.into_iter().map(|(k, n)| (k.as_str().to_owned(), n)), total),
        by_week: weeks(by_week),
    }
}

/// The same figures as [`monitoring_table`], kept up to date one observation at a time: `add` is O(log n) and
/// `table` costs the size of the breakdowns, never the number of rows. The minutes are kept as counts per value,
/// so the median walks at most 601 entries when minutes stay within 0..=600 (and stays exact if they do not).
#[derive(Debug, Clone, Default)]
pub struct MonitoringAccumulator {
    total: u64,
    not_completed: u64,
    partial: u64,
    on_behalf: u64,
    minutes_sum: u64,
    minutes: BTreeMap<u32, u64>,
    institutions: HashMap<String, u64>,
    reasons: BTreeMap<FailureReason, u64>,
    kinds: BTreeMap<ChannelKind, u64>,
    weeks: BTreeMap<NaiveDate, (u64, u64)>,
}

impl MonitoringAccumulator {
    pub fn add(&mut self, f: &ObservationFacts) {
        let failed = is_not_completed(f.outcome);
        self.total += 1;
        self.not_completed += u64::from(failed);
        self.partial += u64::from(f.outcome == Outcome::Partial);
        self.on_behalf += u64::from(f.on_behalf);
        self.minutes_sum += u64::from(f.minutes_spent);
        *self.minutes.entry(f.minutes_spent).or_default() += 1;
        // Look up before inserting: the slug is allocated once per institution, not once per observation.
        match self.institutions.get_mut(&f.institution) {
            Some(n) => *n += 1,
            None => {
                self.institutions.insert(f.institution.clone(), 1);
            }
        }
        if let Some(reason) = f.failure_reason {
            *self.reasons.entry(reason).or_default() += 1;
        }
        *self.kinds.entry(f.channel_kind).or_default() += 1;
        let week = self.weeks.entry(week_start(f.occurred_at)).or_default();
        week.0 += 1;
        week.1 += u64::from(failed);
    }

    pub fn table(&self) -> MonitoringTable {
        let total = self.total;
        let with_reason = self.reasons.values().sum();
        MonitoringTable {
            total,
            not_completed: self.not_completed,
            not_completed_share: ratio(self.not_completed, total),
            partial_share: ratio(self.partial, total),
            on_behalf_share: ratio(self.on_behalf, total),
            mean_minutes: mean(self.minutes_sum, total),
            median_minutes: median(total, |k| self.nth_minutes(k)),
            total_hours: self.minutes_sum as f64 / 60.0,
            by_institution: shares(self.institutions.iter().map(|(k, n)| (k.clone(), *n)), total),
            by_failure_reason: shares(self.reasons.iter().map(|(k, n)| (k.as_str().to_owned(), *n)), with_reason),
            by_channel_kind: shares(self.kinds.iter().map(|(k, n)| (k.as_str().to_owned(), *n)), total),
            by_week: weeks(self.weeks.clone()),
        }
    }

    /// The `k`-th smallest minutes value (0-based), `k < total`.
    fn nth_minutes(&self, k: u64) -> u32 {
        let mut seen = 0;
        for (&minutes, &count) in &self.minutes {
            seen += count;
            if k < seen {
                return minutes;
            }
        }
        unreachable!("k = {k} is not below the {seen} values counted")
    }
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap, clippy::cast_sign_loss)]
mod tests {
    use super::*;
    use ChannelKind as K;
    use FailureReason as R;
    use Outcome::{Completed as OK, NotCompleted as KO, Partial as PA, RedirectedOnline as RO};

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn row(occurred_at: &str, institution: &str, outcome: Outcome, minutes: u32, on_behalf: bool) -> ObservationFacts {
        ObservationFacts {
            occurred_at: at(occurred_at),
            outcome,
            minutes_spent: minutes,
            on_behalf,
            failure_reason: None,
            institution: institution.to_owned(),
            channel_kind: K::Online,
        }
    }

    fn with(mut r: ObservationFacts, reason: Option<FailureReason>, kind: ChannelKind) -> ObservationFacts {
        r.failure_reason = reason;
        r.channel_kind = kind;
        r
    }

    fn accumulate(rows: &[ObservationFacts]) -> MonitoringTable {
        let mut acc = MonitoringAccumulator::default();
        rows.iter().for_each(|r| acc.add(r));
        acc.table()
    }

    fn share(key: &str, count: u64, share: f64) -> Share {
        Share { key: key.to_owned(), count, share }
    }

    #[test]
    fn empty_table() {
        let want = MonitoringTable {
            total: 0,
            not_completed: 0,
            not_completed_share: 0.0,
            partial_share: 0.0,
            on_behalf_share: 0.0,
            mean_minutes: None,
            median_minutes: None,
            total_hours: 0.0,
            by_institution: vec![],
            by_failure_reason: vec![],
            by_channel_kind: vec![],
            by_week: vec![],
        };
        assert_eq!(monitoring_table(&[]), want);
        assert_eq!(MonitoringAccumulator::default().table(), want);
    }

    #[test]
    fn small_table_by_hand() {
        let rows = [
            with(row("2026-01-12T09:00:00Z", "fwb", OK, 10, true), None, K::Online),
            with(row("2026-01-14T10:00:00Z", "fwb", KO, 30, true), Some(R::LineSaturated), K::Phone),
            with(row("2026-01-20T11:00:00Z", "commune", RO, 20, false), Some(R::RedirectedOnline), K::Counter),
            with(row("2026-01-21T14:00:00Z", "spf-social", PA, 40, true), Some(R::MissingDocuments), K::Online),
            with(row("2026-01-22T15:00:00Z", "commune", OK, 50, false), None, K::Counter),
        ];
        let want = MonitoringTable {
            total: 5,
            not_completed: 2,
            not_completed_share: 0.4,
            partial_share: 0.2,
            on_behalf_share: 0.6,
            mean_minutes: Some(30.0),
            median_minutes: Some(30.0),
            total_hours: 2.5,
            by_institution: vec![share("commune", 2, 0.4), share("fwb", 2, 0.4), share("spf-social", 1, 0.2)],
            by_failure_reason: vec![
                share("line_saturated", 1, 1.0 / 3.0),
                share("missing_documents", 1, 1.0 / 3.0),
                share("redirected_online", 1, 1.0 / 3.0),
            ],
            by_channel_kind: vec![share("counter", 2, 0.4), share("online", 2, 0.4), share("phone", 1, 0.2)],
            by_week: vec![
                WeekCount { week_start: date("2026-01-12"), count: 2, not_completed: 1 },
                WeekCount { week_start: date("2026-01-19"), count: 3, not_completed: 1 },
            ],
        };
        assert_eq!(monitoring_table(&rows), want);
        assert_eq!(accumulate(&rows), want);
    }

    #[test]
    fn median_table() {
        let cases: &[(&[u32], Option<f64>)] = &[
            (&[], None),
            (&[7], Some(7.0)),
            (&[3, 1, 2], Some(2.0)),
            (&[1, 2], Some(1.5)),
            (&[41, 10, 30, 20], Some(25.0)),
            (&[0, 600, 0, 600], Some(300.0)),
            (&[5, 5, 5, 9], Some(5.0)),
            (&[0, 0, 0], Some(0.0)),
        ];
        for (minutes, want) in cases {
            let rows: Vec<_> = minutes.iter().map(|m| row("2026-01-12T09:00:00Z", "fwb", OK, *m, false)).collect();
            assert_eq!(monitoring_table(&rows).median_minutes, *want, "{minutes:?}");
            assert_eq!(accumulate(&rows).median_minutes, *want, "{minutes:?}");
        }
    }

    #[test]
    fn weeks_turn_on_sunday_midnight_in_brussels() {
        let cases = [
            // Summer time: midnight in Brussels is 22:00 UTC.
            ("2026-03-29T21:59:00Z", "2026-03-23"),
            ("2026-03-29T22:00:00Z", "2026-03-30"),
            // Winter time: midnight in Brussels is 23:00 UTC.
            ("2026-01-18T22:30:00Z", "2026-01-12"),
            ("2026-01-18T23:30:00Z", "2026-01-19"),
            ("2026-01-19T00:00:00Z", "2026-01-19"),
        ];
        for (instant, monday) in cases {
            assert_eq!(week_start(at(instant)), date(monday), "{instant}");
        }
        let rows: Vec<_> = cases.iter().map(|(instant, _)| row(instant, "fwb", KO, 5, false)).collect();
        let week = |monday, count| WeekCount { week_start: date(monday), count, not_completed: count };
        let want = vec![week("2026-01-12", 1), week("2026-01-19", 2), week("2026-03-23", 1), week("2026-03-30", 1)];
        assert_eq!(monitoring_table(&rows).by_week, want);
        assert_eq!(accumulate(&rows).by_week, want);
    }

    /// A linear congruential generator (Knuth's MMIX constants): deterministic rows without a rand crate.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (self.0 >> 33) % n
        }

        fn pick<T: Copy>(&mut self, items: &[T]) -> T {
            items[self.below(items.len() as u64) as usize]
        }
    }

    fn generated_rows(n: usize, seed: u64) -> Vec<ObservationFacts> {
        let mut lcg = Lcg(seed);
        let institutions = ["fwb", "commune-schaerbeek", "spf-securite-sociale", "cpas-schaerbeek", "actiris"];
        let start = at("2025-12-01T00:00:00Z");
        (0..n)
            .map(|_| {
                let outcome = lcg.pick(Outcome::ALL);
                // Mostly short, sometimes very long: many repeated values and a few outliers.
                let minutes = if lcg.below(10) == 0 { lcg.below(601) } else { lcg.below(45) } as u32;
                ObservationFacts {
                    occurred_at: start + chrono::TimeDelta::minutes(lcg.below(60 * 24 * 70) as i64),
                    outcome,
                    minutes_spent: minutes,
                    on_behalf: lcg.below(3) != 0,
                    failure_reason: (outcome != OK).then(|| lcg.pick(FailureReason::ALL)),
                    institution: lcg.pick(&institutions).to_owned(),
                    channel_kind: lcg.pick(ChannelKind::ALL),
                }
            })
            .collect()
    }

    #[test]
    fn accumulator_equals_the_table_at_every_step() {
        for seed in [1, 42, 2022] {
            let rows = generated_rows(400, seed);
            let mut acc = MonitoringAccumulator::default();
            for (i, r) in rows.iter().enumerate() {
                acc.add(r);
                if i % 37 == 0 || i + 1 == rows.len() {
                    assert_eq!(acc.table(), monitoring_table(&rows[..=i]), "seed {seed}, {} rows", i + 1);
                }
            }
            let table = acc.table();
            assert_eq!(table.by_week.iter().map(|w| w.count).sum::<u64>(), 400);
            assert_eq!(table.by_institution.iter().map(|s| s.count).sum::<u64>(), 400);
        }
    }

    /// Rows shaped like the CASS survey (416 procedures, 14 Sept – 30 Nov 2022) give back its published figures.
    #[test]
    fn cass_survey_figures() {
        let institutions = [
            ("fwb", 83),
            ("commune-schaerbeek", 79),
            ("securite-sociale", 67),
            ("cpas-schaerbeek", 60),
            ("actiris", 50),
            ("spf-handicap", 40),
            ("bruxelles-fiscalite", 37),
        ];
        let start = at("2022-09-14T08:00:00Z");
        let rows: Vec<_> = institutions
            .iter()
            .flat_map(|(slug, n)| std::iter::repeat_n(*slug, *n))
            .enumerate()
            .map(|(i, slug)| ObservationFacts {
                // Spread over the 11 weeks of the survey, the last one on 30 November.
                occurred_at: start + chrono::TimeDelta::hours((i as i64 * 77 * 24) / 416),
                outcome: if i % 26 < 7 { KO } else { OK },
                minutes_spent: if i % 2 == 0 { 18 } else { 30 },
                on_behalf: true,
                failure_reason: None,
                institution: slug.to_owned(),
                channel_kind: K::Online,
            })
            .collect();
        let t = monitoring_table(&rows);
        let percent = |x: f64| (x * 100.0).round();
        assert_eq!(t.total, 416);
        assert_eq!(percent(t.not_completed_share), 27.0);
        assert_eq!(t.mean_minutes, Some(24.0));
        assert!(t.total_hours > 160.0, "{}", t.total_hours);
        let top3: Vec<_> = t.by_institution[..3].iter().map(|s| (s.key.as_str(), percent(s.share))).collect();
        assert_eq!(top3, [("fwb", 20.0), ("commune-schaerbeek", 19.0), ("securite-sociale", 16.0)]);
        assert_eq!(t.by_week.first().map(|w| w.week_start), Some(date("2022-09-12")));
        assert_eq!(t.by_week.last().map(|w| w.week_start), Some(date("2022-11-28")));
        assert_eq!(accumulate(&rows), t);
    }
}
