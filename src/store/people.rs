//! The people of an organisation who sign in on the web under their own name — its reporters today, its
//! editors and admins later — and their one-time sign-in links. A person belongs to one organisation and has a
//! role. Only an Argon2id hash of a password is kept (made by `app/passwords.rs`), and only the SHA-256 of a
//! link. Revoking a person ends their sessions and unused links in the same transaction.

use super::schema::{organisations, people, sign_in_links, web_sessions};
use super::tokens::{Actor, Principal, principal_for};
use super::{DbConnection, StoreError, now};
use crate::domain::Role;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A person to create. `login` is `user_name` folded (what must be unique, and what sign-in looks up).
pub struct NewPerson<'a> {
    pub organisation_id: i64,
    pub user_name: &'a str,
    pub login: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub password_hash: Option<&'a str>,
}

/// A one-time sign-in link to store: the SHA-256 of its token, and until when it may be used.
pub struct NewLink {
    pub token_hash: String,
    pub expires_at: NaiveDateTime,
}

/// A person as their organisation's admin sees them: never a hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonInfo {
    pub id: i64,
    pub organisation_id: i64,
    pub user_name: String,
    pub display_name: String,
    pub role: Role,
    /// Signs in with a password (else with one-time links only).
    pub has_password: bool,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

type PersonRow = (i64, i64, String, String, Role, Option<String>, NaiveDateTime, Option<NaiveDateTime>);

fn info((id, organisation_id, user_name, display_name, role, hash, created_at, revoked_at): PersonRow) -> PersonInfo {
    PersonInfo {
        id,
        organisation_id,
        user_name,
        display_name,
        role,
        has_password: hash.is_some(),
        created_at,
        revoked_at,
    }
}

macro_rules! person_columns {
    () => {
        (
            people::id,
            people::organisation_id,
            people::user_name,
            people::display_name,
            people::role,
            people::password_hash,
            people::created_at,
            people::revoked_at,
        )
    };
}

/// What creating a person gave.
#[derive(Debug)]
pub enum Created {
    Person(PersonInfo),
    /// Another person (of any organisation) has this user name.
    LoginTaken,
}

/// Creates a person, and their first sign-in link when one is given, in one transaction.
pub fn create_person(conn: &mut DbConnection, p: &NewPerson, link: Option<&NewLink>) -> Result<Created, StoreError> {
    let result = super::write_transaction(conn, |conn| {
        let taken: Option<i64> =
            people::table.filter(people::login.eq(p.login)).select(people::id).first(conn).optional()?;
        if taken.is_some() {
            return Ok(Created::LoginTaken);
        }
        diesel::insert_into(people::table)
            .values((
                people::organisation_id.eq(p.organisation_id),
                people::user_name.eq(p.user_name),
                people::login.eq(p.login),
                people::display_name.eq(p.display_name),
                people::role.eq(p.role),
                people::password_hash.eq(p.password_hash),
                people::created_at.eq(now()),
            ))
            .execute(conn)?;
        let row: PersonRow = people::table.filter(people::login.eq(p.login)).select(person_columns!()).first(conn)?;
        if let Some(link) = link {
            insert_link(conn, row.0, link)?;
        }
        Ok::<_, diesel::result::Error>(Created::Person(info(row)))
    });
    match result {
        // A concurrent creation with the same user name won the race.
        Err(e) if super::is_unique_violation(&e) => Ok(Created::LoginTaken),
        other => Ok(other?),
    }
}

fn insert_link(conn: &mut DbConnection, person_id: i64, link: &NewLink) -> QueryResult<usize> {
    diesel::insert_into(sign_in_links::table)
        .values((
            sign_in_links::token_hash.eq(&link.token_hash),
            sign_in_links::person_id.eq(person_id),
            sign_in_links::created_at.eq(now()),
            sign_in_links::expires_at.eq(link.expires_at),
        ))
        .execute(conn)
}

/// A new sign-in link for a live person of this organisation; `None` when there is none such.
pub fn add_link(
    conn: &mut DbConnection,
    organisation_id: i64,
    role: Role,
    person_id: i64,
    link: &NewLink,
) -> Result<Option<PersonInfo>, StoreError> {
    Ok(super::write_transaction(conn, |conn| {
        let row: Option<PersonRow> = people::table
            .find(person_id)
            .filter(people::organisation_id.eq(organisation_id))
            .filter(people::role.eq(role))
            .filter(people::revoked_at.is_null())
            .select(person_columns!())
            .first(conn)
            .optional()?;
        if row.is_some() {
            insert_link(conn, person_id, link)?;
        }
        Ok::<_, diesel::result::Error>(row.map(info))
    })?)
}

/// One page of an organisation's people of one role, in creation order, and how many there are.
pub fn list_people(
    conn: &mut DbConnection,
    organisation_id: i64,
    role: Role,
    offset: i64,
    limit: i64,
) -> Result<(Vec<PersonInfo>, i64), StoreError> {
    let total: i64 = people::table
        .filter(people::organisation_id.eq(organisation_id))
        .filter(people::role.eq(role))
        .count()
        .get_result(conn)?;
    let rows: Vec<PersonRow> = people::table
        .filter(people::organisation_id.eq(organisation_id))
        .filter(people::role.eq(role))
        .order(people::id)
        .offset(offset)
        .limit(limit)
        .select(person_columns!())
        .load(conn)?;
    Ok((rows.into_iter().map(info).collect(), total))
}

/// Revokes a person of this organisation and role: they can no longer sign in, their sessions and unused links
/// end now. `None` when the organisation has no such person; revoking twice changes nothing.
pub fn revoke_person(
    conn: &mut DbConnection,
    organisation_id: i64,
    role: Role,
    id: i64,
) -> Result<Option<()>, StoreError> {
    Ok(super::write_transaction(conn, |conn| {
        let found: Option<i64> = people::table
            .find(id)
            .filter(people::organisation_id.eq(organisation_id))
            .filter(people::role.eq(role))
            .select(people::id)
            .first(conn)
            .optional()?;
        if found.is_none() {
            return Ok(None);
        }
        diesel::update(people::table.find(id).filter(people::revoked_at.is_null()))
            .set(people::revoked_at.eq(Some(now())))
            .execute(conn)?;
        diesel::delete(web_sessions::table.filter(web_sessions::person_id.eq(id))).execute(conn)?;
        diesel::delete(
            sign_in_links::table.filter(sign_in_links::person_id.eq(id)).filter(sign_in_links::used_at.is_null()),
        )
        .execute(conn)?;
        Ok::<_, diesel::result::Error>(Some(()))
    })?)
}

/// The id and password hash of the live person with this (folded) user name, if they have a password.
pub fn password_of(conn: &mut DbConnection, login: &str) -> Result<Option<(i64, String)>, StoreError> {
    let row: Option<(i64, Option<String>)> = people::table
        .filter(people::login.eq(login))
        .filter(people::revoked_at.is_null())
        .select((people::id, people::password_hash))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(id, hash)| hash.map(|h| (id, h))))
}

/// Spends a sign-in link: the person it signs in, once. `None` when the link is unknown, spent, expired or its
/// person revoked. Two concurrent uses: the conditional update lets one through.
pub fn spend_link(conn: &mut DbConnection, token_hash: &str) -> Result<Option<i64>, StoreError> {
    let at = now();
    Ok(super::write_transaction(conn, |conn| {
        let person: Option<i64> = sign_in_links::table
            .inner_join(people::table)
            .filter(sign_in_links::token_hash.eq(token_hash))
            .filter(sign_in_links::used_at.is_null())
            .filter(sign_in_links::expires_at.gt(at))
            .filter(people::revoked_at.is_null())
            .select(people::id)
            .first(conn)
            .optional()?;
        let Some(person) = person else { return Ok(None) };
        let spent = diesel::update(
            sign_in_links::table
                .filter(sign_in_links::token_hash.eq(token_hash))
                .filter(sign_in_links::used_at.is_null()),
        )
        .set(sign_in_links::used_at.eq(Some(at)))
        .execute(conn)?;
        // Expired links are of no use to anyone: purged on the way.
        diesel::delete(sign_in_links::table.filter(sign_in_links::expires_at.lt(at))).execute(conn)?;
        Ok::<_, diesel::result::Error>((spent == 1).then_some(person))
    })?)
}

/// The principal of a live person: their organisation and role.
pub fn principal_of_person(conn: &mut DbConnection, person_id: i64) -> Result<Option<Principal>, StoreError> {
    let row: Option<(String, i64, String, Option<i64>, Role)> = people::table
        .inner_join(organisations::table)
        .filter(people::id.eq(person_id))
        .filter(people::revoked_at.is_null())
        .select((people::display_name, organisations::id, organisations::name, organisations::commune_id, people::role))
        .first(conn)
        .optional()?;
    let Some((display_name, organisation_id, organisation, commune_id, role)) = row else { return Ok(None) };
    principal_for(conn, Actor::Person { id: person_id, display_name }, organisation_id, organisation, commune_id, role)
        .map(Some)
}
