use crate::gaps::{compliant_on_single_channels, observe_failing, verified_for_ten_years};
use crate::helpers::*;

fn publish(db: &TestDb, catalog: &std::path::Path, label: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_guichet"))
        .args(["editions", "publish", label])
        .env("GUICHET_DATABASE_URL", &db.url)
        .env("GUICHET_CATALOG", catalog)
        .env("GUICHET_LOG", "warn")
        .output()
        .unwrap()
}

#[tokio::test]
async fn two_editions_diff_correctly() {
    let catalog = verified_for_ten_years();
    let db = TestDb::new();
    let app = spawn_on(&db, catalog.path()).await;
    let first = publish(&db, catalog.path(), "2026-Q3");
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));

    // Make one compliant procedure compliant on paper only.
    let (slug, evaluation) = compliant_on_single_channels(catalog.path());
    observe_failing(&app, &db, &evaluation).await;
    assert!(publish(&db, catalog.path(), "2026-Q4").status.success());
    let again = publish(&db, catalog.path(), "2026-Q4");
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
