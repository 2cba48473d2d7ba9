//! Python data to JSON values and back, naming the path of anything that is not JSON.
//!
//! A profile given as a dict is walked here, in Rust, instead of being
//! written with `json.dumps` and parsed again: it is faster for a typical
//! profile and every error names the exact path (`cramps.timing[1]`), in the
//! same form as the engine's own profile errors.
//!
//! The values are those `json.loads` would give for the text `json.dumps`
//! writes, so `recommend(d)` and `recommend_json(json.dumps(d))` read the same
//! profile: ints that fit 64 bits stay integers, larger ones become floats
//! (as `serde_json` reads long integers), and NaN or infinity are errors.

use crampwise::json::Node;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Number, Value};

/// How deeply lists and dicts may nest; a profile needs three levels.
pub(crate) const MAX_DEPTH: usize = 64;

/// The most values (dict entries, list items and scalars together) one
/// object may hold: about what the 1 MiB JSON limit of the text form allows.
pub(crate) const MAX_VALUES: usize = 100_000;

/// Why a Python object is not JSON: where, what, and the object itself.
pub(crate) struct NotJson {
    /// The path of the offending value (`supplements[0].mg`); empty for the whole object.
    pub path: String,
    /// What is wrong, lowercase.
    pub message: String,
    /// The offending Python object.
    pub input: Py<PyAny>,
}

/// The JSON value of a Python object made of dicts (with string keys), lists,
/// tuples, strings, ints, floats, booleans and `None`.
pub(crate) fn to_value(obj: &Bound<'_, PyAny>) -> Result<Value, NotJson> {
    let mut walker = Walker {
        path: String::new(),
        left: MAX_VALUES,
        big_numbers: false,
    };
    walker.walk(obj, 0).map(|node| node.to_value())
}

/// A profile dict as a [`Node`]: keys in the dict's order, so problems are
/// reported in the order the caller wrote them, and an int too large for a
/// double kept (as [`Node::OutOfRange`]) to be reported with the rest.
pub(crate) fn to_profile_node(obj: &Bound<'_, PyAny>) -> Result<Node, NotJson> {
    let mut walker = Walker {
        path: String::new(),
        left: MAX_VALUES,
        big_numbers: true,
    };
    walker.walk(obj, 0)
}

/// A `str` as Rust text; one that is not Unicode (a lone surrogate such as
/// `"\ud800"`) is an error, not Python's `UnicodeEncodeError`.
pub(crate) fn text(obj: &Bound<'_, PyAny>) -> Result<String, NotJson> {
    obj.extract::<String>().map_err(|_| {
        not_json(
            obj,
            "",
            "text is not valid Unicode (a lone surrogate?)".to_owned(),
        )
    })
}

/// The path of the value being converted, and how many more values may follow.
struct Walker {
    path: String,
    left: usize,
    /// Whether an int too large for a double becomes [`Node::OutOfRange`]
    /// (else it is an error).
    big_numbers: bool,
}

fn not_json(obj: &Bound<'_, PyAny>, path: &str, message: String) -> NotJson {
    NotJson {
        path: path.to_owned(),
        message,
        input: obj.clone().unbind(),
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

impl Walker {
    fn walk(&mut self, obj: &Bound<'_, PyAny>, depth: usize) -> Result<Node, NotJson> {
        if self.left == 0 {
            return Err(not_json(
                obj,
                &self.path,
                format!("more than {MAX_VALUES} values in all; a profile needs far fewer"),
            ));
        }
        self.left -= 1;
        let path = self.path.as_str();
        if obj.is_none() {
            return Ok(Node::Null);
        }
        // bool before int: `True` is an int in Python.
        if let Ok(b) = obj.cast::<PyBool>() {
            return Ok(Node::Bool(b.is_true()));
        }
        if obj.is_instance_of::<PyInt>() {
            return int(obj, path, self.big_numbers);
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            let value = f.value();
            return Number::from_f64(value).map(Node::Number).ok_or_else(|| {
                let shown = if value.is_nan() {
                    "nan"
                } else if value > 0.0 {
                    "inf"
                } else {
                    "-inf"
                };
                not_json(
                    obj,
                    path,
                    format!("expected a finite number, got `{shown}`"),
                )
            });
        }
        if obj.is_instance_of::<PyString>() {
            return obj.extract::<String>().map(Node::String).map_err(|_| {
                not_json(
                    obj,
                    path,
                    "string is not valid Unicode text (a lone surrogate?)".to_owned(),
                )
            });
        }
        if depth >= MAX_DEPTH {
            return Err(not_json(
                obj,
                path,
                format!("nested more than {MAX_DEPTH} levels deep"),
            ));
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            self.fits(obj, dict.len())?;
            let mut map: Vec<(String, Node)> = Vec::with_capacity(dict.len());
            for (key, value) in dict.iter() {
                let Ok(key_text) = key.extract::<String>() else {
                    let message = if key.is_instance_of::<PyString>() {
                        "a key is not valid Unicode text (a lone surrogate?)".to_owned()
                    } else {
                        format!(
                            "keys must be strings, got `{}` of type `{}`",
                            repr(&key),
                            type_name(&key)
                        )
                    };
                    return Err(not_json(&key, &self.path, message));
                };
                let len = self.path.len();
                if !self.path.is_empty() {
                    self.path.push('.');
                }
                self.path
                    .push_str(&crampwise_content::read::excerpt(&key_text));
                let value = self.walk(&value, depth + 1)?;
                self.path.truncate(len);
                map.push((key_text, value));
            }
            return Ok(Node::Object(map));
        }
        if let Ok(list) = obj.cast::<PyList>() {
            self.fits(obj, list.len())?;
            return self.items(list.iter(), depth);
        }
        if let Ok(tuple) = obj.cast::<PyTuple>() {
            self.fits(obj, tuple.len())?;
            return self.items(tuple.iter(), depth);
        }
        Err(not_json(
            obj,
            path,
            format!(
                "expected a JSON value (dict, list, str, int, float, bool or None), got `{}` of type `{}`",
                repr(obj),
                type_name(obj)
            ),
        ))
    }

    /// A dict or list of `len` entries is refused before it is walked when
    /// it holds more than the values left.
    fn fits(&self, obj: &Bound<'_, PyAny>, len: usize) -> Result<(), NotJson> {
        if len > self.left {
            return Err(not_json(
                obj,
                &self.path,
                format!("{len} entries; at most {MAX_VALUES} values are read in all"),
            ));
        }
        Ok(())
    }

    fn items<'py>(
        &mut self,
        iter: impl Iterator<Item = Bound<'py, PyAny>>,
        depth: usize,
    ) -> Result<Node, NotJson> {
        let mut out = Vec::new();
        for (i, item) in iter.enumerate() {
            let len = self.path.len();
            self.path.push_str(&format!("[{i}]"));
            out.push(self.walk(&item, depth + 1)?);
            self.path.truncate(len);
        }
        Ok(Node::Array(out))
    }
}

fn int(obj: &Bound<'_, PyAny>, path: &str, big_numbers: bool) -> Result<Node, NotJson> {
    if let Ok(i) = obj.extract::<i64>() {
        return Ok(Node::Number(i.into()));
    }
    if let Ok(u) = obj.extract::<u64>() {
        return Ok(Node::Number(u.into()));
    }
    // Like serde_json reading a long integer: the nearest float.
    match obj.extract::<f64>().ok().and_then(Number::from_f64) {
        Some(n) => Ok(Node::Number(n)),
        None if big_numbers => Ok(Node::OutOfRange(repr(obj))),
        None => Err(not_json(obj, path, "number out of range".to_owned())),
    }
}

/// A short `repr()` of an object for messages, at most 60 characters.
fn repr(obj: &Bound<'_, PyAny>) -> String {
    let text = obj
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| "?".to_owned());
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(59).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// A JSON value as Python data (dict, list, str, int, float, bool, None).
pub(crate) fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, to_python(py, item)?)?;
            }
            dict.into_any()
        }
    })
}
