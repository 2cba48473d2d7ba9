//! Supplement labels and food lists for Python.
//!
//! Only conversion happens here: labels in (text, or a dict walked into a
//! JSON value), reports out as the label checker's own JSON
//! (`LabelReport::to_json`, what `crampwise label check --format json`
//! prints); food lists in, the estimate's JSON out. Profiles are evaluated,
//! labels checked and foods estimated with the GIL released.

use std::sync::Arc;

use crampwise_label::{LabelError, LabelReport, Person};
use crampwise_rules::diet::{self, DietInput};
use crampwise_rules::strict_json::Node;
use crampwise_rules::{Engine, Profile, ProfileErrors};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use serde_json::Value;

use crate::convert;
use crate::errors;

/// A profile as Python gave it: JSON text, or a dict walked into a value.
pub enum ProfileInput {
    /// JSON text.
    Text(String),
    /// A dict, keys in its order.
    Node(Node),
}

impl ProfileInput {
    /// Reads a profile argument (a `str` or a dict); a dict that is not JSON raises `ProfileError`.
    pub fn from_py(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<ProfileInput> {
        if obj.is_instance_of::<PyString>() {
            convert::text(obj)
                .map(ProfileInput::Text)
                .map_err(|e| errors::not_json(py, e))
        } else {
            convert::to_profile_node(obj)
                .map(ProfileInput::Node)
                .map_err(|e| errors::not_json(py, e))
        }
    }

    /// Parses and checks the profile (no GIL needed).
    pub fn parse(&self) -> Result<Profile, ProfileErrors> {
        match self {
            ProfileInput::Text(text) => Profile::from_json(text),
            ProfileInput::Node(node) => Profile::from_node(node),
        }
    }
}

/// A food list argument (a list of food dicts or the full input dict) as a
/// value; what is not JSON raises `ProfileError` with a path under `foods`.
pub fn foods_value(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    convert::to_value(obj).map_err(|mut e| {
        e.path = errors::join_path("foods", &e.path);
        errors::not_json(py, e)
    })
}

/// Sets the profile's `diet_magnesium_mg` from a food list (see
/// `DietInput::for_profile`); an error when the profile already has it.
pub fn feed(profile: &mut Profile, foods: &Value, engine: &Engine) -> Result<(), ProfileErrors> {
    let input = DietInput::for_profile(foods, profile, engine.content())?;
    diet::feed_profile(profile, &input, engine.content())?;
    Ok(())
}

/// A label as Python gave it.
pub enum LabelInput {
    /// Supplement Facts text, or JSON text when it starts with `{`.
    Text(String),
    /// A dict in crampwise's JSON label shape or a DSLD record.
    Value(Value),
}

impl LabelInput {
    /// Reads a label argument; anything else raises `LabelError`, its path after `prefix`.
    pub fn from_py(py: Python<'_>, obj: &Bound<'_, PyAny>, prefix: &str) -> PyResult<LabelInput> {
        if obj.is_instance_of::<PyString>() {
            return convert::text(obj)
                .map(LabelInput::Text)
                .map_err(|e| errors::label_not_json(py, e, prefix));
        }
        if obj.is_instance_of::<PyDict>() {
            return convert::to_value(obj)
                .map(LabelInput::Value)
                .map_err(|e| errors::label_not_json(py, e, prefix));
        }
        let type_name = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "object".to_owned());
        Err(errors::label_errors(
            py,
            &[(
                prefix.to_owned(),
                format!(
                    "expected label text (a str) or a label dict, got a value of type `{type_name}`"
                ),
            )],
        ))
    }

    fn check(
        &self,
        engine: &Engine,
        person: Option<Person<'_>>,
    ) -> Result<LabelReport, LabelError> {
        match self {
            LabelInput::Text(text) => crampwise_label::check_any(text, engine.content(), person),
            LabelInput::Value(value) => {
                crampwise_label::check_value(value, engine.content(), person)
            }
        }
    }
}

/// Why checking labels failed.
enum Failure {
    Profile(ProfileErrors),
    Labels(Vec<(String, String)>),
}

/// The report JSON of every label, for the person `profile` describes (one
/// evaluation). Every bad label is listed in one `LabelError`; with `indexed`
/// each path starts with the label's index (`[2].ingredients[0].unit`).
pub fn check_labels(
    py: Python<'_>,
    engine: Arc<Engine>,
    labels: Vec<LabelInput>,
    profile: Option<ProfileInput>,
    indexed: bool,
) -> PyResult<Vec<String>> {
    let result = py.detach(move || -> Result<Vec<String>, Failure> {
        let profile = match &profile {
            Some(p) => Some(p.parse().map_err(Failure::Profile)?),
            None => None,
        };
        let plan = profile.as_ref().map(|p| engine.evaluate(p));
        let person = profile.as_ref().zip(plan.as_ref());
        let mut reports = Vec::with_capacity(labels.len());
        let mut bad = Vec::new();
        for (i, label) in labels.iter().enumerate() {
            match label.check(&engine, person) {
                Ok(report) => reports.push(report.to_json()),
                Err(e) => {
                    let (path, message) = e.parts();
                    let path = if indexed {
                        errors::join_path(&format!("[{i}]"), &path)
                    } else {
                        path
                    };
                    bad.push((path, message));
                }
            }
        }
        if bad.is_empty() {
            Ok(reports)
        } else {
            Err(Failure::Labels(bad))
        }
    });
    result.map_err(|failure| match failure {
        Failure::Profile(e) => errors::profile_errors(py, &e),
        Failure::Labels(bad) => errors::label_errors(py, &bad),
    })
}

/// The food estimate's JSON for a food list: JSON text or a dict.
pub fn estimate_foods(
    py: Python<'_>,
    engine: Arc<Engine>,
    foods: &Bound<'_, PyAny>,
) -> PyResult<String> {
    enum FoodsInput {
        Text(String),
        Value(Value),
    }
    let input = if foods.is_instance_of::<PyString>() {
        FoodsInput::Text(convert::text(foods).map_err(|e| errors::not_json(py, e))?)
    } else {
        FoodsInput::Value(convert::to_value(foods).map_err(|e| errors::not_json(py, e))?)
    };
    let result = py.detach(move || {
        let parsed = match &input {
            FoodsInput::Text(text) => DietInput::from_json_with(text, engine.content()),
            FoodsInput::Value(value) => DietInput::from_value(value, engine.content()),
        };
        parsed.map(|foods| serde_json::to_string(&diet::estimate(&foods, engine.content())))
    });
    match result {
        Ok(Ok(json)) => Ok(json),
        Ok(Err(e)) => Err(PyRuntimeError::new_err(format!(
            "could not write JSON: {e}"
        ))),
        Err(e) => Err(errors::profile_errors(py, &e)),
    }
}
