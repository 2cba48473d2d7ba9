//! # crampwise
//!
//! Evidence-aware guidance for muscle cramps, tightness and magnesium: from
//! a person's intake answers to an explained, safe plan (whether to see a
//! clinician first, which magnesium form, when and how much, never above the
//! upper limit), supplement label checks and magnesium from food.
//!
//! This crate is the entry layer every front end goes through (the command
//! line, the Python module, the HTTP service): one [`Engine`] with a shared
//! built-in instance, one [`Diagnostic`] type for every input error, and the
//! renderers in [`render`]. The lower crates (`crampwise-content`,
//! `crampwise-rules`, `crampwise-label`) stay usable on their own, and
//! `crampwise-batch` evaluates Arrow tables with this engine
//! ([`Engine::rules_engine`]); it is not a dependency here, so a program
//! that needs no Arrow builds none.
//!
//! ```
//! use crampwise::prelude::*;
//!
//! let engine = Engine::shared()?;
//! // From JSON, as the contract writes it ...
//! let plan = engine.recommend_json(r#"{"age": 52, "cramps": {"timing": ["night"]}}"#)?;
//! assert_eq!(plan.triage.level, TriageLevel::SelfCare);
//! // ... or built in Rust, checked the same way.
//! let profile = ProfileBuilder::new(52.0).conditions([Condition::KidneyDisease]).build()?;
//! let plan = engine.recommend(&profile)?;
//! assert_eq!(plan.supplement.status, Status::NotAdvised);
//! assert!(plan.to_string().contains("versions: content"));
//!
//! // Every problem of a bad profile at once, each with its path.
//! let errors = engine.recommend_json(r#"{"age": 400, "sex": "x"}"#).unwrap_err();
//! let paths: Vec<String> = errors.iter().map(|d| d.path_text()).collect();
//! assert_eq!(paths, ["age", "sex"]);
//! assert_eq!(errors.code(), Some(Code::InvalidProfile));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Every plan says it is guidance, not a diagnosis, and carries the content
//! and rules versions; its JSON ([`Plan::to_json`]) is byte for byte what the
//! command line and the Python module give for the same profile.

mod builder;
pub mod diagnostic;
mod engine;
pub mod jsonl;
mod label;
mod lint;
pub mod render;

pub use builder::ProfileBuilder;
pub use diagnostic::{Code, Diagnostic, Diagnostics, Segment};
pub use engine::{
    indent, load_content, Directory, Engine, FoodsInput, LoadError, ProfileInput, Sources,
};
pub use label::{LabelChecker, LabelInput};
pub use lint::{lint_rules, LintError, Linted};

pub use crampwise_content::{Content, Jurisdiction, ParseNameError, Sex, TriageLevel};
pub use crampwise_label::{CheckStatus, LabelReport, Verdict};
pub use crampwise_rules::catalog::fields;
pub use crampwise_rules::foods::FoodEstimate;
pub use crampwise_rules::{json, schema};
pub use crampwise_rules::{Evaluation, Plan, Profile, Status, MAX_PROFILE_BYTES};
pub use crampwise_suggest as suggest;

/// The profile's field table as an intake form asks it: every input field
/// with its question, hint, group and the words for its values.
pub mod intake {
    pub use crampwise_rules::fields::{input, inputs, FieldKind, Group, InputField, VALUE_WORDS};
}

/// The profile's parts and vocabularies (`Symptom`, `Condition`, ...).
pub mod profile {
    pub use crampwise_rules::profile::*;
}

/// The plan's parts (`Triage`, `SupplementPlan`, `Dose`, ...).
pub mod plan {
    pub use crampwise_rules::plan::*;
}

/// The names most programs need: `use crampwise::prelude::*;`.
pub mod prelude {
    pub use crate::profile::{
        Avoid, Condition, Cramps, Diet, FormId, Format, Lifestyle, Medication, Nutrient,
        Preferences, Pregnancy, Site, Symptom, Timing,
    };
    pub use crate::{
        Code, Diagnostic, Diagnostics, Engine, FoodsInput, Jurisdiction, LabelInput, Plan, Profile,
        ProfileBuilder, ProfileInput, Sex, Sources, Status, TriageLevel,
    };
}
