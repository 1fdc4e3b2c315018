//! JSON request bodies, read field by field so that every bad field is named, and unknown fields refused
//! (a typo such as `minute_spent` must not silently drop a value).

use super::problem::{ApiError, FieldError};
use serde_json::{Map, Value};

/// Largest accepted body: an observation or a complaint is a few hundred bytes.
pub const MAX_BODY: usize = 16 * 1024;

pub struct Body {
    fields: Map<String, Value>,
    known: Vec<&'static str>,
    /// Values present but invalid: 422.
    pub errors: Vec<FieldError>,
}

impl Body {
    /// Parses a JSON object; anything else is a 400 naming `body`.
    pub fn parse(bytes: &[u8]) -> Result<Body, ApiError> {
        let value: Value = serde_json::from_slice(bytes)
            .map_err(|e| ApiError::InvalidBody(vec![FieldError::new("body", format!("not valid JSON: {e}"))]))?;
        match value {
            Value::Object(fields) => Ok(Body { fields, known: Vec::new(), errors: Vec::new() }),
            _ => Err(ApiError::InvalidBody(vec![FieldError::new("body", "expected a JSON object")])),
        }
    }

    /// A body built by the web forms from their fields, read by the same validators as the JSON API.
    pub fn from_map(fields: Map<String, Value>) -> Body {
        Body { fields, known: Vec::new(), errors: Vec::new() }
    }

    /// The canonical form of the body (keys sorted), for idempotency hashes.
    pub fn canonical(&self) -> String {
        serde_json::to_string(&self.fields).expect("JSON value serialises")
    }

    fn take(&mut self, name: &'static str) -> Option<&Value> {
        self.known.push(name);
        self.fields.get(name).filter(|v| !v.is_null())
    }

    fn fail(&mut self, name: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(name, message));
    }

    pub fn missing(&mut self, name: &str) {
        self.fail(name, "is required");
    }

    pub fn string(&mut self, name: &'static str, max_chars: usize) -> Option<String> {
        let value = self.take(name)?.clone();
        match value.as_str() {
            Some(s) if s.chars().count() > max_chars => {
                self.fail(name, format!("longer than {max_chars} characters"));
                None
            }
            Some(s) if s.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') => {
                self.fail(name, "contains control characters");
                None
            }
            Some(s) if s.trim().is_empty() => None,
            Some(s) => Some(s.trim().to_string()),
            None => {
                self.fail(name, "expected a string");
                None
            }
        }
    }

    pub fn parse_str<T: std::str::FromStr<Err = String>>(&mut self, name: &'static str) -> Option<T> {
        let raw = self.string(name, 100)?;
        match raw.parse() {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(name, format!("`{raw}`: {e}"));
                None
            }
        }
    }

    pub fn integer(&mut self, name: &'static str, min: i64, max: i64) -> Option<i64> {
        let value = self.take(name)?.clone();
        match value.as_i64() {
            Some(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.fail(name, format!("expected a whole number from {min} to {max}"));
                None
            }
        }
    }

    pub fn boolean(&mut self, name: &'static str) -> Option<bool> {
        let value = self.take(name)?.clone();
        match value.as_bool() {
            Some(b) => Some(b),
            None => {
                self.fail(name, "expected true or false");
                None
            }
        }
    }

    pub fn datetime(&mut self, name: &'static str) -> Option<chrono::DateTime<chrono::Utc>> {
        let raw = self.string(name, 64)?;
        match chrono::DateTime::parse_from_rfc3339(&raw) {
            Ok(t) => Some(t.with_timezone(&chrono::Utc)),
            Err(_) => {
                self.fail(name, format!("`{raw}`: expected an RFC 3339 date-time, e.g. 2022-09-14T10:30:00+02:00"));
                None
            }
        }
    }

    /// Ends reading: unknown fields are a 400, invalid values a 422.
    pub fn finish(self) -> Result<(), ApiError> {
        let unknown: Vec<FieldError> = self
            .fields
            .keys()
            .filter(|k| !self.known.contains(&k.as_str()))
            .map(|k| FieldError::new(k.chars().take(100).collect::<String>(), "unknown field"))
            .collect();
        if !unknown.is_empty() {
            return Err(ApiError::InvalidBody(unknown));
        }
        if self.errors.is_empty() { Ok(()) } else { Err(ApiError::Unprocessable(self.errors)) }
    }
}
