//! The people of the actionable-answers issue, over real HTTP on the shipped catalog: every way says how to use it
//! (where, when, which number, how to book, what it costs, the conditions) in the same words on the procedure page,
//! the orientation answer and the printable sheet, or says in one line what is not known yet.

use crate::helpers::*;
use crate::observations::channel_id;

/// The HTML of the element that starts with `start` (up to the next `end`).
fn block<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &html[from..];
    &rest[..rest[start.len()..].find(end).map_or(rest.len(), |i| i + start.len())]
}

#[tokio::test]
async fn madame_l_arabic_sheet_of_the_registered_letter_says_its_cost_condition_deadline_and_free_line() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let id = channel_id(&app, "fwb-study-grant", "registered-letter").await;
    let (status, ar) = page(&app, &format!("/ar/procedures/fwb-study-grant/sheet/{id}")).await;
    assert_eq!(status, 200);
    assert!(ar.contains("رسالة مضمونة"), "a registered letter, not ordinary mail");
    assert!(!ar.contains("البريد العادي"));
    assert!(ar.contains("22,59 EUR"), "the cost the catalog holds");
    assert!(
        ar.contains("imprimé depuis internet (ou, depuis fin août 2022, à l&#39;école)"),
        "the condition: the form is printed first, online or at school"
    );
    assert!(ar.contains("31 octobre"), "the deadline");
    assert!(ar.contains("0800 11 869") && ar.contains("مكالمة مجانية"), "the free line for questions");
    assert!(ar.contains("rue du Meiboom 16-18, 1000 Bruxelles"));
    // The French sheet names it the same way as the page does.
    let (_, fr) = page(&app, &format!("/fr/procedures/fwb-study-grant/sheet/{id}")).await;
    assert!(fr.contains("Lettre recommandée") && fr.contains("appel gratuit"));
}

#[tokio::test]
async fn madame_l_orientation_gives_the_letter_its_facts_and_the_social_service_that_helps() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let (status, html) =
        page(&app, "/fr/orientation?need=bourse+d%27%C3%A9tudes&postcode=1030&no_internet=true&languages=ar").await;
    assert_eq!(status, 200);
    let options = block(&html, "<ol class=\"options\"", "</ol>");
    let letter = block(options, "<li class=\"option\" data-kind=\"post\"", "</li>");
    assert!(letter.contains("Lettre recommandée"));
    assert!(letter.contains("rue du Meiboom 16-18, 1000 Bruxelles"));
    assert!(letter.contains("22,59 EUR") && letter.contains("à l&#39;école"));
    // Every option says where, which number or how to book — or says in one line what is not known.
    for option in options.split("<li class=\"option\"").skip(1) {
        let actionable = ["Adresse</dt>", "Téléphone</dt>", "Comment prendre rendez-vous</dt>"]
            .iter()
            .any(|label| option.contains(label));
        assert!(actionable || option.contains("Pas encore connu"), "an option without facts nor a not-known line");
    }
    // The deadline is said once, for the procedure.
    assert!(html.contains("31 octobre"));
    // The help places are places, with their address; the Schaerbeek social service the catalog names is there.
    let help = block(&html, "<ul class=\"options help-places\"", "</ul>");
    assert!(help.contains("Services sociaux des quartiers 1030"));
    assert!(help.contains("rue de la Poste 156, 1030 Schaerbeek"));
}

#[tokio::test]
async fn an_appointment_booked_by_email_says_so_on_the_page_and_on_the_sheet() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let id = channel_id(&app, "schaerbeek-identity-card", "appointment-thursday").await;
    for (lang, by_email, internet) in [
        ("fr", "par e-mail", "il faut internet"),
        ("nl", "per e-mail", "internet nodig"),
        ("en", "by e-mail", "needs the internet"),
    ] {
        let (_, html) = page(&app, &format!("/{lang}/procedures/schaerbeek-identity-card")).await;
        let card = block(&html, &format!("id=\"channel-{id}\""), "</article>");
        assert!(card.contains("population@schaerbeek.be"), "{lang}: the address to write to");
        assert!(card.contains(&format!("{by_email} — {internet}")), "{lang}: how to book, on the page");
        let (_, sheet) = page(&app, &format!("/{lang}/procedures/schaerbeek-identity-card/sheet/{id}")).await;
        assert!(sheet.contains(&format!("{by_email} — {internet}")), "{lang}: the same words on the sheet");
    }
}

#[tokio::test]
async fn online_ways_are_one_short_list_not_cards() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let (_, html) = page(&app, "/en/procedures/schaerbeek-identity-card").await;
    for card in html.split("<article class=\"channel").skip(1) {
        let head = &card[..card.find('>').unwrap()];
        assert!(!head.contains("data-kind=\"online\""), "an online way drawn as a card: {head}");
    }
    assert_eq!(html.matches("id=\"online-title\"").count(), 1, "one online section");
    let online = block(&html, "<ul class=\"online-ways\"", "</ul>");
    // The kiosks of the town hall are listed there with their address, as a way to book.
    assert!(online.contains("Place Colignon, 1030 Schaerbeek"));
    assert!(online.matches("<li class=\"online-way").count() >= 2);
    // The offline ways are cards, each with its own id.
    assert!(html.matches("<article class=\"channel").count() >= 3);
}

#[tokio::test]
async fn a_phone_option_without_a_number_says_it_is_not_known() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let (status, body) = page(&app, "/en/orientation?need=study+grant&postcode=1030&no_internet=true").await;
    assert_eq!(status, 200);
    let options = block(&body, "<ol class=\"options\"", "</ol>");
    for option in options.split("<li class=\"option\" data-kind=\"phone\"").skip(1) {
        let option = &option[..option.find("</li>").unwrap_or(option.len())];
        assert!(
            option.contains("href=\"tel:") || option.contains("Not known yet"),
            "a phone option shows its number or says it is not known"
        );
    }
}

#[tokio::test]
async fn the_orientation_api_carries_the_same_facts_as_the_page() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let r =
        reqwest::get(format!("{}/api/v1/orientation?need=fwb-study-grant&postcode=1030&no_internet=true", app.address))
            .await
            .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    let deadline = &body["procedures"][0]["deadline"]["fr"];
    assert!(deadline.as_str().unwrap().contains("31 octobre"), "the deadline, once per procedure: {deadline}");
    let options = body["options"].as_array().unwrap();
    let letter = options.iter().find(|o| o["channel"]["key"] == "registered-letter").expect("the registered letter");
    assert_eq!(letter["channel"]["registered"], true);
    assert!(letter["channel"]["cost"]["fr"].as_str().unwrap().contains("22,59 EUR"));
    assert!(letter["channel"]["conditions"]["en"].as_str().unwrap().contains("at school"));
    // A way the catalog cannot say how to use lists what is missing rather than nothing.
    for o in options {
        let c = &o["channel"];
        if c["usable"] == false {
            assert!(!c["to_verify"].as_array().unwrap().is_empty(), "{}: unusable but nothing to verify", c["key"]);
        }
    }
}

#[tokio::test]
async fn monsieur_p_words_find_the_unemployment_procedures_even_with_words_no_procedure_has() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let url = format!("{}/api/v1/orientation?need=allocations+de+ch%C3%B4mage+non+pay%C3%A9es", app.address);
    let body: serde_json::Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    let procedures = body["procedures"].as_array().unwrap();
    assert!(!procedures.is_empty(), "most of the words match: {}", body["message"]);
    for p in procedures {
        assert!(p["procedure"]["name"]["fr"].as_str().unwrap().contains("chômage"), "{p}");
    }
    // Words of which none tells a procedure apart still find nothing, said plainly.
    let url = format!("{}/api/v1/orientation?need=de+la+xqzwv", app.address);
    let body: serde_json::Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    assert!(body["procedures"].as_array().unwrap().is_empty());
    assert!(body["message"]["fr"].as_str().is_some());
    // The phone lines of a procedure are told apart by their numbers in their headings.
    let (_, html) = page(&app, "/fr/orientation?need=fwb-study-grant&postcode=1030&no_internet=true").await;
    assert!(html.contains("Téléphone — 0800 11 869") && html.contains("Téléphone — 02 413 37 37"));
}
