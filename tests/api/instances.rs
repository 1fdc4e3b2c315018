//! Several instances on one PostgreSQL: a write through one is visible on the others within one second.

use crate::helpers::*;
use crate::observations::{channel_id, post, token};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Polls `path` on `app` until `done` holds; returns how long it took.
async fn visible_within(app: &TestApp, path: &str, done: impl Fn(&Value) -> bool) -> Duration {
    let start = Instant::now();
    loop {
        let value = app.get_json(path).await;
        if done(&value) {
            return start.elapsed();
        }
        assert!(start.elapsed() < Duration::from_secs(3), "not visible after 3 s: {value}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn writes_through_one_instance_reach_the_other_within_a_second() {
    let db = TestDb::new();
    if !db.url.starts_with("postgres") {
        eprintln!("skipped on SQLite: one process per database file (set GUICHET_TEST_DATABASE_URL to run it)");
        return;
    }
    let a = spawn_on(&db, &fixture_catalog()).await;
    let b = spawn_on(&db, &fixture_catalog()).await;
    let t = token(&db, "CPAS", guichet::domain::Role::Reporter, None);
    let letter = channel_id(&a, "fwb-study-grant", "registered-letter").await;
    let path = format!("/api/v1/channels/{letter}");
    // Give both listeners a moment to be connected, as a deployment's would be long before.
    tokio::time::sleep(Duration::from_millis(300)).await;

    for minutes_ago in [3, 2] {
        let body = json!({"channel_id": letter, "occurred_at": (chrono::Utc::now() - chrono::Duration::minutes(minutes_ago)).to_rfc3339(),
            "outcome": "not_completed", "minutes_spent": 5, "on_behalf": false, "failure_reason": "no_answer"});
        assert_eq!(post(&a, Some(&t), &body, None).await.status(), 201);
    }
    let took = visible_within(&b, &path, |c| c["observed"]["observations"] == 2).await;
    assert!(took < Duration::from_secs(1), "observations reached the other instance after {took:?}");
    assert_eq!(b.get_json(&path).await["observed"]["state"], "unreachable");
    // Not counted twice on the instance that wrote them.
    assert_eq!(a.get_json(&path).await["observed"]["observations"], 2);
    assert_eq!(b.get_json("/api/v1/stats/monitoring").await["total"], 2);

    let complaint = json!({"channel_id": letter, "problem": "no_answer", "description": "Rien."});
    let r = b.client.post(format!("{}/api/v1/complaints", b.address)).json(&complaint).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let took = visible_within(&a, &path, |c| c["observed"]["complaints"] == 1).await;
    assert!(took < Duration::from_secs(1), "complaint reached the other instance after {took:?}");

    // A catalog import (another process) reaches both.
    let dir = catalog_copy(&fixture_catalog());
    let file = dir.path().join("institutions/fwb-allocations-etudes.toml");
    let text = std::fs::read_to_string(&file).unwrap().replacen(
        "state = \"open\"\nsince = \"2022\"",
        "state = \"closed_temporarily\"\nsince = \"2026-01\"",
        1,
    );
    std::fs::write(&file, text).unwrap();
    let catalog = guichet::import::load_catalog(dir.path()).unwrap();
    let pool = connect(&db.url);
    guichet::store::import::import_catalog(&mut pool.get().unwrap(), &catalog).unwrap();
    for app in [&a, &b] {
        let took = visible_within(app, &path, |c| c["declared"]["state"] == "closed_temporarily").await;
        assert!(took < Duration::from_secs(1), "catalog change reached an instance after {took:?}");
        // The observations survive the reload.
        assert_eq!(app.get_json(&path).await["observed"]["observations"], 2);
    }
}
