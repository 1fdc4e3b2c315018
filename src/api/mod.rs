//! The JSON API: one file per area, one route table (`routes`), one OpenAPI document (`ApiDoc`).

pub mod audit;
pub mod auth;
pub mod body;
pub mod campaigns;
pub mod channels;
pub mod complaints;
pub mod editing;
pub mod editions;
pub mod editors;
pub mod entries;
pub mod exports;
pub mod feeds;
pub mod gaps;
pub mod health;
pub mod hsds;
pub mod institution_edits;
pub mod institutions;
pub mod location_edits;
pub mod observations;
pub mod orientation;
pub mod params;
pub mod probes;
pub mod problem;
pub mod procedure_edits;
pub mod procedures;
pub mod quality;
pub mod reporters;
pub mod stats;
pub mod suggestions;
pub mod verification;
pub mod views;
pub mod webhooks;

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
        probes::list_probes,
        quality::get_quality,
        orientation::get_orientation,
        gaps::list_rules,
        gaps::list_gaps,
        gaps::gaps_summary,
        editions::list_editions,
        editions::get_edition,
        editions::diff_editions,
        feeds::changes_atom,
        hsds::hsds_root,
        hsds::list_services,
        hsds::get_service,
        hsds::list_organizations,
        hsds::get_organization,
        hsds::list_service_at_locations,
        hsds::get_service_at_location,
        exports::procedures_csv,
        exports::channels_csv,
        exports::gaps_csv,
        exports::monitoring_csv,
        exports::channels_geojson,
        exports::gaps_geojson,
        observations::post_observation,
        observations::get_reachability,
        stats::get_monitoring,
        complaints::post_complaint,
        complaints::get_complaint,
        complaints::patch_complaint,
        reporters::post_reporter,
        reporters::list_reporters,
        reporters::delete_reporter,
        reporters::post_reporter_link,
        editors::post_editor,
        editors::list_editors,
        editors::delete_editor,
        editors::post_editor_link,
        webhooks::post_webhook,
        webhooks::list_webhooks,
        webhooks::delete_webhook,
        webhooks::list_deliveries,
        webhooks::resend_delivery,
        editing::patch_channel,
        editing::put_channel,
        editing::delete_channel,
        editing::post_channel_status,
        institution_edits::get_institution_entry,
        institution_edits::post_institution,
        institution_edits::patch_institution,
        institution_edits::put_institution,
        institution_edits::delete_institution,
        procedure_edits::get_procedure_entry,
        procedure_edits::post_procedure,
        procedure_edits::patch_procedure,
        procedure_edits::put_procedure,
        procedure_edits::delete_procedure,
        procedure_edits::post_procedure_channel,
        location_edits::get_location_entry,
        location_edits::post_location,
        location_edits::patch_location,
        location_edits::put_location,
        location_edits::delete_location,
        suggestions::post_suggestion,
        suggestions::get_suggestion,
        suggestions::list_suggestions,
        suggestions::accept_suggestion,
        suggestions::reject_suggestion,
        audit::list_audit,
        campaigns::post_campaign,
        campaigns::list_campaigns,
        campaigns::get_campaign,
        campaigns::verify_channel,
        health::healthz,
        health::readyz,
        health::metrics,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "catalog", description = "Institutions, procedures and their channels"),
        (name = "orientation", description = "Where to send someone, given their situation"),
        (name = "gaps", description = "Compliance rules and the procedures that fail them"),
        (name = "exports", description = "CSV and GeoJSON for spreadsheets and GIS"),
        (name = "observations", description = "Field observations, observed reachability and the monitoring figures"),
        (name = "complaints", description = "The right to complain"),
        (name = "reporters", description = "An organisation's named reporters, managed with its admin token"),
        (name = "editors", description = "An organisation's named editors and their institutions, managed with its admin token"),
        (name = "webhooks", description = "Signed events for subscribers (Standard Webhooks scheme), managed with an admin token"),
        (name = "editing", description = "Editing the catalog (editor tokens within their institutions, admin tokens), the audit log and suggestions from the field"),
        (name = "verification", description = "Verification campaigns: records confirmed by their institutions' editors, progress per institution"),
        (name = "hsds", description = "Read-only Open Referral HSDS 3.1 view; extensions prefixed guichet_"),
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

/// The methods a documented path answers (from the OpenAPI document, so the two cannot disagree); `None` for a
/// path the API does not know. `HEAD` goes with `GET`.
pub fn allowed_methods(path: &str) -> Option<&'static [&'static str]> {
    use actix_web::dev::ResourceDef;
    static TABLE: std::sync::OnceLock<Vec<(ResourceDef, Vec<&'static str>)>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        ApiDoc::openapi()
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let mut methods = Vec::new();
                if item.get.is_some() {
                    methods.extend(["GET", "HEAD"]);
                }
                for (op, name) in
                    [(&item.post, "POST"), (&item.put, "PUT"), (&item.patch, "PATCH"), (&item.delete, "DELETE")]
                {
                    if op.is_some() {
                        methods.push(name);
                    }
                }
                (ResourceDef::new(template.as_str()), methods)
            })
            .collect()
    });
    table.iter().find(|(def, _)| def.is_match(path)).map(|(_, methods)| methods.as_slice())
}

/// What no route answered: 405 with `Allow` on a documented path asked with another method, else the 404 problem.
pub async fn unrouted(req: actix_web::HttpRequest) -> actix_web::HttpResponse {
    use actix_web::ResponseError;
    match allowed_methods(req.path()) {
        Some(methods) if !methods.contains(&req.method().as_str()) => problem::method_not_allowed(methods),
        _ => problem::no_route().error_response(),
    }
}

/// Every route of the service.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(institutions::list_institutions)
        .service(institutions::get_institution)
        .service(procedures::list_procedures)
        .service(procedures::get_procedure)
        .service(channels::get_channel)
        .service(channels::get_channel_history)
        .service(probes::list_probes)
        .service(quality::get_quality)
        .service(orientation::get_orientation)
        .service(gaps::list_rules)
        .service(gaps::gaps_summary)
        .service(gaps::list_gaps)
        .service(editions::list_editions)
        .service(editions::diff_editions)
        .service(editions::get_edition)
        .service(feeds::changes_atom)
        .service(exports::procedures_csv)
        .service(exports::channels_csv)
        .service(exports::gaps_csv)
        .service(exports::monitoring_csv)
        .service(exports::channels_geojson)
        .service(exports::gaps_geojson)
        .service(observations::post_observation)
        .service(observations::get_reachability)
        .service(stats::get_monitoring)
        .service(complaints::post_complaint)
        .service(complaints::get_complaint)
        .service(complaints::patch_complaint)
        .service(reporters::post_reporter)
        .service(reporters::list_reporters)
        .service(reporters::delete_reporter)
        .service(reporters::post_reporter_link)
        .service(editors::post_editor)
        .service(editors::list_editors)
        .service(editors::delete_editor)
        .service(editors::post_editor_link)
        .service(webhooks::post_webhook)
        .service(webhooks::list_webhooks)
        .service(webhooks::delete_webhook)
        .service(webhooks::list_deliveries)
        .service(webhooks::resend_delivery)
        .service(editing::patch_channel)
        .service(editing::put_channel)
        .service(editing::delete_channel)
        .service(editing::post_channel_status)
        .service(institution_edits::get_institution_entry)
        .service(institution_edits::post_institution)
        .service(institution_edits::patch_institution)
        .service(institution_edits::put_institution)
        .service(institution_edits::delete_institution)
        .service(procedure_edits::get_procedure_entry)
        .service(procedure_edits::post_procedure)
        .service(procedure_edits::patch_procedure)
        .service(procedure_edits::put_procedure)
        .service(procedure_edits::delete_procedure)
        .service(procedure_edits::post_procedure_channel)
        .service(location_edits::get_location_entry)
        .service(location_edits::post_location)
        .service(location_edits::patch_location)
        .service(location_edits::put_location)
        .service(location_edits::delete_location)
        .service(suggestions::post_suggestion)
        .service(suggestions::list_suggestions)
        .service(suggestions::get_suggestion)
        .service(suggestions::accept_suggestion)
        .service(suggestions::reject_suggestion)
        .service(campaigns::post_campaign)
        .service(campaigns::list_campaigns)
        .service(campaigns::get_campaign)
        .service(campaigns::verify_channel)
        .service(audit::list_audit)
        .service(health::healthz)
        .service(health::readyz)
        .service(health::metrics)
        .configure(hsds::routes);
}

/// Declares the bearer tokens of reporting organisations.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}
