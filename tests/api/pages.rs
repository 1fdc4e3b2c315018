//! The web pages over real HTTP: languages, content in words, forms with their anti-forgery tokens, sessions,
//! weight. The browser tests (tests/browser) drive the same pages in Chromium with axe-core.

use crate::helpers::*;
use crate::observations::{channel_id, token};

/// A page and its status, redirects shown rather than followed (the sign-in and form tests look at them).
async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let r = manual().get(format!("{}{path}", app.address)).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.text().await.unwrap())
}

#[tokio::test]
async fn root_sends_each_visitor_to_their_language() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    for (header, expected) in [("nl-BE,nl;q=0.9,fr;q=0.8", "/nl/"), ("en-GB", "/en/"), ("de", "/fr/"), ("", "/fr/")] {
        let r = manual().get(format!("{}/", app.address)).header("Accept-Language", header).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 303, "{header}");
        assert_eq!(r.headers()["location"], expected, "{header}");
        assert_eq!(r.headers()["vary"], "Accept-Language");
    }
    // Other first segments are not languages: the API's 404 problem.
    app.assert_problem("/de/", 404, None).await;
}

#[tokio::test]
async fn every_page_is_in_its_language_with_landmarks_and_light() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let id = channel_id(&app, "schaerbeek-identity-card", "appointment").await;
    for lang in ["fr", "nl", "en"] {
        for path in [
            "/".to_string(),
            "/search?q=carte+d%27identit%C3%A9&where=Schaerbeek".into(),
            "/procedures/schaerbeek-identity-card".into(),
            "/institutions/commune-schaerbeek".into(),
            "/orientation?need=carte+d%27identit%C3%A9&postcode=1030&no_internet=true".into(),
            "/gaps".into(),
            "/signin".into(),
            format!("/complaints/new?channel={id}"),
        ] {
            let (status, html) = page(&app, &format!("/{lang}{path}")).await;
            assert_eq!(status, 200, "/{lang}{path}");
            assert!(html.starts_with("<!doctype html>"), "/{lang}{path}");
            assert!(html.contains(&format!("<html lang=\"{lang}\" dir=\"ltr\">")), "/{lang}{path}");
            assert!(html.contains("<a class=\"skip\" href=\"#main\">"), "/{lang}{path}");
            assert!(html.contains("<main id=\"main\""), "/{lang}{path}");
            for other in ["fr", "nl", "en"] {
                assert!(html.contains(&format!("hreflang=\"{other}\"")), "/{lang}{path} links to {other}");
            }
            assert!(!html.contains("<script"), "/{lang}{path} has no script");
            let gz = gzip_len(&html);
            assert!(gz < 50 * 1024, "/{lang}{path}: {gz} bytes gzipped");
            // A missing string shows its key: none may.
            assert!(!html.contains(">status-") && !html.contains(">why-") && !html.contains(">fact-"), "/{lang}{path}");
        }
    }
}

#[tokio::test]
async fn search_finds_the_identity_card_in_schaerbeek_and_escapes_what_it_is_given() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let (_, html) = page(&app, "/fr/search?q=carte+d%27identit%C3%A9&where=Schaerbeek").await;
    assert!(html.contains("href=\"/fr/procedures/schaerbeek-identity-card\""));
    assert!(!html.contains("/fr/procedures/ixelles-"), "another commune's procedures are left out");
    let (_, html) = page(&app, "/fr/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&where=%22%3E%3Cb%3E").await;
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("&#60;script&#62;alert(1)"), "shown, escaped");
    assert!(!html.contains("\"><b>"));
}

#[tokio::test]
async fn every_frequent_need_on_the_home_page_finds_procedures() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let (_, home) = page(&app, "/fr/").await;
    let links: Vec<&str> = home
        .match_indices("class=\"procedure-button\" href=\"")
        .map(|(i, m)| {
            let rest = &home[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(links.len(), guichet::web::home::FREQUENT.len());
    for link in links {
        let (status, html) = page(&app, &link.replace("&#38;", "&")).await;
        assert_eq!(status, 200, "{link}");
        assert!(html.contains("<ol id=\"results\""), "{link} finds nothing");
    }
}

#[tokio::test]
async fn the_procedure_page_says_what_works_and_what_is_unknown_in_words() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let (_, fr) = page(&app, "/fr/procedures/schaerbeek-identity-card").await;
    assert!(fr.contains("<h1>Demander une carte d") && fr.contains("identité (eID)</h1>"));
    assert!(fr.contains("data-kind=\"counter\"") && fr.contains("data-kind=\"appointment\""));
    assert!(fr.contains("Place Colignon, 1030 Schaerbeek"), "address with postcode and commune");
    assert!(fr.contains("https://www.openstreetmap.org/search?query=Place+Colignon"), "map link");
    assert!(fr.contains("jeudi"), "Thursday appointments in words");
    assert!(fr.contains("Sur rendez-vous\u{a0}: "), "the hours say what they are hours of");
    // Catalog text missing in English shows in French, marked and said.
    let (_, en) = page(&app, "/en/procedures/schaerbeek-identity-card").await;
    assert!(en.contains(
        "<span lang=\"fr\">Hôtel communal de Schaerbeek</span> <small class=\"fallback\">(in French)</small>"
    ));
    // Every sheet language is offered for each card.
    for code in ["fr", "nl", "en", "ar", "tr", "es", "ro"] {
        assert!(en.contains(&format!("class=\"sheet-link\" hreflang=\"{code}\"")), "{code}");
    }
    // No way without the internet: said first, with the way to help places.
    let (_, none) = page(&app, "/en/procedures/dg-handicap-recognition").await;
    assert!(none.contains("No known way to do this without the internet."));
    assert!(none.contains("href=\"/en/orientation?need=dg-handicap-recognition&amp;no_internet=true\""));
    let (status, html) = page(&app, "/en/procedures/no-such-procedure").await;
    assert_eq!(status, 404);
    assert!(html.contains("<html lang=\"en\""), "the 404 page is in the visitor's language");
}

#[tokio::test]
async fn field_reports_change_what_the_card_says() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let t = token(&db, "SSQ 1030", guichet::domain::Role::Reporter, Some("schaerbeek"));
    let id = channel_id(&app, "schaerbeek-identity-card", "appointment").await;
    let now = chrono::Utc::now();
    for i in 0..10 {
        let outcome = if i < 7 { "not_completed" } else { "completed" };
        let mut body = serde_json::json!({
            "channel_id": id, "occurred_at": (now - chrono::Duration::seconds(i + 1)).to_rfc3339(),
            "outcome": outcome, "minutes_spent": 20, "on_behalf": true,
        });
        if outcome == "not_completed" {
            body["failure_reason"] = "appointment_online_only".into();
        }
        let r = app
            .client
            .post(format!("{}/api/v1/observations", app.address))
            .bearer_auth(&t)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 201);
    }
    let (_, en) = page(&app, "/en/procedures/schaerbeek-identity-card").await;
    assert!(en.contains("7 of the last 10 attempts failed."), "counts in words");
    // The newest report is one second old: "today" unless Brussels midnight fell in between.
    let newest = now - chrono::Duration::seconds(1);
    let expected = if guichet::app::brussels_date(newest) == guichet::app::brussels_date(chrono::Utc::now()) {
        "Last checked in the field today"
    } else {
        "Last checked in the field 1 day ago"
    };
    assert!(en.contains(expected), "{expected}");
    // The dashboard counts them too.
    let (_, gaps) = page(&app, "/en/gaps").await;
    assert!(gaps.contains("<tr><th scope=\"row\">Municipality of Schaerbeek</th><td>10 (100 %)</td></tr>"));
    assert!(gaps.contains("<tr><th scope=\"row\">Appointment online only</th><td>7 (100 %)</td></tr>"));
}

#[tokio::test]
async fn the_sheet_prints_in_arabic_right_to_left_with_a_qr_code() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let id = channel_id(&app, "schaerbeek-identity-card", "appointment-thursday").await;
    let (status, ar) = page(&app, &format!("/ar/procedures/schaerbeek-identity-card/sheet/{id}")).await;
    assert_eq!(status, 200);
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(ar.contains("<svg class=\"qr\" role=\"img\""));
    assert!(ar.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)), "Arabic strings");
    // The procedure name is not in Arabic in the catalog: French, marked as such.
    assert!(ar.contains("<span lang=\"fr\">Demander une carte"));
    assert!(ar.contains("population@schaerbeek.be"));
    assert!(gzip_len(&ar) < 50 * 1024);
    // A channel of another procedure, or an interface-only path, is a 404.
    let other = channel_id(&app, "schaerbeek-residence-certificate", "appointment").await;
    assert_eq!(page(&app, &format!("/ar/procedures/schaerbeek-identity-card/sheet/{other}")).await.0, 404);
    assert_eq!(page(&app, "/ar/procedures/schaerbeek-identity-card").await.0, 404);
}

#[tokio::test]
async fn orientation_form_ranks_with_reasons_and_names_bad_fields() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let (status, html) =
        page(&app, "/en/orientation?need=carte+d%27identit%C3%A9&postcode=1030&no_internet=true&cannot_phone=true")
            .await;
    assert_eq!(status, 200);
    assert!(html.contains("<section id=\"results\""));
    assert!(
        html.contains("class=\"option\" data-kind=\"counter\"")
            || html.contains("class=\"option\" data-kind=\"appointment\"")
    );
    assert!(!html.contains("class=\"option\" data-kind=\"online\""), "no online option without internet");
    assert!(
        html.contains("id=\"c-no_internet\" name=\"no_internet\" value=\"true\" checked"),
        "the form keeps its answers"
    );
    assert!(html.contains("Left out for this person"));
    let (status, html) = page(&app, "/en/orientation?need=x&postcode=9999").await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"errors\"") && html.contains("9999 is not a postcode of the Brussels-Capital Region"));
    // With the communes to choose from, each a link that asks again.
    assert!(html.contains("<ul id=\"place\" class=\"choices\">"));
    assert!(html.contains("postcode=Schaerbeek\">Schaerbeek</a>"), "{html}");
}

#[tokio::test]
async fn gaps_dashboard_and_institution_page_show_compliance_in_tables_and_charts() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let (_, html) = page(&app, "/en/gaps").await;
    assert!(html.contains("<ul class=\"chart\">") && !html.contains("<text"), "chart labels are HTML text");
    assert!(html.contains("<caption>By level of government</caption>"));
    assert!(html.contains("href=\"/api/v1/exports/gaps.csv?rule="));
    let (status, html) = page(&app, "/en/gaps?from=yesterday&commune=atlantis").await;
    assert_eq!(status, 422);
    assert!(html.contains("“From” must be a date.") && html.contains("Choose a commune from the list."));
    let (status, html) = page(&app, "/en/gaps?from=2020-01-01&to=2026-12-31&commune=schaerbeek").await;
    assert_eq!(status, 200);
    assert!(html.contains("<option value=\"schaerbeek\" selected>"), "the filter keeps its answers");
    let (_, html) = page(&app, "/en/gaps?rule=any-offline-alternative").await;
    assert!(html.contains("aria-current=\"page\">At least one offline alternative"));
    let (status, html) = page(&app, "/nl/institutions/commune-schaerbeek").await;
    assert_eq!(status, 200);
    assert!(html.contains("<h1>Gemeente Schaarbeek</h1>"));
    assert!(html.contains("class=\"verdict"));
}

#[tokio::test]
async fn reporting_from_the_web_needs_a_session_and_its_csrf_token() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let t = token(&db, "SSQ 1030", guichet::domain::Role::Reporter, Some("schaerbeek"));
    let id = channel_id(&app, "schaerbeek-identity-card", "appointment").await;
    let client = manual();
    let url = |p: &str| format!("{}{p}", app.address);

    // Not signed in: to the sign-in page, which remembers where to come back.
    let r = client.get(url(&format!("/fr/report?channel={id}"))).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert!(r.headers()["location"].to_str().unwrap().starts_with("/fr/signin?next=%2Ffr%2Freport"));

    let r = client.get(url("/fr/signin")).send().await.unwrap();
    let csrf_cookie = set_cookie(&r, "guichet_csrf").expect("a csrf cookie");
    assert!(csrf_cookie.contains("HttpOnly") && csrf_cookie.contains("SameSite=Strict"));
    let csrf = hidden(&r.text().await.unwrap(), "csrf");
    let jar = cookie_pair(&csrf_cookie);
    let signin = |form: Vec<(&'static str, String)>| {
        client.post(url("/fr/signin")).header("Cookie", jar.clone()).form(&form).send()
    };
    assert_eq!(signin(vec![("csrf", "0".repeat(64)), ("token", t.clone())]).await.unwrap().status().as_u16(), 403);
    assert_eq!(
        signin(vec![("csrf", csrf.clone()), ("token", "gch_wrong".into())]).await.unwrap().status().as_u16(),
        401
    );
    let r = signin(vec![("csrf", csrf.clone()), ("token", t.clone()), ("next", "https://evil.example/".into())])
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], "/fr/report", "never off-site");
    let session = set_cookie(&r, "guichet_session").expect("a session cookie");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"));
    let session = cookie_pair(&session);

    let r =
        client.get(url(&format!("/fr/report?channel={id}"))).header("Cookie", session.clone()).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let form = r.text().await.unwrap();
    assert!(form.contains("<form id=\"report\""));
    let (csrf, idem) = (hidden(&form, "csrf"), hidden(&form, "idem"));
    let post = |fields: Vec<(&'static str, String)>| {
        client.post(url("/fr/report")).header("Cookie", session.clone()).form(&fields).send()
    };
    let now = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Brussels).format("%Y-%m-%dT%H:%M").to_string();
    let base = vec![
        ("channel_id", id.to_string()),
        ("occurred_at", now.clone()),
        ("outcome", "not_completed".to_string()),
        ("minutes_spent", "12".to_string()),
        ("idem", idem.clone()),
    ];
    // Without the session's token: refused, nothing stored.
    let mut forged = base.clone();
    forged.push(("csrf", "f".repeat(64)));
    forged.push(("failure_reason", "line_saturated".into()));
    assert_eq!(post(forged).await.unwrap().status().as_u16(), 403);
    // A missing reason and a personal phone number: named, form kept.
    let mut invalid = base.clone();
    invalid.push(("csrf", csrf.clone()));
    invalid.push(("comment", "call her at 0470 12 34 56".into()));
    let r = post(invalid).await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("href=\"#f-failure-reason\"") && html.contains("href=\"#f-comment\""));
    assert!(html.contains("value=\"12\""), "answers kept");
    // Valid, then sent twice (a double tap): one observation.
    let mut valid = base.clone();
    valid.push(("csrf", csrf.clone()));
    valid.push(("failure_reason", "appointment_online_only".into()));
    valid.push(("on_behalf", "true".into()));
    for _ in 0..2 {
        let r = post(valid.clone()).await.unwrap();
        assert_eq!(r.status().as_u16(), 200);
        assert!(r.text().await.unwrap().contains("role=\"status\""));
    }
    let reach = app.get_json(&format!("/api/v1/channels/{id}/reachability")).await;
    assert_eq!(reach["observed"]["observations"], 1);
    assert_eq!(reach["observed"]["failures"], 1);

    // Revoking the token ends the session.
    let pool = connect(&db.url);
    let tokens = guichet::store::tokens::list_tokens(&mut pool.get().unwrap()).unwrap();
    guichet::store::tokens::revoke_token(&mut pool.get().unwrap(), tokens[0].id).unwrap();
    let r =
        client.get(url(&format!("/fr/report?channel={id}"))).header("Cookie", session.clone()).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
}

#[tokio::test]
async fn sign_in_attempts_are_limited_per_address() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let client = manual();
    let r = client.get(format!("{}/en/signin", app.address)).send().await.unwrap();
    let jar = cookie_pair(&set_cookie(&r, "guichet_csrf").unwrap());
    let csrf = hidden(&r.text().await.unwrap(), "csrf");
    let attempt = || {
        client
            .post(format!("{}/en/signin", app.address))
            .header("Cookie", jar.clone())
            .form(&[("csrf", csrf.clone()), ("token", "gch_guess".to_string())])
            .send()
    };
    for _ in 0..10 {
        assert_eq!(attempt().await.unwrap().status().as_u16(), 401);
    }
    let r = attempt().await.unwrap();
    assert_eq!(r.status().as_u16(), 429);
    let wait: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=30).contains(&wait), "{wait}");
    assert!(r.text().await.unwrap().contains("Too many sign-in attempts"));
}

#[tokio::test]
async fn a_complaint_from_the_web_gets_a_tracking_page_and_never_shows_the_email() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let id = channel_id(&app, "schaerbeek-identity-card", "appointment").await;
    let client = manual();
    let r = client.get(format!("{}/nl/complaints/new?channel={id}", app.address)).send().await.unwrap();
    let jar = cookie_pair(&set_cookie(&r, "guichet_csrf").unwrap());
    let csrf = hidden(&r.text().await.unwrap(), "csrf");
    let send = |fields: Vec<(&'static str, String)>, cookie: Option<String>| {
        let mut req = client.post(format!("{}/nl/complaints", app.address)).form(&fields);
        if let Some(c) = cookie {
            req = req.header("Cookie", c);
        }
        req.send()
    };
    let fields = vec![
        ("csrf", csrf.clone()),
        ("channel_id", id.to_string()),
        ("problem", "appointment_online_only".to_string()),
        ("description", "Geen afspraak zonder internet.".to_string()),
        ("email", "iemand@example.be".to_string()),
    ];
    assert_eq!(send(fields.clone(), None).await.unwrap().status().as_u16(), 403, "no cookie, no complaint");
    let mut huge = fields.clone();
    huge[3].1 = "x".repeat(20_000);
    assert_eq!(
        send(huge, Some(jar.clone())).await.unwrap().status().as_u16(),
        413,
        "a form too large is refused whole"
    );
    let mut bad = fields.clone();
    bad[2].1 = "nonsense".into();
    let r = send(bad, Some(jar.clone())).await.unwrap();
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("href=\"#f-problem\""));
    let r = send(fields, Some(jar.clone())).await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let code = location.strip_prefix("/nl/complaints/").unwrap().to_string();
    let (status, html) = page(&app, &location).await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("<strong class=\"tracking-code\">{code}</strong>")));
    assert!(!html.contains("iemand@example.be"));
    assert_eq!(app.get_json(&format!("/api/v1/complaints/{code}")).await["tracking_code"], code.as_str());
    let r =
        client.get(format!("{}/nl/complaints/track?code={}", app.address, code.to_lowercase())).send().await.unwrap();
    assert_eq!(r.headers()["location"].to_str().unwrap(), location);
    assert_eq!(page(&app, "/nl/complaints/AAAA-BBBB-CCCC").await.0, 404);
}

#[tokio::test]
async fn static_assets_are_versioned_and_cached_for_a_year() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let (_, html) = page(&app, "/en/").await;
    let start = html.find("/static/style.css?v=").unwrap();
    let href = &html[start..start + html[start..].find('"').unwrap()];
    let r = app.get(href).await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
    assert_eq!(app.get("/static/style.css").await.headers()["cache-control"], "public, max-age=3600");
    assert_eq!(app.get("/static/../Cargo.toml").await.status().as_u16(), 404);
    let r = app.get("/en/").await;
    assert!(r.headers()["content-security-policy"].to_str().unwrap().contains("default-src 'none'"));
}
