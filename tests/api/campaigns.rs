//! Verification campaigns: opened by an admin over a scope, confirmed record by record by the editors in scope
//! ("still true", `If-Match` as every write, audited); a record left unconfirmed past the deadline is to verify;
//! orientation puts a verified channel before a to-verify one of equal rank; the gaps count `unverified`.

use crate::editing::{editor, read, send};
use crate::helpers::*;
use crate::observations::{channel_id, token};
use chrono::{Days, NaiveDate};
use guichet::domain::Role;
use guichet::store::verification::{self, Scope, VerificationKind, Verifier};
use reqwest::Method;
use serde_json::{Value, json};

fn today() -> NaiveDate {
    guichet::app::brussels_date(chrono::Utc::now())
}

async fn post_campaign(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    send(app, Method::POST, "/api/v1/campaigns", Some(token), None, Some(body)).await
}

async fn get(app: &TestApp, token: &str, path: &str) -> (u16, Value) {
    let r = send(app, Method::GET, path, Some(token), None, None).await;
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

pub async fn verify(app: &TestApp, id: i64, token: &str, if_match: Option<&str>) -> reqwest::Response {
    send(app, Method::POST, &format!("/api/v1/channels/{id}/verify"), Some(token), if_match, None).await
}

fn fields(problem: &Value) -> Vec<String> {
    problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn an_editor_confirms_every_record_of_a_campaign_over_one_commune() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let admin = token(&db, "guichet", Role::Admin, None);
    let schaerbeek = editor(&db, "Commune de Schaerbeek", &["commune-schaerbeek"]);
    let fwb = editor(&db, "Fédération Wallonie-Bruxelles", &["fwb-allocations-etudes"]);
    let deadline = (today() + Days::new(30)).to_string();

    // Bad input: 422 naming the field; an editor may not open one.
    let cases = [
        (json!({"name": "Vérification", "deadline": today().to_string(), "communes": ["schaerbeek"]}), "deadline"),
        (json!({"name": "Vérification", "deadline": "2026-13-01", "communes": ["schaerbeek"]}), "deadline"),
        (json!({"name": "Vérification", "deadline": deadline, "communes": ["atlantis"]}), "communes"),
        (json!({"name": "Vérification", "deadline": deadline, "levels": ["galaxy"]}), "levels"),
        (json!({"name": "Vérification", "deadline": deadline}), "scope"),
        (json!({"deadline": deadline, "communes": ["schaerbeek"]}), "name"),
    ];
    for (body, field) in cases {
        let r = post_campaign(&app, &admin, &body).await;
        assert_eq!(r.status(), 422, "{body}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        assert!(fields(&r.json().await.unwrap()).contains(&field.to_string()), "{body}");
    }
    let body = json!({"name": "Vérification de fin d'année", "deadline": deadline, "communes": ["schaerbeek"]});
    assert_eq!(post_campaign(&app, &schaerbeek, &body).await.status(), 403);
    let r = post_campaign(&app, &admin, &body).await;
    assert_eq!(r.status(), 201);
    let campaign: Value = r.json().await.unwrap();
    let id = campaign["id"].as_i64().unwrap();
    assert_eq!((campaign["starts_on"].as_str(), campaign["open"].as_bool()), (Some(&*today().to_string()), Some(true)));

    // Editors see the campaigns touching their institutions only.
    assert_eq!(get(&app, &schaerbeek, "/api/v1/campaigns").await.1["items"].as_array().unwrap().len(), 1);
    assert_eq!(get(&app, &fwb, "/api/v1/campaigns").await.1["items"].as_array().unwrap().len(), 0);
    assert_eq!(get(&app, &fwb, &format!("/api/v1/campaigns/{id}")).await.0, 404);
    assert_eq!(get(&app, &admin, "/api/v1/campaigns").await.1["items"].as_array().unwrap().len(), 1);

    // The editor's list: every Schaerbeek record, each to verify (the fixture's sources are of 2022).
    let (status, report) = get(&app, &schaerbeek, &format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(status, 200);
    let records = report["records"].as_array().unwrap().clone();
    let procedure = app.get_json("/api/v1/procedures/schaerbeek-identity-card").await;
    let in_commune = procedure["channels"].as_array().unwrap().len();
    assert!(records.len() >= in_commune && in_commune > 1, "{records:?}");
    assert_eq!(report["progress"][0]["institution"], "commune-schaerbeek");
    assert_eq!(report["progress"][0]["left"].as_u64(), Some(records.len() as u64));
    let fwb_phone = channel_id(&app, "fwb-study-grant", "phone").await;
    assert!(records.iter().all(|r| r["channel_id"] != fwb_phone));
    for r in &records {
        assert_eq!(r["verification"]["to_verify"], true, "{r}");
        assert!(r["procedure"]["slug"].is_string() && r["states"]["declared"].is_string(), "{r}");
    }

    // 428 without If-Match, 412 with a stale one, 403 for another institution's editor: nothing written.
    let first = records[0]["channel_id"].as_i64().unwrap();
    let (_, tag) = read(&app, first).await;
    assert_eq!(verify(&app, first, &schaerbeek, None).await.status(), 428);
    assert_eq!(verify(&app, first, &schaerbeek, Some("\"stale\"")).await.status(), 412);
    assert_eq!(verify(&app, first, &fwb, Some(&tag)).await.status(), 403);
    assert_eq!(read(&app, first).await.1, tag);

    // One "still true" per record.
    for r in &records {
        let cid = r["channel_id"].as_i64().unwrap();
        let (_, tag) = read(&app, cid).await;
        let resp = verify(&app, cid, &schaerbeek, Some(&tag)).await;
        assert_eq!(resp.status(), 200);
        assert_ne!(resp.headers()["etag"].to_str().unwrap(), tag);
        let (channel, _) = read(&app, cid).await;
        let v = &channel["verification"];
        assert_eq!(v["verified_on"], today().to_string());
        assert_eq!(v["verified_by"], "Commune de Schaerbeek");
        assert_eq!((v["from"].as_str(), v["to_verify"].as_bool()), (Some("editor"), Some(false)));
    }
    let (_, report) = get(&app, &schaerbeek, &format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(report["records"].as_array().unwrap().len(), 0);
    let p = &report["progress"][0];
    assert_eq!((p["confirmed"].as_u64(), p["left"].as_u64()), (Some(records.len() as u64), Some(0)));
    // The admin sees the progress of every institution in scope, without a list to confirm.
    let (_, report) = get(&app, &admin, &format!("/api/v1/campaigns/{id}")).await;
    assert!(report["records"].is_null());
    assert_eq!(report["progress"][0]["confirmed"].as_u64(), Some(records.len() as u64));

    // The card says so, in the page's language.
    let (_, html) = page(&app, "/en/procedures/schaerbeek-identity-card").await;
    assert!(html.contains("Last verified on ") && html.contains(" by Commune de Schaerbeek"), "{html}");

    // The audit log: the campaign opened, and every verification.
    let (_, log) = get(&app, &admin, "/api/v1/audit?per_page=100").await;
    let items = log["items"].as_array().unwrap();
    assert_eq!(items.iter().filter(|e| e["resource"] == "campaign" && e["action"] == "open").count(), 1);
    let verified: Vec<&Value> = items.iter().filter(|e| e["action"] == "verify").collect();
    assert_eq!(verified.len(), records.len());
    assert!(
        verified.iter().all(|e| e["organisation"] == "Commune de Schaerbeek" && e["after"]["verified_on"].is_string())
    );
}

#[tokio::test]
async fn a_record_left_unconfirmed_past_a_campaigns_deadline_is_to_verify() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let schaerbeek = editor(&db, "Commune de Schaerbeek", &["commune-schaerbeek"]);
    let counter = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    let thursday = channel_id(&app, "schaerbeek-identity-card", "appointment-thursday").await;
    let fwb_phone = channel_id(&app, "fwb-study-grant", "phone").await;

    // Verified 100 days ago (well within 12 months); a campaign over Schaerbeek opened 50 days ago, ended 10 days
    // ago. Stored directly: the API opens campaigns from today on only.
    let pool = connect(&db.url);
    let mut conn = pool.get().unwrap();
    let old = today() - Days::new(100);
    let by = Verifier { display: "Commune de Schaerbeek", organisation_id: None, actor_kind: "token", actor_id: None };
    let at = chrono::Utc::now().naive_utc();
    for id in [counter, thursday, fwb_phone] {
        verification::insert_verification(&mut conn, id, old, VerificationKind::Confirmed, &by, at).unwrap();
    }
    let scope = Scope { communes: vec!["schaerbeek".into()], ..Scope::default() };
    let (start, end) = (today() - Days::new(50), today() - Days::new(10));
    let past = verification::insert_campaign(&mut conn, "Printemps", start, end, &scope, None, at).unwrap();
    drop(conn);

    // Thursday's appointments confirmed today (the write reloads the read model with the rows above).
    let (_, tag) = read(&app, thursday).await;
    assert_eq!(verify(&app, thursday, &schaerbeek, Some(&tag)).await.status(), 200);

    let (c, _) = read(&app, counter).await;
    assert_eq!(c["verification"]["verified_on"], old.to_string());
    assert_eq!(c["verification"]["verified_until"], end.to_string());
    assert_eq!(c["verification"]["to_verify"], true, "left unconfirmed past the deadline");
    assert_eq!(read(&app, thursday).await.0["verification"]["to_verify"], false);
    // Outside the campaign's scope, the same old verification is still within its 12 months.
    assert_eq!(read(&app, fwb_phone).await.0["verification"]["to_verify"], false);

    // The editor's list for that campaign holds the counter, not what was confirmed since it opened.
    let (_, report) = get(&app, &schaerbeek, &format!("/api/v1/campaigns/{past}")).await;
    let ids: Vec<i64> =
        report["records"].as_array().unwrap().iter().map(|r| r["channel_id"].as_i64().unwrap()).collect();
    assert!(ids.contains(&counter) && !ids.contains(&thursday), "{ids:?}");
    assert_eq!(report["open"], false);

    // The card says it in words, in each language.
    let (_, html) = page(&app, "/fr/procedures/schaerbeek-identity-card").await;
    assert!(html.contains("À vérifier : pas contrôlé depuis"), "{html}");
    let (_, html) = page(&app, "/nl/procedures/schaerbeek-identity-card").await;
    assert!(html.contains("Te controleren: niet gecontroleerd sinds"));
}

#[tokio::test]
async fn a_change_through_the_api_counts_as_a_verification() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let admin = token(&db, "guichet", Role::Admin, None);
    let schaerbeek = editor(&db, "Commune de Schaerbeek", &["commune-schaerbeek"]);
    let body = json!({"name": "Année", "deadline": (today() + Days::new(10)).to_string(), "institutions": ["commune-schaerbeek"]});
    let id = post_campaign(&app, &admin, &body).await.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let counter = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    let (_, tag) = read(&app, counter).await;
    let r =
        crate::editing::patch(&app, counter, &schaerbeek, Some(&tag), &json!({"opening_hours": "Mo-Fr 08:30-12:00"}))
            .await;
    assert_eq!(r.status(), 200);
    let (c, _) = read(&app, counter).await;
    assert_eq!(
        (c["verification"]["verified_on"].as_str(), c["verification"]["to_verify"].as_bool()),
        (Some(&*today().to_string()), Some(false))
    );
    let (_, report) = get(&app, &admin, &format!("/api/v1/campaigns/{id}")).await;
    assert_eq!(report["progress"][0]["changed"], 1);
}

/// Two channels of equal rank: the one verified comes first, even when its id would put it second.
#[tokio::test]
async fn orientation_puts_a_verified_channel_before_a_to_verify_one_of_equal_rank() {
    // A twin of Thursday's appointments, the same facts from the same source: the same score.
    let catalog = catalog_copy(&fixture_catalog());
    let file = catalog.path().join("institutions/commune-schaerbeek.toml");
    let mut text = std::fs::read_to_string(&file).unwrap();
    let twin = text[text.rfind("[[procedures.channels]]").unwrap()..]
        .replace("appointment-thursday", "appointment-thursday-twin");
    text.push('\n');
    text.push_str(&twin);
    std::fs::write(&file, text).unwrap();
    let db = TestDb::new();
    let app = spawn_on(&db, catalog.path()).await;
    let admin = token(&db, "guichet", Role::Admin, None);
    let first = channel_id(&app, "schaerbeek-identity-card", "appointment-thursday").await;
    let twin = channel_id(&app, "schaerbeek-identity-card", "appointment-thursday-twin").await;
    assert!(first < twin);
    let path = "/api/v1/orientation?need=schaerbeek-identity-card&commune=schaerbeek";
    let order = |v: &Value| -> Vec<i64> {
        v["options"].as_array().unwrap().iter().map(|o| o["channel"]["id"].as_i64().unwrap()).collect()
    };
    let position = |list: &[i64], id: i64| list.iter().position(|&i| i == id).unwrap();
    let before = app.get_json(path).await;
    let list = order(&before);
    assert_eq!(position(&list, first) + 1, position(&list, twin), "{before}");
    let option = |v: &Value, id: i64| {
        v["options"].as_array().unwrap().iter().find(|o| o["channel"]["id"] == id).unwrap().clone()
    };
    assert_eq!(option(&before, first)["score"], option(&before, twin)["score"]);
    assert!(option(&before, twin)["why"].as_array().unwrap().iter().any(|w| w == "never_verified"), "{before}");

    let (_, tag) = read(&app, twin).await;
    assert_eq!(verify(&app, twin, &admin, Some(&tag)).await.status(), 200);
    let after = app.get_json(path).await;
    let list = order(&after);
    assert_eq!(position(&list, twin) + 1, position(&list, first), "{after}");
    assert_eq!(option(&after, first)["score"], option(&after, twin)["score"]);
}

/// A procedure whose only offline alternatives are to verify is `unverified`: never compliant, never missing.
#[tokio::test]
async fn gaps_count_a_procedure_met_only_by_channels_to_verify_as_unverified() {
    // The fixture catalog with the shipped compliance rules.
    let catalog = catalog_copy(&fixture_catalog());
    std::fs::copy(shipped_catalog().join("rules.toml"), catalog.path().join("rules.toml")).unwrap();
    let db = TestDb::new();
    let app = spawn_on(&db, catalog.path()).await;
    let admin = token(&db, "guichet", Role::Admin, None);
    let fwb = "/api/v1/gaps/summary?institution=fwb-allocations-etudes";
    let sum = |v: &Value, name: &str| -> u64 {
        v.as_array().unwrap().iter().map(|r| r["overall"][name].as_u64().unwrap_or_else(|| panic!("{v}"))).sum()
    };
    let before = app.get_json(fwb).await;
    assert!(sum(&before, "unverified") > 0, "{before}");
    // Counted as not known, never as met: no procedure of FWB is compliant while its channels are to verify.
    assert_eq!(sum(&before, "compliant"), 0, "{before}");

    let procedure = app.get_json("/api/v1/procedures/fwb-study-grant").await;
    for c in procedure["channels"].as_array().unwrap() {
        let id = c["id"].as_i64().unwrap();
        let (_, tag) = read(&app, id).await;
        assert_eq!(verify(&app, id, &admin, Some(&tag)).await.status(), 200);
    }
    let after = app.get_json(fwb).await;
    assert_eq!(sum(&after, "unverified"), 0, "{after}");
    assert!(
        sum(&after, "compliant") + sum(&after, "non_compliant") > sum(&before, "non_compliant"),
        "{before}\n{after}"
    );
}

/// An institution's `update_every_months` decides how long a verification counts (1 to 120 months).
#[tokio::test]
async fn an_institutions_update_frequency_decides_when_its_records_are_to_verify() {
    let catalog = catalog_copy(&fixture_catalog());
    let file = catalog.path().join("institutions/fwb-allocations-etudes.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("source = \"seed-002\"", "source = \"seed-002\"\nupdate_every_months = 120", 1),
    )
    .unwrap();
    let db = TestDb::new();
    let app = spawn_on(&db, catalog.path()).await;
    // Its source is of September 2022: within ten years, to verify after twelve months (Schaerbeek's default).
    let (fwb, _) = read(&app, channel_id(&app, "fwb-study-grant", "phone").await).await;
    let v = &fwb["verification"];
    assert_eq!((v["verified_on"].as_str(), v["from"].as_str()), (Some("2022-09"), Some("catalog_files")));
    assert_eq!((v["verified_until"].as_str(), v["to_verify"].as_bool()), (Some("2032-09-01"), Some(false)));
    assert!(v["verified_by"].is_null() && v["source"]["title"]["fr"].is_string());
    let (counter, _) =
        read(&app, channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await).await;
    assert_eq!(counter["verification"]["verified_until"], "2023-09-01");
    assert_eq!(counter["verification"]["to_verify"], true);
    // Undated sources give no date: never verified.
    let (thursday, _) = read(&app, channel_id(&app, "schaerbeek-identity-card", "appointment-thursday").await).await;
    assert!(thursday["verification"]["verified_on"].is_null());
    assert_eq!(thursday["verification"]["to_verify"], true);
    let (_, html) = page(&app, "/en/procedures/schaerbeek-identity-card").await;
    assert!(html.contains("To verify: never checked") && html.contains("To verify: not checked since September 2022"));

    // Out of range is refused by the catalog's checks.
    let bad = catalog_copy(&fixture_catalog());
    let file = bad.path().join("institutions/fwb-allocations-etudes.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("source = \"seed-002\"", "source = \"seed-002\"\nupdate_every_months = 0", 1))
        .unwrap();
    let err = guichet::import::load_catalog(bad.path()).err().map(|e| format!("{e:?}")).unwrap_or_default();
    assert!(err.contains("update_every_months"), "{err}");
}
