//! Data-driven cases: `tests/cases/*.toml`, each a list of `[[case]]` with a
//! profile (JSON) and what the plan must say. The expected values were worked
//! out by hand from the rules and the content, not copied from the engine.
//!
//! ```toml
//! [[case]]
//! name = "eu adult: the 250 mg cap"
//! profile = '''{"age": 40, "jurisdiction": "eu"}'''
//! [case.expect]
//! triage = "self_care"          # or triage_min / triage_max
//! status = "suggested"
//! target_mg = 250
//! schedule = ["glycinate morning 125", "glycinate evening 125"]
//! ```
//!
//! Lists named "exact" below must match as sets; the others must be contained.
//! Every id an expectation names must exist, so a typo cannot make a
//! `not_fired` or `*_none` check pass vacuously. Every rule of the default
//! ruleset must fire in at least one case.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::engine;
use crampwise_content::TriageLevel;
use crampwise_rules::{plan_violations, Plan, Profile};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// Why the expected values are what they are (for reviewers).
    #[serde(default)]
    #[allow(dead_code)]
    why: Option<String>,
    profile: String,
    expect: Expect,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    triage: Option<TriageLevel>,
    triage_min: Option<TriageLevel>,
    triage_max: Option<TriageLevel>,
    /// Triage reasons that must be named.
    #[serde(default)]
    reasons: Vec<String>,
    status: Option<String>,
    reason_id: Option<String>,
    /// The best-ranked form (and, when scheduled, the scheduled form).
    forms_first: Option<String>,
    /// Exact ranked list of forms.
    forms: Option<Vec<String>>,
    /// Forms neither ranked nor scheduled.
    #[serde(default)]
    forms_none: Vec<String>,
    /// Exact schedule, in order: "FORM TIME MG".
    schedule: Option<Vec<String>>,
    #[serde(default)]
    fired: Vec<String>,
    #[serde(default)]
    not_fired: Vec<String>,
    /// Exact set of medications with spacing advice.
    spacing: Option<Vec<String>>,
    #[serde(default)]
    cautions: Vec<String>,
    #[serde(default)]
    cautions_none: Vec<String>,
    #[serde(default)]
    expectations: Vec<String>,
    #[serde(default)]
    assumptions: Vec<String>,
    #[serde(default)]
    assumptions_none: Vec<String>,
    /// Rules listed as undecided.
    #[serde(default)]
    undecided: Vec<String>,
    /// Exact set of companion ids.
    companions: Option<Vec<String>>,
    /// Suggested companion amounts, mg a day.
    #[serde(default)]
    companion_mg: BTreeMap<String, f64>,
    #[serde(default)]
    no_companions: bool,
    target_mg: Option<f64>,
    start_mg: Option<f64>,
    max_mg: Option<f64>,
    schedule_total_mg: Option<f64>,
    /// `null` in the plan: `upper_limit_mg = -1`.
    upper_limit_mg: Option<f64>,
    lifestyle_first: Option<String>,
    #[serde(default)]
    lifestyle: Vec<String>,
    /// Whether foods are listed.
    foods: Option<bool>,
}

fn load_cases() -> Vec<(String, Case)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let parsed: CaseFile = toml::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        for case in parsed.case {
            out.push((file.clone(), case));
        }
    }
    out
}

fn ids<'a, T>(items: &'a [T], id: impl Fn(&'a T) -> &'a str) -> Vec<&'a str> {
    items.iter().map(id).collect()
}

fn set(list: &[String]) -> BTreeSet<&str> {
    list.iter().map(String::as_str).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Every id the expectations name must exist in the rules or the content.
fn check_ids(e: &Expect, problems: &mut Vec<String>) {
    let engine = engine();
    let c = engine.content();
    let mut need = |ok: bool, what: &str, id: &str| {
        if !ok {
            problems.push(format!("expectation names unknown {what} `{id}`"));
        }
    };
    for id in e.fired.iter().chain(&e.not_fired).chain(&e.undecided) {
        need(engine.ruleset().rule(id).is_some(), "rule", id);
    }
    for id in &e.reasons {
        need(c.red_flag(id).is_some(), "red flag", id);
    }
    for id in e
        .forms_first
        .iter()
        .chain(&e.forms_none)
        .chain(e.forms.iter().flatten())
    {
        need(c.form(id).is_some(), "form", id);
    }
    for id in e.spacing.iter().flatten() {
        need(c.medication(id).is_some(), "medication", id);
    }
    for id in e.cautions.iter().chain(&e.cautions_none) {
        need(
            c.note(id).is_some() || c.medication(id).is_some(),
            "caution",
            id,
        );
    }
    for id in e
        .expectations
        .iter()
        .chain(&e.assumptions)
        .chain(&e.assumptions_none)
    {
        need(c.note(id).is_some(), "note", id);
    }
    for id in e.reason_id.iter() {
        need(c.note(id).is_some(), "status note", id);
    }
    for id in e.companions.iter().flatten().chain(e.companion_mg.keys()) {
        need(c.companion(id).is_some(), "companion", id);
    }
    for id in e.lifestyle.iter().chain(&e.lifestyle_first) {
        need(c.measure(id).is_some(), "lifestyle measure", id);
    }
}

fn check(plan: &Plan, e: &Expect) -> Vec<String> {
    let mut p = Vec::new();
    check_ids(e, &mut p);
    let level = plan.triage.level;
    let reasons = ids(&plan.triage.reasons, |r| r.id.as_str());
    if let Some(t) = e.triage {
        if level != t {
            p.push(format!(
                "triage {level:?}, expected {t:?} (reasons {reasons:?})"
            ));
        }
    }
    if let Some(t) = e.triage_min {
        if level < t {
            p.push(format!("triage {level:?} below {t:?}"));
        }
    }
    if let Some(t) = e.triage_max {
        if level > t {
            p.push(format!(
                "triage {level:?} above {t:?} (reasons {reasons:?})"
            ));
        }
    }
    for r in &e.reasons {
        if !reasons.contains(&r.as_str()) {
            p.push(format!("reason `{r}` not named in {reasons:?}"));
        }
    }
    let s = &plan.supplement;
    if let Some(status) = &e.status {
        if s.status.as_str() != status {
            p.push(format!(
                "status {}, expected {status} ({})",
                s.status.as_str(),
                s.reason_id
            ));
        }
    }
    if let Some(r) = &e.reason_id {
        if &s.reason_id != r {
            p.push(format!("status reason {}, expected {r}", s.reason_id));
        }
    }
    let ranked = ids(&s.forms, |f| f.form.as_str());
    let scheduled = ids(&s.schedule, |d| d.form.as_str());
    if let Some(first) = &e.forms_first {
        if ranked.first() != Some(&first.as_str()) {
            p.push(format!("first form {:?}, expected {first}", ranked.first()));
        }
        if scheduled.iter().any(|f| f != first) {
            p.push(format!("scheduled {scheduled:?}, expected {first}"));
        }
    }
    if let Some(forms) = &e.forms {
        if ranked != ids(forms, String::as_str) {
            p.push(format!("forms {ranked:?}, expected {forms:?}"));
        }
    }
    for f in &e.forms_none {
        if ranked.contains(&f.as_str()) || scheduled.contains(&f.as_str()) {
            p.push(format!(
                "form `{f}` is listed: ranked {ranked:?}, scheduled {scheduled:?}"
            ));
        }
    }
    if let Some(want) = &e.schedule {
        let got: Vec<String> = s
            .schedule
            .iter()
            .map(|d| format!("{} {} {}", d.form, d.time.as_str(), d.elemental_mg))
            .collect();
        if &got != want {
            p.push(format!("schedule {got:?}, expected {want:?}"));
        }
    }
    let fired = ids(&plan.trace, |t| t.rule.as_str());
    for r in &e.fired {
        if !fired.contains(&r.as_str()) {
            p.push(format!("rule `{r}` did not fire (fired: {fired:?})"));
        }
    }
    for r in &e.not_fired {
        if fired.contains(&r.as_str()) {
            p.push(format!("rule `{r}` fired"));
        }
    }
    let undecided = ids(&plan.undecided, |u| u.rule.as_str());
    for r in &e.undecided {
        if !undecided.contains(&r.as_str()) {
            p.push(format!("rule `{r}` is not undecided ({undecided:?})"));
        }
    }
    if let Some(want) = &e.spacing {
        let got: BTreeSet<&str> = s.spacing.iter().map(|x| x.medication.as_str()).collect();
        if got != set(want) {
            p.push(format!("spacing {got:?}, expected {want:?}"));
        }
    }
    let cautions = ids(&plan.cautions, |c| c.id.as_str());
    for c in &e.cautions {
        if !cautions.contains(&c.as_str()) {
            p.push(format!("caution `{c}` missing from {cautions:?}"));
        }
    }
    for c in &e.cautions_none {
        if cautions.contains(&c.as_str()) {
            p.push(format!("caution `{c}` present"));
        }
    }
    let expectations = ids(&plan.expectations, |c| c.id.as_str());
    for x in &e.expectations {
        if !expectations.contains(&x.as_str()) {
            p.push(format!("expectation `{x}` missing from {expectations:?}"));
        }
    }
    let assumed = ids(&plan.assumptions, |a| a.id.as_str());
    for a in &e.assumptions {
        if !assumed.contains(&a.as_str()) {
            p.push(format!("assumption `{a}` missing from {assumed:?}"));
        }
    }
    for a in &e.assumptions_none {
        if assumed.contains(&a.as_str()) {
            p.push(format!("assumption `{a}` present"));
        }
    }
    let companions: BTreeSet<&str> = plan.companions.iter().map(|c| c.id.as_str()).collect();
    if let Some(want) = &e.companions {
        if companions != set(want) {
            p.push(format!("companions {companions:?}, expected {want:?}"));
        }
    }
    if e.no_companions && !companions.is_empty() {
        p.push(format!("companions {companions:?}, expected none"));
    }
    for (id, mg) in &e.companion_mg {
        match plan.companions.iter().find(|c| &c.id == id) {
            Some(c) if c.daily_mg.is_some_and(|d| close(d, *mg)) => {}
            Some(c) => p.push(format!(
                "companion {id}: {:?} mg, expected {mg}",
                c.daily_mg
            )),
            None => p.push(format!("companion {id} missing, expected {mg} mg")),
        }
    }
    let d = &s.daily_elemental_mg;
    for (what, got, want) in [
        ("target_mg", d.target, e.target_mg),
        ("start_mg", d.start, e.start_mg),
        ("max_mg", d.max, e.max_mg),
        (
            "schedule_total_mg",
            plan.schedule_total_mg(),
            e.schedule_total_mg,
        ),
    ] {
        if let Some(w) = want {
            if !close(got, w) {
                p.push(format!("{what} {got}, expected {w}"));
            }
        }
    }
    if let Some(ul) = e.upper_limit_mg {
        let want = (ul >= 0.0).then_some(ul);
        if s.cap.upper_limit_mg != want {
            p.push(format!(
                "upper limit {:?}, expected {want:?}",
                s.cap.upper_limit_mg
            ));
        }
    }
    let lifestyle = ids(&plan.lifestyle, |m| m.id.as_str());
    if let Some(first) = &e.lifestyle_first {
        if lifestyle.first() != Some(&first.as_str()) {
            p.push(format!(
                "first lifestyle measure {:?}, expected {first}",
                lifestyle.first()
            ));
        }
    }
    for m in &e.lifestyle {
        if !lifestyle.contains(&m.as_str()) {
            p.push(format!("lifestyle `{m}` missing from {lifestyle:?}"));
        }
    }
    if let Some(foods) = e.foods {
        if plan.foods.is_empty() == foods {
            p.push(format!(
                "foods listed: {}, expected {foods}",
                !plan.foods.is_empty()
            ));
        }
    }
    p
}

#[test]
fn every_case_meets_its_expectations() {
    let cases = load_cases();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let engine = engine();
    let mut failures = Vec::new();
    let mut names = BTreeSet::new();
    for (file, case) in &cases {
        assert!(
            names.insert(case.name.clone()),
            "duplicate case name {}",
            case.name
        );
        let profile = match Profile::from_json(&case.profile) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!(
                    "{file}: {}: profile does not parse: {e}",
                    case.name
                ));
                continue;
            }
        };
        let plan = engine.evaluate(&profile);
        let mut problems = plan_violations(&profile, &plan, engine.content());
        problems.extend(check(&plan, &case.expect));
        for problem in problems {
            failures.push(format!("{file}: {}: {problem}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_fires_in_some_case() {
    let cases = load_cases();
    let fired: BTreeSet<&str> = cases
        .iter()
        .flat_map(|(_, c)| c.expect.fired.iter().map(String::as_str))
        .collect();
    let missing: Vec<&str> = engine()
        .ruleset()
        .rules()
        .iter()
        .map(|r| r.id.as_str())
        .filter(|id| !fired.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "rules no case expects to fire: {missing:?}"
    );
}

#[test]
fn a_wrong_expectation_is_caught() {
    // The checker itself must be able to fail.
    let profile =
        Profile::from_json(r#"{"age": 40, "cramps": {"per_week": 2}, "jurisdiction": "eu"}"#)
            .unwrap();
    let plan = engine().evaluate(&profile);
    let wrong = Expect {
        triage: Some(TriageLevel::Urgent),
        status: Some("not_advised".to_owned()),
        target_mg: Some(300.0),
        fired: vec!["kidney_disease".to_owned()],
        not_fired: vec!["dose_default".to_owned(), "no_such_rule".to_owned()],
        companions: Some(vec!["taurine".to_owned()]),
        schedule: Some(vec!["glycinate evening 300".to_owned()]),
        ..Expect::default()
    };
    let problems = check(&plan, &wrong);
    assert_eq!(problems.len(), 8, "{problems:#?}");
    assert!(
        problems[0].contains("unknown rule `no_such_rule`"),
        "{problems:#?}"
    );
}
