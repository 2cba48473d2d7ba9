//! Building the router with its middleware, binding it and serving until a
//! shutdown signal.

use std::future::{Future, IntoFuture as _};
use std::io::{self, Write as _};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderValue;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use axum::Router;
use crampwise::Engine;
use tokio::sync::Semaphore;
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::config::Config;
use crate::connections::CappedListener;
use crate::middleware;
use crate::state::{AppState, Limits};
use crate::{batch, catalog, labels, openapi, recommend};

/// Builds the service: the engine, the settings and any extra routers
/// (pages, CDS Hooks, ...), which get the same middleware as the API.
///
/// ```
/// use crampwise_serve::{Config, ServerBuilder};
///
/// let engine = crampwise::Engine::shared()?;
/// let extra = axum::Router::new().route("/hello", axum::routing::get(|| async { "hello" }));
/// let app: axum::Router = ServerBuilder::new(engine)
///     .config(Config { max_concurrency: 64, ..Config::default() })
///     .merge(extra)
///     .router();
/// # drop(app);
/// # Ok::<(), crampwise::LoadError>(())
/// ```
#[derive(Debug, Clone)]
pub struct ServerBuilder {
    engine: Engine,
    config: Config,
    extra: Vec<Router>,
    docs: Vec<openapi::Documentation>,
}

impl ServerBuilder {
    /// The service of `engine`, with [`Config::default`].
    pub fn new(engine: Engine) -> ServerBuilder {
        ServerBuilder {
            engine,
            config: Config::default(),
            extra: Vec::new(),
            docs: Vec::new(),
        }
    }

    /// The settings to run with.
    #[must_use]
    pub fn config(mut self, config: Config) -> ServerBuilder {
        self.config = config;
        self
    }

    /// Adds a router (its state already applied) beside the API. Its routes
    /// must not overlap the API's, and it must not set a fallback (the
    /// service answers unknown paths with a JSON 404).
    #[must_use]
    pub fn merge(mut self, router: Router) -> ServerBuilder {
        self.extra.push(router);
        self
    }

    /// Adds a router as [`ServerBuilder::merge`] does, and its paths and
    /// schemas to this server's `/openapi.json`.
    ///
    /// ```
    /// use crampwise_serve::{Documentation, ServerBuilder};
    ///
    /// #[utoipa::path(get, path = "/hello", responses((status = 200, description = "hello")))]
    /// async fn hello() -> &'static str { "hello" }
    ///
    /// #[derive(utoipa::OpenApi)]
    /// #[openapi(paths(hello))]
    /// struct HelloDoc;
    ///
    /// let engine = crampwise::Engine::shared()?;
    /// let router = axum::Router::new().route("/hello", axum::routing::get(hello));
    /// use utoipa::OpenApi as _;
    /// let builder = ServerBuilder::new(engine).merge_documented(router, HelloDoc::openapi());
    /// assert!(builder.openapi_document().contains("\"/hello\""));
    /// # Ok::<(), crampwise::LoadError>(())
    /// ```
    #[must_use]
    pub fn merge_documented(
        mut self,
        router: Router,
        docs: impl Into<openapi::Documentation>,
    ) -> ServerBuilder {
        self.extra.push(router);
        self.docs.push(docs.into());
        self
    }

    /// The OpenAPI 3.1 document this server answers at `/openapi.json`: the
    /// API's and that of every router merged with
    /// [`ServerBuilder::merge_documented`].
    pub fn openapi_document(&self) -> String {
        openapi::document(&self.docs)
    }

    /// The whole service as one router, every middleware applied.
    pub fn router(&self) -> Router {
        let config = &self.config;
        let state = AppState {
            engine: self.engine.clone(),
            limits: Arc::new(Limits::of(config)),
            openapi: self.openapi_document().into(),
        };
        let mut bounded = Router::new()
            .route("/healthz", get(catalog::healthz))
            .route("/openapi.json", get(openapi::openapi_json))
            .route("/v1/recommend", post(recommend::recommend))
            .route("/v1/labels/check", post(labels::check_label))
            .route("/v1/foods/estimate", post(labels::estimate_foods))
            .route("/v1/schema/{kind}", get(catalog::schema))
            .route("/v1/rules", get(catalog::rules))
            .route("/v1/rules/{id}", get(catalog::rule))
            .route("/v1/content/{collection}", get(catalog::content))
            .route("/v1/version", get(catalog::version))
            .with_state(state.clone());
        for extra in &self.extra {
            bounded = bounded.merge(extra.clone());
        }
        let bounded = bounded.layer(from_fn_with_state(
            config.max_body_bytes,
            middleware::limit_body,
        ));
        // A batch streams: it has its own, larger, size limit and a line limit.
        let batch = Router::new()
            .route("/v1/recommend/batch", post(batch::batch))
            .with_state(state)
            .layer(from_fn_with_state(
                config.max_batch_bytes,
                middleware::limit_body,
            ))
            // Its body is read after the answer starts, past the request
            // timeout: a body that stalls that long ends the batch.
            .layer(RequestBodyTimeoutLayer::new(config.request_timeout));
        let permits = Arc::new(Semaphore::new(config.max_concurrency));
        let mut app = bounded
            .merge(batch)
            .fallback(catalog::not_found)
            .layer(from_fn_with_state(
                config.request_timeout,
                middleware::timeout,
            ))
            .layer(from_fn_with_state(permits, middleware::limit_concurrency));
        let origin = config
            .cors_origin
            .as_deref()
            .and_then(|o| HeaderValue::from_str(o).ok());
        if let Some(cors) = middleware::cors(origin.as_ref()) {
            app = app.layer(cors);
        }
        if config.log_requests {
            app = app.layer(from_fn(middleware::log_request));
        }
        for header in middleware::security_headers() {
            app = app.layer(header);
        }
        app
    }

    /// Binds the address of the settings (port 0: a free port).
    ///
    /// # Errors
    /// The address cannot be bound (in use, not permitted), or the CORS
    /// origin is not a valid header value.
    pub fn bind(self) -> io::Result<BoundServer> {
        if let Some(origin) = &self.config.cors_origin {
            if HeaderValue::from_str(origin).is_err() {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("`{origin}` is not an origin (`https://app.example.org`)"),
                ));
            }
        }
        let listener = std::net::TcpListener::bind(self.config.addr)?;
        listener.set_nonblocking(true)?;
        Ok(BoundServer {
            app: self.router(),
            listener,
            grace: self.config.shutdown_grace,
            max_connections: self.config.max_connections,
        })
    }
}

/// A service bound to its address, not yet serving.
#[derive(Debug)]
pub struct BoundServer {
    listener: std::net::TcpListener,
    app: Router,
    grace: Duration,
    max_connections: usize,
}

impl BoundServer {
    /// The address bound (with the real port when port 0 was asked).
    ///
    /// # Errors
    /// The socket's address cannot be read.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves on a runtime of its own until SIGTERM or Ctrl-C, then stops
    /// accepting, lets requests in flight finish (at most the shutdown
    /// grace) and returns.
    ///
    /// # Errors
    /// The runtime cannot start or the listener fails.
    pub fn run(self) -> io::Result<()> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        runtime.block_on(self.serve(shutdown_signal()))
    }

    /// Serves until `shutdown` completes, then stops as [`BoundServer::run`]
    /// does. Runs on the caller's Tokio runtime.
    ///
    /// # Errors
    /// The listener fails.
    pub async fn serve(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        let listener = CappedListener::new(
            tokio::net::TcpListener::from_std(self.listener)?,
            self.max_connections,
        );
        let (stopping, mut stopped) = tokio::sync::watch::channel(false);
        let graceful = async move {
            shutdown.await;
            let _ = stopping.send(true);
        };
        let grace = self.grace;
        let deadline = async move {
            let _ = stopped.wait_for(|s| *s).await;
            tokio::time::sleep(grace).await;
        };
        let server = axum::serve(listener, self.app).with_graceful_shutdown(graceful);
        tokio::select! {
            result = server.into_future() => result,
            () = deadline => {
                log(&format!(
                    "requests still in flight after {} s; stopping without them",
                    grace.as_secs()
                ));
                Ok(())
            }
        }
    }
}

/// SIGTERM or Ctrl-C (SIGINT), whichever comes first.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    log("shutting down: no new connections; finishing the requests in flight");
}

/// One line on standard error, written whole.
fn log(message: &str) {
    let line = format!("crampwise serve: {message}\n");
    let _ = io::stderr().lock().write_all(line.as_bytes());
}
