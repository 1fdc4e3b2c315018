use crate::helpers::*;

async fn channel_id(app: &TestApp, procedure: &str, key: &str) -> i64 {
    let p = app.get_json(&format!("/api/v1/procedures/{procedure}")).await;
    p["channels"].as_array().unwrap().iter().find(|c| c["key"] == key).unwrap()["id"].as_i64().unwrap()
}

#[tokio::test]
async fn one_channel_and_its_history() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let id = channel_id(&app, "fwb-study-grant", "phone").await;
    let channel = app.get_json(&format!("/api/v1/channels/{id}")).await;
    assert_eq!(channel["id"], id);
    assert_eq!(channel["procedure"]["slug"], "fwb-study-grant");
    assert_eq!(channel["kind"], "phone");
    assert_eq!(channel["declared"]["state"], "restricted");

    let history = app.get_json(&format!("/api/v1/channels/{id}/history")).await;
    assert_eq!(history["channel_id"], id);
    let items = history["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["basis"], "declared");
    assert_eq!(items[0]["state"], "restricted");
    assert_eq!(items[0]["current"], true);
}

#[tokio::test]
async fn malformed_and_unknown_ids() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    for bad in ["abc", "0", "-3", "1.5", "99999999999999999999999"] {
        app.assert_problem(&format!("/api/v1/channels/{bad}"), 400, Some("id")).await;
        app.assert_problem(&format!("/api/v1/channels/{bad}/history"), 400, Some("id")).await;
    }
    app.assert_problem("/api/v1/channels/999999", 404, None).await;
    app.assert_problem("/api/v1/channels/999999/history", 404, None).await;
}
