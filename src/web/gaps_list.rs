//! The gaps page's list: for one rule, the procedures that fail it (not compliant, compliant on paper only) and,
//! apart, those the catalog cannot judge yet (not enough data), grouped by institution, each with every
//! requirement not met and why, in words — a page of them at a time.

use super::i18n::Tr;
use super::institution::{Verdict, verdict};
use super::words::{Loc, esc, name, source_title};
use crate::app::gaps::{Basis, GapFilters, absence_sources, is_gap, is_listed};
use crate::catalog::Snapshot;
use crate::domain::compliance::{Compliance, Evaluation, Finding, Reason, Requirement};
use crate::domain::text::fold;

/// Procedures per page of the list: the whole shipped catalog stays far under the page weight budget.
pub const PER_PAGE: usize = 40;

/// One requirement not met, in words.
pub struct Why {
    pub requirement: String,
    /// `bad` (missing) or `na` (not verified).
    pub class: &'static str,
    /// Escaped HTML: the reason, with the source's name when a source says there is none.
    pub html: String,
}

pub struct Item {
    pub name: Loc,
    pub href: String,
    /// `non_compliant`, `compliant_on_paper_only`, `insufficient_data`: a hook for tests.
    pub status: &'static str,
    pub verdict: Verdict,
    pub why: Vec<Why>,
}

/// The procedures of one institution on this page.
pub struct Group {
    pub institution: Loc,
    pub href: String,
    pub items: Vec<Item>,
}

pub struct GapList {
    /// Not compliant or compliant on paper only, on this page.
    pub failing: Vec<Group>,
    /// Not enough data, on this page.
    pub unknown: Vec<Group>,
    pub failing_total: usize,
    pub unknown_total: usize,
    pub page: usize,
    pub pages: usize,
}

pub fn requirement_key(r: Requirement) -> &'static str {
    match r {
        Requirement::PhysicalReception => "gaps-req-physical-reception",
        Requirement::Telephone => "gaps-req-telephone",
        Requirement::Postal => "gaps-req-postal",
        Requirement::WalkIn => "gaps-req-walk-in",
        Requirement::OfflineAlternative => "gaps-req-offline-alternative",
    }
}

pub fn reason_key(r: Reason) -> &'static str {
    match r {
        Reason::Usable => "gaps-why-usable",
        Reason::SourceSaysNone => "gaps-why-source-says-none",
        Reason::Closed => "gaps-why-closed",
        Reason::BookedOnlineOnly => "gaps-why-booked-online-only",
        Reason::ObservedUnreachable => "gaps-why-observed-unreachable",
        Reason::LacksFacts => "gaps-why-lacks-facts",
        Reason::ToVerify => "gaps-why-to-verify",
        Reason::NotCatalogued => "gaps-why-not-catalogued",
    }
}

/// How the list is ordered: not known after failing, institution, worst first, procedure (folded names).
type SortKey = (bool, String, u8, String);

/// Stands for the source's name while the sentence around it is escaped.
const SOURCE_MARK: char = '\u{E000}';

fn why(tr: Tr, s: &Snapshot, procedure: usize, e: &Evaluation) -> Vec<Why> {
    let p = &s.procedures[procedure];
    e.evidence
        .iter()
        .filter(|f| f.finding != Finding::Met)
        .map(|f| {
            let html = if f.reason == Reason::SourceSaysNone {
                let names: Vec<String> = absence_sources(p, f.requirement)
                    .into_iter()
                    .map(|id| format!("<cite>{}</cite>", source_title(tr, s.source(id)).html()))
                    .collect();
                let names = if names.is_empty() { esc(&tr.t("unknown")) } else { names.join(", ") };
                esc(&tr.t1(reason_key(f.reason), "source", SOURCE_MARK.to_string())).replace(SOURCE_MARK, &names)
            } else {
                esc(&tr.t(reason_key(f.reason)))
            };
            Why {
                requirement: tr.t(requirement_key(f.requirement)),
                class: if f.finding == Finding::Missing { "bad" } else { "na" },
                html,
            }
        })
        .collect()
}

/// The list for the filters' rule, the `page`-th slice of it (from 1; past the end, the last page).
pub fn gap_list(tr: Tr, s: &Snapshot, f: &GapFilters, all: &[(usize, Evaluation)], page: usize) -> GapList {
    let lang = tr.lang.code();
    let basis = Basis::Both;
    // The failing first, then the ones not known; within each, by institution, the worst first, then by name.
    let rank = |c: Compliance| match c {
        Compliance::NonCompliant => 0u8,
        Compliance::CompliantOnPaperOnly => 1,
        _ => 2,
    };
    let mut listed: Vec<(SortKey, &(usize, Evaluation))> = all
        .iter()
        .filter(|(p, e)| f.selects(s, *p, e) && is_listed(basis, e))
        .map(|entry| {
            let (p, e) = entry;
            let proc = &s.procedures[*p];
            let inst = fold(&name(tr, &s.institutions[proc.institution].name).text);
            ((!is_gap(basis, e), inst, rank(basis.status(e)), fold(&name(tr, &proc.name).text)), entry)
        })
        .collect();
    listed.sort_by(|a, b| a.0.cmp(&b.0));
    let failing_total = listed.iter().filter(|l| !l.0.0).count();
    let unknown_total = listed.len() - failing_total;
    let pages = listed.len().div_ceil(PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let (mut failing, mut unknown): (Vec<Group>, Vec<Group>) = (Vec::new(), Vec::new());
    for ((not_known, ..), (p, e)) in listed.into_iter().skip((page - 1) * PER_PAGE).take(PER_PAGE) {
        let status = basis.status(e);
        let proc = &s.procedures[*p];
        let inst = &s.institutions[proc.institution];
        let groups = if not_known { &mut unknown } else { &mut failing };
        let item = Item {
            name: name(tr, &proc.name),
            href: format!("/{lang}/procedures/{}", proc.slug),
            status: status.as_str(),
            verdict: verdict(tr, status),
            why: why(tr, s, *p, e),
        };
        let href = format!("/{lang}/institutions/{}", inst.slug);
        match groups.last_mut() {
            Some(g) if g.href == href => g.items.push(item),
            _ => groups.push(Group { institution: name(tr, &inst.name), href, items: vec![item] }),
        }
    }
    GapList { failing, unknown, failing_total, unknown_total, page, pages }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::{Lang, message_ids};

    #[test]
    fn every_requirement_and_reason_has_its_words() {
        use Requirement as Q;
        let keys = [Q::PhysicalReception, Q::Telephone, Q::Postal, Q::WalkIn, Q::OfflineAlternative]
            .map(requirement_key)
            .into_iter()
            .chain(
                [
                    Reason::Usable,
                    Reason::SourceSaysNone,
                    Reason::Closed,
                    Reason::BookedOnlineOnly,
                    Reason::ObservedUnreachable,
                    Reason::LacksFacts,
                    Reason::ToVerify,
                    Reason::NotCatalogued,
                ]
                .map(reason_key),
            );
        for lang in Lang::UI {
            let ids = message_ids(lang);
            for key in keys.clone() {
                assert!(ids.iter().any(|k| k == key), "{}: no words for {key}", lang.code());
            }
            for field in ["rule", "level", "institution", "commune", "from", "to", "page"] {
                let key = format!("filter-{field}-error");
                assert!(ids.contains(&key), "{}: no words for {key}", lang.code());
            }
        }
    }

    #[test]
    fn the_source_is_named_inside_the_escaped_sentence() {
        let tr = Tr::new(Lang::En);
        let text = esc(&tr.t1(reason_key(Reason::SourceSaysNone), "source", SOURCE_MARK.to_string()))
            .replace(SOURCE_MARK, "<cite>A &amp; B</cite>");
        assert!(text.contains("<cite>A &amp; B</cite>"), "{text}");
        assert!(!text.contains(SOURCE_MARK));
    }
}
