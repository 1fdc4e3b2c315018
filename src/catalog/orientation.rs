//! "Where do I send this person?": the channels of the procedures matching a need, filtered honestly by the
//! person's situation and ranked, each with the reasons of its rank. Reads the snapshot and the observed index only.

use super::observed::ObservedIndex;
use super::search::Query;
use super::{Channel, Snapshot};
use crate::domain::channel::{Fact, booked_online_only, missing_to_act};
use crate::domain::{BookingRoute, ChannelKind, Completion, DeclaredState, Identification, ObservedState, Wheelchair};
use chrono::{DateTime, Utc};

/// The person's situation.
#[derive(Debug, Clone, Default)]
pub struct Situation {
    pub no_internet: bool,
    pub no_smartphone: bool,
    pub no_eid: bool,
    pub cannot_phone: bool,
    pub cannot_read: bool,
    pub wheelchair: bool,
    /// ISO 639-1 codes the person speaks.
    pub languages: Vec<String>,
}

/// What a channel is for this person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = OrientationRole)]
pub enum Role {
    /// An official offline alternative: carries out or submits the procedure without the internet.
    Alternative,
    /// The online path, when the person can use it.
    Online,
    /// Would be an offline alternative, but the catalog lacks what a person needs to use it (an address, a
    /// number, a booking route): to verify, never counted as an alternative.
    ToVerify,
    /// Information or booking only.
    Information,
    /// Assisted help (EPN, social worker, kiosk steward): a fallback, never an alternative.
    Help,
}

#[derive(Debug, Clone)]
pub struct Ranked {
    pub channel: usize,
    pub role: Role,
    pub score: i32,
    /// Observed tier: reachable 2, unknown or degraded 1, unreachable 0 (sorted on first).
    pub tier: u8,
    /// The catalog carries what a person needs to act on it (sorted on next).
    pub actionable: bool,
    /// Verified within its institution's update frequency (between two of equal score, the verified first).
    pub verified: bool,
    pub why: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Excluded {
    pub channel: usize,
    pub why: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Orientation {
    /// Matched procedures, best first.
    pub procedures: Vec<usize>,
    pub options: Vec<Ranked>,
    pub excluded: Vec<Excluded>,
    pub help: Vec<Ranked>,
    pub no_offline_alternative: bool,
}

/// At most this many procedures are considered for words that match several.
const MAX_PROCEDURES: usize = 3;

/// The procedures whose words match `words` (typos forgiven only when nothing matches as typed; most of the words
/// when none matches them all) and that serve
/// `communes` (all when empty), with their scores, best first, then by slug.
pub fn scored_procedures(s: &Snapshot, words: &str, communes: &[usize]) -> Vec<(u32, usize)> {
    let query = Query::new(words);
    if query.is_empty() {
        return Vec::new();
    }
    let serves = |i: usize| {
        let inst = &s.institutions[s.procedures[i].institution];
        communes.is_empty() || communes.iter().any(|&c| s.serves_commune(inst, c))
    };
    let mut scored: Vec<(u32, usize)> =
        s.search.search(&query, false).into_iter().filter(|&(_, i)| serves(i)).collect();
    if scored.is_empty() {
        scored = s.search.search(&query, true).into_iter().filter(|&(_, i)| serves(i)).collect();
    }
    if scored.is_empty() {
        scored = s.search.search_most_words(&query).into_iter().filter(|&(_, i)| serves(i)).collect();
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| s.procedures[a.1].slug.cmp(&s.procedures[b.1].slug)));
    scored
}

/// The procedures for a need: its slug, or the best matches of its words (typos forgiven) that serve `communes`.
pub fn match_need(s: &Snapshot, need: &str, communes: &[usize]) -> Vec<usize> {
    if let Some(&i) = s.procedures_by_slug.get(need.trim()) {
        return vec![i];
    }
    let scored = scored_procedures(s, need, communes);
    let best = scored.first().map_or(0, |b| b.0);
    // Keep the clear winners: those scoring as well as the best.
    scored.into_iter().take_while(|(score, _)| *score == best).take(MAX_PROCEDURES).map(|(_, i)| i).collect()
}

fn needs_online(c: &Channel) -> bool {
    matches!(c.kind, ChannelKind::Online | ChannelKind::Email)
}

/// Why a channel cannot be used by this person at all; empty when it can.
fn exclusions(s: &Snapshot, c: &Channel, who: &Situation) -> Vec<String> {
    let mut why = Vec::new();
    let p = &s.procedures[c.procedure];
    if c.declared.is_closed() {
        why.push("declared_closed".into());
    }
    if who.no_internet && needs_online(c) {
        why.push("requires_internet".into());
    }
    if c.kind == ChannelKind::Online {
        let ids = &p.identification;
        let eid_only = !ids.is_empty() && ids.iter().all(|i| *i == Identification::Eid);
        let itsme_only = !ids.is_empty() && ids.iter().all(|i| *i == Identification::Itsme);
        let eid_or_itsme = ids.contains(&Identification::Eid) || ids.contains(&Identification::Itsme);
        if who.no_eid && (eid_only || (eid_or_itsme && who.no_smartphone && !ids.contains(&Identification::None))) {
            why.push("requires_eid".into());
        }
        if who.no_smartphone && itsme_only {
            why.push("requires_smartphone".into());
        }
    }
    if c.kind == ChannelKind::Appointment {
        if who.no_internet && booked_online_only(&c.booking) {
            why.push("booking_online_only".into());
        }
        if who.cannot_phone && !c.booking.is_empty() && c.booking.iter().all(|b| *b == BookingRoute::Phone) {
            why.push("booking_by_phone_only".into());
        }
    }
    if who.cannot_phone && c.kind == ChannelKind::Phone {
        why.push("cannot_phone".into());
    }
    if who.wheelchair && c.wheelchair == Wheelchair::No {
        why.push("not_wheelchair_accessible".into());
    }
    why
}

fn role(c: &Channel) -> Role {
    match (c.kind, c.completion) {
        (ChannelKind::Assisted, _) => Role::Help,
        (_, Completion::Info | Completion::Booking) => Role::Information,
        (ChannelKind::Online | ChannelKind::Email, _) => Role::Online,
        _ if c.offline_alternative => Role::Alternative,
        _ if c.verdict == crate::domain::channel::OfflineVerdict::Unverified => Role::ToVerify,
        _ => Role::Information,
    }
}

/// Scores a usable channel and says why.
fn rank(
    s: &Snapshot,
    observed: &ObservedIndex,
    c: &Channel,
    who: &Situation,
    communes: &[usize],
    at: DateTime<Utc>,
) -> Ranked {
    let mut why: Vec<String> = Vec::new();
    let mut score: i32 = match (c.kind, c.completion) {
        (ChannelKind::Counter, Completion::Full | Completion::Submit) => {
            why.push("walk_in_no_appointment".into());
            60
        }
        (ChannelKind::Appointment, Completion::Full | Completion::Submit) => {
            if c.booking.iter().any(|b| matches!(b, BookingRoute::Phone | BookingRoute::InPerson | BookingRoute::Post))
            {
                why.push("appointment_bookable_offline".into());
            }
            50
        }
        (ChannelKind::Post, Completion::Full | Completion::Submit) => {
            why.push("by_post".into());
            45
        }
        (ChannelKind::Phone, Completion::Full | Completion::Submit) => {
            why.push("done_by_phone".into());
            40
        }
        (ChannelKind::Online | ChannelKind::Email, Completion::Full | Completion::Submit) => 20,
        (ChannelKind::Assisted, _) => {
            why.push("assisted_help_not_an_alternative".into());
            5
        }
        _ => {
            why.push("information_only".into());
            10
        }
    };
    match c.declared {
        DeclaredState::Open => {
            why.push("declared_open".into());
            score += 10;
        }
        DeclaredState::Restricted => {
            why.push("declared_restricted".into());
            let note = c
                .current
                .and_then(|i| c.history[i].note.as_ref())
                .map(|n| n.all().map(|(_, t)| crate::domain::text::fold(t)).collect::<Vec<_>>().join(" "));
            if c.kind == ChannelKind::Phone && note.is_some_and(|n| n.contains("satur") || n.contains("verzadig")) {
                why.push("line_saturated".into());
            }
        }
        DeclaredState::Unknown => {
            why.push("declared_status_unknown".into());
            score -= 5;
        }
        _ => {}
    }
    let seen = observed.observed(c.id, c.declared, at);
    let tier = match seen.reachability.state {
        ObservedState::Reachable => {
            why.push("observed_reachable_recently".into());
            score += 30;
            2
        }
        ObservedState::Degraded => {
            why.push("observed_degraded".into());
            score += 5;
            1
        }
        ObservedState::Unreachable => {
            why.push("observed_unreachable".into());
            score -= 50;
            0
        }
        ObservedState::Unknown => {
            why.push("observed_unknown".into());
            1
        }
    };
    if seen.contradiction {
        why.push("declared_open_but_observed_unreachable".into());
    }
    match &c.hours {
        Some(hours) => {
            let local = at.with_timezone(&chrono_tz::Europe::Brussels).date_naive();
            if s.holidays.holiday(c.calendar, local).is_some() {
                why.push("closed_on_holiday".into());
            }
            if hours.is_open(&s.holidays, c.calendar, at) {
                why.push("open_now".into());
                score += 5;
            } else {
                why.push("closed_now".into());
                if hours
                    .next_opening(&s.holidays, c.calendar, at)
                    .is_some_and(|n| n - at <= chrono::Duration::hours(24))
                {
                    why.push("opens_within_24h".into());
                    score += 3;
                }
            }
        }
        None if matches!(
            c.kind,
            ChannelKind::Counter | ChannelKind::Phone | ChannelKind::Assisted | ChannelKind::Appointment
        ) =>
        {
            why.push("hours_unknown".into());
        }
        None => {}
    }
    let location = c.location.and_then(|l| s.locations.get(&l));
    if let Some(commune) = location.and_then(|l| l.commune)
        && communes.contains(&commune)
    {
        why.push("in_your_commune".into());
        score += 5;
    }
    if !who.languages.is_empty() {
        if c.languages.is_empty() {
            why.push("languages_unknown".into());
        } else {
            let spoken: Vec<&String> = who.languages.iter().filter(|l| c.languages.contains(l)).collect();
            if spoken.is_empty() {
                why.push("languages_not_spoken".into());
                score -= 10;
            } else {
                for l in spoken {
                    why.push(format!("speaks_{l}"));
                }
                score += 5;
            }
        }
    }
    if who.wheelchair {
        why.push(
            match c.wheelchair {
                Wheelchair::Yes => "wheelchair_accessible",
                Wheelchair::Limited => "wheelchair_limited",
                _ => "wheelchair_access_unknown",
            }
            .into(),
        );
    }
    if who.cannot_read && matches!(c.kind, ChannelKind::Post | ChannelKind::Online | ChannelKind::Email) {
        why.push("needs_reading_and_writing".into());
        score -= 15;
    }
    if c.cost.is_some() {
        why.push("has_a_cost".into());
    }
    // What the person would need to act on it and no source gives: said, and ranked after what they can act on.
    for fact in missing_to_act(c.kind, &c.booking, &c.contact) {
        why.push(
            match fact {
                Fact::Address => "no_address_known",
                Fact::Phone => "no_number_known",
                Fact::Booking => "no_booking_route_known",
                _ => "no_contact_known",
            }
            .into(),
        );
    }
    let verified = !c.to_verify(at.with_timezone(&chrono_tz::Europe::Brussels).date_naive());
    if !verified {
        why.push(if c.verified.is_some() { "verification_overdue" } else { "never_verified" }.into());
    }
    Ranked { channel: s.channels_by_id[&c.id], role: role(c), score, tier, actionable: c.usable, verified, why }
}

/// Reachable first (an unreachable channel never outranks a reachable one), then what a person can act on, then
/// the score, then verified before to verify.
fn sort(list: &mut [Ranked], s: &Snapshot) {
    list.sort_by(|a, b| {
        b.tier
            .cmp(&a.tier)
            .then(b.actionable.cmp(&a.actionable))
            .then(b.score.cmp(&a.score))
            .then(b.verified.cmp(&a.verified))
            .then(s.channels[a.channel].id.cmp(&s.channels[b.channel].id))
    });
}

/// Orients a person with this `need`, living in `communes` (empty: unknown), at instant `at`.
pub fn orient(
    s: &Snapshot,
    observed: &ObservedIndex,
    need: &str,
    communes: &[usize],
    who: &Situation,
    at: DateTime<Utc>,
) -> Orientation {
    let procedures = match_need(s, need, communes);
    let mut out = Orientation { procedures: procedures.clone(), ..Default::default() };
    for &p in &procedures {
        for &ci in &s.procedures[p].channels {
            let c = &s.channels[ci];
            let excluded = exclusions(s, c, who);
            if !excluded.is_empty() {
                out.excluded.push(Excluded { channel: ci, why: excluded });
                continue;
            }
            let ranked = rank(s, observed, c, who, communes, at);
            if ranked.role == Role::Help { out.help.push(ranked) } else { out.options.push(ranked) }
        }
    }
    out.no_offline_alternative = !procedures.is_empty() && !out.options.iter().any(|o| o.role == Role::Alternative);
    let asked = Asked { procedures: &procedures, communes, who, at };
    out.help = help_places(s, observed, &asked, std::mem::take(&mut out.help), out.no_offline_alternative);
    sort(&mut out.options, s);
    out
}

/// At most this many help places are listed.
const MAX_HELP_PLACES: usize = 8;

/// What a person asked, for the help places.
struct Asked<'a> {
    procedures: &'a [usize],
    communes: &'a [usize],
    who: &'a Situation,
    at: DateTime<Utc>,
}

/// Help as places a person can go to: the procedure's own assisted channels, the help places a source links to
/// the procedure, and — when no official offline alternative is left — the help places of associations serving
/// the person's commune. One entry per place (its location, or its institution), the linked places first, then
/// those in the person's commune, then the others; each ranked by its own merits within that order.
fn help_places(
    s: &Snapshot,
    observed: &ObservedIndex,
    asked: &Asked<'_>,
    own: Vec<Ranked>,
    nothing_else: bool,
) -> Vec<Ranked> {
    let Asked { procedures, communes, who, at } = *asked;
    let linked: Vec<usize> =
        procedures.iter().flat_map(|&p| s.procedures[p].helped_by.iter().map(|h| h.institution)).collect();
    let institution_of = |c: &Channel| s.procedures[c.procedure].institution;
    let mut candidates = own;
    for c in s.channels.iter().filter(|c| c.kind == ChannelKind::Assisted && !c.declared.is_closed()) {
        if procedures.contains(&c.procedure) {
            continue;
        }
        let inst_index = institution_of(c);
        let inst = &s.institutions[inst_index];
        let is_linked = linked.contains(&inst_index);
        let nearby = inst.level == crate::domain::Level::Association
            && (communes.is_empty() || communes.iter().any(|&k| s.serves_commune(inst, k)));
        if is_linked || (nothing_else && nearby) {
            let mut r = rank(s, observed, c, who, communes, at);
            r.why.push(if is_linked { "help_place_linked" } else { "help_place" }.into());
            candidates.push(r);
        }
    }
    let in_commune = |r: &Ranked| {
        let c = &s.channels[r.channel];
        let place = c.location.and_then(|l| s.locations.get(&l)).and_then(|l| l.commune);
        let commune = place.or(s.institutions[institution_of(c)].commune);
        commune.is_some_and(|k| communes.contains(&k))
    };
    let group = |r: &Ranked| {
        if linked.contains(&institution_of(&s.channels[r.channel])) {
            0
        } else if in_commune(r) {
            1
        } else {
            2
        }
    };
    sort(&mut candidates, s);
    candidates.sort_by_key(|r| group(r));
    // One entry per place.
    let mut seen: Vec<(Option<i64>, usize)> = Vec::new();
    let mut out = Vec::new();
    for mut r in candidates {
        let c = &s.channels[r.channel];
        let place = (c.location, if c.location.is_some() { 0 } else { institution_of(c) });
        if seen.contains(&place) {
            continue;
        }
        seen.push(place);
        if group(&r) == 1 && !r.why.iter().any(|w| w == "in_your_commune") {
            r.why.push("in_your_commune".into());
        }
        out.push(r);
        if out.len() == MAX_HELP_PLACES {
            break;
        }
    }
    out
}
