//! Issue 15's protections, each proven over HTTP: the security headers of every kind of response, timestamps with
//! their offset, strict JSON requests, 405 with `Allow`, and the server-signed tokens of the anonymous forms.

use crate::helpers::*;
use crate::observations::{channel_id, token};

fn manual() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

fn header(r: &reqwest::Response, name: &str) -> String {
    r.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let db = TestDb::new();
    let app = spawn_on(&db, &fixture_catalog()).await;
    let id = channel_id(&app, "schaerbeek-identity-card", "counter-without-appointment").await;
    let reporter = token(&db, "cpas-schaerbeek", guichet::domain::Role::Reporter, Some("schaerbeek"));
    let api = "default-src 'none'; frame-ancestors 'none'";
    // (path, bearer token, expected CSP start, must not be stored)
    let cases: Vec<(String, Option<&str>, &str, bool)> = vec![
        ("/api/v1/procedures".into(), None, api, false),
        (format!("/api/v1/channels/{id}"), None, api, false),
        ("/api/v1/procedures?page=0".into(), None, api, false),
        ("/api/v1/nothing-here".into(), None, api, false),
        ("/wp-admin/setup.php".into(), None, api, false),
        ("/api/v1/exports/procedures.csv".into(), None, api, false),
        ("/api/v1/exports/channels.geojson".into(), None, api, false),
        ("/api/v1/feeds/changes.atom".into(), None, api, false),
        ("/hsds/services".into(), None, api, false),
        ("/openapi.json".into(), None, api, false),
        ("/healthz".into(), None, api, false),
        ("/docs".into(), None, "default-src 'none'; script-src 'self'", false),
        ("/docs/".into(), None, "default-src 'none'; script-src 'self'", false),
        ("/docs/swagger-ui.css".into(), None, "default-src 'none'; script-src 'self'", false),
        ("/api/v1/complaints/AAAA-BBBB-CCCC".into(), None, api, true),
        ("/api/v1/stats/monitoring".into(), Some(reporter.as_str()), api, true),
        ("/fr/".into(), None, "default-src 'none'; style-src 'self'", false),
        ("/fr/procedures/no-such-procedure".into(), None, "default-src 'none'; style-src 'self'", false),
        ("/fr/complaints/new".into(), None, "default-src 'none'; style-src 'self'", true),
        ("/fr/complaints/AAAA-BBBB-CCCC".into(), None, "default-src 'none'; style-src 'self'", true),
        ("/fr/signin".into(), None, "default-src 'none'; style-src 'self'", true),
        ("/".into(), None, api, false),
    ];
    let client = manual();
    for (path, bearer, csp, no_store) in cases {
        let mut req = client.get(format!("{}{path}", app.address));
        if let Some(t) = bearer {
            req = req.bearer_auth(t);
        }
        let r = req.send().await.unwrap();
        assert!(header(&r, "content-security-policy").starts_with(csp), "{path}: CSP {:?}", r.headers());
        assert!(header(&r, "content-security-policy").contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(header(&r, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header(&r, "x-frame-options"), "DENY", "{path}");
        assert!(["no-referrer", "same-origin"].contains(&header(&r, "referrer-policy").as_str()), "{path}");
        if no_store {
            assert_eq!(header(&r, "cache-control"), "no-store", "{path} ({})", r.status());
        } else {
            assert_ne!(header(&r, "cache-control"), "no-store", "{path}: only what must not be stored");
        }
    }
}
