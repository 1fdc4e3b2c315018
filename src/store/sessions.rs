//! Web sessions of reporters: a random cookie whose SHA-256 is stored with the token it came from and the
//! session's anti-forgery token. A revoked token ends its sessions at once (the lookup joins on live tokens).

use super::schema::{form_keys, organisations, tokens, web_sessions};
use super::tokens::{Principal, principal_of, random_bytes, sha256_hex};
use super::{DbConnection, StoreError, now};
use diesel::prelude::*;

/// How long a session lasts: one working day.
pub const SESSION_HOURS: i64 = 12;

/// A signed-in reporter and the session's anti-forgery token.
#[derive(Debug, Clone)]
pub struct Session {
    pub principal: Principal,
    pub csrf: String,
}

pub fn random_token() -> String {
    random_bytes::<32>().iter().map(|b| format!("{b:02x}")).collect()
}

/// Opens a session for a token; returns the cookie value (shown once, only its hash is kept) and the session.
/// Expired sessions are purged on the way, so the table stays small.
pub fn open_session(conn: &mut DbConnection, token: &str) -> Result<Option<(String, Session)>, StoreError> {
    let Some(principal) = super::tokens::authenticate(conn, token)? else { return Ok(None) };
    let cookie = random_token();
    let csrf = random_token();
    let created = now();
    super::write_transaction(conn, |conn| {
        diesel::delete(web_sessions::table.filter(web_sessions::expires_at.lt(created))).execute(conn)?;
        diesel::insert_into(web_sessions::table)
            .values((
                web_sessions::id_hash.eq(sha256_hex(cookie.as_bytes())),
                web_sessions::token_id.eq(principal.token_id),
                web_sessions::csrf.eq(&csrf),
                web_sessions::created_at.eq(created),
                web_sessions::expires_at.eq(created + chrono::Duration::hours(SESSION_HOURS)),
            ))
            .execute(conn)
    })?;
    Ok(Some((cookie, Session { principal, csrf })))
}

/// The live session behind a cookie, if any.
pub fn find_session(conn: &mut DbConnection, cookie: &str) -> Result<Option<Session>, StoreError> {
    let row: Option<(String, i64, i64, String, Option<i64>, crate::domain::Role)> = web_sessions::table
        .inner_join(tokens::table.inner_join(organisations::table))
        .filter(web_sessions::id_hash.eq(sha256_hex(cookie.as_bytes())))
        .filter(web_sessions::expires_at.gt(now()))
        .filter(tokens::revoked_at.is_null())
        .select((
            web_sessions::csrf,
            tokens::id,
            organisations::id,
            organisations::name,
            organisations::commune_id,
            tokens::role,
        ))
        .first(conn)
        .optional()?;
    let Some((csrf, token_id, organisation_id, organisation, commune_id, role)) = row else { return Ok(None) };
    let principal = principal_of(conn, (token_id, organisation_id, organisation, commune_id, role))?;
    Ok(Some(Session { principal, csrf }))
}

/// Signs out: the cookie is worthless from now on.
pub fn close_session(conn: &mut DbConnection, cookie: &str) -> Result<(), StoreError> {
    diesel::delete(web_sessions::table.filter(web_sessions::id_hash.eq(sha256_hex(cookie.as_bytes()))))
        .execute(conn)?;
    Ok(())
}

/// The key of the anonymous forms' tokens: the one stored, or a new random one stored now. Two instances starting
/// at once on an empty table both try to insert; the loser reads the winner's.
pub fn form_key(conn: &mut DbConnection) -> Result<String, StoreError> {
    let stored = |conn: &mut DbConnection| {
        form_keys::table.filter(form_keys::id.eq(1)).select(form_keys::secret).first::<String>(conn).optional()
    };
    if let Some(key) = stored(conn)? {
        return Ok(key);
    }
    let _ = diesel::insert_into(form_keys::table)
        .values((form_keys::id.eq(1), form_keys::secret.eq(random_token())))
        .execute(conn);
    stored(conn)?.ok_or_else(|| StoreError::Blocking("the form key was not stored".into()))
}
