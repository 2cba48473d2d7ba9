//! # crampwise-serve
//!
//! `crampwise serve`: the HTTP API of the crampwise engine, for programs in
//! any language. Every plan it answers is byte for byte what `crampwise
//! recommend --format json` prints for the same profile, because it is the
//! same [`crampwise::Engine`] underneath.
//!
//! | endpoint | answers |
//! |---|---|
//! | `GET /healthz` | 200 |
//! | `GET /openapi.json` | the OpenAPI 3.1 document (generated from the handlers) |
//! | `POST /v1/recommend` | a profile's plan (422 invalid, 400 not JSON, 415, 413) |
//! | `POST /v1/recommend/batch` | JSON Lines in and out, streamed |
//! | `POST /v1/labels/check` | a label's report (text, JSON label or DSLD record) |
//! | `POST /v1/foods/estimate` | magnesium from food |
//! | `GET /v1/schema/{profile,plan}`, `/v1/rules`, `/v1/rules/{id}`, `/v1/content/{collection}`, `/v1/version` | the contract, rules, content and versions |
//!
//! Routers added with [`ServerBuilder::merge_documented`] (the CDS Hooks
//! services) bring their paths and schemas into `/openapi.json`, and may
//! answer errors with [`ApiError`], so every error of the service has the
//! shape `{"errors": [{"path", "message", "input", ...}]}`.
//!
//! Every response, those of routers added with [`ServerBuilder::merge`]
//! too, goes through the same middleware: one log line per request
//! (method, path, status, latency; never a body or query string), a
//! request timeout, a concurrency limit that answers 503 with
//! `Retry-After` rather than queueing, a body limit (413), security headers
//! and CORS only for the origin [`Config::cors_origin`] names.
//!
//! ```no_run
//! use crampwise_serve::{Config, ServerBuilder};
//!
//! let engine = crampwise::Engine::shared()?;
//! let config = Config { addr: "127.0.0.1:0".parse()?, ..Config::default() };
//! let server = ServerBuilder::new(engine).config(config).bind()?;
//! eprintln!("crampwise serve: listening on http://{}", server.local_addr()?);
//! server.run()?; // until SIGTERM or Ctrl-C
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod batch;
mod body;
mod catalog;
mod config;
mod connections;
mod error;
mod labels;
mod middleware;
mod openapi;
mod recommend;
mod server;
mod state;

pub use config::Config;
pub use error::{ApiError, ErrorBody, ErrorItem};
pub use middleware::CONTENT_SECURITY_POLICY;
pub use openapi::Documentation;
pub use server::{BoundServer, ServerBuilder};
