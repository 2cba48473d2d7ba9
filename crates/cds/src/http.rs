//! The HTTP routes: parse, call the logic, map errors. No decisions here.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use crampwise::Engine;
use crampwise_content::cds::CdsData;
use crampwise_content::ContentErrors;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::date::Date;
use crate::hooks::{respond, Inputs, Problem};
use crate::request::{parse_request, BadRequest};
use crate::service::{discovery, service, SERVICES};

/// The routes' shared state: engine, data and feedback counts. Cheap to clone.
#[derive(Debug, Clone)]
pub struct CdsState {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    engine: Engine,
    data: CdsData,
    intake_url: Option<String>,
    feedback: Vec<AtomicU64>,
}

impl CdsState {
    /// A state over `engine`, with the built-in code tables and card words.
    /// `intake_url` is the intake page the patient-view card links to
    /// (`None`: `http://<Host header>/`).
    ///
    /// # Errors
    /// The problems of the CDS tables against the engine's content.
    pub fn new(engine: Engine, intake_url: Option<String>) -> Result<CdsState, ContentErrors> {
        let data = CdsData::embedded(engine.content())?;
        Ok(CdsState {
            inner: Arc::new(Inner {
                engine,
                data,
                intake_url,
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

async fn discover() -> Json<Value> {
    Json(discovery())
}

fn error(status: StatusCode, path: &str, message: &str) -> Response {
    let mut body = json!({"error": {"status": status.as_u16(), "message": message}});
    if !path.is_empty() {
        if let Some(e) = body.get_mut("error").and_then(Value::as_object_mut) {
            e.insert("path".into(), json!(path));
        }
    }
    (status, Json(body)).into_response()
}

fn bad(e: &BadRequest) -> Response {
    error(StatusCode::BAD_REQUEST, &e.path, &e.message)
}

fn unknown_service(id: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        "",
        &format!(
            "no CDS service `{id}`, expected one of {}",
            SERVICES.iter().map(|s| s.id).collect::<Vec<_>>().join(", ")
        ),
    )
}

async fn call(
    State(state): State<CdsState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(service) = service(&id) else {
        return unknown_service(&id);
    };
    let request = match parse_request(&body) {
        Ok(r) => r,
        Err(e) => return bad(&e),
    };
    if request.hook != service.hook {
        return bad(&BadRequest::at(
            "hook",
            format!(
                "`{}` is not the hook of service `{}`, expected `{}`",
                request.hook, service.id, service.hook
            ),
        ));
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
            let mut response = error(
                StatusCode::PRECONDITION_FAILED,
                "prefetch",
                &format!("required prefetch missing: `{}`; {why}", keys.join("`, `")),
            );
            *response.status_mut() = StatusCode::PRECONDITION_FAILED;
            response
        }
    }
}

/// A feedback body (CDS Hooks 2.0 "Feedback").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedbackBody {
    feedback: Vec<FeedbackItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedbackItem {
    card: String,
    outcome: Outcome,
    #[serde(rename = "outcomeTimestamp")]
    _outcome_timestamp: String,
    #[serde(default, rename = "acceptedSuggestions")]
    _accepted_suggestions: Option<Vec<Value>>,
    #[serde(default, rename = "overrideReason")]
    _override_reason: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Outcome {
    Accepted,
    Overridden,
}

async fn feedback(State(state): State<CdsState>, Path(id): Path<String>, body: Bytes) -> Response {
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
    Json(json!({"received": items.len(), "accepted": accepted, "total": total})).into_response()
}
