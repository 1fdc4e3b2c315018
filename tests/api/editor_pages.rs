//! The editing pages and the suggestion pages, as a browser without JavaScript uses them: an editor signs in
//! with their token, changes a way of their institution (never another's), sees the week before saving, meets
//! another editor's change as a 409; a reporter proposes a correction on the web, the editor accepts it, and the
//! procedure page shows the fact with its source "reported by …"; the proposer follows it with the code.

use crate::editing::{editor, read};
use crate::helpers::*;
use crate::observations::{channel_id, token};
use guichet::domain::Role;
use serde_json::Value;

/// A browser: its cookies (`name=value; …`), sent back by hand.
struct Browser<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    cookies: Vec<String>,
}

impl<'a> Browser<'a> {
    fn new(app: &'a TestApp) -> Self {
        Browser { app, client: manual(), cookies: Vec::new() }
    }

    fn keep(&mut self, r: &reqwest::Response) {
        for name in ["guichet_csrf", "guichet_session"] {
            if let Some(c) = set_cookie(r, name) {
                let pair = cookie_pair(&c);
                self.cookies.retain(|k| !k.starts_with(&format!("{name}=")));
                self.cookies.push(pair);
            }
        }
    }

    async fn get(&mut self, path: &str) -> (u16, String) {
        let r = self
            .client
            .get(format!("{}{path}", self.app.address))
            .header("Cookie", self.cookies.join("; "))
            .send()
            .await
            .unwrap();
        self.keep(&r);
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// Posts a form; returns the status, the `Location` and the body.
    async fn post(&mut self, path: &str, form: &[(&str, String)]) -> (u16, String, String) {
        let r = self
            .client
            .post(format!("{}{path}", self.app.address))
            .header("Cookie", self.cookies.join("; "))
            .form(form)
            .send()
            .await
            .unwrap();
        self.keep(&r);
        let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
        (r.status().as_u16(), location, r.text().await.unwrap())
    }

    async fn sign_in(&mut self, token: &str, next: &str) {
        let (status, html) = self.get(&format!("/fr/signin?next={next}")).await;
        assert_eq!(status, 200);
        let csrf = hidden(&html, "csrf");
        let (status, location, _) =
            self.post("/fr/signin", &[("csrf", csrf), ("next", next.into()), ("token", token.into())]).await;
        assert_eq!((status, location.as_str()), (303, next), "signed in");
    }
}

/// The fields of the facts form as the page gives them (hidden ones, text inputs, checked boxes, selected
/// options), so a test posts what a browser would, then changes one.
pub(crate) fn form_fields(html: &str, form_id: &str) -> Vec<(String, String)> {
    let start = html.find(&format!("<form id=\"{form_id}\"")).expect("the form");
    let form = &html[start..start + html[start..].find("</form>").unwrap()];
    let attr = |tag: &str, name: &str| {
        let m = format!("{name}=\"");
        tag.find(&m).map(|i| {
            let rest = &tag[i + m.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
    };
    // Entities as a browser reads them: named and numeric (askama writes `&#34;` for a quote).
    let unescape = |v: String| {
        let mut out = String::new();
        let mut rest = v.as_str();
        while let Some(i) = rest.find('&') {
            out.push_str(&rest[..i]);
            let end = rest[i..].find(';').map(|e| i + e);
            let entity = end.map(|e| &rest[i + 1..e]);
            let ch = match entity {
                Some("quot") => Some('"'),
                Some("amp") => Some('&'),
                Some("lt") => Some('<'),
                Some("gt") => Some('>'),
                Some("apos") => Some('\''),
                Some(e) if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32),
                Some(e) if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            match (ch, end) {
                (Some(c), Some(e)) => {
                    out.push(c);
                    rest = &rest[e + 1..];
                }
                _ => {
                    out.push('&');
                    rest = &rest[i + 1..];
                }
            }
        }
        out.push_str(rest);
        out
    };
    let mut out = Vec::new();
    for (i, _) in form.match_indices("<input ") {
        let tag = &form[i..i + form[i..].find('>').unwrap()];
        let (Some(name), kind) = (attr(tag, "name"), attr(tag, "type").unwrap_or_default()) else { continue };
        if kind == "checkbox" && !tag.contains(" checked") {
            continue;
        }
        out.push((name, unescape(attr(tag, "value").unwrap_or_default())));
    }
    for (i, _) in form.match_indices("<textarea ") {
        let tag = &form[i..i + form[i..].find('>').unwrap()];
        let body = &form[i + tag.len() + 1..];
        out.push((attr(tag, "name").unwrap(), unescape(body[..body.find("</textarea>").unwrap()].to_string())));
    }
    for (i, _) in form.match_indices("<select ") {
        let tag = &form[i..i + form[i..].find('>').unwrap()];
        let body = &form[i..i + form[i..].find("</select>").unwrap()];
        let chosen = body.find(" selected>").map(|j| {
            let before = &body[..j];
            let v = before.rfind("value=\"").unwrap() + 7;
            before[v..v + before[v..].find('"').unwrap()].to_string()
        });
        out.push((attr(tag, "name").unwrap(), chosen.unwrap_or_default()));
    }
    out
}

pub(crate) fn with(mut fields: Vec<(String, String)>, name: &str, value: &str) -> Vec<(String, String)> {
    fields.retain(|(k, _)| k != name);
    fields.push((name.to_string(), value.to_string()));
    fields
}

fn refs(fields: &[(String, String)]) -> Vec<(&str, String)> {
    fields.iter().map(|(k, v)| (k.as_str(), v.clone())).collect()
}

fn today() -> String {
    chrono::Utc::now().with_timezone(&chrono_tz::Europe::Brussels).date_naive().to_string()
}

#[tokio::test]
async fn an_editor_changes_a_way_on_the_pages_and_no_other_institutions() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let schaerbeek = editor(&db, "Commune de Schaerbeek", &["commune-schaerbeek"]);
    let admin = token(&db, "guichet", Role::Admin, None);
    let counter = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    let fwb_phone = channel_id(&app, "fwb-study-grant", "phone").await;

    // Not signed in: sent to sign in, and back here after.
    let mut b = Browser::new(&app);
    let (status, location, _) = {
        let r = manual().get(format!("{}/fr/editor", app.address)).send().await.unwrap();
        (r.status().as_u16(), r.headers()["location"].to_str().unwrap().to_string(), ())
    };
    assert_eq!(status, 303);
    assert!(location.starts_with("/fr/signin?next="), "{location}");
    b.sign_in(&schaerbeek, "/fr/editor").await;

    let (status, html) = b.get("/fr/editor").await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("/fr/editor/channels/{counter}")), "the dashboard lists the way");
    assert!(!html.contains(&format!("/fr/editor/channels/{fwb_phone}")), "and no other institution's");
    assert_eq!(b.get(&format!("/fr/editor/channels/{fwb_phone}")).await.0, 403);

    // The week before saving: a submit button, no script.
    let (status, html) = b.get(&format!("/fr/editor/channels/{counter}")).await;
    assert_eq!(status, 200);
    let fields = form_fields(&html, "facts");
    let hours = "Mo-Fr 09:00-12:00; PH off";
    let preview = with(with(fields.clone(), "opening_hours", hours), "action", "preview");
    let (status, _, html) = b.post(&format!("/fr/editor/channels/{counter}"), &refs(&preview)).await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"preview\"") && html.contains("9:00"), "the week is shown");
    let (_, before) = read(&app, counter).await;
    assert_ne!(read(&app, counter).await.0["opening_hours"], hours, "a preview saves nothing");
    let _ = before;

    // A bad phone number is named, nothing written.
    let bad = with(with(fields.clone(), "phone", "not a number"), "action", "save");
    let (status, _, html) = b.post(&format!("/fr/editor/channels/{counter}"), &refs(&bad)).await;
    assert_eq!(status, 422);
    assert!(html.contains("href=\"#f-phone\""), "the error links to the field");

    // Saved: the public page shows it with the editor as the source of that fact.
    let save = with(with(fields.clone(), "opening_hours", hours), "action", "save");
    let (status, location, _) = b.post(&format!("/fr/editor/channels/{counter}"), &refs(&save)).await;
    assert_eq!((status, location), (303, format!("/fr/editor/channels/{counter}?done=saved")));
    let (channel, _) = read(&app, counter).await;
    assert_eq!(channel["opening_hours"], hours);
    let (_, public) = page(&app, "/fr/procedures/schaerbeek-identity-card").await;
    assert!(public.contains(&format!("Indiqué par Commune de Schaerbeek le {}", today())), "the source is shown");

    // The form read before that change is stale: 409, with the facts as they now are.
    let (status, _, html) =
        b.post(&format!("/fr/editor/channels/{counter}"), &refs(&with(save, "phone", "02 244 75 11"))).await;
    assert_eq!(status, 409);
    assert!(html.contains(hours), "the current facts are shown");

    // The audit log has the change, by this editor.
    let r = app
        .client
        .get(format!("{}/api/v1/audit?institution=commune-schaerbeek", app.address))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    let log: Value = r.json().await.unwrap();
    let items = log["items"].as_array().or_else(|| log.as_array()).expect("audit entries").clone();
    assert!(items.iter().any(|e| e["action"] == "update" && e["after"]["opening_hours"] == hours), "{log}");
}

#[tokio::test]
async fn a_status_declared_on_the_page_is_public_with_its_source() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let schaerbeek = editor(&db, "Commune de Schaerbeek", &["commune-schaerbeek"]);
    let counter = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    let mut b = Browser::new(&app);
    b.sign_in(&schaerbeek, "/fr/editor").await;
    let (_, html) = b.get(&format!("/fr/editor/channels/{counter}")).await;
    let status_form = form_fields(&html, "status");
    // A note in one language only is refused, naming the note.
    let one = with(with(status_form.clone(), "state", "closed_temporarily"), "note_fr", "Travaux");
    let (status, _, html) = b.post(&format!("/fr/editor/channels/{counter}/status"), &refs(&one)).await;
    assert_eq!(status, 422, "{html}");
    let full = with(with(one, "note_nl", "Werken"), "note_en", "Works");
    let (status, location, _) = b.post(&format!("/fr/editor/channels/{counter}/status"), &refs(&full)).await;
    assert_eq!((status, location), (303, format!("/fr/editor/channels/{counter}?done=status")));
    assert_eq!(read(&app, counter).await.0["declared"]["state"], "closed_temporarily");
    let (_, public) = page(&app, "/nl/procedures/schaerbeek-identity-card").await;
    assert!(public.contains("Werken") && public.contains("Opgegeven door Commune de Schaerbeek"), "status and source");
}

#[tokio::test]
async fn a_suggestion_from_the_web_is_accepted_on_the_pages_and_shown_with_its_source() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let schaerbeek = editor(&db, "Commune de Schaerbeek", &["commune-schaerbeek"]);
    let reporter = token(&db, "SSQ 1030", Role::Reporter, Some("schaerbeek"));
    let counter = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;

    // A reporter, signed in, proposes a correction from the public page's link.
    let (_, public) = page(&app, "/fr/procedures/schaerbeek-identity-card").await;
    assert!(public.contains(&format!("/fr/channels/{counter}/suggest")), "the card links to the form");
    let mut proposer = Browser::new(&app);
    proposer.sign_in(&reporter, "/fr/report").await;
    let (status, html) = proposer.get(&format!("/fr/channels/{counter}/suggest")).await;
    assert_eq!(status, 200);
    let csrf = hidden(&html, "csrf");
    let seen_on = today();
    // Personal data in what was seen is refused, naming the field.
    let (status, _, html) = proposer
        .post(
            &format!("/fr/channels/{counter}/suggest"),
            &[
                ("csrf", csrf.clone()),
                ("fact", "opening_hours".into()),
                ("seen", "Mme Dupont, 85.07.30-033.28".into()),
                ("seen_on", seen_on.clone()),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(html.contains("href=\"#f-seen\""));
    let (status, location, _) = proposer
        .post(
            &format!("/fr/channels/{counter}/suggest"),
            &[
                ("csrf", csrf),
                ("fact", "opening_hours".into()),
                ("seen", "Affiche à l'entrée : fermé le vendredi".into()),
                ("seen_on", seen_on.clone()),
                ("proposed", "Mo-Th 08:30-12:30; PH off".into()),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let code = location.rsplit('/').next().unwrap().to_string();
    let (status, tracking) = page(&app, &location).await;
    assert_eq!(status, 200);
    assert!(tracking.contains(&code) && tracking.contains("en attente de décision"));
    assert!(!tracking.contains("SSQ 1030"), "the proposer is never shown publicly");

    // The editor sees it in the queue, with the proposed hours in the form, and accepts.
    let mut ed = Browser::new(&app);
    ed.sign_in(&schaerbeek, "/fr/editor").await;
    let (_, queue) = ed.get("/fr/editor/suggestions").await;
    assert!(queue.contains(&format!("/fr/editor/suggestions/{code}")) && queue.contains("SSQ 1030"));
    let (status, review) = ed.get(&format!("/fr/editor/suggestions/{code}")).await;
    assert_eq!(status, 200);
    let accept = form_fields(&review, "accept");
    assert!(accept.iter().any(|(k, v)| k == "opening_hours" && v == "Mo-Th 08:30-12:30; PH off"), "{accept:?}");
    let (status, location, _) = ed.post(&format!("/fr/editor/suggestions/{code}/accept"), &refs(&accept)).await;
    assert_eq!((status, location.as_str()), (303, "/fr/editor/suggestions?done=accepted"));

    // The procedure page shows the hours with their source, the proposer follows it with the code.
    assert_eq!(read(&app, counter).await.0["opening_hours"], "Mo-Th 08:30-12:30; PH off");
    let (_, public) = page(&app, "/fr/procedures/schaerbeek-identity-card").await;
    assert!(public.contains(&format!("Signalé par SSQ 1030 le {seen_on}")), "reported by …");
    let (_, tracking) = page(&app, &format!("/fr/suggestions/{code}")).await;
    assert!(tracking.contains("acceptée et publiée"));
    // Decided: a second accept is a 409 on the page, nothing changed.
    let (status, _, _) = ed.post(&format!("/fr/editor/suggestions/{code}/accept"), &refs(&accept)).await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn a_rejected_suggestion_shows_its_reason_and_another_institution_cannot_decide() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let schaerbeek = editor(&db, "Commune de Schaerbeek", &["commune-schaerbeek"]);
    let fwb = editor(&db, "FWB", &["fwb-allocations-etudes"]);
    let counter = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;

    // An anonymous visitor proposes (the form's own anti-forgery cookie).
    let mut visitor = Browser::new(&app);
    let (_, html) = visitor.get(&format!("/en/channels/{counter}/suggest")).await;
    let csrf = hidden(&html, "csrf");
    let (status, location, _) = visitor
        .post(
            &format!("/en/channels/{counter}/suggest"),
            &[
                ("csrf", csrf),
                ("fact", "phone".into()),
                ("seen", "The number rings and nobody answers".into()),
                ("seen_on", today()),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let code = location.rsplit('/').next().unwrap().to_string();
    // Without the anti-forgery pair: refused.
    let (status, _, _) = Browser::new(&app)
        .post(
            &format!("/en/channels/{counter}/suggest"),
            &[("fact", "phone".into()), ("seen", "x".into()), ("seen_on", today())],
        )
        .await;
    assert_eq!(status, 403);

    let mut other = Browser::new(&app);
    other.sign_in(&fwb, "/fr/editor").await;
    assert_eq!(other.get(&format!("/fr/editor/suggestions/{code}")).await.0, 403);
    let (_, queue) = other.get("/fr/editor/suggestions").await;
    assert!(!queue.contains(&code), "another institution's queue does not hold it");

    let mut ed = Browser::new(&app);
    ed.sign_in(&schaerbeek, "/fr/editor").await;
    let (_, review) = ed.get(&format!("/fr/editor/suggestions/{code}")).await;
    let csrf = hidden(&review, "csrf");
    let (status, _, html) = ed
        .post(&format!("/fr/editor/suggestions/{code}/reject"), &[("csrf", csrf.clone()), ("reason", "".into())])
        .await;
    assert_eq!(status, 422, "a reason is needed");
    assert!(html.contains("href=\"#f-reason\""));
    let reason = "The line is answered from 9:00; we checked on the same day";
    let (status, location, _) =
        ed.post(&format!("/fr/editor/suggestions/{code}/reject"), &[("csrf", csrf), ("reason", reason.into())]).await;
    assert_eq!((status, location.as_str()), (303, "/fr/editor/suggestions?done=rejected"));
    let (_, tracking) = page(&app, &format!("/en/suggestions/{code}")).await;
    assert!(tracking.contains("not accepted") && tracking.contains(reason));
}

#[tokio::test]
async fn a_campaign_over_one_commune_is_confirmed_on_the_pages_one_action_per_way() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let schaerbeek = editor(&db, "Commune de Schaerbeek", &["commune-schaerbeek"]);
    let admin = token(&db, "guichet", Role::Admin, None);
    let deadline = (chrono::Utc::now().date_naive() + chrono::Days::new(30)).to_string();
    let body =
        serde_json::json!({"name": "Vérification de décembre", "deadline": deadline, "communes": ["schaerbeek"]});
    let r = app
        .client
        .post(format!("{}/api/v1/campaigns", app.address))
        .bearer_auth(&admin)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    let mut b = Browser::new(&app);
    b.sign_in(&schaerbeek, "/fr/editor").await;
    let (_, dashboard) = b.get("/fr/editor").await;
    assert!(
        dashboard.contains(&format!("/fr/editor/campaigns/{id}")) && dashboard.contains("Vérification de décembre")
    );
    let (status, html) = b.get(&format!("/fr/editor/campaigns/{id}")).await;
    assert_eq!(status, 200);
    let left = html.matches("class=\"to-confirm\"").count();
    assert!(left >= 2, "the commune's ways are listed: {left}");
    // "Still true" on each, one post each, from the page as it stands after the last one.
    for n in 0..left {
        let (_, html) = b.get(&format!("/fr/editor/campaigns/{id}")).await;
        let form = &html[html.find("/verify\"").expect("a still-true form") - 40..];
        let action = &form[form.find("action=\"").unwrap() + 8..];
        let action = action[..action.find('"').unwrap()].to_string();
        let fields = vec![
            ("csrf", hidden(form, "csrf")),
            ("etag", hidden(form, "etag").replace("&#34;", "\"")),
            ("next", format!("/fr/editor/campaigns/{id}")),
        ];
        let (status, location, _) = b.post(&action, &fields).await;
        assert_eq!((status, location), (303, format!("/fr/editor/campaigns/{id}?done=verified")), "way {n}");
    }
    let (_, html) = b.get(&format!("/fr/editor/campaigns/{id}")).await;
    assert_eq!(html.matches("class=\"to-confirm\"").count(), 0, "nothing left");
    assert!(html.contains("Plus rien à faire"));
    // The public page says who verified each way, and when.
    let (_, public) = page(&app, "/fr/procedures/schaerbeek-identity-card").await;
    assert!(public.matches("par Commune de Schaerbeek").count() >= left, "each way shows who verified it");
    assert!(!public.contains("À vérifier :"), "no way left to verify");
}

#[tokio::test]
async fn an_editor_gives_the_address_of_a_ways_place_on_the_page_and_every_way_there_shows_it() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let schaerbeek = editor(&db, "Commune de Schaerbeek", &["commune-schaerbeek"]);
    let counter = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    let thursday = channel_id(&app, "schaerbeek-identity-card", "appointment-thursday").await;
    let mut b = Browser::new(&app);
    let path = format!("/fr/editor/channels/{counter}");
    b.sign_in(&schaerbeek, &path).await;
    let (status, html) = b.get(&path).await;
    assert_eq!(status, 200);
    assert!(html.contains("Hôtel communal de Schaerbeek") && html.contains("id=\"place-form\""), "{html}");
    let fields = form_fields(&html, "place-form");

    // A postcode that is not Belgian is named on the page; nothing is written.
    let bad = with(with(fields.clone(), "address", "Place Colignon"), "postcode", "99999");
    let (status, _, html) = b.post(&format!("{path}/place"), &refs(&bad)).await;
    assert_eq!(status, 422);
    assert!(html.contains("href=\"#f-postcode\""), "the field is named");
    assert!(app.get_json("/api/v1/locations/schaerbeek-hotel-communal").await.get("address").is_none());

    let good = with(with(fields.clone(), "address", "Place Colignon"), "postcode", "1030");
    let (status, location, _) = b.post(&format!("{path}/place"), &refs(&good)).await;
    assert_eq!((status, location.as_str()), (303, format!("{path}?done=place").as_str()));
    let place = app.get_json("/api/v1/locations/schaerbeek-hotel-communal").await;
    assert_eq!((place["address"].as_str(), place["postcode"].as_str()), (Some("Place Colignon"), Some("1030")));
    // Sourced by the editor's statement, dated today; the other way at that place shows it too.
    let source = place["fact_sources"]["address"].as_str().unwrap().to_string();
    assert!(source.starts_with("stated-place-"), "{place}");
    let (other, _) = read(&app, thursday).await;
    assert!(other.to_string().contains("Place Colignon"), "{other}");
    let (_, public) = page(&app, "/fr/procedures/schaerbeek-identity-card").await;
    assert!(public.contains("Place Colignon") && public.contains("Indiqué par Commune de Schaerbeek le"), "{public}");

    // The form read before that change is stale now: another address is a 409 with the address as it stands.
    let other = with(fields.clone(), "address", "Place Colignon 1");
    let (status, _, html) = b.post(&format!("{path}/place"), &refs(&other)).await;
    assert_eq!(status, 409);
    assert!(html.contains("value=\"Place Colignon\""));
}
