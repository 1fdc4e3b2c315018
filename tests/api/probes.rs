//! Probes of online channels against pages served by local servers the tests start (loopback, allowed through
//! the outbound guard's settings): each outcome, then a channel whose page turns into the study-grant site's
//! known error page becoming `unreachable` after the configured number of rounds — on the API, on the page and as
//! one signed webhook event.

use crate::helpers::*;
use crate::observations::{channel_id, token};
use base64::Engine;
use guichet::app::outbound::{Outbound, OutboundSettings, Policy};
use guichet::app::probes::{Target, probe};
use guichet::domain::probes::ProbePattern;
use guichet::domain::{PatternKind, ProbeOutcome, Role};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const FWB: &str = "Nous rencontrons un problème lors de la récupération de vos données";

/// What a page server answers.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
enum Page {
    Up = 0,
    Down = 1,
    Slow = 2,
    /// The study-grant site's known error message, in a 200.
    Known = 3,
    RedirectLoop = 4,
    Huge = 5,
    /// Not HTTP at all: bytes that are no TLS handshake either.
    Garbage = 6,
}

impl Page {
    fn of(n: u8) -> Page {
        [Page::Up, Page::Down, Page::Slow, Page::Known, Page::RedirectLoop, Page::Huge, Page::Garbage][usize::from(n)]
    }
}

/// A page server on a loopback port whose answer can be switched.
struct PageServer {
    port: u16,
    mode: Arc<AtomicU8>,
}

impl PageServer {
    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/demande", self.port)
    }

    fn set(&self, page: Page) {
        self.mode.store(page as u8, Ordering::SeqCst);
    }
}

async fn page_server(page: Page) -> PageServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let mode = Arc::new(AtomicU8::new(page as u8));
    let shared = Arc::clone(&mode);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let page = Page::of(shared.load(Ordering::SeqCst));
            tokio::spawn(async move {
                if page == Page::Garbage {
                    let _ = stream.write_all(b"\x00\xffthis is not a TLS server\r\n\r\n").await;
                    return;
                }
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let html = |status: &str, body: &str| {
                    format!(
                        "HTTP/1.1 {status}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    )
                };
                let answer = match page {
                    Page::Up => html("200 OK", "<html><h1>Mon Espace</h1><form>…</form></html>"),
                    Page::Down => html("500 Internal Server Error", "<html>Erreur</html>"),
                    Page::Slow => {
                        tokio::time::sleep(Duration::from_secs(5)).await;
                        html("200 OK", "<html>trop tard</html>")
                    }
                    Page::Known => html(
                        "200 OK",
                        "<html><body><div class=\"alert\">\n  Nous rencontrons un problème lors de la\n  récupération de vos données.\n</div></body></html>",
                    ),
                    Page::RedirectLoop => {
                        "HTTP/1.1 302 Found\r\nlocation: /demande\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".into()
                    }
                    Page::Huge => {
                        "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 104857600\r\nconnection: close\r\n\r\n<html>"
                            .into()
                    }
                    Page::Garbage => unreachable!(),
                };
                let _ = stream.write_all(answer.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    PageServer { port, mode }
}

fn pattern() -> ProbePattern {
    ProbePattern {
        text: FWB.into(),
        lang: "fr".into(),
        kind: PatternKind::Error,
        source: "seed-002".into(),
        seen: "2022".into(),
    }
}

fn guard(allow: &str) -> Outbound {
    Outbound::new(OutboundSettings {
        policy: Policy::parse(allow).unwrap(),
        timeout: Duration::from_secs(1),
        connect_timeout: Duration::from_secs(1),
        ..OutboundSettings::default()
    })
    .unwrap()
}

#[tokio::test]
async fn each_page_has_its_outcome() {
    let loopback = guard("loopback");
    let cases = [
        (Page::Up, ProbeOutcome::Up, Some(200)),
        (Page::Down, ProbeOutcome::HttpError, Some(500)),
        (Page::Slow, ProbeOutcome::Timeout, None),
        (Page::Known, ProbeOutcome::ErrorPage, Some(200)),
        (Page::RedirectLoop, ProbeOutcome::Redirects, None),
        (Page::Huge, ProbeOutcome::TooLarge, Some(200)),
    ];
    for (page, outcome, status) in cases {
        let server = page_server(page).await;
        let target =
            Target { channel_id: 1, procedure: "p".into(), url: server.url(), patterns: Arc::new(vec![pattern()]) };
        let probed = probe(&loopback, &target).await;
        assert_eq!((probed.outcome, probed.http_status), (outcome, status), "{page:?}");
        assert_eq!(probed.matched.is_some(), page == Page::Known, "{page:?}");
        if page == Page::Slow {
            assert!(probed.latency < Duration::from_secs(3), "abandoned at the timeout: {:?}", probed.latency);
        }
    }
    // An https address whose server speaks no TLS.
    let garbage = page_server(Page::Garbage).await;
    let url = format!("https://127.0.0.1:{}/demande", garbage.port);
    let target = Target { channel_id: 1, procedure: "p".into(), url, patterns: Arc::default() };
    assert_eq!(probe(&loopback, &target).await.outcome, ProbeOutcome::Tls);
    // The same up page, with loopback not allowed: the guard refuses it and nothing is fetched.
    let up = page_server(Page::Up).await;
    let target = Target { channel_id: 1, procedure: "p".into(), url: up.url(), patterns: Arc::default() };
    let refused = probe(&guard(""), &target).await;
    assert_eq!((refused.outcome, refused.http_status), (ProbeOutcome::Refused, None));
}

/// The fixture catalog with the online channel of `fwb-study-grant` at `url` and the study-grant site's message
/// as its institution's pattern.
fn catalog_with_online_url(url: &str) -> tempfile::TempDir {
    let dir = catalog_copy(&fixture_catalog());
    let file = dir.path().join("institutions/fwb-allocations-etudes.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let online = "key = \"online\"\nkind = \"online\"\ncompletion = \"full\"\n";
    assert!(text.contains(online));
    let mut text = text.replace(online, &format!("{online}url = \"{url}\"\n"));
    text.push_str(&format!(
        "\n[[probe_patterns]]\ntext = \"{FWB}\"\nlang = \"fr\"\nkind = \"error\"\nsource = \"seed-002\"\nseen = \"2022\"\n"
    ));
    std::fs::write(&file, text).unwrap();
    dir
}

/// What a receiver got: `webhook-id`, `webhook-timestamp`, `webhook-signature`, body.
type Got = Arc<Mutex<Vec<(String, String, String, Vec<u8>)>>>;

/// A webhook receiver on a loopback port: every request's signature headers and body.
fn receiver() -> (String, Got) {
    use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
    let got: Got = Arc::default();
    let shared = got.clone();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = HttpServer::new(move || {
        let got = shared.clone();
        App::new().default_service(web::to(move |req: HttpRequest, body: web::Bytes| {
            let got = got.clone();
            async move {
                let h = |n: &str| req.headers().get(n).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
                got.lock().unwrap().push((
                    h("webhook-id"),
                    h("webhook-timestamp"),
                    h("webhook-signature"),
                    body.to_vec(),
                ));
                HttpResponse::NoContent().finish()
            }
        }))
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    (format!("http://127.0.0.1:{port}/events"), got)
}

async fn wait_for(what: &str, mut done: impl AsyncFnMut() -> bool) {
    for _ in 0..400 {
        if done().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("never: {what}");
}

#[tokio::test]
async fn a_form_that_shows_the_known_error_turns_unreachable_after_three_rounds_and_says_so_once() {
    let server = page_server(Page::Up).await;
    let catalog = catalog_with_online_url(&server.url());
    let db = TestDb::new();
    let mut s = settings(&db.url, catalog.path());
    s.outbound.policy = Policy::parse("loopback").unwrap();
    s.outbound.timeout = Duration::from_secs(1);
    s.webhooks.poll = Duration::from_millis(20);
    s.probes.enabled = true;
    s.probes.interval = Duration::from_millis(150);
    s.probes.host_delay = Duration::ZERO;
    assert_eq!(s.probes.failures, 3, "the default");
    // Subscribed before the first round (the subscription needs the app: it starts with the page up).
    let app = {
        let built = guichet::startup::Application::build(s).await.expect("app builds");
        let address = format!("http://127.0.0.1:{}", built.port());
        tokio::spawn(built.run_until_stopped());
        TestApp { address, client: reqwest::Client::new() }
    };
    let admin = token(&db, "Ligue des usagers", Role::Admin, None);
    let (url, got) = receiver();
    let r = app
        .client
        .post(format!("{}/api/v1/webhooks", app.address))
        .bearer_auth(&admin)
        .json(&json!({"url": url, "kinds": ["observed_state.changed"], "institutions": ["fwb-allocations-etudes"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let secret = r.json::<Value>().await.unwrap()["secret"].as_str().unwrap().to_string();
    let online = channel_id(&app, "fwb-study-grant", "online").await;
    let probes_of = |app: TestApp| async move { app.get_json(&format!("/api/v1/channels/{online}/probes")).await };

    // Up: the form works (observed `reachable` from the probes alone).
    wait_for("a first probe", async || !probes_of(app.clone()).await["items"].as_array().unwrap().is_empty()).await;
    let first = probes_of(app.clone()).await;
    assert_eq!(first["items"][0]["outcome"], "up", "{first}");
    assert_eq!(first["items"][0]["http_status"], 200, "{first}");

    server.set(Page::Known);
    let state = |app: TestApp| async move { app.get_json(&format!("/api/v1/channels/{online}")).await };
    wait_for("unreachable", async || state(app.clone()).await["observed"]["state"] == "unreachable").await;

    // Exactly three failing probes since the switch when the state changed: the stored transition's instant is
    // the third error page's.
    let history = app.get_json(&format!("/api/v1/channels/{online}/history")).await;
    let items = history["items"].as_array().unwrap();
    let down = items
        .iter()
        .find(|t| t["basis"] == "observed" && t["state"] == "unreachable")
        .unwrap_or_else(|| panic!("a transition to unreachable: {history}"));
    let at = chrono::DateTime::parse_from_rfc3339(down["recorded_at"].as_str().unwrap()).unwrap();
    let observed: Vec<&Value> = items.iter().filter(|t| t["basis"] == "observed").collect();
    assert_eq!(observed.len(), 2, "up, then down: {history}");
    assert_eq!(observed[1]["state"], "reachable", "{history}");
    let list = app.get_json(&format!("/api/v1/channels/{online}/probes?limit=200")).await;
    let items = list["items"].as_array().unwrap();
    let until: Vec<&Value> = items
        .iter()
        .filter(|p| chrono::DateTime::parse_from_rfc3339(p["at"].as_str().unwrap()).unwrap() <= at)
        .take_while(|p| p["outcome"] == "error_page")
        .collect();
    assert_eq!(until.len(), 3, "{list}");
    assert_eq!(until[0]["matched"], FWB);
    let c = state(app.clone()).await;
    assert!(c["observed"]["last_probed_at"].is_string(), "{c}");
    assert_eq!(c["observed"]["last_probe"], "error_page", "{c}");

    // The page says it, dated, in words.
    let (status, html) = page(&app, "/en/procedures/fwb-study-grant").await;
    assert_eq!(status, 200);
    assert!(html.contains("Online form checked on "), "{html}");
    assert!(html.contains(": not working (error message of the site)."), "{html}");
    assert!(!html.contains("error_page"), "no internal name on the page");
    let (_, fr) = page(&app, "/fr/procedures/fwb-study-grant").await;
    assert!(fr.contains("vérifié le ") && fr.contains("il ne fonctionne pas (message d&#39;erreur du site)"), "{fr}");

    // One signed event says `unreachable` (the first up probe made it `reachable`, which may have been told too).
    wait_for("the event delivered", async || {
        got.lock().unwrap().iter().any(|g| String::from_utf8_lossy(&g.3).contains("\"to\":\"unreachable\""))
    })
    .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let got = got.lock().unwrap().clone();
    let downs: Vec<_> =
        got.iter().filter(|g| String::from_utf8_lossy(&g.3).contains("\"to\":\"unreachable\"")).collect();
    assert_eq!(downs.len(), 1, "one event for one change, whatever the rounds since");
    let (id, timestamp, signature, body) = downs[0];
    let key = base64::engine::general_purpose::STANDARD.decode(secret.strip_prefix("whsec_").unwrap()).unwrap();
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    let expected = format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()));
    assert_eq!(signature, &expected);
    let event: Value = serde_json::from_slice(body).unwrap();
    assert_eq!(event["kind"], "observed_state.changed");
    assert_eq!(event["subject"]["channel_id"], online);
    assert_eq!(event["data"]["from"], "reachable", "{event}");

    // A later up restores it.
    server.set(Page::Up);
    wait_for("reachable again", async || state(app.clone()).await["observed"]["state"] == "reachable").await;
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("guichet_probes_total{outcome=\"error_page\"} "), "{metrics}");
    assert!(metrics.contains("guichet_probes_total{outcome=\"up\"} "), "{metrics}");
}

#[tokio::test]
async fn the_probes_of_a_channel_are_listed_newest_first_within_bounds() {
    let app = spawn_on(&TestDb::new(), &fixture_catalog()).await;
    let online = channel_id(&app, "fwb-study-grant", "online").await;
    let list = app.get_json(&format!("/api/v1/channels/{online}/probes")).await;
    assert_eq!(list["items"], json!([]), "probes are off by default: nothing was fetched");
    app.assert_problem(&format!("/api/v1/channels/{online}/probes?limit=0"), 400, Some("limit")).await;
    app.assert_problem(&format!("/api/v1/channels/{online}/probes?limit=201"), 400, Some("limit")).await;
    app.assert_problem("/api/v1/channels/999999/probes", 404, None).await;
    app.assert_problem("/api/v1/channels/abc/probes", 400, Some("id")).await;
}
