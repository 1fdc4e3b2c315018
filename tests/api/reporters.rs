//! Named reporters: created by the organisation's admin token, signed in with a password or a one-time link,
//! remembered for a working week, revoked with their sessions, invisible to other organisations.

use crate::helpers::*;
use crate::observations::{channel_id, token};
use diesel::prelude::*;
use guichet::domain::Role;
use guichet::store::schema::{people, web_sessions};
use serde_json::{Value, json};

const PASSWORD: &str = "pommes de terre 1030";

fn max_age(set_cookie: &str) -> i64 {
    let part = set_cookie.split(';').map(str::trim).find(|p| p.starts_with("Max-Age=")).expect("a Max-Age");
    part["Max-Age=".len()..].parse().unwrap()
}

async fn create(app: &TestApp, token: Option<&str>, body: &Value) -> reqwest::Response {
    let mut req = app.client.post(format!("{}/api/v1/reporters", app.address)).json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

async fn list(app: &TestApp, token: &str) -> Value {
    let r = app.client.get(format!("{}/api/v1/reporters", app.address)).bearer_auth(token).send().await.unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn revoke(app: &TestApp, token: &str, id: &str) -> reqwest::Response {
    app.client.delete(format!("{}/api/v1/reporters/{id}", app.address)).bearer_auth(token).send().await.unwrap()
}

/// The path of a URL (the link is absolute: the test server's own address).
fn path_of(url: &str) -> String {
    let rest = url.split_once("://").unwrap().1;
    rest[rest.find('/').unwrap()..].to_string()
}

/// Posts the personal sign-in form with the visitor's own anti-forgery cookie.
async fn sign_in(app: &TestApp, user: &str, password: &str, remember: bool) -> reqwest::Response {
    let client = manual();
    let r = client.get(format!("{}/fr/signin", app.address)).send().await.unwrap();
    let jar = cookie_pair(&set_cookie(&r, "guichet_csrf").unwrap());
    let csrf = hidden(&r.text().await.unwrap(), "csrf");
    let mut form = vec![("csrf", csrf), ("user_name", user.to_string()), ("password", password.to_string())];
    if remember {
        form.push(("remember", "true".into()));
    }
    client.post(format!("{}/fr/signin", app.address)).header("Cookie", jar).form(&form).send().await.unwrap()
}

/// The session cookie (`name=value`) of a successful sign-in, and its Max-Age.
fn session_of(r: &reqwest::Response) -> (String, i64) {
    assert_eq!(r.status(), 303, "signed in");
    assert_eq!(r.headers()["location"], "/fr/report");
    let c = set_cookie(r, "guichet_session").expect("a session cookie");
    assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax"), "{c}");
    (cookie_pair(&c), max_age(&c))
}

/// The status of the report form for this session cookie: 200 signed in, 303 sent to sign in.
async fn report_status(app: &TestApp, session: &str, channel: i64) -> u16 {
    let r = manual()
        .get(format!("{}/fr/report?channel={channel}", app.address))
        .header("Cookie", session)
        .send()
        .await
        .unwrap();
    r.status().as_u16()
}

async fn with_password(app: &TestApp, admin: &str, user: &str) -> i64 {
    let r =
        create(app, Some(admin), &json!({"user_name": user, "display_name": "Amina B.", "password": PASSWORD})).await;
    assert_eq!(r.status(), 201);
    let body: Value = r.json().await.unwrap();
    body["reporter"]["id"].as_i64().unwrap()
}

#[tokio::test]
async fn an_admin_creates_a_reporter_whose_link_signs_in_once() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let admin = token(&db, "SSQ 1030", Role::Admin, None);
    let r = create(&app, Some(&admin), &json!({"user_name": "Karim.D", "display_name": "Karim D."})).await;
    assert_eq!(r.status(), 201);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["reporter"]["user_name"], "Karim.D");
    assert_eq!(body["reporter"]["sign_in"], "link");
    assert_eq!(body["reporter"]["role"], "reporter");
    let url = body["sign_in_link"]["url"].as_str().unwrap();
    assert!(url.starts_with(&format!("{}/fr/signin/link/", app.address)), "{url}");
    let expires: chrono::DateTime<chrono::Utc> = body["sign_in_link"]["expires_at"].as_str().unwrap().parse().unwrap();
    let days = (expires - chrono::Utc::now()).num_hours();
    assert!((7 * 24 - 1..=7 * 24).contains(&days), "valid 7 days: {days} h");

    // Only the link's SHA-256 is stored.
    let pool = connect(&db.url);
    let token_part = url.rsplit('/').next().unwrap().to_string();
    let stored: Vec<String> = guichet::store::schema::sign_in_links::table
        .select(guichet::store::schema::sign_in_links::token_hash)
        .load(&mut pool.get().unwrap())
        .unwrap();
    assert_eq!(stored, [guichet::store::tokens::sha256_hex(token_part.as_bytes())]);

    // Opened: signed in for the working week, the link spent.
    let r = manual().get(url).send().await.unwrap();
    let (session, age) = session_of(&r);
    assert_eq!(age, 5 * 24 * 3600);
    let channel = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    assert_eq!(report_status(&app, &session, channel).await, 200);
    let form = manual()
        .get(format!("{}/fr/report?channel={channel}", app.address))
        .header("Cookie", &session)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains("Karim D., SSQ 1030"), "signed in under their own name");
    // Opened again, or a made-up one: gone, and the page offers to sign in otherwise.
    let fake = format!("/fr/signin/link/{}", "ab".repeat(32));
    for path in [path_of(url), fake, "/fr/signin/link/short".to_string()] {
        let r = manual().get(format!("{}{path}", app.address)).send().await.unwrap();
        assert_eq!(r.status(), 410, "{path}");
        assert!(set_cookie(&r, "guichet_session").is_none());
        let html = r.text().await.unwrap();
        assert!(html.contains("id=\"errors\"") && html.contains("form id=\"signin-person\""), "{path}");
    }

    // The admin sees the reporter, never a hash; a new link signs in once too.
    let page = list(&app, &admin).await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["display_name"], "Karim D.");
    assert!(!page.to_string().contains("hash") && !page.to_string().contains("argon2"), "{page}");
    let id = page["items"][0]["id"].as_i64().unwrap();
    let r = app
        .client
        .post(format!("{}/api/v1/reporters/{id}/links?lang=nl", app.address))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let again: Value = r.json().await.unwrap();
    let url = again["sign_in_link"]["url"].as_str().unwrap();
    assert!(url.contains("/nl/signin/link/"), "{url}");
    let r = manual().get(url).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/nl/report");
    assert_eq!(manual().get(url).send().await.unwrap().status(), 410);
}

#[tokio::test]
async fn a_password_signs_in_and_a_wrong_one_is_answered_as_an_unknown_user() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let admin = token(&db, "SSQ 1030", Role::Admin, Some("schaerbeek"));
    let r =
        create(&app, Some(&admin), &json!({"user_name": "amina", "display_name": "Amina B.", "password": PASSWORD}))
            .await;
    assert_eq!(r.status(), 201);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["reporter"]["sign_in"], "password");
    assert!(body["sign_in_link"].is_null());
    assert!(body["note"].as_str().unwrap().contains("password was set"));

    // Stored as Argon2id with OWASP's parameters, never in clear.
    let pool = connect(&db.url);
    let hash: Option<String> = people::table.select(people::password_hash).first(&mut pool.get().unwrap()).unwrap();
    let hash = hash.unwrap();
    assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
    assert!(!hash.contains(PASSWORD));

    // A wrong password and an unknown user name: the same answer, word for word but the name given back.
    let wrong = sign_in(&app, "amina", "pommes de terre 1000", false).await;
    assert_eq!(wrong.status(), 401);
    assert!(set_cookie(&wrong, "guichet_session").is_none());
    let wrong = wrong.text().await.unwrap();
    let unknown = sign_in(&app, "nobody", PASSWORD, false).await;
    assert_eq!(unknown.status(), 401);
    let unknown = unknown.text().await.unwrap();
    let strip = |html: &str, name: &str| html.replace(&hidden(html, "csrf"), "").replace(name, "NAME");
    assert_eq!(strip(&wrong, "amina"), strip(&unknown, "nobody"));
    assert!(wrong.contains("role=\"alert\""));
    assert!(!wrong.contains("pommes de terre"), "the password is never given back");

    // The right one, without "remember": a working day. The user name is compared without case.
    let (session, age) = session_of(&sign_in(&app, "Amina", PASSWORD, false).await);
    assert_eq!(age, 12 * 3600);
    let channel = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    assert_eq!(report_status(&app, &session, channel).await, 200);
    let rows: Vec<(Option<i64>, Option<i64>)> = web_sessions::table
        .select((web_sessions::token_id, web_sessions::person_id))
        .load(&mut pool.get().unwrap())
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].0.is_none() && rows[0].1.is_some(), "the session is the person's, not a token's");

    // A report through the person's session counts for the organisation.
    let form = manual()
        .get(format!("{}/fr/report?channel={channel}", app.address))
        .header("Cookie", &session)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let now = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Brussels).format("%Y-%m-%dT%H:%M").to_string();
    let r = manual()
        .post(format!("{}/fr/report", app.address))
        .header("Cookie", &session)
        .form(&[
            ("csrf", hidden(&form, "csrf")),
            ("idem", hidden(&form, "idem")),
            ("channel_id", channel.to_string()),
            ("occurred_at", now),
            ("outcome", "completed".into()),
            ("minutes_pick", "15".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let stats = app.get_json("/api/v1/stats/monitoring?org=SSQ%201030").await;
    assert_eq!(stats["total"], 1, "{stats}");
    assert_eq!(stats["mean_minutes"], 15.0, "the one-tap duration was recorded: {stats}");
}

#[tokio::test]
async fn revoking_a_reporter_ends_their_session() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let admin = token(&db, "SSQ 1030", Role::Admin, None);
    let id = with_password(&app, &admin, "amina").await;
    let channel = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    let (session, _) = session_of(&sign_in(&app, "amina", PASSWORD, true).await);
    assert_eq!(report_status(&app, &session, channel).await, 200);

    assert_eq!(revoke(&app, &admin, &id.to_string()).await.status(), 204);
    assert_eq!(report_status(&app, &session, channel).await, 303, "the session ended");
    assert_eq!(sign_in(&app, "amina", PASSWORD, false).await.status(), 401, "cannot sign in again");
    assert_eq!(revoke(&app, &admin, &id.to_string()).await.status(), 204, "revoking twice is no error");
    let page = list(&app, &admin).await;
    assert!(page["items"][0]["revoked_at"].is_string(), "{page}");
    // No new link for a revoked reporter.
    let r = app
        .client
        .post(format!("{}/api/v1/reporters/{id}/links", app.address))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn a_remembered_session_lasts_five_days_then_ends() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let admin = token(&db, "SSQ 1030", Role::Admin, None);
    with_password(&app, &admin, "amina").await;
    let channel = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    let (session, age) = session_of(&sign_in(&app, "amina", PASSWORD, true).await);
    assert_eq!(age, 5 * 24 * 3600, "remembered: a working week");
    let pool = connect(&db.url);
    let mut conn = pool.get().unwrap();
    let (created, expires): (chrono::NaiveDateTime, chrono::NaiveDateTime) =
        web_sessions::table.select((web_sessions::created_at, web_sessions::expires_at)).first(&mut conn).unwrap();
    assert_eq!(expires - created, chrono::Duration::days(5));
    assert_eq!(report_status(&app, &session, channel).await, 200);

    // Five days later (the row's expiry moved into the past): signed out, sent to sign in again.
    let past = chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1);
    diesel::update(web_sessions::table).set(web_sessions::expires_at.eq(past)).execute(&mut conn).unwrap();
    let r = manual()
        .get(format!("{}/fr/report?channel={channel}", app.address))
        .header("Cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(r.headers()["location"].to_str().unwrap().starts_with("/fr/signin?next="));
}

#[tokio::test]
async fn another_organisations_reporters_are_invisible() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let ours = token(&db, "SSQ 1030", Role::Admin, None);
    let theirs = token(&db, "CPAS Ixelles", Role::Admin, None);
    let id = with_password(&app, &ours, "amina").await;
    let page = list(&app, &theirs).await;
    assert_eq!(page["total"], 0);
    assert_eq!(page["items"], json!([]));
    let r = revoke(&app, &theirs, &id.to_string()).await;
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let r = app
        .client
        .post(format!("{}/api/v1/reporters/{id}/links", app.address))
        .bearer_auth(&theirs)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(revoke(&app, &ours, "999999").await.status(), 404);
    // Still there, still signing in.
    assert_eq!(list(&app, &ours).await["total"], 1);
    session_of(&sign_in(&app, "amina", PASSWORD, false).await);
    // A user name is unique across organisations, whatever its case.
    let r = create(&app, Some(&theirs), &json!({"user_name": "AMINA", "display_name": "Other", "password": PASSWORD}))
        .await;
    assert_eq!(r.status(), 422);
    let problem: Value = r.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "user_name", "{problem}");
}

#[tokio::test]
async fn bad_fields_are_named_and_only_an_admin_token_may_manage_reporters() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let admin = token(&db, "SSQ 1030", Role::Admin, None);
    let reporter = token(&db, "SSQ 1030", Role::Reporter, None);
    let editor = token(&db, "SSQ 1030", Role::Editor, None);
    let body = json!({"user_name": "amina", "display_name": "Amina B.", "password": PASSWORD});

    assert_eq!(create(&app, None, &body).await.status(), 401);
    assert_eq!(create(&app, Some("gch_nope"), &body).await.status(), 401);
    for t in [&reporter, &editor] {
        let r = create(&app, Some(t), &body).await;
        assert_eq!(r.status(), 403);
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        let r = app.client.get(format!("{}/api/v1/reporters", app.address)).bearer_auth(t).send().await.unwrap();
        assert_eq!(r.status(), 403);
        assert_eq!(revoke(&app, t, "1").await.status(), 403);
    }

    for (body, fields) in [
        (json!({"user_name": "a b", "display_name": "A", "password": PASSWORD}), vec!["user_name"]),
        (json!({"user_name": "ab", "display_name": "A"}), vec!["user_name"]),
        (json!({"user_name": "x".repeat(51), "display_name": "A"}), vec!["user_name"]),
        (json!({"user_name": "amina", "password": "too short"}), vec!["display_name", "password"]),
        (json!({"display_name": "A", "lang": "de"}), vec!["user_name", "lang"]),
        (json!({"user_name": 7, "display_name": "A", "password": 12}), vec!["user_name", "password"]),
    ] {
        let r = create(&app, Some(&admin), &body).await;
        assert_eq!(r.status(), 422, "{body}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        let problem: Value = r.json().await.unwrap();
        let named: Vec<&str> =
            problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert_eq!(named, fields, "{problem}");
        assert!(!problem.to_string().contains("too short"), "the password is never quoted");
    }
    let r = create(&app, Some(&admin), &json!({"user_name": "amina", "display_name": "A", "role": "admin"})).await;
    assert_eq!(r.status(), 400, "unknown fields are refused");
    let r = revoke(&app, &admin, "abc").await;
    assert_eq!(r.status(), 400);
    let problem: Value = r.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "id");
    assert_eq!(list(&app, &admin).await["total"], 0, "nothing was created");
}
