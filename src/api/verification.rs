//! The JSON shapes of verification: a channel's last verification, campaigns, their progress and the records
//! an editor is asked to confirm.

use super::views::{SourceView, source_view};
use crate::catalog::{self, Snapshot};
use serde::Serialize;
use utoipa::ToSchema;

/// A channel's last verification. From the catalog files it is the most recent date of its facts' sources (none
/// when they are undated); through the API the day an editor confirmed it or changed its facts.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VerificationView {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `null`: never verified.
    pub verified_on: Option<String>,
    /// Who verified it: the editor's organisation; `null` when it comes from the catalog files (see `source`).
    pub verified_by: Option<String>,
    /// `catalog_files` or `editor`; `null`: never verified.
    #[schema(value_type = Option<String>)]
    pub from: Option<&'static str>,
    /// The source whose date it is, for a verification from the catalog files.
    pub source: Option<SourceView>,
    /// The last day it counts as verified (its institution's update frequency, or a campaign's deadline).
    pub verified_until: Option<chrono::NaiveDate>,
    /// Never verified, or not within its institution's frequency: what it states may no longer be true.
    pub to_verify: bool,
}

pub fn verification_view(s: &Snapshot, c: &catalog::Channel, today: chrono::NaiveDate) -> VerificationView {
    use catalog::verified::VerifiedBy;
    let v = c.verified.as_ref();
    VerificationView {
        verified_on: v.map(|v| v.on.to_string()),
        verified_by: v.and_then(|v| match &v.by {
            VerifiedBy::Editor { organisation } => Some(organisation.clone()),
            VerifiedBy::Catalog { .. } => None,
        }),
        from: v.map(|v| match v.by {
            VerifiedBy::Editor { .. } => "editor",
            VerifiedBy::Catalog { .. } => "catalog_files",
        }),
        source: v.and_then(|v| match v.by {
            VerifiedBy::Catalog { source } => source_view(s, source, today),
            VerifiedBy::Editor { .. } => None,
        }),
        verified_until: c.verify_by,
        to_verify: c.to_verify(today),
    }
}

/// Which records a campaign is about: each list given must hold a record (an empty list does not restrict).
#[derive(Serialize, ToSchema)]
pub struct ScopeView {
    pub levels: Vec<crate::domain::Level>,
    /// Institution slugs.
    pub institutions: Vec<String>,
    /// Commune slugs: the commune of the record's place or of its institution.
    pub communes: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CampaignView {
    pub id: i64,
    pub name: String,
    /// The day it opened: a record last verified before it is asked again.
    pub starts_on: chrono::NaiveDate,
    /// A record in scope not confirmed by then is to verify from the next day.
    pub deadline: chrono::NaiveDate,
    /// Its deadline has not passed.
    pub open: bool,
    pub scope: ScopeView,
}

pub fn campaign_view(c: &crate::store::verification::Campaign, today: chrono::NaiveDate) -> CampaignView {
    CampaignView {
        id: c.id,
        name: c.name.clone(),
        starts_on: c.starts_on,
        deadline: c.deadline,
        open: today <= c.deadline,
        scope: ScopeView {
            levels: c.scope.levels.clone(),
            institutions: c.scope.institutions.clone(),
            communes: c.scope.communes.clone(),
        },
    }
}

#[derive(Serialize, ToSchema)]
pub struct CampaignList {
    pub items: Vec<CampaignView>,
}

/// One institution's progress in a campaign (a record counts once, by its latest verification since the start).
#[derive(Serialize, ToSchema)]
pub struct ProgressView {
    /// Institution slug.
    pub institution: String,
    pub name: super::views::LocalizedText,
    pub in_scope: usize,
    /// Confirmed "still true".
    pub confirmed: usize,
    /// Its facts changed through the API (which verifies them too).
    pub changed: usize,
    pub left: usize,
}

/// A record an editor is asked to confirm.
#[derive(Serialize, ToSchema)]
pub struct RecordView {
    pub channel_id: i64,
    pub procedure: super::views::ProcedureRef,
    pub kind: crate::domain::ChannelKind,
    /// What tells it apart: its number, its place's name, its e-mail or web address.
    pub label: Option<String>,
    /// What it states, by the catalog's field names (`opening_hours`, `phone`, `address`, `declared`, …).
    pub states: std::collections::BTreeMap<String, String>,
    pub verification: VerificationView,
}

/// A campaign, its progress per institution and, for an editor, the records left to confirm (`null` for an
/// admin).
#[derive(Serialize, ToSchema)]
pub struct CampaignReport {
    #[serde(flatten)]
    pub campaign: CampaignView,
    pub progress: Vec<ProgressView>,
    pub records: Option<Vec<RecordView>>,
}

pub fn report_view(s: &Snapshot, r: crate::app::verify::Report, today: chrono::NaiveDate) -> CampaignReport {
    CampaignReport {
        campaign: campaign_view(&r.campaign, today),
        progress: r
            .progress
            .into_iter()
            .map(|p| ProgressView {
                institution: p.institution,
                name: (&p.name).into(),
                in_scope: p.in_scope,
                confirmed: p.confirmed,
                changed: p.changed,
                left: p.left,
            })
            .collect(),
        records: r.records.map(|list| {
            list.into_iter()
                .filter_map(|t| {
                    let c = s.channel(t.channel_id)?;
                    Some(RecordView {
                        channel_id: t.channel_id,
                        procedure: super::views::ProcedureRef { slug: t.procedure, name: (&t.procedure_name).into() },
                        kind: t.kind,
                        label: t.label,
                        states: t.states.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
                        verification: verification_view(s, c, today),
                    })
                })
                .collect()
        }),
    }
}
