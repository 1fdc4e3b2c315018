//! The "monitoring social 1030" figures for any period and area, from the observation rows of the read model.
//! The same filters for the API, its CSV export and the gaps page.

use super::error::FieldError;
use super::input::Params;
use crate::catalog::Snapshot;
use crate::catalog::observed::ObservedIndex;
use crate::domain::Level;
use crate::domain::monitoring::{MonitoringTable, monitoring_table};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Brussels;

/// Which observations the figures count.
#[derive(Debug, Clone, Default)]
pub struct MonitoringFilter {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// The area: observations by organisations working in this commune (slug).
    pub commune: Option<String>,
    pub institution: Option<String>,
    pub level: Option<Level>,
    pub category: Option<String>,
    /// One organisation, by name.
    pub org: Option<String>,
}

/// A date is the whole day in Brussels; a date-time is taken as given.
fn instant(raw: &str, end_of_day: bool) -> Result<DateTime<Utc>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Ok(t.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| format!("`{raw}`: expected YYYY-MM-DD or an RFC 3339 date-time"))?;
    let day = if end_of_day { day.succ_opt().ok_or("date out of range")? } else { day };
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    let local = Brussels.from_local_datetime(&midnight).earliest().ok_or("no such local time")?;
    let t = local.with_timezone(&Utc);
    Ok(if end_of_day { t - chrono::Duration::nanoseconds(1) } else { t })
}

impl MonitoringFilter {
    /// Reads `from`, `to`, `commune`, `institution`, `level`, `category` and `org`; bad values are left in
    /// `params`, each naming its parameter.
    pub fn read(s: &Snapshot, params: &mut Params) -> MonitoringFilter {
        let bound = |name: &str, end: bool, params: &mut Params| {
            params.typed(name).and_then(|raw| match instant(&raw, end) {
                Ok(t) => Some(t),
                Err(e) => {
                    params.errors.push(FieldError::new(name, e));
                    None
                }
            })
        };
        let from = bound("from", false, params);
        let to = bound("to", true, params);
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            params.unprocessable("to", "is before `from`");
        }
        let commune = params.text("commune");
        let institution = params.text("institution");
        let level: Option<Level> = params.parse("level");
        let category = params.text("category");
        let org = params.text("org");
        if let Some(c) = &commune
            && s.commune(c).is_none()
        {
            params.unknown("commune", format!("`{c}` is not a commune slug"));
        }
        if let Some(i) = &institution
            && s.institution(i).is_none()
        {
            params.unknown("institution", format!("`{i}` is not an institution slug"));
        }
        MonitoringFilter { from, to, commune, institution, level, category, org }
    }
}

/// The monitoring table of the observations the filter selects.
pub fn monitoring(s: &Snapshot, observed: &ObservedIndex, f: &MonitoringFilter) -> MonitoringTable {
    observed.with_rows(|rows| {
        let organisations = rows.organisations();
        let selected: Vec<_> = rows
            .iter()
            .filter(|r| f.from.is_none_or(|from| r.occurred_at >= from))
            .filter(|r| f.to.is_none_or(|to| r.occurred_at <= to))
            .filter(|r| {
                let o = &organisations[r.organisation as usize];
                (f.commune.is_none() || o.commune == f.commune) && f.org.as_ref().is_none_or(|name| &o.name == name)
            })
            .filter_map(|r| r.facts(s).map(|facts| (r, facts)))
            .filter(|(_, facts)| f.institution.as_ref().is_none_or(|i| &facts.institution == i))
            .filter(|(_, facts)| {
                f.level.is_none_or(|l| s.institution(&facts.institution).is_some_and(|i| i.level == l))
            })
            .filter(|(r, _)| {
                f.category.as_ref().is_none_or(|c| {
                    s.channel(r.channel_id).is_some_and(|ch| s.procedures[ch.procedure].categories.contains(c))
                })
            })
            .map(|(_, facts)| facts)
            .collect();
        monitoring_table(&selected)
    })
}
