//! The routes served on a real loopback port, called with an HTTP client.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::net::SocketAddr;

use crampwise_cds::{routes_with, CdsState};
use serde_json::{json, Value};

struct Server {
    addr: SocketAddr,
    state: CdsState,
    _runtime: tokio::runtime::Runtime,
}

fn serve() -> Server {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let state = CdsState::new(common::engine(), Some(common::INTAKE.to_owned())).unwrap();
    let router = routes_with(state.clone());
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    runtime.spawn(async move { axum::serve(listener, router).await });
    Server {
        addr,
        state,
        _runtime: runtime,
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn post(server: &Server, path: &str, body: &str) -> (u16, Value) {
    let mut response = agent()
        .post(&format!("http://{}{path}", server.addr))
        .header("content-type", "application/json")
        .send(body)
        .unwrap();
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status}: {text}")),
    )
}

#[test]
fn discovery_lists_every_service_with_its_prefetch() {
    let server = serve();
    let mut response = agent()
        .get(&format!("http://{}/cds-services", server.addr))
        .call()
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
    let hooks: Vec<&str> = body["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["hook"].as_str().unwrap())
        .collect();
    assert_eq!(hooks, ["order-select", "order-sign", "patient-view"]);
    let engine = common::engine();
    let cds_version = common::data(&engine).version().to_owned();
    assert_ne!(cds_version, engine.content_version());
    for s in body["services"].as_array().unwrap() {
        assert_eq!(s["prefetch"]["patient"], "Patient/{{context.patientId}}");
        assert_eq!(
            s["extension"],
            json!({"crampwise-content-version": engine.content_version(), "crampwise-cds-version": cds_version})
        );
        assert!(s["description"]
            .as_str()
            .unwrap()
            .contains("fhirServer is not supported yet"));
    }
}

#[test]
fn a_call_returns_what_the_logic_returns() {
    let server = serve();
    for (service, fixture) in [
        ("crampwise-magnesium-order", "order-kidney-disease"),
        (
            "crampwise-magnesium-order-sign",
            "order-taken-spacing-depletion",
        ),
        ("crampwise-cramps", "patient-view-cramps"),
    ] {
        let (status, body) = post(
            &server,
            &format!("/cds-services/{service}"),
            &common::fixture_text(fixture),
        );
        assert_eq!(status, 200, "{body}");
        // The same cards as the logic gives (the HTTP call ages the patient
        // on today's date, the logic on a fixed one; these records do not
        // change across that year).
        let want = serde_json::to_value(common::run(fixture)).unwrap();
        assert_eq!(body, want, "{fixture}");
    }
}

#[test]
fn errors_have_their_status_and_path() {
    let server = serve();
    // The API's error shape: `{"errors": [{"path", "message", "input", "code", ...}]}`.
    let (status, body) = post(&server, "/cds-services/nope", "{}");
    assert_eq!(status, 404);
    assert_eq!(body["errors"].as_array().unwrap().len(), 1);
    let e = &body["errors"][0];
    assert!(e["message"]
        .as_str()
        .unwrap()
        .starts_with("no CDS service `nope`"));
    assert_eq!(
        (&e["path"], &e["input"], &e["code"]),
        (&json!(""), &json!("nope"), &json!("unknown_cds_service"))
    );
    assert!(body.get("error").is_none());

    let (status, body) = post(
        &server,
        "/cds-services/crampwise-magnesium-order",
        "{\"hook\": ",
    );
    assert_eq!(status, 400, "{body}");

    let mut request = common::fixture("order-kidney-disease");
    request["prefetch"]["patient"]["birthDate"] = json!(true);
    let (status, body) = post(
        &server,
        "/cds-services/crampwise-magnesium-order",
        &request.to_string(),
    );
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["path"], "prefetch.patient.birthDate");
    assert_eq!(body["errors"][0]["code"], "invalid_cds_request");

    let request = common::fixture("order-kidney-disease");
    let (status, body) = post(
        &server,
        "/cds-services/crampwise-cramps",
        &request.to_string(),
    );
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["path"], "hook");
    assert_eq!(body["errors"][0]["input"], "order-select");

    let mut request = common::fixture("order-kidney-disease");
    request.as_object_mut().unwrap().remove("fhirServer");
    request["prefetch"]
        .as_object_mut()
        .unwrap()
        .remove("patient");
    let (status, body) = post(
        &server,
        "/cds-services/crampwise-magnesium-order",
        &request.to_string(),
    );
    assert_eq!(status, 412, "{body}");
    assert_eq!(
        body["errors"][0]["message"],
        "required prefetch missing: `patient`; no `fhirServer` was given, and this service does not fetch from one yet"
    );
    assert_eq!(body["errors"][0]["path"], "prefetch");
    assert_eq!(body["errors"][0]["input"], json!(["patient"]));
    assert_eq!(body["errors"][0]["code"], "missing_prefetch");
}

#[test]
fn feedback_is_accepted_and_counted() {
    let server = serve();
    let item = |outcome: &str| json!({"card": "0a6b7c2e-5d1f-8f3a-9b8e-1c2d3e4f5a61", "outcome": outcome, "outcomeTimestamp": "2026-06-01T10:00:00Z"});
    let path = "/cds-services/crampwise-magnesium-order/feedback";
    let (status, body) = post(
        &server,
        path,
        &json!({"feedback": [item("accepted"), item("overridden")]}).to_string(),
    );
    assert_eq!(
        (status, body),
        (200, json!({"received": 2, "accepted": 1, "total": 2}))
    );
    let (status, body) = post(
        &server,
        path,
        &json!({"feedback": [item("accepted")]}).to_string(),
    );
    assert_eq!(
        (status, body),
        (200, json!({"received": 1, "accepted": 1, "total": 3}))
    );
    assert_eq!(
        server.state.feedback_count("crampwise-magnesium-order"),
        Some(3)
    );
    assert_eq!(server.state.feedback_count("crampwise-cramps"), Some(0));
    let (status, body) = post(
        &server,
        path,
        &json!({"feedback": [{"card": "x", "outcome": "maybe", "outcomeTimestamp": "t"}]})
            .to_string(),
    );
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["path"], "feedback[0].outcome");
    let (status, _) = post(&server, "/cds-services/nope/feedback", "{}");
    assert_eq!(status, 404);
    assert_eq!(
        server.state.feedback_count("crampwise-magnesium-order"),
        Some(3)
    );
}
