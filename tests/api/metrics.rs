//! `GET /metrics`: the Prometheus text format, read back by a parser of that format.

use crate::helpers::*;
use crate::observations::{channel_id, post, token};
use serde_json::json;

/// One sample: name, labels, value.
type Sample = (String, Vec<(String, String)>, f64);

/// Every sample of the exposition.
fn samples(text: &str) -> Vec<Sample> {
    let (rest, families) = nom_openmetrics::parser::prometheus(text).expect("Prometheus text format");
    assert!(rest.is_empty(), "not parsed: {rest:?}");
    families
        .into_iter()
        .flat_map(|f| f.samples)
        .map(|s| {
            let labels = s.labels().iter().map(|l| (l.name.to_string(), l.value.clone())).collect();
            (s.name().to_string(), labels, s.number())
        })
        .collect()
}

fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    samples
        .iter()
        .find(|(n, l, _)| n == name && labels.iter().all(|(k, v)| l.iter().any(|(a, b)| a == k && b == v)))
        .map(|s| s.2)
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status_and_the_observations_accepted() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    for _ in 0..3 {
        assert_eq!(app.get("/api/v1/procedures/fwb-study-grant").await.status(), 200);
    }
    assert_eq!(app.get("/api/v1/procedures/no-such-procedure").await.status(), 404);
    assert_eq!(app.get("/wp-admin/setup-config.php").await.status(), 404);
    let t = token(&db, "CPAS", guichet::domain::Role::Reporter, None);
    let channel = channel_id(&app, "fwb-study-grant", "phone").await;
    let body = json!({
        "channel_id": channel,
        "occurred_at": chrono::Utc::now().to_rfc3339(),
        "outcome": "completed",
        "minutes_spent": 5,
        "on_behalf": false,
    });
    assert_eq!(post(&app, Some(&t), &body, None).await.status(), 201);
    assert_eq!(post(&app, None, &body, None).await.status(), 401);

    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let text = response.text().await.unwrap();
    let all = samples(&text);

    let requests = "guichet_http_requests_total";
    let route = ("route", "/api/v1/procedures/{slug}");
    // The three reads, and the one `channel_id` made.
    assert_eq!(value(&all, requests, &[route, ("method", "GET"), ("status", "200")]), Some(4.0), "{text}");
    assert_eq!(value(&all, requests, &[route, ("status", "404")]), Some(1.0));
    // A scanner's path is not a label: it is counted as unmatched.
    assert!(!text.contains("wp-admin"), "{text}");
    assert_eq!(value(&all, requests, &[("route", "unmatched")]), Some(1.0));
    let observations = ("route", "/api/v1/observations");
    assert_eq!(value(&all, requests, &[observations, ("status", "201")]), Some(1.0));
    assert_eq!(value(&all, requests, &[observations, ("status", "401")]), Some(1.0));
    assert_eq!(value(&all, "guichet_observations_accepted_total", &[]), Some(1.0));
    // One report went through the writers, alone in its group (the 401 never reached them).
    assert_eq!(value(&all, "guichet_observation_groups_total", &[]), Some(1.0));
    assert_eq!(value(&all, "guichet_observation_group_reports_total", &[]), Some(1.0));

    // The histogram of the route has counted every one of its requests, in cumulative buckets.
    let bucket = "guichet_http_request_duration_seconds_bucket";
    assert_eq!(value(&all, bucket, &[route, ("le", "+Inf")]), Some(5.0));
    assert_eq!(value(&all, "guichet_http_request_duration_seconds_count", &[route]), Some(5.0));
    let small = value(&all, bucket, &[route, ("le", "0.001")]).unwrap();
    let large = value(&all, bucket, &[route, ("le", "2.5")]).unwrap();
    assert!(small <= large && large <= 5.0);
    let age = value(&all, "guichet_snapshot_age_seconds", &[]).unwrap();
    assert!((0.0..600.0).contains(&age), "{age}");
    assert!(value(&all, "guichet_db_pool_max_connections", &[]).unwrap() >= 1.0);
    assert!(text.contains("# TYPE guichet_probes_total counter"));
    assert!(text.contains("# TYPE guichet_webhook_deliveries_total counter"));
}
