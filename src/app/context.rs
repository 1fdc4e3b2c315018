//! The instant a request is answered at, and what every view of it shares: one place decides what "today" is.

use crate::catalog::observed::ObservedIndex;
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::Arc;

/// The date in Brussels at `now`: the day facts are judged against (fact ages, statuses in force, rules applying,
/// opening hours). Never the UTC date, which differs between midnight and 1 or 2 a.m.
pub fn brussels_date(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&chrono_tz::Europe::Brussels).date_naive()
}

/// What every view needs besides the snapshot.
#[derive(Clone)]
pub struct Ctx {
    /// The Brussels date of `now`.
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
    pub observed: Arc<ObservedIndex>,
}

impl Ctx {
    /// The context of an answer given at `now` (the current instant, or the `at` a person asked about).
    pub fn at(now: DateTime<Utc>, observed: Arc<ObservedIndex>) -> Ctx {
        Ctx { today: brussels_date(now), now, observed }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn today_is_the_brussels_date_not_the_utc_one() {
        // 23:30 UTC on 31 December is already 1 January in Brussels (UTC+1 in winter).
        let late = Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap();
        assert_eq!(brussels_date(late), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        // 22:30 UTC on 30 June is 00:30 on 1 July (UTC+2 in summer).
        let summer = Utc.with_ymd_and_hms(2026, 6, 30, 22, 30, 0).unwrap();
        assert_eq!(brussels_date(summer), NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
        let noon = Utc.with_ymd_and_hms(2026, 6, 30, 10, 0, 0).unwrap();
        assert_eq!(brussels_date(noon), NaiveDate::from_ymd_opt(2026, 6, 30).unwrap());
    }
}
