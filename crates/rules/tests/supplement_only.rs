//! Advice about taking a supplement (form, timing, dose and companion rules)
//! appears only when one is suggested; the trace still shows every rule.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use crampwise_rules::{Engine, Profile, Status};

const DOSING_NOTES: &[&str] = &[
    "start_low_titrate",
    "reassess_four_weeks",
    "when_to_stop",
    "no_time_of_day_trial",
    "stop_if_diarrhea",
    "b6_neuropathy",
    "laxative_forms",
    "sensitive_gut_split",
];

fn plan(json: &str) -> crampwise_rules::Plan {
    Engine::embedded()
        .unwrap()
        .evaluate(&Profile::from_json(json).unwrap())
        .into_plan()
}

#[test]
fn no_dosing_advice_without_a_suggested_supplement() {
    let p = plan(
        r#"{"age": 34, "sex": "female", "pregnancy": "trimester3", "cramps": {"per_week": 5, "timing": ["night"]},
            "symptoms": ["constipation"], "conditions": [], "medications": []}"#,
    );
    assert_eq!(p.supplement.status, Status::ClinicianFirst);
    let shown: Vec<&str> = p
        .expectations
        .iter()
        .chain(&p.cautions)
        .map(|n| n.id.as_str())
        .collect();
    for id in DOSING_NOTES {
        assert!(!shown.contains(id), "{id} shown: {shown:?}");
    }
    assert!(p.companions.is_empty());
    // The rules still fired and are traced; their claims are not in the evidence.
    let traced: Vec<&str> = p.trace.iter().map(|t| t.rule.as_str()).collect();
    assert!(traced.contains(&"form_constipation") && traced.contains(&"no_companion_needed"));
    assert!(!p
        .evidence
        .iter()
        .any(|e| e.claim == "vitamin_b_complex_not_b6"));
    // The honest evidence note for pregnancy cramps stays.
    assert!(p.expectations.iter().any(|n| n.id == "evidence_pregnancy"));
}

#[test]
fn dosing_advice_with_a_suggested_supplement() {
    let p = plan(
        r#"{"age": 40, "sex": "male", "cramps": {"per_week": 3, "timing": ["night"]}, "symptoms": [],
            "conditions": [], "medications": [], "supplements": []}"#,
    );
    assert_eq!(p.supplement.status, Status::Suggested);
    let ids: Vec<&str> = p.expectations.iter().map(|n| n.id.as_str()).collect();
    for id in ["start_low_titrate", "reassess_four_weeks", "when_to_stop"] {
        assert!(ids.contains(&id), "{id} missing: {ids:?}");
    }
}
