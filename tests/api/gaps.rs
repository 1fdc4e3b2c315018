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

/// Every gap of a rule, all pages.
async fn listed_gaps(app: &TestApp, rule: &str) -> Vec<Value> {
    let mut listed = Vec::new();
    for page in 1.. {
        let g = app.get_json(&format!("/api/v1/gaps?rule={rule}&per_page=100&page={page}")).await;
        let items = g["items"].as_array().unwrap().clone();
        if items.is_empty() {
            break;
        }
        listed.extend(items);
    }
    listed
}

#[tokio::test]
async fn not_known_is_never_missing_and_the_summary_says_how_much_is_known() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let rules = app.get_json("/api/v1/rules").await;
    assert_eq!(rules.as_array().unwrap().len(), 3);
    let catalog = guichet::import::load_catalog(&shipped_catalog()).unwrap();
    for rule in ["bxl-numerique-art13", "associations-walk-in", "any-offline-alternative"] {
        for gap in listed_gaps(&app, rule).await {
            for e in gap["evidence"].as_array().unwrap().iter().filter(|e| e["finding"] == "missing") {
                // Missing rests on a fact: a source saying there is none, closed or online-only channels, or the field.
                let reason = e["reason"].as_str().unwrap();
                assert!(
                    ["source_says_none", "closed", "booked_online_only", "observed_unreachable"].contains(&reason),
                    "{gap}"
                );
                if reason == "source_says_none" {
                    let slug = gap["procedure"]["slug"].as_str().unwrap();
                    let (_, p) = catalog.procedures().find(|(_, p)| p.slug == slug).unwrap();
                    assert!(!p.absent.is_empty(), "{slug}: no source says so");
                }
            }
        }
    }
    // Procedures of bodies under the ordinance with online channels only and no source saying there is nothing
    // else: the catalog does not know — insufficient data, never a breach.
    let in_scope = ["region", "cocom", "cocof", "commune", "cpas"];
    let listed = listed_gaps(&app, "bxl-numerique-art13").await;
    let mut online_only = 0;
    for (file, p) in catalog.procedures() {
        if in_scope.contains(&file.institution.level.as_str())
            && p.absent.is_empty()
            && p.channels.iter().all(|c| c.kind == "online" || c.kind == "email")
        {
            online_only += 1;
            assert!(!listed.iter().any(|g| g["procedure"]["slug"] == p.slug.as_str()), "{} is not a known gap", p.slug);
        }
    }
    let summary = app.get_json("/api/v1/gaps/summary?rule=bxl-numerique-art13").await;
    let overall = &summary[0]["overall"];
    assert!(overall["insufficient_data"].as_u64().unwrap() >= online_only, "{overall}");
    let coverage = overall["coverage"].as_f64().unwrap();
    assert!(coverage > 0.0 && coverage < 1.0, "{overall}");
    for (level, tally) in summary[0]["by_level"].as_object().unwrap() {
        assert!(tally["coverage"].is_f64() || tally["coverage"].is_null(), "{level}: {tally}");
    }
    // Federal procedures are not under this rule.
    assert!(listed.iter().all(|g| g["institution"]["level"] != "federal"));
    let federal = &summary[0]["by_level"]["federal"];
    assert_eq!(federal["compliant"], 0);
    assert!(federal["not_applicable"].as_u64().unwrap() > 0);
    assert!(federal["coverage"].is_null(), "no applicable finding: no coverage");
}

#[tokio::test]
async fn a_channel_observed_unreachable_makes_its_procedure_compliant_on_paper_only() {
    let catalog = verified_for_ten_years();
    let db = TestDb::new();
    let app = spawn_on(&db, catalog.path()).await;
    let (slug, evaluation) = compliant_on_single_channels(catalog.path());
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
    for (query, status, field) in [
        ("rule=nope", 404, "rule"),
        ("basis=vibes", 400, "basis"),
        ("basis=", 400, "basis"),
        ("level=empire", 400, "level"),
        ("institution=nope", 404, "institution"),
        ("commune=atlantis", 404, "commune"),
        ("per_page=0", 400, "per_page"),
    ] {
        app.assert_problem(&format!("/api/v1/gaps?{query}"), status, Some(field)).await;
    }
    app.assert_problem("/api/v1/gaps/summary?basis=vibes", 400, Some("basis")).await;
}

/// The shipped catalog with every institution's records verified for ten years: a channel whose source is more
/// than twelve months old is "to verify" and meets no requirement, so which procedures are compliant on declared
/// data would otherwise depend on the day the tests run (on 2026-12-04 none of the shipped catalog's was).
pub fn verified_for_ten_years() -> tempfile::TempDir {
    let catalog = catalog_copy(&shipped_catalog());
    for entry in std::fs::read_dir(catalog.path().join("institutions")).unwrap() {
        let file = entry.unwrap().path();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(!text.contains("update_every_months"), "{}", file.display());
        std::fs::write(&file, text.replacen("[institution]\n", "[institution]\nupdate_every_months = 120\n", 1))
            .unwrap();
    }
    catalog
}

/// A procedure of `catalog` compliant on declared data, each requirement resting on one channel.
pub fn compliant_on_single_channels(catalog: &std::path::Path) -> (String, Evaluation) {
    let snapshot = guichet::app::catalog::preview_snapshot(&guichet::import::load_catalog(catalog).unwrap()).unwrap();
    let rules = guichet::import::load_rules(catalog).unwrap();
    let ctx = guichet::app::Ctx::at(chrono::Utc::now(), std::sync::Arc::new(ObservedIndex::default()));
    let all = guichet::app::gaps::evaluate_all(&snapshot, &ctx, &rules);
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
