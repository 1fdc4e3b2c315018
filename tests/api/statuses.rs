//! Every documented status is real and every real status is documented: the committed `openapi/openapi.json` is
//! read, every (operation, documented status) pair must have a request in the table below (or a commented entry in
//! `ELSEWHERE`), each request must get exactly its status from the running app, and no request of the table may
//! get a status its operation does not document.

use crate::helpers::*;
use crate::observations::token;
use crate::statuses_records::RECORD_OPERATIONS;
use crate::statuses_writes::WRITE_OPERATIONS;
use guichet::domain::Role;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Pairs no request of this test can provoke, each with the test that does.
const ELSEWHERE: &[(&str, &str, u16, &str)] = &[
    // The database gone: tests/api/outage.rs cuts a PostgreSQL database under a running app (readyz,
    // observations; the other operations share `AppError::Unavailable` → 503 through `store::blocking`).
    ("GET", "/readyz", 503, "outage.rs"),
    ("POST", "/api/v1/observations", 503, "outage.rs"),
    ("POST", "/api/v1/complaints", 503, "outage.rs (same store::blocking path)"),
    ("GET", "/api/v1/complaints/{tracking_code}", 503, "outage.rs (same path)"),
    ("PATCH", "/api/v1/complaints/{tracking_code}", 503, "outage.rs (same path)"),
    ("GET", "/api/v1/editions", 503, "outage.rs (same path)"),
    ("GET", "/api/v1/editions/{label}", 503, "outage.rs (same path)"),
    ("GET", "/api/v1/editions/{label}/diff/{other}", 503, "outage.rs (same path)"),
    ("GET", "/api/v1/feeds/changes.atom", 503, "outage.rs (same path)"),
    ("GET", "/api/v1/reporters", 503, "outage.rs (same path: the token is looked up)"),
    ("POST", "/api/v1/reporters", 503, "outage.rs (same path)"),
    ("DELETE", "/api/v1/reporters/{id}", 503, "outage.rs (same path)"),
    // The per-address limit would count the table's complaints: its own test below.
    ("POST", "/api/v1/complaints", 429, "complaints_beyond_the_limit_get_the_documented_429 (and complaints.rs)"),
    ("POST", "/api/v1/reporters/{id}/links", 503, "outage.rs (same path)"),
    ("GET", "/api/v1/editors", 503, "outage.rs (same path: the token is looked up)"),
    ("POST", "/api/v1/editors", 503, "outage.rs (same path)"),
    ("DELETE", "/api/v1/editors/{id}", 503, "outage.rs (same path)"),
    ("POST", "/api/v1/editors/{id}/links", 503, "outage.rs (same path)"),
    ("GET", "/api/v1/channels/{id}/probes", 503, "outage.rs (same store::blocking path)"),
];

pub enum Body {
    Json(Value),
    Raw(&'static str, Vec<u8>),
}

pub struct Call {
    pub method: &'static str,
    /// The operation's path as the spec writes it.
    pub op: &'static str,
    pub status: u16,
    pub path: String,
    pub token: Option<String>,
    pub body: Option<Body>,
    pub headers: Vec<(&'static str, String)>,
}

pub fn call(method: &'static str, op: &'static str, status: u16, path: impl Into<String>) -> Call {
    Call { method, op, status, path: path.into(), token: None, body: None, headers: Vec::new() }
}

impl Call {
    pub fn token(mut self, t: &str) -> Call {
        self.token = Some(t.to_string());
        self
    }
    pub fn json(mut self, v: Value) -> Call {
        self.body = Some(Body::Json(v));
        self
    }
    pub fn raw(mut self, content_type: &'static str, bytes: impl Into<Vec<u8>>) -> Call {
        self.body = Some(Body::Raw(content_type, bytes.into()));
        self
    }
    pub fn header(mut self, name: &'static str, value: &str) -> Call {
        self.headers.push((name, value.to_string()));
        self
    }
}

pub fn documented() -> BTreeSet<(String, String, u16)> {
    let spec: Value =
        serde_json::from_str(include_str!("../../openapi/openapi.json")).expect("the committed spec is JSON");
    let mut pairs = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("a path item") {
            for status in op["responses"].as_object().expect("responses").keys() {
                let status: u16 = status.parse().expect("a numeric status");
                pairs.insert((method.to_uppercase(), path.clone(), status));
            }
        }
    }
    pairs
}

#[tokio::test]
async fn every_documented_status_is_real_and_every_real_status_is_documented() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let reporter = token(&db, "statuses reporter", Role::Reporter, Some("schaerbeek"));
    let editor = token(&db, "statuses editor", Role::Editor, Some("schaerbeek"));
    let admin = token(&db, "statuses admin", Role::Admin, None);
    let published = std::process::Command::new(env!("CARGO_BIN_EXE_guichet"))
        .args(["editions", "publish", "2026-Q4"])
        .env("GUICHET_DATABASE_URL", &db.url)
        .env("GUICHET_CATALOG", shipped_catalog())
        .env("GUICHET_LOG", "warn")
        .output()
        .unwrap();
    assert!(published.status.success(), "{}", String::from_utf8_lossy(&published.stderr));

    // What the catalog has, read from the API itself.
    let procedure =
        app.get_json("/api/v1/procedures?per_page=1").await["items"][0]["slug"].as_str().unwrap().to_string();
    let channel = app.get_json(&format!("/api/v1/procedures/{procedure}")).await["channels"][0]["id"].as_i64().unwrap();
    let institution =
        app.get_json("/api/v1/institutions?per_page=1").await["items"][0]["slug"].as_str().unwrap().to_string();
    let rule = app.get_json("/api/v1/rules").await[0]["id"].as_str().unwrap().to_string();
    let hsds_id = |v: Value| v["contents"][0]["id"].as_str().unwrap().to_string();
    let service = hsds_id(app.get_json("/hsds/services?per_page=1").await);
    let organization = hsds_id(app.get_json("/hsds/organizations?per_page=1").await);
    let service_at_location = hsds_id(app.get_json("/hsds/service_at_locations?per_page=1").await);
    let complaint = json!({"procedure": procedure, "problem": "no_answer", "description": "Pas de réponse."});
    let filed = app.client.post(format!("{}/api/v1/complaints", app.address)).json(&complaint).send().await.unwrap();
    assert_eq!(filed.status(), 201);
    let code = filed.json::<Value>().await.unwrap()["tracking_code"].as_str().unwrap().to_string();
    let new_reporter = |name: &str| json!({"user_name": name, "display_name": "Amina B."});
    let created = app
        .client
        .post(format!("{}/api/v1/reporters", app.address))
        .bearer_auth(&admin)
        .json(&new_reporter("amina.b"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let reporter_id = created.json::<Value>().await.unwrap()["reporter"]["id"].to_string();
    let new_editor = |name: &str, institution: &str| json!({"user_name": name, "display_name": "Léa V.", "institutions": [institution]});
    let created = app
        .client
        .post(format!("{}/api/v1/editors", app.address))
        .bearer_auth(&admin)
        .json(&new_editor("lea.v", &institution))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let editor_id = created.json::<Value>().await.unwrap()["editor"]["id"].to_string();
    let observation = json!({"channel_id": channel, "occurred_at": (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339(),
        "outcome": "completed", "minutes_spent": 10, "on_behalf": false});
    let mut other_observation = observation.clone();
    other_observation["minutes_spent"] = json!(11);
    let big = vec![b' '; 17 * 1024];
    let unknown_code = "ZZZZ-ZZZZ-ZZZZ";

    let calls = vec![
        call("GET", "/api/v1/channels/{id}", 200, format!("/api/v1/channels/{channel}")),
        call("GET", "/api/v1/channels/{id}", 400, "/api/v1/channels/abc"),
        call("GET", "/api/v1/channels/{id}", 404, "/api/v1/channels/999999"),
        call("GET", "/api/v1/channels/{id}/history", 200, format!("/api/v1/channels/{channel}/history")),
        call("GET", "/api/v1/channels/{id}/history", 400, "/api/v1/channels/0/history"),
        call("GET", "/api/v1/channels/{id}/history", 404, "/api/v1/channels/999999/history"),
        call("GET", "/api/v1/channels/{id}/probes", 200, format!("/api/v1/channels/{channel}/probes?limit=5")),
        call("GET", "/api/v1/channels/{id}/probes", 400, format!("/api/v1/channels/{channel}/probes?limit=0")),
        call("GET", "/api/v1/channels/{id}/probes", 404, "/api/v1/channels/999999/probes"),
        call("GET", "/api/v1/channels/{id}/reachability", 200, format!("/api/v1/channels/{channel}/reachability?by=hour_of_week")),
        call("GET", "/api/v1/channels/{id}/reachability", 400, format!("/api/v1/channels/{channel}/reachability?by=day")),
        call("GET", "/api/v1/channels/{id}/reachability", 404, "/api/v1/channels/999999/reachability"),
        call("POST", "/api/v1/complaints", 201, "/api/v1/complaints").json(complaint.clone()),
        call("POST", "/api/v1/complaints", 400, "/api/v1/complaints").json(json!({"procedure": procedure, "problem": "other", "description": "x", "extra": 1})),
        call("POST", "/api/v1/complaints", 413, "/api/v1/complaints").raw("application/json", big.clone()),
        call("POST", "/api/v1/complaints", 415, "/api/v1/complaints").raw("text/plain", complaint.to_string()),
        call("POST", "/api/v1/complaints", 422, "/api/v1/complaints").json(json!({"procedure": "nope", "problem": "other", "description": "x"})),
        call("GET", "/api/v1/complaints/{tracking_code}", 200, format!("/api/v1/complaints/{code}")),
        call("GET", "/api/v1/complaints/{tracking_code}", 400, "/api/v1/complaints/abc"),
        call("GET", "/api/v1/complaints/{tracking_code}", 404, format!("/api/v1/complaints/{unknown_code}")),
        call("PATCH", "/api/v1/complaints/{tracking_code}", 200, format!("/api/v1/complaints/{code}")).token(&editor).json(json!({"state": "forwarded"})),
        call("PATCH", "/api/v1/complaints/{tracking_code}", 400, format!("/api/v1/complaints/{code}")).token(&editor).json(json!({"state": "closed", "mood": "sad"})),
        call("PATCH", "/api/v1/complaints/{tracking_code}", 401, format!("/api/v1/complaints/{code}")).json(json!({"state": "closed"})),
        call("PATCH", "/api/v1/complaints/{tracking_code}", 403, format!("/api/v1/complaints/{code}")).token(&reporter).json(json!({"state": "closed"})),
        call("PATCH", "/api/v1/complaints/{tracking_code}", 404, format!("/api/v1/complaints/{unknown_code}")).token(&editor).json(json!({"state": "closed"})),
        call("PATCH", "/api/v1/complaints/{tracking_code}", 413, format!("/api/v1/complaints/{code}")).token(&editor).raw("application/json", big.clone()),
        call("PATCH", "/api/v1/complaints/{tracking_code}", 415, format!("/api/v1/complaints/{code}")).token(&editor).raw("application/x-www-form-urlencoded", "state=closed"),
        call("PATCH", "/api/v1/complaints/{tracking_code}", 422, format!("/api/v1/complaints/{code}")).token(&editor).json(json!({"state": "reopened"})),
        call("GET", "/api/v1/editions", 200, "/api/v1/editions"),
        call("GET", "/api/v1/editions/{label}", 200, "/api/v1/editions/2026-Q4"),
        call("GET", "/api/v1/editions/{label}", 400, "/api/v1/editions/a%20b"),
        call("GET", "/api/v1/editions/{label}", 404, "/api/v1/editions/1999-Q1"),
        call("GET", "/api/v1/editions/{label}/diff/{other}", 200, "/api/v1/editions/2026-Q4/diff/2026-Q4"),
        call("GET", "/api/v1/editions/{label}/diff/{other}", 400, "/api/v1/editions/2026-Q4/diff/a%20b"),
        call("GET", "/api/v1/editions/{label}/diff/{other}", 404, "/api/v1/editions/2026-Q4/diff/1999-Q1"),
        call("GET", "/api/v1/exports/channels.csv", 200, "/api/v1/exports/channels.csv"),
        call("GET", "/api/v1/exports/channels.geojson", 200, "/api/v1/exports/channels.geojson"),
        call("GET", "/api/v1/exports/gaps.csv", 200, "/api/v1/exports/gaps.csv"),
        call("GET", "/api/v1/exports/gaps.geojson", 200, "/api/v1/exports/gaps.geojson"),
        call("GET", "/api/v1/exports/procedures.csv", 200, "/api/v1/exports/procedures.csv"),
        call("GET", "/api/v1/exports/monitoring.csv", 200, "/api/v1/exports/monitoring.csv?from=2026-01-01"),
        call("GET", "/api/v1/exports/monitoring.csv", 400, "/api/v1/exports/monitoring.csv?from=yesterday"),
        call("GET", "/api/v1/exports/monitoring.csv", 404, "/api/v1/exports/monitoring.csv?commune=atlantis"),
        call("GET", "/api/v1/exports/monitoring.csv", 422, "/api/v1/exports/monitoring.csv?from=2026-02-01&to=2026-01-01"),
        call("GET", "/api/v1/stats/monitoring", 200, "/api/v1/stats/monitoring?to=2026-12-31"),
        call("GET", "/api/v1/stats/monitoring", 400, "/api/v1/stats/monitoring?level=galactic"),
        call("GET", "/api/v1/stats/monitoring", 404, "/api/v1/stats/monitoring?institution=atlantis"),
        call("GET", "/api/v1/stats/monitoring", 422, "/api/v1/stats/monitoring?from=2026-02-01T00:00:00Z&to=2026-01-01"),
        call("GET", "/api/v1/feeds/changes.atom", 200, "/api/v1/feeds/changes.atom"),
        call("GET", "/api/v1/feeds/changes.atom", 400, "/api/v1/feeds/changes.atom?level="),
        call("GET", "/api/v1/feeds/changes.atom", 404, "/api/v1/feeds/changes.atom?commune=atlantis"),
        call("GET", "/api/v1/gaps", 200, format!("/api/v1/gaps?rule={rule}")),
        call("GET", "/api/v1/gaps", 400, "/api/v1/gaps?per_page=101"),
        call("GET", "/api/v1/gaps", 404, "/api/v1/gaps?rule=no-such-rule"),
        call("GET", "/api/v1/gaps/summary", 200, "/api/v1/gaps/summary?basis=declared"),
        call("GET", "/api/v1/gaps/summary", 400, "/api/v1/gaps/summary?basis=hearsay"),
        call("GET", "/api/v1/gaps/summary", 404, "/api/v1/gaps/summary?institution=atlantis"),
        call("GET", "/api/v1/institutions", 200, "/api/v1/institutions?commune=schaerbeek"),
        call("GET", "/api/v1/institutions", 400, "/api/v1/institutions?page=1000001"),
        call("GET", "/api/v1/institutions", 404, "/api/v1/institutions?commune=atlantis"),
        call("GET", "/api/v1/institutions/{slug}", 200, format!("/api/v1/institutions/{institution}")),
        call("GET", "/api/v1/institutions/{slug}", 404, "/api/v1/institutions/atlantis"),
        call("POST", "/api/v1/observations", 201, "/api/v1/observations").token(&reporter).json(observation.clone()).header("Idempotency-Key", "statuses-1"),
        call("POST", "/api/v1/observations", 400, "/api/v1/observations").token(&reporter).json(observation.clone()).header("Idempotency-Key", "a key with spaces"),
        call("POST", "/api/v1/observations", 401, "/api/v1/observations").json(observation.clone()),
        call("POST", "/api/v1/observations", 409, "/api/v1/observations").token(&reporter).json(other_observation).header("Idempotency-Key", "statuses-1"),
        call("POST", "/api/v1/observations", 413, "/api/v1/observations").token(&reporter).raw("application/json", big.clone()),
        call("POST", "/api/v1/observations", 415, "/api/v1/observations").token(&reporter).raw("text/plain", observation.to_string()),
        call("POST", "/api/v1/observations", 422, "/api/v1/observations").token(&reporter).json(json!({"channel_id": channel, "occurred_at": "1999-12-31T23:00:00Z", "outcome": "completed", "minutes_spent": 10, "on_behalf": false})),
        call("GET", "/api/v1/orientation", 200, format!("/api/v1/orientation?need={procedure}&postcode=1030&lang=fr&limit=5")),
        call("GET", "/api/v1/orientation", 400, format!("/api/v1/orientation?need={procedure}&limit=51")),
        call("GET", "/api/v1/orientation", 404, format!("/api/v1/orientation?need={procedure}&lang=klingon")),
        call("GET", "/api/v1/orientation", 422, format!("/api/v1/orientation?need={procedure}&postcode=1030&commune=saint-gilles")),
        call("GET", "/api/v1/procedures", 200, "/api/v1/procedures?offline=true"),
        call("GET", "/api/v1/procedures", 400, "/api/v1/procedures?channel=pigeon"),
        call("GET", "/api/v1/procedures", 404, "/api/v1/procedures?institution=atlantis"),
        call("GET", "/api/v1/procedures/{slug}", 200, format!("/api/v1/procedures/{procedure}")),
        call("GET", "/api/v1/procedures/{slug}", 404, "/api/v1/procedures/atlantis"),
        call("GET", "/api/v1/quality", 200, "/api/v1/quality"),
        call("GET", "/api/v1/rules", 200, "/api/v1/rules"),
        call("GET", "/api/v1/reporters", 200, "/api/v1/reporters").token(&admin),
        call("GET", "/api/v1/reporters", 400, "/api/v1/reporters?per_page=0").token(&admin),
        call("GET", "/api/v1/reporters", 401, "/api/v1/reporters"),
        call("GET", "/api/v1/reporters", 403, "/api/v1/reporters").token(&editor),
        call("POST", "/api/v1/reporters", 201, "/api/v1/reporters").token(&admin).json(new_reporter("karim.d")),
        call("POST", "/api/v1/reporters", 400, "/api/v1/reporters").token(&admin).raw("application/json", "{"),
        call("POST", "/api/v1/reporters", 401, "/api/v1/reporters").json(new_reporter("nobody")),
        call("POST", "/api/v1/reporters", 403, "/api/v1/reporters").token(&reporter).json(new_reporter("nobody")),
        call("POST", "/api/v1/reporters", 413, "/api/v1/reporters").token(&admin).raw("application/json", big.clone()),
        call("POST", "/api/v1/reporters", 415, "/api/v1/reporters").token(&admin).raw("text/plain", new_reporter("nobody").to_string()),
        call("POST", "/api/v1/reporters", 422, "/api/v1/reporters").token(&admin).json(new_reporter("amina.b")),
        call("POST", "/api/v1/reporters/{id}/links", 201, format!("/api/v1/reporters/{reporter_id}/links?lang=nl")).token(&admin),
        call("POST", "/api/v1/reporters/{id}/links", 400, format!("/api/v1/reporters/{reporter_id}/links?lang=de")).token(&admin),
        call("POST", "/api/v1/reporters/{id}/links", 401, format!("/api/v1/reporters/{reporter_id}/links")),
        call("POST", "/api/v1/reporters/{id}/links", 403, format!("/api/v1/reporters/{reporter_id}/links")).token(&editor),
        call("POST", "/api/v1/reporters/{id}/links", 404, "/api/v1/reporters/999999/links").token(&admin),
        call("DELETE", "/api/v1/reporters/{id}", 400, "/api/v1/reporters/x").token(&admin),
        call("DELETE", "/api/v1/reporters/{id}", 401, format!("/api/v1/reporters/{reporter_id}")),
        call("DELETE", "/api/v1/reporters/{id}", 403, format!("/api/v1/reporters/{reporter_id}")).token(&reporter),
        call("DELETE", "/api/v1/reporters/{id}", 404, "/api/v1/reporters/999999").token(&admin),
        call("DELETE", "/api/v1/reporters/{id}", 204, format!("/api/v1/reporters/{reporter_id}")).token(&admin),
        call("GET", "/api/v1/editors", 200, "/api/v1/editors").token(&admin),
        call("GET", "/api/v1/editors", 400, "/api/v1/editors?per_page=0").token(&admin),
        call("GET", "/api/v1/editors", 401, "/api/v1/editors"),
        call("GET", "/api/v1/editors", 403, "/api/v1/editors").token(&editor),
        call("POST", "/api/v1/editors", 201, "/api/v1/editors").token(&admin).json(new_editor("jan.d", &institution)),
        call("POST", "/api/v1/editors", 400, "/api/v1/editors").token(&admin).raw("application/json", "{"),
        call("POST", "/api/v1/editors", 401, "/api/v1/editors").json(new_editor("nobody", &institution)),
        call("POST", "/api/v1/editors", 403, "/api/v1/editors").token(&reporter).json(new_editor("nobody", &institution)),
        call("POST", "/api/v1/editors", 413, "/api/v1/editors").token(&admin).raw("application/json", big.clone()),
        call("POST", "/api/v1/editors", 415, "/api/v1/editors").token(&admin).raw("text/plain", new_editor("nobody", &institution).to_string()),
        call("POST", "/api/v1/editors", 422, "/api/v1/editors").token(&admin).json(new_editor("nobody", "atlantis")),
        call("POST", "/api/v1/editors/{id}/links", 201, format!("/api/v1/editors/{editor_id}/links?lang=nl")).token(&admin),
        call("POST", "/api/v1/editors/{id}/links", 400, format!("/api/v1/editors/{editor_id}/links?lang=de")).token(&admin),
        call("POST", "/api/v1/editors/{id}/links", 401, format!("/api/v1/editors/{editor_id}/links")),
        call("POST", "/api/v1/editors/{id}/links", 403, format!("/api/v1/editors/{editor_id}/links")).token(&editor),
        call("POST", "/api/v1/editors/{id}/links", 404, format!("/api/v1/editors/{reporter_id}/links")).token(&admin),
        call("DELETE", "/api/v1/editors/{id}", 400, "/api/v1/editors/x").token(&admin),
        call("DELETE", "/api/v1/editors/{id}", 401, format!("/api/v1/editors/{editor_id}")),
        call("DELETE", "/api/v1/editors/{id}", 403, format!("/api/v1/editors/{editor_id}")).token(&reporter),
        call("DELETE", "/api/v1/editors/{id}", 404, "/api/v1/editors/999999").token(&admin),
        call("DELETE", "/api/v1/editors/{id}", 204, format!("/api/v1/editors/{editor_id}")).token(&admin),
        call("GET", "/healthz", 200, "/healthz"),
        call("GET", "/readyz", 200, "/readyz"),
        call("GET", "/metrics", 200, "/metrics"),
        call("GET", "/hsds/", 200, "/hsds/"),
        call("GET", "/hsds/services", 200, "/hsds/services?postcode=1030"),
        call("GET", "/hsds/services", 400, "/hsds/services?postcode=10300"),
        call("GET", "/hsds/services", 404, "/hsds/services?postcode=9999"),
        call("GET", "/hsds/services/{id}", 200, format!("/hsds/services/{service}")),
        call("GET", "/hsds/services/{id}", 400, "/hsds/services/not-a-uuid"),
        call("GET", "/hsds/services/{id}", 404, format!("/hsds/services/{}", uuid::Uuid::nil())),
        call("GET", "/hsds/organizations", 200, format!("/hsds/organizations?organization_id={organization}")),
        call("GET", "/hsds/organizations", 400, "/hsds/organizations?organization_id=42"),
        call("GET", "/hsds/organizations", 404, "/hsds/organizations?postcode=9999"),
        call("GET", "/hsds/organizations/{id}", 200, format!("/hsds/organizations/{organization}")),
        call("GET", "/hsds/organizations/{id}", 400, "/hsds/organizations/42"),
        call("GET", "/hsds/organizations/{id}", 404, format!("/hsds/organizations/{}", uuid::Uuid::nil())),
        call("GET", "/hsds/service_at_locations", 200, "/hsds/service_at_locations?modified_after=2000-01-01T00:00:00Z"),
        call("GET", "/hsds/service_at_locations", 400, "/hsds/service_at_locations?modified_after="),
        call("GET", "/hsds/service_at_locations", 404, "/hsds/service_at_locations?postcode=9999"),
        call("GET", "/hsds/service_at_locations/{id}", 200, format!("/hsds/service_at_locations/{service_at_location}")),
        call("GET", "/hsds/service_at_locations/{id}", 400, "/hsds/service_at_locations/42"),
        call("GET", "/hsds/service_at_locations/{id}", 404, format!("/hsds/service_at_locations/{}", uuid::Uuid::nil())),
    ];

    let documented = documented();
    let elsewhere: BTreeSet<(String, String, u16)> =
        ELSEWHERE.iter().map(|(m, p, s, _)| (m.to_string(), p.to_string(), *s)).collect();
    let tabled: BTreeSet<(String, String, u16)> =
        calls.iter().map(|c| (c.method.to_string(), c.op.to_string(), c.status)).collect();
    // The write operations have their own tables (statuses_writes.rs, statuses_records.rs), which check them the
    // same way.
    let pending = |p: &(String, String, u16)| {
        WRITE_OPERATIONS.iter().chain(RECORD_OPERATIONS).any(|(m, o)| p.0 == *m && p.1 == *o)
    };
    let untested: Vec<_> =
        documented.iter().filter(|p| !tabled.contains(*p) && !elsewhere.contains(*p) && !pending(p)).collect();
    assert!(untested.is_empty(), "documented statuses with no request that provokes them: {untested:?}");
    let stale: Vec<_> = elsewhere.iter().filter(|p| !documented.contains(*p)).collect();
    assert!(stale.is_empty(), "ELSEWHERE lists statuses the spec does not document: {stale:?}");

    let wrong = run(&app, &calls, &documented).await;
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The last documented status without a request above: 429, once the per-address limit of complaints is spent
/// (five at once; each request here comes from 127.0.0.1). Kept apart so the table's complaints do not count.
#[tokio::test]
async fn complaints_beyond_the_limit_get_the_documented_429() {
    let documented = documented();
    assert!(documented.contains(&("POST".into(), "/api/v1/complaints".into(), 429)));
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let procedure =
        app.get_json("/api/v1/procedures?per_page=1").await["items"][0]["slug"].as_str().unwrap().to_string();
    let body = json!({"procedure": procedure, "problem": "no_answer", "description": "Pas de réponse."});
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let r = app.client.post(format!("{}/api/v1/complaints", app.address)).json(&body).send().await.unwrap();
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, [201, 201, 201, 201, 201, 429]);
}

/// Sends each request of a table in order and returns what went wrong: a status other than the expected one, an
/// error not in problem+json, or a request whose expected status its operation does not document.
pub async fn run(app: &TestApp, calls: &[Call], documented: &BTreeSet<(String, String, u16)>) -> Vec<String> {
    let mut wrong = Vec::new();
    for c in calls {
        let key = (c.method.to_string(), c.op.to_string(), c.status);
        if !documented.contains(&key) {
            wrong.push(format!(
                "{} {} answers {} (in this table), which its operation does not document",
                c.method, c.op, c.status
            ));
            continue;
        }
        let method = reqwest::Method::from_bytes(c.method.as_bytes()).unwrap();
        let mut req = app.client.request(method, format!("{}{}", app.address, c.path));
        if let Some(t) = &c.token {
            req = req.bearer_auth(t);
        }
        for (name, value) in &c.headers {
            req = req.header(*name, value);
        }
        req = match &c.body {
            Some(Body::Json(v)) => req.json(v),
            Some(Body::Raw(content_type, bytes)) => req.header("Content-Type", *content_type).body(bytes.clone()),
            None => req,
        };
        let response = req.send().await.unwrap();
        let got = response.status().as_u16();
        let content_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        if got != c.status {
            let body = response.text().await.unwrap_or_default();
            wrong.push(format!(
                "{} {} → {got}, expected {}: {}",
                c.method,
                c.path,
                c.status,
                body.chars().take(300).collect::<String>()
            ));
        } else if got >= 400 && content_type != "application/problem+json" {
            wrong.push(format!("{} {} → {got} as `{content_type}`, not problem+json", c.method, c.path));
        }
    }
    wrong
}
