//! Row shapes. Each `*Record` is a table's content without its id and bookkeeping timestamps: what the import
//! writes and compares, and what the read model loads. Vocabularies are the domain's enums and structured values
//! are `Json<…>`: nothing is parsed back by hand from a string the program wrote (`sql_types`).

use super::schema::*;
use super::sql_types::Json;
use crate::domain::texts::{Quote, Texts};
use crate::domain::{
    BookingRoute, ChannelKind, Completion, DeclaredState, Identification, Level, PartialDate, Wheelchair,
};
use crate::import::files::{AbsenceEntry, HelpLinkEntry};
use diesel::prelude::*;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = sources, treat_none_as_null = true)]
pub struct SourceRecord {
    pub key: String,
    pub title: Json<Texts>,
    pub url: Option<String>,
    pub document: Option<String>,
    /// The date the page gives; `None` for an undated page.
    pub fact_date: Option<PartialDate>,
    /// When an undated page was read.
    pub read_on: Option<PartialDate>,
    pub uncertain: bool,
    pub original_title: Option<Json<Quote>>,
    pub marks: Json<Vec<String>>,
    pub note: Option<Json<Texts>>,
    /// The catalog file that defines it (`sources.toml` or `institutions/<slug>.toml`); `None` once no file does.
    pub defined_in: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = communes, treat_none_as_null = true)]
pub struct CommuneRecord {
    pub slug: String,
    pub name_fr: String,
    pub name_nl: Option<String>,
    pub nis_code: Option<String>,
    pub postcodes: Json<Vec<String>>,
    pub source_id: i64,
    pub sections: Json<Vec<crate::import::files::SectionEntry>>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = institutions, treat_none_as_null = true)]
pub struct InstitutionRecord {
    pub slug: String,
    pub level: Level,
    pub name_fr: String,
    pub name_nl: Option<String>,
    pub name_en: Option<String>,
    pub parent_id: Option<i64>,
    pub website: Option<String>,
    pub commune_id: Option<i64>,
    pub note: Option<Json<Texts>>,
    pub quotes: Json<Vec<Quote>>,
    pub short_names: Json<Vec<String>>,
    pub probe_patterns: Json<Vec<crate::domain::probes::ProbePattern>>,
    pub source_id: i64,
    pub update_every_months: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = locations, treat_none_as_null = true)]
pub struct LocationRecord {
    pub key: String,
    pub name_fr: String,
    pub name_nl: Option<String>,
    pub name_en: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub commune_id: Option<i64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub source_id: i64,
    /// Fact → source key.
    pub fact_sources: Json<BTreeMap<String, String>>,
    pub note: Option<Json<Texts>>,
    /// The institution file that defines it (`institutions/<slug>.toml`); `None` once no file does.
    pub defined_in: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = procedures, treat_none_as_null = true)]
pub struct ProcedureRecord {
    pub slug: String,
    pub institution_id: i64,
    pub name_fr: String,
    pub name_nl: Option<String>,
    pub name_en: Option<String>,
    pub summary_fr: Option<String>,
    pub summary_nl: Option<String>,
    pub summary_en: Option<String>,
    pub categories: Json<Vec<String>>,
    pub keywords: Json<Vec<String>>,
    pub online_url: Option<String>,
    pub identification: Json<Vec<Identification>>,
    pub documents: Json<Vec<Texts>>,
    pub note: Option<Json<Texts>>,
    pub quotes: Json<Vec<Quote>>,
    pub absent: Json<Vec<AbsenceEntry>>,
    pub deadline: Option<Json<Texts>>,
    pub helped_by: Json<Vec<HelpLinkEntry>>,
    pub source_id: i64,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = channels, treat_none_as_null = true)]
pub struct ChannelRecord {
    pub procedure_id: i64,
    pub key: String,
    pub kind: ChannelKind,
    pub completion: Completion,
    pub location_id: Option<i64>,
    pub opening_hours: Option<String>,
    pub phone: Option<String>,
    pub phone_cost: Option<Json<Texts>>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub booking: Json<Vec<BookingRoute>>,
    pub languages: Json<Vec<String>>,
    pub wheelchair: Wheelchair,
    pub cost: Option<Json<Texts>>,
    pub conditions_fr: Option<String>,
    pub conditions_nl: Option<String>,
    pub conditions_en: Option<String>,
    pub note: Option<Json<Texts>>,
    pub quotes: Json<Vec<Quote>>,
    /// Fact → source key.
    pub fact_sources: Json<BTreeMap<String, String>>,
    /// A post channel whose letter must be registered.
    pub registered: bool,
    pub source_id: i64,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = declared_statuses)]
pub struct DeclaredStatusRecord {
    pub channel_id: i64,
    pub state: DeclaredState,
    pub since: Option<PartialDate>,
    pub until: Option<PartialDate>,
    pub note: Option<Json<Texts>>,
    pub quotes: Json<Vec<Quote>>,
    pub source_id: i64,
}
