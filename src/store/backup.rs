//! Backup and restore of a SQLite database: `VACUUM INTO` writes a consistent copy while the server keeps
//! serving (readers and the writer go on; the copy is one read transaction); a restore checks that the file is
//! a guichet database with every migration applied before it takes the database's place. PostgreSQL has its own
//! tools (`pg_dump`, `pg_restore`): guichet says how and copies nothing.

use super::{DbConnection, SQLITE_MIGRATIONS, StoreError};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel_migrations::MigrationHarness;
use std::path::Path;

/// Writes a consistent copy of the connected SQLite database to `file`, which must not exist yet.
pub fn backup_sqlite(conn: &mut DbConnection, file: &Path) -> Result<(), StoreError> {
    if file.exists() {
        return Err(StoreError::Corrupt(format!("{} already exists: give a new file", file.display())));
    }
    let target = file.to_str().ok_or_else(|| StoreError::Corrupt("the file name is not UTF-8".into()))?;
    conn.batch_execute(&format!("VACUUM INTO '{}'", target.replace('\'', "''")))?;
    Ok(())
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Checks that `file` is a sound guichet SQLite database with every migration of this version applied; returns
/// its count of observations and complaints.
pub fn check_sqlite_backup(file: &Path) -> Result<(i64, i64), StoreError> {
    if !file.is_file() {
        return Err(StoreError::Corrupt(format!("{} is not a file", file.display())));
    }
    let path = file.to_str().ok_or_else(|| StoreError::Corrupt("the file name is not UTF-8".into()))?;
    let mut conn = SqliteConnection::establish(path)?;
    let tables: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN \
         ('__diesel_schema_migrations', 'observations', 'complaints', 'procedures', 'channels')",
    )
    .get_result(&mut conn)?;
    if tables.n != 5 {
        return Err(StoreError::Corrupt(format!("{} is not a guichet database", file.display())));
    }
    let pending = conn.has_pending_migration(SQLITE_MIGRATIONS).map_err(|e| StoreError::Migration(e.to_string()))?;
    if pending {
        return Err(StoreError::Corrupt(format!(
            "{} lacks migrations of this version: restore it with the version that wrote it, then run `guichet migrate`",
            file.display()
        )));
    }
    #[derive(QueryableByName)]
    struct Integrity {
        #[diesel(sql_type = diesel::sql_types::Text)]
        integrity_check: String,
    }
    let check: Integrity = diesel::sql_query("PRAGMA integrity_check").get_result(&mut conn)?;
    if check.integrity_check != "ok" {
        return Err(StoreError::Corrupt(format!("{} is damaged: {}", file.display(), check.integrity_check)));
    }
    let observations: Count = diesel::sql_query("SELECT count(*) AS n FROM observations").get_result(&mut conn)?;
    let complaints: Count = diesel::sql_query("SELECT count(*) AS n FROM complaints").get_result(&mut conn)?;
    Ok((observations.n, complaints.n))
}

/// Puts a checked backup in the place of the SQLite database at `target`: copied next to it, then renamed over it
/// (a reader never sees half a file); the database it replaces is kept as `<target>.before-restore`. Refused
/// while the database looks in use (its `-wal` or `-shm` file is there) unless `force` (after a crash).
pub fn restore_sqlite(file: &Path, target: &Path, force: bool) -> Result<(i64, i64), StoreError> {
    let counts = check_sqlite_backup(file)?;
    let side = |suffix: &str| {
        let mut name = target.as_os_str().to_owned();
        name.push(suffix);
        std::path::PathBuf::from(name)
    };
    let (wal, shm) = (side("-wal"), side("-shm"));
    if (wal.exists() || shm.exists()) && !force {
        return Err(StoreError::Corrupt(format!(
            "{} looks in use ({} is there): stop the server first, or give --force if it is stopped",
            target.display(),
            if wal.exists() { wal.display() } else { shm.display() }
        )));
    }
    let io = |e: std::io::Error| StoreError::Corrupt(e.to_string());
    let incoming = side(".restoring");
    std::fs::copy(file, &incoming).map_err(io)?;
    if target.exists() {
        std::fs::rename(target, side(".before-restore")).map_err(io)?;
    }
    // A stale write-ahead log of the old database must never be replayed into the restored one.
    for stale in [&wal, &shm] {
        if stale.exists() {
            std::fs::remove_file(stale).map_err(io)?;
        }
    }
    std::fs::rename(&incoming, target).map_err(io)?;
    Ok(counts)
}
