//! Python arguments as the facade's inputs: profiles, food lists and labels.
//!
//! Only conversion happens here. A `str` stays text; a dict is walked into
//! a JSON value (a profile keeps its keys in the dict's order, so problems
//! are reported in the order the caller wrote them). What is not JSON
//! raises at once, with its path; everything else is the facade's to judge,
//! with the GIL released.

use crampwise::json::Node;
use crampwise::{Code, FoodsInput, LabelInput, ProfileInput};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use serde_json::Value;

use crate::convert;
use crate::errors;

/// A profile as Python gave it: JSON text, or a dict walked into a node.
pub(crate) enum PyProfile {
    /// JSON text.
    Text(String),
    /// A dict, keys in its order.
    Node(Node),
}

impl PyProfile {
    /// Reads a profile argument (a `str` or a dict); a dict that is not JSON raises `ProfileError`.
    pub(crate) fn from_py(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<PyProfile> {
        let not_json = |e| errors::not_json(py, Code::InvalidProfile, e, "");
        if obj.is_instance_of::<PyString>() {
            convert::text(obj).map(PyProfile::Text).map_err(not_json)
        } else {
            convert::to_profile_node(obj)
                .map(PyProfile::Node)
                .map_err(not_json)
        }
    }

    /// The facade's view of it.
    pub(crate) fn input(&self) -> ProfileInput<'_> {
        match self {
            PyProfile::Text(text) => ProfileInput::Json(text),
            PyProfile::Node(node) => ProfileInput::Node(node),
        }
    }
}

/// A food list as Python gave it: JSON text, or a list or dict as a value.
pub(crate) enum PyFoods {
    /// JSON text.
    Text(String),
    /// A list of food dicts or the whole food list dict.
    Value(Value),
}

impl PyFoods {
    /// Reads a food list argument; what is not JSON raises `FoodsError`,
    /// its path under `prefix` (`foods` where it is an argument of `recommend`).
    pub(crate) fn from_py(
        py: Python<'_>,
        obj: &Bound<'_, PyAny>,
        prefix: &str,
    ) -> PyResult<PyFoods> {
        let not_json = |e| errors::not_json(py, Code::InvalidFoods, e, prefix);
        if obj.is_instance_of::<PyString>() {
            convert::text(obj).map(PyFoods::Text).map_err(not_json)
        } else {
            convert::to_value(obj).map(PyFoods::Value).map_err(not_json)
        }
    }

    /// The facade's view of it.
    pub(crate) fn input(&self) -> FoodsInput<'_> {
        match self {
            PyFoods::Text(text) => FoodsInput::Json(text),
            PyFoods::Value(value) => FoodsInput::Value(value),
        }
    }
}

/// A label as Python gave it.
pub(crate) enum PyLabel {
    /// Supplement Facts text, or JSON text when it starts with `{`.
    Text(String),
    /// A dict in crampwise's JSON label shape or a DSLD record.
    Value(Value),
}

impl PyLabel {
    /// Reads a label argument; anything else raises `LabelError`, its path after `prefix`.
    pub(crate) fn from_py(
        py: Python<'_>,
        obj: &Bound<'_, PyAny>,
        prefix: &str,
    ) -> PyResult<PyLabel> {
        let not_json = |e| errors::not_json(py, Code::InvalidLabel, e, prefix);
        if obj.is_instance_of::<PyString>() {
            return convert::text(obj).map(PyLabel::Text).map_err(not_json);
        }
        if obj.is_instance_of::<PyDict>() {
            return convert::to_value(obj).map(PyLabel::Value).map_err(not_json);
        }
        let type_name = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "object".to_owned());
        Err(not_json(convert::NotJson {
            path: String::new(),
            message: format!(
                "expected label text (a str) or a label dict, got a value of type `{type_name}`"
            ),
            input: py.None(),
        }))
    }

    /// The facade's view of it.
    pub(crate) fn input(&self) -> LabelInput<'_> {
        match self {
            PyLabel::Text(text) => LabelInput::Any(text),
            PyLabel::Value(value) => LabelInput::Value(value),
        }
    }
}
