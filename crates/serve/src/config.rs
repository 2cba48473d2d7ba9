//! What an operator can set: where the service listens and its limits.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

/// The service's settings. [`Config::default`] is what `crampwise serve`
/// runs with when given no options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Where to listen (`127.0.0.1:8080`; port 0 picks a free port).
    pub addr: SocketAddr,
    /// The one origin allowed to call the API from a browser page of
    /// another origin; `None` (the default) sends no CORS headers at all.
    pub cors_origin: Option<String>,
    /// How long a request may take, its body included, before it is
    /// answered 503 (a batch: how long its request body may stall).
    pub request_timeout: Duration,
    /// Requests handled at once; one more is answered 503 with
    /// `Retry-After` at once, never queued.
    pub max_concurrency: usize,
    /// Connections open at once; past it a new connection is answered 503
    /// with `Retry-After` and closed, so clients waiting on a busy service
    /// are bounded too.
    pub max_connections: usize,
    /// The largest request body, in bytes (413 above it); a batch has
    /// [`Config::max_batch_bytes`] instead.
    pub max_body_bytes: usize,
    /// The most lines one batch request may have.
    pub max_batch_lines: usize,
    /// The largest batch request body, in bytes.
    pub max_batch_bytes: usize,
    /// How long a shutdown waits for requests in flight to finish.
    pub shutdown_grace: Duration,
    /// Write one line per request to standard error.
    pub log_requests: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 8080)),
            cors_origin: None,
            request_timeout: Duration::from_secs(10),
            max_concurrency: 256,
            max_connections: 512,
            max_body_bytes: 1 << 20,
            max_batch_lines: 10_000,
            max_batch_bytes: 64 << 20,
            shutdown_grace: Duration::from_secs(10),
            log_requests: true,
        }
    }
}
