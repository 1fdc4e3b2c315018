//! Named reporters of an organisation, and how they sign in on the web.
//!
//! An organisation's admin (a bearer token with the role `admin`, or the command line) creates reporters: a
//! user name (unique across organisations, 3 to 50 visible characters, compared without case), a display name,
//! and either a password (at least 12 characters, hashed with Argon2id: `passwords.rs`) or a one-time sign-in
//! link (random; only its SHA-256 is stored; valid 7 days, spent at first use). Revoking a reporter ends their
//! sessions. What every named person shares, whatever their role — created, listed, revoked, given links — is
//! `people.rs` (editors too); the people live in `store/people.rs`.

use super::error::{AppError, FieldError};
use super::input::{Fields, Pagination};
use super::passwords;
use super::people;
use super::state::AppState;
use crate::domain::Role;
use crate::store::people::{NewLink, PersonInfo};
use crate::store::sessions::{Length, Session, open_person_session, random_token};
use crate::store::tokens::{Principal, sha256_hex};
use crate::store::{self, DbConnection};
use unicode_normalization::UnicodeNormalization;

/// How long a sign-in link may be used.
pub const LINK_DAYS: i64 = 7;
pub const MIN_PASSWORD: usize = 12;
/// Beyond this a password is refused (hashing stays cheap to bound).
pub const MAX_PASSWORD: usize = 200;
pub const USER_NAME: std::ops::RangeInclusive<usize> = 3..=50;
pub const MAX_DISPLAY_NAME: usize = 100;
/// The languages of the sign-in page a link may open.
pub const LINK_LANGS: [&str; 3] = ["fr", "nl", "en"];

/// A reporter to create. Not `Debug`: it may carry a password.
pub struct NewReporter {
    pub user_name: String,
    pub display_name: String,
    /// `None`: a one-time sign-in link is made instead.
    pub password: Option<String>,
    /// The language of the sign-in page the link opens.
    pub lang: &'static str,
}

/// A one-time sign-in link, shown once.
#[derive(Debug, Clone)]
pub struct IssuedLink {
    /// `/{lang}/signin/link/{token}`, to put after the site's address.
    pub path: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone)]
pub struct ReporterCreated {
    pub reporter: PersonInfo,
    /// The link when no password was set.
    pub link: Option<IssuedLink>,
}

/// The folded form of a user name: what is unique and what sign-in compares (NFC, lower case).
pub fn login_of(user_name: &str) -> String {
    user_name.trim().nfc().collect::<String>().to_lowercase()
}

/// A user name as it will be stored, or why not.
pub fn check_user_name(raw: &str) -> Result<String, String> {
    let name: String = raw.trim().nfc().collect();
    let n = name.chars().count();
    if !USER_NAME.contains(&n) {
        return Err(format!("{} to {} characters", USER_NAME.start(), USER_NAME.end()));
    }
    if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("visible characters only: no spaces".into());
    }
    Ok(name)
}

/// A password as typed (never trimmed, never echoed), or why not.
pub fn check_password(raw: &str) -> Result<(), String> {
    let n = raw.chars().count();
    if n < MIN_PASSWORD {
        return Err(format!("at least {MIN_PASSWORD} characters"));
    }
    if n > MAX_PASSWORD {
        return Err(format!("at most {MAX_PASSWORD} characters"));
    }
    if raw.chars().any(char::is_control) {
        return Err("contains control characters".into());
    }
    Ok(())
}

/// Reads `user_name`, `display_name`, `password` (optional) and `lang` (optional, `fr`, `nl` or `en`), naming
/// every bad field. Messages never contain the password.
pub fn parse_new_reporter(b: &mut Fields) -> Option<NewReporter> {
    let user_name = match b.string("user_name", 200) {
        Some(raw) => match check_user_name(&raw) {
            Ok(name) => Some(name),
            Err(message) => {
                b.errors.push(FieldError::new("user_name", message));
                None
            }
        },
        None => {
            if !b.errors.iter().any(|e| e.field == "user_name") {
                b.missing("user_name");
            }
            None
        }
    };
    let display_name = b.string("display_name", MAX_DISPLAY_NAME);
    if display_name.is_none() && !b.errors.iter().any(|e| e.field == "display_name") {
        b.missing("display_name");
    }
    let password = b.secret("password");
    if let Some(p) = &password
        && let Err(message) = check_password(p)
    {
        b.errors.push(FieldError::new("password", message));
    }
    let lang = match b.string("lang", 10) {
        None => Some("fr"),
        Some(l) => {
            let found = LINK_LANGS.iter().find(|c| **c == l).copied();
            if found.is_none() {
                b.errors.push(FieldError::new("lang", format!("`{l}`: expected fr, nl or en")));
            }
            found
        }
    };
    if !b.errors.is_empty() {
        return None;
    }
    Some(NewReporter { user_name: user_name?, display_name: display_name?, password, lang: lang? })
}

pub(super) fn new_link(lang: &str) -> (NewLink, IssuedLink) {
    let token = random_token();
    let expires_at = chrono::Utc::now() + chrono::Duration::days(LINK_DAYS);
    let stored = NewLink { token_hash: sha256_hex(token.as_bytes()), expires_at: expires_at.naive_utc() };
    (stored, IssuedLink { path: link_path(lang, &token), expires_at })
}

/// Where a sign-in link leads on this site.
pub fn link_path(lang: &str, token: &str) -> String {
    format!("/{lang}/signin/link/{token}")
}

/// Creates a reporter of this organisation (blocking: it hashes the password). A user name already taken is a
/// 422 naming `user_name`.
pub fn create(conn: &mut DbConnection, organisation_id: i64, new: &NewReporter) -> Result<ReporterCreated, AppError> {
    people::create(conn, organisation_id, Role::Reporter, new, &[])
}

/// The API's `POST /api/v1/reporters`: `create` on a blocking thread, for the principal's organisation.
pub async fn create_for(
    state: &AppState,
    principal: &Principal,
    new: NewReporter,
) -> Result<ReporterCreated, AppError> {
    let organisation_id = principal.organisation_id;
    store::blocking(&state.pool, move |conn| Ok(create(conn, organisation_id, &new))).await?
}

/// One page of the organisation's reporters (never a hash), and how many there are.
pub async fn list(
    state: &AppState,
    principal: &Principal,
    page: Pagination,
) -> Result<(Vec<PersonInfo>, usize), AppError> {
    people::list(state, principal, Role::Reporter, page).await
}

/// Revokes one of the organisation's reporters: their sessions end now. Another organisation's is not found.
pub async fn revoke(state: &AppState, principal: &Principal, id: i64) -> Result<(), AppError> {
    people::revoke(state, principal, Role::Reporter, id).await
}

/// A new one-time sign-in link for one of the organisation's live reporters (a lost device, a week gone by).
pub async fn issue_link(
    state: &AppState,
    principal: &Principal,
    id: i64,
    lang: &'static str,
) -> Result<(PersonInfo, IssuedLink), AppError> {
    people::issue_link(state, principal, Role::Reporter, id, lang).await
}

/// Signs a person in with their user name and password: the session cookie and the session, or `None`. An
/// unknown user name, a revoked person, a person without a password and a wrong password are one answer, and
/// cost one Argon2 verification each.
pub async fn sign_in_with_password(
    state: &AppState,
    user_name: &str,
    password: String,
    length: Length,
) -> Result<Option<(String, Session)>, AppError> {
    let login = login_of(user_name);
    let found = if check_user_name(user_name).is_ok() && password.chars().count() <= MAX_PASSWORD {
        store::blocking(&state.pool, move |conn| store::people::password_of(conn, &login)).await?
    } else {
        None
    };
    let (person, hash) = found.map_or((None, None), |(id, hash)| (Some(id), Some(hash)));
    let matches = tokio::task::spawn_blocking(move || passwords::verify(&password, hash.as_deref()))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    match person.filter(|_| matches) {
        Some(id) => Ok(store::blocking(&state.pool, move |conn| open_person_session(conn, id, length)).await?),
        None => Ok(None),
    }
}

/// Signs a person in with a one-time link, which is spent; `None` when it is unknown, spent, expired or its
/// person revoked.
pub async fn sign_in_with_link(
    state: &AppState,
    token: &str,
    length: Length,
) -> Result<Option<(String, Session)>, AppError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let hash = sha256_hex(token.to_ascii_lowercase().as_bytes());
    Ok(store::blocking(&state.pool, move |conn| match store::people::spend_link(conn, &hash)? {
        Some(person) => open_person_session(conn, person, length),
        None => Ok(None),
    })
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_names_are_three_to_fifty_visible_characters_compared_without_case() {
        assert_eq!(check_user_name("  amina.b ").as_deref(), Ok("amina.b"));
        assert_eq!(check_user_name("José").as_deref(), Ok("José"));
        for bad in ["ab", "two words", "tab\there", &"x".repeat(51), ""] {
            assert!(check_user_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_user_name(&"é".repeat(50)).is_ok(), "characters, not bytes");
        assert_eq!(login_of("Amina.B"), login_of("amina.b"));
        // The same name typed with a combining accent is the same login.
        assert_eq!(login_of("Jose\u{301}"), login_of("josé"));
    }

    #[test]
    fn passwords_are_at_least_twelve_characters() {
        assert!(check_password("elevenchars").is_err());
        assert!(check_password("twelve chars").is_ok());
        assert!(check_password(" with spaces kept ").is_ok());
        assert!(check_password(&"x".repeat(201)).is_err());
        let message = check_password("short").unwrap_err();
        assert!(!message.contains("short"), "the password is never echoed");
    }

    fn parse(body: &serde_json::Value) -> (Option<NewReporter>, Vec<String>) {
        let mut b = Fields::from_map(body.as_object().unwrap().clone());
        let r = parse_new_reporter(&mut b);
        (r, b.errors.iter().map(|e| e.field.clone()).collect())
    }

    #[test]
    fn every_bad_field_is_named() {
        let (r, errors) = parse(&serde_json::json!({"user_name": "a b", "password": "short", "lang": "de"}));
        assert!(r.is_none());
        assert_eq!(errors, ["user_name", "display_name", "password", "lang"]);
        let (r, errors) = parse(&serde_json::json!({"user_name": "amina", "display_name": "Amina B."}));
        let r = r.unwrap();
        assert!(errors.is_empty());
        assert!(r.password.is_none(), "no password: a link");
        assert_eq!(r.lang, "fr");
    }
}
