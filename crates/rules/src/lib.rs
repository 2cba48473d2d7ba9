//! The crampwise rules engine: from an intake profile to an explained, safe plan.
//!
//! What it is for: reading a person's intake answers ([`Profile`]), checking
//! them strictly, and evaluating the reviewable rules (TOML files compiled at
//! load) against them to build a [`Plan`]: triage first, then whether and how
//! to take magnesium, companions, lifestyle, foods, cautions, expectations,
//! the graded evidence and a trace of every rule that fired.
//!
//! What it is not: a diagnosis, and not an I/O layer. It reads rule files
//! only when asked to load a directory; it has no Python in it.
//!
//! ```
//! use crampwise_rules::{Engine, Profile};
//!
//! let engine = Engine::embedded()?;
//! let profile = Profile::from_json(r#"{"age": 45, "cramps": {"per_week": 3, "timing": ["night"]},
//!     "conditions": [], "medications": [], "symptoms": []}"#)?;
//! let plan = engine.evaluate(&profile);
//! assert!(plan.schedule_total_mg() <= plan.supplement.daily_elemental_mg.max);
//! assert_eq!(plan.versions.contract, "1");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Unknown answers
//! Conditions are three-valued: a field the profile leaves out is *unknown*,
//! and anything that reads it is unknown too (`not`, `and`, `or` follow
//! Kleene's logic). A rule fires only when its condition is true. Triage and
//! safety rules left undecided by an unknown field are listed in the plan's
//! `undecided`, and `unknown(field)` rules state what was assumed.

pub mod catalog;
mod decide;
mod engine;
mod evaluation;
mod facts;
pub mod fields;
pub mod foods;
mod invariants;
mod kernel;
mod messages;
mod names;
mod number;
mod picks;
pub mod plan;
mod plan_json;
mod plan_text;
pub mod profile;
mod profile_parse;
pub mod render;
pub mod ruleset;
pub mod schema;
mod strict_json;
mod summary;
mod text;

/// JSON as every crampwise input is read: repeated keys are errors, keys
/// keep their written order ([`Node`](json::Node)), and one wording for
/// text that is not JSON ([`JsonError`](json::JsonError)).
pub mod json {
    pub use crate::messages::{humanize, strip_position};
    pub use crate::strict_json::{
        parse, parse_document, parse_node, parse_node_with_big_numbers, JsonError, Node, NodeError,
    };
}

pub use crampwise_expr::BLOCK_ROWS;
pub use decide::{FiredIter, FiredSet, PlanDecisions, StatusReason};
pub use engine::{Engine, LoadError, Summary};
pub use evaluation::Evaluation;
pub use facts::Facts;
pub use invariants::violations as plan_violations;
pub use kernel::{Corrections, KERNEL_RULE};
pub use number::{whole as whole_number, Number};
pub use plan::{Plan, Status};
pub use profile::Profile;
pub use profile_parse::{InputError, InputErrors, MAX_PROFILE_BYTES};
pub use ruleset::{Category, Rule, RuleError, RuleErrors, Ruleset};

// The engine is shared across threads by services and batch jobs.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Engine>();
};
