//! The command line: `guichet [serve]`, `migrate`, `import [--check] [DIR]`, `openapi`, `token`, `reporter`,
//! `editor`, `observations`, `editions`, `synth`, `backup`, `restore`, `probe`. Serving and printing the OpenAPI document are the
//! composition's (`startup`); every other command is a door onto the use cases of `app/`.

use crate::app::catalog::{import_if_empty, preview_snapshot, read_rules, reload_snapshot};
use crate::app::config::Settings;
use crate::app::{synth, telemetry};
use crate::catalog::quality::quality_report;
use crate::{import, store};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

mod people;
pub use people::{EditorAction, ReporterAction};
use people::{editor, reporter};

#[derive(Parser)]
#[command(
    name = "guichet",
    version,
    about = "Brussels public procedures without the internet: where, when, and whether it works"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the API (the default): migrates, imports the catalog into an empty database, listens on GUICHET_BIND.
    Serve,
    /// Apply pending database migrations, redact stored free text the privacy gate refuses, and exit.
    Migrate,
    /// Import the catalog files into the database (idempotent: by slug and key).
    Import {
        /// Validate only: report errors and data quality, write nothing.
        #[arg(long)]
        check: bool,
        /// Also fail when a text a person reads is missing in French, Dutch or English.
        #[arg(long)]
        strict: bool,
        /// Apply the files' values to fields edited through the API that the files changed since (conflicts).
        #[arg(long)]
        force: bool,
        /// The catalog folder (default: GUICHET_CATALOG, else the shipped catalog).
        dir: Option<PathBuf>,
    },
    /// Write the catalog as the database holds it (edits through the API included) into DIR as catalog files:
    /// `sources.toml`, `communes.toml`, `rules.toml`, `institutions/<slug>.toml`. `guichet import DIR` takes it back.
    Export { dir: PathBuf },
    /// Print the OpenAPI document (what `openapi/openapi.json` must contain).
    Openapi,
    /// Tokens of reporting organisations.
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Named reporters of an organisation: they sign in on the web with a password or a one-time link.
    Reporter {
        #[command(subcommand)]
        action: ReporterAction,
    },
    /// Named editors of an organisation: they sign in on the web with a password or a one-time link and change
    /// their institutions' records on the editing pages.
    Editor {
        #[command(subcommand)]
        action: EditorAction,
    },
    /// Generate a reproducible Belgium-scale synthetic catalog and observations into an empty database (benchmarks).
    Synth {
        #[arg(long, default_value_t = 581)]
        communes: usize,
        #[arg(long, default_value_t = 20_000)]
        procedures: usize,
        #[arg(long, default_value_t = 1_000_000)]
        observations: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Editions: frozen gap results and monitoring figures.
    Editions {
        #[command(subcommand)]
        action: EditionsAction,
    },
    /// Field observations.
    Observations {
        #[command(subcommand)]
        action: ObservationsAction,
    },
    /// Probe the online channels with a URL once, now, through the outbound guard (GUICHET_OUTBOUND_*), as the
    /// scheduler does: each result stored and counted in the observed state; prints a table.
    Probe {
        /// Only the online channels of this procedure (slug).
        #[arg(long)]
        procedure: Option<String>,
    },
    /// Write a consistent copy of the SQLite database to FILE while the server runs (PostgreSQL: prints the
    /// `pg_dump` command to use).
    Backup { file: PathBuf },
    /// Put a backup written by `guichet backup` in the place of the SQLite database (server stopped): checks it is a
    /// guichet database with every migration applied; the database it replaces is kept as `….before-restore`.
    Restore {
        file: PathBuf,
        /// Restore even though the database's `-wal`/`-shm` files are there (a server that crashed).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
pub enum TokenAction {
    /// Create a token (and the organisation if new); prints the token once, only its hash is kept.
    Create {
        /// Organisation name, e.g. "Services sociaux des quartiers 1030".
        #[arg(long)]
        org: String,
        /// reporter, editor or admin.
        #[arg(long, default_value = "reporter")]
        role: String,
        /// The commune the organisation works in (slug): the area of its monitoring figures.
        #[arg(long)]
        commune: Option<String>,
        /// An institution an editor token may change (slug); repeat for several.
        #[arg(long = "institution")]
        institutions: Vec<String>,
        /// The token is refused after this many days (default: until revoked).
        #[arg(long)]
        expires_in_days: Option<u32>,
    },
    /// List tokens (never the tokens themselves).
    List,
    /// Revoke a token by id: it is refused from then on.
    Revoke { id: i64 },
}

#[derive(Subcommand)]
pub enum EditionsAction {
    /// Freeze the current gap results and monitoring figures as an immutable edition, e.g. `2026-Q4`.
    Publish { label: String },
}

#[derive(Subcommand)]
pub enum ObservationsAction {
    /// Import paper questionnaires from a CSV file: all rows or none.
    Import {
        file: PathBuf,
        /// The organisation the observations are from (must exist: create a token for it first).
        #[arg(long)]
        org: String,
    },
}

/// What the command line asks for.
pub enum Invocation {
    Serve,
    Openapi,
    Command(Box<Command>),
}

/// Parses the arguments (clap prints help and usage errors itself and exits).
pub fn parse() -> Invocation {
    match Cli::parse().command {
        None | Some(Command::Serve) => Invocation::Serve,
        Some(Command::Openapi) => Invocation::Openapi,
        Some(other) => Invocation::Command(Box::new(other)),
    }
}

/// The settings from the environment, or the one line that says which variable is wrong.
pub fn settings() -> Result<Settings, ExitCode> {
    Settings::from_env().map_err(|e| {
        eprintln!("guichet: configuration: {e}");
        ExitCode::from(2)
    })
}

/// Runs a command other than `serve` and `openapi`.
pub fn run(command: Command) -> ExitCode {
    let settings = match settings() {
        Ok(s) => s,
        Err(code) => return code,
    };
    telemetry::init(&settings.log);
    let result = match command {
        Command::Serve | Command::Openapi => Err("handled by the composition".to_string()),
        Command::Migrate => migrate(&settings),
        Command::Import { check, strict, force, dir } => import_files(&settings, dir, check, strict, force),
        Command::Export { dir } => export_files(&settings, &dir),
        Command::Token { action } => token(&settings, action),
        Command::Reporter { action } => reporter(&settings, action),
        Command::Editor { action } => editor(&settings, action),
        Command::Editions { action: EditionsAction::Publish { label } } => publish_edition(&settings, &label),
        Command::Synth { communes, procedures, observations, seed } => {
            run_synth(&settings, synth::SynthSpec { communes, procedures, observations, seed })
        }
        Command::Backup { file } => backup(&settings, &file),
        Command::Probe { procedure } => probe(&settings, procedure.as_deref()),
        Command::Restore { file, force } => restore(&settings, &file, force),
        Command::Observations { action: ObservationsAction::Import { file, org } } => {
            import_observations(&settings, &file, &org)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("guichet: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `guichet probe`: one round by hand, through the same code as the scheduler.
fn probe(settings: &Settings, procedure: Option<&str>) -> Result<(), String> {
    use crate::app::probes;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let pool = store::connect_pool(&settings.database, 2).map_err(|e| e.to_string())?;
        let (snapshot, observed) =
            crate::app::catalog::prepare_database(&pool, &settings.catalog_dir, settings.probes.reachability())
                .map_err(|e| e.to_string())?;
        let form_key = {
            let mut conn = pool.get().map_err(|e| e.to_string())?;
            store::sessions::form_key(&mut conn).map_err(|e| e.to_string())?
        };
        let rules = read_rules(&settings.catalog_dir).map_err(|e| e.to_string())?;
        let state = std::sync::Arc::new(crate::app::AppState::new(crate::app::state::Parts {
            pool,
            catalog: crate::catalog::CatalogHandle::new(snapshot),
            observed,
            backend: settings.database.backend,
            trust_forwarded: false,
            public_url: None,
            rules,
            form_key: form_key.into_bytes(),
            db_timeout: settings.db_timeout,
            token_ttl: settings.token_ttl,
        }));
        let targets = probes::targets(&state.catalog.load(), procedure).map_err(|e| e.to_string())?;
        let outbound = crate::app::outbound::Outbound::new(settings.outbound.clone()).map_err(|e| e.to_string())?;
        let host_delay = settings.probes.host_delay;
        let started = std::time::Instant::now();
        let results = probes::round(&state, &outbound, targets, settings.probes.concurrency, host_delay).await;
        let seconds = started.elapsed().as_secs_f64();
        print!("{}", probes::table(&results));
        #[allow(clippy::cast_precision_loss)]
        let rate = results.len() as f64 / seconds.max(1e-9);
        println!("round: {seconds:.2} s, {rate:.0} URLs/s");
        Ok(())
    })
}

fn migrate(settings: &Settings) -> Result<(), String> {
    let pool = store::connect_pool(&settings.database, 1).map_err(|e| e.to_string())?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let applied = store::run_migrations(&mut conn).map_err(|e| e.to_string())?;
    println!("{} migration(s) applied", applied.len());
    for name in applied {
        println!("  {name}");
    }
    let redacted = store::privacy::redact_stored_texts(&mut conn).map_err(|e| e.to_string())?;
    println!("{redacted}");
    Ok(())
}

fn import_files(
    settings: &Settings,
    dir: Option<PathBuf>,
    check: bool,
    strict: bool,
    force: bool,
) -> Result<(), String> {
    let dir = dir.unwrap_or_else(|| settings.catalog_dir.clone());
    let catalog = import::load_catalog_with(&dir, strict || import::REQUIRE_ALL_LANGUAGES).map_err(|errors| {
        let mut out = format!("{} error(s) in the catalog at {} — nothing was written:\n", errors.len(), dir.display());
        for e in &errors {
            out.push_str(&format!("  {e}\n"));
        }
        out
    })?;
    let rules = import::load_rules(&dir).map_err(|errors| {
        let mut out = format!("{} error(s) in the rules at {} — nothing was written:\n", errors.len(), dir.display());
        for e in &errors {
            out.push_str(&format!("  {e}\n"));
        }
        out
    })?;
    println!("{} compliance rules", rules.len());
    let procedures = catalog.procedures().count();
    let channels = catalog.channels().count();
    println!(
        "catalog at {}: valid — {} institutions, {procedures} procedures, {channels} channels",
        dir.display(),
        catalog.institutions.len()
    );
    if check {
        let snapshot = preview_snapshot(&catalog).map_err(|e| e.to_string())?;
        print!("{}", quality_report(&snapshot, crate::app::brussels_date(chrono::Utc::now())));
        return check_conflicts(settings, &catalog);
    }
    let pool = store::connect_pool(&settings.database, 1).map_err(|e| e.to_string())?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    store::run_migrations(&mut conn).map_err(|e| e.to_string())?;
    let report = store::import::import_catalog_with(&mut conn, &catalog, force).map_err(|e| e.to_string())?;
    println!("{report}");
    if !report.conflicts.is_empty() {
        if force {
            println!("{} conflict(s): the files' values were applied (--force)", report.conflicts.len());
        } else {
            println!(
                "{} conflict(s) not applied: the edits stay (--force applies the files' values)",
                report.conflicts.len()
            );
        }
    }
    Ok(())
}

fn export_files(settings: &Settings, dir: &std::path::Path) -> Result<(), String> {
    let mut conn = connect(settings)?;
    let exported =
        crate::app::catalog::export_catalog(&mut conn, dir, &settings.catalog_dir).map_err(|e| e.to_string())?;
    println!(
        "catalog written to {}: {} files, {} institutions, {} procedures, {} channels (read back: valid)",
        dir.display(),
        exported.files.len(),
        exported.institutions,
        exported.procedures,
        exported.channels
    );
    Ok(())
}

/// `import --check` against a database that already holds a catalog: what the import would do to the fields
/// edited through the API (nothing is written). A database that does not exist yet is not created.
fn check_conflicts(settings: &Settings, catalog: &import::CatalogFiles) -> Result<(), String> {
    let exists = match settings.database.backend {
        store::Backend::Sqlite => std::path::Path::new(&settings.database.target).exists(),
        store::Backend::Postgres => true,
    };
    if !exists {
        return Ok(());
    }
    let Ok(pool) = store::connect_pool(&settings.database, 1) else { return Ok(()) };
    let Ok(mut conn) = pool.get() else { return Ok(()) };
    if store::read::catalog_is_empty(&mut conn).unwrap_or(true) {
        return Ok(());
    }
    let report = match store::import::dry_run(&mut conn, catalog) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("not compared with the database ({e}): run `guichet migrate` first");
            return Ok(());
        }
    };
    if report.conflicts.is_empty() {
        println!("against the database: no conflict with fields edited through the API ({} kept)", report.edits_kept);
        return Ok(());
    }
    for c in &report.conflicts {
        println!("conflict: {c}");
    }
    Err(format!(
        "{} conflict(s) with fields edited through the API: `guichet import` keeps the edits, `--force` applies the files",
        report.conflicts.len()
    ))
}

/// A migrated database with the catalog in it: a command on a new database works at once (the catalog of
/// GUICHET_CATALOG is imported first, as `serve` would).
fn connect(settings: &Settings) -> Result<store::Conn, String> {
    let pool = store::connect_pool(&settings.database, 1).map_err(|e| e.to_string())?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    store::run_migrations(&mut conn).map_err(|e| e.to_string())?;
    import_if_empty(&mut conn, &settings.catalog_dir).map_err(|e| e.to_string())?;
    Ok(conn)
}

/// A migrated database, nothing imported (synthetic data needs an empty one).
fn connect_empty(settings: &Settings) -> Result<store::Conn, String> {
    let pool = store::connect_pool(&settings.database, 1).map_err(|e| e.to_string())?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    store::run_migrations(&mut conn).map_err(|e| e.to_string())?;
    Ok(conn)
}

const PG_BACKUP: &str = "PostgreSQL: guichet copies nothing itself; back up with \
`pg_dump --format=custom --file=FILE \"$GUICHET_DATABASE_URL\"` and restore into an empty database with \
`pg_restore --no-owner --dbname=\"$GUICHET_DATABASE_URL\" FILE`";

fn backup(settings: &Settings, file: &std::path::Path) -> Result<(), String> {
    if settings.database.backend == store::Backend::Postgres {
        return Err(PG_BACKUP.into());
    }
    let pool = store::connect_pool(&settings.database, 1).map_err(|e| e.to_string())?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    store::backup::backup_sqlite(&mut conn, file).map_err(|e| e.to_string())?;
    let (observations, complaints) = store::backup::check_sqlite_backup(file).map_err(|e| e.to_string())?;
    println!(
        "{} backed up to {} ({observations} observations, {complaints} complaints)",
        settings.database.target,
        file.display()
    );
    Ok(())
}

fn restore(settings: &Settings, file: &std::path::Path, force: bool) -> Result<(), String> {
    if settings.database.backend == store::Backend::Postgres {
        return Err(PG_BACKUP.into());
    }
    let target = std::path::Path::new(&settings.database.target);
    let (observations, complaints) = store::backup::restore_sqlite(file, target, force).map_err(|e| e.to_string())?;
    println!(
        "{} restored into {} ({observations} observations, {complaints} complaints)",
        file.display(),
        target.display()
    );
    Ok(())
}

fn token(settings: &Settings, action: TokenAction) -> Result<(), String> {
    let mut conn = connect(settings)?;
    match action {
        TokenAction::Create { org, role, commune, institutions, expires_in_days } => {
            use store::tokens::{TokenError, TokenOptions};
            let role: crate::domain::Role = role.parse().map_err(|e| format!("--role: {e}"))?;
            let org = org.trim();
            if org.is_empty() || org.chars().count() > 200 {
                return Err("--org: 1 to 200 characters".into());
            }
            match (role, institutions.is_empty()) {
                (crate::domain::Role::Editor, true) => {
                    eprintln!("note: an editor token without --institution may change no institution of the catalog");
                }
                (crate::domain::Role::Editor, false) => {}
                (_, false) => return Err(format!("--institution: only an editor token has institutions, not {role}")),
                (_, true) => {}
            }
            let expires_at =
                expires_in_days.filter(|d| *d > 0).map(|d| store::now() + chrono::Duration::days(i64::from(d)));
            if expires_in_days == Some(0) {
                return Err("--expires-in-days: at least 1".into());
            }
            let options = TokenOptions { commune: commune.as_deref(), institutions: &institutions, expires_at };
            let (id, token) =
                store::tokens::create_token_with(&mut conn, org, role, &options).map_err(|e| match e {
                    TokenError::Commune(c) => format!("--commune: `{c}` is not a commune slug"),
                    TokenError::Institution(i) => format!("--institution: `{i}` is not an institution slug"),
                    TokenError::Store(e) => e.to_string(),
                })?;
            eprintln!("token {id} for `{org}` ({role}); it is shown only now:");
            println!("{token}");
        }
        TokenAction::List => {
            for t in store::tokens::list_tokens(&mut conn).map_err(|e| e.to_string())? {
                let revoked = t.revoked_at.map_or_else(|| "active".into(), |r| format!("revoked {r}"));
                let expires = t.expires_at.map(|e| format!("  expires {e}")).unwrap_or_default();
                let scope = if t.institutions.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", t.institutions.join(", "))
                };
                println!(
                    "{:>5}  {:<8}  {:<10}  created {}  {}{expires}{scope}",
                    t.id, t.role, revoked, t.created_at, t.organisation
                );
            }
        }
        TokenAction::Revoke { id } => {
            if !store::tokens::revoke_token(&mut conn, id).map_err(|e| e.to_string())? {
                return Err(format!("no active token {id}"));
            }
            println!("token {id} revoked (running servers refuse it within {} s)", settings.token_ttl.as_secs());
        }
    }
    Ok(())
}

fn import_observations(settings: &Settings, file: &std::path::Path, org: &str) -> Result<(), String> {
    let mut conn = connect(settings)?;
    let (organisation_id, _) = store::observations::find_organisation(&mut conn, org)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("--org: no organisation `{org}` (create a token for it first)"))?;
    let snapshot = reload_snapshot(&mut conn).map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let records =
        crate::app::paper::parse(&text, &snapshot, organisation_id, chrono::Utc::now()).map_err(|errors| {
            let mut out = format!("{} error(s) in {} — nothing was written:\n", errors.len(), file.display());
            for e in errors {
                out.push_str(&format!("  {e}\n"));
            }
            out
        })?;
    let ids = store::observations::record_many(&mut conn, &records).map_err(|e| e.to_string())?;
    println!("{} observations imported from {}", ids.len(), file.display());
    Ok(())
}

fn run_synth(settings: &Settings, spec: synth::SynthSpec) -> Result<(), String> {
    let mut conn = connect_empty(settings)?;
    if !store::read::catalog_is_empty(&mut conn).map_err(|e| e.to_string())? {
        return Err("synth writes into an empty database only: point GUICHET_DATABASE_URL at a new one".into());
    }
    let started = std::time::Instant::now();
    let files = synth::synth_catalog(&spec);
    let report = store::import::import_catalog(&mut conn, &files).map_err(|e| e.to_string())?;
    eprintln!("catalog written in {:.1?}\n{report}", started.elapsed());
    let snapshot = reload_snapshot(&mut conn).map_err(|e| e.to_string())?;
    let (_, _) = store::tokens::create_token(&mut conn, synth::ORGANISATION_NAME, crate::domain::Role::Reporter, None)
        .map_err(|e| e.to_string())?;
    let (organisation_id, _) = store::observations::find_organisation(&mut conn, synth::ORGANISATION_NAME)
        .map_err(|e| e.to_string())?
        .ok_or("synth organisation")?;
    let started = std::time::Instant::now();
    let rows = synth::synth_observations(&spec, &snapshot, organisation_id, chrono::Utc::now());
    for chunk in rows.chunks(10_000) {
        store::observations::record_many(&mut conn, chunk).map_err(|e| e.to_string())?;
    }
    eprintln!("{} observations written in {:.1?}", rows.len(), started.elapsed());
    println!(
        "synthetic catalog: {} institutions, {} procedures, {} channels, {} observations",
        snapshot.institutions.len(),
        snapshot.procedures.len(),
        snapshot.channels.len(),
        rows.len()
    );
    Ok(())
}

fn publish_edition(settings: &Settings, label: &str) -> Result<(), String> {
    let mut conn = connect(settings)?;
    let rules = read_rules(&settings.catalog_dir).map_err(|e| e.to_string())?;
    let snapshot = reload_snapshot(&mut conn).map_err(|e| e.to_string())?;
    let observed = crate::catalog::observed::load_observed(&mut conn, settings.probes.reachability())
        .map_err(|e| e.to_string())?;
    let ctx = crate::app::Ctx::at(chrono::Utc::now(), std::sync::Arc::new(observed));
    let (results, table) =
        crate::app::editions::publish(&mut conn, label, &snapshot, &ctx, &rules).map_err(|e| e.to_string())?;
    println!("edition `{label}` published: {} results, {} observations", results.len(), table.total);
    Ok(())
}
