//! Webhooks against receivers the tests start on loopback ports (allowed through the outbound guard's settings):
//! retries, the signature recomputed with the documented scheme, a receiver that never answers, the filter, the
//! admin role, the secret shown once, and a restart with events pending.

use crate::helpers::*;
use crate::observations::{channel_id, post, token};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine;
use guichet::app::config::Settings;
use guichet::domain::Role;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request a receiver got.
#[derive(Clone, Debug)]
struct Received {
    id: String,
    timestamp: String,
    signature: String,
    body: Vec<u8>,
}

#[derive(Clone, Copy)]
enum Behaviour {
    /// 500 to the first `n` requests, then 204.
    FailFirst(usize),
    /// Never answers.
    Silent,
}

struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    fn got(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }
}

/// An HTTP receiver on a loopback port.
fn receiver(behaviour: Behaviour) -> Receiver {
    let got: Arc<Mutex<Vec<Received>>> = Arc::default();
    let shared = got.clone();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = HttpServer::new(move || {
        let got = shared.clone();
        App::new().default_service(web::to(move |req: HttpRequest, body: web::Bytes| {
            let got = got.clone();
            async move {
                let header =
                    |name: &str| req.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
                let n = {
                    let mut got = got.lock().unwrap();
                    got.push(Received {
                        id: header("webhook-id"),
                        timestamp: header("webhook-timestamp"),
                        signature: header("webhook-signature"),
                        body: body.to_vec(),
                    });
                    got.len()
                };
                match behaviour {
                    Behaviour::FailFirst(k) if n <= k => HttpResponse::InternalServerError().finish(),
                    Behaviour::FailFirst(_) => HttpResponse::NoContent().finish(),
                    Behaviour::Silent => {
                        tokio::time::sleep(Duration::from_secs(60)).await;
                        HttpResponse::NoContent().finish()
                    }
                }
            }
        }))
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    Receiver { url: format!("http://127.0.0.1:{port}/events"), got }
}

/// Settings for webhook tests: loopback allowed, a one-second timeout, short waits between attempts.
fn webhook_settings(db: &TestDb, max_attempts: u32) -> Settings {
    let mut s = settings(&db.url, &fixture_catalog());
    s.outbound.policy = guichet::app::outbound::Policy::parse("loopback").unwrap();
    s.outbound.timeout = Duration::from_secs(1);
    s.outbound.connect_timeout = Duration::from_secs(1);
    s.webhooks.poll = Duration::from_millis(20);
    s.webhooks.backoff_base = Duration::from_millis(20);
    s.webhooks.backoff_cap = Duration::from_millis(100);
    s.webhooks.max_attempts = max_attempts;
    s
}

async fn subscribe(app: &TestApp, admin: &str, body: Value) -> Value {
    let r = app
        .client
        .post(format!("{}/api/v1/webhooks", app.address))
        .bearer_auth(admin)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

async fn complain(app: &TestApp, channel: i64) {
    let complaint = json!({"channel_id": channel, "problem": "no_answer", "description": "Personne ne répond."});
    let r = app.client.post(format!("{}/api/v1/complaints", app.address)).json(&complaint).send().await.unwrap();
    assert_eq!(r.status(), 201);
}

async fn deliveries(app: &TestApp, admin: &str, id: i64) -> Value {
    let r = app
        .client
        .get(format!("{}/api/v1/webhooks/{id}/deliveries", app.address))
        .bearer_auth(admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// Polls the delivery log until its first delivery is in `state` (a bound on waiting, not a timed assertion).
async fn until_state(app: &TestApp, admin: &str, id: i64, state: &str) -> Value {
    for _ in 0..500 {
        let log = deliveries(app, admin, id).await;
        if log["items"][0]["state"] == state {
            return log["items"][0].clone();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no delivery reached `{state}`: {}", deliveries(app, admin, id).await);
}

#[tokio::test]
async fn a_receiver_that_fails_twice_gets_the_event_on_the_third_attempt_with_the_same_id() {
    let db = TestDb::new();
    let app = spawn_with(webhook_settings(&db, 8)).await;
    let admin = token(&db, "Ligue", Role::Admin, None);
    let r = receiver(Behaviour::FailFirst(2));
    let created = subscribe(&app, &admin, json!({"url": r.url, "kinds": ["complaint.filed"]})).await;
    let id = created["webhook"]["id"].as_i64().unwrap();
    complain(&app, channel_id(&app, "fwb-study-grant", "registered-letter").await).await;

    let delivery = until_state(&app, &admin, id, "delivered").await;
    let attempts = delivery["attempts"].as_array().unwrap();
    let statuses: Vec<&Value> = attempts.iter().map(|a| &a["status"]).collect();
    assert_eq!(statuses, [&json!(500), &json!(500), &json!(204)], "{delivery}");
    assert!(attempts[0]["error"].as_str().unwrap().contains("500"), "{delivery}");
    let got = r.got();
    assert_eq!(got.len(), 3);
    assert!(got.iter().all(|g| g.id == delivery["event_id"].as_str().unwrap()), "one event id on every attempt");
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("guichet_webhook_deliveries_total{outcome=\"delivered\"} 1\n"), "{metrics}");
    assert!(metrics.contains("guichet_webhook_deliveries_total{outcome=\"failed\"} 2\n"), "{metrics}");
}

#[tokio::test]
async fn events_are_signed_in_the_documented_scheme_and_a_state_change_is_one_event() {
    let db = TestDb::new();
    let app = spawn_with(webhook_settings(&db, 8)).await;
    let admin = token(&db, "Ligue", Role::Admin, None);
    let reporter = token(&db, "CPAS", Role::Reporter, None);
    let r = receiver(Behaviour::FailFirst(0));
    let created = subscribe(
        &app,
        &admin,
        json!({"url": r.url, "kinds": ["observed_state.changed"], "institutions": ["fwb-allocations-etudes"]}),
    )
    .await;
    let id = created["webhook"]["id"].as_i64().unwrap();
    let secret = created["secret"].as_str().unwrap().to_string();
    let letter = channel_id(&app, "fwb-study-grant", "registered-letter").await;
    for minutes_ago in [3, 2] {
        let body = json!({"channel_id": letter, "occurred_at": (chrono::Utc::now() - chrono::Duration::minutes(minutes_ago)).to_rfc3339(),
            "outcome": "not_completed", "minutes_spent": 5, "on_behalf": false, "failure_reason": "no_answer"});
        assert_eq!(post(&app, Some(&reporter), &body, None).await.status(), 201);
    }
    until_state(&app, &admin, id, "delivered").await;
    assert_eq!(deliveries(&app, &admin, id).await["total"], 1, "unknown → unreachable is one change");

    let got = r.got();
    assert_eq!(got.len(), 1);
    let g = &got[0];
    // What a receiver does: the key is the base64 after `whsec_`; sign "{id}.{timestamp}.{body}".
    let key = base64::engine::general_purpose::STANDARD.decode(secret.strip_prefix("whsec_").unwrap()).unwrap();
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{}.{}.", g.id, g.timestamp).as_bytes());
    mac.update(&g.body);
    let expected = format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()));
    assert_eq!(g.signature, expected);
    let age = chrono::Utc::now().timestamp() - g.timestamp.parse::<i64>().unwrap();
    assert!((0..600).contains(&age), "a timestamp of this attempt: {}", g.timestamp);
    let event: Value = serde_json::from_slice(&g.body).unwrap();
    assert_eq!(event["id"], g.id.as_str());
    assert_eq!(event["kind"], "observed_state.changed");
    assert_eq!(event["subject"]["channel_id"], letter);
    assert_eq!(event["subject"]["institution"], "fwb-allocations-etudes");
    assert_eq!((event["data"]["from"].as_str(), event["data"]["to"].as_str()), (Some("unknown"), Some("unreachable")));
    assert!(event["timestamp"].as_str().unwrap().ends_with('Z'), "{event}");
}

#[tokio::test]
async fn a_receiver_that_never_answers_is_retried_then_the_delivery_is_dead_and_can_be_resent() {
    let db = TestDb::new();
    let app = spawn_with(webhook_settings(&db, 2)).await;
    let admin = token(&db, "Ligue", Role::Admin, None);
    let r = receiver(Behaviour::Silent);
    let id = subscribe(&app, &admin, json!({"url": r.url})).await["webhook"]["id"].as_i64().unwrap();
    complain(&app, channel_id(&app, "fwb-study-grant", "registered-letter").await).await;
    let dead = until_state(&app, &admin, id, "dead").await;
    let attempts = dead["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 2, "{dead}");
    for a in attempts {
        assert!(a["status"].is_null(), "{dead}");
        assert!(a["error"].as_str().unwrap().starts_with("timeout"), "{dead}");
    }
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("guichet_webhook_deliveries_total{outcome=\"dead\"} 1\n"), "{metrics}");

    // Re-sent by an admin: a new chain, same event id.
    let delivery = dead["id"].as_i64().unwrap();
    let path = format!("{}/api/v1/webhooks/{id}/deliveries/{delivery}/resend", app.address);
    assert_eq!(app.client.post(&path).bearer_auth(&admin).send().await.unwrap().status(), 202);
    let again = until_state(&app, &admin, id, "dead").await;
    assert!(again["attempts"].as_array().unwrap().len() >= 3, "{again}");
    assert!(r.got().iter().all(|g| g.id == dead["event_id"].as_str().unwrap()));
    let missing = format!("{}/api/v1/webhooks/{id}/deliveries/999999/resend", app.address);
    assert_eq!(app.client.post(&missing).bearer_auth(&admin).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn an_event_outside_the_filter_is_not_delivered() {
    let db = TestDb::new();
    let app = spawn_with(webhook_settings(&db, 8)).await;
    let admin = token(&db, "Ligue", Role::Admin, None);
    let (all, other_institution, other_kind, other_commune) = (
        receiver(Behaviour::FailFirst(0)),
        receiver(Behaviour::FailFirst(0)),
        receiver(Behaviour::FailFirst(0)),
        receiver(Behaviour::FailFirst(0)),
    );
    let id_all = subscribe(&app, &admin, json!({"url": all.url})).await["webhook"]["id"].as_i64().unwrap();
    let filtered = [
        subscribe(&app, &admin, json!({"url": other_institution.url, "institutions": ["commune-schaerbeek"]})).await,
        subscribe(&app, &admin, json!({"url": other_kind.url, "kinds": ["declared_status.changed"]})).await,
        subscribe(&app, &admin, json!({"url": other_commune.url, "levels": ["commune"], "communes": ["schaerbeek"]}))
            .await,
    ];
    complain(&app, channel_id(&app, "fwb-study-grant", "registered-letter").await).await;
    until_state(&app, &admin, id_all, "delivered").await;
    // The deliveries are written with the complaint, in its transaction: none now is none ever.
    for f in &filtered {
        let log = deliveries(&app, &admin, f["webhook"]["id"].as_i64().unwrap()).await;
        assert_eq!(log["total"], 0, "{f} {log}");
    }
    assert_eq!(all.got().len(), 1);
    assert!(other_institution.got().is_empty() && other_kind.got().is_empty() && other_commune.got().is_empty());

    // A bad filter is named.
    let r = app
        .client
        .post(format!("{}/api/v1/webhooks", app.address))
        .bearer_auth(&admin)
        .json(&json!({"url": "ftp://x", "kinds": ["nope"], "communes": ["atlantis"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let problem: Value = r.json().await.unwrap();
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"url") && fields.contains(&"kinds") && fields.contains(&"communes"), "{problem}");
}

#[tokio::test]
async fn only_an_admin_manages_webhooks_and_the_secret_is_shown_once() {
    let db = TestDb::new();
    let app = spawn_with(webhook_settings(&db, 8)).await;
    let admin = token(&db, "Ligue", Role::Admin, None);
    let reporter = token(&db, "Ligue", Role::Reporter, None);
    let url = format!("{}/api/v1/webhooks", app.address);
    let body = json!({"url": "https://example.org/hook"});
    let r = app.client.post(&url).bearer_auth(&reporter).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(app.client.get(&url).bearer_auth(&reporter).send().await.unwrap().status(), 403);
    assert_eq!(app.client.get(&url).send().await.unwrap().status(), 401);

    let created = subscribe(&app, &admin, body).await;
    let secret = created["secret"].as_str().unwrap();
    assert!(secret.starts_with("whsec_") && secret.len() > 30, "{secret}");
    let list = app.client.get(&url).bearer_auth(&admin).send().await.unwrap().text().await.unwrap();
    assert!(list.contains("https://example.org/hook"), "{list}");
    assert!(!list.contains(secret) && !list.contains("whsec_"), "{list}");
    // Another organisation's admin sees none of it.
    let other = token(&db, "Autre", Role::Admin, None);
    let theirs: Value = app.client.get(&url).bearer_auth(&other).send().await.unwrap().json().await.unwrap();
    assert_eq!(theirs["total"], 0);
    let id = created["webhook"]["id"].as_i64().unwrap();
    let one = format!("{url}/{id}");
    assert_eq!(app.client.delete(&one).bearer_auth(&other).send().await.unwrap().status(), 404);
    assert_eq!(app.client.delete(&one).bearer_auth(&admin).send().await.unwrap().status(), 204);
    assert_eq!(app.client.delete(&one).bearer_auth(&admin).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn events_written_before_a_restart_are_delivered_once_after_it() {
    let db = TestDb::new();
    let mut first = webhook_settings(&db, 8);
    // An instance that stores events but does not deliver them: as one stopped before its worker got to them.
    first.webhooks.enabled = false;
    let app = spawn_with(first).await;
    let admin = token(&db, "Ligue", Role::Admin, None);
    let r = receiver(Behaviour::FailFirst(0));
    let id = subscribe(&app, &admin, json!({"url": r.url})).await["webhook"]["id"].as_i64().unwrap();
    complain(&app, channel_id(&app, "fwb-study-grant", "registered-letter").await).await;
    assert_eq!(deliveries(&app, &admin, id).await["items"][0]["state"], "pending");
    assert!(r.got().is_empty());

    let again = spawn_with(webhook_settings(&db, 8)).await;
    let delivered = until_state(&again, &admin, id, "delivered").await;
    assert_eq!(delivered["attempts"].as_array().unwrap().len(), 1);
    let got = r.got();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].id, delivered["event_id"].as_str().unwrap());
}

#[tokio::test]
async fn an_accepted_suggestion_and_a_declared_status_are_events_without_the_proposer() {
    let db = TestDb::new();
    let app = spawn_with(webhook_settings(&db, 8)).await;
    let admin = token(&db, "Ligue", Role::Admin, None);
    let reporter = token(&db, "Asbl 1030", Role::Reporter, None);
    let editor = crate::editing::editor(&db, "Commune de Schaerbeek", &["commune-schaerbeek"]);
    let r = receiver(Behaviour::FailFirst(0));
    let id =
        subscribe(&app, &admin, json!({"url": r.url, "kinds": ["suggestion.accepted", "declared_status.changed"]}))
            .await["webhook"]["id"]
            .as_i64()
            .unwrap();
    let counter = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    let today = chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string();
    let proposal = json!({"fact": "status", "seen": "Affiche : fermé pour travaux", "seen_on": today});
    let path = format!("/api/v1/channels/{counter}/suggestions");
    let made = crate::editing::send(&app, reqwest::Method::POST, &path, Some(&reporter), None, Some(&proposal)).await;
    assert_eq!(made.status(), 201);
    let code = made.json::<Value>().await.unwrap()["tracking_code"].as_str().unwrap().to_string();
    let (_, tag) = crate::editing::read(&app, counter).await;
    let accept = json!({"status": {"state": "closed_temporarily", "since": today}});
    let path = format!("/api/v1/suggestions/{code}/accept");
    let r2 = crate::editing::send(&app, reqwest::Method::POST, &path, Some(&editor), Some(&tag), Some(&accept)).await;
    assert_eq!(r2.status(), 200);

    for _ in 0..500 {
        if deliveries(&app, &admin, id).await["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["state"] == "delivered")
            .count()
            == 2
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let events: Vec<Value> = r.got().iter().map(|g| serde_json::from_slice(&g.body).unwrap()).collect();
    let kinds: Vec<&str> = events.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.len(), 2, "{events:?}");
    assert!(kinds.contains(&"declared_status.changed") && kinds.contains(&"suggestion.accepted"), "{kinds:?}");
    let accepted = events.iter().find(|e| e["kind"] == "suggestion.accepted").unwrap();
    assert_eq!(accepted["data"]["fact"], "status");
    assert_eq!(accepted["data"]["status"], "closed_temporarily");
    assert_eq!(accepted["subject"]["channel_id"], counter);
    let text = accepted.to_string();
    assert!(!text.contains("Asbl 1030") && !text.contains(&code), "never the proposer nor the code: {text}");
    let declared = events.iter().find(|e| e["kind"] == "declared_status.changed").unwrap();
    assert_eq!(
        (declared["data"]["change"].as_str(), declared["data"]["state"].as_str()),
        (Some("recorded"), Some("closed_temporarily"))
    );
}

#[tokio::test]
async fn a_gap_status_that_changes_is_one_event_and_a_first_watch_tells_nothing() {
    use diesel::prelude::*;
    use guichet::store::schema::gap_statuses;
    // The fixture catalog with the shipped compliance rules.
    let catalog = catalog_copy(&fixture_catalog());
    std::fs::copy(shipped_catalog().join("rules.toml"), catalog.path().join("rules.toml")).unwrap();
    let db = TestDb::new();
    let mut s = webhook_settings(&db, 8);
    s.catalog_dir = catalog.path().to_path_buf();
    s.webhooks.gap_watch = Duration::from_millis(50);
    let app = spawn_with(s).await;
    let admin = token(&db, "Ligue", Role::Admin, None);
    let r = receiver(Behaviour::FailFirst(0));
    let id = subscribe(&app, &admin, json!({"url": r.url, "kinds": ["gap_status.changed"]})).await["webhook"]["id"]
        .as_i64()
        .unwrap();
    // The first watch stores every standing and tells of none.
    let pool = connect(&db.url);
    let stored = || -> Vec<(i64, String, String)> {
        let mut conn = pool.get().unwrap();
        gap_statuses::table
            .select((gap_statuses::procedure_id, gap_statuses::rule, gap_statuses::status))
            .load(&mut conn)
            .unwrap()
    };
    for _ in 0..200 {
        if !stored().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let before = stored();
    assert!(!before.is_empty(), "the first watch stored the standings");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(deliveries(&app, &admin, id).await["total"], 0, "a first watch is not a burst of changes");

    // The study grant's channels confirmed by an admin ("still true"): they are no longer to verify, so the
    // procedure's standing moves from "not known".
    let procedure = app.get_json("/api/v1/procedures/fwb-study-grant").await;
    for c in procedure["channels"].as_array().unwrap() {
        let id = c["id"].as_i64().unwrap();
        let (_, tag) = crate::editing::read(&app, id).await;
        let path = format!("/api/v1/channels/{id}/verify");
        let r = crate::editing::send(&app, reqwest::Method::POST, &path, Some(&admin), Some(&tag), None).await;
        assert_eq!(r.status(), 200);
    }
    let mut after = stored();
    for _ in 0..200 {
        after = stored();
        if after != before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let changed: Vec<_> = after.iter().filter(|a| !before.contains(a)).cloned().collect();
    assert!(!changed.is_empty(), "a standing changed");
    for _ in 0..200 {
        if deliveries(&app, &admin, id).await["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["state"] == "delivered")
            .count()
            == changed.len()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // More watches, nothing new: one event per change.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let events: Vec<Value> = r.got().iter().map(|g| serde_json::from_slice(&g.body).unwrap()).collect();
    assert_eq!(events.len(), changed.len(), "{events:?}");
    for e in &events {
        assert_eq!(e["kind"], "gap_status.changed");
        assert_eq!(e["subject"]["procedure"], "fwb-study-grant", "{e}");
        let (rule, to) = (e["data"]["rule"].as_str().unwrap(), e["data"]["to"].as_str().unwrap());
        assert!(changed.iter().any(|(_, r, s)| r == rule && s == to), "{e}");
        let from = before.iter().find(|(p, r, _)| changed.iter().any(|(cp, _, _)| cp == p) && r == rule).unwrap();
        assert_eq!(e["data"]["from"], from.2.as_str());
    }
}
