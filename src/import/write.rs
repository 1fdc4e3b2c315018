//! Writing a catalog back as catalog files (`guichet export`): `sources.toml`, `communes.toml` and one
//! `institutions/<slug>.toml` per institution, in the format `load_catalog` reads.

use super::files::{CommunesFile, SourcesFile};
use super::{CatalogFiles, SHARED_SOURCES};
use std::path::{Path, PathBuf};

const HEADER: &str =
    "# Written by `guichet export` from the database: the catalog as it is stored, edits included.\n\n";

/// Writes the catalog into `dir` (created if needed), replacing files of the same name; returns the files written.
pub fn write_catalog(dir: &Path, catalog: &CatalogFiles) -> Result<Vec<PathBuf>, String> {
    let institutions = dir.join("institutions");
    std::fs::create_dir_all(&institutions).map_err(|e| format!("cannot create `{}`: {e}", institutions.display()))?;
    let mut written = Vec::new();
    let sources = SourcesFile { sources: catalog.sources.clone() };
    written.push(write_toml(&dir.join(SHARED_SOURCES), &sources)?);
    let communes = CommunesFile { communes: catalog.communes.clone() };
    written.push(write_toml(&dir.join("communes.toml"), &communes)?);
    for file in &catalog.institutions {
        written.push(write_toml(&dir.join(file.file_name()), file)?);
    }
    Ok(written)
}

fn write_toml<T: serde::Serialize>(path: &Path, value: &T) -> Result<PathBuf, String> {
    let text = toml::to_string(value).map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    std::fs::write(path, format!("{HEADER}{text}")).map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    Ok(path.to_path_buf())
}
