//! The command line: `guichet [serve]`, `migrate`, `import [--check] [DIR]`, `openapi`.

use crate::catalog::quality::quality_report;
use crate::config::Settings;
use crate::startup::{Application, preview_snapshot};
use crate::{api, import, store, telemetry};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

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
enum Command {
    /// Serve the API (the default): migrates, imports the catalog into an empty database, listens on GUICHET_BIND.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Import the catalog files into the database (idempotent: by slug and key).
    Import {
        /// Validate only: report errors and data quality, write nothing.
        #[arg(long)]
        check: bool,
        /// Also fail when a text a person reads is missing in French, Dutch or English.
        #[arg(long)]
        strict: bool,
        /// The catalog folder (default: GUICHET_CATALOG, else the shipped catalog).
        dir: Option<PathBuf>,
    },
    /// Print the OpenAPI document (what `openapi/openapi.json` must contain).
    Openapi,
    /// Tokens of reporting organisations.
    Token {
        #[command(subcommand)]
        action: TokenAction,
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
}

#[derive(Subcommand)]
enum TokenAction {
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
    },
    /// List tokens (never the tokens themselves).
    List,
    /// Revoke a token by id: it is refused from then on.
    Revoke { id: i64 },
}

#[derive(Subcommand)]
enum EditionsAction {
    /// Freeze the current gap results and monitoring figures as an immutable edition, e.g. `2026-Q4`.
    Publish { label: String },
}

#[derive(Subcommand)]
enum ObservationsAction {
    /// Import paper questionnaires from a CSV file: all rows or none.
    Import {
        file: PathBuf,
        /// The organisation the observations are from (must exist: create a token for it first).
        #[arg(long)]
        org: String,
    },
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Openapi) = cli.command {
        print!("{}", api::openapi_json());
        return ExitCode::SUCCESS;
    }
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("guichet: configuration: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(&settings.log);
    let result = match cli.command {
        None | Some(Command::Serve) => serve(settings),
        Some(Command::Migrate) => migrate(&settings),
        Some(Command::Import { check, strict, dir }) => import_files(&settings, dir, check, strict),
        Some(Command::Openapi) => unreachable!("handled above"),
        Some(Command::Token { action }) => token(&settings, action),
        Some(Command::Editions { action: EditionsAction::Publish { label } }) => publish_edition(&settings, &label),
        Some(Command::Synth { communes, procedures, observations, seed }) => {
            synth(&settings, crate::synth::SynthSpec { communes, procedures, observations, seed })
        }
        Some(Command::Observations { action: ObservationsAction::Import { file, org } }) => {
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

fn serve(settings: Settings) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let bind = settings.bind;
        let app = Application::build(settings).await.map_err(|e| e.to_string())?;
        tracing::info!("listening on http://{}:{} (API docs at /docs)", bind.ip(), app.port());
        app.run_until_stopped().await.map_err(|e| e.to_string())
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
    Ok(())
}

fn import_files(settings: &Settings, dir: Option<PathBuf>, check: bool, strict: bool) -> Result<(), String> {
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
        print!("{}", quality_report(&snapshot, chrono::Utc::now().date_naive()));
        return Ok(());
    }
    let pool = store::connect_pool(&settings.database, 1).map_err(|e| e.to_string())?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    store::run_migrations(&mut conn).map_err(|e| e.to_string())?;
    let report = store::import::import_catalog(&mut conn, &catalog).map_err(|e| e.to_string())?;
    println!("{report}");
    Ok(())
}

fn connect(settings: &Settings) -> Result<store::Conn, String> {
    let pool = store::connect_pool(&settings.database, 1).map_err(|e| e.to_string())?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    store::run_migrations(&mut conn).map_err(|e| e.to_string())?;
    Ok(conn)
}

fn token(settings: &Settings, action: TokenAction) -> Result<(), String> {
    let mut conn = connect(settings)?;
    match action {
        TokenAction::Create { org, role, commune } => {
            let role: crate::domain::Role = role.parse().map_err(|e| format!("--role: {e}"))?;
            let org = org.trim();
            if org.is_empty() || org.chars().count() > 200 {
                return Err("--org: 1 to 200 characters".into());
            }
            let (id, token) =
                store::tokens::create_token(&mut conn, org, role, commune.as_deref()).map_err(|e| match e {
                    store::StoreError::Query(diesel::result::Error::NotFound) => {
                        format!("--commune: `{}` is not a commune slug", commune.unwrap_or_default())
                    }
                    other => other.to_string(),
                })?;
            eprintln!("token {id} for `{org}` ({role}); it is shown only now:");
            println!("{token}");
        }
        TokenAction::List => {
            for t in store::tokens::list_tokens(&mut conn).map_err(|e| e.to_string())? {
                let revoked = t.revoked_at.map(|r| format!("revoked {r}")).unwrap_or_else(|| "active".into());
                println!("{:>5}  {:<8}  {:<10}  created {}  {}", t.id, t.role, revoked, t.created_at, t.organisation);
            }
        }
        TokenAction::Revoke { id } => {
            if !store::tokens::revoke_token(&mut conn, id).map_err(|e| e.to_string())? {
                return Err(format!("no active token {id}"));
            }
            println!("token {id} revoked");
        }
    }
    Ok(())
}

fn import_observations(settings: &Settings, file: &std::path::Path, org: &str) -> Result<(), String> {
    let mut conn = connect(settings)?;
    let (organisation_id, _) = store::observations::find_organisation(&mut conn, org)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("--org: no organisation `{org}` (create a token for it first)"))?;
    let snapshot = crate::startup::reload_snapshot(&mut conn).map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let records = crate::api::observations_csv::parse(&text, &snapshot, organisation_id, chrono::Utc::now()).map_err(
        |errors| {
            let mut out = format!("{} error(s) in {} — nothing was written:\n", errors.len(), file.display());
            for e in errors {
                out.push_str(&format!("  {e}\n"));
            }
            out
        },
    )?;
    let ids = store::observations::record_many(&mut conn, &records).map_err(|e| e.to_string())?;
    println!("{} observations imported from {}", ids.len(), file.display());
    Ok(())
}

fn synth(settings: &Settings, spec: crate::synth::SynthSpec) -> Result<(), String> {
    let mut conn = connect(settings)?;
    if !store::read::catalog_is_empty(&mut conn).map_err(|e| e.to_string())? {
        return Err("synth writes into an empty database only: point GUICHET_DATABASE_URL at a new one".into());
    }
    let started = std::time::Instant::now();
    let files = crate::synth::synth_catalog(&spec);
    let report = store::import::import_catalog(&mut conn, &files).map_err(|e| e.to_string())?;
    eprintln!("catalog written in {:.1?}\n{report}", started.elapsed());
    let snapshot = crate::startup::reload_snapshot(&mut conn).map_err(|e| e.to_string())?;
    let (_, _) =
        store::tokens::create_token(&mut conn, crate::synth::ORGANISATION_NAME, crate::domain::Role::Reporter, None)
            .map_err(|e| e.to_string())?;
    let (organisation_id, _) = store::observations::find_organisation(&mut conn, crate::synth::ORGANISATION_NAME)
        .map_err(|e| e.to_string())?
        .ok_or("synth organisation")?;
    let started = std::time::Instant::now();
    let rows = crate::synth::synth_observations(&spec, &snapshot, organisation_id, chrono::Utc::now());
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
    if !crate::api::editions::valid_label(label) {
        return Err("LABEL: 1 to 50 letters, digits, `-`, `_` or `.`".into());
    }
    let mut conn = connect(settings)?;
    let rules = import::load_rules(&settings.catalog_dir)
        .map_err(|e| e.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))?;
    let snapshot = crate::startup::reload_snapshot(&mut conn).map_err(|e| e.to_string())?;
    let observed = crate::catalog::observed::load_observed(&mut conn).map_err(|e| e.to_string())?;
    let (results, table) = crate::api::editions::freeze(&snapshot, &observed, &rules, chrono::Utc::now());
    let gaps = serde_json::to_string(&results).map_err(|e| e.to_string())?;
    let monitoring = serde_json::to_string(&table).map_err(|e| e.to_string())?;
    if !store::editions::publish(&mut conn, label, &gaps, &monitoring).map_err(|e| e.to_string())? {
        return Err(format!("edition `{label}` exists already: editions are never replaced"));
    }
    println!("edition `{label}` published: {} results, {} observations", results.len(), table.total);
    Ok(())
}
