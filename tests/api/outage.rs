//! The database gone: requests that need it answer 503 within the pool timeout (pages in the visitor's language,
//! problem+json on the API, `/readyz` at once), and everything works again when it is back, without a restart.
//! PostgreSQL only: the test refuses connections to the test's database and cuts those open.

use crate::helpers::*;
use diesel::Connection;
use diesel::connection::SimpleConnection;
use guichet::startup::Application;
use std::time::Duration;

fn admin() -> Option<diesel::PgConnection> {
    let server = std::env::var("GUICHET_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())?;
    Some(diesel::PgConnection::establish(&server).expect("test server reachable"))
}

fn cut(admin: &mut diesel::PgConnection, name: &str) {
    admin
        .batch_execute(&format!(
            "ALTER DATABASE {name} ALLOW_CONNECTIONS false; \
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
        ))
        .unwrap();
}

fn restore(admin: &mut diesel::PgConnection, name: &str) {
    admin.batch_execute(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true")).unwrap();
}

#[tokio::test]
async fn with_the_database_gone_requests_answer_503_fast_and_recover_without_restart() {
    let Some(mut admin) = admin() else { return };
    let db = TestDb::new();
    let name = db.url.rsplit('/').next().unwrap().to_string();
    let mut settings = settings(&db.url, &fixture_catalog());
    settings.db_timeout = Duration::from_secs(1);
    let app = Application::build(settings).await.expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    // The bound: well under the 10 s a request used to wait for a connection.
    let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    let get = |path: &str| client.get(format!("{address}{path}")).send();
    let token = crate::observations::token(&db, "Panne", guichet::domain::Role::Reporter, None);

    assert_eq!(get("/readyz").await.unwrap().status(), 200);
    assert_eq!(get("/fr/complaints/ABCD-EFGH-JKLM").await.unwrap().status(), 404);

    cut(&mut admin, &name);
    let ready = get("/readyz").await.expect("answered within the bound");
    assert_eq!(ready.status(), 503);
    assert_eq!(ready.headers()["content-type"], "application/problem+json");
    for (lang, heading) in [
        ("fr", "Service momentanément indisponible"),
        ("nl", "Dienst tijdelijk niet beschikbaar"),
        ("en", "Service temporarily unavailable"),
    ] {
        let page = get(&format!("/{lang}/complaints/ABCD-EFGH-JKLM")).await.expect("answered within the bound");
        assert_eq!(page.status(), 503, "{lang}");
        assert!(page.headers().contains_key("retry-after"));
        let html = page.text().await.unwrap();
        assert!(html.contains(&format!("lang=\"{lang}\"")), "{html}");
        assert!(html.contains(heading), "{html}");
    }
    let observation = client
        .post(format!("{address}/api/v1/observations"))
        .bearer_auth(&token)
        .json(&serde_json::json!({}))
        .send()
        .await
        .expect("answered within the bound");
    assert_eq!(observation.status(), 503);
    assert_eq!(observation.headers()["content-type"], "application/problem+json");

    // Back: the same server answers again.
    restore(&mut admin, &name);
    assert_eq!(get("/readyz").await.unwrap().status(), 200);
    assert_eq!(get("/nl/complaints/ABCD-EFGH-JKLM").await.unwrap().status(), 404);
    let channel = crate::observations::channel_id(
        &TestApp { address: address.clone(), client: client.clone() },
        "fwb-study-grant",
        "registered-letter",
    )
    .await;
    let at = chrono::Utc::now() - chrono::Duration::minutes(5);
    let body = serde_json::json!({
        "channel_id": channel, "occurred_at": at.to_rfc3339(), "outcome": "completed",
        "minutes_spent": 3, "on_behalf": true,
    });
    let created =
        client.post(format!("{address}/api/v1/observations")).bearer_auth(&token).json(&body).send().await.unwrap();
    assert_eq!(created.status(), 201);
}
