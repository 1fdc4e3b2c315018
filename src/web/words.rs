//! The domain's codes in words: channel kinds, declared and observed states, booking routes.

use super::i18n::Tr;
use crate::domain::{BookingRoute, ChannelKind, DeclaredState, ObservedState};

pub use super::card::{Card, Day, Phone, Status, card};
pub use super::text::{Loc, esc, name, opt_texts, rule_title, source_title, texts, texts_or_unknown};
pub use super::when::{clock, day_name, moment, week_summary};

pub fn kind_key(kind: ChannelKind) -> &'static str {
    match kind {
        ChannelKind::Counter => "kind-counter",
        ChannelKind::Phone => "kind-phone",
        ChannelKind::Appointment => "kind-appointment",
        ChannelKind::Post => "kind-post",
        ChannelKind::Online => "kind-online",
        ChannelKind::Email => "kind-email",
        ChannelKind::Assisted => "kind-assisted",
    }
}

pub(super) fn declared_key(state: DeclaredState) -> &'static str {
    match state {
        DeclaredState::Open => "declared-open",
        DeclaredState::Restricted => "declared-restricted",
        DeclaredState::ClosedTemporarily => "declared-closed-temporarily",
        DeclaredState::ClosedPermanently => "declared-closed-permanently",
        DeclaredState::Unknown => "declared-unknown",
    }
}

pub fn observed_key(state: ObservedState) -> &'static str {
    match state {
        ObservedState::Reachable => "observed-reachable",
        ObservedState::Degraded => "observed-degraded",
        ObservedState::Unreachable => "observed-unreachable",
        ObservedState::Unknown => "observed-unknown",
    }
}

/// "by phone, on site": the booking routes with the keys `{prefix}-phone`, `{prefix}-online`, … (`booking` on
/// the pages, `sheet-booking` on the printable sheet, which has them in seven languages).
pub fn booking_routes(tr: Tr, routes: &[BookingRoute], prefix: &str) -> String {
    routes
        .iter()
        .map(|b| {
            let route = match b {
                BookingRoute::Phone => "phone",
                BookingRoute::Online => "online",
                BookingRoute::InPerson => "in-person",
                BookingRoute::Email => "email",
                BookingRoute::Post => "post",
            };
            tr.t(&format!("{prefix}-{route}"))
        })
        .collect::<Vec<_>>()
        .join(", ")
}
