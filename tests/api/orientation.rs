//! Orientation, tried as a social worker would, on the shipped Brussels catalog.

use crate::helpers::*;
use serde_json::Value;

fn keys(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|o| o["channel"]["key"].as_str().unwrap().to_string()).collect()
}

fn find<'a>(list: &'a Value, key: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|o| o["channel"]["key"] == key).unwrap_or_else(|| panic!("{key} in {list}"))
}

fn has(o: &Value, reason: &str) -> bool {
    o["why"].as_array().unwrap().iter().any(|w| w == reason)
}

#[tokio::test]
async fn study_grant_without_internet_speaking_arabic_in_1030() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let r =
        app.get_json("/api/v1/orientation?need=bourse%20d%27%C3%A9tudes&postcode=1030&no_internet=true&lang=ar").await;
    assert_eq!(r["procedures"][0]["procedure"]["slug"], "fwb-study-grant");
    assert_eq!(r["communes"][0], "schaerbeek");
    assert_eq!(r["no_offline_alternative"], false);
    let options = &r["options"];
    let order = keys(options);
    let letter = order.iter().position(|k| k == "registered-letter").expect("the registered letter is offered");
    assert_eq!(options[letter]["role"], "alternative");
    assert!(has(&options[letter], "has_a_cost"));
    // Online is not offered to someone without internet; it is listed as excluded, with why.
    assert!(!order.iter().any(|k| options[order.iter().position(|x| x == k).unwrap()]["channel"]["kind"] == "online"));
    let online = r["excluded"].as_array().unwrap().iter().find(|e| e["kind"] == "online").unwrap();
    assert!(online["why"].as_array().unwrap().contains(&"requires_internet".into()));
    // The saturated phone line is flagged and ranks below the letter.
    let phone_rank = options.as_array().unwrap().iter().position(|o| has(o, "line_saturated")).expect("flagged line");
    assert!(phone_rank > letter);
    // The form printed at school is offered as help.
    assert!(keys(&r["help"]).contains(&"forms-printed-at-school".to_string()), "{}", r["help"]);
    // Nobody declared which languages are spoken: said, not hidden.
    assert!(has(&options[letter], "languages_unknown"));
}

#[tokio::test]
async fn disability_recognition_without_eid_has_no_offline_alternative() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let r = app.get_json("/api/v1/orientation?need=reconnaissance%20handicap&postcode=1030&no_eid=true").await;
    assert_eq!(r["procedures"][0]["procedure"]["slug"], "dg-handicap-recognition");
    assert_eq!(r["no_offline_alternative"], true);
    assert!(r["message"]["fr"].as_str().unwrap().contains("aucune alternative"));
    assert!(r["options"].as_array().unwrap().iter().all(|o| o["role"] != "alternative"));
    let help = r["help"].as_array().unwrap();
    assert!(help.iter().all(|h| h["role"] == "help"));
    assert!(help.iter().any(|h| has(h, "help_place") && has(h, "in_your_commune")), "help places in 1030: {help:?}");
    let online = r["excluded"].as_array().unwrap().iter().find(|e| e["kind"] == "online").unwrap();
    assert!(online["why"].as_array().unwrap().contains(&"requires_eid".into()));
}

#[tokio::test]
async fn identity_card_in_schaerbeek_on_a_thursday_morning_and_on_christmas() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let thursday = app
        .get_json(
            "/api/v1/orientation?need=carte%20d%27identit%C3%A9&commune=schaerbeek&at=2026-11-26T10:00:00%2B01:00",
        )
        .await;
    assert_eq!(thursday["procedures"][0]["procedure"]["slug"], "schaerbeek-identity-card");
    assert_eq!(thursday["procedures"].as_array().unwrap().len(), 1, "only Schaerbeek's, not the 18 other communes'");
    let slot = find(&thursday["options"], "appointment-thursday");
    assert!(has(slot, "open_now"), "{slot}");
    assert_eq!(slot["channel"]["schedule"]["open_now"], true);
    assert_eq!(slot["channel"]["schedule"]["week"].as_array().unwrap().len(), 7);

    let christmas = app
        .get_json(
            "/api/v1/orientation?need=carte%20d%27identit%C3%A9&commune=schaerbeek&at=2026-12-25T10:00:00%2B01:00",
        )
        .await;
    let slot = find(&christmas["options"], "appointment-thursday");
    assert!(has(slot, "closed_on_holiday") && has(slot, "closed_now"), "{slot}");
    assert_eq!(slot["channel"]["schedule"]["closed_for"], "Christmas");
    assert_eq!(slot["channel"]["schedule"]["next_opening"], "2026-12-31T07:00:00Z");

    // Without internet, the appointment booked by e-mail only is left out, and says why.
    let offline =
        app.get_json("/api/v1/orientation?need=carte%20d%27identit%C3%A9&commune=schaerbeek&no_internet=true").await;
    assert!(!keys(&offline["options"]).contains(&"appointment-thursday".to_string()));
    let excluded = offline["excluded"].as_array().unwrap();
    assert!(excluded.iter().any(|e| e["why"].as_array().unwrap().contains(&"booking_online_only".into())));
}

#[tokio::test]
async fn words_with_typos_still_find_the_procedure() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    for need in ["studietoelag", "alocation%20d%27etudes", "handycap"] {
        let r = app.get_json(&format!("/api/v1/orientation?need={need}&postcode=1030")).await;
        assert!(!r["procedures"].as_array().unwrap().is_empty(), "{need}: {r}");
    }
    let none = app.get_json("/api/v1/orientation?need=xylophone%20quantique").await;
    assert_eq!(none["procedures"].as_array().unwrap().len(), 0);
    assert!(none["message"]["en"].as_str().unwrap().contains("No procedure"));
}

#[tokio::test]
async fn an_unreachable_channel_ranks_below_a_reachable_one_whatever_is_declared() {
    use crate::observations::{post, token};
    use serde_json::json;
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let t = token(&db, "CPAS", guichet::domain::Role::Reporter, None);
    let before = app.get_json("/api/v1/orientation?need=fwb-study-grant").await;
    assert_eq!(keys(&before["options"])[0], "registered-letter", "declared open: first");
    let p = app.get_json("/api/v1/procedures/fwb-study-grant").await;
    let id = |key: &str| p["channels"].as_array().unwrap().iter().find(|c| c["key"] == key).unwrap()["id"].clone();
    for (channel, outcome) in [("registered-letter", "not_completed"), ("phone", "completed")] {
        for minutes_ago in [30, 20, 10] {
            let mut body = json!({"channel_id": id(channel), "occurred_at": (chrono::Utc::now() - chrono::Duration::minutes(minutes_ago)).to_rfc3339(),
                "outcome": outcome, "minutes_spent": 10, "on_behalf": true});
            if outcome != "completed" {
                body["failure_reason"] = json!("no_answer");
            }
            assert_eq!(post(&app, Some(&t), &body, None).await.status(), 201);
        }
    }
    let after = app.get_json("/api/v1/orientation?need=fwb-study-grant").await;
    let order = keys(&after["options"]);
    assert!(order.iter().position(|k| k == "phone") < order.iter().position(|k| k == "registered-letter"), "{order:?}");
    let letter = find(&after["options"], "registered-letter");
    assert!(has(letter, "observed_unreachable") && has(letter, "declared_open_but_observed_unreachable"));
}

#[tokio::test]
async fn every_bad_parameter_is_named() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    // Malformed: 400; a place or language named that is nothing known: 404; a commune that is not the
    // postcode's: 422.
    for (query, status, field) in [
        ("", 400, "need"),
        ("need=x&postcode=10300", 404, "postcode"),
        ("need=x&postcode=9999", 404, "postcode"),
        ("need=x&commune=atlantis", 404, "commune"),
        ("need=x&postcode=1060&commune=schaerbeek", 422, "commune"),
        ("need=x&no_internet=maybe", 400, "no_internet"),
        ("need=x&no_internet=", 400, "no_internet"),
        ("need=x&wheelchair=2", 400, "wheelchair"),
        ("need=x&lang=klingon", 404, "lang"),
        ("need=x&lang=ar,arabic%20language", 404, "lang"),
        ("need=x&at=tomorrow", 400, "at"),
        ("need=x&limit=0", 400, "limit"),
        ("need=x&limit=51", 400, "limit"),
    ] {
        app.assert_problem(&format!("/api/v1/orientation?{query}"), status, Some(field)).await;
    }
}
