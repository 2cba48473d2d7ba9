//! [`Engine`]: the rules and content, loaded once, and every job a front
//! end asks of them.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crampwise_content::{Content, ContentErrors};
use crampwise_label::LabelReport;
use crampwise_rules::foods::{self, FoodEstimate, FoodList};
use crampwise_rules::json::Node;
use crampwise_rules::{catalog, Evaluation, Plan, Profile, RuleErrors, Ruleset};
use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::label::{LabelChecker, LabelInput};

/// The rules engine: content plus compiled rules. Cheap to clone (the
/// loaded parts are shared) and safe to share between threads.
///
/// ```
/// let engine = crampwise::Engine::shared()?;
/// let plan = engine.recommend_json(r#"{"age": 52, "cramps": {"timing": ["night"]}}"#)?;
/// assert_eq!(plan.triage.level, crampwise::TriageLevel::SelfCare);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Engine {
    inner: Arc<crampwise_rules::Engine>,
}

/// Where an engine's rules and content come from (`None`: built in).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// A directory of rule files.
    pub rules_dir: Option<PathBuf>,
    /// A directory of content files.
    pub content_dir: Option<PathBuf>,
}

/// Why an engine could not be loaded. The message names the directory;
/// front ends add the name of their option (`--rules-dir: ...`).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A rules or content path that is not a directory.
    #[error("`{}` is not a directory", path.display())]
    NotADirectory {
        /// Which option gave it.
        option: Directory,
        /// The path given.
        path: PathBuf,
    },
    /// A content directory that does not validate.
    #[error("the content in `{}` does not validate:\n{}", dir.display(), indent(&errors.to_string()))]
    Content {
        /// The directory.
        dir: PathBuf,
        /// Every problem.
        errors: ContentErrors,
    },
    /// A rules directory that does not validate.
    #[error("the rules in `{}` do not validate:\n{}", dir.display(), indent(&errors.to_string()))]
    Rules {
        /// The directory.
        dir: PathBuf,
        /// Every problem.
        errors: RuleErrors,
    },
    /// The built-in rules do not fit a content directory.
    #[error("the content in `{}` does not fit the rules: the built-in rules do not validate:\n{}", dir.display(), indent(&errors.to_string()))]
    ContentMisfit {
        /// The content directory.
        dir: PathBuf,
        /// What the rules found missing.
        errors: RuleErrors,
    },
    /// The built-in rules or content do not load: a defect of this build.
    #[error("{0}")]
    BuiltIn(String),
}

/// Which directory a [`LoadError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Directory {
    /// The rules directory.
    Rules,
    /// The content directory.
    Content,
}

impl LoadError {
    /// Which directory the problem is in (`None`: the built-in data).
    pub fn directory(&self) -> Option<Directory> {
        match self {
            LoadError::NotADirectory { option, .. } => Some(*option),
            LoadError::Content { .. } | LoadError::ContentMisfit { .. } => Some(Directory::Content),
            LoadError::Rules { .. } => Some(Directory::Rules),
            LoadError::BuiltIn(_) => None,
        }
    }

    /// The rule problems, when the error is about rules.
    pub fn rule_errors(&self) -> Option<&RuleErrors> {
        match self {
            LoadError::Rules { errors, .. } | LoadError::ContentMisfit { errors, .. } => {
                Some(errors)
            }
            _ => None,
        }
    }

    /// The content problems, when the error is about content.
    pub fn content_errors(&self) -> Option<&ContentErrors> {
        match self {
            LoadError::Content { errors, .. } => Some(errors),
            _ => None,
        }
    }
}

/// Indents every line of `text` by two spaces.
pub fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn directory(option: Directory, path: &Path) -> Result<(), LoadError> {
    if path.is_dir() {
        Ok(())
    } else {
        Err(LoadError::NotADirectory {
            option,
            path: path.to_owned(),
        })
    }
}

/// The content in a directory, checked (for the built-in content, see
/// [`Engine::content`] of [`Engine::shared`]).
///
/// # Errors
/// [`LoadError::NotADirectory`], or [`LoadError::Content`] with every problem.
pub fn load_content(dir: &Path) -> Result<Content, LoadError> {
    directory(Directory::Content, dir)?;
    Content::from_dir(dir).map_err(|errors| LoadError::Content {
        dir: dir.to_owned(),
        errors,
    })
}

/// A profile in any of the forms front ends have it.
#[derive(Debug, Clone, Copy)]
pub enum ProfileInput<'a> {
    /// JSON text.
    Json(&'a str),
    /// A parsed JSON value.
    Value(&'a Value),
    /// A parsed document with its keys in written order (a Python dict).
    Node(&'a Node),
    /// A typed profile (checked before use).
    Typed(&'a Profile),
}

/// A food list: JSON text or a parsed value.
#[derive(Debug, Clone, Copy)]
pub enum FoodsInput<'a> {
    /// JSON text.
    Json(&'a str),
    /// A parsed JSON value.
    Value(&'a Value),
}

impl Engine {
    /// The built-in rules and content, loaded once per process and shared
    /// by every caller (loading costs tens of milliseconds; this costs a
    /// clone of an `Arc`).
    ///
    /// # Errors
    /// [`LoadError::BuiltIn`] if the built-in data does not load, a defect
    /// of the build that every later call reports too.
    pub fn shared() -> Result<Engine, LoadError> {
        static SHARED: OnceLock<Result<Engine, String>> = OnceLock::new();
        SHARED
            .get_or_init(|| {
                crampwise_rules::Engine::embedded()
                    .map(Engine::from_rules_engine)
                    .map_err(|e| format!("the built-in rules or content do not load: {e}"))
            })
            .clone()
            .map_err(LoadError::BuiltIn)
    }

    /// An engine from rule and content directories (built-in where `None`).
    ///
    /// # Errors
    /// A [`LoadError`] naming the directory and every problem in it.
    pub fn load(sources: &Sources) -> Result<Engine, LoadError> {
        if sources.rules_dir.is_none() && sources.content_dir.is_none() {
            return Engine::shared();
        }
        let content = match &sources.content_dir {
            Some(dir) => load_content(dir)?,
            None => Content::embedded().map_err(|e| {
                LoadError::BuiltIn(format!(
                    "the built-in content does not validate:\n{}",
                    indent(&e.to_string())
                ))
            })?,
        };
        let rules = match (&sources.rules_dir, &sources.content_dir) {
            (Some(dir), _) => {
                directory(Directory::Rules, dir)?;
                Ruleset::from_dir(dir, &content).map_err(|errors| LoadError::Rules {
                    dir: dir.clone(),
                    errors,
                })?
            }
            (None, Some(dir)) => {
                Ruleset::embedded(&content).map_err(|errors| LoadError::ContentMisfit {
                    dir: dir.clone(),
                    errors,
                })?
            }
            (None, None) => Ruleset::embedded(&content).map_err(|e| {
                LoadError::BuiltIn(format!(
                    "the built-in rules do not validate:\n{}",
                    indent(&e.to_string())
                ))
            })?,
        };
        Ok(Engine::from_rules_engine(crampwise_rules::Engine::new(
            content, rules,
        )))
    }

    /// The facade over an engine built with the lower crates.
    pub fn from_rules_engine(engine: crampwise_rules::Engine) -> Engine {
        Engine {
            inner: Arc::new(engine),
        }
    }

    /// The facade over an engine already shared (no copy).
    pub fn from_shared(engine: Arc<crampwise_rules::Engine>) -> Engine {
        Engine { inner: engine }
    }

    /// The engine of `crampwise-rules` underneath, for batch jobs and
    /// anything else the facade does not wrap.
    pub fn rules_engine(&self) -> &crampwise_rules::Engine {
        &self.inner
    }

    /// A shared handle to the engine underneath (for worker threads).
    pub fn shared_rules_engine(&self) -> Arc<crampwise_rules::Engine> {
        Arc::clone(&self.inner)
    }

    /// The loaded content.
    pub fn content(&self) -> &Content {
        self.inner.content()
    }

    /// The loaded rules.
    pub fn ruleset(&self) -> &Ruleset {
        self.inner.ruleset()
    }

    /// The content version: its semver plus a hash of its files.
    pub fn content_version(&self) -> &str {
        self.inner.content().version()
    }

    /// The rules version: their semver plus a hash of the rule files.
    pub fn rules_version(&self) -> &str {
        self.inner.ruleset().version()
    }

    /// Reads and checks a profile: every problem at once, each with its path.
    ///
    /// # Errors
    /// [`Code::InvalidProfile`] diagnostics, in document order.
    pub fn profile(&self, input: ProfileInput<'_>) -> Result<Profile, Diagnostics> {
        let parsed = match input {
            ProfileInput::Json(text) => Profile::from_json(text),
            ProfileInput::Value(value) => Profile::from_value(value),
            ProfileInput::Node(node) => Profile::from_node(node),
            ProfileInput::Typed(profile) => profile.check().map(|()| profile.clone()),
        };
        parsed.map_err(|e| Diagnostics::from_input_errors(Code::InvalidProfile, &e))
    }

    /// Reads and checks the profile on one line of a JSON Lines stream: the
    /// line was `length` bytes long, of which `line` holds the first ones (a
    /// reader need keep no more than [`crate::MAX_PROFILE_BYTES`] + 1).
    ///
    /// # Errors
    /// [`Code::InvalidProfile`] diagnostics; a line that is too long, not
    /// UTF-8 or empty is one diagnostic for the whole line.
    pub fn profile_line(&self, line: &[u8], length: usize) -> Result<Profile, Diagnostics> {
        Profile::from_json_line(line, length)
            .map_err(|e| Diagnostics::from_input_errors(Code::InvalidProfile, &e))
    }

    /// The plan for every line of JSON Lines text, in order: one profile a
    /// line, each line's result on its own (a bad line does not stop the
    /// others). A file of millions of rows is `crampwise-batch`'s job.
    ///
    /// ```
    /// let engine = crampwise::Engine::shared()?;
    /// let plans = engine.recommend_lines("{\"age\": 40}\n{\"age\": -1}\n");
    /// assert!(plans[0].is_ok());
    /// assert_eq!(plans[1].as_ref().unwrap_err().iter().next().unwrap().path_text(), "age");
    /// # Ok::<(), crampwise::LoadError>(())
    /// ```
    pub fn recommend_lines(&self, text: &str) -> Vec<Result<Evaluation<'_>, Diagnostics>> {
        text.lines()
            .map(|line| {
                self.profile_line(line.as_bytes(), line.len())
                    .map(|profile| self.inner.evaluate(&profile))
            })
            .collect()
    }

    /// The plan for every profile of a list of JSON values, in order, each
    /// result on its own.
    pub fn recommend_values(&self, profiles: &[Value]) -> Vec<Result<Evaluation<'_>, Diagnostics>> {
        profiles
            .iter()
            .map(|p| self.recommend_input(ProfileInput::Value(p), None))
            .collect()
    }

    /// The plan for a typed profile, after checking it (an invalid typed
    /// profile never reaches the rules).
    ///
    /// # Errors
    /// [`Code::InvalidProfile`] diagnostics for out-of-range values or a
    /// supplement of the wrong shape.
    pub fn recommend(&self, profile: &Profile) -> Result<Evaluation<'_>, Diagnostics> {
        profile
            .check()
            .map_err(|e| Diagnostics::from_input_errors(Code::InvalidProfile, &e))?;
        Ok(self.inner.evaluate(profile))
    }

    /// The plan for a profile given as JSON text.
    ///
    /// # Errors
    /// Every problem of the profile, in document order.
    pub fn recommend_json(&self, profile_json: &str) -> Result<Evaluation<'_>, Diagnostics> {
        self.recommend_input(ProfileInput::Json(profile_json), None)
    }

    /// The plan for a profile in any form, with its magnesium from food set
    /// from a food list when one is given (a profile that already gives
    /// `diet_magnesium_mg` is an error then).
    ///
    /// # Errors
    /// Every problem of the profile ([`Code::InvalidProfile`]) or of the
    /// food list ([`Code::InvalidFoods`]).
    pub fn recommend_input(
        &self,
        profile: ProfileInput<'_>,
        foods: Option<FoodsInput<'_>>,
    ) -> Result<Evaluation<'_>, Diagnostics> {
        let mut profile = self.profile(profile)?;
        if let Some(foods) = foods {
            self.apply_foods(&mut profile, foods)?;
        }
        Ok(self.inner.evaluate(&profile))
    }

    /// Sets the profile's `diet_magnesium_mg` from a food list; age, sex,
    /// pregnancy, lactation and diet the food list leaves out are the
    /// profile's.
    ///
    /// # Errors
    /// [`Code::InvalidFoods`] diagnostics for a bad food list, one that
    /// disagrees with the profile, or a profile that already gives
    /// `diet_magnesium_mg`.
    pub fn apply_foods(
        &self,
        profile: &mut Profile,
        foods: FoodsInput<'_>,
    ) -> Result<f64, Diagnostics> {
        let invalid = |e: crampwise_rules::InputErrors| {
            Diagnostics::from_input_errors(Code::InvalidFoods, &e)
        };
        let value = match foods {
            FoodsInput::Json(text) => parse_foods(text)?,
            FoodsInput::Value(value) => value.clone(),
        };
        let input = FoodList::for_profile(&value, profile, self.content()).map_err(invalid)?;
        foods::set_diet_magnesium(profile, &input, self.content()).map_err(invalid)
    }

    /// Magnesium from food against the recommended intake.
    ///
    /// # Errors
    /// [`Code::InvalidFoods`] diagnostics, unknown food ids included.
    pub fn estimate_foods(&self, foods: FoodsInput<'_>) -> Result<FoodEstimate, Diagnostics> {
        let parsed = match foods {
            FoodsInput::Json(text) => FoodList::from_json_with(text, self.content()),
            FoodsInput::Value(value) => FoodList::from_value(value, self.content()),
        };
        parsed
            .map(|input| foods::estimate(&input, self.content()))
            .map_err(|e| Diagnostics::from_input_errors(Code::InvalidFoods, &e))
    }

    /// A checker of labels for the person `profile` describes (their plan
    /// evaluated once), or for nobody in particular.
    pub fn label_checker<'e>(&'e self, profile: Option<&'e Profile>) -> LabelChecker<'e> {
        LabelChecker {
            content: self.content(),
            person: profile.map(|p| (p, self.inner.evaluate(p).into_plan())),
        }
    }

    /// The report for one supplement label, for the person `profile`
    /// describes when given (the report then says whether the product fits
    /// their plan).
    ///
    /// # Errors
    /// [`Code::InvalidLabel`] for a label that cannot be read.
    pub fn check_label(
        &self,
        label: LabelInput<'_>,
        profile: Option<&Profile>,
    ) -> Result<LabelReport, Diagnostics> {
        self.label_checker(profile).check(label)
    }

    /// The reports for many labels and one person (evaluated once). Every
    /// label that cannot be read is one diagnostic, its path starting with
    /// the label's index (`[2].ingredients[0].unit`).
    ///
    /// # Errors
    /// [`Code::InvalidLabel`] diagnostics, one for each bad label.
    pub fn check_labels(
        &self,
        labels: &[LabelInput<'_>],
        profile: Option<&Profile>,
    ) -> Result<Vec<LabelReport>, Diagnostics> {
        let checker = self.label_checker(profile);
        let mut reports = Vec::with_capacity(labels.len());
        let mut bad = Vec::new();
        for (i, label) in labels.iter().enumerate() {
            match checker.check(*label) {
                Ok(report) => reports.push(report),
                Err(errors) => bad.extend(errors.0.into_iter().map(|mut d| {
                    d.path.insert(0, crate::Segment::Index(i));
                    d
                })),
            }
        }
        if bad.is_empty() {
            Ok(reports)
        } else {
            Err(Diagnostics(bad))
        }
    }

    /// One rule explained for a reviewer: its condition, effects and the
    /// claims behind it, with their sources.
    ///
    /// # Errors
    /// [`Code::UnknownRule`], with the closest rule id as help.
    pub fn explain_rule(&self, rule_id: &str) -> Result<String, Diagnostic> {
        let rules = self.ruleset();
        match rules.rule(rule_id) {
            Some(rule) => Ok(catalog::explain(rule, self.content())),
            None => {
                let quoted = crampwise_content::read::quoted(rule_id);
                let near = crampwise_suggest::closest(
                    rule_id,
                    rules.rules().iter().map(|r| r.id.as_str()),
                );
                let diagnostic =
                    Diagnostic::new(Code::UnknownRule, "", format!("unknown rule {quoted}"));
                Err(match near {
                    Some(near) => diagnostic.with_help(format!("did you mean `{near}`?")),
                    None => {
                        diagnostic.with_help("`crampwise rules list` lists the rules".to_owned())
                    }
                })
            }
        }
    }

    /// One rule as JSON text: the object [`Engine::rules_json`] lists for
    /// it, with its `explanation` as [`Engine::explain_rule`] writes it.
    ///
    /// # Errors
    /// [`Code::UnknownRule`], with the closest rule id as help.
    pub fn rule_json(&self, rule_id: &str) -> Result<String, Diagnostic> {
        #[derive(serde::Serialize)]
        struct Explained<'a> {
            #[serde(flatten)]
            rule: catalog::RuleInfo<'a>,
            explanation: String,
        }
        let explanation = self.explain_rule(rule_id)?;
        let rule = self
            .ruleset()
            .rule(rule_id)
            .ok_or_else(|| Diagnostic::new(Code::UnknownRule, "", "unknown rule"))?;
        let explained = Explained {
            rule: catalog::RuleInfo::from(rule),
            explanation,
        };
        serde_json::to_string(&explained)
            .map_err(|e| Diagnostic::new(Code::UnknownRule, "", e.to_string()))
    }

    /// Every rule, in evaluation order, as JSON text (a list of objects).
    pub fn rules_json(&self) -> String {
        catalog::rules_json(self.ruleset())
    }

    /// Every hard rule of the contract, as the safety kernel enforces it,
    /// that `plan` breaks for `profile`; empty when it keeps them all.
    pub fn plan_violations(&self, profile: &Profile, plan: &Plan) -> Vec<String> {
        crampwise_rules::plan_violations(profile, plan, self.content())
    }

    /// [`Engine::plan_violations`] for a plan given as JSON text.
    ///
    /// # Errors
    /// [`Code::InvalidPlan`] when the text is not a crampwise plan.
    pub fn plan_violations_json(
        &self,
        profile: &Profile,
        plan_json: &str,
    ) -> Result<Vec<String>, Diagnostic> {
        let plan: Plan = serde_json::from_str(plan_json).map_err(|e| {
            Diagnostic::new(
                Code::InvalidPlan,
                "",
                format!("the plan is not a crampwise plan: {e}"),
            )
        })?;
        Ok(self.plan_violations(profile, &plan))
    }
}

fn parse_foods(text: &str) -> Result<Value, Diagnostics> {
    crampwise_rules::json::parse_document(text)
        .map_err(|e| Diagnostic::new(Code::InvalidFoods, "", e.to_string()).into())
}
