//! Group commit (issue 17): concurrent observations are written together, one transaction for the group, each
//! caller answered after it commits — every acknowledged observation stored once, with the counts as stored, an
//! idempotent replay inside a group answered from the group, and one refused item failing alone.

use crate::helpers::*;
use crate::observations::{channel_id, post, token};
use diesel::prelude::*;
use guichet::app::group_commit::{Submission, commit_group};
use guichet::app::observe::{Idempotency, Recorded, Report};
use guichet::catalog::observed::load_observed;
use guichet::domain::{DeclaredState, FailureReason, Outcome};
use guichet::store::schema::{idempotency_keys, observations, observed_transitions};
use serde_json::{Value, json};
use std::collections::HashMap;

fn body(channel: i64, n: usize) -> Value {
    let at = chrono::Utc::now() - chrono::Duration::minutes(20);
    // Runs of three failures and three successes, so that the observed state keeps changing.
    let failed = (n / 3).is_multiple_of(2);
    let mut b = json!({
        "channel_id": channel,
        "occurred_at": at.to_rfc3339(),
        "outcome": if failed { "not_completed" } else { "completed" },
        "minutes_spent": 3,
        "on_behalf": false,
    });
    if failed {
        b["failure_reason"] = json!("no_answer");
    }
    b
}

#[tokio::test]
async fn many_posts_at_once_are_each_stored_once_with_the_counts_as_stored() {
    const AT_ONCE: usize = 48;
    const EACH: usize = 4;
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let t = token(&db, "Groupe simultané", guichet::domain::Role::Reporter, None);
    let channels = [
        channel_id(&app, "fwb-study-grant", "registered-letter").await,
        channel_id(&app, "fwb-study-grant", "phone").await,
    ];
    let mut tasks = Vec::new();
    for w in 0..AT_ONCE {
        let (app, t) = (app.clone(), t.clone());
        let channel = channels[w % channels.len()];
        tasks.push(tokio::spawn(async move {
            let mut answers = Vec::new();
            for n in 0..EACH {
                let r = post(&app, Some(&t), &body(channel, w + n), Some(&format!("at-once-{w}-{n}"))).await;
                let status = r.status().as_u16();
                answers.push((channel, status, r.json::<Value>().await.unwrap_or(Value::Null)));
            }
            answers
        }));
    }
    let mut answers = Vec::new();
    for task in tasks {
        answers.extend(task.await.unwrap());
    }
    assert!(answers.iter().all(|(_, s, _)| *s == 201), "{:?}", answers.iter().map(|a| a.1).collect::<Vec<_>>());
    let ids: std::collections::HashSet<i64> =
        answers.iter().map(|(_, _, b)| b["observation"]["id"].as_i64().unwrap()).collect();
    assert_eq!(ids.len(), AT_ONCE * EACH, "one id per acknowledged observation");

    let pool = connect(&db.url);
    let mut conn = pool.get().unwrap();
    for channel in channels {
        // Every 201 counted the observations stored before it and itself: 1..=N on each channel, each once.
        let mut counts: Vec<u64> = answers
            .iter()
            .filter(|(c, _, _)| *c == channel)
            .map(|(_, _, b)| b["channel"]["observed"]["observations"].as_u64().unwrap())
            .collect();
        counts.sort_unstable();
        let n = counts.len() as u64;
        assert_eq!(counts, (1..=n).collect::<Vec<_>>(), "counts on channel {channel}");
        let stored: Vec<i64> = observations::table
            .filter(observations::channel_id.eq(channel))
            .select(observations::id)
            .load(&mut conn)
            .unwrap();
        assert_eq!(stored.len() as u64, n, "stored on channel {channel}");
        assert!(stored.iter().all(|id| ids.contains(id)), "only acknowledged observations are stored");
        let shown = app.get_json(&format!("/api/v1/channels/{channel}")).await;
        assert_eq!(shown["observed"]["observations"], n, "{shown}");
        // One stored transition per change of state: never the same state twice in a row.
        let history: Vec<(String, i32)> = observed_transitions::table
            .filter(observed_transitions::channel_id.eq(channel))
            .order(observed_transitions::id)
            .select((observed_transitions::state, observed_transitions::observations))
            .load(&mut conn)
            .unwrap();
        assert!(!history.is_empty());
        for pair in history.windows(2) {
            assert_ne!(pair[0].0, pair[1].0, "repeated transition in {history:?}");
            assert!(pair[0].1 < pair[1].1, "{history:?}");
        }
        let listed = app.get_json(&format!("/api/v1/channels/{channel}/history")).await;
        let observed = listed["items"].as_array().unwrap().iter().filter(|h| h["basis"] == "observed").count();
        assert_eq!(observed, history.len(), "{listed}");
    }
}

#[tokio::test]
async fn the_same_key_sent_many_times_at_once_is_stored_once() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let t = token(&db, "Clé répétée", guichet::domain::Role::Reporter, None);
    let letter = channel_id(&app, "fwb-study-grant", "registered-letter").await;
    let b = body(letter, 0);
    let mut tasks = Vec::new();
    for _ in 0..24 {
        let (app, t, b) = (app.clone(), t.clone(), b.clone());
        tasks.push(tokio::spawn(async move {
            let r = post(&app, Some(&t), &b, Some("one-key-many-sends")).await;
            let replayed = r.headers().get("Idempotent-Replayed").is_some();
            (r.status().as_u16(), replayed, r.text().await.unwrap())
        }));
    }
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    assert!(answers.iter().all(|(s, _, _)| *s == 201), "{answers:?}");
    assert_eq!(answers.iter().filter(|(_, replayed, _)| !replayed).count(), 1, "one first answer");
    assert!(answers.iter().all(|(_, _, text)| *text == answers[0].2), "every answer is the first one");
    let pool = connect(&db.url);
    let mut conn = pool.get().unwrap();
    let stored: i64 =
        observations::table.filter(observations::channel_id.eq(letter)).count().get_result(&mut conn).unwrap();
    assert_eq!(stored, 1);
}

fn report(channel_id: i64, outcome: Outcome) -> Report {
    Report {
        channel_id,
        occurred_at: chrono::Utc::now() - chrono::Duration::minutes(10),
        outcome,
        minutes_spent: 4,
        on_behalf: true,
        failure_reason: (outcome != Outcome::Completed).then_some(FailureReason::NoAnswer),
        wait_minutes: None,
        reporter_role: None,
        comment: None,
    }
}

fn submission(org: i64, report: Report, key: Option<(&str, &str)>) -> Submission {
    Submission {
        organisation_id: org,
        organisation: "Groupe direct".into(),
        commune: None,
        report,
        declared: DeclaredState::Open,
        idempotency: key.map(|(key, hash)| Idempotency { key: key.into(), request_hash: hash.into() }),
    }
}

/// What a group's results say, to compare: created (with its id and count), replayed (the same), conflict, failed.
fn outline(results: &[Result<Recorded, guichet::store::StoreError>]) -> Vec<String> {
    results
        .iter()
        .map(|r| match r {
            Ok(Recorded::Created(body) | Recorded::Replayed(body)) => {
                let b: Value = serde_json::from_str(body).unwrap();
                let kind = if matches!(r, Ok(Recorded::Created(_))) { "created" } else { "replayed" };
                format!("{kind} {} {}", b["observation"]["id"], b["channel"]["observed"]["observations"])
            }
            Ok(Recorded::Conflict) => "conflict".into(),
            Err(_) => "failed".into(),
        })
        .collect()
}

/// A group as the writer makes it, on a database the app prepared: (connection, index, organisation, a channel).
async fn direct(db: &TestDb) -> (guichet::store::Conn, guichet::catalog::observed::ObservedIndex, i64, i64) {
    let app = spawn_on(db, &fixture_catalog()).await;
    let letter = channel_id(&app, "fwb-study-grant", "registered-letter").await;
    let _ = token(db, "Groupe direct", guichet::domain::Role::Reporter, None);
    let mut conn = connect(&db.url).get().unwrap();
    let org = guichet::store::observations::find_organisation(&mut conn, "Groupe direct").unwrap().unwrap().0;
    let observed = load_observed(&mut conn, Default::default()).unwrap();
    (conn, observed, org, letter)
}

#[tokio::test]
async fn a_key_seen_earlier_in_the_same_group_is_replayed_from_it() {
    let db = TestDb::new();
    let (mut conn, observed, org, letter) = direct(&db).await;
    let group = [
        submission(org, report(letter, Outcome::NotCompleted), Some(("k1", "hash-a"))),
        submission(org, report(letter, Outcome::NotCompleted), None),
        // The same key and body as the first: its answer; the same key with another body: a conflict.
        submission(org, report(letter, Outcome::NotCompleted), Some(("k1", "hash-a"))),
        submission(org, report(letter, Outcome::Completed), Some(("k1", "hash-b"))),
        submission(org, report(letter, Outcome::NotCompleted), Some(("k2", "hash-a"))),
    ];
    let results = commit_group(&mut conn, &observed, &group, &|_, _| {});
    let got = outline(&results);
    let first_id: i64 = got[0].split(' ').nth(1).unwrap().parse().unwrap();
    assert_eq!(
        got,
        vec![
            format!("created {first_id} 1"),
            format!("created {} 2", first_id + 1),
            format!("replayed {first_id} 1"),
            "conflict".to_string(),
            format!("created {} 3", first_id + 2),
        ]
    );
    let (Ok(Recorded::Created(a)), Ok(Recorded::Replayed(b))) = (&results[0], &results[2]) else { panic!() };
    assert_eq!(a, b, "the replay is the first answer, byte for byte");
    let stored: i64 = observations::table.count().get_result(&mut conn).unwrap();
    assert_eq!(stored, 3);
    let keys: i64 = idempotency_keys::table.count().get_result(&mut conn).unwrap();
    assert_eq!(keys, 2);
    // Applied to the index once committed, each once.
    assert_eq!(observed.observed(letter, DeclaredState::Open, chrono::Utc::now()).reachability.observations, 3);
    // A later group replays from the database.
    let later = [submission(org, report(letter, Outcome::NotCompleted), Some(("k2", "hash-a")))];
    assert_eq!(
        outline(&commit_group(&mut conn, &observed, &later, &|_, _| {})),
        vec![got[4].replace("created", "replayed")]
    );
}

#[tokio::test]
async fn a_refused_item_does_not_fail_its_neighbours() {
    let db = TestDb::new();
    let (mut conn, observed, org, letter) = direct(&db).await;
    let marked = std::sync::Mutex::new(HashMap::new());
    let own = |change, mine: bool| {
        *marked.lock().unwrap().entry(format!("{change:?}")).or_insert(0) += if mine { 1 } else { -1 };
    };
    let group = [
        submission(org, report(letter, Outcome::NotCompleted), Some(("before", "h"))),
        // No such channel in the database: its insert breaks the foreign key.
        submission(org, report(9_999_999, Outcome::NotCompleted), Some(("refused", "h"))),
        submission(org, report(letter, Outcome::NotCompleted), Some(("after", "h"))),
    ];
    let results = commit_group(&mut conn, &observed, &group, &own);
    let got = outline(&results);
    assert_eq!(got[1], "failed");
    assert!(got[0].starts_with("created ") && got[0].ends_with(" 1"), "{got:?}");
    assert!(got[2].starts_with("created ") && got[2].ends_with(" 2"), "{got:?}");
    let stored: Vec<i64> = observations::table.select(observations::channel_id).load(&mut conn).unwrap();
    assert_eq!(stored, vec![letter, letter]);
    let keys: Vec<String> =
        idempotency_keys::table.select(idempotency_keys::key).order(idempotency_keys::key).load(&mut conn).unwrap();
    assert_eq!(keys, vec!["after".to_string(), "before".to_string()], "the refused item left no key");
    // The two stored observations went up the transition to unreachable once (two failures).
    let history: Vec<String> = observed_transitions::table
        .filter(observed_transitions::channel_id.eq(letter))
        .select(observed_transitions::state)
        .load(&mut conn)
        .unwrap();
    assert_eq!(history, vec!["unreachable".to_string()]);
    assert_eq!(observed.observed(letter, DeclaredState::Open, chrono::Utc::now()).reachability.observations, 2);
    assert!(observed.evidence(9_999_999).is_empty());
    // The writes committed are marked as this instance's (before commit), those of the failed attempt never.
    let marked = marked.into_inner().unwrap();
    assert_eq!(marked.len(), 2, "{marked:?}");
    assert!(marked.values().all(|&n| n == 1), "{marked:?}");
}
