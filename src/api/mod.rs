//! The JSON API: one file per area, one route table (`routes`), one OpenAPI document (`ApiDoc`).

pub mod channels;
pub mod health;
pub mod institutions;
pub mod params;
pub mod problem;
pub mod procedures;
pub mod quality;
pub mod views;

use actix_web::web;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "guichet",
        description = "Brussels public procedures and the non-digital ways to carry them out — counter, phone, \
appointment, post, assisted help — with the status of each channel as declared and as observed.\n\n\
Errors are `application/problem+json` (RFC 9457). Lists are paginated with `page` and `per_page`.",
        license(name = "AGPL-3.0-or-later"),
    ),
    paths(
        institutions::list_institutions,
        institutions::get_institution,
        procedures::list_procedures,
        procedures::get_procedure,
        channels::get_channel,
        channels::get_channel_history,
        quality::get_quality,
        health::healthz,
        health::readyz,
    ),
    tags(
        (name = "catalog", description = "Institutions, procedures and their channels"),
        (name = "operations", description = "Health and readiness"),
    )
)]
pub struct ApiDoc;

/// The OpenAPI document as committed in `openapi/openapi.json`.
pub fn openapi_json() -> String {
    let mut json = ApiDoc::openapi().to_pretty_json().expect("OpenAPI serialises");
    json.push('\n');
    json
}

/// Every route of the service.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(institutions::list_institutions)
        .service(institutions::get_institution)
        .service(procedures::list_procedures)
        .service(procedures::get_procedure)
        .service(channels::get_channel)
        .service(channels::get_channel_history)
        .service(quality::get_quality)
        .service(health::healthz)
        .service(health::readyz);
}
