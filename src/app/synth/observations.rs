//! Synthetic observations over the channels of the imported catalog.

use super::rng::{Rng, mix};
use super::{OBSERVATION_DAYS, SynthSpec};
use crate::catalog::Snapshot;
use crate::domain::{ChannelKind, FailureReason, Outcome};
use crate::store::observations::ObservationRecord;

/// How well a channel works in the synthetic world: chances of (completed, not_completed, partial, redirected
/// online), in per mille. About 70% of channels work, 15% are degraded, 15% are broken: overall about 70% completed,
/// 20% not completed, 5% partial, 5% redirected online.
const CLASSES: [[u32; 4]; 3] = [[880, 70, 30, 20], [500, 350, 100, 50], [120, 600, 80, 200]];

fn channel_class(seed: u64, channel_id: i64) -> usize {
    match mix(mix(seed ^ 0x0C1A_55E5) ^ channel_id as u64) % 100 {
        0..70 => 0,
        70..85 => 1,
        _ => 2,
    }
}

fn failure_reason(rng: &mut Rng, kind: ChannelKind) -> FailureReason {
    use FailureReason as F;
    let table: &[(F, u32)] = match kind {
        ChannelKind::Phone => &[(F::NoAnswer, 4), (F::LineSaturated, 4), (F::LanguageBarrier, 1), (F::Other, 1)],
        ChannelKind::Counter => &[
            (F::ClosedOnSite, 3),
            (F::NoAppointmentAvailable, 2),
            (F::MissingDocuments, 2),
            (F::LanguageBarrier, 1),
            (F::Other, 1),
        ],
        ChannelKind::Appointment => {
            &[(F::NoAppointmentAvailable, 4), (F::AppointmentOnlineOnly, 3), (F::MissingDocuments, 1), (F::Other, 1)]
        }
        ChannelKind::Online => &[(F::TechnicalError, 5), (F::MissingDocuments, 2), (F::Other, 1)],
        ChannelKind::Post => &[(F::NoAnswer, 3), (F::MissingDocuments, 3), (F::Other, 1)],
        ChannelKind::Email => &[(F::NoAnswer, 4), (F::Other, 1)],
        ChannelKind::Assisted => &[
            (F::NoAppointmentAvailable, 2),
            (F::TechnicalError, 2),
            (F::ClosedOnSite, 2),
            (F::LanguageBarrier, 1),
            (F::Other, 1),
        ],
    };
    *rng.weighted(table)
}

/// `spec.observations` observations over the channels of `snapshot`, filed by `organisation_id`, sorted by
/// `occurred_at`: on weekdays mostly, in office hours, over the `OBSERVATION_DAYS` days before `now` (never after).
/// Some channels get many reports, most a few; each channel works well, badly or not at all, so observed
/// reachability varies. Outcomes ~70% completed, 20% not completed, 5% partial, 5% redirected online, with a
/// failure reason that fits the channel's kind when not completed; minutes 1..=90; on behalf ~75%. No comment and
/// no role: nothing that could identify anyone. Ready for `crate::store::observations::record_many`.
pub fn synth_observations(
    spec: &SynthSpec,
    snapshot: &Snapshot,
    organisation_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<ObservationRecord> {
    let channels = &snapshot.channels;
    if channels.is_empty() || spec.observations == 0 {
        return Vec::new();
    }
    let mut rng = Rng::new(spec.seed, 2);
    // Popularity: a random order of the channels; the first ones get most of the reports.
    let mut order: Vec<usize> = (0..channels.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let classes: Vec<usize> = channels.iter().map(|c| channel_class(spec.seed, c.id)).collect();
    let now_ts = now.timestamp();
    let start_ts = now_ts - OBSERVATION_DAYS * 86_400;
    let first_day = start_ts.div_euclid(86_400);
    let days = (now_ts.div_euclid(86_400) - first_day + 1) as usize;

    let mut out = Vec::with_capacity(spec.observations);
    for _ in 0..spec.observations {
        let u = rng.unit();
        let position = ((u * u * channels.len() as f64) as usize).min(channels.len() - 1);
        let index = order[position];
        let channel = &channels[index];

        // A weekday (weekends rarely), 07:00–17:00 UTC, inside the window.
        let mut ts = None;
        for _ in 0..8 {
            let day = first_day + rng.below(days) as i64;
            // 1970-01-01 was a Thursday: day % 7 == 2 is a Saturday, 3 a Sunday.
            if matches!(day.rem_euclid(7), 2 | 3) && rng.chance(0.9) {
                continue;
            }
            let t = day * 86_400 + 7 * 3600 + rng.below(10 * 3600) as i64;
            if (start_ts..=now_ts).contains(&t) {
                ts = Some(t);
                break;
            }
        }
        let ts = ts.unwrap_or_else(|| now_ts - rng.below((OBSERVATION_DAYS * 86_400) as usize) as i64);
        let occurred_at = chrono::DateTime::from_timestamp(ts, 0).unwrap_or(now).naive_utc();

        let class = &CLASSES[classes[index]];
        let mut x = rng.below(1000) as u32;
        let mut outcome = Outcome::Completed;
        for (o, p) in [Outcome::Completed, Outcome::NotCompleted, Outcome::Partial, Outcome::RedirectedOnline]
            .into_iter()
            .zip(class)
        {
            if x < *p {
                outcome = o;
                break;
            }
            x -= p;
        }
        let kind = channel.kind;
        if kind == ChannelKind::Online && outcome == Outcome::RedirectedOnline {
            // Already online: being "sent online" means it failed.
            outcome = Outcome::NotCompleted;
        }
        let failure_reason = match outcome {
            Outcome::Completed => None,
            Outcome::NotCompleted => Some(failure_reason(&mut rng, kind)),
            Outcome::RedirectedOnline => Some(FailureReason::RedirectedOnline),
            Outcome::Partial => rng.chance(0.5).then(|| failure_reason(&mut rng, kind)),
        };
        let minutes_spent = 1 + (89.0 * rng.unit().powf(1.5)).round() as i32;
        let on_behalf = rng.chance(0.75);
        let wait_minutes = match kind {
            ChannelKind::Counter if rng.chance(0.7) => Some(rng.below(91) as i32),
            ChannelKind::Appointment if rng.chance(0.5) => Some(rng.below(31) as i32),
            ChannelKind::Phone if rng.chance(0.6) => Some(rng.below(46) as i32),
            _ => None,
        };
        out.push(ObservationRecord {
            channel_id: channel.id,
            organisation_id,
            occurred_at,
            outcome,
            minutes_spent,
            on_behalf,
            failure_reason,
            wait_minutes,
            reporter_role: None,
            comment: None,
        });
    }
    // Stable: equal instants keep their generation order, so the result is the same on every run.
    out.sort_by_key(|o| o.occurred_at);
    out
}
