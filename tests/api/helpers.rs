//! Spawns the real application on port 0 with its own fresh database: a SQLite file in a temporary folder,
//! or, when `GUICHET_TEST_DATABASE_URL` is set, a new database on that PostgreSQL server.

use diesel::Connection;
use diesel::connection::SimpleConnection;
use guichet::app::config::Settings;
use guichet::startup::Application;
use guichet::store::DatabaseUrl;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

pub fn fixture_catalog() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/catalog"))
}

pub fn shipped_catalog() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/catalog"))
}

/// A database that belongs to one test.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestDb {
    pub fn new() -> TestDb {
        match std::env::var("GUICHET_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) {
            Some(server) => {
                let name = format!(
                    "guichet_test_{}_{}_{}",
                    std::process::id(),
                    chrono::Utc::now().timestamp_micros(),
                    COUNTER.fetch_add(1, Ordering::Relaxed)
                );
                let mut admin = diesel::PgConnection::establish(&server).expect("GUICHET_TEST_DATABASE_URL reachable");
                admin.batch_execute(&format!("CREATE DATABASE {name}")).expect("create test database");
                let base = server.rsplit_once('/').map_or(server.as_str(), |(b, _)| b);
                TestDb { url: format!("{base}/{name}"), _dir: None }
            }
            None => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}", dir.path().join("guichet.sqlite3").display());
                TestDb { url, _dir: Some(dir) }
            }
        }
    }
}

#[derive(Clone)]
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
}

pub fn settings(db_url: &str, catalog: &Path) -> Settings {
    Settings {
        database: db_url.parse::<DatabaseUrl>().expect("test database url"),
        bind: "127.0.0.1:0".parse().unwrap(),
        catalog_dir: catalog.to_path_buf(),
        log: "warn".into(),
        workers: Some(2),
        // Every test starts its own server, which keeps running until the test binary ends.
        db_pool: 2,
        db_timeout: std::time::Duration::from_secs(2),
        token_ttl: guichet::app::bearer::TOKEN_TTL,
        trust_forwarded: false,
        bench: false,
        public_url: None,
        form_key: None,
        outbound: Default::default(),
        webhooks: Default::default(),
        probes: Default::default(),
    }
}

/// Starts the app on a database (reused across restarts when the same `db` is given).
pub async fn spawn_on(db: &TestDb, catalog: &Path) -> TestApp {
    if std::env::var("TEST_LOG").is_ok() {
        guichet::app::telemetry::init("debug");
    }
    spawn_with(settings(&db.url, catalog)).await
}

/// Starts the app with these settings.
pub async fn spawn_with(s: Settings) -> TestApp {
    let app = Application::build(s).await.expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    // Idle pooled connections are dropped before the server's 5 s keep-alive ends, so a test that pauses (loading the
    // catalog itself) never sends on a connection the server is closing.
    let client =
        reqwest::Client::builder().pool_idle_timeout(std::time::Duration::from_secs(2)).build().expect("client");
    TestApp { address, client }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{}", self.address, path)).send().await.expect("request sent")
    }

    pub async fn get_json(&self, path: &str) -> serde_json::Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.expect("JSON body")
    }

    /// Asserts a problem+json answer with this status naming this field; returns the problem.
    pub async fn assert_problem(&self, path: &str, status: u16, field: Option<&str>) -> serde_json::Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), status, "GET {path}");
        let content_type = response.headers()["content-type"].to_str().unwrap().to_string();
        assert_eq!(content_type, "application/problem+json", "GET {path}");
        let problem: serde_json::Value = response.json().await.unwrap();
        assert_eq!(problem["status"], status, "{problem}");
        assert!(problem["type"].as_str().unwrap().starts_with("/problems/"), "{problem}");
        assert!(problem["title"].is_string(), "{problem}");
        if let Some(field) = field {
            let fields: Vec<&str> =
                problem["errors"].as_array().expect("errors").iter().map(|e| e["field"].as_str().unwrap()).collect();
            assert!(fields.contains(&field), "GET {path}: {field} not named in {problem}");
        }
        problem
    }
}

/// A copy of a catalog folder that a test may edit.
pub fn catalog_copy(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(from, dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A direct connection to a test database, for what the API does not show.
pub fn connect(db_url: &str) -> guichet::store::DbPool {
    guichet::store::connect_pool(&db_url.parse().unwrap(), 1).unwrap()
}

// Pages over HTTP: what the page, sign-in and form tests share.

/// A page and its status, redirects followed.
pub async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let r = app.get(path).await;
    let status = r.status().as_u16();
    (status, r.text().await.expect("a body"))
}

/// A client that shows redirects instead of following them.
pub fn manual() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client")
}

/// The `Set-Cookie` of this response for the cookie `name`, whole (`name=value; Path=…`).
pub fn set_cookie(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// `name=value` of a `Set-Cookie`, as a `Cookie` header sends it back.
pub fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap_or(set_cookie).to_string()
}

/// The value of the hidden input `name` of a form.
pub fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no hidden {name}")) + marker.len();
    html[start..start + html[start..].find('"').expect("a closing quote")].to_string()
}

/// The size of a body once gzipped, as the server sends pages.
pub fn gzip_len(body: &str) -> usize {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(body.as_bytes()).expect("gzip");
    e.finish().expect("gzip").len()
}
