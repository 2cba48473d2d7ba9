//! `crampwise label check`: the report JSON, the text report, profiles,
//! standard input, JSON Lines, and bad input with its exact messages.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::{
    bad_input, expect_bad_input, expect_ok, ok, repo_path, run_with_stdin, stderr, stdout, temp_dir,
};
use crampwise_label::LabelReport;
use crampwise_rules::{Engine, Profile};
use serde_json::Value;

const LABELS: &str = "crates/label/tests/labels";

/// Label files of the label crate's tests: texts and the three DSLD records.
const FILES: [&str; 9] = [
    "01_glycinate_clean.txt",
    "02_citrate_compound_powder.txt",
    "03_buffered_oxide.txt",
    "05_proprietary_blend.txt",
    "06_multiline_b6_taurine.txt",
    "17_elemental_from_compound_and_blend.txt",
    "dsld_blend_tablets.json",
    "dsld_citrate_powder.json",
    "dsld_glycinate_capsules.json",
];

const KIDNEY: &str =
    r#"{"age": 60, "conditions": ["kidney_disease"], "medications": [], "symptoms": []}"#;

fn label_path(file: &str) -> String {
    repo_path(&format!("{LABELS}/{file}"))
}

/// The library's report for a file, for a profile when given.
fn library(path: &str, profile: Option<&str>) -> LabelReport {
    let engine = Engine::embedded().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let profile = profile.map(|p| Profile::from_json(p).unwrap());
    let plan = profile.as_ref().map(|p| engine.evaluate(p).into_plan());
    let person = profile.as_ref().zip(plan.as_ref());
    if path.ends_with(".json") {
        crampwise_label::check_json(&text, engine.content(), person).unwrap()
    } else {
        crampwise_label::check_text(&text, engine.content(), person).unwrap()
    }
}

fn write_temp(name: &str, file: &str, text: &str) -> (std::path::PathBuf, String) {
    let dir = temp_dir(name);
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    let shown = path.display().to_string();
    (dir, shown)
}

#[test]
fn json_is_exactly_the_label_report() {
    for file in FILES {
        let path = label_path(file);
        let out = ok(&["label", "check", &path, "--format", "json"]);
        assert_eq!(out, library(&path, None).to_json() + "\n", "{file}");
        let value: Value = serde_json::from_str(&out).unwrap();
        for key in [
            "forms",
            "elemental_mg_per_serving",
            "checks",
            "warnings",
            "unread_lines",
            "verdict",
        ] {
            assert!(value.get(key).is_some(), "{file}: no `{key}`");
        }
        for check in value["checks"].as_array().unwrap() {
            assert!(
                ["pass", "fail", "unknown"].contains(&check["status"].as_str().unwrap()),
                "{file}: {check}"
            );
            assert!(check["note"].is_string() && check["id"].is_string());
        }
    }
}

#[test]
fn pretty_json_is_the_same_report_indented() {
    let path = label_path("01_glycinate_clean.txt");
    let compact = ok(&["label", "check", &path, "--format", "json"]);
    let pretty = ok(&["label", "check", &path, "--format", "json", "--pretty"]);
    assert!(pretty.starts_with("{\n  \"forms\": [\n"), "{pretty}");
    let a: Value = serde_json::from_str(&compact).unwrap();
    let b: Value = serde_json::from_str(&pretty).unwrap();
    assert_eq!(a, b);
}

#[test]
fn a_profile_is_evaluated_and_the_fit_reported() {
    let (dir, profile) = write_temp("kidney", "kidney.json", KIDNEY);
    let path = label_path("01_glycinate_clean.txt");
    let out = ok(&[
        "label",
        "check",
        &path,
        "--profile",
        &profile,
        "--format",
        "json",
    ]);
    assert_eq!(out, library(&path, Some(KIDNEY)).to_json() + "\n");
    let value: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["verdict"], "unsafe for you");
    assert_eq!(value["fit"]["fits"], false);
    assert_eq!(value["fit"]["reasons"][0]["id"], "status");
    // Without a profile the same label is good, and has no fit.
    let plain: Value =
        serde_json::from_str(&ok(&["label", "check", &path, "--format", "json"])).unwrap();
    assert_eq!(plain["verdict"], "good");
    assert_eq!(plain["fit"], Value::Null);
    // In text, the fit is a section of its own.
    let text = ok(&["label", "check", &path, "--profile", &profile]);
    assert!(text.starts_with("Verdict: unsafe for you\n"), "{text}");
    assert!(
        text.contains("\nFits your plan: no\n  no  status: "),
        "{text}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn text_puts_the_verdict_first_and_says_when_the_dose_is_an_estimate() {
    let text = ok(&[
        "label",
        "check",
        &label_path("02_citrate_compound_powder.txt"),
    ]);
    assert!(text.starts_with("Verdict: acceptable\n"), "{text}");
    assert!(
        text.contains(
            "\nMagnesium: about 162 mg per serving (1 scoop (5 g)), an estimate from the compound weight"
        ),
        "{text}"
    );
    assert!(text.contains("\n  fail     No artificial sweeteners or colours: names sucralose\n"));
    assert!(text.contains("\n  unknown  Independently tested: only a GMP claim"));
    assert!(text.contains("\nWarnings\n  ! `Magnesium Citrate 1000 mg` gives the weight"));
    assert!(text.contains("\nUnread lines: none\n"), "{text}");
    assert!(!text.contains('\x1b'));
    // As printed, and a hidden dose.
    let text = ok(&["label", "check", &label_path("01_glycinate_clean.txt")]);
    assert!(
        text.contains("\nMagnesium: 200 mg per serving (2 Capsules), as the label gives it\n"),
        "{text}"
    );
    let text = ok(&["label", "check", &label_path("05_proprietary_blend.txt")]);
    assert!(text.contains("\nMagnesium: not disclosed: "), "{text}");
    assert!(
        text.contains("\nForms: glycinate, oxide (main form first)\n"),
        "{text}"
    );
}

#[test]
fn text_report_snapshot() {
    let text = ok(&[
        "label",
        "check",
        &repo_path("examples/labels/glycinate-capsules.txt"),
    ]);
    insta::assert_snapshot!("glycinate_capsules_text", text);
}

#[test]
fn colour_is_written_only_for_a_terminal() {
    let path = label_path("04_oxide_high_dose.txt");
    // Through a pipe, without NO_COLOR: no colour.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_crampwise"))
        .args(["label", "check", &path])
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap();
    assert!(!String::from_utf8(output.stdout).unwrap().contains('\x1b'));
    // Forced on, as a terminal would get it: the verdict in red.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_crampwise"))
        .args(["label", "check", &path])
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("\x1b[1m\x1b[31mpoor"), "{text:?}");
}

#[test]
fn stdin_is_read_for_a_dash_as_text_or_json() {
    let text = std::fs::read(label_path("03_buffered_oxide.txt")).unwrap();
    let args = ["label", "check", "-", "--format", "json"];
    let out = expect_ok(&args, &run_with_stdin(&args, &text));
    assert_eq!(
        out,
        library(&label_path("03_buffered_oxide.txt"), None).to_json() + "\n"
    );
    let json = std::fs::read(label_path("dsld_citrate_powder.json")).unwrap();
    let out = expect_ok(&args, &run_with_stdin(&args, &json));
    assert_eq!(
        out,
        library(&label_path("dsld_citrate_powder.json"), None).to_json() + "\n"
    );
}

#[test]
fn our_json_shape_is_read() {
    let path = repo_path("examples/labels/citrate-powder.json");
    let value: Value =
        serde_json::from_str(&ok(&["label", "check", &path, "--format", "json"])).unwrap();
    assert_eq!(value["source"], "json");
    assert_eq!(value["forms"], serde_json::json!(["citrate"]));
    assert_eq!(value["elemental_mg_per_serving"], 162);
    assert_eq!(value["elemental_is_estimate"], true);
    assert_eq!(value["name"], "Magnesium Citrate Powder");
}

#[test]
fn a_bad_json_label_names_the_path() {
    let (dir, shown) = write_temp(
        "bad-label",
        "label.json",
        r#"{"ingredients": [{"name": "Magnesium", "amount": 200, "unit": "mgs"}]}"#,
    );
    assert_eq!(
        bad_input(&["label", "check", &shown]),
        format!(
            "error: label check: the label in `{shown}` is not valid: ingredients[0].unit: \
             unknown variant `mgs`; expected one of `mg`, `mcg`, `ug`, `µg`, `μg`, `g`, `IU`, \
             `iu`, `kcal`\n"
        )
    );
    let args = ["label", "check", "-"];
    let output = run_with_stdin(&args, br#"{"ingredients": [], "colour": "blue"}"#);
    let message = expect_bad_input(&args, &output);
    assert!(
        message.starts_with(
            "error: label check: the label on standard input is not valid: colour: unknown field `colour`"
        ),
        "{message}"
    );
    let output = run_with_stdin(&args, b"{\"ingredients\": [");
    assert_eq!(
        expect_bad_input(&args, &output),
        "error: label check: the label on standard input is not valid: line 1 column 17: \
         not valid JSON: EOF while parsing a list\n"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_json_file_must_hold_a_label_object() {
    let (dir, shown) = write_temp("array-label", "label.json", "[1, 2]");
    assert_eq!(
        bad_input(&["label", "check", &shown]),
        format!(
            "error: label check: the label in `{shown}` is not valid: expected a label object, \
             got `[1,2]`\n"
        )
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn unreadable_input_names_the_file() {
    assert_eq!(
        bad_input(&["label", "check", "no/such/label.txt"]),
        "error: label check: cannot read `no/such/label.txt`: no such file\n"
    );
    let labels = repo_path(LABELS);
    assert_eq!(
        bad_input(&["label", "check", &labels]),
        format!("error: label check: cannot read `{labels}`: it is a directory\n")
    );
    let args = ["label", "check", "-"];
    assert_eq!(
        expect_bad_input(&args, &run_with_stdin(&args, b"Magnesium \xff 200 mg")),
        "error: label check: standard input is not UTF-8 text (invalid byte at offset 10)\n"
    );
    let big = vec![b'x'; crampwise_label::MAX_LABEL_BYTES + 1];
    assert_eq!(
        expect_bad_input(&args, &run_with_stdin(&args, &big)),
        "error: label check: standard input is larger than 262144 bytes, the most a label may be\n"
    );
}

#[test]
fn a_bad_profile_is_reported_with_its_path() {
    let (dir, shown) = write_temp("bad-profile", "p.json", r#"{"age": 40, "conditons": []}"#);
    let message = bad_input(&[
        "label",
        "check",
        &label_path("01_glycinate_clean.txt"),
        "--profile",
        &shown,
    ]);
    assert!(
        message.starts_with(&format!(
            "error: label check: the profile in `{shown}` is not valid:\n  conditons: unknown field `conditons`; expected one of `age`, "
        )),
        "{message}"
    );
    assert!(message.ends_with(
        "\n\nhelp: `crampwise schema profile` describes every field and its allowed values\n"
    ));
    assert_eq!(
        bad_input(&[
            "label",
            "check",
            &label_path("01_glycinate_clean.txt"),
            "--profile",
            "no/such/p.json"
        ]),
        "error: label check: cannot read `no/such/p.json`: no such file\n"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn only_one_input_can_be_standard_input() {
    assert_eq!(
        bad_input(&["label", "check", "-", "--profile", "-"]),
        "error: label check: the label and `--profile` cannot both be read from standard input (`-`)\n"
    );
}

#[test]
fn rules_dir_needs_a_profile_and_is_used_with_one() {
    let path = label_path("01_glycinate_clean.txt");
    let message = bad_input(&["label", "check", &path, "--rules-dir", "x"]);
    assert!(
        message.contains("the following required arguments were not provided:\n  --profile"),
        "{message}"
    );
    let (dir, profile) = write_temp("label-rules", "kidney.json", KIDNEY);
    assert_eq!(
        bad_input(&[
            "label",
            "check",
            &path,
            "--profile",
            &profile,
            "--rules-dir",
            "no/such/dir"
        ]),
        "error: --rules-dir: `no/such/dir` is not a directory\n"
    );
    // Rules where pregnancy means "not advised" instead of "clinician first"
    // (a stricter rule file is used; a looser one would be overruled by the
    // safety kernel, which `kernel_overrules_a_loosened_rule_file` shows).
    let (_, pregnant) = write_temp(
        "label-rules-pregnant",
        "pregnant.json",
        r#"{"age": 30, "sex": "female", "pregnancy": "trimester2", "cramps": {"per_week": 3}}"#,
    );
    let rules = dir.join("rules");
    let shown = rules.display().to_string();
    ok(&["rules", "export", &shown]);
    let safety = rules.join("safety.toml");
    let text = std::fs::read_to_string(&safety).unwrap();
    let rule = "status = \"clinician_first\"\nstatus_note = \"pregnancy_clinician_first\"";
    assert!(text.contains(rule));
    std::fs::write(
        &safety,
        text.replace(
            rule,
            &rule.replace("clinician_first\"\n", "not_advised\"\n"),
        ),
    )
    .unwrap();
    let args = [
        "label",
        "check",
        &path,
        "--profile",
        &pregnant,
        "--format",
        "json",
    ];
    let builtin: Value = serde_json::from_str(&ok(&args)).unwrap();
    let status = builtin["fit"]["reasons"][0]["text"].as_str().unwrap();
    assert!(status.contains("(`clinician_first`)"), "{status}");
    let mut with_dir = args.to_vec();
    with_dir.extend(["--rules-dir", shown.as_str()]);
    let custom: Value = serde_json::from_str(&ok(&with_dir)).unwrap();
    let status = custom["fit"]["reasons"][0]["text"].as_str().unwrap();
    assert!(status.contains("(`not_advised`)"), "{status}");
    // Kidney disease made "clinician first" in the rules: the kernel keeps it not advised.
    let text = std::fs::read_to_string(&safety).unwrap();
    let kidney = "claims = [\"kidney_hypermagnesemia\"]\nstatus = \"not_advised\"";
    assert!(text.contains(kidney));
    std::fs::write(
        &safety,
        text.replace(kidney, &kidney.replace("not_advised", "clinician_first")),
    )
    .unwrap();
    let kidney_args = [
        "label",
        "check",
        &path,
        "--profile",
        &profile,
        "--format",
        "json",
        "--rules-dir",
        shown.as_str(),
    ];
    let custom: Value = serde_json::from_str(&ok(&kidney_args)).unwrap();
    let status = custom["fit"]["reasons"][0]["text"].as_str().unwrap();
    assert!(status.contains("(`not_advised`)"), "{status}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn content_dir_is_respected() {
    let path = label_path("01_glycinate_clean.txt");
    let out = ok(&[
        "--content-dir",
        &repo_path("crates/content/data"),
        "label",
        "check",
        &path,
        "--format",
        "json",
    ]);
    assert_eq!(out, library(&path, None).to_json() + "\n");
    assert_eq!(
        bad_input(&["label", "check", &path, "--content-dir", "no/such/dir"]),
        "error: --content-dir: `no/such/dir` is not a directory\n"
    );
}

#[test]
fn jsonl_writes_one_report_a_line() {
    let text = std::fs::read_to_string(label_path("01_glycinate_clean.txt")).unwrap();
    let dsld: Value = serde_json::from_str(
        &std::fs::read_to_string(label_path("dsld_blend_tablets.json")).unwrap(),
    )
    .unwrap();
    let input = format!(
        "{}\r\n{}\n[1]\n\n\"Magnesium oxide 500 mg\"\n",
        Value::String(text),
        dsld
    );
    let args = ["label", "check", "--jsonl", "-"];
    let output = run_with_stdin(&args, input.as_bytes());
    assert_eq!(output.status.code(), Some(2));
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(
        lines[0],
        library(&label_path("01_glycinate_clean.txt"), None).to_json()
    );
    assert_eq!(
        lines[1],
        library(&label_path("dsld_blend_tablets.json"), None).to_json()
    );
    assert_eq!(
        lines[2],
        r#"{"error":{"line":3,"errors":[{"path":"","message":"expected a label object, got `[1]`"}]}}"#
    );
    assert_eq!(
        lines[3],
        r#"{"error":{"line":4,"errors":[{"path":"","message":"empty line; expected a label, one JSON object or JSON string a line"}]}}"#
    );
    let oxide: Value = serde_json::from_str(lines[4]).unwrap();
    assert_eq!(oxide["forms"], serde_json::json!(["oxide"]));
    assert_eq!(
        stderr(&output),
        "error: label check: 2 of 5 lines on standard input are not valid labels:\n\
         \x20 line 3: expected a label object, got `[1]`\n\
         \x20 line 4: empty line; expected a label, one JSON object or JSON string a line\n"
    );
}

#[test]
fn jsonl_with_a_profile_and_only_json() {
    let (dir, profile) = write_temp("jsonl-profile", "kidney.json", KIDNEY);
    let args = ["label", "check", "--jsonl", "-", "--profile", &profile];
    let input = "\"Magnesium (as magnesium glycinate) 100 mg\"\n";
    let out = expect_ok(&args, &run_with_stdin(&args, input.as_bytes()));
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["verdict"], "unsafe for you");
    assert_eq!(
        bad_input(&["label", "check", "--jsonl", "--format", "text", "-"]),
        "error: label check: `--jsonl` writes one report JSON a line; it cannot be combined \
         with `--format text`\n"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn bad_arguments_exit_2() {
    let message = bad_input(&["label", "check"]);
    assert!(message.contains("<LABEL>"), "{message}");
    let message = bad_input(&["label", "inspect", "x.txt"]);
    assert!(message.contains("'inspect'"), "{message}");
    let message = bad_input(&[
        "label",
        "check",
        &label_path("01_glycinate_clean.txt"),
        "--format",
        "markdown",
    ]);
    assert!(message.contains("'markdown'"), "{message}");
}
