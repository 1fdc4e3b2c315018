//! Bar charts drawn by the server, readable on a phone: the labels and the numbers are HTML text at the body's size
//! (never text inside a scaled-down SVG), the bars are SVG rectangles whose widths are shares of the row, and every
//! segment is named in words beside its bar, so colour is never the only cue. "Not enough data" is hatched as well
//! as grey, so it cannot be taken for "compliant".

use super::i18n::Tr;
use super::words::esc;
use crate::app::gaps::Counts;

/// The hatching of the "not enough data" segment, defined once per page (`fill="url(#hatch)"`).
pub const HATCH_DEFS: &str = "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\"><defs><pattern id=\"hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#d9d9d9\"></rect><rect width=\"3\" height=\"8\" fill=\"#5c5c5c\"></rect></pattern></defs></svg>";

/// The segments of a compliance bar, the most important first (as in the tables): the Fluent key, the CSS class.
pub const SEGMENTS: [(&str, &str); 4] =
    [("compliance-non", "bad"), ("compliance-paper", "warn"), ("compliance-insufficient", "na"), ("compliant", "ok")];

fn values(c: &Counts) -> [usize; 4] {
    [c.non_compliant, c.compliant_on_paper_only, c.insufficient_data, c.compliant]
}

/// One rectangle of a bar; `x` and `width` in percent of the bar.
fn rect(x: f64, width: f64, class: &str) -> String {
    let fill = if class == "na" { " fill=\"url(#hatch)\"" } else { "" };
    format!("<rect x=\"{x:.2}%\" y=\"0\" width=\"{width:.2}%\" height=\"100%\" class=\"seg {class}\"{fill}></rect>")
}

fn share(value: usize, total: usize) -> f64 {
    if total == 0 { 0.0 } else { 100.0 * value as f64 / total as f64 }
}

/// A compliance bar's row: its label (HTML, already escaped), and its counts.
pub struct StackedRow {
    pub label_html: String,
    pub counts: Counts,
}

/// Stacked bars, one per row, each followed by its numbers in words ("4 not compliant · 85 not enough data").
pub fn stacked_chart(tr: Tr, rows: &[StackedRow]) -> String {
    let mut out = String::from("<ul class=\"chart\">");
    for row in rows {
        let vals = values(&row.counts);
        let total: usize = vals.iter().sum();
        let mut bar = String::new();
        let mut words = Vec::new();
        let mut x = 0.0;
        for ((key, class), value) in SEGMENTS.iter().zip(vals) {
            if value == 0 {
                continue;
            }
            let w = share(value, total);
            bar.push_str(&rect(x, w, class));
            words.push(format!("{value} {}", esc(&tr.t(key).to_lowercase())));
            x += w;
        }
        out.push_str(&format!(
            "<li><span class=\"label\">{}</span><svg class=\"track\" aria-hidden=\"true\" focusable=\"false\">{bar}</svg><span class=\"values\">{}</span></li>",
            row.label_html,
            words.join(" · ")
        ));
    }
    out.push_str("</ul>");
    out
}

/// The legend of the stacked bars: a swatch and a name per segment.
pub fn legend(tr: Tr) -> String {
    let mut out = String::from("<ul class=\"legend\">");
    for (key, class) in SEGMENTS {
        out.push_str(&format!(
            "<li><svg class=\"swatch\" aria-hidden=\"true\" focusable=\"false\">{}</svg> {}</li>",
            rect(0.0, 100.0, class),
            esc(&tr.t(key))
        ));
    }
    out.push_str("</ul>");
    out
}

/// Plain bars for a breakdown: a label, a bar as long as its count (the largest fills the row), the figure.
pub fn bars_chart(rows: &[(String, u64, String)]) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    let mut out = String::from("<ul class=\"chart\">");
    for (label, count, value) in rows {
        let w = (100.0 * *count as f64 / max as f64).max(1.0);
        out.push_str(&format!(
            "<li><span class=\"label\">{}</span><svg class=\"track\" aria-hidden=\"true\" focusable=\"false\">{}</svg><span class=\"values\">{}</span></li>",
            esc(label),
            rect(0.0, w, "bad"),
            esc(value)
        ));
    }
    out.push_str("</ul>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::Lang;

    #[test]
    fn bars_name_their_segments_and_hatch_the_unknown() {
        let counts = Counts { compliant: 3, non_compliant: 1, insufficient_data: 4, ..Counts::default() };
        let html = stacked_chart(Tr::new(Lang::En), &[StackedRow { label_html: "Region".into(), counts }]);
        assert!(html.contains("<span class=\"label\">Region</span>"));
        assert!(html.contains("1 not compliant · 4 not enough data · 3 compliant"), "{html}");
        assert!(html.contains("width=\"50.00%\" height=\"100%\" class=\"seg na\" fill=\"url(#hatch)\""), "{html}");
        assert!(!html.contains("<text"), "no text inside the SVG: it would shrink with it");
        let bars = bars_chart(&[("No answer".into(), 2, "2 (50 %)".into()), ("Other".into(), 1, "1".into())]);
        assert!(bars.contains("width=\"100.00%\"") && bars.contains("width=\"50.00%\""), "{bars}");
    }
}
