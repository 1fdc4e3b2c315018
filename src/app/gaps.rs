//! Which procedures fail which compliance rule, on declared data, on observed data, or both — computed from the
//! read model at each request, so always current. Shared by the API, the pages, the exports and editions.

use super::context::Ctx;
use super::input::Params;
use crate::catalog::{Procedure, Snapshot};
use crate::domain::Level;
use crate::domain::compliance::{
    ChannelStatus, Compliance, Evaluation, ProcedureStatus, Reason, Requirement, Rule, coverage, evaluate, kinds,
};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// What the evaluator needs of a procedure, from the read model and the observed index.
pub fn procedure_status(s: &Snapshot, ctx: &Ctx, p: &Procedure) -> ProcedureStatus {
    let channels = p
        .channels
        .iter()
        .map(|&c| {
            let c = &s.channels[c];
            ChannelStatus {
                id: c.id,
                kind: c.kind,
                completion: c.completion,
                booking: c.booking.clone(),
                declared: c.declared,
                observed: ctx.observed.observed(c.id, c.declared, ctx.now).reachability.state,
                usable: c.usable,
                to_verify: c.to_verify(ctx.today),
            }
        })
        .collect();
    let absent = p.absent.iter().flat_map(|a| a.kinds.iter().copied()).collect();
    ProcedureStatus { channels, absent }
}

/// Every rule's result for every procedure, at the context's instant (rules apply from a Brussels date).
pub fn evaluate_all(s: &Snapshot, ctx: &Ctx, rules: &[Rule]) -> Vec<(usize, Evaluation)> {
    let mut out = Vec::with_capacity(s.procedures.len() * rules.len());
    for (i, p) in s.procedures.iter().enumerate() {
        let level = s.institutions[p.institution].level;
        let status = procedure_status(s, ctx, p);
        for rule in rules {
            out.push((i, evaluate(rule, level, &status, ctx.today)));
        }
    }
    out
}

/// Which result counts as a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    Declared,
    Observed,
    Both,
}

impl std::str::FromStr for Basis {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "declared" => Ok(Basis::Declared),
            "observed" => Ok(Basis::Observed),
            "both" => Ok(Basis::Both),
            _ => Err("expected one of: declared, observed, both".into()),
        }
    }
}

impl Basis {
    /// The status this basis reads.
    pub fn status(self, e: &Evaluation) -> Compliance {
        match self {
            Basis::Declared => e.declared,
            Basis::Observed => e.observed,
            Basis::Both => e.status,
        }
    }
}

/// A gap: a requirement missing, or compliant on paper only. Insufficient data is not a gap.
pub fn is_gap(basis: Basis, e: &Evaluation) -> bool {
    matches!(basis.status(e), Compliance::NonCompliant | Compliance::CompliantOnPaperOnly)
}

/// What a list of failing procedures shows: the gaps, and apart from them the procedures the catalog cannot judge
/// yet (insufficient data) — never the compliant or the not concerned.
pub fn is_listed(basis: Basis, e: &Evaluation) -> bool {
    is_gap(basis, e) || basis.status(e) == Compliance::InsufficientData
}

/// The sources saying a procedure offers no channel of the kinds a requirement is about: why it is `missing`
/// with the reason `source_says_none`.
pub fn absence_sources(p: &Procedure, requirement: Requirement) -> Vec<i64> {
    let wanted = kinds(requirement);
    let mut sources: Vec<i64> =
        p.absent.iter().filter(|a| a.kinds.iter().any(|k| wanted.contains(k))).map(|a| a.source).collect();
    sources.sort_unstable();
    sources.dedup();
    sources
}

/// Which procedures a question is about.
pub struct GapFilters {
    pub rule: Option<String>,
    pub basis: Basis,
    pub level: Option<Level>,
    pub institution: Option<usize>,
    pub commune: Option<usize>,
    pub category: Option<String>,
}

impl GapFilters {
    /// Reads `rule`, `basis`, `level`, `institution`, `commune` and `category`; bad values are left in `params`.
    pub fn read(rules: &[Rule], s: &Snapshot, params: &mut Params) -> GapFilters {
        let rule = params.text("rule");
        if let Some(r) = &rule
            && !rules.iter().any(|x| &x.id == r)
        {
            params.unknown("rule", format!("`{r}` is not a rule id (see /api/v1/rules)"));
        }
        GapFilters {
            rule,
            basis: params.parse::<Basis>("basis").unwrap_or(Basis::Both),
            level: params.parse("level"),
            institution: params.institution(s),
            commune: params.commune(s),
            category: params.text("category"),
        }
    }

    pub fn selects(&self, s: &Snapshot, procedure: usize, e: &Evaluation) -> bool {
        let proc = &s.procedures[procedure];
        let inst = &s.institutions[proc.institution];
        self.rule.as_ref().is_none_or(|r| &e.rule == r)
            && self.level.is_none_or(|l| inst.level == l)
            && self.institution.is_none_or(|i| proc.institution == i)
            && self.commune.is_none_or(|c| s.serves_commune(inst, c))
            && self.category.as_ref().is_none_or(|c| proc.categories.contains(c))
    }
}

/// How many procedures are in each state.
#[derive(Debug, Clone, Copy, Serialize, ToSchema, Default, PartialEq, Eq)]
pub struct Counts {
    pub compliant: usize,
    pub compliant_on_paper_only: usize,
    pub non_compliant: usize,
    /// No requirement missing, some not known: the catalog's holes, not the institution's.
    pub insufficient_data: usize,
    pub not_applicable: usize,
}

impl Counts {
    pub fn add(&mut self, c: Compliance) {
        match c {
            Compliance::Compliant => self.compliant += 1,
            Compliance::CompliantOnPaperOnly => self.compliant_on_paper_only += 1,
            Compliance::NonCompliant => self.non_compliant += 1,
            Compliance::InsufficientData => self.insufficient_data += 1,
            Compliance::NotApplicable => self.not_applicable += 1,
        }
    }

    pub fn get(&self, c: Compliance) -> usize {
        match c {
            Compliance::Compliant => self.compliant,
            Compliance::CompliantOnPaperOnly => self.compliant_on_paper_only,
            Compliance::NonCompliant => self.non_compliant,
            Compliance::InsufficientData => self.insufficient_data,
            Compliance::NotApplicable => self.not_applicable,
        }
    }

    pub fn total(&self) -> usize {
        Compliance::ALL.iter().map(|&c| self.get(c)).sum()
    }

    /// Procedures the rule applies to.
    pub fn applicable(&self) -> usize {
        self.total() - self.not_applicable
    }
}

/// Counts and coverage of one group of procedures.
#[derive(Debug, Clone, Serialize, ToSchema, Default)]
pub struct Tally {
    #[serde(flatten)]
    pub counts: Counts,
    /// Share (0 to 1) of the requirement findings that are known (met or missing), not `unverified`; `null`
    /// when the rule applies to none.
    pub coverage: Option<f64>,
    /// Procedures with a requirement met only by channels to verify (not verified within their institution's
    /// frequency): counted in `insufficient_data`, never as compliant nor as non-compliant.
    pub unverified: usize,
}

/// One rule's results by level and by institution (index in the snapshot), with their coverage.
pub struct RuleTallies {
    pub rule: String,
    pub overall: Tally,
    pub by_level: BTreeMap<Level, Tally>,
    pub by_institution: BTreeMap<usize, Tally>,
}

/// Tallies each rule (all, or the filter's) over the selected results.
pub fn tally(s: &Snapshot, rules: &[Rule], f: &GapFilters, all: &[(usize, Evaluation)]) -> Vec<RuleTallies> {
    rules
        .iter()
        .filter(|r| f.rule.as_ref().is_none_or(|x| x == &r.id))
        .map(|rule| {
            let selected: Vec<&(usize, Evaluation)> =
                all.iter().filter(|(p, e)| e.rule == rule.id && f.selects(s, *p, e)).collect();
            let group = |keep: &dyn Fn(usize) -> bool| {
                let items: Vec<&Evaluation> = selected.iter().filter(|(p, _)| keep(*p)).map(|(_, e)| e).collect();
                let mut counts = Counts::default();
                for e in &items {
                    counts.add(f.basis.status(e));
                }
                let unverified =
                    items.iter().filter(|e| e.evidence.iter().any(|f| f.reason == Reason::ToVerify)).count();
                Tally { counts, coverage: coverage(items.iter().copied()), unverified }
            };
            let levels: std::collections::BTreeSet<Level> =
                selected.iter().map(|(p, _)| s.institutions[s.procedures[*p].institution].level).collect();
            let institutions: std::collections::BTreeSet<usize> =
                selected.iter().map(|(p, _)| s.procedures[*p].institution).collect();
            RuleTallies {
                rule: rule.id.clone(),
                overall: group(&|_| true),
                by_level: levels
                    .into_iter()
                    .map(|l| (l, group(&|p| s.institutions[s.procedures[p].institution].level == l)))
                    .collect(),
                by_institution: institutions
                    .into_iter()
                    .map(|i| (i, group(&|p| s.procedures[p].institution == i)))
                    .collect(),
            }
        })
        .collect()
}
