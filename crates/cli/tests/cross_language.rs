//! The command line and the Rust crate give the same plans, byte for byte.
//!
//! `crampwise recommend --jsonl` (one process) on every public vignette and
//! the 1,000 stored random profiles of
//! `tests/fixtures/cross_language_profiles.jsonl` must print exactly what
//! `Engine::evaluate(..).to_json()` gives. `tests/test_cross_language.py`
//! compares the same command line with Python, so all of them agree.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::{expect_ok, repo_path, run_with_stdin};
use crampwise_rules::{Engine, Profile};
use serde_json::Value;

fn profiles() -> Vec<String> {
    let vignettes: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(repo_path("tests/fixtures/vignettes.json")).unwrap(),
    )
    .unwrap();
    let stored =
        std::fs::read_to_string(repo_path("tests/fixtures/cross_language_profiles.jsonl")).unwrap();
    let mut lines: Vec<String> = vignettes.iter().map(|v| v["profile"].to_string()).collect();
    assert!(lines.len() >= 8);
    let before = lines.len();
    lines.extend(stored.lines().map(str::to_owned));
    assert_eq!(lines.len() - before, 1000);
    lines
}

#[test]
fn cli_jsonl_equals_engine_evaluate() {
    let lines = profiles();
    let input = lines.join("\n") + "\n";
    let args = ["recommend", "--jsonl", "-"];
    let out = expect_ok(&args, &run_with_stdin(&args, input.as_bytes()));
    let from_cli: Vec<&str> = out.lines().collect();
    assert_eq!(from_cli.len(), lines.len());
    let engine = Engine::embedded().unwrap();
    for (i, (line, cli)) in lines.iter().zip(from_cli).enumerate() {
        let profile = Profile::from_json(line).unwrap();
        let rust = engine.evaluate(&profile).to_json();
        assert_eq!(cli, rust, "line {}: {line}", i + 1);
        // The same value read another way (as Python's dicts are) gives the same plan.
        let value: Value = serde_json::from_str(line).unwrap();
        let again = engine.evaluate(&Profile::from_value(&value).unwrap());
        assert_eq!(again.to_json(), rust, "line {}", i + 1);
    }
}
