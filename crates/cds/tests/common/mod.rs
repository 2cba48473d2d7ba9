//! Fixtures shared by the tests: the request files, the logic run on a fixed date.
#![allow(dead_code)]

use std::path::PathBuf;

use crampwise::Engine;
use crampwise_cds::card::CdsResponse;
use crampwise_cds::hooks::{respond, Hook, Inputs, Problem};
use crampwise_cds::request::{parse_request, CdsRequest};
use crampwise_cds::Date;
use crampwise_content::cds::CdsData;
use serde_json::Value;

/// The date every test works out ages on.
pub(crate) const TODAY: Date = Date {
    year: 2026,
    month: 6,
    day: 1,
};

pub(crate) const INTAKE: &str = "http://127.0.0.1/";

pub(crate) fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// Every request fixture's name (without `.json`).
pub(crate) fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(data_dir().join("requests"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".json")
                .to_owned()
        })
        .collect();
    names.sort();
    names
}

pub(crate) fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(data_dir().join("requests").join(format!("{name}.json"))).unwrap()
}

pub(crate) fn fixture(name: &str) -> Value {
    serde_json::from_str(&fixture_text(name)).unwrap()
}

pub(crate) fn engine() -> Engine {
    Engine::shared().unwrap()
}

pub(crate) fn data(engine: &Engine) -> CdsData {
    CdsData::embedded(engine.content()).unwrap()
}

pub(crate) fn hook_of(request: &CdsRequest) -> Hook {
    if request.hook == "patient-view" {
        Hook::PatientView
    } else {
        Hook::Order
    }
}

pub(crate) fn run_value(value: &Value) -> Result<CdsResponse, Problem> {
    run_value_in(value, None)
}

/// [`run_value`] for a service set to one jurisdiction's upper limits.
pub(crate) fn run_value_in(
    value: &Value,
    jurisdiction: Option<crampwise::Jurisdiction>,
) -> Result<CdsResponse, Problem> {
    let engine = engine();
    let data = data(&engine);
    let request = parse_request(value.to_string().as_bytes()).map_err(Problem::Bad)?;
    let inputs = Inputs {
        engine: &engine,
        data: &data,
        today: TODAY,
        intake_url: INTAKE,
        jurisdiction,
    };
    respond(hook_of(&request), &request, inputs)
}

pub(crate) fn run(name: &str) -> CdsResponse {
    run_value(&fixture(name)).unwrap()
}

/// The response as JSON with the content and CDS versions replaced, so
/// golden files do not change with every content edit.
pub(crate) fn normalized(response: &CdsResponse) -> Value {
    let engine = engine();
    let cds = data(&engine).version().to_owned();
    let text = serde_json::to_string(response)
        .unwrap()
        .replace(&cds, "CDS_VERSION")
        .replace(engine.content_version(), "CONTENT_VERSION");
    serde_json::from_str(&text).unwrap()
}
