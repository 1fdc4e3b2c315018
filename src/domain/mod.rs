//! Pure types and rules: no I/O, no database, no HTTP. Used by every other layer, depends on none.

pub mod calendar;
pub mod channel;
pub mod compliance;
pub mod dates;
pub mod editions;
pub mod enums;
pub mod hours;
pub mod languages;
pub mod monitoring;
pub mod privacy;
pub mod probes;
pub mod reachability;
pub mod text;
pub mod texts;
pub mod webhooks;
pub mod weekly;

pub use dates::PartialDate;
pub use enums::{
    BookingRoute, ChannelKind, ComplaintProblem, ComplaintState, Completion, DeclaredState, DeliveryState, EventKind,
    FailureReason, Identification, Level, ObservedState, Outcome, PatternKind, ProbeOutcome, Role, Wheelchair,
};
