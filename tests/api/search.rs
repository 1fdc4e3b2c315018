//! Search that understands Brussels, over real HTTP on the shipped catalog: the place finder behind the API's
//! `postcode` and `commune` and both pages, languages by name, identical titles of several communes grouped on the
//! search page (never in the API's list), institutions found by their short names.

use crate::helpers::*;
use serde_json::Value;

fn communes_of(r: &Value) -> Vec<String> {
    r["communes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect()
}

fn encode(s: &str) -> String {
    serde_urlencoded::to_string([("x", s)]).unwrap().trim_start_matches("x=").to_string()
}

/// The part of `html` from `start` to the next `end`.
fn segment<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start} in {html}"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[tokio::test]
async fn the_api_places_every_usual_spelling_and_refuses_no_brussels_commune() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let need = "need=carte%20d%27identit%C3%A9";
    // The spellings of the issue, and a few more; each as `postcode`, the place finder's.
    for (place, want) in [
        ("Molenbeek", vec!["molenbeek-saint-jean"]),
        ("Saint-Josse", vec!["saint-josse-ten-noode"]),
        ("St-Josse", vec!["saint-josse-ten-noode"]),
        ("Sint-Joost", vec!["saint-josse-ten-noode"]),
        ("Woluwe", vec!["woluwe-saint-lambert", "woluwe-saint-pierre"]),
        ("Bruxelles-Ville", vec!["bruxelles"]),
        ("Ville de Bruxelles", vec!["bruxelles"]),
        ("Laeken", vec!["bruxelles"]),
        ("Neder-Over-Heembeek", vec!["bruxelles"]),
        ("Haren", vec!["bruxelles"]),
        ("1020", vec!["bruxelles"]),
        ("1030 Schaerbeek", vec!["schaerbeek"]),
        ("Schaerbeek 1030", vec!["schaerbeek"]),
        ("ixelle", vec!["ixelles"]),
        ("Shaerbeek", vec!["schaerbeek"]),
        ("1040", vec!["etterbeek", "bruxelles"]),
        ("1050", vec!["ixelles", "bruxelles"]),
    ] {
        let r = app.get_json(&format!("/api/v1/orientation?{need}&postcode={}", encode(place))).await;
        assert_eq!(communes_of(&r), want, "postcode={place}");
    }
    // `commune`: a slug, or a name that names one commune.
    for (commune, want) in [("saint-josse-ten-noode", "saint-josse-ten-noode"), ("St-Josse", "saint-josse-ten-noode")] {
        let r = app.get_json(&format!("/api/v1/orientation?{need}&commune={}", encode(commune))).await;
        assert_eq!(communes_of(&r), [want], "commune={commune}");
    }
    let r = app.get_json(&format!("/api/v1/orientation?{need}&postcode=1040&commune=etterbeek")).await;
    assert_eq!(communes_of(&r), ["etterbeek"], "a commune narrows a shared postcode");
    // A word of two names is not one commune: 422 naming `commune`, with both to choose from.
    let p = app.assert_problem(&format!("/api/v1/orientation?{need}&commune=Woluwe"), 422, Some("commune")).await;
    let detail = p["errors"][0]["message"].as_str().unwrap();
    assert!(detail.contains("woluwe-saint-lambert") && detail.contains("woluwe-saint-pierre"), "{p}");
    // A Brussels postcode the catalog does not place, or unreadable words: the communes to choose from, never
    // "not in Brussels".
    for place in ["1005", "Brucity"] {
        let p =
            app.assert_problem(&format!("/api/v1/orientation?{need}&postcode={place}"), 404, Some("postcode")).await;
        let message = p["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("schaerbeek") && message.contains("woluwe-saint-pierre"), "{p}");
        assert!(!message.contains("not a postcode of the Brussels-Capital Region"), "{p}");
    }
    let p = app.assert_problem(&format!("/api/v1/orientation?{need}&postcode=4000"), 404, Some("postcode")).await;
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("not a postcode of the Brussels-Capital Region"));
    // Every postcode of every commune is accepted.
    let communes = app.get_json("/api/v1/institutions?level=commune&per_page=100").await;
    assert_eq!(communes["total"], 19);
    for pc in [
        "1000", "1020", "1030", "1040", "1050", "1060", "1070", "1080", "1081", "1082", "1083", "1090", "1120", "1130",
        "1140", "1150", "1160", "1170", "1180", "1190", "1200", "1210",
    ] {
        let r = app.get_json(&format!("/api/v1/orientation?{need}&postcode={pc}")).await;
        assert!(!communes_of(&r).is_empty(), "{pc}");
    }
}

#[tokio::test]
async fn the_api_reads_a_language_by_its_code_or_its_name_in_any_case() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    // Woluwe-Saint-Lambert's counter says it serves in Arabic among other languages.
    let base = "/api/v1/orientation?need=woluwe-saint-lambert-identity-card&at=2026-12-03T09:00:00Z";
    let by_code = app.get_json(&format!("{base}&lang=ar")).await;
    let why: Vec<&Value> =
        by_code["options"].as_array().unwrap().iter().flat_map(|o| o["why"].as_array().unwrap()).collect();
    assert!(why.iter().any(|w| *w == "speaks_ar"), "{by_code}");
    for name in ["AR", "arabe", "Arabe", "Arabic", "arabisch", "العربية"] {
        let r = app.get_json(&format!("{base}&lang={}", encode(name))).await;
        assert_eq!(r["options"], by_code["options"], "lang={name}");
    }
    // Several, by names and codes, separated by commas or spaces, or repeated.
    let two = app.get_json(&format!("{base}&lang=ar,nl")).await;
    for spelling in ["arabe,%20néerlandais", "Arabic%20Dutch", "ar&lang=Nederlands"] {
        let r = app.get_json(&format!("{base}&lang={spelling}")).await;
        assert_eq!(r["options"], two["options"], "lang={spelling}");
    }
    let p = app.assert_problem(&format!("{base}&lang=klingon"), 404, Some("lang")).await;
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("klingon"), "{p}");
}

#[tokio::test]
async fn the_api_list_keeps_one_item_per_procedure_and_finds_institutions_by_their_short_names() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let r = app.get_json("/api/v1/procedures?q=carte%20d%27identit%C3%A9&per_page=100").await;
    let slugs: Vec<&str> = r["items"].as_array().unwrap().iter().map(|p| p["slug"].as_str().unwrap()).collect();
    let cards = slugs.iter().filter(|s| s.ends_with("-identity-card")).count();
    assert_eq!(cards, 19, "one item per commune's procedure, not grouped: {slugs:?}");
    let mut unique = slugs.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), slugs.len());
    // An institution's name or usual short name finds its procedures, first.
    for (q, institution) in [
        ("Solidaris", "solidaris"),
        ("FMSB", "solidaris"),
        ("CSC", "csc"),
        ("ACV", "csc"),
        ("Partena", "partenamut"),
        ("ORBEM", "actiris"),
        ("HZIV", "caami"),
    ] {
        let r = app.get_json(&format!("/api/v1/procedures?q={q}")).await;
        let first = &r["items"][0];
        assert_eq!(first["institution"]["slug"], institution, "q={q}: {r}");
    }
    let r = app.get_json("/api/v1/institutions?q=FMSB").await;
    assert_eq!(r["items"][0]["slug"], "solidaris", "{r}");
}

#[tokio::test]
async fn the_search_page_groups_identical_titles_and_asks_which_commune() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let (status, html) = page(&app, "/en/search?q=carte+d%27identit%C3%A9").await;
    assert_eq!(status, 200);
    // One result for the 19 identical titles, with a link to each commune's procedure.
    assert_eq!(html.matches("Apply for an identity card (eID)").count(), 1, "{html}");
    assert_eq!(html.matches("<li class=\"group\">").count(), 1, "{html}");
    assert!(html.contains("In which commune?"));
    for slug in ["schaerbeek", "bruxelles", "woluwe-saint-pierre", "saint-josse-ten-noode"] {
        assert!(html.contains(&format!("href=\"/en/procedures/{slug}-identity-card\"")), "{slug}");
    }
    assert_eq!(html.matches("-identity-card\"").count(), 19);
    // With a commune, its own procedure, not a choice.
    let (_, html) = page(&app, "/en/search?q=carte+d%27identit%C3%A9&where=1030+Schaerbeek").await;
    assert!(html.contains("Procedures for <strong>Schaerbeek</strong>"));
    assert!(html.contains("href=\"/en/procedures/schaerbeek-identity-card\""));
    assert!(!html.contains("<li class=\"group\">") && !html.contains("-saint-pierre-identity-card"));
    // A section of the City is said as such.
    let (_, html) = page(&app, "/en/search?q=carte+d%27identit%C3%A9&where=Laeken").await;
    assert!(html.contains("Procedures for <strong>Laeken (Bruxelles)</strong>"), "{html}");
    assert!(html.contains("href=\"/en/procedures/bruxelles-identity-card\""));
}

#[tokio::test]
async fn the_search_page_never_refuses_a_brussels_place() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    // A word of two communes: which one?, both as links, the results for both grouped.
    let (_, html) = page(&app, "/fr/search?q=carte+d%27identit%C3%A9&where=Woluwe").await;
    assert!(html.contains("« Woluwe » peut désigner plusieurs communes. Laquelle ?"), "{html}");
    assert!(html.contains("where=Woluwe-Saint-Lambert\">Woluwe-Saint-Lambert</a>"));
    assert!(html.contains("where=Woluwe-Saint-Pierre\">Woluwe-Saint-Pierre</a>"));
    assert_eq!(html.matches("<li class=\"group\">").count(), 1);
    assert!(!html.contains("schaerbeek-identity-card"));
    // Every spelling of the issue finds its commune on the page too.
    for (place, name) in [
        ("Molenbeek", "Molenbeek-Saint-Jean"),
        ("Saint-Josse", "Saint-Josse-ten-Noode"),
        ("St-Josse", "Saint-Josse-ten-Noode"),
        ("Bruxelles-Ville", "Bruxelles"),
        ("1030 Schaerbeek", "Schaerbeek"),
        ("ixelle", "Ixelles"),
        ("Neder-Over-Heembeek", "Neder-Over-Heembeek (Bruxelles)"),
    ] {
        let (_, html) = page(&app, &format!("/fr/search?q=carte&where={}", encode(place))).await;
        assert!(html.contains(&format!("Démarches pour <strong>{name}</strong>")), "{place}: {html}");
    }
    // A Brussels postcode the catalog does not place: the communes to choose from, and the whole Region meanwhile.
    let (status, html) = page(&app, "/fr/search?q=carte&where=1005").await;
    assert_eq!(status, 200);
    assert!(html.contains("Nous ne savons pas quelle commune est « 1005 »"), "{html}");
    assert!(html.contains("les résultats valent pour toute la Région"));
    let choices = segment(&html, "<ul class=\"choices\">", "</ul>");
    assert_eq!(choices.matches("<li><a href=\"/fr/search?q=carte&#38;where=").count(), 19, "{choices}");
    assert!(!html.contains("ne fait pas partie des 19 communes"));
    // An institution's short name finds its procedures, as the empty result suggests.
    for (q, slug) in [("Solidaris", "solidaris-join"), ("ACV", "csc-"), ("Partena", "partenamut-")] {
        let (_, html) = page(&app, &format!("/fr/search?q={q}")).await;
        assert!(html.contains(&format!("href=\"/fr/procedures/{slug}")), "{q}");
    }
}

#[tokio::test]
async fn the_orientation_page_lists_languages_by_their_own_names_and_asks_which_commune() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let (status, html) = page(&app, "/en/orientation").await;
    assert_eq!(status, 200);
    for (code, own) in [
        ("ar", "العربية"),
        ("tr", "Türkçe"),
        ("es", "Español"),
        ("ro", "Română"),
        ("fr", "Français"),
        ("nl", "Nederlands"),
        ("en", "English"),
    ] {
        assert!(html.contains(&format!("name=\"lang\" value=\"{code}\">")), "{code}");
        assert!(html.contains(&format!("lang=\"{code}\" dir=\"")), "{code}");
        assert!(html.contains(&format!(">{own}</label>")), "{own}");
    }
    assert!(html.contains("for=\"lang-ar\" lang=\"ar\" dir=\"rtl\">العربية</label>"));
    // Checked boxes come back checked, whether given as codes or as names.
    let (status, html) =
        page(&app, "/en/orientation?need=carte+d%27identit%C3%A9&postcode=Woluwe&lang=ar&lang=Nederlands").await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("name=\"lang\" value=\"ar\" checked>") && html.contains("name=\"lang\" value=\"nl\" checked>")
    );
    assert!(html.contains("name=\"lang\" value=\"tr\">"));
    // Woluwe: the options for both, and which one?
    assert!(html.contains("“Woluwe” can be several communes. Which one?"), "{html}");
    assert!(html.contains("postcode=Woluwe-Saint-Pierre\">Woluwe-Saint-Pierre</a>"));
    // A Brussels postcode not placed: the error lists the communes to choose from.
    let (status, html) = page(&app, "/en/orientation?need=carte&postcode=1005").await;
    assert_eq!(status, 422);
    assert!(html.contains("We could not tell which commune “1005” is."), "{html}");
    let choices = segment(&html, "<ul id=\"place\" class=\"choices\">", "</ul>");
    assert_eq!(choices.matches("<li><a href=\"/en/orientation?need=carte&#38;postcode=").count(), 19, "{choices}");
}
