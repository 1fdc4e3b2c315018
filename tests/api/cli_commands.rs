//! Commands on a database: `token create` on a new one, `backup` and `restore` (issue 15).

use crate::helpers::*;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde_json::json;

fn guichet(db_url: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_guichet"))
        .args(args)
        .env("GUICHET_DATABASE_URL", db_url)
        .env("GUICHET_CATALOG", fixture_catalog())
        .env("GUICHET_LOG", "warn")
        .output()
        .unwrap()
}

#[tokio::test]
async fn token_create_works_on_a_new_database() {
    let db = TestDb::new();
    let out = guichet(&db.url, &["token", "create", "--org", "Nouvelle asbl", "--commune", "schaerbeek"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let token = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(token.starts_with("gch_"), "{token}");
    // The token works against a server on that database.
    let app = spawn_on(&db, &fixture_catalog()).await;
    let r =
        app.client.get(format!("{}/api/v1/stats/monitoring", app.address)).bearer_auth(&token).send().await.unwrap();
    assert_ne!(r.status(), 401);
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Dump {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    rows: i64,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    content: Option<String>,
}

/// Every table of a SQLite database: its name, row count and every row's every value, in rowid order.
fn tables(path: &str) -> Vec<(String, i64, Option<String>)> {
    let mut conn = diesel::SqliteConnection::establish(path).unwrap();
    let names: Vec<Name> = diesel::sql_query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .load(&mut conn)
    .unwrap();
    names
        .into_iter()
        .map(|t| {
            let columns: Vec<Name> =
                diesel::sql_query(format!("SELECT name FROM pragma_table_info('{}')", t.name)).load(&mut conn).unwrap();
            let row = columns.iter().map(|c| format!("quote(\"{}\")", c.name)).collect::<Vec<_>>().join(" || ',' || ");
            let dump: Dump = diesel::sql_query(format!(
                "SELECT count(*) AS rows, group_concat(r, char(10)) AS content FROM \
                 (SELECT {row} AS r FROM \"{}\" ORDER BY rowid)",
                t.name
            ))
            .get_result(&mut conn)
            .unwrap();
            (t.name, dump.rows, dump.content)
        })
        .collect()
}

#[tokio::test]
async fn a_backup_restores_every_table_as_it_was() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    if !db.url.starts_with("sqlite") {
        // PostgreSQL: the documented pg_dump command, and a failure.
        let out = guichet(&db.url, &["backup", "/tmp/never-written.dump"]);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"), "{}", String::from_utf8_lossy(&out.stderr));
        return;
    }
    let t = crate::observations::token(&db, "Sauvegarde", guichet::domain::Role::Reporter, None);
    let letter = crate::observations::channel_id(&app, "fwb-study-grant", "registered-letter").await;
    for minutes in [30, 20] {
        let at = chrono::Utc::now() - chrono::Duration::minutes(minutes);
        let body = json!({"channel_id": letter, "occurred_at": at.to_rfc3339(), "outcome": "not_completed",
            "minutes_spent": 9, "on_behalf": true, "failure_reason": "no_answer", "comment": "guichet fermé"});
        assert_eq!(crate::observations::post(&app, Some(&t), &body, Some(&format!("k{minutes}"))).await.status(), 201);
    }
    let complaint = app
        .client
        .post(format!("{}/api/v1/complaints", app.address))
        .json(
            &json!({"channel_id": letter, "problem": "no_answer", "description": "Aucune réponse après deux lettres."}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(complaint.status(), 201, "{}", complaint.text().await.unwrap());

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.sqlite3");
    // While the server runs.
    let out = guichet(&db.url, &["backup", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 observations, 1 complaints"));
    // Never over an existing file.
    assert!(!guichet(&db.url, &["backup", file.to_str().unwrap()]).status.success());

    let restored = dir.path().join("restored.sqlite3");
    let out = guichet(&format!("sqlite://{}", restored.display()), &["restore", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let source = tables(db.url.trim_start_matches("sqlite://"));
    let copy = tables(restored.to_str().unwrap());
    assert!(source.len() > 10, "{source:?}");
    for (name, rows, _) in &source {
        if ["observations", "complaints", "observed_transitions", "idempotency_keys"].contains(&name.as_str()) {
            assert!(*rows > 0, "{name} has rows to compare");
        }
    }
    assert_eq!(source, copy, "every table, every row");

    // Not a guichet database: refused, nothing replaced.
    let other = dir.path().join("other.sqlite3");
    diesel::SqliteConnection::establish(other.to_str().unwrap()).unwrap().batch_execute("CREATE TABLE t (x)").unwrap();
    let out = guichet(&format!("sqlite://{}", restored.display()), &["restore", other.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a guichet database"));
    assert_eq!(tables(restored.to_str().unwrap()), source);
}
