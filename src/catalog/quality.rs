//! The data-quality report: what the catalog does not know yet, so that someone can go and find out.

use super::Snapshot;
use crate::domain::{ChannelKind, DeclaredState, Level};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Facts older than this many years are flagged.
pub const STALE_AFTER_YEARS: i64 = 2;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QualityReport {
    /// The date fact ages are computed against.
    pub as_of: chrono::NaiveDate,
    pub coverage: Coverage,
    pub checks: Vec<QualityCheck>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Coverage {
    pub institutions: usize,
    pub institutions_by_level: BTreeMap<String, usize>,
    pub procedures: usize,
    pub channels: usize,
    pub channels_by_kind: BTreeMap<String, usize>,
    /// Channels whose source has a date.
    pub channels_with_dated_source: usize,
    /// `channels_with_dated_source / channels`, 0 to 1.
    pub share_with_dated_source: f64,
    /// Channels with a declared status other than `unknown`.
    pub channels_with_declared_status: usize,
    /// Procedures with at least one offline alternative (a channel a person can act on).
    pub procedures_with_offline_alternative: usize,
    /// Procedures whose only would-be alternatives lack the facts to use them (to verify).
    pub procedures_with_unverified_alternative_only: usize,
    /// Channels other than online and e-mail that carry what a person needs to use them: an address, a number, a
    /// booking route.
    pub offline_channels_with_usable_contact: usize,
    /// Channels other than online and e-mail.
    pub offline_channels: usize,
    /// Counters with opening hours.
    pub counters_with_hours: usize,
    pub counters: usize,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QualityCheck {
    /// Stable identifier, e.g. `phone_without_number`.
    pub id: &'static str,
    pub description: &'static str,
    pub count: usize,
    pub items: Vec<QualityItem>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QualityItem {
    pub institution: String,
    pub procedure: String,
    pub channel_id: i64,
    pub channel_key: String,
    pub kind: ChannelKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

type Rule = (&'static str, &'static str, fn(&Snapshot, &super::Channel, chrono::NaiveDate) -> Option<Option<String>>);

/// Each rule returns `Some(detail)` when the channel fails it.
const RULES: &[Rule] = &[
    (
        "channel_without_source_date",
        "Channels resting on an undated page (only when it was read is known)",
        |s, c, _| s.source(c.source).is_none_or(|src| src.date.is_none()).then_some(None),
    ),
    (
        "channel_without_usable_contact",
        "Channels a person cannot act on: no address, number or booking route",
        |_, c, _| {
            let offline = !matches!(c.kind, ChannelKind::Online | ChannelKind::Email);
            (offline && !c.usable).then_some(None)
        },
    ),
    ("phone_without_number", "Phone channels without a phone number", |_, c, _| {
        (c.kind == ChannelKind::Phone && c.phone.is_none()).then_some(None)
    }),
    ("counter_without_hours", "Counters without opening hours", |_, c, _| {
        (c.kind == ChannelKind::Counter && c.opening_hours.is_none()).then_some(None)
    }),
    ("appointment_without_booking_route", "Appointments without a way to book them", |_, c, _| {
        (c.kind == ChannelKind::Appointment && c.booking.is_empty()).then_some(None)
    }),
    ("post_without_address", "Post channels without a postal address", |s, c, _| {
        let address = c.location.and_then(|l| s.locations.get(&l)).and_then(|l| l.address.as_ref());
        (c.kind == ChannelKind::Post && address.is_none()).then_some(None)
    }),
    ("declared_status_unknown", "Channels with no declared status", |_, c, _| {
        (c.declared == DeclaredState::Unknown).then_some(None)
    }),
    ("fact_older_than_two_years", "Channels whose source is more than two years old", |s, c, today| {
        let src = s.source(c.source)?;
        let date = src.date?;
        let age = date.age_in_years(today);
        (age >= STALE_AFTER_YEARS).then(|| Some(format!("source `{}` dated {date}, {age} years old", src.key)))
    }),
    ("uncertain_source", "Channels resting on a source marked uncertain", |s, c, _| {
        let src = s.source(c.source)?;
        src.uncertain.then(|| src.note.as_ref().and_then(|n| n.in_or_any("en")).map(str::to_string))
    }),
];

pub fn quality_report(s: &Snapshot, today: chrono::NaiveDate) -> QualityReport {
    let mut institutions_by_level: BTreeMap<String, usize> = Level::ALL.iter().map(|l| (l.to_string(), 0)).collect();
    for i in &s.institutions {
        *institutions_by_level.entry(i.level.to_string()).or_default() += 1;
    }
    let mut channels_by_kind: BTreeMap<String, usize> = ChannelKind::ALL.iter().map(|k| (k.to_string(), 0)).collect();
    for c in &s.channels {
        *channels_by_kind.entry(c.kind.to_string()).or_default() += 1;
    }
    let dated = s.channels.iter().filter(|c| s.source(c.source).is_some_and(|src| src.date.is_some())).count();
    let offline = s.channels.iter().filter(|c| !matches!(c.kind, ChannelKind::Online | ChannelKind::Email));
    let counters = s.channels.iter().filter(|c| c.kind == ChannelKind::Counter);
    let coverage = Coverage {
        institutions: s.institutions.len(),
        institutions_by_level,
        procedures: s.procedures.len(),
        channels: s.channels.len(),
        channels_by_kind,
        channels_with_dated_source: dated,
        share_with_dated_source: if s.channels.is_empty() { 0.0 } else { dated as f64 / s.channels.len() as f64 },
        channels_with_declared_status: s.channels.iter().filter(|c| c.declared != DeclaredState::Unknown).count(),
        procedures_with_offline_alternative: s.procedures.iter().filter(|p| p.has_offline_alternative).count(),
        procedures_with_unverified_alternative_only: s
            .procedures
            .iter()
            .filter(|p| !p.has_offline_alternative && p.has_unverified_alternative)
            .count(),
        offline_channels_with_usable_contact: offline.clone().filter(|c| c.usable).count(),
        offline_channels: offline.count(),
        counters_with_hours: counters.clone().filter(|c| c.opening_hours.is_some()).count(),
        counters: counters.count(),
    };
    let checks = RULES
        .iter()
        .map(|(id, description, rule)| {
            let items: Vec<QualityItem> = s
                .channels
                .iter()
                .filter_map(|c| {
                    let detail = rule(s, c, today)?;
                    let p = &s.procedures[c.procedure];
                    Some(QualityItem {
                        institution: s.institutions[p.institution].slug.clone(),
                        procedure: p.slug.clone(),
                        channel_id: c.id,
                        channel_key: c.key.clone(),
                        kind: c.kind,
                        detail,
                    })
                })
                .collect();
            QualityCheck { id, description, count: items.len(), items }
        })
        .collect();
    QualityReport { as_of: today, coverage, checks }
}

impl std::fmt::Display for QualityReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let c = &self.coverage;
        writeln!(f, "data quality as of {}", self.as_of)?;
        writeln!(
            f,
            "  coverage: {} institutions, {} procedures, {} channels; {} channels ({:.0}%) with a dated source; \
             {} with a declared status; {} procedures with an offline alternative ({} more only to verify); \
             {} of {} offline channels with a usable contact; {} of {} counters with hours",
            c.institutions,
            c.procedures,
            c.channels,
            c.channels_with_dated_source,
            c.share_with_dated_source * 100.0,
            c.channels_with_declared_status,
            c.procedures_with_offline_alternative,
            c.procedures_with_unverified_alternative_only,
            c.offline_channels_with_usable_contact,
            c.offline_channels,
            c.counters_with_hours,
            c.counters
        )?;
        for check in &self.checks {
            writeln!(f, "  {:<36} {:>4}  {}", check.id, check.count, check.description)?;
        }
        Ok(())
    }
}
