//! The clinical case corpus (`tests/clinical/*.toml` at the repository root):
//! realistic personas with what a sound plan must and must not do, written
//! from the cited primary sources (see its README). Python runs the same
//! files through `crampwise.recommend` (`tests/test_clinical.py`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crampwise_content::TriageLevel;
use crampwise_rules::{plan_violations, Plan, Profile, Status};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    id: String,
    class: String,
    title: String,
    source: String,
    why: String,
    profile: String,
    must: Must,
    #[serde(default)]
    must_not: MustNot,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Must {
    triage: Option<TriageLevel>,
    triage_min: Option<TriageLevel>,
    triage_max: Option<TriageLevel>,
    status_in: Option<Vec<Status>>,
    max_mg_at_most: Option<f64>,
    schedule_total_at_most: Option<f64>,
    schedule_empty: Option<bool>,
    #[serde(default)]
    companions_absent: Vec<String>,
    #[serde(default)]
    spacing_hours_at_least: BTreeMap<String, [f64; 2]>,
    #[serde(default)]
    reasons_mention: Vec<Vec<String>>,
    #[serde(default)]
    summary_mention: Vec<Vec<String>>,
    #[serde(default)]
    advice_mention: Vec<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MustNot {
    #[serde(default)]
    advice_mention: Vec<String>,
    #[serde(default)]
    summary_mention: Vec<String>,
    #[serde(default)]
    status_in: Vec<Status>,
    #[serde(default)]
    companions: Vec<String>,
}

/// The corpus lives beside the Python tests, at the repository root.
fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/clinical")
}

fn load() -> Vec<(String, Case)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/clinical exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let file: CaseFile =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        out.extend(file.case.into_iter().map(|c| (name.clone(), c)));
    }
    out
}

/// Everything a person reads as advice (not the evidence or the trace).
fn advice_text(plan: &Plan) -> String {
    let mut parts: Vec<&str> = Vec::new();
    parts.extend(plan.summary.iter().map(crampwise_rules::plan::Text::as_str));
    parts.extend(plan.triage.reasons.iter().map(|r| r.text.as_str()));
    parts.push(&plan.supplement.reason);
    parts.extend(plan.supplement.spacing.iter().map(|s| s.text.as_str()));
    parts.extend(plan.cautions.iter().map(|c| c.text.as_str()));
    parts.extend(plan.companions.iter().map(|c| c.text.as_str()));
    parts.extend(plan.lifestyle.iter().map(|m| m.text.as_str()));
    parts.extend(plan.expectations.iter().map(|n| n.text.as_str()));
    parts.extend(plan.assumptions.iter().map(|a| a.text.as_str()));
    parts.push(&plan.safety_net);
    parts.join("\n").to_lowercase()
}

fn mentions(text: &str, groups: &[Vec<String>], what: &str, problems: &mut Vec<String>) {
    for group in groups {
        if !group.iter().any(|t| text.contains(&t.to_lowercase())) {
            problems.push(format!("{what} mentions none of {group:?}"));
        }
    }
}

fn check(case: &Case, plan: &Plan) -> Vec<String> {
    let mut p = Vec::new();
    let m = &case.must;
    let level = plan.triage.level;
    if let Some(t) = m.triage {
        if level != t {
            p.push(format!(
                "triage is `{}`, expected `{}`",
                level.as_str(),
                t.as_str()
            ));
        }
    }
    if let Some(t) = m.triage_min {
        if level < t {
            p.push(format!(
                "triage is `{}`, expected at least `{}`",
                level.as_str(),
                t.as_str()
            ));
        }
    }
    if let Some(t) = m.triage_max {
        if level > t {
            p.push(format!(
                "triage is `{}`, expected at most `{}`",
                level.as_str(),
                t.as_str()
            ));
        }
    }
    let s = &plan.supplement;
    if let Some(allowed) = &m.status_in {
        if !allowed.contains(&s.status) {
            p.push(format!(
                "status is `{}`, expected one of {allowed:?}",
                s.status.as_str()
            ));
        }
    }
    if let Some(max) = m.max_mg_at_most {
        if s.daily_elemental_mg.max > max {
            p.push(format!(
                "daily max is {} mg, expected at most {max}",
                s.daily_elemental_mg.max
            ));
        }
    }
    if let Some(max) = m.schedule_total_at_most {
        if plan.schedule_total_mg() > max {
            p.push(format!(
                "schedule totals {} mg, expected at most {max}",
                plan.schedule_total_mg()
            ));
        }
    }
    if m.schedule_empty == Some(true) && !s.schedule.is_empty() {
        p.push("schedule is not empty".to_owned());
    }
    for id in &m.companions_absent {
        if plan.companions.iter().any(|c| &c.id == id) {
            p.push(format!("companion `{id}` is suggested"));
        }
    }
    for (med, [before, after]) in &m.spacing_hours_at_least {
        match s.spacing.iter().find(|x| x.medication.as_str() == med) {
            None => p.push(format!("no spacing advice for `{med}`")),
            Some(x) => {
                if x.hours_before.unwrap_or(0.0) < *before || x.hours_after.unwrap_or(0.0) < *after
                {
                    p.push(format!(
                        "spacing for `{med}` is {:?} h before / {:?} h after, expected at least {before} / {after}",
                        x.hours_before, x.hours_after
                    ));
                }
            }
        }
    }
    let reasons: String = plan
        .triage
        .reasons
        .iter()
        .map(|r| r.text.to_lowercase())
        .collect::<Vec<_>>()
        .join("\n");
    let summary = plan.summary.join("\n").to_lowercase();
    let advice = advice_text(plan);
    mentions(&reasons, &m.reasons_mention, "triage reasons", &mut p);
    mentions(&summary, &m.summary_mention, "summary", &mut p);
    mentions(&advice, &m.advice_mention, "advice", &mut p);
    let n = &case.must_not;
    for t in &n.advice_mention {
        if advice.contains(&t.to_lowercase()) {
            p.push(format!("advice mentions {t:?}"));
        }
    }
    for t in &n.summary_mention {
        if summary.contains(&t.to_lowercase()) {
            p.push(format!("summary mentions {t:?}"));
        }
    }
    if n.status_in.contains(&s.status) {
        p.push(format!("status is `{}`", s.status.as_str()));
    }
    for id in &n.companions {
        if plan.companions.iter().any(|c| &c.id == id) {
            p.push(format!("companion `{id}` is suggested"));
        }
    }
    p
}

#[test]
fn clinical_corpus() {
    let engine = common::engine();
    let cases = load();
    assert!(
        cases.len() >= 80,
        "the corpus has {} cases; at least 80 are required",
        cases.len()
    );
    let mut ids = BTreeSet::new();
    let mut failures = Vec::new();
    for (file, case) in &cases {
        assert!(
            ids.insert(case.id.clone()),
            "duplicate case id `{}`",
            case.id
        );
        assert!(
            !case.title.is_empty() && !case.source.is_empty() && !case.why.is_empty(),
            "{file}: case `{}` needs a title, a source and a why",
            case.id
        );
        let profile = Profile::from_json(&case.profile)
            .unwrap_or_else(|e| panic!("{file}: case `{}`: {e}", case.id));
        let plan = engine.evaluate(&profile);
        let mut problems = check(case, &plan);
        problems.extend(plan_violations(&profile, &plan, engine.content()));
        if !problems.is_empty() {
            failures.push(format!(
                "{file}: {} ({}): {}",
                case.id,
                case.class,
                problems.join("; ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn every_class_has_cases() {
    let mut classes: BTreeMap<String, usize> = BTreeMap::new();
    for (_, case) in load() {
        *classes.entry(case.class).or_default() += 1;
    }
    for class in [
        "unsafe_condition_already_taking",
        "above_upper_limit",
        "companion_already_taken",
        "red_flag_dvt",
        "red_flag_statin_rhabdo",
        "red_flag_pregnancy",
        "red_flag_hyponatraemia",
        "red_flag_electrolytes_meds",
        "red_flag_tetany_dystonia",
        "red_flag_alcohol",
        "restless_legs",
        "fluoroquinolone_tendon",
        "no_indication",
        "interaction_spacing",
        "unknown_not_no",
        "safety_net",
        "honest_headline",
        "fit_to_person",
        "earlier_safety",
        "ordinary",
    ] {
        assert!(
            classes.get(class).copied().unwrap_or(0) >= 4,
            "class `{class}` has fewer than 4 cases"
        );
    }
}
