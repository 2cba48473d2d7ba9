//! Loads the engine, evaluates a profile from JSON and one built in Rust,
//! prints the triage, the schedule and the trace, and handles a bad profile.
use crampwise::prelude::*;

/// The program; the tests call it too.
pub fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The built-in rules and content, loaded once per process.
    let engine = Engine::shared()?;

    // A profile as JSON, as the contract writes it.
    let plan = engine.recommend_json(
        r#"{"age": 58, "sex": "female", "cramps": {"timing": ["night"], "per_week": 4},
            "conditions": [], "medications": ["thiazide_diuretic"], "supplements": []}"#,
    )?;
    println!("triage: {} ({})", plan.triage.level, plan.supplement.status);
    for dose in &plan.supplement.schedule {
        println!("  {} mg {} at {}", dose.elemental_mg, dose.form, dose.time);
    }
    for step in &plan.trace {
        println!("  rule {}: {}", step.rule, step.because);
    }

    // The same kind of profile built in Rust: checked like JSON.
    let profile = ProfileBuilder::new(34.0)
        .pregnancy(Pregnancy::Trimester2)
        .cramp_timing([Timing::Night])
        .build()?;
    let plan = engine.recommend(&profile)?;
    println!(
        "pregnant: triage {}, {}",
        plan.triage.level, plan.supplement.status
    );
    assert_ne!(plan.supplement.status, Status::Suggested);

    // A bad profile: every problem at once, each with its path.
    match engine.recommend_json(r#"{"age": 400, "conditons": ["kidney_disease"]}"#) {
        Ok(_) => return Err("a bad profile was accepted".into()),
        Err(problems) => {
            for problem in &problems {
                println!("error at `{}`: {}", problem.path_text(), problem.message);
            }
        }
    }
    Ok(())
}
