//! Snapshots of the plans for the example profiles (`examples/*.json` at the
//! repository root): the full JSON, pretty-printed, and the text and Markdown
//! views. Review changes with `cargo insta review` (or accept them with
//! `INSTA_UPDATE=always cargo test -p crampwise-rules --test snapshots`).
//!
//! The content and rules versions end in a hash of every file, so they are
//! replaced by placeholders: a wording change elsewhere should not touch
//! every snapshot, while any change to these plans still does.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use std::path::PathBuf;

use common::engine;
use crampwise_rules::{render, Plan, Profile};

fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn plan_for(name: &str) -> Plan {
    let path = examples_dir().join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let profile = Profile::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    engine().evaluate(&profile).into_plan()
}

fn redact(plan: &Plan, text: &str) -> String {
    text.replace(plan.versions.content.as_str(), "[content version]")
        .replace(plan.versions.rules.as_str(), "[rules version]")
}

fn snapshot(name: &str) {
    let plan = plan_for(name);
    let json = serde_json::to_string_pretty(&plan).unwrap();
    insta::assert_snapshot!(format!("{name}.json"), redact(&plan, &json));
    let text = render::text(&plan, render::Style::default());
    insta::assert_snapshot!(format!("{name}.txt"), redact(&plan, &text));
    insta::assert_snapshot!(
        format!("{name}.md"),
        redact(&plan, &render::markdown(&plan))
    );
}

#[test]
fn cyclist() {
    snapshot("cyclist");
}

#[test]
fn medicines() {
    snapshot("medicines");
}

#[test]
fn minimal() {
    snapshot("minimal");
}

#[test]
fn night_cramps() {
    snapshot("night-cramps");
}

#[test]
fn pregnancy() {
    snapshot("pregnancy");
}

#[test]
fn warning_signs() {
    snapshot("warning-signs");
}

#[test]
fn every_example_has_a_snapshot_test() {
    let mut names: Vec<String> = std::fs::read_dir(examples_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "cyclist",
            "medicines",
            "minimal",
            "night-cramps",
            "pregnancy",
            "warning-signs"
        ],
        "add a snapshot test for each new example"
    );
}
