//! The closed vocabularies of DESIGN.md. Stored as text, exposed as snake_case strings. The derives name the SQL
//! type they are stored as; how they are written and read is `store::sql_types`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Declares a closed vocabulary: serde + OpenAPI + `as_str` / `FromStr` with the same spelling everywhere.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
        // Stored as its spelling (`store::sql_types` writes and reads it on each backend).
        #[derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow)]
        #[diesel(sql_type = diesel::sql_types::Text)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The accepted spellings, for error messages.
            pub fn expected() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!("expected one of: {}", Self::expected())),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// The level of government (or kind of body) an institution belongs to.
    Level {
        Federal => "federal", Region => "region", Community => "community", Cocom => "cocom",
        Cocof => "cocof", Commune => "commune", Cpas => "cpas", PaymentBody => "payment_body",
        Mutuality => "mutuality", Association => "association",
    }
}

vocabulary! {
    /// One way to carry out a procedure.
    ChannelKind {
        Online => "online", Counter => "counter", Appointment => "appointment", Phone => "phone",
        Post => "post", Email => "email", Assisted => "assisted",
    }
}

vocabulary! {
    /// What a channel lets a person do.
    Completion { Full => "full", Submit => "submit", Booking => "booking", Info => "info" }
}

vocabulary! {
    /// The status of a channel as declared by the institution or an official source.
    DeclaredState {
        Open => "open", Restricted => "restricted", ClosedTemporarily => "closed_temporarily",
        ClosedPermanently => "closed_permanently", Unknown => "unknown",
    }
}

vocabulary! {
    /// The status of a channel as observed by the people who try it.
    ObservedState { Reachable => "reachable", Degraded => "degraded", Unreachable => "unreachable", Unknown => "unknown" }
}

vocabulary! {
    /// Whether a wheelchair user can get in.
    Wheelchair { Yes => "yes", Limited => "limited", No => "no", Unknown => "unknown" }
}

vocabulary! {
    /// What the online path asks of a person to identify.
    Identification { Eid => "eid", Itsme => "itsme", EmailAccount => "email_account", None => "none" }
}

vocabulary! {
    /// How an appointment is booked.
    BookingRoute { Phone => "phone", Online => "online", InPerson => "in_person", Email => "email", Post => "post" }
}

vocabulary! {
    /// What happened when a social worker tried a channel.
    Outcome {
        Completed => "completed", NotCompleted => "not_completed", Partial => "partial",
        RedirectedOnline => "redirected_online",
    }
}

vocabulary! {
    /// Why an attempt did not complete.
    FailureReason {
        NoAnswer => "no_answer", LineSaturated => "line_saturated", ClosedOnSite => "closed_on_site",
        NoAppointmentAvailable => "no_appointment_available", AppointmentOnlineOnly => "appointment_online_only",
        RedirectedOnline => "redirected_online", TechnicalError => "technical_error",
        MissingDocuments => "missing_documents", LanguageBarrier => "language_barrier", Other => "other",
    }
}

vocabulary! {
    /// What a complaint says is wrong with a channel.
    ComplaintProblem {
        NoAnswer => "no_answer", LineSaturated => "line_saturated", ClosedOnSite => "closed_on_site",
        AppointmentOnlineOnly => "appointment_online_only", NoAppointmentAvailable => "no_appointment_available",
        RedirectedOnline => "redirected_online", Other => "other",
    }
}

vocabulary! {
    /// Where a complaint stands.
    ComplaintState { Received => "received", Forwarded => "forwarded", Answered => "answered", Closed => "closed" }
}

vocabulary! {
    /// What a token lets its holder do.
    Role { Reporter => "reporter", Editor => "editor", Admin => "admin" }
}

vocabulary! {
    /// What a webhook event says happened (`domain::webhooks`; the spelling is the event's `kind`).
    EventKind {
        #[serde(rename = "declared_status.changed")] DeclaredStatusChanged => "declared_status.changed",
        #[serde(rename = "observed_state.changed")] ObservedStateChanged => "observed_state.changed",
        #[serde(rename = "gap_status.changed")] GapStatusChanged => "gap_status.changed",
        #[serde(rename = "complaint.filed")] ComplaintFiled => "complaint.filed",
        #[serde(rename = "suggestion.accepted")] SuggestionAccepted => "suggestion.accepted",
    }
}

vocabulary! {
    /// Where the delivery of one event to one subscriber stands: `pending` (due now or retried later),
    /// `delivered` (a 2xx), `dead` (every attempt failed; an admin may re-send it), `cancelled` (its subscription
    /// was deleted first).
    DeliveryState { Pending => "pending", Delivered => "delivered", Dead => "dead", Cancelled => "cancelled" }
}

vocabulary! {
    /// What one probe of an online channel found (`domain::probes`).
    ProbeOutcome {
        /// The page answered (2xx) and matched none of the institution's error or maintenance messages.
        Up => "up",
        /// A 4xx or 5xx answer.
        HttpError => "http_error",
        /// The page answered but shows one of the institution's known error or maintenance messages.
        ErrorPage => "error_page",
        Timeout => "timeout",
        Dns => "dns",
        Tls => "tls",
        Connect => "connect",
        /// The body was larger than the outbound guard reads.
        TooLarge => "too_large",
        /// Too many redirects, or a redirect to something that is not a URL.
        Redirects => "redirects",
        /// The outbound guard refused the address (not the public internet): not evidence about the site.
        Refused => "refused",
        Other => "other",
    }
}

vocabulary! {
    /// What an institution's known page message says.
    PatternKind { Error => "error", Maintenance => "maintenance" }
}

impl DeclaredState {
    pub fn is_closed(self) -> bool {
        matches!(self, DeclaredState::ClosedTemporarily | DeclaredState::ClosedPermanently)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_round_trips() {
        for kind in ChannelKind::ALL {
            assert_eq!(kind.as_str().parse::<ChannelKind>(), Ok(*kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        for level in Level::ALL {
            assert_eq!(level.as_str().parse::<Level>(), Ok(*level));
        }
    }

    #[test]
    fn unknown_spelling_lists_the_accepted_ones() {
        let err = "kiosk".parse::<ChannelKind>().unwrap_err();
        assert!(err.contains("counter") && err.contains("assisted"), "{err}");
    }
}
