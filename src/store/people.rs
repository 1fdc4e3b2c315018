//! The people of an organisation who sign in on the web under their own name — its reporters and its editors —
//! and their one-time sign-in links. A person belongs to one organisation and has a role; an editor also has the
//! institutions they may change (rows of `scopes` with their `person_id`, written in the transaction that
//! creates them). Only an Argon2id hash of a password is kept (made by `app/passwords.rs`), and only the SHA-256
//! of a link. Revoking a person ends their sessions and unused links in the same transaction.

use super::schema::{institutions, organisations, people, scopes, sign_in_links, web_sessions};
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
    /// The slugs of the institutions an editor may change (empty for a reporter); each must exist and not be
    /// withdrawn.
    pub institutions: &'a [String],
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
    /// The slugs of the institutions an editor may change, in alphabetical order (empty for a reporter).
    pub institutions: Vec<String>,
}

type PersonRow = (i64, i64, String, String, Role, Option<String>, NaiveDateTime, Option<NaiveDateTime>);

fn info(
    (id, organisation_id, user_name, display_name, role, hash, created_at, revoked_at): PersonRow,
    institutions: Vec<String>,
) -> PersonInfo {
    PersonInfo {
        id,
        organisation_id,
        user_name,
        display_name,
        role,
        has_password: hash.is_some(),
        created_at,
        revoked_at,
        institutions,
    }
}

/// The people of these rows, each with the slugs of their institutions (one query for all).
fn infos(conn: &mut DbConnection, rows: Vec<PersonRow>) -> QueryResult<Vec<PersonInfo>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let scoped: Vec<(Option<i64>, String)> = if ids.is_empty() {
        Vec::new()
    } else {
        scopes::table
            .inner_join(institutions::table)
            .filter(scopes::person_id.eq_any(&ids))
            .order(institutions::slug)
            .select((scopes::person_id, institutions::slug))
            .load(conn)?
    };
    Ok(rows
        .into_iter()
        .map(|row| {
            let id = row.0;
            let slugs = scoped.iter().filter(|(p, _)| *p == Some(id)).map(|(_, s)| s.clone()).collect();
            info(row, slugs)
        })
        .collect())
}

fn info_of(conn: &mut DbConnection, row: PersonRow) -> QueryResult<PersonInfo> {
    Ok(infos(conn, vec![row])?.pop().expect("one row, one person"))
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
    /// Nothing was written: the user name is taken (by a person of any organisation), or institutions given
    /// are unknown or withdrawn, or both.
    Refused {
        login_taken: bool,
        /// The slugs given that name no live institution, in the order given.
        unknown_institutions: Vec<String>,
    },
}

/// Creates a person, their institutions (an editor's scope) and their first sign-in link when one is given, in
/// one transaction: all of it or, refused, nothing.
pub fn create_person(conn: &mut DbConnection, p: &NewPerson, link: Option<&NewLink>) -> Result<Created, StoreError> {
    let result = super::write_transaction(conn, |conn| {
        let taken: Option<i64> =
            people::table.filter(people::login.eq(p.login)).select(people::id).first(conn).optional()?;
        let mut scope = Vec::with_capacity(p.institutions.len());
        let mut unknown_institutions = Vec::new();
        for slug in p.institutions {
            let id: Option<i64> = institutions::table
                .filter(institutions::slug.eq(slug))
                .filter(institutions::withdrawn_at.is_null())
                .select(institutions::id)
                .first(conn)
                .optional()?;
            match id {
                Some(id) if !scope.contains(&id) => scope.push(id),
                Some(_) => {}
                None => unknown_institutions.push(slug.clone()),
            }
        }
        if taken.is_some() || !unknown_institutions.is_empty() {
            return Ok(Created::Refused { login_taken: taken.is_some(), unknown_institutions });
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
        for institution_id in scope {
            diesel::insert_into(scopes::table)
                .values((
                    scopes::person_id.eq(Some(row.0)),
                    scopes::institution_id.eq(institution_id),
                    scopes::created_at.eq(now()),
                ))
                .execute(conn)?;
        }
        if let Some(link) = link {
            insert_link(conn, row.0, link)?;
        }
        Ok::<_, diesel::result::Error>(Created::Person(info_of(conn, row)?))
    });
    match result {
        // A concurrent creation with the same user name won the race.
        Err(e) if super::is_unique_violation(&e) => {
            Ok(Created::Refused { login_taken: true, unknown_institutions: Vec::new() })
        }
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
        let Some(row) = row else { return Ok(None) };
        insert_link(conn, person_id, link)?;
        Ok::<_, diesel::result::Error>(Some(info_of(conn, row)?))
    })?)
}

/// One page of an organisation's people of one role, in creation order, each with their institutions, and how
/// many there are.
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
    Ok((infos(conn, rows)?, total))
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
