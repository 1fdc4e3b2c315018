//! The catalog's life: import the files, build the read model from the database, preview what files would give.

use crate::catalog::observed::{ObservedIndex, load_observed};
use crate::catalog::{Snapshot, build_snapshot};
use crate::domain::compliance::Rule;
use crate::import::{self, CatalogFiles, ImportError};
use crate::store::{self, DbConnection, DbPool, StoreError};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The files of `dir` are not valid: every error, one per line.
    #[error("catalog {dir}:\n{list}")]
    Files { dir: String, list: String },
}

fn files_error(dir: &Path, errors: &[ImportError]) -> CatalogError {
    let list = errors.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n");
    CatalogError::Files { dir: dir.display().to_string(), list }
}

/// The catalog files of `dir`, validated.
pub fn read_files(dir: &Path) -> Result<CatalogFiles, CatalogError> {
    import::load_catalog(dir).map_err(|errors| files_error(dir, &errors))
}

/// The compliance rules of `dir/rules.toml`.
pub fn read_rules(dir: &Path) -> Result<Vec<Rule>, CatalogError> {
    import::load_rules(dir).map_err(|errors| files_error(dir, &errors))
}

/// The read model of what the database holds now, judged on today's Brussels date.
pub fn reload_snapshot(conn: &mut DbConnection) -> Result<Snapshot, StoreError> {
    let rows = store::read::load_catalog_rows(conn)?;
    build_snapshot(rows, super::context::brussels_date(chrono::Utc::now()))
}

/// Migrates, imports the catalog of `dir` into an empty database, and builds the first read model.
/// Blocking: call from a blocking task.
pub fn prepare_database(
    pool: &DbPool,
    dir: &Path,
    params: crate::domain::reachability::ReachabilityParams,
) -> Result<(Snapshot, ObservedIndex), CatalogError> {
    let started = std::time::Instant::now();
    let mut conn = pool.get().map_err(StoreError::from)?;
    let applied = store::run_migrations(&mut conn)?;
    let migrated = started.elapsed();
    if !applied.is_empty() {
        tracing::info!(migrations = ?applied, "database migrated");
    }
    let redacted = store::privacy::redact_stored_texts(&mut conn).map_err(StoreError::from)?;
    tracing::info!(
        complaints = redacted.complaints,
        notes = redacted.notes,
        observations = redacted.observations,
        "privacy sweep: {} stored text(s) redacted",
        redacted.total()
    );
    let swept = started.elapsed();
    import_if_empty(&mut conn, dir)?;
    let imported = started.elapsed();
    // The catalog and the observations are read side by side, each on its own connection, when the pool has
    // two: the two halves of a start-up take about as long as each other at Belgium scale.
    let (snapshot, observed) = if pool.max_size() > 1 {
        let mut second = pool.get().map_err(StoreError::from)?;
        std::thread::scope(|scope| {
            let observed = scope.spawn(move || {
                let observed = load_observed(&mut second, params);
                store::release_cache(&mut second).map_err(StoreError::from)?;
                observed
            });
            let snapshot = reload_snapshot(&mut conn);
            let built = started.elapsed();
            let observed = observed.join().map_err(|_| StoreError::Blocking("loading observations panicked".into()));
            (snapshot.map(|s| (s, built)), observed)
        })
    } else {
        let snapshot = reload_snapshot(&mut conn).map(|s| (s, started.elapsed()));
        (snapshot, Ok(load_observed(&mut conn, params)))
    };
    store::release_cache(&mut conn).map_err(StoreError::from)?;
    let (snapshot, built) = snapshot?;
    let observed = observed??;
    let loaded = started.elapsed();
    // Where start-up time and memory go (bench/coldstart.sh reads the process as a whole).
    tracing::info!(
        migrations_ms = migrated.as_millis(),
        privacy_sweep_ms = (swept - migrated).as_millis(),
        import_ms = (imported - swept).as_millis(),
        snapshot_ms = (built - imported).as_millis(),
        observed_ms = (loaded - imported).as_millis(),
        resident_mib = resident_mib(),
        "read model ready"
    );
    Ok((snapshot, observed))
}

/// The process's resident memory in MiB, where `/proc` tells it.
pub fn resident_mib() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096 / (1024 * 1024))
}

/// Imports the catalog of `dir` when the database has none yet (a fresh database is usable at once, by the
/// server or by a command such as `guichet token create --commune …`).
pub fn import_if_empty(conn: &mut DbConnection, dir: &Path) -> Result<(), CatalogError> {
    if store::read::catalog_is_empty(conn)? {
        let catalog = read_files(dir)?;
        let report = store::import::import_catalog(conn, &catalog)?;
        tracing::info!(dir = %dir.display(), "empty database: catalog imported\n{report}");
    }
    Ok(())
}

/// What `export_catalog` wrote.
#[derive(Debug, Clone)]
pub struct Exported {
    pub files: Vec<std::path::PathBuf>,
    pub institutions: usize,
    pub procedures: usize,
    pub channels: usize,
}

/// Writes the catalog as the database holds it (edits through the API included) into `dir` as catalog files,
/// with the compliance rules of `rules_dir` beside them, and checks that the written folder reads back as a valid
/// catalog: an export is a catalog `guichet import` takes.
pub fn export_catalog(conn: &mut DbConnection, dir: &Path, rules_dir: &Path) -> Result<Exported, CatalogError> {
    let catalog = store::export::export_catalog(conn)?;
    let mut files = import::write_catalog(dir, &catalog)
        .map_err(|message| CatalogError::Files { dir: dir.display().to_string(), list: format!("  {message}") })?;
    let rules = rules_dir.join("rules.toml");
    if rules.exists() {
        let to = dir.join("rules.toml");
        std::fs::copy(&rules, &to).map_err(|e| CatalogError::Files {
            dir: dir.display().to_string(),
            list: format!("  cannot copy `{}`: {e}", rules.display()),
        })?;
        files.push(to);
    }
    read_files(dir)?;
    Ok(Exported {
        files,
        institutions: catalog.institutions.len(),
        procedures: catalog.procedures().count(),
        channels: catalog.channels().count(),
    })
}

/// The snapshot a catalog would give, built through a throwaway in-memory SQLite database: the same import and
/// read code as for real, nothing written anywhere. Used by `guichet import --check` and the coverage test.
pub fn preview_snapshot(catalog: &CatalogFiles) -> Result<Snapshot, StoreError> {
    use diesel::Connection;
    let memory = diesel::SqliteConnection::establish(":memory:")?;
    let mut conn = DbConnection::Sqlite(memory);
    store::run_migrations(&mut conn)?;
    store::import::import_catalog(&mut conn, catalog)?;
    reload_snapshot(&mut conn)
}
