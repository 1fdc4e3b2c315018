//! `GET /api/v1/orientation`: "where do I send this person?"

use super::params::QueryParams;
use super::problem::{ApiError, FieldError, Problem};
use super::views::{ChannelView, InstitutionRef, LocalizedText, ProcedureRef, channel_view};
use crate::app::AppState;
use crate::app::orient::read_question;
use crate::catalog::orientation::{Role, orient};
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct OrientationQuery {
    /// A procedure slug, or the person's words in French, Dutch or English (case, accents and small typos forgiven).
    #[param(min_length = 1, max_length = 200, pattern = "\\S")]
    need: String,
    /// Where the person lives, as they write it: a postcode (`1030`), a commune's name in French or Dutch
    /// (`Schaerbeek`, `Sint-Joost`, `St-Josse`, `Ville de Bruxelles`), a section of the City (`Laeken`), both
    /// (`1030 Schaerbeek`), a letter or two off forgiven. A shared postcode or a word of several names (`1040`,
    /// `Woluwe`) gives all the communes it may be. A place that cannot be placed is a 404 naming `postcode` that
    /// lists the communes to choose from.
    #[param(max_length = 200)]
    postcode: Option<String>,
    /// …or one commune: its slug, or a name that names one commune only.
    #[param(max_length = 200)]
    commune: Option<String>,
    /// No internet access: online channels and appointments booked online only are left out.
    no_internet: Option<bool>,
    /// No smartphone (so no itsme).
    no_smartphone: Option<bool>,
    /// No eID card reader (nor itsme).
    no_eid: Option<bool>,
    /// Cannot phone (hearing, language, saturation): phone channels and phone-only booking are left out.
    cannot_phone: Option<bool>,
    /// Difficulty reading and writing: written channels rank lower.
    cannot_read: Option<bool>,
    /// Uses a wheelchair: inaccessible places are left out, unknown access is said.
    wheelchair: Option<bool>,
    /// Languages the person speaks, by ISO 639-1 code or by name, in any case, comma-separated or repeated
    /// (`ar,fr`; `arabe`, `Arabic`, `arabisch` and `العربية` all mean `ar`). A word that is neither is a 404 naming
    /// `lang`.
    #[param(value_type = Option<Vec<String>>, max_length = 200, style = Form, explode)]
    lang: Option<String>,
    /// When (RFC 3339); default now.
    at: Option<chrono::DateTime<chrono::Utc>>,
    /// Options returned, 1 to 50 (default 10).
    #[param(minimum = 1, maximum = 50)]
    limit: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct OrientationOption {
    pub rank: u32,
    pub role: Role,
    pub score: i32,
    /// Machine-readable reasons of the rank (`walk_in_no_appointment`, `observed_reachable_recently`,
    /// `speaks_ar`, `closed_on_holiday`, `declared_restricted`, …).
    pub why: Vec<String>,
    /// Kilometres from the person's commune centre; `null` while no sourced coordinates exist.
    pub distance_km: Option<f64>,
    /// What to bring.
    pub documents: Vec<LocalizedText>,
    pub channel: ChannelView,
}

#[derive(Serialize, ToSchema)]
pub struct ExcludedChannel {
    pub channel_id: i64,
    pub procedure: String,
    pub kind: crate::domain::ChannelKind,
    /// Why the person cannot use it: `requires_internet`, `booking_online_only`, `requires_eid`, `cannot_phone`,
    /// `declared_closed`, `not_wheelchair_accessible`, …
    pub why: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct MatchedProcedure {
    pub procedure: ProcedureRef,
    pub institution: InstitutionRef,
    /// When it must be done (application period, deadline), said once for all its options.
    pub deadline: Option<LocalizedText>,
}

#[derive(Serialize, ToSchema)]
pub struct OrientationResult {
    pub need: String,
    pub at: chrono::DateTime<chrono::Utc>,
    /// The communes the person may live in (a postcode can be shared).
    pub communes: Vec<String>,
    pub procedures: Vec<MatchedProcedure>,
    /// Ranked: channels observed unreachable always come after those observed reachable.
    pub options: Vec<OrientationOption>,
    /// True when no official offline alternative is left for this person.
    pub no_offline_alternative: bool,
    /// Said plainly when there is no match or no offline alternative.
    pub message: Option<LocalizedText>,
    /// Assisted help (EPN, social workers, stewards): a fallback, never an alternative.
    pub help: Vec<OrientationOption>,
    pub excluded: Vec<ExcludedChannel>,
}

fn text(fr: &str, nl: &str, en: &str) -> LocalizedText {
    LocalizedText { fr: Some(fr.into()), nl: Some(nl.into()), en: Some(en.into()) }
}

/// Where to send someone: ranked options with their reasons, for a need, a place, a situation and a time.
#[utoipa::path(
    tag = "orientation",
    params(OrientationQuery),
    responses(
        (status = 200, body = OrientationResult),
        (status = 400, description = "A parameter is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`postcode`, `commune` or `lang` names nothing known; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`commune` does not match `postcode`, or names several communes", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/orientation")]
#[tracing::instrument(skip_all)]
pub async fn get_orientation(state: web::Data<AppState>, mut params: QueryParams) -> Result<HttpResponse, ApiError> {
    let s = state.catalog.load();
    let q = read_question(&s, &mut params);
    if q.need.is_none() && !params.errors.iter().any(|e| e.field == "need") {
        params.errors.push(FieldError::new("need", "is required: a procedure slug or the person's words"));
    }
    params.finish()?;
    let need = q.need.clone().unwrap_or_default();
    let (communes, at, limit) = (q.communes, q.at, q.limit);
    let ctx = state.ctx_at(at);
    let result = orient(&s, &ctx.observed, &need, &communes, &q.situation, at);
    let option = |(i, r): (usize, &crate::catalog::orientation::Ranked)| {
        let c = &s.channels[r.channel];
        OrientationOption {
            rank: u32::try_from(i + 1).unwrap_or(u32::MAX),
            role: r.role,
            score: r.score,
            why: r.why.clone(),
            distance_km: None,
            documents: s.procedures[c.procedure].documents.iter().map(Into::into).collect(),
            channel: channel_view(&s, c, &ctx),
        }
    };
    let message = if result.procedures.is_empty() {
        Some(text(
            "Aucune démarche ne correspond à ces mots. Essayez d'autres mots ou le nom de l'institution.",
            "Geen procedure past bij deze woorden. Probeer andere woorden of de naam van de instelling.",
            "No procedure matches these words. Try other words or the institution's name.",
        ))
    } else if result.no_offline_alternative {
        Some(text(
            "Pour cette personne, aucune alternative officielle sans internet ne reste. Voici des lieux d'aide : ils aident à faire la démarche en ligne, ce n'est pas une alternative.",
            "Voor deze persoon blijft er geen officieel alternatief zonder internet over. Hier zijn plaatsen die helpen: ze helpen de procedure online te doen, het is geen alternatief.",
            "For this person, no official offline alternative is left. Here are places that help: they help do the procedure online; this is not an alternative.",
        ))
    } else {
        None
    };
    let body = OrientationResult {
        need,
        at,
        communes: communes.iter().map(|&c| s.communes[c].slug.clone()).collect(),
        procedures: result
            .procedures
            .iter()
            .map(|&p| {
                let p = &s.procedures[p];
                MatchedProcedure {
                    procedure: ProcedureRef { slug: p.slug.clone(), name: (&p.name).into() },
                    institution: (&s.institutions[p.institution]).into(),
                    deadline: p.deadline.as_deref().map(Into::into),
                }
            })
            .collect(),
        options: result.options.iter().take(limit as usize).enumerate().map(option).collect(),
        no_offline_alternative: result.no_offline_alternative,
        message,
        help: result.help.iter().take(limit as usize).enumerate().map(option).collect(),
        excluded: result
            .excluded
            .iter()
            .map(|e| {
                let c = &s.channels[e.channel];
                ExcludedChannel {
                    channel_id: c.id,
                    procedure: s.procedures[c.procedure].slug.clone(),
                    kind: c.kind,
                    why: e.why.clone(),
                }
            })
            .collect(),
    };
    Ok(HttpResponse::Ok().json(body))
}
