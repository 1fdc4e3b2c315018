//! What every door shares while the service runs: the database, the read model, the limits and the rules.

use super::context::Ctx;
use super::ratelimit::ClientLimiter;
use crate::catalog::CatalogHandle;
use crate::catalog::observed::ObservedIndex;
use crate::domain::compliance::Rule;
use crate::store::sync::Change;
use crate::store::{Backend, DbPool};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

pub struct AppState {
    pub pool: DbPool,
    pub catalog: CatalogHandle,
    /// Swapped whole when the catalog is reloaded.
    pub observed: arc_swap::ArcSwap<ObservedIndex>,
    pub backend: Backend,
    pub complaint_limiter: ClientLimiter,
    pub signin_limiter: ClientLimiter,
    /// Behind a reverse proxy, the client is the address in `Forwarded` / `X-Forwarded-For`.
    pub trust_forwarded: bool,
    /// The site's public address for QR codes; `None`: each request's own.
    pub public_url: Option<String>,
    /// Writes this instance already applied to its read model and whose notification has not come back yet
    /// (PostgreSQL only: every instance, the writer included, hears each notification once).
    own_writes: Mutex<HashSet<Change>>,
    /// The compliance rules of `catalog/rules.toml`.
    pub rules: Vec<Rule>,
    /// The secret that signs the anonymous forms' anti-forgery tokens.
    pub form_key: Vec<u8>,
    /// How long a request waits for a database connection (`GUICHET_DB_TIMEOUT`).
    pub db_timeout: std::time::Duration,
    /// Write locks of this instance by channel (striped): a write that counts against a channel holds its gate
    /// from the moment it computes the channel's new state until that state is in the read model, so that
    /// concurrent writes each see the others' — one stored transition per change, counts as stored.
    channel_gates: [Mutex<()>; GATES],
    /// What `GET /metrics` reports (`app/metrics.rs`).
    pub metrics: super::metrics::Metrics,
    /// Wakes the webhook worker before its next poll (a re-send).
    pub webhook_wake: tokio::sync::Notify,
    /// The response cache of the reads (`cache.rs`), shared by every worker.
    pub reads: super::cache::ReadCache,
    /// The observation writers (group commit), started at the first observation.
    pub writers: super::group_commit::Writers,
    /// Bearer tokens checked lately (`bearer.rs`).
    pub tokens: super::bearer::TokenCache,
}

/// A multiple of every number of observation writers (`group_commit`), so that each writer's channels have
/// gates of their own.
const GATES: usize = 64;

/// What `AppState::new` is built from (the composition gives it).
pub struct Parts {
    pub pool: DbPool,
    pub catalog: CatalogHandle,
    pub observed: ObservedIndex,
    pub backend: Backend,
    pub trust_forwarded: bool,
    pub public_url: Option<String>,
    pub rules: Vec<Rule>,
    pub form_key: Vec<u8>,
    pub db_timeout: std::time::Duration,
    /// How long a checked bearer token is believed (`bearer.rs`).
    pub token_ttl: std::time::Duration,
}

impl AppState {
    pub fn new(p: Parts) -> AppState {
        // The dummy password hash, made before the first sign-in (which would otherwise pay for it).
        super::passwords::warm_up();
        AppState {
            pool: p.pool,
            catalog: p.catalog,
            observed: arc_swap::ArcSwap::from_pointee(p.observed),
            backend: p.backend,
            complaint_limiter: ClientLimiter::complaints(),
            signin_limiter: ClientLimiter::sign_ins(),
            trust_forwarded: p.trust_forwarded,
            public_url: p.public_url,
            own_writes: Mutex::default(),
            metrics: super::metrics::Metrics::default(),
            webhook_wake: tokio::sync::Notify::new(),
            rules: p.rules,
            form_key: p.form_key,
            db_timeout: p.db_timeout,
            channel_gates: std::array::from_fn(|_| Mutex::new(())),
            reads: super::cache::ReadCache::default(),
            writers: super::group_commit::Writers::default(),
            tokens: super::bearer::TokenCache::with_ttl(p.token_ttl),
        }
    }

    /// The context of an answer given now.
    pub fn ctx(&self) -> Ctx {
        Ctx::at(chrono::Utc::now(), self.observed())
    }

    /// The context of an answer about another instant (orientation's `at`).
    pub fn ctx_at(&self, at: chrono::DateTime<chrono::Utc>) -> Ctx {
        Ctx::at(at, self.observed())
    }

    pub fn observed(&self) -> Arc<ObservedIndex> {
        self.observed.load_full()
    }

    /// The write lock of a channel in this instance (see `channel_gates`). Take it after the database
    /// connection, never before, and hold it until the write is in the read model.
    pub fn channel_gate(&self, channel_id: i64) -> std::sync::MutexGuard<'_, ()> {
        self.channel_gates[stripe(channel_id)].lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The write locks of several channels (a group commit), taken in ascending order of stripe so that two
    /// holders of several never wait for each other in a circle.
    pub fn channel_gates(&self, channel_ids: &[i64]) -> Vec<std::sync::MutexGuard<'_, ()>> {
        let mut stripes: Vec<usize> = channel_ids.iter().map(|&id| stripe(id)).collect();
        stripes.sort_unstable();
        stripes.dedup();
        stripes
            .into_iter()
            .map(|s| self.channel_gates[s].lock().unwrap_or_else(std::sync::PoisonError::into_inner))
            .collect()
    }

    /// Remembers a write applied locally, so its notification is not applied twice.
    pub fn mark_own(&self, change: Change) {
        if self.backend == Backend::Postgres {
            self.own_writes.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(change);
        }
    }

    /// True (and forgotten) when this notification is of a write applied locally.
    pub fn take_own(&self, change: &Change) -> bool {
        self.own_writes.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(change)
    }

    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

fn stripe(channel_id: i64) -> usize {
    usize::try_from(channel_id.rem_euclid(i64::try_from(GATES).unwrap_or(1))).unwrap_or(0)
}

/// The anti-forgery token of an anonymous form for the visitor whose cookie is `cookie`: HMAC-SHA256 under the
/// server's key, in hex. A page cannot be made to accept a cookie/field pair the sender chose: only the server
/// can compute the field from the cookie.
pub fn form_token(key: &[u8], cookie: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(b"guichet anonymous form\0");
    mac.update(cookie.as_bytes());
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn form_tokens_depend_on_the_key_and_the_cookie() {
        let a = super::form_token(b"key one", "cookie");
        assert_eq!(a.len(), 64);
        assert_eq!(a, super::form_token(b"key one", "cookie"));
        assert_ne!(a, super::form_token(b"key two", "cookie"));
        assert_ne!(a, super::form_token(b"key one", "cookie2"));
    }
}
