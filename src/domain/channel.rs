//! Rules about one channel that do not need the database.

use super::dates::PartialDate;
use super::enums::{BookingRoute, ChannelKind, Completion, DeclaredState};

/// What the rules need to know of a channel.
#[derive(Debug, Clone, Copy)]
pub struct ChannelFacts<'a> {
    pub kind: ChannelKind,
    pub completion: Completion,
    pub booking: &'a [BookingRoute],
    pub declared: DeclaredState,
}

/// Why a channel is or is not an offline alternative (DESIGN.md, "offline alternative").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfflineVerdict {
    Alternative,
    /// Online and e-mail need the internet.
    NeedsInternet,
    /// Assisted digital help is a fallback, never an alternative.
    AssistedHelp,
    /// `booking` or `info` only: the person cannot carry out the procedure through it.
    Incomplete,
    /// Declared closed.
    Closed,
    /// An appointment that can only be booked online.
    BookedOnlineOnly,
}

pub fn offline_verdict(c: &ChannelFacts<'_>) -> OfflineVerdict {
    match c.kind {
        ChannelKind::Online | ChannelKind::Email => return OfflineVerdict::NeedsInternet,
        ChannelKind::Assisted => return OfflineVerdict::AssistedHelp,
        _ => {}
    }
    if !matches!(c.completion, Completion::Full | Completion::Submit) {
        return OfflineVerdict::Incomplete;
    }
    if c.declared.is_closed() {
        return OfflineVerdict::Closed;
    }
    if c.kind == ChannelKind::Appointment && booked_online_only(c.booking) {
        return OfflineVerdict::BookedOnlineOnly;
    }
    OfflineVerdict::Alternative
}

pub fn is_offline_alternative(c: &ChannelFacts<'_>) -> bool {
    offline_verdict(c) == OfflineVerdict::Alternative
}

/// An appointment whose only booking routes need the internet.
pub fn booked_online_only(booking: &[BookingRoute]) -> bool {
    !booking.is_empty() && booking.iter().all(|b| matches!(b, BookingRoute::Online | BookingRoute::Email))
}

/// One entry of a channel's declared-status history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredEntry {
    pub state: DeclaredState,
    pub since: Option<PartialDate>,
    pub until: Option<PartialDate>,
}

/// The entry in force: the one with the latest `since` (undated entries count as oldest; on a tie the later
/// recorded one wins, so entries must come in recording order). An entry whose `until` has passed turns the
/// channel `unknown`: we know it ended, not what followed.
pub fn current_declared(history: &[DeclaredEntry], today: chrono::NaiveDate) -> (DeclaredState, Option<usize>) {
    let mut best: Option<usize> = None;
    for (i, entry) in history.iter().enumerate() {
        match best {
            Some(b) if history[b].since.map(|d| d.earliest()) > entry.since.map(|d| d.earliest()) => {}
            _ => best = Some(i),
        }
    }
    match best {
        None => (DeclaredState::Unknown, None),
        Some(i) => match history[i].until {
            Some(until) if until.latest() < today => (DeclaredState::Unknown, Some(i)),
            _ => (history[i].state, Some(i)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use BookingRoute as B;
    use ChannelKind as K;
    use Completion as C;
    use DeclaredState as S;
    use OfflineVerdict as V;

    #[test]
    fn offline_alternative_table() {
        let cases: &[(K, C, &[B], S, V)] = &[
            (K::Counter, C::Full, &[], S::Open, V::Alternative),
            (K::Counter, C::Full, &[], S::Restricted, V::Alternative),
            (K::Counter, C::Full, &[], S::Unknown, V::Alternative),
            (K::Counter, C::Full, &[], S::ClosedTemporarily, V::Closed),
            (K::Post, C::Submit, &[], S::Open, V::Alternative),
            (K::Phone, C::Info, &[], S::Open, V::Incomplete),
            (K::Phone, C::Full, &[], S::Open, V::Alternative),
            (K::Appointment, C::Full, &[B::Online], S::Open, V::BookedOnlineOnly),
            (K::Appointment, C::Full, &[B::Online, B::Email], S::Open, V::BookedOnlineOnly),
            (K::Appointment, C::Full, &[B::Online, B::Phone], S::Open, V::Alternative),
            (K::Appointment, C::Full, &[], S::Open, V::Alternative),
            (K::Appointment, C::Booking, &[B::Phone], S::Open, V::Incomplete),
            (K::Online, C::Full, &[], S::Open, V::NeedsInternet),
            (K::Email, C::Submit, &[], S::Open, V::NeedsInternet),
            (K::Assisted, C::Full, &[], S::Open, V::AssistedHelp),
        ];
        for (kind, completion, booking, declared, want) in cases {
            let facts = ChannelFacts { kind: *kind, completion: *completion, booking, declared: *declared };
            assert_eq!(offline_verdict(&facts), *want, "{kind} {completion} {booking:?} {declared}");
        }
    }

    fn entry(state: S, since: Option<&str>, until: Option<&str>) -> DeclaredEntry {
        DeclaredEntry { state, since: since.map(|s| s.parse().unwrap()), until: until.map(|s| s.parse().unwrap()) }
    }

    #[test]
    fn current_declared_table() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let cases: &[(&[DeclaredEntry], S)] = &[
            (&[], S::Unknown),
            (&[entry(S::Open, Some("2019"), None)], S::Open),
            (
                &[entry(S::Open, Some("2019"), None), entry(S::ClosedTemporarily, Some("2020-03"), None)],
                S::ClosedTemporarily,
            ),
            // Recorded out of order: the later date still wins.
            (
                &[entry(S::Restricted, Some("2022-12"), None), entry(S::ClosedTemporarily, Some("2020-03"), None)],
                S::Restricted,
            ),
            (&[entry(S::ClosedTemporarily, Some("2020-03"), Some("2022-09"))], S::Unknown),
            (&[entry(S::Open, None, None), entry(S::Restricted, Some("2022"), None)], S::Restricted),
        ];
        for (history, want) in cases {
            assert_eq!(current_declared(history, today).0, *want, "{history:?}");
        }
    }
}
