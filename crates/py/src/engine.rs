//! `Engine` and `Plan`: the rules engine and its result, for Python.
//!
//! Only conversion happens here: profiles in (a dict walked into a JSON value,
//! or JSON text), plans out as the engine's own JSON and renderings. Loading
//! and evaluating release the GIL.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use crampwise_rules::{catalog, render, Engine, LoadError, Plan, Profile, ProfileErrors};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyString;

use crate::convert;
use crate::errors;

/// The embedded engine, loaded once per process and shared by every `Engine()`.
static EMBEDDED: PyOnceLock<Arc<Engine>> = PyOnceLock::new();

fn embedded(py: Python<'_>) -> PyResult<Arc<Engine>> {
    EMBEDDED
        .get_or_try_init(py, || {
            py.detach(Engine::embedded).map(Arc::new).map_err(|e| {
                PyRuntimeError::new_err(format!("the built-in engine does not load: {e}"))
            })
        })
        .cloned()
}

fn load_error(
    py: Python<'_>,
    error: &LoadError,
    rules_dir: Option<&PathBuf>,
    content_dir: Option<&PathBuf>,
) -> PyErr {
    match error {
        LoadError::Content(e) => crate::content_load_error(
            &match content_dir {
                Some(dir) => format!("the content in `{}`", dir.display()),
                None => "the built-in content".to_owned(),
            },
            e,
        ),
        LoadError::Rules(e) => {
            let what = match (rules_dir, content_dir) {
                (Some(dir), _) => format!("the rules in `{}`", dir.display()),
                (None, Some(dir)) => format!(
                    "with the content in `{}`, the built-in rules",
                    dir.display()
                ),
                (None, None) => "the built-in rules".to_owned(),
            };
            errors::rule_errors(py, &what, e)
        }
    }
}

/// The crampwise rules engine: content plus compiled rules.
///
/// `Engine()` uses the built-in rules and content (loaded once per process);
/// `path` loads the rules from a directory of rule files instead, and
/// `content_path` the content from a directory of content files. Raises
/// `RulesError` (or `ContentError`) when they do not validate. An engine is
/// immutable and safe to share between threads.
#[pyclass(frozen, module = "crampwise", name = "Engine")]
pub struct PyEngine {
    engine: Arc<Engine>,
}

#[pymethods]
impl PyEngine {
    #[new]
    #[pyo3(signature = (path=None, content_path=None))]
    fn new(py: Python<'_>, path: Option<PathBuf>, content_path: Option<PathBuf>) -> PyResult<Self> {
        if path.is_none() && content_path.is_none() {
            return Ok(PyEngine {
                engine: embedded(py)?,
            });
        }
        let loaded = py.detach(|| Engine::from_dirs(content_path.as_deref(), path.as_deref()));
        match loaded {
            Ok(engine) => Ok(PyEngine {
                engine: Arc::new(engine),
            }),
            Err(e) => Err(load_error(py, &e, path.as_ref(), content_path.as_ref())),
        }
    }

    /// The plan for a profile: a dict (as `json.loads` gives) or JSON text.
    ///
    /// Raises `ProfileError` (a `ValueError`) listing every problem with its path.
    fn recommend(&self, py: Python<'_>, profile: &Bound<'_, PyAny>) -> PyResult<PyPlan> {
        let engine = Arc::clone(&self.engine);
        let result: Result<Plan, ProfileErrors> = if profile.is_instance_of::<PyString>() {
            let text: String = profile.extract()?;
            py.detach(move || Profile::from_json(&text).map(|p| engine.evaluate(&p)))
        } else {
            let value = convert::to_value(profile).map_err(|e| errors::not_json(py, e))?;
            py.detach(move || Profile::from_value(&value).map(|p| engine.evaluate(&p)))
        };
        match result {
            Ok(plan) => Ok(PyPlan::new(plan)),
            Err(e) => Err(errors::profile_errors(py, &e)),
        }
    }

    /// The plan for a profile given as JSON text, as the contract's JSON text
    /// (byte for byte what `crampwise recommend --format json` prints).
    fn recommend_json(&self, py: Python<'_>, profile_json: String) -> PyResult<String> {
        let engine = Arc::clone(&self.engine);
        py.detach(move || engine.evaluate_json(&profile_json))
            .map_err(|e| errors::profile_errors(py, &e))
    }

    /// Every rule, in evaluation order, as JSON text (a list of objects).
    fn rules_json(&self) -> String {
        catalog::rules_json(self.engine.ruleset())
    }

    /// One rule explained for a reviewer: its condition, effects and the claims behind it.
    ///
    /// Raises `UnknownRuleError` (a `KeyError`) for an unknown id.
    fn explain(&self, py: Python<'_>, rule_id: &str) -> PyResult<String> {
        let rules = self.engine.ruleset();
        match rules.rule(rule_id) {
            Some(rule) => Ok(catalog::explain(rule, self.engine.content())),
            None => {
                let ids: Vec<&str> = rules.rules().iter().map(|r| r.id.as_str()).collect();
                let near: Option<String> = py
                    .import("difflib")
                    .and_then(|m| m.call_method1("get_close_matches", (rule_id, ids, 1)))
                    .and_then(|m| m.extract::<Vec<String>>())
                    .ok()
                    .and_then(|m| m.into_iter().next());
                let message = match near {
                    Some(near) => format!("unknown rule `{rule_id}`; did you mean `{near}`?"),
                    None => format!("unknown rule `{rule_id}`"),
                };
                Err(errors::unknown_rule(py, message))
            }
        }
    }

    /// The version of the content: its semver plus a hash of its files.
    #[getter]
    fn content_version(&self) -> String {
        self.engine.content().version().to_owned()
    }

    /// The version of the rules: their semver plus a hash of the rule files.
    #[getter]
    fn rules_version(&self) -> String {
        self.engine.ruleset().version().to_owned()
    }

    fn __repr__(&self) -> String {
        format!(
            "<crampwise.Engine rules {} ({} rules), content {}>",
            self.engine.ruleset().version(),
            self.engine.ruleset().rules().len(),
            self.engine.content().version()
        )
    }
}

/// A plan: triage, whether and how to take magnesium, companions, lifestyle,
/// foods, cautions, evidence and the trace of every rule that fired.
///
/// `to_json()` is the contract's JSON, `to_dict()` the same as Python data;
/// in a notebook the plan shows itself as Markdown or HTML.
#[pyclass(frozen, module = "crampwise", name = "Plan")]
pub struct PyPlan {
    plan: Plan,
    json: OnceLock<String>,
}

impl PyPlan {
    fn new(plan: Plan) -> Self {
        PyPlan {
            plan,
            json: OnceLock::new(),
        }
    }

    fn json(&self) -> &str {
        self.json.get_or_init(|| self.plan.to_json())
    }
}

#[pymethods]
impl PyPlan {
    /// The plan as the contract's compact JSON text.
    fn to_json(&self) -> String {
        self.json().to_owned()
    }

    /// The plan as Python data: `json.loads(plan.to_json())`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("json")?.call_method1("loads", (self.json(),))
    }

    /// The triage level: `self_care`, `clinician`, `urgent` or `emergency`.
    #[getter]
    fn triage_level(&self) -> &'static str {
        self.plan.triage.level.as_str()
    }

    /// The supplement status: `suggested`, `clinician_first` or `not_advised`.
    #[getter]
    fn status(&self) -> &'static str {
        self.plan.supplement.status.as_str()
    }

    /// The plan as Markdown (Jupyter shows it).
    fn _repr_markdown_(&self) -> String {
        render::markdown(&self.plan)
    }

    /// The plan as an HTML fragment (Jupyter shows it).
    fn _repr_html_(&self) -> String {
        render::html(&self.plan)
    }

    /// The plan as plain text for a terminal, as `crampwise recommend` prints it.
    fn __str__(&self) -> String {
        render::text(&self.plan, render::Style::default())
    }

    fn __repr__(&self) -> String {
        let d = &self.plan.supplement.daily_elemental_mg;
        format!(
            "<crampwise.Plan triage={} status={} target={} mg>",
            self.triage_level(),
            self.status(),
            mg(d.target)
        )
    }
}

fn mg(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}
