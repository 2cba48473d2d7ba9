//! The command-line examples in README.md run and print what the README shows.
//!
//! In a ```console block, a line `$ crampwise ARGS` is run (ARGS split at
//! spaces; no quoting) and must exit 0, or the code a trailing comment
//! `# exit N` names. The lines after it, up to the next `$` line, are
//! expected output (stdout, then stderr): each must appear in the real
//! output, in order; a line `...` stands for lines left out. Other `$` lines
//! (`./dev test`, `cargo ...`) are not run here. Commands run from the
//! repository root, where the README's relative paths point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use std::path::Path;
use std::process::Command;

struct Example {
    args: Vec<String>,
    code: i32,
    expected: Vec<String>,
}

/// The exit code a `# exit N` comment names; 0 without one.
fn exit_code(comment: &str) -> i32 {
    comment
        .trim()
        .strip_prefix("exit ")
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

fn examples(readme: &str) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut in_console = false;
    let mut current: Option<Example> = None;
    for line in readme.lines() {
        if !in_console {
            in_console = line.trim_end() == "```console";
            continue;
        }
        if line.starts_with("```") {
            examples.extend(current.take());
            in_console = false;
        } else if let Some(command) = line.strip_prefix("$ ") {
            examples.extend(current.take());
            let (command, comment) = command.split_once(" #").unwrap_or((command, ""));
            let mut words = command.split_whitespace().map(str::to_owned);
            if words.next().as_deref() == Some("crampwise") {
                current = Some(Example {
                    args: words.collect(),
                    code: exit_code(comment),
                    expected: Vec::new(),
                });
            }
        } else if let Some(example) = &mut current {
            example.expected.push(line.trim_end().to_owned());
        }
    }
    examples
}

#[test]
fn readme_console_examples_run_as_shown() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md is readable");
    let examples = examples(&readme);
    assert!(
        !examples.is_empty(),
        "README.md shows no `$ crampwise` example"
    );
    for example in examples {
        let output = Command::new(env!("CARGO_BIN_EXE_crampwise"))
            .args(&example.args)
            .current_dir(&root)
            .env("NO_COLOR", "1")
            .env_remove("COLUMNS")
            .output()
            .unwrap();
        let shown = format!("$ crampwise {}", example.args.join(" "));
        assert_eq!(
            output.status.code(),
            Some(example.code),
            "{shown}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout =
            String::from_utf8(output.stdout).unwrap() + &String::from_utf8(output.stderr).unwrap();
        let mut actual = stdout.lines().map(str::trim_end);
        for expected in example
            .expected
            .iter()
            .filter(|l| *l != "..." && !l.is_empty())
        {
            assert!(
                actual.any(|line| line == expected),
                "{shown}: the README shows a line the command does not print (in this order):\n\
                 {expected}\n\nactual output:\n{stdout}"
            );
        }
    }
}

#[test]
fn parser_reads_commands_and_output() {
    let readme = "text\n```console\n$ ./dev run\n$ crampwise content version  # note\n1.0.0\n...\n\
                  $ crampwise recommend bad.json  # exit 2\nerror: x\n```\n";
    let examples = examples(readme);
    assert_eq!(examples.len(), 2);
    assert_eq!(examples[0].args, ["content", "version"]);
    assert_eq!(examples[0].code, 0);
    assert_eq!(examples[0].expected, ["1.0.0", "..."]);
    assert_eq!(examples[1].args, ["recommend", "bad.json"]);
    assert_eq!(examples[1].code, 2);
}
