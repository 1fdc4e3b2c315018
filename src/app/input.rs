//! Input as the use cases read it, whatever door it came through: JSON-like fields (an API body, a web form, a
//! CSV row) and name/value parameters (a query string). Every bad value is reported with its name, all at once.

use super::error::{AppError, FieldError};
use serde_json::{Map, Value};
use utoipa::IntoParams;

/// Largest accepted body: an observation or a complaint is a few hundred bytes.
pub const MAX_BODY: usize = 16 * 1024;

pub const MAX_PER_PAGE: u32 = 100;
pub const DEFAULT_PER_PAGE: u32 = 20;
/// Longest accepted free-text parameter: search words, not documents.
pub const MAX_TEXT: usize = 200;

/// Query parameters as name/value pairs, read one by one so that every bad value is reported with its name.
pub struct Params {
    pairs: Vec<(String, String)>,
    pub errors: Vec<FieldError>,
    /// The API's strictness: a typed parameter (a number, a boolean, a vocabulary word, a date) given empty is an
    /// error, as its schema says; a web form's empty field means "not given".
    strict: bool,
    /// Fields of `errors` that are well-formed but name nothing the catalog knows (a commune, an institution…): 404.
    unknown: Vec<String>,
    /// Fields of `errors` that are well-formed but cannot be honoured together with another (`to` before `from`)
    /// or resolved (a name of several communes): 422.
    unprocessable: Vec<String>,
}

impl Params {
    /// Parameters from already-split pairs (a query string, a web form).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Params {
        Params { pairs, errors: Vec::new(), strict: false, unknown: Vec::new(), unprocessable: Vec::new() }
    }

    /// A query string as parameters; a malformed one is an error naming `query`.
    pub fn from_query(query: &str) -> Result<Params, AppError> {
        serde_urlencoded::from_str::<Vec<(String, String)>>(query)
            .map(|pairs| Params { strict: true, ..Params::from_pairs(pairs) })
            .map_err(|e| AppError::invalid("query", format!("malformed query string: {e}")))
    }

    /// A well-formed value that names nothing known (`commune=atlantis`): the API answers 404, naming the field.
    pub fn unknown(&mut self, name: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(name, message));
        self.unknown.push(name.to_string());
    }

    /// A well-formed value that cannot be honoured (with another parameter, or as one thing): the API answers 422.
    pub fn unprocessable(&mut self, name: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(name, message));
        self.unprocessable.push(name.to_string());
    }

    /// The value of a typed parameter: as [`Params::text`], except that an empty value is an error for the API.
    pub fn typed(&mut self, name: &str) -> Option<String> {
        let value = self.text(name);
        if value.is_none() && self.strict && self.pairs.iter().filter(|(k, _)| k == name).count() == 1 {
            self.errors.push(FieldError::new(name, "is empty: give a value or leave the parameter out"));
        }
        value
    }

    /// The value of `name`; a parameter given twice is an error (which one would we honour?).
    pub fn text(&mut self, name: &str) -> Option<String> {
        let mut values = self.pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v);
        let first = values.next()?.clone();
        if values.next().is_some() {
            self.errors.push(FieldError::new(name, "given more than once"));
            return None;
        }
        if first.chars().count() > MAX_TEXT {
            self.errors.push(FieldError::new(name, format!("longer than {MAX_TEXT} characters")));
            return None;
        }
        let trimmed = first.trim();
        if trimmed.is_empty() { None } else { Some(trimmed.to_string()) }
    }

    /// Every value of a parameter that may be given several times (`lang=ar&lang=fr`, checkboxes), trimmed; empty
    /// values are left out.
    pub fn all(&mut self, name: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (_, v) in self.pairs.iter().filter(|(k, _)| k == name) {
            if v.chars().count() > MAX_TEXT {
                self.errors.push(FieldError::new(name, format!("longer than {MAX_TEXT} characters")));
            } else if !v.trim().is_empty() {
                out.push(v.trim().to_string());
            }
        }
        out
    }

    /// A value of a closed vocabulary (or anything with a `FromStr` whose error says what is expected).
    pub fn parse<T: std::str::FromStr<Err = String>>(&mut self, name: &str) -> Option<T> {
        let raw = self.typed(name)?;
        match raw.parse() {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(FieldError::new(name, format!("`{raw}`: {e}")));
                None
            }
        }
    }

    pub fn boolean(&mut self, name: &str) -> Option<bool> {
        match self.typed(name)?.as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            other => {
                self.errors.push(FieldError::new(name, format!("`{other}`: expected true or false")));
                None
            }
        }
    }

    fn number(&mut self, name: &str, min: u32, max: u32, default: u32) -> u32 {
        let Some(raw) = self.typed(name) else { return default };
        match raw.parse::<u32>() {
            Ok(n) if (min..=max).contains(&n) => n,
            _ => {
                self.errors
                    .push(FieldError::new(name, format!("`{raw}`: expected a whole number from {min} to {max}")));
                default
            }
        }
    }

    /// A whole number from `min` to `max`, `default` when absent.
    pub fn whole(&mut self, name: &str, min: u32, max: u32, default: u32) -> u32 {
        self.number(name, min, max, default)
    }

    pub fn pagination(&mut self) -> Pagination {
        Pagination {
            page: self.number("page", 1, 1_000_000, 1),
            per_page: self.number("per_page", 1, MAX_PER_PAGE, DEFAULT_PER_PAGE),
        }
    }

    /// An RFC 3339 date-time, as UTC.
    pub fn datetime(&mut self, name: &str) -> Option<chrono::DateTime<chrono::Utc>> {
        let raw = self.typed(name)?;
        match chrono::DateTime::parse_from_rfc3339(&raw) {
            Ok(t) => Some(t.with_timezone(&chrono::Utc)),
            Err(_) => {
                self.errors.push(FieldError::new(
                    name,
                    format!("`{raw}`: expected an RFC 3339 date-time, e.g. 2025-01-01T00:00:00Z"),
                ));
                None
            }
        }
    }

    /// An institution given by slug, as its index in the snapshot.
    pub fn institution(&mut self, s: &crate::catalog::Snapshot) -> Option<usize> {
        let slug = self.text("institution")?;
        let found = s.institutions_by_slug.get(&slug).copied();
        if found.is_none() {
            self.unknown("institution", format!("`{slug}` is not an institution slug"));
        }
        found
    }

    /// A commune given by slug, as its index in the snapshot.
    pub fn commune(&mut self, s: &crate::catalog::Snapshot) -> Option<usize> {
        let slug = self.text("commune")?;
        let found = s.commune(&slug);
        if found.is_none() {
            self.unknown("commune", format!("`{slug}` is not a commune slug"));
        }
        found
    }

    /// Ends parsing: every error found at once. A malformed value anywhere is a 400 (with every error); else a
    /// value that cannot be honoured a 422; else a value naming nothing known a 404.
    pub fn finish(self) -> Result<(), AppError> {
        if self.errors.is_empty() {
            return Ok(());
        }
        let of = |names: &[String], e: &FieldError| names.contains(&e.field);
        if self.errors.iter().any(|e| !of(&self.unknown, e) && !of(&self.unprocessable, e)) {
            Err(AppError::InvalidParameters(self.errors))
        } else if self.errors.iter().any(|e| of(&self.unprocessable, e)) {
            Err(AppError::Unprocessable(self.errors))
        } else {
            Err(AppError::UnknownParameters(self.errors))
        }
    }
}

/// `page` (from 1) and `per_page` (1–100, default 20).
#[derive(Debug, Clone, Copy, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Pagination {
    /// Page number, from 1 to 1,000,000.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1_000_000, default = 1)]
    pub page: u32,
    /// Items per page, 1 to 100.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100, default = 20)]
    pub per_page: u32,
}

impl Pagination {
    pub fn slice<T>(&self, items: Vec<T>) -> (Vec<T>, usize) {
        let total = items.len();
        let start = ((self.page as usize - 1) * self.per_page as usize).min(total);
        let items = items.into_iter().skip(start).take(self.per_page as usize).collect();
        (items, total)
    }
}

/// A JSON object read field by field: every bad field is named, unknown fields refused.
pub struct Fields {
    fields: Map<String, Value>,
    known: Vec<&'static str>,
    /// Values present but invalid: 422.
    pub errors: Vec<FieldError>,
}

impl Fields {
    /// Parses a JSON object; anything else is a 400 naming `body`, and a key given twice (at any depth) a 400
    /// naming that key (which value would we honour?).
    pub fn parse(bytes: &[u8]) -> Result<Fields, AppError> {
        let value = serde_json::from_slice::<NoDuplicates>(bytes).map(|v| v.0).map_err(|e| {
            let message = e.to_string();
            let duplicate = message.strip_prefix(DUPLICATE).and_then(|rest| rest.split_once('`')).map(|(key, _)| key);
            match duplicate {
                Some(key) => AppError::InvalidBody(vec![FieldError::new(
                    key.chars().take(100).collect::<String>(),
                    "given more than once",
                )]),
                None => AppError::InvalidBody(vec![FieldError::new("body", format!("not valid JSON: {e}"))]),
            }
        })?;
        match value {
            Value::Object(fields) => Ok(Fields::from_map(fields)),
            _ => Err(AppError::InvalidBody(vec![FieldError::new("body", "expected a JSON object")])),
        }
    }

    /// Fields built by another door (a web form, a CSV row), read by the same validators as the JSON API.
    pub fn from_map(fields: Map<String, Value>) -> Fields {
        Fields { fields, known: Vec::new(), errors: Vec::new() }
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

    /// The raw value of `name` (not null), for shapes the other readers do not cover (lists).
    pub fn value(&mut self, name: &'static str) -> Option<Value> {
        self.take(name).cloned()
    }

    /// A field as sent, `null` included (a merge patch removes what it sets to `null`).
    pub fn raw(&mut self, name: &'static str) -> Option<Value> {
        self.known.push(name);
        self.fields.get(name).cloned()
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

    /// A secret as sent (a password): never trimmed, and never quoted in a message.
    pub fn secret(&mut self, name: &'static str) -> Option<String> {
        let value = self.take(name)?.clone();
        match value.as_str() {
            Some("") => None,
            Some(s) => Some(s.to_string()),
            None => {
                self.fail(name, "expected a string");
                None
            }
        }
    }

    /// A free text that will be stored: read as [`Fields::string`], then through the privacy gate
    /// (`domain::privacy::check`). Every stored free text is read by this method.
    pub fn free_text(&mut self, name: &'static str, max_chars: usize) -> Option<String> {
        let text = self.string(name, max_chars)?;
        match crate::domain::privacy::check(&text) {
            Ok(()) => Some(text),
            Err(kind) => {
                self.errors.push(FieldError::personal_data(name, kind));
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
        // JSON does not tell 600 from 600.0 (JSON Schema's `integer` accepts both); a fraction is no whole number.
        let whole = value.as_i64().or_else(|| {
            value
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                .map(|f| format!("{f:.0}"))
                .and_then(|f| f.parse().ok())
        });
        match whole {
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
    pub fn finish(self) -> Result<(), AppError> {
        let unknown: Vec<FieldError> = self
            .fields
            .keys()
            .filter(|k| !self.known.contains(&k.as_str()))
            .map(|k| FieldError::new(k.chars().take(100).collect::<String>(), "unknown field"))
            .collect();
        if !unknown.is_empty() {
            return Err(AppError::InvalidBody(unknown));
        }
        if self.errors.is_empty() { Ok(()) } else { Err(AppError::Unprocessable(self.errors)) }
    }
}

const DUPLICATE: &str = "duplicate key `";

/// A JSON value read like `serde_json::Value`, except that an object with a key given twice is an error (serde_json
/// keeps the last one).
struct NoDuplicates(Value);

impl<'de> serde::Deserialize<'de> for NoDuplicates {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NoDuplicatesVisitor).map(NoDuplicates)
    }
}

struct NoDuplicatesVisitor;

impl<'de> serde::de::Visitor<'de> for NoDuplicatesVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(NoDuplicates(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut fields = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if fields.contains_key(&key) {
                return Err(serde::de::Error::custom(format!("{DUPLICATE}{key}`")));
            }
            let NoDuplicates(v) = map.next_value()?;
            fields.insert(key, v);
        }
        Ok(Value::Object(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_given_twice_is_named_and_refused() {
        let e = Fields::parse(br#"{"state": "closed", "note": "x", "state": "answered"}"#).err().unwrap();
        assert_eq!(e.field_errors(), &[FieldError::new("state", "given more than once")]);
        let e = Fields::parse(br#"{"a": {"b": 1, "b": 2}}"#).err().unwrap();
        assert_eq!(e.field_errors()[0].field, "b");
        let ok = Fields::parse(br#"{"a": [1, 2.5, -3, null, true, "x", {"b": 1}], "b": {"b": 2}}"#).unwrap();
        assert_eq!(ok.canonical(), r#"{"a":[1,2.5,-3,null,true,"x",{"b":1}],"b":{"b":2}}"#);
        assert_eq!(Fields::parse(b"[1]").err().unwrap().field_errors()[0].field, "body");
    }
}
