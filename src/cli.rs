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
        /// The catalog folder (default: GUICHET_CATALOG, else the shipped catalog).
        dir: Option<PathBuf>,
    },
    /// Print the OpenAPI document (what `openapi/openapi.json` must contain).
    Openapi,
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
        Some(Command::Import { check, dir }) => import_files(&settings, dir, check),
        Some(Command::Openapi) => unreachable!("handled above"),
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

fn import_files(settings: &Settings, dir: Option<PathBuf>, check: bool) -> Result<(), String> {
    let dir = dir.unwrap_or_else(|| settings.catalog_dir.clone());
    let catalog = import::load_catalog(&dir).map_err(|errors| {
        let mut out = format!("{} error(s) in the catalog at {} — nothing was written:\n", errors.len(), dir.display());
        for e in &errors {
            out.push_str(&format!("  {e}\n"));
        }
        out
    })?;
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
