//! The right to complain: `POST /api/v1/complaints`, `GET` and `PATCH /api/v1/complaints/{tracking_code}`.

use super::auth;
use super::body::{Body, MAX_BODY};
use super::problem::{ApiError, FieldError, Problem};
use crate::domain::reachability::Evidence;
use crate::domain::{ComplaintProblem, ComplaintState, Role};
use crate::startup::AppState;
use crate::store::{self, complaints::*};
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use serde::Serialize;
use utoipa::ToSchema;

/// A complaint: no account needed. The e-mail, if given, is only used to keep the person informed: it is stored
/// apart and never shown or exported.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ComplaintInput {
    /// The channel that does not work; or give only `procedure`.
    channel_id: Option<i64>,
    /// Procedure slug (required when `channel_id` is absent).
    procedure: Option<String>,
    problem: ComplaintProblem,
    /// What happened, at most 2,000 characters.
    description: String,
    /// To be kept informed (optional).
    email: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ComplaintEventView {
    pub state: ComplaintState,
    pub note: Option<String>,
    pub at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct ComplaintView {
    /// Keep it: it is the only way to follow the complaint.
    pub tracking_code: String,
    pub procedure: String,
    pub channel_id: Option<i64>,
    pub problem: ComplaintProblem,
    pub description: String,
    pub state: ComplaintState,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Oldest first.
    pub history: Vec<ComplaintEventView>,
}

fn view(state: &AppState, row: ComplaintRow, events: Vec<ComplaintEvent>) -> ComplaintView {
    let s = state.catalog.load();
    let procedure = s
        .procedures
        .iter()
        .find(|p| p.id == row.procedure_id)
        .map(|p| p.slug.clone())
        .unwrap_or_else(|| "(withdrawn)".into());
    ComplaintView {
        tracking_code: row.tracking_code,
        procedure,
        channel_id: row.channel_id,
        problem: row.problem.parse().unwrap_or(ComplaintProblem::Other),
        description: row.description,
        state: row.state.parse().unwrap_or(ComplaintState::Received),
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
        history: events
            .into_iter()
            .map(|e| ComplaintEventView {
                state: e.state.parse().unwrap_or(ComplaintState::Received),
                note: e.note,
                at: e.at.and_utc(),
            })
            .collect(),
    }
}

/// The client address the per-client limit applies to.
pub(crate) fn client_ip(state: &AppState, req: &HttpRequest) -> std::net::IpAddr {
    let peer = req.peer_addr().map(|a| a.ip()).unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]));
    if !state.trust_forwarded {
        return peer;
    }
    let info = req.connection_info();
    info.realip_remote_addr()
        .and_then(|a| {
            a.parse::<std::net::IpAddr>().ok().or_else(|| a.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()))
        })
        .unwrap_or(peer)
}

fn valid_email(e: &str) -> bool {
    e.len() <= 254
        && !e.contains(char::is_whitespace)
        && e.split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.'))
}

/// Report that a channel does not work (the ordinance's right to complain). Limited per client address:
/// 429 with `Retry-After` beyond five at once, then one every ten minutes.
#[utoipa::path(
    tag = "complaints",
    request_body = ComplaintInput,
    responses(
        (status = 201, body = ComplaintView),
        (status = 400, description = "Malformed JSON or an unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many complaints from this address; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/complaints")]
#[tracing::instrument(skip_all)]
pub async fn post_complaint(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    if body.len() > MAX_BODY {
        return Err(ApiError::InvalidBody(vec![FieldError::new("body", format!("larger than {MAX_BODY} bytes"))]));
    }
    let mut b = Body::parse(&body)?;
    let s = state.catalog.load();
    let parsed = parse_complaint(&s, &mut b);
    b.finish()?;
    let row = file_complaint(&state, &req, parsed.expect("validated")).await?;
    let events = vec![ComplaintEvent { state: "received".into(), note: None, at: row.created_at }];
    let code = row.tracking_code.clone();
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/complaints/{code}")))
        .json(view(&state, row, events)))
}

/// Reads a complaint's fields (shared by the API and the web form); errors are left in `b`.
pub(crate) fn parse_complaint(s: &crate::catalog::Snapshot, b: &mut Body) -> Option<NewComplaint> {
    let channel_id = b.integer("channel_id", 1, i64::MAX);
    let procedure = b.string("procedure", 100);
    let problem: Option<ComplaintProblem> = b.parse_str("problem");
    let description = b.string("description", 2000);
    let email = b.string("email", 254);
    let procedure_id = match (channel_id, &procedure) {
        (Some(id), _) => match s.channel(id) {
            Some(c) => {
                let p = &s.procedures[c.procedure];
                if procedure.as_ref().is_some_and(|slug| slug != &p.slug) {
                    b.errors.push(FieldError::new("procedure", "is not the procedure of this channel"));
                }
                Some(p.id)
            }
            None => {
                b.errors.push(FieldError::new("channel_id", format!("no channel {id}")));
                None
            }
        },
        (None, Some(slug)) => match s.procedure(slug) {
            Some(p) => Some(p.id),
            None => {
                b.errors.push(FieldError::new("procedure", format!("no procedure `{slug}`")));
                None
            }
        },
        (None, None) => {
            b.errors.push(FieldError::new("channel_id", "is required (or `procedure`)"));
            None
        }
    };
    if problem.is_none() && !b.errors.iter().any(|e| e.field == "problem") {
        b.missing("problem");
    }
    if description.is_none() && !b.errors.iter().any(|e| e.field == "description") {
        b.missing("description");
    }
    if let Some(e) = &email
        && !valid_email(e)
    {
        b.errors.push(FieldError::new("email", "is not an e-mail address"));
    }
    if !b.errors.is_empty() {
        return None;
    }
    Some(NewComplaint {
        procedure_id: procedure_id?,
        channel_id,
        problem: problem?.as_str().into(),
        description: description?,
        email,
    })
}

/// Files a valid complaint under the per-address limit and counts it against its channel once committed.
pub(crate) async fn file_complaint(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    new: NewComplaint,
) -> Result<ComplaintRow, ApiError> {
    state
        .complaint_limiter
        .check(client_ip(state, req))
        .map_err(|retry_after_secs| ApiError::TooManyRequests { retry_after_secs })?;
    let s = state.catalog.load();
    let now = chrono::Utc::now();
    let channel_id = new.channel_id;
    let transition = channel_id.and_then(|id| {
        let declared = s.channel(id)?.declared;
        let observed = state.observed();
        let before = observed.observed(id, declared, now).reachability.state;
        let after = observed.preview(id, Evidence::complaint(now), declared, now);
        observed.transition_with(id, before, &after, now)
    });
    let writer = state.clone();
    let row = store::blocking(&state.pool, move |conn| {
        create_complaint(conn, &new, transition.as_ref(), |id| {
            writer.mark_own(crate::store::sync::Change::Complaint(id))
        })
    })
    .await?;
    if let Some(channel) = row.channel_id {
        let at = row.created_at.and_utc();
        state.observed().add(channel, Evidence::complaint(at), at);
    }
    Ok(row)
}

pub(crate) fn tracking_code(raw: &str) -> Result<String, ApiError> {
    let code = raw.trim().to_ascii_uppercase();
    let ok = code.len() == 14
        && code.char_indices().all(|(i, c)| if i % 5 == 4 { c == '-' } else { c.is_ascii_alphanumeric() });
    if ok { Ok(code) } else { Err(ApiError::invalid("tracking_code", "expected XXXX-XXXX-XXXX")) }
}

/// Where a complaint stands, with its history.
#[utoipa::path(
    tag = "complaints",
    params(("tracking_code" = String, Path, description = "XXXX-XXXX-XXXX, as given at submission")),
    responses(
        (status = 200, body = ComplaintView),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/complaints/{tracking_code}")]
#[tracing::instrument(skip(state))]
pub async fn get_complaint(state: web::Data<AppState>, code: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let code = tracking_code(&code)?;
    let key = code.clone();
    let found = store::blocking(&state.pool, move |conn| find_complaint(conn, &key)).await?;
    let (row, events) = found.ok_or(ApiError::NotFound { what: "complaint", key: code })?;
    Ok(HttpResponse::Ok().json(view(&state, row, events)))
}

/// Move a complaint on (`forwarded`, `answered`, `closed`), with a note; editors and admins only.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ComplaintUpdate {
    state: ComplaintState,
    /// At most 2,000 characters: shown to whoever has the tracking code.
    note: Option<String>,
}

#[utoipa::path(
    tag = "complaints",
    request_body = ComplaintUpdate,
    params(("tracking_code" = String, Path)),
    responses(
        (status = 200, body = ComplaintView),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/api/v1/complaints/{tracking_code}")]
#[tracing::instrument(skip(state, req, body))]
pub async fn patch_complaint(
    state: web::Data<AppState>,
    req: HttpRequest,
    code: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    auth::require(&state, &req, &[Role::Editor, Role::Admin]).await?;
    let code = tracking_code(&code)?;
    let mut b = Body::parse(&body)?;
    let new_state: Option<ComplaintState> = b.parse_str("state");
    let note = b.string("note", 2000);
    if new_state.is_none() && !b.errors.iter().any(|e| e.field == "state") {
        b.missing("state");
    }
    b.finish()?;
    let new_state = new_state.expect("validated");
    let key = code.clone();
    let found = store::blocking(&state.pool, move |conn| {
        if !set_complaint_state(conn, &key, new_state.as_str(), note.as_deref())? {
            return Ok(None);
        }
        find_complaint(conn, &key)
    })
    .await?;
    let (row, events) = found.ok_or(ApiError::NotFound { what: "complaint", key: code })?;
    Ok(HttpResponse::Ok().json(view(&state, row, events)))
}
