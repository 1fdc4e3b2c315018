//! Named people of an organisation, whatever their role: created (a password or a first one-time link; an editor's
//! institutions), listed, revoked (their sessions and unused links end) and given new links — reporters
//! (`reporters.rs`, which also has the checks every person's fields go through, and the sign-in) and editors.
//!
//! Editors are people with the role `editor` who change the catalog records of their institutions on the editing
//! pages. An organisation's admin (a bearer token with the role `admin`, or the command line) creates them with
//! one or more institutions (slugs of live institutions), kept as the person's `scopes` rows in the transaction
//! that creates them; the lists show those slugs. A reporter's id is no editor's, and the other way round: every
//! function here takes the role, and a person of another role is not found.

use super::error::{AppError, FieldError};
use super::input::{Fields, Pagination};
use super::passwords;
use super::reporters::{self, IssuedLink, NewReporter, ReporterCreated, login_of};
use super::state::AppState;
use crate::domain::Role;
use crate::store::people::{self, Created, NewPerson, PersonInfo};
use crate::store::tokens::Principal;
use crate::store::{self, DbConnection};

/// Creates a person of this organisation in a role (blocking: it hashes the password), with the institutions
/// an editor may change (slugs; empty for a reporter), all in one transaction. A user name already taken is a
/// 422 naming `user_name`; an institution unknown or withdrawn, a 422 naming `institutions`.
pub fn create(
    conn: &mut DbConnection,
    organisation_id: i64,
    role: Role,
    new: &NewReporter,
    institutions: &[String],
) -> Result<ReporterCreated, AppError> {
    let hash = match &new.password {
        Some(p) => Some(passwords::hash(p).map_err(AppError::Internal)?),
        None => None,
    };
    let link = new.password.is_none().then(|| reporters::new_link(new.lang));
    let login = login_of(&new.user_name);
    let person = NewPerson {
        organisation_id,
        user_name: &new.user_name,
        login: &login,
        display_name: &new.display_name,
        role,
        password_hash: hash.as_deref(),
        institutions,
    };
    match people::create_person(conn, &person, link.as_ref().map(|(stored, _)| stored))? {
        Created::Person(reporter) => Ok(ReporterCreated { reporter, link: link.map(|(_, issued)| issued) }),
        Created::Refused { login_taken, unknown_institutions } => {
            let mut errors = Vec::new();
            if login_taken {
                errors.push(FieldError::new("user_name", "already taken: choose another"));
            }
            for slug in unknown_institutions {
                let shown: String = slug.chars().take(100).collect();
                errors.push(FieldError::new("institutions", format!("`{shown}` is not an institution in the catalog")));
            }
            Err(AppError::Unprocessable(errors))
        }
    }
}

/// What a person of this role is called in a "not found".
fn what(role: Role) -> &'static str {
    match role {
        Role::Editor => "editor",
        Role::Admin => "admin",
        Role::Reporter => "reporter",
    }
}

/// One page of the organisation's people of a role (never a hash), and how many there are.
pub async fn list(
    state: &AppState,
    principal: &Principal,
    role: Role,
    page: Pagination,
) -> Result<(Vec<PersonInfo>, usize), AppError> {
    let organisation_id = principal.organisation_id;
    let offset = i64::from(page.page - 1) * i64::from(page.per_page);
    let limit = i64::from(page.per_page);
    let (items, total) =
        store::blocking(&state.pool, move |conn| people::list_people(conn, organisation_id, role, offset, limit))
            .await?;
    Ok((items, usize::try_from(total).unwrap_or(0)))
}

/// Revokes one of the organisation's people of a role: their sessions and unused links end now. Another
/// organisation's, or one of another role, is not found.
pub async fn revoke(state: &AppState, principal: &Principal, role: Role, id: i64) -> Result<(), AppError> {
    let organisation_id = principal.organisation_id;
    store::blocking(&state.pool, move |conn| people::revoke_person(conn, organisation_id, role, id))
        .await?
        .ok_or(AppError::NotFound { what: what(role), key: id.to_string() })
}

/// A new one-time sign-in link for one of the organisation's live people of a role (a lost device, a week gone
/// by). Another organisation's, one of another role or a revoked one is not found.
pub async fn issue_link(
    state: &AppState,
    principal: &Principal,
    role: Role,
    id: i64,
    lang: &'static str,
) -> Result<(PersonInfo, IssuedLink), AppError> {
    let organisation_id = principal.organisation_id;
    let (stored, issued) = reporters::new_link(lang);
    let person = store::blocking(&state.pool, move |conn| people::add_link(conn, organisation_id, role, id, &stored))
        .await?
        .ok_or(AppError::NotFound { what: what(role), key: id.to_string() })?;
    Ok((person, issued))
}

/// An editor may be given at most this many institutions at once.
pub const MAX_INSTITUTIONS: usize = 100;

/// An editor to create. Not `Debug`: it may carry a password.
pub struct NewEditor {
    pub person: NewReporter,
    /// Institution slugs, at least one, without repeats, in the order given.
    pub institutions: Vec<String>,
}

/// Reads an institution slug as given: a slug's shape (lower case, digits, dashes), or why not. Whether it names
/// a live institution is the store's to say, in the creating transaction.
pub fn check_institution(raw: &str) -> Result<String, String> {
    let slug = raw.trim();
    if crate::import::is_slug(slug) {
        Ok(slug.to_string())
    } else {
        let shown: String = slug.chars().take(100).collect();
        Err(format!("`{shown}` is not an institution slug"))
    }
}

/// Slugs as given (each checked, repeats dropped), at least one; every bad one named under `institutions`.
pub fn check_institutions<'a>(raw: impl IntoIterator<Item = &'a str>) -> Result<Vec<String>, Vec<String>> {
    let mut slugs: Vec<String> = Vec::new();
    let mut errors = Vec::new();
    for item in raw {
        match check_institution(item) {
            Ok(slug) if !slugs.contains(&slug) => slugs.push(slug),
            Ok(_) => {}
            Err(message) => errors.push(message),
        }
    }
    if slugs.len() > MAX_INSTITUTIONS {
        errors.push(format!("at most {MAX_INSTITUTIONS} institutions"));
    }
    if slugs.is_empty() && errors.is_empty() {
        errors.push("at least one institution (slug) is needed".into());
    }
    if errors.is_empty() { Ok(slugs) } else { Err(errors) }
}

/// Reads what a reporter has (`user_name`, `display_name`, `password`, `lang`: `reporters::parse_new_reporter`)
/// and `institutions`, a list of one or more institution slugs, naming every bad field.
pub fn parse_new_editor(b: &mut Fields) -> Option<NewEditor> {
    let person = reporters::parse_new_reporter(b);
    let institutions = match b.value("institutions") {
        None => {
            b.missing("institutions");
            None
        }
        Some(v) => match v.as_array().and_then(|a| a.iter().map(serde_json::Value::as_str).collect::<Option<Vec<_>>>())
        {
            None => {
                b.errors.push(FieldError::new("institutions", "expected a list of institution slugs"));
                None
            }
            Some(items) => match check_institutions(items) {
                Ok(slugs) => Some(slugs),
                Err(messages) => {
                    b.errors.extend(messages.into_iter().map(|m| FieldError::new("institutions", m)));
                    None
                }
            },
        },
    };
    if !b.errors.is_empty() {
        return None;
    }
    Some(NewEditor { person: person?, institutions: institutions? })
}

/// Creates an editor of this organisation with their institutions, in one transaction (blocking: it hashes the
/// password). A user name taken names `user_name`, an institution unknown or withdrawn names `institutions` (422).
pub fn create_editor(
    conn: &mut DbConnection,
    organisation_id: i64,
    new: &NewEditor,
) -> Result<ReporterCreated, AppError> {
    if new.institutions.is_empty() {
        return Err(AppError::Unprocessable(vec![FieldError::new(
            "institutions",
            "at least one institution (slug) is needed",
        )]));
    }
    create(conn, organisation_id, Role::Editor, &new.person, &new.institutions)
}

/// The API's `POST /api/v1/editors`: `create` on a blocking thread, for the principal's organisation.
pub async fn create_editor_for(
    state: &AppState,
    principal: &Principal,
    new: NewEditor,
) -> Result<ReporterCreated, AppError> {
    let organisation_id = principal.organisation_id;
    store::blocking(&state.pool, move |conn| Ok(create_editor(conn, organisation_id, &new))).await?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &serde_json::Value) -> (Option<NewEditor>, Vec<(String, String)>) {
        let mut b = Fields::from_map(body.as_object().unwrap().clone());
        let r = parse_new_editor(&mut b);
        (r, b.errors.iter().map(|e| (e.field.clone(), e.message.clone())).collect())
    }

    #[test]
    fn institutions_are_one_or_more_slugs_without_repeats() {
        let ok = serde_json::json!({"user_name": "lea", "display_name": "Léa", "institutions": ["a-b", "c", "a-b"]});
        let (r, errors) = parse(&ok);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(r.unwrap().institutions, ["a-b", "c"]);
        for (institutions, why) in [
            (serde_json::json!([]), "at least one"),
            (serde_json::json!("commune-schaerbeek"), "a list"),
            (serde_json::json!(["Not A Slug"]), "not an institution slug"),
            (serde_json::json!([3]), "a list"),
        ] {
            let body = serde_json::json!({"user_name": "lea", "display_name": "Léa", "institutions": institutions});
            let (r, errors) = parse(&body);
            assert!(r.is_none(), "{body}");
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].0, "institutions");
            assert!(errors[0].1.contains(why), "{errors:?}");
        }
        let (_, errors) = parse(&serde_json::json!({"user_name": "lea", "display_name": "Léa"}));
        assert_eq!(errors, [("institutions".to_string(), "is required".to_string())]);
    }

    #[test]
    fn every_bad_field_is_named_with_the_reporters_rules() {
        let (r, errors) = parse(&serde_json::json!({"user_name": "a b", "password": "short", "institutions": []}));
        assert!(r.is_none());
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["user_name", "display_name", "password", "institutions"]);
    }
}
