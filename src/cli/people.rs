//! `guichet reporter create` and `guichet editor create`: the named people of an organisation, made by the
//! use cases of `app/people.rs` and `app/reporters.rs` from the command line's options.

use super::connect;
use crate::app::config::Settings;
use crate::app::{people, reporters};
use crate::store;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum ReporterAction {
    /// Create a reporter. The password (at least 12 characters) is read from the first line of standard input,
    /// never from the command line; with --link, a one-time sign-in link (7 days, one use) is printed instead.
    Create {
        /// The organisation (must exist: create a token for it first).
        #[arg(long)]
        org: String,
        /// The user name: 3 to 50 visible characters, no spaces, unique.
        #[arg(long)]
        user: String,
        /// The name shown when signed in (default: the user name).
        #[arg(long)]
        name: Option<String>,
        /// Print a one-time sign-in link instead of reading a password.
        #[arg(long)]
        link: bool,
        /// The language of the page the link opens: fr, nl or en.
        #[arg(long, default_value = "fr")]
        lang: String,
    },
}

#[derive(Subcommand)]
pub enum EditorAction {
    /// Create an editor of one or more institutions. The password (at least 12 characters) is read from the first
    /// line of standard input, never from the command line; with --link, a one-time sign-in link (7 days, one use)
    /// is printed instead.
    Create {
        /// The organisation (must exist: create a token for it first).
        #[arg(long)]
        org: String,
        /// The user name: 3 to 50 visible characters, no spaces, unique.
        #[arg(long)]
        user: String,
        /// The name shown when signed in and in the audit log (default: the user name).
        #[arg(long)]
        name: Option<String>,
        /// An institution whose records the editor may change (slug); repeat for several; at least one.
        #[arg(long = "institution", required = true)]
        institutions: Vec<String>,
        /// Print a one-time sign-in link instead of reading a password.
        #[arg(long)]
        link: bool,
        /// The language of the page the link opens: fr, nl or en.
        #[arg(long, default_value = "fr")]
        lang: String,
    },
}

/// A named person from the options `--user`, `--name`, `--lang` and `--link` (else the password from the first
/// line of standard input), checked as the API checks them.
fn person_from_options(
    user: &str,
    name: Option<String>,
    link: bool,
    lang: &str,
) -> Result<reporters::NewReporter, String> {
    let user_name = reporters::check_user_name(user).map_err(|e| format!("--user: {e}"))?;
    let display_name = name.map_or_else(|| user_name.clone(), |n| n.trim().to_string());
    if display_name.is_empty() || display_name.chars().count() > reporters::MAX_DISPLAY_NAME {
        return Err(format!("--name: 1 to {} characters", reporters::MAX_DISPLAY_NAME));
    }
    let lang = reporters::LINK_LANGS.iter().find(|l| **l == lang).copied().ok_or("--lang: fr, nl or en")?;
    let password = if link {
        None
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map_err(|e| format!("reading the password: {e}"))?;
        let password = line.trim_end_matches(['\n', '\r']).to_string();
        reporters::check_password(&password).map_err(|e| format!("password (standard input): {e}"))?;
        Some(password)
    };
    Ok(reporters::NewReporter { user_name, display_name, password, lang })
}

/// The id of an existing organisation, by name.
fn organisation(conn: &mut store::Conn, org: &str) -> Result<i64, String> {
    let (organisation_id, _) = store::observations::find_organisation(conn, org.trim())
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("--org: no organisation `{org}` (create a token for it first)"))?;
    Ok(organisation_id)
}

/// What a created person is told: the link (on standard output) or that their password works.
fn print_created(settings: &Settings, role: &str, org: &str, created: &reporters::ReporterCreated) {
    let r = &created.reporter;
    match &created.link {
        Some(l) => {
            eprintln!(
                "{role} {} `{}` of `{org}`: the sign-in link, shown only now, works once until {}:",
                r.id,
                r.user_name,
                l.expires_at.format("%Y-%m-%d %H:%M UTC")
            );
            println!("{}{}", settings.public_url.as_deref().unwrap_or_default().trim_end_matches('/'), l.path);
        }
        None => println!("{role} {} `{}` of `{org}`: signs in with that password", r.id, r.user_name),
    }
}

pub(super) fn reporter(settings: &Settings, action: ReporterAction) -> Result<(), String> {
    let ReporterAction::Create { org, user, name, link, lang } = action;
    let mut conn = connect(settings)?;
    let organisation_id = organisation(&mut conn, &org)?;
    let new = person_from_options(&user, name, link, &lang)?;
    let created = reporters::create(&mut conn, organisation_id, &new).map_err(|e| match e.field_errors() {
        [first, ..] => format!("--user: {}", first.message),
        [] => e.to_string(),
    })?;
    print_created(settings, "reporter", &org, &created);
    Ok(())
}

pub(super) fn editor(settings: &Settings, action: EditorAction) -> Result<(), String> {
    let EditorAction::Create { org, user, name, institutions, link, lang } = action;
    let mut conn = connect(settings)?;
    let organisation_id = organisation(&mut conn, &org)?;
    let institutions = people::check_institutions(institutions.iter().map(String::as_str))
        .map_err(|errors| format!("--institution: {}", errors.join("; ")))?;
    let person = person_from_options(&user, name, link, &lang)?;
    let created = people::create_editor(&mut conn, organisation_id, &people::NewEditor { person, institutions })
        .map_err(|e| match e.field_errors() {
            [] => e.to_string(),
            errors => errors
                .iter()
                .map(|f| {
                    format!("{}: {}", if f.field == "institutions" { "--institution" } else { "--user" }, f.message)
                })
                .collect::<Vec<_>>()
                .join("; "),
        })?;
    print_created(settings, "editor", &org, &created);
    let r = &created.reporter;
    eprintln!("editor {} may change the records of: {}", r.id, r.institutions.join(", "));
    Ok(())
}
