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
    load_catalog_with(dir.path(), false)
        .err()
        .unwrap_or_default()
        .iter()
        .map(std::string::ToString::to_string)
        .collect()
}

fn assert_error(errors: &[String], parts: &[&str]) {
    assert!(errors.iter().any(|e| parts.iter().all(|p| e.contains(p))), "no error with {parts:?} in {errors:#?}");
}

#[test]
fn a_good_catalog_loads() {
    let dir = catalog_with(&[("fwb.toml", GOOD)]);
    let catalog = load_catalog_with(dir.path(), false).unwrap();
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

const STRICT_GOOD: &str = r#"
[institution]
slug = "fwb"
level = "community"
name = { fr = "FWB" }
source = "seed-002"

[[sources]]
id = "fwb-page"
title = { fr = "Page de la FWB", nl = "Pagina van de FWB", en = "FWB page" }
original_title = { text = "Allocations d'études", lang = "fr" }
url = "https://allocations-etudes.cfwb.be/"
read = "2026-12"
uncertain = true
marks = ["undated"]

[[procedures]]
slug = "study-grant"
name = { fr = "Allocation d'études" }
summary = { fr = "Demander une aide.", nl = "Steun aanvragen.", en = "Ask for help." }
source = "seed-002"

[[procedures.absent]]
kinds = ["counter"]
source = "seed-002"
quotes = [{ text = "Il n'y a plus de guichet.", lang = "fr" }]

[[procedures.channels]]
key = "letter"
kind = "post"
completion = "submit"
cost = { fr = "22,59 EUR", nl = "22,59 EUR", en = "22.59 EUR" }
source = "seed-002"
fact_sources = { cost = "fwb-page" }
"#;

fn strict_errors_of(text: &str) -> Vec<String> {
    let dir = catalog_with(&[("fwb.toml", text)]);
    let sources = r#"
[[sources]]
id = "seed-002"
title = { fr = "Médor", nl = "Médor", en = "Médor" }
document = "seeds/002.txt"
date = "2022-09"
"#;
    fs::write(dir.path().join("sources.toml"), sources).unwrap();
    load_catalog_with(dir.path(), true).err().unwrap_or_default().iter().map(std::string::ToString::to_string).collect()
}

#[test]
fn a_strict_catalog_has_every_text_in_three_languages() {
    assert_eq!(strict_errors_of(STRICT_GOOD), Vec::<String>::new());
    let missing = STRICT_GOOD
        .replace(r#"cost = { fr = "22,59 EUR", nl = "22,59 EUR", en = "22.59 EUR" }"#, r#"cost = "22.59 EUR""#);
    assert_error(&strict_errors_of(&missing), &["channel `letter`", "`cost`", "missing in fr, nl"]);
    let keyed = STRICT_GOOD.replace("Steun aanvragen.", "Steun aanvragen (zie seed-002).");
    assert_error(&strict_errors_of(&keyed), &["`summary.nl`", "internal key `seed-002`"]);
}

#[test]
fn sources_dates_marks_fact_sources_and_absences_are_checked() {
    let dated_undated = STRICT_GOOD.replace("read = \"2026-12\"", "date = \"2026\"");
    assert_error(&strict_errors_of(&dated_undated), &["source `fwb-page`", "`marks`", "undated"]);
    let no_date = STRICT_GOOD.replace("read = \"2026-12\"\n", "");
    assert_error(&strict_errors_of(&no_date), &["source `fwb-page`", "`date`", "`read`"]);
    let unmarked = STRICT_GOOD.replace("uncertain = true\n", "");
    assert_error(&strict_errors_of(&unmarked), &["source `fwb-page`", "`uncertain`"]);
    let fact = STRICT_GOOD.replace("fact_sources = { cost = \"fwb-page\" }", "fact_sources = { colour = \"nope\" }");
    let errors = strict_errors_of(&fact);
    assert_error(&errors, &["`fact_sources`", "`colour` is not one of"]);
    assert_error(&errors, &["`fact_sources.colour`", "`nope` is not defined"]);
    let absent = STRICT_GOOD.replace("kinds = [\"counter\"]", "kinds = [\"online\"]");
    assert_error(&strict_errors_of(&absent), &["`absent[0].kinds`", "`online`"]);
    let quote = STRICT_GOOD.replace("lang = \"fr\" }]", "lang = \"french\" }]");
    assert_error(&strict_errors_of(&quote), &["`absent[0].quotes[0].lang`", "ISO 639-1"]);
    let unknown_lang = STRICT_GOOD.replace("en = \"Ask for help.\"", "de = \"Hilfe\"");
    assert_error(&strict_errors_of(&unknown_lang), &["fwb.toml", "de"]);
}

#[test]
fn a_catalog_from_texts_is_read_and_validated_as_from_files() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalog");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let stems = ["commune-schaerbeek", "fwb-allocations-etudes"];
    let texts: Vec<(&str, String)> = stems.iter().map(|s| (*s, read(&format!("institutions/{s}.toml")))).collect();
    let institutions: Vec<(&str, &str)> = texts.iter().map(|(s, t)| (*s, t.as_str())).collect();
    let from_files = load_catalog(&dir).unwrap();
    let from_texts = catalog_from_texts(&read("sources.toml"), &read("communes.toml"), &institutions, true).unwrap();
    assert_eq!(format!("{from_texts:?}"), format!("{from_files:?}"));
    // The same errors: a file named after another slug, a syntax error with its file.
    let wrong = catalog_from_texts(&read("sources.toml"), "communes = 3", &[("other", &texts[0].1)], true);
    let errors: Vec<String> = wrong.unwrap_err().iter().map(ToString::to_string).collect();
    assert!(errors.iter().any(|e| e.starts_with("communes.toml: ")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("institutions/other.toml") && e.contains("must equal")), "{errors:?}");
}
