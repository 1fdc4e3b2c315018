//! Bearer tokens of reporting organisations.

use super::problem::ApiError;
use crate::app::AppState;
use crate::domain::Role;
use crate::store::tokens::Principal;
use actix_web::HttpRequest;

/// The principal behind `Authorization: Bearer …`, which must have one of `roles`.
pub async fn require(state: &AppState, req: &HttpRequest, roles: &'static [Role]) -> Result<Principal, ApiError> {
    let token = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 200)
        .ok_or(ApiError::Unauthorized)?
        .to_string();
    let principal = state.tokens.authenticate(&state.pool, token).await?.ok_or(ApiError::Unauthorized)?;
    if roles.contains(&principal.role) { Ok(principal) } else { Err(ApiError::Forbidden { needed: roles[0].as_str() }) }
}
