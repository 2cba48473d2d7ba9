//! Supplement labels and food lists for Python.
//!
//! Only conversion happens here: labels in (text, or a dict walked into a
//! JSON value), reports out as the label checker's own JSON
//! (`LabelReport::to_json`, what `crampwise label check --format json`
//! prints); food lists in, the estimate's JSON out. Profiles are evaluated,
//! labels checked and foods estimated with the GIL released.

use std::sync::Arc;

use crampwise_label::LabelReport;
use crampwise_rules::foods::{self, FoodList};
use crampwise_rules::json::Node;
use crampwise_rules::{Engine, InputErrors, Profile};
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
    pub fn parse(&self) -> Result<Profile, InputErrors> {
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
/// `FoodList::for_profile`); an error when the profile already has it.
pub fn apply_foods(
    profile: &mut Profile,
    foods: &Value,
    engine: &Engine,
) -> Result<(), InputErrors> {
    let input = FoodList::for_profile(foods, profile, engine.content())?;
    foods::set_diet_magnesium(profile, &input, engine.content())?;
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

    fn as_facade(&self) -> crampwise::LabelInput<'_> {
        match self {
            LabelInput::Text(text) => crampwise::LabelInput::Any(text),
            LabelInput::Value(value) => crampwise::LabelInput::Value(value),
        }
    }
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
    let result = py.detach(move || -> Result<Vec<String>, crampwise::Diagnostics> {
        let engine = crampwise::Engine::from_shared(engine);
        let profile = match &profile {
            Some(p) => Some(p.parse().map_err(|e| {
                crampwise::Diagnostics::from_input_errors(crampwise::Code::InvalidProfile, &e)
            })?),
            None => None,
        };
        let inputs: Vec<crampwise::LabelInput<'_>> =
            labels.iter().map(LabelInput::as_facade).collect();
        let reports = if indexed {
            engine.check_labels(&inputs, profile.as_ref())?
        } else {
            let mut reports = Vec::with_capacity(inputs.len());
            for input in inputs {
                reports.push(engine.check_label(input, profile.as_ref())?);
            }
            reports
        };
        Ok(reports.iter().map(LabelReport::to_json).collect())
    });
    result.map_err(|d| match d.code() {
        Some(crampwise::Code::InvalidProfile) => {
            let errors = InputErrors(
                d.iter()
                    .map(|d| crampwise_rules::InputError {
                        path: d.path_text(),
                        message: d.message.clone(),
                        input: d.input.clone(),
                    })
                    .collect(),
            );
            errors::profile_errors(py, &errors)
        }
        _ => {
            let bad: Vec<(String, String)> = d
                .iter()
                .map(|d| (d.path_text(), d.message.clone()))
                .collect();
            errors::label_errors(py, &bad)
        }
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
            FoodsInput::Text(text) => FoodList::from_json_with(text, engine.content()),
            FoodsInput::Value(value) => FoodList::from_value(value, engine.content()),
        };
        parsed.map(|foods| serde_json::to_string(&foods::estimate(&foods, engine.content())))
    });
    match result {
        Ok(Ok(json)) => Ok(json),
        Ok(Err(e)) => Err(PyRuntimeError::new_err(format!(
            "could not write JSON: {e}"
        ))),
        Err(e) => Err(errors::profile_errors(py, &e)),
    }
}
