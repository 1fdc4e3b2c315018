//! Files and database agree: an edit through the API wins over an unchanged file record; a file that changes an
//! edited field is a conflict, reported by `import --check`, not applied without `--force`.

use crate::editing::{patch, read, send};
use crate::helpers::*;
use crate::observations::{channel_id, token};
use diesel::prelude::*;
use guichet::domain::Role;
use guichet::store::schema::{channels, edited_fields};
use serde_json::json;

fn guichet(db_url: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_guichet"))
        .args(args)
        .env("GUICHET_DATABASE_URL", db_url)
        .env("GUICHET_LOG", "warn")
        .output()
        .unwrap()
}

fn phone_of(db: &TestDb, id: i64) -> Option<String> {
    let pool = connect(&db.url);
    let mut conn = pool.get().unwrap();
    channels::table.find(id).select(channels::phone).first(&mut conn).unwrap()
}

#[tokio::test]
async fn an_edit_survives_unchanged_files_and_a_changed_file_is_a_conflict() {
    let db = TestDb::new();
    let dir = catalog_copy(&fixture_catalog());
    let app = spawn_on(&db, dir.path()).await;
    let admin = token(&db, "guichet", Role::Admin, None);
    let phone = channel_id(&app, "fwb-study-grant", "phone").await;
    let letter = channel_id(&app, "fwb-study-grant", "registered-letter").await;
    let (_, tag) = read(&app, phone).await;
    assert_eq!(patch(&app, phone, &admin, Some(&tag), &json!({"phone": "02 800 80 80"})).await.status(), 200);
    let (_, tag) = read(&app, letter).await;
    let path = format!("/api/v1/channels/{letter}");
    assert_eq!(send(&app, reqwest::Method::DELETE, &path, Some(&admin), Some(&tag), None).await.status(), 204);

    // The same files again: the edit and the withdrawal stay.
    let dir_arg = dir.path().to_str().unwrap();
    let out = guichet(&db.url, &["import", dir_arg]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("kept: 1"), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(phone_of(&db, phone).as_deref(), Some("02 800 80 80"));
    let pool = connect(&db.url);
    let mut conn = pool.get().unwrap();
    let withdrawn: Option<chrono::NaiveDateTime> =
        channels::table.find(letter).select(channels::withdrawn_at).first(&mut conn).unwrap();
    assert!(withdrawn.is_some(), "withdrawn through the API, still withdrawn after an import");

    // The files now give another number for the edited field: a conflict.
    let file = dir.path().join("institutions/fwb-allocations-etudes.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = text.replacen(
        "key = \"phone\"\nkind = \"phone\"",
        "key = \"phone\"\nkind = \"phone\"\nphone = \"02 413 00 00\"",
        1,
    );
    assert_ne!(changed, text);
    std::fs::write(&file, changed).unwrap();
    let out = guichet(&db.url, &["import", "--check", dir_arg]);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(!out.status.success(), "a conflict fails the check");
    assert!(stdout.contains("conflict") && stdout.contains("`phone`") && stdout.contains("02 413 00 00"), "{stdout}");
    assert_eq!(phone_of(&db, phone).as_deref(), Some("02 800 80 80"), "a check writes nothing");

    let out = guichet(&db.url, &["import", dir_arg]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 conflict(s) not applied"));
    assert_eq!(phone_of(&db, phone).as_deref(), Some("02 800 80 80"), "not applied without --force");

    let out = guichet(&db.url, &["import", "--force", dir_arg]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(phone_of(&db, phone).as_deref(), Some("02 413 00 00"), "--force applies the files");
    let marks: i64 = edited_fields::table
        .filter(edited_fields::record_id.eq(phone))
        .filter(edited_fields::field.eq("phone"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(marks, 0);
    let withdrawn: Option<chrono::NaiveDateTime> =
        channels::table.find(letter).select(channels::withdrawn_at).first(&mut conn).unwrap();
    assert!(withdrawn.is_none(), "--force brings the files' channel back");
}
