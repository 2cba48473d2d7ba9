//! What the service knows: health, the schemas, the rules, the content and
//! the versions.

use axum::extract::{Path, State};
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use crampwise::Content;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{json_headers, ApiError};
use crate::state::AppState;

/// The body of `GET /healthz`.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Health {
    /// Always `ok`.
    status: &'static str,
}

/// The versions of what answers.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VersionInfo {
    /// The crampwise release.
    crampwise: &'static str,
    /// The content version: its semver plus a hash of its files.
    content: String,
    /// The rules version: their semver plus a hash of the rule files.
    rules: String,
}

/// The service is up and its engine loaded.
#[utoipa::path(get, path = "/healthz", tag = "service",
    responses((status = 200, description = "Up", body = Health)))]
pub(crate) async fn healthz() -> Response {
    json(&Health { status: "ok" })
}

/// The versions of crampwise, its content and its rules.
#[utoipa::path(get, path = "/v1/version", tag = "service",
    responses((status = 200, description = "The versions", body = VersionInfo)))]
pub(crate) async fn version(State(state): State<AppState>) -> Response {
    json(&VersionInfo {
        crampwise: env!("CARGO_PKG_VERSION"),
        content: state.engine.content_version().to_owned(),
        rules: state.engine.rules_version().to_owned(),
    })
}

/// The JSON Schema of the intake profile or of the plan, as `crampwise
/// schema KIND` prints it.
#[utoipa::path(get, path = "/v1/schema/{kind}", tag = "contract",
    params(("kind" = String, Path, description = "`profile` (the input) or `plan` (the output)")),
    responses(
        (status = 200, description = "The JSON Schema (draft 2020-12)", body = Object),
        (status = 404, description = "Neither `profile` nor `plan`", body = crate::error::ErrorBody),
    ))]
pub(crate) async fn schema(Path(kind): Path<String>) -> Result<Response, ApiError> {
    let text = match kind.as_str() {
        "profile" => crampwise::schema::profile_schema(),
        "plan" => crampwise::schema::plan_schema(),
        other => {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                format!("unknown schema `{other}`; expected `profile` or `plan`"),
            ))
        }
    };
    Ok((json_headers(), text).into_response())
}

/// Every rule, in evaluation order, as `crampwise rules list --format json`
/// prints them.
#[utoipa::path(get, path = "/v1/rules", tag = "rules",
    responses((status = 200, description = "The rules", body = [Object])))]
pub(crate) async fn rules(State(state): State<AppState>) -> Response {
    (json_headers(), state.engine.rules_json()).into_response()
}

/// One rule, with its explanation as `crampwise rules explain ID` writes it.
#[utoipa::path(get, path = "/v1/rules/{id}", tag = "rules",
    params(("id" = String, Path, description = "The rule's id, e.g. `dvt_signs`")),
    responses(
        (status = 200, description = "The rule and its `explanation`", body = Object),
        (status = 404, description = "No rule has this id", body = crate::error::ErrorBody),
    ))]
pub(crate) async fn rule(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let json = state
        .engine
        .rule_json(&id)
        .map_err(|d| ApiError::diagnostics(StatusCode::NOT_FOUND, &d.into(), None))?;
    Ok((json_headers(), json).into_response())
}

/// A collection of the knowledge base, as `crampwise content list
/// COLLECTION --format json` prints it.
#[utoipa::path(get, path = "/v1/content/{collection}", tag = "content",
    params(("collection" = String, Path, description = "sources, claims, forms, intakes, foods, \
        medications, conditions, red_flags, notes, companions, lifestyle, mechanisms, faq or label_checklist")),
    responses(
        (status = 200, description = "The collection", body = Object),
        (status = 404, description = "No such collection", body = crate::error::ErrorBody),
    ))]
pub(crate) async fn content(
    State(state): State<AppState>,
    Path(collection): Path<String>,
) -> Result<Response, ApiError> {
    let value = state
        .engine
        .content()
        .collection_json(&collection)
        .ok_or_else(|| unknown_collection(&collection))?;
    let json = serde_json::to_string(&value).map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("could not write the collection: {e}"),
        )
    })?;
    Ok((json_headers(), json).into_response())
}

fn unknown_collection(name: &str) -> ApiError {
    let expected = Content::COLLECTIONS
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let error = ApiError::new(
        StatusCode::NOT_FOUND,
        format!("unknown collection `{name}`; expected one of {expected}"),
    );
    match crampwise::suggest::closest(name, Content::COLLECTIONS.iter().copied()) {
        Some(near) => error.with_help(format!("did you mean `{near}`?")),
        None => error,
    }
}

/// 404 for a path no route has.
pub(crate) async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!("no such endpoint: `{method} {}`", uri.path()),
    )
    .with_help("`GET /openapi.json` lists every endpoint")
}

fn json<T: Serialize>(value: &T) -> Response {
    match serde_json::to_string(value) {
        Ok(text) => (json_headers(), text).into_response(),
        Err(e) => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("could not write the answer: {e}"),
        )
        .into_response(),
    }
}
