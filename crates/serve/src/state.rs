//! What handlers share: the engine and the limits.

use std::sync::Arc;

use crampwise::Engine;

use crate::config::Config;

/// The handlers' state: cheap to clone (the engine and limits are shared).
#[derive(Debug, Clone)]
pub(crate) struct AppState {
    pub engine: Engine,
    pub limits: Arc<Limits>,
    /// The OpenAPI document of this server, as JSON text.
    pub openapi: Arc<str>,
}

/// The limits handlers apply themselves.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    pub max_body_bytes: usize,
    pub max_batch_lines: usize,
    pub max_batch_bytes: usize,
}

impl Limits {
    pub(crate) fn of(config: &Config) -> Limits {
        Limits {
            max_body_bytes: config.max_body_bytes,
            max_batch_lines: config.max_batch_lines,
            max_batch_bytes: config.max_batch_bytes,
        }
    }
}
