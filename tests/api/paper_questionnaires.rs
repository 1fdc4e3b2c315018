use crate::helpers::*;
use crate::observations::token;

fn guichet(db: &TestDb, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_guichet"))
        .args(args)
        .env("GUICHET_DATABASE_URL", &db.url)
        .env("GUICHET_CATALOG", fixture_catalog())
        .env("GUICHET_LOG", "warn")
        .output()
        .unwrap()
}

#[tokio::test]
async fn a_csv_of_paper_questionnaires_is_imported_whole_or_not_at_all() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    token(&db, "CASS Schaerbeek", guichet::domain::Role::Reporter, Some("schaerbeek"));
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        "procedure,channel_kind,occurred_at,outcome,minutes_spent,on_behalf,failure_reason,comment\n\
         fwb-study-grant,phone,2022-09-15T09:00:00+02:00,not_completed,25,oui,line_saturated,\"Coupé, deux fois\"\n\
         fwb-study-grant,post,2022-09-16T11:00:00+02:00,completed,40,non,,\n",
    )
    .unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "procedure,channel_kind,occurred_at,outcome,minutes_spent,on_behalf,failure_reason\n\
         fwb-study-grant,phone,2022-09-15T09:00:00+02:00,not_completed,25,oui,line_saturated\n\
         fwb-study-grant,phone,2022-09-15T09:00:00+02:00,not_completed,999,oui,\n",
    )
    .unwrap();

    let refused = guichet(&db, &["observations", "import", bad.to_str().unwrap(), "--org", "CASS Schaerbeek"]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("line 3, column `minutes_spent`"), "{stderr}");
    assert!(stderr.contains("line 3, column `failure_reason`"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");

    let unknown_org = guichet(&db, &["observations", "import", good.to_str().unwrap(), "--org", "Nobody"]);
    assert!(!unknown_org.status.success());

    let done = guichet(&db, &["observations", "import", good.to_str().unwrap(), "--org", "CASS Schaerbeek"]);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    assert!(String::from_utf8_lossy(&done.stdout).contains("2 observations imported"));

    // The running instance learns of it at its next start (one database, no restart needed for API writes).
    drop(app);
    let app = spawn_on(&db, &fixture_catalog()).await;
    let table = app.get_json("/api/v1/stats/monitoring?commune=schaerbeek").await;
    assert_eq!(table["total"], 2);
    assert_eq!(table["not_completed"], 1);
}

#[test]
fn tokens_from_the_command_line() {
    let db = TestDb::new();
    assert!(guichet(&db, &["import"]).status.success(), "the communes come with the catalog");
    let created = guichet(
        &db,
        &["token", "create", "--org", "CPAS de Schaerbeek", "--role", "reporter", "--commune", "schaerbeek"],
    );
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let token = String::from_utf8_lossy(&created.stdout).trim().to_string();
    assert!(token.starts_with("gch_") && token.len() == 68, "{token}");
    let listed = String::from_utf8_lossy(&guichet(&db, &["token", "list"]).stdout).to_string();
    assert!(listed.contains("CPAS de Schaerbeek") && listed.contains("active"), "{listed}");
    assert!(!listed.contains(&token), "the token is shown only once");
    assert!(guichet(&db, &["token", "revoke", "1"]).status.success());
    assert!(!guichet(&db, &["token", "revoke", "1"]).status.success());
    let bad_role = guichet(&db, &["token", "create", "--org", "X", "--role", "king"]);
    assert!(String::from_utf8_lossy(&bad_role.stderr).contains("--role"));
    let bad_commune = guichet(&db, &["token", "create", "--org", "X", "--commune", "atlantis"]);
    assert!(String::from_utf8_lossy(&bad_commune.stderr).contains("--commune"));
}
