//! The shapes of institutions, procedures and locations as the editing API reads and writes them: the catalog
//! files' entries (`catalog/FORMAT.md`), described here for the OpenAPI document, and what every write of them
//! answers (the entry and its version in `ETag`).

use super::body;
use super::problem::ApiError;
use crate::app::AppState;
use crate::app::edit_records::{self, Change, RecordWritten};
use crate::domain::Role;
use crate::domain::texts::{Quote, Texts};
use crate::store::records::RecordKind;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A name: French is required, Dutch and English when known (a page in another language says it is not known).
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct NamesInput {
    fr: String,
    nl: Option<String>,
    en: Option<String>,
}

/// An institution, as in its catalog file's `[institution]` table.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct InstitutionInput {
    /// Its key: required when creating, cannot change.
    #[schema(max_length = 80)]
    slug: Option<String>,
    /// commune, cpas, region, community, federal, payment_body, mutuality, union, ombudsman, help_place…
    level: String,
    name: NamesInput,
    /// The slug of the institution it belongs to.
    parent: Option<String>,
    website: Option<String>,
    /// The commune's slug, for a local body.
    commune: Option<String>,
    /// The key of the source of these facts.
    source: String,
    note: Option<Texts>,
    quotes: Option<Vec<Quote>>,
    short_names: Option<Vec<String>>,
    /// How often its records are verified again, in months (12 when not given).
    #[schema(minimum = 1)]
    update_every_months: Option<u32>,
}

/// A source linking a help place to a procedure.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct HelpLinkInput {
    /// The help place's institution slug.
    institution: String,
    source: String,
}

/// Kinds of channel a source says the procedure does not offer.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct AbsenceInput {
    kinds: Vec<String>,
    source: String,
    note: Option<Texts>,
    quotes: Option<Vec<Quote>>,
}

/// A procedure, as in its institution's catalog file (without its channels, written on their own).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct ProcedureInput {
    /// Its key: required when creating, cannot change.
    slug: Option<String>,
    /// The slug of the institution it belongs to: required when creating; a change may repeat it, not move it.
    institution: Option<String>,
    name: NamesInput,
    summary: Option<Texts>,
    categories: Option<Vec<String>>,
    keywords: Option<Vec<String>>,
    online_url: Option<String>,
    /// What a person must show: eid, itsme, paper_id, none…
    identification: Option<Vec<String>>,
    documents: Option<Vec<Texts>>,
    deadline: Option<Texts>,
    helped_by: Option<Vec<HelpLinkInput>>,
    source: String,
    note: Option<Texts>,
    quotes: Option<Vec<Quote>>,
    absent: Option<Vec<AbsenceInput>>,
}

/// A place (an address where counters are), as in an institution's catalog file.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct LocationInput {
    /// Its key: required when creating, cannot change.
    key: Option<String>,
    /// The slug of the institution whose file defines it (its editors may change it): required when creating; a
    /// change may repeat it, not move it.
    institution: Option<String>,
    name: NamesInput,
    address: Option<String>,
    postcode: Option<String>,
    /// The commune's slug.
    commune: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    source: String,
    /// The source of one fact (`address`, `postcode`, `coordinates`) when it is not `source`.
    fact_sources: Option<BTreeMap<String, String>>,
    note: Option<Texts>,
}

fn if_match(req: &HttpRequest) -> Option<String> {
    req.headers().get(header::IF_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// `GET …/entry`: the record in the files' shape, its version in `ETag`.
pub async fn read(state: &AppState, kind: RecordKind, key: String) -> Result<HttpResponse, ApiError> {
    let r = edit_records::read_record(state, kind, key).await?;
    Ok(HttpResponse::Ok().insert_header((header::ETAG, r.etag)).json(r.entry))
}

/// Every write of a record: who may (editor, admin), the body as sent, the answer (`201` with `Location` for a
/// new one, `204` once withdrawn).
pub async fn write(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: Option<web::Payload>,
    kind: RecordKind,
    key: Option<String>,
    change: Change,
) -> Result<HttpResponse, ApiError> {
    let principal = super::auth::require(&state, &req, &[Role::Editor, Role::Admin]).await?;
    let body = match payload {
        Some(payload) => {
            let mut b = body::json_fields(&req, payload).await?;
            let fields = edit_records::read_body(&mut b, kind);
            b.finish()?;
            fields
        }
        None => serde_json::Map::new(),
    };
    let created = change == Change::Create;
    let written = edit_records::write_record(&state, &principal, kind, key, if_match(&req), change, body).await?;
    let Some(RecordWritten { etag, entry }) = written else { return Ok(HttpResponse::NoContent().finish()) };
    if !created {
        return Ok(HttpResponse::Ok().insert_header((header::ETAG, etag)).json(entry));
    }
    let key = entry.get(edit_records::key_field(kind)).and_then(|k| k.as_str()).unwrap_or_default().to_string();
    let path = match kind {
        RecordKind::Institution => format!("/api/v1/institutions/{key}/entry"),
        RecordKind::Procedure => format!("/api/v1/procedures/{key}/entry"),
        RecordKind::Location => format!("/api/v1/locations/{key}"),
    };
    Ok(HttpResponse::Created().insert_header((header::ETAG, etag)).insert_header((header::LOCATION, path)).json(entry))
}
