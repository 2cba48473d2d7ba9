//! # crampwise-web
//!
//! crampwise's pages for people, as an [`axum::Router`]: the intake
//! questionnaire (`GET /`), generated from the field table
//! ([`crampwise::intake`]) so the page and the profile contract cannot
//! drift; the plan page (`POST /plan`, the answers as a form post, the plan
//! rendered on the server by [`crampwise::render::plan_html_with`]); the
//! plan's JSON as a download (`POST /plan.json`, byte for byte what
//! `crampwise recommend --format json` prints); the label check (`GET` and
//! `POST /label`); and the embedded stylesheet and script
//! (`GET /assets/{file}`).
//!
//! Everything works without JavaScript; `/assets/app.js` checks numbers as
//! they are typed and shows the plan without reloading the page. Health
//! data travels only in request bodies, never in URLs, and nothing is
//! stored. The pages have no inline script or style, so they run under
//! `Content-Security-Policy: default-src 'self'` (the service sets it).
//!
//! ```
//! use axum::body::Body;
//! use axum::http::Request;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let app = crampwise_web::routes(crampwise::Engine::shared()?);
//! // A router is a tower service: `crampwise serve` merges it with the API.
//! let _request = Request::get("/").body(Body::empty())?;
//! # let _ = app;
//! # Ok(())
//! # }
//! ```

mod answers;
mod form;
mod page;
mod pages;

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use crampwise::{Diagnostics, Engine, LabelInput};

use crate::answers::Answers;

/// The stylesheet, for screens and for print.
const APP_CSS: &str = include_str!("../assets/app.css");
/// The script that improves the pages when it runs.
const APP_JS: &str = include_str!("../assets/app.js");

/// The pages' routes, with `engine` as their state: `GET /`, `POST /`
/// (the questionnaire with answers filled in, to change them), `POST
/// /plan` (`GET /plan` sends a person back to `/`), `POST /plan.json`, `GET /label`, `POST /label` and `GET
/// /assets/{file}`. Form posts are `application/x-www-form-urlencoded`.
pub fn routes(engine: Engine) -> Router {
    Router::new()
        .route("/", get(intake).post(intake_again))
        .route("/plan", get(plan_again).post(plan))
        .route("/plan.json", axum::routing::post(plan_json))
        .route("/label", get(label_form).post(label_check))
        .route("/assets/{file}", get(asset))
        .with_state(Arc::new(engine))
}

type Shared = State<Arc<Engine>>;
type Pairs = Form<Vec<(String, String)>>;

/// A page for people: HTML, never cached (it may hold health data).
fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

async fn intake(State(engine): Shared) -> Response {
    html(
        StatusCode::OK,
        form::intake_page(engine.content(), &Answers::default(), None),
    )
}

async fn intake_again(State(engine): Shared, Form(pairs): Pairs) -> Response {
    html(
        StatusCode::OK,
        form::intake_page(engine.content(), &Answers::new(pairs), None),
    )
}

/// The plan for the answers, or every problem with them.
fn evaluate<'e>(
    engine: &'e Engine,
    answers: &Answers,
) -> Result<crampwise::Evaluation<'e>, Diagnostics> {
    let profile = answers::read(answers).profile(engine)?;
    engine.recommend(&profile)
}

/// The questionnaire again, each problem next to its question (422).
fn invalid(engine: &Engine, answers: &Answers, errors: &Diagnostics) -> Response {
    html(
        StatusCode::UNPROCESSABLE_ENTITY,
        form::intake_page(engine.content(), answers, Some(errors)),
    )
}

async fn plan(State(engine): Shared, Form(pairs): Pairs) -> Response {
    let answers = Answers::new(pairs);
    match evaluate(&engine, &answers) {
        Ok(plan) => html(
            StatusCode::OK,
            pages::plan_page(&plan, engine.content(), &answers),
        ),
        Err(errors) => invalid(&engine, &answers, &errors),
    }
}

/// A plan lives only in the answer to its post (nothing is stored), so
/// reloading `/plan` or coming back to it starts the questionnaire again.
async fn plan_again() -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, "/"), (header::CACHE_CONTROL, "no-store")],
    )
        .into_response()
}

async fn plan_json(State(engine): Shared, Form(pairs): Pairs) -> Response {
    let answers = Answers::new(pairs);
    match evaluate(&engine, &answers) {
        Ok(plan) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "application/json"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"crampwise-plan.json\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            plan.to_json(),
        )
            .into_response(),
        Err(errors) => invalid(&engine, &answers, &errors),
    }
}

async fn label_form() -> Response {
    html(
        StatusCode::OK,
        pages::label_page(&Answers::default(), None, None, false),
    )
}

async fn label_check(State(engine): Shared, Form(pairs): Pairs) -> Response {
    let all = Answers::new(pairs);
    let with_answers = all.value(pages::WITH_ANSWERS).is_some();
    let text = all.value(pages::LABEL).unwrap_or("").to_owned();
    let answers = all.without(&[pages::LABEL, pages::WITH_ANSWERS]);
    let page = |status, report: Option<&crampwise::LabelReport>, errors: Option<&Diagnostics>| {
        html(
            status,
            pages::label_page(&answers, report, errors, with_answers && report.is_some()),
        )
    };
    if text.is_empty() {
        let errors = Diagnostics(vec![crampwise::Diagnostic::new(
            crampwise::Code::InvalidLabel,
            "label",
            "the label is empty: paste the text of its Supplement Facts panel",
        )]);
        return page(StatusCode::UNPROCESSABLE_ENTITY, None, Some(&errors));
    }
    let profile = if with_answers && !answers.is_empty() {
        let read = answers::read(&answers).profile(&engine);
        match read {
            Ok(p) => Some(p),
            Err(errors) => return page(StatusCode::UNPROCESSABLE_ENTITY, None, Some(&errors)),
        }
    } else {
        None
    };
    match engine.check_label(LabelInput::Text(&text), profile.as_ref()) {
        Ok(report) => page(StatusCode::OK, Some(&report), None),
        Err(errors) => page(StatusCode::UNPROCESSABLE_ENTITY, None, Some(&errors)),
    }
}

async fn asset(Path(file): Path<String>) -> Response {
    let (body, kind) = match file.as_str() {
        "app.css" => (APP_CSS, "text/css; charset=utf-8"),
        "app.js" => (APP_JS, "text/javascript; charset=utf-8"),
        _ => return (StatusCode::NOT_FOUND, "no such asset").into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("max-age=300"),
            ),
        ],
        body,
    )
        .into_response()
}
