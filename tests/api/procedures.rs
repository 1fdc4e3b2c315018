use crate::helpers::*;

fn slugs(page: &serde_json::Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|i| i["slug"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn search_ignores_case_accents_and_language() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    for q in ["bourse", "ETUDES", "études", "studietoelage", "study%20grant", "allocation%20d%27%C3%A9tudes"] {
        let page = app.get_json(&format!("/api/v1/procedures?q={q}")).await;
        assert_eq!(slugs(&page), ["fwb-study-grant"], "q={q}");
    }
    let page = app.get_json("/api/v1/procedures?q=carte%20d%27identit%C3%A9").await;
    assert_eq!(slugs(&page), ["schaerbeek-identity-card"]);
    assert_eq!(app.get_json("/api/v1/procedures?q=passeport%20chameau").await["total"], 0);
}

#[tokio::test]
async fn filters_by_institution_category_commune_channel_and_offline() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let by = |q: &'static str| {
        let app = &app;
        async move { slugs(&app.get_json(&format!("/api/v1/procedures?{q}")).await) }
    };
    assert_eq!(by("institution=fwb-allocations-etudes").await, ["fwb-study-grant"]);
    assert_eq!(by("category=population").await, ["schaerbeek-identity-card"]);
    assert_eq!(by("commune=saint-gilles").await, ["fwb-study-grant"]);
    assert_eq!(by("commune=schaerbeek").await, ["fwb-study-grant", "schaerbeek-identity-card"]);
    assert_eq!(by("channel=post").await, ["fwb-study-grant"]);
    assert_eq!(by("channel=appointment").await, ["schaerbeek-identity-card"]);
    assert_eq!(by("channel=assisted").await, Vec::<String>::new());
    // The registered letter has a postal address; the walk-in counter has no address: "to verify", never counted.
    assert_eq!(by("offline=true").await, ["fwb-study-grant"]);
    assert_eq!(by("offline=false").await, ["schaerbeek-identity-card"]);
}

#[tokio::test]
async fn detail_embeds_channels_with_declared_and_observed_status() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let p = app.get_json("/api/v1/procedures/fwb-study-grant").await;
    assert_eq!(p["name"]["en"], "Apply for a study grant");
    assert_eq!(p["institution"]["slug"], "fwb-allocations-etudes");
    assert_eq!(p["online"]["identification"][0], "eid");
    assert_eq!(p["has_offline_alternative"], true);
    let channels = p["channels"].as_array().unwrap();
    assert_eq!(channels.len(), 3);
    let by_key = |key: &str| channels.iter().find(|c| c["key"] == key).unwrap().clone();

    let letter = by_key("registered-letter");
    assert_eq!(letter["kind"], "post");
    assert_eq!(letter["completion"], "submit");
    assert_eq!(letter["offline_alternative"], true);
    assert_eq!(letter["cost"]["en"], "22.59 EUR (registered letter)");
    assert_eq!(letter["cost"]["fr"], "22,59 EUR (recommandé)");
    assert_eq!(letter["declared"]["state"], "open");
    assert_eq!(letter["declared"]["since"], "2022");
    assert_eq!(letter["declared"]["source"]["key"], "seed-002");
    assert_eq!(letter["observed"]["state"], "unknown");
    assert_eq!(letter["observed"]["observations"], 0);
    assert_eq!(letter["location"]["address"], "rue du Meiboom 16-18");
    assert!(!letter["to_verify"].as_array().unwrap().contains(&"address".into()));
    assert_eq!(letter["declared"]["note"]["nl"], "Het enige alternatief voor internet.");
    assert_eq!(p["deadline"]["fr"], "Du 1er juillet au 31 octobre.");
    assert_eq!(p["absent"][0]["kinds"][0], "counter");
    assert_eq!(p["absent"][0]["quotes"][0]["lang"], "fr");

    let phone = by_key("phone");
    assert_eq!(phone["declared"]["state"], "restricted");
    assert_eq!(phone["declared"]["quotes"][0]["lang"], "fr", "a quotation stays in its language, marked");
    assert_eq!(phone["offline_alternative"], false, "an info line is not an alternative");
    assert!(phone["phone"].is_null());
    assert!(phone["to_verify"].as_array().unwrap().contains(&"phone".into()));

    let online = by_key("online");
    assert_eq!(online["declared"]["state"], "unknown");
    assert!(online["to_verify"].as_array().unwrap().contains(&"declared_status".into()));
}

#[tokio::test]
async fn an_appointment_booked_by_email_only_is_not_an_offline_alternative() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let p = app.get_json("/api/v1/procedures/schaerbeek-identity-card").await;
    let channels = p["channels"].as_array().unwrap();
    let appointment = channels.iter().find(|c| c["key"] == "appointment-thursday").unwrap();
    assert_eq!(appointment["booking"][0], "email");
    assert_eq!(appointment["offline_alternative"], false);
    assert_eq!(appointment["opening_hours"], "Th 08:00-13:00,15:00-19:00");
    assert_eq!(appointment["source"]["uncertain"], true);
    // An undated page: no fact date, the date it was read apart, and its marks.
    assert!(appointment["source"]["date"].is_null());
    assert!(appointment["source"]["age_years"].is_null());
    assert_eq!(appointment["source"]["read"], "2025");
    assert_eq!(appointment["source"]["marks"][0], "undated");
    assert_eq!(appointment["source"]["original_title"]["text"], "Vos démarches sur rendez-vous le jeudi");
    let counter = channels.iter().find(|c| c["key"] == "counter-without-appointment").unwrap();
    assert_eq!(counter["declared"]["state"], "restricted");
    // No source gives the counter's address: shown, "to verify", never an alternative.
    assert_eq!(counter["offline_alternative"], false);
    assert_eq!(counter["usable"], false);
    assert!(counter["to_verify"].as_array().unwrap().contains(&"address".into()));
    assert_eq!(
        (p["has_offline_alternative"].as_bool(), p["has_unverified_alternative"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(counter["location"]["name"]["nl"], "Gemeentehuis van Schaarbeek");
    assert!(counter["location"]["address"].is_null());
}

#[tokio::test]
async fn bad_parameters_and_unknown_slugs() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    app.assert_problem("/api/v1/procedures/nope", 404, None).await;
    app.assert_problem("/api/v1/procedures?channel=kiosk", 400, Some("channel")).await;
    app.assert_problem("/api/v1/procedures?offline=yes", 400, Some("offline")).await;
    app.assert_problem("/api/v1/procedures?institution=nope", 404, Some("institution")).await;
    app.assert_problem("/api/v1/procedures?commune=atlantis", 404, Some("commune")).await;
    // A malformed value with an unknown one: the 400 names both.
    app.assert_problem("/api/v1/procedures?commune=atlantis&offline=maybe", 400, Some("commune")).await;
    app.assert_problem("/api/v1/procedures?per_page=0", 400, Some("per_page")).await;
    app.assert_problem("/api/v1/procedures?per_page=100000", 400, Some("per_page")).await;
    let ok = app.get_json("/api/v1/procedures?per_page=100").await;
    assert_eq!(ok["per_page"], 100);
}
