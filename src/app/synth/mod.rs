//! Reproducible Belgium-scale synthetic data for benchmarks (`guichet synth`): a catalog of communes,
//! institutions, locations, procedures and channels, and observations over the channels of the imported catalog.
//!
//! Everything generated is visibly synthetic and can never pass for a fact about a real body: slugs and keys start
//! with `synth-`, names read "Commune synthétique 0042", every record cites the one source titled
//! "Synthetic data for benchmarks (guichet synth)", there are no phone numbers and no street addresses, and web and
//! e-mail addresses use the reserved `.invalid` domain. The same spec (seed included) always gives the same data.

use crate::catalog::Snapshot;
use crate::domain::{ChannelKind, FailureReason, Outcome};
use crate::import::CatalogFiles;
use crate::import::files::{
    ChannelEntry, CommuneEntry, InstitutionEntry, InstitutionFile, LocationEntry, Names, ProcedureEntry, SourceEntry,
    StatusEntry, Texts,
};
use crate::store::observations::ObservationRecord;

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthSpec {
    pub communes: usize,
    pub procedures: usize,
    pub observations: usize,
    pub seed: u64,
}

impl Default for SynthSpec {
    /// Belgium scale: 581 communes, 20,000 procedures, 1,000,000 observations.
    fn default() -> Self {
        SynthSpec { communes: 581, procedures: 20_000, observations: 1_000_000, seed: 42 }
    }
}

/// The id of the one source every synthetic record cites.
pub const SOURCE_ID: &str = "synth";
/// Its title.
/// The synthetic source's title, in French, Dutch and English.
pub const SOURCE_TITLE: (&str, &str, &str) = (
    "Données synthétiques pour les mesures de performance (guichet synth)",
    "Synthetische gegevens voor prestatiemetingen (guichet synth)",
    "Synthetic data for benchmarks (guichet synth)",
);
/// A name for the reporting organisation the synthetic observations can be filed under.
pub const ORGANISATION_NAME: &str = "Organisation synthétique (guichet synth)";
/// Observations fall in the `OBSERVATION_DAYS` days before `now`.
pub const OBSERVATION_DAYS: i64 = 120;

// ---------------------------------------------------------------------------------------------------------------
// Random numbers: SplitMix64, small, fast and the same on every machine.

#[derive(Debug, Clone)]
struct Rng(u64);

/// SplitMix64's output function: a good 64-bit mixer.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// An independent stream per (seed, stream), so the catalog and the observations do not shift each other.
    fn new(seed: u64, stream: u64) -> Self {
        Rng(mix(seed ^ mix(stream.wrapping_add(0x9E37_79B9_7F4A_7C15))))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// Uniform in `0..n` (`n > 0`), without modulo bias worth speaking of (Lemire's multiply-shift).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// The index of one item, with probability proportional to its weight.
    fn weighted_index<T>(&mut self, items: &[(T, u32)]) -> usize {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.below(total as usize) as u32;
        for (i, (_, w)) in items.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        items.len() - 1
    }

    /// One item, with probability proportional to its weight.
    fn weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        &items[self.weighted_index(items)].0
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The vocabulary: what procedures are about, in words people search with.

struct Theme {
    slug: &'static str,
    /// The institution levels that carry this kind of procedure.
    levels: &'static [&'static str],
    fr: &'static str,
    nl: &'static str,
    en: &'static str,
    categories: &'static [&'static str],
    keywords: &'static [&'static str],
    /// What to bring: (fr, nl, en).
    documents: &'static [(&'static str, &'static str, &'static str)],
}

const ID_DOC: (&str, &str, &str) = ("Pièce d'identité", "Identiteitsbewijs", "Identity document");
const PHOTO: (&str, &str, &str) = ("Photo d'identité récente", "Recente pasfoto", "Recent passport photo");
const INCOME: (&str, &str, &str) = ("Preuve de revenus", "Bewijs van inkomsten", "Proof of income");
const BANK: (&str, &str, &str) = ("Numéro de compte bancaire", "Bankrekeningnummer", "Bank account number");
const LEASE: (&str, &str, &str) =
    ("Bail ou titre de propriété", "Huurcontract of eigendomsakte", "Lease or title deed");
const MEDICAL: (&str, &str, &str) = ("Rapport médical", "Medisch verslag", "Medical report");
const SCHOOL: (&str, &str, &str) =
    ("Attestation d'inscription scolaire", "Inschrijvingsattest school", "School enrolment certificate");

const THEMES: &[Theme] = &[
    Theme {
        slug: "identity-card",
        levels: &["commune"],
        fr: "Demander une carte d'identité",
        nl: "Een identiteitskaart aanvragen",
        en: "Apply for an identity card",
        categories: &["identity", "population"],
        keywords: &["carte d'identité", "eID", "identiteitskaart", "identity card"],
        documents: &[ID_DOC, PHOTO],
    },
    Theme {
        slug: "change-of-address",
        levels: &["commune"],
        fr: "Déclarer un changement de domicile",
        nl: "Een adreswijziging aangeven",
        en: "Report a change of address",
        categories: &["population", "address"],
        keywords: &[
            "domicile",
            "changement d'adresse",
            "déménagement",
            "adreswijziging",
            "verhuizing",
            "change of address",
        ],
        documents: &[ID_DOC, LEASE],
    },
    Theme {
        slug: "residence-certificate",
        levels: &["commune"],
        fr: "Obtenir un certificat de résidence",
        nl: "Een bewijs van woonst aanvragen",
        en: "Get a residence certificate",
        categories: &["population", "certificate"],
        keywords: &[
            "certificat de résidence",
            "domicile",
            "composition de ménage",
            "bewijs van woonst",
            "residence certificate",
        ],
        documents: &[ID_DOC],
    },
    Theme {
        slug: "birth-certificate",
        levels: &["commune"],
        fr: "Demander un extrait d'acte de naissance",
        nl: "Een uittreksel uit de geboorteakte aanvragen",
        en: "Request a birth certificate",
        categories: &["civil_status", "certificate"],
        keywords: &["acte de naissance", "état civil", "geboorteakte", "burgerlijke stand", "birth certificate"],
        documents: &[ID_DOC],
    },
    Theme {
        slug: "parking-card",
        levels: &["commune"],
        fr: "Demander une carte de stationnement riverain",
        nl: "Een bewonersparkeerkaart aanvragen",
        en: "Apply for a residents' parking card",
        categories: &["mobility", "parking"],
        keywords: &["carte de stationnement", "parking", "parkeerkaart", "parking card"],
        documents: &[ID_DOC],
    },
    Theme {
        slug: "nationality",
        levels: &["commune"],
        fr: "Demander la nationalité belge",
        nl: "De Belgische nationaliteit aanvragen",
        en: "Apply for Belgian nationality",
        categories: &["nationality", "civil_status"],
        keywords: &["nationalité", "naturalisation", "nationaliteit", "nationality"],
        documents: &[ID_DOC, INCOME],
    },
    Theme {
        slug: "integration-income",
        levels: &["cpas"],
        fr: "Demander le revenu d'intégration",
        nl: "Een leefloon aanvragen",
        en: "Apply for the social integration income",
        categories: &["social_aid", "integration_income"],
        keywords: &["revenu d'intégration", "CPAS", "aide sociale", "leefloon", "OCMW", "integration income"],
        documents: &[ID_DOC, INCOME, BANK],
    },
    Theme {
        slug: "heating-allowance",
        levels: &["cpas"],
        fr: "Demander l'allocation de chauffage",
        nl: "De verwarmingstoelage aanvragen",
        en: "Apply for the heating allowance",
        categories: &["social_aid", "energy"],
        keywords: &["allocation de chauffage", "allocation", "énergie", "verwarmingstoelage", "heating allowance"],
        documents: &[ID_DOC, INCOME],
    },
    Theme {
        slug: "medical-card",
        levels: &["cpas"],
        fr: "Obtenir une carte médicale",
        nl: "Een medische kaart aanvragen",
        en: "Get a medical card",
        categories: &["social_aid", "health"],
        keywords: &["carte médicale", "aide médicale", "medische kaart", "medical card"],
        documents: &[ID_DOC],
    },
    Theme {
        slug: "study-grant",
        levels: &["community"],
        fr: "Demander une bourse d'études",
        nl: "Een studietoelage aanvragen",
        en: "Apply for a study grant",
        categories: &["education", "study_grant"],
        keywords: &["bourse d'études", "allocation d'études", "studietoelage", "studiebeurs", "study grant"],
        documents: &[INCOME, SCHOOL],
    },
    Theme {
        slug: "language-course",
        levels: &["community", "cocof"],
        fr: "S'inscrire à un cours de langue",
        nl: "Zich inschrijven voor een taalcursus",
        en: "Enrol in a language course",
        categories: &["education", "language_course"],
        keywords: &["cours de langue", "alphabétisation", "taalcursus", "language course"],
        documents: &[ID_DOC],
    },
    Theme {
        slug: "unemployment-benefit",
        levels: &["payment_body"],
        fr: "Demander une allocation de chômage",
        nl: "Een werkloosheidsuitkering aanvragen",
        en: "Apply for unemployment benefit",
        categories: &["unemployment", "social_security"],
        keywords: &["chômage", "allocation de chômage", "allocation", "werkloosheid", "uitkering", "unemployment"],
        documents: &[ID_DOC, BANK],
    },
    Theme {
        slug: "jobseeker-registration",
        levels: &["region"],
        fr: "S'inscrire comme demandeur d'emploi",
        nl: "Zich inschrijven als werkzoekende",
        en: "Register as a jobseeker",
        categories: &["employment", "jobseeker", "unemployment"],
        keywords: &["demandeur d'emploi", "chômage", "werkzoekende", "jobseeker"],
        documents: &[ID_DOC],
    },
    Theme {
        slug: "property-tax",
        levels: &["region"],
        fr: "Introduire une réclamation contre le précompte immobilier",
        nl: "Bezwaar indienen tegen de onroerende voorheffing",
        en: "Contest the property tax",
        categories: &["tax", "property_tax"],
        keywords: &["précompte immobilier", "impôt", "onroerende voorheffing", "property tax"],
        documents: &[ID_DOC],
    },
    Theme {
        slug: "social-housing",
        levels: &["region", "cocof"],
        fr: "Demander un logement social",
        nl: "Een sociale woning aanvragen",
        en: "Apply for social housing",
        categories: &["housing"],
        keywords: &["logement social", "logement", "sociale woning", "social housing"],
        documents: &[ID_DOC, INCOME],
    },
    Theme {
        slug: "energy-premium",
        levels: &["region"],
        fr: "Demander une prime énergie",
        nl: "Een energiepremie aanvragen",
        en: "Apply for an energy premium",
        categories: &["housing", "energy"],
        keywords: &["prime énergie", "allocation", "energiepremie", "energy premium"],
        documents: &[BANK],
    },
    Theme {
        slug: "disability-recognition",
        levels: &["federal", "cocof"],
        fr: "Demander la reconnaissance d'un handicap",
        nl: "Een erkenning van een handicap aanvragen",
        en: "Apply for disability recognition",
        categories: &["disability", "social_security", "allowance"],
        keywords: &["handicap", "personne handicapée", "allocation", "beperking", "disability"],
        documents: &[ID_DOC, MEDICAL],
    },
    Theme {
        slug: "pension",
        levels: &["federal"],
        fr: "Demander sa pension",
        nl: "Zijn pensioen aanvragen",
        en: "Apply for a pension",
        categories: &["pension", "social_security"],
        keywords: &["pension", "retraite", "pensioen"],
        documents: &[ID_DOC, BANK],
    },
    Theme {
        slug: "tax-return",
        levels: &["federal"],
        fr: "Remplir sa déclaration d'impôts",
        nl: "Zijn belastingaangifte invullen",
        en: "File a tax return",
        categories: &["tax", "income_tax"],
        keywords: &["déclaration d'impôts", "impôts", "belastingaangifte", "tax return"],
        documents: &[ID_DOC, INCOME],
    },
    Theme {
        slug: "family-allowance",
        levels: &["cocom", "payment_body"],
        fr: "Demander les allocations familiales",
        nl: "Het groeipakket aanvragen",
        en: "Apply for family allowance",
        categories: &["family_allowance", "family"],
        keywords: &["allocations familiales", "allocation", "kinderbijslag", "groeipakket", "family allowance"],
        documents: &[ID_DOC, BANK],
    },
    Theme {
        slug: "elderly-care-allowance",
        levels: &["cocom"],
        fr: "Demander l'allocation pour l'aide aux personnes âgées",
        nl: "Een tegemoetkoming voor hulp aan bejaarden aanvragen",
        en: "Apply for the elderly care allowance",
        categories: &["disability", "allowance", "elderly"],
        keywords: &["personnes âgées", "allocation", "handicap", "bejaarden", "elderly care"],
        documents: &[ID_DOC, MEDICAL],
    },
    Theme {
        slug: "health-insurance",
        levels: &["mutuality"],
        fr: "S'affilier à une mutualité",
        nl: "Zich aansluiten bij een ziekenfonds",
        en: "Join a health insurance fund",
        categories: &["health", "social_security"],
        keywords: &["mutuelle", "mutualité", "ziekenfonds", "health insurance"],
        documents: &[ID_DOC],
    },
    Theme {
        slug: "sickness-benefit",
        levels: &["mutuality"],
        fr: "Déclarer une incapacité de travail",
        nl: "Arbeidsongeschiktheid aangeven",
        en: "Report incapacity for work",
        categories: &["health", "social_security", "allowance"],
        keywords: &["incapacité de travail", "maladie", "allocation", "arbeidsongeschiktheid", "sickness benefit"],
        documents: &[MEDICAL],
    },
];

/// Words people add whatever the procedure.
const GENERIC_KEYWORDS: &[&str] = &["formulaire", "attestation", "formulier", "attest", "form", "certificate"];

/// The ~60 bodies that are not local: (level, how many, fr, nl, en name stems).
const REGIONAL: &[(&str, usize, &str, &str, &str)] = &[
    ("federal", 14, "Service fédéral synthétique", "Synthetische federale dienst", "Synthetic federal service"),
    ("region", 14, "Organisme régional synthétique", "Synthetische gewestelijke instelling", "Synthetic regional body"),
    (
        "community",
        8,
        "Service communautaire synthétique",
        "Synthetische gemeenschapsdienst",
        "Synthetic community service",
    ),
    ("cocom", 6, "Service COCOM synthétique", "Synthetische GGC-dienst", "Synthetic COCOM service"),
    ("cocof", 6, "Service COCOF synthétique", "Synthetische COCOF-dienst", "Synthetic COCOF service"),
    (
        "payment_body",
        8,
        "Organisme de paiement synthétique",
        "Synthetische uitbetalingsinstelling",
        "Synthetic payment body",
    ),
    ("mutuality", 4, "Mutualité synthétique", "Synthetisch ziekenfonds", "Synthetic health insurance fund"),
];

/// Federal bodies after the first `FEDERAL_ROOTS` are departments of one of those.
const FEDERAL_ROOTS: usize = 7;

const COUNTER_HOURS: &[&str] = &[
    "Mo-Fr 09:00-12:00; PH off",
    "Mo-Fr 08:30-12:00; PH off",
    "Mo-Fr 09:00-11:30; PH off",
    "Th 08:00-13:00,15:00-19:00",
    "Mo,Th 09:00-11:30; PH off",
    "Mo,We,Th,Fr 09:00-12:00,13:30-16:00; PH off",
    "Mo-Fr 13:00-15:30; PH off",
    "Mo-Fr 08:30-16:30",
    "Mo,Th 14:00-17:00; Tu,We,Fr 09:00-12:00",
];
const PHONE_HOURS: &[&str] = &[
    "Mo-Fr 09:00-12:00; PH off",
    "Mo-Fr 08:30-16:30; PH off",
    "Mo-Fr 09:00-12:00,13:00-16:00; PH off",
    "Tu,Th 09:00-12:00; PH off",
];
const ASSISTED_HOURS: &[&str] = &["Tu,Th 14:00-17:00; PH off", "We 09:00-12:00; PH off", "Mo-Fr 10:00-16:00; PH off"];
const LANGUAGES: &[(&[&str], u32)] = &[
    (&[], 3),
    (&["fr", "nl"], 6),
    (&["fr", "nl", "en"], 3),
    (&["fr"], 2),
    (&["nl"], 1),
    (&["fr", "nl", "ar"], 1),
    (&["fr", "ar", "tr"], 1),
    (&["fr", "nl", "es"], 1),
];
const WHEELCHAIR: &[(Option<&str>, u32)] = &[(None, 8), (Some("yes"), 6), (Some("limited"), 3), (Some("no"), 3)];
const BOOKING: &[(&[&str], u32)] =
    &[(&["phone"], 7), (&["online"], 7), (&["phone", "online"], 3), (&["in_person"], 2), (&["email"], 1)];
const IDENTIFICATION: &[(&[&str], u32)] =
    &[(&["eid", "itsme"], 6), (&["eid"], 2), (&["itsme"], 1), (&["email_account"], 2), (&["none"], 1)];
/// The channels besides `online`, and how often each is offered.
const OFFLINE_KINDS: &[(ChannelKind, u32)] = &[
    (ChannelKind::Counter, 5),
    (ChannelKind::Appointment, 4),
    (ChannelKind::Phone, 5),
    (ChannelKind::Post, 3),
    (ChannelKind::Assisted, 2),
    (ChannelKind::Email, 1),
];

// ---------------------------------------------------------------------------------------------------------------
// The catalog.

fn names(fr: String, nl: String, en: Option<String>) -> Names {
    Names { fr, nl: Some(nl), en }
}

fn synthetic_texts(fr: &str, nl: &str, en: &str) -> Texts {
    Texts { fr: Some(fr.into()), nl: Some(nl.into()), en: Some(en.into()) }
}

struct SynthCommune {
    slug: String,
    postcode: String,
    lat: f64,
    lon: f64,
    hall: String,
    cpas_office: String,
    epn: String,
}

/// Where a body's channels can be: its offices, and its own commune's public digital space, if any.
struct Body<'a> {
    level: &'static str,
    offices: &'a [String],
    epn: Option<&'a str>,
}

struct Builder<'a> {
    rng: Rng,
    /// The number of the next procedure (1-based), in its name and slug.
    next: usize,
    themes_by_level: std::collections::HashMap<&'static str, Vec<&'static Theme>>,
    epns: &'a [String],
}

impl Builder<'_> {
    fn location(&mut self, key: String, fr: String, nl: String, commune: Option<&SynthCommune>) -> LocationEntry {
        let coords = self.rng.chance(0.5);
        let (lat, lon) = match commune {
            Some(c) => (c.lat, c.lon),
            None => (49.55 + 1.9 * self.rng.unit(), 2.6 + 3.7 * self.rng.unit()),
        };
        let (lat, lon) = (lat + (self.rng.unit() - 0.5) * 0.04, lon + (self.rng.unit() - 0.5) * 0.06);
        LocationEntry {
            key,
            name: names(fr, nl, None),
            address: None,
            postcode: commune.map(|c| c.postcode.clone()),
            commune: commune.map(|c| c.slug.clone()),
            lat: coords.then_some(lat),
            lon: coords.then_some(lon),
            source: SOURCE_ID.into(),
            fact_sources: Default::default(),
            note: None,
        }
    }

    fn procedure(&mut self, body: &Body<'_>) -> ProcedureEntry {
        let n = self.next;
        self.next += 1;
        let themes = &self.themes_by_level[body.level];
        let theme = *self.rng.pick(themes);
        let rng = &mut self.rng;
        let slug = format!("synth-proc-{n:05}-{}", theme.slug);
        let mut keywords: Vec<String> = theme.keywords.iter().map(|k| (*k).to_string()).collect();
        if rng.chance(0.3) {
            keywords.push((*rng.pick(GENERIC_KEYWORDS)).to_string());
        }
        let online_url = rng.chance(0.8).then(|| format!("https://synth.invalid/procedures/{n:05}"));
        let identification = match online_url {
            Some(_) => rng.weighted(IDENTIFICATION).iter().map(|s| (*s).to_string()).collect(),
            None => Vec::new(),
        };
        let documents = theme
            .documents
            .iter()
            .filter(|_| rng.chance(0.7))
            .map(|(fr, nl, en)| synthetic_texts(fr, nl, en))
            .collect();

        // 2 to 5 channels of distinct kinds, online first when there is an online path.
        let count = rng.between(2, 5);
        let mut kinds = Vec::with_capacity(count);
        if online_url.is_some() && rng.chance(0.85) {
            kinds.push(ChannelKind::Online);
        }
        let mut pool = OFFLINE_KINDS.to_vec();
        while kinds.len() < count {
            let i = rng.weighted_index(&pool);
            kinds.push(pool.swap_remove(i).0);
        }
        let channels = kinds.into_iter().map(|kind| self.channel(kind, n, online_url.as_deref(), body)).collect();

        ProcedureEntry {
            slug,
            name: names(
                format!("{} (démarche synthétique {n:05})", theme.fr),
                format!("{} (synthetische procedure {n:05})", theme.nl),
                Some(format!("{} (synthetic procedure {n:05})", theme.en)),
            ),
            summary: synthetic_texts(
                "Démarche synthétique générée pour les mesures de performance ; aucune donnée réelle.",
                "Synthetische procedure voor prestatiemetingen; geen echte gegevens.",
                "Synthetic procedure generated for benchmarks; no real data.",
            ),
            categories: theme.categories.iter().map(|c| (*c).to_string()).collect(),
            keywords,
            online_url,
            identification,
            documents,
            deadline: None,
            helped_by: Vec::new(),
            source: SOURCE_ID.into(),
            note: None,
            quotes: Vec::new(),
            absent: Vec::new(),
            channels,
        }
    }

    fn channel(&mut self, kind: ChannelKind, n: usize, online_url: Option<&str>, body: &Body<'_>) -> ChannelEntry {
        let rng = &mut self.rng;
        let mut ch = ChannelEntry {
            key: kind.as_str().to_string(),
            kind: kind.as_str().to_string(),
            completion: "full".into(),
            location: None,
            opening_hours: None,
            phone: None,
            phone_cost: None,
            email: None,
            url: None,
            booking: Vec::new(),
            languages: Vec::new(),
            wheelchair: None,
            cost: None,
            conditions: Texts::default(),
            source: SOURCE_ID.into(),
            fact_sources: Default::default(),
            note: None,
            quotes: Vec::new(),
            status: Vec::new(),
        };
        let office = |rng: &mut Rng| (!body.offices.is_empty()).then(|| rng.pick(body.offices).clone());
        match kind {
            ChannelKind::Online => {
                ch.url = online_url.map(str::to_string);
            }
            ChannelKind::Counter => {
                ch.completion = (*rng.weighted(&[("full", 8), ("submit", 1), ("info", 1)])).into();
                ch.location = if rng.chance(0.9) { office(rng) } else { None };
                ch.opening_hours = rng.chance(0.85).then(|| (*rng.pick(COUNTER_HOURS)).into());
                if rng.chance(0.2) {
                    ch.conditions = synthetic_texts(
                        "Nombre de tickets limité par matinée (donnée synthétique)",
                        "Beperkt aantal tickets per ochtend (synthetische gegevens)",
                        "Limited number of tickets per morning (synthetic data)",
                    );
                }
            }
            ChannelKind::Appointment => {
                ch.completion = (*rng.weighted(&[("full", 8), ("submit", 2)])).into();
                ch.location = if rng.chance(0.9) { office(rng) } else { None };
                ch.opening_hours = rng.chance(0.6).then(|| (*rng.pick(COUNTER_HOURS)).into());
                ch.booking = rng.weighted(BOOKING).iter().map(|s| (*s).to_string()).collect();
                if ch.booking.iter().any(|b| b == "online") {
                    ch.url = Some(format!("https://synth.invalid/appointments/{n:05}"));
                }
                if ch.booking.iter().any(|b| b == "email") {
                    ch.email = Some(format!("rendez-vous-{n:05}@synth.invalid"));
                }
            }
            ChannelKind::Phone => {
                // No number: a synthetic one could be someone's real line.
                ch.completion = (*rng.weighted(&[("info", 5), ("full", 3), ("booking", 2)])).into();
                ch.opening_hours = rng.chance(0.85).then(|| (*rng.pick(PHONE_HOURS)).into());
            }
            ChannelKind::Post => {
                ch.completion = "submit".into();
                if rng.chance(0.3) {
                    ch.cost = Some(synthetic_texts(
                        "Recommandé (donnée synthétique)",
                        "Aangetekend (synthetische gegevens)",
                        "Registered letter (synthetic data)",
                    ));
                }
            }
            ChannelKind::Email => {
                ch.completion = (*rng.weighted(&[("submit", 3), ("info", 1)])).into();
                ch.email = Some(format!("demarche-{n:05}@synth.invalid"));
            }
            ChannelKind::Assisted => {
                ch.completion = (*rng.weighted(&[("submit", 1), ("full", 1)])).into();
                ch.location = match body.epn {
                    Some(epn) if rng.chance(0.7) => Some(epn.to_string()),
                    _ if !self.epns.is_empty() => Some(rng.pick(self.epns).clone()),
                    _ => None,
                };
                ch.opening_hours = rng.chance(0.8).then(|| (*rng.pick(ASSISTED_HOURS)).into());
                ch.conditions = synthetic_texts(
                    "Aide au remplissage du formulaire en ligne (donnée synthétique)",
                    "Hulp bij het invullen van het onlineformulier (synthetische gegevens)",
                    "Help filling in the online form (synthetic data)",
                );
            }
        }
        if kind != ChannelKind::Online {
            ch.languages = rng.weighted(LANGUAGES).iter().map(|s| (*s).to_string()).collect();
        }
        if matches!(kind, ChannelKind::Counter | ChannelKind::Appointment | ChannelKind::Assisted) {
            ch.wheelchair = (*rng.weighted(WHEELCHAIR)).map(str::to_string);
        }
        ch.status = self.status(kind);
        ch
    }

    /// Declared status history, oldest first: about half of the offline channels have one.
    fn status(&mut self, kind: ChannelKind) -> Vec<StatusEntry> {
        let entry = |state: &str, since: &str, until: Option<&str>, note: Option<(&str, &str, &str)>| StatusEntry {
            state: state.into(),
            since: Some(since.into()),
            until: until.map(str::to_string),
            note: note.map(|(fr, nl, en)| synthetic_texts(fr, nl, en)),
            quotes: Vec::new(),
            source: SOURCE_ID.into(),
        };
        let open = entry("open", "2024", None, None);
        let x = self.rng.unit();
        if kind == ChannelKind::Online {
            return if x < 0.3 { vec![open] } else { Vec::new() };
        }
        if x < 0.5 {
            Vec::new()
        } else if x < 0.85 {
            vec![open]
        } else if x < 0.95 {
            vec![
                entry("open", "2023", None, None),
                entry(
                    "restricted",
                    "2025-09",
                    None,
                    Some((
                        "Sur rendez-vous uniquement (donnée synthétique)",
                        "Alleen op afspraak (synthetische gegevens)",
                        "By appointment only (synthetic data)",
                    )),
                ),
            ]
        } else {
            vec![
                entry("open", "2023", None, None),
                entry(
                    "closed_temporarily",
                    "2026-10",
                    Some("2027-03"),
                    Some((
                        "Fermé temporairement (donnée synthétique)",
                        "Tijdelijk gesloten (synthetische gegevens)",
                        "Temporarily closed (synthetic data)",
                    )),
                ),
            ]
        }
    }
}

/// Builds the catalog files in memory: `communes` communes (slugs `synth-commune-NNNN`, 4-digit postcodes in
/// 1000..=9999, spread then cycling), each with a commune institution and a CPAS; 60 regional, community, COCOM,
/// COCOF, federal, payment-body and mutuality institutions; exactly `procedures` procedures (2 to 4 per commune
/// body, 1 per CPAS while the budget lasts, the rest spread evenly over the 60 others), each with 2 to 5 channels of
/// distinct kinds. Valid for `crate::import`; deterministic for a given spec.
pub fn synth_catalog(spec: &SynthSpec) -> CatalogFiles {
    let mut rng = Rng::new(spec.seed, 1);
    let sources = vec![SourceEntry {
        id: SOURCE_ID.into(),
        title: synthetic_texts(SOURCE_TITLE.0, SOURCE_TITLE.1, SOURCE_TITLE.2),
        original_title: None,
        url: None,
        document: Some("guichet synth".into()),
        date: Some("2026".into()),
        read: None,
        uncertain: false,
        marks: Vec::new(),
        note: Some(synthetic_texts(
            "Produit par « guichet synth » pour les mesures de performance. Rien n'y décrit un organisme réel.",
            "Gemaakt door « guichet synth » voor prestatiemetingen. Niets erin beschrijft een echte instelling.",
            "Generated by « guichet synth » for benchmarks. Nothing in it describes a real body.",
        )),
    }];

    let step = (9000 / spec.communes.max(1)).max(1);
    let communes: Vec<SynthCommune> = (0..spec.communes)
        .map(|i| {
            let number = i + 1;
            let slug = format!("synth-commune-{number:04}");
            SynthCommune {
                postcode: (1000 + (i * step) % 9000).to_string(),
                lat: 49.55 + 1.9 * rng.unit(),
                lon: 2.6 + 3.7 * rng.unit(),
                hall: format!("{slug}-hall"),
                cpas_office: format!("{slug}-cpas-office"),
                epn: format!("{slug}-epn"),
                slug,
            }
        })
        .collect();
    let commune_entries = communes
        .iter()
        .enumerate()
        .map(|(i, c)| CommuneEntry {
            slug: c.slug.clone(),
            name: names(
                format!("Commune synthétique {:04}", i + 1),
                format!("Synthetische gemeente {:04}", i + 1),
                Some(format!("Synthetic municipality {:04}", i + 1)),
            ),
            nis_code: None,
            postcodes: vec![c.postcode.clone()],
            source: SOURCE_ID.into(),
        })
        .collect();
    let epns: Vec<String> = communes.iter().map(|c| c.epn.clone()).collect();

    let mut themes_by_level: std::collections::HashMap<&'static str, Vec<&'static Theme>> = Default::default();
    for theme in THEMES {
        for level in theme.levels {
            themes_by_level.entry(level).or_default().push(theme);
        }
    }
    let mut b = Builder { rng, next: 1, themes_by_level, epns: &epns };
    let mut budget = spec.procedures;
    let mut institutions = Vec::with_capacity(2 * communes.len() + 60);

    for (i, c) in communes.iter().enumerate() {
        let number = i + 1;
        let wanted = b.rng.between(2, 4);
        let commune_count = budget.min(wanted);
        budget -= commune_count;
        let cpas_count = budget.min(1);
        budget -= cpas_count;

        let locations = vec![
            b.location(
                c.hall.clone(),
                format!("Maison communale synthétique {number:04}"),
                format!("Synthetisch gemeentehuis {number:04}"),
                Some(c),
            ),
            b.location(
                c.epn.clone(),
                format!("Espace public numérique synthétique {number:04}"),
                format!("Synthetische openbare computerruimte {number:04}"),
                Some(c),
            ),
        ];
        let offices = [c.hall.clone()];
        let body = Body { level: "commune", offices: &offices, epn: Some(&c.epn) };
        let procedures = (0..commune_count).map(|_| b.procedure(&body)).collect();
        institutions.push(InstitutionFile {
            institution: InstitutionEntry {
                slug: format!("{}-municipality", c.slug),
                level: "commune".into(),
                name: names(
                    format!("Administration communale synthétique {number:04}"),
                    format!("Synthetisch gemeentebestuur {number:04}"),
                    Some(format!("Synthetic municipal administration {number:04}")),
                ),
                parent: None,
                website: None,
                commune: Some(c.slug.clone()),
                source: SOURCE_ID.into(),
                note: None,
                quotes: Vec::new(),
                short_names: Vec::new(),
            },
            sources: Vec::new(),
            locations,
            procedures,
        });

        let locations = vec![b.location(
            c.cpas_office.clone(),
            format!("Bureau du CPAS synthétique {number:04}"),
            format!("Synthetisch OCMW-kantoor {number:04}"),
            Some(c),
        )];
        let offices = [c.cpas_office.clone()];
        let body = Body { level: "cpas", offices: &offices, epn: Some(&c.epn) };
        let procedures = (0..cpas_count).map(|_| b.procedure(&body)).collect();
        institutions.push(InstitutionFile {
            institution: InstitutionEntry {
                slug: format!("{}-cpas", c.slug),
                level: "cpas".into(),
                name: names(
                    format!("CPAS synthétique {number:04}"),
                    format!("Synthetisch OCMW {number:04}"),
                    Some(format!("Synthetic CPAS {number:04}")),
                ),
                parent: None,
                website: None,
                commune: Some(c.slug.clone()),
                source: SOURCE_ID.into(),
                note: None,
                quotes: Vec::new(),
                short_names: Vec::new(),
            },
            sources: Vec::new(),
            locations,
            procedures,
        });
    }

    // The other bodies share what is left evenly.
    let regional_total: usize = REGIONAL.iter().map(|r| r.1).sum();
    let (base, extra) = (budget / regional_total, budget % regional_total);
    let mut index = 0;
    for &(level, count, fr, nl, en) in REGIONAL {
        let level_slug = level.replace('_', "-");
        for k in 1..=count {
            let slug = format!("synth-{level_slug}-{k:02}");
            let office_count = b.rng.between(2, 6);
            let locations: Vec<LocationEntry> = (1..=office_count)
                .map(|o| {
                    let commune = (!communes.is_empty()).then(|| &communes[b.rng.below(communes.len())]);
                    b.location(
                        format!("{slug}-office-{o}"),
                        format!("Bureau {o} — {fr} {k:02}"),
                        format!("Kantoor {o} — {nl} {k:02}"),
                        commune,
                    )
                })
                .collect();
            let offices: Vec<String> = locations.iter().map(|l| l.key.clone()).collect();
            let body = Body { level, offices: &offices, epn: None };
            let n = base + usize::from(index < extra);
            index += 1;
            let procedures = (0..n).map(|_| b.procedure(&body)).collect();
            let parent = (level == "federal" && k > FEDERAL_ROOTS)
                .then(|| format!("synth-federal-{:02}", (k - FEDERAL_ROOTS - 1) % FEDERAL_ROOTS + 1));
            institutions.push(InstitutionFile {
                institution: InstitutionEntry {
                    slug,
                    level: level.into(),
                    name: names(format!("{fr} {k:02}"), format!("{nl} {k:02}"), Some(format!("{en} {k:02}"))),
                    parent,
                    website: None,
                    commune: None,
                    source: SOURCE_ID.into(),
                    note: None,
                    quotes: Vec::new(),
                    short_names: Vec::new(),
                },
                sources: Vec::new(),
                locations,
                procedures,
            });
        }
    }

    CatalogFiles { sources, communes: commune_entries, institutions }
}

// ---------------------------------------------------------------------------------------------------------------
// Observations.

/// How well a channel works in the synthetic world: chances of (completed, not_completed, partial, redirected
/// online), in per mille. About 70% of channels work, 15% are degraded, 15% are broken: overall about 70% completed,
/// 20% not completed, 5% partial, 5% redirected online.
const CLASSES: [[u32; 4]; 3] = [[880, 70, 30, 20], [500, 350, 100, 50], [120, 600, 80, 200]];

fn channel_class(seed: u64, channel_id: i64) -> usize {
    match mix(mix(seed ^ 0x0C1A_55E5) ^ channel_id as u64) % 100 {
        0..70 => 0,
        70..85 => 1,
        _ => 2,
    }
}

fn failure_reason(rng: &mut Rng, kind: ChannelKind) -> FailureReason {
    use FailureReason as F;
    let table: &[(F, u32)] = match kind {
        ChannelKind::Phone => &[(F::NoAnswer, 4), (F::LineSaturated, 4), (F::LanguageBarrier, 1), (F::Other, 1)],
        ChannelKind::Counter => &[
            (F::ClosedOnSite, 3),
            (F::NoAppointmentAvailable, 2),
            (F::MissingDocuments, 2),
            (F::LanguageBarrier, 1),
            (F::Other, 1),
        ],
        ChannelKind::Appointment => {
            &[(F::NoAppointmentAvailable, 4), (F::AppointmentOnlineOnly, 3), (F::MissingDocuments, 1), (F::Other, 1)]
        }
        ChannelKind::Online => &[(F::TechnicalError, 5), (F::MissingDocuments, 2), (F::Other, 1)],
        ChannelKind::Post => &[(F::NoAnswer, 3), (F::MissingDocuments, 3), (F::Other, 1)],
        ChannelKind::Email => &[(F::NoAnswer, 4), (F::Other, 1)],
        ChannelKind::Assisted => &[
            (F::NoAppointmentAvailable, 2),
            (F::TechnicalError, 2),
            (F::ClosedOnSite, 2),
            (F::LanguageBarrier, 1),
            (F::Other, 1),
        ],
    };
    *rng.weighted(table)
}

/// `spec.observations` observations over the channels of `snapshot`, filed by `organisation_id`, sorted by
/// `occurred_at`: on weekdays mostly, in office hours, over the `OBSERVATION_DAYS` days before `now` (never after).
/// Some channels get many reports, most a few; each channel works well, badly or not at all, so observed
/// reachability varies. Outcomes ~70% completed, 20% not completed, 5% partial, 5% redirected online, with a
/// failure reason that fits the channel's kind when not completed; minutes 1..=90; on behalf ~75%. No comment and
/// no role: nothing that could identify anyone. Ready for `crate::store::observations::record_many`.
pub fn synth_observations(
    spec: &SynthSpec,
    snapshot: &Snapshot,
    organisation_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<ObservationRecord> {
    let channels = &snapshot.channels;
    if channels.is_empty() || spec.observations == 0 {
        return Vec::new();
    }
    let mut rng = Rng::new(spec.seed, 2);
    // Popularity: a random order of the channels; the first ones get most of the reports.
    let mut order: Vec<usize> = (0..channels.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let classes: Vec<usize> = channels.iter().map(|c| channel_class(spec.seed, c.id)).collect();
    let now_ts = now.timestamp();
    let start_ts = now_ts - OBSERVATION_DAYS * 86_400;
    let first_day = start_ts.div_euclid(86_400);
    let days = (now_ts.div_euclid(86_400) - first_day + 1) as usize;

    let mut out = Vec::with_capacity(spec.observations);
    for _ in 0..spec.observations {
        let u = rng.unit();
        let position = ((u * u * channels.len() as f64) as usize).min(channels.len() - 1);
        let index = order[position];
        let channel = &channels[index];

        // A weekday (weekends rarely), 07:00–17:00 UTC, inside the window.
        let mut ts = None;
        for _ in 0..8 {
            let day = first_day + rng.below(days) as i64;
            // 1970-01-01 was a Thursday: day % 7 == 2 is a Saturday, 3 a Sunday.
            if matches!(day.rem_euclid(7), 2 | 3) && rng.chance(0.9) {
                continue;
            }
            let t = day * 86_400 + 7 * 3600 + rng.below(10 * 3600) as i64;
            if (start_ts..=now_ts).contains(&t) {
                ts = Some(t);
                break;
            }
        }
        let ts = ts.unwrap_or_else(|| now_ts - rng.below((OBSERVATION_DAYS * 86_400) as usize) as i64);
        let occurred_at = chrono::DateTime::from_timestamp(ts, 0).unwrap_or(now).naive_utc();

        let class = &CLASSES[classes[index]];
        let mut x = rng.below(1000) as u32;
        let mut outcome = Outcome::Completed;
        for (o, p) in [Outcome::Completed, Outcome::NotCompleted, Outcome::Partial, Outcome::RedirectedOnline]
            .into_iter()
            .zip(class)
        {
            if x < *p {
                outcome = o;
                break;
            }
            x -= p;
        }
        let kind = channel.kind;
        if kind == ChannelKind::Online && outcome == Outcome::RedirectedOnline {
            // Already online: being "sent online" means it failed.
            outcome = Outcome::NotCompleted;
        }
        let failure_reason = match outcome {
            Outcome::Completed => None,
            Outcome::NotCompleted => Some(failure_reason(&mut rng, kind)),
            Outcome::RedirectedOnline => Some(FailureReason::RedirectedOnline),
            Outcome::Partial => rng.chance(0.5).then(|| failure_reason(&mut rng, kind)),
        };
        let minutes_spent = 1 + (89.0 * rng.unit().powf(1.5)).round() as i32;
        let on_behalf = rng.chance(0.75);
        let wait_minutes = match kind {
            ChannelKind::Counter if rng.chance(0.7) => Some(rng.below(91) as i32),
            ChannelKind::Appointment if rng.chance(0.5) => Some(rng.below(31) as i32),
            ChannelKind::Phone if rng.chance(0.6) => Some(rng.below(46) as i32),
            _ => None,
        };
        out.push(ObservationRecord {
            channel_id: channel.id,
            organisation_id,
            occurred_at,
            outcome,
            minutes_spent,
            on_behalf,
            failure_reason,
            wait_minutes,
            reporter_role: None,
            comment: None,
        });
    }
    // Stable: equal instants keep their generation order, so the result is the same on every run.
    out.sort_by_key(|o| o.occurred_at);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Level;
    use crate::import::is_slug;

    fn small(seed: u64) -> SynthSpec {
        SynthSpec { communes: 5, procedures: 200, observations: 1000, seed }
    }

    fn now() -> chrono::DateTime<chrono::Utc> {
        "2026-11-23T14:00:00Z".parse().unwrap()
    }

    #[test]
    fn the_catalog_imports_with_the_counts_asked_for() {
        let spec = small(7);
        let files = synth_catalog(&spec);
        let snapshot = crate::app::catalog::preview_snapshot(&files).expect("the synthetic catalog imports");

        assert_eq!(snapshot.communes.len(), 5);
        assert_eq!(snapshot.institutions.len(), 2 * 5 + 60);
        assert_eq!(snapshot.procedures.len(), spec.procedures);
        assert_eq!(files.procedures().count(), spec.procedures);
        let channels = files.channels().count();
        assert_eq!(snapshot.channels.len(), channels);
        assert!((2 * spec.procedures..=5 * spec.procedures).contains(&channels), "{channels} channels");
        for (_, p) in files.procedures() {
            assert!((2..=5).contains(&p.channels.len()), "{}: {} channels", p.slug, p.channels.len());
        }
        let levels: std::collections::HashSet<Level> = snapshot.institutions.iter().map(|i| i.level).collect();
        for level in ["commune", "cpas", "region", "community", "federal", "payment_body"] {
            assert!(levels.contains(&level.parse().unwrap()), "no {level} institution");
        }
        // Every commune body has 2 to 4 procedures, every CPAS one.
        for file in &files.institutions {
            match file.institution.level.as_str() {
                "commune" => assert!((2..=4).contains(&file.procedures.len())),
                "cpas" => assert_eq!(file.procedures.len(), 1),
                _ => {}
            }
        }
        // Every kind of channel, some declared statuses, some located counters.
        let kinds: std::collections::HashSet<ChannelKind> = snapshot.channels.iter().map(|c| c.kind).collect();
        assert_eq!(kinds.len(), ChannelKind::ALL.len(), "{kinds:?}");
        assert!(snapshot.channels.iter().any(|c| c.declared == crate::domain::DeclaredState::Restricted));
        assert!(snapshot.channels.iter().any(|c| c.history.is_empty()));
        assert!(snapshot.locations.values().any(|l| l.lat.is_some()));
        assert!(snapshot.locations.values().any(|l| l.lat.is_none()));
        assert!(snapshot.procedures.iter().any(|p| p.has_offline_alternative));
    }

    #[test]
    fn everything_is_visibly_synthetic() {
        let files = synth_catalog(&small(3));
        assert_eq!(files.all_sources().count(), 1);
        let source = files.all_sources().next().unwrap();
        assert_eq!((source.title.en.as_deref(), source.date.as_deref()), (Some(SOURCE_TITLE.2), Some("2026")));
        assert_eq!(source.document.as_deref(), Some("guichet synth"));
        for c in &files.communes {
            assert!(c.slug.starts_with("synth-commune-") && is_slug(&c.slug), "{}", c.slug);
            assert!(c.name.fr.starts_with("Commune synthétique "), "{}", c.name.fr);
            assert!(c.postcodes.iter().all(|p| p.len() == 4 && ("1000"..="9999").contains(&p.as_str())));
        }
        for file in &files.institutions {
            let i = &file.institution;
            assert!(i.slug.starts_with("synth-") && is_slug(&i.slug), "{}", i.slug);
            assert!(i.name.fr.contains("synthétique"), "{}", i.name.fr);
            for l in &file.locations {
                assert!(l.key.starts_with("synth-") && is_slug(&l.key), "{}", l.key);
                assert!(l.address.is_none());
                if let (Some(lat), Some(lon)) = (l.lat, l.lon) {
                    assert!((49.5..=51.5).contains(&lat) && (2.5..=6.4).contains(&lon), "{lat} {lon}");
                }
            }
            for p in &file.procedures {
                assert!(p.slug.starts_with("synth-") && is_slug(&p.slug), "{}", p.slug);
                assert!(p.name.fr.contains("synthétique"), "{}", p.name.fr);
                assert!(p.online_url.as_deref().is_none_or(|u| u.starts_with("https://synth.invalid/")));
                for c in &p.channels {
                    assert!(is_slug(&c.key));
                    assert!(c.phone.is_none());
                    assert!(c.email.as_deref().is_none_or(|e| e.ends_with("@synth.invalid")));
                    assert!(c.url.as_deref().is_none_or(|u| u.starts_with("https://synth.invalid/")));
                }
            }
        }
    }

    /// What `crate::import`'s validation checks beyond slugs, on every value the generator can produce.
    #[test]
    fn every_value_passes_the_import_rules() {
        use crate::domain::{BookingRoute, Completion, DeclaredState, Identification, PartialDate, Wheelchair};
        for hours in COUNTER_HOURS.iter().chain(PHONE_HOURS).chain(ASSISTED_HOURS) {
            crate::domain::hours::parse_hours(hours).unwrap_or_else(|e| panic!("`{hours}`: {e}"));
        }
        let files = synth_catalog(&SynthSpec { communes: 10, procedures: 3000, observations: 0, seed: 4 });
        for file in &files.institutions {
            file.institution.level.parse::<Level>().unwrap();
        }
        for (_, p) in files.procedures() {
            for id in &p.identification {
                id.parse::<Identification>().unwrap();
            }
            for cat in &p.categories {
                assert!(cat.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'-'), "{cat}");
            }
            let mut keys = std::collections::HashSet::new();
            for c in &p.channels {
                assert!(keys.insert(&c.key), "{}: key {} twice", p.slug, c.key);
                c.kind.parse::<ChannelKind>().unwrap();
                c.completion.parse::<Completion>().unwrap();
                for b in &c.booking {
                    b.parse::<BookingRoute>().unwrap();
                }
                if let Some(w) = &c.wheelchair {
                    w.parse::<Wheelchair>().unwrap();
                }
                for st in &c.status {
                    st.state.parse::<DeclaredState>().unwrap();
                    let since: PartialDate = st.since.as_deref().unwrap().parse().unwrap();
                    if let Some(until) = &st.until {
                        assert!(until.parse::<PartialDate>().unwrap().latest() >= since.earliest());
                    }
                }
            }
        }
    }

    #[test]
    fn search_words_have_hits() {
        let files = synth_catalog(&SynthSpec { communes: 20, procedures: 2000, observations: 0, seed: 1 });
        for word in ["carte d'identité", "identiteitskaart", "allocation", "bourse d'études", "chômage", "handicap"]
        {
            assert!(files.procedures().any(|(_, p)| p.keywords.iter().any(|k| k == word)), "no procedure for {word}");
        }
    }

    #[test]
    fn small_budgets_are_spent_exactly() {
        for (communes, procedures) in [(0, 10), (5, 0), (5, 7), (10, 45), (3, 1000)] {
            let files = synth_catalog(&SynthSpec { communes, procedures, observations: 0, seed: 9 });
            assert_eq!(files.procedures().count(), procedures, "{communes} communes");
            assert_eq!(files.communes.len(), communes);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_data() {
        let a = synth_catalog(&small(11));
        let b = synth_catalog(&small(11));
        let c = synth_catalog(&small(12));
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
        assert_ne!(format!("{a:?}"), format!("{c:?}"));

        let snapshot = crate::app::catalog::preview_snapshot(&a).unwrap();
        let o1 = synth_observations(&small(11), &snapshot, 1, now());
        let o2 = synth_observations(&small(11), &snapshot, 1, now());
        let o3 = synth_observations(&small(12), &snapshot, 1, now());
        assert_eq!(o1, o2);
        assert_ne!(o1, o3);
    }

    #[test]
    fn observations_fit_the_snapshot_and_the_rules() {
        let spec = SynthSpec { observations: 20_000, ..small(5) };
        let snapshot = crate::app::catalog::preview_snapshot(&synth_catalog(&spec)).unwrap();
        let rows = synth_observations(&spec, &snapshot, 42, now());
        assert_eq!(rows.len(), spec.observations);
        let start = (now() - chrono::Duration::days(OBSERVATION_DAYS)).naive_utc();
        let mut counts = std::collections::HashMap::<&str, usize>::new();
        for r in &rows {
            assert!(snapshot.channels_by_id.contains_key(&r.channel_id), "unknown channel {}", r.channel_id);
            assert_eq!(r.organisation_id, 42);
            assert!(r.occurred_at >= start && r.occurred_at <= now().naive_utc(), "{}", r.occurred_at);
            assert!((1..=90).contains(&r.minutes_spent));
            let outcome: Outcome = r.outcome;
            match outcome {
                Outcome::Completed => assert!(r.failure_reason.is_none()),
                Outcome::NotCompleted | Outcome::RedirectedOnline => assert!(r.failure_reason.is_some()),
                Outcome::Partial => {}
            }
            assert!(r.comment.is_none() && r.reporter_role.is_none());
            *counts.entry(outcome.as_str()).or_default() += 1;
        }
        assert!(rows.windows(2).all(|w| w[0].occurred_at <= w[1].occurred_at));
        let share = |o: &str| counts.get(o).copied().unwrap_or(0) as f64 / rows.len() as f64;
        assert!((0.60..0.80).contains(&share("completed")), "{counts:?}");
        assert!((0.12..0.28).contains(&share("not_completed")), "{counts:?}");
        assert!((0.02..0.09).contains(&share("partial")), "{counts:?}");
        assert!((0.02..0.09).contains(&share("redirected_online")), "{counts:?}");
        let on_behalf = rows.iter().filter(|r| r.on_behalf).count() as f64 / rows.len() as f64;
        assert!((0.70..0.80).contains(&on_behalf), "{on_behalf}");
        // Channels are reported unevenly, but many of them are.
        let distinct: std::collections::HashSet<i64> = rows.iter().map(|r| r.channel_id).collect();
        assert!(distinct.len() * 2 > snapshot.channels.len(), "{} of {}", distinct.len(), snapshot.channels.len());
    }

    #[test]
    fn no_channels_no_observations() {
        let spec = SynthSpec { communes: 0, procedures: 0, observations: 10, seed: 1 };
        let snapshot = crate::app::catalog::preview_snapshot(&synth_catalog(&spec)).unwrap();
        assert!(snapshot.channels.is_empty());
        assert!(synth_observations(&spec, &snapshot, 1, now()).is_empty());
    }
}
