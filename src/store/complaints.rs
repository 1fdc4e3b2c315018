//! The right to complain: complaints, their tracking codes and history. The optional e-mail is stored apart.

use super::schema::{complaint_contacts, complaint_events, complaints};
use super::tokens::random_bytes;
use super::{DbConnection, StoreError, now};
use crate::domain::{ComplaintProblem, ComplaintState};
use diesel::prelude::*;
use diesel::result::Error as DieselError;

#[derive(Debug, Clone)]
pub struct NewComplaint {
    pub procedure_id: i64,
    pub channel_id: Option<i64>,
    pub problem: ComplaintProblem,
    pub description: String,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = complaints)]
pub struct ComplaintRow {
    pub id: i64,
    pub tracking_code: String,
    pub procedure_id: i64,
    pub channel_id: Option<i64>,
    pub problem: ComplaintProblem,
    pub description: String,
    pub state: ComplaintState,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = complaint_events)]
pub struct ComplaintEvent {
    pub state: ComplaintState,
    pub note: Option<String>,
    pub at: chrono::NaiveDateTime,
}

/// Crockford base32 without look-alikes: easy to read out on the phone.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// `XXXX-XXXX-XXXX`: 60 random bits.
pub fn new_tracking_code() -> String {
    let bytes = random_bytes::<8>();
    let mut n = u64::from_le_bytes(bytes);
    let mut code = String::with_capacity(14);
    for i in 0..12 {
        if i > 0 && i % 4 == 0 {
            code.push('-');
        }
        code.push(ALPHABET[(n & 31) as usize] as char);
        n >>= 5;
    }
    code
}

/// Stores a complaint under `code`, its contact (apart) and its first event; returns the stored row. Call inside a
/// write transaction; a tracking-code collision is a unique violation (draw another code).
pub fn insert_complaint(conn: &mut DbConnection, c: &NewComplaint, code: &str) -> QueryResult<ComplaintRow> {
    let at = now();
    diesel::insert_into(complaints::table)
        .values((
            complaints::tracking_code.eq(code),
            complaints::procedure_id.eq(c.procedure_id),
            complaints::channel_id.eq(c.channel_id),
            complaints::problem.eq(c.problem),
            complaints::description.eq(&c.description),
            complaints::state.eq(ComplaintState::Received),
            complaints::created_at.eq(at),
            complaints::updated_at.eq(at),
        ))
        .execute(conn)?;
    let row: ComplaintRow =
        complaints::table.filter(complaints::tracking_code.eq(code)).select(ComplaintRow::as_select()).first(conn)?;
    if let Some(email) = &c.email {
        diesel::insert_into(complaint_contacts::table)
            .values((complaint_contacts::complaint_id.eq(row.id), complaint_contacts::email.eq(email)))
            .execute(conn)?;
    }
    diesel::insert_into(complaint_events::table)
        .values((
            complaint_events::complaint_id.eq(row.id),
            complaint_events::state.eq(ComplaintState::Received),
            complaint_events::at.eq(at),
        ))
        .execute(conn)?;
    super::sync::notify(conn, &super::sync::Change::Complaint(row.id))?;
    // The outbox, in this transaction. Never the description, the e-mail or the tracking code (the person's).
    let about = match c.channel_id {
        Some(id) => super::webhooks::About::Channel(id),
        None => super::webhooks::About::Procedure(c.procedure_id),
    };
    let data = serde_json::json!({
        "complaint_id": row.id,
        "problem": row.problem,
        "state": row.state,
        "filed_at": at.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    });
    super::webhooks::enqueue(conn, crate::domain::EventKind::ComplaintFiled, about, &data)?;
    Ok(row)
}

pub fn find_complaint(
    conn: &mut DbConnection,
    code: &str,
) -> Result<Option<(ComplaintRow, Vec<ComplaintEvent>)>, StoreError> {
    let row: Option<ComplaintRow> = complaints::table
        .filter(complaints::tracking_code.eq(code))
        .select(ComplaintRow::as_select())
        .first(conn)
        .optional()?;
    let Some(row) = row else { return Ok(None) };
    let events = complaint_events::table
        .filter(complaint_events::complaint_id.eq(row.id))
        .order(complaint_events::id)
        .select(ComplaintEvent::as_select())
        .load(conn)?;
    Ok(Some((row, events)))
}

/// Complaints that name a channel, in recording order: evidence for the observed index.
pub fn load_channel_complaints(conn: &mut DbConnection) -> Result<Vec<(i64, chrono::NaiveDateTime)>, StoreError> {
    let rows: Vec<(Option<i64>, chrono::NaiveDateTime)> = complaints::table
        .filter(complaints::channel_id.is_not_null())
        .order(complaints::id)
        .select((complaints::channel_id, complaints::created_at))
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|(c, at)| c.map(|c| (c, at))).collect())
}

/// Moves a complaint to a new state, with a note; false when there is no such complaint.
pub fn set_complaint_state(
    conn: &mut DbConnection,
    code: &str,
    state: ComplaintState,
    note: Option<&str>,
) -> Result<bool, StoreError> {
    Ok(super::write_transaction(conn, |conn| {
        let id: Option<i64> = complaints::table
            .filter(complaints::tracking_code.eq(code))
            .select(complaints::id)
            .first(conn)
            .optional()?;
        let Some(id) = id else { return Ok(false) };
        let at = now();
        diesel::update(complaints::table.find(id))
            .set((complaints::state.eq(state), complaints::updated_at.eq(at)))
            .execute(conn)?;
        diesel::insert_into(complaint_events::table)
            .values((
                complaint_events::complaint_id.eq(id),
                complaint_events::state.eq(state),
                complaint_events::note.eq(note),
                complaint_events::at.eq(at),
            ))
            .execute(conn)?;
        Ok::<_, DieselError>(true)
    })?)
}

/// The channel and time of one complaint (for another instance's notification).
pub fn find_complaint_evidence(
    conn: &mut DbConnection,
    id: i64,
) -> Result<Option<(Option<i64>, chrono::NaiveDateTime)>, StoreError> {
    Ok(complaints::table.find(id).select((complaints::channel_id, complaints::created_at)).first(conn).optional()?)
}
