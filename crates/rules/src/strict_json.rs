//! JSON text to a value, rejecting repeated keys.
//!
//! `serde_json` keeps the last of two equal keys, so
//! `{"conditions": ["kidney_disease"], "conditions": []}` would silently drop
//! a kidney-disease answer. Every untrusted JSON input goes through here.

use std::cell::RefCell;

use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

pub(crate) use crate::messages::{humanize, strip_position};

/// A JSON value with its object keys in document order (`serde_json::Map`
/// sorts them), so problems can be reported in the order they are written.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A finite number.
    Number(Number),
    /// A string.
    String(String),
    /// A list.
    Array(Vec<Node>),
    /// An object, keys in document order (each key once).
    Object(Vec<(String, Node)>),
    /// A number literal too large for a double (`1e999`), kept so that it is
    /// reported with every other problem of the document; only
    /// [`parse_node_with_big_numbers`] makes one.
    OutOfRange(String),
}

/// How deeply [`Node::from_value`] copies a value: below this, lists and
/// objects are kept empty (no profile field is nested more than 3 deep, so
/// only the shown input of a wrong value can lose detail).
const MAX_COPY_DEPTH: usize = 64;

impl Node {
    /// The node of a `serde_json` value (object keys in the map's order).
    pub fn from_value(value: &Value) -> Node {
        Node::copy(value, 0)
    }

    fn copy(value: &Value, depth: usize) -> Node {
        let deep = depth >= MAX_COPY_DEPTH;
        match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(n.clone()),
            Value::String(s) => Node::String(s.clone()),
            Value::Array(_) if deep => Node::Array(Vec::new()),
            Value::Object(_) if deep => Node::Object(Vec::new()),
            Value::Array(items) => {
                Node::Array(items.iter().map(|v| Node::copy(v, depth + 1)).collect())
            }
            Value::Object(map) => Node::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Node::copy(v, depth + 1)))
                    .collect(),
            ),
        }
    }

    /// The node as a `serde_json` value (a number too large for a double as
    /// the string of its literal: callers report those before converting).
    pub fn to_value(&self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::String(s) | Node::OutOfRange(s) => Value::String(s.clone()),
            Node::Array(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            Node::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_value()))
                    .collect::<Map<String, Value>>(),
            ),
        }
    }
}

/// One step of the path to the value being read.
enum Step {
    Key(String),
    Index(usize),
}

/// The path of the value being read; left as it is when reading fails, so
/// the error can say where.
type Trail = RefCell<Vec<Step>>;

/// What a reading pass keeps: the path so far, and the literals of numbers
/// too large for a double that [`mark_big_numbers`] replaced by markers.
struct Reading {
    trail: Trail,
    big: Vec<String>,
}

struct Seed<'a>(&'a Reading);

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor(self.0))
    }
}

struct NodeVisitor<'a>(&'a Reading);

impl NodeVisitor<'_> {
    fn push(&self, step: Step) {
        self.0.trail.borrow_mut().push(step);
    }

    fn pop(&self) {
        self.0.trail.borrow_mut().pop();
    }

    /// The node of a string, or of the big number its marker stands for.
    fn string(&self, v: &str) -> Option<Node> {
        let index: usize = v.strip_prefix(BIG_MARKER)?.parse().ok()?;
        self.0.big.get(index).cloned().map(Node::OutOfRange)
    }
}

/// How a number literal too large for a double is marked in the text read
/// again: the string `"\u0000big<N>"`, `N` its index.
const BIG_MARKER: &str = "\u{0}big";

impl<'de> Visitor<'de> for NodeVisitor<'_> {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<Node, E> {
        Number::from_f64(v)
            .map(Node::Number)
            .ok_or_else(|| E::custom("expected a finite number"))
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<Node, E> {
        Ok(self.string(v).unwrap_or_else(|| Node::String(v.to_owned())))
    }

    fn visit_string<E: Error>(self, v: String) -> Result<Node, E> {
        Ok(self.string(&v).unwrap_or(Node::String(v)))
    }

    fn visit_unit<E: Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E: Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Seed(self.0).deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        loop {
            self.push(Step::Index(out.len()));
            let Some(v) = seq.next_element_seed(Seed(self.0))? else {
                self.pop();
                break;
            };
            self.pop();
            out.push(v);
        }
        Ok(Node::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut out: Vec<(String, Node)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.iter().any(|(k, _)| *k == key) {
                return Err(A::Error::custom(format!(
                    "duplicate key {}: each key may appear once",
                    crampwise_content::read::quoted(&key)
                )));
            }
            self.push(Step::Key(key));
            let v = map.next_value_seed(Seed(self.0))?;
            let Some(Step::Key(key)) = self.0.trail.borrow_mut().pop() else {
                return Err(A::Error::custom("the key being read was lost"));
            };
            out.push((key, v));
        }
        Ok(Node::Object(out))
    }
}

/// Why JSON text could not be read: serde_json's error, and the path of the
/// value it was reading (`cramps.per_week`; empty at the top).
#[derive(Debug)]
pub struct NodeError {
    /// The error, with its line and column.
    pub error: serde_json::Error,
    /// Where in the document it happened.
    pub path: String,
}

/// Parses JSON text to a [`Node`], failing on a key repeated within one
/// object; the error says at which path reading stopped.
///
/// # Errors
///
/// A [`NodeError`] for text that is not JSON (a number too large for a
/// double included), nests deeper than serde_json's recursion limit, or
/// repeats a key within one object.
pub fn parse_node(text: &str) -> Result<Node, NodeError> {
    read(text, Vec::new())
}

fn read(text: &str, big: Vec<String>) -> Result<Node, NodeError> {
    let reading = Reading {
        trail: Trail::default(),
        big,
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let result = Seed(&reading)
        .deserialize(&mut de)
        .and_then(|node| de.end().map(|()| node));
    result.map_err(|error| NodeError {
        error,
        path: path_of(&reading.trail.borrow()),
    })
}

/// Like [`parse_node`], but a number literal too large for a double becomes
/// a [`Node::OutOfRange`] instead of ending the reading, so that a profile
/// can report it with its other problems. Any other error is the one
/// [`parse_node`] gives.
///
/// # Errors
///
/// A [`NodeError`] as [`parse_node`] gives it, except that text whose only
/// problem is numbers too large for a double reads without one.
pub fn parse_node_with_big_numbers(text: &str) -> Result<Node, NodeError> {
    let first = match parse_node(text) {
        Ok(node) => return Ok(node),
        Err(e) => e,
    };
    if strip_position(&first.error.to_string()) != "number out of range" {
        return Err(first);
    }
    let (marked, big) = mark_big_numbers(text);
    read(&marked, big).map_err(|_| first)
}

/// `text` with every number literal too large for a double replaced by a
/// marker string, and those literals (each cut to a bounded excerpt).
fn mark_big_numbers(text: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut big = Vec::new();
    let mut rest = text;
    let mut in_string = false;
    while let Some(c) = rest.chars().next() {
        if in_string {
            let len = match c {
                '\\' => rest.chars().take(2).map(char::len_utf8).sum(),
                _ => c.len_utf8(),
            };
            in_string = c != '"';
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        if c == '-' || c.is_ascii_digit() {
            let len = rest
                .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E')))
                .unwrap_or(rest.len());
            let literal = &rest[..len];
            if literal.parse::<f64>().is_ok_and(f64::is_infinite) {
                // The JSON escape of the marker's NUL.
                out.push_str(&format!("\"\\u0000big{}\"", big.len()));
                big.push(crampwise_content::read::excerpt(literal).into_owned());
            } else {
                out.push_str(literal);
            }
            rest = &rest[len..];
            continue;
        }
        in_string = c == '"';
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    (out, big)
}

fn path_of(steps: &[Step]) -> String {
    let mut path = String::new();
    for step in steps {
        match step {
            Step::Key(key) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&crampwise_content::read::excerpt(key));
            }
            Step::Index(i) => path.push_str(&format!("[{i}]")),
        }
    }
    path
}

/// JSON text that could not be read, worded the one way every input of
/// crampwise words it (profiles, food lists, labels, `--jsonl` lines).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not valid JSON at line {line} column {column}: {message}")]
pub struct JsonError {
    /// 1-based line of the problem.
    pub line: usize,
    /// 1-based column of the problem.
    pub column: usize,
    /// serde_json's reason, without its position (`expected value`).
    pub message: String,
}

impl From<&serde_json::Error> for JsonError {
    fn from(e: &serde_json::Error) -> JsonError {
        JsonError {
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()).to_owned(),
        }
    }
}

/// [`parse`], its error worded as [`JsonError`].
///
/// # Errors
/// A [`JsonError`] for text that is not JSON or repeats a key.
pub fn parse_document(text: &str) -> Result<Value, JsonError> {
    parse(text).map_err(|e| JsonError::from(&e))
}

/// Parses JSON text, failing on a key repeated within one object. Errors
/// carry serde_json's line and column; nesting is bounded by serde_json's
/// recursion limit (128), so deep input fails instead of overflowing.
///
/// # Errors
///
/// serde_json's error for text that is not JSON or nests too deep, or one
/// that names the key repeated.
pub fn parse(text: &str) -> Result<Value, serde_json::Error> {
    parse_node(text)
        .map(|node| node.to_value())
        .map_err(|e| e.error)
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

    #[test]
    fn nodes_keep_document_order_and_errors_their_path() {
        let node = parse_node(r#"{"b": 1, "a": [true, null]}"#).unwrap();
        let Node::Object(entries) = &node else {
            panic!("{node:?}")
        };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a"]);
        let e = parse_node(r#"{"age": 1e999}"#).unwrap_err();
        assert_eq!(e.path, "age");
        let e = parse_node(r#"{"a": 1, "s": [{"mg": 1}, {"mg": -1e400}]}"#).unwrap_err();
        assert_eq!(e.path, "s[1].mg");
        assert_eq!(parse_node("[1] x").unwrap_err().path, "");
    }
}
