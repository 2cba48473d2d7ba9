//! `crampwise serve`, the real binary: where it says it listens, the same
//! plans as `crampwise recommend` over the cross-language fixtures, its
//! options, and a graceful stop on SIGTERM.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStderr, Command, Stdio};
use std::time::Duration;

use common::{ok, repo_path, run_with_stdin, stdout, EXAMPLES};

/// A running `crampwise serve`, killed when dropped.
struct Serve {
    child: Child,
    addr: String,
    stderr: BufReader<ChildStderr>,
}

impl Serve {
    fn start(args: &[&str]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_crampwise"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut first = String::new();
        stderr.read_line(&mut first).unwrap();
        let addr = first
            .trim_end()
            .strip_prefix("crampwise serve: listening on http://")
            .unwrap_or_else(|| panic!("first line: {first:?}"))
            .to_owned();
        assert!(!addr.ends_with(":0"), "{addr}");
        Serve {
            child,
            addr,
            stderr,
        }
    }

    fn post(&self, path: &str, content_type: &str, body: &str) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut response = agent
            .post(&format!("http://{}{path}", self.addr))
            .header("Content-Type", content_type)
            .send(body)
            .unwrap();
        let body = response
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_string()
            .unwrap();
        (response.status().as_u16(), body)
    }

    /// Sends SIGTERM.
    fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for the process to exit and returns its code and the rest of stderr.
    fn wait(mut self) -> (Option<i32>, String) {
        let mut rest = String::new();
        self.stderr.read_to_string(&mut rest).unwrap();
        let status = self.child.wait().unwrap();
        (status.code(), rest)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn plans_are_the_cli_plans_over_the_cross_language_fixtures() {
    let serve = Serve::start(&["--quiet"]);
    let fixture =
        std::fs::read_to_string(repo_path("tests/fixtures/cross_language_profiles.jsonl")).unwrap();
    let cli = run_with_stdin(&["recommend", "--jsonl", "-"], fixture.as_bytes());
    let cli_lines: Vec<String> = stdout(&cli).lines().map(str::to_owned).collect();
    assert_eq!(cli_lines.len(), fixture.lines().count());

    let (status, batch) = serve.post("/v1/recommend/batch", "application/jsonl", &fixture);
    assert_eq!(status, 200);
    let batch: Vec<&str> = batch.lines().collect();
    assert_eq!(batch, cli_lines, "batch and `recommend --jsonl` differ");

    // One at a time too, against `recommend --format json` (its `--jsonl` lines are those).
    for (i, (profile, want)) in fixture.lines().zip(&cli_lines).enumerate().step_by(10) {
        let (status, plan) = serve.post("/v1/recommend", "application/json", profile);
        if want.starts_with("{\"error\"") {
            assert_eq!(status, 422, "line {}", i + 1);
        } else {
            assert_eq!(status, 200, "line {}", i + 1);
            assert_eq!(&plan, want, "line {}", i + 1);
        }
    }
    for example in EXAMPLES {
        let path = repo_path(example);
        let cli = ok(&["recommend", &path, "--format", "json"]);
        let profile = std::fs::read_to_string(&path).unwrap();
        let (status, plan) = serve.post("/v1/recommend", "application/json", &profile);
        assert_eq!(status, 200, "{example}");
        assert_eq!(plan, cli.strip_suffix('\n').unwrap(), "{example}");
    }
}

#[test]
fn rules_dir_is_used_as_by_recommend() {
    let serve = Serve::start(&["--quiet", "--rules-dir", &repo_path("crates/rules/rules")]);
    let profile = std::fs::read_to_string(repo_path("examples/night-cramps.json")).unwrap();
    let (status, plan) = serve.post("/v1/recommend", "application/json", &profile);
    assert_eq!(status, 200);
    let cli = ok(&[
        "recommend",
        &repo_path("examples/night-cramps.json"),
        "--format",
        "json",
        "--rules-dir",
        &repo_path("crates/rules/rules"),
    ]);
    assert_eq!(plan, cli.trim_end());

    let bad = common::run(&[
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--rules-dir",
        "/nonexistent",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(common::stderr(&bad).contains("--rules-dir"));
}

#[test]
fn requests_are_logged_without_bodies_or_queries() {
    let mut serve = Serve::start(&[]);
    let (status, _) = serve.post(
        "/v1/labels/check?profile=%7B%22age%22%3A40%7D",
        "text/plain",
        "Magnesium (as magnesium oxide) 400 mg",
    );
    assert_eq!(status, 200);
    let mut line = String::new();
    serve.stderr.read_line(&mut line).unwrap();
    assert!(
        line.starts_with("crampwise serve: POST /v1/labels/check 200 "),
        "{line}"
    );
    assert!(line.trim_end().ends_with(" ms"), "{line}");
    assert!(!line.contains("age") && !line.contains("oxide"), "{line}");
}

#[test]
fn sigterm_lets_the_request_in_flight_finish_then_exits() {
    let serve = Serve::start(&["--quiet"]);
    let profile = std::fs::read_to_string(repo_path("examples/night-cramps.json")).unwrap();
    let (head, tail) = profile.split_at(10);
    let mut stream = TcpStream::connect(&serve.addr).unwrap();
    write!(
        stream,
        "POST /v1/recommend HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{head}",
        profile.len()
    )
    .unwrap();
    stream.flush().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    serve.terminate();
    std::thread::sleep(Duration::from_millis(200));
    stream.write_all(tail.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let (code, stderr) = serve.wait();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("crampwise serve: shutting down"),
        "{stderr}"
    );
    assert!(
        stderr.trim_end().ends_with("crampwise serve: stopped"),
        "{stderr}"
    );
}

#[test]
fn cds_tokens_are_checked_with_the_cds_flags() {
    let jwks = repo_path("crates/cds/tests/fixtures/test-only-jwks.json");
    let serve = Serve::start(&[
        "--quiet",
        "--cds-jwks",
        &jwks,
        "--cds-issuer",
        "https://ehr.example.org",
        "--cds-audience",
        "https://cds.example.org",
    ]);
    let request = std::fs::read_to_string(repo_path(
        "crates/cds/tests/data/requests/order-kidney-disease.json",
    ))
    .unwrap();
    let (status, body) = serve.post(
        "/cds-services/crampwise-magnesium-order",
        "application/json",
        &request,
    );
    assert_eq!(status, 401, "{body}");
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["errors"][0]["path"], "authorization");
    // The API and discovery need no token.
    let (status, _) = serve.post(
        "/v1/recommend",
        "application/json",
        &std::fs::read_to_string(repo_path("examples/night-cramps.json")).unwrap(),
    );
    assert_eq!(status, 200);
    let get = |path: &str| {
        let mut r = ureq::get(&format!("http://{}{path}", serve.addr))
            .call()
            .unwrap();
        r.body_mut().read_to_string().unwrap()
    };
    assert!(get("/cds-services").contains("crampwise-magnesium-order"));
    let doc: serde_json::Value = serde_json::from_str(&get("/openapi.json")).unwrap();
    assert_eq!(
        doc["components"]["securitySchemes"]["cdsJwt"]["scheme"],
        "bearer"
    );
}

#[test]
fn cds_jurisdiction_sets_whose_upper_limit_the_cards_use() {
    let request = std::fs::read_to_string(repo_path(
        "crates/cds/tests/data/requests/order-dose-above-limit.json",
    ))
    .unwrap();
    let summary = |args: &[&str]| {
        let serve = Serve::start(args);
        let (status, body) = serve.post(
            "/cds-services/crampwise-magnesium-order",
            "application/json",
            &request,
        );
        assert_eq!(status, 200, "{body}");
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        body["cards"][0]["summary"].as_str().unwrap().to_owned()
    };
    let eu = summary(&["--quiet", "--cds-jurisdiction", "eu"]);
    assert!(eu.contains("250 mg a day this patient can add"), "{eu}");
    let us = summary(&["--quiet"]);
    assert!(us.contains("350 mg a day this patient can add"), "{us}");
}

#[test]
fn a_jwk_set_that_cannot_be_used_stops_serve_at_start() {
    let dir = std::env::temp_dir().join(format!("crampwise-cds-jwks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("private.json");
    let mut set: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_path("crates/cds/tests/fixtures/test-only-jwks.json"))
            .unwrap(),
    )
    .unwrap();
    set["keys"][1]["d"] = serde_json::json!("c2VjcmV0");
    std::fs::write(&path, set.to_string()).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_crampwise"))
        .args(["serve", "--addr", "127.0.0.1:0", "--cds-jwks"])
        .arg(&path)
        .args(["--cds-issuer", "https://ehr.example.org"])
        .args(["--cds-audience", "https://cds.example.org"])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr.trim_end(),
        format!(
            "error: serve: --cds-jwks `{}` keys[1].d: a private key; the JWK Set must hold the clients' public keys only",
            path.display()
        )
    );
}
