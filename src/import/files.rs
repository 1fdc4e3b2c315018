//! The shapes of the catalog files (catalog/FORMAT.md). Unknown fields are errors, so a typo never
//! silently drops a fact.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    pub document: Option<String>,
    pub date: String,
    #[serde(default)]
    pub uncertain: bool,
    pub note: Option<String>,
}

/// A name: French is required, the region's other official language and English when known.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    pub fr: String,
    pub nl: Option<String>,
    pub en: Option<String>,
}

/// A text that may exist in any of the three languages.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fr: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nl: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Texts {
    pub fn all(&self) -> impl Iterator<Item = (&'static str, &String)> {
        [("fr", &self.fr), ("nl", &self.nl), ("en", &self.en)]
            .into_iter()
            .filter_map(|(l, t)| t.as_ref().map(|t| (l, t)))
    }
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
    pub source: String,
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
    pub note: Option<String>,
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
    pub source: String,
    pub note: Option<String>,
    #[serde(default)]
    pub channels: Vec<ChannelEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelEntry {
    pub key: String,
    pub kind: String,
    pub completion: String,
    pub location: Option<String>,
    pub opening_hours: Option<String>,
    pub phone: Option<String>,
    pub phone_cost: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    #[serde(default)]
    pub booking: Vec<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    pub wheelchair: Option<String>,
    pub cost: Option<String>,
    #[serde(default)]
    pub conditions: Texts,
    pub source: String,
    pub note: Option<String>,
    #[serde(default)]
    pub status: Vec<StatusEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusEntry {
    pub state: String,
    pub since: Option<String>,
    pub until: Option<String>,
    pub note: Option<String>,
    pub source: String,
}
