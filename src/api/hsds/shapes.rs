//! The HSDS 3.1 objects this view answers, and the `guichet_` extensions they carry.

use crate::api::params::Pagination;
use crate::api::views::{DeclaredView, LocalizedText, ObservedView, SourceView};
use crate::domain::DeclaredState;
use crate::domain::{ChannelKind, Completion, Level};
use serde::Serialize;
use utoipa::ToSchema;

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
    pub guichet_source: Option<FlatSource>,
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
    pub guichet_source: Option<FlatSource>,
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
    pub guichet_declared_status: FlatDeclared,
    /// Extension: the status as observed by social workers and complaints, now.
    pub guichet_observed_status: ObservedView,
    /// Extension, detail only: languages spoken (ISO 639-1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guichet_languages: Option<Vec<String>>,
    /// Extension: what the call, letter… costs, as the source says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guichet_cost: Option<LocalizedText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guichet_source: Option<FlatSource>,
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
    pub guichet_source: Option<FlatSource>,
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
    pub guichet_declared_status: Option<FlatDeclared>,
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
    pub declared: FlatDeclared,
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
            pub(super) fn new(contents: Vec<$item>, total_items: usize, page: Pagination) -> Self {
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

/// Extension: where a fact comes from, flat (HSDS list items carry no child arrays).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FlatSource {
    pub key: String,
    pub title: LocalizedText,
    pub url: Option<String>,
    pub document: Option<String>,
    /// The date the page gives; `null` for an undated page.
    pub date: Option<String>,
    /// For an undated page: when it was read.
    pub read: Option<String>,
    pub age_years: Option<i64>,
    pub uncertain: bool,
    /// The fact sheets' marks, comma-separated (`undated`, `old`, `secondary`, `conflict`, `testimony`).
    pub marks: Option<String>,
    pub note: Option<LocalizedText>,
}

impl From<SourceView> for FlatSource {
    fn from(v: SourceView) -> Self {
        FlatSource {
            key: v.key,
            title: v.title,
            url: v.url,
            document: v.document,
            date: v.date,
            read: v.read,
            age_years: v.age_years,
            uncertain: v.uncertain,
            marks: (!v.marks.is_empty()).then(|| v.marks.join(", ")),
            note: v.note,
        }
    }
}

/// Extension: the declared status, flat (its quotations are in the service's detail, `guichet_channels`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FlatDeclared {
    pub state: DeclaredState,
    pub note: Option<LocalizedText>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub source: Option<FlatSource>,
    pub recorded_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<DeclaredView> for FlatDeclared {
    fn from(v: DeclaredView) -> Self {
        FlatDeclared {
            state: v.state,
            note: v.note,
            since: v.since,
            until: v.until,
            source: v.source.map(Into::into),
            recorded_at: v.recorded_at,
        }
    }
}
