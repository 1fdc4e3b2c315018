//! Issue 15's protections, each proven over HTTP: the security headers of every kind of response, timestamps with
//! their offset, strict JSON requests, 405 with `Allow`, and the server-signed tokens of the anonymous forms.

use crate::helpers::*;
use crate::observations::{channel_id, token};

fn manual() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

fn header(r: &reqwest::Response, name: &str) -> String {
    r.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let id = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    let reporter = token(&db, "cpas-schaerbeek", guichet::domain::Role::Reporter, Some("schaerbeek"));
    let api = "default-src 'none'; frame-ancestors 'none'";
    // (path, bearer token, expected CSP start, must not be stored)
    let cases: Vec<(String, Option<&str>, &str, bool)> = vec![
        ("/api/v1/procedures".into(), None, api, false),
        (format!("/api/v1/channels/{id}"), None, api, false),
        ("/api/v1/procedures?page=0".into(), None, api, false),
        ("/api/v1/nothing-here".into(), None, api, false),
        ("/wp-admin/setup.php".into(), None, api, false),
        ("/api/v1/exports/procedures.csv".into(), None, api, false),
        ("/api/v1/exports/channels.geojson".into(), None, api, false),
        ("/api/v1/feeds/changes.atom".into(), None, api, false),
        ("/hsds/services".into(), None, api, false),
        ("/openapi.json".into(), None, api, false),
        ("/healthz".into(), None, api, false),
        ("/docs".into(), None, "default-src 'none'; script-src 'self'", false),
        ("/docs/".into(), None, "default-src 'none'; script-src 'self'", false),
        ("/docs/swagger-ui.css".into(), None, "default-src 'none'; script-src 'self'", false),
        ("/api/v1/complaints/AAAA-BBBB-CCCC".into(), None, api, true),
        ("/api/v1/stats/monitoring".into(), Some(reporter.as_str()), api, true),
        ("/fr/".into(), None, "default-src 'none'; style-src 'self'", false),
        ("/fr/procedures/no-such-procedure".into(), None, "default-src 'none'; style-src 'self'", false),
        ("/fr/complaints/new".into(), None, "default-src 'none'; style-src 'self'", true),
        ("/fr/complaints/AAAA-BBBB-CCCC".into(), None, "default-src 'none'; style-src 'self'", true),
        ("/fr/signin".into(), None, "default-src 'none'; style-src 'self'", true),
        ("/".into(), None, api, false),
    ];
    let client = manual();
    for (path, bearer, csp, no_store) in cases {
        let mut req = client.get(format!("{}{path}", app.address));
        if let Some(t) = bearer {
            req = req.bearer_auth(t);
        }
        let r = req.send().await.unwrap();
        assert!(header(&r, "content-security-policy").starts_with(csp), "{path}: CSP {:?}", r.headers());
        assert!(header(&r, "content-security-policy").contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(header(&r, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header(&r, "x-frame-options"), "DENY", "{path}");
        assert!(["no-referrer", "same-origin"].contains(&header(&r, "referrer-policy").as_str()), "{path}");
        if no_store {
            assert_eq!(header(&r, "cache-control"), "no-store", "{path} ({})", r.status());
        } else {
            assert_ne!(header(&r, "cache-control"), "no-store", "{path}: only what must not be stored");
        }
    }
}

/// Every string of a JSON document that looks like a date-time (`YYYY-MM-DDThh:mm…`) and is not RFC 3339 with an
/// offset.
fn timestamps_without_offset(value: &serde_json::Value, at: &str, found: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => {
            let b = s.as_bytes();
            let looks = b.len() >= 16
                && b[..4].iter().all(u8::is_ascii_digit)
                && b[4] == b'-'
                && b[7] == b'-'
                && b[10] == b'T'
                && b[13] == b':';
            if looks && chrono::DateTime::parse_from_rfc3339(s).is_err() {
                found.push(format!("{at}: {s}"));
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                timestamps_without_offset(v, &format!("{at}[{i}]"), found);
            }
        }
        serde_json::Value::Object(fields) => {
            for (k, v) in fields {
                timestamps_without_offset(v, &format!("{at}.{k}"), found);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn every_timestamp_in_responses_is_rfc3339_with_an_offset() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let id = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    let reporter = token(&db, "cpas-schaerbeek", guichet::domain::Role::Reporter, Some("schaerbeek"));
    let mut documents: Vec<(String, serde_json::Value)> = Vec::new();
    for _ in 0..3 {
        let r = crate::observations::post(
            &app,
            Some(&reporter),
            &serde_json::json!({"channel_id": id, "occurred_at": chrono::Utc::now().to_rfc3339(),
                "outcome": "not_completed", "minutes_spent": 20, "on_behalf": true, "failure_reason": "no_answer"}),
            None,
        )
        .await;
        assert_eq!(r.status(), 201);
        documents.push(("POST /api/v1/observations".into(), r.json().await.unwrap()));
    }
    let r = app
        .client
        .post(format!("{}/api/v1/complaints", app.address))
        .json(&serde_json::json!({"channel_id": id, "problem": "no_answer", "description": "Personne au guichet."}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let complaint: serde_json::Value = r.json().await.unwrap();
    let code = complaint["tracking_code"].as_str().unwrap().to_string();
    documents.push(("POST /api/v1/complaints".into(), complaint));
    let service = app.get_json("/hsds/services").await["contents"][0]["id"].as_str().unwrap().to_string();
    for path in [
        "/api/v1/procedures/schaerbeek-identity-card".to_string(),
        "/api/v1/procedures".into(),
        "/api/v1/institutions/commune-schaerbeek".into(),
        "/api/v1/institutions".into(),
        format!("/api/v1/channels/{id}"),
        format!("/api/v1/channels/{id}/history"),
        format!("/api/v1/complaints/{code}"),
        "/api/v1/orientation?need=schaerbeek-identity-card&postcode=1030".into(),
        "/readyz".into(),
        "/hsds/services".into(),
        format!("/hsds/services/{service}"),
        "/hsds/organizations".into(),
    ] {
        documents.push((path.clone(), app.get_json(&path).await));
    }
    let mut found = Vec::new();
    let mut seen = 0;
    for (at, doc) in &documents {
        timestamps_without_offset(doc, at, &mut found);
        seen += doc.to_string().matches("Z\"").count();
    }
    assert!(seen > 10, "the documents hold timestamps to check");
    assert!(found.is_empty(), "timestamps without an offset: {found:#?}");
}
