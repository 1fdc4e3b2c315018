//! Opening hours: OpenStreetMap `opening_hours` strings evaluated in Europe/Brussels time, with Belgian public
//! holidays as `PH` (the closure days of `calendar`).
//!
//! # The closure-day rule
//!
//! **Counters of public bodies do not open on their closure days.** On a closure day of the channel's calendar,
//! [`Hours::is_open`], [`Hours::next_opening`] and [`Hours::week`] say closed even when the hours string does not
//! say `PH off` (`Mo-Fr 09:00-11:30` is closed on Easter Monday). The only exception: a string with a rule naming
//! `PH` that opens, such as `PH 10:00-12:00` or `Mo-Fr,PH 09:00-12:00`, overrides the rule, and then the string
//! alone decides, `PH` meaning the closure days of the calendar (so `PH 10:00-12:00` applies on 8 May for a
//! Brussels regional body). A `PH -1 days` rule (the day before a holiday) is not such an exception. Closure is by
//! Brussels calendar date: on a closure day nothing is open from 00:00 to 24:00, including the end of a night
//! interval started the day before. `SH` (school holidays) never matches: no school calendar is given.
//!
//! The holidays come from a [`HolidayBook`] (built once for a range of years, shared by the read model); a date
//! outside its years has no holiday.
//!
//! # Time
//!
//! An instant is converted to Brussels local time before evaluation; local answers are converted back to UTC.
//! Around daylight-saving changes:
//!
//! - spring forward (last Sunday of March, 02:00 → 03:00 local): local times 02:00–02:59 do not exist. A local
//!   time in that gap maps to the next valid instant (03:00 CEST, 01:00 UTC): `Su 02:00-04:00` on that day is open
//!   one real hour, 01:00–02:00 UTC, and its next opening from the night before is 01:00 UTC;
//! - fall back (last Sunday of October, 03:00 → 02:00 local): local times 02:00–02:59 happen twice. An instant is
//!   open when its local time is within the hours, so both passes count (`Sa-Su 01:00-03:00` is open 3 real hours,
//!   23:00–02:00 UTC); a local time is mapped to its earliest instant that is not before the question's instant.
//!
//! [`Hours::week`] shows the local times as the string states them (`02:00`–`04:00` on the spring-forward Sunday).
//! An `unknown` state (`Mo 10:00-12:00 unknown`) is not open.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Europe::Brussels;
use opening_hours::{OpeningHours, RuleKind};
use serde::Serialize;
use utoipa::ToSchema;

/// How far [`Hours::next_opening`] looks ahead.
const NEXT_OPENING_HORIZON_DAYS: i64 = 60;
pub use super::calendar::{ClosureCalendar, Holiday, HolidayBook, closure_days, easter_sunday, legal_holidays};

/// Parsed hours; parsing errors carry the parser's message.
#[derive(Clone, Debug)]
pub struct Hours {
    text: String,
    parsed: OpeningHours,
    /// The string has a rule naming `PH` that opens: it then decides alone on closure days.
    opens_on_ph: bool,
}

/// The hours of one Brussels day.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DayHours {
    pub date: NaiveDate,
    /// "HH:MM" local times
    pub intervals: Vec<Interval>,
    /// set when the day is a holiday/closure day of the calendar (English name)
    pub holiday: Option<String>,
}

/// An opening interval of one day, in Brussels local time; `to` is "24:00" when it runs to midnight.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Interval {
    #[schema(example = "09:00")]
    pub from: String,
    #[schema(example = "11:30")]
    pub to: String,
}

/// Parses an OpenStreetMap `opening_hours` string. A blank string is refused (the parser would read an all-blank
/// string as `24/7`); a parser error is returned as its message on one line.
pub fn parse_hours(text: &str) -> Result<Hours, String> {
    if text.trim().is_empty() {
        return Err("empty opening hours".to_owned());
    }
    let parsed = text.parse::<OpeningHours>().map_err(|e| one_line(&e.to_string()))?;
    let opens_on_ph =
        parsed.get_expression().rules.iter().any(|rule| {
            rule.kind == RuleKind::Open && rule.day_selector.weekday.iter().any(|day| day.to_string() == "PH")
        });
    Ok(Hours { text: text.to_owned(), parsed, opens_on_ph })
}

/// A multi-line parser message (`--> 1:7`, the source line, a caret, `= expected …`) as one line:
/// `at character 7: expected …`.
fn one_line(message: &str) -> String {
    let position = message
        .lines()
        .find_map(|line| line.trim().strip_prefix("--> "))
        .and_then(|pos| pos.split(':').nth(1))
        .map(str::to_owned);
    let what = message.lines().find_map(|line| line.trim().strip_prefix("= ")).map(str::to_owned);
    match (position, what) {
        (Some(position), Some(what)) => format!("at character {position}: {what}"),
        _ => message.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" "),
    }
}

fn local(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&Brussels).naive_local()
}

fn midnight(date: NaiveDate) -> NaiveDateTime {
    date.and_time(NaiveTime::MIN)
}

/// The instant of a Brussels local time: the earliest one not before `not_before` when the local time happens twice
/// (fall back), the next valid instant when it does not exist (spring forward).
fn to_utc(naive: NaiveDateTime, not_before: DateTime<Utc>) -> DateTime<Utc> {
    match Brussels.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(early, late) => {
            let early = early.with_timezone(&Utc);
            if early >= not_before { early } else { late.with_timezone(&Utc) }
        }
        LocalResult::None => {
            // In the gap: the first whole local minute after it (gaps start and end on whole minutes).
            let mut probe = naive.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(naive);
            for _ in 0..(3 * 60) {
                probe += Duration::minutes(1);
                if let Some(t) = Brussels.from_local_datetime(&probe).earliest() {
                    return t.with_timezone(&Utc);
                }
            }
            // Unreachable for Europe/Brussels (gaps last one hour): read it as standard time.
            Utc.from_utc_datetime(&(naive - Duration::hours(1)))
        }
    }
}

/// When `at` is in the first pass of a local hour that happens twice (fall back), the local time where that
/// repetition starts: the local times from there to `now` (the local time of `at`) will come again.
fn repeated_from(at: DateTime<Utc>, now: NaiveDateTime) -> Option<NaiveDateTime> {
    let LocalResult::Ambiguous(early, _) = Brussels.from_local_datetime(&now) else { return None };
    if early.with_timezone(&Utc) != at {
        return None;
    }
    let mut start = now.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(now);
    while let LocalResult::Ambiguous(..) = Brussels.from_local_datetime(&(start - Duration::minutes(1))) {
        start -= Duration::minutes(1);
    }
    Some(start)
}

fn hh_mm(time: NaiveDateTime, day: NaiveDate) -> String {
    if time.date() > day { "24:00".to_owned() } else { format!("{:02}:{:02}", time.hour(), time.minute()) }
}

impl Hours {
    /// The string as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether a closure day of the calendar closes the counter (no `PH` rule opening on it).
    fn closed_by(&self, book: &HolidayBook, calendar: ClosureCalendar, date: NaiveDate) -> bool {
        !self.opens_on_ph && book.holiday(calendar, date).is_some()
    }

    /// The open local intervals within `from..to`, in order, closure days removed.
    fn open_local(
        &self,
        book: &HolidayBook,
        calendar: ClosureCalendar,
        from: NaiveDateTime,
        to: NaiveDateTime,
    ) -> impl Iterator<Item = std::ops::Range<NaiveDateTime>> {
        let parsed = self.parsed.clone().with_context(book.context(calendar));
        parsed
            .iter_range(from, to)
            .filter(|range| range.kind == RuleKind::Open)
            .flat_map(|range| {
                // Split at local midnights, so each piece belongs to one date.
                let mut pieces = Vec::new();
                let mut start = range.range.start;
                while start < range.range.end {
                    let end = range.range.end.min(midnight(start.date() + Duration::days(1)));
                    pieces.push(start..end);
                    start = end;
                }
                pieces
            })
            .filter(move |piece| !self.closed_by(book, calendar, piece.start.date()))
    }

    /// Whether the counter is open at `at`.
    pub fn is_open(&self, book: &HolidayBook, calendar: ClosureCalendar, at: DateTime<Utc>) -> bool {
        let now = local(at);
        if self.closed_by(book, calendar, now.date()) {
            return false;
        }
        self.parsed.clone().with_context(book.context(calendar)).is_open(now)
    }

    /// The next instant the counter is open: `at` itself if open now; `None` if it does not open within 60 days.
    pub fn next_opening(
        &self,
        book: &HolidayBook,
        calendar: ClosureCalendar,
        at: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        if self.is_open(book, calendar, at) {
            return Some(at);
        }
        let now = local(at);
        let horizon = now + Duration::days(NEXT_OPENING_HORIZON_DAYS);
        let Some(repeat_start) = repeated_from(at, now) else {
            let first = self.open_local(book, calendar, now, horizon).next()?;
            return Some(to_utc(first.start, at));
        };
        // `at` is in the first pass of a repeated hour: local times from `repeat_start` to `now` come again after
        // the change, and anything later in the first pass comes before them.
        let mut pieces = self.open_local(book, calendar, repeat_start, horizon);
        let first = pieces.next()?;
        let first_at = to_utc(first.start, at);
        if first.start > now {
            return Some(first_at);
        }
        let later_at = pieces.find(|piece| piece.start > now).map(|piece| to_utc(piece.start, at));
        Some(later_at.map_or(first_at, |later_at| later_at.min(first_at)))
    }

    /// The hours of the 7 Brussels days starting with the day of `from`.
    pub fn week(&self, book: &HolidayBook, calendar: ClosureCalendar, from: DateTime<Utc>) -> Vec<DayHours> {
        let first_day = local(from).date();
        (0..7)
            .map(|offset| {
                let date = first_day + Duration::days(offset);
                // Adjacent open ranges (a change of comment only) are shown as one interval.
                let mut ranges: Vec<std::ops::Range<NaiveDateTime>> = Vec::new();
                for range in self.open_local(book, calendar, midnight(date), midnight(date + Duration::days(1))) {
                    match ranges.last_mut() {
                        Some(last) if last.end == range.start => last.end = range.end,
                        _ => ranges.push(range),
                    }
                }
                let intervals = ranges
                    .into_iter()
                    .map(|range| Interval { from: hh_mm(range.start, date), to: hh_mm(range.end, date) })
                    .collect();
                let holiday = book.holiday(calendar, date).map(|h| h.name_en.to_owned());
                DayHours { date, intervals, holiday }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ClosureCalendar::{BrusselsRegion as Region, FrenchCommunity as Fwb, Legal};

    fn book() -> HolidayBook {
        HolidayBook::around(2026)
    }

    /// A Brussels local time as an instant (must be unambiguous and exist).
    fn bxl(text: &str) -> DateTime<Utc> {
        let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        Brussels.from_local_datetime(&naive).single().unwrap().with_timezone(&Utc)
    }

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn hours(text: &str) -> Hours {
        parse_hours(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// (hours, calendar, instant, open?, next opening)
    type Case = (&'static str, ClosureCalendar, DateTime<Utc>, bool, Option<DateTime<Utc>>);

    fn check(cases: &[Case]) {
        let book = book();
        for (text, calendar, at, open, next) in cases {
            let h = hours(text);
            assert_eq!(h.is_open(&book, *calendar, *at), *open, "is_open {text:?} {calendar:?} at {at}");
            assert_eq!(h.next_opening(&book, *calendar, *at), *next, "next_opening {text:?} {calendar:?} at {at}");
        }
    }
    #[test]
    fn thursday_with_a_lunch_break() {
        const TH: &str = "Th 08:00-13:00,15:00-19:00";
        check(&[
            (TH, Legal, bxl("2026-11-26 10:00"), true, Some(bxl("2026-11-26 10:00"))),
            (TH, Legal, bxl("2026-11-26 13:30"), false, Some(bxl("2026-11-26 15:00"))),
            (TH, Legal, bxl("2026-11-26 07:59"), false, Some(bxl("2026-11-26 08:00"))),
            (TH, Legal, bxl("2026-11-26 13:00"), false, Some(bxl("2026-11-26 15:00"))),
            (TH, Legal, bxl("2026-11-26 19:00"), false, Some(bxl("2026-12-03 08:00"))),
            (TH, Legal, bxl("2026-12-24 10:00"), true, Some(bxl("2026-12-24 10:00"))),
            // Christmas is a Friday: closed anyway, next Thursday is 31 December.
            (TH, Legal, bxl("2026-12-25 10:00"), false, Some(bxl("2026-12-31 08:00"))),
            // Ascension is a Thursday: closed without `PH off`, next opening a week later.
            (TH, Legal, bxl("2026-05-14 10:00"), false, Some(bxl("2026-05-21 08:00"))),
            (TH, Legal, bxl("2026-05-13 20:00"), false, Some(bxl("2026-05-21 08:00"))),
            // Whatever the calendar: Ascension is a legal holiday.
            (TH, Region, bxl("2026-05-14 10:00"), false, Some(bxl("2026-05-21 08:00"))),
            // 2026-01-01 is a Thursday too.
            (TH, Legal, bxl("2025-12-31 12:00"), false, Some(bxl("2026-01-08 08:00"))),
        ]);
    }

    #[test]
    fn weekdays_with_ph_off_follow_the_calendar() {
        const MF: &str = "Mo-Fr 09:00-11:30; PH off";
        check(&[
            // Easter Monday.
            (MF, Legal, bxl("2026-04-06 10:00"), false, Some(bxl("2026-04-07 09:00"))),
            (MF, Legal, bxl("2026-04-07 09:30"), true, Some(bxl("2026-04-07 09:30"))),
            (MF, Legal, bxl("2026-04-07 11:30"), false, Some(bxl("2026-04-08 09:00"))),
            // 8 May: Brussels regional bodies closed, others open.
            (MF, Region, bxl("2026-05-08 10:00"), false, Some(bxl("2026-05-11 09:00"))),
            (MF, Legal, bxl("2026-05-08 10:00"), true, Some(bxl("2026-05-08 10:00"))),
            (MF, Fwb, bxl("2026-05-08 10:00"), true, Some(bxl("2026-05-08 10:00"))),
            // 27 September 2027 is a Monday: French Community closed, others open.
            (MF, Fwb, bxl("2027-09-27 10:00"), false, Some(bxl("2027-09-28 09:00"))),
            (MF, Legal, bxl("2027-09-27 10:00"), true, Some(bxl("2027-09-27 10:00"))),
            (MF, Region, bxl("2027-09-27 10:00"), true, Some(bxl("2027-09-27 10:00"))),
            // 2026-09-27 is a Sunday: closed anyway.
            (MF, Fwb, bxl("2026-09-27 10:00"), false, Some(bxl("2026-09-28 09:00"))),
            // Christmas week for a regional body: 25 (Fri), weekend, then open Monday 28.
            (MF, Region, bxl("2026-12-24 12:00"), false, Some(bxl("2026-12-28 09:00"))),
            // 26 Dec 2027 is a Sunday (not moved): a regional body opens on Monday 27.
            (MF, Region, bxl("2027-12-24 12:00"), false, Some(bxl("2027-12-27 09:00"))),
        ]);
    }

    #[test]
    fn closure_days_close_strings_without_ph() {
        // No `PH` in the string: closure days close anyway, whatever the calendar adds.
        check(&[
            ("Mo-Fr 08:30-16:30", Legal, bxl("2026-04-06 10:00"), false, Some(bxl("2026-04-07 08:30"))),
            ("Mo-Fr 08:30-16:30", Region, bxl("2026-11-02 10:00"), false, Some(bxl("2026-11-03 08:30"))),
            ("Mo-Fr 08:30-16:30", Legal, bxl("2026-11-02 10:00"), true, Some(bxl("2026-11-02 10:00"))),
            ("Mo-Su 00:00-24:00", Legal, bxl("2026-12-25 12:00"), false, Some(bxl("2026-12-26 00:00"))),
            ("24/7", Region, bxl("2026-12-25 12:00"), false, Some(bxl("2026-12-27 00:00"))),
        ]);
    }

    #[test]
    fn a_ph_rule_with_times_overrides_the_closure() {
        const PH: &str = "Mo-Fr 09:00-11:30; PH 10:00-12:00";
        check(&[
            (PH, Legal, bxl("2026-04-06 09:30"), false, Some(bxl("2026-04-06 10:00"))),
            (PH, Legal, bxl("2026-04-06 11:45"), true, Some(bxl("2026-04-06 11:45"))),
            // `PH` follows our calendar: 8 May is PH for a regional body only.
            (PH, Region, bxl("2026-05-08 09:30"), false, Some(bxl("2026-05-08 10:00"))),
            (PH, Legal, bxl("2026-05-08 09:30"), true, Some(bxl("2026-05-08 09:30"))),
            (PH, Legal, bxl("2026-05-08 11:45"), false, Some(bxl("2026-05-11 09:00"))),
            // A holiday on a Sunday opens too (the string says so).
            (PH, Fwb, bxl("2026-09-27 08:00"), false, Some(bxl("2026-09-27 10:00"))),
            ("Mo-Fr,PH 09:00-12:00", Legal, bxl("2026-12-25 09:30"), true, Some(bxl("2026-12-25 09:30"))),
            // `PH -1 days` is not an exception: Christmas itself stays closed.
            (
                "Mo-Fr 09:00-17:00; PH -1 days 09:00-12:00",
                Legal,
                bxl("2026-12-24 13:00"),
                false,
                Some(bxl("2026-12-28 09:00")),
            ),
        ]);
        let week = hours(PH).week(&book(), Region, bxl("2026-05-04 08:00"));
        let friday = &week[4];
        assert_eq!(friday.date, d("2026-05-08"));
        assert_eq!(friday.holiday.as_deref(), Some("Iris Day"));
        assert_eq!(friday.intervals, vec![Interval { from: "10:00".into(), to: "12:00".into() }]);
    }

    #[test]
    fn spring_forward() {
        // 2026-03-29: 02:00 CET becomes 03:00 CEST at 01:00 UTC.
        check(&[
            ("Mo-Su 00:00-24:00", Legal, utc("2026-03-29T00:59:00Z"), true, Some(utc("2026-03-29T00:59:00Z"))),
            ("Mo-Su 00:00-24:00", Legal, utc("2026-03-29T01:30:00Z"), true, Some(utc("2026-03-29T01:30:00Z"))),
            ("Mo-Su 00:00-24:00", Legal, utc("2026-03-29T01:00:00Z"), true, Some(utc("2026-03-29T01:00:00Z"))),
            // Local 02:00-03:00 does not exist: open from 03:00 CEST (01:00 UTC) to 04:00 CEST (02:00 UTC).
            ("Su 02:00-04:00", Legal, utc("2026-03-28T23:00:00Z"), false, Some(utc("2026-03-29T01:00:00Z"))),
            ("Su 02:00-04:00", Legal, utc("2026-03-29T00:59:00Z"), false, Some(utc("2026-03-29T01:00:00Z"))),
            ("Su 02:00-04:00", Legal, utc("2026-03-29T01:00:00Z"), true, Some(utc("2026-03-29T01:00:00Z"))),
            ("Su 02:00-04:00", Legal, utc("2026-03-29T01:59:00Z"), true, Some(utc("2026-03-29T01:59:00Z"))),
            // 04:00 CEST: closed until next Sunday 02:00 CEST (00:00 UTC).
            ("Su 02:00-04:00", Legal, utc("2026-03-29T02:00:00Z"), false, Some(utc("2026-04-05T00:00:00Z"))),
            // Office hours the next day are in summer time: 09:00 CEST is 07:00 UTC.
            ("Mo-Fr 09:00-11:30", Legal, utc("2026-03-29T12:00:00Z"), false, Some(utc("2026-03-30T07:00:00Z"))),
            ("Mo-Fr 09:00-11:30", Legal, utc("2026-03-27T12:00:00Z"), false, Some(utc("2026-03-30T07:00:00Z"))),
        ]);
        let week = hours("Su 02:00-04:00").week(&book(), Legal, utc("2026-03-23T12:00:00Z"));
        assert_eq!(week[6].date, d("2026-03-29"));
        assert_eq!(week[6].intervals, vec![Interval { from: "02:00".into(), to: "04:00".into() }]);
    }

    #[test]
    fn fall_back() {
        // 2026-10-25: 03:00 CEST becomes 02:00 CET at 01:00 UTC; local 02:00-03:00 happens twice.
        const WE: &str = "Sa-Su 01:00-03:00";
        check(&[
            // From Sunday 00:00 CEST: opens at 01:00 CEST = 23:00 UTC.
            (WE, Legal, utc("2026-10-24T22:00:00Z"), false, Some(utc("2026-10-24T23:00:00Z"))),
            (WE, Legal, utc("2026-10-24T23:00:00Z"), true, Some(utc("2026-10-24T23:00:00Z"))),
            // 02:30 CEST (first pass) and 02:30 CET (second pass) are both open.
            (WE, Legal, utc("2026-10-25T00:30:00Z"), true, Some(utc("2026-10-25T00:30:00Z"))),
            (WE, Legal, utc("2026-10-25T01:30:00Z"), true, Some(utc("2026-10-25T01:30:00Z"))),
            // 03:00 CET = 02:00 UTC: closed, three real hours after opening; next Saturday 01:00 CET.
            (WE, Legal, utc("2026-10-25T02:00:00Z"), false, Some(utc("2026-10-31T00:00:00Z"))),
            // Saturday night before the change: 01:00 CEST = 23:00 UTC on Friday.
            (WE, Legal, utc("2026-10-23T22:00:00Z"), false, Some(utc("2026-10-23T23:00:00Z"))),
            // A local time that happens twice, asked after its first pass: the second pass.
            ("Su 02:45-04:00", Legal, utc("2026-10-25T00:50:00Z"), true, Some(utc("2026-10-25T00:50:00Z"))),
            ("Su 02:40-02:45", Legal, utc("2026-10-25T00:50:00Z"), false, Some(utc("2026-10-25T01:40:00Z"))),
            // Later in the first pass comes before the second pass of an earlier local time.
            (
                "Su 02:10-02:20,02:40-02:50",
                Legal,
                utc("2026-10-25T00:30:00Z"),
                false,
                Some(utc("2026-10-25T00:40:00Z")),
            ),
            (
                "Su 02:10-02:20,02:40-02:50",
                Legal,
                utc("2026-10-25T00:55:00Z"),
                false,
                Some(utc("2026-10-25T01:10:00Z")),
            ),
            // A range across the change, already over in the first pass: open again from 02:00 CET (01:00 UTC).
            ("Su 01:55-02:10", Legal, utc("2026-10-25T00:30:00Z"), false, Some(utc("2026-10-25T01:00:00Z"))),
            // In the second pass, the first pass is over; next Sunday is All Saints: 8 November, 02:40 CET.
            ("Su 02:40-02:45", Legal, utc("2026-10-25T01:50:00Z"), false, Some(utc("2026-11-08T01:40:00Z"))),
            // Office hours after the change are in winter time: 09:00 CET is 08:00 UTC.
            ("Mo-Fr 09:00-11:30", Legal, utc("2026-10-25T12:00:00Z"), false, Some(utc("2026-10-26T08:00:00Z"))),
        ]);
    }

    #[test]
    fn appointment_only_slots() {
        check(&[
            ("Th 15:00-19:00", Legal, bxl("2026-11-26 14:59"), false, Some(bxl("2026-11-26 15:00"))),
            ("Th 15:00-19:00", Legal, bxl("2026-11-26 18:59"), true, Some(bxl("2026-11-26 18:59"))),
            ("Th 15:00-19:00", Legal, bxl("2026-11-26 19:00"), false, Some(bxl("2026-12-03 15:00"))),
            ("Th 15:00-19:00", Legal, bxl("2026-11-09 10:00"), false, Some(bxl("2026-11-12 15:00"))),
            // 11 November 2027 is a Thursday.
            ("Th 15:00-19:00", Legal, bxl("2027-11-11 16:00"), false, Some(bxl("2027-11-18 15:00"))),
            ("Mo,Th 09:00-11:30", Legal, bxl("2026-11-23 09:00"), true, Some(bxl("2026-11-23 09:00"))),
            ("Mo,Th 09:00-11:30", Legal, bxl("2026-11-24 09:00"), false, Some(bxl("2026-11-26 09:00"))),
            ("Mo,Th 09:00-11:30", Legal, bxl("2026-11-26 11:30"), false, Some(bxl("2026-11-30 09:00"))),
            // Easter Monday, then a plain Thursday.
            ("Mo,Th 09:00-11:30", Legal, bxl("2026-04-06 10:00"), false, Some(bxl("2026-04-09 09:00"))),
            // Whit Monday for a regional body, then Thursday.
            ("Mo,Th 09:00-11:30; PH off", Region, bxl("2026-05-25 10:00"), false, Some(bxl("2026-05-28 09:00"))),
        ]);
    }

    #[test]
    fn next_opening_looks_60_days_ahead() {
        check(&[
            ("Dec 01 10:00-12:00", Legal, bxl("2026-06-01 10:00"), false, None),
            ("Dec 01 10:00-12:00", Legal, bxl("2026-11-01 10:00"), false, Some(bxl("2026-12-01 10:00"))),
            ("closed", Legal, bxl("2026-06-01 10:00"), false, None),
            // `unknown` is not open.
            ("Mo-Fr 09:00-12:00 unknown", Legal, bxl("2026-06-01 10:00"), false, None),
            (
                "Mo-Fr 09:00-12:00 unknown; We 09:00-12:00",
                Legal,
                bxl("2026-06-01 10:00"),
                false,
                Some(bxl("2026-06-03 09:00")),
            ),
        ]);
    }

    #[test]
    fn week_around_christmas() {
        let h = hours("Th 08:00-13:00,15:00-19:00");
        let week = h.week(&book(), Legal, bxl("2026-12-21 08:00"));
        let iv = |from: &str, to: &str| Interval { from: from.into(), to: to.into() };
        let expected: Vec<DayHours> = [
            ("2026-12-21", vec![], None),
            ("2026-12-22", vec![], None),
            ("2026-12-23", vec![], None),
            ("2026-12-24", vec![iv("08:00", "13:00"), iv("15:00", "19:00")], None),
            ("2026-12-25", vec![], Some("Christmas")),
            ("2026-12-26", vec![], None),
            ("2026-12-27", vec![], None),
        ]
        .into_iter()
        .map(|(date, intervals, holiday)| DayHours { date: d(date), intervals, holiday: holiday.map(str::to_owned) })
        .collect();
        assert_eq!(week, expected);

        // A regional body's 26 December is a closure day too; a week may start late in the evening (UTC) of the
        // day before: it is the Brussels day that counts.
        let region = hours("Mo-Su 09:00-11:30").week(&book(), Region, utc("2026-12-23T23:30:00Z"));
        let summary: Vec<(NaiveDate, usize, Option<&str>)> =
            region.iter().map(|day| (day.date, day.intervals.len(), day.holiday.as_deref())).collect();
        assert_eq!(
            summary,
            vec![
                (d("2026-12-24"), 1, None),
                (d("2026-12-25"), 0, Some("Christmas")),
                (d("2026-12-26"), 0, Some("Second Christmas Day")),
                (d("2026-12-27"), 1, None),
                (d("2026-12-28"), 1, None),
                (d("2026-12-29"), 1, None),
                (d("2026-12-30"), 1, None),
            ]
        );
        let all_day = hours("Mo-Su 00:00-24:00").week(&book(), Legal, bxl("2026-12-21 08:00"));
        assert_eq!(all_day[0].intervals, vec![iv("00:00", "24:00")]);
        assert_eq!(all_day[4].intervals, vec![]);
        let comments = hours(r#"Mo 09:00-12:00 "counter", Mo 12:00-14:00 "phone too""#);
        assert_eq!(comments.week(&book(), Legal, bxl("2026-12-21 08:00"))[0].intervals, vec![iv("09:00", "14:00")]);
        // A night interval: its end after midnight belongs to the next day.
        let night = hours("Fr 22:00-02:00").week(&book(), Legal, bxl("2026-11-23 08:00"));
        assert_eq!(night[4].intervals, vec![iv("22:00", "24:00")]);
        assert_eq!(night[5].intervals, vec![iv("00:00", "02:00")]);
    }

    #[test]
    fn parse_hours_refuses_invalid_strings_with_the_parsers_message() {
        // (input, a part of the message)
        for (text, message) in [
            ("Mo-Fr 25:00-26:00", "at character 7: expected"),
            ("Mo-Fr 10:60-11:00", "expected minute"),
            ("open sometimes", "at character 6: expected comment"),
            ("Mo-Fr 9-12", "at character 7"),
            ("Xy 10:00-12:00", "at character 1"),
            ("", "empty opening hours"),
            ("   ", "empty opening hours"),
        ] {
            let error = parse_hours(text).err().unwrap_or_else(|| panic!("{text:?} should be refused"));
            assert!(error.contains(message), "{text:?}: {error}");
            assert!(!error.contains('\n'), "{text:?}: one line: {error}");
        }
    }

    #[test]
    fn parse_hours_accepts_every_string_of_the_catalog() {
        // `grep -h '^opening_hours' catalog/institutions/*.toml | sort -u`
        for text in [
            "Mo,Th 09:00-11:30; PH off",
            "Mo,Th 14:00-17:00; Tu,We,Fr 09:00-12:00",
            "Mo,We,Th,Fr 09:00-12:00,13:30-16:00; PH off",
            "Mo-Fr 08:30-12:00; PH off",
            "Mo-Fr 08:30-16:30",
            "Mo-Fr 09:00-11:30; PH off",
            "Mo-Fr 13:00-15:30; PH off",
            "Th 08:00-13:00,15:00-19:00",
        ] {
            let h = hours(text);
            assert_eq!(h.as_str(), text);
            assert!(!h.opens_on_ph, "{text:?}");
            // Every one opens within a week of a plain Monday.
            assert!(h.next_opening(&book(), Legal, bxl("2026-11-23 00:00")).is_some(), "{text:?}");
        }
        for (text, opens_on_ph) in [
            ("Mo-Fr 09:00-11:30; PH 10:00-12:00", true),
            ("Mo-Su,PH 09:00-12:00", true),
            ("PH open", true),
            ("Mo-Fr 09:00-11:30; PH off", false),
            ("Mo-Fr 09:00-11:30; PH closed", false),
            ("Mo-Fr 09:00-17:00; PH -1 days 09:00-12:00", false),
            ("mo-fr 09:00-11:30", false),
        ] {
            assert_eq!(hours(text).opens_on_ph, opens_on_ph, "{text:?}");
        }
    }
}
