use crate::helpers::*;
use crate::observations::{channel_id, post, token};
use serde_json::json;

/// Parses the feed strictly; returns the root element's name and each entry's title.
fn parse_atom(xml: &str) -> (String, Vec<String>) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut root, mut titles, mut path): (String, Vec<String>, Vec<String>) = (String::new(), Vec::new(), Vec::new());
    let in_title = |path: &[String]| path.ends_with(&["entry".to_string(), "title".to_string()]);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                if root.is_empty() {
                    root = name.clone();
                }
                path.push(name);
                if in_title(&path) {
                    titles.push(String::new());
                }
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Text(t) if in_title(&path) => titles.last_mut().unwrap().push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) if in_title(&path) => {
                let name = String::from_utf8(AsRef::<[u8]>::as_ref(&*r).to_vec()).unwrap();
                let c = match name.as_str() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    // A numeric character reference (`&#39;`), valid XML.
                    other => other
                        .strip_prefix('#')
                        .and_then(|n| n.parse::<u32>().ok())
                        .and_then(char::from_u32)
                        .unwrap_or_else(|| panic!("unknown entity {other}")),
                };
                titles.last_mut().unwrap().push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(path.is_empty(), "unclosed elements: {path:?}");
    (root, titles)
}

#[tokio::test]
async fn the_change_feed_lists_declared_and_observed_changes() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let response = app.get("/api/v1/feeds/changes.atom").await;
    assert_eq!(response.headers()["content-type"], "application/atom+xml; charset=utf-8");
    let xml = response.text().await.unwrap();
    assert!(xml.contains("xmlns=\"http://www.w3.org/2005/Atom\""));
    let (root, titles) = parse_atom(&xml);
    assert_eq!(root, "feed");
    assert_eq!(titles.len(), 3, "the fixture's three declared statuses: {titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("Declared restricted since 2022")));

    let t = token(&db, "CPAS", guichet::domain::Role::Reporter, None);
    let letter = channel_id(&app, "fwb-study-grant", "registered-letter").await;
    for minutes_ago in [10, 5] {
        let body = json!({"channel_id": letter, "occurred_at": (chrono::Utc::now() - chrono::Duration::minutes(minutes_ago)).to_rfc3339(),
            "outcome": "not_completed", "minutes_spent": 5, "on_behalf": true, "failure_reason": "no_answer"});
        assert_eq!(post(&app, Some(&t), &body, None).await.status(), 201);
    }
    let (_, titles) = parse_atom(&app.get("/api/v1/feeds/changes.atom").await.text().await.unwrap());
    assert!(titles[0].starts_with("Observed unreachable"), "newest first: {titles:?}");

    let (_, schaerbeek) =
        parse_atom(&app.get("/api/v1/feeds/changes.atom?institution=commune-schaerbeek").await.text().await.unwrap());
    assert_eq!(schaerbeek.len(), 1);
    app.assert_problem("/api/v1/feeds/changes.atom?level=galaxy", 400, Some("level")).await;
    app.assert_problem("/api/v1/feeds/changes.atom?commune=atlantis", 404, Some("commune")).await;
}
