//! Arbitrary bytes as a profile: `Profile::from_json` must return a profile
//! or errors (never panic), and every profile it accepts must get a plan that
//! keeps the contract's hard rules, whose JSON parses back unchanged, and
//! whose profile survives a serialize -> parse round trip.
#![no_main]

use std::sync::OnceLock;

use crampwise_rules::{plan_violations, Engine, Plan, Profile};
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::embedded().expect("the embedded engine loads"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let profile = match Profile::from_json(&text) {
        Ok(p) => p,
        Err(errors) => {
            assert!(!errors.0.is_empty(), "an error without a message");
            return;
        }
    };
    let e = engine();
    let plan = e.evaluate(&profile);
    let broken = plan_violations(&profile, &plan, e.content());
    assert!(
        broken.is_empty(),
        "{broken:?}\nprofile: {text}\nplan: {}",
        plan.to_json()
    );

    let json = plan.to_json();
    let back: Plan = serde_json::from_str(&json).expect("plan JSON parses back");
    assert_eq!(back.to_json(), json, "plan JSON does not round-trip");

    let written = serde_json::to_string(&profile).expect("a profile serializes");
    let again = Profile::from_json(&written).expect("a written profile parses");
    assert_eq!(
        again, profile,
        "profile does not round-trip through {written}"
    );
});
