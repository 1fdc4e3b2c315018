use crate::helpers::*;

#[tokio::test]
async fn lists_institutions_with_paging_envelope() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let page = app.get_json("/api/v1/institutions").await;
    assert_eq!(page["total"], 2);
    assert_eq!(page["page"], 1);
    assert_eq!(page["per_page"], 20);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);

    let second = app.get_json("/api/v1/institutions?per_page=1&page=2").await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["total"], 2);
    let beyond = app.get_json("/api/v1/institutions?per_page=1&page=3").await;
    assert_eq!(beyond["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn filters_by_level_commune_and_words() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let communes = app.get_json("/api/v1/institutions?level=commune").await;
    assert_eq!(communes["total"], 1);
    assert_eq!(communes["items"][0]["slug"], "commune-schaerbeek");
    assert_eq!(communes["items"][0]["commune"]["postcodes"][0], "1030");

    // Saint-Gilles residents are served by the community body, not by Schaerbeek.
    let saint_gilles = app.get_json("/api/v1/institutions?commune=saint-gilles").await;
    let slugs: Vec<&str> =
        saint_gilles["items"].as_array().unwrap().iter().map(|i| i["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, ["fwb-allocations-etudes"]);

    let found = app.get_json("/api/v1/institutions?q=SCHAARBEEK").await;
    assert_eq!(found["total"], 1);
}

#[tokio::test]
async fn detail_embeds_procedures_and_source() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let inst = app.get_json("/api/v1/institutions/commune-schaerbeek").await;
    assert_eq!(inst["name"]["fr"], "Commune de Schaerbeek");
    assert_eq!(inst["name"]["nl"], "Gemeente Schaarbeek");
    assert!(inst["name"]["en"].is_null());
    assert_eq!(inst["procedures"][0]["slug"], "schaerbeek-identity-card");
    assert_eq!(inst["source"]["key"], "facts-communes");
    assert_eq!(inst["source"]["uncertain"], true);
    assert_eq!(inst["source"]["date"], "2022");
}

#[tokio::test]
async fn bad_parameters_and_unknown_slugs() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    app.assert_problem("/api/v1/institutions/nope", 404, None).await;
    app.assert_problem("/api/v1/institutions?level=kingdom", 400, Some("level")).await;
    app.assert_problem("/api/v1/institutions?commune=atlantis", 404, Some("commune")).await;
    app.assert_problem("/api/v1/institutions?per_page=0", 400, Some("per_page")).await;
    app.assert_problem("/api/v1/institutions?per_page=100000", 400, Some("per_page")).await;
    app.assert_problem("/api/v1/institutions?page=0", 400, Some("page")).await;
    app.assert_problem("/api/v1/institutions?page=abc", 400, Some("page")).await;
}
