//! The HTTP routes: check the token, parse, call the logic, map errors. No
//! decisions here. Errors have the API's shape (crampwise-serve's
//! [`ApiError`]): `{"errors": [{"path", "message", "input", "code"}]}`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use crampwise::Engine;
use crampwise_content::cds::CdsData;
use crampwise_content::ContentErrors;
use crampwise_serve::{ApiError, ErrorItem};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::ToSchema;

use crate::auth::{AuthError, Trust};
use crate::date::Date;
use crate::hooks::{respond, Inputs, Problem};
use crate::request::{parse_request, BadRequest};
use crate::service::{discovery, service, Discovery, SERVICES};

/// The routes' shared state: engine, data, the trusted clients and feedback
/// counts. Cheap to clone.
#[derive(Debug, Clone)]
pub struct CdsState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    engine: Engine,
    data: CdsData,
    intake_url: Option<String>,
    trust: Option<Trust>,
    jurisdiction: Option<crampwise::Jurisdiction>,
    feedback: Vec<AtomicU64>,
}

impl CdsState {
    /// A state over `engine`, with the built-in code tables and card words,
    /// that checks no token. `intake_url` is the intake page the
    /// patient-view card links to (`None`: `http://<Host header>/`).
    ///
    /// # Errors
    /// The problems of the CDS tables against the engine's content.
    pub fn new(engine: Engine, intake_url: Option<String>) -> Result<CdsState, ContentErrors> {
        CdsState::with_trust(engine, intake_url, None)
    }

    /// [`CdsState::new`], and with `trust` every service call and feedback
    /// call needs a valid JWT bearer token (CDS Hooks 2.0 "Trusting CDS
    /// Clients"); discovery stays open.
    ///
    /// # Errors
    /// The problems of the CDS tables against the engine's content.
    pub fn with_trust(
        engine: Engine,
        intake_url: Option<String>,
        trust: Option<Trust>,
    ) -> Result<CdsState, ContentErrors> {
        CdsState::with_settings(engine, intake_url, trust, None)
    }

    /// [`CdsState::with_trust`], and with `jurisdiction` the upper limits
    /// of that jurisdiction for every patient (a FHIR record does not say
    /// whose apply; `None`: the profile's default, `us`).
    ///
    /// # Errors
    /// The problems of the CDS tables against the engine's content.
    pub fn with_settings(
        engine: Engine,
        intake_url: Option<String>,
        trust: Option<Trust>,
        jurisdiction: Option<crampwise::Jurisdiction>,
    ) -> Result<CdsState, ContentErrors> {
        let data = CdsData::embedded(engine.content())?;
        Ok(CdsState {
            inner: Arc::new(Inner {
                engine,
                data,
                intake_url,
                trust,
                jurisdiction,
                feedback: SERVICES.iter().map(|_| AtomicU64::new(0)).collect(),
            }),
        })
    }

    /// Feedback items received for a service (`None`: no such service).
    pub fn feedback_count(&self, service_id: &str) -> Option<u64> {
        let i = SERVICES.iter().position(|s| s.id == service_id)?;
        self.inner
            .feedback
            .get(i)
            .map(|c| c.load(Ordering::Relaxed))
    }

    /// Whether calls need a bearer token.
    pub fn checks_tokens(&self) -> bool {
        self.inner.trust.is_some()
    }

    /// The versions cards are made from: the content's and the CDS tables'
    /// ([`CdsData::version`]).
    pub fn versions(&self) -> (&str, &str) {
        (
            self.inner.engine.content_version(),
            self.inner.data.version(),
        )
    }
}

/// The CDS Hooks routes over `engine`, state applied: `GET /cds-services`,
/// `POST /cds-services/{id}`, `POST /cds-services/{id}/feedback`.
///
/// # Errors
/// The problems of the CDS tables against the engine's content (a custom
/// content directory can lack an id the tables name).
pub fn try_routes(engine: Engine) -> Result<Router, ContentErrors> {
    Ok(routes_with(CdsState::new(engine, None)?))
}

/// The routes over a state (keep a clone to read the feedback counts).
pub fn routes_with(state: CdsState) -> Router {
    Router::new()
        .route("/cds-services", get(discover))
        .route("/cds-services/{id}", post(call))
        .route("/cds-services/{id}/feedback", post(feedback))
        .with_state(state)
}

/// The services this server offers (CDS Hooks 2.0 "Discovery"). Open to
/// every caller, also when tokens are checked.
#[utoipa::path(get, path = "/cds-services", tag = "cds-hooks",
    responses((status = 200, description = "The CDS services, each with its hook and prefetch templates", body = Discovery)))]
pub(crate) async fn discover(State(state): State<CdsState>) -> Json<Discovery> {
    let (content, cds) = state.versions();
    Json(discovery(content, cds))
}

/// An error answer of the CDS routes, in the API's shape.
pub(crate) fn error(status: StatusCode, item: ErrorItem) -> Response {
    ApiError::items(status, vec![item]).into_response()
}

fn bad(e: &BadRequest) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        ErrorItem::at(&e.path, &e.message).code("invalid_cds_request"),
    )
}

fn unknown_service(id: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        ErrorItem::whole(format!(
            "no CDS service `{id}`, expected one of {}",
            SERVICES
                .iter()
                .map(|s| format!("`{}`", s.id))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .input(json!(id))
        .code("unknown_cds_service")
        .help("`GET /cds-services` lists the services"),
    )
}

/// 401 with `WWW-Authenticate: Bearer` (RFC 6750: `error="invalid_token"`
/// when a token was sent).
fn unauthorized(e: AuthError, sent: bool) -> Response {
    let challenge = if sent {
        "Bearer realm=\"cds-services\", error=\"invalid_token\""
    } else {
        "Bearer realm=\"cds-services\""
    };
    ApiError::items(
        StatusCode::UNAUTHORIZED,
        vec![ErrorItem::at(e.path, e.message)
            .input(e.input)
            .code("invalid_token")],
    )
    .header(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(challenge),
    )
    .into_response()
}

/// Checks the bearer token when the state trusts only some clients.
#[allow(clippy::result_large_err)]
fn authorize(
    state: &CdsState,
    headers: &HeaderMap,
    id: &str,
    feedback: bool,
) -> Result<(), Response> {
    let Some(trust) = &state.inner.trust else {
        return Ok(());
    };
    let value = headers.get(header::AUTHORIZATION);
    trust
        .check(value, &format!("/cds-services/{id}"), feedback)
        .map_err(|e| unauthorized(e, value.is_some()))
}

/// Calls a CDS service (CDS Hooks 2.0 "Calling a CDS Service").
#[utoipa::path(post, path = "/cds-services/{id}", tag = "cds-hooks",
    params(("id" = String, Path, description = "The service id, as discovery lists it")),
    request_body(content = crate::request::CdsRequest, content_type = "application/json",
        description = "The hook's call: hook, hookInstance, context, prefetch, fhirServer, fhirAuthorization"),
    responses(
        (status = 200, description = "The cards (CDS Hooks 2.0 response; none when there is nothing to say)",
            body = ref("#/components/schemas/CdsResponse"), content_type = "application/json"),
        (status = 400, description = "A malformed request, with the JSON path of the problem", body = crampwise_serve::ErrorBody),
        (status = 401, description = "No valid JWT bearer token (only when `crampwise serve` is given `--cds-jwks`)", body = crampwise_serve::ErrorBody),
        (status = 404, description = "No such service", body = crampwise_serve::ErrorBody),
        (status = 412, description = "Required prefetch missing (fetching from `fhirServer` is not supported)", body = crampwise_serve::ErrorBody),
        (status = 413, description = "The body is larger than the limit", body = crampwise_serve::ErrorBody),
        (status = 503, description = "Busy or too slow: retry after `Retry-After` seconds", body = crampwise_serve::ErrorBody),
    )
)]
pub(crate) async fn call(
    State(state): State<CdsState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(denied) = authorize(&state, &headers, &id, false) {
        return denied;
    }
    let Some(service) = service(&id) else {
        return unknown_service(&id);
    };
    let request = match parse_request(&body) {
        Ok(r) => r,
        Err(e) => return bad(&e),
    };
    if request.hook != service.hook {
        return error(
            StatusCode::BAD_REQUEST,
            ErrorItem::at(
                "hook",
                format!(
                    "`{}` is not the hook of service `{}`, expected `{}`",
                    request.hook, service.id, service.hook
                ),
            )
            .input(json!(request.hook))
            .code("invalid_cds_request"),
        );
    }
    let intake_url = state.inner.intake_url.clone().unwrap_or_else(|| {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        format!("http://{host}/")
    });
    let inputs = Inputs {
        engine: &state.inner.engine,
        data: &state.inner.data,
        today: Date::today(),
        intake_url: &intake_url,
        jurisdiction: state.inner.jurisdiction,
    };
    match respond(service.logic, &request, inputs) {
        Ok(response) => Json(response).into_response(),
        Err(Problem::Bad(e)) => bad(&e),
        Err(Problem::MissingPrefetch { keys, fhir_server }) => {
            let why = if fhir_server {
                "this service does not fetch from `fhirServer` yet"
            } else {
                "no `fhirServer` was given, and this service does not fetch from one yet"
            };
            error(
                StatusCode::PRECONDITION_FAILED,
                ErrorItem::at(
                    "prefetch",
                    format!("required prefetch missing: `{}`; {why}", keys.join("`, `")),
                )
                .input(json!(keys))
                .code("missing_prefetch"),
            )
        }
    }
}

/// A feedback body (CDS Hooks 2.0 "Feedback").
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FeedbackBody {
    /// What the clinician did with each card.
    feedback: Vec<FeedbackItem>,
}

/// One card's outcome.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FeedbackItem {
    /// The card's `uuid`.
    card: String,
    /// What was done with it.
    outcome: Outcome,
    /// When (ISO 8601).
    #[serde(rename = "outcomeTimestamp")]
    _outcome_timestamp: String,
    /// The suggestions accepted (not read).
    #[serde(default, rename = "acceptedSuggestions")]
    #[schema(value_type = Option<Vec<Object>>)]
    _accepted_suggestions: Option<Vec<Value>>,
    /// Why the card was overridden (not read).
    #[serde(default, rename = "overrideReason")]
    #[schema(value_type = Option<Object>)]
    _override_reason: Option<Value>,
}

/// A card's outcome.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Outcome {
    /// Accepted.
    Accepted,
    /// Overridden.
    Overridden,
}

/// What a feedback call was counted as.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct FeedbackCount {
    /// Items in this call.
    received: usize,
    /// Of them, accepted.
    accepted: usize,
    /// Items received for the service since the server started.
    total: u64,
}

/// Feedback on a service's cards (CDS Hooks 2.0 "Feedback"), counted.
#[utoipa::path(post, path = "/cds-services/{id}/feedback", tag = "cds-hooks",
    params(("id" = String, Path, description = "The service id, as discovery lists it")),
    request_body(content = FeedbackBody, content_type = "application/json"),
    responses(
        (status = 200, description = "Counted", body = FeedbackCount),
        (status = 400, description = "A malformed feedback body, with the JSON path of the problem", body = crampwise_serve::ErrorBody),
        (status = 401, description = "No valid JWT bearer token (only when `crampwise serve` is given `--cds-jwks`)", body = crampwise_serve::ErrorBody),
        (status = 404, description = "No such service", body = crampwise_serve::ErrorBody),
        (status = 413, description = "The body is larger than the limit", body = crampwise_serve::ErrorBody),
        (status = 503, description = "Busy or too slow: retry after `Retry-After` seconds", body = crampwise_serve::ErrorBody),
    )
)]
pub(crate) async fn feedback(
    State(state): State<CdsState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(denied) = authorize(&state, &headers, &id, true) {
        return denied;
    }
    let Some(index) = SERVICES.iter().position(|s| s.id == id) else {
        return unknown_service(&id);
    };
    let mut de = serde_json::Deserializer::from_slice(&body);
    let parsed: Result<FeedbackBody, _> = serde_path_to_error::deserialize(&mut de);
    let items = match parsed {
        Ok(b) => b.feedback,
        Err(e) => {
            let path = e.path().to_string();
            return bad(&BadRequest::at(
                if path == "." { String::new() } else { path },
                e.into_inner().to_string(),
            ));
        }
    };
    if let Some((i, _)) = items
        .iter()
        .enumerate()
        .find(|(_, f)| f.card.trim().is_empty())
    {
        return bad(&BadRequest::at(
            format!("feedback[{i}].card"),
            "must name the card's uuid",
        ));
    }
    let accepted = items
        .iter()
        .filter(|f| matches!(f.outcome, Outcome::Accepted))
        .count();
    let n = u64::try_from(items.len()).unwrap_or(u64::MAX);
    let total = state
        .inner
        .feedback
        .get(index)
        .map_or(0, |c| c.fetch_add(n, Ordering::Relaxed).saturating_add(n));
    Json(FeedbackCount {
        received: items.len(),
        accepted,
        total,
    })
    .into_response()
}
