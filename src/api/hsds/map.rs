//! The catalog as HSDS objects: institutions → organizations, procedures → services, channels with a place →
//! service-at-locations, phone numbers → phones, opening hours → schedules. Nothing invented: what HSDS cannot
//! say faithfully stays in the extensions.

use super::BRUSSELS_REGION;
use super::shapes::*;
use crate::api::views::{Ctx, ObservedView, source_view};
use crate::catalog::ids::{channel_uuid, location_uuid, organization_uuid, service_uuid, v5};
use crate::catalog::{self, Snapshot};
use crate::domain::hours::ClosureCalendar;
use crate::domain::weekly::{DAYS, weekly_rules};
use crate::domain::{ChannelKind, Completion, DeclaredState};
use chrono::{NaiveDateTime, SecondsFormat};

pub(super) fn channel_name(s: &Snapshot, c: &catalog::Channel, what: &str) -> String {
    format!("{what}:{}/{}", s.procedures[c.procedure].slug, c.key)
}

pub(super) fn id(u: uuid::Uuid) -> String {
    u.to_string()
}

pub(super) fn timestamp(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(super) fn alternate(name: &catalog::Name) -> Option<String> {
    [&name.nl, &name.en].into_iter().flatten().find(|n| **n != name.fr).cloned()
}

pub(super) fn first_text(t: &crate::import::files::Texts) -> Option<String> {
    t.fr.clone().or_else(|| t.nl.clone()).or_else(|| t.en.clone())
}

/// The location of a channel that HSDS shows as a service-at-location, if it is one.
pub(super) fn located<'s>(s: &'s Snapshot, c: &catalog::Channel) -> Option<&'s catalog::Location> {
    let place =
        matches!(c.kind, ChannelKind::Counter | ChannelKind::Appointment | ChannelKind::Assisted | ChannelKind::Post);
    if !place || c.declared == DeclaredState::ClosedPermanently {
        return None;
    }
    c.location.and_then(|l| s.locations.get(&l))
}

/// Phone numbers of channels not declared closed permanently.
pub(super) fn has_phone(c: &catalog::Channel) -> bool {
    c.phone.is_some() && c.declared != DeclaredState::ClosedPermanently
}

pub(super) fn institution_modified(i: &catalog::Institution) -> NaiveDateTime {
    i.updated_at
}

pub(super) fn channel_modified(c: &catalog::Channel) -> NaiveDateTime {
    c.history.iter().map(|h| h.recorded_at).fold(c.updated_at, NaiveDateTime::max)
}

pub(super) fn procedure_modified(s: &Snapshot, p: &catalog::Procedure) -> NaiveDateTime {
    p.channels.iter().map(|&c| channel_modified(&s.channels[c])).fold(p.updated_at, NaiveDateTime::max)
}

pub(super) fn observed(c: &catalog::Channel, ctx: &Ctx) -> ObservedView {
    ctx.observed.observed(c.id, c.declared, ctx.now).into()
}

pub(super) fn kind_label(kind: ChannelKind) -> &'static str {
    match kind {
        ChannelKind::Online => "Online",
        ChannelKind::Counter => "Walk-in counter",
        ChannelKind::Appointment => "By appointment",
        ChannelKind::Phone => "Phone line",
        ChannelKind::Post => "By post",
        ChannelKind::Email => "By e-mail",
        ChannelKind::Assisted => "Assisted help",
    }
}

pub(super) fn completion_label(completion: Completion) -> &'static str {
    match completion {
        Completion::Full => "the whole procedure can be carried out",
        Completion::Submit => "the file can be handed in",
        Completion::Booking => "only an appointment can be booked",
        Completion::Info => "information only",
    }
}

/// The declared state as a sentence, when it is not plain `open` or `unknown`.
pub(super) fn declared_sentence(c: &catalog::Channel) -> Option<String> {
    let h = c.current.map(|i| &c.history[i])?;
    let what = match c.declared {
        DeclaredState::Restricted => "Declared restricted",
        DeclaredState::ClosedTemporarily => "Declared closed temporarily",
        DeclaredState::ClosedPermanently => "Declared closed permanently",
        DeclaredState::Open | DeclaredState::Unknown => return None,
    };
    let mut out = what.to_string();
    if let Some(since) = h.since {
        out.push_str(&format!(" since {since}"));
    }
    if let Some(note) = h.note.as_ref().and_then(|n| n.in_or_any("en")) {
        out.push_str(&format!(": {note}"));
    }
    Some(sentence(&out))
}

/// A text ending as a sentence: a full stop added unless it already ends with one (or a quote, `!`, `?`).
pub(super) fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?', '»', '"', '…']) { text.to_string() } else { format!("{text}.") }
}

pub(super) fn organization(s: &Snapshot, i: &catalog::Institution, today: chrono::NaiveDate) -> HsdsOrganization {
    let description = i.note.as_ref().and_then(|n| n.in_or_any("en")).map_or_else(
        || {
            format!(
                "{}: a body of level `{}` in the guichet catalog ({} procedure(s)).",
                i.name.fr,
                i.level,
                i.procedures.len()
            )
        },
        str::to_string,
    );
    HsdsOrganization {
        id: id(organization_uuid(&i.slug)),
        name: i.name.fr.clone(),
        alternate_name: alternate(&i.name),
        description,
        website: i.website.clone(),
        parent_organization_id: i.parent.map(|p| id(organization_uuid(&s.institutions[p].slug))),
        services: None,
        locations: None,
        guichet_slug: i.slug.clone(),
        guichet_level: i.level,
        guichet_names: (&i.name).into(),
        guichet_commune: i.commune.map(|c| s.communes[c].slug.clone()),
        guichet_source: source_view(s, i.source, today).map(Into::into),
        guichet_last_modified: timestamp(institution_modified(i)),
    }
}

pub(super) fn service_status(s: &Snapshot, p: &catalog::Procedure) -> HsdsServiceStatus {
    let states: Vec<DeclaredState> = p.channels.iter().map(|&c| s.channels[c].declared).collect();
    if states.is_empty() || !states.iter().all(|d| d.is_closed()) {
        HsdsServiceStatus::Active
    } else if states.contains(&DeclaredState::ClosedTemporarily) {
        HsdsServiceStatus::TemporarilyClosed
    } else {
        HsdsServiceStatus::Inactive
    }
}

pub(super) fn service_alert(s: &Snapshot, p: &catalog::Procedure) -> Option<String> {
    let lines: Vec<String> = p
        .channels
        .iter()
        .map(|&c| &s.channels[c])
        .filter(|c| c.declared == DeclaredState::ClosedTemporarily)
        .filter_map(|c| declared_sentence(c).map(|d| format!("{} (`{}`): {d}", kind_label(c.kind), c.key)))
        .collect();
    (!lines.is_empty()).then(|| lines.join(" "))
}

pub(super) fn service_fees(s: &Snapshot, p: &catalog::Procedure) -> Option<String> {
    let lines: Vec<String> = p
        .channels
        .iter()
        .map(|&c| &s.channels[c])
        .filter(|c| c.declared != DeclaredState::ClosedPermanently)
        .filter_map(|c| {
            c.cost
                .as_ref()
                .and_then(|t| t.in_or_any("en"))
                .map(|cost| sentence(&format!("{} (`{}`): {cost}", kind_label(c.kind), c.key)))
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join(" "))
}

/// A service's one-to-one fields, with its organization when `with_organization`.
pub(super) fn service_flat(
    s: &Snapshot,
    p: &catalog::Procedure,
    with_organization: bool,
    today: chrono::NaiveDate,
) -> HsdsService {
    let institution = &s.institutions[p.institution];
    let email = p
        .channels
        .iter()
        .map(|&c| &s.channels[c])
        .filter(|c| c.kind == ChannelKind::Email && !c.declared.is_closed())
        .find_map(|c| c.email.clone());
    HsdsService {
        id: id(service_uuid(&p.slug)),
        organization_id: id(organization_uuid(&institution.slug)),
        name: p.name.fr.clone(),
        alternate_name: alternate(&p.name),
        description: p.summary.fr.clone(),
        url: p.online_url.clone(),
        email,
        status: service_status(s, p),
        alert: service_alert(s, p),
        fees_description: service_fees(s, p),
        last_modified: timestamp(procedure_modified(s, p)),
        organization: with_organization.then(|| Box::new(organization(s, institution, today))),
        phones: None,
        schedules: None,
        service_at_locations: None,
        languages: None,
        required_documents: None,
        guichet_slug: p.slug.clone(),
        guichet_names: (&p.name).into(),
        guichet_has_offline_alternative: p.has_offline_alternative,
        guichet_categories: None,
        guichet_channels: None,
        guichet_source: source_view(s, p.source, today).map(Into::into),
    }
}

pub(super) fn service_full(s: &Snapshot, p: &catalog::Procedure, ctx: &Ctx) -> HsdsService {
    let mut out = service_flat(s, p, true, ctx.today);
    let service_id = out.id.clone();
    let channels: Vec<&catalog::Channel> = p.channels.iter().map(|&c| &s.channels[c]).collect();
    let unplaced = || channels.iter().copied().filter(|c| located(s, c).is_none());
    out.phones =
        Some(unplaced().filter(|c| has_phone(c)).map(|c| phone(s, c, Some(&service_id), None, true, ctx)).collect());
    out.schedules = Some(
        unplaced()
            .filter(|c| c.declared != DeclaredState::ClosedPermanently)
            .flat_map(|c| schedules(s, c, Some(&service_id), None))
            .collect(),
    );
    out.service_at_locations = Some(
        channels.iter().filter_map(|c| located(s, c).map(|l| service_at_location(s, c, l, true, false, ctx))).collect(),
    );
    // Spoken languages: an online form's languages are not spoken.
    let mut codes: Vec<&String> = channels
        .iter()
        .filter(|c| c.declared != DeclaredState::ClosedPermanently && c.kind != ChannelKind::Online)
        .flat_map(|c| c.languages.iter())
        .collect();
    codes.sort();
    codes.dedup();
    out.languages = Some(
        codes
            .into_iter()
            .map(|code| HsdsLanguage {
                id: id(v5(&format!("language:{}/{code}", p.slug))),
                service_id: Some(service_id.clone()),
                phone_id: None,
                code: code.clone(),
            })
            .collect(),
    );
    out.required_documents = Some(
        p.documents
            .iter()
            .filter_map(first_text)
            .map(|document| HsdsRequiredDocument {
                id: id(v5(&format!("required_document:{}/{document}", p.slug))),
                service_id: service_id.clone(),
                document,
            })
            .collect(),
    );
    out.guichet_categories = Some(p.categories.clone());
    out.guichet_channels = Some(
        channels
            .iter()
            .map(|c| GuichetChannel {
                id: id(channel_uuid(&p.slug, &c.key)),
                key: c.key.clone(),
                kind: c.kind,
                completion: c.completion,
                offline_alternative: c.offline_alternative,
                service_at_location: located(s, c).is_some(),
                declared: crate::api::views::declared_view(s, c, ctx.today).into(),
                observed: observed(c, ctx),
            })
            .collect(),
    );
    out
}

pub(super) fn phone(
    s: &Snapshot,
    c: &catalog::Channel,
    service_id: Option<&String>,
    service_at_location_id: Option<&String>,
    with_status: bool,
    ctx: &Ctx,
) -> HsdsPhone {
    let phone_id = id(v5(&channel_name(s, c, "phone")));
    let mut description = Vec::new();
    if c.kind != ChannelKind::Phone {
        description.push(format!("Number of the channel `{}` ({}).", c.key, kind_label(c.kind).to_lowercase()));
    }
    if let Some(cost) = c.phone_cost.as_ref().and_then(|t| t.in_or_any("en")) {
        description.push(format!("Cost: {cost}."));
    }
    HsdsPhone {
        languages: c
            .languages
            .iter()
            .map(|code| HsdsLanguage {
                id: id(v5(&format!("{}/{code}", channel_name(s, c, "language")))),
                service_id: None,
                phone_id: Some(phone_id.clone()),
                code: code.clone(),
            })
            .collect(),
        id: phone_id,
        service_id: service_id.cloned(),
        service_at_location_id: service_at_location_id.cloned(),
        number: c.phone.clone().unwrap_or_default(),
        kind: "voice".into(),
        description: (!description.is_empty()).then(|| description.join(" ")),
        guichet_channel_key: c.key.clone(),
        guichet_channel_kind: c.kind,
        guichet_declared_status: with_status.then(|| crate::api::views::declared_view(s, c, ctx.today).into()),
        guichet_observed_status: with_status.then(|| observed(c, ctx)),
    }
}

pub(super) fn location(s: &Snapshot, l: &catalog::Location, full: bool, today: chrono::NaiveDate) -> HsdsLocation {
    let location_id = id(location_uuid(&l.key));
    let location_type = if l.postal_only { HsdsLocationType::Postal } else { HsdsLocationType::Physical };
    let mut out = HsdsLocation {
        id: location_id.clone(),
        location_type,
        name: l.name.fr.clone(),
        alternate_name: alternate(&l.name),
        latitude: l.lat,
        longitude: l.lon,
        addresses: None,
        guichet_key: l.key.clone(),
        guichet_names: (&l.name).into(),
        guichet_partial_address: None,
        guichet_source: source_view(s, l.source, today).map(Into::into),
    };
    if !full {
        return out;
    }
    // The commune: the location's, else the only commune of its postcode.
    let commune = l.commune.or_else(|| {
        let pc = l.postcode.as_ref()?;
        match s.communes_by_postcode.get(pc)?.as_slice() {
            [only] => Some(*only),
            _ => None,
        }
    });
    let city = commune.map(|c| s.communes[c].name.fr.clone());
    // The postcode: the location's, else the only postcode of its commune (Schaerbeek is 1030 everywhere).
    let postal_code = l.postcode.clone().or_else(|| match commune.map(|c| s.communes[c].postcodes.as_slice()) {
        Some([only]) => Some(only.clone()),
        _ => None,
    });
    // Every commune of the catalog is one of the 19 of the Brussels-Capital Region; a postcode of one of them
    // is in the region too.
    let in_brussels =
        commune.is_some() || l.postcode.as_ref().is_some_and(|pc| s.communes_by_postcode.contains_key(pc));
    match (&l.address, &city, &postal_code) {
        (Some(street), Some(city), Some(postal_code)) if in_brussels => {
            out.addresses = Some(vec![HsdsAddress {
                id: id(v5(&format!("address:{}", l.key))),
                location_id,
                address_1: street.clone(),
                city: city.clone(),
                state_province: BRUSSELS_REGION.into(),
                postal_code: postal_code.clone(),
                country: "BE".into(),
                address_type: location_type,
            }]);
        }
        _ => {
            out.addresses = Some(Vec::new());
            if l.address.is_some() || city.is_some() || postal_code.is_some() {
                out.guichet_partial_address = Some(PartialAddress { street: l.address.clone(), postal_code, city });
            }
        }
    }
    out
}

pub(super) fn service_at_location(
    s: &Snapshot,
    c: &catalog::Channel,
    l: &catalog::Location,
    full: bool,
    with_service: bool,
    ctx: &Ctx,
) -> HsdsServiceAtLocation {
    let p = &s.procedures[c.procedure];
    let sal_id = id(channel_uuid(&p.slug, &c.key));
    let mut description = format!("{}: {}.", kind_label(c.kind), completion_label(c.completion));
    if c.kind == ChannelKind::Appointment && !c.booking.is_empty() {
        let routes: Vec<&str> = c.booking.iter().map(|b| b.as_str()).collect();
        description.push_str(&format!(" Booked by: {}.", routes.join(", ").replace('_', " ")));
    }
    if let Some(conditions) = c.conditions.as_deref().and_then(first_text) {
        description.push(' ');
        description.push_str(&sentence(&format!("Conditions: {conditions}")));
    }
    if let Some(d) = declared_sentence(c) {
        description.push(' ');
        description.push_str(&d);
    }
    HsdsServiceAtLocation {
        service_id: id(service_uuid(&p.slug)),
        location_id: id(location_uuid(&l.key)),
        description,
        location: location(s, l, full, ctx.today),
        service: with_service.then(|| Box::new(service_flat(s, p, false, ctx.today))),
        phones: full.then(
            || {
                if has_phone(c) { vec![phone(s, c, None, Some(&sal_id), false, ctx)] } else { Vec::new() }
            },
        ),
        schedules: full.then(|| schedules(s, c, None, Some(&sal_id))),
        guichet_channel_key: c.key.clone(),
        guichet_channel_kind: c.kind,
        guichet_completion: c.completion,
        guichet_offline_alternative: c.offline_alternative,
        guichet_declared_status: crate::api::views::declared_view(s, c, ctx.today).into(),
        guichet_observed_status: observed(c, ctx),
        guichet_languages: full.then(|| c.languages.to_vec()),
        guichet_cost: c.cost.as_deref().map(Into::into),
        guichet_source: source_view(s, c.source, ctx.today).map(Into::into),
        guichet_last_modified: timestamp(channel_modified(c)),
        id: sal_id,
    }
}

pub(super) fn closure_note(calendar: ClosureCalendar) -> &'static str {
    match calendar {
        ClosureCalendar::Legal => "Closed on Belgian public holidays.",
        ClosureCalendar::BrusselsRegion => {
            "Closed on Belgian public holidays and on the Brussels regional bodies' days off (8 May, 2 and 15 \
             November, 26 December)."
        }
        ClosureCalendar::FrenchCommunity => {
            "Closed on Belgian public holidays and on 27 September (French Community holiday)."
        }
    }
}

pub(super) fn schedules(
    s: &Snapshot,
    c: &catalog::Channel,
    service_id: Option<&String>,
    service_at_location_id: Option<&String>,
) -> Vec<HsdsSchedule> {
    let Some(text) = c.opening_hours.as_deref() else { return Vec::new() };
    let base = channel_name(s, c, "schedule");
    let attending_type = kind_label(c.kind).to_string();
    let schedule = |id_name: String| HsdsSchedule {
        id: id(v5(&id_name)),
        service_id: service_id.cloned(),
        service_at_location_id: service_at_location_id.cloned(),
        freq: None,
        byday: None,
        opens_at: None,
        closes_at: None,
        description: text.to_string(),
        notes: String::new(),
        attending_type: attending_type.clone(),
        guichet_opening_hours: text.to_string(),
        guichet_channel_key: c.key.clone(),
    };
    match weekly_rules(text) {
        Some(rules) => {
            let notes = format!("Brussels local time (Europe/Brussels). {}", closure_note(c.calendar));
            let mut out = Vec::new();
            for rule in rules {
                let byday = rule.days.iter().map(|&d| DAYS[d].1).collect::<Vec<_>>().join(",");
                for (opens, closes) in rule.intervals {
                    out.push(HsdsSchedule {
                        freq: Some("WEEKLY".into()),
                        byday: Some(byday.clone()),
                        description: format!("{} {opens}-{closes}", rule.days_text),
                        notes: notes.clone(),
                        opens_at: Some(opens.clone()),
                        closes_at: Some(closes.clone()),
                        ..schedule(format!("{base}#{byday}/{opens}-{closes}"))
                    });
                }
            }
            out
        }
        None => vec![HsdsSchedule {
            notes: "Hours in OpenStreetMap opening_hours syntax, Brussels local time (Europe/Brussels): they cannot \
                    be told faithfully as HSDS weekly schedules."
                .into(),
            ..schedule(base)
        }],
    }
}
