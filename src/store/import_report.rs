//! What an import did (`ImportReport`): counts per kind of record, statuses recorded and withdrawn, edits kept
//! and conflicts with fields edited through the API.

use serde::Serialize;
use std::collections::BTreeMap;

/// What an import did, per kind of record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub records: BTreeMap<&'static str, KindCount>,
    /// Declared-status entries newly recorded in history (or back in force).
    pub statuses_recorded: usize,
    /// Declared-status entries that left the files: no longer in force, kept in history.
    pub statuses_withdrawn: usize,
    /// Fields edited through the API that the files left unchanged: the edits stay.
    pub edits_kept: usize,
    /// Fields edited through the API that the files changed since: not applied, unless forced.
    pub conflicts: Vec<super::edits::Conflict>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct KindCount {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub withdrawn: usize,
}

impl ImportReport {
    /// True when the import changed nothing in the database.
    pub fn is_noop(&self) -> bool {
        self.statuses_recorded == 0
            && self.statuses_withdrawn == 0
            && self.records.values().all(|c| c.created + c.updated + c.withdrawn == 0)
    }
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (kind, c) in &self.records {
            writeln!(
                f,
                "{kind:<13} {:>5} created {:>5} updated {:>5} unchanged {:>5} withdrawn",
                c.created, c.updated, c.unchanged, c.withdrawn
            )?;
        }
        write!(f, "declared statuses recorded: {}, withdrawn: {}", self.statuses_recorded, self.statuses_withdrawn)?;
        if self.edits_kept > 0 {
            write!(f, "\nfields edited through the API and unchanged in the files, kept: {}", self.edits_kept)?;
        }
        for c in &self.conflicts {
            write!(f, "\nconflict: {c}")?;
        }
        Ok(())
    }
}
