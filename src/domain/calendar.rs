//! Belgian public holidays and the days off of public employers: when public counters close.
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

use chrono::{Duration, NaiveDate};
use std::collections::HashMap;
use std::sync::Arc;

use super::enums::Level;
use opening_hours::{Context, ContextHolidays};

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
    // The computus gives a month of 3 or 4 and a day of 1 to 31: never negative.
    ymd(year, month.unsigned_abs(), day.unsigned_abs())
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

    pub(super) fn context(&self, calendar: ClosureCalendar) -> Context {
        self.calendars[calendar.index()].context.clone()
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

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
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
}
