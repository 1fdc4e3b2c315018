//! Reading the audit log: the filter (institution, actor, period) and a page of entries.

use super::error::{AppError, FieldError};
use super::input::{Pagination, Params};
use super::state::AppState;
use crate::store::{self, audit};

/// One entry, with its institution by slug and before/after as JSON.
#[derive(Debug, Clone)]
pub struct AuditItem {
    pub row: audit::AuditRow,
    pub institution: Option<String>,
    /// The display name of the person who wrote, when a person did (`actor_kind` `person`).
    pub actor_name: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// `institution` (slug), `actor` (`token:ID` or `person:ID`), `from` and `until` (RFC 3339; `until` exclusive).
pub fn read_filter(p: &mut Params, s: &crate::catalog::Snapshot) -> audit::AuditFilter {
    let institution_id = p.institution(s).map(|i| s.institutions[i].id);
    let actor = p.text("actor").and_then(|raw| {
        let parsed = raw.split_once(':').and_then(|(kind, id)| {
            let id = id.parse::<i64>().ok().filter(|id| *id > 0)?;
            ["token", "person"].contains(&kind).then(|| (kind.to_string(), id))
        });
        if parsed.is_none() {
            p.errors.push(FieldError::new("actor", format!("`{raw}`: expected token:ID or person:ID")));
        }
        parsed
    });
    let from = p.datetime("from").map(|t| t.naive_utc());
    let until = p.datetime("until").map(|t| t.naive_utc());
    if let (Some(f), Some(u)) = (from, until)
        && u <= f
    {
        p.errors.push(FieldError::new("until", "must be after `from`"));
    }
    audit::AuditFilter { institution_id, actor, organisation_id: None, from, until }
}

/// A page of the log, newest first, and the number of entries the filter keeps.
pub async fn list(
    state: &AppState,
    filter: audit::AuditFilter,
    page: Pagination,
) -> Result<(Vec<AuditItem>, i64), AppError> {
    let offset = i64::from(page.page - 1) * i64::from(page.per_page);
    let limit = i64::from(page.per_page);
    let (rows, total, names) = store::blocking(&state.pool, move |conn| {
        let (rows, total) = audit::list(conn, &filter, offset, limit)?;
        let mut people: Vec<i64> =
            rows.iter().filter(|r| r.actor_kind == "person").filter_map(|r| r.actor_id).collect();
        people.sort_unstable();
        people.dedup();
        let names = audit::person_names(conn, &people)?;
        Ok((rows, total, names))
    })
    .await?;
    let s = state.catalog.load();
    let json = |t: &Option<String>| t.as_deref().and_then(|t| serde_json::from_str(t).ok());
    let items = rows
        .into_iter()
        .map(|row| AuditItem {
            institution: row.institution_id.and_then(|id| s.institution_slug(id)),
            actor_name: (row.actor_kind == "person")
                .then(|| row.actor_id.and_then(|id| names.get(&id).cloned()))
                .flatten(),
            before: json(&row.before),
            after: json(&row.after),
            row,
        })
        .collect();
    Ok((items, total))
}
