//! The response cache of the reads: a read answered since the last change of what it depends on is answered again
//! from the bytes already made (the gzip form too, as the client negotiated it), shared by every worker.
//!
//! - **What is cached.** `GET` (and `HEAD`, routed as `GET`) of the API's read-model answers (`/api/v1/…` but
//!   editions, the feed, complaints, reporters and observations, which read the database or are private; `/hsds/…`)
//!   and of the pages (`/{lang}/…` but the forms and complaint tracking, `http::headers::must_not_store`), asked
//!   without a bearer token or a session cookie, answered `200` without a cookie, a `Cache-Control` of the
//!   handler's own or a `Vary` on something other than `Accept-Encoding`, and at most `MAX_ENTRY_BYTES`.
//! - **The key.** The path, the query's pairs sorted by name (stable: repeated names keep their order), the
//!   `Accept-Encoding` asked (what `Compress` negotiates from), and the headers the site's address is read from
//!   (`Host`, `Forwarded`, `X-Forwarded-Host`, `X-Forwarded-Proto`: the sheets' QR codes carry it). The language and
//!   the format are in the path or the query.
//! - **Freshness.** Each entry remembers the generations it was made at — the catalog snapshot's, the observed
//!   index's and the minute's (answers say "open now"; the Brussels minute is the UTC one) — and is used only while
//!   all three are current. The catalog generation moves when the snapshot is rebuilt (`sync.rs` on `reload`); the
//!   observed one after every write request this instance answers (`POST`, `PATCH`, `DELETE`: once its handler has
//!   put the write in the read model) and every change heard from another instance. The generations are read
//!   before the answer is made, so an answer made while a write lands is stored under the old ones and never used.
//! - **Bounds.** At most `MAX_ENTRIES` entries and `MAX_BYTES` bytes; the oldest stored go first.
//! - **HTTP.** Every cached answer carries a strong `ETag` (a hash of the bytes sent: instances running the same
//!   binary agree), `Cache-Control: public, max-age=30` (a reverse proxy or CDN in front of several instances may
//!   serve it for 30 s) and `X-Cache: hit` or `miss`; `If-None-Match` with that tag is answered `304` without a
//!   body. A request with `Cache-Control: no-cache` (or `Pragma: no-cache`) is answered afresh (and stored).

use super::state::AppState;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, Data};
use actix_web::{HttpRequest, HttpResponse};
use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

/// What a cached answer tells the client and the caches in front of us.
pub const CACHE_CONTROL: &str = "public, max-age=30";
/// The most entries kept.
pub const MAX_ENTRIES: usize = 4096;
/// The most bytes kept (bodies, keys and headers).
pub const MAX_BYTES: usize = 32 << 20;
/// An answer larger than this is not kept (large exports).
pub const MAX_ENTRY_BYTES: usize = 1 << 20;
/// The header that says whether the answer came from the cache.
pub const X_CACHE: HeaderName = HeaderName::from_static("x-cache");

/// The state of the data an answer was made from.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Generations {
    pub catalog: u64,
    pub observed: u64,
    /// Minutes since the Unix epoch.
    pub minute: i64,
}

/// A stored answer.
#[derive(Debug)]
pub struct Entry {
    pub generations: Generations,
    /// The route pattern that made it (`metrics::CachedRoute`).
    pub route: Option<Arc<str>>,
    pub etag: HeaderValue,
    pub headers: HeaderMap,
    pub body: Bytes,
    size: usize,
    seq: u64,
}

impl Entry {
    /// An answer made at `generations`; its `ETag` is a hash of `body`.
    pub fn new(generations: Generations, headers: HeaderMap, body: Bytes) -> Entry {
        let mut hasher = std::hash::DefaultHasher::new();
        body.hash(&mut hasher);
        let etag = HeaderValue::from_str(&format!("\"{:016x}\"", hasher.finish()))
            .unwrap_or_else(|_| HeaderValue::from_static("\"0\""));
        let size = body.len() + headers.iter().map(|(k, v)| k.as_str().len() + v.len() + 16).sum::<usize>() + 128;
        Entry { generations, route: None, etag, headers, body, size, seq: 0 }
    }
}

#[derive(Default)]
struct Inner {
    map: HashMap<String, Arc<Entry>>,
    /// Keys in the order they were stored, with the sequence number of that store (a key stored again leaves a
    /// stale record here, skipped and compacted).
    order: VecDeque<(u64, String)>,
    bytes: usize,
    seq: u64,
}

/// The cache, one per running service (`AppState::reads`).
pub struct ReadCache {
    inner: RwLock<Inner>,
    catalog: AtomicU64,
    observed: AtomicU64,
    max_entries: usize,
    max_bytes: usize,
}

impl Default for ReadCache {
    fn default() -> Self {
        ReadCache::new(MAX_ENTRIES, MAX_BYTES)
    }
}

impl ReadCache {
    pub fn new(max_entries: usize, max_bytes: usize) -> ReadCache {
        ReadCache {
            inner: RwLock::default(),
            catalog: AtomicU64::new(0),
            observed: AtomicU64::new(0),
            max_entries,
            max_bytes,
        }
    }

    /// The generations of an answer made now.
    pub fn generations(&self) -> Generations {
        self.generations_at(chrono::Utc::now())
    }

    pub fn generations_at(&self, now: chrono::DateTime<chrono::Utc>) -> Generations {
        Generations {
            catalog: self.catalog.load(Ordering::Acquire),
            observed: self.observed.load(Ordering::Acquire),
            minute: now.timestamp().div_euclid(60),
        }
    }

    /// The snapshot was rebuilt.
    pub fn catalog_changed(&self) {
        self.catalog.fetch_add(1, Ordering::AcqRel);
    }

    /// The observed index (or anything else a write changes) changed.
    pub fn observed_changed(&self) {
        self.observed.fetch_add(1, Ordering::AcqRel);
    }

    /// The answer stored under `key`, if it was made at `current`.
    pub fn get(&self, key: &str, current: Generations) -> Option<Arc<Entry>> {
        let inner = self.inner.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        inner.map.get(key).filter(|e| e.generations == current).cloned()
    }

    /// Stores `entry` under `key` (replacing what was there), then forgets the oldest until within bounds.
    pub fn insert(&self, key: String, mut entry: Entry) -> Arc<Entry> {
        let size = entry.size + key.len();
        entry.size = size;
        let mut inner = self.inner.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        inner.seq += 1;
        entry.seq = inner.seq;
        let entry = Arc::new(entry);
        if size > self.max_bytes.min(MAX_ENTRY_BYTES + 4096) {
            return entry;
        }
        inner.order.push_back((entry.seq, key.clone()));
        if let Some(old) = inner.map.insert(key, entry.clone()) {
            inner.bytes -= old.size;
        }
        inner.bytes += size;
        while inner.map.len() > self.max_entries || inner.bytes > self.max_bytes {
            let Some((seq, key)) = inner.order.pop_front() else { break };
            if inner.map.get(&key).is_some_and(|e| e.seq == seq)
                && let Some(old) = inner.map.remove(&key)
            {
                inner.bytes -= old.size;
            }
        }
        if inner.order.len() > 2 * self.max_entries + 16 {
            let Inner { map, order, .. } = &mut *inner;
            order.retain(|(seq, key)| map.get(key).is_some_and(|e| e.seq == *seq));
        }
        entry
    }

    /// How many entries and bytes are kept.
    pub fn usage(&self) -> (usize, usize) {
        let inner = self.inner.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        (inner.map.len(), inner.bytes)
    }
}

/// Whether the answer to `path` may be cached (before the request's own headers are looked at).
pub fn cacheable_path(path: &str) -> bool {
    if super::http::headers::must_not_store(path, false, false) {
        return false;
    }
    if let Some(rest) = path.strip_prefix("/api/v1/") {
        let private_or_stored = ["editions", "feeds", "complaints", "reporters", "observations"];
        return !private_or_stored
            .iter()
            .any(|p| rest == *p || rest.strip_prefix(p).is_some_and(|r| r.starts_with('/')));
    }
    if path == "/hsds" || path.starts_with("/hsds/") {
        return true;
    }
    let lang = path.strip_prefix('/').and_then(|p| p.split_once('/')).map(|(lang, _)| lang);
    matches!(lang, Some("fr" | "nl" | "en" | "ar" | "tr" | "es" | "ro"))
}

/// The query with its pairs sorted by name (stable), empty pairs left out.
pub fn normalised_query(query: &str) -> String {
    let mut pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    pairs.sort_by_key(|p| p.split_once('=').map_or(*p, |(name, _)| name));
    pairs.join("&")
}

/// The request headers an answer may depend on besides its path and query.
const KEY_HEADERS: [HeaderName; 5] = [
    header::ACCEPT_ENCODING,
    header::HOST,
    header::FORWARDED,
    HeaderName::from_static("x-forwarded-host"),
    HeaderName::from_static("x-forwarded-proto"),
];

/// The key of a cacheable request, `None` when its answer must not be cached.
pub fn cache_key(req: &HttpRequest) -> Option<String> {
    if req.method() != Method::GET || !cacheable_path(req.path()) {
        return None;
    }
    if req.headers().contains_key(header::AUTHORIZATION) || req.cookie(super::http::SESSION_COOKIE).is_some() {
        return None;
    }
    let mut key = format!("{}?{}", req.path(), normalised_query(req.query_string()));
    for name in &KEY_HEADERS {
        key.push('\n');
        if let Some(value) = req.headers().get(name) {
            let value = value.to_str().ok()?;
            if value.len() > 256 {
                return None;
            }
            key.push_str(&value.to_ascii_lowercase());
        }
    }
    Some(key)
}

/// Whether this answer may be stored.
fn storable<B>(res: &HttpResponse<B>) -> bool {
    let h = res.headers();
    res.status() == StatusCode::OK
        && !h.contains_key(header::SET_COOKIE)
        && !h.contains_key(header::CACHE_CONTROL)
        // A handler's own tag is a record's version (what an edit's `If-Match` names, `app::edit::etag`), not a
        // hash of these bytes: such an answer is left alone.
        && !h.contains_key(header::ETAG)
        && h.get_all(header::VARY)
            .all(|v| v.to_str().is_ok_and(|v| v.split(',').all(|n| n.trim().eq_ignore_ascii_case("accept-encoding"))))
}

/// Whether the client asked for a fresh answer.
fn wants_fresh(req: &HttpRequest) -> bool {
    let h = req.headers();
    h.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("no-cache"))
        || h.get(header::PRAGMA).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("no-cache"))
}

/// Whether `If-None-Match` names this tag (weak comparison, RFC 9110 §13.1.2).
pub fn matches(if_none_match: Option<&HeaderValue>, etag: &HeaderValue) -> bool {
    let Some(list) = if_none_match.and_then(|v| v.to_str().ok()) else { return false };
    let Ok(etag) = etag.to_str() else { return false };
    list.split(',').map(str::trim).any(|t| t == "*" || t.trim_start_matches("W/") == etag)
}

/// The answer from a stored entry: `304` when the client has it.
fn answer(req: &HttpRequest, entry: &Entry, hit: bool) -> HttpResponse {
    let not_modified = matches(req.headers().get(header::IF_NONE_MATCH), &entry.etag);
    let mut res = if not_modified {
        HttpResponse::with_body(StatusCode::NOT_MODIFIED, BoxBody::new(()))
    } else {
        HttpResponse::with_body(StatusCode::OK, BoxBody::new(entry.body.clone()))
    };
    let headers = res.headers_mut();
    for (name, value) in &entry.headers {
        if !(not_modified && (name == header::CONTENT_TYPE || name == header::CONTENT_ENCODING)) {
            headers.append(name.clone(), value.clone());
        }
    }
    headers.insert(header::ETAG, entry.etag.clone());
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(CACHE_CONTROL));
    headers.insert(X_CACHE, HeaderValue::from_static(if hit { "hit" } else { "miss" }));
    res
}

/// The middleware (`actix_web::middleware::from_fn`), outside `Compress` so that it keeps the bytes as sent.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(state) = req.app_data::<Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let Some(key) = cache_key(req.request()) else {
        let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
        let res = next.call(req).await?.map_into_boxed_body();
        if writes {
            // After the handler, which has put the write in the read model.
            state.reads.observed_changed();
        }
        return Ok(res);
    };
    let generations = state.reads.generations();
    if !wants_fresh(req.request())
        && let Some(entry) = state.reads.get(&key, generations)
    {
        let res = answer(req.request(), &entry, true);
        actix_web::HttpMessage::extensions_mut(&req).insert(super::metrics::CachedRoute(entry.route.clone()));
        return Ok(req.into_response(res));
    }
    let res = next.call(req).await?;
    if !storable(res.response()) {
        return Ok(res.map_into_boxed_body());
    }
    let (req, res) = res.into_parts();
    let (head, body) = res.into_parts();
    let body =
        actix_web::body::to_bytes(body).await.map_err(|e| actix_web::error::ErrorInternalServerError(e.into()))?;
    let mut entry = Entry::new(generations, head.headers().clone(), body);
    entry.route = req.match_pattern().map(Arc::from);
    let entry = state.reads.insert(key, entry);
    let res = answer(&req, &entry, false);
    Ok(ServiceResponse::new(req, res))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gens(observed: u64) -> Generations {
        Generations { catalog: 0, observed, minute: 1 }
    }

    fn entry(bytes: usize, observed: u64) -> Entry {
        Entry::new(gens(observed), HeaderMap::new(), Bytes::from(vec![b'x'; bytes]))
    }

    #[test]
    fn the_cache_keeps_its_bounds_and_forgets_the_oldest_first() {
        let cache = ReadCache::new(3, 1 << 20);
        for i in 0..10 {
            cache.insert(format!("k{i}"), entry(100, 0));
            let (n, bytes) = cache.usage();
            assert!(n <= 3, "{n} entries");
            assert!(bytes <= 1 << 20);
        }
        assert!(cache.get("k9", gens(0)).is_some());
        assert!(cache.get("k7", gens(0)).is_some());
        assert!(cache.get("k6", gens(0)).is_none());
        assert!(cache.get("k0", gens(0)).is_none());

        let small = ReadCache::new(1000, 10_000);
        for i in 0..100 {
            small.insert(format!("k{i}"), entry(1000, 0));
            assert!(small.usage().1 <= 10_000, "{} bytes", small.usage().1);
        }
        assert!(small.usage().0 < 10);
        assert!(small.get("k99", gens(0)).is_some());
        // Larger than the whole cache: answered, not kept.
        small.insert("big".into(), entry(20_000, 0));
        assert!(small.get("big", gens(0)).is_none());
        assert!(small.get("k99", gens(0)).is_some());
    }

    #[test]
    fn a_key_stored_again_many_times_keeps_one_entry_and_bounded_records() {
        let cache = ReadCache::new(4, 1 << 20);
        for i in 0..1000 {
            cache.insert("same".into(), entry(10, i));
        }
        assert_eq!(cache.usage().0, 1);
        assert!(cache.inner.read().unwrap().order.len() <= 2 * 4 + 16);
        assert!(cache.get("same", gens(999)).is_some());
        assert!(cache.usage().1 < 1000);
    }

    #[test]
    fn an_entry_is_used_only_at_the_generations_it_was_made_at() {
        let cache = ReadCache::default();
        let now = chrono::Utc::now();
        let at = cache.generations_at(now);
        cache.insert("k".into(), Entry::new(at, HeaderMap::new(), Bytes::from_static(b"body")));
        assert!(cache.get("k", cache.generations_at(now)).is_some());
        cache.observed_changed();
        assert!(cache.get("k", cache.generations_at(now)).is_none());
        let at = cache.generations_at(now);
        cache.insert("k".into(), Entry::new(at, HeaderMap::new(), Bytes::from_static(b"body")));
        cache.catalog_changed();
        assert!(cache.get("k", cache.generations_at(now)).is_none());
        let at = cache.generations_at(now);
        cache.insert("k".into(), Entry::new(at, HeaderMap::new(), Bytes::from_static(b"body")));
        assert!(cache.get("k", cache.generations_at(now + chrono::Duration::seconds(60))).is_none());
    }

    #[test]
    fn keys_sort_the_query_by_name_and_keep_repeated_names_in_order() {
        assert_eq!(normalised_query("q=carte&page=2&&lang=fr"), "lang=fr&page=2&q=carte");
        assert_eq!(normalised_query("b=2&a=1&b=1"), "a=1&b=2&b=1");
        assert_eq!(normalised_query(""), "");
    }

    #[test]
    fn what_may_be_cached_by_path() {
        for yes in [
            "/api/v1/procedures",
            "/api/v1/procedures/x",
            "/api/v1/orientation",
            "/hsds/services",
            "/fr/",
            "/fr/search",
            "/nl/procedures/x",
            "/ar/procedures/x/sheet/3",
            "/fr/gaps",
            "/api/v1/channels/3/reachability",
        ] {
            assert!(cacheable_path(yes), "{yes}");
        }
        for no in [
            "/",
            "/api/v1/editions",
            "/api/v1/editions/2026",
            "/api/v1/feeds/changes.atom",
            "/api/v1/complaints/x",
            "/api/v1/reporters",
            "/api/v1/observations",
            "/fr/signin",
            "/fr/report",
            "/fr/complaints/new",
            "/fr/complaints/x",
            "/healthz",
            "/readyz",
            "/static/style.css",
            "/docs/",
            "/openapi.json",
            "/bench/ceiling",
        ] {
            assert!(!cacheable_path(no), "{no}");
        }
    }

    #[test]
    fn if_none_match_compares_weakly_and_accepts_lists_and_star() {
        let tag = HeaderValue::from_static("\"abc\"");
        let m = |v: &'static str| matches(Some(&HeaderValue::from_static(v)), &tag);
        assert!(m("\"abc\""));
        assert!(m("W/\"abc\""));
        assert!(m("\"x\", \"abc\""));
        assert!(m("*"));
        assert!(!m("\"abd\""));
        assert!(!matches(None, &tag));
    }
}
