//! Loading the whole catalog for the in-memory read model. A handful of full-table reads: the catalog is
//! small (tens of thousands of channels at Belgian scale), so this is cheaper than any cache invalidation.

use super::models::*;
use super::schema::*;
use super::{DbConnection, StoreError};
use diesel::prelude::*;

/// Everything the read model is built from, as stored.
#[derive(Debug, Clone, Default)]
pub struct CatalogRows {
    pub sources: Vec<(i64, SourceRecord)>,
    pub communes: Vec<(i64, CommuneRecord)>,
    pub institutions: Vec<(i64, chrono::NaiveDateTime, InstitutionRecord)>,
    pub locations: Vec<(i64, LocationRecord)>,
    pub procedures: Vec<(i64, chrono::NaiveDateTime, ProcedureRecord)>,
    pub channels: Vec<(i64, chrono::NaiveDateTime, ChannelRecord)>,
    /// In recording order; the second time is when it was withdrawn, if it was.
    pub declared: Vec<(i64, chrono::NaiveDateTime, Option<chrono::NaiveDateTime>, DeclaredStatusRecord)>,
    /// Each channel's latest verification through the API.
    pub verifications: std::collections::HashMap<i64, super::verification::LastVerification>,
    pub campaigns: Vec<super::verification::Campaign>,
}

pub fn load_catalog_rows(conn: &mut DbConnection) -> Result<CatalogRows, StoreError> {
    Ok(CatalogRows {
        sources: sources::table.order(sources::id).select((sources::id, SourceRecord::as_select())).load(conn)?,
        communes: communes::table.order(communes::id).select((communes::id, CommuneRecord::as_select())).load(conn)?,
        institutions: institutions::table
            .filter(institutions::withdrawn_at.is_null())
            .order(institutions::id)
            .select((institutions::id, institutions::updated_at, InstitutionRecord::as_select()))
            .load(conn)?,
        locations: locations::table
            .filter(locations::withdrawn_at.is_null())
            .order(locations::id)
            .select((locations::id, LocationRecord::as_select()))
            .load(conn)?,
        procedures: procedures::table
            .filter(procedures::withdrawn_at.is_null())
            .order(procedures::id)
            .select((procedures::id, procedures::updated_at, ProcedureRecord::as_select()))
            .load(conn)?,
        channels: channels::table
            .filter(channels::withdrawn_at.is_null())
            .order(channels::id)
            .select((channels::id, channels::updated_at, ChannelRecord::as_select()))
            .load(conn)?,
        declared: declared_statuses::table
            .order(declared_statuses::id)
            .select((
                declared_statuses::id,
                declared_statuses::recorded_at,
                declared_statuses::withdrawn_at,
                DeclaredStatusRecord::as_select(),
            ))
            .load(conn)?,
        verifications: super::verification::latest_verifications(conn)?,
        campaigns: super::verification::campaigns(conn)?,
    })
}

/// No institution stored yet (withdrawn ones count: the catalog was imported once).
pub fn catalog_is_empty(conn: &mut DbConnection) -> Result<bool, StoreError> {
    let n: i64 = institutions::table.count().get_result(conn)?;
    Ok(n == 0)
}
