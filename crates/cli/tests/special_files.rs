//! Paths that are not regular files — a FIFO, a Unix socket, `/dev/zero`, a
//! symlink to one — are refused at once (exit 2, naming the path) wherever
//! a whole document is read: never waited on, never read without end. And
//! what goes wrong writing the output (a full disk) is an error naming it.
#![cfg(unix)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{repo_path, temp_dir};

/// Runs the binary with `args`, stdin closed, and fails if it takes more than
/// `limit` (it would be waiting on a FIFO or reading without end).
fn run_within(args: &[&str], limit: Duration) -> Output {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_crampwise"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            let output = child.wait_with_output().unwrap();
            panic!(
                "{args:?} still running after {limit:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Exit 2 within a few seconds; the message, which must name `path`.
fn refused(args: &[&str], path: &str) -> String {
    let output = run_within(args, Duration::from_secs(20));
    let message = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{args:?}: {message}");
    assert!(!message.contains("panicked"), "{message}");
    assert!(message.contains(path), "{args:?}: {message}");
    message
}

/// A directory holding a FIFO, a socket, a symlink to `/dev/zero` and one
/// to the FIFO, each named `NAME.EXT`; the listener keeps the socket open.
struct Specials {
    dir: PathBuf,
    _listener: UnixListener,
}

impl Specials {
    fn new(test: &str, ext: &str) -> Specials {
        let dir = temp_dir(test);
        let fifo = dir.join(format!("fifo.{ext}"));
        let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(status.success(), "mkfifo");
        let listener = UnixListener::bind(dir.join(format!("socket.{ext}"))).unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.join(format!("zero.{ext}"))).unwrap();
        std::os::unix::fs::symlink(&fifo, dir.join(format!("to-fifo.{ext}"))).unwrap();
        Specials {
            dir,
            _listener: listener,
        }
    }

    /// Every special path with the words its message gives.
    fn paths(&self, ext: &str) -> Vec<(String, &'static str)> {
        [
            (
                "fifo",
                "it is a FIFO (named pipe); only regular files are read",
            ),
            ("socket", "it is a socket; only regular files are read"),
            (
                "zero",
                "it is a character device; only regular files are read",
            ),
            (
                "to-fifo",
                "it is a FIFO (named pipe); only regular files are read",
            ),
        ]
        .into_iter()
        .map(|(name, why)| {
            (
                self.dir.join(format!("{name}.{ext}")).display().to_string(),
                why,
            )
        })
        .chain([(
            "/dev/zero".to_owned(),
            "it is a character device; only regular files are read",
        )])
        .collect()
    }
}

#[test]
fn documents_that_are_not_regular_files_are_refused() {
    let specials = Specials::new("specials-json", "json");
    let profile = repo_path("examples/night-cramps.json");
    let label = repo_path("crates/label/tests/labels/01_glycinate_clean.txt");
    for (path, why) in specials.paths("json") {
        let p = path.as_str();
        let message = refused(&["recommend", p], p);
        assert_eq!(
            message,
            format!("error: recommend: cannot read `{p}`: {why}\n")
        );
        refused(&["recommend", &profile, "--foods", p], p);
        refused(&["label", "check", p], p);
        refused(&["label", "check", &label, "--profile", p], p);
        refused(&["foods", "estimate", p], p);
    }
}

#[test]
fn rule_files_that_are_not_regular_files_are_refused() {
    let specials = Specials::new("specials-toml", "toml");
    for (path, why) in specials.paths("toml") {
        let message = refused(&["rules", "lint", &path], &path);
        assert_eq!(
            message,
            format!("error: rules lint: cannot read `{path}`: {why}\n")
        );
    }
}

/// A copy of `from` in which `name` is a FIFO.
fn copy_with_fifo(from: &str, test: &str, name: &str) -> PathBuf {
    let dir = temp_dir(test);
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    let target = dir.join(name);
    std::fs::remove_file(&target).unwrap();
    assert!(Command::new("mkfifo")
        .arg(&target)
        .status()
        .unwrap()
        .success());
    dir
}

#[test]
fn a_fifo_in_a_rules_or_content_directory_is_refused() {
    let profile = repo_path("examples/night-cramps.json");
    let rules = copy_with_fifo(&repo_path("crates/rules/rules"), "fifo-rules", "forms.toml");
    let shown = rules.display().to_string();
    let message = refused(
        &["recommend", &profile, "--rules-dir", &shown],
        "forms.toml",
    );
    assert!(message.contains("it is a FIFO (named pipe)"), "{message}");
    let message = refused(&["rules", "lint", &shown], "forms.toml");
    assert!(message.contains("it is a FIFO (named pipe)"), "{message}");

    let content = copy_with_fifo(
        &repo_path("crates/content/data"),
        "fifo-content",
        "foods.toml",
    );
    let shown = content.display().to_string();
    let message = refused(
        &["--content-dir", &shown, "recommend", &profile],
        "foods.toml",
    );
    assert!(message.contains("it is a FIFO (named pipe)"), "{message}");
}

#[test]
fn a_csv_header_without_end_is_refused_quickly() {
    let dir = temp_dir("csv-zero");
    let out = dir.join("out.jsonl").display().to_string();
    let start = Instant::now();
    let message = refused(
        &["batch", "/dev/zero", "--input-format", "csv", "-o", &out],
        "/dev/zero",
    );
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(
        message,
        "error: batch: `/dev/zero` line 1: the header is longer than 65536 bytes, the most read\n"
    );
    // A huge column name: bounded, and quoted cut short.
    let huge = "x".repeat(60_000);
    let input = dir.join("huge.csv");
    std::fs::write(&input, format!("age,{huge}\n40,1\n")).unwrap();
    let input = input.display().to_string();
    let message = refused(&["batch", &input, "-o", &out], &input);
    assert!(message.len() < 400, "{message}");
    assert!(message.contains("not a profile field"), "{message}");
}

#[test]
fn csv_errors_give_the_physical_line() {
    let dir = temp_dir("csv-lines");
    let input = dir.join("in.csv");
    // Blank lines and a quoted line break before the bad row (line 8).
    std::fs::write(
        &input,
        "age,supplements\n\n40,[]\n\n50,\"[\n]\"\n\n400,[]\n",
    )
    .unwrap();
    let input = input.display().to_string();
    let out = dir.join("out.jsonl").display().to_string();
    let message = refused(&["batch", &input, "-o", &out, "--fail-fast"], &input);
    assert!(message.contains("row 3 (line 8)"), "{message}");
}

#[test]
fn a_full_disk_is_an_error_naming_the_output() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let input = repo_path("examples/night-cramps.json");
    let dir = temp_dir("full-disk");
    let rows = dir.join("in.jsonl");
    let line = std::fs::read_to_string(&input).unwrap().replace('\n', " ");
    std::fs::write(&rows, format!("{line}\n").repeat(2000)).unwrap();
    let rows = rows.display().to_string();
    for format in ["jsonl", "csv", "parquet"] {
        let message = refused(
            &["batch", &rows, "-o", "/dev/full", "--output-format", format],
            "/dev/full",
        );
        assert!(
            message.starts_with("error: batch: cannot write `/dev/full`: no space left on device"),
            "{format}: {message}"
        );
    }
}
