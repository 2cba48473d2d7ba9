//! Trusting CDS clients (HL7 CDS Hooks 2.0, "Trusting CDS Clients"): the
//! EHR sends `Authorization: Bearer <JWT>`, signed with ES384 or RS384 by a
//! key of its JWK Set, with the claims `iss` (the client), `aud` (the URL of
//! the service endpoint called), `exp`, `iat` and `jti`.
//!
//! A [`Trust`] holds the trusted clients' public keys (a JWK Set read once,
//! at start; keys are never fetched from `jku` or any other URL), the
//! accepted issuers and the public base URL the EHR calls (behind a proxy
//! the server cannot know it). Without a [`Trust`] the services check no
//! token and trust the network they are reachable from.

use std::path::Path;

use axum::http::HeaderValue;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{json, Map, Value};

/// Largest JWK Set file accepted, in bytes.
const MAX_JWKS_BYTES: u64 = 1024 * 1024;

/// Seconds of clock difference allowed between the EHR and this service.
pub const LEEWAY_SECONDS: i64 = 60;

/// The trusted CDS clients: their keys, issuers, and where they call.
#[derive(Clone)]
pub struct Trust {
    keys: Vec<TrustedKey>,
    issuers: Vec<String>,
    audience: String,
}

impl std::fmt::Debug for Trust {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Trust")
            .field("kids", &self.kids())
            .field("issuers", &self.issuers)
            .field("audience", &self.audience)
            .finish()
    }
}

#[derive(Clone)]
struct TrustedKey {
    kid: String,
    alg: Algorithm,
    key: DecodingKey,
}

/// A JWK Set or setting that cannot be used: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if path.is_empty() { String::new() } else { format!("{path}: ") })]
pub struct TrustError {
    /// Where: a path in the JWK Set (`keys[1].crv`), or the setting
    /// (`issuer`, `audience`); empty for the whole file.
    pub path: String,
    /// Lowercase, the offending input in backticks.
    pub message: String,
}

fn at(path: impl Into<String>, message: impl Into<String>) -> TrustError {
    TrustError {
        path: path.into(),
        message: message.into(),
    }
}

/// Why a call's token is not accepted (answered 401).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct AuthError {
    /// Where the problem is: `authorization` (the header),
    /// `authorization.header.alg`, `authorization.claims.aud`, ...
    pub path: String,
    /// Lowercase, the offending input in backticks (never the token).
    pub message: String,
    /// The offending value (a claim or header field), `null` when none.
    pub input: Value,
}

fn deny(path: &str, message: impl Into<String>, input: Value) -> AuthError {
    AuthError {
        path: path.to_owned(),
        message: message.into(),
        input,
    }
}

fn ticks(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `s` is unpadded base64url text.
fn base64url(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Trust {
    /// Trust from a JWK Set's text, the accepted issuers and the public base
    /// URL of the service (`https://cds.example.org`: tokens must name
    /// `https://cds.example.org/cds-services/{id}` as `aud`).
    ///
    /// # Errors
    /// The first problem, with its path: text that is not JSON, no `keys`,
    /// a key without `kid` or with one given twice, a key type other than
    /// `EC` on P-384 or `RSA` of at least 2048 bits, an `alg` other than
    /// `ES384`/`RS384`, a `use` other than `sig`, private key material, no
    /// issuer, an audience that is not an absolute http(s) URL.
    pub fn new(jwks: &str, issuers: &[String], audience: &str) -> Result<Trust, TrustError> {
        let set: Value =
            serde_json::from_str(jwks).map_err(|e| at("", format!("not JSON: {e}")))?;
        let keys = match set.get("keys") {
            Some(Value::Array(keys)) => keys,
            Some(other) => {
                return Err(at(
                    "keys",
                    format!("expected an array of keys, got `{other}`"),
                ))
            }
            None => {
                return Err(at(
                    "keys",
                    "missing; a JWK Set is `{\"keys\": [...]}` with the clients' public keys",
                ))
            }
        };
        if keys.is_empty() {
            return Err(at("keys", "no keys; give the trusted clients' public keys"));
        }
        let mut trusted: Vec<TrustedKey> = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            let k = read_key(&format!("keys[{i}]"), key)?;
            if trusted.iter().any(|t| t.kid == k.kid) {
                return Err(at(
                    format!("keys[{i}].kid"),
                    format!("`{}` is given twice; each key needs its own kid", k.kid),
                ));
            }
            trusted.push(k);
        }
        let issuers: Vec<String> = issuers.iter().map(|i| i.trim().to_owned()).collect();
        if issuers.is_empty() {
            return Err(at(
                "issuer",
                "no issuer; name each trusted client's `iss` (`--cds-issuer`)",
            ));
        }
        if let Some(empty) = issuers.iter().position(String::is_empty) {
            return Err(at(
                format!("issuer[{empty}]"),
                "empty; expected the client's `iss`",
            ));
        }
        let base = audience.trim().trim_end_matches('/');
        let absolute = ["https://", "http://"].iter().any(|s| {
            base.strip_prefix(s)
                .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        });
        if !absolute || base.contains(['?', '#', ' ']) {
            return Err(at(
                "audience",
                format!(
                    "`{audience}` is not a base URL, expected the public `https://host[/prefix]` the EHR calls"
                ),
            ));
        }
        Ok(Trust {
            keys: trusted,
            issuers,
            audience: base.to_owned(),
        })
    }

    /// [`Trust::new`] with the JWK Set read from `path` (at most 1 MiB).
    ///
    /// # Errors
    /// The file cannot be read, or the problems of [`Trust::new`].
    pub fn from_file(path: &Path, issuers: &[String], audience: &str) -> Result<Trust, TrustError> {
        let shown = path.display();
        let size = std::fs::metadata(path)
            .map_err(|e| at("", format!("cannot read `{shown}`: {e}")))?
            .len();
        if size > MAX_JWKS_BYTES {
            return Err(at(
                "",
                format!("`{shown}` has `{size}` bytes, more than the `{MAX_JWKS_BYTES}` a JWK Set may have"),
            ));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| at("", format!("cannot read `{shown}`: {e}")))?;
        Trust::new(&text, issuers, audience)
    }

    /// The key ids trusted.
    pub fn kids(&self) -> Vec<String> {
        self.keys.iter().map(|k| k.kid.clone()).collect()
    }

    /// The URL tokens must name as `aud` for the endpoint at `path`
    /// (`/cds-services/{id}`).
    pub fn audience_of(&self, path: &str) -> String {
        format!("{}{path}", self.audience)
    }

    /// Checks the `Authorization` header of a call of `service_path`
    /// (`/cds-services/{id}`; a feedback call's token may also name
    /// `{service}/feedback`) at the current time.
    ///
    /// # Errors
    /// What is wrong with the header or token, with its path.
    pub fn check(
        &self,
        authorization: Option<&HeaderValue>,
        service_path: &str,
        feedback: bool,
    ) -> Result<(), AuthError> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        self.check_at(authorization, service_path, feedback, now)
    }

    /// [`Trust::check`] at `now` (unix seconds).
    ///
    /// # Errors
    /// As [`Trust::check`].
    pub fn check_at(
        &self,
        authorization: Option<&HeaderValue>,
        service_path: &str,
        feedback: bool,
        now: i64,
    ) -> Result<(), AuthError> {
        const HEADER: &str = "authorization";
        let Some(value) = authorization else {
            return Err(deny(
                HEADER,
                "missing `Authorization` header; this service needs `Authorization: Bearer <JWT>`",
                Value::Null,
            ));
        };
        let text = value.to_str().unwrap_or("");
        let (scheme, token) = text.trim().split_once(' ').unwrap_or((text, ""));
        if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
            return Err(deny(
                HEADER,
                format!(
                    "expected `Bearer <JWT>`, got the scheme `{}`",
                    scheme.chars().take(20).collect::<String>()
                ),
                Value::Null,
            ));
        }
        let token = token.trim();
        let header = jsonwebtoken::decode_header(token)
            .map_err(|e| deny(HEADER, format!("not a JWT: {e}"), Value::Null))?;
        let alg = header.alg;
        if !matches!(alg, Algorithm::ES384 | Algorithm::RS384) {
            let name = format!("{alg:?}");
            return Err(deny(
                "authorization.header.alg",
                format!("`{name}` is not accepted, expected `ES384` or `RS384`"),
                json!(name),
            ));
        }
        if header.typ.as_deref() != Some("JWT") {
            return Err(deny(
                "authorization.header.typ",
                match &header.typ {
                    Some(t) => format!("`{t}` is not accepted, expected `JWT`"),
                    None => "missing, expected `JWT`".to_owned(),
                },
                header.typ.map_or(Value::Null, Value::String),
            ));
        }
        let Some(kid) = header.kid else {
            return Err(deny(
                "authorization.header.kid",
                "missing; name the key of the JWK Set that signed the token",
                Value::Null,
            ));
        };
        let Some(key) = self.keys.iter().find(|k| k.kid == kid) else {
            return Err(deny(
                "authorization.header.kid",
                format!(
                    "unknown key `{kid}`, expected one of {} (keys are read from `--cds-jwks` only, never fetched)",
                    ticks(&self.kids())
                ),
                json!(kid),
            ));
        };
        if key.alg != alg {
            return Err(deny(
                "authorization.header.alg",
                format!(
                    "`{alg:?}` does not fit key `{kid}`, expected `{:?}`",
                    key.alg
                ),
                json!(format!("{alg:?}")),
            ));
        }
        // The library checks the signature only; the claims are checked
        // below, each with its own message.
        let mut validation = Validation::new(alg);
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.validate_aud = false;
        validation.required_spec_claims.clear();
        let claims = jsonwebtoken::decode::<Map<String, Value>>(token, &key.key, &validation)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::InvalidSignature => deny(
                    HEADER,
                    format!("bad signature: the token was not signed by key `{kid}`"),
                    Value::Null,
                ),
                _ => deny(
                    HEADER,
                    format!("the token cannot be read: {e}"),
                    Value::Null,
                ),
            })?
            .claims;
        self.check_claims(&claims, service_path, feedback, now)
    }

    fn check_claims(
        &self,
        claims: &Map<String, Value>,
        service_path: &str,
        feedback: bool,
        now: i64,
    ) -> Result<(), AuthError> {
        let path = |claim: &str| format!("authorization.claims.{claim}");
        let seconds = |claim: &str| -> Result<i64, AuthError> {
            match claims.get(claim) {
                None => Err(deny(
                    &path(claim),
                    format!("missing claim `{claim}`"),
                    Value::Null,
                )),
                // A NumericDate may have a fraction: its whole seconds count.
                Some(v) => v
                    .as_i64()
                    .or_else(|| {
                        v.as_f64()
                            .filter(|f| f.is_finite())
                            .and_then(|f| format!("{:.0}", f.floor()).parse().ok())
                    })
                    .ok_or_else(|| {
                        deny(
                            &path(claim),
                            format!("`{v}` is not a time, expected seconds since 1970"),
                            v.clone(),
                        )
                    }),
            }
        };
        let exp = seconds("exp")?;
        if now > exp.saturating_add(LEEWAY_SECONDS) {
            return Err(deny(
                &path("exp"),
                format!("the token expired at `{exp}`, `{}` seconds ago", now - exp),
                json!(exp),
            ));
        }
        let iat = seconds("iat")?;
        if iat > now.saturating_add(LEEWAY_SECONDS) {
            return Err(deny(
                &path("iat"),
                format!("`{iat}` is in the future (now `{now}`)"),
                json!(iat),
            ));
        }
        if claims.contains_key("nbf") {
            let nbf = seconds("nbf")?;
            if nbf > now.saturating_add(LEEWAY_SECONDS) {
                return Err(deny(
                    &path("nbf"),
                    format!("the token is not valid before `{nbf}` (now `{now}`)"),
                    json!(nbf),
                ));
            }
        }
        match claims.get("jti") {
            Some(Value::String(j)) if !j.is_empty() => {}
            Some(other) => {
                return Err(deny(
                    &path("jti"),
                    format!("`{other}` is not a token id, expected a non-empty string"),
                    other.clone(),
                ))
            }
            None => return Err(deny(&path("jti"), "missing claim `jti`", Value::Null)),
        }
        match claims.get("iss") {
            Some(Value::String(iss)) if self.issuers.contains(iss) => {}
            Some(other) => {
                let shown = other
                    .as_str()
                    .map_or_else(|| other.to_string(), str::to_owned);
                return Err(deny(
                    &path("iss"),
                    format!(
                        "`{shown}` is not a trusted issuer, expected one of {}",
                        ticks(&self.issuers)
                    ),
                    other.clone(),
                ));
            }
            None => return Err(deny(&path("iss"), "missing claim `iss`", Value::Null)),
        }
        let mut expected = vec![self.audience_of(service_path)];
        if feedback {
            expected.push(self.audience_of(&format!("{service_path}/feedback")));
        }
        let named: Vec<&str> = match claims.get("aud") {
            Some(Value::String(a)) => vec![a.as_str()],
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            Some(_) | None => Vec::new(),
        };
        if !named
            .iter()
            .any(|a| expected.iter().any(|e| e == a.trim_end_matches('/')))
        {
            let input = claims.get("aud").cloned().unwrap_or(Value::Null);
            let message = match claims.get("aud") {
                None => format!(
                    "missing claim `aud`, expected `{}`",
                    expected.join("` or `")
                ),
                Some(v) => format!(
                    "`{}` is not this service, expected `{}`",
                    v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                    expected.join("` or `")
                ),
            };
            return Err(deny(&path("aud"), message, input));
        }
        Ok(())
    }
}

/// One key of the JWK Set, checked.
fn read_key(path: &str, key: &Value) -> Result<TrustedKey, TrustError> {
    let Some(key) = key.as_object() else {
        return Err(at(path, format!("expected a JWK object, got `{key}`")));
    };
    let field = |name: &str| format!("{path}.{name}");
    let text = |name: &str| -> Result<Option<&str>, TrustError> {
        match key.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(other) => Err(at(field(name), format!("expected a string, got `{other}`"))),
        }
    };
    let kid = match text("kid")? {
        Some(k) if !k.trim().is_empty() => k.to_owned(),
        _ => {
            return Err(at(
                field("kid"),
                "missing; every key needs the `kid` its tokens name",
            ))
        }
    };
    if let Some(u) = text("use")? {
        if u != "sig" {
            return Err(at(
                field("use"),
                format!("`{u}` is not accepted, expected `sig`"),
            ));
        }
    }
    let kty = text("kty")?.unwrap_or("");
    let (alg, private) = match kty {
        "EC" => (Algorithm::ES384, ["d"].as_slice()),
        "RSA" => (
            Algorithm::RS384,
            ["d", "p", "q", "dp", "dq", "qi"].as_slice(),
        ),
        other => {
            return Err(at(
                field("kty"),
                format!(
                "`{other}` is not accepted, expected `EC` (P-384, for ES384) or `RSA` (for RS384)"
            ),
            ))
        }
    };
    if let Some(p) = private.iter().find(|p| key.contains_key(**p)) {
        return Err(at(
            field(p),
            "a private key; the JWK Set must hold the clients' public keys only",
        ));
    }
    let want = if alg == Algorithm::ES384 {
        "ES384"
    } else {
        "RS384"
    };
    if let Some(a) = text("alg")? {
        if a != want {
            return Err(at(
                field("alg"),
                format!("`{a}` is not accepted for a `{kty}` key, expected `{want}`"),
            ));
        }
    }
    let component = |name: &str| -> Result<&str, TrustError> {
        match text(name)? {
            Some(v) if base64url(v) => Ok(v),
            Some(v) => Err(at(field(name), format!("`{v}` is not unpadded base64url"))),
            None => Err(at(
                field(name),
                format!("missing; an `{kty}` key needs `{name}`"),
            )),
        }
    };
    let decoded = if alg == Algorithm::ES384 {
        let crv = text("crv")?.unwrap_or("");
        if crv != "P-384" {
            return Err(at(
                field("crv"),
                format!("`{crv}` is not accepted, expected `P-384` (ES384)"),
            ));
        }
        let (x, y) = (component("x")?, component("y")?);
        // 48 bytes of a P-384 coordinate are 64 base64url characters.
        for (name, v) in [("x", x), ("y", y)] {
            if v.len() != 64 {
                return Err(at(
                    field(name),
                    format!(
                        "`{}` characters, expected `64` (48 bytes of a P-384 coordinate)",
                        v.len()
                    ),
                ));
            }
        }
        DecodingKey::from_ec_components(x, y)
    } else {
        let (n, e) = (component("n")?, component("e")?);
        // 2048 bits are 256 bytes, 342 base64url characters.
        if n.len() < 342 {
            return Err(at(
                field("n"),
                format!(
                    "a modulus of about `{}` bits, expected at least `2048`",
                    n.len().saturating_mul(6)
                ),
            ));
        }
        DecodingKey::from_rsa_components(n, e)
    };
    let key = decoded.map_err(|e| at(path, format!("not a usable key: {e}")))?;
    Ok(TrustedKey { kid, alg, key })
}
