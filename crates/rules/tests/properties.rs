//! Property tests over generated valid profiles (see `common::arb_profile`):
//! the contract's hard rules, determinism, monotonicity of triage and dose,
//! JSON round trips and the shape of every plan.
//!
//! Each property runs 20 000 cases by default; `PROPTEST_CASES=N` overrides
//! that for a quick local run.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::{arb_profile, engine, parse, with_item, RED_FLAG_SYMPTOMS};
use crampwise_content::TriageLevel;
use crampwise_rules::profile::{FormId, Symptom};
use crampwise_rules::{plan_violations, Plan, Profile, Status};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Value};
use std::sync::{mpsc, Mutex, OnceLock};

/// 20 000 cases unless `PROPTEST_CASES` says otherwise (100 000 took about
/// 100 s of a CI run on 2 cores; `PROPTEST_CASES=100000` for a longer run).
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    ProptestConfig::with_cases(cases)
}

fn has_symptom(profile: &Profile, s: Symptom) -> bool {
    profile.symptoms.as_ref().is_some_and(|l| l.contains(&s))
}

/// The triage reasons that name each red-flag symptom (any one of them will do).
fn reasons_for(symptom: Symptom) -> &'static [&'static str] {
    match symptom {
        Symptom::ChestPain => &["chest_pain"],
        Symptom::ShortnessOfBreath => &["shortness_of_breath"],
        Symptom::DarkUrine => &["dark_urine"],
        Symptom::LegSwelling => &["leg_swelling"],
        Symptom::LegRednessWarmth => &["possible_dvt", "red_warm_leg"],
        Symptom::PainWalkingRelievedByRest => &["claudication"],
        Symptom::MuscleWeakness => &["muscle_weakness_or_wasting"],
        Symptom::Numbness => &["numbness"],
        Symptom::Confusion => &["confusion"],
        Symptom::Palpitations => &["palpitations"],
        _ => &[],
    }
}

/// A clone of the engine, owned by one long-lived worker thread.
struct Worker {
    profiles: mpsc::Sender<Profile>,
    plans: mpsc::Receiver<String>,
}

/// The plan JSON for `profile`, evaluated by a clone of the engine on
/// another thread (cloned once: a clone per case would dominate the run).
fn on_other_thread(profile: &Profile) -> String {
    static WORKER: OnceLock<Mutex<Worker>> = OnceLock::new();
    let worker = WORKER.get_or_init(|| {
        let (profiles, inbox) = mpsc::channel::<Profile>();
        let (outbox, plans) = mpsc::channel();
        let clone = engine().clone();
        std::thread::spawn(move || {
            for p in inbox {
                if outbox.send(clone.evaluate(&p).to_json()).is_err() {
                    break;
                }
            }
        });
        Mutex::new(Worker { profiles, plans })
    });
    let w = worker.lock().unwrap_or_else(|e| e.into_inner());
    w.profiles.send(profile.clone()).unwrap();
    w.plans.recv().unwrap()
}

fn is_multiple_of(value: f64, step: f64) -> bool {
    (value / step - (value / step).round()).abs() < 1e-9
}

proptest! {
    #![proptest_config(config())]

    /// (a) The contract's hard rules, as `invariants::violations` checks them.
    #[test]
    fn hard_rules_hold((_value, profile) in arb_profile()) {
        let e = engine();
        let plan = e.evaluate(&profile);
        let broken = plan_violations(&profile, &plan, e.content());
        prop_assert!(broken.is_empty(), "{:?}\nplan: {}", broken, plan.to_json());
    }

    /// (a) Beyond `invariants`: every red-flag symptom raises triage to at
    /// least `clinician` and is named in the reasons.
    #[test]
    fn red_flag_symptoms_raise_triage_and_are_named((_value, profile) in arb_profile()) {
        let plan = engine().evaluate(&profile);
        for &s in RED_FLAG_SYMPTOMS {
            if !has_symptom(&profile, s) {
                continue;
            }
            prop_assert!(plan.triage.level >= TriageLevel::Clinician, "{s} left triage at {:?}", plan.triage.level);
            let ids: Vec<&str> = plan.triage.reasons.iter().map(|r| r.id.as_str()).collect();
            prop_assert!(
                reasons_for(s).iter().any(|r| ids.contains(r)),
                "{s} is not named in the reasons {ids:?}"
            );
        }
        if has_symptom(&profile, Symptom::ChestPain) {
            prop_assert_eq!(plan.triage.level, TriageLevel::Emergency);
        }
        if has_symptom(&profile, Symptom::ShortnessOfBreath) || has_symptom(&profile, Symptom::Confusion) {
            prop_assert!(plan.triage.level >= TriageLevel::Urgent);
        }
        // Reasons are ordered most serious first, and their levels match the triage.
        let levels: Vec<TriageLevel> = plan.triage.reasons.iter().map(|r| r.level).collect();
        prop_assert!(levels.windows(2).all(|w| w[0] >= w[1]), "{levels:?}");
        prop_assert_eq!(levels.first().copied().unwrap_or(TriageLevel::SelfCare), plan.triage.level);
    }

    /// (b) Evaluating twice, and from a clone of the engine on another
    /// thread, gives byte-identical JSON.
    #[test]
    fn evaluation_is_deterministic((value, profile) in arb_profile()) {
        let e = engine();
        let first = e.evaluate(&profile).to_json();
        let second = e.evaluate(&profile).to_json();
        prop_assert_eq!(&first, &second);
        let other = on_other_thread(&profile);
        prop_assert_eq!(&first, &other);
        // The text entry point gives the same plan.
        let from_text = e.evaluate_json(&value.to_string()).unwrap();
        prop_assert_eq!(&first, &from_text);
    }

    /// (c) Adding a red-flag symptom never lowers triage.
    #[test]
    fn red_flag_never_lowers_triage(
        (value, profile) in arb_profile(),
        symptom in select(RED_FLAG_SYMPTOMS),
    ) {
        let e = engine();
        let before = e.evaluate(&profile);
        let more = parse(&with_item(&value, "symptoms", json!(symptom.as_str())));
        let after = e.evaluate(&more);
        prop_assert!(
            after.triage.level >= before.triage.level,
            "adding {symptom}: {:?} -> {:?}", before.triage.level, after.triage.level
        );
    }

    /// (d) Adding more magnesium already taken never raises the target nor
    /// the schedule total.
    #[test]
    fn more_magnesium_taken_never_raises_the_dose(
        (value, profile) in arb_profile(),
        form in select(FormId::ALL),
        mg in prop_oneof![0.0..=600.0f64, select(&[25.0, 100.0, 250.0, 350.0][..])],
    ) {
        let e = engine();
        let before = e.evaluate(&profile);
        let more = parse(&with_item(&value, "supplements", json!({"form": form.as_str(), "elemental_mg": mg})));
        let after = e.evaluate(&more);
        let (b, a) = (&before.supplement.daily_elemental_mg, &after.supplement.daily_elemental_mg);
        prop_assert!(a.target <= b.target, "target {} -> {}", b.target, a.target);
        prop_assert!(a.max <= b.max, "max {} -> {}", b.max, a.max);
        prop_assert!(
            after.schedule_total_mg() <= before.schedule_total_mg(),
            "total {} -> {}", before.schedule_total_mg(), after.schedule_total_mg()
        );
    }

    /// (e) Kidney disease, heart block or myasthenia gravis never yields
    /// `suggested`, and triage names the condition.
    #[test]
    fn unsafe_condition_is_never_suggested(
        (value, _profile) in arb_profile(),
        condition in select(&["kidney_disease", "heart_block", "myasthenia_gravis"][..]),
    ) {
        let profile = parse(&with_item(&value, "conditions", json!(condition)));
        let plan = engine().evaluate(&profile);
        prop_assert_ne!(plan.supplement.status, Status::Suggested);
        prop_assert!(plan.supplement.schedule.is_empty());
        prop_assert!(plan.triage.level >= TriageLevel::Clinician);
        let reason = match condition {
            "kidney_disease" => "kidney_disease_review",
            "heart_block" => "heart_block_review",
            _ => "myasthenia_gravis_review",
        };
        prop_assert!(plan.triage.reasons.iter().any(|r| r.id == reason), "{reason} not named");
    }

    /// (f) Plan JSON is the bytes `serde_json` writes from the plan's
    /// `Serialize` (the direct writer quotes text escaped at load), parses
    /// back and re-serializes byte-identically; a profile survives
    /// serialize -> parse unchanged.
    #[test]
    fn json_round_trips((value, profile) in arb_profile()) {
        let plan = engine().evaluate(&profile);
        // Written from the decisions, from the built plan, and by serde.
        let text = plan.to_json();
        prop_assert_eq!(&text, &plan.plan().to_json());
        prop_assert_eq!(&text, &serde_json::to_string(&plan).unwrap());
        let back: Plan = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&back.to_json(), &text);
        prop_assert_eq!(&back, plan.plan());

        let written = serde_json::to_value(&profile).unwrap();
        let again = Profile::from_value(&written).unwrap();
        prop_assert_eq!(&again, &profile);
        let again = Profile::from_json(&serde_json::to_string(&profile).unwrap()).unwrap();
        prop_assert_eq!(&again, &profile);
        // Every key written back was in the input (absent stays absent).
        let (Value::Object(input), Value::Object(output)) = (&value, &written) else {
            panic!("profiles are objects");
        };
        let in_keys: Vec<&String> = input.keys().collect();
        let out_keys: Vec<&String> = output.keys().collect();
        prop_assert_eq!(in_keys, out_keys);
    }

    /// (g) Every plan is well formed and refers only to real rules and content.
    #[test]
    fn plans_are_well_formed((_value, profile) in arb_profile()) {
        let e = engine();
        let content = e.content();
        let plan = e.evaluate(&profile);
        prop_assert!(!plan.disclaimer.trim().is_empty());
        prop_assert_eq!(plan.versions.contract.as_str(), "1");
        prop_assert!(!plan.versions.content.is_empty());
        prop_assert!(!plan.versions.rules.is_empty());
        let order: Vec<&str> = e.ruleset().rules().iter().map(|r| r.id.as_str()).collect();
        let mut last = None;
        for t in &plan.trace {
            let at = order.iter().position(|id| *id == t.rule);
            prop_assert!(at.is_some(), "trace names unknown rule {}", t.rule);
            prop_assert!(at > last, "trace is not in rule order at {}", t.rule);
            last = at;
        }
        for ev in &plan.evidence {
            prop_assert!(content.claim(&ev.claim).is_some(), "unknown claim {}", ev.claim);
            prop_assert!(!ev.sources.is_empty(), "claim {} has no source", ev.claim);
            for s in &ev.sources {
                prop_assert!(content.source(s).is_some(), "unknown source {s}");
            }
        }
        let mut claims: Vec<&str> = plan.evidence.iter().map(|e| e.claim.as_str()).collect();
        let n = claims.len();
        claims.sort_unstable();
        claims.dedup();
        prop_assert_eq!(claims.len(), n, "evidence repeats a claim");
        for r in &plan.triage.reasons {
            let flag = content.red_flag(&r.id);
            prop_assert!(flag.is_some(), "unknown red flag {}", r.id);
            prop_assert_eq!(flag.map(|f| f.level), Some(r.level));
            prop_assert!(!r.text.is_empty());
        }
        for c in plan.cautions.iter().chain(&plan.expectations) {
            prop_assert!(!c.text.is_empty());
            prop_assert!(content.note(&c.id).is_some() || content.medication(&c.id).is_some(), "unknown note {}", c.id);
        }
        for a in &plan.assumptions {
            prop_assert!(content.note(&a.id).is_some(), "unknown assumption {}", a.id);
        }
        let ranks: Vec<u32> = plan.lifestyle.iter().map(|m| m.rank).collect();
        prop_assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "lifestyle not ranked {ranks:?}");
        for f in &plan.foods {
            prop_assert!(f.mg_per_serving > 0.0 && !f.serving.is_empty());
        }
        prop_assert!(!plan.supplement.reason.is_empty());
        prop_assert!(content.note(&plan.supplement.reason_id).is_some(), "unknown status note {}", plan.supplement.reason_id);
        for s in &plan.supplement.spacing {
            prop_assert!(content.medication(s.medication.as_str()).is_some());
            prop_assert!(profile.medications.as_ref().is_some_and(|m| m.contains(&s.medication)));
        }
        prop_assert!(plan.companions.iter().all(|c| c.id != "potassium"));
        if plan.supplement.status != Status::Suggested {
            prop_assert!(plan.companions.is_empty(), "companions without a supplement");
        }
    }

    /// (h) A question not asked is stated as an assumption (and one asked is not).
    #[test]
    fn unasked_questions_are_assumptions((_value, profile) in arb_profile()) {
        let plan = engine().evaluate(&profile);
        let assumed = |id: &str| plan.assumptions.iter().any(|a| a.id == id);
        prop_assert_eq!(assumed("unasked_conditions"), profile.conditions.is_none());
        prop_assert_eq!(assumed("unasked_medications"), profile.medications.is_none());
        prop_assert_eq!(assumed("unasked_supplements"), profile.supplements.is_none());
        prop_assert_eq!(assumed("unasked_symptoms"), profile.symptoms.is_none());
        if profile.conditions.is_none() {
            let a = plan.assumptions.iter().find(|a| a.id == "unasked_conditions").unwrap();
            prop_assert_eq!(&a.fields, &vec!["conditions".to_owned()]);
        }
        if profile.pregnancy.is_some() {
            prop_assert!(!assumed("unasked_pregnancy"));
        }
    }

    /// (i) Doses are positive multiples of 25 mg (policy `round_to_mg`), at
    /// most two, of one form, and add up to the target.
    #[test]
    fn schedule_doses_are_rounded((_value, profile) in arb_profile()) {
        let e = engine();
        let step = e.ruleset().policy().round_to_mg;
        prop_assert_eq!(step, 25.0);
        let plan = e.evaluate(&profile);
        let s = &plan.supplement;
        prop_assert!(s.schedule.len() <= 2, "{} doses", s.schedule.len());
        for d in &s.schedule {
            prop_assert!(d.elemental_mg > 0.0 && is_multiple_of(d.elemental_mg, step), "dose {}", d.elemental_mg);
        }
        if s.status == Status::Suggested {
            prop_assert!(!s.schedule.is_empty());
            prop_assert!((plan.schedule_total_mg() - s.daily_elemental_mg.target).abs() < 1e-9);
            prop_assert!(is_multiple_of(s.daily_elemental_mg.start, step));
            prop_assert!(s.daily_elemental_mg.start >= step);
            prop_assert_eq!(Some(&s.schedule[0].form), s.forms.first().map(|f| &f.form));
            prop_assert!(s.schedule.iter().all(|d| d.form == s.schedule[0].form));
            if s.schedule.len() == 2 {
                prop_assert!(s.schedule[0].time < s.schedule[1].time);
            }
        } else {
            prop_assert!(s.schedule.is_empty());
            prop_assert_eq!(s.daily_elemental_mg.target, 0.0);
        }
    }
}

proptest! {
    // Each case is up to 130 profiles (three blocks), and generating a vector
    // of profiles costs proptest about 2 ms a profile: 50 cases by default.
    #![proptest_config(ProptestConfig::with_cases((config().cases / 400).max(1)))]

    /// Rules evaluated 64 profiles at a time decide what one at a time does.
    #[test]
    fn block_summaries_equal_one_by_one(
        profiles in prop::collection::vec(arb_profile(), 1..130),
    ) {
        let e = engine();
        let facts: Vec<_> = profiles.iter().map(|(_, p)| e.facts(p)).collect();
        let mut seen = 0;
        e.summarize_facts_each(&facts, |i, summary| {
            assert_eq!(i, seen);
            assert_eq!(summary, e.summarize(&profiles[i].1), "profile {i}");
            seen += 1;
        });
        prop_assert_eq!(seen, profiles.len());
    }

    /// Plans made 64 profiles at a time are the plans made one at a time,
    /// byte for byte, the undecided safety rules included.
    #[test]
    fn block_plans_equal_one_by_one(
        profiles in prop::collection::vec(arb_profile(), 1..130),
    ) {
        let e = engine();
        let facts: Vec<_> = profiles.iter().map(|(_, p)| e.facts(p)).collect();
        let mut seen = 0;
        e.evaluate_facts_each(&facts, |i, plan| {
            assert_eq!(i, seen);
            let one = e.evaluate(&profiles[i].1);
            assert_eq!(plan.to_json(), one.to_json(), "profile {i}");
            assert_eq!(plan.summary(), one.summary(), "profile {i}");
            seen += 1;
        });
        prop_assert_eq!(seen, profiles.len());
    }
}
