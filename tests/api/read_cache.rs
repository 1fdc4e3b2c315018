//! The response cache of the reads (`app/cache.rs`): hits give the same bytes and tag, `If-None-Match` gives 304,
//! writes and reloads change the answer, and what is private is never kept.

use crate::helpers::*;
use crate::observations::{channel_id, post, token};
use serde_json::json;
use std::time::{Duration, Instant};

struct Read {
    status: u16,
    etag: Option<String>,
    cache: Option<String>,
    cache_control: Option<String>,
    encoding: Option<String>,
    body: Vec<u8>,
}

async fn read(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Read {
    let mut req = app.client.get(format!("{}{path}", app.address));
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let r = req.send().await.unwrap();
    let header = |name: &str| r.headers().get(name).map(|v| v.to_str().unwrap().to_string());
    Read {
        status: r.status().as_u16(),
        etag: header("etag"),
        cache: header("x-cache"),
        cache_control: header("cache-control"),
        encoding: header("content-encoding"),
        body: r.bytes().await.unwrap().to_vec(),
    }
}

/// A read made twice in a row, the second a hit. Entries last while the minute does: when the minute turned
/// between the two, the pair is read again (at most three times).
async fn read_twice(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (Read, Read) {
    for _ in 0..3 {
        let first = read(app, path, headers).await;
        let second = read(app, path, headers).await;
        if second.cache.as_deref() == Some("hit") {
            return (first, second);
        }
    }
    panic!("GET {path}: no hit in three tries");
}

#[tokio::test]
async fn a_second_identical_read_is_a_hit_with_the_same_bytes_and_tag() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    for path in ["/api/v1/procedures/fwb-study-grant", "/api/v1/procedures?q=bourse", "/fr/procedures/fwb-study-grant"]
    {
        let (first, second) = read_twice(&app, path, &[]).await;
        assert_eq!((first.status, second.status), (200, 200), "{path}");
        assert_eq!(first.body, second.body, "{path}");
        assert!(first.etag.as_deref().is_some_and(|t| t.starts_with('"') && t.len() > 2), "{path}");
        assert_eq!(first.etag, second.etag, "{path}");
        assert_eq!(second.cache_control.as_deref(), Some("public, max-age=30"), "{path}");
    }
    // The query's order does not matter.
    let a = read(&app, "/api/v1/procedures?q=bourse&per_page=5", &[]).await;
    let b = read(&app, "/api/v1/procedures?per_page=5&q=bourse", &[]).await;
    assert_eq!(a.body, b.body);
    assert_eq!(b.cache.as_deref(), Some("hit"));
}

#[tokio::test]
async fn pages_are_kept_gzipped_as_negotiated() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let path = "/fr/procedures/fwb-study-grant";
    let (gz, gz_again) = read_twice(&app, path, &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz.encoding.as_deref(), Some("gzip"));
    assert_eq!(gz_again.encoding.as_deref(), Some("gzip"));
    assert_eq!(gz.body, gz_again.body);
    let (plain, _) = read_twice(&app, path, &[]).await;
    assert_eq!(plain.encoding, None);
    assert_ne!(plain.etag, gz.etag);
    assert!(gz.body.len() < plain.body.len());
    let mut unzipped = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz.body[..]), &mut unzipped).unwrap();
    assert_eq!(unzipped.as_bytes(), &plain.body[..]);
}

#[tokio::test]
async fn if_none_match_with_the_tag_is_answered_304_without_a_body() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    for path in ["/api/v1/procedures/fwb-study-grant", "/fr/procedures/fwb-study-grant"] {
        let first = read(&app, path, &[]).await;
        let tag = first.etag.clone().unwrap();
        let again = read(&app, path, &[("if-none-match", &tag)]).await;
        assert_eq!(again.status, 304, "{path}");
        assert!(again.body.is_empty(), "{path}");
        assert_eq!(again.etag.as_deref(), Some(tag.as_str()));
        let other = read(&app, path, &[("if-none-match", "\"0000\"")]).await;
        assert_eq!(other.status, 200, "{path}");
        assert_eq!(other.body, first.body);
    }
}

#[tokio::test]
async fn an_observation_changes_the_tag_and_the_body() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let t = token(&db, "CPAS", guichet::domain::Role::Reporter, None);
    let letter = channel_id(&app, "fwb-study-grant", "registered-letter").await;
    // The procedure carries its channels' observed state (a channel's own answer carries its version's tag, for
    // edits, and is not kept).
    let path = "/api/v1/procedures/fwb-study-grant".to_string();
    let (before, _) = read_twice(&app, &path, &[]).await;
    let body = json!({"channel_id": letter, "occurred_at": (chrono::Utc::now() - chrono::Duration::minutes(3)).to_rfc3339(),
        "outcome": "not_completed", "minutes_spent": 5, "on_behalf": false, "failure_reason": "no_answer"});
    assert_eq!(post(&app, Some(&t), &body, None).await.status(), 201);
    let after = read(&app, &path, &[]).await;
    assert_eq!(after.cache.as_deref(), Some("miss"));
    assert_ne!(after.etag, before.etag);
    assert_ne!(after.body, before.body);
    let procedure: serde_json::Value = serde_json::from_slice(&after.body).unwrap();
    let channel = procedure["channels"].as_array().unwrap().iter().find(|c| c["id"] == letter).unwrap();
    assert_eq!(channel["observed"]["observations"], 1);
    // The tag the client had is no longer current: a full answer, not 304.
    let revalidated = read(&app, &path, &[("if-none-match", before.etag.as_deref().unwrap())]).await;
    assert_eq!(revalidated.status, 200);
    // The page too.
    let page = read(&app, "/fr/procedures/fwb-study-grant", &[]).await;
    assert_eq!(page.status, 200);
}

#[tokio::test]
async fn a_catalog_reload_changes_the_tag_and_the_body() {
    let db = TestDb::new();
    if !db.url.starts_with("postgres") {
        eprintln!("skipped on SQLite: the catalog is reloaded by a restart there (set GUICHET_TEST_DATABASE_URL)");
        return;
    }
    let app = spawn_on(&db, &fixture_catalog()).await;
    let letter = channel_id(&app, "fwb-study-grant", "registered-letter").await;
    // The procedure carries its channels' declared status (a channel's own answer carries its version's tag, for
    // edits, and is not kept).
    let path = "/api/v1/procedures/fwb-study-grant".to_string();
    let (before, _) = read_twice(&app, &path, &[]).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let dir = catalog_copy(&fixture_catalog());
    let file = dir.path().join("institutions/fwb-allocations-etudes.toml");
    let text = std::fs::read_to_string(&file).unwrap().replacen(
        "state = \"open\"\nsince = \"2022\"",
        "state = \"closed_temporarily\"\nsince = \"2026-01\"",
        1,
    );
    std::fs::write(&file, text).unwrap();
    let catalog = guichet::import::load_catalog(dir.path()).unwrap();
    guichet::store::import::import_catalog(&mut connect(&db.url).get().unwrap(), &catalog).unwrap();
    let start = Instant::now();
    loop {
        let now = read(&app, &path, &[]).await;
        let procedure: serde_json::Value = serde_json::from_slice(&now.body).unwrap();
        let value = procedure["channels"].as_array().unwrap().iter().find(|c| c["id"] == letter).unwrap().clone();
        if value["declared"]["state"] == "closed_temporarily" {
            assert_ne!(now.etag, before.etag);
            assert_ne!(now.body, before.body);
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(3), "the reload did not reach the cache: {value}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn authenticated_and_private_reads_are_never_cached() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let t = token(&db, "CPAS", guichet::domain::Role::Reporter, None);
    let path = "/api/v1/procedures/fwb-study-grant";
    let bearer = format!("Bearer {t}");
    for headers in [vec![("authorization", bearer.as_str())], vec![("cookie", "guichet_session=abc")]] {
        for _ in 0..2 {
            let r = read(&app, path, &headers).await;
            assert_eq!(r.status, 200);
            assert_eq!(r.cache, None, "{headers:?}");
            assert_eq!(r.etag, None, "{headers:?}");
            assert_eq!(r.cache_control.as_deref(), Some("no-store"), "{headers:?}");
        }
    }
    // A form with its anti-forgery token and cookie, and the data that is stored, not in the read model.
    for path in ["/fr/complaints/new", "/fr/signin", "/api/v1/editions", "/healthz"] {
        for _ in 0..2 {
            let r = read(&app, path, &[]).await;
            assert_eq!(r.cache, None, "{path}");
            assert_eq!(r.etag, None, "{path}");
        }
    }
    // An authenticated read did not fill the cache for the anonymous one either.
    let anonymous = read(&app, path, &[]).await;
    assert_eq!(anonymous.cache.as_deref(), Some("miss"));
}

#[tokio::test]
async fn a_client_asking_for_no_cache_gets_a_fresh_answer() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let path = "/api/v1/procedures/fwb-study-grant";
    let (first, _) = read_twice(&app, path, &[]).await;
    let fresh = read(&app, path, &[("cache-control", "no-cache")]).await;
    assert_eq!(fresh.cache.as_deref(), Some("miss"));
    assert_eq!(fresh.body, first.body);
    assert_eq!(fresh.etag, first.etag);
}
