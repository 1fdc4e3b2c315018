//! Compliance gaps on the shipped Brussels catalog.

use crate::helpers::*;
use crate::observations::{post, token};
use guichet::catalog::observed::ObservedIndex;
use guichet::domain::compliance::{Compliance, Evaluation, Finding};
use serde_json::{Value, json};

fn all_gaps(page: &Value) -> Vec<(String, String, String)> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["procedure"]["slug"].as_str().unwrap().to_string(),
                g["rule"].as_str().unwrap().to_string(),
                g["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn online_only_procedures_of_bodies_under_the_ordinance_are_non_compliant() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let rules = app.get_json("/api/v1/rules").await;
    assert_eq!(rules.as_array().unwrap().len(), 3);
    let gaps = app.get_json("/api/v1/gaps?rule=bxl-numerique-art13&per_page=100").await;
    assert!(gaps["total"].as_u64().unwrap() > 0);
    // Every procedure of a regional, COCOM, COCOF, communal or CPAS body with only online channels is a gap,
    // missing all three kinds.
    let catalog = guichet::import::load_catalog(&shipped_catalog()).unwrap();
    let in_scope = ["region", "cocom", "cocof", "commune", "cpas"];
    let mut online_only = Vec::new();
    for (file, p) in catalog.procedures() {
        if in_scope.contains(&file.institution.level.as_str())
            && p.channels.iter().all(|c| c.kind == "online" || c.kind == "email")
        {
            online_only.push(p.slug.clone());
        }
    }
    let mut page = 1;
    let mut listed: Vec<Value> = Vec::new();
    loop {
        let g = app.get_json(&format!("/api/v1/gaps?rule=bxl-numerique-art13&per_page=100&page={page}")).await;
        let items = g["items"].as_array().unwrap().clone();
        if items.is_empty() {
            break;
        }
        listed.extend(items);
        page += 1;
    }
    for slug in &online_only {
        let gap = listed
            .iter()
            .find(|g| g["procedure"]["slug"] == slug.as_str())
            .unwrap_or_else(|| panic!("{slug} not a gap"));
        assert_eq!(gap["status"], "non_compliant");
        let missing: Vec<&str> = gap["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["finding"] == "missing")
            .map(|e| e["requirement"].as_str().unwrap())
            .collect();
        assert_eq!(missing, ["physical_reception", "telephone", "postal"], "{gap}");
    }
    // Federal procedures are not under this rule.
    assert!(listed.iter().all(|g| g["institution"]["level"] != "federal"));
    let summary = app.get_json("/api/v1/gaps/summary?rule=bxl-numerique-art13").await;
    let federal = &summary[0]["by_level"]["federal"];
    assert_eq!(federal["compliant"], 0);
    assert!(federal["not_applicable"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn a_channel_observed_unreachable_makes_its_procedure_compliant_on_paper_only() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let (slug, evaluation) = compliant_on_single_channels();
    let rule = evaluation.rule.clone();
    let before = app.get_json(&format!("/api/v1/gaps?rule={rule}&per_page=100")).await;
    assert!(!all_gaps(&before).iter().any(|g| g.0 == slug));

    observe_failing(&app, &db, &evaluation).await;
    let after = app.get_json(&format!("/api/v1/gaps?rule={rule}&per_page=100&basis=both")).await;
    assert!(
        all_gaps(&after).contains(&(slug.clone(), rule.clone(), "compliant_on_paper_only".into())),
        "{slug} {rule}"
    );
    let declared = app.get_json(&format!("/api/v1/gaps?rule={rule}&per_page=100&basis=declared")).await;
    assert!(!all_gaps(&declared).iter().any(|g| g.0 == slug), "declared data still satisfy the rule");
    let observed = app.get_json(&format!("/api/v1/gaps?rule={rule}&per_page=100&basis=observed")).await;
    assert!(all_gaps(&observed).iter().any(|g| g.0 == slug && g.2 == "non_compliant"));
}

#[tokio::test]
async fn bad_gap_parameters_are_named() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    for (query, field) in [
        ("rule=nope", "rule"),
        ("basis=vibes", "basis"),
        ("level=empire", "level"),
        ("institution=nope", "institution"),
        ("commune=atlantis", "commune"),
        ("per_page=0", "per_page"),
    ] {
        app.assert_problem(&format!("/api/v1/gaps?{query}"), 400, Some(field)).await;
    }
    app.assert_problem("/api/v1/gaps/summary?basis=vibes", 400, Some("basis")).await;
}

/// A procedure of the shipped catalog compliant on declared data, each requirement resting on one channel.
pub fn compliant_on_single_channels() -> (String, Evaluation) {
    let snapshot =
        guichet::startup::preview_snapshot(&guichet::import::load_catalog(&shipped_catalog()).unwrap()).unwrap();
    let rules = guichet::import::load_rules(&shipped_catalog()).unwrap();
    let all = guichet::api::gaps::evaluate_all(&snapshot, &ObservedIndex::default(), &rules, chrono::Utc::now());
    let (procedure, evaluation) = all
        .into_iter()
        .find(|(_, e)| {
            e.status == Compliance::Compliant
                && e.evidence.iter().all(|x| x.finding == Finding::Met && x.channels.len() == 1)
        })
        .expect("a compliant procedure resting on single channels");
    (snapshot.procedures[procedure].slug.clone(), evaluation)
}

/// Three recent failed attempts on each channel the evaluation rests on.
pub async fn observe_failing(app: &TestApp, db: &TestDb, evaluation: &Evaluation) {
    let t = token(db, "CPAS", guichet::domain::Role::Reporter, None);
    for evidence in &evaluation.evidence {
        for minutes_ago in [20, 10, 5] {
            let at = (chrono::Utc::now() - chrono::Duration::minutes(minutes_ago)).to_rfc3339();
            let body = json!({"channel_id": evidence.channels[0], "occurred_at": at, "outcome": "not_completed",
                "minutes_spent": 10, "on_behalf": true, "failure_reason": "closed_on_site"});
            assert_eq!(post(app, Some(&t), &body, None).await.status(), 201);
        }
    }
}
