//! The statuses of the write operations (editing, suggestions, the audit log, campaigns, webhooks), checked as `statuses.rs`
//! checks the others: every (operation, documented status) pair of `WRITE_OPERATIONS` has a request in the table
//! below (or an entry in `ELSEWHERE` naming the test that provokes it), each request gets exactly its status, and
//! none gets a status its operation does not document. The table runs in order: a version (`ETag`) read before it
//! is current until the request that changes it, and stale after, which is how the 412s are provoked.

use crate::editing::{editor, read, send};
use crate::helpers::*;
use crate::observations::token;
use crate::statuses::{Call, call, documented, run};
use guichet::domain::Role;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// The operations this table covers (`statuses.rs` leaves them to it).
pub const WRITE_OPERATIONS: &[(&str, &str)] = &[
    ("PATCH", "/api/v1/channels/{id}"),
    ("PUT", "/api/v1/channels/{id}"),
    ("DELETE", "/api/v1/channels/{id}"),
    ("POST", "/api/v1/channels/{id}/statuses"),
    ("POST", "/api/v1/channels/{id}/suggestions"),
    ("GET", "/api/v1/suggestions"),
    ("GET", "/api/v1/suggestions/{tracking_code}"),
    ("POST", "/api/v1/suggestions/{tracking_code}/accept"),
    ("POST", "/api/v1/suggestions/{tracking_code}/reject"),
    ("GET", "/api/v1/audit"),
    ("POST", "/api/v1/campaigns"),
    ("GET", "/api/v1/campaigns"),
    ("GET", "/api/v1/campaigns/{id}"),
    ("POST", "/api/v1/channels/{id}/verify"),
    ("POST", "/api/v1/webhooks"),
    ("GET", "/api/v1/webhooks"),
    ("DELETE", "/api/v1/webhooks/{id}"),
    ("GET", "/api/v1/webhooks/{id}/deliveries"),
    ("POST", "/api/v1/webhooks/{id}/deliveries/{delivery}/resend"),
];

/// Pairs this table does not provoke, each with the test that does.
const ELSEWHERE: &[(&str, &str, u16, &str)] = &[
    // Anonymous suggestions share the complaints' per-address limit: its own test below.
    ("POST", "/api/v1/channels/{id}/suggestions", 429, "anonymous_suggestions_beyond_the_limit_get_the_documented_429"),
    // A delivery to re-send needs a receiver that failed it: webhooks.rs runs one.
    (
        "POST",
        "/api/v1/webhooks/{id}/deliveries/{delivery}/resend",
        202,
        "webhooks.rs a_receiver_that_never_answers_is_retried_then_the_delivery_is_dead_and_can_be_resent",
    ),
];

fn today() -> String {
    chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string()
}

/// Phone channels of the shipped catalog outside `institution`, read from the API, with the first source key seen.
async fn phone_channels(app: &TestApp, outside: &str, wanted: usize) -> (Vec<i64>, String) {
    let mut ids = Vec::new();
    let mut source = None;
    let mut page = 1;
    while ids.len() < wanted {
        let list = app.get_json(&format!("/api/v1/procedures?per_page=100&page={page}")).await;
        let items = list["items"].as_array().unwrap().clone();
        assert!(!items.is_empty(), "the shipped catalog has fewer than {wanted} phone channels");
        for p in items {
            if ids.len() >= wanted {
                break;
            }
            let detail = app.get_json(&format!("/api/v1/procedures/{}", p["slug"].as_str().unwrap())).await;
            for c in detail["channels"].as_array().unwrap() {
                let id = c["id"].as_i64().unwrap();
                let (view, _) = read(app, id).await;
                if source.is_none() {
                    source = view["source"]["key"].as_str().map(str::to_string);
                }
                if view["kind"] == "phone" && view["institution"]["slug"] != outside && ids.len() < wanted {
                    ids.push(id);
                }
            }
        }
        page += 1;
    }
    (ids, source.expect("a channel with a source"))
}

/// One JSON write under `If-Match` on the resource at `path`, in the order that turns its version stale: malformed
/// JSON, no token, each token in `refused`, the `missing` resource, too large, not JSON, the `invalid` body and no
/// `If-Match` are refused; then the write answers `done`, and the same write with the version it made stale 412.
struct VersionedWrite<'a> {
    method: &'static str,
    op: &'static str,
    path: String,
    missing: String,
    tag: &'a str,
    admin: &'a str,
    refused: &'a [&'a str],
    body: Value,
    invalid: Value,
    done: u16,
}

impl VersionedWrite<'_> {
    fn calls(&self) -> Vec<Call> {
        let (method, op, path, tag, admin) = (self.method, self.op, &self.path, self.tag, self.admin);
        let with = |status: u16| call(method, op, status, path).token(admin).header("If-Match", tag);
        let mut calls = vec![
            with(400).raw("application/json", "{"),
            call(method, op, 401, path).header("If-Match", tag).json(self.body.clone()),
        ];
        for refused in self.refused {
            calls.push(call(method, op, 403, path).token(refused).header("If-Match", tag).json(self.body.clone()));
        }
        calls.extend([
            call(method, op, 404, &self.missing).token(admin).header("If-Match", tag).json(self.body.clone()),
            with(413).raw("application/json", vec![b' '; 17 * 1024]),
            with(415).raw("text/plain", self.body.to_string()),
            with(422).json(self.invalid.clone()),
            call(method, op, 428, path).token(admin).json(self.body.clone()),
            with(self.done).json(self.body.clone()),
            with(412).json(self.body.clone()),
        ]);
        calls
    }
}

#[tokio::test]
async fn every_documented_status_of_the_write_operations_is_real() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let reporter = token(&db, "writes reporter", Role::Reporter, None);
    let admin = token(&db, "writes admin", Role::Admin, None);
    // An editor of one institution, which none of the channels below belongs to.
    let other = editor(&db, "Actiris", &["actiris"]);
    let (ids, source) = phone_channels(&app, "actiris", 7).await;
    let [patched, put, withdrawn, declared, accepted, rejected, verified] = ids[..] else { unreachable!() };
    let mut tags = Vec::new();
    for id in &ids {
        tags.push(read(&app, *id).await.1);
    }
    let [t_patch, t_put, t_withdraw, t_declare, t_accept, t_reject, t_verify] = &tags[..] else { unreachable!() };

    // Suggestions to decide, proposed with a token (the per-address limit is for anonymous ones).
    let seen = |what: &str| json!({"fact": "phone", "seen": what, "proposed": "02 413 37 37", "seen_on": today()});
    let propose = |channel: i64, what: &'static str| {
        let (app, reporter) = (app.clone(), reporter.clone());
        async move {
            let path = format!("/api/v1/channels/{channel}/suggestions");
            let r = send(&app, reqwest::Method::POST, &path, Some(&reporter), None, Some(&seen(what))).await;
            assert_eq!(r.status(), 201);
            r.json::<Value>().await.unwrap()["tracking_code"].as_str().unwrap().to_string()
        }
    };
    let to_accept = propose(accepted, "The number on the letter changed").await;
    let to_reject = propose(rejected, "Closed on Fridays since March").await;
    let decided = propose(rejected, "The line is closed at noon").await;
    let reason = json!({"reason": "The counter is open on Fridays; the phone line is closed that day."});
    let decide = format!("/api/v1/suggestions/{decided}/reject");
    let r = send(&app, reqwest::Method::POST, &decide, Some(&admin), None, Some(&reason)).await;
    assert_eq!(r.status(), 200);

    // A subscription to delete, and one whose delivery log is read.
    let hook = json!({"url": "https://receiver.example/hook", "kinds": ["complaint.filed"]});
    let mut hooks = Vec::new();
    for _ in 0..2 {
        let r = send(&app, reqwest::Method::POST, "/api/v1/webhooks", Some(&admin), None, Some(&hook)).await;
        assert_eq!(r.status(), 201);
        hooks.push(r.json::<Value>().await.unwrap()["webhook"]["id"].as_i64().unwrap());
    }
    let [deleted_hook, logged_hook] = hooks[..] else { unreachable!() };

    // A campaign to read.
    let deadline = (chrono::Utc::now().date_naive() + chrono::Days::new(30)).to_string();
    let campaign = json!({"name": "Contrôle annuel", "deadline": deadline, "levels": ["region"]});
    let r = send(&app, reqwest::Method::POST, "/api/v1/campaigns", Some(&admin), None, Some(&campaign)).await;
    assert_eq!(r.status(), 201);
    let campaign_path = format!("/api/v1/campaigns/{}", r.json::<Value>().await.unwrap()["id"]);

    let big = vec![b' '; 17 * 1024];
    let unknown_code = "ZZZZ-ZZZZ-ZZZZ";
    let stale = "\"stale\"";
    let phone = |n: &str| json!({"phone": n});
    let replacement = json!({"kind": "phone", "completion": "full", "phone": "02 413 37 37", "source": source});
    let status = json!({
        "state": "closed_temporarily",
        "since": "2026-11",
        "note": {"fr": "Fermé pour travaux.", "nl": "Gesloten wegens werken.", "en": "Closed for works."},
        "source": source,
    });
    let suggestion = json!({"seen": "The number changed", "seen_on": today()});
    let ch = |id: i64| format!("/api/v1/channels/{id}");
    let st = |id: i64| format!("/api/v1/channels/{id}/statuses");
    let sg = |id: i64| format!("/api/v1/channels/{id}/suggestions");
    let acc = |code: &str| format!("/api/v1/suggestions/{code}/accept");
    let rej = |code: &str| format!("/api/v1/suggestions/{code}/reject");
    let vf = |id: i64| format!("/api/v1/channels/{id}/verify");
    let changes = |n: &str| json!({"changes": {"phone": n}});

    // PATCH, PUT and a declared status: each refusal, the write, then the version it made stale.
    let mut calls: Vec<Call> = [
        VersionedWrite {
            method: "PATCH",
            op: "/api/v1/channels/{id}",
            path: ch(patched),
            missing: ch(999_999),
            tag: t_patch,
            admin: &admin,
            refused: &[&other, &reporter],
            body: phone("02 800 80 80"),
            invalid: phone("call us"),
            done: 200,
        },
        VersionedWrite {
            method: "PUT",
            op: "/api/v1/channels/{id}",
            path: ch(put),
            missing: ch(999_999),
            tag: t_put,
            admin: &admin,
            refused: &[&other],
            body: replacement.clone(),
            // Without the required fields.
            invalid: phone("02 413 37 37"),
            done: 200,
        },
        VersionedWrite {
            method: "POST",
            op: "/api/v1/channels/{id}/statuses",
            path: st(declared),
            missing: st(999_999),
            tag: t_declare,
            admin: &admin,
            refused: &[&other],
            body: status.clone(),
            invalid: json!({"state": "shut", "source": source}),
            done: 201,
        },
    ]
    .iter()
    .flat_map(VersionedWrite::calls)
    .collect();
    calls.extend([
        // DELETE withdraws.
        call("DELETE", "/api/v1/channels/{id}", 400, "/api/v1/channels/x").token(&admin).header("If-Match", t_withdraw),
        call("DELETE", "/api/v1/channels/{id}", 401, ch(withdrawn)).header("If-Match", t_withdraw),
        call("DELETE", "/api/v1/channels/{id}", 403, ch(withdrawn)).token(&other).header("If-Match", t_withdraw),
        call("DELETE", "/api/v1/channels/{id}", 404, ch(999_999)).token(&admin).header("If-Match", t_withdraw),
        call("DELETE", "/api/v1/channels/{id}", 412, ch(withdrawn)).token(&admin).header("If-Match", stale),
        call("DELETE", "/api/v1/channels/{id}", 428, ch(withdrawn)).token(&admin),
        call("DELETE", "/api/v1/channels/{id}", 204, ch(withdrawn)).token(&admin).header("If-Match", t_withdraw),
        // Suggestions: proposed (with a token here), queued, followed, decided.
        call("POST", "/api/v1/channels/{id}/suggestions", 201, sg(accepted)).token(&reporter).json(suggestion.clone()),
        call("POST", "/api/v1/channels/{id}/suggestions", 400, sg(accepted))
            .token(&reporter)
            .raw("application/json", "{"),
        call("POST", "/api/v1/channels/{id}/suggestions", 401, sg(accepted)).token("gch_nope").json(suggestion.clone()),
        call("POST", "/api/v1/channels/{id}/suggestions", 404, sg(999_999)).token(&reporter).json(suggestion.clone()),
        call("POST", "/api/v1/channels/{id}/suggestions", 413, sg(accepted))
            .token(&reporter)
            .raw("application/json", big.clone()),
        call("POST", "/api/v1/channels/{id}/suggestions", 415, sg(accepted))
            .token(&reporter)
            .raw("text/plain", suggestion.to_string()),
        call("POST", "/api/v1/channels/{id}/suggestions", 422, sg(accepted))
            .token(&reporter)
            .json(json!({"seen_on": today()})),
        call("GET", "/api/v1/suggestions", 200, "/api/v1/suggestions?state=pending").token(&admin),
        call("GET", "/api/v1/suggestions", 400, "/api/v1/suggestions?state=maybe").token(&admin),
        call("GET", "/api/v1/suggestions", 400, "/api/v1/suggestions?state=").token(&admin),
        call("GET", "/api/v1/suggestions", 401, "/api/v1/suggestions"),
        call("GET", "/api/v1/suggestions", 403, "/api/v1/suggestions").token(&reporter),
        call("GET", "/api/v1/suggestions/{tracking_code}", 200, format!("/api/v1/suggestions/{to_accept}")),
        call("GET", "/api/v1/suggestions/{tracking_code}", 400, "/api/v1/suggestions/abc"),
        call("GET", "/api/v1/suggestions/{tracking_code}", 404, format!("/api/v1/suggestions/{unknown_code}")),
        call("POST", "/api/v1/suggestions/{tracking_code}/accept", 400, acc("abc"))
            .token(&admin)
            .header("If-Match", t_accept)
            .json(changes("02 413 37 37")),
        call("POST", "/api/v1/suggestions/{tracking_code}/accept", 401, acc(&to_accept))
            .header("If-Match", t_accept)
            .json(changes("02 413 37 37")),
        call("POST", "/api/v1/suggestions/{tracking_code}/accept", 403, acc(&to_accept))
            .token(&other)
            .header("If-Match", t_accept)
            .json(changes("02 413 37 37")),
        call("POST", "/api/v1/suggestions/{tracking_code}/accept", 404, acc(unknown_code))
            .token(&admin)
            .header("If-Match", t_accept)
            .json(changes("02 413 37 37")),
        call("POST", "/api/v1/suggestions/{tracking_code}/accept", 409, acc(&decided))
            .token(&admin)
            .header("If-Match", t_reject)
            .json(changes("02 413 37 37")),
        call("POST", "/api/v1/suggestions/{tracking_code}/accept", 412, acc(&to_accept))
            .token(&admin)
            .header("If-Match", stale)
            .json(changes("02 413 37 37")),
        call("POST", "/api/v1/suggestions/{tracking_code}/accept", 413, acc(&to_accept))
            .token(&admin)
            .header("If-Match", t_accept)
            .raw("application/json", big.clone()),
        call("POST", "/api/v1/suggestions/{tracking_code}/accept", 415, acc(&to_accept))
            .token(&admin)
            .header("If-Match", t_accept)
            .raw("text/plain", changes("02 413 37 37").to_string()),
        call("POST", "/api/v1/suggestions/{tracking_code}/accept", 422, acc(&to_accept))
            .token(&admin)
            .header("If-Match", t_accept)
            .json(changes("call us")),
        call("POST", "/api/v1/suggestions/{tracking_code}/accept", 428, acc(&to_accept))
            .token(&admin)
            .json(changes("02 413 37 37")),
        call("POST", "/api/v1/suggestions/{tracking_code}/accept", 200, acc(&to_accept))
            .token(&admin)
            .header("If-Match", t_accept)
            .json(changes("02 413 37 37")),
        call("POST", "/api/v1/suggestions/{tracking_code}/reject", 400, rej("abc")).token(&admin).json(reason.clone()),
        call("POST", "/api/v1/suggestions/{tracking_code}/reject", 401, rej(&to_reject)).json(reason.clone()),
        call("POST", "/api/v1/suggestions/{tracking_code}/reject", 403, rej(&to_reject))
            .token(&other)
            .json(reason.clone()),
        call("POST", "/api/v1/suggestions/{tracking_code}/reject", 404, rej(unknown_code))
            .token(&admin)
            .json(reason.clone()),
        call("POST", "/api/v1/suggestions/{tracking_code}/reject", 409, rej(&decided))
            .token(&admin)
            .json(reason.clone()),
        call("POST", "/api/v1/suggestions/{tracking_code}/reject", 413, rej(&to_reject))
            .token(&admin)
            .raw("application/json", big.clone()),
        call("POST", "/api/v1/suggestions/{tracking_code}/reject", 415, rej(&to_reject))
            .token(&admin)
            .raw("text/plain", reason.to_string()),
        call("POST", "/api/v1/suggestions/{tracking_code}/reject", 422, rej(&to_reject))
            .token(&admin)
            .json(json!({"reason": "write to jan.peeters@example.com"})),
        call("POST", "/api/v1/suggestions/{tracking_code}/reject", 200, rej(&to_reject))
            .token(&admin)
            .json(reason.clone()),
        // The audit log.
        call("GET", "/api/v1/audit", 200, "/api/v1/audit").token(&admin),
        call("GET", "/api/v1/audit", 400, "/api/v1/audit?actor=someone").token(&admin),
        call("GET", "/api/v1/audit", 401, "/api/v1/audit"),
        call("GET", "/api/v1/audit", 403, "/api/v1/audit").token(&other),
        call("GET", "/api/v1/audit", 404, "/api/v1/audit?institution=atlantis").token(&admin),
        // Campaigns, and "still true" on a channel.
        call("POST", "/api/v1/campaigns", 201, "/api/v1/campaigns").token(&admin).json(campaign.clone()),
        call("POST", "/api/v1/campaigns", 400, "/api/v1/campaigns").token(&admin).raw("application/json", "{"),
        call("POST", "/api/v1/campaigns", 401, "/api/v1/campaigns").json(campaign.clone()),
        call("POST", "/api/v1/campaigns", 403, "/api/v1/campaigns").token(&other).json(campaign.clone()),
        call("POST", "/api/v1/campaigns", 413, "/api/v1/campaigns").token(&admin).raw("application/json", big.clone()),
        call("POST", "/api/v1/campaigns", 415, "/api/v1/campaigns")
            .token(&admin)
            .raw("text/plain", campaign.to_string()),
        call("POST", "/api/v1/campaigns", 422, "/api/v1/campaigns").token(&admin).json(json!({"name": "Sans date"})),
        call("GET", "/api/v1/campaigns", 200, "/api/v1/campaigns").token(&other),
        call("GET", "/api/v1/campaigns", 401, "/api/v1/campaigns"),
        call("GET", "/api/v1/campaigns", 403, "/api/v1/campaigns").token(&reporter),
        call("GET", "/api/v1/campaigns/{id}", 200, &campaign_path).token(&admin),
        call("GET", "/api/v1/campaigns/{id}", 400, "/api/v1/campaigns/x").token(&admin),
        call("GET", "/api/v1/campaigns/{id}", 401, &campaign_path),
        call("GET", "/api/v1/campaigns/{id}", 403, &campaign_path).token(&reporter),
        call("GET", "/api/v1/campaigns/{id}", 404, "/api/v1/campaigns/999999").token(&admin),
        call("POST", "/api/v1/channels/{id}/verify", 400, "/api/v1/channels/x/verify").token(&admin),
        call("POST", "/api/v1/channels/{id}/verify", 401, vf(verified)).header("If-Match", t_verify),
        call("POST", "/api/v1/channels/{id}/verify", 403, vf(verified)).token(&other).header("If-Match", t_verify),
        call("POST", "/api/v1/channels/{id}/verify", 404, vf(999_999)).token(&admin).header("If-Match", t_verify),
        call("POST", "/api/v1/channels/{id}/verify", 412, vf(verified)).token(&admin).header("If-Match", stale),
        call("POST", "/api/v1/channels/{id}/verify", 428, vf(verified)).token(&admin),
        call("POST", "/api/v1/channels/{id}/verify", 200, vf(verified)).token(&admin).header("If-Match", t_verify),
        // Webhooks.
        call("POST", "/api/v1/webhooks", 201, "/api/v1/webhooks").token(&admin).json(hook.clone()),
        call("POST", "/api/v1/webhooks", 400, "/api/v1/webhooks").token(&admin).raw("application/json", "{"),
        call("POST", "/api/v1/webhooks", 401, "/api/v1/webhooks").json(hook.clone()),
        call("POST", "/api/v1/webhooks", 403, "/api/v1/webhooks").token(&other).json(hook.clone()),
        call("POST", "/api/v1/webhooks", 413, "/api/v1/webhooks").token(&admin).raw("application/json", big.clone()),
        call("POST", "/api/v1/webhooks", 415, "/api/v1/webhooks").token(&admin).raw("text/plain", hook.to_string()),
        call("POST", "/api/v1/webhooks", 422, "/api/v1/webhooks")
            .token(&admin)
            .json(json!({"url": "ftp://receiver.example/"})),
        call("GET", "/api/v1/webhooks", 200, "/api/v1/webhooks").token(&admin),
        call("GET", "/api/v1/webhooks", 401, "/api/v1/webhooks"),
        call("GET", "/api/v1/webhooks", 403, "/api/v1/webhooks").token(&reporter),
        call("GET", "/api/v1/webhooks/{id}/deliveries", 200, format!("/api/v1/webhooks/{logged_hook}/deliveries"))
            .token(&admin),
        call("GET", "/api/v1/webhooks/{id}/deliveries", 400, "/api/v1/webhooks/x/deliveries").token(&admin),
        call("GET", "/api/v1/webhooks/{id}/deliveries", 401, format!("/api/v1/webhooks/{logged_hook}/deliveries")),
        call("GET", "/api/v1/webhooks/{id}/deliveries", 403, format!("/api/v1/webhooks/{logged_hook}/deliveries"))
            .token(&other),
        call("GET", "/api/v1/webhooks/{id}/deliveries", 404, "/api/v1/webhooks/999999/deliveries").token(&admin),
        call(
            "POST",
            "/api/v1/webhooks/{id}/deliveries/{delivery}/resend",
            400,
            format!("/api/v1/webhooks/{logged_hook}/deliveries/x/resend"),
        )
        .token(&admin),
        call(
            "POST",
            "/api/v1/webhooks/{id}/deliveries/{delivery}/resend",
            401,
            format!("/api/v1/webhooks/{logged_hook}/deliveries/1/resend"),
        ),
        call(
            "POST",
            "/api/v1/webhooks/{id}/deliveries/{delivery}/resend",
            403,
            format!("/api/v1/webhooks/{logged_hook}/deliveries/1/resend"),
        )
        .token(&other),
        call(
            "POST",
            "/api/v1/webhooks/{id}/deliveries/{delivery}/resend",
            404,
            format!("/api/v1/webhooks/{logged_hook}/deliveries/999999/resend"),
        )
        .token(&admin),
        call("DELETE", "/api/v1/webhooks/{id}", 400, "/api/v1/webhooks/x").token(&admin),
        call("DELETE", "/api/v1/webhooks/{id}", 401, format!("/api/v1/webhooks/{deleted_hook}")),
        call("DELETE", "/api/v1/webhooks/{id}", 403, format!("/api/v1/webhooks/{deleted_hook}")).token(&other),
        call("DELETE", "/api/v1/webhooks/{id}", 404, "/api/v1/webhooks/999999").token(&admin),
        call("DELETE", "/api/v1/webhooks/{id}", 204, format!("/api/v1/webhooks/{deleted_hook}")).token(&admin),
    ]);

    let documented = documented();
    let ours = |p: &(String, String, u16)| WRITE_OPERATIONS.iter().any(|(m, o)| p.0 == *m && p.1 == *o);
    let unknown: Vec<_> =
        WRITE_OPERATIONS.iter().filter(|(m, o)| !documented.iter().any(|p| p.0 == *m && p.1 == *o)).collect();
    assert!(unknown.is_empty(), "WRITE_OPERATIONS names operations the spec does not have: {unknown:?}");
    let elsewhere: BTreeSet<(String, String, u16)> =
        ELSEWHERE.iter().map(|(m, p, s, _)| (m.to_string(), p.to_string(), *s)).collect();
    let tabled: BTreeSet<(String, String, u16)> =
        calls.iter().map(|c| (c.method.to_string(), c.op.to_string(), c.status)).collect();
    let untested: Vec<_> =
        documented.iter().filter(|p| ours(p) && !tabled.contains(*p) && !elsewhere.contains(*p)).collect();
    assert!(untested.is_empty(), "documented statuses with no request that provokes them: {untested:?}");
    let stale: Vec<_> = elsewhere.iter().filter(|p| !documented.contains(*p)).collect();
    assert!(stale.is_empty(), "ELSEWHERE lists statuses the spec does not document: {stale:?}");
    let strays: Vec<_> = tabled.iter().filter(|p| !ours(p)).collect();
    assert!(strays.is_empty(), "this table has requests of operations statuses.rs covers: {strays:?}");

    let wrong = run(&app, &calls, &documented).await;
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Anonymous suggestions count against the per-address limit shared with complaints (five at once).
#[tokio::test]
async fn anonymous_suggestions_beyond_the_limit_get_the_documented_429() {
    assert!(documented().contains(&("POST".into(), "/api/v1/channels/{id}/suggestions".into(), 429)));
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let (ids, _) = phone_channels(&app, "", 1).await;
    let body = json!({"seen": "The number changed", "seen_on": today()});
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let r = app
            .client
            .post(format!("{}/api/v1/channels/{}/suggestions", app.address, ids[0]))
            .json(&body)
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, [201, 201, 201, 201, 201, 429]);
}
