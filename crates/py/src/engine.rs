//! `Engine` and `Plan`: the rules engine and its result, for Python.
//!
//! Only conversion happens here: profiles in (a dict walked into a JSON value,
//! or JSON text), plans out as the engine's own JSON and renderings. Loading
//! and evaluating release the GIL.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use crampwise_rules::{catalog, render, Engine, InputErrors, LoadError, Plan};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString};

use crate::convert;
use crate::errors;
use crate::label;

/// The embedded engine, loaded once per process and shared by every `Engine()`.
static EMBEDDED: PyOnceLock<Arc<Engine>> = PyOnceLock::new();

fn embedded(py: Python<'_>) -> PyResult<Arc<Engine>> {
    EMBEDDED
        .get_or_try_init(py, || {
            py.detach(crampwise::Engine::shared)
                .map(|engine| engine.shared_rules_engine())
                .map_err(|e| {
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

impl PyEngine {
    /// The facade over this engine (shares it).
    fn facade(&self) -> crampwise::Engine {
        crampwise::Engine::from_shared(Arc::clone(&self.engine))
    }
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
    /// `foods` (a list of `{"id", "servings", "per"}` dicts, or a food list
    /// dict as for `estimate_foods_json`) sets the profile's
    /// `diet_magnesium_mg` from the foods; age, sex, pregnancy, lactation and
    /// diet the food list leaves out are the profile's.
    ///
    /// Raises `ProfileError` (a `ValueError`) listing every problem with its path.
    #[pyo3(signature = (profile, foods=None))]
    fn recommend(
        &self,
        py: Python<'_>,
        profile: &Bound<'_, PyAny>,
        foods: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyPlan> {
        let engine = Arc::clone(&self.engine);
        let profile = label::ProfileInput::from_py(py, profile)?;
        let foods = foods.map(|f| label::foods_value(py, f)).transpose()?;
        let result: Result<Plan, InputErrors> = py.detach(move || {
            let mut profile = profile.parse()?;
            if let Some(foods) = &foods {
                label::apply_foods(&mut profile, foods, &engine)?;
            }
            Ok(engine.evaluate(&profile))
        });
        match result {
            Ok(plan) => Ok(PyPlan::new(plan)),
            Err(e) => Err(errors::profile_errors(py, &e)),
        }
    }

    /// The label report for one label, as JSON text (byte for byte what
    /// `crampwise label check --format json` prints). `label` is Supplement
    /// Facts text (JSON text when it starts with `{`), a dict in crampwise's
    /// JSON label shape, or an NIH DSLD record dict; with `profile` (a dict
    /// or JSON text) the report says whether the product fits that person's plan.
    ///
    /// Raises `LabelError` (a `ValueError`) for a label that cannot be read,
    /// `ProfileError` for a profile that does not validate.
    #[pyo3(signature = (label, profile=None))]
    fn check_label_json(
        &self,
        py: Python<'_>,
        label: &Bound<'_, PyAny>,
        profile: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let label = label::LabelInput::from_py(py, label, "")?;
        let profile = profile
            .map(|p| label::ProfileInput::from_py(py, p))
            .transpose()?;
        let reports =
            label::check_labels(py, Arc::clone(&self.engine), vec![label], profile, false)?;
        Ok(reports.into_iter().next().unwrap_or_default())
    }

    /// The label report JSON of every label in a list, for one person: the
    /// profile is evaluated once. Every bad label is named in one `LabelError`,
    /// its path starting with the label's index (`[2].ingredients[0].unit`).
    #[pyo3(signature = (labels, profile=None))]
    fn check_labels_json(
        &self,
        py: Python<'_>,
        labels: &Bound<'_, PyAny>,
        profile: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<String>> {
        if labels.is_instance_of::<PyString>() || labels.is_instance_of::<PyDict>() {
            return Err(errors::label_errors(
                py,
                &[(
                    String::new(),
                    "expected a list of labels; use `check_label` for one label".to_owned(),
                )],
            ));
        }
        let mut inputs = Vec::new();
        for (i, item) in labels.try_iter()?.enumerate() {
            inputs.push(label::LabelInput::from_py(py, &item?, &format!("[{i}]"))?);
        }
        let profile = profile
            .map(|p| label::ProfileInput::from_py(py, p))
            .transpose()?;
        label::check_labels(py, Arc::clone(&self.engine), inputs, profile, true)
    }

    /// Magnesium a day from food against the RDA, with foods that would close
    /// the gap, as JSON text (what `crampwise foods estimate --format json`
    /// prints). `foods` is the food list as a dict or JSON text:
    /// `{"age", "sex", "pregnancy", "lactating", "diet", "foods": [{"id", "servings", "per"}]}`.
    ///
    /// Raises `ProfileError` naming every problem, unknown food ids included.
    fn estimate_foods_json(&self, py: Python<'_>, foods: &Bound<'_, PyAny>) -> PyResult<String> {
        label::estimate_foods(py, Arc::clone(&self.engine), foods)
    }

    /// The plan for a profile given as JSON text, as the contract's JSON text
    /// (byte for byte what `crampwise recommend --format json` prints).
    fn recommend_json(
        &self,
        py: Python<'_>,
        profile_json: &Bound<'_, PyString>,
    ) -> PyResult<String> {
        let profile_json =
            convert::text(profile_json.as_any()).map_err(|e| errors::not_json(py, e))?;
        let engine = Arc::clone(&self.engine);
        py.detach(move || engine.evaluate_json(&profile_json))
            .map_err(|e| errors::profile_errors(py, &e))
    }

    /// Every row of an Arrow table (anything with `__arrow_c_stream__`, or a
    /// record batch), columns named by the profile's dotted paths. Returns a
    /// lazy record batch reader (it exports `__arrow_c_stream__`) with
    /// `triage_level`, `supplement_status`, `daily_max_mg`, `schedule_total_mg`,
    /// `forms`, `rules`, plus `plan_json` when `full` and `error` when
    /// `errors="collect"`. Unknown columns raise `ValueError` at once.
    #[pyo3(signature = (table, full=false, errors="raise"))]
    fn recommend_batch(
        &self,
        table: pyo3_arrow::input::AnyRecordBatch,
        full: bool,
        errors: &str,
    ) -> PyResult<pyo3_arrow::PyRecordBatchReader> {
        crate::batch::recommend_batch(Arc::clone(&self.engine), table, full, errors)
    }

    /// Every hard rule of the contract, as the safety kernel enforces it,
    /// that the plan (JSON text) breaks for the profile (a dict or JSON
    /// text); empty when it keeps them all. A plan that is not a crampwise
    /// plan is one violation that says why.
    ///
    /// Raises `ProfileError` for a profile that does not validate.
    fn plan_violations(
        &self,
        py: Python<'_>,
        profile: &Bound<'_, PyAny>,
        plan_json: &Bound<'_, PyString>,
    ) -> PyResult<Vec<String>> {
        let profile = label::ProfileInput::from_py(py, profile)?;
        let plan_json = convert::text(plan_json.as_any()).map_err(|e| errors::not_json(py, e))?;
        let engine = self.facade();
        py.detach(move || {
            let profile = profile.parse()?;
            Ok(engine
                .plan_violations_json(&profile, &plan_json)
                .unwrap_or_else(|d| vec![d.message]))
        })
        .map_err(|e: InputErrors| errors::profile_errors(py, &e))
    }

    /// Every rule, in evaluation order, as JSON text (a list of objects).
    fn rules_json(&self) -> String {
        catalog::rules_json(self.engine.ruleset())
    }

    /// One rule explained for a reviewer: its condition, effects and the claims behind it.
    ///
    /// Raises `UnknownRuleError` (a `KeyError`) for an unknown id.
    fn explain(&self, py: Python<'_>, rule_id: &str) -> PyResult<String> {
        self.facade().explain_rule(rule_id).map_err(|d| {
            let message = match d.help.as_deref() {
                Some(help) if help.starts_with("did you mean") => format!("{}; {help}", d.message),
                _ => d.message,
            };
            errors::unknown_rule(py, message)
        })
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
