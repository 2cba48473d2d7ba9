//! The one mapping from Rust errors to Python exceptions.
//!
//! The classes are Python's (`crampwise._errors`), one tree under
//! `CrampwiseError`: every input problem is a [`Diagnostics`] from the
//! facade, raised as the class its code names (`invalid_profile`:
//! `ProfileError`, `invalid_foods`: `FoodsError`, `invalid_label`:
//! `LabelError`, `unknown_rule`: `UnknownRuleError`), with `.errors()` as
//! pydantic-core's `ValidationError` has. (A `#[pyclass(extends=PyValueError)]`
//! would need Python 3.12 under the stable ABI this module is built for.)

use crampwise::{Code, Diagnostics, LoadError};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::convert::{self, NotJson};

const MODULE: &str = "crampwise._errors";

/// The Python class raised for diagnostics of `code`.
fn class_name(code: Code) -> &'static str {
    match code {
        Code::InvalidProfile | Code::InvalidPlan => "ProfileError",
        Code::InvalidFoods => "FoodsError",
        Code::InvalidLabel => "LabelError",
        Code::UnknownRule => "UnknownRuleError",
    }
}

fn raise<'py, A: pyo3::call::PyCallArgs<'py>>(py: Python<'py>, class: &str, args: A) -> PyErr {
    // Imported each time: the classes live in Python, and an exception is
    // not a hot path.
    let made = py
        .import(MODULE)
        .and_then(|m| m.getattr(class))
        .and_then(|c| c.call1(args));
    match made {
        Ok(instance) => PyErr::from_value(instance),
        Err(e) => e,
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

/// Raises the facade's diagnostics as the class their code names.
pub(crate) fn diagnostics(py: Python<'_>, errors: &Diagnostics) -> PyErr {
    let code = errors.code().unwrap_or(Code::InvalidProfile);
    if code == Code::UnknownRule {
        let message = errors
            .iter()
            .map(|d| match d.help.as_deref() {
                Some(help) if help.starts_with("did you mean") => format!("{}; {help}", d.message),
                _ => d.message.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        return raise(py, class_name(code), (message,));
    }
    match items(py, errors) {
        Ok(items) => raise(py, class_name(code), (items,)),
        Err(e) => e,
    }
}

/// Every diagnostic as `{"path", "message", "input"}`.
fn items<'py>(py: Python<'py>, errors: &Diagnostics) -> PyResult<Bound<'py, PyList>> {
    let items = PyList::empty(py);
    for d in errors {
        let input = match &d.input {
            Some(value) => convert::to_python(py, value)?,
            None => py.None().into_bound(py),
        };
        items.append(item(py, &d.path_text(), &d.message, input)?)?;
    }
    Ok(items)
}

/// Raises `ProfileError` for the bad row at position `row` of a table:
/// `.row` is the position (counted from 0, as pandas and polars count).
pub(crate) fn row_diagnostics(py: Python<'_>, row: usize, errors: &Diagnostics) -> PyErr {
    match items(py, errors) {
        Ok(items) => raise(py, "ProfileError", (items, row)),
        Err(e) => e,
    }
}

/// Raises the class of `code` for a Python object that is not JSON, its
/// path put after `prefix` (`[2]` for the third label of a list, `foods`).
pub(crate) fn not_json(py: Python<'_>, code: Code, e: NotJson, prefix: &str) -> PyErr {
    let path = join_path(prefix, &e.path);
    let built = (|| -> PyResult<Bound<'_, PyList>> {
        let items = PyList::empty(py);
        items.append(item(py, &path, &e.message, e.input.into_bound(py))?)?;
        Ok(items)
    })();
    match built {
        Ok(items) => raise(py, class_name(code), (items,)),
        Err(err) => err,
    }
}

/// `prefix` then `path`: `[2]` and `ingredients[0].unit` give `[2].ingredients[0].unit`.
fn join_path(prefix: &str, path: &str) -> String {
    match (prefix.is_empty(), path.is_empty()) {
        (true, _) => path.to_owned(),
        (false, true) => prefix.to_owned(),
        (false, false) if path.starts_with('[') => format!("{prefix}{path}"),
        (false, false) => format!("{prefix}.{path}"),
    }
}

/// Raises `ContentError` or `RulesError` for an engine that does not load
/// (the message is the facade's, naming the directory), or `RuntimeError`
/// for built-in data that does not (a defect of the build).
pub(crate) fn load_error(py: Python<'_>, error: &LoadError) -> PyErr {
    let message = error.to_string();
    if let Some(errors) = error.rule_errors() {
        let built = (|| -> PyResult<Bound<'_, PyList>> {
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
            Ok(items)
        })();
        return match built {
            Ok(items) => raise(py, "RulesError", (message, items)),
            Err(e) => e,
        };
    }
    match error.directory() {
        Some(crampwise::Directory::Rules) => raise(py, "RulesError", (message, PyList::empty(py))),
        Some(crampwise::Directory::Content) => raise(py, "ContentError", (message,)),
        None => PyRuntimeError::new_err(message),
    }
}

/// Raises `ContentError` with this message.
pub(crate) fn content_error(py: Python<'_>, message: String) -> PyErr {
    raise(py, "ContentError", (message,))
}
