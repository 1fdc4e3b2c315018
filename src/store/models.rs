//! Row shapes. Each `*Record` is a table's content without its id and bookkeeping timestamps: what the import
//! writes and compares, and what the read model loads.

use super::schema::*;
use diesel::prelude::*;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = sources, treat_none_as_null = true)]
pub struct SourceRecord {
    pub key: String,
    pub title: String,
    pub url: Option<String>,
    pub document: Option<String>,
    pub fact_date: Option<String>,
    pub read_on: Option<String>,
    pub uncertain: bool,
    /// JSON: `Texts`, `Quote`, array of marks, `Texts`.
    pub original_title: Option<String>,
    pub marks: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = communes, treat_none_as_null = true)]
pub struct CommuneRecord {
    pub slug: String,
    pub name_fr: String,
    pub name_nl: Option<String>,
    pub nis_code: Option<String>,
    /// JSON array of strings.
    pub postcodes: String,
    pub source_id: i64,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = institutions, treat_none_as_null = true)]
pub struct InstitutionRecord {
    pub slug: String,
    pub level: String,
    pub name_fr: String,
    pub name_nl: Option<String>,
    pub name_en: Option<String>,
    pub parent_id: Option<i64>,
    pub website: Option<String>,
    pub commune_id: Option<i64>,
    /// JSON: `Texts`, array of `Quote`, array of strings.
    pub note: Option<String>,
    pub quotes: String,
    pub short_names: String,
    pub source_id: i64,
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
    /// JSON: fact → source key; `Texts`.
    pub fact_sources: String,
    pub note: Option<String>,
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
    /// JSON arrays.
    pub categories: String,
    pub keywords: String,
    pub online_url: Option<String>,
    pub identification: String,
    /// JSON array of `{fr, nl, en}` objects.
    pub documents: String,
    /// JSON: `Texts`, arrays of `Quote`, of absences and of help links, `Texts`.
    pub note: Option<String>,
    pub quotes: String,
    pub absent: String,
    pub deadline: Option<String>,
    pub helped_by: String,
    pub source_id: i64,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = channels, treat_none_as_null = true)]
pub struct ChannelRecord {
    pub procedure_id: i64,
    pub key: String,
    pub kind: String,
    pub completion: String,
    pub location_id: Option<i64>,
    pub opening_hours: Option<String>,
    pub phone: Option<String>,
    pub phone_cost: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    /// JSON arrays.
    pub booking: String,
    pub languages: String,
    pub wheelchair: String,
    pub cost: Option<String>,
    pub conditions_fr: Option<String>,
    pub conditions_nl: Option<String>,
    pub conditions_en: Option<String>,
    /// JSON: `Texts` (also `cost` and `phone_cost`), array of `Quote`, fact → source key.
    pub note: Option<String>,
    pub quotes: String,
    pub fact_sources: String,
    pub source_id: i64,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = declared_statuses)]
pub struct DeclaredStatusRecord {
    pub channel_id: i64,
    pub state: String,
    pub since: Option<String>,
    pub until: Option<String>,
    /// JSON: `Texts`, array of `Quote`.
    pub note: Option<String>,
    pub quotes: String,
    pub source_id: i64,
}
