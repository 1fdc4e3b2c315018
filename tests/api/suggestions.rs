//! Suggestions from the field: proposed by a visitor or a reporter, kept apart from the facts, queued for the
//! institution's editors, accepted (the report becomes the fact's source) or rejected with a reason the proposer
//! reads with the tracking code.

use crate::editing::{editor, read, send};
use crate::helpers::*;
use crate::observations::{channel_id, token};
use guichet::domain::Role;
use serde_json::{Value, json};

async fn propose(app: &TestApp, token: Option<&str>, channel: i64, body: &Value) -> reqwest::Response {
    send(app, reqwest::Method::POST, &format!("/api/v1/channels/{channel}/suggestions"), token, None, Some(body)).await
}

fn today() -> String {
    chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string()
}

#[tokio::test]
async fn a_suggestion_is_proposed_queued_and_accepted_as_a_sourced_fact() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let reporter = token(&db, "Asbl 1030", Role::Reporter, None);
    let fwb = editor(&db, "FWB", &["fwb-allocations-etudes"]);
    let schaerbeek = editor(&db, "Commune", &["commune-schaerbeek"]);
    let admin = token(&db, "guichet", Role::Admin, None);
    let phone = channel_id(&app, "fwb-study-grant", "phone").await;
    let day = today();

    let seen = json!({"fact": "phone", "seen": "The number on the letter changed", "proposed": "02 413 37 37", "seen_on": day});
    let r = propose(&app, Some(&reporter), phone, &seen).await;
    assert_eq!(r.status(), 201);
    let mine: Value = r.json().await.unwrap();
    let code = mine["tracking_code"].as_str().unwrap().to_string();
    assert_eq!(mine["state"], "pending");
    // A visitor too, without a token.
    let r = propose(&app, None, phone, &json!({"seen": "Closed on Fridays since March", "seen_on": day})).await;
    assert_eq!(r.status(), 201);
    let visitor: Value = r.json().await.unwrap();
    // Kept apart from the facts: the channel is unchanged until accepted.
    assert!(read(&app, phone).await.0["phone"].is_null());

    // Followed by code, without who proposed.
    let followed = app.get_json(&format!("/api/v1/suggestions/{}", code.to_lowercase())).await;
    assert_eq!(followed["state"], "pending");
    assert_eq!(followed["proposed"], "02 413 37 37");
    assert!(followed.get("organisation").is_none() && !followed.to_string().contains("Asbl"), "{followed}");

    // The queue: the institution's editors and admins, each item with the organisation (none for a visitor).
    let queue = |t: String| {
        let app = app.clone();
        async move { send(&app, reqwest::Method::GET, "/api/v1/suggestions", Some(&t), None, None).await }
    };
    let q: Value = queue(fwb.clone()).await.json().await.unwrap();
    assert_eq!(q["total"], 2);
    assert_eq!(q["items"][0]["organisation"], "Asbl 1030");
    assert!(q["items"][1]["organisation"].is_null());
    assert_eq!(queue(schaerbeek.clone()).await.json::<Value>().await.unwrap()["total"], 0);
    assert_eq!(queue(admin.clone()).await.json::<Value>().await.unwrap()["total"], 2);
    assert_eq!(queue(reporter.clone()).await.status(), 403);

    // Accepting needs the channel's version and the editor's scope.
    let (_, tag) = read(&app, phone).await;
    let accept = format!("/api/v1/suggestions/{code}/accept");
    let changes = json!({"changes": {"phone": "02 413 37 37"}});
    assert_eq!(send(&app, reqwest::Method::POST, &accept, Some(&fwb), None, Some(&changes)).await.status(), 428);
    assert_eq!(
        send(&app, reqwest::Method::POST, &accept, Some(&schaerbeek), Some(&tag), Some(&changes)).await.status(),
        403
    );
    let r = send(&app, reqwest::Method::POST, &accept, Some(&fwb), Some(&tag), Some(&changes)).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["state"], "accepted");
    let (channel, _) = read(&app, phone).await;
    assert_eq!(channel["phone"]["number"], "02 413 37 37");
    let source = &channel["fact_sources"]["phone"];
    assert_eq!(source["title"]["en"], format!("Reported by Asbl 1030 on {day}"), "{channel}");
    assert_eq!(source["title"]["fr"], format!("Signalé par Asbl 1030 le {day}"));
    assert_eq!(source["date"], day);
    assert!(!channel.to_string().contains(&code), "the tracking code stays the proposer's");
    // Decided once.
    let (_, tag) = read(&app, phone).await;
    assert_eq!(send(&app, reqwest::Method::POST, &accept, Some(&fwb), Some(&tag), Some(&changes)).await.status(), 409);

    // Rejected with a reason the visitor reads; the reason goes through the privacy gate.
    let visitor_code = visitor["tracking_code"].as_str().unwrap();
    let reject = format!("/api/v1/suggestions/{visitor_code}/reject");
    let r = send(
        &app,
        reqwest::Method::POST,
        &reject,
        Some(&fwb),
        None,
        Some(&json!({"reason": "write to jan.peeters@example.com"})),
    )
    .await;
    assert_eq!(r.status(), 422);
    let reason = json!({"reason": "The counter is open on Fridays; the phone line is closed that day."});
    assert_eq!(send(&app, reqwest::Method::POST, &reject, Some(&fwb), None, Some(&reason)).await.status(), 200);
    let followed = app.get_json(&format!("/api/v1/suggestions/{visitor_code}")).await;
    assert_eq!(
        (followed["state"].as_str(), followed["reason"].as_str()),
        (Some("rejected"), reason["reason"].as_str())
    );

    // Both decisions are in the audit log.
    let log: Value =
        send(&app, reqwest::Method::GET, "/api/v1/audit", Some(&admin), None, None).await.json().await.unwrap();
    let actions: Vec<&str> = log["items"].as_array().unwrap().iter().map(|i| i["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["reject", "accept", "update"]);
}

#[tokio::test]
async fn a_suggestion_is_checked_and_personal_data_refused() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let phone = channel_id(&app, "fwb-study-grant", "phone").await;
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Duration::days(2)).format("%Y-%m-%d").to_string();
    let cases = [
        (json!({"seen": "Call Marie on 0475 12 34 56", "seen_on": today()}), "seen"),
        (json!({"seen": "It moved", "seen_on": tomorrow}), "seen_on"),
        (json!({"seen": "It moved", "seen_on": "last week"}), "seen_on"),
        (json!({"seen": "It moved", "seen_on": today(), "fact": "colour"}), "fact"),
        (json!({"seen_on": today()}), "seen"),
        (json!({"seen": "New number", "fact": "phone", "proposed": "Marie Dubois", "seen_on": today()}), "proposed"),
        (json!({"seen": "New hours", "fact": "opening_hours", "proposed": "mornings", "seen_on": today()}), "proposed"),
        (
            json!({"seen": "Moved", "fact": "address", "proposed": "ask marie@example.com", "seen_on": today()}),
            "proposed",
        ),
    ];
    for (body, field) in cases {
        let r = propose(&app, None, phone, &body).await;
        assert_eq!(r.status(), 422, "{body}");
        let problem: Value = r.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], field, "{body}: {problem}");
    }
    assert_eq!(propose(&app, None, 999_999, &json!({"seen": "x", "seen_on": today()})).await.status(), 404);
    assert_eq!(propose(&app, Some("gch_nope"), phone, &json!({"seen": "x", "seen_on": today()})).await.status(), 401);
    assert_eq!(app.get("/api/v1/suggestions/AAAA-BBBB-CCCC").await.status(), 404);
    assert_eq!(app.get("/api/v1/suggestions/nope").await.status(), 400);
}
