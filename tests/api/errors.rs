use crate::helpers::*;

#[tokio::test]
async fn unknown_route_is_a_404_problem() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    app.assert_problem("/api/v1/nothing-here", 404, None).await;
    app.assert_problem("/wp-admin/setup.php", 404, None).await;
}

#[tokio::test]
async fn malformed_query_strings_and_hostile_values_are_400s() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let long = "a".repeat(201);
    app.assert_problem(&format!("/api/v1/procedures?q={long}"), 400, Some("q")).await;
    app.assert_problem("/api/v1/procedures?page=1&page=2", 400, Some("page")).await;
    app.assert_problem("/api/v1/procedures?per_page=-1", 400, Some("per_page")).await;
    app.assert_problem("/api/v1/procedures?page=99999999999999999999", 400, Some("page")).await;
    // Well-formed, naming no institution: a 404 naming the parameter.
    app.assert_problem("/api/v1/procedures?institution=%27%20OR%201%3D1--", 404, Some("institution")).await;
    // Several bad parameters are all named at once.
    let problem = app.assert_problem("/api/v1/procedures?channel=kiosk&offline=maybe", 400, Some("channel")).await;
    assert!(problem["errors"].as_array().unwrap().iter().any(|e| e["field"] == "offline"), "{problem}");
}

#[tokio::test]
async fn a_search_for_sql_or_markup_finds_nothing_and_breaks_nothing() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    for q in ["%27%3B%20DROP%20TABLE%20procedures%3B--", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"] {
        let page = app.get_json(&format!("/api/v1/procedures?q={q}")).await;
        assert_eq!(page["total"], 0, "{q}");
    }
    // Punctuation alone holds no word to search for: the filter is ignored, as if `q` were absent.
    for q in ["%25", "%00", "%27%27"] {
        assert_eq!(app.get_json(&format!("/api/v1/procedures?q={q}")).await["total"], 2, "{q}");
    }
    assert_eq!(app.get_json("/api/v1/procedures").await["total"], 2);
}
