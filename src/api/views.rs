//! The JSON shapes of API v1: the contract other tools rely on. Built from the read model on each request.

pub use crate::app::Ctx;
pub use crate::app::observe::ObservedView;
use crate::catalog::{self, Snapshot};
use crate::catalog::{Quote, Texts};
use crate::domain::channel::Fact;
use crate::domain::hours::DayHours;
use crate::domain::{BookingRoute, ChannelKind, Completion, DeclaredState, Identification, Level, Wheelchair};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A text in French, Dutch and English; `null` where the catalog has no text in that language.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LocalizedText {
    pub fr: Option<String>,
    pub nl: Option<String>,
    pub en: Option<String>,
}

impl From<&catalog::Name> for LocalizedText {
    fn from(n: &catalog::Name) -> Self {
        LocalizedText { fr: Some(n.fr.clone()), nl: n.nl.clone(), en: n.en.clone() }
    }
}

impl From<&Texts> for LocalizedText {
    fn from(t: &Texts) -> Self {
        LocalizedText { fr: t.fr.clone(), nl: t.nl.clone(), en: t.en.clone() }
    }
}

fn texts<T: std::borrow::Borrow<Texts>>(t: &Option<T>) -> Option<LocalizedText> {
    t.as_ref().map(|t| t.borrow().into())
}

/// The sources of single facts, by fact.
fn fact_source_views(
    s: &Snapshot,
    map: &BTreeMap<String, i64>,
    today: chrono::NaiveDate,
) -> BTreeMap<String, SourceView> {
    map.iter().filter_map(|(fact, &id)| Some((fact.clone(), source_view(s, id, today)?))).collect()
}

/// Where a fact comes from and when it was true.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SourceView {
    /// Stable identifier of the source in the catalog files.
    pub key: String,
    /// What the document is, in French, Dutch and English.
    pub title: LocalizedText,
    /// The page's own title, verbatim, in its language.
    pub original_title: Option<Quote>,
    pub url: Option<String>,
    /// A document, when the source is not a web page.
    pub document: Option<String>,
    /// The date the page gives (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`); `null` for an undated page.
    pub date: Option<String>,
    /// For an undated page: when it was read. Never the date of the fact.
    pub read: Option<String>,
    /// Years since `date`, at the date's precision (a 2025 fact is 1 year old in 2026); `null` when undated.
    pub age_years: Option<i64>,
    /// The fact is undated, old, secondary or disputed: see `marks` and `note`.
    pub uncertain: bool,
    /// The fact sheets' marks: `undated`, `old`, `secondary`, `conflict`, `testimony`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<String>,
    pub note: Option<LocalizedText>,
}

pub fn source_view(s: &Snapshot, id: i64, today: chrono::NaiveDate) -> Option<SourceView> {
    s.source(id).map(|src| SourceView {
        key: src.key.clone(),
        title: (&src.title).into(),
        original_title: src.original_title.clone(),
        url: src.url.clone(),
        document: src.document.clone(),
        date: src.date.map(|d| d.to_string()),
        read: src.read.map(|d| d.to_string()),
        age_years: src.date.map(|d| d.age_in_years(today)),
        uncertain: src.uncertain,
        marks: src.marks.clone(),
        note: texts(&src.note),
    })
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CommuneRef {
    pub slug: String,
    pub name: LocalizedText,
    pub postcodes: Vec<String>,
}

impl From<&catalog::Commune> for CommuneRef {
    fn from(c: &catalog::Commune) -> Self {
        CommuneRef { slug: c.slug.clone(), name: (&c.name).into(), postcodes: c.postcodes.clone() }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InstitutionRef {
    pub slug: String,
    pub name: LocalizedText,
    pub level: Level,
}

impl From<&catalog::Institution> for InstitutionRef {
    fn from(i: &catalog::Institution) -> Self {
        InstitutionRef { slug: i.slug.clone(), name: (&i.name).into(), level: i.level }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProcedureRef {
    pub slug: String,
    pub name: LocalizedText,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InstitutionView {
    pub slug: String,
    pub level: Level,
    pub name: LocalizedText,
    pub parent: Option<InstitutionRef>,
    pub website: Option<String>,
    /// The commune of a local body; `null` for bodies that serve the whole region or country.
    pub commune: Option<CommuneRef>,
    /// Usual short names and acronyms.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub short_names: Vec<String>,
    pub note: Option<LocalizedText>,
    /// Words of the sources, verbatim, in their language.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
    pub source: Option<SourceView>,
    pub procedures_count: usize,
    /// Only in the detail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub procedures: Option<Vec<ProcedureRef>>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

pub fn institution_view(
    s: &Snapshot,
    i: &catalog::Institution,
    with_procedures: bool,
    today: chrono::NaiveDate,
) -> InstitutionView {
    InstitutionView {
        slug: i.slug.clone(),
        level: i.level,
        name: (&i.name).into(),
        parent: i.parent.map(|p| (&s.institutions[p]).into()),
        website: i.website.clone(),
        commune: i.commune.map(|c| (&s.communes[c]).into()),
        short_names: i.short_names.clone(),
        note: texts(&i.note),
        quotes: i.quotes.clone(),
        source: source_view(s, i.source, today),
        procedures_count: i.procedures.len(),
        procedures: with_procedures.then(|| {
            i.procedures
                .iter()
                .map(|&p| ProcedureRef { slug: s.procedures[p].slug.clone(), name: (&s.procedures[p].name).into() })
                .collect()
        }),
        updated_at: i.updated_at.and_utc(),
    }
}

/// The online path of a procedure.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OnlinePath {
    pub url: Option<String>,
    /// What the person needs to identify online.
    pub identification: Vec<Identification>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProcedureSummary {
    pub slug: String,
    pub name: LocalizedText,
    pub summary: LocalizedText,
    pub institution: InstitutionRef,
    pub categories: Vec<String>,
    pub online: OnlinePath,
    /// The kinds of channel this procedure can be carried out through.
    pub channel_kinds: Vec<ChannelKind>,
    /// At least one channel other than online/e-mail/assisted, completing or submitting, not closed, not
    /// booked online only, and carrying what a person needs to use it.
    pub has_offline_alternative: bool,
    /// A channel that would be an offline alternative but lacks the facts to use it (to verify; never counted as
    /// an alternative).
    pub has_unverified_alternative: bool,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

pub fn procedure_summary(s: &Snapshot, p: &catalog::Procedure) -> ProcedureSummary {
    let mut kinds: Vec<ChannelKind> = p.channels.iter().map(|&c| s.channels[c].kind).collect();
    kinds.sort();
    kinds.dedup();
    ProcedureSummary {
        slug: p.slug.clone(),
        name: (&p.name).into(),
        summary: (&p.summary).into(),
        institution: (&s.institutions[p.institution]).into(),
        categories: p.categories.clone(),
        online: OnlinePath { url: p.online_url.clone(), identification: p.identification.clone() },
        channel_kinds: kinds,
        has_offline_alternative: p.has_offline_alternative,
        has_unverified_alternative: p.has_unverified_alternative,
        updated_at: p.updated_at.and_utc(),
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProcedureDetail {
    #[serde(flatten)]
    pub summary: ProcedureSummary,
    /// The words people use for it, in French, Dutch and English.
    pub keywords: Vec<String>,
    /// What to bring.
    pub documents: Vec<LocalizedText>,
    /// When it must be done (application period, deadline).
    pub deadline: Option<LocalizedText>,
    pub note: Option<LocalizedText>,
    /// Words of the sources, verbatim, in their language.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
    pub source: Option<SourceView>,
    /// Kinds of channel a source says this procedure does not offer (an absence is a fact, with its source).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<AbsenceView>,
    /// Help places a source links to this procedure.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub helped_by: Vec<HelpLinkView>,
    pub channels: Vec<ChannelView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AbsenceView {
    pub kinds: Vec<ChannelKind>,
    pub note: Option<LocalizedText>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
    pub source: Option<SourceView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HelpLinkView {
    pub institution: InstitutionRef,
    pub source: Option<SourceView>,
}

pub fn procedure_detail(s: &Snapshot, p: &catalog::Procedure, ctx: &Ctx) -> ProcedureDetail {
    ProcedureDetail {
        summary: procedure_summary(s, p),
        keywords: p.keywords.clone(),
        documents: p.documents.iter().map(Into::into).collect(),
        deadline: texts(&p.deadline),
        note: texts(&p.note),
        quotes: p.quotes.clone(),
        source: source_view(s, p.source, ctx.today),
        absent: p
            .absent
            .iter()
            .map(|a| AbsenceView {
                kinds: a.kinds.clone(),
                note: texts(&a.note),
                quotes: a.quotes.clone(),
                source: source_view(s, a.source, ctx.today),
            })
            .collect(),
        helped_by: p
            .helped_by
            .iter()
            .map(|h| HelpLinkView {
                institution: (&s.institutions[h.institution]).into(),
                source: source_view(s, h.source, ctx.today),
            })
            .collect(),
        channels: p.channels.iter().map(|&c| channel_view(s, &s.channels[c], ctx)).collect(),
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LocationView {
    pub key: String,
    pub name: LocalizedText,
    /// `null`: no source gives it — unknown, to verify.
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub commune: Option<CommuneRef>,
    /// WGS84, when a source gives it.
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub source: Option<SourceView>,
    /// The source of one fact (`address`, `postcode`, `coordinates`) when it is not `source`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fact_sources: BTreeMap<String, SourceView>,
    pub note: Option<LocalizedText>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScheduleView {
    pub open_now: bool,
    /// Now if open; else the next opening within 60 days, if any.
    pub next_opening: Option<chrono::DateTime<chrono::Utc>>,
    /// The day's closure, when today is a public holiday or a day off of this body.
    pub closed_for: Option<String>,
    /// The seven days from today.
    pub week: Vec<DayHours>,
}

pub fn schedule_view(s: &Snapshot, c: &catalog::Channel, now: chrono::DateTime<chrono::Utc>) -> Option<ScheduleView> {
    catalog::schedule::schedule(s, c, now).map(|sch| ScheduleView {
        open_now: sch.open_now,
        next_opening: sch.next_opening,
        closed_for: sch.closed_for,
        week: sch.week,
    })
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PhoneView {
    pub number: String,
    /// What the call costs, as the source says it.
    pub cost: Option<LocalizedText>,
}

/// The status as declared by the institution or an official source.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeclaredView {
    pub state: DeclaredState,
    pub note: Option<LocalizedText>,
    /// Words of the source, verbatim, in their language.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
    /// Since when (partial date), as the source says.
    pub since: Option<String>,
    pub until: Option<String>,
    pub source: Option<SourceView>,
    pub recorded_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChannelView {
    pub id: i64,
    pub procedure: ProcedureRef,
    pub institution: InstitutionRef,
    /// Stable key of the channel within its procedure.
    pub key: String,
    pub kind: ChannelKind,
    pub completion: Completion,
    /// Counts as an offline alternative (DESIGN.md).
    pub offline_alternative: bool,
    pub location: Option<LocationView>,
    /// OpenStreetMap `opening_hours` syntax.
    pub opening_hours: Option<String>,
    /// The hours evaluated at the request's time (Europe/Brussels, public holidays and the body's days off);
    /// `null` when the hours are unknown.
    pub schedule: Option<ScheduleView>,
    pub phone: Option<PhoneView>,
    pub email: Option<String>,
    pub url: Option<String>,
    /// How an appointment is booked.
    pub booking: Vec<BookingRoute>,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    pub wheelchair: Wheelchair,
    pub cost: Option<LocalizedText>,
    /// Post only: the letter must be sent registered (« recommandé », « aangetekend »), which costs more.
    pub registered: bool,
    pub conditions: LocalizedText,
    pub note: Option<LocalizedText>,
    /// Words of the sources, verbatim, in their language.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
    pub source: Option<SourceView>,
    /// The source of one fact (`phone`, `opening_hours`, …) when it is not `source`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fact_sources: BTreeMap<String, SourceView>,
    pub declared: DeclaredView,
    pub observed: ObservedView,
    /// What a person would need to use this channel and no source gives: "not known yet — to verify".
    pub to_verify: Vec<Fact>,
    /// `false` when the catalog lacks what a person needs to act on it (an address for a counter, a number for a
    /// phone line, a postal address for post, a booking route for an appointment): then it is never counted as
    /// an offline alternative nor as meeting a rule.
    pub usable: bool,
    /// When it was last verified, by whom, and whether it is to verify again.
    pub verification: super::verification::VerificationView,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

pub fn declared_view(s: &Snapshot, c: &catalog::Channel, today: chrono::NaiveDate) -> DeclaredView {
    match c.current.map(|i| &c.history[i]) {
        Some(h) => DeclaredView {
            state: c.declared,
            note: texts(&h.note),
            quotes: h.quotes.clone(),
            since: h.since.map(|d| d.to_string()),
            until: h.until.map(|d| d.to_string()),
            source: source_view(s, h.source, today),
            recorded_at: Some(h.recorded_at.and_utc()),
        },
        None => DeclaredView {
            state: DeclaredState::Unknown,
            note: None,
            quotes: Vec::new(),
            since: None,
            until: None,
            source: None,
            recorded_at: None,
        },
    }
}

/// The facts a person needs for this channel that the catalog does not have.
pub fn missing_facts(c: &catalog::Channel) -> Vec<Fact> {
    crate::domain::channel::missing_facts(c.kind, &c.booking, &c.contact, c.declared)
}

pub fn channel_view(s: &Snapshot, c: &catalog::Channel, ctx: &Ctx) -> ChannelView {
    let today = ctx.today;
    let p = &s.procedures[c.procedure];
    ChannelView {
        id: c.id,
        procedure: ProcedureRef { slug: p.slug.clone(), name: (&p.name).into() },
        institution: (&s.institutions[p.institution]).into(),
        key: c.key.clone(),
        kind: c.kind,
        completion: c.completion,
        offline_alternative: c.offline_alternative,
        location: c.location.and_then(|l| s.locations.get(&l)).map(|l| LocationView {
            key: l.key.clone(),
            name: (&l.name).into(),
            address: l.address.clone(),
            postcode: l.postcode.clone(),
            commune: l.commune.map(|i| (&s.communes[i]).into()),
            lat: l.lat,
            lon: l.lon,
            source: source_view(s, l.source, today),
            fact_sources: fact_source_views(s, &l.fact_sources, today),
            note: texts(&l.note),
        }),
        opening_hours: c.opening_hours.as_deref().map(str::to_string),
        schedule: schedule_view(s, c, ctx.now),
        phone: c.phone.as_ref().map(|n| PhoneView { number: n.clone(), cost: texts(&c.phone_cost) }),
        email: c.email.clone(),
        url: c.url.clone(),
        booking: c.booking.clone(),
        languages: c.languages.to_vec(),
        wheelchair: c.wheelchair,
        cost: texts(&c.cost),
        registered: c.registered,
        conditions: c.conditions.as_deref().map_or_else(|| (&Texts::default()).into(), Into::into),
        note: texts(&c.note),
        quotes: c.quotes.clone(),
        source: source_view(s, c.source, today),
        fact_sources: fact_source_views(s, &c.fact_sources, today),
        declared: declared_view(s, c, today),
        observed: ctx.observed.observed(c.id, c.declared, ctx.now).into(),
        to_verify: missing_facts(c),
        usable: c.usable,
        verification: super::verification::verification_view(s, c, today),
        updated_at: c.updated_at.and_utc(),
    }
}

/// Whether a history entry is the institution's word or the field's.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Declared,
    Observed,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HistoryEntry {
    pub basis: Basis,
    /// A declared state (`open`, `restricted`, …) or an observed one (`reachable`, …).
    pub state: String,
    pub since: Option<String>,
    pub until: Option<String>,
    pub note: Option<LocalizedText>,
    /// Words of the source, verbatim, in their language.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
    pub source: Option<SourceView>,
    pub recorded_at: chrono::DateTime<chrono::Utc>,
    /// This entry is the declared status in force (always false for observed entries).
    pub current: bool,
    /// The entry left the catalog files: kept in history, never in force.
    pub withdrawn: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChannelHistory {
    pub channel_id: i64,
    /// Newest first by the date the fact was true (observed entries: the day guichet's observed state changed),
    /// undated entries last.
    pub items: Vec<HistoryEntry>,
}

pub fn channel_history(s: &Snapshot, c: &catalog::Channel, ctx: &Ctx) -> ChannelHistory {
    let today = ctx.today;
    let mut items: Vec<(Option<chrono::NaiveDate>, HistoryEntry)> = c
        .history
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let entry = HistoryEntry {
                basis: Basis::Declared,
                state: h.state.as_str().to_string(),
                since: h.since.map(|d| d.to_string()),
                until: h.until.map(|d| d.to_string()),
                note: texts(&h.note),
                quotes: h.quotes.clone(),
                source: source_view(s, h.source, today),
                recorded_at: h.recorded_at.and_utc(),
                current: c.current == Some(i),
                withdrawn: h.withdrawn,
            };
            (h.since.map(|d| d.earliest()), entry)
        })
        .collect();
    for t in ctx.observed.transitions(c.id) {
        let note = LocalizedText {
            fr: Some(format!("{} observation(s) et {} plainte(s) dans la période", t.observations, t.complaints)),
            nl: Some(format!("{} waarneming(en) en {} klacht(en) in de periode", t.observations, t.complaints)),
            en: Some(format!("{} observation(s) and {} complaint(s) in the window", t.observations, t.complaints)),
        };
        let entry = HistoryEntry {
            basis: Basis::Observed,
            state: t.state.as_str().to_string(),
            since: Some(crate::app::brussels_date(t.at).to_string()),
            until: None,
            note: Some(note),
            quotes: Vec::new(),
            source: None,
            recorded_at: t.at,
            current: false,
            withdrawn: false,
        };
        items.push((Some(crate::app::brussels_date(t.at)), entry));
    }
    items.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.recorded_at.cmp(&a.1.recorded_at)));
    ChannelHistory { channel_id: c.id, items: items.into_iter().map(|(_, e)| e).collect() }
}

/// A page of institutions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InstitutionPage {
    pub items: Vec<InstitutionView>,
    pub total: usize,
    pub page: u32,
    pub per_page: u32,
}

/// A page of procedures.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProcedurePage {
    pub items: Vec<ProcedureSummary>,
    pub total: usize,
    pub page: u32,
    pub per_page: u32,
}
