//! JWT bearer tokens (CDS Hooks 2.0 "Trusting CDS Clients") against the
//! whole service on a real loopback port, signed with the TEST-ONLY keys of
//! tests/fixtures/ (see its README).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::net::SocketAddr;
use std::path::PathBuf;

use crampwise_cds::{documentation, routes_with, CdsState, Trust};
use crampwise_serve::{Config, ServerBuilder};
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

const ISSUER: &str = "https://ehr.example.org";
const AUDIENCE: &str = "https://cds.example.org/crampwise";
const ORDER: &str = "/cds-services/crampwise-magnesium-order";

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn jwks() -> String {
    std::fs::read_to_string(fixture("test-only-jwks.json")).unwrap()
}

fn trust() -> Trust {
    Trust::new(&jwks(), &[ISSUER.to_owned()], &format!("{AUDIENCE}/")).unwrap()
}

struct Server {
    addr: SocketAddr,
    _runtime: tokio::runtime::Runtime,
}

/// The whole service (API, CDS routes and their documentation), with or
/// without trust.
fn serve(trust: Option<Trust>) -> Server {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let engine = common::engine();
    let state = CdsState::with_trust(engine.clone(), None, trust).unwrap();
    let docs = documentation(state.checks_tokens());
    let config = Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        log_requests: false,
        ..Config::default()
    };
    let bound = ServerBuilder::new(engine)
        .config(config)
        .merge_documented(routes_with(state), docs)
        .bind()
        .unwrap();
    let addr = bound.local_addr().unwrap();
    runtime.spawn(bound.serve(std::future::pending()));
    Server {
        addr,
        _runtime: runtime,
    }
}

fn now() -> i64 {
    i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap()
}

fn claims(path: &str) -> Value {
    json!({
        "iss": ISSUER,
        "aud": format!("{AUDIENCE}{path}"),
        "exp": now() + 300,
        "iat": now(),
        "jti": format!("jti-{}", now()),
    })
}

fn header(alg: Algorithm, kid: &str) -> Header {
    let mut h = Header::new(alg);
    h.kid = Some(kid.to_owned());
    h.typ = Some("JWT".to_owned());
    h
}

fn es384(claims: &Value) -> String {
    sign_with("test-only-es384.pem", "test-ec", claims)
}

fn sign_with(pem: &str, kid: &str, claims: &Value) -> String {
    let pem = std::fs::read(fixture(pem)).unwrap();
    let key = EncodingKey::from_ec_pem(&pem).unwrap();
    encode(&header(Algorithm::ES384, kid), claims, &key).unwrap()
}

fn rs384(claims: &Value) -> String {
    let pem = std::fs::read(fixture("test-only-rs384.pem")).unwrap();
    let key = EncodingKey::from_rsa_pem(&pem).unwrap();
    encode(&header(Algorithm::RS384, "test-rsa"), claims, &key).unwrap()
}

struct Answer {
    status: u16,
    challenge: Option<String>,
    body: Value,
}

fn post(server: &Server, path: &str, authorization: Option<&str>, body: &str) -> Answer {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut request = agent
        .post(&format!("http://{}{path}", server.addr))
        .header("content-type", "application/json");
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let mut response = request.send(body).unwrap();
    let status = response.status().as_u16();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_owned());
    let text = response.body_mut().read_to_string().unwrap();
    Answer {
        status,
        challenge,
        body: serde_json::from_str(&text).unwrap_or_else(|_| panic!("{status}: {text}")),
    }
}

fn call(server: &Server, token: Option<&str>) -> Answer {
    let bearer = token.map(|t| format!("Bearer {t}"));
    post(
        server,
        ORDER,
        bearer.as_deref(),
        &common::fixture_text("order-kidney-disease"),
    )
}

/// A 401 with the challenge and one error at `path` whose message contains `words`.
fn assert_denied(answer: &Answer, path: &str, words: &str) {
    assert_eq!(answer.status, 401, "{}", answer.body);
    let challenge = answer.challenge.as_deref().unwrap_or("");
    assert!(challenge.starts_with("Bearer "), "{challenge:?}");
    let errors = answer.body["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{}", answer.body);
    assert_eq!(errors[0]["path"], path, "{}", answer.body);
    assert_eq!(errors[0]["code"], "invalid_token");
    let message = errors[0]["message"].as_str().unwrap();
    assert!(message.contains(words), "{message}");
}

#[test]
fn valid_es384_and_rs384_tokens_are_accepted() {
    let server = serve(Some(trust()));
    for token in [es384(&claims(ORDER)), rs384(&claims(ORDER))] {
        let answer = call(&server, Some(&token));
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(answer.body["cards"][0]["indicator"], "critical");
    }
    // `aud` may be a list naming the service.
    let mut c = claims(ORDER);
    c["aud"] = json!(["https://other.example.org", format!("{AUDIENCE}{ORDER}")]);
    assert_eq!(call(&server, Some(&es384(&c))).status, 200);
}

#[test]
fn a_missing_or_other_scheme_header_is_401() {
    let server = serve(Some(trust()));
    let answer = call(&server, None);
    assert_denied(&answer, "authorization", "missing `Authorization` header");
    assert_eq!(
        answer.challenge.as_deref(),
        Some("Bearer realm=\"cds-services\"")
    );
    let answer = post(
        &server,
        ORDER,
        Some("Basic dXNlcjpwYXNz"),
        &common::fixture_text("order-kidney-disease"),
    );
    assert_denied(
        &answer,
        "authorization",
        "expected `Bearer <JWT>`, got the scheme `Basic`",
    );
    assert!(!answer.body.to_string().contains("dXNlcjpwYXNz"));
    let answer = call(&server, Some("not.a.jwt"));
    assert_denied(&answer, "authorization", "not a JWT");
    assert!(answer
        .challenge
        .unwrap()
        .contains("error=\"invalid_token\""));
}

#[test]
fn an_expired_token_is_401() {
    let server = serve(Some(trust()));
    let mut c = claims(ORDER);
    c["exp"] = json!(now() - 600);
    c["iat"] = json!(now() - 900);
    let answer = call(&server, Some(&es384(&c)));
    assert_denied(&answer, "authorization.claims.exp", "the token expired at");
    assert_eq!(answer.body["errors"][0]["input"], c["exp"]);
    // Within the leeway it is still good.
    c["exp"] = json!(now() - 10);
    assert_eq!(call(&server, Some(&es384(&c))).status, 200);
}

#[test]
fn a_wrong_audience_is_401() {
    let server = serve(Some(trust()));
    // Another service's URL, another host, and no aud at all.
    for aud in [
        json!(format!("{AUDIENCE}/cds-services/crampwise-cramps")),
        json!(format!("https://evil.example.org/crampwise{ORDER}")),
    ] {
        let mut c = claims(ORDER);
        c["aud"] = aud.clone();
        let answer = call(&server, Some(&es384(&c)));
        assert_denied(
            &answer,
            "authorization.claims.aud",
            &format!("is not this service, expected `{AUDIENCE}{ORDER}`"),
        );
        assert_eq!(answer.body["errors"][0]["input"], aud);
    }
    let mut c = claims(ORDER);
    c.as_object_mut().unwrap().remove("aud");
    assert_denied(
        &call(&server, Some(&es384(&c))),
        "authorization.claims.aud",
        "missing claim `aud`",
    );
}

#[test]
fn an_untrusted_issuer_is_401() {
    let server = serve(Some(trust()));
    let mut c = claims(ORDER);
    c["iss"] = json!("https://other-ehr.example.org");
    assert_denied(
        &call(&server, Some(&es384(&c))),
        "authorization.claims.iss",
        &format!(
            "`https://other-ehr.example.org` is not a trusted issuer, expected one of `{ISSUER}`"
        ),
    );
}

#[test]
fn an_unknown_kid_is_401() {
    let server = serve(Some(trust()));
    let token = sign_with("test-only-es384.pem", "nobody", &claims(ORDER));
    assert_denied(
        &call(&server, Some(&token)),
        "authorization.header.kid",
        "unknown key `nobody`, expected one of `test-ec`, `test-rsa`",
    );
}

#[test]
fn a_tampered_or_foreign_signature_is_401() {
    let server = serve(Some(trust()));
    // The payload changed after signing (another jti), the signature kept.
    let token = es384(&claims(ORDER));
    let parts: Vec<&str> = token.split('.').collect();
    let mut other = claims(ORDER);
    other["jti"] = json!("replayed-with-a-new-id");
    let forged_payload = es384(&other).split('.').nth(1).unwrap().to_owned();
    let tampered = format!("{}.{forged_payload}.{}", parts[0], parts[2]);
    assert_ne!(tampered, token);
    assert_denied(
        &call(&server, Some(&tampered)),
        "authorization",
        "bad signature: the token was not signed by key `test-ec`",
    );
    // Signed by a key that is not in the JWK Set, under a trusted kid.
    let foreign = sign_with("test-only-untrusted-es384.pem", "test-ec", &claims(ORDER));
    assert_denied(
        &call(&server, Some(&foreign)),
        "authorization",
        "bad signature",
    );
}

#[test]
fn hs256_and_other_algorithms_are_refused() {
    let server = serve(Some(trust()));
    let key = EncodingKey::from_secret(b"a shared secret the service never agreed to").unwrap();
    let token = encode(&header(Algorithm::HS256, "test-ec"), &claims(ORDER), &key).unwrap();
    let answer = call(&server, Some(&token));
    assert_denied(
        &answer,
        "authorization.header.alg",
        "`HS256` is not accepted, expected `ES384` or `RS384`",
    );
    assert_eq!(answer.body["errors"][0]["input"], "HS256");
    // An RS384 header on the EC key's kid.
    let pem = std::fs::read(fixture("test-only-rs384.pem")).unwrap();
    let token = encode(
        &header(Algorithm::RS384, "test-ec"),
        &claims(ORDER),
        &EncodingKey::from_rsa_pem(&pem).unwrap(),
    )
    .unwrap();
    assert_denied(
        &call(&server, Some(&token)),
        "authorization.header.alg",
        "`RS384` does not fit key `test-ec`, expected `ES384`",
    );
}

#[test]
fn required_claims_and_header_fields_are_named() {
    let server = serve(Some(trust()));
    for claim in ["jti", "iat", "exp"] {
        let mut c = claims(ORDER);
        c.as_object_mut().unwrap().remove(claim);
        assert_denied(
            &call(&server, Some(&es384(&c))),
            &format!("authorization.claims.{claim}"),
            &format!("missing claim `{claim}`"),
        );
    }
    let pem = std::fs::read(fixture("test-only-es384.pem")).unwrap();
    let key = EncodingKey::from_ec_pem(&pem).unwrap();
    let mut h = header(Algorithm::ES384, "test-ec");
    h.kid = None;
    let token = encode(&h, &claims(ORDER), &key).unwrap();
    assert_denied(
        &call(&server, Some(&token)),
        "authorization.header.kid",
        "missing",
    );
    let mut h = header(Algorithm::ES384, "test-ec");
    h.typ = Some("at+jwt".to_owned());
    let token = encode(&h, &claims(ORDER), &key).unwrap();
    assert_denied(
        &call(&server, Some(&token)),
        "authorization.header.typ",
        "`at+jwt` is not accepted, expected `JWT`",
    );
}

#[test]
fn feedback_needs_a_token_and_discovery_does_not() {
    let server = serve(Some(trust()));
    let path = format!("{ORDER}/feedback");
    let body = json!({"feedback": [{"card": "0a6b7c2e-5d1f-8f3a-9b8e-1c2d3e4f5a61", "outcome": "accepted", "outcomeTimestamp": "2026-06-01T10:00:00Z"}]}).to_string();
    assert_denied(
        &post(&server, &path, None, &body),
        "authorization",
        "missing `Authorization` header",
    );
    // The service's URL or the feedback URL as `aud`.
    for aud in [ORDER.to_owned(), path.clone()] {
        let token = format!("Bearer {}", es384(&claims(&aud)));
        let answer = post(&server, &path, Some(&token), &body);
        assert_eq!(answer.status, 200, "{}", answer.body);
    }
    let response = ureq::get(&format!("http://{}/cds-services", server.addr))
        .call()
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
}

#[test]
fn without_trust_no_token_is_checked() {
    let server = serve(None);
    let answer = call(&server, None);
    assert_eq!(answer.status, 200, "{}", answer.body);
    // Even a token that would be refused is not read.
    let answer = call(&server, Some("not.a.jwt"));
    assert_eq!(answer.status, 200);
}

#[test]
fn the_openapi_document_has_the_cds_endpoints_and_the_bearer_scheme() {
    for tokens in [false, true] {
        let server = serve(tokens.then(trust));
        let mut response = ureq::get(&format!("http://{}/openapi.json", server.addr))
            .call()
            .unwrap();
        let doc: Value =
            serde_json::from_str(&response.body_mut().read_to_string().unwrap()).unwrap();
        let paths = doc["paths"].as_object().unwrap();
        for path in [
            "/cds-services",
            "/cds-services/crampwise-magnesium-order",
            "/cds-services/crampwise-magnesium-order-sign",
            "/cds-services/crampwise-cramps",
            "/cds-services/crampwise-magnesium-order/feedback",
            "/cds-services/crampwise-cramps/feedback",
            "/v1/recommend",
        ] {
            assert!(paths.contains_key(path), "{path} not documented");
        }
        assert!(!paths.contains_key("/cds-services/{id}"));
        let op = &doc["paths"]["/cds-services/crampwise-magnesium-order"]["post"];
        assert_eq!(
            op["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/CdsRequest"
        );
        assert_eq!(
            op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/CdsResponse"
        );
        assert_eq!(
            op["responses"]["400"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ErrorBody"
        );
        let schemas = &doc["components"]["schemas"];
        let request = &schemas["CdsRequest"]["properties"];
        for field in [
            "hook",
            "hookInstance",
            "context",
            "prefetch",
            "fhirServer",
            "fhirAuthorization",
        ] {
            assert!(request.get(field).is_some(), "CdsRequest lacks {field}");
        }
        // The card schema of crates/cds/schema/, its definitions as components.
        assert_eq!(
            schemas["CdsResponse"]["properties"]["cards"]["items"]["$ref"],
            "#/components/schemas/CdsCard"
        );
        assert_eq!(
            schemas["CdsCard"]["properties"]["summary"]["maxLength"],
            139
        );
        let secured = op.get("security").is_some();
        assert_eq!(secured, tokens);
        assert_eq!(
            doc["components"]["securitySchemes"]["cdsJwt"]["bearerFormat"] == "JWT",
            tokens
        );
        // Discovery is open either way.
        assert!(doc["paths"]["/cds-services"]["get"]
            .get("security")
            .is_none());
    }
}

#[test]
fn a_jwk_set_that_cannot_be_used_is_named_at_start() {
    let issuers = [ISSUER.to_owned()];
    let set: Value = serde_json::from_str(&jwks()).unwrap();
    let with = |change: &dyn Fn(&mut Value)| {
        let mut s = set.clone();
        change(&mut s);
        Trust::new(&s.to_string(), &issuers, AUDIENCE)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        with(&|s| s["keys"][0]["d"] = json!("c2VjcmV0")),
        "keys[0].d: a private key; the JWK Set must hold the clients' public keys only"
    );
    assert_eq!(
        with(&|s| s["keys"][0]["crv"] = json!("P-256")),
        "keys[0].crv: `P-256` is not accepted, expected `P-384` (ES384)"
    );
    assert_eq!(
        with(&|s| s["keys"][1]["kid"] = json!("test-ec")),
        "keys[1].kid: `test-ec` is given twice; each key needs its own kid"
    );
    assert_eq!(
        with(&|s| s["keys"][1]["alg"] = json!("RS256")),
        "keys[1].alg: `RS256` is not accepted for a `RSA` key, expected `RS384`"
    );
    assert_eq!(
        with(&|s| s["keys"][0]["kty"] = json!("oct")),
        "keys[0].kty: `oct` is not accepted, expected `EC` (P-384, for ES384) or `RSA` (for RS384)"
    );
    assert_eq!(
        with(&|s| {
            s["keys"][1]["n"] = json!("AQAB");
        }),
        "keys[1].n: a modulus of about `24` bits, expected at least `2048`"
    );
    assert_eq!(
        with(&|s| {
            s["keys"].as_array_mut().unwrap().clear();
        }),
        "keys: no keys; give the trusted clients' public keys"
    );
    assert!(Trust::new("{", &issuers, AUDIENCE)
        .unwrap_err()
        .to_string()
        .starts_with("not JSON: "));
    assert_eq!(
        Trust::new(&jwks(), &[], AUDIENCE).unwrap_err().to_string(),
        "issuer: no issuer; name each trusted client's `iss` (`--cds-issuer`)"
    );
    assert_eq!(
        Trust::new(&jwks(), &issuers, "cds.example.org")
            .unwrap_err()
            .path,
        "audience"
    );
    let missing = Trust::from_file(&fixture("no-such.json"), &issuers, AUDIENCE).unwrap_err();
    assert!(missing.message.starts_with("cannot read `"), "{missing}");
    assert_eq!(
        Trust::from_file(&fixture("test-only-jwks.json"), &issuers, AUDIENCE)
            .unwrap()
            .kids(),
        ["test-ec", "test-rsa"]
    );
}
