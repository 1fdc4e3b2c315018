//! Fact dates. Sources often give only a year or a month ("closed since March 2020"), so a fact's date is a
//! partial date, never silently completed to a day.

use chrono::NaiveDate;
use std::fmt;

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
// Stored as its text (`store::sql_types`).
#[derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    /// The first day the date can mean: used for ordering and for ages.
    pub fn earliest(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .expect("validated at parse time")
    }

    /// The last day the date can mean: a fact dated "2022" may be true until 31 December 2022.
    pub fn latest(&self) -> NaiveDate {
        match (self.month, self.day) {
            (Some(m), Some(d)) => NaiveDate::from_ymd_opt(self.year, m, d).expect("validated"),
            (Some(m), None) => {
                let (y, next) = if m == 12 { (self.year + 1, 1) } else { (self.year, m + 1) };
                NaiveDate::from_ymd_opt(y, next, 1).expect("valid") - chrono::Days::new(1)
            }
            _ => NaiveDate::from_ymd_opt(self.year, 12, 31).expect("valid"),
        }
    }

    /// Whole years since this date, counted at the date's own precision: a year-only date is as old as the
    /// difference of the years ("2025" is 1 year old anywhere in 2026), a month is counted in whole months, a
    /// day in whole years to the anniversary. Never negative.
    pub fn age_in_years(&self, today: NaiveDate) -> i64 {
        use chrono::Datelike;
        let years = i64::from(today.year() - self.year);
        let age = match (self.month, self.day) {
            (None, _) => years,
            (Some(m), None) => (years * 12 + i64::from(today.month()) - i64::from(m)).div_euclid(12),
            (Some(m), Some(d)) => years - i64::from((today.month(), today.day()) < (m, d)),
        };
        age.max(0)
    }
}

impl std::str::FromStr for PartialDate {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD");
        let parts: Vec<&str> = s.split('-').collect();
        let number = |p: &str, len: usize| -> Result<u32, String> {
            if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            p.parse().map_err(|_| bad())
        };
        let year = i32::try_from(number(parts.first().ok_or_else(bad)?, 4)?).map_err(|_| bad())?;
        if !(1800..=2200).contains(&year) {
            return Err(bad());
        }
        let month = parts.get(1).map(|p| number(p, 2)).transpose()?;
        let day = parts.get(2).map(|p| number(p, 2)).transpose()?;
        if parts.len() > 3 {
            return Err(bad());
        }
        let date = PartialDate { year, month, day };
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(bad());
        }
        if day.is_some() && NaiveDate::from_ymd_opt(year, month.unwrap_or(1), day.unwrap_or(1)).is_none() {
            return Err(bad());
        }
        Ok(date)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_the_three_precisions() {
        for text in ["2022", "2022-09", "2022-09-15"] {
            assert_eq!(text.parse::<PartialDate>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for text in ["", "22", "2022-9", "2022-13", "2022-02-30", "2022-01-01-01", "~2022", "2022/09", "99999"] {
            assert!(text.parse::<PartialDate>().is_err(), "{text} accepted");
        }
    }

    #[test]
    fn a_month_lasts_until_its_last_day() {
        let d: PartialDate = "2024-02".parse().unwrap();
        assert_eq!(d.latest(), NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        let y: PartialDate = "2022".parse().unwrap();
        assert_eq!(y.latest(), NaiveDate::from_ymd_opt(2022, 12, 31).unwrap());
    }

    #[test]
    fn age_counts_at_the_dates_own_precision() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let age = |s: &str| s.parse::<PartialDate>().unwrap().age_in_years(today);
        assert_eq!(age("2022"), 4);
        assert_eq!(age("2025"), 1, "a 2025 fact is a year old in 2026, never 'this year'");
        assert_eq!(age("2026"), 0);
        assert_eq!(age("2026-11"), 0);
        assert_eq!(age("2025-12"), 0);
        assert_eq!(age("2025-11"), 1);
        assert_eq!(age("2024-11-22"), 2);
        assert_eq!(age("2024-11-24"), 1);
        assert_eq!(age("2027"), 0);
    }
}
