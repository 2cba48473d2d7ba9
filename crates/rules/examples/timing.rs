//! Rough timing of `evaluate` on the example profiles (use criterion for real numbers).
use crampwise_rules::{Engine, Profile};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let t = Instant::now();
    let engine = Engine::embedded()?;
    println!("load: {:?}", t.elapsed());
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path)?;
        let profile = Profile::from_json(&text)?;
        let n = 20000;
        let t = Instant::now();
        let mut bytes = 0;
        for _ in 0..n {
            bytes += engine.evaluate(&profile).to_json().len();
        }
        let per = t.elapsed() / n;
        let t = Instant::now();
        for _ in 0..n {
            bytes += engine.evaluate_json(&text).map(|s| s.len()).unwrap_or(0);
        }
        println!(
            "{path}: evaluate+json {per:?}, from text {:?} ({bytes})",
            t.elapsed() / n
        );
    }
    Ok(())
}
