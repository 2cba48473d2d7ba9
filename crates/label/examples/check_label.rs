//! Prints the JSON report for a label file (text or JSON), optionally for a profile.
//!
//! `cargo run -p crampwise-label --example check_label -- LABEL [PROFILE.json]`

use std::process::ExitCode;

use crampwise_rules::{Engine, Profile};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: check_label LABEL [PROFILE.json]");
        return ExitCode::from(2);
    };
    let run = || -> Result<String, Box<dyn std::error::Error>> {
        let engine = Engine::embedded()?;
        let input = std::fs::read_to_string(path)?;
        let profile = match args.get(1) {
            Some(p) => Some(Profile::from_json(&std::fs::read_to_string(p)?)?),
            None => None,
        };
        let plan = profile.as_ref().map(|p| engine.evaluate(p).into_plan());
        let person = profile.as_ref().zip(plan.as_ref());
        let report = crampwise_label::check_any(&input, engine.content(), person)?;
        Ok(serde_json::to_string_pretty(&report)?)
    };
    match run() {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            ExitCode::from(2)
        }
    }
}
