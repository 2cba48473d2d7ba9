//! Python binding of crampwise: the module `crampwise._native`.
//!
//! This crate only converts data and maps errors; every decision is made in
//! the Rust crates it calls. Content items and plans cross the boundary as
//! JSON text written by the same `serde_json` code as the command line's
//! `--format json`, so Python sees exactly the data the command line prints.
//! The Python package (`python/crampwise`) decodes it and gives it a typed,
//! documented API.
//!
//! - `engine`: the `Engine` and `Plan` classes;
//! - `convert`: Python data to JSON values (profiles given as dicts) and back;
//! - `label`: Python arguments (profiles, food lists, labels) as the facade's inputs;
//! - `errors`: the facade's diagnostics and load errors as Python exceptions
//!   (`ProfileError`, `FoodsError`, `LabelError`, `RulesError`, ...).

/// Plans are many small strings: mimalloc builds them about twice as fast
/// as the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod batch;
mod convert;
mod engine;
mod errors;
mod label;

use std::path::PathBuf;

use crampwise::Content;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

/// Runs `f` with the built-in content, or with the content loaded from `content_dir`.
fn with_content<T>(
    py: Python<'_>,
    content_dir: Option<PathBuf>,
    f: impl FnOnce(&Content) -> PyResult<T>,
) -> PyResult<T> {
    match content_dir {
        None => f(engine::PyEngine::shared(py)?.content()),
        Some(dir) => {
            let loaded = py.detach(|| crampwise::load_content(&dir));
            f(&loaded.map_err(|e| errors::load_error(py, &e))?)
        }
    }
}

fn to_json(value: &serde_json::Value) -> PyResult<String> {
    serde_json::to_string(value)
        .map_err(|e| PyRuntimeError::new_err(format!("could not write JSON: {e}")))
}

/// The version of the content: its semver plus a hash of its files.
#[pyfunction]
#[pyo3(signature = (*, content_dir=None))]
fn content_version(py: Python<'_>, content_dir: Option<PathBuf>) -> PyResult<String> {
    with_content(py, content_dir, |c| Ok(c.version().to_owned()))
}

/// The names of the content collections, in the order the content defines them.
#[pyfunction]
fn collections() -> Vec<&'static str> {
    Content::COLLECTIONS.to_vec()
}

/// A collection as compact JSON text: a list of items (`intakes`: an object of lists).
///
/// Raises `ContentError` for an unknown collection name.
#[pyfunction]
#[pyo3(signature = (name, *, content_dir=None))]
fn collection_json(py: Python<'_>, name: &str, content_dir: Option<PathBuf>) -> PyResult<String> {
    if !Content::COLLECTIONS.contains(&name) {
        return Err(unknown_collection(py, name));
    }
    with_content(py, content_dir, |c| match c.collection_json(name) {
        Some(value) => to_json(&value),
        None => Err(unknown_collection(py, name)),
    })
}

fn unknown_collection(py: Python<'_>, name: &str) -> PyErr {
    let expected: Vec<String> = Content::COLLECTIONS
        .iter()
        .map(|c| format!("`{c}`"))
        .collect();
    errors::content_error(
        py,
        format!(
            "unknown collection `{name}`; expected one of {}",
            expected.join(", ")
        ),
    )
}

/// The item with this id in any collection, as `(collection, item JSON)`, or `None`.
#[pyfunction]
#[pyo3(signature = (id, *, content_dir=None))]
fn find_json(
    py: Python<'_>,
    id: &str,
    content_dir: Option<PathBuf>,
) -> PyResult<Option<(&'static str, String)>> {
    with_content(py, content_dir, |c| match c.find_json(id) {
        Some((collection, item)) => Ok(Some((collection, to_json(&item)?))),
        None => Ok(None),
    })
}

/// The JSON Schema of the intake profile (`kind="profile"`) or of the plan
/// (`kind="plan"`), as indented JSON text.
///
/// Raises `ValueError` for another kind.
#[pyfunction]
fn schema_json(kind: &str) -> PyResult<String> {
    match kind {
        "profile" => Ok(crampwise::schema::profile_schema()),
        "plan" => Ok(crampwise::schema::plan_schema()),
        _ => Err(PyValueError::new_err(format!(
            "unknown schema `{kind}`; expected `profile` or `plan`"
        ))),
    }
}

/// The field table as JSON text: a list of `{"path", "kind", "values",
/// "minimum", "maximum", "source", "condition", "required"}`.
#[pyfunction]
fn fields_json() -> PyResult<String> {
    serde_json::to_string(&crampwise::fields())
        .map_err(|e| PyRuntimeError::new_err(format!("could not write JSON: {e}")))
}

/// The native module `crampwise._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(content_version, m)?)?;
    m.add_function(wrap_pyfunction!(collections, m)?)?;
    m.add_function(wrap_pyfunction!(collection_json, m)?)?;
    m.add_function(wrap_pyfunction!(find_json, m)?)?;
    m.add_function(wrap_pyfunction!(schema_json, m)?)?;
    m.add_function(wrap_pyfunction!(fields_json, m)?)?;
    m.add_class::<engine::PyEngine>()?;
    m.add_class::<engine::PyPlan>()?;
    m.add_function(wrap_pyfunction!(engine::plan_from_json, m)?)?;
    Ok(())
}
