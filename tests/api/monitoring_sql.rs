//! The monitoring figures are exact for any filter: for each filter, the API's table equals a direct SQL
//! computation over the stored observations, on the database the suite runs on (SQLite or PostgreSQL), both while
//! the server applies observations as they arrive and after a restart that loads them from the database.

use crate::helpers::*;
use crate::observations::{post, token};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Brussels;
use diesel::RunQueryDsl;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};
use serde_json::{Value, json};
use std::collections::BTreeMap;

#[derive(diesel::QueryableByName)]
struct LiveChannel {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    institution: String,
    #[diesel(sql_type = Text)]
    level: String,
    #[diesel(sql_type = Text)]
    categories: String,
}

#[derive(diesel::QueryableByName)]
struct Totals {
    #[diesel(sql_type = BigInt)]
    total: i64,
    #[diesel(sql_type = BigInt)]
    not_completed: i64,
    #[diesel(sql_type = BigInt)]
    partial: i64,
    #[diesel(sql_type = BigInt)]
    on_behalf: i64,
    #[diesel(sql_type = BigInt)]
    minutes: i64,
}

#[derive(diesel::QueryableByName)]
struct KeyCount {
    #[diesel(sql_type = Nullable<Text>)]
    key: Option<String>,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(diesel::QueryableByName)]
struct Minutes {
    #[diesel(sql_type = BigInt)]
    m: i64,
}

#[derive(diesel::QueryableByName)]
struct At {
    #[diesel(sql_type = Timestamp)]
    at: NaiveDateTime,
}

/// The rows a filter selects: live observations of live channels, with what the filters read.
const FROM: &str = "FROM observations o
    JOIN channels c ON c.id = o.channel_id AND c.withdrawn_at IS NULL
    JOIN procedures p ON p.id = c.procedure_id AND p.withdrawn_at IS NULL
    JOIN institutions i ON i.id = p.institution_id AND i.withdrawn_at IS NULL
    JOIN organisations g ON g.id = o.organisation_id
    LEFT JOIN communes m ON m.id = g.commune_id";

/// One filter: its query string for the API and its `WHERE` for SQL (values chosen by this test, never input).
struct Filter {
    query: String,
    sql: String,
}

fn filter(pairs: &[(&str, &str)]) -> Filter {
    let mut query = Vec::new();
    let mut sql = vec!["1 = 1".to_string()];
    for (name, value) in pairs {
        query.push(format!("{name}={}", value.replace(' ', "%20").replace('\'', "%27")));
        let quoted = value.replace('\'', "''");
        sql.push(match *name {
            "from" => format!("o.occurred_at >= '{}'", brussels_midnight(value, false)),
            "to" => format!("o.occurred_at < '{}'", brussels_midnight(value, true)),
            "commune" => format!("m.slug = '{quoted}'"),
            "institution" => format!("i.slug = '{quoted}'"),
            "level" => format!("i.level = '{quoted}'"),
            "category" => format!("p.categories LIKE '%\"{quoted}\"%'"),
            "org" => format!("g.name = '{quoted}'"),
            other => panic!("{other}"),
        });
    }
    Filter { query: query.join("&"), sql: sql.join(" AND ") }
}

/// The UTC instant a Brussels day starts (or, for `to`, the next day starts), as SQL compares timestamps.
fn brussels_midnight(day: &str, next: bool) -> String {
    let mut d = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    if next {
        d = d.succ_opt().unwrap();
    }
    let local = Brussels.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap()).earliest().unwrap();
    local.with_timezone(&Utc).naive_utc().format("%Y-%m-%d %H:%M:%S").to_string()
}

fn counts(conn: &mut guichet::store::DbConnection, column: &str, f: &Filter) -> BTreeMap<String, u64> {
    let sql = format!("SELECT {column} AS key, COUNT(*) AS n {FROM} WHERE {} GROUP BY {column}", f.sql);
    let rows: Vec<KeyCount> = diesel::sql_query(sql).load(conn).unwrap();
    rows.into_iter().filter_map(|r| Some((r.key?, r.n as u64))).collect()
}

fn shares(v: &Value) -> BTreeMap<String, u64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| (s["key"].as_str().unwrap().to_string(), s["count"].as_u64().unwrap()))
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Compares the API's table for `f` with the SQL computation; `context` names the moment in a failure.
async fn check(app: &TestApp, conn: &mut guichet::store::DbConnection, f: &Filter, context: &str) -> u64 {
    let api = app.get_json(&format!("/api/v1/stats/monitoring?{}", f.query)).await;
    let at = |what: &str| format!("{context}, filter `{}`: {what}", f.query);
    let sql = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) AS total,
            CAST(COALESCE(SUM(CASE WHEN o.outcome IN ('not_completed', 'redirected_online') THEN 1 ELSE 0 END), 0) AS BIGINT) AS not_completed,
            CAST(COALESCE(SUM(CASE WHEN o.outcome = 'partial' THEN 1 ELSE 0 END), 0) AS BIGINT) AS partial,
            CAST(COALESCE(SUM(CASE WHEN o.on_behalf THEN 1 ELSE 0 END), 0) AS BIGINT) AS on_behalf,
            CAST(COALESCE(SUM(o.minutes_spent), 0) AS BIGINT) AS minutes
         {FROM} WHERE {}",
        f.sql
    );
    let t: Totals = diesel::sql_query(sql).get_result(conn).unwrap();
    let n = t.total as f64;
    assert_eq!(api["total"], json!(t.total), "{}", at("total"));
    assert_eq!(api["not_completed"], json!(t.not_completed), "{}", at("not_completed"));
    let share = |k: &str| api[k].as_f64().unwrap();
    let ratio = |x: i64| if t.total == 0 { 0.0 } else { x as f64 / n };
    assert!(close(share("not_completed_share"), ratio(t.not_completed)), "{}", at("not_completed_share"));
    assert!(close(share("partial_share"), ratio(t.partial)), "{}", at("partial_share"));
    assert!(close(share("on_behalf_share"), ratio(t.on_behalf)), "{}", at("on_behalf_share"));
    assert!(close(share("total_hours"), t.minutes as f64 / 60.0), "{}", at("total_hours"));
    if t.total == 0 {
        assert!(api["mean_minutes"].is_null() && api["median_minutes"].is_null(), "{}", at("no mean"));
    } else {
        assert!(close(share("mean_minutes"), t.minutes as f64 / n), "{}", at("mean_minutes"));
        // The median straight from SQL: the middle value, or the two middle ones for an even count.
        let (offset, take) = ((t.total - 1) / 2, if t.total % 2 == 0 { 2 } else { 1 });
        let sql = format!(
            "SELECT CAST(o.minutes_spent AS BIGINT) AS m {FROM} WHERE {} ORDER BY o.minutes_spent LIMIT {take} OFFSET {offset}",
            f.sql
        );
        let middle: Vec<Minutes> = diesel::sql_query(sql).load(conn).unwrap();
        let median = middle.iter().map(|m| m.m as f64).sum::<f64>() / middle.len() as f64;
        assert!(close(share("median_minutes"), median), "{}", at("median_minutes"));
    }
    assert_eq!(shares(&api["by_institution"]), counts(conn, "i.slug", f), "{}", at("by_institution"));
    assert_eq!(shares(&api["by_failure_reason"]), counts(conn, "o.failure_reason", f), "{}", at("by_failure_reason"));
    assert_eq!(shares(&api["by_channel_kind"]), counts(conn, "c.kind", f), "{}", at("by_channel_kind"));
    // Weeks are Brussels weeks: SQL gives the instants, the Monday of each is taken here.
    let sql = format!("SELECT o.occurred_at AS at {FROM} WHERE {}", f.sql);
    let instants: Vec<At> = diesel::sql_query(sql).load(conn).unwrap();
    let mut weeks: BTreeMap<String, u64> = BTreeMap::new();
    for a in instants {
        let local = Utc.from_utc_datetime(&a.at).with_timezone(&Brussels).date_naive();
        let monday =
            local - chrono::Duration::days(i64::from(chrono::Datelike::weekday(&local).num_days_from_monday()));
        *weeks.entry(monday.to_string()).or_default() += 1;
    }
    let api_weeks: BTreeMap<String, u64> = api["by_week"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["week_start"].as_str().unwrap().to_string(), w["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(api_weeks, weeks, "{}", at("by_week"));
    t.total as u64
}

/// A deterministic generator (no rand crate).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

#[tokio::test]
async fn monitoring_figures_equal_a_direct_sql_computation_for_every_filter() {
    let db = TestDb::new();
    let app = spawn_on(&db, &shipped_catalog()).await;
    let pool = connect(&db.url);
    let mut conn = pool.get().unwrap();
    let sql = "SELECT c.id AS id, i.slug AS institution, i.level AS level, p.categories AS categories
        FROM channels c JOIN procedures p ON p.id = c.procedure_id JOIN institutions i ON i.id = p.institution_id
        WHERE c.withdrawn_at IS NULL AND p.withdrawn_at IS NULL AND i.withdrawn_at IS NULL ORDER BY c.id";
    let live: Vec<LiveChannel> = diesel::sql_query(sql).load(&mut *conn).unwrap();
    // Every ninth live channel: many institutions, levels, kinds and categories.
    let channels: Vec<&LiveChannel> = live.iter().step_by(9).collect();
    assert!(channels.len() >= 20, "{} channels", channels.len());
    let orgs = [
        ("CASS Schaerbeek", Some("schaerbeek")),
        ("Maison de quartier d'Helmet", Some("schaerbeek")),
        ("Une asbl d'Ixelles", Some("ixelles")),
        ("Service social sans commune", None),
    ];
    let tokens: Vec<String> =
        orgs.iter().map(|(name, commune)| token(&db, name, guichet::domain::Role::Reporter, *commune)).collect();

    let outcomes = ["completed", "partial", "not_completed", "redirected_online", "completed"];
    let reasons = ["line_saturated", "technical_error", "appointment_online_only", "missing_documents", "no_answer"];
    let start = DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z").unwrap().with_timezone(&Utc);
    let mut rng = Lcg(20261202);
    let mut bodies = Vec::new();
    for _ in 0..360 {
        let c = channels[rng.next(channels.len() as u64) as usize];
        let at = start + chrono::Duration::minutes(rng.next(366 * 24 * 60) as i64);
        bodies.push((rng.next(4) as usize, c.id, at, rng.next(5) as usize));
    }
    // The edges of the Brussels days the filters name, around both clock changes of 2024.
    for edge in ["2024-03-30T22:59:00Z", "2024-03-30T23:00:00Z", "2024-10-27T22:59:00Z", "2024-10-27T23:00:00Z"] {
        let at = DateTime::parse_from_rfc3339(edge).unwrap().with_timezone(&Utc);
        bodies.push((0, channels[0].id, at, 2));
    }
    for chunk in bodies.chunks(8) {
        let handles: Vec<_> = chunk
            .iter()
            .map(|&(org, channel, at, outcome)| {
                let outcome = outcomes[outcome];
                let mut body = json!({
                    "channel_id": channel, "occurred_at": at.to_rfc3339(), "outcome": outcome,
                    "minutes_spent": 3 + (at.timestamp() / 60 % 47), "on_behalf": at.timestamp() / 60 % 3 != 0,
                });
                // A reason is required when the attempt did not complete, optional when it was partial.
                let reason = match outcome {
                    "not_completed" | "redirected_online" => true,
                    "partial" => at.timestamp() / 60 % 4 != 0,
                    _ => false,
                };
                if reason {
                    body["failure_reason"] = json!(reasons[(at.timestamp() / 60 % 5) as usize]);
                }
                let (app, t) = (app.clone(), tokens[org].clone());
                tokio::spawn(async move { post(&app, Some(&t), &body, None).await.status() })
            })
            .collect();
        for h in handles {
            assert_eq!(h.await.unwrap(), 201);
        }
    }

    let first = channels[0];
    let category = channels.iter().find_map(|c| {
        let list: Vec<String> = serde_json::from_str(&c.categories).ok()?;
        list.into_iter().next()
    });
    let category = category.expect("a picked procedure with a category");
    let mut filters = vec![
        filter(&[]),
        filter(&[("from", "2024-03-31"), ("to", "2024-10-27")]),
        filter(&[("from", "2024-10-28")]),
        filter(&[("to", "2024-03-30")]),
        filter(&[("commune", "schaerbeek")]),
        filter(&[("commune", "ixelles"), ("from", "2024-06-01")]),
        filter(&[("institution", &first.institution)]),
        filter(&[("level", &first.level)]),
        filter(&[("category", &category)]),
        filter(&[("org", "Maison de quartier d'Helmet")]),
        filter(&[("org", "CASS Schaerbeek"), ("institution", &first.institution), ("to", "2024-10-27")]),
        filter(&[("commune", "schaerbeek"), ("level", &first.level), ("category", &category)]),
        filter(&[("from", "2030-01-01")]),
    ];
    let other_level = channels.iter().find(|c| c.level != first.level).map(|c| c.level.clone());
    if let Some(level) = other_level {
        filters.push(filter(&[("level", &level), ("from", "2024-07-01"), ("to", "2024-12-31")]));
    }
    let mut selected = Vec::new();
    for f in &filters {
        selected.push(check(&app, &mut conn, f, "as applied").await);
    }
    assert_eq!(selected[0], bodies.len() as u64, "every observation is counted without a filter");
    assert!(selected.iter().filter(|&&n| n > 0 && n < selected[0]).count() >= 8, "filters that select: {selected:?}");
    assert_eq!(selected[12], 0, "a period after every observation selects none");

    // The same figures after a restart, loaded from the database.
    drop(app);
    let app = spawn_on(&db, &shipped_catalog()).await;
    for (f, before) in filters.iter().zip(&selected) {
        assert_eq!(check(&app, &mut conn, f, "after a restart").await, *before);
    }
}
