use super::*;
use std::fs;

const SOURCES: &str = r#"
[[sources]]
id = "seed-002"
title = "Médor"
document = "seeds/002.txt"
date = "2022-09"
"#;

const GOOD: &str = r#"
[institution]
slug = "fwb"
level = "community"
name = { fr = "FWB" }
source = "seed-002"

[[procedures]]
slug = "study-grant"
name = { fr = "Allocation d'études" }
source = "seed-002"

[[procedures.channels]]
key = "letter"
kind = "post"
completion = "submit"
source = "seed-002"

[[procedures.channels.status]]
state = "open"
since = "2022"
source = "seed-002"
"#;

fn catalog_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("institutions")).unwrap();
    fs::write(dir.path().join("sources.toml"), SOURCES).unwrap();
    for (name, text) in files {
        fs::write(dir.path().join("institutions").join(name), text).unwrap();
    }
    dir
}

fn errors_of(files: &[(&str, &str)]) -> Vec<String> {
    let dir = catalog_with(files);
    load_catalog(dir.path()).err().unwrap_or_default().iter().map(|e| e.to_string()).collect()
}

fn assert_error(errors: &[String], parts: &[&str]) {
    assert!(errors.iter().any(|e| parts.iter().all(|p| e.contains(p))), "no error with {parts:?} in {errors:#?}");
}

#[test]
fn a_good_catalog_loads() {
    let dir = catalog_with(&[("fwb.toml", GOOD)]);
    let catalog = load_catalog(dir.path()).unwrap();
    assert_eq!(catalog.channels().count(), 1);
}

#[test]
fn errors_name_file_record_and_field() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "kind = \"post\"",
            "kind = \"pigeon\"",
            &["institutions/fwb.toml", "channel `letter`", "field `kind`", "pigeon"],
        ),
        ("completion = \"submit\"", "completion = \"maybe\"", &["field `completion`", "maybe"]),
        ("state = \"open\"", "state = \"opened\"", &["field `status[0].state`"]),
        ("since = \"2022\"", "since = \"2022-13\"", &["field `status[0].since`", "2022-13"]),
        ("level = \"community\"", "level = \"empire\"", &["institution `fwb`", "field `level`"]),
        ("slug = \"study-grant\"", "slug = \"Study Grant\"", &["field `slug`"]),
        ("key = \"letter\"", "key = \"letter\"\nphone = \"call us\"", &["field `phone`", "call us"]),
        ("key = \"letter\"", "key = \"letter\"\nlocation = \"nowhere\"", &["field `location`", "nowhere"]),
        ("key = \"letter\"", "key = \"letter\"\nurl = \"javascript:alert(1)\"", &["field `url`"]),
        ("key = \"letter\"", "key = \"letter\"\nlanguages = [\"french\"]", &["field `languages`"]),
        ("key = \"letter\"", "key = \"letter\"\nbooking = [\"carrier pigeon\"]", &["field `booking`"]),
        ("key = \"letter\"", "key = \"letter\"\nemail = \"not-an-address\"", &["field `email`"]),
        (
            "key = \"letter\"",
            "key = \"letter\"\nopening_hours = \"Mo-Fr 25:00-26:00\"",
            &["field `opening_hours`", "25:00"],
        ),
        (
            "key = \"letter\"",
            "key = \"letter\"\nopening_hours = \"open sometimes\"",
            &["channel `letter`", "field `opening_hours`"],
        ),
        ("name = { fr = \"FWB\" }", "name = { fr = \"   \" }", &["field `name.fr`", "must not be empty"]),
        (
            "source = \"seed-002\"\n\n[[procedures]]",
            "source = \"seed-999\"\n\n[[procedures]]",
            &["field `source`", "seed-999"],
        ),
        ("state = \"open\"", "state = \"open\"\nuntil = \"2020\"", &["field `status[0].until`", "before"]),
    ];
    for (from, to, parts) in cases {
        assert!(GOOD.contains(from), "{from}");
        let text = GOOD.replacen(from, to, 1);
        assert_error(&errors_of(&[("fwb.toml", &text)]), parts);
    }
}

#[test]
fn unknown_fields_and_syntax_errors_name_the_file_and_line() {
    let typo =
        GOOD.replacen("completion = \"submit\"", "completion = \"submit\"\nopenning_hours = \"Mo 09:00-12:00\"", 1);
    assert_error(&errors_of(&[("fwb.toml", &typo)]), &["institutions/fwb.toml", "openning_hours", "line"]);
    let broken = GOOD.replacen("[[procedures]]", "[[procedures]", 1);
    assert_error(&errors_of(&[("fwb.toml", &broken)]), &["institutions/fwb.toml", "line"]);
}

#[test]
fn slugs_are_unique_across_the_catalog_and_match_file_names() {
    let other = GOOD.replacen("slug = \"fwb\"", "slug = \"other\"", 1);
    let errors = errors_of(&[("fwb.toml", GOOD), ("other.toml", &other)]);
    assert_error(&errors, &["procedure `study-grant`", "defined twice"]);
    assert_error(&errors_of(&[("wrong-name.toml", GOOD)]), &["field `slug`", "file name `wrong-name`"]);
}

#[test]
fn channel_keys_are_unique_within_a_procedure() {
    let twice = format!(
        "{GOOD}\n[[procedures.channels]]\nkey = \"letter\"\nkind = \"phone\"\ncompletion = \"info\"\nsource = \"seed-002\"\n"
    );
    assert_error(&errors_of(&[("fwb.toml", &twice)]), &["channel `letter`", "defined twice in this procedure"]);
}

#[test]
fn parent_cycles_are_refused() {
    let a = GOOD.replacen("slug = \"fwb\"", "slug = \"a\"\nparent = \"b\"", 1).replace("study-grant", "grant-a");
    let b = GOOD.replacen("slug = \"fwb\"", "slug = \"b\"\nparent = \"a\"", 1).replace("study-grant", "grant-b");
    assert_error(&errors_of(&[("a.toml", &a), ("b.toml", &b)]), &["institution `a`", "cycle"]);
}

#[test]
fn a_source_defined_twice_is_refused() {
    let local = format!(
        "{GOOD}\n[[sources]]\nid = \"seed-002\"\ntitle = \"again\"\nurl = \"https://example.org/x\"\ndate = \"2022\"\n"
    );
    assert_error(&errors_of(&[("fwb.toml", &local)]), &["source `seed-002`", "defined twice"]);
}

#[test]
fn a_missing_folder_is_one_clear_error() {
    let errors = load_catalog(Path::new("/nonexistent/catalog")).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].to_string().contains("not found"));
}
