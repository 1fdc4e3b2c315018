//! `/{lang}/gaps`: the advocacy dashboard. Compliance per level and per institution (tables and server-drawn SVG
//! bars that repeat the tables' numbers in text), the monitoring figures, and the links to the open data.

use super::forms::Fields;
use super::i18n::Tr;
use super::page::{Page, PageLang, WebError, html};
use super::words::{Loc, esc, name};
use crate::app::AppState;
use crate::app::gaps::{Counts, GapFilters, Tally, evaluate_all, tally};
use crate::app::input::Params;
use crate::app::monitoring::{MonitoringFilter, monitoring};
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

#[derive(Template)]
#[template(path = "gaps.html")]
struct GapsPage {
    page: Page,
    rules: Vec<RuleTab>,
    rule_title: String,
    by_level: Vec<Row>,
    level_chart: String,
    by_institution: Vec<Row>,
    figures: Vec<Figure>,
    reasons: Vec<Figure>,
    reasons_chart: String,
    has_observations: bool,
    rule_id: String,
    from: String,
    to: String,
    communes: Vec<(String, String, bool)>,
    filter_errors: Vec<String>,
    by_institution_reports: Vec<Figure>,
}

const SEGMENTS: [(&str, &str); 4] =
    [("compliant", "ok"), ("compliance-paper", "warn"), ("compliance-non", "bad"), ("compliance-insufficient", "na")];

/// Horizontal stacked bars, one per row, each segment labelled with its count so colour is never the only cue.
fn stacked_chart(tr: Tr, rows: &[Row], label: &str) -> String {
    let (left, width, bar, gap) = (190.0, 300.0, 22.0, 10.0);
    let height = rows.len() as f64 * (bar + gap) + 30.0;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 500 {height}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(label)
    );
    for (i, row) in rows.iter().enumerate() {
        let y = i as f64 * (bar + gap) + 4.0;
        let total = row.counts.applicable().max(1) as f64;
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text>",
            left - 6.0,
            y + bar * 0.7,
            esc(&row.label.text.chars().take(26).collect::<String>())
        ));
        let mut x = left;
        let c = &row.counts;
        let values = [c.compliant, c.compliant_on_paper_only, c.non_compliant, c.insufficient_data];
        for ((key, class), value) in SEGMENTS.iter().zip(values) {
            if value == 0 {
                continue;
            }
            let w = width * value as f64 / total;
            svg.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{y}\" width=\"{w:.1}\" height=\"{bar}\" class=\"seg {class}\"><title>{}: {value}</title></rect>",
                esc(&tr.t(key))
            ));
            if w >= 18.0 {
                svg.push_str(&format!(
                    "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" class=\"value {class}\">{value}</text>",
                    x + w / 2.0,
                    y + bar * 0.7
                ));
            }
            x += w;
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Simple bars for a breakdown (count and share written at the end of each bar).
fn bars_chart(rows: &[Figure], counts: &[u64], label: &str) -> String {
    let max = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let (left, width, bar, gap) = (190.0, 230.0, 20.0, 8.0);
    let height = rows.len() as f64 * (bar + gap) + 10.0;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 500 {height}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        esc(label)
    );
    for (i, (row, &count)) in rows.iter().zip(counts).enumerate() {
        let y = i as f64 * (bar + gap) + 4.0;
        let w = (width * count as f64 / max).max(2.0);
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\">{}</text><rect x=\"{left}\" y=\"{y}\" width=\"{w:.1}\" height=\"{bar}\" class=\"seg bad\"></rect><text x=\"{:.1}\" y=\"{}\" class=\"label\">{}</text>",
            left - 6.0,
            y + bar * 0.7,
            esc(&row.label.chars().take(28).collect::<String>()),
            left + w + 4.0,
            y + bar * 0.7,
            esc(&row.value)
        ));
    }
    svg.push_str("</svg>");
    svg
}

fn percent(share: f64) -> String {
    format!("{:.0} %", share * 100.0)
}

pub fn failure_reason_key(key: &str) -> String {
    format!("reason-{}", key.replace('_', "-"))
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
    let rule = fields
        .get("rule")
        .and_then(|id| state.rules.iter().find(|r| r.id == id))
        .or(state.rules.first())
        .ok_or(WebError::NotFound(lang))?;
    let all = evaluate_all(&s, &state.ctx(), &state.rules);
    let filters = GapFilters::read(&state.rules, &s, &mut Params::from_pairs(vec![("rule".into(), rule.id.clone())]));
    let tallies = tally(&s, &state.rules, &filters, &all);
    let t = tallies.first().ok_or(WebError::NotFound(lang))?;
    let row = |label: Loc, href: Option<String>, tally: &Tally| Row {
        label,
        href,
        counts: tally.counts,
        coverage: tally.coverage.map_or_else(|| tr.t("unknown"), percent),
    };
    let by_level: Vec<Row> = t
        .by_level
        .iter()
        .map(|(level, tally)| {
            let text = tr.t(&format!("level-{}", level.as_str().replace('_', "-")));
            row(Loc { text, other: None, note: String::new() }, None, tally)
        })
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
    // The monitoring figures for a period and an area, through the API's own filter parsing.
    let from = fields.get("from").unwrap_or_default();
    let to = fields.get("to").unwrap_or_default();
    let commune = fields.get("commune").unwrap_or_default();
    let pairs: Vec<(String, String)> = [("from", &from), ("to", &to), ("commune", &commune)]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    let mut params = Params::from_pairs(pairs);
    let filter = MonitoringFilter::read(&s, &mut params);
    let (filter, filter_errors) = if params.errors.is_empty() {
        (filter, Vec::new())
    } else {
        let words = params.errors.iter().map(|e| tr.t(&format!("filter-{}-error", e.field))).collect();
        (MonitoringFilter::default(), words)
    };
    let table = monitoring(&s, &state.observed(), &filter);
    let communes: Vec<(String, String, bool)> =
        s.communes.iter().map(|c| (c.slug.clone(), name(tr, &c.name).text, c.slug == commune)).collect();
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
        Figure { label: tr.t("fig-hours"), value: format!("{:.0}", table.total_hours) },
    ];
    let reasons: Vec<Figure> = table
        .by_failure_reason
        .iter()
        .map(|r| Figure {
            label: tr.t(&failure_reason_key(&r.key)),
            value: format!("{} ({})", r.count, percent(r.share)),
        })
        .collect();
    let counts: Vec<u64> = table.by_failure_reason.iter().map(|r| r.count).collect();
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
    let body = GapsPage {
        rules: state
            .rules
            .iter()
            .map(|r| RuleTab {
                id: r.id.clone(),
                title: super::words::rule_title(tr, r),
                href: format!("/{}/gaps?rule={}", lang.code(), r.id),
                current: r.id == rule.id,
            })
            .collect(),
        level_chart: stacked_chart(tr, &by_level, &tr.t1("chart-levels", "rule", rule_title.clone())),
        reasons_chart: bars_chart(&reasons, &counts, &tr.t("chart-reasons")),
        has_observations: table.total > 0,
        rule_id: rule.id.clone(),
        from,
        to,
        communes,
        filter_errors,
        by_institution_reports,
        page: Page::new(lang, &req, tr.t("gaps-title")),
        rule_title,
        by_level,
        by_institution,
        figures,
        reasons,
    };
    let status = if body.filter_errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    Ok(html(status, body.render()))
}
