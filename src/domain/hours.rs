//! Opening hours: OpenStreetMap `opening_hours` strings evaluated in Europe/Brussels time, with Belgian public
//! holidays as `PH`.
//!
//! # Calendars
//!
//! [`legal_holidays`] are the 10 legal public holidays of the fact sheet (§4.1): New Year, Easter Monday, Labour
//! Day, Ascension, Whit Monday, National Day, Assumption, All Saints, Armistice, Christmas. Good Friday, 2 November
//! and 26 December are **not** among them. Easter is computed with the Gregorian computus ([`easter_sunday`]).
//!
//! Public counters close on their employer's days off, which may be more than the 10 (fact sheet §4.2): a
//! [`ClosureCalendar`] says which extra days apply ([`closure_days`]). Days falling on a weekend are not moved: the
//! Brussels statute compensates them with individual time off between 27 and 31 December, which is not an office
//! closure.
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

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Europe::Brussels;
use opening_hours::{Context, ContextHolidays, OpeningHours, RuleKind};
use serde::Serialize;
use utoipa::ToSchema;

use super::enums::Level;

/// How far [`Hours::next_opening`] looks ahead.
const NEXT_OPENING_HORIZON_DAYS: i64 = 60;

// --
// -- Holidays
// --

/// Which extra closure days apply beyond the 10 legal holidays (they decide when public counters close).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClosureCalendar {
    /// The 10 legal holidays only (private employers, and bodies whose extra days are not verified).
    Legal,
    /// Brussels regional civil servants: + 8 May, 2 Nov, 15 Nov, 26 Dec (fact sheet §4.2).
    BrusselsRegion,
    /// French Community (FWB) administrations: + 27 September (fact sheet §4.2).
    FrenchCommunity,
}

impl ClosureCalendar {
    pub const ALL: [ClosureCalendar; 3] =
        [ClosureCalendar::Legal, ClosureCalendar::BrusselsRegion, ClosureCalendar::FrenchCommunity];

    /// The calendar of an institution's level.
    ///
    /// - `region` → [`BrusselsRegion`](Self::BrusselsRegion): the statute of 21 March 2018 (SPR and OIP: Actiris,
    ///   Bruxelles Fiscalité…); **UNCERTAIN** per body (fact sheet §4.2).
    /// - `cocom` → [`BrusselsRegion`](Self::BrusselsRegion): **UNCERTAIN**, the Iriscare/COCOM staff statute was not
    ///   checked; assumed to follow the regional one.
    /// - `community` → [`FrenchCommunity`](Self::FrenchCommunity) (27 September): the Brussels catalog's community
    ///   bodies are FWB ones. A Flemish Community body would need its own calendar (whether it closes on 11 July is
    ///   NOT VERIFIED).
    /// - everything else (federal, cocof, communes, CPAS, payment bodies, mutualities, associations) →
    ///   [`Legal`](Self::Legal): their extra days are not verified (federal: commonly 2 Nov, 15 Nov, 26 Dec;
    ///   communes and CPAS: per staff statute, NOT FOUND), so only the 10 legal days are assumed.
    pub fn for_level(level: Level) -> Self {
        match level {
            Level::Region | Level::Cocom => ClosureCalendar::BrusselsRegion,
            Level::Community => ClosureCalendar::FrenchCommunity,
            Level::Federal
            | Level::Cocof
            | Level::Commune
            | Level::Cpas
            | Level::PaymentBody
            | Level::Mutuality
            | Level::Association => ClosureCalendar::Legal,
        }
    }

    fn index(self) -> usize {
        match self {
            ClosureCalendar::Legal => 0,
            ClosureCalendar::BrusselsRegion => 1,
            ClosureCalendar::FrenchCommunity => 2,
        }
    }
}

/// One holiday or closure day, with its names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name_fr: &'static str,
    pub name_nl: &'static str,
    pub name_en: &'static str,
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid calendar date")
}

/// Easter Sunday of a Gregorian year (the "anonymous" algorithm, Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(year, month as u32, day as u32)
}

/// The 10 legal public holidays of a year (fact sheet §4.1), sorted by date.
pub fn legal_holidays(year: i32) -> Vec<Holiday> {
    let easter = easter_sunday(year);
    let h = |date, name_fr, name_nl, name_en| Holiday { date, name_fr, name_nl, name_en };
    let mut days = vec![
        h(ymd(year, 1, 1), "Nouvel An", "Nieuwjaar", "New Year"),
        h(easter + Duration::days(1), "Lundi de Pâques", "Paasmaandag", "Easter Monday"),
        h(ymd(year, 5, 1), "Fête du Travail", "Dag van de Arbeid", "Labour Day"),
        h(easter + Duration::days(39), "Ascension", "O.L.H. Hemelvaart", "Ascension"),
        h(easter + Duration::days(50), "Lundi de Pentecôte", "Pinkstermaandag", "Whit Monday"),
        h(ymd(year, 7, 21), "Fête nationale", "Nationale feestdag", "National Day"),
        h(ymd(year, 8, 15), "Assomption", "O.L.V. Hemelvaart", "Assumption"),
        h(ymd(year, 11, 1), "Toussaint", "Allerheiligen", "All Saints"),
        h(ymd(year, 11, 11), "Jour de l'Armistice", "Wapenstilstand", "Armistice"),
        h(ymd(year, 12, 25), "Noël", "Kerstmis", "Christmas"),
    ];
    days.sort_by_key(|d| d.date);
    days
}

/// The days off beyond the 10 legal ones for a calendar.
fn extra_days(calendar: ClosureCalendar, year: i32) -> Vec<Holiday> {
    let h = |month, day, name_fr, name_nl, name_en| Holiday { date: ymd(year, month, day), name_fr, name_nl, name_en };
    match calendar {
        ClosureCalendar::Legal => Vec::new(),
        // Statute of 21 March 2018, art. 186 (fact sheet §4.2). 8 May is a day off since 2003 or 2019 depending on
        // the source (UNCERTAIN before 2019, irrelevant for current dates).
        ClosureCalendar::BrusselsRegion => vec![
            h(5, 8, "Fête de l'Iris", "Irisfeest", "Iris Day"),
            h(11, 2, "Fête des morts", "Allerzielen", "All Souls' Day"),
            h(11, 15, "Fête du Roi", "Koningsfeest", "King's Day"),
            h(12, 26, "Lendemain de Noël", "Tweede Kerstdag", "Second Christmas Day"),
        ],
        ClosureCalendar::FrenchCommunity => vec![h(
            9,
            27,
            "Fête de la Fédération Wallonie-Bruxelles",
            "Feest van de Franse Gemeenschap",
            "French Community Day",
        )],
    }
}

/// The closure days of a calendar in a year: the 10 legal holidays plus the calendar's extra days, sorted by date,
/// one per date (a legal holiday wins over an extra day on the same date).
pub fn closure_days(calendar: ClosureCalendar, year: i32) -> Vec<Holiday> {
    let mut days = legal_holidays(year);
    days.extend(extra_days(calendar, year));
    // Stable: on equal dates the legal holiday (pushed first) is kept.
    days.sort_by_key(|d| d.date);
    days.dedup_by_key(|d| d.date);
    days
}

/// One calendar's closure days, indexed by date, and the same days as the parser's `PH` calendar.
#[derive(Debug, Clone)]
struct CalendarBook {
    days: HashMap<NaiveDate, Holiday>,
    context: Context,
}

/// Precomputed closure calendars for a range of years (the read model keeps one, e.g. `HolidayBook::around(this
/// year)`: years now-1 ..= now+5). Cheap to share: evaluation only reads it.
#[derive(Debug, Clone)]
pub struct HolidayBook {
    first_year: i32,
    last_year: i32,
    calendars: [CalendarBook; 3],
}

impl HolidayBook {
    /// The closure days of every calendar for the years `first_year ..= last_year`.
    pub fn new(first_year: i32, last_year: i32) -> Self {
        let calendars = ClosureCalendar::ALL.map(|calendar| {
            let days: HashMap<NaiveDate, Holiday> = (first_year..=last_year)
                .flat_map(|year| closure_days(calendar, year))
                .map(|holiday| (holiday.date, holiday))
                .collect();
            // `CompactCalendar` (the parser's holiday set) is built from the dates.
            let public = Arc::new(days.keys().copied().collect());
            let context = Context::default().with_holidays(ContextHolidays::new(public, Arc::default()));
            CalendarBook { days, context }
        });
        HolidayBook { first_year, last_year, calendars }
    }

    /// The default span around a year: `year - 1 ..= year + 5`.
    pub fn around(year: i32) -> Self {
        Self::new(year - 1, year + 5)
    }

    /// The years covered, inclusive.
    pub fn years(&self) -> (i32, i32) {
        (self.first_year, self.last_year)
    }

    /// The closure day of `calendar` on `date`, if it is one (none outside the book's years).
    pub fn holiday(&self, calendar: ClosureCalendar, date: NaiveDate) -> Option<&Holiday> {
        self.calendars[calendar.index()].days.get(&date)
    }

    fn context(&self, calendar: ClosureCalendar) -> Context {
        self.calendars[calendar.index()].context.clone()
    }
}

// --
// -- Hours
// --

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
    use chrono::Datelike;

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
    fn easter_sunday_matches_the_fact_sheet() {
        for (year, easter) in [
            (2016, "2016-03-27"),
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2028, "2028-04-16"),
            (2029, "2029-04-01"),
            (2030, "2030-04-21"),
            (2031, "2031-04-13"),
        ] {
            assert_eq!(easter_sunday(year), d(easter), "{year}");
        }
    }

    #[test]
    fn easter_based_holidays_match_the_fact_sheet() {
        // (year, Easter Monday, Ascension, Whit Monday)
        for (year, monday, ascension, whit) in [
            (2016, "2016-03-28", "2016-05-05", "2016-05-16"),
            (2024, "2024-04-01", "2024-05-09", "2024-05-20"),
            (2025, "2025-04-21", "2025-05-29", "2025-06-09"),
            (2026, "2026-04-06", "2026-05-14", "2026-05-25"),
            (2027, "2027-03-29", "2027-05-06", "2027-05-17"),
            (2028, "2028-04-17", "2028-05-25", "2028-06-05"),
            (2029, "2029-04-02", "2029-05-10", "2029-05-21"),
            (2030, "2030-04-22", "2030-05-30", "2030-06-10"),
            (2031, "2031-04-14", "2031-05-22", "2031-06-02"),
        ] {
            let days = legal_holidays(year);
            let date_of = |name: &str| days.iter().find(|h| h.name_en == name).unwrap().date;
            assert_eq!(date_of("Easter Monday"), d(monday), "{year}");
            assert_eq!(date_of("Ascension"), d(ascension), "{year}");
            assert_eq!(date_of("Whit Monday"), d(whit), "{year}");
            assert_eq!(date_of("Ascension").weekday(), chrono::Weekday::Thu, "{year}");
        }
    }

    #[test]
    fn legal_holidays_2026_are_the_ten() {
        let days = legal_holidays(2026);
        assert_eq!(days.len(), 10);
        let dates: Vec<NaiveDate> = days.iter().map(|h| h.date).collect();
        let expected = [
            "2026-01-01",
            "2026-04-06",
            "2026-05-01",
            "2026-05-14",
            "2026-05-25",
            "2026-07-21",
            "2026-08-15",
            "2026-11-01",
            "2026-11-11",
            "2026-12-25",
        ]
        .map(d);
        assert_eq!(dates, expected);
        for not_legal in ["2026-04-03" /* Good Friday */, "2026-12-26", "2026-11-02", "2026-05-15", "2026-05-08"] {
            assert!(!dates.contains(&d(not_legal)), "{not_legal}");
        }
        let christmas = days.last().unwrap();
        assert_eq!((christmas.name_fr, christmas.name_nl, christmas.name_en), ("Noël", "Kerstmis", "Christmas"));
    }

    #[test]
    fn closure_days_add_the_calendars_extra_days() {
        // (calendar, year, count, extra dates that must be there, dates that must not)
        type Case = (ClosureCalendar, i32, usize, &'static [&'static str], &'static [&'static str]);
        let cases: &[Case] = &[
            (Legal, 2026, 10, &[], &["2026-05-08", "2026-09-27", "2026-12-26"]),
            (Region, 2026, 14, &["2026-05-08", "2026-11-02", "2026-11-15", "2026-12-26"], &["2026-09-27"]),
            (Fwb, 2026, 11, &["2026-09-27"], &["2026-05-08", "2026-12-26"]),
            (Fwb, 2027, 11, &["2027-09-27"], &[]),
        ];
        for (calendar, year, count, present, absent) in cases {
            let days = closure_days(*calendar, *year);
            assert_eq!(days.len(), *count, "{calendar:?} {year}");
            assert!(days.windows(2).all(|w| w[0].date < w[1].date), "sorted and unique: {calendar:?} {year}");
            let dates: Vec<NaiveDate> = days.iter().map(|h| h.date).collect();
            present.iter().for_each(|p| assert!(dates.contains(&d(p)), "{calendar:?} has {p}"));
            absent.iter().for_each(|a| assert!(!dates.contains(&d(a)), "{calendar:?} lacks {a}"));
        }
        // An extra day on a legal holiday is one closure day, named as the legal one: Ascension on 8 May (2059).
        let year = (2000..2300).find(|&y| easter_sunday(y) + Duration::days(39) == d(&format!("{y}-05-08"))).unwrap();
        let days = closure_days(Region, year);
        assert_eq!(days.len(), 13, "{year}");
        let may_8 = days.iter().find(|h| h.date == d(&format!("{year}-05-08"))).unwrap();
        assert_eq!(may_8.name_en, "Ascension", "{year}");
        assert!(days.iter().all(|h| h.date.year() == year));
    }

    #[test]
    fn calendar_for_each_level() {
        for (level, calendar) in [
            (Level::Region, Region),
            (Level::Cocom, Region),
            (Level::Community, Fwb),
            (Level::Federal, Legal),
            (Level::Cocof, Legal),
            (Level::Commune, Legal),
            (Level::Cpas, Legal),
            (Level::PaymentBody, Legal),
            (Level::Mutuality, Legal),
            (Level::Association, Legal),
        ] {
            assert_eq!(ClosureCalendar::for_level(level), calendar, "{level}");
        }
    }

    #[test]
    fn holiday_book_lookups() {
        let book = book();
        assert_eq!(book.years(), (2025, 2031));
        // (calendar, date, English name or none)
        for (calendar, date, name) in [
            (Legal, "2026-12-25", Some("Christmas")),
            (Region, "2026-12-25", Some("Christmas")),
            (Legal, "2026-12-26", None),
            (Region, "2026-12-26", Some("Second Christmas Day")),
            (Region, "2026-05-08", Some("Iris Day")),
            (Fwb, "2027-09-27", Some("French Community Day")),
            (Legal, "2027-09-27", None),
            (Legal, "2025-01-01", Some("New Year")),
            (Legal, "2031-06-02", Some("Whit Monday")),
            (Legal, "2024-12-25", None), // outside the book's years
            (Legal, "2032-01-01", None),
            (Legal, "2026-11-26", None),
        ] {
            assert_eq!(book.holiday(calendar, d(date)).map(|h| h.name_en), name, "{calendar:?} {date}");
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
