//! The audit log: one row per write to the catalog (who, when, what, before and after), appended inside the
//! write's own transaction and never changed (the database's triggers refuse updates and deletes).

use super::schema::{audit_log, people};
use super::tokens::Principal;
use super::{DbConnection, StoreError};
use diesel::prelude::*;

/// Who wrote: a token or a person of an organisation, or the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditActor {
    /// `token`, `person` or `cli`.
    pub kind: &'static str,
    pub id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub organisation: Option<String>,
}

impl AuditActor {
    pub fn of(p: &Principal) -> AuditActor {
        AuditActor {
            kind: p.actor.kind(),
            id: Some(p.actor.id()),
            organisation_id: Some(p.organisation_id),
            organisation: Some(p.organisation.clone()),
        }
    }
}

/// One write, as the log keeps it.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub actor: &'a AuditActor,
    pub institution_id: Option<i64>,
    /// `channel`, `declared_status`, `suggestion`, `campaign`.
    pub resource: &'static str,
    pub resource_id: i64,
    /// `update`, `withdraw`, `declare_status`, `accept`, `reject`, `verify`, `open`.
    pub action: &'static str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Appends one entry; call it inside the write's transaction.
pub fn append(conn: &mut DbConnection, at: chrono::NaiveDateTime, e: &AuditEntry<'_>) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(at),
            audit_log::actor_kind.eq(e.actor.kind),
            audit_log::actor_id.eq(e.actor.id),
            audit_log::organisation_id.eq(e.actor.organisation_id),
            audit_log::organisation.eq(&e.actor.organisation),
            audit_log::institution_id.eq(e.institution_id),
            audit_log::resource.eq(e.resource),
            audit_log::resource_id.eq(e.resource_id),
            audit_log::action.eq(e.action),
            audit_log::before.eq(e.before.as_ref().map(ToString::to_string)),
            audit_log::after.eq(e.after.as_ref().map(ToString::to_string)),
        ))
        .execute(conn)
        .map(drop)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: i64,
    pub at: chrono::NaiveDateTime,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub organisation: Option<String>,
    pub institution_id: Option<i64>,
    pub resource: String,
    pub resource_id: i64,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Which entries to list; every part optional.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub institution_id: Option<i64>,
    /// (`token` or `person`, id).
    pub actor: Option<(String, i64)>,
    pub organisation_id: Option<i64>,
    pub from: Option<chrono::NaiveDateTime>,
    /// Exclusive.
    pub until: Option<chrono::NaiveDateTime>,
}

fn filtered(f: &AuditFilter) -> audit_log::BoxedQuery<'static, super::MultiBackend> {
    let mut q = audit_log::table.into_boxed();
    if let Some(id) = f.institution_id {
        q = q.filter(audit_log::institution_id.eq(id));
    }
    if let Some((kind, id)) = &f.actor {
        q = q.filter(audit_log::actor_kind.eq(kind.clone())).filter(audit_log::actor_id.eq(*id));
    }
    if let Some(id) = f.organisation_id {
        q = q.filter(audit_log::organisation_id.eq(id));
    }
    if let Some(from) = f.from {
        q = q.filter(audit_log::at.ge(from));
    }
    if let Some(until) = f.until {
        q = q.filter(audit_log::at.lt(until));
    }
    q
}

/// A page of entries, newest first, and how many match in all.
pub fn list(
    conn: &mut DbConnection,
    f: &AuditFilter,
    offset: i64,
    limit: i64,
) -> Result<(Vec<AuditRow>, i64), StoreError> {
    let total: i64 = filtered(f).count().get_result(conn)?;
    let rows =
        filtered(f).order(audit_log::id.desc()).offset(offset).limit(limit).select(AuditRow::as_select()).load(conn)?;
    Ok((rows, total))
}

/// The display names of the people among these actors (`person` ids), for the log's readers.
pub fn person_names(
    conn: &mut DbConnection,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, String>, StoreError> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let rows: Vec<(i64, String)> =
        people::table.filter(people::id.eq_any(ids.to_vec())).select((people::id, people::display_name)).load(conn)?;
    Ok(rows.into_iter().collect())
}
