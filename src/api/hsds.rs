//! `GET /hsds/…`: a read-only Open Referral HSDS 3.1 view of the catalog (Human Services Data Specification:
//! an Open Referral resource, <https://openreferral.org/>), answered from the in-memory snapshot like every read.
//!
//! - institutions → organizations, procedures → services, channels with a place (counter, appointment, assisted
//!   help, post) → service-at-locations with their location, phone numbers → phones, opening hours → schedules;
//! - ids are UUIDs v5 of the slugs and keys ([`NAMESPACE`]), stable across restarts and databases;
//! - lists use the HSDS paging envelope and carry the one-to-one fields only (no child arrays), details are nested;
//! - what HSDS has no field for travels as extra properties prefixed `guichet_` (HSDS allows extensions: its
//!   schemas leave `additionalProperties` open): slugs, the declared and observed status of each channel with
//!   their evidence, the original opening hours, the sources.
//!
//! Nothing is invented: an HSDS address is only given when the catalog has its street and every field HSDS
//! requires can be told from the catalog; otherwise what is known stays in `guichet_partial_address`.

use super::params::{Pagination, QueryParams};
use super::problem::{ApiError, FieldError, Problem};
use super::views::{Ctx, DeclaredView, LocalizedText, ObservedView, SourceView, source_view};
use crate::catalog::search::Query;
use crate::catalog::{self, Snapshot};
use crate::domain::hours::ClosureCalendar;
use crate::domain::{ChannelKind, Completion, DeclaredState, Level};
use crate::startup::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, Weak};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// The namespace of guichet's HSDS ids: `Uuid::new_v5(&NAMESPACE, "organization:{slug}")` and so on. Never change
/// it: every published id would change.
pub const NAMESPACE: Uuid = Uuid::from_u128(0xbac544d9_1a1f_485e_8d73_54ad3fdec834);

/// The HSDS version of this view (data model of HSDS 3.1; paging envelope of the HSDS API reference).
pub const HSDS_VERSION: &str = "3.1";

/// No HSDS profile is used: the base specification.
pub const HSDS_PROFILE: &str = "https://docs.openreferral.org/en/latest/hsds/";

/// Brussels-Capital Region: the `state_province` of an address in one of the catalog's communes.
const BRUSSELS_REGION: &str = "Région de Bruxelles-Capitale";

/// Every `/hsds/...` route.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(hsds_root)
        .route("/hsds", web::get().to(hsds_root_no_slash))
        .service(list_services)
        .service(get_service)
        .service(list_organizations)
        .service(get_organization)
        .service(list_service_at_locations)
        .service(get_service_at_location);
}

// --
// -- Ids
// --

fn v5(name: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, name.as_bytes())
}

/// The HSDS id of an institution.
pub fn organization_uuid(slug: &str) -> Uuid {
    v5(&format!("organization:{slug}"))
}

/// The HSDS id of a procedure.
pub fn service_uuid(slug: &str) -> Uuid {
    v5(&format!("service:{slug}"))
}

/// The HSDS id of a channel (its service-at-location when it has a place).
pub fn channel_uuid(procedure_slug: &str, channel_key: &str) -> Uuid {
    v5(&format!("channel:{procedure_slug}/{channel_key}"))
}

/// The HSDS id of a location (its address is `address:{key}`).
pub fn location_uuid(key: &str) -> Uuid {
    v5(&format!("location:{key}"))
}

fn channel_name(s: &Snapshot, c: &catalog::Channel, what: &str) -> String {
    format!("{what}:{}/{}", s.procedures[c.procedure].slug, c.key)
}

fn id(u: Uuid) -> String {
    u.to_string()
}

/// Ids of the current snapshot, computed once per snapshot (a v5 id is a SHA-1: not to be recomputed for the whole
/// catalog on every request).
struct IdIndex {
    organizations: HashMap<Uuid, usize>,
    services: HashMap<Uuid, usize>,
    /// Channel index of each service-at-location.
    service_at_locations: HashMap<Uuid, usize>,
    /// Locations where every service-at-location is by post: postal addresses, not places to go to.
    postal_only: HashSet<i64>,
}

impl IdIndex {
    fn build(s: &Snapshot) -> IdIndex {
        let organizations = s.institutions.iter().enumerate().map(|(i, x)| (organization_uuid(&x.slug), i)).collect();
        let services = s.procedures.iter().enumerate().map(|(i, p)| (service_uuid(&p.slug), i)).collect();
        let mut service_at_locations = HashMap::new();
        let mut uses: HashMap<i64, bool> = HashMap::new();
        for (i, c) in s.channels.iter().enumerate() {
            if let Some(l) = located(s, c) {
                service_at_locations.insert(channel_uuid(&s.procedures[c.procedure].slug, &c.key), i);
                let post = uses.entry(l.id).or_insert(true);
                *post &= c.kind == ChannelKind::Post;
            }
        }
        let postal_only = uses.into_iter().filter(|(_, post)| *post).map(|(l, _)| l).collect();
        IdIndex { organizations, services, service_at_locations, postal_only }
    }
}

type IndexSlot = Option<(Weak<Snapshot>, Arc<IdIndex>)>;
static INDEX: Mutex<IndexSlot> = Mutex::new(None);

/// The id index of this snapshot (built on its first HSDS request).
fn index_of(s: &Arc<Snapshot>) -> Arc<IdIndex> {
    let mut slot = INDEX.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((snapshot, index)) = slot.as_ref()
        && Weak::ptr_eq(snapshot, &Arc::downgrade(s))
    {
        return index.clone();
    }
    let index = Arc::new(IdIndex::build(s));
    *slot = Some((Arc::downgrade(s), index.clone()));
    index
}

fn parse_uuid(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw.trim()).map_err(|_| ApiError::invalid("id", format!("`{raw}` is not a UUID")))
}

// --
// -- Shapes
// --

/// `GET /hsds/`: this API and its relationship with HSDS.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HsdsRoot {
    /// HSDS version of this API.
    #[schema(example = "3.1")]
    pub version: String,
    /// The HSDS profile this API conforms to: the base specification (no profile).
    pub profile: String,
    /// URL of the OpenAPI document which defines this API.
    pub openapi_url: String,
    pub description: String,
}

/// `active`, `inactive` or `temporarily closed` (HSDS vocabulary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub enum HsdsServiceStatus {
    /// At least one channel is not declared closed.
    #[serde(rename = "active")]
    Active,
    /// Every channel is declared closed, some temporarily.
    #[serde(rename = "temporarily closed")]
    TemporarilyClosed,
    /// Every channel is declared closed permanently.
    #[serde(rename = "inactive")]
    Inactive,
}

/// An HSDS organization: an institution.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HsdsOrganization {
    /// UUID v5 of `organization:{slug}`.
    pub id: String,
    /// The French name.
    pub name: String,
    /// The Dutch name (else the English one), when it differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternate_name: Option<String>,
    /// The catalog's note on this institution.
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_organization_id: Option<String>,
    /// Detail only: its services (one-to-one fields).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(no_recursion)]
    pub services: Option<Vec<HsdsService>>,
    /// Detail only: the places of its services.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locations: Option<Vec<HsdsLocation>>,
    /// Extension: the institution's slug in API v1.
    pub guichet_slug: String,
    /// Extension: the level of government.
    pub guichet_level: Level,
    /// Extension: the names in French, Dutch and English.
    pub guichet_names: LocalizedText,
    /// Extension: the commune (slug) of a local body; absent for bodies serving the whole region or country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guichet_commune: Option<String>,
    /// Extension: where the facts come from and when they were true.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guichet_source: Option<SourceView>,
    /// Extension: when the record last changed (what `modified_after` compares with).
    pub guichet_last_modified: String,
}

/// An HSDS service: a procedure.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HsdsService {
    /// UUID v5 of `service:{slug}`.
    pub id: String,
    pub organization_id: String,
    /// The French name.
    pub name: String,
    /// The Dutch name (else the English one), when it differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternate_name: Option<String>,
    /// The French summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The online path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The address of an e-mail channel that is not declared closed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub status: HsdsServiceStatus,
    /// Channels declared closed temporarily, with the source's words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    /// What each channel costs, as the sources say (e.g. a registered letter).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fees_description: Option<String>,
    /// When the procedure or one of its channels last changed.
    pub last_modified: String,
    /// The providing organization (one-to-one fields); absent inside an organization.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(no_recursion)]
    pub organization: Option<Box<HsdsOrganization>>,
    /// Detail only: phone numbers of channels without a place (phone lines…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phones: Option<Vec<HsdsPhone>>,
    /// Detail only: hours of channels without a place (phone lines…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedules: Option<Vec<HsdsSchedule>>,
    /// Detail only: the channels with a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(no_recursion)]
    pub service_at_locations: Option<Vec<HsdsServiceAtLocation>>,
    /// Detail only: languages spoken on at least one channel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<HsdsLanguage>>,
    /// Detail only: what to bring.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required_documents: Option<Vec<HsdsRequiredDocument>>,
    /// Extension: the procedure's slug in API v1.
    pub guichet_slug: String,
    pub guichet_names: LocalizedText,
    /// Extension: at least one offline alternative (DESIGN.md), on declared data.
    pub guichet_has_offline_alternative: bool,
    /// Extension, detail only: categories.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guichet_categories: Option<Vec<String>>,
    /// Extension, detail only: every channel of the procedure with its declared and observed status, including
    /// those HSDS has no place for (online, e-mail, counters whose place no source gives).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guichet_channels: Option<Vec<GuichetChannel>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guichet_source: Option<SourceView>,
}

/// An HSDS service-at-location: a channel with a place (counter, appointment, assisted help, post).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HsdsServiceAtLocation {
    /// UUID v5 of `channel:{procedure_slug}/{channel_key}`.
    pub id: String,
    pub service_id: String,
    pub location_id: String,
    /// What the channel lets a person do, its conditions, and its declared closure or restriction.
    pub description: String,
    /// The place (one-to-one fields in lists; with its address in the detail).
    pub location: HsdsLocation,
    /// The service (one-to-one fields); absent inside a service.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(no_recursion)]
    pub service: Option<Box<HsdsService>>,
    /// Detail only: the number to call (e.g. to book the appointment).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phones: Option<Vec<HsdsPhone>>,
    /// Detail only: opening hours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedules: Option<Vec<HsdsSchedule>>,
    /// Extension: the channel key within its procedure.
    pub guichet_channel_key: String,
    pub guichet_channel_kind: ChannelKind,
    pub guichet_completion: Completion,
    /// Extension: counts as an offline alternative (DESIGN.md).
    pub guichet_offline_alternative: bool,
    /// Extension: the status as declared by the institution or an official source, with its source and date.
    pub guichet_declared_status: DeclaredView,
    /// Extension: the status as observed by social workers and complaints, now.
    pub guichet_observed_status: ObservedView,
    /// Extension, detail only: languages spoken (ISO 639-1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guichet_languages: Option<Vec<String>>,
    /// Extension: what the call, letter… costs, as the source says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guichet_cost: Option<super::views::LocalizedText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guichet_source: Option<SourceView>,
    /// Extension: when the channel or its declared status last changed (what `modified_after` compares with).
    pub guichet_last_modified: String,
}

/// `physical` or `postal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum HsdsLocationType {
    Physical,
    /// Only used to send letters to.
    Postal,
}

/// An HSDS location.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HsdsLocation {
    /// UUID v5 of `location:{key}`.
    pub id: String,
    pub location_type: HsdsLocationType,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternate_name: Option<String>,
    /// WGS84, when a source gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    /// Detail only: the address, when the catalog has all HSDS needs (else empty; see `guichet_partial_address`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub addresses: Option<Vec<HsdsAddress>>,
    /// Extension: the location key in the catalog.
    pub guichet_key: String,
    pub guichet_names: LocalizedText,
    /// Extension, detail only: what is known of an address HSDS cannot hold (no street, or no postcode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guichet_partial_address: Option<PartialAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guichet_source: Option<SourceView>,
}

/// An HSDS address, only built from what the sources give.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HsdsAddress {
    /// UUID v5 of `address:{location key}`.
    pub id: String,
    pub location_id: String,
    /// Street and number, as the source gives them.
    pub address_1: String,
    /// The commune's French name.
    pub city: String,
    pub state_province: String,
    pub postal_code: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub address_type: HsdsLocationType,
}

/// Parts of an address known to the catalog, when they do not make an HSDS address.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartialAddress {
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
}

/// An HSDS phone.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HsdsPhone {
    /// UUID v5 of `phone:{procedure_slug}/{channel_key}`.
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_at_location_id: Option<String>,
    pub number: String,
    /// Always `voice`.
    #[serde(rename = "type")]
    pub kind: String,
    /// What the line is for (when not a phone channel) and what the call costs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub languages: Vec<HsdsLanguage>,
    pub guichet_channel_key: String,
    pub guichet_channel_kind: ChannelKind,
    /// Extension, on phone lines (channels without a place): the declared status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guichet_declared_status: Option<DeclaredView>,
    /// Extension, on phone lines: the observed status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guichet_observed_status: Option<ObservedView>,
}

/// An HSDS schedule: one weekly opening interval, or — when the hours cannot be told faithfully as weekly
/// intervals — the original hours in `description`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HsdsSchedule {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_at_location_id: Option<String>,
    /// `WEEKLY`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub freq: Option<String>,
    /// e.g. `MO,TU,WE,TH,FR`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byday: Option<String>,
    /// `HH:MM`, Brussels local time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<String>,
    pub description: String,
    pub notes: String,
    /// How to attend: the channel kind.
    pub attending_type: String,
    /// Extension: the hours as the catalog has them (OpenStreetMap `opening_hours` syntax).
    pub guichet_opening_hours: String,
    pub guichet_channel_key: String,
}

/// An HSDS language.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HsdsLanguage {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_id: Option<String>,
    /// ISO 639-1.
    pub code: String,
}

/// An HSDS required document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HsdsRequiredDocument {
    pub id: String,
    pub service_id: String,
    /// In French when the catalog has it, else Dutch or English.
    pub document: String,
}

/// Extension: one channel of a service with its statuses.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GuichetChannel {
    /// UUID v5 of `channel:{procedure_slug}/{channel_key}`: the service-at-location id when it has one.
    pub id: String,
    pub key: String,
    pub kind: ChannelKind,
    pub completion: Completion,
    pub offline_alternative: bool,
    /// Listed under `/hsds/service_at_locations`.
    pub service_at_location: bool,
    pub declared: DeclaredView,
    pub observed: ObservedView,
}

macro_rules! page {
    ($(#[$meta:meta])* $name:ident, $item:ty) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Serialize, ToSchema)]
        pub struct $name {
            /// Items matching the filters, all pages.
            pub total_items: usize,
            pub total_pages: usize,
            /// From 1.
            pub page_number: u32,
            /// Items in this page.
            pub size: usize,
            pub first_page: bool,
            pub last_page: bool,
            /// This page has no items.
            pub empty: bool,
            pub contents: Vec<$item>,
        }

        impl $name {
            fn new(contents: Vec<$item>, total_items: usize, page: Pagination) -> Self {
                let total_pages = total_items.div_ceil(page.per_page as usize);
                $name {
                    total_items,
                    total_pages,
                    page_number: page.page,
                    size: contents.len(),
                    first_page: page.page == 1,
                    last_page: page.page as usize >= total_pages,
                    empty: contents.is_empty(),
                    contents,
                }
            }
        }
    };
}

page!(
    /// A page of HSDS services (one-to-one fields).
    HsdsServicePage,
    HsdsService
);
page!(
    /// A page of HSDS organizations (one-to-one fields).
    HsdsOrganizationPage,
    HsdsOrganization
);
page!(
    /// A page of HSDS service-at-locations (one-to-one fields).
    HsdsServiceAtLocationPage,
    HsdsServiceAtLocation
);

// --
// -- Mapping
// --

fn timestamp(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn alternate(name: &catalog::Name) -> Option<String> {
    [&name.nl, &name.en].into_iter().flatten().find(|n| **n != name.fr).cloned()
}

fn first_text(t: &crate::import::files::Texts) -> Option<String> {
    t.fr.clone().or_else(|| t.nl.clone()).or_else(|| t.en.clone())
}

/// The location of a channel that HSDS shows as a service-at-location, if it is one.
fn located<'s>(s: &'s Snapshot, c: &catalog::Channel) -> Option<&'s catalog::Location> {
    let place =
        matches!(c.kind, ChannelKind::Counter | ChannelKind::Appointment | ChannelKind::Assisted | ChannelKind::Post);
    if !place || c.declared == DeclaredState::ClosedPermanently {
        return None;
    }
    c.location.and_then(|l| s.locations.get(&l))
}

/// Phone numbers of channels not declared closed permanently.
fn has_phone(c: &catalog::Channel) -> bool {
    c.phone.is_some() && c.declared != DeclaredState::ClosedPermanently
}

fn institution_modified(i: &catalog::Institution) -> NaiveDateTime {
    i.updated_at
}

fn channel_modified(c: &catalog::Channel) -> NaiveDateTime {
    c.history.iter().map(|h| h.recorded_at).fold(c.updated_at, NaiveDateTime::max)
}

fn procedure_modified(s: &Snapshot, p: &catalog::Procedure) -> NaiveDateTime {
    p.channels.iter().map(|&c| channel_modified(&s.channels[c])).fold(p.updated_at, NaiveDateTime::max)
}

fn observed(c: &catalog::Channel, ctx: &Ctx) -> ObservedView {
    ctx.observed.observed(c.id, c.declared, ctx.now).into()
}

fn kind_label(kind: ChannelKind) -> &'static str {
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

fn completion_label(completion: Completion) -> &'static str {
    match completion {
        Completion::Full => "the whole procedure can be carried out",
        Completion::Submit => "the file can be handed in",
        Completion::Booking => "only an appointment can be booked",
        Completion::Info => "information only",
    }
}

/// The declared state as a sentence, when it is not plain `open` or `unknown`.
fn declared_sentence(c: &catalog::Channel) -> Option<String> {
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
    Some(sentence(out))
}

/// A text ending as a sentence: a full stop added unless it already ends with one (or a quote, `!`, `?`).
fn sentence(text: String) -> String {
    let text = text.trim_end().to_string();
    if text.ends_with(['.', '!', '?', '»', '"', '…']) { text } else { format!("{text}.") }
}

fn organization(s: &Snapshot, i: &catalog::Institution, today: chrono::NaiveDate) -> HsdsOrganization {
    let description = i.note.as_ref().and_then(|n| n.in_or_any("en")).map(str::to_string).unwrap_or_else(|| {
        format!(
            "{}: a body of level `{}` in the guichet catalog ({} procedure(s)).",
            i.name.fr,
            i.level,
            i.procedures.len()
        )
    });
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
        guichet_source: source_view(s, i.source, today),
        guichet_last_modified: timestamp(institution_modified(i)),
    }
}

fn service_status(s: &Snapshot, p: &catalog::Procedure) -> HsdsServiceStatus {
    let states: Vec<DeclaredState> = p.channels.iter().map(|&c| s.channels[c].declared).collect();
    if states.is_empty() || !states.iter().all(|d| d.is_closed()) {
        HsdsServiceStatus::Active
    } else if states.contains(&DeclaredState::ClosedTemporarily) {
        HsdsServiceStatus::TemporarilyClosed
    } else {
        HsdsServiceStatus::Inactive
    }
}

fn service_alert(s: &Snapshot, p: &catalog::Procedure) -> Option<String> {
    let lines: Vec<String> = p
        .channels
        .iter()
        .map(|&c| &s.channels[c])
        .filter(|c| c.declared == DeclaredState::ClosedTemporarily)
        .filter_map(|c| declared_sentence(c).map(|d| format!("{} (`{}`): {d}", kind_label(c.kind), c.key)))
        .collect();
    (!lines.is_empty()).then(|| lines.join(" "))
}

fn service_fees(s: &Snapshot, p: &catalog::Procedure) -> Option<String> {
    let lines: Vec<String> = p
        .channels
        .iter()
        .map(|&c| &s.channels[c])
        .filter(|c| c.declared != DeclaredState::ClosedPermanently)
        .filter_map(|c| {
            c.cost
                .as_ref()
                .and_then(|t| t.in_or_any("en"))
                .map(|cost| sentence(format!("{} (`{}`): {cost}", kind_label(c.kind), c.key)))
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join(" "))
}

/// A service's one-to-one fields, with its organization when `with_organization`.
fn service_flat(
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
        guichet_source: source_view(s, p.source, today),
    }
}

fn service_full(s: &Snapshot, index: &IdIndex, p: &catalog::Procedure, ctx: &Ctx) -> HsdsService {
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
        channels
            .iter()
            .filter_map(|c| located(s, c).map(|l| service_at_location(s, index, c, l, true, false, ctx)))
            .collect(),
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
                declared: super::views::declared_view(s, c, ctx.today),
                observed: observed(c, ctx),
            })
            .collect(),
    );
    out
}

fn phone(
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
        guichet_declared_status: with_status.then(|| super::views::declared_view(s, c, ctx.today)),
        guichet_observed_status: with_status.then(|| observed(c, ctx)),
    }
}

fn location(
    s: &Snapshot,
    index: &IdIndex,
    l: &catalog::Location,
    full: bool,
    today: chrono::NaiveDate,
) -> HsdsLocation {
    let location_id = id(location_uuid(&l.key));
    let location_type =
        if index.postal_only.contains(&l.id) { HsdsLocationType::Postal } else { HsdsLocationType::Physical };
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
        guichet_source: source_view(s, l.source, today),
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

fn service_at_location(
    s: &Snapshot,
    index: &IdIndex,
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
    if let Some(conditions) = first_text(&c.conditions) {
        description.push(' ');
        description.push_str(&sentence(format!("Conditions: {conditions}")));
    }
    if let Some(d) = declared_sentence(c) {
        description.push(' ');
        description.push_str(&d);
    }
    HsdsServiceAtLocation {
        service_id: id(service_uuid(&p.slug)),
        location_id: id(location_uuid(&l.key)),
        description,
        location: location(s, index, l, full, ctx.today),
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
        guichet_declared_status: super::views::declared_view(s, c, ctx.today),
        guichet_observed_status: observed(c, ctx),
        guichet_languages: full.then(|| c.languages.clone()),
        guichet_cost: c.cost.as_ref().map(Into::into),
        guichet_source: source_view(s, c.source, ctx.today),
        guichet_last_modified: timestamp(channel_modified(c)),
        id: sal_id,
    }
}

// --
// -- Opening hours → schedules
// --

const DAYS: [(&str, &str); 7] =
    [("Mo", "MO"), ("Tu", "TU"), ("We", "WE"), ("Th", "TH"), ("Fr", "FR"), ("Sa", "SA"), ("Su", "SU")];

/// One weekly rule: its days (0 = Monday), its intervals ("HH:MM", opening before closing) and its days as written.
#[derive(Debug, Clone, PartialEq)]
struct WeeklyRule {
    days: Vec<usize>,
    days_text: String,
    intervals: Vec<(String, String)>,
}

fn day(token: &str) -> Option<usize> {
    DAYS.iter().position(|(osm, _)| *osm == token)
}

fn hh_mm(token: &str) -> Option<(u32, u32)> {
    let (h, m) = token.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

/// Opening hours that HSDS weekly schedules tell faithfully: rules `<days> <HH:MM-HH:MM>[,<HH:MM-HH:MM>…]`
/// separated by `;`, on days no other rule names (a later rule would override an earlier one), plus an optional
/// `PH off` (public holidays closed, which guichet assumes anyway). Anything else — months, weeks, `PH` opening,
/// `off` days, comments, intervals past midnight — is `None`.
fn weekly_rules(text: &str) -> Option<Vec<WeeklyRule>> {
    let mut rules = Vec::new();
    let mut seen = [false; 7];
    for rule in text.split(';').map(str::trim) {
        if rule == "PH off" || rule == "PH closed" {
            continue;
        }
        let (days_text, times) = rule.split_once(' ')?;
        let mut days = Vec::new();
        for token in days_text.split(',') {
            match token.split_once('-') {
                Some((a, b)) => {
                    let (a, b) = (day(a)?, day(b)?);
                    let mut d = a;
                    loop {
                        days.push(d);
                        if d == b {
                            break;
                        }
                        d = (d + 1) % 7;
                    }
                }
                None => days.push(day(token)?),
            }
        }
        days.sort_unstable();
        days.dedup();
        for &d in &days {
            if std::mem::replace(&mut seen[d], true) {
                return None;
            }
        }
        let mut intervals = Vec::new();
        for interval in times.split(',').map(str::trim) {
            let (from, to) = interval.split_once('-')?;
            let (opens, closes) = (hh_mm(from)?, hh_mm(to)?);
            if opens >= closes {
                return None;
            }
            intervals.push((from.to_string(), to.to_string()));
        }
        rules.push(WeeklyRule { days, days_text: days_text.to_string(), intervals });
    }
    (!rules.is_empty()).then_some(rules)
}

fn closure_note(calendar: ClosureCalendar) -> &'static str {
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

fn schedules(
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

// --
// -- Parameters
// --

/// Filters of the HSDS lists; every filter narrows (HSDS: parameters are cumulative).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct HsdsFilter {
    /// Words, in French, Dutch or English (case and accents ignored); every word must match. Services and
    /// service-at-locations: the procedure's names, keywords, summary, categories and institution, best match
    /// first; organizations: the institution's names.
    search: Option<String>,
    /// Only records modified on or after this RFC 3339 date-time (e.g. `2025-01-01T00:00:00Z`).
    #[param(format = DateTime)]
    modified_after: Option<String>,
    /// Only records of this organization (its HSDS UUID).
    organization_id: Option<String>,
    /// A postcode of a Brussels commune: only records of bodies serving that commune (its local bodies and the
    /// regional, community and federal ones).
    postcode: Option<String>,
}

struct Filter {
    search: Option<Query>,
    modified_after: Option<DateTime<Utc>>,
    /// `Some(None)`: an organization id that is no organization (nothing matches).
    organization: Option<Option<usize>>,
    communes: Option<Vec<usize>>,
    page: Pagination,
}

impl Filter {
    fn parse(mut params: QueryParams, s: &Snapshot, index: &IdIndex) -> Result<Filter, ApiError> {
        let search = params.text("search").map(|q| Query::new(&q)).filter(|q| !q.is_empty());
        let modified_after = params.datetime("modified_after");
        let organization = params.text("organization_id").and_then(|raw| match Uuid::parse_str(&raw) {
            Ok(u) => Some(index.organizations.get(&u).copied()),
            Err(_) => {
                params.errors.push(FieldError::new("organization_id", format!("`{raw}` is not a UUID")));
                None
            }
        });
        let communes = params.text("postcode").and_then(|pc| {
            if pc.len() != 4 || !pc.bytes().all(|b| b.is_ascii_digit()) {
                params.errors.push(FieldError::new("postcode", format!("`{pc}` is not a Belgian postcode")));
                return None;
            }
            match s.communes_by_postcode.get(&pc) {
                Some(found) => Some(found.clone()),
                None => {
                    params.errors.push(FieldError::new(
                        "postcode",
                        format!("`{pc}` is not a postcode of the catalog's communes"),
                    ));
                    None
                }
            }
        });
        let page = params.pagination();
        params.finish()?;
        Ok(Filter { search, modified_after, organization, communes, page })
    }

    fn institution(&self, s: &Snapshot, i: usize) -> bool {
        self.organization.is_none_or(|o| o == Some(i))
            && self.communes.as_ref().is_none_or(|cs| cs.iter().any(|&c| s.serves_commune(&s.institutions[i], c)))
    }

    /// Whether a record last modified at `modified()` passes `modified_after` (computed only when asked).
    fn modified(&self, modified: impl FnOnce() -> NaiveDateTime) -> bool {
        self.modified_after.is_none_or(|after| modified().and_utc() >= after)
    }

    /// Procedures passing the search (best first, then by slug), with their score.
    fn procedures(&self, s: &Snapshot) -> Vec<(u32, usize)> {
        let mut found: Vec<(u32, usize)> = match &self.search {
            Some(q) => s.search.search(q, false),
            None => (0..s.procedures.len()).map(|i| (0, i)).collect(),
        };
        found.retain(|&(_, p)| self.institution(s, s.procedures[p].institution));
        found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| s.procedures[a.1].slug.cmp(&s.procedures[b.1].slug)));
        found
    }
}

// --
// -- Handlers
// --

fn root(req: &HttpRequest) -> HsdsRoot {
    let info = req.connection_info();
    HsdsRoot {
        version: HSDS_VERSION.into(),
        profile: HSDS_PROFILE.into(),
        openapi_url: format!("{}://{}/openapi.json", info.scheme(), info.host()),
        description: "guichet: Brussels public procedures and the non-digital ways to carry them out, with the \
                      status of each channel as declared and as observed, as a read-only Open Referral HSDS view. \
                      Extensions are prefixed `guichet_`."
            .into(),
    }
}

/// This API and its relationship with HSDS.
#[utoipa::path(
    tag = "hsds",
    responses((status = 200, body = HsdsRoot)),
)]
#[get("/hsds/")]
#[tracing::instrument(skip_all)]
pub async fn hsds_root(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().json(root(&req))
}

async fn hsds_root_no_slash(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().json(root(&req))
}

/// HSDS services (procedures), one-to-one fields only.
#[utoipa::path(
    tag = "hsds",
    params(HsdsFilter, Pagination),
    responses(
        (status = 200, body = HsdsServicePage),
        (status = 400, description = "A parameter is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/services")]
#[tracing::instrument(skip_all)]
pub async fn list_services(state: web::Data<AppState>, params: QueryParams) -> Result<HttpResponse, ApiError> {
    let s = state.catalog.load();
    let index = index_of(&s);
    let filter = Filter::parse(params, &s, &index)?;
    let found: Vec<usize> = filter
        .procedures(&s)
        .into_iter()
        .map(|(_, p)| p)
        .filter(|&p| filter.modified(|| procedure_modified(&s, &s.procedures[p])))
        .collect();
    let (items, total) = filter.page.slice(found);
    let today = state.today();
    let contents = items.into_iter().map(|p| service_flat(&s, &s.procedures[p], true, today)).collect();
    Ok(HttpResponse::Ok().json(HsdsServicePage::new(contents, total, filter.page)))
}

/// One HSDS service, fully nested: its organization, service-at-locations, phones, schedules, languages and
/// required documents, and every channel's declared and observed status (`guichet_channels`).
#[utoipa::path(
    tag = "hsds",
    params(("id" = String, Path, description = "Service UUID")),
    responses(
        (status = 200, body = HsdsService),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/services/{id}")]
#[tracing::instrument(skip(state))]
pub async fn get_service(state: web::Data<AppState>, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let uuid = parse_uuid(&id)?;
    let s = state.catalog.load();
    let index = index_of(&s);
    let p = index.services.get(&uuid).ok_or_else(|| ApiError::NotFound { what: "service", key: uuid.to_string() })?;
    Ok(HttpResponse::Ok().json(service_full(&s, &index, &s.procedures[*p], &state.ctx())))
}

/// HSDS organizations (institutions), one-to-one fields only.
#[utoipa::path(
    tag = "hsds",
    params(HsdsFilter, Pagination),
    responses(
        (status = 200, body = HsdsOrganizationPage),
        (status = 400, description = "A parameter is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/organizations")]
#[tracing::instrument(skip_all)]
pub async fn list_organizations(state: web::Data<AppState>, params: QueryParams) -> Result<HttpResponse, ApiError> {
    let s = state.catalog.load();
    let index = index_of(&s);
    let filter = Filter::parse(params, &s, &index)?;
    let mut found: Vec<usize> = (0..s.institutions.len())
        .filter(|&i| filter.institution(&s, i))
        .filter(|&i| filter.search.as_ref().is_none_or(|q| q.matches_text(&s.institutions[i].search_text)))
        .filter(|&i| filter.modified(|| institution_modified(&s.institutions[i])))
        .collect();
    found.sort_by(|a, b| s.institutions[*a].slug.cmp(&s.institutions[*b].slug));
    let (items, total) = filter.page.slice(found);
    let today = state.today();
    let contents = items.into_iter().map(|i| organization(&s, &s.institutions[i], today)).collect();
    Ok(HttpResponse::Ok().json(HsdsOrganizationPage::new(contents, total, filter.page)))
}

/// One HSDS organization with its services (one-to-one fields) and the places of its services.
#[utoipa::path(
    tag = "hsds",
    params(("id" = String, Path, description = "Organization UUID")),
    responses(
        (status = 200, body = HsdsOrganization),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/organizations/{id}")]
#[tracing::instrument(skip(state))]
pub async fn get_organization(state: web::Data<AppState>, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let uuid = parse_uuid(&id)?;
    let s = state.catalog.load();
    let index = index_of(&s);
    let i = index
        .organizations
        .get(&uuid)
        .map(|&i| &s.institutions[i])
        .ok_or_else(|| ApiError::NotFound { what: "organization", key: uuid.to_string() })?;
    let today = state.today();
    let mut out = organization(&s, i, today);
    let mut procedures: Vec<&catalog::Procedure> = i.procedures.iter().map(|&p| &s.procedures[p]).collect();
    procedures.sort_by(|a, b| a.slug.cmp(&b.slug));
    out.services = Some(procedures.iter().map(|p| service_flat(&s, p, false, today)).collect());
    let mut seen = HashSet::new();
    out.locations = Some(
        procedures
            .iter()
            .flat_map(|p| p.channels.iter().map(|&c| &s.channels[c]))
            .filter_map(|c| located(&s, c))
            .filter(|l| seen.insert(l.id))
            .map(|l| location(&s, &index, l, true, today))
            .collect(),
    );
    Ok(HttpResponse::Ok().json(out))
}

/// HSDS service-at-locations (channels with a place), one-to-one fields only, each with the declared and
/// observed status of its channel.
#[utoipa::path(
    tag = "hsds",
    params(HsdsFilter, Pagination),
    responses(
        (status = 200, body = HsdsServiceAtLocationPage),
        (status = 400, description = "A parameter is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/service_at_locations")]
#[tracing::instrument(skip_all)]
pub async fn list_service_at_locations(
    state: web::Data<AppState>,
    params: QueryParams,
) -> Result<HttpResponse, ApiError> {
    let s = state.catalog.load();
    let index = index_of(&s);
    let filter = Filter::parse(params, &s, &index)?;
    let mut found: Vec<usize> = Vec::new();
    for (_, p) in filter.procedures(&s) {
        let mut channels: Vec<usize> = s.procedures[p]
            .channels
            .iter()
            .copied()
            .filter(|&c| located(&s, &s.channels[c]).is_some())
            .filter(|&c| filter.modified(|| channel_modified(&s.channels[c])))
            .collect();
        channels.sort_by(|a, b| s.channels[*a].key.cmp(&s.channels[*b].key));
        found.extend(channels);
    }
    let (items, total) = filter.page.slice(found);
    let ctx = state.ctx();
    let contents = items
        .into_iter()
        .map(|c| &s.channels[c])
        .filter_map(|c| located(&s, c).map(|l| service_at_location(&s, &index, c, l, false, true, &ctx)))
        .collect();
    Ok(HttpResponse::Ok().json(HsdsServiceAtLocationPage::new(contents, total, filter.page)))
}

/// One HSDS service-at-location, fully nested: its location with the address, phone, schedules and service.
#[utoipa::path(
    tag = "hsds",
    params(("id" = String, Path, description = "Service-at-location UUID")),
    responses(
        (status = 200, body = HsdsServiceAtLocation),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/service_at_locations/{id}")]
#[tracing::instrument(skip(state))]
pub async fn get_service_at_location(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let uuid = parse_uuid(&id)?;
    let s = state.catalog.load();
    let index = index_of(&s);
    let not_found = || ApiError::NotFound { what: "service_at_location", key: uuid.to_string() };
    let c = index.service_at_locations.get(&uuid).map(|&c| &s.channels[c]).ok_or_else(not_found)?;
    let l = located(&s, c).ok_or_else(not_found)?;
    Ok(HttpResponse::Ok().json(service_at_location(&s, &index, c, l, true, true, &state.ctx())))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each rule as its days and its intervals written `HH:MM-HH:MM`.
    fn rules(text: &str) -> Option<Vec<(Vec<usize>, Vec<String>)>> {
        let rules = weekly_rules(text)?;
        Some(
            rules
                .into_iter()
                .map(|r| (r.days, r.intervals.iter().map(|(a, b)| format!("{a}-{b}")).collect()))
                .collect(),
        )
    }

    fn rule(days: &[usize], intervals: &[&str]) -> (Vec<usize>, Vec<String>) {
        (days.to_vec(), intervals.iter().map(|i| i.to_string()).collect())
    }

    #[test]
    fn weekly_hours_become_intervals() {
        assert_eq!(rules("Mo-Fr 09:00-12:00"), Some(vec![rule(&[0, 1, 2, 3, 4], &["09:00-12:00"])]));
        assert_eq!(rules("Th 08:00-13:00,15:00-19:00"), Some(vec![rule(&[3], &["08:00-13:00", "15:00-19:00"])]));
        assert_eq!(rules("Mo-Fr 09:00-11:30; PH off"), Some(vec![rule(&[0, 1, 2, 3, 4], &["09:00-11:30"])]));
        assert_eq!(
            rules("Mo,Th 14:00-17:00; Tu,We,Fr 09:00-12:00"),
            Some(vec![rule(&[0, 3], &["14:00-17:00"]), rule(&[1, 2, 4], &["09:00-12:00"])])
        );
        assert_eq!(rules("Sa-Mo 10:00-12:00"), Some(vec![rule(&[0, 5, 6], &["10:00-12:00"])]));
    }

    #[test]
    fn other_hours_are_not_forced_into_intervals() {
        for text in [
            "24/7",
            "Mo-Fr 09:00-12:00; We 13:00-15:00",
            "Mo-Fr 22:00-02:00",
            "Mo-Fr 09:00-24:00",
            "Jan-Jun Mo-Fr 09:00-12:00",
            "Mo-Fr 09:00-12:00; PH 10:00-12:00",
            "Mo-Fr 09:00-12:00 \"by appointment\"",
            "Mo-Fr 9:00-12:00",
            "Mo[1] 09:00-12:00",
            "Mo-Fr off",
            "PH off",
        ] {
            assert_eq!(weekly_rules(text), None, "{text}");
        }
    }

    #[test]
    fn the_hsds_paths_document_themselves() {
        use utoipa::OpenApi;
        #[derive(OpenApi)]
        #[openapi(paths(
            hsds_root,
            list_services,
            get_service,
            list_organizations,
            get_organization,
            list_service_at_locations,
            get_service_at_location
        ))]
        struct Doc;
        let doc = serde_json::to_value(Doc::openapi()).unwrap();
        for path in ["/hsds/", "/hsds/services", "/hsds/services/{id}", "/hsds/service_at_locations/{id}"] {
            assert!(doc["paths"][path]["get"].is_object(), "{path}");
        }
        let schemas = &doc["components"]["schemas"];
        for schema in ["HsdsService", "HsdsOrganization", "HsdsServiceAtLocation", "HsdsServicePage", "HsdsSchedule"] {
            assert!(schemas[schema].is_object(), "{schema}");
        }
    }

    #[test]
    fn ids_are_name_based() {
        assert_eq!(organization_uuid("actiris"), organization_uuid("actiris"));
        assert_ne!(organization_uuid("actiris"), service_uuid("actiris"));
        assert_eq!(organization_uuid("actiris").get_version_num(), 5);
    }
}
