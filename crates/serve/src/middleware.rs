//! What every response goes through, the extra routers' too: the request
//! log line, security headers, CORS, the concurrency limit, the timeout and
//! the body limit.

use std::io::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt as _;
use tokio::sync::Semaphore;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::body::too_large;
use crate::error::ApiError;

/// The Content-Security-Policy of every response: no inline script or
/// style, nothing from another origin, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; \
     base-uri 'none'";

/// The security headers of every response, names and values: the
/// middleware sets them, and the answer to a refused connection (written
/// before any middleware runs) carries them too.
pub(crate) const SECURITY_HEADERS: [(HeaderName, &str); 3] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "no-referrer"),
];

/// The security headers set on every response, overriding a handler's.
pub(crate) fn security_headers() -> [SetResponseHeaderLayer<HeaderValue>; 3] {
    SECURITY_HEADERS.map(|(name, value)| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    })
}

/// CORS for one origin (`None`: no CORS headers, so browsers keep the
/// same-origin policy).
pub(crate) fn cors(origin: Option<&HeaderValue>) -> Option<CorsLayer> {
    origin.map(|origin| {
        CorsLayer::new()
            .allow_origin(AllowOrigin::exact(origin.clone()))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::CONTENT_TYPE])
            .expose_headers([HeaderName::from_static("retry-after")])
            .max_age(Duration::from_secs(600))
    })
}

/// One line per request on standard error: method, path (never the query
/// string, where a profile may be), status and the time to the response's
/// head. Health data in bodies is never logged.
pub(crate) async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let micros = started.elapsed().as_micros();
    let line = format!(
        "crampwise serve: {method} {path} {} {}.{:03} ms\n",
        response.status().as_u16(),
        micros / 1000,
        micros % 1000
    );
    // One write of the whole line, so lines of concurrent requests never mix.
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
    response
}

/// Answers 503 with `Retry-After` when the service already handles as many
/// requests as it may, instead of queueing. The permit is held until the
/// response body is sent, so a streamed batch counts for as long as it runs.
pub(crate) async fn limit_concurrency(
    State(permits): State<Arc<Semaphore>>,
    request: Request,
    next: Next,
) -> Response {
    let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
        return ApiError::unavailable(
            "the service is handling as many requests as it may; retry in a second",
            1,
        )
        .into_response();
    };
    let response = next.run(request).await;
    response.map(|body| {
        Body::new(body.map_frame(move |frame| {
            let _held = &permit;
            frame
        }))
    })
}

/// Answers 503 when a request takes longer than `timeout`, reading of its
/// body included.
pub(crate) async fn timeout(
    State(timeout): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::unavailable(
            format!(
                "the request did not complete within {} ms",
                timeout.as_millis()
            ),
            1,
        )
        .into_response(),
    }
}

/// Refuses a body over `limit` bytes: at once when its `Content-Length`
/// says so, else when reading it passes the limit (413 either way).
pub(crate) async fn limit_body(
    State(limit): State<usize>,
    request: Request,
    next: Next,
) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > u64::try_from(limit).unwrap_or(u64::MAX)) {
        return too_large(limit).into_response();
    }
    let request = request.map(|body| Body::new(http_body_util::Limited::new(body, limit)));
    next.run(request).await
}
