//! The gaps page as a list: which procedures fail a rule and why, in words, in French, Dutch and English; its
//! filters (the API's readers: bad values said in words, 422); its pages; hours with their minutes; the footer's
//! links.

use crate::helpers::*;
use crate::observations::{channel_id, post, token};

/// The list section of the page.
fn list(html: &str) -> &str {
    let start = html.find("<section id=\"list\"").expect("the list section");
    &html[start..start + html[start..].find("</section>").unwrap()]
}

/// Each listed procedure: its status (the `data-status` hook) and its markup up to the next one.
fn items(html: &str) -> Vec<(String, String)> {
    list(html)
        .split("<li data-status=\"")
        .skip(1)
        .map(|chunk| {
            let status = &chunk[..chunk.find('"').unwrap()];
            (status.to_string(), chunk.to_string())
        })
        .collect()
}

/// The listed item of one procedure.
fn item(html: &str, lang: &str, slug: &str) -> Option<(String, String)> {
    let href = format!("<a href=\"/{lang}/procedures/{slug}\">");
    items(html).into_iter().find(|(_, chunk)| chunk.contains(&href))
}

fn listed_slugs(html: &str, lang: &str) -> Vec<String> {
    let marker = format!("<a href=\"/{lang}/procedures/");
    items(html)
        .iter()
        .map(|(_, chunk)| {
            let rest = &chunk[chunk.find(&marker).unwrap() + marker.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

#[tokio::test]
async fn the_list_names_each_failing_procedure_and_why_in_three_languages() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let rule = "associations-walk-in";
    for (lang, verdict, requirement, closed, none) in [
        (
            "en",
            "Not compliant",
            "Counter without an appointment booked online",
            "missing: declared closed",
            "missing: a source says there is none (",
        ),
        (
            "fr",
            "Non conforme",
            "Guichet sans rendez-vous pris en ligne",
            "manquant : déclaré fermé",
            "manquant : une source dit qu&#39;il n&#39;y en a pas (",
        ),
        (
            "nl",
            "Niet in orde",
            "Loket zonder online geboekte afspraak",
            "ontbreekt: gesloten verklaard",
            "ontbreekt: een bron zegt dat er geen is (",
        ),
    ] {
        let (status, html) = page(&app, &format!("/{lang}/gaps?rule={rule}")).await;
        assert_eq!(status, 200, "{lang}");
        // Closed: the study grant's counter.
        let (status, chunk) =
            item(&html, lang, "fwb-study-grant").unwrap_or_else(|| panic!("{lang}: study grant listed"));
        assert_eq!(status, "non_compliant", "{lang}");
        assert!(chunk.contains(verdict), "{lang}: the status in words: {chunk}");
        assert!(chunk.contains(&format!("<strong>{requirement}</strong> — {closed}")), "{lang}: {chunk}");
        // A source says there is none: the source is named.
        let (_, chunk) = item(&html, lang, "schaerbeek-change-of-address").unwrap();
        assert!(chunk.contains(&format!("{none}<cite>")), "{lang}: {chunk}");
        assert!(!chunk.contains("<cite>unknown</cite>") && !chunk.contains("<cite></cite>"), "{lang}: {chunk}");
        // Its institution heads its group, with a link.
        let l = list(&html);
        let before = &l[..l.find(&format!("/{lang}/procedures/schaerbeek-change-of-address")).unwrap()];
        let group = &before[before.rfind("<h4 class=\"gap-inst\">").unwrap()..];
        assert!(
            group.starts_with(&format!("<h4 class=\"gap-inst\"><a href=\"/{lang}/institutions/commune-schaerbeek\">")),
            "{lang}"
        );
        // No key shows instead of words.
        assert!(!list(&html).contains("gaps-why-") && !list(&html).contains("gaps-req-"), "{lang}");
    }
    // Booked online only, under the weakest rule.
    let (_, html) = page(&app, "/en/gaps?rule=any-offline-alternative").await;
    let (_, chunk) = item(&html, "en", "anderlecht-identity-card").unwrap();
    assert!(
        chunk.contains("<strong>A way without the internet</strong> — missing: appointments can only be booked online"),
        "{chunk}"
    );
}

#[tokio::test]
async fn procedures_without_enough_data_are_listed_apart_from_the_failing() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let (_, html) = page(&app, "/en/gaps?rule=associations-walk-in").await;
    let all = items(&html);
    let first_unknown = all.iter().position(|(s, _)| s == "insufficient_data").expect("some cannot be judged");
    assert!(first_unknown > 0, "the failing come first");
    assert!(all[..first_unknown].iter().all(|(s, _)| s == "non_compliant" || s == "compliant_on_paper_only"));
    assert!(all[first_unknown..].iter().all(|(s, _)| s == "insufficient_data"), "never mixed");
    let l = list(&html);
    let (failing, unknown) = (l.find("<h3 id=\"failing\">").unwrap(), l.find("<h3 id=\"unknown\">").unwrap());
    assert!(failing < unknown);
    assert!(l[unknown..].find("<li data-status=\"").unwrap() > 0);
    assert!(!l[..unknown].contains("data-status=\"insufficient_data\""));
    assert!(!l[unknown..].contains("data-status=\"non_compliant\""));
    // What is not known is said as such, never as missing.
    let (_, chunk) = &all[first_unknown];
    assert!(chunk.contains("Not enough data") && chunk.contains("not verified: "), "{chunk}");
    assert!(!chunk.contains("missing"), "{chunk}");
    // The counts say both; compliant procedures are not listed.
    let summary = app.get_json("/api/v1/gaps/summary?rule=associations-walk-in").await;
    let o = &summary[0]["overall"];
    let failing = o["non_compliant"].as_u64().unwrap() + o["compliant_on_paper_only"].as_u64().unwrap();
    let unknown = o["insufficient_data"].as_u64().unwrap();
    assert!(l.contains(&format!("{failing} procedures fail it. For {unknown} more, the catalog does not know enough")));
    let listed = (failing + unknown) as usize;
    let mut seen = Vec::new();
    for n in 1..=listed.div_ceil(guichet::web::gaps_list::PER_PAGE) {
        let (_, html) = page(&app, &format!("/en/gaps?rule=associations-walk-in&page={n}")).await;
        seen.extend(listed_slugs(&html, "en"));
    }
    let count = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!((seen.len(), count), (listed, listed), "every page its own procedures, all of them");
}

#[tokio::test]
async fn filters_narrow_the_list_and_bad_ones_are_said_in_words() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let rule = "rule=associations-walk-in";
    let slugs = |html: &str| listed_slugs(html, "en");
    let (_, html) = page(&app, &format!("/en/gaps?{rule}&institution=office-etrangers")).await;
    let listed = slugs(&html);
    assert!(listed.len() >= 3 && listed.iter().all(|s| s.starts_with("office-etrangers-")), "{listed:?}");
    assert!(html.contains("<option value=\"office-etrangers\" selected>"), "the form keeps its choice");
    let (_, html) = page(&app, &format!("/en/gaps?{rule}&level=commune")).await;
    let listed = slugs(&html);
    assert!(listed.contains(&"etterbeek-identity-card".to_string()), "{listed:?}");
    assert!(!listed.iter().any(|s| s.starts_with("office-etrangers-")), "a federal body is not a commune");
    assert!(html.contains("<option value=\"commune\" selected>"));
    let (_, html) = page(&app, &format!("/en/gaps?{rule}&commune=etterbeek")).await;
    let listed = slugs(&html);
    assert!(listed.contains(&"etterbeek-identity-card".to_string()), "{listed:?}");
    assert!(!listed.contains(&"schaerbeek-change-of-address".to_string()), "another commune's procedure");
    assert!(listed.contains(&"office-etrangers-infodesk".to_string()), "a federal body serves every commune");
    // The rule tabs and the pages keep the choices.
    assert!(
        html.contains("href=\"/en/gaps?rule=any-offline-alternative&#38;commune=etterbeek\""),
        "tabs keep the filters"
    );

    // Bad values: 422, each said in words in the page's language; the rest of the page still answers.
    for (lang, words) in [
        (
            "en",
            [
                "Choose a level from the list.",
                "Choose an institution from the list.",
                "Choose a commune from the list.",
                "The page number must be a whole number, from 1.",
            ],
        ),
        (
            "fr",
            [
                "Choisissez un niveau dans la liste.",
                "Choisissez une institution dans la liste.",
                "Choisissez une commune dans la liste.",
                "Le numéro de page doit être un nombre entier, à partir de 1.",
            ],
        ),
        (
            "nl",
            [
                "Kies een niveau uit de lijst.",
                "Kies een instelling uit de lijst.",
                "Kies een gemeente uit de lijst.",
                "Het paginanummer moet een geheel getal zijn, vanaf 1.",
            ],
        ),
    ] {
        let (status, html) =
            page(&app, &format!("/{lang}/gaps?{rule}&level=galactic&institution=nope&commune=atlantis&page=0")).await;
        assert_eq!(status, 422, "{lang}");
        assert!(html.contains("id=\"errors\""), "{lang}");
        for w in words {
            assert!(html.contains(w), "{lang}: {w}");
        }
        assert!(item(&html, lang, "fwb-study-grant").is_some(), "{lang}: the list, unfiltered");
        let tabs = &html[html.find("<ul class=\"tabs\">").unwrap()..];
        let tabs = &tabs[..tabs.find("</ul>").unwrap()];
        assert!(tabs.contains("rule=") && !tabs.contains("galactic") && !tabs.contains("atlantis"), "{lang}: {tabs}");
        assert!(!html.contains("<option value=\"nope\""), "{lang}");
    }
    let (status, html) = page(&app, "/en/gaps?rule=vibes").await;
    assert_eq!(status, 422);
    assert!(html.contains("Choose a rule from the list."));
    assert!(html.contains("aria-current=\"page\">"), "the first rule is shown");
}

#[tokio::test]
async fn the_list_comes_a_page_at_a_time_and_each_page_stays_light() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let summary = app.get_json("/api/v1/gaps/summary").await;
    for rule in summary.as_array().unwrap() {
        let id = rule["rule"].as_str().unwrap();
        let o = &rule["overall"];
        let listed = (o["non_compliant"].as_u64().unwrap()
            + o["compliant_on_paper_only"].as_u64().unwrap()
            + o["insufficient_data"].as_u64().unwrap()) as usize;
        let pages = listed.div_ceil(guichet::web::gaps_list::PER_PAGE).max(1);
        let mut seen = 0;
        for n in 1..=pages {
            let (status, html) = page(&app, &format!("/en/gaps?rule={id}&page={n}")).await;
            assert_eq!(status, 200);
            seen += items(&html).len();
            assert_eq!(html.contains("rel=\"next\""), n < pages, "{id} page {n}");
            assert_eq!(html.contains("rel=\"prev\""), n > 1, "{id} page {n}");
            if n < pages {
                assert!(html.contains(&format!("page={}#list\" rel=\"next\"", n + 1)), "{id} page {n}");
            }
            let gz = gzip_len(&html);
            assert!(gz < 50 * 1024, "{id} page {n}: {gz} bytes gzipped");
        }
        assert_eq!(seen, listed, "{id}");
    }
    // Past the end: the last page.
    let (status, html) = page(&app, "/en/gaps?page=999").await;
    assert_eq!(status, 200);
    assert!(!items(&html).is_empty());
}

#[tokio::test]
async fn hours_spent_keep_their_minutes() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let t = token(&db, "SSQ 1030", guichet::domain::Role::Reporter, Some("schaerbeek"));
    let id = channel_id(&app, "schaerbeek-identity-card", "appointment").await;
    let body = serde_json::json!({
        "channel_id": id, "occurred_at": (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339(),
        "outcome": "completed", "minutes_spent": 31, "on_behalf": false,
    });
    assert_eq!(post(&app, Some(&t), &body, None).await.status().as_u16(), 201);
    for (lang, label, value) in [
        ("en", "Hours spent in all", "0 h 31"),
        ("fr", "Heures passées en tout", "0 h 31"),
        ("nl", "Uren in totaal", "0 u 31"),
    ] {
        let (_, html) = page(&app, &format!("/{lang}/gaps")).await;
        assert!(html.contains(&format!("<dt>{label}</dt><dd>{value}</dd>")), "{lang}");
    }
}

#[tokio::test]
async fn the_charts_write_their_labels_as_text_and_the_footer_links_lead_somewhere() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let (_, html) = page(&app, "/en/gaps?rule=bxl-numerique-art13").await;
    assert!(!html.contains("<text"), "no text inside an SVG that shrinks with the screen");
    assert!(html.contains("<ul class=\"chart\"><li><span class=\"label\">"));
    assert!(
        html.contains("not enough data")
            && html.contains("fill=\"url(#hatch)\"")
            && html.contains("<pattern id=\"hatch\"")
    );
    // Every link of the footer answers.
    let footer = &html[html.find("<footer").unwrap()..];
    let hrefs: Vec<&str> = footer
        .match_indices("href=\"")
        .map(|(i, m)| {
            let rest = &footer[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert!(hrefs.contains(&"/hsds/"), "{hrefs:?}");
    for href in hrefs {
        assert_eq!(app.get(href).await.status().as_u16(), 200, "{href}");
    }
}
