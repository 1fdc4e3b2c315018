//! Query parameters, parsed by hand so that every bad value is reported with its parameter's name.

use super::problem::{ApiError, FieldError};
use actix_web::{FromRequest, HttpRequest, dev::Payload};
use std::future::{Ready, ready};
use utoipa::IntoParams;

pub const MAX_PER_PAGE: u32 = 100;
pub const DEFAULT_PER_PAGE: u32 = 20;
/// Longest accepted free-text parameter: search words, not documents.
pub const MAX_TEXT: usize = 200;

/// The raw query string as name/value pairs.
pub struct QueryParams {
    pairs: Vec<(String, String)>,
    pub errors: Vec<FieldError>,
}

impl FromRequest for QueryParams {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            serde_urlencoded::from_str::<Vec<(String, String)>>(req.query_string())
                .map(|pairs| QueryParams { pairs, errors: Vec::new() })
                .map_err(|e| ApiError::invalid("query", format!("malformed query string: {e}"))),
        )
    }
}

impl QueryParams {
    /// The value of `name`; a parameter given twice is an error (which one would we honour?).
    /// Parameters from already-split pairs (the web pages' forms share these parsers).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> QueryParams {
        QueryParams { pairs, errors: Vec::new() }
    }

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

    /// A value of a closed vocabulary (or anything with a `FromStr` whose error says what is expected).
    pub fn parse<T: std::str::FromStr<Err = String>>(&mut self, name: &str) -> Option<T> {
        let raw = self.text(name)?;
        match raw.parse() {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(FieldError::new(name, format!("`{raw}`: {e}")));
                None
            }
        }
    }

    pub fn boolean(&mut self, name: &str) -> Option<bool> {
        match self.text(name)?.as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            other => {
                self.errors.push(FieldError::new(name, format!("`{other}`: expected true or false")));
                None
            }
        }
    }

    fn number(&mut self, name: &str, min: u32, max: u32, default: u32) -> u32 {
        let Some(raw) = self.text(name) else { return default };
        match raw.parse::<u32>() {
            Ok(n) if (min..=max).contains(&n) => n,
            _ => {
                self.errors
                    .push(FieldError::new(name, format!("`{raw}`: expected a whole number from {min} to {max}")));
                default
            }
        }
    }

    pub fn pagination(&mut self) -> Pagination {
        Pagination {
            page: self.number("page", 1, 1_000_000, 1),
            per_page: self.number("per_page", 1, MAX_PER_PAGE, DEFAULT_PER_PAGE),
        }
    }

    /// An RFC 3339 date-time, as UTC.
    pub fn datetime(&mut self, name: &str) -> Option<chrono::DateTime<chrono::Utc>> {
        let raw = self.text(name)?;
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
            self.errors.push(FieldError::new("institution", format!("`{slug}` is not an institution slug")));
        }
        found
    }

    /// A commune given by slug, as its index in the snapshot.
    pub fn commune(&mut self, s: &crate::catalog::Snapshot) -> Option<usize> {
        let slug = self.text("commune")?;
        let found = s.commune(&slug);
        if found.is_none() {
            self.errors.push(FieldError::new("commune", format!("`{slug}` is not a commune slug")));
        }
        found
    }

    /// Ends parsing: every error found at once.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() { Ok(()) } else { Err(ApiError::InvalidParameters(self.errors)) }
    }
}

/// `page` (from 1) and `per_page` (1–100, default 20).
#[derive(Debug, Clone, Copy, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Pagination {
    /// Page number, from 1.
    #[param(value_type = Option<u32>, minimum = 1, default = 1)]
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
