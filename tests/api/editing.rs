//! Editing the catalog through the API: editors within their institutions, `If-Match` versions, the files'
//! checks, withdrawal that hides, declared statuses, and the audit log.

use crate::helpers::*;
use crate::observations::{channel_id, token};
use diesel::prelude::*;
use guichet::domain::Role;
use guichet::store::schema::{audit_log, channel_versions, channels, declared_statuses, edited_fields};
use guichet::store::tokens::{TokenOptions, create_token_with};
use serde_json::{Value, json};

pub fn editor(db: &TestDb, org: &str, institutions: &[&str]) -> String {
    let pool = connect(&db.url);
    let mut conn = pool.get().unwrap();
    let institutions: Vec<String> = institutions.iter().map(|s| (*s).to_string()).collect();
    let options = TokenOptions { institutions: &institutions, ..TokenOptions::default() };
    create_token_with(&mut conn, org, Role::Editor, &options).unwrap().1
}

/// The channel and its ETag.
pub async fn read(app: &TestApp, id: i64) -> (Value, String) {
    let r = app.get(&format!("/api/v1/channels/{id}")).await;
    assert_eq!(r.status(), 200);
    let tag = r.headers()["etag"].to_str().unwrap().to_string();
    (r.json().await.unwrap(), tag)
}

pub async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    if_match: Option<&str>,
    body: Option<&Value>,
) -> reqwest::Response {
    let mut req = app.client.request(method, format!("{}{path}", app.address));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(m) = if_match {
        req = req.header("If-Match", m);
    }
    if let Some(b) = body {
        req = req.json(b);
    }
    req.send().await.unwrap()
}

pub async fn patch(app: &TestApp, id: i64, token: &str, if_match: Option<&str>, body: &Value) -> reqwest::Response {
    send(app, reqwest::Method::PATCH, &format!("/api/v1/channels/{id}"), Some(token), if_match, Some(body)).await
}

async fn audit(app: &TestApp, token: &str, query: &str) -> Value {
    let r = send(app, reqwest::Method::GET, &format!("/api/v1/audit{query}"), Some(token), None, None).await;
    assert_eq!(r.status(), 200, "{query}");
    r.json().await.unwrap()
}

fn fields_of(problem: &Value) -> Vec<String> {
    problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn an_editor_changes_its_institutions_channels_and_no_other() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let schaerbeek = editor(&db, "Commune de Schaerbeek", &["commune-schaerbeek"]);
    let admin = token(&db, "guichet", Role::Admin, None);
    let counter = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    let fwb_phone = channel_id(&app, "fwb-study-grant", "phone").await;

    let (_, tag) = read(&app, counter).await;
    let r = patch(&app, counter, &schaerbeek, Some(&tag), &json!({"opening_hours": "Mo-Fr 08:30-12:00; PH off"})).await;
    assert_eq!(r.status(), 200);
    let new_tag = r.headers()["etag"].to_str().unwrap().to_string();
    assert_ne!(new_tag, tag);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["opening_hours"], "Mo-Fr 08:30-12:00; PH off");
    // The read model shows it at once, with the same version.
    let (now, tag_now) = read(&app, counter).await;
    assert_eq!(
        (now["opening_hours"].as_str(), tag_now.as_str()),
        (Some("Mo-Fr 08:30-12:00; PH off"), new_tag.as_str())
    );
    let procedure = app.get_json("/api/v1/procedures/schaerbeek-identity-card").await;
    let listed = procedure["channels"].as_array().unwrap().iter().find(|c| c["id"] == counter).unwrap().clone();
    assert_eq!(listed["opening_hours"], "Mo-Fr 08:30-12:00; PH off");

    // Another institution's channel: 403, and nothing written.
    let (before, fwb_tag) = read(&app, fwb_phone).await;
    let r = patch(&app, fwb_phone, &schaerbeek, Some(&fwb_tag), &json!({"phone": "02 800 80 80"})).await;
    assert_eq!(r.status(), 403);
    let problem: Value = r.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/out-of-scope");
    assert_eq!(read(&app, fwb_phone).await.0, before);
    // A reporter may not edit at all; an admin may edit anything.
    let reporter = token(&db, "Asbl", Role::Reporter, None);
    assert_eq!(
        patch(&app, fwb_phone, &reporter, Some(&fwb_tag), &json!({"phone": "02 800 80 80"})).await.status(),
        403
    );
    let r = patch(&app, fwb_phone, &admin, Some(&fwb_tag), &json!({"phone": "02 800 80 80"})).await;
    assert_eq!(r.status(), 200);

    // The audit log has both writes, newest first, with who and the record before and after.
    let log = audit(&app, &admin, "").await;
    assert_eq!(log["total"], 2);
    let first = &log["items"][1];
    assert_eq!(first["resource"], "channel");
    assert_eq!(first["resource_id"], counter);
    assert_eq!(first["action"], "update");
    assert_eq!(first["institution"], "commune-schaerbeek");
    assert_eq!(first["organisation"], "Commune de Schaerbeek");
    assert_eq!(first["actor_kind"], "token");
    assert!(first["before"]["opening_hours"].is_null());
    assert_eq!(first["after"]["opening_hours"], "Mo-Fr 08:30-12:00; PH off");
    let only = audit(&app, &admin, "?institution=commune-schaerbeek").await;
    assert_eq!(only["total"], 1);
    let actor = first["actor_id"].as_i64().unwrap();
    assert_eq!(audit(&app, &admin, &format!("?actor=token:{actor}")).await["total"], 1);
    assert_eq!(audit(&app, &admin, "?until=2000-01-01T00:00:00Z").await["total"], 0);
    assert_eq!(
        audit(&app, &admin, "?from=2000-01-01T00:00:00Z&per_page=1").await["items"].as_array().unwrap().len(),
        1
    );

    // The edited fields are marked, and every version is kept (the one before the first edit too).
    let pool = connect(&db.url);
    let mut conn = pool.get().unwrap();
    let marked: Vec<String> = edited_fields::table
        .filter(edited_fields::record_id.eq(counter))
        .select(edited_fields::field)
        .load(&mut conn)
        .unwrap();
    assert_eq!(marked, ["opening_hours"]);
    let versions: i64 =
        channel_versions::table.filter(channel_versions::channel_id.eq(counter)).count().get_result(&mut conn).unwrap();
    assert_eq!(versions, 2);
    // The log is append-only.
    assert!(diesel::delete(audit_log::table).execute(&mut conn).is_err());
    assert!(diesel::update(audit_log::table).set(audit_log::action.eq("x")).execute(&mut conn).is_err());
}

#[tokio::test]
async fn a_write_needs_the_version_it_read() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let admin = token(&db, "guichet", Role::Admin, None);
    let phone = channel_id(&app, "fwb-study-grant", "phone").await;
    let (_, tag) = read(&app, phone).await;

    let r = patch(&app, phone, &admin, None, &json!({"phone": "02 800 80 80"})).await;
    assert_eq!(r.status(), 428);
    assert_eq!(r.json::<Value>().await.unwrap()["type"], "/problems/precondition-required");
    assert_eq!(patch(&app, phone, &admin, Some("*"), &json!({"phone": "02 800 80 80"})).await.status(), 412);

    let r = patch(&app, phone, &admin, Some(&tag), &json!({"phone": "02 800 80 80"})).await;
    assert_eq!(r.status(), 200);
    let current = r.headers()["etag"].to_str().unwrap().to_string();
    // A second editor who read the same version is refused, and told the current one.
    let r = patch(&app, phone, &admin, Some(&tag), &json!({"phone": "02 800 80 81"})).await;
    assert_eq!(r.status(), 412);
    assert_eq!(r.headers()["etag"].to_str().unwrap(), current);
    assert_eq!(r.json::<Value>().await.unwrap()["type"], "/problems/precondition-failed");
    assert_eq!(read(&app, phone).await.0["phone"]["number"], "02 800 80 80");
    // Without a token: 401 before anything else.
    let r = send(
        &app,
        reqwest::Method::PATCH,
        &format!("/api/v1/channels/{phone}"),
        None,
        Some(&current),
        Some(&json!({})),
    )
    .await;
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn edits_are_checked_as_the_catalog_files_are() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let admin = token(&db, "guichet", Role::Admin, None);
    let phone = channel_id(&app, "fwb-study-grant", "phone").await;
    let (before, tag) = read(&app, phone).await;
    let cases = [
        (json!({"opening_hours": "Mo-Fr 25:00-26:00"}), "opening_hours"),
        (json!({"phone": "call us"}), "phone"),
        (json!({"note": {"fr": "Fermé le vendredi"}}), "note"),
        (json!({"booking": "phone"}), "booking"),
        (json!({"source": "no-such-source"}), "source"),
        (json!({"location": "nowhere"}), "location"),
        (json!({"kind": null}), "kind"),
        (json!({"wheelchair": "perhaps"}), "wheelchair"),
    ];
    for (body, field) in cases {
        let r = patch(&app, phone, &admin, Some(&tag), &body).await;
        assert_eq!(r.status(), 422, "{body}");
        let problem: Value = r.json().await.unwrap();
        assert!(fields_of(&problem).iter().any(|f| f == field), "{body}: {problem}");
    }
    let r = patch(&app, phone, &admin, Some(&tag), &json!({"key": "other"})).await;
    assert_eq!(r.status(), 400);
    assert_eq!(fields_of(&r.json().await.unwrap()), ["key"]);
    // Nothing was written: the version is the same.
    assert_eq!(read(&app, phone).await, (before, tag));
}

#[tokio::test]
async fn put_replaces_and_delete_withdraws_without_erasing() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let editor = editor(&db, "FWB", &["fwb-allocations-etudes"]);
    let phone = channel_id(&app, "fwb-study-grant", "phone").await;
    let (_, tag) = read(&app, phone).await;
    let body = json!({"kind": "phone", "completion": "full", "phone": "02 413 37 37", "source": "seed-002"});
    let r =
        send(&app, reqwest::Method::PUT, &format!("/api/v1/channels/{phone}"), Some(&editor), Some(&tag), Some(&body))
            .await;
    assert_eq!(r.status(), 200);
    let tag = r.headers()["etag"].to_str().unwrap().to_string();
    let view: Value = r.json().await.unwrap();
    assert_eq!((view["completion"].as_str(), view["phone"]["number"].as_str()), (Some("full"), Some("02 413 37 37")));
    // PUT needs the required fields.
    let r = send(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/channels/{phone}"),
        Some(&editor),
        Some(&tag),
        Some(&json!({"phone": "02 413 37 37"})),
    )
    .await;
    assert_eq!(r.status(), 422);
    let mut required = fields_of(&r.json().await.unwrap());
    required.sort();
    assert_eq!(required, ["completion", "kind", "source"]);

    let path = format!("/api/v1/channels/{phone}");
    assert_eq!(send(&app, reqwest::Method::DELETE, &path, Some(&editor), None, None).await.status(), 428);
    assert_eq!(send(&app, reqwest::Method::DELETE, &path, Some(&editor), Some(&tag), None).await.status(), 204);
    assert_eq!(app.get(&path).await.status(), 404);
    let procedure = app.get_json("/api/v1/procedures/fwb-study-grant").await;
    assert!(procedure["channels"].as_array().unwrap().iter().all(|c| c["id"] != phone));
    // Kept: the row, and its three versions (as imported, as replaced, withdrawn).
    let pool = connect(&db.url);
    let mut conn = pool.get().unwrap();
    let withdrawn: Option<chrono::NaiveDateTime> =
        channels::table.find(phone).select(channels::withdrawn_at).first(&mut conn).unwrap();
    assert!(withdrawn.is_some());
    let versions: Vec<bool> = channel_versions::table
        .filter(channel_versions::channel_id.eq(phone))
        .order(channel_versions::version)
        .select(channel_versions::withdrawn)
        .load(&mut conn)
        .unwrap();
    assert_eq!(versions, [false, false, true]);
}

#[tokio::test]
async fn an_editor_declares_a_status_that_an_import_keeps() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let editor = editor(&db, "FWB", &["fwb-allocations-etudes"]);
    let phone = channel_id(&app, "fwb-study-grant", "phone").await;
    let (_, tag) = read(&app, phone).await;
    let path = format!("/api/v1/channels/{phone}/statuses");
    let status = json!({
        "state": "closed_temporarily",
        "since": "2026-11",
        "note": {"fr": "Fermé pour travaux.", "nl": "Gesloten wegens werken.", "en": "Closed for works."},
        "source": "seed-002",
    });
    assert_eq!(send(&app, reqwest::Method::POST, &path, Some(&editor), None, Some(&status)).await.status(), 428);
    let bad = json!({"state": "shut", "note": {"fr": "Fermé."}, "source": "seed-002", "until": "2026-10", "since": "2026-11"});
    let r = send(&app, reqwest::Method::POST, &path, Some(&editor), Some(&tag), Some(&bad)).await;
    assert_eq!(r.status(), 422);
    let fields = fields_of(&r.json().await.unwrap());
    assert!(fields.contains(&"state".to_string()), "{fields:?}");
    let r = send(&app, reqwest::Method::POST, &path, Some(&editor), Some(&tag), Some(&status)).await;
    assert_eq!(r.status(), 201);
    assert_ne!(r.headers()["etag"].to_str().unwrap(), tag);
    let view: Value = r.json().await.unwrap();
    assert_eq!(view["declared"]["state"], "closed_temporarily");
    assert_eq!(view["declared"]["since"], "2026-11");

    // A later import of the unchanged files keeps it in force.
    let pool = connect(&db.url);
    let mut conn = pool.get().unwrap();
    let files = guichet::app::catalog::read_files(&fixture_catalog()).unwrap();
    let report = guichet::store::import::import_catalog(&mut conn, &files).unwrap();
    assert_eq!(report.statuses_withdrawn, 0);
    let in_force: i64 = declared_statuses::table
        .filter(declared_statuses::channel_id.eq(phone))
        .filter(declared_statuses::origin.eq("api"))
        .filter(declared_statuses::withdrawn_at.is_null())
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(in_force, 1);
}

#[tokio::test]
async fn the_audit_log_is_for_admins_and_tokens_expire() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let editor = editor(&db, "FWB", &["fwb-allocations-etudes"]);
    let admin = token(&db, "guichet", Role::Admin, None);
    let get = |t: Option<String>, q: &'static str| {
        let app = app.clone();
        async move { send(&app, reqwest::Method::GET, &format!("/api/v1/audit{q}"), t.as_deref(), None, None).await }
    };
    assert_eq!(get(None, "").await.status(), 401);
    assert_eq!(get(Some(editor.clone()), "").await.status(), 403);
    // A malformed value is a 400, a well-formed institution that does not exist a 404 (both naming the field).
    for (q, field, status) in
        [("?actor=me", "actor", 400), ("?institution=nope", "institution", 404), ("?from=yesterday", "from", 400)]
    {
        let r = get(Some(admin.clone()), q).await;
        assert_eq!(r.status(), status, "{q}");
        assert_eq!(fields_of(&r.json().await.unwrap()), [field]);
    }
    // An expired token is refused as an unknown one.
    let pool = connect(&db.url);
    let mut conn = pool.get().unwrap();
    let options = TokenOptions {
        expires_at: Some(chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1)),
        ..TokenOptions::default()
    };
    let (_, expired) = create_token_with(&mut conn, "guichet", Role::Admin, &options).unwrap();
    assert_eq!(get(Some(expired), "").await.status(), 401);
    let options = TokenOptions { institutions: &["no-such-institution".to_string()], ..TokenOptions::default() };
    assert!(create_token_with(&mut conn, "guichet", Role::Editor, &options).is_err());
}
