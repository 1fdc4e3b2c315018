//! The subset of OpenStreetMap `opening_hours` that is a plain weekly timetable: days and intervals, nothing
//! else. What other formats (HSDS schedules, a printed week) can tell faithfully, and nothing more.

/// The days of the week: OpenStreetMap spelling and RFC 5545 (`BYDAY`) spelling, Monday first.
pub const DAYS: [(&str, &str); 7] =
    [("Mo", "MO"), ("Tu", "TU"), ("We", "WE"), ("Th", "TH"), ("Fr", "FR"), ("Sa", "SA"), ("Su", "SU")];

/// One weekly rule: its days (0 = Monday), its intervals ("HH:MM", opening before closing) and its days as written.
#[derive(Debug, Clone, PartialEq)]
pub struct WeeklyRule {
    pub days: Vec<usize>,
    pub days_text: String,
    pub intervals: Vec<(String, String)>,
}

fn day(token: &str) -> Option<usize> {
    DAYS.iter().position(|(osm, _)| *osm == token)
}

fn hh_mm(token: &str) -> Option<(u32, u32)> {
    let (h, m) = token.split_once(':')?;
    if h.len() != 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

/// Opening hours that HSDS weekly schedules tell faithfully: rules `<days> <HH:MM-HH:MM>[,<HH:MM-HH:MM>…]`
/// separated by `;`, on days no other rule names (a later rule would override an earlier one), plus an optional
/// `PH off` (public holidays closed, which guichet assumes anyway). Anything else — months, weeks, `PH` opening,
/// `off` days, comments, intervals past midnight — is `None`.
pub fn weekly_rules(text: &str) -> Option<Vec<WeeklyRule>> {
    let mut rules = Vec::new();
    let mut seen = [false; 7];
    for rule in text.split(';').map(str::trim) {
        if rule == "PH off" || rule == "PH closed" {
            continue;
        }
        let (days_text, times) = rule.split_once(' ')?;
        let mut days = Vec::new();
        for token in days_text.split(',') {
            match token.split_once('-') {
                Some((a, b)) => {
                    let (a, b) = (day(a)?, day(b)?);
                    let mut d = a;
                    loop {
                        days.push(d);
                        if d == b {
                            break;
                        }
                        d = (d + 1) % 7;
                    }
                }
                None => days.push(day(token)?),
            }
        }
        days.sort_unstable();
        days.dedup();
        for &d in &days {
            if std::mem::replace(&mut seen[d], true) {
                return None;
            }
        }
        let mut intervals = Vec::new();
        for interval in times.split(',').map(str::trim) {
            let (from, to) = interval.split_once('-')?;
            let (opens, closes) = (hh_mm(from)?, hh_mm(to)?);
            if opens >= closes {
                return None;
            }
            intervals.push((from.to_string(), to.to_string()));
        }
        rules.push(WeeklyRule { days, days_text: days_text.to_string(), intervals });
    }
    (!rules.is_empty()).then_some(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each rule as its days and its intervals written `HH:MM-HH:MM`.
    fn rules(text: &str) -> Option<Vec<(Vec<usize>, Vec<String>)>> {
        let rules = weekly_rules(text)?;
        Some(
            rules
                .into_iter()
                .map(|r| (r.days, r.intervals.iter().map(|(a, b)| format!("{a}-{b}")).collect()))
                .collect(),
        )
    }

    fn rule(days: &[usize], intervals: &[&str]) -> (Vec<usize>, Vec<String>) {
        (days.to_vec(), intervals.iter().map(std::string::ToString::to_string).collect())
    }

    #[test]
    fn weekly_hours_become_intervals() {
        assert_eq!(rules("Mo-Fr 09:00-12:00"), Some(vec![rule(&[0, 1, 2, 3, 4], &["09:00-12:00"])]));
        assert_eq!(rules("Th 08:00-13:00,15:00-19:00"), Some(vec![rule(&[3], &["08:00-13:00", "15:00-19:00"])]));
        assert_eq!(rules("Mo-Fr 09:00-11:30; PH off"), Some(vec![rule(&[0, 1, 2, 3, 4], &["09:00-11:30"])]));
        assert_eq!(
            rules("Mo,Th 14:00-17:00; Tu,We,Fr 09:00-12:00"),
            Some(vec![rule(&[0, 3], &["14:00-17:00"]), rule(&[1, 2, 4], &["09:00-12:00"])])
        );
        assert_eq!(rules("Sa-Mo 10:00-12:00"), Some(vec![rule(&[0, 5, 6], &["10:00-12:00"])]));
    }

    #[test]
    fn other_hours_are_not_forced_into_intervals() {
        for text in [
            "24/7",
            "Mo-Fr 09:00-12:00; We 13:00-15:00",
            "Mo-Fr 22:00-02:00",
            "Mo-Fr 09:00-24:00",
            "Jan-Jun Mo-Fr 09:00-12:00",
            "Mo-Fr 09:00-12:00; PH 10:00-12:00",
            "Mo-Fr 09:00-12:00 \"by appointment\"",
            "Mo-Fr 9:00-12:00",
            "Mo[1] 09:00-12:00",
            "Mo-Fr off",
            "PH off",
        ] {
            assert_eq!(weekly_rules(text), None, "{text}");
        }
    }
}
