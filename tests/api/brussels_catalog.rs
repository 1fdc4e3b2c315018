//! The shipped Brussels catalog: coverage, search words, honesty rules, and the figures the README states.

use crate::helpers::*;
use guichet::app::catalog::preview_snapshot;
use guichet::catalog::quality::quality_report;
use guichet::import::load_catalog;

fn slugs(page: &serde_json::Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|i| i["slug"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn all_19_communes_and_19_cpas() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    assert_eq!(app.get_json("/api/v1/institutions?level=commune&per_page=100").await["total"], 19);
    assert_eq!(app.get_json("/api/v1/institutions?level=cpas&per_page=100").await["total"], 19);
    // Every commune offers the three population procedures; every CPAS the social-aid request.
    let communes = app.get_json("/api/v1/institutions?level=commune&per_page=100").await;
    for commune in communes["items"].as_array().unwrap() {
        let slug = commune["commune"]["slug"].as_str().expect("a commune body names its commune");
        for procedure in ["identity-card", "residence-certificate", "change-of-address"] {
            app.get_json(&format!("/api/v1/procedures/{slug}-{procedure}")).await;
        }
        app.get_json(&format!("/api/v1/procedures/{slug}-social-aid")).await;
    }
}

#[tokio::test]
async fn the_words_people_use_find_the_right_procedures() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let first = |q: &'static str| {
        let app = &app;
        async move { slugs(&app.get_json(&format!("/api/v1/procedures?q={q}&per_page=100")).await) }
    };
    assert_eq!(first("bourse").await[0], "fwb-study-grant");
    assert_eq!(first("studietoelage").await[0], "fwb-study-grant");
    assert_eq!(first("study%20grant").await[0], "fwb-study-grant");
    assert_eq!(first("handicap").await[0], "dg-handicap-recognition");
    let unemployment = first("ch%C3%B4mage").await;
    for payment_body in ["capac", "csc", "fgtb", "cgslb"] {
        assert!(unemployment.contains(&format!("{payment_body}-unemployment-benefits")), "{unemployment:?}");
    }
    assert_eq!(first("chomage").await, unemployment, "accents are ignored");
    let id_cards = first("carte%20d%27identit%C3%A9").await;
    assert_eq!(id_cards.iter().filter(|s| s.ends_with("-identity-card")).count(), 19, "{id_cards:?}");
    let in_schaerbeek = app.get_json("/api/v1/procedures?q=carte%20d%27identit%C3%A9&commune=schaerbeek").await;
    assert_eq!(slugs(&in_schaerbeek)[0], "schaerbeek-identity-card");
    assert!(!slugs(&in_schaerbeek).contains(&"anderlecht-identity-card".to_string()));
}

#[tokio::test]
async fn seed_events_are_dated_declared_history() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let grant = app.get_json("/api/v1/procedures/fwb-study-grant").await;
    let channels = grant["channels"].as_array().unwrap();
    let letter = channels.iter().find(|c| c["kind"] == "post").expect("registered letter");
    assert!(letter["cost"]["en"].as_str().unwrap().contains("22"), "{letter}");
    assert!(channels.iter().any(|c| c["kind"] == "phone" && c["declared"]["state"] == "restricted"), "saturated line");

    let disability = app.get_json("/api/v1/procedures/dg-handicap-recognition").await;
    assert_eq!(disability["has_offline_alternative"], false, "online only since July 2016, help is not an alternative");
    let mut paper_closed_2016 = false;
    for c in disability["channels"].as_array().unwrap().iter().filter(|c| c["kind"] == "counter") {
        let history = app.get_json(&format!("/api/v1/channels/{}/history", c["id"])).await;
        paper_closed_2016 |= history["items"].as_array().unwrap().iter().any(|h| {
            h["state"] == "closed_permanently" && h["since"].as_str().is_some_and(|s| s.starts_with("2016-07"))
        });
    }
    assert!(paper_closed_2016, "paper forms at the commune ended in July 2016");

    let csc = app.get_json("/api/v1/procedures/csc-unemployment-benefits").await;
    let counter = csc["channels"].as_array().unwrap().iter().find(|c| c["kind"] == "counter").unwrap().clone();
    let history = app.get_json(&format!("/api/v1/channels/{}/history", counter["id"])).await;
    let closed_2020 =
        history["items"].as_array().unwrap().iter().any(|h| {
            h["state"] == "closed_temporarily" && h["since"].as_str().unwrap_or_default().starts_with("2020-03")
        });
    assert!(closed_2020, "CSC counters closed from March 2020: {history}");
}

#[test]
fn every_fact_names_a_source_dated_or_honestly_undated_and_facts_are_plausible() {
    let catalog = load_catalog(&shipped_catalog()).expect("valid");
    let snapshot = preview_snapshot(&catalog).unwrap();
    // A source has the date its page gives, or is marked undated with the date it was read: never a reading date
    // passed off as the fact's.
    let honest = |id: i64| {
        let s = snapshot.source(id).expect("source");
        match s.date {
            Some(_) => !s.marks.iter().any(|m| m == "undated"),
            None => s.read.is_some() && s.uncertain && s.marks.iter().any(|m| m == "undated"),
        }
    };
    for c in &snapshot.channels {
        assert!(honest(c.source), "channel {}", c.key);
        for (fact, &source) in &c.fact_sources {
            assert!(honest(source), "channel {} fact {fact}", c.key);
        }
        for status in &c.history {
            assert!(honest(status.source), "channel {} status", c.key);
            // A status from an undated page may carry a date the page states for the fact, never its reading date.
            let source = snapshot.source(status.source).unwrap();
            if let (None, Some(read), Some(since)) = (source.date, source.read, status.since) {
                assert!(
                    since != read && since.earliest() <= read.latest(),
                    "channel {}: `since` {since} from `{}`",
                    c.key,
                    source.key
                );
            }
        }
    }
    // Phone numbers are Belgian numbers as the sources give them.
    for c in snapshot.channels.iter().filter_map(|c| c.phone.as_ref()) {
        let digits: String = c.chars().filter(char::is_ascii_digit).collect();
        assert!(digits.starts_with('0') || digits.starts_with("32") || digits.len() == 4, "{c}");
    }
}

/// The figures between the `coverage` markers of README.md, as `| name | value |` rows.
fn readme_figures() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("<!-- coverage:start -->").expect("coverage block in README");
    let end = readme.find("<!-- coverage:end -->").unwrap();
    readme[start..end]
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).filter(|c| !c.is_empty()).collect();
            (cells.len() == 2 && !cells[0].starts_with('-') && cells[0] != "figure")
                .then(|| (cells[0].to_string(), cells[1].to_string()))
        })
        .collect()
}

#[test]
fn the_readme_states_the_measured_coverage_and_quality() {
    let catalog = load_catalog(&shipped_catalog()).expect("valid");
    let snapshot = preview_snapshot(&catalog).unwrap();
    let report = quality_report(&snapshot, chrono::Utc::now().date_naive());
    let c = &report.coverage;
    let mut expected = vec![
        ("institutions".to_string(), c.institutions.to_string()),
        ("procedures".to_string(), c.procedures.to_string()),
        ("channels".to_string(), c.channels.to_string()),
        ("channels with a dated source".to_string(), format!("{:.0}%", c.share_with_dated_source * 100.0)),
        ("channels with a declared status".to_string(), c.channels_with_declared_status.to_string()),
        ("procedures with an offline alternative".to_string(), c.procedures_with_offline_alternative.to_string()),
        (
            "procedures whose only alternatives are to verify".to_string(),
            c.procedures_with_unverified_alternative_only.to_string(),
        ),
        (
            "offline channels with a usable contact".to_string(),
            format!("{} of {}", c.offline_channels_with_usable_contact, c.offline_channels),
        ),
        ("counters with hours".to_string(), format!("{} of {}", c.counters_with_hours, c.counters)),
    ];
    for check in &report.checks {
        // Ages move with the calendar: that figure is checked by the quality endpoint, not pinned here.
        if check.id != "fact_older_than_two_years" {
            expected.push((format!("`{}`", check.id), check.count.to_string()));
        }
    }
    let stated = readme_figures();
    for (name, value) in &expected {
        let found = stated.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
        assert_eq!(
            found,
            Some(value.as_str()),
            "README coverage row `{name}`: update it (`cargo run -- import --check`)"
        );
    }
}

#[tokio::test]
async fn the_quality_endpoint_serves_the_same_report() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let served = app.get_json("/api/v1/quality").await;
    let catalog = load_catalog(&shipped_catalog()).unwrap();
    let report = quality_report(&preview_snapshot(&catalog).unwrap(), chrono::Utc::now().date_naive());
    assert_eq!(served["coverage"]["channels"], report.coverage.channels);
    for check in &report.checks {
        let served_check = served["checks"].as_array().unwrap().iter().find(|c| c["id"] == check.id).unwrap();
        assert_eq!(served_check["count"], check.count, "{}", check.id);
        assert_eq!(served_check["items"].as_array().unwrap().len(), check.count);
    }
}
