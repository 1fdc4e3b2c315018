//! The opening-hours evaluator (`guichet::domain::hours`): any string through `parse_hours`, and every hours it
//! accepts evaluated at instants taken from the input's first bytes (2020–2030, daylight-saving changes included)
//! for each closure calendar. Nothing may panic, and the answers must agree: open now means the next opening is
//! now; a next opening is never before the question; a week is seven days in order, each interval `HH:MM` from
//! before to.
#![no_main]

use chrono::{DateTime, Duration, Utc};
use guichet::domain::hours::{ClosureCalendar, HolidayBook, parse_hours};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static BOOK: OnceLock<HolidayBook> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let (when, text) = data.split_at(4);
    let Ok(text) = std::str::from_utf8(text) else { return };
    let Ok(hours) = parse_hours(text) else { return };
    let book = BOOK.get_or_init(|| HolidayBook::new(2019, 2031));
    // Seconds into 2020–2030 (about 347 million seconds; the 4 bytes give 0..4.29 billion, folded).
    let offset = i64::from(u32::from_le_bytes([when[0], when[1], when[2], when[3]])) % (11 * 366 * 86_400);
    let Some(start) = DateTime::<Utc>::from_timestamp(1_577_836_800 + offset, 0) else { return };
    for calendar in ClosureCalendar::ALL {
        let open = hours.is_open(book, calendar, start);
        let next = hours.next_opening(book, calendar, start);
        if open {
            assert_eq!(next, Some(start), "open now, so the next opening is now: {text:?} at {start}");
        }
        if let Some(next) = next {
            assert!(next >= start, "the next opening {next} is before {start}: {text:?}");
            assert!(next <= start + Duration::days(61), "the next opening {next} is past the horizon: {text:?}");
        }
        let week = hours.week(book, calendar, start);
        assert_eq!(week.len(), 7);
        for pair in week.windows(2) {
            assert_eq!(pair[1].date, pair[0].date + Duration::days(1), "{text:?}");
        }
        for day in &week {
            for interval in &day.intervals {
                let well_formed = |t: &str| t.len() == 5 && t.as_bytes()[2] == b':';
                assert!(well_formed(&interval.from) && well_formed(&interval.to), "{interval:?} of {text:?}");
                assert!(interval.from < interval.to, "{interval:?} of {text:?} on {}", day.date);
            }
        }
    }
});
