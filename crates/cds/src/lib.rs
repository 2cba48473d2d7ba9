//! # crampwise-cds
//!
//! crampwise as an HL7 CDS Hooks 2.0 service on FHIR R4: when a clinician
//! selects or signs a magnesium order, or opens the chart of a patient with
//! cramps or a medicine that lowers magnesium, the record in the prefetch is
//! mapped onto a crampwise profile and the engine's plan becomes cards. The
//! kernel's guarantees hold for every card: no card endorses magnesium for a
//! condition that makes it unsafe, and a suggested dose never passes the cap.
//!
//! The logic ([`hooks::respond`]) takes a parsed request and returns the
//! response, without HTTP; [`routes`] wraps it in axum routes for
//! `crampwise serve`, which adds its own limits, logs and headers, and
//! [`documentation`] is their part of the server's OpenAPI document. Errors
//! have the API's shape, `{"errors": [{"path", "message", "input", "code"}]}`
//! (crampwise-serve's `ApiError`: this crate depends on crampwise-serve,
//! which depends on neither this crate nor the command line).
//!
//! With a [`Trust`] ([`CdsState::with_trust`]), every service and feedback
//! call needs a JWT bearer token signed by a trusted client (CDS Hooks 2.0
//! "Trusting CDS Clients", [`auth`]); without one the services check no
//! token and trust the network they are reachable from. Discovery is open
//! either way.
//!
//! ```
//! use crampwise_cds::{hooks::{respond, Hook, Inputs}, request::parse_request, Date};
//! use crampwise_content::cds::CdsData;
//!
//! let engine = crampwise::Engine::shared()?;
//! let data = CdsData::embedded(engine.content())?;
//! let request = parse_request(br#"{
//!   "hook": "order-select", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
//!   "context": {"patientId": "p1", "draftOrders": {"resourceType": "Bundle", "entry": []}}
//! }"#)?;
//! let inputs = Inputs { engine: &engine, data: &data, today: Date::today(), intake_url: "http://localhost/", jurisdiction: None };
//! // No magnesium order: nothing to say, and no prefetch needed.
//! assert!(respond(Hook::Order, &request, inputs)?.cards.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod auth;
pub mod card;
mod date;
pub mod dose;
pub mod fhir;
pub mod hooks;
mod http;
pub mod openapi;
pub mod recognise;
pub mod request;
pub mod service;

pub use auth::Trust;
pub use date::Date;
pub use http::{routes_with, try_routes, CdsState};
pub use openapi::documentation;

/// The CDS Hooks routes over `engine`, state applied. Should the CDS tables
/// not fit the engine's content (a custom content directory), every route
/// answers 500 with the problems; [`try_routes`] reports them at start-up
/// instead.
pub fn routes(engine: crampwise::Engine) -> axum::Router {
    match try_routes(engine) {
        Ok(router) => router,
        Err(errors) => broken(errors.to_string()),
    }
}

fn broken(message: String) -> axum::Router {
    use axum::http::StatusCode;
    let answer = move || {
        let message = message.clone();
        async move {
            http::error(
                StatusCode::INTERNAL_SERVER_ERROR,
                crampwise_serve::ErrorItem::whole(format!(
                    "the CDS tables do not fit the content: {message}"
                ))
                .code("cds_tables"),
            )
        }
    };
    axum::Router::new()
        .route("/cds-services", axum::routing::any(answer.clone()))
        .route("/cds-services/{*rest}", axum::routing::any(answer))
}
