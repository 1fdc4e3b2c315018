//! When each channel was last verified, by whom, and until when that counts. From the catalog files, a channel
//! is as recent as the most recent dated source of its facts (an undated source gives no date: never invented);
//! through the API, the day an editor confirmed it ("still true") or changed its facts. It stays verified for
//! its institution's `update_every_months` (12 by default) — or, when a campaign whose scope holds it opened after
//! its last verification, only until that campaign's deadline.

use super::{Channel, Snapshot};
use crate::domain::PartialDate;
use crate::store::verification::{Campaign, LastVerification, Scope};
use chrono::{Months, NaiveDate};
use std::collections::HashMap;

pub const DEFAULT_UPDATE_EVERY_MONTHS: u32 = 12;

/// Who verified a channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifiedBy {
    /// The catalog files: the dated source the verification date is taken from.
    Catalog { source: i64 },
    /// An editor through the API: their organisation, as a person reads it.
    Editor { organisation: String },
}

/// A channel's last verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// At the source's own precision for the catalog files; a day for an editor.
    pub on: PartialDate,
    pub by: VerifiedBy,
}

fn day(d: NaiveDate) -> PartialDate {
    use chrono::Datelike;
    PartialDate { year: d.year(), month: Some(d.month()), day: Some(d.day()) }
}

/// The most recent dated source among the channel's facts.
fn from_catalog(s: &Snapshot, c: &Channel) -> Option<Verification> {
    std::iter::once(c.source)
        .chain(c.fact_sources.values().copied())
        .filter_map(|id| s.source(id).and_then(|src| src.date).map(|d| (d, id)))
        .max_by_key(|(d, _)| (d.latest(), d.earliest()))
        .map(|(on, source)| Verification { on, by: VerifiedBy::Catalog { source } })
}

fn last_verification(s: &Snapshot, c: &Channel, api: Option<&LastVerification>) -> Option<Verification> {
    let files = from_catalog(s, c);
    let editor = api.map(|v| Verification { on: day(v.on), by: VerifiedBy::Editor { organisation: v.by.clone() } });
    match (files, editor) {
        // A file dated after the editor's day is the newer word.
        (Some(f), Some(e)) => Some(if f.on.earliest() > e.on.earliest() { f } else { e }),
        (f, e) => e.or(f),
    }
}

impl Snapshot {
    /// Whether a channel is in a campaign's scope: each list given must hold it (its institution's level, its
    /// institution, the commune of its place or of its institution).
    pub fn in_scope(&self, c: &Channel, scope: &Scope) -> bool {
        let institution = &self.institutions[self.procedures[c.procedure].institution];
        let commune_slug = |i: Option<usize>| i.map(|i| self.communes[i].slug.as_str());
        let place = commune_slug(c.location.and_then(|l| self.locations.get(&l)).and_then(|l| l.commune));
        let body = commune_slug(institution.commune);
        (scope.levels.is_empty() || scope.levels.contains(&institution.level))
            && (scope.institutions.is_empty() || scope.institutions.contains(&institution.slug))
            && (scope.communes.is_empty()
                || [place, body].into_iter().flatten().any(|slug| scope.communes.iter().any(|c| c == slug)))
    }
}

/// Sets every channel's `verified` and `verify_by`.
pub fn apply(s: &mut Snapshot, api: &HashMap<i64, LastVerification>, campaigns: &[Campaign]) {
    let mut out = Vec::with_capacity(s.channels.len());
    for c in &s.channels {
        let verified = last_verification(s, c, api.get(&c.id));
        let months = s.institutions[s.procedures[c.procedure].institution].update_every_months;
        let verify_by = verified.as_ref().map(|v| {
            let since = v.on.earliest();
            let mut by = since.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX);
            for campaign in campaigns.iter().filter(|k| since < k.starts_on && s.in_scope(c, &k.scope)) {
                by = by.min(campaign.deadline);
            }
            by
        });
        out.push((verified, verify_by));
    }
    for (c, (verified, verify_by)) in s.channels.iter_mut().zip(out) {
        c.verified = verified;
        c.verify_by = verify_by;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pd(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_file_newer_than_the_editor_wins_else_the_editor() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
        assert_eq!(day(d), pd("2026-03-03"));
        // The order `last_verification` relies on: a year-only date counts from its first day.
        assert!(pd("2026").earliest() < day(d).earliest());
        assert!(pd("2026-04").earliest() > day(d).earliest());
    }
}
