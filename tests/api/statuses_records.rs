//! The statuses of the writes of institutions, procedures and locations (and a procedure's new channels), checked
//! as `statuses_writes.rs` checks the channels': every (operation, documented status) pair of `RECORD_OPERATIONS`
//! has a request in the table below, each request gets exactly its status, and none gets a status its operation
//! does not document. The table runs in order: a version read before it is current until the request that
//! changes it, and stale after.

use crate::editing::{editor, send};
use crate::helpers::*;
use crate::observations::token;
use crate::statuses::{Call, call, documented, run};
use guichet::domain::Role;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The operations this table covers (`statuses.rs` leaves them to it).
pub const RECORD_OPERATIONS: &[(&str, &str)] = &[
    ("GET", "/api/v1/institutions/{slug}/entry"),
    ("POST", "/api/v1/institutions"),
    ("PATCH", "/api/v1/institutions/{slug}"),
    ("PUT", "/api/v1/institutions/{slug}"),
    ("DELETE", "/api/v1/institutions/{slug}"),
    ("GET", "/api/v1/procedures/{slug}/entry"),
    ("POST", "/api/v1/procedures"),
    ("PATCH", "/api/v1/procedures/{slug}"),
    ("PUT", "/api/v1/procedures/{slug}"),
    ("DELETE", "/api/v1/procedures/{slug}"),
    ("POST", "/api/v1/procedures/{slug}/channels"),
    ("GET", "/api/v1/locations/{key}"),
    ("POST", "/api/v1/locations"),
    ("PATCH", "/api/v1/locations/{key}"),
    ("PUT", "/api/v1/locations/{key}"),
    ("DELETE", "/api/v1/locations/{key}"),
];

/// Pairs this table does not provoke, each with the test that does.
const ELSEWHERE: &[(&str, &str, u16, &str)] = &[
    ("GET", "/api/v1/institutions/{slug}/entry", 503, "outage.rs (same store::blocking path)"),
    ("GET", "/api/v1/procedures/{slug}/entry", 503, "outage.rs (same store::blocking path)"),
    ("GET", "/api/v1/locations/{key}", 503, "outage.rs (same store::blocking path)"),
];

async fn entry(app: &TestApp, path: &str) -> (Value, String) {
    let r = app.get(path).await;
    assert_eq!(r.status(), 200, "{path}");
    let tag = r.headers()["etag"].to_str().unwrap().to_string();
    (r.json().await.unwrap(), tag)
}

/// One write under `If-Match`: malformed JSON, no token, each refused token, the missing record, too large, not
/// JSON, an invalid body and no `If-Match` are refused; then the write answers 200, and the same write with the
/// version it made stale 412.
struct Versioned<'a> {
    method: &'static str,
    op: &'static str,
    path: String,
    missing: String,
    tag: &'a str,
    admin: &'a str,
    refused: &'a [&'a str],
    body: Value,
    invalid: Value,
}

fn versioned(v: Versioned<'_>) -> Vec<Call> {
    let Versioned { method, op, path, missing, tag, admin, refused, body, invalid } = v;
    let (path, missing, body, invalid) = (&path, &missing, &body, &invalid);
    let with = |status: u16| call(method, op, status, path).token(admin).header("If-Match", tag);
    let mut calls = vec![
        with(400).raw("application/json", "{"),
        call(method, op, 401, path).header("If-Match", tag).json(body.clone()),
    ];
    for t in refused {
        calls.push(call(method, op, 403, path).token(t).header("If-Match", tag).json(body.clone()));
    }
    calls.extend([
        call(method, op, 404, missing).token(admin).header("If-Match", tag).json(body.clone()),
        with(413).raw("application/json", vec![b' '; 17 * 1024]),
        with(415).raw("text/plain", body.to_string()),
        with(422).json(invalid.clone()),
        call(method, op, 428, path).token(admin).json(body.clone()),
        with(200).json(body.clone()),
        with(412).json(body.clone()),
    ]);
    calls
}

/// A create: malformed, no token, refused, too large, not JSON, invalid; then 201.
fn created(op: &'static str, path: &str, admin: &str, refused: &str, body: &Value, invalid: &Value) -> Vec<Call> {
    vec![
        call("POST", op, 400, path).token(admin).raw("application/json", "{"),
        call("POST", op, 401, path).json(body.clone()),
        call("POST", op, 403, path).token(refused).json(body.clone()),
        call("POST", op, 413, path).token(admin).raw("application/json", vec![b' '; 17 * 1024]),
        call("POST", op, 415, path).token(admin).raw("text/plain", body.to_string()),
        call("POST", op, 422, path).token(admin).json(invalid.clone()),
        call("POST", op, 201, path).token(admin).json(body.clone()),
    ]
}

/// A withdrawal: no token, refused, missing, stale, no `If-Match`; then 204.
fn withdrawn(op: &'static str, path: &str, missing: &str, tag: &str, admin: &str, refused: &str) -> Vec<Call> {
    vec![
        call("DELETE", op, 401, path).header("If-Match", tag),
        call("DELETE", op, 403, path).token(refused).header("If-Match", tag),
        call("DELETE", op, 404, missing).token(admin).header("If-Match", tag),
        call("DELETE", op, 412, path).token(admin).header("If-Match", "\"stale\""),
        call("DELETE", op, 428, path).token(admin),
        call("DELETE", op, 204, path).token(admin).header("If-Match", tag),
    ]
}

#[tokio::test]
async fn every_documented_status_of_the_record_writes_is_real() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let admin = token(&db, "records admin", Role::Admin, None);
    let reporter = token(&db, "records reporter", Role::Reporter, None);
    let schaerbeek = editor(&db, "Commune de Schaerbeek", &["commune-schaerbeek"]);
    let other = editor(&db, "Actiris", &["actiris"]);
    let texts = |fr: &str, nl: &str, en: &str| json!({"fr": fr, "nl": nl, "en": en});

    // Versions read before the table runs.
    let (_, t_inst_patch) = entry(&app, "/api/v1/institutions/commune-schaerbeek/entry").await;
    let (mut cpas, t_inst_put) = entry(&app, "/api/v1/institutions/cpas-schaerbeek/entry").await;
    let (spf, t_spf) = entry(&app, "/api/v1/institutions/spf-securite-sociale/entry").await;
    let (_, t_inst_delete) = entry(&app, "/api/v1/institutions/kidslife/entry").await;
    let (_, t_proc_patch) = entry(&app, "/api/v1/procedures/schaerbeek-identity-card/entry").await;
    let (mut residence, t_proc_put) = entry(&app, "/api/v1/procedures/schaerbeek-residence-certificate/entry").await;
    let (_, t_loc_patch) = entry(&app, "/api/v1/locations/schaerbeek-guichet-express").await;
    let (mut radium, t_loc_put) = entry(&app, "/api/v1/locations/schaerbeek-antenne-radium").await;
    let (_, t_josaphat) = entry(&app, "/api/v1/locations/schaerbeek-antenne-josaphat").await;
    // A procedure and a location to withdraw, made for it.
    let new_procedure = |slug: &str| {
        json!({"slug": slug, "institution": "commune-schaerbeek",
            "name": texts("Démarche d'essai", "Testprocedure", "Trial procedure"),
            "summary": texts("Une démarche créée pour ce test.", "Een procedure voor deze test.", "A procedure made for this test."),
            "source": spf["source"]})
    };
    let r = send(
        &app,
        reqwest::Method::POST,
        "/api/v1/procedures",
        Some(&admin),
        None,
        Some(&new_procedure("trial-withdrawn")),
    )
    .await;
    assert_eq!(r.status(), 201);
    let t_proc_delete = r.headers()["etag"].to_str().unwrap().to_string();
    let new_location = |key: &str| json!({"key": key, "institution": "commune-schaerbeek", "name": texts("Annexe", "Bijgebouw", "Annex"), "source": spf["source"]});
    let r = send(
        &app,
        reqwest::Method::POST,
        "/api/v1/locations",
        Some(&admin),
        None,
        Some(&new_location("trial-annex-withdrawn")),
    )
    .await;
    assert_eq!(r.status(), 201);
    let t_loc_delete = r.headers()["etag"].to_str().unwrap().to_string();

    cpas["update_every_months"] = json!(6);
    residence["deadline"] = texts("Avant le déménagement.", "Voor de verhuizing.", "Before moving.");
    if radium.get("postcode") == Some(&json!("1030")) {
        radium.as_object_mut().unwrap().remove("postcode");
    } else {
        radium["postcode"] = json!("1030");
    }
    let mut spf_cycle = spf.clone();
    spf_cycle["parent"] = json!("dg-personnes-handicapees");
    let inst = |s: &str| format!("/api/v1/institutions/{s}");
    let proc = |s: &str| format!("/api/v1/procedures/{s}");
    let loc = |s: &str| format!("/api/v1/locations/{s}");
    let refused = [other.as_str(), reporter.as_str()];

    let mut calls: Vec<Call> = vec![
        call("GET", "/api/v1/institutions/{slug}/entry", 200, "/api/v1/institutions/actiris/entry"),
        call("GET", "/api/v1/institutions/{slug}/entry", 404, "/api/v1/institutions/nothing/entry"),
        call("GET", "/api/v1/procedures/{slug}/entry", 200, "/api/v1/procedures/schaerbeek-identity-card/entry"),
        call("GET", "/api/v1/procedures/{slug}/entry", 404, "/api/v1/procedures/nothing/entry"),
        call("GET", "/api/v1/locations/{key}", 200, loc("schaerbeek-hotel-communal")),
        call("GET", "/api/v1/locations/{key}", 404, loc("nothing")),
        // Parents in a cycle: the other institution's record is wrong too.
        call("PATCH", "/api/v1/institutions/{slug}", 409, inst("spf-securite-sociale"))
            .token(&admin)
            .header("If-Match", &t_spf)
            .json(json!({"parent": "dg-personnes-handicapees"})),
        call("PUT", "/api/v1/institutions/{slug}", 409, inst("spf-securite-sociale"))
            .token(&admin)
            .header("If-Match", &t_spf)
            .json(spf_cycle),
        // Still the parent of another institution; a location channels are at.
        call("DELETE", "/api/v1/institutions/{slug}", 409, inst("spf-securite-sociale"))
            .token(&admin)
            .header("If-Match", &t_spf),
        call("DELETE", "/api/v1/locations/{key}", 409, loc("schaerbeek-antenne-josaphat"))
            .token(&admin)
            .header("If-Match", &t_josaphat),
        // A key that is a word of the catalog's texts would make them name an internal key.
        call("POST", "/api/v1/institutions", 409, "/api/v1/institutions").token(&admin).json(json!({
            "slug": "e-mail", "level": "association", "name": {"fr": "Essai"}, "source": spf["source"]})),
        call("POST", "/api/v1/procedures", 409, "/api/v1/procedures").token(&admin).json(new_procedure("e-mail")),
    ];
    calls.extend(versioned(Versioned {
        method: "PATCH",
        op: "/api/v1/institutions/{slug}",
        path: inst("commune-schaerbeek"),
        missing: inst("nothing"),
        tag: &t_inst_patch,
        admin: &admin,
        refused: &refused,
        body: json!({"update_every_months": 6}),
        invalid: json!({"level": "planet"}),
    }));
    calls.extend(versioned(Versioned {
        method: "PUT",
        op: "/api/v1/institutions/{slug}",
        path: inst("cpas-schaerbeek"),
        missing: inst("nothing"),
        tag: &t_inst_put,
        admin: &admin,
        refused: &[&schaerbeek],
        body: cpas.clone(),
        invalid: json!({"name": {"fr": "Sans niveau ni source"}}),
    }));
    calls.extend(withdrawn(
        "/api/v1/institutions/{slug}",
        &inst("kidslife"),
        &inst("nothing"),
        &t_inst_delete,
        &admin,
        &schaerbeek,
    ));
    calls.extend(created(
        "/api/v1/institutions",
        "/api/v1/institutions",
        &admin,
        &schaerbeek,
        &json!({"slug": "trial-association", "level": "association", "name": texts("Essai", "Proef", "Trial"), "source": spf["source"]}),
        &json!({"slug": "trial-association-2", "name": {"fr": "Essai"}, "source": spf["source"]}),
    ));
    calls.extend(versioned(Versioned {
        method: "PATCH",
        op: "/api/v1/procedures/{slug}",
        path: proc("schaerbeek-identity-card"),
        missing: proc("nothing"),
        tag: &t_proc_patch,
        admin: &admin,
        refused: &refused,
        body: json!({"deadline": texts("Trois semaines avant l'expiration.", "Drie weken voor de vervaldatum.", "Three weeks before it expires.")}),
        invalid: json!({"source": "no-such-source"}),
    }));
    calls.extend(versioned(Versioned {
        method: "PUT",
        op: "/api/v1/procedures/{slug}",
        path: proc("schaerbeek-residence-certificate"),
        missing: proc("nothing"),
        tag: &t_proc_put,
        admin: &admin,
        refused: &[&other],
        body: residence.clone(),
        invalid: json!({"name": {"fr": "Sans source"}}),
    }));
    calls.extend(withdrawn(
        "/api/v1/procedures/{slug}",
        &proc("trial-withdrawn"),
        &proc("nothing"),
        &t_proc_delete,
        &schaerbeek,
        &other,
    ));
    let mut no_owner = new_procedure("trial-created");
    no_owner.as_object_mut().unwrap().remove("institution");
    calls.extend(created(
        "/api/v1/procedures",
        "/api/v1/procedures",
        &schaerbeek,
        &other,
        &new_procedure("trial-created"),
        &no_owner,
    ));
    let channel = json!({"key": "post", "kind": "post", "completion": "full", "source": spf["source"]});
    let channels = proc("schaerbeek-identity-card") + "/channels";
    calls.extend(created(
        "/api/v1/procedures/{slug}/channels",
        &channels,
        &schaerbeek,
        &other,
        &channel,
        &json!({"key": "x", "kind": "fax", "completion": "full", "source": spf["source"]}),
    ));
    calls.push(
        call("POST", "/api/v1/procedures/{slug}/channels", 404, proc("nothing") + "/channels")
            .token(&admin)
            .json(channel.clone()),
    );
    calls.extend(versioned(Versioned {
        method: "PATCH",
        op: "/api/v1/locations/{key}",
        path: loc("schaerbeek-guichet-express"),
        missing: loc("nothing"),
        tag: &t_loc_patch,
        admin: &schaerbeek,
        refused: &refused,
        body: json!({"note": texts("Au rez-de-chaussée.", "Op het gelijkvloers.", "On the ground floor.")}),
        invalid: json!({"commune": "atlantis"}),
    }));
    calls.extend(versioned(Versioned {
        method: "PUT",
        op: "/api/v1/locations/{key}",
        path: loc("schaerbeek-antenne-radium"),
        missing: loc("nothing"),
        tag: &t_loc_put,
        admin: &admin,
        refused: &[&other],
        body: radium.clone(),
        invalid: json!({"name": {"fr": "Sans source"}}),
    }));
    calls.extend(withdrawn(
        "/api/v1/locations/{key}",
        &loc("trial-annex-withdrawn"),
        &loc("nothing"),
        &t_loc_delete,
        &schaerbeek,
        &other,
    ));
    let mut no_owner = new_location("trial-annex");
    no_owner.as_object_mut().unwrap().remove("institution");
    calls.extend(created(
        "/api/v1/locations",
        "/api/v1/locations",
        &schaerbeek,
        &other,
        &new_location("trial-annex"),
        &no_owner,
    ));

    let documented = documented();
    let ours = |p: &(String, String, u16)| RECORD_OPERATIONS.iter().any(|(m, o)| p.0 == *m && p.1 == *o);
    let unknown: Vec<_> =
        RECORD_OPERATIONS.iter().filter(|(m, o)| !documented.iter().any(|p| p.0 == *m && p.1 == *o)).collect();
    assert!(unknown.is_empty(), "RECORD_OPERATIONS names operations the spec does not have: {unknown:?}");
    let elsewhere: BTreeSet<(String, String, u16)> =
        ELSEWHERE.iter().map(|(m, p, s, _)| (m.to_string(), p.to_string(), *s)).collect();
    let tabled: BTreeSet<(String, String, u16)> =
        calls.iter().map(|c| (c.method.to_string(), c.op.to_string(), c.status)).collect();
    let untested: Vec<_> =
        documented.iter().filter(|p| ours(p) && !tabled.contains(*p) && !elsewhere.contains(*p)).collect();
    assert!(untested.is_empty(), "documented statuses with no request that provokes them: {untested:?}");
    let strays: Vec<_> = tabled.iter().filter(|p| !ours(p)).collect();
    assert!(strays.is_empty(), "this table has requests of operations statuses.rs covers: {strays:?}");

    let wrong = run(&app, &calls, &documented).await;
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
