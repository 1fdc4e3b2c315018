//! Reporting organisations and their bearer tokens. Only a SHA-256 of each token is stored. The principal a
//! token or a person's session gives (`Principal`, `Actor`).

use super::schema::{communes, institutions, organisations, scopes, tokens};
use super::{DbConnection, StoreError, now};
use crate::domain::Role;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

/// Who acts for the organisation: one of its tokens, or one of its named people (`store/people.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Token { id: i64 },
    Person { id: i64, display_name: String },
}

/// Who is calling, from a valid token or a person's session: the organisation, and the role they act in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub actor: Actor,
    pub organisation_id: i64,
    pub organisation: String,
    pub commune: Option<String>,
    pub role: Role,
    /// For an editor: the institutions (ids) it may change. Empty for other roles.
    pub institutions: Vec<i64>,
}

impl Actor {
    /// `token` or `person`, as the audit log writes it.
    pub fn kind(&self) -> &'static str {
        match self {
            Actor::Token { .. } => "token",
            Actor::Person { .. } => "person",
        }
    }

    pub fn id(&self) -> i64 {
        match self {
            Actor::Token { id } | Actor::Person { id, .. } => *id,
        }
    }
}

#[derive(Debug, Clone)]
pub struct TokenInfo {
    pub id: i64,
    pub organisation: String,
    pub role: Role,
    pub created_at: chrono::NaiveDateTime,
    pub revoked_at: Option<chrono::NaiveDateTime>,
    pub expires_at: Option<chrono::NaiveDateTime>,
    /// The slugs of the institutions an editor token may change.
    pub institutions: Vec<String>,
}

/// What a new token carries besides its organisation and role.
#[derive(Debug, Clone, Default)]
pub struct TokenOptions<'a> {
    pub commune: Option<&'a str>,
    /// Institution slugs (an editor's scope); each must exist.
    pub institutions: &'a [String],
    /// Refused from then on; `None`: until revoked.
    pub expires_at: Option<chrono::NaiveDateTime>,
}

/// What refused a new token.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("`{0}` is not a commune slug")]
    Commune(String),
    #[error("`{0}` is not an institution slug")]
    Institution(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<diesel::result::Error> for TokenError {
    fn from(e: diesel::result::Error) -> Self {
        TokenError::Store(e.into())
    }
}

/// The SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    sha256(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    bytes
}

/// Creates the organisation if needed, and a token for it; returns the token id and the token, shown once.
pub fn create_token(
    conn: &mut DbConnection,
    organisation: &str,
    role: Role,
    commune: Option<&str>,
) -> Result<(i64, String), StoreError> {
    create_token_with(conn, organisation, role, &TokenOptions { commune, ..TokenOptions::default() }).map_err(|e| {
        match e {
            TokenError::Store(e) => e,
            // As before the options: an unknown commune is a row not found.
            TokenError::Commune(_) | TokenError::Institution(_) => StoreError::Query(diesel::result::Error::NotFound),
        }
    })
}

/// Creates the organisation if needed, and a token for it with its options (an editor's institutions, an
/// expiry); returns the token id and the token, shown once.
pub fn create_token_with(
    conn: &mut DbConnection,
    organisation: &str,
    role: Role,
    options: &TokenOptions<'_>,
) -> Result<(i64, String), TokenError> {
    let commune = options.commune;
    let token = format!("gch_{}", random_bytes::<32>().iter().map(|b| format!("{b:02x}")).collect::<String>());
    let hash = sha256_hex(token.as_bytes());
    let id = super::write_transaction(conn, |conn| {
        let commune_id: Option<i64> = match commune {
            Some(slug) => Some(
                communes::table
                    .filter(communes::slug.eq(slug))
                    .select(communes::id)
                    .first(conn)
                    .optional()?
                    .ok_or_else(|| TokenError::Commune(slug.to_string()))?,
            ),
            None => None,
        };
        let mut scope = Vec::with_capacity(options.institutions.len());
        for slug in options.institutions {
            let id: i64 = institutions::table
                .filter(institutions::slug.eq(slug))
                .select(institutions::id)
                .first(conn)
                .optional()?
                .ok_or_else(|| TokenError::Institution(slug.clone()))?;
            if !scope.contains(&id) {
                scope.push(id);
            }
        }
        let existing: Option<i64> = organisations::table
            .filter(organisations::name.eq(organisation))
            .select(organisations::id)
            .first(conn)
            .optional()?;
        let organisation_id = match existing {
            Some(id) => {
                if commune_id.is_some() {
                    diesel::update(organisations::table.find(id))
                        .set(organisations::commune_id.eq(commune_id))
                        .execute(conn)?;
                }
                id
            }
            None => {
                diesel::insert_into(organisations::table)
                    .values((
                        organisations::name.eq(organisation),
                        organisations::commune_id.eq(commune_id),
                        organisations::created_at.eq(now()),
                    ))
                    .execute(conn)?;
                organisations::table
                    .filter(organisations::name.eq(organisation))
                    .select(organisations::id)
                    .first(conn)?
            }
        };
        diesel::insert_into(tokens::table)
            .values((
                tokens::organisation_id.eq(organisation_id),
                tokens::role.eq(role),
                tokens::token_hash.eq(&hash),
                tokens::created_at.eq(now()),
                tokens::expires_at.eq(options.expires_at),
            ))
            .execute(conn)?;
        let id = tokens::table.filter(tokens::token_hash.eq(&hash)).select(tokens::id).first::<i64>(conn)?;
        for institution_id in scope {
            diesel::insert_into(scopes::table)
                .values((
                    scopes::token_id.eq(Some(id)),
                    scopes::institution_id.eq(institution_id),
                    scopes::created_at.eq(now()),
                ))
                .execute(conn)?;
        }
        Ok::<_, TokenError>(id)
    })?;
    Ok((id, token))
}

pub fn list_tokens(conn: &mut DbConnection) -> Result<Vec<TokenInfo>, StoreError> {
    type Row = (i64, String, Role, chrono::NaiveDateTime, Option<chrono::NaiveDateTime>, Option<chrono::NaiveDateTime>);
    let rows: Vec<Row> = tokens::table
        .inner_join(organisations::table)
        .order(tokens::id)
        .select((
            tokens::id,
            organisations::name,
            tokens::role,
            tokens::created_at,
            tokens::revoked_at,
            tokens::expires_at,
        ))
        .load(conn)?;
    let scoped: Vec<(Option<i64>, String)> = scopes::table
        .inner_join(institutions::table)
        .filter(scopes::token_id.is_not_null())
        .order(institutions::slug)
        .select((scopes::token_id, institutions::slug))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, organisation, role, created_at, revoked_at, expires_at)| TokenInfo {
            id,
            organisation,
            role,
            created_at,
            revoked_at,
            expires_at,
            institutions: scoped.iter().filter(|(t, _)| *t == Some(id)).map(|(_, s)| s.clone()).collect(),
        })
        .collect())
}

/// Revokes a token; false when there is no such token or it was already revoked.
pub fn revoke_token(conn: &mut DbConnection, id: i64) -> Result<bool, StoreError> {
    let n = diesel::update(tokens::table.find(id).filter(tokens::revoked_at.is_null()))
        .set(tokens::revoked_at.eq(Some(now())))
        .execute(conn)?;
    Ok(n == 1)
}

/// The principal of a valid (known, not revoked, not expired) token.
pub fn authenticate(conn: &mut DbConnection, token: &str) -> Result<Option<Principal>, StoreError> {
    Ok(authenticate_until(conn, token)?.map(|(principal, _)| principal))
}

/// The principal of a valid token and when the token expires (`None`: until revoked).
pub fn authenticate_until(
    conn: &mut DbConnection,
    token: &str,
) -> Result<Option<(Principal, Option<chrono::NaiveDateTime>)>, StoreError> {
    let hash = sha256_hex(token.as_bytes());
    let row: Option<(PrincipalRow, Option<chrono::NaiveDateTime>)> = tokens::table
        .inner_join(organisations::table)
        .filter(tokens::token_hash.eq(&hash))
        .filter(tokens::revoked_at.is_null())
        .filter(tokens::expires_at.is_null().or(tokens::expires_at.gt(now())))
        .select((
            (tokens::id, organisations::id, organisations::name, organisations::commune_id, tokens::role),
            tokens::expires_at,
        ))
        .first(conn)
        .optional()?;
    row.map(|(row, expires_at)| Ok((principal_of(conn, row)?, expires_at))).transpose()
}

/// Token id, organisation id, organisation name, its commune id and the token's role.
pub(crate) type PrincipalRow = (i64, i64, String, Option<i64>, Role);

pub(crate) fn principal_of(conn: &mut DbConnection, row: PrincipalRow) -> Result<Principal, StoreError> {
    let (token_id, organisation_id, organisation, commune_id, role) = row;
    principal_for(conn, Actor::Token { id: token_id }, organisation_id, organisation, commune_id, role)
}

/// The principal of an actor of an organisation (its commune by slug).
pub(crate) fn principal_for(
    conn: &mut DbConnection,
    actor: Actor,
    organisation_id: i64,
    organisation: String,
    commune_id: Option<i64>,
    role: Role,
) -> Result<Principal, StoreError> {
    let commune = match commune_id {
        Some(id) => communes::table.find(id).select(communes::slug).first(conn).optional()?,
        None => None,
    };
    let institutions = match &actor {
        Actor::Token { id } => {
            scopes::table.filter(scopes::token_id.eq(Some(*id))).select(scopes::institution_id).load(conn)?
        }
        Actor::Person { id, .. } => {
            scopes::table.filter(scopes::person_id.eq(Some(*id))).select(scopes::institution_id).load(conn)?
        }
    };
    Ok(Principal { actor, organisation_id, organisation, commune, role, institutions })
}
