use crate::helpers::*;

#[tokio::test]
async fn served_openapi_equals_the_committed_file() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let served = app.get("/openapi.json").await.text().await.unwrap();
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json")).unwrap_or_default();
    assert!(
        served == committed,
        "openapi/openapi.json is out of date: regenerate it with `cargo run -q -- openapi > openapi/openapi.json`"
    );
    let doc: serde_json::Value = serde_json::from_str(&served).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/v1/procedures",
        "/api/v1/procedures/{slug}",
        "/api/v1/institutions",
        "/api/v1/channels/{id}/history",
        "/readyz",
        "/api/v1/orientation",
        "/api/v1/observations",
        "/api/v1/stats/monitoring",
        "/api/v1/complaints",
        "/api/v1/gaps",
        "/api/v1/editions/{label}/diff/{other}",
        "/api/v1/exports/channels.csv",
        "/api/v1/feeds/changes.atom",
        "/hsds/services/{id}",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} not documented");
    }
}

#[tokio::test]
async fn interactive_docs_are_served_from_the_binary() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let page = app.get("/docs/").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    assert!(!html.contains("cdn"), "docs must not load from a CDN");
    let bundle = app.get("/docs/swagger-ui-bundle.js").await;
    assert_eq!(bundle.status(), 200);
    let init = app.get("/docs/swagger-initializer.js").await.text().await.unwrap();
    assert!(init.contains("/openapi.json"), "{init}");
}
