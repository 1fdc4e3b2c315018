//! The shapes of the catalog files (catalog/FORMAT.md). Unknown fields are errors, so a typo never
//! silently drops a fact.

pub use crate::domain::texts::{Quote, Texts};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    pub id: String,
    /// What the document is, in the three languages.
    pub title: Texts,
    /// The page's own title, verbatim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_title: Option<Quote>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// The date the page gives; absent for an undated page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// When an undated page was read (never a fact date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub uncertain: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Texts>,
}

/// A name: French is required, the region's other official language and English when known.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    pub fr: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nl: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceEntry>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CommunesFile {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub communes: Vec<CommuneEntry>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CommuneEntry {
    pub slug: String,
    pub name: Names,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nis_code: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub postcodes: Vec<String>,
    /// Parts of the commune people give as their place (the City of Brussels: Laeken, Haren…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<SectionEntry>,
    pub source: String,
}

/// A section of a commune (a former commune merged into it), by the names its source gives, with its postcodes.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectionEntry {
    pub name: Names,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub postcodes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InstitutionFile {
    pub institution: InstitutionEntry,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<LocationEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub procedures: Vec<ProcedureEntry>,
    /// The messages the institution's online services show when they fail, as sources quote them: the probes
    /// of its online channels look for them (`domain::probes`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub probe_patterns: Vec<crate::domain::probes::ProbePattern>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InstitutionEntry {
    pub slug: String,
    pub level: String,
    pub name: Names,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commune: Option<String>,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Texts>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
    /// Usual short names and acronyms people search with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub short_names: Vec<String>,
    /// How often its records are to be verified again, in months (12 when not given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_every_months: Option<u32>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LocationEntry {
    pub key: String,
    pub name: Names,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commune: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    pub source: String,
    /// The source of one fact (`address`, `postcode`, `coordinates`) when it is not `source`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fact_sources: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Texts>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProcedureEntry {
    pub slug: String,
    pub name: Names,
    #[serde(default, skip_serializing_if = "Texts::is_empty")]
    pub summary: Texts,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub online_url: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identification: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Texts>,
    /// When it must be done (application period, deadline).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Texts>,
    /// Help places a source links to this procedure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub helped_by: Vec<HelpLinkEntry>,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Texts>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
    /// Kinds of channel a source says this procedure does not offer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<AbsenceEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<ChannelEntry>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HelpLinkEntry {
    pub institution: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AbsenceEntry {
    pub kinds: Vec<String>,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Texts>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelEntry {
    pub key: String,
    pub kind: String,
    pub completion: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opening_hours: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_cost: Option<Texts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub booking: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wheelchair: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<Texts>,
    /// Post channels: the letter must be registered (« recommandé », « aangetekend »).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub registered: bool,
    #[serde(default, skip_serializing_if = "Texts::is_empty")]
    pub conditions: Texts,
    pub source: String,
    /// The source of one fact when it is not `source` (keys: `CHANNEL_FACTS`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fact_sources: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Texts>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<StatusEntry>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StatusEntry {
    pub state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Texts>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
    pub source: String,
}

/// The facts of a channel that may name their own source.
pub const CHANNEL_FACTS: [&str; 11] = [
    "location",
    "opening_hours",
    "phone",
    "phone_cost",
    "email",
    "url",
    "booking",
    "languages",
    "wheelchair",
    "cost",
    "conditions",
];

/// The facts of a location that may name their own source.
pub const LOCATION_FACTS: [&str; 3] = ["address", "postcode", "coordinates"];

/// The marks of the fact sheets a source may carry.
pub const SOURCE_MARKS: [&str; 5] = ["undated", "old", "secondary", "conflict", "testimony"];
