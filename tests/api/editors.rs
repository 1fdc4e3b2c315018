//! Named editors: created by the organisation's admin token (or `guichet editor create`) with their institutions,
//! signed in on the web with a password or a one-time link, changing a way of their institution on the editing
//! pages (never another's), named in the audit log, revoked with their sessions; never mistaken for reporters.

use crate::editor_pages::{form_fields, with};
use crate::helpers::*;
use crate::observations::{channel_id, token};
use diesel::prelude::*;
use guichet::domain::Role;
use guichet::store::schema::{people, scopes};
use serde_json::{Value, json};

const PASSWORD: &str = "carottes et navets 1030";

async fn create(app: &TestApp, token: Option<&str>, body: &Value) -> reqwest::Response {
    let mut req = app.client.post(format!("{}/api/v1/editors", app.address)).json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

async fn list(app: &TestApp, token: &str) -> Value {
    let r = app.client.get(format!("{}/api/v1/editors", app.address)).bearer_auth(token).send().await.unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn revoke(app: &TestApp, token: &str, what: &str, id: &str) -> reqwest::Response {
    app.client.delete(format!("{}/api/v1/{what}/{id}", app.address)).bearer_auth(token).send().await.unwrap()
}

async fn new_link(app: &TestApp, token: &str, what: &str, id: i64) -> reqwest::Response {
    app.client.post(format!("{}/api/v1/{what}/{id}/links", app.address)).bearer_auth(token).send().await.unwrap()
}

/// The fields a problem names, in order.
async fn named(r: reqwest::Response) -> Vec<String> {
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let problem: Value = r.json().await.unwrap();
    problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_string()).collect()
}

async fn with_password(app: &TestApp, admin: &str, user: &str, institutions: &[&str]) -> i64 {
    let body = json!({"user_name": user, "display_name": "Léa V.", "password": PASSWORD, "institutions": institutions});
    let r = create(app, Some(admin), &body).await;
    assert_eq!(r.status(), 201);
    let body: Value = r.json().await.unwrap();
    body["editor"]["id"].as_i64().unwrap()
}

/// A browser without JavaScript: its cookies sent back by hand, redirects shown.
struct Browser<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    cookies: Vec<String>,
}

impl<'a> Browser<'a> {
    fn new(app: &'a TestApp) -> Self {
        Browser { app, client: manual(), cookies: Vec::new() }
    }

    fn keep(&mut self, r: &reqwest::Response) {
        for name in ["guichet_csrf", "guichet_session"] {
            if let Some(c) = set_cookie(r, name) {
                self.cookies.retain(|k| !k.starts_with(&format!("{name}=")));
                self.cookies.push(cookie_pair(&c));
            }
        }
    }

    /// The status, the `Location` and the body.
    async fn get(&mut self, path: &str) -> (u16, String, String) {
        let url = if path.starts_with("http") { path.to_string() } else { format!("{}{path}", self.app.address) };
        let r = self.client.get(url).header("Cookie", self.cookies.join("; ")).send().await.unwrap();
        self.keep(&r);
        let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
        (r.status().as_u16(), location, r.text().await.unwrap())
    }

    async fn post(&mut self, path: &str, form: &[(String, String)]) -> (u16, String, String) {
        let r = self
            .client
            .post(format!("{}{path}", self.app.address))
            .header("Cookie", self.cookies.join("; "))
            .form(form)
            .send()
            .await
            .unwrap();
        self.keep(&r);
        let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
        (r.status().as_u16(), location, r.text().await.unwrap())
    }

    /// Signs in with a user name and password on the personal form; returns the status and `Location`.
    async fn sign_in(&mut self, user: &str, password: &str, next: Option<&str>) -> (u16, String) {
        let path = next.map_or_else(|| "/fr/signin".to_string(), |n| format!("/fr/signin?next={n}"));
        let (status, _, html) = self.get(&path).await;
        assert_eq!(status, 200);
        let form = vec![
            ("csrf".to_string(), hidden(&html, "csrf")),
            ("next".to_string(), hidden(&html, "next")),
            ("user_name".to_string(), user.to_string()),
            ("password".to_string(), password.to_string()),
        ];
        let (status, location, _) = self.post("/fr/signin", &form).await;
        (status, location)
    }
}

#[tokio::test]
async fn an_editor_with_a_password_changes_a_way_of_their_commune_and_is_named_in_the_audit_log() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let admin = token(&db, "Commune de Schaerbeek", Role::Admin, None);
    let r = create(
        &app,
        Some(&admin),
        &json!({"user_name": "lea.v", "display_name": "Léa V.", "password": PASSWORD,
                "institutions": ["commune-schaerbeek"]}),
    )
    .await;
    assert_eq!(r.status(), 201);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["editor"]["role"], "editor");
    assert_eq!(body["editor"]["sign_in"], "password");
    assert_eq!(body["editor"]["institutions"], json!(["commune-schaerbeek"]));
    assert!(body["sign_in_link"].is_null());
    let id = body["editor"]["id"].as_i64().unwrap();

    // Their scope is the person's own row, not a token's.
    let pool = connect(&db.url);
    let rows: Vec<(Option<i64>, Option<i64>)> =
        scopes::table.select((scopes::token_id, scopes::person_id)).load(&mut pool.get().unwrap()).unwrap();
    assert_eq!(rows, [(None, Some(id))]);

    let counter = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    let fwb_phone = channel_id(&app, "fwb-study-grant", "phone").await;

    // Signed in with no page asked for: the editing pages' dashboard, with their commune's ways only.
    let mut b = Browser::new(&app);
    assert_eq!(b.sign_in("Lea.V", PASSWORD, None).await, (303, "/fr/editor".to_string()));
    let (status, _, html) = b.get("/fr/editor").await;
    assert_eq!(status, 200);
    assert!(html.contains("Léa V., Commune de Schaerbeek"), "signed in under their own name");
    assert!(html.contains(&format!("/fr/editor/channels/{counter}")), "the dashboard lists the way");
    assert!(!html.contains(&format!("/fr/editor/channels/{fwb_phone}")), "and no other institution's");

    // The facts form, changed and saved with its anti-forgery token.
    let (status, _, html) = b.get(&format!("/fr/editor/channels/{counter}")).await;
    assert_eq!(status, 200);
    let fields = form_fields(&html, "facts");
    assert!(fields.iter().any(|(k, v)| k == "csrf" && !v.is_empty()), "{fields:?}");
    let hours = "Mo-Fr 08:30-12:30; PH off";
    let save = with(with(fields.clone(), "opening_hours", hours), "action", "save");
    let (status, location, body) = b.post(&format!("/fr/editor/channels/{counter}"), &save).await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("/fr/editor/channels/{counter}?done=saved").as_str()),
        "{body}"
    );
    let channel = app.get_json(&format!("/api/v1/channels/{counter}")).await;
    assert_eq!(channel["opening_hours"], hours);

    // Without the anti-forgery token: refused, nothing written.
    let forged: Vec<(String, String)> =
        with(save.clone(), "opening_hours", "Mo 10:00-11:00").into_iter().filter(|(k, _)| k != "csrf").collect();
    let (status, _, _) = b.post(&format!("/fr/editor/channels/{counter}"), &forged).await;
    assert_eq!(status, 403);
    assert_eq!(app.get_json(&format!("/api/v1/channels/{counter}")).await["opening_hours"], hours);

    // Another institution's way: a 403 page, to read and to write.
    let (status, _, html) = b.get(&format!("/fr/editor/channels/{fwb_phone}")).await;
    assert_eq!(status, 403);
    assert!(html.contains("<html"), "a page, not a bare status");
    let (status, _, _) =
        b.post(&format!("/fr/editor/channels/{fwb_phone}"), &with(save, "phone", "02 244 75 11")).await;
    assert_eq!(status, 403);
    let phone = app.get_json(&format!("/api/v1/channels/{fwb_phone}")).await;
    assert_ne!(phone["phone"], "02 244 75 11", "nothing written");

    // The audit log names the person as the actor.
    let r = app
        .client
        .get(format!("{}/api/v1/audit?actor=person:{id}", app.address))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let log: Value = r.json().await.unwrap();
    let items = log["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{log}");
    let entry = &items[0];
    assert_eq!(entry["actor_kind"], "person");
    assert_eq!(entry["actor_id"], id);
    assert_eq!(entry["actor_name"], "Léa V.");
    assert_eq!(entry["organisation"], "Commune de Schaerbeek");
    assert_eq!(entry["institution"], "commune-schaerbeek");
    assert_eq!(entry["after"]["opening_hours"], hours);
    // A token's entries carry no person's name.
    let editor_token = crate::editing::editor(&db, "Commune de Schaerbeek", &["commune-schaerbeek"]);
    let mut t = Browser::new(&app);
    let (_, _, html) = t.get("/fr/signin?next=/fr/editor").await;
    let form = vec![
        ("csrf".to_string(), hidden(&html, "csrf")),
        ("next".to_string(), "/fr/editor".to_string()),
        ("token".to_string(), editor_token),
    ];
    assert_eq!(t.post("/fr/signin", &form).await.0, 303);
    let (_, _, html) = t.get(&format!("/fr/editor/channels/{counter}")).await;
    let save = with(with(form_fields(&html, "facts"), "opening_hours", "Mo-Fr 09:00-12:00"), "action", "save");
    assert_eq!(t.post(&format!("/fr/editor/channels/{counter}"), &save).await.0, 303);
    let log: Value = app
        .client
        .get(format!("{}/api/v1/audit?institution=commune-schaerbeek", app.address))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = log["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{log}");
    assert_eq!(items[0]["actor_kind"], "token");
    assert!(items[0]["actor_name"].is_null(), "{log}");
    assert_eq!(items[1]["actor_name"], "Léa V.");
}

#[tokio::test]
async fn a_link_signs_an_editor_in_once_and_the_list_shows_their_institutions() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let admin = token(&db, "Région", Role::Admin, None);
    let body = json!({"user_name": "jan.d", "display_name": "Jan D.", "lang": "nl",
                      "institutions": ["fwb-allocations-etudes", "commune-schaerbeek", "fwb-allocations-etudes"]});
    let r = create(&app, Some(&admin), &body).await;
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.unwrap();
    assert_eq!(created["editor"]["sign_in"], "link");
    assert!(created["note"].as_str().unwrap().contains("editor"), "{created}");
    let url = created["sign_in_link"]["url"].as_str().unwrap().to_string();
    assert!(url.starts_with(&format!("{}/nl/signin/link/", app.address)), "{url}");

    // The list: their institutions, by slug, each once.
    let page = list(&app, &admin).await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["institutions"], json!(["commune-schaerbeek", "fwb-allocations-etudes"]));
    assert!(!page.to_string().contains("argon2"), "{page}");

    // The link opens the editing pages, once; both institutions' ways are theirs.
    let mut b = Browser::new(&app);
    let (status, location, _) = b.get(&url).await;
    assert_eq!((status, location.as_str()), (303, "/nl/editor"));
    let fwb_phone = channel_id(&app, "fwb-study-grant", "phone").await;
    let counter = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    for way in [fwb_phone, counter] {
        assert_eq!(b.get(&format!("/nl/editor/channels/{way}")).await.0, 200, "way {way}");
    }
    assert_eq!(Browser::new(&app).get(&url).await.0, 410, "spent");

    // A new link for them, through /editors, never through /reporters.
    let id = page["items"][0]["id"].as_i64().unwrap();
    assert_eq!(new_link(&app, &admin, "reporters", id).await.status(), 404, "an editor is not a reporter");
    let r = new_link(&app, &admin, "editors", id).await;
    assert_eq!(r.status(), 201);
    let again: Value = r.json().await.unwrap();
    assert_eq!(again["editor"]["institutions"], json!(["commune-schaerbeek", "fwb-allocations-etudes"]));
    let url = again["sign_in_link"]["url"].as_str().unwrap();
    assert!(url.contains("/fr/signin/link/"), "{url}");
    assert_eq!(Browser::new(&app).get(url).await.1, "/fr/editor");
}

#[tokio::test]
async fn revoking_an_editor_ends_their_session() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let admin = token(&db, "Commune de Schaerbeek", Role::Admin, None);
    let id = with_password(&app, &admin, "lea.v", &["commune-schaerbeek"]).await;
    let mut b = Browser::new(&app);
    assert_eq!(b.sign_in("lea.v", PASSWORD, Some("/fr/editor")).await, (303, "/fr/editor".to_string()));
    assert_eq!(b.get("/fr/editor").await.0, 200);

    // Through /reporters it is not found, and nothing ends.
    assert_eq!(revoke(&app, &admin, "reporters", &id.to_string()).await.status(), 404);
    assert_eq!(b.get("/fr/editor").await.0, 200);

    assert_eq!(revoke(&app, &admin, "editors", &id.to_string()).await.status(), 204);
    let (status, location, _) = b.get("/fr/editor").await;
    assert_eq!(status, 303, "the session ended");
    assert!(location.starts_with("/fr/signin?next="), "{location}");
    assert_eq!(Browser::new(&app).sign_in("lea.v", PASSWORD, None).await.0, 401, "cannot sign in again");
    assert_eq!(revoke(&app, &admin, "editors", &id.to_string()).await.status(), 204, "revoking twice is no error");
    assert!(list(&app, &admin).await["items"][0]["revoked_at"].is_string());
    assert_eq!(new_link(&app, &admin, "editors", id).await.status(), 404, "no link for a revoked editor");
}

#[tokio::test]
async fn a_reporter_is_no_editor_and_another_organisations_editors_are_invisible() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let ours = token(&db, "Commune de Schaerbeek", Role::Admin, None);
    let theirs = token(&db, "CPAS Ixelles", Role::Admin, None);
    let editor = with_password(&app, &ours, "lea.v", &["commune-schaerbeek"]).await;
    let r = app
        .client
        .post(format!("{}/api/v1/reporters", app.address))
        .bearer_auth(&ours)
        .json(&json!({"user_name": "amina", "display_name": "Amina B.", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let reporter = r.json::<Value>().await.unwrap()["reporter"]["id"].as_i64().unwrap();

    // Each list holds its own role only.
    let editors = list(&app, &ours).await;
    assert_eq!(editors["total"], 1);
    assert_eq!(editors["items"][0]["id"], editor);
    let r = app.client.get(format!("{}/api/v1/reporters", app.address)).bearer_auth(&ours).send().await.unwrap();
    let reporters: Value = r.json().await.unwrap();
    assert_eq!(reporters["total"], 1);
    assert_eq!(reporters["items"][0]["id"], reporter);

    // A reporter's id given to /editors is not found, and nothing is revoked.
    for r in
        [revoke(&app, &ours, "editors", &reporter.to_string()).await, new_link(&app, &ours, "editors", reporter).await]
    {
        assert_eq!(r.status(), 404);
        assert_eq!(r.headers()["content-type"], "application/problem+json");
    }
    let pool = connect(&db.url);
    let revoked: Vec<Option<chrono::NaiveDateTime>> =
        people::table.select(people::revoked_at).load(&mut pool.get().unwrap()).unwrap();
    assert!(revoked.iter().all(Option::is_none), "{revoked:?}");
    // A reporter signed in is still refused the editing pages.
    let mut r = Browser::new(&app);
    assert_eq!(r.sign_in("amina", PASSWORD, None).await, (303, "/fr/report".to_string()));
    assert_eq!(r.get("/fr/editor").await.0, 403);

    // Another organisation sees none of ours and cannot revoke them.
    assert_eq!(list(&app, &theirs).await["total"], 0);
    assert_eq!(revoke(&app, &theirs, "editors", &editor.to_string()).await.status(), 404);
    assert_eq!(new_link(&app, &theirs, "editors", editor).await.status(), 404);
    assert_eq!(Browser::new(&app).sign_in("lea.v", PASSWORD, None).await.0, 303, "still signing in");
}

#[tokio::test]
async fn bad_fields_are_named_nothing_is_half_written_and_only_an_admin_token_may_manage_editors() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let admin = token(&db, "Commune de Schaerbeek", Role::Admin, None);
    let reporter = token(&db, "Commune de Schaerbeek", Role::Reporter, None);
    let editor = crate::editing::editor(&db, "Commune de Schaerbeek", &["commune-schaerbeek"]);
    let body = json!({"user_name": "lea.v", "display_name": "Léa V.", "password": PASSWORD,
                      "institutions": ["commune-schaerbeek"]});

    assert_eq!(create(&app, None, &body).await.status(), 401);
    assert_eq!(create(&app, Some("gch_nope"), &body).await.status(), 401);
    let r = app.client.get(format!("{}/api/v1/editors", app.address)).send().await.unwrap();
    assert_eq!(r.status(), 401);
    for t in [&reporter, &editor] {
        let r = create(&app, Some(t), &body).await;
        assert_eq!(r.status(), 403);
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        let r = app.client.get(format!("{}/api/v1/editors", app.address)).bearer_auth(t).send().await.unwrap();
        assert_eq!(r.status(), 403);
        assert_eq!(revoke(&app, t, "editors", "1").await.status(), 403);
        assert_eq!(new_link(&app, t, "editors", 1).await.status(), 403);
    }

    // A user name taken by a reporter is taken for an editor too.
    let r = app
        .client
        .post(format!("{}/api/v1/reporters", app.address))
        .bearer_auth(&admin)
        .json(&json!({"user_name": "amina", "display_name": "Amina B.", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let pool = connect(&db.url);
    // A withdrawn institution is no institution to edit.
    diesel::update(
        guichet::store::schema::institutions::table
            .filter(guichet::store::schema::institutions::slug.eq("fwb-allocations-etudes")),
    )
    .set(guichet::store::schema::institutions::withdrawn_at.eq(Some(chrono::Utc::now().naive_utc())))
    .execute(&mut pool.get().unwrap())
    .unwrap();

    let person = |user: &str, password: Option<&str>, institutions: Value| {
        let mut b = json!({"user_name": user, "display_name": "Léa V.", "institutions": institutions});
        if let Some(p) = password {
            b["password"] = json!(p);
        }
        b
    };
    for (body, fields) in [
        (person("lea.v", Some(PASSWORD), json!(["commune-nowhere"])), vec!["institutions"]),
        // One known, one not: refused whole.
        (person("lea.v", None, json!(["commune-schaerbeek", "commune-nowhere"])), vec!["institutions"]),
        (person("lea.v", Some(PASSWORD), json!(["fwb-allocations-etudes"])), vec!["institutions"]),
        (person("lea.v", Some(PASSWORD), json!([])), vec!["institutions"]),
        (person("lea.v", Some(PASSWORD), json!("commune-schaerbeek")), vec!["institutions"]),
        (json!({"user_name": "lea.v", "display_name": "Léa V.", "password": PASSWORD}), vec!["institutions"]),
        (person("AMINA", Some(PASSWORD), json!(["commune-schaerbeek"])), vec!["user_name"]),
        (person("amina", Some(PASSWORD), json!(["commune-nowhere"])), vec!["user_name", "institutions"]),
        (person("lea.v", Some("too short"), json!(["commune-schaerbeek"])), vec!["password"]),
        (person("a b", Some("too short"), json!([])), vec!["user_name", "password", "institutions"]),
        (
            json!({"user_name": "lea.v", "institutions": ["commune-schaerbeek"], "lang": "de"}),
            vec!["display_name", "lang"],
        ),
    ] {
        let r = create(&app, Some(&admin), &body).await;
        assert_eq!(r.status(), 422, "{body}");
        let problem_fields = named(r).await;
        assert_eq!(problem_fields, fields, "{body}");
    }
    let r = create(&app, Some(&admin), &person("lea.v", Some("too short"), json!(["commune-schaerbeek"]))).await;
    assert!(!r.text().await.unwrap().contains("too short"), "the password is never quoted");
    let r = create(
        &app,
        Some(&admin),
        &json!({"user_name": "lea.v", "display_name": "L", "institutions":
        ["commune-schaerbeek"], "role": "admin"}),
    )
    .await;
    assert_eq!(r.status(), 400, "unknown fields are refused");
    let r = app
        .client
        .post(format!("{}/api/v1/editors", app.address))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body(format!("{{\"user_name\": \"{}\"}}", "x".repeat(17 * 1024)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413, "the reporters' body limit");
    let r = revoke(&app, &admin, "editors", "abc").await;
    assert_eq!(r.status(), 400);
    assert_eq!(named(r).await, ["id"]);

    // Nothing was written by the refusals: one person (the reporter), no person's scope.
    assert_eq!(list(&app, &admin).await["total"], 0, "no editor was created");
    let mut conn = pool.get().unwrap();
    let count: i64 = people::table.count().get_result(&mut conn).unwrap();
    assert_eq!(count, 1);
    let scoped: i64 = scopes::table.filter(scopes::person_id.is_not_null()).count().get_result(&mut conn).unwrap();
    assert_eq!(scoped, 0);
}

fn guichet(db_url: &str, args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_guichet"))
        .args(args)
        .env("GUICHET_DATABASE_URL", db_url)
        .env("GUICHET_CATALOG", fixture_catalog())
        .env("GUICHET_LOG", "warn")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[tokio::test]
async fn guichet_editor_create_makes_an_editor_who_signs_in() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let admin = token(&db, "Commune de Schaerbeek", Role::Admin, None);
    let base = ["editor", "create", "--org", "Commune de Schaerbeek"];

    // With the password on standard input.
    let args = [&base[..], &["--user", "lea.v", "--name", "Léa V.", "--institution", "commune-schaerbeek"]].concat();
    let out = guichet(&db.url, &args, &format!("{PASSWORD}\n"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("`lea.v` of `Commune de Schaerbeek`: signs in"));
    let mut b = Browser::new(&app);
    assert_eq!(b.sign_in("lea.v", PASSWORD, None).await, (303, "/fr/editor".to_string()));
    let page = list(&app, &admin).await;
    assert_eq!(page["items"][0]["display_name"], "Léa V.");
    assert_eq!(page["items"][0]["institutions"], json!(["commune-schaerbeek"]));

    // With a link, two institutions.
    let args = [
        &base[..],
        &["--user", "jan.d", "--institution", "commune-schaerbeek", "--institution", "fwb-allocations-etudes"],
        &["--link", "--lang", "nl"],
    ]
    .concat();
    let out = guichet(&db.url, &args, "");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(path.starts_with("/nl/signin/link/"), "{path}");
    assert_eq!(Browser::new(&app).get(&path).await.1, "/nl/editor");
    assert_eq!(
        list(&app, &admin).await["items"][1]["institutions"],
        json!(["commune-schaerbeek", "fwb-allocations-etudes"])
    );

    // Refused: an unknown institution, a short password, an unknown organisation; nothing written.
    for (args, stdin, says) in [
        (vec!["--user", "x.y", "--institution", "commune-nowhere"], format!("{PASSWORD}\n"), "--institution"),
        (vec!["--user", "x.y", "--institution", "Not A Slug"], format!("{PASSWORD}\n"), "--institution"),
        (vec!["--user", "x.y", "--institution", "commune-schaerbeek"], "short\n".to_string(), "password"),
        (vec!["--user", "lea.v", "--institution", "commune-schaerbeek"], format!("{PASSWORD}\n"), "--user"),
    ] {
        let out = guichet(&db.url, &[&base[..], &args].concat(), &stdin);
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!err.contains(PASSWORD), "{err}");
    }
    let out = guichet(
        &db.url,
        &["editor", "create", "--org", "Nobody", "--user", "x.y", "--institution", "commune-schaerbeek", "--link"],
        "",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--org"));
    // Without any institution, clap refuses the command.
    let out = guichet(&db.url, &[&base[..], &["--user", "x.y", "--link"]].concat(), "");
    assert!(!out.status.success());
    assert_eq!(list(&app, &admin).await["total"], 2);
}
