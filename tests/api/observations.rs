use crate::helpers::*;
use serde_json::{Value, json};

/// A token of a new organisation on this test's database.
pub fn token(db: &TestDb, org: &str, role: guichet::domain::Role, commune: Option<&str>) -> String {
    let pool = connect(&db.url);
    let mut conn = pool.get().unwrap();
    guichet::store::tokens::create_token(&mut conn, org, role, commune).unwrap().1
}

pub async fn channel_id(app: &TestApp, procedure: &str, key: &str) -> i64 {
    let p = app.get_json(&format!("/api/v1/procedures/{procedure}")).await;
    p["channels"].as_array().unwrap().iter().find(|c| c["key"] == key).unwrap()["id"].as_i64().unwrap()
}

pub async fn post(app: &TestApp, token: Option<&str>, body: &Value, key: Option<&str>) -> reqwest::Response {
    let mut req = app.client.post(format!("{}/api/v1/observations", app.address)).json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    req.send().await.unwrap()
}

fn failure(channel: i64, minutes_ago: i64) -> Value {
    let at = chrono::Utc::now() - chrono::Duration::minutes(minutes_ago);
    json!({
        "channel_id": channel,
        "occurred_at": at.to_rfc3339(),
        "outcome": "not_completed",
        "minutes_spent": 20,
        "on_behalf": true,
        "failure_reason": "no_answer",
    })
}

async fn assert_422(app: &TestApp, token: &str, body: Value, field: &str) {
    let response = post(app, Some(token), &body, None).await;
    assert_eq!(response.status(), 422, "{body}");
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    let problem: Value = response.json().await.unwrap();
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&field), "{field} not in {problem}");
}

#[tokio::test]
async fn five_recent_failures_on_an_open_channel_make_it_unreachable_with_a_contradiction() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let t = token(&db, "Services sociaux des quartiers 1030", guichet::domain::Role::Reporter, Some("schaerbeek"));
    let letter = channel_id(&app, "fwb-study-grant", "registered-letter").await;

    let first = post(&app, Some(&t), &failure(letter, 50), None).await;
    assert_eq!(first.status(), 201);
    let created: Value = first.json().await.unwrap();
    assert_eq!(created["observation"]["organisation"], "Services sociaux des quartiers 1030");
    assert_eq!(created["observation"]["failure_reason"], "no_answer");
    assert_eq!(created["channel"]["observed"]["observations"], 1);

    for minutes_ago in [40, 30, 20, 10] {
        assert_eq!(post(&app, Some(&t), &failure(letter, minutes_ago), None).await.status(), 201);
    }
    // The very next read of the procedure shows it.
    let p = app.get_json("/api/v1/procedures/fwb-study-grant").await;
    let c = p["channels"].as_array().unwrap().iter().find(|c| c["id"] == letter).unwrap().clone();
    assert_eq!(c["declared"]["state"], "open");
    assert_eq!(c["observed"]["state"], "unreachable");
    assert_eq!(c["observed"]["observations"], 5);
    assert_eq!(c["observed"]["failures"], 5);
    assert_eq!(c["observed"]["contradiction"], true);
    assert!(c["observed"]["confidence"].as_f64().unwrap() > 0.6);
    let channel = app.get_json(&format!("/api/v1/channels/{letter}")).await;
    assert_eq!(channel["observed"]["state"], "unreachable");
    let history = app.get_json(&format!("/api/v1/channels/{letter}/history")).await;
    let observed: Vec<&Value> =
        history["items"].as_array().unwrap().iter().filter(|h| h["basis"] == "observed").collect();
    assert_eq!(observed[0]["state"], "unreachable", "{history}");

    // A restart rebuilds the same observed state from the database.
    let again = spawn_on(&db, &fixture_catalog()).await;
    let channel = again.get_json(&format!("/api/v1/channels/{letter}")).await;
    assert_eq!(channel["observed"]["state"], "unreachable");
    assert_eq!(channel["observed"]["observations"], 5);
    // So does the history of observed states, stored with the writes that changed it.
    let history = again.get_json(&format!("/api/v1/channels/{letter}/history")).await;
    let observed: Vec<&str> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["basis"] == "observed")
        .map(|h| h["state"].as_str().unwrap())
        .collect();
    assert_eq!(observed, ["unreachable"], "{history}");
}

#[tokio::test]
async fn tokens_missing_unknown_revoked_or_without_the_role() {
    let db = TestDb::new();
    // A checked token is believed for a second here (10 s by default).
    let mut s = settings(&db.url, &fixture_catalog());
    s.token_ttl = std::time::Duration::from_secs(1);
    let app = spawn_with(s).await;
    let letter = channel_id(&app, "fwb-study-grant", "registered-letter").await;
    let body = failure(letter, 5);
    for token in [None, Some("gch_not-a-token"), Some("")] {
        let r = post(&app, token, &body, None).await;
        assert_eq!(r.status(), 401);
        assert_eq!(r.headers()["www-authenticate"], "Bearer");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
    }
    let t = token(&db, "CPAS", guichet::domain::Role::Reporter, None);
    let pool = connect(&db.url);
    let mut conn = pool.get().unwrap();
    let id = guichet::store::tokens::list_tokens(&mut conn).unwrap()[0].id;
    assert_eq!(post(&app, Some(&t), &body, None).await.status(), 201);
    assert!(guichet::store::tokens::revoke_token(&mut conn, id).unwrap());
    // Revoked behind the server's back (another process): believed until the TTL, refused from then on.
    assert_eq!(post(&app, Some(&t), &body, None).await.status(), 201, "still within the second");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(post(&app, Some(&t), &body, None).await.status(), 401);
    assert_eq!(post(&app, Some(&t), &body, None).await.status(), 401, "a refused token is not remembered");
}

#[tokio::test]
async fn an_expiring_token_is_refused_from_its_expiry_even_if_just_checked() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let letter = channel_id(&app, "fwb-study-grant", "registered-letter").await;
    let pool = connect(&db.url);
    let mut conn = pool.get().unwrap();
    let expires_at = Some(guichet::store::now() + chrono::Duration::milliseconds(1500));
    let options = guichet::store::tokens::TokenOptions { expires_at, ..Default::default() };
    let (_, t) =
        guichet::store::tokens::create_token_with(&mut conn, "CPAS", guichet::domain::Role::Reporter, &options)
            .unwrap();
    assert_eq!(post(&app, Some(&t), &failure(letter, 5), None).await.status(), 201);
    tokio::time::sleep(std::time::Duration::from_millis(1700)).await;
    assert_eq!(
        post(&app, Some(&t), &failure(letter, 6), None).await.status(),
        401,
        "the 10 s TTL never outlives the expiry"
    );
}

#[tokio::test]
async fn every_bad_field_is_named() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let t = token(&db, "Asbl", guichet::domain::Role::Reporter, None);
    let letter = channel_id(&app, "fwb-study-grant", "registered-letter").await;
    let base = failure(letter, 5);
    let with = |field: &str, value: Value| {
        let mut b = base.clone();
        b[field] = value;
        b
    };
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).to_rfc3339();
    assert_422(&app, &t, with("occurred_at", json!(tomorrow)), "occurred_at").await;
    assert_422(&app, &t, with("occurred_at", json!("yesterday")), "occurred_at").await;
    assert_422(&app, &t, with("minutes_spent", json!(601)), "minutes_spent").await;
    assert_422(&app, &t, with("minutes_spent", json!(-1)), "minutes_spent").await;
    assert_422(&app, &t, with("minutes_spent", json!("twenty")), "minutes_spent").await;
    assert_422(&app, &t, with("outcome", json!("failed")), "outcome").await;
    assert_422(&app, &t, with("on_behalf", json!("yes")), "on_behalf").await;
    assert_422(&app, &t, with("failure_reason", json!("bad_luck")), "failure_reason").await;
    assert_422(&app, &t, with("failure_reason", Value::Null), "failure_reason").await;
    assert_422(&app, &t, with("wait_minutes", json!(5000)), "wait_minutes").await;
    assert_422(&app, &t, with("channel_id", json!(999999)), "channel_id").await;
    assert_422(&app, &t, with("comment", json!("x".repeat(501))), "comment").await;
    for personal in ["RN 85.07.30-033.61", "écrire à madame.x@example.org", "GSM 0470 12 34 56", "BE68 5390 0754 7034"]
    {
        assert_422(&app, &t, with("comment", json!(personal)), "comment").await;
    }
    let mut completed = with("outcome", json!("completed"));
    completed["failure_reason"] = json!("no_answer");
    assert_422(&app, &t, completed, "failure_reason").await;
    assert_422(&app, &t, json!({}), "occurred_at").await;

    // Unknown fields and malformed JSON are 400s.
    let typo = with("minute_spent", json!(3));
    let r = post(&app, Some(&t), &typo, None).await;
    assert_eq!(r.status(), 400);
    let problem: Value = r.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "minute_spent");
    let r = app
        .client
        .post(format!("{}/api/v1/observations", app.address))
        .bearer_auth(&t)
        .header("content-type", "application/json")
        .body("{\"channel_id\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = post(&app, Some(&t), &json!([1, 2]), None).await;
    assert_eq!(r.status(), 400);

    // Nothing above was stored.
    assert_eq!(app.get_json("/api/v1/stats/monitoring").await["total"], 0);
}

#[tokio::test]
async fn procedure_and_channel_kind_name_a_channel_and_past_surveys_are_accepted() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let t = token(&db, "CASS", guichet::domain::Role::Reporter, Some("schaerbeek"));
    let body = json!({
        "procedure": "fwb-study-grant", "channel_kind": "phone",
        "occurred_at": "2022-09-14T10:30:00+02:00", "outcome": "not_completed", "minutes_spent": 31,
        "on_behalf": true, "failure_reason": "line_saturated", "reporter_role": "assistante sociale",
        "comment": "Message automatique puis appel coupé"
    });
    let r = post(&app, Some(&t), &body, None).await;
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.unwrap();
    assert_eq!(created["observation"]["channel_id"], channel_id(&app, "fwb-study-grant", "phone").await);
    assert_eq!(created["observation"]["occurred_at"], "2022-09-14T08:30:00Z");
    // A 2022 observation is history, not recent evidence.
    assert_eq!(created["channel"]["observed"]["state"], "unknown");
    assert_eq!(created["channel"]["observed"]["last_observed_at"], "2022-09-14T08:30:00Z");

    let mut no_kind = body.clone();
    no_kind.as_object_mut().unwrap().remove("channel_kind");
    assert_422(&app, &t, no_kind, "channel_kind").await;
    let mut none = body.clone();
    none["channel_kind"] = json!("counter");
    assert_422(&app, &t, none, "channel_kind").await;
    let mut unknown = body.clone();
    unknown["procedure"] = json!("nope");
    assert_422(&app, &t, unknown, "procedure").await;
}

#[tokio::test]
async fn replaying_with_the_same_idempotency_key_stores_once() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let t = token(&db, "Flaky wifi asbl", guichet::domain::Role::Reporter, None);
    let letter = channel_id(&app, "fwb-study-grant", "registered-letter").await;
    let body = failure(letter, 3);
    let first: Value = post(&app, Some(&t), &body, Some("attempt-42")).await.json().await.unwrap();
    // A hundred replays, ten at a time, as a flaky connection would send them.
    let mut responses = Vec::new();
    for _ in 0..10 {
        let batch: Vec<_> = (0..10)
            .map(|_| {
                let (app, t, body) = (app.clone(), t.clone(), body.clone());
                tokio::spawn(async move { post(&app, Some(&t), &body, Some("attempt-42")).await })
            })
            .collect();
        for handle in batch {
            responses.push(handle.await.unwrap());
        }
    }
    for response in responses {
        assert_eq!(response.status(), 201);
        assert_eq!(response.headers()["idempotent-replayed"], "true");
        let replayed: Value = response.json().await.unwrap();
        assert_eq!(replayed, first);
    }
    assert_eq!(app.get_json("/api/v1/stats/monitoring").await["total"], 1);
    let other = failure(letter, 2);
    let conflict = post(&app, Some(&t), &other, Some("attempt-42")).await;
    assert_eq!(conflict.status(), 409);
    assert_eq!(conflict.headers()["content-type"], "application/problem+json");
    // Another organisation may use the same key for its own request.
    let t2 = token(&db, "Another asbl", guichet::domain::Role::Reporter, None);
    assert_eq!(post(&app, Some(&t2), &body, Some("attempt-42")).await.status(), 201);
    assert_eq!(app.get_json("/api/v1/stats/monitoring").await["total"], 2);
    let bad_key = post(&app, Some(&t), &body, Some(&"k".repeat(201))).await;
    assert_eq!(bad_key.status(), 400);
}

#[tokio::test]
async fn reachability_by_hour_of_week() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let t = token(&db, "CPAS", guichet::domain::Role::Reporter, None);
    let phone = channel_id(&app, "fwb-study-grant", "phone").await;
    // Last Thursday-ish: three attempts at 9h Brussels fail, one at 14h succeeds.
    let now = chrono::Utc::now();
    let day = now - chrono::Duration::days(7);
    let at = |hour_utc: u32| day.date_naive().and_hms_opt(hour_utc, 15, 0).unwrap().and_utc();
    for hour in [7, 7, 7] {
        let mut b = failure(phone, 0);
        b["occurred_at"] = json!(at(hour).to_rfc3339());
        assert_eq!(post(&app, Some(&t), &b, None).await.status(), 201);
    }
    let mut ok = failure(phone, 0);
    ok["occurred_at"] = json!(at(12).to_rfc3339());
    ok["outcome"] = json!("completed");
    ok.as_object_mut().unwrap().remove("failure_reason");
    assert_eq!(post(&app, Some(&t), &ok, None).await.status(), 201);

    let r = app.get_json(&format!("/api/v1/channels/{phone}/reachability?by=hour_of_week")).await;
    let slots = r["slots"].as_array().unwrap();
    assert_eq!(slots.len(), 2, "{r}");
    assert_eq!(slots[0]["attempts"], 3);
    assert_eq!(slots[0]["success_rate"], 0.0);
    assert_eq!(slots[1]["attempts"], 1);
    assert_eq!(slots[1]["success_rate"], 1.0);
    let brussels_hour = |h: u32| {
        use chrono::Timelike;
        at(h).with_timezone(&chrono_tz::Europe::Brussels).hour()
    };
    assert_eq!(slots[0]["hour"], brussels_hour(7));
    assert_eq!(slots[1]["hour"], brussels_hour(12));
    app.assert_problem(&format!("/api/v1/channels/{phone}/reachability?by=minute"), 400, Some("by")).await;
    app.assert_problem("/api/v1/channels/x/reachability", 400, Some("id")).await;
}
