//! The outbound guard's settings, from `GUICHET_OUTBOUND_*` variables; the defaults reach only the public internet.

use super::ranges::Policy;
use crate::app::config::ConfigError;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboundSettings {
    /// `GUICHET_OUTBOUND_ALLOW`: the non-public ranges (`loopback`, `private`, `link-local`, `unique-local`,
    /// `cgnat`, `unspecified`, `broadcast`, `multicast`, `documentation`, `reserved`, `metadata`) and CIDR blocks
    /// outbound calls may reach besides the public internet, separated by commas (default: none).
    pub policy: Policy,
    /// `GUICHET_OUTBOUND_CONNECT_TIMEOUT`: seconds to open a connection (default 5, from 1 to 60).
    pub connect_timeout: Duration,
    /// `GUICHET_OUTBOUND_TIMEOUT`: seconds for a whole call, redirects and body included (default 15, 1 to 300).
    pub timeout: Duration,
    /// `GUICHET_OUTBOUND_MAX_BYTES`: the largest response body read; a larger one is abandoned (default 2 MiB,
    /// from 1 KiB to 64 MiB).
    pub max_bytes: usize,
    /// `GUICHET_OUTBOUND_MAX_REDIRECTS`: redirects followed at most, each checked as the first address was
    /// (default 5, from 0 to 20).
    pub max_redirects: usize,
}

impl Default for OutboundSettings {
    fn default() -> Self {
        OutboundSettings {
            policy: Policy::default(),
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(15),
            max_bytes: 2 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

impl OutboundSettings {
    pub fn from_env() -> Result<OutboundSettings, ConfigError> {
        OutboundSettings::from_vars(|name| std::env::var(name).ok())
    }

    /// The settings from the variables `get` gives (the environment, or a table in tests).
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Result<OutboundSettings, ConfigError> {
        let get = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        let defaults = OutboundSettings::default();
        let number = |var: &'static str, range: std::ops::RangeInclusive<u64>, unit: &str| -> Result<_, ConfigError> {
            let Some(text) = get(var) else { return Ok(None) };
            let n = text.trim().parse::<u64>().ok().filter(|n| range.contains(n)).ok_or_else(|| ConfigError {
                var,
                message: format!("`{text}`: expected a number of {unit} from {} to {}", range.start(), range.end()),
            })?;
            Ok(Some(n))
        };
        let policy = match get("GUICHET_OUTBOUND_ALLOW") {
            None => defaults.policy,
            Some(text) => {
                Policy::parse(&text).map_err(|message| ConfigError { var: "GUICHET_OUTBOUND_ALLOW", message })?
            }
        };
        let seconds = |var, range, default| -> Result<Duration, ConfigError> {
            Ok(number(var, range, "seconds")?.map_or(default, Duration::from_secs))
        };
        let count = |var, range, unit, default: usize| -> Result<usize, ConfigError> {
            Ok(number(var, range, unit)?.and_then(|n| usize::try_from(n).ok()).unwrap_or(default))
        };
        Ok(OutboundSettings {
            policy,
            connect_timeout: seconds("GUICHET_OUTBOUND_CONNECT_TIMEOUT", 1..=60, defaults.connect_timeout)?,
            timeout: seconds("GUICHET_OUTBOUND_TIMEOUT", 1..=300, defaults.timeout)?,
            max_bytes: count("GUICHET_OUTBOUND_MAX_BYTES", 1024..=64 * 1024 * 1024, "bytes", defaults.max_bytes)?,
            max_redirects: count("GUICHET_OUTBOUND_MAX_REDIRECTS", 0..=20, "redirects", defaults.max_redirects)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::outbound::ranges::Range;

    fn from(vars: &[(&str, &str)]) -> Result<OutboundSettings, ConfigError> {
        OutboundSettings::from_vars(|name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_string()))
    }

    #[test]
    fn the_defaults_reach_only_the_public_internet() {
        let settings = from(&[]).unwrap();
        assert_eq!(settings, OutboundSettings::default());
        assert_eq!(settings.policy.check("127.0.0.1".parse().unwrap()), Err(Range::Loopback));
    }

    #[test]
    fn every_variable_is_read_and_a_bad_value_named() {
        let settings = from(&[
            ("GUICHET_OUTBOUND_ALLOW", "loopback,10.0.0.0/8"),
            ("GUICHET_OUTBOUND_CONNECT_TIMEOUT", "2"),
            ("GUICHET_OUTBOUND_TIMEOUT", "30"),
            ("GUICHET_OUTBOUND_MAX_BYTES", "4096"),
            ("GUICHET_OUTBOUND_MAX_REDIRECTS", "0"),
        ])
        .unwrap();
        assert_eq!(settings.policy.check("127.0.0.1".parse().unwrap()), Ok(()));
        assert_eq!(settings.policy.check("10.9.9.9".parse().unwrap()), Ok(()));
        assert_eq!(settings.connect_timeout, Duration::from_secs(2));
        assert_eq!(settings.timeout, Duration::from_secs(30));
        assert_eq!((settings.max_bytes, settings.max_redirects), (4096, 0));
        let bad = from(&[("GUICHET_OUTBOUND_ALLOW", "everything")]).unwrap_err();
        assert_eq!(bad.var, "GUICHET_OUTBOUND_ALLOW");
        let bad = from(&[("GUICHET_OUTBOUND_TIMEOUT", "0")]).unwrap_err();
        assert_eq!(bad.var, "GUICHET_OUTBOUND_TIMEOUT");
        assert!(bad.message.contains("from 1 to 300"), "{}", bad.message);
        assert_eq!(
            from(&[("GUICHET_OUTBOUND_MAX_REDIRECTS", "21")]).unwrap_err().var,
            "GUICHET_OUTBOUND_MAX_REDIRECTS"
        );
    }
}
