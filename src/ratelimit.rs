//! Limits on what anyone may send without an account: complaints, per client address (`governor`, GCRA).

use governor::clock::{Clock, DefaultClock};
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

pub struct ComplaintLimiter {
    limiter: RateLimiter<IpAddr, DefaultKeyedStateStore<IpAddr>, DefaultClock>,
}

impl ComplaintLimiter {
    /// `burst` complaints at once, then one more every `period`.
    pub fn new(burst: u32, period: Duration) -> Self {
        let quota = Quota::with_period(period)
            .expect("a non-zero period")
            .allow_burst(NonZeroU32::new(burst.max(1)).expect("non-zero"));
        ComplaintLimiter { limiter: RateLimiter::keyed(quota) }
    }

    /// `Ok` when this client may complain now, else the seconds to wait.
    pub fn check(&self, client: IpAddr) -> Result<(), u64> {
        self.limiter.check_key(&client).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }
}

impl Default for ComplaintLimiter {
    /// Five complaints at once per address, then one every ten minutes.
    fn default() -> Self {
        ComplaintLimiter::new(5, Duration::from_secs(600))
    }
}
