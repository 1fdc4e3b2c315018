//! The domain's codes in words: channel kinds, declared and observed states, booking routes.

use crate::domain::{ChannelKind, DeclaredState, ObservedState};

pub use super::card::{Card, Day, Phone, Status, card};
pub use super::text::{Loc, esc, name, opt_texts, rule_title, source_title, texts, texts_or_unknown};
pub use super::when::{clock, day_name, moment, week_summary};

/// The message key of a code of the domain: `code_key("reason", "booked_online_only")` is
/// `reason-booked-online-only` (Fluent identifiers use dashes; the codes, snake case).
pub fn code_key(prefix: &str, code: &str) -> String {
    format!("{prefix}-{}", code.replace('_', "-"))
}

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
