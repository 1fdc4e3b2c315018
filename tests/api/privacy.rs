//! The privacy gate at every door that stores free text (API, web form), and the start-up sweep of texts stored
//! before it: each test fails if the protection is removed.

use crate::helpers::*;
use crate::observations::{channel_id, post, token};
use guichet::store::complaints::{NewComplaint, insert_complaint};
use guichet::store::privacy::{Redacted, redact_stored_texts};
use serde_json::{Value, json};

async fn complain(app: &TestApp, body: &Value) -> reqwest::Response {
    app.client.post(format!("{}/api/v1/complaints", app.address)).json(body).send().await.unwrap()
}

/// The problem's error for `field`, asserting a 422 problem+json that names it.
async fn refused(r: reqwest::Response, field: &str) -> Value {
    assert_eq!(r.status(), 422);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let problem: Value = r.json().await.unwrap();
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == field)
        .unwrap_or_else(|| panic!("{field} not named in {problem}"))
        .clone()
}

#[tokio::test]
async fn a_complaint_description_with_personal_data_is_refused_naming_the_field_and_the_kind() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let phone = channel_id(&app, "fwb-study-grant", "phone").await;
    let body = |description: &str| json!({"channel_id": phone, "problem": "no_answer", "description": description});
    let cases = [
        ("Remboursez sur BE68 5390 0754 7034 svp", "IBAN"),
        ("remboursement: be68539007547034", "IBAN"),
        ("compte ＢＥ６８ ５３９０ ０７５４ ７０３４", "IBAN"),
        ("RN ８５．０７．３０‐０３３．２８, rien reçu", "national register number"),
        ("rappelez-moi: jean [at] example [dot] be", "e-mail"),
        ("appelez le ٠٤٧٠ ١٢ ٣٤ ٥٦", "phone"),
    ];
    for (description, kind) in cases {
        let error = refused(complain(&app, &body(description)).await, "description").await;
        let message = error["message"].as_str().unwrap();
        assert!(message.contains(kind), "{description}: {message}");
        assert!(!message.contains("7034") && !message.contains("example"), "the value is never echoed: {message}");
    }
    // Nothing was stored; a clean description is.
    assert_eq!(app.get_json(&format!("/api/v1/channels/{phone}")).await["observed"]["complaints"], 0);
    let r = complain(&app, &body("Personne ne répond au 0800, trois jours de suite.")).await;
    assert_eq!(r.status(), 201);

    // The note an editor adds is shown to whoever has the code: gated too.
    let code = r.json::<Value>().await.unwrap()["tracking_code"].as_str().unwrap().to_string();
    let editor = token(&db, "Médiateur", guichet::domain::Role::Editor, None);
    let r = app
        .client
        .patch(format!("{}/api/v1/complaints/{code}", app.address))
        .bearer_auth(editor)
        .json(&json!({"state": "answered", "note": "Répondu à madame (at) example.org"}))
        .send()
        .await
        .unwrap();
    refused(r, "note").await;
}

#[tokio::test]
async fn an_observation_comment_with_a_fullwidth_national_register_number_is_refused() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let t = token(&db, "Asbl", guichet::domain::Role::Reporter, None);
    let letter = channel_id(&app, "fwb-study-grant", "registered-letter").await;
    let body = |comment: &str| {
        json!({"channel_id": letter, "occurred_at": chrono::Utc::now().to_rfc3339(), "outcome": "completed",
               "minutes_spent": 20, "on_behalf": true, "comment": comment})
    };
    for comment in ["RN ８５０７３００３３２８", "niss 85\u{a0}07\u{2009}30\u{2013}033\u{202f}28", "RN ۸۵۰۷۳۰۰۳۳۲۸"]
    {
        let error = refused(post(&app, Some(&t), &body(comment), None).await, "comment").await;
        assert!(error["message"].as_str().unwrap().contains("national register number"), "{error}");
    }
    let r = post(&app, Some(&t), &body("Envoyé en recommandé, accusé reçu après 3 jours"), None).await;
    assert_eq!(r.status(), 201);
    assert_eq!(app.get_json("/api/v1/stats/monitoring").await["total"], 1, "only the clean one was stored");
}

#[tokio::test]
async fn the_web_complaint_form_says_what_was_found_in_the_visitors_language() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let id = channel_id(&app, "fwb-study-grant", "phone").await;
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    for (lang, words) in [("nl", "bankrekeningnummer"), ("fr", "numéro de compte bancaire"), ("en", "bank account")] {
        let r = client.get(format!("{}/{lang}/complaints/new?channel={id}", app.address)).send().await.unwrap();
        let cookie = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("guichet_csrf="))
            .map(|v| v.split(';').next().unwrap().to_string())
            .unwrap();
        let html = r.text().await.unwrap();
        let marker = "name=\"csrf\" value=\"";
        let start = html.find(marker).unwrap() + marker.len();
        let csrf = html[start..start + html[start..].find('"').unwrap()].to_string();
        let fields = [
            ("csrf", csrf),
            ("channel_id", id.to_string()),
            ("problem", "no_answer".to_string()),
            ("description", "Terugbetalen op BE68 5390 0754 7034".to_string()),
        ];
        let r = client
            .post(format!("{}/{lang}/complaints", app.address))
            .header("Cookie", cookie)
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 422, "{lang}");
        let html = r.text().await.unwrap();
        assert!(html.contains("href=\"#f-description\""), "{lang}: the error links to the field");
        assert!(html.contains(words), "{lang}: the kind in words");
    }
}

/// A complaint stored as older versions could, straight through the store.
fn stored_complaint(db: &TestDb, description: &str) -> String {
    let pool = connect(&db.url);
    let mut conn = pool.get().unwrap();
    let procedure_id: i64 = {
        use diesel::prelude::*;
        use guichet::store::schema::procedures;
        procedures::table.select(procedures::id).first(&mut conn).unwrap()
    };
    let code = guichet::store::complaints::new_tracking_code();
    let new = NewComplaint {
        procedure_id,
        channel_id: None,
        problem: guichet::domain::ComplaintProblem::NoAnswer,
        description: description.to_string(),
        email: None,
    };
    insert_complaint(&mut conn, &new, &code).unwrap();
    code
}

#[tokio::test]
async fn stored_texts_the_gate_refuses_are_redacted_once_at_start_up() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    drop(app);
    let code = stored_complaint(&db, "Mme X, RN 85.07.30-033.28, attend depuis mars");
    let clean = stored_complaint(&db, "Personne ne répond");

    let pool = connect(&db.url);
    let mut conn = pool.get().unwrap();
    let first = redact_stored_texts(&mut conn).unwrap();
    assert_eq!(first, Redacted { complaints: 1, notes: 0, observations: 0 });
    assert_eq!(redact_stored_texts(&mut conn).unwrap().total(), 0, "a second run changes nothing");
    let row = guichet::store::complaints::find_complaint(&mut conn, &code).unwrap().unwrap();
    assert_eq!(row.0.description, "Mme X, RN [removed: personal data], attend depuis mars");
    let row = guichet::store::complaints::find_complaint(&mut conn, &clean).unwrap().unwrap();
    assert_eq!(row.0.description, "Personne ne répond");

    // The server runs the sweep when it starts: a text stored since is redacted before anyone can read it.
    let later = stored_complaint(&db, "contact: jean@example.be");
    drop(conn);
    let app = spawn_on(&db, &fixture_catalog()).await;
    let shown = app.get_json(&format!("/api/v1/complaints/{later}")).await;
    assert_eq!(shown["description"], "contact: [removed: personal data]");
}
