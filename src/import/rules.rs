//! `rules.toml`: the compliance rules, as data.

use super::check::Check;
use super::{ImportError, parse};
use std::collections::HashSet;
use std::path::Path;

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
        for (field, text, max) in [("title", Some(&rule.title), 300), ("source.title", Some(&rule.source.title), 500)]
            .into_iter()
            .chain([("note", rule.note.as_ref(), 2000)])
        {
            let Some(text) = text else { continue };
            let missing = text.missing();
            if !missing.is_empty() {
                c.fail(field, format!("missing in {}: a rule is read in fr, nl and en", missing.join(", ")));
            }
            for (lang, t) in text.all() {
                c.text(&format!("{field}.{lang}"), t, max);
            }
        }
        c.url("source.url", &rule.source.url);
        c.date("source.date", &Some(rule.source.date.clone()));
    }
    if errors.is_empty() { Ok(file.rules) } else { Err(errors) }
}
