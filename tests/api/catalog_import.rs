use crate::helpers::*;
use guichet::import::load_catalog;
use guichet::store::import::import_catalog;
use std::path::Path;

fn import(db_url: &str, dir: &Path) -> guichet::store::import::ImportReport {
    let catalog = load_catalog(dir).expect("valid catalog");
    let pool = connect(db_url);
    let mut conn = pool.get().unwrap();
    import_catalog(&mut conn, &catalog).unwrap()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[tokio::test]
async fn reimporting_the_same_files_changes_nothing() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let before = app.get_json("/api/v1/procedures/fwb-study-grant").await;
    let report = import(&db.url, &fixture_catalog());
    assert!(report.is_noop(), "{report}");
    assert_eq!(report.records["channels"].unchanged, 5);
    // Restarting on the same database neither loses nor duplicates anything.
    let again = spawn_on(&db, &fixture_catalog()).await;
    let after = again.get_json("/api/v1/procedures/fwb-study-grant").await;
    assert_eq!(before, after);
    assert_eq!(again.get_json("/readyz").await["channels"], 5);
}

#[tokio::test]
async fn an_edited_file_updates_what_changed_and_keeps_status_history() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let before = app.get_json("/api/v1/procedures/fwb-study-grant").await;
    let phone_id = before["channels"].as_array().unwrap().iter().find(|c| c["key"] == "phone").unwrap()["id"].clone();

    let dir = catalog_copy(&fixture_catalog());
    let file = dir.path().join("institutions/fwb-allocations-etudes.toml");
    edit(&file, "en = \"22.59 EUR (registered letter)\"", "en = \"22.59 EUR (registered letter, 2022 rate)\"");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str(
        "\n[[procedures.channels.status]]\nstate = \"closed_temporarily\"\nsince = \"2022-09\"\n\
         note = { fr = \"Test\", nl = \"Test\", en = \"Test: a later status\" }\nsource = \"seed-002\"\n",
    );
    std::fs::write(&file, text).unwrap();

    let report = import(&db.url, dir.path());
    assert_eq!(report.records["channels"].updated, 1, "{report}");
    assert_eq!(report.records["channels"].unchanged, 4, "{report}");
    assert_eq!(report.records["procedures"].updated, 0, "{report}");
    assert_eq!(report.statuses_recorded, 1);

    let app = spawn_on(&db, dir.path()).await;
    let after = app.get_json("/api/v1/procedures/fwb-study-grant").await;
    let phone = after["channels"].as_array().unwrap().iter().find(|c| c["key"] == "phone").unwrap().clone();
    assert_eq!(phone["id"], phone_id, "ids are stable across imports");
    assert_eq!(phone["declared"]["state"], "closed_temporarily");
    let history = app.get_json(&format!("/api/v1/channels/{phone_id}/history")).await;
    let states: Vec<&str> = history["items"].as_array().unwrap().iter().map(|h| h["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["closed_temporarily", "restricted"]);

    // Importing the edited files again is a no-op.
    assert!(import(&db.url, dir.path()).is_noop());
}

#[tokio::test]
async fn a_status_removed_from_the_files_is_withdrawn_kept_in_history_and_never_in_force() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let before = app.get_json("/api/v1/procedures/fwb-study-grant").await;
    let letter = before["channels"].as_array().unwrap().iter().find(|c| c["key"] == "registered-letter").unwrap();
    assert_eq!(letter["declared"]["state"], "open");
    let letter_id = letter["id"].clone();

    let dir = catalog_copy(&fixture_catalog());
    let file = dir.path().join("institutions/fwb-allocations-etudes.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let start = text.find("[[procedures.channels.status]]\nstate = \"open\"").unwrap();
    let end = start + text[start..].find("[[procedures.channels]]").unwrap();
    std::fs::write(&file, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let report = import(&db.url, dir.path());
    assert_eq!(report.statuses_withdrawn, 1, "{report}");
    assert!(import(&db.url, dir.path()).is_noop(), "withdrawing twice changes nothing");

    let app = spawn_on(&db, dir.path()).await;
    let after = app.get_json(&format!("/api/v1/channels/{letter_id}")).await;
    assert_eq!(after["declared"]["state"], "unknown", "a withdrawn status is never in force");
    let history = app.get_json(&format!("/api/v1/channels/{letter_id}/history")).await;
    let entry = &history["items"][0];
    assert_eq!((entry["state"].as_str(), entry["withdrawn"].as_bool()), (Some("open"), Some(true)), "{history}");

    // Back in the files: in force again.
    let report = import(&db.url, &fixture_catalog());
    assert_eq!(report.statuses_recorded, 1, "{report}");
    let app = spawn_on(&db, &fixture_catalog()).await;
    assert_eq!(app.get_json(&format!("/api/v1/channels/{letter_id}")).await["declared"]["state"], "open");
}

#[tokio::test]
async fn a_channel_removed_from_the_files_is_withdrawn_not_deleted() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let dir = catalog_copy(&fixture_catalog());
    let file = dir.path().join("institutions/fwb-allocations-etudes.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let cut = text.find("[[procedures.channels]]\nkey = \"phone\"").unwrap();
    std::fs::write(&file, &text[..cut]).unwrap();
    let before = app.get_json("/api/v1/procedures/fwb-study-grant").await;
    let phone_id = before["channels"].as_array().unwrap().iter().find(|c| c["key"] == "phone").unwrap()["id"].clone();

    let report = import(&db.url, dir.path());
    assert_eq!(report.records["channels"].withdrawn, 1, "{report}");
    let app = spawn_on(&db, dir.path()).await;
    assert_eq!(app.get_json("/api/v1/procedures/fwb-study-grant").await["channels"].as_array().unwrap().len(), 2);
    app.assert_problem(&format!("/api/v1/channels/{phone_id}"), 404, None).await;

    // Bringing it back restores the same channel, with its history.
    let report = import(&db.url, &fixture_catalog());
    assert_eq!(report.records["channels"].updated, 1, "{report}");
    let app = spawn_on(&db, &fixture_catalog()).await;
    let history = app.get_json(&format!("/api/v1/channels/{phone_id}/history")).await;
    assert_eq!(history["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_invalid_catalog_writes_nothing_and_names_file_record_and_field() {
    let dir = catalog_copy(&fixture_catalog());
    edit(&dir.path().join("institutions/fwb-allocations-etudes.toml"), "kind = \"phone\"", "kind = \"telephone\"");
    edit(
        &dir.path().join("institutions/commune-schaerbeek.toml"),
        "source = \"schaerbeek-rdv-jeudi\"\n",
        "source = \"nowhere\"\n",
    );
    let errors = load_catalog(dir.path()).unwrap_err();
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        text.iter().any(|e| e.contains("institutions/fwb-allocations-etudes.toml")
            && e.contains("procedure `fwb-study-grant` / channel `phone`")
            && e.contains("field `kind`")
            && e.contains("telephone")),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|e| e.contains("commune-schaerbeek.toml") && e.contains("field `source`") && e.contains("nowhere")),
        "{text:#?}"
    );

    // The command line refuses it too, and the database stays empty.
    let db = TestDb::new();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_guichet"))
        .args(["import", dir.path().to_str().unwrap()])
        .env("GUICHET_DATABASE_URL", &db.url)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("nothing was written") && stderr.contains("field `kind`"), "{stderr}");
    let pool = connect(&db.url);
    let mut conn = pool.get().unwrap();
    guichet::store::run_migrations(&mut conn).unwrap();
    assert!(guichet::store::read::catalog_is_empty(&mut conn).unwrap());
}

#[tokio::test]
async fn the_cli_checks_and_imports() {
    let db = TestDb::new();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_guichet"))
            .args(args)
            .env("GUICHET_DATABASE_URL", &db.url)
            .env("GUICHET_LOG", "warn")
            .output()
            .unwrap()
    };
    let fixture = fixture_catalog();
    let check = run(&["import", "--check", fixture.to_str().unwrap()]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    assert!(String::from_utf8_lossy(&check.stdout).contains("2 institutions, 2 procedures, 5 channels"));
    let first = run(&["import", fixture.to_str().unwrap()]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(String::from_utf8_lossy(&first.stdout).contains("declared statuses recorded: 3"));
    let second = run(&["import", fixture.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&second.stdout).contains("declared statuses recorded: 0"));
}

#[tokio::test]
async fn a_wrong_setting_stops_start_up_with_one_line_naming_it() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_guichet"))
        .arg("serve")
        .env("GUICHET_BIND", "not-an-address")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("guichet: configuration: GUICHET_BIND:"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
}

#[tokio::test]
async fn the_shipped_catalog_is_valid_and_served_by_default() {
    let catalog = load_catalog(&shipped_catalog())
        .unwrap_or_else(|errors| panic!("{}", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")));
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let ready = app.get_json("/readyz").await;
    assert_eq!(ready["institutions"], catalog.institutions.len());
    assert_eq!(ready["procedures"], catalog.procedures().count());
    assert_eq!(ready["channels"], catalog.channels().count());
}
