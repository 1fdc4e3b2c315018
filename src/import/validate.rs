//! The rules a catalog must follow as a whole (catalog/FORMAT.md): references resolve, vocabularies parse,
//! texts a person reads exist in the three languages, every fact names a dated source.

use super::check::{Check, Known, is_language_code, is_phone, is_word};
use super::files::*;
use super::{CatalogFiles, ImportError};
use crate::domain::{BookingRoute, ChannelKind, Completion, DeclaredState, Identification, Level, Wheelchair};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The file each institution comes from, for error messages.
pub(super) type FileNames = HashMap<String, String>;

fn check_source_entry(c: &mut Check<'_>, known: &Known<'_>, s: &SourceEntry) {
    c.slug("id", &s.id);
    c.texts(known, "title", &s.title, 500);
    if let Some(q) = &s.original_title {
        c.quote("original_title", q);
    }
    c.url("url", &s.url);
    c.opt_text("document", &s.document, 500);
    if s.url.is_none() && s.document.is_none() {
        c.fail("url", "a source needs a `url` or a `document`");
    }
    c.date("date", &s.date);
    c.date("read", &s.read);
    if s.date.is_none() && s.read.is_none() {
        c.fail("date", "give the page's `date`, or `read` (when it was read) for an undated page");
    }
    for m in &s.marks {
        if !SOURCE_MARKS.contains(&m.as_str()) {
            c.fail("marks", format!("`{m}` is not one of {}", SOURCE_MARKS.join(", ")));
        }
    }
    let undated = s.marks.iter().any(|m| m == "undated");
    if undated && s.date.is_some() {
        c.fail("marks", "an `undated` source has no `date` (give `read` instead)");
    }
    if !s.marks.is_empty() && !s.uncertain {
        c.fail("uncertain", "a source with marks is `uncertain = true`");
    }
    c.opt_texts(known, "note", &s.note, 2000);
}

fn fact_sources(c: &mut Check<'_>, known: &Known<'_>, allowed: &[&str], map: &BTreeMap<String, String>) {
    for (fact, source) in map {
        if !allowed.contains(&fact.as_str()) {
            c.fail("fact_sources", format!("`{fact}` is not one of {}", allowed.join(", ")));
        }
        c.source(known, &format!("fact_sources.{fact}"), source);
    }
}

/// Source ids must be unique across the catalog; returns them.
fn check_sources<'a>(catalog: &'a CatalogFiles, files: &FileNames, errors: &mut Vec<ImportError>) -> HashSet<&'a str> {
    let shared = catalog.sources.iter().map(|s| ("sources.toml".to_string(), s));
    let local = catalog.institutions.iter().flat_map(|i| {
        let file = files[&i.institution.slug].clone();
        i.sources.iter().map(move |s| (file.clone(), s))
    });
    let mut source_files: Vec<(String, &SourceEntry)> = shared.chain(local).collect();
    source_files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut defined_in: HashMap<&str, String> = HashMap::new();
    for (file, s) in &source_files {
        if let Some(first) = defined_in.get(s.id.as_str()) {
            let mut c = Check { file, record: format!("source `{}`", s.id), errors };
            c.fail("id", format!("defined twice (also in {first})"));
        } else {
            defined_in.insert(&s.id, file.clone());
        }
    }
    defined_in.into_keys().collect()
}

pub(super) fn validate(
    catalog: &CatalogFiles,
    files: &FileNames,
    require_all_languages: bool,
    errors: &mut Vec<ImportError>,
) {
    let sources = check_sources(catalog, files, errors);
    // Keys with a dash are never words of a sentence: a text that holds one shows a person an internal key.
    let mut internal_keys: Vec<&str> = sources.iter().copied().filter(|k| k.contains('-')).collect();
    internal_keys.extend(catalog.institutions.iter().map(|i| i.institution.slug.as_str()).filter(|k| k.contains('-')));
    internal_keys.extend(catalog.procedures().map(|(_, p)| p.slug.as_str()));
    internal_keys.sort_unstable();
    let known = Known { sources, internal_keys, require_all_languages };

    let shared = catalog.sources.iter().map(|s| ("sources.toml", s));
    let local = catalog
        .institutions
        .iter()
        .flat_map(|i| i.sources.iter().map(move |s| (files[&i.institution.slug].as_str(), s)));
    for (file, s) in shared.chain(local) {
        let mut c = Check { file, record: format!("source `{}`", s.id), errors };
        check_source_entry(&mut c, &known, s);
    }

    let communes = check_communes(catalog, &known, errors);
    let institution_slugs: HashSet<&str> = catalog.institutions.iter().map(|i| i.institution.slug.as_str()).collect();
    let parents: HashMap<&str, &str> = catalog
        .institutions
        .iter()
        .filter_map(|i| i.institution.parent.as_deref().map(|p| (i.institution.slug.as_str(), p)))
        .collect();
    let mut locations: HashSet<&str> = HashSet::new();
    for file in &catalog.institutions {
        let name = &files[&file.institution.slug];
        for loc in &file.locations {
            if !locations.insert(&loc.key) {
                let mut c = Check { file: name, record: format!("location `{}`", loc.key), errors };
                c.fail("key", "defined twice in the catalog");
            }
        }
    }
    let refs = Refs { known: &known, communes: &communes, institutions: &institution_slugs, locations: &locations };

    let mut procedures: HashMap<&str, &str> = HashMap::new();
    let mut seen = HashSet::new();
    for file in &catalog.institutions {
        let name = files[&file.institution.slug].as_str();
        let inst = &file.institution;
        let mut c = Check { file: name, record: format!("institution `{}`", inst.slug), errors };
        if !seen.insert(inst.slug.as_str()) {
            c.fail("slug", "defined twice");
        }
        if in_parent_cycle(&parents, &inst.slug) {
            c.fail("parent", "institutions' parents form a cycle");
        }
        check_institution(&mut c, &refs, inst);
        for (i, pattern) in file.probe_patterns.iter().enumerate() {
            check_probe_pattern(&mut c, &refs, i, pattern);
        }
        for loc in &file.locations {
            let mut c = Check { file: name, record: format!("location `{}`", loc.key), errors };
            check_location(&mut c, &refs, loc);
        }
        for proc in &file.procedures {
            let mut c = Check { file: name, record: format!("procedure `{}`", proc.slug), errors };
            if let Some(other) = procedures.insert(&proc.slug, name) {
                c.fail("slug", format!("defined twice (also in {other})"));
            }
            check_procedure(&mut c, &refs, proc);
            let mut keys = HashSet::new();
            for ch in &proc.channels {
                let mut c =
                    Check { file: name, record: format!("procedure `{}` / channel `{}`", proc.slug, ch.key), errors };
                check_channel(&mut c, &refs, ch);
                if !keys.insert(ch.key.as_str()) {
                    c.fail("key", "defined twice in this procedure");
                }
            }
        }
    }
}

/// What records refer to.
struct Refs<'a> {
    known: &'a Known<'a>,
    communes: &'a HashSet<&'a str>,
    institutions: &'a HashSet<&'a str>,
    locations: &'a HashSet<&'a str>,
}

fn check_communes<'a>(catalog: &'a CatalogFiles, known: &Known<'_>, errors: &mut Vec<ImportError>) -> HashSet<&'a str> {
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
            if !is_postcode(pc) {
                c.fail("postcodes", format!("`{pc}` is not a Belgian postcode"));
            }
        }
        for (n, section) in commune.sections.iter().enumerate() {
            c.text(&format!("sections[{n}].name.fr"), &section.name.fr, 100);
            c.opt_text(&format!("sections[{n}].name.nl"), &section.name.nl, 100);
            c.opt_text(&format!("sections[{n}].name.en"), &section.name.en, 100);
            for pc in &section.postcodes {
                if !commune.postcodes.contains(pc) {
                    c.fail(
                        &format!("sections[{n}].postcodes"),
                        format!("`{pc}` is not one of the commune's postcodes"),
                    );
                }
            }
        }
        c.source(known, "source", &commune.source);
        if !communes.insert(commune.slug.as_str()) {
            c.fail("slug", "defined twice");
        }
    }
    communes
}

fn is_postcode(pc: &str) -> bool {
    pc.len() == 4 && pc.bytes().all(|b| b.is_ascii_digit())
}

fn check_commune_ref(c: &mut Check<'_>, refs: &Refs<'_>, commune: &Option<String>) {
    if let Some(commune) = commune
        && !refs.communes.contains(commune.as_str())
    {
        c.fail("commune", format!("`{commune}` is not in communes.toml"));
    }
}

fn check_institution(c: &mut Check<'_>, refs: &Refs<'_>, inst: &InstitutionEntry) {
    c.slug("slug", &inst.slug);
    c.vocabulary::<Level>("level", &inst.level);
    c.names(&inst.name);
    for short in &inst.short_names {
        c.text("short_names", short, 100);
    }
    if let Some(months) = inst.update_every_months
        && !(1..=120).contains(&months)
    {
        c.fail("update_every_months", format!("{months} is not between 1 and 120 months"));
    }
    if let Some(parent) = &inst.parent
        && (!refs.institutions.contains(parent.as_str()) || parent == &inst.slug)
    {
        c.fail("parent", format!("`{parent}` is not another institution of the catalog"));
    }
    c.url("website", &inst.website);
    check_commune_ref(c, refs, &inst.commune);
    c.source(refs.known, "source", &inst.source);
    c.opt_texts(refs.known, "note", &inst.note, 2000);
    c.quotes("quotes", &inst.quotes);
}

/// A known error message is a quotation with its source and the date it was seen: never an invented one.
fn check_probe_pattern(c: &mut Check<'_>, refs: &Refs<'_>, i: usize, p: &crate::domain::probes::ProbePattern) {
    let field = |f: &str| format!("probe_patterns[{i}].{f}");
    let quote = crate::domain::texts::Quote { text: p.text.clone(), lang: p.lang.clone() };
    c.quote(&format!("probe_patterns[{i}]"), &quote);
    if p.text.trim().chars().count() < 8 {
        c.fail(&field("text"), "is too short to tell an error page from any other (8 characters at least)");
    }
    c.source(refs.known, &field("source"), &p.source);
    c.date(&field("seen"), &Some(p.seen.clone()));
}

fn check_location(c: &mut Check<'_>, refs: &Refs<'_>, loc: &LocationEntry) {
    c.slug("key", &loc.key);
    c.names(&loc.name);
    c.opt_text("address", &loc.address, 300);
    if let Some(pc) = &loc.postcode
        && !is_postcode(pc)
    {
        c.fail("postcode", format!("`{pc}` is not a Belgian postcode"));
    }
    check_commune_ref(c, refs, &loc.commune);
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
    c.source(refs.known, "source", &loc.source);
    fact_sources(c, refs.known, &LOCATION_FACTS, &loc.fact_sources);
    c.opt_texts(refs.known, "note", &loc.note, 2000);
}

fn check_procedure(c: &mut Check<'_>, refs: &Refs<'_>, proc: &ProcedureEntry) {
    let known = refs.known;
    c.slug("slug", &proc.slug);
    c.names(&proc.name);
    // A summary is required once every text must be in the three languages.
    if !proc.summary.is_empty() || known.require_all_languages {
        c.texts(known, "summary", &proc.summary, 2000);
    }
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
        c.texts(known, &format!("documents[{i}]"), doc, 500);
    }
    c.opt_texts(known, "deadline", &proc.deadline, 1000);
    for (i, help) in proc.helped_by.iter().enumerate() {
        if !refs.institutions.contains(help.institution.as_str()) {
            c.fail(&format!("helped_by[{i}].institution"), format!("`{}` is not an institution", help.institution));
        }
        c.source(known, &format!("helped_by[{i}].source"), &help.source);
    }
    c.source(known, "source", &proc.source);
    c.opt_texts(known, "note", &proc.note, 2000);
    c.quotes("quotes", &proc.quotes);
    for (i, absence) in proc.absent.iter().enumerate() {
        let field = |f: &str| format!("absent[{i}].{f}");
        if absence.kinds.is_empty() {
            c.fail(&field("kinds"), "must name at least one kind");
        }
        for kind in &absence.kinds {
            if !["counter", "appointment", "phone", "post"].contains(&kind.as_str()) {
                c.fail(&field("kinds"), format!("`{kind}` is not one of counter, appointment, phone, post"));
            }
        }
        c.source(known, &field("source"), &absence.source);
        c.opt_texts(known, &field("note"), &absence.note, 2000);
        c.quotes(&field("quotes"), &absence.quotes);
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

fn check_channel(c: &mut Check<'_>, refs: &Refs<'_>, ch: &ChannelEntry) {
    let known = refs.known;
    c.slug("key", &ch.key);
    c.vocabulary::<ChannelKind>("kind", &ch.kind);
    c.vocabulary::<Completion>("completion", &ch.completion);
    if let Some(loc) = &ch.location
        && !refs.locations.contains(loc.as_str())
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
    c.opt_texts(known, "phone_cost", &ch.phone_cost, 200);
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
        if !is_language_code(lang) {
            c.fail("languages", format!("`{lang}` is not an ISO 639-1 code"));
        }
    }
    if let Some(w) = &ch.wheelchair {
        c.vocabulary::<Wheelchair>("wheelchair", w);
    }
    c.opt_texts(known, "cost", &ch.cost, 200);
    if ch.registered && ch.kind != "post" {
        c.fail("registered", "only a post channel sends a registered letter");
    }
    if !ch.conditions.is_empty() {
        c.texts(known, "conditions", &ch.conditions, 1000);
    }
    c.source(known, "source", &ch.source);
    fact_sources(c, known, &CHANNEL_FACTS, &ch.fact_sources);
    c.opt_texts(known, "note", &ch.note, 2000);
    c.quotes("quotes", &ch.quotes);
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
        c.opt_texts(known, &field("note"), &st.note, 2000);
        c.quotes(&field("quotes"), &st.quotes);
        c.source(known, &field("source"), &st.source);
    }
}

/// What a channel written through the API may refer to: the stored catalog's keys.
#[derive(Debug, Clone, Default)]
pub struct EditRefs {
    pub sources: Vec<String>,
    pub locations: Vec<String>,
    /// Institution and procedure slugs: never in a text a person reads.
    pub slugs: Vec<String>,
}

/// A channel written through the API, checked field by field as the catalog files are (opening hours parsed,
/// phone numbers, three languages where a person reads the text, sources and locations that exist).
pub fn check_channel_edit(refs: &EditRefs, ch: &ChannelEntry) -> Vec<ImportError> {
    let mut errors = Vec::new();
    let sources: HashSet<&str> = refs.sources.iter().map(String::as_str).collect();
    let mut internal_keys: Vec<&str> = sources.iter().copied().filter(|k| k.contains('-')).collect();
    internal_keys.extend(refs.slugs.iter().map(String::as_str).filter(|k| k.contains('-')));
    internal_keys.sort_unstable();
    let known = Known { sources, internal_keys, require_all_languages: true };
    let locations: HashSet<&str> = refs.locations.iter().map(String::as_str).collect();
    let none = HashSet::new();
    let refs = Refs { known: &known, communes: &none, institutions: &none, locations: &locations };
    let mut c = Check { file: "api", record: format!("channel `{}`", ch.key), errors: &mut errors };
    check_channel(&mut c, &refs, ch);
    errors
}
