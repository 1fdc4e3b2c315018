use crate::helpers::*;
use crate::observations::{post, token};
use guichet::catalog::observed::ObservedIndex;
use guichet::domain::compliance::{Compliance, Finding};
use serde_json::json;

fn publish(db: &TestDb, label: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_guichet"))
        .args(["editions", "publish", label])
        .env("GUICHET_DATABASE_URL", &db.url)
        .env("GUICHET_CATALOG", shipped_catalog())
        .env("GUICHET_LOG", "warn")
        .output()
        .unwrap()
}

#[tokio::test]
async fn two_editions_diff_correctly() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let first = publish(&db, "2026-Q3");
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));

    // Make one compliant procedure compliant on paper only.
    let snapshot =
        guichet::startup::preview_snapshot(&guichet::import::load_catalog(&shipped_catalog()).unwrap()).unwrap();
    let rules = guichet::import::load_rules(&shipped_catalog()).unwrap();
    let all = guichet::api::gaps::evaluate_all(&snapshot, &ObservedIndex::default(), &rules, chrono::Utc::now());
    let (procedure, evaluation) = all
        .iter()
        .find(|(_, e)| {
            e.status == Compliance::Compliant
                && e.evidence.iter().all(|x| x.finding == Finding::Met && x.channels.len() == 1)
        })
        .unwrap();
    let slug = snapshot.procedures[*procedure].slug.clone();
    let t = token(&db, "CPAS", guichet::domain::Role::Reporter, None);
    for evidence in &evaluation.evidence {
        for minutes_ago in [20, 10, 5] {
            let body = json!({"channel_id": evidence.channels[0], "occurred_at": (chrono::Utc::now() - chrono::Duration::minutes(minutes_ago)).to_rfc3339(),
                "outcome": "not_completed", "minutes_spent": 10, "on_behalf": true, "failure_reason": "no_answer"});
            assert_eq!(post(&app, Some(&t), &body, None).await.status(), 201);
        }
    }
    assert!(publish(&db, "2026-Q4").status.success());
    let again = publish(&db, "2026-Q4");
    assert!(!again.status.success(), "an edition is never replaced");
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));

    let list = app.get_json("/api/v1/editions").await;
    let labels: Vec<&str> = list.as_array().unwrap().iter().map(|e| e["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["2026-Q3", "2026-Q4"]);
    let q4 = app.get_json("/api/v1/editions/2026-Q4").await;
    assert_eq!(q4["monitoring"]["total"], 3 * evaluation.evidence.len());
    let diff = app.get_json("/api/v1/editions/2026-Q3/diff/2026-Q4").await;
    let stopped = diff["rules"][&evaluation.rule]["stopped_being_compliant"].as_array().unwrap();
    assert!(stopped.iter().any(|c| c["procedure"] == slug.as_str() && c["to"] == "compliant_on_paper_only"), "{diff}");
    let back = app.get_json("/api/v1/editions/2026-Q4/diff/2026-Q3").await;
    let became = back["rules"][&evaluation.rule]["became_compliant"].as_array().unwrap();
    assert!(became.iter().any(|c| c["procedure"] == slug.as_str()));
    let same = app.get_json("/api/v1/editions/2026-Q3/diff/2026-Q3").await;
    assert!(same["rules"].as_object().unwrap().is_empty());

    app.assert_problem("/api/v1/editions/1999-Q1", 404, None).await;
    app.assert_problem("/api/v1/editions/bad%20label", 400, Some("label")).await;
    app.assert_problem("/api/v1/editions/2026-Q3/diff/nope", 404, None).await;
}
