//! A channel's hours evaluated at an instant: open now, the next opening, the day's closure, the week.

use super::{Channel, Snapshot};
use crate::domain::hours::DayHours;
use chrono::{DateTime, Utc};

/// The hours of a channel as seen at one instant (Europe/Brussels, public holidays and the body's days off).
#[derive(Debug, Clone)]
pub struct Schedule {
    pub open_now: bool,
    /// Now if open; else the next opening within 60 days, if any.
    pub next_opening: Option<DateTime<Utc>>,
    /// The day's closure, in English, when today is a public holiday or a day off of this body.
    pub closed_for: Option<String>,
    /// The seven days from today.
    pub week: Vec<DayHours>,
}

/// `None` when the channel's hours are not known.
pub fn schedule(s: &Snapshot, c: &Channel, now: DateTime<Utc>) -> Option<Schedule> {
    let hours = c.hours.as_ref()?;
    let local = now.with_timezone(&chrono_tz::Europe::Brussels).date_naive();
    Some(Schedule {
        open_now: hours.is_open(&s.holidays, c.calendar, now),
        next_opening: hours.next_opening(&s.holidays, c.calendar, now),
        closed_for: s.holidays.holiday(c.calendar, local).map(|h| h.name_en.to_string()),
        week: hours.week(&s.holidays, c.calendar, now),
    })
}
