//! The stylesheet and the pictograms, compiled into the binary and served with a content hash in their address,
//! so browsers keep them for a year and a new release is fetched at once.

use actix_web::{HttpResponse, web};
use std::sync::LazyLock;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static str,
}

const ASSETS: [Asset; 2] = [
    Asset { name: "style.css", content_type: "text/css; charset=utf-8", body: include_str!("../../static/style.css") },
    Asset { name: "icons.svg", content_type: "image/svg+xml", body: include_str!("../../static/icons.svg") },
];

static VERSIONS: LazyLock<Vec<String>> = LazyLock::new(|| {
    ASSETS.iter().map(|a| crate::store::tokens::sha256_hex(a.body.as_bytes())[..12].to_string()).collect()
});

/// The address of an asset, with its version.
pub fn url(name: &str) -> String {
    let i = ASSETS.iter().position(|a| a.name == name).expect("a known asset");
    format!("/static/{name}?v={}", VERSIONS[i])
}

/// `GET /static/{name}`: immutable for a year when asked with the current version, an hour otherwise.
pub async fn serve(
    name: web::Path<String>,
    query: web::Query<std::collections::HashMap<String, String>>,
) -> HttpResponse {
    let Some(i) = ASSETS.iter().position(|a| a.name == name.as_str()) else {
        return HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("Not found");
    };
    let cache = if query.get("v") == Some(&VERSIONS[i]) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    };
    HttpResponse::Ok()
        .content_type(ASSETS[i].content_type)
        .insert_header(("Cache-Control", cache))
        .insert_header(("ETag", format!("\"{}\"", VERSIONS[i])))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(ASSETS[i].body)
}
