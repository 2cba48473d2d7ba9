//! Table-driven tests read from `tests/data/cases.toml`: evaluation cases
//! (source, facts, expected truth and optional explanation) and error cases
//! (source, expected error text).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use crampwise_expr::{Condition, Truth};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Cases {
    eval: Vec<EvalCase>,
    errors: Vec<ErrorCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EvalCase {
    src: String,
    #[serde(default)]
    facts: String,
    expect: String,
    because: Option<Vec<String>>,
    unknown: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrorCase {
    src: String,
    error: String,
}

fn load() -> Cases {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cases.toml");
    let text = std::fs::read_to_string(path).unwrap();
    toml::from_str(&text).unwrap()
}

fn truth(word: &str) -> Truth {
    match word {
        "true" => Truth::True,
        "false" => Truth::False,
        "unknown" => Truth::Unknown,
        other => panic!("bad expected truth `{other}`"),
    }
}

#[test]
fn eval_cases() {
    let schema = common::schema();
    let cases = load().eval;
    assert!(cases.len() >= 50, "only {} eval cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let facts = common::facts(&schema, &case.facts);
        let condition = match Condition::compile(&case.src, &schema) {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{:?}: does not compile: {e}", case.src));
                continue;
            }
        };
        let got = condition.eval(&facts);
        if got != truth(&case.expect) {
            failures.push(format!(
                "{:?} with {:?}: expected {}, got {}",
                case.src,
                case.facts,
                case.expect,
                got.as_str()
            ));
        }
        let because = condition.because(&facts, &schema);
        if got == Truth::True {
            if because.is_empty() && !case.src.contains("true") {
                failures.push(format!("{:?}: true without a reason", case.src));
            }
        } else if !because.is_empty() {
            failures.push(format!("{:?}: reasons for a non-true result", case.src));
        }
        if let Some(expected) = &case.because {
            if &because != expected {
                failures.push(format!(
                    "{:?} with {:?}: because {because:?}, expected {expected:?}",
                    case.src, case.facts
                ));
            }
        }
        if let Some(expected) = &case.unknown {
            let unknown: Vec<&str> = condition
                .unknown_fields(&facts)
                .into_iter()
                .map(|id| schema.field_name(id))
                .collect();
            if &unknown != expected {
                failures.push(format!(
                    "{:?} with {:?}: unknown fields {unknown:?}, expected {expected:?}",
                    case.src, case.facts
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn error_cases() {
    let schema = common::schema();
    let cases = load().errors;
    assert!(cases.len() >= 40, "only {} error cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        match Condition::compile(&case.src, &schema) {
            Ok(_) => failures.push(format!(
                "{:?}: compiled, expected {:?}",
                case.src, case.error
            )),
            Err(e) if e.to_string() != case.error => failures.push(format!(
                "{:?}:\n   got      {:?}\n   expected {:?}",
                case.src,
                e.to_string(),
                case.error
            )),
            Err(e) => {
                let message = &e.message;
                let lowercase_start = message.chars().next().is_some_and(|c| !c.is_uppercase());
                if !lowercase_start || message.ends_with('.') {
                    failures.push(format!("{:?}: badly formed message {message:?}", case.src));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
