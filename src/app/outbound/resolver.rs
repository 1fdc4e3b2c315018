//! The DNS resolver of the outbound client: names are looked up, then every address the policy refuses is dropped
//! before the connector sees it, so the address connected to is always one the policy allows — whatever the name
//! resolves to at that moment (a name that answers a public address to a check and a private one to the connect
//! gets nowhere: there is only one lookup, this one).

use super::OutboundError;
use super::ranges::Policy;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

/// How names become addresses: the system's resolver, or a fixed table (tests).
#[derive(Debug, Clone)]
pub enum Lookup {
    System,
    Fixed(Arc<HashMap<String, Vec<std::net::IpAddr>>>),
}

impl Lookup {
    async fn addresses(&self, host: &str) -> Result<Vec<SocketAddr>, String> {
        match self {
            Lookup::System => {
                tokio::net::lookup_host((host, 0)).await.map(Iterator::collect).map_err(|e| e.to_string())
            }
            Lookup::Fixed(table) => table
                .get(host)
                .map(|ips| ips.iter().map(|ip| SocketAddr::new(*ip, 0)).collect())
                .ok_or_else(|| "not in the table".to_string()),
        }
    }
}

#[derive(Debug)]
pub struct GuardedResolver {
    pub policy: Arc<Policy>,
    pub lookup: Lookup,
}

impl GuardedResolver {
    /// The addresses of `host` that the policy allows; an error naming the first refused one when none is left.
    pub async fn resolve_allowed(&self, host: &str) -> Result<Vec<SocketAddr>, OutboundError> {
        let found = self
            .lookup
            .addresses(host)
            .await
            .map_err(|reason| OutboundError::Dns { host: host.to_string(), reason })?;
        let mut refused = None;
        let mut allowed = Vec::with_capacity(found.len());
        for addr in found {
            match self.policy.check(addr.ip()) {
                Ok(()) => allowed.push(addr),
                Err(range) => {
                    refused.get_or_insert(OutboundError::Forbidden { host: host.to_string(), addr: addr.ip(), range });
                }
            }
        }
        match (allowed.is_empty(), refused) {
            (false, _) => Ok(allowed),
            (true, Some(refused)) => Err(refused),
            (true, None) => Err(OutboundError::Dns { host: host.to_string(), reason: "no address".into() }),
        }
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let resolver = GuardedResolver { policy: Arc::clone(&self.policy), lookup: self.lookup.clone() };
        Box::pin(async move {
            let addrs = resolver.resolve_allowed(name.as_str()).await?;
            let addrs: Addrs = Box::new(addrs.into_iter());
            Ok::<Addrs, Box<dyn std::error::Error + Send + Sync>>(addrs)
        })
    }
}
