//! Arbitrary UTF-8 as one more rule file, loaded after the shipped rules with
//! `Ruleset::from_sources`: it must load or give errors, never panic. When it
//! loads, the extra rules must not be able to break the contract's hard rules
//! for a few fixed profiles (effects only ever raise triage, restrict the
//! supplement or lower caps), and evaluation must not panic.
#![no_main]

use std::sync::OnceLock;

use crampwise_content::Content;
use crampwise_rules::{plan_violations, Engine, Profile, Ruleset};
use libfuzzer_sys::fuzz_target;

/// The shipped rule files, as `Ruleset::embedded` loads them.
const SHIPPED: &[(&str, &str)] = &[
    ("ruleset.toml", include_str!("../../rules/ruleset.toml")),
    ("triage.toml", include_str!("../../rules/triage.toml")),
    ("safety.toml", include_str!("../../rules/safety.toml")),
    ("dose.toml", include_str!("../../rules/dose.toml")),
    ("forms.toml", include_str!("../../rules/forms.toml")),
    (
        "interactions.toml",
        include_str!("../../rules/interactions.toml"),
    ),
    (
        "companions.toml",
        include_str!("../../rules/companions.toml"),
    ),
    ("lifestyle.toml", include_str!("../../rules/lifestyle.toml")),
    (
        "expectations.toml",
        include_str!("../../rules/expectations.toml"),
    ),
    (
        "assumptions.toml",
        include_str!("../../rules/assumptions.toml"),
    ),
];

/// Profiles that reach most of the engine: none asked, a plain adult, a
/// child, an EU adult already near the limit with loose stools, and one with
/// every warning sign and unsafe condition.
const PROFILES: &[&str] = &[
    r#"{"age": 40}"#,
    r#"{"age": 30, "sex": "male", "cramps": {"per_week": 5, "timing": ["night", "during_exercise"]},
        "symptoms": ["constipation"], "conditions": [], "medications": ["ppi", "levothyroxine"], "supplements": []}"#,
    r#"{"age": 5, "cramps": {"per_week": 1}}"#,
    r#"{"age": 70, "jurisdiction": "eu", "symptoms": ["loose_stools"], "lifestyle": {"heavy_sweating": true, "exercise_per_week": 3},
        "supplements": [{"form": "oxide", "elemental_mg": 200}, {"nutrient": "vitamin_b6", "mg": 11}], "diet_magnesium_mg": 300}"#,
    r#"{"age": 30, "sex": "female", "pregnancy": "trimester2", "lactating": true,
        "symptoms": ["chest_pain", "leg_swelling", "dark_urine", "muscle_weakness", "confusion"],
        "conditions": ["kidney_disease", "heart_block", "myasthenia_gravis"], "medications": ["statin"], "cramps": {"per_week": 9}}"#,
];

struct Fixture {
    content: Content,
    files: Vec<(String, String)>,
    profiles: Vec<Profile>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| Fixture {
        content: Content::embedded().expect("the embedded content loads"),
        files: SHIPPED
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect(),
        profiles: PROFILES
            .iter()
            .map(|p| Profile::from_json(p).expect("fixed profiles are valid"))
            .collect(),
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let f = fixture();
    let mut files = f.files.clone();
    files.push(("fuzz.toml".to_owned(), text.to_owned()));
    let rules = match Ruleset::from_sources(&files, &f.content) {
        Ok(rules) => rules,
        Err(errors) => {
            assert!(!errors.0.is_empty(), "Err without errors");
            for e in &errors.0 {
                assert!(!e.message.is_empty(), "an error without a message: {e:?}");
                let _ = e.to_string();
            }
            return;
        }
    };
    let engine = Engine::new(f.content.clone(), rules);
    for profile in &f.profiles {
        let plan = engine.evaluate(profile);
        let broken = plan_violations(profile, &plan, engine.content());
        assert!(
            broken.is_empty(),
            "{broken:?}\nrules: {text}\nplan: {}",
            plan.to_json()
        );
    }
});
