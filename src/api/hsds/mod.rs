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

//!
//! | file | what |
//! |---|---|
//! | `shapes.rs` | the HSDS objects and pages, with their `guichet_` extensions |
//! | `map.rs` | catalog → HSDS objects, opening hours → weekly schedules |
//! | `handlers.rs` | the list filters and the handlers |
//!
//! Ids come from `catalog::ids`, built with the snapshot; weekly timetables from `domain::weekly`.

mod handlers;
mod map;
mod shapes;

pub use handlers::{
    __path_get_organization, __path_get_service, __path_get_service_at_location, __path_hsds_root,
    __path_list_organizations, __path_list_service_at_locations, __path_list_services, HsdsFilter, get_organization,
    get_service, get_service_at_location, hsds_root, list_organizations, list_service_at_locations, list_services,
};
pub use shapes::*;

use actix_web::web;

/// The HSDS version of this view (data model of HSDS 3.1; paging envelope of the HSDS API reference).
pub const HSDS_VERSION: &str = "3.1";

/// No HSDS profile is used: the base specification.
pub const HSDS_PROFILE: &str = "https://docs.openreferral.org/en/latest/hsds/";

/// Brussels-Capital Region: the `state_province` of an address in one of the catalog's communes.
pub(crate) const BRUSSELS_REGION: &str = "Région de Bruxelles-Capitale";

/// Every `/hsds/...` route.
pub fn routes(cfg: &mut web::ServiceConfig) {
    use handlers::*;
    cfg.service(hsds_root)
        .route("/hsds", web::get().to(hsds_root_no_slash))
        .service(list_services)
        .service(get_service)
        .service(list_organizations)
        .service(get_organization)
        .service(list_service_at_locations)
        .service(get_service_at_location);
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
