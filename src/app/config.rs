//! Configuration from environment variables, each with a default that works on a fresh clone.

use crate::store::DatabaseUrl;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Settings {
    /// `GUICHET_DATABASE_URL`: `postgres://…` or a SQLite file (default `guichet.sqlite3` in the working directory).
    /// With it, `GUICHET_SQLITE_SYNC`: `normal` (default) or `full` (every commit flushed to disk: survives a
    /// power loss), see `store::SqliteSync`.
    pub database: DatabaseUrl,
    /// `GUICHET_BIND`: address and port to listen on (default `127.0.0.1:8080`).
    pub bind: SocketAddr,
    /// `GUICHET_CATALOG`: the catalog folder imported into an empty database (default: the repository's `catalog/`).
    pub catalog_dir: PathBuf,
    /// `GUICHET_LOG`: tracing filter, e.g. `info` or `guichet=debug,actix_web=info` (default `info`).
    pub log: String,
    /// `GUICHET_WORKERS`: HTTP worker threads (default: one per core).
    pub workers: Option<usize>,
    /// `GUICHET_DB_POOL`: database connections at most (default 8).
    pub db_pool: u32,
    /// `GUICHET_DB_TIMEOUT`: seconds a request waits for a database connection before it answers 503 (default
    /// 2, from 1 to 60); `/readyz` waits at most one second.
    pub db_timeout: std::time::Duration,
    /// `GUICHET_TOKEN_TTL`: seconds a checked bearer token is believed without asking the database again
    /// (default 10, 0 to 300; 0: every request asks).
    pub token_ttl: std::time::Duration,
    /// `GUICHET_TRUST_FORWARDED`: `true` behind a reverse proxy that sets `Forwarded`/`X-Forwarded-For`, so that
    /// per-client limits apply to the real client (default `false`: the header could be forged).
    pub trust_forwarded: bool,
    /// `GUICHET_BENCH=1`: also serve `GET /bench/ceiling?bytes=N`, a fixed pre-serialised response, so a benchmark
    /// can measure what this machine's HTTP stack alone can do (off by default).
    pub bench: bool,
    /// `GUICHET_PUBLIC_URL`: the site's public address, e.g. `https://guichet.brussels`, for the QR codes of the
    /// printable sheets (default: the scheme and host each request came with).
    pub public_url: Option<String>,
    /// `GUICHET_FORM_KEY`: the secret (at least 32 characters) that signs the anonymous forms' anti-forgery tokens;
    /// unset, one is generated at first start and kept in the database.
    pub form_key: Option<String>,
    /// `GUICHET_OUTBOUND_*`: the outbound guard every call out goes through (`app/outbound`).
    pub outbound: crate::app::outbound::OutboundSettings,
    /// `GUICHET_WEBHOOK*`: webhook delivery (`app/webhooks`).
    pub webhooks: crate::app::webhooks::WebhookSettings,
    /// `GUICHET_PROBE*`: probes of online channels (`app/probes`), off by default.
    pub probes: crate::app::probes::ProbeSettings,
}

/// A variable with a value we cannot use. Start-up stops with this one line.
#[derive(Debug, thiserror::Error)]
#[error("{var}: {message}")]
pub struct ConfigError {
    pub var: &'static str,
    pub message: String,
}

fn var(name: &'static str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// A number of whole seconds within `range` from `name`, or `default` when it is not set.
fn seconds(
    name: &'static str,
    default: std::time::Duration,
    range: std::ops::RangeInclusive<u64>,
) -> Result<std::time::Duration, ConfigError> {
    let Some(n) = var(name) else { return Ok(default) };
    n.parse::<u64>().ok().filter(|s| range.contains(s)).map(std::time::Duration::from_secs).ok_or_else(|| ConfigError {
        var: name,
        message: format!("`{n}`: expected a number of seconds from {} to {}", range.start(), range.end()),
    })
}

/// The catalog shipped with the source, when it is there; else `catalog` in the working directory.
pub fn default_catalog_dir() -> PathBuf {
    let shipped = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog"));
    if shipped.is_dir() { shipped } else { PathBuf::from("catalog") }
}

impl Settings {
    pub fn from_env() -> Result<Settings, ConfigError> {
        let mut database: DatabaseUrl = var("GUICHET_DATABASE_URL")
            .unwrap_or_else(|| "guichet.sqlite3".into())
            .parse()
            .map_err(|message| ConfigError { var: "GUICHET_DATABASE_URL", message })?;
        if let Some(sync) = var("GUICHET_SQLITE_SYNC") {
            database.sqlite_sync =
                sync.parse().map_err(|message| ConfigError { var: "GUICHET_SQLITE_SYNC", message })?;
        }
        let bind = var("GUICHET_BIND").unwrap_or_else(|| "127.0.0.1:8080".into()).parse().map_err(|e| ConfigError {
            var: "GUICHET_BIND",
            message: format!("{e}: expected HOST:PORT, e.g. 127.0.0.1:8080"),
        })?;
        let catalog_dir = var("GUICHET_CATALOG").map_or_else(default_catalog_dir, PathBuf::from);
        let log = var("GUICHET_LOG").unwrap_or_else(|| "info".into());
        tracing_subscriber::EnvFilter::try_new(&log).map_err(|e| ConfigError {
            var: "GUICHET_LOG",
            message: format!("{e}: expected a filter such as `info`"),
        })?;
        let workers = match var("GUICHET_WORKERS") {
            None => None,
            Some(w) => Some(w.parse::<usize>().ok().filter(|n| (1..=256).contains(n)).ok_or_else(|| ConfigError {
                var: "GUICHET_WORKERS",
                message: format!("`{w}`: expected a number of threads from 1 to 256"),
            })?),
        };
        let db_pool = match var("GUICHET_DB_POOL") {
            None => 8,
            Some(n) => n.parse::<u32>().ok().filter(|n| (1..=256).contains(n)).ok_or_else(|| ConfigError {
                var: "GUICHET_DB_POOL",
                message: format!("`{n}`: expected a number of connections from 1 to 256"),
            })?,
        };
        let db_timeout = seconds("GUICHET_DB_TIMEOUT", crate::store::DEFAULT_POOL_TIMEOUT, 1..=60)?;
        let token_ttl = seconds("GUICHET_TOKEN_TTL", crate::app::bearer::TOKEN_TTL, 0..=300)?;
        let trust_forwarded = match var("GUICHET_TRUST_FORWARDED").as_deref() {
            None | Some("false" | "0") => false,
            Some("true" | "1") => true,
            Some(other) => {
                return Err(ConfigError {
                    var: "GUICHET_TRUST_FORWARDED",
                    message: format!("`{other}`: expected true or false"),
                });
            }
        };
        let bench = matches!(var("GUICHET_BENCH").as_deref(), Some("1" | "true"));
        let public_url = match var("GUICHET_PUBLIC_URL") {
            None => None,
            Some(u) if (u.starts_with("https://") || u.starts_with("http://")) && !u.contains(char::is_whitespace) => {
                Some(u.trim_end_matches('/').to_string())
            }
            Some(other) => {
                return Err(ConfigError {
                    var: "GUICHET_PUBLIC_URL",
                    message: format!("`{other}`: expected an http(s):// address"),
                });
            }
        };
        let form_key = match var("GUICHET_FORM_KEY") {
            None => None,
            Some(k) if k.len() >= 32 => Some(k),
            Some(_) => {
                return Err(ConfigError { var: "GUICHET_FORM_KEY", message: "expected at least 32 characters".into() });
            }
        };
        let outbound = crate::app::outbound::OutboundSettings::from_env()?;
        let webhooks = crate::app::webhooks::WebhookSettings::from_vars(|name| std::env::var(name).ok())?;
        let probes = crate::app::probes::ProbeSettings::from_vars(|name| std::env::var(name).ok())?;
        Ok(Settings {
            outbound,
            webhooks,
            probes,
            database,
            bind,
            catalog_dir,
            log,
            workers,
            db_pool,
            db_timeout,
            token_ttl,
            trust_forwarded,
            bench,
            public_url,
            form_key,
        })
    }
}
