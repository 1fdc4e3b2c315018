use crate::helpers::*;

#[tokio::test]
async fn healthz_answers_ok() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    assert_eq!(app.get_json("/healthz").await["status"], "ok");
}

#[tokio::test]
async fn readyz_reports_the_database_and_the_loaded_catalog() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let ready = app.get_json("/readyz").await;
    let expected = if db.url.starts_with("postgres") { "postgres" } else { "sqlite" };
    assert_eq!(ready["database"], expected);
    assert_eq!(ready["institutions"], 2);
    assert_eq!(ready["procedures"], 2);
    assert_eq!(ready["channels"], 5);
}
