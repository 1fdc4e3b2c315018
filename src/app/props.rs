//! Property tests of the validators every door shares: an observation comment, a reporter role or a complaint
//! description carrying personal data written in any of the gate's variants is refused, naming the field and the
//! kind; clean text is stored as written.

use super::complain::parse_complaint;
use super::input::Fields;
use super::observe::parse_report;
use crate::catalog::Snapshot;
use crate::domain::privacy::PersonalData;
use crate::domain::privacy::props::{CASES, clean_text, iban_written, nrn_written};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::sync::OnceLock;

fn snapshot() -> &'static Snapshot {
    static SNAPSHOT: OnceLock<Snapshot> = OnceLock::new();
    SNAPSHOT.get_or_init(|| {
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/catalog"));
        let files = crate::import::load_catalog(dir).expect("the fixture catalog loads");
        super::catalog::preview_snapshot(&files).expect("the fixture catalog imports")
    })
}

fn observation(field: &str, text: &str) -> Fields {
    let s = snapshot();
    let mut body = json!({
        "channel_id": s.channels[0].id,
        "occurred_at": "2026-01-05T10:00:00Z",
        "outcome": "completed",
        "minutes_spent": 20,
        "on_behalf": true,
    });
    body[field] = Value::from(text);
    let Value::Object(map) = body else { unreachable!() };
    Fields::from_map(map)
}

fn complaint(text: &str) -> Fields {
    let s = snapshot();
    let body = json!({ "channel_id": s.channels[0].id, "problem": "no_answer", "description": text });
    let Value::Object(map) = body else { unreachable!() };
    Fields::from_map(map)
}

fn refused_for(errors: &[super::FieldError], field: &str) -> Option<PersonalData> {
    errors.iter().find(|e| e.field == field).and_then(|e| e.personal_data)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn an_observation_with_a_national_register_number_is_refused(
        nrn in nrn_written(), before in clean_text(), field in prop_oneof![Just("comment"), Just("reporter_role")]
    ) {
        let text: String = format!("{before} {nrn}").chars().rev().take(100).collect::<Vec<_>>().into_iter().rev().collect();
        let mut b = observation(field, &text);
        let parsed = parse_report(snapshot(), &mut b, chrono::Utc::now());
        prop_assert!(parsed.is_none());
        prop_assert_eq!(refused_for(&b.errors, field), Some(PersonalData::NationalRegisterNumber), "{:?}", b.errors);
    }

    #[test]
    fn an_observation_with_clean_text_is_kept_as_written(text in clean_text()) {
        let text: String = text.chars().take(500).collect();
        let mut b = observation("comment", &text);
        let parsed = parse_report(snapshot(), &mut b, chrono::Utc::now());
        prop_assert!(b.errors.is_empty(), "{:?}", b.errors);
        let want = Some(text.trim().to_string()).filter(|t| !t.is_empty());
        prop_assert_eq!(parsed.and_then(|r| r.comment), want);
    }

    #[test]
    fn a_complaint_with_an_iban_or_a_national_register_number_is_refused(
        iban in iban_written(), nrn in nrn_written(), before in clean_text(), which in any::<bool>()
    ) {
        let text = format!("{before} {}", if which { &iban } else { &nrn });
        let mut b = complaint(&text);
        prop_assert!(parse_complaint(snapshot(), &mut b).is_none());
        let kind = refused_for(&b.errors, "description");
        prop_assert!(kind.is_some(), "{:?}", b.errors);
        if !which {
            prop_assert_eq!(kind, Some(PersonalData::NationalRegisterNumber));
        }
    }

    #[test]
    fn a_complaint_with_clean_text_is_kept_as_written(text in clean_text()) {
        let text = format!("{text} rien"); // a description is required
        let mut b = complaint(&text);
        let parsed = parse_complaint(snapshot(), &mut b);
        prop_assert!(b.errors.is_empty(), "{:?}", b.errors);
        prop_assert_eq!(parsed.map(|c| c.description), Some(text.trim().to_string()));
    }
}
