//! The one mapping from Rust errors to Python exceptions.
//!
//! `ProfileError`, `LabelError` and `RulesError` are Python classes (`crampwise._errors`)
//! raised from here: real `ValueError` subclasses with an `.errors()` method,
//! like pydantic-core's `ValidationError`. (A `#[pyclass(extends=PyValueError)]`
//! would need Python 3.12 under the stable ABI this module is built for.)

use crampwise_rules::{InputErrors, RuleErrors};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyType};

use crate::convert::{self, NotJson};

static PROFILE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static LABEL_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static RULES_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static UNKNOWN_RULE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

const MODULE: &str = "crampwise._errors";

/// Raises `crampwise.ProfileError` with the engine's profile errors.
pub fn profile_errors(py: Python<'_>, errors: &InputErrors) -> PyErr {
    let items = PyList::empty(py);
    for e in &errors.0 {
        let result = (|| -> PyResult<()> {
            let input = match &e.input {
                Some(value) => convert::to_python(py, value)?,
                None => py.None().into_bound(py),
            };
            items.append(item(py, &e.path, &e.message, input)?)?;
            Ok(())
        })();
        if let Err(err) = result {
            return err;
        }
    }
    raise_profile_error(py, &items)
}

/// Raises `crampwise.ProfileError` for a Python object that is not JSON.
pub fn not_json(py: Python<'_>, e: NotJson) -> PyErr {
    let items = PyList::empty(py);
    let result =
        item(py, &e.path, &e.message, e.input.into_bound(py)).and_then(|i| items.append(i));
    match result {
        Ok(()) => raise_profile_error(py, &items),
        Err(err) => err,
    }
}

fn item<'py>(
    py: Python<'py>,
    path: &str,
    message: &str,
    input: Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("path", path)?;
    dict.set_item("message", message)?;
    dict.set_item("input", input)?;
    Ok(dict)
}

/// Raises `crampwise.LabelError` with `(path, message)` problems.
pub fn label_errors(py: Python<'_>, errors: &[(String, String)]) -> PyErr {
    let items = PyList::empty(py);
    for (path, message) in errors {
        let result =
            item(py, path, message, py.None().into_bound(py)).and_then(|i| items.append(i));
        if let Err(err) = result {
            return err;
        }
    }
    raise_label_error(py, &items)
}

/// Raises `crampwise.LabelError` for a Python object that is not JSON, its
/// path put after `prefix` (`[2]` for the third label of a list).
pub fn label_not_json(py: Python<'_>, e: NotJson, prefix: &str) -> PyErr {
    let items = PyList::empty(py);
    let path = join_path(prefix, &e.path);
    let result = item(py, &path, &e.message, e.input.into_bound(py)).and_then(|i| items.append(i));
    match result {
        Ok(()) => raise_label_error(py, &items),
        Err(err) => err,
    }
}

/// `prefix` then `path`: `[2]` and `ingredients[0].unit` give `[2].ingredients[0].unit`.
pub fn join_path(prefix: &str, path: &str) -> String {
    match (prefix.is_empty(), path.is_empty()) {
        (true, _) => path.to_owned(),
        (false, true) => prefix.to_owned(),
        (false, false) if path.starts_with('[') => format!("{prefix}{path}"),
        (false, false) => format!("{prefix}.{path}"),
    }
}

fn raise_label_error(py: Python<'_>, items: &Bound<'_, PyList>) -> PyErr {
    match LABEL_ERROR.import(py, MODULE, "LabelError") {
        Ok(class) => match class.call1((items,)) {
            Ok(instance) => PyErr::from_value(instance),
            Err(e) => e,
        },
        Err(e) => e,
    }
}

fn raise_profile_error(py: Python<'_>, items: &Bound<'_, PyList>) -> PyErr {
    match PROFILE_ERROR.import(py, MODULE, "ProfileError") {
        Ok(class) => match class.call1((items,)) {
            Ok(instance) => PyErr::from_value(instance),
            Err(e) => e,
        },
        Err(e) => e,
    }
}

/// Raises `crampwise.RulesError`: `what` (e.g. "the rules in `DIR`") does not validate.
pub fn rule_errors(py: Python<'_>, what: &str, errors: &RuleErrors) -> PyErr {
    let lines: Vec<String> = errors.0.iter().map(|e| format!("  {e}")).collect();
    let message = format!("{what} do not validate:\n{}", lines.join("\n"));
    let result = (|| -> PyResult<PyErr> {
        let items = PyList::empty(py);
        for e in &errors.0 {
            let dict = PyDict::new(py);
            dict.set_item("file", &e.file)?;
            dict.set_item("line", e.line)?;
            dict.set_item("column", e.column)?;
            dict.set_item("rule", e.rule.as_deref())?;
            dict.set_item("message", &e.message)?;
            items.append(dict)?;
        }
        let class = RULES_ERROR.import(py, MODULE, "RulesError")?;
        Ok(PyErr::from_value(class.call1((message, items))?))
    })();
    result.unwrap_or_else(|e| e)
}

/// Raises `crampwise.UnknownRuleError` (a `KeyError`) with this message.
pub fn unknown_rule(py: Python<'_>, message: String) -> PyErr {
    let result = (|| -> PyResult<PyErr> {
        let class = UNKNOWN_RULE_ERROR.import(py, MODULE, "UnknownRuleError")?;
        Ok(PyErr::from_value(class.call1((message,))?))
    })();
    result.unwrap_or_else(|e| e)
}
