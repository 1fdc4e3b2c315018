//! The monitoring figures reproduce a CASS-like survey exactly, figures computed independently here.

use crate::helpers::*;
use crate::observations::{post, token};
use serde_json::{Value, json};
use std::collections::BTreeMap;

struct Row {
    channel: i64,
    institution: &'static str,
    kind: &'static str,
    at: chrono::DateTime<chrono::Utc>,
    outcome: &'static str,
    minutes: u32,
    on_behalf: bool,
    reason: Option<&'static str>,
}

/// A deterministic generator (no rand crate): a linear congruential sequence.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[tokio::test]
async fn a_cass_like_survey_gives_back_its_own_figures() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let t = token(&db, "CASS Schaerbeek", guichet::domain::Role::Reporter, Some("schaerbeek"));
    let other = token(&db, "Une asbl d'Ixelles", guichet::domain::Role::Reporter, Some("ixelles"));
    let targets = [
        ("fwb-study-grant", "online", "fwb-allocations-etudes", "online"),
        ("schaerbeek-identity-card", "walk-in-counter", "commune-schaerbeek", "counter"),
        ("dg-handicap-recognition", "my-handicap", "dg-personnes-handicapees", "online"),
        ("capac-unemployment-benefits", "phone", "capac", "phone"),
    ];
    let mut channels = Vec::new();
    for (procedure, key, institution, kind) in targets {
        let p = app.get_json(&format!("/api/v1/procedures/{procedure}")).await;
        let found = p["channels"].as_array().unwrap().iter().find(|c| c["key"] == key || c["kind"] == kind).cloned();
        let c = found.unwrap_or_else(|| panic!("{procedure}: no {key}/{kind} channel"));
        channels.push((c["id"].as_i64().unwrap(), institution, c["kind"].as_str().unwrap().to_string()));
    }
    let reasons = ["line_saturated", "technical_error", "appointment_online_only", "missing_documents", "no_answer"];
    let start = chrono::DateTime::parse_from_rfc3339("2022-09-14T07:00:00Z").unwrap().with_timezone(&chrono::Utc);
    let mut rng = Lcg(1030);
    let mut rows = Vec::new();
    for _ in 0..416 {
        let (channel, institution, kind) = &channels[rng.next(4) as usize];
        let outcome = match rng.next(100) {
            0..=26 => "not_completed",
            27..=29 => "redirected_online",
            30..=34 => "partial",
            _ => "completed",
        };
        let reason = match outcome {
            "not_completed" | "redirected_online" => Some(reasons[rng.next(5) as usize]),
            _ => None,
        };
        rows.push(Row {
            channel: *channel,
            institution,
            kind: Box::leak(kind.clone().into_boxed_str()),
            at: start + chrono::Duration::minutes(rng.next(77 * 24 * 60) as i64),
            outcome,
            minutes: 5 + rng.next(40) as u32,
            on_behalf: rng.next(10) < 8,
            reason,
        });
    }
    // Eight clients at a time, like a team posting from their desks.
    for chunk in rows.chunks(8) {
        let handles: Vec<_> = chunk
            .iter()
            .map(|r| {
                let mut body = json!({
                    "channel_id": r.channel, "occurred_at": r.at.to_rfc3339(), "outcome": r.outcome,
                    "minutes_spent": r.minutes, "on_behalf": r.on_behalf,
                });
                if let Some(reason) = r.reason {
                    body["failure_reason"] = json!(reason);
                }
                let (app, t) = (app.clone(), t.clone());
                tokio::spawn(async move { post(&app, Some(&t), &body, None).await.status() })
            })
            .collect();
        for h in handles {
            assert_eq!(h.await.unwrap(), 201);
        }
    }
    // One observation from another area and another year, to be filtered out.
    let mut outside = json!({"channel_id": channels[0].0, "occurred_at": "2023-03-01T10:00:00Z", "outcome": "completed",
        "minutes_spent": 600, "on_behalf": false});
    assert_eq!(post(&app, Some(&other), &outside, None).await.status(), 201);
    outside["occurred_at"] = json!("2022-10-01T10:00:00Z");
    assert_eq!(post(&app, Some(&other), &outside, None).await.status(), 201);

    // The figures, computed here without the service's code.
    let n = rows.len() as f64;
    let not_completed = rows.iter().filter(|r| matches!(r.outcome, "not_completed" | "redirected_online")).count();
    let partial = rows.iter().filter(|r| r.outcome == "partial").count();
    let on_behalf = rows.iter().filter(|r| r.on_behalf).count();
    let minutes: u32 = rows.iter().map(|r| r.minutes).sum();
    let mut sorted: Vec<u32> = rows.iter().map(|r| r.minutes).collect();
    sorted.sort();
    let median = (sorted[207] + sorted[208]) as f64 / 2.0;
    let count_by = |key: &dyn Fn(&Row) -> Option<String>| {
        let mut m: BTreeMap<String, u64> = BTreeMap::new();
        for r in &rows {
            if let Some(k) = key(r) {
                *m.entry(k).or_default() += 1;
            }
        }
        let mut v: Vec<(String, u64)> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    };
    let by_institution = count_by(&|r| Some(r.institution.to_string()));
    let by_reason = count_by(&|r| r.reason.map(str::to_string));
    let by_kind = count_by(&|r| Some(r.kind.to_string()));
    let with_reason: u64 = by_reason.iter().map(|(_, c)| c).sum();

    let table = app.get_json("/api/v1/stats/monitoring?commune=schaerbeek&from=2022-09-14&to=2022-11-30").await;
    assert_eq!(table["total"], 416);
    assert_eq!(table["not_completed"], not_completed as u64);
    assert!(close(table["not_completed_share"].as_f64().unwrap(), not_completed as f64 / n));
    assert!(close(table["partial_share"].as_f64().unwrap(), partial as f64 / n));
    assert!(close(table["on_behalf_share"].as_f64().unwrap(), on_behalf as f64 / n));
    assert!(close(table["mean_minutes"].as_f64().unwrap(), minutes as f64 / n));
    assert!(close(table["median_minutes"].as_f64().unwrap(), median));
    assert!(close(table["total_hours"].as_f64().unwrap(), minutes as f64 / 60.0));
    let check = |served: &Value, expected: &[(String, u64)], base: f64| {
        let served = served.as_array().unwrap();
        assert_eq!(served.len(), expected.len());
        for (s, (key, count)) in served.iter().zip(expected) {
            assert_eq!(s["key"], key.as_str());
            assert_eq!(s["count"], *count);
            assert!(close(s["share"].as_f64().unwrap(), *count as f64 / base), "{s}");
        }
    };
    check(&table["by_institution"], &by_institution, n);
    check(&table["by_failure_reason"], &by_reason, with_reason as f64);
    check(&table["by_channel_kind"], &by_kind, n);
    let weeks = table["by_week"].as_array().unwrap();
    assert_eq!(weeks.iter().map(|w| w["count"].as_u64().unwrap()).sum::<u64>(), 416);
    assert_eq!(weeks.first().unwrap()["week_start"], "2022-09-12");
    for w in weeks {
        let monday = chrono::NaiveDate::parse_from_str(w["week_start"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        let expected = rows
            .iter()
            .filter(|r| {
                let local = r.at.with_timezone(&chrono_tz::Europe::Brussels).date_naive();
                let days = (local - monday).num_days();
                (0..7).contains(&days)
            })
            .count();
        assert_eq!(w["count"], expected as u64, "{w}");
    }

    // Filters.
    assert_eq!(app.get_json("/api/v1/stats/monitoring").await["total"], 418);
    assert_eq!(app.get_json("/api/v1/stats/monitoring?commune=ixelles").await["total"], 2);
    assert_eq!(app.get_json("/api/v1/stats/monitoring?org=Une%20asbl%20d%27Ixelles&to=2022-12-31").await["total"], 1);
    let fwb = by_institution.iter().find(|(k, _)| k == "fwb-allocations-etudes").unwrap().1;
    let served = app.get_json("/api/v1/stats/monitoring?institution=fwb-allocations-etudes&commune=schaerbeek").await;
    assert_eq!(served["total"], fwb);
    let federal = app.get_json("/api/v1/stats/monitoring?level=federal&commune=schaerbeek").await;
    // CAPAC is a payment body: only the DG counts as federal here.
    let expected_federal: u64 =
        by_institution.iter().filter(|(k, _)| k == "dg-personnes-handicapees").map(|(_, c)| c).sum();
    assert_eq!(federal["total"], expected_federal);
    let education = app.get_json("/api/v1/stats/monitoring?category=education&commune=schaerbeek").await;
    assert_eq!(education["total"], fwb);
    for (query, status, field) in [
        ("from=yesterday", 400, "from"),
        ("from=", 400, "from"),
        ("from=2022-12-01&to=2022-11-01", 422, "to"),
        ("commune=atlantis", 404, "commune"),
        ("institution=nope", 404, "institution"),
        ("level=galaxy", 400, "level"),
    ] {
        app.assert_problem(&format!("/api/v1/stats/monitoring?{query}"), status, Some(field)).await;
    }
}
