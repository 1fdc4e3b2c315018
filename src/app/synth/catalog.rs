//! The synthetic catalog: communes, institutions, locations, procedures and channels.

use super::rng::Rng;
use super::vocabulary::*;
use super::{SOURCE_ID, SOURCE_TITLE, SynthSpec};
use crate::domain::ChannelKind;
use crate::import::CatalogFiles;
use crate::import::files::{
    ChannelEntry, CommuneEntry, InstitutionEntry, InstitutionFile, LocationEntry, Names, ProcedureEntry, SourceEntry,
    StatusEntry, Texts,
};

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
            registered: false,
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
            sections: Vec::new(),
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
                update_every_months: None,
            },
            sources: Vec::new(),
            locations,
            procedures,
            probe_patterns: Vec::new(),
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
                update_every_months: None,
            },
            sources: Vec::new(),
            locations,
            procedures,
            probe_patterns: Vec::new(),
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
                    update_every_months: None,
                },
                sources: Vec::new(),
                locations,
                procedures,
                probe_patterns: Vec::new(),
            });
        }
    }

    CatalogFiles { sources, communes: commune_entries, institutions }
}
