//! The service as a client sees it: a real server on a free loopback port,
//! every endpoint, every error status, the limits and the headers.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use crampwise_serve::{Config, ServerBuilder, CONTENT_SECURITY_POLICY};
use serde_json::{json, Value};

/// A server on its own thread and runtime, stopped when dropped.
struct Server {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(config: Config) -> Server {
        Server::start_with(config, None)
    }

    fn start_with(config: Config, extra: Option<axum::Router>) -> Server {
        let engine = crampwise::Engine::shared().unwrap();
        let config = Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            log_requests: false,
            ..config
        };
        let mut builder = ServerBuilder::new(engine).config(config);
        if let Some(extra) = extra {
            builder = builder.merge(extra);
        }
        let bound = builder.bind().unwrap();
        let addr = bound.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime
                .block_on(bound.serve(async {
                    let _ = stopped.await;
                }))
                .unwrap();
        });
        Server {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn get(&self, path: &str) -> Answer {
        answer(agent().get(&self.url(path)).call())
    }

    fn post(&self, path: &str, content_type: &str, body: &str) -> Answer {
        answer(
            agent()
                .post(&self.url(path))
                .header("Content-Type", content_type)
                .send(body),
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// A response: status, headers and body text.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The error paths of an error body, checking its shape.
    fn error_paths(&self) -> Vec<String> {
        let body = self.json();
        let errors = body["errors"].as_array().expect("an `errors` list");
        assert!(!errors.is_empty());
        errors
            .iter()
            .map(|e| {
                assert!(e["message"].is_string(), "{e}");
                assert!(e.get("input").is_some(), "{e}");
                e["path"].as_str().unwrap().to_owned()
            })
            .collect()
    }
}

fn answer(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut response = result.unwrap();
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    let body = response
        .body_mut()
        .with_config()
        .limit(1 << 30)
        .read_to_string()
        .unwrap();
    Answer {
        status,
        headers,
        body,
    }
}

fn repo(path: &str) -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../");
    std::fs::read_to_string(format!("{root}{path}")).unwrap()
}

const NIGHT_CRAMPS: &str = "examples/night-cramps.json";

#[test]
fn health_version_and_openapi() {
    let server = Server::start(Config::default());
    let health = server.get("/healthz");
    assert_eq!(health.status, 200);
    assert_eq!(health.json(), json!({"status": "ok"}));

    let engine = crampwise::Engine::shared().unwrap();
    let version = server.get("/v1/version").json();
    assert_eq!(version["content"], engine.content_version());
    assert_eq!(version["rules"], engine.rules_version());
    assert_eq!(version["crampwise"], env!("CARGO_PKG_VERSION"));

    let doc = server.get("/openapi.json");
    assert_eq!(doc.status, 200);
    let doc = doc.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/healthz",
        "/openapi.json",
        "/v1/recommend",
        "/v1/recommend/batch",
        "/v1/labels/check",
        "/v1/foods/estimate",
        "/v1/schema/{kind}",
        "/v1/rules",
        "/v1/rules/{id}",
        "/v1/content/{collection}",
        "/v1/version",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} not documented");
    }
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        doc["paths"]["/v1/recommend"]["post"]["requestBody"]["content"]["application/json"]
            ["schema"]["$ref"],
        "#/components/schemas/Profile"
    );
    assert_eq!(schemas["Profile"]["title"], "Profile");
    assert_eq!(schemas["Plan"]["title"], "Plan");
    // Every reference resolves inside the document: the contract's `$defs` moved along.
    let text = doc.to_string();
    assert!(!text.contains("#/$defs/"));
    for piece in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = &piece[..piece.find('"').unwrap()];
        assert!(schemas.get(name).is_some(), "dangling reference to {name}");
    }
}

#[test]
fn recommend_is_the_plan_json_of_the_engine() {
    let server = Server::start(Config::default());
    let engine = crampwise::Engine::shared().unwrap();
    for example in [
        NIGHT_CRAMPS,
        "examples/warning-signs.json",
        "examples/cyclist.json",
    ] {
        let profile = repo(example);
        let got = server.post("/v1/recommend", "application/json", &profile);
        assert_eq!(got.status, 200, "{example}: {}", got.body);
        assert_eq!(got.header("content-type"), Some("application/json"));
        assert_eq!(got.body, engine.recommend_json(&profile).unwrap().to_json());
    }
    // Parameters of the media type are fine.
    let got = server.post(
        "/v1/recommend",
        "application/json; charset=utf-8",
        &repo(NIGHT_CRAMPS),
    );
    assert_eq!(got.status, 200);
}

#[test]
fn recommend_errors_have_their_status_and_paths() {
    let server = Server::start(Config::default());
    let invalid = server.post(
        "/v1/recommend",
        "application/json",
        &repo("tests/fixtures/profile-out-of-range.json"),
    );
    assert_eq!(invalid.status, 422);
    assert_eq!(
        invalid.error_paths(),
        ["cramps.per_week", "lifestyle.stress"]
    );
    let first = &invalid.json()["errors"][0];
    assert_eq!(first["input"], -3);
    assert_eq!(first["code"], "invalid_profile");

    let typo = server.post(
        "/v1/recommend",
        "application/json",
        r#"{"age": 40, "conditons": []}"#,
    );
    assert_eq!(typo.status, 422);
    assert_eq!(typo.error_paths(), ["conditons"]);

    let malformed = server.post("/v1/recommend", "application/json", r#"{"age": 40"#);
    assert_eq!(malformed.status, 400, "{}", malformed.body);
    assert_eq!(malformed.error_paths(), [""]);
    assert!(malformed.json()["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("not valid JSON"));

    let wrong_type = server.post("/v1/recommend", "text/plain", &repo(NIGHT_CRAMPS));
    assert_eq!(wrong_type.status, 415);
    assert!(wrong_type.body.contains("expected `application/json`"));
    let no_type = answer(agent().post(&server.url("/v1/recommend")).send("{}"));
    assert_eq!(no_type.status, 415);

    let not_utf8 = answer(
        agent()
            .post(&server.url("/v1/recommend"))
            .header("Content-Type", "application/json")
            .send(&[0xff_u8, 0xfe, b'{'][..]),
    );
    assert_eq!(not_utf8.status, 400);

    let wrong_method = server.get("/v1/recommend");
    assert_eq!(wrong_method.status, 405);
    let unknown = server.get("/v2/nothing");
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.error_paths(), [""]);
}

#[test]
fn bodies_over_the_limit_are_413_whether_announced_or_streamed() {
    let server = Server::start(Config::default());
    let announced = announce(server.addr, "/v1/recommend", (1 << 20) + 1);
    assert!(announced.starts_with("HTTP/1.1 413"), "{announced}");
    assert!(
        announced.contains(
            r#"{"errors":[{"path":"","message":"the request body is larger than 1048576 bytes"#
        ),
        "{announced}"
    );
    let big = format!("{{\"age\": 40, \"note\": \"{}\"}}", "x".repeat(1 << 20));

    // Chunked (no Content-Length): refused once the limit is passed.
    let streamed = answer(
        agent()
            .post(&server.url("/v1/foods/estimate"))
            .header("Content-Type", "application/json")
            .send(ureq::SendBody::from_reader(&mut big.as_bytes())),
    );
    assert_eq!(streamed.status, 413, "{}", streamed.body);
}

#[test]
fn every_response_has_the_security_headers_and_no_cors_by_default() {
    let server = Server::start(Config::default());
    for answer in [
        server.get("/healthz"),
        server.get("/nothing"),
        server.post("/v1/recommend", "text/plain", "x"),
        server.post("/v1/recommend", "application/json", "{"),
    ] {
        assert_eq!(
            answer.header("content-security-policy"),
            Some(CONTENT_SECURITY_POLICY)
        );
        assert!(CONTENT_SECURITY_POLICY.contains("frame-ancestors 'none'"));
        assert!(!CONTENT_SECURITY_POLICY.contains("unsafe-inline"));
        assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(answer.header("referrer-policy"), Some("no-referrer"));
        assert_eq!(answer.header("access-control-allow-origin"), None);
    }
    let preflight = answer(
        agent()
            .options(&server.url("/v1/recommend"))
            .header("Origin", "https://app.example.org")
            .header("Access-Control-Request-Method", "POST")
            .call(),
    );
    assert_eq!(preflight.header("access-control-allow-origin"), None);
}

#[test]
fn cors_allows_the_one_origin_given() {
    let server = Server::start(Config {
        cors_origin: Some("https://app.example.org".to_owned()),
        ..Config::default()
    });
    let call = |origin: &str| {
        answer(
            agent()
                .get(&server.url("/healthz"))
                .header("Origin", origin)
                .call(),
        )
    };
    assert_eq!(
        call("https://app.example.org").header("access-control-allow-origin"),
        Some("https://app.example.org")
    );
    // Another origin is never allowed (the browser sees only the one origin).
    assert_ne!(
        call("https://evil.example.com").header("access-control-allow-origin"),
        Some("https://evil.example.com")
    );
}

#[test]
fn extra_routers_get_the_same_middleware() {
    let extra = axum::Router::new().route(
        "/hello",
        axum::routing::post(|body: String| async move { format!("{} bytes", body.len()) }),
    );
    let server = Server::start_with(Config::default(), Some(extra));
    let hello = server.post("/hello", "text/plain", "abc");
    assert_eq!(hello.status, 200);
    assert_eq!(hello.body, "3 bytes");
    assert_eq!(
        hello.header("content-security-policy"),
        Some(CONTENT_SECURITY_POLICY)
    );
    let refused = announce(server.addr, "/hello", (1 << 20) + 1);
    assert!(refused.starts_with("HTTP/1.1 413"), "{refused}");
}

/// The response to a POST that announces `length` bytes and sends none.
fn announce(addr: SocketAddr, path: &str, length: usize) -> String {
    let mut stream = open_request(addr, path, length, "");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut buf = vec![0_u8; 8192];
    let n = stream.read(&mut buf).unwrap();
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

/// Sends the head of a POST announcing `length` bytes and `sent` of them,
/// and leaves the request open.
fn open_request(addr: SocketAddr, path: &str, length: usize, sent: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n{sent}"
    )
    .unwrap();
    stream.flush().unwrap();
    stream
}

/// Waits (5 s at most) until the server answers a plan again.
fn plans_again_within_seconds(server: &Server) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let again = server.post("/v1/recommend", "application/json", &repo(NIGHT_CRAMPS));
        if again.status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "still {}", again.status);
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn overload_is_503_with_retry_after_not_a_queue() {
    let server = Server::start(Config {
        max_concurrency: 2,
        ..Config::default()
    });
    // Two requests whose bodies never finish hold both permits.
    let held: Vec<TcpStream> = (0..2)
        .map(|_| open_request(server.addr, "/v1/recommend", 100, "{\"age\""))
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    let busy = server.post("/v1/recommend", "application/json", &repo(NIGHT_CRAMPS));
    assert_eq!(busy.status, 503, "{}", busy.body);
    assert_eq!(busy.header("retry-after"), Some("1"));
    assert_eq!(busy.error_paths(), [""]);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "answered at once"
    );
    assert_eq!(
        busy.header("content-security-policy"),
        Some(CONTENT_SECURITY_POLICY)
    );
    drop(held);
    // The permits come back when those requests end.
    plans_again_within_seconds(&server);
}

#[test]
fn past_the_connection_cap_a_new_connection_is_503_and_closed() {
    let server = Server::start(Config {
        max_connections: 3,
        ..Config::default()
    });
    // Three idle connections fill the cap: the server has accepted them and
    // waits for their requests.
    let idle: Vec<TcpStream> = (0..3)
        .map(|_| TcpStream::connect(server.addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    let busy = server.post("/v1/recommend", "application/json", &repo(NIGHT_CRAMPS));
    assert_eq!(busy.status, 503, "{}", busy.body);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "answered at once"
    );
    assert_eq!(busy.header("retry-after"), Some("1"));
    assert_eq!(busy.header("connection"), Some("close"));
    assert_eq!(busy.header("content-type"), Some("application/json"));
    assert_eq!(
        busy.header("content-security-policy"),
        Some(CONTENT_SECURITY_POLICY)
    );
    assert_eq!(busy.error_paths(), [""]);
    let body: Value = serde_json::from_str(&busy.body).unwrap();
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("the service has as many connections open as it may"),
        "{body}"
    );
    // A closed connection frees its place.
    drop(idle);
    plans_again_within_seconds(&server);
}

#[test]
fn a_request_slower_than_the_timeout_is_503() {
    let server = Server::start(Config {
        request_timeout: Duration::from_millis(300),
        ..Config::default()
    });
    let started = Instant::now();
    let mut stream = open_request(server.addr, "/v1/recommend", 100, "{\"age\"");
    let mut response = String::new();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut buf = [0_u8; 4096];
    let n = stream.read(&mut buf).unwrap();
    response.push_str(&String::from_utf8_lossy(&buf[..n]));
    assert!(response.starts_with("HTTP/1.1 503"), "{response}");
    assert!(
        response.contains("did not complete within 300 ms"),
        "{response}"
    );
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn batch_streams_one_line_out_per_line_in() {
    let server = Server::start(Config::default());
    let engine = crampwise::Engine::shared().unwrap();
    let fixture = repo("tests/fixtures/cross_language_profiles.jsonl");
    let input = format!("{fixture}{{\"age\": 400}}\n\nnot json\r\n{{\"age\": 30}}");
    let got = server.post("/v1/recommend/batch", "application/jsonl", &input);
    assert_eq!(got.status, 200);
    assert_eq!(got.header("content-type"), Some("application/jsonl"));
    let lines: Vec<&str> = got.body.lines().collect();
    let expected: Vec<String> = input
        .lines()
        .enumerate()
        .map(
            |(i, line)| match engine.profile_line(line.as_bytes(), line.len()) {
                Ok(profile) => engine.rules_engine().evaluate(&profile).to_json(),
                Err(errors) => crampwise::jsonl::error_line(i + 1, &errors, true),
            },
        )
        .collect();
    assert_eq!(lines.len(), expected.len());
    for (i, (got, want)) in lines.iter().zip(&expected).enumerate() {
        assert_eq!(got, want, "line {}", i + 1);
    }
    let n = fixture.lines().count();
    assert!(lines[n].starts_with(r#"{"error":{"line":"#));
    assert!(lines[n + 1].contains("empty line"));

    // Chunked in, with x-ndjson.
    let streamed = answer(
        agent()
            .post(&server.url("/v1/recommend/batch"))
            .header("Content-Type", "application/x-ndjson")
            .send(ureq::SendBody::from_reader(&mut fixture.as_bytes())),
    );
    assert_eq!(streamed.status, 200);
    assert_eq!(streamed.body.lines().count(), n);
    assert_eq!(
        server
            .post("/v1/recommend/batch", "application/json", "{}")
            .status,
        415
    );
}

#[test]
fn batch_stops_at_the_line_and_size_limits() {
    let server = Server::start(Config {
        max_batch_lines: 3,
        max_batch_bytes: 4096,
        ..Config::default()
    });
    let got = server.post(
        "/v1/recommend/batch",
        "application/jsonl",
        &"{\"age\": 40}\n".repeat(5),
    );
    assert_eq!(got.status, 200);
    let lines: Vec<&str> = got.body.lines().collect();
    assert_eq!(lines.len(), 4);
    let last: Value = serde_json::from_str(lines[3]).unwrap();
    assert_eq!(last["error"]["line"], 4);
    assert!(last["error"]["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("more than 3 lines"));

    let announced = announce(server.addr, "/v1/recommend/batch", 4097);
    assert!(announced.starts_with("HTTP/1.1 413"), "{announced}");
    let streamed = answer(
        agent()
            .post(&server.url("/v1/recommend/batch"))
            .header("Content-Type", "application/jsonl")
            .send(ureq::SendBody::from_reader(
                &mut "{\"age\": 40}\n".repeat(1000).as_bytes(),
            )),
    );
    assert_eq!(streamed.status, 200);
    let last = streamed.body.lines().last().unwrap().to_owned();
    assert!(last.contains("larger than 4096 bytes"), "{last}");
}

#[test]
fn labels_as_text_json_and_with_a_profile() {
    let server = Server::start(Config::default());
    let engine = crampwise::Engine::shared().unwrap();
    let text = repo("examples/labels/glycinate-capsules.txt");
    let got = server.post("/v1/labels/check", "text/plain", &text);
    assert_eq!(got.status, 200, "{}", got.body);
    assert_eq!(
        got.body,
        engine
            .check_label(crampwise::LabelInput::Text(&text), None)
            .unwrap()
            .to_json()
    );

    let json_label = repo("examples/labels/citrate-powder.json");
    let got = server.post("/v1/labels/check", "application/json", &json_label);
    assert_eq!(got.status, 200, "{}", got.body);
    assert_eq!(
        got.body,
        engine
            .check_label(crampwise::LabelInput::Json(&json_label), None)
            .unwrap()
            .to_json()
    );

    let cyclist = repo("examples/cyclist.json");
    let profile = engine
        .profile(crampwise::ProfileInput::Json(&cyclist))
        .unwrap();
    let expected = engine
        .check_label(crampwise::LabelInput::Text(&text), Some(&profile))
        .unwrap()
        .to_json();
    let query: String = cyclist
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let got = server.post(
        &format!("/v1/labels/check?profile={query}"),
        "text/plain",
        &text,
    );
    assert_eq!(got.status, 200, "{}", got.body);
    assert_eq!(got.body, expected);

    let wrapped =
        json!({"label": text, "profile": serde_json::from_str::<Value>(&cyclist).unwrap()});
    let got = server.post("/v1/labels/check", "application/json", &wrapped.to_string());
    assert_eq!(got.status, 200, "{}", got.body);
    assert_eq!(
        got.json()["fit"],
        serde_json::from_str::<Value>(&expected).unwrap()["fit"]
    );

    // Errors: the bad value's path, under `label` or `profile` when wrapped.
    let bad = server.post(
        "/v1/labels/check",
        "application/json",
        &repo("tests/fixtures/label-bad-unit.json"),
    );
    assert_eq!(bad.status, 422);
    assert_eq!(bad.error_paths(), ["ingredients[0].unit"]);
    let bad_profile = server.post(
        "/v1/labels/check",
        "application/json",
        &json!({"label": text, "profile": {"age": 400}}).to_string(),
    );
    assert_eq!(bad_profile.status, 422);
    assert_eq!(bad_profile.error_paths(), ["profile.age"]);
    let bad_query = server.post("/v1/labels/check?profile=%7B", "text/plain", &text);
    assert_eq!(bad_query.status, 400);
    assert_eq!(bad_query.error_paths(), ["profile"]);
    let unknown_param = server.post("/v1/labels/check?profle=1", "text/plain", &text);
    assert_eq!(unknown_param.status, 400);
    assert_eq!(
        server
            .post("/v1/labels/check", "application/json", "{")
            .status,
        400
    );
    assert_eq!(
        server.post("/v1/labels/check", "image/png", "x").status,
        415
    );
}

#[test]
fn foods_estimate_and_its_errors() {
    let server = Server::start(Config::default());
    let engine = crampwise::Engine::shared().unwrap();
    let week = repo("examples/foods/week.json");
    let got = server.post("/v1/foods/estimate", "application/json", &week);
    assert_eq!(got.status, 200, "{}", got.body);
    let value: Value = serde_json::from_str(&week).unwrap();
    let expected = engine
        .estimate_foods(crampwise::FoodsInput::Value(&value))
        .unwrap();
    assert_eq!(got.body, serde_json::to_string(&expected).unwrap());

    let unknown = server.post(
        "/v1/foods/estimate",
        "application/json",
        r#"{"age": 40, "foods": [{"id": "almond", "servings": 1}]}"#,
    );
    assert_eq!(unknown.status, 422);
    assert_eq!(unknown.error_paths(), ["foods[0].id"]);
    assert_eq!(unknown.json()["errors"][0]["code"], "invalid_foods");
    assert_eq!(
        server
            .post("/v1/foods/estimate", "application/json", "[")
            .status,
        400
    );
    assert_eq!(
        server.post("/v1/foods/estimate", "text/csv", "a,b").status,
        415
    );
}

#[test]
fn schema_rules_and_content() {
    let server = Server::start(Config::default());
    let engine = crampwise::Engine::shared().unwrap();
    let profile = server.get("/v1/schema/profile");
    assert_eq!(profile.status, 200);
    assert_eq!(profile.body, crampwise::schema::profile_schema());
    assert_eq!(
        server.get("/v1/schema/plan").body,
        crampwise::schema::plan_schema()
    );
    let unknown = server.get("/v1/schema/plans");
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.error_paths(), [""]);

    let rules = server.get("/v1/rules");
    assert_eq!(rules.status, 200);
    assert_eq!(rules.body, engine.rules_json());
    let rule = server.get("/v1/rules/dvt_signs");
    assert_eq!(rule.status, 200);
    let rule = rule.json();
    assert_eq!(rule["id"], "dvt_signs");
    assert_eq!(
        rule["explanation"],
        engine.explain_rule("dvt_signs").unwrap()
    );
    let missing = server.get("/v1/rules/dvt_sign");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["errors"][0]["code"], "unknown_rule");
    assert!(missing.json()["errors"][0]["help"]
        .as_str()
        .unwrap()
        .contains("dvt_signs"));

    let forms = server.get("/v1/content/forms");
    assert_eq!(forms.status, 200);
    assert_eq!(forms.json().as_array().unwrap().len(), 14);
    assert_eq!(
        forms.body,
        engine
            .content()
            .collection_json("forms")
            .unwrap()
            .to_string()
    );
    let typo = server.get("/v1/content/fromz");
    assert_eq!(typo.status, 404);
    assert!(typo.json()["errors"][0]["help"]
        .as_str()
        .unwrap()
        .contains("forms"));
}
