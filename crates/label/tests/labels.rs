//! Every label in tests/labels/ (US Supplement Facts, EU nutrition tables,
//! Drug Facts, DSLD records, shop-page pastes with HTML, topical and bath
//! products, OCR errors, ...) against the findings expected in
//! tests/labels/expected.toml, worked by hand from each label and the
//! chemistry. tests/test_labels.py runs the same file through Python.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use crampwise_content::Content;
use crampwise_label::{check_json, check_text, LabelReport};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    label: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    file: String,
    forms: Vec<String>,
    elemental_mg: toml::Value,
    estimate: bool,
    verdict: String,
    checks: std::collections::BTreeMap<String, String>,
    warnings: Vec<String>,
    unread: Vec<String>,
    form_factor: String,
    ingredients: usize,
    /// Optional: the serving text.
    serving: Option<String>,
    /// Optional: the product name.
    name: Option<String>,
    /// Optional (default true): whether the product is taken by mouth.
    taken_by_mouth: Option<bool>,
    /// Optional (default false): the forms come from the ingredients list.
    from_ingredients: Option<bool>,
    /// Optional (default false): an EU panel (% NRV).
    eu_layout: Option<bool>,
    /// Optional (default false): a Drug Facts panel.
    drug_facts: Option<bool>,
    /// Optional: the kinds of the ignored lines, in order.
    ignored: Option<Vec<String>>,
    /// Optional (default 0): how many lines were read after a correction.
    corrections: Option<usize>,
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/labels")
}

fn run(case: &Case, content: &Content) -> LabelReport {
    let text = std::fs::read_to_string(dir().join(&case.file)).unwrap();
    if case.file.ends_with(".json") {
        check_json(&text, content, None).unwrap()
    } else {
        check_text(&text, content, None).unwrap()
    }
}

fn status(r: &LabelReport, id: &str) -> String {
    serde_json::to_value(r.check(id).unwrap().status)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn every_label_meets_its_expected_findings() {
    let content = Content::embedded().unwrap();
    let expected: Expected =
        toml::from_str(&std::fs::read_to_string(dir().join("expected.toml")).unwrap()).unwrap();
    let texts = expected
        .label
        .iter()
        .filter(|c| c.file.ends_with(".txt"))
        .count();
    let dsld = expected
        .label
        .iter()
        .filter(|c| c.file.starts_with("dsld_"))
        .count();
    assert!(
        texts >= 55 && dsld >= 7 && expected.label.len() >= 60,
        "{texts} texts, {dsld} DSLD records"
    );
    // Every file in the folder has expectations.
    let mut files: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|f| f.ends_with(".txt") || f.ends_with(".json"))
        .collect();
    files.sort();
    let mut listed: Vec<String> = expected.label.iter().map(|c| c.file.clone()).collect();
    listed.sort();
    assert_eq!(files, listed);

    let mut failures = Vec::new();
    for case in &expected.label {
        let r = run(case, &content);
        let want_mg = match &case.elemental_mg {
            toml::Value::Float(f) => Some(*f),
            toml::Value::Integer(i) => Some(*i as f64),
            _ => None,
        };
        let close = match (r.elemental_mg_per_serving, want_mg) {
            (Some(a), Some(b)) => (a - b).abs() < 0.05,
            (None, None) => true,
            _ => false,
        };
        let mut fail = |what: &str, got: String, want: String| {
            if got != want {
                failures.push(format!("{}: {what}: got {got}, want {want}", case.file));
            }
        };
        fail(
            "forms",
            format!("{:?}", r.forms),
            format!("{:?}", case.forms),
        );
        if !close {
            fail(
                "elemental",
                format!("{:?}", r.elemental_mg_per_serving),
                format!("{want_mg:?}"),
            );
        }
        fail(
            "estimate",
            r.elemental_is_estimate.to_string(),
            case.estimate.to_string(),
        );
        fail(
            "verdict",
            r.verdict.as_str().to_owned(),
            case.verdict.clone(),
        );
        for (id, want) in &case.checks {
            fail(&format!("check {id}"), status(&r, id), want.clone());
        }
        let got: BTreeSet<&str> = r.warnings.iter().map(|w| w.id.as_str()).collect();
        let want: BTreeSet<&str> = case.warnings.iter().map(String::as_str).collect();
        fail("warnings", format!("{got:?}"), format!("{want:?}"));
        fail(
            "unread",
            format!("{:?}", r.unread_lines),
            format!("{:?}", case.unread),
        );
        let ff = r.form_factor.map_or("none", |f| f.as_str());
        fail("form_factor", ff.to_owned(), case.form_factor.clone());
        fail(
            "ingredients",
            r.ingredients.len().to_string(),
            case.ingredients.to_string(),
        );
        if let Some(want) = &case.serving {
            let got = r.serving.as_ref().map_or("none", |s| s.text.as_str());
            fail("serving", got.to_owned(), want.clone());
        }
        if let Some(want) = &case.name {
            fail("name", format!("{:?}", r.name), format!("{:?}", Some(want)));
        }
        fail(
            "taken_by_mouth",
            r.taken_by_mouth.to_string(),
            case.taken_by_mouth.unwrap_or(true).to_string(),
        );
        fail(
            "forms_from_ingredients",
            r.forms_from_ingredients.to_string(),
            case.from_ingredients.unwrap_or(false).to_string(),
        );
        fail(
            "eu_layout",
            r.eu_layout.to_string(),
            case.eu_layout.unwrap_or(false).to_string(),
        );
        fail(
            "drug_facts",
            r.drug_facts.to_string(),
            case.drug_facts.unwrap_or(false).to_string(),
        );
        if let Some(want) = &case.ignored {
            let got: Vec<&str> = r.ignored_lines.iter().map(|l| l.kind.as_str()).collect();
            fail("ignored", format!("{got:?}"), format!("{want:?}"));
        }
        fail(
            "corrections",
            r.corrections.len().to_string(),
            case.corrections.unwrap_or(0).to_string(),
        );
        // A product not taken by mouth never has an oral dose or a bowel-effect reason.
        if !r.taken_by_mouth {
            let bowel = r
                .verdict_reasons
                .iter()
                .chain(r.checks.iter().map(|c| &c.note))
                .any(|t| t.contains("stool") || t.contains("laxative") || t.contains("gut"));
            if r.elemental_mg_per_serving.is_some() || bowel || r.has_warning("above_upper_limit") {
                failures.push(format!(
                    "{}: an oral dose or bowel reason on a product not taken by mouth",
                    case.file
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_report_has_the_contract_shape() {
    let content = Content::embedded().unwrap();
    let expected: Expected =
        toml::from_str(&std::fs::read_to_string(dir().join("expected.toml")).unwrap()).unwrap();
    for case in &expected.label {
        let v: serde_json::Value = serde_json::from_str(&run(case, &content).to_json()).unwrap();
        for key in [
            "forms",
            "elemental_mg_per_serving",
            "checks",
            "warnings",
            "unread_lines",
            "verdict",
        ] {
            assert!(v.get(key).is_some(), "{}: no `{key}`", case.file);
        }
        let ids: Vec<&str> = v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            [
                "chelated_form",
                "avoids_oxide",
                "clean_fillers",
                "third_party_tested",
                "combination",
                "form_factor"
            ]
        );
        for c in v["checks"].as_array().unwrap() {
            assert!(["pass", "fail", "unknown"].contains(&c["status"].as_str().unwrap()));
            assert!(!c["note"].as_str().unwrap().is_empty());
        }
        for w in v["warnings"].as_array().unwrap() {
            assert!(w["id"].is_string() && w["text"].is_string());
        }
    }
}

#[test]
fn the_compound_estimate_states_its_assumption() {
    let content = Content::embedded().unwrap();
    let r = check_text("Magnesium Citrate 1,000 mg", &content, None).unwrap();
    let w = r
        .warnings
        .iter()
        .find(|w| w.id == "estimate_from_compound")
        .unwrap();
    assert!(w.text.contains("Mg3(C6H5O7)2"), "{}", w.text);
    assert!(w.text.contains("nonahydrate"), "{}", w.text);
    assert!(w.text.contains("162 mg"), "{}", w.text);
}

#[test]
fn the_upper_limit_warning_says_whose_limit() {
    let content = Content::embedded().unwrap();
    let r = check_text("Magnesium (as magnesium glycinate) 300 mg", &content, None).unwrap();
    let w = r
        .warnings
        .iter()
        .find(|w| w.id == "above_upper_limit")
        .unwrap();
    assert!(
        w.text.contains("EU (EFSA)") && w.text.contains("250 mg"),
        "{}",
        w.text
    );
    assert!(
        w.text.contains("US (IOM)") && w.text.contains("350 mg"),
        "{}",
        w.text
    );
    let r = check_text("Magnesium (as magnesium glycinate) 200 mg", &content, None).unwrap();
    assert!(!r.has_warning("above_upper_limit"));
}
