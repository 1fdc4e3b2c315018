//! The observation rows the monitoring figures are computed from, kept in 16 bytes each: a million stay in
//! memory at Belgium scale. A row whose values do not fit (a channel id above 2³², an instant before 1970, after
//! 2106 or with a fraction of a second) is kept whole beside them, so every row reads back exactly as stored.

use super::observed::Organisation;
use crate::domain::monitoring::ObservationFacts;
use crate::domain::{FailureReason, Outcome};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// One observation as the monitoring figures see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ObservationRow {
    pub channel_id: i64,
    pub occurred_at: DateTime<Utc>,
    pub outcome: Outcome,
    pub minutes_spent: u16,
    pub on_behalf: bool,
    pub failure_reason: Option<FailureReason>,
    /// Index in the table's organisations.
    pub organisation: u32,
}

impl ObservationRow {
    /// The row as the monitoring table needs it, with the institution and channel kind of the current catalog.
    pub fn facts(&self, s: &super::Snapshot) -> Option<ObservationFacts> {
        let channel = s.channel(self.channel_id)?;
        let institution = &s.institutions[s.procedures[channel.procedure].institution];
        Some(ObservationFacts {
            occurred_at: self.occurred_at,
            outcome: self.outcome,
            minutes_spent: u32::from(self.minutes_spent),
            on_behalf: self.on_behalf,
            failure_reason: self.failure_reason,
            institution: institution.slug.clone(),
            channel_kind: channel.kind,
        })
    }
}

/// A row packed: seconds since 1970, the channel id, the organisation, the minutes, the outcome (its index in
/// `Outcome::ALL`, the high bit saying "on behalf") and the failure reason (0: none, else 1 + its index).
#[derive(Debug, Clone, Copy)]
struct Packed {
    at: u32,
    channel: u32,
    organisation: u32,
    minutes: u16,
    outcome: u8,
    reason: u8,
}

const ON_BEHALF: u8 = 0x80;

fn index_of<T: PartialEq>(all: &[T], x: &T) -> Option<u8> {
    all.iter().position(|a| a == x).and_then(|i| u8::try_from(i).ok())
}

impl Packed {
    fn pack(r: &ObservationRow) -> Option<Packed> {
        if r.occurred_at.timestamp_subsec_nanos() != 0 {
            return None;
        }
        let outcome = index_of(Outcome::ALL, &r.outcome).filter(|&i| i < ON_BEHALF)?;
        let reason = match r.failure_reason {
            None => 0,
            Some(reason) => index_of(FailureReason::ALL, &reason)?.checked_add(1)?,
        };
        Some(Packed {
            at: u32::try_from(r.occurred_at.timestamp()).ok()?,
            channel: u32::try_from(r.channel_id).ok()?,
            organisation: r.organisation,
            minutes: r.minutes_spent,
            outcome: outcome | if r.on_behalf { ON_BEHALF } else { 0 },
            reason,
        })
    }

    fn unpack(self) -> ObservationRow {
        ObservationRow {
            channel_id: i64::from(self.channel),
            occurred_at: DateTime::from_timestamp(i64::from(self.at), 0).unwrap_or_default(),
            outcome: Outcome::ALL[usize::from(self.outcome & !ON_BEHALF)],
            minutes_spent: self.minutes,
            on_behalf: self.outcome & ON_BEHALF != 0,
            failure_reason: self.reason.checked_sub(1).map(|i| FailureReason::ALL[usize::from(i)]),
            organisation: self.organisation,
        }
    }
}

/// The rows and the organisations they name.
#[derive(Default)]
pub struct ObservationRows {
    packed: Vec<Packed>,
    /// The rows that do not pack (module documentation).
    whole: Vec<ObservationRow>,
    organisations: Vec<Organisation>,
    by_name: HashMap<String, u32>,
}

impl ObservationRows {
    pub fn reserve(&mut self, n: usize) {
        self.packed.reserve_exact(n);
    }

    /// The organisation's index, added the first time it is seen.
    pub fn organisation(&mut self, name: &str, commune: Option<&str>) -> u32 {
        if let Some(&i) = self.by_name.get(name) {
            return i;
        }
        let i = u32::try_from(self.organisations.len()).unwrap_or(u32::MAX);
        self.organisations.push(Organisation { name: name.to_string(), commune: commune.map(str::to_string) });
        self.by_name.insert(name.to_string(), i);
        i
    }

    pub fn push(&mut self, row: ObservationRow) {
        match Packed::pack(&row) {
            Some(p) => self.packed.push(p),
            None => self.whole.push(row),
        }
    }

    /// Every row, each as it was added (the packed ones first).
    pub fn iter(&self) -> impl Iterator<Item = ObservationRow> + '_ {
        self.packed.iter().map(|p| p.unpack()).chain(self.whole.iter().copied())
    }

    pub fn organisations(&self) -> &[Organisation] {
        &self.organisations
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        at: &str,
        channel_id: i64,
        outcome: Outcome,
        on_behalf: bool,
        reason: Option<FailureReason>,
    ) -> ObservationRow {
        ObservationRow {
            channel_id,
            occurred_at: at.parse().unwrap(),
            outcome,
            minutes_spent: 600,
            on_behalf,
            failure_reason: reason,
            organisation: 7,
        }
    }

    #[test]
    fn every_row_reads_back_as_added() {
        let mut rows = vec![];
        for &outcome in Outcome::ALL {
            for on_behalf in [false, true] {
                rows.push(row("2026-03-29T01:59:59Z", 42, outcome, on_behalf, None));
                for &reason in FailureReason::ALL {
                    rows.push(row("2026-10-25T02:30:00Z", 4_294_967_295, outcome, on_behalf, Some(reason)));
                }
            }
        }
        // Kept whole: a fraction of a second, before 1970, after 2106, a channel id above 2³².
        let whole = [
            row("2026-12-03T10:00:00.250Z", 1, Outcome::Completed, true, None),
            row("1969-12-31T23:59:59Z", 1, Outcome::Completed, true, None),
            row("2106-02-07T06:28:16Z", 1, Outcome::Completed, true, None),
            row("2026-12-03T10:00:00Z", 4_294_967_296, Outcome::Partial, false, None),
            row("2026-12-03T10:00:00Z", -1, Outcome::Partial, false, None),
        ];
        rows.extend(whole);
        let mut table = ObservationRows::default();
        rows.iter().for_each(|r| table.push(*r));
        assert_eq!(table.whole.len(), whole.len());
        assert_eq!(table.iter().collect::<Vec<_>>(), rows);
        assert_eq!(std::mem::size_of::<Packed>(), 16);
    }

    #[test]
    fn organisations_are_named_once() {
        let mut table = ObservationRows::default();
        assert_eq!(table.organisation("CASS", Some("schaerbeek")), 0);
        assert_eq!(table.organisation("Lire et Écrire", None), 1);
        assert_eq!(table.organisation("CASS", Some("ignored the second time")), 0);
        assert_eq!(table.organisations().len(), 2);
        assert_eq!(table.organisations()[0].commune.as_deref(), Some("schaerbeek"));
    }
}
