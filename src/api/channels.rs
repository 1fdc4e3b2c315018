//! `GET /api/v1/channels/{id}` and `/history`

use super::problem::{ApiError, Problem};
use super::views::{ChannelHistory, ChannelView, channel_history, channel_view};
use crate::app::AppState;
use actix_web::{HttpResponse, get, web};

pub fn channel_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::invalid("id", format!("`{raw}` is not a channel id (a positive whole number)")))
}

/// One channel, with its declared and observed status.
#[utoipa::path(
    tag = "catalog",
    params(("id" = i64, Path, description = "Channel id", minimum = 1)),
    responses(
        (status = 200, description = "The channel; its version in `ETag`, for the `If-Match` of a write", body = ChannelView,
            headers(("ETag" = String, description = "The channel's current version"))),
        (status = 400, description = "The id is not a positive whole number", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/channels/{id}")]
#[tracing::instrument(skip(state))]
pub async fn get_channel(state: web::Data<AppState>, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = channel_id(&id)?;
    let s = state.catalog.load();
    let c = s.channel(id).ok_or_else(|| ApiError::NotFound { what: "channel", key: id.to_string() })?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::ETAG, crate::app::edit::etag(c.id, c.updated_at)))
        .json(channel_view(&s, c, &state.ctx())))
}

/// The dated history of a channel's declared (and, when observed, observed) status.
#[utoipa::path(
    tag = "catalog",
    params(("id" = i64, Path, description = "Channel id", minimum = 1)),
    responses(
        (status = 200, body = ChannelHistory),
        (status = 400, description = "The id is not a positive whole number", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/channels/{id}/history")]
#[tracing::instrument(skip(state))]
pub async fn get_channel_history(state: web::Data<AppState>, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = channel_id(&id)?;
    let s = state.catalog.load();
    let c = s.channel(id).ok_or_else(|| ApiError::NotFound { what: "channel", key: id.to_string() })?;
    Ok(HttpResponse::Ok().json(channel_history(&s, c, &state.ctx())))
}
