//! The pages on a loopback port, for developing them and for the browser
//! tests before `crampwise serve` serves them: `routes(Engine::shared())`,
//! a minimal `POST /v1/recommend` (the plan's JSON, or 422 with the
//! diagnostics), and the service's Content-Security-Policy.
//!
//! `cargo run -p crampwise-web --example pages -- --addr 127.0.0.1:0` prints
//! `crampwise serve: listening on http://HOST:PORT` on stderr first, as the
//! service does.

use std::net::SocketAddr;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use crampwise::Engine;

/// The service's policy: no inline script or style, nothing from elsewhere.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut addr: SocketAddr = "127.0.0.1:8080".parse()?;
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--addr", Some(value)) => addr = value.parse()?,
            _ => return Err(format!("usage: pages [--addr HOST:PORT], got `{arg}`").into()),
        }
    }
    let engine = Engine::shared()?;
    let api = Router::new()
        .route("/v1/recommend", post(recommend))
        .with_state(engine.clone());
    let app = crampwise_web::routes(engine)
        .merge(api)
        .layer(axum::middleware::map_response(
            |mut response: Response| async move {
                let headers = response.headers_mut();
                headers.insert(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(CSP),
                );
                headers.insert(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                );
                response
            },
        ));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        eprintln!(
            "crampwise serve: listening on http://{}",
            listener.local_addr()?
        );
        axum::serve(listener, app).await
    })?;
    Ok(())
}

async fn recommend(
    axum::extract::State(engine): axum::extract::State<Engine>,
    body: String,
) -> Response {
    match engine.recommend_json(&body) {
        Ok(plan) => ([(header::CONTENT_TYPE, "application/json")], plan.to_json()).into_response(),
        Err(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            [(header::CONTENT_TYPE, "application/json")],
            serde_json::json!({ "errors": errors.0 }).to_string(),
        )
            .into_response(),
    }
}
