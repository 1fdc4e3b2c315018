//! The in-memory read model. Every read of the API is answered from an immutable `Snapshot`; after each
//! committed write the snapshot is rebuilt from the database and swapped in atomically, so readers never wait
//! on a writer or on the database.

mod build;
pub mod ids;
pub mod observation_rows;
pub mod observed;
pub mod orientation;
pub mod places;
pub mod quality;
pub mod schedule;
pub mod search;
pub mod verified;

pub use build::build_snapshot;

pub use crate::domain::texts::{Quote, Texts};
use crate::domain::{
    BookingRoute, ChannelKind, Completion, DeclaredState, Identification, Level, PartialDate, Wheelchair,
};
use arc_swap::ArcSwap;
use std::collections::BTreeMap;
use std::collections::HashMap;
use std::sync::Arc;

/// A name in French (always there) and in Dutch and English when known.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    pub fr: String,
    pub nl: Option<String>,
    pub en: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: i64,
    pub key: String,
    pub title: Texts,
    pub original_title: Option<Quote>,
    pub url: Option<String>,
    pub document: Option<String>,
    /// The date the page gives; `None` for an undated page.
    pub date: Option<PartialDate>,
    /// When an undated page was read.
    pub read: Option<PartialDate>,
    pub uncertain: bool,
    pub marks: Vec<String>,
    pub note: Option<Texts>,
}

#[derive(Debug, Clone)]
pub struct Commune {
    pub id: i64,
    pub slug: String,
    pub name: Name,
    pub nis_code: Option<String>,
    pub postcodes: Vec<String>,
    /// Parts of the commune people give as their place (the City of Brussels: Laeken, Haren…).
    pub sections: Vec<Section>,
    pub source: i64,
}

/// A section of a commune, by the names its source gives, with its postcodes.
#[derive(Debug, Clone)]
pub struct Section {
    pub name: Name,
    pub postcodes: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Institution {
    pub id: i64,
    pub slug: String,
    pub level: Level,
    pub name: Name,
    pub parent: Option<usize>,
    pub website: Option<String>,
    pub commune: Option<usize>,
    pub note: Option<Texts>,
    pub quotes: Vec<Quote>,
    pub short_names: Vec<String>,
    /// Its online services' known error and maintenance messages (what probes look for).
    pub probe_patterns: Vec<crate::domain::probes::ProbePattern>,
    pub source: i64,
    /// How often its records are to be verified again (the file's `update_every_months`, else 12).
    pub update_every_months: u32,
    pub updated_at: chrono::NaiveDateTime,
    pub procedures: Vec<usize>,
    pub search_text: String,
}

#[derive(Debug, Clone)]
pub struct Location {
    pub id: i64,
    pub key: String,
    pub name: Name,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub commune: Option<usize>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub source: i64,
    /// The source of one fact (`address`, `postcode`, `coordinates`) when it is not `source`.
    pub fact_sources: BTreeMap<String, i64>,
    pub note: Option<Texts>,
    /// Every open channel with a place here is by post: a postal address, not a place to go to.
    pub postal_only: bool,
}

/// A source says the procedure offers no channel of these kinds.
#[derive(Debug, Clone)]
pub struct Absence {
    pub kinds: Vec<ChannelKind>,
    pub source: i64,
    pub note: Option<Texts>,
    pub quotes: Vec<Quote>,
}

/// A help place a source links to a procedure.
#[derive(Debug, Clone)]
pub struct HelpLink {
    pub institution: usize,
    pub source: i64,
}

#[derive(Debug, Clone)]
pub struct Procedure {
    pub id: i64,
    pub slug: String,
    pub institution: usize,
    pub name: Name,
    pub summary: Texts,
    pub categories: Vec<String>,
    pub keywords: Vec<String>,
    pub online_url: Option<String>,
    pub identification: Vec<Identification>,
    pub documents: Vec<Texts>,
    /// Boxed, as a channel's seldom-given texts.
    pub deadline: Option<Box<Texts>>,
    pub helped_by: Vec<HelpLink>,
    pub absent: Vec<Absence>,
    pub note: Option<Box<Texts>>,
    pub quotes: Vec<Quote>,
    pub source: i64,
    pub updated_at: chrono::NaiveDateTime,
    pub channels: Vec<usize>,
    /// A channel a person can use without the internet (facts to use it included).
    pub has_offline_alternative: bool,
    /// A channel that would be an alternative but lacks the facts to use it: to verify.
    pub has_unverified_alternative: bool,
}

#[derive(Debug, Clone)]
pub struct DeclaredStatus {
    pub id: i64,
    pub state: DeclaredState,
    pub since: Option<PartialDate>,
    pub until: Option<PartialDate>,
    /// Boxed: 41,000 statuses at Belgium scale, few with a note.
    pub note: Option<Box<Texts>>,
    pub quotes: Vec<Quote>,
    pub source: i64,
    pub recorded_at: chrono::NaiveDateTime,
    /// Left the catalog files: kept in history, never in force.
    pub withdrawn: bool,
}

#[derive(Debug, Clone)]
pub struct Channel {
    pub id: i64,
    pub procedure: usize,
    pub key: String,
    pub kind: ChannelKind,
    pub completion: Completion,
    pub location: Option<i64>,
    /// Shared by every channel with the same text (with `hours`).
    pub opening_hours: Option<Arc<str>>,
    pub phone: Option<String>,
    // The texts a channel seldom has are boxed: 70,000 channels would otherwise each carry their room.
    pub phone_cost: Option<Box<Texts>>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub booking: Vec<BookingRoute>,
    /// Shared by every channel with the same list.
    pub languages: Arc<[String]>,
    pub wheelchair: Wheelchair,
    pub cost: Option<Box<Texts>>,
    /// A post channel whose letter must be registered.
    pub registered: bool,
    /// `None` when it has none in any language.
    pub conditions: Option<Box<Texts>>,
    pub note: Option<Box<Texts>>,
    pub quotes: Vec<Quote>,
    pub source: i64,
    /// The source of one fact when it is not `source` (keys: `import::files::CHANNEL_FACTS`).
    pub fact_sources: BTreeMap<String, i64>,
    pub updated_at: chrono::NaiveDateTime,
    /// Declared history, oldest recorded first.
    pub history: Vec<DeclaredStatus>,
    /// Index in `history` of the entry in force.
    pub current: Option<usize>,
    pub declared: DeclaredState,
    /// An offline alternative a person can act on (`verdict` is `Alternative`).
    pub offline_alternative: bool,
    pub verdict: crate::domain::channel::OfflineVerdict,
    /// The contact facts the catalog has for it.
    pub contact: crate::domain::channel::Contact,
    /// It carries what a person needs to use it (address, number, booking route).
    pub usable: bool,
    /// `opening_hours`, parsed once (validated at import) and shared by every channel with the same text.
    pub hours: Option<Arc<crate::domain::hours::Hours>>,
    /// Whose days off close this channel: follows the institution's level.
    pub calendar: crate::domain::hours::ClosureCalendar,
    /// When and by whom it was last verified (`verified.rs`); `None`: never, its sources being undated.
    pub verified: Option<verified::Verification>,
    /// The last day it counts as verified; `None` when never verified.
    pub verify_by: Option<chrono::NaiveDate>,
}

impl Channel {
    /// To verify on `today`: never verified, or not within its institution's frequency (or a campaign's deadline
    /// passed without a confirmation).
    pub fn to_verify(&self, today: chrono::NaiveDate) -> bool {
        self.verify_by.is_none_or(|by| today > by)
    }
}

/// One immutable version of the catalog.
#[derive(Debug)]
pub struct Snapshot {
    pub built_at: chrono::DateTime<chrono::Utc>,
    pub sources: HashMap<i64, Source>,
    pub communes: Vec<Commune>,
    pub communes_by_slug: HashMap<String, usize>,
    pub institutions: Vec<Institution>,
    pub institutions_by_slug: HashMap<String, usize>,
    pub locations: HashMap<i64, Location>,
    pub procedures: Vec<Procedure>,
    pub procedures_by_slug: HashMap<String, usize>,
    pub channels: Vec<Channel>,
    pub channels_by_id: HashMap<i64, usize>,
    /// Closure days of every calendar, precomputed for the years around the build date.
    pub holidays: crate::domain::hours::HolidayBook,
    /// Postcode → communes (a postcode may be shared, e.g. 1040 and 1050).
    pub communes_by_postcode: HashMap<String, Vec<usize>>,
    pub search: search::SearchIndex,
    /// Public ids (UUID v5) → index.
    pub ids: ids::PublicIds,
}

impl Snapshot {
    pub fn institution(&self, slug: &str) -> Option<&Institution> {
        self.institutions_by_slug.get(slug).map(|&i| &self.institutions[i])
    }

    /// The slug of an institution in the read model, by id.
    pub fn institution_slug(&self, id: i64) -> Option<String> {
        self.institutions.iter().find(|i| i.id == id).map(|i| i.slug.clone())
    }

    pub fn procedure(&self, slug: &str) -> Option<&Procedure> {
        self.procedures_by_slug.get(slug).map(|&i| &self.procedures[i])
    }

    pub fn channel(&self, id: i64) -> Option<&Channel> {
        self.channels_by_id.get(&id).map(|&i| &self.channels[i])
    }

    pub fn commune(&self, slug: &str) -> Option<usize> {
        self.communes_by_slug.get(slug).copied()
    }

    pub fn source(&self, id: i64) -> Option<&Source> {
        self.sources.get(&id)
    }

    /// Whether a body serves people of this commune: its own commune, or every commune when it has none.
    pub fn serves_commune(&self, institution: &Institution, commune: usize) -> bool {
        institution.commune.is_none_or(|c| c == commune)
    }
}

/// The current snapshot, shared by all workers.
#[derive(Clone)]
pub struct CatalogHandle {
    current: Arc<ArcSwap<Snapshot>>,
}

impl CatalogHandle {
    pub fn new(snapshot: Snapshot) -> Self {
        CatalogHandle { current: Arc::new(ArcSwap::from_pointee(snapshot)) }
    }

    pub fn load(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    pub fn replace(&self, snapshot: Snapshot) {
        self.current.store(Arc::new(snapshot));
    }
}
