//! The shapes of the catalog files (catalog/FORMAT.md). Unknown fields are errors, so a typo never
//! silently drops a fact.

pub use crate::domain::texts::{Quote, Texts};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    pub id: String,
    /// What the document is, in the three languages.
    pub title: Texts,
    /// The page's own title, verbatim.
    pub original_title: Option<Quote>,
    pub url: Option<String>,
    pub document: Option<String>,
    /// The date the page gives; absent for an undated page.
    pub date: Option<String>,
    /// When an undated page was read (never a fact date).
    pub read: Option<String>,
    #[serde(default)]
    pub uncertain: bool,
    #[serde(default)]
    pub marks: Vec<String>,
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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    #[serde(default)]
    pub sources: Vec<SourceEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommunesFile {
    #[serde(default)]
    pub communes: Vec<CommuneEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommuneEntry {
    pub slug: String,
    pub name: Names,
    pub nis_code: Option<String>,
    #[serde(default)]
    pub postcodes: Vec<String>,
    /// Parts of the commune people give as their place (the City of Brussels: Laeken, Haren…).
    #[serde(default)]
    pub sections: Vec<SectionEntry>,
    pub source: String,
}

/// A section of a commune (a former commune merged into it), by the names its source gives, with its postcodes.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectionEntry {
    pub name: Names,
    #[serde(default)]
    pub postcodes: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstitutionFile {
    pub institution: InstitutionEntry,
    #[serde(default)]
    pub sources: Vec<SourceEntry>,
    #[serde(default)]
    pub locations: Vec<LocationEntry>,
    #[serde(default)]
    pub procedures: Vec<ProcedureEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstitutionEntry {
    pub slug: String,
    pub level: String,
    pub name: Names,
    pub parent: Option<String>,
    pub website: Option<String>,
    pub commune: Option<String>,
    pub source: String,
    pub note: Option<Texts>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// Usual short names and acronyms people search with.
    #[serde(default)]
    pub short_names: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocationEntry {
    pub key: String,
    pub name: Names,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub commune: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub source: String,
    /// The source of one fact (`address`, `postcode`, `coordinates`) when it is not `source`.
    #[serde(default)]
    pub fact_sources: BTreeMap<String, String>,
    pub note: Option<Texts>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcedureEntry {
    pub slug: String,
    pub name: Names,
    #[serde(default)]
    pub summary: Texts,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    pub online_url: Option<String>,
    #[serde(default)]
    pub identification: Vec<String>,
    #[serde(default)]
    pub documents: Vec<Texts>,
    /// When it must be done (application period, deadline).
    pub deadline: Option<Texts>,
    /// Help places a source links to this procedure.
    #[serde(default)]
    pub helped_by: Vec<HelpLinkEntry>,
    pub source: String,
    pub note: Option<Texts>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// Kinds of channel a source says this procedure does not offer.
    #[serde(default)]
    pub absent: Vec<AbsenceEntry>,
    #[serde(default)]
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
    pub note: Option<Texts>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelEntry {
    pub key: String,
    pub kind: String,
    pub completion: String,
    pub location: Option<String>,
    pub opening_hours: Option<String>,
    pub phone: Option<String>,
    pub phone_cost: Option<Texts>,
    pub email: Option<String>,
    pub url: Option<String>,
    #[serde(default)]
    pub booking: Vec<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    pub wheelchair: Option<String>,
    pub cost: Option<Texts>,
    /// Post channels: the letter must be registered (« recommandé », « aangetekend »).
    #[serde(default)]
    pub registered: bool,
    #[serde(default)]
    pub conditions: Texts,
    pub source: String,
    /// The source of one fact when it is not `source` (keys: `CHANNEL_FACTS`).
    #[serde(default)]
    pub fact_sources: BTreeMap<String, String>,
    pub note: Option<Texts>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
    #[serde(default)]
    pub status: Vec<StatusEntry>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StatusEntry {
    pub state: String,
    pub since: Option<String>,
    pub until: Option<String>,
    pub note: Option<Texts>,
    #[serde(default)]
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
