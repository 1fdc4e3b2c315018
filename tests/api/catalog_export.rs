//! `guichet export`: the catalog as stored, back as catalog files that `import` takes as they are.

use crate::helpers::*;
use guichet::app::catalog::export_catalog;
use guichet::import::load_catalog;
use guichet::store::import::import_catalog;
use std::path::Path;

fn import(db_url: &str, dir: &Path) -> guichet::store::import::ImportReport {
    let catalog = load_catalog(dir).expect("valid catalog");
    let mut conn = connect(db_url).get().unwrap();
    guichet::store::run_migrations(&mut conn).unwrap();
    import_catalog(&mut conn, &catalog).unwrap()
}

fn export(db_url: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    export_catalog(&mut connect(db_url).get().unwrap(), out.path(), &shipped_catalog()).expect("export");
    out
}

#[test]
fn exporting_the_shipped_catalog_then_importing_it_changes_nothing() {
    let db = TestDb::new();
    let first = import(&db.url, &shipped_catalog());
    assert!(first.records["channels"].created > 400, "{first}");
    let out = export(&db.url);
    let report = import(&db.url, out.path());
    assert!(report.is_noop(), "export → import must change nothing:\n{report}");
    assert_eq!(report.records["channels"].unchanged, first.records["channels"].created);
}

#[test]
fn an_export_says_record_for_record_what_the_shipped_files_say() {
    let db = TestDb::new();
    import(&db.url, &shipped_catalog());
    let out = export(&db.url);
    let shipped = load_catalog(&shipped_catalog()).unwrap();
    let exported = load_catalog(out.path()).unwrap();
    assert_eq!(toml_of(&shipped.sources), toml_of(&exported.sources), "sources.toml");
    assert_eq!(toml_of(&shipped.communes), toml_of(&exported.communes), "communes.toml");
    assert_eq!(shipped.institutions.len(), exported.institutions.len());
    for (a, b) in shipped.institutions.iter().zip(&exported.institutions) {
        assert_eq!(toml_of(a), toml_of(b), "{}", a.file_name());
    }
    assert_eq!(
        std::fs::read_to_string(shipped_catalog().join("rules.toml")).unwrap(),
        std::fs::read_to_string(out.path().join("rules.toml")).unwrap()
    );
}

#[tokio::test]
async fn an_edit_made_in_the_database_is_in_the_export_and_a_withdrawn_channel_is_not() {
    use diesel::prelude::*;
    use guichet::store::schema::{channels, procedures};
    let db = TestDb::new();
    import(&db.url, &fixture_catalog());
    let mut conn = connect(&db.url).get().unwrap();
    let procedure: i64 = procedures::table
        .filter(procedures::slug.eq("fwb-study-grant"))
        .select(procedures::id)
        .first(&mut conn)
        .unwrap();
    let at_key = |key: &'static str| channels::procedure_id.eq(procedure).and(channels::key.eq(key));
    diesel::update(channels::table.filter(at_key("phone")))
        .set(channels::phone.eq("+32 2 413 99 99"))
        .execute(&mut conn)
        .unwrap();
    diesel::update(channels::table.filter(at_key("post")))
        .set(channels::withdrawn_at.eq(Some(chrono::Utc::now().naive_utc())))
        .execute(&mut conn)
        .unwrap();
    drop(conn);
    let out = export(&db.url);
    let catalog = load_catalog(out.path()).expect("the export is a valid catalog");
    let (_, p) = catalog.procedures().find(|(_, p)| p.slug == "fwb-study-grant").unwrap();
    let phone = p.channels.iter().find(|c| c.key == "phone").unwrap();
    assert_eq!(phone.phone.as_deref(), Some("+32 2 413 99 99"));
    assert!(p.channels.iter().all(|c| c.key != "post"), "a withdrawn channel is not exported");
    // Importing the export changes nothing more: the database already says it.
    assert!(import(&db.url, out.path()).is_noop());
}

/// The TOML a value serialises to: two catalogs say the same when their records serialise the same.
fn toml_of<T: serde::Serialize>(value: &T) -> String {
    #[derive(serde::Serialize)]
    struct Wrap<'a, T> {
        v: &'a T,
    }
    toml::to_string(&Wrap { v: value }).unwrap()
}
