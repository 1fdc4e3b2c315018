//! The words about one way to act — its name, where it is, how to book it, what a call costs, what is not known
//! yet — shared by the procedure page, the orientation page and the printable sheet, so that page and sheet never
//! say it differently. Keys `way-*`, present in all seven sheet languages.

use super::i18n::Tr;
use super::text::{Loc, name, opt_texts};
use super::words::code_key;
use crate::catalog::{self, Snapshot};
use crate::domain::channel::{Fact, booked_online_only, missing_facts, route_usable};
use crate::domain::{ChannelKind, Completion, Wheelchair};

/// The key naming the way: its kind, or "registered letter" for post that must be registered.
pub fn title_key(c: &catalog::Channel) -> &'static str {
    if c.kind == ChannelKind::Post && c.registered {
        return "way-registered-letter";
    }
    super::words::kind_key(c.kind)
}

/// "only to book an appointment", "only for information": said when the way does not carry the procedure out.
pub fn purpose(tr: Tr, c: &catalog::Channel) -> Option<String> {
    match c.completion {
        Completion::Booking => Some(tr.t("way-purpose-booking")),
        Completion::Info => Some(tr.t("way-purpose-info")),
        Completion::Full | Completion::Submit => None,
    }
}

/// "by phone (number not known yet), on site"; "by e-mail — needs the internet" when no route works without it.
pub fn booking(tr: Tr, c: &catalog::Channel) -> Option<String> {
    if c.booking.is_empty() {
        return None;
    }
    let routes: Vec<String> = c
        .booking
        .iter()
        .map(|&r| {
            let known = if route_usable(r, &c.contact) { "" } else { "-unknown" };
            tr.t(&format!("{}{known}", code_key("way-booking", r.as_str())))
        })
        .collect();
    let mut words = routes.join(", ");
    if booked_online_only(&c.booking) {
        words = format!("{words} — {}", tr.t("way-needs-internet"));
    }
    Some(words)
}

/// What a call costs, when a source says it: "free call", "paid call", or the source's words.
pub fn call_cost(tr: Tr, c: &catalog::Channel) -> Option<Loc> {
    let cost = c.phone_cost.as_ref()?;
    let plain = |key: &str| Loc { text: tr.t(key), other: None, note: String::new() };
    match cost.en.as_deref() {
        Some("free") => Some(plain("way-call-free")),
        Some("not free") => Some(plain("way-call-paid")),
        _ => opt_texts(tr, &c.phone_cost),
    }
}

pub fn wheelchair(tr: Tr, w: Wheelchair) -> Option<String> {
    match w {
        Wheelchair::Yes => Some(tr.t("way-wheelchair-yes")),
        Wheelchair::Limited => Some(tr.t("way-wheelchair-limited")),
        Wheelchair::No => Some(tr.t("way-wheelchair-no")),
        Wheelchair::Unknown => None,
    }
}

/// "Rue …, 1030 Schaerbeek": a location's street address with its postcode and commune.
pub fn address_line(tr: Tr, s: &Snapshot, l: &catalog::Location) -> Option<String> {
    let street = l.address.as_ref()?;
    let mut parts = vec![street.clone()];
    if let Some(pc) = &l.postcode {
        parts.push(match l.commune {
            Some(i) => format!("{pc} {}", name(tr, &s.communes[i].name).text),
            None => pc.clone(),
        });
    }
    Some(parts.join(", "))
}

/// What a person would want to know about this way and no source gives, in words, most important first: one
/// folded line instead of a row of "unknown" per field.
pub fn not_known(tr: Tr, c: &catalog::Channel) -> Vec<String> {
    // A closed way is not to be used: what it lacks does not matter to a person.
    if c.declared.is_closed() {
        return Vec::new();
    }
    let fact = |code: &str| tr.t(&code_key("way-fact", code));
    let mut out: Vec<String> = missing_facts(c.kind, &c.booking, &c.contact, c.declared)
        .into_iter()
        // The booking row already says which route lacks its number or address.
        .filter(|f| *f != Fact::Booking || c.booking.is_empty())
        .map(|f| fact(f.as_str()))
        .collect();
    let offline = !matches!(c.kind, ChannelKind::Online | ChannelKind::Email);
    let place = matches!(c.kind, ChannelKind::Counter | ChannelKind::Appointment | ChannelKind::Assisted);
    if c.phone.is_some() && c.phone_cost.is_none() {
        out.push(fact("call_cost"));
    }
    if offline && c.cost.is_none() && c.kind != ChannelKind::Phone {
        out.push(fact("cost"));
    }
    if offline && c.languages.is_empty() && c.kind != ChannelKind::Post {
        out.push(fact("languages"));
    }
    if place && c.wheelchair == Wheelchair::Unknown {
        out.push(fact("wheelchair"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::BookingRoute;
    use crate::web::i18n::Lang;

    #[test]
    fn every_booking_route_has_both_wordings_in_every_sheet_language() {
        for lang in Lang::SHEET {
            let tr = Tr::new(lang);
            for route in BookingRoute::ALL {
                for suffix in ["", "-unknown"] {
                    let key = format!("{}{suffix}", code_key("way-booking", route.as_str()));
                    assert_ne!(tr.t(&key), key, "{} lacks {key}", lang.code());
                }
            }
        }
    }
}
