//! Dates and times in words: weekdays, months, "tomorrow at 9:00", the week's hours.

use super::i18n::{Lang, Tr};
use chrono::{Datelike, Timelike};
use chrono_tz::Europe::Brussels;

pub fn day_name(tr: Tr, weekday: chrono::Weekday) -> String {
    tr.t(["day-1", "day-2", "day-3", "day-4", "day-5", "day-6", "day-7"][weekday.num_days_from_monday() as usize])
}

pub(super) fn month_name(tr: Tr, month: u32) -> String {
    const KEYS: [&str; 12] = [
        "month-1", "month-2", "month-3", "month-4", "month-5", "month-6", "month-7", "month-8", "month-9", "month-10",
        "month-11", "month-12",
    ];
    tr.t(KEYS[(month as usize).clamp(1, 12) - 1])
}

/// A partial date in words: "2022", "septembre 2022", "15 septembre 2022".
pub fn date_words(tr: Tr, d: crate::domain::PartialDate) -> String {
    match (d.month, d.day) {
        (Some(m), Some(day)) => format!("{day} {} {}", month_name(tr, m), d.year),
        (Some(m), None) => format!("{} {}", month_name(tr, m), d.year),
        _ => d.year.to_string(),
    }
}

/// "8:00" rather than "08:00": easier to read.
/// A day in words, as `date_words` says a partial date.
pub fn day_words(tr: Tr, d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    date_words(tr, crate::domain::PartialDate { year: d.year(), month: Some(d.month()), day: Some(d.day()) })
}

pub fn clock(hhmm: &str) -> String {
    hhmm.strip_prefix('0').filter(|r| r.len() == 4).unwrap_or(hhmm).to_string()
}

/// "Thursday 26 November, 8:00".
pub fn moment(tr: Tr, at: chrono::DateTime<chrono::Utc>) -> String {
    let local = at.with_timezone(&Brussels);
    tr.t2(
        "moment",
        ("day", format!("{} {} {}", day_name(tr, local.weekday()), local.day(), month_name(tr, local.month()))),
        ("time", format!("{}:{:02}", local.hour(), local.minute())),
    )
}

pub(super) fn days_between(today: chrono::NaiveDate, then: chrono::NaiveDate) -> i64 {
    (today - then).num_days().max(0)
}

/// A public holiday or day off in the page's language (French for the sheet-only languages).
pub(super) fn holiday_name(tr: Tr, h: &crate::domain::hours::Holiday) -> &'static str {
    match tr.lang {
        Lang::Nl => h.name_nl,
        Lang::En => h.name_en,
        _ => h.name_fr,
    }
}

pub(super) fn day_hours(tr: Tr, d: &crate::domain::hours::DayHours) -> String {
    if let Some(h) = &d.holiday {
        return tr.t1("closed-holiday", "holiday", h.clone());
    }
    if d.intervals.is_empty() {
        return tr.t("closed");
    }
    d.intervals.iter().map(|i| format!("{}–{}", clock(&i.from), clock(&i.to))).collect::<Vec<_>>().join(", ")
}

/// "Monday, Tuesday 8:00–12:00 · Thursday 8:00–13:00, 15:00–19:00", Monday first, holidays aside.
pub fn week_summary(tr: Tr, week: &[crate::domain::hours::DayHours]) -> String {
    let mut days: Vec<&crate::domain::hours::DayHours> = week.iter().filter(|d| d.holiday.is_none()).collect();
    days.sort_by_key(|d| d.date.weekday().num_days_from_monday());
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for d in days.into_iter().filter(|d| !d.intervals.is_empty()) {
        let hours = day_hours(tr, d);
        match groups.iter_mut().find(|(h, _)| *h == hours) {
            Some((_, names)) => names.push(day_name(tr, d.date.weekday())),
            None => groups.push((hours, vec![day_name(tr, d.date.weekday())])),
        }
    }
    if groups.is_empty() {
        return tr.t("closed-all-week");
    }
    groups.into_iter().map(|(h, names)| format!("{} {h}", names.join(", "))).collect::<Vec<_>>().join(" · ")
}

/// Time spent in hours and minutes: "0 h 31" for 31 minutes, "12 h 05" (never rounded to whole hours).
pub fn hours_minutes(tr: Tr, hours: f64) -> String {
    let minutes = (hours * 60.0).round().max(0.0);
    let whole = (minutes / 60.0).floor();
    let rest = minutes - whole * 60.0;
    tr.t2("duration-hours-minutes", ("hours", format!("{whole:.0}")), ("minutes", format!("{rest:02.0}")))
}
