//! Web sessions: a random cookie whose SHA-256 is stored with who holds it — an organisation's token, or one of
//! its people (`store/people.rs`) — and the session's anti-forgery token. A revoked token or person ends its
//! sessions at once (the lookup checks that the holder is live; revoking a person also deletes them).

use super::schema::{form_keys, organisations, tokens, web_sessions};
use super::tokens::{Principal, principal_of, random_bytes, sha256_hex};
use super::{DbConnection, StoreError, now};
use diesel::prelude::*;

/// How long a session lasts: one working day.
pub const SESSION_HOURS: i64 = 12;
/// How long a session lasts on a device its person chose to remember: a working week.
pub const REMEMBERED_DAYS: i64 = 5;

/// How long a session is to last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// `SESSION_HOURS`.
    WorkingDay,
    /// `REMEMBERED_DAYS`, on a remembered device.
    WorkingWeek,
}

impl Length {
    pub fn duration(self) -> chrono::Duration {
        match self {
            Length::WorkingDay => chrono::Duration::hours(SESSION_HOURS),
            Length::WorkingWeek => chrono::Duration::days(REMEMBERED_DAYS),
        }
    }

    pub fn seconds(self) -> i64 {
        self.duration().num_seconds()
    }
}

/// A signed-in reporter and the session's anti-forgery token.
#[derive(Debug, Clone)]
pub struct Session {
    pub principal: Principal,
    pub csrf: String,
}

pub fn random_token() -> String {
    random_bytes::<32>().iter().map(|b| format!("{b:02x}")).collect()
}

/// Who a session belongs to.
#[derive(Debug, Clone, Copy)]
enum Holder {
    Token(i64),
    Person(i64),
}

/// Opens a session for an organisation's token (one working day); returns the cookie value (shown once, only
/// its hash is kept) and the session.
pub fn open_session(conn: &mut DbConnection, token: &str) -> Result<Option<(String, Session)>, StoreError> {
    let Some(principal) = super::tokens::authenticate(conn, token)? else { return Ok(None) };
    let super::tokens::Actor::Token { id } = principal.actor else { return Ok(None) };
    insert(conn, Holder::Token(id), principal, Length::WorkingDay).map(Some)
}

/// Opens a session for a live person; `None` when the person is unknown or revoked.
pub fn open_person_session(
    conn: &mut DbConnection,
    person_id: i64,
    length: Length,
) -> Result<Option<(String, Session)>, StoreError> {
    let Some(principal) = super::people::principal_of_person(conn, person_id)? else { return Ok(None) };
    insert(conn, Holder::Person(person_id), principal, length).map(Some)
}

/// Expired sessions are purged on the way, so the table stays small.
fn insert(
    conn: &mut DbConnection,
    holder: Holder,
    principal: Principal,
    length: Length,
) -> Result<(String, Session), StoreError> {
    let cookie = random_token();
    let csrf = random_token();
    let created = now();
    let (token_id, person_id) = match holder {
        Holder::Token(id) => (Some(id), None),
        Holder::Person(id) => (None, Some(id)),
    };
    super::write_transaction(conn, |conn| {
        diesel::delete(web_sessions::table.filter(web_sessions::expires_at.lt(created))).execute(conn)?;
        diesel::insert_into(web_sessions::table)
            .values((
                web_sessions::id_hash.eq(sha256_hex(cookie.as_bytes())),
                web_sessions::token_id.eq(token_id),
                web_sessions::person_id.eq(person_id),
                web_sessions::csrf.eq(&csrf),
                web_sessions::created_at.eq(created),
                web_sessions::expires_at.eq(created + length.duration()),
            ))
            .execute(conn)
    })?;
    Ok((cookie, Session { principal, csrf }))
}

/// The live session behind a cookie, if any: not expired, and its holder not revoked.
pub fn find_session(conn: &mut DbConnection, cookie: &str) -> Result<Option<Session>, StoreError> {
    let row: Option<(String, Option<i64>, Option<i64>)> = web_sessions::table
        .filter(web_sessions::id_hash.eq(sha256_hex(cookie.as_bytes())))
        .filter(web_sessions::expires_at.gt(now()))
        .select((web_sessions::csrf, web_sessions::token_id, web_sessions::person_id))
        .first(conn)
        .optional()?;
    let principal = match row {
        Some((_, Some(token_id), _)) => {
            let row: Option<super::tokens::PrincipalRow> = tokens::table
                .inner_join(organisations::table)
                .filter(tokens::id.eq(token_id))
                .filter(tokens::revoked_at.is_null())
                .filter(tokens::expires_at.is_null().or(tokens::expires_at.gt(now())))
                .select((tokens::id, organisations::id, organisations::name, organisations::commune_id, tokens::role))
                .first(conn)
                .optional()?;
            row.map(|row| principal_of(conn, row)).transpose()?
        }
        Some((_, None, Some(person_id))) => super::people::principal_of_person(conn, person_id)?,
        _ => None,
    };
    Ok(principal.zip(row).map(|(principal, (csrf, _, _))| Session { principal, csrf }))
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
