//! The public vignettes (tests/fixtures/vignettes.json at the repository root):
//! every expectation they state, plus the contract's hard rules.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use crampwise_content::TriageLevel;
use crampwise_rules::{plan_violations, Engine, Profile};
use serde_json::Value;

fn level(name: &str) -> TriageLevel {
    serde_json::from_value(Value::String(name.to_owned())).unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(|x| x.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}

#[test]
fn every_public_vignette_meets_its_expectations() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/vignettes.json"
    );
    let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(cases.len() >= 8);
    let engine = Engine::embedded().unwrap();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let profile = Profile::from_value(&case["profile"]).unwrap();
        let plan = engine.evaluate(&profile);
        let broken = plan_violations(&profile, &plan, engine.content());
        assert!(broken.is_empty(), "{name}: {broken:?}");
        let expect = &case["expect"];
        if let Some(min) = expect["triage_min"].as_str() {
            assert!(
                plan.triage.level >= level(min),
                "{name}: triage {:?}",
                plan.triage.level
            );
        }
        if let Some(max) = expect["triage_max"].as_str() {
            assert!(
                plan.triage.level <= level(max),
                "{name}: triage {:?} {:?}",
                plan.triage.level,
                plan.triage.reasons
            );
        }
        let status = plan.supplement.status.as_str();
        let allowed = strings(&expect["status_in"]);
        assert!(
            allowed.is_empty() || allowed.iter().any(|s| s == status),
            "{name}: status {status}"
        );
        let forms: Vec<&str> = plan
            .supplement
            .schedule
            .iter()
            .map(|d| d.form.as_str())
            .collect();
        let any = strings(&expect["forms_any"]);
        if !any.is_empty() && status == "suggested" {
            assert!(
                forms.iter().any(|f| any.iter().any(|a| a == f)),
                "{name}: forms {forms:?}"
            );
        }
        for none in strings(&expect["forms_none"]) {
            assert!(!forms.contains(&none.as_str()), "{name}: uses {none}");
        }
        for med in strings(&expect["spacing"]) {
            assert!(
                plan.supplement
                    .spacing
                    .iter()
                    .any(|s| s.medication.as_str() == med),
                "{name}: no spacing for {med}"
            );
        }
    }
}
