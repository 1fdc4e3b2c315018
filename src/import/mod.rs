//! Reading and validating the catalog files. Nothing here touches the database: `load_catalog` returns a
//! catalog that is valid as a whole, or every error found, each naming file, record and field.

mod check;
pub mod files;
mod rules;
mod validate;
mod write;

pub use check::{is_phone, is_slug};
pub use rules::load_rules;
pub use validate::{EditRefs, check_channel_edit};
pub use write::write_catalog;

use files::*;
use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in the catalog files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    /// The record, e.g. "procedure `x` / channel `phone`"; empty for file-level problems.
    pub record: String,
    pub field: String,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if !self.record.is_empty() {
            write!(f, ": {}", self.record)?;
        }
        if !self.field.is_empty() {
            write!(f, ": field `{}`", self.field)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A whole catalog, validated.
#[derive(Debug, Clone, Default)]
pub struct CatalogFiles {
    pub sources: Vec<SourceEntry>,
    pub communes: Vec<CommuneEntry>,
    pub institutions: Vec<InstitutionFile>,
}

impl CatalogFiles {
    pub fn procedures(&self) -> impl Iterator<Item = (&InstitutionFile, &ProcedureEntry)> {
        self.institutions.iter().flat_map(|i| i.procedures.iter().map(move |p| (i, p)))
    }

    pub fn channels(&self) -> impl Iterator<Item = (&InstitutionFile, &ProcedureEntry, &ChannelEntry)> {
        self.procedures().flat_map(|(i, p)| p.channels.iter().map(move |c| (i, p, c)))
    }

    /// Every source: the shared ones and those defined in institution files.
    pub fn all_sources(&self) -> impl Iterator<Item = &SourceEntry> {
        self.sources_by_file().map(|(_, s)| s)
    }

    /// Every source with the file that defines it (`sources.toml`, `institutions/<slug>.toml`).
    pub fn sources_by_file(&self) -> impl Iterator<Item = (String, &SourceEntry)> {
        let shared = self.sources.iter().map(|s| (SHARED_SOURCES.to_string(), s));
        shared.chain(self.institutions.iter().flat_map(|i| i.sources.iter().map(move |s| (i.file_name(), s))))
    }
}

/// The file of the sources several institutions share.
pub const SHARED_SOURCES: &str = "sources.toml";

impl InstitutionFile {
    /// Its path inside the catalog folder.
    pub fn file_name(&self) -> String {
        institution_file_name(&self.institution.slug)
    }
}

/// The path of an institution's file inside the catalog folder.
pub fn institution_file_name(slug: &str) -> String {
    format!("institutions/{slug}.toml")
}

/// A text a person reads must exist in all three languages and name no internal key (FORMAT.md). Tests of the
/// validator itself may load a catalog without it (`load_catalog_with`).
pub const REQUIRE_ALL_LANGUAGES: bool = true;

/// Reads `dir/sources.toml`, `dir/communes.toml` and `dir/institutions/*.toml`, and validates them together.
pub fn load_catalog(dir: &Path) -> Result<CatalogFiles, Vec<ImportError>> {
    load_catalog_with(dir, REQUIRE_ALL_LANGUAGES)
}

/// `load_catalog`, choosing whether every text must exist in French, Dutch and English.
pub fn load_catalog_with(dir: &Path, require_all_languages: bool) -> Result<CatalogFiles, Vec<ImportError>> {
    let mut errors = Vec::new();
    let mut catalog = CatalogFiles::default();
    if !dir.is_dir() {
        return Err(vec![file_error(dir, format!("catalog folder `{}` not found", dir.display()))]);
    }
    let sources_path = dir.join("sources.toml");
    if sources_path.exists()
        && let Some(f) = parse::<SourcesFile>(dir, &sources_path, &mut errors)
    {
        catalog.sources = f.sources;
    }
    let communes_path = dir.join("communes.toml");
    if communes_path.exists()
        && let Some(f) = parse::<CommunesFile>(dir, &communes_path, &mut errors)
    {
        catalog.communes = f.communes;
    }
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir.join("institutions")) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect(),
        Err(_) => Vec::new(),
    };
    // Sorted so errors and imports come in the same order on every machine.
    paths.sort();
    for path in paths {
        if let Some(file) = parse::<InstitutionFile>(dir, &path, &mut errors) {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            if stem != file.institution.slug {
                errors.push(ImportError {
                    file: rel(dir, &path),
                    record: format!("institution `{}`", file.institution.slug),
                    field: "slug".into(),
                    message: format!("must equal the file name `{stem}`"),
                });
            }
            catalog.institutions.push(file);
        }
    }
    finish(catalog, require_all_languages, errors)
}

/// A catalog from texts instead of files (the fuzz target `fuzz/fuzz_targets/catalog.rs`): `sources.toml`,
/// `communes.toml` and institution files named by their stem, parsed and validated as `load_catalog` does.
pub fn catalog_from_texts(
    sources: &str,
    communes: &str,
    institutions: &[(&str, &str)],
    require_all_languages: bool,
) -> Result<CatalogFiles, Vec<ImportError>> {
    let mut errors = Vec::new();
    let mut catalog = CatalogFiles::default();
    if let Some(f) = parse_text::<SourcesFile>("sources.toml", sources, &mut errors) {
        catalog.sources = f.sources;
    }
    if let Some(f) = parse_text::<CommunesFile>("communes.toml", communes, &mut errors) {
        catalog.communes = f.communes;
    }
    for (stem, text) in institutions {
        let name = format!("institutions/{stem}.toml");
        if let Some(file) = parse_text::<InstitutionFile>(&name, text, &mut errors) {
            if *stem != file.institution.slug {
                errors.push(ImportError {
                    file: name,
                    record: format!("institution `{}`", file.institution.slug),
                    field: "slug".into(),
                    message: format!("must equal the file name `{stem}`"),
                });
            }
            catalog.institutions.push(file);
        }
    }
    finish(catalog, require_all_languages, errors)
}

fn finish(
    catalog: CatalogFiles,
    require_all_languages: bool,
    mut errors: Vec<ImportError>,
) -> Result<CatalogFiles, Vec<ImportError>> {
    errors.extend(check_catalog_with(&catalog, require_all_languages));
    if errors.is_empty() { Ok(catalog) } else { Err(errors) }
}

/// The problems of a whole catalog, as `load_catalog` finds them (a catalog changed through the API is checked so
/// before anything is stored).
pub fn check_catalog(catalog: &CatalogFiles) -> Vec<ImportError> {
    check_catalog_with(catalog, REQUIRE_ALL_LANGUAGES)
}

fn check_catalog_with(catalog: &CatalogFiles, require_all_languages: bool) -> Vec<ImportError> {
    // The file a record comes from, for error messages.
    let files: validate::FileNames =
        catalog.institutions.iter().map(|i| (i.institution.slug.clone(), i.file_name())).collect();
    let mut errors = Vec::new();
    validate::validate(catalog, &files, require_all_languages, &mut errors);
    errors
}

fn rel(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir).unwrap_or(path).display().to_string()
}

pub(crate) fn file_error(path: &Path, message: String) -> ImportError {
    ImportError { file: path.display().to_string(), record: String::new(), field: String::new(), message }
}

pub(crate) fn parse<T: serde::de::DeserializeOwned>(
    dir: &Path,
    path: &Path,
    errors: &mut Vec<ImportError>,
) -> Option<T> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            errors.push(file_error(&PathBuf::from(rel(dir, path)), format!("cannot read: {e}")));
            return None;
        }
    };
    parse_text(&rel(dir, path), &text, errors)
}

fn parse_text<T: serde::de::DeserializeOwned>(name: &str, text: &str, errors: &mut Vec<ImportError>) -> Option<T> {
    match toml::from_str(text) {
        Ok(v) => Some(v),
        Err(e) => {
            // toml's message carries the line, column and key.
            let message = e.to_string().replace('\n', " ").split_whitespace().collect::<Vec<_>>().join(" ");
            errors.push(file_error(&PathBuf::from(name), message));
            None
        }
    }
}

/// Parses a validated vocabulary value (the catalog is validated before anything reads it this way).
pub fn parsed<T: std::str::FromStr<Err = String>>(value: &str) -> T {
    value.parse().unwrap_or_else(|e| panic!("validated value `{value}` does not parse: {e}"))
}

#[cfg(test)]
mod tests;
