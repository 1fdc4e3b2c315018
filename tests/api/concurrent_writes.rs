//! Writers at once: none fails for being concurrent, the observed-state history records each change once, and
//! every 201 counts exactly what was stored before it (issue 15).

use crate::helpers::*;
use crate::observations::{channel_id, post, token};
use diesel::prelude::*;
use serde_json::{Value, json};

const WRITERS: usize = 6;
const EACH: usize = 30;

fn report(channel: i64, writer: usize, n: usize) -> Value {
    let at = chrono::Utc::now() - chrono::Duration::minutes(30);
    // Runs of failures and successes, so that the observed state keeps changing.
    let failed = (n / 4 + writer).is_multiple_of(2);
    let mut body = json!({
        "channel_id": channel,
        "occurred_at": at.to_rfc3339(),
        "outcome": if failed { "not_completed" } else { "completed" },
        "minutes_spent": 5,
        "on_behalf": true,
    });
    if failed {
        body["failure_reason"] = json!("no_answer");
    }
    body
}

#[tokio::test]
async fn concurrent_writers_never_fail_and_record_each_change_once() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let t = token(&db, "Écrivains simultanés", guichet::domain::Role::Reporter, None);
    let letter = channel_id(&app, "fwb-study-grant", "registered-letter").await;

    let mut tasks = Vec::new();
    for w in 0..WRITERS {
        let (app, t) = (app.clone(), t.clone());
        tasks.push(tokio::spawn(async move {
            let mut answers = Vec::new();
            for n in 0..EACH {
                let key = format!("writer-{w}-{n}");
                let response = post(&app, Some(&t), &report(letter, w, n), Some(&key)).await;
                let status = response.status().as_u16();
                let body: Value = response.json().await.unwrap_or(Value::Null);
                answers.push((status, body));
            }
            answers
        }));
    }
    let mut answers = Vec::new();
    for task in tasks {
        answers.extend(task.await.unwrap());
    }
    let statuses: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
    assert!(statuses.iter().all(|&s| s == 201), "every write accepted: {statuses:?}");

    // Each 201 counted every observation stored before it and itself: the counts are 1..=N, each once.
    let mut counts: Vec<u64> =
        answers.iter().map(|(_, b)| b["channel"]["observed"]["observations"].as_u64().unwrap()).collect();
    counts.sort_unstable();
    let expected: Vec<u64> = (1..=(WRITERS * EACH) as u64).collect();
    assert_eq!(counts, expected, "observed counts in the 201s");

    let pool = connect(&db.url);
    let mut conn = pool.get().unwrap();
    use guichet::store::schema::{observations, observed_transitions};
    let stored: i64 =
        observations::table.filter(observations::channel_id.eq(letter)).count().get_result(&mut conn).unwrap();
    assert_eq!(stored, (WRITERS * EACH) as i64);
    let channel = app.get_json(&format!("/api/v1/channels/{letter}")).await;
    assert_eq!(channel["observed"]["observations"], stored, "{channel}");

    // The stored history: a change each time, never the same state twice in a row.
    let history: Vec<(String, i32)> = observed_transitions::table
        .filter(observed_transitions::channel_id.eq(letter))
        .order(observed_transitions::id)
        .select((observed_transitions::state, observed_transitions::observations))
        .load(&mut conn)
        .unwrap();
    assert!(!history.is_empty(), "the state changed at least once");
    for pair in history.windows(2) {
        assert_ne!(pair[0].0, pair[1].0, "repeated transition in {history:?}");
        assert!(pair[0].1 < pair[1].1, "a transition counts more observations than the one before: {history:?}");
    }
    // The history the API shows (the read model) is the stored one.
    let shown = app.get_json(&format!("/api/v1/channels/{letter}/history")).await;
    let observed = shown["items"].as_array().unwrap().iter().filter(|h| h["basis"] == "observed").count();
    assert_eq!(observed, history.len(), "{shown}");
}

#[derive(QueryableByName)]
struct BusyTimeout {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    timeout: i32,
}

#[tokio::test]
async fn every_pooled_sqlite_connection_waits_for_the_write_lock() {
    let db = TestDb::new();
    if !db.url.starts_with("sqlite") {
        return; // PostgreSQL has row locks, no busy timeout.
    }
    let _app = spawn_on(&db, &fixture_catalog()).await;
    let pool = guichet::store::connect_pool(&db.url.parse().unwrap(), 3).unwrap();
    let conns: Vec<_> = (0..3).map(|_| pool.get().unwrap()).collect();
    for mut conn in conns {
        let t: BusyTimeout = diesel::sql_query("PRAGMA busy_timeout").get_result(&mut *conn).unwrap();
        assert_eq!(t.timeout, 5000);
    }
}
