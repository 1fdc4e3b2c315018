//! Every export parses back: CSV as a spreadsheet would read it, GeoJSON as RFC 7946 says.

use crate::helpers::*;
use crate::observations::{post, token};
use serde_json::{Value, json};

async fn csv_rows(app: &TestApp, path: &str) -> (Vec<String>, Vec<csv::StringRecord>) {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 byte-order mark for spreadsheets");
    assert!(std::str::from_utf8(&bytes).is_ok());
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let header = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows = reader.records().map(|r| r.expect("a well-formed record")).collect();
    (header, rows)
}

#[tokio::test]
async fn csv_exports_parse_back_with_every_row() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let ready = app.get_json("/readyz").await;

    let (header, rows) = csv_rows(&app, "/api/v1/exports/procedures.csv").await;
    assert_eq!(header[..3], ["slug", "name_fr", "name_nl"]);
    assert_eq!(rows.len() as u64, ready["procedures"].as_u64().unwrap());
    let grant = rows.iter().find(|r| &r[0] == "fwb-study-grant").unwrap();
    assert!(grant[1].contains("études"), "accents survive: {grant:?}");

    let (header, rows) = csv_rows(&app, "/api/v1/exports/channels.csv").await;
    assert_eq!(header.len(), 30);
    assert_eq!(rows.len() as u64, ready["channels"].as_u64().unwrap());
    assert!(rows.iter().all(|r| r.len() == 30));
    // Notes with commas and quotes stay in one cell.
    assert!(rows.iter().any(|r| r[27].contains(',') || r[26].contains(',')));

    let (header, rows) = csv_rows(&app, "/api/v1/exports/gaps.csv").await;
    assert_eq!(
        header,
        ["procedure", "institution", "institution_level", "rule", "status", "declared", "observed", "findings"]
    );
    let total = app.get_json("/api/v1/gaps?per_page=1").await["total"].as_u64().unwrap();
    assert_eq!(rows.len() as u64, total);
    assert!(rows.iter().all(|r| matches!(&r[4], "non_compliant" | "compliant_on_paper_only")));
}

#[tokio::test]
async fn the_monitoring_export_holds_aggregates_only() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let t = token(&db, "CPAS", guichet::domain::Role::Reporter, Some("schaerbeek"));
    let p = app.get_json("/api/v1/procedures/fwb-study-grant").await;
    let phone = p["channels"].as_array().unwrap().iter().find(|c| c["key"] == "phone").unwrap()["id"].clone();
    let body = json!({"channel_id": phone, "occurred_at": "2022-09-20T09:00:00Z", "outcome": "not_completed",
        "minutes_spent": 24, "on_behalf": true, "failure_reason": "line_saturated", "comment": "SECRET-COMMENT-TEXT"});
    assert_eq!(post(&app, Some(&t), &body, None).await.status(), 201);
    let complaint = json!({"channel_id": phone, "problem": "line_saturated", "description": "SECRET-COMPLAINT", "email": "hidden@example.org"});
    app.client.post(format!("{}/api/v1/complaints", app.address)).json(&complaint).send().await.unwrap();

    let (header, rows) = csv_rows(&app, "/api/v1/exports/monitoring.csv?commune=schaerbeek").await;
    assert_eq!(header, ["dimension", "key", "count", "share", "value"]);
    assert_eq!(&rows[0][0], "total");
    assert_eq!(&rows[0][2], "1");
    assert!(rows.iter().any(|r| &r[0] == "failure_reason" && &r[1] == "line_saturated"));
    for path in [
        "/api/v1/exports/monitoring.csv",
        "/api/v1/exports/channels.csv",
        "/api/v1/exports/gaps.csv",
        "/api/v1/exports/procedures.csv",
    ] {
        let text = app.get(path).await.text().await.unwrap();
        for secret in ["SECRET-COMMENT-TEXT", "SECRET-COMPLAINT", "hidden@example.org"] {
            assert!(!text.contains(secret), "{path} leaks {secret}");
        }
    }
    app.assert_problem("/api/v1/exports/monitoring.csv?from=yesterday", 400, Some("from")).await;
}

#[tokio::test]
async fn geojson_exports_are_valid_feature_collections() {
    // A copy of the fixture whose location is given test coordinates (test data, not a fact).
    let dir = catalog_copy(&fixture_catalog());
    let file = dir.path().join("institutions/commune-schaerbeek.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen(
            "commune = \"schaerbeek\"\nsource = \"seed-002\"",
            "commune = \"schaerbeek\"\nlat = 50.8676\nlon = 4.3737\nsource = \"seed-002\"",
            1,
        ),
    )
    .unwrap();
    let db = TestDb::new();
    let app = spawn_on(&db, dir.path()).await;
    let response = app.get("/api/v1/exports/channels.geojson").await;
    assert_eq!(response.headers()["content-type"], "application/geo+json");
    let doc: Value = response.json().await.unwrap();
    assert_eq!(doc["type"], "FeatureCollection");
    let features = doc["features"].as_array().unwrap();
    assert_eq!(features.len(), 2, "the two channels at the town hall");
    for f in features {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"]["type"], "Point");
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        assert_eq!((c[0].as_f64().unwrap(), c[1].as_f64().unwrap()), (4.3737, 50.8676), "longitude first");
        assert!(f["properties"]["channel_id"].is_i64());
    }
    let gaps: Value = app.get("/api/v1/exports/gaps.geojson").await.json().await.unwrap();
    assert_eq!(gaps["type"], "FeatureCollection");
    assert!(gaps["features"].is_array());
}

#[tokio::test]
async fn the_shipped_channels_geojson_has_a_point_for_every_sourced_position_and_no_other() {
    let app = spawn_on(&TestDb::new(), &shipped_catalog()).await;
    let catalog = guichet::import::load_catalog(&shipped_catalog()).unwrap();
    let located: std::collections::HashMap<&str, (f64, f64)> = catalog
        .institutions
        .iter()
        .flat_map(|i| i.locations.iter())
        .filter_map(|l| Some((l.key.as_str(), (l.lon?, l.lat?))))
        .collect();
    assert!(!located.is_empty(), "the fact sheet gives the position of some buildings");
    let expected =
        catalog.channels().filter(|(_, _, c)| c.location.as_deref().is_some_and(|l| located.contains_key(l))).count();
    let doc: Value = app.get("/api/v1/exports/channels.geojson").await.json().await.unwrap();
    let features = doc["features"].as_array().unwrap();
    assert_eq!(features.len(), expected);
    assert!(expected > 0, "a located place has channels");
    let positions: Vec<(f64, f64)> = located.values().copied().collect();
    for f in features {
        let c = &f["geometry"]["coordinates"];
        let point = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!(positions.contains(&point), "{point:?} is a sourced position");
        // Brussels: longitude about 4.2–4.5, latitude about 50.75–50.92 (longitude first).
        assert!((4.2..4.5).contains(&point.0) && (50.75..50.92).contains(&point.1), "{point:?}");
    }
}
