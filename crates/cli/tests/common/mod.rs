//! Running the built `crampwise` binary as a user would, for the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The example profiles at the top of examples/ (snapshot-tested in crampwise-rules).
pub(crate) const EXAMPLES: [&str; 6] = [
    "examples/cyclist.json",
    "examples/medicines.json",
    "examples/minimal.json",
    "examples/night-cramps.json",
    "examples/pregnancy.json",
    "examples/warning-signs.json",
];

/// The repository root (where README.md and examples/ are).
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A path under the repository root, as a string argument.
pub(crate) fn repo_path(relative: &str) -> String {
    root().join(relative).display().to_string()
}

/// Runs the binary with `args` and `stdin`, without colour and with the default width.
pub(crate) fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_crampwise"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("COLUMNS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the crampwise binary runs");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        // The binary may exit before reading everything (bad arguments).
        let _ = input.write_all(&data);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

/// Runs the binary with `args` and an empty stdin.
pub(crate) fn run(args: &[&str]) -> Output {
    run_with_stdin(args, b"")
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Checks that a run succeeded without a word on stderr and returns its stdout.
pub(crate) fn expect_ok(args: &[&str], output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        stderr(output)
    );
    assert_eq!(stderr(output), "", "{args:?}");
    stdout(output)
}

/// Runs a command that must succeed and returns its stdout.
pub(crate) fn ok(args: &[&str]) -> String {
    expect_ok(args, &run(args))
}

/// Checks that a run failed with bad input (exit 2, nothing on stdout, no
/// panic) and returns its stderr.
pub(crate) fn expect_bad_input(args: &[&str], output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(2),
        "{args:?}: {}",
        stdout(output)
    );
    assert_eq!(stdout(output), "", "{args:?}");
    let message = stderr(output);
    assert!(!message.contains("panicked"), "{message}");
    message
}

/// Runs a command that must fail with bad input and returns its stderr.
pub(crate) fn bad_input(args: &[&str]) -> String {
    expect_bad_input(args, &run(args))
}

/// A fresh, empty temporary directory for one test.
pub(crate) fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("crampwise-cli-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
