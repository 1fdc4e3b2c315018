//! The catalog files: TOML shapes and the whole-catalog validation (`guichet::import::catalog_from_texts`), on any
//! text. An input is one institution file read beside the fixture catalog's `sources.toml` and `communes.toml`
//! (so that references can resolve and the validation goes deep), or, with NUL bytes, up to three texts:
//! `sources.toml`, `communes.toml`, then the institution file. Nothing may panic; a catalog accepted must be
//! accepted again (the validation is a function of the texts).
#![no_main]

use libfuzzer_sys::fuzz_target;

const SOURCES: &str = include_str!("../../tests/fixtures/catalog/sources.toml");
const COMMUNES: &str = include_str!("../../tests/fixtures/catalog/communes.toml");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parts: Vec<&str> = text.splitn(3, '\0').collect();
    let (sources, communes, institution) = match parts.as_slice() {
        [institution] => (SOURCES, COMMUNES, *institution),
        [sources, institution] => (*sources, COMMUNES, *institution),
        [sources, communes, institution, ..] => (*sources, *communes, *institution),
        [] => return,
    };
    // The stem the file would have: its slug when it says one (so the file-name rule does not hide the rest).
    let stem = institution
        .lines()
        .find_map(|l| l.trim().strip_prefix("slug = \"")?.split('"').next())
        .unwrap_or("institution");
    for require_all_languages in [true, false] {
        let first =
            guichet::import::catalog_from_texts(sources, communes, &[(stem, institution)], require_all_languages);
        if first.is_ok() {
            let again =
                guichet::import::catalog_from_texts(sources, communes, &[(stem, institution)], require_all_languages);
            assert!(again.is_ok(), "a catalog accepted once is accepted again");
        }
    }
});
