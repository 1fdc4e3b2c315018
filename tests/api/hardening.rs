//! Issue 15's protections, each proven over HTTP: the security headers of every kind of response, timestamps with
//! their offset, strict JSON requests, 405 with `Allow`, and the server-signed tokens of the anonymous forms.

use crate::helpers::*;
use crate::observations::{channel_id, token};

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

async fn assert_problem(r: reqwest::Response, status: u16, field: Option<&str>) -> serde_json::Value {
    assert_eq!(r.status(), status);
    assert_eq!(header(&r, "content-type"), "application/problem+json");
    let problem: serde_json::Value = r.json().await.unwrap();
    assert_eq!(problem["status"], status, "{problem}");
    if let Some(field) = field {
        assert!(problem["errors"].as_array().unwrap().iter().any(|e| e["field"] == field), "{field}: {problem}");
    }
    problem
}

#[tokio::test]
async fn json_bodies_must_say_they_are_json_fit_the_limit_and_hold_each_key_once() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let id = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    let url = format!("{}/api/v1/complaints", app.address);
    let body = serde_json::json!({"channel_id": id, "problem": "no_answer", "description": "Personne."}).to_string();
    // What another website can make a browser send without asking: a form, text, or no type at all.
    for content_type in
        [None, Some("text/plain"), Some("application/x-www-form-urlencoded"), Some("multipart/form-data")]
    {
        let mut req = app.client.post(&url).body(body.clone());
        if let Some(t) = content_type {
            req = req.header("Content-Type", t);
        }
        assert_problem(req.send().await.unwrap(), 415, Some("Content-Type")).await;
    }
    let reporter = token(&db, "cpas-schaerbeek", guichet::domain::Role::Reporter, Some("schaerbeek"));
    let r = app
        .client
        .post(format!("{}/api/v1/observations", app.address))
        .bearer_auth(&reporter)
        .header("Content-Type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_problem(r, 415, Some("Content-Type")).await;
    let editor = token(&db, "region", guichet::domain::Role::Editor, None);
    let r = app
        .client
        .patch(format!("{url}/AAAA-BBBB-CCCC"))
        .bearer_auth(&editor)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("state=closed")
        .send()
        .await
        .unwrap();
    assert_problem(r, 415, Some("Content-Type")).await;

    // Too large: a problem document, not a bare 413.
    let huge = serde_json::json!({"channel_id": id, "problem": "no_answer", "description": "x".repeat(20_000)});
    assert_problem(app.client.post(&url).json(&huge).send().await.unwrap(), 413, Some("body")).await;

    // A key given twice is refused and named: which of the two would we honour?
    let twice = format!(r#"{{"channel_id": {id}, "problem": "no_answer", "description": "a", "description": "b"}}"#);
    let r = app.client.post(&url).header("Content-Type", "application/json").body(twice).send().await.unwrap();
    assert_problem(r, 400, Some("description")).await;
    // An unknown field too.
    let r = app
        .client
        .post(&url)
        .json(&serde_json::json!({"channel_id": id, "problem": "no_answer", "description": "a", "admin": true}))
        .send()
        .await
        .unwrap();
    assert_problem(r, 400, Some("admin")).await;

    // JSON with a charset parameter is JSON.
    let r = app
        .client
        .post(&url)
        .header("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
}

#[tokio::test]
async fn the_spec_declares_closed_request_bodies_and_their_bounds() {
    let spec: serde_json::Value = serde_json::from_str(&guichet::api::openapi_json()).unwrap();
    let schemas = &spec["components"]["schemas"];
    for name in ["ComplaintInput", "ComplaintUpdate", "ObservationInput"] {
        assert_eq!(schemas[name]["additionalProperties"], false, "{name}");
    }
    assert_eq!(schemas["ComplaintInput"]["properties"]["description"]["maxLength"], 2000);
    assert_eq!(schemas["ComplaintUpdate"]["properties"]["note"]["maxLength"], 2000);
    assert_eq!(schemas["ObservationInput"]["properties"]["comment"]["maxLength"], 500);
    for (path, method) in [("/api/v1/complaints", "post"), ("/api/v1/observations", "post")] {
        let responses = &spec["paths"][path][method]["responses"];
        for status in ["413", "415"] {
            assert!(responses[status].is_object(), "{method} {path} documents {status}");
        }
    }
}

#[tokio::test]
async fn a_known_path_asked_with_another_method_is_a_405_with_allow_and_head_is_answered_where_get_is() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let client = manual();
    for (method, path, allow) in [
        (reqwest::Method::DELETE, "/api/v1/procedures", "GET, HEAD, POST"),
        (reqwest::Method::POST, "/api/v1/procedures/schaerbeek-identity-card", "GET, HEAD, PUT, PATCH, DELETE"),
        (reqwest::Method::PUT, "/api/v1/complaints/AAAA-BBBB-CCCC", "GET, HEAD, PATCH"),
        (reqwest::Method::GET, "/api/v1/observations", "POST"),
        (reqwest::Method::GET, "/api/v1/complaints", "POST"),
    ] {
        let r = client.request(method.clone(), format!("{}{path}", app.address)).send().await.unwrap();
        assert_eq!(header(&r, "allow"), allow, "{method} {path}");
        assert_problem(r, 405, None).await;
    }
    let r = client.delete(format!("{}/api/v1/nothing-here", app.address)).send().await.unwrap();
    assert_problem(r, 404, None).await;

    for path in ["/api/v1/procedures", "/hsds/services", "/fr/", "/api/v1/exports/procedures.csv"] {
        let get = client.get(format!("{}{path}", app.address)).send().await.unwrap();
        let head = client.head(format!("{}{path}", app.address)).send().await.unwrap();
        assert_eq!(head.status(), 200, "HEAD {path}");
        assert_eq!(header(&head, "content-type"), header(&get, "content-type"), "HEAD {path}");
        assert_eq!(header(&head, "x-content-type-options"), "nosniff");
        assert!(head.bytes().await.unwrap().is_empty(), "HEAD {path} sends no body");
    }
}

fn set_cookie_pair(r: &reqwest::Response, name: &str) -> Option<String> {
    set_cookie(r, name).map(|c| cookie_pair(&c))
}

async fn post_complaint_form(app: &TestApp, cookie: &str, csrf: &str, channel: i64) -> u16 {
    let fields = [
        ("csrf", csrf.to_string()),
        ("channel_id", channel.to_string()),
        ("problem", "no_answer".to_string()),
        ("description", "Personne au guichet.".to_string()),
    ];
    let r = manual()
        .post(format!("{}/fr/complaints", app.address))
        .header("Cookie", format!("guichet_csrf={cookie}"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    r.status().as_u16()
}

#[tokio::test]
async fn anonymous_forms_accept_only_a_token_the_server_signed_for_the_cookie() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let id = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    // The attacker picks the pair (a cookie set through a sibling site, the same value in the form): refused.
    let chosen = "ab".repeat(32);
    assert_eq!(post_complaint_form(&app, &chosen, &chosen, id).await, 403);
    // A server-issued token for another visitor's cookie: refused.
    let r = manual().get(format!("{}/fr/complaints/new?channel={id}", app.address)).send().await.unwrap();
    let cookie = set_cookie_pair(&r, "guichet_csrf").unwrap().split_once('=').unwrap().1.to_string();
    let csrf = hidden(&r.text().await.unwrap(), "csrf");
    assert_ne!(csrf, cookie, "the form's token is not the cookie");
    assert_eq!(post_complaint_form(&app, &chosen, &csrf, id).await, 403);
    assert_eq!(post_complaint_form(&app, &cookie, &chosen, id).await, 403);
    // The pair the server issued: accepted, and still after a restart on the same database (the key is stored).
    assert_eq!(post_complaint_form(&app, &cookie, &csrf, id).await, 303);
    let again = spawn_on(&db, &fixture_catalog()).await;
    assert_eq!(post_complaint_form(&again, &cookie, &csrf, id).await, 303);
    // The sign-in form is checked the same way.
    let r = manual()
        .post(format!("{}/fr/signin", app.address))
        .header("Cookie", format!("guichet_csrf={chosen}"))
        .form(&[("csrf", chosen.as_str()), ("token", "gch_guess")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

#[tokio::test]
async fn the_form_key_comes_from_the_configuration_when_given() {
    let db = TestDb::new();
    let key = "k".repeat(40);
    let mut settings = settings(&db.url, &fixture_catalog());
    settings.form_key = Some(key.clone());
    let app = guichet::startup::Application::build(settings).await.unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let app = TestApp { address: address.clone(), client: reqwest::Client::new() };
    let id = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    let r = manual().get(format!("{address}/fr/complaints/new?channel={id}")).send().await.unwrap();
    let cookie = set_cookie_pair(&r, "guichet_csrf").unwrap().split_once('=').unwrap().1.to_string();
    let csrf = hidden(&r.text().await.unwrap(), "csrf");
    assert_eq!(csrf, guichet::app::state::form_token(key.as_bytes(), &cookie));
}
