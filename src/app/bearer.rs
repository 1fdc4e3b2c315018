//! Bearer tokens already checked, remembered for a few seconds: a reporting organisation sending observations
//! one after another is looked up in the database once per `TOKEN_TTL`, not three queries per request (the
//! token, its commune, its scopes) — at thousands of observations per second that was most of the database's
//! work.
//!
//! What it costs: a token revoked (`guichet token revoke`, another process) or an organisation changed is still
//! accepted by a running instance for at most `TOKEN_TTL`; an expiring token is never kept past its expiry. Only
//! valid tokens are remembered (an unknown one asks the database each time, behind the per-client limits), under
//! the token's SHA-256, and at most `MAX_TOKENS` of them: when full, all are forgotten at once.

use crate::store::tokens::{self, Principal};
use crate::store::{self, DbPool, StoreError};
use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

/// How long a checked token is believed without asking the database again.
pub const TOKEN_TTL: Duration = Duration::from_secs(10);
/// The most tokens remembered.
pub const MAX_TOKENS: usize = 10_000;

struct Checked {
    principal: Principal,
    until: Instant,
}

/// The tokens this instance checked lately, shared by every worker.
pub struct TokenCache {
    ttl: Duration,
    checked: RwLock<HashMap<[u8; 32], Checked>>,
}

impl TokenCache {
    /// A cache believing a token for `ttl` (zero: never remembered).
    pub fn with_ttl(ttl: Duration) -> Self {
        TokenCache { ttl, checked: RwLock::default() }
    }

    /// The principal of a valid token, from memory if it was checked less than the TTL ago.
    pub async fn authenticate(&self, pool: &DbPool, token: String) -> Result<Option<Principal>, StoreError> {
        let key = tokens::sha256(token.as_bytes());
        if let Some(principal) = self.remembered(&key, Instant::now()) {
            return Ok(Some(principal));
        }
        let checked = store::blocking(pool, move |conn| tokens::authenticate_until(conn, &token)).await?;
        let Some((principal, expires_at)) = checked else { return Ok(None) };
        self.remember(key, principal.clone(), expires_at, Instant::now());
        Ok(Some(principal))
    }

    fn remembered(&self, key: &[u8; 32], now: Instant) -> Option<Principal> {
        let checked = self.checked.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        checked.get(key).filter(|c| now < c.until).map(|c| c.principal.clone())
    }

    fn remember(&self, key: [u8; 32], principal: Principal, expires_at: Option<chrono::NaiveDateTime>, now: Instant) {
        let mut until = now + self.ttl;
        if let Some(expires_at) = expires_at {
            // The token expires sooner than the TTL: believed only until then.
            let left = (expires_at - store::now()).to_std().unwrap_or(Duration::ZERO);
            until = until.min(now + left);
        }
        if until <= now {
            return;
        }
        let mut checked = self.checked.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        if checked.len() >= MAX_TOKENS {
            checked.clear();
        }
        checked.insert(key, Checked { principal, until });
    }

    /// How many tokens are remembered (expired ones included until replaced or cleared).
    pub fn len(&self) -> usize {
        self.checked.read().unwrap_or_else(std::sync::PoisonError::into_inner).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;
    use crate::store::tokens::Actor;

    fn principal(org: &str) -> Principal {
        Principal {
            actor: Actor::Token { id: 1 },
            organisation_id: 1,
            organisation: org.into(),
            commune: None,
            role: Role::Reporter,
            institutions: vec![],
        }
    }

    #[test]
    fn a_token_is_believed_for_the_ttl_and_no_longer() {
        let cache = TokenCache::with_ttl(Duration::from_secs(10));
        let t0 = Instant::now();
        cache.remember([1; 32], principal("a"), None, t0);
        assert_eq!(cache.remembered(&[1; 32], t0 + Duration::from_secs(9)).map(|p| p.organisation), Some("a".into()));
        assert!(cache.remembered(&[1; 32], t0 + Duration::from_secs(10)).is_none());
        assert!(cache.remembered(&[2; 32], t0).is_none(), "another token is not this one");
    }

    #[test]
    fn an_expiring_token_is_never_believed_past_its_expiry() {
        let cache = TokenCache::with_ttl(Duration::from_secs(10));
        let t0 = Instant::now();
        cache.remember([1; 32], principal("a"), Some(store::now() + chrono::Duration::seconds(2)), t0);
        assert!(cache.remembered(&[1; 32], t0 + Duration::from_secs(1)).is_some());
        assert!(cache.remembered(&[1; 32], t0 + Duration::from_secs(3)).is_none());
        cache.remember([2; 32], principal("b"), Some(store::now() - chrono::Duration::seconds(1)), t0);
        assert!(cache.remembered(&[2; 32], t0).is_none(), "already expired: not remembered");
    }

    #[test]
    fn a_zero_ttl_remembers_nothing_and_a_full_cache_starts_again() {
        let none = TokenCache::with_ttl(Duration::ZERO);
        none.remember([1; 32], principal("a"), None, Instant::now());
        assert!(none.is_empty());
        let cache = TokenCache::with_ttl(Duration::from_secs(10));
        let t0 = Instant::now();
        for i in 0..MAX_TOKENS {
            let mut key = [0; 32];
            key[..8].copy_from_slice(&(i as u64).to_le_bytes());
            cache.remember(key, principal("a"), None, t0);
        }
        assert_eq!(cache.len(), MAX_TOKENS);
        cache.remember([255; 32], principal("b"), None, t0);
        assert_eq!(cache.len(), 1, "full: forgotten at once, then the new one");
        assert!(cache.remembered(&[255; 32], t0).is_some());
    }
}
