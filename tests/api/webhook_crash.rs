//! The server killed mid-delivery (SIGKILL, the real binary): the event is not lost, delivery resumes after the
//! restart once the dead instance's claim runs out, and the receiver sees the same `webhook-id` both times, so
//! it can drop the repeat. On SQLite, and on PostgreSQL when `GUICHET_TEST_DATABASE_URL` is set.

use crate::helpers::*;
use crate::observations::{channel_id, token};
use actix_web::{App, HttpResponse, HttpServer, web};
use guichet::domain::Role;
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The binary serving `db` on `port`; killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(db: &TestDb, port: u16) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_guichet"))
        .arg("serve")
        .env("GUICHET_DATABASE_URL", &db.url)
        .env("GUICHET_CATALOG", fixture_catalog())
        .env("GUICHET_BIND", format!("127.0.0.1:{port}"))
        .env("GUICHET_LOG", "warn")
        // The receiver is on loopback; a claim lasts twice the timeout plus 5 s.
        .env("GUICHET_OUTBOUND_ALLOW", "loopback")
        .env("GUICHET_OUTBOUND_TIMEOUT", "2")
        .env("GUICHET_OUTBOUND_CONNECT_TIMEOUT", "1")
        .env("GUICHET_WEBHOOK_POLL_MS", "50")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the guichet binary starts");
    Server(child)
}

async fn ready(app: &TestApp) {
    for _ in 0..300 {
        if let Ok(r) = app.client.get(format!("{}/readyz", app.address)).send().await
            && r.status() == 200
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not become ready");
}

/// A receiver that holds the first request (never answers it) and accepts every later one; the ids it got.
fn receiver() -> (String, Arc<Mutex<Vec<String>>>) {
    let got: Arc<Mutex<Vec<String>>> = Arc::default();
    let shared = got.clone();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = HttpServer::new(move || {
        let got = shared.clone();
        App::new().default_service(web::to(move |req: actix_web::HttpRequest| {
            let got = got.clone();
            async move {
                let id = req.headers().get("webhook-id").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
                let first = {
                    let mut got = got.lock().unwrap();
                    got.push(id);
                    got.len() == 1
                };
                if first {
                    tokio::time::sleep(Duration::from_secs(120)).await;
                }
                HttpResponse::NoContent().finish()
            }
        }))
    })
    .workers(2)
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    (format!("http://127.0.0.1:{port}/events"), got)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[tokio::test]
async fn a_delivery_cut_by_a_kill_is_resent_after_restart_with_the_same_id() {
    let db = TestDb::new();
    let port = free_port();
    let app = TestApp { address: format!("http://127.0.0.1:{port}"), client: reqwest::Client::new() };
    let mut server = serve(&db, port);
    ready(&app).await;
    let admin = token(&db, "Ligue", Role::Admin, None);
    let (url, got) = receiver();
    let r = app
        .client
        .post(format!("{}/api/v1/webhooks", app.address))
        .bearer_auth(&admin)
        .json(&json!({"url": url}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["webhook"]["id"].as_i64().unwrap();
    let channel = channel_id(&app, "fwb-study-grant", "registered-letter").await;
    let complaint = json!({"channel_id": channel, "problem": "no_answer", "description": "Personne ne répond."});
    let r = app.client.post(format!("{}/api/v1/complaints", app.address)).json(&complaint).send().await.unwrap();
    assert_eq!(r.status(), 201);

    // The delivery is in flight (the receiver holds it): kill -9.
    for _ in 0..200 {
        if !got.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(got.lock().unwrap().len(), 1, "the first attempt reached the receiver");
    server.0.kill().unwrap();
    server.0.wait().unwrap();

    // Restarted on the same database: the claim runs out, the event goes again, once acknowledged.
    let _again = serve(&db, port);
    ready(&app).await;
    let mut delivered = Value::Null;
    for _ in 0..400 {
        let r = app
            .client
            .get(format!("{}/api/v1/webhooks/{id}/deliveries", app.address))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap();
        let log: Value = r.json().await.unwrap();
        if log["items"][0]["state"] == "delivered" {
            delivered = log["items"][0].clone();
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(delivered["state"], "delivered", "the event was delivered after the restart");
    let ids = got.lock().unwrap().clone();
    assert_eq!(ids.len(), 2, "the cut attempt and one more: {ids:?}");
    assert!(ids.iter().all(|i| i == delivered["event_id"].as_str().unwrap()), "the same webhook-id: {ids:?}");
    // The log holds the attempts that were answered: the killed one never was, so exactly one, a success.
    let attempts = delivered["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 1, "{delivered}");
    assert!(attempts[0]["status"].as_i64().is_some_and(|s| (200..300).contains(&s)), "{delivered}");
}
