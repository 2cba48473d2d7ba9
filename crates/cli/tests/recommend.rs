//! `crampwise recommend`: formats, input from files and stdin, JSON Lines, and bad input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::{
    bad_input, expect_bad_input, expect_ok, ok, repo_path, run, run_with_stdin, temp_dir, EXAMPLES,
};
use crampwise_rules::{render, Engine, Profile};
use serde_json::Value;

fn plan_for(path: &str) -> crampwise_rules::Plan {
    let text = std::fs::read_to_string(repo_path(path)).unwrap();
    let engine = Engine::embedded().unwrap();
    engine
        .evaluate(&Profile::from_json(&text).unwrap())
        .into_plan()
}

#[test]
fn json_is_exactly_the_contract_form() {
    for example in EXAMPLES {
        let path = repo_path(example);
        let out = ok(&["recommend", &path, "--format", "json"]);
        assert_eq!(out, plan_for(example).to_json() + "\n", "{example}");
    }
}

#[test]
fn pretty_json_is_the_same_plan_indented() {
    let path = repo_path("examples/night-cramps.json");
    let compact = ok(&["recommend", &path, "--format", "json"]);
    let pretty = ok(&["recommend", &path, "--format", "json", "--pretty"]);
    assert!(pretty.lines().count() > 20);
    assert!(pretty.starts_with("{\n  \"summary\": ["), "{pretty}");
    let a: Value = serde_json::from_str(&compact).unwrap();
    let b: Value = serde_json::from_str(&pretty).unwrap();
    assert_eq!(a, b);
}

#[test]
fn text_is_the_default_and_has_no_colour_when_piped() {
    let path = repo_path("examples/night-cramps.json");
    let text = ok(&["recommend", &path]);
    assert_eq!(text, ok(&["recommend", &path, "--format", "text"]));
    assert_eq!(
        text,
        render::text(
            &plan_for("examples/night-cramps.json"),
            render::Style::default()
        )
    );
    assert!(!text.contains('\x1b'));
    // Colour stays off through a pipe even without NO_COLOR.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_crampwise"))
        .args(["recommend", &path])
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap();
    assert!(!String::from_utf8(output.stdout).unwrap().contains('\x1b'));
}

#[test]
fn text_puts_the_triage_first() {
    let text = ok(&["recommend", &repo_path("examples/warning-signs.json")]);
    let headings: Vec<&str> = text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with(' '))
        .collect();
    // The disclaimer, then the summary, whose first line is the triage, then the triage.
    assert_eq!(headings[2], "In short", "{text}");
    let first = text
        .lines()
        .skip_while(|l| *l != "In short")
        .nth(1)
        .unwrap();
    assert!(
        first.starts_with("  - URGENT: get medical care today."),
        "{text}"
    );
    assert!(headings[3].starts_with("Triage: "), "{text}");
    assert!(!headings[3].contains("self-care"), "{text}");
}

#[test]
fn markdown_renders_the_plan() {
    let out = ok(&[
        "recommend",
        &repo_path("examples/night-cramps.json"),
        "--format",
        "markdown",
    ]);
    assert_eq!(
        out,
        render::markdown_with(
            &plan_for("examples/night-cramps.json"),
            render::Detail::Short
        )
    );
    let full = ok(&[
        "recommend",
        &repo_path("examples/night-cramps.json"),
        "--format",
        "markdown",
        "--detail",
        "full",
    ]);
    assert_eq!(
        full,
        render::markdown(&plan_for("examples/night-cramps.json"))
    );
    assert!(full.contains("\n### Evidence behind this plan\n"));
    assert!(!out.contains("\n### Evidence behind this plan\n"));
    assert!(out.contains("\n### Triage: self-care is reasonable\n"));
}

#[test]
fn night_cramps_text_snapshot() {
    let text = ok(&["recommend", &repo_path("examples/night-cramps.json")]);
    let plan = plan_for("examples/night-cramps.json");
    // The versions carry hashes of the content and rules files; keep the snapshot about the plan.
    let text = text
        .replace(plan.versions.content.as_str(), "[content version]")
        .replace(plan.versions.rules.as_str(), "[rules version]");
    insta::assert_snapshot!("night_cramps_text", text);
}

#[test]
fn stdin_is_read_for_a_dash() {
    let text = std::fs::read(repo_path("examples/minimal.json")).unwrap();
    let args = ["recommend", "-", "--format", "json"];
    let out = expect_ok(&args, &run_with_stdin(&args, &text));
    assert_eq!(out, plan_for("examples/minimal.json").to_json() + "\n");
}

#[test]
fn every_profile_error_is_listed_with_its_path() {
    let args = ["recommend", "-"];
    let output = run_with_stdin(
        &args,
        br#"{"age": 40, "cramps": {"per_week": -3}, "lifestyle": {"stress": 11}}"#,
    );
    assert_eq!(
        expect_bad_input(&args, &output),
        "error: recommend: the profile on standard input is not valid:\n\
         \x20 cramps.per_week: expected a number from 0 to 100, got `-3`\n\
         \x20 lifestyle.stress: expected a number from 0 to 10, got `11`\n\
         \n\
         help: `crampwise schema profile` describes every field and its allowed values\n"
    );
}

#[test]
fn an_unknown_key_names_the_file_and_the_key() {
    let dir = temp_dir("unknown-key");
    let file = dir.join("typo.json");
    std::fs::write(&file, r#"{"age": 40, "conditons": ["kidney_disease"]}"#).unwrap();
    let shown = file.display().to_string();
    let message = bad_input(&["recommend", &shown, "--format", "json"]);
    assert!(
        message.starts_with(&format!(
            "error: recommend: the profile in `{shown}` is not valid:\n  conditons: unknown field `conditons`; expected one of `age`, "
        )),
        "{message}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn invalid_json_and_wrong_types_are_bad_input() {
    let args = ["recommend", "-"];
    let message = expect_bad_input(&args, &run_with_stdin(&args, b"{\"age\": 40,"));
    assert!(
        message.contains("\n  not valid JSON at line 1 column 11: "),
        "{message}"
    );
    let message = expect_bad_input(&args, &run_with_stdin(&args, br#"{"age": "forty"}"#));
    assert!(message.contains("\n  age: "), "{message}");
    let message = expect_bad_input(&args, &run_with_stdin(&args, b""));
    assert!(message.contains("not valid JSON"), "{message}");
    let message = expect_bad_input(&args, &run_with_stdin(&args, b"\xff\xfe"));
    assert_eq!(
        message,
        "error: recommend: standard input is not UTF-8 text (invalid byte at offset 0)\n"
    );
}

#[test]
fn unreadable_input_names_the_file() {
    assert_eq!(
        bad_input(&["recommend", "no/such/profile.json"]),
        "error: recommend: cannot read `no/such/profile.json`: no such file\n"
    );
    let examples = repo_path("examples");
    assert_eq!(
        bad_input(&["recommend", &examples]),
        format!("error: recommend: cannot read `{examples}`: it is a directory\n")
    );
}

#[test]
fn a_profile_larger_than_the_limit_is_refused() {
    let args = ["recommend", "-"];
    let big = vec![b' '; crampwise_rules::MAX_PROFILE_BYTES + 1];
    let message = expect_bad_input(&args, &run_with_stdin(&args, &big));
    assert_eq!(
        message,
        "error: recommend: standard input is larger than 1048576 bytes, the most a profile may be\n"
    );
}

#[test]
fn jsonl_writes_one_plan_a_line() {
    let lines: Vec<String> = EXAMPLES
        .iter()
        .map(|e| {
            let v: Value =
                serde_json::from_str(&std::fs::read_to_string(repo_path(e)).unwrap()).unwrap();
            v.to_string()
        })
        .collect();
    let input = lines.join("\r\n") + "\n";
    let args = ["recommend", "--jsonl", "-"];
    let out = expect_ok(&args, &run_with_stdin(&args, input.as_bytes()));
    let expected: String = EXAMPLES
        .iter()
        .map(|e| plan_for(e).to_json() + "\n")
        .collect();
    assert_eq!(out, expected);
    // `--format json` is allowed with it, and an empty input gives no output.
    let args = ["recommend", "--jsonl", "--format", "json", "-"];
    assert_eq!(expect_ok(&args, &run_with_stdin(&args, b"")), "");
}

#[test]
fn jsonl_reports_bad_lines_in_place_and_exits_2() {
    let args = ["recommend", "--jsonl", "-"];
    let input = "{\"age\": 40}\n{\"age\": 40, \"cramps\": {\"per_week\": -3}}\n\n{\"age\": 30}\n";
    let output = run_with_stdin(&args, input.as_bytes());
    assert_eq!(output.status.code(), Some(2));
    let out = common::stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4);
    let engine = Engine::embedded().unwrap();
    assert_eq!(lines[0], engine.evaluate_json("{\"age\": 40}").unwrap());
    assert_eq!(
        lines[1],
        r#"{"error":{"line":2,"errors":[{"path":"cramps.per_week","message":"expected a number from 0 to 100, got `-3`","input":-3}]}}"#
    );
    assert_eq!(
        lines[2],
        r#"{"error":{"line":3,"errors":[{"path":"","message":"empty line; expected a profile, one JSON object a line","input":null}]}}"#
    );
    assert_eq!(lines[3], engine.evaluate_json("{\"age\": 30}").unwrap());
    assert_eq!(
        common::stderr(&output),
        "error: recommend: 2 of 4 lines on standard input are not valid profiles:\n\
         \x20 line 2: cramps.per_week: expected a number from 0 to 100, got `-3`\n\
         \x20 line 3: empty line; expected a profile, one JSON object a line\n"
    );
}

#[test]
fn jsonl_lists_at_most_twenty_errors() {
    let args = ["recommend", "--jsonl", "-"];
    let input = "{\"age\": -1}\n".repeat(30);
    let output = run_with_stdin(&args, input.as_bytes());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(common::stdout(&output).lines().count(), 30);
    let message = common::stderr(&output);
    assert!(
        message.starts_with("error: recommend: 30 of 30 lines"),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1 + 20 + 1, "{message}");
    assert!(message.ends_with("\n  ...\n"), "{message}");
}

#[test]
fn jsonl_takes_only_json() {
    let path = repo_path("examples/minimal.json");
    assert_eq!(
        bad_input(&["recommend", "--jsonl", "--format", "text", &path]),
        "error: recommend: `--jsonl` writes one plan JSON a line; it cannot be combined with \
         `--format text` or `--format markdown`\n"
    );
    let message = bad_input(&["recommend", "--jsonl", "--pretty", &path]);
    assert!(
        message.contains("'--jsonl' cannot be used with '--pretty'"),
        "{message}"
    );
}

#[test]
fn bad_arguments_exit_2() {
    let message = bad_input(&["recommend"]);
    assert!(message.contains("PROFILE.json"), "{message}");
    let message = bad_input(&[
        "recommend",
        &repo_path("examples/minimal.json"),
        "--format",
        "html",
    ]);
    assert!(message.contains("'html'"), "{message}");
}

#[test]
fn rules_dir_must_exist_and_validate() {
    let path = repo_path("examples/minimal.json");
    assert_eq!(
        bad_input(&["recommend", &path, "--rules-dir", "no/such/dir"]),
        "error: --rules-dir: `no/such/dir` is not a directory\n"
    );
    let dir = temp_dir("broken-rules");
    let shown = dir.display().to_string();
    ok(&["rules", "export", &shown]);
    std::fs::write(
        dir.join("zz.toml"),
        "[[rule]]\nid = \"x\"\ntitle = \"x\"\ncategory = \"lifestyle\"\nwhen = '''agee > 3'''\n\
         claims = [\"stretch_acute_cramp\"]\nlifestyle = [\"stretch_gently\"]\n",
    )
    .unwrap();
    assert_eq!(
        bad_input(&["recommend", &path, "--rules-dir", &shown]),
        format!(
            "error: --rules-dir: the rules in `{shown}` do not validate:\n\
             \x20 zz.toml:5:11: rule `x`: when: unknown field `agee`; did you mean `age`?\n"
        )
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn rules_dir_is_used() {
    let dir = temp_dir("custom-rules");
    let shown = dir.display().to_string();
    ok(&["rules", "export", &shown]);
    let dose = dir.join("dose.toml");
    let text = std::fs::read_to_string(&dose).unwrap();
    std::fs::write(
        &dose,
        text.replacen("target_mg = 300", "target_mg = 200", 1),
    )
    .unwrap();
    let path = repo_path("examples/night-cramps.json");
    let out = ok(&[
        "recommend",
        &path,
        "--format",
        "json",
        "--rules-dir",
        &shown,
    ]);
    let plan: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(plan["supplement"]["daily_elemental_mg"]["target"], 200);
    let engine = Engine::from_dir(&dir).unwrap();
    assert_eq!(plan["versions"]["rules"], engine.ruleset().version());
    std::fs::remove_dir_all(dir).unwrap();
    let _ = run(&["--version"]);
}
