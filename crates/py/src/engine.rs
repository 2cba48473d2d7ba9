//! `Engine` and `Plan`: the facade's engine and its result, for Python.
//!
//! Only conversion happens here: arguments in (see [`crate::label`]), plans
//! out as the engine's own JSON and renderings, errors through
//! [`crate::errors`]. Loading and evaluating release the GIL.

use std::path::PathBuf;
use std::sync::OnceLock;

use crampwise::render::{self, Detail, TextOptions};
use crampwise::{Code, Diagnostic, Diagnostics, Engine, Plan, Sources};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::convert;
use crate::errors;
use crate::label::{PyFoods, PyLabel, PyProfile};

/// An engine's rule and content directories (`None`: built in), as pickled.
type Directories = (Option<PathBuf>, Option<PathBuf>);

/// The crampwise rules engine: content plus compiled rules.
///
/// `Engine()` uses the built-in rules and content (loaded once per process);
/// `rules_dir` loads the rules from a directory of rule files instead, and
/// `content_dir` the content from a directory of content files, as the
/// command line's `--rules-dir` and `--content-dir` (`path` and
/// `content_path` are their old names). Raises `RulesError` (or
/// `ContentError`) when they do not validate. An engine is immutable, safe to
/// share between threads, and pickles as its directories (each process loads
/// them again).
#[pyclass(frozen, module = "crampwise", name = "Engine")]
pub struct PyEngine {
    engine: Engine,
    rules_dir: Option<PathBuf>,
    content_dir: Option<PathBuf>,
}

/// One directory given under its new name or its old one, not both.
fn either(
    new: Option<PathBuf>,
    old: Option<PathBuf>,
    names: (&str, &str),
) -> PyResult<Option<PathBuf>> {
    match (new, old) {
        (Some(_), Some(_)) => Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "Engine: give `{}` or its old name `{}`, not both",
            names.0, names.1
        ))),
        (new, old) => Ok(new.or(old)),
    }
}

/// A directory made absolute, so a pickled engine loads the same files
/// from another working directory.
fn absolute(dir: Option<PathBuf>) -> Option<PathBuf> {
    dir.map(|d| std::path::absolute(&d).unwrap_or(d))
}

/// Text options for a width given from Python (`None`: the default width).
fn text_options(width: Option<usize>) -> TextOptions {
    TextOptions {
        width: width.unwrap_or(render::DEFAULT_WIDTH),
        ..TextOptions::default()
    }
}

fn write_json(value: &crampwise::FoodEstimate) -> PyResult<String> {
    serde_json::to_string(value)
        .map_err(|e| PyRuntimeError::new_err(format!("could not write JSON: {e}")))
}

/// The labels of a `check_labels` argument: a list (not a `str` or a dict).
fn label_list(py: Python<'_>, labels: &Bound<'_, PyAny>) -> PyResult<Vec<PyLabel>> {
    if labels.is_instance_of::<PyString>() || labels.is_instance_of::<PyDict>() {
        return Err(errors::diagnostics(
            py,
            &Diagnostic::new(
                Code::InvalidLabel,
                "",
                "expected a list of labels; use `check_label` for one label",
            )
            .into(),
        ));
    }
    let mut out = Vec::new();
    for (i, item) in labels.try_iter()?.enumerate() {
        out.push(PyLabel::from_py(py, &item?, &format!("[{i}]"))?);
    }
    Ok(out)
}

impl PyEngine {
    /// The engine the module-level functions use: the built-in one.
    pub fn shared(py: Python<'_>) -> PyResult<Engine> {
        py.detach(Engine::shared)
            .map_err(|e| errors::load_error(py, &e))
    }

    /// The reports of `labels` for the person `profile` describes, with
    /// the GIL released; each error's path starts with its label's index.
    fn reports(
        &self,
        py: Python<'_>,
        labels: &[PyLabel],
        profile: Option<&PyProfile>,
    ) -> PyResult<Vec<crampwise::LabelReport>> {
        let engine = &self.engine;
        py.detach(|| -> Result<_, Diagnostics> {
            let profile = profile.map(|p| engine.profile(p.input())).transpose()?;
            let inputs: Vec<_> = labels.iter().map(PyLabel::input).collect();
            engine.check_labels(&inputs, profile.as_ref())
        })
        .map_err(|d| errors::diagnostics(py, &d))
    }

    /// The report of one label (a `str` or a dict) for the person `profile`
    /// describes, with the GIL released.
    fn report(
        &self,
        py: Python<'_>,
        label: &Bound<'_, PyAny>,
        profile: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crampwise::LabelReport> {
        let label = PyLabel::from_py(py, label, "")?;
        let profile = profile.map(|p| PyProfile::from_py(py, p)).transpose()?;
        let engine = &self.engine;
        py.detach(|| {
            let profile = profile.map(|p| engine.profile(p.input())).transpose()?;
            engine.check_label(label.input(), profile.as_ref())
        })
        .map_err(|d| errors::diagnostics(py, &d))
    }

    /// The food estimate, with the GIL released.
    fn estimate(
        &self,
        py: Python<'_>,
        foods: &Bound<'_, PyAny>,
    ) -> PyResult<crampwise::FoodEstimate> {
        let foods = PyFoods::from_py(py, foods, "")?;
        let engine = &self.engine;
        py.detach(|| engine.estimate_foods(foods.input()))
            .map_err(|d| errors::diagnostics(py, &d))
    }
}

#[pymethods]
impl PyEngine {
    #[new]
    #[pyo3(signature = (path=None, content_path=None, *, rules_dir=None, content_dir=None))]
    fn new(
        py: Python<'_>,
        path: Option<PathBuf>,
        content_path: Option<PathBuf>,
        rules_dir: Option<PathBuf>,
        content_dir: Option<PathBuf>,
    ) -> PyResult<Self> {
        let sources = Sources {
            rules_dir: absolute(either(rules_dir, path, ("rules_dir", "path"))?),
            content_dir: absolute(either(
                content_dir,
                content_path,
                ("content_dir", "content_path"),
            )?),
        };
        py.detach(|| Engine::load(&sources))
            .map(|engine| PyEngine {
                engine,
                rules_dir: sources.rules_dir.clone(),
                content_dir: sources.content_dir.clone(),
            })
            .map_err(|e| errors::load_error(py, &e))
    }

    /// The rules directory this engine was loaded from; `None` for the built-in rules.
    #[getter]
    fn rules_dir(&self) -> Option<PathBuf> {
        self.rules_dir.clone()
    }

    /// The content directory this engine was loaded from; `None` for the built-in content.
    #[getter]
    fn content_dir(&self) -> Option<PathBuf> {
        self.content_dir.clone()
    }

    /// Pickles as its directories: `Engine(rules_dir, content_dir)` loads them again.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, Directories)> {
        let this = slf.get();
        Ok((
            slf.get_type().into_any(),
            (this.rules_dir.clone(), this.content_dir.clone()),
        ))
    }

    /// The plan for a profile: a dict (as `json.loads` gives) or JSON text.
    ///
    /// `foods` (a list of `{"id", "servings", "per"}` dicts, or a food list
    /// dict as for `estimate_foods_json`) sets the profile's
    /// `diet_magnesium_mg` from the foods; age, sex, pregnancy, lactation and
    /// diet the food list leaves out are the profile's.
    ///
    /// Raises `ProfileError` (a `ValueError`) listing every problem with its
    /// path, `FoodsError` (a `ProfileError`) for the food list.
    #[pyo3(signature = (profile, foods=None))]
    fn recommend(
        &self,
        py: Python<'_>,
        profile: &Bound<'_, PyAny>,
        foods: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyPlan> {
        let profile = PyProfile::from_py(py, profile)?;
        let foods = foods
            .map(|f| PyFoods::from_py(py, f, "foods"))
            .transpose()?;
        let engine = &self.engine;
        py.detach(|| {
            engine
                .recommend_input(profile.input(), foods.as_ref().map(PyFoods::input))
                .map(crampwise::Evaluation::into_plan)
        })
        .map(PyPlan::new)
        .map_err(|d| errors::diagnostics(py, &d))
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
        Ok(self.report(py, label, profile)?.to_json())
    }

    /// The label report for one label as text for a terminal of `width`
    /// characters (as `crampwise label check` prints it, without colour).
    /// Arguments and errors as for `check_label_json`.
    #[pyo3(signature = (label, profile=None, width=None))]
    fn check_label_text(
        &self,
        py: Python<'_>,
        label: &Bound<'_, PyAny>,
        profile: Option<&Bound<'_, PyAny>>,
        width: Option<usize>,
    ) -> PyResult<String> {
        Ok(render::label_text(
            &self.report(py, label, profile)?,
            text_options(width),
        ))
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
        let labels = label_list(py, labels)?;
        let profile = profile.map(|p| PyProfile::from_py(py, p)).transpose()?;
        let reports = self.reports(py, &labels, profile.as_ref())?;
        Ok(reports
            .iter()
            .map(crampwise::LabelReport::to_json)
            .collect())
    }

    /// Magnesium a day from food against the RDA, with foods that would close
    /// the gap, as JSON text (what `crampwise foods estimate --format json`
    /// prints). `foods` is the food list as a dict or JSON text:
    /// `{"age", "sex", "pregnancy", "lactating", "diet", "foods": [{"id", "servings", "per"}]}`.
    ///
    /// Raises `FoodsError` (a `ProfileError`) naming every problem, unknown food ids included.
    fn estimate_foods_json(&self, py: Python<'_>, foods: &Bound<'_, PyAny>) -> PyResult<String> {
        write_json(&self.estimate(py, foods)?)
    }

    /// The food estimate as text for a terminal of `width` characters (as
    /// `crampwise foods estimate` prints it, without colour).
    #[pyo3(signature = (foods, width=None))]
    fn estimate_foods_text(
        &self,
        py: Python<'_>,
        foods: &Bound<'_, PyAny>,
        width: Option<usize>,
    ) -> PyResult<String> {
        let estimate = self.estimate(py, foods)?;
        Ok(render::foods_text(&estimate, text_options(width)))
    }

    /// The plan for a profile given as JSON text, as the contract's JSON text
    /// (byte for byte what `crampwise recommend --format json` prints).
    fn recommend_json(
        &self,
        py: Python<'_>,
        profile_json: &Bound<'_, PyString>,
    ) -> PyResult<String> {
        let profile_json = convert::text(profile_json.as_any())
            .map_err(|e| errors::not_json(py, Code::InvalidProfile, e, ""))?;
        let engine = &self.engine;
        py.detach(|| {
            engine
                .recommend_json(&profile_json)
                .map(|plan| plan.to_json())
        })
        .map_err(|d| errors::diagnostics(py, &d))
    }

    /// Every row of an Arrow table (anything with `__arrow_c_stream__`, or a
    /// record batch), columns named by the profile's dotted paths (struct
    /// columns read as their fields' paths, pandas index columns left out).
    /// Returns an Arrow table (`lazy=False`: every row evaluated now, a bad
    /// row raises `ProfileError` with its `.row`) or a lazy record batch
    /// reader (`lazy=True`), both exporting `__arrow_c_stream__`, with
    /// `triage_level`, `supplement_status`, `daily_max_mg`, `schedule_total_mg`,
    /// `forms`, `rules`, plus `plan_json` when `full`, `error` when
    /// `errors="collect"`, then the `keep` columns. Unknown columns raise
    /// `ValueError` at once. `positions=False` leaves the row positions out of
    /// the errors (for a part of a table whose index says which row it is).
    #[pyo3(signature = (table, full=false, errors="raise", *, keep=Vec::new(), lazy=true, positions=true))]
    #[allow(clippy::too_many_arguments, reason = "the Python signature's keywords")]
    fn recommend_batch(
        &self,
        py: Python<'_>,
        table: pyo3_arrow::input::AnyRecordBatch,
        full: bool,
        errors: &str,
        keep: Vec<String>,
        lazy: bool,
        positions: bool,
    ) -> PyResult<crate::batch::Plans> {
        let request = crate::batch::Request {
            full,
            errors,
            keep,
            lazy,
            positions,
        };
        crate::batch::recommend_batch(py, self.engine.shared_rules_engine(), table, request)
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
        let profile = PyProfile::from_py(py, profile)?;
        let plan_json = convert::text(plan_json.as_any())
            .map_err(|e| errors::not_json(py, Code::InvalidPlan, e, ""))?;
        let engine = &self.engine;
        py.detach(|| {
            let profile = engine.profile(profile.input())?;
            Ok(engine
                .plan_violations_json(&profile, &plan_json)
                .unwrap_or_else(|d| vec![d.message]))
        })
        .map_err(|d: Diagnostics| errors::diagnostics(py, &d))
    }

    /// Every rule, in evaluation order, as JSON text (a list of objects).
    fn rules_json(&self) -> String {
        self.engine.rules_json()
    }

    /// One rule explained for a reviewer: its condition, effects and the claims behind it.
    ///
    /// Raises `UnknownRuleError` (a `KeyError`) for an unknown id.
    fn explain(&self, py: Python<'_>, rule_id: &str) -> PyResult<String> {
        self.engine
            .explain_rule(rule_id)
            .map_err(|d| errors::diagnostics(py, &d.into()))
    }

    /// The version of the content: its semver plus a hash of its files.
    #[getter]
    fn content_version(&self) -> String {
        self.engine.content_version().to_owned()
    }

    /// The version of the rules: their semver plus a hash of the rule files.
    #[getter]
    fn rules_version(&self) -> String {
        self.engine.rules_version().to_owned()
    }

    fn __repr__(&self) -> String {
        format!(
            "<crampwise.Engine rules {} ({} rules), content {}>",
            self.engine.rules_version(),
            self.engine.ruleset().rules().len(),
            self.engine.content_version()
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

/// `json.loads(text)`.
fn loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}

/// A part of the plan as Python data, written by the plan's own serializer.
fn part<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value)
        .map_err(|e| PyRuntimeError::new_err(format!("could not write JSON: {e}")))?;
    loads(py, &text)
}

/// A plan read back from its JSON (`plan.to_json()`): how plans unpickle.
///
/// Raises `ProfileError` (code `invalid_plan`) for text that is not a crampwise plan.
#[pyfunction]
pub(crate) fn plan_from_json(py: Python<'_>, plan_json: &str) -> PyResult<PyPlan> {
    serde_json::from_str::<Plan>(plan_json)
        .map(PyPlan::new)
        .map_err(|e| {
            errors::diagnostics(
                py,
                &Diagnostic::new(Code::InvalidPlan, "", format!("not a crampwise plan: {e}"))
                    .into(),
            )
        })
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
        loads(py, self.json())
    }

    /// The triage: `{"level", "reasons", "advice"}`, as in `to_dict()["triage"]`.
    #[getter]
    fn triage<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        part(py, &self.plan.triage)
    }

    /// The supplement decision, as in `to_dict()["supplement"]`.
    #[getter]
    fn supplement<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        part(py, &self.plan.supplement)
    }

    /// The doses, as in `to_dict()["supplement"]["schedule"]`.
    #[getter]
    fn schedule<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        part(py, &self.plan.supplement.schedule)
    }

    /// Every rule that fired and why, as in `to_dict()["trace"]`.
    #[getter]
    fn trace<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        part(py, &self.plan.trace)
    }

    /// Plans are equal when their JSON is.
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyPlan>()
            .is_ok_and(|other| other.get().json() == self.json())
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        self.json().hash(&mut hasher);
        hasher.finish()
    }

    /// Pickles as its JSON: `plan_from_json(plan.to_json())`.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = py.import("crampwise._native")?.getattr("plan_from_json")?;
        Ok((from_json, (self.to_json(),)))
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
        render::plan_markdown(&self.plan, Detail::Full)
    }

    /// The plan as an HTML fragment (Jupyter shows it).
    fn _repr_html_(&self) -> String {
        render::plan_html(&self.plan)
    }

    /// The plan as plain text for a terminal, as `crampwise recommend` prints it.
    fn __str__(&self) -> String {
        render::plan_text(&self.plan, TextOptions::default())
    }

    fn __repr__(&self) -> String {
        let d = &self.plan.supplement.daily_elemental_mg;
        format!(
            "<crampwise.Plan triage={} status={} target={} mg>",
            self.triage_level(),
            self.status(),
            render::number(d.target)
        )
    }
}
