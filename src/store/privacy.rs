//! The privacy sweep: free text stored before the privacy gate (`domain::privacy`) was as strict as it is now —
//! complaint descriptions, the notes of complaint events, observation comments and reporter roles — is read again
//! at start-up, after the migrations, and what the gate refuses is redacted in place (`privacy::redact`: the
//! pieces found replaced by `[removed: personal data]`). One transaction; idempotent (a redacted text passes the
//! gate, so a second run changes nothing).

use super::DbConnection;
use super::schema::{complaint_events, complaints, observations};
use crate::domain::privacy::redact;
use diesel::prelude::*;

/// How many rows the sweep changed, per table.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Redacted {
    pub complaints: usize,
    pub notes: usize,
    pub observations: usize,
}

impl Redacted {
    pub fn total(&self) -> usize {
        self.complaints + self.notes + self.observations
    }
}

impl std::fmt::Display for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} stored text(s) redacted for personal data: {} complaint(s), {} complaint note(s), {} observation(s)",
            self.total(),
            self.complaints,
            self.notes,
            self.observations
        )
    }
}

/// Redacts, in one write transaction, every stored free text that the privacy gate refuses; returns the counts.
pub fn redact_stored_texts(conn: &mut DbConnection) -> QueryResult<Redacted> {
    super::write_transaction(conn, |conn| {
        let mut done = Redacted::default();
        let rows: Vec<(i64, String)> =
            complaints::table.select((complaints::id, complaints::description)).order(complaints::id).load(conn)?;
        for (id, text) in rows {
            if let Some(clean) = redact(&text) {
                diesel::update(complaints::table.find(id)).set(complaints::description.eq(clean)).execute(conn)?;
                done.complaints += 1;
            }
        }
        let rows: Vec<(i64, Option<String>)> = complaint_events::table
            .filter(complaint_events::note.is_not_null())
            .select((complaint_events::id, complaint_events::note))
            .order(complaint_events::id)
            .load(conn)?;
        for (id, note) in rows {
            if let Some(clean) = note.as_deref().and_then(redact) {
                diesel::update(complaint_events::table.find(id)).set(complaint_events::note.eq(clean)).execute(conn)?;
                done.notes += 1;
            }
        }
        let rows: Vec<(i64, Option<String>, Option<String>)> = observations::table
            .filter(observations::comment.is_not_null().or(observations::reporter_role.is_not_null()))
            .select((observations::id, observations::comment, observations::reporter_role))
            .order(observations::id)
            .load(conn)?;
        for (id, comment, role) in rows {
            let comment_clean = comment.as_deref().and_then(redact);
            let role_clean = role.as_deref().and_then(redact);
            if comment_clean.is_none() && role_clean.is_none() {
                continue;
            }
            diesel::update(observations::table.find(id))
                .set((
                    observations::comment.eq(comment_clean.or(comment)),
                    observations::reporter_role.eq(role_clean.or(role)),
                ))
                .execute(conn)?;
            done.observations += 1;
        }
        Ok(done)
    })
}
