//! The HSDS routes: `/hsds/`, the three lists with their filters and paging envelope, and the three details.

use super::map::*;
use super::shapes::*;
use super::{HSDS_PROFILE, HSDS_VERSION};
use crate::api::params::{Pagination, QueryParams};
use crate::api::problem::{ApiError, FieldError, Problem};
use crate::app::AppState;
use crate::catalog::search::Query;
use crate::catalog::{self, Snapshot};
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, NaiveDateTime, Utc};
use std::collections::HashSet;
use utoipa::IntoParams;
use uuid::Uuid;

fn parse_uuid(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw.trim()).map_err(|_| ApiError::invalid("id", format!("`{raw}` is not a UUID")))
}

/// Filters of the HSDS lists; every filter narrows (HSDS: parameters are cumulative).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct HsdsFilter {
    /// Words, in French, Dutch or English (case and accents ignored); every word must match. Services and
    /// service-at-locations: the procedure's names, keywords, summary, categories and institution, best match
    /// first; organizations: the institution's names.
    #[param(max_length = 200)]
    search: Option<String>,
    /// Only records modified on or after this RFC 3339 date-time (e.g. `2025-01-01T00:00:00Z`).
    #[param(format = DateTime, max_length = 200)]
    modified_after: Option<String>,
    /// Only records of this organization (its HSDS UUID); an id that is no organization matches nothing.
    #[param(pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    organization_id: Option<String>,
    /// A postcode of a Brussels commune: only records of bodies serving that commune (its local bodies and the
    /// regional, community and federal ones). Four digits; a postcode of none of the catalog's communes is a 404.
    #[param(pattern = "^[0-9]{4}$")]
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
    fn parse(mut params: QueryParams, s: &Snapshot) -> Result<Filter, ApiError> {
        let search = params.text("search").map(|q| Query::new(&q)).filter(|q| !q.is_empty());
        let modified_after = params.datetime("modified_after");
        let organization = params.typed("organization_id").and_then(|raw| match Uuid::parse_str(&raw) {
            Ok(u) => Some(s.ids.organizations.get(&u).copied()),
            Err(_) => {
                params.errors.push(FieldError::new("organization_id", format!("`{raw}` is not a UUID")));
                None
            }
        });
        let communes = params.typed("postcode").and_then(|pc| {
            if pc.len() != 4 || !pc.bytes().all(|b| b.is_ascii_digit()) {
                params.errors.push(FieldError::new("postcode", format!("`{pc}` is not a Belgian postcode")));
                return None;
            }
            match s.communes_by_postcode.get(&pc) {
                Some(found) => Some(found.clone()),
                None => {
                    params.unknown("postcode", format!("`{pc}` is not a postcode of the catalog's communes"));
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

pub(super) async fn hsds_root_no_slash(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().json(root(&req))
}

/// HSDS services (procedures), one-to-one fields only.
#[utoipa::path(
    tag = "hsds",
    params(HsdsFilter, Pagination),
    responses(
        (status = 200, body = HsdsServicePage),
        (status = 400, description = "A parameter is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`postcode` is a postcode of none of the catalog's communes", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/services")]
#[tracing::instrument(skip_all)]
pub async fn list_services(state: web::Data<AppState>, params: QueryParams) -> Result<HttpResponse, ApiError> {
    let s = state.catalog.load();
    let filter = Filter::parse(params, &s)?;
    let found: Vec<usize> = filter
        .procedures(&s)
        .into_iter()
        .map(|(_, p)| p)
        .filter(|&p| filter.modified(|| procedure_modified(&s, &s.procedures[p])))
        .collect();
    let (items, total) = filter.page.slice(found);
    let today = state.ctx().today;
    let contents = items.into_iter().map(|p| service_flat(&s, &s.procedures[p], true, today)).collect();
    Ok(HttpResponse::Ok().json(HsdsServicePage::new(contents, total, filter.page)))
}

/// One HSDS service, fully nested: its organization, service-at-locations, phones, schedules, languages and
/// required documents, and every channel's declared and observed status (`guichet_channels`).
#[utoipa::path(
    tag = "hsds",
    params(("id" = String, Path, description = "Service UUID", pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
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
    let p = s.ids.services.get(&uuid).ok_or_else(|| ApiError::NotFound { what: "service", key: uuid.to_string() })?;
    Ok(HttpResponse::Ok().json(service_full(&s, &s.procedures[*p], &state.ctx())))
}

/// HSDS organizations (institutions), one-to-one fields only.
#[utoipa::path(
    tag = "hsds",
    params(HsdsFilter, Pagination),
    responses(
        (status = 200, body = HsdsOrganizationPage),
        (status = 400, description = "A parameter is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`postcode` is a postcode of none of the catalog's communes", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/organizations")]
#[tracing::instrument(skip_all)]
pub async fn list_organizations(state: web::Data<AppState>, params: QueryParams) -> Result<HttpResponse, ApiError> {
    let s = state.catalog.load();
    let filter = Filter::parse(params, &s)?;
    let mut found: Vec<usize> = (0..s.institutions.len())
        .filter(|&i| filter.institution(&s, i))
        .filter(|&i| filter.search.as_ref().is_none_or(|q| q.matches_text(&s.institutions[i].search_text)))
        .filter(|&i| filter.modified(|| institution_modified(&s.institutions[i])))
        .collect();
    found.sort_by(|a, b| s.institutions[*a].slug.cmp(&s.institutions[*b].slug));
    let (items, total) = filter.page.slice(found);
    let today = state.ctx().today;
    let contents = items.into_iter().map(|i| organization(&s, &s.institutions[i], today)).collect();
    Ok(HttpResponse::Ok().json(HsdsOrganizationPage::new(contents, total, filter.page)))
}

/// One HSDS organization with its services (one-to-one fields) and the places of its services.
#[utoipa::path(
    tag = "hsds",
    params(("id" = String, Path, description = "Organization UUID", pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
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
    let i = s
        .ids
        .organizations
        .get(&uuid)
        .map(|&i| &s.institutions[i])
        .ok_or_else(|| ApiError::NotFound { what: "organization", key: uuid.to_string() })?;
    let today = state.ctx().today;
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
            .map(|l| location(&s, l, true, today))
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
        (status = 404, description = "`postcode` is a postcode of none of the catalog's communes", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/hsds/service_at_locations")]
#[tracing::instrument(skip_all)]
pub async fn list_service_at_locations(
    state: web::Data<AppState>,
    params: QueryParams,
) -> Result<HttpResponse, ApiError> {
    let s = state.catalog.load();
    let filter = Filter::parse(params, &s)?;
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
        .filter_map(|c| located(&s, c).map(|l| service_at_location(&s, c, l, false, true, &ctx)))
        .collect();
    Ok(HttpResponse::Ok().json(HsdsServiceAtLocationPage::new(contents, total, filter.page)))
}

/// One HSDS service-at-location, fully nested: its location with the address, phone, schedules and service.
#[utoipa::path(
    tag = "hsds",
    params(("id" = String, Path, description = "Service-at-location UUID", pattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
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
    let not_found = || ApiError::NotFound { what: "service_at_location", key: uuid.to_string() };
    let c = s.ids.channels.get(&uuid).map(|&c| &s.channels[c]).ok_or_else(not_found)?;
    let l = located(&s, c).ok_or_else(not_found)?;
    Ok(HttpResponse::Ok().json(service_at_location(&s, c, l, true, true, &state.ctx())))
}
