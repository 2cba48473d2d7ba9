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

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// How deeply lists and dicts may nest; a profile needs three levels.
pub const MAX_DEPTH: usize = 64;

/// Why a Python object is not JSON: where, what, and the object itself.
pub struct NotJson {
    /// The path of the offending value (`supplements[0].mg`); empty for the whole object.
    pub path: String,
    /// What is wrong, lowercase.
    pub message: String,
    /// The offending Python object.
    pub input: Py<PyAny>,
}

/// The JSON value of a Python object made of dicts (with string keys), lists,
/// tuples, strings, ints, floats, booleans and `None`.
pub fn to_value(obj: &Bound<'_, PyAny>) -> Result<Value, NotJson> {
    let mut path = String::new();
    walk(obj, &mut path, 0)
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

fn walk(obj: &Bound<'_, PyAny>, path: &mut String, depth: usize) -> Result<Value, NotJson> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    // bool before int: `True` is an int in Python.
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        return int(obj, path);
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let value = f.value();
        return Number::from_f64(value).map(Value::Number).ok_or_else(|| {
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
        return obj.extract::<String>().map(Value::String).map_err(|_| {
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
        let mut map = Map::new();
        for (key, value) in dict.iter() {
            let Ok(key) = key.extract::<String>() else {
                return Err(not_json(
                    &key,
                    path,
                    format!(
                        "keys must be strings, got `{}` of type `{}`",
                        repr(&key),
                        type_name(&key)
                    ),
                ));
            };
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&key);
            let value = walk(&value, path, depth + 1)?;
            path.truncate(len);
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if let Ok(list) = obj.cast::<PyList>() {
        return items(list.iter(), path, depth);
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        return items(tuple.iter(), path, depth);
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

fn items<'py>(
    iter: impl Iterator<Item = Bound<'py, PyAny>>,
    path: &mut String,
    depth: usize,
) -> Result<Value, NotJson> {
    let mut out = Vec::new();
    for (i, item) in iter.enumerate() {
        let len = path.len();
        path.push_str(&format!("[{i}]"));
        out.push(walk(&item, path, depth + 1)?);
        path.truncate(len);
    }
    Ok(Value::Array(out))
}

fn int(obj: &Bound<'_, PyAny>, path: &str) -> Result<Value, NotJson> {
    if let Ok(i) = obj.extract::<i64>() {
        return Ok(Value::from(i));
    }
    if let Ok(u) = obj.extract::<u64>() {
        return Ok(Value::from(u));
    }
    // Like serde_json reading a long integer: the nearest float.
    match obj.extract::<f64>().ok().and_then(Number::from_f64) {
        Some(n) => Ok(Value::Number(n)),
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
pub fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
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
