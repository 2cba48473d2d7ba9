//! The safety kernel and the clinical hard rules, as properties over random
//! profiles, and over random rule sets (rules dropped, conditions replaced,
//! effects changed): no rule file can produce a plan that breaks the kernel.
//!
//! `PROPTEST_CASES=N` sets the number of cases (default 20 000 for profiles,
//! 300 rule sets of 40 profiles each).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::{arb_profile, engine};
use crampwise_content::{reference, Content, TriageLevel};
use crampwise_rules::profile::{Condition, Nutrient, Symptom};
use crampwise_rules::KERNEL_RULE;
use crampwise_rules::{plan_violations, Engine, Profile, Ruleset, Status};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn has(profile: &Profile, c: Condition) -> bool {
    profile.conditions.as_ref().is_some_and(|l| l.contains(&c))
}

fn symptom(profile: &Profile, s: Symptom) -> bool {
    profile.symptoms.as_ref().is_some_and(|l| l.contains(&s))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(20_000)))]

    /// The built-in rules never need the kernel: it corrects nothing, and
    /// batch summaries agree with plans.
    #[test]
    fn the_builtin_rules_never_need_correcting((_v, profile) in arb_profile()) {
        let e = engine();
        let (summary, plan) = e.evaluate_summarized(&profile);
        prop_assert!(summary.core.kernel.is_empty(), "{:?}\n{}", summary.core.kernel.reasons().collect::<Vec<_>>(), plan.to_json());
        prop_assert!(plan.trace.iter().all(|t| t.rule != KERNEL_RULE));
        prop_assert!(plan_violations(&profile, &plan, e.content()).is_empty());
    }

    /// The clinical hard rules of the built-in rules.
    #[test]
    fn clinical_hard_rules_hold((_v, profile) in arb_profile()) {
        let e = engine();
        let plan = e.evaluate(&profile);
        let s = &plan.supplement;
        let caution = |id: &str| plan.cautions.iter().any(|c| c.id == id);
        // Not advised: no allowance.
        if s.status == Status::NotAdvised {
            prop_assert_eq!(s.daily_elemental_mg.max, 0.0);
            prop_assert!(s.schedule.is_empty());
        }
        // An unsafe condition with magnesium taken: a stop instruction.
        let taken = profile.supplemental_magnesium_mg().unwrap_or(0.0);
        if taken > 0.0 {
            for (c, note) in [
                (Condition::KidneyDisease, "stop_magnesium_kidney"),
                (Condition::HeartBlock, "stop_magnesium_heart_block"),
                (Condition::MyastheniaGravis, "stop_magnesium_myasthenia"),
            ] {
                if has(&profile, c) {
                    prop_assert!(caution(note), "{c:?} with {taken} mg taken but no `{note}`");
                }
            }
        }
        // Above the limit: a cut-down instruction, and nothing added.
        let age = profile.age.get();
        if let Some(ul) = reference::supplemental_magnesium_ul_mg(age, profile.jurisdiction()) {
            if taken > ul {
                prop_assert!(caution("above_upper_limit_cut_down"));
                prop_assert!(s.schedule.is_empty());
            }
        }
        // No cramps (or not asked): no supplement.
        let per_week = profile.cramps.as_ref().and_then(|c| c.per_week).map(|n| n.get());
        if per_week.unwrap_or(0.0) <= 0.0 {
            prop_assert_ne!(s.status, Status::Suggested);
        }
        if symptom(&profile, Symptom::LooseStools) {
            prop_assert_ne!(s.status, Status::Suggested);
        }
        // Every plan has the safety net and the disclaimer.
        prop_assert!(plan.safety_net.contains("10 minutes"));
        prop_assert!(plan.disclaimer.contains("not a diagnosis"));
        // Companions at or above their limit are never added.
        for (id, nutrient) in [("vitamin_b6", Nutrient::VitaminB6), ("taurine", Nutrient::Taurine)] {
            let taken = profile.nutrient_mg(nutrient).unwrap_or(0.0);
            if let Some(limit) = reference::companion_limit_mg(id, age, profile.jurisdiction()) {
                if taken >= limit {
                    prop_assert!(plan.companions.iter().all(|c| c.id != id));
                }
            }
        }
        // The summary comes first and leads with the triage.
        prop_assert!(plan.summary.len() >= 2);
        if plan.triage.level >= TriageLevel::Urgent {
            let first = plan.summary[0].to_uppercase();
            prop_assert!(first.starts_with("URGENT") || first.starts_with("EMERGENCY"));
        }
        if !plan.assumptions.iter().all(|a| a.id != "unasked_symptoms") {
            prop_assert!(plan.summary.iter().all(|l| !l.to_lowercase().contains("none of the warning signs")));
        }
    }
}

/// One way to break a rule set.
#[derive(Debug, Clone)]
enum Mutation {
    /// Drop the n-th rule.
    Drop(usize),
    /// Replace the n-th rule's condition.
    Condition(usize, &'static str),
    /// Raise the n-th rule's target (if it has one) far past any limit.
    Target(usize),
    /// Remove the n-th rule's status restriction and red flag.
    Unrestrict(usize),
}

/// The embedded rule files with `mutations` applied (on the TOML values).
fn mutated(mutations: &[Mutation]) -> Vec<(String, String)> {
    let mut files: Vec<(String, toml::Table)> = Ruleset::embedded_sources()
        .into_iter()
        .map(|(name, text)| (name, text.parse::<toml::Table>().unwrap()))
        .collect();
    let mut rules: Vec<(usize, usize)> = Vec::new();
    for (fi, (_, table)) in files.iter().enumerate() {
        if let Some(toml::Value::Array(list)) = table.get("rule") {
            rules.extend((0..list.len()).map(|ri| (fi, ri)));
        }
    }
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    for m in mutations {
        let n = match m {
            Mutation::Drop(n)
            | Mutation::Condition(n, _)
            | Mutation::Target(n)
            | Mutation::Unrestrict(n) => *n,
        };
        let (fi, ri) = rules[n % rules.len()];
        let Some(toml::Value::Array(list)) = files[fi].1.get_mut("rule") else {
            continue;
        };
        let Some(toml::Value::Table(rule)) = list.get_mut(ri) else {
            continue;
        };
        match m {
            Mutation::Drop(_) => dropped.push((fi, ri)),
            Mutation::Condition(_, when) => {
                rule.insert("when".into(), toml::Value::String((*when).to_owned()));
            }
            Mutation::Target(_) => {
                if rule.contains_key("target_mg") {
                    rule.insert("target_mg".into(), toml::Value::Float(500_000.0));
                    rule.insert("start_mg".into(), toml::Value::Float(400_000.0));
                }
            }
            Mutation::Unrestrict(_) => {
                rule.remove("status");
                rule.remove("status_note");
                if rule.get("category").and_then(|c| c.as_str()) != Some("triage") {
                    rule.remove("red_flag");
                }
            }
        }
    }
    dropped.sort_unstable();
    dropped.dedup();
    for &(fi, ri) in dropped.iter().rev() {
        if let Some(toml::Value::Array(list)) = files[fi].1.get_mut("rule") {
            if ri < list.len() {
                list.remove(ri);
            }
        }
    }
    files
        .into_iter()
        .map(|(name, table)| (name, toml::to_string(&table).unwrap()))
        .collect()
}

fn arb_mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => any::<usize>().prop_map(Mutation::Drop),
        2 => (any::<usize>(), prop::sample::select(vec!["false", "true", "age > 500", "unknown(age)", "known(symptoms)"]))
            .prop_map(|(n, w)| Mutation::Condition(n, w)),
        2 => any::<usize>().prop_map(Mutation::Target),
        2 => any::<usize>().prop_map(Mutation::Unrestrict),
    ]
}

#[test]
fn random_rule_sets_never_break_the_kernel() {
    let content = Content::embedded().unwrap();
    let mut runner = TestRunner::new(Config::with_cases(cases(300).min(2_000)));
    let profiles = prop::collection::vec(arb_profile(), 40);
    let strategy = (prop::collection::vec(arb_mutation(), 1..40), profiles);
    let loaded = std::cell::Cell::new(0u32);
    runner
        .run(&strategy, |(mutations, profiles)| {
            let files = mutated(&mutations);
            // A mutation may make a file invalid (an effect-less rule): that
            // is a load error, which is safe; only loaded sets are checked.
            let Ok(rules) = Ruleset::from_sources(&files, &content) else {
                return Ok(());
            };
            loaded.set(loaded.get() + 1);
            let engine = Engine::new(content.clone(), rules);
            for (_, profile) in &profiles {
                let (summary, plan) = engine.evaluate_summarized(profile);
                let broken = plan_violations(profile, &plan, engine.content());
                prop_assert!(
                    broken.is_empty(),
                    "{mutations:?}: {broken:?}\n{}",
                    plan.to_json()
                );
                prop_assert_eq!(summary, engine.summarize(profile));
                if !summary.core.kernel.is_empty() {
                    prop_assert!(plan.trace.iter().any(|t| t.rule == KERNEL_RULE));
                }
            }
            Ok(())
        })
        .unwrap();
    assert!(loaded.get() > 0, "no mutated rule set loaded");
}

/// The issue's attack: empty safety and triage files, and a kidney rule
/// that can never fire. Every plan is still safe, and the trace says why.
#[test]
fn emptied_safety_files_are_caught_by_the_kernel() {
    let content = Content::embedded().unwrap();
    let files: Vec<(String, String)> = Ruleset::embedded_sources()
        .into_iter()
        .map(|(name, text)| {
            if name == "safety.toml" || name == "triage.toml" {
                (name, String::new())
            } else {
                (name, text)
            }
        })
        .collect();
    let engine = Engine::new(
        content,
        Ruleset::from_sources(&files, &Content::embedded().unwrap()).unwrap(),
    );
    for (json, level, status) in [
        (
            r#"{"age": 50, "cramps": {"per_week": 3}, "conditions": ["kidney_disease"]}"#,
            TriageLevel::Clinician,
            Status::NotAdvised,
        ),
        (
            r#"{"age": 50, "cramps": {"per_week": 3}, "conditions": ["heart_block", "myasthenia_gravis"]}"#,
            TriageLevel::Clinician,
            Status::NotAdvised,
        ),
        (
            r#"{"age": 30, "sex": "female", "pregnancy": "trimester2", "lactating": true, "cramps": {"per_week": 3}}"#,
            TriageLevel::Clinician,
            Status::ClinicianFirst,
        ),
        (
            r#"{"age": 5, "cramps": {"per_week": 3}}"#,
            TriageLevel::Clinician,
            Status::ClinicianFirst,
        ),
        (
            r#"{"age": 40, "cramps": {"per_week": 3}, "symptoms": ["chest_pain", "shortness_of_breath"]}"#,
            TriageLevel::Emergency,
            Status::ClinicianFirst,
        ),
    ] {
        let profile = Profile::from_json(json).unwrap();
        let plan = engine.evaluate(&profile);
        assert!(
            plan.triage.level >= level,
            "{json}: {:?}",
            plan.triage.level
        );
        assert!(
            plan.supplement.status >= status,
            "{json}: {:?}",
            plan.supplement.status
        );
        assert!(plan.supplement.schedule.is_empty(), "{json}");
        assert!(
            plan.trace.iter().any(|t| t.rule == KERNEL_RULE),
            "{json}: no kernel step in the trace"
        );
        assert!(!plan.triage.reasons.is_empty(), "{json}: no reason named");
        assert!(plan_violations(&profile, &plan, engine.content()).is_empty());
    }
}

/// Targets raised to 500 000 mg: the schedule still stays within the cap.
#[test]
fn a_raised_dose_target_is_capped() {
    let content = Content::embedded().unwrap();
    let files: Vec<(String, String)> = Ruleset::embedded_sources()
        .into_iter()
        .map(|(name, text)| {
            (
                name,
                text.replace("target_mg = 300", "target_mg = 500000")
                    .replace("start_mg = 100", "start_mg = 400000"),
            )
        })
        .collect();
    let engine = Engine::new(
        content.clone(),
        Ruleset::from_sources(&files, &content).unwrap(),
    );
    let profile = Profile::from_json(r#"{"age": 40, "cramps": {"per_week": 3}, "conditions": [], "medications": [], "symptoms": [], "supplements": []}"#).unwrap();
    let plan = engine.evaluate(&profile);
    assert_eq!(plan.supplement.status, Status::Suggested);
    assert!(plan.schedule_total_mg() <= 350.0, "{}", plan.to_json());
    assert!(plan.supplement.daily_elemental_mg.start <= plan.supplement.daily_elemental_mg.target);
}
