//! The house rule, checked on every `crate::…` path of `src/`: `domain` ← `import` ← `store` ← `catalog` ← `app` ←
//! {`api`, `web`, `cli`} ← `startup`. A layer uses only the layers to its left; the doors never use one another.
#![allow(clippy::unwrap_used)]

use std::path::Path;

/// The layer of a top-level module, and whether it is a door.
fn layer(module: &str) -> Option<(u8, bool)> {
    Some(match module {
        "domain" => (0, false),
        "import" => (1, false),
        "store" => (2, false),
        "catalog" => (3, false),
        "app" => (4, false),
        "api" | "web" | "cli" => (5, true),
        "startup" | "main" | "lib" => (6, false),
        _ => return None,
    })
}

/// The top-level module a file of `src/` belongs to (`src/api/hsds/map.rs` → `api`, `src/cli.rs` → `cli`).
fn module_of(relative: &str) -> String {
    let first = relative.split('/').next().unwrap_or(relative);
    first.trim_end_matches(".rs").to_string()
}

/// Every wrong arrow of one file: `(used module, line)`.
fn wrong_arrows(relative: &str, text: &str) -> Vec<(String, usize)> {
    let from = module_of(relative);
    let Some((from_rank, from_door)) = layer(&from) else { return vec![(format!("unknown module {from}"), 0)] };
    let mut wrong = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        for (at, _) in code.match_indices("crate::") {
            // `guichet::crate::…` does not exist; a preceding identifier character means another path (`$crate`).
            if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            let rest = &code[at + "crate::".len()..];
            let used: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if used.is_empty() || used == from {
                continue;
            }
            match layer(&used) {
                Some((rank, door)) if rank > from_rank || (door && from_door) || used == "startup" => {
                    wrong.push((used, n + 1));
                }
                None => wrong.push((used, n + 1)),
                _ => {}
            }
        }
    }
    wrong
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_arrow_goes_the_right_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 50, "the whole tree is read ({} files)", files.len());
    let mut wrong = Vec::new();
    let mut arrows = 0;
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(file).unwrap();
        arrows += text.matches("crate::").count();
        for (used, line) in wrong_arrows(&relative, &text) {
            wrong.push(format!("src/{relative}:{line} uses `{used}`"));
        }
    }
    assert!(arrows > 100, "paths were found ({arrows})");
    assert!(wrong.is_empty(), "arrows against the layers:\n{}", wrong.join("\n"));
}

#[test]
fn the_rule_catches_a_door_using_another_door_or_startup() {
    assert_eq!(wrong_arrows("web/gaps.rs", "use crate::api::gaps::evaluate_all;"), [("api".to_string(), 1)]);
    assert_eq!(wrong_arrows("cli.rs", "let x = crate::web::home::root;"), [("web".to_string(), 1)]);
    assert_eq!(wrong_arrows("api/mod.rs", "use crate::startup::AppState;"), [("startup".to_string(), 1)]);
    assert_eq!(wrong_arrows("store/read.rs", "use crate::catalog::Snapshot;"), [("catalog".to_string(), 1)]);
    assert_eq!(wrong_arrows("domain/hours.rs", "\n\nuse crate::app::Ctx;"), [("app".to_string(), 3)]);
    // Going left is allowed; so are comments and the module itself.
    assert!(wrong_arrows("web/gaps.rs", "use crate::app::gaps::tally; // crate::api::x").is_empty());
    assert!(wrong_arrows("app/gaps.rs", "use crate::catalog::Snapshot; use crate::app::Ctx;").is_empty());
    assert!(wrong_arrows("startup.rs", "use crate::api; use crate::web; use crate::cli;").is_empty());
}

#[test]
fn no_source_file_holds_more_than_600_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let long: Vec<String> = files
        .iter()
        // The diesel table declarations are written as the migrations are: one file.
        .filter(|f| !f.ends_with("store/schema.rs"))
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > 600).then(|| format!("{}: {n} lines", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "files that hold several things: {long:?}");
}

#[test]
fn every_outbound_call_goes_through_the_guard() {
    // `app/outbound/` holds the one HTTP client (address policy, timeouts, caps, redirects checked at each hop);
    // an HTTP client anywhere else in `src/` would call out without them.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let outside: Vec<String> = files
        .iter()
        .filter(|f| !f.starts_with(src.join("app/outbound")))
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            ["reqwest", "hyper::", "hyper_util", "std::net::TcpStream", "tokio::net::TcpStream"]
                .iter()
                .any(|client| text.lines().any(|l| l.split("//").next().unwrap_or_default().contains(client)))
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(outside.is_empty(), "outbound connections outside src/app/outbound: {outside:?}");
}
