//! Limits on what anyone may send without an account — complaints, sign-in attempts — per client address
//! (`governor`, GCRA).

use governor::clock::{Clock, DefaultClock};
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

pub struct ClientLimiter {
    limiter: RateLimiter<IpAddr, DefaultKeyedStateStore<IpAddr>, DefaultClock>,
}

impl ClientLimiter {
    /// `burst` requests at once, then one more every `period`.
    pub fn new(burst: u32, period: Duration) -> Self {
        let quota = Quota::with_period(period)
            .expect("a non-zero period")
            .allow_burst(NonZeroU32::new(burst.max(1)).expect("non-zero"));
        ClientLimiter { limiter: RateLimiter::keyed(quota) }
    }

    /// `Ok` when this client may go on now, else the seconds to wait.
    pub fn check(&self, client: IpAddr) -> Result<(), u64> {
        self.limiter.check_key(&client).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }
}

impl ClientLimiter {
    /// Five complaints at once per address, then one every ten minutes.
    pub fn complaints() -> Self {
        ClientLimiter::new(5, Duration::from_secs(600))
    }

    /// Ten sign-in attempts at once per address, then one every thirty seconds: a reporter mistyping a token is
    /// never stopped, a script trying tokens is slowed to a trickle (tokens are 256-bit random anyway).
    pub fn sign_ins() -> Self {
        ClientLimiter::new(10, Duration::from_secs(30))
    }
}
