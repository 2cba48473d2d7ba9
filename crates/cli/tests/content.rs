//! The `content` commands, run as a user would: the built binary, its output and exit codes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const FORM_IDS: [&str; 14] = [
    "glycinate",
    "malate",
    "citrate",
    "oxide",
    "chloride",
    "sulfate",
    "taurate",
    "l_threonate",
    "lactate",
    "aspartate",
    "carbonate",
    "hydroxide",
    "orotate",
    "gluconate",
];

const COLLECTIONS: [&str; 14] = [
    "sources",
    "claims",
    "forms",
    "intakes",
    "foods",
    "medications",
    "conditions",
    "red_flags",
    "notes",
    "companions",
    "lifestyle",
    "mechanisms",
    "faq",
    "label_checklist",
];

/// Runs the binary with `args`, without colour and with the default width.
fn crampwise(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crampwise"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS")
        .output()
        .expect("the crampwise binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Runs a command that must succeed and returns its stdout.
fn ok(args: &[&str]) -> String {
    let output = crampwise(args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        stderr(&output)
    );
    assert_eq!(stderr(&output), "", "{args:?}");
    stdout(&output)
}

/// Runs a command that must fail with bad input (exit 2) and returns its stderr.
fn bad_input(args: &[&str]) -> String {
    let output = crampwise(args);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{args:?}: {}",
        stdout(&output)
    );
    assert_eq!(stdout(&output), "", "{args:?}");
    let message = stderr(&output);
    assert!(!message.contains("panicked"), "{message}");
    message
}

/// Parses compact JSON output: one line, then a newline.
fn json(text: &str) -> Value {
    assert!(text.ends_with('\n'), "output ends with a newline");
    assert_eq!(text.lines().count(), 1, "compact JSON is one line");
    serde_json::from_str(text).expect("output is JSON")
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/data")
}

#[test]
fn forms_json_lists_the_fourteen_forms() {
    let forms = json(&ok(&["content", "list", "forms", "--format", "json"]));
    let forms = forms.as_array().expect("a list of forms");
    let mut ids: Vec<&str> = forms.iter().map(|f| f["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    let mut expected = FORM_IDS.to_vec();
    expected.sort_unstable();
    assert_eq!(ids, expected);
    for form in forms {
        assert!(
            form["name"].as_str().is_some_and(|n| !n.is_empty()),
            "{form}"
        );
        let fraction = form["elemental_fraction"].as_f64().expect("a number");
        assert!(fraction > 0.0 && fraction < 1.0, "{form}");
    }
}

#[test]
fn foods_json_has_servings_and_milligrams() {
    let foods = json(&ok(&["content", "list", "foods", "--format", "json"]));
    let foods = foods.as_array().expect("a list of foods");
    assert!(!foods.is_empty());
    for food in foods {
        assert!(food["id"].is_string(), "{food}");
        assert!(food["name"].is_string(), "{food}");
        assert!(food["serving"].is_string(), "{food}");
        assert!(
            food["mg_per_serving"].as_f64().is_some_and(|mg| mg > 0.0),
            "{food}"
        );
    }
}

#[test]
fn intakes_json_has_both_tables() {
    let intakes = json(&ok(&["content", "list", "intakes", "--format", "json"]));
    assert!(intakes["rda"].is_array(), "{intakes}");
    assert!(intakes["upper_limit"].is_array(), "{intakes}");
}

#[test]
fn pretty_json_is_the_same_value() {
    let compact = json(&ok(&["content", "list", "sources", "--format", "json"]));
    let pretty = ok(&["content", "list", "sources", "--format", "json", "--pretty"]);
    assert!(pretty.lines().count() > 1);
    assert_eq!(serde_json::from_str::<Value>(&pretty).unwrap(), compact);
}

/// Column boundaries: character positions that are blank on every line of a
/// table (header and rows), grouped into runs. An aligned table with `n`
/// columns has at least `n - 1` of them.
fn blank_runs(table: &[&str]) -> usize {
    let width = table.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let lines: Vec<Vec<char>> = table.iter().map(|l| l.chars().collect()).collect();
    let blank = |i: usize| lines.iter().all(|l| l.get(i).is_none_or(|c| *c == ' '));
    let mut runs = 0;
    let mut in_run = false;
    for i in 0..width {
        let b = blank(i) && lines.iter().any(|l| l.len() > i);
        if b && !in_run {
            runs += 1;
        }
        in_run = b;
    }
    runs
}

#[test]
fn every_collection_lists_as_an_aligned_table() {
    for name in COLLECTIONS {
        let text = ok(&["content", "list", name]);
        // intakes has two titled tables separated by a blank line.
        for block in text.split("\n\n") {
            let lines: Vec<&str> = block.lines().collect();
            let table = if name == "intakes" {
                &lines[1..]
            } else {
                &lines[..]
            };
            assert!(
                table.len() >= 2,
                "{name}: a header and at least one row\n{text}"
            );
            let columns = table[0]
                .split("  ")
                .filter(|h| !h.trim().is_empty())
                .count();
            assert!(
                blank_runs(table) >= columns - 1,
                "{name}: columns do not line up\n{text}"
            );
        }
    }
}

#[test]
fn main_tables_fit_in_100_columns() {
    for name in ["forms", "foods", "sources", "claims"] {
        let text = ok(&["content", "list", name]);
        for line in text.lines() {
            assert!(line.chars().count() <= 100, "{name}: too wide: {line}");
        }
    }
}

#[test]
fn forms_table() {
    insta::assert_snapshot!(ok(&["content", "list", "forms"]));
}

#[test]
fn columns_sets_the_width() {
    let output = Command::new(env!("CARGO_BIN_EXE_crampwise"))
        .args(["content", "list", "claims"])
        .env("NO_COLOR", "1")
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    let text = stdout(&output);
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    assert!(text.contains('…'), "long statements are cut\n{text}");
}

#[test]
fn unknown_collection_is_bad_input() {
    let message = bad_input(&["content", "list", "fromz"]);
    let first = message.lines().next().unwrap();
    let expected = format!(
        "error: content list: unknown collection `fromz`; expected one of {}",
        COLLECTIONS.map(|c| format!("`{c}`")).join(", ")
    );
    assert_eq!(first, expected);
    assert!(message.contains("help: did you mean `forms`?"), "{message}");
}

#[test]
fn show_finds_an_item_in_any_collection() {
    let text = ok(&["content", "show", "glycinate"]);
    assert!(text.starts_with("glycinate  (forms)\n\n"), "{text}");
    assert!(text.contains("\nelemental_fraction  "), "{text}");

    let item = json(&ok(&["content", "show", "glycinate", "--format", "json"]));
    let forms = json(&ok(&["content", "list", "forms", "--format", "json"]));
    let listed = forms
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "glycinate")
        .unwrap();
    assert_eq!(&item, listed);
}

#[test]
fn every_id_can_be_shown() {
    for name in COLLECTIONS.iter().filter(|n| **n != "intakes") {
        let items = json(&ok(&["content", "list", name, "--format", "json"]));
        let item = &items.as_array().unwrap()[0];
        let id = item["id"].as_str().unwrap();
        let text = ok(&["content", "show", id]);
        assert!(text.starts_with(&format!("{id}  ({name})\n")), "{text}");
    }
}

#[test]
fn unknown_id_is_bad_input_with_a_suggestion() {
    let message = bad_input(&["content", "show", "glicynate"]);
    assert_eq!(
        message,
        "error: content show: unknown id `glicynate`; no item in any collection has it\n\n\
         help: did you mean `glycinate`?\n"
    );
}

#[test]
fn version_is_semver_plus_hash() {
    let version = ok(&["content", "version"]);
    let version = version.trim_end();
    let (semver, hash) = version.split_once('+').expect("a `+`");
    assert_eq!(semver.split('.').count(), 3, "{version}");
    assert_eq!(hash.len(), 12, "{version}");
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()), "{version}");
}

#[test]
fn content_dir_loads_the_same_content() {
    let dir = data_dir();
    let dir = dir.to_str().unwrap();
    assert_eq!(
        ok(&["--content-dir", dir, "content", "version"]),
        ok(&["content", "version"])
    );
    // The option is global: it may also follow the subcommand.
    assert_eq!(
        ok(&[
            "content",
            "list",
            "forms",
            "--content-dir",
            dir,
            "--format",
            "json"
        ]),
        ok(&["content", "list", "forms", "--format", "json"])
    );
}

#[test]
fn missing_content_dir_is_bad_input() {
    let message = bad_input(&["--content-dir", "no/such/dir", "content", "version"]);
    assert_eq!(
        message,
        "error: --content-dir: `no/such/dir` is not a directory\n"
    );
}

#[test]
fn invalid_content_dir_is_bad_input_listing_the_errors() {
    let dir = std::env::temp_dir().join(format!("crampwise-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let message = bad_input(&[
        "--content-dir",
        dir.to_str().unwrap(),
        "content",
        "list",
        "forms",
    ]);
    std::fs::remove_dir_all(&dir).unwrap();
    let mut lines = message.lines();
    let first = lines.next().unwrap();
    assert!(
        first.starts_with("error: --content-dir: the content in `"),
        "{message}"
    );
    assert!(first.ends_with("` does not validate:"), "{message}");
    assert!(
        lines.all(|l| l.starts_with("  ")),
        "one indented line per error\n{message}"
    );
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    assert_eq!(crampwise(&[]).status.code(), Some(2));
    assert_eq!(crampwise(&["content", "list"]).status.code(), Some(2));
    assert_eq!(
        crampwise(&["content", "list", "forms", "--format", "xml"])
            .status
            .code(),
        Some(2)
    );
    let help = crampwise(&["content", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("list"));
    assert_eq!(
        ok(&["--version"]),
        format!("crampwise {}\n", env!("CARGO_PKG_VERSION"))
    );
}
