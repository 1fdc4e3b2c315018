//! Rules about one channel that do not need the database.

use super::dates::PartialDate;
use super::enums::{BookingRoute, ChannelKind, Completion, DeclaredState};

/// Which contact facts the catalog has for a channel: what a person would use to act on it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Contact {
    /// A location with a street address (a counter's, a post channel's postal address).
    pub address: bool,
    pub phone: bool,
    pub email: bool,
    /// A web address (the channel's or the procedure's).
    pub url: bool,
    pub hours: bool,
}

/// A fact a person needs to use a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    Address,
    OpeningHours,
    Phone,
    Booking,
    Email,
    Url,
    DeclaredStatus,
}

impl Fact {
    pub const ALL: [Fact; 7] =
        [Fact::Address, Fact::OpeningHours, Fact::Phone, Fact::Booking, Fact::Email, Fact::Url, Fact::DeclaredStatus];

    pub fn as_str(self) -> &'static str {
        match self {
            Fact::Address => "address",
            Fact::OpeningHours => "opening_hours",
            Fact::Phone => "phone",
            Fact::Booking => "booking",
            Fact::Email => "email",
            Fact::Url => "url",
            Fact::DeclaredStatus => "declared_status",
        }
    }
}

/// Whether a person can reach an appointment through this booking route with what the catalog has.
pub fn route_usable(route: BookingRoute, contact: &Contact) -> bool {
    match route {
        BookingRoute::Phone => contact.phone,
        BookingRoute::Email => contact.email,
        BookingRoute::Online => contact.url,
        BookingRoute::InPerson | BookingRoute::Post => contact.address,
    }
}

/// The facts without which a person cannot use the channel at all (DESIGN.md, "offline alternative"): an address
/// for a counter, a number for a phone line, a postal address for post, a booking route a person can take for an
/// appointment. Empty when the channel can be acted on.
pub fn missing_to_act(kind: ChannelKind, booking: &[BookingRoute], contact: &Contact) -> Vec<Fact> {
    let need = |fact: Fact, present: bool| (!present).then_some(fact);
    match kind {
        ChannelKind::Counter | ChannelKind::Post | ChannelKind::Assisted => need(Fact::Address, contact.address),
        ChannelKind::Phone => need(Fact::Phone, contact.phone),
        ChannelKind::Appointment => need(Fact::Booking, booking.iter().any(|&r| route_usable(r, contact))),
        // Kiosks in a hall are used on the spot: their place is what a person needs.
        ChannelKind::Online => need(Fact::Url, contact.url || contact.address),
        ChannelKind::Email => need(Fact::Email, contact.email),
    }
    .into_iter()
    .collect()
}

/// Every fact a person would want and the catalog lacks: those needed to act, then hours and the declared status.
pub fn missing_facts(
    kind: ChannelKind,
    booking: &[BookingRoute],
    contact: &Contact,
    declared: DeclaredState,
) -> Vec<Fact> {
    let mut missing = missing_to_act(kind, booking, contact);
    if kind == ChannelKind::Appointment && !contact.address {
        missing.insert(0, Fact::Address);
    }
    if matches!(kind, ChannelKind::Counter | ChannelKind::Phone | ChannelKind::Assisted) && !contact.hours {
        missing.push(Fact::OpeningHours);
    }
    if declared == DeclaredState::Unknown {
        missing.push(Fact::DeclaredStatus);
    }
    missing
}

/// What the rules need to know of a channel.
#[derive(Debug, Clone, Copy)]
pub struct ChannelFacts<'a> {
    pub kind: ChannelKind,
    pub completion: Completion,
    pub booking: &'a [BookingRoute],
    pub declared: DeclaredState,
    /// The catalog carries what a person needs to use it (`missing_to_act` is empty).
    pub usable: bool,
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
    /// It would be an alternative, but the catalog lacks what a person needs to use it (address, number, booking
    /// route): shown and counted apart, never as an alternative — "not known" is not "available".
    Unverified,
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
    if !c.usable {
        return OfflineVerdict::Unverified;
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
            let facts =
                ChannelFacts { kind: *kind, completion: *completion, booking, declared: *declared, usable: true };
            assert_eq!(offline_verdict(&facts), *want, "{kind} {completion} {booking:?} {declared}");
            let unusable = ChannelFacts { usable: false, ..facts };
            let want = if *want == V::Alternative { V::Unverified } else { *want };
            assert_eq!(offline_verdict(&unusable), want, "{kind} {completion} {booking:?} {declared} without facts");
        }
    }

    #[test]
    fn what_a_person_needs_to_act() {
        let none = Contact::default();
        let all = Contact { address: true, phone: true, email: true, url: true, hours: true };
        assert_eq!(missing_to_act(K::Counter, &[], &none), [Fact::Address]);
        assert_eq!(missing_to_act(K::Counter, &[], &all), []);
        assert_eq!(missing_to_act(K::Phone, &[], &Contact { address: true, ..none }), [Fact::Phone]);
        assert_eq!(missing_to_act(K::Post, &[], &Contact { phone: true, ..none }), [Fact::Address]);
        // An appointment is reachable through a route whose contact is known.
        assert_eq!(missing_to_act(K::Appointment, &[B::Phone], &Contact { email: true, ..none }), [Fact::Booking]);
        assert_eq!(missing_to_act(K::Appointment, &[B::Phone], &Contact { phone: true, ..none }), []);
        assert_eq!(missing_to_act(K::Appointment, &[B::InPerson], &Contact { address: true, ..none }), []);
        assert_eq!(missing_to_act(K::Appointment, &[], &all), [Fact::Booking]);
        let every = missing_facts(K::Counter, &[], &none, S::Unknown);
        assert_eq!(every, [Fact::Address, Fact::OpeningHours, Fact::DeclaredStatus]);
        assert_eq!(
            missing_facts(K::Appointment, &[B::Phone], &Contact { phone: true, ..none }, S::Open),
            [Fact::Address]
        );
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
