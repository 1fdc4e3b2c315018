//! Reproducible Belgium-scale synthetic data for benchmarks (`guichet synth`): a catalog of communes,
//! institutions, locations, procedures and channels, and observations over the channels of the imported catalog.
//!
//! Everything generated is visibly synthetic and can never pass for a fact about a real body: slugs and keys start
//! with `synth-`, names read "Commune synthétique 0042", every record cites the one source titled
//! "Synthetic data for benchmarks (guichet synth)", there are no phone numbers and no street addresses, and web and
//! e-mail addresses use the reserved `.invalid` domain. The same spec (seed included) always gives the same data.

// Generated numbers are drawn in ranges that fit their types; the casts say so without ceremony.
#![allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap, clippy::cast_sign_loss)]

mod catalog;
mod observations;
mod rng;
mod vocabulary;

pub use catalog::synth_catalog;
pub use observations::synth_observations;

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

#[cfg(test)]
mod tests {
    use super::vocabulary::{ASSISTED_HOURS, COUNTER_HOURS, PHONE_HOURS};
    use super::*;
    use crate::domain::Level;
    use crate::domain::{ChannelKind, Outcome};
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
