//! Evaluates one profile file and prints the plan as text, then as JSON.
//!
//! `cargo run -p crampwise-rules --example evaluate -- examples/night-cramps.json`

use crampwise_rules::{render, Engine, Profile};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: evaluate PROFILE.json")?;
    let engine = Engine::embedded()?;
    let profile = Profile::from_json(&std::fs::read_to_string(path)?)?;
    let plan = engine.evaluate(&profile);
    println!("{}", render::text(&plan, render::Style::default()));
    println!("{}", plan.to_json());
    Ok(())
}
