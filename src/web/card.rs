//! One way to do a procedure, in sentences: the card of the procedure page, the orientation page and the sheet.

use super::i18n::{Lang, Tr};
use super::text::{Loc, name, opt_texts, quote_html, source_title};
use super::way;
use super::when::{clock, date_words, day_hours, day_name, days_between, holiday_name, moment, week_summary};
use super::words::{declared_key, observed_key};
use crate::app::Ctx;
use crate::catalog::{self, Snapshot};
use crate::domain::reachability::EvidenceKind;
use crate::domain::{ChannelKind, DeclaredState, ObservedState, Outcome};
use chrono::{Datelike, Timelike};
use chrono_tz::Europe::Brussels;

pub struct Status {
    /// `ok`, `warn`, `bad` or `unknown`: a class for the colour; the label and the symbol say the same in words.
    pub class: &'static str,
    pub symbol: &'static str,
    pub label: String,
}

pub struct Phone {
    pub display: String,
    pub href: String,
    /// What the call costs, when a source says it.
    pub cost: Option<Loc>,
}

pub struct Day {
    pub label: String,
    pub hours: String,
    pub today: bool,
}

/// One way to carry out a procedure, in words.
pub struct Card {
    pub id: i64,
    pub kind: &'static str,
    pub kind_label: String,
    /// "only to book an appointment" when the way does not carry the procedure out.
    pub purpose: Option<String>,
    pub place: Option<Loc>,
    /// The heading when "kind — place" would not tell this way from the others of its procedure (a phone line
    /// is named by its number, two look-alike offices by what differs): `web/label.rs`.
    pub title: Option<String>,
    pub status: Status,
    pub declared: String,
    pub declared_note: Option<Loc>,
    /// The declared status's quotations, as HTML (`<q lang>`).
    pub declared_quotes: Vec<String>,
    /// The channel's quotations, as HTML.
    pub quotes: Vec<String>,
    pub observed: Vec<String>,
    /// For an online channel guichet probes: "Online form checked on 2 December 2026 at 14:05: working."
    pub probe: Option<String>,
    /// "Open now, until 13:00" / "Closed now. Next opening: …"; `None` when the hours are unknown.
    pub open_line: Option<String>,
    pub hours_summary: Option<String>,
    /// The seven days from today; empty when unknown.
    pub week: Vec<Day>,
    pub address: Option<String>,
    pub map_url: Option<String>,
    pub phone: Option<Phone>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub booking: Option<String>,
    pub cost: Option<Loc>,
    pub languages: Option<String>,
    pub wheelchair: Option<String>,
    pub conditions: Option<Loc>,
    pub note: Option<Loc>,
    /// What a person would want to know and no source gives, in words: one folded line on the card.
    pub not_known: Vec<String>,
    /// The catalog carries what a person needs to act on it.
    pub usable: bool,
    pub checked: String,
    /// "Last verified on … by …", or "To verify: …" when not verified within its institution's frequency.
    pub verified: String,
    pub to_verify: bool,
    pub source_title: Loc,
    pub source_url: Option<String>,
    pub source_uncertain: bool,
    /// The facts whose source is not the way's own (an editor's statement, a report from the field): the
    /// fact in words, the source's title and its address when it has one.
    pub fact_sources: Vec<FactSource>,
    /// The declared status's source, when it is not the way's own.
    pub declared_source: Option<Loc>,
    pub offline: bool,
}

pub struct FactSource {
    pub fact: String,
    pub title: Loc,
    pub url: Option<String>,
}

fn tel_href(number: &str) -> String {
    let digits: String = number.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    // Belgian numbers in national form, so that a foreign phone dials them too.
    if let Some(rest) = digits.strip_prefix("00") {
        format!("tel:+{rest}")
    } else if let Some(rest) = digits.strip_prefix('0') {
        format!("tel:+32{rest}")
    } else {
        format!("tel:{digits}")
    }
}

pub fn language_list(codes: &[String]) -> String {
    let names: Vec<String> =
        codes.iter().map(|c| Lang::from_code(c).map_or_else(|| c.to_uppercase(), |l| l.native_name().into())).collect();
    names.join(", ")
}

fn status(tr: Tr, declared: DeclaredState, observed: ObservedState) -> Status {
    let (class, symbol, key) = match (declared, observed) {
        (DeclaredState::ClosedPermanently | DeclaredState::ClosedTemporarily, _) => ("bad", "✕", "status-closed"),
        (_, ObservedState::Unreachable) => ("bad", "✕", "status-fails"),
        (_, ObservedState::Degraded) => ("warn", "!", "status-difficult"),
        (DeclaredState::Restricted, _) => ("warn", "!", "status-restricted"),
        (_, ObservedState::Reachable) => ("ok", "✓", "status-works"),
        (DeclaredState::Open, _) => ("ok", "✓", "status-open-declared"),
        (DeclaredState::Unknown, _) => ("unknown", "?", "status-unknown"),
    };
    Status { class, symbol, label: tr.t(key) }
}

/// What the field says, in words, with the observed state and the latest observation.
struct FieldWords {
    sentences: Vec<String>,
    state: ObservedState,
    last_observed_at: Option<chrono::DateTime<chrono::Utc>>,
    probe: Option<String>,
}

/// The latest probe of the channel's page, dated, in words (never the outcome's internal name).
fn probe_sentence(tr: Tr, r: &crate::domain::reachability::Reachability) -> Option<String> {
    use crate::domain::ProbeOutcome as P;
    let (at, outcome) = (r.last_probed_at?, r.last_probe?);
    let key = match outcome {
        P::Up => "probe-working",
        P::ErrorPage => "probe-error-page",
        P::HttpError => "probe-http-error",
        P::Refused => return None,
        _ => "probe-no-answer",
    };
    let local = at.with_timezone(&Brussels);
    let date = format!("{} {} {}", local.day(), super::when::month_name(tr, local.month()), local.year());
    Some(tr.t2(key, ("date", date), ("time", format!("{}:{:02}", local.hour(), local.minute()))))
}

/// What the field says: the state, how many of the latest attempts failed, and when it fails most.
fn observed_sentences(tr: Tr, c: &catalog::Channel, ctx: &Ctx) -> FieldWords {
    let o = ctx.observed.observed(c.id, c.declared, ctx.now);
    let r = &o.reachability;
    let mut out = Vec::new();
    let probe = probe_sentence(tr, r);
    let words = |sentences| FieldWords {
        sentences,
        state: r.state,
        last_observed_at: r.last_observed_at,
        probe: probe.clone(),
    };
    if r.observations == 0 && r.complaints == 0 {
        out.push(tr.t("observed-none"));
        return words(out);
    }
    out.push(tr.t(observed_key(r.state)));
    let mut attempts: Vec<_> =
        ctx.observed.evidence(c.id).into_iter().filter(|e| e.kind == EvidenceKind::Observation).collect();
    attempts.sort_by_key(|e| std::cmp::Reverse(e.at));
    attempts.truncate(10);
    if !attempts.is_empty() {
        let failed =
            attempts.iter().filter(|e| matches!(e.outcome, Outcome::NotCompleted | Outcome::RedirectedOnline)).count();
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        out.push(tr.t2("observed-last-attempts", ("failed", count(failed)), ("total", count(attempts.len()))));
        // The part of the day that fails most, when at least three attempts say so.
        let mut parts = [(0u32, 0u32); 2];
        for e in &attempts {
            let hour = e.at.with_timezone(&Brussels).hour();
            let part = if hour < 12 { 0 } else { 1 };
            parts[part].0 += 1;
            if matches!(e.outcome, Outcome::NotCompleted | Outcome::RedirectedOnline) {
                parts[part].1 += 1;
            }
        }
        for (i, key) in ["observed-fails-morning", "observed-fails-afternoon"].into_iter().enumerate() {
            let (tried, failed) = parts[i];
            if failed >= 3 && failed * 3 >= tried * 2 {
                out.push(tr.t2(key, ("failed", i64::from(failed)), ("total", i64::from(tried))));
            }
        }
    }
    if r.complaints > 0 {
        out.push(tr.t1("observed-complaints", "n", i64::from(r.complaints)));
    }
    if o.contradiction {
        out.push(tr.t("observed-contradiction"));
    }
    words(out)
}

/// "Kind — office", the usual heading, in plain text.
fn plain_heading(tr: Tr, s: &Snapshot, c: &catalog::Channel) -> String {
    match c.location.and_then(|l| s.locations.get(&l)) {
        Some(l) => format!("{} — {}", tr.t(way::title_key(c)), name(tr, &l.name).text),
        None => tr.t(way::title_key(c)),
    }
}

/// The label of `web/label.rs` when the usual heading would not tell this way from another of its procedure (two
/// phone lines, two appointments at one office), else `None`.
fn title(tr: Tr, s: &Snapshot, c: &catalog::Channel) -> Option<String> {
    let mine = plain_heading(tr, s, c);
    let alike = s.procedures[c.procedure]
        .channels
        .iter()
        .filter(|&&i| s.channels[i].id != c.id && plain_heading(tr, s, &s.channels[i]) == mine)
        .count();
    (alike > 0 || c.location.is_none()).then(|| super::label::channel_label(tr, s, c)).filter(|l| *l != mine)
}

/// "Last verified on … by …" or "To verify: …", and whether the way is to verify today.
pub fn verification(tr: Tr, c: &catalog::Channel, today: chrono::NaiveDate) -> (String, bool) {
    let to_verify = c.to_verify(today);
    let words = match &c.verified {
        None => tr.t("verified-never"),
        Some(v) if to_verify => tr.t1("verified-due", "date", date_words(tr, v.on)),
        Some(v) => match &v.by {
            catalog::verified::VerifiedBy::Editor { organisation } => {
                tr.t2("verified-by", ("date", date_words(tr, v.on)), ("who", organisation.clone()))
            }
            catalog::verified::VerifiedBy::Catalog { .. } => tr.t1("verified-files", "date", date_words(tr, v.on)),
        },
    };
    (words, to_verify)
}

pub fn card(tr: Tr, s: &Snapshot, c: &catalog::Channel, ctx: &Ctx) -> Card {
    let location = c.location.and_then(|l| s.locations.get(&l));
    let field = observed_sentences(tr, c, ctx);
    let entry = c.current.map(|i| &c.history[i]);
    let mut declared = tr.t(declared_key(c.declared));
    if let Some(since) = entry.and_then(|h| h.since) {
        declared = tr.t2("declared-since", ("state", declared), ("since", since.to_string()));
    }
    let schedule = catalog::schedule::schedule(s, c, ctx.now);
    let (open_line, week, hours_summary) = match &schedule {
        Some(sch) => {
            let line = if sch.open_now {
                let today = sch.week.first();
                let now_hm = ctx.now.with_timezone(&Brussels).format("%H:%M").to_string();
                let until = today
                    .and_then(|d| {
                        d.intervals
                            .iter()
                            .find(|i| i.from.as_str() <= now_hm.as_str() && now_hm.as_str() < i.to.as_str())
                    })
                    .map(|i| clock(&i.to));
                match until {
                    Some(u) => tr.t1("open-now-until", "time", u),
                    None => tr.t("open-now"),
                }
            } else {
                match sch.next_opening {
                    Some(at) => tr.t1("closed-now-next", "when", moment(tr, at)),
                    None => tr.t("closed-now-no-next"),
                }
            };
            let days: Vec<Day> = sch
                .week
                .iter()
                .enumerate()
                .map(|(i, d)| Day {
                    label: format!("{} {}", day_name(tr, d.date.weekday()), d.date.day()),
                    hours: match s.holidays.holiday(c.calendar, d.date).filter(|_| d.holiday.is_some()) {
                        Some(h) => tr.t1("closed-holiday", "holiday", holiday_name(tr, h)),
                        None => day_hours(tr, d),
                    },
                    today: i == 0,
                })
                .collect();
            // "Without appointment: Thursday 8:00–13:00": the hours say what they are hours of.
            let key = match c.kind {
                ChannelKind::Counter => "hours-walk-in",
                ChannelKind::Appointment => "hours-appointment",
                ChannelKind::Phone => "hours-phone",
                _ => "hours-open",
            };
            (Some(line), days, Some(tr.t1(key, "hours", week_summary(tr, &sch.week))))
        }
        None => (None, Vec::new(), None),
    };
    let address = location.and_then(|l| way::address_line(tr, s, l));
    let map_url = address.as_ref().map(|f| {
        format!(
            "https://www.openstreetmap.org/search?{}",
            serde_urlencoded::to_string([("query", format!("{f}, Belgique"))]).expect("encodes")
        )
    });
    let source = s.source(c.source);
    let checked = match (field.last_observed_at, source.and_then(|s| s.date), source.and_then(|s| s.read)) {
        (Some(at), _, _) => tr.t1(
            "checked-field",
            "ago",
            tr.t1("days-ago", "n", days_between(ctx.today, crate::app::brussels_date(at))),
        ),
        (None, Some(date), _) => tr.t2(
            "checked-source",
            ("date", date_words(tr, date)),
            ("ago", tr.t1("years-ago", "n", date.age_in_years(ctx.today))),
        ),
        // An undated page: when it was read, never as the fact's date.
        (None, None, Some(read)) => tr.t1("checked-undated", "read", date_words(tr, read)),
        (None, None, None) => tr.t("checked-never"),
    };
    let (verified, to_verify) = verification(tr, c, ctx.today);
    Card {
        id: c.id,
        kind: c.kind.as_str(),
        kind_label: tr.t(way::title_key(c)),
        purpose: way::purpose(tr, c),
        place: location.map(|l| name(tr, &l.name)),
        title: title(tr, s, c),
        status: status(tr, c.declared, field.state),
        declared,
        declared_note: entry.and_then(|h| opt_texts(tr, &h.note)),
        declared_quotes: entry.map(|h| h.quotes.iter().map(|q| quote_html(tr, q)).collect()).unwrap_or_default(),
        quotes: c.quotes.iter().map(|q| quote_html(tr, q)).collect(),
        observed: field.sentences,
        probe: field.probe,
        open_line,
        hours_summary,
        week,
        address,
        map_url,
        phone: c.phone.as_ref().map(|n| Phone { display: n.clone(), href: tel_href(n), cost: way::call_cost(tr, c) }),
        email: c.email.clone(),
        url: c.url.clone().or_else(|| {
            (c.kind == ChannelKind::Online).then(|| s.procedures[c.procedure].online_url.clone()).flatten()
        }),
        booking: way::booking(tr, c),
        cost: opt_texts(tr, &c.cost),
        languages: (!c.languages.is_empty()).then(|| language_list(&c.languages)),
        wheelchair: way::wheelchair(tr, c.wheelchair),
        conditions: opt_texts(tr, &c.conditions),
        note: opt_texts(tr, &c.note),
        not_known: way::not_known(tr, c),
        usable: c.usable,
        checked,
        verified,
        to_verify,
        source_title: source_title(tr, source),
        source_url: source.and_then(|s| s.url.clone()),
        source_uncertain: source.is_some_and(|s| s.uncertain),
        fact_sources: c
            .fact_sources
            .iter()
            .map(|(fact, id)| (fact.as_str(), id))
            // The place's address and postcode, when their source is not the way's (one line for both).
            .chain(location.iter().flat_map(|l| {
                let mut by: Vec<(&str, &i64)> = ["address", "postcode"]
                    .iter()
                    .filter_map(|f| l.fact_sources.get(*f).map(|id| ("address", id)))
                    .collect();
                by.dedup_by_key(|(_, id)| **id);
                by
            }))
            .filter(|(_, id)| **id != c.source)
            .filter_map(|(fact, id)| {
                let src = s.source(*id)?;
                Some(FactSource {
                    fact: tr.t(&super::words::code_key("suggest-fact", fact)),
                    title: source_title(tr, Some(src)),
                    url: src.url.clone(),
                })
            })
            .collect(),
        declared_source: entry
            .filter(|h| h.source != c.source)
            .and_then(|h| s.source(h.source))
            .map(|src| source_title(tr, Some(src))),
        offline: c.offline_alternative,
    }
}
