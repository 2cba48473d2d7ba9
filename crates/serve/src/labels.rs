//! `POST /v1/labels/check` and `POST /v1/foods/estimate`: the reports of
//! `crampwise label check --format json` and `crampwise foods estimate
//! --format json`.

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use crampwise::{FoodsInput, LabelInput, Profile, ProfileInput};
use serde::Deserialize;
use serde_json::Value;

use crate::body;
use crate::error::{json_headers, ApiError};
use crate::recommend::{self, JSON};
use crate::state::AppState;

/// The media type of label text.
const TEXT: &str = "text/plain";

/// The query of `POST /v1/labels/check`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct LabelQuery {
    /// An intake profile as JSON (URL-encoded): the report then says
    /// whether the product fits this person's plan. Never logged.
    profile: Option<String>,
}

/// The report for a supplement label.
#[utoipa::path(
    post,
    path = "/v1/labels/check",
    tag = "labels",
    params(LabelQuery),
    request_body(
        description = "Supplement Facts text (`text/plain`); or (`application/json`) a JSON \
            label, an NIH DSLD record, or `{\"label\": TEXT or LABEL, \"profile\": PROFILE}`",
        content(
            (String = "text/plain"),
            (Object = "application/json"),
        )
    ),
    responses(
        (status = 200, description = "The label report, byte for byte what \
            `crampwise label check --format json` prints", body = Object, content_type = "application/json"),
        (status = 400, description = "Not JSON, not UTF-8, or a bad query", body = crate::error::ErrorBody),
        (status = 413, description = "The body is larger than the limit", body = crate::error::ErrorBody),
        (status = 415, description = "Neither `text/plain` nor `application/json`", body = crate::error::ErrorBody),
        (status = 422, description = "The label or the profile does not validate", body = crate::error::ErrorBody),
        (status = 503, description = "Busy or too slow: retry after `Retry-After` seconds", body = crate::error::ErrorBody),
    )
)]
pub(crate) async fn check_label(
    State(state): State<AppState>,
    query: Result<Query<LabelQuery>, QueryRejection>,
    headers: HeaderMap,
    request: Body,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("bad query: {}", e.body_text()),
        )
        .with_help("the only query parameter is `profile`, an intake profile as JSON")
    })?;
    let kind = body::accept(&headers, &[TEXT, JSON])?;
    let bytes = body::read(request, state.limits.max_body_bytes).await?;
    let text = body::text(&bytes)?;
    let engine = &state.engine;
    let query_profile = query
        .profile
        .as_deref()
        .map(|p| recommend::profile(engine, p, Some("profile")))
        .transpose()?;
    if kind == TEXT {
        return report(&state, LabelInput::Text(text), query_profile.as_ref(), None);
    }
    let value = parse_json(text)?;
    let Some((label, profile)) = wrapped(&value) else {
        return report(&state, LabelInput::Json(text), query_profile.as_ref(), None);
    };
    if query_profile.is_some() && profile.is_some() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "the profile is given twice, in `?profile=` and in the body; give one",
        ));
    }
    let label = match label {
        Value::String(text) => LabelInput::Text(text),
        Value::Object(_) => LabelInput::Value(label),
        other => {
            return Err(ApiError::diagnostics(
                StatusCode::UNPROCESSABLE_ENTITY,
                &crampwise::Diagnostic::new(
                    crampwise::Code::InvalidLabel,
                    "label",
                    format!(
                        "expected label text (a string) or a JSON label (an object), got `{other}`"
                    ),
                )
                .into(),
                None,
            ))
        }
    };
    let body_profile = profile
        .map(|p| {
            engine.profile(ProfileInput::Value(p)).map_err(|errors| {
                ApiError::diagnostics(StatusCode::UNPROCESSABLE_ENTITY, &errors, Some("profile"))
            })
        })
        .transpose()?;
    let profile = query_profile.or(body_profile);
    report(&state, label, profile.as_ref(), Some("label"))
}

/// `{"label": ..., "profile": ...}`: the label and the profile, when the
/// body has that shape (no label shape has a `label` key).
fn wrapped(value: &Value) -> Option<(&Value, Option<&Value>)> {
    let object = value.as_object()?;
    let label = object.get("label")?;
    if object.keys().any(|k| k != "label" && k != "profile") {
        return None;
    }
    Some((label, object.get("profile").filter(|p| !p.is_null())))
}

fn report(
    state: &AppState,
    label: LabelInput<'_>,
    profile: Option<&Profile>,
    prefix: Option<&str>,
) -> Result<Response, ApiError> {
    let report = state.engine.check_label(label, profile).map_err(|errors| {
        ApiError::diagnostics(StatusCode::UNPROCESSABLE_ENTITY, &errors, prefix)
    })?;
    Ok((json_headers(), report.to_json()).into_response())
}

/// JSON text as every crampwise input reads it (repeated keys are errors);
/// 400 when it is not JSON.
fn parse_json(text: &str) -> Result<Value, ApiError> {
    crampwise::json::parse_document(text)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.to_string()))
}

/// Magnesium from food against the recommended intake.
#[utoipa::path(
    post,
    path = "/v1/foods/estimate",
    tag = "foods",
    request_body(
        content = Object,
        content_type = "application/json",
        description = "A food list: `{\"age\": 40, \"sex\": \"female\", \"foods\": \
            [{\"id\": \"almonds\", \"servings\": 1, \"per\": \"day\"}]}`"
    ),
    responses(
        (status = 200, description = "The estimate, byte for byte what \
            `crampwise foods estimate --format json` prints", body = Object, content_type = "application/json"),
        (status = 400, description = "Not JSON or not UTF-8", body = crate::error::ErrorBody),
        (status = 413, description = "The body is larger than the limit", body = crate::error::ErrorBody),
        (status = 415, description = "The body is not `application/json`", body = crate::error::ErrorBody),
        (status = 422, description = "The food list does not validate (an unknown food id, say)", body = crate::error::ErrorBody),
        (status = 503, description = "Busy or too slow: retry after `Retry-After` seconds", body = crate::error::ErrorBody),
    )
)]
pub(crate) async fn estimate_foods(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: Body,
) -> Result<Response, ApiError> {
    body::accept(&headers, &[JSON])?;
    let bytes = body::read(request, state.limits.max_body_bytes).await?;
    let value = parse_json(body::text(&bytes)?)?;
    let estimate = state
        .engine
        .estimate_foods(FoodsInput::Value(&value))
        .map_err(|errors| {
            ApiError::diagnostics(StatusCode::UNPROCESSABLE_ENTITY, &errors, None)
                .with_help("`GET /v1/content/foods` lists the food ids")
        })?;
    let json = serde_json::to_string(&estimate).map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("could not write the estimate: {e}"),
        )
    })?;
    Ok((json_headers(), json).into_response())
}
