//! Reading and validating the catalog files. Nothing here touches the database: `load_catalog` returns a
//! catalog that is valid as a whole, or every error found, each naming file, record and field.

pub mod files;

use crate::domain::{
    BookingRoute, ChannelKind, Completion, DeclaredState, Identification, Level, PartialDate, Wheelchair,
};
use files::*;
use std::collections::{HashMap, HashSet};
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
        self.sources.iter().chain(self.institutions.iter().flat_map(|i| i.sources.iter()))
    }
}

/// Reads `dir/sources.toml`, `dir/communes.toml` and `dir/institutions/*.toml`, and validates them together.
pub fn load_catalog(dir: &Path) -> Result<CatalogFiles, Vec<ImportError>> {
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
    let mut files = FileNames::default();
    // The file a record comes from, for error messages.
    for inst in &catalog.institutions {
        files.institution.insert(inst.institution.slug.clone(), format!("institutions/{}.toml", inst.institution.slug));
    }
    validate(&catalog, &files, &mut errors);
    if errors.is_empty() { Ok(catalog) } else { Err(errors) }
}

#[derive(Default)]
struct FileNames {
    institution: HashMap<String, String>,
}

fn rel(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir).unwrap_or(path).display().to_string()
}

fn file_error(path: &Path, message: String) -> ImportError {
    ImportError { file: path.display().to_string(), record: String::new(), field: String::new(), message }
}

fn parse<T: serde::de::DeserializeOwned>(dir: &Path, path: &Path, errors: &mut Vec<ImportError>) -> Option<T> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            errors.push(file_error(&PathBuf::from(rel(dir, path)), format!("cannot read: {e}")));
            return None;
        }
    };
    match toml::from_str(&text) {
        Ok(v) => Some(v),
        Err(e) => {
            // toml's message carries the line, column and key.
            let message = e.to_string().replace('\n', " ").split_whitespace().collect::<Vec<_>>().join(" ");
            errors.push(file_error(&PathBuf::from(rel(dir, path)), message));
            None
        }
    }
}

/// Collects errors for one record.
struct Check<'a> {
    file: &'a str,
    record: String,
    errors: &'a mut Vec<ImportError>,
}

impl Check<'_> {
    fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(ImportError {
            file: self.file.to_string(),
            record: self.record.clone(),
            field: field.to_string(),
            message: message.into(),
        });
    }

    fn slug(&mut self, field: &str, value: &str) {
        if !is_slug(value) {
            self.fail(field, format!("`{value}` must be 1–100 characters of a-z, 0-9 and single dashes"));
        }
    }

    fn text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.fail(field, "must not be empty");
        } else if value.chars().count() > max {
            self.fail(field, format!("longer than {max} characters"));
        }
    }

    fn opt_text(&mut self, field: &str, value: &Option<String>, max: usize) {
        if let Some(v) = value {
            self.text(field, v, max);
        }
    }

    fn url(&mut self, field: &str, value: &Option<String>) {
        if let Some(v) = value {
            let ok = (v.starts_with("https://") || v.starts_with("http://"))
                && v.len() > 10
                && v.len() <= 2000
                && !v.chars().any(|c| c.is_whitespace());
            if !ok {
                self.fail(field, format!("`{v}` is not an http(s) address"));
            }
        }
    }

    fn vocabulary<T: std::str::FromStr<Err = String>>(&mut self, field: &str, value: &str) {
        if let Err(e) = value.parse::<T>() {
            self.fail(field, format!("`{value}`: {e}"));
        }
    }

    fn date(&mut self, field: &str, value: &Option<String>) -> Option<PartialDate> {
        let v = value.as_ref()?;
        match v.parse::<PartialDate>() {
            Ok(d) => Some(d),
            Err(e) => {
                self.fail(field, e);
                None
            }
        }
    }

    fn source(&mut self, known: &HashSet<&str>, value: &str) {
        if !known.contains(value) {
            self.fail("source", format!("`{value}` is not defined in sources.toml or in this file's [[sources]]"));
        }
    }

    fn names(&mut self, n: &Names) {
        self.text("name.fr", &n.fr, 300);
        self.opt_text("name.nl", &n.nl, 300);
        self.opt_text("name.en", &n.en, 300);
    }

    fn texts(&mut self, field: &str, t: &Texts, max: usize) {
        for (lang, text) in t.all() {
            self.text(&format!("{field}.{lang}"), text, max);
        }
    }
}

pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

fn is_word(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 50
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

fn is_phone(s: &str) -> bool {
    let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
    (4..=15).contains(&digits) && s.chars().all(|c| c.is_ascii_digit() || " +/.()-".contains(c))
}

fn check_source_entry(c: &mut Check<'_>, s: &SourceEntry) {
    c.slug("id", &s.id);
    c.text("title", &s.title, 500);
    c.url("url", &s.url);
    c.opt_text("document", &s.document, 500);
    if s.url.is_none() && s.document.is_none() {
        c.fail("url", "a source needs a `url` or a `document`");
    }
    c.date("date", &Some(s.date.clone()));
    c.opt_text("note", &s.note, 2000);
}

fn validate(catalog: &CatalogFiles, files: &FileNames, errors: &mut Vec<ImportError>) {
    // Sources: global ids.
    let mut source_ids: HashMap<&str, &str> = HashMap::new();
    let shared = catalog.sources.iter().map(|s| ("sources.toml".to_string(), s));
    let local = catalog.institutions.iter().flat_map(|i| {
        let file = files.institution[&i.institution.slug].clone();
        i.sources.iter().map(move |s| (file.clone(), s))
    });
    let mut source_files: Vec<(String, &SourceEntry)> = shared.chain(local).collect();
    source_files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut source_defined_in: HashMap<&str, String> = HashMap::new();
    for (file, s) in &source_files {
        let mut c = Check { file, record: format!("source `{}`", s.id), errors };
        check_source_entry(&mut c, s);
        if let Some(first) = source_defined_in.get(s.id.as_str()) {
            c.fail("id", format!("defined twice (also in {first})"));
        } else {
            source_defined_in.insert(&s.id, file.clone());
            source_ids.insert(&s.id, file);
        }
    }
    let known_sources: HashSet<&str> = source_ids.keys().copied().collect();

    // Communes.
    let mut communes = HashSet::new();
    for (i, commune) in catalog.communes.iter().enumerate() {
        let mut c = Check { file: "communes.toml", record: format!("commune `{}` (#{})", commune.slug, i + 1), errors };
        c.slug("slug", &commune.slug);
        c.names(&commune.name);
        if let Some(nis) = &commune.nis_code
            && (nis.len() != 5 || !nis.bytes().all(|b| b.is_ascii_digit()))
        {
            c.fail("nis_code", format!("`{nis}` is not a 5-digit NIS code"));
        }
        for pc in &commune.postcodes {
            if pc.len() != 4 || !pc.bytes().all(|b| b.is_ascii_digit()) {
                c.fail("postcodes", format!("`{pc}` is not a Belgian postcode"));
            }
        }
        c.source(&known_sources, &commune.source);
        if !communes.insert(commune.slug.as_str()) {
            c.fail("slug", "defined twice");
        }
    }

    let institution_slugs: HashSet<&str> = catalog.institutions.iter().map(|i| i.institution.slug.as_str()).collect();
    let parents: HashMap<&str, &str> = catalog
        .institutions
        .iter()
        .filter_map(|i| i.institution.parent.as_deref().map(|p| (i.institution.slug.as_str(), p)))
        .collect();
    let mut locations: HashSet<&str> = HashSet::new();
    let mut procedures: HashMap<&str, &str> = HashMap::new();
    for file in &catalog.institutions {
        let name = &files.institution[&file.institution.slug];
        for loc in &file.locations {
            if !locations.insert(&loc.key) {
                let mut c = Check { file: name, record: format!("location `{}`", loc.key), errors };
                c.fail("key", "defined twice in the catalog");
            }
        }
    }

    let mut seen = HashSet::new();
    for file in &catalog.institutions {
        let name = files.institution[&file.institution.slug].as_str();
        let inst = &file.institution;
        let mut c = Check { file: name, record: format!("institution `{}`", inst.slug), errors };
        c.slug("slug", &inst.slug);
        if !seen.insert(inst.slug.as_str()) {
            c.fail("slug", "defined twice");
        }
        c.vocabulary::<Level>("level", &inst.level);
        c.names(&inst.name);
        if let Some(parent) = &inst.parent
            && (!institution_slugs.contains(parent.as_str()) || parent == &inst.slug)
        {
            c.fail("parent", format!("`{parent}` is not another institution of the catalog"));
        }
        if in_parent_cycle(&parents, &inst.slug) {
            c.fail("parent", "institutions' parents form a cycle");
        }
        c.url("website", &inst.website);
        if let Some(commune) = &inst.commune
            && !communes.contains(commune.as_str())
        {
            c.fail("commune", format!("`{commune}` is not in communes.toml"));
        }
        c.source(&known_sources, &inst.source);
        c.opt_text("note", &inst.note, 2000);

        for loc in &file.locations {
            let mut c = Check { file: name, record: format!("location `{}`", loc.key), errors };
            c.slug("key", &loc.key);
            c.names(&loc.name);
            c.opt_text("address", &loc.address, 300);
            if let Some(pc) = &loc.postcode
                && (pc.len() != 4 || !pc.bytes().all(|b| b.is_ascii_digit()))
            {
                c.fail("postcode", format!("`{pc}` is not a Belgian postcode"));
            }
            if let Some(commune) = &loc.commune
                && !communes.contains(commune.as_str())
            {
                c.fail("commune", format!("`{commune}` is not in communes.toml"));
            }
            match (loc.lat, loc.lon) {
                (None, None) => {}
                (Some(lat), Some(lon)) => {
                    if !(-90.0..=90.0).contains(&lat) {
                        c.fail("lat", "must be a WGS84 latitude");
                    }
                    if !(-180.0..=180.0).contains(&lon) {
                        c.fail("lon", "must be a WGS84 longitude");
                    }
                }
                _ => c.fail("lat", "`lat` and `lon` go together"),
            }
            c.source(&known_sources, &loc.source);
        }

        for proc in &file.procedures {
            let mut c = Check { file: name, record: format!("procedure `{}`", proc.slug), errors };
            c.slug("slug", &proc.slug);
            if let Some(other) = procedures.insert(&proc.slug, name) {
                c.fail("slug", format!("defined twice (also in {other})"));
            }
            c.names(&proc.name);
            c.texts("summary", &proc.summary, 2000);
            for cat in &proc.categories {
                if !is_word(cat) {
                    c.fail("categories", format!("`{cat}` must be a-z, 0-9, `_` or `-`"));
                }
            }
            for kw in &proc.keywords {
                c.text("keywords", kw, 100);
            }
            c.url("online_url", &proc.online_url);
            for id in &proc.identification {
                c.vocabulary::<Identification>("identification", id);
            }
            for (i, doc) in proc.documents.iter().enumerate() {
                if doc.fr.is_none() && doc.nl.is_none() && doc.en.is_none() {
                    c.fail(&format!("documents[{i}]"), "needs a text in at least one language");
                }
                c.texts(&format!("documents[{i}]"), doc, 500);
            }
            c.source(&known_sources, &proc.source);
            c.opt_text("note", &proc.note, 2000);

            let mut keys = HashSet::new();
            for ch in &proc.channels {
                let mut c =
                    Check { file: name, record: format!("procedure `{}` / channel `{}`", proc.slug, ch.key), errors };
                check_channel(&mut c, ch, &known_sources, &locations);
                if !keys.insert(ch.key.as_str()) {
                    c.fail("key", "defined twice in this procedure");
                }
            }
        }
    }
}

/// Following `parent` links from `start` comes back to `start`.
fn in_parent_cycle(parents: &HashMap<&str, &str>, start: &str) -> bool {
    let mut current = start;
    for _ in 0..=parents.len() {
        match parents.get(current) {
            Some(&p) if p == start => return true,
            Some(&p) => current = p,
            None => return false,
        }
    }
    false
}

fn check_channel(c: &mut Check<'_>, ch: &ChannelEntry, sources: &HashSet<&str>, locations: &HashSet<&str>) {
    c.slug("key", &ch.key);
    c.vocabulary::<ChannelKind>("kind", &ch.kind);
    c.vocabulary::<Completion>("completion", &ch.completion);
    if let Some(loc) = &ch.location
        && !locations.contains(loc.as_str())
    {
        c.fail("location", format!("`{loc}` is not a location key of the catalog"));
    }
    c.opt_text("opening_hours", &ch.opening_hours, 500);
    if let Some(hours) = &ch.opening_hours
        && let Err(e) = crate::domain::hours::parse_hours(hours)
    {
        c.fail("opening_hours", format!("`{hours}`: {e}"));
    }
    if let Some(phone) = &ch.phone
        && !is_phone(phone)
    {
        c.fail("phone", format!("`{phone}` is not a phone number (digits, spaces, + / . ( ) -)"));
    }
    c.opt_text("phone_cost", &ch.phone_cost, 200);
    if let Some(email) = &ch.email {
        let ok = email.len() <= 254 && email.split_once('@').is_some_and(|(l, d)| !l.is_empty() && d.contains('.'));
        if !ok || email.contains(char::is_whitespace) {
            c.fail("email", format!("`{email}` is not an e-mail address"));
        }
    }
    c.url("url", &ch.url);
    for b in &ch.booking {
        c.vocabulary::<BookingRoute>("booking", b);
    }
    for lang in &ch.languages {
        if lang.len() != 2 || !lang.bytes().all(|b| b.is_ascii_lowercase()) {
            c.fail("languages", format!("`{lang}` is not an ISO 639-1 code"));
        }
    }
    if let Some(w) = &ch.wheelchair {
        c.vocabulary::<Wheelchair>("wheelchair", w);
    }
    c.opt_text("cost", &ch.cost, 200);
    c.texts("conditions", &ch.conditions, 1000);
    c.source(sources, &ch.source);
    c.opt_text("note", &ch.note, 2000);
    for (i, st) in ch.status.iter().enumerate() {
        let field = |f: &str| format!("status[{i}].{f}");
        if let Err(e) = st.state.parse::<DeclaredState>() {
            c.fail(&field("state"), format!("`{}`: {e}", st.state));
        }
        let since = c.date(&field("since"), &st.since);
        let until = c.date(&field("until"), &st.until);
        if let (Some(s), Some(u)) = (since, until)
            && u.latest() < s.earliest()
        {
            c.fail(&field("until"), "is before `since`");
        }
        if let Some(n) = &st.note {
            c.text(&field("note"), n, 2000);
        }
        if !sources.contains(st.source.as_str()) {
            c.fail(&field("source"), format!("`{}` is not a defined source", st.source));
        }
    }
}

/// Reads `dir/rules.toml`, the compliance rules (none when the file is absent).
pub fn load_rules(dir: &Path) -> Result<Vec<crate::domain::compliance::Rule>, Vec<ImportError>> {
    let path = dir.join("rules.toml");
    if !path.exists() {
        return Ok(Vec::new());
    }
    let mut errors = Vec::new();
    let Some(file) = parse::<crate::domain::compliance::RulesFile>(dir, &path, &mut errors) else { return Err(errors) };
    let mut seen = HashSet::new();
    for rule in &file.rules {
        let mut c = Check { file: "rules.toml", record: format!("rule `{}`", rule.id), errors: &mut errors };
        c.slug("id", &rule.id);
        if !seen.insert(rule.id.as_str()) {
            c.fail("id", "defined twice");
        }
        if rule.scope.is_empty() {
            c.fail("scope", "must name at least one level");
        }
        if rule.requires.is_empty() {
            c.fail("requires", "must name at least one requirement");
        }
        c.text("title.fr", &rule.title.fr, 300);
        c.text("source.title", &rule.source.title, 500);
        c.url("source.url", &rule.source.url);
        c.date("source.date", &Some(rule.source.date.clone()));
    }
    if errors.is_empty() { Ok(file.rules) } else { Err(errors) }
}

/// Parses a validated vocabulary value (the catalog is validated before anything reads it this way).
pub fn parsed<T: std::str::FromStr<Err = String>>(value: &str) -> T {
    value.parse().unwrap_or_else(|e| panic!("validated value `{value}` does not parse: {e}"))
}

#[cfg(test)]
mod tests;
