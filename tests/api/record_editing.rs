//! Institutions, procedures and locations written through the API: editors within their institutions, `If-Match`
//! versions, the files' checks on the whole catalog, withdrawal that hides and keeps, new channels, and how the
//! files and the database agree afterwards (imports keep what the API made; a file that changes an edited field
//! is a conflict; export → import changes nothing).

use crate::editing::{editor, send};
use crate::helpers::*;
use crate::observations::{channel_id, token};
use diesel::prelude::*;
use guichet::domain::Role;
use guichet::store::schema::{locations, procedures, record_versions};
use reqwest::Method;
use serde_json::{Value, json};

/// A record's entry and its version.
async fn entry(app: &TestApp, path: &str) -> (Value, String) {
    let r = app.get(path).await;
    assert_eq!(r.status(), 200, "{path}");
    let tag = r.headers()["etag"].to_str().unwrap().to_string();
    (r.json().await.unwrap(), tag)
}

fn fields_of(problem: &Value) -> Vec<String> {
    problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_string()).collect()
}

fn guichet(db_url: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_guichet"))
        .args(args)
        .env("GUICHET_DATABASE_URL", db_url)
        .env("GUICHET_LOG", "warn")
        .output()
        .unwrap()
}

fn stdout(out: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

const HOTEL: &str = "/api/v1/locations/schaerbeek-hotel-communal";

#[tokio::test]
async fn an_editor_changes_its_institutions_locations_and_procedures_and_no_other() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let schaerbeek = editor(&db, "Commune de Schaerbeek", &["commune-schaerbeek"]);
    let admin = token(&db, "guichet", Role::Admin, None);
    let reporter = token(&db, "SSQ", Role::Reporter, None);

    let (hotel, tag) = entry(&app, HOTEL).await;
    assert_eq!(hotel["key"], "schaerbeek-hotel-communal");
    assert!(hotel.get("address").is_none(), "the fixture does not know the address");
    let change = json!({"address": "Place Colignon", "postcode": "1030"});
    let r = send(&app, Method::PATCH, HOTEL, Some(&schaerbeek), None, Some(&change)).await;
    assert_eq!(r.status(), 428, "no If-Match");
    let r = send(&app, Method::PATCH, HOTEL, Some(&schaerbeek), Some("\"stale\""), Some(&change)).await;
    assert_eq!(r.status(), 412);
    assert_eq!(r.headers()["etag"].to_str().unwrap(), tag, "a 412 says the current version");
    let r = send(&app, Method::PATCH, HOTEL, Some(&reporter), Some(&tag), Some(&change)).await;
    assert_eq!(r.status(), 403, "a reporter token does not edit");
    let r = send(&app, Method::PATCH, HOTEL, Some(&schaerbeek), Some(&tag), Some(&change)).await;
    assert_eq!(r.status(), 200);
    let new_tag = r.headers()["etag"].to_str().unwrap().to_string();
    assert_ne!(new_tag, tag);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["address"], "Place Colignon");
    // The same write again, at the old version: 412; the read model shows the address on the procedure.
    let r = send(&app, Method::PATCH, HOTEL, Some(&schaerbeek), Some(&tag), Some(&change)).await;
    assert_eq!(r.status(), 412);
    let procedure = app.get_json("/api/v1/procedures/schaerbeek-identity-card").await;
    assert!(procedure.to_string().contains("Place Colignon"), "{procedure}");

    // Another institution's location: 403; its own, for an admin: fine.
    let fwb = "/api/v1/locations/fwb-allocations-etudes-bruxelles";
    let (_, fwb_tag) = entry(&app, fwb).await;
    let r = send(&app, Method::PATCH, fwb, Some(&schaerbeek), Some(&fwb_tag), Some(&json!({"postcode": "1000"}))).await;
    assert_eq!(r.status(), 403);

    // A procedure: its entry has no channels; fields checked as the files are.
    let path = "/api/v1/procedures/schaerbeek-identity-card";
    let (card, tag) = entry(&app, &format!("{path}/entry")).await;
    assert!(card.get("channels").is_none());
    assert_eq!(card["source"], "seed-002");
    let r = send(
        &app,
        Method::PATCH,
        path,
        Some(&schaerbeek),
        Some(&tag),
        Some(&json!({"summary": {"fr": "Seulement en français."}})),
    )
    .await;
    assert_eq!(r.status(), 422);
    let problem: Value = r.json().await.unwrap();
    assert!(fields_of(&problem).iter().all(|f| f.starts_with("summary")), "{problem}");
    let r = send(&app, Method::PATCH, path, Some(&schaerbeek), Some(&tag), Some(&json!({"slug": "another"}))).await;
    assert_eq!(r.status(), 422);
    assert_eq!(fields_of(&r.json().await.unwrap()), ["slug"]);
    let moved = json!({"institution": "fwb-allocations-etudes"});
    let r = send(&app, Method::PATCH, path, Some(&schaerbeek), Some(&tag), Some(&moved)).await;
    assert_eq!(r.status(), 422, "a procedure does not move to another institution");
    assert_eq!(fields_of(&r.json().await.unwrap()), ["institution"]);
    let r = send(&app, Method::PATCH, path, Some(&schaerbeek), Some(&tag), Some(&json!({"channels": []}))).await;
    assert_eq!(r.status(), 400, "channels are not a field of a procedure write");
    let r = send(&app, Method::PATCH, path, Some(&schaerbeek), Some(&tag), Some(&json!({"source": "no-such-source"})))
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(fields_of(&r.json().await.unwrap()), ["source"]);
    let deadline = json!({"fr": "Trois semaines avant l'expiration.", "nl": "Drie weken voor de vervaldatum.", "en": "Three weeks before it expires."});
    let r = send(&app, Method::PATCH, path, Some(&schaerbeek), Some(&tag), Some(&json!({"deadline": deadline}))).await;
    assert_eq!(r.status(), 200);
    let shown = app.get_json(path).await;
    assert!(shown.to_string().contains("Trois semaines avant"), "{shown}");
    // Unchanged by the failed writes: the name and summary are the files'.
    assert_eq!(shown["name"]["fr"], card["name"]["fr"]);

    // Every write is in the audit log, with who, before and after.
    let r = send(&app, Method::GET, "/api/v1/audit?per_page=100", Some(&admin), None, None).await;
    let log: Value = r.json().await.unwrap();
    let items = log["items"].as_array().unwrap();
    let location = items.iter().find(|e| e["resource"] == "location").expect("the location's change");
    assert_eq!(location["action"], "update");
    assert_eq!(location["organisation"], "Commune de Schaerbeek");
    assert_eq!(location["institution"], "commune-schaerbeek");
    assert!(location["before"].get("address").is_none());
    assert_eq!(location["after"]["address"], "Place Colignon");
    let procedure = items.iter().find(|e| e["resource"] == "procedure").expect("the procedure's change");
    assert_eq!(procedure["after"]["deadline"]["en"], "Three weeks before it expires.");
    assert_eq!(items.iter().filter(|e| e["resource"] == "procedure" || e["resource"] == "location").count(), 2);
}

#[tokio::test]
async fn a_procedure_and_channel_made_through_the_api_are_shown_kept_by_imports_and_exported() {
    let db = TestDb::new();
    let dir = catalog_copy(&fixture_catalog());
    let app = spawn_on(&db, dir.path()).await;
    let schaerbeek = editor(&db, "Commune de Schaerbeek", &["commune-schaerbeek"]);
    let fwb = editor(&db, "FWB", &["fwb-allocations-etudes"]);
    let parking = json!({
        "slug": "schaerbeek-parking-card",
        "institution": "commune-schaerbeek",
        "name": {"fr": "Demander une carte de riverain", "nl": "Een bewonerskaart aanvragen", "en": "Apply for a resident's parking card"},
        "summary": {"fr": "Demander la carte qui permet de stationner dans son quartier.",
            "nl": "De kaart aanvragen om in de eigen wijk te parkeren.",
            "en": "Apply for the card that lets you park in your neighbourhood."},
        "keywords": ["stationnement", "parkeren", "parking"],
        "source": "seed-002",
    });
    let r = send(&app, Method::POST, "/api/v1/procedures", Some(&fwb), None, Some(&parking)).await;
    assert_eq!(r.status(), 403, "an editor of another institution");
    let mut no_owner = parking.clone();
    no_owner.as_object_mut().unwrap().remove("institution");
    let r = send(&app, Method::POST, "/api/v1/procedures", Some(&schaerbeek), None, Some(&no_owner)).await;
    assert_eq!(r.status(), 422);
    assert_eq!(fields_of(&r.json().await.unwrap()), ["institution"]);
    let r = send(&app, Method::POST, "/api/v1/procedures", Some(&schaerbeek), None, Some(&parking)).await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    assert_eq!(r.headers()["location"], "/api/v1/procedures/schaerbeek-parking-card/entry");
    let r = send(&app, Method::POST, "/api/v1/procedures", Some(&schaerbeek), None, Some(&parking)).await;
    assert_eq!(r.status(), 422, "the slug is taken");
    assert_eq!(fields_of(&r.json().await.unwrap()), ["slug"]);

    let counter = json!({"key": "counter", "kind": "counter", "completion": "full",
        "location": "schaerbeek-hotel-communal", "opening_hours": "Mo-Fr 08:30-12:00; PH off", "source": "seed-002"});
    let channels = "/api/v1/procedures/schaerbeek-parking-card/channels";
    let r = send(&app, Method::POST, channels, Some(&fwb), None, Some(&counter)).await;
    assert_eq!(r.status(), 403);
    let mut bad = counter.clone();
    bad["opening_hours"] = json!("Mo-Fr 8h-12h");
    let r = send(&app, Method::POST, channels, Some(&schaerbeek), None, Some(&bad)).await;
    assert_eq!(r.status(), 422);
    assert_eq!(fields_of(&r.json().await.unwrap()), ["opening_hours"]);
    let r = send(&app, Method::POST, channels, Some(&schaerbeek), None, Some(&counter)).await;
    assert_eq!(r.status(), 201);
    assert!(r.headers()["location"].to_str().unwrap().starts_with("/api/v1/channels/"));
    let channel: Value = r.json().await.unwrap();
    assert_eq!(channel["opening_hours"], "Mo-Fr 08:30-12:00; PH off");
    let r = send(&app, Method::POST, channels, Some(&schaerbeek), None, Some(&counter)).await;
    assert_eq!(r.status(), 422, "the key is taken in this procedure");

    // Found as the files' procedures are: by its words, with its channel.
    let shown = app.get_json("/api/v1/procedures/schaerbeek-parking-card").await;
    assert_eq!(shown["channels"].as_array().unwrap().len(), 1, "{shown}");
    let found = app.get_json("/api/v1/procedures?q=parkeren").await;
    assert!(found.to_string().contains("schaerbeek-parking-card"), "{found}");

    // The same files again: what the API made stays.
    let out = guichet(&db.url, &["import", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stdout(&out));
    let mut conn = connect(&db.url).get().unwrap();
    let withdrawn: Option<chrono::NaiveDateTime> = procedures::table
        .filter(procedures::slug.eq("schaerbeek-parking-card"))
        .select(procedures::withdrawn_at)
        .first(&mut conn)
        .unwrap();
    assert!(withdrawn.is_none(), "an import of files without it keeps it: {}", stdout(&out));
    let id = channel_id(&app, "schaerbeek-parking-card", "counter").await;
    let withdrawn: Option<chrono::NaiveDateTime> = guichet::store::schema::channels::table
        .find(id)
        .select(guichet::store::schema::channels::withdrawn_at)
        .first(&mut conn)
        .unwrap();
    assert!(withdrawn.is_none(), "its channel too");

    // Exported, it is in the files; importing the export changes nothing.
    let out_dir = tempfile::tempdir().unwrap();
    guichet::app::catalog::export_catalog(&mut conn, out_dir.path(), dir.path()).expect("export");
    let text = std::fs::read_to_string(out_dir.path().join("institutions/commune-schaerbeek.toml")).unwrap();
    assert!(text.contains("schaerbeek-parking-card") && text.contains("PH off"), "{text}");
    let exported = guichet::import::load_catalog(out_dir.path()).expect("the export is a valid catalog");
    let report = guichet::store::import::import_catalog(&mut conn, &exported).unwrap();
    assert!(report.is_noop(), "export → import must change nothing:\n{report}");
}

#[tokio::test]
async fn withdrawing_hides_keeps_every_version_and_refuses_what_others_still_need() {
    let db = TestDb::new();
    let dir = catalog_copy(&fixture_catalog());
    let app = spawn_on(&db, dir.path()).await;
    let schaerbeek = editor(&db, "Commune de Schaerbeek", &["commune-schaerbeek"]);
    let admin = token(&db, "guichet", Role::Admin, None);

    // A location channels are at: not withdrawn, the channels named.
    let (_, tag) = entry(&app, HOTEL).await;
    let r = send(&app, Method::DELETE, HOTEL, Some(&schaerbeek), Some(&tag), None).await;
    assert_eq!(r.status(), 409);
    let problem: Value = r.json().await.unwrap();
    assert!(problem["detail"].as_str().unwrap().contains("counter-without-appointment"), "{problem}");

    // A new location, then withdrawn: gone from reads, its versions kept.
    let annexe = json!({"key": "schaerbeek-annexe", "institution": "commune-schaerbeek",
        "name": {"fr": "Annexe", "nl": "Bijgebouw", "en": "Annex"}, "commune": "schaerbeek", "source": "seed-002"});
    let r = send(&app, Method::POST, "/api/v1/locations", Some(&schaerbeek), None, Some(&annexe)).await;
    assert_eq!(r.status(), 201);
    let tag = r.headers()["etag"].to_str().unwrap().to_string();
    let path = "/api/v1/locations/schaerbeek-annexe";
    assert_eq!(send(&app, Method::DELETE, path, Some(&schaerbeek), None, None).await.status(), 428);
    assert_eq!(send(&app, Method::DELETE, path, Some(&schaerbeek), Some(&tag), None).await.status(), 204);
    assert_eq!(app.get(path).await.status(), 404);
    let mut conn = connect(&db.url).get().unwrap();
    let id: i64 =
        locations::table.filter(locations::key.eq("schaerbeek-annexe")).select(locations::id).first(&mut conn).unwrap();
    let versions: Vec<bool> = record_versions::table
        .filter(record_versions::resource.eq("location").and(record_versions::record_id.eq(id)))
        .order(record_versions::version)
        .select(record_versions::withdrawn)
        .load(&mut conn)
        .unwrap();
    assert_eq!(versions, [false, true]);
    let r = send(&app, Method::POST, "/api/v1/locations", Some(&schaerbeek), None, Some(&annexe)).await;
    assert_eq!(r.status(), 422, "a withdrawn location keeps its key");

    // A procedure: hidden with its channels, and still so after an import of files that have it.
    let counter = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    let path = "/api/v1/procedures/schaerbeek-identity-card";
    let (_, tag) = entry(&app, &format!("{path}/entry")).await;
    assert_eq!(send(&app, Method::DELETE, path, Some(&schaerbeek), Some(&tag), None).await.status(), 204);
    assert_eq!(app.get(path).await.status(), 404);
    assert_eq!(app.get(&format!("/api/v1/channels/{counter}")).await.status(), 404);
    let out = guichet(&db.url, &["import", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stdout(&out));
    let withdrawn: Option<chrono::NaiveDateTime> = procedures::table
        .filter(procedures::slug.eq("schaerbeek-identity-card"))
        .select(procedures::withdrawn_at)
        .first(&mut conn)
        .unwrap();
    assert!(withdrawn.is_some(), "withdrawn through the API, still withdrawn after an import");

    // Institutions: admins create them; withdrawing one hides it and what it holds, not while another names it.
    let cpas = json!({"slug": "cpas-schaerbeek", "level": "cpas", "parent": "commune-schaerbeek",
        "name": {"fr": "CPAS de Schaerbeek", "nl": "OCMW van Schaarbeek"}, "commune": "schaerbeek", "source": "facts-communes"});
    let r = send(&app, Method::POST, "/api/v1/institutions", Some(&schaerbeek), None, Some(&cpas)).await;
    assert_eq!(r.status(), 403, "editors do not create institutions");
    let r = send(&app, Method::POST, "/api/v1/institutions", Some(&admin), None, Some(&cpas)).await;
    assert_eq!(r.status(), 201);
    let cpas_tag = r.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(app.get_json("/api/v1/institutions/cpas-schaerbeek").await["slug"], "cpas-schaerbeek");
    let commune = "/api/v1/institutions/commune-schaerbeek";
    let (_, tag) = entry(&app, &format!("{commune}/entry")).await;
    let r = send(&app, Method::DELETE, commune, Some(&schaerbeek), Some(&tag), None).await;
    assert_eq!(r.status(), 403, "editors do not withdraw their institution");
    let r = send(&app, Method::DELETE, commune, Some(&admin), Some(&tag), None).await;
    assert_eq!(r.status(), 409, "the CPAS names it as its parent");
    let problem: Value = r.json().await.unwrap();
    assert!(problem["detail"].as_str().unwrap().contains("cpas-schaerbeek"), "{problem}");
    let cpas_path = "/api/v1/institutions/cpas-schaerbeek";
    assert_eq!(send(&app, Method::DELETE, cpas_path, Some(&admin), Some(&cpas_tag), None).await.status(), 204);
    assert_eq!(send(&app, Method::DELETE, commune, Some(&admin), Some(&tag), None).await.status(), 204);
    assert_eq!(app.get(commune).await.status(), 404);
    let appointment = "/api/v1/procedures?q=identiteitskaart";
    assert!(!app.get_json(appointment).await.to_string().contains("schaerbeek-identity-card"));
}

#[tokio::test]
async fn a_file_that_changes_a_field_edited_through_the_api_is_a_conflict() {
    let db = TestDb::new();
    let dir = catalog_copy(&fixture_catalog());
    let app = spawn_on(&db, dir.path()).await;
    let admin = token(&db, "guichet", Role::Admin, None);
    let (_, tag) = entry(&app, HOTEL).await;
    let r = send(&app, Method::PATCH, HOTEL, Some(&admin), Some(&tag), Some(&json!({"postcode": "1030"}))).await;
    assert_eq!(r.status(), 200);
    let postcode = |db: &TestDb| -> Option<String> {
        let mut conn = connect(&db.url).get().unwrap();
        locations::table
            .filter(locations::key.eq("schaerbeek-hotel-communal"))
            .select(locations::postcode)
            .first(&mut conn)
            .unwrap()
    };
    let dir_arg = dir.path().to_str().unwrap();
    let out = guichet(&db.url, &["import", dir_arg]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains("kept: 1"), "{}", stdout(&out));
    assert_eq!(postcode(&db).as_deref(), Some("1030"), "unchanged files keep the edit");

    let file = dir.path().join("institutions/commune-schaerbeek.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = text.replacen(
        "commune = \"schaerbeek\"\nsource = \"seed-002\"",
        "commune = \"schaerbeek\"\npostcode = \"1031\"\nsource = \"seed-002\"",
        1,
    );
    assert_ne!(changed, text);
    std::fs::write(&file, changed).unwrap();
    let out = guichet(&db.url, &["import", "--check", dir_arg]);
    assert!(!out.status.success(), "a conflict fails the check");
    let said = stdout(&out);
    assert!(said.contains("location") && said.contains("`postcode`") && said.contains("1031"), "{said}");
    let out = guichet(&db.url, &["import", dir_arg]);
    assert!(out.status.success());
    assert_eq!(postcode(&db).as_deref(), Some("1030"), "not applied without --force");
    let out = guichet(&db.url, &["import", "--force", dir_arg]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert_eq!(postcode(&db).as_deref(), Some("1031"), "--force applies the files");
}
