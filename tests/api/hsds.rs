//! The HSDS view on the shipped catalog, checked against the Open Referral schemas in `../shared/hsds-schema/`
//! (see its SOURCE.md): every list page against `derived/v3.1-dev/*_page.json`, every item against
//! `v3.1-dev/compiled/<type>.json` — as published (HSDS allows extra properties) and strictly (every object closed,
//! our `guichet_` extensions set aside, so a misspelt HSDS field fails) — with format checks on. Plus what the
//! schemas cannot say: list items carry no child arrays, times are `HH:MM`, ids are stable UUIDs, bad parameters
//! are named.

use crate::helpers::{TestApp, TestDb, shipped_catalog, spawn_on};
use jsonschema::{Draft, Validator};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use uuid::Uuid;

fn schema_dir() -> PathBuf {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/hsds-schema"));
    assert!(
        dir.join("v3.1-dev/compiled").is_dir() && dir.join("derived/v3.1-dev").is_dir(),
        "the HSDS JSON Schemas are missing: expected {} (the `shared` folder beside the repository, with \
         v3.1-dev/compiled/ and derived/v3.1-dev/; see its SOURCE.md)",
        dir.display()
    );
    dir
}

fn load_schema(relative: &str) -> Value {
    let path = schema_dir().join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// Every object schema closed (`additionalProperties: false`): the strict check upstream runs on its examples.
fn closed(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.get("properties").is_some_and(Value::is_object) {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            map.values_mut().for_each(closed);
        }
        Value::Array(items) => items.iter_mut().for_each(closed),
        _ => {}
    }
}

/// The instance without our `guichet_` extensions.
fn without_extensions(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !k.starts_with("guichet_"))
                .map(|(k, v)| (k.clone(), without_extensions(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_extensions).collect()),
        other => other.clone(),
    }
}

fn build(schema: &Value, name: &str) -> Validator {
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|e| panic!("schema {name} does not compile: {e}"))
}

/// One HSDS schema, as published and closed.
struct Oracle {
    name: String,
    lenient: Validator,
    strict: Validator,
}

impl Oracle {
    fn new(relative: &str) -> Oracle {
        let schema = load_schema(relative);
        let mut strict = schema.clone();
        closed(&mut strict);
        Oracle { name: relative.to_string(), lenient: build(&schema, relative), strict: build(&strict, relative) }
    }

    /// The schema's complaints about `instance`, as published and (prefixed `(strict)`) closed.
    fn errors(&self, instance: &Value) -> Vec<String> {
        let mut errors: Vec<String> =
            self.lenient.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        let bare = without_extensions(instance);
        errors.extend(self.strict.iter_errors(&bare).map(|e| format!("(strict) {} at {}", e, e.instance_path())));
        errors
    }

    fn check(&self, instance: &Value, what: &str) {
        let errors = self.errors(instance);
        assert!(
            errors.is_empty(),
            "{what} does not validate against {}:\n  {}\n{}",
            self.name,
            errors.iter().take(15).cloned().collect::<Vec<_>>().join("\n  "),
            serde_json::to_string_pretty(instance).unwrap().chars().take(4000).collect::<String>()
        );
    }
}

#[test]
fn the_oracle_rejects_what_hsds_rejects() {
    let oracle = Oracle::new("v3.1-dev/compiled/service.json");
    let good = serde_json::json!({
        "id": "0b8bbd28-5b0d-5bc4-9d6b-4b6a0e0c4f55", "name": "x", "status": "active",
        "guichet_anything": [1, 2], "phones": [{ "id": "9aa8d184-7490-5c7b-a8d9-99398c375e29", "number": "02" }],
    });
    assert_eq!(oracle.errors(&good), Vec::<String>::new());
    let bad = |field: &str, value: Value, strict_only: bool| {
        let mut instance = good.clone();
        instance[field] = value;
        let errors = oracle.errors(&instance);
        assert!(!errors.is_empty(), "`{field}` should fail: {instance}");
        assert_eq!(errors.iter().all(|e| e.starts_with("(strict)")), strict_only, "{field}: {errors:?}");
    };
    bad("status", "open".into(), false);
    bad("id", "not-a-uuid".into(), false);
    bad("url", "not a url".into(), false);
    bad("last_modified", "yesterday".into(), false);
    bad("postcode", "1030".into(), true);
    bad("phones", serde_json::json!([{ "id": "9aa8d184-7490-5c7b-a8d9-99398c375e29", "numbr": "02" }]), false);
}

/// The HSDS types of the three lists.
struct Kind {
    path: &'static str,
    page: Oracle,
    item: Oracle,
}

fn kinds() -> Vec<Kind> {
    [("services", "service"), ("organizations", "organization"), ("service_at_locations", "service_at_location")]
        .into_iter()
        .map(|(path, kind)| Kind {
            path,
            page: Oracle::new(&format!("derived/v3.1-dev/{kind}_page.json")),
            item: Oracle::new(&format!("v3.1-dev/compiled/{kind}.json")),
        })
        .collect()
}

fn assert_uuid(value: &Value, what: &str) -> Uuid {
    let text = value.as_str().unwrap_or_else(|| panic!("{what}: id is not a string: {value}"));
    let id = Uuid::parse_str(text).unwrap_or_else(|_| panic!("{what}: `{text}` is not a UUID"));
    assert_eq!(id.to_string(), text, "{what}: ids are lower-case hyphenated UUIDs");
    id
}

/// Paths of every array inside a list item: HSDS list items carry one-to-one fields only.
fn arrays(value: &Value, path: &str, found: &mut Vec<String>) {
    match value {
        Value::Array(_) => found.push(path.to_string()),
        Value::Object(map) => map.iter().for_each(|(k, v)| arrays(v, &format!("{path}/{k}"), found)),
        _ => {}
    }
}

/// Every `opens_at` / `closes_at` anywhere in a response is `HH:MM`, a real time of day.
fn check_times(value: &Value, path: &str) -> usize {
    match value {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| {
                if k == "opens_at" || k == "closes_at" {
                    let t = v.as_str().unwrap_or_else(|| panic!("{path}/{k} is not a string: {v}"));
                    let ok = t.len() == 5
                        && t.as_bytes()[2] == b':'
                        && t[..2].parse::<u32>().is_ok_and(|h| h < 24)
                        && t[3..].parse::<u32>().is_ok_and(|m| m < 60)
                        && t.bytes().enumerate().all(|(i, b)| i == 2 || b.is_ascii_digit());
                    assert!(ok, "{path}/{k} = `{t}` is not HH:MM");
                    1
                } else {
                    check_times(v, &format!("{path}/{k}"))
                }
            })
            .sum(),
        Value::Array(items) => items.iter().enumerate().map(|(i, v)| check_times(v, &format!("{path}/{i}"))).sum(),
        _ => 0,
    }
}

/// Walks every page of a list, checking the envelope, and returns its items in order.
async fn walk(app: &TestApp, kind: &Kind, per_page: usize) -> Vec<Value> {
    let mut items = Vec::new();
    let mut page = 1;
    loop {
        let path = format!("/hsds/{}?page={page}&per_page={per_page}", kind.path);
        let body = app.get_json(&path).await;
        kind.page.check(&body, &path);
        let contents = body["contents"].as_array().expect("contents").clone();
        let total_items = body["total_items"].as_u64().unwrap() as usize;
        let total_pages = body["total_pages"].as_u64().unwrap() as usize;
        assert_eq!(body["page_number"], page, "{path}");
        assert_eq!(body["size"].as_u64().unwrap() as usize, contents.len(), "{path}: size");
        assert_eq!(body["first_page"], page == 1, "{path}: first_page");
        assert_eq!(body["last_page"], page >= total_pages, "{path}: last_page");
        assert_eq!(body["empty"], contents.is_empty(), "{path}: empty");
        assert_eq!(total_pages, total_items.div_ceil(per_page), "{path}: total_pages");
        if page < total_pages {
            assert_eq!(contents.len(), per_page, "{path}: a page before the last is full");
        }
        for (i, item) in contents.iter().enumerate() {
            let mut found = Vec::new();
            arrays(item, "", &mut found);
            assert!(found.is_empty(), "{path}: item {i} carries child arrays {found:?}: HSDS list items are flat");
        }
        items.extend(contents);
        if page >= total_pages {
            assert_eq!(items.len(), total_items, "{path}: the pages hold total_items items");
            break;
        }
        page += 1;
    }
    // Past the last page: an empty, valid page.
    let path = format!("/hsds/{}?page={}&per_page={per_page}", kind.path, page + 1);
    let past = app.get_json(&path).await;
    kind.page.check(&past, &path);
    assert_eq!(past["empty"], true, "{path}");
    assert_eq!(past["last_page"], true, "{path}");
    items
}

#[tokio::test]
async fn every_hsds_page_and_item_validates_against_the_hsds_schemas() {
    let kinds = kinds();
    let app = spawn_on(&TestDb::new(), &shipped_catalog()).await;

    let root = app.get_json("/hsds/").await;
    Oracle::new("derived/api_root.json").check(&root, "GET /hsds/");
    assert_eq!(root["version"], "3.1");
    assert!(root["openapi_url"].as_str().unwrap().ends_with("/openapi.json"), "{root}");
    assert_eq!(app.get_json("/hsds").await, root, "/hsds and /hsds/ are the same");
    let openapi = app.get_json(root["openapi_url"].as_str().unwrap().trim_start_matches(&app.address)).await;
    assert!(openapi["openapi"].as_str().unwrap().starts_with("3.1"), "openapi_url serves the OpenAPI document");

    let mut times = 0;
    let mut all_ids: BTreeMap<&str, Vec<Uuid>> = BTreeMap::new();
    for kind in &kinds {
        let items = walk(&app, kind, 7).await;
        assert!(items.len() > 7, "{}: several pages", kind.path);
        let mut ids = BTreeSet::new();
        for item in &items {
            let id = assert_uuid(&item["id"], kind.path);
            assert_eq!(id.get_version_num(), 5, "{}: name-based ids", kind.path);
            assert!(ids.insert(id), "{}: id {id} listed twice", kind.path);
            let path = format!("/hsds/{}/{id}", kind.path);
            let detail = app.get_json(&path).await;
            kind.item.check(&detail, &path);
            assert_eq!(detail["id"], item["id"], "{path}");
            // The list item is the detail without its arrays.
            for (k, v) in item.as_object().unwrap() {
                if k != "location" && k != "service" {
                    assert_eq!(&detail[k], v, "{path}: `{k}` differs between the list and the detail");
                }
            }
            times += check_times(&detail, &path);
        }
        all_ids.insert(kind.path, ids.into_iter().collect());
    }
    assert!(times > 0, "some schedules have opening times");

    // Ids are stable: a second start on a fresh database gives the same ones.
    let again = spawn_on(&TestDb::new(), &shipped_catalog()).await;
    for kind in &kinds {
        let mut ids: Vec<Uuid> =
            walk(&again, kind, 100).await.iter().map(|i| assert_uuid(&i["id"], kind.path)).collect();
        ids.sort();
        assert_eq!(&ids, &all_ids[kind.path], "{}: the same ids after a restart", kind.path);
    }
}

/// A service by its v1 slug, through the list.
async fn service_by_slug(app: &TestApp, slug: &str) -> Value {
    let list = app.get_json("/hsds/services?per_page=100").await;
    let mut items = list["contents"].as_array().unwrap().clone();
    let mut page = 1;
    while list["total_pages"].as_u64().unwrap() > page {
        page += 1;
        let next = app.get_json(&format!("/hsds/services?per_page=100&page={page}")).await;
        items.extend(next["contents"].as_array().unwrap().iter().cloned());
    }
    let item = items.iter().find(|i| i["guichet_slug"] == slug).unwrap_or_else(|| panic!("no service `{slug}`"));
    app.get_json(&format!("/hsds/services/{}", item["id"].as_str().unwrap())).await
}

#[tokio::test]
async fn hsds_maps_statuses_places_and_hours_honestly() {
    let app = spawn_on(&TestDb::new(), &shipped_catalog()).await;

    // The study grant's counter is declared closed temporarily: an alert with the source's words, and the channel
    // with its declared status among the service's channels.
    let grant = service_by_slug(&app, "fwb-study-grant").await;
    assert_eq!(grant["status"], "active", "the post channel is still open: {grant}");
    assert!(grant["alert"].as_str().unwrap().contains("closed temporarily"), "{}", grant["alert"]);
    let counter = grant["guichet_channels"].as_array().unwrap().iter().find(|c| c["key"] == "counter").unwrap();
    assert_eq!(counter["declared"]["state"], "closed_temporarily");
    assert_eq!(counter["declared"]["since"], "2022");
    assert_eq!(counter["declared"]["source"]["key"], "seed-002");
    assert!(counter["declared"]["source"]["date"].is_string(), "the source date travels");
    assert!(counter["observed"]["state"].is_string());
    // Its post channel has a place used only for letters: a postal location, with the address as the source has it.
    let post = grant["service_at_locations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["guichet_channel_kind"] == "post")
        .expect("the study grant's post channel is a service-at-location");
    assert_eq!(post["location"]["location_type"], "postal");
    let address = &post["location"]["addresses"][0];
    assert_eq!(address["address_1"], "rue du Meiboom 16-18");
    assert_eq!(address["postal_code"], "1000");
    assert_eq!(address["city"], "Bruxelles");
    assert_eq!(address["country"], "BE");

    // Every service-at-location in the list carries the declared and observed status of its channel.
    let mut all_sal: Vec<Value> = Vec::new();
    for page in 1.. {
        let sal = app.get_json(&format!("/hsds/service_at_locations?per_page=100&page={page}")).await;
        all_sal.extend(sal["contents"].as_array().unwrap().iter().cloned());
        if sal["last_page"] == true {
            break;
        }
    }
    for item in &all_sal {
        assert!(item["guichet_declared_status"]["state"].is_string(), "{item}");
        assert!(item["guichet_observed_status"]["state"].is_string(), "{item}");
        assert!(item["location_id"] == item["location"]["id"], "{item}");
    }

    // A location without a street (the City of Brussels' liaison office in Laeken) has no HSDS address, and what
    // is known stays in the extension; nothing is invented.
    let mut seen_partial = false;
    let mut schedules = Vec::new();
    for item in &all_sal {
        let detail = app.get_json(&format!("/hsds/service_at_locations/{}", item["id"].as_str().unwrap())).await;
        if detail["location"]["guichet_key"] == "bruxelles-bureau-liaison-laeken" {
            assert_eq!(detail["location"]["addresses"], serde_json::json!([]));
            assert_eq!(detail["location"]["guichet_partial_address"]["city"], "Bruxelles");
            assert!(detail["location"]["guichet_partial_address"]["street"].is_null());
            seen_partial = true;
        }
        schedules.extend(detail["schedules"].as_array().unwrap().iter().cloned());
    }
    assert!(seen_partial, "the City of Brussels' liaison office in Laeken is listed");

    // "Th 08:00-13:00,15:00-19:00": two weekly schedules on Thursdays.
    let thursday: Vec<&Value> =
        schedules.iter().filter(|s| s["guichet_opening_hours"] == "Th 08:00-13:00,15:00-19:00").collect();
    assert!(!thursday.is_empty(), "Schaerbeek's Thursday counter has schedules");
    let mut intervals: Vec<(String, String, String)> = thursday
        .iter()
        .map(|s| {
            assert_eq!(s["freq"], "WEEKLY");
            (s["byday"].to_string(), s["opens_at"].to_string(), s["closes_at"].to_string())
        })
        .collect();
    intervals.sort();
    intervals.dedup();
    assert_eq!(
        intervals,
        vec![
            ("\"TH\"".into(), "\"08:00\"".into(), "\"13:00\"".into()),
            ("\"TH\"".into(), "\"15:00\"".into(), "\"19:00\"".into())
        ]
    );
}

#[tokio::test]
async fn hsds_filters_narrow_the_lists() {
    let app = spawn_on(&TestDb::new(), &shipped_catalog()).await;
    let all = app.get_json("/hsds/services?per_page=100").await;
    let total = all["total_items"].as_u64().unwrap();

    // organization_id: only that organization's services.
    let orgs = app.get_json("/hsds/organizations?per_page=100&search=schaerbeek").await;
    let commune =
        orgs["contents"].as_array().unwrap().iter().find(|o| o["guichet_slug"] == "commune-schaerbeek").unwrap();
    let id = commune["id"].as_str().unwrap();
    for list in ["services", "service_at_locations"] {
        let page = app.get_json(&format!("/hsds/{list}?per_page=100&organization_id={id}")).await;
        let n = page["total_items"].as_u64().unwrap();
        assert!(n > 0, "{list}: the commune of Schaerbeek has some");
        let all = app.get_json(&format!("/hsds/{list}?per_page=100")).await;
        assert!(n < all["total_items"].as_u64().unwrap(), "{list}: not every one is Schaerbeek's");
        for item in page["contents"].as_array().unwrap() {
            let organization =
                if list == "services" { &item["organization_id"] } else { &item["service"]["organization_id"] };
            assert_eq!(organization, id, "{list}: {item}");
        }
    }
    // An organization id that is no organization: nothing.
    let none = app.get_json(&format!("/hsds/services?organization_id={}", Uuid::nil())).await;
    assert_eq!(none["total_items"], 0);
    assert_eq!(none["empty"], true);

    // modified_after: everything was modified after 2000, nothing after 2999.
    let old = app.get_json("/hsds/services?per_page=100&modified_after=2000-01-01T00:00:00Z").await;
    assert_eq!(old["total_items"], total);
    let future = app.get_json("/hsds/services?modified_after=2999-01-01T00:00:00%2B01:00").await;
    assert_eq!(future["total_items"], 0);

    // search: words, every one must match.
    let found = app.get_json("/hsds/services?search=allocation%20%C3%A9tudes").await;
    let n = found["total_items"].as_u64().unwrap();
    assert!(n > 0 && n < total, "{n} of {total}");
    assert!(found["contents"].as_array().unwrap().iter().any(|s| s["guichet_slug"] == "fwb-study-grant"));

    // postcode: only bodies serving that commune; another commune's local bodies are left out.
    let schaerbeek = app.get_json("/hsds/organizations?per_page=100&postcode=1030").await;
    let slugs: Vec<&str> =
        schaerbeek["contents"].as_array().unwrap().iter().map(|o| o["guichet_slug"].as_str().unwrap()).collect();
    assert!(slugs.contains(&"commune-schaerbeek") && slugs.contains(&"actiris"), "{slugs:?}");
    assert!(!slugs.contains(&"commune-anderlecht"), "{slugs:?}");
}

#[tokio::test]
async fn bad_hsds_parameters_are_named_and_unknown_ids_are_404() {
    let app = spawn_on(&TestDb::new(), &shipped_catalog()).await;
    for list in ["services", "organizations", "service_at_locations"] {
        for (query, status, field) in [
            ("per_page=0", 400, "per_page"),
            ("per_page=101", 400, "per_page"),
            ("page=abc", 400, "page"),
            ("page=0", 400, "page"),
            ("page=1000001", 400, "page"),
            ("modified_after=yesterday", 400, "modified_after"),
            ("modified_after=2025-01-01", 400, "modified_after"),
            ("modified_after=", 400, "modified_after"),
            ("organization_id=not-a-uuid", 400, "organization_id"),
            ("postcode=abc", 400, "postcode"),
            ("postcode=9999", 404, "postcode"),
        ] {
            app.assert_problem(&format!("/hsds/{list}?{query}"), status, Some(field)).await;
        }
        let unknown = Uuid::new_v4();
        app.assert_problem(&format!("/hsds/{list}/{unknown}"), 404, None).await;
        app.assert_problem(&format!("/hsds/{list}/not-a-uuid"), 400, Some("id")).await;
    }
}
