//! Paper questionnaires: a CSV file with the same fields as `POST /api/v1/observations`, validated by exactly the
//! same rules (each row goes through the same parser). All rows or none.

use super::input::Fields;
use super::observe::parse_report;
use crate::catalog::Snapshot;
use crate::store::observations::ObservationRecord;
use serde_json::{Map, Value};

const COLUMNS: &[&str] = &[
    "channel_id",
    "procedure",
    "channel_kind",
    "occurred_at",
    "outcome",
    "minutes_spent",
    "on_behalf",
    "failure_reason",
    "wait_minutes",
    "reporter_role",
    "comment",
];

fn cell(column: &str, raw: &str) -> Value {
    let raw = raw.trim();
    match column {
        "channel_id" | "minutes_spent" | "wait_minutes" => {
            raw.parse::<i64>().map_or_else(|_| Value::from(raw), Value::from)
        }
        "on_behalf" => match raw.to_lowercase().as_str() {
            "true" | "yes" | "oui" | "ja" | "1" => Value::Bool(true),
            "false" | "no" | "non" | "nee" | "0" => Value::Bool(false),
            _ => Value::from(raw),
        },
        _ => Value::from(raw),
    }
}

/// The rows as records of `organisation_id`, or every error as "line N, column `c`: message".
pub fn parse(
    text: &str,
    s: &Snapshot,
    organisation_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<ObservationRecord>, Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(vec![format!("line 1: {e}")]),
    };
    let mut errors = Vec::new();
    for h in headers.iter() {
        if !COLUMNS.contains(&h) {
            errors.push(format!("line 1, column `{h}`: unknown column (expected {})", COLUMNS.join(", ")));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut records = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let mut fields = Map::new();
        for (column, raw) in headers.iter().zip(row.iter()) {
            if !raw.trim().is_empty() {
                fields.insert(column.to_string(), cell(column, raw));
            }
        }
        let mut body = Fields::from_map(fields);
        let parsed = parse_report(s, &mut body, now);
        match (body.finish(), parsed) {
            (Ok(()), Some(report)) => records.push(report.record(organisation_id)),
            (result, _) => {
                let e = result.err().unwrap_or_else(|| super::AppError::Internal("unparsed row".into()));
                for field in e.field_errors() {
                    errors.push(format!("line {line}, column `{}`: {}", field.field, field.message));
                }
            }
        }
    }
    if errors.is_empty() { Ok(records) } else { Err(errors) }
}
