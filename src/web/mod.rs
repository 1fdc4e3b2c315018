//! The web pages: server-rendered HTML (askama templates in `templates/`, strings in `locales/`), one small
//! stylesheet, no script. Every page is under `/{lang}/…` so that a printed or shared link opens in the same
//! language; `/` sends the visitor to the language their browser asks for. One file per area, one route table.

pub mod assets;
pub mod campaign;
pub mod card;
pub mod charts;
pub mod complaint;
pub mod editor;
pub mod editor_place;
pub mod editor_queue;
pub mod fact_form;
pub mod forms;
pub mod gaps;
pub mod gaps_list;
pub mod home;
pub mod i18n;
pub mod institution;
pub mod label;
pub mod orientation;
pub mod page;
pub mod places;
pub mod procedure;
pub mod qr;
pub mod report;
pub mod sheet;
pub mod suggest;
pub mod text;
pub mod way;
pub mod when;
pub mod words;

use actix_web::web;

/// Every page of the site. The language is part of each pattern, so any other address falls through to the
/// API's 404 problem.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home::root))
        .route("/static/{name}", web::get().to(assets::serve))
        .route("/{lang:(?:fr|nl|en)}/", web::get().to(home::home))
        .route("/{lang:(?:fr|nl|en)}/search", web::get().to(home::search))
        .route("/{lang:(?:fr|nl|en)}/procedures/{slug}", web::get().to(procedure::procedure_page))
        .route("/{lang:(?:fr|nl|en|ar|tr|es|ro)}/procedures/{slug}/sheet/{channel}", web::get().to(sheet::sheet_page))
        .route("/{lang:(?:fr|nl|en)}/institutions/{slug}", web::get().to(institution::institution_page))
        .route("/{lang:(?:fr|nl|en)}/orientation", web::get().to(orientation::orientation_page))
        .route("/{lang:(?:fr|nl|en)}/gaps", web::get().to(gaps::gaps_page))
        .route("/{lang:(?:fr|nl|en)}/signin", web::get().to(report::signin_form))
        .route("/{lang:(?:fr|nl|en)}/signin", web::post().to(report::signin))
        .route("/{lang:(?:fr|nl|en)}/signin/link/{token}", web::get().to(report::signin_link))
        .route("/{lang:(?:fr|nl|en)}/signout", web::post().to(report::signout))
        .route("/{lang:(?:fr|nl|en)}/report", web::get().to(report::report_form))
        .route("/{lang:(?:fr|nl|en)}/report", web::post().to(report::report))
        .route("/{lang:(?:fr|nl|en)}/complaints/new", web::get().to(complaint::complaint_form))
        .route("/{lang:(?:fr|nl|en)}/complaints", web::post().to(complaint::complaint))
        .route("/{lang:(?:fr|nl|en)}/complaints/track", web::get().to(complaint::track))
        .route("/{lang:(?:fr|nl|en)}/complaints/{code}", web::get().to(complaint::tracking_page))
        .route("/{lang:(?:fr|nl|en)}/channels/{id}/suggest", web::get().to(suggest::suggest_form))
        .route("/{lang:(?:fr|nl|en)}/channels/{id}/suggest", web::post().to(suggest::suggest))
        .route("/{lang:(?:fr|nl|en)}/suggestions/track", web::get().to(suggest::track))
        .route("/{lang:(?:fr|nl|en)}/suggestions/{code}", web::get().to(suggest::tracking_page))
        .route("/{lang:(?:fr|nl|en)}/editor", web::get().to(editor::dashboard))
        .route("/{lang:(?:fr|nl|en)}/editor/channels/{id}", web::get().to(editor::channel_form))
        .route("/{lang:(?:fr|nl|en)}/editor/channels/{id}", web::post().to(editor::save_channel))
        .route("/{lang:(?:fr|nl|en)}/editor/channels/{id}/status", web::post().to(editor::declare_status))
        .route("/{lang:(?:fr|nl|en)}/editor/channels/{id}/place", web::post().to(editor_place::save_place))
        .route("/{lang:(?:fr|nl|en)}/editor/channels/{id}/verify", web::post().to(campaign::still_true))
        .route("/{lang:(?:fr|nl|en)}/editor/campaigns/{id}", web::get().to(campaign::campaign_page))
        .route("/{lang:(?:fr|nl|en)}/editor/suggestions", web::get().to(editor_queue::queue))
        .route("/{lang:(?:fr|nl|en)}/editor/suggestions/{code}", web::get().to(editor_queue::review))
        .route("/{lang:(?:fr|nl|en)}/editor/suggestions/{code}/accept", web::post().to(editor_queue::accept))
        .route("/{lang:(?:fr|nl|en)}/editor/suggestions/{code}/reject", web::post().to(editor_queue::reject));
}
