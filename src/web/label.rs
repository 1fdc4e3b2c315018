//! How a page names one channel in a list or a form: its kind and what tells it apart — the number of a phone
//! line, the address of a counter or a postal address, the office of an appointment — "Téléphone — 0800 11 869",
//! "Guichet — Place Colignon 1030", "Rendez-vous — Hôtel communal de Schaerbeek". Two channels of one procedure
//! never get the same label: when they would, the facts that differ between them are added, then their hours,
//! then their rank among the look-alikes ("(2)"); never a key or an internal id, which are not words a person
//! reads.

use super::i18n::Tr;
use super::text::name;
use super::way::title_key;
use super::when::week_summary;
use crate::catalog::{Channel, Snapshot};
use crate::domain::ChannelKind;

/// A fact that can tell one channel from another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Number,
    Address,
    Office,
    Email,
    Website,
    Hours,
}

/// The facts that tell a channel of this kind apart, most telling first. Only the first ones (before `Hours`)
/// may name it on their own.
fn order(kind: ChannelKind) -> &'static [Slot] {
    use Slot::*;
    match kind {
        ChannelKind::Phone => &[Number, Office, Address, Email, Hours],
        ChannelKind::Counter | ChannelKind::Post => &[Address, Office, Number, Email, Hours],
        ChannelKind::Appointment | ChannelKind::Assisted => &[Office, Address, Number, Email, Website, Hours],
        ChannelKind::Email => &[Email, Office, Address, Hours],
        ChannelKind::Online => &[Website, Office],
    }
}

fn is_fact(slot: Slot) -> bool {
    slot != Slot::Hours
}

/// "www.irisbox.irisnet.be": the host of an address, without its scheme and path.
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest).to_string()
}

fn value(tr: Tr, s: &Snapshot, c: &Channel, slot: Slot) -> Option<String> {
    let location = c.location.and_then(|l| s.locations.get(&l));
    let nonempty = |v: String| (!v.trim().is_empty()).then_some(v);
    match slot {
        Slot::Number => c.phone.clone(),
        Slot::Address => location.and_then(|l| {
            let street = l.address.as_ref()?;
            Some(match &l.postcode {
                Some(pc) if !street.contains(pc.as_str()) => format!("{street} {pc}"),
                _ => street.clone(),
            })
        }),
        Slot::Office => location.map(|l| name(tr, &l.name).text),
        Slot::Email => c.email.clone(),
        Slot::Website => c.url.as_deref().or(s.procedures[c.procedure].online_url.as_deref()).map(host),
        Slot::Hours => c.hours.as_ref().map(|h| week_summary(tr, &h.week(&s.holidays, c.calendar, chrono::Utc::now()))),
    }
    .and_then(nonempty)
}

/// The label of a channel: "Kind — fact", or the kind alone when no fact names it.
fn base(tr: Tr, s: &Snapshot, c: &Channel) -> String {
    let kind = tr.t(title_key(c));
    match order(c.kind).iter().copied().filter(|&slot| is_fact(slot)).find_map(|slot| value(tr, s, c, slot)) {
        Some(fact) => format!("{kind} — {fact}"),
        None => kind,
    }
}

/// How a list or a form names this channel: unique among its procedure's channels.
pub fn channel_label(tr: Tr, s: &Snapshot, c: &Channel) -> String {
    let label = base(tr, s, c);
    let group: Vec<&Channel> = s.procedures[c.procedure]
        .channels
        .iter()
        .map(|&i| &s.channels[i])
        .filter(|other| other.kind == c.kind && base(tr, s, other) == label)
        .collect();
    if group.len() <= 1 {
        return label;
    }
    // The slots whose values differ within the group, in order, until every channel of the group differs.
    let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); group.len()];
    for &slot in order(c.kind) {
        let values: Vec<Option<String>> = group.iter().map(|g| value(tr, s, g, slot)).collect();
        if values.iter().all(|v| *v == values[0]) {
            continue;
        }
        for (column, v) in columns.iter_mut().zip(values) {
            column.push(v);
        }
        let distinct = columns.iter().enumerate().all(|(i, a)| columns[i + 1..].iter().all(|b| a != b));
        if distinct {
            break;
        }
    }
    // Still alike once every fact is said: their rank among the look-alikes, in catalog order.
    if !columns.iter().enumerate().all(|(i, a)| columns[i + 1..].iter().all(|b| a != b)) {
        for (rank, column) in columns.iter_mut().enumerate() {
            column.push(Some((rank + 1).to_string()));
        }
    }
    let mine = group.iter().position(|g| g.id == c.id).map(|i| &columns[i]);
    let extras: Vec<&str> = mine.into_iter().flatten().flatten().map(String::as_str).collect();
    if extras.is_empty() { label } else { format!("{label} ({})", extras.join("; ")) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::Lang;
    use std::collections::HashSet;

    fn shipped() -> std::sync::Arc<Snapshot> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
        let catalog = crate::import::load_catalog(&dir).expect("the shipped catalog loads");
        std::sync::Arc::new(crate::app::catalog::preview_snapshot(&catalog).expect("a snapshot"))
    }

    #[test]
    fn hosts_of_addresses() {
        assert_eq!(host("https://www.irisbox.brussels/fr/login?x=1"), "www.irisbox.brussels");
        assert_eq!(host("irisbox.brussels"), "irisbox.brussels");
    }

    #[test]
    fn no_two_channels_of_a_procedure_share_a_label_in_any_language_and_none_shows_an_id() {
        let s = shipped();
        for lang in [Lang::Fr, Lang::Nl, Lang::En] {
            let tr = Tr::new(lang);
            for p in &s.procedures {
                let mut seen = HashSet::new();
                for &i in &p.channels {
                    let c = &s.channels[i];
                    let label = channel_label(tr, &s, c);
                    assert!(seen.insert(label.clone()), "{}: `{label}` twice ({lang:?})", p.slug);
                    assert!(!label.contains(&format!("#{}", c.id)), "{label}");
                    assert!(!label.contains(&c.key) || !c.key.contains('-'), "{label}: a key shown");
                }
            }
        }
    }

    #[test]
    fn a_channel_is_named_by_its_number_its_address_or_its_office() {
        let s = shipped();
        let tr = Tr::new(Lang::Fr);
        let labels: Vec<(ChannelKind, Option<String>, String)> =
            s.channels.iter().map(|c| (c.kind, c.phone.clone(), channel_label(tr, &s, c))).collect();
        for (kind, phone, label) in &labels {
            if let (ChannelKind::Phone, Some(number)) = (kind, phone) {
                assert!(label.starts_with(&format!("Téléphone — {number}")), "{label}");
            }
        }
        let p = &s.procedures[s.procedures_by_slug["schaerbeek-identity-card"]];
        let mine: Vec<String> = p.channels.iter().map(|&i| channel_label(tr, &s, &s.channels[i])).collect();
        assert!(mine.iter().any(|l| l.starts_with("Guichet — Place Colignon 1030")), "{mine:?}");
        assert!(mine.iter().any(|l| l.starts_with("Rendez-vous — ")), "{mine:?}");
    }
}
