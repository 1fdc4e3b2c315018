//! Editions: results frozen at a date, and what changed between two of them. Pure.

use super::compliance::Compliance;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// One procedure's standing under one rule, as frozen in an edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FrozenResult {
    pub procedure: String,
    pub institution: String,
    pub level: String,
    pub rule: String,
    pub status: Compliance,
    pub declared: Compliance,
    pub observed: Compliance,
}

/// What may name an edition (it appears in URL paths).
pub fn valid_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 50
        && label.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Per rule: how many procedures in each state.
pub fn counts(results: &[FrozenResult]) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut out: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for r in results {
        *out.entry(r.rule.clone()).or_default().entry(r.status.as_str().to_string()).or_default() += 1;
    }
    out
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Change {
    pub procedure: String,
    pub institution: String,
    pub from: Option<Compliance>,
    pub to: Option<Compliance>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema, Default)]
pub struct RuleDiff {
    /// Not compliant in the first edition, compliant in the second.
    pub became_compliant: Vec<Change>,
    /// Compliant in the first edition, not in the second.
    pub stopped_being_compliant: Vec<Change>,
    /// Other changes of status (e.g. non-compliant to compliant on paper only, or insufficient data to
    /// non-compliant once a fact was verified), and procedures present in one edition only (`from` or `to` null).
    pub other_changes: Vec<Change>,
}

/// Which procedures changed standing, per rule, from edition `a` to edition `b`.
pub fn diff(a: &[FrozenResult], b: &[FrozenResult]) -> BTreeMap<String, RuleDiff> {
    let key = |r: &FrozenResult| (r.rule.clone(), r.procedure.clone());
    let old: HashMap<_, &FrozenResult> = a.iter().map(|r| (key(r), r)).collect();
    let new: HashMap<_, &FrozenResult> = b.iter().map(|r| (key(r), r)).collect();
    let mut keys: Vec<_> = old.keys().chain(new.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    let mut out: BTreeMap<String, RuleDiff> = BTreeMap::new();
    for k in keys {
        let (from, to) = (old.get(&k).map(|r| r.status), new.get(&k).map(|r| r.status));
        if from == to {
            continue;
        }
        let institution = old.get(&k).or(new.get(&k)).map(|r| r.institution.clone()).unwrap_or_default();
        let change = Change { procedure: k.1.clone(), institution, from, to };
        let d = out.entry(k.0.clone()).or_default();
        match (from, to) {
            (Some(f), Some(Compliance::Compliant)) if f != Compliance::Compliant => d.became_compliant.push(change),
            (Some(Compliance::Compliant), Some(_)) => d.stopped_being_compliant.push(change),
            _ => d.other_changes.push(change),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(procedure: &str, status: Compliance) -> FrozenResult {
        FrozenResult {
            procedure: procedure.into(),
            institution: "i".into(),
            level: "commune".into(),
            rule: "r".into(),
            status,
            declared: status,
            observed: status,
        }
    }

    #[test]
    fn a_diff_sorts_changes_by_direction() {
        use Compliance::*;
        let a = [result("x", NonCompliant), result("y", Compliant), result("z", InsufficientData)];
        let b = [result("x", Compliant), result("y", CompliantOnPaperOnly), result("z", NonCompliant)];
        let d = &diff(&a, &b)["r"];
        assert_eq!(d.became_compliant[0].procedure, "x");
        assert_eq!(d.stopped_being_compliant[0].procedure, "y");
        assert_eq!((d.other_changes[0].from, d.other_changes[0].to), (Some(InsufficientData), Some(NonCompliant)));
        assert!(valid_label("2026-Q4") && !valid_label("../x") && !valid_label(""));
    }
}
