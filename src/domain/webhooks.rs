//! Webhooks as rules: who wants an event (a subscription's filter), how an event is signed (the Standard Webhooks
//! scheme) and when a failed delivery is tried again (exponential backoff with jitter).
//!
//! The signature: the secret is `whsec_` followed by the base64 of random bytes; the key is those bytes. Each
//! attempt sends `webhook-id` (the event id, the same on every attempt: a receiver drops a repeat by it),
//! `webhook-timestamp` (Unix seconds of the attempt) and `webhook-signature: v1,<base64 of HMAC-SHA256(key,
//! "{webhook-id}.{webhook-timestamp}.{body}")>`.

use super::{EventKind, Level};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use std::time::Duration;

/// The prefix of a webhook secret.
pub const SECRET_PREFIX: &str = "whsec_";

/// A secret made of these random bytes: `whsec_` + base64.
pub fn secret_of(bytes: &[u8]) -> String {
    format!("{SECRET_PREFIX}{}", STANDARD.encode(bytes))
}

/// The signing key of a secret (the bytes after `whsec_`); `None` when it is not one.
pub fn secret_key(secret: &str) -> Option<Vec<u8>> {
    STANDARD.decode(secret.strip_prefix(SECRET_PREFIX)?).ok().filter(|k| !k.is_empty())
}

/// The `webhook-signature` header of one attempt: `v1,` + base64 of HMAC-SHA256(key, "{id}.{timestamp}.{body}").
pub fn signature(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

/// What an event is about, for the filters: the institution (slug and level) and, for a communal body, its
/// commune.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic<'a> {
    pub kind: EventKind,
    pub institution: &'a str,
    pub level: Level,
    /// `None`: a body that serves every commune.
    pub commune: Option<&'a str>,
}

/// A subscription's filter: an empty list lets everything through on that axis.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub kinds: Vec<EventKind>,
    pub institutions: Vec<String>,
    pub communes: Vec<String>,
    pub levels: Vec<Level>,
}

impl Filter {
    /// Whether the subscriber wants this event. A commune filter keeps the events of bodies that serve one of its
    /// communes: a communal body of that commune, or a body that serves every commune (as the API's `commune`).
    pub fn matches(&self, t: &Topic<'_>) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&t.kind))
            && (self.institutions.is_empty() || self.institutions.iter().any(|i| i == t.institution))
            && (self.levels.is_empty() || self.levels.contains(&t.level))
            && (self.communes.is_empty() || t.commune.is_none_or(|c| self.communes.iter().any(|x| x == c)))
    }
}

/// How long to wait after the `failures`-th failed attempt (1, 2, …): `base · 2^(failures − 1)`, at most `cap`,
/// then a share of it drawn by `jitter` (from 0 to 1): between half and all of it, so that receivers coming back
/// after an outage are not hit by every sender at once.
pub fn backoff(failures: u32, base: Duration, cap: Duration, jitter: f64) -> Duration {
    let exponent = failures.saturating_sub(1).min(30);
    let full = base.saturating_mul(1u32 << exponent).min(cap);
    full.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_gives_back_its_key_and_a_signature_follows_the_scheme() {
        let secret = secret_of(&[7u8; 24]);
        assert!(secret.starts_with("whsec_"));
        assert_eq!(secret_key(&secret), Some(vec![7u8; 24]));
        assert_eq!(secret_key("whsec_"), None);
        assert_eq!(secret_key("nope"), None);
        // The Standard Webhooks reference example.
        let key = secret_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let body = br#"{"test": 2432232314}"#;
        assert_eq!(
            signature(&key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
        assert_ne!(
            signature(&key, "msg_other", 1614265330, body),
            signature(&key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
        );
    }

    #[test]
    fn filters_keep_what_they_name() {
        let topic = Topic {
            kind: EventKind::ComplaintFiled,
            institution: "cpas-1030",
            level: Level::Cpas,
            commune: Some("schaerbeek"),
        };
        let regional = Topic { institution: "actiris", level: Level::Region, commune: None, ..topic.clone() };
        let all = Filter::default();
        assert!(all.matches(&topic) && all.matches(&regional));
        let kinds = Filter { kinds: vec![EventKind::ObservedStateChanged], ..Filter::default() };
        assert!(!kinds.matches(&topic));
        let levels = Filter { levels: vec![Level::Region], ..Filter::default() };
        assert!(!levels.matches(&topic) && levels.matches(&regional));
        let institutions = Filter { institutions: vec!["actiris".into()], ..Filter::default() };
        assert!(!institutions.matches(&topic) && institutions.matches(&regional));
        let communes = Filter { communes: vec!["ixelles".into()], ..Filter::default() };
        assert!(!communes.matches(&topic), "another commune's CPAS");
        assert!(communes.matches(&regional), "a body that serves every commune serves Ixelles");
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_with_jitter_within_half() {
        let (base, cap) = (Duration::from_secs(30), Duration::from_secs(3600));
        assert_eq!(backoff(1, base, cap, 1.0), Duration::from_secs(30));
        assert_eq!(backoff(2, base, cap, 1.0), Duration::from_secs(60));
        assert_eq!(backoff(4, base, cap, 0.0), Duration::from_secs(120));
        assert_eq!(backoff(20, base, cap, 1.0), cap);
        assert_eq!(backoff(200, base, cap, 1.0), cap);
        for j in [0.0, 0.3, 0.9] {
            let d = backoff(3, base, cap, j);
            assert!(d >= Duration::from_secs(60) && d <= Duration::from_secs(120), "{d:?}");
        }
    }
}
