//! The vocabulary: what synthetic procedures are about, in words people search with.

use crate::domain::ChannelKind;

pub(super) struct Theme {
    pub(super) slug: &'static str,
    /// The institution levels that carry this kind of procedure.
    pub(super) levels: &'static [&'static str],
    pub(super) fr: &'static str,
    pub(super) nl: &'static str,
    pub(super) en: &'static str,
    pub(super) categories: &'static [&'static str],
    pub(super) keywords: &'static [&'static str],
    /// What to bring: (fr, nl, en).
    pub(super) documents: &'static [(&'static str, &'static str, &'static str)],
}

pub(super) const ID_DOC: (&str, &str, &str) = ("Pièce d'identité", "Identiteitsbewijs", "Identity document");
pub(super) const PHOTO: (&str, &str, &str) = ("Photo d'identité récente", "Recente pasfoto", "Recent passport photo");
pub(super) const INCOME: (&str, &str, &str) = ("Preuve de revenus", "Bewijs van inkomsten", "Proof of income");
pub(super) const BANK: (&str, &str, &str) = ("Numéro de compte bancaire", "Bankrekeningnummer", "Bank account number");
pub(super) const LEASE: (&str, &str, &str) =
    ("Bail ou titre de propriété", "Huurcontract of eigendomsakte", "Lease or title deed");
pub(super) const MEDICAL: (&str, &str, &str) = ("Rapport médical", "Medisch verslag", "Medical report");
pub(super) const SCHOOL: (&str, &str, &str) =
    ("Attestation d'inscription scolaire", "Inschrijvingsattest school", "School enrolment certificate");

pub(super) const THEMES: &[Theme] = &[
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
pub(super) const GENERIC_KEYWORDS: &[&str] =
    &["formulaire", "attestation", "formulier", "attest", "form", "certificate"];

/// The ~60 bodies that are not local: (level, how many, fr, nl, en name stems).
pub(super) const REGIONAL: &[(&str, usize, &str, &str, &str)] = &[
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
pub(super) const FEDERAL_ROOTS: usize = 7;

pub(super) const COUNTER_HOURS: &[&str] = &[
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
pub(super) const PHONE_HOURS: &[&str] = &[
    "Mo-Fr 09:00-12:00; PH off",
    "Mo-Fr 08:30-16:30; PH off",
    "Mo-Fr 09:00-12:00,13:00-16:00; PH off",
    "Tu,Th 09:00-12:00; PH off",
];
pub(super) const ASSISTED_HOURS: &[&str] =
    &["Tu,Th 14:00-17:00; PH off", "We 09:00-12:00; PH off", "Mo-Fr 10:00-16:00; PH off"];
pub(super) const LANGUAGES: &[(&[&str], u32)] = &[
    (&[], 3),
    (&["fr", "nl"], 6),
    (&["fr", "nl", "en"], 3),
    (&["fr"], 2),
    (&["nl"], 1),
    (&["fr", "nl", "ar"], 1),
    (&["fr", "ar", "tr"], 1),
    (&["fr", "nl", "es"], 1),
];
pub(super) const WHEELCHAIR: &[(Option<&str>, u32)] =
    &[(None, 8), (Some("yes"), 6), (Some("limited"), 3), (Some("no"), 3)];
pub(super) const BOOKING: &[(&[&str], u32)] =
    &[(&["phone"], 7), (&["online"], 7), (&["phone", "online"], 3), (&["in_person"], 2), (&["email"], 1)];
pub(super) const IDENTIFICATION: &[(&[&str], u32)] =
    &[(&["eid", "itsme"], 6), (&["eid"], 2), (&["itsme"], 1), (&["email_account"], 2), (&["none"], 1)];
/// The channels besides `online`, and how often each is offered.
pub(super) const OFFLINE_KINDS: &[(ChannelKind, u32)] = &[
    (ChannelKind::Counter, 5),
    (ChannelKind::Appointment, 4),
    (ChannelKind::Phone, 5),
    (ChannelKind::Post, 3),
    (ChannelKind::Assisted, 2),
    (ChannelKind::Email, 1),
];
