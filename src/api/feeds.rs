//! `GET /api/v1/feeds/changes.atom`: every declared status change, every observed status change and every gap change
//! between consecutive editions, as an Atom feed (RFC 4287) a feed reader follows.

use super::params::QueryParams;
use super::problem::{ApiError, Problem};
use crate::app::AppState;
use crate::catalog::Snapshot;
use crate::domain::Level;
use crate::domain::editions::diff;
use crate::domain::text::escape_markup;
use crate::store;
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use utoipa::IntoParams;

/// The feed keeps the latest entries only.
const MAX_ENTRIES: usize = 200;

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct FeedFilter {
    /// Institution slug.
    #[param(max_length = 200)]
    institution: Option<String>,
    /// Commune slug: changes concerning its residents (its local bodies and the regional/federal ones).
    #[param(max_length = 200)]
    commune: Option<String>,
    level: Option<Level>,
}

struct Entry {
    id: String,
    title: String,
    updated: DateTime<Utc>,
    link: String,
    summary: String,
}

/// Declared status changes, observed status changes and gap changes.
#[utoipa::path(
    tag = "gaps",
    params(FeedFilter),
    responses(
        (status = 200, description = "An Atom feed (RFC 4287), newest first, at most 200 entries", content_type = "application/atom+xml"),
        (status = 400, description = "A parameter is invalid; `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A parameter names nothing known (a commune, an institution…); `errors` names it", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database cannot be reached (the editions are read from it)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/feeds/changes.atom")]
#[tracing::instrument(skip_all)]
pub async fn changes_atom(state: web::Data<AppState>, mut params: QueryParams) -> Result<HttpResponse, ApiError> {
    let s = state.catalog.load();
    let institution = params.institution(&s);
    let commune = params.commune(&s);
    let level: Option<Level> = params.parse("level");
    params.finish()?;
    let keep = |s: &Snapshot, inst: usize| {
        institution.is_none_or(|i| i == inst)
            && level.is_none_or(|l| s.institutions[inst].level == l)
            && commune.is_none_or(|c| s.serves_commune(&s.institutions[inst], c))
    };

    let mut entries = Vec::new();
    let observed = state.observed();
    for c in &s.channels {
        let p = &s.procedures[c.procedure];
        if !keep(&s, p.institution) {
            continue;
        }
        let what = format!("{} — {} ({})", p.name.fr, c.kind, s.institutions[p.institution].name.fr);
        for h in &c.history {
            let since = h.since.map(|d| format!(" since {d}")).unwrap_or_default();
            entries.push(Entry {
                id: format!("urn:guichet:declared:{}", h.id),
                title: format!("Declared {}{since}: {what}", h.state),
                updated: h.recorded_at.and_utc(),
                link: format!("/api/v1/channels/{}/history", c.id),
                summary: h.note.as_ref().and_then(|n| n.in_or_any("en")).unwrap_or_default().to_string(),
            });
        }
        for t in observed.transitions(c.id) {
            entries.push(Entry {
                id: format!("urn:guichet:observed:{}:{}", c.id, t.at.timestamp_micros()),
                title: format!("Observed {}: {what}", t.state),
                updated: t.at,
                link: format!("/api/v1/channels/{}", c.id),
                summary: format!(
                    "{} observation(s) and {} complaint(s) in the last 90 days",
                    t.observations, t.complaints
                ),
            });
        }
    }

    // Gap changes: between consecutive editions.
    let editions = store::blocking(&state.pool, store::editions::list).await?;
    for pair in editions.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        for (rule, d) in diff(&a.gaps.0, &b.gaps.0) {
            for change in d.became_compliant.iter().chain(&d.stopped_being_compliant).chain(&d.other_changes) {
                let Some(&inst) = s.institutions_by_slug.get(&change.institution) else { continue };
                if !keep(&s, inst) {
                    continue;
                }
                let status = |c: Option<crate::domain::compliance::Compliance>| {
                    c.map_or("absent", super::super::domain::compliance::Compliance::as_str)
                };
                entries.push(Entry {
                    id: format!("urn:guichet:gap:{}:{}:{}", b.label, rule, change.procedure),
                    title: format!(
                        "{}: {} → {} under {rule}",
                        change.procedure,
                        status(change.from),
                        status(change.to)
                    ),
                    updated: b.published_at.and_utc(),
                    link: format!("/api/v1/editions/{}/diff/{}", a.label, b.label),
                    summary: format!("Between editions {} and {}.", a.label, b.label),
                });
            }
        }
    }
    entries.sort_by(|x, y| y.updated.cmp(&x.updated).then(y.id.cmp(&x.id)));
    entries.truncate(MAX_ENTRIES);

    let updated = entries.first().map_or(s.built_at, |e| e.updated);
    let mut xml =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    xml.push_str("  <id>urn:guichet:changes</id>\n  <title>guichet: changes of channels and gaps</title>\n");
    xml.push_str(&format!("  <updated>{}</updated>\n", updated.to_rfc3339()));
    xml.push_str(
        "  <link rel=\"self\" href=\"/api/v1/feeds/changes.atom\"/>\n  <author><name>guichet</name></author>\n",
    );
    for e in &entries {
        xml.push_str(&format!(
            "  <entry>\n    <id>{}</id>\n    <title>{}</title>\n    <updated>{}</updated>\n    <link href=\"{}\"/>\n    <summary>{}</summary>\n  </entry>\n",
            escape_markup(&e.id),
            escape_markup(&e.title),
            e.updated.to_rfc3339(),
            escape_markup(&e.link),
            escape_markup(&e.summary)
        ));
    }
    xml.push_str("</feed>\n");
    Ok(HttpResponse::Ok().content_type("application/atom+xml; charset=utf-8").body(xml))
}
