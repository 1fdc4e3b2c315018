//! Verification of the catalog's records: the campaigns an admin opens (a name, a deadline, a scope) and each
//! channel's verifications ("still true", or a change of its facts through the API), with who made them.
//! Dates are Brussels dates kept as `YYYY-MM-DD` text, the same on both backends.

use super::schema::{campaigns, channel_verifications};
use super::sql_types::Json;
use super::{DbConnection, StoreError};
use crate::domain::Level;
use chrono::NaiveDate;
use diesel::prelude::*;
use std::collections::HashMap;

const DAY: &str = "%Y-%m-%d";

fn day(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, DAY).map_err(|e| StoreError::Corrupt(format!("date `{text}`: {e}")))
}

/// Which records a campaign is about: every list given must match (an empty list does not restrict).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub levels: Vec<Level>,
    /// Institution slugs.
    pub institutions: Vec<String>,
    /// Commune slugs.
    pub communes: Vec<String>,
}

/// A campaign as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    pub id: i64,
    pub name: String,
    pub starts_on: NaiveDate,
    pub deadline: NaiveDate,
    pub scope: Scope,
    pub created_at: chrono::NaiveDateTime,
}

type CampaignRow =
    (i64, String, String, String, Json<Vec<Level>>, Json<Vec<String>>, Json<Vec<String>>, chrono::NaiveDateTime);

fn campaign_of(r: CampaignRow) -> Result<Campaign, StoreError> {
    let (id, name, starts_on, deadline, levels, institutions, communes, created_at) = r;
    Ok(Campaign {
        id,
        name,
        starts_on: day(&starts_on)?,
        deadline: day(&deadline)?,
        scope: Scope { levels: levels.0, institutions: institutions.0, communes: communes.0 },
        created_at,
    })
}

fn columns() -> (
    campaigns::id,
    campaigns::name,
    campaigns::starts_on,
    campaigns::deadline,
    campaigns::levels,
    campaigns::institutions,
    campaigns::communes,
    campaigns::created_at,
) {
    (
        campaigns::id,
        campaigns::name,
        campaigns::starts_on,
        campaigns::deadline,
        campaigns::levels,
        campaigns::institutions,
        campaigns::communes,
        campaigns::created_at,
    )
}

/// Stores a campaign (inside the caller's transaction) and returns its id.
pub fn insert_campaign(
    conn: &mut DbConnection,
    name: &str,
    starts_on: NaiveDate,
    deadline: NaiveDate,
    scope: &Scope,
    organisation_id: Option<i64>,
    at: chrono::NaiveDateTime,
) -> Result<i64, StoreError> {
    diesel::insert_into(campaigns::table)
        .values((
            campaigns::name.eq(name),
            campaigns::starts_on.eq(starts_on.format(DAY).to_string()),
            campaigns::deadline.eq(deadline.format(DAY).to_string()),
            campaigns::levels.eq(Json(scope.levels.clone())),
            campaigns::institutions.eq(Json(scope.institutions.clone())),
            campaigns::communes.eq(Json(scope.communes.clone())),
            campaigns::organisation_id.eq(organisation_id),
            campaigns::created_at.eq(at),
        ))
        .execute(conn)?;
    // No RETURNING across backends: the newest row of this instant and name is ours, inside our transaction.
    campaigns::table
        .filter(campaigns::name.eq(name))
        .filter(campaigns::created_at.eq(at))
        .select(diesel::dsl::max(campaigns::id))
        .first::<Option<i64>>(conn)?
        .ok_or_else(|| StoreError::Corrupt("campaign not read back".into()))
}

/// Every campaign, newest first.
pub fn campaigns(conn: &mut DbConnection) -> Result<Vec<Campaign>, StoreError> {
    let rows: Vec<CampaignRow> = campaigns::table.order(campaigns::id.desc()).select(columns()).load(conn)?;
    rows.into_iter().map(campaign_of).collect()
}

pub fn campaign(conn: &mut DbConnection, id: i64) -> Result<Option<Campaign>, StoreError> {
    let row: Option<CampaignRow> = campaigns::table.find(id).select(columns()).first(conn).optional()?;
    row.map(campaign_of).transpose()
}

/// How a record was verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VerificationKind {
    /// "Still true": confirmed as it stands.
    Confirmed,
    /// Its facts were changed through the API (an edit is a verification too).
    Changed,
}

impl VerificationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            VerificationKind::Confirmed => "confirmed",
            VerificationKind::Changed => "changed",
        }
    }

    fn parse(s: &str) -> VerificationKind {
        if s == "changed" { VerificationKind::Changed } else { VerificationKind::Confirmed }
    }
}

/// Who verified, as stored.
#[derive(Debug, Clone)]
pub struct Verifier<'a> {
    /// What a person reads: the editor's organisation.
    pub display: &'a str,
    pub organisation_id: Option<i64>,
    pub actor_kind: &'a str,
    pub actor_id: Option<i64>,
}

/// Records a verification of a channel (inside the caller's transaction).
pub fn insert_verification(
    conn: &mut DbConnection,
    channel_id: i64,
    on: NaiveDate,
    kind: VerificationKind,
    by: &Verifier<'_>,
    at: chrono::NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::insert_into(channel_verifications::table)
        .values((
            channel_verifications::channel_id.eq(channel_id),
            channel_verifications::verified_on.eq(on.format(DAY).to_string()),
            channel_verifications::kind.eq(kind.as_str()),
            channel_verifications::verified_by.eq(by.display),
            channel_verifications::organisation_id.eq(by.organisation_id),
            channel_verifications::actor_kind.eq(by.actor_kind),
            channel_verifications::actor_id.eq(by.actor_id),
            channel_verifications::at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// A channel's latest verification through the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastVerification {
    pub on: NaiveDate,
    pub by: String,
    pub kind: VerificationKind,
}

/// Each channel's latest verification (the read model is built from them).
pub fn latest_verifications(conn: &mut DbConnection) -> Result<HashMap<i64, LastVerification>, StoreError> {
    let rows: Vec<(i64, String, String, String)> = channel_verifications::table
        .order(channel_verifications::id)
        .select((
            channel_verifications::channel_id,
            channel_verifications::verified_on,
            channel_verifications::verified_by,
            channel_verifications::kind,
        ))
        .load(conn)?;
    let mut out = HashMap::new();
    for (channel, on, by, kind) in rows {
        out.insert(channel, LastVerification { on: day(&on)?, by, kind: VerificationKind::parse(&kind) });
    }
    Ok(out)
}

/// Each channel's latest verification on or after `since` (a campaign's progress).
pub fn verified_since(conn: &mut DbConnection, since: NaiveDate) -> Result<HashMap<i64, VerificationKind>, StoreError> {
    let rows: Vec<(i64, String)> = channel_verifications::table
        .filter(channel_verifications::verified_on.ge(since.format(DAY).to_string()))
        .order(channel_verifications::id)
        .select((channel_verifications::channel_id, channel_verifications::kind))
        .load(conn)?;
    Ok(rows.into_iter().map(|(c, k)| (c, VerificationKind::parse(&k))).collect())
}
