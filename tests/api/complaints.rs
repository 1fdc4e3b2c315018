use crate::helpers::*;
use crate::observations::{channel_id, token};
use serde_json::{Value, json};

async fn complain(app: &TestApp, body: &Value) -> reqwest::Response {
    app.client.post(format!("{}/api/v1/complaints", app.address)).json(body).send().await.unwrap()
}

#[tokio::test]
async fn a_complaint_is_recorded_trackable_and_counts_as_evidence() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let phone = channel_id(&app, "fwb-study-grant", "phone").await;
    let r = complain(
        &app,
        &json!({"channel_id": phone, "problem": "line_saturated",
                "description": "Tous nos agents sont en ligne, puis coupé. Trois jours de suite.",
                "email": "me@example.org"}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let created: Value = r.json().await.unwrap();
    let code = created["tracking_code"].as_str().unwrap().to_string();
    assert_eq!(location, format!("/api/v1/complaints/{code}"));
    assert_eq!(code.len(), 14);
    assert_eq!(created["state"], "received");
    assert_eq!(created["procedure"], "fwb-study-grant");
    assert!(!created.to_string().contains("me@example.org"), "the e-mail is never shown");

    let tracked = app.get_json(&format!("/api/v1/complaints/{code}")).await;
    assert_eq!(tracked["history"][0]["state"], "received");
    assert!(!tracked.to_string().contains("example.org"));
    let lower = app.get_json(&format!("/api/v1/complaints/{}", code.to_lowercase())).await;
    assert_eq!(lower["tracking_code"], code.as_str());

    let channel = app.get_json(&format!("/api/v1/channels/{phone}")).await;
    assert_eq!(channel["observed"]["complaints"], 1);

    // Only editors and admins move it on.
    let reporter = token(&db, "Asbl", guichet::domain::Role::Reporter, None);
    let editor = token(&db, "Médiateur", guichet::domain::Role::Editor, None);
    let patch = |t: String, body: Value| {
        let app = app.clone();
        let code = code.clone();
        async move {
            app.client
                .patch(format!("{}/api/v1/complaints/{code}", app.address))
                .bearer_auth(t)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(patch(reporter, json!({"state": "forwarded"})).await.status(), 403);
    assert_eq!(patch(editor.clone(), json!({"state": "lost"})).await.status(), 422);
    let moved =
        patch(editor, json!({"state": "forwarded", "note": "Transmis au service des allocations d'études"})).await;
    assert_eq!(moved.status(), 200);
    let moved: Value = moved.json().await.unwrap();
    assert_eq!(moved["state"], "forwarded");
    assert_eq!(moved["history"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn bad_complaints_are_refused_and_name_the_field() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let cases = [
        (json!({"procedure": "fwb-study-grant", "problem": "rude", "description": "x"}), 422, "problem"),
        (json!({"procedure": "fwb-study-grant", "problem": "other"}), 422, "description"),
        (
            json!({"procedure": "fwb-study-grant", "problem": "other", "description": "x".repeat(2001)}),
            422,
            "description",
        ),
        (json!({"procedure": "nope", "problem": "other", "description": "x"}), 422, "procedure"),
        (json!({"channel_id": 999999, "problem": "other", "description": "x"}), 422, "channel_id"),
        (json!({"problem": "other", "description": "x"}), 422, "channel_id"),
        (
            json!({"procedure": "fwb-study-grant", "problem": "other", "description": "x", "email": "nope"}),
            422,
            "email",
        ),
        (json!({"procedure": "fwb-study-grant", "problem": "other", "description": "x", "name": "Jean"}), 400, "name"),
    ];
    for (body, status, field) in cases {
        let r = complain(&app, &body).await;
        assert_eq!(r.status(), status, "{body}");
        let problem: Value = r.json().await.unwrap();
        assert!(problem["errors"].as_array().unwrap().iter().any(|e| e["field"] == field), "{problem}");
    }
    app.assert_problem("/api/v1/complaints/not-a-code", 400, Some("tracking_code")).await;
    app.assert_problem("/api/v1/complaints/AAAA-BBBB-CCCC", 404, None).await;
}

#[tokio::test]
async fn complaints_are_limited_per_client_address() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let body = json!({"procedure": "fwb-study-grant", "problem": "no_answer", "description": "Pas de réponse."});
    for _ in 0..5 {
        assert_eq!(complain(&app, &body).await.status(), 201);
    }
    let limited = complain(&app, &body).await;
    assert_eq!(limited.status(), 429);
    let retry: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=600).contains(&retry), "{retry}");
    assert_eq!(limited.headers()["content-type"], "application/problem+json");
    // A forged X-Forwarded-For changes nothing unless the operator trusts a proxy.
    let forged = app
        .client
        .post(format!("{}/api/v1/complaints", app.address))
        .header("X-Forwarded-For", "203.0.113.7")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 429);
}
