//! `/{lang}/gaps`: the advocacy dashboard. For one rule, the procedures that fail it and why (`gaps_list.rs`),
//! the counts per level and per institution (tables, and bars whose text is HTML at the body's size:
//! `charts.rs`), the monitoring figures, and the links to the open data. One GET form filters it all — level,
//! commune, institution, period — read by the API's own readers (`GapFilters`, `MonitoringFilter`); a bad value
//! is said in words, with 422.

use super::charts::{HATCH_DEFS, StackedRow, bars_chart, legend, stacked_chart};
use super::forms::Fields;
use super::gaps_list::{GapList, gap_list};
use super::i18n::Tr;
use super::page::{Page, PageLang, WebError, html};
use super::words::{Loc, esc, name};
use crate::app::AppState;
use crate::app::gaps::{Counts, GapFilters, Tally, evaluate_all, tally};
use crate::app::input::Params;
use crate::app::monitoring::{MonitoringFilter, monitoring};
use crate::domain::Level;
use crate::domain::text::fold;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

pub struct Row {
    pub label: Loc,
    pub href: Option<String>,
    pub counts: Counts,
    /// "64 %": the share of the findings that rest on known facts.
    pub coverage: String,
}

pub struct RuleTab {
    pub id: String,
    pub title: String,
    pub href: String,
    pub current: bool,
}

pub struct Figure {
    pub label: String,
    pub value: String,
}

/// One option of a filter's list.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "gaps.html")]
struct GapsPage {
    page: Page,
    rules: Vec<RuleTab>,
    rule_title: String,
    rule_id: String,
    list: GapList,
    /// "4 procedures fail it. For 85 more, the catalog does not know enough to judge."
    list_counts: String,
    page_of: String,
    previous_href: Option<String>,
    next_href: Option<String>,
    levels: Vec<Choice>,
    communes: Vec<Choice>,
    institutions: Vec<Choice>,
    from: String,
    to: String,
    filter_errors: Vec<String>,
    hatch: &'static str,
    by_level: Vec<Row>,
    level_chart: String,
    legend: String,
    by_institution: Vec<Row>,
    figures: Vec<Figure>,
    reasons: Vec<Figure>,
    reasons_chart: String,
    has_observations: bool,
    by_institution_reports: Vec<Figure>,
}

/// The page's parameters, in the order their errors are said.
const FIELDS: [&str; 7] = ["rule", "level", "commune", "institution", "from", "to", "page"];

fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

pub fn failure_reason_key(key: &str) -> String {
    super::words::code_key("reason", key)
}

/// `?a=1&b=2` of the non-empty pairs (URL-encoded; the template escapes it for HTML).
fn query(pairs: &[(String, String)]) -> String {
    let kept: Vec<&(String, String)> = pairs.iter().filter(|(_, v)| !v.is_empty()).collect();
    match serde_urlencoded::to_string(kept) {
        Ok(q) if !q.is_empty() => format!("?{q}"),
        _ => String::new(),
    }
}

fn with(pairs: &[(String, String)], name: &str, value: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = pairs.iter().filter(|(k, _)| k != name).cloned().collect();
    out.push((name.to_string(), value.to_string()));
    out.sort_by_key(|(k, _)| FIELDS.iter().position(|f| f == k));
    out
}

#[tracing::instrument(skip_all)]
pub async fn gaps_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    PageLang(lang): PageLang,
) -> Result<HttpResponse, WebError> {
    let tr = Tr::new(lang);
    let fields = Fields::query(&req);
    let s = state.catalog.load();
    // Only the page's own parameters, read by the API's readers: the list's and the monitoring figures'.
    let pairs: Vec<(String, String)> = fields
        .0
        .iter()
        .filter(|(k, v)| FIELDS.contains(&k.as_str()) && !v.trim().is_empty())
        .map(|(k, v)| (k.clone(), v.trim().to_string()))
        .collect();
    let mut params = Params::from_pairs(pairs.clone());
    let mut filters = GapFilters::read(&state.rules, &s, &mut params);
    let page = params.pagination().page;
    let mut monitoring_params = Params::from_pairs(pairs.clone());
    let mut monitoring_filter = MonitoringFilter::read(&s, &mut monitoring_params);
    let failed: Vec<&str> = FIELDS
        .into_iter()
        .filter(|f| params.errors.iter().chain(&monitoring_params.errors).any(|e| e.field == *f))
        .collect();
    let filter_errors: Vec<String> = failed.iter().map(|f| tr.t(&format!("filter-{f}-error"))).collect();
    if failed.contains(&"commune") {
        monitoring_filter.commune = None;
    }
    if failed.contains(&"institution") {
        monitoring_filter.institution = None;
    }
    if failed.iter().any(|f| *f == "from" || *f == "to") {
        (monitoring_filter.from, monitoring_filter.to) = (None, None);
    }
    let rule = filters
        .rule
        .as_ref()
        .and_then(|id| state.rules.iter().find(|r| &r.id == id))
        .or(state.rules.first())
        .ok_or(WebError::NotFound(lang))?;
    filters.rule = Some(rule.id.clone());
    // What the links of the page keep: the valid choices, never the page number.
    let kept: Vec<(String, String)> =
        pairs.iter().filter(|(k, _)| k != "page" && !failed.contains(&k.as_str())).cloned().collect();
    let href = |pairs: Vec<(String, String)>| format!("/{}/gaps{}", lang.code(), query(&pairs));

    let all = evaluate_all(&s, &state.ctx(), &state.rules);
    let list = gap_list(tr, &s, &filters, &all, usize::try_from(page).unwrap_or(1));
    let page_href = |n: usize| format!("{}#list", href(with(&kept, "page", &n.to_string())));
    let previous_href = (list.page > 1).then(|| page_href(list.page - 1));
    let next_href = (list.page < list.pages).then(|| page_href(list.page + 1));

    let tallies = tally(&s, &state.rules, &filters, &all);
    let t = tallies.first().ok_or(WebError::NotFound(lang))?;
    let row = |label: Loc, href: Option<String>, tally: &Tally| Row {
        label,
        href,
        counts: tally.counts,
        coverage: tally.coverage.map_or_else(|| tr.t("unknown"), percent),
    };
    let level_words = |level: Level| tr.t(&super::words::code_key("level", level.as_str()));
    // Levels the rule does not concern are left out, like institutions.
    let by_level: Vec<Row> = t
        .by_level
        .iter()
        .filter(|(_, tally)| tally.counts.applicable() > 0)
        .map(|(&level, tally)| row(Loc { text: level_words(level), other: None, note: String::new() }, None, tally))
        .collect();
    let mut by_institution: Vec<Row> = t
        .by_institution
        .iter()
        .filter(|(_, tally)| tally.counts.applicable() > 0)
        .map(|(&i, tally)| {
            row(
                name(tr, &s.institutions[i].name),
                Some(format!("/{}/institutions/{}", lang.code(), s.institutions[i].slug)),
                tally,
            )
        })
        .collect();
    // The worst first: what advocates look for.
    by_institution.sort_by(|a, b| {
        let failing = |c: &Counts| c.non_compliant + c.compliant_on_paper_only;
        failing(&b.counts).cmp(&failing(&a.counts)).then(a.label.text.cmp(&b.label.text))
    });
    let rule_title = super::words::rule_title(tr, rule);

    // The filters' lists, each keeping what was chosen.
    let chosen = |name: &str| fields.get(name).unwrap_or_default();
    let levels: Vec<Choice> = Level::ALL
        .iter()
        .filter(|l| s.institutions.iter().any(|i| i.level == **l))
        .map(|&l| Choice { value: l.as_str().into(), label: level_words(l), selected: chosen("level") == l.as_str() })
        .collect();
    let communes: Vec<Choice> = s
        .communes
        .iter()
        .map(|c| Choice { value: c.slug.clone(), label: name(tr, &c.name).text, selected: c.slug == chosen("commune") })
        .collect();
    let mut institutions: Vec<Choice> = s
        .institutions
        .iter()
        .map(|i| Choice {
            value: i.slug.clone(),
            label: name(tr, &i.name).text,
            selected: i.slug == chosen("institution"),
        })
        .collect();
    institutions.sort_by_cached_key(|c| fold(&c.label));

    // The monitoring figures for the same choices, through the API's own filter.
    let table = monitoring(&s, &state.observed(), &monitoring_filter);
    let figures = vec![
        Figure { label: tr.t("fig-total"), value: table.total.to_string() },
        Figure {
            label: tr.t("fig-not-completed"),
            value: format!("{} ({})", table.not_completed, percent(table.not_completed_share)),
        },
        Figure { label: tr.t("fig-on-behalf"), value: percent(table.on_behalf_share) },
        Figure {
            label: tr.t("fig-minutes"),
            value: match (table.mean_minutes, table.median_minutes) {
                (Some(mean), Some(median)) => {
                    tr.t2("fig-minutes-value", ("mean", format!("{mean:.0}")), ("median", format!("{median:.0}")))
                }
                _ => tr.t("unknown"),
            },
        },
        Figure { label: tr.t("fig-hours"), value: super::when::hours_minutes(tr, table.total_hours) },
    ];
    let reasons: Vec<Figure> = table
        .by_failure_reason
        .iter()
        .map(|r| Figure {
            label: tr.t(&failure_reason_key(&r.key)),
            value: format!("{} ({})", r.count, percent(r.share)),
        })
        .collect();
    let reason_bars: Vec<(String, u64, String)> = reasons
        .iter()
        .zip(&table.by_failure_reason)
        .map(|(f, r)| (f.label.clone(), r.count, f.value.clone()))
        .collect();
    // Which institutions social workers had to deal with, most first (the "most replaced" of the CASS survey).
    let by_institution_reports: Vec<Figure> = table
        .by_institution
        .iter()
        .take(15)
        .map(|r| Figure {
            label: s.institution(&r.key).map_or_else(|| r.key.clone(), |i| name(tr, &i.name).text),
            value: format!("{} ({})", r.count, percent(r.share)),
        })
        .collect();
    let level_rows: Vec<StackedRow> =
        by_level.iter().map(|r| StackedRow { label_html: esc(&r.label.text), counts: r.counts }).collect();
    let status = if filter_errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let body = GapsPage {
        rules: state
            .rules
            .iter()
            .map(|r| RuleTab {
                id: r.id.clone(),
                title: super::words::rule_title(tr, r),
                href: href(with(&kept, "rule", &r.id)),
                current: r.id == rule.id,
            })
            .collect(),
        level_chart: stacked_chart(tr, &level_rows),
        legend: legend(tr),
        hatch: HATCH_DEFS,
        reasons_chart: bars_chart(&reason_bars),
        has_observations: table.total > 0,
        rule_id: rule.id.clone(),
        list_counts: format!(
            "{} {}",
            tr.t1("gaps-list-count-failing", "n", list.failing_total),
            tr.t1("gaps-list-count-unknown", "n", list.unknown_total)
        ),
        page_of: tr.t2("gaps-page-of", ("page", list.page), ("pages", list.pages)),
        list,
        previous_href,
        next_href,
        levels,
        communes,
        institutions,
        from: chosen("from"),
        to: chosen("to"),
        filter_errors,
        by_institution_reports,
        page: Page::new(lang, &req, tr.t("gaps-title")),
        rule_title,
        by_level,
        by_institution,
        figures,
        reasons,
    };
    Ok(html(status, body.render()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::Lang;
    use crate::web::when::hours_minutes;

    #[test]
    fn hours_keep_their_minutes() {
        let en = Tr::new(Lang::En);
        for (minutes, want) in
            [(31.0, "0 h 31"), (0.0, "0 h 00"), (60.0, "1 h 00"), (725.0, "12 h 05"), (119.6, "2 h 00")]
        {
            assert_eq!(hours_minutes(en, minutes / 60.0), want, "{minutes} minutes");
        }
        assert_eq!(hours_minutes(Tr::new(Lang::Nl), 31.0 / 60.0), "0 u 31");
        assert_eq!(hours_minutes(Tr::new(Lang::Fr), 31.0 / 60.0), "0 h 31");
    }

    #[test]
    fn links_keep_the_choices_in_a_stable_order() {
        let kept = vec![("commune".to_string(), "schaerbeek".to_string()), ("rule".to_string(), "a".to_string())];
        assert_eq!(query(&with(&kept, "page", "2")), "?rule=a&commune=schaerbeek&page=2");
        assert_eq!(query(&with(&kept, "rule", "b c")), "?rule=b+c&commune=schaerbeek");
        assert_eq!(query(&[]), "");
    }
}
