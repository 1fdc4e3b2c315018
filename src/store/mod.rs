//! The database: one diesel code path for SQLite (embedded default) and PostgreSQL (production).
//!
//! Connections are `DbConnection`, a diesel `MultiConnection` over both backends. We build the concrete
//! connection ourselves (instead of `MultiConnection::establish`, which tries each backend in turn) so that an
//! unreachable PostgreSQL URL can never fall through to creating a SQLite file of that name.

/// The one place where code depends on the database behind a connection (as vaultwarden's `db_run!`): each
/// arm gets the concrete connection. Everything else is written once with diesel's DSL.
macro_rules! db_run {
    ($conn:expr, postgres $pg:ident => $on_pg:expr, sqlite $sqlite:ident => $on_sqlite:expr $(,)?) => {
        match $conn {
            $crate::store::DbConnection::Postgres($pg) => $on_pg,
            $crate::store::DbConnection::Sqlite($sqlite) => $on_sqlite,
        }
    };
}
pub(crate) use db_run;

pub mod audit;
pub mod backup;
pub mod complaints;
pub mod editions;
pub mod edits;
pub mod entry_records;
pub mod export;
pub mod gap_statuses;
pub mod import;
pub mod import_report;
pub mod models;
pub mod observations;
pub mod overlay;
pub mod people;
pub mod privacy;
pub mod probes;
pub mod read;
pub mod records;
pub mod schema;
pub mod sessions;
pub mod sql_types;
pub mod suggestions;
pub mod sync;
pub mod tokens;
pub mod verification;
pub mod webhooks;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ManageConnection, Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use std::time::Duration;

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

pub type DbPool = Pool<Manager>;
pub type Conn = PooledConnection<Manager>;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database connection: {0}")]
    Connection(#[from] ConnectionError),
    #[error("connection pool: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("query: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("migration: {0}")]
    Migration(String),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("blocking task failed: {0}")]
    Blocking(String),
    /// The database could not be reached for a group of writes (each of its callers gets one).
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A group commit failed as a whole (each of its callers gets one).
    #[error("group commit: {0}")]
    Group(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A parsed `GUICHET_DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    pub backend: Backend,
    /// What the driver receives: the PostgreSQL URL, or the SQLite file path.
    pub target: String,
    /// SQLite only: when a commit reaches the disk (`GUICHET_SQLITE_SYNC`).
    pub sqlite_sync: SqliteSync,
}

/// SQLite's `synchronous` setting, in WAL mode (`GUICHET_SQLITE_SYNC`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SqliteSync {
    /// `normal` (default): the write-ahead log is flushed at checkpoints, not at every commit. A committed
    /// write survives the process being killed, never a corrupt database; a power loss or an operating-system
    /// crash may lose the last commits before the checkpoint.
    #[default]
    Normal,
    /// `full`: the write-ahead log is flushed to disk at every commit before it is acknowledged, so a committed
    /// write also survives a power loss; each commit waits for the disk.
    Full,
}

impl std::str::FromStr for SqliteSync {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "normal" => Ok(SqliteSync::Normal),
            "full" => Ok(SqliteSync::Full),
            other => Err(format!("`{other}`: expected normal or full")),
        }
    }
}

impl SqliteSync {
    fn pragma(self) -> &'static str {
        match self {
            SqliteSync::Normal => "NORMAL",
            SqliteSync::Full => "FULL",
        }
    }
}

impl std::str::FromStr for DatabaseUrl {
    type Err = String;

    fn from_str(url: &str) -> Result<Self, String> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl {
                backend: Backend::Postgres,
                target: url.to_string(),
                sqlite_sync: SqliteSync::default(),
            });
        }
        let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
        if path.is_empty() {
            return Err("empty: expected postgres://… or a SQLite file path (sqlite://guichet.sqlite3)".into());
        }
        if path == ":memory:" {
            // Every pooled connection would get its own empty database.
            return Err("`:memory:` is not supported: give a SQLite file path".into());
        }
        if path.contains("://") {
            return Err(format!("unknown scheme in `{url}`: expected postgres:// or sqlite://"));
        }
        Ok(DatabaseUrl { backend: Backend::Sqlite, target: path.to_string(), sqlite_sync: SqliteSync::default() })
    }
}

/// How long a SQLite statement waits for a lock another connection holds before it fails.
pub const SQLITE_BUSY_TIMEOUT_MS: u32 = 5000;

/// r2d2 manager that opens the right concrete connection and sets SQLite up the way we need it.
#[derive(Debug, Clone)]
pub struct Manager {
    url: DatabaseUrl,
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConnection, Self::Error> {
        use diesel::r2d2::Error;
        match self.url.backend {
            Backend::Postgres => {
                PgConnection::establish(&self.url.target).map(DbConnection::Postgres).map_err(Error::ConnectionError)
            }
            Backend::Sqlite => {
                let mut conn = SqliteConnection::establish(&self.url.target).map_err(Error::ConnectionError)?;
                // busy_timeout first: every statement after it, the journal mode's included, waits for a lock
                // instead of failing at once. WAL lets readers and the writer work at once; `synchronous` says
                // when a commit reaches the disk (`SqliteSync`); foreign keys are off by default in SQLite.
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = {}; PRAGMA foreign_keys = ON;",
                    self.url.sqlite_sync.pragma()
                ))
                .map_err(Error::QueryError)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), Self::Error> {
        conn.batch_execute("SELECT 1").map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

/// How long a request waits for a database connection before it answers 503 (`GUICHET_DB_TIMEOUT`).
pub const DEFAULT_POOL_TIMEOUT: Duration = Duration::from_secs(2);

/// A pool that waits at most `DEFAULT_POOL_TIMEOUT` for a connection.
/// Gives back the pages SQLite cached while the read model was loaded (a whole table's worth); PostgreSQL keeps
/// its cache in the server, not here.
pub fn release_cache(conn: &mut DbConnection) -> QueryResult<()> {
    match conn {
        DbConnection::Sqlite(c) => diesel::sql_query("PRAGMA shrink_memory").execute(c).map(|_| ()),
        DbConnection::Postgres(_) => Ok(()),
    }
}

pub fn connect_pool(url: &DatabaseUrl, max_size: u32) -> Result<DbPool, StoreError> {
    connect_pool_with(url, max_size, DEFAULT_POOL_TIMEOUT)
}

/// A pool that waits at most `timeout` for a connection: with the database gone, a request fails within it
/// (503) instead of queueing, and succeeds again as soon as the database is back (no restart).
pub fn connect_pool_with(url: &DatabaseUrl, max_size: u32, timeout: Duration) -> Result<DbPool, StoreError> {
    let pool = Pool::builder()
        .max_size(max_size)
        // Open connections as needed, not all at start-up.
        .min_idle(Some(1))
        .connection_timeout(timeout)
        .build(Manager { url: url.clone() })?;
    Ok(pool)
}

/// Applies pending migrations; returns the names applied. On PostgreSQL an advisory lock keeps two instances
/// starting at once from racing.
pub fn run_migrations(conn: &mut DbConnection) -> Result<Vec<String>, StoreError> {
    let err = |e: Box<dyn std::error::Error + Send + Sync>| StoreError::Migration(e.to_string());
    db_run!(conn,
        postgres c => {
            c.batch_execute("SELECT pg_advisory_lock(4711001)")?;
            let result = c
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|applied| applied.iter().map(ToString::to_string).collect::<Vec<_>>())
                .map_err(err);
            c.batch_execute("SELECT pg_advisory_unlock(4711001)")?;
            result
        },
        sqlite c => Ok(c.run_pending_migrations(SQLITE_MIGRATIONS).map_err(err)?.iter().map(ToString::to_string).collect())
    )
}

/// Runs `f` in a write transaction. On SQLite it takes the write lock at `BEGIN` (`BEGIN IMMEDIATE`): a
/// transaction that reads first and writes later would otherwise fail at once with "database is locked" when
/// another writer got in between, instead of waiting out the busy timeout. Nested `transaction` calls inside `f`
/// become savepoints, as usual.
pub fn write_transaction<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    fn sqlite(conn: &mut DbConnection) -> Option<&mut SqliteConnection> {
        db_run!(conn, postgres _pg => None, sqlite c => Some(c))
    }
    let Some(c) = sqlite(conn) else { return conn.transaction(f) };
    AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
    let result = f(conn);
    let c = sqlite(conn).expect("still the same SQLite connection");
    match result {
        Ok(value) => {
            AnsiTransactionManager::commit_transaction(c)?;
            Ok(value)
        }
        Err(e) => {
            AnsiTransactionManager::rollback_transaction(c)?;
            Err(e)
        }
    }
}

/// A unique constraint refused the write (a concurrent request with the same key won the race).
pub fn is_unique_violation(e: &diesel::result::Error) -> bool {
    matches!(e, diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _))
}

/// Database is reachable and answers.
pub fn ping(conn: &mut DbConnection) -> Result<(), StoreError> {
    conn.batch_execute("SELECT 1")?;
    Ok(())
}

/// The database answers within `timeout` (a connection from the pool and `SELECT 1`), for `/readyz`.
pub async fn ping_within(pool: &DbPool, timeout: Duration) -> Result<(), StoreError> {
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get_timeout(timeout)?;
        ping(&mut conn)
    })
    .await
    .map_err(|e| StoreError::Blocking(e.to_string()))?
}

/// Runs blocking database work off the async threads.
pub async fn blocking<T, F>(pool: &DbPool, work: F) -> Result<T, StoreError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection) -> Result<T, StoreError> + Send + 'static,
{
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get()?;
        work(&mut conn)
    })
    .await
    .map_err(|e| StoreError::Blocking(e.to_string()))?
}

pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls() {
        let pg: DatabaseUrl = "postgres://u:p@127.0.0.1:5432/g".parse().unwrap();
        assert_eq!(pg.backend, Backend::Postgres);
        let file: DatabaseUrl = "sqlite://data/guichet.sqlite3".parse().unwrap();
        assert_eq!((file.backend, file.target.as_str()), (Backend::Sqlite, "data/guichet.sqlite3"));
        let bare: DatabaseUrl = "guichet.sqlite3".parse().unwrap();
        assert_eq!(bare.target, "guichet.sqlite3");
        for bad in ["", "sqlite://", "mysql://x/y", ":memory:"] {
            assert!(bad.parse::<DatabaseUrl>().is_err(), "{bad}");
        }
    }

    #[derive(QueryableByName)]
    struct Synchronous {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        synchronous: i32,
    }

    #[test]
    fn the_sqlite_sync_mode_reaches_every_pooled_connection() {
        assert_eq!("Full".parse::<SqliteSync>(), Ok(SqliteSync::Full));
        assert_eq!(" normal ".parse::<SqliteSync>(), Ok(SqliteSync::Normal));
        assert!("off".parse::<SqliteSync>().is_err(), "only modes that keep a commit are offered");
        let dir = tempfile::tempdir().unwrap();
        // SQLite's numbers: NORMAL is 1, FULL is 2.
        for (sync, want) in [(SqliteSync::Normal, 1), (SqliteSync::Full, 2)] {
            let mut url: DatabaseUrl =
                format!("sqlite://{}", dir.path().join("sync.sqlite3").display()).parse().unwrap();
            url.sqlite_sync = sync;
            let pool = connect_pool(&url, 2).unwrap();
            let conns: Vec<_> = (0..2).map(|_| pool.get().unwrap()).collect();
            for mut conn in conns {
                let s: Synchronous = diesel::sql_query("PRAGMA synchronous").get_result(&mut *conn).unwrap();
                assert_eq!(s.synchronous, want, "{sync:?}");
            }
        }
    }
}
