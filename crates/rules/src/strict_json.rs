//! JSON text to a value, rejecting repeated keys.
//!
//! `serde_json` keeps the last of two equal keys, so
//! `{"conditions": ["kidney_disease"], "conditions": []}` would silently drop
//! a kidney-disease answer. Every untrusted JSON input goes through here.

use serde::de::{Deserialize, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

struct Strict(Value);

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Strict;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: Error>(self, v: bool) -> Result<Strict, E> {
        Ok(Strict(Value::Bool(v)))
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<Strict, E> {
        Ok(Strict(Value::Number(v.into())))
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<Strict, E> {
        Ok(Strict(Value::Number(v.into())))
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<Strict, E> {
        Number::from_f64(v)
            .map(|n| Strict(Value::Number(n)))
            .ok_or_else(|| E::custom("expected a finite number"))
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<Strict, E> {
        Ok(Strict(Value::String(v.to_owned())))
    }

    fn visit_string<E: Error>(self, v: String) -> Result<Strict, E> {
        Ok(Strict(Value::String(v)))
    }

    fn visit_unit<E: Error>(self) -> Result<Strict, E> {
        Ok(Strict(Value::Null))
    }

    fn visit_none<E: Error>(self) -> Result<Strict, E> {
        Ok(Strict(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Strict, D::Error> {
        Strict::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strict, A::Error> {
        let mut out = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Strict(Value::Array(out)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Strict, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(A::Error::custom(format!(
                    "duplicate key `{key}`: each key may appear once"
                )));
            }
            let Strict(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(Strict(Value::Object(out)))
    }
}

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Strict, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
}

/// Parses JSON text, failing on a key repeated within one object. Errors
/// carry serde_json's line and column; nesting is bounded by serde_json's
/// recursion limit (128), so deep input fails instead of overflowing.
pub fn parse(text: &str) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let Strict(value) = Strict::deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_fail_at_any_depth() {
        assert!(parse(r#"{"a": 1, "a": 2}"#).is_err());
        assert!(parse(r#"{"x": {"b": [1], "b": []}}"#).is_err());
        assert!(parse(r#"[{"c": 1}, {"c": 2}]"#).is_ok());
        let e = parse(r#"{"conditions": ["kidney_disease"], "conditions": []}"#).unwrap_err();
        assert!(
            e.to_string().starts_with("duplicate key `conditions`"),
            "{e}"
        );
    }

    #[test]
    fn values_match_serde_json() {
        let text = r#"{"a": [1, -2, 3.5, true, null, "s"], "b": {"c": 18446744073709551615}}"#;
        assert_eq!(
            parse(text).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
        assert!(parse("{} x").is_err());
        let deep = "[".repeat(10_000);
        assert!(parse(&deep).is_err());
    }
}

/// serde's message without its position suffix (` at line 1 column 9`).
pub fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |at| &message[..at])
}

/// The offending value of an `invalid type` message, in backticks.
fn unexpected(what: &str) -> String {
    if let Some(s) = what.strip_prefix("string ") {
        return format!("`{s}`");
    }
    for prefix in ["integer ", "floating point ", "boolean "] {
        if let Some(v) = what.strip_prefix(prefix) {
            return v.to_owned();
        }
    }
    match what {
        "map" => "an object".to_owned(),
        "sequence" => "a list".to_owned(),
        "null" | "unit value" => "`null`".to_owned(),
        other => other.to_owned(),
    }
}

fn expected(what: &str) -> String {
    if what.starts_with("struct ") {
        return "an object".to_owned();
    }
    if what.starts_with("enum ") || what == "variant identifier" || what == "string or map" {
        return "a string".to_owned();
    }
    match what {
        "f64" | "f32" | "i64" | "u64" | "u32" | "u16" | "u8" | "usize" => "a number".to_owned(),
        "a sequence" => "a list".to_owned(),
        "a boolean" => "`true` or `false`".to_owned(),
        other => other.to_owned(),
    }
}

/// A serde message as crampwise words it: no Rust type names, no position,
/// "expected X, got `Y`", and `; expected` after unknown names.
pub fn humanize(message: &str) -> String {
    let message = strip_position(message);
    for kind in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(kind) {
            if let Some((got, want)) = rest.split_once(", expected ") {
                return format!("expected {}, got {}", expected(want), unexpected(got));
            }
        }
    }
    match message.split_once(", expected ") {
        Some((head, want)) => format!("{head}; expected {}", expected(want)),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod humanize_tests {
    use super::humanize;

    #[test]
    fn messages_read_without_rust_names() {
        assert_eq!(
            humanize(r#"invalid type: string "30", expected a number at line 1 column 12"#),
            r#"expected a number, got `"30"`"#
        );
        assert_eq!(
            humanize("invalid type: integer `1`, expected enum Sex"),
            "expected a string, got `1`"
        );
        assert_eq!(
            humanize("invalid type: sequence, expected struct Cramps"),
            "expected an object, got a list"
        );
        assert_eq!(
            humanize("invalid type: null, expected a boolean"),
            "expected `true` or `false`, got `null`"
        );
        assert_eq!(
            humanize("unknown variant `nigth`, expected one of `night`, `sitting`"),
            "unknown variant `nigth`; expected one of `night`, `sitting`"
        );
        assert_eq!(humanize("missing field `age`"), "missing field `age`");
    }
}
