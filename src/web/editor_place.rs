//! The address form of a way's place on the editing page (`/{lang}/editor/channels/{id}`, posted to `…/place`):
//! the street and number and the postcode of the location the way is at, for the editors of the institution whose
//! file defines it. The write is the API's (`app::stated::edit_place` on `app::edit_records`): the version the form
//! was read at, the catalog files' checks, the editor's statement as the source of what changed. Every way at
//! that place shows the new address.

use super::editor::{ChannelForm, channel_shown, posted_by_editor, way_id, way_in_scope};
use super::i18n::{Lang, Tr};
use super::page::{PageLang, WebError, html, see_other};
use super::report::field_error;
use crate::app::stated::{self, Stated};
use crate::app::{AppError, AppState};
use crate::store::sessions::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::Value;

/// The place form as the page shows it.
pub struct PlaceShown {
    /// The location's key (never shown).
    pub key: String,
    /// "<place>: the address people are sent to…"
    pub intro: String,
    pub address: String,
    pub postcode: String,
    pub etag: String,
    pub errors: Vec<(String, String)>,
}

/// The way's place as stored, when it has one the session may change (else no form: the "not known yet" list
/// still says what is missing).
pub(super) async fn place_shown(
    state: &AppState,
    session: &Session,
    lang: Lang,
    id: i64,
) -> Result<Option<PlaceShown>, WebError> {
    let found = match stated::channel_place(state, &session.principal, id).await {
        Ok(found) => found,
        Err(AppError::NotFound { .. } | AppError::OutOfScope { .. } | AppError::Forbidden { .. }) => return Ok(None),
        Err(e) => return Err(WebError::app(lang)(e)),
    };
    let Some((key, place)) = found else { return Ok(None) };
    let text = |name: &str| place.entry.get(name).and_then(Value::as_str).unwrap_or_default().to_string();
    let tr = Tr::new(lang);
    let name = place.entry.get("name").and_then(|n| n.get(lang.code()).or_else(|| n.get("fr")));
    let name = name.and_then(Value::as_str).unwrap_or_default().to_string();
    Ok(Some(PlaceShown {
        key,
        intro: tr.t1("editor-place-intro", "place", name),
        address: text("address"),
        postcode: text("postcode"),
        etag: place.etag,
        errors: Vec::new(),
    }))
}

#[tracing::instrument(skip_all)]
pub async fn save_place(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let tr = Tr::new(lang);
    let (session, fields) = match posted_by_editor(&state, &req, lang, &body).await? {
        Ok(found) => found,
        Err(redirect) => return Ok(redirect),
    };
    let id = way_id(&req, lang)?;
    let index = way_in_scope(&state.catalog.load(), &session, lang, id)?;
    let Some(current) = place_shown(&state, &session, lang, id).await? else {
        return Err(WebError::Forbidden(lang, "editor-out-of-scope"));
    };
    let key = current.key.clone();
    let etag = fields.get("place_etag").unwrap_or_default();
    let (address, postcode) = (fields.get("address"), fields.get("postcode"));
    let typed = PlaceShown {
        address: address.clone().unwrap_or_default(),
        postcode: postcode.clone().unwrap_or_default(),
        etag: etag.clone(),
        ..current
    };
    let page = |place: PlaceShown, notice: Option<(&'static str, String)>| ChannelForm { place: Some(place), notice };
    match stated::edit_place(&state, &session.principal, key, etag, address, postcode).await {
        Ok(Stated::Changed(_)) => Ok(see_other(&format!("/{}/editor/channels/{id}?done=place", lang.code()))),
        Ok(Stated::Unchanged) => Ok(see_other(&format!("/{}/editor/channels/{id}?done=unchanged", lang.code()))),
        Err(AppError::Unprocessable(errors)) => {
            let place = PlaceShown { errors: errors.iter().map(|e| field_error(tr, e)).collect(), ..typed };
            let body = channel_shown(&req, &state, lang, &session, index, page(place, None)).await?;
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, body))
        }
        Err(AppError::PreconditionFailed { .. } | AppError::PreconditionRequired { .. }) => {
            // Changed by someone else since the form was read: the address as it now stands.
            let Some(now) = place_shown(&state, &session, lang, id).await? else {
                return Err(WebError::NotFound(lang));
            };
            let body =
                channel_shown(&req, &state, lang, &session, index, page(now, Some(("bad", tr.t("editor-stale")))))
                    .await?;
            Ok(html(StatusCode::CONFLICT, body))
        }
        Err(AppError::OutOfScope { .. } | AppError::Forbidden { .. }) => {
            Err(WebError::Forbidden(lang, "editor-out-of-scope"))
        }
        Err(AppError::NotFound { .. }) => Err(WebError::NotFound(lang)),
        Err(e) => Err(WebError::app(lang)(e)),
    }
}
