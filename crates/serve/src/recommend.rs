//! `POST /v1/recommend`: a profile in, its plan out, byte for byte what
//! `crampwise recommend --format json` prints (without the newline).

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use crampwise::{Diagnostics, Engine, ProfileInput};

use crate::body;
use crate::error::{json_headers, ApiError};
use crate::state::AppState;

/// The media type of JSON bodies.
pub(crate) const JSON: &str = "application/json";

/// The plan for the profile in the body.
#[utoipa::path(
    post,
    path = "/v1/recommend",
    tag = "plans",
    request_body(
        content = ref("#/components/schemas/Profile"),
        content_type = "application/json",
        description = "An intake profile (the contract's JSON); unknown keys are errors"
    ),
    responses(
        (status = 200, description = "The plan, byte for byte what `crampwise recommend --format json` prints",
            body = ref("#/components/schemas/Plan"), content_type = "application/json"),
        (status = 400, description = "The body is not JSON or not UTF-8", body = crate::error::ErrorBody),
        (status = 413, description = "The body is larger than the limit (1 MiB by default)", body = crate::error::ErrorBody),
        (status = 415, description = "The body is not `application/json`", body = crate::error::ErrorBody),
        (status = 422, description = "The profile does not validate: every problem, each with its path", body = crate::error::ErrorBody),
        (status = 503, description = "Busy or too slow: retry after `Retry-After` seconds", body = crate::error::ErrorBody),
    )
)]
pub(crate) async fn recommend(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: Body,
) -> Result<Response, ApiError> {
    body::accept(&headers, &[JSON])?;
    let bytes = body::read(request, state.limits.max_body_bytes).await?;
    let text = body::text(&bytes)?;
    let plan = state
        .engine
        .recommend_json(text)
        .map_err(|errors| profile_error(&errors, text, None))?;
    Ok((json_headers(), plan.to_json()).into_response())
}

/// Reads and checks a profile given as JSON text, its errors' paths under
/// `prefix` when given.
pub(crate) fn profile(
    engine: &Engine,
    text: &str,
    prefix: Option<&str>,
) -> Result<crampwise::Profile, ApiError> {
    engine
        .profile(ProfileInput::Json(text))
        .map_err(|errors| profile_error(&errors, text, prefix))
}

/// 400 when `text` is not JSON at all, else 422 with every problem.
pub(crate) fn profile_error(errors: &Diagnostics, text: &str, prefix: Option<&str>) -> ApiError {
    let status = if crampwise::json::parse_node(text).is_err() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    ApiError::diagnostics(status, errors, prefix)
        .with_help("`GET /v1/schema/profile` describes every field and its allowed values")
}
