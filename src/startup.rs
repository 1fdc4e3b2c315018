//! Composition: the command line decides what runs; `serve` builds the state of `app/` and the HTTP server with the
//! API's and the pages' route tables. Nothing here is a use case — only wiring.

mod allocator;

use crate::api;
use crate::app::catalog::{CatalogError, prepare_database, read_rules};
use crate::app::config::Settings;
use crate::app::state::{AppState, Parts};
use crate::app::{sync, telemetry};
use crate::catalog::CatalogHandle;
use crate::cli::{self, Invocation};
use crate::store::{self, StoreError};
use actix_web::dev::Server;
use actix_web::{App, HttpResponse, HttpServer, web};
use std::net::TcpListener;
use std::process::ExitCode;
use std::sync::Arc;
use tracing_actix_web::TracingLogger;
use utoipa_swagger_ui::SwaggerUi;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error("outbound client: {0}")]
    Outbound(String),
    #[error("cannot listen on {0}: {1}")]
    Bind(std::net::SocketAddr, std::io::Error),
}

/// The binary: `guichet [serve]`, `guichet openapi`, or another command of `cli`.
pub fn main() -> ExitCode {
    allocator::configure();
    match cli::parse() {
        Invocation::Openapi => {
            print!("{}", api::openapi_json());
            ExitCode::SUCCESS
        }
        Invocation::Command(command) => cli::run(*command),
        Invocation::Serve => {
            let settings = match cli::settings() {
                Ok(s) => s,
                Err(code) => return code,
            };
            telemetry::init(&settings.log);
            match serve(settings) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("guichet: {message}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn serve(settings: Settings) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let bind = settings.bind;
        let app = Application::build(settings).await.map_err(|e| e.to_string())?;
        tracing::info!("listening on http://{}:{} (API docs at /docs)", bind.ip(), app.port());
        app.run_until_stopped().await.map_err(|e| e.to_string())
    })
}

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Application, StartupError> {
        let rules = read_rules(&settings.catalog_dir)?;
        let pool = store::connect_pool_with(&settings.database, settings.db_pool, settings.db_timeout)?;
        // Migrations and the first import run before the server listens, off the async threads.
        let (snapshot, observed) = {
            let (pool, dir, params) = (pool.clone(), settings.catalog_dir.clone(), settings.probes.reachability());
            tokio::task::spawn_blocking(move || prepare_database(&pool, &dir, params))
                .await
                .map_err(|e| StoreError::Blocking(e.to_string()))??
        };
        let form_key = match settings.form_key.clone() {
            Some(key) => key,
            None => {
                let pool = pool.clone();
                tokio::task::spawn_blocking(move || {
                    let mut conn = pool.get().map_err(StoreError::from)?;
                    store::sessions::form_key(&mut conn)
                })
                .await
                .map_err(|e| StoreError::Blocking(e.to_string()))??
            }
        };
        tracing::info!(
            institutions = snapshot.institutions.len(),
            procedures = snapshot.procedures.len(),
            channels = snapshot.channels.len(),
            resident_mib = crate::app::catalog::resident_mib(),
            "catalog loaded"
        );
        let state = web::Data::new(AppState::new(Parts {
            pool,
            catalog: CatalogHandle::new(snapshot),
            observed,
            backend: settings.database.backend,
            trust_forwarded: settings.trust_forwarded,
            public_url: settings.public_url.clone(),
            rules,
            form_key: form_key.into_bytes(),
            db_timeout: settings.db_timeout,
            token_ttl: settings.token_ttl,
        }));
        sync::spawn_listener(&settings.database, state.clone().into_inner());
        // Webhook delivery through the outbound guard; a claim outlives the longest attempt.
        let outbound = crate::app::outbound::Outbound::new(settings.outbound.clone())
            .map_err(|e| StartupError::Outbound(e.to_string()))?;
        let lease = settings.outbound.timeout * 2 + std::time::Duration::from_secs(5);
        crate::app::webhooks::worker::spawn(
            state.clone().into_inner(),
            Arc::new(outbound.clone()),
            settings.webhooks.clone(),
            lease,
        );
        // Gap standings stored as they change, with their `gap_status.changed` events.
        crate::app::webhooks::gaps::spawn(state.clone().into_inner(), settings.webhooks.gap_watch);
        // Probes only when asked (`GUICHET_PROBES=on`): tests and a plain `cargo run` never call the internet.
        crate::app::probes::scheduler::spawn(state.clone().into_inner(), outbound, settings.probes);
        let listener = TcpListener::bind(settings.bind).map_err(|e| StartupError::Bind(settings.bind, e))?;
        let port = listener.local_addr().map_err(|e| StartupError::Bind(settings.bind, e))?.port();
        let bench = settings.bench;
        let mut server = HttpServer::new(move || {
            let app = App::new();
            let app = if bench { app.route("/bench/ceiling", web::get().to(ceiling)) } else { app };
            app.wrap(actix_web::middleware::Compress::default())
                // Outside `Compress`: it keeps (and answers with) the bytes as sent, gzip included.
                .wrap(actix_web::middleware::from_fn(crate::app::cache::middleware))
                .wrap(TracingLogger::<crate::app::telemetry::RequestSpan>::new())
                .wrap(actix_web::middleware::from_fn(crate::app::http::head_as_get))
                .wrap(actix_web::middleware::from_fn(crate::app::http::headers::middleware))
                .wrap(actix_web::middleware::from_fn(crate::app::metrics::middleware))
                .app_data(state.clone())
                .configure(api::routes)
                .route("/openapi.json", web::get().to(openapi_json))
                .route(
                    "/docs",
                    web::get().to(|| async { HttpResponse::Found().insert_header(("Location", "/docs/")).finish() }),
                )
                .service(SwaggerUi::new("/docs/{_:.*}").config(utoipa_swagger_ui::Config::from("/openapi.json")))
                .configure(crate::web::routes)
                .default_service(web::to(api::unrouted))
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

/// The benchmark ceiling: a response of `bytes` bytes prepared once, sent as is.
async fn ceiling(query: web::Query<std::collections::HashMap<String, String>>) -> HttpResponse {
    use std::sync::{Mutex, OnceLock};
    static BODIES: OnceLock<Mutex<std::collections::HashMap<usize, web::Bytes>>> = OnceLock::new();
    let bytes = query.get("bytes").and_then(|b| b.parse::<usize>().ok()).unwrap_or(1024).min(1 << 20);
    let body = BODIES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .entry(bytes)
        .or_insert_with(|| {
            let mut v = vec![b' '; bytes];
            if bytes >= 2 {
                v[0] = b'"';
                v[bytes - 1] = b'"';
            }
            web::Bytes::from(v)
        })
        .clone();
    HttpResponse::Ok().content_type("application/json").body(body)
}
