//! Building and running the application: database, migrations, catalog snapshot, HTTP server.

use crate::api::views::Ctx;
use crate::api::{self, problem::ApiError};
use crate::catalog::observed::ObservedIndex;
use crate::catalog::{CatalogHandle, build_snapshot};
use crate::config::Settings;
use crate::import;
use crate::ratelimit::ClientLimiter;
use crate::store::{self, Backend, DbPool, StoreError};
use actix_web::dev::Server;
use actix_web::{App, HttpResponse, HttpServer, web};
use std::net::TcpListener;
use tracing_actix_web::TracingLogger;
use utoipa_swagger_ui::SwaggerUi;

/// What every handler shares.
pub struct AppState {
    pub pool: DbPool,
    pub catalog: CatalogHandle,
    /// Swapped whole when the catalog is reloaded.
    pub observed: arc_swap::ArcSwap<ObservedIndex>,
    pub backend: Backend,
    pub complaint_limiter: ClientLimiter,
    pub signin_limiter: ClientLimiter,
    /// Behind a reverse proxy, the client is the address in `Forwarded` / `X-Forwarded-For`.
    pub trust_forwarded: bool,
    /// The site's public address for QR codes; `None`: each request's own.
    pub public_url: Option<String>,
    /// Writes this instance already applied to its read model and whose notification has not come back yet
    /// (PostgreSQL only: every instance, the writer included, hears each notification once).
    pub own_writes: std::sync::Mutex<std::collections::HashSet<crate::store::sync::Change>>,
    /// The compliance rules of `catalog/rules.toml`.
    pub rules: Vec<crate::domain::compliance::Rule>,
}

impl AppState {
    /// The date facts are judged against (fact ages, statuses in force).
    pub fn today(&self) -> chrono::NaiveDate {
        chrono::Utc::now().date_naive()
    }

    pub fn ctx(&self) -> Ctx {
        Ctx { today: self.today(), now: chrono::Utc::now(), observed: self.observed() }
    }

    pub fn observed(&self) -> std::sync::Arc<ObservedIndex> {
        self.observed.load_full()
    }

    /// Remembers a write applied locally, so its notification is not applied twice.
    pub fn mark_own(&self, change: crate::store::sync::Change) {
        if self.backend == Backend::Postgres {
            self.own_writes.lock().expect("own writes lock").insert(change);
        }
    }

    /// True (and forgotten) when this notification is of a write applied locally.
    pub fn take_own(&self, change: &crate::store::sync::Change) -> bool {
        self.own_writes.lock().expect("own writes lock").remove(change)
    }

    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("catalog {}:\n{}", .0.0, .0.1)]
    Catalog(Box<(String, String)>),
    #[error("cannot listen on {0}: {1}")]
    Bind(std::net::SocketAddr, std::io::Error),
}

/// Migrates, imports the shipped catalog into an empty database, and builds the first snapshot.
/// Blocking: call from a blocking task.
pub fn prepare_database(
    pool: &DbPool,
    settings: &Settings,
) -> Result<(crate::catalog::Snapshot, ObservedIndex), StartupError> {
    let mut conn = pool.get().map_err(StoreError::from)?;
    let applied = store::run_migrations(&mut conn)?;
    if !applied.is_empty() {
        tracing::info!(migrations = ?applied, "database migrated");
    }
    if store::read::catalog_is_empty(&mut conn)? {
        let catalog = import::load_catalog(&settings.catalog_dir).map_err(|errors| {
            let list = errors.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n");
            StartupError::Catalog(Box::new((settings.catalog_dir.display().to_string(), list)))
        })?;
        let report = store::import::import_catalog(&mut conn, &catalog)?;
        tracing::info!(dir = %settings.catalog_dir.display(), "empty database: catalog imported\n{report}");
    }
    let snapshot = reload_snapshot(&mut conn)?;
    let observed = crate::catalog::observed::load_observed(&mut conn)?;
    Ok((snapshot, observed))
}

pub fn reload_snapshot(conn: &mut store::DbConnection) -> Result<crate::catalog::Snapshot, StartupError> {
    let rows = store::read::load_catalog_rows(conn)?;
    Ok(build_snapshot(rows, chrono::Utc::now().date_naive())?)
}

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Application, StartupError> {
        let rules = import::load_rules(&settings.catalog_dir).map_err(|errors| {
            let list = errors.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n");
            StartupError::Catalog(Box::new((settings.catalog_dir.display().to_string(), list)))
        })?;
        let pool = store::connect_pool(&settings.database, settings.db_pool)?;
        let (snapshot, observed) = {
            let (pool, settings) = (pool.clone(), settings.clone());
            tokio::task::spawn_blocking(move || prepare_database(&pool, &settings))
                .await
                .map_err(|e| StoreError::Blocking(e.to_string()))??
        };
        release_freed_memory();
        tracing::info!(
            institutions = snapshot.institutions.len(),
            procedures = snapshot.procedures.len(),
            channels = snapshot.channels.len(),
            "catalog loaded"
        );
        let state = web::Data::new(AppState {
            pool,
            catalog: CatalogHandle::new(snapshot),
            observed: arc_swap::ArcSwap::from_pointee(observed),
            backend: settings.database.backend,
            complaint_limiter: ClientLimiter::complaints(),
            signin_limiter: ClientLimiter::sign_ins(),
            trust_forwarded: settings.trust_forwarded,
            public_url: settings.public_url.clone(),
            own_writes: Default::default(),
            rules,
        });
        crate::sync::spawn_listener(&settings.database, state.clone().into_inner());
        let listener = TcpListener::bind(settings.bind).map_err(|e| StartupError::Bind(settings.bind, e))?;
        let port = listener.local_addr().map_err(|e| StartupError::Bind(settings.bind, e))?.port();
        let bench = settings.bench;
        let mut server = HttpServer::new(move || {
            let app = App::new();
            let app = if bench { app.route("/bench/ceiling", web::get().to(ceiling)) } else { app };
            app.wrap(actix_web::middleware::Compress::default())
                .wrap(TracingLogger::default())
                .app_data(state.clone())
                .configure(api::routes)
                .route("/openapi.json", web::get().to(openapi_json))
                .route(
                    "/docs",
                    web::get().to(|| async { HttpResponse::Found().insert_header(("Location", "/docs/")).finish() }),
                )
                .service(SwaggerUi::new("/docs/{_:.*}").config(utoipa_swagger_ui::Config::from("/openapi.json")))
                .configure(crate::web::routes)
                .default_service(web::to(|| async { Err::<HttpResponse, _>(ApiError::NoRoute) }))
        })
        // Compressed pages are sent in chunks; without TCP_NODELAY the last chunk waits for the client's delayed
        // ACK (~40 ms per response on keep-alive connections: 570 instead of 25,000 pages/s in bench/pages.sh).
        .on_connect(|conn, _| {
            if let Some(tcp) = conn.downcast_ref::<actix_web::rt::net::TcpStream>() {
                let _ = tcp.set_nodelay(true);
            }
        })
        .listen(listener)
        .map_err(|e| StartupError::Bind(settings.bind, e))?
        // SIGTERM/SIGINT: stop accepting, let requests in flight finish.
        .shutdown_timeout(20);
        if let Some(workers) = settings.workers {
            server = server.workers(workers);
        }
        Ok(Application { port, server: server.run() })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(api::openapi_json())
}

/// The snapshot a catalog would give, built through a throwaway in-memory SQLite database: the same import and
/// read code as for real, nothing written anywhere. Used by `guichet import --check` and the coverage test.
pub fn preview_snapshot(catalog: &import::CatalogFiles) -> Result<crate::catalog::Snapshot, StartupError> {
    use diesel::Connection;
    let memory = diesel::SqliteConnection::establish(":memory:").map_err(StoreError::from)?;
    let mut conn = store::DbConnection::Sqlite(memory);
    store::run_migrations(&mut conn)?;
    store::import::import_catalog(&mut conn, catalog)?;
    reload_snapshot(&mut conn)
}

/// The benchmark ceiling: a response of `bytes` bytes prepared once, sent as is.
async fn ceiling(query: web::Query<std::collections::HashMap<String, String>>) -> HttpResponse {
    use std::sync::{Mutex, OnceLock};
    static BODIES: OnceLock<Mutex<std::collections::HashMap<usize, actix_web::web::Bytes>>> = OnceLock::new();
    let bytes = query.get("bytes").and_then(|b| b.parse::<usize>().ok()).unwrap_or(1024).min(1 << 20);
    let body = BODIES
        .get_or_init(Default::default)
        .lock()
        .expect("ceiling bodies lock")
        .entry(bytes)
        .or_insert_with(|| {
            let mut v = vec![b' '; bytes];
            if bytes >= 2 {
                v[0] = b'"';
                v[bytes - 1] = b'"';
            }
            actix_web::web::Bytes::from(v)
        })
        .clone();
    HttpResponse::Ok().content_type("application/json").body(body)
}

/// Loading a large database allocates and frees a lot at once; give the freed pages back to the system so the
/// process's resident size is what it actually keeps.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free heap memory; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}
